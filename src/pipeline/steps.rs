//! The steps of rendering one language's site that a build and its translations share:
//! the search index, made and written first, then the pages, written as they render.

use super::options::BuildOptions;
use crate::base::error::{Diagnostic, Error, Result};
use crate::model::Site;
use crate::render::{self, OutputFile};
use crate::theme;

/// Renders; with a staging folder, pages are written into it as they are rendered instead
/// of being kept in memory.
pub(super) fn render_into(
    site: &Site,
    health: &[Diagnostic],
    options: &BuildOptions,
    sink: Option<&dyn render::Sink>,
    search_index: Option<render::Contents>,
) -> Result<Vec<OutputFile>> {
    let theme = theme::load(&options.site, &site.config).map_err(Error::Invalid)?;
    if sink.is_some() {
        crate::output::check_outside_themes(&options.output_dir(), &theme.folders)?;
    }
    let render_options = render::RenderOptions {
        now: options.now,
        stamp: options.source_date_epoch,
        progress: options.progress.clone(),
        search_index,
        part: render::Part::All,
        health: health.to_vec(),
    };
    render::render(site, &theme, &render_options, None, sink).map_err(Error::Invalid)
}

/// The search index, as parts made as they are written (see `search::index_parts`).
pub(super) fn search_index(site: &Site) -> impl Iterator<Item = String> + Send + 'static {
    let base = site.config.base_url.path.clone();
    let relative = site.config.relative_links;
    crate::render::search::index_parts(site, move |path| {
        if !relative {
            format!("{base}{path}")
        } else if path.is_empty() || path.ends_with('/') {
            // From disk, results are found relative to the site's folder (search.js).
            format!("{path}index.html")
        } else {
            path.to_string()
        }
    })
}

/// Writes the search index; for a site opened from disk (`relative`) also as a script.
pub(super) fn write_search_index(
    mut parts: impl Iterator<Item = String>,
    relative: bool,
    staging: &dyn render::Sink,
) -> Result<()> {
    let index = crate::render::search::INDEX_FILE;
    if !relative {
        return staging.put_parts(index, &mut parts);
    }
    // Written twice, as JSON and as a script: made once.
    let parts: Vec<String> = parts.collect();
    staging.put_parts(index, &mut parts.iter().cloned())?;
    let (before, after) = crate::render::relative::SEARCH_INDEX_SCRIPT_AROUND;
    let script = std::iter::once(before.to_string())
        .chain(parts)
        .chain(std::iter::once(after.to_string()));
    staging.put_parts(
        crate::render::relative::SEARCH_INDEX_SCRIPT,
        &mut script.into_iter(),
    )
}
