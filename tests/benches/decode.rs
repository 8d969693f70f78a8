//! Decoding a realistic `listApplications` page: 200 apps of mixed sign-on
//! modes, against two floors measured in the same run: `serde_json::Value`
//! and `serde::de::IgnoredAny` (the parser alone). Then encoding the decoded
//! page back to JSON, against encoding the same page held as `serde_json::Value`.
//!
//! `cargo bench -p okta-apps-tests --bench decode`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use okta_apps::models::Application;
use okta_apps::Items;
use serde_json::{json, Value};

/// One app as Okta lists it, of the `i`-th kind; every field Okta sends in that order.
fn app(i: usize) -> OktaOrder {
    let id = format!("0oa{i:017x}");
    let links = json!({
        "uploadLogo": {"href": format!("https://example.okta.com/api/v1/apps/{id}/logo"), "hints": {"allow": ["POST"]}},
        "appLinks": [{"name": "login", "href": format!("https://example.okta.com/home/app/{id}/1234"), "type": "text/html"}],
        "profileEnrollment": {"href": "https://example.okta.com/api/v1/policies/rst1"},
        "policies": {"href": format!("https://example.okta.com/api/v1/apps/{id}/policies"), "hints": {"allow": ["PUT"]}},
        "groups": {"href": format!("https://example.okta.com/api/v1/apps/{id}/groups")},
        "logo": [{"name": "medium", "href": "https://ok12static.oktacdn.com/assets/img/logos/default.png", "type": "image/png"}],
        "accessPolicy": {"href": "https://example.okta.com/api/v1/policies/rst2"},
        "users": {"href": format!("https://example.okta.com/api/v1/apps/{id}/users")},
        "deactivate": {"href": format!("https://example.okta.com/api/v1/apps/{id}/lifecycle/deactivate")}
    });
    let signing = json!({"kid": "sHHsnPeTE3Gz9u7UEjeETd7bHNbfvCnI_tG3nOfD0Xs"});
    let template = json!({"template": "${source.login}", "type": "BUILT_IN"});
    let notifications =
        json!({"vpn": {"network": {"connection": "DISABLED"}, "message": null, "helpUrl": null}});
    let notes = json!({"admin": null, "enduser": null});
    let (name, mode, credentials, settings) = match i % 8 {
        0 => (
            "bookmark",
            "BOOKMARK",
            json!({"userNameTemplate": template, "signing": {}}),
            json!({"app": {"requestIntegration": false, "url": "https://intranet.example.com/start"}, "notifications": notifications, "manualProvisioning": false, "implicitAssignment": false, "notes": notes}),
        ),
        1 | 2 => (
            "example_saml",
            if i % 8 == 1 { "SAML_2_0" } else { "SAML_1_1" },
            json!({"userNameTemplate": template, "signing": signing}),
            json!({"app": {}, "notifications": notifications, "manualProvisioning": false, "implicitAssignment": false, "notes": notes,
                "signOn": {"defaultRelayState": "", "ssoAcsUrl": "https://sp.example.com/sso/saml", "idpIssuer": "http://www.okta.com/${org.externalKey}",
                    "audience": "https://sp.example.com", "recipient": "https://sp.example.com/sso/saml", "destination": "https://sp.example.com/sso/saml",
                    "subjectNameIdTemplate": "${user.userName}", "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                    "responseSigned": true, "assertionSigned": true, "signatureAlgorithm": "RSA_SHA256", "digestAlgorithm": "SHA256",
                    "honorForceAuthn": true, "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                    "spIssuer": null, "requestCompressed": false, "allowMultipleAcsEndpoints": false, "acsEndpoints": [],
                    "attributeStatements": [{"type": "EXPRESSION", "name": "email", "namespace": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic", "values": ["user.email"]}],
                    "inlineHooks": [], "slo": {"enabled": false}}}),
        ),
        3 => (
            "oidc_client",
            "OPENID_CONNECT",
            json!({"userNameTemplate": template, "signing": {"kid": "abc"}, "oauthClient": {"autoKeyRotation": true, "client_id": id, "token_endpoint_auth_method": "client_secret_basic", "pkce_required": false}}),
            json!({"app": {}, "notifications": notifications, "manualProvisioning": false, "implicitAssignment": false, "notes": notes,
                "oauthClient": {"client_uri": null, "logo_uri": null, "redirect_uris": ["https://portal.example.com/authorization-code/callback"],
                    "post_logout_redirect_uris": ["https://portal.example.com"], "response_types": ["code"], "grant_types": ["authorization_code", "refresh_token"],
                    "application_type": "web", "consent_method": "REQUIRED", "issuer_mode": "DYNAMIC", "idp_initiated_login": {"mode": "DISABLED", "default_scope": []},
                    "wildcard_redirect": "DISABLED", "refresh_token": {"rotation_type": "ROTATE", "leeway": 30}}}),
        ),
        4 => (
            "template_swa",
            "BROWSER_PLUGIN",
            json!({"scheme": "EDIT_USERNAME_AND_PASSWORD", "userNameTemplate": template, "revealPassword": false, "signing": {}}),
            json!({"app": {"buttonField": "btn-login", "passwordField": "txtbox-password", "usernameField": "txtbox-username", "url": "https://legacy.example.com/login"}, "notifications": notifications, "notes": notes}),
        ),
        5 => (
            "template_basic_auth",
            "BASIC_AUTH",
            json!({"scheme": "EDIT_USERNAME_AND_PASSWORD", "userNameTemplate": template, "revealPassword": false, "signing": {}}),
            json!({"app": {"url": "https://basic.example.com/login", "authURL": "https://basic.example.com/auth"}, "notifications": notifications, "notes": notes}),
        ),
        6 => (
            "template_sps",
            "SECURE_PASSWORD_STORE",
            json!({"scheme": "EDIT_USERNAME_AND_PASSWORD", "userNameTemplate": template, "revealPassword": false, "signing": {}}),
            json!({"app": {"url": "https://sps.example.com/login", "passwordField": "#pass", "usernameField": "#user", "optionalField1": "param1", "optionalField1Value": "x"}, "notifications": notifications, "notes": notes}),
        ),
        _ => (
            "template_wsfed",
            "WS_FEDERATION",
            json!({"userNameTemplate": template, "signing": {}}),
            json!({"app": {"audienceRestriction": "urn:example:app", "groupName": null, "groupValueFormat": "windowsDomainQualifiedName", "realm": "urn:example:app", "wReplyURL": "https://wsfed.example.com/", "attributeStatements": null, "nameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", "siteURL": "https://wsfed.example.com", "wReplyOverride": false, "usernameAttribute": "username"}, "notifications": notifications, "notes": notes}),
        ),
    };
    // In Okta's order, tag before the variant's fields (see the
    // `listApplications` example in Okta's API reference); `json!` would sort
    // the keys.
    OktaOrder(vec![
        ("id", json!(id)),
        ("orgId", json!("00o1a2b3c4d5e6f7g8h9")),
        ("name", json!(name)),
        ("label", json!(format!("Application number {i}"))),
        (
            "status",
            json!(if i.is_multiple_of(5) {
                "INACTIVE"
            } else {
                "ACTIVE"
            }),
        ),
        ("lastUpdated", json!("2024-02-29T08:30:00.000Z")),
        ("created", json!("2023-01-15T17:04:11.000Z")),
        (
            "accessibility",
            json!({"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null}),
        ),
        (
            "visibility",
            json!({"autoLaunch": false, "autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}, "appLinks": {"login": true}}),
        ),
        ("features", json!([])),
        ("signOnMode", json!(mode)),
        ("credentials", credentials),
        ("settings", settings),
        ("_links", links),
    ])
}

/// An object whose top-level keys keep the order they were pushed in.
struct OktaOrder(Vec<(&'static str, Value)>);

impl serde::Serialize for OktaOrder {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

/// The page twice, from the same 200 apps: as Okta sends it (`signOnMode`
/// before the variant's fields), and with every app's keys sorted, which puts
/// `signOnMode` after `credentials`, `name` and `settings`: the worst case for
/// the union, whose variant fields must then wait as raw JSON until the tag is
/// known.
fn pages() -> (Vec<u8>, Vec<u8>) {
    let apps: Vec<OktaOrder> = (0..200).map(app).collect();
    let sorted: Vec<serde_json::Map<String, Value>> = apps
        .iter()
        .map(|app| {
            app.0
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect()
        })
        .collect();
    (
        serde_json::to_vec(&apps).expect("a page encodes"),
        serde_json::to_vec(&sorted).expect("a page encodes"),
    )
}

fn decode(c: &mut Criterion) {
    let (page, tag_last) = pages();
    // The page must be what it claims: 200 apps that all decode as known variants.
    let apps: Vec<Application> = serde_json::from_slice(&page).expect("the page decodes");
    assert_eq!(apps.len(), 200);
    assert!(apps.iter().all(|a| !matches!(a, Application::Other(_))));
    eprintln!(
        "listApplications page: {} apps, {} bytes",
        apps.len(),
        page.len()
    );

    let mut group = c.benchmark_group("listApplications_200");
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.sample_size(20);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(3));
    group.bench_function("Vec<Application>", |b| {
        b.iter(|| serde_json::from_slice::<Vec<Application>>(std::hint::black_box(&page)))
    });
    group.bench_function("Items<Application>", |b| {
        b.iter(|| Items::<Application>::from_slice(std::hint::black_box(&page)))
    });
    assert_eq!(tag_last.len(), page.len());
    group.bench_function("Vec<Application>, signOnMode last", |b| {
        b.iter(|| serde_json::from_slice::<Vec<Application>>(std::hint::black_box(&tag_last)))
    });
    // The tolerant reader's path: the strict decode fails on the last app's `created`
    // (epoch milliseconds), and the page is read again with every field as text first.
    let last_created = br#""created":"2023-01-15T17:04:11.000Z""#;
    let at = page
        .windows(last_created.len())
        .rposition(|w| w == last_created)
        .expect("a created to spoil");
    let mut unfit = page[..at].to_vec();
    unfit.extend_from_slice(br#""created":1673802251000"#);
    unfit.extend_from_slice(&page[at + last_created.len()..]);
    let kept = Items::<Application>::from_slice(&unfit).expect("kept");
    assert!(kept.is_complete());
    assert_eq!(okta_apps::Mismatches::mismatches(&kept).len(), 1);
    group.bench_function(
        "Items<Application>, one value of the wrong type (tolerant)",
        |b| b.iter(|| Items::<Application>::from_slice(std::hint::black_box(&unfit))),
    );
    group.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(std::hint::black_box(&page)))
    });
    group.bench_function("every string owned, nothing kept", |b| {
        b.iter(|| serde_json::from_slice::<OwnedStrings>(std::hint::black_box(&page)))
    });
    group.bench_function("IgnoredAny", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(std::hint::black_box(&page)))
    });
    group.finish();
}

/// A third floor: what any decoder into owned Rust values pays at least.
/// Every key is read as text, so it is checked as UTF-8, which `IgnoredAny`
/// skips (keys are borrowed: the page has no escapes); every string value is
/// copied into a `String` and dropped; no struct, map or vector is built.
struct OwnedStrings;

impl<'de> serde::Deserialize<'de> for OwnedStrings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OwnedStringsVisitor)
    }
}

struct OwnedStringsVisitor;

impl<'de> serde::de::Visitor<'de> for OwnedStringsVisitor {
    type Value = OwnedStrings;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<OwnedStrings, E> {
        Ok(OwnedStrings)
    }

    fn visit_i64<E>(self, _: i64) -> Result<OwnedStrings, E> {
        Ok(OwnedStrings)
    }

    fn visit_u64<E>(self, _: u64) -> Result<OwnedStrings, E> {
        Ok(OwnedStrings)
    }

    fn visit_f64<E>(self, _: f64) -> Result<OwnedStrings, E> {
        Ok(OwnedStrings)
    }

    fn visit_unit<E>(self) -> Result<OwnedStrings, E> {
        Ok(OwnedStrings)
    }

    fn visit_str<E>(self, text: &str) -> Result<OwnedStrings, E> {
        std::hint::black_box(text.to_owned());
        Ok(OwnedStrings)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<OwnedStrings, A::Error> {
        while seq.next_element::<OwnedStrings>()?.is_some() {}
        Ok(OwnedStrings)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<OwnedStrings, A::Error> {
        while map.next_key::<&'de str>()?.is_some() {
            map.next_value::<OwnedStrings>()?;
        }
        Ok(OwnedStrings)
    }
}

fn encode(c: &mut Criterion) {
    let (page, _) = pages();
    let apps: Vec<Application> = serde_json::from_slice(&page).expect("the page decodes");
    let value: Value = serde_json::from_slice(&page).expect("the page is JSON");
    let encoded = serde_json::to_vec(&apps).expect("the page encodes");
    // What is encoded must be the page again, or the figure measures something smaller.
    assert_eq!(
        serde_json::from_slice::<Value>(&encoded).expect("JSON"),
        value
    );

    let mut group = c.benchmark_group("listApplications_200_encode");
    group.throughput(Throughput::Bytes(encoded.len() as u64));
    group.sample_size(20);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(3));
    group.bench_function("Vec<Application>", |b| {
        b.iter(|| serde_json::to_vec(std::hint::black_box(&apps)))
    });
    group.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::to_vec(std::hint::black_box(&value)))
    });
    group.finish();
}

criterion_group!(benches, decode, encode);
criterion_main!(benches);
