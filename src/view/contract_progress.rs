//! The theme contract's views of the action plan, successes and the progress page, and the
//! plain `Link` they share with the rest (see `contract.rs`, which re-exports them: they are
//! part of the contract like the rest).

use serde::Serialize;

/// A page's title and address, wherever a template lists pages.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A plan page: its items in the order written, and its reviews.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub items: Vec<PlanItemView>,
    /// Latest first.
    pub reviews: Vec<PlanReviewView>,
    /// "3 months": how often the plan is reviewed (`review_every`, three months unless set).
    pub review_every: String,
    /// YYYY-MM-DD of the latest review (else `updated`), or none.
    pub last_review: Option<String>,
    pub next_review: Option<String>,
    pub review_overdue: bool,
    pub counts: StatusCounts,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct StatusCounts {
    pub planned: usize,
    pub doing: usize,
    pub done: usize,
    pub dropped: usize,
}

/// One item of a plan, wherever it is shown.
#[derive(Debug, Clone, Serialize)]
pub struct PlanItemView {
    /// The item's id on its plan page (`item-run-a-workshop`); `url` links to it.
    pub id: String,
    pub url: String,
    pub title: String,
    /// The period in words: "Q2 2027", "March 2027", "5 March 2027".
    pub when: String,
    /// The first and last day of the period, YYYY-MM-DD.
    pub start: String,
    pub end: String,
    #[serde(rename = "type")]
    pub item_type: String,
    /// `planned`, `doing`, `done` or `dropped`.
    pub status: crate::model::plan::Status,
    /// Past its period and still `planned`.
    pub late: bool,
    pub owner: Option<Link>,
    pub goals: Vec<GoalLink>,
    pub events: Vec<Link>,
    pub pages: Vec<Link>,
    pub notes: Option<String>,
}

/// A goal or benefit of the purpose, linked to its place on the progress page.
#[derive(Debug, Clone, Serialize)]
pub struct GoalLink {
    /// The slug of its text, as references and the progress page's ids use it.
    pub id: String,
    pub text: String,
    /// `organisation` or `member`.
    pub audience: crate::model::plan_refs::Audience,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanReviewView {
    pub date: String,
    pub worked: Option<String>,
    pub changes: Option<String>,
}

/// A story of something the group achieved.
#[derive(Debug, Clone, Serialize)]
pub struct SuccessView {
    /// YYYY-MM-DD, for `<time datetime>`; `date_text` in words ("12 November 2026").
    pub date: String,
    pub date_text: String,
    pub summary: Option<String>,
    pub goals: Vec<GoalLink>,
    pub benefits: Vec<GoalLink>,
    pub people: Vec<Link>,
    pub evidence: Vec<EvidenceView>,
}

/// One piece of evidence: `kind` says which fields are set (`link`: url, title;
/// `number`: value, label; `quote`: text, by; `note`: text).
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    pub kind: &'static str,
    pub url: Option<String>,
    pub title: Option<String>,
    pub value: Option<String>,
    pub label: Option<String>,
    pub text: Option<String>,
    pub by: Option<String>,
}

/// The progress page: from the purpose's goals, through the plan, to the successes. The
/// same, with absolute addresses, is written as `progress.json` (docs/progress.md).
#[derive(Debug, Clone, Serialize)]
pub struct ProgressView {
    /// The build's day, YYYY-MM-DD: what "late" and "overdue" were measured against.
    pub as_of: String,
    pub statement: Option<String>,
    pub goals: Vec<GoalProgress>,
    pub benefits: Vec<BenefitProgress>,
    pub plans: Vec<PlanSummary>,
    /// Newest first.
    pub successes: Vec<SuccessSummary>,
    /// Plan items that name no goal.
    pub unaligned: Vec<PlanItemView>,
    pub counts: StatusCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalProgress {
    #[serde(flatten)]
    pub goal: GoalLink,
    /// Items that serve the goal, by status.
    pub planned: Vec<PlanItemView>,
    pub doing: Vec<PlanItemView>,
    pub done: Vec<PlanItemView>,
    pub successes: Vec<SuccessSummary>,
    /// Nothing planned, under way, done or achieved for it: it stands out.
    pub neglected: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenefitProgress {
    #[serde(flatten)]
    pub benefit: GoalLink,
    pub successes: Vec<SuccessSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanSummary {
    pub title: String,
    pub url: String,
    pub review_every: String,
    pub last_review: Option<String>,
    pub next_review: Option<String>,
    pub review_overdue: bool,
    /// The latest review's notes, if any.
    pub latest_review: Option<PlanReviewView>,
    pub counts: StatusCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuccessSummary {
    pub title: String,
    pub url: String,
    pub date: String,
    pub date_text: String,
    pub summary: Option<String>,
}
