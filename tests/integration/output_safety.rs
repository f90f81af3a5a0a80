//! The output folder: a failed build changes nothing, and nothing the tool did not write is
//! ever deleted.

use crate::fixture::*;

#[test]
fn a_failed_build_leaves_the_last_good_site() {
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\n---\nFirst.\n");
    f.build().assert_ok();
    let before = tree(&f.out());
    f.write("content/a.md", "---\ntitle: A\nwieght: 2\n---\nSecond.\n");
    f.build().assert_fails();
    assert_eq!(tree(&f.out()), before);
    let leftovers: Vec<_> = std::fs::read_dir(f.site())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !leftovers
            .iter()
            .any(|n| n.to_string_lossy().contains("staging")),
        "{leftovers:?}"
    );
}

#[test]
fn stale_files_are_removed_on_rebuild() {
    let f = Fixture::new();
    f.write("content/old.md", "---\ntitle: Old\n---\n");
    f.build().assert_ok();
    assert!(f.out().join("old/index.html").exists());
    f.remove("content/old.md");
    f.build().assert_ok();
    assert!(!f.out().join("old").exists());
}

#[test]
fn an_output_folder_with_other_files_is_refused_and_kept() {
    let f = Fixture::new();
    let docs = f.site().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("thesis.tex"), "precious").unwrap();
    let build = f.build_with(&["--output", docs.to_str().unwrap()]);
    assert!(!build.ok());
    assert!(
        build.stderr().contains("not written by handbook"),
        "{}",
        build.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(docs.join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn the_site_folder_itself_is_refused_as_output() {
    let f = Fixture::new();
    for target in [f.site(), f.dir.path().to_path_buf()] {
        let build = f.build_with(&["--output", target.to_str().unwrap()]);
        assert!(!build.ok());
        assert!(
            build
                .stderr()
                .contains("the site folder or a folder above it"),
            "{}",
            build.stderr()
        );
    }
    assert!(f.site().join("content/index.md").exists());
}
