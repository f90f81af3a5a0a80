//! Loading: settings, the listing, every file read and parsed (in parallel), the model
//! built and checked, health computed once. With a `Caches` (the preview and `watch`), what
//! has not changed since the last load is reused; `handbook build` passes none.

use super::memo::{Caches, ParsedEntry};
use super::options::{BuildOptions, Changed};
use crate::base::error::{Diagnostic, Error, Result};
use crate::base::key::key_of_bytes;
use crate::model::{self, Site};
use crate::source::{self, config::Config};
use rayon::prelude::*;

/// Reads and checks the whole site without writing anything. Errors and warnings come back
/// together, sorted by file and line.
pub fn load(options: &BuildOptions) -> Result<Loaded> {
    load_with(options, None, &Changed::Everything)
}

pub(super) fn config_for(options: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(&options.site, options.base_url.as_deref())?;
    if let Some(theme) = &options.theme_override {
        config.theme = crate::source::theme_ref::ThemeRef::Named(theme.clone());
    }
    config.relative_links = options.relative;
    config.audience = options.audience;
    if !config.base_url_given
        && let Some(derived) = options
            .github_repository
            .as_deref()
            .and_then(crate::source::config::BaseUrl::github_pages)
    {
        config.base_url = derived;
    }
    // On GitHub Actions the repository is known: "suggest a change" links work without
    // `repository:` in handbook.yaml.
    if config.repository.is_none()
        && let Some(repo) = options.github_repository.as_deref()
        && repo.split('/').count() == 2
        && !repo.contains(char::is_whitespace)
    {
        config.set_repository(format!("https://github.com/{repo}"));
    }
    Ok(config)
}

/// Lists the site's files; after edits to pages it already knows, re-reads the times of
/// those pages only. New, deleted or renamed files, and anything outside `content/`'s
/// Markdown, take a full listing.
fn scan_with(
    options: &BuildOptions,
    max_file_size: u64,
    caches: Option<&mut Caches>,
    changed: &Changed,
) -> Result<source::Scan> {
    let Some(caches) = caches else {
        return source::scan(&options.site, max_file_size);
    };
    let root = source::content_root(&options.site);
    let content = std::path::absolute(&root).unwrap_or(root);
    let site_root = std::path::absolute(&options.site).unwrap_or_else(|_| options.site.clone());
    // Stamps are brought up to date in the cached list itself: if a file turns out not to be
    // known, the full listing below replaces the whole list anyway.
    let quick = match (caches.scan.as_mut(), changed) {
        (Some(previous), Changed::Files(files)) => files.iter().all(|file| {
            let Some(rel) = file
                .strip_prefix(&content)
                .ok()
                .and_then(|r| r.to_str())
                .map(|r| r.replace('\\', "/"))
            else {
                return false;
            };
            let Some(found) = previous.markdown.iter_mut().find(|f| f.rel == rel) else {
                return false;
            };
            // A folder on the way swapped for a link since the last full listing: list again,
            // which refuses it.
            if crate::base::safe_fs::check_components(&site_root, file).is_err() {
                return false;
            }
            match std::fs::symlink_metadata(file) {
                Ok(meta) if meta.is_file() => {
                    found.stamp = source::Stamp {
                        len: meta.len(),
                        modified: meta.modified().ok(),
                    };
                    true
                }
                _ => false,
            }
        }),
        _ => false,
    };
    if !quick {
        caches.scan = Some(source::scan(&options.site, max_file_size)?);
    }
    // The one copy: loading consumes its list, and the cache keeps its own.
    Ok(caches.scan.clone().unwrap_or_default())
}

/// What loading gives: the site, every finding sorted by file and line, and the health
/// findings again in the order the checks made them, for the review page. Health is computed
/// once, here.
#[derive(Debug)]
pub struct Loaded {
    /// The site, in the default language when the handbook has several.
    pub site: Site,
    /// The site in each other language (`languages:`), at `CODE/` below the base path.
    pub translations: Vec<Site>,
    pub findings: Vec<Diagnostic>,
    pub health: Vec<Diagnostic>,
}

/// Each content file's entry, with whether it was read afresh (not reused).
type Entries = Vec<(String, ParsedEntry, bool)>;

/// `load` for rebuilds: with caches, a file whose size and time are unchanged, and that the
/// watcher did not report, is not read again; its earlier parse is reused.
pub fn load_with(
    options: &BuildOptions,
    mut caches: Option<&mut Caches>,
    changed: &Changed,
) -> Result<Loaded> {
    let config = config_for(options)?;
    if let Some(caches) = caches.as_deref_mut() {
        start_afresh_on_new_settings(caches, options, &config);
    }
    let scan = scan_with(
        options,
        config.max_file_size,
        caches.as_deref_mut(),
        changed,
    )?;
    let mut diagnostics = scan.diagnostics;
    let previous = caches.as_deref().map(|c| &c.parsed);
    // The history is read beside the files: one thread walks it while the others parse.
    let git_start = git_start(options, &config, caches.as_deref());
    let (entries, history) = rayon::join(
        || parse_all(options, &config, scan.markdown, previous, changed),
        || git_start.as_ref().map(GitStart::read),
    );
    if let Some(caches) = caches.as_deref_mut() {
        keep_parsed(caches, &entries);
    }
    let mut files = Vec::new();
    let mut unreadable = std::collections::BTreeSet::new();
    for (rel, entry, _) in entries {
        diagnostics.extend(entry.diagnostics);
        match entry.parsed {
            Some(file) => files.push(file),
            None => {
                unreadable.insert(rel);
            }
        }
    }
    let git = git_start
        .map(|start| start.finish(history.flatten(), caches.as_deref_mut(), &mut diagnostics));
    let bodies = caches.map(|caches| &mut caches.bodies);
    let files = model::assemble::Files {
        parsed: files,
        unreadable,
        assets: scan.assets,
        translations: Default::default(),
        internal: Default::default(),
    };
    let (site, translations) = assemble_sites(config, files, bodies, git, &mut diagnostics);
    let health = crate::check::health::check(&site, options.now);
    diagnostics.extend(health.iter().cloned());
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(diagnostics));
    }
    Ok(Loaded {
        site,
        translations,
        findings: diagnostics,
        health,
    })
}

/// One site per language: the default language's (with the rebuild caches, and the site
/// health is checked on) and each translation's, at `CODE/` below it.
fn assemble_sites(
    config: Config,
    files: model::assemble::Files,
    mut bodies: Option<&mut model::bodies::BodyCache>,
    git: Option<model::site::Git>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Site, Vec<Site>) {
    let internal = std::sync::Arc::new(model::audience::Internal::of(&files.parsed));
    let kept = (files.parsed.iter()).filter(|p| {
        !p.meta.draft && !model::audience::left_out(config.audience, &internal, &p.place)
    });
    let translations = std::sync::Arc::new(model::translations::Translations::of(
        &config,
        kept,
        &files.assets,
    ));
    let reserved = crate::view::contract::reserved_ids;
    check_logo(&config, &files.assets, diagnostics);
    let count = config.languages.len();
    if count < 2 {
        let files = model::assemble::Files {
            translations,
            internal,
            ..files
        };
        let site = model::assemble::build(config, files, bodies, reserved, git, diagnostics);
        return (site, Vec::new());
    }
    let mut each: Vec<model::assemble::Files> = (0..count)
        .map(|_| model::assemble::Files {
            parsed: Vec::new(),
            unreadable: Default::default(),
            assets: Vec::new(),
            translations: translations.clone(),
            internal: internal.clone(),
        })
        .collect();
    let of_file = |rel: &str| crate::source::languages::of_file(&config.languages, rel);
    for parsed in files.parsed {
        each[parsed.lang].parsed.push(parsed);
    }
    for rel in files.unreadable {
        let (lang, place) = of_file(&rel);
        each[lang].unreadable.insert(place);
    }
    for asset in files.assets {
        if !asset.in_content {
            // `static/` is every language's: its files are at each site's base path.
            each.iter_mut().for_each(|e| e.assets.push(asset.clone()));
            continue;
        }
        let (lang, output) = of_file(&asset.output);
        each[lang]
            .assets
            .push(crate::source::Asset { output, ..asset });
    }
    let mut sites = each.into_iter().enumerate().map(|(lang, files)| {
        let config = config.for_language(lang);
        let bodies = if lang == 0 { bodies.take() } else { None };
        model::assemble::build(config, files, bodies, reserved, git.clone(), diagnostics)
    });
    let default = sites.next().expect("at least two languages");
    (default, sites.collect())
}

/// The repository around the content: where it is, and the history as last read when the
/// work tree is still at that commit (the preview reads it once per commit).
struct GitStart {
    place: crate::source::git::Place,
    wanted: bool,
    cached: Option<std::sync::Arc<crate::source::git::History>>,
}

type HistoryRead = Result<std::sync::Arc<crate::source::git::History>, crate::source::git::Missing>;

fn git_start(options: &BuildOptions, config: &Config, caches: Option<&Caches>) -> Option<GitStart> {
    use crate::source::git;
    let place = git::locate(&source::content_root(&options.site))?;
    let wanted = config.git.history || config.git.redirects;
    let cached = caches
        .and_then(|c| c.history.as_ref())
        .filter(|(at, _)| place.head.as_deref() == Some(at.as_str()))
        .map(|(_, h)| h.clone());
    Some(GitStart {
        place,
        wanted,
        cached,
    })
}

impl GitStart {
    /// The history, unless it is not wanted (`git: false`); `None` then.
    fn read(&self) -> Option<HistoryRead> {
        if !self.wanted {
            return None;
        }
        Some(match &self.cached {
            Some(history) => Ok(history.clone()),
            None => crate::source::git::read(&self.place, true).map(std::sync::Arc::new),
        })
    }

    /// The repository's part of the site: its history (a shallow clone gives a warning and
    /// no dates: the dates it would give are those of its one commit) and its CODEOWNERS.
    fn finish(
        self,
        read: Option<HistoryRead>,
        caches: Option<&mut Caches>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> model::site::Git {
        use crate::source::git::Missing;
        let shown = std::path::PathBuf::from(".git");
        let history = match read {
            Some(Ok(history)) => {
                if let (Some(caches), Some(head)) = (caches, self.place.head.clone()) {
                    caches.history = Some((head, history.clone()));
                }
                Some(history)
            }
            Some(Err(Missing::Shallow)) => {
                diagnostics.push(
                    Diagnostic::warning(&shown, "the repository is a shallow clone: pages get no dates or authors from git")
                        .hint("fetch the whole history: in a GitHub workflow, give actions/checkout `fetch-depth: 0`; elsewhere run `git fetch --unshallow`"),
                );
                None
            }
            Some(Err(Missing::Unreadable(why))) => {
                diagnostics.push(
                    Diagnostic::warning(&shown, format!("the repository's history could not be read: {why}"))
                        .hint("pages get no dates from git; `git fsck` may say what is wrong, or set `git: false` in handbook.yaml"),
                );
                None
            }
            Some(Err(Missing::NoRepository)) | None => None,
        };
        model::site::Git {
            codeowners: crate::source::codeowners::CodeOwners::read(&self.place.workdir)
                .map(Into::into),
            place: self.place,
            history,
        }
    }
}

/// A new configuration can change how every file reads: the caches start afresh.
fn start_afresh_on_new_settings(caches: &mut Caches, options: &BuildOptions, config: &Config) {
    let key = key_of_bytes([
        config.text_key.to_le_bytes().as_slice(),
        options.base_url.as_deref().unwrap_or("").as_bytes(),
        options.theme_override.as_deref().unwrap_or("").as_bytes(),
    ]);
    if caches.config != Some(key) {
        *caches = Caches::default();
        caches.config = Some(key);
    }
}

/// Reads and parses every Markdown file in parallel, reusing the earlier parse of a file
/// whose stamp is unchanged and that the watcher did not report.
fn parse_all(
    options: &BuildOptions,
    config: &Config,
    markdown: Vec<source::Found>,
    previous: Option<&ahash::AHashMap<String, ParsedEntry>>,
    changed: &Changed,
) -> Entries {
    let root = source::content_root(&options.site);
    let content_dir = std::path::absolute(&root).unwrap_or(root);
    let reusable = |found: &source::Found, entry: &ParsedEntry| {
        entry.stamp == found.stamp
            && match changed {
                Changed::Everything => false,
                Changed::Files(files) => !files.contains(&content_dir.join(&found.rel)),
            }
    };
    markdown
        .into_par_iter()
        .map(|found| {
            if let Some(entry) = previous
                .and_then(|p| p.get(&found.rel))
                .filter(|e| reusable(&found, e))
            {
                return (found.rel, entry.clone(), false);
            }
            let (parsed, diagnostics) = match source::read(&options.site, &found) {
                Ok(file) => {
                    let control = source::control_warning(&file);
                    let (parsed, mut diagnostics) = model::parse_file(file, config);
                    diagnostics.extend(control);
                    (parsed, diagnostics)
                }
                Err(d) => (None, vec![*d]),
            };
            let entry = ParsedEntry {
                stamp: found.stamp,
                parsed: parsed.map(std::sync::Arc::new),
                diagnostics,
            };
            (found.rel, entry, true)
        })
        .collect()
}

/// A one-off build moves the parsed files into the site; a rebuild keeps what it read
/// afresh, in place, and lets go of files that are gone.
fn keep_parsed(caches: &mut Caches, entries: &Entries) {
    for (rel, entry, fresh) in entries {
        if *fresh {
            caches.parsed.insert(rel.clone(), entry.clone());
        }
    }
    if caches.parsed.len() > entries.len() {
        let current: std::collections::HashSet<&str> =
            entries.iter().map(|(rel, _, _)| rel.as_str()).collect();
        caches
            .parsed
            .retain(|rel, _| current.contains(rel.as_str()));
    }
}

/// `logo:` names a file the site has (in `static/` or beside the pages), once for every
/// language.
fn check_logo(config: &Config, assets: &[crate::source::Asset], diagnostics: &mut Vec<Diagnostic>) {
    let Some((logo, (line, column))) = &config.logo else {
        return;
    };
    if assets.iter().any(|a| a.output == *logo) {
        return;
    }
    diagnostics.push(
        Diagnostic::error(
            std::path::Path::new(crate::source::CONFIG_FILE),
            format!("the logo `{logo}` is not a file of the site"),
        )
        .at(*line, *column)
        .field("logo")
        .hint(format!(
            "put the image at static/{logo}, or write the name of one that is there"
        )),
    );
}
