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
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
