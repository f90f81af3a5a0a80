//! Handbook health: what the guides that groups follow say a healthy handbook has (a purpose
//! with its for/who/to, goals, roles with people, enough facilitators, a way to report a
//! breach, fresh content, a next event). Each finding names its check so that a group can
//! switch it off in `handbook.yaml`; all are warnings unless the group makes them errors.

use super::finding::finding;
use crate::base::error::{Diagnostic, Severity};
use crate::model::kinds::Contact;
use crate::model::{Data, Kind, Page, Site};
use std::collections::{BTreeMap, BTreeSet};

/// Whether the site is a folder of plain pages: none of the handbook's kinds (purpose,
/// ground rules, roles, people, start-up steps, events), and `health: { full: true }` not set.
/// Sites that `init` makes have the kinds, so they get every check.
pub fn is_plain(site: &Site) -> bool {
    !site.config.health.full
        && site
            .pages
            .iter()
            .all(|p| matches!(p.kind, Kind::Page | Kind::Section))
}

/// What a plain folder is told once, instead of a warning for each kind it does not use.
pub const PLAIN_NOTE: &str = "these are plain pages; handbook also knows a group's purpose, ground rules, roles, people, start-up steps and events, and checks them when they are there (docs/authoring.md); `health: { full: true }` in handbook.yaml asks for every check now";

/// Runs every check that is on, at `now` (the build's "now").
pub fn check(site: &Site, now: jiff::Timestamp) -> Vec<Diagnostic> {
    let today = now.to_zoned_datetime(site.config.timezone.clone()).date();
    let mut found = Vec::new();
    // A folder of plain pages gets the checks that concern pages; the group's kinds are
    // described once by the command line (see `is_plain`), not as seven missing things.
    if !is_plain(site) {
        purpose(site, &mut found);
        ground_rules(site, &mut found);
        roles(site, &mut found);
        events(site, now, &mut found);
        people(site, &mut found);
        steps(site, &mut found);
    }
    super::review::check(site, today, &mut found);
    super::progress::check(site, today, &mut found);
    root_links(site, &mut found);
    let health = &site.config.health;
    found.retain(|d| d.code.is_none_or(|c| !health.off.iter().any(|o| o == c)));
    for d in &mut found {
        if d.code.is_some_and(|c| health.errors.iter().any(|e| e == c)) {
            d.severity = Severity::Error;
        }
    }
    found
}

fn purpose(site: &Site, found: &mut Vec<Diagnostic>) {
    // A purpose.md with a mistake has its own error: it is not missing.
    if site.exists_unread("purpose.md") {
        return;
    }
    let Some(page) = site.pages_of_kind(Kind::Purpose).next() else {
        found.push(
            finding("purpose-missing", "content/purpose.md", (0, 0), "the handbook has no purpose page".into())
                .why("members and newcomers first need to know what the group is for and who it is for")
                .hint("create content/purpose.md with `for:`, `who:` and `to:` (\"a group for X who are Y to do Z\")"),
        );
        return;
    };
    let Data::Purpose(purpose) = &*page.data else {
        return;
    };
    let missing: Vec<&str> = [("who", purpose.who.is_none()), ("to", purpose.to.is_none())]
        .iter()
        .filter(|(_, missing)| *missing)
        .map(|(k, _)| *k)
        .collect();
    if !missing.is_empty() {
        found.push(
            finding("purpose-incomplete", &page.source, page.meta.position("for"), format!("the purpose has no `{}`", missing.join("` or `")))
                .why("a purpose reads \"a group for X who are Y to do Z\"; without each part people cannot tell whether the group is for them")
                .hint(format!("add `{}: ...` to the front matter", missing[0])),
        );
    }
    for (key, list, who) in [
        (
            "organisation_goals",
            &purpose.organisation_goals,
            "the organisation",
        ),
        ("member_goals", &purpose.member_goals, "members"),
    ] {
        if list.is_empty() {
            found.push(
                finding(
                    "goals-missing",
                    &page.source,
                    page.meta.position("for"),
                    format!("the purpose lists no `{key}`"),
                )
                .why(format!(
                    "a group lasts when it knows what {who} want from it, in order of importance"
                ))
                .hint(format!("add `{key}:` with a list, most important first")),
            );
        }
    }
}

fn ground_rules(site: &Site, found: &mut Vec<Diagnostic>) {
    if site.exists_unread("ground-rules.md") {
        return;
    }
    let Some(page) = site.pages_of_kind(Kind::GroundRules).next() else {
        found.push(
            finding("ground-rules-missing", "content/ground-rules.md", (0, 0), "the handbook has no ground rules".into())
                .why("ground rules make a group safe to take part in, and say what happens when someone breaks them")
                .hint("create content/ground-rules.md with `rules:` and `reporting:`"),
        );
        return;
    };
    let Data::GroundRules(rules) = &*page.data else {
        return;
    };
    let has_way = rules
        .reporting
        .as_ref()
        .is_some_and(|r| r.how.is_some() || !r.contacts.is_empty());
    if !has_way {
        found.push(
            finding("no-reporting", &page.source, page.meta.position("rules"), "the ground rules do not say how to report a breach".into())
                .why("rules without a way to report a breach protect no one; people need to know whom to tell")
                .hint("add `reporting:` with `how:` and `contacts:` (a first and an alternative contact)"),
        );
    }
}

fn holders(page: &Page) -> &[Contact] {
    match &*page.data {
        Data::Role(role) => &role.holders,
        _ => &[],
    }
}

fn roles(site: &Site, found: &mut Vec<Diagnostic>) {
    let health = &site.config.health;
    let mut facilitator_role = None;
    for page in site.pages_of_kind(Kind::Role) {
        if page.slug() == health.facilitator_role {
            facilitator_role = Some(page);
        }
        if holders(page).is_empty() {
            found.push(
                finding("role-unheld", &page.source, page.meta.position("holders"), format!("nobody holds the role `{}`", page.meta.title))
                    .why("a role without a person is work nobody does")
                    .hint("name the people who hold it under `holders:`, or mark the role as open in its text and ask for volunteers"),
            );
        }
    }
    if health.min_facilitators == 0 {
        return;
    }
    match facilitator_role {
        Some(page) if holders(page).len() < health.min_facilitators => {
            let n = holders(page).len();
            found.push(
                finding(
                    "few-facilitators",
                    &page.source,
                    page.meta.position("holders"),
                    format!("{n} facilitator(s); at least {} are advised", health.min_facilitators),
                )
                .why("the guides advise at least three facilitators, so that the group keeps going when someone is away")
                .hint("find more facilitators, or set `health: { min_facilitators: N }` in handbook.yaml"),
            );
        }
        Some(_) => {}
        None if site.exists_unread(&format!("roles/{}.md", health.facilitator_role)) => {}
        None => found.push(
            finding("few-facilitators", "content/roles", (0, 0), format!("no role page `{}` names the facilitators", health.facilitator_role))
                .why("the guides advise at least three facilitators, so that the group keeps going when someone is away")
                .hint(format!(
                    "create content/roles/{}.md with its `holders:`, or set `health: {{ facilitator_role: SLUG }}`",
                    health.facilitator_role
                )),
        ),
    }
}

fn events(site: &Site, now: jiff::Timestamp, found: &mut Vec<Diagnostic>) {
    let mut upcoming = false;
    for page in site.pages_of_kind(Kind::Event) {
        let Data::Event(event) = &*page.data else {
            continue;
        };
        upcoming |= event
            .occurrences()
            .iter()
            .any(|o| o.when.end().timestamp() > now && !o.cancelled);
        if event.location.is_none() && event.online.is_none() {
            found.push(
                finding(
                    "event-no-place",
                    &page.source,
                    page.meta.position("start"),
                    "the event has neither a `location` nor an `online` link".into(),
                )
                .why("members cannot come to an event when they do not know where it is")
                .hint("add `location:` (a place) or `online:` (a link to the call), or both"),
            );
        }
    }
    if !upcoming {
        found.push(
            finding("no-upcoming-event", "content/events", (0, 0), "the handbook lists no upcoming event".into())
                .why("the first thing members look for is the next call or meet-up")
                .hint("add the next call or meet-up to content/events/, or a `recurrence:` to a regular one"),
        );
    }
}

fn people(site: &Site, found: &mut Vec<Diagnostic>) {
    let mut holding: BTreeSet<&str> = BTreeSet::new();
    for page in &site.pages {
        for contact in page.contacts() {
            if let Some(slug) = &contact.person {
                if page.kind == Kind::Role {
                    holding.insert(slug);
                }
            } else if let Some(name) = &contact.name {
                found.push(
                    finding(
                        "person-no-page",
                        &page.source,
                        (contact.line, contact.column),
                        format!("{name} is named but has no page in people/"),
                    )
                    .why("members need to know who someone is and how to reach them")
                    .hint(format!(
                        "create content/people/{}.md and name them by that slug",
                        crate::base::text::slugify(name)
                    )),
                );
            }
        }
    }
    // A role file with a mistake names holders nobody could read: "holds no role" would be
    // a false message for that one mistake.
    let roles_unread = site.unreadable.iter().any(|rel| rel.starts_with("roles/"));
    for page in site.pages_of_kind(Kind::Person) {
        if !holding.contains(page.slug()) && !roles_unread {
            found.push(
                finding("person-no-role", &page.source, (1, 1), format!("{} holds no role", page.meta.title))
                    .why("a people page is there to say who does what; someone without a role may have left, or a role may be missing their name")
                    .hint(format!("add `{}` to the `holders:` of a role, or remove this page", page.slug())),
            );
        }
    }
}

fn steps(site: &Site, found: &mut Vec<Diagnostic>) {
    let mut by_order: BTreeMap<i64, Vec<&Page>> = BTreeMap::new();
    for page in site.pages_of_kind(Kind::Step) {
        match &*page.data {
            Data::Step(step) => match step.order {
                Some(n) => by_order.entry(n).or_default().push(page),
                None => found.push(
                    finding(
                        "step-order",
                        &page.source,
                        (1, 1),
                        "this start-up step has no `order`".into(),
                    )
                    .why("start-up steps are done in order; a step without one ends up last")
                    .hint("add `order: N`"),
                ),
            },
            _ => continue,
        }
    }
    for (order, pages) in &by_order {
        for page in pages.iter().skip(1) {
            found.push(
                finding(
                    "step-order",
                    &page.source,
                    page.meta.position("order"),
                    format!(
                        "step {order} is also the order of {}",
                        pages[0].source.display()
                    ),
                )
                .why("two steps with one number leave readers unsure which comes first")
                .hint("give every step its own `order`"),
            );
        }
    }
    let orders: Vec<i64> = by_order.keys().copied().collect();
    for pair in orders.windows(2) {
        if pair[1] > pair[0] + 1 {
            let page = by_order[&pair[1]][0];
            found.push(
                finding(
                    "step-order",
                    &page.source,
                    page.meta.position("order"),
                    format!("the steps jump from {} to {}", pair[0], pair[1]),
                )
                .why("a gap in the numbering looks like a missing step")
                .hint("number the steps 1, 2, 3 … without gaps"),
            );
        }
    }
    if let Some(first) = orders.first()
        && *first > 1
    {
        let page = by_order[first][0];
        found.push(
            finding(
                "step-order",
                &page.source,
                page.meta.position("order"),
                format!("the first step is number {first}"),
            )
            .why("readers look for step 1")
            .hint("number the steps from 1"),
        );
    }
}

fn root_links(site: &Site, found: &mut Vec<Diagnostic>) {
    for page in &site.pages {
        for (line, link) in &page.content.root_links {
            found.push(
                finding("root-relative-link", &page.source, (*line, 0), format!("the link `{link}` starts at the site's root and leads to no page or file of the handbook"))
                    .why("on a project site under a sub-path (https://org.github.io/group/) such links lead outside the handbook; one that lands on a page is written under the base path")
                    .hint("link to the page's file with a relative path, such as `../ground-rules.md`"),
            );
        }
    }
}
