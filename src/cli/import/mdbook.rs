//! mdBook: `book.toml` (title, description, language, `src`, the site's address), and
//! `SUMMARY.md`, whose chapters, nested or not, are the pages, in its order and with its
//! titles; chapters not in it are not in the book and are left out, as mdBook does. Each
//! chapter's old `.html` address is kept as a redirect, and `{{#include file}}` of a whole
//! file is put in its place.

use super::front::{self, parse_toml};
use super::pages::{Page, Read, Settings, files_below, is_markdown, read_inside, read_text};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

pub(super) fn read(source: &Path) -> Result<Read, String> {
    let book_toml = source.join("book.toml");
    let config = parse_toml(
        &read_text(&book_toml).map_err(|_| format!("{} has no book.toml", source.display()))?,
    )
    .map_err(|e| format!("book.toml: {e}"))?;
    let text = |pointer: &str| {
        config
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let src = source.join(text("/book/src").unwrap_or_else(|| "src".into()));
    let mut read = Read {
        settings: Settings {
            title: text("/book/title"),
            description: text("/book/description"),
            base_url: text("/output/html/site-url"),
            language: text("/book/language"),
            timezone: None,
        },
        ..Read::default()
    };
    let summary = read_text(&src.join("SUMMARY.md"))
        .map_err(|_| "the book has no src/SUMMARY.md".to_string())?;
    let chapters = chapters(&summary);
    for (file, rel) in files_below(&src, &|_| false) {
        if !is_markdown(&rel) {
            read.files.push((file, format!("content/{rel}")));
            continue;
        }
        if rel == "SUMMARY.md" {
            continue;
        }
        let Some((title, weight)) = chapters.get(rel.as_str()) else {
            read.look_at.push(format!(
                "src/{rel}: not in SUMMARY.md, so not in the book; left out"
            ));
            continue;
        };
        let text = read_text(&file)?;
        let (text, includes) = includes(&text, file.parent().unwrap_or(&src), source);
        read.look_at
            .extend(includes.into_iter().map(|i| format!("src/{rel}: {i}")));
        let split = front::split(&text).map_err(|e| format!("src/{rel}: {e}"))?;
        let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(stem, _)| stem);
        let old_url = match stem.rsplit_once('/') {
            Some((dir, file)) if file.eq_ignore_ascii_case("readme") => format!("{dir}/index.html"),
            None if stem.eq_ignore_ascii_case("readme") => "index.html".into(),
            _ => format!("{stem}.html"),
        };
        read.pages.push(Page {
            rel: super::pages::as_md(&rel),
            source: format!("src/{rel}"),
            front: split.front,
            body: split.body,
            body_line: split.body_line,
            old_url: Some(old_url),
            nav_title: Some(title.clone()),
            weight: Some(*weight),
            updated: None,
        });
    }
    Ok(read)
}

/// The chapters of `SUMMARY.md` by file, with their titles and places (10, 20, 30...):
/// prefix and suffix chapters (`[Intro](intro.md)`) and numbered ones (`- [A](a.md)`) at any
/// depth. A draft chapter (`[Later]()`) has no file; part titles (`# Part`) are headings.
fn chapters(summary: &str) -> HashMap<String, (String, i64)> {
    let mut found = HashMap::new();
    let mut next = 0;
    for line in summary.lines() {
        let item = line
            .trim_start()
            .trim_start_matches(['-', '*'])
            .trim_start();
        let Some(rest) = item.strip_prefix('[') else {
            continue;
        };
        let Some((title, after)) = rest.split_once("](") else {
            continue;
        };
        let Some((path, _)) = after.split_once(')') else {
            continue;
        };
        let path = path.trim().trim_start_matches("./");
        if path.is_empty() || path.contains("://") {
            continue;
        }
        next += 10;
        let path = path.split('#').next().unwrap_or(path);
        found
            .entry(path.replace("%20", " "))
            .or_insert((title.trim().to_string(), next));
    }
    found
}

/// The chapter with each `{{#include file}}` of a whole file replaced by the file; what
/// cannot be put in (a range, an anchor, another helper, a missing file) is left and said.
fn includes(text: &str, dir: &Path, root: &Path) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut said = Vec::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let whole = trimmed
            .strip_prefix("{{#include ")
            .and_then(|r| r.strip_suffix("}}"))
            .map(str::trim)
            .filter(|path| !path.contains(':'));
        match whole.map(|path| (path, read_inside(root, &dir.join(path)))) {
            Some((_, Some(included))) => {
                out.push_str(&included);
                if !included.ends_with('\n') {
                    out.push('\n');
                }
            }
            Some((path, None)) => {
                said.push(format!(
                    "line {}: `{{{{#include {path}}}}}` names no file of the book; left as text",
                    n + 1
                ));
                out.push_str(line);
            }
            None => out.push_str(line),
        }
    }
    (out, said)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_chapters_in_order_at_any_depth() {
        let found = chapters(
            "# Summary\n\n[Introduction](README.md)\n\n# Guide\n\n- [Setup](setup.md)\n    - [Tools](setup/tools.md)\n- [Later]()\n\n---\n\n[Credits](credits.md)\n",
        );
        assert_eq!(found["README.md"], ("Introduction".into(), 10));
        assert_eq!(found["setup.md"], ("Setup".into(), 20));
        assert_eq!(found["setup/tools.md"], ("Tools".into(), 30));
        assert_eq!(found["credits.md"], ("Credits".into(), 40));
        assert_eq!(found.len(), 4);
    }
}
