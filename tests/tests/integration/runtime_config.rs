//! Configuration: okta.yaml and OKTA_CLIENT_* with their precedence, the builder's
//! checks, and the User-Agent header.

use std::path::{Path, PathBuf};

use okta_apps::{Client, ClientBuilder, Error, OktaConfig, RetryPolicy};
use okta_apps_tests::server::{Action, Server};

/// A fresh directory for this test's files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("okta-apps-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

#[test]
fn environment_overrides_current_dir_overrides_home() {
    let dir = temp_dir("precedence");
    let home = write(
        &dir,
        "home.yaml",
        "okta:\n  client:\n    orgUrl: https://home.okta.com\n    token: home-token\n    clientId: home-client\n    scopes:\n      - okta.apps.read\n    connectionTimeout: 30\n",
    );
    let current = write(
        &dir,
        "current.yaml",
        "okta:\n  client:\n    orgUrl: https://current.okta.com\n    token: current-token\n",
    );
    let missing = dir.join("missing.yaml");
    let config = OktaConfig::from_sources(
        &[&home, &current, &missing],
        env(&[
            ("OKTA_CLIENT_TOKEN", "env-token"),
            ("OKTA_CLIENT_SCOPES", "okta.apps.read, okta.apps.manage"),
            ("OKTA_CLIENT_KEYID", ""),
        ]),
    )
    .expect("config");
    assert_eq!(
        config.org_url.as_deref(),
        Some("https://current.okta.com"),
        "./okta.yaml beats ~/.okta/okta.yaml"
    );
    assert_eq!(
        config.token.as_deref(),
        Some("env-token"),
        "the environment beats both files"
    );
    assert_eq!(
        config.client_id.as_deref(),
        Some("home-client"),
        "fields set only at home survive"
    );
    assert_eq!(
        config.scopes,
        Some(vec![
            "okta.apps.read".to_owned(),
            "okta.apps.manage".to_owned()
        ])
    );
    assert_eq!(config.key_id, None, "an empty variable is unset");
    let shown = format!("{config:?}");
    assert!(
        !shown.contains("env-token") && shown.contains("<redacted>"),
        "{shown}"
    );
}

#[test]
fn okta_yaml_forms() {
    let config = OktaConfig::from_yaml(
        "okta:\n  client:\n    authorizationMode: PrivateKey\n    scopes: okta.apps.read okta.apps.manage\n    privateKeyId: kid-1\n    privateKey: /keys/key.pem\n  testing:\n    disableHttpsCheck: false\n",
    )
    .expect("yaml");
    assert_eq!(config.authorization_mode.as_deref(), Some("PrivateKey"));
    assert_eq!(
        config.scopes,
        Some(vec![
            "okta.apps.read".to_owned(),
            "okta.apps.manage".to_owned()
        ])
    );
    assert_eq!(config.key_id.as_deref(), Some("kid-1"));
    assert_eq!(config.private_key.as_deref(), Some("/keys/key.pem"));
    assert_eq!(
        OktaConfig::from_yaml("").expect("empty"),
        OktaConfig::default()
    );

    let dir = temp_dir("invalid");
    let bad = write(&dir, "okta.yaml", "okta: [unclosed\n");
    let error = OktaConfig::from_sources(&[&bad], env(&[])).expect_err("invalid yaml");
    assert!(
        matches!(&error, Error::InvalidInput(m) if m.contains("okta.yaml")),
        "{error:?}"
    );
}

#[test]
fn from_config_picks_the_credentials_by_mode() {
    let base = |mode: Option<&str>| {
        OktaConfig::from_env_lookup(env(&[
            ("OKTA_CLIENT_ORGURL", "https://example.okta.com"),
            ("OKTA_CLIENT_TOKEN", "tok"),
        ]))
        .overridden_by(OktaConfig::from_env_lookup(|name| {
            (name == "OKTA_CLIENT_AUTHORIZATIONMODE")
                .then(|| mode.map(str::to_owned))
                .flatten()
        }))
    };
    for mode in [None, Some("SSWS"), Some("Bearer")] {
        let client = ClientBuilder::from_config(base(mode))
            .expect("builder")
            .build()
            .expect("client");
        assert_eq!(client.org_url().as_str(), "https://example.okta.com/");
    }
    let error = ClientBuilder::from_config(base(Some("Magic"))).expect_err("unknown mode");
    assert!(
        matches!(&error, Error::InvalidInput(m) if m.contains("Magic")),
        "{error:?}"
    );
    let error = ClientBuilder::from_config(OktaConfig::from_env_lookup(env(&[(
        "OKTA_CLIENT_TOKEN",
        "tok",
    )])))
    .expect_err("no org");
    assert!(
        matches!(&error, Error::InvalidInput(m) if m.contains("OKTA_CLIENT_ORGURL")),
        "{error:?}"
    );
    let error = ClientBuilder::from_config(base(Some("PrivateKey"))).expect_err("no client id");
    assert!(
        matches!(&error, Error::InvalidInput(m) if m.contains("OKTA_CLIENT_CLIENTID")),
        "{error:?}"
    );

    // PrivateKey mode with the key given as a path.
    let key = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/runtime_keys/ec.pem");
    let key = key.to_str().expect("utf-8 path");
    let config = OktaConfig::from_env_lookup(env(&[
        ("OKTA_CLIENT_ORGURL", "https://example.okta.com"),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey"),
        ("OKTA_CLIENT_CLIENTID", "0oa-client"),
        ("OKTA_CLIENT_SCOPES", "okta.apps.read"),
        ("OKTA_CLIENT_PRIVATEKEY", key),
        ("OKTA_CLIENT_KEYID", "kid-7"),
    ]));
    let client = ClientBuilder::from_config(config)
        .expect("builder")
        .build()
        .expect("client");
    let shown = format!("{client:?}");
    assert!(
        shown.contains("0oa-client") && shown.contains("ES256") && shown.contains("kid-7"),
        "{shown}"
    );
}

#[tokio::test]
async fn builder_calls_override_the_configuration() {
    let server = Server::start(|_, _| Action::json(200, "[]")).await;
    let url = server.url();
    let config = OktaConfig::from_env_lookup(env(&[
        ("OKTA_CLIENT_ORGURL", &url),
        ("OKTA_CLIENT_TOKEN", "from-config"),
    ]));
    let client = ClientBuilder::from_config(config)
        .expect("builder")
        .api_token("from-builder")
        .allow_http(true)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    client.list_applications().send().await.expect("200");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("SSWS from-builder")
    );
}

#[tokio::test]
async fn from_env_reads_the_process_environment() {
    // The only test in this binary that touches the process environment.
    let server = Server::start(|_, _| Action::json(200, "[]")).await;
    std::env::set_var("OKTA_CLIENT_ORGURL", server.url());
    std::env::set_var("OKTA_CLIENT_TOKEN", "env-process-token");
    std::env::set_var("OKTA_CLIENT_AUTHORIZATIONMODE", "Bearer");
    let client = ClientBuilder::from_env()
        .expect("builder")
        .allow_http(true)
        .build()
        .expect("client");
    client.list_applications().send().await.expect("200");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer env-process-token")
    );
}

#[tokio::test]
async fn user_agent_names_crate_rust_and_platform_then_the_suffix() {
    let server = Server::start(|_, _| Action::json(200, "[]")).await;
    let client = Client::builder(server.url())
        .allow_http(true)
        .api_token("t")
        .user_agent_suffix("my-app/1.2")
        .build()
        .expect("client");
    client.list_applications().send().await.expect("200");
    let sent = server.requests()[0]
        .header("user-agent")
        .expect("user-agent")
        .to_owned();
    assert_eq!(sent, client.user_agent());
    let parts: Vec<&str> = sent.split(' ').collect();
    assert_eq!(parts.len(), 4, "{sent}");
    assert_eq!(parts[0], "okta-apps/0.1.0");
    let rust = parts[1].strip_prefix("rust/").expect("rust/<version>");
    assert!(
        rust.split('.').count() >= 3
            && rust
                .split('.')
                .take(3)
                .all(|n| n.chars().next().is_some_and(|c| c.is_ascii_digit())),
        "{sent}"
    );
    assert_eq!(
        parts[2],
        format!("{}/{}", std::env::consts::OS, std::env::consts::ARCH)
    );
    assert_eq!(parts[3], "my-app/1.2");

    let plain = Client::builder("https://example.okta.com")
        .api_token("t")
        .build()
        .expect("client");
    assert_eq!(plain.user_agent().split(' ').count(), 3);
}

#[test]
fn the_org_url_is_checked() {
    let build = |url: &str, allow_http: bool| {
        Client::builder(url)
            .allow_http(allow_http)
            .api_token("t")
            .build()
    };
    assert!(build("https://example.okta.com", false).is_ok());
    assert!(build("https://example.okta.com/", false).is_ok());
    for (url, allow_http) in [
        ("http://example.okta.com", false),
        ("https://example.okta.com/api", false),
        ("https://example.okta.com?x=1", false),
        ("ftp://example.okta.com", true),
        ("https://user:pw@example.okta.com", false),
        ("example.okta.com", false),
    ] {
        let error = build(url, allow_http).expect_err(url);
        assert!(matches!(error, Error::InvalidInput(_)), "{url}: {error:?}");
    }
    assert!(build("http://127.0.0.1:8080", true).is_ok());
    let error = Client::builder("https://example.okta.com")
        .build()
        .expect_err("no credentials");
    assert!(matches!(error, Error::InvalidInput(_)));
    let error = Client::builder("https://example.okta.com")
        .api_token("bad\ntoken")
        .build()
        .expect_err("newline");
    assert!(
        matches!(&error, Error::InvalidInput(m) if !m.contains("bad")),
        "the token is not echoed: {error:?}"
    );
}
