//! The default theme in a real browser: axe-core finds no accessibility violation on any page
//! of the example site, in light and dark mode, served under a sub-path; no page asks another
//! host for anything; and screenshots at phone and desktop widths land in
//! `target/screenshots/THEME/` for people to look at.

use crate::fixture::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One browser test at a time: two Chromiums on a loaded 2-core machine made a page load
/// outlast its limit once (a check that was right failed). The guard holds the turn.
static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn browser_tools() -> Option<std::sync::MutexGuard<'static, ()>> {
    let modules = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/node_modules");
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let installed = modules.join("playwright-core").is_dir()
        && modules.join("axe-core").is_dir()
        && chromium.is_file();
    // A test that failed while holding the turn poisons it; the next may still run.
    installed.then(|| ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Runs the page check once. No retry: a pass after a failed first run would hide an
/// intermittent real failure, and the first run's report is the one that matters.
pub fn check(site: &Path, base_path: &str, screenshots: Option<&Path>) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check.mjs");
    let mut cmd = Command::new("node");
    cmd.arg(script)
        .arg(site)
        .arg(base_path)
        .env("SOURCE_DATE_EPOCH", NOW);
    if let Some(dir) = screenshots {
        cmd.arg(dir);
    }
    let out = cmd.output().expect("run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn example_site_has_no_axe_violations_and_screenshots_are_taken() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/default");
    // Emptied first: a screenshot left by an earlier run must not pass for this one's.
    let _ = std::fs::remove_dir_all(&shots);
    let (ok, report) = check(&out, "/our-group/", Some(&shots));
    assert!(ok, "browser check failed:\n{report}");
    let json: serde_json::Value = serde_json::from_str(&report).expect("the report is JSON");
    let html_files = walk(&out)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert_eq!(
        json["pages"],
        serde_json::json!(html_files * 2),
        "every page, in light and dark"
    );
    assert_eq!(
        json["redirects"],
        serde_json::json!([
            {"from": "faq.html", "to": "/our-group/faq/"},
            {"from": "questions/index.html", "to": "/our-group/faq/"}
        ]),
        "the FAQ's old addresses lead to it in a real browser"
    );
    for name in [
        "home-390-light.png",
        "role-1280-dark.png",
        "events-390-light.png",
        "events-1280-light.png",
    ] {
        assert!(shots.join(name).is_file(), "{name} missing");
    }
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn axe_finds_a_missing_alt_text() {
    // Proves the check above can fail.
    let _turn = browser_tools().expect("the browser tools");
    let f = Fixture::new();
    f.write(
        "templates/partials/footer.html",
        "<footer><img src=\"x.png\"></footer>\n",
    );
    f.build().assert_ok();
    let (ok, report) = check(&f.out(), "/", None);
    assert!(!ok);
    assert!(report.contains("image-alt"), "{report}");
}

#[test]
fn the_home_page_weighs_under_50_kb() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    // Everything the page loads: its stylesheets, scripts and images.
    let mut loaded = attrs(&doc, "link[rel=stylesheet]", "href");
    loaded.extend(attrs(&doc, "script[src]", "src"));
    loaded.extend(attrs(&doc, "img", "src"));
    assert!(!loaded.is_empty());
    let mut total = html.len();
    for url in &loaded {
        let local = url
            .strip_prefix("/our-group/")
            .expect("served from the site");
        total += std::fs::metadata(out.join(local)).unwrap().len() as usize;
    }
    assert!(total < 50_000, "home page with its CSS is {total} bytes");
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn the_theme_works_by_keyboard_on_a_phone_and_a_desktop_and_without_javascript() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let seen = node_json("theme.mjs", &[out.as_os_str(), "/our-group/".as_ref()]);
    assert_eq!(seen["errors"], serde_json::json!([]), "{seen:#}");
    // Every check the script makes is a yes or no; each must be yes.
    for part in ["desktop", "search", "phone", "noScript"] {
        for (name, value) in seen[part].as_object().unwrap() {
            if let Some(yes) = value.as_bool() {
                assert!(yes, "{part}.{name}: {seen:#}");
            }
        }
    }
    // A readable measure: about 70 characters of the body's type.
    let width = seen["desktop"]["contentWidth"].as_u64().unwrap();
    assert!((560..=760).contains(&width), "{width} px");
    assert_eq!(
        seen["search"]["results"].as_u64().map(|n| n > 1),
        Some(true)
    );
    assert!(seen["search"]["marked"].as_u64().unwrap() >= 1);
    assert!(seen["phone"]["reachedByTab"].as_u64().unwrap() >= 15);
    assert!(seen["noScript"]["navShown"].as_u64().unwrap() >= 8);
    // Dark chosen: this page and the next (before any deferred script) are dark; "system"
    // forgets the choice.
    let scheme = &seen["scheme"];
    assert_ne!(scheme["before"], scheme["after"]);
    assert_eq!(scheme["nextScheme"], "dark");
    assert_eq!(scheme["nextBg"], scheme["after"]);
    assert_eq!(scheme["system"]["stored"], serde_json::Value::Null);
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn lighthouse_scores_every_category_at_least_98_on_a_phone_and_a_desktop() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    // The home page, an event, the longest page and the people list.
    let pages = ["", "events/monthly-call/", "plan/2026-27/", "people/"];
    let mut args = vec![out.as_os_str(), "/our-group/".as_ref()];
    args.extend(pages.iter().map(std::ffi::OsStr::new));
    let report = node_json("lighthouse.mjs", &args);
    let report = report.as_array().unwrap();
    assert_eq!(report.len(), pages.len() * 2);
    for r in report {
        for (category, score) in r["scores"].as_object().unwrap() {
            assert!(score.as_u64().unwrap() >= 98, "{category} {score}: {r:#}");
        }
        assert_eq!(r["consoleErrors"], serde_json::json!([]), "{r:#}");
    }
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn the_default_theme_looks_as_its_stored_screenshots_show() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let shots = dir.path().join("shots");
    std::fs::create_dir_all(&shots).unwrap();
    let stored = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    let args = [
        out.as_os_str(),
        "/our-group/".as_ref(),
        shots.as_os_str(),
        stored.as_os_str(),
        "".as_ref(),
        "faq/".as_ref(),
    ];
    let report = node_json("screenshots.mjs", &args);
    let report = report.as_array().unwrap();
    assert_eq!(report.len(), 12, "two pages, three widths, two schemes");
    // A visual change is a reviewed change: look at the new pictures, then store them.
    if std::env::var("HANDBOOK_UPDATE_SNAPSHOTS").is_ok() {
        std::fs::create_dir_all(&stored).unwrap();
        for r in report {
            let name = r["name"].as_str().unwrap();
            std::fs::copy(shots.join(name), stored.join(name)).unwrap();
        }
        return;
    }
    let update = "if the change is meant, run HANDBOOK_UPDATE_SNAPSHOTS=1 cargo test --test integration looks_as_its_stored, look at docs/screenshots/ and commit them";
    for r in report {
        assert_eq!(r["stored"], true, "{r}: no stored screenshot; {update}");
        assert_eq!(r["sameSize"], true, "{r}: {update}");
        // Up to 2% of the pixels may differ (font smoothing between machines); a moved
        // column or a changed colour is far more.
        let differing = r["differing"].as_f64().unwrap();
        assert!(
            differing < 0.02,
            "{r}: {:.1}% of pixels differ; {update}",
            differing * 100.0
        );
    }
}

/// Runs `tests/browser/SCRIPT` with node and reads the JSON it prints.
fn node_json(script: &str, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser")
        .join(script);
    let run = Command::new("node")
        .arg(path)
        .args(args)
        .env("SOURCE_DATE_EPOCH", crate::fixture::NOW)
        .output()
        .expect("run node");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

fn reader_sees(site: &Path, page: &str, now: &str, timezone: &str) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/events.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(site)
        .args(["/", page, now, timezone])
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn events_that_end_after_the_build_move_to_past_and_times_show_in_the_readers_zone() {
    let _turn = browser_tools().expect("the browser tools");
    let f = Fixture::with_config("title: T\ntimezone: Europe/London\n");
    f.write(
        "content/events/soon.md",
        "---\ntitle: Soon\nstart: 2026-11-25T19:00\n---\n",
    )
    .write(
        "content/events/later.md",
        "---\ntitle: Later\nstart: 2026-12-10T19:00\n---\n",
    );
    f.build().assert_ok();
    // As built (now = 20 November), read in London: both upcoming, no second time shown.
    let seen = reader_sees(&f.out(), "events/", "2026-11-20T12:00:00Z", "Europe/London");
    assert_eq!(seen["upcoming"], serde_json::json!(["Soon", "Later"]));
    assert_eq!(seen["local"], serde_json::json!([]));
    // A week later in Tokyo: "Soon" has ended and moved; each time also shows in Tokyo time.
    let seen = reader_sees(&f.out(), "events/", "2026-12-01T12:00:00Z", "Asia/Tokyo");
    assert_eq!(seen["upcoming"], serde_json::json!(["Later"]));
    assert_eq!(seen["past"], serde_json::json!(["Soon"]));
    let local = seen["local"].as_array().unwrap();
    assert_eq!(local.len(), 2);
    assert!(
        local.iter().any(|t| t.as_str().unwrap().contains("04:00")),
        "{local:?}"
    );
    // The home page's list drops ended events.
    let home = reader_sees(&f.out(), "", "2026-12-01T12:00:00Z", "Europe/London");
    assert_eq!(home["upcoming"], serde_json::json!(["Later"]));
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn the_readers_own_time_is_written_in_the_pages_language() {
    let _turn = browser_tools().expect("the browser tools");
    let f = Fixture::with_config("title: T\nlanguages: [en, de]\ntimezone: Europe/Berlin\n");
    f.write(
        "content/events/call.md",
        "---\ntitle: Call\nstart: 2026-12-10T19:00\n---\n",
    )
    .write(
        "content/de/events/call.md",
        "---\ntitle: Treffen\nstart: 2026-12-10T19:00\n---\n",
    );
    f.build().assert_ok();
    // Read in Tokyo by a browser whose own locale is American English.
    let seen = reader_sees(
        &f.out(),
        "de/events/call/",
        "2026-12-01T12:00:00Z",
        "Asia/Tokyo",
    );
    let local = seen["local"].as_array().unwrap();
    assert_eq!(local.len(), 1, "{local:?}");
    let text = local[0].as_str().unwrap();
    assert!(text.starts_with("(deine Zeit: "), "{text}");
    assert!(text.contains("03:00") && text.contains("Dez"), "{text}");
    let seen = reader_sees(
        &f.out(),
        "events/call/",
        "2026-12-01T12:00:00Z",
        "Asia/Tokyo",
    );
    let text = seen["local"][0].as_str().unwrap().to_string();
    assert!(
        text.starts_with("(your time: ") && text.contains("Dec"),
        "{text}"
    );
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn the_harbour_theme_has_no_axe_violations_either() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let status = handbook()
        .args([
            "build",
            "-q",
            "--theme",
            "harbour",
            "--base-url",
            "/our-group/",
            "--output",
        ])
        .arg(&out)
        .arg(example_site())
        .status()
        .unwrap();
    assert!(status.success());
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/harbour");
    let _ = std::fs::remove_dir_all(&shots);
    let (ok, report) = check(&out, "/our-group/", Some(&shots));
    assert!(ok, "browser check failed:\n{report}");
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn an_open_page_reloads_after_a_save_and_shows_errors_in_the_page() {
    let _turn = browser_tools().expect("the browser tools");
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\nBefore.\n");
    let preview = crate::serve::Preview::start(&f.site(), &[]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/reload.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(format!("http://127.0.0.1:{}/about/", preview.port))
        .arg(f.site().join("content/about.md"))
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["reloaded"], true);
    let overlay = seen["overlay"]["text"].as_str().unwrap();
    assert!(
        overlay.contains("content/about.md:3:1") && overlay.contains("unknown field `wieght`"),
        "{overlay}"
    );
    assert_eq!(
        seen["overlay"]["elements"], 0,
        "the errors are text, not HTML"
    );
    assert_eq!(seen["imagesInOverlay"], 0);
    assert_eq!(seen["recovered"], true);
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn search_finds_follows_and_never_runs_a_query() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/search.mjs");
    let run = Command::new("node")
        .arg(script)
        .arg(&out)
        .args(["/our-group/", "Community Keeper"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(
        seen["results"][0]["href"], "/our-group/roles/community-keeper/",
        "{seen}"
    );
    assert_eq!(
        seen["followed"]["url"],
        "/our-group/roles/community-keeper/"
    );
    assert_eq!(seen["followed"]["h1"], "Community Keeper");
    assert_eq!(seen["xss"]["flag"], serde_json::Value::Null, "{seen}");
    assert_eq!(seen["xss"]["handlers"], 0);
    assert_eq!(seen["xss"]["images"], 0);
    assert!(
        seen["xss"]["status"]
            .as_str()
            .unwrap()
            .contains("<img src=x"),
        "the query is shown as text"
    );
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn the_printable_handbook_prints_every_page() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let printed = print_to_pdf(&out, "print/", &dir.path().join("handbook.pdf"));
    let (pages, text) = (printed.pages, printed.text);
    let sections = printed.report["sections"].as_u64().unwrap();
    assert!(
        pages >= sections && pages < sections * 4,
        "{pages} PDF pages for {sections} handbook pages"
    );
    // Every content page of the example site is in it: its title and the start of its text.
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("print/index.html")).unwrap(),
    );
    let titles = select(&html, ".print-page > h2");
    assert_eq!(titles.len() as u64, sections);
    for title in &titles {
        assert!(
            text.contains(title.as_str()),
            "{title} missing from the PDF"
        );
    }
    for first in select(&html, ".print-page .content > p:first-child") {
        let words: String = first
            .split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(&words), "{words:?} missing from the PDF");
    }
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn the_progress_page_prints_on_two_a4_pages_for_a_sponsor() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let printed = print_to_pdf(&out, "progress/", &dir.path().join("progress.pdf"));
    let (pages, text) = (printed.pages, printed.text);
    assert!(
        (1..=2).contains(&pages),
        "the progress page prints on {pages} A4 pages"
    );
    // What a sponsor reads is all there: every goal, every success, the plan's review.
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("progress/index.html")).unwrap(),
    );
    let mut wanted = select(&html, ".goal h3");
    wanted.extend(select(&html, ".successes li a"));
    wanted.extend(select(&html, "[aria-labelledby=progress-plan] p a"));
    assert!(wanted.len() >= 8, "{wanted:?}");
    for words in wanted {
        let words: String = words
            .split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains(&words),
            "{words:?} missing from the printed progress page"
        );
    }
}

/// A page printed to an A4 PDF in Chromium: what the script reported, the number of PDF
/// pages (`pdfinfo`) and the text, with its white space made single (`pdftotext`).
struct Printed {
    report: serde_json::Value,
    pages: u64,
    text: String,
}

fn print_to_pdf(site: &Path, page: &str, pdf: &Path) -> Printed {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/print.mjs");
    let run = Command::new("node")
        .arg(script)
        .arg(site)
        .arg("/our-group/")
        .arg(pdf)
        .arg(page)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let pages = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let text = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    Printed {
        report: serde_json::from_slice(&run.stdout).unwrap(),
        pages,
        text: String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

#[test]
fn the_search_index_is_a_fraction_of_the_text() {
    // A handbook of 300 pages of ordinary prose: the index, summaries and headings included,
    // stays under 30% of the Markdown.
    let f = Fixture::new();
    let words = "members share what works in open data practice and ask the questions that matter to them while the facilitators keep time and the keeper looks after the ground rules for everyone";
    let mut total = 0;
    for n in 0..300 {
        let body: String = (0..40)
            .map(|k| format!("{} {n} {k}.\n\n## Part {k}\n\n", words))
            .collect();
        let text = format!("---\ntitle: Page {n}\n---\n{body}");
        total += text.len();
        f.write(&format!("content/guides/p{n}.md"), &text);
    }
    f.build().assert_ok();
    let index = std::fs::metadata(f.out().join("search-index.json"))
        .unwrap()
        .len() as usize;
    assert!(
        index * 100 < total * 30,
        "index {index} bytes for {total} bytes of text"
    );
}

/// `build --relative`, opened from disk: every page reachable from the home page by its
/// links, with every link, fragment, stylesheet, script and image found, styled, searchable
/// and printable, and no link leading out of the folder.
#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn a_relative_build_works_from_disk() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("handbook from disk");
    succeeds(
        handbook()
            .args([
                "build",
                "--relative",
                "--base-url",
                "https://org.github.io/our-group/",
            ])
            .arg("--output")
            .arg(&out)
            .arg(example_site()),
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/from-disk.mjs");
    let run = Command::new("node")
        .arg(script)
        .arg(&out)
        .arg("Community Keeper")
        .args(["questions/index.html", "faq.html"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let pages = walk(&out)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    let crawled = report["pages"].as_array().unwrap().len();
    // Every page but the page-not-found page, the facilitators' review page and the two old
    // addresses of the FAQ (`aliases:`), which no page links to; those send the browser on.
    assert_eq!(crawled, pages - 4, "{report}");
    assert_eq!(
        report["redirects"],
        serde_json::json!({"questions/index.html": "faq/index.html", "faq.html": "faq/index.html"}),
        "{report}"
    );
    for problem in ["broken", "missing", "unstyled", "errors", "outside"] {
        assert_eq!(
            report[problem],
            serde_json::json!([]),
            "{problem}: {report}"
        );
    }
    assert_eq!(
        report["search"]["first"],
        "roles/community-keeper/index.html"
    );
    assert_eq!(report["search"]["exists"], true);
    assert_eq!(
        report["search"]["followed"],
        "roles/community-keeper/index.html"
    );
    assert!(report["print_pages"].as_u64().unwrap() >= 30, "{report}");
}

/// `theme preview` (issue 25): a support team sees its theme on every page of the example
/// handbook, and a save of one of its templates reloads the open page.
#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn theme_preview_shows_every_page_and_reloads_on_a_template_edit() {
    let _turn = browser_tools().expect("the browser tools");
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("harbour-theme");
    let made = handbook()
        .args(["theme", "new", "stewards", "--dir"])
        .arg(&theme)
        .output()
        .unwrap();
    assert!(made.status.success());
    let preview = crate::serve::Preview::theme(&theme, &[]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/theme-preview.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(format!("http://127.0.0.1:{}", preview.port))
        .arg("stewards.css")
        .arg(theme.join("templates/base.html"))
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["failures"], serde_json::json!([]), "{seen:#}");
    let pages = seen["pages"].as_object().unwrap();
    // Every Markdown page of the example handbook was reached and rendered.
    let content = example_site().join("content");
    for file in walk(&content)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let rel = file.strip_prefix(&content).unwrap().with_extension("");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let base = seen["base"].as_str().unwrap();
        let path = match rel.trim_end_matches("_index").trim_end_matches("index") {
            "" => base.to_string(),
            folder if folder.ends_with('/') => format!("{base}{folder}"),
            page => format!("{base}{page}/"),
        };
        assert!(
            pages.contains_key(&path),
            "{path} was not shown: {:?}",
            pages.keys()
        );
    }
    assert_eq!(seen["reloaded"], true);
}
