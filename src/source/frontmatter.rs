//! Front matter: splits a Markdown file into its YAML header and body, and turns YAML into a
//! small tree of `Node`s that remember their line and column. This is the only module that
//! knows which YAML crate we use (serde-saphyr), so swapping it touches one file.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

pub use super::node::{Node, Value, key_text};

/// A YAML syntax problem, already placed in the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The two parts of a content file. `yaml_line` is the file line where the YAML starts, so
/// that errors count lines from the top of the `.md` file (Zola's issue #1133 did not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// `---` opens the file but no line closes it.
    Unclosed,
}

/// Splits `---\nyaml\n---\nbody`. Text must already have LF line ends and no BOM.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Ok(Split {
            yaml: None,
            yaml_line: 1,
            body: text,
            body_line: 1,
        });
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + memchr::memchr_iter(b'\n', yaml.as_bytes()).count() + 1;
            return Ok(Split {
                yaml: Some(yaml),
                yaml_line: 2,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

/// Removes a BOM and turns CRLF into LF so that every later step sees one form of text;
/// a file saved on Windows builds byte for byte the same as one saved elsewhere.
pub fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// How deep YAML may nest: far more than any front matter needs.
pub const MAX_DEPTH: usize = 24;

/// Parses YAML into a `Node` tree; `first_line` is the file line of the YAML's first line.
/// An empty document is an empty mapping.
pub fn parse(yaml: &str, first_line: usize) -> Result<Node, YamlError> {
    if yaml.trim().is_empty() {
        return Ok(Node {
            value: Value::Map(Vec::new()),
            line: first_line,
            column: 1,
        });
    }
    // Most front matter is a few `key: value` lines: read the quick way when it is only that.
    if let Some(mut node) = super::simple_yaml::parse(yaml) {
        shift_lines(&mut node, first_line - 1);
        return Ok(node);
    }
    let mut options = serde_saphyr::options! {
        // YAML 1.2 booleans only: a group called `NO` (Norway) stays text.
        strict_booleans: true,
        with_snippet: false,
    };
    if let Some(budget) = options.budget.as_mut() {
        // Front matter and settings are shallow; deep nesting is an attack on the stack
        // (each level costs several frames of the deserializer), not a handbook.
        budget.max_depth = MAX_DEPTH;
        // Front matter holds a few dozen values: budgets far above that, far below the
        // defaults, make an alias bomb fail in milliseconds rather than seconds.
        budget.max_aliases = 1_000;
        budget.max_events = 200_000;
        budget.max_recorded_anchor_events = 20_000;
        budget.max_nodes = 200_000;
    }
    let parsed: Result<Spanned, _> = serde_saphyr::from_str_with_options(yaml, options);
    match parsed {
        Ok(Spanned(mut node)) => {
            shift_lines(&mut node, first_line - 1);
            Ok(node)
        }
        Err(err) => {
            let (line, column) = err
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                .unwrap_or((1, 1));
            Err(YamlError {
                line: line + first_line - 1,
                column,
                message: first_line_of(&err.to_string()),
            })
        }
    }
}

/// The crate's message may carry its own position and snippet; ours replaces them.
fn first_line_of(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    // Drop a trailing " at line X, column Y" that the crate adds.
    match line.find(" at line ") {
        Some(at) => line[..at].to_string(),
        None => line.to_string(),
    }
}

fn shift_lines(node: &mut Node, by: usize) {
    node.line += by;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift_lines(n, by)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift_lines(k, by);
            shift_lines(v, by)
        }),
        _ => {}
    }
}

/// Deserialises one node with its position through serde-saphyr's `Spanned`.
struct Spanned(Node);

impl<'de> Deserialize<'de> for Spanned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<Value>::deserialize(deserializer)?;
        Ok(Spanned(Node {
            value: spanned.value,
            line: spanned.referenced.line() as usize,
            column: spanned.referenced.column() as usize,
        }))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("number too large"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Spanned(node)) = seq.next_element()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(Spanned(key)) = map.next_key()? {
            let Spanned(value) = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the YAML parser makes of `yaml`, lines counted from 1.
    fn by_the_parser(yaml: &str) -> Option<Node> {
        let options = serde_saphyr::options! { strict_booleans: true, with_snippet: false };
        let parsed: Result<Spanned, _> = serde_saphyr::from_str_with_options(yaml, options);
        parsed.ok().map(|s| s.0)
    }

    #[test]
    fn common_front_matter_is_read_the_quick_way_as_the_parser_reads_it() {
        let yaml = "title: Fisen narsul sulhofiju\ndescription: \"Garlupes vorsen, lem: ret!\"\ntags: [drahoka, dra-garlu, drabre]\nweight: -12\nsummary: 'Who we are'\n\norder: 3\n";
        let quick = super::super::simple_yaml::parse(yaml).expect("read the quick way");
        assert_eq!(Some(quick), by_the_parser(yaml));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Whatever the quick way reads, the parser reads the same, positions included.
        #[test]
        fn the_quick_way_agrees_with_the_parser(
            lines in proptest::collection::vec(
                (
                    // One space in: a line of the mapping one level in, when the line
                    // before it opened one (a key with nothing after it).
                    "( {1,2}| {2,4}- | {4,6})?",
                    "([a-z_][a-z0-9_-]{0,8}|true|False|null|on|y|yes)",
                    " {0,2}",
                    proptest::prop_oneof![
                        "[A-Za-z][A-Za-z0-9 ,.;!?'()/-]{0,20}",
                        "-?[0-9]{1,20}",
                        "\"[ -~]{0,20}\"",
                        "'[ -~]{0,20}'",
                        "\\[( ?[A-Za-z][A-Za-z0-9_.-]{0,6} ?,?){0,4}\\]",
                        "\\[( ?[0-9]{4}-[0-9]{2}-[0-9]{2} ?,?){0,3}\\]",
                        "[0-9]{2,4}-[0-9]{2}-[0-9]{1,2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?",
                        "[0-9]{1,3}[a-z]{1,3}([0-9]{1,2}[a-z]{1,3})?",
                        "(true|false|null|yes|No|ON|y|~|\\.inf|0x1F|1e3|19:00|[a-z]+: [a-z]+)",
                        "",
                    ],
                ),
                1..10,
            )
        ) {
            let yaml: String = lines
                .iter()
                .map(|(indent, key, gap, value)| format!("{indent}{key}:{gap}{value}\n"))
                .collect();
            if let Some(quick) = super::super::simple_yaml::parse(&yaml) {
                proptest::prop_assert_eq!(Some(quick), by_the_parser(&yaml), "{:?}", yaml);
            }
        }
    }

    #[test]
    fn an_event_with_a_recurrence_is_read_the_quick_way_as_the_parser_reads_it() {
        for yaml in [
            "title: Event 9\nstart: 2027-04-01T19:00\nduration: 1h30m\nlocation: Hall 0\nrecurrence:\n  every: month\n  on: first Thursday\n  count: 24\n  skip: [2027-07-01, 2027-08-05]\ntags: [a]\n",
            "extra:\n    colour: blue\n    size: 3\n",
            "title: T\nextra:\n colour: blue\n\n date: 2026-01-31\nweight: 2\n",
            "a:\n  b: c\nd:\n  e: 90min\n",
            "trueish: x\nnullable: k\nrecurrence:\n  offset: z\n  on: w\n",
            "title: E\nrecurrence:\n  every: month\n  changes:\n    - date: 2027-09-02\n      start: 2027-09-03T19:00\n    - date: 2027-10-07\n      status: cancelled\n      note: \"Hall closed\"\n  count: 3\ntags: [x]\n",
            "a:\n  - b: c\n    d: 2\n  - e: f\n",
        ] {
            let quick = super::super::simple_yaml::parse(yaml).expect("read the quick way");
            assert_eq!(Some(quick), by_the_parser(yaml), "{yaml:?}");
        }
    }

    fn map_entry<'a>(node: &'a Node, key: &str) -> &'a Node {
        let Value::Map(entries) = &node.value else {
            panic!("not a map")
        };
        &entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .unwrap()
            .1
    }

    #[test]
    fn splits_front_matter_and_counts_body_lines() {
        let s = split("---\ntitle: Hi\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, Some("title: Hi\n"));
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let s = split("# Just text\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "# Just text\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(split("---\ntitle: x\n# body\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn crlf_and_bom_are_normalised() {
        assert_eq!(normalize("\u{feff}a\r\nb\r\n"), "a\nb\n");
    }

    #[test]
    fn nodes_carry_file_lines() {
        let node = parse("title: Hi\nstart: 2026-01-01\n", 2).unwrap();
        let start = map_entry(&node, "start");
        assert_eq!((start.line, start.column), (3, 8));
        assert_eq!(start.as_str(), Some("2026-01-01"));
    }

    #[test]
    fn nested_nodes_carry_lines_too() {
        let node = parse("holders:\n  - person: ada\n  - person: bob\n", 2).unwrap();
        let Value::Seq(items) = &map_entry(&node, "holders").value else {
            panic!()
        };
        assert_eq!(map_entry(&items[1], "person").line, 4);
    }

    #[test]
    fn strict_booleans_keep_no_as_text() {
        let node = parse("country: NO\nok: true\n", 1).unwrap();
        assert_eq!(map_entry(&node, "country").as_str(), Some("NO"));
        assert_eq!(map_entry(&node, "ok").value, Value::Bool(true));
    }

    #[test]
    fn syntax_errors_are_placed_in_the_file() {
        let err = parse("title: Hi\nbad: [unclosed\n", 2).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
        assert!(!err.message.contains('\n'));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        // On a worker thread's stack (2 MiB, as rayon's), in a debug build, whose frames are
        // many times larger than a release build's.
        for yaml in [
            (0..3000)
                .map(|i| format!("{}k{i}:", " ".repeat(i)))
                .collect::<Vec<_>>()
                .join("\n"),
            format!("a: {}{}", "[".repeat(5000), "]".repeat(5000)),
            format!("a: {}", "- ".repeat(3000)),
        ] {
            let result = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || parse(&yaml, 1).map(|_| ()))
                .unwrap()
                .join()
                .unwrap();
            assert!(result.is_err());
        }
        let fine = (0..MAX_DEPTH - 2)
            .map(|i| format!("{}k{i}:", " ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n")
            + " x";
        assert!(parse(&fine, 1).is_ok());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            yaml.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&yaml, 1).is_err());
    }
}
