//! Every source of secrets against every text the crate can produce.
//!
//! Sources: API and bearer tokens, private keys (PEM, JWK, bare base64, quoted and
//! escaped `.env` forms, misformatted ones), `okta.yaml` values and `OKTA_CLIENT_*`
//! variables, the client assertion the crate signs and the access token Okta issues.
//! Texts: `Debug` of the client, its builder, credentials, configuration and keys;
//! `Display` and `Debug` of every error on the way (bad input, API errors, OAuth
//! refusals, redirects, decode and transport errors); and everything logged through
//! `tracing` and `log` at TRACE, reqwest's and hyper's own records included.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use okta_apps::{Client, ClientBuilder, Mismatches, OktaConfig, PrivateKey, RetryPolicy};
use okta_apps_tests::server::{Action, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const API_TOKEN: &str = "00SECRETapiTOKENvalue0123456789abcdefABCDEF";
const BEARER_TOKEN: &str = "eyJSECRETbearer.eyJpayloadSECRET.sigSECRETbearer";
const ACCESS_TOKEN: &str = "eyJISSUEDaccess.eyJtokenSECRET.sigSECRETissued";

/// Everything logged so far, by any thread, through `tracing` or `log`.
static LOGGED: Mutex<String> = Mutex::new(String::new());

fn logged() -> String {
    LOGGED.lock().map(|l| l.clone()).unwrap_or_default()
}

struct Everything;

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Everything {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Line(&mut line));
        push(line);
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record".to_owned();
        values.record(&mut Line(&mut line));
        push(line);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = format!("event {}", event.metadata().target());
        event.record(&mut Line(&mut line));
        push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

struct LogEverything;

impl log::Log for LogEverything {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        push(format!("log {} {}", record.target(), record.args()));
    }
    fn flush(&self) {}
}

fn push(line: String) {
    if let Ok(mut logged) = LOGGED.lock() {
        logged.push_str(&line);
        logged.push('\n');
    }
}

fn capture_everything() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(Everything).expect("first subscriber");
        log::set_logger(&LogEverything).expect("first logger");
        log::set_max_level(log::LevelFilter::Trace);
    });
}

fn key_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/runtime_keys")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The parts of a key that must never be shown: every base64 line of a PEM's body,
/// the body joined, and a JWK's private members.
fn key_secrets(pem_or_jwk: &str) -> Vec<String> {
    if pem_or_jwk.trim_start().starts_with('{') {
        let jwk: serde_json::Value = serde_json::from_str(pem_or_jwk).expect("JWK");
        return ["d", "p", "q", "dp", "dq", "qi"]
            .iter()
            .filter_map(|m| jwk[m].as_str().map(str::to_owned))
            .collect();
    }
    let lines: Vec<&str> = pem_or_jwk
        .lines()
        .filter(|l| !l.starts_with("-----") && !l.trim().is_empty())
        .collect();
    let mut secrets: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    secrets.push(lines.concat());
    secrets
}

/// Fails when any secret, or any 24-character piece of one, appears in any text.
fn assert_no_secret(texts: &[String], secrets: &[String]) {
    for secret in secrets {
        let pieces: Vec<&str> = if secret.len() <= 24 {
            vec![secret.as_str()]
        } else {
            (0..=secret.len() - 24)
                .step_by(8)
                .filter_map(|i| secret.get(i..i + 24))
                .collect()
        };
        for text in texts {
            for piece in &pieces {
                assert!(
                    !text.contains(piece),
                    "a secret ({}…) appears in: {text}",
                    &secret[..secret.len().min(12)]
                );
            }
        }
    }
}

fn texts_of_error(error: &okta_apps::Error) -> Vec<String> {
    vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ]
}

fn texts_of_result<T: std::fmt::Debug>(result: &Result<T, okta_apps::Error>) -> Vec<String> {
    match result {
        Ok(value) => vec![format!("{value:?}")],
        Err(error) => texts_of_error(error),
    }
}

/// An org that answers each API call in a way that produces an error text, and a
/// token endpoint that issues [`ACCESS_TOKEN`], then refuses, then redirects.
async fn hostile_org() -> Server {
    Server::start(|i, request| {
        if request.target == "/oauth2/v1/token" {
            return match i {
                0 => Action::json(
                    200,
                    &format!(r#"{{"token_type":"Bearer","access_token":"{ACCESS_TOKEN}","expires_in":3600}}"#),
                ),
                _ => Action::json(400, r#"{"error":"invalid_client","error_description":"no"}"#),
            };
        }
        match request.path() {
            "/api/v1/apps/unauthorized" => Action::json(401, r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#),
            "/api/v1/apps/redirect" => Action::redirect(302, "https://elsewhere.example/x?token=abc"),
            "/api/v1/apps/html" => Action::Respond(502, vec![], b"<html>bad gateway</html>".to_vec()),
            "/api/v1/apps/bad-json" => Action::json(200, r#"{"id": 42}"#),
            _ => Action::json(200, r#"{"id":"0oa1","signOnMode":"BOOKMARK"}"#),
        }
    })
    .await
}

/// Calls that fail in every way the org above can make them fail.
async fn exercise(client: &Client) -> Vec<String> {
    let mut texts = vec![format!("{client:?}"), format!("{client:#?}")];
    for id in ["0oa1", "unauthorized", "redirect", "html", "bad-json"] {
        texts.extend(texts_of_result(&client.get_application(id).send().await));
    }
    texts
}

#[tokio::test]
async fn static_tokens_appear_in_no_text() {
    capture_everything();
    let org = hostile_org().await;
    let secrets = vec![API_TOKEN.to_owned(), BEARER_TOKEN.to_owned()];
    let mut texts = Vec::new();
    for builder in [
        Client::builder(org.url()).api_token(API_TOKEN),
        Client::builder(org.url()).bearer_token(BEARER_TOKEN),
    ] {
        let builder = builder.allow_http(true).retry_policy(RetryPolicy::none());
        texts.push(format!("{builder:?}"));
        let client = builder.build().expect("client");
        texts.extend(exercise(&client).await);
    }
    // A token that is not a valid header value, and tokens where the org URL belongs.
    for bad in [format!("{API_TOKEN}\r\nX: 1"), format!("{API_TOKEN}\0")] {
        let result = Client::builder(org.url())
            .allow_http(true)
            .api_token(bad)
            .build();
        texts.extend(texts_of_result(&result));
    }
    for url in [
        API_TOKEN.to_owned(),
        BEARER_TOKEN.to_owned(),
        format!("https://me:{API_TOKEN}@example.okta.com"),
    ] {
        let builder = Client::builder(url).api_token("t");
        texts.push(format!("{builder:?}"));
        texts.extend(texts_of_result(&builder.build()));
    }
    let logged = logged();
    // The capture is real: the client's span and reqwest's and hyper's own records are in it.
    for source in [
        "span okta.request",
        "log reqwest::connect",
        "event hyper_util",
    ] {
        assert!(logged.contains(source), "{source} not captured");
    }
    texts.push(logged);
    assert_no_secret(&texts, &secrets);
}

#[tokio::test]
async fn keys_assertions_and_issued_tokens_appear_in_no_text() {
    capture_everything();
    let org = hostile_org().await;
    let mut texts = Vec::new();
    let mut secrets = vec![ACCESS_TOKEN.to_owned()];
    for file in [
        "rsa.pem",
        "rsa-pkcs1.pem",
        "ec.pem",
        "rsa.jwk.json",
        "ec.jwk.json",
    ] {
        let text = key_file(file);
        secrets.extend(key_secrets(&text));
        let key = PrivateKey::parse(&text).expect("key").with_key_id("kid");
        texts.push(format!("{key:?}"));
        let builder = Client::builder(org.url())
            .allow_http(true)
            .private_key_jwt("0oa-service", ["okta.apps.read"], key)
            .retry_policy(RetryPolicy::none());
        texts.push(format!("{builder:?}"));
        let client = builder.build().expect("client");
        texts.extend(exercise(&client).await);
    }
    // Every client assertion the org received, whole and by part.
    for request in org
        .requests()
        .iter()
        .filter(|r| r.target == "/oauth2/v1/token")
    {
        let assertion = request.form_field("client_assertion").expect("assertion");
        secrets.extend(assertion.split('.').map(str::to_owned));
        secrets.push(assertion);
    }
    assert!(secrets.len() > 20, "assertions were captured");
    texts.push(logged());
    assert_no_secret(&texts, &secrets);
}

#[tokio::test]
async fn dpop_proofs_and_dpop_bound_tokens_appear_in_no_text() {
    capture_everything();
    let org = Server::start(|_, request| {
        if request.target == "/oauth2/v1/token" {
            if request.header("dpop").is_none() {
                return Action::json(
                    400,
                    r#"{"error":"invalid_dpop_proof","error_description":"missing"}"#,
                );
            }
            return Action::json(
                200,
                &format!(
                    r#"{{"token_type":"DPoP","access_token":"{ACCESS_TOKEN}","expires_in":3600}}"#
                ),
            );
        }
        match request.path() {
            "/api/v1/apps/refused" => {
                Action::json(401, r#"{"errorCode":"E0000011","errorSummary":"no"}"#)
                    .with_header("www-authenticate", r#"DPoP error="invalid_token""#)
            }
            _ => Action::json(200, r#"{"id":"0oa1","signOnMode":"BOOKMARK"}"#),
        }
    })
    .await;
    let key = PrivateKey::parse(&key_file("ec.pem")).expect("key");
    let client = Client::builder(org.url())
        .allow_http(true)
        .private_key_jwt("0oa-service", ["okta.apps.read"], key)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let mut texts = vec![format!("{client:?}")];
    for id in ["0oa1", "refused", "0oa1"] {
        texts.extend(texts_of_result(&client.get_application(id).send().await));
    }
    let mut secrets = vec![ACCESS_TOKEN.to_owned()];
    secrets.extend(key_secrets(&key_file("ec.pem")));
    for request in org.requests() {
        for value in request.header_values("dpop") {
            secrets.extend(value.split('.').map(str::to_owned));
        }
        if let Some(assertion) = request.form_field("client_assertion") {
            secrets.push(assertion);
        }
    }
    let proofs = org
        .requests()
        .iter()
        .filter(|r| r.header("dpop").is_some())
        .count();
    assert!(proofs >= 3, "DPoP was used ({proofs} proofs)");
    texts.push(logged());
    assert_no_secret(&texts, &secrets);
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("okta-apps-secrets-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The private key setting in the forms people write it, well-formed and not.
fn private_key_settings() -> Vec<(&'static str, String, bool)> {
    let pem = key_file("rsa.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    vec![
        ("PEM", pem.clone(), true),
        ("PEM in double quotes", format!("\"{pem}\""), true),
        ("PEM in single quotes", format!("'{pem}'"), true),
        (
            "PEM with \\n escapes",
            pem.trim_end().replace('\n', "\\n"),
            true,
        ),
        (
            "PEM with \\n escapes, quoted",
            format!("\"{}\"", pem.trim_end().replace('\n', "\\n")),
            true,
        ),
        ("bare base64 of the key", body.clone(), true),
        ("JWK", key_file("ec.jwk.json"), true),
        // Misformatted: each must fail without echoing a byte of the key.
        (
            "base64 of no key",
            body.replace(&body[40..80], &"A".repeat(40)),
            false,
        ),
        (
            "PEM with a broken body",
            pem.replace(&body[40..44], "!!!!"),
            false,
        ),
        (
            "PEM without its END line",
            pem.lines().take(5).collect::<Vec<_>>().join("\n"),
            false,
        ),
        ("PEM without dashes", pem.replace("-----", ""), false),
        (
            "PEM armour around a JWK",
            format!("-----BEGIN PRIVATE KEY-----\n{}\n", key_file("ec.jwk.json")),
            false,
        ),
        (
            "JWK with a broken d",
            key_file("ec.jwk.json").replacen("\"d\": \"", "\"d\": \"!", 1),
            false,
        ),
        (
            "half a JWK",
            key_file("ec.jwk.json")[..60].to_owned(),
            false,
        ),
        ("body split by spaces", body.replace('A', " "), false),
        // Neither PEM, JWK nor base64: taken as a path, which must not be shown either.
        (
            "base64url of the key",
            body.replace('+', "-").replace('/', "_"),
            false,
        ),
        ("PEM with four dashes", pem.replace("-----", "----"), false),
        ("PEM on one line with spaces", pem.replace('\n', " "), false),
    ]
}

#[test]
fn private_key_settings_are_read_in_their_common_forms_and_never_echoed() {
    capture_everything();
    let mut secrets = key_secrets(&key_file("rsa.pem"));
    secrets.extend(key_secrets(&key_file("ec.jwk.json")));
    let mut texts = Vec::new();
    for (form, value, valid) in private_key_settings() {
        let env = |name: &str| match name {
            "OKTA_CLIENT_ORGURL" => Some("https://example.okta.com".to_owned()),
            "OKTA_CLIENT_AUTHORIZATIONMODE" => Some("PrivateKey".to_owned()),
            "OKTA_CLIENT_CLIENTID" => Some("0oa-service".to_owned()),
            "OKTA_CLIENT_PRIVATEKEY" => Some(value.clone()),
            _ => None,
        };
        let config = OktaConfig::from_sources(&[], env).expect("config");
        texts.push(format!("{config:?}"));
        let builder = ClientBuilder::from_config(config);
        assert_eq!(
            builder.is_ok(),
            valid,
            "{form}: {:?}",
            builder.as_ref().err()
        );
        match &builder {
            Ok(builder) => texts.push(format!("{builder:?}")),
            Err(error) => texts.extend(texts_of_error(error)),
        }
        // The same value in a file named by the setting.
        let dir = temp_dir("keyfile");
        let path = dir.join("key.pem");
        std::fs::write(&path, &value).expect("write");
        let env = |name: &str| match name {
            "OKTA_CLIENT_ORGURL" => Some("https://example.okta.com".to_owned()),
            "OKTA_CLIENT_AUTHORIZATIONMODE" => Some("PrivateKey".to_owned()),
            "OKTA_CLIENT_CLIENTID" => Some("0oa-service".to_owned()),
            "OKTA_CLIENT_PRIVATEKEY" => Some(path.display().to_string()),
            _ => None,
        };
        let from_file =
            ClientBuilder::from_config(OktaConfig::from_sources(&[], env).expect("config"));
        match &from_file {
            Ok(builder) => texts.push(format!("{builder:?}")),
            Err(error) => texts.extend(texts_of_error(error)),
        }
    }
    texts.push(logged());
    assert_no_secret(&texts, &secrets);
}

#[test]
fn okta_yaml_values_are_never_echoed_even_when_misplaced_or_mistyped() {
    capture_everything();
    let pem = key_file("ec.pem");
    let mut secrets = key_secrets(&pem);
    secrets.push(API_TOKEN.to_owned());
    let indented: String = pem.lines().map(|l| format!("      {l}\n")).collect();
    let files = [
        format!("okta:\n  client:\n    orgUrl: https://example.okta.com\n    token: {API_TOKEN}\n"),
        format!("okta:\n  client:\n    orgUrl: https://example.okta.com\n    authorizationMode: PrivateKey\n    clientId: 0oa1\n    privateKey: |\n{indented}"),
        // Wrong types, where serde would quote the value in its message.
        format!("okta:\n  client:\n    orgUrl: https://example.okta.com\n    token: [{API_TOKEN}]\n"),
        format!("okta:\n  client:\n    orgUrl: https://example.okta.com\n    scopes: {{{API_TOKEN}: 1}}\n"),
        format!("okta:\n  client:\n    orgUrl: https://example.okta.com\n    privateKey:\n      key: |\n{indented}"),
        // Broken YAML around a secret.
        format!("okta:\n  client:\n    token: \"{API_TOKEN}\n"),
        format!("okta:\n  client:\n    token: {API_TOKEN}\n   orgUrl: [\n"),
        // A token where the org URL belongs.
        format!("okta:\n  client:\n    orgUrl: {API_TOKEN}\n    token: t\n"),
    ];
    let dir = temp_dir("yaml");
    let mut texts = Vec::new();
    for (i, text) in files.iter().enumerate() {
        let path = dir.join(format!("okta-{i}.yaml"));
        std::fs::write(&path, text).expect("write");
        let loaded = OktaConfig::from_sources(&[path.as_path()], |_| None);
        texts.extend(texts_of_result(&loaded));
        if let Ok(config) = loaded {
            match ClientBuilder::from_config(config).and_then(ClientBuilder::build) {
                Ok(client) => texts.push(format!("{client:?}")),
                Err(error) => texts.extend(texts_of_error(&error)),
            }
        }
    }
    texts.push(logged());
    assert_no_secret(&texts, &secrets);
}

/// Secrets that arrive in response bodies: typed secret fields, unknown JWK private
/// members, and secrets inside free-form JSON.
const CLIENT_SECRET: &str = "CLIENTsecretVALUEthatMUSTnotLEAK0123";
const PASSWORD: &str = "hunter2PASSWORDvalueNEVERprinted";
const SCIM_TOKEN: &str = "SCIMprovisioningTOKENvalue9876543210";
const JWK_D: &str = "JWKprivateDmemberBASE64urlVALUEabcdef";
const JWK_K: &str = "JWKsymmetricKmemberBASE64urlVALUEghij";
const PROFILE_TOKEN: &str = "PROFILEtokenINSIDEfreeFORMjsonVALUE42";

fn oidc_app(extra: &str) -> String {
    format!(
        r#"{{"id":"0oa1","name":"oidc_client","label":"Web app","signOnMode":"OPENID_CONNECT","credentials":{{"oauthClient":{{"client_id":"0oa1client","client_secret":"{CLIENT_SECRET}","token_endpoint_auth_method":"client_secret_basic"}}}},"profile":{{"apiToken":"{PROFILE_TOKEN}"}}{extra}}}"#
    )
}

fn app_user() -> String {
    format!(
        r#"{{"id":"00u1","credentials":{{"userName":"ann","password":{{"value":"{PASSWORD}"}}}}}}"#
    )
}

fn jwk() -> String {
    format!(
        r#"{{"kid":"k1","kty":"RSA","n":"pub","e":"AQAB","d":"{JWK_D}","k":"{JWK_K}","p":"{JWK_D}p","qi":"{JWK_D}qi"}}"#
    )
}

fn model_secrets() -> Vec<String> {
    [
        CLIENT_SECRET,
        PASSWORD,
        SCIM_TOKEN,
        JWK_D,
        JWK_K,
        PROFILE_TOKEN,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn secret_fields_in_models_are_redacted_but_readable_on_purpose() {
    use okta_apps::models::{AppUser, Application, JsonWebKey, ProvisioningConnectionRequest};
    let app: Application = serde_json::from_str(&oidc_app("")).expect("app");
    let Application::OpenIdConnect(oidc) = &app else {
        panic!("{app:?}")
    };
    let client = oidc
        .credentials
        .as_ref()
        .and_then(|c| c.oauth_client.as_ref())
        .expect("client");
    assert_eq!(
        client.client_secret.as_ref().map(|s| s.expose()),
        Some(CLIENT_SECRET)
    );
    let user: AppUser = serde_json::from_str(&app_user()).expect("user");
    let key: JsonWebKey = serde_json::from_str(&jwk()).expect("jwk");
    assert_eq!(
        key.additional_properties["d"].as_text(),
        format!("\"{JWK_D}\"")
    );
    let provisioning: ProvisioningConnectionRequest = serde_json::from_str(&format!(
        r#"{{"profile":{{"authScheme":"TOKEN","token":"{SCIM_TOKEN}"}}}}"#
    ))
    .expect("provisioning");
    let texts = vec![
        format!("{app:?}"),
        format!("{app:#?}"),
        format!("{user:?}"),
        format!("{key:?}"),
        format!("{provisioning:?}"),
    ];
    assert_no_secret(&texts, &model_secrets());
    // Still sent back as they came.
    assert!(serde_json::to_string(&app)
        .expect("encodes")
        .contains(CLIENT_SECRET));
    assert!(serde_json::to_string(&provisioning)
        .expect("encodes")
        .contains(SCIM_TOKEN));
}

#[tokio::test]
async fn secrets_in_response_bodies_appear_in_no_response_or_error_text() {
    capture_everything();
    let org = Server::start(|_, request| match request.path() {
        "/api/v1/apps/0oa1" => Action::json(200, &oidc_app("")),
        // A body that fails to decode after the secret (a key twice): the snippet must
        // not carry it.
        "/api/v1/apps/broken" => Action::json(200, &oidc_app(r#","label":"again""#)),
        // A value of the wrong type after the secret: kept aside, listed, never shown.
        "/api/v1/apps/odd" => Action::json(200, &oidc_app(r#","status":{"not":"a status"}"#)),
        // An error answer that is not Okta's shape, echoing what was sent.
        "/api/v1/apps/echo" => Action::json(400, &oidc_app("")),
        "/api/v1/apps/0oa1/users/00u1" => Action::json(200, &app_user()),
        "/api/v1/apps/0oa1/credentials/keys" => {
            Action::json(200, &format!(r#"[{},{{"kid":7,"d":"{JWK_D}"}}]"#, jwk()))
        }
        "/api/v1/apps" => Action::json(
            200,
            &format!(r#"[{},{}]"#, oidc_app(""), oidc_app(r#","label":{"x":1}"#)),
        ),
        other => Action::json(404, &format!(r#"{{"errorSummary":"{other}"}}"#)),
    })
    .await;
    let client = org.client_without_retries();
    let mut texts = Vec::new();
    texts.extend(texts_of_result(
        &client.get_application("0oa1").send_with_metadata().await,
    ));
    texts.extend(texts_of_result(
        &client.get_application("broken").send().await,
    ));
    let odd = client.get_application("odd").send().await.expect("kept");
    texts.extend(texts_of_mismatches(&odd));
    texts.extend(texts_of_result(
        &client.get_application("echo").send().await,
    ));
    texts.extend(texts_of_result(
        &client.get_application_user("0oa1", "00u1").send().await,
    ));
    let keys = client.list_application_keys("0oa1").send().await;
    texts.extend(texts_of_result(&keys));
    for bad in keys.expect("keys").errors() {
        texts.push(bad.to_string());
    }
    let apps = client.list_applications().send().await;
    texts.extend(texts_of_result(&apps));
    let items: Vec<_> =
        futures_util::StreamExt::collect::<Vec<_>>(client.list_applications().items()).await;
    for item in &items {
        texts.extend(texts_of_result(item));
    }
    assert!(
        matches!(
            client.get_application("broken").send().await,
            Err(okta_apps::Error::Decode(_))
        ),
        "the broken body is a decode error"
    );
    texts.push(logged());
    assert_no_secret(&texts, &model_secrets());
}

/// Secrets a decoder would quote in its message, secrets that are not strings, and a
/// secret member whose name is escaped: each reaches no `Debug`, `Display`,
/// `message()` or log line.
const QUOTED: &str = "QUOTEDbyTHEdecoderSECRETvalue4242";
const NUMERIC: &str = "918273645546372819";
const ESCAPED: &str = "ESCAPEDmemberNAMEsecretVALUE7777";
const HASH: &str = "HASHofTHEpasswordBASE64valueZZZZ";
const SALT: &str = "SALTofTHEpasswordHASHvalueYYYYYY";
/// A body that is a bare string where a model belongs.
const ITEM_TEXT: &str = "ITEMwhereAuserBELONGSquotedBYserde";

fn decoder_secrets() -> Vec<String> {
    [QUOTED, NUMERIC, ESCAPED, HASH, SALT]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// `Display` and `Debug` of every mismatch the tolerant reader lists in `value`.
fn texts_of_mismatches(value: &impl okta_apps::Mismatches) -> Vec<String> {
    let found = value.mismatches();
    assert!(!found.is_empty(), "the value holds a mismatch");
    found
        .iter()
        .flat_map(|m| {
            [
                m.to_string(),
                format!("{m:?}"),
                format!("{:?}", m.received()),
            ]
        })
        .collect()
}

#[tokio::test]
async fn secrets_quoted_by_decoders_or_not_strings_or_under_escaped_names_appear_in_no_text() {
    capture_everything();
    let wrong_kind_user = format!(r#"{{"id":"00u1","credentials":{{"password":"{QUOTED}"}}}}"#);
    let org = Server::start(move |_, request| match request.path() {
        // A password where an object belongs: kept aside under a secret name, and an
        // item that is a secret string where a user belongs: serde quotes what it did
        // not expect, and the error must not.
        "/api/v1/apps/0oa1/users" => {
            Action::json(200, &format!(r#"[{wrong_kind_user},"{ITEM_TEXT}"]"#))
        }
        "/api/v1/apps/0oa1/users/00u1" => Action::json(200, &wrong_kind_user),
        "/api/v1/apps/0oa1/users/00u2" => Action::json(200, &format!(r#""{ITEM_TEXT}""#)),
        "/api/v1/apps/basic" => Action::json(
            200,
            &format!(r#"{{"id":"0oa2","signOnMode":"BASIC_AUTH","credentials":{{"password":"{QUOTED}"}}}}"#),
        ),
        // Secrets that are numbers and booleans, in free-form JSON and in a password object.
        "/api/v1/apps/numeric" => Action::json(
            200,
            &format!(r#"{{"id":"0oa3","signOnMode":"BOOKMARK","profile":{{"password":{NUMERIC},"pin":{{"password":{{"value":true,"n":{NUMERIC}}}}}}}}}"#),
        ),
        // The same, failing to decode after the secrets (a key twice): the snippet carries them.
        "/api/v1/apps/numeric-broken" => Action::json(
            200,
            &format!(r#"{{"profile":{{"password":{NUMERIC}}},"id":"0oa3","signOnMode":"BOOKMARK","id":"x"}}"#),
        ),
        "/api/v1/apps/escaped" => Action::json(
            200,
            &format!(r#"{{"id":"0oa4","signOnMode":"BOOKMARK","profile":{{"pass\u0077ord":"{ESCAPED}"}}}}"#),
        ),
        "/api/v1/apps/escaped-broken" => Action::json(
            200,
            &format!(r#"{{"profile":{{"pass\u0077ord":"{ESCAPED}"}},"id":"0oa4","signOnMode":"BOOKMARK","id":"x"}}"#),
        ),
        other => Action::json(404, &format!(r#"{{"errorSummary":"{other}"}}"#)),
    })
    .await;
    let client = org.client_without_retries();
    let mut texts = Vec::new();
    let users = client.list_application_users("0oa1").send().await;
    texts.extend(texts_of_result(&users));
    let users = users.expect("the page decodes, its bad item kept");
    texts.extend(texts_of_mismatches(&users));
    assert_eq!(
        users.mismatches()[0].path(),
        "[0].credentials.password",
        "the wrong kind is listed"
    );
    assert_eq!(
        users.mismatches()[0].received(),
        None,
        "under a secret name"
    );
    let bad = users.errors().next().expect("the string is a bad item");
    assert_eq!(bad.path(), "[1]");
    assert!(
        bad.message().starts_with("invalid type: string, expected"),
        "{}",
        bad.message()
    );
    // An item's raw JSON is the item, shown in `Debug` with secret-looking members
    // redacted; its message never quotes it.
    assert!(!bad.message().contains(ITEM_TEXT), "{}", bad.message());
    assert!(!bad.to_string().contains(ITEM_TEXT), "{bad}");
    texts.extend([
        bad.to_string(),
        format!("{bad:?}"),
        bad.message().to_owned(),
    ]);
    let user = client.get_application_user("0oa1", "00u1").send().await;
    texts.extend(texts_of_result(&user));
    texts.extend(texts_of_mismatches(&user.expect("kept")));
    let user = client.get_application_user("0oa1", "00u2").send().await;
    let Err(okta_apps::Error::Decode(decode)) = &user else {
        panic!("{user:?}")
    };
    assert!(!decode.message.contains(ITEM_TEXT), "{}", decode.message);
    for id in [
        "basic",
        "numeric",
        "numeric-broken",
        "escaped",
        "escaped-broken",
    ] {
        let app = client.get_application(id).send().await;
        if id.ends_with("broken") {
            assert!(
                matches!(app, Err(okta_apps::Error::Decode(_))),
                "{id}: {app:?}"
            );
        } else {
            assert!(app.is_ok(), "{id}: {app:?}");
        }
        texts.extend(texts_of_result(&app));
        if let Ok(app) = &app {
            texts.push(format!("{app:#?}"));
            texts.extend(app.mismatches().iter().map(ToString::to_string));
        }
    }
    // An imported password hash and its salt are secrets.
    let hash: okta_apps::models::PasswordCredentialHash = serde_json::from_str(&format!(
        r#"{{"algorithm":"SHA-256","salt":"{SALT}","saltOrder":"PREFIX","value":"{HASH}"}}"#
    ))
    .expect("hash");
    texts.push(format!("{hash:?}"));
    texts.push(logged());
    assert_no_secret(&texts, &decoder_secrets());
    // Still readable on purpose, and sent back as they came.
    assert_eq!(hash.value.as_ref().map(|v| v.expose()), Some(HASH));
    let encoded = serde_json::to_string(&hash).expect("encodes");
    assert!(
        encoded.contains(SALT) && encoded.contains(HASH),
        "{encoded}"
    );
}
