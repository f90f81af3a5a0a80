//! Each command run for people: what it prints, in what style, and its exit code.

use super::args::{Cli, Format, Kind};
use crate::base::error::Error;
use crate::check::report::{self, Style};
use crate::pipeline::{self, BuildOptions};
use clap::CommandFactory;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

#[derive(Debug, Clone, Copy)]
pub(super) struct Verbosity {
    pub(super) quiet: bool,
    pub(super) verbose: bool,
}

pub(super) fn init(dir: &Path, force: bool, today: jiff::civil::Date, verbosity: Verbosity) -> i32 {
    match crate::cli::scaffold::init(dir, force, today) {
        Ok(report) => {
            if !verbosity.quiet {
                for kept in &report.kept {
                    eprintln!("kept {} (it exists already)", dir.join(kept).display());
                }
                println!(
                    "Created a handbook in {} ({} files).",
                    dir.display(),
                    report.written.len()
                );
                println!(
                    "Next:\n  handbook serve {0}    # or: handbook build {0}\n  edit the files in {0}/content/, then push to GitHub; see docs/publishing.md",
                    dir.display()
                );
            }
            0
        }
        Err(err) => {
            eprintln!("error: {err}");
            1
        }
    }
}

/// `init --here`: the settings file for a folder that builds without one, with the title the
/// build guessed.
pub(super) fn init_here(dir: &Path) -> i32 {
    let options = BuildOptions {
        site: dir.to_path_buf(),
        output: None,
        base_url: None,
        now: jiff::Timestamp::now(),
        source_date_epoch: None,
        theme_override: None,
        github_repository: None,
        progress: None,
        relative: false,
        audience: Default::default(),
    };
    let title = match pipeline::load(&options) {
        Ok(loaded) => loaded.site.config.title.clone(),
        Err(_) => crate::source::config::Config::load(dir, None)
            .map(|c| c.title)
            .unwrap_or_else(|_| "Our Group Handbook".into()),
    };
    match crate::cli::scaffold::settings_file(dir, &title) {
        Ok(path) => {
            println!(
                "Wrote {} (title: \"{title}\"); every setting is explained in it.",
                path.display()
            );
            0
        }
        Err(Error::Invalid(diagnostics)) => {
            eprint!("{}", report::numbered(&diagnostics, Style { color: false }));
            1
        }
        Err(err) => {
            eprintln!("error: {err}");
            1
        }
    }
}

pub(super) fn new(site: &Path, kind: Kind, title: &str, now: jiff::Timestamp) -> i32 {
    let kind = match kind {
        Kind::Event => "event",
        Kind::Role => "role",
        Kind::Person => "person",
        Kind::Step => "step",
        Kind::Page => "page",
        Kind::Plan => "plan",
        Kind::Success => "success",
    };
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    // As git finds its repository: the handbook is here or in a folder above.
    let found = site.canonicalize().ok().and_then(|dir| {
        dir.ancestors()
            .find(|d| d.join(crate::source::CONFIG_FILE).is_file())
            .map(Path::to_path_buf)
    });
    let Some(found) = found else {
        eprintln!(
            "error: {} is not in a handbook: no handbook.yaml here or in a folder above.\n  hint: run it inside the handbook's folder, or name it: handbook new {kind} {:?} --site our-group",
            site.display(),
            title
        );
        return 1;
    };
    let site = if found == site.canonicalize().unwrap_or_default() {
        site.to_path_buf()
    } else {
        found
    };
    let site = site.as_path();
    match crate::cli::scaffold::new_file(site, kind, title, today) {
        Ok(path) => {
            println!("Created {}", site.join(path).display());
            0
        }
        Err(Error::Invalid(found)) => {
            eprint!("{}", report::numbered(&found, Style { color: false }));
            1
        }
        Err(err) => {
            eprintln!("error: {err}");
            1
        }
    }
}

/// Shows a progress bar on a terminal once a build has taken two seconds.
fn progress_bar(
    progress: Arc<crate::render::Progress>,
    finished: Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let mut shown = false;
        while !finished.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(100));
            let total = progress.total.load(Ordering::Relaxed);
            if started.elapsed().as_secs() < 2 || total == 0 {
                continue;
            }
            let done = progress.done.load(Ordering::Relaxed).min(total);
            let filled = done * 30 / total;
            eprint!(
                "\r  rendering [{}{}] {done}/{total} pages",
                "#".repeat(filled),
                " ".repeat(30 - filled)
            );
            shown = true;
        }
        if shown {
            eprint!("\r{}\r", " ".repeat(60));
        }
    })
}

pub(super) fn build(mut options: BuildOptions, verbosity: Verbosity, style: Style) -> i32 {
    let started = std::time::Instant::now();
    let bar = (!verbosity.quiet && std::io::stderr().is_terminal()).then(|| {
        let progress = Arc::new(crate::render::Progress::default());
        let finished = Arc::new(std::sync::atomic::AtomicBool::new(false));
        options.progress = Some(progress.clone());
        (progress_bar(progress, finished.clone()), finished)
    });
    let result = pipeline::build(&options);
    if let Some((thread, finished)) = bar {
        finished.store(true, Ordering::Relaxed);
        let _ = thread.join();
    }
    match result {
        Ok(report) => {
            if !verbosity.quiet {
                eprint!("{}", report::numbered(&report.warnings, style));
                if verbosity.verbose {
                    for (step, took) in &report.timings {
                        eprintln!("  {step:<8} {} ms", took.as_millis());
                    }
                }
                if let Some(warnings) = report.unchanged {
                    println!(
                        "Nothing changed since the last build of {} pages; {} is up to date ({} ms){}",
                        report.pages,
                        report.output.display(),
                        started.elapsed().as_millis(),
                        match warnings {
                            0 => String::new(),
                            n => format!(". It had {n} warning(s): `handbook check` lists them"),
                        }
                    );
                    return 0;
                }
                println!(
                    "Built {} pages ({} files) into {} in {} ms{}",
                    report.pages,
                    report.files,
                    report.output.display(),
                    started.elapsed().as_millis(),
                    match report.warnings.len() {
                        0 => String::new(),
                        n => format!(", {n} warning(s)"),
                    }
                );
                for note in &report.notes {
                    eprintln!("note: {note}");
                }
            }
            0
        }
        Err(Error::Invalid(diagnostics)) => {
            eprint!("{}", report::numbered(&diagnostics, style));
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("\nerror: the build failed with {errors} error(s); nothing was written");
            1
        }
        Err(err) => {
            eprintln!("error: {err}");
            1
        }
    }
}

pub(super) fn check(
    options: &BuildOptions,
    format: Format,
    deny_warnings: bool,
    style: Style,
) -> i32 {
    let (findings, notes) = match pipeline::check_with_notes(options) {
        Ok(found) => found,
        Err(err) => {
            eprintln!("error: {err}");
            return 2;
        }
    };
    let failed = findings.iter().any(|d| d.is_error()) || (deny_warnings && !findings.is_empty());
    match format {
        Format::Json => println!("{}", report::json(&findings, !failed)),
        Format::Text if findings.is_empty() => println!("No problems found."),
        Format::Text => print!("{}", report::grouped(&findings, style)),
    }
    if format == Format::Text {
        for note in &notes {
            println!("note: {note}");
        }
    }
    i32::from(failed)
}

/// The man page, rendered from the command definitions so it cannot fall out of date.
pub(super) fn man() -> i32 {
    let command = Cli::command();
    let mut page = Vec::new();
    if clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .is_err()
    {
        return 1;
    }
    use std::io::Write;
    i32::from(std::io::stdout().write_all(&page).is_err())
}

pub(super) fn import(
    source: &Path,
    tool: crate::cli::import::Tool,
    into: Option<std::path::PathBuf>,
    verbosity: Verbosity,
) -> i32 {
    let into = into.unwrap_or_else(|| {
        let name = std::path::absolute(source)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "site".into());
        source
            .parent()
            .unwrap_or(Path::new("."))
            .join(format!("{name}-handbook"))
    });
    match crate::cli::import::import(source, tool, &into) {
        Ok(report) => {
            if !verbosity.quiet {
                let kept: Vec<String> = report
                    .kept
                    .iter()
                    .map(|(k, n)| format!("{k} ({n})"))
                    .collect();
                println!(
                    "Imported {} pages and {} other files into {}; {} old addresses kept as redirects.",
                    report.pages,
                    report.files,
                    report.into.display(),
                    report.aliases
                );
                if !kept.is_empty() {
                    println!("Front matter kept under `extra:`: {}", kept.join(", "));
                }
                if !report.look_at.is_empty() {
                    println!("To look at ({}):", report.look_at.len());
                    for item in report.look_at.iter().take(20) {
                        println!("  {item}");
                    }
                    if report.look_at.len() > 20 {
                        println!(
                            "  ... and {} more in import-report.md",
                            report.look_at.len() - 20
                        );
                    }
                }
                println!("Next: handbook build {}", report.into.display());
            }
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            1
        }
    }
}
