//! MkDocs: `mkdocs.yml` (site name, description, address, language), the pages of
//! `docs_dir` with their images beside them, and `nav:` made titles and weights. With
//! `use_directory_urls: false` the old `.html` addresses are kept as redirects. Two common
//! Markdown extensions are carried over: snippets (`--8<-- "file"`) are put in place, and
//! ids given with attribute lists (`{ #id }` after a list item or a paragraph) become
//! anchors that links can still reach.

use super::front::parse_yaml;
use super::pages::{Page, Read, Settings, markdown_below, read_inside, read_text};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

pub(super) fn read(source: &Path) -> Result<Read, String> {
    let config_path = ["mkdocs.yml", "mkdocs.yaml"]
        .iter()
        .map(|name| source.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("{} has no mkdocs.yml", source.display()))?;
    let config = parse_yaml(&read_text(&config_path)?).map_err(|e| format!("mkdocs.yml: {e}"))?;
    let text = |key: &str| config.get(key).and_then(Value::as_str).map(str::to_string);
    let docs = source.join(text("docs_dir").unwrap_or_else(|| "docs".into()));
    let directory_urls = config.get("use_directory_urls") != Some(&Value::Bool(false));
    let mut read = Read {
        settings: Settings {
            title: text("site_name"),
            description: text("site_description"),
            base_url: text("site_url"),
            language: config
                .pointer("/theme/language")
                .and_then(Value::as_str)
                .map(str::to_string),
            timezone: None,
        },
        ..Read::default()
    };
    let mut nav = HashMap::new();
    if let Some(items) = config.get("nav") {
        walk_nav(items, &mut nav, &mut 0);
    }
    let shown = format!("{}/", text("docs_dir").unwrap_or_else(|| "docs".into()));
    for (rel, split) in markdown_below(&docs, &shown, &mut read)? {
        let (body, said) = extensions(&split.body, source, &docs);
        read.look_at
            .extend(said.into_iter().map(|s| format!("{shown}{rel}: {s}")));
        let (nav_title, weight) = match nav.get(rel.as_str()) {
            Some((title, weight)) => (title.clone(), Some(*weight)),
            None => (None, None),
        };
        read.pages.push(Page {
            old_url: Some(old_url(&rel, directory_urls)),
            rel: super::pages::as_md(&rel),
            source: format!(
                "{}/{rel}",
                docs.file_name()
                    .map_or("docs".into(), |n| n.to_string_lossy().into_owned())
            ),
            front: split.front,
            body,
            body_line: split.body_line,
            nav_title,
            weight,
            updated: None,
        });
    }
    Ok(read)
}

/// The body with snippets put in (`--8<-- "file"`, found from the project's folder or
/// `docs_dir`, as pymdownx.snippets looks) and attribute-list ids made anchors
/// (`{ #install }` -> `<a id="install"></a>`; a heading's own `{#id}` works as it is). Says
/// what it could not carry over: a snippet not found or in parts, a plugin's `:::` block.
fn extensions(body: &str, project: &Path, docs: &Path) -> (String, Vec<String>) {
    let mut out = String::with_capacity(body.len());
    let mut said = Vec::new();
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix("--8<--") {
            let name = name.trim().trim_matches(['"', '\'']);
            let found = [project.join(name), docs.join(name)]
                .into_iter()
                .filter(|_| !name.contains(':'))
                .find_map(|p| read_inside(project, &p));
            match found {
                Some(text) => {
                    out.push_str(&text);
                    if !text.ends_with('\n') {
                        out.push('\n');
                    }
                }
                None => {
                    said.push(format!(
                        "line {}: the snippet `{name}` was not put in",
                        n + 1
                    ));
                    out.push_str(line);
                }
            }
            continue;
        }
        if trimmed.starts_with(":::") {
            said.push(format!(
                "line {}: `{trimmed}` is made by a plugin; left as text",
                n + 1
            ));
        }
        if trimmed.starts_with('#') {
            out.push_str(line);
        } else {
            out.push_str(&attribute_ids(line));
        }
    }
    (out, said)
}

/// `{ #id }`, `{: #id .class }` and `{#id}` in a line become `<a id="id"></a>`.
fn attribute_ids(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = rest[open + 1..open + close]
            .trim()
            .trim_start_matches(':')
            .trim();
        let id = inner
            .split_whitespace()
            .find_map(|token| token.strip_prefix('#'))
            .filter(|id| {
                !id.is_empty()
                    && inner
                        .split_whitespace()
                        .all(|t| t.starts_with(['#', '.']) || t.contains('='))
            });
        out.push_str(&rest[..open]);
        match id {
            Some(id) => out.push_str(&format!("<a id=\"{id}\"></a>")),
            None => out.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// `nav:` in order: each page's title there (when it gives one) and its place, as weights
/// 10, 20, 30... Sections are folders already; their titles are the folder pages' own.
fn walk_nav(items: &Value, found: &mut HashMap<String, (Option<String>, i64)>, next: &mut i64) {
    let Value::Array(items) = items else { return };
    for item in items {
        match item {
            Value::String(path) => {
                *next += 10;
                found.insert(path.clone(), (None, *next));
            }
            Value::Object(map) => {
                for (title, value) in map {
                    match value {
                        Value::String(path) if !path.contains("://") => {
                            *next += 10;
                            found.insert(path.clone(), (Some(title.clone()), *next));
                        }
                        Value::Array(_) => walk_nav(value, found, next),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// A page's address on the MkDocs site: `about.md` -> `about/` (or `about.html`),
/// `guide/index.md` and `guide/README.md` -> `guide/`.
fn old_url(rel: &str, directory_urls: bool) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    let file = stem.rsplit('/').next().unwrap_or(stem);
    let dir = &stem[..stem.len() - file.len()];
    match (
        file.eq_ignore_ascii_case("index") || file.eq_ignore_ascii_case("readme"),
        directory_urls,
    ) {
        (true, true) => dir.to_string(),
        (true, false) => format!("{dir}index.html"),
        (false, true) => format!("{stem}/"),
        (false, false) => format!("{stem}.html"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_gives_titles_and_order() {
        let nav = parse_yaml(
            "- index.md\n- Getting started: start.md\n- Guide:\n    - Writing: guide/writing.md\n    - guide/index.md\n- Elsewhere: https://example.org/\n",
        )
        .unwrap();
        let mut found = HashMap::new();
        walk_nav(&nav, &mut found, &mut 0);
        assert_eq!(found["index.md"], (None, 10));
        assert_eq!(found["start.md"], (Some("Getting started".into()), 20));
        assert_eq!(found["guide/writing.md"], (Some("Writing".into()), 30));
        assert_eq!(found["guide/index.md"], (None, 40));
        assert_eq!(found.len(), 4);
        assert_eq!(old_url("guide/README.md", true), "guide/");
        assert_eq!(old_url("about.md", false), "about.html");
        assert_eq!(
            attribute_ids("*   **`locale`**{ #mkdocs-locale }: The locale {not this}\n"),
            "*   **`locale`**<a id=\"mkdocs-locale\"></a>: The locale {not this}\n"
        );
    }
}
