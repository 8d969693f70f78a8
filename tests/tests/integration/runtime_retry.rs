//! Retries, rate limits, timeouts and the overall deadline, against loopback servers.

use std::time::{Duration, Instant};

use okta_apps::{Client, Error, RetryPolicy};
use okta_apps_tests::server::{Action, Server};

/// `Sun, 06 Nov 1994 08:49:37 GMT` as seconds since the Unix epoch.
const DATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";
const DATE_EPOCH: u64 = 784_111_777;

fn client(server: &Server, policy: RetryPolicy) -> Client {
    Client::builder(server.url())
        .allow_http(true)
        .api_token("test-token")
        .retry_policy(policy)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

fn fast() -> RetryPolicy {
    RetryPolicy::default().with_backoff(Duration::from_millis(10), Duration::from_millis(40))
}

fn rate_limited(request_id: &str, reset_offsets: &[u64]) -> Action {
    let mut action = Action::json(429, r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#)
        .with_header("date", DATE)
        .with_header("x-okta-request-id", request_id)
        .with_header("x-rate-limit-limit", "600")
        .with_header("x-rate-limit-remaining", "0");
    for offset in reset_offsets {
        action = action.with_header("x-rate-limit-reset", &(DATE_EPOCH + offset).to_string());
    }
    action
}

#[tokio::test]
async fn a_429_storm_waits_for_the_reset_and_sends_the_retry_headers() {
    let server = Server::start(|i, _| match i {
        // Two limits apply; the smaller reset (now) binds, so each wait is 0 + 1 s.
        0 => rate_limited("first-429", &[30, 0]),
        1 => rate_limited("second-429", &[0]),
        _ => Action::json(200, "[]"),
    })
    .await;
    let started = Instant::now();
    let apps = client(&server, RetryPolicy::default())
        .list_applications()
        .send()
        .await
        .expect("third attempt succeeds");
    let elapsed = started.elapsed();
    assert!(apps.is_empty());
    assert!(
        elapsed >= Duration::from_millis(1900),
        "waited reset − Date + 1 s twice, took {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(6), "took {elapsed:?}");

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].header("x-okta-retry-for"), None);
    assert_eq!(requests[0].header("x-okta-retry-count"), None);
    // Retry-For names the first 429 on every retry; each header is sent once, replaced not appended.
    assert_eq!(requests[1].header("x-okta-retry-for"), Some("first-429"));
    assert_eq!(requests[1].header("x-okta-retry-count"), Some("1"));
    assert_eq!(requests[2].header("x-okta-retry-for"), Some("first-429"));
    assert_eq!(requests[2].header("x-okta-retry-count"), Some("2"));
    for request in &requests {
        assert_eq!(request.header("authorization"), Some("SSWS test-token"));
        assert_eq!(request.header("accept"), Some("application/json"));
    }
}

#[tokio::test]
async fn a_429_storm_gives_up_after_the_configured_retries_with_the_wait_capped() {
    let server = Server::start(|i, _| rate_limited(&format!("id-{i}"), &[3600])).await;
    let policy = fast()
        .with_max_rate_limit_wait(Duration::from_millis(50))
        .with_max_retries(3);
    let started = Instant::now();
    let error = client(&server, policy)
        .list_applications()
        .send()
        .await
        .expect_err("always 429");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "an hour's reset was capped to 50 ms"
    );
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api.status, 429);
    assert_eq!(api.error_code(), Some("E0000047"));
    assert_eq!(error.request_id(), Some("id-3"));
    assert_eq!(server.requests().len(), 4, "one attempt and three retries");
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = Server::start(|i, _| rate_limited(&format!("id-{i}"), &[0])).await;
    let error = client(&server, RetryPolicy::none())
        .list_applications()
        .send()
        .await
        .expect_err("429");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_rate_limit_wait_past_the_deadline_is_not_taken() {
    let server = Server::start(|_, _| rate_limited("late", &[30])).await;
    let policy = RetryPolicy::default().with_deadline(Some(Duration::from_secs(5)));
    let started = Instant::now();
    let error = client(&server, policy)
        .list_applications()
        .send()
        .await
        .expect_err("429");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "did not sleep 31 s into a 5 s deadline"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_503_is_retried_for_get() {
    let server = Server::start(|i, _| match i {
        0 => Action::json(503, "").with_header("x-okta-request-id", "busy"),
        1 => Action::json(504, ""),
        _ => Action::json(200, "[]"),
    })
    .await;
    let apps = client(&server, fast())
        .list_applications()
        .send()
        .await
        .expect("third attempt succeeds");
    assert!(apps.is_empty());
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[1].header("x-okta-retry-count"), Some("1"));
    assert_eq!(requests[2].header("x-okta-retry-count"), Some("2"));
    assert_eq!(requests[2].header("x-okta-retry-for"), Some("busy"));
}

#[tokio::test]
async fn a_503_is_not_retried_for_post() {
    let server = Server::start(|_, _| Action::json(503, "")).await;
    let error = client(&server, fast())
        .activate_application("0oa1")
        .send()
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "POST is not idempotent: sent once");
    assert_eq!(requests[0].method, "POST");
}

#[tokio::test]
async fn a_429_is_retried_even_for_post() {
    let server = Server::start(|i, _| match i {
        0 => rate_limited("rl", &[0]),
        _ => Action::Respond(200, vec![], vec![]),
    })
    .await;
    client(&server, fast())
        .activate_application("0oa1")
        .send()
        .await
        .expect("retried after the reset");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_get_only() {
    let server = Server::start(|i, r| match (i, r.method.as_str()) {
        (0, _) | (_, "POST") => Action::Close,
        _ => Action::json(200, "[]"),
    })
    .await;
    let apps = client(&server, fast())
        .list_applications()
        .send()
        .await
        .expect("second attempt succeeds");
    assert!(apps.is_empty());
    assert_eq!(server.requests().len(), 2);

    let error = client(&server, fast())
        .activate_application("0oa1")
        .send()
        .await
        .expect_err("closed");
    assert!(
        matches!(error, Error::Transport(_)),
        "expected Error::Transport, got {error:?}"
    );
    assert_eq!(server.requests().len(), 3, "the POST was sent once");
}

#[tokio::test]
async fn a_truncated_body_is_a_body_error_and_retried_for_get() {
    let server = Server::start(|i, _| match i {
        0 => Action::Truncate(100, b"[{\"id\":".to_vec()),
        _ => Action::json(200, "[]"),
    })
    .await;
    client(&server, fast())
        .list_applications()
        .send()
        .await
        .expect("second attempt succeeds");
    assert_eq!(server.requests().len(), 2);

    let server = Server::start(|_, _| Action::Truncate(100, b"[{\"id\":".to_vec())).await;
    let error = client(&server, RetryPolicy::none())
        .list_applications()
        .send()
        .await
        .expect_err("truncated");
    assert!(
        matches!(&error, Error::Body(body) if body.kind == okta_apps::BodyErrorKind::Interrupted),
        "expected Error::Body (interrupted), got {error:?}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_timeout() {
    let server = Server::start(|_, _| Action::Hang).await;
    let client = Client::builder(server.url())
        .allow_http(true)
        .api_token("t")
        .timeout(Duration::from_millis(300))
        .retry_policy(fast())
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client
        .list_applications()
        .send()
        .await
        .expect_err("no answer");
    assert!(
        matches!(
            &error,
            Error::Timeout {
                source: Some(_),
                ..
            }
        ),
        "expected the request timeout, got {error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        server.requests().len(),
        1,
        "a timed-out request is not sent again"
    );
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let server = Server::start(|_, _| Action::Hang).await;
    let policy = fast().with_deadline(Some(Duration::from_millis(400)));
    let started = Instant::now();
    let error = client(&server, policy)
        .list_applications()
        .send()
        .await
        .expect_err("no answer");
    let elapsed = started.elapsed();
    let Error::Timeout {
        elapsed: reported,
        source,
    } = &error
    else {
        panic!("expected Error::Timeout, got {error:?}")
    };
    assert!(
        source.is_none(),
        "the deadline fired, not the 10 s request timeout"
    );
    assert!(*reported >= Duration::from_millis(400));
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[tokio::test]
async fn every_response_exposes_its_metadata() {
    let server = Server::start(|_, _| {
        Action::json(200, "[]")
            .with_header("x-okta-request-id", "req-42")
            .with_header("x-rate-limit-limit", "600")
            .with_header("x-rate-limit-remaining", "599")
            .with_header("x-rate-limit-reset", "1700000000")
    })
    .await;
    let response = client(&server, fast())
        .list_applications()
        .send_with_metadata()
        .await
        .expect("200");
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-42"));
    let limit = response.rate_limit().expect("all three headers");
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (600, 599, 1_700_000_000)
    );
    assert_eq!(response.headers()["x-rate-limit-remaining"], "599");
}
