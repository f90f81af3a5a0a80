//! What git knows about the content: when each file last changed and was created, who
//! changed it, which files moved, and the recent commits that touched content. One walk of
//! the history (first parents, newest first) for all files, through gitoxide (`gix`): pure
//! Rust, so a build needs no git program, and fast enough to read ten thousand commits.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

mod cache;
mod diff;
pub mod remote;

pub use diff::{Author, ChangeKind};
use diff::{Changed, Failure, Trees, diff, quick_diff};

/// How many commits that touched content the changes page and feed keep.
pub const RECENT_COMMITS: usize = 100;

/// One file's history, under its name in the work tree now.
#[derive(Debug, Clone, Default)]
pub struct FileHistory {
    /// Seconds since 1970 of the last commit that changed it (commit time).
    pub updated: i64,
    /// Of the commit that added it (under any earlier name).
    pub created: i64,
    /// Newest first, each once.
    pub authors: Vec<Author>,
}

/// A content file a commit changed: its path below the content folder in that commit, and
/// its path now, when it still exists.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub kind: ChangeKind,
    pub path: String,
    pub now: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: String,
    pub time: i64,
    pub summary: String,
    pub author: Author,
    pub changes: Vec<FileChange>,
}

/// A file that git shows renamed: `from` (its old path below the content folder) is now `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub from: String,
    pub to: String,
}

/// Everything the site takes from git.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// By path below the content folder, as it is now.
    pub files: HashMap<String, FileHistory>,
    pub moves: Vec<Move>,
    /// The latest commits that changed content, newest first (at most `RECENT_COMMITS`).
    pub commits: Vec<CommitInfo>,
    /// The commit the work tree is at.
    pub head: String,
}

/// Why there is no history, when there is a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// Not in a git work tree, or a repository without commits: nothing to say.
    NoRepository,
    /// A shallow clone: the dates it would give are wrong, so there are none.
    Shallow,
    /// The repository could not be read.
    Unreadable(String),
}

/// Where the content folder is in a git work tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub workdir: PathBuf,
    /// The content folder below the work tree, with `/`; empty when it is the root.
    pub prefix: String,
    /// The commit the work tree is at (none before the first commit), to tell whether a
    /// history read before still holds: the preview asks on every save.
    pub head: Option<String>,
}

impl Place {
    /// A content file's path below the work tree.
    pub fn repo_path(&self, rel: &str) -> String {
        if self.prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.prefix)
        }
    }
}

/// The work tree that holds `content`, if any.
pub fn locate(content: &Path) -> Option<Place> {
    let content = std::path::absolute(content).ok()?;
    let repo = gix::discover(&content).ok()?;
    let workdir = repo.workdir()?.to_path_buf();
    let prefix = prefix_below(&workdir, &content)?;
    let head = repo.head_id().ok().map(|id| id.to_string());
    Some(Place {
        workdir,
        prefix,
        head,
    })
}

/// Reads the history of the files below the content folder. With `keep`, what each commit
/// changed is kept between builds in the repository's `.git/handbook/`, and a later build
/// diffs only the commits made since.
pub fn read(place: &Place, keep: bool) -> Result<History, Missing> {
    let mut repo = gix::open(&place.workdir).map_err(|e| Missing::Unreadable(e.to_string()))?;
    if repo.is_shallow() {
        return Err(Missing::Shallow);
    }
    repo.object_cache_size(None);
    keep_delta_bases(&mut repo);
    let ignored = ignored_revisions(&place.workdir);
    let head = match repo.head_commit() {
        Ok(head) => head,
        Err(_) => return Err(Missing::NoRepository),
    };
    // Beside git's own data: never committed, and shared by the work trees of one clone.
    let cache_dir = repo.common_dir().join("handbook");
    let cache = keep.then_some(cache_dir.as_path());
    let walked = walk(&repo, &head, &place.prefix, &ignored, cache, true);
    // A cache edited by hand can name a parent the repository does not have: the whole
    // history is read again, and the cache written anew.
    let walked = match walked {
        Err(_) if cache.is_some() => walk(&repo, &head, &place.prefix, &ignored, cache, false),
        walked => walked,
    };
    walked.map_err(|e| Missing::Unreadable(e.to_string()))
}

/// The content folder's path inside the work tree, with `/`; empty when it is the root.
fn prefix_below(workdir: &Path, content: &Path) -> Option<String> {
    let workdir = workdir.canonicalize().ok()?;
    let content = content.canonicalize().ok()?;
    let rel = content.strip_prefix(&workdir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// `.git-blame-ignore-revs`: commits that only reformat, which say nothing of who changed a
/// page or when. Full ids, one a line, `#` for comments, as git reads the file.
fn ignored_revisions(workdir: &Path) -> HashSet<String> {
    let Ok(text) = std::fs::read_to_string(workdir.join(".git-blame-ignore-revs")) else {
        return HashSet::new();
    };
    text.lines()
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|l| l.len() >= 7 && l.chars().all(|c| c.is_ascii_hexdigit()))
        .collect()
}

/// The content folder's tree in a commit, if it has one.
fn content_tree<'r>(
    repo: &'r gix::Repository,
    commit: &gix::Commit<'r>,
    prefix: &str,
) -> Result<Option<gix::ObjectId>, Failure> {
    let tree = commit.tree()?;
    if prefix.is_empty() {
        return Ok(Some(tree.id));
    }
    let _ = repo;
    Ok(tree
        .lookup_entry_by_path(prefix)?
        .filter(|e| e.mode().is_tree())
        .map(|e| e.object_id()))
}

/// Follows one file back through time: the name it has now, by the name it had then.
#[derive(Default)]
struct Names {
    now_of: HashMap<String, Option<String>>,
}

impl Names {
    /// The file's name now, or `None` for a file removed since (or moved away and removed).
    fn now(&self, then: &str, exists_now: &HashSet<String>) -> Option<String> {
        match self.now_of.get(then) {
            Some(now) => now.clone(),
            None => exists_now.contains(then).then(|| then.to_string()),
        }
    }
}

fn walk(
    repo: &gix::Repository,
    head: &gix::Commit<'_>,
    prefix: &str,
    ignored: &HashSet<String>,
    cache_dir: Option<&Path>,
    use_cache: bool,
) -> Result<History, Failure> {
    let Some(head_tree) = content_tree(repo, head, prefix)? else {
        return Ok(History {
            head: head.id.to_string(),
            ..History::default()
        });
    };
    let mut recorder = Recorder {
        history: History {
            head: head.id.to_string(),
            ..History::default()
        },
        exists_now: files_in(repo, head_tree)?,
        names: Names::default(),
        seen_authors: HashMap::new(),
    };
    let mut known = cache_dir
        .filter(|_| use_cache)
        .map(|dir| cache::load(dir, prefix))
        .unwrap_or_default();
    let line = line_from(repo, head.id, &mut known, prefix)?;
    if let Some(dir) = cache_dir
        && line.fresh > 0
    {
        let kept: Vec<_> = line
            .ids
            .iter()
            .filter_map(|id| Some((*id, known.get(id)?)))
            .collect();
        cache::save(dir, prefix, &kept);
    }
    for found in line
        .ids
        .iter()
        .filter_map(|id| known.remove(id).and_then(|k| k.changed))
    {
        let id = found.id.to_string();
        let counted = !ignored.iter().any(|i| id.starts_with(i.as_str()));
        let changes = recorder.changes(found.changes, found.time, &found.author, counted);
        if counted && recorder.history.commits.len() < RECENT_COMMITS {
            recorder.history.commits.push(CommitInfo {
                id,
                time: found.time,
                summary: found.summary,
                author: found.author,
                changes,
            });
        }
    }
    Ok(recorder.history)
}

/// Trees and commits are stored as deltas of others, in chains: kept bases make the walk
/// of a packed history of 10,000 commits 0.50 s -> 0.33 s. gix's default (64 entries,
/// searched one by one) gains nothing here; git keeps 96 MB. Each thread keeps its own.
fn keep_delta_bases(repo: &mut gix::Repository) {
    // The walk of 10,000 commits keeps under 16 MB; this bounds a larger history.
    const BYTES: usize = 32 << 20;
    repo.objects
        .set_pack_cache(|| Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(BYTES)));
}

/// How many commits one task diffs: enough that its trees are read once for many commits.
const COMMITS_A_TASK: usize = 1024;
/// Fewer would spend more on reading each run's first trees than the run saves.
const FEWEST_A_TASK: usize = 128;

/// A commit as the walk reads it, once: its id, its root tree and its raw text (for the
/// few whose changes are kept).
struct Listed {
    id: gix::ObjectId,
    tree: gix::ObjectId,
    parent: Option<gix::ObjectId>,
    data: Vec<u8>,
}

/// The first-parent line from `head`, newest first, and how many of its commits were not
/// known before this build.
struct Line {
    ids: Vec<gix::ObjectId>,
    fresh: usize,
}

/// Follows the first-parent line from `head`, reading and diffing the commits `known` does
/// not hold (the newest, made since the last build: all of them the first time) and adding
/// them to it; the known ones are followed by their recorded parents without a read.
fn line_from(
    repo: &gix::Repository,
    head: gix::ObjectId,
    known: &mut HashMap<gix::ObjectId, cache::Known>,
    prefix: &str,
) -> Result<Line, Failure> {
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    let mut fresh: Vec<Listed> = Vec::new();
    let mut next = Some(head);
    while let Some(id) = next.take() {
        // A first-parent line cannot loop; a damaged or grafted repository might.
        if !seen.insert(id) {
            break;
        }
        ids.push(id);
        if let Some(k) = known.get(&id) {
            next = k.parent;
            continue;
        }
        let listed = read_listed(repo, id)?;
        next = listed.parent;
        fresh.push(listed);
    }
    let count = fresh.len();
    // The newest known commit is the parent the last fresh one is compared with.
    if let Some(last_parent) = fresh.last().and_then(|l| l.parent)
        && known.contains_key(&last_parent)
    {
        fresh.push(read_listed(repo, last_parent)?);
    }
    let found = changes_of(repo, &fresh, count, prefix)?;
    for (listed, changed) in fresh.iter().zip(found) {
        let parent = listed.parent;
        known.insert(listed.id, cache::Known { parent, changed });
    }
    Ok(Line { ids, fresh: count })
}

/// A commit read once: its parent and tree are all the threads need of most commits.
fn read_listed(repo: &gix::Repository, id: gix::ObjectId) -> Result<Listed, Failure> {
    let data = repo.find_commit(id)?.detach().data;
    let tree = gix::objs::CommitRefIter::from_bytes(&data).tree_id()?;
    let parent = gix::objs::CommitRefIter::from_bytes(&data)
        .parent_ids()
        .next();
    Ok(Listed {
        id,
        tree,
        parent,
        data,
    })
}

/// What each of the first `count` commits (newest first, each followed by its first
/// parent) changed in the content folder; `None` for a commit that left it as it was. The
/// commits are shared out in runs between the threads: each diff stands alone once the
/// list is known, and reading trees is most of a walk's time.
fn changes_of(
    repo: &gix::Repository,
    commits: &[Listed],
    count: usize,
    prefix: &str,
) -> Result<Vec<Option<Changed>>, Failure> {
    use rayon::prelude::*;
    let shared = repo.clone().into_sync();
    // Two runs a thread at least, so that a short history is not diffed on one core.
    let run =
        (count / (2 * rayon::current_num_threads().max(1))).clamp(FEWEST_A_TASK, COMMITS_A_TASK);
    let runs: Vec<Vec<Option<Changed>>> = (0..count)
        .step_by(run)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|start| {
            let mut repo = shared.to_thread_local();
            keep_delta_bases(&mut repo);
            let mut trees = Trees::default();
            let mut cache = None;
            let end = (start + run).min(count);
            let content = |c: &Listed, trees: &mut Trees| trees.below(&repo, c.tree, prefix);
            let mut this_tree = content(&commits[start], &mut trees)?;
            let mut out = Vec::with_capacity(end - start);
            for (i, this) in commits.iter().enumerate().take(end).skip(start) {
                let parent_tree = match commits.get(i + 1) {
                    Some(parent) => content(parent, &mut trees)?,
                    None => None,
                };
                // Most commits of a repository leave the content folder as it was: its
                // tree's id says so without a diff.
                let changes = if parent_tree == this_tree {
                    Vec::new()
                } else {
                    match quick_diff(&repo, parent_tree, this_tree, &mut trees)? {
                        Some(changes) => changes,
                        None => {
                            let cache = match &mut cache {
                                Some(cache) => cache,
                                None => cache.insert(repo.diff_resource_cache_for_tree_diff()?),
                            };
                            diff(&repo, parent_tree, this_tree, cache)?
                        }
                    }
                };
                this_tree = parent_tree;
                if changes.is_empty() {
                    out.push(None);
                    continue;
                }
                let commit = gix::objs::CommitRef::from_bytes(&this.data)?;
                let signature = commit.author()?;
                out.push(Some(Changed {
                    id: this.id,
                    time: commit.committer()?.time()?.seconds,
                    author: Author {
                        name: signature.name.to_string(),
                        email: signature.email.to_string(),
                    },
                    summary: commit.message().summary().to_string(),
                    changes,
                }));
            }
            Ok::<_, Failure>(out)
        })
        .collect::<Result<_, _>>()?;
    Ok(runs.into_iter().flatten().collect())
}

/// What the walk has learnt so far, commit by commit from the newest.
struct Recorder {
    history: History,
    exists_now: HashSet<String>,
    names: Names,
    seen_authors: HashMap<String, HashSet<Author>>,
}

impl Recorder {
    /// One commit's changes: each file's dates and authors under its name now, its moves.
    /// A commit listed in `.git-blame-ignore-revs` (not `counted`) moves files but dates and
    /// credits nothing.
    fn changes(
        &mut self,
        changes: Vec<(ChangeKind, String)>,
        time: i64,
        author: &Author,
        counted: bool,
    ) -> Vec<FileChange> {
        let mut out = Vec::new();
        for (kind, path) in changes {
            let now = self.names.now(&path, &self.exists_now);
            if let ChangeKind::Moved { from } = &kind {
                if let Some(now) = &now {
                    self.history.moves.push(Move {
                        from: from.clone(),
                        to: now.clone(),
                    });
                }
                self.names.now_of.insert(from.clone(), now.clone());
            }
            if let Some(now) = &now
                && counted
            {
                let file = self.history.files.entry(now.clone()).or_default();
                if file.updated == 0 {
                    file.updated = time;
                }
                // Older with every commit: the last one seen is when it was made.
                file.created = time;
                if self
                    .seen_authors
                    .entry(now.clone())
                    .or_default()
                    .insert(author.clone())
                {
                    file.authors.push(author.clone());
                }
            }
            out.push(FileChange { kind, path, now });
        }
        out
    }
}

/// Every file below a tree, by path.
fn files_in(repo: &gix::Repository, tree: gix::ObjectId) -> Result<HashSet<String>, Failure> {
    let tree = repo.find_tree(tree)?;
    let mut recorder = gix::traverse::tree::Recorder::default();
    tree.traverse().breadthfirst(&mut recorder)?;
    Ok(recorder
        .records
        .into_iter()
        .filter(|e| !e.mode.is_tree())
        .map(|e| e.filepath.to_string())
        .collect())
}
