//! A theme's options: the types `theme.yaml` may declare (`string`, `bool`, `integer`,
//! `number`, `color`, `list`), reading the declarations, and checking the site's
//! `theme_options` against them to make the values templates see.

use crate::base::error::{Diagnostic, suggest};
use crate::source::config::Config;
use crate::source::fields::Reader;
use crate::source::frontmatter::{Node, Value};
use std::collections::BTreeMap;
use std::path::Path;

const OPTION_KEYS: &[&str] = &["type", "default", "description"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionType {
    String,
    Bool,
    Integer,
    Number,
    /// `#rgb`, `#rrggbb` or `#rrggbbaa`: safe to print into CSS.
    Color,
    List,
}

impl OptionType {
    pub(super) fn parse(name: &str) -> Option<OptionType> {
        Some(match name {
            "string" => OptionType::String,
            "bool" | "boolean" => OptionType::Bool,
            "integer" => OptionType::Integer,
            "number" => OptionType::Number,
            "color" | "colour" => OptionType::Color,
            "list" => OptionType::List,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            OptionType::String => "string",
            OptionType::Bool => "bool",
            OptionType::Integer => "integer",
            OptionType::Number => "number",
            OptionType::Color => "color",
            OptionType::List => "list",
        }
    }

    /// The value as JSON when it has this type.
    pub(super) fn accept(self, node: &Node) -> Option<serde_json::Value> {
        match (self, &node.value) {
            (OptionType::String, Value::Str(_))
            | (OptionType::Bool, Value::Bool(_))
            | (OptionType::Integer, Value::Int(_))
            | (OptionType::Number, Value::Int(_) | Value::Float(_)) => Some(node.to_json()),
            (OptionType::Color, Value::Str(s)) if is_color(s) => Some(node.to_json()),
            (OptionType::List, Value::Seq(items))
                if items.iter().all(|i| matches!(i.value, Value::Str(_))) =>
            {
                Some(node.to_json())
            }
            _ => None,
        }
    }
}

fn is_color(text: &str) -> bool {
    text.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

#[derive(Debug, Clone)]
pub struct OptionSpec {
    pub kind: OptionType,
    pub default: serde_json::Value,
    pub description: String,
    /// The theme that declared it.
    pub theme: String,
}

/// The `options:` block of a theme's `theme.yaml`, each declaration checked: a known
/// `type` and a `default` of that type.
pub(super) fn read_options(
    r: &mut Reader,
    node: &Node,
    spec_path: &Path,
    theme: &str,
) -> Vec<(String, OptionSpec)> {
    let mut options = Vec::new();
    let Value::Map(entries) = &node.value else {
        return options;
    };
    for (key, value) in entries {
        let option = crate::source::frontmatter::key_text(key);
        if let Some(spec) = read_option(r, &option, value, spec_path, theme) {
            options.push((option, spec));
        }
    }
    options
}

fn read_option(
    r: &mut Reader,
    option: &str,
    value: &Node,
    spec_path: &Path,
    theme: &str,
) -> Option<OptionSpec> {
    let field = format!("options.{option}");
    let mut spec = r.obj(value, &format!("{field}."))?;
    let kind = r.take(&mut spec, "type").and_then(|n| {
        let text = r.text_of(n, &format!("{field}.type"))?;
        let kind = OptionType::parse(&text);
        if kind.is_none() {
            r.error_at(
                n,
                &format!("{field}.type"),
                format!(
                    "unknown option type `{text}`; use string, bool, integer, number, color or list"
                ),
            );
        }
        kind
    });
    let default = r.take(&mut spec, "default");
    let description = r.text(&mut spec, "description").unwrap_or_default();
    r.finish(spec, OPTION_KEYS, "a theme option");
    let Some(kind) = kind else {
        if !r.has_errors() {
            r.push(
                Diagnostic::error(spec_path, format!("option `{option}` has no `type`"))
                    .at(value.line, value.column)
                    .field(field),
            );
        }
        return None;
    };
    let default = match default.map(|d| (d, kind.accept(d))) {
        Some((_, Some(json))) => json,
        Some((d, None)) => {
            r.error_at(
                d,
                &format!("{field}.default"),
                format!("the default is not a {}", kind.name()),
            );
            return None;
        }
        None => {
            r.push(
                Diagnostic::error(spec_path, format!("option `{option}` has no `default`"))
                    .at(value.line, value.column)
                    .field(field),
            );
            return None;
        }
    };
    Some(OptionSpec {
        kind,
        default,
        description,
        theme: theme.to_string(),
    })
}

/// The values templates see: each option's default, with the site's `theme_options`
/// applied, each checked against its option's type.
pub(super) fn option_values(
    options: &BTreeMap<String, OptionSpec>,
    theme: &str,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut values: serde_json::Map<String, serde_json::Value> = options
        .iter()
        .map(|(name, spec)| (name.clone(), spec.default.clone()))
        .collect();
    let Some(node) = &config.theme_options else {
        return values;
    };
    let path = Path::new(crate::source::CONFIG_FILE);
    let Value::Map(entries) = &node.value else {
        problems.push(
            Diagnostic::error(path, "`theme_options` must be a mapping of option: value")
                .at(node.line, node.column)
                .field("theme_options"),
        );
        return values;
    };
    let known: Vec<&str> = options.keys().map(String::as_str).collect();
    for (key, value) in entries {
        let name = crate::source::frontmatter::key_text(key);
        let field = format!("theme_options.{name}");
        match options.get(&name) {
            Some(spec) => match spec.kind.accept(value) {
                Some(json) => {
                    values.insert(name, json);
                }
                None => problems.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "`{name}` must be {} {}, found {}",
                            if spec.kind.name().starts_with(['a', 'e', 'i', 'o', 'u']) {
                                "an"
                            } else {
                                "a"
                            },
                            spec.kind.name(),
                            value.value.describe()
                        ),
                    )
                    .at(value.line, value.column)
                    .field(field)
                    .hint(match spec.kind {
                        OptionType::Color => {
                            "write a colour as #rrggbb, for example \"#0b57a4\" (with the quotes)"
                                .to_string()
                        }
                        _ => format!("the default is {}", spec.default),
                    }),
                ),
            },
            None => {
                let d =
                    Diagnostic::error(path, format!("the theme `{theme}` has no option `{name}`"))
                        .at(key.line, key.column)
                        .field(field);
                problems.push(match suggest(&name, &known) {
                    Some(near) => d.hint(format!("did you mean `{near}`?")),
                    None if known.is_empty() => d.hint("this theme has no options"),
                    None => d.hint(format!("its options are: {}", known.join(", "))),
                });
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_checked_strictly() {
        assert!(is_color("#0b57a4") && is_color("#fff") && is_color("#ffffff80"));
        assert!(!is_color("red") && !is_color("#12345") && !is_color("#fff;}body{"));
    }
}
