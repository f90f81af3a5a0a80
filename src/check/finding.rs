//! One health finding: a warning at its place, named by its check so that a group can
//! switch it off or make it an error in `handbook.yaml`.

use crate::base::error::Diagnostic;
use std::path::PathBuf;

pub fn finding(
    code: &'static str,
    path: impl Into<PathBuf>,
    (line, column): (usize, usize),
    message: String,
) -> Diagnostic {
    Diagnostic::warning(path, message)
        .at(line, column)
        .code(code)
}
