//! One theme of a chain, as its folder holds it: `theme.yaml` read and checked (name,
//! version, what it extends, the handbook versions it supports, its options) and its files.

use super::files::{Source, ThemeFile, read_files};
use super::options::{OptionSpec, read_options};
use crate::base::error::Diagnostic;
use crate::source::fields::{Reader, UnknownKeys};
use crate::source::frontmatter::{self, Node};
use crate::source::theme_ref::{self, ThemeRef};
use std::path::{Path, PathBuf};

const THEME_KEYS: &[&str] = &[
    "name",
    "version",
    "description",
    "extends",
    "handbook",
    "options",
];

/// One theme of the chain, as `theme.yaml` describes it.
#[derive(Debug, Clone)]
pub struct ThemeInfo {
    pub name: String,
    pub version: String,
    pub description: Option<String>,
}

/// A theme as read, before the chain is merged.
#[derive(Debug)]
pub(super) struct Layer {
    pub(super) info: ThemeInfo,
    pub(super) extends: Option<(ThemeRef, usize, usize)>,
    pub(super) requirement: Option<(String, usize, usize)>,
    pub(super) options: Vec<(String, OptionSpec)>,
    pub(super) files: Vec<(String, ThemeFile)>,
    pub(super) spec_path: PathBuf,
}

pub(super) fn read_layer(
    site: &Path,
    source: &Source,
    problems: &mut Vec<Diagnostic>,
) -> Option<Layer> {
    let before = problems.len();
    let files = read_files(site, source, problems);
    // The folder could not be listed (a link out of the theme): that error is the message;
    // "has no theme.yaml" would be a second, false one.
    if files.is_empty() && problems.len() > before {
        return None;
    }
    let spec_path = spec_path(site, source);
    let node = spec_node(site, source, &files, &spec_path, problems)?;
    let mut r = Reader::new(&spec_path, UnknownKeys::Error);
    let mut obj = r.obj(&node, "")?;
    let name = r
        .required_text(&mut obj, "name", "my-theme")
        .unwrap_or_default();
    let version = r
        .required_text(&mut obj, "version", "1.0.0")
        .unwrap_or_default();
    let description = r.text(&mut obj, "description");
    let extends = r
        .take(&mut obj, "extends")
        .and_then(|n| Some((theme_ref::read(&mut r, n, "extends")?, n.line, n.column)));
    let requirement = r
        .take(&mut obj, "handbook")
        .and_then(|n| Some((r.text_of(n, "handbook")?, n.line, n.column)));
    let options = match r.take(&mut obj, "options") {
        Some(node) if r.obj(node, "options.").is_some() => {
            read_options(&mut r, node, &spec_path, &name)
        }
        _ => Vec::new(),
    };
    r.finish(obj, THEME_KEYS, "theme.yaml");
    let failed = r.has_errors();
    problems.extend(r.diagnostics);
    if failed {
        return None;
    }
    Some(Layer {
        info: ThemeInfo {
            name,
            version,
            description,
        },
        extends,
        requirement,
        options,
        files,
        spec_path,
    })
}

/// Where a theme's `theme.yaml` is, as messages name it.
fn spec_path(site: &Path, source: &Source) -> PathBuf {
    match source {
        Source::Builtin(name, _) => PathBuf::from(format!("<built-in theme>/{name}/theme.yaml")),
        Source::Dir(root) => crate::source::display_path(site, &root.join("theme.yaml")),
    }
}

/// The theme's `theme.yaml`, parsed; `None` after saying why it cannot be read.
fn spec_node(
    site: &Path,
    source: &Source,
    files: &[(String, ThemeFile)],
    spec_path: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<Node> {
    let Some((_, spec)) = files.iter().find(|(rel, _)| rel == "theme.yaml") else {
        problems.push(
            Diagnostic::error(
                spec_path,
                format!("{} has no theme.yaml", source.describe(site)),
            )
            .hint("a theme needs theme.yaml with at least `name:` and `version:`"),
        );
        return None;
    };
    let text = String::from_utf8_lossy(&spec.bytes);
    let text = frontmatter::normalize(&text);
    match frontmatter::parse(&text, 1) {
        Ok(node) => Some(node),
        Err(e) => {
            problems.push(
                Diagnostic::error(
                    spec_path,
                    format!("theme.yaml is not valid YAML: {}", e.message),
                )
                .at(e.line, e.column),
            );
            None
        }
    }
}
