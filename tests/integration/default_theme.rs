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
