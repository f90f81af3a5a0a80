//! A repository is untrusted input: a pull request can commit links and special files. These
//! tests do what an attacker would (commit the link, clone the repository, build the clone)
//! and check that nothing outside the site is read and that nothing hangs.

use crate::fixture::{Fixture, handbook, walk};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(["-c", "init.defaultBranch=main", "-c", "core.symlinks=true"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// Commits the fixture's site as a repository and clones it beside it, as CI would.
fn committed_and_cloned(f: &Fixture) -> std::path::PathBuf {
    git(&f.site(), &["init", "-q"]);
    git(&f.site(), &["add", "-A"]);
    git(&f.site(), &["commit", "-q", "-m", "site"]);
    let clone = f.dir.path().join("clone");
    git(
        f.dir.path(),
        &["clone", "-q", f.site().to_str().unwrap(), "clone"],
    );
    clone
}

/// A secret outside the site, at a path a link in the repository can reach relatively.
fn plant_secret(f: &Fixture) -> &'static str {
    let secret = f.dir.path().join("secret");
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::write(secret.join("key.pem"), "PRIVATE KEY 7f3a").unwrap();
    std::fs::write(
        secret.join("theme.yaml"),
        "name: evil\nversion: 1.0.0\n# PRIVATE KEY 7f3a\n",
    )
    .unwrap();
    std::fs::write(
        secret.join("leak.md"),
        "---\ntitle: Leak\n---\nPRIVATE KEY 7f3a\n",
    )
    .unwrap();
    std::fs::write(secret.join("page.html"), "PRIVATE KEY 7f3a").unwrap();
    std::fs::write(secret.join("handbook.yaml"), "title: PRIVATE KEY 7f3a\n").unwrap();
    "PRIVATE KEY 7f3a"
}

fn assert_nothing_leaked(out: &Path, secret: &str) {
    if !out.exists() {
        return;
    }
    for file in walk(out) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        assert!(
            !text.contains(secret),
            "{} holds the secret",
            file.display()
        );
    }
}

#[test]
fn top_level_links_out_of_a_cloned_repository_are_errors() {
    // (what to link, where it points, the message's first words)
    let cases: [(&str, &str, &str); 5] = [
        ("static", "../../secret", "static is a symbolic link"),
        ("content", "../../secret", "content is a symbolic link"),
        ("templates", "../../secret", "templates is a symbolic link"),
        (
            "handbook.yaml",
            "../../secret/handbook.yaml",
            "handbook.yaml is a symbolic link",
        ),
        (
            "themes/evil",
            "../../../secret",
            "themes/evil is a symbolic link",
        ),
    ];
    for (link, target, expected) in cases {
        let f = Fixture::with_config("title: Test Group\ntheme: evil\n");
        let secret = plant_secret(&f);
        if link != "themes/evil" {
            // The theme line only matters for the theme case.
            f.write("handbook.yaml", "title: Test Group\n");
        }
        let at = f.site().join(link);
        if at.exists() {
            std::fs::remove_file(&at)
                .or_else(|_| std::fs::remove_dir_all(&at))
                .unwrap();
        }
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, &at).unwrap();
        let clone = committed_and_cloned(&f);
        assert!(
            std::fs::symlink_metadata(clone.join(link))
                .unwrap()
                .file_type()
                .is_symlink(),
            "git kept {link} as a link"
        );
        let out = f.dir.path().join("out");
        let run = handbook()
            .arg("build")
            .arg(&clone)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{link}: {stderr}");
        assert!(stderr.contains(expected), "{link}: {stderr}");
        assert!(!out.exists(), "{link}: a failed build wrote output");
        assert_nothing_leaked(&out, secret);
        // `check` reads the same way and says the same.
        let check = handbook().arg("check").arg(&clone).output().unwrap();
        assert!(
            String::from_utf8_lossy(&check.stdout).contains(expected)
                || String::from_utf8_lossy(&check.stderr).contains(expected),
            "check on {link}"
        );
    }
}

#[test]
fn a_theme_path_through_a_link_inside_the_site_is_refused() {
    let f = Fixture::with_config("title: Test Group\ntheme: ./vendor/evil\n");
    let secret = plant_secret(&f);
    std::os::unix::fs::symlink("../secret", f.site().join("vendor")).unwrap();
    let clone = committed_and_cloned(&f);
    let run = handbook().arg("build").arg(&clone).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("vendor is a symbolic link"), "{stderr}");
    assert_nothing_leaked(&clone.join("public"), secret);
}

/// What is beside the output in the site folder with a name like the output's own
/// (`.public.handbook-staging-...`): what an interrupted or failed build would leave.
fn beside_output(f: &Fixture) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(f.site())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    names.sort();
    names
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

#[test]
fn pipes_in_content_and_static_are_left_out_without_hanging() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\nText.\n");
    mkfifo(&f.site().join("content/pipe.md"));
    mkfifo(&f.site().join("content/notes.txt"));
    mkfifo(&f.site().join("static/big.png"));
    let started = Instant::now();
    let mut child = handbook()
        .arg("build")
        .arg(f.site())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the build hangs on a pipe");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for name in ["content/pipe.md", "content/notes.txt", "static/big.png"] {
        assert!(
            stderr.contains(&format!(
                "{name}: warning: this is a named pipe (FIFO), not a regular file; it is left out"
            )),
            "{name}: {stderr}"
        );
    }
    assert!(f.out().join("about/index.html").exists());
    assert!(!f.out().join("big.png").exists());
    assert_eq!(
        beside_output(&f),
        Vec::<String>::new(),
        "no staging folder is left"
    );
}

#[test]
fn an_unclosed_style_script_or_template_in_text_drops_only_itself() {
    let f = Fixture::new();
    f.write(
        "content/css.md",
        "---\ntitle: CSS\n---\nPut your CSS in a <style> element.\n\n## Second\n\nMore text.\n\n\
         ## Third\n\nAnd a <SCRIPT> tag, a <template> and a <textarea>.\n\n<style>\nbody { color: red }\n</style>\n\nThe end.\n",
    );
    let build = f.build();
    build.assert_ok();
    let html = f.html("css/index.html");
    assert_eq!(
        crate::fixture::select(&html, "main h2"),
        ["Second", "Third"],
        "the sections after the tag are kept"
    );
    let text = crate::fixture::select(&html, ".content").join(" ");
    assert!(text.contains("Put your CSS in a element."), "{text}");
    assert!(text.contains("The end."), "{text}");
    assert!(
        !text.contains("color: red"),
        "a closed <style> is left out whole"
    );
    let stderr = build.stderr();
    for (line, tag) in [
        (4, "style"),
        (12, "script"),
        (12, "template"),
        (12, "textarea"),
    ] {
        assert!(
            stderr.contains(&format!(
                "content/css.md:{line}: warning: the raw HTML tag `<{tag}>` has no `</{tag}>`"
            )),
            "{tag}: {stderr}"
        );
    }
    assert!(
        stderr
            .contains("content/css.md:14: warning: the raw HTML element `<style>` is not allowed"),
        "{stderr}"
    );
}

#[test]
fn a_runaway_template_ends_in_an_error_naming_the_template_and_the_page() {
    let nested =
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
    let with_output = "{% for i in range(end=1000) %}{% for j in range(end=1000) %}{{ page.title }} {{ page.title }} {{ page.title }} {{ page.title }}{% endfor %}{% endfor %}";
    let cases = [
        (
            nested,
            "",
            "`range` made more than 1000000 numbers for this page",
        ),
        (with_output, "", "the page grew past 33554432 bytes"),
        (
            "{% for i in range(end=200) %}{{ page.title }}{% endfor %}",
            "render:\n  max_page_size: 1000\n",
            "the page grew past 1000 bytes",
        ),
    ];
    for (template, config, expected) in cases {
        let f = Fixture::with_config(&format!("title: Test Group\n{config}"));
        f.write(
            "content/about.md",
            "---\ntitle: About us and more\n---\nText.\n",
        );
        f.write("templates/page.html", template);
        let started = Instant::now();
        let build = f.build();
        let stderr = build.assert_fails();
        assert!(started.elapsed() < Duration::from_secs(30), "{expected}");
        assert!(
            stderr.contains(&format!("templates/page.html: error: {expected}"))
                && stderr.contains("(while rendering content/about.md)"),
            "{stderr}"
        );
        assert!(!f.out().exists(), "nothing is written");
        assert_eq!(beside_output(&f), Vec::<String>::new());
    }
    let f = Fixture::with_config("title: T\nrender:\n  timeout: 0\n");
    let stderr = f.build().assert_fails();
    assert!(
        stderr.contains("`render.timeout` must be a number of seconds above 0"),
        "{stderr}"
    );
}

#[test]
fn a_read_only_output_is_refused_before_anything_moves() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\nText.\n");
    f.build().assert_ok();
    let before = crate::fixture::tree(&f.out());
    let locked = f.out().join("about");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    f.write("content/about.md", "---\ntitle: About us\n---\nText.\n");
    let stderr = f.build().assert_fails();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        stderr.contains("about is read-only, so handbook could not replace it"),
        "{stderr}"
    );
    assert_eq!(
        crate::fixture::tree(&f.out()),
        before,
        "the output is as it was"
    );
    assert_eq!(beside_output(&f), Vec::<String>::new());
}

#[test]
fn builds_killed_midway_leave_nothing_after_the_next_build() {
    let f = Fixture::new();
    for i in 0..1500 {
        f.write(
            &format!("content/notes/n{i:04}.md"),
            &format!(
                "---\ntitle: Note {i}\n---\n{}\n",
                "Some words here. ".repeat(40)
            ),
        );
    }
    // What a build killed by the system leaves: a staging folder and its unlocked lock file.
    for pid in [4_000_001u32, 4_000_002] {
        let staging = f.site().join(format!(".public.handbook-staging-{pid}"));
        std::fs::create_dir_all(staging.join("notes")).unwrap();
        std::fs::write(staging.join("notes/x.html"), "half").unwrap();
        std::fs::write(
            f.site()
                .join(format!(".public.handbook-staging-{pid}.lock")),
            "",
        )
        .unwrap();
    }
    // And real builds killed with SIGKILL at different moments.
    for delay in [30u64, 60, 90, 120, 150] {
        let mut child = handbook()
            .arg("build")
            .arg(f.site())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let _ = std::fs::remove_dir_all(f.out());
    }
    // An old output moved aside by a swap whose clean-up failed: ours (our manifest), its
    // build over (no lock file).
    let old = f.site().join(".public.handbook-staging-4000003.old");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join(".handbook-output"), "# Written by handbook\n").unwrap();
    std::fs::write(old.join("index.html"), "old").unwrap();
    // Something that is not ours, with a name like ours but no lock: never deleted.
    std::fs::create_dir_all(f.site().join(".public.handbook-staging-notmine")).unwrap();
    f.build().assert_ok();
    assert_eq!(beside_output(&f), [".public.handbook-staging-notmine"]);
}

#[test]
fn an_output_inside_an_outside_theme_is_refused() {
    let f = Fixture::with_config("title: Test Group\ntheme: ../shared-theme\n");
    let theme = f.dir.path().join("shared-theme");
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(
        theme.join("theme.yaml"),
        "name: shared\nversion: 1.0.0\nextends: default\n",
    )
    .unwrap();
    std::fs::write(theme.join("static/extra.css"), "p{}").unwrap();
    let out = theme.join("static/pub");
    for _ in 0..2 {
        let run = handbook()
            .arg("build")
            .arg(f.site())
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("which the build reads"), "{stderr}");
    }
    assert!(!out.exists(), "nothing was written into the theme");
}

#[test]
fn files_in_the_place_of_generated_ones_are_errors_not_dropped() {
    let f = Fixture::new();
    f.write(
        "content/events/call.md",
        "---\ntitle: Call\nstart: 2027-01-05T18:00\n---\n",
    )
    .write("static/feed.xml", "<feed/>")
    .write("static/search-index.json", "{}")
    .write("static/sitemap.xml", "<urlset/>")
    .write("static/events.ics", "BEGIN:VCALENDAR")
    .write("static/events/call/event.ics", "BEGIN:VCALENDAR")
    .write("static/print/index.html", "<p>mine</p>")
    .write("content/404.html", "<p>lost</p>")
    .write("static/robots.txt", "User-agent: *\n");
    let stderr = f.build().assert_fails();
    for (file, what) in [
        ("static/feed.xml", "the Atom feed"),
        ("static/search-index.json", "the search index"),
        ("static/sitemap.xml", "the sitemap"),
        ("static/events.ics", "the calendar of all events"),
        (
            "static/events/call/event.ics",
            "the calendar file of content/events/call.md",
        ),
        ("static/print/index.html", "the page `/print/`"),
        ("content/404.html", "the page-not-found page"),
    ] {
        assert!(
            stderr.contains(&format!(
                "{file}: error: this file would be replaced by {what}, which handbook writes at the same place"
            )),
            "{file}: {stderr}"
        );
    }
    assert!(
        !stderr.contains("robots.txt"),
        "a site's robots.txt is its own: {stderr}"
    );
}

#[test]
fn a_daily_event_can_skip_its_two_thousand_and_first_date() {
    let f = Fixture::new();
    f.write(
        "content/events/daily.md",
        "---\ntitle: Daily stand-up\nstart: 2026-01-01T09:00\nrecurrence:\n  every: day\n  skip: [2031-06-24]\n  changes:\n    - date: 2031-06-25\n      status: cancelled\n---\n",
    );
    f.build().assert_ok();
    let f = Fixture::new();
    f.write(
        "content/events/daily.md",
        "---\ntitle: Daily stand-up\nstart: 2026-01-01T09:00\nrecurrence:\n  every: week\n  skip: [2031-06-24]\n---\n",
    );
    let stderr = f.build().assert_fails();
    assert!(
        stderr.contains("2031-06-24 is not a date of this cadence"),
        "{stderr}"
    );
}
