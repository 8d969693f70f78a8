//! Decode throughput of listApplications pages into each client's `Vec<Application>`.
//!
//! usage: peers-decode RUNS ITERS LABEL=PAGE.json...
//!
//! Clients compiled in: features `ours`, `progenitor`, `openapi-generator` (compare.sh writes
//! the Cargo.toml with the peers that built), plus two floors, `Vec<serde::de::IgnoredAny>`
//! (the parser alone) and `Vec<serde_json::Value>`. For each page and client, one checked
//! decode first: a failure is reported with its JSON path and serde's error, and that pair
//! is not timed. Then RUNS rounds; in each round every remaining pair decodes its page ITERS
//! times under one `Instant` (rounds interleave the clients, so a busy neighbour on a
//! shared machine weighs on all of them alike). The median time per decode gives MB/s
//! (10^6 bytes per second). One line per pair on stdout:
//!   RESULT<TAB>client<TAB>label<TAB>ok<TAB>MB/s<TAB>median µs per decode<TAB>items
//!   RESULT<TAB>client<TAB>label<TAB>error<TAB>message

use std::hint::black_box;
use std::time::Instant;

use serde::de::DeserializeOwned;

/// Decode the whole page once, strictly: the path of the first failure, or how many items.
fn check<T: DeserializeOwned>(page: &[u8]) -> Result<usize, String> {
    let mut de = serde_json::Deserializer::from_slice(page);
    let apps: Vec<T> = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        format!("at {path}: {}", e.into_inner())
    })?;
    de.end().map_err(|e| e.to_string())?;
    Ok(apps.len())
}

/// The timed body: decode into `Vec<T>` and drop it.
fn decode<T: DeserializeOwned>(page: &[u8]) {
    black_box(serde_json::from_slice::<Vec<T>>(black_box(page)).ok());
}

struct Client {
    name: &'static str,
    check: fn(&[u8]) -> Result<usize, String>,
    decode: fn(&[u8]),
}

fn client<T: DeserializeOwned>(name: &'static str) -> Client {
    Client { name, check: check::<T>, decode: decode::<T> }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: peers-decode RUNS ITERS LABEL=PAGE.json...");
        std::process::exit(2);
    }
    let runs: usize = args[0].parse().expect("RUNS is a number");
    let iters: usize = args[1].parse().expect("ITERS is a number");
    let pages: Vec<(String, Vec<u8>)> = args[2..]
        .iter()
        .map(|arg| {
            let (label, path) = arg.split_once('=').expect("LABEL=PAGE.json");
            (label.to_owned(), std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}")))
        })
        .collect();
    let clients = [
        #[cfg(feature = "ours")]
        client::<okta_apps::models::Application>("okta-apps (ours)"),
        #[cfg(feature = "progenitor")]
        client::<okta_progenitor::types::Application>("progenitor"),
        #[cfg(feature = "openapi-generator")]
        client::<okta_ogen::models::Application>("openapi-generator"),
        client::<serde::de::IgnoredAny>("floor: IgnoredAny"),
        client::<serde_json::Value>("floor: serde_json::Value"),
    ];

    // (client, page, items, per-decode seconds of each round)
    let mut timed: Vec<(&Client, &(String, Vec<u8>), usize, Vec<f64>)> = Vec::new();
    for page in &pages {
        eprintln!("{}: {} bytes", page.0, page.1.len());
        for c in &clients {
            match (c.check)(&page.1) {
                Ok(items) => timed.push((c, page, items, Vec::with_capacity(runs))),
                Err(message) => println!(
                    "RESULT\t{}\t{}\terror\t{}",
                    c.name,
                    page.0,
                    message.replace(['\t', '\n'], " ")
                ),
            }
        }
    }
    eprintln!("{runs} rounds of {iters} decodes per client and page, interleaved");
    for (c, page, _, _) in &timed {
        for _ in 0..iters {
            (c.decode)(&page.1); // warm-up
        }
    }
    for _ in 0..runs {
        for (c, page, _, samples) in &mut timed {
            let start = Instant::now();
            for _ in 0..iters {
                (c.decode)(&page.1);
            }
            samples.push(start.elapsed().as_secs_f64() / iters as f64);
        }
    }
    for (c, page, items, mut samples) in timed {
        samples.sort_by(f64::total_cmp);
        let median = samples[samples.len() / 2];
        let mbps = page.1.len() as f64 / median / 1e6;
        println!(
            "RESULT\t{}\t{}\tok\t{mbps:.1}\t{:.0}\t{items}",
            c.name,
            page.0,
            median * 1e6
        );
    }
}
