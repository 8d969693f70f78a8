//! Bodies and headers a hostile server sends: endless, slow, cut off, with odd
//! retry headers; and header parameters a careless caller passes. Memory stays
//! bounded, retries stay bounded and honour the server, and nothing is lost.

use std::time::{Duration, Instant};

use okta_apps::models::ApplicationCommon;
use okta_apps::{BodyErrorKind, Client, Error, RetryPolicy};
use okta_apps_tests::server::{Action, Endless, Framing, Server};

fn builder(url: &str) -> okta_apps::ClientBuilder {
    Client::builder(url).allow_http(true).api_token("t")
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(2))
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit_in_every_framing_and_is_not_read_again() {
    for framing in [
        Framing::Chunked,
        Framing::CloseDelimited,
        Framing::ContentLength,
    ] {
        let server =
            Server::start(move |_, _| Action::endless(b"[{\"id\":\"0oa1\"},", framing)).await;
        let client = builder(&server.url())
            .max_response_size(1 << 20)
            .retry_policy(fast_retries())
            .build()
            .expect("client");
        let started = Instant::now();
        let error = client
            .list_applications()
            .send()
            .await
            .expect_err("too large");
        let Error::Body(body) = &error else {
            panic!("{framing:?}: {error:?}");
        };
        assert_eq!(
            body.kind,
            BodyErrorKind::TooLarge { limit: 1 << 20 },
            "{framing:?}"
        );
        assert_eq!(body.status.as_u16(), 200);
        let shown = error.to_string();
        assert!(
            shown.contains("1048576 bytes") && shown.contains("max_response_size"),
            "the error says the limit and how to raise it: {shown}"
        );
        assert_eq!(
            server.request_count(),
            1,
            "{framing:?}: a too-large body is not retried"
        );
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{framing:?}: stopped early"
        );
        // The client hung up: the server's endless writer sees the connection go.
        let hung_up = Instant::now();
        while server.open_connections() > 0 && hung_up.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(
            server.open_connections(),
            0,
            "{framing:?}: the connection was dropped"
        );
    }
}

#[tokio::test]
async fn the_default_limit_also_stops_an_endless_body() {
    let server = Server::start(|_, _| Action::endless(b"[1,", Framing::Chunked)).await;
    let client = builder(&server.url()).build().expect("client");
    let error = client
        .list_applications()
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(&error, Error::Body(b) if b.kind == BodyErrorKind::TooLarge { limit: 32 << 20 }),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_endless_error_body_is_read_only_as_far_as_the_error_needs() {
    let server = Server::start(|_, _| {
        let mut endless = Endless::new(b"<html>overloaded</html>", Framing::Chunked);
        endless.status = 503;
        Action::Endless(endless)
    })
    .await;
    let client = builder(&server.url())
        .retry_policy(fast_retries())
        .build()
        .expect("client");
    let error = client.list_applications().send().await.expect_err("503");
    let Error::Api(api) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(api.status.as_u16(), 503);
    assert!(api
        .raw_snippet
        .as_deref()
        .is_some_and(|s| s.starts_with("<html>overloaded")));
    assert_eq!(
        server.request_count(),
        3,
        "503 is retried, within the policy's two retries"
    );
}

#[tokio::test]
async fn a_slow_body_ends_in_a_timeout_not_a_hang() {
    let server = Server::start(|_, _| {
        Action::drip(
            &[b' '; 4096],
            1,
            Duration::from_millis(20),
            Framing::ContentLength,
        )
    })
    .await;
    let client = builder(&server.url())
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let error = client
        .get_application("0oa1")
        .send()
        .await
        .expect_err("slow");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn a_retry_after_a_cut_body_names_the_request_it_retries() {
    let server = Server::start(|i, _| match i {
        0 => Action::Reset {
            status: 200,
            headers: vec![("X-Okta-Request-Id".into(), "req-cut".into())],
            declared: 1000,
            sent: b"[{\"id\":".to_vec(),
        },
        _ => Action::json(200, "[]"),
    })
    .await;
    let client = builder(&server.url())
        .retry_policy(fast_retries())
        .build()
        .expect("client");
    client
        .list_applications()
        .send()
        .await
        .expect("the retry succeeds");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("x-okta-retry-for"), Some("req-cut"));
    assert_eq!(requests[1].header("x-okta-retry-count"), Some("1"));

    // Without retries the error keeps the cut response's metadata.
    let server = Server::start(|_, _| Action::Reset {
        status: 200,
        headers: vec![
            ("X-Okta-Request-Id".into(), "req-cut".into()),
            ("X-Rate-Limit-Limit".into(), "600".into()),
            ("X-Rate-Limit-Remaining".into(), "599".into()),
            ("X-Rate-Limit-Reset".into(), "1700000000".into()),
        ],
        declared: 1000,
        sent: b"[".to_vec(),
    })
    .await;
    let error = builder(&server.url())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
        .list_applications()
        .send()
        .await
        .expect_err("cut");
    assert!(
        matches!(&error, Error::Body(b) if b.kind == BodyErrorKind::Interrupted),
        "{error:?}"
    );
    assert_eq!(error.request_id(), Some("req-cut"));
    assert_eq!(error.rate_limit().map(|r| r.remaining), Some(599));
}

async fn time_to_second_request(first: Action, policy: RetryPolicy) -> Duration {
    let server = Server::start(move |i, _| match i {
        0 => first.clone(),
        _ => Action::json(200, "[]"),
    })
    .await;
    let client = builder(&server.url())
        .retry_policy(policy)
        .build()
        .expect("client");
    let started = Instant::now();
    client
        .list_applications()
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(server.request_count(), 2);
    started.elapsed()
}

#[tokio::test]
async fn retry_after_is_honoured_on_503_and_on_429_without_a_reset_header() {
    for status in [503, 429] {
        let first = Action::json(status, "{}").with_header("Retry-After", "1");
        let waited = time_to_second_request(first, fast_retries()).await;
        assert!(
            waited >= Duration::from_millis(950),
            "{status}: waited {waited:?}"
        );
    }
    // An HTTP date, against the response's own Date.
    let first = Action::json(503, "{}")
        .with_header("Date", "Sun, 06 Nov 1994 08:49:37 GMT")
        .with_header("Retry-After", "Sun, 06 Nov 1994 08:49:38 GMT");
    let waited = time_to_second_request(first, fast_retries()).await;
    assert!(
        waited >= Duration::from_millis(950),
        "date form: waited {waited:?}"
    );
    // Capped by the policy: an hour becomes the cap.
    let first = Action::json(503, "{}").with_header("Retry-After", "3600");
    let capped = fast_retries().with_max_rate_limit_wait(Duration::from_millis(200));
    let waited = time_to_second_request(first, capped).await;
    assert!(
        waited < Duration::from_secs(10),
        "capped: waited {waited:?}"
    );
}

#[tokio::test]
async fn a_header_parameter_with_cr_or_lf_is_invalid_input_and_sent_nowhere() {
    let server = Server::start(|_, _| Action::json(200, "{}")).await;
    let client = builder(&server.url()).build().expect("client");
    for value in [
        "agent\r\nX-Injected: 1",
        "agent\nX-Injected: 1",
        "agent\r",
        "a\0b",
    ] {
        let app = okta_apps::models::BookmarkApplication::new().with_label("x");
        let error = client
            .create_application(app)
            .okta_access_gateway_agent(value)
            .send()
            .await
            .expect_err("refused");
        let Error::InvalidInput(message) = &error else {
            panic!("{value:?}: {error:?}");
        };
        assert!(message.contains("OktaAccessGateway-Agent"), "{message}");
        assert!(
            !message.contains("X-Injected"),
            "the value is not echoed: {message}"
        );
    }
    assert_eq!(server.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn rate_limits_and_headers_are_reachable_from_api_and_decode_errors() {
    let server = Server::start(|i, _| {
        let action = match i {
            0 => Action::json(429, r#"{"errorCode":"E0000047","errorSummary":"rate"}"#),
            // Not an object at all: the one kind of contradiction no reader can keep in a model.
            _ => Action::json(200, r#""an app""#),
        };
        action
            .with_header("X-Okta-Request-Id", &format!("req-{i}"))
            .with_header("X-Rate-Limit-Limit", "600")
            .with_header("X-Rate-Limit-Remaining", "0")
            .with_header("X-Rate-Limit-Reset", "1700000000")
    })
    .await;
    let client = builder(&server.url())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let error = client
        .get_application("0oa1")
        .send()
        .await
        .expect_err("429");
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    let limit = api.rate_limit().expect("rate limit");
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (600, 0, 1_700_000_000)
    );
    assert_eq!(error.rate_limit(), Some(limit));

    let error = client
        .get_application("0oa1")
        .send()
        .await
        .expect_err("bad body");
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.rate_limit(), Some(limit));
    assert_eq!(
        decode
            .headers
            .get("x-okta-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("req-1")
    );
    assert_eq!(error.headers().map(|h| h.len()), Some(decode.headers.len()));
}
