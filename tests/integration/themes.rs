//! Themes: shared theme folders, overrides of one partial or one block, chains of `extends`,
//! options, broken themes, the sandbox, `handbook theme check`, and the contract itself
//! (docs/themes.md), kept true by a theme that dumps its context.

use crate::fixture::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn two_sites_share_one_theme_folder_outside_both() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared-themes/county");
    write(
        &shared.join("theme.yaml"),
        "name: county\nversion: 1.0.0\nextends: default\n",
    );
    write(
        &shared.join("templates/partials/footer.html"),
        "<footer class=\"county\">County network: {{ site.title }}</footer>\n",
    );
    write(&shared.join("static/county.css"), "body { color: #111; }\n");
    for group in ["north", "south"] {
        let site = dir.path().join(group);
        write(
            &site.join("handbook.yaml"),
            &format!("title: {group}\ntheme: ../shared-themes/county\n"),
        );
        write(&site.join("content/index.md"), "---\ntitle: Home\n---\n");
        let status = handbook()
            .args(["build", "-q"])
            .arg(&site)
            .status()
            .unwrap();
        assert!(status.success());
        let html = scraper::Html::parse_document(
            &std::fs::read_to_string(site.join("public/index.html")).unwrap(),
        );
        assert_eq!(
            select(&html, "footer.county"),
            [format!("County network: {group}")]
        );
        assert!(site.join("public/county.css").is_file());
    }
}

#[test]
fn a_site_overrides_one_block_without_copying_a_page_template() {
    let f = Fixture::new();
    f.write(
        "templates/base.html",
        "{% extends \"default/base.html\" %}{% block styles %}<link rel=\"stylesheet\" href=\"{{ site.base_path }}extra.css\">{% endblock styles %}",
    )
    .write("static/extra.css", "h1 { color: teal; }\n");
    f.build().assert_ok();
    let home = f.html("index.html");
    assert_eq!(
        attrs(&home, "link[rel=stylesheet]", "href"),
        ["/style.css", "/extra.css"]
    );
    assert_eq!(
        select(&home, "h1"),
        ["Home"],
        "the page template is still the theme's"
    );
}

#[test]
fn a_three_level_chain_resolves_each_template_from_the_nearest_theme() {
    let f = Fixture::with_config("title: T\ntheme: top\ntheme_options:\n  greeting: Hello\n");
    f.write("themes/top/theme.yaml", "name: top\nversion: 1.0.0\nextends: middle\noptions:\n  greeting:\n    type: string\n    default: Hi\n    description: Said in the footer.\n")
        .write("themes/top/templates/partials/footer.html", "<footer>{{ theme.options.greeting }} from {{ theme.chain | join(sep=\">\") }}</footer>")
        .write("themes/middle/theme.yaml", "name: middle\nversion: 1.0.0\nextends: default\n")
        .write("themes/middle/templates/page.html", "{% extends \"default/page.html\" %}{% block after_content %}<p class=\"middle\">middle</p>{% endblock after_content %}")
        .write("themes/middle/static/style.css", "/* middle's style */\n")
        .write("content/about.md", "---\ntitle: About\n---\n");
    f.build().assert_ok();
    let page = f.html("about/index.html");
    assert_eq!(select(&page, "footer"), ["Hello from top>middle>default"]);
    assert_eq!(select(&page, ".middle"), ["middle"]);
    assert_eq!(
        f.read("style.css"),
        "/* middle's style */\n",
        "the nearest theme's static file wins"
    );
}

#[test]
fn options_change_the_output() {
    let f = Fixture::with_config(
        "title: T\ntheme_options:\n  accent_color: \"#7a1f5c\"\n  footer_text: Supported by the County Council\n  home_sections: [roles]\n",
    );
    f.write(
        "content/roles/lead.md",
        "---\ntitle: Lead\nholders: []\n---\n",
    )
    .write(
        "content/events/e.md",
        "---\ntitle: Call\nstart: 2026-12-01T10:00\nonline: https://x.org\n---\n",
    );
    f.build().assert_ok();
    let home = f.read("index.html");
    assert!(home.contains("--accent: #7a1f5c"), "accent colour applied");
    let home = scraper::Html::parse_document(&home);
    assert_eq!(
        select(&home, "footer p")[0],
        "Supported by the County Council"
    );
    assert!(
        select(&home, "#next-events").is_empty(),
        "only the roles section is on"
    );
    assert_eq!(select(&home, "#roles-glance"), ["Who does what"]);
    let plain = Fixture::new();
    plain.build().assert_ok();
    assert!(
        !plain.read("index.html").contains("--accent: #"),
        "no override by default"
    );
}

#[test]
fn the_harbour_theme_extends_default_with_another_look() {
    let f = Fixture::with_config(
        "title: T\ndescription: D\ntheme: harbour\ntheme_options:\n  tagline: Together\n",
    );
    f.build().assert_ok();
    let home = f.html("index.html");
    assert_eq!(select(&home, ".harbour-tagline"), ["Together"]);
    assert_eq!(
        attrs(&home, "link[rel=stylesheet]", "href"),
        ["/style.css", "/harbour.css"]
    );
    assert!(f.out().join("harbour.css").is_file());
}

fn fails(f: &Fixture) -> String {
    f.build().assert_fails()
}

#[test]
fn bad_options_are_errors_with_suggestions() {
    let f = Fixture::with_config(
        "title: T\ntheme_options:\n  acent_color: \"#000\"\n  show_edit_link: maybe\n  accent_color: red\n",
    );
    let err = fails(&f);
    assert!(err.contains("handbook.yaml:3:3: error in `theme_options.acent_color`: the theme `default` has no option `acent_color`"), "{err}");
    assert!(err.contains("did you mean `accent_color`?"), "{err}");
    assert!(err.contains("handbook.yaml:4:19: error in `theme_options.show_edit_link`: `show_edit_link` must be a bool, found text"), "{err}");
    assert!(err.contains("handbook.yaml:5:17: error in `theme_options.accent_color`: `accent_color` must be a color"), "{err}");
}

#[test]
fn a_theme_without_a_template_is_refused() {
    let f = Fixture::with_config("title: T\ntheme: bare\n");
    f.write("themes/bare/theme.yaml", "name: bare\nversion: 1.0.0\n")
        .write("themes/bare/templates/page.html", "x");
    let err = fails(&f);
    assert!(err.contains("the theme has no `index.html`"), "{err}");
    assert!(err.contains("`extends: default`"), "{err}");
}

#[test]
fn a_cycle_of_extends_is_an_error() {
    let f = Fixture::with_config("title: T\ntheme: a\n");
    f.write(
        "themes/a/theme.yaml",
        "name: a\nversion: 1.0.0\nextends: b\n",
    )
    .write(
        "themes/b/theme.yaml",
        "name: b\nversion: 1.0.0\nextends: a\n",
    );
    let err = fails(&f);
    assert!(err.contains("themes/b/theme.yaml:3:10: error in `extends`: the themes extend each other in a circle: a -> b -> a"), "{err}");
}

#[test]
fn a_version_mismatch_says_which() {
    let f = Fixture::with_config("title: T\ntheme: future\n");
    f.write(
        "themes/future/theme.yaml",
        "name: future\nversion: 3.0.0\nextends: default\nhandbook: \">=9.0\"\n",
    );
    let err = fails(&f);
    assert!(err.contains("themes/future/theme.yaml:4:11: error in `handbook`: the theme `future` supports handbook >=9.0, but this is handbook 0.1.0"), "{err}");
}

#[test]
fn a_symlink_out_of_the_theme_is_refused() {
    let f = Fixture::with_config("title: T\ntheme: sneaky\n");
    f.write(
        "themes/sneaky/theme.yaml",
        "name: sneaky\nversion: 1.0.0\nextends: default\n",
    )
    .write("secret.txt", "do not publish");
    std::fs::create_dir_all(f.site().join("themes/sneaky/static")).unwrap();
    std::os::unix::fs::symlink(
        f.site().join("secret.txt"),
        f.site().join("themes/sneaky/static/leak.txt"),
    )
    .unwrap();
    let err = fails(&f);
    assert!(
        err.contains(
            "themes/sneaky/static/leak.txt: error: this symbolic link leads out of the theme"
        ),
        "{err}"
    );
    assert!(!f.out().exists());
}

#[test]
fn unknown_themes_and_broken_theme_yaml_are_reported() {
    let f = Fixture::with_config("title: T\ntheme: harbor\n");
    let err = fails(&f);
    assert!(
        err.contains(
            "handbook.yaml:2:8: error in `theme`: no theme called `harbor`; did you mean `harbour`?"
        ),
        "{err}"
    );
    let f = Fixture::with_config("title: T\ntheme: x\n");
    f.write(
        "themes/x/theme.yaml",
        "name: x\nversion: 1\nextend: default\n",
    );
    let err = fails(&f);
    assert!(
        err.contains(
            "themes/x/theme.yaml:3:1: error in `extend`: unknown field `extend` in theme.yaml"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `extends`?"), "{err}");
}

#[test]
fn templates_cannot_read_the_environment() {
    let f = Fixture::new();
    f.write(
        "templates/partials/footer.html",
        "<footer>{{ get_env(name=\"HOME\") }}</footer>",
    );
    let err = fails(&f);
    assert!(err.contains("templates/partials/footer.html:1:"), "{err}");
    assert!(err.to_lowercase().contains("get_env"), "{err}");
}

#[test]
fn theme_check_passes_good_themes_and_fails_broken_ones() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for theme in ["themes/default", "themes/harbour"] {
        let out = handbook()
            .args(["theme", "check"])
            .arg(root.join(theme))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{theme}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("fulfils the theme contract"));
    }
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("theme.yaml"),
        "name: broken\nversion: 1.0.0\nextends: default\n",
    );
    write(
        &dir.path().join("templates/role.html"),
        "{% extends \"base.html\" %}{% block main %}{{ page.role.holders | nosuch }}{% endblock main %}",
    );
    let out = handbook()
        .args(["theme", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("templates/role.html") && text.contains("nosuch"),
        "{text}"
    );
}

/// Every path of a JSON value, with the types found there: `page.event.date: string`.
fn shape(
    value: &serde_json::Value,
    path: String,
    out: &mut BTreeMap<String, BTreeSet<&'static str>>,
) {
    let kind = match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "list",
        serde_json::Value::Object(_) => "map",
    };
    out.entry(path.clone()).or_default().insert(kind);
    match value {
        serde_json::Value::Array(items) => items
            .iter()
            .for_each(|i| shape(i, format!("{path}[]"), out)),
        // Free data (`extra`, option values) has whatever shape its author gives it.
        serde_json::Value::Object(map)
            if !path.ends_with(".extra") && !path.ends_with(".options") =>
        {
            for (k, v) in map {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                shape(v, child, out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_theme_contract_matches_its_documentation() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = handbook()
        .args([
            "build",
            "-q",
            "--base-url",
            "https://org.github.io/our-group/",
            "--theme",
        ])
        .arg(root.join("tests/fixtures/dump-theme"))
        .arg("--output")
        .arg(&out)
        .arg(example_site())
        .status()
        .unwrap();
    assert!(status.success());
    let mut by_template: BTreeMap<String, BTreeMap<String, BTreeSet<&'static str>>> =
        BTreeMap::new();
    for file in walk(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let text = std::fs::read_to_string(&file).unwrap();
        // Old addresses (`aliases:`) are redirects handbook writes, not the theme.
        if text.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let json: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let kind = json["page"]["kind"].as_str().unwrap_or("?").to_string();
        shape(&json, String::new(), by_template.entry(kind).or_default());
    }
    let mut snapshot = String::new();
    for (kind, paths) in &by_template {
        snapshot.push_str(&format!("## {kind}\n"));
        for (path, kinds) in paths {
            snapshot.push_str(&format!(
                "{path}: {}\n",
                kinds.iter().copied().collect::<Vec<_>>().join(" | ")
            ));
        }
    }
    let file = root.join("src/view/contract_fields.txt");
    if std::env::var("HANDBOOK_UPDATE_SNAPSHOTS").is_ok() {
        write(&file, &snapshot);
    }
    let expected = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        snapshot == expected,
        "the context templates receive has changed; update docs/themes.md, then run with HANDBOOK_UPDATE_SNAPSHOTS=1"
    );
    // Every field name templates receive is documented.
    let docs = std::fs::read_to_string(root.join("docs/themes.md")).unwrap();
    let mut undocumented = BTreeSet::new();
    for paths in by_template.values() {
        for path in paths.keys().filter(|p| !p.is_empty()) {
            let last = path.rsplit('.').next().unwrap().trim_end_matches("[]");
            let word = |w: &str| {
                docs.contains(&format!("`{w}`"))
                    || docs.contains(&format!("`{w}:"))
                    || docs.contains(&format!("{{{w},"))
                    || docs.contains(&format!(", {w},"))
                    || docs.contains(&format!(", {w}}}"))
                    || docs.contains(&format!("{{{w}}}"))
                    || docs.contains(&format!(" {w}:"))
                    || docs.contains(&format!("{{{w}:"))
            };
            if !word(last) {
                undocumented.insert(path.clone());
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "not in docs/themes.md: {undocumented:#?}"
    );
}

/// Theme authors get one message per mistake too (issue 17): a template linked out of the
/// theme (no false "has no theme.yaml"), a sibling theme named in `extends:` found by
/// `theme check`, an error in a partial naming the page being rendered, and an `extends`
/// that leaves the theme at its file and line.
#[test]
fn theme_mistakes_give_one_message_at_the_place() {
    let f = Fixture::with_config("title: T\ntheme: alpha\n");
    f.write(
        "themes/alpha/theme.yaml",
        "name: alpha\nversion: 1.0.0\nextends: beta\n",
    )
    .write(
        "themes/beta/theme.yaml",
        "name: beta\nversion: 1.0.0\nextends: default\n",
    );
    let outside = f.dir.path().join("outside.html");
    std::fs::write(&outside, "secret").unwrap();
    std::fs::create_dir_all(f.site().join("themes/alpha/templates")).unwrap();
    std::os::unix::fs::symlink(&outside, f.site().join("themes/alpha/templates/page.html"))
        .unwrap();
    let err = f.build().assert_fails();
    assert!(
        err.contains("this symbolic link leads out of the theme"),
        "{err}"
    );
    assert!(!err.contains("has no theme.yaml"), "{err}");
    assert!(err.contains("failed with 1 error(s)"), "{err}");
    std::fs::remove_file(f.site().join("themes/alpha/templates/page.html")).unwrap();

    let check = handbook()
        .args(["theme", "check"])
        .arg(f.site().join("themes/alpha"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    f.write(
        "templates/partials/footer.html",
        "<footer>{{ page.title / 2 }}</footer>\n",
    );
    let err = f.build().assert_fails();
    assert!(
        err.contains("templates/partials/footer.html:1:12: error"),
        "{err}"
    );
    assert!(
        err.contains("hint: while rendering the page from content/"),
        "{err}"
    );
    std::fs::remove_file(f.site().join("templates/partials/footer.html")).unwrap();

    f.write(
        "templates/page.html",
        "\n{% extends \"../../../outside.html\" %}\n",
    );
    let err = f.build().assert_fails();
    assert!(
        err.contains("templates/page.html:2:4: error: `page.html` extends `../../../outside.html`, which is not a template of the theme chain"),
        "{err}"
    );
}

/// `theme check` says a template's error once (it printed get_env's and a bad include's
/// twice, once per part of the render).
#[test]
fn theme_check_says_each_template_error_once() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("tt");
    std::fs::create_dir_all(theme.join("templates/partials")).unwrap();
    std::fs::write(
        theme.join("theme.yaml"),
        "name: tt\nversion: 1.0.0\nextends: default\n",
    )
    .unwrap();
    std::fs::write(
        theme.join("templates/partials/footer.html"),
        "<footer>{{ get_env(name=\"HOME\") }}{% include \"nope.html\" %}</footer>\n",
    )
    .unwrap();
    let out = handbook()
        .args(["theme", "check"])
        .arg(&theme)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        said.matches("Unknown function `get_env`").count(),
        1,
        "{said}"
    );
    assert_eq!(
        said.matches("Unknown template `nope.html`").count(),
        1,
        "{said}"
    );
    assert!(said.contains("2 error(s)"), "{said}");
}
