//! `handbook.lock`: the exact commit and file hash of every git theme a site builds with, and
//! the cache folder (`.handbook/themes/NAME@VERSION/`) that holds each. Builds read the lock
//! and the cache only, never the network; `handbook theme fetch` and `update` write them.

use crate::base::error::Diagnostic;
use crate::source::fields::{Reader, UnknownKeys};
use crate::source::theme_ref::GitTheme;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub const LOCK_FILE: &str = "handbook.lock";
/// Below the site; ignored by git (the starter's `.gitignore` says so) and by the scan.
pub const CACHE: &str = ".handbook/themes";
const LOCK_VERSION: i64 = 1;

/// One git theme, as fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked {
    /// The address as written in handbook.yaml or theme.yaml.
    pub git: String,
    /// The folder inside the repository; empty for its root.
    pub path: String,
    /// What was asked for (`version ^1.2`, `ref main`): a changed request needs a new fetch.
    pub pin: String,
    /// The theme's name in its theme.yaml.
    pub name: String,
    /// The tag or branch chosen (`v1.1.0`, `main`), or the commit for a commit.
    pub resolved: String,
    pub commit: String,
    /// Of the theme's files, as [`hash_folder`] computes it.
    pub sha256: String,
    /// Below [`CACHE`]: `NAME@VERSION`.
    pub folder: String,
}

impl Locked {
    pub fn matches(&self, git: &GitTheme) -> bool {
        self.git == git.url && self.path == git.path
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    /// In the order of the chain, the chosen theme first.
    pub themes: Vec<Locked>,
}

const ENTRY_KEYS: &[&str] = &[
    "git", "path", "pin", "name", "resolved", "commit", "sha256", "folder",
];

impl Lock {
    pub fn find(&self, git: &GitTheme) -> Option<&Locked> {
        self.themes.iter().find(|l| l.matches(git))
    }

    /// The site's lock, `None` when it has none; a damaged lock is one error at its line.
    pub fn read(site: &Path) -> Result<Option<Lock>, Vec<Diagnostic>> {
        let path = site.join(LOCK_FILE);
        let shown = PathBuf::from(LOCK_FILE);
        let bytes = match crate::base::safe_fs::read(&path, 0) {
            Ok(bytes) => bytes,
            Err(_) if !path.exists() => return Ok(None),
            Err(e) => return Err(vec![Diagnostic::error(&shown, e.to_string())]),
        };
        let raw = String::from_utf8_lossy(&bytes);
        let text = crate::source::frontmatter::normalize(&raw);
        let node = crate::source::frontmatter::parse(&text, 1).map_err(|e| {
            vec![
                Diagnostic::error(&shown, format!("the lock is not valid YAML: {}", e.message))
                    .at(e.line, e.column)
                    .hint("run `handbook theme fetch` to write it again"),
            ]
        })?;
        let mut r = Reader::new(&shown, UnknownKeys::Error);
        let mut lock = Lock::default();
        if let Some(mut obj) = r.obj(&node, "") {
            let version = r.int(&mut obj, "lock_version");
            if version.is_some_and(|v| v != LOCK_VERSION) {
                r.push(
                    Diagnostic::error(&shown, "this lock was written by another handbook version")
                        .field("lock_version")
                        .hint("run `handbook theme fetch` to write it again"),
                );
            }
            for (field, item) in r.list(&mut obj, "themes") {
                if let Some(locked) = read_entry(&mut r, item, &field) {
                    lock.themes.push(locked);
                }
            }
            r.finish(obj, &["lock_version", "themes"], LOCK_FILE);
        }
        if r.has_errors() {
            return Err(r.diagnostics);
        }
        Ok(Some(lock))
    }

    /// The lock as text: a header for people, then one entry a theme, strings quoted.
    pub fn to_text(&self) -> String {
        let mut out = String::from(
            "# handbook.lock: the exact themes this site is built with, written by\n\
             # `handbook theme fetch` and `handbook theme update`. Commit it; do not edit it.\n",
        );
        out.push_str(&format!("lock_version: {LOCK_VERSION}\nthemes:"));
        if self.themes.is_empty() {
            out.push_str(" []");
        }
        out.push('\n');
        for t in &self.themes {
            let fields = [
                ("git", &t.git),
                ("path", &t.path),
                ("pin", &t.pin),
                ("name", &t.name),
                ("resolved", &t.resolved),
                ("commit", &t.commit),
                ("sha256", &t.sha256),
                ("folder", &t.folder),
            ];
            for (i, (key, value)) in fields.iter().enumerate() {
                let lead = if i == 0 { "  - " } else { "    " };
                // JSON strings are YAML strings: any character is written safely.
                let quoted = serde_json::to_string(value).unwrap_or_default();
                out.push_str(&format!("{lead}{key}: {quoted}\n"));
            }
        }
        out
    }

    /// Writes the lock aside and moves it into place: never half a lock.
    pub fn write(&self, site: &Path) -> std::io::Result<()> {
        let target = site.join(LOCK_FILE);
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(std::io::Error::other(
                "handbook.lock is a symbolic link; remove it, and the lock is written in its place",
            ));
        }
        let aside = site.join(format!(".{LOCK_FILE}.{}.tmp", std::process::id()));
        std::fs::write(&aside, self.to_text())?;
        std::fs::rename(&aside, &target).inspect_err(|_| {
            let _ = std::fs::remove_file(&aside);
        })
    }
}

fn read_entry(
    r: &mut Reader,
    node: &crate::source::frontmatter::Node,
    field: &str,
) -> Option<Locked> {
    let mut obj = r.obj(node, &format!("{field}."))?;
    let text = |r: &mut Reader, obj: &mut _, key| r.required_text(obj, key, "");
    let git = text(r, &mut obj, "git");
    let path = r.text(&mut obj, "path").unwrap_or_default();
    let pin = text(r, &mut obj, "pin");
    let name = text(r, &mut obj, "name");
    let resolved = text(r, &mut obj, "resolved");
    let commit = text(r, &mut obj, "commit");
    let sha256 = text(r, &mut obj, "sha256");
    let at = obj
        .value_position("folder")
        .unwrap_or((node.line, node.column));
    let folder = text(r, &mut obj, "folder");
    r.finish(obj, ENTRY_KEYS, field);
    let folder = folder?;
    if !is_folder_name(&folder) {
        r.push(
            Diagnostic::error(r.path, format!("`{folder}` is not a cache folder's name"))
                .at(at.0, at.1)
                .field(format!("{field}.folder"))
                .hint("run `handbook theme fetch` to write the lock again"),
        );
        return None;
    }
    Some(Locked {
        git: git?,
        path,
        pin: pin?,
        name: name?,
        resolved: resolved?,
        commit: commit?,
        sha256: sha256?,
        folder,
    })
}

/// One plain name below the cache: the lock cannot send a build elsewhere.
pub fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '+'))
}

/// SHA-256 over the theme's files, in path order: each path, a zero byte, its length as 8
/// bytes (little-endian), its bytes. A renamed, added or changed file changes it.
pub fn hash_folder(folder: &Path) -> Result<String, String> {
    let files = super::files::list_files(folder).map_err(|problems| {
        problems
            .first()
            .map(|(p, m)| format!("{}: {m}", p.display()))
            .unwrap_or_default()
    })?;
    let mut hasher = Sha256::new();
    for (rel, path) in files {
        let bytes = crate::base::safe_fs::read(&path, 0).map_err(|e| e.to_string())?;
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

/// The cache folder of `.handbook/themes/`; refused when `.handbook` or `themes` is a link
/// (what the tool writes there must stay inside the site).
pub fn cache_root(site: &Path) -> Result<PathBuf, String> {
    let root = site.join(CACHE);
    crate::base::safe_fs::check_components(site, &root)
        .map_err(|refusal| format!("{}", refusal.within(site)))?;
    Ok(root)
}

/// Where a locked git theme is, after checking that its files are the ones locked.
/// The error is a message and a hint; both send the author to `handbook theme fetch`.
pub fn locate(
    site: &Path,
    lock: Option<&Lock>,
    git: &GitTheme,
) -> Result<PathBuf, (String, String)> {
    let fetch = "run `handbook theme fetch`: it fetches the themes that handbook.yaml names and writes handbook.lock".to_string();
    let Some(lock) = lock else {
        return Err((
            format!(
                "the theme at {} is not fetched yet: the site has no handbook.lock",
                git.describe()
            ),
            fetch,
        ));
    };
    let Some(locked) = lock.find(git) else {
        return Err((
            format!(
                "handbook.lock has no entry for the theme at {}",
                git.describe()
            ),
            fetch,
        ));
    };
    if locked.pin != git.pin.describe() {
        return Err((
            format!(
                "handbook.lock holds the theme at {} for {}, but {} is asked for now",
                git.describe(),
                locked.pin,
                git.pin.describe()
            ),
            fetch,
        ));
    }
    let root = cache_root(site).map_err(|e| (e, fetch.clone()))?;
    let folder = root.join(&locked.folder);
    if !folder.is_dir() {
        return Err((
            format!(
                "the theme {} {} is locked but not in {CACHE}/ (a fresh clone?)",
                locked.name, locked.resolved
            ),
            fetch,
        ));
    }
    match hash_folder(&folder) {
        Ok(hash) if hash == locked.sha256 => Ok(folder),
        Ok(_) => Err((
            format!("the files in {CACHE}/{} were changed since they were fetched", locked.folder),
            "run `handbook theme fetch` to restore them; to change a shared theme, change its repository (or copy it into themes/)".into(),
        )),
        Err(e) => Err((format!("cannot read {CACHE}/{}: {e}", locked.folder), fetch)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(folder: &str) -> Locked {
        Locked {
            git: "https://example.org/thèmes/\"odd\": #1.git".into(),
            path: "themes/team".into(),
            pin: "version ^1.2".into(),
            name: "team".into(),
            resolved: "v1.2.0".into(),
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
            sha256: "ab".repeat(32),
            folder: folder.into(),
        }
    }

    #[test]
    fn a_lock_reads_back_as_written_whatever_its_strings_hold() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock {
            themes: vec![entry("team@1.2.0"), entry("org@2.0.0")],
        };
        lock.write(dir.path()).unwrap();
        assert_eq!(Lock::read(dir.path()).unwrap(), Some(lock));
        let empty = Lock::default();
        empty.write(dir.path()).unwrap();
        assert_eq!(Lock::read(dir.path()).unwrap(), Some(empty));
    }

    #[test]
    fn a_lock_cannot_send_a_build_out_of_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["../../etc", ".hidden", "a/b", ""] {
            let text = Lock {
                themes: vec![entry(folder)],
            }
            .to_text();
            std::fs::write(dir.path().join(LOCK_FILE), text).unwrap();
            let problems = Lock::read(dir.path()).unwrap_err();
            assert_eq!(problems.len(), 1, "{folder}: {problems:?}");
            assert_eq!(problems[0].line, 12, "{folder}: the `folder:` line");
        }
    }
}
