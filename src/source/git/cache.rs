//! What each commit changed in the content, kept between builds in the repository's own
//! folder (`.git/handbook/`), where nothing is committed, packaged or published: a commit
//! never changes, so a later build diffs only the commits made since. A cache that is
//! missing, damaged or of another version is read as empty; one that cannot be written is
//! left alone. Neither ever fails a build.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::diff::{Author, ChangeKind, Changed};

/// Bumped when what a commit's record means changes: an older file is then not read.
const VERSION: u32 = 1;

/// One commit of the first-parent line: its first parent, and what it changed (`None` when
/// it left the content as it was).
pub(super) struct Known {
    pub(super) parent: Option<gix::ObjectId>,
    pub(super) changed: Option<Changed>,
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    prefix: String,
    /// Newest first.
    commits: Vec<Stored>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    changed: Option<StoredChange>,
}

#[derive(Serialize, Deserialize)]
struct StoredChange {
    time: i64,
    author: Author,
    summary: String,
    changes: Vec<(ChangeKind, String)>,
}

/// The cache of one content folder (a repository can hold several handbooks) in the
/// repository's `handbook` folder.
fn path_in(dir: &Path, prefix: &str) -> std::path::PathBuf {
    let key = xxhash_rust::xxh3::xxh3_64(prefix.as_bytes());
    dir.join(format!("history-{key:016x}.json"))
}

/// The commits known from an earlier build, by id.
pub(super) fn load(dir: &Path, prefix: &str) -> HashMap<gix::ObjectId, Known> {
    let Ok(text) = std::fs::read(path_in(dir, prefix)) else {
        return HashMap::new();
    };
    let Ok(file) = serde_json::from_slice::<File>(&text) else {
        return HashMap::new();
    };
    if file.version != VERSION || file.prefix != prefix {
        return HashMap::new();
    }
    let mut out = HashMap::with_capacity(file.commits.len());
    for stored in file.commits {
        let Some((id, known)) = from_stored(stored) else {
            // One damaged record: trust none of it.
            return HashMap::new();
        };
        out.insert(id, known);
    }
    out
}

fn from_stored(stored: Stored) -> Option<(gix::ObjectId, Known)> {
    let id = gix::ObjectId::from_hex(stored.id.as_bytes()).ok()?;
    let parent = match stored.parent {
        Some(p) => Some(gix::ObjectId::from_hex(p.as_bytes()).ok()?),
        None => None,
    };
    let changed = stored.changed.map(|c| Changed {
        id,
        time: c.time,
        author: c.author,
        summary: c.summary,
        changes: c.changes,
    });
    Some((id, Known { parent, changed }))
}

fn to_stored(id: &gix::ObjectId, known: &Known) -> Stored {
    Stored {
        id: id.to_string(),
        parent: known.parent.map(|p| p.to_string()),
        changed: known.changed.as_ref().map(|c| StoredChange {
            time: c.time,
            author: c.author.clone(),
            summary: c.summary.clone(),
            changes: c.changes.clone(),
        }),
    }
}

/// Keeps the first-parent line, newest first, for the next build. The file is written
/// aside and moved into place, so a build running beside sees the old file or the new one,
/// never half of one.
pub(super) fn save(dir: &Path, prefix: &str, line: &[(gix::ObjectId, &Known)]) {
    let file = File {
        version: VERSION,
        prefix: prefix.to_string(),
        commits: line.iter().map(|(id, k)| to_stored(id, k)).collect(),
    };
    let Ok(text) = serde_json::to_vec(&file) else {
        return;
    };
    let target = path_in(dir, prefix);
    // Never through a link: the folder is made here, and a link in its place is not ours.
    let linked = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    if linked(dir) || std::fs::create_dir_all(dir).is_err() || linked(dir) {
        return;
    }
    let aside = dir.join(format!("history.{}.tmp", std::process::id()));
    if std::fs::write(&aside, text).is_ok() && std::fs::rename(&aside, &target).is_err() {
        let _ = std::fs::remove_file(&aside);
    }
}
