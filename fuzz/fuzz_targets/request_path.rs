//! The preview's request paths: anything that could leave the site is refused.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    if let Some(path) = handbook::preview::clean_path(raw) {
        assert!(path.starts_with('/') && !path.starts_with("//"), "{path:?}");
        assert!(!path.contains('\\') && !path.contains('\0'), "{path:?}");
        assert!(path[1..].split('/').all(|s| s != ".." && s != "."), "{path:?}");
    }
});
