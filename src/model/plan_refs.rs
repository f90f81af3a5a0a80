//! What the plan and the successes point at, looked up once the whole site is known: goals
//! and benefits in the purpose, owners (a person or a role), people, events and pages. The
//! same lookups serve the checks here (one error per broken name, at its place) and the
//! views that link to what was found.

use super::plan::Ref;
use super::{Data, Kind, Page, Site};
use crate::base::error::{Diagnostic, suggest};
use crate::base::text::slugify;
use std::collections::HashMap;

/// Whom a goal is for: the purpose's two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Organisation,
    Member,
}

/// A goal or benefit of the purpose, with the id that references and anchors use.
#[derive(Debug, Clone)]
pub struct Goal<'a> {
    pub audience: Audience,
    pub text: &'a str,
    /// The slug of its text: `fewer-duplicated-tools-and-guides`.
    pub id: String,
}

/// The purpose's goals and benefits, in the order it lists them.
#[derive(Debug, Default)]
pub struct Goals<'a> {
    pub goals: Vec<Goal<'a>>,
    pub benefits: Vec<Goal<'a>>,
    /// The purpose page, when there is one.
    pub purpose: Option<&'a Page>,
}

/// Why a name matched nothing.
pub enum Miss {
    None,
    /// Several goals start with the words given.
    Ambiguous(Vec<String>),
}

impl<'a> Goals<'a> {
    pub fn of(site: &'a Site) -> Goals<'a> {
        let Some(page) = site.pages_of_kind(Kind::Purpose).next() else {
            return Goals::default();
        };
        let Data::Purpose(purpose) = &*page.data else {
            return Goals::default();
        };
        let goal = |audience| {
            move |text: &'a String| Goal {
                audience,
                text,
                id: slugify(text),
            }
        };
        Goals {
            goals: (purpose
                .organisation_goals
                .iter()
                .map(goal(Audience::Organisation)))
            .chain(purpose.member_goals.iter().map(goal(Audience::Member)))
            .collect(),
            // Benefits go to members; the audience only names the list here.
            benefits: purpose
                .benefits
                .iter()
                .map(goal(Audience::Member))
                .collect(),
            purpose: Some(page),
        }
    }

    pub fn goal(&self, name: &str) -> Result<usize, Miss> {
        find(&self.goals, name)
    }

    pub fn benefit(&self, name: &str) -> Result<usize, Miss> {
        find(&self.benefits, name)
    }
}

/// A goal is named by its text or its slug, or by its first words when no other goal starts
/// with them: `fewer-duplicated-tools` for "Fewer duplicated tools and guides".
fn find(list: &[Goal], name: &str) -> Result<usize, Miss> {
    let wanted = slugify(name);
    if wanted.is_empty() {
        return Err(Miss::None);
    }
    if let Some(i) = list.iter().position(|g| g.id == wanted) {
        return Ok(i);
    }
    let prefix = format!("{wanted}-");
    let starts: Vec<usize> = (0..list.len())
        .filter(|&i| list[i].id.starts_with(&prefix))
        .collect();
    match starts[..] {
        [one] => Ok(one),
        [] => Err(Miss::None),
        _ => Err(Miss::Ambiguous(
            starts.iter().map(|&i| list[i].id.clone()).collect(),
        )),
    }
}

/// An owner or host written as a slug, or as `people/slug` or `roles/slug`.
pub fn owner<'s>(site: &'s Site, name: &str) -> Option<&'s Page> {
    owner_index(site, name).map(|i| &site.pages[i])
}

/// The index of `owner`'s page.
pub fn owner_index(site: &Site, name: &str) -> Option<usize> {
    let name = name.trim_end_matches(".md").trim_end_matches('/');
    match name.split_once('/') {
        Some(("people", slug)) => site.person_index(slug),
        Some(("roles", slug)) => site.role_index(slug),
        _ => site.host_index(name),
    }
}

/// An event by its slug or its file (`monthly-call`, `events/monthly-call.md`).
pub fn event<'s>(site: &'s Site, name: &str) -> Option<&'s Page> {
    let slug = name
        .trim_end_matches(".md")
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(name);
    site.pages_of_kind(Kind::Event).find(|p| p.slug() == slug)
}

/// Pages by the names a plan may use: the file below `content/` (`ground-rules.md`), the
/// same without `.md`, or the page's address (`start-up/set-up-the-space/`).
pub struct PageNames<'s> {
    by_name: HashMap<String, usize>,
    site: &'s Site,
}

impl<'s> PageNames<'s> {
    pub fn of(site: &'s Site) -> Self {
        let mut by_name = HashMap::new();
        for (i, page) in site.pages.iter().enumerate() {
            by_name.entry(page.rel.clone()).or_insert(i);
            by_name
                .entry(page.rel.trim_end_matches(".md").to_string())
                .or_insert(i);
            by_name
                .entry(page.path.trim_end_matches('/').to_string())
                .or_insert(i);
        }
        PageNames { by_name, site }
    }

    pub fn page(&self, name: &str) -> Option<&'s Page> {
        let name = name.trim_start_matches("./").trim_start_matches('/');
        let name = name.trim_end_matches('/');
        self.by_name.get(name).map(|&i| &self.site.pages[i])
    }

    fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.site.pages.iter().map(|p| p.rel.as_str()).collect();
        names.sort_unstable();
        names
    }
}

/// Every reference of every plan and success checked: one error for each name that leads
/// nowhere, with the nearest name that does.
pub fn check(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    let mut pages = None;
    let goals = Goals::of(site);
    for page in &site.pages {
        let mut problems = Vec::new();
        if let Some((name, line, column)) = &page.meta.owner
            && owner(site, name).is_none()
            && !unread(site, name, &["people", "roles"])
        {
            let r = Ref {
                text: name.clone(),
                line: *line,
                column: *column,
                field: "owner".into(),
            };
            problems.push(missing(&r, "person or role", &owners(site)));
        }
        match &*page.data {
            Data::Plan(plan) => {
                let names = pages.get_or_insert_with(|| PageNames::of(site));
                for item in &plan.items {
                    if let Some(r) = &item.owner
                        && owner(site, &r.text).is_none()
                        && !unread(site, &r.text, &["people", "roles"])
                    {
                        problems.push(missing(r, "person or role", &owners(site)));
                    }
                    check_goals(site, &goals, &item.goals, false, &mut problems);
                    for r in &item.events {
                        if event(site, &r.text).is_none() && !unread(site, &r.text, &["events"]) {
                            let known: Vec<&str> =
                                site.pages_of_kind(Kind::Event).map(Page::slug).collect();
                            problems.push(missing(r, "event", &known));
                        }
                    }
                    for r in &item.pages {
                        if names.page(&r.text).is_none() && !site.exists_unread(&r.text) {
                            problems.push(missing(r, "page", &names.names()));
                        }
                    }
                }
            }
            Data::Success(success) => {
                check_goals(site, &goals, &success.goals, false, &mut problems);
                check_goals(site, &goals, &success.benefits, true, &mut problems);
                for r in &success.people {
                    if site.person_by_slug(&r.text).is_none() && !unread(site, &r.text, &["people"])
                    {
                        let known: Vec<&str> =
                            site.pages_of_kind(Kind::Person).map(Page::slug).collect();
                        problems.push(missing(r, "person", &known));
                    }
                }
            }
            _ => {}
        }
        diagnostics.extend(problems.into_iter().map(|p| p.at(&page.source)));
    }
}

/// A problem found before the file it belongs to is named.
struct Problem {
    message: String,
    line: usize,
    column: usize,
    field: String,
    hint: String,
}

impl Problem {
    fn at(self, path: &std::path::Path) -> Diagnostic {
        Diagnostic::error(path, self.message)
            .at(self.line, self.column)
            .field(self.field)
            .hint(self.hint)
    }
}

fn missing(r: &Ref, what: &str, known: &[&str]) -> Problem {
    let hint = match suggest(&r.text, known) {
        Some(near) => format!("did you mean `{near}`?"),
        None if known.is_empty() => format!("the handbook has no {what} page yet"),
        None if known.len() <= 12 => format!("the {what} pages are: {}", known.join(", ")),
        None => format!("name a {what} page of the handbook by its slug"),
    };
    Problem {
        message: format!("no {what} page is called `{}`", r.text),
        line: r.line,
        column: r.column,
        field: r.field.clone(),
        hint,
    }
}

fn owners(site: &Site) -> Vec<&str> {
    let mut known: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| matches!(p.kind, Kind::Person | Kind::Role))
        .map(Page::slug)
        .collect();
    known.sort_unstable();
    known.dedup();
    known
}

/// The goal meant by a misspelt name: the name against each goal's first words, as many as
/// the name has (`less-food-wast` is near `less-food-waste`), or against the whole id. Near
/// means a third of the name's letters or fewer differ, so that a short name is not "near"
/// a one-letter word.
fn near_goal(wanted: &str, ids: &[&str]) -> Option<String> {
    let words = wanted.split('-').count();
    let near = |candidate: &str| {
        let distance = strsim::damerau_levenshtein(wanted, candidate);
        (distance * 3 <= wanted.chars().count()).then_some(distance)
    };
    let mut best: Option<(usize, String)> = None;
    for id in ids {
        let start: String = id.split('-').take(words).collect::<Vec<_>>().join("-");
        // The first words are enough when no other goal starts with them.
        let unique = ids.iter().filter(|other| other.starts_with(&start)).count() == 1;
        let named = if unique {
            start.clone()
        } else {
            id.to_string()
        };
        for candidate in [start.as_str(), id] {
            if let Some(d) = near(candidate)
                && best.as_ref().is_none_or(|(b, _)| d < *b)
            {
                best = Some((d, named.clone()));
            }
        }
    }
    best.map(|(_, name)| name)
}

/// A slug whose file exists with an error of its own: saying it is missing would be a
/// second message for one mistake.
fn unread(site: &Site, name: &str, folders: &[&str]) -> bool {
    let slug = name
        .trim_end_matches(".md")
        .rsplit('/')
        .next()
        .unwrap_or(name);
    folders
        .iter()
        .any(|f| site.exists_unread(&format!("{f}/{slug}.md")))
}

fn check_goals(
    site: &Site,
    goals: &Goals,
    refs: &[Ref],
    benefits: bool,
    problems: &mut Vec<Problem>,
) {
    if refs.is_empty() || site.exists_unread("purpose.md") {
        return;
    }
    let (list, what, key) = if benefits {
        (&goals.benefits, "benefit", "`benefits`")
    } else {
        (
            &goals.goals,
            "goal",
            "`organisation_goals` or `member_goals`",
        )
    };
    if goals.purpose.is_none() || list.is_empty() {
        // One message for the first name: the others have the same cause.
        let r = &refs[0];
        problems.push(Problem {
            message: format!("`{}` names a {what}, but the purpose lists none", r.text),
            line: r.line,
            column: r.column,
            field: r.field.clone(),
            hint: format!(
                "list the group's {what}s under {key} in content/purpose.md, then name them here"
            ),
        });
        return;
    }
    let found = |name: &str| {
        if benefits {
            goals.benefit(name)
        } else {
            goals.goal(name)
        }
    };
    for r in refs {
        let hint = match found(&r.text) {
            Ok(_) => continue,
            Err(Miss::Ambiguous(ids)) => format!(
                "several {what}s start with these words: {}; write more of the one you mean",
                ids.join(", ")
            ),
            Err(Miss::None) => {
                let ids: Vec<&str> = list.iter().map(|g| g.id.as_str()).collect();
                match near_goal(&slugify(&r.text), &ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "name a {what} by its first words or its text, as content/purpose.md writes it: {}",
                        ids.join(", ")
                    ),
                }
            }
        };
        problems.push(Problem {
            message: format!("the purpose has no {what} `{}`", r.text),
            line: r.line,
            column: r.column,
            field: r.field.clone(),
            hint,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goals(texts: &[&'static str]) -> Vec<Goal<'static>> {
        texts
            .iter()
            .map(|t| Goal {
                audience: Audience::Member,
                text: t,
                id: slugify(t),
            })
            .collect()
    }

    #[test]
    fn a_goal_is_named_by_its_text_its_slug_or_its_first_words() {
        let list = goals(&[
            "Fewer duplicated tools",
            "Fewer meetings",
            "Mehr Austausch unter Gärtnerinnen",
        ]);
        assert!(matches!(find(&list, "Fewer duplicated tools"), Ok(0)));
        assert!(matches!(find(&list, "fewer-duplicated"), Ok(0)));
        assert!(matches!(find(&list, "mehr austausch"), Ok(2)));
        assert!(matches!(find(&list, "fewer"), Err(Miss::Ambiguous(ids)) if ids.len() == 2));
        assert!(
            matches!(find(&list, "fewer-dup"), Err(Miss::None)),
            "whole words only"
        );
        assert!(matches!(find(&list, "!!"), Err(Miss::None)));
    }

    #[test]
    fn near_names_are_near_in_most_of_their_letters() {
        let ids = [
            "less-food-waste-in-bins",
            "a-network-to-call-on",
            "less-fuss",
        ];
        assert_eq!(
            near_goal("less-food-wast", &ids).as_deref(),
            Some("less-food-waste")
        );
        assert_eq!(near_goal("a-netwrk", &ids).as_deref(), Some("a-network"));
        assert_eq!(near_goal("bx", &ids), None, "two letters are near nothing");
        assert_eq!(near_goal("compost", &ids), None);
    }
}
