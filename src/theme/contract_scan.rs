//! For `theme check`: the values a theme's templates read (`page.summary`, `site.title`) that
//! this handbook's theme contract does not provide, as when a newer handbook renamed or
//! dropped one. The contract's fields come from `view::contract::CONTRACT_FIELDS`.

use crate::base::error::{Diagnostic, suggest};
use crate::view::contract::{CONTRACT_FIELDS, CONTRACT_VERSION};
use std::collections::BTreeSet;
use std::path::Path;

/// The contract's value paths, with list items' `[]` taken out (`page.tags.name`).
struct Fields {
    paths: BTreeSet<String>,
}

impl Fields {
    fn read() -> Fields {
        let paths = CONTRACT_FIELDS
            .lines()
            .filter(|line| !line.starts_with("## "))
            .filter_map(|line| line.split_once(':').map(|(path, _)| path.replace("[]", "")))
            .filter(|path| !path.is_empty())
            .collect();
        Fields { paths }
    }

    /// A mapping whose fields the contract lists (not free-form, like `theme.options`).
    fn has_fields(&self, path: &str) -> bool {
        let prefix = format!("{path}.");
        self.paths
            .range(prefix.clone()..)
            .next()
            .is_some_and(|p| p.starts_with(&prefix))
    }

    fn children(&self, path: &str) -> Vec<&str> {
        let prefix = format!("{path}.");
        self.paths
            .iter()
            .filter_map(|p| p.strip_prefix(&prefix))
            .filter(|rest| !rest.contains('.'))
            .collect()
    }
}

/// One message for each value a template in `templates` (name, text) reads that the contract
/// does not have; `folder` is how messages name the templates' folder.
pub fn unknown_values(folder: &Path, templates: &[(String, String)]) -> Vec<Diagnostic> {
    let fields = Fields::read();
    let mut found = Vec::new();
    for (name, text) in templates {
        let shadowed = shadowed_names(text);
        let mut seen = BTreeSet::new();
        for (path, line, column) in value_paths(text) {
            let parts: Vec<&str> = path.split('.').collect();
            if shadowed.contains(parts[0]) || !fields.has_fields(parts[0]) {
                continue;
            }
            let Some(missing) = first_missing(&fields, &parts) else {
                continue;
            };
            if !seen.insert(missing.clone()) {
                continue;
            }
            let (parent, last) = missing.rsplit_once('.').unwrap_or(("", &missing));
            let hint = match suggest(last, &fields.children(parent)) {
                Some(near) => format!("did you mean `{parent}.{near}`? docs/themes.md lists every value"),
                None => "docs/themes.md lists every value of the contract; a newer handbook may have renamed this one (its CHANGELOG says)".into(),
            };
            found.push(
                Diagnostic::error(
                    folder.join(name),
                    format!(
                        "`{missing}` is not in the theme contract {CONTRACT_VERSION} of handbook {}: templates receive no such value",
                        env!("CARGO_PKG_VERSION")
                    ),
                )
                .at(line, column)
                .hint(hint),
            );
        }
    }
    found
}

/// The shortest prefix of `parts` the contract lacks, while each step is a listed mapping.
fn first_missing(fields: &Fields, parts: &[&str]) -> Option<String> {
    let mut path = parts[0].to_string();
    for part in &parts[1..] {
        if !fields.has_fields(&path) {
            return None;
        }
        path = format!("{path}.{part}");
        if !fields.paths.contains(&path) {
            return Some(path);
        }
    }
    None
}

/// Names a template binds itself (`for page in pages`, `set site = ...`, macro arguments):
/// their values are the template's, not the contract's.
fn shadowed_names(text: &str) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    for (tag, _, _) in tags(text).filter(|(tag, _, _)| tag.starts_with("{%")) {
        let words: Vec<&str> = tag
            .trim_matches(|c| c == '{' || c == '}' || c == '%' || c == '-')
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '='))
            .filter(|w| !w.is_empty())
            .collect();
        match words.first() {
            Some(&"for") => {
                let end = words.iter().position(|w| *w == "in").unwrap_or(words.len());
                names.extend(&words[1..end]);
            }
            Some(&"set") | Some(&"set_global") => names.extend(words.get(1)),
            Some(&"macro") => names.extend(words.iter().skip(2)),
            _ => {}
        }
    }
    names
}

/// The `{{ ... }}` and `{% ... %}` tags of a template, with the line and column each starts.
fn tags(text: &str) -> impl Iterator<Item = (&str, usize, usize)> {
    tag_spans(text).map(|(open, tag)| {
        let line = text[..open].matches('\n').count() + 1;
        let column = open - text[..open].rfind('\n').map_or(0, |n| n + 1) + 1;
        (tag, line, column)
    })
}

/// The `{{ ... }}` and `{% ... %}` tags of a template with the byte each starts at;
/// comments (`{# ... #}`) are skipped, and a tag left open runs to the end of the text.
/// Also how `render::constant` reads a partial.
pub(crate) fn tag_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        loop {
            let open = memchr::memchr(b'{', &text.as_bytes()[rest..])? + rest;
            // Bytes, not a slice of the text: the character after `{` may be several bytes.
            let close = match text.as_bytes().get(open + 1) {
                Some(b'{') => "}}",
                Some(b'%') => "%}",
                Some(b'#') => "#}",
                _ => {
                    rest = open + 1;
                    continue;
                }
            };
            let end = text[open + 2..]
                .find(close)
                .map_or(text.len(), |e| open + 2 + e + 2);
            rest = end;
            if close != "#}" {
                return Some((open, &text[open..end]));
            }
        }
    })
}

/// Dotted names read in tags (`page.git.updated`), outside string literals, with their place.
fn value_paths(text: &str) -> Vec<(String, usize, usize)> {
    let mut paths = Vec::new();
    for (tag, line, column) in tags(text) {
        let mut quote: Option<char> = None;
        let mut word = String::new();
        let mut start = 0;
        for (i, c) in tag.char_indices().chain([(tag.len(), ' ')]) {
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                continue;
            }
            let part_of_name =
                c.is_ascii_alphanumeric() || c == '_' || (c == '.' && !word.is_empty());
            if part_of_name {
                if word.is_empty() {
                    start = i;
                }
                word.push(c);
                continue;
            }
            let preceded_by_dot = start > 0 && tag[..start].ends_with(['.', ']', ')']);
            if word.contains('.')
                && !preceded_by_dot
                && !word.starts_with(|c: char| c.is_ascii_digit())
            {
                let offset = tag[..start].matches('\n').count();
                let col = if offset == 0 {
                    column + start
                } else {
                    start - tag[..start].rfind('\n').unwrap_or(0)
                };
                paths.push((word.trim_end_matches('.').to_string(), line + offset, col));
            }
            word.clear();
            if c == '"' || c == '\'' || c == '`' {
                quote = Some(c);
            }
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(template: &str) -> Vec<String> {
        unknown_values(Path::new("t"), &[("page.html".into(), template.into())])
            .into_iter()
            .map(|d| {
                format!(
                    "{}:{} {} | {}",
                    d.line,
                    d.column,
                    d.message,
                    d.hint.unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn values_the_contract_has_pass() {
        let ok = "{{ page.title }} {% if page.git %}{{ page.git.updated }}{% endif %}\n\
                  {{ site.title | upper }} {{ theme.options.anything }} {{ \"page.nothing\" }}";
        assert_eq!(messages(ok), Vec::<String>::new());
    }

    #[test]
    fn a_value_the_contract_lacks_is_named_at_its_place_with_a_near_name() {
        let found = messages("<h1>{{ page.title }}</h1>\n<p>{{ site.titel }}</p>");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("2:7 `site.titel` is not in the theme contract"),
            "{found:?}"
        );
        assert!(found[0].contains("did you mean `site.title`?"), "{found:?}");
    }

    #[test]
    fn names_a_template_binds_are_its_own() {
        let loops = "{% for page in pages %}{{ page.anything }}{% endfor %}\
                     {% macro card(site) %}{{ site.whatever }}{% endmacro %}";
        assert_eq!(messages(loops), Vec::<String>::new());
    }

    #[test]
    fn tags_are_found_after_any_character_and_comments_are_left_out() {
        let text = "{é {{ a }} {# {{ b }} #} {%- if c -%}{{ d";
        let found: Vec<(usize, &str)> = tag_spans(text).collect();
        assert_eq!(
            found,
            [(4, "{{ a }}"), (26, "{%- if c -%}"), (38, "{{ d")],
            "{found:?}"
        );
    }
}
