//! What changed between two trees of the content folder. A walk diffs every commit against
//! its parent, so this reads each tree once, keeps its raw bytes, and walks two trees'
//! sorted entries side by side: names become strings only for what changed.

use std::collections::HashMap;
use std::rc::Rc;

use gix::objs::tree::EntryRef;

pub(super) type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Someone who made a commit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Author {
    pub name: String,
    pub email: String,
}

/// A commit that changed content, as the threads found it.
pub(super) struct Changed {
    pub(super) id: gix::ObjectId,
    pub(super) time: i64,
    pub(super) author: Author,
    pub(super) summary: String,
    pub(super) changes: Vec<(ChangeKind, String)>,
}

/// Kept between builds by `cache`, with the words the changes page uses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    #[serde(rename = "changed")]
    Modified,
    Removed,
    /// From the path it had before.
    Moved {
        from: String,
    },
}

/// Trees already read, by id, as git stores them: a tree appears in many commits in a
/// row, and is decoded once while it is in use. Past `KEPT_TREES`, those not read since the
/// last time are let go, so that a long history does not hold every tree it ever had.
#[derive(Default)]
pub(super) struct Trees {
    current: HashMap<gix::ObjectId, Rc<Vec<u8>>>,
    previous: HashMap<gix::ObjectId, Rc<Vec<u8>>>,
}

const KEPT_TREES: usize = 8192;

impl Trees {
    pub(super) fn get(
        &mut self,
        repo: &gix::Repository,
        id: gix::ObjectId,
    ) -> Result<Rc<Vec<u8>>, Failure> {
        if let Some(found) = self.current.get(&id) {
            return Ok(found.clone());
        }
        if let Some(found) = self.previous.remove(&id) {
            self.current.insert(id, found.clone());
            return Ok(found);
        }
        if self.current.len() >= KEPT_TREES {
            self.previous = std::mem::take(&mut self.current);
        }
        // Read as bytes, not as gix's `TreeRef`, which would parse every entry now; the
        // diff reads them once, side by side with the other tree's.
        let mut buffer = Vec::new();
        match gix::objs::Find::try_find(&repo.objects, &id, &mut buffer)? {
            Some(found) if found.kind == gix::objs::Kind::Tree => {}
            _ => return Err(format!("the tree {id} is missing from the repository").into()),
        }
        let data = Rc::new(buffer);
        self.current.insert(id, data.clone());
        Ok(data)
    }

    /// The id of the tree at `path` (`a/b`) below the tree `root`, if there is one.
    pub(super) fn below(
        &mut self,
        repo: &gix::Repository,
        root: gix::ObjectId,
        path: &str,
    ) -> Result<Option<gix::ObjectId>, Failure> {
        let mut id = root;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            let data = self.get(repo, id)?;
            let found = gix::objs::TreeRefIter::from_bytes(&data)
                .filter_map(Result::ok)
                .find(|e| e.mode.is_tree() && e.filename == part.as_bytes())
                .map(|e| e.oid.to_owned());
            match found {
                Some(next) => id = next,
                None => return Ok(None),
            }
        }
        Ok(Some(id))
    }
}

/// What changed between two trees: only folders whose ids differ are opened, and files
/// moved unchanged are paired by their content's id. `None` when files were both added and
/// removed and some did not pair up (a file moved and edited in one commit), which `diff`
/// finds as git does. gix's own diff, set up for each of ten thousand commits, cost half a
/// millisecond each; this costs a few microseconds.
pub(super) fn quick_diff(
    repo: &gix::Repository,
    old: Option<gix::ObjectId>,
    new: Option<gix::ObjectId>,
    trees: &mut Trees,
) -> Result<Option<Vec<(ChangeKind, String)>>, Failure> {
    let mut found = Found::default();
    let mut stack = vec![(String::new(), old, new)];
    let empty = Rc::new(Vec::new());
    while let Some((dir, old, new)) = stack.pop() {
        let old = match old {
            Some(id) => trees.get(repo, id)?,
            None => empty.clone(),
        };
        let new = match new {
            Some(id) => trees.get(repo, id)?,
            None => empty.clone(),
        };
        found.compare(&dir, &old, &new, &mut stack)?;
    }
    Ok(found.pair_moves())
}

/// What a diff found so far.
#[derive(Default)]
struct Found {
    out: Vec<(ChangeKind, String)>,
    added: Vec<(gix::ObjectId, String)>,
    removed: Vec<(gix::ObjectId, String)>,
}

type Pending = Vec<(String, Option<gix::ObjectId>, Option<gix::ObjectId>)>;

impl Found {
    /// One folder's entries, old against new, read side by side in git's order (in which a
    /// file and a folder of one name are two entries); folders that differ go on `stack`.
    fn compare(
        &mut self,
        dir: &str,
        old: &[u8],
        new: &[u8],
        stack: &mut Pending,
    ) -> Result<(), Failure> {
        let path = |entry: &EntryRef<'_>| {
            let name = entry.filename.to_string();
            if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            }
        };
        let mut old = gix::objs::TreeRefIter::from_bytes(old);
        let mut new = gix::objs::TreeRefIter::from_bytes(new);
        let (mut was, mut is) = (old.next().transpose()?, new.next().transpose()?);
        loop {
            let order = match (&was, &is) {
                (None, None) => return Ok(()),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(o), Some(n)) => o.cmp(n),
            };
            match (order, was, is) {
                (std::cmp::Ordering::Less, Some(gone), _) => {
                    if gone.mode.is_tree() {
                        stack.push((path(&gone), Some(gone.oid.to_owned()), None));
                    } else {
                        self.removed.push((gone.oid.to_owned(), path(&gone)));
                    }
                    was = old.next().transpose()?;
                }
                (std::cmp::Ordering::Greater, _, Some(came)) => {
                    if came.mode.is_tree() {
                        stack.push((path(&came), None, Some(came.oid.to_owned())));
                    } else {
                        self.added.push((came.oid.to_owned(), path(&came)));
                    }
                    is = new.next().transpose()?;
                }
                (_, Some(then), Some(now)) => {
                    if then.oid != now.oid {
                        if now.mode.is_tree() {
                            stack.push((
                                path(&now),
                                Some(then.oid.to_owned()),
                                Some(now.oid.to_owned()),
                            ));
                        } else {
                            self.out.push((ChangeKind::Modified, path(&now)));
                        }
                    }
                    was = old.next().transpose()?;
                    is = new.next().transpose()?;
                }
                _ => return Ok(()),
            }
        }
    }

    /// Files removed and added with one content are one file moved. `None` when others
    /// remain on both sides: a move with an edit, for the full diff.
    fn pair_moves(mut self) -> Option<Vec<(ChangeKind, String)>> {
        let removed = &mut self.removed;
        let out = &mut self.out;
        self.added.retain(
            |(oid, path)| match removed.iter().position(|(o, _)| o == oid) {
                Some(i) => {
                    let (_, from) = removed.swap_remove(i);
                    out.push((ChangeKind::Moved { from }, path.clone()));
                    false
                }
                None => true,
            },
        );
        if !self.added.is_empty() && !self.removed.is_empty() {
            return None;
        }
        let mut out = self.out;
        out.extend(self.added.into_iter().map(|(_, p)| (ChangeKind::Added, p)));
        out.extend(
            self.removed
                .into_iter()
                .map(|(_, p)| (ChangeKind::Removed, p)),
        );
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Some(out)
    }
}

/// What changed between two trees of the content folder, renames followed as git follows
/// them (the same file, or one at least half the same).
pub(super) fn diff(
    repo: &gix::Repository,
    old: Option<gix::ObjectId>,
    new: Option<gix::ObjectId>,
    cache: &mut gix::diff::blob::Platform,
) -> Result<Vec<(ChangeKind, String)>, Failure> {
    let tree = |id: Option<gix::ObjectId>| -> Result<gix::Tree<'_>, Failure> {
        Ok(match id {
            Some(id) => repo.find_tree(id)?,
            None => repo.empty_tree(),
        })
    };
    let (old, new) = (tree(old)?, tree(new)?);
    let mut out = Vec::new();
    old.changes()?
        .options(|o| {
            o.track_path()
                .track_rewrites(Some(gix::diff::Rewrites::default()));
        })
        .for_each_to_obtain_tree_with_cache(&new, cache, |change| {
            use gix::object::tree::diff::Change;
            let item = match change {
                Change::Addition {
                    location,
                    entry_mode,
                    ..
                } if !entry_mode.is_tree() => Some((ChangeKind::Added, location.to_string())),
                Change::Deletion {
                    location,
                    entry_mode,
                    ..
                } if !entry_mode.is_tree() => Some((ChangeKind::Removed, location.to_string())),
                Change::Modification {
                    location,
                    entry_mode,
                    ..
                } if !entry_mode.is_tree() => Some((ChangeKind::Modified, location.to_string())),
                Change::Rewrite {
                    source_location,
                    location,
                    entry_mode,
                    copy,
                    ..
                } if !entry_mode.is_tree() => Some(if copy {
                    (ChangeKind::Added, location.to_string())
                } else {
                    (
                        ChangeKind::Moved {
                            from: source_location.to_string(),
                        },
                        location.to_string(),
                    )
                }),
                _ => None,
            };
            out.extend(item);
            Ok::<_, std::convert::Infallible>(gix::object::tree::diff::Action::Continue)
        })?;
    Ok(out)
}
