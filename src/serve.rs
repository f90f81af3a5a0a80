//! The authors' preview: builds, serves the site from memory, watches, rebuilds, and tells
//! open pages to reload (a WebSocket). A failed rebuild keeps the last good site and shows
//! its errors over the page. Requests are answered from a map of the built files, so no path
//! a browser sends can reach a byte outside the output.

use crate::error::Diagnostic;
use crate::pipeline::{BuildOptions, Changed, Rebuilt, Session};
use crate::render::Contents;
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

/// How long after a good rebuild the extras wait for the next save before being made.
const EXTRAS_PAUSE: std::time::Duration = std::time::Duration::from_millis(600);

/// Files made after the pages, in a second step of each rebuild.
const EXTRAS: &[&str] = &["print/index.html", crate::search::INDEX_FILE];

/// Where live-reload clients connect; outside any base path a site can have.
pub const RELOAD_PATH: &str = "/__handbook/livereload";

/// The snippet added to served HTML pages (never to what `handbook build` writes). It
/// reloads after a good build and shows a failed build's errors as text, never as HTML.
const RELOAD_SCRIPT: &str = r#"<script data-handbook-preview>
(() => {
  "use strict";
  const id = "handbook-preview-errors";
  function show(errors) {
    let box = document.getElementById(id);
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;border-top:4px solid #e5484d;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The last save did not build; this page is the last good version.\n\n" +
      errors.map((e, i) => `${i + 1}. ${e.place}: ${e.message}${e.hint ? "\n   hint: " + e.hint : ""}`).join("\n");
  }
  function connect() {
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/__handbook/livereload`);
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "reload") location.reload();
      if (message.type === "errors") show(message.errors);
    };
    socket.onclose = () => setTimeout(connect, 1000);
  }
  connect();
})();
</script>"#;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub poll: bool,
}

/// One file of the site as served.
#[derive(Debug, Clone)]
enum Body {
    Bytes(Arc<Vec<u8>>),
    /// A file copied as it is (an image), read when asked for.
    File(PathBuf),
}

/// The last good build, as a map from path to file.
#[derive(Debug, Default, Clone)]
struct Served {
    files: HashMap<String, Body>,
    base_path: String,
}

type Client = tungstenite::WebSocket<Box<dyn tiny_http::ReadWrite + Send>>;

struct Shared {
    site: RwLock<Arc<Served>>,
    /// The errors of the last build, when it failed.
    errors: RwLock<Vec<Diagnostic>>,
    clients: Mutex<Vec<Client>>,
    hosts: Vec<String>,
    /// Counts good rebuilds, so that the extras of an older one never replace a newer one's.
    generation: std::sync::atomic::AtomicU64,
}

impl Served {
    fn from(rebuilt: &Rebuilt, base_path: &str) -> Served {
        let files = rebuilt
            .files
            .iter()
            .map(|f| {
                let body = match &f.contents {
                    Contents::Bytes(bytes) => Body::Bytes(Arc::new(bytes.clone())),
                    Contents::Shared(bytes) => Body::Bytes(bytes.clone()),
                    Contents::Copy(path) => Body::File(path.clone()),
                    // The preview renders into memory; nothing is written ahead.
                    Contents::Written => Body::Bytes(Arc::new(Vec::new())),
                };
                (f.path.clone(), body)
            })
            .collect();
        Served {
            files,
            base_path: base_path.to_string(),
        }
    }
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The request path as a site path, or `None` for anything that tries to leave it:
/// `..` (also percent-encoded), backslashes, NUL, `//`, drive letters.
pub fn clean_path(raw: &str) -> Option<String> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    if !decoded.starts_with('/') || decoded.starts_with("//") || decoded.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".")
        || segments
            .first()
            .is_some_and(|s| s.len() == 2 && s.ends_with(':'))
    {
        return None;
    }
    Some(decoded)
}

fn header<'r>(request: &'r tiny_http::Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn response(
    status: u16,
    content_type: &str,
    body: Vec<u8>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    response
}

fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page for every request while no build has succeeded yet.
fn error_page(errors: &[Diagnostic]) -> Vec<u8> {
    let items: String = errors
        .iter()
        .map(|d| {
            format!(
                "<li><code>{}</code> {}{}</li>",
                html_escape(&d.location()),
                html_escape(&d.message),
                d.hint
                    .as_ref()
                    .map(|h| format!("<br>hint: {}", html_escape(h)))
                    .unwrap_or_default()
            )
        })
        .collect();
    inject(format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The handbook does not build</title></head><body><main><h1>The handbook does not build yet</h1><ol>{items}</ol><p>Fix the files and save: this page reloads by itself.</p></main></body></html>").as_bytes())
}

fn errors_message(errors: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = errors
        .iter()
        .filter(|d| d.is_error())
        .map(|d| serde_json::json!({"place": d.location(), "message": d.message, "hint": d.hint}))
        .collect();
    serde_json::json!({"type": "errors", "errors": list}).to_string()
}

impl Shared {
    fn host_allowed(&self, request: &tiny_http::Request) -> bool {
        header(request, "Host")
            .is_some_and(|h| self.hosts.iter().any(|a| a.eq_ignore_ascii_case(h)))
    }

    fn handle(&self, request: tiny_http::Request) {
        if !self.host_allowed(&request) {
            let _ = request.respond(response(
                403,
                "text/plain; charset=utf-8",
                b"Unexpected Host header.\n".to_vec(),
            ));
            return;
        }
        let method = request.method().clone();
        if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
            let _ = request.respond(response(
                405,
                "text/plain; charset=utf-8",
                b"Only GET and HEAD.\n".to_vec(),
            ));
            return;
        }
        let Some(path) = clean_path(request.url()) else {
            return self.not_found(request);
        };
        if path == RELOAD_PATH {
            return self.upgrade(request);
        }
        let site = self.site.read().map(|s| s.clone()).unwrap_or_default();
        if site.files.is_empty() {
            let errors = self.errors.read().map(|e| e.clone()).unwrap_or_default();
            let _ = request.respond(response(
                500,
                "text/html; charset=utf-8",
                error_page(&errors),
            ));
            return;
        }
        let Some(rel) = path
            .strip_prefix(&site.base_path)
            .or_else(|| (path.clone() + "/" == site.base_path).then_some(""))
        else {
            if path == "/" {
                return redirect(request, &site.base_path);
            }
            return self.not_found(request);
        };
        if path.len() < site.base_path.len() {
            return redirect(request, &site.base_path);
        }
        let key = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        let body = match site.files.get(&key) {
            Some(body) => body.clone(),
            None if site.files.contains_key(&format!("{key}/index.html")) => {
                return redirect(request, &format!("{path}/"));
            }
            None => return self.not_found(request),
        };
        let bytes = match body {
            Body::Bytes(bytes) => bytes.as_ref().clone(),
            Body::File(file) => match std::fs::read(file) {
                Ok(bytes) => bytes,
                Err(_) => return self.not_found(request),
            },
        };
        let kind = content_type(&key);
        let bytes = if kind.starts_with("text/html") {
            inject(&bytes)
        } else {
            bytes
        };
        let bytes = if method == tiny_http::Method::Head {
            Vec::new()
        } else {
            bytes
        };
        let _ = request.respond(response(200, kind, bytes));
    }

    fn not_found(&self, request: tiny_http::Request) {
        let site = self.site.read().map(|s| s.clone()).unwrap_or_default();
        let body = match site.files.get("404.html") {
            Some(Body::Bytes(bytes)) => inject(bytes),
            _ => b"Not found\n".to_vec(),
        };
        let head = *request.method() == tiny_http::Method::Head;
        let _ = request.respond(response(
            404,
            "text/html; charset=utf-8",
            if head { Vec::new() } else { body },
        ));
    }

    /// Accepts a live-reload client. A page from another site (`Origin`) may not connect.
    fn upgrade(&self, request: tiny_http::Request) {
        if let Some(origin) = header(&request, "Origin") {
            let allowed = self
                .hosts
                .iter()
                .any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}")));
            if !allowed {
                let _ = request.respond(response(
                    403,
                    "text/plain; charset=utf-8",
                    b"Foreign origin.\n".to_vec(),
                ));
                return;
            }
        }
        let Some(key) = header(&request, "Sec-WebSocket-Key").map(str::to_string) else {
            let _ = request.respond(response(
                400,
                "text/plain; charset=utf-8",
                b"A WebSocket is expected here.\n".to_vec(),
            ));
            return;
        };
        let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
        let mut reply = tiny_http::Response::empty(101);
        if let Ok(h) =
            tiny_http::Header::from_bytes(&b"Sec-WebSocket-Accept"[..], accept.as_bytes())
        {
            reply.add_header(h);
        }
        let stream = request.upgrade("websocket", reply);
        let mut socket = tungstenite::WebSocket::from_raw_socket(
            stream,
            tungstenite::protocol::Role::Server,
            None,
        );
        let errors = self.errors.read().map(|e| e.clone()).unwrap_or_default();
        if !errors.is_empty()
            && socket
                .send(tungstenite::Message::text(errors_message(&errors)))
                .is_err()
        {
            return;
        }
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(socket);
        }
    }

    /// Sends a message to every open page, dropping those that have gone.
    fn broadcast(&self, message: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain_mut(|c| {
                c.send(tungstenite::Message::text(message.to_string()))
                    .is_ok()
            });
        }
    }
}

fn redirect(request: tiny_http::Request, to: &str) {
    let mut reply = response(302, "text/plain; charset=utf-8", Vec::new());
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Location"[..], to.as_bytes()) {
        reply.add_header(h);
    }
    let _ = request.respond(reply);
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
    let server = match tiny_http::Server::http((serve.bind, serve.port)) {
        Ok(server) => Arc::new(server),
        Err(e) => {
            let busy = e.to_string().contains("in use");
            report.note(&if busy {
                format!("error: port {} is already in use. Stop the other program, or choose another port with --port (0 picks a free one)", serve.port)
            } else {
                format!("error: cannot serve on {}:{}: {e}", serve.bind, serve.port)
            });
            return 1;
        }
    };
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(serve.port);
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    let bind_host = match serve.bind {
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
        IpAddr::V4(v4) => format!("{v4}:{port}"),
    };
    if !hosts.contains(&bind_host) {
        hosts.push(bind_host);
    }
    let shared = Arc::new(Shared {
        site: RwLock::new(Arc::new(Served::default())),
        errors: RwLock::new(Vec::new()),
        clients: Mutex::new(Vec::new()),
        hosts,
        generation: std::sync::atomic::AtomicU64::new(0),
    });
    let mut watcher = match crate::watch::Watcher::new(&site_dir, &output, serve.poll) {
        Ok(w) => w,
        Err(e) => {
            report.note(&format!("error: {}", crate::watch::explain(&e)));
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
    for _ in 0..4 {
        let server = server.clone();
        let shared = shared.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                shared.handle(request);
            }
        });
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
    watcher: &mut crate::watch::Watcher,
) -> Option<String> {
    let started = std::time::Instant::now();
    match session.rebuild(changed) {
        Ok(rebuilt) => {
            let base = rebuilt.base_path.clone();
            let mut served = Served::from(&rebuilt, &base);
            // The printed handbook and the search index of last time stand until the new
            // ones are made, just after the pages are served.
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
            crate::cache::release(old);
            if let Ok(mut errors) = shared.errors.write() {
                errors.clear();
            }
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
                std::thread::spawn(move || {
                    // Wait for a pause in the saves: while an author types, the next page
                    // matters more than the printed handbook, and the cores go to it.
                    std::thread::sleep(EXTRAS_PAUSE);
                    if shared.generation.load(std::sync::atomic::Ordering::SeqCst) != generation {
                        return;
                    }
                    let Ok(extras) = job() else { return };
                    let Ok(mut site) = shared.site.write() else {
                        return;
                    };
                    // A newer rebuild has its own extras coming: these are stale.
                    if shared.generation.load(std::sync::atomic::Ordering::SeqCst) != generation {
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
                });
            }
            Some(base)
        }
        Err(crate::error::Error::Invalid(errors)) => {
            report.failed(&errors);
            shared.broadcast(&errors_message(&errors));
            if let Ok(mut last) = shared.errors.write() {
                *last = errors;
            }
            None
        }
        Err(other) => {
            let errors = vec![Diagnostic::error(
                session.options.site.clone(),
                other.to_string(),
            )];
            report.failed(&errors);
            shared.broadcast(&errors_message(&errors));
            if let Ok(mut last) = shared.errors.write() {
                *last = errors;
            }
            None
        }
    }
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
    let mut watcher = match crate::watch::Watcher::new(&site_dir, &output, poll) {
        Ok(w) => w,
        Err(e) => {
            report.note(&format!("error: {}", crate::watch::explain(&e)));
            return 1;
        }
    };
    let mut write = |changed: &Changed,
                     watcher: &mut crate::watch::Watcher,
                     report: &mut dyn Report| {
        let started = std::time::Instant::now();
        match session.rebuild_all(changed) {
            Ok(rebuilt) => {
                for folder in &rebuilt.theme_folders {
                    let _ = watcher.add(folder);
                }
                match crate::output::write(&site_dir, &output, &rebuilt.files) {
                    Ok(_) => report.built(&rebuilt, started.elapsed()),
                    Err(e) => report.failed(&[Diagnostic::error(output.clone(), e.to_string())]),
                }
            }
            Err(crate::error::Error::Invalid(errors)) => report.failed(&errors),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_try_to_leave_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/%2E%2E/x",
            "/a\\b",
            "/a%5cb",
            "//etc/passwd",
            "/C:/Windows",
            "/a%00b",
            "/.",
            "relative",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        assert_eq!(
            clean_path("/roles/lead/?x=1").as_deref(),
            Some("/roles/lead/")
        );
        assert_eq!(clean_path("/caf%C3%A9/").as_deref(), Some("/café/"));
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = inject(b"<html><body><p>x</p></body></html>");
        let text = String::from_utf8(html).unwrap();
        assert!(text.ends_with("</script></body></html>"));
    }
}
