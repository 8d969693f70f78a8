//! Per-request overhead of the client against a bare `reqwest` call, both
//! against the same loopback server that answers at once (one keep-alive
//! connection, requests one after another).
//!
//! Run: `cargo bench -p okta-apps-tests --bench client`. After criterion's
//! report it prints requests per second for each and the ratio (the budget:
//! the client within 10% of bare reqwest + `serde_json::Value`).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use criterion::Criterion;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

/// One application as Okta answers it.
fn application(i: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("0oa{i:016}"),
        "name": "bookmark",
        "label": format!("App {i}"),
        "status": "ACTIVE",
        "lastUpdated": "2024-01-01T00:00:00.000Z",
        "created": "2024-01-01T00:00:00.000Z",
        "signOnMode": "BOOKMARK",
        "accessibility": {"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null},
        "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}, "appLinks": {"login": true}},
        "features": [],
        "settings": {"app": {"requestIntegration": false, "url": "https://example.com/bookmark"}},
        "credentials": {"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"}, "signing": {}},
        "_links": {"self": {"href": format!("https://example.okta.com/api/v1/apps/0oa{i:016}")}}
    })
}

/// Serves `body` for every request on every connection, keeping connections alive.
async fn serve(body: Vec<u8>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let response = [
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Okta-Request-Id: bench\r\n\r\n", body.len()).into_bytes(),
        body,
    ]
    .concat();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    // Requests here are GETs without a body: the head ends the request.
                    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let end = buffer
                        .windows(4)
                        .position(|w| w == b"\r\n\r\n")
                        .map_or(0, |p| p + 4);
                    buffer.drain(..end);
                    if socket.write_all(&response).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

struct Fixture {
    runtime: Runtime,
    client: okta_apps::Client,
    bare: reqwest::Client,
    one_url: String,
    page_url: String,
}

impl Fixture {
    fn new() -> Fixture {
        let runtime = Runtime::new().expect("tokio runtime");
        let one = serde_json::to_vec(&application(1)).expect("json");
        let page = serde_json::to_vec(&(0..20).map(application).collect::<Vec<_>>()).expect("json");
        let (one_addr, page_addr) =
            runtime.block_on(async { (serve(one).await, serve(page).await) });
        let client = okta_apps::Client::builder(format!("http://{one_addr}"))
            .allow_http(true)
            .api_token("bench-token")
            .build()
            .expect("client");
        Fixture {
            runtime,
            client,
            bare: reqwest::Client::new(),
            one_url: format!("http://{one_addr}/api/v1/apps/0oa1"),
            page_url: format!("http://{page_addr}/api/v1/apps"),
        }
    }

    fn client_one(&self) {
        let app = self
            .runtime
            .block_on(self.client.get_application("0oa1").send())
            .expect("get_application");
        std::hint::black_box(app);
    }

    fn bare(&self, url: &str) {
        let value = self.runtime.block_on(async {
            let response = self
                .bare
                .get(url)
                .header("Authorization", "SSWS bench-token")
                .header("Accept", "application/json")
                .send()
                .await
                .expect("send");
            let bytes = response.bytes().await.expect("body");
            serde_json::from_slice::<serde_json::Value>(&bytes).expect("json")
        });
        std::hint::black_box(value);
    }
}

fn per_second(mut f: impl FnMut(), requests: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..requests {
        f();
    }
    f64::from(requests) / start.elapsed().as_secs_f64()
}

fn main() {
    let fixture = Fixture::new();
    // The page server is a second origin: a client for it shares nothing with the first.
    let page_client = okta_apps::Client::builder(fixture.page_url.trim_end_matches("/api/v1/apps"))
        .allow_http(true)
        .api_token("bench-token")
        .build()
        .expect("client");
    let client_page = || {
        let apps = fixture
            .runtime
            .block_on(page_client.list_applications().send())
            .expect("list");
        std::hint::black_box(apps);
    };

    let mut criterion = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    criterion.bench_function("get_application/okta-apps", |b| {
        b.iter(|| fixture.client_one())
    });
    criterion.bench_function("get_application/bare reqwest + Value", |b| {
        b.iter(|| fixture.bare(&fixture.one_url))
    });
    criterion.bench_function("list 20 apps/okta-apps", |b| b.iter(client_page));
    criterion.bench_function("list 20 apps/bare reqwest + Value", |b| {
        b.iter(|| fixture.bare(&fixture.page_url))
    });
    criterion.final_summary();

    // Interleaved rounds, so that drift on a busy machine hits both sides alike.
    let (mut ours, mut bare, mut ours_page, mut bare_page) = (0.0, 0.0, 0.0, 0.0);
    let rounds = 5;
    for _ in 0..rounds {
        ours += per_second(|| fixture.client_one(), 400);
        bare += per_second(|| fixture.bare(&fixture.one_url), 400);
        ours_page += per_second(client_page, 200);
        bare_page += per_second(|| fixture.bare(&fixture.page_url), 200);
    }
    let r = f64::from(rounds);
    println!("\nrequests per second (mean of {rounds} interleaved rounds, one keep-alive connection each):");
    println!(
        "  get_application   okta-apps {:>8.0}   bare reqwest + Value {:>8.0}   overhead {:+.1}%",
        ours / r,
        bare / r,
        (bare / ours - 1.0) * 100.0
    );
    println!(
        "  list 20 apps      okta-apps {:>8.0}   bare reqwest + Value {:>8.0}   overhead {:+.1}%",
        ours_page / r,
        bare_page / r,
        (bare_page / ours_page - 1.0) * 100.0
    );
    println!("budget: overhead within +10%");
}
