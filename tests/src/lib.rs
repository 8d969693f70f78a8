//! Integration tests of the generator and the generated crate; see tests/*.rs.

#![warn(missing_docs)]

/// Real traffic recorded against real Okta orgs, and the operation each request belongs to.
pub mod cassettes;
/// Loopback HTTP/1.1 test servers and the requests they record, for every test
/// that talks to a server (`tests/e2e_*.rs`, `tests/runtime_*.rs`).
pub mod server;
/// The operations of `spec/` and the check of their documented errors.
pub mod spec;

use std::path::Path;
use std::time::{Duration, Instant};

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

/// A generated crate written out of the workspace, to be built by `cargo` as a
/// crate of its own: under `<target dir>/generated-crates/<name>/`, so that a
/// fresh clone's tests, sharing the target directory, build only that crate again.
pub struct CrateOnDisk {
    /// The crate's root, where its `Cargo.toml` is.
    pub dir: std::path::PathBuf,
    /// The target directory every such crate shares, so their dependencies build once.
    pub target: std::path::PathBuf,
}

impl CrateOnDisk {
    /// Writes `files` (path in the crate → text) as the crate `name`, replacing
    /// what an earlier run left, with the workspace's lock file so that it
    /// resolves to the same dependencies.
    pub fn write(name: &str, files: &std::collections::BTreeMap<String, String>) -> CrateOnDisk {
        let generated = target_dir().join("generated-crates");
        let dir = generated.join(name);
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().expect("a parent")).expect("create dirs");
            std::fs::write(&file, text).expect("write a generated file");
        }
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).expect("the manifest");
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("write the manifest");
        std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
            .expect("copy Cargo.lock");
        CrateOnDisk {
            dir,
            target: generated.join("target"),
        }
    }

    /// `cargo <args>` in the crate, with `rustflags` as `RUSTFLAGS` and
    /// `RUSTDOCFLAGS`; its output when it fails. The copied lock file pins every
    /// dependency, and cargo only drops the workspace's own entries from it, so no
    /// registry index is read; a crate missing from the local cache (a feature's
    /// dependency that no workspace build needed yet) is downloaded.
    pub fn cargo(&self, rustflags: &str, args: &[&str]) -> Result<(), String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = std::process::Command::new(cargo)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("RUSTFLAGS", rustflags)
            .env("RUSTDOCFLAGS", rustflags)
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .args(args)
            .output()
            .expect("run cargo");
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }

    /// Runs `cargo clippy --all-targets --all-features -- -D warnings`, then `cargo doc`
    /// with warnings denied, on the crate, which the messages call `what`; panics with
    /// the output of the first that fails, and gives the time each took.
    pub fn passes_clippy_and_rustdoc(&self, what: &str) -> (Duration, Duration) {
        let started = Instant::now();
        let clippy = [
            "clippy",
            "--quiet",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ];
        if let Err(stderr) = self.cargo("-D warnings", &clippy) {
            panic!("clippy fails on {what}:\n{stderr}");
        }
        let clippy_time = started.elapsed();
        let started = Instant::now();
        let doc = ["doc", "--quiet", "--no-deps", "--all-features"];
        if let Err(stderr) = self.cargo("-D warnings", &doc) {
            panic!("rustdoc fails on {what}:\n{stderr}");
        }
        (clippy_time, started.elapsed())
    }
}

/// The target directory this test binary was built in (`…/target/debug/deps/<binary>`).
fn target_dir() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .expect("the test binary lives in <target>/<profile>/deps")
        .to_path_buf()
}
