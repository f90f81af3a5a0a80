//! Partials whose output is the same on every page (a footer, a search box, the phone's
//! buttons) are rendered once per build and put back as plain text, so that pages do not
//! pay Tera's interpreter for them again and again (on short pages they were a fifth of it).
//!
//! A partial is constant when a conservative reading of its text finds that it reads only
//! `site`, `theme` and names it binds itself, calls only `t`, and includes only constant
//! partials. Anything the reading does not understand keeps the partial as it was, so a
//! mistake here can only cost speed, never change a page.

use std::collections::{BTreeMap, BTreeSet};

/// Tags a constant partial may use; any other (`extends`, `block`, `macro`, `filter`...)
/// keeps it as it is.
const TAGS: &[&str] = &[
    "if", "elif", "else", "endif", "for", "endfor", "set", "include",
];

/// Words of Tera's expressions that are neither values nor names.
const KEYWORDS: &[&str] = &[
    "and", "or", "not", "in", "is", "true", "false", "True", "False", "none", "if", "else",
];

/// Renders each of the theme's constant partials once with the site's global context (set
/// before this) and replaces it with its output. `texts` are the theme's (`texts`), read
/// once for this and `nav_partials`.
pub fn render_once(tera: &mut tera::Tera, texts: &[(&str, &str)]) -> Vec<String> {
    replace_constant(tera, texts.iter().copied())
}

/// The theme's templates as (name, text); one that is not UTF-8 (refused when parsed) is
/// left out.
pub(super) fn texts(theme: &crate::theme::Theme) -> Vec<(&str, &str)> {
    (theme.templates.iter())
        .filter_map(|(name, file)| Some((name.as_str(), std::str::from_utf8(&file.bytes).ok()?)))
        .collect()
}

/// `render_once` for templates given as (name, text).
fn replace_constant<'t>(
    tera: &mut tera::Tera,
    templates: impl Iterator<Item = (&'t str, &'t str)>,
) -> Vec<String> {
    let texts: BTreeMap<&str, &str> = templates
        .filter(|(name, _)| name.starts_with("partials/"))
        .collect();
    // A partial is constant when it reads only site-wide values and every partial it
    // includes is constant: decided in rounds until nothing changes.
    let reads: BTreeMap<&str, Option<Vec<String>>> = texts
        .iter()
        .map(|(&name, &text)| (name, site_wide(text)))
        .collect();
    let mut constant: BTreeSet<&str> = BTreeSet::new();
    loop {
        let before = constant.len();
        for (&name, includes) in &reads {
            if let Some(includes) = includes
                && includes.iter().all(|i| constant.contains(i.as_str()))
            {
                constant.insert(name);
            }
        }
        if constant.len() == before {
            break;
        }
    }
    // Rendered first, then put back in one batch: Tera checks every template again each
    // time templates are added, which for ten partials cost more than the pages saved at a
    // thousand pages. A partial's output is the same whether what it includes is already
    // text or not.
    let mut literals = Vec::new();
    for name in constant {
        // One that cannot render alone keeps its text: each page then reports its error.
        let Ok(output) = tera.render(name, &tera::Context::new()) else {
            continue;
        };
        if !output.contains("endraw") {
            literals.push((name, format!("{{% raw %}}{output}{{% endraw %}}")));
        }
    }
    if tera
        .add_raw_templates(literals.iter().map(|(n, t)| (*n, t)))
        .is_err()
    {
        return Vec::new();
    }
    literals
        .into_iter()
        .map(|(name, _)| name.to_string())
        .collect()
}

/// `{{ t(key="next") }}` in an HTML template, with the key in `words`, becomes the word
/// itself, escaped as Tera would escape it: the same page for a fifth of the function calls
/// a page made. A tag with whitespace control (`{{-`), a key the theme lacks (its error is
/// the page's, as before) and a template with a `raw` block keep their text.
pub fn inline_words<'t>(
    name: &str,
    text: &'t str,
    words: &BTreeMap<String, String>,
) -> std::borrow::Cow<'t, str> {
    const OPEN: &str = "{{ t(key=\"";
    const CLOSE: &str = "\") }}";
    if !name.ends_with(".html") || !text.contains(OPEN) || text.contains("raw %}") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let word = after
            .find(CLOSE)
            .map(|end| &after[..end])
            .filter(|key| key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
            .and_then(|key| Some((key, words.get(key)?)))
            .and_then(|(key, word)| {
                let mut escaped = Vec::new();
                tera::escape_html(word, &mut escaped).ok()?;
                let escaped = String::from_utf8(escaped).ok()?;
                let plain = !["{{", "{%", "{#"].iter().any(|d| escaped.contains(d));
                plain.then_some((key.len(), escaped))
            });
        out.push_str(&rest[..at]);
        match word {
            Some((key_len, escaped)) => {
                out.push_str(&escaped);
                rest = &after[key_len + CLOSE.len()..];
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The partials a template includes when it reads nothing but site-wide values, or `None`.
/// Names the template binds count only inside the block that binds them: after it, the
/// same name would be the including template's.
fn site_wide(text: &str) -> Option<Vec<String>> {
    reading_only(text, &["site", "theme"])
}

/// The partials a template includes when the only values it reads are `names` (and names it
/// binds itself), or `None`; see `site_wide`.
pub(super) fn reading_only(text: &str, names: &[&str]) -> Option<Vec<String>> {
    // One frame a block (`if`, `for`), the template's top level first.
    let mut frames: Vec<Vec<String>> = vec![names.iter().map(|n| n.to_string()).collect()];
    let mut includes = Vec::new();
    for (_, tag) in crate::theme::tag_spans(text) {
        let tokens = tokens(tag)?;
        let statement = tag.starts_with("{%");
        if statement {
            let first = tokens.first()?.text.as_str();
            if !TAGS.contains(&first) {
                return None;
            }
            match first {
                "include" => {
                    let [_, target] = tokens.as_slice() else {
                        return None;
                    };
                    includes.push(target.string.clone()?);
                    continue;
                }
                "endif" | "endfor" => {
                    frames.pop();
                    if frames.is_empty() {
                        return None;
                    }
                    continue;
                }
                "elif" | "else" => frames.last_mut()?.clear(),
                "if" => frames.push(Vec::new()),
                "for" => {
                    let end = tokens.iter().position(|t| t.text == "in")?;
                    // What the loop walks is read outside the loop's names.
                    if !reads_only(&tokens[end + 1..], &frames, false) {
                        return None;
                    }
                    frames.push(tokens[1..end].iter().map(|t| t.text.clone()).collect());
                    continue;
                }
                _ => {}
            }
        }
        if !reads_only(&tokens, &frames, statement) {
            return None;
        }
        if statement && tokens[0].text == "set" {
            frames.last_mut()?.push(tokens.get(1)?.text.clone());
        }
    }
    (frames.len() == 1).then_some(includes)
}

/// Whether a template binds one of `names` itself (`set`, `for`, a macro's arguments): a
/// partial it includes would then read its value, not the page's.
pub(super) fn binds_any(text: &str, names: &[&str]) -> bool {
    crate::theme::tag_spans(text).any(|(_, tag)| {
        if !tag.starts_with("{%") {
            return false;
        }
        // A tag not understood counts as binding: the reading stays safe.
        let Some(tokens) = tokens(tag) else {
            return true;
        };
        let named = |t: &Token| names.contains(&t.text.as_str());
        match tokens.first().map(|t| t.text.as_str()) {
            // The name set, not what it is set to.
            Some("set" | "set_global") => tokens.get(1).is_some_and(named),
            // The loop's names, not what it walks.
            Some("for") => tokens.iter().take_while(|t| t.text != "in").any(named),
            Some("macro" | "with") => tokens.iter().any(named),
            _ => false,
        }
    })
}

/// Every name a tag's expression reads is bound, and the only function called is `t`.
/// `statement`: the first word is the tag's (`if`, `set`), not a name.
fn reads_only(tokens: &[Token], frames: &[Vec<String>], statement: bool) -> bool {
    let bound = |name: &str| frames.iter().flatten().any(|b| b == name);
    let skip = match tokens.first() {
        Some(t) if statement && t.text == "set" => 2,
        _ if statement => 1,
        _ => 0,
    };
    for (i, token) in tokens.iter().enumerate().skip(skip) {
        if token.string.is_some() || !token.is_name() || KEYWORDS.contains(&token.text.as_str()) {
            continue;
        }
        let previous = i.checked_sub(1).map(|p| tokens[p].text.as_str());
        let next = tokens.get(i + 1).map(|t| t.text.as_str());
        let is_named = matches!(previous, Some("." | "|" | "is"))
            || (previous == Some("not") && i >= 2 && tokens[i - 2].text == "is");
        if is_named || next == Some("=") {
            // An attribute, a filter, a test, or an argument's name.
            continue;
        }
        if next == Some("(") {
            if token.text != "t" {
                return false;
            }
            continue;
        }
        if !bound(&token.text) {
            return false;
        }
    }
    true
}

struct Token {
    text: String,
    /// The text of a string literal.
    string: Option<String>,
}

impl Token {
    fn is_name(&self) -> bool {
        self.text
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
    }
}

/// A tag's words, strings and symbols (`==` is one symbol, `=` another); `None` for a tag
/// or a string that does not close.
fn tokens(tag: &str) -> Option<Vec<Token>> {
    // A tag left open (Tera refuses such a template before this runs) is not understood.
    if tag.len() < 4 || !(tag.ends_with("}}") || tag.ends_with("%}")) {
        return None;
    }
    let inner = tag[2..tag.len() - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
    let mut found = Vec::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if matches!(c, '"' | '\'' | '`') {
            let end = inner[i + 1..].find(c)? + i + 1;
            while chars.next_if(|&(j, _)| j <= end).is_some() {}
            found.push(Token {
                text: String::new(),
                string: Some(inner[i + 1..end].to_string()),
            });
            continue;
        }
        let mut end = i + c.len_utf8();
        if c.is_ascii_alphanumeric() || c == '_' {
            while let Some(&(j, d)) = chars.peek() {
                if !(d.is_ascii_alphanumeric() || d == '_') {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
        } else if let Some(&(j, '=')) = chars.peek()
            && matches!(c, '=' | '!' | '<' | '>')
        {
            end = j + 1;
            chars.next();
        }
        found.push(Token {
            text: inner[i..end].to_string(),
            string: None,
        });
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_that_reads_only_the_site_is_constant() {
        let footer = r#"<footer>{% if theme.options.footer_text %}<p>{{ theme.options.footer_text }}</p>{% endif %}
<a href="{{ site.base_path }}print/">{{ t(key="print") }}</a>{# page.title #}
{%- for item in site.nav %}{{ item.title | upper }}{% if item.url is starting_with(pat=site.base_path) %}-{% else %}+{% endif %}{% endfor %}
{% set n = site.nav | length %}{{ n ~ "" }}{% include "partials/other.html" %}</footer>"#;
        assert_eq!(
            site_wide(footer),
            Some(vec!["partials/other.html".to_string()])
        );
    }

    #[test]
    fn a_partial_that_reads_the_page_or_calls_another_function_is_not() {
        for text in [
            "{{ page.title }}",
            "{% if current_path == site.base_path %}x{% endif %}",
            "{% for item in site.nav %}{{ loop.index }}{% endfor %}",
            "{{ range(end=3) }}",
            "{% block x %}{% endblock x %}",
            "{% include page.template %}",
            "{{ site.title | replace(from=page.title, to=\"x\") }}",
            "{{ \"open",
            // A name bound inside a block is the includer's after it.
            "{% for item in site.nav %}{% endfor %}{{ item.title }}",
            "{% if site.x %}{% set n = 1 %}{% endif %}{{ n }}",
            "{% for item in item.children %}{% endfor %}",
            "{% if site.x %}",
            "{% if site.x is not starting_with(pat=section.url) %}{% endif %}",
        ] {
            assert_eq!(site_wide(text), None, "{text}");
        }
    }

    #[test]
    fn constant_partials_are_rendered_once_and_others_left_alone() {
        let templates = vec![
            (
                "partials/a.html".to_string(),
                "<p>{{ site.title }}</p>{% include \"partials/b.html\" %}".to_string(),
            ),
            (
                "partials/b.html".to_string(),
                "{{ t(key=\"k\") }}".to_string(),
            ),
            (
                "partials/c.html".to_string(),
                "{{ page.title }}".to_string(),
            ),
            (
                "page.html".to_string(),
                "{% include \"partials/a.html\" %}{% include \"partials/c.html\" %}".to_string(),
            ),
        ];
        let mut tera = tera::Tera::new();
        tera.register_function("t", |_: tera::Kwargs, _: &tera::State| "word".to_string());
        tera.add_raw_templates(templates.clone()).unwrap();
        tera.global_context()
            .insert("site", &serde_json::json!({"title": "T {% raw %}"}));
        let replaced = replace_constant(
            &mut tera,
            templates.iter().map(|(n, t)| (n.as_str(), t.as_str())),
        );
        assert_eq!(replaced, ["partials/a.html", "partials/b.html"]);
        let mut context = tera::Context::new();
        context.insert("page", &serde_json::json!({"title": "P"}));
        assert_eq!(
            tera.render("page.html", &context).unwrap(),
            "<p>T {% raw %}</p>wordP"
        );
    }

    #[test]
    fn a_word_asked_for_by_key_is_put_in_as_tera_would_print_it() {
        let words: BTreeMap<String, String> = [
            ("next", "Next"),
            ("amp", "Q&A \"quoted\""),
            ("delims", "{{ x }}"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .into();
        let text = r#"<a aria-label="{{ t(key="next") }}">{{ t(key="amp") }}</a>{{ t(key="missing") }}{{- t(key="next") }}{{ t(key="delims") }}{{ t(key="next") | upper }}"#;
        assert_eq!(
            inline_words("x.html", text, &words),
            r#"<a aria-label="Next">Q&amp;A &quot;quoted&quot;</a>{{ t(key="missing") }}{{- t(key="next") }}{{ t(key="delims") }}{{ t(key="next") | upper }}"#
        );
        assert_eq!(inline_words("x.txt", text, &words), text);
        let raw = "{% raw %}{{ t(key=\"next\") }}{% endraw %}";
        assert_eq!(inline_words("x.html", raw, &words), raw);
        // What Tera prints for the same: the test of the escaping above.
        let mut tera = tera::Tera::new();
        let for_tera = words.clone();
        tera.register_function("t", move |kwargs: tera::Kwargs, _: &tera::State| {
            for_tera[kwargs.must_get::<&str>("key").unwrap()].clone()
        });
        tera.add_raw_template("y.html", r#"{{ t(key="amp") }}"#)
            .unwrap();
        assert_eq!(
            tera.render("y.html", &tera::Context::new()).unwrap(),
            inline_words("y.html", r#"{{ t(key="amp") }}"#, &words)
        );
    }

    #[test]
    fn the_default_themes_site_wide_partials_are_found_and_the_pages_own_are_not() {
        let (theme, mut tera) = crate::render::templates::default_theme(serde_json::json!({
            "title": "T", "base_path": "/", "generator": "handbook", "favicon_url": "/f.svg"
        }));
        let replaced = render_once(&mut tera, &texts(&theme));
        for name in [
            "footer",
            "header-tools",
            "scheme-switch",
            "search-box",
            "head-links",
            "head-icon",
            "head-end",
            "social-image",
        ] {
            assert!(
                replaced.contains(&format!("partials/{name}.html")),
                "{name}: {replaced:?}"
            );
        }
        for name in ["header", "nav", "sidebar", "head", "social", "toc"] {
            assert!(
                !replaced.contains(&format!("partials/{name}.html")),
                "{name}: {replaced:?}"
            );
        }
    }
}
