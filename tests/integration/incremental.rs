//! Rebuilds reuse what did not change, and give exactly the bytes of a clean build.

use handbook::pipeline::{BuildOptions, Changed};
use handbook::preview::session::Session;
use handbook::render::{Contents, OutputFile};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn options(site: &Path) -> BuildOptions {
    BuildOptions {
        site: site.to_path_buf(),
        output: None,
        base_url: Some("https://org.github.io/our-group/".into()),
        now: "2026-11-20T00:00:00Z".parse().unwrap(),
        source_date_epoch: Some("2026-11-20T00:00:00Z".parse().unwrap()),
        theme_override: None,
        github_repository: None,
        relative: false,
        audience: Default::default(),
        progress: None,
    }
}

fn bytes(files: &[OutputFile]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|f| {
            let data = match &f.contents {
                Contents::Bytes(b) => b.clone(),
                Contents::Shared(b) => b.as_ref().clone(),
                Contents::Copy(path) => std::fs::read(path).unwrap(),
                Contents::Written => panic!("a session renders into memory"),
            };
            (f.path.clone(), data)
        })
        .collect()
}

/// What a session serves after a rebuild: the pages, then the printed handbook and the
/// search index, sorted like a build's files.
fn served(session: &mut Session, changed: &Changed) -> (Vec<(String, Vec<u8>)>, usize) {
    let rebuilt = session.rebuild(changed).unwrap();
    let mut files = bytes(&rebuilt.files);
    files.extend(bytes(&session.extras().unwrap()));
    files.sort();
    (files, rebuilt.rendered)
}

fn clean(site: &Path) -> Vec<(String, Vec<u8>)> {
    clean_at(site, options(site).now)
}

/// What `handbook build` (the real binary) writes to disk for the same inputs at `now`:
/// every file but the manifest, which only a build on disk has. A preview that agrees with
/// itself but not with the build would pass a comparison made in memory.
fn clean_at(site: &Path, now: jiff::Timestamp) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().unwrap();
    crate::fixture::succeeds(
        crate::fixture::handbook()
            .arg("build")
            .arg(site)
            .args(["--base-url", "https://org.github.io/our-group/", "--output"])
            .arg(out.path().join("site"))
            .env("SOURCE_DATE_EPOCH", now.as_second().to_string()),
    );
    crate::fixture::tree(&out.path().join("site"))
        .into_iter()
        .filter(|(path, _)| path != handbook::output::MANIFEST)
        .collect()
}

/// The served files equal the built ones, byte for byte; a failure names the files.
#[track_caller]
fn assert_same(served: &[(String, Vec<u8>)], built: &[(String, Vec<u8>)], when: &str) {
    if served == built {
        return;
    }
    let names = |files: &[(String, Vec<u8>)]| -> BTreeSet<String> {
        files.iter().map(|(p, _)| p.clone()).collect()
    };
    let (s, b) = (names(served), names(built));
    let differ: Vec<&String> = served
        .iter()
        .filter(|(p, bytes)| built.iter().any(|(q, other)| p == q && bytes != other))
        .map(|(p, _)| p)
        .collect();
    panic!(
        "{when}: the preview serves what the build does not write.\n only served: {:?}\n only built: {:?}\n different bytes: {differ:?}",
        s.difference(&b).collect::<Vec<_>>(),
        b.difference(&s).collect::<Vec<_>>(),
    );
}

struct Edit<'a> {
    session: Session,
    site: &'a Path,
}

impl Edit<'_> {
    /// Writes a file, rebuilds with the watcher's report of it, and checks the result
    /// against a clean build. Returns how many pages were rendered.
    fn save(&mut self, rel: &str, text: Option<&str>) -> usize {
        let path = self.site.join(rel);
        match text {
            Some(text) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
            }
            None => std::fs::remove_file(&path).unwrap(),
        }
        let changed = Changed::Files(BTreeSet::from([std::path::absolute(&path).unwrap()]));
        let (files, rendered) = served(&mut self.session, &changed);
        assert_same(&files, &clean(self.site), &format!("after saving {rel}"));
        rendered
    }
}

/// A copy of the example site and a session's first build of it, checked against a clean
/// build.
struct Started {
    /// Removes the copy when dropped.
    _dir: tempfile::TempDir,
    site: PathBuf,
    session: Session,
    /// What the first build serves, and how many pages it rendered.
    first: Vec<(String, Vec<u8>)>,
    rendered: usize,
}

fn started() -> Started {
    let dir = tempfile::tempdir().unwrap();
    let site: PathBuf = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    crate::fixture::copy_dir(&crate::fixture::example_site(), &site);
    let mut session = Session::new(options(&site));
    let (first, rendered) = served(&mut session, &Changed::Everything);
    assert_same(&first, &clean(&site), "the first build");
    Started {
        _dir: dir,
        site,
        session,
        first,
        rendered,
    }
}

/// A preview's "now" moves on while it runs (see `Session`): once an event is over, a
/// rebuild without any save must show it as past everywhere, as a clean build would.
#[test]
fn a_rebuild_at_a_later_now_equals_a_clean_build_then() {
    let Started {
        _dir,
        site,
        mut session,
        first: before,
        ..
    } = started();
    // After the winter social of 2026-12-12 and the Leeds meet-up of 2027-03-20.
    let later: jiff::Timestamp = "2027-03-21T00:00:00Z".parse().unwrap();
    session.options.now = later;
    // The build's stamp is SOURCE_DATE_EPOCH too, as a build at that moment would have.
    session.options.source_date_epoch = Some(later);
    let (after, rendered) = served(&mut session, &Changed::Files(BTreeSet::new()));
    assert!(after != before, "the events moved to the past");
    assert_same(&after, &clean_at(&site, later), "a rebuild at a later now");
    assert!(rendered > 1);
}

#[test]
fn rebuilds_equal_clean_builds_and_render_only_what_changed() {
    let Started {
        _dir,
        site,
        session,
        rendered: all,
        ..
    } = started();
    assert!(all > 30);
    let mut edit = Edit {
        session,
        site: &site,
    };

    let lead = std::fs::read_to_string(site.join("content/roles/lead.md")).unwrap();
    let rendered = edit.save(
        "content/roles/lead.md",
        Some(&lead.replace("keeps the group pointed", "keeps the whole group pointed")),
    );
    assert_eq!(
        rendered, 1,
        "a change to a body renders that page only (the printed handbook comes after)"
    );

    let rendered = edit.save(
        "content/roles/lead.md",
        Some(&lead.replace("title: Lead", "title: Group lead")),
    );
    assert!(
        rendered > 1,
        "a new title reaches every page that lists roles"
    );

    assert_eq!(
        edit.save("content/roles/lead.md", Some(&lead)),
        all,
        "back as it was"
    );
    // Fields that list pages and other pages show, but links do not: each save is compared
    // with a clean build, so a stale list page or role page fails here.
    edit.save(
        "content/roles/lead.md",
        Some(&lead.replace("title: Lead", "title: Lead\ndescription: Keeps us going")),
    );
    edit.save("content/roles/lead.md", Some(&lead));
    let person = std::fs::read_to_string(site.join("content/people/amara-okafor.md")).unwrap();
    edit.save(
        "content/people/amara-okafor.md",
        Some(&person.replace("name: Amara Okafor", "name: Amara O. Okafor")),
    );
    edit.save(
        "content/people/amara-okafor.md",
        Some(&person.replace("pronouns: she/her", "pronouns: they/them")),
    );
    edit.save("content/people/amara-okafor.md", Some(&person));
    // A section's menu lists its pages in order under the section's title, and the preview
    // keeps each section's menu while nothing it shows changed: a new weight must reorder
    // it, and a new title for a page or for the section must reach every page of it (the
    // footer shows the section's own fields, which the default theme shows only in a
    // section too large to list whole).
    edit.save(
        "templates/partials/footer.html",
        Some("<footer>{% if section %}{{ section.title }} {{ section.url }} {{ section.total }}{% endif %}</footer>\n"),
    );
    let facilitator = std::fs::read_to_string(site.join("content/roles/facilitator.md")).unwrap();
    edit.save(
        "content/roles/facilitator.md",
        Some(&facilitator.replace("weight: 2", "weight: 20")),
    );
    edit.save(
        "content/roles/facilitator.md",
        Some(&facilitator.replace("title: Facilitator", "title: Host")),
    );
    edit.save("content/roles/facilitator.md", Some(&facilitator));
    let roles = std::fs::read_to_string(site.join("content/roles/_index.md")).unwrap();
    edit.save(
        "content/roles/_index.md",
        Some(&roles.replace("title: Roles", "title: Our roles")),
    );
    edit.save("content/roles/_index.md", Some(&roles));
    // A folder of plain pages without an index: its list page is made by handbook and shows
    // each page's description, which nothing outside the folder shows.
    let guide = "---\ntitle: A guide\ndescription: First words\n---\nBody.\n";
    edit.save("content/guides/a-guide.md", Some(guide));
    edit.save(
        "content/guides/a-guide.md",
        Some(&guide.replace("First words", "Other words")),
    );
    edit.save(
        "content/new-page.md",
        Some("---\ntitle: A new page\n---\nHello.\n"),
    );
    edit.save("content/new-page.md", None);
    edit.save(
        "templates/partials/footer.html",
        Some("<footer>Ours</footer>\n"),
    );
    edit.save(
        "content/events/extra.md",
        Some("---\ntitle: Extra call\nstart: 2026-12-10T19:00\nonline: https://x.org\n---\n"),
    );
    // Calendars are reused while no event changes: a moved event must reach them.
    edit.save(
        "content/events/extra.md",
        Some("---\ntitle: Extra call\nstart: 2026-12-11T18:00\nonline: https://x.org\n---\n"),
    );
    let config = std::fs::read_to_string(site.join("handbook.yaml")).unwrap();
    edit.save(
        "handbook.yaml",
        Some(&config.replace("upcoming_events: 4", "upcoming_events: 2")),
    );
    assert_eq!(
        edit.save("static/robots.txt", Some("User-agent: *\n")),
        0,
        "a static file renders no page"
    );
}

#[test]
fn a_broken_save_keeps_the_caches_usable() {
    let dir = tempfile::tempdir().unwrap();
    let site: PathBuf = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    crate::fixture::copy_dir(&crate::fixture::example_site(), &site);
    let mut session = Session::new(options(&site));
    session.rebuild(&Changed::Everything).unwrap();
    let faq = site.join("content/faq.md");
    let text = std::fs::read_to_string(&faq).unwrap();
    std::fs::write(&faq, text.replace("title:", "titel:")).unwrap();
    let changed = Changed::Files(BTreeSet::from([std::path::absolute(&faq).unwrap()]));
    assert!(session.rebuild(&changed).is_err());
    std::fs::write(&faq, &text).unwrap();
    let (fixed, _) = served(&mut session, &changed);
    assert_same(&fixed, &clean(&site), "the fix after a broken save");
}

/// A rebuild keeps the heading checks of the bodies it did not change, while no page's
/// headings moved: a saved page that drops a heading others link to breaks their links at
/// once, a fix mends them, and a warning about an unchanged page is still said after an
/// edit elsewhere.
#[test]
fn heading_checks_follow_every_save() {
    let dir = tempfile::tempdir().unwrap();
    let site: PathBuf = dir.path().join("site");
    let write = |rel: &str, text: &str| {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        Changed::Files(BTreeSet::from([std::path::absolute(&path).unwrap()]))
    };
    write("handbook.yaml", "title: T\n");
    write(
        "content/a.md",
        "---\ntitle: A\n---\nSee [the intro](b.md#intro).\n",
    );
    write("content/b.md", "---\ntitle: B\n---\n## Intro\n\nText.\n");
    write(
        "content/c.md",
        "---\ntitle: C\n---\nOn the web: [b](../b/#nowhere).\n",
    );
    let mut session = Session::new(options(&site));
    let first = session.rebuild(&Changed::Everything).unwrap();
    let about_c = |warnings: &[handbook::base::error::Diagnostic]| {
        (warnings.iter())
            .filter(|d| d.path.ends_with("content/c.md") && d.message.contains("#nowhere"))
            .count()
    };
    assert_eq!(about_c(&first.warnings), 1, "{:?}", first.warnings);
    // An edit that keeps b's headings: c's warning, held from the last check, is still said.
    let changed = write(
        "content/b.md",
        "---\ntitle: B\n---\n## Intro\n\nOther text.\n",
    );
    let kept = session.rebuild(&changed).unwrap();
    assert_eq!(about_c(&kept.warnings), 1, "{:?}", kept.warnings);
    // b loses the heading a links to: a's link breaks, though a did not change.
    let changed = write("content/b.md", "---\ntitle: B\n---\n## Start\n\nText.\n");
    let broken = match session.rebuild(&changed) {
        Err(handbook::base::error::Error::Invalid(errors)) => errors,
        other => panic!(
            "expected a broken link, got {:?}",
            other.map(|r| r.warnings)
        ),
    };
    assert!(
        (broken.iter()).any(|d| d.path.ends_with("content/a.md")
            && d.message.contains("has no heading with the id `#intro`")),
        "{broken:?}"
    );
    let changed = write("content/b.md", "---\ntitle: B\n---\n## Intro\n\nText.\n");
    let mended = session.rebuild(&changed).unwrap();
    assert!(!mended.warnings.iter().any(|d| d.message.contains("#intro")));
    assert_eq!(about_c(&mended.warnings), 1, "{:?}", mended.warnings);
    // b renamed to d, reported as one batch of both paths: where pages are is part of every
    // body's key, so every body is made and checked again. a's link to b breaks; once a
    // follows the rename, its fragment is checked against d's headings, not anything held.
    let (b, d) = (site.join("content/b.md"), site.join("content/d.md"));
    std::fs::rename(&b, &d).unwrap();
    let both = [b, d].map(|p| std::path::absolute(p).unwrap());
    let errors = |result: Result<_, handbook::base::error::Error>| match result {
        Err(handbook::base::error::Error::Invalid(errors)) => errors,
        Err(other) => panic!("expected a broken link, got {other}"),
        Ok(_) => panic!("expected a broken link, got a build"),
    };
    let renamed = errors(session.rebuild(&Changed::Files(BTreeSet::from(both))));
    assert!(
        (renamed.iter()).any(|d| d.path.ends_with("content/a.md") && d.message.contains("b.md")),
        "{renamed:?}"
    );
    let changed = write(
        "content/c.md",
        "---\ntitle: C\n---\nOn the web: [d](../d/#nowhere).\n",
    );
    errors(session.rebuild(&changed));
    let changed = write(
        "content/a.md",
        "---\ntitle: A\n---\nSee [the intro](d.md#nothing).\n",
    );
    let wrong_id = errors(session.rebuild(&changed));
    assert!(
        (wrong_id.iter()).any(|d| d.path.ends_with("content/a.md")
            && d.message.contains("has no heading with the id `#nothing`")),
        "{wrong_id:?}"
    );
    let changed = write(
        "content/a.md",
        "---\ntitle: A\n---\nSee [the intro](d.md#intro).\n",
    );
    let followed = session.rebuild(&changed).unwrap();
    assert!(
        !followed
            .warnings
            .iter()
            .any(|d| d.path.ends_with("content/a.md"))
    );
    assert_eq!(about_c(&followed.warnings), 1, "{:?}", followed.warnings);
}
