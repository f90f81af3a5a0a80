//! `progress.json`: the progress page as data, for a group's dashboard or a sponsor's report.
//! The same view as the page, with absolute addresses, inside a small envelope that names
//! the schema's version (docs/progress.md, docs/progress.schema.json).

use crate::view::contract::ProgressView;
use crate::view::progress::{PROGRESS_PATH, PROGRESS_SCHEMA_VERSION, Progress, Url};
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    site: SiteRef<'a>,
    /// The progress page itself.
    url: String,
    #[serde(flatten)]
    progress: ProgressView,
}

#[derive(Serialize)]
struct SiteRef<'a> {
    title: &'a str,
    url: String,
}

/// The document, pretty-printed so that a diff between two builds reads well.
pub fn document(views: &Progress, url: Url) -> Vec<u8> {
    let site = views.site_config();
    let document = Document {
        version: PROGRESS_SCHEMA_VERSION,
        site: SiteRef {
            title: &site.title,
            url: url(""),
        },
        url: url(PROGRESS_PATH),
        progress: views.progress(url),
    };
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
