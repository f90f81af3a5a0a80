//! Leaf helpers that every stage may use and that use no other part of handbook: errors with
//! their place, escaping, keys of inputs, safe reading of a repository's files, text rules,
//! and the files built into the binary.

pub mod embedded;
pub mod error;
pub mod escape;
pub mod key;
pub mod safe_fs;
pub mod text;
