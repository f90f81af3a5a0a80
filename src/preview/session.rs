//! The build done again and again (preview and watch): a `Session` keeps what it can between
//! rebuilds, and knows how long its "now" holds, so each rebuild reads and renders only what
//! changed and a preview left running still shows past events as past.

use crate::base::error::{Diagnostic, Error, Result};
use crate::model::Site;
use crate::pipeline::memo::Caches;
use crate::pipeline::{BuildOptions, Changed, load_with};
use crate::render::{self, OutputFile};
use crate::theme;
use std::path::PathBuf;

/// A build that is done again and again (preview and watch): keeps what it can between
/// builds, so that each rebuild reads and renders only what changed.
pub struct Session {
    pub options: BuildOptions,
    caches: Caches,
    /// The last good rebuild, for `extras`.
    last: Option<std::sync::Arc<Last>>,
    /// How long `options.now` gives the same site as the clock would.
    now_holds: Option<NowHolds>,
}

/// What `extras` renders from: the site, theme and health of the last good rebuild.
struct Last {
    site: Site,
    theme: theme::Theme,
    health: Vec<Diagnostic>,
}

/// A preview runs for hours or days: its "now" moves on with the clock at the moments that
/// change what the site shows (an event ends, a new day starts for the review dates), and
/// stays put between them, so that rebuilds in between can reuse every page.
#[derive(Debug, Clone)]
struct NowHolds {
    /// The next end of an event occurrence, in seconds since 1970.
    until: i64,
    /// The day it was in the site's time zone.
    day: jiff::civil::Date,
    timezone: jiff::tz::TimeZone,
}

impl NowHolds {
    fn of(site: &Site, now: jiff::Timestamp) -> NowHolds {
        let timezone = site.config.timezone.clone();
        NowHolds {
            until: crate::output::state::next_boundary(site, now),
            day: now.to_zoned_datetime(timezone.clone()).date(),
            timezone,
        }
    }

    fn still(&self, current: jiff::Timestamp) -> bool {
        current.as_second() < self.until
            && current.to_zoned_datetime(self.timezone.clone()).date() == self.day
    }
}

/// One rebuild's result: the whole site, in memory.
#[derive(Debug)]
pub struct Rebuilt {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    /// How many pages had to be rendered; the others were reused.
    pub rendered: usize,
    /// Theme folders outside the site, to watch as well.
    pub theme_folders: Vec<PathBuf>,
    /// Where the site lives below its host: `/` or `/our-group/`.
    pub base_path: String,
}

impl Session {
    pub fn new(options: BuildOptions) -> Self {
        Session {
            options,
            caches: Caches::default(),
            last: None,
            now_holds: None,
        }
    }

    /// Takes the clock's time as "now" when the one in use has gone stale; never for a
    /// reproducible build (`SOURCE_DATE_EPOCH`), whose time is fixed.
    fn refresh_now(&mut self, current: jiff::Timestamp) {
        if self.options.source_date_epoch.is_some() {
            return;
        }
        if self
            .now_holds
            .as_ref()
            .is_some_and(|holds| !holds.still(current))
        {
            self.options.now = current;
        }
    }

    fn render_options(&self, part: render::Part, health: &[Diagnostic]) -> render::RenderOptions {
        render::RenderOptions {
            now: self.options.now,
            stamp: self.options.source_date_epoch,
            progress: self.options.progress.clone(),
            search_index: None,
            part,
            health: health.to_vec(),
        }
    }

    /// Rebuilds the site: every page, but not the printed handbook and the search index,
    /// which hold every page and come from `extras` once the pages are served.
    pub fn rebuild(&mut self, changed: &Changed) -> Result<Rebuilt> {
        self.rebuild_part(changed, render::Part::Pages)
    }

    /// Rebuilds everything at once, as `handbook build` would.
    pub fn rebuild_all(&mut self, changed: &Changed) -> Result<Rebuilt> {
        self.rebuild_part(changed, render::Part::All)
    }

    fn rebuild_part(&mut self, changed: &Changed, part: render::Part) -> Result<Rebuilt> {
        self.refresh_now(jiff::Timestamp::now());
        let loaded = load_with(&self.options, Some(&mut self.caches), changed)?;
        let (site, warnings, health) = (loaded.site, loaded.findings, loaded.health);
        let loaded_translations = loaded.translations;
        self.now_holds = Some(NowHolds::of(&site, self.options.now));
        let theme = theme::load(&self.options.site, &site.config).map_err(Error::Invalid)?;
        let options = self.render_options(part, &health);
        let files = render::render(
            &site,
            &theme,
            &options,
            Some(&mut self.caches.outputs),
            None,
        )
        .map_err(Error::Invalid)?;
        let mut files = files;
        let mut pages = site.pages.len();
        // Other languages are small: rendered whole on each save, without the caches.
        for translation in &loaded_translations {
            let options = self.render_options(render::Part::All, &[]);
            let more = render::render(translation, &theme, &options, None, None)
                .map_err(Error::Invalid)?;
            files.extend(crate::pipeline::languages::prefixed(translation, more));
            pages += translation.pages.len();
        }
        let rebuilt = Rebuilt {
            files,
            warnings,
            pages,
            rendered: self.caches.outputs.rendered,
            theme_folders: theme.folders.clone(),
            base_path: site.config.base_url.path.clone(),
        };
        if let Some(previous) = self.last.replace(std::sync::Arc::new(Last {
            site,
            theme,
            health,
        })) {
            release(previous);
        }
        Ok(rebuilt)
    }

    /// The printed handbook and the search index of the last rebuild.
    pub fn extras(&mut self) -> Result<Vec<OutputFile>> {
        match self.extras_job() {
            Some(job) => job(),
            None => Ok(Vec::new()),
        }
    }

    /// The same, as work for another thread, so that the preview can watch for the next
    /// save meanwhile: it reads only the last rebuild's site, which it shares.
    pub fn extras_job(&self) -> Option<impl FnOnce() -> Result<Vec<OutputFile>> + Send + 'static> {
        let last = self.last.clone()?;
        let options = self.render_options(render::Part::Extras, &last.health);
        Some(move || {
            render::render(&last.site, &last.theme, &options, None, None).map_err(Error::Invalid)
        })
    }
}

/// Frees what a rebuild replaced on another thread: letting go of ten thousand pages takes
/// milliseconds that the author waiting for the next page should not spend.
pub fn release<T: Send + 'static>(old: T) {
    std::thread::spawn(move || drop(old));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds() -> NowHolds {
        NowHolds {
            until: "2026-12-12T21:00:00Z"
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_second(),
            day: jiff::civil::date(2026, 12, 10),
            timezone: jiff::tz::TimeZone::get("Europe/London").unwrap(),
        }
    }

    #[test]
    fn now_holds_until_an_event_ends_or_the_day_changes() {
        let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
        assert!(holds().still(at("2026-12-10T08:00:00Z")));
        assert!(
            !holds().still(at("2026-12-11T00:00:00Z")),
            "a new day in London"
        );
        let mut later = holds();
        later.day = jiff::civil::date(2026, 12, 12);
        assert!(later.still(at("2026-12-12T20:59:59Z")));
        assert!(
            !later.still(at("2026-12-12T21:00:00Z")),
            "the event is over"
        );
    }

    #[test]
    fn a_session_takes_the_clock_only_when_now_has_gone_stale() {
        let start: jiff::Timestamp = "2026-12-10T08:00:00Z".parse().unwrap();
        let options = BuildOptions {
            site: PathBuf::from("site"),
            output: None,
            base_url: None,
            now: start,
            source_date_epoch: None,
            theme_override: None,
            progress: None,
            github_repository: None,
            relative: false,
            audience: Default::default(),
        };
        let mut session = Session::new(options.clone());
        session.now_holds = Some(holds());
        session.refresh_now("2026-12-10T09:00:00Z".parse().unwrap());
        assert_eq!(session.options.now, start, "same day, no event over: kept");
        let next_day: jiff::Timestamp = "2026-12-11T09:00:00Z".parse().unwrap();
        session.refresh_now(next_day);
        assert_eq!(session.options.now, next_day);
        let mut fixed = Session::new(BuildOptions {
            source_date_epoch: Some(start),
            ..options
        });
        fixed.now_holds = Some(holds());
        fixed.refresh_now(next_day);
        assert_eq!(fixed.options.now, start, "SOURCE_DATE_EPOCH fixes the time");
    }
}
