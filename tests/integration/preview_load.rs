//! The preview under attack, with real sockets against the real server: idle connections at a
//! low file-handle limit, slow readers, a huge header, a pipe in static/, and a thousand normal
//! requests at the same time. Normal requests must keep answering within a second.

use crate::fixture::Fixture;
use crate::serve::Preview;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// One GET on a new connection; returns the status and how long the whole answer took.
fn timed_get(port: u16, path: &str) -> (u16, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let head = String::from_utf8_lossy(&raw[..raw.len().min(64)]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, started.elapsed())
}

/// Peak and current resident memory of a process, in MB, from /proc.
fn memory_mb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn site_with_a_large_file() -> Fixture {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\n---\nText.\n");
    let big: Vec<u8> = (0..20 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    std::fs::create_dir_all(f.site().join("static")).unwrap();
    std::fs::write(f.site().join("static/big.bin"), big).unwrap();
    f
}

#[test]
fn the_preview_keeps_answering_under_idle_slow_and_huge_clients() {
    let f = site_with_a_large_file();
    let preview = Preview::start_limited(&f.site(), &[], Some(256));
    let port = preview.port;
    let pid = preview.child.id();

    // HEAD gives the real length of what GET would send.
    let (status, head, body) = preview.request("HEAD", "/big.bin", None);
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert!(
        head.to_lowercase().contains("content-length: 20971520"),
        "{head}"
    );

    // 200 idle connections: connected, nothing sent.
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).expect("idle connect"))
        .collect();
    // 8 slow readers: each asks for 20 MB and never reads.
    let slow: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(s, "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
            s
        })
        .collect();
    // A 1 MB header line is refused with 431, not kept in memory.
    let huge = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let _ = write!(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Big: ");
        let chunk = vec![b'a'; 64 * 1024];
        for _ in 0..16 {
            if s.write_all(&chunk).is_err() {
                break;
            }
        }
        let _ = s.write_all(b"\r\n\r\n");
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    });
    // 1,000 normal requests from 8 threads at once.
    let workers: Vec<_> = (0..8)
        .map(|w| {
            std::thread::spawn(move || {
                let mut slowest = Duration::ZERO;
                let mut failed = Vec::new();
                for i in 0..125 {
                    let path = if (w + i) % 2 == 0 { "/" } else { "/about/" };
                    let (status, took) = timed_get(port, path);
                    slowest = slowest.max(took);
                    if status != 200 || took > Duration::from_secs(1) {
                        failed.push((path, status, took));
                    }
                }
                (slowest, failed)
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for worker in workers {
        let (took, failed) = worker.join().unwrap();
        slowest = slowest.max(took);
        assert!(failed.is_empty(), "slow or failed requests: {failed:?}");
    }
    let answer = huge.join().unwrap();
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer:.80}");
    let (peak, now) = memory_mb(pid);
    eprintln!("load: slowest normal request {slowest:?}, memory peak {peak} MB, now {now} MB");
    assert!(peak < 100, "peak memory {peak} MB");

    drop(idle);
    drop(slow);
    let (status, took) = timed_get(port, "/about/");
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(1), "{took:?} after the load");
}

#[test]
fn the_preview_survives_running_out_of_file_handles() {
    let f = Fixture::new();
    let preview = Preview::start_limited(&f.site(), &[], Some(64));
    let port = preview.port;
    // More connections than the process may hold: accept fails with EMFILE for a while.
    let crowd: Vec<TcpStream> = (0..120)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    drop(crowd);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, _) = timed_get(port, "/");
        if status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the preview stopped answering after running out of file handles"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(preview_is_running(&preview), "the preview process ended");
}

fn preview_is_running(preview: &Preview) -> bool {
    std::path::Path::new(&format!("/proc/{}", preview.child.id())).exists()
}

#[test]
fn a_pipe_in_static_never_blocks_the_preview() {
    let f = Fixture::new();
    std::fs::create_dir_all(f.site().join("static")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(f.site().join("static/pipe.css"))
        .status()
        .unwrap();
    assert!(made.success());
    let preview = Preview::start(&f.site(), &[]);
    for _ in 0..10 {
        let (status, took) = timed_get(preview.port, "/pipe.css");
        assert_eq!(status, 404);
        assert!(took < Duration::from_secs(2));
    }
    assert_eq!(timed_get(preview.port, "/").0, 200);
}

/// One raw request; the status, or 0 when the server closed without answering.
fn raw_status(port: u16, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// The outside review's forms, kept: 30 ways out of the site, 17 Host headers (DNS
/// rebinding), 11 WebSocket origins. None may reach a byte outside the output.
#[test]
fn the_reviews_traversals_hosts_and_origins_are_all_refused() {
    let f = Fixture::new();
    f.write("secret.txt", "SECRET-7f3a");
    std::fs::create_dir_all(f.dir.path().join("etc")).unwrap();
    std::fs::write(f.dir.path().join("etc/passwd"), "SECRET-7f3a").unwrap();
    let preview = Preview::start(&f.site(), &[]);
    let port = preview.port;
    let traversals = [
        "/../secret.txt",
        "/../../etc/passwd",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/..%252fsecret.txt",
        "/....//secret.txt",
        "/..;/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/..%c0%afsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
        "/..%00/secret.txt",
        "/secret.txt%00.html",
        "/content/../secret.txt",
        "/./secret.txt",
        "//secret.txt",
        "///etc/passwd",
        "/%2f%2fetc/passwd",
        "/C:%5cWindows%5cwin.ini",
        "/c:/windows/win.ini",
        "/secret.txt",
        "/handbook.yaml",
        "/content/index.md",
        "/.git/config",
        "/%EF%BC%8E%EF%BC%8E/secret.txt",
    ];
    assert_eq!(traversals.len(), 30);
    for path in traversals {
        let (status, text) = raw_status(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
        );
        assert!(matches!(status, 400 | 404), "{path}: {status}");
        assert!(
            !text.contains("SECRET-7f3a") && !text.contains("title: Test"),
            "{path}"
        );
    }
    let hosts = [
        Some("evil.example".to_string()),
        Some(format!("evil.example:{port}")),
        Some(format!("127.0.0.1.evil.example:{port}")),
        Some(format!("localhost.evil.example:{port}")),
        Some(format!("127.0.0.1:{port}.evil.example")),
        Some(format!("127.0.0.2:{port}")),
        Some(format!("0.0.0.0:{port}")),
        Some(format!("[::ffff:127.0.0.1]:{port}")),
        Some(format!("127.1:{port}")),
        Some(format!("2130706433:{port}")),
        Some(format!("localhost:{port}@evil.example")),
        Some(format!("localhost:{}", port.wrapping_add(1))),
        Some(String::new()),
        Some("localhost".to_string()),
        Some("127.0.0.1".to_string()),
        Some(format!("127.0.0.1:{port}, evil.example")),
        None,
    ];
    assert_eq!(hosts.len(), 17);
    for host in &hosts {
        let header = host
            .as_ref()
            .map(|h| format!("Host: {h}\r\n"))
            .unwrap_or_default();
        let (status, _) = raw_status(
            port,
            &format!("GET / HTTP/1.1\r\n{header}Connection: close\r\n\r\n"),
        );
        assert!(matches!(status, 400 | 403), "{host:?}: {status}");
    }
    for host in [format!("127.0.0.1:{port}"), format!("LocalHost:{port}")] {
        let (status, _) = raw_status(
            port,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(status, 200, "{host}");
    }
    let origins = [
        "http://evil.example".to_string(),
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{port}.evil.example"),
        format!("http://localhost:{port}.evil.example"),
        "null".to_string(),
        "http://127.0.0.1".to_string(),
        "http://localhost".to_string(),
        "file://".to_string(),
        format!("http://evil.example:{port}"),
        format!("http://[::1]:{}", port.wrapping_add(1)),
        format!("ws://127.0.0.1:{port}"),
    ];
    assert_eq!(origins.len(), 11);
    for origin in &origins {
        assert!(preview.socket(Some(origin)).is_err(), "{origin}");
    }
    assert!(
        preview
            .socket(Some(&format!("http://127.0.0.1:{port}")))
            .is_ok()
    );
    assert!(
        preview.socket(None).is_ok(),
        "a client that sends no Origin is not a page"
    );
}
