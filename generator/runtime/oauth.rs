//! OAuth 2.0 for service apps: a private-key JWT client assertion, the
//! `client_credentials` grant, a token cache with one refresh at a time, and DPoP.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, WWW_AUTHENTICATE};
use reqwest::{StatusCode, Url};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair, RSA_PKCS1_SHA256, RsaKeyPair,
};
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::auth::AuthHeaders;
use crate::body::ReadFailure;
use crate::error::{Error, OAuthError, snippet};
use crate::response::request_id;

/// How long a client assertion is valid.
const ASSERTION_LIFETIME: u64 = 300;
/// A cached access token is replaced this long before it expires.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

/// The key that signs the client assertion: RSA (RS256) or P-256 (ES256), from a PEM
/// (`PRIVATE KEY` in PKCS #8, or `RSA PRIVATE KEY`) or a JWK.
///
/// Its `Debug` output names the algorithm and key id, never the key.
#[derive(Clone)]
pub struct PrivateKey {
    key: Arc<SigningKey>,
    key_id: Option<String>,
}

enum SigningKey {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("algorithm", &self.algorithm())
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidInput(message.into())
}

impl PrivateKey {
    /// Reads a PEM or a JWK, whichever `text` is.
    pub fn parse(text: &str) -> Result<PrivateKey, Error> {
        if text.trim_start().starts_with('{') {
            PrivateKey::from_jwk(text)
        } else {
            PrivateKey::from_pem(text)
        }
    }

    /// Reads a PEM: `-----BEGIN PRIVATE KEY-----` (PKCS #8, RSA or P-256) or
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS #1).
    pub fn from_pem(pem: &str) -> Result<PrivateKey, Error> {
        let (label, der) = decode_pem(pem)?;
        let rng = SystemRandom::new();
        let key = match label.as_str() {
            "PRIVATE KEY" => match RsaKeyPair::from_pkcs8(&der) {
                Ok(key) => SigningKey::Rsa(key),
                Err(rsa_error) => EcdsaKeyPair::from_pkcs8(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    &der,
                    &rng,
                )
                .map(SigningKey::Ec)
                .map_err(|ec_error| {
                    invalid(format!(
                        "the PKCS #8 key is neither RSA ({rsa_error}) nor P-256 ({ec_error})"
                    ))
                })?,
            },
            "RSA PRIVATE KEY" => SigningKey::Rsa(
                RsaKeyPair::from_der(&der)
                    .map_err(|e| invalid(format!("the RSA key is not usable: {e}")))?,
            ),
            "EC PRIVATE KEY" => {
                return Err(invalid(
                    "SEC1 EC keys are not read; convert with `openssl pkcs8 -topk8 -nocrypt`",
                ));
            }
            other => {
                return Err(invalid(format!(
                    "a PEM labelled {other:?} is not an unencrypted private key"
                )));
            }
        };
        Ok(PrivateKey {
            key: Arc::new(key),
            key_id: None,
        })
    }

    /// Reads a private JWK: `kty` `RSA` (with `n`, `e`, `d`, `p`, `q`, `dp`, `dq`, `qi`) or
    /// `EC` on `P-256` (with `x`, `y`, `d`). Its `kid`, if any, becomes the key id.
    pub fn from_jwk(jwk: &str) -> Result<PrivateKey, Error> {
        let jwk: Value =
            serde_json::from_str(jwk).map_err(|e| invalid(format!("the JWK is not JSON: {e}")))?;
        let field = |name: &str| -> Result<Vec<u8>, Error> {
            let text = jwk
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| invalid(format!("the JWK has no {name:?}")))?;
            URL_SAFE_NO_PAD
                .decode(text.trim_end_matches('='))
                .map_err(|_| invalid(format!("the JWK's {name:?} is not base64url")))
        };
        let key = match jwk.get("kty").and_then(Value::as_str) {
            Some("RSA") => {
                let components = ring::rsa::KeyPairComponents {
                    public_key: ring::rsa::PublicKeyComponents {
                        n: field("n")?,
                        e: field("e")?,
                    },
                    d: field("d")?,
                    p: field("p")?,
                    q: field("q")?,
                    dP: field("dp")?,
                    dQ: field("dq")?,
                    qInv: field("qi")?,
                };
                SigningKey::Rsa(
                    RsaKeyPair::from_components(&components)
                        .map_err(|e| invalid(format!("the RSA JWK is not usable: {e}")))?,
                )
            }
            Some("EC") => {
                if jwk.get("crv").and_then(Value::as_str) != Some("P-256") {
                    return Err(invalid("only EC keys on P-256 (ES256) are supported"));
                }
                let mut public = vec![0x04];
                public.extend(field("x")?);
                public.extend(field("y")?);
                SigningKey::Ec(
                    EcdsaKeyPair::from_private_key_and_public_key(
                        &ECDSA_P256_SHA256_FIXED_SIGNING,
                        &field("d")?,
                        &public,
                        &SystemRandom::new(),
                    )
                    .map_err(|e| invalid(format!("the EC JWK is not usable: {e}")))?,
                )
            }
            other => {
                return Err(invalid(format!(
                    "JWK kty {other:?} is not supported; expected RSA or EC"
                )));
            }
        };
        Ok(PrivateKey {
            key: Arc::new(key),
            key_id: jwk.get("kid").and_then(Value::as_str).map(str::to_owned),
        })
    }

    /// Sets the key id sent as `kid` in the assertion header.
    pub fn with_key_id(mut self, key_id: impl Into<String>) -> PrivateKey {
        self.key_id = Some(key_id.into());
        self
    }

    /// `RS256` or `ES256`.
    pub fn algorithm(&self) -> &'static str {
        match *self.key {
            SigningKey::Rsa(_) => "RS256",
            SigningKey::Ec(_) => "ES256",
        }
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let rng = SystemRandom::new();
        let failed = |_| invalid("signing the client assertion failed");
        match &*self.key {
            SigningKey::Rsa(key) => {
                let mut signature = vec![0; key.public().modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
                    .map_err(failed)?;
                Ok(signature)
            }
            SigningKey::Ec(key) => Ok(key.sign(&rng, message).map_err(failed)?.as_ref().to_vec()),
        }
    }
}

fn decode_pem(pem: &str) -> Result<(String, Vec<u8>), Error> {
    let pem = pem.trim();
    let label = pem
        .strip_prefix("-----BEGIN ")
        .and_then(|rest| rest.split_once("-----"))
        .map(|(label, _)| label.to_owned())
        .ok_or_else(|| invalid("the key is neither a PEM nor a JWK"))?;
    // Shown in errors below, so it must not be able to hold key material.
    if label.len() > 40 || !label.chars().all(|c| c.is_ascii_uppercase() || c == ' ') {
        return Err(invalid("the PEM's BEGIN line is malformed"));
    }
    let end = format!("-----END {label}-----");
    let body = pem
        .split_once('\n')
        .map(|(_, rest)| rest)
        .and_then(|rest| rest.split_once(&end))
        .map(|(body, _)| body)
        .ok_or_else(|| invalid(format!("the PEM has no {end:?} line")))?;
    if body.contains(':') {
        return Err(invalid("encrypted PEM keys are not supported"));
    }
    let base64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let der = STANDARD
        .decode(base64)
        // The decoder's message quotes the offending character: key material.
        .map_err(|_| invalid("the PEM body is not base64"))?;
    Ok((label, der))
}

/// A compact JWS: `base64url(header).base64url(claims).base64url(signature)`.
fn jws(
    header: &Value,
    claims: &Value,
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, Error>,
) -> Result<String, Error> {
    let mut token = URL_SAFE_NO_PAD.encode(header.to_string());
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signature = sign(token.as_bytes())?;
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(signature));
    Ok(token)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn fresh_jti(rng: &SystemRandom) -> Result<String, Error> {
    let mut bytes = [0u8; 18];
    rng.fill(&mut bytes)
        .map_err(|_| invalid("the system random number generator failed"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The key pair that proves possession of DPoP-bound tokens; made by the client,
/// never the client-assertion key.
struct DpopKey {
    key: EcdsaKeyPair,
    jwk: Value,
}

impl DpopKey {
    fn generate(rng: &SystemRandom) -> Result<DpopKey, Error> {
        let failed = || invalid("generating the DPoP key pair failed");
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, rng)
            .map_err(|_| failed())?;
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), rng)
            .map_err(|_| failed())?;
        // Uncompressed point: 0x04 || x (32 bytes) || y (32 bytes).
        let coordinates = key
            .public_key()
            .as_ref()
            .get(1..)
            .filter(|c| c.len() == 64)
            .ok_or_else(|| invalid("the DPoP public key is not an uncompressed P-256 point"))?;
        let (x, y) = coordinates.split_at(32);
        let jwk = json!({
            "kty": "EC",
            "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode(x),
            "y": URL_SAFE_NO_PAD.encode(y),
        });
        Ok(DpopKey { key, jwk })
    }

    /// A DPoP proof for `method` on `url`, bound to `access_token` when there is one.
    fn proof(
        &self,
        rng: &SystemRandom,
        method: &str,
        url: &Url,
        access_token: Option<&str>,
        nonce: Option<&str>,
    ) -> Result<HeaderValue, Error> {
        let mut htu = url.clone();
        htu.set_query(None);
        htu.set_fragment(None);
        let mut claims = json!({
            "htm": method,
            "htu": htu.as_str(),
            "iat": unix_now(),
            "jti": fresh_jti(rng)?,
        });
        if let Some(token) = access_token {
            let hash = ring::digest::digest(&ring::digest::SHA256, token.as_bytes());
            claims["ath"] = Value::from(URL_SAFE_NO_PAD.encode(hash.as_ref()));
        }
        if let Some(nonce) = nonce {
            claims["nonce"] = Value::from(nonce);
        }
        let header = json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": self.jwk });
        let proof = jws(&header, &claims, |message| {
            Ok(self
                .key
                .sign(rng, message)
                .map_err(|_| invalid("signing the DPoP proof failed"))?
                .as_ref()
                .to_vec())
        })?;
        HeaderValue::from_str(&proof).map_err(|_| invalid("the DPoP proof is not a header value"))
    }
}

/// An access token from the token endpoint.
#[derive(Clone)]
struct Token {
    access_token: String,
    dpop: bool,
    refresh_at: Instant,
    generation: u64,
}

/// Settings of an OAuth 2.0 service app, given to [`ClientBuilder::private_key_jwt`](crate::ClientBuilder::private_key_jwt).
pub(crate) struct OAuthSettings {
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) key: PrivateKey,
}

/// Access tokens for one client: fetched, cached, refreshed one at a time.
pub(crate) struct TokenSource {
    settings: OAuthSettings,
    token_url: Url,
    rng: SystemRandom,
    dpop_key: DpopKey,
    /// Set once the token endpoint asks for DPoP; from then on every token request has a proof.
    dpop: AtomicBool,
    /// Held while a token is fetched, so that concurrent requests wait for one refresh.
    cache: tokio::sync::Mutex<Option<Token>>,
    generations: AtomicU64,
    /// Tokens of this generation and older were refused with 401.
    refused_up_to: AtomicU64,
    token_nonce: Mutex<Option<String>>,
    api_nonce: Mutex<Option<String>>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth")
            .field("client_id", &self.settings.client_id)
            .field("scopes", &self.settings.scopes)
            .field("key", &self.settings.key)
            .field("dpop", &self.dpop.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl TokenSource {
    pub(crate) fn new(settings: OAuthSettings, org_url: &Url) -> Result<TokenSource, Error> {
        if settings.client_id.is_empty() {
            return Err(invalid("the OAuth client id is empty"));
        }
        if settings.scopes.is_empty() {
            return Err(invalid(
                "no OAuth scopes: name the scopes the service app was granted, e.g. okta.apps.read",
            ));
        }
        let mut token_url = org_url.clone();
        token_url.set_path("/oauth2/v1/token");
        let rng = SystemRandom::new();
        let dpop_key = DpopKey::generate(&rng)?;
        Ok(TokenSource {
            settings,
            token_url,
            rng,
            dpop_key,
            dpop: AtomicBool::new(false),
            cache: tokio::sync::Mutex::new(None),
            generations: AtomicU64::new(0),
            refused_up_to: AtomicU64::new(0),
            token_nonce: Mutex::new(None),
            api_nonce: Mutex::new(None),
        })
    }

    pub(crate) async fn headers(
        &self,
        http: &reqwest::Client,
        method: &str,
        url: &Url,
    ) -> Result<AuthHeaders, Error> {
        let token = self.token(http).await?;
        let scheme = if token.dpop { "DPoP" } else { "Bearer" };
        let mut authorization = HeaderValue::from_str(&format!("{scheme} {}", token.access_token))
            .map_err(|_| invalid("the access token is not a header value"))?;
        authorization.set_sensitive(true);
        let dpop = if token.dpop {
            let nonce = lock(&self.api_nonce).clone();
            Some(self.dpop_key.proof(
                &self.rng,
                method,
                url,
                Some(&token.access_token),
                nonce.as_deref(),
            )?)
        } else {
            None
        };
        Ok(AuthHeaders {
            authorization,
            dpop,
            generation: Some(token.generation),
        })
    }

    pub(crate) fn observe(&self, headers: &HeaderMap) {
        if let Some(nonce) = headers.get("dpop-nonce").and_then(|v| v.to_str().ok()) {
            *lock(&self.api_nonce) = Some(nonce.to_owned());
        }
    }

    pub(crate) fn should_reauthorize(&self, error: &Error, generation: Option<u64>) -> bool {
        let (Error::Api(api), Some(generation)) = (error, generation) else {
            return false;
        };
        if api.status != StatusCode::UNAUTHORIZED {
            return false;
        }
        let wants_nonce = api
            .headers
            .get(WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("use_dpop_nonce"));
        if !(wants_nonce && api.headers.contains_key("dpop-nonce")) {
            // The token itself was refused: the next attempt fetches a new one.
            self.refused_up_to.fetch_max(generation, Ordering::SeqCst);
        }
        true
    }

    /// A valid token: the cached one, or one fetched by whichever caller got the lock first.
    async fn token(&self, http: &reqwest::Client) -> Result<Token, Error> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = cache.as_ref() {
            let refused = token.generation <= self.refused_up_to.load(Ordering::SeqCst);
            if !refused && Instant::now() < token.refresh_at {
                return Ok(token.clone());
            }
        }
        let token = self.fetch(http).await?;
        *cache = Some(token.clone());
        Ok(token)
    }

    fn client_assertion(&self) -> Result<String, Error> {
        let now = unix_now();
        let mut header = json!({ "alg": self.settings.key.algorithm(), "typ": "JWT" });
        if let Some(kid) = &self.settings.key.key_id {
            header["kid"] = Value::from(kid.as_str());
        }
        let claims = json!({
            "iss": self.settings.client_id,
            "sub": self.settings.client_id,
            "aud": self.token_url.as_str(),
            "iat": now,
            "exp": now + ASSERTION_LIFETIME,
            "jti": fresh_jti(&self.rng)?,
        });
        jws(&header, &claims, |message| self.settings.key.sign(message))
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<Token, Error> {
        let scope = self.settings.scopes.join(" ");
        // At most: plain, then with a DPoP proof, then with the server's nonce, then once more
        // should the nonce have rotated.
        for _ in 0..4 {
            let assertion = self.client_assertion()?;
            let body = form_encode(&[
                ("grant_type", "client_credentials"),
                ("scope", &scope),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("client_assertion", &assertion),
            ]);
            let mut request = http
                .post(self.token_url.clone())
                .header(ACCEPT, "application/json")
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body);
            let use_dpop = self.dpop.load(Ordering::SeqCst);
            if use_dpop {
                let nonce = lock(&self.token_nonce).clone();
                let proof = self.dpop_key.proof(
                    &self.rng,
                    "POST",
                    &self.token_url,
                    None,
                    nonce.as_deref(),
                )?;
                request = request.header("dpop", proof);
            }
            let started = Instant::now();
            let mut response = request
                .send()
                .await
                .map_err(|e| Error::from_reqwest(e, started.elapsed()))?;
            // A token only ever comes from the org's own token endpoint: a redirect
            // would have the next request carry the client assertion elsewhere.
            crate::client::refuse_redirect(&self.token_url, &response)?;
            let status = response.status();
            let mut headers = response.headers().clone();
            crate::response::mark_sensitive(&mut headers);
            // A token answer is a few KiB at most (a JWT access token and its metadata).
            let body = crate::body::read_answer(&mut response, crate::body::ERROR_BODY_LIMIT)
                .await
                .map_err(|e| match e {
                    ReadFailure::Broken(e) => Error::from_reqwest(e, started.elapsed()),
                    ReadFailure::TooLarge => oauth_error(
                        status,
                        &headers,
                        &Value::Null,
                        b"(a body longer than the token endpoint's limit of 64 KiB)",
                    ),
                })?;
            if let Some(nonce) = headers.get("dpop-nonce").and_then(|v| v.to_str().ok()) {
                *lock(&self.token_nonce) = Some(nonce.to_owned());
            }
            let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            if status.is_success() {
                return self.token_from(status, &headers, &parsed, &body);
            }
            let code = parsed.get("error").and_then(Value::as_str).unwrap_or("");
            let retry = match code {
                "use_dpop_nonce" => headers.contains_key("dpop-nonce"),
                "invalid_dpop_proof" => !use_dpop,
                _ => false,
            };
            if retry {
                tracing::debug!(error = code, "the token endpoint asks for DPoP; retrying");
                self.dpop.store(true, Ordering::SeqCst);
                continue;
            }
            // A rate limit or an unavailable token endpoint is not an OAuth refusal: as an
            // API error it goes through the client's retry policy like any other answer.
            if matches!(
                status,
                StatusCode::TOO_MANY_REQUESTS
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            ) && code.is_empty()
            {
                return Err(crate::client::api_error(status, headers, &body));
            }
            return Err(oauth_error(status, &headers, &parsed, &body));
        }
        Err(invalid(
            "the token endpoint kept refusing the DPoP proof; giving up",
        ))
    }

    fn token_from(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        parsed: &Value,
        body: &[u8],
    ) -> Result<Token, Error> {
        let Some(access_token) = parsed.get("access_token").and_then(Value::as_str) else {
            return Err(oauth_error(status, headers, parsed, body));
        };
        let token_type = parsed
            .get("token_type")
            .and_then(Value::as_str)
            .unwrap_or("Bearer");
        let dpop = token_type.eq_ignore_ascii_case("DPoP");
        if dpop {
            self.dpop.store(true, Ordering::SeqCst);
        }
        let lifetime = Duration::from_secs(
            parsed
                .get("expires_in")
                .and_then(Value::as_u64)
                .unwrap_or(3600),
        );
        Ok(Token {
            access_token: access_token.to_owned(),
            dpop,
            refresh_at: Instant::now() + lifetime.saturating_sub(EXPIRY_MARGIN),
            generation: self.generations.fetch_add(1, Ordering::SeqCst) + 1,
        })
    }
}

fn oauth_error(status: StatusCode, headers: &HeaderMap, parsed: &Value, body: &[u8]) -> Error {
    let text = |name: &str| parsed.get(name).and_then(Value::as_str).map(str::to_owned);
    let error = text("error").unwrap_or_default();
    let raw_snippet = (error.is_empty() && !body.is_empty()).then(|| snippet(body));
    Error::OAuth(Box::new(OAuthError {
        status,
        error,
        error_description: text("error_description"),
        raw_snippet,
        request_id: request_id(headers).map(str::to_owned),
    }))
}

/// `application/x-www-form-urlencoded`, as RFC 6749 wants the token request.
fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_component(name, &mut out);
        out.push('=');
        encode_component(value, &mut out);
    }
    out
}

fn encode_component(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
    }
}
