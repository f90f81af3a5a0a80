//! What a build is asked to do (`BuildOptions`, from the command line and the environment)
//! and, for rebuilds, what changed since the last one.

use crate::render;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site: PathBuf,
    /// Defaults to `SITE/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `handbook.yaml` (for deploys).
    pub base_url: Option<String>,
    /// The moment that splits upcoming from past events. The binary takes it from
    /// `SOURCE_DATE_EPOCH` when set, so that builds can be reproduced.
    pub now: jiff::Timestamp,
    /// `SOURCE_DATE_EPOCH`, when set: the only build time written into output (calendar
    /// stamps), so that the same input gives the same bytes.
    pub source_date_epoch: Option<jiff::Timestamp>,
    /// Uses this theme instead of the one `handbook.yaml` names (`handbook theme check`).
    pub theme_override: Option<String>,
    /// Counts rendered pages, for a progress bar.
    pub progress: Option<std::sync::Arc<render::Progress>>,
    /// `GITHUB_REPOSITORY` (`owner/repo`) in GitHub Actions: when no base URL is given, the
    /// site is built for that repository's GitHub Pages address.
    pub github_repository: Option<String>,
    /// `build --relative`: every address into the site relative to its page, for a site
    /// opened from disk.
    pub relative: bool,
    /// `--audience internal`: the members' site, with the pages marked `visibility: internal`.
    pub audience: crate::source::config::Audience,
}

/// What changed since the last build, as the watcher saw it.
#[derive(Debug, Clone)]
pub enum Changed {
    /// A first build, or a change that touches everything.
    Everything,
    /// These files (absolute paths) were saved, created, renamed or deleted.
    Files(std::collections::BTreeSet<PathBuf>),
}

impl BuildOptions {
    /// `SITE/public`, or `SITE/internal-site` for the members' build, so that a workflow
    /// publishing `public/` never picks up the pages meant for members.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| {
            self.site.join(match self.audience {
                crate::source::config::Audience::Public => "public",
                crate::source::config::Audience::Internal => "internal-site",
            })
        })
    }
}
