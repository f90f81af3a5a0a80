//! `handbook translated FILE...`: records that each translation says what its source (the
//! default language's page) says now, by writing the source's hash into the translation's
//! front matter as `source_hash:`. Outside git, the translation status page compares it
//! with the source's hash to tell a translation older than its source.

use crate::pipeline::{self, BuildOptions};
use std::path::{Path, PathBuf};

/// Marks each file; returns the exit status.
pub(super) fn translated(options: &BuildOptions, files: &[PathBuf]) -> i32 {
    let loaded = match pipeline::load(options) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: the site must build before translations are marked: {e}");
            return 1;
        }
    };
    let translations = &loaded.site.translations;
    if !translations.is_multilingual() {
        eprintln!(
            "error: handbook.yaml names one language; a translation needs `languages: [en, de, ...]`"
        );
        return 1;
    }
    let content = crate::source::content_root(&options.site);
    let content = std::path::absolute(&content).unwrap_or(content);
    let mut failed = false;
    for file in files {
        match mark(translations, &content, file) {
            Ok(hash) => println!("{}: source_hash: {hash}", file.display()),
            Err(message) => {
                eprintln!("error: {}: {message}", file.display());
                failed = true;
            }
        }
    }
    i32::from(failed)
}

fn mark(
    translations: &crate::model::translations::Translations,
    content: &Path,
    file: &Path,
) -> Result<String, String> {
    let absolute = std::path::absolute(file).map_err(|e| e.to_string())?;
    let rel = absolute
        .strip_prefix(content)
        .map_err(|_| format!("not a file below {}", content.display()))?
        .to_string_lossy()
        .replace('\\', "/");
    let hash = translations
        .source_hash_for(&rel)
        .ok_or("not a translation of a page the default language has (a page in another language's folder, or with a language suffix, whose source exists)")?;
    let meta = std::fs::symlink_metadata(&absolute).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let text = std::fs::read_to_string(&absolute).map_err(|e| e.to_string())?;
    let updated = with_source_hash(&text, &hash)
        .ok_or("the file has no front matter (`---` lines) to write into")?;
    std::fs::write(&absolute, updated).map_err(|e| e.to_string())?;
    Ok(hash)
}

/// The text with `source_hash: HASH` in its front matter: the line replaced when there is
/// one, else added before the closing `---`. `None` without front matter.
fn with_source_hash(text: &str, hash: &str) -> Option<String> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.first()?.trim_end() != "---" {
        return None;
    }
    let close = lines.iter().skip(1).position(|l| l.trim_end() == "---")? + 1;
    let line = format!("source_hash: {hash}{newline}");
    match (1..close).find(|&i| lines[i].starts_with("source_hash:")) {
        Some(i) => lines[i] = &line,
        None => lines.insert(close, &line),
    }
    Some(lines.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_written_into_the_front_matter_once() {
        let text = "---\ntitle: Zweck\n---\nText.\n";
        let once = with_source_hash(text, "abc").unwrap();
        assert_eq!(once, "---\ntitle: Zweck\nsource_hash: abc\n---\nText.\n");
        let twice = with_source_hash(&once, "def").unwrap();
        assert_eq!(twice, "---\ntitle: Zweck\nsource_hash: def\n---\nText.\n");
        assert_eq!(with_source_hash("# No front matter\n", "abc"), None);
        let crlf = with_source_hash("---\r\ntitle: T\r\n---\r\n", "abc").unwrap();
        assert_eq!(crlf, "---\r\ntitle: T\r\nsource_hash: abc\r\n---\r\n");
    }
}
