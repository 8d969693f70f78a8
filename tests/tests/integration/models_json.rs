//! `Json` (free-form fields kept as text, parsed on first read) and the
//! inline `Timestamp` text.

use okta_apps::models::{AppUser, ApplicationBase, ApplicationCommon};
use okta_apps::{Json, Timestamp};
use serde_json::{json, Value};

#[test]
fn free_form_fields_keep_their_exact_text() {
    // Odd spacing, key order and number spelling must all come back as sent.
    // (Fields in spec order, as the encoder writes them.)
    let text = r#"{"id":"0oa1","profile":{"z":1,"a":[true,null]},"_links":{ "self" : {"href":"https://x/0oa1"}, "a":1.50e1 }}"#;
    let app: ApplicationBase = serde_json::from_str(text).expect("decodes");
    let links = app.links.as_ref().expect("_links");
    assert_eq!(
        links.as_text(),
        r#"{ "self" : {"href":"https://x/0oa1"}, "a":1.50e1 }"#
    );
    assert_eq!(serde_json::to_string(&app).expect("encodes"), text);
    // Reading goes through the parsed value, a `serde_json::Value`.
    let value = links.value().expect("fits a Value");
    assert_eq!(value["self"]["href"], "https://x/0oa1");
    assert_eq!(value.get("a").and_then(Value::as_f64), Some(15.0));
    assert!(value.get("missing").is_none());
    let profile = app.profile.as_ref().expect("profile");
    assert_eq!(profile.value().expect("fits")["a"][1], Value::Null);
}

#[test]
fn equality_is_by_text_but_for_whitespace_and_by_value_against_a_value() {
    let spaced = Json::from_text("{ \"a\": [1, 2],\n\t\"b\": \" x \" }").expect("JSON");
    let compact = Json::from(json!({"a": [1, 2], "b": " x "}));
    assert_eq!(spaced, compact);
    // Whitespace inside a string is part of the value.
    assert_ne!(spaced, Json::from(json!({"a": [1, 2], "b": "x"})));
    assert_ne!(spaced, Json::from(json!({"a": [1, 2], "b": " x  "})));
    // Key order and number spelling are part of the text; `value()` compares as serde_json does.
    let reordered = Json::from_text(r#"{"b":" x ","a":[1,2]}"#).expect("JSON");
    assert_ne!(spaced, reordered);
    assert_eq!(
        spaced.value().expect("fits"),
        reordered.value().expect("fits")
    );
    assert_eq!(spaced, json!({"a": [1, 2], "b": " x "}));
    assert_ne!(spaced, json!({"a": [1, 2], "b": 3}));
    // An escaped quote does not end the string: the space after it is inside.
    let quoted = Json::from_text(r#"["a\" b"]"#).expect("JSON");
    assert_ne!(quoted, Json::from_text(r#"["a\"b"]"#).expect("JSON"));
    assert!(Json::from_text("{").is_err());
    assert!(Json::from_text("1 2").is_err());
}

#[test]
fn constructors_parse_and_conversions() {
    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
    struct Link {
        href: String,
    }
    let link = Json::from_serialize(&Link {
        href: "https://x".into(),
    })
    .expect("encodes");
    assert_eq!(link.as_text(), r#"{"href":"https://x"}"#);
    assert_eq!(
        link.parse::<Link>().expect("typed"),
        Link {
            href: "https://x".into()
        }
    );
    assert!(link.parse::<Vec<u8>>().is_err());
    assert_eq!(Json::default().as_text(), "null");
    assert_eq!(Json::null(), Value::Null);
    let value = Value::try_from(Json::from_text("[1,{\"a\":\"b\"}]").expect("JSON"));
    assert_eq!(value.expect("fits"), json!([1, {"a": "b"}]));
    let cloned = link.clone();
    assert_eq!(
        cloned.to_value().expect("fits"),
        json!({"href": "https://x"})
    );
    assert_eq!(format!("{link}"), r#"{"href":"https://x"}"#);
}

#[test]
fn setters_take_json_values() {
    let user = AppUser::new().with_profile(json!({"role": "admin", "groups": ["a"]}));
    let encoded = serde_json::to_value(&user).expect("encodes");
    assert_eq!(
        encoded["profile"],
        json!({"role": "admin", "groups": ["a"]})
    );
    let back: AppUser = serde_json::from_value(encoded).expect("decodes");
    assert_eq!(back, user);
    assert_eq!(
        back.profile
            .as_ref()
            .and_then(|p| p.value().expect("fits").get("role").cloned()),
        Some(json!("admin"))
    );
}

#[test]
fn timestamps_of_any_length_keep_their_text() {
    for text in [
        "2024-02-29T08:30:00Z",
        "2024-02-29T08:30:00.000Z",
        "2024-02-29T08:30:00.123456789+02:00",
        // Longer than the inline buffer: kept on the heap, still exact.
        "2024-02-29T08:30:00.123456789123456789-11:30",
    ] {
        let ts = Timestamp::parse(text).expect("valid");
        assert_eq!(ts.as_str(), text);
        assert_eq!(ts.to_string(), text);
        assert_eq!(ts.clone().into_string(), text);
        assert_eq!(String::from(ts.clone()), text);
        let decoded: Timestamp = serde_json::from_value(json!(text)).expect("decodes");
        assert_eq!(decoded, ts);
        assert_eq!(
            serde_json::to_value(&decoded).expect("encodes"),
            json!(text)
        );
    }
    let short = Timestamp::parse("2024-02-29T08:30:00Z").expect("valid");
    let long = Timestamp::parse("2024-02-29T08:30:00.000000000000Z").expect("valid");
    assert_ne!(short, long);
    assert_eq!(short.unix_seconds(), long.unix_seconds());
}

#[test]
fn union_fields_before_the_tag_land_where_they_belong() {
    use okta_apps::models::Application;
    // Unknown keys, a variant's own fields and a null, all before `signOnMode`.
    let json = json!({
        "orgId": "00o1",
        "name": "bookmark",
        "settings": {"app": {"url": "https://intranet.example.com", "extra": [1]}},
        "credentials": null,
        "future": {"deep": {"x": null}},
        "label": "Intranet",
        "signOnMode": "BOOKMARK",
        "later": true
    });
    let app: Application = serde_json::from_value(json.clone()).expect("decodes");
    let Application::Bookmark(bookmark) = &app else {
        panic!("a bookmark app: {app:?}");
    };
    assert_eq!(bookmark.name.as_deref(), Some("bookmark"));
    let settings = bookmark.settings.as_ref().expect("settings");
    assert_eq!(
        settings.app.as_ref().and_then(|a| a.url.as_deref()),
        Some("https://intranet.example.com")
    );
    assert_eq!(bookmark.base.additional_properties["orgId"], "00o1");
    assert_eq!(
        bookmark.base.additional_properties["credentials"],
        Value::Null
    );
    assert_eq!(
        bookmark.base.additional_properties["future"],
        json!({"deep": {"x": null}})
    );
    assert_eq!(bookmark.base.additional_properties["later"], true);
    assert_eq!(serde_json::to_value(&app).expect("encodes"), json);

    // The same keys under a mode nobody knows: everything kept in `Other`.
    let mut unknown = json.clone();
    unknown["signOnMode"] = json!("FUTURE_MODE");
    let app: Application = serde_json::from_value(unknown.clone()).expect("decodes");
    assert!(matches!(app, Application::Other(_)));
    assert_eq!(app.label(), Some("Intranet"));
    assert_eq!(serde_json::to_value(&app).expect("encodes"), unknown);
}
