//! Watching a site for changes: every folder a build reads (content, static, templates,
//! themes, the themes of the chain outside the site, `handbook.yaml`), with saves gathered
//! into batches so that an editor's temp-file-and-rename, or a burst of saves, gives one
//! rebuild. The output folder, `.git`, swap and backup files never trigger one.

use crate::source::is_ignored_name;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// The debounce: after a change, wait until nothing more has happened for this long, so that
/// a save by temp file and rename, or a burst of saves, gives one rebuild.
const QUIET: Duration = Duration::from_millis(15);
/// The wait once every changed file is known to be complete (closed after writing, renamed
/// into place, removed): only for what a burst still has to say, not for the rest of a
/// write. The system says so on Linux; elsewhere, and when polling, `QUIET` holds.
const SETTLED: Duration = Duration::from_millis(3);
/// But never wait longer than this for a burst to end.
const LONGEST: Duration = Duration::from_millis(250);

type Events = notify::Result<notify::Event>;

enum Inner {
    Native(notify::RecommendedWatcher),
    Poll(crate::preview::poll::Poller),
}

impl Inner {
    fn watch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Inner::Native(w) => w.watch(path, RecursiveMode::Recursive),
            Inner::Poll(p) => {
                p.watch(path);
                Ok(())
            }
        }
    }
}

pub struct Watcher {
    inner: Inner,
    events: Receiver<Events>,
    /// Folders whose changes are never ours to act on: the output, `.git`.
    ignored: Vec<PathBuf>,
    watched: BTreeSet<PathBuf>,
}

/// Why watching failed, in words for people.
pub fn explain(error: &notify::Error) -> String {
    match error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit of watched files is reached. Run again with --poll, \
             or raise the limit (on Linux: sudo sysctl fs.inotify.max_user_watches=524288)"
                .to_string()
        }
        _ => format!("cannot watch the site: {error}"),
    }
}

impl Watcher {
    /// Watches `site` (all of it but `output` and `.git`). `poll` checks the files every
    /// half second instead of asking the system to report changes.
    pub fn new(site: &Path, output: &Path, poll: bool) -> notify::Result<Watcher> {
        // As given (made absolute), not resolved: the rebuild matches the paths reported
        // here against the site's own, which are made the same way.
        let site = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
        let output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
        let (tx, events) = channel();
        let mut inner = if poll {
            Inner::Poll(crate::preview::poll::Poller::new(
                tx,
                Duration::from_millis(500),
            ))
        } else {
            Inner::Native(notify::recommended_watcher(tx)?)
        };
        inner.watch(&site)?;
        let mut watched = BTreeSet::new();
        watched.insert(site.clone());
        Ok(Watcher {
            inner,
            events,
            ignored: vec![output, site.join(".git")],
            watched,
        })
    }

    /// Also watches a folder outside the site, such as a shared theme.
    pub fn add(&mut self, folder: &Path) -> notify::Result<()> {
        // Resolved: `site/../shared-theme` starts with `site` as text but is not inside it.
        let folder = folder
            .canonicalize()
            .or_else(|_| std::path::absolute(folder))
            .unwrap_or_else(|_| folder.to_path_buf());
        if self.watched.iter().any(|w| folder.starts_with(w)) {
            return Ok(());
        }
        self.inner.watch(&folder)?;
        self.watched.insert(folder);
        Ok(())
    }

    /// Whether a change to `path` can change the site.
    pub fn matters(&self, path: &Path) -> bool {
        if self.ignored.iter().any(|i| path.starts_with(i)) {
            return false;
        }
        // Only the names below the watched folder count: a theme kept in `~/.themes/` or a
        // site in `/tmp/.tmpXYZ/` is not a hidden file.
        let Some(inside) = self
            .watched
            .iter()
            .filter_map(|root| path.strip_prefix(root).ok())
            .min_by_key(|rel| rel.components().count())
        else {
            return false;
        };
        // Themes that `handbook theme fetch` puts in `.handbook/themes/` are the site's
        // theme, hidden folder or not: a fetch while the preview runs rebuilds it.
        let inside = inside
            .strip_prefix(crate::theme::lock::CACHE)
            .unwrap_or(inside);
        !inside
            .components()
            .any(|c| c.as_os_str().to_str().is_none_or(is_ignored_name))
    }

    /// Waits for the next changes that matter and returns their paths; `None` when the
    /// watcher has stopped. Errors from the system are returned as text.
    pub fn next(&self) -> Option<Result<BTreeSet<PathBuf>, String>> {
        loop {
            let mut batch = Batch::default();
            let first = self.events.recv().ok()?;
            if let Err(e) = self.take(first, &mut batch) {
                return Some(Err(e));
            }
            if batch.changed.is_empty() {
                continue;
            }
            // Gather what follows closely: the rest of a save, or of a burst of saves.
            let started = std::time::Instant::now();
            while started.elapsed() < LONGEST {
                let quiet = if batch.writing.is_empty() {
                    SETTLED
                } else {
                    QUIET
                };
                match self.events.recv_timeout(quiet) {
                    Ok(more) => {
                        if let Err(e) = self.take(more, &mut batch) {
                            return Some(Err(e));
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            return Some(Ok(batch.changed));
        }
    }

    fn take(&self, event: Events, batch: &mut Batch) -> Result<(), String> {
        let event = event.map_err(|e| explain(&e))?;
        let written = writes(&event.kind);
        // Reading a file (our own builds do) is not a change; closing it after writing is
        // not a new one, but says that the write is over.
        let change = !matches!(event.kind, EventKind::Access(_));
        for path in event.paths.into_iter().filter(|p| self.matters(p)) {
            match written {
                Some(true) => {
                    batch.writing.insert(path.clone());
                }
                Some(false) => {
                    batch.writing.remove(&path);
                }
                None => {}
            }
            if change {
                batch.changed.insert(path);
            }
        }
        Ok(())
    }
}

/// The changes gathered for one rebuild.
#[derive(Default)]
struct Batch {
    changed: BTreeSet<PathBuf>,
    /// Files written to and not yet closed: more of the same write may follow.
    writing: BTreeSet<PathBuf>,
}

/// What an event says of its files: `Some(true)` being written (more may come), `Some(false)`
/// complete (closed after writing, renamed into place or away, removed), `None` neither.
/// An event whose kind the system did not say counts as being written.
fn writes(kind: &EventKind) -> Option<bool> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(false),
        EventKind::Access(_) => None,
        EventKind::Modify(ModifyKind::Name(_) | ModifyKind::Metadata(_)) => Some(false),
        EventKind::Remove(_) | EventKind::Create(CreateKind::Folder) => Some(false),
        _ => Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_is_complete_once_closed_renamed_or_removed() {
        use notify::event::{DataChange, MetadataKind, RemoveKind, RenameMode};
        let written = |kind| writes(&kind);
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        assert_eq!(written(data), Some(true));
        assert_eq!(written(EventKind::Create(CreateKind::File)), Some(true));
        assert_eq!(written(EventKind::Any), Some(true), "unknown: wait");
        assert_eq!(written(EventKind::Modify(ModifyKind::Any)), Some(true));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert_eq!(written(closed), Some(false));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        assert_eq!(written(renamed), Some(false));
        let touched = EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any));
        assert_eq!(written(touched), Some(false));
        assert_eq!(written(EventKind::Remove(RemoveKind::File)), Some(false));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert_eq!(written(read), None);
    }

    /// A save written in place (open, write, close) waits out `QUIET` until the file is
    /// closed, then `SETTLED`; a save by temp file and rename is complete when renamed.
    #[test]
    fn a_batch_knows_which_files_are_still_being_written() {
        use notify::event::{DataChange, RenameMode};
        let dir = tempfile::tempdir().unwrap();
        let w = Watcher::new(dir.path(), &dir.path().join("public"), true).unwrap();
        let site = std::path::absolute(dir.path()).unwrap();
        let page = site.join("content/a.md");
        let event = |kind| Ok(notify::Event::new(kind).add_path(page.clone()));
        let mut batch = Batch::default();
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        w.take(event(data), &mut batch).unwrap();
        assert!(batch.writing.contains(&page));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        w.take(event(closed), &mut batch).unwrap();
        assert!(batch.writing.is_empty());
        assert_eq!(batch.changed.len(), 1);
        let mut batch = Batch::default();
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        w.take(event(renamed), &mut batch).unwrap();
        assert!(batch.writing.is_empty() && batch.changed.contains(&page));
        // Closing a file after writing is not a change of its own.
        let mut batch = Batch::default();
        w.take(event(closed), &mut batch).unwrap();
        assert!(batch.changed.is_empty());
    }

    #[test]
    fn swap_files_the_output_and_git_do_not_matter() {
        let dir = tempfile::tempdir().unwrap();
        let w = Watcher::new(dir.path(), &dir.path().join("public"), true).unwrap();
        let site = std::path::absolute(dir.path()).unwrap();
        assert!(w.matters(&site.join("content/roles/lead.md")));
        assert!(w.matters(&site.join("handbook.yaml")));
        // A theme fetched from git while the preview runs, and its lock.
        assert!(w.matters(&site.join(".handbook/themes/org@1.1.0/templates/base.html")));
        assert!(w.matters(&site.join("handbook.lock")));
        for ignored in [
            ".handbook/themes/.scratch/fetch-1/config",
            ".handbook/other",
            "content/roles/.lead.md.swp",
            "content/roles/lead.md~",
            "content/roles/.#lead.md",
            "content/roles/4913",
            "content/roles/lead.md.bck",
            "public/index.html",
            ".git/index",
        ] {
            assert!(!w.matters(&site.join(ignored)), "{ignored}");
        }
    }

    #[test]
    fn a_folder_outside_the_site_under_a_hidden_folder_matters() {
        let dir = tempfile::tempdir().unwrap();
        let site = std::path::absolute(dir.path().join("site")).unwrap();
        let theme = std::path::absolute(dir.path().join(".themes/shared")).unwrap();
        std::fs::create_dir_all(&site).unwrap();
        std::fs::create_dir_all(&theme).unwrap();
        let mut w = Watcher::new(&site, &site.join("public"), false).unwrap();
        assert!(
            !w.matters(&theme.join("templates/page.html")),
            "not watched yet"
        );
        w.add(&theme).unwrap();
        assert!(w.matters(&theme.join("templates/page.html")));
        assert!(!w.matters(&theme.join("templates/.page.html.swp")));
    }
}
