//! Themes: a chain of theme folders (`extends`), each with `theme.yaml`, `templates/` and
//! `static/`. One lookup order serves every template and static file: the site's
//! `templates/` (and `static/`), then the chosen theme, then the theme it extends, and so on.
//! Each theme's templates are also reachable as `NAME/path`, so that a theme can extend its
//! parent's template of the same name. Built-in themes come from the binary.

use crate::base::error::Diagnostic;
use crate::source::config::Config;
use crate::source::theme_ref::ThemeRef;
use crate::view::contract::{CONTRACT_VERSION, REQUIRED_TEMPLATES, ThemeView};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod contract_scan;
pub(crate) use contract_scan::tag_spans;
pub mod fetch;
mod files;
mod layer;
pub mod lock;
mod options;
pub mod words;

pub use files::{Origin, Problem, ThemeFile, list_files};
use files::{Source, resolve};
pub use layer::ThemeInfo;
use layer::{Layer, read_layer};
pub use options::{OptionSpec, OptionType};

const MAX_CHAIN: usize = 16;

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
    /// The theme's own words in each language (`i18n/CODE.yaml`).
    pub words: words::Words,
}

/// The themes of the chain, the chosen one first, each read from where its name leads;
/// `None` after an error (a theme not found, a circle, a chain too long).
fn read_chain(
    site: &Path,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<(Source, Layer)>> {
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
    let mut lock = LazyLock::Unread;
    loop {
        let (name, from, line, column, field) = &reference;
        let source = match locate(site, base.as_deref(), name, &mut lock) {
            Ok(source) => source,
            Err((message, hint)) => {
                problems.push(unresolved(from, (*line, *column), field, message, hint));
                return None;
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
            return None;
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
            return None;
        }
        let layer = read_layer(site, &source, problems)?;
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
    Some(layers)
}

/// A theme reference that leads nowhere, at its place.
fn unresolved(
    file: &Path,
    (line, column): (usize, usize),
    field: &str,
    message: String,
    hint: Option<String>,
) -> Diagnostic {
    let problem = Diagnostic::error(file, message)
        .at(line, column)
        .field(field);
    match hint {
        Some(hint) => problem.hint(hint),
        None => problem,
    }
}

/// The site's lock, read when the chain first meets a git theme.
enum LazyLock {
    Unread,
    Read(Option<lock::Lock>),
}

/// Where a theme reference leads: by name or path (files.rs), or a git theme's locked cache.
fn locate(
    site: &Path,
    base: Option<&Path>,
    reference: &ThemeRef,
    lock: &mut LazyLock,
) -> Result<Source, (String, Option<String>)> {
    let git = match reference {
        ThemeRef::Named(name) => return resolve(site, base, name).map_err(|m| (m, None)),
        ThemeRef::Git(git) => git,
    };
    if let LazyLock::Unread = lock {
        let read = lock::Lock::read(site).map_err(|problems| {
            let first = problems.into_iter().next();
            let message = first.as_ref().map_or_else(String::new, |d| {
                format!("handbook.lock:{}: {}", d.line, d.message)
            });
            (
                message,
                Some("run `handbook theme fetch` to write it again".to_string()),
            )
        })?;
        *lock = LazyLock::Read(read);
    }
    let LazyLock::Read(read) = lock else {
        return Err((String::new(), None));
    };
    lock::locate(site, read.as_ref(), git)
        .map(Source::Dir)
        .map_err(|(m, h)| (m, Some(h)))
}

/// Loads the theme chain that `config.theme` names and checks the site's `theme_options`.
pub fn load(site: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some(layers) = read_chain(site, config, &mut problems) else {
        return Err(problems);
    };
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
    theme.option_values =
        options::option_values(&theme.options, &theme.name, config, &mut problems);
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
            } else if let Some(code) = path
                .strip_prefix("i18n/")
                .and_then(|p| p.strip_suffix(".yaml"))
            {
                words::add(&mut theme.words, code, &file.bytes);
            }
        }
    }
    theme
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

/// The values the templates of the theme in `dir` read that the contract does not provide.
pub fn unknown_values(dir: &Path) -> Vec<Diagnostic> {
    let folder = dir.join("templates");
    let Ok(files) = list_files(&folder) else {
        return Vec::new();
    };
    let templates: Vec<(String, String)> = files
        .into_iter()
        .filter_map(|(rel, path)| {
            let bytes = crate::base::safe_fs::read(&path, 0).ok()?;
            Some((rel, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect();
    contract_scan::unknown_values(&folder, &templates)
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
