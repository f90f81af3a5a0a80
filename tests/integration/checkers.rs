//! Checks by tools that no one here wrote. Locally a missing checker skips the test with a
//! message; CI sets `HANDBOOK_REQUIRE_CHECKERS=1`, which turns a missing checker into a
//! failure so that a check can never pass by not running.

use crate::fixture::*;
use std::path::PathBuf;

/// The Nu HTML Checker's jar: `$VNU_JAR`, else where `.ci/run` installs it.
fn vnu_jar() -> Option<PathBuf> {
    let path = std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(".ci/node_modules/vnu-jar/build/dist/vnu.jar")
        });
    path.is_file().then_some(path)
}

fn required() -> bool {
    std::env::var("HANDBOOK_REQUIRE_CHECKERS").is_ok_and(|v| v == "1")
}

pub fn skip_or_fail(what: &str) {
    assert!(
        !required(),
        "{what} is required (HANDBOOK_REQUIRE_CHECKERS=1) but not installed; run .ci/run"
    );
    eprintln!("SKIPPED: {what} is not installed (run .ci/run to install it)");
}

#[test]
fn example_site_is_valid_html_for_the_nu_checker() {
    let Some(jar) = vnu_jar() else {
        return skip_or_fail("the Nu HTML Checker (npm vnu-jar)");
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_example_under_sub_path(&out);
    let result = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&out)
        .output()
        .expect("run java");
    let report = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}

#[test]
fn the_nu_checker_catches_invalid_html() {
    // Proves the check above can fail: a template with a stray end tag must be caught.
    let Some(jar) = vnu_jar() else {
        return skip_or_fail("the Nu HTML Checker (npm vnu-jar)");
    };
    let f = Fixture::new();
    f.write(
        "templates/partials/footer.html",
        "<footer></div></footer>\n",
    );
    f.build().assert_ok();
    let result = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(f.out().join("index.html"))
        .output()
        .expect("run java");
    assert!(!result.status.success());
}
