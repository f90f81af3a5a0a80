//! What rendering makes and how it is handed on: output files with their contents, which
//! part of the output a render makes, its options, the memo of rendered pages a rebuild
//! reuses, and the `Sink` a build writes through.

use crate::base::error::Diagnostic;
use crate::base::key::Key;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// Rendered pages: shared with the rebuild cache and the preview, so reuse copies nothing.
    Shared(std::sync::Arc<Vec<u8>>),
    /// Already written into the output's staging folder while rendering.
    Written,
    /// A file copied as it is, read when the output is written.
    Copy(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, with `/`.
    pub path: String,
    pub contents: Contents,
}

/// The output is made in two parts in the preview: the pages a save changes, served at once,
/// then the printed handbook and the search index, which hold every page and take longest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    #[default]
    All,
    Pages,
    Extras,
}

/// How far rendering has got, for a progress bar on long builds.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: std::sync::atomic::AtomicUsize,
    pub total: std::sync::atomic::AtomicUsize,
}

/// Rendered output by path, with the key of everything that went into it.
#[derive(Debug, Default)]
pub struct OutputMemo {
    /// Path -> (fingerprint, key, bytes). The fingerprint is a cheaper key made from the
    /// page's identity and neighbours (see `render::fingerprint`); when it matches, the page
    /// is reused without even building its context.
    pub pages: ahash::AHashMap<String, (Key, Key, Arc<Vec<u8>>)>,
    /// How many pages the last render had to render, for tests and `--verbose`.
    pub rendered: usize,
    /// The calendars of the last render, with the key of what they were made from.
    pub calendars: Option<(Key, Vec<OutputFile>)>,
    /// The theme's templates as last parsed (see `templates::parsed`).
    pub templates: Option<ParsedTemplates>,
    /// Each section's value as last made, by the key of what its view is made from (see
    /// `section_value::values`).
    pub(super) sections: ahash::AHashMap<Key, Arc<super::section_value::SectionValue>>,
}

/// Parsed templates, with the key of what they were parsed from: the preview parses them
/// again only when a template, the theme's words or the site's language changed.
#[derive(Clone)]
pub struct ParsedTemplates {
    pub key: Key,
    pub tera: tera::Tera,
}

impl std::fmt::Debug for ParsedTemplates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParsedTemplates")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Splits upcoming from past events.
    pub now: jiff::Timestamp,
    /// The build time to write into calendars (`SOURCE_DATE_EPOCH`), if any.
    pub stamp: Option<jiff::Timestamp>,
    pub progress: Option<std::sync::Arc<Progress>>,
    /// The search index, when it was made before rendering (so that what the pages kept for
    /// it could be let go first): its bytes, or `Contents::Written` when it is already in the
    /// staging folder.
    pub search_index: Option<Contents>,
    /// Which part of the output to make (the preview makes the pages first, the rest after).
    pub part: Part,
    /// The load's health findings, in the order found, for the review page: health is
    /// computed once per build, by the pipeline.
    pub health: Vec<Diagnostic>,
}

/// Where a build puts files as they render, so that ten thousand pages are not all held in
/// memory at once. Render decides what the files are; `output::Staging`, the only writer,
/// implements this.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> crate::base::error::Result<()>;
    /// One file from parts, without joining them first (the printed handbook).
    fn put_parts(
        &self,
        path: &str,
        parts: &mut dyn Iterator<Item = String>,
    ) -> crate::base::error::Result<()>;
}
