//! Redirects never take a request, its body or a credential away from the org: not
//! from the API, not from the token endpoint, not with an injected HTTP client.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use okta_apps::models::BookmarkApplicationSettingsApplication;
use okta_apps::models::{
    Application, ApplicationCommon, BookmarkApplication, BookmarkApplicationSettings,
};
use okta_apps::{Client, Error, PrivateKey, RetryPolicy};
use okta_apps_tests::server::{Action, Server};

const TOKEN: &str = "00redirect-test-api-token";

fn client(url: &str) -> Client {
    Client::builder(url)
        .allow_http(true)
        .api_token(TOKEN)
        .build()
        .expect("client")
}

fn bookmark() -> Application {
    BookmarkApplication::new()
        .with_label("Intranet")
        .with_settings(BookmarkApplicationSettings::new().with_app(
            BookmarkApplicationSettingsApplication::new().with_url("https://intranet.example.com"),
        ))
        .into()
}

/// Where a redirect may point: another host name for the same socket, another port,
/// another scheme, and the org itself (absolute and relative); `{org}` stands for the
/// org's URL.
fn targets(other: &Server) -> Vec<(&'static str, String)> {
    vec![
        (
            "another host",
            format!("http://localhost:{}/api/v1/apps", other.addr().port()),
        ),
        ("another port", format!("{}/api/v1/apps", other.url())),
        (
            "another scheme",
            format!("https://{}/api/v1/apps", other.host_port()),
        ),
        ("the org itself", "{org}/api/v1/apps/0oa2".to_owned()),
        ("a relative path", "/api/v1/apps/0oa2".to_owned()),
    ]
}

#[tokio::test]
async fn no_redirect_is_followed_for_any_status_method_or_target() {
    let other = Server::start(|_, _| Action::json(200, r#"{"id":"0oaELSEWHERE"}"#)).await;
    for status in [301, 302, 303, 307, 308] {
        for (what, location) in targets(&other) {
            let base: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
            let handler_base = base.clone();
            let handler_location = location.clone();
            let org = Server::start(move |_, request| {
                if request.target != "/api/v1/apps/0oa1" && request.target != "/api/v1/apps" {
                    return Action::json(500, r#"{"errorSummary":"followed"}"#);
                }
                let base = handler_base.get().expect("base");
                Action::redirect(status, &handler_location.replace("{org}", base))
            })
            .await;
            base.set(org.url()).expect("once");
            let expected = match location.strip_prefix('/') {
                Some(_) => format!("{}{location}", org.url()),
                None => location.replace("{org}", &org.url()),
            };
            let client = client(&org.url());
            let get = client.get_application("0oa1").send().await;
            let post = client.create_application(bookmark()).send().await;
            for (method, outcome) in [("GET", get.err()), ("POST", post.err())] {
                let error =
                    outcome.unwrap_or_else(|| panic!("{status} {method} to {what}: followed"));
                let Error::Redirect(redirect) = &error else {
                    panic!("{status} {method} to {what}: {error:?}");
                };
                assert_eq!(redirect.status.as_u16(), status);
                assert_eq!(redirect.location, expected, "{status} {method} to {what}");
                let shown = error.to_string();
                assert!(
                    shown.contains(&expected) && shown.contains("not followed"),
                    "{shown}"
                );
            }
            let targets: Vec<_> = org.requests().into_iter().map(|r| r.target).collect();
            assert_eq!(
                targets,
                ["/api/v1/apps/0oa1", "/api/v1/apps"],
                "{status} to {what}: one request each, no retry, nothing followed"
            );
        }
    }
    assert_eq!(other.request_count(), 0, "nothing reached the other server");
}

#[tokio::test]
async fn a_redirects_query_string_is_not_repeated_in_the_error() {
    let org = Server::start(|_, _| {
        Action::redirect(302, "https://elsewhere.example/login?session=s3cr3t#frag")
    })
    .await;
    let error = client(&org.url())
        .get_application("0oa1")
        .send()
        .await
        .expect_err("redirect");
    let Error::Redirect(redirect) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(redirect.location, "https://elsewhere.example/login");
    assert!(!format!("{error} {error:?}").contains("s3cr3t"));
}

#[tokio::test]
async fn an_injected_client_that_follows_redirects_is_caught() {
    let other =
        Server::start(|_, _| Action::json(200, r#"{"id":"0oaELSEWHERE","label":"x"}"#)).await;
    let location = format!("http://localhost:{}/api/v1/apps/0oa1", other.addr().port());
    let org = Server::start(move |_, _| Action::redirect(302, &location)).await;
    let following = reqwest::Client::builder().build().expect("reqwest client");
    let client = Client::builder(org.url())
        .allow_http(true)
        .api_token(TOKEN)
        .http_client(following)
        .build()
        .expect("client");
    let error = client
        .get_application("0oa1")
        .send()
        .await
        .expect_err("another host's answer is not the org's");
    assert!(
        matches!(&error, Error::Redirect(r) if r.location.contains("localhost")),
        "{error:?}"
    );
}

fn key_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/runtime_keys")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn the_token_endpoint_never_redirects_the_client_assertion_and_no_foreign_token_is_used() {
    // A host that would gladly take the assertion and issue a token of its own.
    let thief = Server::start(|_, _| {
        Action::json(
            200,
            r#"{"token_type":"Bearer","access_token":"stolen-token","expires_in":3600}"#,
        )
    })
    .await;
    for status in [301, 302, 303, 307, 308] {
        let location = format!("{}/oauth2/v1/token", thief.url());
        let org = Server::start(move |_, request| {
            if request.target == "/oauth2/v1/token" {
                Action::redirect(status, &location)
            } else {
                Action::json(200, "[]")
            }
        })
        .await;
        let key = PrivateKey::from_pem(&key_file("rsa.pem")).expect("key");
        let client = Client::builder(org.url())
            .allow_http(true)
            .private_key_jwt("0oa-service-app", ["okta.apps.read"], key)
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client");
        for attempt in 0..2 {
            let error = client
                .list_applications()
                .send()
                .await
                .expect_err("no token");
            assert!(
                matches!(&error, Error::Redirect(r) if r.status.as_u16() == status),
                "{status}, attempt {attempt}: {error:?}"
            );
        }
        let api_calls = org
            .requests()
            .into_iter()
            .filter(|r| r.target != "/oauth2/v1/token")
            .count();
        assert_eq!(
            api_calls, 0,
            "{status}: no API request without the org's token"
        );
    }
    assert_eq!(thief.request_count(), 0, "the assertion never left the org");
}
