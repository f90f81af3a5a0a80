//! What the preview serves: the last good build as a map from path to file, the reload
//! script added to its pages, and the rules that turn a request path into a site path.

use crate::base::error::Diagnostic;
use crate::preview::session::Rebuilt;
use crate::render::Contents;
use std::path::PathBuf;
use std::sync::Arc;

/// Where live-reload clients connect; outside any base path a site can have.
pub const RELOAD_PATH: &str = "/__handbook/livereload";

/// The snippet added to served HTML pages (never to what `handbook build` writes). It
/// reloads after a good build and shows a failed build's errors as text, never as HTML.
const RELOAD_SCRIPT: &str = concat!(
    "<script data-handbook-preview>\n",
    include_str!("reload.js"),
    "</script>"
);

/// One file of the site as served.
#[derive(Debug, Clone)]
pub(super) enum Body {
    Bytes(Arc<Vec<u8>>),
    /// A file copied as it is (an image), read when asked for.
    File(PathBuf),
}

/// The last good build, as a map from path to file.
#[derive(Debug, Default, Clone)]
pub(super) struct Served {
    pub files: ahash::AHashMap<String, Body>,
    pub base_path: String,
}

impl Served {
    pub fn from(rebuilt: &Rebuilt, base_path: &str) -> Served {
        let files = rebuilt
            .files
            .iter()
            .map(|f| {
                let body = match &f.contents {
                    Contents::Bytes(bytes) => Body::Bytes(Arc::new(bytes.clone())),
                    Contents::Shared(bytes) => Body::Bytes(bytes.clone()),
                    Contents::Copy(path) => Body::File(path.clone()),
                    // The preview renders into memory; nothing is written ahead.
                    Contents::Written => Body::Bytes(Arc::new(Vec::new())),
                };
                (f.path.clone(), body)
            })
            .collect();
        Served {
            files,
            base_path: base_path.to_string(),
        }
    }
}

pub(super) fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The request path as a site path, or `None` for anything that tries to leave it:
/// `..` (also percent-encoded), backslashes, NUL, `//`, drive letters.
pub fn clean_path(raw: &str) -> Option<String> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    if !decoded.starts_with('/') || decoded.starts_with("//") || decoded.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".")
        || segments
            .first()
            .is_some_and(|s| s.len() == 2 && s.ends_with(':'))
    {
        return None;
    }
    Some(decoded)
}

pub(super) fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
    }
}

/// The page for every request while no build has succeeded yet.
pub(super) fn error_page(errors: &[Diagnostic]) -> Vec<u8> {
    let items: String = errors
        .iter()
        .map(|d| {
            format!(
                "<li><code>{}</code> {}{}</li>",
                crate::base::escape::xml(&d.location()),
                crate::base::escape::xml(&d.message),
                d.hint
                    .as_ref()
                    .map(|h| format!("<br>hint: {}", crate::base::escape::xml(h)))
                    .unwrap_or_default()
            )
        })
        .collect();
    inject(format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The handbook does not build</title></head><body><main><h1>The handbook does not build yet</h1><ol>{items}</ol><p>Fix the files and save: this page reloads by itself.</p></main></body></html>").as_bytes())
}

pub(super) fn errors_message(errors: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = errors
        .iter()
        .filter(|d| d.is_error())
        .map(|d| serde_json::json!({"place": d.location(), "message": d.message, "hint": d.hint}))
        .collect();
    serde_json::json!({"type": "errors", "errors": list}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_try_to_leave_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/%2E%2E/x",
            "/a\\b",
            "/a%5cb",
            "//etc/passwd",
            "/C:/Windows",
            "/a%00b",
            "/.",
            "relative",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        assert_eq!(
            clean_path("/roles/lead/?x=1").as_deref(),
            Some("/roles/lead/")
        );
        assert_eq!(clean_path("/caf%C3%A9/").as_deref(), Some("/café/"));
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = inject(b"<html><body><p>x</p></body></html>");
        let text = String::from_utf8(html).unwrap();
        assert!(text.ends_with("</script></body></html>"));
    }
}
