//! Reading one file: front matter split off and parsed, its kind decided, every field read
//! into its typed struct, each problem with its line, column and field. Files are read in
//! parallel, each on its own; nothing here knows of other files.

use super::event;
use super::kinds::*;
use super::parsed::{COMMON_KEYS, Data, Kind, Meta, Parsed, is_folder_page};
use super::{guess, site};
use crate::base::error::Diagnostic;
use crate::source::SourceFile;
use crate::source::config::Config;
use crate::source::fields::{Obj, Reader};
use crate::source::frontmatter::{self, SplitError};

/// Reads one file's front matter. Returns what could be read, with every problem found;
/// `None` when errors leave nothing worth rendering.
pub fn parse_file(mut source: SourceFile, config: &Config) -> (Option<Parsed>, Vec<Diagnostic>) {
    // Most files need no change: their text is moved, not copied.
    let text = match frontmatter::normalize(&source.text) {
        std::borrow::Cow::Borrowed(same) if same.len() == source.text.len() => None,
        changed => Some(changed.into_owned()),
    }
    .unwrap_or_else(|| std::mem::take(&mut source.text));
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(SplitError::Unclosed) => {
            let d = Diagnostic::error(&source.display, "the front matter is never closed")
                .at(1, 1)
                .hint("end the front matter with a line holding only `---`");
            return (None, vec![d]);
        }
    };
    let yaml_line = split.yaml_line;
    if let Some(d) = split
        .yaml
        .and_then(|y| crate::source::yaml::tab_indent(y, yaml_line, &source.display))
    {
        return (None, vec![d]);
    }
    let node = match split.yaml.map(|y| frontmatter::parse(y, yaml_line)) {
        Some(Ok(node)) => node,
        Some(Err(e)) => {
            let d = split
                .yaml
                .and_then(|y| crate::source::yaml::explain(y, yaml_line, &e.message, &source.display))
                .unwrap_or_else(|| {
                    Diagnostic::error(
                        &source.display,
                        format!("front matter is not valid YAML: {}", e.message),
                    )
                    .at(e.line, e.column)
                    .hint(if e.message.contains("budget breached") {
                        "the front matter nests too deep or repeats itself through YAML aliases (`*name`) too often; write the values out plainly"
                    } else {
                        "check the indentation and quote text that contains `: ` or starts with a symbol"
                    })
                });
            return (None, vec![d]);
        }
        None => frontmatter::Node {
            value: frontmatter::Value::Map(Vec::new()),
            line: 1,
            column: 1,
        },
    };
    let body_line = split.body_line;
    let body_start = text.len() - split.body.len();
    let display = source.display.clone();
    let mut r = Reader::new(&display, config.unknown_keys);
    let Some(mut obj) = r.obj(&node, "") else {
        return (None, r.diagnostics);
    };
    let mut kind = read_kind(&mut r, &mut obj, &source.rel);
    let plain = split.yaml.is_none();
    if plain && !matches!(kind, Kind::Page | Kind::Section) {
        // A file in roles/ (or people/, events/...) with no front matter at all: a plain
        // page, so that a folder of notes builds; the kind's fields need front matter.
        r.push(
            Diagnostic::warning(
                &display,
                format!(
                    "this file has no front matter, so it is a plain page, not {}",
                    kind.article()
                ),
            )
            .at(1, 1)
            .hint(format!(
                "to make it {}, start it with front matter: a line `---`, `title: ...` and the fields of docs/authoring.md, then `---`",
                kind.article()
            )),
        );
        kind = Kind::Page;
    }
    let mut meta = read_meta(&mut r, &mut obj, kind);
    let data = match kind {
        Kind::Page | Kind::Section => Some(Data::Page),
        Kind::Purpose => Some(Data::Purpose(read_purpose(&mut r, &mut obj))),
        Kind::GroundRules => Some(Data::GroundRules(read_ground_rules(&mut r, &mut obj))),
        Kind::Role => Some(Data::Role(read_role(&mut r, &mut obj))),
        Kind::Person => {
            let person = read_person(&mut r, &mut obj);
            if meta.title.is_empty() {
                meta.title = person.name.clone().unwrap_or_default();
            }
            Some(Data::Person(person))
        }
        Kind::Step => Some(Data::Step(read_step(&mut r, &mut obj))),
        Kind::Event => event::read_event(&mut r, &mut obj, &config.timezone, &config.timezone_name)
            .map(|e| Data::Event(Box::new(e))),
    };
    let mut body_start = body_start;
    let mut body_line = body_line;
    let mut title_anchor = None;
    if matches!(kind, Kind::Page | Kind::Section) {
        let body = &text[body_start..];
        if meta.title.is_empty() {
            meta.title = match guess::first_heading(body) {
                Some(heading) => {
                    // Shown as the page's title: the body leaves it out, not shown twice.
                    if let Some(range) = heading.leading {
                        body_line += body[..range.end].matches('\n').count();
                        body_start += range.end;
                        let id = crate::base::text::slugify(&heading.text);
                        title_anchor = (!id.is_empty()).then_some(id);
                    }
                    heading.text
                }
                None => title_from_name(&source.rel),
            };
        }
        if plain && meta.description.is_none() {
            meta.description = guess::first_paragraph(&text[body_start..]);
        }
        if meta.weight.is_none() {
            let file = source.rel.rsplit('/').next().unwrap_or(&source.rel);
            meta.weight = crate::base::text::number_prefix(file);
        }
    }
    let known: Vec<&str> = COMMON_KEYS.iter().chain(kind.keys()).copied().collect();
    if meta.title.is_empty() && !r.has_errors() {
        let hint = if kind == Kind::Person {
            "add `name: ...` or `title: ...`"
        } else {
            "add a line such as `title: Our ground rules`"
        };
        r.push(
            Diagnostic::error(&display, "missing required field `title`")
                .at(node.line, 0)
                .field("title")
                .hint(hint),
        );
    }
    r.finish(obj, &known, &kind.article());
    let diagnostics = r.diagnostics;
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    let text_key = crate::base::key::key_of_bytes([text.as_bytes()]);
    let path = site::page_path(&source.rel, kind, meta.slug.as_deref());
    let comparable_path = site::comparable(&path);
    let parsed = data.map(|data| Parsed {
        title_anchor,
        text_key,
        path,
        comparable_path,
        source: SourceFile { text, ..source },
        kind,
        meta: meta.into(),
        data: data.into(),
        body_start,
        body_line,
    });
    (parsed, diagnostics)
}

/// `6 months`, `1 year`, `90 days`, `2 weeks`, or ISO 8601 (`P6M`).
fn parse_period(text: &str) -> Option<jiff::Span> {
    let text = text.trim().to_lowercase();
    if let Ok(span) = text.to_uppercase().parse::<jiff::Span>() {
        return Some(span);
    }
    let mut words = text.split_whitespace();
    let n: i64 = words.next()?.parse().ok()?;
    let unit = words.next()?.trim_end_matches('s');
    if words.next().is_some() || !(1..=1000).contains(&n) {
        return None;
    }
    Some(match unit {
        "day" => jiff::Span::new().days(n),
        "week" => jiff::Span::new().weeks(n),
        "month" => jiff::Span::new().months(n),
        "year" => jiff::Span::new().years(n),
        _ => return None,
    })
}

fn read_kind(r: &mut Reader, obj: &mut Obj, rel: &str) -> Kind {
    let by_path = Kind::from_path(rel);
    let Some(node) = r.take(obj, "kind") else {
        return by_path;
    };
    let name = r.text_of(node, "kind").unwrap_or_default();
    match Kind::from_name(&name) {
        Some(kind) => kind,
        None => {
            let mut d = Diagnostic::error(r.path, format!("unknown kind `{name}`"))
                .at(node.line, node.column)
                .field("kind");
            d.hint = Some(match crate::base::error::suggest(&name, Kind::NAMES) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("kinds are: {}", Kind::NAMES.join(", ")),
            });
            r.push(d);
            by_path
        }
    }
}

/// A page's title from its file's name: the folder's name for a folder's page, "Home" for
/// the site's own.
fn title_from_name(rel: &str) -> String {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    if is_folder_page(file) {
        return parts
            .next()
            .map(crate::base::text::humanise)
            .unwrap_or_else(|| "Home".to_string());
    }
    crate::base::text::humanise(file)
}

fn read_meta(r: &mut Reader, obj: &mut Obj, kind: Kind) -> Meta {
    let title = if kind == Kind::Person && obj.has("name") && !obj.has("title") {
        String::new()
    } else if matches!(kind, Kind::Page | Kind::Section) {
        // Optional: the first heading or the file's name stands in (see `guess`).
        r.text(obj, "title").unwrap_or_default()
    } else {
        r.required_text(obj, "title", "Our ground rules")
            .unwrap_or_default()
    };
    let slug = r.take(obj, "slug").and_then(|node| {
        let slug = r.text_of(node, "slug")?;
        // File systems stop names at 255 bytes: a longer slug would pass `check` and fail the
        // build with the system's "File name too long".
        if slug.len() > 200 {
            r.error_at(
                node,
                "slug",
                format!("the slug is {} bytes long; a slug may have at most 200, as it becomes a folder's name", slug.len()),
            );
            return None;
        }
        if slug.is_empty() || slug.contains(['/', '\\']) || slug == "." || slug == ".." {
            r.error_at(
                node,
                "slug",
                format!("`{slug}` cannot be a slug: it must be one path segment"),
            );
            return None;
        }
        Some(slug)
    });
    let template = r.take(obj, "template").and_then(|node| {
        let name = r.text_of(node, "template")?;
        Some((name, node.line, node.column))
    });
    Meta {
        title,
        description: r.text(obj, "description"),
        weight: r.int(obj, "weight"),
        draft: r.bool(obj, "draft").unwrap_or(false),
        slug,
        updated: r.date(obj, "updated"),
        review_by: r.date(obj, "review_by"),
        review_every: r.take(obj, "review_every").and_then(|node| {
            let text = r.text_of(node, "review_every")?;
            match parse_period(&text) {
                Some(span) => Some(span),
                None => {
                    r.push(
                        Diagnostic::error(r.path, format!("`{text}` is not a period"))
                            .at(node.line, node.column)
                            .field("review_every")
                            .hint("write it as `6 months`, `1 year` or `90 days`"),
                    );
                    None
                }
            }
        }),
        tags: r.text_list(obj, "tags"),
        template,
        extra: r
            .take(obj, "extra")
            .map(|n| n.to_json())
            .unwrap_or(serde_json::Value::Null),
        positions: obj.positions(),
    }
}
