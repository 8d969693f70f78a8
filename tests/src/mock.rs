//! A small HTTP/1.1 server for end-to-end tests: it records every request
//! exactly as it arrived on the wire (request target unnormalised, headers,
//! body) and answers with the replies the test chose.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

use codegen::ir::Operation;
use okta_apps::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One answer of the mock server.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
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

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The request target exactly as sent, e.g. `/api/v1/apps?limit=2`.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
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

    /// Every value of the header `name` (case-insensitive).
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The single value of the header `name`; panics if it was sent more than once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let values = self.header_values(name);
        assert!(
            values.len() <= 1,
            "header {name} sent {} times: {values:?}",
            values.len()
        );
        values.first().copied()
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// Asserts the headers every request carries: `Authorization: SSWS t`,
    /// `Accept: application/json`, a `User-Agent` naming the crate, and the
    /// given `Content-Type` (or none).
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
}

/// Decodes `application/x-www-form-urlencoded` text.
pub fn form_decode(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name, true), percent_decode(value, true))
        })
        .collect()
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`).
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

struct State {
    requests: Vec<Recorded>,
    /// Answered in order; the last one answers every further request.
    replies: Vec<Reply>,
}

/// The mock server; stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// Starts a server on 127.0.0.1 (port 0) answering every request with `reply`.
    pub async fn start(reply: Reply) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State {
            requests: Vec::new(),
            replies: vec![reply],
        }));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(serve(stream, shared.clone()));
            }
        });
        MockServer { addr, state, task }
    }

    /// Replaces the replies: answered in order, the last one repeated.
    pub fn set_replies(&self, replies: Vec<Reply>) {
        assert!(!replies.is_empty());
        self.state.lock().expect("state").replies = replies;
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
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
        Client::builder(self.url())
            .allow_http(true)
            .api_token("t")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client")
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().expect("state").requests.clone()
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

async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let reply = {
            let mut state = state.lock().expect("state");
            state.requests.push(request);
            if state.replies.len() > 1 {
                state.replies.remove(0)
            } else {
                state.replies[0].clone()
            }
        };
        let mut head = format!("HTTP/1.1 {} Mock\r\n", reply.status);
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if reply.close_delimited {
            head.push_str("Connection: close\r\n");
        } else if reply.status != 204 {
            head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        if reply.status != 204 {
            bytes.extend_from_slice(&reply.body);
        }
        if stream.write_all(&bytes).await.is_err() || reply.close_delimited {
            let _ = stream.shutdown().await;
            return;
        }
    }
}

/// Reads one request; `None` at end of stream.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            break end;
        }
        if !fill(stream, buffer).await {
            return None;
        }
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).expect("UTF-8 request head");
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let request_line = lines.next().expect("request line");
    let mut parts = request_line.split(' ');
    let method = parts.next().expect("method").to_owned();
    let target = parts.next().expect("target").to_owned();
    assert_eq!(
        parts.next(),
        Some("HTTP/1.1"),
        "request line {request_line:?}"
    );
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("header line");
            (name.trim().to_owned(), value.trim().to_owned())
        })
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let body = if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(end) = find(buffer, b"\r\n") {
                    break end;
                }
                assert!(
                    fill(stream, buffer).await,
                    "stream ended inside a chunk size"
                );
            };
            let size_text = String::from_utf8(buffer[..line_end].to_vec()).expect("chunk size");
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .expect("hex chunk size");
            buffer.drain(..line_end + 2);
            while buffer.len() < size + 2 {
                assert!(fill(stream, buffer).await, "stream ended inside a chunk");
            }
            body.extend_from_slice(&buffer[..size]);
            buffer.drain(..size + 2);
            if size == 0 {
                break body;
            }
        }
    } else {
        let length: usize =
            header("content-length").map_or(0, |v| v.parse().expect("Content-Length"));
        while buffer.len() < length {
            assert!(fill(stream, buffer).await, "stream ended inside the body");
        }
        buffer.drain(..length).collect()
    };
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 8192];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The operations of `spec/`, loaded once.
pub fn spec_operations() -> &'static [Operation] {
    static API: OnceLock<Vec<Operation>> = OnceLock::new();
    API.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        let operations = std::fs::read_to_string(root.join("spec/operations.yaml"))
            .expect("spec/operations.yaml");
        let models =
            std::fs::read_to_string(root.join("spec/models.yaml")).expect("spec/models.yaml");
        codegen::load_ir(&codegen::SpecText {
            operations: &operations,
            models: &models,
        })
        .unwrap_or_else(|e| panic!("{e}"))
        .operations
    })
}

/// The operation with this operationId.
pub fn spec_operation(id: &str) -> &'static Operation {
    spec_operations()
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation {id} in spec/"))
}

/// For every error status the spec documents for `operation_id`, answers the
/// call with Okta's error body and checks that it comes back as a typed
/// [`Error::Api`] carrying that body, and that the request was the expected one.
pub async fn assert_documented_errors<T, F, Fut>(
    operation_id: &str,
    method: &str,
    target: &str,
    call: F,
) where
    T: std::fmt::Debug,
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let statuses = &spec_operation(operation_id).errors;
    assert!(
        !statuses.is_empty(),
        "{operation_id} documents no error status"
    );
    for &status in statuses {
        let server = MockServer::start(Reply::okta_error(status)).await;
        let outcome = call(server.client_without_retries()).await;
        let (code, summary) = okta_error_for(status);
        match outcome {
            Err(Error::Api(error)) => {
                assert_eq!(error.status.as_u16(), status, "{operation_id}");
                assert_eq!(error.error_code(), Some(code), "{operation_id} {status}");
                assert_eq!(
                    error.error_summary(),
                    Some(summary),
                    "{operation_id} {status}"
                );
                let body = error.body.as_ref().expect("Okta's error body");
                assert_eq!(
                    body.error_id.as_deref(),
                    Some(format!("oae{status}").as_str())
                );
                assert_eq!(body.error_link.as_deref(), Some(code));
                assert_eq!(body.error_causes.len(), 1);
                assert_eq!(
                    body.error_causes[0].error_summary.as_deref(),
                    Some(format!("cause of {status}").as_str())
                );
                assert_eq!(
                    error.request_id.as_deref(),
                    Some(format!("req-{status}").as_str())
                );
                assert!(error.raw_snippet.is_none());
            }
            other => panic!("{operation_id} answered {status}: expected Error::Api, got {other:?}"),
        }
        let request = server.single_request();
        assert_eq!(request.method, method, "{operation_id} {status}");
        assert_eq!(request.target, target, "{operation_id} {status}");
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// Splits a `multipart/form-data` request body into its parts.
pub fn multipart_parts(request: &Recorded) -> Vec<Part> {
    let content_type = request.header("content-type").expect("Content-Type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart/form-data: {content_type}"));
    let delimiter = format!("--{boundary}").into_bytes();
    let mut pieces = Vec::new();
    let mut rest = request.body.as_slice();
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
    pieces[1..]
        .iter()
        .map(|piece| {
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
        })
        .collect()
}

/// The one part of a `multipart/form-data` request body.
pub fn single_multipart_part(request: &Recorded) -> Part {
    let mut parts = multipart_parts(request);
    assert_eq!(parts.len(), 1, "expected one part, got {parts:?}");
    parts.remove(0)
}
