//! What the last build was made from, kept in the output's manifest (`.handbook-output`), so
//! that building again with nothing changed writes nothing and takes a fraction of a build.
//! It holds keys and counts only: no text of the site, no path of the machine.

use crate::base::key::key_of_bytes;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Serialize, Deserialize)]
pub struct State {
    /// The key of every input: the program, the options, every file's name, size and time.
    pub inputs: String,
    /// The output is right for any "now" on this day (the site's zone) and before this time
    /// (the next end of an event occurrence), in seconds since 1970.
    pub day: String,
    pub valid_until: i64,
    pub pages: usize,
    pub warnings: usize,
    /// The key of the theme folders outside the site that the last build read (their paths
    /// are not kept, so that the manifest says nothing of this machine).
    pub theme_folders: String,
}

/// The key of everything a build reads, without reading it: names, sizes and times of the
/// site's files (all but the output and `.git`) and of theme folders elsewhere, the program
/// itself, and the options.
pub fn inputs_key(
    site: &Path,
    output: &Path,
    theme_folders: &[PathBuf],
    options: &[&str],
) -> String {
    let output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    let mut parts: Vec<Vec<u8>> = options.iter().map(|o| o.as_bytes().to_vec()).collect();
    if let Some(exe) = std::env::current_exe()
        .ok()
        .and_then(|e| std::fs::metadata(e).ok())
    {
        parts.push(format!("{:?}{}", exe.modified().ok(), exe.len()).into_bytes());
    }
    let site = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
    for root in std::iter::once(&site).chain(theme_folders) {
        parts.extend(stamps_below(root, &output));
    }
    format!("{:032x}", key_of_bytes(parts.iter().map(Vec::as_slice)))
}

/// Each file's path, size and time below `dir`, in the order of a walk that sorts each
/// folder by name, the output, `.git` and our staging folders left out. Folders are read
/// on every core: at ten thousand files this runs before every build, ahead of the rest.
fn stamps_below(dir: &Path, output: &Path) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    let skipped = |path: &Path, name: &std::ffi::OsStr| {
        path.starts_with(output) || name == ".git" || name.to_string_lossy().contains(".handbook-")
    };
    if skipped(dir, dir.file_name().unwrap_or_default()) {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut entries: Vec<std::fs::DirEntry> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    entries
        .par_iter()
        .flat_map_iter(|entry| {
            let path = entry.path();
            // A link is a file here, never followed.
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                return stamps_below(&path, output);
            }
            if skipped(&path, &entry.file_name()) {
                return Vec::new();
            }
            // Files only: a folder's time changes when the output appears in it. Read from
            // the entry (`fstatat` in the open folder, links not followed), not by path, which
            // spares the kernel a walk of each full path.
            let Ok(meta) = entry.metadata() else {
                return Vec::new();
            };
            // Bytes, not text: formatting each file's time was most of the CPU time here.
            let mut line = path.as_os_str().as_encoded_bytes().to_vec();
            line.push(0);
            line.extend_from_slice(&meta.len().to_le_bytes());
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            line.extend_from_slice(&modified.map_or(u128::MAX, |d| d.as_nanos()).to_le_bytes());
            vec![line]
        })
        .collect()
}

const PREFIX: &str = "# state: ";

/// The state recorded in the manifest of `output`, if any.
pub fn read(output: &Path) -> Option<State> {
    let text = std::fs::read_to_string(output.join(crate::output::MANIFEST)).ok()?;
    let line = text.lines().find_map(|l| l.strip_prefix(PREFIX))?;
    serde_json::from_str(line).ok()
}

/// The manifest line that records `state`.
pub fn line(state: &State) -> String {
    format!(
        "{PREFIX}{}",
        serde_json::to_string(state).unwrap_or_default()
    )
}

/// The key of a list of theme folders.
pub fn folders_key(folders: &[PathBuf]) -> String {
    let parts: Vec<Vec<u8>> = folders
        .iter()
        .map(|f| f.display().to_string().into_bytes())
        .collect();
    format!("{:032x}", key_of_bytes(parts.iter().map(Vec::as_slice)))
}

/// The earliest end of an event occurrence after `now`: until then, lists of upcoming events
/// stay as they are.
pub fn next_boundary(site: &crate::model::Site, now: jiff::Timestamp) -> i64 {
    crate::render::ics::site_events(site)
        .iter()
        .flat_map(|(_, e)| e.occurrences().iter().map(|o| o.when.end().timestamp()))
        .filter(|end| *end > now)
        .min()
        .map(|t| t.as_second())
        .unwrap_or(i64::MAX)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The walk on every core lists what one sorted walk lists, in the same order: the key
    /// of an unchanged site stays what it was.
    #[test]
    fn the_parallel_walk_is_a_sorted_walk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in [
            "b/deep/er",
            "a",
            "c",
            ".git/objects",
            "out",
            "x.handbook-staging-1",
        ] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in [
            "b/deep/er/1.md",
            "b/deep/2.md",
            "b/Z.md",
            "a/3",
            "top.yaml",
            ".git/HEAD",
        ] {
            std::fs::write(root.join(file), file).unwrap();
        }
        std::fs::write(root.join("out/page.html"), "").unwrap();
        std::os::unix::fs::symlink(root.join("b"), root.join("link")).unwrap();
        let output = root.join("out");
        let expected: Vec<String> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                !e.path().starts_with(&output)
                    && e.file_name() != ".git"
                    && !e.file_name().to_string_lossy().contains(".handbook-")
            })
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| e.path().display().to_string())
            .collect();
        let found: Vec<String> = stamps_below(root, &output)
            .into_iter()
            .map(|line| {
                // The path, then a zero byte, then its size and time as bytes.
                let end = line.iter().position(|&b| b == 0).unwrap();
                String::from_utf8(line[..end].to_vec()).unwrap()
            })
            .collect();
        assert_eq!(found, expected);
        assert_eq!(found.len(), 6, "{found:?}");
    }
}
