//! `--poll`: finds changes by looking at every file's size and modification time twice a
//! second, for folders where the system cannot report changes (network drives, some
//! containers). notify's own PollWatcher keeps modification times in whole seconds and counts
//! only a later second as a change, so a second save within the same second was never seen.

use notify::event::{Event, EventKind, ModifyKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// What a file looked like: enough to notice a save of any kind.
type Look = (u64, Option<SystemTime>);

#[derive(Default)]
struct State {
    roots: Vec<PathBuf>,
    files: HashMap<PathBuf, Look>,
}

/// Polls its folders on a thread of its own until the receiving end is gone.
pub struct Poller {
    state: Arc<Mutex<State>>,
}

fn look(root: &Path, into: &mut HashMap<PathBuf, Look>) {
    for entry in walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            continue;
        }
        if let Ok(meta) = entry.metadata() {
            into.insert(entry.into_path(), (meta.len(), meta.modified().ok()));
        }
    }
}

impl Poller {
    pub fn new(events: Sender<notify::Result<Event>>, every: Duration) -> Poller {
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(every);
                let roots = match shared.lock() {
                    Ok(state) => state.roots.clone(),
                    Err(_) => return,
                };
                let mut now = HashMap::new();
                for root in &roots {
                    look(root, &mut now);
                }
                let Ok(mut state) = shared.lock() else { return };
                let mut changed: Vec<PathBuf> = now
                    .iter()
                    .filter(|(path, seen)| state.files.get(*path) != Some(seen))
                    .map(|(path, _)| path.clone())
                    .collect();
                changed.extend(
                    state
                        .files
                        .keys()
                        .filter(|p| !now.contains_key(*p))
                        .cloned(),
                );
                state.files = now;
                drop(state);
                if changed.is_empty() {
                    continue;
                }
                changed.sort();
                let mut event = Event::new(EventKind::Modify(ModifyKind::Any));
                event.paths = changed;
                if events.send(Ok(event)).is_err() {
                    return;
                }
            }
        });
        Poller { state }
    }

    /// Adds a folder; what is in it now is the starting point, not a change.
    pub fn watch(&self, root: &Path) {
        let mut files = HashMap::new();
        look(root, &mut files);
        if let Ok(mut state) = self.state.lock() {
            state.roots.push(root.to_path_buf());
            state.files.extend(files);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_saves_within_one_second_are_both_seen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let poller = Poller::new(tx, Duration::from_millis(20));
        poller.watch(dir.path());
        for text in ["two!", "three!!"] {
            std::fs::write(&file, text).unwrap();
            let event = rx
                .recv_timeout(Duration::from_secs(10))
                .expect("the save is seen")
                .unwrap();
            assert_eq!(event.paths, std::slice::from_ref(&file));
        }
        std::fs::remove_file(&file).unwrap();
        let event = rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap();
        assert_eq!(event.paths, [file]);
    }
}
