//! Successful answers, with their metadata on demand.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::conform::Walk;
use crate::error::{DecodeError, Error, snippet};
use crate::items::Items;

/// A decoded answer together with what the response said about itself.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> ApiResponse<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `X-Okta-Request-Id` header, for Okta support.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The `X-Rate-Limit-*` headers, when all three were sent.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    pub(crate) fn body_mut(&mut self) -> &mut T {
        &mut self.body
    }

    /// The same response with its body turned into something else, e.g. one field of it.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }

    /// The status, the headers and the body, taken apart.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// Takes the decoded body, dropping the metadata.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// The answer of an operation whose one documented answer is a redirect (Okta's
/// `301 Moved Permanently` of the Okta Support access operations): returned as it
/// came, not followed. Its body, if any, is left out.
#[derive(Debug, Clone)]
pub struct Redirect {
    pub(crate) status: StatusCode,
    /// Marked sensitive (as the client marks the header): `Debug` does not show it, a
    /// query string may carry secrets.
    pub(crate) location: Option<reqwest::header::HeaderValue>,
}

impl Redirect {
    /// The HTTP status, the documented 3xx.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `Location` header as it came (it may be relative to the request's URL);
    /// `None` when there is none, or it is not visible ASCII.
    pub fn location(&self) -> Option<&str> {
        self.location.as_ref()?.to_str().ok()
    }
}

/// Okta's rate-limit headers for the endpoint that answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `X-Rate-Limit-Limit`: requests allowed in the current window.
    pub limit: u64,
    /// `X-Rate-Limit-Remaining`: requests left in the current window.
    pub remaining: u64,
    /// `X-Rate-Limit-Reset`: when the window resets, in seconds since the Unix epoch.
    pub reset: u64,
}

impl RateLimit {
    /// Reads the three headers; `None` unless all of them are present and numeric.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        Some(RateLimit {
            limit: header_u64(headers, "x-rate-limit-limit")?,
            remaining: header_u64(headers, "x-rate-limit-remaining")?,
            reset: header_u64(headers, "x-rate-limit-reset")?,
        })
    }
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    // Okta repeats a header when several limits apply; the smallest value is the binding one.
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok()?.trim().parse().ok())
        .min()
}

/// Marks the response headers that can carry secrets (cookies, a redirect's query
/// string) as sensitive, so that `Debug` of a response or an error shows `Sensitive`
/// instead of their values; `headers()` still gives them.
pub(crate) fn mark_sensitive(headers: &mut HeaderMap) {
    for name in ["set-cookie", "location", "content-location", "authorization"] {
        if let reqwest::header::Entry::Occupied(mut entry) = headers.entry(name) {
            for value in entry.iter_mut() {
                value.set_sensitive(true);
            }
        }
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-okta-request-id")?.to_str().ok()
}

/// A 2xx response whose body has been read but not decoded.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl RawResponse {
    /// Decodes a JSON body tolerantly (see [`crate::decode`]) and says at decode
    /// what did not fit; a body that does not decode is an error with the field path
    /// of its first problem.
    pub(crate) fn json<T: DeserializeOwned + Walk>(self) -> Result<ApiResponse<T>, Error> {
        let response = self.json_unreported::<T>()?;
        crate::conform::report(response.body());
        Ok(response)
    }

    /// [`json`](Self::json) for any `T` (a raw request's), without the report.
    pub(crate) fn json_unreported<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let body = decode_json(self.status, &self.headers, &self.body)?;
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
        })
    }

    /// Decodes a JSON list item by item, each tolerantly: an item that still does not
    /// decode is kept at its place, as an error; what did not fit is said at decode.
    pub(crate) fn items<T: DeserializeOwned + Walk>(self) -> Result<ApiResponse<Items<T>>, Error> {
        let response = self.items_unreported::<T>()?;
        crate::conform::report(response.body());
        Ok(response)
    }

    /// [`items`](Self::items) for any `T` (a raw request's), without the report.
    pub(crate) fn items_unreported<T: DeserializeOwned>(
        self,
    ) -> Result<ApiResponse<Items<T>>, Error> {
        self.read_whole(|bytes| {
            Items::from_slice(bytes).map_err(|error| format!("expected a JSON list: {error}"))
        })
    }

    /// Takes a text body (`text/html`, say) as it came; it must be UTF-8.
    pub(crate) fn text(self) -> Result<ApiResponse<String>, Error> {
        self.read_whole(|bytes| match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(error) => Err(format!("the text body is not UTF-8: {error}")),
        })
    }

    /// The body as `read` takes it, or a decode error about the whole body.
    fn read_whole<U>(
        self,
        read: impl FnOnce(&[u8]) -> Result<U, String>,
    ) -> Result<ApiResponse<U>, Error> {
        match read(&self.body) {
            Ok(body) => Ok(ApiResponse {
                status: self.status,
                headers: self.headers,
                body,
            }),
            Err(message) => Err(decode_error(
                self.status,
                &self.headers,
                &self.body,
                ".".to_owned(),
                message,
            )),
        }
    }

    /// For operations documented without a body: whatever arrived is ignored.
    pub(crate) fn empty(self) -> ApiResponse<()> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: (),
        }
    }
}

pub(crate) fn decode_json<T: DeserializeOwned>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Error> {
    // Tracking the field path costs time on every value; a body that decodes needs none,
    // so the path is worked out only for one that does not.
    let first_error = match crate::conform::decode_json_bytes(body) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    // Tolerantly, so that the path is that of what made the tolerant decode fail too.
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let tracked = crate::model_support::tolerantly(|| {
        serde_path_to_error::deserialize::<_, T>(&mut deserializer)
    });
    match tracked {
        Err(error) => Err(decode_error(
            status,
            headers,
            body,
            error.path().to_string(),
            error.inner().to_string(),
        )),
        // Only trailing characters fail the strict decode but not the path-tracking one.
        Ok(_) => Err(decode_error(
            status,
            headers,
            body,
            ".".to_owned(),
            first_error.to_string(),
        )),
    }
}

fn decode_error(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    path: String,
    message: String,
) -> Error {
    Error::Decode(Box::new(DecodeError {
        status,
        path,
        message: crate::redact::without_body_values(&message),
        snippet: snippet(body),
        request_id: request_id(headers).map(str::to_owned),
        headers: headers.clone(),
    }))
}
