//! Reading another repository: list its tags and branches, and fetch one of them (shallow
//! where git allows) to copy a folder of it out. Used for themes kept in a support team's
//! repository. Through gitoxide like the history, so https needs no git program; `file://`
//! URLs and local folders are served by the `git upload-pack` program, as in git itself.

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// The most a theme may hold: a theme is templates and a few images, never a site.
const MAX_FILES: usize = 10_000;
const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// A tag or branch of a remote repository and the commit it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteRef {
    /// In full: `refs/tags/v1.2.0`, `refs/heads/main`.
    pub name: String,
    /// The commit (a tag peeled), 40 hex digits.
    pub commit: String,
}

/// What went wrong with a remote, said for people; `hint` is the way out.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("cannot reach the repository {url}: {reason}")]
    Unreachable {
        url: String,
        reason: String,
        hint: &'static str,
    },
    #[error("the repository {url} has no {what}")]
    Missing {
        url: String,
        what: String,
        hint: String,
    },
    #[error("cannot copy the theme out of {url}: {reason}")]
    Tree { url: String, reason: String },
    #[error("cannot prepare a scratch repository in {}: {reason}", .folder.display())]
    Scratch { folder: PathBuf, reason: String },
}

impl RemoteError {
    pub fn hint(&self) -> Option<String> {
        match self {
            RemoteError::Unreachable { hint, .. } => Some(hint.to_string()),
            RemoteError::Missing { hint, .. } => Some(hint.clone()),
            RemoteError::Tree { .. } => None,
            RemoteError::Scratch { .. } => {
                Some("check that the site's folder can be written to".into())
            }
        }
    }
}

/// A bare repository in a scratch folder, removed when dropped, that fetches from one URL.
struct Scratch {
    repo: gix::Repository,
    folder: PathBuf,
    url: String,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

impl Scratch {
    fn new(url: &str, scratch: &Path) -> Result<Scratch, RemoteError> {
        let fail = |e: &dyn std::fmt::Display| RemoteError::Scratch {
            folder: scratch.to_path_buf(),
            reason: e.to_string(),
        };
        std::fs::create_dir_all(scratch).map_err(|e| fail(&e))?;
        // One folder a fetch: this process's id and a count make it unique; `create_dir`
        // (not `_all`) fails rather than share a folder with another process.
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let folder = scratch.join(format!("fetch-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir(&folder).map_err(|e| fail(&e))?;
        let mut repo = gix::init_bare(&folder).map_err(|e| fail(&e))?;
        let mut config = repo.config_snapshot_mut();
        // Time-outs, so that a dead server fails a fetch instead of hanging a CI job: give up
        // connecting after 20 s, and a transfer slower than 1 KB/s for 30 s.
        use gix::config::tree::{Http, gitoxide};
        let settings: [(&'static dyn gix::config::tree::Key, &str); 4] = [
            (&gitoxide::Http::CONNECT_TIMEOUT, "20000"),
            (&Http::LOW_SPEED_LIMIT, "1000"),
            (&Http::LOW_SPEED_TIME, "30"),
            // Never ask at a terminal: a CI job would wait for ever.
            (&gitoxide::Credentials::TERMINAL_PROMPT, "false"),
        ];
        for (key, value) in settings {
            config.set_value(key, value).map_err(|e| fail(&e))?;
        }
        config.commit().map_err(|e| fail(&e))?;
        Ok(Scratch {
            repo,
            folder,
            url: url.to_string(),
        })
    }

    /// The remote at the scratch's URL, fetching `specs` and no other tags.
    fn remote(&self, specs: &[&str]) -> Result<gix::Remote<'_>, RemoteError> {
        self.repo
            .remote_at(self.url.as_str())
            .map_err(|e| self.unreachable(&e))?
            .with_fetch_tags(gix::remote::fetch::Tags::None)
            .with_refspecs(specs.iter().copied(), gix::remote::Direction::Fetch)
            .map_err(|e| self.unreachable(&e))
    }

    fn unreachable(&self, e: &dyn std::fmt::Display) -> RemoteError {
        let reason = e.to_string();
        let lower = reason.to_lowercase();
        let hint = if lower.contains("401")
            || lower.contains("403")
            || lower.contains("credential")
            || lower.contains("authenticat")
        {
            "the repository may be private: give git credentials (a credential helper, or a token \
             in the workflow), or ask its owners to make it public"
        } else if lower.contains("not found")
            || lower.contains("404")
            || lower.contains("does not appear to be a git repository")
            || lower.contains("no such file")
            || lower.contains("not a git repository")
            || lower.contains("valid git directory")
            || lower.contains("repository not found")
        {
            "check the `git:` address in handbook.yaml (or theme.yaml): no repository answers there"
        } else {
            "check the address and the network; a proxy may need `https_proxy` set"
        };
        RemoteError::Unreachable {
            url: self.url.clone(),
            reason: first_line(&reason),
            hint,
        }
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).trim().to_string()
}

/// `url` as gitoxide takes it: a relative folder is read from the site's folder.
pub fn absolute_url(url: &str, site: &Path) -> String {
    let is_url = url.contains("://") || is_scp_like(url);
    if is_url || Path::new(url).is_absolute() {
        return url.to_string();
    }
    let site = site.canonicalize().unwrap_or_else(|_| site.to_path_buf());
    site.join(url).display().to_string()
}

/// `git@host:path`: a colon before any slash, and more than a drive letter.
fn is_scp_like(url: &str) -> bool {
    match (url.find(':'), url.find('/')) {
        (Some(colon), slash) => colon > 1 && slash.is_none_or(|s| colon < s),
        (None, _) => false,
    }
}

/// The tags and branches of the repository at `url`, with the commit each names.
pub fn list_refs(url: &str, scratch: &Path) -> Result<Vec<RemoteRef>, RemoteError> {
    let work = Scratch::new(url, scratch)?;
    let remote = work.remote(&["+refs/tags/*:refs/tags/*", "+refs/heads/*:refs/heads/*"])?;
    let connection = remote
        .connect(gix::remote::Direction::Fetch)
        .map_err(|e| work.unreachable(&e))?;
    let options = gix::remote::ref_map::Options {
        prefix_from_spec_as_filter_on_remote: true,
        ..Default::default()
    };
    let (map, _) = connection
        .ref_map(gix::progress::Discard, options)
        .map_err(|e| work.unreachable(&e))?;
    let mut refs: Vec<RemoteRef> = map
        .remote_refs
        .iter()
        .filter_map(|r| {
            let (name, target, peeled) = r.unpack();
            let commit = peeled.or(target)?;
            Some(RemoteRef {
                name: name.to_string(),
                commit: commit.to_string(),
            })
        })
        .filter(|r| r.name.starts_with("refs/tags/") || r.name.starts_with("refs/heads/"))
        .collect();
    refs.sort_by(|a, b| a.name.cmp(&b.name));
    refs.dedup_by(|a, b| a.name == b.name);
    Ok(refs)
}

/// A folder of a repository at one commit, copied out.
#[derive(Debug)]
pub struct Fetched {
    pub commit: String,
}

/// Fetches `reference` (a full ref name, or a commit's 40 hex digits) from `url` and writes
/// the files of its folder `folder` (empty: the whole tree) into `into`, which must not exist.
pub fn fetch_folder(
    url: &str,
    reference: &str,
    folder: &str,
    into: &Path,
    scratch: &Path,
) -> Result<Fetched, RemoteError> {
    let work = Scratch::new(url, scratch)?;
    let is_commit = reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit());
    // A commit is fetched with every branch and tag, as servers need not serve a bare commit.
    let one = format!("+{reference}:{reference}");
    let remote = if is_commit {
        work.remote(&["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"])?
    } else {
        work.remote(&[one.as_str()])?
    };
    let connection = remote
        .connect(gix::remote::Direction::Fetch)
        .map_err(|e| work.unreachable(&e))?;
    let mut prepare = connection
        .prepare_fetch(gix::progress::Discard, Default::default())
        .map_err(|e| work.unreachable(&e))?;
    if !is_commit {
        prepare = prepare.with_shallow(gix::remote::fetch::Shallow::DepthAtRemote(NonZeroU32::MIN));
    }
    prepare
        .receive(gix::progress::Discard, &AtomicBool::new(false))
        .map_err(|e| work.unreachable(&e))?;
    let commit = find_commit(&work, reference, is_commit)?;
    write_folder(&work, &commit, folder, into)?;
    Ok(Fetched {
        commit: commit.id.to_string(),
    })
}

fn find_commit<'r>(
    work: &'r Scratch,
    reference: &str,
    is_commit: bool,
) -> Result<gix::Commit<'r>, RemoteError> {
    let missing = || RemoteError::Missing {
        url: work.url.clone(),
        what: if is_commit {
            format!("commit {reference}")
        } else {
            format!("`{}`", short_name(reference))
        },
        hint: "check the `ref:` in handbook.yaml, or run `handbook theme update` to choose again"
            .into(),
    };
    if is_commit {
        let id = gix::ObjectId::from_hex(reference.as_bytes()).map_err(|_| missing())?;
        let object = work.repo.find_object(id).map_err(|_| missing())?;
        return object.peel_to_commit().map_err(|_| missing());
    }
    let mut found = work.repo.find_reference(reference).map_err(|_| missing())?;
    found.peel_to_commit().map_err(|_| missing())
}

/// `v1.2.0` for `refs/tags/v1.2.0`, `main` for `refs/heads/main`.
pub fn short_name(reference: &str) -> &str {
    reference
        .strip_prefix("refs/tags/")
        .or_else(|| reference.strip_prefix("refs/heads/"))
        .unwrap_or(reference)
}

fn write_folder(
    work: &Scratch,
    commit: &gix::Commit<'_>,
    folder: &str,
    into: &Path,
) -> Result<(), RemoteError> {
    let fail = |reason: String| RemoteError::Tree {
        url: work.url.clone(),
        reason,
    };
    let root = commit.tree().map_err(|e| fail(e.to_string()))?;
    let tree = if folder.is_empty() {
        root
    } else {
        let entry = root
            .lookup_entry_by_path(folder)
            .map_err(|e| fail(e.to_string()))?
            .ok_or_else(|| RemoteError::Missing {
                url: work.url.clone(),
                what: format!("folder `{folder}` at commit {}", commit.id),
                hint: "check `path:` in handbook.yaml: it names the theme's folder inside the repository"
                    .into(),
            })?;
        entry
            .object()
            .map_err(|e| fail(e.to_string()))?
            .peel_to_tree()
            .map_err(|_| fail(format!("`{folder}` is a file, not a folder")))?
    };
    let entries = tree
        .traverse()
        .breadthfirst
        .files()
        .map_err(|e| fail(e.to_string()))?;
    let (mut count, mut bytes) = (0usize, 0u64);
    std::fs::create_dir_all(into).map_err(|e| fail(e.to_string()))?;
    for entry in entries {
        let path = entry.filepath.to_string();
        if entry.mode.is_tree() || entry.mode.is_commit() {
            // Folders are made as their files are written; a submodule is not the theme's.
            continue;
        }
        if entry.mode.is_link() {
            return Err(fail(format!(
                "`{path}` is a symbolic link; a theme's files must be plain files"
            )));
        }
        let parts: Vec<&str> = path.split('/').collect();
        if parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == ".." || p.contains('\\'))
        {
            return Err(fail(format!("`{path}` is not a safe file name")));
        }
        let blob = work
            .repo
            .find_object(entry.oid)
            .map_err(|e| fail(e.to_string()))?;
        count += 1;
        bytes += blob.data.len() as u64;
        if count > MAX_FILES || bytes > MAX_BYTES {
            return Err(fail(format!(
                "the folder holds more than {MAX_FILES} files or {} MB; is `path:` the theme's folder?",
                MAX_BYTES / 1024 / 1024
            )));
        }
        let target = parts
            .iter()
            .fold(into.to_path_buf(), |p, part| p.join(part));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
        }
        std::fs::write(&target, &blob.data).map_err(|e| fail(e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_told_from_folders() {
        let site = Path::new("/srv/site");
        assert_eq!(
            absolute_url("https://x.org/t.git", site),
            "https://x.org/t.git"
        );
        assert_eq!(
            absolute_url("git@github.com:org/t.git", site),
            "git@github.com:org/t.git"
        );
        assert_eq!(absolute_url("/abs/theme", site), "/abs/theme");
        assert_eq!(absolute_url("../theme", site), "/srv/site/../theme");
        assert_eq!(short_name("refs/tags/v1.0.0"), "v1.0.0");
        assert_eq!(short_name("refs/heads/main"), "main");
    }
}
