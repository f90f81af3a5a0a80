//! GitHub's `CODEOWNERS`: who owns which files, read as GitHub reads it: the first of
//! `.github/CODEOWNERS`, `CODEOWNERS` and `docs/CODEOWNERS`; gitignore patterns (through
//! gix's glob matcher); the last rule that matches a file wins; a rule without owners takes
//! the file out of everyone's hands.

use std::path::{Path, PathBuf};

/// The places GitHub looks, in its order.
pub const PLACES: &[&str] = &[".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

#[derive(Debug)]
pub struct CodeOwners {
    /// The file, below the work tree, for messages.
    pub file: PathBuf,
    rules: Vec<Rule>,
}

#[derive(Debug)]
struct Rule {
    pattern: gix::glob::Pattern,
    /// `@user`, `@org/team` or an e-mail address, as written.
    owners: Vec<String>,
}

impl CodeOwners {
    /// The first CODEOWNERS file of the work tree, if there is one.
    pub fn read(workdir: &Path) -> Option<CodeOwners> {
        let (place, text) = PLACES.iter().find_map(|place| {
            let text = std::fs::read_to_string(workdir.join(place)).ok()?;
            Some((place, text))
        })?;
        Some(CodeOwners {
            file: PathBuf::from(place),
            rules: parse(&text),
        })
    }

    /// The owners of a file, by its path below the work tree (with `/`); none when no rule
    /// matches or the last that does names nobody.
    pub fn owners(&self, path: &str) -> &[String] {
        self.rules
            .iter()
            .rev()
            .find(|rule| matches(&rule.pattern, path))
            .map(|rule| rule.owners.as_slice())
            .unwrap_or(&[])
    }
}

fn parse(text: &str) -> Vec<Rule> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            // A `#` after white space starts a comment.
            let line = match line.find(" #") {
                Some(at) => &line[..at],
                None => line,
            };
            let mut words = line.split_whitespace();
            let pattern =
                gix::glob::Pattern::from_bytes_without_negation(words.next()?.as_bytes())?;
            Some(Rule {
                pattern,
                owners: words.map(str::to_string).collect(),
            })
        })
        .collect()
}

/// Whether a pattern matches a file or one of the folders it is in, as in `.gitignore`.
fn matches(pattern: &gix::glob::Pattern, path: &str) -> bool {
    use gix::glob::pattern::Case;
    use gix::glob::wildmatch::Mode;
    let test = |p: &str, is_dir: bool| {
        let base = p.rfind('/').map(|i| i + 1);
        pattern.matches_repo_relative_path(
            p.into(),
            base,
            Some(is_dir),
            Case::Sensitive,
            Mode::NO_MATCH_SLASH_LITERAL,
        )
    };
    if test(path, false) {
        return true;
    }
    let mut dir = path;
    while let Some(at) = dir.rfind('/') {
        dir = &dir[..at];
        if test(dir, true) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners<'a>(rules: &'a CodeOwners, path: &str) -> Vec<&'a str> {
        rules.owners(path).iter().map(String::as_str).collect()
    }

    #[test]
    fn the_last_matching_rule_wins_as_on_github() {
        // Examples from GitHub's documentation of the syntax.
        let rules = CodeOwners {
            file: "CODEOWNERS".into(),
            rules: parse(
                "# comment\n*       @global-owner1 @global-owner2\n*.js    @js-owner #inline\n/build/logs/ @doctocat\ndocs/*  docs@example.com\napps/   @octocat\n/docs/ @doctocat\n/apps/github\n",
            ),
        };
        assert_eq!(
            owners(&rules, "README.md"),
            ["@global-owner1", "@global-owner2"]
        );
        assert_eq!(owners(&rules, "src/app.js"), ["@js-owner"]);
        assert_eq!(owners(&rules, "build/logs/today.md"), ["@doctocat"]);
        assert_eq!(owners(&rules, "docs/getting-started.md"), ["@doctocat"]);
        assert_eq!(owners(&rules, "deep/apps/x.md"), ["@octocat"]);
        assert!(
            owners(&rules, "apps/github/x.md").is_empty(),
            "a rule without owners"
        );
        assert_eq!(owners(&rules, "apps/other/x.md"), ["@octocat"]);
    }
}
