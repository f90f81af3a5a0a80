//! The content kinds besides events: purpose, ground rules, roles, people and start-up steps.
//! Each `read_*` takes the fields of its kind from front matter and leaves the rest to the
//! caller's unknown-key check.

use crate::source::fields::{Obj, Reader};
use crate::source::frontmatter::Node;
use serde::Serialize;

pub const PURPOSE_KEYS: &[&str] = &[
    "for",
    "who",
    "to",
    "organisation_goals",
    "member_goals",
    "benefits",
];
pub const GROUND_RULES_KEYS: &[&str] = &["rules", "reporting"];
pub const ROLE_KEYS: &[&str] = &[
    "summary",
    "holders",
    "responsibilities",
    "time_commitment",
    "core",
];
pub const PERSON_KEYS: &[&str] = &[
    "name", "pronouns", "contact", "timezone", "email", "github", "photo",
];
pub const STEP_KEYS: &[&str] = &["order", "checklist", "resources", "time_needed"];

/// "A group for {focus} who are {who} to {to}".
#[derive(Debug, Clone, Serialize)]
pub struct Purpose {
    /// `for` in front matter, a keyword in Rust.
    #[serde(rename = "for")]
    pub focus: String,
    pub who: Option<String>,
    pub to: Option<String>,
    pub organisation_goals: Vec<String>,
    pub member_goals: Vec<String>,
    pub benefits: Vec<String>,
}

impl Purpose {
    pub fn statement(&self) -> String {
        let mut s = format!("A group for {}", self.focus);
        if let Some(who) = &self.who {
            s.push_str(&format!(" who are {who}"));
        }
        if let Some(to) = &self.to {
            s.push_str(&format!(" to {to}"));
        }
        if !s.ends_with('.') {
            s.push('.');
        }
        s
    }
}

pub fn read_purpose(r: &mut Reader, obj: &mut Obj) -> Purpose {
    let focus = r
        .required_text(obj, "for", "people who run community events")
        .unwrap_or_default();
    Purpose {
        focus,
        who: r.text(obj, "who"),
        to: r.text(obj, "to"),
        organisation_goals: r.text_list(obj, "organisation_goals"),
        member_goals: r.text_list(obj, "member_goals"),
        benefits: r.text_list(obj, "benefits"),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub title: String,
    pub detail: Option<String>,
}

/// How a breach of the ground rules is reported, and what happens next.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Reporting {
    pub how: Option<String>,
    pub contacts: Vec<Contact>,
    pub after: Option<String>,
}

/// Someone to contact: a person page (`person`), or a name with a way to reach them.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub person: Option<String>,
    pub name: Option<String>,
    pub contact: Option<String>,
    pub since: Option<String>,
    #[serde(skip)]
    pub line: usize,
    #[serde(skip)]
    pub column: usize,
    #[serde(skip)]
    pub field: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroundRules {
    pub rules: Vec<Rule>,
    pub reporting: Option<Reporting>,
}

pub fn read_ground_rules(r: &mut Reader, obj: &mut Obj) -> GroundRules {
    let rules = r
        .list(obj, "rules")
        .into_iter()
        .filter_map(|(field, node)| read_rule(r, &field, node))
        .collect();
    let reporting = r
        .take(obj, "reporting")
        .and_then(|node| read_reporting(r, node));
    GroundRules { rules, reporting }
}

fn read_rule(r: &mut Reader, field: &str, node: &Node) -> Option<Rule> {
    if let Some(title) = node.as_str() {
        return Some(Rule {
            title: title.to_string(),
            detail: None,
        });
    }
    let mut rule = r.obj(node, &format!("{field}."))?;
    let title = r.required_text(&mut rule, "title", "Be kind");
    let detail = r.text(&mut rule, "detail");
    r.finish(rule, &["title", "detail"], "a rule");
    Some(Rule {
        title: title?,
        detail,
    })
}

fn read_reporting(r: &mut Reader, node: &Node) -> Option<Reporting> {
    if let Some(text) = node.as_str() {
        return Some(Reporting {
            how: Some(text.to_string()),
            ..Reporting::default()
        });
    }
    let mut obj = r.obj(node, "reporting.")?;
    let how = r.text(&mut obj, "how");
    let contacts = r
        .list(&mut obj, "contacts")
        .into_iter()
        .filter_map(|(field, node)| read_contact(r, &field, node))
        .collect();
    let after = r.text(&mut obj, "after");
    r.finish(obj, &["how", "contacts", "after"], "reporting");
    Some(Reporting {
        how,
        contacts,
        after,
    })
}

/// A holder or contact: `ada-lovelace` (a person's slug) or a mapping.
pub fn read_contact(r: &mut Reader, field: &str, node: &Node) -> Option<Contact> {
    let mut contact = Contact {
        person: None,
        name: None,
        contact: None,
        since: None,
        line: node.line,
        column: node.column,
        field: field.to_string(),
    };
    if let Some(slug) = node.as_str() {
        contact.person = Some(slug.to_string());
        return Some(contact);
    }
    let mut obj = r.obj(node, &format!("{field}."))?;
    contact.person = r.text(&mut obj, "person");
    contact.name = r.text(&mut obj, "name");
    contact.contact = r.text(&mut obj, "contact");
    contact.since = r.date(&mut obj, "since").map(|d| d.to_string());
    if contact.person.is_none() && contact.name.is_none() {
        r.error_at(
            node,
            field,
            "give either `person` (a people/ page) or `name`",
        );
    }
    r.finish(
        obj,
        &["person", "name", "contact", "since"],
        "a holder or contact",
    );
    Some(contact)
}

#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub summary: Option<String>,
    pub holders: Vec<Contact>,
    pub responsibilities: Vec<String>,
    pub time_commitment: Option<String>,
    pub core: bool,
}

pub fn read_role(r: &mut Reader, obj: &mut Obj) -> Role {
    let summary = r.text(obj, "summary");
    let holders = r
        .list(obj, "holders")
        .into_iter()
        .filter_map(|(field, node)| read_contact(r, &field, node))
        .collect();
    Role {
        summary,
        holders,
        responsibilities: r.text_list(obj, "responsibilities"),
        time_commitment: r.text(obj, "time_commitment"),
        core: r.bool(obj, "core").unwrap_or(false),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: Option<String>,
    pub pronouns: Option<String>,
    pub contact: Option<String>,
    pub timezone: Option<String>,
    /// The address they commit with, so git's authors find their page.
    pub email: Option<String>,
    /// Their GitHub handle, without `@`: how CODEOWNERS and GitHub's commit addresses name them.
    pub github: Option<String>,
    /// `photo:`: a picture of them, a file of the site by its path in the output
    /// (`people/ana.jpg` from `static/people/ana.jpg`), with where it was written; checked
    /// against the site's files once they are known (`check_photos`).
    #[serde(skip)]
    pub photo: Option<(String, usize, usize)>,
}

pub fn read_person(r: &mut Reader, obj: &mut Obj) -> Person {
    let name = r.text(obj, "name");
    let pronouns = r.text(obj, "pronouns");
    let contact = r.text(obj, "contact");
    let timezone = r.take(obj, "timezone").and_then(|node| {
        let name = r.text_of(node, "timezone")?;
        if jiff::tz::TimeZone::get(&name).is_err() {
            r.error_at(node, "timezone", format!("unknown time zone `{name}`"));
        }
        Some(name)
    });
    Person {
        name,
        pronouns,
        contact,
        timezone,
        email: r.text(obj, "email").map(|e| e.trim().to_string()),
        github: r
            .text(obj, "github")
            .map(|g| g.trim().trim_start_matches('@').to_string()),
        photo: read_photo(r, obj),
    }
}

/// `photo: people/ana.jpg`: a picture of the site's own, in `static/` or beside the page.
fn read_photo(r: &mut Reader, obj: &mut Obj) -> Option<(String, usize, usize)> {
    let node = r.take(obj, "photo")?;
    let (line, column) = (node.line, node.column);
    let text = r.text_of(node, "photo")?;
    let Some(path) = crate::base::text::own_file(&text) else {
        r.error_at(node, "photo", format!("`{text}` is not a file of this site: put the picture in static/ and give its path there, such as `photo: people/ana.jpg`"));
        return None;
    };
    Some((path.to_string(), line, column))
}

#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub order: Option<i64>,
    pub checklist: Vec<String>,
    pub resources: Vec<Resource>,
    pub time_needed: Option<String>,
}

pub fn read_step(r: &mut Reader, obj: &mut Obj) -> Step {
    let order = r.int(obj, "order");
    let checklist = r.text_list(obj, "checklist");
    let resources = r
        .list(obj, "resources")
        .into_iter()
        .filter_map(|(field, node)| {
            let mut res = r.obj(node, &format!("{field}."))?;
            let title = r.required_text(&mut res, "title", "Meeting template");
            let url = r
                .required_text(&mut res, "url", "https://example.org/template")
                .and_then(|url| {
                    let node = crate::source::frontmatter::Node {
                        value: crate::source::frontmatter::Value::Null,
                        line: res.line(),
                        column: 0,
                    };
                    r.check_url(&node, &res.field_name("url"), url)
                });
            r.finish(res, &["title", "url"], "a resource");
            Some(Resource {
                title: title?,
                url: url?,
            })
        })
        .collect();
    Step {
        order,
        checklist,
        resources,
        time_needed: r.text(obj, "time_needed"),
    }
}
