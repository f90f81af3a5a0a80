//! A content file after its front matter is read, before it has a place in the site: its
//! kind, the fields every kind shares (`Meta`), and the kind's own typed fields (`Data`).

use super::event::{self, Event};
use super::kinds::*;
use crate::source::SourceFile;

pub const COMMON_KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "slug",
    "updated",
    "review_by",
    "review_every",
    "tags",
    "template",
    "kind",
    "extra",
    "aliases",
    "owner",
    "reviewed",
    "visibility",
    "source_hash",
];

/// The names of a folder's own page: `index.md`, `_index.md` (Hugo's), and `README.md` (in
/// any case), which GitHub, mdBook and most generators show as the folder's page. Two in one
/// folder claim one URL, which is an error that names both.
pub fn is_folder_page(file: &str) -> bool {
    file == "index.md" || file == "_index.md" || file.eq_ignore_ascii_case("readme.md")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Page,
    /// The `index.md` (or `_index.md`, or `README.md` as GitHub shows it) of a folder: the
    /// text above its list.
    Section,
    Purpose,
    GroundRules,
    Role,
    Person,
    Step,
    Event,
    /// The action plan (`plan/`): items rolled out over time, and the plan's reviews.
    Plan,
    /// A story of something the group achieved (`successes/`).
    Success,
}

impl Kind {
    pub(super) const NAMES: &[&str] = &[
        "page",
        "purpose",
        "ground-rules",
        "role",
        "person",
        "step",
        "event",
        "plan",
        "success",
    ];

    pub(super) fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "page" => Kind::Page,
            "purpose" => Kind::Purpose,
            "ground-rules" => Kind::GroundRules,
            "role" => Kind::Role,
            "person" => Kind::Person,
            "step" => Kind::Step,
            "event" => Kind::Event,
            "plan" => Kind::Plan,
            "success" => Kind::Success,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Section => "section",
            Kind::Purpose => "purpose",
            Kind::GroundRules => "ground-rules",
            Kind::Role => "role",
            Kind::Person => "person",
            Kind::Step => "step",
            Kind::Event => "event",
            Kind::Plan => "plan",
            Kind::Success => "success",
        }
    }

    /// The kind a file has by where it is, when its front matter does not say.
    pub fn from_path(rel: &str) -> Kind {
        let file = rel.rsplit('/').next().unwrap_or(rel);
        if is_folder_page(file) {
            return Kind::Section;
        }
        match rel.split('/').next().unwrap_or("") {
            "purpose.md" => Kind::Purpose,
            "ground-rules.md" => Kind::GroundRules,
            "roles" => Kind::Role,
            "people" => Kind::Person,
            "start-up" => Kind::Step,
            "events" => Kind::Event,
            "plan" => Kind::Plan,
            "successes" => Kind::Success,
            _ => Kind::Page,
        }
    }

    pub(super) fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Page | Kind::Section => &[],
            Kind::Purpose => PURPOSE_KEYS,
            Kind::GroundRules => GROUND_RULES_KEYS,
            Kind::Role => ROLE_KEYS,
            Kind::Person => PERSON_KEYS,
            Kind::Step => STEP_KEYS,
            Kind::Event => event::EVENT_KEYS,
            Kind::Plan => super::plan::PLAN_KEYS,
            Kind::Success => super::plan::SUCCESS_KEYS,
        }
    }

    /// A phrase for messages: "unknown field `x` in a role".
    pub(super) fn article(self) -> String {
        match self {
            Kind::Event => "an event".to_string(),
            Kind::Purpose | Kind::GroundRules => format!("the {} page", self.name()),
            other => format!("a {}", other.name()),
        }
    }
}

/// Who may read a page. A folder's page (`_index.md`) that is internal makes every page
/// below it internal too; that is worked out when the site is assembled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Visibility {
    #[default]
    Public,
    /// For members only: no trace of it in a public build (`build --audience internal`
    /// builds the members' site with it).
    Internal,
}

/// The fields every kind has.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    /// `visibility: internal`: for members only, left out of the public build.
    pub visibility: Visibility,
    /// `source_hash:` on a translation: the hash of its source's text when it was last
    /// brought up to date (`handbook translated` writes it).
    pub source_hash: Option<String>,
    pub slug: Option<String>,
    pub updated: Option<jiff::civil::Date>,
    pub review_by: Option<jiff::civil::Date>,
    /// How often the page should be checked: due this long after `reviewed` (or `updated`).
    pub review_every: Option<jiff::Span>,
    /// When someone last checked the page was still right.
    pub reviewed: Option<jiff::civil::Date>,
    /// Who keeps the page right: a person or role, by slug, with where it was written.
    pub owner: Option<(String, usize, usize)>,
    pub tags: Vec<String>,
    /// A template name, checked against the theme when rendering starts.
    pub template: Option<(String, usize, usize)>,
    /// Old addresses of the page (`aliases:`), each written as a redirect to it.
    pub aliases: Vec<Alias>,
    pub extra: serde_json::Value,
    /// Where each top-level key was written, so later checks can point at it.
    pub positions: std::collections::BTreeMap<String, (usize, usize)>,
}

impl Meta {
    /// The line and column of a top-level key, or of the front matter when it is absent.
    pub fn position(&self, key: &str) -> (usize, usize) {
        self.positions.get(key).copied().unwrap_or((1, 1))
    }
}

#[derive(Debug, Clone)]
pub enum Data {
    Page,
    Purpose(Purpose),
    GroundRules(GroundRules),
    Role(Role),
    Person(Person),
    Step(Step),
    Event(Box<Event>),
    Plan(super::plan::Plan),
    Success(super::plan::Success),
}

/// A content file after its front matter is read, before it has a place in the site.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub source: SourceFile,
    /// The language it is written in, by index into `Config::languages`.
    pub lang: usize,
    /// Its path in its language's handbook: `source.rel` without the language
    /// (`de/roles/lead.md` and `roles/lead.de.md` are both `roles/lead.md`). Its kind, URL
    /// and folder come from this; messages, git and edit links use `source.rel`.
    pub place: String,
    pub kind: Kind,
    /// Shared with the page placed from it: a rebuild places every page again, and copies
    /// of ten thousand front matters were a tenth of a preview's rebuild.
    pub meta: std::sync::Arc<Meta>,
    pub data: std::sync::Arc<Data>,
    pub body_start: usize,
    pub body_line: usize,
    /// The key of the file's whole text, made once when it is read: rebuilds compare keys
    /// instead of hashing every body again.
    pub text_key: crate::base::key::Key,
    /// The page's URL path (`roles/lead/`) and the same as a case-insensitive file system
    /// sees it: made once per read, since slugs take Unicode work and a rebuild places every
    /// page again.
    pub path: String,
    pub comparable_path: String,
    /// The id of the heading that became the page's title and left the body: links to it
    /// (`README.md#project-name`, as GitHub makes them) still land, on the body's top.
    pub title_anchor: Option<String>,
}

impl Parsed {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

/// An old address of a page, below the site's root: `old/name/` (a folder, served as its
/// `index.html`) or `old-name.html` (a file), with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

impl Alias {
    /// The file the redirect is written to.
    pub fn output(&self) -> String {
        if self.path.ends_with(".html") || self.path.ends_with(".htm") {
            self.path.clone()
        } else {
            format!("{}index.html", self.path)
        }
    }
}
