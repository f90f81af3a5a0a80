//! Events against parsers no one here wrote: Python's `icalendar` and
//! `recurring-ical-events` read `events.ics` and every event's `.ics`, `feedparser` reads the
//! feed, and the occurrences they find in a date range, across daylight-saving changes on two
//! continents, must be exactly what the site lists.

use crate::fixture::*;
use scraper::{Html, Selector};
use std::collections::BTreeSet;
use std::path::Path;

fn read_outputs(python: &Path, site: &Path, from: &str, to: &str) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/read_outputs.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(site)
        .args([from, to])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the Python readers failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const TRICKY_TITLE: &str = "Café, \"quotes\"; a\\b — 😀 </script><b>not bold</b>";

fn events_fixture() -> Fixture {
    let f = Fixture::with_config(
        "title: Calendar test\nbase_url: https://org.github.io/cal/\ntimezone: Europe/London\nupcoming_occurrences: 10\nupcoming_events: 50\n",
    );
    f.write(
        "content/events/weekly.md",
        "---\ntitle: Weekly call\nstart: 2027-03-11T19:00\nduration: 45m\nonline: https://meet.example.org/w\nrecurrence:\n  every: week\n  count: 6\n  skip: [2027-03-25]\n  changes:\n    - date: 2027-04-01\n      status: cancelled\n    - date: 2027-04-08\n      start: 2027-04-09T18:00\n---\n",
    )
    .write(
        "content/events/new-york.md",
        "---\ntitle: New York chapter\nstart: 2026-12-03T18:30\nend: 20:00\ntimezone: America/New_York\nlocation: Public Library, 5th Ave\nrecurrence: monthly on the first Thursday\n---\n",
    )
    .write(
        "content/events/tokyo.md",
        &format!(
            "---\ntitle: '{}'\ndescription: {}\nstart: 2027-02-10T09:00\ntimezone: Asia/Tokyo\nlocation: 'Shibuya; room 3, floor 2'\n---\n",
            TRICKY_TITLE.replace('\'', "''"),
            "Ünïcödé ".repeat(20).trim()
        ),
    )
    .write("content/events/old.md", "---\ntitle: Old meet-up\nstart: 2026-06-01T10:00\nupdated: 2026-05-01\n---\n")
    .write("content/faq.md", "---\ntitle: FAQ\nupdated: 2026-10-01\n---\n");
    f
}

fn utc(rfc3339: &str) -> String {
    let ts: jiff::Timestamp = rfc3339.parse().unwrap();
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// (title, start in UTC) of every upcoming item on the events page.
fn listed(html: &Html) -> BTreeSet<(String, String)> {
    let card = Selector::parse("[data-upcoming-events] .event-card").unwrap();
    let title = Selector::parse("a").unwrap();
    let time = Selector::parse("time").unwrap();
    html.select(&card)
        .map(|c| {
            let t = c.select(&title).next().unwrap().text().collect::<String>();
            let start = c
                .select(&time)
                .next()
                .unwrap()
                .value()
                .attr("datetime")
                .unwrap();
            (t, utc(start))
        })
        .collect()
}

/// Builds the events fixture and reads its calendars and feed back with Python, for the
/// occurrences between `from` and `to`.
fn events_read_back(from: &str, to: &str) -> Option<(Fixture, serde_json::Value)> {
    let python = python().expect("Python with icalendar, recurring-ical-events and feedparser");
    let f = events_fixture();
    f.build().assert_ok();
    let report = read_outputs(&python, &f.out(), from, to);
    Some((f, report))
}

#[test]
#[cfg_attr(
    not(checker_python),
    ignore = "needs Python with icalendar, feedparser and jsonschema in .ci/venv: run .ci/install-checkers"
)]
fn occurrences_in_a_range_match_the_listing_across_daylight_saving() {
    let Some((f, report)) = events_read_back("2026-11-20T00:00:00Z", "2027-06-01T00:00:00Z") else {
        return;
    };
    assert_eq!(report["calendar"]["problems"], serde_json::json!([]));
    let from_calendar: BTreeSet<(String, String)> = report["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["summary"].as_str().unwrap().to_string(),
                o["start"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The site lists up to ten next dates of each cadence; compare those inside the range.
    let from_site: BTreeSet<(String, String)> = listed(&f.html("events/index.html"))
        .into_iter()
        .filter(|(_, start)| start.as_str() < "2027-06-01")
        .collect();
    assert_eq!(from_calendar, from_site);
    // The weekly call stays at 19:00 London time: 19:00 UTC before 28 March, 18:00 after.
    for expected in [
        ("Weekly call", "2027-03-11T19:00:00Z"),
        ("Weekly call", "2027-03-18T19:00:00Z"),
        ("Weekly call", "2027-04-01T18:00:00Z"),
        ("Weekly call", "2027-04-09T17:00:00Z"),
        ("New York chapter", "2027-03-04T23:30:00Z"),
        ("New York chapter", "2027-04-01T22:30:00Z"),
    ] {
        assert!(
            from_site.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} not listed"
        );
    }
    assert!(
        !from_site.iter().any(|(_, s)| s.starts_with("2027-03-25")),
        "skipped date listed"
    );
    let cancelled: Vec<_> = report["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "CANCELLED")
        .map(|o| o["start"].as_str().unwrap())
        .collect();
    assert_eq!(cancelled, ["2027-04-01T18:00:00Z"]);
}

#[test]
#[cfg_attr(
    not(checker_python),
    ignore = "needs Python with icalendar, feedparser and jsonschema in .ci/venv: run .ci/install-checkers"
)]
fn every_calendar_parses_and_keeps_its_text() {
    let Some((f, report)) = events_read_back("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z") else {
        return;
    };
    let per_event = report["per_event"].as_object().unwrap();
    assert_eq!(per_event.len(), 4, "{per_event:?}");
    for (path, found) in per_event {
        assert_eq!(found["problems"], serde_json::json!([]), "{path}");
        assert!(
            found["events"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["has_dtstamp"] == true)
        );
    }
    let tokyo = &per_event["events/tokyo/event.ics"]["events"][0];
    assert_eq!(tokyo["summary"], TRICKY_TITLE);
    assert_eq!(tokyo["location"], "Shibuya; room 3, floor 2");
    assert_eq!(tokyo["start"], "2027-02-10T00:00:00Z");
    assert_eq!(
        per_event["events/tokyo/event.ics"]["zones"],
        serde_json::json!(["Asia/Tokyo"])
    );
    let ny = &per_event["events/new-york/event.ics"];
    assert_eq!(ny["events"][0]["rrule"], "FREQ=MONTHLY;BYDAY=1TH");
    assert_eq!(ny["events"][0]["uid"], "events-new-york@org.github.io");
    // The page shows the same title, escaped, and the calendar link leads to the file.
    let page = f.html("events/tokyo/index.html");
    assert_eq!(select(&page, "h1"), [TRICKY_TITLE]);
    assert_eq!(
        attrs(&page, ".calendar-links a[download]", "href"),
        ["/cal/events/tokyo/event.ics"]
    );
    assert_eq!(
        attrs(&page, ".calendar-links a:not([download])", "href"),
        ["webcal://org.github.io/cal/events.ics"]
    );
}

#[test]
#[cfg_attr(
    not(checker_python),
    ignore = "needs Python with icalendar, feedparser and jsonschema in .ci/venv: run .ci/install-checkers"
)]
fn the_feed_reads_back_with_feedparser() {
    let Some((_f, report)) = events_read_back("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")
    else {
        return;
    };
    let feed = &report["feed"];
    assert_eq!(feed["bozo"], false, "{}", feed["bozo_exception"]);
    assert_eq!(feed["title"], "Calendar test");
    let titles: Vec<&str> = feed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Weekly call",
            TRICKY_TITLE,
            "New York chapter",
            "FAQ",
            "Old meet-up"
        ],
        "newest first"
    );
    let faq = feed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "FAQ")
        .unwrap();
    assert_eq!(faq["link"], "https://org.github.io/cal/faq/");
    assert_eq!(faq["updated"], "2026-10-01T00:00:00Z");
}

#[test]
fn json_ld_is_json_and_cannot_break_out_of_its_script() {
    let f = events_fixture();
    f.build().assert_ok();
    let page = f.html("events/tokyo/index.html");
    let scripts: Vec<String> = Html::parse_document(&f.read("events/tokyo/index.html"))
        .select(&Selector::parse("script[type='application/ld+json']").unwrap())
        .map(|s| s.inner_html())
        .collect();
    assert_eq!(
        scripts.len(),
        1,
        "the title must not open or close a script element"
    );
    let json: serde_json::Value = serde_json::from_str(&scripts[0]).expect("JSON-LD is JSON");
    assert_eq!(json["@type"], "Event");
    assert_eq!(json["name"], TRICKY_TITLE);
    assert_eq!(json["startDate"], "2027-02-10T09:00:00+09:00");
    assert_eq!(json["location"]["@type"], "Place");
    assert_eq!(
        json["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(json["url"], "https://org.github.io/cal/events/tokyo/");
    assert!(
        select(&page, "b").iter().all(|b| b != "not bold"),
        "the title is escaped in HTML"
    );
    let online = Html::parse_document(&f.read("events/weekly/index.html"));
    let text = online
        .select(&Selector::parse("script[type='application/ld+json']").unwrap())
        .next()
        .unwrap()
        .inner_html();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["location"]["@type"], "VirtualLocation");
    assert_eq!(
        json["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
}

#[test]
fn a_recurring_event_page_lists_next_and_past_dates() {
    let f = Fixture::new();
    f.write(
        "content/events/call.md",
        "---\ntitle: Call\nstart: 2026-09-03T19:00\nrecurrence:\n  every: month\n  on: first thursday\n  changes:\n    - date: 2026-10-01\n      note: Notes are in the library.\n---\n",
    );
    f.build().assert_ok();
    let page = f.html("events/call/index.html");
    assert_eq!(
        attrs(&page, "#next-dates + ul time", "datetime"),
        [
            "2026-12-03T19:00:00+00:00",
            "2027-01-07T19:00:00+00:00",
            "2027-02-04T19:00:00+00:00"
        ]
    );
    let past = select(&page, "#past-dates + ul li");
    assert_eq!(past.len(), 3);
    assert!(past[1].contains("Notes are in the library."), "{past:?}");
    assert!(
        select(&page, ".facts dd")
            .iter()
            .any(|d| d == "Monthly on the first Thursday")
    );
}

#[test]
fn recurrence_errors_name_the_field() {
    let f = Fixture::new();
    f.write("content/events/a.md", "---\ntitle: A\nstart: 2027-01-07T19:00\nrecurrence: every blue moon\n---\n")
        .write("content/events/b.md", "---\ntitle: B\nstart: 2027-01-07T19:00\nrecurrence:\n  every: week\n  count: 3\n  skip: [2027-01-08]\n---\n")
        .write("content/events/c.md", "---\ntitle: C\nstart: 2027-01-07T19:00\nrecurrence:\n  every: week\n  until: 2026-01-01\n---\n");
    let err = f.build().assert_fails();
    assert!(
        err.contains(
            "content/events/a.md:4:13: error in `recurrence`: `every blue moon` is not a cadence"
        ),
        "{err}"
    );
    assert!(err.contains("content/events/b.md:7:10: error in `recurrence.skip`: 2027-01-08 is not a date of this cadence"), "{err}");
    assert!(
        err.contains("its nearest dates are 2027-01-07 and 2027-01-14"),
        "{err}"
    );
    assert!(
        err.contains(
            "content/events/c.md:5:3: error in `recurrence`: this recurrence never occurs"
        ),
        "{err}"
    );
}

/// `weekly on Tuesday` is what people write for a weekly call: a weekly cadence takes its
/// day from `start:`. When the two agree it is read as `weekly`; when they do not, the one
/// message says so, in the phrase and in the mapping, instead of asking for `first Thursday`
/// as a monthly cadence would.
#[test]
fn a_weekday_on_a_weekly_cadence_is_read_or_explained() {
    let f = Fixture::new();
    // 2027-01-07 is a Thursday.
    f.write("content/events/a.md", "---\ntitle: A\nstart: 2027-01-07T19:00\nrecurrence: weekly on Tuesday\n---\n")
        .write("content/events/b.md", "---\ntitle: B\nstart: 2027-01-07T19:00\nrecurrence:\n  every: two weeks\n  on: Friday\n---\n")
        .write("content/events/c.md", "---\ntitle: C\nstart: 2027-01-07T19:00\nrecurrence: weekly on Thursdays\n---\n")
        .write("content/events/d.md", "---\ntitle: D\nstart: 2027-01-07T19:00\nrecurrence:\n  every: week\n  on: thursday\n---\n");
    let err = f.build().assert_fails();
    assert!(
        err.contains("content/events/a.md:4:13: error in `recurrence`: a weekly event repeats on the weekday of its `start:`, a Thursday: remove `on Tuesday`, or make `start:` a Tuesday"),
        "{err}"
    );
    assert!(
        err.contains("content/events/b.md:6:7: error in `recurrence.on`: a weekly event repeats on the weekday of its `start:`, a Thursday: remove `on Friday`"),
        "{err}"
    );
    assert!(!err.contains("first Thursday` or `last Friday"), "{err}");
    assert_eq!(err.matches("error in").count(), 2, "{err}");
    // With the two mistakes gone, the agreeing ones are weekly calls on Thursdays.
    f.write(
        "content/events/a.md",
        "---\ntitle: A\nstart: 2027-01-07T19:00\n---\n",
    )
    .write(
        "content/events/b.md",
        "---\ntitle: B\nstart: 2027-01-07T19:00\n---\n",
    );
    f.build().assert_ok();
    for rel in ["events/c/index.html", "events/d/index.html"] {
        let page = f.html(rel);
        assert_eq!(
            attrs(&page, "#next-dates + ul time", "datetime"),
            [
                "2027-01-07T19:00:00+00:00",
                "2027-01-14T19:00:00+00:00",
                "2027-01-21T19:00:00+00:00"
            ],
            "{rel}"
        );
    }
}

#[test]
fn a_handbook_without_upcoming_events_is_warned() {
    let f = Fixture::new();
    f.write(
        "content/events/old.md",
        "---\ntitle: Old\nstart: 2026-01-01T10:00\n---\n",
    );
    let build = f.build();
    build.assert_ok();
    assert!(
        build
            .stderr()
            .contains("warning: the handbook lists no upcoming event"),
        "{}",
        build.stderr()
    );
}

/// Text pasted from a PDF brings control characters that XML and iCalendar forbid: a form
/// feed in a body, a vertical tab and a bell in titles, an escape in a location. The feed,
/// the sitemap and the calendars must still parse, and the author is told where they are.
#[test]
#[cfg_attr(
    not(checker_python),
    ignore = "needs Python with icalendar, feedparser and jsonschema in .ci/venv: run .ci/install-checkers"
)]
fn control_characters_never_break_feeds_calendars_or_the_sitemap() {
    let python = python().expect("Python with icalendar, recurring-ical-events and feedparser");
    let f =
        Fixture::with_config("title: \"Controls\\f group\"\nbase_url: https://org.github.io/cc/\n");
    f.write(
        "content/notes.md",
        "---\ntitle: \"Notes\\vfrom the call\"\ndescription: \"A bell\\a here\"\nupdated: 2026-11-01\n---\nPasted from a PDF:\u{c} next page.\n",
    )
    .write(
        "content/events/call.md",
        "---\ntitle: \"Call\\vone\"\nstart: 2027-01-05T18:00\ntimezone: UTC\nlocation: \"Room\\e 4\"\ndescription: \"Bring\\vnotes\"\n---\n",
    );
    let build = f.build();
    build.assert_ok();
    assert!(
        build.stderr().contains(
            "content/notes.md:6:19: warning: the text holds the invisible character U+000C (form feed)"
        ),
        "{}",
        build.stderr()
    );
    let report = read_outputs(
        &python,
        &f.out(),
        "2027-01-01T00:00:00Z",
        "2027-02-01T00:00:00Z",
    );
    assert_eq!(
        report["feed"]["bozo"], false,
        "{}",
        report["feed"]["bozo_exception"]
    );
    let titles: Vec<&str> = report["feed"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Notesfrom the call"), "{titles:?}");
    assert_eq!(report["calendar"]["problems"], serde_json::json!([]));
    assert_eq!(report["calendar"]["events"][0]["summary"], "Callone");
    assert_eq!(report["calendar"]["events"][0]["location"], "Room 4");
    let sitemap = std::fs::read_to_string(f.out().join("sitemap.xml")).unwrap();
    roxmltree::Document::parse(&sitemap).expect("the sitemap is XML");
    let feed = std::fs::read_to_string(f.out().join("feed.xml")).unwrap();
    roxmltree::Document::parse(&feed).expect("the feed is XML");
    let index = std::fs::read_to_string(f.out().join("search-index.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&index).expect("the search index is JSON");
}
