//! The keys that decide what a rebuild reuses: a cheap fingerprint of what a page's context
//! is made from, checked first, and the full key of its context; and the memo of rendered
//! pages, brought up to date after each render. A one-off build computes none of them.

use super::files::{Contents, OutputFile, OutputMemo, Part};
use crate::base::key::{Key, key_of_bytes};
use crate::model::Site;
use crate::theme::Theme;

/// By section: the key of the section and of every section above it (for breadcrumbs),
/// worked out once per render rather than page by page.
pub(super) fn section_chains(site: &Site, section_keys: &[Key]) -> Vec<Key> {
    let mut by_dir: ahash::AHashMap<&str, usize> = Default::default();
    for (s, section) in site.sections.iter().enumerate() {
        by_dir.entry(section.dir.as_str()).or_insert(s);
    }
    site.sections
        .iter()
        .map(|section| {
            let mut keys: Vec<[u8; 16]> = Vec::new();
            let mut dir = section.dir.as_str();
            loop {
                if let Some(&s) = by_dir.get(dir) {
                    keys.push(section_keys[s].to_le_bytes());
                }
                if dir.is_empty() {
                    break;
                }
                dir = dir.rfind('/').map(|i| &dir[..i]).unwrap_or("");
            }
            key_of_bytes(keys.iter().map(|k| k.as_slice()))
        })
        .collect()
}

/// A cheap stand-in for a page's full key: what its context is made from, by identity. The
/// page's own file (`text_key`), its body, its place, its section and the sections above it
/// (for breadcrumbs), its neighbours (for prev/next), "now", and `global`, which holds
/// everything pages show of other pages (roles with holders, people, steps, events, the
/// navigation).
pub(super) fn fingerprint(
    site: &Site,
    index: usize,
    global: &[u8; 16],
    template: &str,
    chains: &[Key],
    now: jiff::Timestamp,
) -> Key {
    let page = &site.pages[index];
    let (prev, next) = crate::model::site::neighbours(site, index);
    let neighbour = |n: Option<usize>| match n {
        Some(n) => (
            site.pages[n].parsed.text_key.to_le_bytes(),
            site.pages[n].path.as_bytes(),
        ),
        None => ([0; 16], b"-".as_slice()),
    };
    let (prev_key, prev_path) = neighbour(prev);
    let (next_key, next_path) = neighbour(next);
    let chain = site
        .section_index(index)
        .map(|s| chains[s])
        .unwrap_or(0)
        .to_le_bytes();
    // An event's page says whether it is upcoming or past.
    let now = now.as_nanosecond().to_le_bytes();
    let parts: [&[u8]; 11] = [
        global,
        &now,
        template.as_bytes(),
        &page.parsed.text_key.to_le_bytes(),
        &page.content_key.to_le_bytes(),
        page.path.as_bytes(),
        &prev_key,
        prev_path,
        &next_key,
        next_path,
        &chain,
    ];
    // Fingerprints of 0 mean "none".
    key_of_bytes(parts).max(1)
}

/// The same for a section's list page: the section (its links, its subsections), the
/// sections above it, and each listed page's file and place. Events are listed as upcoming
/// or past by `now`.
pub(super) fn section_fingerprint(
    site: &Site,
    index: usize,
    global: &[u8; 16],
    template: &str,
    section_keys: &[Key],
    chains: &[Key],
    now: jiff::Timestamp,
) -> Key {
    let section = &site.sections[index];
    let head = [
        section_keys[index].to_le_bytes(),
        chains[index].to_le_bytes(),
        now.as_nanosecond().to_le_bytes(),
    ];
    let pages = section.pages.iter().flat_map(|&i| {
        let page = &site.pages[i];
        [
            page.parsed.text_key.to_le_bytes().to_vec(),
            page.path.as_bytes().to_vec(),
        ]
    });
    let parts: Vec<Vec<u8>> = [global.to_vec(), template.as_bytes().to_vec()]
        .into_iter()
        .chain(head.iter().map(|h| h.to_vec()))
        .chain(pages)
        .collect();
    key_of_bytes(parts.iter().map(Vec::as_slice)).max(1)
}

/// Every template's name and text, in order: part of the key of every page.
pub(super) fn template_sources(theme: &Theme) -> Vec<(&str, &[u8])> {
    theme
        .templates
        .iter()
        .map(|(name, file)| (name.as_str(), file.bytes.as_slice()))
        .collect()
}

/// Brings the memo up to date with what a render made. Updated in place: after a save, all
/// but a few of ten thousand entries are the same, and a new map each time cost more than
/// the pages that changed.
pub(super) fn update_memo(
    memo: &mut OutputMemo,
    files: &[OutputFile],
    keys: &[(Key, Key)],
    part: Part,
) {
    let print = "print/index.html";
    let mut current = 0;
    for (file, &(fingerprint, key)) in files.iter().zip(keys) {
        let Contents::Shared(bytes) = &file.contents else {
            continue;
        };
        current += 1;
        match memo.pages.get_mut(&file.path) {
            Some(entry) => {
                if entry.0 != fingerprint
                    || entry.1 != key
                    || !std::sync::Arc::ptr_eq(&entry.2, bytes)
                {
                    *entry = (fingerprint, key, bytes.clone());
                }
            }
            None => {
                memo.pages
                    .insert(file.path.clone(), (fingerprint, key, bytes.clone()));
            }
        }
    }
    // A part keeps the other part's pages; anything else it did not make this time is gone
    // from the site.
    let kept = match part {
        Part::All => 0,
        Part::Pages => usize::from(memo.pages.contains_key(print)),
        Part::Extras => return,
    };
    if memo.pages.len() > current + kept {
        let made: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        memo.pages.retain(|path, _| {
            made.contains(path.as_str()) || (part == Part::Pages && path == print)
        });
    }
}

/// What the calendars are made from: every event's file and address, the settings (title,
/// zone, address) and the build time they are stamped with.
pub(super) fn calendars_key(site: &Site, stamp: Option<jiff::Timestamp>) -> Key {
    let config = &site.config;
    let stamp = stamp
        .map(|s| s.as_second())
        .unwrap_or(i64::MIN)
        .to_le_bytes();
    let mut parts: Vec<Vec<u8>> = vec![
        config.text_key.to_le_bytes().to_vec(),
        config.title.as_bytes().to_vec(),
        config.base_url.origin.as_bytes().to_vec(),
        config.base_url.path.as_bytes().to_vec(),
        stamp.to_vec(),
    ];
    for (i, _) in crate::render::ics::site_events(site) {
        let page = &site.pages[i];
        parts.push(page.path.as_bytes().to_vec());
        parts.push(page.parsed.text_key.to_le_bytes().to_vec());
    }
    key_of_bytes(parts.iter().map(Vec::as_slice))
}
