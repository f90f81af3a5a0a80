//! Walking and taking away a whole output folder, on every core: a build into an existing
//! output of 10,000 pages first looks through its 20,000 files and folders for anything we
//! did not write, and at the end removes them; one core at a time, that was a quarter of
//! the build.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What the walk of an output folder found that stops a build from replacing it.
#[derive(Debug)]
pub enum Blocked {
    /// A folder the build could not empty (read-only): the swap would fail half-way.
    ReadOnly(PathBuf),
    /// A folder that could not be read.
    Unreadable(PathBuf, std::io::Error),
}

/// The files below `dir` (whose path inside the output is `rel`, empty at the top) that
/// `listed` does not hold, in the order of a walk that sorts each folder by name; the
/// manifest itself (`manifest`, at the top) is ours. The first folder that blocks the
/// build, in that same order, is the error, whichever core came to it first.
pub fn strangers(
    dir: &Path,
    rel: &str,
    listed: &(dyn Fn(&str) -> bool + Sync),
    manifest: &str,
) -> Result<Vec<String>, Blocked> {
    // Checked before the work: a folder that cannot be emptied would make the swap fail
    // half-way, with the old output moved aside.
    let read_only = std::fs::symlink_metadata(dir).is_ok_and(|m| m.permissions().readonly());
    if read_only {
        return Err(Blocked::ReadOnly(dir.to_path_buf()));
    }
    let unreadable = |e| Blocked::Unreadable(dir.to_path_buf(), e);
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .collect::<Result<_, _>>()
        .map_err(unreadable)?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    let found: Vec<Result<Vec<String>, Blocked>> = entries
        .par_iter()
        .map(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let path = if rel.is_empty() {
                name.into_owned()
            } else {
                format!("{rel}/{name}")
            };
            // A link is a file here, never followed.
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                return strangers(&entry.path(), &path, listed, manifest);
            }
            let ours = path == manifest || listed(&path);
            Ok(if ours { Vec::new() } else { vec![path] })
        })
        .collect();
    let mut all = Vec::new();
    for found in found {
        all.extend(found?);
    }
    Ok(all)
}

/// Removes the folder `dir` and everything in it, each of its entries on a core of its
/// own. Below the top, `std::fs::remove_dir_all` does the work: it never follows a link,
/// even one put in place of a folder while it runs. (The `remove_dir_all` crate's parallel
/// mode, which goes down every level, was no faster here on 10,000 pages and brings six
/// crates.)
pub fn remove(dir: &Path) -> std::io::Result<()> {
    if !std::fs::symlink_metadata(dir)?.is_dir() {
        return std::fs::remove_dir_all(dir);
    }
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn write(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, rel).unwrap();
    }

    #[cfg(unix)] // Links and permissions, as Unix has them.
    #[test]
    fn strangers_are_found_at_any_depth_in_walk_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "a/index.html",
            "a/b/c/x.txt",
            "z.txt",
            "b/notes.md",
            "index.html",
            "M",
        ] {
            write(root, rel);
        }
        std::os::unix::fs::symlink(root.join("a"), root.join("a-link")).unwrap();
        let ours = ["a/index.html", "index.html"];
        let found = strangers(root, "", &|p| ours.contains(&p), "M").unwrap();
        assert_eq!(found, ["a/b/c/x.txt", "a-link", "b/notes.md", "z.txt"]);
        let all = [
            "a/index.html",
            "a/b/c/x.txt",
            "z.txt",
            "b/notes.md",
            "index.html",
            "a-link",
        ];
        assert!(
            strangers(root, "", &|p| all.contains(&p), "M")
                .unwrap()
                .is_empty()
        );
    }

    #[cfg(unix)] // Links and permissions, as Unix has them.
    #[test]
    fn the_first_read_only_folder_in_walk_order_blocks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in ["b/x.txt", "c/y.txt", "d/e/z.txt"] {
            write(root, rel);
        }
        for ro in ["d/e", "c"] {
            std::fs::set_permissions(root.join(ro), std::fs::Permissions::from_mode(0o555))
                .unwrap();
        }
        let blocked = strangers(root, "", &|_| true, "M");
        for ro in ["d/e", "c"] {
            std::fs::set_permissions(root.join(ro), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        assert!(matches!(blocked, Err(Blocked::ReadOnly(p)) if p == root.join("c")));
    }

    #[cfg(unix)] // Links and permissions, as Unix has them.
    #[test]
    fn removing_takes_everything_below_and_never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let keep = dir.path().join("elsewhere");
        write(&keep, "precious.txt");
        let old = dir.path().join("old");
        for rel in ["a/b/c.html", "a/d.html", "e.txt", "f/g/h/i.css"] {
            write(&old, rel);
        }
        std::os::unix::fs::symlink(&keep, old.join("link")).unwrap();
        std::os::unix::fs::symlink(&keep, old.join("a/b/link")).unwrap();
        remove(&old).unwrap();
        assert!(!old.exists());
        assert!(keep.join("precious.txt").exists());
    }
}
