//! Rendering: the validated site and the theme in, the files of the output out. Pages render
//! in parallel with one shared, pre-parsed set of templates (`templates`), and go into the
//! `Sink` as they are made when a build gives one (`output::Staging` does the writing, so
//! nothing here touches the disk), else stay in memory for the preview; site-wide files are
//! in `site_files`.

pub mod budget;
mod constant;
mod deliver;
pub mod feed;
mod files;
pub mod ics;
pub mod identity;
mod keys;
pub mod living_files;
mod nav_partials;
pub mod print;
pub mod progress_json;
pub mod relative;
pub mod search;
mod section_menu;
mod section_value;
mod site_files;
mod templates;
pub mod translation_status;

pub use files::{Contents, OutputFile, OutputMemo, Part, Progress, RenderOptions, Sink};

pub use templates::{missing_templates, templates};

use crate::base::error::Diagnostic;
use crate::base::key::{Key, key_of, key_of_bytes};
use crate::model::{Kind, Site};
use crate::theme::Theme;
use crate::view::Views;
use crate::view::contract::{PageContext, default_template};
use keys::{fingerprint, section_chains, section_fingerprint, template_sources, update_memo};
use rayon::prelude::*;
use section_value::SectionValue;
use site_files::{add_static, calendar_files, redirects, robots, sitemap};
use std::sync::Arc;
use templates::{
    check_template_names, over_budget, render_bytes_in_budget, said_once, template_error,
};

/// A page's output, its (fingerprint, key), and whether it had to be rendered.
type Made = (OutputFile, (Key, Key), bool);

fn is_plan_or_story(site: &Site, i: usize) -> bool {
    matches!(site.pages[i].kind, Kind::Plan | Kind::Success)
}

/// What one output page is made from.
#[derive(Debug, Clone, Copy)]
enum Job {
    Page(usize),
    Section(usize),
    NotFound,
    Review,
    Print,
    Search,
    Progress,
    Changes,
}

/// One output page to make: its path, its template, what it shows and, for a page, its
/// source file (written out only for an error).
struct Task<'s> {
    path: String,
    template: &'s str,
    job: Job,
    source: Option<&'s std::path::Path>,
}

/// Everything the pages of one render share, made once before they render in parallel.
struct Renderer<'r> {
    site: &'r Site,
    theme: &'r Theme,
    options: &'r RenderOptions,
    tera: tera::Tera,
    views: Views<'r>,
    /// The key of what every page sees besides its own context: a page renders again only
    /// when this or its own context changed.
    global: [u8; 16],
    section_keys: Vec<Key>,
    /// Each section's view as a template value, shared by its pages (or, for a section too
    /// large to list whole on every page, its parts to make each page's window from).
    section_values: Vec<Arc<SectionValue>>,
    menus: section_menu::Menus,
    /// The menus made once for each navigation item (see `nav_partials`).
    nav_partials: nav_partials::NavPartials,
    chains: Vec<Key>,
    previous: &'r OutputMemo,
    /// Keys decide what a rebuild reuses; a one-off build has nothing to reuse.
    keyed: bool,
    /// Templates parsed afresh by a rebuild, for the memo.
    parsed: Option<files::ParsedTemplates>,
    sink: Option<&'r dyn Sink>,
}

/// Renders the site's pages and makes its site-wide files. With a memo (the preview), pages
/// whose inputs are unchanged are reused and the memo is brought up to date; with a sink (a
/// build), pages go to it as they are made.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    memo: Option<&mut OutputMemo>,
    sink: Option<&dyn Sink>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    if let Some(missing) = missing_templates(theme) {
        return Err(vec![missing]);
    }
    let empty = OutputMemo::default();
    let previous = memo.as_deref().unwrap_or(&empty);
    let renderer = Renderer::new(site, theme, options, previous, memo.is_some(), sink)?;
    let tasks = renderer.tasks();
    if let Some(progress) = &options.progress {
        progress
            .total
            .store(tasks.len(), std::sync::atomic::Ordering::Relaxed);
    }
    let render_pages = || -> Vec<Result<Made, Vec<Diagnostic>>> {
        tasks
            .into_par_iter()
            .with_max_len(16)
            .map(|task| {
                if let Some(progress) = &options.progress {
                    progress
                        .done
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                renderer.make(task)
            })
            .collect()
    };
    // A build makes the site-wide files (calendars, feed, sitemap) beside the pages, so that
    // they are not a tail on one core after them; the preview reuses calendars from its memo,
    // which the pages' loop is reading, and makes them after.
    let (rendered, site_files) = if memo.is_none() {
        let (rendered, site_files) = rayon::join(render_pages, || {
            let mut files = Vec::new();
            add_site_files(site, theme, options, None, &mut files);
            files
        });
        (rendered, Some(site_files))
    } else {
        (render_pages(), None)
    };
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let mut keys = Vec::new();
    let mut fresh = 0;
    for result in rendered {
        match result {
            Ok((file, key, rendered)) => {
                keys.push(key);
                fresh += usize::from(rendered);
                files.push(file);
            }
            Err(d) => diagnostics.extend(d),
        }
    }
    if !diagnostics.is_empty() {
        return Err(said_once(diagnostics));
    }
    let kept = memo.is_some().then(|| renderer.kept());
    let mut memo = memo;
    if let (Some(memo), Some((parsed, sections))) = (memo.as_deref_mut(), kept) {
        update_memo(memo, &files, &keys, options.part);
        memo.rendered = fresh;
        memo.templates = parsed.or(memo.templates.take());
        memo.sections = sections;
    }
    match site_files {
        Some(made) => files.extend(made),
        None => add_site_files(site, theme, options, memo, &mut files),
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The files that are not pages: the search index, the sitemap, the feed, calendars,
/// robots.txt, `.nojekyll` and the static files, as the part being made needs them.
fn add_site_files(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    memo: Option<&mut OutputMemo>,
    files: &mut Vec<OutputFile>,
) {
    let base = site.config.base_url.path.clone();
    let search_index = || OutputFile {
        path: crate::render::search::INDEX_FILE.into(),
        contents: match &options.search_index {
            Some(made) => made.clone(),
            None => Contents::Shared(Arc::new(
                crate::render::search::index(site, |path| format!("{base}{path}")).into_bytes(),
            )),
        },
    };
    if options.part == Part::Extras {
        files.push(search_index());
        return;
    }
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        contents: Contents::Bytes(sitemap(site).into_bytes()),
    });
    files.push(OutputFile {
        path: "feed.xml".into(),
        contents: Contents::Bytes(crate::render::feed::atom(site).into_bytes()),
    });
    files.extend(progress_files(site, options));
    files.extend(translation_status::file(site));
    files.extend(calendar_files(site, options, memo));
    files.extend(redirects(site));
    if options.part == Part::All {
        files.push(search_index());
    }
    // Crawlers read robots.txt at a host's root only: under a project site's sub-path
    // (`/our-group/robots.txt`) it would be a file no one reads.
    if site.config.base_url.path == "/" && !site.assets.iter().any(|a| a.output == "robots.txt") {
        files.push(OutputFile {
            path: "robots.txt".into(),
            contents: Contents::Bytes(robots(site).into_bytes()),
        });
    }
    files.push(OutputFile {
        path: ".nojekyll".into(),
        contents: Contents::Bytes(Vec::new()),
    });
    add_static(site, theme, files);
}

/// `review.json`, `changes.xml` with a known history, and `progress.json` and the
/// successes' feed when the handbook has a plan or a success.
fn progress_files(site: &Site, options: &RenderOptions) -> Vec<OutputFile> {
    use crate::view::progress::{PROGRESS_JSON, SUCCESS_FEED};
    let views = crate::view::progress::Progress::new(site, options.now);
    let living = crate::view::living::Living::new(site, options.now);
    let today = options
        .now
        .to_zoned_datetime(site.config.timezone.clone())
        .date();
    let mut files = vec![OutputFile {
        path: crate::render::living_files::REVIEW_JSON.into(),
        contents: Contents::Bytes(crate::render::living_files::review_json(
            site, &living, today,
        )),
    }];
    if let Some(feed) = crate::render::living_files::changes_feed(site, &living) {
        files.push(OutputFile {
            path: crate::view::living::CHANGES_FEED.into(),
            contents: Contents::Bytes(feed.into_bytes()),
        });
    }
    if views.has_progress() {
        let absolute = |path: &str| site.config.base_url.absolute(path);
        files.push(OutputFile {
            path: PROGRESS_JSON.into(),
            contents: Contents::Bytes(crate::render::progress_json::document(&views, &absolute)),
        });
    }
    if let Some(feed) = crate::render::feed::successes(site) {
        files.push(OutputFile {
            path: SUCCESS_FEED.into(),
            contents: Contents::Bytes(feed.into_bytes()),
        });
    }
    files
}

impl<'r> Renderer<'r> {
    fn new(
        site: &'r Site,
        theme: &'r Theme,
        options: &'r RenderOptions,
        previous: &'r OutputMemo,
        keyed: bool,
        sink: Option<&'r dyn Sink>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let named: Vec<&str> = (site.pages.iter())
            .filter_map(|p| p.meta.template.as_ref().map(|(name, ..)| name.as_str()))
            .collect();
        let language = &site.config.language;
        let (mut tera, parsed) =
            templates::parsed(theme, language, &named, previous.templates.as_ref(), keyed)?;
        check_template_names(site, &tera)?;
        let views = Views::new(site, options.now, &options.health);
        let site_view = views.site();
        let theme_view = theme.context();
        tera.global_context().insert("site", &site_view);
        tera.global_context().insert("theme", &theme_view);
        let texts = constant::texts(theme);
        let constant = constant::render_once(&mut tera, &texts);
        let nav_partials =
            nav_partials::NavPartials::render_once(&mut tera, &texts, &constant, views.nav_paths());
        // Keys decide what a rebuild reuses; a one-off build has nothing to reuse and skips
        // them (with thousands of events the site's view alone is a megabyte to hash).
        let global = if keyed {
            key_of(&(&site_view, &theme_view, template_sources(theme))).to_le_bytes()
        } else {
            [0; 16]
        };
        let (section_keys, section_values) =
            section_value::values(site, &views, &previous.sections, keyed);
        let chains = if keyed {
            section_chains(site, &section_keys)
        } else {
            Vec::new()
        };
        let menus = section_menu::Menus::new(site, &tera);
        Ok(Renderer {
            site,
            theme,
            options,
            menus,
            nav_partials,
            tera,
            views,
            global,
            section_keys,
            section_values,
            chains,
            previous,
            keyed,
            parsed,
            sink,
        })
    }

    /// What to render, in the part asked for. Contexts are made inside the parallel loop:
    /// one page's context lives only while that page renders.
    fn tasks(&self) -> Vec<Task<'r>> {
        let site = self.site;
        let wanted = |job: &Job| match self.options.part {
            Part::All => true,
            Part::Pages => !matches!(job, Job::Print),
            Part::Extras => matches!(job, Job::Print),
        };
        let mut tasks = Vec::new();
        let mut add = |path: String, template, job: Job, source| {
            if wanted(&job) {
                tasks.push(Task {
                    path,
                    template,
                    job,
                    source,
                });
            }
        };
        // The printed handbook is the longest job by far: first in the list, it starts at
        // once and the other core shares out the pages, instead of it running alone at the end.
        add("print/index.html".into(), "print.html", Job::Print, None);
        for (i, page) in site.pages.iter().enumerate() {
            let template = match &page.meta.template {
                Some((name, _, _)) => name.as_str(),
                None => default_template(page.kind, page.path.is_empty()),
            };
            let path = format!("{}index.html", page.path);
            add(path, template, Job::Page(i), Some(page.source.as_path()));
        }
        for (i, section) in site.sections.iter().enumerate() {
            if section.index.is_none() {
                let path = format!("{}index.html", section.path);
                add(path, "section.html", Job::Section(i), None);
            }
        }
        add("404.html".into(), "404.html", Job::NotFound, None);
        add("search/index.html".into(), "search.html", Job::Search, None);
        add("review/index.html".into(), "review.html", Job::Review, None);
        if self.views.living.has_changes() {
            let path = format!("{}index.html", crate::view::living::CHANGES_PATH);
            add(path, "changes.html", Job::Changes, None);
        }
        if self.views.progress.has_progress() {
            let path = format!("{}index.html", crate::view::progress::PROGRESS_PATH);
            add(path, "progress.html", Job::Progress, None);
        }
        tasks
    }

    /// One output page: reused when its fingerprint or its key is unchanged, else rendered.
    fn make(&self, task: Task) -> Result<Made, Vec<Diagnostic>> {
        let fingerprint = self.fingerprint(&task);
        let reuse = |path: String, bytes: &Arc<Vec<u8>>, key| {
            let contents = Contents::Shared(bytes.clone());
            Ok((OutputFile { path, contents }, (fingerprint, key), false))
        };
        if let Some((old_fingerprint, old_key, bytes)) = self.previous.pages.get(&task.path)
            && fingerprint != 0
            && *old_fingerprint == fingerprint
        {
            return reuse(task.path, bytes, *old_key);
        }
        let context = match task.job {
            Job::Page(i) => self.views.context_without_body(i),
            Job::Section(i) => self.views.section_context(&self.site.sections[i]),
            Job::NotFound => self.views.not_found(),
            Job::Review => self.views.review(),
            Job::Print => self.views.print(),
            Job::Search => self.views.search(),
            Job::Progress => self.views.progress_page(),
            Job::Changes => self.views.changes_page(),
        };
        // The printed handbook's pages, made one at a time (see `Views::print`).
        let print_items: Option<Vec<tera::Value>> = matches!(task.job, Job::Print).then(|| {
            crate::render::print::order(self.site)
                .into_iter()
                .enumerate()
                .map(|(n, (i, anchor))| {
                    tera::Value::from_serializable(&self.views.print_item(n, i, anchor))
                })
                .collect()
        });
        let key = self.key(&task, &context, &print_items);
        if let Some((_, old, bytes)) = self.previous.pages.get(&task.path)
            && self.keyed
            && *old == key
        {
            return reuse(task.path, bytes, key);
        }
        let html = self.html(&task, context, print_items)?;
        let contents = self.deliver(&task, html)?;
        let file = OutputFile {
            path: task.path,
            contents,
        };
        Ok((file, (fingerprint, key), true))
    }

    /// What a rebuild keeps besides its pages: the templates if parsed afresh, and each
    /// section's value by its key.
    fn kept(
        self,
    ) -> (
        Option<files::ParsedTemplates>,
        ahash::AHashMap<Key, Arc<SectionValue>>,
    ) {
        let sections = self.section_keys.into_iter().zip(self.section_values);
        (self.parsed, sections.collect())
    }

    /// The page's cheap fingerprint in a rebuild (0, "none", elsewhere).
    fn fingerprint(&self, task: &Task) -> Key {
        let (site, now) = (self.site, self.options.now);
        match task.job {
            // A plan or a story shows the titles of the goals, people, events and pages it
            // names, which the cheap fingerprint does not cover: its full key decides.
            Job::Page(i) if self.keyed && is_plan_or_story(site, i) => 0,
            Job::Page(i) if self.keyed => {
                fingerprint(site, i, &self.global, task.template, &self.chains, now)
            }
            Job::Section(i) if self.keyed => section_fingerprint(
                site,
                i,
                &self.global,
                task.template,
                &self.section_keys,
                &self.chains,
                now,
            ),
            _ => 0,
        }
    }

    /// The full key of what the page is made from, in a rebuild (0 elsewhere).
    fn key(
        &self,
        task: &Task,
        context: &PageContext,
        print_items: &Option<Vec<tera::Value>>,
    ) -> Key {
        let (global, template) = (self.global.as_slice(), task.template.as_bytes());
        match task.job {
            _ if !self.keyed => 0,
            Job::Page(i) => {
                let page = &self.site.pages[i];
                let section = self
                    .site
                    .section_index(i)
                    .map(|s| self.section_keys[s])
                    .unwrap_or(0);
                key_of_bytes([
                    global,
                    template,
                    &key_of(context).to_le_bytes(),
                    &page.content_key.to_le_bytes(),
                    &section.to_le_bytes(),
                ])
            }
            // The printed handbook holds every body.
            Job::Print => {
                let bodies: Vec<[u8; 16]> = self
                    .site
                    .pages
                    .iter()
                    .map(|p| p.content_key.to_le_bytes())
                    .collect();
                let context = key_of(context).to_le_bytes();
                let items = key_of(print_items).to_le_bytes();
                key_of_bytes(
                    [global, template, &context, &items]
                        .into_iter()
                        .chain(bodies.iter().map(|k| k.as_slice())),
                )
            }
            _ => key_of_bytes([global, template, &key_of(context).to_le_bytes()]),
        }
    }

    /// The page rendered by its template, within the page's budget.
    fn html(
        &self,
        task: &Task,
        mut context: PageContext<'r>,
        print_items: Option<Vec<tera::Value>>,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let site = self.site;
        let mut section_value = None;
        if let Job::Page(i) = task.job {
            context.content = &site.pages[i].content.html;
            section_value =
                (site.section_index(i)).map(|s| self.section_values[s].around(site, s, i));
        }
        let source = task
            .source
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let nav = (context.nav_here, context.nav_current);
        let content_len = context.content.len();
        let mut context = tera::Context::from_serialize(&context).map_err(|e| {
            vec![Diagnostic::error(
                &source,
                format!("could not prepare the page for its template: {e}"),
            )]
        })?;
        (self.nav_partials.insert(&mut context, nav.0, nav.1))
            .map_err(|e| vec![Diagnostic::error(&source, e)])?;
        if let Some(value) = section_value {
            // Shared by every page of the section: an Arc, not a copy per page.
            context.insert_value("section", value);
        }
        if let Job::Page(i) = task.job
            && let Some(menu) = (self.menus).of_page(site, i, &self.section_values, &|c| {
                section_menu::render_link(
                    &self.tera,
                    self.theme,
                    site.config.render_budget,
                    c,
                    &source,
                )
            })
        {
            context.insert_value("section_menu", tera::Value::safe_string(&menu?));
        }
        let mut budget = site.config.render_budget;
        if let Some(items) = print_items {
            budget = budget.for_items(items.len());
            context.insert_value("print", tera::Value::from(items));
        }
        // The page around the body takes about 16 KB in the default theme; with the body
        // counted, the output is seldom made again larger (and copied) as it is written.
        let capacity = 16 * 1024 + content_len;
        render_bytes_in_budget(&self.tera, task.template, &context, budget, capacity).map_err(
            |failure| {
                let page = (!source.is_empty()).then_some(source.as_str());
                match failure {
                    Err(e) => template_error(&e, self.theme, page),
                    Ok(over) => vec![over_budget(
                        over,
                        task.template,
                        self.theme,
                        page,
                        &task.path,
                    )],
                }
            },
        )
    }
}
