//! Every operation of `spec/` end to end: the exact request on the wire
//! (method, target, headers, body) and every documented answer, through the
//! generated crate against a recording server on 127.0.0.1.
//!
//! Each operation `fooBar` has a test `e2e_foo_bar` here;
//! `every_operation_has_an_e2e_test` fails when one is missing.

use okta_apps::models::{Application, ApplicationCommon, JsonWebKey};
use okta_apps::Client;
use okta_apps_tests::server::{MockServer, Recorded, Reply};
use okta_apps_tests::spec::{assert_documented_errors, spec_operations};
use serde_json::{json, Value};

const APP: &str = "0oa1bcd2EFG3hij4k5l6";

/// The request the server received, checked for method and exact target.
fn expect(server: &MockServer, method: &str, target: &str) -> Recorded {
    let request = server.single_request();
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        (method, target)
    );
    request
}

/// Replies an operation without a response body must accept: no body with
/// `Content-Length: 0`, an absent (connection-delimited) body, and for 204 no body at all.
fn unit_replies(status: u16) -> Vec<Reply> {
    if status == 204 {
        vec![Reply::empty(204)]
    } else {
        vec![
            Reply::empty(status),
            Reply::empty(status).close_delimited(),
            Reply::empty(status).header("Content-Type", "application/json"),
        ]
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializable")
}

fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("fixture matches the model")
}

fn key_json() -> Value {
    json!({
        "kid": "SIMcCQNY3uwXoW3y0vf6VxiBb5n9pf8L2fK8d-F1bm4",
        "kty": "RSA",
        "use": "sig",
        "alg": "RS256",
        "e": "AQAB",
        "n": "mkC6yAJVvFwUlmM9gKjb2d-YK5qHFt-mXSsbjWKKs4EfNm-BoQeeovBZtSACyaqLc8IYFTPEURFcbDQ9DkAL04uUIRD2gaHYY7uK0jsluEaXGq2RAIsmzAwNTzkiDw4q9pDL_q7n0f_SDt1TsMaMQayB6bU5jWsmqcWJ8MCRJ1aJMjZ16un5UVx51IIeCbe4QRDxEXGAvYNczsBoZxspDt28esSpq5W0dBFxcyGVudyl54Er3FzAguhgfMVjH-bUec9j2Tl40qDTktrYgYfxz9pfjm01Hl4WYP1YQxeETpSL7cQ5Ihz4jGDtHUEOcZ4GfJrPzrGpUrak8Qp5xcwCqQ",
        "x5c": ["MIIDqDCCApCgAwIBAgIGAVGNQFX5MA0GCSqGSIb3DQEBBQUAMIGUMQswCQYDVQQGEwJVUzET"],
        "x5t#S256": "5GOpy9CQVtPvBtIpPjfz8yQ3ANATEGjvHGh5pn7w4M",
        "created": "2015-12-10T18:56:23.000Z",
        "expiresAt": "2017-12-10T18:56:22.000Z",
        "lastUpdated": "2015-12-10T18:56:23.000Z"
    })
}

fn assert_key(key: &JsonWebKey) {
    assert_eq!(
        key.kid.as_deref(),
        Some("SIMcCQNY3uwXoW3y0vf6VxiBb5n9pf8L2fK8d-F1bm4")
    );
    assert_eq!(key.kty.as_deref(), Some("RSA"));
    assert_eq!(
        key.x5t_s256.as_deref(),
        Some("5GOpy9CQVtPvBtIpPjfz8yQ3ANATEGjvHGh5pn7w4M")
    );
    assert_eq!(key.x5c.as_ref().map(Vec::len), Some(1));
}

fn csr_json() -> Value {
    json!({
        "id": "h9zkutaSe7fZX3SAGTBh",
        "created": "2017-03-28T01:11:10.000Z",
        "csr": "MIIC4DCCAcgCAQAwcTELMAkGA1UEBhMCVVMxEzARBgNVBAgMCkNhbGlmb3JuaWEx",
        "kty": "RSA",
        "_links": {"self": {"href": "https://example.okta.com/api/v1/apps/0oa1/credentials/csrs/h9zkutaSe7fZX3SAGTBh"}}
    })
}

fn app_user_json() -> Value {
    json!({
        "id": "00u1qc3Kr1qyBTFaH0g4",
        "scope": "USER",
        "status": "ACTIVE",
        "created": "2014-06-24T15:27:59.000Z",
        "credentials": {"userName": "alice@example.com"},
        "profile": {"role": "admin", "salesforceGroups": ["Employee"]}
    })
}

fn bookmark_json() -> Value {
    json!({
        "id": APP,
        "name": "bookmark",
        "label": "Sample Bookmark App",
        "status": "ACTIVE",
        "signOnMode": "BOOKMARK",
        "settings": {"app": {"requestIntegration": false, "url": "https://example.com/bookmark.htm"}}
    })
}

fn assert_bookmark(app: &Application, label: &str) {
    match app {
        Application::Bookmark(bookmark) => {
            assert_eq!(bookmark.base.id.as_deref(), Some(APP));
            assert_eq!(bookmark.base.label.as_deref(), Some(label));
        }
        other => panic!("expected a bookmark app, got {other:?}"),
    }
}

fn group_assignment_json() -> Value {
    json!({"id": "00g1emaKYZTWRYYRRTSK", "priority": 0, "lastUpdated": "2016-01-01T00:00:00.000Z", "profile": {"role": "admin"}})
}

fn provisioning_json() -> Value {
    json!({"authScheme": "TOKEN", "status": "ENABLED", "_links": {"self": {"href": "https://example.okta.com/api/v1/apps/0oa1/connections/default"}}})
}

fn feature_json() -> Value {
    json!({
        "name": "USER_PROVISIONING",
        "status": "ENABLED",
        "description": "User provisioning settings from Okta to a downstream application",
        "capabilities": {
            "create": {"lifecycleCreate": {"status": "DISABLED"}},
            "update": {"lifecycleDeactivate": {"status": "DISABLED"}, "profile": {"status": "DISABLED"}, "password": {"status": "DISABLED", "seed": "RANDOM", "change": "KEEP_EXISTING"}}
        }
    })
}

fn token_json() -> Value {
    json!({
        "id": "oar579Mcp7OUsNTlo0g3",
        "status": "ACTIVE",
        "clientId": APP,
        "issuer": "https://example.okta.com/oauth2/ausain6z9zIedDCxB0h7",
        "scopes": ["offline_access", "car:drive"],
        "userId": "00u5t60iloOHN9pBi0h7",
        "created": "2018-03-09T03:18:06.000Z",
        "expiresAt": "2018-03-16T03:18:06.000Z"
    })
}

fn grant_json() -> Value {
    json!({
        "id": "oag3ih1zrm1cBFOiq0h6",
        "status": "ACTIVE",
        "clientId": APP,
        "issuer": "https://example.okta.com",
        "scopeId": "okta.apps.read",
        "source": "ADMIN",
        "userId": "00u5t60iloOHN9pBi0h7",
        "created": "2019-02-14T00:00:00.000Z"
    })
}

// ---------------------------------------------------------------- coverage

#[test]
fn every_operation_has_an_e2e_test() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration");
    let mut sources = String::new();
    for entry in std::fs::read_dir(&dir).expect("tests/tests/integration") {
        let path = entry.expect("directory entry").path();
        let is_e2e = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("e2e_") && n.ends_with(".rs"));
        if is_e2e {
            sources.push_str(&std::fs::read_to_string(&path).expect("test source"));
        }
    }
    let operations = spec_operations();
    assert_eq!(operations.len(), 41);
    let missing: Vec<String> = operations
        .iter()
        .map(|op| format!("e2e_{}", op.fn_name.trim_start_matches("r#")))
        .filter(|test| !sources.contains(&format!("#[tokio::test]\nasync fn {test}()")))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without an end-to-end test: {missing:?}"
    );
}

// ---------------------------------------------------------------- lifecycle

#[tokio::test]
async fn e2e_activate_application() {
    let target = format!("/api/v1/apps/{APP}/lifecycle/activate");
    for reply in unit_replies(200) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .activate_application(APP)
            .send()
            .await
            .expect("200 without body is unit");
        expect(&server, "POST", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "activateApplication",
        "POST",
        &target,
        |c: Client| async move { c.activate_application(APP).send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_deactivate_application() {
    let target = format!("/api/v1/apps/{APP}/lifecycle/deactivate");
    for reply in unit_replies(200) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .deactivate_application(APP)
            .send()
            .await
            .expect("200 without body is unit");
        expect(&server, "POST", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "deactivateApplication",
        "POST",
        &target,
        |c: Client| async move { c.deactivate_application(APP).send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_activate_default_provisioning_connection_for_application() {
    let target = format!("/api/v1/apps/{APP}/connections/default/lifecycle/activate");
    for reply in unit_replies(204) {
        let server = MockServer::start(reply).await;
        let answer = server
            .client()
            .activate_default_provisioning_connection_for_application(APP)
            .send_with_metadata()
            .await
            .expect("204");
        assert_eq!(answer.status().as_u16(), 204);
        expect(&server, "POST", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "activateDefaultProvisioningConnectionForApplication",
        "POST",
        &target,
        |c: Client| async move {
            c.activate_default_provisioning_connection_for_application(APP)
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_deactivate_default_provisioning_connection_for_application() {
    let target = format!("/api/v1/apps/{APP}/connections/default/lifecycle/deactivate");
    for reply in unit_replies(204) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .deactivate_default_provisioning_connection_for_application(APP)
            .send()
            .await
            .expect("204");
        expect(&server, "POST", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "deactivateDefaultProvisioningConnectionForApplication",
        "POST",
        &target,
        |c: Client| async move {
            c.deactivate_default_provisioning_connection_for_application(APP)
                .send()
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------- applications

#[tokio::test]
async fn e2e_create_application() {
    let body = json!({
        "name": "bookmark",
        "label": "Sample Bookmark App",
        "signOnMode": "BOOKMARK",
        "settings": {"app": {"requestIntegration": false, "url": "https://example.com/bookmark.htm"}}
    });
    // Optional query parameter and header unset: neither is sent.
    let server = MockServer::start(Reply::json(200, &bookmark_json())).await;
    let app = server
        .client()
        .create_application(from_json::<okta_apps::models::Application>(body.clone()))
        .send()
        .await
        .expect("200");
    assert_bookmark(&app, "Sample Bookmark App");
    let request = expect(&server, "POST", "/api/v1/apps");
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(request.header("OktaAccessGateway-Agent"), None);
    assert_eq!(request.json(), body);

    // Both set: `activate` in the query, the agent as a header.
    let server = MockServer::start(Reply::json(200, &bookmark_json())).await;
    let app = server
        .client()
        .create_application(from_json::<okta_apps::models::Application>(body.clone()))
        .activate(false)
        .okta_access_gateway_agent("OAG/2023.11.1 (host 1)")
        .send()
        .await
        .expect("200");
    assert_bookmark(&app, "Sample Bookmark App");
    let request = expect(&server, "POST", "/api/v1/apps?activate=false");
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(
        request.header("OktaAccessGateway-Agent"),
        Some("OAG/2023.11.1 (host 1)")
    );
    assert_eq!(request.json(), body);

    assert_documented_errors("createApplication", "POST", "/api/v1/apps", |c: Client| {
        let body = body.clone();
        async move {
            c.create_application(from_json::<okta_apps::models::Application>(body))
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn e2e_get_application() {
    let target = format!("/api/v1/apps/{APP}");
    let server = MockServer::start(Reply::json(200, &bookmark_json())).await;
    let app = server
        .client()
        .get_application(APP)
        .send()
        .await
        .expect("200");
    assert_bookmark(&app, "Sample Bookmark App");
    expect(&server, "GET", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &bookmark_json())).await;
    server
        .client()
        .get_application(APP)
        .expand("user/00u1")
        .send()
        .await
        .expect("200");
    let request = expect(&server, "GET", &format!("{target}?expand=user%2F00u1"));
    assert_eq!(
        request.query_pairs(),
        vec![("expand".to_owned(), "user/00u1".to_owned())]
    );

    assert_documented_errors("getApplication", "GET", &target, |c: Client| async move {
        c.get_application(APP).send().await
    })
    .await;
}

#[tokio::test]
async fn e2e_update_application() {
    let target = format!("/api/v1/apps/{APP}");
    let body = json!({
        "name": "bookmark",
        "label": "Renamed Bookmark App",
        "signOnMode": "BOOKMARK",
        "settings": {"app": {"requestIntegration": false, "url": "https://example.com/bookmark.htm"}}
    });
    let mut answer = bookmark_json();
    answer["label"] = json!("Renamed Bookmark App");
    let server = MockServer::start(Reply::json(200, &answer)).await;
    let app = server
        .client()
        .update_application(
            APP,
            from_json::<okta_apps::models::Application>(body.clone()),
        )
        .send()
        .await
        .expect("200");
    assert_bookmark(&app, "Renamed Bookmark App");
    let request = expect(&server, "PUT", &target);
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(request.json(), body);

    assert_documented_errors("updateApplication", "PUT", &target, |c: Client| {
        let body = body.clone();
        async move {
            c.update_application(APP, from_json::<okta_apps::models::Application>(body))
                .send()
                .await
        }
    })
    .await;
}

/// Get, modify, replace: the app Okta sent comes back with the caller's change
/// and every field it had, except the read-only ones (`id`, `created`,
/// `lastUpdated`, `status`, `_links`, `_embedded`), which Okta sets itself and which a
/// request body leaves out; encoding the model anywhere else keeps them.
#[tokio::test]
async fn e2e_get_modify_replace_sends_everything_but_read_only_fields() {
    let mut fetched = bookmark_json();
    fetched["id"] = json!(APP);
    fetched["created"] = json!("2026-01-01T00:00:00.000Z");
    fetched["lastUpdated"] = json!("2026-01-02T00:00:00.000Z");
    fetched["_links"] = json!({"self": {"href": "https://example.okta.com/api/v1/apps/0oa1"}});
    fetched["_embedded"] = json!({"user": {"id": "00u1"}});
    fetched["visibility"] =
        json!({"autoSubmitToolbar": false, "hide": {"iOS": true, "web": false}});
    fetched["someFieldOktaAddedLater"] = json!({"kept": [1, 2]});
    let app = from_json::<Application>(fetched.clone());
    assert_eq!(to_json(&app), fetched, "the model itself keeps every field");

    let server = MockServer::start(Reply::json(200, &fetched)).await;
    let app = app.with_label("Renamed");
    server
        .client()
        .update_application(APP, app)
        .send()
        .await
        .expect("200");
    let mut expected = fetched.clone();
    expected["label"] = json!("Renamed");
    for read_only in [
        "id",
        "created",
        "lastUpdated",
        "status",
        "_links",
        "_embedded",
    ] {
        expected
            .as_object_mut()
            .expect("an object")
            .remove(read_only);
    }
    let sent = expect(&server, "PUT", &format!("/api/v1/apps/{APP}")).json();
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn e2e_delete_application() {
    let target = format!("/api/v1/apps/{APP}");
    for reply in unit_replies(204) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .delete_application(APP)
            .send()
            .await
            .expect("204");
        expect(&server, "DELETE", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "deleteApplication",
        "DELETE",
        &target,
        |c: Client| async move { c.delete_application(APP).send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_list_applications() {
    let server = MockServer::start(Reply::json(
        200,
        &json!([bookmark_json(), {"id": "0oa2", "label": "Custom", "signOnMode": "SOMETHING_NEW"}]),
    ))
    .await;
    let apps = server
        .client()
        .list_applications()
        .send()
        .await
        .expect("200")
        .into_complete()
        .expect("every item decodes");
    assert_eq!(apps.len(), 2);
    assert_bookmark(&apps[0], "Sample Bookmark App");
    assert!(
        matches!(&apps[1], Application::Other(base) if base.base.id.as_deref() == Some("0oa2")),
        "{:?}",
        apps[1]
    );
    // No optional parameter set: no query string at all.
    expect(&server, "GET", "/api/v1/apps").assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &json!([]))).await;
    let apps = server
        .client()
        .list_applications()
        .q("Sales & Marketing")
        .after("0oa1/next?x=1")
        .limit(20)
        .filter("status eq \"ACTIVE\"")
        .expand("user/00u1")
        .include_non_deleted(true)
        .send()
        .await
        .expect("200")
        .into_complete()
        .expect("every item decodes");
    assert!(apps.is_empty());
    let request = expect(
        &server,
        "GET",
        "/api/v1/apps?q=Sales+%26+Marketing&after=0oa1%2Fnext%3Fx%3D1&limit=20&filter=status+eq+%22ACTIVE%22&expand=user%2F00u1&includeNonDeleted=true",
    );
    let pairs: Vec<(&str, &str)> = vec![
        ("q", "Sales & Marketing"),
        ("after", "0oa1/next?x=1"),
        ("limit", "20"),
        ("filter", "status eq \"ACTIVE\""),
        ("expand", "user/00u1"),
        ("includeNonDeleted", "true"),
    ];
    let expected: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(request.query_pairs(), expected);

    assert_documented_errors(
        "listApplications",
        "GET",
        "/api/v1/apps",
        |c: Client| async move { c.list_applications().send().await },
    )
    .await;
}

// ---------------------------------------------------------------- users

#[tokio::test]
async fn e2e_assign_user_to_application() {
    let target = format!("/api/v1/apps/{APP}/users");
    let body = json!({
        "id": "00u1qc3Kr1qyBTFaH0g4",
        "scope": "USER",
        "credentials": {"userName": "alice@example.com", "password": {"value": "correct horse"}},
        "profile": {"role": "admin", "salesforceGroups": ["Employee"]}
    });
    let server = MockServer::start(Reply::json(200, &app_user_json())).await;
    let user = server
        .client()
        .assign_user_to_application(APP, from_json::<okta_apps::models::AppUser>(body.clone()))
        .send()
        .await
        .expect("200");
    assert_eq!(user.id.as_deref(), Some("00u1qc3Kr1qyBTFaH0g4"));
    assert_eq!(user.scope.as_deref(), Some("USER"));
    assert_eq!(
        user.profile
            .as_ref()
            .and_then(|p| p.value().expect("fits").get("role").cloned()),
        Some(json!("admin"))
    );
    let request = expect(&server, "POST", &target);
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(request.json(), body);

    assert_documented_errors("assignUserToApplication", "POST", &target, |c: Client| {
        let body = body.clone();
        async move {
            c.assign_user_to_application(APP, from_json::<okta_apps::models::AppUser>(body))
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn e2e_get_application_user() {
    let target = format!("/api/v1/apps/{APP}/users/00u1qc3Kr1qyBTFaH0g4");
    let server = MockServer::start(Reply::json(200, &app_user_json())).await;
    let user = server
        .client()
        .get_application_user(APP, "00u1qc3Kr1qyBTFaH0g4")
        .send()
        .await
        .expect("200");
    assert_eq!(user.id.as_deref(), Some("00u1qc3Kr1qyBTFaH0g4"));
    expect(&server, "GET", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &app_user_json())).await;
    server
        .client()
        .get_application_user(APP, "00u1qc3Kr1qyBTFaH0g4")
        .expand("user")
        .send()
        .await
        .expect("200");
    expect(&server, "GET", &format!("{target}?expand=user"));

    assert_documented_errors(
        "getApplicationUser",
        "GET",
        &target,
        |c: Client| async move {
            c.get_application_user(APP, "00u1qc3Kr1qyBTFaH0g4")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_update_application_user() {
    let target = format!("/api/v1/apps/{APP}/users/00u1qc3Kr1qyBTFaH0g4");
    let body = json!({"credentials": {"userName": "alice.smith@example.com"}, "profile": {"role": "viewer"}});
    let mut answer = app_user_json();
    answer["profile"] = json!({"role": "viewer"});
    let server = MockServer::start(Reply::json(200, &answer)).await;
    let user = server
        .client()
        .update_application_user(
            APP,
            "00u1qc3Kr1qyBTFaH0g4",
            from_json::<okta_apps::models::AppUser>(body.clone()),
        )
        .send()
        .await
        .expect("200");
    assert_eq!(
        user.profile
            .as_ref()
            .and_then(|p| p.value().expect("fits").get("role").cloned()),
        Some(json!("viewer"))
    );
    let request = expect(&server, "POST", &target);
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(request.json(), body);

    assert_documented_errors("updateApplicationUser", "POST", &target, |c: Client| {
        let body = body.clone();
        async move {
            c.update_application_user(
                APP,
                "00u1qc3Kr1qyBTFaH0g4",
                from_json::<okta_apps::models::AppUser>(body),
            )
            .send()
            .await
        }
    })
    .await;
}

#[tokio::test]
async fn e2e_delete_application_user() {
    let target = format!("/api/v1/apps/{APP}/users/00u1qc3Kr1qyBTFaH0g4");
    for reply in unit_replies(204) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .delete_application_user(APP, "00u1qc3Kr1qyBTFaH0g4")
            .send()
            .await
            .expect("204");
        expect(&server, "DELETE", &target).assert_standard_headers(None);
    }
    for (send_email, query) in [(true, "sendEmail=true"), (false, "sendEmail=false")] {
        let server = MockServer::start(Reply::empty(204)).await;
        server
            .client()
            .delete_application_user(APP, "00u1qc3Kr1qyBTFaH0g4")
            .send_email(send_email)
            .send()
            .await
            .expect("204");
        expect(&server, "DELETE", &format!("{target}?{query}"));
    }
    assert_documented_errors(
        "deleteApplicationUser",
        "DELETE",
        &target,
        |c: Client| async move {
            c.delete_application_user(APP, "00u1qc3Kr1qyBTFaH0g4")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_list_application_users() {
    let target = format!("/api/v1/apps/{APP}/users");
    let server = MockServer::start(Reply::json(200, &json!([app_user_json()]))).await;
    let users = server
        .client()
        .list_application_users(APP)
        .send()
        .await
        .expect("200")
        .into_complete()
        .expect("every item decodes");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].id.as_deref(), Some("00u1qc3Kr1qyBTFaH0g4"));
    expect(&server, "GET", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &json!([]))).await;
    server
        .client()
        .list_application_users(APP)
        .q("al")
        .query_scope("USER")
        .after("00u2")
        .limit(2)
        .filter("status eq \"ACTIVE\"")
        .expand("user")
        .send()
        .await
        .expect("200");
    expect(&server, "GET", &format!("{target}?q=al&query_scope=USER&after=00u2&limit=2&filter=status+eq+%22ACTIVE%22&expand=user"));

    assert_documented_errors(
        "listApplicationUsers",
        "GET",
        &target,
        |c: Client| async move { c.list_application_users(APP).send().await },
    )
    .await;
}

// ---------------------------------------------------------------- keys and CSRs

#[tokio::test]
async fn e2e_clone_application_key() {
    let target =
        format!("/api/v1/apps/{APP}/credentials/keys/SIMcCQNY3uwX/clone?targetAid=0oa2target");
    let server = MockServer::start(Reply::json(201, &key_json())).await;
    let key = server
        .client()
        .clone_application_key(APP, "SIMcCQNY3uwX", "0oa2target")
        .send()
        .await
        .expect("201");
    assert_key(&key);
    expect(&server, "POST", &target).assert_standard_headers(None);
    assert_documented_errors(
        "cloneApplicationKey",
        "POST",
        &target,
        |c: Client| async move {
            c.clone_application_key(APP, "SIMcCQNY3uwX", "0oa2target")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_generate_application_key() {
    let target = format!("/api/v1/apps/{APP}/credentials/keys/generate");
    let server = MockServer::start(Reply::json(201, &key_json())).await;
    let key = server
        .client()
        .generate_application_key(APP)
        .send()
        .await
        .expect("201");
    assert_key(&key);
    expect(&server, "POST", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(201, &key_json())).await;
    server
        .client()
        .generate_application_key(APP)
        .validity_years(2)
        .send()
        .await
        .expect("201");
    expect(&server, "POST", &format!("{target}?validityYears=2")).assert_standard_headers(None);

    assert_documented_errors(
        "generateApplicationKey",
        "POST",
        &target,
        |c: Client| async move { c.generate_application_key(APP).send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_get_application_key() {
    let target = format!("/api/v1/apps/{APP}/credentials/keys/SIMcCQNY3uwX");
    let server = MockServer::start(Reply::json(200, &key_json())).await;
    let key = server
        .client()
        .get_application_key(APP, "SIMcCQNY3uwX")
        .send()
        .await
        .expect("200");
    assert_key(&key);
    expect(&server, "GET", &target).assert_standard_headers(None);
    assert_documented_errors(
        "getApplicationKey",
        "GET",
        &target,
        |c: Client| async move { c.get_application_key(APP, "SIMcCQNY3uwX").send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_list_application_keys() {
    let target = format!("/api/v1/apps/{APP}/credentials/keys");
    let server = MockServer::start(Reply::json(200, &json!([key_json(), key_json()]))).await;
    let keys = server
        .client()
        .list_application_keys(APP)
        .send()
        .await
        .expect("200")
        .into_complete()
        .expect("every item decodes");
    assert_eq!(keys.len(), 2);
    keys.iter().for_each(assert_key);
    expect(&server, "GET", &target).assert_standard_headers(None);
    assert_documented_errors(
        "listApplicationKeys",
        "GET",
        &target,
        |c: Client| async move { c.list_application_keys(APP).send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_generate_csr_for_application() {
    let target = format!("/api/v1/apps/{APP}/credentials/csrs");
    let body = json!({
        "subject": {
            "countryName": "US",
            "stateOrProvinceName": "California",
            "localityName": "San Francisco",
            "organizationName": "Okta, Inc.",
            "organizationalUnitName": "Dev",
            "commonName": "SP Issuer"
        },
        "subjectAltNames": {"dnsNames": ["dev.okta.com"]}
    });
    let server = MockServer::start(Reply::json(201, &csr_json())).await;
    let csr = server
        .client()
        .generate_csr_for_application(
            APP,
            from_json::<okta_apps::models::CsrMetadata>(body.clone()),
        )
        .send()
        .await
        .expect("201");
    assert_eq!(csr.id.as_deref(), Some("h9zkutaSe7fZX3SAGTBh"));
    assert_eq!(csr.kty.as_deref(), Some("RSA"));
    let request = expect(&server, "POST", &target);
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(request.json(), body);
    assert_documented_errors("generateCsrForApplication", "POST", &target, |c: Client| {
        let body = body.clone();
        async move {
            c.generate_csr_for_application(APP, from_json::<okta_apps::models::CsrMetadata>(body))
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn e2e_get_csr_for_application() {
    let target = format!("/api/v1/apps/{APP}/credentials/csrs/h9zkutaSe7fZX3SAGTBh");
    let server = MockServer::start(Reply::json(200, &csr_json())).await;
    let csr = server
        .client()
        .get_csr_for_application(APP, "h9zkutaSe7fZX3SAGTBh")
        .send()
        .await
        .expect("200");
    assert_eq!(
        csr.csr.as_deref(),
        Some("MIIC4DCCAcgCAQAwcTELMAkGA1UEBhMCVVMxEzARBgNVBAgMCkNhbGlmb3JuaWEx")
    );
    expect(&server, "GET", &target).assert_standard_headers(None);
    assert_documented_errors(
        "getCsrForApplication",
        "GET",
        &target,
        |c: Client| async move {
            c.get_csr_for_application(APP, "h9zkutaSe7fZX3SAGTBh")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_list_csrs_for_application() {
    let target = format!("/api/v1/apps/{APP}/credentials/csrs");
    let server = MockServer::start(Reply::json(200, &json!([csr_json()]))).await;
    let csrs = server
        .client()
        .list_csrs_for_application(APP)
        .send()
        .await
        .expect("200")
        .into_complete()
        .expect("every item decodes");
    assert_eq!(csrs.len(), 1);
    assert_eq!(csrs[0].id.as_deref(), Some("h9zkutaSe7fZX3SAGTBh"));
    expect(&server, "GET", &target).assert_standard_headers(None);
    assert_documented_errors(
        "listCsrsForApplication",
        "GET",
        &target,
        |c: Client| async move { c.list_csrs_for_application(APP).send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_publish_csr_from_application() {
    use okta_apps::operations::PublishCsrFromApplicationBody as Body;
    let target =
        format!("/api/v1/apps/{APP}/credentials/csrs/h9zkutaSe7fZX3SAGTBh/lifecycle/publish");
    let pem = b"-----BEGIN CERTIFICATE-----\nMIIFgjCCA2qgAwIBAgICEAcwDQYJKoZIhvcNAQELBQAwXjELMAkGA1UEBhMCVVMx\n-----END CERTIFICATE-----\n".to_vec();
    // Raw DER bytes, including NUL and non-UTF-8 bytes, must arrive untouched.
    let der: Vec<u8> = vec![
        0x30, 0x82, 0x05, 0x82, 0x30, 0x82, 0x03, 0x6a, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x00, 0xff,
        0xfe, 0x0d, 0x0a,
    ];
    let base64_der = b"MIIFgjCCA2qgAwIBAgICEAcwDQYJKoZIhvcNAQELBQAwXjELMAkGA1UEBhMCVVMx".to_vec();
    let cases = [
        (Body::Pem(pem.clone()), "application/x-pem-file", pem),
        (Body::Der(der.clone()), "application/pkix-cert", der),
        (
            Body::Base64Der(base64_der.clone()),
            "application/x-x509-ca-cert",
            base64_der,
        ),
    ];
    for (body, media_type, bytes) in cases {
        assert_eq!(body.media_type(), media_type);
        let server = MockServer::start(Reply::json(201, &key_json())).await;
        let key = server
            .client()
            .publish_csr_from_application(APP, "h9zkutaSe7fZX3SAGTBh", body)
            .send()
            .await
            .expect("201");
        assert_key(&key);
        let request = expect(&server, "POST", &target);
        request.assert_standard_headers(Some(media_type));
        assert_eq!(request.body, bytes, "{media_type}");
        assert_eq!(
            request.header("content-length"),
            Some(bytes.len().to_string().as_str())
        );
    }
    assert_documented_errors(
        "publishCsrFromApplication",
        "POST",
        &target,
        |c: Client| async move {
            c.publish_csr_from_application(APP, "h9zkutaSe7fZX3SAGTBh", Body::Pem(b"pem".to_vec()))
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_revoke_csr_from_application() {
    let target = format!("/api/v1/apps/{APP}/credentials/csrs/h9zkutaSe7fZX3SAGTBh");
    for reply in unit_replies(204) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .revoke_csr_from_application(APP, "h9zkutaSe7fZX3SAGTBh")
            .send()
            .await
            .expect("204");
        expect(&server, "DELETE", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "revokeCsrFromApplication",
        "DELETE",
        &target,
        |c: Client| async move {
            c.revoke_csr_from_application(APP, "h9zkutaSe7fZX3SAGTBh")
                .send()
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------- groups

#[tokio::test]
async fn e2e_create_application_group_assignment() {
    let target = format!("/api/v1/apps/{APP}/groups/00g1emaKYZTWRYYRRTSK");
    let body = json!({"priority": 1, "profile": {"role": "admin"}});
    // With the optional body.
    let server = MockServer::start(Reply::json(200, &group_assignment_json())).await;
    let assignment = server
        .client()
        .create_application_group_assignment(APP, "00g1emaKYZTWRYYRRTSK")
        .application_group_assignment(from_json::<okta_apps::models::ApplicationGroupAssignment>(
            body.clone(),
        ))
        .send()
        .await
        .expect("200");
    assert_eq!(assignment.id.as_deref(), Some("00g1emaKYZTWRYYRRTSK"));
    let request = expect(&server, "PUT", &target);
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(request.json(), body);
    // Without it: no body and no Content-Type.
    let server = MockServer::start(Reply::json(200, &group_assignment_json())).await;
    server
        .client()
        .create_application_group_assignment(APP, "00g1emaKYZTWRYYRRTSK")
        .send()
        .await
        .expect("200");
    expect(&server, "PUT", &target).assert_standard_headers(None);

    assert_documented_errors(
        "createApplicationGroupAssignment",
        "PUT",
        &target,
        |c: Client| async move {
            c.create_application_group_assignment(APP, "00g1emaKYZTWRYYRRTSK")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_get_application_group_assignment() {
    let target = format!("/api/v1/apps/{APP}/groups/00g1emaKYZTWRYYRRTSK");
    let server = MockServer::start(Reply::json(200, &group_assignment_json())).await;
    let assignment = server
        .client()
        .get_application_group_assignment(APP, "00g1emaKYZTWRYYRRTSK")
        .send()
        .await
        .expect("200");
    assert_eq!(assignment.id.as_deref(), Some("00g1emaKYZTWRYYRRTSK"));
    expect(&server, "GET", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &group_assignment_json())).await;
    server
        .client()
        .get_application_group_assignment(APP, "00g1emaKYZTWRYYRRTSK")
        .expand("group")
        .send()
        .await
        .expect("200");
    expect(&server, "GET", &format!("{target}?expand=group"));

    assert_documented_errors(
        "getApplicationGroupAssignment",
        "GET",
        &target,
        |c: Client| async move {
            c.get_application_group_assignment(APP, "00g1emaKYZTWRYYRRTSK")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_delete_application_group_assignment() {
    let target = format!("/api/v1/apps/{APP}/groups/00g1emaKYZTWRYYRRTSK");
    for reply in unit_replies(204) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .delete_application_group_assignment(APP, "00g1emaKYZTWRYYRRTSK")
            .send()
            .await
            .expect("204");
        expect(&server, "DELETE", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "deleteApplicationGroupAssignment",
        "DELETE",
        &target,
        |c: Client| async move {
            c.delete_application_group_assignment(APP, "00g1emaKYZTWRYYRRTSK")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_list_application_group_assignments() {
    let target = format!("/api/v1/apps/{APP}/groups");
    let server = MockServer::start(Reply::json(200, &json!([group_assignment_json()]))).await;
    let assignments = server
        .client()
        .list_application_group_assignments(APP)
        .send()
        .await
        .expect("200")
        .into_complete()
        .expect("every item decodes");
    assert_eq!(assignments.len(), 1);
    assert_eq!(assignments[0].id.as_deref(), Some("00g1emaKYZTWRYYRRTSK"));
    expect(&server, "GET", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &json!([]))).await;
    server
        .client()
        .list_application_group_assignments(APP)
        .q("Sales")
        .after("00g2")
        .limit(50)
        .expand("group")
        .send()
        .await
        .expect("200");
    expect(
        &server,
        "GET",
        &format!("{target}?q=Sales&after=00g2&limit=50&expand=group"),
    );

    assert_documented_errors(
        "listApplicationGroupAssignments",
        "GET",
        &target,
        |c: Client| async move { c.list_application_group_assignments(APP).send().await },
    )
    .await;
}

// ---------------------------------------------------------------- provisioning and features

#[tokio::test]
async fn e2e_get_default_provisioning_connection_for_application() {
    let target = format!("/api/v1/apps/{APP}/connections/default");
    let server = MockServer::start(Reply::json(200, &provisioning_json())).await;
    let connection = server
        .client()
        .get_default_provisioning_connection_for_application(APP)
        .send()
        .await
        .expect("200");
    let decoded = to_json(&connection);
    assert_eq!(
        (&decoded["authScheme"], &decoded["status"]),
        (&json!("TOKEN"), &json!("ENABLED"))
    );
    expect(&server, "GET", &target).assert_standard_headers(None);
    assert_documented_errors(
        "getDefaultProvisioningConnectionForApplication",
        "GET",
        &target,
        |c: Client| async move {
            c.get_default_provisioning_connection_for_application(APP)
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_set_default_provisioning_connection_for_application() {
    let target = format!("/api/v1/apps/{APP}/connections/default");
    let body = json!({"profile": {"authScheme": "TOKEN", "token": "00NgjXWbQ3bRUB3mAy1AuHGMSMwPRtNHdeXxAS2ybF"}});
    let server = MockServer::start(Reply::json(201, &provisioning_json())).await;
    let connection = server
        .client()
        .set_default_provisioning_connection_for_application(
            APP,
            from_json::<okta_apps::models::ProvisioningConnectionRequest>(body.clone()),
        )
        .send()
        .await
        .expect("201");
    assert_eq!(to_json(&connection)["status"], json!("ENABLED"));
    let request = expect(&server, "POST", &target);
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(request.json(), body);

    let server = MockServer::start(Reply::json(201, &provisioning_json())).await;
    server
        .client()
        .set_default_provisioning_connection_for_application(
            APP,
            from_json::<okta_apps::models::ProvisioningConnectionRequest>(body.clone()),
        )
        .activate(true)
        .send()
        .await
        .expect("201");
    assert_eq!(
        expect(&server, "POST", &format!("{target}?activate=true")).json(),
        body
    );

    assert_documented_errors(
        "setDefaultProvisioningConnectionForApplication",
        "POST",
        &target,
        |c: Client| {
            let body = body.clone();
            async move {
                c.set_default_provisioning_connection_for_application(
                    APP,
                    from_json::<okta_apps::models::ProvisioningConnectionRequest>(body),
                )
                .send()
                .await
            }
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_get_feature_for_application() {
    let target = format!("/api/v1/apps/{APP}/features/USER_PROVISIONING");
    let server = MockServer::start(Reply::json(200, &feature_json())).await;
    let feature = server
        .client()
        .get_feature_for_application(APP, "USER_PROVISIONING")
        .send()
        .await
        .expect("200");
    assert_eq!(feature.name.as_deref(), Some("USER_PROVISIONING"));
    assert_eq!(
        to_json(&feature)["capabilities"]["update"]["password"]["seed"],
        json!("RANDOM")
    );
    expect(&server, "GET", &target).assert_standard_headers(None);
    assert_documented_errors(
        "getFeatureForApplication",
        "GET",
        &target,
        |c: Client| async move {
            c.get_feature_for_application(APP, "USER_PROVISIONING")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_update_feature_for_application() {
    let target = format!("/api/v1/apps/{APP}/features/USER_PROVISIONING");
    let body = json!({
        "create": {"lifecycleCreate": {"status": "ENABLED"}},
        "update": {
            "lifecycleDeactivate": {"status": "ENABLED"},
            "profile": {"status": "DISABLED"},
            "password": {"status": "ENABLED", "seed": "RANDOM", "change": "CHANGE"}
        }
    });
    let server = MockServer::start(Reply::json(200, &feature_json())).await;
    let feature = server
        .client()
        .update_feature_for_application(
            APP,
            "USER_PROVISIONING",
            from_json::<okta_apps::models::CapabilitiesObject>(body.clone()),
        )
        .send()
        .await
        .expect("200");
    assert_eq!(feature.name.as_deref(), Some("USER_PROVISIONING"));
    let request = expect(&server, "PUT", &target);
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(request.json(), body);
    assert_documented_errors(
        "updateFeatureForApplication",
        "PUT",
        &target,
        |c: Client| {
            let body = body.clone();
            async move {
                c.update_feature_for_application(
                    APP,
                    "USER_PROVISIONING",
                    from_json::<okta_apps::models::CapabilitiesObject>(body),
                )
                .send()
                .await
            }
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_list_features_for_application() {
    let target = format!("/api/v1/apps/{APP}/features");
    let server = MockServer::start(Reply::json(200, &json!([feature_json()]))).await;
    let features = server
        .client()
        .list_features_for_application(APP)
        .send()
        .await
        .expect("200")
        .into_complete()
        .expect("every item decodes");
    assert_eq!(features.len(), 1);
    assert_eq!(features[0].name.as_deref(), Some("USER_PROVISIONING"));
    expect(&server, "GET", &target).assert_standard_headers(None);
    assert_documented_errors(
        "listFeaturesForApplication",
        "GET",
        &target,
        |c: Client| async move { c.list_features_for_application(APP).send().await },
    )
    .await;
}

// ---------------------------------------------------------------- OAuth 2.0 tokens and grants

#[tokio::test]
async fn e2e_get_oauth2_token_for_application() {
    let target = format!("/api/v1/apps/{APP}/tokens/oar579Mcp7OUsNTlo0g3");
    let server = MockServer::start(Reply::json(200, &token_json())).await;
    let token = server
        .client()
        .get_oauth2_token_for_application(APP, "oar579Mcp7OUsNTlo0g3")
        .send()
        .await
        .expect("200");
    assert_eq!(token.id.as_deref(), Some("oar579Mcp7OUsNTlo0g3"));
    assert_eq!(
        token.scopes,
        Some(vec!["offline_access".to_owned(), "car:drive".to_owned()])
    );
    expect(&server, "GET", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &token_json())).await;
    server
        .client()
        .get_oauth2_token_for_application(APP, "oar579Mcp7OUsNTlo0g3")
        .expand("scope")
        .send()
        .await
        .expect("200");
    expect(&server, "GET", &format!("{target}?expand=scope"));

    assert_documented_errors(
        "getOAuth2TokenForApplication",
        "GET",
        &target,
        |c: Client| async move {
            c.get_oauth2_token_for_application(APP, "oar579Mcp7OUsNTlo0g3")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_list_oauth2_tokens_for_application() {
    let target = format!("/api/v1/apps/{APP}/tokens");
    let server = MockServer::start(Reply::json(200, &json!([token_json()]))).await;
    let tokens = server
        .client()
        .list_oauth2_tokens_for_application(APP)
        .send()
        .await
        .expect("200")
        .into_complete()
        .expect("every item decodes");
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].id.as_deref(), Some("oar579Mcp7OUsNTlo0g3"));
    expect(&server, "GET", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &json!([]))).await;
    server
        .client()
        .list_oauth2_tokens_for_application(APP)
        .expand("scope")
        .after("oar2")
        .limit(200)
        .send()
        .await
        .expect("200");
    expect(
        &server,
        "GET",
        &format!("{target}?expand=scope&after=oar2&limit=200"),
    );

    assert_documented_errors(
        "listOAuth2TokensForApplication",
        "GET",
        &target,
        |c: Client| async move { c.list_oauth2_tokens_for_application(APP).send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_revoke_oauth2_token_for_application() {
    let target = format!("/api/v1/apps/{APP}/tokens/oar579Mcp7OUsNTlo0g3");
    for reply in unit_replies(204) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .revoke_oauth2_token_for_application(APP, "oar579Mcp7OUsNTlo0g3")
            .send()
            .await
            .expect("204");
        expect(&server, "DELETE", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "revokeOAuth2TokenForApplication",
        "DELETE",
        &target,
        |c: Client| async move {
            c.revoke_oauth2_token_for_application(APP, "oar579Mcp7OUsNTlo0g3")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_revoke_oauth2_tokens_for_application() {
    let target = format!("/api/v1/apps/{APP}/tokens");
    for reply in unit_replies(204) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .revoke_oauth2_tokens_for_application(APP)
            .send()
            .await
            .expect("204");
        expect(&server, "DELETE", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "revokeOAuth2TokensForApplication",
        "DELETE",
        &target,
        |c: Client| async move { c.revoke_oauth2_tokens_for_application(APP).send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_grant_consent_to_scope() {
    let target = format!("/api/v1/apps/{APP}/grants");
    let body = json!({"issuer": "https://example.okta.com", "scopeId": "okta.apps.read"});
    let server = MockServer::start(Reply::json(201, &grant_json())).await;
    let grant = server
        .client()
        .grant_consent_to_scope(
            APP,
            from_json::<okta_apps::models::OAuth2ScopeConsentGrant>(body.clone()),
        )
        .send()
        .await
        .expect("201");
    assert_eq!(grant.id.as_deref(), Some("oag3ih1zrm1cBFOiq0h6"));
    assert_eq!(grant.scope_id.as_deref(), Some("okta.apps.read"));
    let request = expect(&server, "POST", &target);
    request.assert_standard_headers(Some("application/json"));
    assert_eq!(request.json(), body);
    assert_documented_errors("grantConsentToScope", "POST", &target, |c: Client| {
        let body = body.clone();
        async move {
            c.grant_consent_to_scope(
                APP,
                from_json::<okta_apps::models::OAuth2ScopeConsentGrant>(body),
            )
            .send()
            .await
        }
    })
    .await;
}

#[tokio::test]
async fn e2e_get_scope_consent_grant() {
    let target = format!("/api/v1/apps/{APP}/grants/oag3ih1zrm1cBFOiq0h6");
    let server = MockServer::start(Reply::json(200, &grant_json())).await;
    let grant = server
        .client()
        .get_scope_consent_grant(APP, "oag3ih1zrm1cBFOiq0h6")
        .send()
        .await
        .expect("200");
    assert_eq!(grant.id.as_deref(), Some("oag3ih1zrm1cBFOiq0h6"));
    expect(&server, "GET", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &grant_json())).await;
    server
        .client()
        .get_scope_consent_grant(APP, "oag3ih1zrm1cBFOiq0h6")
        .expand("scope")
        .send()
        .await
        .expect("200");
    expect(&server, "GET", &format!("{target}?expand=scope"));

    assert_documented_errors(
        "getScopeConsentGrant",
        "GET",
        &target,
        |c: Client| async move {
            c.get_scope_consent_grant(APP, "oag3ih1zrm1cBFOiq0h6")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn e2e_list_scope_consent_grants() {
    let target = format!("/api/v1/apps/{APP}/grants");
    let server = MockServer::start(Reply::json(200, &json!([grant_json()]))).await;
    let grants = server
        .client()
        .list_scope_consent_grants(APP)
        .send()
        .await
        .expect("200")
        .into_complete()
        .expect("every item decodes");
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].client_id.as_deref(), Some(APP));
    expect(&server, "GET", &target).assert_standard_headers(None);

    let server = MockServer::start(Reply::json(200, &json!([]))).await;
    server
        .client()
        .list_scope_consent_grants(APP)
        .expand("scope")
        .send()
        .await
        .expect("200");
    expect(&server, "GET", &format!("{target}?expand=scope"));

    assert_documented_errors(
        "listScopeConsentGrants",
        "GET",
        &target,
        |c: Client| async move { c.list_scope_consent_grants(APP).send().await },
    )
    .await;
}

#[tokio::test]
async fn e2e_revoke_scope_consent_grant() {
    let target = format!("/api/v1/apps/{APP}/grants/oag3ih1zrm1cBFOiq0h6");
    for reply in unit_replies(204) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .revoke_scope_consent_grant(APP, "oag3ih1zrm1cBFOiq0h6")
            .send()
            .await
            .expect("204");
        expect(&server, "DELETE", &target).assert_standard_headers(None);
    }
    assert_documented_errors(
        "revokeScopeConsentGrant",
        "DELETE",
        &target,
        |c: Client| async move {
            c.revoke_scope_consent_grant(APP, "oag3ih1zrm1cBFOiq0h6")
                .send()
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------- logo

#[tokio::test]
async fn e2e_upload_application_logo() {
    use okta_apps::FileUpload;
    let target = format!("/api/v1/apps/{APP}/logo");
    let png: Vec<u8> = [
        &b"\x89PNG\r\n\x1a\n"[..],
        &[0u8, 0, 0, 13],
        b"IHDR",
        &[0xff; 32],
    ]
    .concat();
    for reply in unit_replies(201) {
        let server = MockServer::start(reply).await;
        server
            .client()
            .upload_application_logo(APP, FileUpload::png(png.clone()))
            .send()
            .await
            .expect("201");
        let request = expect(&server, "POST", &target);
        request.assert_standard_headers(Some(
            request
                .header("content-type")
                .filter(|t| t.starts_with("multipart/form-data; boundary="))
                .expect("multipart Content-Type"),
        ));
        let part = request.single_multipart_part();
        assert_eq!(part.name, "file");
        assert_eq!(part.file_name.as_deref(), Some("logo.png"));
        assert_eq!(part.content_type.as_deref(), Some("image/png"));
        assert_eq!(part.body, png);
    }
    assert_documented_errors("uploadApplicationLogo", "POST", &target, |c: Client| {
        let png = png.clone();
        async move {
            c.upload_application_logo(APP, FileUpload::png(png))
                .send()
                .await
        }
    })
    .await;
}
