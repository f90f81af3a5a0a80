//! The preview's HTTP server: hyper on a one-thread tokio runtime. Every connection is a task,
//! not a thread, so idle or slow clients cost a little memory and no worker; headers are
//! capped (431), a client that sends no request head in time or stops reading is dropped, and
//! a failed `accept` (out of file handles) waits and tries again instead of ending the server.
//! tiny_http, used before, spawned a thread per connection, had no header cap and ended its
//! accept loop for good on the first error (see docs/security.md).

use super::site::{self, Body, RELOAD_PATH, Served};
use crate::base::error::Diagnostic;
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

/// Request line and headers together: nginx's default is 4 x 8 KB.
const MAX_HEADER_BYTES: usize = 32 * 1024;
/// Time to send a whole request head, and how long a kept-alive connection may sit idle.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may go without reading what it asked for (nginx's `send_timeout`).
const SEND_TIMEOUT: Duration = Duration::from_secs(20);
/// Connections at once; past this, new ones are closed at once. Idle ones time out above.
const MAX_CONNECTIONS: usize = 512;
/// A copied file is sent in pieces of this size, so a slow reader holds one piece.
const CHUNK: usize = 64 * 1024;

/// What the server and the rebuild loop share.
pub(super) struct Shared {
    pub site: RwLock<Arc<Served>>,
    /// The errors of the last build, when it failed.
    pub errors: RwLock<Vec<Diagnostic>>,
    /// Messages for open pages (`reload`, `errors`); each WebSocket task listens.
    pub messages: tokio::sync::broadcast::Sender<Arc<str>>,
    /// The `Host` values a request may carry (DNS rebinding: any other is refused).
    pub hosts: Vec<String>,
    /// Counts good rebuilds, so that the extras of an older one never replace a newer one's.
    pub generation: AtomicU64,
}

impl Shared {
    pub fn new(port: u16, bind: std::net::IpAddr) -> Shared {
        let mut hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        let bind_host = match bind {
            std::net::IpAddr::V6(v6) => format!("[{v6}]:{port}"),
            std::net::IpAddr::V4(v4) => format!("{v4}:{port}"),
        };
        if !hosts.contains(&bind_host) {
            hosts.push(bind_host);
        }
        if port == 80 {
            // Browsers leave the default port out of `Host`.
            let bare: Vec<String> = hosts
                .iter()
                .filter_map(|h| h.strip_suffix(":80").map(String::from))
                .collect();
            hosts.extend(bare);
        }
        Shared {
            site: RwLock::new(Arc::new(Served::default())),
            errors: RwLock::new(Vec::new()),
            messages: tokio::sync::broadcast::channel(16).0,
            hosts,
            generation: AtomicU64::new(0),
        }
    }

    /// Sends a message to every open page; pages that have gone are dropped by their tasks.
    pub fn broadcast(&self, message: &str) {
        let _ = self.messages.send(Arc::from(message));
    }

    fn host_allowed(&self, host: Option<&str>) -> bool {
        host.is_some_and(|h| self.hosts.iter().any(|a| a.eq_ignore_ascii_case(h)))
    }
}

/// A response body: bytes in memory, or a copied file read a piece at a time.
pub(super) enum Payload {
    Bytes(Option<Bytes>),
    File { file: std::fs::File, left: u64 },
}

impl hyper::body::Body for Payload {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match self.get_mut() {
            Payload::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Payload::File { file, left } => {
                use std::io::Read;
                if *left == 0 {
                    return Poll::Ready(None);
                }
                // A regular file on a local disk (safe_fs::open checked): a short blocking
                // read, never a wait on a pipe.
                let want = usize::try_from(*left).unwrap_or(CHUNK).min(CHUNK);
                let mut buffer = vec![0; want];
                match file.read(&mut buffer) {
                    Ok(0) => Poll::Ready(Some(Err(std::io::Error::other(
                        "the file shrank while it was sent",
                    )))),
                    Ok(n) => {
                        buffer.truncate(n);
                        *left -= n as u64;
                        Poll::Ready(Some(Ok(Frame::data(Bytes::from(buffer)))))
                    }
                    Err(e) => Poll::Ready(Some(Err(e))),
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Payload::Bytes(bytes) => bytes.is_none(),
            Payload::File { left, .. } => *left == 0,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Payload::Bytes(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Payload::File { left, .. } => SizeHint::with_exact(*left),
        }
    }
}

fn reply(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Payload> {
    let mut response = Response::new(Payload::Bytes(Some(body.into())));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

const TEXT: &str = "text/plain; charset=utf-8";

fn redirect(to: &str) -> Response<Payload> {
    let mut response = reply(StatusCode::FOUND, TEXT, Bytes::new());
    if let Ok(value) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

impl Shared {
    fn respond(self: &Arc<Self>, request: &mut Request<Incoming>) -> Response<Payload> {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok());
        if !self.host_allowed(host) {
            return reply(StatusCode::FORBIDDEN, TEXT, "Unexpected Host header.\n");
        }
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return reply(StatusCode::METHOD_NOT_ALLOWED, TEXT, "Only GET and HEAD.\n");
        }
        let Some(path) = site::clean_path(request.uri().path()) else {
            return self.not_found();
        };
        if path == RELOAD_PATH {
            return self.upgrade(request);
        }
        let served = self.site.read().map(|s| s.clone()).unwrap_or_default();
        if served.files.is_empty() {
            let errors = self.errors.read().map(|e| e.clone()).unwrap_or_default();
            return reply(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/html; charset=utf-8",
                site::error_page(&errors),
            );
        }
        let Some(rel) = path
            .strip_prefix(&served.base_path)
            .or_else(|| (path.clone() + "/" == served.base_path).then_some(""))
        else {
            if path == "/" {
                return redirect(&served.base_path);
            }
            return self.not_found();
        };
        if path.len() < served.base_path.len() {
            return redirect(&served.base_path);
        }
        let key = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        let kind = site::content_type(&key);
        match served.files.get(&key) {
            Some(Body::Bytes(bytes)) if kind.starts_with("text/html") => {
                reply(StatusCode::OK, kind, site::inject(bytes))
            }
            Some(Body::Bytes(bytes)) => reply(
                StatusCode::OK,
                kind,
                Bytes::from_owner(SharedBytes(bytes.clone())),
            ),
            Some(Body::File(file)) => {
                let Ok(file) = crate::base::safe_fs::open(file) else {
                    return self.not_found();
                };
                let left = file.metadata().map(|m| m.len()).unwrap_or(0);
                let mut response = reply(StatusCode::OK, kind, Bytes::new());
                *response.body_mut() = Payload::File { file, left };
                response
            }
            None if served.files.contains_key(&format!("{key}/index.html")) => {
                redirect(&format!("{path}/"))
            }
            None => self.not_found(),
        }
    }

    fn not_found(&self) -> Response<Payload> {
        let served = self.site.read().map(|s| s.clone()).unwrap_or_default();
        let body = match served.files.get("404.html") {
            Some(Body::Bytes(bytes)) => site::inject(bytes),
            _ => b"Not found\n".to_vec(),
        };
        reply(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
    }

    /// Accepts a live-reload client. A page from another site (`Origin`) may not connect.
    fn upgrade(self: &Arc<Self>, request: &mut Request<Incoming>) -> Response<Payload> {
        let headers = request.headers();
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            let allowed = self
                .hosts
                .iter()
                .any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}")));
            if !allowed {
                return reply(StatusCode::FORBIDDEN, TEXT, "Foreign origin.\n");
            }
        }
        let wants_websocket = headers
            .get(header::UPGRADE)
            .and_then(|u| u.to_str().ok())
            .is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
        let Some(key) = headers
            .get(header::SEC_WEBSOCKET_KEY)
            .filter(|_| wants_websocket)
        else {
            return reply(
                StatusCode::BAD_REQUEST,
                TEXT,
                "A WebSocket is expected here.\n",
            );
        };
        let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
        let upgrading = hyper::upgrade::on(request);
        let shared = self.clone();
        tokio::spawn(async move {
            if let Ok(upgraded) = upgrading.await {
                shared.live_reload(upgraded).await;
            }
        });
        let mut response = reply(StatusCode::SWITCHING_PROTOCOLS, TEXT, Bytes::new());
        let headers = response.headers_mut();
        headers.remove(header::CONTENT_TYPE);
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        if let Ok(value) = HeaderValue::from_str(&accept) {
            headers.insert(header::SEC_WEBSOCKET_ACCEPT, value);
        }
        response
    }

    /// One open page: the last errors at once, then every message until the page goes.
    async fn live_reload(&self, upgraded: hyper::upgrade::Upgraded) {
        use tokio_tungstenite::tungstenite::{Message, protocol::Role};
        let io = hyper_util::rt::TokioIo::new(upgraded);
        let mut socket =
            tokio_tungstenite::WebSocketStream::from_raw_socket(io, Role::Server, None).await;
        let mut messages = self.messages.subscribe();
        let errors = self.errors.read().map(|e| e.clone()).unwrap_or_default();
        if !errors.is_empty()
            && socket
                .send(Message::text(site::errors_message(&errors)))
                .await
                .is_err()
        {
            return;
        }
        loop {
            tokio::select! {
                message = messages.recv() => match message {
                    Ok(text) => {
                        if socket.send(Message::text(text.as_ref())).await.is_err() {
                            return;
                        }
                    }
                    // Too far behind: a reload makes it current.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        if socket.send(Message::text(r#"{"type":"reload"}"#)).await.is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                },
                incoming = socket.next() => match incoming {
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                    Some(Ok(_)) => {}
                },
            }
        }
    }
}

/// Lets `Bytes` borrow a built file without copying it.
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// Binds the port now, so that a busy port is reported before the first build.
pub(super) fn bind(address: std::net::SocketAddr) -> std::io::Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(address)?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// Serves on its own thread until the process ends.
pub(super) fn spawn(listener: std::net::TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    std::thread::Builder::new()
        .name("handbook-http".into())
        .spawn(move || runtime.block_on(accept_loop(listener, shared)))?;
    Ok(())
}

async fn accept_loop(listener: std::net::TcpListener, shared: Arc<Shared>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_header_size(MAX_HEADER_BYTES)
        .max_buf_size(MAX_HEADER_BYTES.max(64 * 1024));
    let builder = Arc::new(builder);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file handles (EMFILE) or a connection reset before it was taken: the
            // listening socket is still good. Wait for connections to close, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
        stream.set_write_timeout(Some(SEND_TIMEOUT));
        let io = hyper_util::rt::TokioIo::new(Box::pin(stream));
        let shared = shared.clone();
        let builder = builder.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |mut request| {
                let response = shared.respond(&mut request);
                async move { Ok::<_, Infallible>(response) }
            });
            let _ = builder.serve_connection(io, service).with_upgrades().await;
            drop(slot);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_80_accepts_a_host_without_a_port() {
        let shared = Shared::new(80, std::net::IpAddr::from([127, 0, 0, 1]));
        for host in ["localhost", "127.0.0.1", "localhost:80", "LOCALHOST"] {
            assert!(shared.host_allowed(Some(host)), "{host}");
        }
        assert!(!shared.host_allowed(Some("evil.example")));
        assert!(!shared.host_allowed(None));
        let other = Shared::new(8000, std::net::IpAddr::from([127, 0, 0, 1]));
        assert!(!other.host_allowed(Some("localhost")));
        assert!(other.host_allowed(Some("localhost:8000")));
    }
}
