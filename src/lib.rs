//! handbook: a static site generator for group handbooks.
//!
//! The pipeline runs one way: `source` (walk and read) -> `model` (parse and validate) ->
//! `render` (templates) -> `output` (the only writer). `pipeline::build` ties them together.

pub mod budget;
pub mod cache;
pub mod cli;
pub mod config;
pub mod embedded;
pub mod error;
pub mod escape;
pub mod feed;
pub mod frontmatter;
pub mod health;
pub mod ics;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod poll;
pub mod print;
pub mod relative;
pub mod render;
pub mod report;
pub mod safe_fs;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod state;
pub mod theme;
pub mod view;
pub mod watch;
