//! The search index: written at build time, read by a small script of our own in the page.
//! An inverted index (each word once, with the pages it is on) keeps it far smaller than the
//! text; titles, headings and a short summary of each page make the results.

use crate::model::{Data, Page, Site};
use rayon::prelude::*;
use serde::Serialize;
// A fast hash for the word map: its keys are our own words, not an attacker's choice of
// keys aimed at a server.
use ahash::AHashMap;

/// How long a page's summary in the results is, in characters.
const SUMMARY: usize = 160;

#[derive(Debug, Serialize)]
struct Index {
    /// Documents, by position: `postings` refer to them by number.
    pages: Vec<Doc>,
    /// Sorted words, each with the numbers of the pages it is on (ascending).
    words: Vec<(String, Vec<u32>)>,
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

/// Words as the search box splits them: letters and digits of any script, lower-cased.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= 160)
        .map(|w| {
            if w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                w.to_lowercase()
            } else {
                w.to_string()
            }
        })
}

/// The text of a page's fields that readers search for besides its body: a role's holders and
/// duties, a person's pronouns, an event's place.
fn field_text(page: &Page) -> String {
    let mut text = vec![page.meta.title.clone()];
    text.extend(page.meta.description.clone());
    text.extend(page.meta.tags.iter().cloned());
    match &page.data {
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
    let source = page
        .meta
        .description
        .as_deref()
        .unwrap_or(&page.content.text);
    // Enough words for the summary, not the whole page.
    let mut summary: String = source
        .split_whitespace()
        .take(SUMMARY / 2)
        .collect::<Vec<_>>()
        .join(" ");
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
type Chunk = (Vec<Doc>, AHashMap<String, Vec<u32>>);

/// The index as JSON, with `<`, `>` and `&` escaped like any JSON we write.
pub fn index(site: &Site, url: impl Fn(&str) -> String + Sync) -> String {
    // Chunks of pages in parallel, each with its own small word -> pages map (pages in
    // order); the maps are then merged in chunk order, so every list stays sorted and no
    // page's word list is ever kept whole.
    const CHUNK: usize = 256;
    let chunks: Vec<Chunk> = site
        .pages
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, pages)| {
            let mut postings: AHashMap<String, Vec<u32>> = AHashMap::new();
            let mut docs = Vec::with_capacity(pages.len());
            for (k, page) in pages.iter().enumerate() {
                let n = (c * CHUNK + k) as u32;
                let fields = field_text(page);
                for word in words(&fields).chain(words(&page.content.text)) {
                    let list = postings.entry(word).or_default();
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
    let mut postings: AHashMap<String, Vec<u32>> = AHashMap::new();
    let mut pages = Vec::with_capacity(site.pages.len());
    for (docs, chunk) in chunks {
        pages.extend(docs);
        for (word, list) in chunk {
            postings.entry(word).or_default().extend(list);
        }
    }
    let mut words: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
    words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let index = Index { pages, words };
    // Straight to text: a JSON value tree of the whole index would cost more than the index.
    let text = serde_json::to_string(&index).unwrap_or_default();
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_any_script_in_lower_case() {
        let found: Vec<String> = words("How to JOIN? Über-uns, 日本語 x").collect();
        assert_eq!(found, ["how", "to", "join", "über", "uns", "日本語", "x"]);
    }
}
