//! Requests to any path of the org's API, for endpoints this crate does not model yet.

use std::borrow::Cow;
use std::fmt::Display;
use std::time::Duration;

use futures_core::Stream;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::pagination::{self, Page};
use crate::request::{OperationRequest, RequestOptions};
use crate::response::ApiResponse;

impl Client {
    /// A request to any path of the org's API, such as `/api/v1/users`, with everything
    /// the generated operations get: authentication, retries and rate-limit waits, the
    /// size limits, redirect refusal, tracing, and [`pages`](RawRequest::pages) /
    /// [`items`](RawRequest::items) over `Link: rel="next"`.
    ///
    /// The path is taken as it is (percent-encode what needs it); a path that is not
    /// absolute, carries a query string (use [`query`](RawRequest::query)) or a `..`
    /// segment is refused when sent.
    ///
    /// ```no_run
    /// # async fn run(client: okta_apps::Client) -> Result<(), okta_apps::Error> {
    /// use okta_apps::Json;
    /// use okta_apps::reqwest::Method;
    ///
    /// let users = client
    ///     .request(Method::GET, "/api/v1/users")
    ///     .query("limit", 50)
    ///     .send::<Vec<Json>>()
    ///     .await?;
    /// println!("{} users, request {:?}", users.body().len(), users.request_id());
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        let path = path.into();
        let invalid = check_path(&path);
        RawRequest {
            client: self.clone(),
            request: OperationRequest {
                operation_id: "(raw request)",
                method,
                path_template: Cow::Owned(path.clone()),
                path,
                query: Vec::new(),
                headers: Vec::new(),
                body: crate::request::RequestBody::Empty,
                accept: None,
                redirect: None,
                timeout: None,
            },
            options: RequestOptions::default(),
            invalid,
        }
    }
}

fn check_path(path: &str) -> Option<String> {
    if !path.starts_with('/') || path.starts_with("//") {
        return Some(format!("the path {path:?} must start with a single `/`"));
    }
    if path.contains(['?', '#']) {
        return Some(format!(
            "the path {path:?} must not carry a query or fragment; use query()"
        ));
    }
    if path.split('/').any(|segment| segment == ".." || segment == ".") {
        return Some(format!("the path {path:?} must not hold `.` or `..` segments"));
    }
    None
}

/// A request to a path of the org's API: see [`Client::request`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Client,
    request: OperationRequest,
    options: RequestOptions,
    invalid: Option<String>,
}

impl RawRequest {
    /// Adds a query parameter (repeat it for a list).
    pub fn query(mut self, name: impl Into<String>, value: impl Display) -> Self {
        self.request
            .query
            .push((Cow::Owned(name.into()), value.to_string()));
        self
    }

    /// Adds a header; the client's own (`Authorization`, `User-Agent`, retry headers) win.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.header(name, value);
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        if let Err(Error::InvalidInput(message)) = self.request.json_body(body) {
            self.invalid.get_or_insert(message);
        }
        self
    }

    /// The longest one attempt may take, instead of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout(timeout);
        self
    }

    fn checked(self) -> Result<(Client, OperationRequest), Error> {
        match self.invalid {
            Some(message) => Err(Error::InvalidInput(message)),
            None => {
                let mut request = self.request;
                self.options.apply(&mut request);
                Ok((self.client, request))
            }
        }
    }

    /// Sends the request and decodes the JSON answer as `T` (a model, a `Vec`, or
    /// [`Json`](crate::Json) to keep it as it came).
    pub async fn send<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let (client, request) = self.checked()?;
        client.execute(request).await?.json_unreported()
    }

    /// Sends the request and returns the answer's body as text (an HTML page, say),
    /// which must be UTF-8. Ask for a media type with `.header("Accept", "text/html")`.
    pub async fn send_text(self) -> Result<ApiResponse<String>, Error> {
        let (client, request) = self.checked()?;
        client.execute(request).await?.text()
    }

    /// Sends the request; whatever body the answer has is not read as JSON.
    pub async fn send_without_body(self) -> Result<ApiResponse<()>, Error> {
        let (client, request) = self.checked()?;
        Ok(client.execute(request).await?.empty())
    }

    /// Every page of a list, following `Link: <…>; rel="next"` until the last.
    pub fn pages<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
        let client = self.client.clone();
        pagination::pages(client, self.checked().map(|(_, request)| request), |_| {})
    }

    /// Every item of a list, page after page; a bad item is an [`Error::Item`] in place.
    pub fn items<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        let client = self.client.clone();
        pagination::items(client, self.checked().map(|(_, request)| request), |_| {})
    }
}
