//! The default theme's second edition (issue 21), read as HTML: every id a template makes is
//! a real heading on the web and in print, callouts from GitHub's alert syntax, the site's
//! identity (favicon, social preview), the colour scheme switch and the page layout's parts.

use crate::fixture::*;
use scraper::{Html, Selector};

fn print_page(out: &std::path::Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join("print/index.html")).unwrap())
}

#[test]
fn every_link_in_the_printed_handbook_lands_on_a_heading_or_the_bodys_own_id() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let html = print_page(&out);
    let link = Selector::parse("a[href^='#']").unwrap();
    let mut checked = 0;
    for a in html.select(&link) {
        let id = &a.value().attr("href").unwrap()[1..];
        let target = Selector::parse(&format!("[id='{id}']")).unwrap();
        let found: Vec<_> = html.select(&target).collect();
        assert_eq!(found.len(), 1, "#{id}: {} elements", found.len());
        let text: String = found[0].text().collect();
        assert!(!text.trim().is_empty(), "#{id} is an empty element");
        checked += 1;
    }
    assert!(checked > 40, "only {checked} links");
    // The ids the templates make are headings with their words, not empty marks.
    let role_link = Selector::parse("a[href$='-reporting']").unwrap();
    let to_rules = html.select(&role_link).next().expect("the role's link");
    let id = &to_rules.value().attr("href").unwrap()[1..];
    let heading = html
        .select(&Selector::parse(&format!("h3[id='{id}']")).unwrap())
        .next()
        .expect("a heading");
    assert_eq!(heading.text().collect::<String>(), "Reporting a breach");
    assert!(select(&html, "span[id]:empty").is_empty());
    // Each printed page's title is its anchor: the contents link to the headings.
    let contents = attrs(&html, ".print-toc a", "href");
    let titles = attrs(&html, ".print-page > h2", "id");
    assert_eq!(
        contents,
        titles.iter().map(|t| format!("#{t}")).collect::<Vec<_>>()
    );
}

#[test]
fn a_link_to_a_part_a_page_does_not_have_lands_on_the_page_in_print() {
    let f = Fixture::with_config("title: T\n");
    f.write(
        "content/ground-rules.md",
        "---\ntitle: Ground rules\nrules:\n  - title: Be kind\n---\n",
    )
    .write(
        "content/faq.md",
        "---\ntitle: FAQ\n---\n## Title\n\nSee [reporting](ground-rules.md#reporting) and [the rules](ground-rules.md#main).\n",
    );
    f.build().assert_ok();
    let html = print_page(&f.out());
    let rules = attrs(&html, ".print-page > h2", "id");
    let links = attrs(&html, ".content a", "href");
    // Both land on the rules' title: there is no "Reporting" part, and `main` is the web's.
    let rules_anchor = format!("#{}", rules[1]);
    assert_eq!(links, [rules_anchor.clone(), rules_anchor]);
    // A body's heading "Title" and the page's title never share an id.
    let ids = attrs(&html, "[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
}

const CALLOUTS: &str = "---\ntitle: Before the call\n---\n> [!NOTE]\n> Calls are recorded.\n\n> [!WARNING]\n> Do not share the link.\n\n> [!TIP]\n> Join five minutes early.\n\n> Just a quote.\n";

#[test]
fn github_alerts_become_callouts_titled_in_the_sites_language() {
    let f = Fixture::with_config("title: T\nlanguages: [en, de]\n");
    f.write("content/call.md", CALLOUTS).write(
        "content/de/call.md",
        "---\ntitle: Vor dem Treffen\n---\n> [!IMPORTANT]\n> Bitte pünktlich.\n",
    );
    f.build().assert_ok();
    let en = f.html("call/index.html");
    assert_eq!(
        attrs(&en, ".content .callout", "class"),
        [
            "callout callout-note",
            "callout callout-warning",
            "callout callout-tip"
        ]
    );
    assert_eq!(select(&en, ".callout-title"), ["Note", "Warning", "Tip"]);
    assert_eq!(
        select(&en, ".callout-warning p:not(.callout-title)"),
        ["Do not share the link."]
    );
    // A plain quote stays a quote, and the marker is not left in the text.
    assert_eq!(select(&en, ".content blockquote"), ["Just a quote."]);
    assert!(!f.read("call/index.html").contains("[!NOTE]"));
    let de = f.html("de/call/index.html");
    assert_eq!(
        select(&de, ".callout-important .callout-title"),
        ["Wichtig"]
    );
}

#[test]
fn callouts_survive_the_sanitizer_of_a_page_with_html_of_its_own() {
    let f = Fixture::with_config("title: T\n");
    f.write(
        "content/call.md",
        &format!("{CALLOUTS}\n<details><summary>More</summary>Text</details>\n<div class=\"evil\" onclick=\"x()\">hi</div>\n"),
    );
    f.build().assert_ok();
    let page = f.html("call/index.html");
    assert_eq!(select(&page, ".callout-title"), ["Note", "Warning", "Tip"]);
    assert_eq!(select(&page, "details summary"), ["More"]);
    let html = f.read("call/index.html");
    assert!(
        !html.contains("onclick") && !html.contains("evil"),
        "{html}"
    );
}

#[test]
fn a_shared_link_shows_the_page_with_a_social_card_and_the_site_has_an_icon() {
    let f = Fixture::with_config(
        "title: Open Data Stewards\ndescription: We look after open data.\nbase_url: https://stewards.example.org/hb/\n",
    );
    f.write(
        "content/faq.md",
        "---\ntitle: Questions\ndescription: What new members ask.\n---\nText.\n",
    );
    f.build().assert_ok();
    let page = f.html("faq/index.html");
    let meta = |property: &str| attrs(&page, &format!("meta[property='{property}']"), "content");
    assert_eq!(meta("og:title"), ["Questions"]);
    assert_eq!(meta("og:description"), ["What new members ask."]);
    assert_eq!(meta("og:url"), ["https://stewards.example.org/hb/faq/"]);
    assert_eq!(
        meta("og:image"),
        ["https://stewards.example.org/hb/social.svg"]
    );
    assert_eq!(
        attrs(&page, "meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    assert_eq!(attrs(&page, "link[rel=icon]", "href"), ["/hb/favicon.svg"]);
    // The icon and the card are made from the site's initials and title.
    let icon = f.read("favicon.svg");
    assert!(
        icon.contains(">OD</text>") && icon.contains("#0b57a4"),
        "{icon}"
    );
    let card = f.read("social.svg");
    assert!(card.contains("Open Data Stewards") && card.contains("We look after open data."));
    // The home page's description is the site's.
    let home = f.html("index.html");
    assert_eq!(
        attrs(&home, "meta[property='og:description']", "content"),
        ["We look after open data."]
    );
}

#[test]
fn a_groups_own_icon_wins_and_without_a_host_no_card_is_claimed() {
    let f = Fixture::with_config("title: T\ntheme: harbour\n");
    f.write("content/index.md", "---\ntitle: Home\n---\n")
        .write(
            "static/favicon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>ours</title></svg>\n",
        );
    f.build().assert_ok();
    assert!(f.read("favicon.svg").contains("<title>ours</title>"));
    // harbour's accent colours the card it makes.
    assert!(f.read("social.svg").contains("#0d6b6b"));
    let home = f.html("index.html");
    assert!(attrs(&home, "meta[property='og:image']", "content").is_empty());
    assert_eq!(
        attrs(&home, "meta[name='twitter:card']", "content"),
        ["summary"]
    );
}

#[test]
fn a_logo_is_shown_in_the_header_and_a_wrong_one_is_one_error_with_a_fix() {
    let f = Fixture::with_config("title: T\nlogo: logo.svg\n");
    f.write("content/index.md", "---\ntitle: Home\n---\n")
        .write(
            "static/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        );
    f.build().assert_ok();
    assert_eq!(
        attrs(&f.html("index.html"), ".site-title img", "src"),
        ["/logo.svg"]
    );
    let f = Fixture::with_config("title: T\nlogo: logo.png\n");
    f.write("content/index.md", "---\ntitle: Home\n---\n");
    let err = f.build().assert_fails();
    assert_eq!(err.matches("error in").count(), 1, "{err}");
    assert!(
        err.contains("handbook.yaml:2:7") && err.contains("static/logo.png"),
        "{err}"
    );
    for (logo, says) in [
        ("https://x.org/l.png", "is not a file of this site"),
        ("../secret.svg", "is not a file of this site"),
        ("logo.txt", "is not an image"),
    ] {
        f.write("handbook.yaml", &format!("title: T\nlogo: {logo}\n"));
        let err = f.build().assert_fails();
        assert!(
            err.contains(says) && err.contains("logo: logo.svg"),
            "{err}"
        );
    }
}

#[test]
fn the_layout_has_a_menu_button_for_phones_the_sections_and_the_pages_headings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let read = |rel: &str| Html::parse_document(&std::fs::read_to_string(out.join(rel)).unwrap());
    let faq = read("faq/index.html");
    // The menu button is a disclosure of the menu, closed until pressed.
    assert_eq!(attrs(&faq, ".menu-button", "aria-expanded"), ["false"]);
    assert_eq!(attrs(&faq, ".menu-button", "aria-controls"), ["site-menu"]);
    assert_eq!(select(&faq, "#site-menu nav.site-nav").len(), 1);
    assert_eq!(
        attrs(&faq, ".search-toggle", "aria-controls"),
        ["site-search"]
    );
    assert_eq!(
        attrs(&faq, "form#site-search", "action"),
        ["/our-group/search/"]
    );
    // The sections, the current one's pages under it, the current page marked.
    let event = read("events/monthly-call/index.html");
    assert_eq!(
        select(&event, ".sidebar li li a[aria-current=page]"),
        ["Monthly call"]
    );
    assert!(select(&event, ".sidebar > ul > li > a").len() >= 8);
    // The header's menu marks the section that holds the page, and the section's own page
    // as the current one; no other item is marked.
    assert_eq!(select(&event, ".site-nav a.active"), ["Events"]);
    assert!(select(&event, ".site-nav a[aria-current]").is_empty());
    let events = read("events/index.html");
    assert_eq!(
        select(&events, ".site-nav a[aria-current=page]"),
        ["Events"]
    );
    assert!(select(&events, ".site-nav a.active").is_empty());
    assert_eq!(
        select(&events, ".sidebar > ul > li > a[aria-current=page]"),
        ["Events"]
    );
    assert!(select(&faq, ".site-nav a.active, .site-nav a[aria-current]").len() <= 1);
    // The page's headings beside it.
    assert_eq!(select(&faq, ".toc li a").len(), 4);
    // The home page's purpose is words with one link after them, not one long link.
    let home = read("index.html");
    assert_eq!(
        select(&home, ".purpose-statement a"),
        ["More about our purpose"]
    );
}

#[test]
fn people_show_their_photo_or_their_initials_and_a_missing_photo_is_an_error_at_its_line() {
    let f = Fixture::with_config("title: T\n");
    f.write(
        "content/people/ana-costa.md",
        "---\ntitle: Ana Costa\npronouns: she/her\nphoto: people/ana.jpg\n---\n",
    )
    .write("content/people/li-wei.md", "---\ntitle: Li Wei\n---\n")
    .write("content/people/x.md", "---\ntitle: X\n---\n")
    .write("static/people/ana.jpg", "not really a jpeg")
    .write(
        "content/roles/facilitator.md",
        "---\ntitle: Facilitator\nholders: [ana-costa, li-wei]\n---\n",
    );
    f.build().assert_ok();
    let people = f.html("people/index.html");
    assert_eq!(
        attrs(&people, ".person-card img.avatar", "src"),
        ["/people/ana.jpg"]
    );
    assert_eq!(select(&people, ".person-card span.avatar"), ["LW", "X"]);
    let roles = f.html("roles/index.html");
    assert_eq!(
        attrs(&roles, ".holders img.avatar", "src"),
        ["/people/ana.jpg"]
    );
    assert_eq!(select(&roles, ".holders span.avatar"), ["LW"]);
    assert_eq!(
        attrs(
            &f.html("people/ana-costa/index.html"),
            "img.avatar-large",
            "alt"
        ),
        ["Ana Costa"]
    );
    // A photo that is not there, and one outside the site: one error each, at their lines.
    f.write(
        "content/people/li-wei.md",
        "---\ntitle: Li Wei\nphoto: people/li.png\n---\n",
    )
    .write(
        "content/people/x.md",
        "---\ntitle: X\n\nphoto: ../../etc/passwd\n---\n",
    );
    let err = f.build().assert_fails();
    assert_eq!(err.matches("error in `photo`").count(), 2, "{err}");
    assert!(
        err.contains("li-wei.md:3:8") && err.contains("static/people/li.png"),
        "{err}"
    );
    assert!(
        err.contains("x.md:4:8") && err.contains("not a file of this site"),
        "{err}"
    );
}
