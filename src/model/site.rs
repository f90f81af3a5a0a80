//! Assembles parsed files into a `Site`: URLs, sections and their order, cross-references
//! (role holders, event hosts), Markdown bodies with their links resolved and checked.

use super::markdown::Rendered;
use super::parsed::{Data, Kind, Meta, Parsed};
use crate::source::Asset;
use crate::source::config::Config;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Page {
    /// Path of the source relative to `content/`, with `/`.
    pub rel: String,
    /// Its path in its language's handbook (`Parsed::place`); `rel` in a site of one
    /// language.
    pub place: String,
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
    /// Person and role pages by slug (see `Slugs`).
    pub slugs: Slugs,
    /// What git says of the content, when the site is in a work tree.
    pub git: Option<Git>,
    /// What `visibility: internal` covers: left out of a public build, marked in the
    /// members' one.
    pub internal: Arc<super::audience::Internal>,
    /// Every language's pages, for the language switcher and links to pages not yet
    /// translated; empty in a site of one language.
    pub translations: Arc<super::translations::Translations>,
}

/// The repository around the content: where it is, its history (none for a shallow clone or
/// with `git: { history: false }`), and its CODEOWNERS.
#[derive(Debug, Clone)]
pub struct Git {
    pub place: crate::source::git::Place,
    pub history: Option<Arc<crate::source::git::History>>,
    pub codeowners: Option<Arc<crate::source::codeowners::CodeOwners>>,
}

impl Git {
    /// A content file's history, by its path below the content folder.
    pub fn file(&self, rel: &str) -> Option<&crate::source::git::FileHistory> {
        self.history.as_ref()?.files.get(rel)
    }
}

/// Person and role pages by slug, the first of each kind in page order: every holder,
/// contact and event host is looked up by slug, and a search of every page for each made
/// views and checks quadratic in the size of the site.
#[derive(Debug, Default)]
pub struct Slugs {
    people: std::collections::HashMap<String, usize>,
    roles: std::collections::HashMap<String, usize>,
}

impl Slugs {
    pub fn of(pages: &[Page]) -> Slugs {
        let mut slugs = Slugs::default();
        for (i, page) in pages.iter().enumerate() {
            let by_slug = match page.kind {
                Kind::Person => &mut slugs.people,
                Kind::Role => &mut slugs.roles,
                _ => continue,
            };
            by_slug.entry(page.slug().to_string()).or_insert(i);
        }
        slugs
    }
}

impl Site {
    /// Whether the file at `rel` (below the content folder) exists but could not be read:
    /// its own error is reported, so "missing" reports about it would be false.
    pub fn exists_unread(&self, rel: &str) -> bool {
        self.unreadable.contains(rel)
    }

    /// Whether the file at `rel` (below the content folder) is for members only and this
    /// build leaves it out.
    pub fn left_out_internal(&self, rel: &str) -> bool {
        let (_, place) = self.translations.of_file(rel);
        super::audience::left_out(self.config.audience, &self.internal, &place)
    }

    /// Whether a page is for members only (left out or, in the members' build, marked as
    /// theirs).
    pub fn is_internal(&self, page: &Page) -> bool {
        self.internal.covers(&page.place)
    }

    /// The index of the section page `index` belongs to.
    pub fn section_index(&self, index: usize) -> Option<usize> {
        self.places[index].0
    }

    pub fn pages_of_kind(&self, kind: Kind) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(move |p| p.kind == kind)
    }

    /// Lets go of what only loading read: each page's source text and link targets. Shared
    /// copies (a preview's caches) are left alone.
    pub fn release_sources(&mut self) {
        // Hundreds of thousands of small strings in a large site: freed on every core.
        self.pages.par_iter_mut().for_each(|page| {
            if let Some(parsed) = Arc::get_mut(&mut page.parsed) {
                parsed.source.text = String::new();
            }
            if let Some(content) = Arc::get_mut(&mut page.content) {
                // Only the link checks, done while loading, read these.
                content.anchors = Vec::new();
                content.anchor_links = Vec::new();
                content.problems = Vec::new();
            }
        });
    }

    /// Lets go of the search digests, which only the search index reads.
    pub fn release_digests(&mut self) {
        self.pages.par_iter_mut().for_each(|page| {
            if let Some(content) = Arc::get_mut(&mut page.content) {
                content.digest = Default::default();
            }
        });
    }

    pub fn person_by_slug(&self, slug: &str) -> Option<&Page> {
        self.slugs.people.get(slug).map(|&i| &self.pages[i])
    }

    /// An event's host: the first person or role page with the slug, in page order.
    pub fn host_by_slug(&self, slug: &str) -> Option<&Page> {
        self.host_index(slug).map(|i| &self.pages[i])
    }

    /// The index of `host_by_slug`'s page.
    pub fn host_index(&self, slug: &str) -> Option<usize> {
        let person = self.slugs.people.get(slug);
        let role = self.slugs.roles.get(slug);
        match (person, role) {
            (Some(&p), Some(&r)) => Some(p.min(r)),
            (Some(&i), None) | (None, Some(&i)) => Some(i),
            (None, None) => None,
        }
    }

    pub fn person_index(&self, slug: &str) -> Option<usize> {
        self.slugs.people.get(slug).copied()
    }

    pub fn role_index(&self, slug: &str) -> Option<usize> {
        self.slugs.roles.get(slug).copied()
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
        "plan" => 70,
        "successes" | "success" => 80,
        _ => 100,
    }
}

pub(super) fn default_section_title(dir: &str) -> String {
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
    if kind == Kind::Section || super::parsed::is_folder_page(file) {
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
pub(super) fn url_segment(name: &str) -> String {
    let slug = crate::base::text::slugify(&crate::base::text::latin_ascii(name));
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug
    }
}

/// A path as file systems that ignore case or Unicode form see it: `Café` written with a
/// combining accent and `café` with a single letter are one file on a Mac.
pub fn comparable(path: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // ASCII is its own normal form: most paths skip the normalizer.
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    path.nfc().collect::<String>().to_lowercase()
}

/// Pages that handbook writes itself.
pub const RESERVED_PATHS: &[&str] = &["review/", "search/", "print/"];

/// The pages and files handbook writes for this site: the fixed ones, and the progress page,
/// `progress.json` and the successes' feed when it has a plan or a success (a group that
/// keeps neither may have a page of its own at `progress/`).
pub fn generated(
    pages: &[Page],
    history: bool,
) -> (Vec<&'static str>, Vec<(&'static str, &'static str)>) {
    let mut paths = RESERVED_PATHS.to_vec();
    let mut files = GENERATED_FILES.to_vec();
    // The changes page exists when the history is known (a changelog of its own is fine
    // in a site outside git).
    if history {
        paths.push("changes/");
        files.push(("changes.xml", "the Atom feed of changes"));
    }
    let has = |kind| pages.iter().any(|p| p.kind == kind);
    let successes = has(Kind::Success);
    if successes || has(Kind::Plan) {
        paths.push("progress/");
        files.push(("progress.json", "the progress page's data"));
    }
    if successes {
        files.push(("successes.xml", "the successes' Atom feed"));
    }
    (paths, files)
}

/// Files that handbook writes itself, and what each is. `robots.txt` is not here: a site's
/// own replaces the one handbook would write.
pub const GENERATED_FILES: &[(&str, &str)] = &[
    ("404.html", "the page-not-found page"),
    ("events.ics", "the calendar of all events"),
    ("feed.xml", "the Atom feed"),
    ("sitemap.xml", "the sitemap"),
    ("search-index.json", "the search index"),
    ("review.json", "the review schedule for bots"),
];

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
