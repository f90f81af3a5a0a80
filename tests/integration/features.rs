//! Options and behaviours that no test ran before: the preview's --bind, --open and --poll;
//! watch's --output and --poll; check's --theme and --base-url, and its exit status 2; a
//! theme folder outside the site, watched by the preview; the section menu of a section over
//! 40 pages; and the front-matter link fields besides `online`.

use crate::fixture::*;
use crate::serve::{Preview, next_message, save};
use std::time::{Duration, Instant};

/// Polls `done` every 50 ms for up to 30 s: a condition, not a fixed wait.
fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(
            Instant::now() < deadline,
            "{what} did not happen within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_binds_where_asked_opens_the_browser_and_polls() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\nFirst.\n");
    // A stand-in for the system's opener, first on the PATH: it notes the address it got.
    let bin = f.dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opened = f.dir.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::os::unix::fs::PermissionsExt::set_mode(
        &mut std::fs::metadata(&opener).unwrap().permissions(),
        0o755,
    );
    std::fs::set_permissions(&opener, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let preview = Preview::start_with(
        &f.site(),
        &["--bind", "127.0.0.2", "--open", "--poll"],
        None,
        &[("PATH", path.as_os_str())],
    );
    assert_eq!(preview.host, "127.0.0.2");
    assert_eq!(preview.get("/about/").0, 200);
    // Not on the default address: nothing listens on 127.0.0.1 at that port.
    assert!(std::net::TcpStream::connect(("127.0.0.1", preview.port)).is_err());
    let url = format!("http://127.0.0.2:{}/", preview.port);
    eventually("the browser being opened", || {
        std::fs::read_to_string(&opened).is_ok_and(|t| t.trim() == url)
    });
    // --poll: a save is seen by polling, not by notification.
    save(
        &f.site().join("content/about.md"),
        "---\ntitle: About\n---\nSecond.\n",
    );
    eventually("the polled save being served", || {
        preview.get("/about/").1.contains("<p>Second.</p>")
    });
}

#[test]
fn watch_writes_the_output_folder_asked_for_and_polls() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\nFirst.\n");
    let out = f.dir.path().join("elsewhere/out");
    let mut child = handbook()
        .arg("watch")
        .arg(f.site())
        .arg("--output")
        .arg(&out)
        .arg("--poll")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let page = out.join("about/index.html");
    eventually("the first build", || {
        std::fs::read_to_string(&page).is_ok_and(|t| t.contains("<p>First.</p>"))
    });
    save(
        &f.site().join("content/about.md"),
        "---\ntitle: About\n---\nSecond.\n",
    );
    eventually("the polled rebuild", || {
        std::fs::read_to_string(&page).is_ok_and(|t| t.contains("<p>Second.</p>"))
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(!f.out().exists(), "nothing in the default output");
}

#[test]
fn check_takes_a_theme_and_a_base_url_and_exits_2_when_it_cannot_run() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n[Join](/how-to-join/)\n",
    );
    let run = |args: &[&str]| {
        handbook()
            .arg("check")
            .arg(f.site())
            .args(args)
            .output()
            .unwrap()
    };
    // A theme that does not exist is an error only when asked for.
    let plain = run(&[]);
    assert_ne!(plain.status.code(), Some(2));
    let theme = run(&["--theme", "no-such-theme"]);
    let said = String::from_utf8_lossy(&theme.stdout).to_string()
        + &String::from_utf8_lossy(&theme.stderr);
    assert_eq!(theme.status.code(), Some(1), "{said}");
    assert!(said.contains("no theme called `no-such-theme`"), "{said}");
    assert_eq!(
        run(&["--theme", "harbour"]).status.code(),
        plain.status.code()
    );
    // --base-url is checked as a build would take it, and a bad one is named.
    let sub = run(&[
        "--base-url",
        "https://org.github.io/our-group/",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&sub.stdout).unwrap();
    assert_eq!(json["errors"], 0, "{json}");
    let bad_url = run(&["--base-url", "not a url"]);
    assert_eq!(bad_url.status.code(), Some(1));
    let said = String::from_utf8_lossy(&bad_url.stdout);
    assert!(
        said.contains("--base-url") && said.contains("`not a url` is neither an http(s) address"),
        "{said}"
    );
    // Exit 2: it could not run as asked.
    let bad = handbook()
        .arg("check")
        .arg(f.site())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn the_preview_watches_a_theme_folder_outside_the_site() {
    let f = Fixture::with_config("title: Test Group\ntheme: ../shared-theme\n");
    f.write("content/about.md", "---\ntitle: About\n---\nText.\n");
    let theme = f.dir.path().join("shared-theme");
    std::fs::create_dir_all(theme.join("templates/partials")).unwrap();
    std::fs::write(
        theme.join("theme.yaml"),
        "name: shared\nversion: 1.0.0\nextends: default\n",
    )
    .unwrap();
    let footer = theme.join("templates/partials/footer.html");
    std::fs::write(&footer, "<footer>Support team v1</footer>").unwrap();
    let preview = Preview::start(&f.site(), &[]);
    assert!(preview.get("/about/").1.contains("Support team v1"));
    let mut socket = preview.socket(None).unwrap();
    std::fs::write(&footer, "<footer>Support team v2</footer>").unwrap();
    assert_eq!(next_message(&mut socket)["type"], "reload");
    eventually("the theme's change being served", || {
        preview.get("/about/").1.contains("Support team v2")
    });
}

#[test]
fn a_section_over_40_pages_lists_ten_either_side_and_links_to_all() {
    let f = Fixture::new();
    for i in 0..45 {
        f.write(
            &format!("content/notes/n{i:02}.md"),
            &format!("---\ntitle: Note {i:02}\nweight: {i}\n---\nText.\n"),
        );
    }
    f.write("content/small/a.md", "---\ntitle: A\n---\n")
        .write("content/small/b.md", "---\ntitle: B\n---\n");
    f.build().assert_ok();
    let menu = |page: &str| select(&f.html(page), ".sidebar li li a");
    let names = |from: usize, to: usize| -> Vec<String> {
        (from..=to).map(|i| format!("Note {i:02}")).collect()
    };
    assert_eq!(menu("notes/n20/index.html"), names(10, 30));
    assert_eq!(menu("notes/n00/index.html"), names(0, 10));
    assert_eq!(menu("notes/n44/index.html"), names(34, 44));
    // The page being read is the one link marked, wherever it is in its window.
    for (page, title) in [("n20", "Note 20"), ("n00", "Note 00"), ("n44", "Note 44")] {
        let html = f.html(&format!("notes/{page}/index.html"));
        assert_eq!(
            select(&html, ".sidebar li li a[aria-current=page]"),
            [title]
        );
    }
    let all = select(&f.html("notes/n20/index.html"), ".sidebar-all a");
    assert_eq!(all, ["All 45 pages of Notes"]);
    // A small section lists every page and no "all" link.
    assert_eq!(menu("small/a/index.html"), ["A", "B"]);
    assert!(select(&f.html("small/a/index.html"), ".sidebar-all").is_empty());
}

/// `section_menu`: a site's own `partials/section-link.html` makes every link of the
/// sidebar's section list, plainly and as the current page, on every page of the folder.
#[test]
fn a_sites_section_link_partial_makes_each_link_of_the_section_menu() {
    let f = Fixture::new();
    for (slug, title) in [
        ("alpha", "Alpha"),
        ("beta", "Bêta & co"),
        ("gamma", "Gamma"),
    ] {
        f.write(
            &format!("content/guide/{slug}.md"),
            &format!("---\ntitle: \"{title}\"\n---\nText.\n"),
        );
    }
    f.write(
        "templates/partials/section-link.html",
        "<li class=\"mine{% if current %} here{% endif %}\"><a href=\"{{ link.url }}\">{{ link.title }}</a></li>",
    );
    f.build().assert_ok();
    for (slug, title) in [
        ("alpha", "Alpha"),
        ("beta", "Bêta & co"),
        ("gamma", "Gamma"),
    ] {
        let html = f.html(&format!("guide/{slug}/index.html"));
        assert_eq!(
            select(&html, ".sidebar li.mine a"),
            ["Alpha", "Bêta & co", "Gamma"]
        );
        assert_eq!(select(&html, ".sidebar li.mine.here a"), [title]);
        assert_eq!(
            attrs(&html, ".sidebar li.mine a", "href"),
            ["/guide/alpha/", "/guide/beta/", "/guide/gamma/"]
        );
    }
    // The title is escaped once, as the loop it replaces escaped it.
    assert!(
        f.read("guide/alpha/index.html")
            .contains(">Bêta &amp; co</a>")
    );
}

/// A mistake in `partials/section-link.html` is one error at its file and line, and the
/// build writes nothing.
#[test]
fn a_mistake_in_the_section_link_partial_is_one_error_at_its_line() {
    let f = Fixture::new();
    f.write("content/guide/a.md", "---\ntitle: A\n---\nText.\n")
        .write("content/guide/b.md", "---\ntitle: B\n---\nText.\n")
        .write(
            "templates/partials/section-link.html",
            "<li>\n{{ link.title | no_such_filter }}</li>",
        );
    let err = f.build().assert_fails();
    assert!(err.contains("section-link.html"), "{err}");
    assert!(err.contains("no_such_filter"), "{err}");
    assert!(!f.out().join("guide/a/index.html").exists());
}

#[test]
fn link_fields_besides_online_are_checked_and_written() {
    let f = Fixture::with_config(
        "title: Test Group\nrepository: https://github.com/org/handbook\nedit_url: https://github.com/org/handbook/edit/trunk/\n",
    );
    f.write(
        "content/events/call.md",
        "---\ntitle: Call\nstart: 2027-01-05T18:00\nregistration: https://tickets.example.org/call\n---\n",
    )
    .write(
        "content/start-up/first.md",
        "---\ntitle: First step\nkind: step\nresources:\n  - title: Template\n    url: https://example.org/template\n---\n",
    );
    f.build().assert_ok();
    let event = f.html("events/call/index.html");
    assert!(attrs(&event, "a", "href").contains(&"https://tickets.example.org/call".to_string()));
    assert!(
        attrs(&event, "a", "href")
            .iter()
            .any(|h| h == "https://github.com/org/handbook/edit/trunk/content/events/call.md"),
        "edit_url is used"
    );
    let step = f.html("start-up/first/index.html");
    assert!(
        attrs(&step, "#resources + ul a", "href")
            .contains(&"https://example.org/template".to_string())
    );
    for (file, text, field) in [
        (
            "content/events/call.md",
            "---\ntitle: Call\nstart: 2027-01-05T18:00\nregistration: javascript:alert(1)\n---\n",
            "registration",
        ),
        (
            "content/start-up/first.md",
            "---\ntitle: First step\nkind: step\nresources:\n  - title: T\n    url: data:text/html,x\n---\n",
            "resources",
        ),
        (
            "handbook.yaml",
            "title: T\nrepository: javascript:alert(1)\n",
            "repository",
        ),
        (
            "handbook.yaml",
            "title: T\nedit_url: vbscript:x\n",
            "edit_url",
        ),
    ] {
        let g = Fixture::new();
        g.write(file, text);
        let stderr = g.build().assert_fails();
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(file) && l.contains(field) && l.contains("error")),
            "{field}: {stderr}"
        );
    }
}
