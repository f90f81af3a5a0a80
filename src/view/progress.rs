//! The views of the action plan, the successes and the progress page that joins them to the
//! purpose's goals. Addresses come from a function, so that the same view serves templates
//! (under the base path) and `progress.json` (absolute addresses).

use super::contract::*;
use crate::base::text::slugify;
use crate::model::plan::{
    Evidence, Plan, PlanItem, Ref, Status, Success, review_dates, span_words,
};
use crate::model::plan_refs::{self, Goals};
use crate::model::{Data, Kind, Page, Site};

/// Makes an address from a path below the base path.
pub type Url<'u> = &'u dyn Fn(&str) -> String;

/// The file `progress.json` is written to, beside the page.
pub const PROGRESS_JSON: &str = "progress.json";

/// Where the successes' Atom feed is written.
pub const SUCCESS_FEED: &str = "successes.xml";

/// The progress page's path.
pub const PROGRESS_PATH: &str = "progress/";

/// The version of `progress.json`'s schema (docs/progress.md).
pub const PROGRESS_SCHEMA_VERSION: u32 = 1;

/// What the views of plans, successes and progress share, made once per render.
pub struct Progress<'a> {
    site: &'a Site,
    /// The build's day in the site's time zone: what plans are late against.
    today: jiff::civil::Date,
    /// The purpose's goals and benefits, which plans and successes name.
    goals: Goals<'a>,
    has_progress: bool,
    /// Pages by the names plans use, made when a plan first needs them.
    page_names: std::sync::OnceLock<plan_refs::PageNames<'a>>,
}

impl<'a> Progress<'a> {
    pub fn new(site: &'a Site, now: jiff::Timestamp) -> Self {
        Progress {
            site,
            today: now.to_zoned_datetime(site.config.timezone.clone()).date(),
            goals: Goals::of(site),
            has_progress: site
                .pages
                .iter()
                .any(|p| matches!(p.kind, Kind::Plan | Kind::Success)),
            page_names: std::sync::OnceLock::new(),
        }
    }

    /// The site's settings, for documents built from these views.
    pub fn site_config(&self) -> &'a crate::source::config::Config {
        &self.site.config
    }

    /// Whether the handbook has a plan or a success, and so a progress page.
    pub fn has_progress(&self) -> bool {
        self.has_progress
    }

    pub fn plan(&self, page: &Page, plan: &Plan, url: Url) -> PlanView {
        let dates = review_dates(plan, page.meta.review_every, page.meta.updated);
        let items = self.items(page, plan, url);
        PlanView {
            counts: counts(items.iter()),
            items,
            reviews: plan.reviews.iter().rev().map(review_view).collect(),
            review_every: span_words(dates.every),
            last_review: dates.last.map(|d| d.to_string()),
            next_review: dates.next.map(|d| d.to_string()),
            review_overdue: dates.next.is_some_and(|d| d < self.today),
        }
    }

    /// A plan's items, each with an id of its own on the plan's page.
    fn items(&self, page: &Page, plan: &Plan, url: Url) -> Vec<PlanItemView> {
        let mut seen = std::collections::HashSet::new();
        plan.items
            .iter()
            .map(|item| {
                let base = format!("item-{}", slugify(&item.title));
                let mut id = base.clone();
                let mut n = 1;
                while !seen.insert(id.clone()) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                self.item(page, item, id, url)
            })
            .collect()
    }

    fn item(&self, page: &Page, item: &PlanItem, id: String, url: Url) -> PlanItemView {
        let site = self.site;
        let link = |p: &Page| Link {
            title: p.meta.title.clone(),
            url: url(&p.path),
        };
        PlanItemView {
            url: format!("{}#{id}", url(&page.path)),
            id,
            title: item.title.clone(),
            when: item.when.label.clone(),
            start: item.when.start.to_string(),
            end: item.when.end.to_string(),
            item_type: item.item_type.clone(),
            status: item.status,
            late: item.status == Status::Planned && item.when.end < self.today,
            owner: item
                .owner
                .as_ref()
                .and_then(|r| plan_refs::owner(site, &r.text))
                .map(link),
            goals: self.goal_links(&item.goals, false, url),
            events: (item.events.iter())
                .filter_map(|r| plan_refs::event(site, &r.text))
                .map(link)
                .collect(),
            pages: {
                let names = self
                    .page_names
                    .get_or_init(|| plan_refs::PageNames::of(site));
                (item.pages.iter())
                    .filter_map(|r| names.page(&r.text))
                    .map(link)
                    .collect()
            },
            notes: item.notes.clone(),
        }
    }

    fn goal_links(&self, refs: &[Ref], benefits: bool, url: Url) -> Vec<GoalLink> {
        let goals = &self.goals;
        refs.iter()
            .filter_map(|r| {
                if benefits {
                    goals.benefit(&r.text).ok()
                } else {
                    goals.goal(&r.text).ok()
                }
            })
            .map(|i| goal_link(goals, i, benefits, url))
            .collect()
    }

    pub fn success(&self, success: &Success, url: Url) -> SuccessView {
        let site = self.site;
        SuccessView {
            date: success.date.to_string(),
            date_text: super::dates::short(success.date, &site.config.language),
            summary: success.summary.clone(),
            goals: self.goal_links(&success.goals, false, url),
            benefits: self.goal_links(&success.benefits, true, url),
            people: (success.people.iter())
                .filter_map(|r| site.person_by_slug(&r.text))
                .map(|p| Link {
                    title: p.meta.title.clone(),
                    url: url(&p.path),
                })
                .collect(),
            evidence: success.evidence.iter().map(evidence_view).collect(),
        }
    }

    /// The progress page's view: every goal with the items that serve it and the successes
    /// that realised it, the plans' review dates, and the stories newest first.
    pub fn progress(&self, url: Url) -> ProgressView {
        let site = self.site;
        let goals = &self.goals;
        let mut items: Vec<(PlanItemView, Vec<usize>)> = Vec::new();
        let mut plans = Vec::new();
        for page in site.pages_of_kind(Kind::Plan) {
            let Data::Plan(plan) = &*page.data else {
                continue;
            };
            // One view of the plan gives both its items and its summary.
            let mut view = self.plan(page, plan, url);
            for (item_view, item) in std::mem::take(&mut view.items).into_iter().zip(&plan.items) {
                let served = item.goals.iter().filter_map(|r| goals.goal(&r.text).ok());
                items.push((item_view, served.collect()));
            }
            plans.push(plan_summary(page, view, url));
        }
        items.sort_by(|a, b| (&a.0.start, &a.0.end).cmp(&(&b.0.start, &b.0.end)));
        let stories = self.stories(url);
        let goal_rows = (0..goals.goals.len())
            .map(|g| {
                let serving = || items.iter().filter(move |(_, gs)| gs.contains(&g));
                let of = |status| {
                    serving()
                        .filter(|(v, _)| v.status == status)
                        .map(|(v, _)| v.clone())
                        .collect::<Vec<_>>()
                };
                let (planned, doing, done) =
                    (of(Status::Planned), of(Status::Doing), of(Status::Done));
                let successes = self.stories_for(&stories, |s| &s.goals, g, false);
                GoalProgress {
                    neglected: planned.is_empty()
                        && doing.is_empty()
                        && done.is_empty()
                        && successes.is_empty(),
                    goal: goal_link(goals, g, false, url),
                    planned,
                    doing,
                    done,
                    successes,
                }
            })
            .collect();
        let benefits = (0..goals.benefits.len())
            .map(|b| BenefitProgress {
                benefit: goal_link(goals, b, true, url),
                successes: self.stories_for(&stories, |s| &s.benefits, b, true),
            })
            .collect();
        ProgressView {
            as_of: self.today.to_string(),
            statement: site
                .pages_of_kind(Kind::Purpose)
                .next()
                .and_then(|p| match &*p.data {
                    Data::Purpose(purpose) => Some(purpose.statement()),
                    _ => None,
                }),
            goals: goal_rows,
            benefits,
            counts: counts(items.iter().map(|(v, _)| v)),
            unaligned: (items.iter())
                .filter(|(v, gs)| gs.is_empty() && v.status != Status::Dropped)
                .map(|(v, _)| v.clone())
                .collect(),
            plans,
            successes: stories.iter().map(|(_, s)| s.clone()).collect(),
        }
    }
    /// Every success, newest first, with its story.
    fn stories(&self, url: Url) -> Vec<(&'a Success, SuccessSummary)> {
        let mut stories: Vec<(&Success, &Page)> = self
            .site
            .pages_of_kind(Kind::Success)
            .filter_map(|p| match &*p.data {
                Data::Success(s) => Some((s, p)),
                _ => None,
            })
            .collect();
        stories.sort_by(|a, b| {
            b.0.date
                .cmp(&a.0.date)
                .then_with(|| a.1.path.cmp(&b.1.path))
        });
        stories
            .into_iter()
            .map(|(s, p)| {
                let summary = SuccessSummary {
                    title: p.meta.title.clone(),
                    url: url(&p.path),
                    date: s.date.to_string(),
                    date_text: super::dates::short(s.date, &self.site.config.language),
                    summary: s.summary.clone().or_else(|| p.meta.description.clone()),
                };
                (s, summary)
            })
            .collect()
    }

    fn stories_for(
        &self,
        stories: &[(&Success, SuccessSummary)],
        refs: impl Fn(&Success) -> &Vec<Ref>,
        index: usize,
        benefits: bool,
    ) -> Vec<SuccessSummary> {
        let find = |text: &str| {
            if benefits {
                self.goals.benefit(text).ok()
            } else {
                self.goals.goal(text).ok()
            }
        };
        stories
            .iter()
            .filter(|(s, _)| refs(s).iter().any(|r| find(&r.text) == Some(index)))
            .map(|(_, summary)| summary.clone())
            .collect()
    }
}

/// A plan's line on the progress page, from the plan's view.
fn plan_summary(page: &Page, view: PlanView, url: Url) -> PlanSummary {
    PlanSummary {
        title: page.meta.title.clone(),
        url: url(&page.path),
        review_every: view.review_every,
        last_review: view.last_review,
        next_review: view.next_review,
        review_overdue: view.review_overdue,
        latest_review: view.reviews.into_iter().next(),
        counts: view.counts,
    }
}

fn goal_link(goals: &Goals, index: usize, benefit: bool, url: Url) -> GoalLink {
    let goal = if benefit {
        &goals.benefits[index]
    } else {
        &goals.goals[index]
    };
    let prefix = if benefit { "benefit" } else { "goal" };
    GoalLink {
        url: format!("{}#{prefix}-{}", url(PROGRESS_PATH), goal.id),
        id: goal.id.clone(),
        text: goal.text.to_string(),
        audience: goal.audience,
    }
}

fn counts<'v>(items: impl Iterator<Item = &'v PlanItemView>) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for item in items {
        *match item.status {
            Status::Planned => &mut counts.planned,
            Status::Doing => &mut counts.doing,
            Status::Done => &mut counts.done,
            Status::Dropped => &mut counts.dropped,
        } += 1;
    }
    counts
}

fn review_view(review: &crate::model::plan::PlanReview) -> PlanReviewView {
    PlanReviewView {
        date: review.date.to_string(),
        worked: review.worked.clone(),
        changes: review.changes.clone(),
    }
}

fn evidence_view(evidence: &Evidence) -> EvidenceView {
    let mut view = EvidenceView {
        kind: "note",
        url: None,
        title: None,
        value: None,
        label: None,
        text: None,
        by: None,
    };
    match evidence {
        Evidence::Link { url, title } => {
            view.kind = "link";
            view.url = Some(url.clone());
            view.title = Some(title.clone());
        }
        Evidence::Number { value, label } => {
            view.kind = "number";
            view.value = Some(value.clone());
            view.label = Some(label.clone());
        }
        Evidence::Quote { text, by } => {
            view.kind = "quote";
            view.text = Some(text.clone());
            view.by = by.clone();
        }
        Evidence::Note(text) => view.text = Some(text.clone()),
    }
    view
}
