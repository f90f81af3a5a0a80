//! Newcomer mistakes, one per case, each applied to a clean copy of the example handbook:
//! every case gives exactly one error, at the file, line and column where the fix goes, in
//! plain words, with the fix written from the author's own text; and `check` fails exactly
//! when `build` does. Adding a case is adding a row to `CASES`.

use crate::fixture::{example_site, handbook};

/// (what the author did, file, text to find, what it became, where the error must be,
/// words of the message, words of the hint).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    (
        "a city for a time zone",
        "content/events/monthly-call.md",
        "duration: 1h\n",
        "duration: 1h\ntimezone: Berlin\n",
        "content/events/monthly-call.md:6:11",
        "unknown time zone `Berlin`",
        "did you mean `Europe/Berlin`?",
    ),
    (
        "a date written day first",
        "content/events/monthly-call.md",
        "start: 2026-10-01T19:00",
        "start: 01.10.2026 19:00",
        "content/events/monthly-call.md:4:8",
        "is not written the way handbook reads dates and times",
        "did you mean `2026-10-01T19:00`?",
    ),
    (
        "a colon in a title",
        "content/how-to-join.md",
        "title: How to join",
        "title: How to join: five minutes",
        "content/how-to-join.md:2:8",
        "holds `: `",
        "put the text in quotes: title: \"How to join: five minutes\"",
    ),
    (
        "a tab in a list",
        "content/ground-rules.md",
        "  - title: Be kind",
        "\t- title: Be kind",
        "content/ground-rules.md:5:1",
        "indented with a tab",
        "replace the tab with spaces",
    ),
    (
        "a misspelt field in a role",
        "content/roles/facilitator.md",
        "time_commitment:",
        "time_comittment:",
        "content/roles/facilitator.md:6:1",
        "unknown field `time_comittment` in a role",
        "did you mean `time_commitment`?",
    ),
    (
        "a list never closed",
        "content/purpose.md",
        "for: open data practice",
        "for: [open data practice",
        "content/purpose.md:4:6",
        "starts with `[`",
        "close it with `]`",
    ),
    (
        "a map never closed",
        "content/how-to-join.md",
        "description: Anyone",
        "description: {Anyone",
        "content/how-to-join.md:3:14",
        "starts with `{`",
        "close it with `}`",
    ),
    (
        "a misspelt kind",
        "content/how-to-join.md",
        "weight: 5",
        "weight: 5\nkind: rol",
        "content/how-to-join.md:5:7",
        "unknown kind `rol`",
        "did you mean `role`?",
    ),
    (
        "a word for a number",
        "content/how-to-join.md",
        "weight: 5",
        "weight: five",
        "content/how-to-join.md:4:9",
        "expected a whole number",
        "",
    ),
    (
        "a misspelt person in a role",
        "content/roles/facilitator.md",
        "person: li-wei",
        "person: li-wie",
        "content/roles/facilitator.md:8:5",
        "li-wie",
        "did you mean `li-wei`?",
    ),
    (
        "a misspelt field of a person",
        "content/people/ana-costa.md",
        "pronouns:",
        "pronoun:",
        "content/people/ana-costa.md:3:1",
        "unknown field `pronoun`",
        "did you mean `pronouns`?",
    ),
    (
        "a link to a page that is not there",
        "content/how-to-join.md",
        "[ground rules](ground-rules.md)",
        "[ground rules](ground-rule.md)",
        "content/how-to-join.md:13",
        "ground-rule.md",
        "ground-rules.md",
    ),
    (
        "a link to a heading that is not there",
        "content/how-to-join.md",
        "[ground rules](ground-rules.md)",
        "[ground rules](ground-rules.md#reportin)",
        "content/how-to-join.md:13",
        "no heading with the id `#reportin`",
        "",
    ),
    (
        "an end before the start",
        "content/events/monthly-call.md",
        "duration: 1h\n",
        "end: 18:00\n",
        "content/events/monthly-call.md:5:6",
        "the event ends before it starts",
        "",
    ),
    (
        "an updated date written with slashes",
        "content/how-to-join.md",
        "weight: 5",
        "weight: 5\nupdated: 31/12/2026",
        "content/how-to-join.md:5:10",
        "is not written the way handbook reads dates",
        "did you mean `2026-12-31`?",
    ),
    (
        "a web address without https",
        "content/events/monthly-call.md",
        "online: https://meet.example.org/open-data-stewards",
        "online: meet.example.org/open-data-stewards",
        "content/events/monthly-call.md:6:9",
        "has no `https://`",
        "did you mean `https://meet.example.org/open-data-stewards`?",
    ),
    (
        "a slug with a slash",
        "content/how-to-join.md",
        "weight: 5",
        "weight: 5\nslug: join/now",
        "content/how-to-join.md:5:7",
        "cannot be a slug",
        "",
    ),
    (
        "a misspelt template",
        "content/how-to-join.md",
        "weight: 5",
        "weight: 5\ntemplate: pgae.html",
        "content/how-to-join.md:5",
        "pgae.html",
        "page.html",
    ),
    (
        "a period misspelt",
        "content/how-to-join.md",
        "weight: 5",
        "weight: 5\nreview_every: 6 monts",
        "content/how-to-join.md:5:15",
        "`6 monts` is not a period",
        "6 months",
    ),
    (
        "front matter never closed",
        "content/how-to-join.md",
        "weight: 5\n---\n",
        "weight: 5\n",
        "content/how-to-join.md:1:1",
        "never closed",
        "`---`",
    ),
    (
        "yes for a true-or-false field",
        "content/roles/facilitator.md",
        "core: false",
        "core: nope",
        "content/roles/facilitator.md:4:7",
        "expected `true` or `false`",
        "",
    ),
    (
        "a role without a title",
        "content/roles/facilitator.md",
        "title: Facilitator\n",
        "",
        "content/roles/facilitator.md",
        "missing required field `title`",
        "title:",
    ),
    (
        "a slug too long for a file name",
        "content/how-to-join.md",
        "weight: 5",
        "weight: 5\nslug: SLUG300",
        "content/how-to-join.md:5:7",
        "a slug may have at most 200",
        "",
    ),
    (
        "a link to a page in another folder",
        "content/how-to-join.md",
        "[lead](roles/lead.md)",
        "[lead](lead.md)",
        "content/how-to-join.md:14",
        "the link `lead.md` points to `content/lead.md`, which does not exist",
        "did you mean `roles/lead.md`?",
    ),
    (
        "a link by part of a name",
        "content/how-to-join.md",
        "[ground rules](ground-rules.md)",
        "[ground rules](rules.md)",
        "content/how-to-join.md:13",
        "`rules.md`",
        "did you mean `ground-rules.md`?",
    ),
    (
        "a link written from the wrong folder",
        "content/how-to-join.md",
        "[ground rules](ground-rules.md)",
        "[ground rules](roles/ground-rules.md)",
        "content/how-to-join.md:13",
        "`roles/ground-rules.md`",
        "did you mean `ground-rules.md`?",
    ),
    (
        "an image that is not there",
        "content/how-to-join.md",
        "[ground rules](ground-rules.md)",
        "![map](map.png)",
        "content/how-to-join.md:13",
        "`map.png`",
        "",
    ),
    (
        "a field written twice",
        "content/how-to-join.md",
        "weight: 5",
        "weight: 5\ntitle: Again",
        "content/how-to-join.md:5:1",
        "`title` is written twice",
        "keep one `title:` line",
    ),
    (
        "a misspelt setting",
        "handbook.yaml",
        "title:",
        "titel:",
        "handbook.yaml:2:1",
        "unknown field `titel`",
        "did you mean `title`?",
    ),
    (
        "a city for the site's time zone",
        "handbook.yaml",
        "timezone: Europe/London",
        "timezone: London",
        "handbook.yaml:6:11",
        "unknown time zone `London`",
        "did you mean `Europe/London`?",
    ),
    (
        "an unknown cadence",
        "content/events/monthly-call.md",
        "  every: month",
        "  every: fortnight",
        "content/events/monthly-call.md:9:10",
        "is not a cadence handbook knows",
        "every two weeks",
    ),
    (
        "a skipped date that is not on the cadence",
        "content/events/monthly-call.md",
        "  on: first Thursday",
        "  on: first Thursday\n  skip: [2026-12-04]",
        "content/events/monthly-call.md:11",
        "2026-12-04 is not a date of this cadence",
        "its nearest dates are",
    ),
    (
        "an unknown status",
        "content/events/monthly-call.md",
        "duration: 1h",
        "duration: 1h\nstatus: off",
        "content/events/monthly-call.md:6:9",
        "unknown status",
        "`cancelled`",
    ),
    (
        "an event without a start",
        "content/events/monthly-call.md",
        "start: 2026-10-01T19:00\n",
        "",
        "content/events/monthly-call.md",
        "missing required field `start`",
        "",
    ),
    (
        "a decimal for a whole number",
        "content/roles/facilitator.md",
        "weight: 2",
        "weight: 2.5",
        "content/roles/facilitator.md:3:9",
        "expected a whole number",
        "",
    ),
    (
        "a review date that does not exist",
        "content/how-to-join.md",
        "weight: 5",
        "weight: 5\nreview_by: 2027-13-01",
        "content/how-to-join.md:5:12",
        "is not a date handbook can read",
        "YYYY-MM-DD",
    ),
    (
        "a role with an empty title",
        "content/roles/facilitator.md",
        "title: Facilitator",
        "title:",
        "content/roles/facilitator.md:2",
        "title",
        "",
    ),
    (
        "a host who is nobody",
        "content/events/monthly-call.md",
        "host: facilitator",
        "host: facilitater",
        "content/events/monthly-call.md:7:7",
        "facilitater",
        "did you mean `facilitator`?",
    ),
    (
        "a duration that is not one",
        "content/events/monthly-call.md",
        "duration: 1h",
        "duration: an hour or so",
        "content/events/monthly-call.md:5:11",
        "duration",
        "",
    ),
    (
        "both end and duration",
        "content/events/monthly-call.md",
        "duration: 1h",
        "duration: 1h\nend: 20:00",
        "content/events/monthly-call.md:5:11",
        "duration",
        "",
    ),
];

#[test]
fn each_newcomer_mistake_gives_one_error_where_the_fix_goes() {
    assert!(CASES.len() >= 40, "the corpus has {} cases", CASES.len());
    let mut failures = Vec::new();
    for (what, file, find, replace, place, message, hint) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        crate::fixture::copy_dir(&example_site(), &site);
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(find), "{what}: `{find}` is not in {file}");
        let replace = replace.replace("SLUG300", &"a".repeat(300));
        std::fs::write(&path, text.replacen(find, &replace, 1)).unwrap();
        let build = handbook()
            .arg("build")
            .arg(&site)
            .arg("--output")
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&build.stderr).into_owned();
        let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error")).collect();
        let hints: Vec<&str> = stderr
            .lines()
            .filter(|l| l.trim_start().starts_with("hint:"))
            .collect();
        let check = handbook()
            .args(["check", "--format", "json"])
            .arg(&site)
            .output()
            .unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&check.stdout).unwrap_or(serde_json::Value::Null);
        let problem = if build.status.code() != Some(1) {
            Some(format!("build exited {:?}", build.status.code()))
        } else if errors.len() != 1 {
            Some(format!("{} errors", errors.len()))
        } else if !errors[0].contains(&format!("{place}:"))
            && !errors[0].contains(&format!("{place} "))
        {
            Some(format!("not at {place}"))
        } else if !errors[0].contains(message) {
            Some(format!("no `{message}`"))
        } else if !hint.is_empty() && !hints.iter().any(|h| h.contains(hint)) {
            Some(format!("no hint `{hint}`"))
        } else if check.status.code() != Some(1) || json["errors"] != 1 {
            Some(format!(
                "check exited {:?} with {} errors",
                check.status.code(),
                json["errors"]
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            failures.push(format!("{what}: {problem}\n{stderr}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// Text from content never reaches the terminal raw: an escape sequence that retitles the
/// window, a bell, a carriage return that hides the start of a line in a CI log, and a
/// right-to-left override are shown escaped, in `build` and in `check`.
#[test]
fn control_characters_from_content_reach_the_terminal_escaped() {
    let f = crate::fixture::Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: A\nkind: \"r\\e]0;pwned\\a\\rol\\u202Ee\"\n---\n",
    );
    let build = f.build();
    let stderr = build.stderr();
    assert_eq!(build.output.status.code(), Some(1), "{stderr}");
    let check = handbook().arg("check").arg(f.site()).output().unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout).into_owned();
    for (what, said) in [("build", &stderr), ("check", &stdout)] {
        for raw in ['\u{1b}', '\u{7}', '\r', '\u{202e}'] {
            assert!(!said.contains(raw), "{what} printed {raw:?} raw: {said:?}");
        }
        assert!(
            said.contains("r\\u{1b}]0;pwned\\u{7}\\u{d}ol\\u{202e}e"),
            "{what}: {said}"
        );
    }
}

/// `handbook new` right after `handbook init our-group`, in the folder above (as
/// getting-started shows it): refused with the command to run, not a stray ./content/.
#[test]
fn new_outside_a_handbook_is_refused_and_inside_finds_it_upwards() {
    let dir = tempfile::tempdir().unwrap();
    let init = handbook()
        .args(["init", "our-group"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(init.status.success());
    let outside = handbook()
        .args(["new", "role", "Note taker"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(outside.status.code(), Some(1));
    let said = String::from_utf8_lossy(&outside.stderr);
    assert!(
        said.contains("not in a handbook") && said.contains("--site our-group"),
        "{said}"
    );
    assert!(
        !dir.path().join("content").exists(),
        "nothing written outside"
    );
    let inside = handbook()
        .args(["new", "role", "Note taker"])
        .current_dir(dir.path().join("our-group/content/events"))
        .output()
        .unwrap();
    assert!(
        inside.status.success(),
        "{}",
        String::from_utf8_lossy(&inside.stderr)
    );
    assert!(
        dir.path()
            .join("our-group/content/roles/note-taker.md")
            .is_file()
    );
}
