//! Jekyll (as GitHub Pages runs it): `_config.yml`; pages anywhere outside `_` folders;
//! posts and the collections `_config.yml` names, each into a folder of its own; each page's
//! old address from its `permalink:` or the site's permalink style, kept as a redirect when
//! it differs; and the Liquid that only makes addresses (`{{ site.baseurl }}`,
//! `relative_url`, `{% link %}`, `{% post_url %}`) turned into plain links.

use super::front::{self, parse_yaml};
use super::pages::{Page, Read, Settings, as_md, files_below, is_markdown, read_text};
use serde_json::Value;
use std::path::Path;

/// Files Jekyll itself never publishes.
const NOT_PUBLISHED: &[&str] = &[
    "_config.yml",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor",
    "_site",
    "CNAME",
];

pub(super) fn read(source: &Path) -> Result<Read, String> {
    let config = match source.join("_config.yml") {
        path if path.is_file() => {
            parse_yaml(&read_text(&path)?).map_err(|e| format!("_config.yml: {e}"))?
        }
        _ => Value::Null,
    };
    let text = |key: &str| config.get(key).and_then(Value::as_str).map(str::to_string);
    let base = format!(
        "{}{}",
        text("url").unwrap_or_default().trim_end_matches('/'),
        text("baseurl").unwrap_or_default()
    );
    let mut read = Read {
        settings: Settings {
            title: text("title"),
            description: text("description"),
            base_url: Some(format!("{}/", base.trim_end_matches('/'))),
            language: text("lang"),
            timezone: text("timezone"),
        },
        ..Read::default()
    };
    let site_permalink = text("permalink").unwrap_or_else(|| "date".into());
    let excluded: Vec<String> = list(config.get("exclude"));
    let collections = collections(&config);
    let skip = |rel: &str| {
        NOT_PUBLISHED.contains(&rel)
            || excluded.iter().any(|e| excludes(e, rel))
            || rel.split('/').next().is_some_and(|top| {
                top.starts_with('_') && !collections.iter().any(|(c, _)| top == format!("_{c}"))
            })
    };
    for (file, rel) in files_below(source, &skip) {
        let text = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(e) => return Err(format!("{}: {e}", file.display())),
        };
        if !is_markdown(&rel) {
            if text.starts_with(b"---") {
                read.look_at.push(format!(
                    "{rel}: a file Jekyll processes (it has front matter), not Markdown; left out"
                ));
            } else if !rel.ends_with(".scss") && !rel.ends_with(".sass") {
                read.files.push((file, format!("static/{rel}")));
            } else {
                read.look_at
                    .push(format!("{rel}: Sass, which Jekyll compiles; left out"));
            }
            continue;
        }
        let text = String::from_utf8_lossy(&text);
        let split = match front::split(&text) {
            Ok(split) => split,
            Err(e) => {
                read.look_at.push(format!("{rel}: {e}; left out"));
                continue;
            }
        };
        let (new_rel, old_url, updated) = place(&rel, &site_permalink, &collections);
        let old_url = split
            .front
            .get("permalink")
            .and_then(Value::as_str)
            .map(|p| p.trim_start_matches('/').to_string())
            .or(Some(old_url));
        let (body, _) = plain_links(&split.body, &new_rel);
        read.pages.push(Page {
            rel: new_rel,
            source: rel,
            front: split.front,
            body,
            body_line: split.body_line,
            old_url,
            nav_title: None,
            weight: None,
            updated,
        });
    }
    Ok(read)
}

/// The collections whose documents are pages, each with its `permalink:` pattern: `posts`,
/// and those `_config.yml` names.
fn collections(config: &Value) -> Vec<(String, Option<String>)> {
    let mut names = vec![("posts".to_string(), None)];
    match config.get("collections") {
        Some(Value::Object(map)) => names.extend(map.iter().map(|(name, settings)| {
            let permalink = settings.get("permalink").and_then(Value::as_str);
            (name.clone(), permalink.map(str::to_string))
        })),
        Some(Value::Array(items)) => names.extend(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(|n| (n.to_string(), None)),
        ),
        _ => {}
    }
    names
}

/// Whether an `exclude:` entry (a path, or a name with `*`: `Gemfile*`) leaves `rel` out.
fn excludes(entry: &str, rel: &str) -> bool {
    let entry = entry.trim_matches('/');
    match entry.split_once('*') {
        Some((before, after)) => {
            rel.len() >= before.len() + after.len()
                && rel.starts_with(before)
                && rel.ends_with(after)
        }
        None => rel == entry,
    }
}

fn list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// Where a file goes below `content/`, its address on the Jekyll site, and a post's date.
/// Pages take the site's permalink style (`pretty` or a pattern ending in `/`: `about/`;
/// else `about.html`); posts and collections their own pattern (`:path`, `:name`, `:title`,
/// `:year`...). A collection document whose address is a folder is placed at that address,
/// so that its URL, and links between such documents, stay as they were.
fn place(
    rel: &str,
    site_permalink: &str,
    collections: &[(String, Option<String>)],
) -> (String, String, Option<String>) {
    let stem = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    let collection = rel.strip_prefix('_').and_then(|r| {
        let (name, inside) = r.split_once('/')?;
        let (_, pattern) = collections.iter().find(|(c, _)| c == name)?;
        Some((name, inside, pattern.as_deref()))
    });
    let Some((name, inside, pattern)) = collection else {
        let file = stem.rsplit('/').next().unwrap_or(stem);
        let old = if file == "index" || file.eq_ignore_ascii_case("readme") {
            stem[..stem.len() - file.len()].to_string()
        } else if site_permalink == "pretty" || site_permalink.ends_with('/') {
            format!("{stem}/")
        } else {
            format!("{stem}.html")
        };
        return (as_md(rel), old, None);
    };
    let inside_stem = inside.rsplit_once('.').map_or(inside, |(s, _)| s);
    let file = inside_stem.rsplit('/').next().unwrap_or(inside_stem);
    let (date, title) = match super::front::date_of(file) {
        Some(date) if name == "posts" && file.len() > 11 => (Some(date), &file[11..]),
        _ => (None, file),
    };
    let pattern = pattern.map(str::to_string).unwrap_or_else(|| {
        let pretty = site_permalink == "pretty";
        match (name == "posts", pretty) {
            (true, true) => "/:categories/:year/:month/:day/:title/".into(),
            (true, false) if site_permalink.starts_with('/') => site_permalink.to_string(),
            (true, false) => "/:categories/:year/:month/:day/:title:output_ext".into(),
            (false, true) => "/:collection/:path/".into(),
            (false, false) => "/:collection/:path:output_ext".into(),
        }
    });
    let (year, month, day) = match &date {
        Some(d) => (&d[..4], &d[5..7], &d[8..10]),
        None => ("", "", ""),
    };
    let old = pattern
        .replace(":collection", name)
        .replace(":path", inside_stem)
        .replace(":basename", file)
        .replace(":name", file)
        .replace(":title", title)
        .replace(":year", year)
        .replace(":month", month)
        .replace(":day", day)
        .replace(":categories", "")
        .replace(":output_ext", ".html");
    let old = old
        .split('/')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/")
        + if old.ends_with('/') { "/" } else { "" };
    let new_rel = if name != "posts" && old.ends_with('/') && !old.trim_end_matches('/').is_empty()
    {
        format!("{}.md", old.trim_end_matches('/'))
    } else {
        as_md(rel.strip_prefix('_').unwrap_or(rel))
    };
    (new_rel, old, date)
}

/// The body with the Liquid that only makes addresses turned into plain links, and how many
/// were: `{{ site.baseurl }}` goes (the link then starts at the site's root, which handbook
/// resolves), `{{ '/x/' | relative_url }}` is `/x/`, and `{% link _posts/x.md %}` and
/// `{% post_url 2024-01-02-x %}` are links to the files, relative to this one.
fn plain_links(body: &str, rel: &str) -> (String, usize) {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    let mut changed = 0;
    while let Some(open) = rest.find(['{']) {
        let (before, tail) = rest.split_at(open);
        out.push_str(before);
        let close = match &tail.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                out.push('{');
                rest = &tail[1..];
                continue;
            }
        };
        let Some(end) = tail.find(close) else {
            out.push_str(tail);
            rest = "";
            break;
        };
        let whole = &tail[..end + 2];
        let inner = whole[2..whole.len() - 2].trim();
        match address(inner, rel) {
            Some(plain) => {
                out.push_str(&plain);
                changed += 1;
            }
            None => out.push_str(whole),
        }
        rest = &tail[end + 2..];
    }
    out.push_str(rest);
    (out, changed)
}

/// What one Liquid tag or output stands for, when it only makes an address.
fn address(inner: &str, rel: &str) -> Option<String> {
    if matches!(
        inner,
        "site.baseurl" | "site.url" | "site.url }}{{ site.baseurl"
    ) {
        return Some(String::new());
    }
    if let Some((value, filter)) = inner.split_once('|')
        && matches!(filter.trim(), "relative_url" | "absolute_url")
    {
        return Some(value.trim().trim_matches(['"', '\'']).to_string());
    }
    let from = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    if let Some(target) = inner.strip_prefix("link ") {
        let target = target.trim().trim_start_matches('/');
        return Some(crate::base::text::relative_path(
            from,
            &as_md(target.strip_prefix('_').unwrap_or(target)),
        ));
    }
    if let Some(name) = inner.strip_prefix("post_url ") {
        return Some(crate::base::text::relative_path(
            from,
            &format!("posts/{}.md", name.trim()),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_posts_keep_their_jekyll_addresses() {
        let none: Vec<(String, Option<String>)> =
            vec![("posts".into(), None), ("guides".into(), None)];
        assert_eq!(
            place("_posts/2024-01-02-hello.md", "date", &none),
            (
                "posts/2024-01-02-hello.md".into(),
                "2024/01/02/hello.html".into(),
                Some("2024-01-02".into())
            )
        );
        assert_eq!(place("about.md", "date", &none).1, "about.html");
        assert_eq!(place("about.md", "pretty", &none).1, "about/");
        assert_eq!(place("about.md", "/:path/", &none).1, "about/");
        assert_eq!(place("docs/index.md", "date", &none).1, "docs/");
        assert_eq!(
            place("_guides/intro.markdown", "pretty", &none),
            ("guides/intro.md".into(), "guides/intro/".into(), None)
        );
        // A collection whose documents live at `/:path/` (opensource.guide's articles):
        // placed at that address, so nothing moves.
        let articles = vec![("articles".to_string(), Some("/:path/".to_string()))];
        assert_eq!(
            place("_articles/ar/building-community.md", "/:path/", &articles),
            (
                "ar/building-community.md".into(),
                "ar/building-community/".into(),
                None
            )
        );
        assert!(excludes("Gemfile*", "Gemfile.lock") && !excludes("Gemfile*", "docs"));
    }

    #[test]
    fn liquid_that_makes_addresses_becomes_plain_links() {
        let body = "[a]({{ site.baseurl }}/faq/) [b]({{ '/join/' | relative_url }}) \
                    [c]({% link _posts/2024-01-02-x.md %}) [d]({% post_url 2024-01-02-x %}) {{ page.title }}";
        let (out, changed) = plain_links(body, "guides/intro.md");
        assert_eq!(
            out,
            "[a](/faq/) [b](/join/) [c](../posts/2024-01-02-x.md) [d](../posts/2024-01-02-x.md) {{ page.title }}"
        );
        assert_eq!(changed, 4);
    }
}
