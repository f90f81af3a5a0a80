//! The living handbook's views: a page's dates and authors from git, its owner, its review
//! status, and the changes page. Made once per render (`Living`), like the other views.

use super::contract::*;
use crate::model::review::{People, Since, owner_of, review_of};
use crate::model::{Page, Site};
use crate::source::git::{ChangeKind, CommitInfo};

/// The changes page's path and feed.
pub const CHANGES_PATH: &str = "changes/";
pub const CHANGES_FEED: &str = "changes.xml";

pub struct Living<'a> {
    site: &'a Site,
    people: People,
    today: jiff::civil::Date,
    /// Pages by their file, made when the changes page first needs them.
    by_rel: std::sync::OnceLock<ahash::AHashMap<&'a str, usize>>,
}

impl<'a> Living<'a> {
    pub fn new(site: &'a Site, now: jiff::Timestamp) -> Self {
        Living {
            site,
            people: People::of(site),
            today: now.to_zoned_datetime(site.config.timezone.clone()).date(),
            by_rel: std::sync::OnceLock::new(),
        }
    }

    fn person_link(&self, name: &str, email: &str, url: &dyn Fn(&str) -> String) -> PersonLink {
        match self.people.author(email) {
            Some(i) => PersonLink {
                name: self.site.pages[i].meta.title.clone(),
                url: Some(url(&self.site.pages[i].path)),
            },
            None => PersonLink {
                name: name.to_string(),
                url: None,
            },
        }
    }

    pub fn git(&self, page: &Page, url: &dyn Fn(&str) -> String) -> Option<GitView> {
        if !self.site.config.git.history {
            return None;
        }
        let file = self.site.git.as_ref()?.file(&page.rel)?;
        let zone = self.site.config.timezone.clone();
        let at = |seconds: i64| {
            jiff::Timestamp::from_second(seconds)
                .ok()
                .map(|t| t.to_zoned_datetime(zone.clone()))
        };
        let updated = at(file.updated)?;
        let mut authors: Vec<PersonLink> = Vec::new();
        for author in &file.authors {
            let link = self.person_link(&author.name, &author.email, url);
            // Two addresses of one person are one author.
            if !authors
                .iter()
                .any(|a| a.name == link.name && a.url == link.url)
            {
                authors.push(link);
            }
        }
        Some(GitView {
            updated: updated.date().to_string(),
            updated_at: updated.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            updated_text: super::dates::short(updated.date(), &self.site.config.language),
            created: at(file.created)
                .map(|z| z.date().to_string())
                .unwrap_or_default(),
            authors,
        })
    }

    pub fn owner(&self, page: &Page, url: &dyn Fn(&str) -> String) -> Option<OwnerView> {
        let owner = owner_of(self.site, &self.people, page)?;
        Some(OwnerView {
            url: owner.page.map(|i| url(&self.site.pages[i].path)),
            name: owner.name,
            handle: owner.handle,
            from: owner.from,
        })
    }

    pub fn review_status(&self, page: &Page) -> Option<ReviewStatus> {
        let review = review_of(self.site, page, self.today)?;
        Some(ReviewStatus {
            last: review.last.to_string(),
            since: since_word(review.since),
            every: crate::model::plan::span_words(review.every),
            next: review.next.to_string(),
            overdue: review.overdue,
        })
    }

    /// Every page with a review cadence, grouped by owner (by name; pages without an owner
    /// last), each group soonest first.
    pub fn schedule(&self, url: &dyn Fn(&str) -> String) -> Vec<ScheduleGroup> {
        let mut groups: Vec<ScheduleGroup> = Vec::new();
        for page in &self.site.pages {
            let Some(status) = self.review_status(page) else {
                continue;
            };
            let owner = self.owner(page, url);
            let item = ScheduledPage {
                title: page.meta.title.clone(),
                url: url(&page.path),
                source: format!("content/{}", page.rel),
                status,
            };
            let same = |g: &ScheduleGroup| {
                g.owner.as_ref().map(|o| (&o.name, &o.url))
                    == owner.as_ref().map(|o| (&o.name, &o.url))
            };
            match groups.iter_mut().find(|g| same(g)) {
                Some(group) => group.pages.push(item),
                None => groups.push(ScheduleGroup {
                    owner,
                    pages: vec![item],
                }),
            }
        }
        for group in &mut groups {
            group
                .pages
                .sort_by(|a, b| (&a.status.next, &a.url).cmp(&(&b.status.next, &b.url)));
        }
        groups.sort_by(|a, b| {
            let key = |g: &ScheduleGroup| {
                (
                    g.owner.is_none(),
                    g.owner.as_ref().map(|o| o.name.to_lowercase()),
                )
            };
            key(a).cmp(&key(b))
        });
        groups
    }

    /// Whether the site has a changes page: its history is known.
    pub fn has_changes(&self) -> bool {
        self.site.config.git.history && self.site.git.as_ref().is_some_and(|g| g.history.is_some())
    }

    /// The recent commits that changed content, grouped by day in the site's time zone.
    pub fn changes(&self, url: &dyn Fn(&str) -> String) -> Option<ChangesView> {
        if !self.has_changes() {
            return None;
        }
        let history = self.site.git.as_ref()?.history.as_ref()?;
        let mut days: Vec<ChangeDay> = Vec::new();
        for commit in &history.commits {
            let view = self.commit(commit, url);
            // A commit that changed only pages for members is not shown to the public at all:
            // its summary is likely to be about them.
            if view.files.is_empty()
                && commit
                    .changes
                    .iter()
                    .any(|c| self.left_out(&c.path, c.now.as_deref()))
            {
                continue;
            }
            let Some(when) = jiff::Timestamp::from_second(commit.time).ok() else {
                continue;
            };
            let day = when.to_zoned_datetime(self.site.config.timezone.clone());
            let date = day.date().to_string();
            match days.last_mut() {
                Some(last) if last.date == date => last.commits.push(view),
                _ => days.push(ChangeDay {
                    date_text: super::dates::long(day.date(), &self.site.config.language),
                    date,
                    commits: vec![view],
                }),
            }
        }
        Some(ChangesView {
            days,
            feed_url: url(CHANGES_FEED),
        })
    }

    /// Whether a changed file is for members only in a public build, under its name in
    /// the commit or now. (A file that was internal by its own front matter and is gone
    /// cannot be told apart; one below an internal folder can.)
    fn left_out(&self, path: &str, now: Option<&str>) -> bool {
        self.site.left_out_internal(path) || now.is_some_and(|n| self.site.left_out_internal(n))
    }

    pub fn commit(&self, commit: &CommitInfo, url: &dyn Fn(&str) -> String) -> CommitView {
        let site = self.site;
        let pages = self.by_rel.get_or_init(|| {
            (site.pages.iter().enumerate())
                .map(|(i, p)| (p.rel.as_str(), i))
                .collect()
        });
        let by_rel = |rel: &str| pages.get(rel).map(|&i| &site.pages[i]);
        let files = commit
            .changes
            .iter()
            .filter(|c| c.path.to_ascii_lowercase().ends_with(".md"))
            .filter(|c| !self.left_out(&c.path, c.now.as_deref()))
            .map(|c| {
                let page = c.now.as_deref().and_then(by_rel);
                let (change, from) = match &c.kind {
                    ChangeKind::Added => ("added", None),
                    ChangeKind::Modified => ("changed", None),
                    ChangeKind::Removed => ("removed", None),
                    ChangeKind::Moved { from } => ("moved", Some(from.clone())),
                };
                FileChangeView {
                    change,
                    title: page.map_or_else(
                        || {
                            crate::base::text::humanise(
                                c.path.rsplit('/').next().unwrap_or(&c.path),
                            )
                        },
                        |p| p.meta.title.clone(),
                    ),
                    url: page.map(|p| url(&p.path)),
                    path: c.path.clone(),
                    from,
                }
            })
            .collect();
        let time = jiff::Timestamp::from_second(commit.time)
            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default();
        CommitView {
            short_id: commit.id.chars().take(7).collect(),
            url: site
                .config
                .repository
                .as_deref()
                .map(|repo| format!("{}/commit/{}", repo.trim_end_matches('/'), commit.id)),
            id: commit.id.clone(),
            time,
            summary: commit.summary.clone(),
            author: self.person_link(&commit.author.name, &commit.author.email, url),
            files,
        }
    }
}

/// Whether `since` is a date the page carries, for messages.
pub fn since_word(since: Since) -> &'static str {
    match since {
        Since::Reviewed => "reviewed",
        Since::Updated => "updated",
        Since::Git => "git",
    }
}
