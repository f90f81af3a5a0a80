//! Builds what templates receive (the types are the theme contract, in `contract.rs`) from
//! the model. Everything is computed here, before any template runs, so no template function
//! needs to reach back into the site.

use crate::model::kinds::{Contact, GroundRules, Role};
use crate::model::site::neighbours;
use crate::model::{Data, Kind, Page, Section, Site};
use std::collections::BTreeMap;

mod cadence;
pub mod contract;
mod contract_progress;
pub mod dates;
mod event;
mod generated;
pub mod living;
pub mod progress;

use contract::*;
use event::Events;

/// Precomputed lookups shared by every page's view.
pub struct Views<'a> {
    site: &'a Site,
    now: jiff::Timestamp,
    /// Where the site's calendar lives, for `webcal:` links: none without an absolute `base_url`.
    webcal: Option<String>,
    /// Person slug -> roles they hold.
    roles_of: BTreeMap<&'a str, Vec<Link>>,
    step_numbers: BTreeMap<usize, usize>,
    /// The health findings of this build, for the review page.
    health: &'a [crate::base::error::Diagnostic],
    /// Plans, successes and the progress page.
    pub progress: progress::Progress<'a>,
    /// Dates and authors from git, owners, reviews, the changes page.
    pub living: living::Living<'a>,
    /// The paths of the top navigation's items, in its order: each page's `nav_here` is
    /// found here once, so that a template's menu compares one string an item.
    nav_paths: Vec<&'a str>,
    /// Each section by its path (the first, if two share one), for breadcrumbs: searching
    /// every section for every crumb of every page grew with pages times sections.
    section_at: ahash::AHashMap<&'a str, usize>,
    /// Each section as a breadcrumb, made once rather than once for each page below it.
    crumbs: Vec<Link>,
}

impl<'a> Views<'a> {
    fn events(&self) -> Events<'a> {
        Events {
            site: self.site,
            now: self.now,
        }
    }

    pub fn new(
        site: &'a Site,
        now: jiff::Timestamp,
        health: &'a [crate::base::error::Diagnostic],
    ) -> Self {
        let mut roles_of: BTreeMap<&str, Vec<Link>> = BTreeMap::new();
        let mut step_numbers = BTreeMap::new();
        for section in &site.sections {
            for &i in &section.pages {
                let page = &site.pages[i];
                if let Data::Role(role) = &*page.data {
                    for slug in role.holders.iter().filter_map(|h| h.person.as_deref()) {
                        roles_of.entry(slug).or_default().push(Link {
                            title: page.meta.title.clone(),
                            url: url(site, &page.path),
                        });
                    }
                }
            }
        }
        let steps: Vec<usize> = ordered_of_kind(site, Kind::Step);
        for (n, i) in steps.into_iter().enumerate() {
            step_numbers.insert(i, n + 1);
        }
        let base = &site.config.base_url;
        let webcal = base
            .origin
            .split_once("://")
            .map(|(_, host)| format!("webcal://{host}{}events.ics", base.path));
        Views {
            site,
            now,
            webcal,
            roles_of,
            step_numbers,
            health,
            progress: progress::Progress::new(site, now),
            living: living::Living::new(site, now),
            nav_paths: nav_entries(site)
                .into_iter()
                .map(|(_, path)| path)
                .collect(),
            section_at: (site.sections.iter().enumerate().rev())
                .map(|(s, section)| (section.path.as_str(), s))
                .collect(),
            crumbs: (site.sections.iter())
                .map(|s| Link {
                    title: s.title.clone(),
                    url: url(site, &s.path),
                })
                .collect(),
        }
    }

    /// The paths of the top navigation's items, in its order.
    pub fn nav_paths(&self) -> &[&'a str] {
        &self.nav_paths
    }

    /// The path of the top navigation's item that is the page at `path` or holds it (the
    /// longest such path), or "" when none does.
    pub fn nav_here(&self, path: &str) -> &'a str {
        self.nav_paths
            .iter()
            .copied()
            // An item at the top ("") holds every page but is only ever current itself.
            .filter(|item| path.starts_with(item) && (!item.is_empty() || path.is_empty()))
            .max_by_key(|item| item.len())
            .unwrap_or("")
    }

    pub fn site(&self) -> SiteView<'a> {
        let site = self.site;
        let config = &site.config;
        let of_kind = |kind| -> Vec<PageView<'a>> {
            ordered_of_kind(site, kind)
                .into_iter()
                .map(|i| self.page(i))
                .collect()
        };
        let (upcoming, past) = self.event_listing(
            &ordered_of_kind(site, Kind::Event),
            Some(config.upcoming_events),
        );
        let steps = of_kind(Kind::Step);
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            base_path: &config.base_url.path,
            base_url: config.base_url.absolute(""),
            timezone: &config.timezone_name,
            repository: config.repository.as_deref(),
            logo_url: config.logo.as_ref().map(|(logo, _)| url(site, logo)),
            favicon_url: url(site, contract::FAVICON),
            social_image_url: (!config.base_url.origin.is_empty())
                .then(|| config.base_url.absolute(contract::SOCIAL_CARD)),
            nav: self.nav(),
            purpose: site
                .pages_of_kind(Kind::Purpose)
                .next()
                .and_then(|p| self.purpose(p)),
            roles: of_kind(Kind::Role),
            people: of_kind(Kind::Person),
            // Readers arriving at the home page need "how to join" (a top-level how-to-join.md
            // or join.md); the start-up steps are the organisers' own list.
            start_here: site
                .pages
                .iter()
                .find(|p| matches!(p.rel.as_str(), "how-to-join.md" | "join.md"))
                .map(|p| Link {
                    title: p.meta.title.clone(),
                    url: url(site, &p.path),
                })
                .or_else(|| {
                    steps.first().map(|s| Link {
                        title: s.title.to_string(),
                        url: s.url.clone(),
                    })
                }),
            steps,
            upcoming_events: upcoming,
            past_events: past,
            calendar_url: url(site, "events.ics"),
            webcal_url: self.webcal.clone(),
            generator: concat!("handbook ", env!("CARGO_PKG_VERSION")),
            progress_url: (self.progress.has_progress())
                .then(|| url(site, progress::PROGRESS_PATH)),
            successes_feed_url: site
                .pages_of_kind(Kind::Success)
                .next()
                .map(|_| url(site, progress::SUCCESS_FEED)),
            changes_url: self
                .living
                .has_changes()
                .then(|| url(site, living::CHANGES_PATH)),
            relative: config.relative_links,
            dir: config.languages[config.lang].dir(),
            languages: language_links(site, site.translations.homes()),
            internal: config.audience == crate::source::config::Audience::Internal,
        }
    }

    /// The top level only: top-level pages and sections in reading order. Each page shows
    /// its own section's pages separately, so the navigation grows with sections, not pages.
    fn nav(&self) -> Vec<NavItem> {
        nav_entries(self.site)
            .into_iter()
            .map(|(title, path)| nav_item(self.site, title, path))
            .collect()
    }

    pub fn page(&self, index: usize) -> PageView<'a> {
        let site = self.site;
        let page = &site.pages[index];
        let meta = &page.meta;
        PageView {
            title: &meta.title,
            description: meta.description.as_deref(),
            kind: page.kind.name(),
            url: url(site, &page.path),
            path: &page.path,
            weight: meta.weight,
            updated: meta.updated.map(|d| d.to_string()),
            review_by: meta.review_by.map(|d| d.to_string()),
            tags: &meta.tags,
            extra: &meta.extra,
            source: format!("content/{}", page.rel),
            edit_url: config_edit_url(site, &page.rel),
            role: match &*page.data {
                Data::Role(role) => Some(self.role(role)),
                _ => None,
            },
            person: match &*page.data {
                Data::Person(person) => Some(PersonView {
                    photo_url: photo_url(site, person),
                    initials: crate::base::text::initials(
                        person.name.as_deref().unwrap_or(&meta.title),
                    ),
                    name: person.name.as_deref().unwrap_or(&meta.title),
                    pronouns: person.pronouns.as_deref(),
                    contact: person.contact.as_deref(),
                    timezone: person.timezone.as_deref(),
                    roles: self.roles_of.get(page.slug()).cloned().unwrap_or_default(),
                }),
                _ => None,
            },
            step: match &*page.data {
                Data::Step(step) => Some(StepView {
                    number: self.step_numbers.get(&index).copied().unwrap_or(0),
                    fields: step,
                }),
                _ => None,
            },
            event: match &*page.data {
                Data::Event(event) => Some(self.events().event(page, event)),
                _ => None,
            },
            ground_rules: match &*page.data {
                Data::GroundRules(rules) => Some(self.ground_rules(rules)),
                _ => None,
            },
            purpose: self.purpose(page),
            plan: match &*page.data {
                Data::Plan(plan) => Some(self.progress.plan(page, plan, &|p| url(site, p))),
                _ => None,
            },
            success: match &*page.data {
                Data::Success(success) => Some(self.progress.success(success, &|p| url(site, p))),
                _ => None,
            },
            git: self.living.git(page, &|p| url(site, p)),
            owner: self.living.owner(page, &|p| url(site, p)),
            review_status: self.living.review_status(page),
            internal: site.is_internal(page),
            translations: language_links(site, site.translations.versions(&page.place)),
        }
    }

    fn purpose(&self, page: &'a Page) -> Option<PurposeView<'a>> {
        match &*page.data {
            Data::Purpose(purpose) => Some(PurposeView {
                statement: purpose.statement(),
                url: url(self.site, &page.path),
                fields: purpose,
            }),
            _ => None,
        }
    }

    pub fn holder(&self, contact: &Contact) -> HolderView {
        let person = contact
            .person
            .as_deref()
            .and_then(|slug| self.site.person_by_slug(slug));
        let person_data = person.and_then(|p| match &*p.data {
            Data::Person(data) => Some(data),
            _ => None,
        });
        let name = contact
            .name
            .clone()
            .or_else(|| person.map(|p| p.meta.title.clone()))
            .or_else(|| contact.person.clone())
            .unwrap_or_default();
        HolderView {
            initials: crate::base::text::initials(&name),
            name,
            url: person.map(|p| url(self.site, &p.path)),
            contact: contact
                .contact
                .clone()
                .or_else(|| person_data.and_then(|d| d.contact.clone())),
            pronouns: person_data.and_then(|d| d.pronouns.clone()),
            since: contact.since.clone(),
            photo_url: person_data.and_then(|d| photo_url(self.site, d)),
        }
    }

    fn ground_rules(&self, rules: &'a GroundRules) -> GroundRulesView<'a> {
        GroundRulesView {
            rules: &rules.rules,
            reporting: rules.reporting.as_ref().map(|r| ReportingView {
                how: r.how.as_deref(),
                contacts: r.contacts.iter().map(|c| self.holder(c)).collect(),
                after: r.after.as_deref(),
            }),
        }
    }

    fn role(&self, role: &'a Role) -> RoleView<'a> {
        RoleView {
            summary: role.summary.as_deref(),
            holders: role.holders.iter().map(|h| self.holder(h)).collect(),
            responsibilities: &role.responsibilities,
            time_commitment: role.time_commitment.as_deref(),
            core: role.core,
        }
    }

    pub fn context(&self, index: usize) -> PageContext<'a> {
        let mut context = self.context_without_body(index);
        let page = &self.site.pages[index];
        context.content = &page.content.html;
        context.section = (self.site.section_index(index))
            .map(|s| self.section_around(&self.site.sections[s], Some(index)));
        context
    }

    /// A page's context without its body and its section: the parts that are cheap to key.
    /// A rebuild keys the body and the section separately (`Page::content_key`, one key per
    /// section), so that deciding whether a page must render again costs little.
    pub fn context_without_body(&self, index: usize) -> PageContext<'a> {
        let site = self.site;
        let page = &site.pages[index];
        let (prev, next) = neighbours(site, index);
        let link = |i: usize| Link {
            title: site.pages[i].meta.title.clone(),
            url: url(site, &site.pages[i].path),
        };
        let nav_here = self.nav_here(&page.path);
        let mut page_view = self.page(index);
        if let (Some(view), Data::Event(event)) = (page_view.event.as_mut(), &*page.data) {
            view.json_ld = self.events().json_ld(page, event, view);
        }
        PageContext {
            page: page_view,
            content: "",
            toc: &page.content.toc,
            section: None,
            pages: match page.kind {
                Kind::Section => (site.section_index(index))
                    .map(|s| self.section_pages(&site.sections[s]))
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            prev: prev.map(link),
            next: next.map(link),
            current_path: &page.path,
            nav_here,
            nav_current: nav_here == page.path,
            breadcrumbs: self.breadcrumbs(&page.path),
            review: None,
            print: Vec::new(),
            progress: None,
            changes: None,
        }
    }

    /// A section without an `index.md` still gets a list page, with the same context shape
    /// as any page so that one template serves both.
    pub fn section_context(&self, section: &'a Section) -> PageContext<'a> {
        let mut context = self.generated_page(&section.title, "section", &section.path);
        context.page.weight = Some(section.weight);
        context.section = Some(self.section(section));
        context.pages = self.section_pages(section);
        context
    }

    /// Full views of a section's pages; events upcoming first (soonest first), then past
    /// (latest first).
    pub fn section_pages(&self, section: &'a Section) -> Vec<PageView<'a>> {
        if section.dir != "events" {
            return section.pages.iter().map(|&i| self.page(i)).collect();
        }
        let (upcoming, past) = self.event_listing(&section.pages, None);
        upcoming.into_iter().chain(past).collect()
    }

    pub fn section(&self, section: &'a Section) -> SectionView<'a> {
        self.section_around(section, None)
    }

    /// A section's view for one of its pages: in a large section, only the pages around it.
    pub fn section_around(&self, section: &'a Section, page: Option<usize>) -> SectionView<'a> {
        let site = self.site;
        let at = page.and_then(|p| section.pages.iter().position(|&i| i == p));
        let shown = shown_around(section, at);
        let links = section.pages[shown]
            .iter()
            .map(|&i| nav_item(site, &site.pages[i].meta.title, &site.pages[i].path))
            .collect();
        SectionView {
            title: &section.title,
            url: url(self.site, &section.path),
            dir: &section.dir,
            total: section.pages.len(),
            links,
            subsections: section
                .subsections
                .iter()
                .map(|&s| {
                    let s = &self.site.sections[s];
                    Link {
                        title: s.title.clone(),
                        url: url(self.site, &s.path),
                    }
                })
                .collect(),
        }
    }

    fn breadcrumbs(&self, path: &str) -> Vec<Link> {
        let mut crumbs = Vec::new();
        let mut prefix = String::new();
        let parts: Vec<&str> = path
            .trim_end_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        for part in parts.iter().take(parts.len().saturating_sub(1)) {
            prefix.push_str(part);
            prefix.push('/');
            if let Some(&s) = self.section_at.get(prefix.as_str()) {
                crumbs.push(self.crumbs[s].clone());
            }
        }
        crumbs
    }

    /// Listing items for events: every upcoming occurrence (at most `upcoming_occurrences` per
    /// cadence, and at most `limit` in all) soonest first; past single events and ended
    /// cadences latest first. Which occurrences are listed is decided before any view is
    /// made: the home page lists five of thousands.
    fn event_listing(
        &self,
        indices: &[usize],
        limit: Option<usize>,
    ) -> (Vec<PageView<'a>>, Vec<PageView<'a>>) {
        // (start, page, occurrence), in page order, then sorted: ties keep that order.
        let mut upcoming: Vec<(jiff::Timestamp, usize, usize)> = Vec::new();
        let mut past = Vec::new();
        for &i in indices {
            let Data::Event(event) = &*self.site.pages[i].data else {
                continue;
            };
            let occurrences = event.occurrences();
            let per_event = if event.recurrence.is_some() {
                self.site.config.upcoming_occurrences
            } else {
                1
            };
            let before = upcoming.len();
            upcoming.extend(
                occurrences
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.when.end().timestamp() > self.now)
                    .take(per_event)
                    .map(|(k, o)| (o.when.start().timestamp(), i, k)),
            );
            if upcoming.len() == before
                && let Some(last) = occurrences.last()
            {
                past.push((last.when.start().timestamp(), i, occurrences.len() - 1));
            }
        }
        upcoming.sort_by_key(|item| item.0);
        upcoming.truncate(limit.unwrap_or(usize::MAX));
        past.sort_by_key(|item| std::cmp::Reverse(item.0));
        let mut bases: std::collections::HashMap<usize, PageView<'a>> = Default::default();
        let mut view = |&(_, i, k): &(jiff::Timestamp, usize, usize)| {
            let page = &self.site.pages[i];
            let Data::Event(event) = &*page.data else {
                return None;
            };
            let occurrences = event.occurrences();
            let mut item = bases.entry(i).or_insert_with(|| self.page(i)).clone();
            item.event = Some(
                self.events()
                    .event_at(page, event, &occurrences[k], occurrences),
            );
            Some(item)
        };
        let upcoming = upcoming.iter().filter_map(&mut view).collect();
        let past = past.iter().filter_map(&mut view).collect();
        (upcoming, past)
    }
}

fn config_edit_url(site: &Site, rel: &str) -> Option<String> {
    site.config.edit_url.as_ref().map(|base| {
        let base = if base.ends_with('/') {
            base.clone()
        } else {
            format!("{base}/")
        };
        format!("{base}content/{rel}")
    })
}

/// Which of `section`'s pages its menu shows on the page at position `at` among them (all
/// of them, or the `NAV_AROUND` on either side in a section of more than `NAV_ALL`).
pub fn shown_around(section: &Section, at: Option<usize>) -> std::ops::Range<usize> {
    let len = section.pages.len();
    match at {
        Some(at) if len > NAV_ALL => at.saturating_sub(NAV_AROUND)..(at + NAV_AROUND + 1).min(len),
        _ => 0..len,
    }
}

/// The top navigation's items as (title, path): top-level pages and sections, by weight,
/// then title.
fn nav_entries(site: &Site) -> Vec<(&str, &str)> {
    let root = &site.sections[0];
    let mut items: Vec<(i64, String, &str, &str)> = root
        .pages
        .iter()
        .map(|&i| &site.pages[i])
        .map(|p| {
            let weight = p
                .meta
                .weight
                .unwrap_or_else(|| crate::model::site::default_weight(p.kind.name()));
            (
                weight,
                p.meta.title.to_lowercase(),
                p.meta.title.as_str(),
                p.path.as_str(),
            )
        })
        .collect();
    items.extend(root.subsections.iter().map(|&s| {
        let s = &site.sections[s];
        (
            s.weight,
            s.title.to_lowercase(),
            s.title.as_str(),
            s.path.as_str(),
        )
    }));
    items.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    items
        .into_iter()
        .map(|(_, _, title, path)| (title, path))
        .collect()
}

/// A page or section as a link in a menu.
fn nav_item(site: &Site, title: &str, path: &str) -> NavItem {
    NavItem {
        title: title.to_string(),
        url: url(site, path),
        path: path.to_string(),
    }
}

fn ordered_of_kind(site: &Site, kind: Kind) -> Vec<usize> {
    site.sections
        .iter()
        .flat_map(|s| s.pages.iter().copied())
        .filter(|&i| site.pages[i].kind == kind)
        .collect()
}

/// Versions of a page for the templates, the site's own language marked; none when the
/// handbook has one language.
fn language_links(
    site: &Site,
    versions: Vec<crate::model::translations::Version>,
) -> Vec<LanguageLink> {
    versions
        .into_iter()
        .map(|v| LanguageLink {
            code: v.language.code.clone(),
            name: v.language.name.clone(),
            dir: v.language.dir(),
            current: v.lang == site.config.lang,
            url: v.url,
            absolute_url: v.absolute_url,
        })
        .collect()
}

/// A person's picture's address, when their page names one.
fn photo_url(site: &Site, person: &crate::model::kinds::Person) -> Option<String> {
    person.photo.as_ref().map(|(photo, _, _)| url(site, photo))
}
