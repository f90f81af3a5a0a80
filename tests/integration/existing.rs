//! Handbooks that already exist: text written for Jekyll, Hugo or GitHub's viewer links to
//! pages by their URLs (`../starting-a-project/#writing-a-readme`, `/en/faq/`) and to
//! headings by the ids GitHub gives. Those links work here as they work there, under a
//! project site's sub-path, and a link that lands nowhere is still an error at its line.

use crate::fixture::*;

const BASE: &str = "https://example.github.io/opensource-guide/";

/// A small multi-language guide in the shape of a Jekyll site: one folder a language, each
/// article linking to the others by URL, as the live site's pages do.
fn guide() -> Fixture {
    let f = Fixture::with_config(&format!("title: Open Source Guide\nbase_url: {BASE}\n"));
    f.write(
        "content/en/starting-a-project.md",
        "---\ntitle: Starting a project\n---\n## Writing a README\n\nText.\n\n## Choosing a license\n\nText.\n",
    );
    f.write(
        "content/en/building-community.md",
        "---\ntitle: Building community\n---\n\
         See [the README](../starting-a-project/#writing-a-readme),\n\
         [the article](../starting-a-project), [licenses](/en/starting-a-project/#choosing-a-license),\n\
         [with the base](/opensource-guide/en/starting-a-project/), [the old address](../starting-a-project.html)\n\
         and [the home page](../../).\n",
    );
    f.write(
        "content/ar/starting-a-project.md",
        "---\ntitle: بدء مشروع\n---\n## كتابة ملف README\n\nنص.\n",
    );
    f.write(
        "content/ar/building-community.md",
        "---\ntitle: بناء المجتمع\n---\n\
         [اقرأ](../starting-a-project/#كتابة-ملف-readme) و\n\
         [مشفر](../starting-a-project/#%D9%83%D8%AA%D8%A7%D8%A8%D8%A9-%D9%85%D9%84%D9%81-readme).\n",
    );
    f.write(
        "content/fa/free.md",
        "---\ntitle: رایگان\n---\n## مجانی / رایگان\n\nمتن.\n\n[بالا](#مجانی--رایگان)\n",
    );
    f
}

#[test]
fn links_written_for_the_web_work_under_a_sub_path() {
    let f = guide();
    let built = f.build();
    built.assert_ok();
    assert!(
        !built.stderr().contains("warning"),
        "a link that works is not a warning:\n{}",
        built.stderr()
    );
    let hrefs = attrs(
        &f.html("en/building-community/index.html"),
        "main a",
        "href",
    );
    for expected in [
        "/opensource-guide/en/starting-a-project/#writing-a-readme",
        "/opensource-guide/en/starting-a-project/",
        "/opensource-guide/en/starting-a-project/#choosing-a-license",
        "/opensource-guide/",
    ] {
        assert!(
            hrefs.iter().any(|h| h == expected),
            "{expected} not in {hrefs:?}"
        );
    }
    assert!(
        hrefs
            .iter()
            .all(|h| !h.starts_with("/en/") && !h.starts_with("../")),
        "{hrefs:?}"
    );
    // The Arabic article's links stay in Arabic, with the anchor as GitHub made it.
    let hrefs = attrs(
        &f.html("ar/building-community/index.html"),
        "main a",
        "href",
    );
    let to_heading = "/opensource-guide/ar/starting-a-project/#%D9%83%D8%AA%D8%A7%D8%A8%D8%A9-%D9%85%D9%84%D9%81-readme";
    assert_eq!(
        hrefs.iter().filter(|h| *h == to_heading).count(),
        2,
        "written plainly and percent-encoded, both land: {hrefs:?}"
    );
    assert!(!hrefs.iter().any(|h| h.contains("/en/")), "{hrefs:?}");
    let broken = broken_links(&f.out(), "/opensource-guide/");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_web_link_that_lands_nowhere_is_an_error_offering_the_page_in_its_language() {
    let f = guide();
    f.write(
        "content/ar/more.md",
        "---\ntitle: المزيد\n---\nText.\n\n[خطأ](../starting-a-projekt/)\n",
    );
    let said = f.build().assert_fails();
    assert!(said.contains("content/ar/more.md:6"), "{said}");
    assert!(said.contains("`../starting-a-projekt/`"), "{said}");
    assert!(
        said.contains("did you mean `starting-a-project.md`?"),
        "the Arabic page, not the English one:\n{said}"
    );
    assert_eq!(
        said.matches("error:").count(),
        2,
        "one error and the summary:\n{said}"
    );
}

/// A link written for the web to a heading that is not there still lands on its page, as in
/// a browser: a warning at its line, naming the id GitHub gives. The same link written as a
/// path to a file names one of our headings, and is an error.
#[test]
fn a_missing_heading_is_a_warning_on_a_web_link_and_an_error_on_a_file_link() {
    let f = guide();
    f.write(
        "content/en/faq.md",
        "---\ntitle: FAQ\n---\n[x](../starting-a-project/#writing-the-readme)\n",
    );
    let built = f.build();
    built.assert_ok();
    let said = built.stderr();
    assert!(said.contains("content/en/faq.md:4: warning: `en/starting-a-project.md` has no heading with the id `#writing-the-readme`"), "{said}");
    assert!(said.contains("did you mean `#writing-a-readme`?"), "{said}");
    f.write(
        "content/en/faq.md",
        "---\ntitle: FAQ\n---\n[x](starting-a-project.md#writing-the-readme)\n",
    );
    let said = f.build().assert_fails();
    assert!(
        said.contains("content/en/faq.md:4: error: `en/starting-a-project.md` has no heading"),
        "{said}"
    );
}

/// The five scripts of docs/authoring.md: each heading's id is the one GitHub gives, and a
/// link written against GitHub lands on it.
#[test]
fn heading_ids_are_githubs_in_five_scripts() {
    let f = Fixture::new();
    let cases = [
        ("Café & Crème brûlée", "café--crème-brûlée"),
        ("Правила группы", "правила-группы"),
        ("القواعد الأساسية", "القواعد-الأساسية"),
        ("नमस्ते दुनिया", "नमस्ते-दुनिया"),
        ("参加方法（はじめに）", "参加方法はじめに"),
        ("Intro", "intro"),
        ("Intro", "intro-1"),
    ];
    let mut body = String::from("---\ntitle: Scripts\n---\n");
    for (heading, _) in &cases {
        body.push_str(&format!("## {heading}\n\nText.\n\n"));
    }
    for (_, id) in &cases {
        body.push_str(&format!("[to {id}](#{id})\n"));
    }
    f.write("content/scripts.md", &body);
    f.build().assert_ok();
    let ids = attrs(&f.html("scripts/index.html"), "main h2", "id");
    let expected: Vec<&str> = cases.iter().map(|(_, id)| *id).collect();
    assert_eq!(ids, expected);
}

#[test]
fn old_addresses_lead_to_the_page_that_moved() {
    let f = guide();
    f.write(
        "content/en/faq.md",
        "---\ntitle: FAQ\naliases: [/en/questions/, /opensource-guide/faq.html, old/faq]\n---\nText.\n",
    );
    f.write(
        "content/en/how-to-contribute.md",
        "---\ntitle: How to contribute\naliases: /contribute/\n---\nText.\n",
    );
    f.build().assert_ok();
    for (file, target) in [
        ("en/questions/index.html", "/opensource-guide/en/faq/"),
        ("faq.html", "/opensource-guide/en/faq/"),
        ("old/faq/index.html", "/opensource-guide/en/faq/"),
        (
            "contribute/index.html",
            "/opensource-guide/en/how-to-contribute/",
        ),
    ] {
        let html = f.html(file);
        assert_eq!(
            attrs(&html, "meta[http-equiv=refresh]", "content"),
            [format!("0; url={target}")],
            "{file}"
        );
        assert_eq!(attrs(&html, "body a", "href"), [target], "{file}");
        assert_eq!(
            attrs(&html, "link[rel=canonical]", "href"),
            [format!("https://example.github.io{target}")],
            "{file}"
        );
        assert_eq!(attrs(&html, "meta[name=robots]", "content"), ["noindex"]);
    }
    // Crawled like every page; old addresses are not in the sitemap.
    let broken = broken_links(&f.out(), "/opensource-guide/");
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(!f.read("sitemap.xml").contains("questions"));
}

#[test]
fn an_old_address_the_site_uses_is_an_error_at_its_line() {
    let f = guide();
    f.write(
        "content/en/faq.md",
        "---\ntitle: FAQ\naliases:\n  - /en/starting-a-project/\n  - /search/\n  - /moved/\n---\nText.\n",
    );
    f.write(
        "content/en/other.md",
        "---\ntitle: Other\naliases: [moved]\n---\nText.\n",
    );
    let said = f.build().assert_fails();
    for expected in [
        "content/en/faq.md:4:5: error in `aliases`: `/en/starting-a-project/` is the address of the page made from content/en/starting-a-project.md",
        "content/en/faq.md:5:5: error in `aliases`: `/search/` is the address of the page `/search/`",
        "content/en/other.md:3:11: error in `aliases`: `/moved/` is also an old address of content/en/faq.md",
    ] {
        assert!(said.contains(expected), "{expected}\n{said}");
    }
    assert!(said.contains("failed with 3 error(s)"), "{said}");
}

#[test]
fn an_old_address_on_another_site_is_an_error_at_its_place() {
    let f = guide();
    f.write(
        "content/en/faq.md",
        "---\ntitle: FAQ\naliases: [/faq/, 'https://elsewhere.org/faq/']\n---\nText.\n",
    );
    let said = f.build().assert_fails();
    assert!(
        said.contains("content/en/faq.md:3:18: error in `aliases[1]`: `https://elsewhere.org/faq/` cannot be an old address of this site"),
        "{said}"
    );
    assert!(said.contains("failed with 1 error(s)"), "{said}");
}

/// A folder whose name is not its URL (`for_developers` -> `for-developers/`), with a
/// `README.md` as its page, as mdBook's own guide has: the README is the folder's page, the
/// folder is one section, and every build writes the same page (the README once raced a
/// list page made for the folder, for the same file).
#[test]
fn a_readme_in_a_folder_whose_name_is_not_its_url_is_the_folders_page() {
    let f = Fixture::with_config("title: Guide\n");
    f.write(
        "content/for_developers/README.md",
        "---\ntitle: For developers\n---\n## The build process\n\nWhat happens.\n\n## As a library\n\nText.\n\n## Plugins\n\nText.\n",
    );
    for name in ["backends", "preprocessors", "plugins"] {
        f.write(
            &format!("content/for_developers/{name}.md"),
            &format!("---\ntitle: About {name}\n---\nText.\n"),
        );
    }
    let mut first = None;
    for _ in 0..6 {
        f.build().assert_ok();
        let page = f.html("for-developers/index.html");
        assert_eq!(
            select(&page, "main h2#the-build-process"),
            ["The build process"]
        );
        let nav = attrs(&page, "nav.site-nav a", "href");
        assert_eq!(
            nav.iter()
                .filter(|h| h.ends_with("for-developers/"))
                .count(),
            1,
            "one section, listed once: {nav:?}"
        );
        let bytes = std::fs::read(f.out().join("for-developers/index.html")).unwrap();
        assert_eq!(
            first.get_or_insert(bytes.clone()),
            &bytes,
            "the same every time"
        );
    }
}
