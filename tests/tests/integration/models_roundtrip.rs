//! Property tests: for every model, values generated from the spec (unknown
//! fields, unknown enum values, nulls, every union tag and unknown ones, odd
//! date-times) decode, re-encode to exactly the same JSON, and decode again
//! to an equal value: decode(encode(x)) == x.

use std::collections::BTreeSet;

use codegen::ir::{Api, ModelKind, Type};
use codegen::{load_ir, SpecText};
use okta_apps::models::ApplicationCommon;
use okta_apps::models::*;
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use proptest::test_runner::{Config, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// Every model the crate exports, for dispatch by name (checked against the IR below).
macro_rules! models {
    ($mac:ident) => {
        $mac! {
        AcsEndpoint,
        AppUser,
        AppUserCredentials,
        AppUserPasswordCredential,
        Application,
        ApplicationAccessibility,
        ApplicationBase,
        ApplicationCredentials,
        ApplicationCredentialsOAuthClient,
        ApplicationCredentialsScheme,
        ApplicationCredentialsSigning,
        ApplicationCredentialsSigningUse,
        ApplicationCredentialsUsernameTemplate,
        ApplicationFeature,
        ApplicationGroupAssignment,
        ApplicationLicensing,
        ApplicationLifecycleStatus,
        ApplicationSettings,
        ApplicationSettingsNotes,
        ApplicationSettingsNotifications,
        ApplicationSettingsNotificationsVpn,
        ApplicationSettingsNotificationsVpnNetwork,
        ApplicationSignOnMode,
        ApplicationVisibility,
        ApplicationVisibilityHide,
        AutoLoginApplication,
        AutoLoginApplicationSettings,
        AutoLoginApplicationSettingsSignOn,
        BasicApplicationSettings,
        BasicApplicationSettingsApplication,
        BasicAuthApplication,
        BookmarkApplication,
        BookmarkApplicationSettings,
        BookmarkApplicationSettingsApplication,
        BrowserPluginApplication,
        CapabilitiesCreateObject,
        CapabilitiesObject,
        CapabilitiesUpdateObject,
        ChangeEnum,
        Csr,
        CsrMetadata,
        CsrMetadataSubject,
        CsrMetadataSubjectAltNames,
        EnabledStatus,
        ErrorModel,
        GrantOrTokenStatus,
        JsonWebKey,
        LifecycleCreateSettingObject,
        LifecycleDeactivateSettingObject,
        OAuth2Actor,
        OAuth2ScopeConsentGrant,
        OAuth2ScopeConsentGrantSource,
        OAuth2Token,
        OAuthApplicationCredentials,
        OAuthEndpointAuthenticationMethod,
        OAuthGrantType,
        OAuthResponseType,
        OpenIdConnectApplication,
        OpenIdConnectApplicationConsentMethod,
        OpenIdConnectApplicationIdpInitiatedLogin,
        OpenIdConnectApplicationIssuerMode,
        OpenIdConnectApplicationSettings,
        OpenIdConnectApplicationSettingsClient,
        OpenIdConnectApplicationSettingsClientKeys,
        OpenIdConnectApplicationSettingsRefreshToken,
        OpenIdConnectApplicationType,
        OpenIdConnectRefreshTokenRotationType,
        OtherApplication,
        PasswordCredential,
        PasswordCredentialHash,
        PasswordCredentialHashAlgorithm,
        PasswordCredentialHook,
        PasswordSettingObject,
        ProfileSettingObject,
        ProvisioningConnection,
        ProvisioningConnectionAuthScheme,
        ProvisioningConnectionProfile,
        ProvisioningConnectionRequest,
        ProvisioningConnectionStatus,
        SamlApplication,
        SamlApplicationSettings,
        SamlApplicationSettingsApplication,
        SamlApplicationSettingsSignOn,
        SamlAttributeStatement,
        SchemeApplicationCredentials,
        SecurePasswordStoreApplication,
        SecurePasswordStoreApplicationSettings,
        SecurePasswordStoreApplicationSettingsApplication,
        SeedEnum,
        SignOnInlineHook,
        SingleLogout,
        SpCertificate,
        SwaApplicationSettings,
        SwaApplicationSettingsApplication,
        WsFederationApplication,
        WsFederationApplicationSettings,
        WsFederationApplicationSettingsApplication,
        }
    };
}

macro_rules! names {
    ($($name:ident,)*) => {
        &[$(stringify!($name)),*]
    };
}

macro_rules! dispatch {
    ($($name:ident,)*) => {
        fn check(model: &str, json: &str) -> Result<(), String> {
            match model {
                $(stringify!($name) => round_trip::<$name>(json),)*
                other => Err(format!("no dispatch for {other}")),
            }
        }
    };
}

models!(dispatch);

const MODEL_NAMES: &[&str] = models!(names);

fn api() -> Api {
    load_ir(&SpecText {
        operations: include_str!("../../../spec/operations.yaml"),
        models: include_str!("../../../spec/models.yaml"),
    })
    .expect("the spec loads")
}

/// decode(text) re-encodes to the same JSON, and decode(encode(x)) == x.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    json: &str,
) -> Result<(), String> {
    let original: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let decoded: T = serde_json::from_str(json).map_err(|e| format!("decode: {e}"))?;
    let encoded = serde_json::to_string(&decoded).map_err(|e| format!("encode: {e}"))?;
    let re_encoded: Value = serde_json::from_str(&encoded).map_err(|e| e.to_string())?;
    if re_encoded != original {
        return Err(format!(
            "JSON changed:\n  in:  {original}\n  out: {re_encoded}"
        ));
    }
    let again: T = serde_json::from_str(&encoded).map_err(|e| format!("decode again: {e}"))?;
    if again != decoded {
        return Err(format!("value changed:\n  {decoded:?}\n  {again:?}"));
    }
    Ok(())
}

fn any_json(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1_000_000i32..1_000_000).prop_map(|n| Value::from(f64::from(n) / 8.0)),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(depth, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,5}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

fn timestamp() -> BoxedStrategy<Value> {
    (
        0u32..=9999,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..=60,
        prop::option::of("[0-9]{1,9}"),
        prop_oneof![
            Just("Z".to_owned()),
            Just("z".to_owned()),
            (prop_oneof![Just('+'), Just('-')], 0u32..24, 0u32..60)
                .prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}")),
        ],
        prop_oneof![Just('T'), Just('t')],
    )
        .prop_map(|(y, mo, d, h, mi, s, fraction, offset, t)| {
            let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
            Value::String(format!(
                "{y:04}-{mo:02}-{d:02}{t}{h:02}:{mi:02}:{s:02}{fraction}{offset}"
            ))
        })
        .boxed()
}

fn value_of(api: &Api, ty: &Type, depth: u32) -> BoxedStrategy<Value> {
    match ty {
        Type::String => "\\PC{0,12}".prop_map(Value::String).boxed(),
        Type::DateTime => timestamp(),
        Type::I32 => any::<i32>().prop_map(Value::from).boxed(),
        Type::I64 => any::<i64>().prop_map(Value::from).boxed(),
        Type::F64 => (-1_000_000i32..1_000_000)
            .prop_map(|n| Value::from(f64::from(n) / 8.0))
            .boxed(),
        Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Json => any_json(2),
        Type::Model(name) => model_json(api, name, depth + 1),
        Type::List(item) => prop::collection::vec(value_of(api, item, depth + 1), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        Type::Map(value) => {
            prop::collection::btree_map("[a-zA-Z_]{1,6}", value_of(api, value, depth + 1), 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed()
        }
    }
}

/// JSON for the object model `name`, with some of its fields absent, some
/// `null`, and a few fields the spec does not name.
fn object_json(
    api: &Api,
    name: &str,
    depth: u32,
    fixed: Option<(String, Value)>,
) -> BoxedStrategy<Value> {
    let model = api
        .models
        .iter()
        .find(|m| m.rust_name == name)
        .expect("a model");
    let ModelKind::Object(object) = &model.kind else {
        panic!("{name} is not an object")
    };
    // A union's subtype holds the common fields in its base.
    let base_fields = object.base.as_ref().map_or(&[][..], |c| {
        match &api
            .models
            .iter()
            .find(|m| m.rust_name == c.base)
            .expect("a base")
            .kind
        {
            ModelKind::Object(base) => &base.fields[..],
            _ => panic!("{} is not an object", c.base),
        }
    });
    let all_fields: Vec<_> = base_fields.iter().chain(&object.fields).collect();
    let known: BTreeSet<String> = all_fields.iter().map(|f| f.wire_name.clone()).collect();
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = all_fields
        .into_iter()
        .filter(|f| fixed.as_ref().is_none_or(|(k, _)| *k != f.wire_name))
        .map(|f| {
            let wire = f.wire_name.clone();
            let present = {
                let wire = wire.clone();
                value_of(api, &f.ty, depth).prop_map(move |v| Some((wire.clone(), v)))
            };
            if f.required {
                present.boxed()
            } else if depth > 3 {
                // Deep down, keep the values small.
                prop_oneof![Just(None), Just(Some((wire, Value::Null)))].boxed()
            } else {
                prop_oneof![2 => Just(None), 1 => Just(Some((wire, Value::Null))), 3 => present]
                    .boxed()
            }
        })
        .collect();
    let unknown = prop::collection::btree_map("zz[A-Za-z_#]{0,6}", any_json(1), 0..3);
    (fields, unknown)
        .prop_map(move |(fields, unknown)| {
            let mut object = Map::new();
            for (k, v) in unknown {
                assert!(!known.contains(&k));
                object.insert(k, v);
            }
            for (k, v) in fields.into_iter().flatten() {
                object.insert(k, v);
            }
            if let Some((k, v)) = &fixed {
                object.insert(k.clone(), v.clone());
            }
            Value::Object(object)
        })
        .boxed()
}

fn model_json(api: &Api, name: &str, depth: u32) -> BoxedStrategy<Value> {
    let model = api
        .models
        .iter()
        .find(|m| m.rust_name == name)
        .expect("a model");
    match &model.kind {
        ModelKind::Object(_) => object_json(api, name, depth, None),
        ModelKind::Enum(e) => {
            let known: Vec<Value> = e
                .values
                .iter()
                .map(|v| Value::String(v.wire.clone()))
                .collect();
            prop_oneof![
                3 => prop::sample::select(known),
                1 => "[A-Za-z_ ]{0,12}".prop_map(Value::String),
            ]
            .boxed()
        }
        ModelKind::Union(u) => {
            let mut options: Vec<BoxedStrategy<Value>> = Vec::new();
            for variant in &u.variants {
                for tag in &variant.tags {
                    options.push(object_json(
                        api,
                        &variant.model,
                        depth,
                        Some((u.property.clone(), Value::String(tag.clone()))),
                    ));
                }
            }
            // Unknown, null and missing tags: the fallback's fields and anything else.
            options.push(object_json(
                api,
                &u.other,
                depth,
                Some((u.property.clone(), Value::String("string".into()))),
            ));
            options.push(object_json(
                api,
                &u.other,
                depth,
                Some((u.property.clone(), Value::Null)),
            ));
            options.push(
                object_json(api, &u.other, depth, None)
                    .prop_map({
                        let property = u.property.clone();
                        move |mut v| {
                            if let Some(o) = v.as_object_mut() {
                                o.remove(&property);
                            }
                            v
                        }
                    })
                    .boxed(),
            );
            Union::new(options).boxed()
        }
    }
}

#[test]
fn the_dispatch_list_is_every_model_of_the_spec() {
    let api = api();
    let spec: BTreeSet<&str> = api.models.iter().map(|m| m.rust_name.as_str()).collect();
    let listed: BTreeSet<&str> = MODEL_NAMES.iter().copied().collect();
    assert_eq!(spec, listed);
}

#[test]
fn every_model_round_trips() {
    let api = api();
    let cases: u32 = std::env::var("MODEL_ROUNDTRIP_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    for model in &api.models {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let strategy = model_json(&api, &model.rust_name, 0);
        let name = model.rust_name.clone();
        let result = runner.run(&strategy, |json| {
            let text = serde_json::to_string(&json).expect("JSON encodes");
            check(&name, &text)
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}\n  input: {text}")))
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}

#[test]
fn a_value_built_in_rust_round_trips() {
    let app: Application = BookmarkApplication::new()
        .with_label("Built")
        .with_additional_property("zzFuture", serde_json::json!({"a": [1, null]}))
        .into();
    let text = serde_json::to_string(&app).expect("encodes");
    let again: Application = serde_json::from_str(&text).expect("decodes");
    assert_eq!(again, app);
}

/// An additional property named like a field is written only while that field
/// is unset: never two `url` keys, and the field's value wins.
#[test]
fn a_set_field_hides_the_additional_property_of_its_name() {
    let set = AcsEndpoint::new()
        .with_url("https://sp.example/acs")
        .with_additional_property("url", serde_json::json!("https://stale.example"));
    let text = serde_json::to_string(&set).expect("encodes");
    assert_eq!(text.matches("\"url\"").count(), 1, "{text}");
    assert!(text.contains("https://sp.example/acs"), "{text}");
    let unset = AcsEndpoint::new()
        .with_additional_property("url", serde_json::json!("https://kept.example"));
    let text = serde_json::to_string(&unset).expect("encodes");
    assert!(text.contains("https://kept.example"), "{text}");
}
