//! Integration tests of the generator and the generated crate; see tests/*.rs.

#![warn(missing_docs)]

/// Loopback HTTP/1.1 test servers and the requests they record, for every test
/// that talks to a server (`tests/e2e_*.rs`, `tests/runtime_*.rs`).
pub mod server;
/// The operations of `spec/` and the check of their documented errors.
pub mod spec;

use std::path::Path;

/// The workspace's root directory, where `spec/`, `generated/` and `Cargo.lock` are.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the workspace")
}

/// The peak resident set of this process so far, in KiB (Linux's `VmHWM`).
pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}
