//! Errors and diagnostics. The library reports problems as typed values with source
//! locations; only the binary turns them into text for people (see `Diagnostic`'s `Display`).

use std::fmt;
use std::path::PathBuf;

/// How bad a finding is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one place: what a facilitator needs to find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site folder where possible.
    pub path: PathBuf,
    /// 1-based line and column in `path`; 0 when the problem is about the whole file.
    pub line: usize,
    pub column: usize,
    /// The front-matter field or setting concerned, if any (`start`, `holders[1].person`).
    pub field: Option<String>,
    pub message: String,
    /// What to do about it: "did you mean `start`?", "add `title: ...`".
    pub hint: Option<String>,
    /// The name of a handbook health check (`few-facilitators`), which `handbook.yaml` can
    /// switch off; none for problems every build must fix.
    pub code: Option<&'static str>,
    /// Why it matters, for health findings.
    pub why: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            column: 0,
            field: None,
            message: message.into(),
            hint: None,
            code: None,
            why: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn why(mut self, why: impl Into<String>) -> Self {
        self.why = Some(why.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col`, leaving out what is unknown.
    pub fn location(&self) -> String {
        let path = self.path.display();
        match (self.line, self.column) {
            (0, _) => format!("{path}"),
            (line, 0) => format!("{path}:{line}"),
            (line, col) => format!("{path}:{line}:{col}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {label}", self.location())?;
        if let Some(field) = &self.field {
            write!(f, " in `{field}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(code) = self.code {
            write!(f, " [{code}]")?;
        }
        if let Some(why) = &self.why {
            write!(f, "\n   why: {why}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n   hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site itself has problems; every one found is listed.
    #[error("{} problem(s) in the handbook", .0.iter().filter(|d| d.is_error()).count())]
    Invalid(Vec<Diagnostic>),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The output folder is not ours to replace.
    #[error("refusing to write to {path}: {reason}")]
    UnsafeOutput { path: PathBuf, reason: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Picks the closest known name for an unknown one, for "did you mean" hints.
pub fn suggest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .filter(|(distance, k)| *distance <= (k.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let known = ["start", "end", "duration", "timezone"];
        assert_eq!(suggest("strat", &known), Some("start"));
        assert_eq!(suggest("timzone", &known), Some("timezone"));
        assert_eq!(suggest("colour", &known), None);
    }

    #[test]
    fn display_names_place_field_and_hint() {
        let d = Diagnostic::error("content/events/call.md", "unknown field `strat`")
            .at(3, 1)
            .field("strat")
            .hint("did you mean `start`?");
        assert_eq!(
            d.to_string(),
            "content/events/call.md:3:1: error in `strat`: unknown field `strat`\n   hint: did you mean `start`?"
        );
    }
}
