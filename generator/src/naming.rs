//! Rust identifiers for spec names, decided once, here.
//!
//! Rules, in order: characters outside `[A-Za-z0-9_]` (`#`, `-`, `.`, spaces)
//! are word breaks; the words are cased with `heck`; a leading digit gets a
//! `_` (fields) or `V` (types, variants) in front; a keyword becomes a raw
//! identifier (`r#type`), or gets a trailing `_` where Rust forbids raw
//! identifiers (`self`, `super`, `crate`, `Self`). Method names (operations)
//! always take the trailing `_`, as they also name a module file. Brand words
//! stay whole in snake_case (`OAuth2` → `oauth2`, `iOS` → `ios`), `OPENID` is
//! spelled `OpenId` as in `OpenIdConnect`, a model named like one of the crate
//! root's types gets `Model` appended (`Error` → `ErrorModel`), and an enum
//! variant that would read like the prelude's gets `Value` (`none` →
//! `NoneValue`). The same input always gives the same output.
//!
//! Some names cannot be used even when valid, because the generated code
//! already uses them in the same scope; they are listed here
//! ([`RESERVED_TYPE_NAMES`], [`OPERATION_SCOPE_NAMES`],
//! [`RESERVED_CLIENT_METHODS`], [`RESERVED_BUILDER_MEMBERS`]) and `validate`
//! reports a spec name that becomes one of them.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition, strict and reserved.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The words of `name`, spaced for `heck`; `snake` for snake_case output.
fn words(name: &str, snake: bool) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    // Brand words that casing would split where a Rust programmer would not:
    // `OAuth2` is one word (`oauth2`, not `o_auth2`), so is `iOS` (`ios`, not `i_os`),
    // and `OPENID` is the two words of `OpenId` (as `OpenIdConnect` spells it).
    let mut out = String::with_capacity(spaced.len());
    for (i, word) in spaced.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&brand_words(word, snake));
    }
    out
}

/// In type names `OAuth` keeps its capitals, as the runtime's `OAuthError` does.
fn brand_words(word: &str, snake: bool) -> String {
    if word.eq_ignore_ascii_case("openid") {
        return "Open Id".to_owned();
    }
    if snake {
        word.replace("OAuth", "Oauth").replace("iOS", "Ios")
    } else {
        word.to_owned()
    }
}

/// Names of the crate root's own types: a model that would take one gets `Model`
/// appended, so that `use okta_apps::*` and `use okta_apps::models::*` never clash.
pub const CRATE_ROOT_TYPES: &[&str] = &[
    "AdditionalProperties",
    "ApiError",
    "ApiResponse",
    "BodyError",
    "BodyErrorKind",
    "Client",
    "ClientBuilder",
    "Credentials",
    "DecodeError",
    "Error",
    "FileUpload",
    "ImageFormat",
    "ItemError",
    "Items",
    "Json",
    "Nullable",
    "OAuthError",
    "OktaConfig",
    "OktaErrorBody",
    "OktaErrorCause",
    "Page",
    "PrivateKey",
    "RateLimit",
    "Redirect",
    "RedirectError",
    "RetryPolicy",
    "SecretJson",
    "SecretString",
    "Timestamp",
    "TimestampError",
    "UnknownValue",
];

/// Enum variants that would read like the prelude's (`Option::None`, `Result::Ok`)
/// get `Value` appended: `OAuthEndpointAuthenticationMethod::NoneValue`.
const PRELUDE_VARIANTS: &[&str] = &["None", "Some", "Ok", "Err"];

/// A model's type name: [`type_name`], and `Model` appended to a name the crate
/// root, a model file or an operation file already uses (`Error` → `ErrorModel`,
/// `Fields` → `FieldsModel`, `OperationRequest` → `OperationRequestModel`).
pub fn model_type_name(spec_name: &str) -> String {
    let name = root_safe_name(spec_name);
    if OPERATION_SCOPE_NAMES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// [`type_name`], and `Model` appended to a name the crate root or a model file already
/// uses. [`model_type_name`] also renames a name operation files use; a request builder
/// takes `Request` there instead ([`builder_name`]).
fn root_safe_name(spec_name: &str) -> String {
    let name = type_name(spec_name);
    if CRATE_ROOT_TYPES.contains(&name.as_str()) || MODEL_SCOPE_NAMES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// An enum variant's name: [`type_name`], and `Value` appended to a prelude variant's.
pub fn variant_name(wire: &str) -> String {
    let name = type_name(wire);
    if PRELUDE_VARIANTS.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// `x5t#S256` → `x5t_s256`, `_links` → `links`, `type` → `r#type`.
pub fn field_name(wire: &str) -> String {
    let snake = words(wire, true).to_snake_case();
    let snake = if snake.is_empty() {
        "field".to_owned()
    } else {
        snake
    };
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    };
    escape_keyword(snake)
}

/// `getApplication` → `get_application`, `match` → `match_`.
///
/// Never a raw identifier: the name is also the stem of the operation's module file.
pub fn fn_name(wire: &str) -> String {
    let name = field_name(wire);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// The variant of every open enum that holds a value its spec does not list: one name
/// for all of them, so that no enum's fallback depends on which values the spec lists
/// (`UNKNOWN` is a real value of some Okta enums).
pub const ENUM_FALLBACK: &str = "Unrecognized";

/// Type names that the generated model and operation files use unqualified
/// (`String`, `Vec`, `BTreeMap`, the serde traits, …): no model may take one.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "String",
    "Vec",
    "Option",
    "Box",
    "Result",
    "BTreeMap",
    "Deserialize",
    "Deserializer",
    "Serialize",
    "Serializer",
    "FromStr",
];

/// Names an operation's file (or its mock expectation's file) imports or
/// defines besides its models: no model an operation uses, and no request
/// builder or body type, may take one.
pub const OPERATION_SCOPE_NAMES: &[&str] = &[
    "ApiResponse",
    "Client",
    "Error",
    "Expectation",
    "Future",
    "Items",
    "Method",
    "MockOrg",
    "OperationRequest",
    "PathPart",
    "RequestBody",
    "RequestOptions",
];

/// Names a model's file imports (`emit::imports`) or defines besides its
/// models (a union's `UnionVisitor` and `Selected`): a model named like one
/// gets `Model` appended, as a crate-root name does (`Fields` → `FieldsModel`).
pub const MODEL_SCOPE_NAMES: &[&str] = &[
    "Cow",
    "FieldSeed",
    "Fields",
    "Key",
    "MapAccess",
    "RawValue",
    "Selected",
    "Step",
    "UnionVisitor",
    "Visitor",
];

/// The struct an object model with required fields decodes into:
/// `<Model>Fields`, or `<Model>FieldsAccumulator` (then with a number) when
/// a model already has that name.
pub fn accumulator_name(model: &str, is_model: impl Fn(&str) -> bool) -> String {
    let first = format!("{model}Fields");
    if !is_model(&first) {
        return first;
    }
    first_free(&format!("{first}Accumulator"), is_model)
}

/// `name`, or `name2`, `name3`, … : the first that is not taken.
fn first_free(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_owned();
    }
    (2..)
        .map(|n| format!("{name}{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

/// Methods of the runtime's `Client`: no operation may become one.
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "builder",
    "execute",
    "execute_url",
    "org_url",
    "request",
    "retry_policy",
    "user_agent",
];

/// Fields and methods of every request builder: no parameter or body may become one.
pub const RESERVED_BUILDER_MEMBERS: &[&str] = &[
    "client",
    "header",
    "items",
    "options",
    "pages",
    "request",
    "send",
    "send_with_metadata",
    "timeout",
];

/// An operation's request builder type: `getApplication` → `GetApplication`.
///
/// When that is already a model's name, or a name operation files import,
/// `Request` is appended (`updateEmailDomain` beside the model
/// `UpdateEmailDomain` → `UpdateEmailDomainRequest`), then a number
/// (`…Request2`) while that is taken too.
pub fn builder_name(operation_id: &str, is_model: impl Fn(&str) -> bool) -> String {
    let taken = |name: &str| {
        is_model(name)
            || OPERATION_SCOPE_NAMES.contains(&name)
            || RESERVED_TYPE_NAMES.contains(&name)
    };
    let name = root_safe_name(operation_id);
    if !taken(&name) {
        return name;
    }
    first_free(&format!("{name}Request"), taken)
}

/// The enum a binary body's caller passes, one variant per media type:
/// `publishCsrFromApplication` → `PublishCsrFromApplicationBody`.
pub fn binary_body_type_name(operation_id: &str) -> String {
    format!("{}Body", model_type_name(operation_id))
}

/// The enum an operation answers with when its success statuses carry different
/// bodies: `verifyFactor` → `VerifyFactorAnswer`.
pub fn status_answer_type_name(operation_id: &str) -> String {
    format!("{}Answer", model_type_name(operation_id))
}

/// The variant of a success status in an operation's answer enum: its reason phrase
/// in UpperCamelCase (200 → `Ok`, 201 → `Created`), `Status<code>` for one without.
pub fn status_variant_name(status: u16) -> String {
    let reason = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        other => return format!("Status{other}"),
    };
    reason.to_owned()
}

/// The Rust argument of a request body: its `name`, else `file` for a
/// multipart upload and `body` for the others.
pub fn body_arg_name(name: Option<&str>, multipart: bool) -> String {
    let fallback = if multipart { "file" } else { "body" };
    field_name(name.unwrap_or(fallback))
}

/// The member of every generated object that keeps the fields its spec does not list:
/// no field may take its name.
pub const UNKNOWN_FIELDS_MEMBER: &str = "additional_properties";

/// The struct that holds a union's common fields (and, in the fallback
/// variant, a value of a kind the crate does not know): `Application` → `ApplicationBase`.
pub fn union_base_name(union_rust_name: &str) -> String {
    format!("{union_rust_name}Base")
}

/// The trait that reads and sets a union's common fields on the union and
/// on each subtype: `Application` → `ApplicationCommon`.
pub fn union_common_trait(union_rust_name: &str) -> String {
    format!("{union_rust_name}Common")
}

/// The struct of a union's fallback variant, for a tag the spec does not map
/// or none: `Application` → `OtherApplication`.
pub fn union_other_name(union_rust_name: &str) -> String {
    format!("{UNION_FALLBACK}{union_rust_name}")
}

/// The member of a union's subtype that holds the common fields.
pub const UNION_BASE_MEMBER: &str = "base";

/// The doc of a union's base struct, naming the union's model in words:
/// "… Holds applications of a kind this crate does not know."
pub fn union_base_description(spec_name: &str, property: &str) -> String {
    format!(
        "The fields every `{spec_name}` has, whatever its `{property}`: each variant's struct holds them in its member `base`."
    )
}

/// The doc of a union's fallback struct: "… Holds applications of a kind this crate does not know."
pub fn union_other_description(spec_name: &str, property: &str) -> String {
    format!(
        "Holds {} of a kind this crate does not know: a `{property}` the spec does not map, or none. Every field is kept, the common ones in `base`.",
        plural_words(spec_name)
    )
}

/// A name as plural lower-case words: `Application` → `applications`,
/// `PolicyRule` → `policy rules`, `Policy` → `policies`, `Box` → `boxes`.
fn plural_words(name: &str) -> String {
    let words = words(name, true).to_snake_case().replace('_', " ");
    let words = if words.is_empty() {
        "value".to_owned()
    } else {
        words
    };
    if let Some(stem) = words.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if words.ends_with(['s', 'x', 'z']) || words.ends_with("ch") || words.ends_with("sh") {
        format!("{words}es")
    } else {
        format!("{words}s")
    }
}

/// A union's variant for one of its subtypes: the subtype's Rust name without
/// the union's as a suffix (`OpenIdConnectApplication` in `Application` →
/// `OpenIdConnect`), or whole when that would leave nothing or is not a suffix.
pub fn union_variant_name(subtype_rust_name: &str, union_rust_name: &str) -> String {
    subtype_rust_name
        .strip_suffix(union_rust_name)
        .filter(|v| !v.is_empty())
        .unwrap_or(subtype_rust_name)
        .to_owned()
}

/// The variant of every union that holds a value whose tag its spec does not map.
pub const UNION_FALLBACK: &str = "Other";

/// `SAML_2_0` → `Saml20`, `oidc-client` → `OidcClient`, `2fa` → `V2fa`.
pub fn type_name(wire: &str) -> String {
    let camel = words(wire, false).to_upper_camel_case();
    let camel = if camel.is_empty() {
        "Value".to_owned()
    } else {
        camel
    };
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    };
    escape_keyword(camel)
}

/// `models/application_sign_on_mode.rs` style file stem for a type name.
pub fn module_name(type_name: &str) -> String {
    let snake = words(type_name, true).to_snake_case();
    if KEYWORDS.contains(&snake.as_str()) || NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

fn escape_keyword(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_named_like_an_import_of_its_file_is_renamed() {
        assert_eq!(model_type_name("Fields"), "FieldsModel");
        assert_eq!(model_type_name("raw_value"), "RawValueModel");
        assert_eq!(model_type_name("UnionVisitor"), "UnionVisitorModel");
        assert_eq!(model_type_name("Widget"), "Widget");
    }

    #[test]
    fn an_accumulator_never_takes_a_models_name() {
        assert_eq!(accumulator_name("Widget", |_| false), "WidgetFields");
        let models = ["WidgetFields", "WidgetFieldsAccumulator"];
        assert_eq!(
            accumulator_name("Widget", |n| models.contains(&n)),
            "WidgetFieldsAccumulator2"
        );
    }

    #[test]
    fn awkward_wire_names() {
        assert_eq!(field_name("x5t#S256"), "x5t_s256");
        assert_eq!(field_name("_links"), "links");
        assert_eq!(field_name("key_ops"), "key_ops");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(
            field_name("OktaAccessGateway-Agent"),
            "okta_access_gateway_agent"
        );
        assert_eq!(field_name("9lives"), "_9lives");
        assert_eq!(field_name("query_scope"), "query_scope");
        assert_eq!(type_name("SAML_2_0"), "Saml20");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("2fa"), "V2fa");
        assert_eq!(type_name("a.b-c"), "ABC");
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(fn_name("match"), "match_");
        assert_eq!(fn_name("self"), "self_");
        assert_eq!(fn_name("getApplication"), "get_application");
        assert_eq!(field_name("ref"), "r#ref");
        assert_eq!(field_name("async"), "r#async");
        assert_eq!(field_name("a.b"), "a_b");
        assert_eq!(field_name("#"), "field");
        assert_eq!(type_name("match"), "Match");
        assert_eq!(type_name("#-."), "Value");
    }

    #[test]
    fn brand_words_stay_whole() {
        assert_eq!(
            fn_name("listOAuth2TokensForApplication"),
            "list_oauth2_tokens_for_application"
        );
        assert_eq!(
            module_name("OAuth2ScopeConsentGrant"),
            "oauth2_scope_consent_grant"
        );
        assert_eq!(field_name("iOS"), "ios");
        assert_eq!(field_name("watchOS"), "watch_os");
        assert_eq!(type_name("OAuth2Token"), "OAuth2Token");
    }

    #[test]
    fn openid_connect_is_spelled_one_way() {
        assert_eq!(type_name("OPENID_CONNECT"), "OpenIdConnect");
        assert_eq!(
            type_name("OpenIdConnectApplication"),
            "OpenIdConnectApplication"
        );
        assert_eq!(field_name("openid"), "open_id");
    }

    #[test]
    fn models_named_like_the_crate_roots_types_get_model_appended() {
        assert_eq!(model_type_name("Error"), "ErrorModel");
        assert_eq!(model_type_name("Json"), "JsonModel");
        assert_eq!(model_type_name("ErrorCause"), "ErrorCause");
    }

    #[test]
    fn variants_never_read_like_the_preludes() {
        assert_eq!(variant_name("none"), "NoneValue");
        assert_eq!(variant_name("OK"), "OkValue");
        assert_eq!(variant_name("NONE_OF_THESE"), "NoneOfThese");
    }

    #[test]
    fn builder_and_binary_body_types_are_named_after_the_operation() {
        assert_eq!(builder_name("getApplication", |_| false), "GetApplication");
        assert_eq!(builder_name("error", |_| false), "ErrorModel");
        let models = ["UpdateEmailDomain", "UpdateEmailDomainRequest"];
        assert_eq!(
            builder_name("updateEmailDomain", |m| models.contains(&m)),
            "UpdateEmailDomainRequest2"
        );
        assert_eq!(builder_name("method", |_| false), "MethodRequest");
        assert_eq!(
            binary_body_type_name("publishCsrFromApplication"),
            "PublishCsrFromApplicationBody"
        );
    }

    #[test]
    fn a_body_without_a_name_is_body_or_file() {
        assert_eq!(body_arg_name(None, false), "body");
        assert_eq!(body_arg_name(None, true), "file");
        assert_eq!(body_arg_name(Some("appUser"), false), "app_user");
        assert_eq!(body_arg_name(Some("type"), true), "r#type");
    }

    #[test]
    fn a_unions_base_struct_fallback_struct_trait_and_their_docs() {
        assert_eq!(union_base_name("Application"), "ApplicationBase");
        assert_eq!(union_other_name("Application"), "OtherApplication");
        assert_eq!(union_common_trait("Application"), "ApplicationCommon");
        assert_eq!(
            union_base_description("Application", "signOnMode"),
            "The fields every `Application` has, whatever its `signOnMode`: each variant's struct holds them in its member `base`."
        );
        assert_eq!(
            union_other_description("Animal", "kind"),
            "Holds animals of a kind this crate does not know: a `kind` the spec does not map, or none. Every field is kept, the common ones in `base`."
        );
        assert_eq!(plural_words("PolicyRule"), "policy rules");
        assert_eq!(plural_words("Policy"), "policies");
        assert_eq!(plural_words("Key"), "keys");
        assert_eq!(plural_words("Box"), "boxes");
        assert_eq!(plural_words("OAuth2Claim"), "oauth2 claims");
        assert_eq!(plural_words("#"), "values");
    }

    #[test]
    fn union_variants_drop_the_unions_name() {
        assert_eq!(
            union_variant_name("OpenIdConnectApplication", "Application"),
            "OpenIdConnect"
        );
        assert_eq!(
            union_variant_name("Application", "Application"),
            "Application"
        );
        assert_eq!(union_variant_name("Cat", "Animal"), "Cat");
    }
}
