//! The action plan, the successes and the progress page (issue 23): each field's mistakes at
//! their place with a fix, references to goals, people, roles, events and pages, the page and
//! its JSON twin against its schema, the successes' feed read by feedparser, and `new`.

use crate::fixture::*;
use std::path::Path;

/// A group with a purpose (one goal in German), people, roles, an event, a plan and two
/// successes, built at the fixtures' "now" (2026-11-20).
fn group() -> Fixture {
    let f = Fixture::with_config(
        "title: Kompost Netzwerk\nbase_url: https://org.github.io/kompost/\ntimezone: Europe/Berlin\n",
    );
    f.write(
        "content/purpose.md",
        "---\ntitle: Purpose\nfor: composting\nwho: gardeners in our town\nto: share what works\norganisation_goals:\n  - Less food waste in the town's bins\n  - Fewer duplicated leaflets\nmember_goals:\n  - Mehr Austausch unter Gärtnerinnen\n  - Better soil in every garden\nbenefits:\n  - A monthly swap of seeds and tips\n  - A shared tool library\n---\n",
    )
    .write("content/people/ada.md", "---\nname: Ada Lovelace\n---\n")
    .write("content/people/bo.md", "---\nname: Bo Chen\n---\n")
    .write("content/roles/facilitator.md", "---\ntitle: Facilitator\nholders: [ada]\n---\n")
    .write(
        "content/events/swap.md",
        "---\ntitle: Seed swap\nstart: 2026-12-03T19:00\nlocation: Library\nrecurrence: monthly on the first Thursday\n---\n",
    )
    .write("content/guides/leaflet.md", "---\ntitle: The leaflet\n---\nText.\n")
    .write(
        "content/plan/2027.md",
        "---\ntitle: Plan 2027\nupdated: 2026-10-01\nreview_every: 6 months\ntypes: [workshop]\nitems:\n  - title: Compost workshop\n    when: 2027-Q1\n    type: workshop\n    owner: facilitator\n    status: planned\n    goals: [less-food-waste, mehr-austausch]\n    events: [swap]\n  - title: One leaflet for the town\n    when: 2026-09 to 2026-10\n    type: content\n    owner: bo\n    status: done\n    goals: [fewer-duplicated]\n    pages: [guides/leaflet.md]\n  - title: Tool library\n    when: 2026-Q2\n    status: planned\n  - title: Soil testing day\n    when: 2027-05-15\n    type: event\n    status: dropped\n    goals: [better-soil]\n    notes: No lab this year.\nreviews:\n  - date: 2026-10-01\n    worked: The swaps.\n    changes: Fewer meetings.\n---\nHow we made the plan.\n",
    )
    .write(
        "content/successes/leaflet.md",
        "---\ntitle: One leaflet instead of four\ndate: 2026-10-20\nsummary: The town and two clubs now print one leaflet.\ngoals: [fewer-duplicated]\nbenefits: [a-shared-tool]\npeople: [bo]\nevidence:\n  - number: 4\n    label: leaflets replaced\n  - link: https://example.org/leaflet\n    title: The leaflet\n  - quote: \"Finally one answer.\"\n    by: A resident\n---\nStory.\n",
    )
    .write(
        "content/successes/swap.md",
        "---\ntitle: Forty people at the first swap\ndate: 2026-06-04\ngoals: [mehr-austausch]\nbenefits: [a-monthly-swap]\npeople: [ada, bo]\n---\n",
    );
    f
}

/// The errors of a failed build: the lines that name a place, and the whole text.
fn errors(f: &Fixture) -> (Vec<String>, String) {
    let err = f.build().assert_fails();
    let lines = err
        .lines()
        .filter(|l| l.contains(": error"))
        .map(|l| {
            let l = l.trim_start();
            let unnumbered = l.split_once(". ").filter(|(n, _)| n.parse::<u32>().is_ok());
            unnumbered.map_or(l, |(_, rest)| rest).to_string()
        })
        .collect();
    (lines, err)
}

/// Each case, written into the group, fails the build with one error, at `place` in `path`,
/// with `hint` in the message.
fn each_gives_one_error(cases: &[(&str, String, &str, &str)]) {
    for (path, text, place, hint) in cases {
        let f = group();
        f.write(path, text);
        let (lines, err) = errors(&f);
        assert_eq!(
            lines.len(),
            1,
            "one mistake, one message for {text:?}:\n{err}"
        );
        assert!(
            lines[0].starts_with(&format!("{path}:")) && lines[0].contains(place),
            "{place} in {err}"
        );
        assert!(err.contains(hint), "hint {hint:?} for {text:?}:\n{err}");
    }
}

#[test]
fn each_field_mistake_is_one_error_at_its_place_with_a_fix() {
    let plan = |item: &str| {
        format!(
            "---\ntitle: Plan\nupdated: 2026-11-01\ntypes: [workshop]\nitems:\n  - title: Talk\n{item}---\n"
        )
    };
    let cases: &[(&str, String, &str, &str)] = &[
        (
            "content/plan/p.md",
            plan("    when: spring\n"),
            "7:11: error in `items[0].when`",
            "a quarter (2027-Q2)",
        ),
        (
            "content/plan/p.md",
            plan("    when: 2027-Q5\n"),
            "7:11: error in `items[0].when`",
            "2027-Q2",
        ),
        (
            "content/plan/p.md",
            plan("    when: 15/03/2027\n"),
            "7:11: error in `items[0].when`",
            "2027-03-15",
        ),
        (
            "content/plan/p.md",
            plan("    when: 2027-06 to 2027-01\n"),
            "7:11: error in `items[0].when`",
            "range",
        ),
        (
            "content/plan/p.md",
            plan(""),
            "6:5: error in `items[0].when`",
            "add `when:`",
        ),
        (
            "content/plan/p.md",
            plan("    when: 2027\n    type: worshop\n"),
            "8:11: error in `items[0].type`",
            "did you mean `workshop`?",
        ),
        (
            "content/plan/p.md",
            plan("    when: 2027\n    status: finished\n"),
            "8:13: error in `items[0].status`",
            "planned, doing, done, dropped",
        ),
        (
            "content/plan/p.md",
            plan("    when: 2027\n    onwer: ada\n"),
            "8:5: error in `items[0].onwer`",
            "did you mean `owner`?",
        ),
        (
            "content/plan/p.md",
            "---\ntitle: Plan\nitems:\n  - when: 2027\n---\n".to_string(),
            "4: error in `items[0].title`",
            "add a line such as `title:",
        ),
        (
            "content/plan/p.md",
            "---\ntitle: Plan\nreviews:\n  - worked: yes\n---\n".to_string(),
            "4:5: error in `reviews[0].date`",
            "",
        ),
        (
            "content/successes/s.md",
            "---\ntitle: S\nsummary: x\n---\n".to_string(),
            "error in `date`",
            "date: 2026-11-12",
        ),
        (
            "content/successes/s.md",
            "---\ntitle: S\ndate: 12/11/2026\n---\n".to_string(),
            "3:7: error in `date`",
            "2026-11-12",
        ),
        (
            "content/successes/s.md",
            "---\ntitle: S\ndate: 2026-11-12\nevidence:\n  - count: 3\n---\n".to_string(),
            "5:5: error in `evidence[0]`",
            "`number:` (with `label:`)",
        ),
        (
            "content/successes/s.md",
            "---\ntitle: S\ndate: 2026-11-12\nevidence:\n  - link: example.org/x\n---\n"
                .to_string(),
            "5:11: error in `evidence[0].link`",
            "https://example.org/x",
        ),
        (
            "content/successes/s.md",
            "---\ntitle: S\ndate: 2026-11-12\nevidence:\n  - number: 3\n---\n".to_string(),
            "error in `evidence[0].label`",
            "label:",
        ),
    ];
    each_gives_one_error(cases);
}

#[test]
fn references_lead_somewhere_or_say_the_nearest_name() {
    let item = |refs: &str| {
        format!(
            "---\ntitle: Plan\nupdated: 2026-11-01\nitems:\n  - title: Talk\n    when: 2027\n{refs}---\n"
        )
    };
    let cases: &[(&str, String, &str, &str)] = &[
        (
            "content/plan/q.md",
            item("    goals: [less-food-wast]\n"),
            "7:13: error in `items[0].goals[0]`: the purpose has no goal `less-food-wast`",
            "did you mean `less-food-waste`?",
        ),
        (
            "content/plan/q.md",
            item("    goals: [mehr austausch unter gärtnern]\n"),
            "error in `items[0].goals[0]`",
            "did you mean `mehr-austausch-unter-gärtnerinnen`?",
        ),
        (
            "content/plan/q.md",
            item("    owner: facilitatr\n"),
            "7:12: error in `items[0].owner`: no person or role page is called `facilitatr`",
            "did you mean `facilitator`?",
        ),
        (
            "content/plan/q.md",
            item("    owner: roles/ada\n"),
            "error in `items[0].owner`",
            "",
        ),
        (
            "content/plan/q.md",
            item("    events: [swop]\n"),
            "error in `items[0].events[0]`: no event page is called `swop`",
            "did you mean `swap`?",
        ),
        (
            "content/plan/q.md",
            item("    pages: [guides/leaflets.md]\n"),
            "error in `items[0].pages[0]`: no page page is called",
            "did you mean `guides/leaflet.md`?",
        ),
        (
            "content/successes/t.md",
            "---\ntitle: T\ndate: 2026-11-01\npeople: [adda]\n---\n".into(),
            "4:10: error in `people[0]`: no person page is called `adda`",
            "did you mean `ada`?",
        ),
        (
            "content/successes/t.md",
            "---\ntitle: T\ndate: 2026-11-01\nbenefits: [tool library]\n---\n".into(),
            "error in `benefits[0]`: the purpose has no benefit",
            "a-shared-tool-library",
        ),
    ];
    each_gives_one_error(cases);
    // Two goals start with the same words: the name is ambiguous, and both are offered.
    let f = group();
    f.write("content/purpose.md", "---\ntitle: P\nfor: a\nwho: b\nto: c\norganisation_goals: [Better soil in parks, Better soil in gardens]\nmember_goals: [x]\n---\n")
        .remove("content/successes/leaflet.md")
        .remove("content/successes/swap.md")
        .write("content/plan/2027.md", &item("    goals: [better-soil]\n"));
    let (lines, err) = errors(&f);
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        err.contains("better-soil-in-parks, better-soil-in-gardens"),
        "{err}"
    );
    // Without a purpose, the first goal named says why; the others have the same cause.
    let f = group();
    f.remove("content/purpose.md")
        .remove("content/successes/leaflet.md")
        .remove("content/successes/swap.md")
        .write("content/plan/2027.md", &item("    goals: [a, b, c]\n"));
    let (lines, err) = errors(&f);
    assert_eq!(lines.len(), 1, "{err}");
    assert!(err.contains("the purpose lists none"), "{err}");
    // A goal renamed in the purpose: an error at each name that used the old words, and no
    // "nothing serves the goal" for the new one, which would be a second message.
    let f = group();
    let purpose = std::fs::read_to_string(f.site().join("content/purpose.md")).unwrap();
    f.write(
        "content/purpose.md",
        &purpose.replace("Fewer duplicated leaflets", "One leaflet for all"),
    );
    let (lines, err) = errors(&f);
    assert_eq!(lines.len(), 2, "the plan's and the success's names:\n{err}");
    assert!(!err.contains("goal-unplanned"), "{err}");
    // A person page with its own mistake is not also "missing" from a success.
    let f = group();
    f.write("content/people/bo.md", "---\nname: Bo\nprnouns: he\n---\n");
    let (lines, err) = errors(&f);
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].starts_with("content/people/bo.md:3:1"), "{err}");
}

#[test]
fn the_plan_page_lists_items_with_status_owner_goals_and_reviews() {
    let f = group();
    f.build().assert_ok();
    let html = f.html("plan/2027/index.html");
    let items = select(&html, "[aria-labelledby=plan-items] li.plan-item");
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(
        items[0].starts_with("Planned Compost workshop Q1 2027 · workshop · Facilitator"),
        "{}",
        items[0]
    );
    assert!(
        items[0].contains(
            "Serves: Less food waste in the town's bins; Mehr Austausch unter Gärtnerinnen"
        ),
        "{}",
        items[0]
    );
    assert!(
        items[1].contains(
            "One leaflet for the town September 2026 to October 2026 · content · Bo Chen"
        ),
        "{}",
        items[1]
    );
    assert!(
        items[2].contains("Past its period and not started"),
        "a planned item of Q2 is late in November: {}",
        items[2]
    );
    assert!(items[3].starts_with("Dropped") && items[3].contains("No lab this year."));
    assert_eq!(
        attrs(&html, "[aria-labelledby=plan-items] li.plan-item", "id"),
        [
            "item-compost-workshop",
            "item-one-leaflet-for-the-town",
            "item-tool-library",
            "item-soil-testing-day"
        ]
    );
    assert_eq!(
        attrs(&html, "#item-compost-workshop a", "href"),
        [
            "/kompost/roles/facilitator/",
            "/kompost/progress/#goal-less-food-waste-in-the-towns-bins",
            "/kompost/progress/#goal-mehr-austausch-unter-gärtnerinnen",
            "/kompost/events/swap/"
        ]
    );
    assert!(
        attrs(&html, "#item-one-leaflet-for-the-town a", "href")
            .contains(&"/kompost/guides/leaflet/".to_string())
    );
    assert_eq!(
        select(&html, "#plan-reviews ~ dl dd"),
        ["The swaps.", "Fewer meetings."]
    );
    let facts = select(&html, ".facts dd");
    assert_eq!(facts[0], "1 done, 0 under way, 2 planned, 1 dropped");
    assert_eq!(
        facts[1],
        "Every 6 months; last on 2026-10-01; next by 2027-04-01"
    );
}

#[test]
fn successes_are_listed_newest_first_with_their_evidence() {
    let f = group();
    f.build().assert_ok();
    let list = f.html("successes/index.html");
    assert_eq!(
        select(&list, ".cards h2"),
        [
            "One leaflet instead of four",
            "Forty people at the first swap"
        ]
    );
    let page = f.html("successes/leaflet/index.html");
    assert_eq!(attrs(&page, "time", "datetime")[0], "2026-10-20");
    assert_eq!(
        select(&page, "#evidence + .evidence li"),
        [
            "4 leaflets replaced",
            "The leaflet",
            "Finally one answer.— A resident"
        ]
    );
    let facts = select(&page, ".facts dd");
    assert_eq!(
        facts,
        [
            "Fewer duplicated leaflets",
            "A shared tool library",
            "Bo Chen"
        ]
    );
}

#[test]
fn the_progress_page_joins_goals_items_and_successes() {
    let f = group();
    f.build().assert_ok();
    let html = f.html("progress/index.html");
    let goals = select(&html, ".goal h3");
    assert_eq!(goals.len(), 4, "{goals:?}");
    assert!(goals[0].starts_with("Less food waste in the town's bins Organisation"));
    assert!(goals[2].starts_with("Mehr Austausch unter Gärtnerinnen Members"));
    // The dropped item serves nothing: "Better soil" has nothing planned and stands out.
    assert_eq!(
        select(&html, ".goal-neglected h3"),
        ["Better soil in every garden Members"]
    );
    assert_eq!(
        attrs(&html, ".goal", "aria-labelledby"),
        [
            "goal-less-food-waste-in-the-towns-bins",
            "goal-fewer-duplicated-leaflets",
            "goal-mehr-austausch-unter-gärtnerinnen",
            "goal-better-soil-in-every-garden"
        ]
    );
    let swap = select(
        &html,
        "#goal-mehr-austausch-unter-gärtnerinnen ~ .goal-successes",
    );
    assert!(
        swap[0].contains("Forty people at the first swap"),
        "{swap:?}"
    );
    assert_eq!(
        select(&html, "#progress-unaligned ~ ul li a"),
        ["Tool library"]
    );
    assert!(
        select(&html, ".progress-summary")[0]
            .contains("1 done, 0 under way and 2 planned; 2 successes recorded")
    );
    let benefits = select(&html, ".benefits li");
    assert_eq!(
        benefits,
        [
            "A monthly swap of seeds and tips: Forty people at the first swap",
            "A shared tool library: One leaflet instead of four"
        ]
    );
    // Every link on the page leads to a page that was built.
    for href in attrs(&html, "a", "href") {
        let Some(path) = href.strip_prefix("/kompost/") else {
            continue;
        };
        let path = path.split('#').next().unwrap();
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        assert!(f.out().join(&file).is_file(), "{href}");
    }
    // In the sitemap, and in the printed handbook with its items (each with an id).
    assert!(
        f.read("sitemap.xml")
            .contains("<loc>https://org.github.io/kompost/progress/</loc>")
    );
    let print = f.html("print/index.html");
    let titles = select(&print, ".print-page > h2");
    for title in [
        "Plan 2027",
        "One leaflet instead of four",
        "Forty people at the first swap",
    ] {
        assert!(
            titles.iter().any(|t| t == title),
            "{title} not printed: {titles:?}"
        );
    }
    assert_eq!(attrs(&print, ".print-page .plan-items li", "id").len(), 4);
    // Reachable: from the footer of every page and from the purpose page.
    assert!(
        attrs(&f.html("index.html"), "footer a", "href")
            .contains(&"/kompost/progress/".to_string())
    );
    assert!(
        attrs(&f.html("purpose/index.html"), "main a", "href")
            .contains(&"/kompost/progress/".to_string())
    );
}

#[test]
fn progress_json_holds_the_same_with_absolute_addresses() {
    let f = group();
    f.build().assert_ok();
    let json: serde_json::Value = serde_json::from_str(&f.read("progress.json")).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["as_of"], "2026-11-20");
    assert_eq!(json["url"], "https://org.github.io/kompost/progress/");
    let goals = json["goals"].as_array().unwrap();
    assert_eq!(goals[0]["id"], "less-food-waste-in-the-towns-bins");
    assert_eq!(goals[0]["planned"][0]["title"], "Compost workshop");
    assert_eq!(
        goals[0]["planned"][0]["url"],
        "https://org.github.io/kompost/plan/2027/#item-compost-workshop"
    );
    assert_eq!(
        goals[1]["done"][0]["owner"]["url"],
        "https://org.github.io/kompost/people/bo/"
    );
    assert_eq!(goals[3]["neglected"], true);
    assert_eq!(json["unaligned"][0]["late"], true);
    assert_eq!(json["plans"][0]["next_review"], "2027-04-01");
    assert_eq!(json["plans"][0]["review_overdue"], false);
    assert_eq!(
        json["counts"],
        serde_json::json!({"planned": 2, "doing": 0, "done": 1, "dropped": 1})
    );
    let titles: Vec<&str> = json["successes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "One leaflet instead of four",
            "Forty people at the first swap"
        ]
    );
    // The same input gives the same bytes.
    let first = f.read("progress.json");
    f.build().assert_ok();
    assert_eq!(first, f.read("progress.json"));
}

#[test]
fn a_handbook_without_plan_or_success_has_no_progress_page() {
    let f = group();
    f.remove("content/plan/2027.md")
        .remove("content/successes/leaflet.md")
        .remove("content/successes/swap.md");
    f.build().assert_ok();
    for file in ["progress/index.html", "progress.json", "successes.xml"] {
        assert!(!f.out().join(file).exists(), "{file}");
    }
    assert!(!f.read("index.html").contains("/kompost/progress/"));
    // A group without a plan may have its own page at `progress/`; with one, the address
    // is the generated page's, and the build says so.
    f.write("content/progress.md", "---\ntitle: Our progress\n---\n");
    f.build().assert_ok();
    f.write(
        "content/successes/s.md",
        "---\ntitle: S\ndate: 2026-11-01\n---\n",
    );
    let err = f.build().assert_fails();
    assert!(
        err.contains(
            "content/progress.md: error: the URL `/progress/` is kept for a page handbook makes"
        ),
        "{err}"
    );
}

#[test]
#[cfg_attr(
    not(checker_python),
    ignore = "needs Python with feedparser and jsonschema in .ci/venv: run .ci/install-checkers"
)]
fn progress_json_conforms_to_its_schema_and_the_feed_to_feedparser() {
    let f = group();
    f.build().assert_ok();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/progress.schema.json");
    let out = run_python("validate_schema.py", &[&schema], &f.read("progress.json"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The schema is not one that passes anything.
    let mut broken: serde_json::Value = serde_json::from_str(&f.read("progress.json")).unwrap();
    broken["goals"][0]["planned"][0]["status"] = "finished".into();
    let out = run_python("validate_schema.py", &[&schema], &broken.to_string());
    assert!(!out.status.success());

    let out = run_python("read_feed.py", &[&f.out().join("successes.xml")], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let feed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(feed["bozo"], false, "{}", feed["bozo_exception"]);
    assert_eq!(feed["title"], "Kompost Netzwerk: successes");
    assert_eq!(
        feed["self"][0],
        "https://org.github.io/kompost/successes.xml"
    );
    let entries = feed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["title"], "One leaflet instead of four");
    assert_eq!(
        entries[0]["link"],
        "https://org.github.io/kompost/successes/leaflet/"
    );
    assert_eq!(entries[0]["updated"], "2026-10-20T00:00:00Z");
    assert!(
        entries[0]["summary"]
            .as_str()
            .unwrap()
            .starts_with("20 October 2026 — The town")
    );
    assert_eq!(entries[1]["title"], "Forty people at the first swap");
    // The main feed carries the stories too, dated the day they happened.
    let out = run_python("read_feed.py", &[&f.out().join("feed.xml")], "");
    let feed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        feed["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["title"] == "Forty people at the first swap")
    );
}

#[test]
fn folders_called_plan_or_successes_without_the_kinds_fields_stay_pages() {
    // A handbook written before these kinds: notes in plan/ and successes/ build as pages,
    // with no "missing date" and no plan checks.
    let f = Fixture::new();
    f.write(
        "content/plan/ideas.md",
        "---\ntitle: Ideas for next year\ndescription: Notes.\n---\nText.\n",
    )
    .write(
        "content/successes/2025.md",
        "---\ntitle: What went well in 2025\n---\nText.\n",
    )
    .write("content/plan/notes.md", "Plain notes, no front matter.\n");
    let build = f.build();
    build.assert_ok();
    assert!(!build.stderr().contains("warning"), "{}", build.stderr());
    assert!(!f.out().join("progress/index.html").exists());
    assert_eq!(
        select(&f.html("plan/ideas/index.html"), "main h1"),
        ["Ideas for next year"]
    );
    // With one of the kind's fields, or `kind:`, it is the kind, with its errors.
    f.write(
        "content/successes/2025.md",
        "---\ntitle: What went well\nsummary: A lot.\n---\n",
    );
    let err = f.build().assert_fails();
    assert!(
        err.contains("content/successes/2025.md:2: error in `date`: missing required field `date`"),
        "{err}"
    );
    f.write(
        "content/plan/ideas.md",
        "---\ntitle: Ideas\nkind: plan\n---\n",
    )
    .write(
        "content/successes/2025.md",
        "---\ntitle: What went well\ndate: 2025-12-01\n---\n",
    );
    f.build().assert_ok();
    assert!(f.out().join("progress/index.html").exists());
}

#[test]
fn new_plan_and_new_success_make_files_that_build() {
    let f = group();
    for (kind, title, file) in [
        ("plan", "Plan 2028", "content/plan/plan-2028.md"),
        (
            "success",
            "We won the town prize",
            "content/successes/we-won-the-town-prize.md",
        ),
    ] {
        let out = handbook()
            .args(["new", kind, title, "--site"])
            .arg(f.site())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(f.site().join(file)).unwrap();
        assert!(text.contains(&format!("title: \"{title}\"")), "{text}");
    }
    f.build().assert_ok();
    let plan = f.html("plan/plan-2028/index.html");
    assert_eq!(
        select(&plan, "[aria-labelledby=plan-items] li strong"),
        ["A first thing the group will do"]
    );
    assert!(
        select(&plan, "[aria-labelledby=plan-items] .meta")[0].starts_with("Q4 2026 · activity")
    );
    let story = f.html("successes/we-won-the-town-prize/index.html");
    assert_eq!(attrs(&story, "time", "datetime")[0], "2026-11-20");
}
