//! Where a theme's files come from: a theme named by the site (its `themes/`), by a path, by
//! another theme (a sibling), or built in; and reading a theme's folder, whose links may
//! point only inside it.

use crate::base::error::{Diagnostic, suggest};
use std::path::{Path, PathBuf};

/// Where a file of the theme came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded(String),
    File(PathBuf),
}

impl Origin {
    pub fn display(&self) -> PathBuf {
        match self {
            Origin::Embedded(name) => PathBuf::from(format!("<built-in theme>/{name}")),
            Origin::File(path) => path.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    pub origin: Origin,
}

/// Where a theme's files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Source {
    Builtin(&'static str, &'static [(&'static str, &'static [u8])]),
    Dir(PathBuf),
}

impl Source {
    pub(super) fn identity(&self) -> String {
        match self {
            Source::Builtin(name, _) => format!("built-in {name}"),
            Source::Dir(path) => path
                .canonicalize()
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
        }
    }

    pub(super) fn describe(&self, site: &Path) -> String {
        match self {
            Source::Builtin(name, _) => format!("the built-in theme `{name}`"),
            Source::Dir(path) => crate::source::display_path(site, path)
                .display()
                .to_string(),
        }
    }
}

/// Finds a theme by name (the site's `themes/NAME`, then the built-in themes) or by path
/// (anything with a `/`, relative to `base`).
pub(super) fn resolve(site: &Path, base: Option<&Path>, reference: &str) -> Result<Source, String> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err("the theme's name is empty".into());
    }
    if reference.contains('/') || reference.contains('\\') || reference.starts_with('.') {
        let base = base.unwrap_or(site);
        let path = base.join(reference);
        // A theme may live outside the site (a support team's folder beside it), but the way
        // there may not pass a symbolic link inside the site.
        crate::base::safe_fs::check_components(site, &path)
            .map_err(|refusal| refused(site, refusal))?;
        return if path.is_dir() {
            Ok(Source::Dir(path))
        } else {
            Err(format!("no theme folder at {}", path.display()))
        };
    }
    let local = site.join("themes").join(reference);
    crate::base::safe_fs::check_components(site, &local)
        .map_err(|refusal| refused(site, refusal))?;
    if local.is_dir() {
        return Ok(Source::Dir(local));
    }
    // A theme named by a theme: its sibling folder, as `handbook theme check themes/alpha`
    // must find the `beta` that alpha extends, wherever the two are kept.
    if let Some(sibling) = base
        .and_then(Path::parent)
        .map(|folder| folder.join(reference))
        .filter(|dir| dir.join("theme.yaml").is_file())
    {
        crate::base::safe_fs::check_components(site, &sibling)
            .map_err(|refusal| refused(site, refusal))?;
        return Ok(Source::Dir(sibling));
    }
    if let Some(files) = crate::base::embedded::theme(reference) {
        let name = crate::base::embedded::THEMES
            .iter()
            .find(|(n, _)| *n == reference)
            .map(|(n, _)| *n)
            .unwrap_or("default");
        return Ok(Source::Builtin(name, files));
    }
    let known: Vec<&str> = crate::base::embedded::THEMES
        .iter()
        .map(|(n, _)| *n)
        .collect();
    Err(match suggest(reference, &known) {
        Some(near) => format!("no theme called `{reference}`; did you mean `{near}`?"),
        None => format!(
            "no theme called `{reference}` in themes/ or built in (built in: {})",
            known.join(", ")
        ),
    })
}

/// A theme folder reached through a link inside the site, in words for the error.
fn refused(site: &Path, refusal: crate::base::safe_fs::Refusal) -> String {
    format!(
        "{}; put the theme's folder itself in place of the link",
        refusal.within(site)
    )
}

/// Reads a theme's files; in a folder, symbolic links may point only inside the theme.
pub(super) fn read_files(
    site: &Path,
    source: &Source,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, ThemeFile)> {
    match source {
        Source::Builtin(name, files) => files
            .iter()
            .map(|(path, bytes)| {
                (
                    path.to_string(),
                    ThemeFile {
                        bytes: bytes.to_vec(),
                        origin: Origin::Embedded(format!("{name}/{path}")),
                    },
                )
            })
            .collect(),
        Source::Dir(root) => match list_files(root) {
            Ok(files) => files
                .into_iter()
                .filter_map(|(rel, path)| match crate::base::safe_fs::read(&path, 0) {
                    Ok(bytes) => Some((
                        rel,
                        ThemeFile {
                            bytes,
                            origin: Origin::File(crate::source::display_path(site, &path)),
                        },
                    )),
                    Err(e) => {
                        problems.push(Diagnostic::error(
                            crate::source::display_path(site, &path),
                            e.to_string(),
                        ));
                        None
                    }
                })
                .collect(),
            Err(found) => {
                problems.extend(found.into_iter().map(|(path, message)| {
                    Diagnostic::error(crate::source::display_path(site, &path), message)
                        .hint("a theme may only use files inside its own folder; copy the file in")
                }));
                Vec::new()
            }
        },
    }
}

/// A file and what is wrong with it.
pub type Problem = (PathBuf, String);

/// The files below `root`, sorted. A symbolic link must resolve inside `root`.
pub fn list_files(root: &Path) -> Result<Vec<(String, PathBuf)>, Vec<Problem>> {
    let canonical_root = root
        .canonicalize()
        .map_err(|e| vec![(root.to_path_buf(), e.to_string())])?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push((e.path().unwrap_or(root).to_path_buf(), e.to_string()));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let Some(parts) = parts else { continue };
        if parts.iter().any(|p| crate::source::is_ignored_name(p)) {
            continue;
        }
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) => {
                    match std::fs::metadata(&target) {
                        Ok(meta) if meta.is_file() => files.push((parts.join("/"), target)),
                        Ok(meta) if !meta.is_dir() => problems.push((
                            entry.path().to_path_buf(),
                            "this symbolic link leads to a special file, not a regular file"
                                .to_string(),
                        )),
                        _ => {}
                    }
                }
                Ok(target) => problems.push((
                    entry.path().to_path_buf(),
                    format!(
                        "this symbolic link leads out of the theme, to {}",
                        target.display()
                    ),
                )),
                Err(e) => problems.push((
                    entry.path().to_path_buf(),
                    format!("this symbolic link is broken or loops: {e}"),
                )),
            }
            continue;
        }
        if entry.file_type().is_file() {
            files.push((parts.join("/"), entry.into_path()));
        } else if let Some(kind) = crate::base::safe_fs::special_kind(&entry.file_type()) {
            problems.push((
                entry.path().to_path_buf(),
                format!("this is {kind}, not a regular file"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}
