//! Links between pages: a Markdown link written as a path to a file (`../ground-rules.md`,
//! `roles/lead.md#duties`) is resolved to the page's URL under the base path, or reported
//! with the page the author most likely meant; links to headings are checked once every body
//! is rendered.

use super::site::Page;
use crate::base::error::Diagnostic;
use crate::model::markdown::Resolution;
use std::collections::{BTreeSet, HashMap};

/// Files that exist but are not pages of this build, so links to them get the right message.
pub(super) struct LeftOut {
    pub drafts: BTreeSet<String>,
    /// Files whose front matter has errors: those are reported already, and a link to them
    /// is not a second problem.
    pub unreadable: BTreeSet<String>,
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
            let d = Diagnostic::error(
                &page.source,
                format!("`{target}` has no heading with the id `#{}`", link.anchor),
            )
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

/// Joins a relative link to the folder of the page it is written in, refusing to climb out
/// of `content/`.
pub(super) fn join_relative(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn resolve_link(
    dest: &str,
    page: &Page,
    pages: &[Page],
    by_rel: &HashMap<&str, usize>,
    assets: &BTreeSet<&str>,
    left_out: &LeftOut,
    base: &str,
) -> Resolution {
    if dest.is_empty() || is_external(dest) || dest.starts_with('/') {
        return Resolution::Keep;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Resolution::Rewrite {
            url: dest.to_string(),
            anchor_check: Some((None, percent_decode(anchor))),
        };
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let Some(joined) = join_relative(
        super::site::parent_dir(&page.rel),
        &percent_decode(path_part),
    ) else {
        return Resolution::Broken {
            message: format!("the link `{dest}` leads outside content/"),
            hint: Some("link to pages and files inside content/ with relative paths".into()),
        };
    };
    let target = if joined.ends_with(".md") {
        by_rel.get(joined.as_str()).copied()
    } else {
        let dir = joined.trim_end_matches('/');
        // The site's own folder (`./`, `../` from a top-level page) is its home page.
        let inside = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let candidates = [
            format!("{inside}index.md"),
            format!("{inside}_index.md"),
            format!("{inside}README.md"),
            format!("{inside}readme.md"),
            format!("{dir}.md"),
        ];
        candidates
            .iter()
            .find_map(|c| by_rel.get(c.as_str()).copied())
    };
    if let Some(index) = target {
        let target_page = &pages[index];
        let mut url = format!("{base}{}", target_page.path);
        let anchor_check = fragment.map(|f| {
            url.push('#');
            url.push_str(f);
            (Some(target_page.rel.clone()), percent_decode(f))
        });
        return Resolution::Rewrite { url, anchor_check };
    }
    if assets.contains(joined.as_str()) {
        return Resolution::Rewrite {
            url: format!("{base}{joined}"),
            anchor_check: None,
        };
    }
    if left_out.unreadable.contains(&joined) {
        return Resolution::Keep;
    }
    if left_out.drafts.contains(&joined) {
        return Resolution::Broken {
            message: format!("the link `{dest}` points to a draft, which is left out of the build"),
            hint: Some("publish the page (remove `draft: true`) or remove the link".into()),
        };
    }
    let known: Vec<&str> = by_rel
        .keys()
        .copied()
        .chain(assets.iter().copied())
        .collect();
    let hint = match likely_target(&joined, &known) {
        Some(near) => format!(
            "did you mean `{}`? Paths are relative to the folder of this file",
            relative_from(super::site::parent_dir(&page.rel), near)
        ),
        None => "paths are relative to the folder of this file, e.g. `../ground-rules.md`".into(),
    };
    Resolution::Broken {
        message: format!("the link `{dest}` points to `content/{joined}`, which does not exist"),
        hint: Some(hint),
    }
}

/// The file an author most likely meant by a link to `missing`: one with the same name in
/// another folder (`lead.md` -> `roles/lead.md`), else one whose name holds it (`join.md` ->
/// `how-to-join.md`), else the nearest spelling; the shortest path first, so a file in the
/// same language folder wins over one deeper down.
fn likely_target<'a>(missing: &str, known: &[&'a str]) -> Option<&'a str> {
    let name = missing.rsplit('/').next().unwrap_or(missing);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let folder = missing.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut same_name: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| k.rsplit('/').next() == Some(name))
        .collect();
    // Closest to where the link looked: the same folder's subfolders, then by length.
    same_name.sort_by_key(|k| (!k.starts_with(folder), k.len(), *k));
    if let Some(first) = same_name.first() {
        return Some(first);
    }
    if stem.len() >= 3 {
        let mut holding: Vec<&str> = known
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
    crate::base::error::suggest(missing, known)
}

/// `target` (a path below the content folder) as a link from a page in `from` (a folder).
fn relative_from(from: &str, target: &str) -> String {
    let mut from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let mut to: Vec<&str> = target.split('/').collect();
    while !from.is_empty() && to.len() > 1 && from[0] == to[0] {
        from.remove(0);
        to.remove(0);
    }
    format!("{}{}", "../".repeat(from.len()), to.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_cannot_climb_out() {
        assert_eq!(
            join_relative("roles", "../ground-rules.md").as_deref(),
            Some("ground-rules.md")
        );
        assert_eq!(join_relative("", "../x.md"), None);
    }

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
            relative_from("roles", "ground-rules.md"),
            "../ground-rules.md"
        );
        assert_eq!(
            relative_from("ja/roles", "ja/how-to-join.md"),
            "../how-to-join.md"
        );
    }
}
