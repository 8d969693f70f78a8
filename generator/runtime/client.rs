//! The client: configuration, authentication and sending requests.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};

use crate::error::{ApiError, Error, OktaErrorBody, snippet};
use crate::request::{OperationRequest, RequestBody};
use crate::response::{RawResponse, request_id};

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
    credentials: Credentials,
    user_agent: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("org_url", &self.inner.org_url.as_str())
            .field("credentials", &self.inner.credentials)
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
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Secrets never reach logs: only the kind of credential is shown.
        match self {
            Credentials::ApiToken(_) => f.write_str("ApiToken(<redacted>)"),
            Credentials::BearerToken(_) => f.write_str("BearerToken(<redacted>)"),
        }
    }
}

impl Credentials {
    fn authorization(&self) -> Result<HeaderValue, Error> {
        let value = match self {
            Credentials::ApiToken(token) => format!("SSWS {token}"),
            Credentials::BearerToken(token) => format!("Bearer {token}"),
        };
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            Error::InvalidInput("the token contains characters not allowed in a header".into())
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// Configures a [`Client`]; start with [`Client::builder`].
#[derive(Debug)]
pub struct ClientBuilder {
    org_url: String,
    credentials: Option<Credentials>,
    allow_http: bool,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent_suffix: Option<String>,
    http: Option<reqwest::Client>,
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
        }
    }

    /// The org URL requests are sent to.
    pub fn org_url(&self) -> &Url {
        &self.inner.org_url
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
                .extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let span = tracing::debug_span!(
            "okta.request",
            operation = request.operation_id,
            method = %request.method,
            path = request.path_template,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let _entered = span.enter();

        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .header(AUTHORIZATION, self.inner.credentials.authorization()?)
            .header(USER_AGENT, self.inner.user_agent.clone())
            .header(ACCEPT, "application/json");
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        builder = match &request.body {
            RequestBody::Empty => builder,
            RequestBody::Json(bytes) => builder
                .header(CONTENT_TYPE, "application/json")
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

        let response = builder.send().await.map_err(Error::from_reqwest)?;
        let status = response.status();
        let headers = response.headers().clone();
        span.record("status", status.as_u16());
        if let Some(id) = request_id(&headers) {
            span.record("request_id", id);
        }
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        if status.is_success() {
            Ok(RawResponse {
                status,
                headers,
                body,
            })
        } else {
            Err(api_error(status, headers, &body))
        }
    }
}

fn api_error(
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

    /// Uses `client` for HTTP instead of building one; its own timeouts then apply.
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
        credentials.authorization()?;
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
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .build()
                .map_err(Error::from_reqwest)?,
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                org_url,
                credentials,
                user_agent,
            }),
        })
    }
}

fn parse_org_url(raw: &str, allow_http: bool) -> Result<Url, Error> {
    let url = Url::parse(raw)
        .map_err(|e| Error::InvalidInput(format!("org URL {raw:?} is not a URL: {e}")))?;
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
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::InvalidInput(format!(
            "org URL {raw:?} must not carry credentials"
        )));
    }
    Ok(url)
}
