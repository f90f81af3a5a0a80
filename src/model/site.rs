//! Assembles parsed files into a `Site`: URLs, sections and their order, cross-references
//! (role holders, event hosts), Markdown bodies with their links resolved and checked.

use super::links::{LeftOut, link_problems, resolve_link};
use super::{Data, Kind, Meta, Parsed};
use crate::base::error::Diagnostic;
use crate::model::markdown::{self, Rendered};
use crate::source::Asset;
use crate::source::config::Config;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Page {
    /// Path of the source relative to `content/`, with `/`.
    pub rel: String,
    pub source: PathBuf,
    pub kind: Kind,
    pub meta: Arc<Meta>,
    pub data: Arc<Data>,
    /// The page's place in the site, relative to the base path: `roles/lead/`, `` for home.
    pub path: String,
    /// The folder it belongs to (`roles`, `` for the top level).
    pub section: String,
    /// Shared with the rebuild cache, so that reusing a body copies nothing.
    pub content: Arc<Rendered>,
    /// The file as read, with the Markdown of the body.
    pub parsed: Arc<Parsed>,
    /// The key of everything the body's HTML was made from.
    pub content_key: crate::base::key::Key,
}

impl Page {
    /// The people a page names: a role's holders, the contacts for reporting a breach.
    pub fn contacts(&self) -> Vec<&super::kinds::Contact> {
        match &*self.data {
            Data::Role(role) => role.holders.iter().collect(),
            Data::GroundRules(rules) => rules
                .reporting
                .iter()
                .flat_map(|r| r.contacts.iter())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The last segment of its path: how roles name people and events name hosts.
    pub fn slug(&self) -> &str {
        self.path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The folder below `content/` (`roles`), `` for the top level.
    pub dir: String,
    pub path: String,
    pub title: String,
    pub weight: i64,
    /// The section's own `index.md`, if it has one.
    pub index: Option<usize>,
    /// Pages in reading order.
    pub pages: Vec<usize>,
    /// Child folders in reading order.
    pub subsections: Vec<usize>,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    /// Index 0 is the top level.
    pub sections: Vec<Section>,
    pub home: Option<usize>,
    pub assets: Vec<Asset>,
    /// By page: the section it belongs to, and its position among that section's pages.
    /// Worked out once, since every page asks for its section and its neighbours.
    pub places: Vec<(Option<usize>, Option<usize>)>,
    /// Files whose front matter had an error (paths below the content folder): they exist,
    /// and nothing that depends on them may say they are missing.
    pub unreadable: BTreeSet<String>,
}

impl Site {
    /// Whether the file at `rel` (below the content folder) exists but could not be read:
    /// its own error is reported, so "missing" reports about it would be false.
    pub fn exists_unread(&self, rel: &str) -> bool {
        self.unreadable.contains(rel)
    }

    pub fn section_of(&self, page: &Page) -> Option<&Section> {
        self.sections.iter().find(|s| s.dir == page.section)
    }

    /// The index of the section page `index` belongs to.
    pub fn section_index(&self, index: usize) -> Option<usize> {
        self.places[index].0
    }

    pub fn pages_of_kind(&self, kind: Kind) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(move |p| p.kind == kind)
    }

    /// Lets go of what only loading and the search index read: each page's source text,
    /// search digest and link targets. Shared copies (a preview's caches) are left alone.
    pub fn release_sources(&mut self) {
        // Hundreds of thousands of small strings in a large site: freed on every core.
        self.pages.par_iter_mut().for_each(|page| {
            if let Some(parsed) = Arc::get_mut(&mut page.parsed) {
                parsed.source.text = String::new();
            }
            if let Some(content) = Arc::get_mut(&mut page.content) {
                content.digest = Default::default();
                // Only the link checks, done while loading, read these.
                content.anchors = Vec::new();
                content.anchor_links = Vec::new();
                content.problems = Vec::new();
            }
        });
    }

    pub fn person_by_slug(&self, slug: &str) -> Option<&Page> {
        self.pages_of_kind(Kind::Person).find(|p| p.slug() == slug)
    }
}

/// Where a kind sits in the handbook's reading order unless `weight` says otherwise.
pub fn default_weight(dir_or_kind: &str) -> i64 {
    match dir_or_kind {
        "purpose" => 10,
        "ground-rules" => 20,
        "roles" | "role" => 30,
        "people" | "person" => 40,
        "start-up" | "step" => 50,
        "events" | "event" => 60,
        _ => 100,
    }
}

fn default_section_title(dir: &str) -> String {
    let last = dir.rsplit('/').next().unwrap_or(dir);
    match last {
        "start-up" => "Start-up".to_string(),
        other => {
            let words = other.replace(['-', '_'], " ");
            let mut chars = words.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

pub(super) fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map(|i| &rel[..i]).unwrap_or("")
}

/// `roles/lead.md` -> `roles/lead/`; `roles/index.md` -> `roles/`; `index.md` -> ``.
pub fn page_path(rel: &str, kind: Kind, slug: Option<&str>) -> String {
    let dir = parent_dir(rel);
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = dir.split('/').map(url_segment).collect();
        format!("{}/", parts.join("/"))
    };
    let file = rel.rsplit('/').next().unwrap_or(rel);
    if kind == Kind::Section || super::is_folder_page(file) {
        return prefix;
    }
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md");
    let segment = slug.map(url_segment).unwrap_or_else(|| url_segment(stem));
    format!("{prefix}{segment}/")
}

/// A file or folder name as a URL segment: spaces become `-`, letters are lower-cased, Latin
/// letters lose their accents (`García` -> `garcia`, as most generators and GitHub's own
/// URLs do, so addresses stay readable when typed or pasted), and letters and digits of
/// other scripts are kept (`はじめに`). Heading ids keep their accents, as GitHub makes them.
fn url_segment(name: &str) -> String {
    let slug = crate::base::text::slugify(&crate::base::text::latin_ascii(name));
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug
    }
}

/// The ids a theme puts on every page of a kind (`main`, `reporting`): headings in the body
/// never take them. The theme contract decides them (`view::contract::reserved_ids`); the
/// pipeline hands them down, so the model does not depend on the view.
pub type ReservedIds = fn(Kind) -> &'static [&'static str];

pub fn build(
    config: Config,
    parsed: Vec<Arc<Parsed>>,
    unreadable: BTreeSet<String>,
    assets: Vec<Asset>,
    bodies: Option<&mut BodyCache>,
    reserved_ids: ReservedIds,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    let drafts: BTreeSet<String> = parsed
        .iter()
        .filter(|p| p.meta.draft)
        .map(|p| p.source.rel.clone())
        .collect();
    // Placing copies each page's fields: at ten thousand pages that is most of a preview
    // rebuild's loading, so it runs on every core. Paths are unique, so the order is fixed.
    let mut pages: Vec<Page> = parsed
        .into_par_iter()
        .filter(|p| !p.meta.draft)
        .map(place)
        .collect();
    pages.par_sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    check_unique_paths(&pages, &assets, diagnostics);
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
    let places = places(&pages, &sections);
    let mut site = Site {
        config,
        pages,
        sections,
        home,
        assets,
        places,
        unreadable: unreadable.clone(),
    };
    check_references(&site, diagnostics);
    let left_out = LeftOut { drafts, unreadable };
    render_bodies(&mut site, &left_out, bodies, reserved_ids, diagnostics);
    site
}

/// Each page's section (the first with its folder, as `Site::section_of` finds it) and its
/// position in that section's reading order.
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
    let section = if kind == Kind::Section || path.is_empty() {
        // A section's index belongs to the section itself.
        path.trim_end_matches('/').to_string()
    } else {
        parent_dir(&p.source.rel).to_string()
    };
    Page {
        rel: p.source.rel.clone(),
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
/// A path as file systems that ignore case or Unicode form see it: `Café` written with a
/// combining accent and `café` with a single letter are one file on a Mac.
pub fn comparable(path: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    path.nfc().collect::<String>().to_lowercase()
}

/// Pages that handbook writes itself.
pub const RESERVED_PATHS: &[&str] = &["review/", "search/", "print/"];

/// Files that handbook writes itself, and what each is. `robots.txt` is not here: a site's
/// own replaces the one handbook would write.
pub const GENERATED_FILES: &[(&str, &str)] = &[
    ("404.html", "the page-not-found page"),
    ("events.ics", "the calendar of all events"),
    ("feed.xml", "the Atom feed"),
    ("sitemap.xml", "the sitemap"),
    ("search-index.json", "the search index"),
];

fn check_unique_paths(pages: &[Page], assets: &[Asset], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Page> = HashMap::with_capacity(pages.len());
    for page in pages {
        let key = page.parsed.comparable_path.as_str();
        if RESERVED_PATHS.contains(&key) {
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
        let generated = GENERATED_FILES
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, what)| what.to_string())
            .or_else(|| {
                let page = key.strip_suffix("index.html")?;
                RESERVED_PATHS
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

/// Where an asset is in the site (`static/feed.xml`, `content/404.html`), for messages.
fn display_of(asset: &Asset) -> PathBuf {
    let parts: Vec<_> = asset.path.components().collect();
    // The folder above the output path is `static` or `content` (or a folder inside it).
    let depth = asset.output.split('/').count() + 1;
    parts[parts.len().saturating_sub(depth)..].iter().collect()
}

fn build_sections(pages: &[Page]) -> Vec<Section> {
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    dirs.insert(String::new());
    for page in pages {
        let mut dir = page.section.as_str();
        while !dir.is_empty() {
            dirs.insert(dir.to_string());
            dir = parent_dir(dir);
        }
    }
    let mut sections: Vec<Section> = dirs
        .iter()
        .map(|dir| {
            let index = pages
                .iter()
                .position(|p| p.kind == Kind::Section && p.section == *dir);
            let index = index.or_else(|| {
                dir.is_empty()
                    .then(|| pages.iter().position(|p| p.path.is_empty()))
                    .flatten()
            });
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
                dir: dir.clone(),
                title,
                weight,
                index,
                pages: Vec::new(),
                subsections: Vec::new(),
            }
        })
        .collect();
    for (i, page) in pages.iter().enumerate() {
        if page.kind == Kind::Section || page.path.is_empty() {
            continue;
        }
        if let Some(section) = sections.iter_mut().find(|s| s.dir == page.section) {
            section.pages.push(i);
        }
    }
    for section in &mut sections {
        section
            .pages
            .sort_by_cached_key(|&i| reading_key(&pages[i]));
    }
    let children: Vec<(usize, usize)> = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.dir.is_empty())
        .filter_map(|(i, s)| {
            let parent = parent_dir(&s.dir);
            sections
                .iter()
                .position(|p| p.dir == parent)
                .map(|p| (p, i))
        })
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

/// Steps by `order`, events by start, everything else by weight then title: the key pages
/// sort by in their section.
fn reading_key(p: &Page) -> (i64, Option<jiff::Timestamp>, i64, String, String) {
    {
        let order = match &*p.data {
            Data::Step(step) => step.order.unwrap_or(i64::MAX),
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
            if !people.contains(slug.as_str()) && !site.exists_unread(&format!("people/{slug}.md"))
            {
                diagnostics.push(unknown_slug(
                    page,
                    contact.line,
                    contact.column,
                    &contact.field,
                    slug,
                    &people_list,
                    "person",
                ));
            }
        }
        if let Data::Event(event) = &*page.data
            && let Some((slug, line, column)) = &event.host
            && !hosts.contains(&slug.as_str())
            && !site.exists_unread(&format!("people/{slug}.md"))
            && !site.exists_unread(&format!("roles/{slug}.md"))
        {
            diagnostics.push(unknown_slug(
                page,
                *line,
                *column,
                "host",
                slug,
                &hosts,
                "person or role",
            ));
        }
    }
}

fn unknown_slug(
    page: &Page,
    line: usize,
    column: usize,
    field: &str,
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

/// Rendered bodies from an earlier build, by file, with the key they were made from.
/// Each entry: the key of the inputs, the body, and the key of the body's HTML.
pub type BodyCache = HashMap<String, (crate::base::key::Key, Arc<Rendered>, crate::base::key::Key)>;

/// Everything besides its own text that a body's HTML depends on: where every page and file
/// is, and which files are drafts or unreadable.
fn link_signature(site: &Site, left_out: &LeftOut) -> crate::base::key::Key {
    let mut parts: Vec<&[u8]> = vec![site.config.base_url.path.as_bytes()];
    for page in &site.pages {
        parts.push(page.rel.as_bytes());
        parts.push(page.path.as_bytes());
    }
    parts.push(b"\0assets");
    parts.extend(site.assets.iter().map(|a| a.output.as_bytes()));
    parts.push(b"\0drafts");
    parts.extend(left_out.drafts.iter().map(|d| d.as_bytes()));
    parts.push(b"\0unreadable");
    parts.extend(left_out.unreadable.iter().map(|d| d.as_bytes()));
    crate::base::key::key_of_bytes(parts)
}

/// Renders every body in parallel, rewriting `.md` links to page URLs, then checks the
/// `#anchor` of every link against the headings of the page it points at. With a cache
/// (preview and watch), bodies whose key is unchanged are reused and the cache is refreshed;
/// without one (a one-off build), nothing is kept.
fn render_bodies(
    site: &mut Site,
    left_out: &LeftOut,
    mut bodies: Option<&mut BodyCache>,
    reserved_ids: ReservedIds,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let signature = link_signature(site, left_out).to_le_bytes();
    // A one-off build owns each file's text: taken out here, each is let go as soon as its
    // body is rendered, so the Markdown and the HTML of a large site are never all held at
    // once. A rebuild's texts are shared with its cache and stay where they are.
    let owned: Vec<Option<String>> = site
        .pages
        .iter_mut()
        .map(|page| match (&bodies, Arc::get_mut(&mut page.parsed)) {
            (None, Some(parsed)) => Some(std::mem::take(&mut parsed.source.text)),
            _ => None,
        })
        .collect();
    let by_rel: HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.as_str(), i))
        .collect();
    let asset_paths: BTreeSet<&str> = site.assets.iter().map(|a| a.output.as_str()).collect();
    let base = site.config.base_url.path.as_str();
    let keys: Vec<crate::base::key::Key> = site
        .pages
        .iter()
        .map(|page| {
            crate::base::key::key_of_bytes([
                signature.as_slice(),
                page.rel.as_bytes(),
                page.kind.name().as_bytes(),
                &page.parsed.text_key.to_le_bytes(),
            ])
        })
        .collect();
    let empty = BodyCache::new();
    let cached: &BodyCache = bodies.as_deref().unwrap_or(&empty);
    let rendered: Vec<(Arc<Rendered>, crate::base::key::Key)> = site
        .pages
        .par_iter()
        .zip(keys.par_iter())
        .zip(owned.into_par_iter())
        .map(|((page, key), owned)| {
            if let Some((old, body, html_key)) = cached.get(&page.rel)
                && old == key
            {
                return (body.clone(), *html_key);
            }
            let body_line = page.parsed.body_line;
            let resolve = |dest: &str| {
                resolve_link(
                    dest,
                    page,
                    &site.pages,
                    &by_rel,
                    &asset_paths,
                    left_out,
                    base,
                )
            };
            let markdown = match &owned {
                Some(text) => text.get(page.parsed.body_start..).unwrap_or(""),
                None => page.parsed.body(),
            };
            let mut reserved: Vec<&str> = reserved_ids(page.kind).to_vec();
            reserved.extend(page.parsed.title_anchor.as_deref());
            let mut body = markdown::render_with(
                markdown,
                body_line,
                &reserved,
                site.config.raw_html,
                &resolve,
            );
            if let Some(id) = &page.parsed.title_anchor {
                // The heading that became the title keeps its id, at the top of the body.
                body.html
                    .insert_str(0, &format!("<span id=\"{id}\"></span>"));
            }
            // Pages are re-rendered by what their HTML is, not by what it was made from: a
            // new file elsewhere changes every body's inputs but rarely its HTML.
            let html_key = crate::base::key::key_of_bytes([body.html.as_bytes()]);
            (Arc::new(body), html_key)
        })
        .collect();
    for ((page, (content, html_key)), key) in site.pages.iter_mut().zip(rendered).zip(keys) {
        if let Some(bodies) = bodies.as_deref_mut() {
            // In place: after a save, all but a few entries are the same as before.
            match bodies.get_mut(&page.rel) {
                Some(entry) if entry.0 == key && Arc::ptr_eq(&entry.1, &content) => {}
                Some(entry) => *entry = (key, content.clone(), html_key),
                None => {
                    bodies.insert(page.rel.clone(), (key, content.clone(), html_key));
                }
            }
        }
        page.content = content;
        page.content_key = html_key;
    }
    if let Some(bodies) = bodies
        && bodies.len() > site.pages.len()
    {
        // Files deleted or renamed, or turned into drafts.
        let current: BTreeSet<&str> = site.pages.iter().map(|p| p.rel.as_str()).collect();
        bodies.retain(|rel, _| current.contains(rel.as_str()));
    }
    // A page has a dozen ids or so: a list is quicker to build and to search than a set.
    // Every link into a heading is checked on every build, tens of thousands in a large
    // site: on every core, with a quick hash of our own paths.
    let anchors: ahash::AHashMap<&str, &[String]> = site
        .pages
        .iter()
        .map(|p| (p.rel.as_str(), p.content.anchors.as_slice()))
        .collect();
    let found: Vec<Vec<Diagnostic>> = site
        .pages
        .par_iter()
        .map(|page| link_problems(page, &anchors))
        .filter(|found| !found.is_empty())
        .collect();
    diagnostics.extend(found.into_iter().flatten());
}

/// Steps, roles, people and events in their sections' order: used for prev/next.
pub fn neighbours(site: &Site, index: usize) -> (Option<usize>, Option<usize>) {
    let (Some(section), Some(pos)) = site.places[index] else {
        return (None, None);
    };
    let pages = &site.sections[section].pages;
    let prev = pos.checked_sub(1).map(|p| pages[p]);
    (prev, pages.get(pos + 1).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_drop_latin_accents_and_keep_other_scripts() {
        assert_eq!(
            page_path("people/sofía-garcía.md", Kind::Person, None),
            "people/sofia-garcia/"
        );
        assert_eq!(page_path("Straße.md", Kind::Page, None), "strasse/");
        assert_eq!(
            page_path("ja/はじめに.md", Kind::Page, None),
            "ja/はじめに/"
        );
        assert_eq!(page_path("ko/한국어.md", Kind::Page, None), "ko/한국어/");
        assert_eq!(page_path("hi/नमस्ते.md", Kind::Page, None), "hi/नमस्ते/");
        assert_eq!(page_path("th/สวัสดี.md", Kind::Page, None), "th/สวัสดี/");
    }

    #[test]
    fn paths_are_pretty() {
        assert_eq!(page_path("roles/lead.md", Kind::Role, None), "roles/lead/");
        assert_eq!(page_path("index.md", Kind::Section, None), "");
        assert_eq!(page_path("roles/index.md", Kind::Section, None), "roles/");
        assert_eq!(
            page_path("roles/lead.md", Kind::Role, Some("chair")),
            "roles/chair/"
        );
        assert_eq!(
            page_path("How To Join.md", Kind::Page, None),
            "how-to-join/"
        );
    }
}
