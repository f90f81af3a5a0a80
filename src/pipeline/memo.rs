//! What a rebuild may reuse from the last one (the preview and `watch` keep one `Caches`;
//! `handbook build` passes none): the configuration's key, parsed files, the listing, and the
//! model's and render's own memos. Every reuse is decided by comparing keys of exact inputs.

use crate::base::error::Diagnostic;
use crate::base::key::Key;
use crate::model::Parsed;
use crate::source::Stamp;
use std::sync::Arc;

/// A content file as last read: its stamp and what parsing it gave.
#[derive(Debug, Clone)]
pub struct ParsedEntry {
    pub stamp: Stamp,
    pub parsed: Option<Arc<Parsed>>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Default)]
pub struct Caches {
    /// The key of `handbook.yaml`: when it changes, nothing else is reused.
    pub config: Option<Key>,
    pub parsed: ahash::AHashMap<String, ParsedEntry>,
    /// Markdown bodies by file, keyed by the body and everything its links depend on.
    pub bodies: crate::model::bodies::BodyCache,
    pub outputs: crate::render::OutputMemo,
    /// The last listing of the site's files, for rebuilds after edits to known pages.
    pub scan: Option<crate::source::Scan>,
    /// The history as read at a commit: read again only when the work tree's HEAD moves.
    pub history: Option<(String, Arc<crate::source::git::History>)>,
}
