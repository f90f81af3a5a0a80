//! `handbook build --relative`: a site that works from a folder, a zip or a shared drive,
//! opened over `file://`. Every link, stylesheet, script and image that points into the site
//! is rewritten relative to its page, and a folder's address gets its `index.html`, which a
//! web server adds by itself and a file browser does not. lol_html rewrites the attributes
//! as the HTML streams through, leaving everything else byte for byte.

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// Attributes that hold an address of the site in what handbook and its themes write.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "poster", "data-index"];

/// `url` as seen from the page at `page` (an output path such as `roles/lead/index.html`),
/// when it points into the site under `base_path`; `None` for anything else (another host,
/// `mailto:`, a fragment alone, a path outside the base).
pub fn relative_url(url: &str, page: &str, base_path: &str) -> Option<String> {
    let rest = url.strip_prefix(base_path)?;
    if url.starts_with("//") {
        return None;
    }
    let split = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, suffix) = rest.split_at(split);
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let depth = page.matches('/').count();
    Some(format!("{}{path}{suffix}", "../".repeat(depth)))
}

/// `rewrite` for a page of `site` at `path` in its output: a translation's pages are at
/// `CODE/` of the whole output, and their links to the other languages are relative too.
pub fn rewrite_in(site: &crate::model::Site, html: &str, path: &str) -> Result<String, String> {
    if site.config.lang == 0 {
        return rewrite(html, path, &site.config.base_url.path);
    }
    let page = format!("{}/{path}", site.config.language);
    rewrite(html, &page, &site.translations.base(0))
}

/// The page's HTML with its addresses into the site made relative.
pub fn rewrite(html: &str, page: &str, base_path: &str) -> Result<String, String> {
    let selector = URL_ATTRIBUTES
        .iter()
        .map(|a| format!("[{a}]"))
        .collect::<Vec<_>>()
        .join(",");
    let handler = element!(selector, |el| {
        for name in URL_ATTRIBUTES {
            if let Some(value) = el.get_attribute(name)
                && let Some(relative) = relative_url(&value, page, base_path)
            {
                el.set_attribute(name, &relative)?;
            }
        }
        Ok(())
    });
    rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(handler),
    )
    .map_err(|e| format!("could not rewrite its links for --relative: {e}"))
}

/// Where the search index is written as a script, beside `search-index.json`.
pub const SEARCH_INDEX_SCRIPT: &str = "search-index.js";

/// What goes before and after the search index's JSON to make it that script, for pages
/// opened from disk, where a browser will not fetch a JSON file beside the page. The JSON is
/// script-safe (`<`, `>` and `&` escaped).
pub const SEARCH_INDEX_SCRIPT_AROUND: (&str, &str) = ("window.handbookSearchIndex = ", ";\n");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_into_the_site_become_relative_with_index_html() {
        let at = "roles/lead/index.html";
        assert_eq!(
            relative_url("/g/", at, "/g/").as_deref(),
            Some("../../index.html")
        );
        assert_eq!(
            relative_url("/g/people/ana/#contact", at, "/g/").as_deref(),
            Some("../../people/ana/index.html#contact")
        );
        assert_eq!(
            relative_url("/g/style.css", "index.html", "/g/").as_deref(),
            Some("style.css")
        );
        assert_eq!(
            relative_url("/g/search/?q=x", "404.html", "/g/").as_deref(),
            Some("search/index.html?q=x")
        );
        for outside in [
            "https://example.org/g/",
            "#main",
            "mailto:a@b.c",
            "/other/",
            "//cdn/x",
        ] {
            assert_eq!(relative_url(outside, at, "/g/"), None, "{outside}");
        }
        assert_eq!(relative_url("//cdn/x", at, "/"), None);
    }

    #[test]
    fn only_attributes_change() {
        let html = r#"<p>See <a href="/g/roles/" class="x">roles</a> at /g/roles/.</p><img src='/g/a.png' alt="/g/">"#;
        let out = rewrite(html, "people/ana/index.html", "/g/").unwrap();
        assert_eq!(
            out,
            r#"<p>See <a href="../../roles/index.html" class="x">roles</a> at /g/roles/.</p><img src="../../a.png" alt="/g/">"#
        );
    }
}
