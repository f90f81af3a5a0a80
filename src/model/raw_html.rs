//! Raw HTML written in Markdown: the sanitizer that keeps what is safe, the elements that
//! would swallow the rest of a page when left open (`<style>`, `<script>`...), and the ids
//! that raw HTML gives (`<a id="install"></a>`), which links may point at.

use pulldown_cmark::{CowStr, Event};

/// A problem with a link, at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    pub line: usize,
    pub message: String,
    pub hint: Option<String>,
    /// A problem the build fixes by itself (an unsafe link left out), rather than an error.
    pub warning: bool,
}

/// The sanitizer for raw HTML, built once: the tags and attributes of CommonMark, tables,
/// footnotes, task lists and alerts, and nothing that runs.
pub(super) fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(crate::base::text::SAFE_SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(None)
            .add_generic_attributes(["id"])
            .add_tags([
                "input",
                "details",
                "summary",
                "figure",
                "figcaption",
                "mark",
            ])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .add_allowed_classes("div", ["footnote-definition"])
            .add_allowed_classes("div", super::callouts::CLASSES)
            .add_allowed_classes("p", ["callout-title"])
            .add_allowed_classes(
                "blockquote",
                [
                    "markdown-alert-note",
                    "markdown-alert-tip",
                    "markdown-alert-important",
                    "markdown-alert-warning",
                    "markdown-alert-caution",
                ],
            )
            .add_allowed_classes("p", ["markdown-alert-title"])
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                ("input", "type") if value != "checkbox" => None,
                ("th" | "td", "style") => {
                    let ok = [
                        "text-align: left",
                        "text-align: right",
                        "text-align: center",
                    ]
                    .contains(&value);
                    ok.then(|| value.into())
                }
                _ => Some(value.into()),
            });
        builder
    })
}

/// The `id="..."` values in a piece of raw HTML (`<a id="install"></a>`, as READMEs place
/// anchors), which the sanitizer keeps and links may point at.
pub(super) fn html_ids(html: &str) -> impl Iterator<Item = String> + '_ {
    html.match_indices("id=").filter_map(move |(at, _)| {
        let before = html[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            return None;
        }
        let rest = &html[at + 3..];
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = &rest[1..];
        let end = value.find(quote)?;
        let id = value[..end].trim();
        (!id.is_empty()).then(|| id.to_string())
    })
}

/// The swallowing tags in one piece of raw HTML, as event `event` at `line`.
pub(super) fn raw_tags(html: &str, event: usize, line: usize) -> impl Iterator<Item = RawTag> + '_ {
    swallowing_tags(html)
        .into_iter()
        .map(move |(name, closing, at)| RawTag {
            event,
            name,
            closing,
            at,
            line,
        })
}

/// Elements whose opening tag makes a browser, and the sanitizer, read what follows as their
/// content up to the closing tag: left open in a sentence ("put your CSS in a <style>
/// element"), one would swallow the rest of the page.
pub(super) const SWALLOWING: &[&str] = &[
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "script",
    "style",
    "template",
    "textarea",
    "title",
    "xmp",
];

/// A tag of a swallowing element in a piece of raw HTML.
pub(super) struct RawTag {
    /// Index of its event.
    event: usize,
    name: &'static str,
    closing: bool,
    /// Its bytes in the event's text.
    at: std::ops::Range<usize>,
    line: usize,
}

/// The tags of swallowing elements in `html`: (name, closing, byte range).
pub(super) fn swallowing_tags(html: &str) -> Vec<(&'static str, bool, std::ops::Range<usize>)> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let mut i = start + 1;
        let closing = bytes.get(i) == Some(&b'/');
        i += usize::from(closing);
        let name_end = i + bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = html[i..name_end].to_ascii_lowercase();
        at = start + 1;
        let Some(known) = SWALLOWING.iter().find(|n| **n == name) else {
            continue;
        };
        // The name must end there (`<styles>` is another element).
        if bytes
            .get(name_end)
            .is_some_and(|b| !(b.is_ascii_whitespace() || matches!(b, b'>' | b'/')))
        {
            continue;
        }
        let end = html[name_end..]
            .find('>')
            .map_or(html.len(), |e| name_end + e + 1);
        found.push((*known, closing, start..end));
        at = end;
    }
    found
}

/// A swallowing element that is opened and closed is left out whole by the sanitizer, as
/// before; one left open loses only its tag, so the text after it stays. Both are warnings
/// at their line: raw HTML is never dropped without a word.
pub(super) fn leave_out_swallowing(
    events: &mut [Event],
    tags: Vec<RawTag>,
    problems: &mut Vec<LinkProblem>,
) {
    let mut open: Vec<usize> = Vec::new();
    let mut strip: Vec<usize> = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        if !tag.closing {
            open.push(i);
        } else if let Some(p) = open.iter().rposition(|&o| tags[o].name == tag.name) {
            let o = open.remove(p);
            problems.push(LinkProblem {
                line: tags[o].line,
                message: format!(
                    "the raw HTML element `<{}>` is not allowed and was left out, up to its `</{}>`",
                    tag.name, tag.name
                ),
                hint: Some(format!(
                    "raw HTML may not run scripts or restyle the page; to show `<{}>` as text, put it in backticks",
                    tag.name
                )),
                warning: true,
            });
        } else {
            strip.push(i);
        }
    }
    for &o in &open {
        let tag = &tags[o];
        problems.push(LinkProblem {
            line: tag.line,
            message: format!(
                "the raw HTML tag `<{}>` has no `</{}>`; the tag was left out and the text after it kept",
                tag.name, tag.name
            ),
            hint: Some(format!("to show `<{}>` as text, put it in backticks", tag.name)),
            warning: true,
        });
    }
    strip.extend(open);
    // From the last to the first, so that earlier byte ranges in an event stay right.
    strip.sort_by_key(|&i| std::cmp::Reverse((tags[i].event, tags[i].at.start)));
    for i in strip {
        let tag = &tags[i];
        if let Some(Event::Html(text) | Event::InlineHtml(text)) = events.get_mut(tag.event) {
            let mut edited = text.to_string();
            edited.replace_range(tag.at.clone(), "");
            *text = CowStr::from(edited);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swallowing_tags_are_found_by_their_whole_name() {
        let tags = swallowing_tags("a <styles> b <Style media=x> c </style > <br> <script/>");
        let names: Vec<(&str, bool)> = tags.iter().map(|(n, c, _)| (*n, *c)).collect();
        assert_eq!(
            names,
            [("style", false), ("style", true), ("script", false)]
        );
        assert_eq!(swallowing_tags("x <style"), [("style", false, 2..8)]);
    }
    #[test]
    fn ids_in_raw_html_are_anchors() {
        let ids: Vec<String> =
            html_ids(r#"<a id="install"></a> <span data-id="no" id='x-1'>"#).collect();
        assert_eq!(ids, ["install", "x-1"]);
        let out = super::super::markdown::render("Text <a id=\"here\"></a>\n", 1, &[], &|_| {
            super::super::markdown::Resolution::Keep
        });
        assert!(
            out.anchors.contains(&"here".to_string()),
            "{:?}",
            out.anchors
        );
    }
}
