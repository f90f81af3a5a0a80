//! Keys of inputs: a 128-bit XXH3 of exact bytes or of a value's JSON form. The build state,
//! the parse and body memos and the rendered-page memo all decide reuse by comparing keys, so
//! a rebuild gives the same bytes as a clean build.

use serde::Serialize;

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
