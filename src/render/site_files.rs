//! The site-wide files besides the pages: calendars, the theme's and the site's static
//! files, robots.txt, the sitemap, and the redirects from pages' old addresses.

use super::files::*;
use crate::model::{Kind, Site};
use crate::theme::Theme;
use std::collections::BTreeMap;

/// The calendars (one `event.ics` per event and `events.ics`); a rebuild reuses them while
/// no event's file, the settings and the build time are unchanged: with thousands of events
/// they were a third of a preview's rebuild.
pub(super) fn calendar_files(
    site: &Site,
    options: &RenderOptions,
    memo: Option<&mut OutputMemo>,
) -> Vec<OutputFile> {
    let Some(memo) = memo else {
        return calendars(site, options);
    };
    let key = super::keys::calendars_key(site, options.stamp);
    if let Some((old, files)) = &memo.calendars
        && *old == key
    {
        return files.clone();
    }
    let files: Vec<OutputFile> = calendars(site, options)
        .into_iter()
        .map(|file| match file.contents {
            Contents::Bytes(bytes) => OutputFile {
                path: file.path,
                contents: Contents::Shared(std::sync::Arc::new(bytes)),
            },
            _ => file,
        })
        .collect();
    memo.calendars = Some((key, files.clone()));
    files
}

/// `events.ics` with every event, and one `event.ics` beside each event page.
pub(super) fn calendars(site: &Site, options: &RenderOptions) -> Vec<OutputFile> {
    use crate::render::ics::{self, CalendarEvent, CalendarOptions, site_events};
    let base = &site.config.base_url;
    let host = base
        .origin
        .split_once("://")
        .map(|(_, h)| h)
        .unwrap_or("handbook.invalid");
    let calendar_options = CalendarOptions {
        name: &site.config.title,
        uid_domain: host,
        stamp: options.stamp,
    };
    let items: Vec<CalendarEvent> = site_events(site)
        .into_iter()
        .map(|(i, event)| CalendarEvent {
            page: &site.pages[i],
            event,
            url: if base.origin.is_empty() {
                String::new()
            } else {
                base.absolute(&site.pages[i].path)
            },
        })
        .collect();
    let (each, all) = ics::calendars(&items, &calendar_options);
    let mut files: Vec<OutputFile> = items
        .iter()
        .zip(each)
        .map(|(item, text)| OutputFile {
            path: format!("{}event.ics", item.page.path),
            contents: Contents::Bytes(text.into_bytes()),
        })
        .collect();
    files.push(OutputFile {
        path: "events.ics".into(),
        contents: Contents::Bytes(all.into_bytes()),
    });
    files
}

/// Theme files first, then the site's generated favicon and social card, then the site's
/// own files, which win on the same path.
pub(super) fn add_static(site: &Site, theme: &Theme, files: &mut Vec<OutputFile>) {
    let mut by_path: BTreeMap<String, Contents> = BTreeMap::new();
    for (path, file) in &theme.static_files {
        by_path.insert(path.clone(), Contents::Bytes(file.bytes.clone()));
    }
    let accent = theme
        .option_values
        .get("accent_color")
        .and_then(|v| v.as_str());
    for (path, bytes) in super::identity::files(site, accent) {
        by_path.insert(path, Contents::Bytes(bytes));
    }
    for asset in &site.assets {
        by_path.insert(asset.output.clone(), Contents::Copy(asset.path.clone()));
    }
    let generated: std::collections::BTreeSet<String> =
        files.iter().map(|f| f.path.clone()).collect();
    files.extend(
        by_path
            .into_iter()
            .filter(|(path, _)| !generated.contains(path))
            .map(|(path, contents)| OutputFile { path, contents }),
    );
}

/// Allows everything, names the sitemap (when the site has an absolute address, as the
/// Sitemap line requires) and keeps crawlers off the review page. The members' site asks
/// crawlers to stay away altogether (a request, not a lock: docs/publishing.md).
pub(super) fn robots(site: &Site) -> String {
    let base = &site.config.base_url;
    if site.config.audience == crate::source::config::Audience::Internal {
        return format!("User-agent: *\nDisallow: {}\n", base.path);
    }
    let mut text = format!("User-agent: *\nDisallow: {}review/\n", base.path);
    if !base.origin.is_empty() {
        text.push_str(&format!("\nSitemap: {}\n", base.absolute("sitemap.xml")));
    }
    text
}

pub(super) fn sitemap(site: &Site) -> String {
    let mut paths: Vec<(&str, Option<String>)> = site
        .pages
        .iter()
        .map(|p| (p.path.as_str(), p.meta.updated.map(|d| d.to_string())))
        .collect();
    for section in &site.sections {
        if section.index.is_none() {
            paths.push((section.path.as_str(), None));
        }
    }
    // The progress page is for sponsors and readers alike (the review page is not).
    if (site.pages.iter()).any(|p| matches!(p.kind, Kind::Plan | Kind::Success)) {
        paths.push((crate::view::progress::PROGRESS_PATH, None));
    }
    paths.sort();
    paths.dedup_by(|a, b| a.0 == b.0);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, updated) in paths {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&crate::base::escape::xml(
            &site.config.base_url.absolute(path),
        ));
        xml.push_str("</loc>\n");
        if let Some(date) = updated {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
/// A small page at each old address of a page (`aliases:`) that sends readers and search
/// engines on: a refresh at once, a canonical link, a visible link for readers whose browser
/// does not follow, and `noindex`, so the old address leaves search results.
pub(super) fn redirects(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for page in &site.pages {
        for alias in &page.meta.aliases {
            files.push(redirect(site, page, alias.output()));
        }
    }
    files.extend(
        moved(site)
            .into_iter()
            .map(|(page, output)| redirect(site, page, output)),
    );
    files
}

/// The old addresses of files git shows moved, each with the page it moved to: only those
/// no page, folder list, file, alias or page of handbook's own uses now.
fn moved(site: &Site) -> Vec<(&crate::model::Page, String)> {
    let Some(history) = site.git.as_ref().and_then(|g| g.history.as_ref()) else {
        return Vec::new();
    };
    if !site.config.git.redirects || history.moves.is_empty() {
        return Vec::new();
    }
    use crate::model::site::{comparable, page_path};
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for page in &site.pages {
        taken.insert(comparable(&format!("{}index.html", page.path)));
        taken.extend(page.meta.aliases.iter().map(|a| comparable(&a.output())));
    }
    for section in &site.sections {
        taken.insert(comparable(&format!("{}index.html", section.path)));
    }
    taken.extend(site.assets.iter().map(|a| comparable(&a.output)));
    let history_known = site.config.git.history;
    let (paths, generated) = crate::model::site::generated(&site.pages, history_known);
    taken.extend(paths.iter().map(|p| format!("{p}index.html")));
    taken.extend(generated.iter().map(|(f, _)| f.to_string()));
    let by_rel: ahash::AHashMap<&str, &crate::model::Page> =
        site.pages.iter().map(|p| (p.rel.as_str(), p)).collect();
    let mut out = Vec::new();
    for moved in &history.moves {
        let Some(page) = by_rel.get(moved.to.as_str()) else {
            continue;
        };
        // An old name for members only is not published as an address (its folder's
        // name may say what it held).
        if !moved.from.to_ascii_lowercase().ends_with(".md") || site.left_out_internal(&moved.from)
        {
            continue;
        }
        // In a translation, its old address in that language's site.
        let (_, from) = site.translations.of_file(&moved.from);
        let old = page_path(&from, Kind::from_path(&from), None);
        let output = format!("{old}index.html");
        if taken.insert(comparable(&output)) {
            out.push((*page, output));
        }
    }
    out
}

/// A small page at an old address that sends readers and search engines on.
fn redirect(site: &Site, page: &crate::model::Page, output: String) -> OutputFile {
    use crate::base::escape::xml;
    let base = &site.config.base_url;
    let target = format!("{}{}", base.path, page.path);
    let href = if site.config.relative_links {
        crate::render::relative::relative_url(&target, &output, &base.path)
            .unwrap_or_else(|| target.clone())
    } else {
        target.clone()
    };
    let canonical = if base.origin.is_empty() {
        href.clone()
    } else {
        base.absolute(&page.path)
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<main>\n\
         <h1>This page has moved</h1>\n\
         <p>It is now at <a href=\"{href}\">{title}</a>.</p>\n</main>\n</body>\n</html>\n",
        lang = xml(&site.config.language),
        title = xml(&page.meta.title),
        canonical = xml(&canonical),
        href = xml(&href),
    );
    OutputFile {
        path: output,
        contents: Contents::Bytes(html.into_bytes()),
    }
}
