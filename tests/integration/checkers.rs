//! Checks by tools that no one here wrote. build.rs finds which are installed; a test whose
//! checker is missing is marked ignored, with the reason, so the run's summary counts it
//! ("13 ignored") instead of showing a pass. CI sets `HANDBOOK_REQUIRE_CHECKERS=1`, which
//! makes a missing checker a build error, so a check can never pass by not running.

use crate::fixture::*;
use std::path::PathBuf;

/// The Nu HTML Checker's jar: `$VNU_JAR`, else where `.ci/run` installs it.
pub fn vnu_jar() -> Option<PathBuf> {
    let path = std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(".ci/node_modules/vnu-jar/build/dist/vnu.jar")
        });
    path.is_file().then_some(path)
}

#[test]
#[cfg_attr(
    not(checker_vnu),
    ignore = "needs the Nu HTML Checker and Java: run .ci/install-checkers"
)]
fn example_site_is_valid_html_for_the_nu_checker() {
    let jar = vnu_jar().expect("the Nu HTML Checker's jar");
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
#[cfg_attr(
    not(checker_vnu),
    ignore = "needs the Nu HTML Checker and Java: run .ci/install-checkers"
)]
fn the_nu_checker_catches_invalid_html() {
    // Proves the check above can fail: a template with a stray end tag must be caught.
    let jar = vnu_jar().expect("the Nu HTML Checker's jar");
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
