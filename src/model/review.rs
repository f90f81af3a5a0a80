//! Who keeps a page right and when it is next due for review: the owner (`owner:`, else the
//! page's rule in CODEOWNERS), the review cadence (`review_every`, else the site's default
//! for the kind) counted from `reviewed`, `updated` or the last commit, and git's authors
//! matched to people pages. The checks, the views and `review.json` all read these.

use super::{Data, Kind, Page, Site};
use jiff::civil::Date;
use std::collections::HashMap;

/// Who owns a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// A person's or role's name, or the handle, team or address CODEOWNERS gives.
    pub name: String,
    /// The owner's page, when they have one.
    pub page: Option<usize>,
    /// The GitHub handle (`@user`, `@org/team`), when CODEOWNERS named them so.
    pub handle: Option<String>,
    /// Where the owner comes from: `front matter` or `CODEOWNERS`.
    pub from: &'static str,
}

/// People pages by the e-mail and GitHub handle they give, to name git's authors and
/// CODEOWNERS' owners. Built once per build.
#[derive(Debug, Default)]
pub struct People {
    by_email: HashMap<String, usize>,
    by_handle: HashMap<String, usize>,
}

impl People {
    pub fn of(site: &Site) -> People {
        let mut people = People::default();
        for (i, page) in site.pages.iter().enumerate() {
            let Data::Person(person) = &*page.data else {
                continue;
            };
            if let Some(email) = &person.email {
                people.by_email.entry(email.to_lowercase()).or_insert(i);
            }
            if let Some(handle) = &person.github {
                people.by_handle.entry(handle.to_lowercase()).or_insert(i);
            }
        }
        people
    }

    /// A commit's author: by address, or by the handle in GitHub's private addresses
    /// (`123+ada@users.noreply.github.com`).
    pub fn author(&self, email: &str) -> Option<usize> {
        let email = email.to_lowercase();
        if let Some(&i) = self.by_email.get(&email) {
            return Some(i);
        }
        let local = email.strip_suffix("@users.noreply.github.com")?;
        let handle = local.rsplit('+').next()?;
        self.by_handle.get(handle).copied()
    }

    fn handle(&self, handle: &str) -> Option<usize> {
        self.by_handle.get(&handle.to_lowercase()).copied()
    }
}

/// A page's owner: its `owner:` (a person or role), else the first owner CODEOWNERS gives
/// its file.
pub fn owner_of(site: &Site, people: &People, page: &Page) -> Option<Owner> {
    if let Some((name, _, _)) = &page.meta.owner {
        let index = super::plan_refs::owner_index(site, name)?;
        return Some(Owner {
            name: site.pages[index].meta.title.clone(),
            page: Some(index),
            handle: None,
            from: "front matter",
        });
    }
    let git = site.git.as_ref()?;
    let rules = git.codeowners.as_ref()?;
    let first = rules.owners(&git.place.repo_path(&page.rel)).first()?;
    let index = match first.strip_prefix('@') {
        Some(handle) => people.handle(handle),
        None => people.author(first),
    };
    Some(Owner {
        name: index.map_or_else(|| first.clone(), |i| site.pages[i].meta.title.clone()),
        page: index,
        handle: first.starts_with('@').then(|| first.clone()),
        from: "CODEOWNERS",
    })
}

/// Where a page's last review date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    Reviewed,
    Updated,
    Git,
}

/// When a page is next due for review.
#[derive(Debug, Clone)]
pub struct Review {
    pub last: Date,
    pub since: Since,
    pub every: jiff::Span,
    pub next: Date,
    pub overdue: bool,
}

/// The day of the last commit that changed the page, in the site's time zone.
pub fn git_day(site: &Site, page: &Page) -> Option<Date> {
    if !site.config.git.history {
        return None;
    }
    let seconds = site.git.as_ref()?.file(&page.rel)?.updated;
    let ts = jiff::Timestamp::from_second(seconds).ok()?;
    Some(ts.to_zoned_datetime(site.config.timezone.clone()).date())
}

/// A page's cadence and next review; none without a cadence or a date to count from.
pub fn review_of(site: &Site, page: &Page, today: Date) -> Option<Review> {
    let reviewed_kind = crate::source::settings::REVIEWED_KINDS.contains(&page.kind.name());
    let every = page.meta.review_every.or_else(|| {
        reviewed_kind
            .then(|| site.config.review.every_for(page.kind.name()))
            .flatten()
    })?;
    if page.kind == Kind::Plan {
        return None;
    }
    let meta = &page.meta;
    let (last, since) = match (meta.reviewed, meta.updated) {
        (Some(d), _) => (d, Since::Reviewed),
        (None, Some(d)) => (d, Since::Updated),
        (None, None) => (git_day(site, page)?, Since::Git),
    };
    let next = last.checked_add(every).ok()?;
    Some(Review {
        last,
        since,
        every,
        next,
        overdue: next < today,
    })
}
