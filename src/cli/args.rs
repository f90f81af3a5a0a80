//! The arguments of every command, as clap reads them; their help text is the manual page.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    Plan,
    Success,
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
    /// Who the site is for: `public` leaves out every page marked `visibility: internal`;
    /// `internal` builds the members' site with them (into SITE/internal-site by default),
    /// for a host with access control.
    #[arg(long, value_enum, default_value_t = Audience::Public)]
    pub audience: Audience,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Audience {
    Public,
    Internal,
}

impl From<Audience> for crate::source::config::Audience {
    fn from(audience: Audience) -> Self {
        match audience {
            Audience::Public => crate::source::config::Audience::Public,
            Audience::Internal => crate::source::config::Audience::Internal,
        }
    }
}

/// How the preview serves (`serve`, `theme preview`).
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The port; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Only 127.0.0.1 (this computer) is safe on a shared network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the preview in the browser.
    #[arg(long)]
    pub open: bool,
    /// Look for changes every half second instead of asking the system.
    #[arg(long)]
    pub poll: bool,
}

impl ServeArgs {
    pub fn options(&self) -> crate::preview::ServeOptions {
        crate::preview::ServeOptions {
            bind: self.bind,
            port: self.port,
            open: self.open,
            poll: self.poll,
        }
    }
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
    /// Turn a Jekyll, MkDocs, mdBook or Hugo site into a handbook folder; the site is not touched.
    #[command(
        after_help = "Examples:\n  handbook import ../our-jekyll-site --from jekyll --into our-handbook\n  handbook import docs-site --from mkdocs\n\nWrites handbook.yaml, content/, static/ and import-report.md into the new folder\n(default: NAME-handbook beside the site), and prints what was mapped, what was kept\nunder `extra:` and what to look at. docs/import.md says what each tool's parts become."
    )]
    Import {
        /// The folder of the site to import.
        source: PathBuf,
        /// The tool the site was made for.
        #[arg(long, value_enum)]
        from: crate::cli::import::Tool,
        /// The new handbook folder, which must not exist yet or be empty.
        #[arg(long)]
        into: Option<PathBuf>,
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
        #[command(flatten)]
        serve: ServeArgs,
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
    /// Record that translations say what their source says now (`source_hash:`), for the
    /// translation status page outside git.
    #[command(
        after_help = "Example:\n  handbook translated content/de/purpose.md content/de/roles/lead.md --site .\n\nWrites the hash of each file's source (the default language's page) into its front\nmatter as `source_hash:`; translation-status/ marks the translation older than its\nsource once the source changes. In git, the status page uses the commits' dates instead."
    )]
    Translated {
        /// The translations, in a language's folder or with a language suffix.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The site folder (default: the current folder).
        #[arg(long)]
        site: Option<PathBuf>,
    },
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
    /// Fetch the themes kept in git repositories that handbook.yaml names (and the themes
    /// they extend) into .handbook/themes/, exactly as handbook.lock holds them; write the
    /// lock for themes it does not hold yet. Build, serve and check never fetch.
    #[command(after_help = "Examples:
  handbook theme fetch
  handbook theme fetch our-group
  handbook theme fetch themes/team    # a theme folder that extends a git theme

Exit status: 0 when every git theme is in place, 1 when one is not.")]
    Fetch {
        /// The site folder, holding handbook.yaml (or a theme's folder, holding theme.yaml).
        site: Option<PathBuf>,
    },
    /// Move git themes to the newest version their `version:` range allows, print what
    /// changed (with the theme's CHANGELOG), and rewrite handbook.lock.
    #[command(after_help = "Examples:
  handbook theme update            # every git theme
  handbook theme update org-theme  # just this one
  handbook theme update --site our-group")]
    Update {
        /// The theme's name (in its theme.yaml); all git themes when left out.
        name: Option<String>,
        /// The site folder (default: the current folder).
        #[arg(long)]
        site: Option<PathBuf>,
    },
    /// Start a theme of your own, in its own folder or repository: theme.yaml, a template
    /// that extends the default theme, a stylesheet, a README, a CHANGELOG and a CI workflow.
    #[command(after_help = "Examples:
  handbook theme new harbour
  handbook theme new harbour --dir ~/src/harbour-theme")]
    New {
        /// The theme's name: letters, digits and dashes.
        name: String,
        /// Where to make it (default: a new folder called NAME).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Serve a theme against the example handbook (or a site of yours), rebuilding and
    /// reloading on every save of the theme, so that every kind of page can be seen.
    #[command(after_help = "Examples:
  handbook theme preview .
  handbook theme preview themes/harbour --site our-group --port 0 --open")]
    Preview {
        /// The theme's folder (holding theme.yaml).
        theme: PathBuf,
        /// A site to show it with (default: the example handbook).
        #[arg(long)]
        site: Option<PathBuf>,
        #[command(flatten)]
        serve: ServeArgs,
    },
}
