//! The `Authorization` (and `DPoP`) headers of each attempt.

use std::fmt;

use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};

use crate::error::Error;

/// How the client authorizes requests, once built.
pub(crate) enum Auth {
    /// An API token or a caller-supplied bearer token: one fixed header value.
    Static(HeaderValue),
    /// OAuth 2.0 service app: tokens from the org's token endpoint, maybe DPoP-bound.
    #[cfg(feature = "oauth")]
    OAuth(Box<crate::oauth::TokenSource>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Secrets never reach logs: only the kind of credential is shown.
        match self {
            Auth::Static(value) => {
                let scheme = value
                    .to_str()
                    .ok()
                    .and_then(|v| v.split(' ').next())
                    .unwrap_or("?");
                write!(f, "Static({scheme} <redacted>)")
            }
            #[cfg(feature = "oauth")]
            Auth::OAuth(source) => fmt::Debug::fmt(source, f),
        }
    }
}

/// The headers that authorize one attempt.
pub(crate) struct AuthHeaders {
    pub(crate) authorization: HeaderValue,
    pub(crate) dpop: Option<HeaderValue>,
    /// Which cached access token was used, so a 401 invalidates that one only.
    pub(crate) generation: Option<u64>,
}

impl AuthHeaders {
    pub(crate) fn apply(self, headers: &mut HeaderMap) {
        headers.insert(AUTHORIZATION, self.authorization);
        if let Some(dpop) = self.dpop {
            headers.insert("dpop", dpop);
        }
    }
}

impl Auth {
    /// The headers for a request with `method` to `url`.
    pub(crate) async fn headers(
        &self,
        http: &reqwest::Client,
        method: &str,
        url: &Url,
    ) -> Result<AuthHeaders, Error> {
        match self {
            Auth::Static(value) => {
                let _ = (http, method, url);
                Ok(AuthHeaders {
                    authorization: value.clone(),
                    dpop: None,
                    generation: None,
                })
            }
            #[cfg(feature = "oauth")]
            Auth::OAuth(source) => source.headers(http, method, url).await,
        }
    }

    /// Looks at every API response, for a `DPoP-Nonce` the resource server hands out.
    pub(crate) fn observe(&self, headers: &HeaderMap) {
        match self {
            Auth::Static(_) => {
                let _ = headers;
            }
            #[cfg(feature = "oauth")]
            Auth::OAuth(source) => source.observe(headers),
        }
    }

    /// After `error`, whether one more attempt with fresh authorization may succeed:
    /// an OAuth token refused with 401 (dropped from the cache here), or a DPoP proof
    /// refused for want of the nonce the server just sent.
    pub(crate) fn should_reauthorize(&self, error: &Error, generation: Option<u64>) -> bool {
        match self {
            Auth::Static(_) => {
                let _ = (error, generation);
                false
            }
            #[cfg(feature = "oauth")]
            Auth::OAuth(source) => source.should_reauthorize(error, generation),
        }
    }
}
