//! The only module that writes the output tree. A build writes into a staging folder beside
//! the output, then swaps it in, so a failed build changes nothing. A manifest in the output
//! lists what we wrote; a folder holding anything else is refused, never deleted.

pub mod state;
mod tree;

use crate::base::error::{Error, Result};
use crate::render::{Contents, OutputFile};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Marks a folder as handbook's output and lists the files in it.
pub use crate::source::MANIFEST;
const MANIFEST_HEADER: &str =
    "# Written by handbook; files listed here are replaced on every build.";

fn unsafe_output(path: &Path, reason: impl Into<String>) -> Error {
    Error::UnsafeOutput {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::io(path, e))
}

/// Follows symbolic links where the path exists, so that `public -> ..` is seen for what it is.
fn resolved(path: &Path) -> Result<PathBuf> {
    let abs = absolute(path)?;
    Ok(abs.canonicalize().unwrap_or(abs))
}

/// Refuses outputs that would overwrite the site: the site folder, a folder above it, or a
/// folder inside the content, static files or templates that a build reads.
pub fn check_location(site: &Path, output: &Path) -> Result<()> {
    let site = resolved(site)?;
    let out = resolved(output)?;
    if out.parent().is_none() {
        return Err(unsafe_output(output, "it is the root of the file system"));
    }
    if let Some(home) = std::env::var_os("HOME")
        .map(PathBuf::from)
        .and_then(|h| h.canonicalize().ok())
        && out == home
    {
        return Err(unsafe_output(output, "it is your home folder"));
    }
    if site.starts_with(&out) {
        return Err(unsafe_output(
            output,
            "it is the site folder or a folder above it",
        ));
    }
    for read in ["content", "static", "templates", "themes"] {
        if out.starts_with(site.join(read)) {
            return Err(unsafe_output(
                output,
                format!("it is inside the site's {read}/ folder, which the build reads"),
            ));
        }
    }
    Ok(())
}

/// The files a manifest lists, each with the size it was written with (`None` in manifests
/// of older versions, which listed paths alone). A line is `PATH<TAB>SIZE`; the size is
/// after the last tab, so a tab in a file name does no harm.
fn manifest_entries(text: &str) -> impl Iterator<Item = (&str, Option<u64>)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| match line.rsplit_once('\t') {
            Some((path, size)) if size.parse::<u64>().is_ok() => (path, size.parse().ok()),
            _ => (line, None),
        })
}

/// How many files of the output's manifest are missing or not the size they were written
/// with: a no-op build trusts the output only when this is 0. Files are checked on every
/// core; ten thousand take a few milliseconds.
pub fn damaged_files(output: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(output.join(MANIFEST)) else {
        return usize::MAX;
    };
    let entries: Vec<(&str, Option<u64>)> = manifest_entries(&text).collect();
    entries
        .par_iter()
        .filter(|(path, size)| {
            let found = std::fs::symlink_metadata(output.join(path)).ok();
            !matches!((found, size), (Some(meta), Some(size)) if meta.is_file() && meta.len() == *size)
        })
        .count()
}

/// What an existing output folder holds: nothing (false), our own files only (true), or
/// something else (an error that names it).
fn existing_manifest(output: &Path) -> Result<bool> {
    if !output.exists() {
        return Ok(false);
    }
    if !output.is_dir() {
        return Err(unsafe_output(output, "it is a file, not a folder"));
    }
    let manifest_path = output.join(MANIFEST);
    let Ok(text) = std::fs::read_to_string(&manifest_path) else {
        let empty = std::fs::read_dir(output)
            .map_err(|e| Error::io(output, e))?
            .next()
            .is_none();
        if empty {
            return Ok(false);
        }
        return Err(unsafe_output(
            output,
            "the folder is not empty and was not written by handbook; choose another --output or empty it yourself",
        ));
    };
    let listed: ahash::AHashSet<&str> = manifest_entries(&text).map(|(path, _)| path).collect();
    let found = tree::strangers(output, "", &|path| listed.contains(path), MANIFEST);
    let mut strangers = found.map_err(|blocked| match blocked {
        tree::Blocked::ReadOnly(dir) => unsafe_output(
            output,
            format!(
                "{} is read-only, so handbook could not replace it; make it writable (chmod -R u+w) or choose another --output",
                dir.display()
            ),
        ),
        tree::Blocked::Unreadable(dir, e) => Error::io(dir, e),
    })?;
    if !strangers.is_empty() {
        strangers.truncate(5);
        return Err(unsafe_output(
            output,
            format!(
                "it holds files that handbook did not write ({}); move them to static/ so every build copies them",
                strangers.join(", ")
            ),
        ));
    }
    Ok(true)
}

/// A build's output being written: a staging folder beside the output, swapped in by
/// `commit`. Dropped without `commit` (an error, a panic), it removes itself, so a failed
/// build leaves the previous output as it was. Pages can be written into it as they are
/// rendered, so that a large site is never held in memory whole.
pub struct Staging {
    /// The lock that marks the staging folder as in use (see `sweep`).
    _lock: std::fs::File,
    staging: PathBuf,
    output: PathBuf,
    had_previous: bool,
    /// Folders made so far (relative to the staging folder), so each is made once. A hash
    /// set of strings: ten thousand pages are ten thousand folders, looked up from every core.
    dirs: std::sync::Mutex<ahash::AHashSet<String>>,
    written: std::sync::atomic::AtomicUsize,
    /// Each file's size as written, for the manifest: known here, where asking the disk
    /// for it afterwards was a call per file (fifteen thousand in a large site).
    sizes: std::sync::Mutex<ahash::AHashMap<String, u64>>,
    /// For the tests of "nothing lost": fail after this many files, as a full disk would.
    fail_after: Option<usize>,
    committed: bool,
}

impl Staging {
    /// Checks the output (see `check_location` and the manifest) and makes the staging folder.
    pub fn begin(site: &Path, output: &Path) -> Result<Staging> {
        check_location(site, output)?;
        let previous = existing_manifest(output)?;
        let output = absolute(output)?;
        let parent = output
            .parent()
            .ok_or_else(|| unsafe_output(&output, "it has no parent folder"))?;
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.handbook-staging-");
        let staging = parent.join(format!("{prefix}{}", std::process::id()));
        // Held for the whole build: a lock that a killed build's process gives up, so the
        // next build knows its staging folder is left over and takes it away.
        let lock_path = lock_of(&staging);
        let lock = std::fs::File::create(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
        lock.try_lock()
            .map_err(|e| Error::io(&lock_path, std::io::Error::other(e.to_string())))?;
        sweep(parent, &prefix);
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(Staging {
            _lock: lock,
            staging,
            output,
            had_previous: previous,
            dirs: std::sync::Mutex::new(ahash::AHashSet::new()),
            written: std::sync::atomic::AtomicUsize::new(0),
            sizes: std::sync::Mutex::new(ahash::AHashMap::new()),
            fail_after: std::env::var("HANDBOOK_TEST_FAIL_AFTER_FILES")
                .ok()
                .and_then(|n| n.parse::<usize>().ok()),
            committed: false,
        })
    }

    /// Where a generated path goes; refuses paths that would leave the output.
    fn target(&self, path: &str) -> Result<PathBuf> {
        if path.split('/').any(|p| p == ".." || p.is_empty())
            || path.starts_with('/')
            || path.contains('\\')
        {
            return Err(unsafe_output(
                &self.output,
                format!("a generated path `{path}` is not inside it"),
            ));
        }
        if let Some(limit) = self.fail_after
            && self
                .written
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                >= limit
        {
            return Err(Error::io(
                &self.staging,
                std::io::Error::other("injected failure (HANDBOOK_TEST_FAIL_AFTER_FILES)"),
            ));
        }
        let target = self.staging.join(path);
        if let Some((dir, _)) = path.rsplit_once('/') {
            let made = self.dirs.lock().is_ok_and(|d| d.contains(dir));
            if !made {
                // Marked made only once it is: a file written into it on another core in the
                // meantime makes it too (making a folder that is there is no error).
                let full = self.staging.join(dir);
                std::fs::create_dir_all(&full).map_err(|e| Error::io(&full, e))?;
                if let Ok(mut dirs) = self.dirs.lock() {
                    dirs.insert(dir.to_string());
                }
            }
        }
        Ok(target)
    }

    /// Notes the size `path` was written with.
    fn wrote(&self, path: &str, size: u64) {
        if let Ok(mut sizes) = self.sizes.lock() {
            sizes.insert(path.to_string(), size);
        }
    }

    /// Writes one file of the output.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let target = self.target(path)?;
        std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
        self.wrote(path, bytes.len() as u64);
        Ok(())
    }

    /// Writes one file of the output from parts, without joining them first.
    pub fn put_parts(&self, path: &str, parts: &mut dyn Iterator<Item = String>) -> Result<()> {
        use std::io::Write;
        let target = self.target(path)?;
        let file = std::fs::File::create(&target).map_err(|e| Error::io(&target, e))?;
        let mut writer = std::io::BufWriter::with_capacity(1 << 16, file);
        let mut size = 0;
        for part in parts {
            writer
                .write_all(part.as_bytes())
                .map_err(|e| Error::io(&target, e))?;
            size += part.len() as u64;
        }
        writer.flush().map_err(|e| Error::io(&target, e))?;
        self.wrote(path, size);
        Ok(())
    }

    /// Writes one output file, unless it was written while rendering.
    pub fn put_file(&self, file: &OutputFile) -> Result<()> {
        match &file.contents {
            Contents::Bytes(bytes) => self.put(&file.path, bytes),
            Contents::Shared(bytes) => self.put(&file.path, bytes.as_slice()),
            Contents::Copy(source) => {
                let target = self.target(&file.path)?;
                crate::base::safe_fs::copy(source, &target)
                    .map(|size| self.wrote(&file.path, size))
                    .map_err(|e| match e {
                        crate::base::safe_fs::ReadError::Io(e) => Error::io(source, e),
                        refused => Error::io(source, std::io::Error::other(refused.to_string())),
                    })
            }
            Contents::Written => Ok(()),
        }
    }

    /// Writes the manifest of `paths` and puts the new output in place of the old.
    pub fn commit(mut self, paths: &[&str], state: Option<String>) -> Result<usize> {
        let mut manifest = String::from(MANIFEST_HEADER);
        manifest.push('\n');
        if let Some(state) = state {
            manifest.push_str(&state);
            manifest.push('\n');
        }
        let mut sorted: Vec<&str> = paths.to_vec();
        sorted.sort_unstable();
        // Each file's size as written, so a later no-op build can see that the output is
        // whole (a cache that restored half a folder, a file deleted by hand). A file
        // written some other way into the staging folder is asked of the disk.
        let written =
            std::mem::take(&mut *self.sizes.lock().map_err(|_| {
                Error::io(&self.staging, std::io::Error::other("a writer panicked"))
            })?);
        let sizes: Vec<u64> = sorted
            .par_iter()
            .map(|path| match written.get(*path) {
                Some(size) => Ok(*size),
                None => std::fs::symlink_metadata(self.staging.join(path))
                    .map(|m| m.len())
                    .map_err(|e| Error::io(self.staging.join(path), e)),
            })
            .collect::<Result<_>>()?;
        for (path, size) in sorted.iter().zip(sizes) {
            manifest.push_str(path);
            manifest.push('\t');
            manifest.push_str(&size.to_string());
            manifest.push('\n');
        }
        let path = self.staging.join(MANIFEST);
        std::fs::write(&path, manifest).map_err(|e| Error::io(&path, e))?;
        swap(&self.staging, &self.output, self.had_previous)?;
        self.committed = true;
        Ok(sorted.len())
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        Staging::put(self, path, bytes)
    }

    fn put_parts(&self, path: &str, parts: &mut dyn Iterator<Item = String>) -> Result<()> {
        Staging::put_parts(self, path, parts)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // The staging folder is ours by name and holds only what this build wrote.
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        let _ = std::fs::remove_file(lock_of(&self.staging));
    }
}

/// The lock file of a staging folder, beside it (inside, it would be swapped into the output).
fn lock_of(staging: &Path) -> PathBuf {
    let mut name = staging.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes away what interrupted builds left beside the output: a staging folder (and its
/// `.old`) whose lock file no running build holds. Only folders with our name and our lock
/// file are touched; anything else is not ours to delete.
fn sweep(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(std::result::Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        // An old output moved aside by a swap whose clean-up failed (its build is over, its
        // lock gone): ours if it has our manifest.
        if let Some(pid) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".old"))
            && pid.bytes().all(|b| b.is_ascii_digit())
            && !parent.join(format!("{prefix}{pid}.lock")).exists()
            && entry.path().join(MANIFEST).is_file()
        {
            let _ = std::fs::remove_dir_all(entry.path());
            continue;
        }
        let Some(staging) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".lock"))
            .filter(|pid| pid.bytes().all(|b| b.is_ascii_digit()))
            .map(|pid| parent.join(format!("{prefix}{pid}")))
        else {
            continue;
        };
        let Ok(lock) = std::fs::File::options().write(true).open(entry.path()) else {
            continue;
        };
        if lock.try_lock().is_ok() {
            let mut old = staging.as_os_str().to_owned();
            old.push(".old");
            let _ = std::fs::remove_dir_all(&staging);
            let _ = std::fs::remove_dir_all(PathBuf::from(old));
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Refuses an output inside a folder of the theme chain: the build reads the theme's files,
/// so each build would copy the last output into the next (`pub/pub/pub`).
pub fn check_outside_themes(output: &Path, folders: &[PathBuf]) -> Result<()> {
    let out = resolved(output)?;
    for folder in folders {
        if out.starts_with(resolved(folder)?) {
            return Err(unsafe_output(
                output,
                format!(
                    "it is inside the theme folder {}, which the build reads",
                    folder.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Writes `files` as the new contents of `output`. Returns how many files were written.
pub fn write(site: &Path, output: &Path, files: &[OutputFile]) -> Result<usize> {
    let staging = Staging::begin(site, output)?;
    files
        .par_iter()
        .try_for_each(|file| staging.put_file(file))?;
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    staging.commit(&paths, None)
}

/// Puts the staging folder in the output's place. The old output is moved aside first and
/// removed last: it holds only files from our manifest (checked before the build wrote).
fn swap(staging: &Path, output: &Path, had_previous: bool) -> Result<()> {
    if output.exists() {
        let old = staging.with_file_name(format!(
            "{}.old",
            staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        std::fs::rename(output, &old).map_err(|e| Error::io(output, e))?;
        if let Err(e) = std::fs::rename(staging, output) {
            let _ = std::fs::rename(&old, output);
            return Err(Error::io(output, e));
        }
        if had_previous {
            tree::remove(&old).map_err(|e| Error::io(&old, e))?;
        } else {
            // An empty folder that was there before: nothing in it to keep.
            let _ = std::fs::remove_dir(&old);
        }
        Ok(())
    } else {
        std::fs::rename(staging, output).map_err(|e| Error::io(output, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_paths_that_would_leave_the_output_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        let staging = Staging::begin(&site, &site.join("public")).unwrap();
        for bad in ["../x", "a/../../x", "/abs", "a//b", "a\\b", ".."] {
            assert!(staging.target(bad).is_err(), "{bad}");
        }
        assert!(staging.target("a/b/index.html").is_ok());
    }

    #[test]
    fn manifest_lines_keep_a_tab_in_a_name_when_no_size_follows() {
        let text = "# header\nnotes\tdraft.txt\nindex.html\t120\nold-style.html\n";
        let entries: Vec<(&str, Option<u64>)> = manifest_entries(text).collect();
        assert_eq!(
            entries,
            [
                ("notes\tdraft.txt", None),
                ("index.html", Some(120)),
                ("old-style.html", None)
            ]
        );
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn rebuilds_replace_only_our_files() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        let out = site.join("public");
        write(
            &site,
            &out,
            &[file("a/index.html", "1"), file("b.txt", "x")],
        )
        .unwrap();
        write(&site, &out, &[file("a/index.html", "2")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("b.txt").exists(), "stale files go");
    }

    #[test]
    fn a_folder_with_foreign_files_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = dir.path().join("docs");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = write(&site, &out, &[file("index.html", "x")]).unwrap_err();
        assert!(err.to_string().contains("not written by handbook"), "{err}");
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_file_added_to_our_output_is_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        let out = site.join("public");
        write(&site, &out, &[file("index.html", "1")]).unwrap();
        std::fs::write(out.join("CNAME"), "example.org").unwrap();
        let err = write(&site, &out, &[file("index.html", "2")]).unwrap_err();
        assert!(err.to_string().contains("CNAME"), "{err}");
        assert!(out.join("CNAME").exists());
    }

    #[test]
    fn the_site_folder_and_its_parents_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        assert!(check_location(&site, &site).is_err());
        assert!(check_location(&site, dir.path()).is_err());
        assert!(check_location(&site, &site.join("content/out")).is_err());
        assert!(check_location(&site, &site.join("public")).is_ok());
    }
}
