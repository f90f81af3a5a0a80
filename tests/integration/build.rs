//! What a successful build writes: pages of every kind at pretty URLs, lists in order,
//! the files every site needs, and the same bytes every time.

use crate::fixture::*;
use std::path::Path;

#[test]
fn every_kind_gets_a_page_at_a_pretty_url() {
    let f = Fixture::new();
    f.write("content/purpose.md", "---\ntitle: Purpose\nfor: gardeners\nwho: new to composting\nto: learn together\nmember_goals: [Tips]\n---\n")
        .write("content/ground-rules.md", "---\ntitle: Rules\nrules:\n  - title: Be kind\nreporting: Email the keeper.\n---\n")
        .write("content/roles/lead.md", "---\ntitle: Lead\nholders: [ada]\n---\n")
        .write("content/people/ada.md", "---\nname: Ada Lovelace\npronouns: she/her\n---\nHi.\n")
        .write("content/start-up/one.md", "---\ntitle: Register\norder: 1\nchecklist: [Pick a name]\n---\n")
        .write("content/events/call.md", "---\ntitle: Call\nstart: 2026-12-03T19:00\nduration: 90m\ntimezone: Europe/Berlin\nonline: https://meet.example.org/x\n---\n")
        .write("content/about us.md", "---\ntitle: About us\n---\n");
    f.build().assert_ok();
    let purpose = f.html("purpose/index.html");
    assert_eq!(
        select(&purpose, ".purpose-statement"),
        ["A group for gardeners who are new to composting to learn together."]
    );
    let role = f.html("roles/lead/index.html");
    assert_eq!(attrs(&role, ".facts a", "href"), ["/people/ada/"]);
    assert_eq!(select(&role, ".facts a"), ["Ada Lovelace"]);
    let person = f.html("people/ada/index.html");
    assert_eq!(
        select(&person, ".facts dd a"),
        ["Lead"],
        "a person page lists the roles held"
    );
    let event = f.html("events/call/index.html");
    assert_eq!(
        attrs(&event, "time", "datetime"),
        ["2026-12-03T19:00:00+01:00"]
    );
    assert!(select(&event, ".facts dd")[0].contains("19:00–20:30"));
    assert_eq!(
        select(&f.html("ground-rules/index.html"), ".reporting p"),
        ["Email the keeper."]
    );
    assert_eq!(
        select(&f.html("start-up/one/index.html"), ".checklist li"),
        ["Pick a name"]
    );
    assert_eq!(select(&f.html("about-us/index.html"), "h1"), ["About us"]);
    for file in [
        "404.html",
        "sitemap.xml",
        ".nojekyll",
        "style.css",
        "roles/index.html",
        "events/index.html",
    ] {
        assert!(f.out().join(file).exists(), "{file} missing");
    }
}

#[test]
fn sections_list_pages_by_weight_then_title() {
    let f = Fixture::new();
    f.write("content/guides/zebra.md", "---\ntitle: Zebra\n---\n")
        .write("content/guides/apple.md", "---\ntitle: apple\n---\n")
        .write(
            "content/guides/first.md",
            "---\ntitle: Last by name, first by weight\nweight: 1\n---\n",
        );
    f.build().assert_ok();
    let list = f.html("guides/index.html");
    assert_eq!(
        select(&list, ".card > :first-child"),
        ["Last by name, first by weight", "apple", "Zebra"]
    );
    let apple = f.html("guides/apple/index.html");
    assert_eq!(
        attrs(&apple, ".pager a[rel=prev]", "href"),
        ["/guides/first/"]
    );
    assert_eq!(
        attrs(&apple, ".pager a[rel=next]", "href"),
        ["/guides/zebra/"]
    );
}

#[test]
fn steps_follow_their_order_and_events_split_at_now() {
    let f = Fixture::new();
    f.write(
        "content/start-up/b.md",
        "---\ntitle: Invite\norder: 2\n---\n",
    )
    .write(
        "content/start-up/a.md",
        "---\ntitle: Register\norder: 1\n---\n",
    )
    .write(
        "content/events/past.md",
        "---\ntitle: Old call\nstart: 2026-10-01T19:00\n---\n",
    )
    .write(
        "content/events/next.md",
        "---\ntitle: Next call\nstart: 2026-12-01T19:00\n---\n",
    )
    .write(
        "content/events/later.md",
        "---\ntitle: Later call\nstart: 2027-01-01T19:00\n---\n",
    );
    f.build().assert_ok();
    assert_eq!(
        select(&f.html("start-up/index.html"), ".steps a"),
        ["Register", "Invite"]
    );
    let events = f.html("events/index.html");
    assert_eq!(
        select(&events, "#upcoming + ul .card > :first-child"),
        ["Next call", "Later call"]
    );
    assert_eq!(
        select(&events, "#past + ul .card > :first-child"),
        ["Old call"]
    );
    let home = f.html("index.html");
    assert_eq!(
        select(&home, "#next-events + ul .card > :first-child"),
        ["Next call", "Later call"]
    );
    assert_eq!(attrs(&home, ".start-here a", "href"), ["/start-up/a/"]);
}

#[test]
fn drafts_are_left_out() {
    let f = Fixture::new();
    f.write(
        "content/wip.md",
        "---\ntitle: Work in progress\ndraft: true\n---\n",
    );
    f.build().assert_ok();
    assert!(!f.out().join("wip/index.html").exists());
    assert!(!f.read("sitemap.xml").contains("wip"));
}

#[test]
fn kind_in_front_matter_wins_over_the_folder() {
    let f = Fixture::new();
    f.write(
        "content/team/chair.md",
        "---\ntitle: Chair\nkind: role\nsummary: Chairs.\n---\n",
    );
    f.build().assert_ok();
    assert_eq!(
        select(&f.html("team/chair/index.html"), ".lead"),
        ["Chairs."]
    );
}

#[test]
fn a_site_overrides_one_partial_of_the_theme() {
    let f = Fixture::new();
    f.write(
        "templates/partials/footer.html",
        "<footer class=\"ours\">Our footer for {{ site.title }}</footer>\n",
    );
    f.build().assert_ok();
    assert_eq!(
        select(&f.html("index.html"), "footer.ours"),
        ["Our footer for Test Group"]
    );
}

#[test]
fn crlf_and_bom_build_the_same_as_lf() {
    let text =
        "---\ntitle: Rules\ndescription: Be kind\n---\n# Heading\n\nBody [home](index.md).\n";
    let lf = Fixture::new();
    lf.write("content/rules.md", text);
    let crlf = Fixture::new();
    crlf.write(
        "content/rules.md",
        &format!("\u{feff}{}", text.replace('\n', "\r\n")),
    );
    lf.build().assert_ok();
    crlf.build().assert_ok();
    assert_eq!(lf.read("rules/index.html"), crlf.read("rules/index.html"));
}

#[test]
fn builds_are_byte_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut trees = Vec::new();
    for threads in ["1", "4"] {
        let out = dir.path().join(format!("out-{threads}"));
        let status = handbook()
            .env("RAYON_NUM_THREADS", threads)
            .args(["build", "--output"])
            .arg(&out)
            .arg(example_site())
            .status()
            .unwrap();
        assert!(status.success());
        trees.push(tree(&out));
    }
    assert!(trees[0].len() > 20);
    assert_eq!(trees[0], trees[1]);
}

#[test]
fn sitemap_lists_absolute_urls_under_the_base_path() {
    let f = Fixture::new();
    f.write(
        "content/faq.md",
        "---\ntitle: FAQ\nupdated: 2026-05-01\n---\n",
    );
    f.build_with(&["--base-url", "https://org.github.io/our-group"])
        .assert_ok();
    let sitemap = f.read("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://org.github.io/our-group/faq/</loc>\n    <lastmod>2026-05-01</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://org.github.io/our-group/</loc>"));
}

#[test]
fn the_summary_line_counts_pages() {
    let f = Fixture::new();
    let build = f.build();
    build.assert_ok();
    assert!(
        build.stdout().starts_with("Built 1 pages"),
        "{}",
        build.stdout()
    );
}

#[test]
fn unknown_keys_can_be_warnings_for_migrating_sites() {
    let f = Fixture::with_config("title: T\nfront_matter:\n  unknown_keys: warning\n");
    f.write("content/post.md", "---\ntitle: Post\nlayout: post\n---\n");
    let build = f.build();
    build.assert_ok();
    assert!(
        build
            .stderr()
            .contains("content/post.md:3:1: warning in `layout`: unknown field `layout`"),
        "{}",
        build.stderr()
    );
    assert!(build.stdout().contains(" warning(s)"), "{}", build.stdout());
}

#[test]
fn building_again_with_nothing_changed_writes_nothing() {
    let f = Fixture::new();
    f.write(
        "content/events/e.md",
        "---\ntitle: E\nstart: 2026-11-25T10:00\nonline: https://x.org\n---\n",
    );
    f.build().assert_ok();
    let stamp = |p: &str| {
        std::fs::metadata(f.out().join(p))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = (stamp("index.html"), stamp(".handbook-output"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = f.build();
    again.assert_ok();
    assert!(
        again.stdout().starts_with("Nothing changed"),
        "{}",
        again.stdout()
    );
    assert_eq!(
        (stamp("index.html"), stamp(".handbook-output")),
        before,
        "nothing was written"
    );
    // A change to a file makes it a real build.
    f.write("content/about.md", "---\ntitle: About\n---\n");
    assert!(f.build().stdout().starts_with("Built"));
    // So does a "now" past the end of an event: the lists of upcoming events change.
    let later = handbook()
        .arg("build")
        .arg(f.site())
        .env("SOURCE_DATE_EPOCH", "1795132800")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&later.stdout).starts_with("Nothing changed"));
    let after_event = handbook()
        .arg("build")
        .arg(f.site())
        .env("SOURCE_DATE_EPOCH", "1795600000")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&after_event.stdout).starts_with("Built"),
        "{}",
        String::from_utf8_lossy(&after_event.stdout)
    );
}

/// The manifest's sizes are the ones the build wrote, taken as it wrote them (not asked of
/// the disk afterwards): every kind of file (pages, parts joined as they are written, the
/// search index twice with `--relative`, copied static files, calendars) at its size.
#[test]
fn the_manifest_records_each_file_at_the_size_on_disk() {
    let f = Fixture::with_config("title: Test Group\ntimezone: Europe/Berlin\n");
    f.write(
        "content/events/call.md",
        "---\ntitle: Call\nstart: 2026-12-03T19:00\nduration: 90m\ntimezone: Asia/Tokyo\nrecurrence: weekly\n---\nMonthly call.\n",
    )
    .write("content/guide/übersicht.md", "---\ntitle: Übersicht\n---\n## Schritte\n\nErst lesen.\n")
    .write("static/files/rules.txt", &"Be kind. ".repeat(5000))
    .write("static/empty.txt", "");
    for args in [&[][..], &["--relative"][..]] {
        f.build_with(args).assert_ok();
        let out = f.out();
        let manifest = std::fs::read_to_string(out.join(".handbook-output")).unwrap();
        let entries: Vec<(&str, u64)> = manifest
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let (path, size) = l.rsplit_once('\t').expect("PATH<TAB>SIZE");
                (path, size.parse().expect("a size"))
            })
            .collect();
        let on_disk = tree(&out);
        assert_eq!(
            entries.len() + 1,
            on_disk.len(),
            "{args:?}: every file listed"
        );
        for (path, size) in &entries {
            let found = std::fs::metadata(out.join(path)).unwrap().len();
            assert_eq!(*size, found, "{args:?}: {path}");
        }
        for path in [
            "files/rules.txt",
            "empty.txt",
            "search-index.json",
            "events.ics",
        ] {
            assert!(entries.iter().any(|(p, _)| *p == path), "{args:?}: {path}");
        }
        assert!(f.build_with(args).stdout().starts_with("Nothing changed"));
    }
}

/// A no-op build trusts the output only when every file it wrote is there at its size: a CI
/// cache that restored half a folder, or a clean-up by hand, gets a full build, not a green
/// "Nothing changed" over a broken site.
#[test]
fn a_damaged_output_is_rebuilt_not_trusted() {
    let f = Fixture::new();
    f.write(
        "content/how-to-join.md",
        "---\ntitle: How to join\n---\nWrite to us.\n",
    )
    .write(
        "content/people/ana.md",
        "---\ntitle: Ana\nkind: person\n---\n",
    )
    .write(
        "content/people/li.md",
        "---\ntitle: Li Wei\nkind: person\n---\n",
    );
    f.build().assert_ok();
    let whole = tree(&f.out());
    type Harm<'a> = &'a dyn Fn(&Path);
    let damage: [(&str, Harm); 4] = [
        ("a deleted page", &|out| {
            std::fs::remove_file(out.join("how-to-join/index.html")).unwrap()
        }),
        ("a deleted folder", &|out| {
            std::fs::remove_dir_all(out.join("people")).unwrap()
        }),
        ("a truncated file", &|out| {
            let file = out.join("search-index.json");
            let bytes = std::fs::read(&file).unwrap();
            std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("a file replaced by an empty folder", &|out| {
            std::fs::remove_file(out.join("feed.xml")).unwrap();
            std::fs::create_dir(out.join("feed.xml")).unwrap();
        }),
    ];
    for (what, harm) in damage {
        assert!(
            f.build().stdout().starts_with("Nothing changed"),
            "{what}: intact first"
        );
        harm(&f.out());
        let again = f.build();
        again.assert_ok();
        assert!(
            again.stdout().starts_with("Built"),
            "{what}: {}",
            again.stdout()
        );
        assert_eq!(tree(&f.out()), whole, "{what}: the output is whole again");
    }
}

#[test]
fn the_search_index_lists_each_words_pages_as_gaps_that_add_up_to_the_pages_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("search-index.json")).unwrap())
            .unwrap();
    let pages = index["pages"].as_array().unwrap();
    let (mut checked, mut several) = (0, 0);
    for entry in index["words"].as_array().unwrap() {
        let word = entry[0].as_str().unwrap();
        // The first page's number, then each page's distance from the one before.
        let mut page = 0;
        let mut numbers = Vec::new();
        for gap in entry[1].as_array().unwrap() {
            let gap = gap.as_u64().unwrap();
            assert!(
                numbers.is_empty() || gap > 0,
                "{word}: pages in order, once"
            );
            page += gap;
            numbers.push(page as usize);
        }
        assert!(
            numbers.iter().all(|&n| n < pages.len()),
            "{word}: {numbers:?}"
        );
        if ["keeper", "call", "rules"].contains(&word) {
            // Each page listed has the word (its HTML, below the base path).
            for &n in &numbers {
                let url = pages[n]["u"].as_str().unwrap();
                let file = out
                    .join(url.trim_start_matches("/our-group/"))
                    .join("index.html");
                let html = std::fs::read_to_string(&file).unwrap().to_lowercase();
                assert!(html.contains(word), "{word} is not on {url}");
            }
            checked += 1;
            several += usize::from(numbers.len() > 1);
        }
    }
    assert_eq!(checked, 3);
    assert!(several >= 2, "words on several pages make gaps");
    let keeper = (index["words"].as_array().unwrap().iter())
        .find(|e| e[0] == "keeper")
        .unwrap();
    let mut page = 0;
    let urls: Vec<&str> = (keeper[1].as_array().unwrap().iter())
        .map(|gap| {
            page += gap.as_u64().unwrap() as usize;
            pages[page]["u"].as_str().unwrap()
        })
        .collect();
    assert!(
        urls.contains(&"/our-group/roles/community-keeper/"),
        "{urls:?}"
    );
}
