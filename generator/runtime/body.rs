//! Reading response bodies within a size limit, whatever the server sends.

use bytes::{Bytes, BytesMut};

/// The default limit for a successful answer's body: 32 MiB. Okta's largest pages (200
/// applications with their settings and links) are a few MiB.
pub(crate) const DEFAULT_MAX_RESPONSE_SIZE: u64 = 32 * 1024 * 1024;

/// How much of an error answer's body is read: Okta's error object is well under 2 KiB,
/// and an error keeps only that object or a snippet.
pub(crate) const ERROR_BODY_LIMIT: u64 = 64 * 1024;

/// Why a body was not read whole.
pub(crate) enum ReadFailure {
    /// `Content-Length` or the bytes received passed the limit; reading stopped there.
    TooLarge,
    /// The connection broke off (or the HTTP client's timeout fired) mid-body.
    Broken(reqwest::Error),
}

/// Reads the whole body, or stops as soon as it is known to pass `limit` bytes.
///
/// Memory stays within about twice the limit (the buffer grows by doubling), however
/// long or slow the body: nothing is read past the limit.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Bytes, ReadFailure> {
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit) {
        return Err(ReadFailure::TooLarge);
    }
    // The declared length is only a hint: a server may send more (caught below) or less.
    let hint = declared.map_or(0, |length| usize::try_from(length).unwrap_or(0));
    let mut body = BytesMut::with_capacity(hint);
    while let Some(chunk) = response.chunk().await.map_err(ReadFailure::Broken)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(ReadFailure::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Reads at most `limit` bytes of an error answer's body: what arrived is enough to
/// report it, even when the rest is too long or never comes.
pub(crate) async fn read_prefix(response: &mut reqwest::Response, limit: u64) -> Bytes {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut body = BytesMut::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) | Err(_) => break,
        }
    }
    body.freeze()
}

/// Reads an answer's body: a successful one whole within `success_limit`, an error one
/// as far as [`ERROR_BODY_LIMIT`] (which never fails: what arrived is enough to report it).
pub(crate) async fn read_answer(
    response: &mut reqwest::Response,
    success_limit: u64,
) -> Result<Bytes, ReadFailure> {
    if response.status().is_success() {
        read_limited(response, success_limit).await
    } else {
        Ok(read_prefix(response, ERROR_BODY_LIMIT).await)
    }
}
