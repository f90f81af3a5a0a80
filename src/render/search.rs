//! The search index: written at build time, read by a small script of our own in the page.
//! An inverted index (each word once, with the pages it is on) keeps it far smaller than the
//! text; titles, headings and a short summary of each page make the results.

use crate::model::digest::{SUMMARY, words};
use crate::model::word_map::WordMap;
use crate::model::{Data, Page, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

/// Where the index is written in the output, and where `search.js` reads it.
pub const INDEX_FILE: &str = "search-index.json";

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
        Data::Plan(plan) => text.extend(
            plan.items
                .iter()
                .map(|i| format!("{} {}", i.title, i.notes.clone().unwrap_or_default())),
        ),
        Data::Success(success) => {
            text.extend(success.summary.clone());
            text.extend(success.evidence.iter().map(|e| match e {
                crate::model::plan::Evidence::Link { title, .. } => title.clone(),
                crate::model::plan::Evidence::Number { value, label } => format!("{value} {label}"),
                crate::model::plan::Evidence::Quote { text, .. } => text.clone(),
                crate::model::plan::Evidence::Note(text) => text.clone(),
            }));
        }
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

/// Pages a chunk: each chunk's lists hold a page's place in its chunk, one byte.
const CHUNK: usize = 256;

/// One chunk of pages: their documents as members of a JSON list, and each word's pages in
/// the chunk, by place (the page's number less the chunk's first): a quarter of the memory of
/// page numbers, which at 100,000 pages is a hundred megabytes.
struct Chunk {
    docs: String,
    postings: WordMap<Vec<u8>>,
}

/// The index as JSON, with `<`, `>` and `&` escaped like any JSON we write.
pub fn index(site: &Site, url: impl Fn(&str) -> String + Sync) -> String {
    index_parts(site, url).collect()
}

/// The index as JSON in parts, in order: what it needs of the site is taken at once (the
/// pages' digests can go when this returns), and the JSON made a part at a time as it is
/// asked for, so that the JSON (a fifth of a gigabyte at 100,000 pages) is never in memory
/// whole.
pub fn index_parts(
    site: &Site,
    url: impl Fn(&str) -> String + Sync,
) -> impl Iterator<Item = String> + Send + 'static {
    // Chunks of pages in parallel, each with its own small word -> pages map (pages in
    // order). The lists stay in their chunks: a word's list is its chunks' lists in chunk
    // order, joined as it is written, so no second copy of every list is ever made.
    let chunks: Vec<Chunk> = site
        .pages
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, pages)| {
            let mut postings = WordMap::default();
            let mut docs = Vec::with_capacity(pages.len());
            for (k, page) in pages.iter().enumerate() {
                // At most CHUNK - 1.
                let place = k as u8;
                let fields = field_text(page);
                let body = page.content.digest.each_word();
                // The body's words are in its digest once each.
                for word in words(&fields).chain(body.map(Cow::Borrowed)) {
                    let list = postings.get_or_insert_with(&word, Vec::new);
                    if list.last() != Some(&place) {
                        list.push(place);
                    }
                }
                docs.push(doc(page, &url));
            }
            Chunk {
                docs: members_json(&docs, c * CHUNK),
                postings,
            }
        })
        .collect();
    JsonParts::new(chunks)
}

fn doc(page: &Page, url: &impl Fn(&str) -> String) -> Doc {
    Doc {
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
    }
}

/// Where `JsonParts` is in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Start,
    Pages,
    Between,
    Words,
    End,
    Done,
}

/// The index as serde_json writes it, compact and script-safe (`{"pages":[...],"words":
/// [...]}`), straight to text (a JSON value tree of the whole index would cost more than the
/// index): the pages a chunk at a time, then the words a batch at a time, each batch made on
/// every core in small pieces, since words' page lists differ a thousandfold in length.
struct JsonParts {
    chunks: Vec<Chunk>,
    /// Sorted words, each with where its lists are: (chunk, entry in the chunk's map).
    words: Vec<(String, Vec<(u32, u32)>)>,
    stage: Stage,
    /// The next chunk or word to write.
    at: usize,
}

/// Words a part: enough to keep both cores busy, few enough to keep the parts small.
const WORDS_A_PART: usize = 1024;

impl JsonParts {
    fn new(chunks: Vec<Chunk>) -> JsonParts {
        let mut lists: WordMap<Vec<(u32, u32)>> = WordMap::default();
        for (c, chunk) in chunks.iter().enumerate() {
            for (e, (word, _)) in chunk.postings.entries().iter().enumerate() {
                lists
                    .get_or_insert_with(word, Vec::new)
                    .push((c as u32, e as u32));
            }
        }
        let mut words = lists.into_entries();
        words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        JsonParts {
            chunks,
            words,
            stage: Stage::Start,
            at: 0,
        }
    }

    fn next_after(&mut self, stage: Stage) -> Option<String> {
        self.stage = stage;
        self.at = 0;
        self.next()
    }

    /// The JSON of words `from..to`, each after a comma but the first word of all.
    fn words_json(&self, from: usize, to: usize) -> String {
        let parts: Vec<String> = self.words[from..to]
            .par_chunks(32)
            .enumerate()
            .map(|(k, batch)| {
                let lists: Vec<WordLists> = batch
                    .iter()
                    .map(|(word, places)| WordLists {
                        word,
                        lists: places
                            .iter()
                            .map(|&(c, e)| {
                                let entries = self.chunks[c as usize].postings.entries();
                                (c, entries[e as usize].1.as_slice())
                            })
                            .collect(),
                    })
                    .collect();
                members_json(&lists, from + k * 32)
            })
            .collect();
        parts.concat()
    }
}

impl Iterator for JsonParts {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        let part = match self.stage {
            Stage::Start => {
                self.stage = Stage::Pages;
                r#"{"pages":["#.to_string()
            }
            Stage::Pages if self.at < self.chunks.len() => {
                self.at += 1;
                std::mem::take(&mut self.chunks[self.at - 1].docs)
            }
            Stage::Pages => return self.next_after(Stage::Between),
            Stage::Between => {
                self.stage = Stage::Words;
                r#"],"words":["#.to_string()
            }
            Stage::Words if self.at < self.words.len() => {
                let end = (self.at + WORDS_A_PART).min(self.words.len());
                let part = self.words_json(self.at, end);
                self.at = end;
                part
            }
            Stage::Words => {
                // Every list is written: they go before the pages render.
                self.chunks = Vec::new();
                self.words = Vec::new();
                return self.next_after(Stage::End);
            }
            Stage::End => {
                self.stage = Stage::Done;
                "]}".to_string()
            }
            Stage::Done => return None,
        };
        Some(part)
    }
}

/// A word and its pages, written as serde writes `(String, Vec<u32>)`: its chunks' lists
/// (chunk, places) joined, in chunk order, as gaps: the first page's number, then each
/// page's distance from the one before (`[3, 1, 40]` is pages 3, 4 and 44). Common words
/// are on most pages, so gaps of one or two digits stand where numbers of four or five
/// did: the index of 10,000 deep-shape pages went from 19.9 MB to 11.6 MB.
struct WordLists<'a> {
    word: &'a str,
    lists: Vec<(u32, &'a [u8])>,
}

impl Serialize for WordLists<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        struct Joined<'a>(&'a [(u32, &'a [u8])]);
        impl Serialize for Joined<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let first = |chunk: u32| chunk * CHUNK as u32;
                let mut before = 0;
                serializer.collect_seq(
                    self.0
                        .iter()
                        .flat_map(|&(chunk, places)| {
                            places.iter().map(move |&k| first(chunk) + u32::from(k))
                        })
                        .map(|page| {
                            // Pages are in ascending order: no gap is negative.
                            let gap = page - before;
                            before = page;
                            gap
                        }),
                )
            }
        }
        let mut tuple = serializer.serialize_tuple(2)?;
        tuple.serialize_element(self.word)?;
        tuple.serialize_element(&Joined(&self.lists))?;
        tuple.end()
    }
}

/// `items` as members of a JSON list whose first member is item number `first` (each after
/// a comma but the list's first).
fn members_json<T: Serialize>(items: &[T], first: usize) -> String {
    let mut part = Vec::with_capacity(items.len() * 64);
    for (k, item) in items.iter().enumerate() {
        if first + k > 0 {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Serialize)]
    struct Index<'w> {
        /// Documents, by position: `postings` refer to them by number.
        pages: Vec<Doc>,
        /// Sorted words, each with the numbers of the pages it is on (ascending).
        words: Vec<(Cow<'w, str>, Vec<u32>)>,
    }

    /// The index as `JsonParts` writes it, parts joined, its pages in one chunk and its
    /// words' lists split between two.
    fn to_json(index: Index) -> String {
        let last = index.words.iter().flat_map(|(_, l)| l).max().copied();
        let mut chunks: Vec<Chunk> = (0..=last.unwrap_or(0) as usize / CHUNK)
            .map(|_| Chunk {
                docs: String::new(),
                postings: WordMap::default(),
            })
            .collect();
        chunks[0].docs = members_json(&index.pages, 0);
        for (word, list) in index.words {
            for n in list {
                let chunk = &mut chunks[n as usize / CHUNK].postings;
                let places = chunk.get_or_insert_with(&word, Vec::new);
                places.push((n as usize % CHUNK) as u8);
            }
        }
        JsonParts::new(chunks).collect()
    }

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
            let json = to_json(index);
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
        for size in [0, 1, 511, 512, 513, 1500, 4097] {
            let mut words: Vec<(Cow<str>, Vec<u32>)> = (0..size)
                .map(|n| (format!("w{n}").into(), vec![n as u32, n as u32 + 7]))
                .collect();
            // As the index has them: sorted.
            words.sort();
            let index = Index {
                pages: (0..size).map(doc).collect(),
                words,
            };
            // Written whole, each list as gaps (pages n and n + 7: n, then 7), which the
            // chunked writer must give too, across chunks included (n = 510).
            let gaps = Index {
                pages: (0..size).map(doc).collect(),
                words: (index.words.iter())
                    .map(|(word, list)| (word.clone(), vec![list[0], list[1] - list[0]]))
                    .collect(),
            };
            let mut whole = Vec::new();
            gaps.serialize(&mut serde_json::Serializer::with_formatter(
                &mut whole,
                crate::base::escape::ScriptSafe,
            ))
            .unwrap();
            let whole = String::from_utf8(whole).unwrap();
            assert_eq!(to_json(index), whole, "{size} pages");
        }
    }

    #[test]
    fn each_word_is_a_word_between_spaces() {
        for words in ["", " ", "a", "a b", " a  b ", "été  日本 x", "word"] {
            let digest = crate::model::digest::Digest {
                lead: String::new(),
                words: words.to_string(),
            };
            let split: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
            assert_eq!(digest.each_word().collect::<Vec<_>>(), split, "{words:?}");
        }
    }
}
