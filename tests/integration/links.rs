//! Links: on a project site under a sub-path every `href` and `src` must lead to a file the
//! build wrote, and every `#fragment` to an id on that page.

use crate::fixture::*;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn ids_of(html: &Html) -> BTreeSet<String> {
    let selector = Selector::parse("[id]").unwrap();
    html.select(&selector)
        .filter_map(|e| e.value().attr("id").map(String::from))
        .collect()
}

#[test]
fn every_link_of_the_example_site_resolves_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_example_under_sub_path(&out);
    let pages: BTreeMap<String, Html> = walk(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let rel = p.strip_prefix(&out).unwrap().to_string_lossy().into_owned();
            (
                rel,
                Html::parse_document(&std::fs::read_to_string(&p).unwrap()),
            )
        })
        .collect();
    assert!(pages.len() > 20, "only {} pages", pages.len());
    let selector = Selector::parse("[href], [src]").unwrap();
    let mut checked = 0;
    for (rel, html) in &pages {
        for element in html.select(&selector) {
            let url = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap();
            if url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let target = if path.is_empty() {
                rel.clone()
            } else {
                let local = path
                    .strip_prefix("/our-group/")
                    .unwrap_or_else(|| panic!("{rel}: `{url}` is not under /our-group/"));
                if local.is_empty() || local.ends_with('/') {
                    format!("{local}index.html")
                } else {
                    local.to_string()
                }
            };
            assert!(
                Path::new(&out).join(&target).is_file(),
                "{rel}: `{url}` leads to no file ({target})"
            );
            if !fragment.is_empty() {
                let ids = ids_of(&pages[&target]);
                assert!(
                    ids.contains(fragment),
                    "{rel}: `{url}` has no target id in {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links checked");
}

#[test]
fn md_links_become_page_urls_with_their_anchors() {
    let f = Fixture::with_config("title: T\nbase_url: https://org.github.io/g/\n");
    f.write("content/ground-rules.md", "---\ntitle: Rules\nreporting: Tell us.\n---\n")
        .write("content/roles/keeper.md", "---\ntitle: Keeper\n---\n[report](../ground-rules.md#reporting) and [home](../index.md) and [top](#main)\n\n![logo](logo.png)\n")
        .write("content/roles/logo.png", "png");
    f.build().assert_ok();
    let html = f.html("roles/keeper/index.html");
    assert_eq!(
        attrs(&html, ".content a", "href"),
        ["/g/ground-rules/#reporting", "/g/", "#main"]
    );
    assert_eq!(attrs(&html, ".content img", "src"), ["/g/roles/logo.png"]);
    assert_eq!(f.read("roles/logo.png"), "png");
}

#[test]
fn heading_ids_are_unique_even_beside_the_themes_own() {
    let f = Fixture::new();
    f.write("content/roles/lead.md", "---\ntitle: Lead\nresponsibilities: [Lead]\n---\n## Responsibilities\n\n## Notes\n\n## Notes\n");
    f.build().assert_ok();
    let html = f.html("roles/lead/index.html");
    let selector = Selector::parse("[id]").unwrap();
    let ids: Vec<_> = html
        .select(&selector)
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let unique: BTreeSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
    assert!(
        ids.contains(&"responsibilities-1") && ids.contains(&"notes-1"),
        "{ids:?}"
    );
}

#[test]
fn links_cannot_climb_out_of_content() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n[secret](../handbook.yaml)\n",
    );
    let err = f.build().assert_fails();
    assert!(
        err.contains("content/a.md:4: error: the link `../handbook.yaml` leads outside content/"),
        "{err}"
    );
}

/// A `%` that starts no escape is kept as written, whatever follows it: a letter and then an
/// accented one (`%aé`) used to cut the character in two and crash the build.
#[test]
fn a_stray_percent_before_an_accent_is_one_error_not_a_crash() {
    let f = Fixture::new();
    f.write("content/100%.md", "---\ntitle: All of it\n---\nText.\n")
        .write(
            "content/links.md",
            "---\ntitle: Links\n---\n[all](100%.md) [here](#%aé) [x](notes%aé.md)\n",
        );
    let build = f.build();
    let err = build.assert_fails();
    assert_eq!(build.output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("notes%aé.md"), "{err}");
    assert_eq!(
        err.matches(": error:").count(),
        1,
        "one mistake, one message: {err}"
    );
    f.write(
        "content/links.md",
        "---\ntitle: Links\n---\n[all](100%.md) [here](#%aé)\n",
    );
    f.build().assert_ok();
    let hrefs = attrs(&f.html("links/index.html"), ".content a", "href");
    assert_eq!(hrefs, ["/100/", "#%a%C3%A9"]);
}

/// Links as editors and GitHub write them to files with spaces and accents: percent-encoded,
/// with encoded fragments. (cargo mutants found percent_decode unguarded by any test.)
#[test]
fn percent_encoded_links_and_fragments_resolve() {
    let f = Fixture::new();
    f.write("content/my notes.md", "---\ntitle: My notes\n---\nText.\n")
        .write("content/café.md", "---\ntitle: Café\n---\n## Début\n\nText.\n")
        .write(
            "content/links.md",
            "---\ntitle: Links\n---\n[notes](my%20notes.md) [début](caf%C3%A9.md#d%C3%A9but) [raw](café.md#début)\n",
        );
    f.build().assert_ok();
    let hrefs = attrs(&f.html("links/index.html"), ".content a", "href");
    assert_eq!(hrefs[0], "/my-notes/");
    // The page's URL drops the accent (docs/authoring.md); the heading's id keeps it.
    assert!(hrefs[1].starts_with("/cafe/#d"), "{hrefs:?}");
    assert!(hrefs[2].starts_with("/cafe/#d"), "{hrefs:?}");
    // A wrong fragment lists the page's headings.
    f.write(
        "content/links.md",
        "---\ntitle: Links\n---\n[début](caf%C3%A9.md#dbut-x)\n",
    );
    let err = f.build().assert_fails();
    assert!(
        err.contains("`café.md` has no heading with the id `#dbut-x`"),
        "{err}"
    );
    assert!(err.contains("début"), "{err}");
}
