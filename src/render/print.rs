//! The printable handbook (`/print/`): every page in reading order in one document, with
//! links between pages turned into links within it and every id made unique by a prefix.

use crate::model::{Kind, Site};
use std::collections::{HashMap, HashSet};

/// Where links land in the printed document.
pub struct Targets<'a> {
    /// A printed page's URL, with its anchor and the ids the theme's templates give its kind.
    pub pages: HashMap<String, (String, &'static [&'static str])>,
    /// Every id the print template wrote (`p2-reporting`): a link to a template's id that
    /// the printed page lacks (the page has no "Reporting" part) lands on the page instead.
    pub printed: HashSet<&'a str>,
}

impl Targets<'_> {
    /// An attribute's value rewritten for the page at `anchor` with `ids`: an id prefixed,
    /// a link to a printed page or a place in one sent to its place in the document.
    fn push_value(
        &self,
        out: &mut String,
        is_id: bool,
        value: &str,
        (anchor, ids): (&str, &[&str]),
    ) {
        if is_id {
            out.push_str(anchor);
            out.push('-');
            out.push_str(value);
        } else if let Some(fragment) = value.strip_prefix('#') {
            self.place(out, anchor, ids, Some(fragment));
        } else {
            let (path, fragment) = value
                .split_once('#')
                .map_or((value, None), |(p, f)| (p, Some(f)));
            match self.pages.get(path) {
                Some((target, ids)) => self.place(out, target, ids, fragment),
                None => out.push_str(value),
            }
        }
    }

    /// The place in the document for `fragment` of the page at `anchor` with `ids`.
    fn place(&self, out: &mut String, anchor: &str, ids: &[&str], fragment: Option<&str>) {
        out.push('#');
        out.push_str(anchor);
        let Some(fragment) = fragment else { return };
        // Only a template's id can be missing; the body's own ids are always printed.
        if ids.contains(&fragment)
            && !self
                .printed
                .contains(format!("{anchor}-{fragment}").as_str())
        {
            return;
        }
        out.push('-');
        out.push_str(fragment);
    }
}

/// The ids in a template's output: `id="..."` inside tags.
fn ids_in(html: &str) -> HashSet<&str> {
    memchr::memmem::find_iter(html.as_bytes(), b" id=\"")
        .filter_map(|at| {
            let value = &html[at + 5..];
            value.find('"').map(|end| &value[..end])
        })
        .collect()
}

/// The order of a printed handbook: what the group is, its rules, who does what, how to
/// start, when it meets, what it plans and has achieved, then everything else. A kind left
/// out of this list is left out of the document.
const ORDER: &[Kind] = &[
    Kind::Purpose,
    Kind::GroundRules,
    Kind::Role,
    Kind::Person,
    Kind::Step,
    Kind::Event,
    Kind::Plan,
    Kind::Success,
    Kind::Page,
    Kind::Section,
];

/// Pages in print order, each with the anchor it gets in the document.
pub fn order(site: &Site) -> Vec<(usize, String)> {
    let in_sections: Vec<usize> = site
        .sections
        .iter()
        .flat_map(|s| s.index.into_iter().chain(s.pages.iter().copied()))
        .collect();
    // Whether a page is placed yet, by number: a page can be in two sections' lists, and
    // a search of the list so far would make this quadratic in the number of pages.
    let mut placed = vec![false; site.pages.len()];
    let mut ordered = Vec::with_capacity(site.pages.len());
    if let Some(home) = site.home {
        placed[home] = true;
        ordered.push(home);
    }
    for kind in ORDER {
        for &i in &in_sections {
            if site.pages[i].kind == *kind && !placed[i] {
                placed[i] = true;
                ordered.push(i);
            }
        }
    }
    ordered
        .into_iter()
        .enumerate()
        .map(|(n, i)| (i, format!("p{n}")))
        .collect()
}

/// Rewrites one page's HTML for the printed document: `id="x"` becomes `id="ANCHOR-x"`,
/// `href="#x"` follows it, and links to other printed pages (by their URL, with or without
/// a fragment) become links to their place in the document. Only attributes inside tags are
/// touched; our HTML quotes attributes with `"` and escapes `>` inside them.
///
/// A tag runs from a `<` to the next `>`; an attribute is ` id="` or ` href="` inside one,
/// its value up to the next `"` before the tag ends. The body is searched for `="` alone
/// (a few dozen a body) rather than tag by tag (a few hundred, each a search of its own: most
/// of the printed handbook's time), and each match is placed by the last `<` and `>` before
/// it, looked for only since the match before, so each byte is read about once.
pub fn rewrite(html: &str, (anchor, ids): (&str, &[&str]), targets: &Targets) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut copied = 0;
    let mut tags = Tags::default();
    // After a value with no closing quote in its tag, the rest of that tag is left as it is.
    let mut skip_until = 0;
    for equals in memchr::memmem::find_iter(bytes, b"=\"") {
        let before = &bytes[..equals];
        let (space, is_id) = if before.ends_with(b" id") {
            (equals - 3, true)
        } else if before.ends_with(b" href") {
            (equals - 5, false)
        } else {
            continue;
        };
        // A space inside the value just rewritten (`id=" id="`) begins no attribute.
        if space < copied || space < skip_until {
            continue;
        }
        let Some(close) = tags.closing(bytes, space) else {
            continue;
        };
        let value_start = equals + 2;
        let Some(end) = memchr::memchr(b'"', &bytes[value_start..close]) else {
            skip_until = close;
            continue;
        };
        let value = &html[value_start..value_start + end];
        out.push_str(&html[copied..value_start]);
        targets.push_value(&mut out, is_id, value, (anchor, ids));
        copied = value_start + end;
    }
    out.push_str(&html[copied..]);
    out
}

/// Where the tags are, read forward as `rewrite` asks about places further on: the last `<`
/// and `>` seen, and the end of the tag last asked about.
#[derive(Default)]
struct Tags {
    /// How far the body has been read for `<` and `>`.
    read: usize,
    last_open: Option<usize>,
    last_close: Option<usize>,
    /// The tag last found (its `<`) and its `>`, if it has one.
    found: Option<(usize, Option<usize>)>,
}

impl Tags {
    /// The `>` that ends the tag `at` is in, or `None` when `at` is not inside a tag (or in
    /// one that never ends). Places must be asked about in increasing order.
    fn closing(&mut self, bytes: &[u8], at: usize) -> Option<usize> {
        let window = &bytes[self.read..at];
        if let Some(open) = memchr::memrchr(b'<', window) {
            self.last_open = Some(self.read + open);
        }
        if let Some(close) = memchr::memrchr(b'>', window) {
            self.last_close = Some(self.read + close);
        }
        self.read = at;
        let open = self.last_open?;
        if self.last_close.is_some_and(|close| close > open) {
            return None;
        }
        match self.found {
            Some((known, close)) if known == open => close,
            _ => {
                let close = memchr::memchr(b'>', &bytes[at..]).map(|c| c + at);
                self.found = Some((open, close));
                close
            }
        }
    }
}

/// The printed handbook's HTML in parts: the template's output with each body's placeholder
/// replaced by the body, rewritten for the document. Made one body at a time, so that the
/// whole handbook is never one string while the page is written.
pub fn parts<'h>(site: &'h Site, html: &'h str) -> impl Iterator<Item = String> + 'h {
    let order = order(site);
    let reserved = |i: usize| crate::view::contract::reserved_ids(site.pages[i].kind);
    let targets = Targets {
        pages: order
            .iter()
            .map(|(i, anchor)| {
                (
                    crate::view::contract::url(site, &site.pages[*i].path),
                    (anchor.clone(), reserved(*i)),
                )
            })
            .collect(),
        printed: ids_in(html),
    };
    let mut rest = html;
    let mut done = false;
    // Made once: a search set up for each of ten thousand bodies cost more than the search.
    let placeholder = memchr::memmem::Finder::new(crate::view::contract::PRINT_PLACEHOLDER);
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match placeholder.find(rest.as_bytes()) {
            Some(at) if at > 0 => {
                let (before, after) = rest.split_at(at);
                rest = after;
                Some(before.to_string())
            }
            Some(_) => {
                let after = &rest[crate::view::contract::PRINT_PLACEHOLDER.len()..];
                let end = after.find("-->").unwrap_or(0);
                let n: usize = after[..end].parse().unwrap_or(usize::MAX);
                rest = after.get(end + 3..).unwrap_or("");
                Some(match order.get(n) {
                    Some((i, anchor)) => {
                        let page = (anchor.as_str(), reserved(*i));
                        rewrite(&site.pages[*i].content.html, page, &targets)
                    }
                    None => String::new(),
                })
            }
            None => {
                done = true;
                Some(rest.to_string())
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["main", "reporting", "after-a-report"];

    fn targets(template: &str) -> Targets<'_> {
        Targets {
            pages: HashMap::from([("/g/rules/".to_string(), ("p2".to_string(), RULES))]),
            printed: ids_in(template),
        }
    }

    #[test]
    fn ids_are_prefixed_and_links_stay_inside_the_document() {
        let template = r#"<section id="p2"><h3 id="p2-reporting">Reporting</h3></section>"#;
        let html = r##"<h2 id="why">Why</h2><p>See <a href="#why">above</a>, <a href="/g/rules/#reporting">rules</a>, <a href="/g/rules/">all</a> and <a href="https://x.org">x</a>. id="not" here</p>"##;
        assert_eq!(
            rewrite(html, ("p1", &[]), &targets(template)),
            r##"<h2 id="p1-why">Why</h2><p>See <a href="#p1-why">above</a>, <a href="#p2-reporting">rules</a>, <a href="#p2">all</a> and <a href="https://x.org">x</a>. id="not" here</p>"##
        );
    }

    #[test]
    fn a_link_to_a_part_the_printed_page_lacks_lands_on_the_page() {
        // The rules have no "after a report" part in print, and `main` is the web page's.
        let template = r#"<section id="p2"><h3 id="p2-reporting">Reporting</h3></section>"#;
        let html = r##"<a href="/g/rules/#after-a-report">a</a><a href="/g/rules/#main">m</a><a href="/g/rules/#own">o</a>"##;
        assert_eq!(
            rewrite(html, ("p1", &[]), &targets(template)),
            r##"<a href="#p2">a</a><a href="#p2">m</a><a href="#p2-own">o</a>"##
        );
    }

    /// The rewrite as it was written before it searched for `="` alone: tag by tag, a space
    /// at a time. The test below holds the two to the same output.
    fn tag_by_tag(html: &str, (anchor, ids): (&str, &[&str]), targets: &Targets) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 20);
        let mut rest = html;
        // `memchr` rather than `str::find`: a body has a few hundred tags, and `find` paid a
        // search's set-up for each of them.
        while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
            out.push_str(&rest[..open]);
            let tag_and_after = &rest[open..];
            let Some(close) = memchr::memchr(b'>', tag_and_after.as_bytes()) else {
                out.push_str(tag_and_after);
                return out;
            };
            tag_by_tag_one(&mut out, &tag_and_after[..=close], (anchor, ids), targets);
            rest = &tag_and_after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn tag_by_tag_one(
        out: &mut String,
        tag: &str,
        (anchor, ids): (&str, &[&str]),
        targets: &Targets,
    ) {
        let mut copied = 0;
        let bytes = tag.as_bytes();
        let mut at = 0;
        // One pass over the tag: at each space, is an `id="` or `href="` next?
        while let Some(space) = memchr::memchr(b' ', &bytes[at..]).map(|p| p + at) {
            let after = &tag[space + 1..];
            let (name_len, is_id) = if after.starts_with("id=\"") {
                (4, true)
            } else if after.starts_with("href=\"") {
                (6, false)
            } else {
                at = space + 1;
                continue;
            };
            let value_start = space + 1 + name_len;
            let Some(end) = memchr::memchr(b'"', &bytes[value_start..]) else {
                break;
            };
            let value = &tag[value_start..value_start + end];
            out.push_str(&tag[copied..value_start]);
            targets.push_value(out, is_id, value, (anchor, ids));
            copied = value_start + end;
            at = copied;
        }
        out.push_str(&tag[copied..]);
    }

    /// Pieces that make tags, attributes, broken tags and stray quotes in any order.
    fn html_piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "<",
            ">",
            "<a",
            "<h2",
            " id=\"",
            " href=\"",
            "\"",
            " ",
            "x",
            "why",
            "#why",
            "/g/rules/",
            "/g/rules/#reporting",
            "/g/rules/#own",
            "#after-a-report",
            "=\"",
            " data-id=\"",
            "id=\"",
            "href",
            "</a>",
            "<!-- ",
            " -->",
            "\n",
            "é",
        ])
    }

    proptest::proptest! {
        #[test]
        fn the_rewrite_is_the_tag_by_tag_rewrite(
            pieces in proptest::collection::vec(html_piece(), 0..60)
        ) {
            let html: String = pieces.concat();
            let template = r#"<section id="p2"><h3 id="p2-reporting">Reporting</h3></section>"#;
            let targets = targets(template);
            proptest::prop_assert_eq!(
                rewrite(&html, ("p1", RULES), &targets),
                tag_by_tag(&html, ("p1", RULES), &targets)
            );
        }
    }
}
