//! The scripts the project's figures rest on run here on a small size, so that a change that
//! breaks them fails CI: the benchmark (its corpus builds, each mode runs, its report reads as
//! expected) and the growth check of the fuzzing kit (its verdict fails on a quadratic).
//! They measure nothing here: figures come from hand runs on a quiet machine.

use crate::fixture::{handbook, walk};
use std::path::Path;
use std::process::Command;

fn script(path: &str, args: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join(path))
        .args(args)
        .env("HANDBOOK", env!("CARGO_BIN_EXE_handbook"))
        .env("HUGO", "0")
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{path} {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn the_benchmark_corpus_builds_and_every_mode_reports() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("corpus");
    let said = script(
        "benches/bench.py",
        &["corpus", "120", site.to_str().unwrap()],
    );
    let pages: usize = said.split_whitespace().next().unwrap().parse().unwrap();
    assert!(pages >= 120, "{said}");
    let built = handbook().arg("build").arg(&site).output().unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let html: Vec<_> = walk(&site.join("public"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(
        html.len() >= pages,
        "{} pages written for {pages}",
        html.len()
    );
    let main = scraper::Selector::parse("main h1").unwrap();
    for page in html.iter().filter(|p| !p.ends_with("print/index.html")) {
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
        assert!(
            doc.select(&main).next().is_some(),
            "{} has no title",
            page.display()
        );
    }
    let build = script("benches/bench.py", &["build", "60"]);
    assert!(
        build.starts_with("build     60 pages: median ") && build.contains("no-op rebuild"),
        "{build}"
    );
    let preview = script("benches/bench.py", &["preview", "60"]);
    assert!(
        preview.contains("save -> new page served, median"),
        "{preview}"
    );
}

/// Every shape of corpus the benchmark judges a change on builds with no error: a generator
/// that made broken content would measure the error path, not a build.
#[test]
fn every_benchmark_shape_builds_without_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for shape in ["deep", "events", "long"] {
        let site = dir.path().join(shape);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let made = std::process::Command::new("python3")
            .arg(root.join("benches/bench.py"))
            .args(["corpus", "150"])
            .arg(&site)
            .env("SHAPE", shape)
            .output()
            .expect("python3 runs");
        assert!(
            made.status.success(),
            "{shape}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        let built = handbook().arg("build").arg(&site).output().unwrap();
        let stderr = String::from_utf8_lossy(&built.stderr);
        assert!(
            built.status.success() && !stderr.contains("error"),
            "{shape}: {stderr}"
        );
        let pages = walk(&site.join("public"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .count();
        assert!(pages >= 150, "{shape}: {pages} pages");
    }
}

#[test]
fn the_growth_check_fails_on_a_quadratic() {
    let said = script("fuzz/growth.py", &["--self-test"]);
    assert!(said.contains("self-test passed"), "{said}");
}
