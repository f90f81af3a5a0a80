//! `handbook init` and `handbook new`: files a group starts from. Neither ever overwrites a
//! file: `init` skips what exists (and refuses a non-empty folder without `--force`), `new`
//! refuses a file that exists.

use crate::base::error::{Error, Result};
use crate::base::text::slugify;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct InitReport {
    pub written: Vec<PathBuf>,
    /// Files that were there already and were left alone.
    pub kept: Vec<PathBuf>,
}

/// Writes the starter handbook into `dir`.
pub fn init(dir: &Path, force: bool, today: jiff::civil::Date) -> Result<InitReport> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::UnsafeOutput {
                path: dir.to_path_buf(),
                reason: "it is a file, not a folder".into(),
            });
        }
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_none();
        if !empty && !force {
            return Err(Error::UnsafeOutput {
                path: dir.to_path_buf(),
                reason: "the folder is not empty; use --force to add the starter files that are missing (none is overwritten)".into(),
            });
        }
    }
    let mut report = InitReport::default();
    // Named after its folder (`init open-data-stewards`: "Open data stewards handbook"), not
    // "Our Group Handbook" whatever the folder is called.
    let folder = std::path::absolute(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .map(|name| crate::base::text::humanise(&name))
        .filter(|words| !words.is_empty());
    for (rel, bytes) in crate::base::embedded::STARTER {
        let path = dir.join(rel);
        if path.exists() || path.is_symlink() {
            report.kept.push(PathBuf::from(rel));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut filled = dated(fill_in(bytes), today);
        if *rel == crate::source::CONFIG_FILE
            && let Some(name) = &folder
        {
            let title = serde_json::to_string(&format!("{name} handbook")).unwrap_or_default();
            filled = String::from_utf8_lossy(&filled)
                .replacen("title: Our Group Handbook", &format!("title: {title}"), 1)
                .into_bytes();
        }
        write_new(&path, &filled)?;
        report.written.push(PathBuf::from(rel));
    }
    Ok(report)
}

/// The address of handbook's repository: Cargo.toml's `repository`, the one place a fork
/// changes.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The GitHub Action's name (`OWNER/REPO`), from the repository's address.
pub fn action_name() -> &'static str {
    REPOSITORY
        .strip_prefix("https://github.com/")
        .unwrap_or(REPOSITORY)
        .trim_end_matches('/')
}

/// The starter's plan and first success are dated the day the handbook is made.
fn dated(bytes: Vec<u8>, today: jiff::civil::Date) -> Vec<u8> {
    if !bytes.windows(7).any(|w| w == b"@TODAY_") {
        return bytes;
    }
    let quarter = (today.month() - 1) / 3 + 1;
    String::from_utf8_lossy(&bytes)
        .replace("@TODAY_DATE@", &today.to_string())
        .replace("@TODAY_QUARTER@", &format!("{}-Q{quarter}", today.year()))
        .replace("@TODAY_YEAR@", &today.year().to_string())
        .into_bytes()
}

/// The starter files name handbook's repository, action and version through markers, so
/// that the files written always match this build of handbook.
pub(super) fn fill_in(bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    if !text.contains("@HANDBOOK_") {
        return bytes.to_vec();
    }
    let version = env!("CARGO_PKG_VERSION");
    let major = version.split('.').next().unwrap_or("0");
    text.replace("@HANDBOOK_REPOSITORY@", REPOSITORY)
        .replace("@HANDBOOK_ACTION@", action_name())
        .replace("@HANDBOOK_VERSION@", version)
        .replace("@HANDBOOK_MAJOR@", major)
        .into_bytes()
}

/// Writes the starter's handbook.yaml into `dir` with `title`, for a folder that builds
/// without one (`init --here`). Never overwrites.
pub fn settings_file(dir: &Path, title: &str) -> Result<PathBuf> {
    let starter = crate::base::embedded::STARTER
        .iter()
        .find(|(rel, _)| *rel == "handbook.yaml")
        .map(|(_, bytes)| String::from_utf8_lossy(&fill_in(bytes)).into_owned())
        .unwrap_or_default();
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| "\"Handbook\"".into());
    // Only what was guessed is set; the starter's sample description stays a comment, so
    // the site builds as it did without the file.
    let text = starter
        .replacen("title: Our Group Handbook", &format!("title: {quoted}"), 1)
        .lines()
        .map(|line| {
            if line.starts_with("description:") {
                format!("# {line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let path = dir.join(crate::source::CONFIG_FILE);
    if path.exists() || path.is_symlink() {
        return Err(Error::Invalid(vec![
            crate::base::error::Diagnostic::error(
                crate::source::CONFIG_FILE,
                "there is a handbook.yaml already; it was left as it is",
            )
            .hint("edit it instead: every setting is explained in docs/configuration.md"),
        ]));
    }
    write_new(&path, text.as_bytes())?;
    Ok(path)
}

/// Creates a file that must not exist yet; the check and the creation are one step, so a
/// file that appears in between is not overwritten either.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))
}

/// The kinds `handbook new` makes.
pub const NEW_KINDS: &[&str] = &["event", "role", "person", "step", "page", "plan", "success"];

/// Creates `content/FOLDER/SLUG.md` for a kind, with every field of the kind commented.
pub fn new_file(site: &Path, kind: &str, title: &str, today: jiff::civil::Date) -> Result<PathBuf> {
    let slug = slugify(&crate::base::text::latin_ascii(title));
    if slug.is_empty() {
        return Err(Error::Invalid(vec![crate::base::error::Diagnostic::error(
            "TITLE",
            format!("`{title}` has no letters or digits to name a file after"),
        )]));
    }
    let folder = match kind {
        "event" => "content/events",
        "role" => "content/roles",
        "person" => "content/people",
        "step" => "content/start-up",
        "plan" => "content/plan",
        "success" => "content/successes",
        _ => "content",
    };
    let rel = PathBuf::from(folder).join(format!("{slug}.md"));
    let path = site.join(&rel);
    let text = match kind {
        "event" => event(title, today),
        "role" => role(title),
        "person" => person(title),
        "step" => step(title, next_order(&site.join(folder))),
        "plan" => plan(title, today),
        "success" => success(title, today),
        _ => page(title),
    };
    let dir = site.join(folder);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    if path.exists() {
        return Err(Error::UnsafeOutput {
            path: rel,
            reason: "the file exists already; choose another title, or edit that file".into(),
        });
    }
    write_new(&path, text.as_bytes())?;
    Ok(rel)
}

/// Quotes a title for YAML: double quotes, with `\` and `"` escaped.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One more than the highest `order:` of the steps in `folder`.
fn next_order(folder: &Path) -> i64 {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 1;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("order:"))
                .and_then(|n| n.trim().parse::<i64>().ok())
        })
        .max()
        .map_or(1, |n| n + 1)
}

fn event(title: &str, today: jiff::civil::Date) -> String {
    let next_week = today
        .checked_add(jiff::Span::new().days(7))
        .unwrap_or(today);
    format!(
        r#"---
title: {title}
# One sentence, shown in lists and calendars.
description: What the event is about.
# When it starts, in the event's time zone: YYYY-MM-DDTHH:MM.
start: {next_week}T19:00
# How long it lasts (90m, 1h30m) — or `end:` with a time (20:30) or a date and time.
duration: 1h
# The time zone, if not the group's own (handbook.yaml): Europe/Berlin, America/New_York ...
# timezone: Europe/London
# Where: a place, and/or a link to the call. Give at least one.
# location: Central Library, Room 2
online: https://meet.example.org/our-group
# online, in-person or hybrid; worked out from location and online when left out.
# format: online
# The person or role who hosts it: the name of their file in people/ or roles/, without .md.
# host: facilitator
# A link to register.
# registration: https://tickets.example.org/our-event
# scheduled, cancelled or postponed.
# status: scheduled
# For a regular event: weekly, every two weeks, monthly on the first Thursday, yearly ...
# recurrence: monthly on the first Thursday
---
Say what will happen and who it is for.
"#,
        title = quoted(title)
    )
}

fn role(title: &str) -> String {
    format!(
        r#"---
title: {title}
# One sentence on what the role is for.
summary: What this role does for the group.
# The people who hold it: the names of their files in people/, without .md.
# Or `- name: Someone` for a person without a page. Leave the list empty when the role is open.
holders: []
# What the role does, one line each.
responsibilities:
  - The first thing this role does
# How much time it takes.
time_commitment: 1 hour a month
# true for the core roles that keep the community healthy (Community Keeper, Social Reporter ...).
core: false
---
Describe the role and how to take it on.
"#,
        title = quoted(title)
    )
}

fn person(title: &str) -> String {
    format!(
        r#"---
name: {title}
# How to refer to them.
pronouns: they/them
# How to reach them: an email address or another way.
contact: someone@example.org
# Their time zone, if it is not the group's: Europe/Lisbon, Africa/Lagos ...
# timezone: Europe/London
---
A line or two about them. Add their file name (without .md) to the `holders:` of their roles.
"#,
        title = quoted(title)
    )
}

fn step(title: &str, order: i64) -> String {
    format!(
        r#"---
title: {title}
# Steps are listed by their order: 1, 2, 3 ...
order: {order}
# How long the step takes.
time_needed: One week
# What to do, one line each.
checklist:
  - The first thing to do
# Links that help.
# resources:
#   - title: A template
#     url: https://example.org/template
---
Explain the step: why it matters and how to do it.
"#,
        title = quoted(title)
    )
}

fn page(title: &str) -> String {
    format!(
        r#"---
title: {title}
# One sentence, shown under the title and in lists.
description: What this page is about.
# Lower numbers come first in menus and lists.
# weight: 10
# When the page was last checked, and how often it should be: `handbook check` reminds you.
# updated: 2026-01-31
# review_every: 1 year
---
Write the page in Markdown. Link to other pages by their file, relative to this one:
`[the ground rules](ground-rules.md)`.
"#,
        title = quoted(title)
    )
}

fn plan(title: &str, today: jiff::civil::Date) -> String {
    let quarter = (today.month() - 1) / 3 + 1;
    let year = today.year();
    format!(
        r#"---
title: {title}
description: What the group means to do, when, and which goals it serves.
# The day the plan was written or last looked at; reviews below move the next review on.
updated: {today}
# How often the group reviews the plan (3 months when left out).
review_every: 3 months
# Item types besides discussion, content, activity and event, if the group has its own.
# types: [clinic]
items:
  - title: A first thing the group will do
    # A date (2027-03-15), a month (2027-03), a quarter (2027-Q2), a half (2027-H1), a year,
    # or a range: 2027-01 to 2027-06.
    when: {year}-Q{quarter}
    # discussion, content, activity, event, or one of `types`.
    type: activity
    # planned, doing, done or dropped.
    status: planned
    # The person or role who looks after it: their file in people/ or roles/, without .md.
    # owner: facilitator
    # The purpose's goals it serves, by their first words: organisation_goals and member_goals.
    # goals: [the-first-thing-members-want]
    # Events and pages it concerns: an event's file name, a page's file below content/.
    # events: [regular-call]
    # pages: [start-up/hold-the-first-event.md]
    # notes: Anything the group should know.
# At each review: what worked, and what changes.
reviews: []
#  - date: {today}
#    worked: What went well since the last review.
#    changes: What the group will do differently.
---
Say what the plan covers and how the group made it.
"#,
        title = quoted(title)
    )
}

fn success(title: &str, today: jiff::civil::Date) -> String {
    format!(
        r#"---
title: {title}
# The day it happened.
date: {today}
# One or two sentences: what the group achieved.
summary: What happened, and why it matters.
# The purpose's goals and benefits it realised, by their first words.
# goals: [the-first-thing-members-want]
# benefits: [a-regular-call]
# The people involved: their files in people/, without .md.
# people: [ana-costa]
# What shows it: numbers, links, quotes.
evidence:
  - number: 12
    label: people took part
#  - link: https://example.org/report
#    title: The report we published
#  - quote: "I found the answer I needed in one call."
#    by: A member
---
Tell the story: what the group did, who took part, and what changed because of it.
"#,
        title = quoted(title)
    )
}
