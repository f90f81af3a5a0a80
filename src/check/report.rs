//! Findings for people and for machines: a numbered list (build), text grouped by file with
//! optional colour (check), and JSON with a documented schema (`docs/check.md`).

use crate::base::error::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// ANSI colours, or none. Decided once from `--color`, `NO_COLOR` and whether the output is a
/// terminal.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, severity: Severity) -> String {
        match severity {
            Severity::Error => self.paint("1;31", "error"),
            Severity::Warning => self.paint("1;33", "warning"),
        }
    }
}

/// Decides on colour: `always` and `never` win; `auto` colours a terminal unless `NO_COLOR`
/// is set (https://no-color.org).
pub fn use_color(choice: &str, is_terminal: bool) -> bool {
    match choice {
        "always" => true,
        "never" => false,
        _ => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Text from content made safe for a terminal, as git shows it: control characters (an
/// escape sequence that retitles the window or hides lines in a CI log, a bell, a carriage
/// return) and the invisible marks that reorder text (right-to-left overrides) are written as
/// `\u{...}`; line breaks stay.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if hidden(c) {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// The numbered list a build prints.
pub fn numbered(diagnostics: &[Diagnostic], style: Style) -> String {
    let mut out = String::new();
    for (n, d) in diagnostics.iter().enumerate() {
        let text = terminal_safe(&d.to_string()).replace("\n   ", "\n       ");
        let text = match d.severity {
            Severity::Error => text.replacen(
                ": error",
                &format!(": {}", style.severity(Severity::Error)),
                1,
            ),
            Severity::Warning => text.replacen(
                ": warning",
                &format!(": {}", style.severity(Severity::Warning)),
                1,
            ),
        };
        out.push_str(&format!("{:>3}. {text}\n", n + 1));
    }
    out
}

/// Findings grouped by file, in file and line order, then a summary line.
pub fn grouped(diagnostics: &[Diagnostic], style: Style) -> String {
    let mut by_file: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        by_file
            .entry(d.path.display().to_string())
            .or_default()
            .push(d);
    }
    let mut out = String::new();
    for (path, mut found) in by_file {
        found.sort_by_key(|d| (d.line, d.column));
        out.push_str(&style.paint("1", &terminal_safe(&path)));
        out.push('\n');
        for d in found {
            let place = match (d.line, d.column) {
                (0, _) => "-".to_string(),
                (l, 0) => format!("{l}"),
                (l, c) => format!("{l}:{c}"),
            };
            let field = d
                .field
                .as_deref()
                .map(|f| format!(" `{}`:", terminal_safe(f)))
                .unwrap_or_default();
            let code = d.code.map(|c| format!(" [{c}]")).unwrap_or_default();
            out.push_str(&format!(
                "  {place:<7} {}{field} {}{}\n",
                style.severity(d.severity),
                terminal_safe(&d.message),
                style.paint("2", &code)
            ));
            if let Some(why) = &d.why {
                out.push_str(&format!("          why: {}\n", terminal_safe(why)));
            }
            if let Some(hint) = &d.hint {
                out.push_str(&format!("          fix: {}\n", terminal_safe(hint)));
            }
        }
        out.push('\n');
    }
    out.push_str(&summary(diagnostics));
    out.push('\n');
    out
}

pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    format!("{errors} error(s), {warnings} warning(s)")
}

/// The JSON document of `handbook check --format json` (schema: `docs/check.schema.json`).
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub version: u32,
    pub ok: bool,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<JsonFinding<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub severity: Severity,
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: Option<&'a str>,
    pub check: Option<&'a str>,
    pub message: &'a str,
    pub why: Option<&'a str>,
    pub hint: Option<&'a str>,
}

pub fn json(diagnostics: &[Diagnostic], ok: bool) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let report = JsonReport {
        version: 1,
        ok,
        errors,
        warnings: diagnostics.len() - errors,
        findings: diagnostics
            .iter()
            .map(|d| JsonFinding {
                severity: d.severity,
                path: d.path.display().to_string(),
                line: (d.line > 0).then_some(d.line),
                column: (d.column > 0).then_some(d.column),
                field: d.field.as_deref(),
                check: d.code,
                message: &d.message,
                why: d.why.as_deref(),
                hint: d.hint.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_from_content_are_shown_escaped() {
        let text = "Title\u{1b}]0;pwned\u{7} and \u{1b}[2K\rhidden \u{202e}txt.exe\nnext line";
        let safe = terminal_safe(text);
        assert_eq!(
            safe,
            "Title\\u{1b}]0;pwned\\u{7} and \\u{1b}[2K\\u{d}hidden \\u{202e}txt.exe\nnext line"
        );
        assert!(matches!(
            terminal_safe("plain é 日本"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn colour_follows_the_choice_and_no_color() {
        assert!(use_color("always", false));
        assert!(!use_color("never", true));
        assert!(!use_color("auto", false));
    }

    #[test]
    fn grouped_text_puts_findings_under_their_file() {
        let ds = vec![
            Diagnostic::warning("content/b.md", "late")
                .at(3, 1)
                .code("review-due")
                .why("w")
                .hint("h"),
            Diagnostic::error("content/a.md", "bad")
                .at(2, 5)
                .field("title"),
        ];
        let text = grouped(&ds, Style { color: false });
        assert_eq!(
            text,
            "content/a.md\n  2:5     error `title`: bad\n\ncontent/b.md\n  3:1     warning late [review-due]\n          why: w\n          fix: h\n\n1 error(s), 1 warning(s)\n"
        );
    }
}
