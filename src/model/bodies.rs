//! Every page's Markdown body rendered (in parallel), its links resolved to page URLs and
//! their `#anchors` checked. A rebuild reuses a body whose inputs have the same key, kept in
//! a `BodyCache` that the preview holds between rebuilds.

use super::links::{LeftOut, Targets, link_problems, resolve_link};
use super::markdown::{self, Rendered};
use super::parsed::Kind;
use super::site::{Page, Site};
use crate::base::error::Diagnostic;
use crate::base::key::{Key, key_of_bytes};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The ids a theme puts on every page of a kind (`main`, `reporting`): headings in the body
/// never take them. The theme contract decides them (`view::contract::reserved_ids`); the
/// pipeline hands them down, so the model does not depend on the view.
pub type ReservedIds = fn(Kind) -> &'static [&'static str];

/// Rendered bodies from an earlier build, by file, with the key they were made from.
/// Each entry: the key of the inputs, the body, and the key of the body's HTML.
pub type BodyCache = ahash::AHashMap<String, (Key, Arc<Rendered>, Key)>;

/// Everything besides its own text that a body's HTML depends on: where every page and file
/// is, and which files are drafts, unreadable or left out for members.
fn link_signature(site: &Site, left_out: &LeftOut) -> Key {
    let mut parts: Vec<&[u8]> = vec![site.config.base_url.path.as_bytes()];
    for page in &site.pages {
        parts.push(page.rel.as_bytes());
        parts.push(page.path.as_bytes());
    }
    parts.push(b"\0assets");
    parts.extend(site.assets.iter().map(|a| a.output.as_bytes()));
    parts.push(b"\0drafts");
    parts.extend(left_out.drafts.iter().map(|d| d.as_bytes()));
    parts.push(b"\0unreadable");
    parts.extend(left_out.unreadable.iter().map(|d| d.as_bytes()));
    let translations = site.translations.key.to_le_bytes();
    parts.push(&translations);
    parts.push(b"\0internal");
    parts.extend(left_out.internal_files.iter().map(|d| d.as_bytes()));
    parts.extend(left_out.internal_paths.keys().map(|d| d.as_bytes()));
    key_of_bytes(parts)
}

/// Renders every body in parallel, rewriting `.md` links to page URLs, then checks the
/// `#anchor` of every link against the headings of the page it points at. With a cache
/// (preview and watch), bodies whose key is unchanged are reused and the cache is refreshed;
/// without one (a one-off build), nothing is kept.
pub(super) fn render_bodies(
    site: &mut Site,
    left_out: &LeftOut,
    mut bodies: Option<&mut BodyCache>,
    reserved_ids: ReservedIds,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let signature = link_signature(site, left_out).to_le_bytes();
    // A one-off build owns each file's text: taken out here, each is let go as soon as its
    // body is rendered, so the Markdown and the HTML of a large site are never all held at
    // once. A rebuild's texts are shared with its cache and stay where they are.
    let owned: Vec<Option<String>> = site
        .pages
        .iter_mut()
        .map(|page| match (&bodies, Arc::get_mut(&mut page.parsed)) {
            (None, Some(parsed)) => Some(std::mem::take(&mut parsed.source.text)),
            _ => None,
        })
        .collect();
    let keys: Vec<Key> = site
        .pages
        .iter()
        .map(|page| {
            key_of_bytes([
                signature.as_slice(),
                page.rel.as_bytes(),
                page.kind.name().as_bytes(),
                &page.parsed.text_key.to_le_bytes(),
            ])
        })
        .collect();
    let rendered = {
        let links = Targets::of(site, left_out);
        let empty = BodyCache::new();
        let cached: &BodyCache = bodies.as_deref().unwrap_or(&empty);
        site.pages
            .par_iter()
            .zip(keys.par_iter())
            .zip(owned.into_par_iter())
            .map(|((page, key), owned)| match cached.get(&page.rel) {
                Some((old, body, html_key)) if old == key => (body.clone(), *html_key),
                _ => render_body(site, page, owned.as_deref(), &links, reserved_ids),
            })
            .collect::<Vec<_>>()
    };
    for ((page, (content, html_key)), key) in site.pages.iter_mut().zip(rendered).zip(keys) {
        if let Some(bodies) = bodies.as_deref_mut() {
            // In place: after a save, all but a few entries are the same as before.
            match bodies.get_mut(&page.rel) {
                Some(entry) if entry.0 == key && Arc::ptr_eq(&entry.1, &content) => {}
                Some(entry) => *entry = (key, content.clone(), html_key),
                None => {
                    bodies.insert(page.rel.clone(), (key, content.clone(), html_key));
                }
            }
        }
        page.content = content;
        page.content_key = html_key;
    }
    if let Some(bodies) = bodies
        && bodies.len() > site.pages.len()
    {
        // Files deleted or renamed, or turned into drafts.
        let current: BTreeSet<&str> = site.pages.iter().map(|p| p.rel.as_str()).collect();
        bodies.retain(|rel, _| current.contains(rel.as_str()));
    }
    diagnostics.extend(anchor_problems(site));
}

/// One page's body, from its own text when the build owns it (`owned`), else from the
/// parsed file it shares with the cache; with the key of its HTML.
fn render_body(
    site: &Site,
    page: &Page,
    owned: Option<&str>,
    links: &Targets,
    reserved_ids: ReservedIds,
) -> (Arc<Rendered>, Key) {
    let resolve = |dest: &str| resolve_link(dest, page, &site.pages, links);
    let markdown = match owned {
        Some(text) => text.get(page.parsed.body_start..).unwrap_or(""),
        None => page.parsed.body(),
    };
    let mut reserved: Vec<&str> = reserved_ids(page.kind).to_vec();
    reserved.extend(page.parsed.title_anchor.as_deref());
    let mut body = markdown::render_with(
        markdown,
        page.parsed.body_line,
        &reserved,
        markdown::Style {
            raw: site.config.raw_html,
            language: &site.config.language,
        },
        &resolve,
    );
    if let Some(id) = &page.parsed.title_anchor {
        // The heading that became the title keeps its id, at the top of the body.
        body.html
            .insert_str(0, &format!("<span id=\"{id}\"></span>"));
    }
    // Pages are re-rendered by what their HTML is, not by what it was made from: a new file
    // elsewhere changes every body's inputs but rarely its HTML.
    let html_key = key_of_bytes([body.html.as_bytes()]);
    (Arc::new(body), html_key)
}

/// Every link into a heading checked against the headings of the page it points at: tens of
/// thousands in a large site, so on every core, with a quick hash of our own paths. A page
/// has a dozen ids or so: a list is quicker to build and to search than a set.
fn anchor_problems(site: &Site) -> Vec<Diagnostic> {
    let anchors: ahash::AHashMap<&str, &[String]> = site
        .pages
        .iter()
        .map(|p| (p.rel.as_str(), p.content.anchors.as_slice()))
        .collect();
    let found: Vec<Vec<Diagnostic>> = site
        .pages
        .par_iter()
        .map(|page| link_problems(page, &anchors))
        .filter(|found| !found.is_empty())
        .collect();
    found.into_iter().flatten().collect()
}
