//! Slugs and file names to URL paths: always inside the site.
#![no_main]
use handbook::model::Kind;
use handbook::model::site::page_path;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (rel, slug) = input;
    let rel = format!("{}.md", rel.trim_start_matches('/'));
    for slug in [None, Some(slug)] {
        let path = page_path(&rel, Kind::Page, slug);
        assert!(!path.starts_with('/'), "{path}");
        assert!(!path.contains('\\'), "{path}");
        assert!(path.split('/').all(|s| s != ".." && s != "."), "{path}");
    }
});
