//! Peak memory against endless bodies, measured in a child process (its VmHWM), so
//! that nothing else the tests do counts. The bound is a small multiple of the
//! response size limit, whatever the server sends: the body is never read past it.
//!
//! Each scenario runs in a fresh copy of this test binary (`HOSTILE_MEMORY_CHILD`
//! set), which prints its peak growth; the parent checks it.

use std::process::Command;
use std::time::Duration;

use okta_apps::{BodyErrorKind, Client, Error, RetryPolicy};
use okta_apps_tests::peak_rss_kib;
use okta_apps_tests::server::{Action, Endless, Framing, Server};

const CHILD: &str = "HOSTILE_MEMORY_CHILD";

/// One scenario in this (child) process: warm up, reset the peak, then read an endless
/// body under `limit`; prints the peak growth in KiB.
fn child(scenario: &str) {
    let (limit, framing, status) = match scenario {
        "chunked-8m" => (8 << 20, Framing::Chunked, 200),
        "chunked-32m" => (32 << 20, Framing::Chunked, 200),
        "close-delimited-32m" => (32 << 20, Framing::CloseDelimited, 200),
        "error-body" => (32 << 20, Framing::Chunked, 500),
        other => panic!("unknown scenario {other}"),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let server = Server::start(move |i, _| {
            if i == 0 {
                return Action::json(200, "[]");
            }
            let mut endless = Endless::new(&[b'['; 1024], framing);
            endless.status = status;
            endless.max_time = Duration::from_secs(60);
            Action::Endless(endless)
        })
        .await;
        let client = Client::builder(server.url())
            .allow_http(true)
            .api_token("t")
            .max_response_size(limit)
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client");
        // Warm up (connection pool, runtime, allocator), then count only what follows.
        client.list_applications().send().await.expect("warm-up");
        let before = peak_rss_kib();
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let base = if reset { peak_rss_kib() } else { before };
        let error = client
            .list_applications()
            .send()
            .await
            .expect_err("endless");
        match (&error, status) {
            (Error::Body(body), 200) => {
                assert_eq!(body.kind, BodyErrorKind::TooLarge { limit })
            }
            (Error::Api(api), 500) => assert_eq!(api.status.as_u16(), 500),
            _ => panic!("{scenario}: {error:?}"),
        }
        println!(
            "PEAK_GROWTH_KIB {} LIMIT_KIB {}",
            peak_rss_kib() - base,
            limit >> 10
        );
    });
}

fn run_child(scenario: &str) -> (u64, u64) {
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "hostile_memory::peak_memory_is_a_small_multiple_of_the_limit",
            "--exact",
            "--nocapture",
        ])
        .env(CHILD, scenario)
        .output()
        .expect("child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{scenario}: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("PEAK_GROWTH_KIB "))
        .unwrap_or_else(|| panic!("{scenario}: no figure in {stdout}"));
    let mut numbers = line
        .split(" LIMIT_KIB ")
        .map(|n| n.trim().parse::<u64>().expect("number"));
    (
        numbers.next().expect("growth"),
        numbers.next().expect("limit"),
    )
}

#[test]
fn peak_memory_is_a_small_multiple_of_the_limit() {
    if let Ok(scenario) = std::env::var(CHILD) {
        child(&scenario);
        return;
    }
    for scenario in [
        "chunked-8m",
        "chunked-32m",
        "close-delimited-32m",
        "error-body",
    ] {
        let (growth, limit) = run_child(scenario);
        eprintln!("{scenario}: peak grew {growth} KiB under a limit of {limit} KiB");
        let bound = if scenario == "error-body" {
            // Error bodies are read up to 64 KiB whatever the limit.
            8 << 10
        } else {
            3 * limit + (8 << 10)
        };
        assert!(
            growth <= bound,
            "{scenario}: peak grew {growth} KiB, more than {bound} KiB for a limit of {limit} KiB"
        );
    }
}
