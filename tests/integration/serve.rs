//! The preview server, driven like a browser would: pages, live reload after a save, the
//! error overlay, the recovery, and requests that try to get out.

use crate::fixture::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

pub struct Preview {
    pub child: Child,
    /// The address it serves on, as it printed it (`127.0.0.1`, or what `--bind` gave).
    pub host: String,
    pub port: u16,
    pub base: String,
    /// What the preview printed after its address: one `Built ...` line per good rebuild.
    pub lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    pub fn start(site: &std::path::Path, extra: &[&str]) -> Preview {
        Preview::start_limited(site, extra, None)
    }

    /// Starts the preview with at most `files` open file handles (`ulimit -n`), as on macOS.
    pub fn start_limited(site: &std::path::Path, extra: &[&str], files: Option<u32>) -> Preview {
        Preview::start_with(site, extra, files, &[])
    }

    /// Starts the preview with a file-handle limit and extra environment variables.
    pub fn start_with(
        site: &std::path::Path,
        extra: &[&str],
        files: Option<u32>,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Preview {
        let mut command = match files {
            None => handbook(),
            Some(limit) => {
                let mut sh = std::process::Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -n {limit} && exec \"$0\" \"$@\""))
                    .arg(env!("CARGO_BIN_EXE_handbook"))
                    .env("SOURCE_DATE_EPOCH", NOW);
                sh
            }
        };
        command.envs(env.iter().copied());
        command.arg("serve").arg(site).args(extra);
        Preview::spawn(command)
    }

    /// `handbook theme preview THEME` and `extra`, on a free port.
    pub fn theme(theme: &std::path::Path, extra: &[&str]) -> Preview {
        let mut command = handbook();
        command.args(["theme", "preview"]).arg(theme).args(extra);
        Preview::spawn(command)
    }

    /// Runs a preview command (on a free port) and reads the address it prints.
    fn spawn(mut command: std::process::Command) -> Preview {
        let mut child = command
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("the preview printed its address")
                .unwrap();
            if let Some(at) = line.find("http://") {
                break line[at..].split_whitespace().next().unwrap().to_string();
            }
        };
        // Keep reading so the preview never blocks on a full pipe, and keep what it says.
        let kept = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = kept.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let rest = url.trim_start_matches("http://");
        let (address, base) = rest.split_once('/').unwrap();
        let (host, port) = address.rsplit_once(':').unwrap();
        Preview {
            child,
            host: host.to_string(),
            port: port.parse().unwrap(),
            base: format!("/{base}"),
            lines: kept,
        }
    }

    /// A raw HTTP/1.1 request; returns (status, headers, body).
    pub fn request(&self, method: &str, path: &str, host: Option<&str>) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect((self.host.as_str(), self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let host = host
            .map(String::from)
            .unwrap_or_else(|| format!("{}:{}", self.host, self.port));
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, head, raw[split + 4..].to_vec())
    }

    /// How many good rebuilds the preview has reported since it started serving.
    pub fn builds(&self) -> usize {
        let lines = self.lines.lock().unwrap();
        lines.iter().filter(|l| l.starts_with("Built ")).count()
    }

    /// Waits until `count` builds have been reported: the line of a build can reach the
    /// test after the page reloads, on a loaded machine, and a count taken in between would
    /// be one short.
    pub fn wait_for_builds(&self, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.builds() < count {
            assert!(
                Instant::now() < deadline,
                "build {count} was never reported"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Saves a new page and waits until it is served: every change before it has been
    /// built by then. Returns how many rebuilds that took (1 unless it joined a batch).
    pub fn sentinel(&self, site: &std::path::Path, name: &str) -> usize {
        let before = self.builds();
        std::fs::write(
            site.join(format!("content/{name}.md")),
            format!("---\ntitle: {name}\n---\n"),
        )
        .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.get(&format!("{}{name}/", self.base)).0 != 200 {
            assert!(
                Instant::now() < deadline,
                "the sentinel page was never served"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // The report is printed just after the swap: wait for its line too.
        while self.builds() == before {
            assert!(Instant::now() < deadline, "no rebuild was reported");
            std::thread::sleep(Duration::from_millis(20));
        }
        self.builds() - before
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request("GET", path, None);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    pub fn socket(
        &self,
        origin: Option<&str>,
    ) -> Result<
        tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
        tungstenite::Error,
    > {
        let mut request = tungstenite::client::IntoClientRequest::into_client_request(format!(
            "ws://{}:{}/__handbook/livereload",
            self.host, self.port
        ))
        .unwrap();
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert("Origin", origin.parse().unwrap());
        }
        let (socket, _) = tungstenite::connect(request)?;
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = socket.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        }
        Ok(socket)
    }
}

/// Writes a file as many editors do: to a temporary file, then renamed over the old one.
pub fn save(path: &std::path::Path, text: &str) {
    let temp = path.with_extension("md.tmp~");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

pub fn next_message(
    socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
) -> serde_json::Value {
    loop {
        match socket.read().expect("a message within 10 s") {
            tungstenite::Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            _ => continue,
        }
    }
}

#[test]
fn a_save_reloads_a_typo_shows_an_overlay_and_the_fix_clears_it() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\nFirst version.\n",
    );
    let preview = Preview::start(&f.site(), &[]);
    let (status, body) = preview.get("/about/");
    assert_eq!(status, 200);
    assert!(body.contains("First version.") && body.contains("data-handbook-preview"));
    let mut socket = preview
        .socket(Some(&format!("http://127.0.0.1:{}", preview.port)))
        .unwrap();

    save(
        &f.site().join("content/about.md"),
        "---\ntitle: About\n---\nSecond version.\n",
    );
    assert_eq!(next_message(&mut socket)["type"], "reload");
    assert!(preview.get("/about/").1.contains("Second version."));

    save(
        &f.site().join("content/about.md"),
        "---\ntitle: About\nwieght: <b>2</b>\n---\nThird version.\n",
    );
    let message = next_message(&mut socket);
    assert_eq!(message["type"], "errors");
    let error = &message["errors"][0];
    assert_eq!(error["place"], "content/about.md:3:1");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `wieght`")
    );
    assert_eq!(error["hint"], "did you mean `weight`?");
    assert!(
        preview.get("/about/").1.contains("Second version."),
        "the last good site is served"
    );
    // A page opened now gets the errors at once.
    let mut late = preview.socket(None).unwrap();
    assert_eq!(next_message(&mut late)["type"], "errors");

    save(
        &f.site().join("content/about.md"),
        "---\ntitle: About\n---\nFourth version.\n",
    );
    assert_eq!(next_message(&mut socket)["type"], "reload");
    assert!(preview.get("/about/").1.contains("Fourth version."));
}

#[test]
fn a_burst_of_saves_ends_with_the_last_content() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\nv0\n");
    let preview = Preview::start(&f.site(), &[]);
    let socket = preview.socket(None).unwrap();
    for n in 1..=10 {
        save(
            &f.site().join("content/about.md"),
            &format!("---\ntitle: About\n---\nv{n}\n"),
        );
    }
    let started = Instant::now();
    while !preview.get("/about/").1.contains("<p>v10</p>") {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the last save was never served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(socket);
    // The build that served v10 prints its report just after the swap: wait for the count
    // to hold still, or that line could be counted against the sentinel below.
    let mut seen = preview.builds();
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = preview.builds();
        if now == seen {
            break;
        }
        seen = now;
    }
    // A new page saved afterwards is built on its own (nothing of the burst was left over);
    // once it is reported, every build of the burst has been.
    assert_eq!(preview.sentinel(&f.site(), "after-the-burst"), 1);
    let builds = preview.builds() - 1;
    assert!((1..=2).contains(&builds), "{builds} builds for one burst");
}

#[test]
fn new_folders_deletions_and_ignored_files() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\n");
    let preview = Preview::start(&f.site(), &[]);
    let mut socket = preview.socket(None).unwrap();
    let first = preview.builds();
    f.write(
        "content/guides/deep/new.md",
        "---\ntitle: New\n---\nNew page.\n",
    );
    assert_eq!(next_message(&mut socket)["type"], "reload");
    assert_eq!(preview.get("/guides/deep/new/").0, 200);
    f.remove("content/about.md");
    assert_eq!(next_message(&mut socket)["type"], "reload");
    assert_eq!(preview.get("/about/").0, 404);
    preview.wait_for_builds(first + 2);
    // Swap files and the output folder do not trigger a build.
    f.write("content/.new.md.swp", "x")
        .write("content/guides/4913", "x")
        .write("public/stray.txt", "x");
    let before = preview.builds();
    // The page saved next is served after those files were seen: one build, its own.
    assert_eq!(
        preview.sentinel(&f.site(), "sentinel"),
        1,
        "no rebuild for ignored files"
    );
    assert_eq!(preview.builds(), before + 1);
    drop(socket);
}

#[test]
fn requests_that_try_to_get_out_are_refused() {
    let f = Fixture::new();
    f.write("secret.txt", "do not serve");
    let preview = Preview::start(&f.site(), &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%5csecret.txt",
        "/a\\..\\secret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/%00",
        "/etc/passwd",
        "/handbook.yaml",
        "/content/index.md",
    ] {
        let (status, body) = preview.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("do not serve") && !body.contains("title: Test"),
            "{path}"
        );
    }
    let (status, head, body) = preview.request("HEAD", "/", None);
    assert_eq!(status, 200);
    assert!(body.is_empty() && head.contains("text/html"));
    assert!(!head.to_lowercase().contains("access-control-allow-origin"));
    let (status, head, _) = preview.request("GET", "/style.css", None);
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("content-type: text/css"));
    assert_eq!(
        preview.request("GET", "/", Some("evil.example:80")).0,
        403,
        "DNS rebinding"
    );
    assert_eq!(preview.request("POST", "/", None).0, 405);
    assert!(
        preview.socket(Some("http://evil.example")).is_err(),
        "a foreign origin"
    );
    let (status, body) = preview.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
}

#[test]
fn a_project_site_is_served_under_its_base_path() {
    let f = Fixture::with_config("title: T\nbase_url: https://org.github.io/our-group/\n");
    let preview = Preview::start(&f.site(), &[]);
    assert_eq!(preview.base, "/our-group/");
    assert_eq!(preview.get("/our-group/").0, 200);
    let (status, head, _) = preview.request("GET", "/", None);
    assert_eq!(status, 302);
    assert!(head.to_lowercase().contains("location: /our-group/"));
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let f = Fixture::new();
    let out = handbook()
        .arg("serve")
        .arg(f.site())
        .args(["--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("port {port} is already in use")) && text.contains("--port"),
        "{text}"
    );
}

#[test]
fn the_reload_script_is_never_in_what_build_writes() {
    let f = Fixture::new();
    f.build().assert_ok();
    for file in walk(&f.out()) {
        let text = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&text).contains("data-handbook-preview"),
            "{}",
            file.display()
        );
    }
}

#[test]
fn watch_rebuilds_the_output_folder() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\nOne.\n");
    let mut child = handbook()
        .arg("watch")
        .arg(f.site())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while !lines.next().unwrap().unwrap().starts_with("Watching") {}
    std::thread::spawn(move || for _ in lines {});
    assert!(f.read("about/index.html").contains("One."));
    save(
        &f.site().join("content/about.md"),
        "---\ntitle: About\n---\nTwo.\n",
    );
    let started = Instant::now();
    while !f.read("about/index.html").contains("Two.") && started.elapsed() < Duration::from_secs(5)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(f.read("about/index.html").contains("Two."));
    assert!(!f.read("about/index.html").contains("data-handbook-preview"));
}

#[test]
fn a_site_that_never_built_shows_its_errors_until_fixed() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\n\"<script>alert(1)</script>\": x\n---\n",
    );
    let preview = Preview::start(&f.site(), &[]);
    let (status, body) = preview.get("/about/");
    assert_eq!(status, 500);
    assert!(
        body.contains("content/about.md:3:1")
            && body.contains("unknown field `&lt;script&gt;alert(1)&lt;/script&gt;`"),
        "{body}"
    );
    assert!(!body.contains("<script>alert"), "errors are escaped");
    let mut socket = preview.socket(None).unwrap();
    assert_eq!(next_message(&mut socket)["type"], "errors");
    save(
        &f.site().join("content/about.md"),
        "---\ntitle: About\n---\nFixed.\n",
    );
    assert_eq!(next_message(&mut socket)["type"], "reload");
    assert!(preview.get("/about/").1.contains("Fixed."));
}
