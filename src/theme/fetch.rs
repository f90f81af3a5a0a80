//! `handbook theme fetch` and `update`: walk the theme chain, and for each git theme keep
//! the locked commit (fetching it again only when the cache is missing) or choose a new one
//! within the asked range; then write `handbook.lock` and drop cache folders no longer used.

use super::files::{Source, resolve};
use super::layer::read_layer;
use super::lock::{self, Lock, Locked};
use crate::base::error::Diagnostic;
use crate::source::git::remote::{self, RemoteError, RemoteRef};
use crate::source::theme_ref::{GitTheme, Pin, ThemeRef};
use std::path::{Path, PathBuf};

/// What to do with themes that are locked already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Keep every locked commit; fetch only what is missing or newly asked for.
    Fetch,
    /// Choose again within the range: every git theme (`None`) or the one of this name.
    Update(Option<String>),
}

/// A git theme whose commit changed, for the report.
#[derive(Debug, Clone)]
pub struct Change {
    pub name: String,
    /// `None` for a theme fetched for the first time.
    pub from: Option<String>,
    pub to: String,
    /// The theme's CHANGELOG.md sections between the two versions, as written.
    pub changelog: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Report {
    pub themes: Vec<Locked>,
    pub changes: Vec<Change>,
    /// Cache folders removed because nothing uses them any more.
    pub removed: Vec<String>,
}

/// Where the chain starts: `handbook.yaml`'s `theme:` (or a theme folder's own theme.yaml).
pub struct Start {
    pub reference: ThemeRef,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub field: &'static str,
}

const MAX_CHAIN: usize = 16;

/// Fetches the chain's git themes into the cache and writes the lock. `site` is the folder
/// that holds (or will hold) `handbook.lock`.
pub fn fetch(site: &Path, start: Start, mode: &Mode) -> Result<Report, Vec<Diagnostic>> {
    let existing = Lock::read(site)?;
    let old = existing.clone().unwrap_or_default();
    let cache = lock::cache_root(site).map_err(|e| {
        vec![
            Diagnostic::error(lock::CACHE, e)
                .hint("remove the link; handbook keeps fetched themes there"),
        ]
    })?;
    let mut report = Report::default();
    let mut at = Some(start);
    let mut base: Option<PathBuf> = None;
    let mut seen = Vec::new();
    while let Some(here) = at.take() {
        if seen.len() >= MAX_CHAIN {
            return Err(vec![*here.error(
                format!("more than {MAX_CHAIN} themes extend each other"),
                None,
            )]);
        }
        let source = match &here.reference {
            ThemeRef::Named(name) => {
                resolve(site, base.as_deref(), name).map_err(|m| vec![*here.error(m, None)])?
            }
            ThemeRef::Git(git) => {
                let locked = one_theme(site, &cache, &here, git, old.find(git), mode, &mut report)
                    .map_err(|e| vec![*e])?;
                let folder = cache.join(&locked.folder);
                report.themes.push(locked);
                Source::Dir(folder)
            }
        };
        if seen.contains(&source.identity()) {
            return Err(vec![
                *here.error("the themes extend each other in a circle".into(), None),
            ]);
        }
        seen.push(source.identity());
        let mut problems = Vec::new();
        let Some(layer) = read_layer(site, &source, &mut problems) else {
            return Err(problems);
        };
        base = match &source {
            Source::Dir(path) => Some(path.clone()),
            Source::Builtin(..) => None,
        };
        at = layer.extends.map(|(reference, line, column)| Start {
            reference,
            file: layer.spec_path.clone(),
            line,
            column,
            field: "extends",
        });
    }
    check_update_name(mode, &report)?;
    report.removed = remove_unused(&cache, &report.themes);
    let lock = Lock {
        themes: report.themes.clone(),
    };
    // The lock read at the start: written again only when it changed (no lock and no git
    // themes: none is written).
    let unchanged = existing.as_ref() == Some(&lock);
    if !(unchanged || lock.themes.is_empty() && existing.is_none()) {
        lock.write(site).map_err(|e| {
            vec![Diagnostic::error(
                lock::LOCK_FILE,
                format!("cannot write the lock: {e}"),
            )]
        })?;
    }
    Ok(report)
}

impl Start {
    fn error(&self, message: String, hint: Option<String>) -> Box<Diagnostic> {
        let d = Diagnostic::error(&self.file, message)
            .at(self.line, self.column)
            .field(self.field);
        Box::new(match hint {
            Some(h) => d.hint(h),
            None => d,
        })
    }

    fn remote_error(&self, e: RemoteError) -> Box<Diagnostic> {
        let hint = e.hint();
        self.error(e.to_string(), hint)
    }
}

/// `theme update NAME` for a name no git theme of the chain has: say which there are.
fn check_update_name(mode: &Mode, report: &Report) -> Result<(), Vec<Diagnostic>> {
    let Mode::Update(Some(name)) = mode else {
        return Ok(());
    };
    if report.themes.iter().any(|t| t.name == *name) {
        return Ok(());
    }
    let names: Vec<&str> = report.themes.iter().map(|t| t.name.as_str()).collect();
    Err(vec![
        Diagnostic::error(
            crate::source::CONFIG_FILE,
            format!("no git theme called `{name}` in the site's theme chain"),
        )
        .hint(if names.is_empty() {
            "the site uses no theme from git; `handbook theme update` updates those only"
                .to_string()
        } else {
            format!("the git themes are: {}", names.join(", "))
        }),
    ])
}

/// One git theme: the locked one kept, fetched again, or a new one chosen.
fn one_theme(
    site: &Path,
    cache: &Path,
    here: &Start,
    git: &GitTheme,
    old: Option<&Locked>,
    mode: &Mode,
    report: &mut Report,
) -> Result<Locked, Box<Diagnostic>> {
    let url = remote::absolute_url(&git.url, site);
    let scratch = cache.join(".scratch");
    // The entry before, even for another pin: what an update reports it moved from.
    let before = old;
    let old = old.filter(|o| o.pin == git.pin.describe());
    let choose_again = match mode {
        Mode::Fetch => false,
        Mode::Update(None) => true,
        // The name is known from the lock only; a theme never locked is chosen anyway.
        Mode::Update(Some(name)) => old.is_some_and(|o| o.name == *name),
    };
    if let (Some(old), false) = (old, choose_again) {
        let folder = cache.join(&old.folder);
        if folder.is_dir() && lock::hash_folder(&folder).ok().as_ref() == Some(&old.sha256) {
            return Ok(old.clone());
        }
        return refetch(site, cache, here, git, old, &url, &scratch);
    }
    let refs = remote::list_refs(&url, &scratch).map_err(|e| here.remote_error(e))?;
    let (reference, version) = choose(&refs, git, &url).map_err(|(m, h)| here.error(m, Some(h)))?;
    let staged = stage(site, here, &url, &reference.name, git, &scratch)?;
    let (name, folder) = folder_name(&staged.name, &version, &staged.commit);
    let locked = Locked {
        git: git.url.clone(),
        path: git.path.clone(),
        pin: git.pin.describe(),
        name,
        resolved: remote::short_name(&reference.name).to_string(),
        commit: staged.commit.clone(),
        sha256: staged.sha256.clone(),
        folder,
    };
    // Updated to the same commit: the lock stays as it was (its folder name too).
    if let Some(old) = old.filter(|o| o.commit == locked.commit && o.sha256 == locked.sha256) {
        install(cache, &staged.folder, &old.folder).map_err(|e| here.error(e, None))?;
        return Ok(old.clone());
    }
    install(cache, &staged.folder, &locked.folder).map_err(|e| here.error(e, None))?;
    report.changes.push(Change {
        name: locked.name.clone(),
        from: before.map(|o| o.resolved.clone()),
        to: locked.resolved.clone(),
        // A first fetch has no "before": its whole history would be noise.
        changelog: match before {
            Some(old) => {
                changelog_between(&cache.join(&locked.folder), &old.resolved, &locked.resolved)
            }
            None => Vec::new(),
        },
    });
    Ok(locked)
}

/// The locked commit again (a fresh clone, a cleaned cache): its files must hash as locked.
fn refetch(
    site: &Path,
    cache: &Path,
    here: &Start,
    git: &GitTheme,
    old: &Locked,
    url: &str,
    scratch: &Path,
) -> Result<Locked, Box<Diagnostic>> {
    // A version is fetched by its tag (servers serve tags); a branch or commit by the commit.
    let reference = match git.pin {
        Pin::Version(..) => format!("refs/tags/{}", old.resolved),
        Pin::Ref(_) => old.commit.clone(),
    };
    let staged = stage(site, here, url, &reference, git, scratch)?;
    if staged.sha256 != old.sha256 || staged.commit != old.commit {
        let _ = std::fs::remove_dir_all(&staged.folder);
        return Err(here.error(
            format!(
                "the theme {} {} at {} is not what handbook.lock holds: its files hash to {} (locked: {}), commit {} (locked: {}); the tag was moved after the lock was written",
                old.name,
                old.resolved,
                git.describe(),
                short(&staged.sha256),
                short(&old.sha256),
                short(&staged.commit),
                short(&old.commit),
            ),
            Some(format!(
                "ask the theme's maintainers why {} changed; to take the new files anyway, run `handbook theme update {}`",
                old.resolved, old.name
            )),
        ));
    }
    install(cache, &staged.folder, &old.folder).map_err(|e| here.error(e, None))?;
    Ok(old.clone())
}

fn short(hex: &str) -> &str {
    hex.get(..12).unwrap_or(hex)
}

/// A fetched theme in a staging folder of the cache, before it has its name.
struct Staged {
    folder: PathBuf,
    name: String,
    commit: String,
    sha256: String,
}

fn stage(
    site: &Path,
    here: &Start,
    url: &str,
    reference: &str,
    git: &GitTheme,
    scratch: &Path,
) -> Result<Staged, Box<Diagnostic>> {
    let folder = scratch.join(format!("theme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let fetched =
        remote::fetch_folder(url, reference, &git.path, &folder, scratch).map_err(|e| {
            let _ = std::fs::remove_dir_all(&folder);
            here.remote_error(e)
        })?;
    let sha256 = lock::hash_folder(&folder).map_err(|e| here.error(e, None))?;
    let mut problems = Vec::new();
    let Some(layer) = read_layer(site, &Source::Dir(folder.clone()), &mut problems) else {
        let _ = std::fs::remove_dir_all(&folder);
        let first = problems
            .into_iter()
            .next()
            .map(|d| match d.line {
                0 => d.message,
                line => format!("theme.yaml, line {line}: {}", d.message),
            })
            .unwrap_or_default();
        return Err(here.error(
            format!("{} at `{}` is not a theme: {first}", git.describe(), remote::short_name(reference)),
            Some("a theme's folder holds theme.yaml; set `path:` when the theme is in a sub-folder of the repository".into()),
        ));
    };
    Ok(Staged {
        folder,
        name: layer.info.name,
        commit: fetched.commit,
        sha256,
    })
}

/// `NAME@1.2.0` for a version, `NAME@ref-0123456789ab` for a branch or commit.
fn folder_name(name: &str, version: &Option<semver::Version>, commit: &str) -> (String, String) {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let tail = match version {
        Some(v) => v.to_string(),
        None => format!("ref-{}", short(commit)),
    };
    (name.to_string(), format!("{safe}@{tail}"))
}

/// Moves a staged theme to its cache folder, replacing an old copy (the cache is ours).
fn install(cache: &Path, staged: &Path, folder: &str) -> Result<(), String> {
    let target = cache.join(folder);
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    std::fs::rename(staged, &target).map_err(|e| format!("{}: {e}", target.display()))
}

/// Cache folders that no locked theme uses, and staging left by an interrupted fetch.
fn remove_unused(cache: &Path, themes: &[Locked]) -> Vec<String> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(cache) else {
        return removed;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    for name in names {
        if themes.iter().any(|t| t.folder == name) {
            continue;
        }
        if std::fs::remove_dir_all(cache.join(&name)).is_ok() && !name.starts_with('.') {
            removed.push(name);
        }
    }
    removed
}

/// The tag or branch that `git`'s pin chooses among `refs`, with its version for a tag.
fn choose(
    refs: &[RemoteRef],
    git: &GitTheme,
    url: &str,
) -> Result<(RemoteRef, Option<semver::Version>), (String, String)> {
    match &git.pin {
        Pin::Version(req, text) => {
            let tagged: Vec<(semver::Version, &RemoteRef)> = refs
                .iter()
                .filter_map(|r| {
                    let tag = r.name.strip_prefix("refs/tags/")?;
                    let version =
                        semver::Version::parse(tag.strip_prefix('v').unwrap_or(tag)).ok()?;
                    Some((version, r))
                })
                .collect();
            let best = tagged
                .iter()
                .filter(|(v, _)| req.matches(v))
                .max_by(|a, b| a.0.cmp(&b.0));
            match best {
                Some((version, r)) => Ok(((*r).clone(), Some(version.clone()))),
                None if tagged.is_empty() => Err((
                    format!("the repository {url} has no version tags (like v1.0.0)"),
                    "ask the theme's maintainers to tag a release, or follow a branch with `ref: main`".into(),
                )),
                None => {
                    let mut all: Vec<&semver::Version> = tagged.iter().map(|(v, _)| v).collect();
                    all.sort();
                    let listed: Vec<String> = all.iter().map(|v| v.to_string()).collect();
                    Err((
                        format!("no version of {} matches {text} (it has {})", git.describe(), listed.join(", ")),
                        "change `version:` to a range that one of these versions meets".into(),
                    ))
                }
            }
        }
        Pin::Ref(name) => {
            let is_commit = name.len() == 40 && name.bytes().all(|b| b.is_ascii_hexdigit());
            if is_commit {
                // A commit is fetched by itself, whether or not a branch names it.
                let commit = RemoteRef {
                    name: name.to_lowercase(),
                    commit: name.to_lowercase(),
                };
                return Ok((commit, None));
            }
            let wanted = [
                format!("refs/tags/{name}"),
                format!("refs/heads/{name}"),
                name.clone(),
            ];
            refs.iter()
                .find(|r| wanted.contains(&r.name))
                .map(|r| (r.clone(), None))
                .ok_or_else(|| {
                    let names: Vec<&str> =
                        refs.iter().map(|r| remote::short_name(&r.name)).collect();
                    let near = crate::base::error::suggest(name, &names);
                    (
                        format!("the repository {url} has no branch or tag `{name}`"),
                        match near {
                            Some(near) => format!("did you mean `{near}`?"),
                            None => {
                                "check `ref:`: it names a branch, a tag or a commit's 40 hex digits"
                                    .into()
                            }
                        },
                    )
                })
        }
    }
}

/// The sections of the theme's CHANGELOG.md after `from` up to `to` (both tags or names).
fn changelog_between(folder: &Path, from: &str, to: &str) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(folder.join("CHANGELOG.md")) else {
        return Vec::new();
    };
    let version = |s: &str| semver::Version::parse(s.trim_start_matches('v')).ok();
    let (Some(to), from) = (version(to), version(from)) else {
        return Vec::new();
    };
    let mut sections = Vec::new();
    let mut current: Option<String> = None;
    let mut keep = false;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            if keep && let Some(done) = current.take() {
                sections.push(done.trim_end().to_string());
            }
            let found = heading
                .split(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | '(' | ')'))
                .find_map(version);
            keep = found.is_some_and(|v| v <= to && from.as_ref().is_none_or(|f| v > *f));
            current = Some(format!("{line}\n"));
            continue;
        }
        if let Some(section) = current.as_mut() {
            section.push_str(line);
            section.push('\n');
        }
    }
    if keep && let Some(done) = current {
        sections.push(done.trim_end().to_string());
    }
    sections
}
