//! One build, start to end: load (`load.rs`) -> render -> write, and `check`, which renders
//! in memory and writes nothing. The preview (`preview::session`) runs the same stages again
//! and again with a `memo::Caches`; every step takes what the one before it made.

use crate::base::error::{Diagnostic, Error, Result};
use crate::model::Site;
use crate::render::{self, OutputFile};
use crate::source::config::Config;
use crate::theme;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub mod languages;
mod load;
pub mod memo;
mod options;
mod steps;

use load::config_for;
pub use load::{Loaded, load, load_with};
pub use options::{BuildOptions, Changed};
use steps::{render_into, search_index, write_search_index};

#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    /// How long each step took, for `--verbose`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Nothing had changed since the last build, and nothing was written; the number is how
    /// many warnings that build had.
    pub unchanged: Option<usize>,
    /// Said once after the summary: what a folder of plain pages or a site without
    /// handbook.yaml can add (see `notes`).
    pub notes: Vec<String>,
}

/// What to tell the author once about the site as a whole: that handbook.yaml is missing
/// and what was guessed, and that the group's kinds exist, for a folder of plain pages.
pub fn notes(site: &Site) -> Vec<String> {
    let mut notes = Vec::new();
    if site.config.guessed {
        notes.push(format!(
            "there is no handbook.yaml, so the defaults were used and the site is called \"{}\"; `handbook init --here` writes a handbook.yaml with them, to change",
            site.config.title
        ));
    }
    if crate::check::health::is_plain(site) {
        notes.push(crate::check::health::PLAIN_NOTE.to_string());
    }
    notes
}

/// Renders the site in memory: every output file, not yet written.
pub fn render(loaded: &Loaded, options: &BuildOptions) -> Result<Vec<OutputFile>> {
    render_into(&loaded.site, &loaded.health, options, None, None)
}

/// Everything a build checks, writing nothing: returns every finding, errors and warnings,
/// in file order. Template errors are found by rendering in memory.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>> {
    check_with_notes(options).map(|(findings, _)| findings)
}

/// `check`, and the notes (see `notes`) for the text report.
pub fn check_with_notes(options: &BuildOptions) -> Result<(Vec<Diagnostic>, Vec<String>)> {
    let loaded = match load(options) {
        Ok(loaded) => loaded,
        Err(Error::Invalid(found)) => return Ok((found, Vec::new())),
        Err(other) => return Err(other),
    };
    let notes = notes(&loaded.site);
    let mut findings = loaded.findings.clone();
    match render(&loaded, options) {
        Ok(_) => {}
        Err(Error::Invalid(found)) => findings.extend(found),
        Err(other) => return Err(other),
    }
    findings.extend(languages::check(&loaded.translations, options)?);
    findings.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    Ok((findings, notes))
}

/// `handbook theme check DIR`: loads the theme at `dir` and renders the built-in example site
/// with it, in memory. Returns every problem with the theme; health findings about the
/// example's content are left out.
pub fn check_theme(dir: &Path, now: jiff::Timestamp) -> Result<Vec<Diagnostic>> {
    let dir = std::path::absolute(dir).map_err(|e| Error::io(dir, e))?;
    if !dir.join("theme.yaml").is_file() {
        return Ok(vec![
            Diagnostic::error(dir.join("theme.yaml"), "no theme.yaml here")
                .hint("a theme folder holds theme.yaml, templates/ and static/"),
        ]);
    }
    let scratch = std::env::temp_dir().join(format!(
        "handbook-theme-check-{}-{}",
        std::process::id(),
        now.as_nanosecond()
    ));
    let result = (|| {
        write_example_site(&scratch, &dir)?;
        let options = BuildOptions {
            site: scratch.clone(),
            output: None,
            base_url: None,
            now,
            source_date_epoch: None,
            theme_override: Some(format!("{}/", dir.display())),
            github_repository: None,
            relative: false,
            audience: Default::default(),
            progress: None,
        };
        let loaded = load(&options)?;
        let theme = theme::load(&options.site, &loaded.site.config).map_err(Error::Invalid)?;
        let mut problems: Vec<Diagnostic> = crate::render::missing_templates(&theme)
            .into_iter()
            .collect();
        problems.extend(theme::unknown_values(&dir));
        problems.extend(theme::words::problems(&dir));
        if problems.is_empty() {
            match render(&loaded, &options) {
                Ok(_) => {}
                Err(Error::Invalid(found)) => problems.extend(found),
                Err(other) => return Err(other),
            }
        }
        // The pages and the site-wide files are rendered in two parts, each of which
        // compiles the templates: a template's error is one mistake, said once.
        let mut seen = std::collections::BTreeSet::new();
        problems.retain(|d| seen.insert((d.path.clone(), d.line, d.column, d.message.clone())));
        Ok(problems)
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    match result {
        Err(Error::Invalid(found)) => Ok(found),
        other => other,
    }
}

/// Writes the example handbook into `scratch`, to show or check the theme in `theme_dir`
/// with. A theme that extends a git theme brings its `handbook.lock` and fetched themes
/// (`handbook theme fetch` in the theme's folder), so that the chain resolves offline.
pub fn write_example_site(scratch: &Path, theme_dir: &Path) -> Result<()> {
    for (rel, bytes) in crate::base::embedded::EXAMPLE_SITE {
        let path = scratch.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
    }
    let lock = theme_dir.join(crate::theme::lock::LOCK_FILE);
    if !lock.is_file() {
        return Ok(());
    }
    let target = scratch.join(crate::theme::lock::LOCK_FILE);
    crate::base::safe_fs::copy(&lock, &target)
        .map_err(|e| Error::io(&lock, std::io::Error::other(e.to_string())))?;
    let cache = theme_dir.join(crate::theme::lock::CACHE);
    if let Ok(files) = crate::theme::list_files(&cache) {
        for (rel, path) in files {
            let to = scratch.join(crate::theme::lock::CACHE).join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            crate::base::safe_fs::copy(&path, &to)
                .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
        }
    }
    Ok(())
}

/// What a build depends on besides its files, for the state kept beside the output.
fn option_words(options: &BuildOptions) -> Vec<String> {
    vec![
        env!("CARGO_PKG_VERSION").to_string(),
        options.base_url.clone().unwrap_or_default(),
        options.theme_override.clone().unwrap_or_default(),
        options.github_repository.clone().unwrap_or_default(),
        options
            .source_date_epoch
            .map(|t| t.to_string())
            .unwrap_or_default(),
        options.relative.to_string(),
        options.audience.name().to_string(),
    ]
}

/// The key of a build's inputs and of its theme folders, taken before anything is read: an
/// edit made during the build then makes the next build a real one.
fn inputs_of(options: &BuildOptions, output: &Path) -> Option<(String, String, Config)> {
    let mut config = config_for(options).ok()?;
    if let Some(theme) = &options.theme_override {
        config.theme = crate::source::theme_ref::ThemeRef::Named(theme.clone());
    }
    let folders = theme::load(&options.site, &config).ok()?.folders;
    let words = option_words(options);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let key = crate::output::state::inputs_key(&options.site, output, &folders, &words);
    Some((key, crate::output::state::folders_key(&folders), config))
}

/// The build of last time still stands when nothing it read has changed, its output is
/// there, and "now" has not passed the end of an event or the end of the day. `inputs` is
/// this build's (`inputs_of`), taken once: the build that follows records the same key.
fn unchanged(
    options: &BuildOptions,
    output: &Path,
    inputs: Option<&(String, String, Config)>,
) -> Option<BuildReport> {
    let state = crate::output::state::read(output)?;
    let (key, folders, config) = inputs?;
    let day = options
        .now
        .to_zoned_datetime(config.timezone.clone())
        .date()
        .to_string();
    let fresh = *key == state.inputs
        && *folders == state.theme_folders
        && day == state.day
        && options.now.as_second() < state.valid_until
        // The inputs are as they were; the output must be too, every file at its size.
        && crate::output::damaged_files(output) == 0;
    fresh.then(|| BuildReport {
        output: output.to_path_buf(),
        pages: state.pages,
        files: 0,
        warnings: Vec::new(),
        timings: Vec::new(),
        unchanged: Some(state.warnings),
        notes: Vec::new(),
    })
}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let output = options.output_dir();
    // Check the output before the work, so a mistake costs nothing.
    crate::output::check_location(&options.site, &output)?;
    // Walked once: before, a build after an edit stamped every file of the site twice.
    let inputs = inputs_of(options, &output);
    if let Some(report) = unchanged(options, &output, inputs.as_ref()) {
        return Ok(report);
    }
    let mut clock = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut lap = |step: &'static str| {
        timings.push((step, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let mut loaded = load(options)?;
    let warnings = std::mem::take(&mut loaded.findings);
    lap("load");
    // Dropped on any error before `commit`, the staging folder takes itself away.
    let staging = crate::output::Staging::begin(&options.site, &output)?;
    // The Markdown and the link checks' findings are done with once loaded, the digests
    // once the search index has what it needs: let go, they make room for what comes next.
    loaded.site.release_sources();
    let index = search_index(&loaded.site);
    loaded.site.release_digests();
    // Written before the pages render, not beside them: at 100,000 pages the index's lists
    // and the printed handbook's page views together passed 2 GB, for 2% of the time.
    write_search_index(index, loaded.site.config.relative_links, &staging)?;
    lap("search");
    let mut files = render_into(
        &loaded.site,
        &loaded.health,
        options,
        Some(&staging),
        Some(render::Contents::Written),
    )?;
    let (more, extra) = languages::build_all(&mut loaded.translations, options, &staging)?;
    files.extend(more);
    lap("render");
    files
        .par_iter()
        .try_for_each(|file| staging.put_file(file))?;
    let site = &loaded.site;
    let pages = site.pages.len()
        + loaded
            .translations
            .iter()
            .map(|t| t.pages.len())
            .sum::<usize>();
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    if site.config.relative_links {
        paths.push(crate::render::relative::SEARCH_INDEX_SCRIPT);
    }
    paths.extend(extra.iter().map(String::as_str));
    let state = inputs.map(|(inputs, theme_folders, _)| crate::output::state::State {
        inputs,
        day: options
            .now
            .to_zoned_datetime(site.config.timezone.clone())
            .date()
            .to_string(),
        valid_until: valid_until(&loaded, options.now),
        pages,
        warnings: warnings.len(),
        theme_folders,
    });
    let written = staging.commit(&paths, state.as_ref().map(crate::output::state::line))?;
    lap("write");
    let report = BuildReport {
        output,
        pages,
        files: written,
        warnings,
        timings,
        unchanged: None,
        notes: notes(site),
    };
    drop_aside((loaded, files));
    Ok(report)
}

/// Until when the build stands: the first end of an event in any language's site.
fn valid_until(loaded: &Loaded, now: jiff::Timestamp) -> i64 {
    (std::iter::once(&loaded.site).chain(&loaded.translations))
        .map(|site| crate::output::state::next_boundary(site, now))
        .min()
        .unwrap_or(i64::MAX)
}

/// Frees a large site on a thread of its own: a quarter of a million small allocations take
/// 15 ms at 10,000 pages, which the command that built it need not wait for (it exits, and
/// the system takes the memory back at once).
fn drop_aside<T: Send + 'static>(value: T) {
    // If no thread can be had, the closure, and the value with it, is dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// "Now" and the reproducible build time: `SOURCE_DATE_EPOCH` (seconds since 1970) for both
/// when it is set and valid, else the clock and none.
pub fn time_from_env() -> std::result::Result<(jiff::Timestamp, Option<jiff::Timestamp>), String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(|t| (t, Some(t)))
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH=`{text}` is not a number of seconds")),
        Err(_) => Ok((jiff::Timestamp::now(), None)),
    }
}

pub fn site_path(dir: Option<&Path>) -> PathBuf {
    dir.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
