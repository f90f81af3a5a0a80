//! What a plain Markdown file says about itself without front matter, as GitHub, mdBook and
//! MkDocs read it: its title is its first level-1 heading (then its file name, in words), its
//! description its first paragraph, its place in the folder a number before its name
//! (`01-start.md`).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// The longest description taken from a first paragraph, in characters.
const DESCRIPTION_CHARS: usize = 160;

/// The first level-1 heading: its text, and the bytes of the body it spans when it is the
/// body's first block (then the page shows it as its title, and the body leaves it out).
#[derive(Debug, PartialEq, Eq)]
pub struct Heading {
    pub text: String,
    pub leading: Option<std::ops::Range<usize>>,
}

/// The first level-1 heading of `body`, ATX (`# Title`) or setext (`Title` over `===`).
pub fn first_heading(body: &str) -> Option<Heading> {
    let mut first_block = true;
    let mut inside: Option<(String, std::ops::Range<usize>, bool)> = None;
    for (event, range) in
        Parser::new_ext(body, crate::model::markdown::options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if inside.is_none() => inside = Some((String::new(), range, first_block)),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                if let Some((text, range, leading)) = inside.take() {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() {
                        return Some(Heading {
                            text,
                            leading: leading.then_some(range),
                        });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, _, _)) = inside.as_mut() {
                    text.push_str(&t);
                }
            }
            // Comments and other raw HTML before the heading do not make it second.
            Event::Start(Tag::HtmlBlock) | Event::Html(_) => {}
            Event::Start(_) if inside.is_none() => first_block = false,
            _ => {}
        }
    }
    None
}

/// The first paragraph's text, shortened at a word to about 160 characters.
pub fn first_paragraph(body: &str) -> Option<String> {
    let mut text: Option<String> = None;
    for event in Parser::new_ext(body, crate::model::markdown::options()) {
        match event {
            Event::Start(Tag::Paragraph) if text.is_none() => text = Some(String::new()),
            Event::End(TagEnd::Paragraph) if text.is_some() => break,
            Event::Text(t) | Event::Code(t) => {
                if let Some(text) = text.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(text) = text.as_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    let text = text?.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= DESCRIPTION_CHARS {
        return Some(text);
    }
    let cut: String = text.chars().take(DESCRIPTION_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    Some(format!(
        "{}…",
        at_word.trim_end_matches([',', ';', ':', '.'])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_the_first_level_one_heading() {
        let h = first_heading("# Getting started\n\nText.\n").unwrap();
        assert_eq!(h.text, "Getting started");
        assert_eq!(h.leading, Some(0..18));
        // Inline code and links keep their text.
        let h = first_heading("# Use `handbook` with [GitHub](https://github.com)\n").unwrap();
        assert_eq!(h.text, "Use handbook with GitHub");
        // Setext.
        let h = first_heading("Our notes\n=========\n\nText.\n").unwrap();
        assert_eq!(h.text, "Our notes");
        assert!(h.leading.is_some());
        // After a comment it is still the first block.
        assert!(
            first_heading("<!-- generated -->\n# Title\n")
                .unwrap()
                .leading
                .is_some()
        );
        // A level-1 heading after text names the page but stays in the body.
        let h = first_heading("Intro text.\n\n# Later\n").unwrap();
        assert_eq!((h.text.as_str(), h.leading), ("Later", None));
        // A level-2 heading, or one inside code, is not a title.
        assert_eq!(first_heading("## Sub\n\n```\n# not a heading\n```\n"), None);
        assert_eq!(first_heading(""), None);
        // A byte-order mark (Windows editors) is gone before the heading is looked for.
        let text = crate::source::frontmatter::normalize("\u{feff}# Notes\r\n\r\nText.\r\n");
        assert_eq!(first_heading(&text).unwrap().text, "Notes");
        assert_eq!(first_heading("#\n\ntext\n"), None);
    }

    #[test]
    fn the_description_is_the_first_paragraph_shortened() {
        assert_eq!(
            first_paragraph("# T\n\nFirst *line*\nand `code`.\n\nSecond.\n").as_deref(),
            Some("First line and code.")
        );
        let long = "word ".repeat(60);
        let d = first_paragraph(&long).unwrap();
        assert!(
            d.ends_with('…') && d.chars().count() <= DESCRIPTION_CHARS + 1,
            "{d}"
        );
        assert_eq!(first_paragraph("# Only a heading\n"), None);
    }
}
