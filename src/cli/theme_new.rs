//! `handbook theme new NAME`: the start of a theme repository that a support team keeps and
//! groups use from git: a theme that extends the default one, its README and CHANGELOG, and
//! a workflow that checks it against the theme contract on every push and tag.

use std::path::{Path, PathBuf};

const THEME_YAML: &str = r##"# A theme for handbook. Groups use it from git, pinned to a range of its version tags:
#
#   theme:
#     git: https://github.com/OUR-ORG/@NAME@-theme
#     version: "^0.1"
#
# Tag each release `vX.Y.Z` with the same version as `version:` below; see README.md.
name: @NAME@
version: 0.1.0
description: "@NAME@: the default theme with our colours and a banner."
# Every template that this theme does not have comes from the theme it extends.
extends: default
# The handbook versions whose theme contract this theme is made for.
handbook: ">=@HANDBOOK_MINOR@"
# What a group may set in its handbook.yaml under `theme_options:`.
options:
  accent_color:
    type: color
    default: "#7a3e9d"
    description: The colour of links and buttons. Keep it dark enough for AA contrast on white.
  banner_text:
    type: string
    default: ""
    description: "A line shown above every page's content, such as 'Draft, under review'. Empty for none."
"##;

const BASE_HTML: &str = r##"{#- The default theme's page frame, with this theme's stylesheet and a banner. Blocks
    that can be replaced: styles, head_extra, aside, main, before_content, after_content. -#}
{% extends "default/base.html" %}
{% block styles %}<link rel="stylesheet" href="{{ site.base_path }}@NAME@.css">{% endblock styles %}
{% block before_content %}{% if theme.options.banner_text %}<p class="@NAME@-banner">{{ theme.options.banner_text }}</p>{% endif %}{% endblock before_content %}
"##;

const CSS: &str = r##"/* @NAME@: loaded after the default theme's stylesheet, so these rules win. */
.@NAME@-banner {
  border-left: 0.3rem solid var(--accent, #7a3e9d);
  padding: 0.5rem 0.75rem;
  background: #f6f0fa;
}
"##;

const CHANGELOG: &str = r##"# Changelog

Every release of @NAME@, newest first. `handbook theme update` shows groups the entries
between their version and the new one, so write for them: what changes on their site.

## Unreleased

## 0.1.0

- The first release: the default theme with an accent colour and an optional banner.
"##;

const README: &str = r##"# @NAME@, a theme for handbook

A theme for group handbooks built with [handbook](@HANDBOOK_REPOSITORY@). It extends the
built-in default theme.

## Use it in a handbook

In the handbook's `handbook.yaml`:

```yaml
theme:
  git: https://github.com/OUR-ORG/@NAME@-theme
  version: "^0.1"        # any 0.1.x release; "^1.2" means 1.2 or later, before 2.0
theme_options:
  banner_text: "Draft: under review"
```

Then run `handbook theme fetch` and commit `handbook.lock`: it holds the exact commit and a
hash of this theme's files, so every build uses the same theme until the group runs
`handbook theme update @NAME@`.

## Options

| option | type | default | what it does |
| --- | --- | --- | --- |
@OPTIONS@
## Work on it

- `handbook theme preview .` serves the theme with the example handbook (every kind of
  page) and reloads on every save; `--site ../our-handbook` shows it with a real one.
- `handbook theme check .` checks it against the theme contract; the workflow in
  `.github/workflows/theme.yml` runs it on every push and tag.

## Release it

1. Write what changed under a new `## X.Y.Z` heading in CHANGELOG.md.
2. Set `version: X.Y.Z` in theme.yaml.
3. Commit, then tag: `git tag vX.Y.Z && git push --tags`. Never move a tag: handbooks that
   locked it will refuse the changed files.

Semantic versions: a **major** release (2.0.0) for what can break a group's site (an option
removed or renamed, a template removed that groups override, a `handbook` range raised); a
**minor** one (1.3.0) for what is new (an option, a template); a **patch** (1.2.1) for fixes.
"##;

const WORKFLOW: &str = r##"# Checks the theme against handbook's theme contract on every push, pull request and tag.
name: Theme

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - name: Install handbook
        uses: @HANDBOOK_ACTION@@v@HANDBOOK_MAJOR@
        with:
          version: "@HANDBOOK_VERSION@"
          check: false
          build: false
      - name: Fetch the themes this one extends from git
        run: if [ -f handbook.lock ]; then handbook theme fetch .; fi
      - name: Check the theme
        run: handbook theme check .
"##;

const GITIGNORE: &str =
    "# Themes fetched from git (`handbook theme fetch`) and previews.\n/.handbook/\n/public/\n";

/// The files of a new theme, relative to its folder.
fn files(name: &str) -> Vec<(&'static str, String)> {
    let version = env!("CARGO_PKG_VERSION");
    let minor = version.splitn(3, '.').take(2).collect::<Vec<_>>().join(".");
    let fill = |text: &str| {
        let text = text
            .replace("@NAME@", name)
            .replace("@HANDBOOK_MINOR@", &minor);
        String::from_utf8_lossy(&super::scaffold::fill_in(text.as_bytes())).into_owned()
    };
    let options = "| `accent_color` | color | `#7a3e9d` | The colour of links and buttons. |\n\
                   | `banner_text` | string | empty | A line shown above every page's content. |\n";
    vec![
        ("theme.yaml", fill(THEME_YAML)),
        ("templates/base.html", fill(BASE_HTML)),
        ("static/NAME.css", fill(CSS)),
        ("README.md", fill(README).replace("@OPTIONS@", options)),
        ("CHANGELOG.md", fill(CHANGELOG)),
        (".github/workflows/theme.yml", fill(WORKFLOW)),
        (".gitignore", GITIGNORE.to_string()),
    ]
}

/// Writes a new theme into `dir` (default: `./NAME`), which must be new or empty.
pub(super) fn new_theme(name: &str, dir: Option<PathBuf>) -> i32 {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && name != "default"
        && name != "partials";
    if !valid {
        eprintln!(
            "error: `{name}` cannot be a theme's name\n  hint: use letters, digits and dashes, such as `harbour` or `city-network`; not `default`"
        );
        return 1;
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from(name));
    if let Err(message) = write(&dir, name) {
        eprintln!("error: {message}");
        return 1;
    }
    println!(
        "Started the theme `{name}` in {}.\nNext: `handbook theme preview {}` to see it, then commit it and tag v0.1.0.",
        dir.display(),
        dir.display()
    );
    0
}

fn write(dir: &Path, name: &str) -> Result<(), String> {
    let empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    if !empty || dir.is_symlink() {
        return Err(format!(
            "{} is not empty; a new theme needs a folder of its own (nothing is overwritten)",
            dir.display()
        ));
    }
    for (rel, text) in files(name) {
        let rel = rel.replace("NAME", name);
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marker_is_filled_in() {
        for (rel, text) in files("city-network") {
            assert!(!text.contains("@NAME@"), "{rel}");
            assert!(!text.contains("@HANDBOOK_"), "{rel}: {text}");
        }
    }
}
