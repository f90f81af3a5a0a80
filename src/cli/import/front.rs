//! Front matter of other tools in, handbook's out: YAML (`---`) and TOML (`+++`) read into
//! JSON values; the keys handbook knows mapped (title, description, dates, weight, slug,
//! draft, tags, old addresses), every other key kept under `extra:` and counted for the
//! report. Values are written as JSON, which is YAML, so any text survives exactly.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A file split into its front matter (as JSON) and its body, with the body's first line.
pub(super) struct Split {
    pub front: Map<String, Value>,
    pub body: String,
    pub body_line: usize,
}

/// Splits `---` YAML or `+++` TOML front matter off `text`. A file without any is all body;
/// front matter that cannot be read is `Err` with the reason.
pub(super) fn split(text: &str) -> Result<Split, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (fence, toml) = if text.starts_with("---") {
        ("---", false)
    } else if text.starts_with("+++") {
        ("+++", true)
    } else {
        return Ok(Split {
            front: Map::new(),
            body: text.to_string(),
            body_line: 1,
        });
    };
    let after_open = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = after_open;
    for (line, raw) in (2..).zip(text[after_open..].split_inclusive('\n')) {
        if raw.trim_end() == fence {
            let inner = &text[after_open..offset];
            let front = if toml {
                parse_toml(inner)?
            } else {
                parse_yaml(inner)?
            };
            return Ok(Split {
                front: match front {
                    Value::Object(map) => map,
                    Value::Null => Map::new(),
                    _ => return Err("the front matter is not a mapping of keys".into()),
                },
                body: text[offset + raw.len()..].to_string(),
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(format!(
        "the front matter opened with `{fence}` is never closed"
    ))
}

/// YAML as handbook reads it (the one YAML parser), with the tags of Python's YAML that
/// MkDocs files carry (`!!python/name:...`) left out first.
pub(super) fn parse_yaml(text: &str) -> Result<Value, String> {
    let text = crate::source::frontmatter::normalize(text);
    let cleaned: String = text
        .lines()
        .filter(|l| !l.contains("!!python/") && !l.contains("!ENV") && !l.contains("!relative"))
        .map(|l| format!("{l}\n"))
        .collect();
    match crate::source::frontmatter::parse(&cleaned, 1) {
        Ok(node) => Ok(node.to_json()),
        Err(e) => Err(format!("line {}: {}", e.line, e.message)),
    }
}

pub(super) fn parse_toml(text: &str) -> Result<Value, String> {
    let value: toml::Value = toml::from_str(text).map_err(|e| e.message().to_string())?;
    Ok(toml_to_json(value))
}

/// TOML's values as JSON; dates and times as the text TOML wrote.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(n) => Value::from(n),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// What the report says of front matter across the import: keys mapped, keys kept.
#[derive(Debug, Default)]
pub(super) struct KeyCounts {
    pub mapped: BTreeMap<String, usize>,
    pub kept: BTreeMap<String, usize>,
}

/// What a page becomes in handbook's front matter, besides what its tool says.
pub(super) struct Extras<'a> {
    pub nav_title: Option<&'a str>,
    pub weight: Option<i64>,
    /// The page's old addresses (its URL on the old site when it differs, `redirect_from`).
    pub aliases: Vec<String>,
    /// `kind: page`, for a file in a folder whose name means a kind (`events/`).
    pub plain_kind: bool,
    pub updated: Option<String>,
}

/// Keys whose meaning handbook has, under any tool's name for them.
const TITLE: &[&str] = &["title"];
const DESCRIPTION: &[&str] = &["description", "summary", "excerpt"];
const UPDATED: &[&str] = &["last_modified_at", "lastmod", "date"];
const WEIGHT: &[&str] = &["weight", "nav_order", "order"];
const ALIASES: &[&str] = &["aliases", "redirect_from"];
/// Read by the importer itself (the page's old address), not kept.
const CONSUMED: &[&str] = &["permalink", "url"];

/// The handbook front matter for one page, as YAML text between `---` lines.
pub(super) fn write(front: &Map<String, Value>, extras: Extras, counts: &mut KeyCounts) -> String {
    let mut out = String::from("---\n");
    let mut line = |key: &str, value: &Value| {
        out.push_str(&format!(
            "{key}: {}\n",
            serde_json::to_string(value).unwrap_or_default()
        ));
    };
    // The keys whose value was written in handbook's terms; every other key is kept.
    let mut used: Vec<&str> = CONSUMED.to_vec();
    // The first key of a group whose value `read` can use, and that value.
    let mut first = |keys: &[&'static str], read: &dyn Fn(&Value) -> Option<Value>| {
        let (key, value) = keys
            .iter()
            .find_map(|k| front.get(*k).and_then(read).map(|v| (*k, v)))?;
        used.push(key);
        Some(value)
    };
    let text = |v: &Value| v.as_str().map(|s| Value::from(s.trim()));
    let title = first(TITLE, &|v| (!v.is_null()).then(|| v.clone()));
    let description = first(DESCRIPTION, &text);
    let weight = first(WEIGHT, &|v| v.as_i64().map(Value::from));
    let updated = first(UPDATED, &|v| v.as_str().and_then(date_of).map(Value::from));
    let slug = first(&["slug"], &|v| {
        v.as_str()
            .filter(|s| !s.is_empty() && !s.contains('/'))
            .map(Value::from)
    });
    let tags = first(&["tags"], &|v| match v {
        Value::String(tag) => Some(Value::from(vec![tag.as_str()])),
        Value::Array(tags) if tags.iter().all(Value::is_string) => Some(v.clone()),
        _ => None,
    });
    let draft = first(&["draft", "published"], &|v| v.as_bool().map(Value::from));
    let is_draft = front.get("draft") == Some(&Value::Bool(true))
        || front.get("published") == Some(&Value::Bool(false));
    if let Some(title) = title.or(extras.nav_title.map(Value::from)) {
        line("title", &title);
    }
    if let Some(description) = description {
        line("description", &description);
    }
    if let Some(weight) = weight.or(extras.weight.map(Value::from)) {
        line("weight", &weight);
    }
    if let Some(date) = updated.or(extras.updated.map(Value::from)) {
        line("updated", &date);
    }
    if let Some(slug) = slug {
        line("slug", &slug);
    }
    if draft.is_some() && is_draft {
        line("draft", &Value::Bool(true));
    }
    if draft.is_some() {
        // Both spellings say the same thing: the one not found first is read too.
        used.extend(
            ["draft", "published"]
                .iter()
                .filter(|k| front.get(**k).is_some_and(Value::is_boolean)),
        );
    }
    if let Some(tags) = tags {
        line("tags", &tags);
    }
    let mut aliases = extras.aliases;
    for key in ALIASES {
        match front.get(*key) {
            Some(Value::String(one)) => aliases.push(one.clone()),
            Some(Value::Array(many)) if many.iter().all(Value::is_string) => {
                aliases.extend(many.iter().filter_map(Value::as_str).map(str::to_string));
            }
            _ => continue,
        }
        used.push(key);
    }
    aliases.sort();
    aliases.dedup();
    if !aliases.is_empty() {
        line("aliases", &Value::from(aliases));
    }
    if extras.plain_kind {
        line("kind", &Value::from("page"));
    }
    let mut kept = Map::new();
    for (key, value) in front {
        if used.contains(&key.as_str()) {
            *counts.mapped.entry(key.clone()).or_default() += 1;
        } else {
            *counts.kept.entry(key.clone()).or_default() += 1;
            kept.insert(key.clone(), value.clone());
        }
    }
    if !kept.is_empty() {
        line("extra", &Value::Object(kept));
    }
    out.push_str("---\n");
    out
}

/// `2024-01-02`, from a date or a date and time in any of the forms the tools write.
pub(super) fn date_of(text: &str) -> Option<String> {
    let day = text.trim().get(..10)?;
    day.parse::<jiff::civil::Date>().ok().map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_front_matter_are_read() {
        let yaml = split("---\ntitle: A\ntags: [x]\n---\nBody\n").unwrap();
        assert_eq!(yaml.front["title"], "A");
        assert_eq!((yaml.body.as_str(), yaml.body_line), ("Body\n", 5));
        let toml = split("+++\ntitle = \"B\"\ndate = 2024-03-05T10:00:00Z\n+++\nText\n").unwrap();
        assert_eq!(toml.front["date"], "2024-03-05T10:00:00Z");
        assert!(split("---\ntitle: A\n").is_err());
        assert_eq!(split("# Plain\n").unwrap().body, "# Plain\n");
    }

    #[test]
    fn known_keys_are_mapped_and_the_rest_kept_under_extra() {
        let front = split(
            "---\ntitle: \"Say \\\"hi\\\"\"\nlayout: post\ndate: 2024-01-02 10:00:00 +0100\nredirect_from: /old/\nnav_order: 3\npublished: false\n---\n",
        )
        .unwrap()
        .front;
        let mut counts = KeyCounts::default();
        let extras = Extras {
            nav_title: None,
            weight: None,
            aliases: vec!["old.html".into()],
            plain_kind: true,
            updated: None,
        };
        let written = write(&front, extras, &mut counts);
        let inner = written
            .strip_prefix("---\n")
            .and_then(|w| w.strip_suffix("---\n"))
            .unwrap();
        let back = parse_yaml(inner).unwrap_or_else(|e| panic!("{e}\n{written}"));
        assert_eq!(back["title"], "Say \"hi\"");
        assert_eq!(back["updated"], "2024-01-02");
        assert_eq!(back["weight"], 3);
        assert_eq!(back["draft"], true);
        assert_eq!(back["kind"], "page");
        assert_eq!(back["aliases"], serde_json::json!(["/old/", "old.html"]));
        assert_eq!(back["extra"], serde_json::json!({"layout": "post"}));
        assert_eq!(counts.kept["layout"], 1);
        // A value handbook cannot use, or a second spelling of one it used, is kept.
        let front = split("---\ntitle: T\ndescription: D\nsummary: S\ntags: {a: 1}\n---\n")
            .unwrap()
            .front;
        let written = write(
            &front,
            Extras {
                nav_title: None,
                weight: None,
                aliases: Vec::new(),
                plain_kind: false,
                updated: None,
            },
            &mut counts,
        );
        assert!(
            written.contains("extra: {\"summary\":\"S\",\"tags\":{\"a\":1}}"),
            "{written}"
        );
        assert_eq!(counts.mapped["redirect_from"], 1);
    }
}
