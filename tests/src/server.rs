//! Loopback HTTP/1.1 servers for the tests.
//!
//! [`Server`] hands every request to a handler that decides what happens to it
//! (an [`Action`]: answer, answer oddly, misbehave mid-body, stall). [`MockServer`]
//! is the same server answering from a list of [`Reply`]s. Both record every
//! request exactly as it arrived ([`Recorded`]).
//!
//! Every server is bounded, so that a test that forgets one, or a client that
//! misbehaves, cannot keep a test binary alive: it listens on 127.0.0.1 only,
//! stops by itself after its lifetime ([`DEFAULT_LIFETIME`]) or its maximum
//! number of requests ([`DEFAULT_MAX_REQUESTS`]), and stops at once, connections
//! included, when the [`Server`] value is dropped. Bytes that are not a request
//! it understands close that connection; they never panic the server.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use okta_apps::{Client, RetryPolicy};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};

/// How long a server runs unless [`ServerBuilder::lifetime`] says otherwise.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(120);
/// How many requests a server answers unless [`ServerBuilder::max_requests`] says otherwise.
pub const DEFAULT_MAX_REQUESTS: usize = 10_000;
/// The default cap on the bytes of an [`Endless`] body.
pub const ENDLESS_MAX_BYTES: u64 = 2 << 30;
/// The default cap on the duration of an [`Endless`] body.
pub const ENDLESS_MAX_TIME: Duration = Duration::from_secs(60);
/// How long [`Action::Hang`] holds a connection.
pub const HANG_TIME: Duration = Duration::from_secs(60);

/// Requests beyond these sizes are refused (the connection is closed), so that a
/// runaway client cannot exhaust memory.
const MAX_HEAD: usize = 1 << 20;
const MAX_BODY: usize = 64 << 20;

/// Before a reset, so that the head and the bytes already written reach the
/// client ahead of the RST rather than being discarded with the send buffer.
const RESET_PAUSE: Duration = Duration::from_millis(100);

/// Large writes keep an endless body at full speed; the block is whole copies of
/// the pattern so that the stream is the pattern repeated, seamlessly.
const ENDLESS_BLOCK: usize = 64 * 1024;

// ---------------------------------------------------------------- actions

/// What the server does with one request; the handler's answer.
///
/// Header pairs are written verbatim as `name: value` lines, in order, repeats
/// kept, values not checked: a test can send repeated headers, odd values (a
/// `Link` header with commas and semicolons inside `<…>`) or malformed ones.
/// The server adds only the framing the variant describes; when it closes per
/// request ([`Connections::ClosePerRequest`]) every head of its making also
/// carries `Connection: close`.
#[derive(Debug, Clone)]
pub enum Action {
    /// Status, headers and body, framed by `Content-Length` (none and no body
    /// for 1xx, 204 and 304; no body for a `HEAD` request). The connection stays
    /// open for the next request when the server keeps connections alive.
    Respond(u16, Vec<(String, String)>, Vec<u8>),
    /// Status, `Connection: close`, headers and body without `Content-Length`:
    /// the body ends when the server closes the connection.
    CloseDelimited(u16, Vec<(String, String)>, Vec<u8>),
    /// These bytes exactly (status line, header lines, framing and body are all
    /// the test's), then the connection is closed. See [`Action::raw`].
    Raw(Vec<u8>),
    /// Closes the connection without answering.
    Close,
    /// A 200 JSON head announcing `Content-Length: declared`, only `body` (shorter)
    /// after it, then a clean close: the body ends early.
    Truncate(usize, Vec<u8>),
    /// Status and headers announcing `Content-Length: declared`, the bytes of
    /// `sent`, then a TCP reset (RST) instead of the rest of the body.
    Reset {
        /// The status code.
        status: u16,
        /// Header lines besides the framing.
        headers: Vec<(String, String)>,
        /// The announced `Content-Length`.
        declared: usize,
        /// The part of the body sent before the reset.
        sent: Vec<u8>,
    },
    /// A body that does not end: see [`Endless`].
    Endless(Endless),
    /// A body sent a few bytes at a time: see [`Drip`].
    Drip(Drip),
    /// Never answers: holds the connection for [`HANG_TIME`], then closes it.
    Hang,
    /// Waits, then does the other thing.
    Delayed(Duration, Box<Action>),
}

/// How the body of an [`Endless`] or a [`Drip`] is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length` (for [`Endless`], its `max_bytes`).
    ContentLength,
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Neither: `Connection: close`, and the body ends when the connection does.
    CloseDelimited,
}

/// An endless body: the pattern repeated at full speed until the client
/// disconnects, `max_bytes` have been sent or `max_time` has passed, whichever
/// comes first; then the connection is closed. A chunked body never gets its
/// last chunk, so to the client it is cut off, not complete.
#[derive(Debug, Clone)]
pub struct Endless {
    /// The status code.
    pub status: u16,
    /// Header lines besides the framing.
    pub headers: Vec<(String, String)>,
    /// The bytes repeated; an empty pattern is sent as a single space.
    pub pattern: Vec<u8>,
    /// How the body is framed.
    pub framing: Framing,
    /// The most body bytes sent.
    pub max_bytes: u64,
    /// The longest the body is sent for.
    pub max_time: Duration,
}

impl Endless {
    /// A 200 streaming `pattern` under the default caps ([`ENDLESS_MAX_BYTES`], [`ENDLESS_MAX_TIME`]).
    pub fn new(pattern: &[u8], framing: Framing) -> Endless {
        Endless {
            status: 200,
            headers: Vec::new(),
            pattern: pattern.to_vec(),
            framing,
            max_bytes: ENDLESS_MAX_BYTES,
            max_time: ENDLESS_MAX_TIME,
        }
    }
}

/// A slow body: the head at once, then `step` bytes of `body` after every
/// `every` until the body is sent (the last piece may be shorter).
#[derive(Debug, Clone)]
pub struct Drip {
    /// The status code.
    pub status: u16,
    /// Header lines besides the framing.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
    /// Bytes per piece; 0 is taken as 1.
    pub step: usize,
    /// The wait before each piece.
    pub every: Duration,
    /// How the body is framed; `ContentLength` announces the whole body.
    pub framing: Framing,
}

impl Drip {
    /// A 200 dripping `body` `step` bytes every `every`.
    pub fn new(body: &[u8], step: usize, every: Duration, framing: Framing) -> Drip {
        Drip {
            status: 200,
            headers: Vec::new(),
            body: body.to_vec(),
            step,
            every,
            framing,
        }
    }
}

impl Action {
    /// A JSON answer: `content-type: application/json` and `body`.
    pub fn json(status: u16, body: &str) -> Action {
        Action::Respond(
            status,
            vec![("content-type".into(), "application/json".into())],
            body.as_bytes().to_vec(),
        )
    }

    /// An answer with no headers and no body.
    pub fn empty(status: u16) -> Action {
        Action::Respond(status, Vec::new(), Vec::new())
    }

    /// A redirect (any status, typically 3xx) to `location`.
    pub fn redirect(status: u16, location: &str) -> Action {
        Action::empty(status).with_header("Location", location)
    }

    /// [`Action::Raw`] from lines: `lines[0]` is the status line (e.g.
    /// `"HTTP/1.1 200 OK"`), the others header lines, sent as given with CRLF
    /// after each, then an empty line and `body`. Nothing is added.
    pub fn raw(lines: &[&str], body: &[u8]) -> Action {
        let mut bytes = Vec::new();
        for line in lines {
            bytes.extend_from_slice(line.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(body);
        Action::Raw(bytes)
    }

    /// [`Action::Reset`] with no headers besides the framing.
    pub fn reset_mid_body(status: u16, declared: usize, sent: &[u8]) -> Action {
        Action::Reset {
            status,
            headers: Vec::new(),
            declared,
            sent: sent.to_vec(),
        }
    }

    /// [`Action::Endless`] of [`Endless::new`].
    pub fn endless(pattern: &[u8], framing: Framing) -> Action {
        Action::Endless(Endless::new(pattern, framing))
    }

    /// [`Action::Drip`] of [`Drip::new`].
    pub fn drip(body: &[u8], step: usize, every: Duration, framing: Framing) -> Action {
        Action::Drip(Drip::new(body, step, every, framing))
    }

    /// Adds a header line (after the ones already there).
    ///
    /// # Panics
    ///
    /// On an action that sends no head of the server's making (`Raw`, `Close`,
    /// `Truncate`, `Hang`): the header would be silently lost.
    pub fn with_header(self, name: &str, value: &str) -> Action {
        let line = (name.to_owned(), value.to_owned());
        match self {
            Action::Respond(status, mut headers, body) => {
                headers.push(line);
                Action::Respond(status, headers, body)
            }
            Action::CloseDelimited(status, mut headers, body) => {
                headers.push(line);
                Action::CloseDelimited(status, headers, body)
            }
            Action::Reset {
                status,
                mut headers,
                declared,
                sent,
            } => {
                headers.push(line);
                Action::Reset {
                    status,
                    headers,
                    declared,
                    sent,
                }
            }
            Action::Endless(mut endless) => {
                endless.headers.push(line);
                Action::Endless(endless)
            }
            Action::Drip(mut drip) => {
                drip.headers.push(line);
                Action::Drip(drip)
            }
            Action::Delayed(wait, then) => {
                Action::Delayed(wait, Box::new(then.with_header(name, value)))
            }
            other @ (Action::Raw(_) | Action::Close | Action::Truncate(..) | Action::Hang) => {
                panic!("with_header({name:?}) on {other:?}, which has no headers to add to")
            }
        }
    }
}

// ---------------------------------------------------------------- the server

/// What happens to a connection after an answer that leaves it usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connections {
    /// One request per connection: every answer carries `Connection: close` and
    /// the server closes the connection after it.
    ClosePerRequest,
    /// Several requests per connection: the server reads the next request on the
    /// same connection until the client closes it or an action ends it.
    KeepAlive,
}

/// Settings of a [`Server`]; [`Server::builder`].
#[derive(Debug, Clone)]
pub struct ServerBuilder {
    connections: Connections,
    lifetime: Duration,
    max_requests: usize,
}

impl Default for ServerBuilder {
    fn default() -> ServerBuilder {
        ServerBuilder {
            connections: Connections::ClosePerRequest,
            lifetime: DEFAULT_LIFETIME,
            max_requests: DEFAULT_MAX_REQUESTS,
        }
    }
}

impl ServerBuilder {
    /// One request per connection (the default) or several.
    pub fn connections(mut self, connections: Connections) -> ServerBuilder {
        self.connections = connections;
        self
    }

    /// Several requests per connection.
    pub fn keep_alive(self) -> ServerBuilder {
        self.connections(Connections::KeepAlive)
    }

    /// How long the server runs; at the end, open connections are closed too.
    pub fn lifetime(mut self, lifetime: Duration) -> ServerBuilder {
        self.lifetime = lifetime;
        self
    }

    /// How many requests the server answers. Once that many have arrived it
    /// accepts no more connections, and a further request on an open one closes
    /// that connection unanswered (and unrecorded).
    pub fn max_requests(mut self, max_requests: usize) -> ServerBuilder {
        self.max_requests = max_requests;
        self
    }

    /// Starts the server on 127.0.0.1 with a port of its own; `handler` gets
    /// each request's index (0 for the first to arrive, in the order of
    /// [`Server::requests`]) and the request, and says what to do with it.
    ///
    /// A handler that panics closes that request's connection unanswered; the
    /// request is still recorded, and the server goes on.
    pub async fn start(
        self,
        handler: impl Fn(usize, &Recorded) -> Action + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            handler: Box::new(handler),
            keep_alive: self.connections == Connections::KeepAlive,
            max_requests: self.max_requests,
            requests: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            open: AtomicUsize::new(0),
            full: Notify::new(),
        });
        let task = tokio::spawn(run(listener, shared.clone(), self.lifetime));
        Server { addr, shared, task }
    }
}

type Handler = dyn Fn(usize, &Recorded) -> Action + Send + Sync;

struct Shared {
    handler: Box<Handler>,
    keep_alive: bool,
    max_requests: usize,
    requests: Mutex<Vec<Recorded>>,
    connections: AtomicUsize,
    open: AtomicUsize,
    full: Notify,
}

/// Counts a connection as open for as long as its task lives, however it ends
/// (done, panicked in the handler, or aborted with the server).
struct OpenConnection<'a>(&'a AtomicUsize);

impl<'a> OpenConnection<'a> {
    fn new(open: &'a AtomicUsize) -> OpenConnection<'a> {
        open.fetch_add(1, Ordering::SeqCst);
        OpenConnection(open)
    }
}

impl Drop for OpenConnection<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Shared {
    /// The request's index, or `None` once the server has had its fill.
    fn record(&self, request: &Recorded) -> Option<usize> {
        let mut requests = lock(&self.requests);
        if requests.len() >= self.max_requests {
            return None;
        }
        requests.push(request.clone());
        if requests.len() == self.max_requests {
            self.full.notify_one();
        }
        Some(requests.len() - 1)
    }
}

/// A loopback HTTP/1.1 server whose handler decides every answer; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        // The connections live in a JoinSet owned by this task: aborting it aborts them.
        self.task.abort();
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

impl Server {
    /// Starts a server with the default settings (one request per connection,
    /// [`DEFAULT_LIFETIME`], [`DEFAULT_MAX_REQUESTS`]); see [`ServerBuilder::start`].
    pub async fn start(
        handler: impl Fn(usize, &Recorded) -> Action + Send + Sync + 'static,
    ) -> Server {
        ServerBuilder::default().start(handler).await
    }

    /// Settings other than the defaults.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client for this server with the API token `t` that never retries, so each
    /// call is exactly one request.
    pub fn client_without_retries(&self) -> Client {
        Client::builder(self.url())
            .allow_http(true)
            .api_token("t")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client")
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `127.0.0.1:<port>`, as in a `Host` header.
    pub fn host_port(&self) -> String {
        self.addr.to_string()
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.requests).clone()
    }

    /// How many requests have arrived so far.
    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }

    /// How many connections the server has accepted so far.
    pub fn connection_count(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// How many connections are open now, on the server's side: a test can wait
    /// for this to drop to see that the client hung up (on an endless body, say).
    pub fn open_connections(&self) -> usize {
        self.shared.open.load(Ordering::SeqCst)
    }
}

/// A test's assertion failing in a handler must not make every later look at
/// the requests fail with a poisoned lock instead.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn run(listener: TcpListener, shared: Arc<Shared>, lifetime: Duration) {
    let mut connections = JoinSet::new();
    let serving = async {
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { break };
                    let index = shared.connections.fetch_add(1, Ordering::SeqCst);
                    connections.spawn(serve(stream, index, shared.clone()));
                }
                () = shared.full.notified() => break,
                // Reap finished connections so that the set does not grow with them.
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
        drop(listener);
        while connections.join_next().await.is_some() {}
    };
    // At the end of the lifetime the set is dropped, which aborts the connections.
    let _ = tokio::time::timeout(lifetime, serving).await;
}

async fn serve(mut stream: TcpStream, connection: usize, shared: Arc<Shared>) {
    let _open = OpenConnection::new(&shared.open);
    // Each write is a whole piece of the answer; Nagle's delay would only slow
    // keep-alive answers and blur a drip's timing.
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer, connection).await else {
            return;
        };
        let Some(index) = shared.record(&request) else {
            return;
        };
        let action = (shared.handler)(index, &request);
        if !perform(action, &mut stream, &request, shared.keep_alive).await {
            return;
        }
    }
}

/// Statuses that never carry a body, whatever the headers say.
fn bodyless(status: u16) -> bool {
    (100..200).contains(&status) || status == 204 || status == 304
}

fn head(status: u16, headers: &[(String, String)], framing: &[String]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} Mock\r\n");
    for (name, value) in headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    for line in framing {
        head.push_str(line);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    head.into_bytes()
}

fn framing_lines(framing: Framing, content_length: u64, keep_alive: bool) -> Vec<String> {
    let mut lines = vec![match framing {
        Framing::ContentLength => format!("Content-Length: {content_length}"),
        Framing::Chunked => "Transfer-Encoding: chunked".to_owned(),
        Framing::CloseDelimited => "Connection: close".to_owned(),
    }];
    if !keep_alive && framing != Framing::CloseDelimited {
        lines.push("Connection: close".to_owned());
    }
    lines
}

async fn send(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    stream.write_all(bytes).await.is_ok() && stream.flush().await.is_ok()
}

/// Carries out `action`; whether the connection may carry another request.
async fn perform(
    mut action: Action,
    stream: &mut TcpStream,
    request: &Recorded,
    keep_alive: bool,
) -> bool {
    while let Action::Delayed(wait, then) = action {
        tokio::time::sleep(wait).await;
        action = *then;
    }
    let omit_body = |status| bodyless(status) || request.method.eq_ignore_ascii_case("HEAD");
    match action {
        Action::Respond(status, headers, body) => {
            let mut framing = Vec::new();
            if !bodyless(status) {
                framing.push(format!("Content-Length: {}", body.len()));
            }
            if !keep_alive {
                framing.push("Connection: close".to_owned());
            }
            let mut bytes = head(status, &headers, &framing);
            if !omit_body(status) {
                bytes.extend_from_slice(&body);
            }
            if !send(stream, &bytes).await || !keep_alive {
                let _ = stream.shutdown().await;
                return false;
            }
            true
        }
        Action::CloseDelimited(status, headers, body) => {
            let mut bytes = head(status, &headers, &["Connection: close".to_owned()]);
            if !omit_body(status) {
                bytes.extend_from_slice(&body);
            }
            if send(stream, &bytes).await {
                let _ = stream.shutdown().await;
            }
            false
        }
        Action::Raw(bytes) => {
            if send(stream, &bytes).await {
                let _ = stream.shutdown().await;
            }
            false
        }
        Action::Close => false,
        Action::Truncate(declared, body) => {
            let headers = [("Content-Type".to_owned(), "application/json".to_owned())];
            let mut bytes = head(
                200,
                &headers,
                &framing_lines(Framing::ContentLength, declared as u64, keep_alive),
            );
            bytes.extend_from_slice(&body);
            send(stream, &bytes).await;
            false
        }
        Action::Reset {
            status,
            headers,
            declared,
            sent,
        } => {
            let mut bytes = head(
                status,
                &headers,
                &framing_lines(Framing::ContentLength, declared as u64, keep_alive),
            );
            bytes.extend_from_slice(&sent);
            if send(stream, &bytes).await {
                tokio::time::sleep(RESET_PAUSE).await;
                // Dropping a socket with a zero linger sends RST instead of FIN.
                let _ = stream.set_zero_linger();
            }
            false
        }
        Action::Endless(endless) => {
            let framing = framing_lines(endless.framing, endless.max_bytes, keep_alive);
            if send(stream, &head(endless.status, &endless.headers, &framing)).await {
                let _ =
                    tokio::time::timeout(endless.max_time, stream_pattern(stream, &endless)).await;
            }
            false
        }
        Action::Drip(drip) => {
            let framing = framing_lines(drip.framing, drip.body.len() as u64, keep_alive);
            if !send(stream, &head(drip.status, &drip.headers, &framing)).await {
                return false;
            }
            let chunked = drip.framing == Framing::Chunked;
            for piece in drip.body.chunks(drip.step.max(1)) {
                tokio::time::sleep(drip.every).await;
                let sent = if chunked {
                    send(stream, &chunk(piece)).await
                } else {
                    send(stream, piece).await
                };
                if !sent {
                    return false;
                }
            }
            if chunked && !send(stream, b"0\r\n\r\n").await {
                return false;
            }
            if !keep_alive || drip.framing == Framing::CloseDelimited {
                let _ = stream.shutdown().await;
                return false;
            }
            true
        }
        Action::Hang => {
            tokio::time::sleep(HANG_TIME).await;
            false
        }
        Action::Delayed(..) => unreachable!("unwrapped above"),
    }
}

fn chunk(data: &[u8]) -> Vec<u8> {
    let mut bytes = format!("{:x}\r\n", data.len()).into_bytes();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"\r\n");
    bytes
}

/// Writes the endless body until `max_bytes` or a failed write (the client went away).
async fn stream_pattern(stream: &mut TcpStream, endless: &Endless) {
    let pattern: &[u8] = if endless.pattern.is_empty() {
        b" "
    } else {
        &endless.pattern
    };
    let block = pattern.repeat(ENDLESS_BLOCK.div_ceil(pattern.len()));
    let chunked = endless.framing == Framing::Chunked;
    let whole_chunk = chunk(&block);
    let mut sent: u64 = 0;
    while sent < endless.max_bytes {
        let len = block
            .len()
            .min(usize::try_from(endless.max_bytes - sent).unwrap_or(usize::MAX));
        let ok = match (chunked, len == block.len()) {
            (true, true) => stream.write_all(&whole_chunk).await.is_ok(),
            (true, false) => stream.write_all(&chunk(&block[..len])).await.is_ok(),
            (false, _) => stream.write_all(&block[..len]).await.is_ok(),
        };
        if !ok {
            return;
        }
        sent += len as u64;
    }
    let _ = stream.flush().await;
}

// ---------------------------------------------------------------- reading requests

/// Reads the next request on the connection; `None` at the end of the stream or
/// when the bytes are not a request this server understands.
async fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    connection: usize,
) -> Option<Recorded> {
    let mut searched = 0;
    let head_end = loop {
        if let Some(at) = find(&buffer[searched..], b"\r\n\r\n") {
            break searched + at;
        }
        // The terminator may straddle the next read.
        searched = buffer.len().saturating_sub(3);
        if buffer.len() > MAX_HEAD || !fill(stream, buffer).await {
            return None;
        }
    };
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?.to_owned();
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next().filter(|m| !m.is_empty())?.to_owned();
    let target = request_line.next().filter(|t| !t.is_empty())?.to_owned();
    if request_line.next() != Some("HTTP/1.1") || request_line.next().is_some() {
        return None;
    }
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let values = |wanted: &str| {
        headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| value.as_str())
            .collect::<Vec<_>>()
    };
    let transfer_encoding = values("transfer-encoding");
    let body = match transfer_encoding.as_slice() {
        [] => {
            let lengths = values("content-length");
            let length = match lengths.split_first() {
                None => 0,
                Some((first, rest)) => {
                    let length: usize = first.parse().ok()?;
                    if rest.iter().any(|other| *other != *first) || length > MAX_BODY {
                        return None;
                    }
                    length
                }
            };
            while buffer.len() < length {
                if !fill(stream, buffer).await {
                    return None;
                }
            }
            buffer.drain(..length).collect()
        }
        [coding] if coding.eq_ignore_ascii_case("chunked") => read_chunked(stream, buffer).await?,
        _ => return None,
    };
    Some(Recorded {
        method,
        target,
        headers,
        body,
        connection,
    })
}

async fn read_chunked(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = read_line(stream, buffer).await?;
        let size = std::str::from_utf8(&line).ok()?.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        if size == 0 {
            // Trailer fields are read, not recorded, so that a kept connection's
            // next request starts where it should.
            while !read_line(stream, buffer).await?.is_empty() {}
            return Some(body);
        }
        if size > MAX_BODY - body.len() {
            return None;
        }
        while buffer.len() < size + 2 {
            if !fill(stream, buffer).await {
                return None;
            }
        }
        if &buffer[size..size + 2] != b"\r\n" {
            return None;
        }
        body.extend_from_slice(&buffer[..size]);
        buffer.drain(..size + 2);
    }
}

/// The next CRLF-terminated line, without its CRLF.
async fn read_line(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    loop {
        if let Some(end) = find(buffer, b"\r\n") {
            let line = buffer[..end].to_vec();
            buffer.drain(..end + 2);
            return Some(line);
        }
        if buffer.len() > MAX_HEAD || !fill(stream, buffer).await {
            return None;
        }
    }
}

/// Appends what the client sent next; `false` at the end of the stream or on an error.
async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    buffer.reserve(16 * 1024);
    matches!(stream.read_buf(buffer).await, Ok(n) if n > 0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------- recorded requests

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target exactly as sent, e.g. `/api/v1/apps?limit=2`.
    pub target: String,
    /// The header lines in arrival order, names as sent, values trimmed, repeats kept.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked if it was sent chunked.
    pub body: Vec<u8>,
    /// Which of the server's connections carried it: 0 for the first accepted.
    pub connection: usize,
}

impl Recorded {
    /// The path part of the target, still percent-encoded.
    pub fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(self.target.as_str(), |(p, _)| p)
    }

    /// The raw query string, if there was a `?`.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// The decoded query pairs, in order (`application/x-www-form-urlencoded`).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query().map(form_decode).unwrap_or_default()
    }

    /// Every value of the header `name` (case-insensitive), in arrival order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The single value of the header `name` (case-insensitive); panics if it
    /// was sent more than once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let values = self.header_values(name);
        assert!(
            values.len() <= 1,
            "header {name} sent {} times: {values:?}",
            values.len()
        );
        values.first().copied()
    }

    /// The body as JSON; panics if it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The body as form fields, in order (`application/x-www-form-urlencoded`).
    pub fn form(&self) -> Vec<(String, String)> {
        form_decode(&String::from_utf8_lossy(&self.body))
    }

    /// The first value of the form field `name` in the body.
    pub fn form_field(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// Asserts the headers every request of a [`MockServer::client`] carries:
    /// `Authorization: SSWS t`, `Accept: application/json`, a `User-Agent`
    /// naming the crate, and the given `Content-Type` (or none, and no body).
    pub fn assert_standard_headers(&self, content_type: Option<&str>) {
        assert_eq!(self.header("authorization"), Some("SSWS t"), "{self:?}");
        assert_eq!(self.header("accept"), Some("application/json"), "{self:?}");
        let agent = self.header("user-agent").unwrap_or_default();
        assert!(agent.starts_with("okta-apps/"), "User-Agent {agent:?}");
        match content_type {
            Some(expected) => assert_eq!(self.header("content-type"), Some(expected), "{self:?}"),
            None => {
                assert_eq!(self.header("content-type"), None, "{self:?}");
                assert!(
                    self.body.is_empty(),
                    "unexpected body {:?}",
                    String::from_utf8_lossy(&self.body)
                );
            }
        }
    }

    /// The parts of a `multipart/form-data` body; panics if it is not one.
    pub fn multipart_parts(&self) -> Vec<Part> {
        let content_type = self.header("content-type").expect("Content-Type");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("not multipart/form-data: {content_type}"));
        let delimiter = format!("--{boundary}").into_bytes();
        let mut pieces = Vec::new();
        let mut rest = self.body.as_slice();
        while let Some(at) = find(rest, &delimiter) {
            pieces.push(&rest[..at]);
            rest = &rest[at + delimiter.len()..];
        }
        assert!(
            rest.starts_with(b"--"),
            "the body does not end with the closing delimiter"
        );
        assert_eq!(
            pieces.first().map(|p| p.len()),
            Some(0),
            "unexpected preamble"
        );
        pieces[1..].iter().map(|piece| Part::parse(piece)).collect()
    }

    /// The one part of a `multipart/form-data` body; panics unless there is exactly one.
    pub fn single_multipart_part(&self) -> Part {
        let mut parts = self.multipart_parts();
        assert_eq!(parts.len(), 1, "expected one part, got {parts:?}");
        parts.remove(0)
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone)]
pub struct Part {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`.
    pub file_name: Option<String>,
    /// Its `Content-Type`.
    pub content_type: Option<String>,
    /// Its content.
    pub body: Vec<u8>,
}

impl Part {
    /// A part from the bytes between two delimiters.
    fn parse(piece: &[u8]) -> Part {
        let piece = piece
            .strip_prefix(b"\r\n")
            .expect("CRLF after the delimiter");
        let piece = piece
            .strip_suffix(b"\r\n")
            .expect("CRLF before the next delimiter");
        let head_end = find(piece, b"\r\n\r\n").expect("part headers");
        let head = std::str::from_utf8(&piece[..head_end]).expect("UTF-8 part headers");
        let mut part = Part {
            name: String::new(),
            file_name: None,
            content_type: None,
            body: piece[head_end + 4..].to_vec(),
        };
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(':').expect("part header");
            if name.eq_ignore_ascii_case("content-disposition") {
                let mut params = value.split(';').map(str::trim);
                assert_eq!(params.next(), Some("form-data"));
                for param in params {
                    let (key, quoted) = param.split_once('=').expect("disposition parameter");
                    let text = quoted.trim_matches('"').to_owned();
                    match key {
                        "name" => part.name = text,
                        "filename" => part.file_name = Some(text),
                        other => panic!("unexpected disposition parameter {other}"),
                    }
                }
            } else if name.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_owned());
            }
        }
        part
    }
}

/// Decodes `application/x-www-form-urlencoded` text.
pub fn form_decode(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name, true), percent_decode(value, true))
        })
        .collect()
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`); panics on a
/// bad escape or a result that is not UTF-8, which a test should not pass.
pub fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII escape");
                out.push(
                    u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad escape %{hex}")),
                );
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

// ---------------------------------------------------------------- the mock server

/// One answer of a [`MockServer`].
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Header lines besides the framing.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Send no `Content-Length` and close the connection after the body.
    pub close_delimited: bool,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &Value) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(body).expect("JSON fixture"),
            close_delimited: false,
        }
    }

    /// An answer without a body (`Content-Length: 0`, or none at all for 204).
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            close_delimited: false,
        }
    }

    /// Okta's error answer for `status`, as Okta sends it.
    pub fn okta_error(status: u16) -> Reply {
        let (code, summary) = okta_error_for(status);
        let mut reply = Reply::json(
            status,
            &json!({
                "errorCode": code,
                "errorSummary": summary,
                "errorLink": code,
                "errorId": format!("oae{status}"),
                "errorCauses": [{"errorSummary": format!("cause of {status}")}],
            }),
        )
        .header("X-Okta-Request-Id", &format!("req-{status}"));
        if status == 429 {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("clock after 1970")
                .as_secs();
            reply = reply
                .header("X-Rate-Limit-Limit", "600")
                .header("X-Rate-Limit-Remaining", "0")
                .header("X-Rate-Limit-Reset", &now.to_string());
        }
        reply
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the body without `Content-Length`, ending it by closing the connection.
    pub fn close_delimited(mut self) -> Reply {
        self.close_delimited = true;
        self
    }
}

impl From<Reply> for Action {
    fn from(reply: Reply) -> Action {
        if reply.close_delimited {
            Action::CloseDelimited(reply.status, reply.headers, reply.body)
        } else {
            Action::Respond(reply.status, reply.headers, reply.body)
        }
    }
}

/// Okta's error code and summary for a status.
pub fn okta_error_for(status: u16) -> (&'static str, &'static str) {
    match status {
        400 => ("E0000001", "Api validation failed: label"),
        401 => ("E0000011", "Invalid token provided"),
        403 => (
            "E0000006",
            "You do not have permission to perform the requested action",
        ),
        404 => (
            "E0000007",
            "Not found: Resource not found: 0oa1 (AppInstance)",
        ),
        429 => (
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
        ),
        _ => ("E0000009", "Internal Server Error"),
    }
}

/// The replies of a [`MockServer`] and the index of the first request they answer.
#[derive(Debug)]
struct Replies {
    first: usize,
    queue: Vec<Reply>,
}

/// A keep-alive [`Server`] answering from a list of [`Reply`]s, in order, the
/// last one repeated; stops when dropped.
#[derive(Debug)]
pub struct MockServer {
    server: Server,
    replies: Arc<Mutex<Replies>>,
}

impl MockServer {
    /// Starts a server on 127.0.0.1 (port 0) answering every request with `reply`.
    pub async fn start(reply: Reply) -> MockServer {
        let replies = Arc::new(Mutex::new(Replies {
            first: 0,
            queue: vec![reply],
        }));
        let answers = replies.clone();
        // The request's index, not a pop, picks the reply: the server records and
        // numbers requests in one step, so reply n goes to the n-th request even
        // when requests race.
        let server = Server::builder()
            .keep_alive()
            .start(move |index, _| {
                let replies = lock(&answers);
                let at = index
                    .saturating_sub(replies.first)
                    .min(replies.queue.len() - 1);
                replies.queue[at].clone().into()
            })
            .await;
        MockServer { server, replies }
    }

    /// Replaces the replies: answered in order from the next request on, the last one repeated.
    pub fn set_replies(&self, replies: Vec<Reply>) {
        assert!(!replies.is_empty());
        let mut state = lock(&self.replies);
        state.first = self.server.request_count();
        state.queue = replies;
    }

    /// The server underneath, for its address and counts.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// A client for this server with the API token `t` and the default retry policy.
    pub fn client(&self) -> Client {
        Client::builder(self.url())
            .allow_http(true)
            .api_token("t")
            .build()
            .expect("client")
    }

    /// A client for this server that never retries, so each call is exactly one request.
    pub fn client_without_retries(&self) -> Client {
        self.server.client_without_retries()
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.server.requests()
    }

    /// The one request received; panics unless exactly one arrived.
    pub fn single_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:#?}"
        );
        requests.into_iter().next().expect("one request")
    }
}
