//! JSON that a hostile (or merely unusual) server may send: nesting deeper than
//! serde_json's limit, numbers beyond `f64`, lone surrogates, duplicate keys. Nothing
//! may be read as a value it is not, and unknown members come back byte for byte.

use okta_apps::models::{AppUser, Application, ApplicationBase, ApplicationVisibility};
use okta_apps::{Items, Json};
use serde_json::{json, Value};

fn deep_array(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn a_profile_deeper_than_serde_jsons_limit_is_kept_and_never_read_as_null() {
    let profile = deep_array(1000);
    let text = format!(r#"{{"id":"00u1","profile":{profile}}}"#);
    let user: AppUser = serde_json::from_str(&text).expect("decodes: the profile is kept as text");
    let kept = user.profile.as_ref().expect("profile");
    assert_eq!(kept.as_text(), profile);
    let error = kept.value().expect_err("too deep for a serde_json::Value");
    assert!(error.to_string().contains("recursion limit"), "{error}");
    assert!(kept.to_value().is_err() && kept.clone().into_value().is_err());
    assert_ne!(*kept, Json::null());
    assert_ne!(*kept, Value::Null);
    assert_eq!(serde_json::to_string(&user).expect("encodes"), text);
}

#[test]
fn numbers_beyond_f64_and_lone_surrogates_are_kept_and_never_equal_each_other() {
    let texts = [r#"1e400"#, r#""\ud800""#, r#""\udfff""#, r#"-1e400"#];
    let users: Vec<AppUser> = texts
        .iter()
        .map(|t| serde_json::from_str(&format!(r#"{{"profile":{t}}}"#)).expect("decodes"))
        .collect();
    for (user, text) in users.iter().zip(texts) {
        let profile = user.profile.as_ref().expect("profile");
        assert_eq!(profile.as_text(), text);
        assert!(profile.value().is_err(), "{text} does not fit a Value");
        assert_ne!(*profile, Json::null(), "{text}");
        assert_ne!(*profile, Value::Null, "{text}");
        assert_eq!(
            serde_json::to_string(user).expect("encodes"),
            format!(r#"{{"profile":{text}}}"#)
        );
    }
    for (i, a) in users.iter().enumerate() {
        for (j, b) in users.iter().enumerate() {
            assert_eq!(a == b, i == j, "{} vs {}", texts[i], texts[j]);
        }
    }
    assert_ne!(users[0], AppUser::new().with_profile(Json::null()));
}

#[test]
fn a_value_that_does_not_fit_is_kept_exactly_never_null() {
    // Too deep for a `Value`, or beyond `f64`, where a string is documented: kept as
    // text under its name, the item decodes, and it goes back byte for byte.
    for id in [deep_array(1000), "1e400".to_owned()] {
        let list = format!(r#"[{{"id":"00u1"}},{{"id":{id}}}]"#);
        let items: Items<AppUser> = Items::from_slice(list.as_bytes()).expect("a list");
        assert!(items.is_complete(), "{items:?}");
        let user = items.ok().nth(1).expect("the second user");
        assert_eq!(user.id, None);
        assert_eq!(user.additional_properties["id"].as_text(), id);
        assert_eq!(serde_json::to_string(&items).expect("encodes"), list);
        let found = okta_apps::Mismatches::mismatches(&items);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].path(), found[0].expected()),
            ("[1].id", "a string")
        );
    }
    // An item that is not an object at all is still an error in its place.
    let list = format!(r#"[{{"id":"00u1"}},{}]"#, deep_array(1000));
    let items: Items<AppUser> = Items::from_slice(list.as_bytes()).expect("a list");
    let bad = items.errors().next().expect("one bad item");
    assert_eq!(bad.index(), 1);
    assert!(bad.to_value().is_err(), "too deep for a Value");
    assert_eq!(bad.raw_json(), deep_array(1000));
}

#[test]
fn unknown_members_are_written_back_byte_for_byte() {
    for member in [
        "12345678901234567890123",
        "0.1000000000000000000001",
        "1e400",
        "-0.0",
        "1.50E+2",
        r#""\ud800""#,
        r#""caf\u00e9 \"quoted\"""#,
        r#"{"b":1,"a":[1.0,2e-999]}"#,
        &deep_array(300),
    ] {
        // At the top level, nested in a model, and in a union with an unknown mode.
        // Known fields come first when encoded, then the others.
        let app = format!(r#"{{"id":"0oa1","visibility":{{"y":{member}}},"x":{member}}}"#);
        let decoded: ApplicationBase = serde_json::from_str(&app).expect("decodes");
        assert_eq!(decoded.additional_properties["x"].as_text(), member);
        let visibility: &ApplicationVisibility = decoded.visibility.as_ref().expect("visibility");
        assert_eq!(visibility.additional_properties["y"].as_text(), member);
        assert_eq!(serde_json::to_string(&decoded).expect("encodes"), app);

        let union = format!(r#"{{"signOnMode":"FUTURE","name":{member},"z":{member}}}"#);
        let decoded: Application = serde_json::from_str(&union).expect("decodes");
        assert!(matches!(decoded, Application::Other(_)));
        assert_eq!(serde_json::to_string(&decoded).expect("encodes"), union);
    }
}

#[test]
fn a_duplicate_key_is_an_error_wherever_it_is() {
    let cases = [
        // A known field, an unknown one, a null then a value, a value then a null.
        r#"{"id":"a","id":"b"}"#,
        r#"{"x":1,"x":2}"#,
        r#"{"label":null,"label":"b"}"#,
        r#"{"label":"a","label":null}"#,
        // Nested in a known object.
        r#"{"visibility":{"x":1,"x":2}}"#,
        // The union's tag, and a variant's field before and after the tag.
        r#"{"signOnMode":"BOOKMARK","signOnMode":"BOOKMARK"}"#,
        r#"{"name":"a","signOnMode":"BOOKMARK","name":"b"}"#,
        r#"{"name":"a","name":"b","signOnMode":"BOOKMARK"}"#,
        // An unknown mode: every field goes to the base, and the rule stays the same.
        r#"{"name":"a","signOnMode":"FUTURE","name":"b"}"#,
        r#"{"name":"a","name":"b","signOnMode":"FUTURE"}"#,
        r#"{"signOnMode":"FUTURE","x":1,"x":2}"#,
        r#"{"x":1,"signOnMode":"FUTURE","x":2}"#,
        r#"{"x":1,"signOnMode":"BOOKMARK","x":2}"#,
    ];
    for case in cases {
        let error = serde_json::from_str::<Application>(case).expect_err(case);
        assert!(
            error.to_string().contains("duplicate field"),
            "{case}: {error}"
        );
    }
    let error = serde_json::from_str::<ApplicationBase>(r#"{"y":[1],"y":{}}"#).expect_err("dup");
    assert!(error.to_string().contains("duplicate field `y`"), "{error}");
}

#[test]
fn models_built_from_values_still_compare_and_encode() {
    let user = AppUser::new()
        .with_profile(json!({"role": "admin"}))
        .with_additional_property(
            "big",
            Json::from_text("12345678901234567890123").expect("JSON"),
        );
    let text = serde_json::to_string(&user).expect("encodes");
    assert_eq!(
        text,
        r#"{"profile":{"role":"admin"},"big":12345678901234567890123}"#
    );
    let back: AppUser = serde_json::from_str(&text).expect("decodes");
    assert_eq!(back, user);
}
