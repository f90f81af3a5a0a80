//! The command line: parses arguments, runs the library, and formats its errors for people.

use crate::error::Error;
use crate::pipeline::{self, BuildOptions};
use crate::report::{self, Style};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "handbook",
    version,
    about = "Builds the handbook of a group from a folder of Markdown files"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
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
    /// Work with themes.
    #[command(subcommand)]
    Theme(ThemeCommand),
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
    })
}

pub fn run() -> i32 {
    let cli = Cli::parse();
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
    let result = match cli.command {
        Command::Build { site, output } => {
            options(site, output).map(|o| build(&o, cli.quiet, err_style))
        }
        Command::Check { site, format, deny } => {
            options(site, None).map(|o| check(&o, format, deny.is_some(), out_style))
        }
        Command::Theme(ThemeCommand::Check { dir }) => {
            pipeline::time_from_env().map(|(now, _)| theme_check(&dir, now, out_style))
        }
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        2
    })
}

fn build(options: &BuildOptions, quiet: bool, style: Style) -> i32 {
    let started = std::time::Instant::now();
    match pipeline::build(options) {
        Ok(report) => {
            if !quiet {
                eprint!("{}", report::numbered(&report.warnings, style));
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
    let findings = match pipeline::check(options) {
        Ok(findings) => findings,
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
    i32::from(failed)
}

fn theme_check(dir: &std::path::Path, now: jiff::Timestamp, style: Style) -> i32 {
    match pipeline::check_theme(dir, now) {
        Ok(problems) if problems.is_empty() => {
            println!(
                "The theme at {} fulfils the theme contract {}.",
                dir.display(),
                crate::theme::CONTRACT_VERSION
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
