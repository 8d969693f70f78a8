//! Errors: Okta's error body, non-JSON error pages, decode errors, and no secrets in output.

use okta_apps::{Client, Error, RetryPolicy};
use okta_apps_tests::server::{Action, Server};

fn client(server: &Server) -> Client {
    Client::builder(server.url())
        .allow_http(true)
        .api_token("00secret-api-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn an_html_502_is_an_api_error_with_the_raw_snippet() {
    let page =
        "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
    let server = Server::start(move |_, _| {
        Action::Respond(
            502,
            vec![
                ("content-type".into(), "text/html".into()),
                ("x-okta-request-id".into(), "gw-1".into()),
            ],
            page.as_bytes().to_vec(),
        )
    })
    .await;
    let error = client(&server)
        .get_application("0oa1")
        .send()
        .await
        .expect_err("502");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api.status, 502);
    assert!(api.body.is_none());
    assert_eq!(api.raw_snippet.as_deref(), Some(page));
    assert_eq!(api.request_id.as_deref(), Some("gw-1"));
    let shown = error.to_string();
    assert!(
        shown.contains("502") && shown.contains("Bad Gateway") && shown.contains("gw-1"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_long_error_page_is_cut_to_a_snippet() {
    let server =
        Server::start(|_, _| Action::Respond(500, vec![], "é".repeat(2000).into_bytes())).await;
    let error = client(&server)
        .get_application("0oa1")
        .send()
        .await
        .expect_err("500");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    let snippet = api.raw_snippet.as_deref().expect("snippet");
    assert!(
        snippet.len() <= 512 && snippet.len() >= 510,
        "{}",
        snippet.len()
    );
    assert!(
        snippet.chars().all(|c| c == 'é'),
        "cut on a character boundary"
    );
}

#[tokio::test]
async fn okta_error_bodies_are_parsed() {
    let body = r#"{"errorCode":"E0000001","errorSummary":"Api validation failed: label","errorLink":"E0000001","errorId":"oaeXyz","errorCauses":[{"errorSummary":"label: The field cannot be left blank"}]}"#;
    let server = Server::start(move |_, _| {
        Action::json(400, body).with_header("x-okta-request-id", "req-400")
    })
    .await;
    let error = client(&server)
        .activate_application("0oa1")
        .send()
        .await
        .expect_err("400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.request_id(), Some("req-400"));
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api.error_code(), Some("E0000001"));
    assert_eq!(api.error_summary(), Some("Api validation failed: label"));
    assert_eq!(api.error_link(), Some("E0000001"));
    assert_eq!(api.error_id(), Some("oaeXyz"));
    assert_eq!(api.error_causes().len(), 1);
    assert_eq!(
        api.error_causes()[0].error_summary.as_deref(),
        Some("label: The field cannot be left blank")
    );
    assert!(api.raw_snippet.is_none());
    assert_eq!(api.headers["x-okta-request-id"], "req-400");
    assert_eq!(
        error.to_string(),
        "Okta answered 400 Bad Request E0000001: Api validation failed: label (request id req-400)"
    );
}

#[tokio::test]
async fn a_body_that_does_not_decode_is_a_decode_error_with_status_path_and_snippet() {
    let server = Server::start(|_, _| {
        Action::json(200, r#"{"id":"0oa1","label":"x""#).with_header("x-okta-request-id", "dec-1")
    })
    .await;
    let error = client(&server)
        .get_application("0oa1")
        .send()
        .await
        .expect_err("truncated JSON");
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.status, 200);
    assert_eq!(decode.snippet, r#"{"id":"0oa1","label":"x""#);
    assert_eq!(decode.request_id.as_deref(), Some("dec-1"));
    assert!(!decode.message.is_empty());
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let server = Server::start(|_, _| {
        Action::json(
            401,
            r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
        )
    })
    .await;
    let client = client(&server);
    let shown = format!("{client:?}");
    assert!(!shown.contains("00secret-api-token"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    let error = client
        .get_application("0oa1")
        .send()
        .await
        .expect_err("401");
    for shown in [format!("{error:?}"), error.to_string()] {
        assert!(!shown.contains("00secret-api-token"), "{shown}");
    }
    let request = &server.requests()[0];
    assert_eq!(
        request.header("authorization"),
        Some("SSWS 00secret-api-token"),
        "the token did reach the server"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Bind then drop a listener: nothing listens on that port any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let client = Client::builder(format!("http://{addr}"))
        .allow_http(true)
        .api_token("t")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let error = client
        .get_application("0oa1")
        .send()
        .await
        .expect_err("refused");
    let Error::Transport(source) = &error else {
        panic!("expected Error::Transport, got {error:?}")
    };
    assert!(source.is_connect(), "{source:?}");
    // The message carries the whole chain of causes, not a bare "error sending request".
    let shown = error.to_string().to_lowercase();
    assert!(
        shown.contains("refused"),
        "the cause is in the message: {shown}"
    );
}
