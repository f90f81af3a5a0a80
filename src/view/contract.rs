//! The theme contract, in one file: every value templates receive (`site`, `theme`, and each
//! page's context), the templates a theme must provide and which one a page uses, the ids a
//! theme puts on pages, and the contract's version. `docs/themes.md` lists the same; a theme
//! author reads this file. The values are built in `view/mod.rs` and `view/event.rs`.

use crate::model::event::{Format, Status};
use crate::model::kinds::{Purpose, Rule, Step};
use crate::model::markdown::TocEntry;
use crate::model::{Kind, Site};
use serde::Serialize;

// The views of plans, successes and the progress page, in a file of their own for size; part
// of the contract all the same.
pub use super::contract_progress::*;

/// The theme contract's version (docs/themes.md).
pub const CONTRACT_VERSION: &str = "1.7";

/// Every value path templates receive, by page kind, as the contract test writes it from a
/// real render; `theme check` finds template values this handbook does not provide with it.
pub const CONTRACT_FIELDS: &str = include_str!("contract_fields.txt");

/// Templates every theme chain must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "page.html",
    "section.html",
    "purpose.html",
    "ground-rules.html",
    "role.html",
    "person.html",
    "step.html",
    "event.html",
    "404.html",
    "review.html",
    "print.html",
    "search.html",
    "plan.html",
    "success.html",
    "progress.html",
    "changes.html",
];

/// The template a kind uses unless the page names another.
pub fn default_template(kind: Kind, is_home: bool) -> &'static str {
    if is_home {
        return "index.html";
    }
    match kind {
        Kind::Page => "page.html",
        Kind::Section => "section.html",
        Kind::Purpose => "purpose.html",
        Kind::GroundRules => "ground-rules.html",
        Kind::Role => "role.html",
        Kind::Person => "person.html",
        Kind::Step => "step.html",
        Kind::Event => "event.html",
        Kind::Plan => "plan.html",
        Kind::Success => "success.html",
    }
}

/// Ids that the theme contract puts on every page of this kind (see docs/themes.md), so
/// content can link to them and headings never repeat them.
pub fn reserved_ids(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::GroundRules => &["main", "reporting", "after-a-report"],
        Kind::Role => &["main", "responsibilities"],
        Kind::Step => &["main", "checklist", "resources"],
        Kind::Purpose => &["main", "organisation-goals", "member-goals", "benefits"],
        Kind::Section => &["main", "upcoming", "past"],
        Kind::Event => &["main", "next-dates", "past-dates"],
        Kind::Plan => &["main", "plan-items", "plan-reviews"],
        Kind::Success => &["main", "evidence"],
        _ => &["main", "next-events", "roles-glance"],
    }
}

/// Given once to every template as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// `ltr`, or `rtl` for a language written right to left (Arabic, Persian, Hebrew...).
    pub dir: &'static str,
    /// Every language's home page, this one marked; empty in a handbook of one language.
    pub languages: Vec<LanguageLink>,
    /// Every link starts with this: `/` or `/our-group/`.
    pub base_path: &'a str,
    /// The absolute address of the site, when `base_url` has one.
    pub base_url: String,
    pub timezone: &'a str,
    pub repository: Option<&'a str>,
    /// The site's logo (`logo:` in handbook.yaml), when it has one.
    pub logo_url: Option<String>,
    /// The site's icon: `favicon.svg`, the site's own or made from its initials.
    pub favicon_url: String,
    /// The social preview card's absolute address (`social.svg`, the site's own or made
    /// from its title), when `base_url` has a host: Open Graph needs one.
    pub social_image_url: Option<String>,
    pub nav: Vec<NavItem>,
    pub purpose: Option<PurposeView<'a>>,
    pub roles: Vec<PageView<'a>>,
    pub people: Vec<PageView<'a>>,
    pub steps: Vec<PageView<'a>>,
    /// Upcoming events, soonest first, at most `upcoming_events` of them.
    /// Each occurrence of a recurring event is an item of its own.
    pub upcoming_events: Vec<PageView<'a>>,
    /// Past single events and cadences that have ended, latest first.
    pub past_events: Vec<PageView<'a>>,
    /// `events.ics`, with every event.
    pub calendar_url: String,
    /// The same as a `webcal:` address that calendar apps subscribe to, when `base_url` has a host.
    pub webcal_url: Option<String>,
    /// The first start-up step, for "start here".
    pub start_here: Option<Link>,
    pub generator: &'static str,
    /// The progress page (`progress/`), when the handbook has a plan or a success.
    pub progress_url: Option<String>,
    /// The successes' Atom feed (`successes.xml`), when there are any.
    pub successes_feed_url: Option<String>,
    /// The changes page (`changes/`), when the site's history is known.
    pub changes_url: Option<String>,
    /// Built with `--relative`, to be opened from disk: the search page loads its index as a
    /// script (`search-index.js`), since browsers do not fetch files beside a page there.
    pub relative: bool,
    /// Built for members (`--audience internal`): the theme says so and asks search engines
    /// to stay away.
    pub internal: bool,
}

/// A page (or the home page) in one language, for the language switcher and `hreflang`.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub code: String,
    /// The language's name for itself: `Deutsch`, `العربية`.
    pub name: String,
    pub dir: &'static str,
    pub url: String,
    /// With the host, when `base_url` has one (as `hreflang` links want).
    pub absolute_url: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// The page or section path, to compare with `current_path` and mark the current item.
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PurposeView<'a> {
    pub statement: String,
    pub url: String,
    #[serde(flatten)]
    pub fields: &'a Purpose,
}

/// One page, as a template sees it, in full or in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub kind: &'static str,
    pub url: String,
    pub path: &'a str,
    pub weight: Option<i64>,
    pub updated: Option<String>,
    pub review_by: Option<String>,
    pub tags: &'a [String],
    pub extra: &'a serde_json::Value,
    pub source: String,
    /// A link to edit the page's file, when `repository` or `edit_url` is set.
    pub edit_url: Option<String>,
    pub role: Option<RoleView<'a>>,
    pub person: Option<PersonView<'a>>,
    pub step: Option<StepView<'a>>,
    pub event: Option<EventView>,
    pub ground_rules: Option<GroundRulesView<'a>>,
    pub purpose: Option<PurposeView<'a>>,
    pub plan: Option<PlanView>,
    pub success: Option<SuccessView>,
    /// What git says of the page's file, when the site is in a repository with its history.
    pub git: Option<GitView>,
    /// Who keeps the page right: `owner:`, else CODEOWNERS.
    pub owner: Option<OwnerView>,
    /// The page's review cadence and next review, when it has a cadence.
    pub review_status: Option<ReviewStatus>,
    /// The page in every language that has it, this one marked; empty in a handbook of one
    /// language.
    pub translations: Vec<LanguageLink>,
    /// For members only (`visibility: internal`, its own or its folder's): only ever true
    /// in the members' build, since the public one leaves such pages out.
    pub internal: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GitView {
    /// The last commit that changed the file: YYYY-MM-DD, RFC 3339, and in words.
    pub updated: String,
    pub updated_at: String,
    pub updated_text: String,
    /// The commit that added it, under any earlier name: YYYY-MM-DD.
    pub created: String,
    /// Who changed it, newest first, each once; `url` is their people page.
    pub authors: Vec<PersonLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonLink {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OwnerView {
    pub name: String,
    /// The owner's page, when they have one.
    pub url: Option<String>,
    /// `@user` or `@org/team` when CODEOWNERS named them so.
    pub handle: Option<String>,
    /// `front matter` or `CODEOWNERS`.
    pub from: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewStatus {
    /// YYYY-MM-DD of the last review, and what it was: `reviewed`, `updated` or `git`.
    pub last: String,
    pub since: &'static str,
    /// "6 months".
    pub every: String,
    /// YYYY-MM-DD the next review is due.
    pub next: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HolderView {
    pub name: String,
    /// The person's page, when they have one.
    pub url: Option<String>,
    pub contact: Option<String>,
    pub pronouns: Option<String>,
    pub since: Option<String>,
    /// Their picture (`photo:` on their page), else none: show `initials`.
    pub photo_url: Option<String>,
    pub initials: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroundRulesView<'a> {
    pub rules: &'a [Rule],
    pub reporting: Option<ReportingView<'a>>,
}

/// How to report a breach; contacts are resolved like role holders.
#[derive(Debug, Clone, Serialize)]
pub struct ReportingView<'a> {
    pub how: Option<&'a str>,
    pub contacts: Vec<HolderView>,
    pub after: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleView<'a> {
    pub summary: Option<&'a str>,
    pub holders: Vec<HolderView>,
    pub responsibilities: &'a [String],
    pub time_commitment: Option<&'a str>,
    pub core: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView<'a> {
    pub name: &'a str,
    pub pronouns: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub timezone: Option<&'a str>,
    /// The roles this person holds.
    pub roles: Vec<Link>,
    /// Their picture (`photo:`), else none: show `initials` ("AC" for Ana Costa).
    pub photo_url: Option<String>,
    pub initials: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView<'a> {
    /// 1-based position among the start-up steps.
    pub number: usize,
    #[serde(flatten)]
    pub fields: &'a Step,
}

/// What each page template receives besides `site`.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub page: PageView<'a>,
    /// The HTML of the body.
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub section: Option<SectionView<'a>>,
    /// The section's pages in full, for list pages (a folder's `index.md` or the list made
    /// for a folder without one); empty elsewhere, so that a page costs the same whatever the
    /// size of its folder. On the events list, upcoming first, then past.
    pub pages: Vec<PageView<'a>>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub current_path: &'a str,
    /// The path of the top navigation's item that is this page or holds it ("" when none):
    /// a menu marks that item with one comparison instead of a prefix test an item.
    pub nav_here: &'a str,
    /// Whether this page is that item itself (`nav_here == current_path`): a menu that reads
    /// only these two of the page is rendered once for each item, not once a page.
    pub nav_current: bool,
    pub breadcrumbs: Vec<Link>,
    /// Only on the review page (`review/`).
    pub review: Option<ReviewView>,
    /// Only on the printable handbook (`print/`): every page in reading order.
    pub print: Vec<PrintItem<'a>>,
    /// Only on the progress page (`progress/`).
    pub progress: Option<ProgressView>,
    /// Only on the changes page (`changes/`).
    pub changes: Option<ChangesView>,
}

/// Recent commits that changed content, by day, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    pub days: Vec<ChangeDay>,
    /// The Atom feed of the same (`changes.xml`).
    pub feed_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeDay {
    /// YYYY-MM-DD and in words.
    pub date: String,
    pub date_text: String,
    pub commits: Vec<CommitView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommitView {
    pub id: String,
    pub short_id: String,
    pub time: String,
    pub summary: String,
    pub author: PersonLink,
    /// The commit's diff on the repository host, when `repository` is set.
    pub url: Option<String>,
    pub files: Vec<FileChangeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileChangeView {
    /// `added`, `changed`, `moved` or `removed`.
    pub change: &'static str,
    /// The page's title when it still exists, else its file's name.
    pub title: String,
    /// The page now, when it still exists.
    pub url: Option<String>,
    /// Below `content/`: the file in that commit, and where it moved from.
    pub path: String,
    pub from: Option<String>,
}

/// Stands in for a body in the printed handbook's context; the body replaces it after the
/// template runs, so the template engine never copies the whole handbook.
/// The site's icon and social card, the site's own or made by `render::identity`.
pub const FAVICON: &str = "favicon.svg";
pub const SOCIAL_CARD: &str = "social.svg";

pub const PRINT_PLACEHOLDER: &str = "<!--handbook-print-body:";

/// One page of the printable handbook.
#[derive(Debug, Serialize)]
pub struct PrintItem<'a> {
    /// The id of the page's place in the document; its own ids are prefixed with it.
    pub anchor: String,
    pub page: PageView<'a>,
    /// The body, with links to other pages turned into links within the document.
    pub content: String,
    /// The ids the theme gives a page of this kind (`responsibilities`, `reporting`): the
    /// print template marks each as `ANCHOR-id`, so links to them work in the document.
    pub ids: &'static [&'static str],
}

/// What facilitators go through before a review meeting.
#[derive(Debug, Serialize)]
pub struct ReviewView {
    /// Pages past their `review_by`, or older than `review_every`.
    pub due: Vec<ReviewItem>,
    /// Roles without holders, and too few facilitators.
    pub roles: Vec<ReviewItem>,
    /// Every other health finding.
    pub other: Vec<ReviewItem>,
    /// Every page with a review cadence, by owner (pages without one last), soonest first.
    pub schedule: Vec<ScheduleGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScheduleGroup {
    pub owner: Option<OwnerView>,
    pub pages: Vec<ScheduledPage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScheduledPage {
    pub title: String,
    pub url: String,
    /// The file: `content/roles/lead.md`.
    pub source: String,
    #[serde(flatten)]
    pub status: ReviewStatus,
}

#[derive(Debug, Serialize)]
pub struct ReviewItem {
    pub title: String,
    /// The page concerned, when there is one.
    pub url: Option<String>,
    pub source: String,
    pub reason: String,
    pub check: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub url: String,
    pub dir: &'a str,
    /// The pages of the section in reading order, as links, for a section menu: all of
    /// them in a section of up to `NAV_ALL` pages; in a larger one, the `NAV_AROUND` pages
    /// on either side of the current page, so that no page lists hundreds of others.
    pub links: Vec<NavItem>,
    /// How many pages the section has in all.
    pub total: usize,
    pub subsections: Vec<Link>,
}

/// Sections up to this size list every page in their menu.
pub const NAV_ALL: usize = 40;

/// In larger sections, the menu shows this many pages before and after the current one.
pub const NAV_AROUND: usize = 10;

pub fn url(site: &Site, path: &str) -> String {
    format!("{}{}", site.config.base_url.path, path)
}

/// Given once to every template as `theme`. Fields in alphabetical order, as the
/// contract's first edition wrote them, so that a theme that prints `theme` as JSON sees
/// the same text.
#[derive(Debug, Serialize)]
pub struct ThemeView<'a> {
    /// The names of the theme and of those it extends.
    pub chain: Vec<&'a str>,
    /// `CONTRACT_VERSION`.
    pub contract: &'static str,
    pub name: &'a str,
    /// The options the theme declares, with the site's values or the defaults.
    pub options: &'a serde_json::Map<String, serde_json::Value>,
    pub version: &'a str,
}

/// One event, or one occurrence of a recurring event.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// RFC 3339 with the offset, for `<time datetime>` and scripts.
    pub start: String,
    pub end: String,
    /// "Thursday 3 December 2026", in the event's time zone.
    pub date: String,
    /// "19:00–20:30".
    pub time: String,
    pub timezone: String,
    /// "GMT", "CET": what the zone is called on that date.
    pub timezone_abbreviation: String,
    pub format: Option<Format>,
    pub location: Option<String>,
    pub online: Option<String>,
    pub registration: Option<String>,
    /// `cancelled` also when only this occurrence is.
    pub status: Status,
    pub host: Option<Link>,
    pub upcoming: bool,
    /// "Monthly on the first Thursday", for recurring events.
    pub recurrence: Option<String>,
    /// The next occurrences (at most `upcoming_occurrences`), for recurring events.
    pub occurrences: Vec<OccurrenceView>,
    /// Past occurrences of a recurring event, latest first (at most 24).
    pub past_occurrences: Vec<OccurrenceView>,
    /// This event's own `.ics` file, for "add to calendar".
    pub calendar_url: String,
    /// schema.org Event as JSON, safe to print inside `<script type="application/ld+json">`.
    pub json_ld: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OccurrenceView {
    pub start: String,
    pub end: String,
    pub date: String,
    pub time: String,
    pub timezone_abbreviation: String,
    pub cancelled: bool,
    /// Moved away from the cadence's usual date or time.
    pub moved: bool,
    pub note: Option<String>,
    pub upcoming: bool,
}
