//! Configuration from the environment and `okta.yaml`, with Okta's names and precedence.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::client::{Client, ClientBuilder, ShownOrgUrl};
use crate::error::Error;

/// Client settings under Okta's usual names, as `okta.yaml` and `OKTA_CLIENT_*` give them.
///
/// [`OktaConfig::load`] reads, each later source overriding the earlier ones field by field:
///
/// 1. `~/.okta/okta.yaml` (with the `config-file` feature),
/// 2. `./okta.yaml` in the current directory (with the `config-file` feature),
/// 3. the environment: `OKTA_CLIENT_ORGURL`, `OKTA_CLIENT_TOKEN`,
///    `OKTA_CLIENT_AUTHORIZATIONMODE`, `OKTA_CLIENT_CLIENTID`, `OKTA_CLIENT_SCOPES`
///    (comma- or space-separated), `OKTA_CLIENT_PRIVATEKEY`, `OKTA_CLIENT_KEYID`.
///
/// Calls on the [`ClientBuilder`] returned by [`ClientBuilder::from_env`] override all three.
///
/// An `okta.yaml` looks like this (unknown keys are ignored):
///
/// ```yaml
/// okta:
///   client:
///     orgUrl: "https://example.okta.com"
///     authorizationMode: "PrivateKey"   # or "SSWS" (the default) or "Bearer"
///     clientId: "0oa1..."
///     scopes: ["okta.apps.read", "okta.apps.manage"]
///     privateKey: "/path/to/key.pem"    # or the PEM or JWK itself
///     kid: "key-id"
///     token: "00a..."                   # for SSWS and Bearer
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OktaConfig {
    /// `orgUrl` / `OKTA_CLIENT_ORGURL`.
    pub org_url: Option<String>,
    /// `token` / `OKTA_CLIENT_TOKEN`: an API token, or a bearer token in `Bearer` mode.
    pub token: Option<String>,
    /// `authorizationMode` / `OKTA_CLIENT_AUTHORIZATIONMODE`: `SSWS`, `Bearer` or `PrivateKey`.
    pub authorization_mode: Option<String>,
    /// `clientId` / `OKTA_CLIENT_CLIENTID`, for `PrivateKey` mode.
    pub client_id: Option<String>,
    /// `scopes` / `OKTA_CLIENT_SCOPES`, for `PrivateKey` mode.
    pub scopes: Option<Vec<String>>,
    /// `privateKey` / `OKTA_CLIENT_PRIVATEKEY`: a PEM or JWK, or the path of a file holding one.
    pub private_key: Option<String>,
    /// `kid` (or `privateKeyId`) / `OKTA_CLIENT_KEYID`: the key id sent in the assertion header.
    pub key_id: Option<String>,
}

impl fmt::Debug for OktaConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |v: &Option<String>| v.as_ref().map(|_| "<redacted>");
        f.debug_struct("OktaConfig")
            .field("org_url", &self.org_url.as_deref().map(ShownOrgUrl))
            .field("token", &redacted(&self.token))
            .field("authorization_mode", &self.authorization_mode)
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("private_key", &redacted(&self.private_key))
            .field("key_id", &self.key_id)
            .finish()
    }
}

impl OktaConfig {
    /// Reads `~/.okta/okta.yaml`, `./okta.yaml` and the environment, in that order of
    /// increasing precedence. Missing files are skipped; a file that cannot be read or
    /// parsed is an error naming it.
    pub fn load() -> Result<OktaConfig, Error> {
        let mut files = Vec::new();
        if let Some(home) = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")) {
            files.push(PathBuf::from(home).join(".okta").join("okta.yaml"));
        }
        files.push(PathBuf::from("okta.yaml"));
        let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        OktaConfig::from_sources(&files, |name| std::env::var(name).ok())
    }

    /// Like [`load`](Self::load), from the given `okta.yaml` files (lowest precedence
    /// first) and an environment lookup; for tests and unusual layouts.
    pub fn from_sources(
        yaml_files: &[&Path],
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<OktaConfig, Error> {
        let mut config = OktaConfig::default();
        for path in yaml_files {
            if let Some(file) = read_yaml_file(path)? {
                config = config.overridden_by(file);
            }
        }
        Ok(config.overridden_by(OktaConfig::from_env_lookup(env)))
    }

    /// The `OKTA_CLIENT_*` variables that `env` knows.
    pub fn from_env_lookup(env: impl Fn(&str) -> Option<String>) -> OktaConfig {
        let get = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        OktaConfig {
            org_url: get("OKTA_CLIENT_ORGURL"),
            token: get("OKTA_CLIENT_TOKEN"),
            authorization_mode: get("OKTA_CLIENT_AUTHORIZATIONMODE"),
            client_id: get("OKTA_CLIENT_CLIENTID"),
            scopes: get("OKTA_CLIENT_SCOPES").map(|s| split_scopes(&s)),
            private_key: get("OKTA_CLIENT_PRIVATEKEY"),
            key_id: get("OKTA_CLIENT_KEYID").or_else(|| get("OKTA_CLIENT_PRIVATEKEYID")),
        }
    }

    /// Parses the text of an `okta.yaml`.
    ///
    /// Errors name the key, never its value: a token or key in the wrong place must not
    /// end up in a log.
    #[cfg(feature = "config-file")]
    pub fn from_yaml(text: &str) -> Result<OktaConfig, Error> {
        use serde_yaml::Value;
        if text.trim().is_empty() {
            return Ok(OktaConfig::default());
        }
        // Parsed as an untyped tree first: serde's typed errors quote the offending value.
        let file: Value = serde_yaml::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
                .unwrap_or_default();
            Error::InvalidInput(format!("okta.yaml is not valid YAML{at}"))
        })?;
        let client = file.get("okta").and_then(|okta| okta.get("client"));
        let Some(client) = client else {
            return Ok(OktaConfig::default());
        };
        let text = |key: &str| -> Result<Option<String>, Error> {
            match client.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(value)) => Ok(Some(value.clone())),
                Some(_) => Err(Error::InvalidInput(format!(
                    "okta.yaml: okta.client.{key} should be a string (value not shown)"
                ))),
            }
        };
        let scopes = match client.get("scopes") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(split_scopes(text)),
            Some(Value::Sequence(items)) => Some(
                items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        Error::InvalidInput(
                            "okta.yaml: okta.client.scopes should list strings".into(),
                        )
                    })?,
            ),
            Some(_) => {
                return Err(Error::InvalidInput(
                    "okta.yaml: okta.client.scopes should be a list or a string".into(),
                ));
            }
        };
        Ok(OktaConfig {
            org_url: text("orgUrl")?,
            token: text("token")?,
            authorization_mode: text("authorizationMode")?,
            client_id: text("clientId")?,
            scopes,
            private_key: text("privateKey")?,
            key_id: text("kid")?.or(text("privateKeyId")?),
        })
    }

    /// `self` with every field that `other` sets replaced by `other`'s value.
    pub fn overridden_by(self, other: OktaConfig) -> OktaConfig {
        OktaConfig {
            org_url: other.org_url.or(self.org_url),
            token: other.token.or(self.token),
            authorization_mode: other.authorization_mode.or(self.authorization_mode),
            client_id: other.client_id.or(self.client_id),
            scopes: other.scopes.or(self.scopes),
            private_key: other.private_key.or(self.private_key),
            key_id: other.key_id.or(self.key_id),
        }
    }
}

/// Scopes as one string: separated by commas, spaces or both.
fn split_scopes(text: &str) -> Vec<String> {
    text.split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(feature = "config-file")]
fn read_yaml_file(path: &Path) -> Result<Option<OktaConfig>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => OktaConfig::from_yaml(&text)
            .map(Some)
            .map_err(|e| Error::InvalidInput(format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::InvalidInput(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

#[cfg(not(feature = "config-file"))]
fn read_yaml_file(_path: &Path) -> Result<Option<OktaConfig>, Error> {
    Ok(None)
}

impl ClientBuilder {
    /// A builder configured by [`OktaConfig::load`]: `~/.okta/okta.yaml`, `./okta.yaml`,
    /// then `OKTA_CLIENT_*`. Builder calls made afterwards override all of them.
    pub fn from_env() -> Result<ClientBuilder, Error> {
        ClientBuilder::from_config(OktaConfig::load()?)
    }

    /// A builder configured by `config`; the org URL is required, and the credentials
    /// follow `authorization_mode` (`SSWS` when unset).
    pub fn from_config(config: OktaConfig) -> Result<ClientBuilder, Error> {
        let org_url = config.org_url.clone().ok_or_else(|| {
            Error::InvalidInput(
                "no org URL: set OKTA_CLIENT_ORGURL or okta.client.orgUrl in okta.yaml".into(),
            )
        })?;
        let builder = Client::builder(org_url);
        let mode = config.authorization_mode.as_deref().unwrap_or("SSWS");
        let token = || {
            config.token.clone().ok_or_else(|| {
                Error::InvalidInput(format!(
                    "authorization mode {mode} needs a token: set OKTA_CLIENT_TOKEN or okta.client.token"
                ))
            })
        };
        if mode.eq_ignore_ascii_case("SSWS") {
            Ok(builder.api_token(token()?))
        } else if mode.eq_ignore_ascii_case("Bearer") {
            Ok(builder.bearer_token(token()?))
        } else if mode.eq_ignore_ascii_case("PrivateKey") {
            private_key_builder(builder, &config)
        } else {
            Err(Error::InvalidInput(format!(
                "unknown authorization mode {mode:?}; expected SSWS, Bearer or PrivateKey"
            )))
        }
    }
}

impl Client {
    /// A client configured by [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }
}

#[cfg(not(feature = "oauth"))]
fn private_key_builder(
    _builder: ClientBuilder,
    _config: &OktaConfig,
) -> Result<ClientBuilder, Error> {
    Err(Error::InvalidInput(
        "authorization mode PrivateKey needs this crate's `oauth` feature".into(),
    ))
}

#[cfg(feature = "oauth")]
fn private_key_builder(
    builder: ClientBuilder,
    config: &OktaConfig,
) -> Result<ClientBuilder, Error> {
    let client_id = config.client_id.clone().ok_or_else(|| {
        Error::InvalidInput(
            "authorization mode PrivateKey needs a client id: set OKTA_CLIENT_CLIENTID".into(),
        )
    })?;
    let scopes = config.scopes.clone().unwrap_or_default();
    let text = config.private_key.as_deref().ok_or_else(|| {
        Error::InvalidInput(
            "authorization mode PrivateKey needs a key: set OKTA_CLIENT_PRIVATEKEY".into(),
        )
    })?;
    let key = read_private_key(text)?;
    let key = match &config.key_id {
        Some(kid) => key.with_key_id(kid.clone()),
        None => key,
    };
    Ok(builder.private_key_jwt(client_id, scopes, key))
}

/// Reads `OKTA_CLIENT_PRIVATEKEY` / `privateKey`: a PEM or a JWK, also in the forms `.env`
/// files give them (in quotes, with `\n` for line breaks), the bare base64 of a PKCS #8
/// or PKCS #1 key, or the path of a file holding any of these.
///
/// No error shows the value: a misformatted key must not end up in a log. A path is
/// named only when it cannot be key material (short, one line, with characters base64
/// does not use).
#[cfg(feature = "oauth")]
fn read_private_key(text: &str) -> Result<crate::oauth::PrivateKey, Error> {
    if let Some(key) = parse_key_text(text) {
        return key;
    }
    let path = unquoted(text.trim());
    let contents = std::fs::read_to_string(path).map_err(|e| {
        let kind = e.kind();
        if looks_like_a_path(path) {
            Error::InvalidInput(format!(
                "the private key setting is neither a PEM nor a JWK, and the file {path} cannot be read: {kind}"
            ))
        } else {
            Error::InvalidInput(format!(
                "the private key setting ({} characters, not shown) is neither a PEM, a JWK, \
                 the base64 of a key nor the path of a readable file ({kind})",
                text.chars().count()
            ))
        }
    })?;
    match parse_key_text(&contents) {
        Some(key) => key,
        None => Err(Error::InvalidInput(format!(
            "the private key file {} holds neither a PEM nor a JWK",
            if looks_like_a_path(path) { path } else { "(path not shown)" }
        ))),
    }
}

/// The key, when `text` is a PEM, a JWK or a bare base64 key in a form this crate reads.
#[cfg(feature = "oauth")]
fn parse_key_text(text: &str) -> Option<Result<crate::oauth::PrivateKey, Error>> {
    use crate::oauth::PrivateKey;
    let text = unquoted(text.trim()).trim();
    // `.env` files and JSON settings write line breaks as `\n`.
    let text = if text.contains("\\n") && !text.contains('\n') {
        text.replace("\\r\\n", "\n").replace("\\n", "\n")
    } else {
        text.to_owned()
    };
    if text.starts_with("-----BEGIN") || text.starts_with('{') {
        return Some(PrivateKey::parse(&text));
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // A bare key: the body of a PEM without its armour. Keys are hundreds of characters
    // long, and a path that long made only of base64 characters is not a real case.
    let is_base64 = compact.len() >= 64
        && compact
            .chars()
            .all(is_base64_char);
    if !is_base64 {
        return None;
    }
    let armoured = |label: &str| format!("-----BEGIN {label}-----\n{compact}\n-----END {label}-----\n");
    Some(
        PrivateKey::from_pem(&armoured("PRIVATE KEY"))
            .or_else(|_| PrivateKey::from_pem(&armoured("RSA PRIVATE KEY")))
            .map_err(|_| {
                Error::InvalidInput(
                    "the private key setting is base64, but neither a PKCS #8 nor a PKCS #1 key \
                     (value not shown)"
                        .into(),
                )
            }),
    )
}

/// `text` without one pair of matching surrounding quotes.
#[cfg(feature = "oauth")]
fn unquoted(text: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            return inner;
        }
    }
    text
}

#[cfg(feature = "oauth")]
fn looks_like_a_path(text: &str) -> bool {
    text.len() <= 255
        && !text.contains('\n')
        && !text.contains("PRIVATE")
        && text
            .chars()
            .any(|c| !is_base64_char(c))
}

/// A character of standard base64 (padding included).
#[cfg(feature = "oauth")]
fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')
}
