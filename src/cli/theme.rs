//! `handbook theme ...`: fetch and update git themes, check a theme against the contract,
//! preview one with live reload, and start a new one (`theme_new.rs`).

use crate::base::error::Diagnostic;
use crate::base::error::Error;
use crate::check::report::{self, Style};
use crate::pipeline;
use crate::source::config::Config;
use crate::source::theme_ref::ThemeRef;
use crate::theme::fetch::{Mode, Report, Start};
use std::path::{Path, PathBuf};

/// Runs one `handbook theme ...` command.
pub(super) fn dispatch(
    command: super::args::ThemeCommand,
    verbosity: super::commands::Verbosity,
    (out, err): (Style, Style),
    terminal: &mut dyn crate::preview::Report,
) -> i32 {
    use super::args::ThemeCommand;
    match command {
        ThemeCommand::Check { dir } => match pipeline::time_from_env() {
            Ok((now, _)) => check(&dir, now, out),
            Err(message) => {
                eprintln!("error: {message}");
                2
            }
        },
        ThemeCommand::Fetch { site } => fetch(site.as_deref(), Mode::Fetch, verbosity.quiet, err),
        ThemeCommand::Update { name, site } => {
            fetch(site.as_deref(), Mode::Update(name), verbosity.quiet, err)
        }
        ThemeCommand::New { name, dir } => super::theme_new::new_theme(&name, dir),
        ThemeCommand::Preview { theme, site, serve } => {
            preview(&theme, site.as_deref(), serve.options(), terminal)
        }
    }
}

/// Where the chain starts in `dir`: handbook.yaml's `theme:`, or a theme folder itself.
fn start(dir: &Path) -> Result<Start, Vec<Diagnostic>> {
    let has_config = dir.join(crate::source::CONFIG_FILE).is_file();
    if !has_config && dir.join("theme.yaml").is_file() {
        return Ok(Start {
            reference: ThemeRef::Named("./".into()),
            file: PathBuf::from("theme.yaml"),
            line: 0,
            column: 0,
            field: "extends",
        });
    }
    let config = Config::load(dir, None).map_err(|e| match e {
        Error::Invalid(found) => found,
        other => vec![Diagnostic::error(
            crate::source::CONFIG_FILE,
            other.to_string(),
        )],
    })?;
    Ok(Start {
        reference: config.theme.clone(),
        file: PathBuf::from(crate::source::CONFIG_FILE),
        line: config.theme_at.0,
        column: config.theme_at.1,
        field: "theme",
    })
}

/// `theme fetch` and `theme update`.
pub(super) fn fetch(dir: Option<&Path>, mode: Mode, quiet: bool, style: Style) -> i32 {
    let dir = pipeline::site_path(dir);
    let report = start(&dir).and_then(|start| crate::theme::fetch::fetch(&dir, start, &mode));
    match report {
        Ok(report) => {
            if !quiet {
                print!("{}", describe(&report, &mode));
            }
            0
        }
        Err(problems) => {
            eprint!("{}", report::numbered(&problems, style));
            1
        }
    }
}

/// What a fetch or update did, in words.
fn describe(report: &Report, mode: &Mode) -> String {
    if report.themes.is_empty() {
        return "The site uses no theme from git; there is nothing to fetch.\n".into();
    }
    let mut out = String::new();
    for theme in &report.themes {
        let change = report.changes.iter().find(|c| c.name == theme.name);
        let commit = theme.commit.get(..12).unwrap_or(&theme.commit);
        match change {
            Some(c) => {
                match &c.from {
                    Some(from) => out.push_str(&format!(
                        "{}: {from} -> {} (commit {commit})\n",
                        theme.name, c.to
                    )),
                    None => out.push_str(&format!(
                        "{}: fetched {} (commit {commit})\n",
                        theme.name, c.to
                    )),
                }
                for section in &c.changelog {
                    for line in section.lines() {
                        out.push_str(&format!("    {line}\n"));
                    }
                }
            }
            None if matches!(mode, Mode::Update(_)) => out.push_str(&format!(
                "{}: {} is still the newest that `{}` allows\n",
                theme.name, theme.resolved, theme.pin
            )),
            None => out.push_str(&format!(
                "{}: {} as locked (commit {commit})\n",
                theme.name, theme.resolved
            )),
        }
    }
    for folder in &report.removed {
        out.push_str(&format!(
            "removed {}/{folder} (no longer used)\n",
            crate::theme::lock::CACHE
        ));
    }
    let n = report.themes.len();
    let (verb, tail) = if report.changes.is_empty() {
        ("holds", "")
    } else {
        (
            "now holds",
            "; commit it, so that every build uses these exact files",
        )
    };
    out.push_str(&format!(
        "{} {verb} {n} theme{} from git{tail}.\n",
        crate::theme::lock::LOCK_FILE,
        if n == 1 { "" } else { "s" },
    ));
    out
}

pub(super) fn check(dir: &Path, now: jiff::Timestamp, style: Style) -> i32 {
    match pipeline::check_theme(dir, now) {
        Ok(problems) if problems.is_empty() => {
            println!(
                "The theme at {} fulfils the theme contract {}.",
                dir.display(),
                crate::view::contract::CONTRACT_VERSION
            );
            0
        }
        Ok(problems) => {
            print!("{}", report::grouped(&problems, style));
            1
        }
        Err(err) => {
            eprintln!("error: {err}");
            1
        }
    }
}

/// `theme preview`: the theme with the example handbook (or a site), served and rebuilt on
/// every save of the theme's files.
pub(super) fn preview(
    theme: &Path,
    site: Option<&Path>,
    serve: crate::preview::ServeOptions,
    report: &mut dyn crate::preview::Report,
) -> i32 {
    if !theme.join("theme.yaml").is_file() {
        eprintln!(
            "error: {} has no theme.yaml\n  hint: name the theme's folder: handbook theme preview themes/harbour",
            theme.display()
        );
        return 1;
    }
    let theme = std::path::absolute(theme).unwrap_or_else(|_| theme.to_path_buf());
    let (now, source_date_epoch) = match pipeline::time_from_env() {
        Ok(found) => found,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    // The example handbook is written to a scratch folder of its own, made anew each time.
    let scratch =
        std::env::temp_dir().join(format!("handbook-theme-preview-{}", std::process::id()));
    let site = match site {
        Some(site) => site.to_path_buf(),
        None => {
            let _ = std::fs::remove_dir_all(&scratch);
            if let Err(e) = pipeline::write_example_site(&scratch, &theme) {
                eprintln!("error: cannot write the example handbook: {e}");
                return 1;
            }
            scratch.clone()
        }
    };
    let options = pipeline::BuildOptions {
        site,
        output: None,
        base_url: None,
        now,
        source_date_epoch,
        theme_override: Some(format!("{}/", theme.display())),
        github_repository: None,
        progress: None,
        relative: false,
        audience: Default::default(),
    };
    let code = crate::preview::serve(options, serve, report);
    let _ = std::fs::remove_dir_all(&scratch);
    code
}
