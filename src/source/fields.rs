//! Reading typed fields out of a front-matter `Node` tree, collecting every problem with its
//! line, column and field name instead of stopping at the first. Each kind's parser asks for
//! its fields by name; whatever it did not ask for is an unknown key, reported with a
//! suggestion from the keys that kind accepts.

use crate::base::error::{Diagnostic, Severity, suggest};
use crate::source::frontmatter::{Node, Value, key_text};
use std::path::Path;

/// What to do with keys a kind does not know. Sites migrating from another tool may set
/// `front_matter: { unknown_keys: warning }` in `handbook.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownKeys {
    #[default]
    Error,
    Warning,
}

/// The reader for one file: where it is and what went wrong so far.
pub struct Reader<'p> {
    pub path: &'p Path,
    pub unknown_keys: UnknownKeys,
    pub diagnostics: Vec<Diagnostic>,
}

/// A mapping being read; remembers which keys were taken.
pub struct Obj<'n> {
    node: &'n Node,
    entries: &'n [(Node, Node)],
    taken: Vec<bool>,
    /// `holders[1].` for nested mappings, so messages name the full field.
    prefix: String,
}

impl<'n> Obj<'n> {
    pub fn line(&self) -> usize {
        self.node.line
    }

    pub fn field_name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Where each key of this mapping was written.
    pub fn positions(&self) -> std::collections::BTreeMap<String, (usize, usize)> {
        self.entries
            .iter()
            .map(|(k, _)| (key_text(k), (k.line, k.column)))
            .collect()
    }

    /// Where the value of a key was written.
    pub fn value_position(&self, key: &str) -> Option<(usize, usize)> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| (v.line, v.column))
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.as_str() == Some(key))
    }
}

impl<'p> Reader<'p> {
    pub fn new(path: &'p Path, unknown_keys: UnknownKeys) -> Self {
        Reader {
            path,
            unknown_keys,
            diagnostics: Vec::new(),
        }
    }

    pub fn error_at(&mut self, node: &Node, field: &str, message: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::error(self.path, message)
                .at(node.line, node.column)
                .field(field),
        );
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn type_error(&mut self, node: &Node, field: &str, expected: &str) {
        let found = node.value.describe();
        self.diagnostics.push(
            Diagnostic::error(self.path, format!("expected {expected}, found {found}"))
                .at(node.line, node.column)
                .field(field),
        );
    }

    /// Opens a mapping; anything else is a type error.
    pub fn obj<'n>(&mut self, node: &'n Node, prefix: &str) -> Option<Obj<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Obj {
                node,
                entries,
                taken: vec![false; entries.len()],
                prefix: prefix.to_string(),
            }),
            _ => {
                let field = prefix.trim_end_matches('.');
                self.type_error(
                    node,
                    if field.is_empty() { "-" } else { field },
                    "a mapping of `key: value` lines",
                );
                None
            }
        }
    }

    /// Takes a key's value; an explicit `null` counts as absent.
    pub fn take<'n>(&mut self, obj: &mut Obj<'n>, key: &str) -> Option<&'n Node> {
        let index = obj
            .entries
            .iter()
            .position(|(k, _)| k.as_str() == Some(key))?;
        obj.taken[index] = true;
        let value = &obj.entries[index].1;
        (!matches!(value.value, Value::Null)).then_some(value)
    }

    pub fn text(&mut self, obj: &mut Obj, key: &str) -> Option<String> {
        let node = self.take(obj, key)?;
        self.text_of(node, &obj.field_name(key))
    }

    /// Text, where a number or true/false is taken as written (`version: 2` is "2").
    pub fn text_of(&mut self, node: &Node, field: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.type_error(node, field, "text");
                None
            }
        }
    }

    pub fn required_text(&mut self, obj: &mut Obj, key: &str, example: &str) -> Option<String> {
        let value = self.text(obj, key);
        if value.is_none() && !obj.has(key) {
            self.diagnostics.push(
                Diagnostic::error(self.path, format!("missing required field `{key}`"))
                    .at(obj.line(), 0)
                    .field(obj.field_name(key))
                    .hint(format!("add a line such as `{key}: {example}`")),
            );
        } else if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            let node = obj.entries.iter().find(|(k, _)| k.as_str() == Some(key));
            if let Some((_, node)) = node {
                self.error_at(node, &obj.field_name(key), format!("`{key}` is empty"));
            }
            return None;
        }
        value
    }

    pub fn int(&mut self, obj: &mut Obj, key: &str) -> Option<i64> {
        let node = self.take(obj, key)?;
        match node.value {
            Value::Int(i) => Some(i),
            _ => {
                self.type_error(node, &obj.field_name(key), "a whole number");
                None
            }
        }
    }

    pub fn bool(&mut self, obj: &mut Obj, key: &str) -> Option<bool> {
        let node = self.take(obj, key)?;
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.type_error(node, &obj.field_name(key), "`true` or `false`");
                None
            }
        }
    }

    /// A calendar date written `YYYY-MM-DD`.
    pub fn date(&mut self, obj: &mut Obj, key: &str) -> Option<jiff::civil::Date> {
        let node = self.take(obj, key)?;
        let field = obj.field_name(key);
        let text = self.text_of(node, &field)?;
        match text.trim().parse::<jiff::civil::Date>() {
            Ok(date) => Some(date),
            Err(err) => {
                let (message, hint) = match crate::source::dates::iso_date(text.trim()) {
                    Some(iso) => (
                        format!("`{text}` is not written the way handbook reads dates"),
                        format!("did you mean `{iso}`? Write the year first, then month and day"),
                    ),
                    None => (
                        format!("`{text}` is not a date handbook can read ({err})"),
                        "write dates as YYYY-MM-DD, for example 2026-03-31".to_string(),
                    ),
                };
                self.diagnostics.push(
                    Diagnostic::error(self.path, message)
                        .at(node.line, node.column)
                        .field(field)
                        .hint(hint),
                );
                None
            }
        }
    }

    /// A web address for a link: http(s), mailto, tel or relative. Anything else (such as
    /// `javascript:`) is an error, since templates print it into `href`.
    pub fn url(&mut self, obj: &mut Obj, key: &str) -> Option<String> {
        let node = self.take(obj, key)?;
        let field = obj.field_name(key);
        let text = self.text_of(node, &field)?;
        self.check_url(node, &field, text)
    }

    pub fn check_url(&mut self, node: &Node, field: &str, text: String) -> Option<String> {
        // `meet.example.org/call` would be read as a page of this site: a web address in
        // front matter needs its scheme. Paths written as paths (`/x`, `./x`, `../x`) pass.
        let explicit_path =
            text.starts_with(['/', '#']) || text.starts_with("./") || text.starts_with("../");
        if crate::base::text::url_scheme(&text).is_none() && !explicit_path {
            self.diagnostics.push(
                Diagnostic::error(
                    self.path,
                    format!(
                        "`{text}` has no `https://`, so it would be read as a page of this site"
                    ),
                )
                .at(node.line, node.column)
                .field(field)
                .hint(format!(
                    "did you mean `https://{}`?",
                    text.trim_start_matches('/')
                )),
            );
            return None;
        }
        if crate::base::text::is_safe_url(&text) {
            return Some(text);
        }
        self.diagnostics.push(
            Diagnostic::error(
                self.path,
                format!("`{text}` is not a web address handbook links to"),
            )
            .at(node.line, node.column)
            .field(field)
            .hint("use an address starting with https://, http://, mailto: or tel:"),
        );
        None
    }

    /// A list; a single item written without brackets is taken as a list of one.
    pub fn list<'n>(&mut self, obj: &mut Obj<'n>, key: &str) -> Vec<(String, &'n Node)> {
        let Some(node) = self.take(obj, key) else {
            return Vec::new();
        };
        let field = obj.field_name(key);
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (format!("{field}[{i}]"), n))
                .collect(),
            _ => vec![(field, node)],
        }
    }

    pub fn text_list(&mut self, obj: &mut Obj, key: &str) -> Vec<String> {
        let items = self.list(obj, key);
        items
            .into_iter()
            .filter_map(|(field, node)| self.text_of(node, &field))
            .collect()
    }

    /// Reports every key that was not taken. `known` lists what the kind accepts, for hints.
    pub fn finish(&mut self, obj: Obj, known: &[&str], what: &str) {
        for ((key, _), taken) in obj.entries.iter().zip(&obj.taken) {
            if *taken {
                continue;
            }
            let name = key_text(key);
            // A known field left unread: reading stopped at an earlier mistake, which has its
            // own message. Saying this one is unknown ("`start`; did you mean `start`?")
            // would be a second, false message for one mistake.
            if known.contains(&name.as_str()) {
                continue;
            }
            let mut diagnostic =
                Diagnostic::error(self.path, format!("unknown field `{name}` in {what}"))
                    .at(key.line, key.column)
                    .field(obj.field_name(&name));
            diagnostic.hint = Some(match suggest(&name, known) {
                Some(near) => {
                    // `titel:` is the one mistake: the "missing required field `title`" that
                    // follows from it would be a second message.
                    let missing = obj.field_name(near);
                    self.diagnostics.retain(|d| {
                        !(d.field.as_deref() == Some(missing.as_str())
                            && d.message.starts_with("missing required field"))
                    });
                    format!("did you mean `{near}`?")
                }
                None if obj.prefix.is_empty() => {
                    "put your own data under `extra:`, or check the spelling".to_string()
                }
                None => format!("known fields here: {}", known.join(", ")),
            });
            if self.unknown_keys == UnknownKeys::Warning {
                diagnostic.severity = Severity::Warning;
            }
            self.diagnostics.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::frontmatter::parse;

    #[test]
    fn unknown_keys_get_a_suggestion_and_a_place() {
        let node = parse("title: Call\nstrat: 2026-01-01\n", 2).unwrap();
        let path = Path::new("content/events/call.md");
        let mut r = Reader::new(path, UnknownKeys::Error);
        let mut obj = r.obj(&node, "").unwrap();
        assert_eq!(r.text(&mut obj, "title").as_deref(), Some("Call"));
        r.finish(obj, &["title", "start"], "an event");
        let d = &r.diagnostics[0];
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.hint.as_deref(), Some("did you mean `start`?"));
        assert!(d.is_error());
    }

    #[test]
    fn unknown_keys_can_be_warnings() {
        let node = parse("title: x\nlayout: post\n", 2).unwrap();
        let mut r = Reader::new(Path::new("a.md"), UnknownKeys::Warning);
        let mut obj = r.obj(&node, "").unwrap();
        r.text(&mut obj, "title");
        r.finish(obj, &["title"], "a page");
        assert!(!r.has_errors());
        assert_eq!(r.diagnostics.len(), 1);
    }

    #[test]
    fn wrong_types_and_missing_fields_are_all_reported() {
        let node = parse("weight: heavy\ndraft: maybe\n", 2).unwrap();
        let mut r = Reader::new(Path::new("a.md"), UnknownKeys::Error);
        let mut obj = r.obj(&node, "").unwrap();
        r.required_text(&mut obj, "title", "Our group");
        r.int(&mut obj, "weight");
        r.bool(&mut obj, "draft");
        let fields: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| d.field.clone().unwrap())
            .collect();
        assert_eq!(fields, ["title", "weight", "draft"]);
        assert_eq!(r.diagnostics[1].line, 2);
        assert!(r.diagnostics[1].message.contains("whole number"));
    }

    #[test]
    fn bad_dates_say_how_to_write_one() {
        let node = parse("updated: 2026-02-30\n", 2).unwrap();
        let mut r = Reader::new(Path::new("a.md"), UnknownKeys::Error);
        let mut obj = r.obj(&node, "").unwrap();
        assert_eq!(r.date(&mut obj, "updated"), None);
        assert!(
            r.diagnostics[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("YYYY-MM-DD")
        );
    }
}
