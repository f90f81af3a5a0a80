//! Rules for words and addresses that several stages share: the slug of a heading or title,
//! Latin letters without accents, a file name in words, and whether a URL's scheme is safe.
//! Kept here so that reading settings does not depend on rendering Markdown.

/// The URL schemes a link or image may use; relative URLs are always allowed.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The scheme of a URL as a browser reads it (the WHATWG URL standard): leading and trailing
/// C0 controls and spaces dropped, tabs and newlines removed anywhere (`java\tscript:`), then
/// a letter followed by letters, digits, `+`, `-` or `.` up to a colon, in lower case. `None`
/// for relative URLs.
pub fn url_scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    // Most links have no colon (`../roles/lead.md`) or no tab or newline: neither needs a
    // cleaned copy, which every link of every page made.
    if !trimmed.contains(':') {
        return None;
    }
    let cleaned: std::borrow::Cow<str> = if trimmed.contains(['\t', '\n', '\r']) {
        trimmed
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .into()
    } else {
        trimmed.into()
    };
    scheme_before_colon(&cleaned)
}

/// The scheme of a URL with no tabs or newlines: up to its first colon, when that is a
/// letter followed by letters, digits, `+`, `-` or `.`; in lower case.
fn scheme_before_colon(cleaned: &str) -> Option<String> {
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

pub fn is_safe_url(url: &str) -> bool {
    url_scheme(url).is_none_or(|scheme| SAFE_SCHEMES.contains(&scheme.as_str()))
}

/// Lower-case words joined by `-`; letters of any script are kept, so that a heading in
/// Greek or Japanese gets a readable id too.
pub fn slugify(text: &str) -> String {
    // ASCII is its own normal form, and its letters need no tables: file and folder names
    // (every page's address) mostly are.
    if text.is_ascii() {
        return slugify_ascii(text);
    }
    slugify_any(text)
}

/// `slugify` for ASCII text, byte by byte.
fn slugify_ascii(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(char::from(b.to_ascii_lowercase()));
        } else if matches!(b, b'_' | b'-' | b'.' | b'/') || char::from(b).is_whitespace() {
            dash = true;
        }
    }
    slug
}

/// `slugify` for text in any script.
fn slugify_any(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    // One form for letters with accents (NFC): a name typed on a Mac and on Windows gives
    // one slug.
    for c in text.nfc() {
        // Combining marks are part of their letter: Devanagari's virama, Thai vowel signs.
        // Left out, `नमस्ते` became `नमसते`, another word.
        if unicode_normalization::char::is_combining_mark(c) && !slug.is_empty() && !dash {
            slug.push(c);
        } else if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else if c == '_' || c == '-' || c.is_whitespace() || c == '.' || c == '/' {
            dash = true;
        }
    }
    slug
}

/// A number before the name (`01-start.md`, `2_setup.md`, `10. faq.md`): the file's place.
pub fn number_prefix(file: &str) -> Option<i64> {
    let digits: String = file.chars().take_while(char::is_ascii_digit).collect();
    let rest = &file[digits.len()..];
    if digits.is_empty() || !rest.starts_with(['-', '_', '.', ' ']) || rest.starts_with(".md") {
        return None;
    }
    digits.parse().ok()
}

/// A file or folder name in words: `getting-started.md` -> `Getting started`, with a number
/// prefix left out.
pub fn humanise(name: &str) -> String {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let stem = match number_prefix(name) {
        Some(_) => stem
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['-', '_', '.', ' ']),
        None => stem,
    };
    let words = stem.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Latin letters without their accents, and the few that are letters of their own written
/// the way they are spelt out (`ß` -> `ss`, `æ` -> `ae`, `ø` -> `o`). Other scripts are left
/// as they are: only combining marks U+0300-U+036F go, not the marks of kana or Devanagari.
pub fn latin_ascii(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        match c {
            '\u{0300}'..='\u{036f}' => {}
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            'þ' => out.push_str("th"),
            'Þ' => out.push_str("TH"),
            'ı' => out.push('i'),
            other => out.push(other),
        }
    }
    // Back to composed form for what was not Latin (Hangul, kana with their marks).
    out.nfc().collect()
}

/// The id GitHub gives a heading, so that an anchor written against GitHub's viewer (or
/// Jekyll's kramdown with GitHub's rules) works here: the text in lower case, with every
/// character dropped that is not a letter, a combining mark, a decimal digit, a connector
/// such as `_`, a hyphen or a space, then each space made a hyphen. Hyphens are not
/// collapsed: `A & B` is `a--b`, as on GitHub. Repeats get `-1`, `-2` where the ids of a
/// page are assigned (`model::markdown`). docs/authoring.md has examples in five scripts.
pub fn github_id(text: &str) -> String {
    // In ASCII the categories kept are letters, digits and `_` (connector punctuation).
    if text.is_ascii() {
        // Sized once: collected from a filter, the id grew a step at a time.
        let mut id = String::with_capacity(text.len());
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') {
                id.push(char::from(b.to_ascii_lowercase()));
            } else if b == b' ' {
                id.push('-');
            }
        }
        return id;
    }
    github_id_any(text)
}

/// `github_id` for text in any script.
fn github_id_any(text: &str) -> String {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    let kept = |c: char| {
        c == '-'
            || c == ' '
            || c.is_alphabetic()
            || matches!(
                get_general_category(c),
                G::NonspacingMark
                    | G::SpacingMark
                    | G::EnclosingMark
                    | G::DecimalNumber
                    | G::LetterNumber
                    | G::ConnectorPunctuation
            )
    };
    text.to_lowercase()
        .chars()
        .filter(|c| kept(*c))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// `target` (a path below the content folder) as a relative link from the folder `from`:
/// `relative_path("roles", "ground-rules.md")` is `../ground-rules.md`. Suggested links and
/// imported ones are written this way.
pub fn relative_path(from: &str, target: &str) -> String {
    let mut from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let mut to: Vec<&str> = target.split('/').collect();
    while !from.is_empty() && to.len() > 1 && from[0] == to[0] {
        from.remove(0);
        to.remove(0);
    }
    format!("{}{}", "../".repeat(from.len()), to.join("/"))
}

/// A file of the site as a setting names it (`logo: logo.svg`, `photo: ./static/people/a.jpg`):
/// its path in the output, without `./` or `static/`; `None` for a web address, an absolute
/// path or one that climbs out with `..`, which would not be this site's file.
pub fn own_file(text: &str) -> Option<&str> {
    let path = text
        .trim()
        .trim_start_matches("./")
        .trim_start_matches("static/");
    let outside = url_scheme(path).is_some()
        || path.starts_with('/')
        || path.split(['/', '\\']).any(|part| part == "..");
    (!outside).then_some(path)
}

/// Up to two letters: the first of the first two words ("Open Data Stewards" → "OD"); one
/// character for a title in a script without spaces between words ("开放数据" → "开").
pub fn initials(title: &str) -> String {
    let words: Vec<&str> = title
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().next().is_some_and(char::is_alphanumeric))
        .collect();
    let first = |w: &str| w.chars().next().into_iter().flat_map(char::to_uppercase);
    match words.as_slice() {
        [] => "H".to_string(),
        [one] => first(one).collect(),
        [one, two, ..] => first(one).chain(first(two)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `url_scheme` as it was, with a cleaned copy of every URL, that the quick one is held
    /// to.
    fn url_scheme_reference(url: &str) -> Option<String> {
        let trimmed = url.trim_matches(|c: char| c <= ' ');
        let cleaned: String = trimmed
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        scheme_before_colon(&cleaned)
    }

    proptest::proptest! {
        /// ASCII text takes the quick paths of `slugify` and `github_id`; they give what the
        /// paths for any script give, control characters, tabs and punctuation included.
        #[test]
        fn ascii_slugs_and_ids_agree_with_the_general_ones(text in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(slugify(&text), slugify_any(&text));
            proptest::prop_assert_eq!(github_id(&text), github_id_any(&text));
        }

        /// Schemes read without a cleaned copy are the schemes read with one.
        #[test]
        fn url_schemes_agree_with_the_reference(
            url in "[ \\t\\n\\r\\x00-\\x1fa-zA-Z0-9:+./#-]{0,24}(é)?"
        ) {
            proptest::prop_assert_eq!(url_scheme(&url), url_scheme_reference(&url));
        }
    }

    #[test]
    fn quick_paths_keep_the_edge_cases() {
        // A vertical tab is whitespace to `char`, not to `u8::is_ascii_whitespace`.
        assert_eq!(slugify("a\u{0B}b"), "a-b");
        assert_eq!(slugify("--Getting_Started.md"), "getting-started-md");
        assert_eq!(github_id("A & B_c-d 2"), "a--b_c-d-2");
        assert_eq!(
            url_scheme(" java\tscript:alert(1)"),
            Some("javascript".into())
        );
        assert_eq!(url_scheme("../roles/lead.md"), None);
        assert_eq!(url_scheme("HTTPS://x"), Some("https".into()));
    }

    #[test]
    fn an_own_file_is_a_path_in_the_site() {
        assert_eq!(own_file(" ./static/people/a.jpg "), Some("people/a.jpg"));
        assert_eq!(own_file("logo.svg"), Some("logo.svg"));
        for outside in [
            "https://x.org/l.png",
            "/etc/passwd",
            "../a.png",
            "a/..\\..\\b.png",
        ] {
            assert_eq!(own_file(outside), None, "{outside}");
        }
    }

    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        assert_eq!(initials("Open Data Stewards"), "OD");
        assert_eq!(initials("handbook"), "H");
        assert_eq!(initials("  über-gruppe "), "ÜG");
        assert_eq!(initials("开放数据管理员"), "开");
        assert_eq!(initials("أمناء البيانات"), "أا");
        assert_eq!(initials("2026 Meetup"), "2M");
        assert_eq!(initials("—"), "H");
    }

    #[test]
    fn numbers_order_and_names_become_words() {
        assert_eq!(number_prefix("01-start.md"), Some(1));
        assert_eq!(number_prefix("10. faq.md"), Some(10));
        assert_eq!(number_prefix("2024.md"), None);
        assert_eq!(number_prefix("start.md"), None);
        assert_eq!(humanise("01-getting_started.md"), "Getting started");
        assert_eq!(humanise("faq.md"), "Faq");
        assert_eq!(humanise("café-notes"), "Café notes");
    }

    /// Inputs and ids from GitHub's own rendering, as github-slugger's fixtures record them
    /// (they are generated by rendering each heading on GitHub), and the five scripts of
    /// docs/authoring.md.
    #[test]
    fn heading_ids_are_the_ones_github_gives() {
        for (heading, id) in [
            ("heading with a - dash", "heading-with-a---dash"),
            (
                "heading with an _ underscore",
                "heading-with-an-_-underscore",
            ),
            ("heading with a period.txt", "heading-with-a-periodtxt"),
            (
                "exchange.bind_headers(exchange, routing [, bindCallback])",
                "exchangebind_headersexchange-routing--bindcallback",
            ),
            (
                "apostrophe’s should be trimmed",
                "apostrophes-should-be-trimmed",
            ),
            ("I ♥ unicode", "i--unicode"),
            ("en–dash", "endash"),
            ("😄 - an emoji", "---an-emoji"),
            (":ok_hand: Single", "ok_hand-single"),
            ("Привет non-latin 你好", "привет-non-latin-你好"),
            ("Профили пользователей", "профили-пользователей"),
            ("a$ ¢ £b", "a--b"),
            ("a\u{2028}b", "ab"),
            // The five scripts of docs/authoring.md.
            ("Café & Crème brûlée", "café--crème-brûlée"),
            ("Правила группы", "правила-группы"),
            ("القواعد الأساسية", "القواعد-الأساسية"),
            ("مجانی / رایگان", "مجانی--رایگان"),
            ("नमस्ते दुनिया", "नमस्ते-दुनिया"),
            ("参加方法（はじめに）", "参加方法はじめに"),
            ("2. Getting started!", "2-getting-started"),
        ] {
            assert_eq!(github_id(heading), id, "{heading}");
        }
    }
}
