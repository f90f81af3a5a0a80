//! What each tool's reader gives the writer: the old site's pages (where each goes, its
//! front matter and body, its old address, its place in the old navigation), its settings,
//! the files copied as they are, and what to look at; and the helpers readers share.

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// One page of the old site.
pub(super) struct Page {
    /// Where it goes, below `content/`.
    pub rel: String,
    /// The file it came from, relative to the source, for the report.
    pub source: String,
    pub front: Map<String, Value>,
    pub body: String,
    pub body_line: usize,
    /// Its address on the old site, below the old site's root (`about.html`, `docs/x/`).
    pub old_url: Option<String>,
    /// Its title in the old site's navigation (`mkdocs.yml`'s nav, `SUMMARY.md`).
    pub nav_title: Option<String>,
    /// Its place in that navigation.
    pub weight: Option<i64>,
    /// A date the tool keeps outside the front matter (a Jekyll post's file name).
    pub updated: Option<String>,
}

/// The site's settings, as far as the old tool had them.
#[derive(Debug, Default)]
pub(super) struct Settings {
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub timezone: Option<String>,
}

/// What a tool's reader found.
#[derive(Default)]
pub(super) struct Read {
    pub settings: Settings,
    pub pages: Vec<Page>,
    /// Files copied as they are: (the file, its path below the new site's folder).
    pub files: Vec<(PathBuf, String)>,
    /// Things to look at, each with its file (and line).
    pub look_at: Vec<String>,
}

/// Every file below `dir`, sorted, as (path, path relative to `dir` with `/`); folders for
/// which `skip` says so are not entered, and neither are hidden ones.
pub(super) fn files_below(dir: &Path, skip: &dyn Fn(&str) -> bool) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            e.depth() == 0 || !(e.file_name().to_string_lossy().starts_with('.') || skip(&rel))
        });
    for entry in walker.flatten() {
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            found.push((entry.path().to_path_buf(), rel));
        }
    }
    found
}

/// A Markdown file's text, read as UTF-8.
pub(super) fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

pub(super) fn is_markdown(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".markdown")
}

/// `x.markdown` is `x.md` in a handbook.
pub(super) fn as_md(rel: &str) -> String {
    match rel.strip_suffix(".markdown") {
        Some(stem) => format!("{stem}.md"),
        None => rel.to_string(),
    }
}

/// The text of `path` when it is a file inside `root` (links resolved): what an include or a
/// snippet may put into a page. A site being imported may name any path (`/etc/passwd`,
/// `../../secret`); only its own files are read.
pub(super) fn read_inside(root: &Path, path: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let real = path.canonicalize().ok()?;
    if !real.starts_with(&root) || !real.is_file() {
        return None;
    }
    std::fs::read_to_string(real).ok()
}

/// A path below the new `content/` that stays there: relative, no `..`, no empty or
/// backslash parts. A page whose place is not one is left out and said.
pub(super) fn is_safe_rel(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The Markdown files below `dir`, each read and split into front matter and body; the other
/// files are copied into `content/` at the same path (images beside their pages). A file whose
/// front matter cannot be read is left out and said, as `SHOWN/rel` (`docs/`, `content/`).
pub(super) fn markdown_below(
    dir: &Path,
    shown: &str,
    read: &mut Read,
) -> Result<Vec<(String, super::front::Split)>, String> {
    let mut found = Vec::new();
    for (file, rel) in files_below(dir, &|_| false) {
        if !is_markdown(&rel) {
            read.files.push((file, format!("content/{rel}")));
            continue;
        }
        match super::front::split(&read_text(&file)?) {
            Ok(split) => found.push((rel, split)),
            Err(e) => read.look_at.push(format!("{shown}{rel}: {e}; left out")),
        }
    }
    Ok(found)
}
