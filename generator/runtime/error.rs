//! The one error type every operation returns.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::items::ItemError;
use crate::response::RateLimit;

/// Everything that can go wrong when calling the Okta API.
///
/// Match on the variant to tell an answer from Okta ([`Error::Api`]), a refusal
/// from Okta's token endpoint ([`Error::OAuth`]), a problem on the way there
/// ([`Error::Transport`], [`Error::Timeout`]), a body this crate could not read
/// ([`Error::Decode`], [`Error::Body`], [`Error::Item`]), a server that sent the
/// client elsewhere ([`Error::Redirect`], [`Error::Pagination`]) or a request refused
/// before it was sent ([`Error::InvalidInput`]). No variant's `Debug` or `Display`
/// shows a token, a key or a client assertion.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Okta answered with a status outside 2xx.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The response body did not match the expected type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The token endpoint refused to issue an access token.
    #[error("{0}")]
    OAuth(Box<OAuthError>),
    /// An attempt did not finish within the request timeout, or all attempts together
    /// passed the retry policy's deadline.
    #[error("request timed out after {elapsed:?}")]
    Timeout {
        /// Time from the first attempt to giving up.
        elapsed: Duration,
        /// The HTTP client's error, when its own timeout fired (rather than the deadline).
        #[source]
        source: Option<reqwest::Error>,
    },
    /// The connection failed or was reset before an answer arrived.
    #[error("transport error: {}", SourceChain(.0))]
    Transport(#[source] reqwest::Error),
    /// The status and headers arrived, but the body could not be read whole: it passed
    /// the size limit, or the connection broke off in the middle of it.
    #[error("{0}")]
    Body(Box<BodyError>),
    /// The server answered with a redirect. The Okta API does not redirect, and this
    /// client follows none, so that no request, body or credential goes anywhere but the org.
    #[error("{0}")]
    Redirect(Box<RedirectError>),
    /// A paginated list could not be followed to its next page: the `Link` header did not
    /// parse, or its next link pointed outside the org or back to a page already read.
    /// The pages before it were all delivered.
    #[error("pagination stopped: {0}")]
    Pagination(String),
    /// One item of a list did not decode (from [`items()`](crate::operations) streams); the
    /// list's other items are not affected and the stream goes on after this error.
    #[error("{0}")]
    Item(Box<ItemError>),
    /// The request was refused before anything was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

impl Error {
    /// The HTTP status, for errors that carry one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::OAuth(e) => Some(e.status),
            Error::Transport(e) => e.status(),
            Error::Body(e) => Some(e.status),
            Error::Redirect(e) => Some(e.status),
            Error::Timeout { .. }
            | Error::InvalidInput(_)
            | Error::Pagination(_)
            | Error::Item(_) => None,
        }
    }

    /// The `X-Okta-Request-Id` of the failed response, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::OAuth(e) => e.request_id.as_deref(),
            Error::Body(e) => e.request_id.as_deref(),
            Error::Redirect(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether Okta answered 404 Not Found (no such app, user, key, …).
    pub fn is_not_found(&self) -> bool {
        self.api_status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether Okta answered 401 Unauthorized: the token is missing, invalid or expired.
    pub fn is_unauthorized(&self) -> bool {
        self.api_status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// Whether Okta answered 403 Forbidden: the credentials lack a permission or scope.
    pub fn is_forbidden(&self) -> bool {
        self.api_status() == Some(StatusCode::FORBIDDEN)
    }

    /// Whether Okta answered 429 Too Many Requests (after the retries the policy allows);
    /// [`rate_limit`](Self::rate_limit) says when the window resets.
    pub fn is_rate_limited(&self) -> bool {
        self.api_status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the call ran out of time ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether trying again later may succeed: a rate limit, a 5xx answer, a timeout, a
    /// failed connection or a body that broke off. Client mistakes (4xx), redirects,
    /// bodies too large and undecodable answers are not.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Api(api) => {
                api.status == StatusCode::TOO_MANY_REQUESTS || api.status.is_server_error()
            }
            Error::OAuth(oauth) => oauth.status.is_server_error(),
            Error::Timeout { .. } | Error::Transport(_) => true,
            Error::Body(body) => body.kind == BodyErrorKind::Interrupted,
            _ => false,
        }
    }

    fn api_status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            _ => None,
        }
    }

    /// The response headers, for errors that come from a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            Error::Decode(e) => Some(&e.headers),
            Error::Body(e) => Some(&e.headers),
            Error::Redirect(e) => Some(&e.headers),
            _ => None,
        }
    }

    /// The `X-Rate-Limit-*` values of the failed response, when all three were sent.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.headers().and_then(RateLimit::from_headers)
    }

    /// Turns a `reqwest` error into a [`Error::Timeout`] or a [`Error::Transport`].
    ///
    /// The URL is dropped from the error: it is the org's, known to the caller, and
    /// a pagination link could carry more than the caller wants logged.
    pub(crate) fn from_reqwest(error: reqwest::Error, elapsed: Duration) -> Self {
        let error = error.without_url();
        if error.is_timeout() {
            Error::Timeout {
                elapsed,
                source: Some(error),
            }
        } else {
            Error::Transport(error)
        }
    }
}

/// A refusal from the OAuth 2.0 token endpoint (RFC 6749 section 5.2).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OAuthError {
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// The `error` code, e.g. `invalid_client`; empty when the body was not an OAuth error.
    pub error: String,
    /// The `error_description`, when sent.
    pub error_description: Option<String>,
    /// The start of the raw body, when it was not an OAuth error body.
    pub raw_snippet: Option<String>,
    /// The `X-Okta-Request-Id` header, for Okta support.
    pub request_id: Option<String>,
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the token endpoint answered {}", self.status)?;
        if !self.error.is_empty() {
            write!(f, " {}", self.error)?;
        }
        if let Some(description) = &self.error_description {
            write!(f, ": {description}")?;
        } else if let Some(snippet) = &self.raw_snippet {
            write!(f, ": {snippet}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// An error answer from Okta, with Okta's error body when it sent one.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// Okta's error body, when the answer was JSON in Okta's error shape.
    pub body: Option<OktaErrorBody>,
    /// The start of the raw body, when it was not Okta's error shape (an HTML 502 page, say).
    pub raw_snippet: Option<String>,
    /// The `X-Okta-Request-Id` header, for Okta support.
    pub request_id: Option<String>,
    /// All response headers.
    pub headers: HeaderMap,
}

impl ApiError {
    /// Okta's `errorCode`, e.g. `E0000007`.
    pub fn error_code(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.error_code.as_deref())
    }

    /// Okta's `errorSummary`.
    pub fn error_summary(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.error_summary.as_deref())
    }

    /// Okta's `errorLink`.
    pub fn error_link(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.error_link.as_deref())
    }

    /// Okta's `errorId`.
    pub fn error_id(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.error_id.as_deref())
    }

    /// The `X-Rate-Limit-*` values, when all three were sent: on a 429, when the window resets.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// Okta's `errorCauses`; empty when there were none.
    pub fn error_causes(&self) -> &[OktaErrorCause] {
        self.body
            .as_ref()
            .map_or(&[], |b| b.error_causes.as_slice())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Okta answered {}", self.status)?;
        if let Some(body) = &self.body {
            if let Some(code) = &body.error_code {
                write!(f, " {code}")?;
            }
            if let Some(summary) = &body.error_summary {
                write!(f, ": {summary}")?;
            }
        } else if let Some(snippet) = &self.raw_snippet {
            write!(f, ": {snippet}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Okta's error body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OktaErrorBody {
    /// An Okta code for this type of error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// A short description of what caused this error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_summary: Option<String>,
    /// A link to documentation of this error code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_link: Option<String>,
    /// A unique identifier for this error, for Okta support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_id: Option<String>,
    /// Further causes, each with its own summary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_causes: Vec<OktaErrorCause>,
}

impl OktaErrorBody {
    /// An error body with Okta's `errorCode` (e.g. `E0000007`) and `errorSummary`, the
    /// other fields unset; for answers of a test server such as `mock::MockOrg`.
    pub fn new(error_code: impl Into<String>, error_summary: impl Into<String>) -> Self {
        OktaErrorBody {
            error_code: Some(error_code.into()),
            error_summary: Some(error_summary.into()),
            ..OktaErrorBody::default()
        }
    }

    /// The same body with one more entry in `errorCauses`.
    #[must_use]
    pub fn with_cause(mut self, error_summary: impl Into<String>) -> Self {
        self.error_causes.push(OktaErrorCause {
            error_summary: Some(error_summary.into()),
        });
        self
    }
}

/// One cause listed in [`OktaErrorBody::error_causes`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OktaErrorCause {
    /// What this cause is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_summary: Option<String>,
}

/// A 2xx answer whose body could not be decoded into the expected type.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// Where in the body decoding failed, e.g. `[3].settings.app.url`.
    pub path: String,
    /// What serde said: the kind of value found and what was expected, never the
    /// value's text (it may be a secret, or hold one).
    pub message: String,
    /// The start of the body, to show what arrived.
    pub snippet: String,
    /// The `X-Okta-Request-Id` header.
    pub request_id: Option<String>,
    /// All response headers.
    pub headers: HeaderMap,
}

impl DecodeError {
    /// The `X-Rate-Limit-*` values of the response, when all three were sent.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response at `{}`: {}; body starts with {:?}",
            self.status, self.path, self.message, self.snippet
        )
    }
}

/// A response whose body could not be read whole.
#[derive(Debug)]
#[non_exhaustive]
pub struct BodyError {
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// All response headers.
    pub headers: HeaderMap,
    /// The `X-Okta-Request-Id` header, for Okta support (and sent as `X-Okta-Retry-For`
    /// when the request is retried).
    pub request_id: Option<String>,
    /// What went wrong.
    pub kind: BodyErrorKind,
    /// The HTTP client's error, when the connection broke off.
    pub source: Option<reqwest::Error>,
}

/// Why a body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyErrorKind {
    /// The body was longer than the limit (by its `Content-Length`, or while it streamed);
    /// reading stopped there.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The connection broke off before the body was complete.
    Interrupted,
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            BodyErrorKind::TooLarge { limit } if self.status.is_success() => write!(
                f,
                "the {} response's body is larger than the limit of {limit} bytes and was not read; \
                 raise it with ClientBuilder::max_response_size",
                self.status
            )?,
            BodyErrorKind::TooLarge { limit } => write!(
                f,
                "the {} response's body is larger than the limit of {limit} bytes for error answers",
                self.status
            )?,
            BodyErrorKind::Interrupted => {
                write!(f, "the {} response's body was cut off", self.status)?;
                if let Some(source) = &self.source {
                    write!(f, ": {}", SourceChain(source))?;
                }
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// A 3xx answer with a `Location`, which the client did not follow.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RedirectError {
    /// The HTTP status of the answer, e.g. 302 or 307.
    pub status: StatusCode,
    /// The `Location` header, as sent (without its query string, which may carry secrets).
    pub location: String,
    /// The `X-Okta-Request-Id` header, when sent.
    pub request_id: Option<String>,
    /// All response headers.
    pub headers: HeaderMap,
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the server answered {} with a redirect to {}; not followed (the Okta API does not \
             redirect: check the org URL, or a proxy in between)",
            self.status, self.location
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// An error and every error under it, as `outer: inner: innermost`.
pub(crate) struct SourceChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Display for SourceChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        // Bounded: a cyclic chain would otherwise print for ever.
        for _ in 0..16 {
            let Some(error) = source else { break };
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

/// How much of a body an error keeps.
pub(crate) const SNIPPET_LEN: usize = 512;

/// The start of a body, for an error to show, with secret-looking values redacted
/// (a freshly created app's `client_secret`, say).
pub(crate) fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut end = text.len().min(SNIPPET_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    crate::redact::redact_json(&text[..end]).into_owned()
}
