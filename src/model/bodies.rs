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
pub type BodyCache = ahash::AHashMap<String, BodyEntry>;

/// One file's body as last rendered.
#[derive(Debug)]
pub struct BodyEntry {
    /// The key of the inputs.
    key: Key,
    body: Arc<Rendered>,
    /// The key of the body's HTML.
    html_key: Key,
    /// What checking its links' headings found, against every page's headings as they were.
    problems: Option<Arc<Vec<Diagnostic>>>,
}

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
                Some(entry) if entry.key == *key => (entry.body.clone(), entry.html_key),
                _ => render_body(site, page, owned.as_deref(), &links, reserved_ids),
            })
            .collect::<Vec<_>>()
    };
    // A page's heading checks depend on its own body and on every page's headings. When the
    // same pages are there and every body that changed kept its headings, the checks of the
    // bodies that did not change still hold, and only the others are made again.
    let mut headings_hold = bodies
        .as_deref()
        .is_some_and(|b| b.len() == site.pages.len());
    let mut held: Vec<Option<Arc<Vec<Diagnostic>>>> = Vec::with_capacity(site.pages.len());
    for ((page, (content, html_key)), key) in site.pages.iter_mut().zip(rendered).zip(keys) {
        if let Some(bodies) = bodies.as_deref_mut() {
            // In place: after a save, all but a few entries are the same as before.
            let fresh = |problems| BodyEntry {
                key,
                body: content.clone(),
                html_key,
                problems,
            };
            match bodies.get_mut(&page.rel) {
                Some(entry) if entry.key == key && Arc::ptr_eq(&entry.body, &content) => {
                    held.push(entry.problems.clone());
                }
                Some(entry) => {
                    headings_hold &= entry.body.anchors == content.anchors;
                    held.push(None);
                    *entry = fresh(None);
                }
                None => {
                    headings_hold = false;
                    bodies.insert(page.rel.clone(), fresh(None));
                }
            }
        }
        page.content = content;
        page.content_key = html_key;
    }
    if !headings_hold {
        held.clear();
    }
    let found = anchor_problems(site, &held);
    if let Some(bodies) = bodies {
        for (page, problems) in site.pages.iter().zip(&found) {
            if let Some(entry) = bodies.get_mut(&page.rel) {
                entry.problems = Some(problems.clone());
            }
        }
        if bodies.len() > site.pages.len() {
            // Files deleted or renamed, or turned into drafts.
            let current: BTreeSet<&str> = site.pages.iter().map(|p| p.rel.as_str()).collect();
            bodies.retain(|rel, _| current.contains(rel.as_str()));
        }
    }
    diagnostics.extend(found.iter().flat_map(|problems| problems.iter().cloned()));
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
/// Each page's, in order; those in `held` (by page, where it has them) are taken as they are.
fn anchor_problems(
    site: &Site,
    held: &[Option<Arc<Vec<Diagnostic>>>],
) -> Vec<Arc<Vec<Diagnostic>>> {
    let anchors: ahash::AHashMap<&str, &[String]> = site
        .pages
        .iter()
        .map(|p| (p.rel.as_str(), p.content.anchors.as_slice()))
        .collect();
    site.pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| match held.get(i) {
            Some(Some(found)) => found.clone(),
            _ => Arc::new(link_problems(page, &anchors)),
        })
        .collect()
}
