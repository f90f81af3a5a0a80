//! Rendering: the validated site and the theme in, the files of the output out. Pages render
//! in parallel with one shared, pre-parsed set of templates (`templates`), and go into the
//! `Sink` as they are made when a build gives one (`output::Staging` does the writing, so
//! nothing here touches the disk), else stay in memory for the preview; site-wide files are
//! in `site_files`.

pub mod budget;
pub mod feed;
mod files;
pub mod ics;
pub mod print;
pub mod relative;
pub mod search;
mod site_files;
mod templates;

pub use files::{Contents, OutputFile, OutputMemo, Part, Progress, RenderOptions, Sink};

pub use templates::{missing_templates, templates};

use crate::base::error::Diagnostic;
use crate::base::key::{Key, key_of, key_of_bytes};
use crate::model::Site;
use crate::theme::Theme;
use crate::view::Views;
use crate::view::contract::default_template;
use rayon::prelude::*;
use site_files::{add_static, calendars, robots, sitemap};
use templates::{check_template_names, over_budget, render_in_budget, template_error};

/// By section: the key of the section and of every section above it (for breadcrumbs),
/// worked out once per render rather than page by page.
fn section_chains(site: &Site, section_keys: &[Key]) -> Vec<Key> {
    let mut by_dir: std::collections::HashMap<&str, usize> = Default::default();
    for (s, section) in site.sections.iter().enumerate() {
        by_dir.entry(section.dir.as_str()).or_insert(s);
    }
    site.sections
        .iter()
        .map(|section| {
            let mut keys: Vec<[u8; 16]> = Vec::new();
            let mut dir = section.dir.as_str();
            loop {
                if let Some(&s) = by_dir.get(dir) {
                    keys.push(section_keys[s].to_le_bytes());
                }
                if dir.is_empty() {
                    break;
                }
                dir = dir.rfind('/').map(|i| &dir[..i]).unwrap_or("");
            }
            key_of_bytes(keys.iter().map(|k| k.as_slice()))
        })
        .collect()
}

/// A cheap stand-in for a page's full key: what its context is made from, by identity. The
/// page's own file (`text_key`), its body, its place, its section and the sections above it
/// (for breadcrumbs), its neighbours (for prev/next), "now", and `global`, which holds
/// everything pages show of other pages (roles with holders, people, steps, events, the
/// navigation).
fn fingerprint(
    site: &Site,
    index: usize,
    global: &[u8; 16],
    template: &str,
    chains: &[Key],
    now: jiff::Timestamp,
) -> Key {
    let page = &site.pages[index];
    let (prev, next) = crate::model::site::neighbours(site, index);
    let neighbour = |n: Option<usize>| match n {
        Some(n) => (
            site.pages[n].parsed.text_key.to_le_bytes(),
            site.pages[n].path.as_bytes(),
        ),
        None => ([0; 16], b"-".as_slice()),
    };
    let (prev_key, prev_path) = neighbour(prev);
    let (next_key, next_path) = neighbour(next);
    let chain = site
        .section_index(index)
        .map(|s| chains[s])
        .unwrap_or(0)
        .to_le_bytes();
    // An event's page says whether it is upcoming or past.
    let now = now.as_nanosecond().to_le_bytes();
    let parts: [&[u8]; 11] = [
        global,
        &now,
        template.as_bytes(),
        &page.parsed.text_key.to_le_bytes(),
        &page.content_key.to_le_bytes(),
        page.path.as_bytes(),
        &prev_key,
        prev_path,
        &next_key,
        next_path,
        &chain,
    ];
    // Fingerprints of 0 mean "none".
    key_of_bytes(parts).max(1)
}

/// The same for a section's list page: the section (its links, its subsections), the
/// sections above it, and each listed page's file and place. Events are listed as upcoming
/// or past by `now`.
fn section_fingerprint(
    site: &Site,
    index: usize,
    global: &[u8; 16],
    template: &str,
    section_keys: &[Key],
    chains: &[Key],
    now: jiff::Timestamp,
) -> Key {
    let section = &site.sections[index];
    let head = [
        section_keys[index].to_le_bytes(),
        chains[index].to_le_bytes(),
        now.as_nanosecond().to_le_bytes(),
    ];
    let pages = section.pages.iter().flat_map(|&i| {
        let page = &site.pages[i];
        [
            page.parsed.text_key.to_le_bytes().to_vec(),
            page.path.as_bytes().to_vec(),
        ]
    });
    let parts: Vec<Vec<u8>> = [global.to_vec(), template.as_bytes().to_vec()]
        .into_iter()
        .chain(head.iter().map(|h| h.to_vec()))
        .chain(pages)
        .collect();
    key_of_bytes(parts.iter().map(Vec::as_slice)).max(1)
}

/// Every template's name and text, in order: part of the key of every page.
fn template_sources(theme: &Theme) -> Vec<(&str, &[u8])> {
    theme
        .templates
        .iter()
        .map(|(name, file)| (name.as_str(), file.bytes.as_slice()))
        .collect()
}

/// The printed handbook's HTML in parts: the template's output with each body's placeholder
/// replaced by the body, rewritten for the document. Made one body at a time, so that the
/// whole handbook is never one string while the page is written.
fn print_parts<'h>(site: &'h Site, html: &'h str) -> impl Iterator<Item = String> + 'h {
    let order = crate::render::print::order(site);
    let targets: std::collections::HashMap<String, String> = order
        .iter()
        .map(|(i, anchor)| {
            (
                crate::view::contract::url(site, &site.pages[*i].path),
                anchor.clone(),
            )
        })
        .collect();
    let mut rest = html;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match rest.find(crate::view::contract::PRINT_PLACEHOLDER) {
            Some(at) if at > 0 => {
                let (before, after) = rest.split_at(at);
                rest = after;
                Some(before.to_string())
            }
            Some(_) => {
                let after = &rest[crate::view::contract::PRINT_PLACEHOLDER.len()..];
                let end = after.find("-->").unwrap_or(0);
                let n: usize = after[..end].parse().unwrap_or(usize::MAX);
                rest = after.get(end + 3..).unwrap_or("");
                Some(match order.get(n) {
                    Some((i, anchor)) => crate::render::print::rewrite(
                        &site.pages[*i].content.html,
                        anchor,
                        &targets,
                    ),
                    None => String::new(),
                })
            }
            None => {
                done = true;
                Some(rest.to_string())
            }
        }
    })
}

/// A page's output, its (fingerprint, key), and whether it had to be rendered.
type Made = (OutputFile, (Key, Key), bool);

/// What one output page is made from.
#[derive(Debug, Clone, Copy)]
enum Job {
    Page(usize),
    Section(usize),
    NotFound,
    Review,
    Print,
    Search,
}

/// Brings the memo up to date with what a render made. Updated in place: after a save, all
/// but a few of ten thousand entries are the same, and a new map each time cost more than
/// the pages that changed.
fn update_memo(memo: &mut OutputMemo, files: &[OutputFile], keys: &[(Key, Key)], part: Part) {
    let print = "print/index.html";
    let mut current = 0;
    for (file, &(fingerprint, key)) in files.iter().zip(keys) {
        let Contents::Shared(bytes) = &file.contents else {
            continue;
        };
        current += 1;
        match memo.pages.get_mut(&file.path) {
            Some(entry) => {
                if entry.0 != fingerprint
                    || entry.1 != key
                    || !std::sync::Arc::ptr_eq(&entry.2, bytes)
                {
                    *entry = (fingerprint, key, bytes.clone());
                }
            }
            None => {
                memo.pages
                    .insert(file.path.clone(), (fingerprint, key, bytes.clone()));
            }
        }
    }
    // A part keeps the other part's pages; anything else it did not make this time is gone
    // from the site.
    let kept = match part {
        Part::All => 0,
        Part::Pages => usize::from(memo.pages.contains_key(print)),
        Part::Extras => return,
    };
    if memo.pages.len() > current + kept {
        let made: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        memo.pages.retain(|path, _| {
            made.contains(path.as_str()) || (part == Part::Pages && path == print)
        });
    }
}

pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    memo: Option<&mut OutputMemo>,
    sink: Option<&dyn Sink>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    // Keys decide what a rebuild reuses; a one-off build has nothing to reuse.
    let keyed = memo.is_some();
    if let Some(missing) = missing_templates(theme) {
        return Err(vec![missing]);
    }
    let mut tera = templates(theme)?;
    check_template_names(site, &tera)?;
    let views = Views::new(site, options.now, &options.health);
    let site_view = views.site();
    let theme_view = theme.context();
    tera.global_context().insert("site", &site_view);
    tera.global_context().insert("theme", &theme_view);
    let tera = tera;
    // What every page sees besides its own context: a page renders again only when this or
    // its own context changed.
    let global = key_of(&(&site_view, &theme_view, template_sources(theme))).to_le_bytes();
    // A section's view (its pages as links) is built once and shared by its pages: with
    // hundreds of pages in a section, a copy per page would make the build grow with the
    // square of the section's size. Sections too large to list whole on every page show
    // their pages around the current one instead (`section_around`), and need no value.
    let (section_keys, section_values): (Vec<Key>, Vec<tera::Value>) = site
        .sections
        .par_iter()
        .map(|s| {
            let view = views.section(s);
            let value = if s.pages.len() > crate::view::contract::NAV_ALL {
                tera::Value::none()
            } else {
                tera::Value::from_serializable(&view)
            };
            (key_of(&view), value)
        })
        .unzip();
    let chains = section_chains(site, &section_keys);
    let empty = OutputMemo::default();
    let previous = memo.as_deref().unwrap_or(&empty);

    // What to render: each job is an output path, its template, what it shows and, for a
    // page, its source file (written out only for an error). Contexts are made inside the
    // parallel loop: one page's context lives only while that page renders.
    let wanted = |job: &Job| match options.part {
        Part::All => true,
        Part::Pages => !matches!(job, Job::Print),
        Part::Extras => matches!(job, Job::Print),
    };
    let mut jobs: Vec<(String, &str, Job, Option<&std::path::Path>)> = Vec::new();
    let mut add = |path: String, template, job: Job, source| {
        if wanted(&job) {
            jobs.push((path, template, job, source));
        }
    };
    // The printed handbook is the longest job by far: first in the list, it starts at once
    // and the other core shares out the pages, instead of it running alone at the end.
    add("print/index.html".into(), "print.html", Job::Print, None);
    for (i, page) in site.pages.iter().enumerate() {
        let template = match &page.meta.template {
            Some((name, _, _)) => name.as_str(),
            None => default_template(page.kind, page.path.is_empty()),
        };
        add(
            format!("{}index.html", page.path),
            template,
            Job::Page(i),
            Some(page.source.as_path()),
        );
    }
    for (i, section) in site.sections.iter().enumerate() {
        if section.index.is_none() {
            add(
                format!("{}index.html", section.path),
                "section.html",
                Job::Section(i),
                None,
            );
        }
    }
    add("404.html".into(), "404.html", Job::NotFound, None);
    add("search/index.html".into(), "search.html", Job::Search, None);
    add("review/index.html".into(), "review.html", Job::Review, None);
    if let Some(progress) = &options.progress {
        progress
            .total
            .store(jobs.len(), std::sync::atomic::Ordering::Relaxed);
    }
    let rendered: Vec<Result<Made, Vec<Diagnostic>>> = jobs
        .into_par_iter()
        .map(|(path, template, job, source)| {
            if let Some(progress) = &options.progress {
                progress
                    .done
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let fingerprint = match job {
                Job::Page(i) if keyed => {
                    fingerprint(site, i, &global, template, &chains, options.now)
                }
                Job::Section(i) if keyed => section_fingerprint(
                    site,
                    i,
                    &global,
                    template,
                    &section_keys,
                    &chains,
                    options.now,
                ),
                _ => 0,
            };
            if let Some((old_fingerprint, old_key, bytes)) = previous.pages.get(&path)
                && fingerprint != 0
                && *old_fingerprint == fingerprint
            {
                let file = OutputFile {
                    path,
                    contents: Contents::Shared(bytes.clone()),
                };
                return Ok((file, (fingerprint, *old_key), false));
            }
            let context = match job {
                Job::Page(i) => views.context_without_body(i),
                Job::Section(i) => views.section_context(&site.sections[i]),
                Job::NotFound => views.not_found(),
                Job::Review => views.review(),
                Job::Print => views.print(),
                Job::Search => views.search(),
            };
            let mut context = context;
            // The printed handbook's pages, made one at a time (see `Views::print`).
            let print_items: Option<Vec<tera::Value>> = matches!(job, Job::Print).then(|| {
                crate::render::print::order(site)
                    .into_iter()
                    .enumerate()
                    .map(|(n, (i, anchor))| {
                        tera::Value::from_serializable(&views.print_item(n, i, anchor))
                    })
                    .collect()
            });
            let key = match job {
                _ if !keyed => 0,
                Job::Page(i) => {
                    let page = &site.pages[i];
                    let section = site.section_index(i).map(|s| section_keys[s]).unwrap_or(0);
                    key_of_bytes([
                        global.as_slice(),
                        template.as_bytes(),
                        &key_of(&context).to_le_bytes(),
                        &page.content_key.to_le_bytes(),
                        &section.to_le_bytes(),
                    ])
                }
                // The printed handbook holds every body.
                Job::Print => key_of_bytes(
                    [
                        global.as_slice(),
                        template.as_bytes(),
                        &key_of(&context).to_le_bytes(),
                        &key_of(&print_items).to_le_bytes(),
                    ]
                    .into_iter()
                    .chain(
                        site.pages
                            .iter()
                            .map(|p| p.content_key.to_le_bytes())
                            .collect::<Vec<_>>()
                            .iter()
                            .map(|k| k.as_slice()),
                    ),
                ),
                _ => key_of_bytes([
                    global.as_slice(),
                    template.as_bytes(),
                    &key_of(&context).to_le_bytes(),
                ]),
            };
            if let Some((_, old, bytes)) = previous.pages.get(&path)
                && keyed
                && *old == key
            {
                let file = OutputFile {
                    path,
                    contents: Contents::Shared(bytes.clone()),
                };
                return Ok((file, (fingerprint, key), false));
            }
            let mut section_value = None;
            if let Job::Page(i) = job {
                let page = &site.pages[i];
                context.content = &page.content.html;
                section_value = site.section_index(i).map(|s| {
                    if site.sections[s].pages.len() > crate::view::contract::NAV_ALL {
                        tera::Value::from_serializable(
                            &views.section_around(&site.sections[s], Some(i)),
                        )
                    } else {
                        section_values[s].clone()
                    }
                });
            }
            let source = source.map(|p| p.display().to_string()).unwrap_or_default();
            let mut context = tera::Context::from_serialize(&context).map_err(|e| {
                vec![Diagnostic::error(
                    &source,
                    format!("could not prepare the page for its template: {e}"),
                )]
            })?;
            if let Some(value) = section_value {
                // Shared by every page of the section: an Arc, not a copy per page.
                context.insert_value("section", value);
            }
            if let Some(items) = print_items {
                context.insert_value("print", tera::Value::from(items));
            }
            let html = render_in_budget(&tera, template, &context, site.config.render_budget)
                .map_err(|failure| {
                    let page = (!source.is_empty()).then_some(source.as_str());
                    match failure {
                        Err(e) => template_error(&e, theme, page),
                        Ok(over) => vec![over_budget(over, template, theme, page, &path)],
                    }
                })?;
            let to_diagnostic =
                |e: crate::base::error::Error| vec![Diagnostic::error(path.clone(), e.to_string())];
            let relative = |html: String| -> Result<String, Vec<Diagnostic>> {
                if !site.config.relative_links {
                    return Ok(html);
                }
                crate::render::relative::rewrite(&html, &path, &site.config.base_url.path)
                    .map_err(|e| vec![Diagnostic::error(path.clone(), e)])
            };
            let contents = match (job, sink) {
                // From disk, the printed handbook's links are rewritten whole.
                (Job::Print, Some(sink)) if site.config.relative_links => {
                    let whole = relative(print_parts(site, &html).collect::<String>())?;
                    sink.put(&path, whole.as_bytes()).map_err(to_diagnostic)?;
                    Contents::Written
                }
                (Job::Print, Some(sink)) => {
                    let mut parts = print_parts(site, &html);
                    sink.put_parts(&path, &mut parts).map_err(to_diagnostic)?;
                    Contents::Written
                }
                (Job::Print, None) => Contents::Shared(std::sync::Arc::new(
                    print_parts(site, &html).collect::<String>().into_bytes(),
                )),
                (_, Some(sink)) => {
                    let html = relative(html)?;
                    sink.put(&path, html.as_bytes()).map_err(to_diagnostic)?;
                    Contents::Written
                }
                (_, None) => Contents::Shared(std::sync::Arc::new(relative(html)?.into_bytes())),
            };
            Ok((OutputFile { path, contents }, (fingerprint, key), true))
        })
        .collect();
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
    if let Some(memo) = memo
        && diagnostics.is_empty()
    {
        update_memo(memo, &files, &keys, options.part);
        memo.rendered = fresh;
    }
    if !diagnostics.is_empty() {
        // A broken base template fails every page the same way: say it once, keeping the
        // report that names a page (generated pages such as 404.html have none to name).
        diagnostics.sort_by_key(|d| d.hint.is_none());
        let mut seen = std::collections::BTreeSet::new();
        diagnostics.retain(|d| seen.insert((d.path.clone(), d.line, d.column, d.message.clone())));
        diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        return Err(diagnostics);
    }
    let base = site.config.base_url.path.clone();
    let search_index = || OutputFile {
        path: crate::render::search::INDEX_FILE.into(),
        contents: match &options.search_index {
            Some(made) => made.clone(),
            None => Contents::Shared(std::sync::Arc::new(
                crate::render::search::index(site, |path| format!("{base}{path}")).into_bytes(),
            )),
        },
    };
    if options.part == Part::Extras {
        files.push(search_index());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        return Ok(files);
    }
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        contents: Contents::Bytes(sitemap(site).into_bytes()),
    });
    files.push(OutputFile {
        path: "feed.xml".into(),
        contents: Contents::Bytes(crate::render::feed::atom(site).into_bytes()),
    });
    files.extend(calendars(site, options));
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
    add_static(site, theme, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
