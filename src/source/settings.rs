//! The smaller settings of `handbook.yaml`, each a type and the reader of its block: health
//! checks, raw HTML in Markdown, a page's rendering budget, front matter's unknown keys.
//! The stages that act on them (`check`, `model::markdown`, `render::budget`) use the types
//! from here, so that reading settings needs none of them.

use super::CONFIG_FILE;
use crate::base::error::Diagnostic;
use crate::source::fields::{Obj, Reader, UnknownKeys};
use std::time::Duration;

/// Every check, by the name `handbook.yaml` and the output use.
pub const HEALTH_CHECKS: &[&str] = &[
    "purpose-missing",
    "purpose-incomplete",
    "goals-missing",
    "ground-rules-missing",
    "no-reporting",
    "role-unheld",
    "few-facilitators",
    "review-due",
    "review-stale",
    "no-upcoming-event",
    "event-no-place",
    "person-no-page",
    "person-no-role",
    "step-order",
    "root-relative-link",
    "plan-item-late",
    "goal-unplanned",
    "plan-review-due",
    "no-recent-success",
    "page-no-owner",
];

/// Thresholds and switches for `handbook check`'s health findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub min_facilitators: usize,
    /// The slug of the role whose holders are the facilitators.
    pub facilitator_role: String,
    /// Checks switched off.
    pub off: Vec<String>,
    /// Checks that count as errors rather than warnings.
    pub errors: Vec<String>,
    /// `health: { full: true }`: every check, even in a folder of plain pages (which gets
    /// only the checks that concern pages, see `health::is_plain`).
    pub full: bool,
    /// `no-recent-success`: a group with a plan or successes should record one at least
    /// this many months apart (0 switches the check off).
    pub success_months: i64,
}

impl Default for Health {
    fn default() -> Self {
        Health {
            min_facilitators: 3,
            facilitator_role: "facilitator".into(),
            off: Vec::new(),
            errors: Vec::new(),
            full: false,
            success_months: 6,
        }
    }
}

/// What to do with HTML written in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Keep what is safe (ammonia, with an allow-list that keeps what our own output needs).
    #[default]
    Sanitize,
    /// Show it as text.
    Escape,
    /// Keep it as written: only for sites whose every author is trusted.
    Allow,
}

/// Defaults, as Hugo's `timeout` is: generous for any real page.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// What a page may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub timeout: Duration,
    pub max_bytes: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            timeout: DEFAULT_TIMEOUT,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl Budget {
    /// The budget of a page that lists `items` pages whole (the printed handbook): a loop
    /// over every page is what it is for, so it may grow with the site (16 KB and 10 ms an
    /// item besides the bodies, which are put in after the template runs) and still stops a
    /// loop that never ends. At 100,000 pages the list alone passed the 32 MB of one page.
    pub fn for_items(self, items: usize) -> Budget {
        let items = u32::try_from(items).unwrap_or(u32::MAX);
        Budget {
            timeout: self
                .timeout
                .saturating_add(Duration::from_millis(10).saturating_mul(items)),
            max_bytes: self.max_bytes.saturating_add(16 * 1024 * u64::from(items)),
        }
    }
}

pub fn read_health(r: &mut Reader, obj: &mut Obj) -> Health {
    let mut health = Health::default();
    let Some(node) = r.take(obj, "health") else {
        return health;
    };
    let Some(mut inner) = r.obj(node, "health.") else {
        return health;
    };
    if let Some(n) = r.int(&mut inner, "min_facilitators") {
        health.min_facilitators = n.clamp(0, 1000) as usize;
    }
    if let Some(slug) = r.text(&mut inner, "facilitator_role") {
        health.facilitator_role = slug;
    }
    if let Some(full) = r.bool(&mut inner, "full") {
        health.full = full;
    }
    if let Some(n) = r.int(&mut inner, "success_months") {
        health.success_months = n.clamp(0, 1200);
    }
    for key in ["off", "errors"] {
        let mut codes = Vec::new();
        for (field, item) in r.list(&mut inner, key) {
            let Some(code) = r.text_of(item, &field) else {
                continue;
            };
            if HEALTH_CHECKS.contains(&code.as_str()) {
                codes.push(code);
            } else {
                let mut d =
                    Diagnostic::error(CONFIG_FILE, format!("no health check is called `{code}`"))
                        .at(item.line, item.column)
                        .field(field);
                d.hint = Some(match crate::base::error::suggest(&code, HEALTH_CHECKS) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => {
                        format!("the checks are: {}", HEALTH_CHECKS.join(", "))
                    }
                });
                r.push(d);
            }
        }
        if key == "off" {
            health.off = codes;
        } else {
            health.errors = codes;
        }
    }
    r.finish(
        inner,
        &[
            "min_facilitators",
            "facilitator_role",
            "off",
            "errors",
            "full",
            "success_months",
        ],
        "health",
    );
    health
}

pub fn read_markdown_settings(r: &mut Reader, obj: &mut Obj) -> RawHtml {
    let Some(node) = r.take(obj, "markdown") else {
        return RawHtml::default();
    };
    let Some(mut inner) = r.obj(node, "markdown.") else {
        return RawHtml::default();
    };
    let mode = match r.take(&mut inner, "raw_html") {
        Some(value) => {
            match value.as_str() {
                Some("sanitize") => RawHtml::Sanitize,
                Some("escape") => RawHtml::Escape,
                Some("allow") => RawHtml::Allow,
                _ => {
                    r.push(
                    Diagnostic::error(CONFIG_FILE, "expected `sanitize`, `escape` or `allow`")
                        .at(value.line, value.column)
                        .field("markdown.raw_html")
                        .hint("`sanitize` (the default) keeps safe HTML; `allow` trusts every author"),
                );
                    RawHtml::default()
                }
            }
        }
        None => RawHtml::default(),
    };
    r.finish(inner, &["raw_html"], "markdown");
    mode
}

/// `render: { timeout: SECONDS, max_page_size: BYTES }`: a page's rendering budget.
pub fn read_render_settings(r: &mut Reader, obj: &mut Obj) -> Budget {
    let mut budget = Budget::default();
    let Some(node) = r.take(obj, "render") else {
        return budget;
    };
    let Some(mut inner) = r.obj(node, "render.") else {
        return budget;
    };
    let line = inner.line();
    for (key, unit) in [("timeout", "seconds"), ("max_page_size", "bytes")] {
        match r.int(&mut inner, key) {
            Some(n) if n >= 1 => match key {
                "timeout" => budget.timeout = Duration::from_secs(n as u64),
                _ => budget.max_bytes = n as u64,
            },
            Some(_) => r.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("`render.{key}` must be a number of {unit} above 0"),
                )
                .at(line, 1)
                .field(format!("render.{key}")),
            ),
            None => {}
        }
    }
    r.finish(inner, &["timeout", "max_page_size"], "render");
    budget
}

pub fn read_count(r: &mut Reader, obj: &mut Obj, key: &str, default: usize) -> usize {
    let line = obj.line();
    match r.int(obj, key) {
        Some(n) if (1..=1000).contains(&n) => n as usize,
        Some(_) => {
            r.push(
                Diagnostic::error(CONFIG_FILE, format!("`{key}` must be between 1 and 1000"))
                    .at(line, 0)
                    .field(key),
            );
            default
        }
        None => default,
    }
}

pub fn read_front_matter_settings(r: &mut Reader, obj: &mut Obj) -> UnknownKeys {
    let Some(node) = r.take(obj, "front_matter") else {
        return UnknownKeys::Error;
    };
    let Some(mut inner) = r.obj(node, "front_matter.") else {
        return UnknownKeys::Error;
    };
    let policy = match r.take(&mut inner, "unknown_keys") {
        Some(value) => match value.as_str() {
            Some("error") => UnknownKeys::Error,
            Some("warning") | Some("warn") => UnknownKeys::Warning,
            _ => {
                r.error_at(
                    value,
                    "front_matter.unknown_keys",
                    "expected `error` or `warning`",
                );
                UnknownKeys::Error
            }
        },
        None => UnknownKeys::Error,
    };
    r.finish(inner, &["unknown_keys"], "front_matter");
    policy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_every_page_may_grow_with_the_site_and_no_further() {
        let base = Budget {
            timeout: Duration::from_secs(2),
            max_bytes: 1000,
        };
        assert_eq!(base.for_items(0), base);
        let big = base.for_items(100_000);
        assert_eq!(big.max_bytes, 1000 + 100_000 * 16 * 1024);
        assert_eq!(big.timeout, Duration::from_secs(2 + 1000));
        // Never wraps around to a small budget.
        let huge = Budget {
            timeout: Duration::MAX,
            max_bytes: u64::MAX,
        };
        assert_eq!(huge.for_items(usize::MAX), huge);
    }
}

/// `git:` in handbook.yaml: what the build takes from the repository's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSettings {
    /// Dates, authors and the changes page (`history: false` turns them off).
    pub history: bool,
    /// A redirect from each old address of a file git shows moved.
    pub redirects: bool,
}

impl Default for GitSettings {
    fn default() -> Self {
        GitSettings {
            history: true,
            redirects: true,
        }
    }
}

pub fn read_git_settings(r: &mut Reader, obj: &mut Obj) -> GitSettings {
    let mut git = GitSettings::default();
    let Some(node) = r.take(obj, "git") else {
        return git;
    };
    if let crate::source::frontmatter::Value::Bool(on) = node.value {
        git.history = on;
        git.redirects = on;
        return git;
    }
    let Some(mut inner) = r.obj(node, "git.") else {
        return git;
    };
    git.history = r.bool(&mut inner, "history").unwrap_or(true);
    git.redirects = r.bool(&mut inner, "redirects").unwrap_or(true);
    r.finish(inner, &["history", "redirects"], "git");
    git
}

/// `review:` in handbook.yaml: how often pages are reviewed when they do not say, by kind,
/// and whether every page needs an owner.
#[derive(Debug, Clone, Default)]
pub struct ReviewSettings {
    /// By kind name (`page`, `role`, ...); `*` for every kind not named.
    pub every: Vec<(String, jiff::Span)>,
    pub require_owner: bool,
}

impl ReviewSettings {
    pub fn every_for(&self, kind: &str) -> Option<jiff::Span> {
        let find = |k: &str| {
            self.every
                .iter()
                .find(|(name, _)| name == k)
                .map(|(_, s)| *s)
        };
        find(kind).or_else(|| find("*"))
    }
}

/// The kinds a site-wide review cadence may name. Events, plans and successes are dated
/// and have their own rhythm.
pub const REVIEWED_KINDS: &[&str] = &[
    "page",
    "section",
    "purpose",
    "ground-rules",
    "role",
    "person",
    "step",
];

pub fn read_review_settings(r: &mut Reader, obj: &mut Obj) -> ReviewSettings {
    let mut review = ReviewSettings::default();
    let Some(node) = r.take(obj, "review") else {
        return review;
    };
    let Some(mut inner) = r.obj(node, "review.") else {
        return review;
    };
    review.require_owner = r.bool(&mut inner, "require_owner").unwrap_or(false);
    if let Some(every) = r.take(&mut inner, "every") {
        let period = |r: &mut Reader, node: &crate::source::frontmatter::Node, field: &str| {
            let text = r.text_of(node, field)?;
            let span = crate::source::dates::parse_period(&text);
            if span.is_none() {
                r.push(
                    Diagnostic::error(CONFIG_FILE, format!("`{text}` is not a period"))
                        .at(node.line, node.column)
                        .field(field)
                        .hint("write it as `6 months`, `1 year` or `90 days`"),
                );
            }
            span
        };
        match &every.value {
            crate::source::frontmatter::Value::Map(entries) => {
                for (key, value) in entries {
                    let kind = crate::source::frontmatter::key_text(key);
                    let field = format!("review.every.{kind}");
                    if kind != "*" && !REVIEWED_KINDS.contains(&kind.as_str()) {
                        let hint = match crate::base::error::suggest(&kind, REVIEWED_KINDS) {
                            Some(near) => format!("did you mean `{near}`?"),
                            None => format!(
                                "name one of {}, or `*` for every kind",
                                REVIEWED_KINDS.join(", ")
                            ),
                        };
                        r.push(
                            Diagnostic::error(
                                CONFIG_FILE,
                                format!("`{kind}` is not a kind a review cadence applies to"),
                            )
                            .at(key.line, key.column)
                            .field(field)
                            .hint(hint),
                        );
                        continue;
                    }
                    if let Some(span) = period(r, value, &field) {
                        review.every.push((kind, span));
                    }
                }
            }
            _ => {
                if let Some(span) = period(r, every, "review.every") {
                    review.every.push(("*".to_string(), span));
                }
            }
        }
    }
    r.finish(inner, &["every", "require_owner"], "review");
    review
}
