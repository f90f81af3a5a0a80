//! Members-only pages (issue 24): `visibility: internal` on a page or a folder's `_index.md`
//! leaves no trace in the public build (a canary word is looked for in every byte of every
//! file, and in every file's name), a public page that links one is an error, and
//! `--audience internal` builds the members' site with everything.

use crate::fixture::*;
use std::path::Path;

/// A word found nowhere but in what is for members.
const CANARY: &str = "quokkabrine";

const ADA: (&str, &str) = ("Ada Lovelace", "ada@example.org");

/// A group's handbook in a git repository, with a members' folder (a nested page and a
/// spreadsheet in it), a members-only page and event outside it, a members-only person, and
/// commits that touched only members' pages.
fn group_with_members_pages() -> Fixture {
    let f = Fixture::with_config(
        "title: Riverside Repair Café\nbase_url: https://repair.example.org/cafe/\nrepository: https://github.com/riverside/cafe\ntimezone: Europe/London\n",
    );
    f.write("content/index.md", "---\ntitle: Riverside Repair Café\n---\nWe fix things together. Start with [our purpose](purpose.md) and the [ground rules](ground-rules.md).\n")
        .write("content/purpose.md", "---\ntitle: Purpose\nfor: neighbours\nwho: own broken things\nto: repair them together\n---\n")
        .write("content/ground-rules.md", "---\ntitle: Ground rules\nrules:\n  - title: Be kind\n    detail: Everyone was a beginner once.\nreporting:\n  how: Talk to a host.\n  contacts: [ana]\n---\n")
        .write("content/roles/host.md", "---\ntitle: Host\nholders: [ana]\nsummary: Opens the café and welcomes people.\n---\n")
        .write("content/people/ana.md", "---\nname: Ana Souza\npronouns: she/her\n---\n")
        .write(
            "content/people/zoltan.md",
            &format!("---\nname: Zoltán {CANARY}\nvisibility: internal\ncontact: zoltan@{CANARY}.example\n---\nPrivate phone numbers.\n"),
        )
        .write("content/events/repair-evening.md", "---\ntitle: Repair evening\nstart: 2026-12-10T18:00\nduration: 3h\nlocation: Riverside Hall\nhost: host\nrecurrence:\n  every: month\n  on: second Thursday\n---\nBring what is broken.\n")
        .write(
            "content/events/committee.md",
            &format!("---\ntitle: Committee {CANARY} meeting\nvisibility: internal\nstart: 2026-12-03T19:00\nduration: 1h\nlocation: Flat 2, {CANARY} Road\nrecurrence:\n  every: week\n---\nThe agenda is in the members' notes.\n"),
        )
        .write(
            "content/members/_index.md",
            "---\ntitle: Members' notes\nvisibility: internal\n---\nOnly for the committee.\n",
        )
        .write(
            "content/members/incident-2026.md",
            &format!("---\ntitle: Incident at the {CANARY} stall\ntags: [incident, {CANARY}]\naliases: [/old-{CANARY}/]\n---\n# What happened\n\nThe {CANARY} soldering iron. See the [budget](budget.csv) and [the contacts](sub/contacts.md).\n"),
        )
        .write(
            "content/members/sub/contacts.md",
            &format!("---\ntitle: Contact list\n---\n| name | phone |\n| --- | --- |\n| {CANARY} | 0123 |\n"),
        )
        .write("content/members/budget.csv", &format!("item,cost\n{CANARY},12\n"))
        .write(
            "content/budget-2026.md",
            &format!("---\ntitle: Budget {CANARY}\nvisibility: internal\ndescription: What the {CANARY} grant pays for.\n---\nSpent on tools.\n"),
        )
        .write("content/visiting.md", "---\ntitle: Visiting us\ntags: [incident]\n---\n## Getting there\n\nThe hall is by the river. [Repair evenings](events/repair-evening.md) are monthly.\n");
    let root = f.dir.path();
    git(root, ADA, "2026-11-01T10:00:00+00:00", &["init", "-q"]);
    git(root, ADA, "2026-11-01T10:00:00+00:00", &["add", "."]);
    git(
        root,
        ADA,
        "2026-11-01T10:00:00+00:00",
        &["commit", "-q", "-m", "Start the handbook"],
    );
    f.write(
        "content/members/incident-2026.md",
        &format!("---\ntitle: Incident at the {CANARY} stall\n---\nUpdated.\n"),
    );
    git(root, ADA, "2026-11-02T10:00:00+00:00", &["add", "."]);
    let message = format!("Write up the {CANARY} incident");
    git(
        root,
        ADA,
        "2026-11-02T10:00:00+00:00",
        &["commit", "-q", "-m", &message],
    );
    f.write(
        "content/visiting.md",
        "---\ntitle: Visiting us\n---\n## Getting there\n\nBy the river, next to the bridge.\n",
    );
    git(
        root,
        ADA,
        "2026-11-03T10:00:00+00:00",
        &["commit", "-q", "-am", "Say where the hall is"],
    );
    f
}

/// Every file below `out` whose name or bytes hold `word` (in any case).
fn files_holding(out: &Path, word: &str) -> Vec<String> {
    let word = word.to_ascii_lowercase();
    walk(out)
        .into_iter()
        .filter(|path| {
            let bytes = std::fs::read(path).unwrap().to_ascii_lowercase();
            let name = path.to_string_lossy().to_ascii_lowercase();
            name.contains(&word) || bytes.windows(word.len()).any(|w| w == word.as_bytes())
        })
        .map(|p| p.strip_prefix(out).unwrap().display().to_string())
        .collect()
}

#[test]
fn nothing_for_members_reaches_the_public_build() {
    let f = group_with_members_pages();
    f.build().assert_ok();
    let out = f.out();
    assert!(walk(&out).len() > 20, "the public site was built");
    assert_eq!(files_holding(&out, CANARY), Vec::<String>::new());
    // Nor the members' folder, or the pages without the word in their text.
    assert_eq!(files_holding(&out, "Members' notes"), Vec::<String>::new());
    assert_eq!(files_holding(&out, "Contact list"), Vec::<String>::new());
    assert!(!out.join("members").exists() && !out.join("budget-2026").exists());
    // The public pages are all there, and every link among them lands.
    for page in [
        "visiting/index.html",
        "events/repair-evening/index.html",
        "people/ana/index.html",
        "changes/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    assert_eq!(broken_links(&out, "/cafe/"), Vec::<String>::new());
    // The commit that touched only members' pages is not on the changes page; the others are.
    let changes = f.read("changes/index.html");
    assert!(changes.contains("Say where the hall is") && changes.contains("Start the handbook"));
    // The search index, sitemap and calendars hold the public pages.
    assert!(f.read("search-index.json").contains("Visiting us"));
    assert!(f.read("sitemap.xml").contains("/cafe/visiting/"));
    assert!(f.read("events.ics").contains("SUMMARY:Repair evening"));
    // A public build's pages carry no members' marks.
    let visiting = f.html("visiting/index.html");
    assert!(select(&visiting, ".members-only, .members-badge").is_empty());
}

#[test]
fn the_members_build_has_everything_and_keeps_search_engines_away() {
    let f = group_with_members_pages();
    f.build_with(&["--audience", "internal"]).assert_ok();
    let out = f.site().join("internal-site");
    assert!(
        !f.out().exists(),
        "the members' site is not written where the public one goes"
    );
    let holding = files_holding(&out, CANARY);
    for expected in [
        "members/incident-2026/index.html",
        "members/sub/contacts/index.html",
        "members/budget.csv",
        "budget-2026/index.html",
        "events/committee/index.html",
        "events/committee/event.ics",
        "events.ics",
        "search-index.json",
        "print/index.html",
        "changes/index.html",
    ] {
        assert!(
            holding.iter().any(|h| h == expected),
            "{expected} in {holding:?}"
        );
    }
    let page = Html::parse_document(
        &std::fs::read_to_string(out.join("members/incident-2026/index.html")).unwrap(),
    );
    assert_eq!(
        attrs(&page, "meta[name=robots]", "content"),
        ["noindex, nofollow"]
    );
    assert_eq!(select(&page, ".members-only strong"), ["For members only."]);
    assert_eq!(select(&page, ".members-badge"), ["Members' edition"]);
    let visiting =
        Html::parse_document(&std::fs::read_to_string(out.join("visiting/index.html")).unwrap());
    assert!(
        select(&visiting, ".members-only").is_empty(),
        "a public page is not marked"
    );
    assert_eq!(
        attrs(&visiting, "meta[name=robots]", "content"),
        ["noindex, nofollow"]
    );
    assert_eq!(broken_links(&out, "/cafe/"), Vec::<String>::new());
}

#[test]
fn switching_audience_into_one_folder_is_a_full_build_each_way() {
    let f = group_with_members_pages();
    let out = f.dir.path().join("out");
    let out_arg = out.to_str().unwrap();
    f.build_with(&["--output", out_arg]).assert_ok();
    assert!(files_holding(&out, CANARY).is_empty());
    f.build_with(&["--output", out_arg, "--audience", "internal"])
        .assert_ok();
    assert!(out.join("members/incident-2026/index.html").is_file());
    f.build_with(&["--output", out_arg]).assert_ok();
    assert_eq!(
        files_holding(&out, CANARY),
        Vec::<String>::new(),
        "the members' pages are gone again"
    );
}

#[test]
fn a_public_page_that_links_a_members_page_is_one_error_each_with_the_fix() {
    let f = group_with_members_pages();
    f.write(
        "content/visiting.md",
        "---\ntitle: Visiting us\n---\nSee [the incident](members/incident-2026.md),\n[the budget](/cafe/budget-2026/) and [the notes](members/).\n",
    );
    let stderr = f.build().assert_fails();
    assert!(!f.out().exists(), "nothing written");
    for (line, target) in [
        (4, "members/incident-2026.md"),
        (5, "budget-2026.md"),
        (5, "members/_index.md"),
    ] {
        let at = format!("content/visiting.md:{line}");
        assert!(stderr.contains(&at), "{at} in {stderr}");
        let message = format!(
            "points to `content/{target}`, which is for members only (`visibility: internal`) and left out of the public build"
        );
        assert_eq!(stderr.matches(&message).count(), 1, "{message} in {stderr}");
    }
    assert!(
        stderr.contains("failed with 3 error(s)"),
        "one error a link: {stderr}"
    );
    assert!(
        stderr.contains("--audience internal"),
        "the fix is written out: {stderr}"
    );
    // The members' build has both, so the same links are fine there.
    f.build_with(&["--audience", "internal"]).assert_ok();
}

#[test]
fn a_public_role_held_by_a_members_only_person_says_which_page_and_why() {
    let f = group_with_members_pages();
    f.write(
        "content/roles/host.md",
        "---\ntitle: Host\nholders: [ana, zoltan]\n---\n",
    );
    let stderr = f.build().assert_fails();
    assert!(stderr.contains("content/roles/host.md:3"), "{stderr}");
    assert!(
        stderr.contains("`content/people/zoltan.md` is for members only"),
        "{stderr}"
    );
    assert!(stderr.contains("holders"), "the field is named: {stderr}");
    f.build_with(&["--audience", "internal"]).assert_ok();
}

#[test]
fn a_mistyped_visibility_is_an_error_that_never_guesses_public() {
    let f = Fixture::new();
    f.write(
        "content/notes.md",
        "---\ntitle: Notes\nvisibility: private\n---\nSecret.\n",
    );
    let stderr = f.build().assert_fails();
    assert!(stderr.contains("content/notes.md:3"), "{stderr}");
    assert!(stderr.contains("`private` is not a visibility"), "{stderr}");
    assert!(stderr.contains("visibility: internal"), "{stderr}");
    assert!(!stderr.contains("did you mean `public`"), "{stderr}");
    f.write(
        "content/notes.md",
        "---\ntitle: Notes\nvisibility: interal\n---\nSecret.\n",
    );
    assert!(
        f.build()
            .assert_fails()
            .contains("did you mean `internal`?")
    );
}

#[test]
fn check_reads_the_audience_too() {
    let f = group_with_members_pages();
    f.write(
        "content/visiting.md",
        "---\ntitle: Visiting us\n---\nSee [the incident](members/incident-2026.md).\n",
    );
    let public = handbook().arg("check").arg(f.site()).output().unwrap();
    assert_eq!(public.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&public.stdout).contains("for members only"));
    let members = handbook()
        .args(["check", "--audience", "internal"])
        .arg(f.site())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&members.stdout).contains("for members only"));
}

use scraper::Html;

#[test]
fn a_translation_of_a_members_page_is_for_members_even_without_the_mark() {
    let f = Fixture::with_config("title: Café\nbase_url: /cafe/\nlanguages: [en, de]\n");
    f.write(
        "content/members/_index.md",
        "---\ntitle: Members' notes\nvisibility: internal\n---\nOnly us.\n",
    )
    .write(
        "content/de/members/_index.md",
        "---\ntitle: Notizen\n---\nNur wir.\n",
    )
    .write(
        "content/de/members/kasse.md",
        &format!("---\ntitle: Kasse\n---\nDer {CANARY}-Bericht.\n"),
    )
    .write(
        "content/budget.md",
        "---\ntitle: Budget\nvisibility: internal\n---\nNumbers.\n",
    )
    .write(
        "content/budget.de.md",
        &format!("---\ntitle: Haushalt {CANARY}\n---\nZahlen.\n"),
    )
    .write(
        "content/visiting.de.md",
        "---\ntitle: Besuch\n---\nAm Fluss.\n",
    );
    f.build().assert_ok();
    assert_eq!(files_holding(&f.out(), CANARY), Vec::<String>::new());
    assert!(f.out().join("de/visiting/index.html").is_file());
    assert!(!f.out().join("de/members").exists());
    let status = f.read("translation-status/index.html");
    assert!(
        !status.contains("members") && !status.contains("budget"),
        "{status}"
    );
    f.build_with(&["--audience", "internal"]).assert_ok();
    let members = f.site().join("internal-site/de/members/kasse/index.html");
    let page = std::fs::read_to_string(members).unwrap();
    assert!(
        page.contains(CANARY) && page.contains("members-only"),
        "marked for members: {page}"
    );
}
