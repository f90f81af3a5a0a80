//! Health of the action plan and the successes, in the words of the guides groups follow:
//! "roll it out over time", "review it over different periods", "capture its successes".
//! These checks run only for a handbook that has a plan or a success, so that a group that
//! keeps neither is not told about both on every build.

use super::finding::finding;
use crate::base::error::Diagnostic;
use crate::model::plan::{Status, review_dates, span_words};
use crate::model::plan_refs::Goals;
use crate::model::{Data, Kind, Site};

pub fn check(site: &Site, today: jiff::civil::Date, found: &mut Vec<Diagnostic>) {
    let has_plan = site.pages_of_kind(Kind::Plan).next().is_some();
    let plan_unread = site.unreadable.iter().any(|rel| rel.starts_with("plan/"));
    let has_success = site.pages_of_kind(Kind::Success).next().is_some();
    if !(has_plan || has_success || plan_unread) {
        return;
    }
    late_items(site, today, found);
    plan_reviews(site, today, found);
    if has_plan && !plan_unread {
        unplanned_goals(site, found);
    }
    recent_success(site, today, found);
}

fn late_items(site: &Site, today: jiff::civil::Date, found: &mut Vec<Diagnostic>) {
    for page in site.pages_of_kind(Kind::Plan) {
        let Data::Plan(plan) = &*page.data else {
            continue;
        };
        for item in &plan.items {
            if item.status == Status::Planned && item.when.end < today {
                found.push(
                    finding(
                        "plan-item-late",
                        &page.source,
                        (item.line, item.column),
                        format!(
                            "`{}` was planned for {} and is still `planned`",
                            item.title, item.when.label
                        ),
                    )
                    .why("a plan is reviewed to see what is working and what needs to be adjusted; an item left behind its period no longer says what the group will do")
                    .hint("set `status: doing` or `status: done`, move `when:` to a new period, or set `status: dropped` and say why in `notes:`"),
                );
            }
        }
    }
}

fn plan_reviews(site: &Site, today: jiff::civil::Date, found: &mut Vec<Diagnostic>) {
    for page in site.pages_of_kind(Kind::Plan) {
        let Data::Plan(plan) = &*page.data else {
            continue;
        };
        let dates = review_dates(plan, page.meta.review_every, page.meta.updated);
        let every = span_words(dates.every);
        let at = if page.meta.positions.contains_key("reviews") {
            page.meta.position("reviews")
        } else {
            page.meta.position("title")
        };
        let message = match (dates.last, dates.next) {
            (Some(last), Some(next)) if next < today => format!(
                "the plan was last reviewed on {last}; it is reviewed every {every}, so a review has been due since {next}"
            ),
            (None, _) => "the plan has never been reviewed".to_string(),
            _ => continue,
        };
        found.push(
            finding("plan-review-due", &page.source, at, message)
                .why("the guides say to review the plan over different periods, to see what is working and what needs to be adjusted")
                .hint("meet, look at each item, then add an entry under `reviews:` with `date:`, `worked:` and `changes:`"),
        );
    }
}

fn unplanned_goals(site: &Site, found: &mut Vec<Diagnostic>) {
    if site.exists_unread("purpose.md") {
        return;
    }
    let goals = Goals::of(site);
    let Some(purpose) = goals.purpose else { return };
    let mut served = vec![false; goals.goals.len()];
    for page in site.pages_of_kind(Kind::Plan) {
        let Data::Plan(plan) = &*page.data else {
            continue;
        };
        for item in plan.items.iter().filter(|i| i.status != Status::Dropped) {
            for r in &item.goals {
                match goals.goal(&r.text) {
                    Ok(g) => served[g] = true,
                    // A goal renamed in the purpose: each old name is an error of its own,
                    // and "nothing serves the new one" would be a second message for it.
                    Err(_) => return,
                }
            }
        }
    }
    for (goal, served) in goals.goals.iter().zip(served) {
        if served {
            continue;
        }
        let key = match goal.audience {
            crate::model::plan_refs::Audience::Organisation => "organisation_goals",
            crate::model::plan_refs::Audience::Member => "member_goals",
        };
        found.push(
            finding(
                "goal-unplanned",
                &purpose.source,
                purpose.meta.position(key),
                format!("nothing in the plan serves the goal \"{}\"", goal.text),
            )
            .why("an action plan is built from what the organisation and the members want; a goal with nothing planned is a wish")
            .hint(format!(
                "add a discussion, content or activity for it to a plan in content/plan/, with `goals: [{}]`",
                goal.id
            )),
        );
    }
}

fn recent_success(site: &Site, today: jiff::civil::Date, found: &mut Vec<Diagnostic>) {
    let months = site.config.health.success_months;
    if months == 0
        || site
            .unreadable
            .iter()
            .any(|rel| rel.starts_with("successes/"))
    {
        return;
    }
    let latest = site
        .pages_of_kind(Kind::Success)
        .filter_map(|p| match &*p.data {
            Data::Success(s) => Some((s.date, p)),
            _ => None,
        })
        .max_by_key(|(date, _)| *date);
    let since = today
        .checked_sub(jiff::Span::new().months(months))
        .unwrap_or(today);
    let (path, at, message) = match latest {
        Some((date, _)) if date >= since => return,
        Some((date, page)) => (
            page.source.clone(),
            page.meta.position("date"),
            format!("the latest success recorded is from {date}, more than {months} months ago"),
        ),
        None => (
            "content/successes".into(),
            (0, 0),
            "the handbook records no success yet".to_string(),
        ),
    };
    found.push(
        finding("no-recent-success", path, at, message)
            .why("a group keeps its sponsors' support by showing the benefits it realises over time; successes not written down are forgotten")
            .hint("write the group's latest achievement in content/successes/ (`handbook new success \"...\"`), or set `health: { success_months: N }`"),
    );
}
