//! The translation status page (`translation-status/`, in the default language's site of a
//! handbook of several languages): for each page, which languages have it, and which
//! translations are older than their source by git's dates, so that translators know what
//! to do next. It is for the people who write the handbook, not its readers: a plain page
//! with the theme's stylesheet, kept out of search engines and out of the navigation.

use crate::base::escape::xml as escape;
use crate::model::Site;
use crate::model::translations::File;

pub const STATUS_PATH: &str = "translation-status/";

/// One translation's state against the default language's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Missing,
    /// Changed in git no earlier than its source.
    Current,
    /// Its source changed after it did: it may say something the source no longer does.
    Outdated,
    /// No dates to compare (outside git, or a file git does not know yet).
    Unknown,
    /// The default language's own file.
    Source,
}

/// The page as a file of the output, when there is one (see `page`).
pub fn file(site: &Site) -> Option<super::files::OutputFile> {
    page(site).map(|page| super::files::OutputFile {
        path: format!("{STATUS_PATH}index.html"),
        contents: super::files::Contents::Bytes(page.into_bytes()),
    })
}

/// The page, when the handbook has several languages and this is the default's site.
pub fn page(site: &Site) -> Option<String> {
    let t = &site.translations;
    if !t.is_multilingual() || site.config.lang != 0 {
        return None;
    }
    let updated = |rel: &str| {
        let git = site.git.as_ref()?;
        git.history.as_ref()?;
        git.file(rel).map(|f| f.updated)
    };
    let languages = t.languages();
    let mut rows = String::new();
    let mut counts = vec![(0usize, 0usize); languages.len()];
    for (place, files) in t.places() {
        let source = files.iter().find(|f| f.lang == 0);
        let title = source.or(files.first()).map_or(place, |f| f.title.as_str());
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{}<br><small>{}</small></th>",
            escape(title),
            escape(place)
        ));
        for (lang, _) in languages.iter().enumerate() {
            let file = files.iter().find(|f| f.lang == lang);
            let state = state_of(lang, file, source, &updated);
            if lang > 0 && source.is_some() {
                match state {
                    State::Missing => counts[lang].0 += 1,
                    State::Outdated => counts[lang].1 += 1,
                    _ => {}
                }
            }
            rows.push_str(&cell(state, file.map(|f| f.rel.as_str())));
        }
        rows.push_str("</tr>\n");
    }
    let head: String = (languages.iter())
        .map(|l| {
            format!(
                "<th scope=\"col\" lang=\"{0}\">{1} <small>({0})</small></th>",
                escape(&l.code),
                escape(&l.name)
            )
        })
        .collect();
    let summary: String = (languages.iter().enumerate().skip(1))
        .map(|(i, l)| {
            format!(
                "<li>{}: {} missing, {} older than their source</li>",
                escape(&l.name),
                counts[i].0,
                counts[i].1
            )
        })
        .collect();
    // Opened from disk (`--relative`), addresses are relative to this page's folder.
    let (base, home) = match site.config.relative_links {
        true => ("../".to_string(), "../index.html".to_string()),
        false => (
            site.config.base_url.path.clone(),
            site.config.base_url.path.clone(),
        ),
    };
    Some(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Translations · {title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"stylesheet\" href=\"{base}style.css\">\n</head>\n<body>\n<main id=\"main\" class=\"translation-status\">\n<h1>Translations</h1>\n<p>Every page of the handbook and its translations. A translation is <strong>older than its source</strong> when the {default} page was changed in git after it (by the last commits that changed each file) or, outside git, when the {default} page has changed since the translation was marked with <code>handbook translated</code>.</p>\n<ul>{summary}</ul>\n<div class=\"table-wrap\"><table>\n<caption>Pages by language</caption>\n<thead><tr><th scope=\"col\">Page</th>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table></div>\n<p><a href=\"{home}\">Back to the handbook</a></p>\n</main>\n</body>\n</html>\n",
        title = escape(&site.config.title),
        default = escape(&languages[0].name),
    ))
}

/// How the file of language `lang` stands against its source, by git's dates (`updated`),
/// else by its `source_hash:`.
fn state_of(
    lang: usize,
    file: Option<&File>,
    source: Option<&File>,
    updated: &dyn Fn(&str) -> Option<i64>,
) -> State {
    match (file, source) {
        (None, _) => State::Missing,
        (Some(_), _) if lang == 0 => State::Source,
        (Some(file), Some(source)) => match (updated(&file.rel), updated(&source.rel)) {
            (Some(own), Some(theirs)) if own < theirs => State::Outdated,
            (Some(_), Some(_)) => State::Current,
            // Outside git: the source's hash when the translation was last marked.
            _ => match &file.source_hash {
                Some(hash) if *hash == source.hash => State::Current,
                Some(_) => State::Outdated,
                None => State::Unknown,
            },
        },
        (Some(_), None) => State::Unknown,
    }
}

fn cell(state: State, rel: Option<&str>) -> String {
    let (class, text) = match state {
        State::Missing => ("missing", "missing"),
        State::Current => ("current", "up to date"),
        State::Outdated => ("outdated", "older than its source"),
        State::Unknown => ("unknown", "present (no dates to compare)"),
        State::Source => ("source", "source"),
    };
    match rel {
        Some(rel) => format!(
            "<td class=\"{class}\" data-state=\"{class}\">{text}<br><small>content/{}</small></td>",
            escape(rel)
        ),
        None => format!("<td class=\"{class}\" data-state=\"{class}\">{text}</td>"),
    }
}
