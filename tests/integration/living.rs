//! The living handbook (issue 22) in a real git repository made by the test: commits by
//! three authors at fixed dates, a rename, a reformatting commit listed in
//! `.git-blame-ignore-revs`, a removal, CODEOWNERS, and a shallow clone. Dates, authors,
//! owners, reviews, redirects, `review.json` and the changes page and feed are read back.

use crate::fixture::*;
use std::path::Path;

/// A new repository at `root` whose first commit, by `who`, holds every file there.
fn first_commit(root: &Path, who: (&str, &str), date: &str, message: &str) {
    git(root, who, date, &["init", "-q"]);
    git(root, who, date, &["add", "."]);
    git(root, who, date, &["commit", "-q", "-m", message]);
}

const ADA: (&str, &str) = ("Ada Lovelace", "ada@example.org");
const BO: (&str, &str) = ("Bo", "123+bo-gh@users.noreply.github.com");
const CY: (&str, &str) = ("Cy Twombly", "cy@example.org");
const BOT: (&str, &str) = ("Formatter", "bot@example.org");

/// A handbook in `site/` of a repository at the fixture's folder, with its history.
fn repository() -> (Fixture, String) {
    let f = Fixture::with_config(
        "title: Tidy Group\nbase_url: https://org.github.io/tidy/\nrepository: https://github.com/org/tidy\nreview:\n  every: 6 months\n",
    );
    let root = f.dir.path();
    f.write("content/purpose.md", "---\ntitle: Purpose\nfor: tidying\nwho: neighbours\nto: share tools\norganisation_goals: [Clean streets]\nmember_goals: [Good tools]\nowner: facilitator\n---\n")
        .write("content/roles/facilitator.md", "---\ntitle: Facilitator\nholders: [ada, bo]\n---\n")
        .write("content/people/ada.md", "---\nname: Ada Lovelace\nemail: Ada@Example.org\n---\n")
        .write("content/people/bo.md", "---\nname: Bo Chen\ngithub: \"@bo-gh\"\n---\n")
        .write("content/faq.md", "---\ntitle: FAQ\n---\nFirst answers.\n")
        .write("content/guide.md", "---\ntitle: The guide\n---\nHow we tidy, in many words that stay the same when the file moves.\n")
        .write("content/old.md", "---\ntitle: Old notes\n---\nOld.\n");
    first_commit(root, ADA, "2026-01-10T10:00:00+00:00", "Start the handbook");
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\n---\nFirst answers.\n\nAnd a second.\n",
    );
    git(
        root,
        BO,
        "2026-03-05T09:30:00+01:00",
        &["commit", "-q", "-am", "Answer a second question"],
    );
    git(
        root,
        CY,
        "2026-05-20T12:00:00+00:00",
        &["mv", "site/content/guide.md", "site/content/start.md"],
    );
    std::fs::create_dir_all(f.site().join("content/guides")).unwrap();
    git(
        root,
        CY,
        "2026-05-20T12:00:00+00:00",
        &[
            "mv",
            "site/content/start.md",
            "site/content/guides/start.md",
        ],
    );
    git(
        root,
        CY,
        "2026-05-20T12:00:00+00:00",
        &["commit", "-q", "-m", "Move the guide into guides/"],
    );
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\n---\nFirst answers.\n\nAnd a second.\n\n",
    );
    git(
        root,
        BOT,
        "2026-06-01T08:00:00+00:00",
        &["commit", "-q", "-am", "Reformat"],
    );
    let reformat = git(
        root,
        BOT,
        "2026-06-01T08:00:00+00:00",
        &["rev-parse", "HEAD"],
    );
    std::fs::write(
        root.join(".git-blame-ignore-revs"),
        format!("# formatting only\n{reformat}\n"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join(".github")).unwrap();
    std::fs::write(
        root.join(".github/CODEOWNERS"),
        "* @bo-gh\n/site/content/guides/ @org/docs-team\n",
    )
    .unwrap();
    git(
        root,
        ADA,
        "2026-06-02T18:00:00+00:00",
        &["rm", "-q", "site/content/old.md"],
    );
    git(root, ADA, "2026-06-02T18:00:00+00:00", &["add", "."]);
    git(
        root,
        ADA,
        "2026-06-02T18:00:00+00:00",
        &["commit", "-q", "-m", "Drop the old notes"],
    );
    (f, reformat)
}

#[test]
fn dates_and_authors_come_from_one_walk_of_the_history() {
    let (f, _) = repository();
    f.build().assert_ok();
    let faq = f.html("faq/index.html");
    // The reformatting commit is ignored: the last real change is Bo's, at 09:30 in Paris.
    assert_eq!(
        attrs(&faq, ".page-meta time", "datetime"),
        ["2026-03-05T08:30:00+00:00"]
    );
    assert_eq!(
        select(&faq, ".page-meta")[0],
        "Last updated 5 March 2026 by Bo Chen, Ada Lovelace. Owner: Bo Chen. What changed"
    );
    // Bo by the handle in GitHub's private address, Ada by her address in another case.
    assert_eq!(
        attrs(&faq, ".page-meta a", "href"),
        [
            "/tidy/people/bo/",
            "/tidy/people/ada/",
            "/tidy/people/bo/",
            "/tidy/changes/"
        ]
    );
    // The guide moved twice in one commit: created with the first commit, changed by Cy.
    let guide = f.html("guides/start/index.html");
    assert_eq!(
        select(&guide, ".page-meta")[0],
        "Last updated 20 May 2026 by Cy Twombly, Ada Lovelace. Owner: @org/docs-team. What changed"
    );
    // Its old address leads to it.
    let redirect = f.read("guide/index.html");
    assert!(redirect.contains("url=/tidy/guides/start/"), "{redirect}");
}

#[test]
fn owners_reviews_and_review_json() {
    let (f, _) = repository();
    f.build().assert_ok();
    // Six months after the last change (5 March) is past on 20 November: a banner that says
    // whom to ask.
    let faq = f.html("faq/index.html");
    assert_eq!(
        select(&faq, ".review-overdue"),
        ["This page was due for review on 2026-09-05; ask Bo Chen. It may be out of date."]
    );
    // `owner:` in front matter wins over CODEOWNERS.
    let purpose = f.html("purpose/index.html");
    assert!(select(&purpose, ".page-meta")[0].contains("Owner: Facilitator."));
    let json: serde_json::Value = serde_json::from_str(&f.read("review.json")).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["as_of"], "2026-11-20");
    let pages = json["pages"].as_array().unwrap();
    let faq = pages.iter().find(|p| p["title"] == "FAQ").unwrap();
    assert_eq!(faq["url"], "https://org.github.io/tidy/faq/");
    assert_eq!(faq["next"], "2026-09-05");
    assert_eq!(faq["overdue"], true);
    assert_eq!(faq["since"], "git");
    assert_eq!(faq["owner"]["handle"], "@bo-gh");
    assert_eq!(faq["owner"]["url"], "https://org.github.io/tidy/people/bo/");
    assert_eq!(
        json["overdue"].as_u64().unwrap() as usize,
        pages.iter().filter(|p| p["overdue"] == true).count()
    );
    // `reviewed:` moves the next review on.
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\nreviewed: 2026-10-01\n---\nFirst answers.\n",
    );
    f.build().assert_ok();
    assert!(select(&f.html("faq/index.html"), ".review-overdue").is_empty());
    // The review page lists pages by owner.
    let review = f.html("review/index.html");
    let owners = select(&review, "[aria-labelledby=review-schedule] h3");
    assert!(owners.contains(&"Bo Chen".to_string()), "{owners:?}");
}

#[test]
#[cfg_attr(
    not(checker_python),
    ignore = "needs Python with feedparser and jsonschema in .ci/venv: run .ci/install-checkers"
)]
fn review_json_and_the_changes_feed_pass_checkers_no_one_here_wrote() {
    let (f, _) = repository();
    f.build().assert_ok();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/review.schema.json");
    let out = run_python("validate_schema.py", &[&schema], &f.read("review.json"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let mut broken: serde_json::Value = serde_json::from_str(&f.read("review.json")).unwrap();
    broken["pages"][0]["since"] = "yesterday".into();
    let out = run_python("validate_schema.py", &[&schema], &broken.to_string());
    assert!(!out.status.success(), "the schema can fail");
    let out = run_python("read_feed.py", &[&f.out().join("changes.xml")], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let feed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(feed["bozo"], false, "{}", feed["bozo_exception"]);
    let titles: Vec<&str> = feed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Drop the old notes",
            "Move the guide into guides/",
            "Answer a second question",
            "Start the handbook"
        ]
    );
    assert_eq!(feed["entries"][0]["updated"], "2026-06-02T18:00:00Z");
    assert_eq!(feed["self"][0], "https://org.github.io/tidy/changes.xml");
}

#[test]
fn the_changes_page_and_feed_say_what_changed_by_day() {
    let (f, reformat) = repository();
    f.build().assert_ok();
    let html = f.html("changes/index.html");
    assert_eq!(
        select(&html, "h2"),
        [
            "Tuesday 2 June 2026",
            "Wednesday 20 May 2026",
            "Thursday 5 March 2026",
            "Saturday 10 January 2026"
        ]
    );
    let commits = select(&html, ".changes > li > p strong");
    assert_eq!(
        commits,
        [
            "Drop the old notes",
            "Move the guide into guides/",
            "Answer a second question",
            "Start the handbook"
        ]
    );
    let files = select(&html, ".changes ul li");
    assert_eq!(files[0], "Removed Old");
    assert_eq!(files[1], "Moved The guide (was guide.md)");
    assert_eq!(files[2], "Changed FAQ");
    let links = attrs(&html, ".changes .meta a", "href");
    assert!(
        links.iter().all(|l| !l.contains(&reformat)),
        "the reformatting is not news"
    );
    assert!(
        links
            .iter()
            .any(|l| l.starts_with("https://github.com/org/tidy/commit/")),
        "{links:?}"
    );
}

#[test]
fn a_shallow_clone_warns_and_gives_no_dates() {
    let (f, _) = repository();
    let clone = f.dir.path().join("clone");
    let source = format!("file://{}", f.dir.path().display());
    git(
        f.dir.path(),
        ADA,
        "2026-06-03T00:00:00+00:00",
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &source,
            clone.to_str().unwrap(),
        ],
    );
    let out = handbook()
        .arg("build")
        .arg(clone.join("site"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("shallow clone") && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );
    let faq = std::fs::read_to_string(clone.join("site/public/faq/index.html")).unwrap();
    assert!(!faq.contains("Last updated"), "no dates from one commit");
    assert!(!clone.join("site/public/changes").exists());
}

#[test]
fn outside_git_or_with_git_off_nothing_changes() {
    let (f, _) = repository();
    f.write("handbook.yaml", "title: Tidy Group\ngit: false\n");
    f.build().assert_ok();
    assert!(!f.read("faq/index.html").contains("Last updated"));
    assert!(!f.out().join("changes/index.html").exists());
    assert!(
        !f.out().join("guide/index.html").exists(),
        "no redirects either"
    );
    // Without git the site builds as before, and may have its own changes page.
    let plain = Fixture::new();
    plain.write("content/changes.md", "---\ntitle: Changelog\n---\n");
    plain.build().assert_ok();
    assert!(plain.read("changes/index.html").contains("Changelog"));
}

#[test]
fn pages_without_an_owner_are_found_when_the_group_asks() {
    let (f, _) = repository();
    std::fs::remove_file(f.dir.path().join(".github/CODEOWNERS")).unwrap();
    f.write(
        "handbook.yaml",
        "title: Tidy Group\nreview: { require_owner: true }\n",
    );
    let out = handbook()
        .args(["check", "--format", "json"])
        .arg(f.site())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut without: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["check"] == "page-no-owner")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    without.sort();
    assert_eq!(
        without,
        [
            "content/faq.md",
            "content/guides/start.md",
            "content/people/ada.md",
            "content/people/bo.md",
            "content/roles/facilitator.md"
        ],
        "the purpose has `owner:`"
    );
    // An owner that is nobody is an error at its place.
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\nowner: facilitatr\n---\n",
    );
    let err = f.build().assert_fails();
    assert!(
        err.contains(
            "content/faq.md:3:8: error in `owner`: no person or role page is called `facilitatr`"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `facilitator`?"), "{err}");
}

#[test]
fn a_page_moved_and_edited_in_one_commit_keeps_its_history() {
    // Not the same content after the move: found as git finds it (at least half the same).
    let f = Fixture::with_config("title: T\nbase_url: /t/\n");
    let root = f.dir.path();
    let text = "---\ntitle: Joining\n---\n".to_string()
        + &"How to join the group, step by step.\n".repeat(40);
    f.write("content/join.md", &text);
    first_commit(root, ADA, "2026-02-01T10:00:00+00:00", "Joining");
    git(
        root,
        CY,
        "2026-04-01T10:00:00+00:00",
        &["mv", "site/content/join.md", "site/content/how-to-join.md"],
    );
    f.write("content/how-to-join.md", &(text + "And one more line.\n"));
    git(
        root,
        CY,
        "2026-04-01T10:00:00+00:00",
        &["commit", "-q", "-am", "Rename and extend"],
    );
    f.build().assert_ok();
    let page = f.html("how-to-join/index.html");
    assert_eq!(
        select(&page, ".page-meta")[0],
        "Last updated 1 April 2026 by Cy Twombly, Ada Lovelace. What changed"
    );
    assert!(f.read("join/index.html").contains("url=/t/how-to-join/"));
    let changes = f.html("changes/index.html");
    assert_eq!(
        select(&changes, ".changes ul li")[0],
        "Moved Joining (was join.md)"
    );
}

/// Every output file but handbook's own list of what it wrote (which names the build).
fn output_files(f: &Fixture) -> Vec<(String, Vec<u8>)> {
    tree(&f.out())
        .into_iter()
        .filter(|(path, _)| path != ".handbook-output")
        .collect()
}

#[test]
fn a_later_build_diffs_only_the_new_commits_and_builds_the_same_site() {
    let (f, _) = repository();
    f.build().assert_ok();
    // The cache is beside git's own data, one file for this content folder; nothing of it
    // is in the site.
    let cache = f.dir.path().join(".git/handbook");
    let files = walk(&cache);
    assert_eq!(files.len(), 1, "{files:?}");
    let path = files[0].clone();
    let kept = std::fs::read_to_string(&path).unwrap();
    let kept: serde_json::Value = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept["prefix"], "site/content");
    assert_eq!(kept["commits"].as_array().unwrap().len(), 5, "{kept}");
    let status = git(
        f.dir.path(),
        ADA,
        "2026-06-03T08:00:00+00:00",
        &["status", "--porcelain", "--ignored"],
    );
    assert_eq!(status, "?? site/public/");

    // A new commit: the FAQ edited by Cy, and the start guide moved again.
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\n---\nFirst answers.\n\nAnd a third.\n",
    );
    let root = f.dir.path();
    let when = "2026-07-01T10:00:00+00:00";
    git(
        root,
        CY,
        when,
        &[
            "mv",
            "site/content/guides/start.md",
            "site/content/guides/begin.md",
        ],
    );
    git(
        root,
        CY,
        when,
        &[
            "commit",
            "-q",
            "-am",
            "A third answer; the guide is now begin",
        ],
    );
    f.build().assert_ok();
    let later = output_files(&f);
    let faq = f.html("faq/index.html");
    assert_eq!(
        select(&faq, ".page-meta")[0],
        "Last updated 1 July 2026 by Cy Twombly, Bo Chen, Ada Lovelace. Owner: Bo Chen. What changed"
    );
    assert!(
        f.read("guides/start/index.html")
            .contains("url=/tidy/guides/begin/")
    );
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(kept.contains("A third answer"), "{kept}");

    // The same site from the whole history, with no cache; and with a damaged one.
    for damage in [
        None,
        Some("{\"version\":1,\"prefix\":\"site/content\",\"commits\":[{\"id\":\"zz\"}]}"),
        Some("not json"),
    ] {
        std::fs::remove_dir_all(f.out()).unwrap();
        std::fs::remove_dir_all(&cache).unwrap();
        if let Some(text) = damage {
            std::fs::create_dir_all(&cache).unwrap();
            std::fs::write(&path, text).unwrap();
        }
        f.build().assert_ok();
        assert!(output_files(&f) == later, "a build from {damage:?} differs");
    }
    // A record whose parent the repository does not have: the history is read again.
    let kept = std::fs::read_to_string(&path).unwrap();
    let head = git(root, CY, when, &["rev-parse", "HEAD"]);
    let parent = git(root, CY, when, &["rev-parse", "HEAD~1"]);
    let named = |id: &str| format!("\"parent\":\"{id}\"");
    assert!(kept.contains(&named(&parent)), "{kept}");
    std::fs::write(
        &path,
        kept.replace(&named(&parent), &named(&"1".repeat(40))),
    )
    .unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains(&head));
    std::fs::remove_dir_all(f.out()).unwrap();
    f.build().assert_ok();
    assert!(
        output_files(&f) == later,
        "a build from a broken parent differs"
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains(&named(&parent))
    );
    // And the later build did read the cache, not the history again: a record changed by
    // hand shows.
    let kept = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, kept.replace("A third answer", "Recorded answer")).unwrap();
    std::fs::remove_dir_all(f.out()).unwrap();
    f.build().assert_ok();
    assert!(f.read("changes/index.html").contains("Recorded answer"));
}

#[cfg(unix)]
#[test]
fn the_cache_is_never_written_through_a_link() {
    let (f, _) = repository();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), f.dir.path().join(".git/handbook")).unwrap();
    f.build().assert_ok();
    assert!(
        walk(elsewhere.path()).is_empty(),
        "{:?}",
        walk(elsewhere.path())
    );
    assert!(f.read("faq/index.html").contains("Last updated"));
}
