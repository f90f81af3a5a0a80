//! From nothing to a published handbook: `init`, `new`, the GitHub Pages workflow, and the
//! command line's manners.

use crate::fixture::*;
use handbook::source::frontmatter::{Node, Value, parse};

fn get<'a>(node: &'a Node, key: &str) -> &'a Node {
    match &node.value {
        Value::Map(entries) => {
            &entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .unwrap_or_else(|| panic!("no `{key}`"))
                .1
        }
        _ => panic!("not a mapping at `{key}`"),
    }
}

fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => panic!("not a list"),
    }
}

#[test]
fn init_then_build_then_check_passes_with_only_the_expected_warning() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("our-group");
    let out = handbook().arg("init").arg(&site).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let build = handbook().arg("build").arg(&site).output().unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let check = handbook()
        .arg("check")
        .arg(&site)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let checks: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        checks,
        ["few-facilitators"],
        "a new group has one facilitator; nothing else is wrong"
    );
    for file in [
        ".gitignore",
        ".github/workflows/handbook.yml",
        "content/purpose.md",
        "content/events/regular-call.md",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(
        std::fs::read_to_string(site.join(".gitignore"))
            .unwrap()
            .contains("/public/")
    );
    // Every setting in handbook.yaml has a comment above it.
    let config = std::fs::read_to_string(site.join("handbook.yaml")).unwrap();
    let lines: Vec<&str> = config.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with(' ') && !line.starts_with('#') && line.contains(':') {
            assert!(
                lines[i - 1].starts_with('#') || lines[i - 1].starts_with("# "),
                "no comment above `{line}`"
            );
        }
    }
}

/// A temporary folder with `handbook init --force` run in it.
fn initialised() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = handbook()
        .arg("init")
        .arg(dir.path())
        .arg("--force")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn the_workflow_uses_the_official_pages_actions_and_the_base_url() {
    let dir = initialised();
    let text = std::fs::read_to_string(dir.path().join(".github/workflows/handbook.yml")).unwrap();
    let workflow = parse(&text, 1).expect("the workflow is YAML");
    let on = get(&workflow, "on");
    get(on, "pull_request");
    assert!(
        get(&items(get(on, "schedule"))[0], "cron")
            .as_str()
            .is_some(),
        "a daily rebuild"
    );
    let jobs = get(&workflow, "jobs");
    let uses: Vec<String> = ["check", "build", "deploy"]
        .iter()
        .flat_map(|job| items(get(get(jobs, job), "steps")).iter())
        .filter_map(|step| match &step.value {
            Value::Map(e) => e
                .iter()
                .find(|(k, _)| k.as_str() == Some("uses"))
                .and_then(|(_, v)| v.as_str())
                .map(String::from),
            _ => None,
        })
        .collect();
    for action in [
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(
            uses.iter().any(|u| u.starts_with(action)),
            "{action} missing from {uses:?}"
        );
    }
    // The handbook action, pinned to this version, checks on pull requests and builds for
    // the address Pages reports.
    let action = format!("{}@v", handbook::cli::scaffold::action_name());
    let with_of = |job: &str| -> Vec<String> {
        items(get(get(jobs, job), "steps"))
            .iter()
            .filter(|step| format!("{:?}", step.value).contains(&action))
            .map(|step| format!("{:?}", get(step, "with").value))
            .collect()
    };
    let version = env!("CARGO_PKG_VERSION");
    let build_with = with_of("build");
    assert_eq!(build_with.len(), 1, "{uses:?}");
    assert!(build_with[0].contains(version), "{build_with:?}");
    assert!(
        build_with[0].contains("${{ steps.pages.outputs.base_url }}/"),
        "{build_with:?}"
    );
    let check_with = with_of("check");
    assert_eq!(check_with.len(), 1);
    assert!(check_with[0].contains(version) && check_with[0].contains("check"));
    assert_eq!(
        get(get(jobs, "check"), "if").as_str(),
        Some("github.event_name == 'pull_request'")
    );
    get(on, "workflow_dispatch");
    // Dates from git need the whole history.
    assert!(text.matches("fetch-depth: 0").count() >= 2, "{text}");
    assert!(text.contains("60 days"), "the paused schedule is explained");
}

/// Nothing `init` writes may keep a marker or name an address that is not handbook's own
/// (Cargo.toml's `repository`) or GitHub's official actions.
#[test]
fn init_leaves_no_placeholder_address() {
    let dir = initialised();
    for file in walk(dir.path()) {
        let text = std::fs::read_to_string(&file).unwrap();
        let rel = file.strip_prefix(dir.path()).unwrap().display().to_string();
        assert!(!text.contains("@HANDBOOK_"), "{rel} keeps a marker");
        for word in [
            "OWNER",
            "your-org",
            "example-org",
            "handbook-org/handbook-org",
        ] {
            assert!(!text.contains(word), "{rel} holds `{word}`");
        }
        for (at, _) in text.match_indices("://github.com/") {
            let rest = &text[at + "://github.com/".len()..];
            assert!(
                rest.starts_with(handbook::cli::scaffold::action_name()),
                "{rel} names another address: github.com/{}",
                rest.split_whitespace().next().unwrap_or("")
            );
        }
        for line in text.lines().filter(|l| l.trim_start().starts_with("uses:")) {
            let used = line.trim_start().trim_start_matches("uses:").trim();
            assert!(
                used.starts_with("actions/")
                    || used.starts_with(handbook::cli::scaffold::action_name()),
                "{rel}: {used}"
            );
        }
    }
}

#[test]
fn init_never_overwrites_and_refuses_a_full_folder() {
    let f = Fixture::new();
    let before = std::fs::read_to_string(f.site().join("handbook.yaml")).unwrap();
    let refused = handbook().arg("init").arg(f.site()).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    let forced = handbook()
        .arg("init")
        .arg(f.site())
        .arg("--force")
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert!(
        String::from_utf8_lossy(&forced.stderr).contains("kept"),
        "it says what it kept"
    );
    assert_eq!(
        std::fs::read_to_string(f.site().join("handbook.yaml")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_to_string(f.site().join("content/index.md")).unwrap(),
        "---\ntitle: Home\n---\nWelcome.\n"
    );
    assert!(
        f.site().join("content/purpose.md").is_file(),
        "what was missing is added"
    );
}

#[test]
fn new_makes_files_of_every_kind_that_build() {
    let dir = initialised();
    for (kind, title, path) in [
        (
            "event",
            "Spring \"Big\" Meet-up",
            "content/events/spring-big-meet-up.md",
        ),
        (
            "role",
            "Community Keeper",
            "content/roles/community-keeper.md",
        ),
        ("person", "Ada Lovelace", "content/people/ada-lovelace.md"),
        (
            "step",
            "Invite the first members",
            "content/start-up/invite-the-first-members.md",
        ),
        (
            "page",
            "Frequently asked questions",
            "content/frequently-asked-questions.md",
        ),
    ] {
        let out = handbook()
            .args(["new", kind, title, "--site"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(dir.path().join(path).is_file(), "{path}");
    }
    let step = std::fs::read_to_string(
        dir.path()
            .join("content/start-up/invite-the-first-members.md"),
    )
    .unwrap();
    assert!(step.contains("order: 2"), "the next step number");
    let build = handbook().arg("build").arg(dir.path()).output().unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(
            dir.path()
                .join("public/events/spring-big-meet-up/index.html"),
        )
        .unwrap(),
    );
    assert_eq!(select(&html, "h1"), ["Spring \"Big\" Meet-up"]);
    let again = handbook()
        .args(["new", "role", "Community Keeper", "--site"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}

#[test]
fn github_actions_gets_the_project_site_address_from_the_repository() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\nText.\n");
    let out = handbook()
        .arg("build")
        .arg(f.site())
        .env("GITHUB_REPOSITORY", "open-data/handbook")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        f.read("sitemap.xml")
            .contains("<loc>https://open-data.github.io/handbook/</loc>")
    );
    assert_eq!(
        attrs(&f.html("index.html"), "link[rel=stylesheet]", "href"),
        ["/handbook/style.css"]
    );
    // The repository is known too: pages link to their file for a suggested change.
    let links = attrs(&f.html("about/index.html"), "a", "href");
    assert!(
        links.contains(
            &"https://github.com/open-data/handbook/edit/main/content/about.md".to_string()
        ),
        "{links:?}"
    );
}

#[test]
fn version_help_completions_and_man_page() {
    let version = handbook().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("handbook {}", env!("CARGO_PKG_VERSION"))
    );
    for command in ["init", "new", "build", "check", "completions", "man"] {
        let help = handbook().args([command, "--help"]).output().unwrap();
        assert!(
            String::from_utf8_lossy(&help.stdout).contains("Example"),
            "{command} --help has no example"
        );
    }
    let bash = handbook().args(["completions", "bash"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&bash.stdout).contains("complete -F"),
        "a bash completion script"
    );
    let man = handbook().arg("man").output().unwrap();
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(
        page.contains(".TH handbook 1") && page.contains("check"),
        "{page}"
    );
}

#[test]
fn verbose_builds_print_timings_and_quiet_ones_nothing() {
    let f = Fixture::new();
    let verbose = f.build_with(&["-v"]);
    assert!(verbose.stderr().contains("render"), "{}", verbose.stderr());
    let quiet = f.build_with(&["-q"]);
    assert!(quiet.stdout().is_empty() && quiet.stderr().is_empty());
}

/// docs/getting-started.md followed as a newcomer would: its commands, in order, in an empty
/// folder (all but `serve`), then the site built for a project site's sub-path and crawled:
/// every link and fragment must resolve under it.
#[test]
fn getting_started_works_as_written() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/getting-started.md"),
    )
    .unwrap();
    let commands: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .filter(|l| l.starts_with("handbook ") || l.starts_with("cd "))
        .collect();
    assert!(commands.len() >= 8, "{commands:?}");
    let dir = tempfile::tempdir().unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_handbook"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cwd = dir.path().to_path_buf();
    for command in &commands {
        if let Some(folder) = command.strip_prefix("cd ") {
            cwd = cwd.join(folder.trim());
            continue;
        }
        if command.starts_with("handbook serve") {
            continue;
        }
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(&cwd)
            .env("PATH", &path)
            .env("SOURCE_DATE_EPOCH", NOW)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{command}` failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The last build was for the project site: crawl it under its sub-path.
    assert!(
        commands
            .iter()
            .any(|c| c.contains("--base-url https://our-org.github.io/our-group/")),
        "the guide shows a build for a sub-path"
    );
    let out = cwd.join("public");
    let html =
        scraper::Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let links = attrs(&html, "a", "href");
    assert!(
        links.iter().any(|l| l.starts_with("/our-group/")),
        "{links:?}"
    );
    let broken = broken_links(&out, "/our-group/");
    assert!(broken.is_empty(), "{broken:#?}");
    // What `new` made is there, in the folders the guide says.
    for file in [
        "content/roles/community-keeper.md",
        "content/events/summer-meet-up.md",
        "content/people/ada-lovelace.md",
        "content/start-up/invite-the-first-members.md",
        "content/questions-and-answers.md",
    ] {
        assert!(cwd.join(file).is_file(), "{file}");
    }
}
