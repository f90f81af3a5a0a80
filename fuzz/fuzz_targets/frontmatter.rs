//! Front matter: normalising, splitting and parsing any text ends in a value or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let text = handbook::source::frontmatter::normalize(text);
    if let Ok(split) = handbook::source::frontmatter::split(&text) {
        if let Some(yaml) = split.yaml {
            if let Ok(node) = handbook::source::frontmatter::parse(yaml, split.yaml_line) {
                // Lines point into the file.
                assert!(node.line >= split.yaml_line);
                let _ = node.to_json();
            }
        }
        assert!(split.body.len() <= text.len());
    }
});
