//! Themes: a chain of theme folders (`extends`), each with `theme.yaml`, `templates/` and
//! `static/`. One lookup order serves every template and static file: the site's
//! `templates/` (and `static/`), then the chosen theme, then the theme it extends, and so on.
//! Each theme's templates are also reachable as `NAME/path`, so that a theme can extend its
//! parent's template of the same name. Built-in themes come from the binary.

use crate::base::error::{Diagnostic, suggest};
use crate::source::config::Config;
use crate::source::fields::{Reader, UnknownKeys};
use crate::source::frontmatter::{self, Node, Value};
use crate::view::contract::{CONTRACT_VERSION, REQUIRED_TEMPLATES, ThemeView};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod files;

pub use files::{Origin, Problem, ThemeFile, list_files};
use files::{Source, read_files, resolve};

const THEME_KEYS: &[&str] = &[
    "name",
    "version",
    "description",
    "extends",
    "handbook",
    "options",
];
const OPTION_KEYS: &[&str] = &["type", "default", "description"];
const MAX_CHAIN: usize = 16;

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
    fn parse(name: &str) -> Option<OptionType> {
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

    fn name(self) -> &'static str {
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
    fn accept(self, node: &Node) -> Option<serde_json::Value> {
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

/// One theme of the chain, as `theme.yaml` describes it.
#[derive(Debug, Clone)]
pub struct ThemeInfo {
    pub name: String,
    pub version: String,
    pub description: Option<String>,
}

/// The merged theme: each name resolved through the lookup order.
#[derive(Debug, Default)]
pub struct Theme {
    pub name: String,
    pub version: String,
    /// The chain, the chosen theme first.
    pub chain: Vec<ThemeInfo>,
    /// Template name (`partials/footer.html`, or `default/base.html`) -> source.
    pub templates: BTreeMap<String, ThemeFile>,
    /// Output path (`style.css`) -> file.
    pub static_files: BTreeMap<String, ThemeFile>,
    pub options: BTreeMap<String, OptionSpec>,
    /// Declared defaults with the site's `theme_options` applied: what templates see.
    pub option_values: serde_json::Map<String, serde_json::Value>,
    /// The folders of the chain's themes that are not built in, for the preview to watch.
    pub folders: Vec<PathBuf>,
}

struct Layer {
    info: ThemeInfo,
    extends: Option<(String, usize, usize)>,
    requirement: Option<(String, usize, usize)>,
    options: Vec<(String, OptionSpec)>,
    files: Vec<(String, ThemeFile)>,
    spec_path: PathBuf,
}

fn read_layer(site: &Path, source: &Source, problems: &mut Vec<Diagnostic>) -> Option<Layer> {
    let before = problems.len();
    let files = read_files(site, source, problems);
    // The folder could not be listed (a link out of the theme): that error is the message;
    // "has no theme.yaml" would be a second, false one.
    if files.is_empty() && problems.len() > before {
        return None;
    }
    let spec_path = match source {
        Source::Builtin(name, _) => PathBuf::from(format!("<built-in theme>/{name}/theme.yaml")),
        Source::Dir(root) => crate::source::display_path(site, &root.join("theme.yaml")),
    };
    let Some((_, spec)) = files.iter().find(|(rel, _)| rel == "theme.yaml") else {
        problems.push(
            Diagnostic::error(
                &spec_path,
                format!("{} has no theme.yaml", source.describe(site)),
            )
            .hint("a theme needs theme.yaml with at least `name:` and `version:`"),
        );
        return None;
    };
    let text = String::from_utf8_lossy(&spec.bytes);
    let text = frontmatter::normalize(&text);
    let node = match frontmatter::parse(&text, 1) {
        Ok(node) => node,
        Err(e) => {
            problems.push(
                Diagnostic::error(
                    &spec_path,
                    format!("theme.yaml is not valid YAML: {}", e.message),
                )
                .at(e.line, e.column),
            );
            return None;
        }
    };
    let mut r = Reader::new(&spec_path, UnknownKeys::Error);
    let mut obj = r.obj(&node, "")?;
    let name = r
        .required_text(&mut obj, "name", "my-theme")
        .unwrap_or_default();
    let version = r
        .required_text(&mut obj, "version", "1.0.0")
        .unwrap_or_default();
    let description = r.text(&mut obj, "description");
    let extends = r
        .take(&mut obj, "extends")
        .and_then(|n| Some((r.text_of(n, "extends")?, n.line, n.column)));
    let requirement = r
        .take(&mut obj, "handbook")
        .and_then(|n| Some((r.text_of(n, "handbook")?, n.line, n.column)));
    let mut options = Vec::new();
    if let Some(node) = r.take(&mut obj, "options")
        && let Some(map) = r.obj(node, "options.")
    {
        let Value::Map(entries) = &node.value else {
            return None;
        };
        for (key, value) in entries {
            let option = crate::source::frontmatter::key_text(key);
            let field = format!("options.{option}");
            let Some(mut spec) = r.obj(value, &format!("{field}.")) else {
                continue;
            };
            let kind = r.take(&mut spec, "type").and_then(|n| {
                let text = r.text_of(n, &format!("{field}.type"))?;
                let kind = OptionType::parse(&text);
                if kind.is_none() {
                    r.error_at(n, &format!("{field}.type"), format!("unknown option type `{text}`; use string, bool, integer, number, color or list"));
                }
                kind
            });
            let default = r.take(&mut spec, "default");
            let description = r.text(&mut spec, "description").unwrap_or_default();
            r.finish(spec, OPTION_KEYS, "a theme option");
            let Some(kind) = kind else {
                if !r.has_errors() {
                    r.push(
                        Diagnostic::error(&spec_path, format!("option `{option}` has no `type`"))
                            .at(value.line, value.column)
                            .field(field),
                    );
                }
                continue;
            };
            let default = match default.map(|d| (d, kind.accept(d))) {
                Some((_, Some(json))) => json,
                Some((d, None)) => {
                    r.error_at(
                        d,
                        &format!("{field}.default"),
                        format!("the default is not a {}", kind.name()),
                    );
                    continue;
                }
                None => {
                    r.push(
                        Diagnostic::error(
                            &spec_path,
                            format!("option `{option}` has no `default`"),
                        )
                        .at(value.line, value.column)
                        .field(field),
                    );
                    continue;
                }
            };
            options.push((
                option,
                OptionSpec {
                    kind,
                    default,
                    description,
                    theme: name.clone(),
                },
            ));
        }
        drop(map);
    }
    r.finish(obj, THEME_KEYS, "theme.yaml");
    let failed = r.has_errors();
    problems.extend(r.diagnostics);
    if failed {
        return None;
    }
    Some(Layer {
        info: ThemeInfo {
            name,
            version,
            description,
        },
        extends,
        requirement,
        options,
        files,
        spec_path,
    })
}

/// Loads the theme chain that `config.theme` names and checks the site's `theme_options`.
pub fn load(site: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut layers: Vec<(Source, Layer)> = Vec::new();
    let (line, column) = config.theme_at;
    let mut reference = (
        config.theme.clone(),
        PathBuf::from(crate::source::CONFIG_FILE),
        line,
        column,
        "theme",
    );
    let mut base: Option<PathBuf> = None;
    loop {
        let (name, from, line, column, field) = &reference;
        let source = match resolve(site, base.as_deref(), name) {
            Ok(source) => source,
            Err(message) => {
                problems.push(
                    Diagnostic::error(from, message)
                        .at(*line, *column)
                        .field(*field),
                );
                return Err(problems);
            }
        };
        if let Some(position) = layers
            .iter()
            .position(|(s, _)| s.identity() == source.identity())
        {
            let cycle: Vec<String> = layers[position..]
                .iter()
                .map(|(_, l)| l.info.name.clone())
                .chain([layers[position].1.info.name.clone()])
                .collect();
            problems.push(
                Diagnostic::error(
                    from,
                    format!(
                        "the themes extend each other in a circle: {}",
                        cycle.join(" -> ")
                    ),
                )
                .at(*line, *column)
                .field("extends"),
            );
            return Err(problems);
        }
        if layers.len() >= MAX_CHAIN {
            problems.push(
                Diagnostic::error(
                    from,
                    format!("more than {MAX_CHAIN} themes extend each other"),
                )
                .at(*line, *column)
                .field("extends"),
            );
            return Err(problems);
        }
        let Some(layer) = read_layer(site, &source, &mut problems) else {
            return Err(problems);
        };
        base = match &source {
            Source::Dir(path) => Some(path.clone()),
            Source::Builtin(..) => None,
        };
        let next = layer
            .extends
            .clone()
            .map(|(n, l, c)| (n, layer.spec_path.clone(), l, c, "extends"));
        layers.push((source, layer));
        match next {
            Some(next) => reference = next,
            None => break,
        }
    }
    check_versions(&layers, &mut problems);
    check_names(&layers, &mut problems);
    let folders: Vec<PathBuf> = layers
        .iter()
        .filter_map(|(source, _)| match source {
            Source::Dir(path) => Some(path.clone()),
            Source::Builtin(..) => None,
        })
        .collect();
    let mut theme = merge(layers);
    theme.folders = folders;
    apply_options(&mut theme, config, &mut problems);
    override_templates(site, &mut theme, &mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok(theme)
}

fn check_versions(layers: &[(Source, Layer)], problems: &mut Vec<Diagnostic>) {
    let ours = semver::Version::parse(env!("CARGO_PKG_VERSION")).ok();
    for (_, layer) in layers {
        let Some((text, line, column)) = &layer.requirement else {
            continue;
        };
        match (semver::VersionReq::parse(text), &ours) {
            (Ok(req), Some(ours)) if !req.matches(ours) => problems.push(
                Diagnostic::error(&layer.spec_path, format!(
                    "the theme `{}` supports handbook {text}, but this is handbook {ours}",
                    layer.info.name
                ))
                .at(*line, *column)
                .field("handbook")
                .hint("use a version of the theme made for this handbook, or a handbook its range allows"),
            ),
            (Err(e), _) => problems.push(
                Diagnostic::error(&layer.spec_path, format!("`{text}` is not a version range: {e}"))
                    .at(*line, *column)
                    .field("handbook")
                    .hint("write it like `>=0.1, <0.2`"),
            ),
            _ => {}
        }
    }
}

/// Names become template prefixes (`default/base.html`), so they must be unique in a chain
/// and must not hide a template folder.
fn check_names(layers: &[(Source, Layer)], problems: &mut Vec<Diagnostic>) {
    for (i, (_, layer)) in layers.iter().enumerate() {
        let name = &layer.info.name;
        let bad = name.is_empty() || name.contains(['/', '\\', '.']) || name == "partials";
        if bad {
            problems.push(
                Diagnostic::error(
                    &layer.spec_path,
                    format!("`{name}` cannot be a theme's name"),
                )
                .field("name")
                .hint("use letters, digits and dashes"),
            );
        }
        if layers[..i].iter().any(|(_, l)| l.info.name == *name) {
            problems.push(
                Diagnostic::error(
                    &layer.spec_path,
                    format!("two themes in the chain are called `{name}`"),
                )
                .field("name")
                .hint("give the theme that extends the other a name of its own in its theme.yaml"),
            );
        }
    }
}

fn merge(layers: Vec<(Source, Layer)>) -> Theme {
    let mut theme = Theme {
        name: layers[0].1.info.name.clone(),
        version: layers[0].1.info.version.clone(),
        chain: layers.iter().map(|(_, l)| l.info.clone()).collect(),
        ..Theme::default()
    };
    // From the root of the chain to the chosen theme, so that later layers win.
    for (_, layer) in layers.into_iter().rev() {
        for (name, spec) in layer.options {
            theme.options.insert(name, spec);
        }
        for (path, file) in layer.files {
            if let Some(name) = path.strip_prefix("templates/") {
                theme
                    .templates
                    .insert(format!("{}/{name}", layer.info.name), file.clone());
                theme.templates.insert(name.to_string(), file);
            } else if let Some(name) = path.strip_prefix("static/") {
                theme.static_files.insert(name.to_string(), file);
            }
        }
    }
    theme
}

fn apply_options(theme: &mut Theme, config: &Config, problems: &mut Vec<Diagnostic>) {
    for (name, spec) in &theme.options {
        theme
            .option_values
            .insert(name.clone(), spec.default.clone());
    }
    let Some(node) = &config.theme_options else {
        return;
    };
    let path = Path::new(crate::source::CONFIG_FILE);
    let Value::Map(entries) = &node.value else {
        problems.push(
            Diagnostic::error(path, "`theme_options` must be a mapping of option: value")
                .at(node.line, node.column)
                .field("theme_options"),
        );
        return;
    };
    let known: Vec<&str> = theme.options.keys().map(String::as_str).collect();
    for (key, value) in entries {
        let name = crate::source::frontmatter::key_text(key);
        let field = format!("theme_options.{name}");
        match theme.options.get(&name) {
            Some(spec) => match spec.kind.accept(value) {
                Some(json) => {
                    theme.option_values.insert(name, json);
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
                let d = Diagnostic::error(
                    path,
                    format!("the theme `{}` has no option `{name}`", theme.name),
                )
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
}

/// The site's `templates/` win over every theme.
fn override_templates(site: &Path, theme: &mut Theme, problems: &mut Vec<Diagnostic>) {
    let overrides = site.join("templates");
    if crate::source::top_folder(site, "templates", problems) != Some(true) {
        return;
    }
    match list_files(&overrides) {
        Ok(files) => {
            for (rel, path) in files {
                match crate::base::safe_fs::read(&path, 0) {
                    Ok(bytes) => {
                        let origin = Origin::File(crate::source::display_path(site, &path));
                        theme.templates.insert(rel, ThemeFile { bytes, origin });
                    }
                    Err(e) => problems.push(Diagnostic::error(
                        crate::source::display_path(site, &path),
                        e.to_string(),
                    )),
                }
            }
        }
        Err(found) => problems.extend(
            found
                .into_iter()
                .map(|(p, m)| Diagnostic::error(crate::source::display_path(site, &p), m)),
        ),
    }
}

impl Theme {
    /// What templates see as `theme`.
    pub fn context(&self) -> ThemeView<'_> {
        ThemeView {
            chain: self.chain.iter().map(|t| t.name.as_str()).collect(),
            contract: CONTRACT_VERSION,
            name: &self.name,
            options: &self.option_values,
            version: &self.version,
        }
    }

    /// Required templates the chain does not provide.
    pub fn missing_templates(&self) -> Vec<&'static str> {
        REQUIRED_TEMPLATES
            .iter()
            .copied()
            .filter(|t| !self.templates.contains_key(*t))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_checked_strictly() {
        assert!(is_color("#0b57a4") && is_color("#fff") && is_color("#ffffff80"));
        assert!(!is_color("red") && !is_color("#12345") && !is_color("#fff;}body{"));
    }

    #[test]
    fn built_in_themes_provide_every_required_template() {
        for (name, files) in crate::base::embedded::THEMES {
            let templates: Vec<&str> = files
                .iter()
                .filter_map(|(p, _)| p.strip_prefix("templates/"))
                .collect();
            if *name == "default" {
                for required in REQUIRED_TEMPLATES {
                    assert!(templates.contains(required), "{name} lacks {required}");
                }
            }
        }
    }
}
