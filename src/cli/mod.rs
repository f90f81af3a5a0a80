//! The command line: parses arguments, runs the library, and formats its errors for people.
//! The arguments are in `args.rs`, each command's output in `commands.rs`.

mod args;
mod commands;
pub mod import;
pub mod scaffold;
mod theme;
mod theme_new;
mod translated;

use crate::check::report::{self, Style};
use crate::pipeline::{self, BuildOptions};
pub use args::*;
use clap::{CommandFactory, Parser};
use commands::{Verbosity, build, check, init, init_here, man, new};
use std::io::IsTerminal;
use std::path::PathBuf;

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
        audience: site.audience.into(),
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
    let styles = Styles {
        err: Style {
            color: report::use_color(choice, std::io::stderr().is_terminal()),
        },
        out: Style {
            color: report::use_color(choice, std::io::stdout().is_terminal()),
        },
    };
    let verbosity = Verbosity {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    dispatch(cli.command, verbosity, styles).unwrap_or_else(|message| {
        eprintln!("error: {message}");
        2
    })
}

/// How the two streams are written: in colour or not, each by whether it is a terminal.
#[derive(Debug, Clone, Copy)]
struct Styles {
    err: Style,
    out: Style,
}

/// Runs one command; `Err` is a message for a mistake before it could start.
fn dispatch(command: Command, verbosity: Verbosity, styles: Styles) -> Result<i32, String> {
    let terminal = || Terminal {
        style: styles.err,
        verbosity,
    };
    match command {
        Command::Init {
            dir, here: true, ..
        } => Ok(init_here(&pipeline::site_path(dir.as_deref()))),
        Command::Init { dir, force, .. } => pipeline::time_from_env().map(|(now, _)| {
            let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
            init(
                &pipeline::site_path(dir.as_deref()),
                force,
                today,
                verbosity,
            )
        }),
        Command::New { kind, title, site } => pipeline::time_from_env()
            .map(|(now, _)| new(&pipeline::site_path(site.as_deref()), kind, &title, now)),
        Command::Build {
            site,
            output,
            relative,
        } => options(site, output)
            .map(|o| build(BuildOptions { relative, ..o }, verbosity, styles.err)),
        Command::Check { site, format, deny } => {
            options(site, None).map(|o| check(&o, format, deny.is_some(), styles.out))
        }
        Command::Serve { site, serve } => {
            options(site, None).map(|o| crate::preview::serve(o, serve.options(), &mut terminal()))
        }
        Command::Watch { site, output, poll } => {
            options(site, output).map(|o| crate::preview::watch(o, poll, &mut terminal()))
        }
        Command::Theme(command) => Ok(theme::dispatch(
            command,
            verbosity,
            (styles.out, styles.err),
            &mut terminal(),
        )),
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
        Command::Translated { files, site } => {
            let site = SiteArgs {
                site,
                base_url: None,
                theme: None,
                audience: args::Audience::Internal,
            };
            options(site, None).map(|o| translated::translated(&o, &files))
        }
        Command::Import { source, from, into } => {
            Ok(commands::import(&source, from, into, verbosity))
        }
    }
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
