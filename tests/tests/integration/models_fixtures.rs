//! Fixture tests: real-shaped responses with everything Okta's own SDKs lose
//! (unknown enum values, unknown fields at every level, unknown or missing
//! `signOnMode`, both SAML modes, nulls) decode, and re-encode to the same JSON.

use okta_apps::models::{
    Application, ApplicationCommon, ApplicationLifecycleStatus, ApplicationSignOnMode,
    BookmarkApplication, BookmarkApplicationSettings, BookmarkApplicationSettingsApplication,
    OAuthGrantType, OpenIdConnectApplication, OpenIdConnectApplicationConsentMethod,
};
use okta_apps::{Items, Timestamp};
use serde_json::{json, Value};

const PAGE: &str = include_str!("../../fixtures/models/app_page.json");
const MALFORMED: &str = include_str!("../../fixtures/models/page_with_malformed_item.json");

fn page() -> Vec<Application> {
    serde_json::from_str(PAGE).expect("the fixture page decodes")
}

#[test]
fn a_page_re_encodes_to_exactly_the_json_it_came_from() {
    let apps = page();
    let original: Value = serde_json::from_str(PAGE).expect("fixture is JSON");
    assert_eq!(serde_json::to_value(&apps).expect("encodes"), original);
    for (app, original) in apps.iter().zip(original.as_array().expect("a list")) {
        let text = serde_json::to_string(app).expect("encodes");
        let again: Application = serde_json::from_str(&text).expect("decodes again");
        assert_eq!(&again, app);
        assert_eq!(
            &serde_json::from_str::<Value>(&text).expect("JSON"),
            original
        );
    }
}

#[test]
fn each_sign_on_mode_selects_its_variant() {
    let apps = page();
    let kinds: Vec<&str> = apps
        .iter()
        .map(|app| match app {
            Application::Bookmark(_) => "bookmark",
            Application::Saml(_) => "saml",
            Application::OpenIdConnect(_) => "oidc",
            Application::Other(_) => "other",
            _ => "something else",
        })
        .collect();
    assert_eq!(
        kinds,
        ["bookmark", "saml", "saml", "oidc", "other", "other", "bookmark", "other"]
    );
}

#[test]
fn both_saml_modes_reach_the_saml_variant_and_keep_which_one_it_was() {
    let apps = page();
    let modes: Vec<_> = apps[1..3]
        .iter()
        .map(|app| match app {
            Application::Saml(saml) => saml.sign_on_mode.clone(),
            other => panic!("expected SAML, got {other:?}"),
        })
        .collect();
    assert_eq!(
        modes,
        [ApplicationSignOnMode::Saml11, ApplicationSignOnMode::Saml20]
    );
    let Application::Saml(legacy) = &apps[1] else {
        unreachable!()
    };
    let sign_on = legacy
        .settings
        .as_ref()
        .and_then(|s| s.sign_on.as_ref())
        .expect("signOn");
    assert_eq!(sign_on.audience.as_deref(), Some("urn:legacy"));
    let acs = &sign_on.acs_endpoints.as_ref().expect("acsEndpoints")[0];
    assert_eq!(acs.additional_properties["binding"], "POST");
}

#[test]
fn unknown_and_missing_sign_on_modes_keep_every_field_and_expose_the_common_ones() {
    let apps = page();
    let mock = &apps[4];
    assert_eq!(
        mock.sign_on_mode(),
        Some(&ApplicationSignOnMode::from("string"))
    );
    assert_eq!(mock.id(), Some("0oa5mock"));
    assert_eq!(mock.label(), Some("From a generic mock server"));
    assert_eq!(
        mock.status(),
        Some(&ApplicationLifecycleStatus::from("string"))
    );
    assert_eq!(mock.status().map(|s| s.as_str()), Some("string"));
    // Variant-specific fields of an unknown kind are kept as JSON.
    assert_eq!(
        mock.additional_properties()["credentials"],
        json!({"anything": [1, 2, 3]})
    );
    assert_eq!(mock.additional_properties()["name"], "string");

    let missing = &apps[5];
    assert_eq!(missing.sign_on_mode(), None);
    assert_eq!(missing.id(), Some("0oa6nomode"));
    assert_eq!(
        missing.last_updated().map(Timestamp::as_str),
        Some("2024-06-01T12:00:00.000-07:00")
    );

    let null = &apps[7];
    assert!(matches!(null, Application::Other(_)));
    assert_eq!(null.sign_on_mode(), None);
    assert_eq!(null.additional_properties()["signOnMode"], Value::Null);
}

#[test]
fn accessors_and_links_read_through_the_union() {
    let apps = page();
    let bookmark = &apps[0];
    assert_eq!(bookmark.id(), Some("0oa1bookmark"));
    assert_eq!(bookmark.label(), Some("Intranet"));
    assert_eq!(bookmark.status(), Some(&ApplicationLifecycleStatus::Active));
    assert_eq!(
        bookmark.sign_on_mode(),
        Some(&ApplicationSignOnMode::Bookmark)
    );
    let links = bookmark.links().expect("_links");
    assert_eq!(
        links.value().expect("fits")["self"]["href"],
        "https://example.okta.com/api/v1/apps/0oa1bookmark"
    );
    assert_eq!(
        bookmark
            .embedded()
            .expect("_embedded")
            .value()
            .expect("fits")["user"]["id"],
        "00u1"
    );
    assert_eq!(bookmark.additional_properties()["orgId"], "00o1org");
}

#[test]
fn unknown_fields_are_kept_at_every_nesting_level() {
    let apps = page();
    let Application::Bookmark(app) = &apps[0] else {
        panic!("bookmark")
    };
    let accessibility = app.base.accessibility.as_ref().expect("accessibility");
    assert_eq!(
        accessibility.additional_properties["futureFlag"],
        json!({"nested": [1, 2.5, "x"]})
    );
    let hide = app
        .base
        .visibility
        .as_ref()
        .and_then(|v| v.hide.as_ref())
        .expect("hide");
    assert_eq!(hide.additional_properties["watchOS"], true);
    let credentials = app.credentials.as_ref().expect("credentials");
    assert_eq!(credentials.additional_properties["unknownCred"], 7);
    let template = credentials.user_name_template.as_ref().expect("template");
    assert_eq!(template.push_status.as_deref(), Some("DONT_PUSH"));
    assert_eq!(template.r#type.as_deref(), Some("BUILT_IN"));
    assert_eq!(template.additional_properties["userSuffix"], "@corp");
    let settings = app.settings.as_ref().expect("settings");
    assert_eq!(
        settings.additional_properties["emOptInStatus"],
        "NOT_ENABLED"
    );
    let inner = settings.app.as_ref().expect("settings.app");
    assert_eq!(inner.url.as_deref(), Some("https://intranet.example.com"));
    assert_eq!(inner.additional_properties["extra"], "kept");

    let Application::OpenIdConnect(oidc) = &apps[3] else {
        panic!("oidc")
    };
    let client = oidc
        .settings
        .as_ref()
        .and_then(|s| s.oauth_client.as_ref())
        .expect("oauthClient");
    let key = &client
        .jwks
        .as_ref()
        .and_then(|j| j.keys.as_ref())
        .expect("keys")[0];
    assert_eq!(key.x5t_s256.as_deref(), Some("abc"));
    assert_eq!(key.key_ops.as_deref(), Some(&["verify".to_owned()][..]));
    assert_eq!(key.additional_properties["crv"], "unknown-field");
}

#[test]
fn unknown_enum_values_are_kept() {
    let apps = page();
    let Application::OpenIdConnect(oidc) = &apps[3] else {
        panic!("oidc")
    };
    let client = oidc
        .settings
        .as_ref()
        .and_then(|s| s.oauth_client.as_ref())
        .expect("oauthClient");
    assert_eq!(
        client.grant_types.as_deref(),
        Some(
            &[
                OAuthGrantType::AuthorizationCode,
                OAuthGrantType::from("urn:ietf:params:oauth:grant-type:future"),
            ][..]
        )
    );
    assert_eq!(
        client.consent_method,
        Some(OpenIdConnectApplicationConsentMethod::from("SOMETHING_NEW"))
    );
    let method = oidc
        .credentials
        .as_ref()
        .and_then(|c| c.oauth_client.as_ref())
        .and_then(|c| c.token_endpoint_auth_method.as_ref())
        .expect("token_endpoint_auth_method");
    assert_eq!(method.as_str(), "private_key_jwt_v2");
    assert_eq!(method.to_string(), "private_key_jwt_v2");
}

#[test]
fn nulls_decode_as_unset_and_are_written_back() {
    let apps = page();
    let Application::Bookmark(late) = &apps[6] else {
        panic!("bookmark with a late tag")
    };
    assert_eq!(late.base.label, None);
    assert_eq!(late.base.features, None);
    assert_eq!(late.base.additional_properties["label"], Value::Null);
    assert_eq!(late.base.id.as_deref(), Some("0oa7latetag"));
    // Fields before the tag were kept for the variant, typed.
    let url = late
        .settings
        .as_ref()
        .and_then(|s| s.app.as_ref())
        .and_then(|a| a.url.as_deref());
    assert_eq!(url, Some("https://late-tag.example.com"));
    assert_eq!(late.name.as_deref(), Some("bookmark"));
    let encoded = serde_json::to_value(late).expect("encodes");
    assert_eq!(encoded["label"], Value::Null);

    // Setting a field that arrived as null writes the value, once.
    let mut changed = late.clone();
    changed.base.label = Some("Named now".into());
    let text = serde_json::to_string(&changed).expect("encodes");
    assert_eq!(text.matches("\"label\"").count(), 1);
    let value: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(value["label"], "Named now");
}

#[test]
fn timestamps_keep_their_exact_text() {
    let apps = page();
    let Application::Bookmark(app) = &apps[0] else {
        panic!("bookmark")
    };
    let updated = app.base.last_updated.as_ref().expect("lastUpdated");
    assert_eq!(updated.as_str(), "2024-02-29T08:30:00.000Z");
    assert_eq!(updated.unix_seconds(), Some(1_709_195_400));
    let created = app.base.created.as_ref().expect("created");
    assert_eq!(created.as_str(), "2023-12-31T23:59:59.123456789+01:00");
    assert_eq!(created.subsec_nanos(), Some(123_456_789));
    assert_eq!(created.offset_minutes(), Some(60));
    // 23:59:59 at +01:00 is 22:59:59Z.
    assert_eq!(created.unix_seconds(), Some(1_704_063_599));
    assert!(created < updated);
    let encoded = serde_json::to_value(app).expect("encodes");
    assert_eq!(encoded["lastUpdated"], "2024-02-29T08:30:00.000Z");
}

#[test]
fn a_timestamp_that_is_not_rfc_3339_is_kept_and_reported_with_its_path() {
    for created in [
        "yesterday",
        "2025-09-24 04:05:52.0",
        "Wed Mar 04 10:08:01 UTC 2026",
    ] {
        let json = format!(r#"[{{"id":"a","signOnMode":"BOOKMARK","created":"{created}"}}]"#);
        let items = Items::<Application>::from_slice(json.as_bytes()).expect("a list");
        assert!(items.is_complete(), "{items:?}");
        let app = items.ok().next().expect("the app");
        let kept = app.created().expect("kept as text");
        assert_eq!(kept.as_str(), created);
        assert!(!kept.is_rfc3339());
        assert_eq!((kept.unix_seconds(), kept.to_system_time()), (None, None));
        assert!(kept.check().is_err());
        let found = okta_apps::Mismatches::mismatches(&items);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path(), "[0].created");
        assert_eq!(found[0].expected(), "an RFC 3339 date-time string");
        assert_eq!(found[0].received(), Some(format!("\"{created}\"").as_str()));
        assert_eq!(
            serde_json::to_value(&items).expect("encodes"),
            serde_json::from_str::<Value>(&json).expect("JSON")
        );
    }
}

#[test]
fn a_value_of_the_wrong_type_never_loses_its_item_and_a_malformed_item_never_loses_the_page() {
    // `redirect_uris` holds a number: the list is kept aside, as it came, and the app decodes.
    let items = Items::<Application>::from_slice(MALFORMED.as_bytes()).expect("a JSON list");
    assert_eq!(items.len(), 3);
    assert!(items.is_complete(), "{items:?}");
    let ok: Vec<_> = items.ok().map(|a| a.id().unwrap_or_default()).collect();
    assert_eq!(ok, ["0oa1bookmark", "0oa4oidc", "0oa2saml11"]);
    let found = okta_apps::Mismatches::mismatches(&items);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path(), "[1].settings.oauthClient.redirect_uris");
    assert_eq!(found[0].expected(), "a list of a string");
    assert!(
        found[0].received().is_some_and(|r| r.contains("42")),
        "{found:?}"
    );
    // Nothing is lost: the value is written back verbatim, in place.
    let original: Value = serde_json::from_str(MALFORMED).expect("JSON");
    assert_eq!(serde_json::to_value(&items).expect("encodes"), original);
    // A strict decode, which `serde_json` does of a model, still fails.
    assert!(serde_json::from_str::<Vec<Application>>(MALFORMED).is_err());

    // An item that is not an app at all is an error in its place; the others are there.
    let list = r#"[{"id":"a","signOnMode":"BOOKMARK"},"not an app",{"id":"c"}]"#;
    let items = Items::<Application>::from_slice(list.as_bytes()).expect("a JSON list");
    let errors: Vec<_> = items.errors().collect();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].index(), errors[0].path()), (1, "[1]"));
    assert!(
        errors[0]
            .message()
            .starts_with("invalid type: string, expected"),
        "{}",
        errors[0]
    );
    assert!(!errors[0].message().contains("not an app"), "{}", errors[0]);
    assert_eq!(serde_json::to_string(&items).expect("encodes"), list);
    let via_serde: Items<Application> = serde_json::from_str(list).expect("a JSON list");
    assert_eq!(
        via_serde.errors().next().map(|e| e.path()),
        Some(errors[0].path())
    );
    let (ok, bad) = items.into_parts();
    assert_eq!((ok.len(), bad.len()), (2, 1));
}

#[test]
fn a_clean_page_decodes_completely() {
    let items = Items::<Application>::from_slice(PAGE.as_bytes()).expect("a JSON list");
    assert!(items.is_complete());
    assert_eq!(items.into_complete().expect("complete"), page());
    assert!(Items::<Application>::from_slice(b"{\"not\": \"a list\"}").is_err());
}

#[test]
fn request_bodies_need_no_default_boilerplate() {
    let app = BookmarkApplication::new()
        .with_label("Intranet")
        .with_settings(BookmarkApplicationSettings::new().with_app(
            BookmarkApplicationSettingsApplication::new().with_url("https://intranet.example.com"),
        ));
    let body: Application = app.clone().into();
    assert_eq!(
        serde_json::to_value(&body).expect("encodes"),
        json!({
            "label": "Intranet",
            "name": "bookmark",
            "signOnMode": "BOOKMARK",
            "settings": {"app": {"url": "https://intranet.example.com"}}
        })
    );
    assert_eq!(BookmarkApplication::default(), BookmarkApplication::new());
    let oidc = OpenIdConnectApplication::new().with_label("Portal");
    assert_eq!(oidc.name.as_deref(), Some("oidc_client"));
    assert_eq!(oidc.sign_on_mode, ApplicationSignOnMode::OpenIdConnect);
    // Decoding what was built gives it back.
    let text = serde_json::to_string(&body).expect("encodes");
    assert_eq!(
        serde_json::from_str::<Application>(&text).expect("decodes"),
        Application::Bookmark(app)
    );
}

#[test]
fn duplicate_known_fields_are_refused() {
    let error =
        serde_json::from_str::<Application>(r#"{"signOnMode":"BOOKMARK","label":"a","label":"b"}"#)
            .expect_err("duplicate");
    assert!(
        error.to_string().contains("duplicate field `label`"),
        "{error}"
    );
}
