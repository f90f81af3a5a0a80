//! The rules for reading a file that a repository supplies. A site's files come from people
//! who may not be trusted (a pull request), so a build reads only regular files, never
//! through a symbolic link inside the site, and never waits on a pipe or a device.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why a path inside the site may not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A component of the path is a symbolic link: it could lead anywhere on the machine.
    #[error("{} is a symbolic link; handbook does not follow links inside a site, as one could publish files from anywhere on the machine", .0.display())]
    Symlink(PathBuf),
    /// A named pipe, socket or device: reading it could block for ever or never end.
    #[error("{} is {kind}, not a regular file", .path.display())]
    Special { path: PathBuf, kind: &'static str },
}

impl Refusal {
    /// The same refusal with its path relative to `site`, as messages show paths.
    pub fn within(self, site: &Path) -> Refusal {
        let shorten = |p: PathBuf| p.strip_prefix(site).map(Path::to_path_buf).unwrap_or(p);
        match self {
            Refusal::Symlink(path) => Refusal::Symlink(shorten(path)),
            Refusal::Special { path, kind } => Refusal::Special {
                path: shorten(path),
                kind,
            },
        }
    }

    /// What the author can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Refusal::Symlink(_) => {
                "replace the link with a real folder or file holding a copy of what it pointed to"
            }
            Refusal::Special { .. } => "remove it from the site; only regular files are read",
        }
    }
}

/// The kind of a file that is neither a regular file, a folder nor a link, in words.
pub fn special_kind(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// Checks each component of `path` below `root` (lexically: `root` itself is the user's
/// choice and may be a link). Components that do not exist are fine: the caller will find
/// them missing. `..` is followed lexically, so `themes/../x` is judged as `x`.
pub fn check_components(root: &Path, path: &Path) -> Result<(), Refusal> {
    let Ok(rel) = path.strip_prefix(root) else {
        return Ok(());
    };
    let mut at = root.to_path_buf();
    let mut depth = 0usize;
    for component in rel.components() {
        match component {
            Component::Normal(name) => {
                at.push(name);
                depth += 1;
            }
            Component::ParentDir => {
                if depth == 0 {
                    // Leaving the site: what lies outside is the user's own set-up.
                    return Ok(());
                }
                at.pop();
                depth -= 1;
                continue;
            }
            _ => continue,
        }
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(Refusal::Symlink(at)),
            Ok(meta) => {
                if let Some(kind) = special_kind(&meta.file_type()) {
                    return Err(Refusal::Special { path: at, kind });
                }
            }
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// An error from `read`: refused by the rules, or the system's own error.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Opens a regular file: never through a final symbolic link, never blocking on a pipe (the
/// open does not wait for a writer), and checked on the open handle, so a file swapped for
/// a pipe between listing and reading is refused too.
pub fn open(path: &Path) -> Result<std::fs::File, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(Refusal::Symlink(path.to_path_buf()).into());
        }
        Err(e) => return Err(e.into()),
    };
    let meta = file.metadata()?;
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(Refusal::Special {
            path: path.to_path_buf(),
            kind,
        }
        .into());
    }
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a folder, not a file").into());
    }
    Ok(file)
}

/// Reads a regular file whole (see `open`). `size_hint` is what a listing found.
pub fn read(path: &Path, size_hint: u64) -> Result<Vec<u8>, ReadError> {
    let file = open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size_hint).unwrap_or(0).saturating_add(1));
    // Through `take`: `File`'s own `read_to_end` asks for the size and the position first.
    file.take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Copies a regular file (see `open`) to `target`, which it creates.
pub fn copy(source: &Path, target: &Path) -> Result<u64, ReadError> {
    let mut from = open(source)?;
    let mut to = std::fs::File::create(target)?;
    Ok(std::io::copy(&mut from, &mut to)?)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_anywhere_below_the_root_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("real/sub")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("link")).unwrap();
        assert_eq!(check_components(root, &root.join("real/sub/x.md")), Ok(()));
        assert_eq!(
            check_components(root, &root.join("link/sub/x.md")),
            Err(Refusal::Symlink(root.join("link")))
        );
        // `..` is followed lexically: `real/../link` is `link`.
        assert!(check_components(root, &root.join("real/../link/sub")).is_err());
        // Outside the root is the user's business.
        assert_eq!(check_components(root, &root.join("../elsewhere")), Ok(()));
    }

    #[test]
    fn a_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        match read(&fifo, 0) {
            Err(ReadError::Refused(Refusal::Special { kind, .. })) => {
                assert_eq!(kind, "a named pipe (FIFO)")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("l")).unwrap();
        assert!(matches!(
            read(&dir.path().join("l"), 0),
            Err(ReadError::Refused(Refusal::Symlink(_)))
        ));
    }
}
