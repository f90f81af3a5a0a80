//! What a rebuild keeps from the last one, so that saving one page re-reads that file only
//! and re-renders only the output whose inputs changed. Every reuse is decided by comparing
//! a 128-bit key of the exact inputs, so a rebuild gives the same bytes as a clean build.

use crate::error::Diagnostic;
use crate::model::Parsed;
use crate::source::Stamp;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

pub type Key = u128;

/// XXH3 with 128-bit output: fast enough to key every page on every rebuild, and wide
/// enough that a chance collision between two different inputs is not a practical concern.
struct KeyWriter(xxhash_rust::xxh3::Xxh3);

impl KeyWriter {
    fn new() -> Self {
        KeyWriter(xxhash_rust::xxh3::Xxh3::new())
    }

    fn finish(&self) -> Key {
        self.0.digest128()
    }
}

impl std::io::Write for KeyWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The key of a value's JSON form.
pub fn key_of<T: Serialize + ?Sized>(value: &T) -> Key {
    let mut writer = KeyWriter::new();
    // Writing to a hasher cannot fail; a value that cannot be serialised gets its own key.
    if serde_json::to_writer(&mut writer, value).is_err() {
        std::io::Write::write_all(&mut writer, b"\0unserialisable").ok();
    }
    writer.finish()
}

/// The key of some byte strings, each length-prefixed so that ("ab", "c") differs from ("a", "bc").
pub fn key_of_bytes<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Key {
    let mut writer = KeyWriter::new();
    for part in parts {
        std::io::Write::write_all(&mut writer, &(part.len() as u64).to_le_bytes()).ok();
        std::io::Write::write_all(&mut writer, part).ok();
    }
    writer.finish()
}

/// A content file as last read: its stamp and what parsing it gave.
#[derive(Debug, Clone)]
pub struct ParsedEntry {
    pub stamp: Stamp,
    pub parsed: Option<Arc<Parsed>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Rendered output by path, with the key of everything that went into it.
#[derive(Debug, Default)]
pub struct OutputMemo {
    /// Path -> (fingerprint, key, bytes). The fingerprint is a cheaper key made from the
    /// page's identity and neighbours (see `render::fingerprint`); when it matches, the page
    /// is reused without even building its context.
    pub pages: HashMap<String, (Key, Key, Arc<Vec<u8>>)>,
    /// How many pages the last render had to render, for tests and `--verbose`.
    pub rendered: usize,
}

#[derive(Debug, Default)]
pub struct Caches {
    /// The key of `handbook.yaml`: when it changes, nothing else is reused.
    pub config: Option<Key>,
    pub parsed: HashMap<String, ParsedEntry>,
    /// Markdown bodies by file, keyed by the body and everything its links depend on.
    pub bodies: crate::model::site::BodyCache,
    pub outputs: OutputMemo,
    /// The last listing of the site's files, for rebuilds after edits to known pages.
    pub scan: Option<crate::source::Scan>,
}

/// Frees what a rebuild replaced on another thread: letting go of ten thousand pages takes
/// milliseconds that the author waiting for the next page should not spend.
pub fn release<T: Send + 'static>(old: T) {
    std::thread::spawn(move || drop(old));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_inputs_apart() {
        assert_ne!(
            key_of_bytes([b"ab".as_slice(), b"c"]),
            key_of_bytes([b"a".as_slice(), b"bc"])
        );
        assert_eq!(key_of(&("x", 1)), key_of(&("x", 1)));
        assert_ne!(key_of(&("x", 1)), key_of(&("x", 2)));
    }
}
