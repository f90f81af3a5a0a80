//! The command line: parses arguments, runs the library, and formats its errors for people.

pub mod scaffold;

use crate::base::error::Error;
use crate::check::report::{self, Style};
use crate::pipeline::{self, BuildOptions};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

#[derive(Debug, Parser)]
#[command(
    name = "handbook",
    version,
    about = "Builds the handbook of a group from a folder of Markdown files",
    long_about = "Builds the handbook of a group (its purpose, ground rules, roles, people, start-up steps and events) from a folder of Markdown files into a fast, accessible static site.",
    after_help = "Examples:\n  handbook init my-group\n  handbook build my-group\n  handbook check my-group\n\nDocumentation: docs/getting-started.md"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: the time each step of a build takes.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Event,
    Role,
    Person,
    Step,
    Page,
}

#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site folder, holding handbook.yaml (default: the current folder).
    pub site: Option<PathBuf>,
    /// The address the site is published at; overrides base_url in handbook.yaml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Use this theme (a name, or a folder relative to the site) instead of handbook.yaml's.
    #[arg(long)]
    pub theme: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new handbook: settings, one file of each kind, and a GitHub Pages workflow.
    #[command(
        after_help = "Examples:\n  handbook init our-group\n  handbook init . --force    # add what is missing to this folder; nothing is overwritten"
    )]
    Init {
        /// The folder to create (default: the current folder).
        dir: Option<PathBuf>,
        /// Add the starter files to a folder that is not empty. Existing files are kept.
        #[arg(long)]
        force: bool,
        /// Only write handbook.yaml into a folder of Markdown that builds without one,
        /// recording what was guessed (its title), so the settings can be changed.
        #[arg(long, conflicts_with = "force")]
        here: bool,
    },
    /// Create a content file for a kind, with every field explained.
    #[command(
        after_help = "Examples:\n  handbook new event \"Spring meet-up\"\n  handbook new role \"Community Keeper\" --site our-group"
    )]
    New {
        /// event, role, person, step or page.
        #[arg(value_enum)]
        kind: Kind,
        /// The title; the file is named after it.
        title: String,
        /// The site folder (default: the current folder).
        #[arg(long)]
        site: Option<PathBuf>,
    },
    /// Build the site into SITE/public (or --output).
    #[command(
        after_help = "Examples:\n  handbook build example-site\n  handbook build my-group --output dist --base-url https://org.github.io/my-group/"
    )]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write every address into the site relative to its page, ending in index.html, so
        /// the folder works opened from disk, zipped or on a shared drive.
        #[arg(long)]
        relative: bool,
    },
    /// Check the handbook, front matter to health, and write nothing.
    #[command(
        after_help = "Examples:\n  handbook check\n  handbook check my-group --format json --deny warnings\n\nExit status: 0 when nothing is wrong, 1 on errors (and on warnings with --deny warnings),\n2 when the check itself could not run."
    )]
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// `text` (grouped by file) or `json` (see docs/check.md).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
    },
    /// Preview the handbook: build, serve on http://127.0.0.1:1111/, rebuild on every save,
    /// and reload open pages.
    #[command(
        after_help = "Examples:\n  handbook serve\n  handbook serve our-group --port 0 --open\n  handbook serve --poll    # on network drives, or when the system's watch limit is reached"
    )]
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Only 127.0.0.1 (this computer) is safe on a shared network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the browser.
        #[arg(long)]
        open: bool,
        /// Look for changes every half second instead of asking the system.
        #[arg(long)]
        poll: bool,
    },
    /// Build, then rebuild the output folder on every save, without a server.
    #[command(after_help = "Examples:\n  handbook watch\n  handbook watch our-group --output dist")]
    Watch {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Look for changes every half second instead of asking the system.
        #[arg(long)]
        poll: bool,
    },
    /// Work with themes.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print a shell's completion script.
    #[command(
        after_help = "Examples:\n  handbook completions bash > ~/.local/share/bash-completion/completions/handbook\n  handbook completions zsh > ~/.zfunc/_handbook"
    )]
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff), made from these commands' own help.
    #[command(after_help = "Example:\n  handbook man > handbook.1 && man ./handbook.1")]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Check that a theme fulfils the theme contract: theme.yaml, every template, and a
    /// render of the example site with it.
    #[command(
        after_help = "Example:\n  handbook theme check themes/harbour\n\nExit status: 0 when the theme is sound, 1 when it is not."
    )]
    Check {
        /// The theme's folder (holding theme.yaml).
        dir: PathBuf,
    },
}

fn options(site: SiteArgs, output: Option<PathBuf>) -> Result<BuildOptions, String> {
    let (now, source_date_epoch) = pipeline::time_from_env()?;
    Ok(BuildOptions {
        site: pipeline::site_path(site.site.as_deref()),
        output,
        base_url: site.base_url,
        now,
        source_date_epoch,
        theme_override: site.theme,
        github_repository: std::env::var("GITHUB_REPOSITORY").ok(),
        progress: None,
        relative: false,
    })
}

pub fn run() -> i32 {
    let cli = Cli::parse();
    // Generous stacks for the workers that parse and render: deeply nested input must end in
    // an error, never in a stack overflow. Fails only if a pool exists already.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(16 << 20)
        .build_global();
    let choice = match cli.color {
        ColorChoice::Auto => "auto",
        ColorChoice::Always => "always",
        ColorChoice::Never => "never",
    };
    let err_style = Style {
        color: report::use_color(choice, std::io::stderr().is_terminal()),
    };
    let out_style = Style {
        color: report::use_color(choice, std::io::stdout().is_terminal()),
    };
    let verbosity = Verbosity {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let result = match cli.command {
        Command::Init {
            dir, here: true, ..
        } => Ok(init_here(&pipeline::site_path(dir.as_deref()))),
        Command::Init { dir, force, .. } => {
            Ok(init(&pipeline::site_path(dir.as_deref()), force, verbosity))
        }
        Command::New { kind, title, site } => pipeline::time_from_env()
            .map(|(now, _)| new(&pipeline::site_path(site.as_deref()), kind, &title, now)),
        Command::Build {
            site,
            output,
            relative,
        } => options(site, output)
            .map(|o| build(BuildOptions { relative, ..o }, verbosity, err_style)),
        Command::Check { site, format, deny } => {
            options(site, None).map(|o| check(&o, format, deny.is_some(), out_style))
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
            poll,
        } => options(site, None).map(|o| {
            let serve = crate::preview::ServeOptions {
                bind,
                port,
                open,
                poll,
            };
            crate::preview::serve(
                o,
                serve,
                &mut Terminal {
                    style: err_style,
                    verbosity,
                },
            )
        }),
        Command::Watch { site, output, poll } => options(site, output).map(|o| {
            crate::preview::watch(
                o,
                poll,
                &mut Terminal {
                    style: err_style,
                    verbosity,
                },
            )
        }),
        Command::Theme(ThemeCommand::Check { dir }) => {
            pipeline::time_from_env().map(|(now, _)| theme_check(&dir, now, out_style))
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "handbook",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
        Command::Man => Ok(man()),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        2
    })
}

/// The preview's messages, on the terminal.
struct Terminal {
    style: Style,
    verbosity: Verbosity,
}

impl crate::preview::Report for Terminal {
    fn built(&mut self, rebuilt: &crate::preview::session::Rebuilt, took: std::time::Duration) {
        if self.verbosity.quiet {
            return;
        }
        eprint!("{}", report::numbered(&rebuilt.warnings, self.style));
        println!(
            "Built {} pages in {} ms ({} of the site's files made anew, the rest kept)",
            rebuilt.pages,
            took.as_millis(),
            rebuilt.rendered
        );
    }

    fn failed(&mut self, errors: &[crate::base::error::Diagnostic]) {
        eprint!("{}", report::numbered(errors, self.style));
        eprintln!("The last save did not build; still serving the last good version.");
    }

    fn note(&mut self, text: &str) {
        println!("{text}");
    }
}

#[derive(Debug, Clone, Copy)]
struct Verbosity {
    quiet: bool,
    verbose: bool,
}

fn init(dir: &Path, force: bool, verbosity: Verbosity) -> i32 {
    match crate::cli::scaffold::init(dir, force) {
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
fn init_here(dir: &Path) -> i32 {
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

fn new(site: &Path, kind: Kind, title: &str, now: jiff::Timestamp) -> i32 {
    let kind = match kind {
        Kind::Event => "event",
        Kind::Role => "role",
        Kind::Person => "person",
        Kind::Step => "step",
        Kind::Page => "page",
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

fn build(mut options: BuildOptions, verbosity: Verbosity, style: Style) -> i32 {
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

fn check(options: &BuildOptions, format: Format, deny_warnings: bool, style: Style) -> i32 {
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

fn theme_check(dir: &Path, now: jiff::Timestamp, style: Style) -> i32 {
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

/// The man page, rendered from the command definitions so it cannot fall out of date.
fn man() -> i32 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_has_examples() {
        for sub in Cli::command().get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let nested = sub.get_subcommands().all(|s| {
                s.get_after_help()
                    .is_some_and(|h| h.to_string().contains("Example"))
            });
            assert!(
                help.contains("Example") || (sub.has_subcommands() && nested),
                "{} has no examples",
                sub.get_name()
            );
        }
    }
}
