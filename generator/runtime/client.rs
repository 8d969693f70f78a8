//! The client: configuration, authentication and sending requests.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue, LOCATION, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::Auth;
use crate::body::{self, ReadFailure};
use crate::error::{
    ApiError, BodyError, BodyErrorKind, Error, OktaErrorBody, RedirectError, snippet,
};
use crate::request::{OperationRequest, RequestBody};
use crate::response::{RawResponse, request_id};
use crate::retry::{RetryPolicy, is_idempotent, is_retryable_server_status};

/// A client for the Okta Application API.
///
/// Cheap to clone: clones share one connection pool and one configuration.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    http: reqwest::Client,
    org_url: Url,
    auth: Auth,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    max_response_size: u64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("org_url", &self.inner.org_url.as_str())
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// How the client proves who it is.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// An Okta API token, sent as `Authorization: SSWS <token>`.
    ApiToken(String),
    /// An OAuth 2.0 access token obtained elsewhere, sent as `Authorization: Bearer <token>`.
    BearerToken(String),
    /// An OAuth 2.0 service app: access tokens from the org's token endpoint, obtained with
    /// a private-key JWT client assertion; see [`ClientBuilder::private_key_jwt`].
    #[cfg(feature = "oauth")]
    PrivateKeyJwt {
        /// The service app's client id.
        client_id: String,
        /// The scopes to request, e.g. `okta.apps.read`.
        scopes: Vec<String>,
        /// The key that signs the client assertion.
        key: crate::oauth::PrivateKey,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Secrets never reach logs: only the kind of credential is shown.
        match self {
            Credentials::ApiToken(_) => f.write_str("ApiToken(<redacted>)"),
            Credentials::BearerToken(_) => f.write_str("BearerToken(<redacted>)"),
            #[cfg(feature = "oauth")]
            Credentials::PrivateKeyJwt {
                client_id,
                scopes,
                key,
            } => f
                .debug_struct("PrivateKeyJwt")
                .field("client_id", client_id)
                .field("scopes", scopes)
                .field("key", key)
                .finish(),
        }
    }
}

fn static_authorization(scheme: &str, token: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("{scheme} {token}")).map_err(|_| {
        Error::InvalidInput("the token contains characters not allowed in a header".into())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Configures a [`Client`]; start with [`Client::builder`].
pub struct ClientBuilder {
    org_url: String,
    credentials: Option<Credentials>,
    allow_http: bool,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent_suffix: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    max_response_size: u64,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("org_url", &ShownOrgUrl(&self.org_url))
            .field("credentials", &self.credentials)
            .field("allow_http", &self.allow_http)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("http", &self.http)
            .field("retry", &self.retry)
            .field("max_response_size", &self.max_response_size)
            .finish()
    }
}

impl Client {
    /// Starts configuring a client for the org at `org_url`, e.g. `https://example.okta.com`.
    pub fn builder(org_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            org_url: org_url.into(),
            credentials: None,
            allow_http: false,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            user_agent_suffix: None,
            http: None,
            retry: RetryPolicy::default(),
            max_response_size: crate::body::DEFAULT_MAX_RESPONSE_SIZE,
        }
    }

    /// The org URL requests are sent to.
    pub fn org_url(&self) -> &Url {
        &self.inner.org_url
    }

    /// The retry policy every request follows.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or_default()
    }

    pub(crate) async fn execute(&self, request: OperationRequest) -> Result<RawResponse, Error> {
        let mut url = self.inner.org_url.clone();
        url.set_path(&request.path);
        self.execute_url(&request, url).await
    }

    /// Sends `request` to `url`, which is the org URL plus the request's path, or a
    /// pagination link already checked to point at the same org.
    pub(crate) async fn execute_url(
        &self,
        request: &OperationRequest,
        mut url: Url,
    ) -> Result<RawResponse, Error> {
        if !request.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().map(|(k, v)| (k.as_ref(), v.as_str())));
        }
        let span = tracing::debug_span!(
            "okta.request",
            operation = request.operation_id,
            method = %request.method,
            path = request.path_template.as_ref(),
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            retry_count = 0u32,
        );
        self.send_with_retries(request, url).instrument(span).await
    }

    async fn send_with_retries(
        &self,
        request: &OperationRequest,
        url: Url,
    ) -> Result<RawResponse, Error> {
        let policy = &self.inner.retry;
        let started = Instant::now();
        let deadline = policy.deadline().map(|d| started + d);
        let span = tracing::Span::current();
        let mut retries = 0u32;
        let mut retry_for: Option<HeaderValue> = None;
        let mut reauthorized = false;
        loop {
            let mut token_used = None;
            let attempt = self.send_once(
                request,
                &url,
                retries,
                retry_for.as_ref(),
                started,
                &mut token_used,
            );
            let result = match deadline {
                Some(deadline) => tokio::time::timeout_at(deadline, attempt)
                    .await
                    .unwrap_or_else(|_| {
                        Err(Error::Timeout {
                            elapsed: started.elapsed(),
                            source: None,
                        })
                    }),
                None => attempt.await,
            };
            let error = match result {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            if !reauthorized && self.inner.auth.should_reauthorize(&error, token_used) {
                // A cached OAuth token was refused: fetch a new one and try once more.
                reauthorized = true;
                tracing::debug!("the access token was refused; retrying with a new one");
                continue;
            }
            let Some(wait) = self.retry_wait(&request.method, &error, retries) else {
                return Err(error);
            };
            if deadline.is_some_and(|deadline| Instant::now() + wait >= deadline) {
                tracing::debug!(?wait, "not retrying: the wait would pass the deadline");
                return Err(error);
            }
            if retry_for.is_none() {
                retry_for = error
                    .request_id()
                    .and_then(|id| HeaderValue::from_str(id).ok());
            }
            retries += 1;
            span.record("retry_count", retries);
            tracing::debug!(retry = retries, ?wait, error = %error, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// How long to wait before retry number `retries + 1`, or `None` not to retry.
    fn retry_wait(&self, method: &Method, error: &Error, retries: u32) -> Option<Duration> {
        let policy = &self.inner.retry;
        if retries >= policy.max_retries() {
            return None;
        }
        match error {
            Error::Api(api) if api.status == StatusCode::TOO_MANY_REQUESTS => Some(
                policy
                    .rate_limit_wait(&api.headers)
                    .or_else(|| policy.retry_after_wait(&api.headers))
                    .unwrap_or_else(|| policy.backoff(retries + 1)),
            ),
            Error::Api(api) if is_retryable_server_status(api.status) && is_idempotent(method) => {
                Some(
                    policy
                        .retry_after_wait(&api.headers)
                        .unwrap_or_else(|| policy.backoff(retries + 1)),
                )
            }
            Error::Transport(e) if is_idempotent(method) && !e.is_builder() && !e.is_redirect() => {
                Some(policy.backoff(retries + 1))
            }
            Error::Body(body)
                if body.kind == BodyErrorKind::Interrupted && is_idempotent(method) =>
            {
                Some(policy.backoff(retries + 1))
            }
            _ => None,
        }
    }

    /// One attempt: build the request, send it, read the body within the size limit.
    async fn send_once(
        &self,
        request: &OperationRequest,
        url: &Url,
        retries: u32,
        retry_for: Option<&HeaderValue>,
        started: Instant,
        token_used: &mut Option<u64>,
    ) -> Result<RawResponse, Error> {
        let elapsed = || started.elapsed();
        let mut http_request = build_request(&self.inner.http, request, url)?;
        let auth = self
            .inner
            .auth
            .headers(&self.inner.http, request.method.as_str(), url)
            .await?;
        *token_used = auth.generation;
        // `insert`, not `append`: these replace anything of the same name.
        let headers = http_request.headers_mut();
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        // The caller's own `Accept` if they set one, else the operation's media type.
        headers
            .entry(ACCEPT)
            .or_insert(HeaderValue::from_static(request.accept.unwrap_or("application/json")));
        auth.apply(headers);
        if retries > 0 {
            headers.insert(RETRY_COUNT, HeaderValue::from(retries));
            if let Some(id) = retry_for {
                headers.insert(RETRY_FOR, id.clone());
            }
        }

        let mut response = self
            .inner
            .http
            .execute(http_request)
            .await
            .map_err(|e| Error::from_reqwest(e, elapsed()))?;
        let status = response.status();
        let mut headers = response.headers().clone();
        crate::response::mark_sensitive(&mut headers);
        let span = tracing::Span::current();
        span.record("status", status.as_u16());
        if let Some(id) = request_id(&headers) {
            span.record("request_id", id);
        }
        // The operation's documented redirect is its answer; any other is refused.
        let documented = request.redirect == Some(status.as_u16()) && response.url() == url;
        if !documented {
            refuse_redirect(url, &response)?;
        }
        self.inner.auth.observe(&headers);
        match body::read_answer(&mut response, self.inner.max_response_size).await {
            Ok(body) if status.is_success() || documented => Ok(RawResponse {
                status,
                headers,
                body,
            }),
            Ok(body) => Err(api_error(status, headers, &body)),
            Err(ReadFailure::Broken(e)) if e.is_timeout() => Err(Error::from_reqwest(e, elapsed())),
            Err(failure) => Err(body_error(
                status,
                headers,
                failure,
                self.inner.max_response_size,
            )),
        }
    }
}

/// The HTTP request for one attempt, without authorization. Header parameters that
/// are not valid header values (CR, LF, other control characters) are refused here,
/// before anything is sent.
fn build_request(
    http: &reqwest::Client,
    request: &OperationRequest,
    url: &Url,
) -> Result<reqwest::Request, Error> {
    let mut builder = http.request(request.method.clone(), url.clone());
    for (name, value) in &request.headers {
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::InvalidInput(format!(
                "the header parameter {name} contains characters not allowed in a header \
                 (such as CR, LF or other control characters); nothing was sent"
            ))
        })?;
        builder = builder.header(name.as_ref(), value);
    }
    if let Some(timeout) = request.timeout {
        builder = builder.timeout(timeout);
    }
    builder = match &request.body {
        RequestBody::Empty => builder,
        RequestBody::Json { media_type, bytes } => builder
            .header(CONTENT_TYPE, *media_type)
            .body(bytes.clone()),
        RequestBody::Binary { media_type, bytes } => builder
            .header(CONTENT_TYPE, *media_type)
            .body(bytes.clone()),
        RequestBody::MultipartFile { part, file } => {
            let file = reqwest::multipart::Part::bytes(file.bytes().to_vec())
                .file_name(file.file_name().to_owned())
                .mime_str(file.media_type())
                .map_err(|e| {
                    Error::InvalidInput(format!("invalid media type for the upload: {e}"))
                })?;
            builder.multipart(reqwest::multipart::Form::new().part(*part, file))
        }
    };
    builder
        .build()
        .map_err(|e| Error::InvalidInput(format!("the request could not be built: {e}")))
}

/// Refuses a redirect: a 3xx with a `Location`, or an answer from another URL than the
/// one requested (an injected HTTP client that follows redirects itself).
pub(crate) fn refuse_redirect(requested: &Url, response: &reqwest::Response) -> Result<(), Error> {
    let status = response.status();
    let headers = response.headers();
    let location = if response.url() != requested {
        Some(without_secrets(response.url()))
    } else if status.is_redirection() {
        headers.get(LOCATION).map(|value| {
            match value.to_str().ok().and_then(|l| requested.join(l).ok()) {
                Some(url) => without_secrets(&url),
                None => "a Location that is not a URL".to_owned(),
            }
        })
    } else {
        None
    };
    let Some(location) = location else {
        return Ok(());
    };
    let mut headers = headers.clone();
    crate::response::mark_sensitive(&mut headers);
    Err(Error::Redirect(Box::new(RedirectError {
        status,
        location,
        request_id: request_id(&headers).map(str::to_owned),
        headers,
    })))
}

/// Scheme, host, port and path of `url`: its query, fragment and user info may carry secrets.
fn without_secrets(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.to_string()
}

fn body_error(
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    failure: ReadFailure,
    limit: u64,
) -> Error {
    let (kind, source) = match failure {
        ReadFailure::TooLarge => (BodyErrorKind::TooLarge { limit }, None),
        ReadFailure::Broken(e) => (BodyErrorKind::Interrupted, Some(e.without_url())),
    };
    Error::Body(Box::new(BodyError {
        status,
        request_id: request_id(&headers).map(str::to_owned),
        headers,
        kind,
        source,
    }))
}

const RETRY_COUNT: HeaderName = HeaderName::from_static("x-okta-retry-count");
const RETRY_FOR: HeaderName = HeaderName::from_static("x-okta-retry-for");

pub(crate) fn api_error(
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: &[u8],
) -> Error {
    let parsed = serde_json::from_slice::<OktaErrorBody>(body)
        .ok()
        .filter(|b| b.error_code.is_some() || b.error_summary.is_some());
    let raw_snippet = match parsed {
        Some(_) => None,
        None if body.is_empty() => None,
        None => Some(snippet(body)),
    };
    Error::Api(Box::new(ApiError {
        status,
        request_id: request_id(&headers).map(str::to_owned),
        body: parsed,
        raw_snippet,
        headers,
    }))
}

impl ClientBuilder {
    /// Authenticates with an Okta API token (`Authorization: SSWS <token>`).
    pub fn api_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::ApiToken(token.into()));
        self
    }

    /// Authenticates with an OAuth 2.0 access token obtained elsewhere.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::BearerToken(token.into()));
        self
    }

    /// Authenticates as an OAuth 2.0 service app: a client assertion signed with `key`
    /// (iss = sub = `client_id`, aud = `<org>/oauth2/v1/token`, a fresh jti, valid five
    /// minutes) buys an access token for `scopes` with the `client_credentials` grant.
    ///
    /// The token is cached until 30 s before it expires; concurrent requests wait for one
    /// refresh; a 401 drops it and the request is sent once more with a new one. When the
    /// token endpoint asks for DPoP (`invalid_dpop_proof`, `use_dpop_nonce`), the client
    /// proves possession with a P-256 key pair of its own, handles the server's nonces and
    /// sends `Authorization: DPoP <token>` with a `DPoP` proof bound to the token (`ath`).
    #[cfg(feature = "oauth")]
    pub fn private_key_jwt(
        mut self,
        client_id: impl Into<String>,
        scopes: impl IntoIterator<Item = impl Into<String>>,
        key: crate::oauth::PrivateKey,
    ) -> Self {
        self.credentials = Some(Credentials::PrivateKeyJwt {
            client_id: client_id.into(),
            scopes: scopes.into_iter().map(Into::into).collect(),
            key,
        });
        self
    }

    /// Allows a plain `http://` org URL. Only for local test servers.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take from start to last byte (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Appended to the `User-Agent` header, to name your application.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// How requests are retried (default: [`RetryPolicy::default`]); [`RetryPolicy::none`]
    /// turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest body a successful answer may have, in bytes (default 32 MiB, several
    /// times Okta's largest pages). A longer body is not read: the call fails with
    /// [`Error::Body`] as soon as `Content-Length` or the bytes received pass the limit,
    /// so memory stays bounded whatever the server sends. Error answers are read up to
    /// 64 KiB, which is more than Okta's error object needs.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Uses `client` for HTTP instead of building one; its own timeouts then apply.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`. The client built by
    /// default follows no redirect, so that no request body, API token or client assertion
    /// ever leaves the org; an injected client that follows one is caught afterwards (the
    /// answer comes from another URL, and the call fails with [`Error::Redirect`]), but by
    /// then the request has been sent there.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let org_url = parse_org_url(&self.org_url, self.allow_http)?;
        let credentials = self.credentials.ok_or_else(|| {
            Error::InvalidInput("no credentials: call api_token() or bearer_token()".into())
        })?;
        let mut user_agent = format!(
            "{}/{} rust/{} {}/{}",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
            crate::RUST_VERSION,
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::InvalidInput("the user agent suffix is not a valid header value".into())
        })?;
        let http = match self.http {
            Some(http) => http,
            None => {
                refuse_https_without_tls(&org_url)?;
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    // The Okta API does not redirect; a redirect would carry the body and
                    // the credentials to wherever it points.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| Error::from_reqwest(e, Duration::ZERO))?
            }
        };
        let auth = match credentials {
            Credentials::ApiToken(token) => Auth::Static(static_authorization("SSWS", &token)?),
            Credentials::BearerToken(token) => {
                Auth::Static(static_authorization("Bearer", &token)?)
            }
            #[cfg(feature = "oauth")]
            Credentials::PrivateKeyJwt {
                client_id,
                scopes,
                key,
            } => Auth::OAuth(Box::new(crate::oauth::TokenSource::new(
                crate::oauth::OAuthSettings {
                    client_id,
                    scopes,
                    key,
                },
                &org_url,
            )?)),
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                org_url,
                auth,
                user_agent,
                retry: self.retry,
                max_response_size: self.max_response_size,
            }),
        })
    }
}

/// Without a TLS feature, reqwest can only fail every https request, with a bare
/// "error sending request": better to say so once, at `build()`.
#[cfg(not(any(feature = "rustls-tls", feature = "native-tls")))]
fn refuse_https_without_tls(org_url: &Url) -> Result<(), Error> {
    if org_url.scheme() == "https" {
        return Err(Error::InvalidInput(
            "this build of okta-apps has no TLS, so it cannot reach an https org URL: enable \
             its feature `rustls-tls` (the default) or `native-tls`, or pass a reqwest client \
             with TLS to http_client()"
                .into(),
        ));
    }
    Ok(())
}

#[cfg(any(feature = "rustls-tls", feature = "native-tls"))]
fn refuse_https_without_tls(_org_url: &Url) -> Result<(), Error> {
    Ok(())
}

/// The org URL as errors and `Debug` show it: quoted when it looks like a URL without
/// credentials, else only its length, since a token set where the org URL belongs must
/// not be echoed into a log.
pub(crate) struct ShownOrgUrl<'a>(pub &'a str);

impl fmt::Debug for ShownOrgUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = self.0;
        if raw.contains("://") && !raw.contains('@') && raw.len() <= 255 {
            write!(f, "{raw:?}")
        } else {
            write!(f, "({} characters, not shown)", raw.chars().count())
        }
    }
}

fn parse_org_url(raw: &str, allow_http: bool) -> Result<Url, Error> {
    let url = Url::parse(raw).map_err(|e| {
        Error::InvalidInput(format!("the org URL {:?} is not a URL: {e}", ShownOrgUrl(raw)))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::InvalidInput(format!(
            "the org URL {} must not carry credentials",
            without_secrets(&url)
        )));
    }
    let raw = without_secrets(&url);
    let raw = raw.trim_end_matches('/');
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(Error::InvalidInput(format!(
                "org URL {raw:?} is plain http; use https, or allow_http(true) for a local test server"
            )));
        }
        other => {
            return Err(Error::InvalidInput(format!(
                "org URL {raw:?} has scheme {other:?}; expected https"
            )));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::InvalidInput(format!("org URL {raw:?} has no host")));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(Error::InvalidInput(format!(
            "org URL {raw:?} must be just scheme and host, like https://example.okta.com"
        )));
    }
    Ok(url)
}

#[cfg(all(test, not(any(feature = "rustls-tls", feature = "native-tls"))))]
mod without_tls {
    use super::*;

    #[test]
    fn an_https_org_is_refused_at_build_naming_the_features() {
        let error = Client::builder("https://example.okta.com")
            .api_token("t")
            .build()
            .expect_err("no TLS");
        let shown = error.to_string();
        assert!(
            shown.contains("rustls-tls") && shown.contains("native-tls"),
            "{shown}"
        );
        // A local test server over plain http needs no TLS, and an injected client
        // brings its own.
        Client::builder("http://127.0.0.1:1")
            .allow_http(true)
            .api_token("t")
            .build()
            .expect("plain http");
        Client::builder("https://example.okta.com")
            .api_token("t")
            .http_client(reqwest::Client::new())
            .build()
            .expect("injected client");
    }
}
