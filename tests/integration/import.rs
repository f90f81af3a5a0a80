//! `handbook import`: a small site in each tool's own documented shape (tests/fixtures/
//! import/) is imported, the source is left byte for byte as it was, the handbook builds
//! with no error, and every address the old site had still leads somewhere: the same page,
//! or a redirect to it.

use crate::fixture::*;
use std::path::{Path, PathBuf};

fn fixture(tool: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(tool)
}

/// `handbook import SOURCE --from TOOL --into INTO`, to run.
fn import(source: &Path, tool: &str, into: &Path) -> std::process::Command {
    let mut command = handbook();
    command
        .arg("import")
        .arg(source)
        .args(["--from", tool, "--into"])
        .arg(into);
    command
}

/// Imports the fixture of `tool`, builds the handbook and returns (what import printed, its
/// report file, the output folder), checking that the source did not change.
fn import_and_build(tool: &str, dir: &Path) -> (String, String, PathBuf) {
    let source = fixture(tool);
    let before = tree(&source);
    let into = dir.join("handbook");
    let said = succeeds(&mut import(&source, tool, &into));
    assert_eq!(tree(&source), before, "the source was changed");
    let out = dir.join("out");
    let built = succeeds(handbook().arg("build").arg(&into).arg("--output").arg(&out));
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(!stderr.contains("error"), "{stderr}");
    let report = std::fs::read_to_string(into.join("import-report.md")).unwrap();
    (
        String::from_utf8_lossy(&said.stdout).into_owned(),
        report,
        out,
    )
}

/// Each old address leads to a file: the page itself, or a redirect to `target` (a path
/// below the base path).
#[track_caller]
fn leads(out: &Path, base: &str, old: &str, target: Option<&str>) {
    let file = if old.is_empty() || old.ends_with('/') {
        out.join(old).join("index.html")
    } else {
        out.join(old)
    };
    assert!(file.is_file(), "/{old}: nothing there ({})", file.display());
    if let Some(target) = target {
        let html = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        assert_eq!(
            attrs(&html, "meta[http-equiv=refresh]", "content"),
            [format!("0; url={base}{target}")],
            "/{old}"
        );
    }
}

#[test]
fn a_jekyll_site_imports_builds_and_keeps_its_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let (said, report, out) = import_and_build("jekyll", dir.path());
    assert!(said.contains("Imported 7 pages"), "{said}");
    // Pretty permalinks: pages keep their addresses; posts and `redirect_from` redirect.
    for old in [
        "",
        "how-to-contribute/",
        "starting-a-project/",
        "ar/how-to-contribute/",
        "ar/starting-a-project/",
        "articles/maintaining/",
    ] {
        leads(&out, "/guides/", old, None);
    }
    leads(
        &out,
        "/guides/",
        "2024/03/05/welcome/",
        Some("posts/2024-03-05-welcome/"),
    );
    leads(&out, "/guides/", "contribute/", Some("how-to-contribute/"));
    leads(&out, "/guides/", "assets/images/cover.png", None);
    // Links written with Liquid became plain links that work under /guides/.
    let broken = broken_links(&out, "/guides/");
    assert!(broken.is_empty(), "{broken:#?}");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("href=\"/guides/how-to-contribute/\""),
        "{home}"
    );
    // What was kept and what to look at, with file and line.
    for kept in [
        "`class` (4)",
        "`layout` (2)",
        "`image` (1)",
        "`related` (1)",
    ] {
        assert!(report.contains(kept), "{kept}\n{report}");
    }
    assert!(
        report.contains("how-to-contribute.md:20: template syntax left as text: {{ page.title }}"),
        "{report}"
    );
    assert!(
        report.contains(
            "about.html: a file Jekyll processes (it has front matter), not Markdown; left out"
        ),
        "{report}"
    );
    assert!(!out.join("script").exists() && !out.join("Gemfile").exists());
    let settings = std::fs::read_to_string(dir.path().join("handbook/handbook.yaml")).unwrap();
    assert!(
        settings.contains("base_url: \"https://opensource.example.org/guides/\""),
        "{settings}"
    );
    assert!(
        settings.contains("timezone: \"Europe/Berlin\""),
        "{settings}"
    );
}

#[test]
fn an_mkdocs_site_imports_with_its_nav_as_titles_and_order() {
    let dir = tempfile::tempdir().unwrap();
    let (said, report, out) = import_and_build("mkdocs", dir.path());
    assert!(said.contains("Imported 6 pages"), "{said}");
    for old in [
        "",
        "getting-started/",
        "guides/",
        "guides/publishing/",
        "guides/licensing/",
        "about/",
        "img/flow.png",
    ] {
        leads(&out, "/handbook/", old, None);
    }
    assert!(broken_links(&out, "/handbook/").is_empty());
    // The nav's order, not the alphabet's: Getting started before Guides before About.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let at = |text: &str| {
        home.find(text)
            .unwrap_or_else(|| panic!("{text} not on the home page"))
    };
    assert!(at("Getting started") < at("Guides") && at("Guides") < at("About us"));
    assert!(report.contains("getting-started.md:5: template syntax left as text: This site is called {{ config.site_name }}."), "{report}");
    assert!(report.contains("`hide` (1)"), "{report}");
    // The snippet is put in, and the attribute list's id is an anchor links reach.
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(about.contains("Open a pull request."), "{about}");
    let started = std::fs::read_to_string(out.join("getting-started/index.html")).unwrap();
    assert!(
        started.contains("href=\"/handbook/guides/licensing/#open-licence\""),
        "{started}"
    );
}

#[test]
fn an_mdbook_imports_its_summary_and_keeps_the_html_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let (said, report, out) = import_and_build("mdbook", dir.path());
    assert!(said.contains("Imported 7 pages"), "{said}");
    for (old, new) in [
        ("meetings.html", "meetings/"),
        ("meetings/agendas.html", "meetings/agendas/"),
        ("meetings/minutes.html", "meetings/minutes/"),
        ("roles.html", "roles/"),
        ("code-of-conduct.html", "code-of-conduct/"),
        ("contributors.html", "contributors/"),
    ] {
        leads(&out, "/playbook/", old, Some(new));
    }
    leads(&out, "/playbook/", "index.html", None);
    leads(&out, "/playbook/", "images/diagram.svg", None);
    assert!(broken_links(&out, "/playbook/").is_empty());
    // The whole-file include is put in; a ranged one is listed.
    let agendas = std::fs::read_to_string(out.join("meetings/agendas/index.html")).unwrap();
    assert!(agendas.contains("<li>the talks</li>"), "{agendas}");
    assert!(
        report.contains("src/notes.md: not in SUMMARY.md"),
        "{report}"
    );
    assert!(
        report.contains("src/meetings/minutes.md:6: template syntax left as text"),
        "{report}"
    );
    // Titles come from SUMMARY.md.
    assert!(
        std::fs::read_to_string(dir.path().join("handbook/content/code-of-conduct.md"))
            .unwrap()
            .contains("title: \"Code of conduct\"")
    );
}

#[test]
fn a_hugo_site_imports_with_its_bundles_slugs_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let (said, report, out) = import_and_build("hugo", dir.path());
    assert!(said.contains("Imported 7 pages"), "{said}");
    for old in [
        "",
        "about/",
        "about/when-we-meet/",
        "about/getting-there/",
        "posts/first-talk/",
        "posts/first-talk/cover.png",
        "favicon.ico",
    ] {
        leads(&out, "/", old, None);
    }
    leads(&out, "/", "schedule/", Some("about/when-we-meet/"));
    leads(&out, "/", "about/times/", Some("about/when-we-meet/"));
    leads(&out, "/", "2023/moved-post/", Some("posts/old-url/"));
    assert!(!out.join("posts/draft-post").exists(), "a draft stays out");
    assert!(broken_links(&out, "/").is_empty());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("href=\"/about/when-we-meet/\""),
        "the ref shortcode became a link"
    );
    assert!(report.contains("content/about/schedule.md:15: template syntax left as text: {{< youtube w7Ft2ymGmfc >}}"), "{report}");
    assert!(
        report.contains("`toc` (1)") && report.contains("`cover` (1)"),
        "{report}"
    );
}

#[test]
fn import_never_writes_over_a_folder_or_inside_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("taken");
    std::fs::create_dir_all(&into).unwrap();
    std::fs::write(into.join("keep.txt"), "mine").unwrap();
    let out = import(&fixture("hugo"), "hugo", &into).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists and is not empty"));
    assert_eq!(
        std::fs::read_to_string(into.join("keep.txt")).unwrap(),
        "mine"
    );
    let copy = dir.path().join("site");
    std::fs::create_dir_all(&copy).unwrap();
    copy_dir(&fixture("mkdocs"), &copy);
    let inside = import(&copy, "mkdocs", &copy.join("new")).output().unwrap();
    assert_eq!(inside.status.code(), Some(1));
    assert!(!copy.join("new").exists());
    let wrong = import(&fixture("hugo"), "mdbook", &dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("no book.toml"));
    assert!(!dir.path().join("x").exists());
}

/// A site being imported is someone else's text: it may name any file to put in a page, or
/// make an address that climbs out of the new folder. Only its own files are read, and
/// nothing is written outside the new folder.
#[test]
fn an_imported_site_cannot_reach_outside_itself() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.md"), "TOP SECRET\n").unwrap();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // mdBook: includes of a file outside the book, by an absolute path and by `..`.
    write("book/book.toml", "[book]\ntitle = \"B\"\n");
    write("book/src/SUMMARY.md", "[A](a.md)\n");
    write(
        "book/src/a.md",
        &format!(
            "# A\n\n{{{{#include {}}}}}\n{{{{#include ../../secret.md}}}}\n",
            dir.path().join("secret.md").display()
        ),
    );
    // MkDocs: a snippet from outside the project.
    write("docs-site/mkdocs.yml", "site_name: D\n");
    write(
        "docs-site/docs/index.md",
        "# D\n\n--8<-- \"../secret.md\"\n",
    );
    // Jekyll: a collection whose permalink climbs out, and a link to a file outside.
    write(
        "jekyll-site/_config.yml",
        "title: J\ncollections:\n  notes:\n    output: true\n    permalink: /../../../escaped/:path/\n",
    );
    write("jekyll-site/index.md", "# J\n");
    write("jekyll-site/_notes/n.md", "---\ntitle: N\n---\nText.\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.md"),
        dir.path().join("jekyll-site/linked.md"),
    )
    .unwrap();
    for (site, tool) in [
        ("book", "mdbook"),
        ("docs-site", "mkdocs"),
        ("jekyll-site", "jekyll"),
    ] {
        let into = dir.path().join(format!("{site}-imported"));
        let said = succeeds(&mut import(&dir.path().join(site), tool, &into));
        let said = String::from_utf8_lossy(&said.stdout).into_owned();
        for (path, bytes) in tree(&into) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("TOP SECRET"),
                "{tool}: {path} holds the file from outside\n{said}"
            );
        }
        succeeds(
            handbook()
                .arg("build")
                .arg(&into)
                .arg("--output")
                .arg(dir.path().join(format!("{site}-out"))),
        );
    }
    assert!(
        !dir.path().join("escaped").exists()
            && !dir.path().parent().unwrap().join("escaped").exists()
    );
    let report =
        std::fs::read_to_string(dir.path().join("jekyll-site-imported/import-report.md")).unwrap();
    assert!(
        report.contains("_notes/n.md: its address would put it outside content/; left out"),
        "{report}"
    );
    let report =
        std::fs::read_to_string(dir.path().join("book-imported/import-report.md")).unwrap();
    assert_eq!(
        report.matches("names no file of the book").count(),
        2,
        "{report}"
    );
}
