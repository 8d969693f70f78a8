//! What every generated request builder shares: sending, and the per-request
//! header and timeout.
//!
//! An operation's file defines its builder, its setters and `request()`, then
//! writes `request_methods!(Builder, json Model)` (or `items`, `paginated`,
//! `empty`, `text`, `redirect`) for the rest. Sending is one generic function per answer
//! type, not one state machine per operation.

use std::future::Future;

use crate::client::Client;
use crate::error::Error;
use crate::request::OperationRequest;
use crate::response::{ApiResponse, RawResponse};

/// Builds the request with `request` (or reports why it could not be built),
/// sends it and decodes the answer with `decode`.
// Both are generic and called only inside the future, so that the code which
// encodes a request body and decodes an answer is compiled in the crate that
// awaits the request, for the requests it sends, and never in this one. A `fn`
// pointer to `RawResponse::json::<Model>` compiled every model's decoder here
// (about three times the code to generate, a clean build 60% slower), and
// building the request before the future encoded every body model here. For
// the same reason each builder's `request()` is `#[inline]`: a private function
// that a public one reaches is otherwise compiled here whether used or not.
pub(crate) async fn send<T>(
    client: Client,
    request: impl FnOnce() -> Result<OperationRequest, Error>,
    decode: impl FnOnce(RawResponse) -> Result<ApiResponse<T>, Error>,
) -> Result<ApiResponse<T>, Error> {
    decode(client.execute(request()?).await?)
}

/// The answer's body alone.
pub(crate) async fn into_body<T>(
    response: impl Future<Output = Result<ApiResponse<T>, Error>>,
) -> Result<T, Error> {
    response.await.map(ApiResponse::into_body)
}

/// An answer documented without a body: whatever arrived is ignored.
pub(crate) fn empty(response: RawResponse) -> Result<ApiResponse<()>, Error> {
    Ok(response.empty())
}

/// `send`, `send_with_metadata`, `header` and `timeout` of a request builder,
/// by what its operation answers: `json Model`, `items Model` (a list, decoded
/// item by item), `paginated Model` (the same, plus `pages` and `items`),
/// `empty`, `text "text/html"`, `redirect` (a documented 3xx, returned unfollowed); and with the builder alone, only `header` and
/// `timeout` (its file writes the sending itself).
macro_rules! request_methods {
    ($builder:ident, json $ty:ty) => {
        crate::builder::request_methods!(
            @send $builder, $ty, crate::response::RawResponse::json,
            " Sends the request and decodes the answer."
        );
    };
    ($builder:ident, items $item:ty) => {
        crate::builder::request_methods!(
            @send $builder, crate::Items<$item>, crate::response::RawResponse::items,
            " Sends the request and decodes the list item by item: an item that does not decode is kept at its place in the [`Items`](crate::Items) as an [`ItemError`](crate::ItemError), and every other item is there."
        );
    };
    ($builder:ident, paginated $item:ty) => {
        crate::builder::request_methods!($builder, items $item);

        impl $builder {
            /// Every page of the list, following `Link: <…>; rel="next"` until the last.
            pub fn pages(
                self,
            ) -> impl futures_core::Stream<Item = Result<crate::Page<$item>, crate::Error>> + Send + 'static
            {
                let request = self.request();
                crate::pagination::pages(self.client, request, crate::conform::report)
            }

            /// Every item of the list, page after page. An item that does not decode is an
            /// [`Error::Item`](crate::Error::Item) at its place, and the stream goes on after
            /// it; any other error ends the stream.
            pub fn items(
                self,
            ) -> impl futures_core::Stream<Item = Result<$item, crate::Error>> + Send + 'static {
                let request = self.request();
                crate::pagination::items(self.client, request, crate::conform::report)
            }
        }
    };
    ($builder:ident, empty) => {
        crate::builder::request_methods!(
            @send $builder, (), crate::builder::empty,
            " Sends the request; the answer has no body."
        );
    };
    ($builder:ident, redirect) => {
        // Written out here rather than as a function: a runtime function that only some
        // crates' operations call would be dead code in the others.
        crate::builder::request_methods!(
            @send $builder, crate::Redirect,
            |response: crate::response::RawResponse| {
                let status = response.status;
                let location = response.headers.get(reqwest::header::LOCATION).cloned();
                Ok(response.empty().map(|()| crate::Redirect { status, location }))
            },
            " Sends the request; the answer is the redirect Okta documents, returned with its `Location` and not followed."
        );
    };
    ($builder:ident, text $media_type:literal) => {
        crate::builder::request_methods!(
            @send $builder, String, crate::response::RawResponse::text,
            concat!(" Sends the request (accepting `", $media_type, "`) and gives the answer's text, which must be UTF-8.")
        );
    };
    (@send $builder:ident, $ty:ty, $decode:expr, $doc:expr) => {
        impl $builder {
            #[doc = $doc]
            pub fn send(
                self,
            ) -> impl std::future::Future<Output = Result<$ty, crate::Error>> + Send + 'static {
                crate::builder::into_body(self.send_with_metadata())
            }

            /// Sends the request; the answer comes with its status, headers and rate-limit values.
            pub fn send_with_metadata(
                self,
            ) -> impl std::future::Future<Output = Result<crate::ApiResponse<$ty>, crate::Error>>
            + Send
            + 'static {
                crate::builder::send(self.client.clone(), move || self.request(), $decode)
            }
        }

        crate::builder::request_methods!($builder);
    };
    ($builder:ident) => {
        impl $builder {
            /// Adds a header to this request only; the client's own (`Authorization`,
            /// `User-Agent`, retry headers) win over one of the same name.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options.header(name, value);
                self
            }

            /// The longest one attempt of this request may take, instead of the client's timeout.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout(timeout);
                self
            }
        }
    };
}
pub(crate) use request_methods;
