//! Hugo: `hugo.toml` (or `.yaml`, or the older `config.*`), the pages of `content/` with
//! YAML or TOML front matter, bundles (`_index.md` is a folder's page here too; a leaf
//! bundle's images stay beside its page), `static/`, each page's old address from `slug:` or
//! `url:` kept as a redirect when it differs, `aliases:` as they are, and the `ref` and
//! `relref` shortcodes turned into links to the files.

use super::front::{parse_toml, parse_yaml};
use super::pages::{Page, Read, Settings, files_below, markdown_below, read_text};
use serde_json::Value;
use std::path::Path;

const CONFIG_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
];

pub(super) fn read(source: &Path) -> Result<Read, String> {
    let config_path = CONFIG_FILES
        .iter()
        .map(|name| source.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("{} has no hugo.toml (or config.toml)", source.display()))?;
    let text = read_text(&config_path)?;
    let config = if config_path.extension().is_some_and(|e| e == "toml") {
        parse_toml(&text)
    } else {
        parse_yaml(&text)
    }
    .map_err(|e| format!("{}: {e}", config_path.display()))?;
    let get = |key: &str| config.get(key).and_then(Value::as_str).map(str::to_string);
    let mut read = Read {
        settings: Settings {
            title: get("title"),
            description: config
                .pointer("/params/description")
                .and_then(Value::as_str)
                .map(str::to_string),
            base_url: get("baseURL").or_else(|| get("baseurl")),
            language: get("languageCode").or_else(|| get("defaultContentLanguage")),
            timezone: get("timeZone"),
        },
        ..Read::default()
    };
    let content = source.join(get("contentDir").unwrap_or_else(|| "content".into()));
    for (rel, split) in markdown_below(&content, "content/", &mut read)? {
        let old_url = old_url(&rel, &split.front);
        let body = refs(&split.body, &rel);
        read.pages.push(Page {
            rel: super::pages::as_md(&rel),
            source: format!("content/{rel}"),
            front: split.front,
            body,
            body_line: split.body_line,
            old_url: Some(old_url),
            nav_title: None,
            weight: None,
            updated: None,
        });
    }
    let statics = source.join("static");
    if statics.is_dir() {
        for (file, rel) in files_below(&statics, &|_| false) {
            read.files.push((file, format!("static/{rel}")));
        }
    }
    Ok(read)
}

/// A page's address on the Hugo site: `url:` as written, else its folder and its `slug:`
/// (or its file's name); a bundle's `index.md` and a section's `_index.md` are the folder.
fn old_url(rel: &str, front: &serde_json::Map<String, Value>) -> String {
    if let Some(url) = front.get("url").and_then(Value::as_str) {
        return url.trim_start_matches('/').to_string();
    }
    let stem = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    let (dir, file) = stem.rsplit_once('/').unwrap_or(("", stem));
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    if file == "index" || file == "_index" {
        return prefix;
    }
    let name = front.get("slug").and_then(Value::as_str).unwrap_or(file);
    format!("{prefix}{}/", name.to_lowercase().replace(' ', "-"))
}

/// `{{< ref "x.md" >}}` and `{{< relref "/docs/x#id" >}}` as links to the files, relative
/// to this one; other shortcodes stay (and the report lists them).
fn refs(body: &str, rel: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find("{{<") {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let Some(end) = tail.find(">}}") else {
            out.push_str(tail);
            return out;
        };
        let inner = tail[3..end].trim();
        let target = inner
            .strip_prefix("relref ")
            .or_else(|| inner.strip_prefix("ref "))
            .map(|t| t.trim().trim_matches('"'));
        match target {
            Some(target) => out.push_str(&link_to(target, rel)),
            None => out.push_str(&tail[..end + 3]),
        }
        rest = &tail[end + 3..];
    }
    out.push_str(rest);
    out
}

/// A `ref` target as a file link: from `content/` when it starts with `/`, else from this
/// file's folder; `.md` added to a bare name.
fn link_to(target: &str, rel: &str) -> String {
    let (path, anchor) = target.split_once('#').map_or((target, ""), |(p, a)| (p, a));
    let path = if path.ends_with(".md") || path.is_empty() {
        path.to_string()
    } else {
        format!("{}.md", path.trim_end_matches('/'))
    };
    let from = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let link = match path.strip_prefix('/') {
        Some(below) => crate::base::text::relative_path(from, below),
        None => path,
    };
    if anchor.is_empty() {
        link
    } else {
        format!("{link}#{anchor}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_refs_as_hugo_makes_them() {
        let none = serde_json::Map::new();
        assert_eq!(old_url("posts/first-post.md", &none), "posts/first-post/");
        assert_eq!(old_url("posts/bundle/index.md", &none), "posts/bundle/");
        assert_eq!(old_url("docs/_index.md", &none), "docs/");
        let mut slug = serde_json::Map::new();
        slug.insert("slug".into(), "Hello There".into());
        assert_eq!(old_url("posts/x.md", &slug), "posts/hello-there/");
        assert_eq!(
            refs(
                r#"[a]({{< ref "/docs/install" >}}) [b]({{< relref "other.md#setup" >}}) {{< youtube x >}}"#,
                "posts/x.md"
            ),
            r#"[a](../docs/install.md) [b](other.md#setup) {{< youtube x >}}"#
        );
    }
}
