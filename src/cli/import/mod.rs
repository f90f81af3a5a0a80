//! `handbook import`: an existing Jekyll, MkDocs, mdBook or Hugo site made a handbook folder,
//! without touching the source. Each tool's reader (one file each) says what its pages are,
//! where they go, their old addresses and titles from its navigation; this module writes
//! them: `handbook.yaml`, `content/`, `static/`, and a report of what was mapped, what was
//! kept under `extra:` and what to look at. The new folder appears whole or not at all.

mod front;
mod hugo;
mod jekyll;
mod mdbook;
mod mkdocs;
mod pages;

use crate::model::Kind;
use front::KeyCounts;
use pages::{Page, Read, Settings};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The tools a site can be imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tool {
    Jekyll,
    Mkdocs,
    Mdbook,
    Hugo,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Jekyll => "jekyll",
            Tool::Mkdocs => "mkdocs",
            Tool::Mdbook => "mdbook",
            Tool::Hugo => "hugo",
        }
    }
}

/// What an import did, for the summary.
#[derive(Debug)]
pub struct Report {
    pub into: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub aliases: usize,
    pub mapped: Vec<(String, usize)>,
    pub kept: Vec<(String, usize)>,
    pub look_at: Vec<String>,
}

/// Imports the site at `source` into the new folder `into`.
pub fn import(source: &Path, tool: Tool, into: &Path) -> Result<Report, String> {
    if !source.is_dir() {
        return Err(format!("{} is not a folder", source.display()));
    }
    if into.exists() && std::fs::read_dir(into).map_or(true, |mut d| d.next().is_some()) {
        return Err(format!(
            "{} exists and is not empty; import into a new folder (--into)",
            into.display()
        ));
    }
    let source_abs = std::path::absolute(source).map_err(|e| e.to_string())?;
    let into_abs = std::path::absolute(into).map_err(|e| e.to_string())?;
    if into_abs.starts_with(&source_abs) {
        return Err(
            "the new folder may not be inside the site being imported, which is left as it is"
                .into(),
        );
    }
    let read = match tool {
        Tool::Jekyll => jekyll::read(source)?,
        Tool::Mkdocs => mkdocs::read(source)?,
        Tool::Mdbook => mdbook::read(source)?,
        Tool::Hugo => hugo::read(source)?,
    };
    write(read, tool, into)
}

/// Writes the handbook into a fresh folder beside `into`, then moves it into place.
fn write(mut read: Read, tool: Tool, into: &Path) -> Result<Report, String> {
    let parent = into
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    let staging = Staging::new(parent.join(format!(".handbook-import-{}", std::process::id())))?;
    let root = staging.0.as_path();
    let put = |rel: &str, bytes: &[u8]| -> Result<(), String> {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    };
    put(
        "handbook.yaml",
        settings_file(&read.settings, tool).as_bytes(),
    )?;
    let mut counts = KeyCounts::default();
    let mut aliases = 0;
    read.pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    // A place the old site's settings made (a permalink with `..`) must stay in `content/`.
    let (pages, unsafe_pages): (Vec<Page>, Vec<Page>) = std::mem::take(&mut read.pages)
        .into_iter()
        .partition(|p| pages::is_safe_rel(&p.rel));
    read.pages = pages;
    read.look_at.extend(unsafe_pages.iter().map(|p| {
        format!(
            "{}: its address would put it outside content/; left out",
            p.source
        )
    }));
    read.files.retain(|(file, rel)| {
        let safe = pages::is_safe_rel(rel);
        if !safe {
            read.look_at.push(format!(
                "{}: left out, its path is not a plain path",
                file.display()
            ));
        }
        safe
    });
    for page in &read.pages {
        read.look_at.extend(template_syntax(page));
        let (text, added) = page_text(page, &mut counts);
        aliases += added;
        put(&format!("content/{}", page.rel), text.as_bytes())?;
    }
    for (file, rel) in &read.files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        put(rel, &bytes)?;
    }
    let report = Report {
        into: into.to_path_buf(),
        pages: read.pages.len(),
        files: read.files.len(),
        aliases,
        mapped: counts.mapped.into_iter().collect(),
        kept: counts.kept.into_iter().collect(),
        look_at: read.look_at,
    };
    put("import-report.md", report_text(&report, tool).as_bytes())?;
    if into.exists() {
        std::fs::remove_dir(into).map_err(|e| format!("{}: {e}", into.display()))?;
    }
    std::fs::rename(root, into).map_err(|e| format!("{}: {e}", into.display()))?;
    Ok(report)
}

/// The folder the import is written in; gone again if the import fails on the way.
struct Staging(PathBuf);

impl Staging {
    fn new(path: PathBuf) -> Result<Staging, String> {
        std::fs::create_dir(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Staging(path))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After the move into place there is nothing here to remove.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One page's file: handbook front matter, then the body as it was. Returns how many old
/// addresses it keeps.
fn page_text(page: &Page, counts: &mut KeyCounts) -> (String, usize) {
    let slug = page.front.get("slug").and_then(Value::as_str);
    let kind = Kind::from_path(&page.rel);
    let new_path = crate::model::site::page_path(&page.rel, Kind::Page, slug);
    let mut aliases = Vec::new();
    if let Some(old) = &page.old_url {
        let old = old.trim_start_matches('/');
        // Only an address of this site can be an old address (`aliases:` checks it too).
        let old = if pages::is_safe_rel(old.trim_end_matches('/')) || old.is_empty() {
            old
        } else {
            ""
        };
        let same = old == new_path
            || format!("{old}/") == new_path
            || old == format!("{new_path}index.html");
        if !same && !old.is_empty() {
            aliases.push(format!("/{old}"));
        }
    }
    let added = aliases.len();
    let extras = front::Extras {
        nav_title: page.nav_title.as_deref(),
        weight: page.weight,
        aliases,
        plain_kind: !matches!(kind, Kind::Page | Kind::Section),
        updated: page.updated.clone(),
    };
    let mut text = front::write(&page.front, extras, counts);
    text.push_str(&page.body);
    (text, added)
}

/// Lines holding template syntax the old tool ran and handbook does not (Liquid, Jinja,
/// Hugo's shortcodes, mdBook's includes): left as text, each named for the report.
fn template_syntax(page: &Page) -> Vec<String> {
    let mut found = Vec::new();
    let mut fenced = false;
    for (n, line) in page.body.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        }
        // mdBook's `{{#...}}` runs inside code blocks too.
        if (!fenced && (line.contains("{{") || line.contains("{%"))) || line.contains("{{#") {
            let shown: String = line.trim().chars().take(80).collect();
            found.push(format!(
                "{}:{}: template syntax left as text: {shown}",
                page.source,
                page.body_line + n
            ));
        }
    }
    found
}

/// `handbook.yaml` from the old settings; what is not known is left out (the defaults hold).
fn settings_file(settings: &Settings, tool: Tool) -> String {
    let mut out = format!(
        "# Made by `handbook import --from {}`; docs/configuration.md lists every setting.\n",
        tool.name()
    );
    let quoted = |v: &str| serde_json::to_string(v).unwrap_or_default();
    let title = settings.title.as_deref().unwrap_or("Our handbook");
    out.push_str(&format!("title: {}\n", quoted(title)));
    if let Some(description) = &settings.description {
        out.push_str(&format!("description: {}\n", quoted(description.trim())));
    }
    if let Some(url) = &settings.base_url
        && crate::source::config::BaseUrl::parse(url).is_ok()
    {
        out.push_str(&format!("base_url: {}\n", quoted(url)));
    }
    if let Some(language) = &settings.language {
        out.push_str(&format!("language: {}\n", quoted(language)));
    }
    if let Some(zone) = &settings.timezone
        && jiff::tz::TimeZone::get(zone).is_ok()
    {
        out.push_str(&format!("timezone: {}\n", quoted(zone)));
    }
    out
}

/// The report, also written as `import-report.md` beside `handbook.yaml`.
fn report_text(report: &Report, tool: Tool) -> String {
    let list = |items: &[(String, usize)]| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items
                .iter()
                .map(|(k, n)| format!("`{k}` ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut out = format!(
        "# Imported from {}\n\n- pages: {}\n- files copied as they are: {}\n- old addresses kept as redirects: {}\n- front matter keys mapped: {}\n- front matter keys kept under `extra:`: {}\n",
        tool.name(),
        report.pages,
        report.files,
        report.aliases,
        list(&report.mapped),
        list(&report.kept),
    );
    if report.look_at.is_empty() {
        out.push_str("\nNothing to look at.\n");
    } else {
        out.push_str(&format!("\n## To look at ({})\n\n", report.look_at.len()));
        for item in &report.look_at {
            out.push_str(&format!("- {item}\n"));
        }
    }
    out
}
