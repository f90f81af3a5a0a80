//! The one rule for characters that an output format forbids. Text from front matter can hold
//! anything a PDF or a word processor pasted (a form feed, a vertical tab); XML 1.0 and
//! iCalendar forbid most control characters, and one of them makes the whole file unreadable.
//! Every XML and iCalendar writer passes its text through here; JSON goes through serde_json,
//! which escapes every control character.

use std::borrow::Cow;

/// XML 1.0's `Char` production: tab, line feed, carriage return, and everything from space
/// up except U+FFFE and U+FFFF (Rust's `char` has no surrogates).
pub fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// RFC 5545's content lines: no CONTROL character (U+0000-U+0008, U+000A-U+001F, U+007F);
/// tab is allowed. Line breaks inside a value are written as `\n` by `ics`, before this.
pub fn allowed_in_ics(c: char) -> bool {
    c == '\t' || !(c.is_ascii_control())
}

/// Text for XML content or a quoted attribute: markup characters escaped, forbidden
/// characters left out.
pub fn xml(text: &str) -> Cow<'_, str> {
    let clean = |c: char| allowed_in_xml(c) && !matches!(c, '&' | '<' | '>' | '"' | '\'');
    if text.chars().all(clean) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if allowed_in_xml(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// The first control character in `text` that XML and iCalendar forbid, as (line, column,
/// character), columns counted in characters from 1. A quick byte scan first: almost every
/// file has none.
pub fn first_forbidden_control(text: &str) -> Option<(usize, usize, char)> {
    let bad = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f;
    let bytes = text.as_bytes();
    // Eight bytes at a time: a chunk with no byte below 0x20 and none equal to 0x7f (the
    // usual bit tricks; they may flag a chunk falsely, never miss one) is skipped whole.
    // Line ends flag their chunk, which is then looked at byte by byte. (An exact test of
    // every byte in the word cost twice as many instructions on a real corpus.)
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut at = None;
    for (n, chunk) in bytes.chunks_exact(8).enumerate() {
        let Ok(eight) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(eight);
        let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
        let y = x ^ (ONES * 0x7f);
        let delete = y.wrapping_sub(ONES) & !y & HIGHS;
        if below_space | delete != 0
            && let Some(k) = chunk.iter().position(|&b| bad(b))
        {
            at = Some(n * 8 + k);
            break;
        }
    }
    let tail = bytes.len() - bytes.len() % 8;
    let at = at.or_else(|| bytes[tail..].iter().position(|&b| bad(b)).map(|k| tail + k))?;
    let before = &text[..at];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    Some((line, column, char::from(text.as_bytes()[at])))
}

/// A control character's name, for messages.
pub fn control_name(c: char) -> String {
    let name = match c {
        '\u{0}' => "NUL",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{1b}' => "escape",
        '\u{7f}' => "delete",
        _ => "control character",
    };
    format!("U+{:04X} ({name})", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_form_feed_is_found_where_it_is() {
        assert_eq!(
            first_forbidden_control("title: a\nb é\u{c}c"),
            Some((2, 4, '\u{c}'))
        );
        assert_eq!(first_forbidden_control("tab\tand\r\nlines\n"), None);
    }

    proptest! {
        /// The eight-bytes-at-a-time scan finds what a byte-by-byte scan finds.
        #[test]
        fn the_fast_scan_agrees_with_the_plain_one(
            text in prop_oneof![
                any::<String>(),
                "[ -~\n\té]{0,64}[\u{0}-\u{1f}\u{7f}]?[ -~\n]{0,24}",
            ]
        ) {
            let plain = text.bytes().position(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f);
            prop_assert_eq!(
                first_forbidden_control(&text).map(|(line, column, _)| (line, column)),
                plain.map(|at| {
                    let before = &text[..at];
                    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                    (before.matches('\n').count() + 1, text[line_start..at].chars().count() + 1)
                })
            );
        }
    }

    proptest! {
        /// Any text, passed through the rule, is well-formed XML that reads back as the text
        /// without its forbidden characters.
        #[test]
        fn xml_text_always_parses_back(text in any::<String>()) {
            let doc = format!("<a t=\"{}\">{}</a>", xml(&text), xml(&text));
            let parsed = roxmltree::Document::parse(&doc);
            prop_assert!(parsed.is_ok(), "{doc:?}: {parsed:?}");
            let parsed = parsed.unwrap();
            let expected: String = text.chars().filter(|c| allowed_in_xml(*c)).collect();
            // XML normalises line ends in content, and white space in attributes.
            let norm = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
            prop_assert_eq!(
                norm(parsed.root_element().text().unwrap_or("")),
                norm(&expected)
            );
        }
    }
}
