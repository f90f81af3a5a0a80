//! Themes: where templates and theme static files come from. The lookup order is the site's
//! `templates/`, then the site's `themes/NAME/`, then the themes built into the binary. The
//! default theme is embedded so that `theme: default` works with nothing else installed.

use crate::error::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme's files, relative to `themes/default/`. A test keeps this list equal to
/// the folder.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "theme.yaml",
    "static/events.js",
    "static/style.css",
    "templates/404.html",
    "templates/base.html",
    "templates/event.html",
    "templates/ground-rules.html",
    "templates/index.html",
    "templates/page.html",
    "templates/partials/event-card.html",
    "templates/partials/footer.html",
    "templates/partials/head.html",
    "templates/partials/header.html",
    "templates/partials/nav.html",
    "templates/partials/page-list.html",
    "templates/partials/person-card.html",
    "templates/partials/role-card.html",
    "templates/partials/toc.html",
    "templates/person.html",
    "templates/purpose.html",
    "templates/review.html",
    "templates/role.html",
    "templates/section.html",
    "templates/step.html",
];

/// Where a file of the theme came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded(String),
    File(PathBuf),
}

impl Origin {
    pub fn display(&self) -> PathBuf {
        match self {
            Origin::Embedded(name) => PathBuf::from(format!("<built-in theme>/{name}")),
            Origin::File(path) => path.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    pub origin: Origin,
}

/// The merged theme: each name resolved through the lookup order.
#[derive(Debug, Default)]
pub struct Theme {
    pub name: String,
    /// Template name (`partials/footer.html`) -> source.
    pub templates: BTreeMap<String, ThemeFile>,
    /// Output path (`style.css`) -> file.
    pub static_files: BTreeMap<String, ThemeFile>,
}

pub fn load(site: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme {
        name: name.to_string(),
        ..Theme::default()
    };
    let local = site.join("themes").join(name);
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(vec![
            Diagnostic::error("handbook.yaml", format!("`{name}` is not a theme name"))
                .field("theme"),
        ]);
    }
    if local.is_dir() {
        add_folder(&mut theme, site, &local)?;
    } else if name == "default" {
        for (path, bytes) in DEFAULT_THEME {
            add(
                &mut theme,
                path,
                bytes.to_vec(),
                Origin::Embedded(path.to_string()),
            );
        }
    } else {
        return Err(vec![
            Diagnostic::error("handbook.yaml", format!("no theme called `{name}`"))
                .field("theme")
                .hint(format!(
                    "put the theme in themes/{name}/, or use the built-in `default`"
                )),
        ]);
    }
    let overrides = site.join("templates");
    if overrides.is_dir() {
        for (rel, path) in list_files(&overrides)? {
            let bytes =
                std::fs::read(&path).map_err(|e| vec![Diagnostic::error(&path, e.to_string())])?;
            let origin = Origin::File(crate::source::display_path(site, &path));
            theme.templates.insert(rel, ThemeFile { bytes, origin });
        }
    }
    Ok(theme)
}

fn add(theme: &mut Theme, path: &str, bytes: Vec<u8>, origin: Origin) {
    if let Some(name) = path.strip_prefix("templates/") {
        theme
            .templates
            .insert(name.to_string(), ThemeFile { bytes, origin });
    } else if let Some(name) = path.strip_prefix("static/") {
        theme
            .static_files
            .insert(name.to_string(), ThemeFile { bytes, origin });
    }
}

fn add_folder(theme: &mut Theme, site: &Path, folder: &Path) -> Result<(), Vec<Diagnostic>> {
    for (rel, path) in list_files(folder)? {
        let bytes =
            std::fs::read(&path).map_err(|e| vec![Diagnostic::error(&path, e.to_string())])?;
        add(
            theme,
            &rel,
            bytes,
            Origin::File(crate::source::display_path(site, &path)),
        );
    }
    Ok(())
}

/// Regular files only: a symbolic link could lead out of the theme.
fn list_files(root: &Path) -> Result<Vec<(String, PathBuf)>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(|e| vec![Diagnostic::error(root, e.to_string())])?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let Some(parts) = parts else { continue };
        if parts.iter().any(|p| crate::source::is_ignored_name(p)) {
            continue;
        }
        files.push((parts.join("/"), entry.into_path()));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_matches_the_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = list_files(&root)
            .unwrap()
            .into_iter()
            .map(|(rel, _)| rel)
            .collect();
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(embedded, on_disk, "update DEFAULT_THEME in src/theme.rs");
    }
}
