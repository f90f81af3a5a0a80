//! A fast reading of the front matter most pages have: one `key: value` a line, each value
//! a word-like plain scalar, a whole number, a quoted string without escapes, or a flow list
//! of word-like items. Anything else (and anything that could read another way in YAML:
//! `true`, `no`, `0x10`, a colon, a `#`, a tab, a second line of a value) is left to the YAML
//! parser, which gives the same `Node`s more slowly; a differential test (in
//! `frontmatter`) holds the two to the same result.

use super::node::{Node, Value};

/// The front matter read the quick way, lines counted from 1, or `None` to leave it to the
/// YAML parser.
pub fn parse(yaml: &str) -> Option<Node> {
    let mut entries: Vec<(Node, Node)> = Vec::new();
    for (n, line) in yaml.split('\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_key(key) || entries.iter().any(|(k, _)| k.as_str() == Some(key)) {
            return None;
        }
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let text = &rest[spaces..];
        if spaces == 0 || text.is_empty() {
            return None;
        }
        let line_no = n + 1;
        let column = key.len() + 2 + spaces;
        let key = Node {
            value: Value::Str(key.to_string()),
            line: line_no,
            column: 1,
        };
        entries.push((key, value(text, line_no, column)?));
    }
    let first = entries.first()?.0.line;
    Some(Node {
        value: Value::Map(entries),
        line: first,
        column: 1,
    })
}

fn is_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
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
        if !plain(item, b"_.-") {
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
