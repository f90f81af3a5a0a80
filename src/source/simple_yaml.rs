//! A fast reading of the front matter most pages have: one `key: value` a line, each value
//! a word-like plain scalar, a whole number, a date (`2027-04-01T19:00`), a duration (`1h`),
//! a quoted string without escapes, or a flow list of word-like items or dates; and two
//! levels of mappings and lists of flat mappings (`recurrence:` with `every: month` and
//! `changes:` items below it). Anything else (and anything that could read another way in
//! YAML: `true`, `no`, `0x10`, `19:00`, a colon, a `#`, a tab, a second line of a value, a
//! list of plain items, a list at its key's own indentation) is left to the YAML parser,
//! which gives the same `Node`s more slowly; a differential test (in `frontmatter`) holds
//! the two to the same result.

use super::node::{Node, Value};

/// The front matter read the quick way, lines counted from 1, or `None` to leave it to the
/// YAML parser.
pub fn parse(yaml: &str) -> Option<Node> {
    let lines: Vec<(usize, &str)> = yaml
        .split('\n')
        .enumerate()
        .filter(|(_, line)| !line.is_empty())
        .map(|(n, line)| (n + 1, line))
        .collect();
    let mut at = 0;
    let node = mapping(&lines, &mut at, 0, 0, false)?;
    (at == lines.len()).then_some(node)
}

/// Mappings and lists of them go no deeper than this (`recurrence:` > `changes:` > items).
const MAX_LEVEL: usize = 2;

/// The `key: value` lines from `lines[*at]` on that are indented by `indent` spaces; a key
/// with nothing after it opens a mapping or a list of mappings (`- key: value` items) one
/// level in, up to `MAX_LEVEL`. `dashed`: the first line is a list item's, whose `- `
/// stands in the two spaces before `indent`.
fn mapping(
    lines: &[(usize, &str)],
    at: &mut usize,
    indent: usize,
    level: usize,
    dashed: bool,
) -> Option<Node> {
    let mut entries: Vec<(Node, Node)> = Vec::new();
    while let Some(&(line_no, line)) = lines.get(*at) {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let item_start = dashed && entries.is_empty();
        if item_start {
            if line.get(indent - 2..indent) != Some("- ") || spaces != indent - 2 {
                return None;
            }
        } else if spaces < indent {
            break;
        } else if spaces != indent {
            return None;
        }
        let (key, rest) = line[indent..].split_once(':')?;
        if !is_key(key) || entries.iter().any(|(k, _)| k.as_str() == Some(key)) {
            return None;
        }
        *at += 1;
        let key_node = Node {
            value: Value::Str(key.to_string()),
            line: line_no,
            column: indent + 1,
        };
        if rest.is_empty() && level < MAX_LEVEL && !dashed {
            // A mapping or a list one level in: its lines indented, at least one of them.
            let inner = lines.get(*at)?.1;
            let inner_indent = inner.len() - inner.trim_start_matches(' ').len();
            if inner_indent <= indent {
                return None;
            }
            let value = if inner[inner_indent..].starts_with("- ") {
                list(lines, at, inner_indent, level + 1)?
            } else {
                mapping(lines, at, inner_indent, level + 1, false)?
            };
            entries.push((key_node, value));
            continue;
        }
        let gap = rest.len() - rest.trim_start_matches(' ').len();
        let text = &rest[gap..];
        if gap == 0 || text.is_empty() {
            return None;
        }
        let column = indent + key.len() + 2 + gap;
        entries.push((key_node, value(text, line_no, column)?));
    }
    let first = entries.first()?.0.clone();
    Some(Node {
        value: Value::Map(entries),
        line: first.line,
        column: first.column,
    })
}

/// A list of flat mappings whose `- ` marks stand at `indent`.
fn list(lines: &[(usize, &str)], at: &mut usize, indent: usize, level: usize) -> Option<Node> {
    let (line, _) = *lines.get(*at)?;
    let mut items = Vec::new();
    while let Some(&(_, text)) = lines.get(*at) {
        let spaces = text.len() - text.trim_start_matches(' ').len();
        if spaces < indent {
            break;
        }
        if spaces != indent || !text[indent..].starts_with("- ") {
            return None;
        }
        items.push(mapping(lines, at, indent + 2, level, true)?);
    }
    Some(Node {
        value: Value::Seq(items),
        line,
        column: indent + 1,
    })
}

/// A key that can only be text: `true`, `false` and `null` are a boolean and nothing as keys too.
fn is_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !["true", "false", "null"]
            .iter()
            .any(|word| word.eq_ignore_ascii_case(key))
}

/// One value that ends its line, at `column`.
fn value(text: &str, line: usize, column: usize) -> Option<Node> {
    let node = |value| {
        Some(Node {
            value,
            line,
            column,
        })
    };
    let first = *text.as_bytes().first()?;
    match first {
        b'"' | b'\'' => {
            let inner = text[1..].strip_suffix(first as char)?;
            let printable = inner.bytes().all(|b| (b' '..=b'~').contains(&b));
            if !printable || inner.contains([first as char, '\\']) {
                return None;
            }
            node(Value::Str(inner.to_string()))
        }
        b'[' => {
            let inner = text[1..].strip_suffix(']')?;
            node(Value::Seq(flow_items(inner, line, column + 1)?))
        }
        b'0'..=b'9' if is_date(text) || is_duration(text) => node(Value::Str(text.to_string())),
        b'-' | b'0'..=b'9' => node(Value::Int(whole_number(text)?)),
        _ if plain(text, b" _.,;!?'()/-") => node(Value::Str(text.to_string())),
        _ => None,
    }
}

/// A plain scalar that can only be text: ASCII, starting with a letter, of letters, digits
/// and `allowed`, not ending in a space, and none of the words YAML reads as something else.
fn plain(text: &str, allowed: &[u8]) -> bool {
    const OTHER: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && !text.ends_with(' ')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || allowed.contains(&b))
        && !OTHER.iter().any(|word| word.eq_ignore_ascii_case(text))
}

/// `2027-04-01` or `2027-04-01T19:00` (with seconds or not): text to YAML 1.2, as the
/// parser reads it (it resolves no timestamps).
fn is_date(text: &str) -> bool {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let date_ok = date.len() == 10
        && date.as_bytes()[4] == b'-'
        && date.as_bytes()[7] == b'-'
        && digits(&date[..4])
        && digits(&date[5..7])
        && digits(&date[8..]);
    let time_ok = time.is_empty()
        || ((time.len() == 5 || time.len() == 8)
            && time.split(':').all(|part| part.len() == 2 && digits(part)));
    date_ok && time_ok && !text.ends_with('T')
}

/// `1h`, `90min`, `1h30m`: digits, then letters, in turns. No `e` (`1e3` is a number), no
/// `x`, `o` or `b` (`0x10` is one too).
fn is_duration(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.last().is_some_and(u8::is_ascii_lowercase)
        && bytes
            .iter()
            .all(|&b| b.is_ascii_digit() || (b.is_ascii_lowercase() && !b"exob".contains(&b)))
}

/// `-12` or `340`: no sign but minus, no leading zeros, within 18 digits.
fn whole_number(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let well_formed = !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    well_formed.then(|| text.parse().ok()).flatten()
}

/// The items of `[a, b-c, d_e]`, each a word-like plain scalar; `column` is where `inner`
/// starts.
fn flow_items(inner: &str, line: usize, column: usize) -> Option<Vec<Node>> {
    if inner.trim_matches(' ').is_empty() {
        return inner.is_empty().then(Vec::new);
    }
    let mut items = Vec::new();
    let mut at = column;
    for piece in inner.split(',') {
        let item = piece.trim_start_matches(' ');
        let lead = piece.len() - item.len();
        let item = item.trim_end_matches(' ');
        if !plain(item, b"_.-") && !is_date(item) {
            return None;
        }
        items.push(Node {
            value: Value::Str(item.to_string()),
            line,
            column: at + lead,
        });
        at += piece.len() + 1;
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anything_that_could_read_another_way_is_left_to_the_parser() {
        for yaml in [
            "draft: true\n",
            "country: NO\n",
            "title: a: b\n",
            "title: Hi # comment\n",
            "title: Hi \n",
            "title: Hi\n  there\n",
            "weight: 007\n",
            "weight: 0x10\n",
            "weight: 1.5\n",
            "title: \"a \\\" b\"\n",
            "tags:\n  - a\n",
            "recurrence:\n  every: month\n  changes:\n  - date: 2027-01-01\n",
            "a:\n  b:\n    - c: d\n      e:\n        f: g\n",
            "recurrence:\n  every: month\n    on: x\n",
            "a:\n  b:\n    c:\n      d: e\n",
            "a:\nb: c\n",
            "time: 19:00\n",
            "size: 1e3\n",
            "size: 0x1f\n",
            "start: 2027-04-01T\n",
            "true: x\n",
            "Null: x\n",
            "title: Hi\ntitle: Again\n",
            "\ttitle: Hi\n",
            "title: Über\n",
            "tags: [a b, c]\n",
            "tags: [true]\n",
            "title:\n",
            "# a comment\ntitle: Hi\n",
        ] {
            assert_eq!(parse(yaml), None, "{yaml:?}");
        }
    }
}
