//! Markdown to HTML with link rewriting and the sanitizer: never a panic, and, read back by an
//! HTML parser, no script element, no event-handler attribute and no unsafe link.
#![no_main]
use handbook::base::text::is_safe_url;
use handbook::model::markdown::{Resolution, render_with};
use handbook::source::settings::RawHtml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let resolve = |dest: &str| {
        if dest.ends_with(".md") {
            Resolution::Rewrite { url: format!("/base/{dest}"), anchor_check: None }
        } else {
            Resolution::Keep
        }
    };
    let out = render_with(body, 1, &["main"], RawHtml::Sanitize, &resolve);
    let html = scraper::Html::parse_fragment(&out.html);
    let all = scraper::Selector::parse("*").unwrap();
    for element in html.select(&all) {
        let el = element.value();
        assert!(!matches!(el.name(), "script" | "iframe" | "object" | "embed" | "base" | "form"), "<{}> from {body:?}", el.name());
        for (name, value) in el.attrs() {
            assert!(!name.to_ascii_lowercase().starts_with("on"), "{name} from {body:?}");
            if matches!(name, "href" | "src" | "action" | "formaction") {
                assert!(is_safe_url(value), "{name}={value:?} from {body:?}");
            }
        }
    }
    let mut ids = std::collections::HashSet::new();
    for entry in &out.toc {
        assert!(ids.insert(entry.id.clone()), "duplicate id {}", entry.id);
    }
});
