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
        let walker = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let p = e.path();
                !p.starts_with(&output)
                    && e.file_name() != ".git"
                    && !e.file_name().to_string_lossy().contains(".handbook-")
            });
        for entry in walker.filter_map(Result::ok) {
            // Files only: a folder's time changes when the output appears in it.
            if entry.file_type().is_dir() {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            parts.push(
                format!(
                    "{}\0{}\0{:?}",
                    entry.path().display(),
                    meta.len(),
                    meta.modified().ok()
                )
                .into_bytes(),
            );
        }
    }
    format!("{:032x}", key_of_bytes(parts.iter().map(Vec::as_slice)))
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
