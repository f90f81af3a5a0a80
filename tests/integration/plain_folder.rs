//! Any folder of Markdown is a handbook: a project's `docs/` folder as GitHub shows it (no
//! handbook.yaml, no content/, no front matter, README.md in each folder, relative links with
//! anchors, images beside the pages) builds with no error, every link resolving under a
//! sub-path; the preview reloads it; adding handbook.yaml later changes nothing the guess got
//! right.

use crate::fixture::{broken_links, handbook, walk};
use crate::serve::{Preview, next_message, save};
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::Path;

/// A project's documentation folder, in three languages, written as for GitHub's viewer.
fn docs_folder(root: &Path) {
    let files: &[(&str, &str)] = &[
        (
            "README.md",
            "# Open Maps Collective\n\nWe map the paths of our town together, every second Saturday.\n\n\
             - [Getting started](guide/README.md)\n- [Install the tools](guide/01-install.md#on-linux)\n\
             - [Our conventions](guide/02-conventions.md)\n- [Auf Deutsch](de/README.md)\n\
             - [日本語](ja/はじめに.md)\n\n![The map](images/map.png)\n",
        ),
        (
            "guide/README.md",
            "Getting started\n===============\n\nRead [install](01-install.md) first, then the \
             [conventions](./02-conventions.md#naming-things). Back to the [start](../README.md).\n",
        ),
        (
            "guide/01-install.md",
            "# Install the tools\n\nYou need two programs.\n\n## On Linux\n\n```sh\nsudo apt install josm\n# not a heading\n```\n\n\
             ## On macOS & Windows\n\nSee [conventions](02-conventions.md#what-we-tag) and \
             [the guide](../guide/).\n\n![screenshot](shot.png)\n",
        ),
        (
            "guide/02-conventions.md",
            "# Conventions for `tags` and [names](https://wiki.openstreetmap.org)\n\n## Naming things\n\nShort.\n\n\
             ## What we tag\n\nPaths, benches, [water](#naming-things).\n",
        ),
        ("guide/shot.png", "PNG"),
        ("images/map.png", "PNG"),
        (
            "de/README.md",
            "# Offene Karten\n\nWir kartieren gemeinsam. Zurück zur [Startseite](../README.md#open-maps-collective).\n",
        ),
        (
            "ja/はじめに.md",
            "# はじめに\n\n私たちは一緒に地図を作ります。[英語のガイド](../guide/01-install.md)\n",
        ),
        // What tools keep beside the pages is not content.
        ("node_modules/pkg/README.md", "# not a page\n"),
        (".github/ISSUE_TEMPLATE.md", "# not a page either\n"),
    ];
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn build(site: &Path, out: &Path) -> std::process::Output {
    handbook()
        .arg("build")
        .arg(site)
        .args(["--base-url", "https://org.github.io/maps/", "--output"])
        .arg(out)
        .output()
        .unwrap()
}

fn titles(out: &Path) -> BTreeMap<String, String> {
    let h1 = Selector::parse("main h1").unwrap();
    walk(out)
        .into_iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| {
            let html = Html::parse_document(&std::fs::read_to_string(&p).unwrap());
            let title = html
                .select(&h1)
                .next()
                .map(|e| e.text().collect::<String>().trim().to_string())
                .unwrap_or_default();
            (p.strip_prefix(out).unwrap().display().to_string(), title)
        })
        .collect()
}

#[test]
fn a_docs_folder_without_settings_builds_and_every_link_resolves_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("open-maps");
    docs_folder(&site);
    let out = dir.path().join("out");
    let built = build(&site, &out);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "no warnings about missing kinds: {stderr}"
    );
    assert_eq!(
        stderr.matches("note:").count(),
        2,
        "one note on the missing settings, one on the kinds: {stderr}"
    );
    assert!(
        stderr.contains("the site is called \"Open Maps Collective\""),
        "{stderr}"
    );

    let titles = titles(&out);
    for (page, title) in [
        ("index.html", "Open Maps Collective"),
        ("guide/index.html", "Getting started"),
        ("guide/01-install/index.html", "Install the tools"),
        (
            "guide/02-conventions/index.html",
            "Conventions for tags and names",
        ),
        ("de/index.html", "Offene Karten"),
    ] {
        assert_eq!(
            titles.get(page).map(String::as_str),
            Some(title),
            "{page}: {titles:?}"
        );
    }
    assert!(
        !titles
            .keys()
            .any(|p| p.contains("node_modules") || p.contains(".github"))
    );
    // The heading that became the title is not shown twice.
    let install = std::fs::read_to_string(out.join("guide/01-install/index.html")).unwrap();
    assert_eq!(
        install.matches("Install the tools</h1>").count(),
        1,
        "{install}"
    );
    // Numbers order the folder's pages; the description is the first paragraph.
    let guide =
        Html::parse_document(&std::fs::read_to_string(out.join("guide/index.html")).unwrap());
    let listed: Vec<String> = guide
        .select(&Selector::parse("main li.card h2 a").unwrap())
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(
        listed,
        ["Install the tools", "Conventions for tags and names"],
        "{listed:?}"
    );
    let meta = Selector::parse("meta[name=description]").unwrap();
    let description = Html::parse_document(&install)
        .select(&meta)
        .next()
        .and_then(|m| m.value().attr("content").map(String::from));
    assert_eq!(description.as_deref(), Some("You need two programs."));
    assert!(out.join("images/map.png").is_file() && out.join("guide/shot.png").is_file());

    let broken = broken_links(&out, "/maps/");
    assert!(broken.is_empty(), "{broken:#?}");

    // Adding the settings later (init --here) changes nothing the guess got right.
    let here = handbook()
        .args(["init", "--here"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        here.status.success(),
        "{}",
        String::from_utf8_lossy(&here.stderr)
    );
    let again = dir.path().join("again");
    assert!(build(&site, &again).status.success());
    let without_manifest = |root: &Path| -> Vec<(String, Vec<u8>)> {
        crate::fixture::tree(root)
            .into_iter()
            .filter(|(p, _)| p != ".handbook-output")
            .collect()
    };
    assert!(
        without_manifest(&out) == without_manifest(&again),
        "the output changed"
    );
    let twice = handbook()
        .args(["init", "--here"])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("there is a handbook.yaml already"));
}

#[test]
fn plain_files_in_kind_folders_and_two_folder_pages() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("notes");
    std::fs::create_dir_all(site.join("roles")).unwrap();
    std::fs::write(site.join("README.md"), "# Notes\n").unwrap();
    std::fs::write(
        site.join("roles/lead.md"),
        "# The lead\n\nRuns the calls.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let built = build(&site, &out);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    assert!(
        stderr.contains("roles/lead.md:1:1: warning: this file has no front matter, so it is a plain page, not a role"),
        "{stderr}"
    );
    // README.md and index.md in one folder claim one page: one error naming both.
    std::fs::write(site.join("index.md"), "# Also home\n").unwrap();
    let clash = build(&site, &dir.path().join("out2"));
    let stderr = String::from_utf8_lossy(&clash.stderr);
    assert_eq!(clash.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("README.md") && stderr.contains("index.md") && stderr.contains("same URL"),
        "{stderr}"
    );
    // A folder with neither settings nor Markdown is not taken for a site.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let nothing = handbook().arg("build").arg(&empty).output().unwrap();
    assert_eq!(nothing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("no handbook.yaml and no Markdown"));
}

#[test]
fn the_preview_reloads_a_plain_folder() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("docs");
    docs_folder(&site);
    let preview = Preview::start(&site, &[]);
    let (status, body) = preview.get("/guide/01-install/");
    assert_eq!(status, 200);
    assert!(body.contains("You need two programs."));
    let mut socket = preview.socket(None).unwrap();
    save(
        &site.join("guide/01-install.md"),
        "# Install the tools\n\nYou need one program now.\n\n## On Linux\n\nThe same.\n",
    );
    let message = next_message(&mut socket);
    assert_eq!(message["type"], "reload", "{message}");
    assert!(
        preview
            .get("/guide/01-install/")
            .1
            .contains("You need one program now.")
    );
    // The preview's own output folder is never taken for content.
    assert_eq!(preview.get("/public/").0, 404);
}
