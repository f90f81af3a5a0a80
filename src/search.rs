//! The search index: written at build time, read by a small script of our own in the page.
//! An inverted index (each word once, with the pages it is on) keeps it far smaller than the
//! text; titles, headings and a short summary of each page make the results.

use crate::model::{Data, Page, Site};
use serde::Serialize;
use std::collections::BTreeMap;

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
        .filter(|w| !w.is_empty() && w.chars().count() <= 40)
        .map(str::to_lowercase)
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
        .clone()
        .unwrap_or_else(|| page.content.text.clone());
    let mut summary: String = source.split_whitespace().collect::<Vec<_>>().join(" ");
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

/// The index as JSON, with `<`, `>` and `&` escaped like any JSON we write.
pub fn index(site: &Site, url: impl Fn(&str) -> String) -> String {
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut pages = Vec::with_capacity(site.pages.len());
    for (n, page) in site.pages.iter().enumerate() {
        let n = n as u32;
        let text = format!("{} {}", field_text(page), page.content.text);
        for word in words(&text) {
            let list = postings.entry(word).or_default();
            if list.last() != Some(&n) {
                list.push(n);
            }
        }
        pages.push(Doc {
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
    let index = Index {
        pages,
        words: postings.into_iter().collect(),
    };
    crate::view::script_safe_json(&serde_json::to_value(&index).unwrap_or_default())
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
