//! A handbook in several languages is one site per language, each at its own base path
//! (the default at the root, the others at `CODE/`). This map, made from every language's
//! files before any site is assembled, tells a page where its translations are, and lets a
//! link to a page not yet translated land on the default language's page instead.

use super::parsed::Parsed;
use crate::source::Asset;
use crate::source::config::Config;
use crate::source::languages::{Language, of_file};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct Translations {
    languages: Vec<Language>,
    /// The default language's base path (`/cafe/`) and the host before it, if known.
    root: String,
    origin: String,
    /// Each place (`roles/lead.md`) with the files of the languages that have it, by
    /// language order.
    files: HashMap<String, Vec<File>>,
    /// Files copied as they are, by language and place.
    assets: HashSet<(usize, String)>,
    /// The key of all of it, for caches of work that depends on it (links in bodies).
    pub key: crate::base::key::Key,
}

/// One language's file of a page: its path below `content/`, its page's URL path in that
/// language's site, and its title.
#[derive(Debug, Clone)]
pub struct File {
    pub lang: usize,
    pub rel: String,
    pub path: String,
    pub title: String,
    /// The hash of the file's text (`source_hash` of it).
    pub hash: String,
    /// Its `source_hash:`, on a translation.
    pub source_hash: Option<String>,
}

/// The short hash of a file's text that `source_hash:` records: 12 hex digits.
pub fn source_hash(text_key: crate::base::key::Key) -> String {
    format!("{:012x}", text_key >> 80)
}

/// A page in one language, as the language switcher and `hreflang` links need it.
#[derive(Debug, Clone)]
pub struct Version<'t> {
    pub language: &'t Language,
    pub lang: usize,
    pub url: String,
    pub absolute_url: String,
}

impl Translations {
    /// `parsed` are the pages every language's site will hold (no drafts, nothing left out).
    pub fn of<'p>(
        config: &Config,
        parsed: impl Iterator<Item = &'p Arc<Parsed>>,
        assets: &[Asset],
    ) -> Translations {
        let mut t = Translations {
            languages: config.languages.clone(),
            root: config.base_url.path.clone(),
            origin: config.base_url.origin.clone(),
            ..Default::default()
        };
        if config.languages.len() < 2 {
            return t;
        }
        for p in parsed {
            let file = File {
                lang: p.lang,
                rel: p.source.rel.clone(),
                path: p.path.clone(),
                title: p.meta.title.clone(),
                hash: source_hash(p.text_key),
                source_hash: p.meta.source_hash.clone(),
            };
            t.files.entry(p.place.clone()).or_default().push(file);
        }
        for files in t.files.values_mut() {
            files.sort_by_key(|f| f.lang);
        }
        t.assets = (assets.iter().filter(|a| a.in_content))
            .map(|a| of_file(&config.languages, &a.output))
            .collect();
        let mut lines: Vec<String> = (t.files.iter())
            .flat_map(|(place, files)| {
                (files.iter()).map(move |f| format!("{place}\0{}\0{}", f.lang, f.path))
            })
            .chain(
                t.assets
                    .iter()
                    .map(|(lang, place)| format!("{lang}\0{place}")),
            )
            .collect();
        lines.sort_unstable();
        t.key = crate::base::key::key_of_bytes(lines.iter().map(String::as_bytes));
        t
    }

    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    pub fn languages(&self) -> &[Language] {
        &self.languages
    }

    /// The base path of a language's site: the root for the default, `CODE/` below it.
    pub fn base(&self, lang: usize) -> String {
        match lang {
            0 => self.root.clone(),
            _ => format!("{}{}/", self.root, self.languages[lang].code),
        }
    }

    fn version(&self, lang: usize, path: &str) -> Version<'_> {
        let url = format!("{}{path}", self.base(lang));
        Version {
            language: &self.languages[lang],
            lang,
            absolute_url: format!("{}{url}", self.origin),
            url,
        }
    }

    /// The languages that have the page at `place`, each with its address; none in a
    /// handbook of one language.
    pub fn versions(&self, place: &str) -> Vec<Version<'_>> {
        if self.files.is_empty() {
            return Vec::new();
        }
        (self.files.get(place).into_iter().flatten())
            .map(|f| self.version(f.lang, &f.path))
            .collect()
    }

    /// Every language's home page, for the switcher on pages that have no versions; none in
    /// a handbook of one language.
    pub fn homes(&self) -> Vec<Version<'_>> {
        if !self.is_multilingual() {
            return Vec::new();
        }
        (0..self.languages.len())
            .map(|lang| self.version(lang, ""))
            .collect()
    }

    /// The address of what `candidates` (places a link may mean, in order) name in
    /// language `lang`: a page or a file copied as it is.
    pub fn find(&self, lang: usize, candidates: &[String]) -> Option<String> {
        candidates.iter().find_map(|place| {
            if let Some(files) = self.files.get(place)
                && let Some(file) = files.iter().find(|f| f.lang == lang)
            {
                return Some(format!("{}{}", self.base(lang), file.path));
            }
            (self.assets.contains(&(lang, place.clone())))
                .then(|| format!("{}{place}", self.base(lang)))
        })
    }

    /// Every place in the handbook, sorted, with each language's file and title.
    pub fn places(&self) -> Vec<(&str, &[File])> {
        let mut places: Vec<(&str, &[File])> = (self.files.iter())
            .map(|(place, files)| (place.as_str(), files.as_slice()))
            .collect();
        places.sort_unstable_by_key(|(place, _)| *place);
        places
    }

    /// The hash of the source (the default language's file) of the translation at `rel`.
    pub fn source_hash_for(&self, rel: &str) -> Option<String> {
        let (lang, place) = self.of_file(rel);
        let files = self.files.get(&place)?;
        files.iter().find(|f| f.rel == rel && lang > 0)?;
        files.iter().find(|f| f.lang == 0).map(|f| f.hash.clone())
    }

    /// Which language a path below `content/` names, and its place there.
    pub fn of_file(&self, rel: &str) -> (usize, String) {
        of_file(&self.languages, rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_is_below_its_code_and_finds_the_default_languages_pages() {
        let mut t = Translations {
            languages: ["en", "de"].iter().map(|c| Language::new(c)).collect(),
            root: "/cafe/".into(),
            origin: "https://example.org".into(),
            ..Default::default()
        };
        let file = |lang: usize, rel: &str, path: &str| File {
            lang,
            rel: rel.into(),
            path: path.into(),
            title: String::new(),
            hash: String::new(),
            source_hash: None,
        };
        let purpose = vec![
            file(0, "purpose.md", "purpose/"),
            file(1, "de/purpose.md", "purpose/"),
        ];
        t.files.insert("purpose.md".into(), purpose);
        t.files
            .insert("faq.md".into(), vec![file(0, "faq.md", "faq/")]);
        t.assets.insert((0, "img/map.png".into()));
        assert_eq!(t.base(1), "/cafe/de/");
        let versions = t.versions("purpose.md");
        assert_eq!(versions.len(), 2);
        assert_eq!(
            versions[1].absolute_url,
            "https://example.org/cafe/de/purpose/"
        );
        assert_eq!(t.find(1, &["faq.md".into()]), None);
        assert_eq!(t.find(0, &["faq.md".into()]).as_deref(), Some("/cafe/faq/"));
        assert_eq!(
            t.find(0, &["img/map.png".into()]).as_deref(),
            Some("/cafe/img/map.png")
        );
        assert_eq!(t.homes()[1].url, "/cafe/de/");
    }
}
