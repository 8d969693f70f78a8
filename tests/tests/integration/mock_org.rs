//! The mock org of feature `test-util` (`okta_apps::mock`), attacked from the
//! user's side: typed answers read back by the client, pages through `Link`, a
//! 429 retried, error answers as the client's typed errors, matchers that must
//! not match, and verification that names what went wrong.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use futures_util::TryStreamExt;
use okta_apps::mock::{MockOrg, MOCK_API_TOKEN};
use okta_apps::models::{
    AppUser, Application, ApplicationCommon, ApplicationSignOnMode, BookmarkApplication,
    SamlApplication,
};
use okta_apps::{Error, OktaErrorBody};

fn bookmark(id: &str, label: &str) -> BookmarkApplication {
    BookmarkApplication::new().with_id(id).with_label(label)
}

#[tokio::test]
async fn a_returned_app_is_read_back_by_the_client_as_the_same_model() {
    let mock = MockOrg::start().await;
    mock.expect_get_application("0oa1")
        .returns(bookmark("0oa1", "Wiki"));

    let app = mock
        .client()
        .get_application("0oa1")
        .send()
        .await
        .expect("app");
    assert_eq!(app.label(), Some("Wiki"));
    assert_eq!(
        app.as_bookmark().and_then(|b| b.base.id.as_deref()),
        Some("0oa1"),
        "the variant survives the round trip: {app:?}"
    );
    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/api/v1/apps/0oa1");
    assert_eq!(requests[0].operation_id, Some("getApplication"));
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("SSWS {MOCK_API_TOKEN}").as_str())
    );
    mock.verify();
}

#[tokio::test]
async fn pages_are_linked_and_items_reads_every_one() {
    let mock = MockOrg::start().await;
    mock.expect_list_applications()
        .with_limit(2)
        .returns_pages([
            vec![bookmark("0oa1", "One"), bookmark("0oa2", "Two")],
            vec![bookmark("0oa3", "Three"), bookmark("0oa4", "Four")],
            vec![bookmark("0oa5", "Five")],
        ]);

    let apps: Vec<Application> = mock
        .client()
        .list_applications()
        .limit(2)
        .items()
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<_> = apps.iter().filter_map(Application::id).collect();
    assert_eq!(ids, ["0oa1", "0oa2", "0oa3", "0oa4", "0oa5"]);

    let requests = mock.requests();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    assert_eq!(requests[0].query("limit"), Some("2"));
    assert!(requests[1].query("after").is_some(), "{requests:#?}");
    assert_ne!(requests[1].query("after"), requests[2].query("after"));
    mock.verify();
}

#[tokio::test]
async fn two_lists_of_the_same_operation_keep_their_own_pages() {
    let mock = MockOrg::start().await;
    mock.expect_list_applications()
        .with_q("a")
        .returns_pages([vec![bookmark("0oaA1", "A1")], vec![bookmark("0oaA2", "A2")]]);
    mock.expect_list_applications()
        .with_q("b")
        .returns_pages([vec![bookmark("0oaB1", "B1")], vec![bookmark("0oaB2", "B2")]]);
    let client = mock.client();
    let b: Vec<Application> = client
        .list_applications()
        .q("b")
        .items()
        .try_collect()
        .await
        .expect("b");
    let a: Vec<Application> = client
        .list_applications()
        .q("a")
        .items()
        .try_collect()
        .await
        .expect("a");
    let ids = |apps: &[Application]| {
        apps.iter()
            .filter_map(|a| a.id().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ["0oaA1", "0oaA2"]);
    assert_eq!(ids(&b), ["0oaB1", "0oaB2"]);
    mock.verify();
}

#[tokio::test]
async fn a_rate_limit_is_retried_by_the_client_and_then_answered() {
    let mock = MockOrg::start().await;
    mock.expect_get_application("0oa1")
        .rate_limited(Duration::from_secs(30));
    mock.expect_get_application("0oa1")
        .returns(bookmark("0oa1", "Wiki"));

    let started = std::time::Instant::now();
    let app = mock
        .client()
        .get_application("0oa1")
        .send()
        .await
        .expect("after the retry");
    assert_eq!(app.label(), Some("Wiki"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the mock client cuts the 30 s wait: {:?}",
        started.elapsed()
    );
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("x-okta-retry-count"), None);
    assert_eq!(requests[1].header("x-okta-retry-count"), Some("1"));
    assert_eq!(
        requests[1].header("x-okta-retry-for"),
        Some("mock-request-1"),
        "the retry names the request id of the 429"
    );
    mock.verify();
}

#[tokio::test]
async fn rate_limits_past_the_retries_are_the_clients_rate_limit_error() {
    let mock = MockOrg::start().await;
    // The default policy retries twice: three 429s exhaust it.
    mock.expect_deactivate_application("0oa1")
        .times(3)
        .rate_limited(Duration::from_secs(60));

    let error = mock
        .client()
        .deactivate_application("0oa1")
        .send()
        .await
        .expect_err("rate limited");
    assert!(error.is_rate_limited(), "{error}");
    let limit = error.rate_limit().expect("X-Rate-Limit-* headers");
    assert_eq!((limit.limit, limit.remaining), (600, 0));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    assert!((now + 50..=now + 61).contains(&limit.reset), "{limit:?}");
    match &error {
        Error::Api(api) => assert_eq!(api.error_code(), Some("E0000047")),
        other => panic!("not an API error: {other:?}"),
    }
    mock.verify();
}

#[tokio::test]
async fn an_error_answer_is_the_clients_typed_error() {
    let mock = MockOrg::start().await;
    mock.expect_get_application_user("0oa1", "00u9")
        .returns_error(
            404,
            OktaErrorBody::new("E0000007", "Not found: Resource not found: 00u9 (AppUser)")
                .with_cause("no such user"),
        );

    let error = mock
        .client()
        .get_application_user("0oa1", "00u9")
        .send()
        .await
        .expect_err("404");
    assert!(error.is_not_found(), "{error}");
    let Error::Api(api) = &error else {
        panic!("not an API error: {error:?}");
    };
    assert_eq!(api.error_code(), Some("E0000007"));
    assert_eq!(
        api.error_summary(),
        Some("Not found: Resource not found: 00u9 (AppUser)")
    );
    assert_eq!(api.error_causes().len(), 1);
    assert_eq!(api.request_id.as_deref(), Some("mock-request-1"));
    mock.verify();
}

#[tokio::test]
async fn an_unmet_expectation_is_reported_by_operation_and_arguments() {
    let mock = MockOrg::start().await;
    mock.expect_get_application("0oa1")
        .returns(bookmark("0oa1", "Wiki"));
    mock.expect_delete_application_user("0oa1", "00u2")
        .returns();
    mock.expect_list_application_users("0oa1")
        .with_q("jane")
        .times(2)
        .returns([AppUser::new().with_id("00u3")]);
    let client = mock.client();
    client.get_application("0oa1").send().await.expect("app");
    client
        .list_application_users("0oa1")
        .q("jane")
        .send()
        .await
        .expect("users");

    let error = mock.try_verify().expect_err("two expectations unmet");
    let unmet: Vec<_> = error
        .unmet
        .iter()
        .map(|u| {
            (
                u.operation_id,
                u.description.as_str(),
                u.expected,
                u.received,
            )
        })
        .collect();
    assert_eq!(
        unmet,
        [
            (
                "deleteApplicationUser",
                r#"deleteApplicationUser(appId = "0oa1", userId = "00u2")"#,
                1,
                0
            ),
            (
                "listApplicationUsers",
                r#"listApplicationUsers(appId = "0oa1") with query q = "jane""#,
                2,
                1
            ),
        ]
    );
    assert!(error.unexpected.is_empty());
    assert_eq!(
        error.to_string(),
        "the mock org's expectations were not met:\n  \
         - expected deleteApplicationUser(appId = \"0oa1\", userId = \"00u2\") once, received 0 times\n  \
         - expected listApplicationUsers(appId = \"0oa1\") with query q = \"jane\" 2 times, received once"
    );
}

#[tokio::test]
async fn verify_panics_with_the_unmet_expectation() {
    let mock = MockOrg::start().await;
    mock.expect_activate_application("0oa7").returns();
    let panic = catch_unwind(AssertUnwindSafe(|| mock.verify())).expect_err("verify panics");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains(r#"expected activateApplication(appId = "0oa7") once, received 0 times"#),
        "{message}"
    );
}

#[test]
fn dropping_an_unverified_org_with_an_unmet_expectation_panics_naming_it() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mock = runtime.block_on(MockOrg::start());
    mock.expect_revoke_oauth2_token_for_application("0oa1", "oar9")
        .returns();
    let panic = catch_unwind(AssertUnwindSafe(move || drop(mock))).expect_err("drop panics");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains(r#"revokeOAuth2TokenForApplication(appId = "0oa1", tokenId = "oar9")"#)
            && message.contains("dropped without verify()"),
        "{message}"
    );
    // A met org drops quietly.
    let mock = runtime.block_on(MockOrg::start());
    drop(mock);
}

#[tokio::test]
async fn an_unexpected_request_is_answered_404_naming_it_and_reported() {
    let mock = MockOrg::start().await;
    mock.expect_get_application("0oa1")
        .returns(bookmark("0oa1", "Wiki"));

    let error = mock
        .client()
        .get_application("0oa2")
        .expand("user/00u1")
        .send()
        .await
        .expect_err("not expected");
    assert!(error.is_not_found(), "{error}");
    let Error::Api(api) = &error else {
        panic!("not an API error: {error:?}");
    };
    assert_eq!(api.error_code(), Some("E0000007"));
    let summary = api.error_summary().unwrap_or_default();
    assert!(
        summary.contains(
            r#"GET /api/v1/apps/0oa2?expand=user%2F00u1 (getApplication(appId = "0oa2"))"#
        ),
        "{summary}"
    );

    let unexpected = mock.unexpected_requests();
    assert_eq!(unexpected.len(), 1);
    assert_eq!(unexpected[0].operation_id, Some("getApplication"));
    let report = mock
        .try_verify()
        .expect_err("unmet and unexpected")
        .to_string();
    assert_eq!(
        report,
        "the mock org's expectations were not met:\n  \
         - expected getApplication(appId = \"0oa1\") once, received 0 times\n  \
         - unexpected request GET /api/v1/apps/0oa2?expand=user%2F00u1 (getApplication(appId = \"0oa2\")), answered 404"
    );
}

#[tokio::test]
async fn query_header_and_body_matchers_must_all_hold() {
    let mock = MockOrg::start().await;
    let wanted = SamlApplication::new(ApplicationSignOnMode::Saml20).with_label("Payroll");
    mock.expect_create_application()
        .with_activate(false)
        .with_okta_access_gateway_agent("agent-1")
        .with_body(wanted.clone())
        .returns(wanted.clone().with_id("0oaNEW"));
    let client = mock.client();

    // Wrong query, then wrong body: neither matches.
    let error = client
        .create_application(wanted.clone())
        .activate(true)
        .okta_access_gateway_agent("agent-1")
        .send()
        .await
        .expect_err("activate=true");
    assert!(error.is_not_found());
    let error = client
        .create_application(wanted.clone().with_label("Other"))
        .activate(false)
        .okta_access_gateway_agent("agent-1")
        .send()
        .await
        .expect_err("another body");
    assert!(error.is_not_found());

    let created = client
        .create_application(wanted)
        .activate(false)
        .okta_access_gateway_agent("agent-1")
        .send()
        .await
        .expect("all three match");
    assert_eq!(created.id(), Some("0oaNEW"));
    let sent: Application = mock.requests()[2].json().expect("the body as a model");
    assert_eq!(sent.label(), Some("Payroll"));
    let unexpected = mock.unexpected_requests();
    assert_eq!(unexpected.len(), 2);
    mock.try_verify().expect_err("two unexpected requests");
}

#[tokio::test]
async fn expectations_answer_in_the_order_made_and_times_counts() {
    let mock = MockOrg::start().await;
    mock.expect_get_application("0oa1")
        .times(2)
        .returns(bookmark("0oa1", "First"));
    mock.expect_get_application("0oa1")
        .returns(bookmark("0oa1", "Then"));
    let client = mock.client();
    let mut labels = Vec::new();
    for _ in 0..3 {
        let app = client.get_application("0oa1").send().await.expect("app");
        labels.push(app.label().unwrap_or_default().to_owned());
    }
    assert_eq!(labels, ["First", "First", "Then"]);
    // A fourth is beyond every expectation.
    assert!(client
        .get_application("0oa1")
        .send()
        .await
        .expect_err("used up")
        .is_not_found());
    let error = mock.try_verify().expect_err("one unexpected");
    assert!(error.unmet.is_empty());
    assert_eq!(error.unexpected.len(), 1);
}

#[tokio::test]
async fn path_parameters_are_matched_encoded_as_the_client_sends_them() {
    let mock = MockOrg::start().await;
    mock.expect_get_application("0oa/1 x")
        .returns(bookmark("0oa/1 x", "Odd"));
    let app = mock
        .client()
        .get_application("0oa/1 x")
        .send()
        .await
        .expect("app");
    assert_eq!(app.label(), Some("Odd"));
    assert_eq!(mock.requests()[0].path, "/api/v1/apps/0oa%2F1%20x");
    mock.verify();
}

#[tokio::test]
async fn raw_answers_reach_the_client_as_they_are() {
    let mock = MockOrg::start().await;
    mock.expect_list_application_keys("0oa1")
        .returns_raw(200, r#"[{"kid":"k1"},7,{"kid":8}]"#);
    let keys = mock
        .client()
        .list_application_keys("0oa1")
        .send()
        .await
        .expect("a list with one bad item");
    let found = okta_apps::Mismatches::mismatches(&keys);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].path(), found[0].received()),
        ("[2].kid", Some("8"))
    );
    let (good, bad) = keys.into_parts();
    assert_eq!(
        good.len(),
        2,
        "a key whose kid is a number is kept, its kid aside"
    );
    assert_eq!(
        bad.len(),
        1,
        "the item that is not a key is kept as an error"
    );
    mock.verify();
}

#[tokio::test]
async fn a_request_debug_never_shows_the_token_or_the_body() {
    let mock = MockOrg::start().await;
    mock.expect_update_application("0oa1")
        .returns(bookmark("0oa1", "x"));
    mock.client()
        .update_application("0oa1", bookmark("0oa1", "x"))
        .send()
        .await
        .expect("updated");
    let shown = format!("{:?}", mock.requests());
    assert!(!shown.contains(MOCK_API_TOKEN), "{shown}");
    assert!(
        shown.contains("<redacted>") && shown.contains("bytes>"),
        "{shown}"
    );
    mock.verify();
}

#[tokio::test]
async fn the_server_stops_when_the_org_is_dropped() {
    let mock = MockOrg::start().await;
    let url = mock.url();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let address = url.trim_start_matches("http://").to_owned();
    assert!(tokio::net::TcpStream::connect(&address).await.is_ok());
    mock.verify();
    drop(mock);
    // The abort lands at the task's next poll.
    let mut refused = false;
    for _ in 0..50 {
        tokio::task::yield_now().await;
        if tokio::net::TcpStream::connect(&address).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "still listening on {address}");
}

#[tokio::test]
async fn an_unexpected_request_is_named_by_the_operation_whose_template_fits() {
    let mock = MockOrg::start().await;
    let client = mock.client();
    client
        .get_default_provisioning_connection_for_application("0oa1")
        .send()
        .await
        .expect_err("not expected");
    client
        .request(okta_apps::reqwest::Method::GET, "/api/v1/groups")
        .send::<okta_apps::Json>()
        .await
        .expect_err("not an operation of this crate");
    let unexpected = mock.unexpected_requests();
    assert_eq!(
        unexpected
            .iter()
            .map(|r| (r.operation_id, r.to_string()))
            .collect::<Vec<_>>(),
        [
            (
                Some("getDefaultProvisioningConnectionForApplication"),
                r#"GET /api/v1/apps/0oa1/connections/default (getDefaultProvisioningConnectionForApplication(appId = "0oa1"))"#
                    .to_owned()
            ),
            (None, "GET /api/v1/groups".to_owned()),
        ]
    );
    assert_eq!(mock.try_verify().expect_err("two").unexpected.len(), 2);
}

#[tokio::test]
async fn an_expectation_the_client_could_never_meet_says_why() {
    let mock = MockOrg::start().await;
    mock.expect_get_application("..")
        .returns(bookmark("x", "x"));
    // The client refuses the path parameter before sending anything.
    mock.client()
        .get_application("..")
        .send()
        .await
        .expect_err("refused");
    let error = mock.try_verify().expect_err("never met");
    assert_eq!(
        error.unmet[0].description,
        r#"getApplication(appId = "..") (a path parameter the client refuses to send)"#
    );
    assert!(error.unexpected.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_unmet_body_matcher_is_shown_without_its_secrets() {
    use okta_apps::models::{
        ApplicationCredentialsOAuthClient, OAuthApplicationCredentials, OpenIdConnectApplication,
    };
    let mock = MockOrg::start().await;
    let app = OpenIdConnectApplication::new()
        .with_label("Portal")
        .with_credentials(OAuthApplicationCredentials::new().with_oauth_client(
            ApplicationCredentialsOAuthClient::new().with_client_secret("s3cr3t-value"),
        ));
    mock.expect_create_application()
        .with_body(app)
        .returns(bookmark("0oa1", "x"));
    let error = mock.try_verify().expect_err("unmet");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("Portal"), "{shown}");
    assert!(!shown.contains("s3cr3t-value"), "{shown}");
}
