//! The validated site: every content file parsed into its kind's typed struct, placed at a
//! URL, ordered in its section, with its links checked. Built in one go from `Sources`;
//! rendering reads it and never changes it.

pub mod assemble;
pub mod audience;
pub mod bodies;
mod callouts;
pub mod digest;
pub mod event;
pub mod event_read;
pub mod guess;
pub mod kinds;
mod link_paths;
mod links;
pub mod markdown;
mod parse;
pub mod parsed;
pub mod period;
pub mod plan;
pub mod plan_refs;
pub mod raw_html;
pub mod recurrence;
pub mod recurrence_read;
pub mod review;
pub mod site;
pub mod translations;
pub mod word_map;

pub use parse::parse_file;
pub use parsed::{Data, Kind, Meta, Parsed};
pub use site::{Page, Section, Site};
