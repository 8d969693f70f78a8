//! When and how long to wait before sending a request again.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{DATE, HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How the client retries: rate limits (429), overloaded servers (503, 504) and
/// failed connections, within an overall deadline.
///
/// - A 429 is retried for every method, after `X-Rate-Limit-Reset` (the smallest
///   value when the header repeats) minus the response's `Date`, plus one second,
///   capped at [`max_rate_limit_wait`](Self::max_rate_limit_wait). Without
///   `X-Rate-Limit-Reset`, a `Retry-After` header (seconds or an HTTP date) sets the
///   wait, with the same cap; without either, the exponential backoff does.
/// - A 503, a 504, a failed or reset connection and a truncated body are retried only
///   for idempotent methods (`GET`, `HEAD`, `OPTIONS`, `PUT`, `DELETE`), after the wait
///   a `Retry-After` header asks for (capped as above), or else an exponential backoff
///   with jitter.
/// - Every retry sends `X-Okta-Retry-Count: <n>` and, once a retried answer carried
///   one, `X-Okta-Retry-For: <its X-Okta-Request-Id>`.
/// - No attempt starts or waits past the [`deadline`](Self::deadline), counted from the
///   first attempt; an attempt cut short by it ends in [`Error::Timeout`](crate::Error::Timeout).
///
/// The default allows 2 retries, waits at most 60 s for a rate limit, backs off from
/// 500 ms up to 10 s, and gives up after 3 minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    max_rate_limit_wait: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
    deadline: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            max_rate_limit_wait: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            deadline: Some(Duration::from_secs(180)),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries; the deadline still applies.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// How many times one request may be sent again (default 2; 0 turns retries off).
    pub fn with_max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The longest wait for a rate limit to reset (default 60 s); a longer wait is cut to this.
    pub fn with_max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// The first backoff and the largest one; each retry doubles the previous backoff
    /// (defaults 500 ms and 10 s). The actual wait is a random point in its upper half.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The most time one call may take, every attempt and wait included (default 3 min);
    /// `None` for no limit beyond the per-attempt timeout.
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// How many times one request may be sent again.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The longest wait for a rate limit to reset.
    pub fn max_rate_limit_wait(&self) -> Duration {
        self.max_rate_limit_wait
    }

    /// The overall deadline of one call, if any.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// The backoff before retry number `retry` (1 for the first), with jitter.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let full = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        // Full wait scaled into [1/2, 1]: spreads clients that failed together.
        let half = full / 2;
        let span = u64::try_from((full - half).as_nanos()).unwrap_or(u64::MAX);
        let jitter = if span == 0 { 0 } else { random_u64() % span };
        half + Duration::from_nanos(jitter)
    }

    /// The wait a 429 asks for: `X-Rate-Limit-Reset` − `Date` + 1 s, capped.
    pub(crate) fn rate_limit_wait(&self, headers: &HeaderMap) -> Option<Duration> {
        let reset = headers
            .get_all("x-rate-limit-reset")
            .iter()
            .filter_map(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
            .min()?;
        let now = response_time(headers)
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_secs();
        let wait = Duration::from_secs(reset.saturating_sub(now).saturating_add(1));
        Some(wait.min(self.max_rate_limit_wait))
    }

    /// The wait a `Retry-After` header asks for (delay-seconds or an HTTP date, measured
    /// against the response's `Date`), capped like a rate-limit wait.
    pub(crate) fn retry_after_wait(&self, headers: &HeaderMap) -> Option<Duration> {
        let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
        let wait = match value.parse::<u64>() {
            Ok(seconds) => Duration::from_secs(seconds),
            Err(_) => {
                let at = httpdate::parse_http_date(value).ok()?;
                at.duration_since(response_time(headers))
                    .unwrap_or(Duration::ZERO)
            }
        };
        Some(wait.min(self.max_rate_limit_wait))
    }
}

/// When the server says it answered (its `Date`), so that waits it names are measured
/// on its clock; this machine's clock when it sent none.
fn response_time(headers: &HeaderMap) -> SystemTime {
    headers
        .get(DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .unwrap_or_else(SystemTime::now)
}

/// Methods that may be sent twice with the effect of once.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    )
}

/// Statuses that say "try again later" without saying the request had no effect.
pub(crate) fn is_retryable_server_status(status: StatusCode) -> bool {
    status == StatusCode::SERVICE_UNAVAILABLE || status == StatusCode::GATEWAY_TIMEOUT
}

/// Randomness for jitter only; not for anything secret.
fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn rate_limit_wait_is_reset_minus_date_plus_one_second() {
        let policy = RetryPolicy::default();
        let mut headers = HeaderMap::new();
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        headers.insert(
            DATE,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        headers.append("x-rate-limit-reset", HeaderValue::from_static("784111790"));
        headers.append("x-rate-limit-reset", HeaderValue::from_static("784111780"));
        assert_eq!(
            policy.rate_limit_wait(&headers),
            Some(Duration::from_secs(4))
        );
        let capped = policy.with_max_rate_limit_wait(Duration::from_secs(2));
        assert_eq!(
            capped.rate_limit_wait(&headers),
            Some(Duration::from_secs(2))
        );
    }

    #[test]
    fn retry_after_is_seconds_or_a_date_against_the_response_date() {
        let policy = RetryPolicy::default();
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(
            policy.retry_after_wait(&headers),
            Some(Duration::from_secs(7))
        );
        headers.insert(
            DATE,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:49 GMT"),
        );
        assert_eq!(
            policy.retry_after_wait(&headers),
            Some(Duration::from_secs(12))
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("86400"));
        assert_eq!(
            policy.retry_after_wait(&headers),
            Some(policy.max_rate_limit_wait()),
            "capped"
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(policy.retry_after_wait(&headers), None);
    }

    #[test]
    fn backoff_doubles_within_bounds() {
        let policy =
            RetryPolicy::default().with_backoff(Duration::from_millis(100), Duration::from_secs(1));
        for (retry, full) in [
            (1, 100),
            (2, 200),
            (3, 400),
            (4, 800),
            (5, 1000),
            (40, 1000),
        ] {
            let wait = policy.backoff(retry);
            assert!(
                wait >= Duration::from_millis(full / 2) && wait <= Duration::from_millis(full),
                "retry {retry}: {wait:?}"
            );
        }
    }
}
