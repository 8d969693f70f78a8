//! A local stand-in for an Okta org, for testing code that calls Okta without Okta
//! (feature `test-util`).
//!
//! [`MockOrg::start`] listens on `127.0.0.1` on a free port and answers HTTP/1.1.
//! Every operation has a typed expectation, `expect_<operation>(<path parameters>)`,
//! answered with the crate's own models (`returns`), Okta's error body
//! (`returns_error`), a rate limit (`rate_limited`) or, for lists, several pages
//! joined by `Link: <…>; rel="next"` (`returns_pages`):
//!
//! ```
//! # async fn run() -> Result<(), okta_apps::Error> {
//! use okta_apps::mock::MockOrg;
//! use okta_apps::models::{ApplicationCommon, BookmarkApplication};
//!
//! let mock = MockOrg::start().await;
//! mock.expect_get_application("0oa1")
//!     .returns(BookmarkApplication::new().with_id("0oa1").with_label("Wiki"));
//!
//! let app = mock.client().get_application("0oa1").send().await?;
//! assert_eq!(app.label(), Some("Wiki"));
//! mock.verify();
//! # Ok(())
//! # }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run()).unwrap();
//! ```
//!
//! A request is answered by the first expectation, in the order they were made, that
//! matches it and has not been used up (once, unless [`times`](GetApplicationExpectation::times)
//! says otherwise): an expectation for a 429 made before one for the app answers the
//! first attempt, and the client's retry gets the app. A request that no expectation
//! matches is answered 404 with an Okta error body naming it, and recorded as unexpected.
//!
//! [`MockOrg::verify`] panics with a list of every expectation that was not met (by
//! operation and arguments) and every unexpected request; dropping a `MockOrg` that
//! was not verified does the same, unless the thread is already panicking.
//! [`MockOrg::try_verify`] returns the list as a [`VerifyError`] instead.
//!
//! The server needs a Tokio runtime (`#[tokio::test]`), and stops, connections
//! included, when the `MockOrg` is dropped.

mod operations;

use operations::ROUTES;
pub use operations::*;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::{Method, Url};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use crate::client::{Client, ClientBuilder};
use crate::error::OktaErrorBody;
use crate::redact::redact_json;
use crate::request::path_segment;
use crate::retry::RetryPolicy;

/// The API token of [`MockOrg::client`]; the mock accepts any.
pub const MOCK_API_TOKEN: &str = "mock-api-token";

/// A request head larger than this closes the connection.
const MAX_HEAD: usize = 64 * 1024;
/// A request body larger than this closes the connection (Okta's uploads are under 1 MB).
const MAX_BODY: usize = 16 << 20;
/// A connection that sends nothing for this long is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// The most connections one mock org accepts; it stops listening after that.
const MAX_CONNECTIONS: usize = 100_000;

/// A local Okta org on `127.0.0.1` that answers what the test expects; see the
/// [module documentation](self).
pub struct MockOrg {
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl fmt::Debug for MockOrg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.shared.lock();
        f.debug_struct("MockOrg")
            .field("url", &self.shared.base.as_str())
            .field("expectations", &state.expectations.len())
            .field("requests", &state.requests.len())
            .finish()
    }
}

/// What the server task and the `MockOrg` share.
struct Shared {
    /// `http://127.0.0.1:<port>/`.
    base: Url,
    state: Mutex<State>,
}

impl Shared {
    /// The state, also after a panic elsewhere (a failed assertion must not hide the report).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn register(&self, matcher: Matcher, answer: Answer, times: usize) {
        self.lock().expectations.push(Registered {
            matcher,
            answer,
            times,
            received: 0,
        });
    }

    /// The next cursor for a page of `returns_pages`.
    fn next_cursor(&self) -> String {
        let mut state = self.lock();
        state.cursors += 1;
        format!("mock-cursor-{}", state.cursors)
    }
}

#[derive(Default)]
struct State {
    expectations: Vec<Registered>,
    requests: Vec<MockRequest>,
    verified: bool,
    /// Numbers the cursors of `returns_pages`, so that two lists never share one.
    cursors: usize,
}

/// An answered expectation, as the server matches it.
struct Registered {
    matcher: Matcher,
    answer: Answer,
    times: usize,
    received: usize,
}

/// What a request must be for an expectation to answer it.
#[derive(Debug, Clone)]
struct Matcher {
    operation_id: &'static str,
    method: Method,
    /// Percent-encoded as the client sends it; `None` when a path parameter is one the
    /// client refuses (empty, `.`, `..`), so that nothing matches.
    path: Option<String>,
    /// The path parameters, for messages.
    arguments: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<ExpectedBody>,
    /// For the pages after the first of `returns_pages`: (cursor, page number, pages).
    page: Option<(String, usize, usize)>,
}

/// The body a request must have: equal as JSON values (`json`), else byte for byte.
#[derive(Debug, Clone)]
struct ExpectedBody {
    bytes: Vec<u8>,
    json: Option<serde_json::Value>,
}

#[derive(Debug, Clone)]
enum Answer {
    Fixed {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// A 429 whose `X-Rate-Limit-Reset` is this long after the moment it is sent.
    RateLimited { reset_after: Duration },
}

impl MockOrg {
    /// Starts a mock org on a free port of `127.0.0.1`.
    ///
    /// # Panics
    ///
    /// When no port can be bound, or outside a Tokio runtime; [`try_start`](Self::try_start)
    /// returns the first as an error.
    pub async fn start() -> MockOrg {
        match MockOrg::try_start().await {
            Ok(mock) => mock,
            Err(error) => panic!("the mock org cannot listen on 127.0.0.1: {error}"),
        }
    }

    /// Starts a mock org on a free port of `127.0.0.1`, or says why it cannot listen.
    pub async fn try_start() -> std::io::Result<MockOrg> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let base = Url::parse(&format!("http://{address}/"))
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let shared = Arc::new(Shared {
            base,
            state: Mutex::new(State::default()),
        });
        let server = tokio::spawn(serve(listener, Arc::clone(&shared)));
        Ok(MockOrg { shared, server })
    }

    /// The org URL, `http://127.0.0.1:<port>`, for a client of your own making.
    pub fn url(&self) -> String {
        self.shared.base.as_str().trim_end_matches('/').to_owned()
    }

    /// A client for this org: API token [`MOCK_API_TOKEN`], plain http allowed, and the
    /// default retry policy with waits cut to at most 20 ms, so that a rate limit or a
    /// retried 503 costs a test no time. Use [`client_builder`](Self::client_builder)
    /// to change anything.
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(error) => panic!("a client for the mock org: {error}"),
        }
    }

    /// A [`ClientBuilder`] set up as for [`client`](Self::client), to change before `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(self.url())
            .allow_http(true)
            .api_token(MOCK_API_TOKEN)
            .retry_policy(
                RetryPolicy::default()
                    .with_max_rate_limit_wait(Duration::from_millis(20))
                    .with_backoff(Duration::from_millis(1), Duration::from_millis(20)),
            )
    }

    /// Every request received so far, in order, expected or not.
    pub fn requests(&self) -> Vec<MockRequest> {
        self.shared.lock().requests.clone()
    }

    /// The requests that no expectation matched (each was answered 404).
    pub fn unexpected_requests(&self) -> Vec<MockRequest> {
        let state = self.shared.lock();
        state
            .requests
            .iter()
            .filter(|r| r.expectation.is_none())
            .cloned()
            .collect()
    }

    /// Checks that every expectation got its requests and that no request was unexpected.
    ///
    /// # Panics
    ///
    /// With the message of [`VerifyError`] when not: each unmet expectation by operation
    /// and arguments, each unexpected request by method, target and operation.
    #[track_caller]
    pub fn verify(&self) {
        if let Err(error) = self.try_verify() {
            panic!("{error}");
        }
    }

    /// Like [`verify`](Self::verify), but returns what was wrong instead of panicking.
    /// Either marks the org verified, so that dropping it checks nothing more.
    pub fn try_verify(&self) -> Result<(), VerifyError> {
        let mut state = self.shared.lock();
        state.verified = true;
        let unmet: Vec<UnmetExpectation> = state
            .expectations
            .iter()
            .filter(|e| e.received < e.times)
            .map(|e| UnmetExpectation {
                operation_id: e.matcher.operation_id,
                description: e.matcher.describe(),
                expected: e.times,
                received: e.received,
            })
            .collect();
        let unexpected: Vec<MockRequest> = state
            .requests
            .iter()
            .filter(|r| r.expectation.is_none())
            .cloned()
            .collect();
        if unmet.is_empty() && unexpected.is_empty() {
            Ok(())
        } else {
            Err(VerifyError { unmet, unexpected })
        }
    }
}

impl Drop for MockOrg {
    fn drop(&mut self) {
        self.server.abort();
        let verified = self.shared.lock().verified;
        if !verified && !std::thread::panicking() {
            if let Err(error) = self.try_verify() {
                panic!("{error} (the MockOrg was dropped without verify())");
            }
        }
    }
}

// ------------------------------------------------------------------ expectations

/// A generated expectation's struct, and its `times`, `returns_error`,
/// `rate_limited` and `returns_raw`:
/// `expectation!(XExpectation, "operationId", GET "/path/{id}", expect_x, "media/type", errors "403, 404")`,
/// where `expect_x` is the `MockOrg` method that makes it (through `new`, with the
/// path parameters' values) and the errors are those Okta documents for the
/// operation (for `returns_error`'s doc).
macro_rules! expectation {
    ($name:ident, $id:literal, $method:ident $template:literal, $expect:ident, $media_type:literal, errors $documented:literal) => {
        crate::mock::expectation!(
            @define $name, $id, $method $template, $expect, $media_type,
            concat!(" (Okta documents ", $documented, " for this operation)")
        );
    };
    ($name:ident, $id:literal, $method:ident $template:literal, $expect:ident, $media_type:literal) => {
        crate::mock::expectation!(@define $name, $id, $method $template, $expect, $media_type, "");
    };
    (@define $name:ident, $id:literal, $method:ident $template:literal, $expect:ident, $media_type:literal, $documented:expr) => {
        #[doc = concat!(
            " An expected `", $id, "` request, from [`MockOrg::", stringify!($expect),
            "`](crate::mock::MockOrg::", stringify!($expect), "): narrow it with the `with_*` ",
            "methods, then answer it; nothing is expected until it is answered."
        )]
        #[derive(Debug)]
        #[must_use = "an expectation is registered only when answered: call returns, returns_error, rate_limited or returns_raw"]
        pub struct $name {
            inner: crate::mock::Expectation,
        }

        impl $name {
            /// An expectation of the operation at the path its template and `values`
            /// (in the template's order, not yet encoded) make.
            fn new(org: &crate::mock::MockOrg, values: &[String]) -> Self {
                let inner = crate::mock::Expectation::new(org, $id, reqwest::Method::$method, $template, values);
                Self { inner }
            }

            /// How many requests this expectation answers, and expects by
            /// [`MockOrg::verify`](crate::mock::MockOrg::verify) (default 1; 0 expects none).
            pub fn times(mut self, times: usize) -> Self {
                self.inner.times(times);
                self
            }

            /// Answers with `status` and Okta's error body, which the client reads as
            #[doc = concat!("[`Error::Api`](crate::Error::Api)", $documented, ".")]
            pub fn returns_error(self, status: u16, body: crate::OktaErrorBody) {
                self.inner.respond_error(status, &body);
            }

            /// Answers 429 with Okta's error `E0000047` and `X-Rate-Limit-Limit`,
            /// `X-Rate-Limit-Remaining: 0` and `X-Rate-Limit-Reset` `reset_after` from the
            /// moment it answers (rounded up to a second). The client waits and retries;
            /// [`MockOrg::client`](crate::mock::MockOrg::client) cuts the wait to 20 ms.
            pub fn rate_limited(self, reset_after: std::time::Duration) {
                self.inner.respond_rate_limited(reset_after);
            }

            #[doc = concat!(" Answers with `status` and `body` exactly, as `", $media_type, "`: for bodies")]
            /// the models cannot make (a bad item in a list, a field of the wrong type).
            pub fn returns_raw(self, status: u16, body: impl Into<String>) {
                self.inner.respond_raw(status, $media_type, body.into());
            }
        }
    };
}
pub(crate) use expectation;

/// The untyped core of every generated `<Operation>Expectation`: what the request
/// must look like, until an answer registers it with the org.
pub(crate) struct Expectation {
    org: Arc<Shared>,
    matcher: Matcher,
    times: usize,
}

impl fmt::Debug for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("request", &self.matcher.describe())
            .field("times", &self.times)
            .finish()
    }
}

impl Expectation {
    /// An expectation of one request of `operation_id` at the path that `template`
    /// makes with `values` (in the template's order, not yet encoded) filled in.
    pub(crate) fn new(
        org: &MockOrg,
        operation_id: &'static str,
        method: Method,
        template: &'static str,
        values: &[String],
    ) -> Self {
        let mut path = Some(String::new());
        let mut arguments = Vec::new();
        let mut values = values.iter();
        // `/api/v1/apps/{appId}/users`: literal text, then a parameter, in turn.
        let mut rest = template;
        while !rest.is_empty() {
            let (literal, after) = rest.split_once('{').unwrap_or((rest, ""));
            if let Some(path) = &mut path {
                path.push_str(literal);
            }
            let Some((name, after)) = after.split_once('}') else {
                break;
            };
            rest = after;
            let Some(value) = values.next() else {
                // Fewer values than parameters: a path no request has.
                path = None;
                continue;
            };
            arguments.push((name, value.clone()));
            match (&mut path, path_segment(name, value)) {
                (Some(path), Ok(segment)) => path.push_str(&segment),
                _ => path = None,
            }
        }
        // The client's URL normalises the path; the expectation's goes the same way.
        let path = path.map(|path| {
            let mut url = org.shared.base.clone();
            url.set_path(&path);
            url.path().to_owned()
        });
        Expectation {
            org: Arc::clone(&org.shared),
            matcher: Matcher {
                operation_id,
                method,
                path,
                arguments,
                query: Vec::new(),
                headers: Vec::new(),
                body: None,
                page: None,
            },
            times: 1,
        }
    }

    /// Requires the query parameter `name` with `value`, written as the client writes it.
    pub(crate) fn query(&mut self, name: &'static str, value: impl fmt::Display) {
        self.matcher.query.push((name, value.to_string()));
    }

    /// Requires the header `name` with `value`.
    pub(crate) fn header(&mut self, name: &'static str, value: impl fmt::Display) {
        self.matcher.headers.push((name, value.to_string()));
    }

    /// Requires a JSON body equal to `body` (as JSON values, so key order does not matter).
    pub(crate) fn json_body(&mut self, body: &impl Serialize) {
        // As the client encodes it: without read-only fields.
        let encoded = crate::model_support::request_json(body).unwrap_or_default();
        let json = serde_json::from_slice(&encoded).unwrap_or(serde_json::Value::Null);
        self.expect_body(encoded, Some(json));
    }

    /// Requires a body equal to `json` as JSON values, or without it, to `bytes` byte
    /// for byte (a text body, sent as it is).
    pub(crate) fn expect_body(&mut self, bytes: Vec<u8>, json: Option<serde_json::Value>) {
        self.matcher.body = Some(ExpectedBody { bytes, json });
    }

    /// How many requests the expectation answers, and expects.
    pub(crate) fn times(&mut self, times: usize) {
        self.times = times;
    }

    fn register(self, answer: Answer) {
        self.org.register(self.matcher, answer, self.times);
    }

    /// Answers with `status` and `body`, turned into the model `T` that writes it.
    pub(crate) fn respond_model<T: Serialize>(self, status: u16, body: impl Into<T>) {
        self.respond_json(status, &body.into());
    }

    /// Answers with `status` and `items` as one JSON array, each turned into the
    /// model `T` that writes it.
    pub(crate) fn respond_items<T: Serialize>(
        self,
        status: u16,
        items: impl IntoIterator<Item = impl Into<T>>,
    ) {
        self.respond_json(status, &models_of::<T>(items));
    }

    /// Answers with `status` and `body` as JSON.
    pub(crate) fn respond_json(self, status: u16, body: &impl Serialize) {
        let body = serde_json::to_vec(&to_value(body)).unwrap_or_default();
        let headers = vec![("Content-Type".into(), "application/json".into())];
        self.respond_fixed(status, headers, body);
    }

    /// Answers with `status` and no body.
    pub(crate) fn respond_empty(self, status: u16) {
        self.respond_fixed(status, Vec::new(), Vec::new());
    }

    /// Answers with `status` and `body` exactly, as `media_type`.
    pub(crate) fn respond_raw(self, status: u16, media_type: &str, body: String) {
        let headers = vec![("Content-Type".into(), media_type.into())];
        self.respond_fixed(status, headers, body.into_bytes());
    }

    /// Answers with `status`, `headers` (a redirect's `Location`, say) and `body`.
    pub(crate) fn respond_fixed(self, status: u16, headers: Vec<(String, String)>, body: Vec<u8>) {
        self.register(Answer::Fixed {
            status,
            headers,
            body,
        });
    }

    /// Answers with `status` and Okta's error body.
    pub(crate) fn respond_error(self, status: u16, body: &OktaErrorBody) {
        self.respond_json(status, body);
    }

    /// Answers 429 with Okta's rate-limit headers and error body.
    pub(crate) fn respond_rate_limited(self, reset_after: Duration) {
        self.register(Answer::RateLimited { reset_after });
    }

    /// Answers with one page per element of `pages` (each a JSON array), the first to
    /// this expectation's request, each later one to the `Link: rel="next"` of the one
    /// before, whose URL carries the cursor in the query parameter `cursor_param`, as
    /// Okta's links do. The expectation's `times` applies to the first page.
    pub(crate) fn respond_pages<T: Serialize>(
        self,
        status: u16,
        cursor_param: &'static str,
        pages: impl IntoIterator<Item = impl IntoIterator<Item = impl Into<T>>>,
    ) {
        let org = Arc::clone(&self.org);
        let pages: Vec<serde_json::Value> = pages
            .into_iter()
            .map(|page| to_value(&models_of::<T>(page)))
            .collect();
        let count = pages.len().max(1);
        let pages = if pages.is_empty() {
            vec![serde_json::Value::Array(Vec::new())]
        } else {
            pages
        };
        let cursors: Vec<String> = (1..count).map(|_| org.next_cursor()).collect();
        let times = self.times;
        let first = self.matcher;
        for (index, page) in pages.into_iter().enumerate() {
            let mut matcher = first.clone();
            if index > 0 {
                // Later pages are reached through the link alone: its cursor is their query.
                matcher.query = vec![(cursor_param, cursors[index - 1].clone())];
                matcher.headers.clear();
                matcher.body = None;
                matcher.page = Some((cursors[index - 1].clone(), index + 1, count));
            }
            let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
            if let Some(cursor) = cursors.get(index) {
                let mut next = org.base.clone();
                next.set_path(first.path.as_deref().unwrap_or("/"));
                next.query_pairs_mut().append_pair(cursor_param, cursor);
                headers.push(("Link".to_owned(), format!("<{next}>; rel=\"next\"")));
            }
            let answer = Answer::Fixed {
                status,
                headers,
                body: serde_json::to_vec(&page).unwrap_or_default(),
            };
            org.register(matcher, answer, if index == 0 { times } else { 1 });
        }
    }
}

/// `items`, each turned into the model `T`: what the typed `returns` take, as the
/// models that write the answer.
fn models_of<T>(items: impl IntoIterator<Item = impl Into<T>>) -> Vec<T> {
    items.into_iter().map(Into::into).collect()
}

/// `value` as JSON; a model that cannot be written (a map with non-string keys, say) is `null`.
fn to_value(value: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

impl Matcher {
    fn matches(&self, request: &MockRequest) -> bool {
        self.method.as_str() == request.method
            && self.path.as_deref() == Some(request.path.as_str())
            && self
                .query
                .iter()
                .all(|(name, value)| request.query.iter().any(|(n, v)| n == name && v == value))
            && self
                .headers
                .iter()
                .all(|(name, value)| request.header(name) == Some(value.as_str()))
            && self.body.as_ref().is_none_or(|body| match &body.json {
                Some(json) => {
                    serde_json::from_slice::<serde_json::Value>(&request.body)
                        .ok()
                        .as_ref()
                        == Some(json)
                }
                None => request.body == body.bytes,
            })
            && (self.page.is_some()
                || !request
                    .query
                    .iter()
                    .any(|(_, v)| v.starts_with("mock-cursor-")))
    }

    /// `getApplication(appId = "0oa1") with expand = "x"`, as messages name the expectation.
    fn describe(&self) -> String {
        let arguments: Vec<String> = self
            .arguments
            .iter()
            .map(|(name, value)| format!("{name} = {value:?}"))
            .collect();
        let mut text = format!("{}({})", self.operation_id, arguments.join(", "));
        if let Some((_, page, pages)) = &self.page {
            text.push_str(&format!(" page {page} of {pages}"));
            return text;
        }
        let conditions: Vec<String> = self
            .query
            .iter()
            .map(|(name, value)| format!("query {name} = {value:?}"))
            .chain(
                self.headers
                    .iter()
                    .map(|(name, value)| format!("header {name} = {value:?}")),
            )
            // Secret-looking members (a client secret, a password) are not shown.
            .chain(self.body.as_ref().map(|body| match &body.json {
                Some(json) => format!("body {}", redact_json(&json.to_string())),
                // A text body (a signed token, say) is not shown.
                None => format!("a body of {} bytes", body.bytes.len()),
            }))
            .collect();
        if !conditions.is_empty() {
            text.push_str(" with ");
            text.push_str(&conditions.join(", "));
        }
        if self.path.is_none() {
            text.push_str(" (a path parameter the client refuses to send)");
        }
        text
    }
}

// ------------------------------------------------------------------ verification

/// What [`MockOrg::try_verify`] found wrong; its `Display` is the message
/// [`MockOrg::verify`] panics with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerifyError {
    /// Expectations that received fewer requests than they expected, in the order made.
    pub unmet: Vec<UnmetExpectation>,
    /// Requests no expectation matched, in the order received.
    pub unexpected: Vec<MockRequest>,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the mock org's expectations were not met:")?;
        for unmet in &self.unmet {
            write!(f, "\n  - {unmet}")?;
        }
        for request in &self.unexpected {
            write!(f, "\n  - unexpected request {request}, answered 404")?;
        }
        Ok(())
    }
}

impl std::error::Error for VerifyError {}

/// One expectation that did not get all its requests.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnmetExpectation {
    /// The operation expected, e.g. `getApplication`.
    pub operation_id: &'static str,
    /// The operation with its arguments and conditions, e.g. `getApplication(appId = "0oa1")`.
    pub description: String,
    /// How many requests it expected.
    pub expected: usize,
    /// How many it received.
    pub received: usize,
}

impl fmt::Display for UnmetExpectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {} {}, received {}",
            self.description,
            count(self.expected),
            count(self.received)
        )
    }
}

fn count(n: usize) -> String {
    match n {
        1 => "once".to_owned(),
        n => format!("{n} times"),
    }
}

// ------------------------------------------------------------------ requests

/// A request the mock org received.
#[derive(Clone)]
#[non_exhaustive]
pub struct MockRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path, percent-encoded as sent, e.g. `/api/v1/apps/0oa1`.
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The header lines, names as sent, in order.
    pub headers: Vec<(String, String)>,
    /// The body as sent.
    pub body: Vec<u8>,
    /// The operation whose path template and method the request fits, if any.
    pub operation_id: Option<&'static str>,
    /// The expectation that answered it; `None` for an unexpected request.
    pub expectation: Option<String>,
}

impl MockRequest {
    /// The first header named `name` (in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first query parameter named `name`.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body decoded as `T`, e.g. one of the crate's models.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The path with its query, as the request line had it.
    fn target(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let Ok(mut url) = Url::parse("http://127.0.0.1/") else {
            return self.path.clone();
        };
        url.query_pairs_mut().extend_pairs(&self.query);
        format!("{}?{}", self.path, url.query().unwrap_or_default())
    }
}

/// `GET /api/v1/apps/0oa1 (getApplication(appId = "0oa1"))`.
impl fmt::Display for MockRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.target())?;
        if let Some((id, arguments)) = route(&self.method, &self.path) {
            let arguments: Vec<String> = arguments
                .iter()
                .map(|(name, value)| format!("{name} = {value:?}"))
                .collect();
            write!(f, " ({id}({}))", arguments.join(", "))?;
        }
        Ok(())
    }
}

/// The headers without the value of `Authorization`, the body by its length: a
/// request's `Debug` never shows a credential or a secret the body carried.
impl fmt::Debug for MockRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if name.eq_ignore_ascii_case("authorization")
                    || name.eq_ignore_ascii_case("dpop")
                {
                    "<redacted>"
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("MockRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("operation_id", &self.operation_id)
            .field("expectation", &self.expectation)
            .finish()
    }
}

/// The operation whose method and path template fit, with its path parameters (still
/// percent-encoded); among several, the one with the fewest parameters.
fn route(method: &str, path: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    let segments: Vec<&str> = path.split('/').collect();
    ROUTES
        .iter()
        .filter(|(_, m, _)| *m == method)
        .filter_map(|(id, _, template)| {
            let pieces: Vec<&'static str> = template.split('/').collect();
            if pieces.len() != segments.len() {
                return None;
            }
            let mut arguments = Vec::new();
            for (piece, segment) in pieces.iter().zip(&segments) {
                match piece.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) if !segment.is_empty() => {
                        arguments.push((name, (*segment).to_owned()));
                    }
                    Some(_) => return None,
                    None if piece != segment => return None,
                    None => {}
                }
            }
            Some((*id, arguments))
        })
        .min_by_key(|(_, arguments)| arguments.len())
}

// ------------------------------------------------------------------ the server

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    // Dropped with this task when the MockOrg aborts it: every connection stops too.
    let mut connections = JoinSet::new();
    for _ in 0..MAX_CONNECTIONS {
        let Ok((stream, _)) = listener.accept().await else {
            break;
        };
        while connections.try_join_next().is_some() {}
        connections.spawn(connection(stream, Arc::clone(&shared)));
    }
    while connections.join_next().await.is_some() {}
}

/// Reads one request, answers it and closes the connection.
async fn connection(mut stream: TcpStream, shared: Arc<Shared>) {
    let Ok(Some(request)) = tokio::time::timeout(IDLE_TIMEOUT, read_request(&mut stream)).await
    else {
        return;
    };
    let response = answer(&shared, request);
    let _ = stream.write_all(&response).await;
    let _ = stream.shutdown().await;
}

/// Matches `request` against the expectations, records it and renders the answer.
fn answer(shared: &Shared, (method, target, headers, body): RawRequest) -> Vec<u8> {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), decode_query(&shared.base, query)),
        None => (target.clone(), Vec::new()),
    };
    let mut request = MockRequest {
        operation_id: route(&method, &path).map(|(id, _)| id),
        method,
        path,
        query,
        headers,
        body,
        expectation: None,
    };
    let mut state = shared.lock();
    let request_id = format!("mock-request-{}", state.requests.len() + 1);
    let found = state
        .expectations
        .iter_mut()
        .find(|e| e.received < e.times && e.matcher.matches(&request));
    let (status, mut headers, body) = match found {
        Some(expectation) => {
            expectation.received += 1;
            request.expectation = Some(expectation.matcher.describe());
            render(&expectation.answer)
        }
        None => {
            let mut error = OktaErrorBody::new(
                "E0000007",
                format!(
                    "Not found: Resource not found: {request} (the mock org expected no such request)"
                ),
            );
            error.error_id = Some(request_id.clone());
            let body = serde_json::to_vec(&error).unwrap_or_default();
            (
                404,
                vec![("Content-Type".to_owned(), "application/json".to_owned())],
                body,
            )
        }
    };
    state.requests.push(request);
    drop(state);
    headers.push(("X-Okta-Request-Id".to_owned(), request_id));
    headers.push((
        "Date".to_owned(),
        httpdate::fmt_http_date(SystemTime::now()),
    ));
    let mut response = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in &headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = response.into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

fn render(answer: &Answer) -> (u16, Vec<(String, String)>, Vec<u8>) {
    match answer {
        Answer::Fixed {
            status,
            headers,
            body,
        } => (*status, headers.clone(), body.clone()),
        Answer::RateLimited { reset_after } => {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let wait = reset_after.as_secs() + u64::from(reset_after.subsec_nanos() > 0);
            let error = OktaErrorBody::new(
                "E0000047",
                "API call exceeded rate limit due to too many requests.",
            );
            let headers = vec![
                ("Content-Type".to_owned(), "application/json".to_owned()),
                ("X-Rate-Limit-Limit".to_owned(), "600".to_owned()),
                ("X-Rate-Limit-Remaining".to_owned(), "0".to_owned()),
                ("X-Rate-Limit-Reset".to_owned(), (now + wait).to_string()),
            ];
            (429, headers, serde_json::to_vec(&error).unwrap_or_default())
        }
    }
}

/// The status line's reason phrase, as `http` knows it.
fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Mock")
}

fn decode_query(base: &Url, query: &str) -> Vec<(String, String)> {
    let mut url = base.clone();
    url.set_query(Some(query));
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Method, target, headers and body of one request.
type RawRequest = (String, String, Vec<(String, String)>, Vec<u8>);

/// Reads one request; `None` when the bytes are not one this server understands.
async fn read_request(stream: &mut TcpStream) -> Option<RawRequest> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(at) = find(&buffer, b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD || !fill(stream, &mut buffer).await {
            return None;
        }
    };
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?.to_owned();
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let header = |wanted: &str| {
        headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| value.clone())
    };
    let body = if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        read_chunked(stream, buffer).await?
    } else {
        let length: usize = header("content-length").map_or(Some(0), |v| v.parse().ok())?;
        if length > MAX_BODY {
            return None;
        }
        while buffer.len() < length {
            if !fill(stream, &mut buffer).await {
                return None;
            }
        }
        buffer.truncate(length);
        buffer
    };
    Some((method, target, headers, body))
}

async fn read_chunked(stream: &mut TcpStream, mut buffer: Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    // Each chunk at least three bytes: the loop ends within MAX_BODY of them.
    for _ in 0..MAX_BODY {
        let line_end = loop {
            if let Some(at) = find(&buffer, b"\r\n") {
                break at;
            }
            if buffer.len() > MAX_HEAD || !fill(stream, &mut buffer).await {
                return None;
            }
        };
        let line = std::str::from_utf8(&buffer[..line_end]).ok()?;
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        buffer.drain(..line_end + 2);
        if size == 0 {
            return Some(body);
        }
        if size > MAX_BODY - body.len() {
            return None;
        }
        while buffer.len() < size + 2 {
            if !fill(stream, &mut buffer).await {
                return None;
            }
        }
        body.extend_from_slice(&buffer[..size]);
        buffer.drain(..size + 2);
    }
    None
}

/// Appends what the client sent next; `false` at the end of the stream or on an error.
async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    buffer.reserve(16 * 1024);
    matches!(stream.read_buf(buffer).await, Ok(n) if n > 0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
