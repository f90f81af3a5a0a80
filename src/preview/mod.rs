//! The authors' preview: builds, serves the site from memory, watches, rebuilds, and tells
//! open pages to reload (a WebSocket). A failed rebuild keeps the last good site and shows
//! its errors over the page. Requests are answered from a map of the built files, so no path
//! a browser sends can reach a byte outside the output.

mod http;
pub mod poll;
pub mod session;
mod site;
pub mod watch;

pub use site::{RELOAD_PATH, clean_path};

use crate::base::error::Diagnostic;
use crate::pipeline::{BuildOptions, Changed};
use crate::render::Contents;
use http::Shared;
use session::{Rebuilt, Session};
use site::{Body, Served, errors_message};
use std::net::IpAddr;
use std::sync::Arc;

/// How long after a good rebuild the extras wait for the next save before being made.
const EXTRAS_PAUSE: std::time::Duration = std::time::Duration::from_millis(600);

/// Files made after the pages, in a second step of each rebuild.
const EXTRAS: &[&str] = &["print/index.html", crate::render::search::INDEX_FILE];

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub poll: bool,
}

/// What the preview tells the terminal.
pub trait Report: Send {
    fn built(&mut self, rebuilt: &Rebuilt, took: std::time::Duration);
    fn failed(&mut self, errors: &[Diagnostic]);
    fn note(&mut self, text: &str);
}

/// Runs the preview until the process ends. Returns an exit status only when it cannot
/// start (a busy port, a folder it cannot watch).
pub fn serve(options: BuildOptions, serve: ServeOptions, report: &mut dyn Report) -> i32 {
    let output = options.output_dir();
    let site_dir = options.site.clone();
    let mut session = Session::new(options);
    let listener = match http::bind(std::net::SocketAddr::new(serve.bind, serve.port)) {
        Ok(listener) => listener,
        Err(e) => {
            report.note(&if e.kind() == std::io::ErrorKind::AddrInUse {
                format!("error: port {} is already in use. Stop the other program, or choose another port with --port (0 picks a free one)", serve.port)
            } else {
                format!("error: cannot serve on {}:{}: {e}", serve.bind, serve.port)
            });
            return 1;
        }
    };
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(serve.port);
    let shared = Arc::new(Shared::new(port, serve.bind));
    let mut watcher = match crate::preview::watch::Watcher::new(&site_dir, &output, serve.poll) {
        Ok(w) => w,
        Err(e) => {
            report.note(&format!("error: {}", crate::preview::watch::explain(&e)));
            return 1;
        }
    };
    let base_path = rebuild(
        &mut session,
        &Changed::Everything,
        &shared,
        report,
        &mut watcher,
    )
    .unwrap_or_else(|| "/".into());
    if let Err(e) = http::spawn(listener, shared.clone()) {
        report.note(&format!("error: cannot start the server: {e}"));
        return 1;
    }
    let host = match serve.bind {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    };
    let url = format!("http://{host}:{port}{base_path}");
    report.note(&format!(
        "Serving {url} (press Ctrl-C to stop); watching {} for changes",
        site_dir.display()
    ));
    if serve.open {
        open_browser(&url);
    }
    while let Some(batch) = watcher.next() {
        match batch {
            Ok(changed) => {
                rebuild(
                    &mut session,
                    &Changed::Files(changed),
                    &shared,
                    report,
                    &mut watcher,
                );
            }
            Err(message) => report.note(&format!("error: {message}")),
        }
    }
    0
}

/// Rebuilds, swaps the served site on success, and tells the pages. Returns the base path.
fn rebuild(
    session: &mut Session,
    changed: &Changed,
    shared: &Arc<Shared>,
    report: &mut dyn Report,
    watcher: &mut crate::preview::watch::Watcher,
) -> Option<String> {
    let started = std::time::Instant::now();
    let errors = match session.rebuild(changed) {
        Ok(rebuilt) => {
            let base = rebuilt.base_path.clone();
            serve_rebuilt(shared, &rebuilt, &base);
            for folder in &rebuilt.theme_folders {
                let _ = watcher.add(folder);
            }
            report.built(&rebuilt, started.elapsed());
            shared.broadcast(r#"{"type":"reload"}"#);
            let generation = shared
                .generation
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                + 1;
            if let Some(job) = session.extras_job() {
                let shared = shared.clone();
                std::thread::spawn(move || serve_extras(&shared, generation, job));
            }
            return Some(base);
        }
        Err(crate::base::error::Error::Invalid(errors)) => errors,
        Err(other) => vec![Diagnostic::error(
            session.options.site.clone(),
            other.to_string(),
        )],
    };
    report.failed(&errors);
    shared.broadcast(&errors_message(&errors));
    if let Ok(mut last) = shared.errors.write() {
        *last = errors;
    }
    None
}

/// Swaps in the rebuilt pages. The printed handbook and the search index of last time stand
/// until the new ones are made, just after the pages are served.
fn serve_rebuilt(shared: &Shared, rebuilt: &Rebuilt, base: &str) {
    let mut served = Served::from(rebuilt, base);
    if let Ok(old) = shared.site.read() {
        for path in EXTRAS {
            if let Some(body) = old.files.get(*path) {
                served.files.insert(path.to_string(), body.clone());
            }
        }
    }
    let old = match shared.site.write() {
        Ok(mut site) => Some(std::mem::replace(&mut *site, Arc::new(served))),
        Err(_) => None,
    };
    // Freed outside the lock: the browser asks for the new page at once.
    crate::preview::session::release(old);
    if let Ok(mut errors) = shared.errors.write() {
        errors.clear();
    }
}

/// Makes the printed handbook and the search index after a pause in the saves (while an
/// author types, the next page matters more, and the cores go to it), and serves them unless
/// a newer rebuild came meanwhile.
fn serve_extras(
    shared: &Shared,
    generation: u64,
    job: impl FnOnce() -> crate::base::error::Result<Vec<crate::render::OutputFile>>,
) {
    std::thread::sleep(EXTRAS_PAUSE);
    let current = || shared.generation.load(std::sync::atomic::Ordering::SeqCst);
    if current() != generation {
        return;
    }
    let Ok(extras) = job() else { return };
    let Ok(mut site) = shared.site.write() else {
        return;
    };
    // A newer rebuild has its own extras coming: these are stale.
    if current() != generation {
        return;
    }
    let mut served = site.as_ref().clone();
    for file in &extras {
        let body = match &file.contents {
            Contents::Bytes(bytes) => Body::Bytes(Arc::new(bytes.clone())),
            Contents::Shared(bytes) => Body::Bytes(bytes.clone()),
            _ => continue,
        };
        served.files.insert(file.path.clone(), body);
    }
    *site = Arc::new(served);
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(command)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// `handbook watch`: the same rebuild loop, writing the output folder.
pub fn watch(options: BuildOptions, poll: bool, report: &mut dyn Report) -> i32 {
    let output = options.output_dir();
    let site_dir = options.site.clone();
    let mut session = Session::new(options);
    let mut watcher = match crate::preview::watch::Watcher::new(&site_dir, &output, poll) {
        Ok(w) => w,
        Err(e) => {
            report.note(&format!("error: {}", crate::preview::watch::explain(&e)));
            return 1;
        }
    };
    let mut write = |changed: &Changed,
                     watcher: &mut crate::preview::watch::Watcher,
                     report: &mut dyn Report| {
        let started = std::time::Instant::now();
        match session.rebuild_all(changed) {
            Ok(rebuilt) => {
                for folder in &rebuilt.theme_folders {
                    let _ = watcher.add(folder);
                }
                if let Err(e) = crate::output::check_outside_themes(&output, &rebuilt.theme_folders)
                {
                    return report.failed(&[Diagnostic::error(output.clone(), e.to_string())]);
                }
                match crate::output::write(&site_dir, &output, &rebuilt.files) {
                    Ok(_) => report.built(&rebuilt, started.elapsed()),
                    Err(e) => report.failed(&[Diagnostic::error(output.clone(), e.to_string())]),
                }
            }
            Err(crate::base::error::Error::Invalid(errors)) => report.failed(&errors),
            Err(other) => report.failed(&[Diagnostic::error(site_dir.clone(), other.to_string())]),
        }
    };
    if let Err(e) = crate::output::check_location(&site_dir, &output) {
        report.note(&format!("error: {e}"));
        return 1;
    }
    write(&Changed::Everything, &mut watcher, report);
    report.note(&format!(
        "Watching {} for changes (press Ctrl-C to stop)",
        site_dir.display()
    ));
    while let Some(batch) = watcher.next() {
        match batch {
            Ok(changed) => write(&Changed::Files(changed), &mut watcher, report),
            Err(message) => report.note(&format!("error: {message}")),
        }
    }
    0
}
