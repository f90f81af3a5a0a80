//! handbook: a static site generator for group handbooks.
//!
//! The folders are the pipeline, and imports only run down it (`tests/integration/tooling.rs`
//! checks): `base` (leaf helpers) <- `source` (files, front matter, settings) <- `model`
//! (typed pages, events, the site) <- `check` (health) <- `view` (the theme contract) <-
//! `theme` <- `render` <- `output` (the only writer) <- `pipeline` (one build) <- `preview`
//! (serve and watch) <- `cli`. docs/architecture.md says what each module owns.

pub mod base;
pub mod check;
pub mod cli;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod preview;
pub mod render;
pub mod source;
pub mod theme;
pub mod view;
