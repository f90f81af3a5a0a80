//! The YAML mistakes people make most in front matter, said in plain words at the place to
//! type, with the fix written from their own line: a tab for indentation, a `: ` inside a
//! value (`title: Joining: how it works`), a value opened with `[` or `{` and never closed.
//! Anything else keeps the parser's own message.

use crate::base::error::Diagnostic;
use std::path::Path;

/// A tab in a line's indentation: YAML indents with spaces only. Found before parsing,
/// because the parser reports it a line late and in its own words.
pub fn tab_indent(yaml: &str, first_line: usize, path: &Path) -> Option<Diagnostic> {
    for (i, line) in yaml.lines().enumerate() {
        let indent: &str = &line[..line.len() - line.trim_start().len()];
        if let Some(at) = indent.find('\t') {
            let key = line.trim_start().split(':').next().unwrap_or("").trim();
            return Some(
                Diagnostic::error(
                    path,
                    format!(
                        "the line of `{key}` is indented with a tab; YAML indents with spaces only"
                    ),
                )
                .at(first_line + i, at + 1)
                .hint(format!(
                    "replace the tab with spaces: `{}`",
                    line.replacen('\t', "  ", indent.matches('\t').count())
                )),
            );
        }
    }
    None
}

/// The parser's complaint turned into words, when the line it stumbled on shows which
/// common mistake it is.
pub fn explain(yaml: &str, first_line: usize, message: &str, path: &Path) -> Option<Diagnostic> {
    let lines: Vec<&str> = yaml.lines().collect();
    // An opened list or map that never closes: the parser complains somewhere after it.
    for (i, line) in lines.iter().enumerate() {
        let Some((key, value)) = split_key(line) else {
            continue;
        };
        let value_at = line.len() - value.len();
        for (open, close, what) in [('[', ']', "list"), ('{', '}', "map")] {
            if value.starts_with(open) && !value.trim_end().ends_with(close) {
                return Some(
                    Diagnostic::error(
                        path,
                        format!("the value of `{key}` starts with `{open}`, which opens a YAML {what}, but the line does not close it with `{close}`"),
                    )
                    .at(first_line + i, value_at + 1)
                    .field(key)
                    .hint(format!(
                        "close it with `{close}`, or put the text in quotes: {key}: \"{}\"",
                        value.trim_end().replace('"', "\\\"")
                    )),
                );
            }
        }
    }
    if let Some(rest) = message.split("duplicate mapping key: ").nth(1) {
        let key = rest.split([',', ' ']).next().unwrap_or("").trim();
        let mut seen = 0;
        for (i, line) in lines.iter().enumerate() {
            if split_key(line).is_some_and(|(k, _)| k == key)
                || line.trim_end() == format!("{key}:")
            {
                seen += 1;
                if seen == 2 {
                    return Some(
                        Diagnostic::error(
                            path,
                            format!("`{key}` is written twice in the front matter"),
                        )
                        .at(first_line + i, line.len() - line.trim_start().len() + 1)
                        .field(key)
                        .hint(format!("keep one `{key}:` line and remove the other")),
                    );
                }
            }
        }
    }
    if message.contains("mapping values are not allowed") || message.contains("mapping") {
        for (i, line) in lines.iter().enumerate() {
            let Some((key, value)) = split_key(line) else {
                continue;
            };
            let quoted = value.starts_with(['"', '\'']);
            if !quoted && value.contains(": ") {
                let value_at = line.len() - value.len();
                return Some(
                    Diagnostic::error(
                        path,
                        format!("the value of `{key}` holds `: `, which YAML reads as the start of another field"),
                    )
                    .at(first_line + i, value_at + 1)
                    .field(key)
                    .hint(format!(
                        "put the text in quotes: {key}: \"{}\"",
                        value.trim_end().replace('"', "\\\"")
                    )),
                );
            }
        }
    }
    None
}

/// `key: value` on one line, both trimmed at the start; `None` for lists, comments, blank
/// lines and lines without a value.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with(['#', '-']) {
        return None;
    }
    let (key, rest) = trimmed.split_once(':')?;
    if key.is_empty() || key.contains(char::is_whitespace) || !rest.starts_with(' ') {
        return None;
    }
    let value = rest.trim_start();
    (!value.is_empty()).then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_mistakes_are_named_where_they_are() {
        let path = Path::new("content/a.md");
        let tab = tab_indent("title: A\nholders:\n\t- ada\n", 2, path).unwrap();
        assert_eq!((tab.line, tab.column), (4, 1));
        assert!(tab.hint.unwrap().contains("  - ada"));
        let colon = explain(
            "title: Joining: how it works\n",
            2,
            "mapping values are not allowed in this context",
            path,
        )
        .unwrap();
        assert_eq!((colon.line, colon.column), (2, 8));
        assert_eq!(
            colon.hint.as_deref(),
            Some("put the text in quotes: title: \"Joining: how it works\"")
        );
        let open = explain(
            "title: A\ntags: [one, two\nweight: 2\n",
            2,
            "whatever",
            path,
        )
        .unwrap();
        assert_eq!((open.line, open.column), (3, 7));
        assert!(explain("title: \"Fine: quoted\"\n", 2, "other", path).is_none());
    }
}
