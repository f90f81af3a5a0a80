//! A throwaway site folder that tests fill with files, build, and read back.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// 2026-11-20T00:00:00Z: fixtures are built at a fixed "now" so event listings are stable.
pub const NOW: &str = "1795132800";

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub struct Build {
    pub output: Output,
}

impl Build {
    pub fn ok(&self) -> bool {
        self.output.status.success()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert!(self.ok(), "build failed:\n{}", self.stderr());
        self
    }
    #[track_caller]
    pub fn assert_fails(&self) -> String {
        assert!(!self.ok(), "build should have failed:\n{}", self.stdout());
        assert_eq!(self.output.status.code(), Some(1));
        self.stderr()
    }
}

pub fn handbook() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_handbook"));
    cmd.env("SOURCE_DATE_EPOCH", NOW)
        .env_remove("RAYON_NUM_THREADS");
    cmd
}

impl Fixture {
    /// A site with a `handbook.yaml` that has a title and nothing else.
    pub fn new() -> Self {
        Fixture::with_config("title: Test Group\n")
    }

    pub fn with_config(config: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = Fixture { dir };
        f.write("handbook.yaml", config);
        f.write("content/index.md", "---\ntitle: Home\n---\nWelcome.\n");
        f
    }

    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.site().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.site().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.site().join(rel)).unwrap();
        self
    }

    pub fn build(&self) -> Build {
        self.build_with(&[])
    }

    pub fn build_with(&self, args: &[&str]) -> Build {
        let output = handbook()
            .arg("build")
            .arg(self.site())
            .args(args)
            .output()
            .expect("run handbook");
        Build { output }
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

pub fn select(html: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

/// Every file below `root`, relative, sorted, with its bytes.
pub fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walk(root)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

pub fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

pub fn example_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site")
}

/// Builds the example site into `out` as a project site under `/our-group/`.
pub fn build_example_under_sub_path(out: &Path) {
    let status = handbook()
        .args([
            "build",
            "--base-url",
            "https://org.github.io/our-group/",
            "--output",
        ])
        .arg(out)
        .arg(example_site())
        .status()
        .unwrap();
    assert!(status.success(), "the example site did not build");
}

/// Every internal link of every page: the file it leads to must exist, and its fragment
/// must be an id there.
pub fn broken_links(out: &Path, base: &str) -> Vec<String> {
    let a = scraper::Selector::parse("a[href], img[src]").unwrap();
    let with_id = scraper::Selector::parse("[id]").unwrap();
    let mut ids: std::collections::BTreeMap<PathBuf, std::collections::BTreeSet<String>> =
        std::collections::BTreeMap::new();
    let mut links = Vec::new();
    for page in walk(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = scraper::Html::parse_document(&std::fs::read_to_string(&page).unwrap());
        ids.insert(
            page.clone(),
            html.select(&with_id)
                .filter_map(|e| e.value().attr("id").map(String::from))
                .collect(),
        );
        for element in html.select(&a) {
            let value = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap();
            if let Some(rest) = value.strip_prefix(base) {
                links.push((page.clone(), rest.to_string()));
            }
        }
    }
    let mut broken = Vec::new();
    for (page, link) in links {
        let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
        let decoded = percent_decode(path);
        let mut target = out.join(&decoded);
        if decoded.is_empty() || decoded.ends_with('/') {
            target = target.join("index.html");
        }
        if !target.is_file() {
            broken.push(format!("{} -> {link}", page.display()));
        } else if !fragment.is_empty()
            && !ids
                .get(&target)
                .is_some_and(|known| known.contains(&percent_decode(fragment)))
        {
            broken.push(format!("{} -> {link} (no such id)", page.display()));
        }
    }
    broken
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(Ok(b)) = text.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Copies a site folder (its `public/` output left out), for tests that edit a copy.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() == "public" {
                continue;
            }
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs a command that must succeed; a failure shows what it said on stderr.
#[track_caller]
pub fn succeeds(command: &mut Command) -> Output {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{:?} failed:\n{}",
        command,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The Python that has the checkers (`.ci/venv`, or `HANDBOOK_PYTHON`), when installed.
pub fn python() -> Option<PathBuf> {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/venv/bin/python");
    let python = std::env::var_os("HANDBOOK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or(venv);
    python.is_file().then_some(python)
}

/// Runs one of `tests/python/`'s scripts with `args`, giving it `stdin`.
pub fn run_python(script: &str, args: &[&Path], stdin: &str) -> Output {
    use std::io::Write;
    let python = python().expect("the checkers' Python in .ci/venv");
    let mut child = Command::new(python)
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/python")
                .join(script),
        )
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Runs git in `dir` as `who` at `date`, with no user or system settings.
pub fn git(dir: &Path, who: (&str, &str), date: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "tag.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
