//! `handbook.yaml`: the site's settings, read once at the start of a build and checked like
//! front matter (unknown keys are errors with a suggestion).

use crate::base::error::{Diagnostic, Error, Result};
use crate::source::fields::{Obj, Reader, UnknownKeys};
use crate::source::settings::{
    Budget, Health, RawHtml, read_count, read_front_matter_settings, read_health,
    read_markdown_settings, read_render_settings,
};
use crate::source::theme_ref::ThemeRef;
use crate::source::{CONFIG_FILE, frontmatter};
use std::path::{Path, PathBuf};

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "timezone",
    "theme",
    "theme_options",
    "repository",
    "edit_url",
    "front_matter",
    "upcoming_events",
    "upcoming_occurrences",
    "health",
    "markdown",
    "max_file_size",
    "render",
    "git",
    "review",
    "logo",
];

#[derive(Debug, Clone)]
pub struct Config {
    /// The key of `handbook.yaml`'s text as read: a rebuild starts afresh when it changes.
    pub text_key: crate::base::key::Key,
    pub title: String,
    pub description: Option<String>,
    pub base_url: BaseUrl,
    /// False when neither `--base-url` nor `base_url:` gave it, so that a deploy may fill it in.
    pub base_url_given: bool,
    /// This build's language: the default one, or a translation's (see `lang`).
    pub language: String,
    /// Every language of the handbook (`languages:`), the default first; one when the site
    /// names none.
    pub languages: Vec<crate::source::languages::Language>,
    /// Which of `languages` this site is: the default's at the base path, a translation's
    /// at `CODE/` below it.
    pub lang: usize,
    pub timezone: jiff::tz::TimeZone,
    pub timezone_name: String,
    pub theme: crate::source::theme_ref::ThemeRef,
    /// Where `theme:` was written, for errors about the theme.
    pub theme_at: (usize, usize),
    /// `logo:`: the site's logo, a file of `static/` or `content/` by its path in the output
    /// (`logo.svg`), with where it was written; checked against the site's files on loading.
    pub logo: Option<(String, (usize, usize))>,
    /// `theme_options` as written; checked against the theme's declared options when the
    /// theme is loaded, so errors can point at their lines.
    pub theme_options: Option<crate::source::frontmatter::Node>,
    pub repository: Option<String>,
    /// Where "suggest a change" links lead: this plus the page's file (`content/...`).
    pub edit_url: Option<String>,
    pub unknown_keys: UnknownKeys,
    /// How many upcoming events the home page and lists show.
    pub upcoming_events: usize,
    /// How many next dates of a recurring event are listed.
    pub upcoming_occurrences: usize,
    pub health: Health,
    /// `git:`: dates, authors, changes and redirects from the repository's history.
    pub git: crate::source::settings::GitSettings,
    /// `review:`: review cadences by kind, and whether pages need an owner.
    pub review: crate::source::settings::ReviewSettings,
    /// Markdown files larger than this (bytes) are refused rather than read.
    pub max_file_size: u64,
    /// What happens to HTML written in Markdown (`markdown: { raw_html: ... }`).
    pub raw_html: RawHtml,
    /// What rendering one page may spend (`render: { timeout, max_page_size }`).
    pub render_budget: Budget,
    /// Addresses into the site relative to each page (`build --relative`), for a site
    /// opened from disk; not a setting of handbook.yaml.
    pub relative_links: bool,
    /// Who the build is for (`--audience`): the public, or members, who also read the pages
    /// marked `visibility: internal`. Not a setting of handbook.yaml.
    pub audience: Audience,
    /// The site has no handbook.yaml: every setting is a default, and the title a guess
    /// (the home page's heading once it is read, else the folder's name).
    pub guessed: bool,
}

/// `logo: logo.svg`: an image of the site's own, by its path in the output. A web address
/// or a path out of the site is an error: the logo is shown on every page, from this site.
fn read_logo(r: &mut Reader, obj: &mut Obj) -> Option<(String, (usize, usize))> {
    let at = obj.value_position("logo").unwrap_or((0, 0));
    let node = r.take(obj, "logo")?;
    let text = r.text_of(node, "logo")?;
    let own = crate::base::text::own_file(&text);
    let path = own.unwrap_or_default();
    let image = [".svg", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif"]
        .iter()
        .any(|ext| path.to_ascii_lowercase().ends_with(ext));
    let outside = own.is_none();
    if outside || !image {
        let problem = if outside {
            "is not a file of this site"
        } else {
            "is not an image (SVG, PNG, JPEG, WebP, AVIF or GIF)"
        };
        r.push(
            Diagnostic::error(Path::new(CONFIG_FILE), format!("`{text}` {problem}"))
                .at(node.line, node.column)
                .field("logo")
                .hint("put the image in static/ and give its name there: `logo: logo.svg`"),
        );
        return None;
    }
    Some((path.to_string(), at))
}

impl Config {
    /// The settings of the site of language `lang`: the default's for 0, else the same with
    /// that language and a base path of `CODE/` below the default's.
    pub fn for_language(&self, lang: usize) -> Config {
        let mut config = self.clone();
        if let Some(language) = self.languages.get(lang).filter(|_| lang > 0) {
            config.lang = lang;
            config.language = language.code.clone();
            config.base_url.path = format!("{}{}/", self.base_url.path, language.code);
        }
        config
    }
}

/// Who a build is for. The public build leaves out every page marked `visibility: internal`
/// (and everything below an internal folder); the members' build keeps them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Audience {
    #[default]
    Public,
    Internal,
}

impl Audience {
    pub fn name(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Internal => "internal",
        }
    }
}

/// Where the site will live. Every URL we write starts with `path`, so a project site under
/// `https://org.github.io/group/` works as well as one at a domain's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://org.github.io` (no trailing slash), or empty when only a path is known.
    pub origin: String,
    /// Always starts and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    pub fn root() -> Self {
        BaseUrl {
            origin: String::new(),
            path: "/".to_string(),
        }
    }

    /// Accepts `https://host/sub/`, `http://host` or a bare path such as `/sub/`.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let text = text.trim();
        let (origin, path) = if let Some(rest) = text
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| text.strip_prefix("http://").map(|r| ("http://", r)))
        {
            let (scheme, rest) = rest;
            let (host, path) = match rest.find('/') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, "/"),
            };
            if host.is_empty() {
                return Err(format!("`{text}` has no host name"));
            }
            (format!("{scheme}{host}"), path.to_string())
        } else if text.starts_with('/') {
            (String::new(), text.to_string())
        } else {
            return Err(format!(
                "`{text}` is neither an http(s) address nor a path starting with `/`"
            ));
        };
        if path.contains(['?', '#', '"', '<', '>', ' ']) || path.contains("/../") {
            return Err(format!(
                "`{text}` has characters that do not belong in a site path"
            ));
        }
        let mut path = path;
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// The address GitHub Pages gives a repository (`owner/repo`): a project site under
    /// `/repo/`, or the user or organisation site when the repository is `owner.github.io`.
    pub fn github_pages(repository: &str) -> Option<BaseUrl> {
        let (owner, repo) = repository.trim().split_once('/')?;
        let valid = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        if !valid(owner) || !valid(repo) {
            return None;
        }
        let host = format!("{}.github.io", owner.to_lowercase());
        let path = if repo.eq_ignore_ascii_case(&host) {
            "/".to_string()
        } else {
            format!("/{repo}/")
        };
        Some(BaseUrl {
            origin: format!("https://{host}"),
            path,
        })
    }

    /// The absolute address of a site path (`roles/lead/`), for sitemaps and feeds.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, site_path)
    }
}

impl Config {
    /// Reads `handbook.yaml` from the site folder. `base_url_override` is `--base-url`.
    pub fn load(site: &Path, base_url_override: Option<&str>) -> Result<Config> {
        let path = site.join(CONFIG_FILE);
        let bytes = match crate::base::safe_fs::read(&path, 0) {
            Ok(bytes) => bytes,
            Err(crate::base::safe_fs::ReadError::Refused(refusal)) => {
                let refusal = refusal.within(site);
                return Err(Error::Invalid(vec![
                    Diagnostic::error(PathBuf::from(CONFIG_FILE), refusal.to_string())
                        .hint(refusal.hint()),
                ]));
            }
            Err(crate::base::safe_fs::ReadError::Io(e))
                if e.kind() == std::io::ErrorKind::NotFound && has_markdown(site) =>
            {
                // Zero configuration: a folder of Markdown builds with the defaults.
                let mut config = Self::parse(
                    &format!("title: {}\n", quoted(&guessed_title(site))),
                    base_url_override,
                )?;
                config.guessed = true;
                return Ok(config);
            }
            Err(crate::base::safe_fs::ReadError::Io(e))
                if e.kind() == std::io::ErrorKind::NotFound =>
            {
                return Err(Error::Invalid(vec![
                    Diagnostic::error(
                        PathBuf::from(CONFIG_FILE),
                        "no handbook.yaml and no Markdown in the site folder",
                    )
                    .hint(format!(
                        "is {} the site folder? It needs Markdown files (in content/ or at its top), or a handbook.yaml",
                        site.display()
                    )),
                ]));
            }
            Err(crate::base::safe_fs::ReadError::Io(e)) => return Err(Error::io(&path, e)),
        };
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::Invalid(vec![
                Diagnostic::error(
                    PathBuf::from(CONFIG_FILE),
                    "the file is not valid UTF-8 text",
                )
                .hint("save the file as UTF-8 in your editor"),
            ])
        })?;
        Self::parse(&text, base_url_override)
    }

    pub fn parse(text: &str, base_url_override: Option<&str>) -> Result<Config> {
        let text_key = crate::base::key::key_of_bytes([text.as_bytes()]);
        let text = frontmatter::normalize(text);
        let display_path = Path::new(CONFIG_FILE);
        let node = frontmatter::parse(&text, 1).map_err(|e| {
            Error::Invalid(vec![
                Diagnostic::error(display_path, e.message).at(e.line, e.column),
            ])
        })?;
        let mut r = Reader::new(display_path, UnknownKeys::Error);
        let Some(mut obj) = r.obj(&node, "") else {
            return Err(Error::Invalid(r.diagnostics));
        };
        let title = r.required_text(&mut obj, "title", "Our Community Handbook");
        let description = r.text(&mut obj, "description");
        let base_url = read_base_url(&mut r, &mut obj, base_url_override);
        let base_url_given = base_url_override.is_some() || obj.has("base_url");
        if base_url_override.is_some() {
            r.take(&mut obj, "base_url");
        }
        let language = r.text(&mut obj, "language").unwrap_or_else(|| "en".into());
        let languages = crate::source::languages::read(&mut r, &mut obj, &language);
        let language = languages[0].code.clone();
        let (timezone, timezone_name) = read_timezone(&mut r, &mut obj);
        let theme_at = obj.value_position("theme").unwrap_or((0, 0));
        let theme = match r.take(&mut obj, "theme") {
            Some(node) => crate::source::theme_ref::read(&mut r, node, "theme"),
            None => Some(ThemeRef::Named("default".into())),
        };
        let theme_options = r.take(&mut obj, "theme_options").cloned();
        let logo = read_logo(&mut r, &mut obj);
        let repository = r.url(&mut obj, "repository");
        let edit_url = r
            .url(&mut obj, "edit_url")
            .or_else(|| repository.as_deref().and_then(default_edit_url));
        let unknown_keys = read_front_matter_settings(&mut r, &mut obj);
        let upcoming_events = read_count(&mut r, &mut obj, "upcoming_events", 5);
        let upcoming_occurrences = read_count(&mut r, &mut obj, "upcoming_occurrences", 3);
        let health = read_health(&mut r, &mut obj);
        let git = crate::source::settings::read_git_settings(&mut r, &mut obj);
        let review = crate::source::settings::read_review_settings(&mut r, &mut obj);
        let raw_html = read_markdown_settings(&mut r, &mut obj);
        let render_budget = read_render_settings(&mut r, &mut obj);
        let max_file_size = read_max_file_size(&mut r, &mut obj);
        r.finish(obj, KEYS, "handbook.yaml");
        if r.has_errors() {
            return Err(Error::Invalid(r.diagnostics));
        }
        Ok(Config {
            text_key,
            title: title.unwrap_or_default(),
            description,
            base_url: base_url.unwrap_or_else(|()| BaseUrl::root()),
            base_url_given,
            language,
            languages,
            lang: 0,
            timezone,
            timezone_name,
            theme: theme.unwrap_or_else(|| ThemeRef::Named("default".into())),
            theme_at,
            logo,
            theme_options,
            repository,
            edit_url,
            unknown_keys,
            upcoming_events,
            upcoming_occurrences,
            health,
            git,
            review,
            raw_html,
            max_file_size,
            render_budget,
            relative_links: false,
            audience: Audience::Public,
            guessed: false,
        })
    }
}

/// `base_url:`, or the command line's `--base-url`, which wins; `Err` after an error.
fn read_base_url(r: &mut Reader, obj: &mut Obj, given: Option<&str>) -> Result<BaseUrl, ()> {
    match given {
        Some(url) => BaseUrl::parse(url).map_err(|m| {
            r.push(Diagnostic::error("--base-url", m));
        }),
        None => match r.take(obj, "base_url") {
            Some(node) => {
                let text = r.text_of(node, "base_url").unwrap_or_default();
                BaseUrl::parse(&text).map_err(|m| {
                    r.push(
                        Diagnostic::error(CONFIG_FILE, m)
                            .at(node.line, node.column)
                            .field("base_url")
                            .hint("for example https://org.github.io/our-group/"),
                    )
                })
            }
            None => Ok(BaseUrl::root()),
        },
    }
}

/// `timezone:` as an IANA zone and its name; UTC when absent or unknown (with an error
/// that suggests the zone meant).
fn read_timezone(r: &mut Reader, obj: &mut Obj) -> (jiff::tz::TimeZone, String) {
    let Some(node) = r.take(obj, "timezone") else {
        return (jiff::tz::TimeZone::UTC, "UTC".into());
    };
    let name = r.text_of(node, "timezone").unwrap_or_default();
    if let Ok(tz) = jiff::tz::TimeZone::get(&name) {
        return (tz, name);
    }
    let hint = crate::source::dates::zone_named(&name).map_or_else(
        || "use an IANA name such as Europe/London or America/New_York".to_string(),
        |zone| format!("did you mean `{zone}`?"),
    );
    r.push(
        Diagnostic::error(CONFIG_FILE, format!("unknown time zone `{name}`"))
            .at(node.line, node.column)
            .field("timezone")
            .hint(hint),
    );
    (jiff::tz::TimeZone::UTC, "UTC".into())
}

/// `max_file_size:` in bytes, above 0.
fn read_max_file_size(r: &mut Reader, obj: &mut Obj) -> u64 {
    match r.int(obj, "max_file_size") {
        Some(n) if n >= 1 => n as u64,
        Some(_) => {
            r.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    "`max_file_size` must be a number of bytes above 0",
                )
                .field("max_file_size"),
            );
            crate::source::MAX_FILE_BYTES
        }
        None => crate::source::MAX_FILE_BYTES,
    }
}

/// Whether a folder holds Markdown: in `content/`, or at its top, as a `docs/` folder does.
fn has_markdown(site: &Path) -> bool {
    let top = |dir: &Path| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries.filter_map(std::result::Result::ok).any(|e| {
                let name = e.file_name().to_string_lossy().to_ascii_lowercase();
                name.ends_with(".md") || (name == "content" && e.path().is_dir())
            })
        })
    };
    top(site)
}

/// A title for a site without settings: its folder's name, in words.
fn guessed_title(site: &Path) -> String {
    let name = std::path::absolute(site)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words = crate::base::text::humanise(&name);
    if words.is_empty() {
        "Handbook".into()
    } else {
        words
    }
}

/// Text as a YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"Handbook\"".into())
}

impl Config {
    /// Sets the repository when handbook.yaml names none (from `GITHUB_REPOSITORY`), and the
    /// edit links that follow from it unless `edit_url` was given.
    pub fn set_repository(&mut self, repository: String) {
        if self.edit_url.is_none() {
            self.edit_url = default_edit_url(&repository);
        }
        self.repository = Some(repository);
    }
}

/// GitHub, GitLab and Codeberg open an editor at `REPO/edit/BRANCH/PATH`; we assume `main`
/// and a site at the root of the repository. `edit_url` says otherwise.
fn default_edit_url(repository: &str) -> Option<String> {
    let repo = repository.trim_end_matches('/');
    let known = [
        "https://github.com/",
        "https://gitlab.com/",
        "https://codeberg.org/",
    ];
    if !known.iter().any(|host| repo.starts_with(host)) {
        return None;
    }
    let edit = if repo.starts_with("https://gitlab.com/") {
        "/-/edit/main/"
    } else {
        "/edit/main/"
    };
    Some(format!("{repo}{edit}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostics(text: &str) -> Vec<Diagnostic> {
        match Config::parse(text, None) {
            Err(Error::Invalid(d)) => d,
            other => panic!("expected diagnostics, got {other:?}"),
        }
    }

    #[test]
    fn base_url_keeps_its_sub_path() {
        let b = BaseUrl::parse("https://org.github.io/my-group").unwrap();
        assert_eq!(b.origin, "https://org.github.io");
        assert_eq!(b.path, "/my-group/");
        assert_eq!(
            b.absolute("roles/"),
            "https://org.github.io/my-group/roles/"
        );
        assert_eq!(BaseUrl::parse("https://example.org").unwrap().path, "/");
        assert!(BaseUrl::parse("example.org").is_err());
    }

    #[test]
    fn github_pages_addresses_from_the_repository() {
        let b = BaseUrl::github_pages("Open-Data/handbook").unwrap();
        assert_eq!(
            (b.origin.as_str(), b.path.as_str()),
            ("https://open-data.github.io", "/handbook/")
        );
        let b = BaseUrl::github_pages("open-data/open-data.github.io").unwrap();
        assert_eq!(b.path, "/");
        assert!(BaseUrl::github_pages("nonsense").is_none());
    }

    #[test]
    fn minimal_config_has_defaults() {
        let c = Config::parse("title: Our group\n", None).unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.theme, ThemeRef::Named("default".into()));
        assert_eq!(c.base_url, BaseUrl::root());
    }

    #[test]
    fn override_wins_over_config() {
        let c = Config::parse(
            "title: x\nbase_url: https://a.org/\n",
            Some("https://b.org/g/"),
        )
        .unwrap();
        assert_eq!(c.base_url.path, "/g/");
    }

    #[test]
    fn unknown_keys_and_bad_zones_are_reported_together() {
        let d = diagnostics("title: x\ntimezone: Mars/Olympus\nthem: dark\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].field.as_deref(), Some("timezone"));
        assert_eq!(d[0].line, 2);
        assert_eq!(d[1].hint.as_deref(), Some("did you mean `theme`?"));
    }

    #[test]
    fn missing_title_says_what_to_add() {
        let d = diagnostics("language: en\n");
        assert!(d[0].message.contains("`title`"));
        assert!(d[0].hint.as_deref().unwrap().contains("title:"));
    }
}
