//! The other languages of a handbook of several (`languages:`): each language's site is
//! rendered as the default's is, into `CODE/` of the same output, by the same stages; only
//! the files a host reads at its root (`robots.txt`, `.nojekyll`) are the default's alone.

use super::options::BuildOptions;
use crate::base::error::{Diagnostic, Result};
use crate::model::Site;
use crate::render::{self, OutputFile, Sink};

/// Files only the root of the output has.
const ROOT_ONLY: &[&str] = &["robots.txt", ".nojekyll"];

/// Writes below a folder of the output: a translation's pages into `CODE/`.
pub(super) struct Prefixed<'a> {
    pub inner: &'a dyn Sink,
    pub prefix: String,
}

impl Sink for Prefixed<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.inner.put(&format!("{}{path}", self.prefix), bytes)
    }

    fn put_parts(&self, path: &str, parts: &mut dyn Iterator<Item = String>) -> Result<()> {
        self.inner
            .put_parts(&format!("{}{path}", self.prefix), parts)
    }
}

/// Where a translation's files go: `CODE/`.
pub(super) fn prefix(site: &Site) -> String {
    format!("{}/", site.config.language)
}

/// A translation's files, moved into its folder of the output.
pub fn prefixed(site: &Site, files: Vec<OutputFile>) -> Vec<OutputFile> {
    let prefix = prefix(site);
    files
        .into_iter()
        .filter(|f| !ROOT_ONLY.contains(&f.path.as_str()))
        .map(|f| OutputFile {
            path: format!("{prefix}{}", f.path),
            contents: f.contents,
        })
        .collect()
}

/// Builds every translation into the staging folder (see `build`).
pub(super) fn build_all(
    translations: &mut [Site],
    options: &BuildOptions,
    staging: &crate::output::Staging,
) -> Result<(Vec<OutputFile>, Vec<String>)> {
    let (mut files, mut extra) = (Vec::new(), Vec::new());
    for site in translations {
        let (more, paths) = build(site, options, staging)?;
        files.extend(more);
        extra.extend(paths);
    }
    Ok((files, extra))
}

/// Builds one translation into the staging folder, as `build` does the default language:
/// its search index first, then its pages written as they render. Returns its files, and
/// the paths written besides them.
fn build(
    site: &mut Site,
    options: &BuildOptions,
    staging: &crate::output::Staging,
) -> Result<(Vec<OutputFile>, Vec<String>)> {
    let sink = Prefixed {
        inner: staging,
        prefix: prefix(site),
    };
    site.release_sources();
    let index = super::steps::search_index(site);
    site.release_digests();
    super::steps::write_search_index(index, site.config.relative_links, &sink)?;
    let files = super::steps::render_into(
        site,
        &[],
        options,
        Some(&sink),
        Some(render::Contents::Written),
    )?;
    let mut extra = Vec::new();
    if site.config.relative_links {
        extra.push(format!(
            "{}{}",
            sink.prefix,
            crate::render::relative::SEARCH_INDEX_SCRIPT
        ));
    }
    Ok((prefixed(site, files), extra))
}

/// What rendering each translation finds wrong (template errors), for `check`.
pub(super) fn check(translations: &[Site], options: &BuildOptions) -> Result<Vec<Diagnostic>> {
    let mut found = Vec::new();
    for site in translations {
        match super::steps::render_into(site, &[], options, None, None) {
            Ok(_) => {}
            Err(crate::base::error::Error::Invalid(problems)) => found.extend(problems),
            Err(other) => return Err(other),
        }
    }
    Ok(found)
}
