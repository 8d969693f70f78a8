//! The tolerant reader: an answer whose values contradict the document still
//! decodes. Each case (a value of the wrong type, an odd date-time, an object
//! where a list is documented, a secret of the wrong kind) is decoded through the
//! client from a loopback server, read through the typed field and `kept_aside`,
//! listed by `Mismatches` and in a `WARN` event, written back equal to what came,
//! and shown in `Debug` with its secrets redacted. Sending it back in a request is
//! refused: requests follow the document.

use std::sync::{Arc, Mutex};

use okta_apps::models::{Application, ApplicationGroupAssignment};
use okta_apps::Mismatches;
use okta_apps_tests::server::{Action, Server};
use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Every event's fields, one line per event.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<String>>>);

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={value:?} ", field.name()));
    }
}

impl Subscriber for Events {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = format!("{} ", event.metadata().level());
        event.record(&mut Line(&mut line));
        self.0.lock().expect("events").push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

const PASSWORD: &str = "hunter2PASSWORDofTHEwrongKIND";

/// An OIDC app as Okta sends it, with four values that contradict the document:
/// `created` in epoch milliseconds, `lastUpdated` not RFC 3339, `redirect_uris` an
/// object, and a basic-auth password object where a string... of the wrong kind.
const ODD_APP: &str = r#"{"id":"0oa1","name":"oidc_client","label":"Web","status":"ACTIVE","created":1709195400000,"lastUpdated":"Wed Mar 04 10:08:01 UTC 2026","signOnMode":"OPENID_CONNECT","settings":{"oauthClient":{"redirect_uris":{"0":"https://a.example/cb"},"application_type":"web"}},"credentials":{"oauthClient":{"client_id":"0oa1","client_secret":["hunter2PASSWORDofTHEwrongKIND"]}}}"#;

#[tokio::test]
async fn an_answer_that_contradicts_the_document_is_kept_listed_and_written_back() {
    let events = Events::default();
    let _guard = tracing::subscriber::set_default(events.clone());
    // Other tests register and drop their own subscribers on other threads at the same
    // time; callsites whose interest was cached meanwhile are asked again.
    tracing::callsite::rebuild_interest_cache();
    let server = Server::start(|_, _| Action::json(200, ODD_APP)).await;
    let app = server
        .client_without_retries()
        .get_application("0oa1")
        .send()
        .await
        .expect("decodes");
    let Application::OpenIdConnect(oidc) = &app else {
        panic!("{app:?}")
    };
    // Read: the typed fields that fit are there; the others are unset and kept aside.
    assert_eq!(oidc.base.id.as_deref(), Some("0oa1"));
    assert_eq!(oidc.base.created, None);
    assert_eq!(
        oidc.base.kept_aside("created").map(|v| v.as_text()),
        Some("1709195400000")
    );
    assert_eq!(oidc.base.kept_aside("id"), None, "set, so nothing aside");
    assert_eq!(oidc.base.kept_aside("features"), None, "absent");
    let updated = oidc.base.last_updated.as_ref().expect("kept as text");
    assert!(!updated.is_rfc3339());
    assert_eq!(updated.as_str(), "Wed Mar 04 10:08:01 UTC 2026");
    let client_settings = oidc
        .settings
        .as_ref()
        .and_then(|s| s.oauth_client.as_ref())
        .expect("oauthClient");
    assert_eq!(client_settings.redirect_uris, None);
    assert!(client_settings.kept_aside("redirect_uris").is_some());

    // Listed, in field order, with the secret's text withheld.
    let found = app.mismatches();
    let listed: Vec<(&str, &str, Option<&str>)> = found
        .iter()
        .map(|m| (m.path(), m.expected(), m.received()))
        .collect();
    assert_eq!(
        listed,
        [
            (
                "created",
                "an RFC 3339 date-time string",
                Some("1709195400000")
            ),
            (
                "lastUpdated",
                "an RFC 3339 date-time string",
                Some(r#""Wed Mar 04 10:08:01 UTC 2026""#)
            ),
            ("credentials.oauthClient.client_secret", "a string", None),
            (
                "settings.oauthClient.redirect_uris",
                "a list of a string",
                Some(r#"{"0":"https://a.example/cb"}"#)
            ),
        ]
    );
    // Said at decode, one WARN event each, without the secret.
    let logged = events.0.lock().expect("events").join("\n");
    for (path, ..) in &listed {
        assert!(
            logged.contains(&format!("path={path:?}")),
            "{path} in {logged}"
        );
    }
    assert_eq!(logged.matches("WARN").count(), listed.len(), "{logged}");

    // Written back equal to what came.
    let encoded: Value = serde_json::to_value(&app).expect("encodes");
    assert_eq!(
        encoded,
        serde_json::from_str::<Value>(ODD_APP).expect("JSON")
    );

    // Shown without the secret, wherever it is printed.
    let shown = [
        format!("{app:?}"),
        format!("{app:#?}"),
        found.iter().map(|m| format!("{m} {m:?}")).collect(),
        logged,
    ];
    for text in &shown {
        assert!(!text.contains(PASSWORD), "the secret in {text}");
    }
}

#[tokio::test]
async fn a_value_kept_aside_is_refused_in_a_request_and_nothing_is_sent() {
    let server = Server::start(|_, _| Action::json(200, ODD_APP)).await;
    let client = server.client_without_retries();
    let app = client
        .get_application("0oa1")
        .send()
        .await
        .expect("decodes");
    let error = client
        .update_application("0oa1", app.clone())
        .send()
        .await
        .expect_err("the request follows the document");
    let shown = error.to_string();
    // The first writable value kept aside, in field order, named without its text.
    assert!(
        shown.contains("`client_secret` holds a value Okta sent"),
        "{shown}"
    );
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert_eq!(server.request_count(), 1, "only the GET was sent");

    // Read-only values kept aside (`created`) go with their field; once the writable
    // ones are set or removed, the app goes back.
    let Application::OpenIdConnect(mut oidc) = app else {
        panic!("an OIDC app")
    };
    for (holder, key) in [
        (
            &mut oidc
                .settings
                .as_mut()
                .and_then(|s| s.oauth_client.as_mut())
                .expect("client")
                .additional_properties,
            "redirect_uris",
        ),
        (
            &mut oidc
                .credentials
                .as_mut()
                .and_then(|c| c.oauth_client.as_mut())
                .expect("creds")
                .additional_properties,
            "client_secret",
        ),
    ] {
        assert!(holder.remove(key).is_some(), "{key}");
    }
    client
        .update_application("0oa1", Application::from(oidc))
        .send()
        .await
        .expect("sent");
    let sent = server.requests().last().cloned().expect("the PUT");
    let body: Value = serde_json::from_slice(&sent.body).expect("JSON");
    assert_eq!(body.get("created"), None, "read-only, left out");
    assert_eq!(body["label"], "Web");
}

#[test]
fn a_number_that_is_not_an_integer_is_kept_and_strict_serde_still_refuses_it() {
    let text = r#"{"id":"0oa1","priority":20.0,"profile":{"k":1}}"#;
    let assignment: ApplicationGroupAssignment = okta_apps::decode(text.as_bytes()).expect("kept");
    assert_eq!(assignment.priority, None);
    assert_eq!(
        assignment.kept_aside("priority").map(|v| v.as_text()),
        Some("20.0")
    );
    let found = assignment.mismatches();
    assert_eq!(
        (found[0].path(), found[0].expected(), found[0].received()),
        ("priority", "an integer (32 bits)", Some("20.0"))
    );
    assert_eq!(
        found[0].to_string(),
        "`priority`: expected an integer (32 bits), received 20.0"
    );
    assert_eq!(
        serde_json::to_string(&assignment).expect("encodes"),
        r#"{"id":"0oa1","profile":{"k":1},"priority":20.0}"#
    );
    assert!(serde_json::from_str::<ApplicationGroupAssignment>(text).is_err());
    // What still fails: text that is not JSON, and a key that comes twice.
    assert!(okta_apps::decode::<ApplicationGroupAssignment>(br#"{"id":"#).is_err());
    assert!(okta_apps::decode::<ApplicationGroupAssignment>(br#"{"id":"a","id":"b"}"#).is_err());
}
