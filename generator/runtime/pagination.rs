//! Paginated lists: pages and items as streams that follow `Link: <…>; rel="next"`.

use std::collections::HashSet;

use futures_core::Stream;
use futures_util::StreamExt;
use reqwest::Url;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::items::Items;
use crate::request::OperationRequest;
use crate::response::ApiResponse;

/// One page of a paginated list, with its response metadata.
///
/// The body is an [`Items`]: an item that does not decode is kept at its place as an
/// [`ItemError`](crate::ItemError), and the page's other items are all there.
pub type Page<T> = ApiResponse<Items<T>>;

/// What the stream does next.
enum Next {
    First(Result<OperationRequest, Error>),
    /// The request to repeat at the link, every link followed so far, and the page number.
    Link(OperationRequest, Url, HashSet<Url>, usize),
    /// The last page had a next link that cannot be followed: report it after the page.
    Refused(Error),
    Done,
}

/// Streams the pages of a list, starting with `request`.
///
/// The stream ends after the first error: a page that failed, or a next link that
/// cannot be followed (reported after the page that carried it), never silently.
///
/// `report` is told each page as it is decoded: the typed operations pass
/// [`crate::conform::report`], which says what did not fit the document.
pub(crate) fn pages<T: DeserializeOwned + Send + 'static>(
    client: Client,
    request: Result<OperationRequest, Error>,
    report: fn(&Items<T>),
) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
    futures_util::stream::unfold(Next::First(request), move |next| {
        let client = client.clone();
        async move {
            match next_page::<T>(&client, next, report).await {
                Ok(Some((page, next))) => Some((Ok(page), next)),
                Ok(None) => None,
                Err(error) => Some((Err(error), Next::Done)),
            }
        }
    })
}

async fn next_page<T: DeserializeOwned>(
    client: &Client,
    next: Next,
    report: fn(&Items<T>),
) -> Result<Option<(Page<T>, Next)>, Error> {
    let (request, raw, mut followed, page_number) = match next {
        Next::Done => return Ok(None),
        Next::Refused(error) => return Err(error),
        Next::First(request) => {
            let request = request?;
            let raw = client.execute(request.clone()).await?;
            (request, raw, HashSet::new(), 0)
        }
        Next::Link(request, url, followed, page_number) => {
            let raw = client.execute_url(&request, url).await?;
            (request, raw, followed, page_number)
        }
    };
    let next_url = next_link(client.org_url(), &raw.headers);
    let mut page = raw.items_unreported::<T>()?;
    report(page.body());
    page.body_mut().set_page(page_number);
    let next = match next_url {
        Ok(Some(url)) => {
            // A server that links back to a page already read would loop for ever.
            let first_visit = followed.insert(url.clone());
            if first_visit {
                // The link carries the cursor and every other query parameter itself.
                let mut request = request;
                request.query.clear();
                Next::Link(request, url, followed, page_number + 1)
            } else {
                Next::Refused(Error::Pagination(format!(
                    "the server sent a next link to {url}, a page already read; not followed again"
                )))
            }
        }
        Ok(None) => Next::Done,
        Err(error) => Next::Refused(error),
    };
    Ok(Some((page, next)))
}

/// Streams the items of a list, page after page.
///
/// An item that does not decode is an [`Error::Item`] at its place, and the stream goes
/// on with the next item; any other error ends the stream.
pub(crate) fn items<T: DeserializeOwned + Send + 'static>(
    client: Client,
    request: Result<OperationRequest, Error>,
    report: fn(&Items<T>),
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    pages::<T>(client, request, report).flat_map(|page| {
        let entries: Vec<Result<T, Error>> = match page {
            Ok(page) => page
                .into_body()
                .into_entries()
                .into_iter()
                .map(|entry| entry.map_err(|e| Error::Item(Box::new(e))))
                .collect(),
            Err(error) => vec![Err(error)],
        };
        futures_util::stream::iter(entries)
    })
}

/// Finds the `rel="next"` link of every `Link` header, refusing one that leaves the org.
///
/// A `Link` header that does not parse, or two different next links, end the list with
/// an error: guessing would risk ending it early and silently.
fn next_link(org_url: &Url, headers: &HeaderMap) -> Result<Option<Url>, Error> {
    let mut next: Option<String> = None;
    for value in headers.get_all(reqwest::header::LINK) {
        let value = value.to_str().map_err(|_| {
            Error::Pagination("the server sent a Link header that is not visible ASCII".into())
        })?;
        let links = crate::link::parse(value).map_err(|e| {
            Error::Pagination(format!(
                "the server sent a Link header that does not parse ({e}): {value:?}"
            ))
        })?;
        for link in links.into_iter().filter(|l| l.has_rel("next")) {
            match &next {
                Some(seen) if *seen != link.target => {
                    return Err(Error::Pagination(format!(
                        "the server sent two different next links, {seen:?} and {:?}",
                        link.target
                    )));
                }
                _ => next = Some(link.target),
            }
        }
    }
    let Some(target) = next else { return Ok(None) };
    let url = org_url.join(&target).map_err(|e| {
        Error::Pagination(format!(
            "the server sent a next link {target:?} that is not a URL: {e}"
        ))
    })?;
    if url.origin() != org_url.origin() {
        return Err(Error::Pagination(format!(
            "the server sent a next link to {}, outside the org {}; not followed",
            url.origin().ascii_serialization(),
            org_url.origin().ascii_serialization()
        )));
    }
    Ok(Some(url))
}
