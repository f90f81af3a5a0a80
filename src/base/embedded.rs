//! Files built into the binary: the built-in themes and the example site (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// A built-in theme's files, relative to its folder.
pub fn theme(name: &str) -> Option<&'static [(&'static str, &'static [u8])]> {
    THEMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, files)| *files)
}
