//! The shape of `src/`, checked: the folders are the pipeline's stages, and a module may use
//! only its own stage and the stages before it, with no loops between the files of a stage.
//! `base/` comes first, so it is the leaf: it uses nothing of ours outside itself. Files stay readable in one
//! sitting (about 600 lines) and functions on about one screen (80 lines), tables aside.
//!
//! The rules read the source as text (`crate::stage::module` paths and `super::module`), which
//! is how the code is written here; each rule is tried on a made-up tree that breaks it.

use crate::fixture::walk;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages in pipeline order: each may use those before it.
const STAGES: &[&str] = &[
    "base", "source", "model", "check", "view", "theme", "render", "output", "pipeline", "preview",
    "cli",
];

const MAX_FILE_LINES: usize = 620;
const MAX_FN_LINES: usize = 80;

/// One source file: its path below `src/` and its text without the unit tests.
struct File {
    rel: String,
    code: String,
}

fn read_tree(root: &Path) -> Vec<File> {
    walk(root)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            File {
                rel,
                code: without_tests(&text),
            }
        })
        .collect()
}

/// The text before the file's `#[cfg(test)] mod tests`: tests may reach anywhere.
fn without_tests(text: &str) -> String {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text.to_string(),
    }
}

/// The stage of a file (`model/site.rs` -> `model`), `None` for `lib.rs` and `main.rs`.
fn stage_of(rel: &str) -> Option<&str> {
    rel.split_once('/').map(|(stage, _)| stage)
}

/// The module a file is within its stage: `model/site.rs` -> `site`, `model/mod.rs` -> `mod`
/// (the stage itself), `cli/import/mod.rs` -> `import`, `cli/import/front.rs` ->
/// `import/front`.
fn module_of(rel: &str) -> String {
    let inside = rel.split_once('/').map_or(rel, |(_, rest)| rest);
    let inside = inside.strip_suffix(".rs").unwrap_or(inside);
    match inside.strip_suffix("/mod") {
        Some(folder) => folder.to_string(),
        None => inside.to_string(),
    }
}

/// The module above `module` within its stage: `import/front` -> `import`, `site` -> `mod`.
fn parent_of(module: &str) -> Option<&str> {
    match module.rsplit_once('/') {
        Some((parent, _)) => Some(parent),
        None if module == "mod" => None,
        None => Some("mod"),
    }
}

/// `name` below `parent`: `mod` + `site` -> `site`, `import` + `front` -> `import/front`.
fn child(parent: &str, name: &str) -> String {
    if parent == "mod" {
        name.to_string()
    } else {
        format!("{parent}/{name}")
    }
}

/// Every `crate::a::b` path in the code as (a, b), with `crate::{a, b}` groups opened up and
/// `b` empty when the path stops at `a`.
fn crate_paths(code: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let mut parts = item.trim().split("::");
                let first = parts.next().unwrap_or("").trim();
                let second = parts.next().unwrap_or("").trim();
                found.push((ident(first), ident(second)));
            }
            continue;
        }
        let first = ident(rest);
        let after = &rest[first.len()..];
        let second = after.strip_prefix("::").map(ident).unwrap_or_default();
        found.push((first, second));
    }
    found
}

fn ident(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The problems with a tree: upward imports, imports out of `base`, loops within a stage.
fn problems(files: &[File]) -> Vec<String> {
    let rank = |stage: &str| STAGES.iter().position(|s| *s == stage);
    let mut found = Vec::new();
    // Within each stage: module -> modules of the same stage it uses.
    let mut edges: BTreeMap<(&str, String), BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(stage) = stage_of(&file.rel) else {
            continue;
        };
        let Some(own) = rank(stage) else {
            found.push(format!(
                "{}: `{stage}` is not a stage of the pipeline",
                file.rel
            ));
            continue;
        };
        let module = module_of(&file.rel);
        let modules: BTreeSet<String> = files
            .iter()
            .filter(|f| stage_of(&f.rel) == Some(stage))
            .map(|f| module_of(&f.rel))
            .collect();
        let uses = edges.entry((stage, module.clone())).or_default();
        for (first, second) in crate_paths(&file.code) {
            match rank(&first) {
                Some(r) if r > own => found.push(format!(
                    "{}: uses `crate::{first}`, a later stage than `{stage}`",
                    file.rel
                )),
                Some(_) if first == stage => {
                    let target = if modules.contains(&second) {
                        second
                    } else {
                        "mod".into()
                    };
                    if target != module {
                        uses.insert(target);
                    }
                }
                Some(_) => {}
                None => found.push(format!("{}: `crate::{first}` is not a stage", file.rel)),
            }
        }
        // A parent uses its children by their bare names: `event::EventView`.
        for child in modules
            .iter()
            .filter(|m| parent_of(m) == Some(module.as_str()))
        {
            let name = child.rsplit('/').next().unwrap_or(child);
            let used = file
                .code
                .match_indices(&format!("{name}::"))
                .any(|(at, _)| {
                    let before = file.code[..at].chars().next_back();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
                });
            if used {
                uses.insert(child.clone());
            }
        }
        let Some(parent) = parent_of(&module) else {
            continue;
        };
        for (at, _) in file.code.match_indices("super::") {
            let rest = &file.code[at + "super::".len()..];
            // `super::{a, b::C}` names several at once.
            let names: Vec<String> = match rest.strip_prefix('{') {
                Some(group) => group[..group.find('}').unwrap_or(group.len())]
                    .split(',')
                    .map(|item| ident(item.trim()))
                    .collect(),
                None => vec![ident(rest)],
            };
            for name in names {
                let sibling = child(parent, &name);
                if modules.contains(&sibling) && sibling != module {
                    uses.insert(sibling);
                } else {
                    // An item of the parent module.
                    uses.insert(parent.to_string());
                }
            }
        }
    }
    found.extend(loops(&edges));
    found
}

/// Loops among the files of one stage, each said once by the files on it. A parent module
/// declaring its children is not a use; a child using its parent's items and the parent
/// using the child is a loop like any other.
fn loops(edges: &BTreeMap<(&str, String), BTreeSet<String>>) -> Vec<String> {
    let mut found = BTreeSet::new();
    for (stage, start) in edges.keys() {
        let (stage, start) = (*stage, start.as_str());
        // Depth-first from `start`, looking for a way back to it.
        let mut stack = vec![(start.to_string(), vec![start.to_string()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in edges.get(&(stage, node.clone())).into_iter().flatten() {
                if next == start {
                    let mut ring = path.clone();
                    let first = ring.iter().min().unwrap().clone();
                    let turn = ring.iter().position(|m| *m == first).unwrap();
                    ring.rotate_left(turn);
                    found.insert(format!(
                        "{stage}/: import loop {} -> {}",
                        ring.join(" -> "),
                        ring[0]
                    ));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found.into_iter().collect()
}

/// Files over the line limit and functions over theirs, as "file:line name (n lines)".
fn long_ones(files: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, text) in files {
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() > MAX_FILE_LINES {
            found.push(format!("{rel}: {} lines", lines.len()));
        }
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let signature = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "async fn ",
                "pub async fn ",
            ]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p));
            let Some(signature) = signature else { continue };
            let closing = format!("{}}}", " ".repeat(indent));
            let Some(length) = lines[i..]
                .iter()
                .position(|l| l.starts_with(&closing) && !l[indent..].starts_with("} else"))
            else {
                continue;
            };
            if length + 1 > MAX_FN_LINES {
                found.push(format!(
                    "{rel}:{} {} ({} lines)",
                    i + 1,
                    ident(signature),
                    length + 1
                ));
            }
        }
    }
    found
}

#[test]
fn imports_run_down_the_pipeline_without_loops() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = read_tree(&root);
    assert!(files.len() > 40, "the tree was read: {} files", files.len());
    let found = problems(&files);
    assert!(
        found.is_empty(),
        "the layering is broken:\n{}",
        found.join("\n")
    );
}

#[test]
fn files_and_functions_fit_a_sitting() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: Vec<(String, String)> = read_tree(&root)
        .into_iter()
        .map(|f| {
            let full = std::fs::read_to_string(root.join(&f.rel)).unwrap();
            (f.rel, full)
        })
        .collect();
    let found = long_ones(&files);
    assert!(
        found.is_empty(),
        "too long to read in one go:\n{}",
        found.join("\n")
    );
}

fn tree(files: &[(&str, &str)]) -> Vec<File> {
    files
        .iter()
        .map(|(rel, code)| File {
            rel: rel.to_string(),
            code: without_tests(code),
        })
        .collect()
}

#[test]
fn the_layering_rules_catch_what_they_are_for() {
    // Each made-up tree breaks one rule, and the rule says so.
    let upward = tree(&[
        ("model/mod.rs", "use crate::render::Thing;"),
        ("render/mod.rs", "use crate::model::Site;"),
    ]);
    let said = problems(&upward);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains("model/mod.rs: uses `crate::render`"),
        "{said:?}"
    );

    let grouped = tree(&[("source/mod.rs", "use crate::{base, preview};")]);
    assert!(
        problems(&grouped)
            .iter()
            .any(|p| p.contains("crate::preview"))
    );

    let leaf = tree(&[("base/key.rs", "fn f(_: crate::source::Stamp) {}")]);
    assert!(problems(&leaf)[0].contains("base/key.rs: uses `crate::source`"));

    let ring = tree(&[
        ("model/a.rs", "use crate::model::b::X;"),
        ("model/b.rs", "use super::{c::Y, c};"),
        ("model/c.rs", "fn f() { crate::model::a::z() }"),
        ("model/mod.rs", "pub mod a; pub mod b; pub mod c;"),
    ]);
    assert_eq!(problems(&ring), ["model/: import loop a -> b -> c -> a"]);

    let parent = tree(&[
        (
            "view/mod.rs",
            "use event::EventView; fn f() { crate::view::event::g() }",
        ),
        ("view/event.rs", "use super::{Link, url};"),
    ]);
    assert_eq!(
        problems(&parent),
        ["view/: import loop event -> mod -> event"]
    );

    // A folder module: its children use it and it uses them by their bare names.
    let nested = tree(&[
        ("cli/mod.rs", "mod import; fn f() { import::run() }"),
        ("cli/import/mod.rs", "mod front; use front::split;"),
        ("cli/import/front.rs", "use super::Page;"),
        ("cli/args.rs", "use crate::cli::import::Tool;"),
    ]);
    assert_eq!(
        problems(&nested),
        ["cli/: import loop import -> import/front -> import"]
    );

    // Tests may use anything, and a tree that keeps the rules passes.
    let fine = tree(&[
        (
            "render/mod.rs",
            "use crate::model::Site;\n#[cfg(test)]\nmod tests { use crate::cli::run; }",
        ),
        (
            "model/mod.rs",
            "use crate::source::SourceFile; use crate::base::key::Key;",
        ),
    ]);
    assert_eq!(problems(&fine), Vec::<String>::new());

    let long = format!(
        "fn short() {{\n}}\n\nfn long() {{\n{}}}\n",
        "    x();\n".repeat(90)
    );
    let said = long_ones(&[("model/a.rs".into(), long)]);
    assert_eq!(said, ["model/a.rs:4 long (92 lines)"]);
}
