//! Links between pages, read both ways authors write them: as a path to a file
//! (`../ground-rules.md`, `roles/lead.md#duties`, as GitHub's viewer reads them) and as the
//! web reads them (`../starting-a-project/#id` relative to the page's own URL, `/page/` from
//! the site's root, as Jekyll, Hugo and browsers do). Either is written as the page's URL
//! under the base path; a link that lands nowhere is reported with the page the author most
//! likely meant. Links to headings are checked once every body is rendered.

use super::link_paths::{join_relative, percent_decode};
use super::site::{Page, Site};
use crate::base::error::Diagnostic;
use crate::model::markdown::Resolution;
use std::collections::{BTreeMap, BTreeSet};

/// Files that exist but are not pages of this build, so links to them get the right message.
pub(super) struct LeftOut {
    pub drafts: BTreeSet<String>,
    /// Files whose front matter has errors: those are reported already, and a link to them
    /// is not a second problem.
    pub unreadable: BTreeSet<String>,
    /// Files for members only, left out of a public build: by file (pages and other
    /// files below `content/`) and pages by URL path, so a link to one says why it breaks.
    pub internal_files: BTreeSet<String>,
    pub internal_paths: BTreeMap<String, String>,
}

/// What links are resolved against: every page by file and by URL, the files copied as
/// they are, the files left out, and the site's base path.
pub(super) struct Targets<'s> {
    by_rel: ahash::AHashMap<&'s str, usize>,
    by_path: ahash::AHashMap<&'s str, usize>,
    assets: BTreeSet<&'s str>,
    left_out: &'s LeftOut,
    base: &'s str,
    /// The other languages' pages, and this site's language among them.
    translations: &'s super::translations::Translations,
    lang: usize,
}

impl<'s> Targets<'s> {
    pub(super) fn of(site: &'s Site, left_out: &'s LeftOut) -> Self {
        let pages = site.pages.iter().enumerate();
        Targets {
            // By place: in a translation, a page's path without the language.
            by_rel: pages.clone().map(|(i, p)| (p.place.as_str(), i)).collect(),
            by_path: pages.map(|(i, p)| (p.path.as_str(), i)).collect(),
            assets: site.assets.iter().map(|a| a.output.as_str()).collect(),
            left_out,
            base: site.config.base_url.path.as_str(),
            translations: &site.translations,
            lang: site.config.lang,
        }
    }

    /// What a URL path below the site's root (`ar/starting-a-project`, `roles/`,
    /// `faq.html`, `img/logo.png`) is: a page, by its index, or a file copied as it is.
    fn web_target(&self, path: &str) -> Option<Landing> {
        if self.assets.contains(path) {
            return Some(Landing::Asset(path.to_string()));
        }
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let path = path.strip_suffix(".html").unwrap_or(path);
        let dir = path.trim_end_matches('/');
        let key = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        match self.by_path.get(key.as_str()) {
            Some(&i) => Some(Landing::Page(i)),
            None => (self.left_out.internal_paths.get(key.as_str()))
                .or_else(|| self.left_out.internal_files.get(path))
                .map(|rel| Landing::Internal(rel.clone())),
        }
    }
}

/// Where a link lands.
enum Landing {
    Page(usize),
    Asset(String),
    /// A file for members only (by its path below `content/`), not in a public build.
    Internal(String),
}

/// The link's URL under the base path, with its anchor checked on the page it lands on.
fn rewrite(
    dest: &str,
    landing: Landing,
    pages: &[Page],
    base: &str,
    fragment: Option<&str>,
    web: bool,
) -> Resolution {
    match landing {
        Landing::Page(index) => {
            let target_page = &pages[index];
            let mut url = format!("{base}{}", target_page.path);
            let anchor_check = fragment.map(|f| {
                url.push('#');
                url.push_str(f);
                (Some(target_page.rel.clone()), percent_decode(f))
            });
            Resolution::Rewrite {
                url,
                anchor_check,
                web,
                title: None,
            }
        }
        Landing::Asset(path) => Resolution::Rewrite {
            url: format!("{base}{path}"),
            anchor_check: None,
            web,
            title: None,
        },
        Landing::Internal(rel) => Resolution::Broken {
            message: format!(
                "the link `{dest}` points to `content/{rel}`, which is for members only (`visibility: internal`) and left out of the public build"
            ),
            hint: Some(
                "remove the link from this public page, make this page internal too, or make the target public; `handbook build --audience internal` builds the members' site, where both are".into(),
            ),
        },
    }
}

/// What rendering found wrong with a page's links, and its links to headings that the page
/// they point at does not have.
pub(super) fn link_problems(
    page: &Page,
    anchors: &ahash::AHashMap<&str, &[String]>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for problem in &page.content.problems {
        let mut d = if problem.warning {
            Diagnostic::warning(&page.source, problem.message.clone())
        } else {
            Diagnostic::error(&page.source, problem.message.clone())
        }
        .at(problem.line, 0);
        d.hint = problem.hint.clone();
        diagnostics.push(d);
    }
    for link in &page.content.anchor_links {
        let target = link.target.as_deref().unwrap_or(&page.rel);
        let known = anchors.get(target);
        if known.is_some_and(|ids| !ids.contains(&link.anchor)) {
            let mut ids: Vec<&str> = known
                .into_iter()
                .flat_map(|ids| ids.iter().map(String::as_str))
                .collect();
            ids.sort_unstable();
            let message = format!("`{target}` has no heading with the id `#{}`", link.anchor);
            // A link written for the web still lands on its page, as in a browser; one
            // written as a path to a file names a heading of ours, which must be there.
            let d = if link.web {
                Diagnostic::warning(&page.source, message)
            } else {
                Diagnostic::error(&page.source, message)
            }
            .at(link.line, 0);
            diagnostics.push(match crate::base::error::suggest(&link.anchor, &ids) {
                Some(near) => d.hint(format!("did you mean `#{near}`?")),
                None if ids.is_empty() => d.hint("that page has no headings"),
                None => d.hint(format!("its headings are: #{}", ids.join(", #"))),
            });
        }
    }
    diagnostics
}

pub(super) fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

pub(super) fn resolve_link(
    dest: &str,
    page: &Page,
    pages: &[Page],
    targets: &Targets,
) -> Resolution {
    if dest.is_empty() || is_external(dest) {
        return Resolution::Keep;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        // On its own page: it lands there whatever the heading, as in a browser.
        return Resolution::Rewrite {
            url: dest.to_string(),
            anchor_check: Some((None, percent_decode(anchor))),
            web: true,
            title: None,
        };
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let decoded = percent_decode(path_part);
    if let Some(from_root) = decoded.strip_prefix('/') {
        // From the host's root, as a browser reads it; the base path may be written too.
        let below_base = format!("/{from_root}")
            .strip_prefix(targets.base)
            .map(str::to_string)
            .unwrap_or_else(|| from_root.to_string());
        return match join_relative("", &below_base).and_then(|p| targets.web_target(&p)) {
            Some(landing) => rewrite(dest, landing, pages, targets.base, fragment, true),
            // Somewhere else on the host: kept, and `check` says it breaks under a sub-path.
            None => Resolution::Keep,
        };
    }
    let file_link = decoded.ends_with(".md");
    if !file_link {
        // As the web reads it: from the page's own URL (`ar/building-community/`).
        let landing = join_relative(page.path.trim_end_matches('/'), &decoded)
            .and_then(|joined| targets.web_target(&joined));
        if let Some(landing) = landing {
            return rewrite(dest, landing, pages, targets.base, fragment, true);
        }
    }
    let Some(joined) = join_relative(super::site::parent_dir(&page.place), &decoded) else {
        if targets.translations.is_multilingual()
            && let Some(found) = other_language(&decoded, None, page, targets)
        {
            return found;
        }
        return Resolution::Broken {
            message: format!("the link `{dest}` leads outside content/"),
            hint: Some("link to pages and files inside content/ with relative paths".into()),
        };
    };
    if let Some(landing) = file_target(&joined, targets) {
        return rewrite(dest, landing, pages, targets.base, fragment, !file_link);
    }
    // An address of the built site written from the file's folder: mdBook's chapters link
    // to `../cli/index.html` or `other.html`, relative to their own `.html` file.
    if !file_link && let Some(landing) = targets.web_target(&joined) {
        return rewrite(dest, landing, pages, targets.base, fragment, true);
    }
    if targets.left_out.unreadable.contains(&joined) {
        return Resolution::Keep;
    }
    if targets.translations.is_multilingual()
        && let Some(found) = other_language(&decoded, Some(&joined), page, targets)
    {
        return found;
    }
    if targets.left_out.drafts.contains(&joined) {
        return Resolution::Broken {
            message: format!("the link `{dest}` points to a draft, which is left out of the build"),
            hint: Some("publish the page (remove `draft: true`) or remove the link".into()),
        };
    }
    broken(dest, &joined, page, targets, file_link)
}

/// What a path below `content/` (`roles/lead.md`, `roles/`, `roles`) is as a file: a page,
/// by its file, its folder's page, or the file with `.md` added; or a file copied as it is.
fn file_target(joined: &str, targets: &Targets) -> Option<Landing> {
    let target = file_candidates(joined)
        .iter()
        .find_map(|c| targets.by_rel.get(c.as_str()).copied());
    match target {
        Some(index) => Some(Landing::Page(index)),
        None if targets.assets.contains(joined) => Some(Landing::Asset(joined.to_string())),
        None => internal_file(joined, targets).map(Landing::Internal),
    }
}

/// The files a path below `content/` may mean: itself when it names a `.md` file, else its
/// folder's page or the file with `.md` added.
fn file_candidates(joined: &str) -> Vec<String> {
    if joined.ends_with(".md") {
        return vec![joined.to_string()];
    }
    let dir = joined.trim_end_matches('/');
    // The site's own folder (`./`, `../` from a top-level page) is its home page.
    let inside = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    vec![
        format!("{inside}index.md"),
        format!("{inside}_index.md"),
        format!("{inside}README.md"),
        format!("{inside}readme.md"),
        format!("{dir}.md"),
    ]
}

/// The members-only file a path below `content/` means, when a public build left it out.
fn internal_file(joined: &str, targets: &Targets) -> Option<String> {
    let internal = &targets.left_out.internal_files;
    if internal.is_empty() {
        return None;
    }
    if internal.contains(joined) {
        return Some(joined.to_string());
    }
    file_candidates(joined)
        .into_iter()
        .find(|c| internal.contains(c.as_str()))
}

/// In a handbook of several languages, a link this language's site cannot place: one that
/// names a language (`purpose.de.md`, or `../../purpose.md` out of `content/de/`), else the
/// same page in the default language, with a title that says so. `joined` is the link from
/// the page's place, when it stays inside the content.
fn other_language(
    decoded: &str,
    joined: Option<&str>,
    page: &Page,
    targets: &Targets,
) -> Option<Resolution> {
    let t = targets.translations;
    let to = |url: String, title: Option<String>| Resolution::Rewrite {
        url,
        anchor_check: None,
        web: false,
        title,
    };
    // A suffix or a language's folder in the link itself.
    if let Some(joined) = joined {
        let (lang, place) = t.of_file(joined);
        if place != joined
            && let Some(url) = t.find(lang, &file_candidates(&place))
        {
            return Some(to(url, None));
        }
    }
    // Out of a language's folder, as the files lie: `../../purpose.md` from `content/de/x/`.
    let code = &t.languages()[targets.lang].code;
    if targets.lang > 0
        && page.rel.starts_with(&format!("{code}/"))
        && let Some(real) = join_relative(super::site::parent_dir(&page.rel), decoded)
    {
        let (lang, place) = t.of_file(&real);
        if lang != targets.lang
            && let Some(url) = t.find(lang, &file_candidates(&place))
        {
            return Some(to(url, None));
        }
    }
    let joined = joined?;
    if targets.lang == 0 {
        return None;
    }
    let url = t.find(0, &file_candidates(joined))?;
    let default = &t.languages()[0];
    Some(to(
        url,
        Some(format!(
            "Not translated yet: this page is in {}",
            default.name
        )),
    ))
}

/// A link that lands nowhere, read either way: the error, with the page most likely meant
/// in the same folder or language, written as a file link (which reads the same everywhere).
fn broken(dest: &str, joined: &str, page: &Page, targets: &Targets, file_link: bool) -> Resolution {
    let from = super::site::parent_dir(&page.place);
    let known: Vec<&str> = targets
        .by_rel
        .keys()
        .copied()
        .chain(targets.assets.iter().copied())
        .collect();
    let (message, missing) = if file_link {
        let message =
            format!("the link `{dest}` points to `content/{joined}`, which does not exist");
        (message, joined.to_string())
    } else {
        // As the web reads it, from the page's URL: what a browser would have asked for.
        let path = dest.split(['#', '?']).next().unwrap_or(dest);
        let web = join_relative(page.path.trim_end_matches('/'), &percent_decode(path))
            .unwrap_or_else(|| joined.to_string());
        let message = format!(
            "the link `{dest}` leads to no page: neither `{}{web}` (read as a web address) nor `content/{joined}` (read as a file) exists",
            targets.base
        );
        let stem = web.trim_end_matches('/');
        let stem = stem.strip_suffix("/index.html").unwrap_or(stem);
        let stem = stem.strip_suffix(".html").unwrap_or(stem);
        (message, format!("{stem}.md"))
    };
    let hint = match likely_target(&missing, &known).or_else(|| likely_target(joined, &known)) {
        Some(near) => format!(
            "did you mean `{}`? Paths are relative to the folder of this file",
            crate::base::text::relative_path(from, near)
        ),
        None => "paths are relative to the folder of this file, e.g. `../ground-rules.md`".into(),
    };
    Resolution::Broken {
        message,
        hint: Some(hint),
    }
}

/// The file an author most likely meant by a link to `missing`: one with the same name in
/// another folder (`lead.md` -> `roles/lead.md`), else one whose name holds it (`join.md` ->
/// `how-to-join.md`), else the nearest spelling; the shortest path first, so a file in the
/// same folder wins over one deeper down. When the link points into a folder that exists
/// (`ar/...`), names and spellings are only looked for among that folder's files: a page of
/// another language is never what was meant.
fn likely_target<'a>(missing: &str, known: &[&'a str]) -> Option<&'a str> {
    let name = missing.rsplit('/').next().unwrap_or(missing);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let folder = missing.rsplit_once('/').map_or("", |(dir, _)| dir);
    let top = missing.split_once('/').map(|(top, _)| format!("{top}/"));
    let in_top: Vec<&'a str> = match &top {
        Some(top) => known
            .iter()
            .copied()
            .filter(|k| k.starts_with(top))
            .collect(),
        None => Vec::new(),
    };
    let pool: &[&'a str] = if in_top.is_empty() { known } else { &in_top };
    // A file of that very name anywhere (a link written from the wrong folder), the one in
    // the same top folder first, then the same folder's subfolders, then the shortest path.
    let mut same_name: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| k.rsplit('/').next() == Some(name))
        .collect();
    let in_same_top = |k: &str| top.as_ref().is_some_and(|top| k.starts_with(top.as_str()));
    same_name.sort_by_key(|k| (!in_same_top(k), !k.starts_with(folder), k.len(), *k));
    if let Some(first) = same_name.first() {
        return Some(first);
    }
    if stem.len() >= 3 {
        let mut holding: Vec<&str> = pool
            .iter()
            .copied()
            .filter(|k| {
                let file = k.rsplit('/').next().unwrap_or(k);
                file.ends_with(".md") && file.contains(stem)
            })
            .collect();
        holding.sort_by_key(|k| (!k.starts_with(folder), k.len(), *k));
        if let Some(first) = holding.first() {
            return Some(first);
        }
    }
    crate::base::error::suggest(missing, pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_recognised() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b.org"));
        assert!(!is_external("roles/lead.md"));
    }

    #[test]
    fn a_missing_link_finds_the_page_meant() {
        let known = [
            "ground-rules.md",
            "roles/lead.md",
            "ja/roles/lead.md",
            "how-to-join.md",
        ];
        assert_eq!(likely_target("lead.md", &known), Some("roles/lead.md"));
        assert_eq!(likely_target("join.md", &known), Some("how-to-join.md"));
        assert_eq!(
            likely_target("ja/lead.md", &known),
            Some("ja/roles/lead.md")
        );
        assert_eq!(
            crate::base::text::relative_path("roles", "ground-rules.md"),
            "../ground-rules.md"
        );
        assert_eq!(
            crate::base::text::relative_path("ja/roles", "ja/how-to-join.md"),
            "../how-to-join.md"
        );
    }
}
