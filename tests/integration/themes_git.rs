//! Themes from git (issue 25): real repositories made with the git program in a temporary
//! folder, used over `file://` URLs and relative paths: fetch, build offline from the lock,
//! update within a range, a team theme extending an organisation theme in another
//! repository, a moved tag, and the mistakes a group makes.

use crate::fixture::*;
use std::path::{Path, PathBuf};

/// Git as the support team, at a fixed date.
fn git(dir: &Path, args: &[&str]) -> String {
    crate::fixture::git(
        dir,
        ("Support Team", "support@example.org"),
        "2026-11-02T10:00:00Z",
        args,
    )
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn url(dir: &Path) -> String {
    format!("file://{}", dir.display())
}

/// An organisation theme in its own repository, tagged v1.0.0, v1.1.0 and v2.0.0; each
/// version's stylesheet says which it is, and the CHANGELOG grows with it.
fn org_repository(root: &Path) -> PathBuf {
    let repo = root.join("org-theme");
    git(root, &["init", "-q", "org-theme"]);
    let mut changelog = String::from("# Changelog\n");
    for (version, note) in [
        ("1.0.0", "The first release."),
        ("1.1.0", "Headings use the organisation's serif."),
        ("2.0.0", "The option `banner` is now `notice` (breaking)."),
    ] {
        write(
            &repo.join("theme.yaml"),
            &format!("name: org\nversion: {version}\nextends: default\n"),
        );
        write(
            &repo.join("templates/base.html"),
            "{% extends \"default/base.html\" %}{% block styles %}<link rel=\"stylesheet\" href=\"{{ site.base_path }}org.css\">{% endblock styles %}",
        );
        write(
            &repo.join("static/org.css"),
            &format!("/* org {version} */\n"),
        );
        changelog = changelog.replacen(
            "# Changelog\n",
            &format!("# Changelog\n\n## {version}\n\n- {note}\n"),
            1,
        );
        write(&repo.join("CHANGELOG.md"), &changelog);
        git(&repo, &["add", "-A"]);
        git(
            &repo,
            &["commit", "-q", "-m", &format!("Release {version}")],
        );
        git(&repo, &["tag", &format!("v{version}")]);
    }
    repo
}

fn site(root: &Path, theme: &str) -> PathBuf {
    let site = root.join("site");
    write(
        &site.join("handbook.yaml"),
        &format!("title: Stewards\n{theme}"),
    );
    write(
        &site.join("content/index.md"),
        "---\ntitle: Welcome\n---\nThe stewards' handbook.\n",
    );
    site
}

fn run(site: &Path, args: &[&str]) -> Build {
    let output = handbook().args(args).current_dir(site).output().unwrap();
    Build { output }
}

fn lock_field(site: &Path, key: &str) -> Vec<String> {
    let lock = std::fs::read_to_string(site.join("handbook.lock")).unwrap();
    lock.lines()
        .filter_map(|l| {
            l.trim()
                .trim_start_matches("- ")
                .strip_prefix(&format!("{key}: "))
        })
        .map(|v| v.trim_matches('"').to_string())
        .collect()
}

#[test]
fn a_git_theme_is_fetched_locked_and_built_offline() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_repository(dir.path());
    let site = site(
        dir.path(),
        &format!("theme:\n  git: {}\n  version: \"^1\"\n", url(&org)),
    );
    let fetched = run(&site, &["theme", "fetch"]).assert_ok().stdout();
    assert!(fetched.contains("org: fetched v1.1.0"), "{fetched}");
    assert_eq!(lock_field(&site, "resolved"), ["v1.1.0"]);
    assert_eq!(
        lock_field(&site, "commit"),
        [git(&org, &["rev-parse", "v1.1.0^{commit}"])]
    );
    let hash = &lock_field(&site, "sha256")[0];
    assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(site.join(".handbook/themes/org@1.1.0/theme.yaml").is_file());
    // The repository goes away (offline, or deleted): the lock and cache still build.
    std::fs::rename(&org, dir.path().join("gone")).unwrap();
    run(&site, &["build", "-q"]).assert_ok();
    let css = std::fs::read_to_string(site.join("public/org.css")).unwrap();
    assert!(css.contains("org 1.1.0"), "{css}");
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("org.css"));
    // And a second fetch needs no network: the cache matches the lock.
    let again = run(&site, &["theme", "fetch"]).assert_ok().stdout();
    assert!(again.contains("v1.1.0 as locked"), "{again}");
    // The same input, the same site, byte for byte.
    let first = tree(&site.join("public"));
    run(&site, &["build", "-q"]).assert_ok();
    assert_eq!(first, tree(&site.join("public")));
}

#[test]
fn update_moves_within_the_range_and_shows_the_changelog() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_repository(dir.path());
    // Locked at 1.0.0 while the range is narrow, then widened to ^1 and updated.
    let site = site(
        dir.path(),
        &format!("theme:\n  git: {}\n  version: \"~1.0\"\n", url(&org)),
    );
    run(&site, &["theme", "fetch"]).assert_ok();
    assert_eq!(lock_field(&site, "resolved"), ["v1.0.0"]);
    let config = std::fs::read_to_string(site.join("handbook.yaml")).unwrap();
    write(&site.join("handbook.yaml"), &config.replace("~1.0", "^1"));
    // The lock holds another range now: the build says what to do, and writes nothing.
    let refused = run(&site, &["build", "-q"]).assert_fails();
    assert!(refused.contains("handbook theme fetch"), "{refused}");
    assert!(!site.join("public").exists());
    let updated = run(&site, &["theme", "update", "org"]).assert_ok().stdout();
    assert!(updated.contains("org: v1.0.0 -> v1.1.0"), "{updated}");
    assert!(updated.contains("## 1.1.0"), "{updated}");
    assert!(updated.contains("serif"), "{updated}");
    assert!(
        !updated.contains("2.0.0"),
        "never past the range: {updated}"
    );
    assert!(
        updated.contains("removed .handbook/themes/org@1.0.0"),
        "{updated}"
    );
    assert_eq!(lock_field(&site, "resolved"), ["v1.1.0"]);
    let still = run(&site, &["theme", "update"]).assert_ok().stdout();
    assert!(still.contains("still the newest"), "{still}");
    let unknown = run(&site, &["theme", "update", "orgg"]).assert_fails();
    assert!(unknown.contains("the git themes are: org"), "{unknown}");
}

#[test]
fn a_team_theme_extends_the_organisation_theme_from_another_repository() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_repository(dir.path());
    let team = dir.path().join("team-themes");
    git(dir.path(), &["init", "-q", "team-themes"]);
    write(&team.join("README.md"), "The team's themes.\n");
    write(
        &team.join("stewards/theme.yaml"),
        &format!(
            "name: stewards\nversion: 0.3.0\nextends:\n  git: {}\n  version: \"^1.0\"\n",
            url(&org)
        ),
    );
    write(
        &team.join("stewards/templates/base.html"),
        "{% extends \"org/base.html\" %}{% block head_extra %}<meta name=\"team\" content=\"stewards\">{% endblock head_extra %}",
    );
    git(&team, &["add", "-A"]);
    git(&team, &["commit", "-q", "-m", "Stewards theme"]);
    git(&team, &["tag", "v0.3.0"]);
    // The site names the team's repository by a relative path, from its own folder.
    let site = site(
        dir.path(),
        "theme:\n  git: ../team-themes\n  path: stewards\n  version: \"0.3\"\n",
    );
    let fetched = run(&site, &["theme", "fetch"]).assert_ok().stdout();
    assert!(fetched.contains("stewards: fetched v0.3.0"), "{fetched}");
    assert!(fetched.contains("org: fetched v1.1.0"), "{fetched}");
    assert_eq!(lock_field(&site, "name"), ["stewards", "org"]);
    assert_eq!(lock_field(&site, "path"), ["stewards", ""]);
    run(&site, &["build", "-q"]).assert_ok();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("content=\"stewards\""), "the team's template");
    assert!(
        home.contains("org.css"),
        "the organisation's template below it"
    );
    // Only the theme's folder is copied, not the rest of the team's repository.
    assert!(
        !site
            .join(".handbook/themes/stewards@0.3.0/README.md")
            .exists()
    );
}

#[test]
fn a_moved_tag_is_refused_by_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_repository(dir.path());
    let site = site(
        dir.path(),
        &format!("theme:\n  git: {}\n  version: \"^1\"\n", url(&org)),
    );
    run(&site, &["theme", "fetch"]).assert_ok();
    let lock = std::fs::read(site.join("handbook.lock")).unwrap();
    // The maintainers move v1.1.0 to another commit; a fresh clone of the site fetches.
    git(&org, &["checkout", "-q", "v1.1.0"]);
    write(&org.join("static/org.css"), "/* org 1.1.0, changed */\n");
    git(&org, &["commit", "-q", "-am", "Changed after release"]);
    git(&org, &["tag", "-f", "v1.1.0"]);
    std::fs::remove_dir_all(site.join(".handbook")).unwrap();
    let refused = run(&site, &["theme", "fetch"]).assert_fails();
    assert!(refused.contains("handbook.yaml:3:3"), "{refused}");
    assert!(refused.contains("the tag was moved"), "{refused}");
    assert!(refused.contains("handbook theme update org"), "{refused}");
    assert_eq!(refused.matches("error").count(), 1, "{refused}");
    assert_eq!(std::fs::read(site.join("handbook.lock")).unwrap(), lock);
    assert!(!site.join(".handbook/themes/org@1.1.0").exists());
    let build = run(&site, &["build", "-q"]).assert_fails();
    assert!(build.contains("handbook theme fetch"), "{build}");
    // A changed cache is refused too, with the way back.
    git(&org, &["tag", "-f", "v1.1.0", "main~1"]);
    let _ = run(&site, &["theme", "update"]).assert_ok();
    write(
        &site.join(".handbook/themes/org@1.1.0/static/org.css"),
        "/* edited */",
    );
    let changed = run(&site, &["build", "-q"]).assert_fails();
    assert!(
        changed.contains("were changed since they were fetched"),
        "{changed}"
    );
}

#[test]
fn a_missing_repository_tag_or_version_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_repository(dir.path());
    let cases = [
        (
            format!(
                "theme:\n  git: {}\n",
                url(&dir.path().join("no-such-theme"))
            ),
            "cannot reach the repository",
            "no repository answers there",
        ),
        (
            format!("theme:\n  git: {}\n  ref: v1.5.0\n", url(&org)),
            "has no branch or tag `v1.5.0`",
            "did you mean `v1.0.0`?",
        ),
        (
            format!("theme:\n  git: {}\n  version: \"^3\"\n", url(&org)),
            "no version of",
            "1.0.0, 1.1.0, 2.0.0",
        ),
        (
            format!("theme:\n  git: {}\n  path: themes/org\n", url(&org)),
            "no folder `themes/org`",
            "`path:`",
        ),
        (
            format!("theme:\n  git: {}\n  version: one\n", url(&org)),
            "is not a range of versions",
            "^1.2",
        ),
    ];
    for (theme, message, hint) in cases {
        let site = site(dir.path(), &theme);
        let _ = std::fs::remove_file(site.join("handbook.lock"));
        let out = run(&site, &["theme", "fetch"]).assert_fails();
        assert!(out.contains("handbook.yaml:"), "{theme}: {out}");
        assert!(out.contains(message), "{theme}: {out}");
        assert!(out.contains(hint), "{theme}: {out}");
        assert_eq!(out.matches("error").count(), 1, "{theme}: {out}");
        assert!(!site.join("handbook.lock").exists(), "{theme}");
    }
}

#[test]
fn a_new_theme_passes_its_own_check_and_previews_its_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let made = handbook()
        .args(["theme", "new", "city-network"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(made.status.success());
    let theme = dir.path().join("city-network");
    for file in [
        "theme.yaml",
        "templates/base.html",
        "static/city-network.css",
        "README.md",
        "CHANGELOG.md",
        ".github/workflows/theme.yml",
    ] {
        assert!(theme.join(file).is_file(), "{file}");
    }
    let readme = std::fs::read_to_string(theme.join("README.md")).unwrap();
    assert!(readme.contains("`banner_text`") && readme.contains("handbook theme update"));
    let checked = handbook()
        .args(["theme", "check"])
        .arg(&theme)
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
    // A template that reads a value this handbook does not give (renamed in a newer
    // handbook, say) is named at its line, with the contract's version.
    write(
        &theme.join("templates/page.html"),
        "{% extends \"default/page.html\" %}\n{% block before_content %}{{ page.summary_html }}{% endblock before_content %}\n",
    );
    let stale = handbook()
        .args(["theme", "check"])
        .arg(&theme)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&stale.stdout);
    assert!(!stale.status.success());
    assert!(said.contains("templates/page.html"), "{said}");
    assert!(said.contains("2:30"), "{said}");
    assert!(
        said.contains("`page.summary_html` is not in the theme contract 1."),
        "{said}"
    );
    assert_eq!(
        said.matches("error").count(),
        2,
        "one message and the count: {said}"
    );
    std::fs::remove_file(theme.join("templates/page.html")).unwrap();
    // A second `new` into the same folder refuses and keeps what is there.
    let again = handbook()
        .args(["theme", "new", "city-network"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!again.status.success());
    let bad = handbook().args(["theme", "new", "../up"]).output().unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot be a theme's name"));
}

/// A theme repository is not trusted further than its files: a symbolic link in it is
/// refused (it could point at the machine's files), and so is a `.handbook` folder that is a
/// link out of the site (a fetch would write through it).
#[test]
#[cfg(unix)]
fn links_in_a_theme_repository_or_in_place_of_the_cache_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_repository(dir.path());
    std::os::unix::fs::symlink("/etc/passwd", org.join("static/passwd.css")).unwrap();
    git(&org, &["add", "-A"]);
    git(&org, &["commit", "-q", "-m", "A link"]);
    git(&org, &["tag", "v1.2.0"]);
    let site = site(
        dir.path(),
        &format!("theme:\n  git: {}\n  version: \"^1\"\n", url(&org)),
    );
    let refused = run(&site, &["theme", "fetch"]).assert_fails();
    assert!(
        refused.contains("`static/passwd.css` is a symbolic link"),
        "{refused}"
    );
    assert!(!site.join("handbook.lock").exists());
    let cache = walk(&site.join(".handbook"));
    assert!(cache.is_empty(), "nothing left in the cache: {cache:?}");
    // `.handbook` as a link to a folder elsewhere: refused, and nothing written there.
    std::fs::remove_dir_all(site.join(".handbook")).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.join(".handbook")).unwrap();
    let config = std::fs::read_to_string(site.join("handbook.yaml")).unwrap();
    write(&site.join("handbook.yaml"), &config.replace("^1", "~1.1"));
    let linked = run(&site, &["theme", "fetch"]).assert_fails();
    assert!(linked.contains(".handbook is a symbolic link"), "{linked}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

/// A fresh clone previewed before `theme fetch` shows the error with its fix; running the
/// fetch beside the preview (it writes into the hidden `.handbook/`) rebuilds the site.
#[test]
fn the_preview_recovers_when_the_themes_are_fetched_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_repository(dir.path());
    let site = site(
        dir.path(),
        &format!("theme:\n  git: {}\n  version: \"^1\"\n", url(&org)),
    );
    let preview = crate::serve::Preview::start(&site, &[]);
    // Served as an error page (500) that names the fix.
    let (status, page) = preview.get("/");
    assert_eq!(status, 500);
    assert!(page.contains("handbook theme fetch"), "{page}");
    run(&site, &["theme", "fetch", "-q"]).assert_ok();
    preview.wait_for_builds(1);
    let (_, page) = preview.get(&preview.base);
    assert!(page.contains("org.css"), "{page}");
}
