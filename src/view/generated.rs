//! The contexts of the pages handbook makes itself: 404, the review page, the progress and
//! changes pages, the printed handbook and the search page. Each has the same shape as a
//! page's context, so that the theme's base layout serves them all.

use super::Views;
use super::contract::*;
use super::{living, progress};

impl<'a> Views<'a> {
    /// The context of `404.html`: no section, and the home page's path so that links to
    /// the site's pages work from wherever the server shows it.
    pub fn not_found(&self) -> PageContext<'a> {
        self.generated_page("Page not found", "not-found", "404.html")
    }

    /// The review page: health findings sorted into what is due, roles that need people, and
    /// the rest. Left out of the navigation and the sitemap.
    pub fn review(&self) -> PageContext<'a> {
        let mut context = self.generated_page("Review", "review", "review/");
        let mut review = ReviewView {
            due: Vec::new(),
            roles: Vec::new(),
            other: Vec::new(),
            schedule: self.living.schedule(&|p| url(self.site, p)),
        };
        for finding in self.health {
            let Some(check) = finding.code else { continue };
            let page = self.site.pages.iter().find(|p| p.source == finding.path);
            let item = ReviewItem {
                title: page
                    .map(|p| p.meta.title.clone())
                    .unwrap_or_else(|| finding.path.display().to_string()),
                url: page.map(|p| url(self.site, &p.path)),
                source: finding.path.display().to_string(),
                reason: finding.message.clone(),
                check,
            };
            match check {
                "review-due" | "review-stale" | "plan-review-due" => review.due.push(item),
                "role-unheld" | "few-facilitators" => review.roles.push(item),
                _ => review.other.push(item),
            }
        }
        context.review = Some(review);
        context
    }

    /// The progress page: the purpose's goals, the plan and the successes (`progress/`).
    pub fn progress_page(&self) -> PageContext<'a> {
        let mut context = self.generated_page("Progress", "progress", progress::PROGRESS_PATH);
        context.progress = Some(self.progress.progress(&|p| url(self.site, p)));
        context
    }

    /// The changes page: recent commits that changed content (`changes/`).
    pub fn changes_page(&self) -> PageContext<'a> {
        let mut context = self.generated_page("What changed", "changes", living::CHANGES_PATH);
        context.changes = self.living.changes(&|p| url(self.site, p));
        context
    }

    /// The printable handbook: every page in reading order, in one document. Its `print`
    /// list is left empty here: the renderer fills it one `print_item` at a time, so that
    /// the views of ten thousand pages are never all held twice.
    pub fn print(&self) -> PageContext<'a> {
        self.generated_page("The whole handbook", "print", "print/")
    }

    /// The `n`th page of the printed handbook, `i` in the site, at `anchor`.
    pub fn print_item(&self, n: usize, i: usize, anchor: String) -> PrintItem<'a> {
        PrintItem {
            content: format!("{PRINT_PLACEHOLDER}{n}-->"),
            ids: reserved_ids(self.site.pages[i].kind),
            page: self.page(i),
            anchor,
        }
    }

    /// The search page: the box and the results, filled in by `search.js`.
    pub fn search(&self) -> PageContext<'a> {
        self.generated_page("Search", "search", "search/")
    }

    pub(super) fn generated_page(
        &self,
        title: &'a str,
        kind: &'static str,
        path: &'a str,
    ) -> PageContext<'a> {
        static NO_TAGS: Vec<String> = Vec::new();
        static NO_EXTRA: serde_json::Value = serde_json::Value::Null;
        let nav_here = self.nav_here(path);
        PageContext {
            page: PageView {
                title,
                description: None,
                kind,
                url: url(self.site, path),
                path,
                weight: None,
                updated: None,
                review_by: None,
                tags: &NO_TAGS,
                extra: &NO_EXTRA,
                source: String::new(),
                edit_url: None,
                role: None,
                person: None,
                step: None,
                event: None,
                ground_rules: None,
                purpose: None,
                plan: None,
                success: None,
                git: None,
                owner: None,
                review_status: None,
                internal: false,
                translations: Vec::new(),
            },
            content: "",
            toc: &[],
            section: None,
            pages: Vec::new(),
            prev: None,
            next: None,
            current_path: path,
            nav_here,
            nav_current: nav_here == path,
            breadcrumbs: self.breadcrumbs(path),
            review: None,
            print: Vec::new(),
            progress: None,
            changes: None,
        }
    }
}
