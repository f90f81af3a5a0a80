//! Walks a site folder and reads what a build needs: the Markdown files of `content/`, the
//! other files there and in `static/` (copied as they are). Sorted walking keeps the build
//! deterministic; no parsing happens here.

pub mod codeowners;
pub mod config;
pub mod dates;
pub mod fields;
pub mod frontmatter;
pub mod git;
pub mod languages;
mod node;
pub mod settings;
mod simple_yaml;
pub mod theme_ref;
pub mod yaml;

use crate::base::error::{Diagnostic, Error, Result};
use crate::base::safe_fs::{ReadError, Refusal};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The site's settings file.
pub const CONFIG_FILE: &str = "handbook.yaml";

/// The manifest an output folder of handbook holds: the walk leaves out folders that have
/// one (an output built inside the site), and `output` writes it.
pub const MANIFEST: &str = ".handbook-output";

/// One Markdown file, with its path relative to `content/` written with `/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub rel: String,
    /// The path people see in messages: `content/roles/lead.md`.
    pub display: PathBuf,
    pub text: String,
}

/// A file to copy into the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it goes, relative to the output root, with `/`.
    pub output: String,
    pub path: PathBuf,
    /// Found below `content/` (where `output` is also its path there), not in `static/`.
    pub in_content: bool,
}

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Editors' and systems' leftovers that are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".bck")
        || name == "4913"
}

/// A Markdown file found by `scan`, not read yet. The stamp tells a rebuild whether the file
/// changed since it was last read.
#[derive(Debug, Clone)]
pub struct Found {
    pub rel: String,
    pub path: PathBuf,
    pub stamp: Stamp,
}

/// Size and modification time: enough to notice a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

#[derive(Debug, Default, Clone)]
pub struct Scan {
    pub markdown: Vec<Found>,
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Top-level names that are never content when the site's folder is its own content (no
/// `content/`): the site's other folders, settings, and what tools keep beside the pages.
const NOT_CONTENT: &[&str] = &[
    "static",
    "templates",
    "themes",
    "handbook.yaml",
    "node_modules",
    "target",
];

/// Where the pages are: `content/`, or, in a folder that has none (a `docs/` folder, a wiki
/// export), the folder itself.
pub fn content_root(site: &Path) -> PathBuf {
    let content = site.join("content");
    if std::fs::symlink_metadata(&content).is_ok() {
        content
    } else {
        site.to_path_buf()
    }
}

/// Lists the site's files without reading them.
pub fn scan(site: &Path, max_file_size: u64) -> Result<Scan> {
    let mut scan = Scan::default();
    let content = content_root(site);
    let whole_folder = content == site;
    if whole_folder || top_folder(site, "content", &mut scan.diagnostics) == Some(true) {
        let left_out = if whole_folder {
            not_content(site)
        } else {
            Vec::new()
        };
        for (rel, path, stamp) in walk(&content, site, max_file_size, &mut scan.diagnostics)? {
            let top = rel.split('/').next().unwrap_or(&rel);
            if left_out.iter().any(|name| name == top) {
                continue;
            }
            if rel.ends_with(".md") {
                scan.markdown.push(Found { rel, path, stamp });
            } else {
                scan.assets.push(Asset {
                    output: rel,
                    path,
                    in_content: true,
                });
            }
        }
    }
    if top_folder(site, "static", &mut scan.diagnostics) == Some(true) {
        let static_dir = site.join("static");
        for (rel, path, _) in walk(&static_dir, site, u64::MAX, &mut scan.diagnostics)? {
            scan.assets.push(Asset {
                output: rel,
                path,
                in_content: false,
            });
        }
    }
    Ok(scan)
}

/// In a site whose folder is its own content, the top-level names that are not: those of
/// `NOT_CONTENT` and every folder that holds handbook's output (its manifest).
fn not_content(site: &Path) -> Vec<String> {
    let mut names: Vec<String> = NOT_CONTENT.iter().map(|n| n.to_string()).collect();
    if let Ok(entries) = std::fs::read_dir(site) {
        names.extend(
            entries
                .filter_map(std::result::Result::ok)
                .filter(|e| e.path().join(MANIFEST).is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned()),
        );
    }
    names
}

/// Whether the site's top-level folder `name` is there (`Some(false)`: it is not). A link or
/// a special file in its place is an error (`None`): `static -> /etc/ssl` in a repository
/// would otherwise publish the machine's files.
pub fn top_folder(site: &Path, name: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<bool> {
    let path = site.join(name);
    let refusal = match std::fs::symlink_metadata(&path) {
        Err(_) => return Some(false),
        Ok(meta) if meta.is_dir() => return Some(true),
        Ok(meta) if meta.file_type().is_symlink() => Refusal::Symlink(PathBuf::from(name)),
        Ok(meta) => match crate::base::safe_fs::special_kind(&meta.file_type()) {
            Some(kind) => Refusal::Special {
                path: PathBuf::from(name),
                kind,
            },
            None => {
                diagnostics.push(
                    Diagnostic::error(name, format!("{name} is a file; it should be a folder"))
                        .hint(format!("rename it and make a folder {name}/")),
                );
                return None;
            }
        },
    };
    diagnostics.push(Diagnostic::error(name, refusal.to_string()).hint(refusal.hint()));
    None
}

/// Reads one Markdown file found by `scan`.
pub fn read(site: &Path, found: &Found) -> std::result::Result<SourceFile, Box<Diagnostic>> {
    read_markdown(site, found.rel.clone(), &found.path, found.stamp.len)
}

fn read_markdown(
    site: &Path,
    rel: String,
    path: &Path,
    size: u64,
) -> std::result::Result<SourceFile, Box<Diagnostic>> {
    let display = display_path(site, path);
    let bytes = crate::base::safe_fs::read(path, size).map_err(|e| {
        Box::new(match e {
            ReadError::Refused(refusal) => {
                let refusal = refusal.within(site);
                Diagnostic::error(&display, refusal.to_string()).hint(refusal.hint())
            }
            ReadError::Io(e) => Diagnostic::error(&display, e.to_string()),
        })
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let prefix = &e.as_bytes()[..offset];
        let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
        Box::new(
            Diagnostic::error(&display, "the file is not valid UTF-8 text")
                .at(line, 0)
                .hint("save the file as UTF-8 in your editor"),
        )
    })?;
    Ok(SourceFile { rel, display, text })
}

/// A warning for the first control character that feeds and calendars cannot carry (a form
/// feed pasted from a PDF): they leave it out, and the author should know.
pub fn control_warning(file: &SourceFile) -> Option<Diagnostic> {
    let (line, column, c) = crate::base::escape::first_forbidden_control(&file.text)?;
    Some(
        Diagnostic::warning(
            &file.display,
            format!(
                "the text holds the invisible character {}, which feeds and calendars cannot carry; it is left out of them",
                crate::base::escape::control_name(c)
            ),
        )
        .at(line, column)
        .hint("delete it (it often comes with text pasted from a PDF or a word processor)"),
    )
}

pub fn display_path(site: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(site).unwrap_or(path).to_path_buf()
}

/// Lists the files below `root` in sorted order, as (path relative to `root`, full path).
/// Symbolic links are not followed: a link could lead outside the site or round in a loop.
fn walk(
    root: &Path,
    site: &Path,
    max_file_size: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, PathBuf, Stamp)>> {
    let mut files: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.to_path_buf());
            Error::io(path, e.into())
        })?;
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let display = display_path(site, entry.path());
        if file_type.is_symlink() {
            diagnostics.push(
                Diagnostic::warning(
                    &display,
                    "symbolic links are not followed; this file is left out",
                )
                .hint("copy the file into the site instead of linking to it"),
            );
            continue;
        }
        if let Some(kind) = crate::base::safe_fs::special_kind(&file_type) {
            diagnostics.push(
                Diagnostic::warning(
                    &display,
                    format!("this is {kind}, not a regular file; it is left out"),
                )
                .hint("only regular files are read; remove it from the site"),
            );
            continue;
        }
        let Some(rel) = relative_slash_path(root, entry.path()) else {
            diagnostics.push(Diagnostic::error(
                &display,
                "the file name is not valid UTF-8",
            ));
            continue;
        };
        files.push((rel, entry.into_path(), display));
    }
    // The walk lists names from the folders; each file's size and time takes a call of its
    // own, ten thousand of them in a large site: on every core.
    let stamps: Vec<Stamp> = files
        .par_iter()
        .map(|(_, path, _)| {
            let metadata = std::fs::symlink_metadata(path).ok();
            Stamp {
                len: metadata.as_ref().map(|m| m.len()).unwrap_or(0),
                modified: metadata.and_then(|m| m.modified().ok()),
            }
        })
        .collect();
    let mut found = Vec::with_capacity(files.len());
    for ((rel, path, display), stamp) in files.into_iter().zip(stamps) {
        let size = stamp.len;
        if size > max_file_size && rel.ends_with(".md") {
            diagnostics.push(Diagnostic::error(
                &display,
                format!("the file is {size} bytes; Markdown files are limited to {max_file_size} (`max_file_size` in handbook.yaml)"),
            ));
            continue;
        }
        found.push((rel, path, stamp));
    }
    Ok(found)
}

fn relative_slash_path(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}
