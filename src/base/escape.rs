//! Escaping, one rule per output format, each property-tested: XML and HTML text and
//! attributes (`xml`), iCalendar TEXT values (`ics_text`), and JSON inside a `<script>`
//! element (`ScriptSafe`, `script_json`). Text from front matter can hold anything a PDF or a
//! word processor pasted (a form feed, a vertical tab); XML 1.0 and iCalendar forbid most
//! control characters, and one of them makes the whole file unreadable, so those are left
//! out here. JSON goes through serde_json, which escapes every control character.

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
    // 64 bytes at a time, each tested without a branch and the results or-ed together,
    // which the compiler makes into vector instructions; only a block with one is looked at
    // byte by byte. (Eight bytes at a time with bit tricks flagged every line end's block.)
    let at = text
        .as_bytes()
        .chunks(64)
        .enumerate()
        .find_map(|(n, block)| {
            let any = block.iter().fold(0u8, |any, &b| any | u8::from(bad(b)));
            if any == 0 {
                return None;
            }
            block.iter().position(|&b| bad(b)).map(|k| n * 64 + k)
        })?;
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

/// Escapes a TEXT value: backslash, semicolon, comma and newline (section 3.3.11). Other
/// control characters are not allowed in TEXT and are dropped.
pub fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if allowed_in_ics(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// JSON as serde_json writes it compactly, with `<`, `>` and `&` in strings written as `\u003c`,
/// `\u003e` and `\u0026` like any JSON we write into a site, escaped as it is written rather
/// than by copying the whole index three times.
pub struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // memchr3 scans many bytes at a time; a search for a set of chars goes one by one
        // (this runs over every string of every event's JSON-LD and of the search index).
        let mut rest = fragment.as_bytes();
        while let Some(at) = memchr::memchr3(b'<', b'>', b'&', rest) {
            writer.write_all(&rest[..at])?;
            writer.write_all(match rest[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            })?;
            rest = &rest[at + 1..];
        }
        writer.write_all(rest)
    }
}

/// JSON for a `<script>` element: `<`, `>` and `&` escaped so that no string, however
/// written, can close the element or open a comment.
pub fn script_json(value: &serde_json::Value) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and a `Value` always serialises.
    let _ = serde::Serialize::serialize(
        value,
        &mut serde_json::Serializer::with_formatter(&mut out, ScriptSafe),
    );
    // Only whole strings were written, each valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;

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
                "[ -~\n\té]{0,200}[\u{0}-\u{1f}\u{7f}]?[ -~\n]{0,24}",
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

    #[test]
    fn escaping_covers_the_special_characters() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn the_index_is_written_script_safe() {
        let value = ("</script><b>&amp;", vec![("x<y", 1)], "plain");
        let mut out = Vec::new();
        value
            .serialize(&mut serde_json::Serializer::with_formatter(
                &mut out, ScriptSafe,
            ))
            .unwrap();
        let expected = serde_json::to_string(&value)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        let written = String::from_utf8(out).unwrap();
        assert_eq!(written, expected);
        // What was written, not what the test made: no markup character, and the same value.
        assert!(!written.contains(['<', '>', '&']), "{written}");
        let back: (String, Vec<(String, u32)>, String) = serde_json::from_str(&written).unwrap();
        assert_eq!(back.0, value.0);
        assert_eq!(back.1[0].0, value.1[0].0);
    }

    proptest! {
        /// Any text, as JSON for a script, has no character that could end the element or
        /// open a comment, and reads back as the same text.
        #[test]
        fn script_json_is_safe_and_reads_back(text in any::<String>()) {
            let value = serde_json::json!({"t": text, "l": [text.clone()]});
            let written = script_json(&value);
            prop_assert!(!written.contains(['<', '>', '&']), "{written:?}");
            let back: serde_json::Value = serde_json::from_str(&written).unwrap();
            prop_assert_eq!(back, value);
        }

        /// Any text as an iCalendar TEXT value has no line break, and every separator is
        /// escaped: a `,` or `;` left bare would split the value.
        #[test]
        fn ics_text_never_breaks_a_line_or_a_value(text in any::<String>()) {
            let escaped = ics_text(&text);
            prop_assert!(!escaped.contains(['\n', '\r']));
            prop_assert!(escaped.chars().all(allowed_in_ics));
            let bare = escaped.replace("\\\\", "").replace("\\,", "").replace("\\;", "");
            prop_assert!(!bare.contains([',', ';']), "{escaped:?}");
        }
    }
}
