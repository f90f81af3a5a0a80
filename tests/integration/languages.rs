//! A handbook in several languages (issue 24): English, German and Arabic (right to left),
//! written in one folder per language and, in a second site, as suffixed files. Each
//! language is a site of its own below the base path, with a switcher, `lang` and `dir`,
//! `hreflang` links, its own search index, sitemap, feed, calendar and printed handbook; a
//! link to a page not yet translated lands on the English one and says so.

use crate::fixture::*;
use scraper::Html;
use std::path::Path;

const CONFIG: &str = "title: Open Data Stewards\nbase_url: https://stewards.example.org/hb/\nlanguages: [en, de, ar]\ntimezone: Europe/Berlin\n";

/// The three-language handbook, one folder per language: English at the top of content/,
/// German in content/de/, Arabic in content/ar/. German lacks the FAQ; Arabic has only a
/// few pages.
pub fn three_languages() -> Fixture {
    let f = Fixture::with_config(CONFIG);
    f.write("content/index.md", "---\ntitle: Open Data Stewards\n---\nWe look after open data. Read [our purpose](purpose.md), the [FAQ](faq.md) and the [ground rules](ground-rules.md).\n")
        .write("content/purpose.md", "---\ntitle: Purpose\nfor: public servants\nwho: publish open data\nto: publish data people can trust\n---\nWhy we exist.\n")
        .write("content/ground-rules.md", "---\ntitle: Ground rules\nrules:\n  - title: Assume good intent\n    detail: Ask before you judge.\nreporting:\n  how: Write to the facilitator.\n---\n")
        .write("content/faq.md", "---\ntitle: Questions\n---\n## Who can join?\n\nAnyone who publishes open data stewardship reports.\n")
        .write("content/events/monthly-call.md", "---\ntitle: Monthly call\nstart: 2026-12-03T18:00\nduration: 1h\nonline: https://meet.example.org/stewards\nrecurrence:\n  every: month\n  on: first Thursday\n---\nAn hour online.\n")
        .write("content/de/index.md", "---\ntitle: Open-Data-Verwalter\n---\nWir kümmern uns um offene Daten. Lies [unseren Zweck](purpose.md), die [Fragen](faq.md) und die [Grundregeln](ground-rules.md).\n")
        .write("content/de/purpose.md", "---\ntitle: Zweck\nfor: Beschäftigte im öffentlichen Dienst\nwho: offene Daten veröffentlichen\nto: Daten veröffentlichen, denen man vertrauen kann\n---\nWarum es uns gibt.\n")
        .write("content/de/ground-rules.md", "---\ntitle: Grundregeln\nrules:\n  - title: Guten Willen annehmen\n    detail: Erst fragen, dann urteilen.\nreporting:\n  how: Schreib der Moderation.\n---\n")
        .write("content/de/events/monthly-call.md", "---\ntitle: Monatliches Treffen\nstart: 2026-12-03T18:00\nduration: 1h\nonline: https://meet.example.org/stewards\nrecurrence:\n  every: month\n  on: first Thursday\n---\nEine Stunde online. Zurück zur [Startseite](../../index.md) auf Englisch.\n")
        .write("content/ar/index.md", "---\ntitle: أمناء البيانات المفتوحة\n---\nنعتني بالبيانات المفتوحة. اقرأ [هدفنا](purpose.md).\n")
        .write("content/ar/purpose.md", "---\ntitle: الهدف\nfor: موظفي القطاع العام\nwho: ينشرون البيانات المفتوحة\nto: نشر بيانات موثوقة\n---\nلماذا نحن هنا: الإشراف على البيانات.\n");
    f
}

/// The state the translation status page gives the file of `place` in the language of
/// `column` (0 is the default language): `source`, `current`, `outdated`, `missing`...
fn status_of(f: &Fixture, place: &str, column: usize) -> String {
    let page = f.html("translation-status/index.html");
    let row = scraper::Selector::parse("tbody tr").unwrap();
    let cell = scraper::Selector::parse("td").unwrap();
    let found = page
        .select(&row)
        .find(|r| r.text().collect::<String>().contains(place))
        .unwrap_or_else(|| panic!("no row for {place}"));
    let td = found.select(&cell).nth(column).unwrap();
    td.value().attr("data-state").unwrap().to_string()
}

/// Commits everything in the fixture's repository (made on the first call) on `day`.
fn commit_all(f: &Fixture, day: &str, message: &str) {
    let (root, who, date) = (
        f.dir.path(),
        ("Ada", "ada@example.org"),
        format!("{day}T10:00:00+00:00"),
    );
    if !root.join(".git").exists() {
        git(root, who, &date, &["init", "-q"]);
    }
    git(root, who, &date, &["add", "-A"]);
    git(root, who, &date, &["commit", "-q", "-m", message]);
}

fn html(out: &Path, rel: &str) -> Html {
    Html::parse_document(
        &std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")),
    )
}

#[test]
fn each_language_is_a_site_below_the_base_path_with_its_own_files() {
    let f = three_languages();
    f.build().assert_ok();
    let out = f.out();
    for (dir, lang, title) in [
        ("", "en", "Purpose"),
        ("de/", "de", "Zweck"),
        ("ar/", "ar", "الهدف"),
    ] {
        let page = html(&out, &format!("{dir}purpose/index.html"));
        assert_eq!(attrs(&page, "html", "lang"), [lang]);
        assert_eq!(
            attrs(&page, "html", "dir"),
            [if lang == "ar" { "rtl" } else { "ltr" }]
        );
        assert_eq!(select(&page, "h1"), [title]);
        // Every language has it: three alternates and the default.
        let alternates = attrs(&page, "link[rel=alternate][hreflang]", "hreflang");
        assert_eq!(alternates, ["en", "de", "ar", "x-default"], "{dir}");
        assert_eq!(
            attrs(&page, "link[hreflang=de]", "href"),
            ["https://stewards.example.org/hb/de/purpose/"]
        );
        // The switcher names each language in itself and marks this one.
        assert_eq!(
            select(&page, "nav.languages a"),
            ["English", "Deutsch", "العربية"]
        );
        assert_eq!(
            attrs(&page, "nav.languages a[aria-current]", "lang"),
            [lang]
        );
        for file in [
            "search-index.json",
            "sitemap.xml",
            "feed.xml",
            "events.ics",
            "print/index.html",
            "404.html",
        ] {
            assert!(out.join(dir).join(file).is_file(), "{dir}{file}");
        }
    }
    // Search, sitemap and calendar hold their own language.
    let de_index = std::fs::read_to_string(out.join("de/search-index.json")).unwrap();
    assert!(
        de_index.contains("Zweck") && !de_index.contains("\"Purpose\""),
        "{de_index}"
    );
    let de_sitemap = std::fs::read_to_string(out.join("de/sitemap.xml")).unwrap();
    assert!(de_sitemap.contains("/hb/de/purpose/") && !de_sitemap.contains("/hb/purpose/"));
    assert!(
        std::fs::read_to_string(out.join("de/events.ics"))
            .unwrap()
            .contains("SUMMARY:Monatliches Treffen")
    );
    // Dates are written as each language writes them.
    let call = std::fs::read_to_string(out.join("de/events/monthly-call/index.html")).unwrap();
    assert!(call.contains("Donnerstag, 3. Dezember 2026"), "{call}");
    let call = std::fs::read_to_string(out.join("events/monthly-call/index.html")).unwrap();
    assert!(call.contains("Thursday 3 December 2026"));
    // Only the root has robots.txt and .nojekyll.
    assert!(!out.join("de/robots.txt").exists() && !out.join("de/.nojekyll").exists());
    assert!(out.join(".nojekyll").exists());
    assert_eq!(broken_links(&out, "/hb/"), Vec::<String>::new());
}

#[test]
fn a_link_to_a_page_not_yet_translated_lands_on_the_default_language_and_says_so() {
    let f = three_languages();
    f.build().assert_ok();
    let out = f.out();
    let home = html(&out, "de/index.html");
    // German has no FAQ: the link goes to the English one, with a title that says so.
    let faq: Vec<String> = attrs(&home, ".content a[href$='faq/']", "href");
    assert_eq!(faq, ["/hb/faq/"]);
    assert_eq!(
        attrs(&home, ".content a[href$='faq/']", "title"),
        ["Not translated yet: this page is in English"]
    );
    // A translated page stays in German, with no such title.
    assert_eq!(
        attrs(&home, ".content a[href$='purpose/']", "href"),
        ["/hb/de/purpose/"]
    );
    assert!(attrs(&home, ".content a[href$='purpose/']", "title").is_empty());
    // A link written out of the German folder to the English home page is kept as such.
    let call = html(&out, "de/events/monthly-call/index.html");
    assert!(attrs(&call, ".content a", "href").contains(&"/hb/".to_string()));
    // An untranslated page offers the languages' home pages instead of its versions.
    let faq_page = html(&out, "faq/index.html");
    assert_eq!(
        attrs(&faq_page, "link[rel=alternate][hreflang]", "hreflang"),
        Vec::<String>::new()
    );
    assert_eq!(
        attrs(&faq_page, "nav.languages a", "href"),
        ["/hb/", "/hb/de/", "/hb/ar/"]
    );
}

#[test]
fn a_broken_link_in_a_translation_is_still_an_error_at_its_file() {
    let f = three_languages();
    f.write(
        "content/de/faq-alt.md",
        "---\ntitle: Alt\n---\nSiehe [die Liste](liste.md).\n",
    );
    let stderr = f.build().assert_fails();
    assert!(stderr.contains("content/de/faq-alt.md:4"), "{stderr}");
    assert!(stderr.contains("liste.md"), "{stderr}");
    assert!(!f.out().exists());
}

#[test]
fn suffixed_files_make_the_same_site_as_folders() {
    let f = Fixture::with_config(CONFIG);
    f.write("content/index.md", "---\ntitle: Open Data Stewards\n---\nRead [our purpose](purpose.md).\n")
        .write("content/index.de.md", "---\ntitle: Open-Data-Verwalter\n---\nLies [unseren Zweck](purpose.de.md) und [die Fragen](faq.md).\n")
        .write("content/purpose.md", "---\ntitle: Purpose\nfor: public servants\nwho: publish open data\nto: publish data people can trust\n---\n")
        .write("content/purpose.de.md", "---\ntitle: Zweck\nfor: Beschäftigte\nwho: offene Daten veröffentlichen\nto: Daten veröffentlichen\n---\n")
        .write("content/faq.md", "---\ntitle: Questions\n---\nAnswers.\n")
        .write("content/roles/lead.md", "---\ntitle: Lead\nsummary: Leads.\n---\n")
        .write("content/roles/lead.ar.md", "---\ntitle: القائد\nsummary: يقود.\n---\n");
    f.build().assert_ok();
    let out = f.out();
    let home = html(&out, "de/index.html");
    assert_eq!(
        attrs(&home, ".content a", "href"),
        ["/hb/de/purpose/", "/hb/faq/"]
    );
    let lead = html(&out, "ar/roles/lead/index.html");
    assert_eq!(select(&lead, "h1"), ["القائد"]);
    assert_eq!(attrs(&lead, "html", "dir"), ["rtl"]);
    assert!(!out.join("purpose.de").exists() && !out.join("roles/lead.ar").exists());
    assert_eq!(broken_links(&out, "/hb/"), Vec::<String>::new());
}

#[test]
fn a_handbook_of_one_language_has_no_switcher_and_no_alternates() {
    let f = Fixture::new();
    f.write(
        "content/purpose.de.md",
        "---\ntitle: Notes in German\n---\nText.\n",
    );
    f.build().assert_ok();
    let page = f.html("purpose-de/index.html");
    assert!(select(&page, "nav.languages").is_empty());
    assert!(attrs(&page, "link[hreflang]", "href").is_empty());
}

#[test]
fn a_wrong_language_list_is_one_error_at_its_line() {
    let f = Fixture::with_config("title: T\nlanguages: [en, Deutsch, en]\n");
    let stderr = f.build().assert_fails();
    assert!(stderr.contains("handbook.yaml:2"), "{stderr}");
    assert!(
        stderr.contains("`Deutsch` is not a language code"),
        "{stderr}"
    );
    assert!(stderr.contains("`en` is named twice"), "{stderr}");
}

#[test]
#[cfg_attr(
    not(checker_vnu),
    ignore = "needs the Nu HTML Checker and Java: run .ci/install-checkers"
)]
fn every_language_is_valid_html_for_the_nu_checker() {
    let f = three_languages();
    f.build().assert_ok();
    let jar = crate::checkers::vnu_jar().expect("the Nu HTML Checker's jar");
    let result = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(f.out())
        .output()
        .expect("run java");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
#[cfg_attr(
    not(checker_browser),
    ignore = "needs headless Chromium, playwright-core, axe-core, lighthouse and pdftotext: run .ci/install-checkers"
)]
fn each_languages_search_finds_its_own_pages_in_chromium_and_axe_finds_nothing() {
    let _turn = crate::browser::browser_tools().expect("the browser tools");
    let f = three_languages();
    f.build().assert_ok();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/languages.mjs");
    let run = std::process::Command::new("node")
        .arg(script)
        .arg(f.out())
        .args(["/hb/", "=stewardship", "de=Grundregeln", "ar=الإشراف"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(seen["default"]["results"][0], "/hb/faq/", "{seen}");
    assert_eq!(seen["de"]["results"][0], "/hb/de/ground-rules/", "{seen}");
    assert_eq!(seen["de"]["lang"], "de");
    let status = seen["de"]["status"].as_str().unwrap_or_default();
    assert!(
        status.contains("Treffer für „Grundregeln“"),
        "the script's words in German: {status}"
    );
    assert_eq!(seen["ar"]["results"][0], "/hb/ar/purpose/", "{seen}");
    assert_eq!(seen["ar"]["dir"], "rtl");
    let (ok, report) = crate::browser::check(&f.out(), "/hb/", None);
    assert!(ok, "{report}");
}

#[test]
fn the_status_page_marks_a_translation_older_than_its_source_by_git() {
    let f = three_languages();
    commit_all(&f, "2026-10-01", "Three languages");
    // The English purpose changes after both its translations; the German ground rules are
    // brought up to date after the English ones change.
    f.write("content/purpose.md", "---\ntitle: Purpose\nfor: public servants\nwho: publish open data\nto: publish data people can trust, and say how\n---\nWhy we exist, again.\n");
    f.write("content/ground-rules.md", "---\ntitle: Ground rules\nrules:\n  - title: Assume good intent\n    detail: Ask first.\nreporting:\n  how: Write to the facilitator.\n---\n");
    commit_all(&f, "2026-10-05", "Say how");
    f.write("content/de/ground-rules.md", "---\ntitle: Grundregeln\nrules:\n  - title: Guten Willen annehmen\n    detail: Erst fragen.\nreporting:\n  how: Schreib der Moderation.\n---\n");
    commit_all(&f, "2026-10-06", "Grundregeln nachgezogen");
    f.build().assert_ok();
    assert_eq!(status_of(&f, "purpose.md", 0), "source");
    assert_eq!(status_of(&f, "purpose.md", 1), "outdated", "German purpose");
    assert_eq!(status_of(&f, "purpose.md", 2), "outdated", "Arabic purpose");
    assert_eq!(
        status_of(&f, "ground-rules.md", 1),
        "current",
        "German ground rules"
    );
    assert_eq!(
        status_of(&f, "ground-rules.md", 2),
        "missing",
        "no Arabic ground rules"
    );
    assert_eq!(status_of(&f, "faq.md", 1), "missing");
    let text = f.read("translation-status/index.html");
    assert!(
        text.contains("Deutsch: 1 missing, 1 older than their source"),
        "{text}"
    );
    assert!(
        !f.out().join("de/translation-status").exists(),
        "one status page, the default language's"
    );
}

#[test]
fn the_themes_own_words_are_in_each_language_and_theme_check_names_a_missing_key() {
    let f = three_languages();
    f.build().assert_ok();
    let out = f.out();
    let de = html(&out, "de/index.html");
    assert_eq!(select(&de, ".skip-link"), ["Zum Inhalt springen"]);
    assert_eq!(attrs(&de, "#site-search-q", "placeholder"), ["Suche"]);
    assert_eq!(select(&de, "#next-events"), ["Nächste Termine"]);
    let ar = html(&out, "ar/index.html");
    assert_eq!(select(&ar, ".skip-link"), ["انتقل إلى المحتوى"]);
    let en = html(&out, "index.html");
    assert_eq!(select(&en, ".skip-link"), ["Skip to content"]);
    // A theme's language file that lacks keys is named by theme check, with the keys.
    let theme = f.site().join("themes/ours");
    f.write(
        "themes/ours/theme.yaml",
        "name: ours\nversion: 1.0.0\nextends: default\n",
    );
    f.write("themes/ours/i18n/de.yaml", "next: \"Weiter\"\n");
    let check = handbook()
        .args(["theme", "check"])
        .arg(&theme)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stderr).to_string()
        + &String::from_utf8_lossy(&check.stdout);
    assert!(!check.status.success(), "{text}");
    assert!(text.contains("themes/ours/i18n/de.yaml"), "{text}");
    assert!(text.contains("skip_to_content"), "{text}");
}

#[test]
fn cadences_and_dates_are_written_in_each_language_on_pages_and_in_feeds() {
    let f = three_languages();
    f.write("content/ar/events/monthly-call.md", "---\ntitle: الاجتماع الشهري\nstart: 2026-12-03T18:00\nduration: 1h\nonline: https://meet.example.org/stewards\nrecurrence:\n  every: month\n  on: first Thursday\n---\nساعة على الإنترنت.\n");
    f.build().assert_ok();
    let out = f.out();
    let how_often = |rel: &str| {
        let page = html(&out, rel);
        let facts = select(&page, ".facts dd");
        assert!(facts.len() > 1, "{rel}: {facts:?}");
        facts.join(" | ")
    };
    let en = how_often("events/monthly-call/index.html");
    assert!(en.contains("Monthly on the first Thursday"), "{en}");
    assert!(en.contains("Thursday 3 December 2026"), "{en}");
    let de = how_often("de/events/monthly-call/index.html");
    assert!(de.contains("Monatlich am ersten Donnerstag"), "{de}");
    assert!(de.contains("Donnerstag, 3. Dezember 2026"), "{de}");
    assert!(!de.contains("Monthly"), "{de}");
    let ar = how_often("ar/events/monthly-call/index.html");
    assert!(ar.contains("شهريًا في أول خميس من الشهر"), "{ar}");
    // The feed's summary of the event gives its date in the feed's language.
    let feed = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    assert!(feed("de/feed.xml").contains("Donnerstag, 3. Dezember 2026, 18:00"));
    assert!(feed("feed.xml").contains("Thursday 3 December 2026, 18:00"));
    assert!(feed("ar/feed.xml").contains("الخميس، 3 ديسمبر 2026، 18:00"));
    // The events script is told the words for "your time" in the page's language.
    let head = html(&out, "de/index.html");
    assert_eq!(
        attrs(&head, "script[data-your-time]", "data-your-time"),
        ["deine Zeit: {t}"]
    );
}

#[test]
fn outside_git_handbook_translated_marks_a_translation_and_a_later_source_change_shows() {
    let f = three_languages();
    f.build().assert_ok();
    assert_eq!(
        status_of(&f, "purpose.md", 1),
        "unknown",
        "no dates and no mark yet"
    );
    let file = f.site().join("content/de/purpose.md");
    let run = handbook()
        .arg("translated")
        .arg(&file)
        .arg("--site")
        .arg(f.site())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\nsource_hash: "), "{text}");
    assert!(
        text.ends_with("---\nWarum es uns gibt.\n"),
        "the body is untouched: {text}"
    );
    f.build().assert_ok();
    assert_eq!(status_of(&f, "purpose.md", 1), "current");
    f.write("content/purpose.md", "---\ntitle: Purpose\nfor: public servants\nwho: publish open data\nto: publish data people can trust\n---\nWhy we exist, said again.\n");
    f.build().assert_ok();
    assert_eq!(status_of(&f, "purpose.md", 1), "outdated");
    // An English page is no translation: refused, nothing written.
    let english = f.site().join("content/faq.md");
    let before = std::fs::read_to_string(&english).unwrap();
    let run = handbook()
        .arg("translated")
        .arg(&english)
        .arg("--site")
        .arg(f.site())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("not a translation"));
    assert_eq!(std::fs::read_to_string(&english).unwrap(), before);
}

#[test]
fn a_relative_build_links_every_language_from_disk() {
    let f = three_languages();
    f.build_with(&["--relative"]).assert_ok();
    let out = f.out();
    let mut broken = Vec::new();
    let mut count = 0;
    for page in walk(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let doc = Html::parse_document(&std::fs::read_to_string(&page).unwrap());
        for href in attrs(&doc, "a[href], link[rel=stylesheet]", "href") {
            if href.contains(':')
                || href.starts_with('#')
                || href.starts_with('/') && href.starts_with("//")
            {
                continue;
            }
            assert!(
                !href.starts_with('/'),
                "{}: an absolute address left: {href}",
                page.display()
            );
            let target = page.parent().unwrap().join(href.split('#').next().unwrap());
            count += 1;
            if !target.is_file() {
                broken.push(format!("{} -> {href}", page.display()));
            }
        }
    }
    assert!(count > 100, "{count} links checked");
    assert_eq!(broken, Vec::<String>::new());
    // The German page's switcher leads to the English and Arabic pages on disk.
    let de = html(&out, "de/purpose/index.html");
    assert_eq!(
        attrs(&de, "nav.languages a", "href"),
        [
            "../../purpose/index.html",
            "../../de/purpose/index.html",
            "../../ar/purpose/index.html"
        ]
    );
}

#[test]
fn the_preview_serves_every_language_and_a_saved_translation() {
    let f = three_languages();
    let preview = crate::serve::Preview::start(&f.site(), &[]);
    let (status, body) = preview.get(&format!("{}de/purpose/", preview.base));
    assert_eq!(status, 200);
    assert!(
        body.contains("<h1>Zweck</h1>") && body.contains("lang=\"de\""),
        "{body}"
    );
    let (status, body) = preview.get(&format!("{}ar/", preview.base));
    assert_eq!(status, 200);
    assert!(body.contains("dir=\"rtl\""));
    f.write("content/de/purpose.md", "---\ntitle: Unser Zweck\nfor: Beschäftigte\nwho: offene Daten veröffentlichen\nto: Daten veröffentlichen\n---\nNeu.\n");
    preview.sentinel(&f.site(), "sentinel");
    let (_, body) = preview.get(&format!("{}de/purpose/", preview.base));
    assert!(body.contains("<h1>Unser Zweck</h1>"), "{body}");
}

#[test]
fn a_translation_moved_in_git_keeps_its_old_address_in_its_language() {
    let f = three_languages();
    commit_all(&f, "2026-10-01", "Start");
    let (root, who) = (f.dir.path(), ("Ada", "ada@example.org"));
    let (from, to) = (
        "site/content/de/events/monthly-call.md",
        "site/content/de/events/treffen.md",
    );
    git(root, who, "2026-10-02T10:00:00+00:00", &["mv", from, to]);
    commit_all(&f, "2026-10-02", "Umbenannt");
    f.build().assert_ok();
    let out = f.out();
    let old = std::fs::read_to_string(out.join("de/events/monthly-call/index.html")).unwrap();
    assert!(
        old.contains("http-equiv=\"refresh\"") && old.contains("/hb/de/events/treffen/"),
        "{old}"
    );
    assert!(!out.join("de/de").exists(), "not under the language twice");
}

#[test]
fn a_page_or_old_address_that_takes_a_languages_place_is_an_error() {
    let f = three_languages();
    f.write(
        "content/deutsch.md",
        "---\ntitle: Deutsch\nslug: de\n---\nText.\n",
    );
    f.write(
        "content/faq.md",
        "---\ntitle: Questions\naliases: [/ar/faq/]\n---\nAnswers.\n",
    );
    let stderr = f.build().assert_fails();
    assert!(stderr.contains("content/deutsch.md"), "{stderr}");
    assert!(
        stderr.contains("the URL `/de/` is the Deutsch handbook's"),
        "{stderr}"
    );
    assert!(stderr.contains("content/faq.md:3"), "{stderr}");
    assert!(
        stderr.contains("`/ar/faq/` is the العربية handbook's"),
        "{stderr}"
    );
    assert!(!f.out().exists());
}
