//! The public API as a user writes it: each test compiles only if the ergonomic point
//! holds, and runs it against a loopback server.

use std::time::Duration;

use futures_util::TryStreamExt;
use okta_apps::models::{
    Application, ApplicationBase, ApplicationCommon, ApplicationLifecycleStatus,
    ApplicationSignOnMode, AutoLoginApplication, BasicAuthApplication, BookmarkApplication,
    BrowserPluginApplication, OAuthGrantType, OpenIdConnectApplication,
    OpenIdConnectApplicationSettings, OpenIdConnectApplicationSettingsClient, OtherApplication,
    SamlApplication, SecurePasswordStoreApplication, WsFederationApplication,
};
use okta_apps::reqwest::Method;
use okta_apps::{Client, Error, Json, RetryPolicy};
use okta_apps_tests::server::{Action, Server};

fn client(server: &Server) -> Client {
    Client::builder(server.url())
        .allow_http(true)
        .api_token("t")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
}

const OIDC_APP: &str = r#"{"id":"0oa1","name":"oidc_client","label":"Web","signOnMode":"OPENID_CONNECT","status":"ACTIVE","credentials":{"oauthClient":{"client_id":"0oa1","client_secret":"the-secret"}}}"#;

#[tokio::test]
async fn a_request_future_can_be_spawned() {
    let server = Server::start(|_, _| Action::json(200, OIDC_APP)).await;
    let client = client(&server);
    // The builder owns a handle to the client: the future is Send + 'static.
    let task = tokio::spawn(client.get_application("0oa1").send());
    drop(client);
    let app = task.await.expect("joined").expect("200");
    assert_eq!(app.id(), Some("0oa1"));
}

#[tokio::test]
async fn a_variant_is_taken_wherever_an_application_is_and_its_secret_read_back() {
    let server = Server::start(|_, _| Action::json(200, OIDC_APP)).await;
    let oidc = OpenIdConnectApplication::new()
        .with_label("Web")
        .with_settings(
            OpenIdConnectApplicationSettings::new().with_oauth_client(
                // Iterable setters: arrays of &str and of enum values alike.
                OpenIdConnectApplicationSettingsClient::new()
                    .with_redirect_uris(["https://app.example.com/callback"])
                    .with_grant_types([OAuthGrantType::AuthorizationCode])
                    .with_response_types(Vec::<okta_apps::models::OAuthResponseType>::new()),
            ),
        );
    let created = client(&server)
        .create_application(oidc)
        .send()
        .await
        .expect("created");
    let secret = created
        .as_open_id_connect()
        .and_then(|app| app.credentials.as_ref())
        .and_then(|c| c.oauth_client.as_ref())
        .and_then(|c| c.client_secret.as_ref())
        .expect("a client secret");
    assert_eq!(secret.expose(), "the-secret");
    assert!(!format!("{created:?}").contains("the-secret"));
    let sent = server.requests()[0].json();
    assert_eq!(
        sent["settings"]["oauthClient"]["redirect_uris"],
        serde_json::json!(["https://app.example.com/callback"])
    );
    let oidc: OpenIdConnectApplication = created.try_into().expect("an OIDC app");
    assert_eq!(oidc.base.label.as_deref(), Some("Web"));
}

/// A known variant's mode is a plain field, never an `Option`: the type itself is the
/// proof (this would not compile if it were one), `new()` presets it where one tag
/// selects the variant, and only the fallback may come without a mode.
#[test]
fn a_known_variant_always_knows_its_sign_on_mode() {
    let known: [(Application, ApplicationSignOnMode); 9] = [
        (
            AutoLoginApplication::new().into(),
            ApplicationSignOnMode::AutoLogin,
        ),
        (
            BasicAuthApplication::new().into(),
            ApplicationSignOnMode::BasicAuth,
        ),
        (
            BookmarkApplication::new().into(),
            ApplicationSignOnMode::Bookmark,
        ),
        (
            BrowserPluginApplication::new().into(),
            ApplicationSignOnMode::BrowserPlugin,
        ),
        (
            OpenIdConnectApplication::new().into(),
            ApplicationSignOnMode::OpenIdConnect,
        ),
        (
            SamlApplication::new(ApplicationSignOnMode::Saml11).into(),
            ApplicationSignOnMode::Saml11,
        ),
        (
            SamlApplication::new(ApplicationSignOnMode::Saml20).into(),
            ApplicationSignOnMode::Saml20,
        ),
        (
            SecurePasswordStoreApplication::new().into(),
            ApplicationSignOnMode::SecurePasswordStore,
        ),
        (
            WsFederationApplication::new().into(),
            ApplicationSignOnMode::WsFederation,
        ),
    ];
    for (app, mode) in known {
        assert_eq!(app.sign_on_mode(), Some(&mode));
        // What the variant sends selects the same variant again.
        let text = serde_json::to_string(&app).expect("encodes");
        let back: Application = serde_json::from_str(&text).expect("decodes");
        assert_eq!(back, app, "{text}");
    }
    let saml = SamlApplication::new(ApplicationSignOnMode::Saml20);
    let mode: &ApplicationSignOnMode = &saml.sign_on_mode;
    assert_eq!(mode, &ApplicationSignOnMode::Saml20);
    let untagged: Application = OtherApplication::new().with_label("No mode").into();
    assert_eq!(untagged.sign_on_mode(), None);
    assert_eq!(untagged.label(), Some("No mode"));
}

/// The common fields are one `ApplicationBase`, reached the same way from the union
/// and from every struct, so generic code can take any of them.
#[test]
fn every_application_struct_shares_one_base() {
    fn rename<A: ApplicationCommon>(app: A, label: &str) -> A {
        app.with_label(label)
            .with_status(ApplicationLifecycleStatus::Active)
    }
    let saml = rename(SamlApplication::new(ApplicationSignOnMode::Saml20), "S");
    let union = rename(Application::from(BookmarkApplication::new()), "B");
    let other = rename(OtherApplication::new(), "O");
    for (base, label) in [(saml.base(), "S"), (union.base(), "B"), (other.base(), "O")] {
        let expected = ApplicationBase::new()
            .with_label(label)
            .with_status(ApplicationLifecycleStatus::Active);
        assert_eq!(base, &expected);
    }
    assert_eq!(saml.base.label.as_deref(), Some("S"));
}

#[test]
fn a_common_field_is_set_on_the_union_without_a_match() {
    let mut app: Application = BookmarkApplication::new().with_label("Old").into();
    app.base_mut().label = Some("New".to_owned());
    let app = app.with_status(ApplicationLifecycleStatus::Inactive);
    assert_eq!(app.label(), Some("New"));
    assert_eq!(app.status(), Some(&ApplicationLifecycleStatus::Inactive));
    assert_eq!(app.sign_on_mode(), Some(&ApplicationSignOnMode::Bookmark));
    assert!(app.as_bookmark().is_some() && app.as_saml().is_none());
    let app = app.into_saml().expect_err("not SAML");
    assert!(SamlApplication::try_from(app).is_err());
}

#[test]
fn open_enums_never_hold_a_known_value_as_unknown() {
    assert_eq!(
        ApplicationSignOnMode::from("BOOKMARK"),
        ApplicationSignOnMode::Bookmark
    );
    let future = ApplicationSignOnMode::from("FUTURE_MODE");
    let ApplicationSignOnMode::Unrecognized(value) = &future else {
        panic!("{future:?}")
    };
    assert_eq!(value.as_str(), "FUTURE_MODE");
    assert_eq!(future.as_str(), "FUTURE_MODE");
    assert!(ApplicationSignOnMode::values().contains(&"OPENID_CONNECT"));
    assert_eq!(
        ApplicationSignOnMode::from("OPENID_CONNECT"),
        ApplicationSignOnMode::OpenIdConnect
    );
}

#[tokio::test]
async fn the_raw_request_reaches_any_endpoint_with_the_clients_machinery() {
    let server = Server::start(|i, request| match (i, request.path()) {
        (0, "/api/v1/users") => Action::json(200, r#"[{"id":"00u1"}]"#)
            .with_header("Link", r#"</api/v1/users?after=00u1>; rel="next""#),
        (_, "/api/v1/users") => Action::json(200, r#"[{"id":"00u2"}]"#),
        _ => Action::json(
            404,
            r#"{"errorCode":"E0000007","errorSummary":"Not found"}"#,
        ),
    })
    .await;
    let client = client(&server);
    let users: Vec<Json> = client
        .request(Method::GET, "/api/v1/users")
        .query("limit", 1)
        .header("X-Trace", "abc")
        .items()
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(users.len(), 2);
    let requests = server.requests();
    assert_eq!(requests[0].target, "/api/v1/users?limit=1");
    assert_eq!(requests[0].header("authorization"), Some("SSWS t"));
    assert_eq!(requests[0].header("x-trace"), Some("abc"));
    assert_eq!(requests[1].target, "/api/v1/users?after=00u1");

    let error = client
        .request(Method::GET, "/api/v1/groups")
        .send::<Json>()
        .await
        .expect_err("404");
    assert!(error.is_not_found() && !error.is_transient(), "{error:?}");
    for bad in [
        "api/v1/users",
        "/api/v1/users?x=1",
        "/api/../v1",
        "//elsewhere/x",
    ] {
        let error = client
            .request(Method::GET, bad)
            .send::<Json>()
            .await
            .expect_err(bad);
        assert!(matches!(error, Error::InvalidInput(_)), "{bad}: {error:?}");
    }
    assert_eq!(server.request_count(), 3, "refused paths were sent nowhere");
}

/// `send_text` gives a text answer as it came, asks for the media type the caller
/// names, and refuses a body that is not UTF-8 with a decode error, not a lossy string.
#[tokio::test]
async fn the_raw_request_reads_a_text_answer_and_refuses_one_that_is_not_utf8() {
    let page = "<html><body>Grüße</body></html>";
    let server = Server::start(move |i, _| match i {
        0 => Action::Respond(
            200,
            vec![("Content-Type".into(), "text/html".into())],
            page.into(),
        ),
        _ => Action::Respond(
            200,
            vec![("Content-Type".into(), "text/html".into())],
            b"<html>\xff\xfe</html>".to_vec(),
        ),
    })
    .await;
    let client = client(&server);
    let preview = |client: &Client| {
        client
            .request(Method::POST, "/api/v1/brands/bnd1/pages/error/preview")
            .header("Accept", "text/html")
            .send_text()
    };
    let answer = preview(&client).await.expect("a text answer");
    assert_eq!(answer.body(), page);
    assert_eq!(server.requests()[0].header("accept"), Some("text/html"));

    let error = preview(&client).await.expect_err("not UTF-8");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert!(decode.message.contains("not UTF-8"), "{decode:?}");
}

#[tokio::test]
async fn every_builder_takes_extra_headers_and_a_timeout_of_its_own() {
    let server = Server::start(|i, _| match i {
        0 => Action::json(200, OIDC_APP),
        _ => Action::Delayed(
            Duration::from_secs(5),
            Box::new(Action::json(200, OIDC_APP)),
        ),
    })
    .await;
    let client = client(&server);
    client
        .get_application("0oa1")
        .header("X-Request-Tag", "nightly-sync")
        .send()
        .await
        .expect("200");
    assert_eq!(
        server.requests()[0].header("x-request-tag"),
        Some("nightly-sync")
    );
    let error = client
        .get_application("0oa1")
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .expect_err("slow");
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn responses_map_and_come_apart() {
    let server =
        Server::start(|_, _| Action::json(200, OIDC_APP).with_header("X-Okta-Request-Id", "r1"))
            .await;
    let response = client(&server)
        .get_application("0oa1")
        .send_with_metadata()
        .await
        .expect("200");
    let label = response.map(|app| app.label().map(str::to_owned));
    assert_eq!(label.request_id(), Some("r1"));
    let (status, headers, label) = label.into_parts();
    assert_eq!((status.as_u16(), label.as_deref()), (200, Some("Web")));
    assert!(headers.contains_key("x-okta-request-id"));
}
