//! Pages due for review and pages without an owner: "a handbook is only trusted while it is
//! kept up to date". A page's next review comes from `model::review` (`reviewed`,
//! `updated` or the last commit, plus `review_every` or the site's cadence for its kind).

use super::finding::finding;
use crate::base::error::Diagnostic;
use crate::model::review::{People, Since, owner_of, review_of};
use crate::model::{Kind, Site};

pub fn check(site: &Site, today: jiff::civil::Date, found: &mut Vec<Diagnostic>) {
    let people = site.config.review.require_owner.then(|| People::of(site));
    for page in &site.pages {
        let meta = &page.meta;
        if let Some(due) = meta.review_by
            && due < today
        {
            found.push(
                finding(
                    "review-due",
                    &page.source,
                    meta.position("review_by"),
                    format!("due for review since {due}"),
                )
                .why("a handbook that is out of date sends people to the wrong place or person")
                .hint("check the page, then set `reviewed:` to today and move `review_by:` on"),
            );
        }
        match review_of(site, page, today) {
            Some(review) if review.overdue => {
                let (said, key) = match review.since {
                    Since::Reviewed => ("last reviewed", "reviewed"),
                    Since::Updated => ("last updated", "updated"),
                    Since::Git => ("last changed (git)", "review_every"),
                };
                let every = crate::model::plan::span_words(review.every);
                found.push(
                    finding(
                        "review-stale",
                        &page.source,
                        meta.position(key),
                        format!(
                            "{said} {}; due for review every {every}, so since {}",
                            review.last, review.next
                        ),
                    )
                    .why("a handbook that is out of date sends people to the wrong place or person")
                    .hint("check the page and set `reviewed:` to today's date"),
                );
            }
            Some(_) => {}
            None if meta.review_every.is_some() && page.kind != Kind::Plan => found.push(
                finding(
                    "review-stale",
                    &page.source,
                    meta.position("review_every"),
                    "`review_every` is set but there is no date to count from".into(),
                )
                .why("without the date of the last check, nobody knows when the next one is due")
                .hint("add `reviewed: YYYY-MM-DD` with the date the page was last checked"),
            ),
            None => {}
        }
        if let Some(people) = &people
            && crate::source::settings::REVIEWED_KINDS.contains(&page.kind.name())
            && !page.path.is_empty()
            && owner_of(site, people, page).is_none()
        {
            found.push(
                finding(
                    "page-no-owner",
                    &page.source,
                    (1, 1),
                    format!("`{}` has no owner", page.meta.title),
                )
                .why("a page that is everyone's is kept by no one; an owner is asked when it is due for review")
                .hint("add `owner: SLUG` (a person or role), or a rule for the file in CODEOWNERS"),
            );
        }
    }
}
