//! Markdown to HTML: pure text in, HTML, a table of contents and the links found out. Links
//! are handed to the caller's resolver, which turns `../ground-rules.md#reporting` into a page
//! URL under the base path or says why it cannot.

pub use super::raw_html::LinkProblem;
use super::raw_html::{RawTag, html_ids, leave_out_swallowing, raw_tags, sanitizer};
use crate::source::settings::RawHtml;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id a link may point at with `#...`.
    pub anchors: Vec<String>,
    /// Links into other pages' headings, checked once every page is rendered.
    pub anchor_links: Vec<AnchorLink>,
    pub problems: Vec<LinkProblem>,
    /// Links written from the site's root (`/join`), by line: they break under a sub-path.
    pub root_links: Vec<(usize, String)>,
    /// What the search index needs of the plain text.
    pub digest: crate::model::digest::Digest,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorLink {
    /// The target page's path relative to `content/`, or `None` for this page.
    pub target: Option<String>,
    pub anchor: String,
    pub line: usize,
    /// Written for the web (`../page/#id`, text from Jekyll or Hugo): a heading that is not
    /// there is a warning, since the link still lands on its page, as in a browser.
    pub web: bool,
}

/// What a resolver makes of a link destination.
pub enum Resolution {
    /// Leave it as written (web links, `mailto:`).
    Keep,
    /// Use this URL; `anchor_check` names the page whose heading must exist.
    Rewrite {
        url: String,
        anchor_check: Option<(Option<String>, String)>,
        /// Written for the web rather than as a path to a file (see `AnchorLink::web`).
        web: bool,
        /// A title for the link when the author gave none: what the reader should know
        /// before following it (a page not yet translated opens in another language).
        title: Option<String>,
    },
    Broken {
        message: String,
        hint: Option<String>,
    },
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders `body`, whose first line is line `first_line` of its file.
/// `reserved` lists ids that the theme puts on the page itself (`main`, `reporting`): a
/// heading with the same text gets a suffix, so no id appears twice.
pub fn render(
    body: &str,
    first_line: usize,
    reserved: &[&str],
    resolve: &dyn Fn(&str) -> Resolution,
) -> Rendered {
    let style = Style {
        raw: RawHtml::default(),
        language: "en",
    };
    render_with(body, first_line, reserved, style, resolve)
}

/// Where each line starts, for the line numbers of links and raw HTML. `memchr` scans a
/// vector at a time; `match_indices` paid a search's set-up for every line.
fn line_starts(body: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1))
        .collect()
}

/// How a body is written: what happens to HTML written in it, and the language of the words
/// the HTML adds (a callout's title).
#[derive(Debug, Clone, Copy)]
pub struct Style<'a> {
    pub raw: RawHtml,
    pub language: &'a str,
}

/// Renders `body` in `style`. The events are kept until the headings have their ids, in a
/// list sized at about one a dozen bytes: grown from empty, it was copied eight times a body.
pub fn render_with(
    body: &str,
    first_line: usize,
    reserved: &[&str],
    style: Style,
    resolve: &dyn Fn(&str) -> Resolution,
) -> Rendered {
    let raw = style.raw;
    let mut saw_raw_html = false;
    let line_starts = line_starts(body);
    let line_of = |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 12 + 16);
    let mut used_ids = Ids {
        used: reserved.iter().map(|s| s.to_string()).collect(),
        next: ahash::AHashMap::new(),
    };
    // The plain text, digested for the search index piece by piece: never put together.
    let mut digester = crate::model::digest::Digester::sized_for(body.len());
    let mut heading: Option<(usize, String)> = None; // (index of Start event, text)
    let mut swallowing: Vec<RawTag> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((events.len(), String::new()));
                event
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, title)) = heading.take() {
                    let id = assign_heading_id(&mut events[start], &title, &mut used_ids);
                    out.anchors.push(id.clone());
                    out.toc.push(TocEntry {
                        level: heading_level(level),
                        id,
                        title: title.trim().to_string(),
                    });
                }
                event
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(t);
                }
                digester.add(t);
                event
            }
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                let mut note = None;
                let at = line_of(range.start);
                let url = resolve_link(dest_url.clone(), at, resolve, &mut out, &mut note);
                with_dest(event, url, note)
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => match raw {
                RawHtml::Escape => Event::Text(html.clone()),
                RawHtml::Sanitize => {
                    saw_raw_html = true;
                    swallowing.extend(raw_tags(html, events.len(), line_of(range.start)));
                    out.anchors.extend(html_ids(html));
                    event
                }
                RawHtml::Allow => {
                    out.anchors.extend(html_ids(html));
                    event
                }
            },
            Event::FootnoteReference(ref name) => {
                out.anchors.push(format!("fn-{name}"));
                event
            }
            other => callout(other, style.language),
        };
        events.push(event);
    }
    write_html(&mut out, events, swallowing, saw_raw_html, body.len());
    out.anchors.extend(reserved.iter().map(|s| s.to_string()));
    // Thousands of bodies stay in memory until the pages are written: no spare capacity.
    out.html.shrink_to_fit();
    out.digest = digester.finish();
    out
}

/// GitHub's alerts (`> [!NOTE]`) as a titled box; every other event as it is.
fn callout<'a>(event: Event<'a>, language: &str) -> Event<'a> {
    match event {
        Event::Start(Tag::BlockQuote(Some(kind))) => {
            Event::Html(super::callouts::open(kind, language).into())
        }
        Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(super::callouts::CLOSE.into()),
        other => other,
    }
}

/// The HTML of the events, with swallowing tags left out and, when the body holds HTML of
/// its own, sanitized.
fn write_html(
    out: &mut Rendered,
    mut events: Vec<Event>,
    swallowing: Vec<RawTag>,
    saw_raw_html: bool,
    body_len: usize,
) {
    if !swallowing.is_empty() {
        leave_out_swallowing(&mut events, swallowing, &mut out.problems);
    }
    out.html.reserve(body_len + body_len / 4);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    // Only a body with HTML of its own needs the sanitizer: what pulldown-cmark writes from
    // Markdown is escaped, and link destinations are checked as links are resolved.
    if saw_raw_html {
        out.html = sanitizer().clean(&out.html).to_string();
    }
}

/// The same link or image with a new destination, and a title when it has none and the
/// link needs one (`Resolution::Rewrite::title`).
fn with_dest<'a>(event: Event<'a>, dest_url: CowStr<'a>, note: Option<String>) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            title,
            id,
            ..
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title: match note {
                Some(note) if title.is_empty() => CowStr::from(note),
                _ => title,
            },
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            title,
            id,
            ..
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }),
        other => other,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Keeps an id written as `{#id}`, else makes one from the heading's text; later duplicates
/// get `-1`, `-2` so that every id on a page is unique and stable between builds.
/// Ids taken on a page, and for each base the next number to try, so that a thousand
/// headings with one text cost a thousand steps, not a million.
#[derive(Default)]
struct Ids {
    used: ahash::AHashSet<String>,
    next: ahash::AHashMap<String, usize>,
}

fn assign_heading_id(start: &mut Event, title: &str, ids: &mut Ids) -> String {
    let Event::Start(Tag::Heading { id, .. }) = start else {
        return String::new();
    };
    let base = match id {
        Some(explicit) => explicit.to_string(),
        None => {
            let slug = crate::base::text::github_id(title);
            if slug.is_empty() {
                "section".to_string()
            } else {
                slug
            }
        }
    };
    let mut candidate = base.clone();
    let mut n = ids.next.get(&base).copied().unwrap_or(1);
    while !ids.used.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    ids.next.insert(base, n);
    *id = Some(CowStr::from(candidate.clone()));
    candidate
}

fn resolve_link<'a>(
    dest: CowStr<'a>,
    line: usize,
    resolve: &dyn Fn(&str) -> Resolution,
    out: &mut Rendered,
    note: &mut Option<String>,
) -> CowStr<'a> {
    if !crate::base::text::is_safe_url(&dest) {
        out.problems.push(LinkProblem {
            line,
            message: format!(
                "the link `{dest}` uses a scheme that is not allowed; it was left out"
            ),
            hint: Some(
                "links may be relative, or start with http:, https:, mailto: or tel:".into(),
            ),
            warning: true,
        });
        return CowStr::from("");
    }
    match resolve(&dest) {
        Resolution::Keep => {
            if dest.starts_with('/') && !dest.starts_with("//") {
                out.root_links.push((line, dest.to_string()));
            }
            dest
        }
        Resolution::Rewrite {
            url,
            anchor_check,
            web,
            title,
        } => {
            *note = title;
            if let Some((target, anchor)) = anchor_check {
                out.anchor_links.push(AnchorLink {
                    target,
                    anchor,
                    line,
                    web,
                });
            }
            CowStr::from(url)
        }
        Resolution::Broken { message, hint } => {
            out.problems.push(LinkProblem {
                line,
                message,
                hint,
                warning: false,
            });
            dest
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(_: &str) -> Resolution {
        Resolution::Keep
    }

    #[test]
    fn headings_get_unique_stable_ids_and_a_toc() {
        let r = render(
            "# Intro\n\n## Steps\n\n## Steps\n\n## Own {#mine}\n\n## Main\n",
            1,
            &["main"],
            &keep,
        );
        assert!(r.html.contains(r#"<h2 id="steps-1">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="mine">"#));
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro", "steps", "steps-1", "mine", "main-1"]);
        assert_eq!(r.toc[3].title, "Own");
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ and a note[^1]\n\n[^1]: here\n",
            1,
            &[],
            &keep,
        );
        for needle in ["<table>", "checkbox", "<del>", "footnote"] {
            assert!(r.html.contains(needle), "{needle} missing in {}", r.html);
        }
    }

    #[test]
    fn links_are_rewritten_and_problems_carry_file_lines() {
        let resolve = |dest: &str| match dest {
            "a.md" => Resolution::Rewrite {
                url: "/g/a/".into(),
                anchor_check: None,
                web: false,
                title: None,
            },
            "gone.md" => Resolution::Broken {
                message: "no such page".into(),
                hint: None,
            },
            _ => Resolution::Keep,
        };
        let r = render(
            "[a](a.md)\n\nText\n\n[b](gone.md) [c](https://x.org)\n",
            5,
            &[],
            &resolve,
        );
        assert!(r.html.contains(r#"href="/g/a/""#));
        assert!(r.html.contains(r#"href="https://x.org""#));
        assert_eq!(r.problems[0].line, 9);
    }

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,x",
        ] {
            assert!(!crate::base::text::is_safe_url(bad), "{bad:?}");
        }
        for good in [
            "https://x.org",
            "mailto:a@b.org",
            "tel:+44",
            "../a.md",
            "#top",
            "a/b:c",
            "~~\u{7f}ript:alert(1)",
            "java\u{0}script:x",
        ] {
            assert!(crate::base::text::is_safe_url(good), "{good:?}");
        }
    }

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(crate::base::text::slugify("How to Join?"), "how-to-join");
        assert_eq!(crate::base::text::slugify("Café & Ωmega"), "café-ωmega");
    }
}
