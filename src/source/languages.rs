//! The languages a handbook is written in (`languages: [en, de, ar]` in handbook.yaml, the
//! first the default), and which language a content file is in: by a folder named for the
//! language (`content/de/purpose.md`) or by a suffix (`purpose.de.md`), the author's choice.
//! A file's place in its language's handbook is its path with the language taken out.

use crate::base::error::Diagnostic;
use crate::source::fields::{Obj, Reader};
use crate::source::frontmatter::Value;

/// One language of the handbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// As written in handbook.yaml: `en`, `pt-BR`, `zh-Hans`.
    pub code: String,
    /// Its own name for itself, for the language switcher: `Deutsch`, `العربية`.
    pub name: String,
    /// Written right to left (Arabic, Persian, Hebrew, Urdu...).
    pub rtl: bool,
}

impl Language {
    pub fn new(code: &str) -> Language {
        let primary = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
        let name = (NAMES.iter().find(|(c, _)| *c == code))
            .or_else(|| NAMES.iter().find(|(c, _)| *c == primary))
            .map_or_else(|| code.to_string(), |(_, n)| n.to_string());
        Language {
            code: code.to_string(),
            name,
            rtl: RTL.contains(&primary.as_str()),
        }
    }

    /// `rtl` or `ltr`, for the `dir` attribute.
    pub fn dir(&self) -> &'static str {
        if self.rtl { "rtl" } else { "ltr" }
    }
}

/// Scripts written right to left, by primary language subtag.
const RTL: &[&str] = &[
    "ar", "fa", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug", "syr",
];

/// Each language's name for itself, for the switcher; others show their code.
const NAMES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("ca", "Català"),
    ("cs", "Čeština"),
    ("cy", "Cymraeg"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("ga", "Gaeilge"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("hu", "Magyar"),
    ("id", "Bahasa Indonesia"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("nl", "Nederlands"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("pt-BR", "Português (Brasil)"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("sv", "Svenska"),
    ("sw", "Kiswahili"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ur", "اردو"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("zh-Hans", "简体中文"),
    ("zh-Hant", "繁體中文"),
];

/// A language tag as BCP 47 writes the common ones: a primary subtag of 2-3 letters, then
/// subtags of 2-8 letters or digits (`en`, `pt-BR`, `zh-Hans`, `es-419`).
fn is_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Reads `languages:` (a list of codes) beside `language:` (one code). Returns the
/// languages, the default first; one language when neither names more.
pub fn read(r: &mut Reader, obj: &mut Obj, language: &str) -> Vec<Language> {
    let Some(node) = r.take(obj, "languages") else {
        return vec![Language::new(language)];
    };
    let items = match &node.value {
        Value::Seq(items) => items.clone(),
        _ => {
            r.push(
                Diagnostic::error(r.path, "`languages` is a list of language codes")
                    .at(node.line, node.column)
                    .field("languages")
                    .hint("write `languages: [en, de, fr]`; the first is the default"),
            );
            return vec![Language::new(language)];
        }
    };
    let mut languages: Vec<Language> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = format!("languages[{i}]");
        let Some(code) = r.text_of(item, &field) else {
            continue;
        };
        let code = code.trim().to_string();
        let problem = if !is_tag(&code) {
            Some(format!("`{code}` is not a language code"))
        } else if languages.iter().any(|l| l.code == code) {
            Some(format!("`{code}` is named twice"))
        } else {
            None
        };
        match problem {
            Some(message) => r.push(
                Diagnostic::error(r.path, message)
                    .at(item.line, item.column)
                    .field(field)
                    .hint("write each language once, as a code such as `en`, `de`, `pt-BR` or `zh-Hans`"),
            ),
            None => languages.push(Language::new(&code)),
        }
    }
    if languages.is_empty() {
        return vec![Language::new(language)];
    }
    languages
}

/// Which language a file below `content/` is in, by index into `languages`, and its path
/// in that language's handbook: `de/roles/lead.md` and `roles/lead.de.md` are both
/// `roles/lead.md` in German. A site of one language keeps every path as it is.
pub fn of_file(languages: &[Language], rel: &str) -> (usize, String) {
    if languages.len() < 2 {
        return (0, rel.to_string());
    }
    if let Some((first, rest)) = rel.split_once('/')
        && let Some(i) = languages.iter().skip(1).position(|l| l.code == first)
    {
        return (i + 1, rest.to_string());
    }
    let (dir, file) = match rel.rsplit_once('/') {
        Some((dir, file)) => (Some(dir), file),
        None => (None, rel),
    };
    if let Some((stem, ext)) = file.rsplit_once('.')
        && let Some((name, code)) = stem.rsplit_once('.')
        && let Some(i) = languages.iter().position(|l| l.code == code)
        && !name.is_empty()
    {
        let file = format!("{name}.{ext}");
        return (i, dir.map_or(file.clone(), |d| format!("{d}/{file}")));
    }
    (0, rel.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three() -> Vec<Language> {
        ["en", "de", "ar"]
            .iter()
            .map(|c| Language::new(c))
            .collect()
    }

    #[test]
    fn a_file_is_in_a_language_by_its_folder_or_its_suffix() {
        let l = three();
        assert_eq!(of_file(&l, "de/roles/lead.md"), (1, "roles/lead.md".into()));
        assert_eq!(of_file(&l, "roles/lead.de.md"), (1, "roles/lead.md".into()));
        assert_eq!(of_file(&l, "purpose.ar.md"), (2, "purpose.md".into()));
        assert_eq!(of_file(&l, "_index.ar.md"), (2, "_index.md".into()));
        assert_eq!(of_file(&l, "roles/lead.md"), (0, "roles/lead.md".into()));
        assert_eq!(of_file(&l, "purpose.en.md"), (0, "purpose.md".into()));
        assert_eq!(of_file(&l, "img/map.de.png"), (1, "img/map.png".into()));
        // Not a language: a folder named like one inside another, a dotted name.
        assert_eq!(of_file(&l, "notes/de/x.md"), (0, "notes/de/x.md".into()));
        assert_eq!(of_file(&l, "v1.2.md"), (0, "v1.2.md".into()));
        assert_eq!(of_file(&l, ".de.md"), (0, ".de.md".into()));
    }

    #[test]
    fn one_language_keeps_every_path() {
        let one = vec![Language::new("de")];
        assert_eq!(of_file(&one, "purpose.de.md"), (0, "purpose.de.md".into()));
    }

    #[test]
    fn names_and_directions() {
        assert_eq!(Language::new("ar").dir(), "rtl");
        assert_eq!(Language::new("fa").name, "فارسی");
        assert_eq!(Language::new("pt-BR").name, "Português (Brasil)");
        assert_eq!(Language::new("de-AT").name, "Deutsch");
        assert_eq!(Language::new("xx").name, "xx");
        assert!(!Language::new("en").rtl);
        assert!(is_tag("zh-Hans") && is_tag("es-419") && !is_tag("EN") && !is_tag("english"));
    }
}
