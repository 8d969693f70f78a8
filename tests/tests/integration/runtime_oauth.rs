//! OAuth 2.0 service apps against a loopback token endpoint that verifies the client
//! assertion's signature and claims with the public key, and a DPoP nonce handshake.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use okta_apps::{Client, Error, PrivateKey, RetryPolicy};
use okta_apps_tests::server::{Action, Recorded, Server};
use ring::signature::{
    RsaPublicKeyComponents, UnparsedPublicKey, ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256,
};
use serde_json::{json, Value};

const CLIENT_ID: &str = "0oa-service-app";

fn key_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/runtime_keys")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn b64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).expect("base64url")
}

/// The public half of a test key, as a JWK.
#[derive(Clone)]
struct PublicJwk(Value);

impl PublicJwk {
    fn load(name: &str) -> PublicJwk {
        PublicJwk(serde_json::from_str(&key_file(name)).expect("jwk"))
    }

    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let field = |name: &str| b64(self.0[name].as_str().expect("jwk field"));
        match self.0["kty"].as_str() {
            Some("RSA") => RsaPublicKeyComponents {
                n: field("n"),
                e: field("e"),
            }
            .verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
            .is_ok(),
            Some("EC") => {
                let mut point = vec![4u8];
                point.extend(field("x"));
                point.extend(field("y"));
                UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
                    .verify(message, signature)
                    .is_ok()
            }
            other => panic!("kty {other:?}"),
        }
    }
}

/// Splits and checks a compact JWS; `None` when the signature does not verify.
fn verify_jws(token: &str, key: &PublicJwk) -> Option<(Value, Value)> {
    let mut parts = token.split('.');
    let (header, claims, signature) = (parts.next()?, parts.next()?, parts.next()?);
    assert!(parts.next().is_none(), "three parts");
    let signed = format!("{header}.{claims}");
    if !key.verify(signed.as_bytes(), &b64(signature)) {
        return None;
    }
    let header: Value = serde_json::from_slice(&b64(header)).expect("header JSON");
    let claims: Value = serde_json::from_slice(&b64(claims)).expect("claims JSON");
    Some((header, claims))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

fn oauth_error(status: u16, error: &str, description: &str) -> Action {
    Action::json(
        status,
        &json!({ "error": error, "error_description": description }).to_string(),
    )
}

/// What the token endpoint saw.
#[derive(Default)]
struct TokenLog {
    jtis: HashSet<String>,
    headers: Vec<Value>,
    issued: usize,
}

/// A token endpoint that checks the client assertion as Okta does, and an API that
/// accepts the tokens it issued.
struct Org {
    server: Server,
    log: Arc<Mutex<TokenLog>>,
}

impl Org {
    async fn start(
        public: PublicJwk,
        expires_in: u64,
        api: impl Fn(&Recorded) -> Action + Send + Sync + 'static,
    ) -> Org {
        let base: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
        let log = Arc::new(Mutex::new(TokenLog::default()));
        let (handler_base, handler_log) = (base.clone(), log.clone());
        let server = Server::start(move |_, request| {
            if request.target != "/oauth2/v1/token" {
                return api(request);
            }
            let audience = format!("{}/oauth2/v1/token", handler_base.get().expect("base"));
            assert_eq!(request.method, "POST");
            assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
            assert_eq!(request.form_field("grant_type").as_deref(), Some("client_credentials"));
            assert_eq!(
                request.form_field("client_assertion_type").as_deref(),
                Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            );
            let assertion = request.form_field("client_assertion").expect("client_assertion");
            let Some((header, claims)) = verify_jws(&assertion, &public) else {
                return oauth_error(401, "invalid_client", "The client_assertion signature is invalid.");
            };
            assert_eq!(claims["iss"], CLIENT_ID);
            assert_eq!(claims["sub"], CLIENT_ID);
            assert_eq!(claims["aud"], audience.as_str());
            let (iat, exp) = (claims["iat"].as_u64().expect("iat"), claims["exp"].as_u64().expect("exp"));
            assert!(iat.abs_diff(now()) <= 5, "iat is now");
            assert!(exp > iat && exp - iat <= 600, "exp a few minutes ahead: {}", exp - iat);
            let mut log = handler_log.lock().expect("lock");
            let jti = claims["jti"].as_str().expect("jti").to_owned();
            assert!(jti.len() >= 16, "jti has entropy");
            assert!(log.jtis.insert(jti), "every assertion has a fresh jti");
            log.headers.push(header);
            log.issued += 1;
            let token = format!("token-{}", log.issued);
            Action::Delayed(
                Duration::from_millis(100),
                Box::new(Action::json(
                    200,
                    &json!({ "token_type": "Bearer", "access_token": token, "expires_in": expires_in, "scope": request.form_field("scope") }).to_string(),
                )),
            )
        })
        .await;
        base.set(server.url()).expect("once");
        Org { server, log }
    }

    fn client(&self, key: PrivateKey) -> Client {
        Client::builder(self.server.url())
            .allow_http(true)
            .private_key_jwt(CLIENT_ID, ["okta.apps.read", "okta.apps.manage"], key)
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client")
    }

    fn api_requests(&self) -> Vec<Recorded> {
        self.server
            .requests()
            .into_iter()
            .filter(|r| r.target != "/oauth2/v1/token")
            .collect()
    }

    fn token_requests(&self) -> Vec<Recorded> {
        self.server
            .requests()
            .into_iter()
            .filter(|r| r.target == "/oauth2/v1/token")
            .collect()
    }
}

fn ok_if_bearer(request: &Recorded) -> Action {
    match request.header("authorization") {
        Some(value) if value.starts_with("Bearer token-") => Action::json(200, "[]"),
        _ => Action::json(
            401,
            r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
        ),
    }
}

#[tokio::test]
async fn every_key_form_signs_an_assertion_the_token_endpoint_verifies() {
    let cases = [
        (
            "RS256 PKCS #8 PEM",
            PrivateKey::from_pem(&key_file("rsa.pem"))
                .expect("pem")
                .with_key_id("kid-rsa"),
            "rsa.pub.json",
            "RS256",
            Some("kid-rsa"),
        ),
        (
            "RS256 PKCS #1 PEM",
            PrivateKey::from_pem(&key_file("rsa-pkcs1.pem")).expect("pem"),
            "rsa.pub.json",
            "RS256",
            None,
        ),
        (
            "RS256 JWK",
            PrivateKey::from_jwk(&key_file("rsa.jwk.json")).expect("jwk"),
            "rsa.pub.json",
            "RS256",
            Some("rsa-jwk-kid"),
        ),
        (
            "ES256 PKCS #8 PEM",
            PrivateKey::parse(&key_file("ec.pem")).expect("pem"),
            "ec.pub.json",
            "ES256",
            None,
        ),
        (
            "ES256 JWK",
            PrivateKey::parse(&key_file("ec.jwk.json"))
                .expect("jwk")
                .with_key_id("kid-ec"),
            "ec.pub.json",
            "ES256",
            Some("kid-ec"),
        ),
    ];
    for (name, key, public, alg, kid) in cases {
        assert_eq!(key.algorithm(), alg, "{name}");
        let org = Org::start(PublicJwk::load(public), 3600, ok_if_bearer).await;
        let client = org.client(key);
        client
            .list_applications()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        client
            .list_applications()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));

        let tokens = org.token_requests();
        assert_eq!(tokens.len(), 1, "{name}: the token is cached");
        assert_eq!(
            tokens[0].form_field("scope").as_deref(),
            Some("okta.apps.read okta.apps.manage")
        );
        let header = org.log.lock().expect("lock").headers[0].clone();
        assert_eq!(header["alg"], alg, "{name}");
        assert_eq!(header["kid"].as_str(), kid, "{name}");
        for request in org.api_requests() {
            assert_eq!(
                request.header("authorization"),
                Some("Bearer token-1"),
                "{name}"
            );
            assert_eq!(request.header("dpop"), None);
        }
    }
}

#[tokio::test]
async fn an_assertion_signed_with_another_key_is_an_oauth_error() {
    let org = Org::start(PublicJwk::load("rsa.pub.json"), 3600, ok_if_bearer).await;
    let client = org.client(PrivateKey::from_pem(&key_file("ec.pem")).expect("pem"));
    let error = client
        .list_applications()
        .send()
        .await
        .expect_err("wrong key");
    let Error::OAuth(oauth) = &error else {
        panic!("expected Error::OAuth, got {error:?}")
    };
    assert_eq!(oauth.status, 401);
    assert_eq!(oauth.error, "invalid_client");
    assert_eq!(
        oauth.error_description.as_deref(),
        Some("The client_assertion signature is invalid.")
    );
    assert!(org.api_requests().is_empty(), "no API call without a token");
    let shown = format!("{error:?} {error} {client:?}");
    assert!(
        !shown.contains("PRIVATE KEY") && !shown.contains("eyJ"),
        "no key or assertion in output: {shown}"
    );
}

#[tokio::test]
async fn concurrent_requests_share_one_refresh() {
    let org = Org::start(PublicJwk::load("rsa.pub.json"), 3600, ok_if_bearer).await;
    let client = org.client(PrivateKey::from_pem(&key_file("rsa.pem")).expect("pem"));
    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.list_applications().send().await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.expect("task").expect("call");
    }
    assert_eq!(
        org.token_requests().len(),
        1,
        "eight callers, one token request"
    );
    assert_eq!(org.api_requests().len(), 8);
}

#[tokio::test]
async fn a_token_is_replaced_shortly_before_it_expires() {
    // 31 s of life minus the 30 s margin: the cached token is good for one second.
    let org = Org::start(PublicJwk::load("rsa.pub.json"), 31, ok_if_bearer).await;
    let client = org.client(PrivateKey::from_pem(&key_file("rsa.pem")).expect("pem"));
    client.list_applications().send().await.expect("first");
    client.list_applications().send().await.expect("cached");
    assert_eq!(org.token_requests().len(), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.list_applications().send().await.expect("refreshed");
    assert_eq!(org.token_requests().len(), 2);
    let last = org.api_requests().pop().expect("api request");
    assert_eq!(last.header("authorization"), Some("Bearer token-2"));
}

#[tokio::test]
async fn a_401_fetches_a_new_token_and_retries_once() {
    let org = Org::start(
        PublicJwk::load("rsa.pub.json"),
        3600,
        |request| match request.header("authorization") {
            Some("Bearer token-1") => Action::json(
                401,
                r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
            )
            .with_header("www-authenticate", r#"Bearer error="invalid_token""#),
            _ => Action::json(200, "[]"),
        },
    )
    .await;
    let client = org.client(PrivateKey::from_pem(&key_file("rsa.pem")).expect("pem"));
    client
        .list_applications()
        .send()
        .await
        .expect("the retry with token-2 succeeds");
    let api: Vec<_> = org
        .api_requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        api,
        [
            Some("Bearer token-1".to_owned()),
            Some("Bearer token-2".to_owned())
        ]
    );

    // A server that refuses every token: one retry, then the 401.
    let org = Org::start(PublicJwk::load("rsa.pub.json"), 3600, |_| {
        Action::json(401, r#"{"errorCode":"E0000011"}"#)
    })
    .await;
    let client = org.client(PrivateKey::from_pem(&key_file("rsa.pem")).expect("pem"));
    let error = client.list_applications().send().await.expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(org.api_requests().len(), 2, "retried once, not more");
    assert_eq!(org.token_requests().len(), 2);
}

/// The JWK thumbprint-ish identity of a DPoP proof's key.
fn proof_key(header: &Value) -> PublicJwk {
    assert_eq!(header["typ"], "dpop+jwt");
    assert_eq!(header["alg"], "ES256");
    let jwk = &header["jwk"];
    assert!(
        jwk.get("d").is_none(),
        "the proof carries only the public key"
    );
    PublicJwk(jwk.clone())
}

fn verify_proof(request: &Recorded, method: &str, url: &str) -> (PublicJwk, Value) {
    let proof = request.header("dpop").expect("DPoP header");
    let unverified_header: Value =
        serde_json::from_slice(&b64(proof.split('.').next().expect("header"))).expect("json");
    let key = proof_key(&unverified_header);
    let (_, claims) = verify_jws(proof, &key).expect("the proof verifies with its own jwk");
    assert_eq!(claims["htm"], method);
    assert_eq!(claims["htu"], url);
    assert!(claims["iat"].as_u64().expect("iat").abs_diff(now()) <= 5);
    assert!(claims["jti"].as_str().is_some_and(|j| !j.is_empty()));
    (key, claims)
}

#[tokio::test]
async fn dpop_nonce_handshake_on_the_token_endpoint_and_the_api() {
    let base: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let handler_base = base.clone();
    let rsa_public = PublicJwk::load("rsa.pub.json");
    let proof_keys: Arc<Mutex<Vec<Value>>> = Arc::default();
    let handler_keys = proof_keys.clone();
    let server = Server::start(move |_, request| {
        let base = handler_base.get().expect("base");
        if request.target == "/oauth2/v1/token" {
            let assertion = request.form_field("client_assertion").expect("assertion");
            verify_jws(&assertion, &rsa_public).expect("the client assertion verifies");
            if request.header("dpop").is_none() {
                return oauth_error(400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.");
            }
            let (key, claims) = verify_proof(request, "POST", &format!("{base}/oauth2/v1/token"));
            assert!(claims.get("ath").is_none(), "no token to bind yet");
            if claims["nonce"] != "token-nonce-1" {
                return oauth_error(400, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.")
                    .with_header("dpop-nonce", "token-nonce-1");
            }
            handler_keys.lock().expect("lock").push(key.0);
            return Action::json(200, r#"{"token_type":"DPoP","access_token":"dpop-token","expires_in":3600}"#);
        }
        assert_eq!(request.header("authorization"), Some("DPoP dpop-token"));
        let (key, claims) = verify_proof(request, "GET", &format!("{base}/api/v1/apps"));
        handler_keys.lock().expect("lock").push(key.0);
        let ath = URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, b"dpop-token").as_ref());
        assert_eq!(claims["ath"], ath.as_str(), "the proof is bound to the access token");
        if claims["nonce"] != "api-nonce-1" {
            return Action::json(401, r#"{"errorCode":"E0000011"}"#)
                .with_header("www-authenticate", r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#)
                .with_header("dpop-nonce", "api-nonce-1");
        }
        Action::json(200, "[]")
    })
    .await;
    base.set(server.url()).expect("once");

    let client = Client::builder(server.url())
        .allow_http(true)
        .private_key_jwt(
            CLIENT_ID,
            ["okta.apps.read"],
            PrivateKey::from_pem(&key_file("rsa.pem")).expect("pem"),
        )
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    client
        .list_applications()
        .limit(5)
        .send()
        .await
        .expect("the handshake completes");

    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/oauth2/v1/token",
            "/oauth2/v1/token",
            "/oauth2/v1/token",
            "/api/v1/apps?limit=5",
            "/api/v1/apps?limit=5"
        ],
        "plain → proof → proof with nonce; API without nonce → with nonce"
    );
    let keys = proof_keys.lock().expect("lock").clone();
    assert_eq!(keys.len(), 3, "the token request and both API requests");
    assert!(
        keys.iter().all(|k| *k == keys[0]),
        "one DPoP key pair for the token and the API calls"
    );
    let assertion_key = PublicJwk::load("rsa.pub.json").0;
    assert_ne!(
        keys[0]["kty"], assertion_key["kty"],
        "the DPoP key is not the client-assertion key"
    );

    // The nonce and the token are remembered: the next call needs one request.
    client
        .list_applications()
        .send()
        .await
        .expect("second call");
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn a_rate_limited_token_endpoint_is_retried_under_the_retry_policy() {
    // 429 from the token endpoint, reset = Date: the wait is 0 + 1 s, as for any API answer.
    let date = "Sun, 06 Nov 1994 08:49:37 GMT";
    let server = Server::start(move |i, request| match (i, request.target.as_str()) {
        (0, "/oauth2/v1/token") => Action::json(
            429,
            r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#,
        )
        .with_header("date", date)
        .with_header("x-okta-request-id", "token-429")
        .with_header("x-rate-limit-reset", "784111777"),
        (_, "/oauth2/v1/token") => Action::json(
            200,
            r#"{"token_type":"Bearer","access_token":"token-after-429","expires_in":3600}"#,
        ),
        _ => Action::json(200, "[]"),
    })
    .await;
    let client = Client::builder(server.url())
        .allow_http(true)
        .private_key_jwt(
            CLIENT_ID,
            ["okta.apps.read"],
            PrivateKey::from_pem(&key_file("rsa.pem")).expect("pem"),
        )
        .build()
        .expect("client");
    let started = std::time::Instant::now();
    client
        .list_applications()
        .send()
        .await
        .expect("the token request is retried, then the call succeeds");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited for the reset"
    );
    let requests = server.requests();
    let targets: Vec<_> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        ["/oauth2/v1/token", "/oauth2/v1/token", "/api/v1/apps"]
    );
    assert_eq!(
        requests[2].header("authorization"),
        Some("Bearer token-after-429")
    );

    // With retries off, the 429 reaches the caller as an API error with Okta's body.
    let server = Server::start(move |_, _| {
        Action::json(
            429,
            r#"{"errorCode":"E0000047","errorSummary":"rate limited"}"#,
        )
        .with_header("date", date)
        .with_header("x-rate-limit-reset", "784111777")
    })
    .await;
    let client = Client::builder(server.url())
        .allow_http(true)
        .private_key_jwt(
            CLIENT_ID,
            ["okta.apps.read"],
            PrivateKey::from_pem(&key_file("rsa.pem")).expect("pem"),
        )
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let error = client.list_applications().send().await.expect_err("429");
    assert!(
        matches!(&error, Error::Api(api) if api.status == 429 && api.error_code() == Some("E0000047")),
        "{error:?}"
    );
}
