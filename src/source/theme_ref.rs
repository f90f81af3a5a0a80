//! How a site or a theme names a theme: by name or folder (`theme: harbour`), or as a theme
//! kept in another git repository (`theme: { git: URL, version: "^1.2", path: theme }`),
//! which `handbook theme fetch` locks to one commit in `handbook.lock`.

use crate::source::fields::Reader;
use crate::source::frontmatter::{Node, Value};

/// What `theme:` (handbook.yaml) or `extends:` (theme.yaml) names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeRef {
    /// A built-in theme, a folder of the site's `themes/`, or a path.
    Named(String),
    Git(GitTheme),
}

/// A theme in a git repository, as written; resolved to a commit only by `theme fetch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitTheme {
    /// As written: `https://...`, `file://...`, `git@host:path`, or a folder relative to
    /// the site.
    pub url: String,
    pub pin: Pin,
    /// The theme's folder inside the repository, `/`-separated; empty for its root.
    pub path: String,
}

/// Which commit of the repository a git theme wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pin {
    /// A semver range over the repository's tags (`v1.2.0` and `1.2.0` both count).
    Version(semver::VersionReq, String),
    /// A branch, a tag or a commit, followed as it moves (until the lock is updated).
    Ref(String),
}

impl Pin {
    /// As the lock file and messages write it: `version ^1.2` or `ref main`.
    pub fn describe(&self) -> String {
        match self {
            Pin::Version(_, text) => format!("version {text}"),
            Pin::Ref(name) => format!("ref {name}"),
        }
    }
}

impl GitTheme {
    /// `URL` or `URL (path theme)`, for messages.
    pub fn describe(&self) -> String {
        if self.path.is_empty() {
            self.url.clone()
        } else {
            format!("{} (folder {})", self.url, self.path)
        }
    }
}

impl std::fmt::Display for ThemeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThemeRef::Named(name) => f.write_str(name),
            ThemeRef::Git(git) => write!(f, "{}, {}", git.describe(), git.pin.describe()),
        }
    }
}

const GIT_KEYS: &[&str] = &["git", "version", "ref", "path"];

/// Reads a theme reference: text, or a mapping with `git:`. `field` names it in messages
/// (`theme`, `extends`). `None` after an error, which `r` holds.
pub fn read(r: &mut Reader, node: &Node, field: &str) -> Option<ThemeRef> {
    if !matches!(node.value, Value::Map(_)) {
        return r.text_of(node, field).map(ThemeRef::Named);
    }
    let prefix = format!("{field}.");
    let errors_before = r.diagnostics.iter().filter(|d| d.is_error()).count();
    let mut obj = r.obj(node, &prefix)?;
    let url = r.required_text(&mut obj, "git", "https://github.com/our-org/our-theme");
    let version_node = r.take(&mut obj, "version");
    let reference = r.text(&mut obj, "ref");
    let path_node = r.take(&mut obj, "path");
    let path = path_node.and_then(|n| r.text_of(n, &format!("{field}.path")));
    let pin = match (version_node, reference) {
        (Some(v), Some(_)) => {
            r.error_at(
                v,
                &format!("{field}.version"),
                "write either `version:` (a range of tags) or `ref:` (a branch, tag or commit), not both",
            );
            None
        }
        (Some(v), None) => read_range(r, v, &format!("{field}.version")),
        (None, Some(name)) if name.trim().is_empty() => {
            r.error_at(node, &format!("{field}.ref"), "`ref` is empty");
            None
        }
        (None, Some(name)) => Some(Pin::Ref(name.trim().to_string())),
        // No pin: the newest release; the lock still holds the build to one commit.
        (None, None) => Some(Pin::Version(semver::VersionReq::STAR, "*".into())),
    };
    let path = match (path_node, path) {
        (Some(at), Some(path)) => read_path(r, at, &format!("{field}.path"), &path),
        (Some(_), None) => None,
        (None, _) => Some(String::new()),
    };
    r.finish(obj, GIT_KEYS, field);
    if r.diagnostics.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    Some(ThemeRef::Git(GitTheme {
        url: url?.trim().to_string(),
        pin: pin?,
        path: path?,
    }))
}

fn read_range(r: &mut Reader, node: &Node, field: &str) -> Option<Pin> {
    let text = r.text_of(node, field)?;
    match semver::VersionReq::parse(text.trim().trim_start_matches('v')) {
        Ok(req) => Some(Pin::Version(req, text.trim().to_string())),
        Err(e) => {
            r.push(
                crate::base::error::Diagnostic::error(
                    r.path,
                    format!("`{text}` is not a range of versions: {e}"),
                )
                .at(node.line, node.column)
                .field(field)
                .hint("write it like \"^1.2\" (1.2 or later, before 2.0) or \"1.4.0\"; quote it"),
            );
            None
        }
    }
}

/// A folder inside the repository: relative, no `..`, written with `/`.
fn read_path(r: &mut Reader, node: &Node, field: &str, path: &str) -> Option<String> {
    let trimmed = path.trim().trim_matches('/');
    // A leading `/` means the repository's root, as in `/themes/team/`.
    let bad = trimmed.contains('\\') || trimmed.split('/').any(|part| part == ".." || part == ".");
    if bad {
        r.error_at(
            node,
            field,
            format!("`{path}` is not a folder inside the repository"),
        );
        return None;
    }
    Some(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::fields::UnknownKeys;
    use std::path::Path;

    fn read_yaml(yaml: &str) -> (Option<ThemeRef>, Vec<String>) {
        let node = crate::source::frontmatter::parse(yaml, 1).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        let mut r = Reader::new(Path::new("handbook.yaml"), UnknownKeys::Error);
        let found = read(&mut r, &entries[0].1, "theme");
        let messages = r
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.line,
                    d.field.clone().unwrap_or_default(),
                    d.message
                )
            })
            .collect();
        (found, messages)
    }

    #[test]
    fn a_name_stays_a_name() {
        let (found, messages) = read_yaml("theme: harbour\n");
        assert_eq!(found, Some(ThemeRef::Named("harbour".into())));
        assert!(messages.is_empty());
    }

    #[test]
    fn a_git_theme_reads_its_range_and_folder() {
        let (found, messages) = read_yaml(
            "theme:\n  git: https://example.org/t.git\n  version: \"^1.2\"\n  path: /themes/team/\n",
        );
        assert!(messages.is_empty(), "{messages:?}");
        let Some(ThemeRef::Git(git)) = found else {
            panic!()
        };
        assert_eq!(git.path, "themes/team");
        let Pin::Version(req, text) = git.pin else {
            panic!()
        };
        assert_eq!(text, "^1.2");
        assert!(req.matches(&semver::Version::new(1, 9, 0)));
        assert!(!req.matches(&semver::Version::new(2, 0, 0)));
    }

    #[test]
    fn each_mistake_is_one_message_at_its_line() {
        for (yaml, line, field) in [
            ("theme:\n  git: x\n  version: one\n", 3, "theme.version"),
            (
                "theme:\n  git: x\n  version: \"1\"\n  ref: main\n",
                3,
                "theme.version",
            ),
            ("theme:\n  git: x\n  path: ../up\n", 3, "theme.path"),
            ("theme:\n  git: x\n  tag: v1\n", 3, "theme.tag"),
            ("theme:\n  version: \"1\"\n", 2, "theme.git"),
        ] {
            let (found, messages) = read_yaml(yaml);
            assert!(found.is_none(), "{yaml}");
            assert_eq!(messages.len(), 1, "{yaml}: {messages:?}");
            assert!(
                messages[0].starts_with(&format!("{line}:{field} ")),
                "{yaml}: {messages:?}"
            );
        }
    }
}
