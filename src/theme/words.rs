//! The theme's own words in each language (`i18n/CODE.yaml` in a theme's folder: one
//! `key: "text"` a line), merged along the chain like its files, so a theme that extends
//! another may translate or reword a few keys. Templates ask for them with
//! `t(key="next_events")`; a language without a file, or a key its file lacks, falls back
//! to English. `handbook theme check` names each key a language file lacks.

use crate::base::error::Diagnostic;
use std::collections::BTreeMap;
use std::path::Path;

/// Language code -> its files along the chain, in order. They are read when a language is
/// asked for (`for_language`): a build needs one or two of the ten the default theme has,
/// and reading them all took a tenth of a 1,000-page build.
pub type Words = BTreeMap<String, Vec<Vec<u8>>>;

/// Keeps one language file for `for_language` (later files win, key by key).
pub(super) fn add(words: &mut Words, code: &str, bytes: &[u8]) {
    words
        .entry(code.to_string())
        .or_default()
        .push(bytes.to_vec());
}

fn read(bytes: &[u8]) -> Result<BTreeMap<String, String>, (usize, usize, String)> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| (1, 1, "the file is not UTF-8 text".to_string()))?;
    let node =
        crate::source::frontmatter::parse(text, 1).map_err(|e| (e.line, e.column, e.message))?;
    let crate::source::frontmatter::Value::Map(entries) = &node.value else {
        return Err((
            node.line,
            node.column,
            "the file must map keys to texts".into(),
        ));
    };
    let mut map = BTreeMap::new();
    for (key, value) in entries {
        match (key.as_str(), value.as_str()) {
            (Some(k), Some(v)) => {
                map.insert(k.to_string(), v.to_string());
            }
            _ => {
                return Err((
                    key.line,
                    key.column,
                    "each key's value must be a text in quotes".into(),
                ));
            }
        }
    }
    Ok(map)
}

/// The words for a language: English, then its primary language (`pt` for `pt-BR`), then
/// its own, each over the one before.
pub fn for_language(words: &Words, code: &str) -> BTreeMap<String, String> {
    let primary = code.split('-').next().unwrap_or(code);
    let mut merged = BTreeMap::new();
    let mut layers = vec!["en", primary, code];
    layers.dedup();
    for layer in layers {
        // A file that is not a flat mapping of texts adds nothing; `theme check` says why
        // (see `problems`).
        for file in words.get(layer).into_iter().flatten() {
            if let Ok(map) = read(file) {
                merged.extend(map);
            }
        }
    }
    merged
}

/// What `theme check` reports about the language files in a theme folder: files that
/// cannot be read, and keys that English has and another language lacks.
pub fn problems(dir: &Path) -> Vec<Diagnostic> {
    let folder = dir.join("i18n");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut files: Vec<(String, std::path::PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            Some((name.strip_suffix(".yaml")?.to_string(), e.path()))
        })
        .collect();
    files.sort();
    let mut found = Vec::new();
    let mut read_files = BTreeMap::new();
    for (code, path) in &files {
        let bytes = crate::base::safe_fs::read(path, 0).unwrap_or_default();
        match read(&bytes) {
            Ok(map) => {
                read_files.insert(code.clone(), (path.clone(), map));
            }
            Err((line, column, message)) => {
                found.push(Diagnostic::error(path, message).at(line, column))
            }
        }
    }
    // A theme without English of its own is checked against the default theme's, which it
    // extends in the end.
    let builtin = || {
        let files = crate::base::embedded::theme("default")?;
        let (_, bytes) = files.iter().find(|(path, _)| *path == "i18n/en.yaml")?;
        read(bytes).ok()
    };
    let Some(english) = (read_files.get("en").map(|(_, m)| m.clone())).or_else(builtin) else {
        return found;
    };
    for (code, (path, map)) in &read_files {
        let missing: Vec<&str> = english
            .keys()
            .filter(|k| !map.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() && code != "en" {
            found.push(
                Diagnostic::error(path, format!("no text for {} key(s) that i18n/en.yaml has: {}", missing.len(), missing.join(", ")))
                    .at(1, 1)
                    .hint("add each key with its text in this language; until then readers see the English text"),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_falls_back_to_its_primary_and_then_english() {
        let mut words = Words::new();
        add(
            &mut words,
            "en",
            b"next: \"Next\"\nsearch: \"Search\"\nopen: \"open\"\n",
        );
        add(
            &mut words,
            "pt",
            b"next: \"Seguinte\"\nsearch: \"Pesquisar\"\n",
        );
        add(&mut words, "pt-BR", b"next: \"Pr\xc3\xb3ximo\"\n");
        let br = for_language(&words, "pt-BR");
        assert_eq!(br["next"], "Próximo");
        assert_eq!(br["search"], "Pesquisar");
        assert_eq!(br["open"], "open");
        assert_eq!(for_language(&words, "xx")["next"], "Next");
    }

    #[test]
    fn a_file_that_is_not_a_flat_mapping_adds_nothing() {
        let mut words = Words::new();
        add(&mut words, "en", b"next: \"Next\"\n");
        add(&mut words, "de", b"next:\n  - Weiter\n");
        assert_eq!(for_language(&words, "de")["next"], "Next");
    }
}
