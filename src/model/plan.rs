//! The action plan and the group's successes: `kind: plan` (items rolled out over time and
//! the plan's reviews) and `kind: success` (a dated story with its evidence). Read here from
//! one file each; references to goals, people, roles, events and pages are checked once the
//! whole site is known (`model/progress_refs.rs`).

use super::period::{Period, read_period};
use crate::source::fields::{Obj, Reader};
use crate::source::frontmatter::{Node, Value};

pub const PLAN_KEYS: &[&str] = &["items", "reviews", "types"];
pub const SUCCESS_KEYS: &[&str] = &["date", "summary", "goals", "benefits", "people", "evidence"];
const ITEM_KEYS: &[&str] = &[
    "title", "when", "type", "owner", "status", "goals", "events", "pages", "notes",
];

/// The types every plan knows; a plan adds its own under `types:`.
pub const ITEM_TYPES: &[&str] = &["discussion", "content", "activity", "event"];

/// A name written in front matter that points elsewhere (a goal, a person, an event), with
/// where it was written, so a broken one is reported at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub text: String,
    pub line: usize,
    pub column: usize,
    pub field: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Planned,
    Doing,
    Done,
    Dropped,
}

impl Status {
    pub const NAMES: &[&str] = &["planned", "doing", "done", "dropped"];

    fn from_name(name: &str) -> Option<Status> {
        Some(match name {
            "planned" => Status::Planned,
            "doing" => Status::Doing,
            "done" => Status::Done,
            "dropped" => Status::Dropped,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// One thing the group means to do, when, and what it serves.
#[derive(Debug, Clone)]
pub struct PlanItem {
    pub title: String,
    pub when: Period,
    pub item_type: String,
    pub owner: Option<Ref>,
    pub status: Status,
    pub goals: Vec<Ref>,
    pub events: Vec<Ref>,
    pub pages: Vec<Ref>,
    pub notes: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// A review of the plan: "review it over different periods to see what is working and what
/// needs to be adjusted", written down where the plan is.
#[derive(Debug, Clone)]
pub struct PlanReview {
    pub date: jiff::civil::Date,
    pub worked: Option<String>,
    pub changes: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub items: Vec<PlanItem>,
    /// Oldest first, whatever order they were written in.
    pub reviews: Vec<PlanReview>,
    /// The group's own item types besides `ITEM_TYPES`.
    pub types: Vec<String>,
}

impl Plan {
    /// The date the plan was last reviewed: its latest review, else `updated`.
    pub fn last_review(&self, updated: Option<jiff::civil::Date>) -> Option<jiff::civil::Date> {
        self.reviews.last().map(|r| r.date).or(updated)
    }
}

/// How long a plan goes between reviews when it does not say: the guides' "over different
/// periods", taken as a quarter.
pub fn default_review_every() -> jiff::Span {
    jiff::Span::new().months(3)
}

/// "3 months", "1 year and 6 months": a period as readers say it.
pub fn span_words(span: jiff::Span) -> String {
    let parts: Vec<String> = [
        (i64::from(span.get_years()), "year"),
        (i64::from(span.get_months()), "month"),
        (i64::from(span.get_weeks()), "week"),
        (span.get_days().into(), "day"),
    ]
    .iter()
    .filter(|(n, _)| *n != 0)
    .map(|(n, unit)| format!("{n} {unit}{}", if *n == 1 { "" } else { "s" }))
    .collect();
    if parts.is_empty() {
        "0 days".to_string()
    } else {
        parts.join(" and ")
    }
}

/// When a plan is next due for review, and whether that day has passed.
pub struct ReviewDates {
    pub every: jiff::Span,
    pub last: Option<jiff::civil::Date>,
    pub next: Option<jiff::civil::Date>,
}

/// From the plan and its page's `review_every` and `updated`.
pub fn review_dates(
    plan: &Plan,
    review_every: Option<jiff::Span>,
    updated: Option<jiff::civil::Date>,
) -> ReviewDates {
    let every = review_every.unwrap_or_else(default_review_every);
    let last = plan.last_review(updated);
    ReviewDates {
        every,
        last,
        next: last.and_then(|d| d.checked_add(every).ok()),
    }
}

pub fn read_plan(r: &mut Reader, obj: &mut Obj) -> Plan {
    let types = r.text_list(obj, "types");
    let items = r
        .list(obj, "items")
        .into_iter()
        .filter_map(|(field, node)| read_item(r, &field, node, &types))
        .collect();
    let mut reviews: Vec<PlanReview> = r
        .list(obj, "reviews")
        .into_iter()
        .filter_map(|(field, node)| {
            let mut review = r.obj(node, &format!("{field}."))?;
            let date = r.date(&mut review, "date");
            if !review.has("date") {
                r.error_at(node, &format!("{field}.date"), "a review needs its `date`");
            }
            let worked = r.text(&mut review, "worked");
            let changes = r.text(&mut review, "changes");
            r.finish(review, &["date", "worked", "changes"], "a plan review");
            Some(PlanReview {
                date: date?,
                worked,
                changes,
            })
        })
        .collect();
    reviews.sort_by_key(|r| r.date);
    Plan {
        items,
        reviews,
        types,
    }
}

fn read_item(r: &mut Reader, field: &str, node: &Node, types: &[String]) -> Option<PlanItem> {
    let mut item = r.obj(node, &format!("{field}."))?;
    let title = r.required_text(&mut item, "title", "Run a workshop on data standards");
    let when = match r.take(&mut item, "when") {
        Some(when) => read_period(r, when, &item.field_name("when")),
        None => {
            r.push(
                crate::base::error::Diagnostic::error(
                    r.path,
                    format!("the plan item `{}` has no `when`", title.as_deref().unwrap_or("?")),
                )
                .at(node.line, node.column)
                .field(item.field_name("when"))
                .hint("add `when:` with a date (2027-03-15), a month (2027-03), a quarter (2027-Q2), a year (2027) or a range (2027-01 to 2027-06)"),
            );
            None
        }
    };
    let item_type = r
        .take(&mut item, "type")
        .and_then(|n| read_choice(r, n, &item.field_name("type"), ITEM_TYPES, types, "type"))
        .unwrap_or_else(|| "activity".to_string());
    let status = r
        .take(&mut item, "status")
        .and_then(|n| {
            read_choice(
                r,
                n,
                &item.field_name("status"),
                Status::NAMES,
                &[],
                "status",
            )
        })
        .and_then(|s| Status::from_name(&s))
        .unwrap_or(Status::Planned);
    let owner = r
        .take(&mut item, "owner")
        .and_then(|n| reference(r, n, &item.field_name("owner")));
    let goals = refs(r, &mut item, "goals");
    let events = refs(r, &mut item, "events");
    let pages = refs(r, &mut item, "pages");
    let notes = r.text(&mut item, "notes");
    r.finish(item, ITEM_KEYS, "a plan item");
    Some(PlanItem {
        title: title?,
        when: when?,
        item_type,
        owner,
        status,
        goals,
        events,
        pages,
        notes,
        line: node.line,
        column: node.column,
    })
}

/// One of a fixed list of words (and the file's own), with "did you mean" for a typo.
fn read_choice(
    r: &mut Reader,
    node: &Node,
    field: &str,
    known: &[&str],
    own: &[String],
    what: &str,
) -> Option<String> {
    let text = r.text_of(node, field)?;
    let word = text.trim().to_lowercase();
    if known.contains(&word.as_str()) || own.iter().any(|o| o.eq_ignore_ascii_case(&word)) {
        return Some(word);
    }
    let all: Vec<&str> = known
        .iter()
        .copied()
        .chain(own.iter().map(String::as_str))
        .collect();
    let hint = match crate::base::error::suggest(&word, &all) {
        Some(near) => format!("did you mean `{near}`?"),
        None if what == "type" => format!(
            "the types are {}; a plan names its own under `types:`",
            all.join(", ")
        ),
        None => format!("write one of {}", all.join(", ")),
    };
    r.push(
        crate::base::error::Diagnostic::error(
            r.path,
            format!("`{text}` is not a {what} handbook knows"),
        )
        .at(node.line, node.column)
        .field(field)
        .hint(hint),
    );
    None
}

fn reference(r: &mut Reader, node: &Node, field: &str) -> Option<Ref> {
    let text = r.text_of(node, field)?;
    Some(Ref {
        text: text.trim().to_string(),
        line: node.line,
        column: node.column,
        field: field.to_string(),
    })
}

fn refs(r: &mut Reader, obj: &mut Obj, key: &str) -> Vec<Ref> {
    r.list(obj, key)
        .into_iter()
        .filter_map(|(field, node)| reference(r, node, &field))
        .collect()
}

/// Something that shows a success happened: a link, a number, or a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    Link { url: String, title: String },
    Number { value: String, label: String },
    Quote { text: String, by: Option<String> },
    Note(String),
}

/// A dated story of something the group achieved.
#[derive(Debug, Clone)]
pub struct Success {
    pub date: jiff::civil::Date,
    pub summary: Option<String>,
    pub goals: Vec<Ref>,
    pub benefits: Vec<Ref>,
    pub people: Vec<Ref>,
    pub evidence: Vec<Evidence>,
}

/// `None` when the date, which orders the stories, cannot be read.
pub fn read_success(r: &mut Reader, obj: &mut Obj) -> Option<Success> {
    let date = r.date(obj, "date");
    if !obj.has("date") {
        r.push(
            crate::base::error::Diagnostic::error(r.path, "missing required field `date`")
                .at(obj.line(), 0)
                .field("date")
                .hint("add the day it happened, such as `date: 2026-11-12`"),
        );
    }
    let summary = r.text(obj, "summary");
    let goals = refs(r, obj, "goals");
    let benefits = refs(r, obj, "benefits");
    let people = refs(r, obj, "people");
    let evidence = r
        .list(obj, "evidence")
        .into_iter()
        .filter_map(|(field, node)| read_evidence(r, &field, node))
        .collect();
    Some(Success {
        date: date?,
        summary,
        goals,
        benefits,
        people,
        evidence,
    })
}

fn read_evidence(r: &mut Reader, field: &str, node: &Node) -> Option<Evidence> {
    if let Value::Str(text) = &node.value {
        return Some(Evidence::Note(text.clone()));
    }
    let mut obj = r.obj(node, &format!("{field}."))?;
    let evidence = if obj.has("link") {
        let url = r.url(&mut obj, "link");
        let title = r.text(&mut obj, "title");
        url.map(|url| Evidence::Link {
            title: title.unwrap_or_else(|| url.clone()),
            url,
        })
    } else if obj.has("number") {
        let value = r.text(&mut obj, "number");
        let label = r.required_text(&mut obj, "label", "members at the March call");
        value
            .zip(label)
            .map(|(value, label)| Evidence::Number { value, label })
    } else if obj.has("quote") {
        let text = r.text(&mut obj, "quote");
        let by = r.text(&mut obj, "by");
        text.map(|text| Evidence::Quote { text, by })
    } else {
        r.push(
            crate::base::error::Diagnostic::error(
                r.path,
                "this evidence is not a link, a number or a quote",
            )
            .at(node.line, node.column)
            .field(field)
            .hint(
                "write `link:` (with `title:`), `number:` (with `label:`) or `quote:` (with `by:`)",
            ),
        );
        // Its keys are not also "unknown": the one message says what an evidence holds.
        return None;
    };
    r.finish(
        obj,
        &["link", "title", "number", "label", "quote", "by"],
        "evidence",
    );
    evidence
}
