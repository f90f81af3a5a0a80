//! Reading one file: front matter split off and parsed, its kind decided, every field read
//! into its typed struct, each problem with its line, column and field. Files are read in
//! parallel, each on its own; nothing here knows of other files.

use super::event_read;
use super::kinds::*;
use super::parsed::{Alias, COMMON_KEYS, Data, Kind, Meta, Parsed, Visibility, is_folder_page};
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
    let front = match front_matter(&text, &source.display) {
        Ok(front) => front,
        Err(d) => return (None, vec![*d]),
    };
    let display = source.display.clone();
    let (lang, place) = crate::source::languages::of_file(&config.languages, &source.rel);
    let mut r = Reader::new(&display, config.unknown_keys);
    let Some(mut obj) = r.obj(&front.node, "") else {
        return (None, r.diagnostics);
    };
    let kind = plain_or(read_kind(&mut r, &mut obj, &place), front.plain, &mut r);
    let mut meta = read_meta(&mut r, &mut obj, kind, &config.base_url.path);
    let data = read_data(&mut r, &mut obj, kind, &mut meta, config);
    let mut body = Body {
        start: text.len() - front.body_len,
        line: front.body_line,
        title_anchor: None,
    };
    if matches!(kind, Kind::Page | Kind::Section) {
        guess_missing(&mut meta, &mut body, &text, &place, front.plain);
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
                .at(front.node.line, 0)
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
    let path = site::page_path(&place, kind, meta.slug.as_deref());
    let comparable_path = site::comparable(&path);
    let parsed = data.map(|data| Parsed {
        title_anchor: body.title_anchor,
        text_key,
        path,
        comparable_path,
        source: SourceFile { text, ..source },
        lang,
        place,
        kind,
        meta: meta.into(),
        data: data.into(),
        body_start: body.start,
        body_line: body.line,
    });
    (parsed, diagnostics)
}

/// A file's front matter, parsed, and where its body starts.
struct FrontMatter {
    node: frontmatter::Node,
    /// No front matter at all: a plain Markdown file.
    plain: bool,
    body_line: usize,
    /// The body's length in bytes: it runs to the end of the text.
    body_len: usize,
}

/// Where the body starts once a leading heading may have become the title, and that
/// heading's id, which links may still use.
struct Body {
    start: usize,
    line: usize,
    title_anchor: Option<String>,
}

/// Splits off and parses the front matter, or the one error that says why it cannot be read.
fn front_matter(text: &str, display: &std::path::Path) -> Result<FrontMatter, Box<Diagnostic>> {
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(SplitError::Unclosed) => {
            return Err(Box::new(
                Diagnostic::error(display, "the front matter is never closed")
                    .at(1, 1)
                    .hint("end the front matter with a line holding only `---`"),
            ));
        }
    };
    let yaml_line = split.yaml_line;
    if let Some(d) = split
        .yaml
        .and_then(|y| crate::source::yaml::tab_indent(y, yaml_line, display))
    {
        return Err(Box::new(d));
    }
    let node = match split.yaml.map(|y| frontmatter::parse(y, yaml_line)) {
        Some(Ok(node)) => node,
        Some(Err(e)) => {
            let d = split
                .yaml
                .and_then(|y| crate::source::yaml::explain(y, yaml_line, &e.message, display))
                .unwrap_or_else(|| {
                    Diagnostic::error(
                        display,
                        format!("front matter is not valid YAML: {}", e.message),
                    )
                    .at(e.line, e.column)
                    .hint(if e.message.contains("budget breached") {
                        "the front matter nests too deep or repeats itself through YAML aliases (`*name`) too often; write the values out plainly"
                    } else {
                        "check the indentation and quote text that contains `: ` or starts with a symbol"
                    })
                });
            return Err(Box::new(d));
        }
        None => frontmatter::Node {
            value: frontmatter::Value::Map(Vec::new()),
            line: 1,
            column: 1,
        },
    };
    Ok(FrontMatter {
        node,
        plain: split.yaml.is_none(),
        body_line: split.body_line,
        body_len: split.body.len(),
    })
}

/// A file in roles/ (or people/, events/...) with no front matter at all is a plain page,
/// so that a folder of notes builds; the kind's fields need front matter.
fn plain_or(kind: Kind, plain: bool, r: &mut Reader) -> Kind {
    if !plain || matches!(kind, Kind::Page | Kind::Section) {
        return kind;
    }
    let message = format!(
        "this file has no front matter, so it is a plain page, not {}",
        kind.article()
    );
    let hint = format!(
        "to make it {}, start it with front matter: a line `---`, `title: ...` and the fields of docs/authoring.md, then `---`",
        kind.article()
    );
    r.push(Diagnostic::warning(r.path, message).at(1, 1).hint(hint));
    Kind::Page
}

/// The kind's own fields; `None` when they cannot be read (an event without a start).
fn read_data(
    r: &mut Reader,
    obj: &mut Obj,
    kind: Kind,
    meta: &mut Meta,
    config: &Config,
) -> Option<Data> {
    match kind {
        Kind::Page | Kind::Section => Some(Data::Page),
        Kind::Purpose => Some(Data::Purpose(read_purpose(r, obj))),
        Kind::GroundRules => Some(Data::GroundRules(read_ground_rules(r, obj))),
        Kind::Role => Some(Data::Role(read_role(r, obj))),
        Kind::Person => {
            let person = read_person(r, obj);
            if meta.title.is_empty() {
                meta.title = person.name.clone().unwrap_or_default();
            }
            Some(Data::Person(person))
        }
        Kind::Step => Some(Data::Step(read_step(r, obj))),
        Kind::Plan => Some(Data::Plan(super::plan::read_plan(r, obj))),
        Kind::Success => super::plan::read_success(r, obj).map(Data::Success),
        Kind::Event => event_read::read_event(r, obj, &config.timezone, &config.timezone_name)
            .map(|e| Data::Event(Box::new(e))),
    }
}

/// What a page or section without them says itself: a title from its first heading (which
/// then leaves the body) or its file name, a description from its first paragraph when it
/// has no front matter, its place from a number before its name.
fn guess_missing(meta: &mut Meta, body: &mut Body, text: &str, rel: &str, plain: bool) {
    let start = &text[body.start..];
    if meta.title.is_empty() {
        meta.title = match guess::first_heading(start) {
            Some(heading) => {
                // Shown as the page's title: the body leaves it out, not shown twice.
                if let Some(range) = heading.leading {
                    body.line += memchr::memchr_iter(b'\n', &start.as_bytes()[..range.end]).count();
                    body.start += range.end;
                    let id = crate::base::text::github_id(&heading.text);
                    body.title_anchor = (!id.is_empty()).then_some(id);
                }
                heading.text
            }
            None => title_from_name(rel),
        };
    }
    if plain && meta.description.is_none() {
        meta.description = guess::first_paragraph(&text[body.start..]);
    }
    if meta.weight.is_none() {
        let file = rel.rsplit('/').next().unwrap_or(rel);
        meta.weight = crate::base::text::number_prefix(file);
    }
}

fn read_kind(r: &mut Reader, obj: &mut Obj, rel: &str) -> Kind {
    let by_path = Kind::from_path(rel);
    let Some(node) = r.take(obj, "kind") else {
        return newer_kind_or_page(by_path, obj);
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

/// `plan/` and `successes/` became kinds after many handbooks had folders of those names: a
/// file there is a plan or a success when it has one of the kind's own fields (`items`,
/// `reviews`, `types`; `date`, `evidence`, ...), else it stays the page it always was,
/// instead of failing for a missing `date` or getting a plan's health checks.
fn newer_kind_or_page(by_path: Kind, obj: &Obj) -> Kind {
    match by_path {
        Kind::Plan | Kind::Success if !by_path.keys().iter().any(|k| obj.has(k)) => Kind::Page,
        kind => kind,
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

fn read_meta(r: &mut Reader, obj: &mut Obj, kind: Kind, base: &str) -> Meta {
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
        visibility: read_visibility(r, obj),
        source_hash: r.text(obj, "source_hash"),
        slug,
        updated: r.date(obj, "updated"),
        review_by: r.date(obj, "review_by"),
        reviewed: r.date(obj, "reviewed"),
        owner: r.take(obj, "owner").and_then(|node| {
            let name = r.text_of(node, "owner")?;
            Some((name.trim().to_string(), node.line, node.column))
        }),
        review_every: r.take(obj, "review_every").and_then(|node| {
            let text = r.text_of(node, "review_every")?;
            match crate::source::dates::parse_period(&text) {
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
        aliases: read_aliases(r, obj, base),
        extra: r
            .take(obj, "extra")
            .map(|n| n.to_json())
            .unwrap_or(serde_json::Value::Null),
        positions: obj.positions(),
    }
}

/// `visibility: public` (the default) or `internal` (members only).
fn read_visibility(r: &mut Reader, obj: &mut Obj) -> Visibility {
    let Some(node) = r.take(obj, "visibility") else {
        return Visibility::Public;
    };
    let Some(text) = r.text_of(node, "visibility") else {
        return Visibility::Public;
    };
    match text.trim() {
        "public" => Visibility::Public,
        "internal" => Visibility::Internal,
        other => {
            let mut d = Diagnostic::error(
                r.path,
                format!("`{other}` is not a visibility: a page is `public` or `internal`"),
            )
            .at(node.line, node.column)
            .field("visibility");
            // Never a guess of `public`: `private`, `members` or `hidden` mean internal, and
            // a wrong guess would publish what was meant to be kept.
            d.hint = Some(match crate::base::error::suggest(other, &["internal"]) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "write `visibility: internal` for a page only members may read (it is left out of the public build), or remove the line for a public page".into(),
            });
            r.push(d);
            Visibility::Internal
        }
    }
}

/// `aliases:`, the page's old addresses (one, or a list), as the site's root sees them:
/// `/old/name/`, `old/name`, `/base/old/name/` and `old-name.html` all work. An address that
/// could not be a path of the site is an error at its place.
fn read_aliases(r: &mut Reader, obj: &mut Obj, base: &str) -> Vec<Alias> {
    let Some(node) = r.take(obj, "aliases") else {
        return Vec::new();
    };
    let items: Vec<(String, &crate::source::frontmatter::Node)> = match &node.value {
        crate::source::frontmatter::Value::Seq(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (format!("aliases[{i}]"), item))
            .collect(),
        _ => vec![("aliases".to_string(), node)],
    };
    let mut aliases = Vec::new();
    for (field, item) in items {
        let Some(text) = r.text_of(item, &field) else {
            continue;
        };
        match alias_path(&text, base) {
            Some(path) => aliases.push(Alias {
                path,
                line: item.line,
                column: item.column,
            }),
            None => r.error_at(
                item,
                &field,
                format!("`{text}` cannot be an old address of this site: write its path, such as `/old-name/`"),
            ),
        }
    }
    aliases
}

/// An old address as a path below the site's root: `old/name/` or `old-name.html`.
fn alias_path(text: &str, base: &str) -> Option<String> {
    let text = text.trim();
    if text.contains("://") || text.starts_with("//") || text.contains(['?', '#', '\\']) {
        return None;
    }
    let absolute = format!("/{}", text.trim_start_matches('/'));
    let below = absolute.strip_prefix(base).unwrap_or(&absolute[1..]);
    let parts: Vec<&str> = below.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts.iter().any(|p| *p == "." || *p == "..") {
        return None;
    }
    let path = parts.join("/");
    Some(if path.ends_with(".html") || path.ends_with(".htm") {
        path
    } else {
        format!("{path}/")
    })
}
