//! The Atom feed (RFC 4287): new and updated pages and events, newest first. Written by hand
//! like the sitemap; the tests read it back with Python's `feedparser`.

use crate::base::escape::xml as escape;
use crate::model::{Data, Kind, Site};
use crate::view::dates;
use jiff::Timestamp;

/// How many entries the feed carries.
const ENTRIES: usize = 50;

fn rfc3339(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// When a page counts as new or changed: its `updated` date; for an event without one, its
/// first start (the announcement). Pages with neither are not news.
fn changed_at(page: &crate::model::Page) -> Option<Timestamp> {
    let updated = page
        .meta
        .updated
        .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp());
    let own = match &*page.data {
        Data::Event(event) => Some(event.when.start().timestamp()),
        Data::Success(success) => success
            .date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp()),
        _ => None,
    };
    // A story is news on its day, and again when it is rewritten later.
    match (updated, own) {
        (Some(u), Some(o)) if matches!(&*page.data, Data::Success(_)) => Some(u.max(o)),
        (u, o) => u.or(o),
    }
}

/// An entry id that stays the same between builds: the page's address when the site has
/// one, else a tag URI (RFC 4151) made from its path.
pub fn entry_id(site: &Site, path: &str) -> String {
    if site.config.base_url.origin.is_empty() {
        format!(
            "tag:handbook.invalid,2026:{}{path}",
            site.config.base_url.path
        )
    } else {
        site.config.base_url.absolute(path)
    }
}

/// The feed of the whole handbook, `feed.xml`.
pub fn atom(site: &Site) -> String {
    let pages = site.pages.iter().filter(|p| p.kind != Kind::Section);
    write(site, &site.config.title, "feed.xml", pages)
}

/// The group's successes, newest first (`successes.xml`); `None` when it has none.
pub fn successes(site: &Site) -> Option<String> {
    let mut stories = site.pages_of_kind(Kind::Success).peekable();
    stories.peek()?;
    let title = format!("{}: successes", site.config.title);
    Some(write(site, &title, SUCCESS_FEED, stories))
}

use crate::view::progress::SUCCESS_FEED;

fn write<'s>(
    site: &'s Site,
    title: &str,
    file: &str,
    pages: impl Iterator<Item = &'s crate::model::Page>,
) -> String {
    let mut entries: Vec<(Timestamp, &crate::model::Page)> = pages
        .filter_map(|p| changed_at(p).map(|t| (t, p)))
        .collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.path.cmp(&b.1.path)));
    entries.truncate(ENTRIES);
    let config = &site.config;
    let updated = entries
        .first()
        .map(|e| e.0)
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    xml.push_str(&format!("  <title>{}</title>\n", escape(title)));
    if let Some(description) = &config.description {
        xml.push_str(&format!("  <subtitle>{}</subtitle>\n", escape(description)));
    }
    let feed_id = if file == "feed.xml" { "" } else { file };
    xml.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&entry_id(site, feed_id))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" href=\"{}\"/>\n",
        escape(&config.base_url.absolute(""))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&config.base_url.absolute(file))
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&config.title)
    ));
    xml.push_str(&format!(
        "  <generator>handbook {}</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for (at, page) in entries {
        push_entry(&mut xml, site, at, page);
    }
    xml.push_str("</feed>\n");
    xml
}

/// "Thursday 3 December 2026, 19:00 CET", in the site's language.
fn event_start(start: &jiff::ZonedDateTime, language: &str) -> String {
    let time = start.strftime("%H:%M %Z").to_string();
    dates::long_with_time(start.date(), &time, language)
}

/// One page as an entry: title, id, link, time of change, kind, summary (an event's date
/// first) and the body.
fn push_entry(xml: &mut String, site: &Site, at: Timestamp, page: &crate::model::Page) {
    let config = &site.config;
    xml.push_str("  <entry>\n");
    xml.push_str(&format!(
        "    <title>{}</title>\n",
        escape(&page.meta.title)
    ));
    xml.push_str(&format!(
        "    <id>{}</id>\n",
        escape(&entry_id(site, &page.path))
    ));
    xml.push_str(&format!(
        "    <link rel=\"alternate\" href=\"{}\"/>\n",
        escape(&config.base_url.absolute(&page.path))
    ));
    xml.push_str(&format!("    <updated>{}</updated>\n", rfc3339(at)));
    xml.push_str(&format!("    <category term=\"{}\"/>\n", page.kind.name()));
    let language = config.language.as_str();
    let summary = match (&page.meta.description, &*page.data) {
        (Some(d), Data::Event(e)) => format!("{} — {d}", event_start(e.when.start(), language)),
        (None, Data::Event(e)) => event_start(e.when.start(), language),
        (_, Data::Success(story)) => {
            let said = story.summary.as_ref().or(page.meta.description.as_ref());
            let day = dates::short(story.date, language);
            said.map(|s| format!("{day} — {s}")).unwrap_or(day)
        }
        (Some(d), _) => d.clone(),
        (None, _) => String::new(),
    };
    if !summary.is_empty() {
        xml.push_str(&format!("    <summary>{}</summary>\n", escape(&summary)));
    }
    xml.push_str(&format!(
        "    <content type=\"html\">{}</content>\n",
        escape(&page.content.html)
    ));
    xml.push_str("  </entry>\n");
}
