//! The command line: parses arguments, runs the library, and formats its errors for people.

use crate::error::{Diagnostic, Error, Severity};
use crate::pipeline::{self, BuildOptions};
use clap::{Parser, Subcommand};
use std::io::Write;
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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into SITE/public (or --output).
    #[command(
        after_help = "Examples:\n  handbook build example-site\n  handbook build my-group --output dist --base-url https://org.github.io/my-group/"
    )]
    Build {
        /// The site folder, holding handbook.yaml (default: the current folder).
        site: Option<PathBuf>,
        /// Where to write the site.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The address the site is published at; overrides base_url in handbook.yaml.
        #[arg(long)]
        base_url: Option<String>,
    },
}

pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
        } => {
            let (now, source_date_epoch) = match pipeline::time_from_env() {
                Ok(times) => times,
                Err(message) => {
                    eprintln!("error: {message}");
                    return 2;
                }
            };
            let options = BuildOptions {
                site: pipeline::site_path(site.as_deref()),
                output,
                base_url,
                now,
                source_date_epoch,
            };
            build(&options, cli.quiet)
        }
    }
}

fn build(options: &BuildOptions, quiet: bool) -> i32 {
    let started = std::time::Instant::now();
    match pipeline::build(options) {
        Ok(report) => {
            if !quiet {
                print_list(&report.warnings);
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
            print_list(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("error: the build failed with {errors} error(s); nothing was written");
            1
        }
        Err(err) => {
            eprintln!("error: {err}");
            1
        }
    }
}

/// Prints diagnostics as one numbered list, errors and warnings together in file order.
fn print_list(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for (n, d) in diagnostics.iter().enumerate() {
        let _ = writeln!(err, "{:>3}. {}", n + 1, indent(&d.to_string()));
        if d.severity == Severity::Error && n + 1 == diagnostics.len() {
            let _ = writeln!(err);
        }
    }
}

fn indent(text: &str) -> String {
    text.replace("\n   ", "\n       ")
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
