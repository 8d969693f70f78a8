//! Paginated lists: pages and items as streams that follow `Link: <…>; rel="next"`.

use std::collections::HashSet;

use futures_core::Stream;
use reqwest::Url;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::request::OperationRequest;
use crate::response::ApiResponse;

/// One page of a paginated list, with its response metadata.
pub type Page<T> = ApiResponse<Vec<T>>;

/// Streams the pages of a list, starting with `request`.
pub(crate) fn pages<T: DeserializeOwned + Send + 'static>(
    client: Client,
    request: Result<OperationRequest, Error>,
) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
    enum Next {
        First(Result<OperationRequest, Error>),
        /// The request to repeat at the link, and every link followed so far.
        Link(OperationRequest, Url, HashSet<Url>),
        /// The last page had a next link that cannot be followed: report it after the page.
        Refused(Error),
        Done,
    }
    futures_util::stream::try_unfold(Next::First(request), move |next| {
        let client = client.clone();
        async move {
            let (request, raw, followed) = match next {
                Next::Done => return Ok(None),
                Next::Refused(error) => return Err(error),
                Next::First(request) => {
                    let request = request?;
                    let raw = client.execute(request.clone()).await?;
                    (request, raw, HashSet::new())
                }
                Next::Link(request, url, mut followed) => {
                    followed.insert(url.clone());
                    let raw = client.execute_url(&request, url).await?;
                    (request, raw, followed)
                }
            };
            let next_url = next_link(client.org_url(), &raw.headers);
            let page = raw.json::<Vec<T>>()?;
            let next = match next_url {
                // A server that links back to a page already read would loop for ever.
                Ok(Some(url)) if followed.contains(&url) => {
                    Next::Refused(Error::InvalidInput(format!(
                        "the server sent a next link to {url}, a page already read; not followed again"
                    )))
                }
                // The link carries the cursor and every other query parameter itself.
                Ok(Some(url)) => {
                    let mut request = request;
                    request.query.clear();
                    Next::Link(request, url, followed)
                }
                Ok(None) => Next::Done,
                Err(error) => Next::Refused(error),
            };
            Ok(Some((page, next)))
        }
    })
}

/// Streams the items of a list, page after page.
pub(crate) fn items<T: DeserializeOwned + Send + 'static>(
    client: Client,
    request: Result<OperationRequest, Error>,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    use futures_util::TryStreamExt;
    pages::<T>(client, request)
        .map_ok(|page| futures_util::stream::iter(page.into_body().into_iter().map(Ok)))
        .try_flatten()
}

/// Finds the `rel="next"` link, refusing one that leaves the org.
fn next_link(org_url: &Url, headers: &HeaderMap) -> Result<Option<Url>, Error> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        for link in value.split(',') {
            let mut parts = link.split(';');
            let target = parts.next().unwrap_or_default().trim();
            let is_next = parts.any(|p| {
                let p = p.trim();
                p.eq_ignore_ascii_case("rel=\"next\"") || p.eq_ignore_ascii_case("rel=next")
            });
            if !is_next {
                continue;
            }
            let Some(target) = target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
                continue;
            };
            let url = org_url.join(target).map_err(|e| {
                Error::InvalidInput(format!(
                    "the server sent a next link {target:?} that is not a URL: {e}"
                ))
            })?;
            if url.origin() != org_url.origin() {
                return Err(Error::InvalidInput(format!(
                    "the server sent a next link to {}, outside the org {}; not followed",
                    url.origin().ascii_serialization(),
                    org_url.origin().ascii_serialization()
                )));
            }
            return Ok(Some(url));
        }
    }
    Ok(None)
}
