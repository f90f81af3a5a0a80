//! The living handbook's site-wide files: `changes.xml` (an Atom feed of the commits that
//! changed content), `review.json` (every page's review schedule and owner, for a bot that
//! reminds owners; docs/review.schema.json), and redirects from the old addresses of pages
//! git shows moved.

use crate::base::escape::xml as escape;
use crate::model::Site;
use crate::render::feed::entry_id as feed_id;
use crate::view::contract::{CommitView, OwnerView, ScheduledPage};
use crate::view::living::{CHANGES_FEED, Living};
use serde::Serialize;

/// The version of `review.json`'s schema.
pub const REVIEW_SCHEMA_VERSION: u32 = 1;

pub const REVIEW_JSON: &str = "review.json";

/// `changes.xml`, when the site's history is known.
pub fn changes_feed(site: &Site, living: &Living) -> Option<String> {
    let absolute = |path: &str| site.config.base_url.absolute(path);
    let changes = living.changes(&absolute)?;
    let commits: Vec<&CommitView> = changes.days.iter().flat_map(|d| &d.commits).collect();
    let config = &site.config;
    let updated = commits
        .first()
        .map_or("1970-01-01T00:00:00Z", |c| c.time.as_str());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    xml.push_str(&format!(
        "  <title>{}: what changed</title>\n",
        escape(&config.title)
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&feed_id(site, CHANGES_FEED))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" href=\"{}\"/>\n",
        escape(&absolute(crate::view::living::CHANGES_PATH))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&absolute(CHANGES_FEED))
    ));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&config.title)
    ));
    for commit in commits {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&commit.summary)));
        xml.push_str(&format!(
            "    <id>{}</id>\n",
            escape(&feed_id(site, &format!("changes/{}", commit.id)))
        ));
        let link = commit
            .url
            .clone()
            .unwrap_or_else(|| absolute(crate::view::living::CHANGES_PATH));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" href=\"{}\"/>\n",
            escape(&link)
        ));
        xml.push_str(&format!("    <updated>{}</updated>\n", commit.time));
        xml.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape(&commit.author.name)
        ));
        let mut html = String::from("<ul>");
        for file in &commit.files {
            let title = match &file.url {
                Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(&file.title)),
                None => escape(&file.title).into_owned(),
            };
            html.push_str(&format!("<li>{}: {title}</li>", file.change));
        }
        html.push_str("</ul>");
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape(&html)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

#[derive(Serialize)]
struct ReviewDocument<'a> {
    version: u32,
    as_of: String,
    site: SiteRef<'a>,
    /// How many pages are past their next review.
    overdue: usize,
    pages: Vec<ReviewEntry>,
}

#[derive(Serialize)]
struct SiteRef<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ReviewEntry {
    #[serde(flatten)]
    page: ScheduledPage,
    owner: Option<OwnerView>,
}

/// `review.json`: every page with a review cadence, soonest first, with its owner.
pub fn review_json(site: &Site, living: &Living, today: jiff::civil::Date) -> Vec<u8> {
    let absolute = |path: &str| site.config.base_url.absolute(path);
    let mut pages: Vec<ReviewEntry> = living
        .schedule(&absolute)
        .into_iter()
        .flat_map(|group| {
            let owner = group.owner;
            group.pages.into_iter().map(move |page| ReviewEntry {
                page,
                owner: owner.clone(),
            })
        })
        .collect();
    pages.sort_by(|a, b| {
        (&a.page.status.next, &a.page.url).cmp(&(&b.page.status.next, &b.page.url))
    });
    let document = ReviewDocument {
        version: REVIEW_SCHEMA_VERSION,
        as_of: today.to_string(),
        site: SiteRef {
            title: &site.config.title,
            url: absolute(""),
        },
        overdue: pages.iter().filter(|p| p.page.status.overdue).count(),
        pages,
    };
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
