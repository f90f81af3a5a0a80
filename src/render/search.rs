//! The search index: written at build time, read by a small script of our own in the page.
//! An inverted index (each word once, with the pages it is on) keeps it far smaller than the
//! text; titles, headings and a short summary of each page make the results.

use crate::model::digest::{SUMMARY, WordMap, words};
use crate::model::{Data, Page, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

/// Where the index is written in the output, and where `search.js` reads it.
pub const INDEX_FILE: &str = "search-index.json";

#[derive(Debug, Serialize)]
struct Index<'w> {
    /// Documents, by position: `postings` refer to them by number.
    pages: Vec<Doc>,
    /// Sorted words, each with the numbers of the pages it is on (ascending).
    words: Vec<(Cow<'w, str>, Vec<u32>)>,
}

#[derive(Debug, Serialize)]
struct Doc {
    /// Title.
    t: String,
    /// URL.
    u: String,
    /// Kind.
    k: &'static str,
    /// Summary.
    s: String,
    /// Headings: [id, text].
    h: Vec<(String, String)>,
}

/// The text of a page's fields that readers search for besides its body: a role's holders and
/// duties, a person's pronouns, an event's place.
fn field_text(page: &Page) -> String {
    let mut text = vec![page.meta.title.clone()];
    text.extend(page.meta.description.clone());
    text.extend(page.meta.tags.iter().cloned());
    match &*page.data {
        Data::Role(role) => {
            text.extend(role.summary.clone());
            text.extend(role.responsibilities.iter().cloned());
            text.extend(
                role.holders
                    .iter()
                    .filter_map(|h| h.name.clone().or_else(|| h.person.clone())),
            );
        }
        Data::Person(person) => {
            text.extend(person.name.clone());
            text.extend(person.pronouns.clone());
        }
        Data::Event(event) => {
            text.extend(event.location.clone());
            text.push(event.timezone_name.clone());
        }
        Data::Step(step) => text.extend(step.checklist.iter().cloned()),
        Data::Purpose(purpose) => {
            text.push(purpose.statement());
            text.extend(purpose.member_goals.iter().cloned());
            text.extend(purpose.organisation_goals.iter().cloned());
        }
        Data::GroundRules(rules) => text.extend(
            rules
                .rules
                .iter()
                .map(|r| format!("{} {}", r.title, r.detail.clone().unwrap_or_default())),
        ),
        Data::Page => {}
    }
    text.join(" ")
}

fn summary(page: &Page) -> String {
    // Enough words for the summary, not the whole page.
    let mut summary = match page.meta.description.as_deref() {
        Some(description) => description
            .split_whitespace()
            .take(SUMMARY / 2)
            .collect::<Vec<_>>()
            .join(" "),
        None => page.content.digest.lead.clone(),
    };
    if summary.chars().count() > SUMMARY {
        summary = summary
            .chars()
            .take(SUMMARY)
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
    }
    summary
}

/// One chunk's documents and its word -> pages map.
type Chunk<'s> = (Vec<Doc>, WordMap<'s, Vec<u32>>);

/// The index as JSON, with `<`, `>` and `&` escaped like any JSON we write.
pub fn index(site: &Site, url: impl Fn(&str) -> String + Sync) -> String {
    index_parts(site, url).concat()
}

/// The index as JSON in parts, in order: a build writes them one after another, so the
/// index (megabytes in a large site) is never one string beside its pieces.
pub fn index_parts(site: &Site, url: impl Fn(&str) -> String + Sync) -> Vec<String> {
    // Chunks of pages in parallel, each with its own small word -> pages map (pages in
    // order); the maps are then merged in chunk order, so every list stays sorted and no
    // page's word list is ever kept whole.
    const CHUNK: usize = 256;
    let chunks: Vec<Chunk> = site
        .pages
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, pages)| {
            let mut postings = WordMap::default();
            let mut docs = Vec::with_capacity(pages.len());
            for (k, page) in pages.iter().enumerate() {
                let n = (c * CHUNK + k) as u32;
                let fields = field_text(page);
                let body = page
                    .content
                    .digest
                    .words
                    .split(' ')
                    .filter(|w| !w.is_empty());
                // The body's words are borrowed from its digest, each there once.
                let fields = words(&fields).map(|w| Cow::Owned(w.into_owned()));
                for word in fields.chain(body.map(Cow::Borrowed)) {
                    let list = postings.get_or_insert_with(word, Vec::new);
                    if list.last() != Some(&n) {
                        list.push(n);
                    }
                }
                docs.push(Doc {
                    t: page.meta.title.clone(),
                    u: url(&page.path),
                    k: page.kind.name(),
                    s: summary(page),
                    h: page
                        .content
                        .toc
                        .iter()
                        .map(|t| (t.id.clone(), t.title.clone()))
                        .collect(),
                });
            }
            (docs, postings)
        })
        .collect();
    let mut postings = WordMap::default();
    let mut pages = Vec::with_capacity(site.pages.len());
    for (docs, chunk) in chunks {
        pages.extend(docs);
        for (word, list) in chunk.into_entries() {
            postings.get_or_insert_with(word, Vec::new).extend(list);
        }
    }
    let mut words: Vec<(Cow<str>, Vec<u32>)> = postings.into_entries();
    words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    to_json(&Index { pages, words })
}

/// The index as serde_json writes it, compact and script-safe, in parts: straight to text,
/// since a JSON value tree of the whole index would cost more than the index, and in small
/// chunks on every core, since it is megabytes long. Words' page lists differ a thousandfold
/// in length, so their chunks are small enough for the cores to share them evenly.
fn to_json(index: &Index) -> Vec<String> {
    fn list<T: Serialize + Sync>(items: &[T], chunk: usize, out: &mut Vec<String>) {
        out.push("[".into());
        let parts: Vec<String> = items
            .par_chunks(chunk.max(1))
            .enumerate()
            .map(|(c, chunk)| {
                let mut part = Vec::with_capacity(chunk.len() * 64);
                for item in chunk {
                    if c > 0 || !part.is_empty() {
                        part.push(b',');
                    }
                    // Writing to memory cannot fail, and our types always serialise.
                    let _ = item.serialize(&mut serde_json::Serializer::with_formatter(
                        &mut part,
                        crate::base::escape::ScriptSafe,
                    ));
                }
                // serde_json writes UTF-8 only.
                String::from_utf8(part).unwrap_or_default()
            })
            .collect();
        out.extend(parts);
        out.push("]".into());
    }
    let mut out = vec![r#"{"pages":"#.to_string()];
    list(&index.pages, 512, &mut out);
    out.push(r#","words":"#.into());
    list(&index.words, 32, &mut out);
    out.push("}".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any title and summary, control characters included, give an index that parses
        /// back as JSON with the same text.
        #[test]
        fn any_text_gives_an_index_that_parses_back(title in ".*", summary in proptest::prelude::any::<String>()) {
            let index = Index {
                pages: vec![Doc {
                    t: title.clone(),
                    u: "/p/".into(),
                    k: "page",
                    s: summary.clone(),
                    h: vec![("id".into(), title.clone())],
                }],
                words: vec![(summary.clone().into(), vec![0])],
            };
            let json = to_json(&index).concat();
            let parsed: serde_json::Value = serde_json::from_str(&json).map_err(|e| {
                proptest::test_runner::TestCaseError::fail(format!("{e}"))
            })?;
            proptest::prop_assert_eq!(parsed["pages"][0]["t"].as_str(), Some(title.as_str()));
            proptest::prop_assert_eq!(parsed["pages"][0]["s"].as_str(), Some(summary.as_str()));
        }
    }

    #[test]
    fn the_index_in_chunks_is_what_serde_writes_whole() {
        let doc = |n: usize| Doc {
            t: format!("Page <{n}>"),
            u: format!("/p/{n}/"),
            k: "page",
            s: "A & B".into(),
            h: vec![("id".into(), "Title".into())],
        };
        for size in [0, 1, 511, 512, 513, 1500] {
            let index = Index {
                pages: (0..size).map(doc).collect(),
                words: (0..size)
                    .map(|n| (format!("w{n}").into(), vec![n as u32, 7]))
                    .collect(),
            };
            let mut whole = Vec::new();
            index
                .serialize(&mut serde_json::Serializer::with_formatter(
                    &mut whole,
                    crate::base::escape::ScriptSafe,
                ))
                .unwrap();
            assert_eq!(to_json(&index).concat().as_bytes(), whole, "{size} pages");
        }
    }
}
