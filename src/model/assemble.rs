//! Assembling the site from parsed files: each placed at its URL (two may not share one),
//! folders made sections in reading order, references between pages checked, then every
//! body rendered (`bodies`). The result is the `Site` that later stages read and never change.

use super::audience::{Internal, left_out};
use super::bodies::{BodyCache, ReservedIds, render_bodies};
use super::links::LeftOut;
use super::markdown::Rendered;
use super::parsed::{Data, Kind, Parsed};
use super::site::*;
use crate::base::error::Diagnostic;
use crate::source::Asset;
use crate::source::config::{Audience, Config};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// What a site is assembled from, besides its settings.
pub struct Files {
    pub parsed: Vec<Arc<Parsed>>,
    /// Files whose front matter had an error.
    pub unreadable: BTreeSet<String>,
    pub assets: Vec<Asset>,
    /// Every language's pages (empty for a site of one language).
    pub translations: Arc<super::translations::Translations>,
    /// What `visibility: internal` covers, in every language.
    pub internal: Arc<Internal>,
}

pub fn build(
    config: Config,
    Files {
        parsed,
        unreadable,
        assets,
        translations,
        internal,
    }: Files,
    bodies: Option<&mut BodyCache>,
    reserved_ids: ReservedIds,
    git: Option<Git>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    let history = config.git.history && git.as_ref().is_some_and(|g| g.history.is_some());
    let drafts: BTreeSet<String> = parsed
        .iter()
        .filter(|p| p.meta.draft)
        .map(|p| p.place.clone())
        .collect();
    let audience = config.audience;
    let (internal_files, internal_paths, assets) = leave_out(audience, &internal, &parsed, assets);
    // Placing copies each page's fields: at ten thousand pages that is most of a preview
    // rebuild's loading, so it runs on every core. Paths are unique, so the order is fixed.
    let mut pages: Vec<Page> = parsed
        .into_par_iter()
        .filter(|p| !p.meta.draft && !left_out(audience, &internal, &p.place))
        .map(place)
        .collect();
    pages.par_sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    check_unique_paths(&pages, &assets, history, diagnostics);
    check_language_paths(&config, &pages, diagnostics);
    let home = pages.iter().position(|p| p.path.is_empty());
    let mut config = config;
    // A site without settings takes its name from its home page's heading (a README's
    // `# Project name`), when it has one; else the folder's name stands.
    if config.guessed
        && let Some(home) = home
        && pages[home].meta.title != "Home"
    {
        config.title = pages[home].meta.title.clone();
    }
    let sections = build_sections(&pages);
    check_aliases(&pages, &sections, &assets, history, diagnostics);
    let places = places(&pages, &sections);
    let mut site = Site {
        config,
        pages,
        sections,
        home,
        assets,
        places,
        unreadable: unreadable.clone(),
        slugs: Default::default(),
        git,
        internal,
        translations,
    };
    site.slugs = Slugs::of(&site.pages);
    check_references(&site, diagnostics);
    check_photos(&site, diagnostics);
    super::plan_refs::check(&site, diagnostics);
    let left_out = LeftOut {
        drafts,
        unreadable,
        internal_files,
        internal_paths,
    };
    render_bodies(&mut site, &left_out, bodies, reserved_ids, diagnostics);
    site
}

/// What a public build leaves out for members: the files (pages and others below
/// `content/`) and the pages' URL paths, each to its file, so that links to them get their
/// own error; and the files copied as they are that remain.
fn leave_out(
    audience: Audience,
    internal: &Internal,
    parsed: &[Arc<Parsed>],
    assets: Vec<Asset>,
) -> (BTreeSet<String>, BTreeMap<String, String>, Vec<Asset>) {
    let mut files = BTreeSet::new();
    let mut paths = BTreeMap::new();
    if audience == Audience::Internal || internal.is_empty() {
        return (files, paths, assets);
    }
    for p in parsed.iter().filter(|p| internal.covers(&p.place)) {
        files.insert(p.place.clone());
        paths.insert(p.path.clone(), p.place.clone());
    }
    let (out, kept): (Vec<Asset>, Vec<Asset>) = assets
        .into_iter()
        .partition(|a| a.in_content && internal.covers(&a.output));
    files.extend(out.into_iter().map(|a| a.output));
    (files, paths, kept)
}

/// In the default language's site of a handbook of several, the addresses the others and
/// the translation status page take (`de/`, `translation-status/`) are not a page's: two
/// files would be written to one place.
fn check_language_paths(config: &Config, pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    if config.lang != 0 || config.languages.len() < 2 {
        return;
    }
    let aliases = |page: &Page| -> Vec<(String, usize, usize)> {
        (page.meta.aliases.iter())
            .map(|a| (a.path.clone(), a.line, a.column))
            .collect()
    };
    for page in pages {
        let own = std::iter::once((page.path.clone(), 0, 0));
        for (path, line, column) in own.chain(aliases(page)) {
            let first = path.split('/').next().unwrap_or_default();
            let taken = match config.languages.iter().skip(1).find(|l| l.code == first) {
                Some(language) => format!("the {} handbook's", language.name),
                None if first == "translation-status" => "the translation status page's".into(),
                None => continue,
            };
            let message =
                format!("the URL `/{path}` is {taken}, in a handbook of several languages");
            let mut d = Diagnostic::error(&page.source, message)
                .hint("rename the file or its folder, or give it another `slug` or old address");
            if line > 0 {
                d = d.at(line, column).field("aliases");
            }
            diagnostics.push(d);
        }
    }
}

/// Each page's section (the first with its folder) and its position in that section's
/// reading order.
fn places(pages: &[Page], sections: &[Section]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut by_dir: HashMap<&str, usize> = HashMap::with_capacity(sections.len());
    for (s, section) in sections.iter().enumerate() {
        by_dir.entry(section.dir.as_str()).or_insert(s);
    }
    let mut places: Vec<(Option<usize>, Option<usize>)> = pages
        .iter()
        .map(|page| (by_dir.get(page.section.as_str()).copied(), None))
        .collect();
    for (s, section) in sections.iter().enumerate() {
        for (position, &p) in section.pages.iter().enumerate() {
            if places[p].0 == Some(s) && places[p].1.is_none() {
                places[p].1 = Some(position);
            }
        }
    }
    places
}

fn place(p: Arc<Parsed>) -> Page {
    let kind = p.kind;
    let path = p.path.clone();
    // A page belongs to its folder, and a folder's index (`index.md`, `README.md`) to the
    // folder itself: both by the folder's name as written. Its URL differs when the name
    // has capitals, spaces or `_` (`for_developers` -> `for-developers/`); keyed by the URL,
    // an index made a second section of its folder, whose generated list page then raced
    // the index for the same file.
    let section = if path.is_empty() {
        String::new()
    } else {
        parent_dir(&p.place).to_string()
    };
    Page {
        rel: p.source.rel.clone(),
        place: p.place.clone(),
        source: p.source.display.clone(),
        kind,
        meta: p.meta.clone(),
        data: p.data.clone(),
        path,
        section,
        content: Arc::new(Rendered::default()),
        content_key: 0,
        parsed: p,
    }
}

/// Two files may not claim one URL, and neither may two that differ only by case: on the
/// case-insensitive file systems of many readers one would overwrite the other.
fn check_unique_paths(
    pages: &[Page],
    assets: &[Asset],
    history: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: ahash::AHashMap<&str, &Page> = ahash::AHashMap::with_capacity(pages.len());
    let (reserved_paths, generated_files) = generated(pages, history);
    for page in pages {
        let key = page.parsed.comparable_path.as_str();
        if reserved_paths.contains(&key) {
            diagnostics.push(
                Diagnostic::error(
                    &page.source,
                    format!("the URL `/{}` is kept for a page handbook makes", page.path),
                )
                .hint("rename the file or give it another `slug`"),
            );
        }
        if let Some(first) = seen.get(key) {
            diagnostics.push(
                Diagnostic::error(
                    &page.source,
                    format!(
                        "this page has the same URL `/{}` as {}",
                        page.path,
                        first.source.display()
                    ),
                )
                .hint("rename one of the files or give one a different `slug`"),
            );
        } else {
            seen.insert(key, page);
        }
    }
    for asset in assets {
        let key = comparable(&asset.output);
        let generated = generated_files
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, what)| what.to_string())
            .or_else(|| {
                let page = key.strip_suffix("index.html")?;
                reserved_paths
                    .contains(&page)
                    .then(|| format!("the page `/{page}`"))
            })
            .or_else(|| {
                let page = seen.get(key.strip_suffix("event.ics")?)?;
                (page.kind == Kind::Event)
                    .then(|| format!("the calendar file of {}", page.source.display()))
            });
        if let Some(what) = generated {
            diagnostics.push(
                Diagnostic::error(
                    display_of(asset),
                    format!("this file would be replaced by {what}, which handbook writes at the same place"),
                )
                .hint("rename or move the file"),
            );
            continue;
        }
        let as_page = key.strip_suffix("index.html").unwrap_or("\u{0}");
        if let Some(page) = seen.get(as_page) {
            diagnostics.push(Diagnostic::error(
                display_of(asset),
                format!(
                    "this file would overwrite the page made from {}",
                    page.source.display()
                ),
            ));
        }
    }
}

/// Old addresses (`aliases:`) become redirects to their page, so none may be an address the
/// site already uses (a page, a folder's list, a file, a file handbook writes) or another
/// page's old address: one of the two would be lost.
fn check_aliases(
    pages: &[Page],
    sections: &[Section],
    assets: &[Asset],
    history: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if pages.iter().all(|p| p.meta.aliases.is_empty()) {
        return;
    }
    let mut taken: HashMap<String, String> = HashMap::new();
    let (reserved_paths, generated_files) = generated(pages, history);
    for (name, what) in generated_files {
        taken.insert(name.to_string(), what.to_string());
    }
    for path in reserved_paths {
        taken.insert(format!("{path}index.html"), format!("the page `/{path}`"));
    }
    for asset in assets {
        let what = format!("the file {}", display_of(asset).display());
        taken.insert(comparable(&asset.output), what);
    }
    for section in sections.iter().filter(|s| s.index.is_none()) {
        let what = format!("the list of the folder `{}`", section.dir);
        taken.insert(comparable(&format!("{}index.html", section.path)), what);
    }
    for page in pages {
        let what = format!("the page made from {}", page.source.display());
        taken.insert(format!("{}index.html", page.parsed.comparable_path), what);
    }
    let mut claimed: HashMap<String, &Page> = HashMap::new();
    for page in pages {
        for alias in &page.meta.aliases {
            let key = comparable(&alias.output());
            let clash = match (taken.get(&key), claimed.get(&key)) {
                (Some(what), _) => Some(format!("`/{}` is the address of {what}", alias.path)),
                (None, Some(other)) => Some(format!(
                    "`/{}` is also an old address of {}",
                    alias.path,
                    other.source.display()
                )),
                (None, None) => None,
            };
            match clash {
                Some(message) => diagnostics.push(
                    Diagnostic::error(&page.source, message)
                        .at(alias.line, alias.column)
                        .field("aliases")
                        .hint("an old address becomes a page that sends readers on; remove this one from `aliases`"),
                ),
                None => {
                    claimed.insert(key, page);
                }
            }
        }
    }
}

/// Where an asset is in the site (`static/feed.xml`, `content/404.html`), for messages.
fn display_of(asset: &Asset) -> PathBuf {
    let parts: Vec<_> = asset.path.components().collect();
    // The folder above the output path is `static` or `content` (or a folder inside it).
    let depth = asset.output.split('/').count() + 1;
    parts[parts.len().saturating_sub(depth)..].iter().collect()
}

/// Every folder with a page in it or below it, and the top.
fn folders(pages: &[Page]) -> BTreeSet<String> {
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    dirs.insert(String::new());
    for page in pages {
        let mut dir = page.section.as_str();
        while !dir.is_empty() && !dirs.contains(dir) {
            dirs.insert(dir.to_string());
            dir = parent_dir(dir);
        }
    }
    dirs
}

fn build_sections(pages: &[Page]) -> Vec<Section> {
    let dirs = folders(pages);
    // Each folder's own page, the first in file order where there are two (an error reported
    // elsewhere): looked up by folder, since a site has hundreds of folders and thousands of
    // pages, and searching every page for every folder took a seventh of a preview rebuild.
    let mut own: ahash::AHashMap<&str, usize> = ahash::AHashMap::with_capacity(dirs.len());
    for (i, page) in pages.iter().enumerate() {
        if page.kind == Kind::Section {
            own.entry(page.section.as_str()).or_insert(i);
        }
    }
    let mut sections: Vec<Section> = dirs
        .iter()
        .map(|dir| {
            let index = own.get(dir.as_str()).copied();
            let index = index.or_else(|| {
                dir.is_empty()
                    .then(|| pages.iter().position(|p| p.path.is_empty()))
                    .flatten()
            });
            empty_section(dir, index, pages)
        })
        .collect();
    let by_dir: ahash::AHashMap<&str, usize> = dirs
        .iter()
        .enumerate()
        .map(|(i, dir)| (dir.as_str(), i))
        .collect();
    for (i, page) in pages.iter().enumerate() {
        if page.kind == Kind::Section || page.path.is_empty() {
            continue;
        }
        if let Some(&section) = by_dir.get(page.section.as_str()) {
            sections[section].pages.push(i);
        }
    }
    for section in &mut sections {
        section
            .pages
            .sort_by_cached_key(|&i| reading_key(&pages[i]));
    }
    let children: Vec<(usize, usize)> = dirs
        .iter()
        .enumerate()
        .filter(|(_, dir)| !dir.is_empty())
        .filter_map(|(i, dir)| by_dir.get(parent_dir(dir)).map(|&p| (p, i)))
        .collect();
    for (parent, child) in children {
        sections[parent].subsections.push(child);
    }
    let keys: Vec<(i64, String)> = sections
        .iter()
        .map(|s| (s.weight, s.title.to_lowercase()))
        .collect();
    for section in &mut sections {
        section.subsections.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
    sections
}

/// A folder's section before its pages are added: titled and weighed by its own page
/// (`index`), when it has one.
fn empty_section(dir: &str, index: Option<usize>, pages: &[Page]) -> Section {
    let (title, weight) = match index.map(|i| &pages[i]) {
        Some(p) => (
            p.meta.title.clone(),
            p.meta.weight.unwrap_or_else(|| default_weight(dir)),
        ),
        None => (default_section_title(dir), default_weight(dir)),
    };
    Section {
        path: if dir.is_empty() {
            String::new()
        } else {
            page_path(&format!("{dir}/index.md"), Kind::Section, None)
        },
        dir: dir.to_string(),
        title,
        weight,
        index,
        pages: Vec::new(),
        subsections: Vec::new(),
    }
}

/// Steps by `order`, events by start, everything else by weight then title: the key pages
/// sort by in their section.
fn reading_key(p: &Page) -> (i64, Option<jiff::Timestamp>, i64, String, String) {
    {
        let order = match &*p.data {
            Data::Step(step) => step.order.unwrap_or(i64::MAX),
            // Stories newest first.
            Data::Success(success) => {
                let d = success.date;
                -(i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day()))
            }
            _ => 0,
        };
        let start = match &*p.data {
            Data::Event(e) => Some(e.when.start().timestamp()),
            _ => None,
        };
        let weight = p
            .meta
            .weight
            .unwrap_or_else(|| default_weight(p.kind.name()));
        (
            order,
            start,
            weight,
            p.meta.title.to_lowercase(),
            p.rel.clone(),
        )
    }
}

fn check_references(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    let people: BTreeSet<&str> = site.pages_of_kind(Kind::Person).map(Page::slug).collect();
    let roles: BTreeSet<&str> = site.pages_of_kind(Kind::Role).map(Page::slug).collect();
    let people_list: Vec<&str> = people.iter().copied().collect();
    let hosts: Vec<&str> = people.iter().chain(roles.iter()).copied().collect();
    for page in &site.pages {
        for contact in page.contacts() {
            let Some(slug) = &contact.person else {
                continue;
            };
            let file = format!("people/{slug}.md");
            if people.contains(slug.as_str()) || site.exists_unread(&file) {
                continue;
            }
            let at = (contact.line, contact.column, contact.field.as_str());
            diagnostics.push(match site.left_out_internal(&file) {
                true => internal_slug(page, at, &file),
                false => unknown_slug(page, at, slug, &people_list, "person"),
            });
        }
        if let Data::Event(event) = &*page.data
            && let Some((slug, line, column)) = &event.host
            && site.host_by_slug(slug).is_none()
        {
            let files = [format!("people/{slug}.md"), format!("roles/{slug}.md")];
            if files.iter().any(|f| site.exists_unread(f)) {
                continue;
            }
            let at = (*line, *column, "host");
            diagnostics.push(match files.iter().find(|f| site.left_out_internal(f)) {
                Some(file) => internal_slug(page, at, file),
                None => unknown_slug(page, at, slug, &hosts, "person or role"),
            });
        }
    }
}

/// A public page that names a person or role whose page is for members only.
fn internal_slug(
    page: &Page,
    (line, column, field): (usize, usize, &str),
    file: &str,
) -> Diagnostic {
    Diagnostic::error(
        &page.source,
        format!("`content/{file}` is for members only (`visibility: internal`), so the public build has no page to show here"),
    )
    .at(line, column)
    .field(field)
    .hint(format!(
        "make content/{file} public, make this page internal too, or name them here without their page (`name: ...`); `handbook build --audience internal` builds the members' site with both"
    ))
}

fn unknown_slug(
    page: &Page,
    (line, column, field): (usize, usize, &str),
    slug: &str,
    known: &[&str],
    what: &str,
) -> Diagnostic {
    let d = Diagnostic::error(
        &page.source,
        format!("no {what} page has the slug `{slug}`"),
    )
    .at(line, column)
    .field(field);
    match crate::base::error::suggest(slug, known) {
        Some(near) => d.hint(format!("did you mean `{near}`?")),
        None if what == "person" => d.hint(format!(
            "create content/people/{slug}.md, or write `name: ...` for someone without a page"
        )),
        None => d.hint(format!(
            "create content/people/{slug}.md or content/roles/{slug}.md"
        )),
    }
}

/// Every person's `photo:` is a file of the site: an error at its line otherwise.
fn check_photos(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    for page in &site.pages {
        let Data::Person(super::kinds::Person {
            photo: Some((photo, line, column)),
            ..
        }) = &*page.data
        else {
            continue;
        };
        if !site.assets.iter().any(|a| a.output == *photo) {
            diagnostics.push(
                Diagnostic::error(
                    &page.source,
                    format!("the photo `{photo}` is not a file of the site"),
                )
                .at(*line, *column)
                .field("photo")
                .hint(format!(
                    "put the picture at static/{photo}, or write the path of one that is there"
                )),
            );
        }
    }
}
