//! Bad input: every problem is reported at once, with file, line, column, field and a hint,
//! the exit status is 1 and the output folder is left as it was.

use crate::fixture::*;

fn fails_with(f: &Fixture) -> String {
    f.build().assert_fails()
}

#[test]
fn unknown_field_names_place_and_suggests() {
    let f = Fixture::new();
    f.write(
        "content/events/call.md",
        "---\ntitle: Call\nstrat: 2026-12-03T19:00\n---\n",
    );
    let err = fails_with(&f);
    assert!(
        err.contains(
            "content/events/call.md:3:1: error in `strat`: unknown field `strat` in an event"
        ),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `start`?"), "{err}");
}

#[test]
fn all_problems_come_in_one_numbered_list() {
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitel: A\n---\n")
        .write(
            "content/roles/r.md",
            "---\ntitle: R\nholders: [nobody-here]\ncore: yes\n---\n",
        )
        .write(
            "content/events/e.md",
            "---\ntitle: E\nstart: 2026-12-03T19:00\nend: 2026-12-03T18:00\n---\n",
        )
        .write("content/roles/untitled.md", "---\nholders: []\n---\n");
    let err = fails_with(&f);
    for expected in [
        "  1. content/a.md:2:1: error in `titel`",
        "content/events/e.md:4:6: error in `end`: the event ends before it starts",
        "content/roles/r.md:4:7: error in `core`: expected `true` or `false`, found text",
        "content/roles/untitled.md:2: error in `title`: missing required field `title`",
        "error: the build failed with 4 error(s); nothing was written",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert!(err.contains("did you mean `title`?"), "{err}");
    // A page's title is optional (its heading or file name stands in): the misspelt field is
    // the one mistake, and no second error follows from it.
    assert_eq!(err.matches("content/a.md").count(), 1, "{err}");
}

#[test]
fn unknown_holders_are_checked_against_people() {
    let f = Fixture::new();
    f.write("content/people/ada-lovelace.md", "---\nname: Ada\n---\n")
        .write(
            "content/roles/lead.md",
            "---\ntitle: Lead\nholders:\n  - person: ada-lovelave\n---\n",
        );
    let err = fails_with(&f);
    assert!(err.contains("content/roles/lead.md:4:5: error in `holders[0]`: no person page has the slug `ada-lovelave`"), "{err}");
    assert!(err.contains("did you mean `ada-lovelace`?"), "{err}");
}

#[test]
fn event_hosts_must_be_people_or_roles() {
    let f = Fixture::new();
    f.write(
        "content/events/e.md",
        "---\ntitle: E\nstart: 2026-12-03T19:00\nhost: someone\n---\n",
    );
    let err = fails_with(&f);
    assert!(err.contains("content/events/e.md:4:7: error in `host`: no person or role page has the slug `someone`"), "{err}");
}

#[test]
fn impossible_dates_and_unknown_zones() {
    let f = Fixture::new();
    f.write(
        "content/events/e.md",
        "---\ntitle: E\nstart: 2026-02-30T19:00\n---\n",
    )
    .write(
        "content/events/z.md",
        "---\ntitle: Z\nstart: 2026-02-03T19:00\ntimezone: Europe/Lundon\n---\n",
    );
    let err = fails_with(&f);
    assert!(err.contains("content/events/e.md:3:8: error in `start`: `2026-02-30T19:00` is not a date and time handbook can read"), "{err}");
    assert!(err.contains("did you mean `Europe/London`?"), "{err}");
    assert!(
        err.contains(
            "content/events/z.md:4:11: error in `timezone`: unknown time zone `Europe/Lundon`"
        ),
        "{err}"
    );
}

#[test]
fn broken_yaml_is_placed_in_the_md_file() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: A\ntags: [one, two\n---\nBody\n",
    );
    let err = fails_with(&f);
    assert!(err.contains("content/a.md:"), "{err}");
    assert!(err.contains("the value of `tags` starts with `[`"), "{err}");
    assert!(err.contains("close it with `]`"), "{err}");
    let line: usize = err
        .split("content/a.md:")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (3..=5).contains(&line),
        "line {line} should be in the front matter: {err}"
    );
}

#[test]
fn unclosed_front_matter_says_how_to_close_it() {
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\n# Body\n");
    let err = fails_with(&f);
    assert!(
        err.contains("content/a.md:1:1: error: the front matter is never closed"),
        "{err}"
    );
    assert!(err.contains("`---`"));
}

#[test]
fn links_to_missing_pages_and_headings_name_the_line() {
    let f = Fixture::new();
    f.write("content/rules.md", "---\ntitle: Rules\n---\n## Reporting\n")
        .write(
            "content/a.md",
            "---\ntitle: A\n---\nSee [rules](rule.md).\n\nAnd [report](rules.md#reportng).\n",
        );
    let err = fails_with(&f);
    assert!(err.contains("content/a.md:4: error: the link `rule.md` points to `content/rule.md`, which does not exist"), "{err}");
    assert!(err.contains("did you mean `rules.md`?"), "{err}");
    assert!(
        err.contains("content/a.md:6: error: `rules.md` has no heading with the id `#reportng`"),
        "{err}"
    );
    assert!(err.contains("did you mean `#reporting`?"), "{err}");
}

#[test]
fn bad_config_is_reported_with_its_line() {
    let f = Fixture::with_config("title: T\nbase_url: example.org\ntimezon: UTC\n");
    let err = fails_with(&f);
    assert!(
        err.contains("handbook.yaml:2:11: error in `base_url`"),
        "{err}"
    );
    assert!(
        err.contains("handbook.yaml:3:1: error in `timezon`: unknown field `timezon`"),
        "{err}"
    );
    assert!(err.contains("did you mean `timezone`?"));
}

#[test]
fn a_missing_config_uses_defaults_and_an_empty_folder_says_what_a_site_needs() {
    // Content without settings builds with the defaults, and says so once.
    let f = Fixture::new();
    f.remove("handbook.yaml");
    let build = f.build();
    build.assert_ok();
    assert!(
        build.stderr().contains("note: there is no handbook.yaml"),
        "{}",
        build.stderr()
    );
    // A folder with neither is not a site.
    let f = Fixture::new();
    f.remove("handbook.yaml");
    f.remove("content/index.md");
    std::fs::remove_dir(f.site().join("content")).unwrap();
    let err = fails_with(&f);
    assert!(
        err.contains("no handbook.yaml and no Markdown in the site folder"),
        "{err}"
    );
    assert!(err.contains("is "), "{err}");
}

#[test]
fn unknown_templates_and_kinds_get_suggestions() {
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\ntemplate: pgae.html\n---\n")
        .write("content/b.md", "---\ntitle: B\nkind: rol\n---\n");
    let err = fails_with(&f);
    assert!(
        err.contains("content/b.md:3:7: error in `kind`: unknown kind `rol`"),
        "{err}"
    );
    assert!(err.contains("did you mean `role`?"), "{err}");
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\ntemplate: pgae.html\n---\n");
    let err = fails_with(&f);
    assert!(
        err.contains(
            "content/a.md:3:11: error in `template`: the theme has no template `pgae.html`"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `page.html`?"), "{err}");
}

#[test]
fn template_errors_name_the_template_line_and_page() {
    let f = Fixture::new();
    f.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | nosuchfilter }}\n{% endblock main %}\n")
        .write("content/a.md", "---\ntitle: A\n---\n");
    let err = fails_with(&f);
    assert!(
        err.contains("templates/page.html:3:17: error: Unknown filter `nosuchfilter`"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_is_an_error_not_a_crash() {
    let f = Fixture::new();
    let path = f.site().join("content/bad.md");
    std::fs::write(&path, b"---\ntitle: x\n---\n\xff\xfe bad\n").unwrap();
    let err = fails_with(&f);
    assert!(
        err.contains("content/bad.md:4: error: the file is not valid UTF-8 text"),
        "{err}"
    );
}

#[test]
fn two_files_with_one_url_collide() {
    let f = Fixture::new();
    f.write("content/Join.md", "---\ntitle: Join\n---\n")
        .write("content/join.md", "---\ntitle: join\n---\n");
    let err = fails_with(&f);
    assert!(err.contains("the same URL `/join/`"), "{err}");
}

#[test]
fn a_link_to_a_file_with_errors_is_not_a_second_error() {
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\nwieght: 1\n---\n")
        .write("content/b.md", "---\ntitle: B\n---\n[a](a.md)\n");
    let err = f.build().assert_fails();
    assert!(err.contains("failed with 1 error(s)"), "{err}");
}

#[test]
fn a_link_to_a_draft_says_so() {
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\ndraft: true\n---\n")
        .write("content/b.md", "---\ntitle: B\n---\n[a](a.md)\n");
    let err = f.build().assert_fails();
    assert!(
        err.contains("content/b.md:4: error: the link `a.md` points to a draft"),
        "{err}"
    );
}
