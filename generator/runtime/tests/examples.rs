//! Runs each example program against a local server standing in for an Okta
//! org, and checks what it sent and what it printed.
//!
//! `cargo test` builds the examples before it runs tests; this test finds the
//! binaries next to its own.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the stand-in org answers: (method, path without query) → (status, body, extra headers).
/// `{org}` in a header value stands for the org's own URL.
type Route = (&'static str, String, u16, String, Vec<(String, String)>);

struct Org {
    addr: SocketAddr,
    /// `METHOD target` of every request, in order.
    seen: Arc<Mutex<Vec<String>>>,
}

async fn org(routes: Vec<Route>) -> Org {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let routes = Arc::new(routes);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let log = Arc::clone(&log);
            let routes = Arc::clone(&routes);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut chunk = [0u8; 8192];
                // Read the head, then as much body as Content-Length says.
                let head_end = loop {
                    if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                        break end + 4;
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&chunk[..n]),
                    }
                };
                let head = String::from_utf8_lossy(&request[..head_end]).into_owned();
                let length: usize = head
                    .lines()
                    .filter_map(|l| l.split_once(':'))
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.trim().parse().ok())
                    .unwrap_or(0);
                while request.len() < head_end + length {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&chunk[..n]),
                    }
                }
                let mut words = head.split_whitespace();
                let method = words.next().unwrap_or_default().to_owned();
                let target = words.next().unwrap_or_default().to_owned();
                log.lock().expect("log").push(format!("{method} {target}"));
                let path = target.split('?').next().unwrap_or_default();
                let (status, body, headers) = routes
                    .iter()
                    .find(|(m, p, ..)| *m == method && p == path)
                    .map(|(_, _, s, b, h)| (*s, b.clone(), h.clone()))
                    .unwrap_or((
                        404,
                        r#"{"errorCode":"E0000007","errorSummary":"Not found"}"#.into(),
                        Vec::new(),
                    ));
                let mut response = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    let value = value.replace("{org}", &format!("http://{addr}"));
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                response.push_str(&body);
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    Org { addr, seen }
}

fn example(name: &str) -> PathBuf {
    let test = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/examples-… → target/<profile>/examples/<name>
    let dir = test
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target dir")
        .join("examples");
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        // `cargo test` builds examples with the tests, `cargo test --test examples` does not.
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                env!("CARGO_PKG_NAME"),
                "--example",
                name,
            ])
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the example {name} failed");
    }
    assert!(path.exists(), "{} is missing", path.display());
    path
}

/// Runs an example with the org's URL and a token, off the async runtime's threads.
async fn run(name: &str, org: &Org, args: &[&str]) -> String {
    let binary = example(name);
    let url = format!("http://{}", org.addr);
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(binary)
            .args(args)
            .env("OKTA_CLIENT_ORGURL", url)
            .env("OKTA_CLIENT_TOKEN", "example-token")
            .output()
            .expect("the example runs")
    })
    .await
    .expect("join");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{name} failed: {}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn app(id: &str, mode: &str, label: &str) -> String {
    format!(
        r#"{{"id":"{id}","label":"{label}","status":"ACTIVE","signOnMode":"{mode}","name":"x","credentials":{{"signing":{{"kid":"old"}}}},"settings":{{}}}}"#
    )
}

#[tokio::test]
async fn list_applications_streams_every_page() {
    let first = format!(
        "[{},{}]",
        app("0oa1", "BOOKMARK", "Wiki"),
        app("0oa2", "SAML_2_0", "Payroll")
    );
    let second = format!("[{}]", app("0oa3", "NEW_MODE", "Future app"));
    let org = org(vec![
        (
            "GET",
            "/api/v1/apps".into(),
            200,
            first,
            vec![(
                "Link".into(),
                "<{org}/api/v1/apps/page2?after=0oa2>; rel=\"next\"".into(),
            )],
        ),
        ("GET", "/api/v1/apps/page2".into(), 200, second, vec![]),
    ])
    .await;
    let stdout = run("list_applications", &org, &[]).await;
    assert!(stdout.contains("0oa1\tBOOKMARK\tWiki"), "{stdout}");
    assert!(stdout.contains("0oa2\tSAML_2_0\tPayroll"), "{stdout}");
    assert!(
        stdout.contains("0oa3\tNEW_MODE\tFuture app"),
        "an unknown sign-on mode is listed too: {stdout}"
    );
    assert!(stdout.contains("3 active applications"), "{stdout}");
    assert_eq!(
        *org.seen.lock().expect("log"),
        vec![
            "GET /api/v1/apps?limit=200&filter=status+eq+%22ACTIVE%22".to_owned(),
            "GET /api/v1/apps/page2?after=0oa2".to_owned(),
        ]
    );
}

#[tokio::test]
async fn bookmark_lifecycle_creates_assigns_deactivates_and_deletes() {
    let org = org(vec![
        (
            "POST",
            "/api/v1/apps".into(),
            200,
            app("0oaNEW", "BOOKMARK", "Team wiki"),
            vec![],
        ),
        (
            "PUT",
            "/api/v1/apps/0oaNEW/groups/00gENG".into(),
            200,
            r#"{"id":"00gENG","priority":0}"#.into(),
            vec![],
        ),
        (
            "POST",
            "/api/v1/apps/0oaNEW/lifecycle/deactivate".into(),
            200,
            String::new(),
            vec![],
        ),
        (
            "DELETE",
            "/api/v1/apps/0oaNEW".into(),
            204,
            String::new(),
            vec![],
        ),
    ])
    .await;
    let stdout = run("bookmark_lifecycle", &org, &["00gENG"]).await;
    assert_eq!(
        stdout,
        "created 0oaNEW\nassigned group 00gENG\ndeactivated 0oaNEW\ndeleted 0oaNEW\n"
    );
    assert_eq!(
        *org.seen.lock().expect("log"),
        vec![
            "POST /api/v1/apps".to_owned(),
            "PUT /api/v1/apps/0oaNEW/groups/00gENG".to_owned(),
            "POST /api/v1/apps/0oaNEW/lifecycle/deactivate".to_owned(),
            "DELETE /api/v1/apps/0oaNEW".to_owned(),
        ]
    );
}

#[tokio::test]
async fn rotate_signing_key_generates_clones_and_switches_the_kid() {
    let key = r#"{"kid":"kNEW","kty":"RSA","use":"sig","x5c":["MIIC"]}"#;
    let org = org(vec![
        (
            "POST",
            "/api/v1/apps/0oaSAML/credentials/keys/generate".into(),
            201,
            key.into(),
            vec![],
        ),
        (
            "POST",
            "/api/v1/apps/0oaSAML/credentials/keys/kNEW/clone".into(),
            201,
            key.into(),
            vec![],
        ),
        (
            "GET",
            "/api/v1/apps/0oaSAML".into(),
            200,
            app("0oaSAML", "SAML_2_0", "Payroll"),
            vec![],
        ),
        (
            "PUT",
            "/api/v1/apps/0oaSAML".into(),
            200,
            app("0oaSAML", "SAML_2_0", "Payroll"),
            vec![],
        ),
    ])
    .await;
    let stdout = run("rotate_signing_key", &org, &["0oaSAML", "0oaTARGET"]).await;
    assert_eq!(
        stdout,
        "generated key kNEW\ncloned key kNEW to 0oaTARGET\nPayroll now signs with kNEW\n"
    );
    assert_eq!(
        *org.seen.lock().expect("log"),
        vec![
            "POST /api/v1/apps/0oaSAML/credentials/keys/generate?validityYears=2".to_owned(),
            "POST /api/v1/apps/0oaSAML/credentials/keys/kNEW/clone?targetAid=0oaTARGET".to_owned(),
            "GET /api/v1/apps/0oaSAML".to_owned(),
            "PUT /api/v1/apps/0oaSAML".to_owned(),
        ]
    );
}
