//! `handbook check`: one test per health check (a site that trips it and the healthy site that
//! does not), the JSON output against its schema, exit codes, and colour.

use crate::fixture::*;
use std::path::PathBuf;

/// A handbook that passes every health check.
fn healthy() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/purpose.md",
        "---\ntitle: Purpose\nfor: composting\nwho: gardeners in our town\nto: share what works\norganisation_goals: [Less waste]\nmember_goals: [Better soil]\n---\n",
    )
    .write(
        "content/ground-rules.md",
        "---\ntitle: Ground rules\nrules: [Be kind]\nreporting:\n  how: Tell Ada.\n  contacts: [ada]\n---\n",
    )
    .write("content/roles/facilitator.md", "---\ntitle: Facilitator\nholders: [ada, bob, cy]\n---\n")
    .write("content/people/ada.md", "---\nname: Ada\n---\n")
    .write("content/people/bob.md", "---\nname: Bob\n---\n")
    .write("content/people/cy.md", "---\nname: Cy\n---\n")
    .write("content/start-up/one.md", "---\ntitle: One\norder: 1\n---\n")
    .write("content/start-up/two.md", "---\ntitle: Two\norder: 2\n---\n")
    .write("content/events/call.md", "---\ntitle: Call\nstart: 2026-12-03T19:00\nonline: https://meet.example.org/x\n---\n")
    .write("content/faq.md", "---\ntitle: FAQ\nupdated: 2026-10-01\nreview_every: 6 months\nreview_by: 2027-01-01\n---\nSee [rules](ground-rules.md).\n");
    f
}

pub struct Checked {
    pub code: i32,
    pub json: serde_json::Value,
    pub stdout: String,
}

pub fn check(f: &Fixture, args: &[&str]) -> Checked {
    let out = handbook()
        .arg("check")
        .arg(f.site())
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    Checked {
        code: out.status.code().unwrap(),
        json,
        stdout,
    }
}

/// (path, line) of every finding of one check.
fn findings(f: &Fixture, code: &str) -> Vec<(String, Option<u64>)> {
    check(f, &[]).json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["check"] == code)
        .map(|d| (d["path"].as_str().unwrap().to_string(), d["line"].as_u64()))
        .collect()
}

#[test]
fn the_healthy_handbook_has_no_findings() {
    let f = healthy();
    let checked = check(&f, &["--deny", "warnings"]);
    assert_eq!(
        checked.json["findings"],
        serde_json::json!([]),
        "{}",
        checked.stdout
    );
    assert_eq!(checked.code, 0);
}

macro_rules! health_check {
    ($name:ident, $code:literal, [$(($path:literal, $text:expr)),*], $remove:expr, $expected:expr) => {
        #[test]
        fn $name() {
            let f = healthy();
            assert!(findings(&f, $code).is_empty(), "the healthy site trips {}", $code);
            $(f.write($path, $text);)*
            for rel in $remove {
                f.remove(rel);
            }
            let found = findings(&f, $code);
            let expected: Vec<(&str, Option<u64>)> = $expected;
            let found: Vec<(&str, Option<u64>)> = found.iter().map(|(p, l)| (p.as_str(), *l)).collect();
            assert_eq!(found, expected);
        }
    };
}

const NONE: [&str; 0] = [];

health_check!(
    purpose_missing,
    "purpose-missing",
    [],
    ["content/purpose.md"],
    vec![("content/purpose.md", None)]
);
health_check!(
    purpose_incomplete,
    "purpose-incomplete",
    [(
        "content/purpose.md",
        "---\ntitle: P\nfor: composting\nto: share\norganisation_goals: [a]\nmember_goals: [b]\n---\n"
    )],
    NONE,
    vec![("content/purpose.md", Some(3))]
);
health_check!(
    goals_missing,
    "goals-missing",
    [(
        "content/purpose.md",
        "---\ntitle: P\nfor: composting\nwho: gardeners\nto: share\norganisation_goals: [a]\n---\n"
    )],
    NONE,
    vec![("content/purpose.md", Some(3))]
);
health_check!(
    ground_rules_missing,
    "ground-rules-missing",
    [],
    ["content/ground-rules.md"],
    vec![("content/ground-rules.md", None)]
);
health_check!(
    no_reporting,
    "no-reporting",
    [(
        "content/ground-rules.md",
        "---\ntitle: Rules\nrules: [Be kind]\n---\n"
    )],
    NONE,
    vec![("content/ground-rules.md", Some(3))]
);
health_check!(
    role_unheld,
    "role-unheld",
    [(
        "content/roles/keeper.md",
        "---\ntitle: Keeper\nholders: []\n---\n"
    )],
    NONE,
    vec![("content/roles/keeper.md", Some(3))]
);
health_check!(
    few_facilitators,
    "few-facilitators",
    [
        (
            "content/roles/facilitator.md",
            "---\ntitle: Facilitator\nholders: [ada, bob]\n---\n"
        ),
        (
            "content/roles/other.md",
            "---\ntitle: Other\nholders: [cy]\n---\n"
        )
    ],
    NONE,
    vec![("content/roles/facilitator.md", Some(3))]
);
health_check!(
    review_due,
    "review-due",
    [(
        "content/faq.md",
        "---\ntitle: FAQ\nreview_by: 2026-01-31\n---\n"
    )],
    NONE,
    vec![("content/faq.md", Some(3))]
);
health_check!(
    review_stale,
    "review-stale",
    [(
        "content/faq.md",
        "---\ntitle: FAQ\nupdated: 2025-10-01\nreview_every: 1 year\n---\n"
    )],
    NONE,
    vec![("content/faq.md", Some(3))]
);
health_check!(
    no_upcoming_event,
    "no-upcoming-event",
    [(
        "content/events/call.md",
        "---\ntitle: Call\nstart: 2026-10-03T19:00\nonline: https://x.org\n---\n"
    )],
    NONE,
    vec![("content/events", None)]
);
health_check!(
    event_no_place,
    "event-no-place",
    [(
        "content/events/call.md",
        "---\ntitle: Call\nstart: 2026-12-03T19:00\n---\n"
    )],
    NONE,
    vec![("content/events/call.md", Some(3))]
);
health_check!(
    person_no_page,
    "person-no-page",
    [(
        "content/roles/facilitator.md",
        "---\ntitle: Facilitator\nholders:\n  - ada\n  - bob\n  - cy\n  - name: Dee\n---\n"
    )],
    NONE,
    vec![("content/roles/facilitator.md", Some(7))]
);
health_check!(
    person_no_role,
    "person-no-role",
    [("content/people/eve.md", "---\nname: Eve\n---\n")],
    NONE,
    vec![("content/people/eve.md", Some(1))]
);
health_check!(
    step_order,
    "step-order",
    [
        (
            "content/start-up/two.md",
            "---\ntitle: Two\norder: 3\n---\n"
        ),
        (
            "content/start-up/dup.md",
            "---\ntitle: Dup\norder: 1\n---\n"
        )
    ],
    NONE,
    vec![
        ("content/start-up/one.md", Some(3)),
        ("content/start-up/two.md", Some(3))
    ]
);
health_check!(
    root_relative_link,
    "root-relative-link",
    [(
        "content/faq.md",
        "---\ntitle: FAQ\n---\nFirst line.\n\n[join](/join/)\n"
    )],
    NONE,
    vec![("content/faq.md", Some(6))]
);

/// A plan that serves both of the healthy site's goals, reviewed a month before "now".
const PLAN: &str = "---\ntitle: Plan\nupdated: 2026-10-20\nitems:\n  - title: Compost talk\n    when: 2027-Q1\n    goals: [less-waste, better-soil]\n---\n";

health_check!(
    plan_item_late,
    "plan-item-late",
    [(
        "content/plan/plan.md",
        "---\ntitle: Plan\nupdated: 2026-10-20\nitems:\n  - title: Compost talk\n    when: 2026-Q2\n    goals: [less-waste, better-soil]\n  - title: Done on time\n    when: 2026-Q2\n    status: done\n    goals: [less-waste]\n---\n"
    )],
    NONE,
    vec![("content/plan/plan.md", Some(5))]
);
health_check!(
    goal_unplanned,
    "goal-unplanned",
    [
        (
            "content/plan/plan.md",
            &PLAN.replace("less-waste, better-soil", "less-waste")
        ),
        (
            "content/plan/dropped.md",
            "---\ntitle: Old plan\nupdated: 2026-10-20\nitems:\n  - title: Soil day\n    when: 2027\n    status: dropped\n    goals: [better-soil]\n---\n"
        )
    ],
    NONE,
    vec![("content/purpose.md", Some(7))]
);
health_check!(
    plan_review_due,
    "plan-review-due",
    [
        (
            "content/plan/plan.md",
            &PLAN.replace("updated: 2026-10-20\n", "updated: 2026-01-10\nreview_every: 6 months\nreviews:\n  - date: 2026-04-01\n    worked: Talks.\n")
        ),
        ("content/plan/never.md", &PLAN.replace("updated: 2026-10-20\n", ""))
    ],
    NONE,
    vec![("content/plan/never.md", Some(2)), ("content/plan/plan.md", Some(5))]
);
health_check!(
    no_recent_success,
    "no-recent-success",
    [
        ("content/plan/plan.md", PLAN),
        (
            "content/successes/old.md",
            "---\ntitle: Our first swap\ndate: 2026-01-15\ngoals: [better-soil]\n---\n"
        )
    ],
    NONE,
    vec![("content/successes/old.md", Some(3))]
);

health_check!(
    page_no_owner,
    "page-no-owner",
    [
        (
            "handbook.yaml",
            "title: Test Group\nreview: { require_owner: true }\n"
        ),
        (
            "content/roles/facilitator.md",
            "---\ntitle: Facilitator\nholders: [ada, bob, cy]\nowner: ada\n---\n"
        ),
        (
            "content/faq.md",
            "---\ntitle: FAQ\nowner: facilitator\nupdated: 2026-10-01\nreview_every: 6 months\n---\n"
        )
    ],
    NONE,
    vec![
        ("content/ground-rules.md", Some(1)),
        ("content/people/ada.md", Some(1)),
        ("content/people/bob.md", Some(1)),
        ("content/people/cy.md", Some(1)),
        ("content/purpose.md", Some(1)),
        ("content/start-up/one.md", Some(1)),
        ("content/start-up/two.md", Some(1))
    ]
);

#[test]
fn plan_checks_stay_quiet_for_a_kept_plan_and_a_recent_success() {
    let f = healthy();
    f.write("content/plan/plan.md", PLAN).write(
        "content/successes/swap.md",
        "---\ntitle: Swap\ndate: 2026-10-01\ngoals: [better-soil]\n---\n",
    );
    let checked = check(&f, &["--deny", "warnings"]);
    assert_eq!(
        checked.json["findings"],
        serde_json::json!([]),
        "{}",
        checked.stdout
    );
    // A success older than the setting's months is news to nobody: a group may say how often.
    f.write(
        "content/successes/swap.md",
        "---\ntitle: Swap\ndate: 2026-03-01\ngoals: [better-soil]\n---\n",
    );
    assert_eq!(findings(&f, "no-recent-success").len(), 1);
    let config = std::fs::read_to_string(f.site().join("handbook.yaml")).unwrap();
    f.write(
        "handbook.yaml",
        &format!("{config}health: {{ success_months: 12 }}\n"),
    );
    assert_eq!(findings(&f, "no-recent-success").len(), 0);
}

#[test]
fn every_check_has_a_test() {
    let source = std::fs::read_to_string(file!()).unwrap();
    for code in handbook::source::settings::HEALTH_CHECKS {
        assert!(
            source.contains(&format!("\"{code}\",")),
            "no test for {code}"
        );
    }
}

#[test]
fn checks_can_be_switched_off_made_errors_and_tuned() {
    let f = healthy();
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\nreview_by: 2026-01-31\n---\n",
    )
    .write("content/people/eve.md", "---\nname: Eve\n---\n");
    f.write(
        "handbook.yaml",
        "title: T\nhealth:\n  min_facilitators: 4\n  off: [person-no-role]\n  errors: [review-due]\n",
    );
    let checked = check(&f, &[]);
    let codes: Vec<(&str, &str)> = checked.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["check"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [("review-due", "error"), ("few-facilitators", "warning")],
        "{}",
        checked.stdout
    );
    assert_eq!(checked.code, 1);
    assert_eq!(checked.json["ok"], false);
    // The build fails on the same error.
    let err = f.build().assert_fails();
    assert!(
        err.contains("content/faq.md:3:1: error in")
            || err.contains("content/faq.md:3:1: error: due for review"),
        "{err}"
    );
}

#[test]
fn unknown_check_names_get_a_suggestion() {
    let f = healthy();
    f.write(
        "handbook.yaml",
        "title: T\nhealth:\n  off: [person-no-roles]\n",
    );
    let err = f.build().assert_fails();
    assert!(err.contains("handbook.yaml:3:9: error in `health.off[0]`: no health check is called `person-no-roles`"), "{err}");
    assert!(err.contains("did you mean `person-no-role`?"), "{err}");
}

#[test]
fn exit_codes_follow_errors_and_deny_warnings() {
    let f = healthy();
    f.write("content/people/eve.md", "---\nname: Eve\n---\n");
    assert_eq!(check(&f, &[]).code, 0, "warnings alone pass");
    let denied = check(&f, &["--deny", "warnings"]);
    assert_eq!(
        (denied.code, denied.json["ok"].clone()),
        (1, serde_json::json!(false))
    );
    f.write("content/broken.md", "---\ntitel: x\n---\n");
    let broken = check(&f, &[]);
    assert_eq!(broken.code, 1);
    assert_eq!(
        broken.json["errors"], 1,
        "the unknown field; a page's title is optional: {}",
        broken.stdout
    );
    let out = handbook()
        .args(["check", "/no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing handbook.yaml is an error finding"
    );
}

#[test]
fn check_writes_nothing() {
    let f = healthy();
    check(&f, &[]);
    assert!(!f.out().exists());
}

#[test]
fn text_output_is_grouped_and_plain_when_piped_or_no_color() {
    let f = healthy();
    f.write("content/people/eve.md", "---\nname: Eve\n---\n");
    let plain = handbook().arg("check").arg(f.site()).output().unwrap();
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(text.starts_with("content/people/eve.md\n  1:1     warning Eve holds no role [person-no-role]\n          why: "), "{text}");
    assert!(!text.contains('\x1b'));
    assert!(text.ends_with("0 error(s), 1 warning(s)\n"));
    let coloured = handbook()
        .arg("check")
        .arg(f.site())
        .args(["--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\x1b[1;33mwarning\x1b[0m"));
    // On a terminal (a pseudo-terminal from `script`), where `auto` would colour: NO_COLOR
    // and `--color never` must still turn colour off. On a pipe colour is off anyway, so a
    // test there could not fail.
    let on_terminal = |args: &str, no_color: bool| {
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-q", "-e", "-c"])
            .arg(format!(
                "{} check {} {args}",
                env!("CARGO_BIN_EXE_handbook"),
                f.site().display()
            ))
            .arg("/dev/null")
            .env("SOURCE_DATE_EPOCH", NOW)
            .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8_lossy(&cmd.output().expect("script runs").stdout).into_owned()
    };
    let auto = on_terminal("", false);
    assert!(
        auto.contains("\x1b[1;33mwarning\x1b[0m"),
        "auto colours a terminal: {auto:?}"
    );
    let no_color = on_terminal("--color auto", true);
    assert!(
        no_color.contains("warning") && !no_color.contains('\x1b'),
        "{no_color:?}"
    );
    let never = on_terminal("--color never", false);
    assert!(
        never.contains("warning") && !never.contains('\x1b'),
        "{never:?}"
    );
}

#[test]
#[cfg_attr(
    not(checker_python),
    ignore = "needs Python with icalendar, feedparser and jsonschema in .ci/venv: run .ci/install-checkers"
)]
fn json_output_conforms_to_its_schema() {
    let f = healthy();
    f.write("content/people/eve.md", "---\nname: Eve\n---\n")
        .write("content/bad.md", "---\ntitle: B\nwieght: 1\n---\n");
    let checked = check(&f, &[]);
    assert!(checked.json["findings"].as_array().unwrap().len() >= 2);
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/check.schema.json");
    let out = run_python("validate_schema.py", &[&schema], &checked.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_review_page_lists_what_is_due_and_is_not_in_the_nav_or_sitemap() {
    let f = healthy();
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\nreview_by: 2026-01-31\n---\n",
    )
    .write(
        "content/roles/keeper.md",
        "---\ntitle: Keeper\nholders: []\n---\n",
    );
    f.build().assert_ok();
    let review = f.html("review/index.html");
    assert_eq!(select(&review, "#due + ul a"), ["FAQ"]);
    assert_eq!(select(&review, "#roles-need-people + ul a"), ["Keeper"]);
    assert_eq!(select(&review, "#review-events + ul a"), ["Call"]);
    assert_eq!(attrs(&review, "meta[name=robots]", "content"), ["noindex"]);
    assert!(!f.read("sitemap.xml").contains("review"));
    assert!(
        !attrs(&f.html("index.html"), "nav a", "href")
            .iter()
            .any(|h| h.contains("review"))
    );
}

/// The edges the mutation run found unguarded: a review due today is not yet overdue, the
/// day after it is; steps 1 and 2 are in order, 1 and 3 leave a gap. (The fixture's "now"
/// is 2026-11-20.)
#[test]
fn review_and_step_checks_at_their_edges() {
    let f = healthy();
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\nreview_by: 2026-11-20\n---\n",
    );
    assert!(
        findings(&f, "review-due").is_empty(),
        "due today is not overdue"
    );
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\nreview_by: 2026-11-19\n---\n",
    );
    assert_eq!(findings(&f, "review-due").len(), 1);
    assert!(
        findings(&f, "step-order").is_empty(),
        "1 and 2 are in order"
    );
    f.write(
        "content/start-up/two.md",
        "---\ntitle: Two\norder: 3\n---\n",
    );
    assert_eq!(findings(&f, "step-order").len(), 1, "1 and 3 leave a gap");
}
