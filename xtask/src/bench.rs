//! `cargo xtask bench compile`: the size of the generated crate, and the time
//! and peak memory of a non-incremental debug rebuild of it alone, with its
//! dependencies already built.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

pub(crate) fn run(root: &Path, args: &[&str]) -> ExitCode {
    match args {
        ["compile"] => compile(root),
        ["import"] => import(root),
        _ => {
            eprintln!("usage: cargo xtask bench compile | import");
            ExitCode::from(2)
        }
    }
}

/// Import + generation in memory of the Application subset and of the whole
/// management document, interleaved in one run: the per-operation cost of
/// each and their ratio (absolute times differ from machine to machine).
fn import(root: &Path) -> ExitCode {
    use codegen::openapi::{import, Document, ImportOptions};
    let reference = root.join("spec/reference");
    let mut documents = Vec::new();
    for (name, overlays) in [
        ("okta-applications-openapi.yaml", vec![]),
        ("okta-management-3.0.0.yaml", vec![]),
        (
            "okta-management-5.1.0.yaml",
            vec![reference.join("okta-management-5.1.0.overlay.yaml")],
        ),
    ] {
        let read = Document::read_with_overlays(&reference.join(name), &overlays);
        match read.map(|(document, _)| document) {
            Ok(document) => documents.push((name, document)),
            Err(problems) => {
                eprintln!("{problems}");
                return ExitCode::FAILURE;
            }
        }
    }
    let options = ImportOptions::default();
    let run = |document: &Document| -> Result<(usize, f64), String> {
        let start = Instant::now();
        let imported = import(document, &options).map_err(|e| e.to_string())?;
        let text = codegen::SpecText {
            operations: &imported.operations_yaml,
            models: &imported.models_yaml,
        };
        codegen::generate(&text).map_err(|e| e.to_string())?;
        Ok((
            imported.operations.operations.len(),
            start.elapsed().as_secs_f64(),
        ))
    };
    const ROUNDS: usize = 11;
    let mut times = vec![Vec::new(); documents.len()];
    let mut operations = vec![0; documents.len()];
    for _ in 0..ROUNDS {
        for (i, (_, document)) in documents.iter().enumerate() {
            match run(document) {
                Ok((count, seconds)) => {
                    operations[i] = count;
                    times[i].push(seconds);
                }
                Err(problem) => {
                    eprintln!("{problem}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let mut per_operation = Vec::new();
    for (i, (name, _)) in documents.iter().enumerate() {
        times[i].sort_by(f64::total_cmp);
        let median = times[i][ROUNDS / 2];
        let each = median / operations[i].max(1) as f64;
        per_operation.push(each);
        println!(
            "{name}: {} operations, import + generate in memory {:.1} ms (median of {ROUNDS}), {:.3} ms per operation",
            operations[i],
            median * 1e3,
            each * 1e3
        );
    }
    for (i, (name, _)) in documents.iter().enumerate().skip(1) {
        println!(
            "per-operation cost, {name} / Application subset: {:.2}",
            per_operation[i] / per_operation[0]
        );
    }
    ExitCode::SUCCESS
}

fn lines(path: &Path) -> usize {
    fs::read_to_string(path)
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

/// (file stem, lines) of every `.rs` file directly in `dir`, sorted by name.
fn rust_files(dir: &Path) -> Vec<(String, usize)> {
    let mut files: Vec<(String, usize)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rs") && p.file_stem().is_some_and(|s| s != "mod")
        })
        .map(|p| {
            (
                p.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                lines(&p),
            )
        })
        .collect();
    files.sort();
    files
}

fn summary(label: &str, files: &[(String, usize)]) {
    let total: usize = files.iter().map(|(_, n)| n).sum();
    let (min, max) = (
        files.iter().min_by_key(|(_, n)| *n),
        files.iter().max_by_key(|(_, n)| *n),
    );
    let mean = total as f64 / files.len().max(1) as f64;
    println!(
        "{label}: {} files, {total} lines, {mean:.0} per file",
        files.len()
    );
    if let (Some((min_name, min_n)), Some((max_name, max_n))) = (min, max) {
        println!("  smallest {min_name} ({min_n}), largest {max_name} ({max_n})");
    }
}

fn compile(root: &Path) -> ExitCode {
    let generated = root.join("generated");
    let operations = rust_files(&generated.join("src/operations"));
    let models = rust_files(&generated.join("src/models"));
    let runtime: usize = rust_files(&generated.join("src"))
        .iter()
        .map(|(_, n)| n)
        .sum();
    let mut total = 0;
    let mut pending = vec![generated.clone()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += lines(&path);
            }
        }
    }
    println!("generated/: {total} lines of Rust");
    summary("operations", &operations);
    summary("models", &models);
    println!("runtime and crate root (src/*.rs): {runtime} lines");

    let target = root.join("target/bench-compile");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = ["build", "--quiet", "-p", "okta-apps"];
    println!("\nbuilding dependencies once (not timed)...");
    let built = in_bench_target(&mut Command::new(&cargo), root, &target)
        .args(build)
        .status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("cargo build -p okta-apps failed");
        return ExitCode::FAILURE;
    }
    if !clean(root, &cargo, &target) {
        eprintln!("cargo clean -p okta-apps failed");
        return ExitCode::FAILURE;
    }
    // GNU time reports the peak resident set of the largest process, rustc here.
    let gnu_time = Path::new("/usr/bin/time");
    let start = Instant::now();
    let mut command = if gnu_time.exists() {
        let mut command = Command::new(gnu_time);
        command.args(["-f", "peak-rss-kb %M"]).arg(&cargo);
        command
    } else {
        Command::new(&cargo)
    };
    let output = in_bench_target(&mut command, root, &target)
        .args(build)
        .output();
    let elapsed = start.elapsed();
    let Ok(output) = output else {
        eprintln!("could not run cargo");
        return ExitCode::FAILURE;
    };
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return ExitCode::FAILURE;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("peak-rss-kb "))
        .filter_map(|kb| kb.trim().parse::<u64>().ok())
        .next_back();
    println!(
        "non-incremental debug build of okta-apps alone: {:.1} s",
        elapsed.as_secs_f64()
    );
    match peak {
        Some(kb) => println!(
            "peak memory (largest process): {:.0} MiB",
            kb as f64 / 1024.0
        ),
        None => println!(
            "peak memory: unavailable (needs GNU time at /usr/bin/time: apt-get install time)"
        ),
    }
    code_to_generate(root, &cargo, &target);
    ExitCode::SUCCESS
}

/// How much code rustc generates for okta-apps itself: its monomorphized items
/// and lines of LLVM IR. Unlike the build time they do not move with the
/// machine's load, so a change that compiles more into the crate (a decoder or
/// encoder instantiated for every model) shows here first. `-Z print-mono-items`
/// is read on the stable toolchain through `RUSTC_BOOTSTRAP`, in this one
/// command only.
fn code_to_generate(root: &Path, cargo: &str, target: &Path) {
    let ir = target.join("okta_apps.ll");
    if !clean(root, cargo, target) {
        println!("code generated: unavailable (cargo clean -p okta-apps failed)");
        return;
    }
    let output = in_bench_target(&mut Command::new(cargo), root, target)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["rustc", "--quiet", "-p", "okta-apps", "--lib", "--"])
        .args(["-Z", "print-mono-items=yes"])
        .arg(format!("--emit=llvm-ir={}", ir.display()))
        .output();
    let output = match output {
        Ok(output) if output.status.success() => output,
        _ => {
            println!("code generated: unavailable (cargo rustc -Z print-mono-items failed)");
            return;
        }
    };
    let items = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.starts_with("MONO_ITEM "))
        .count();
    println!(
        "code generated for okta-apps: {items} monomorphized items, {} lines of LLVM IR",
        lines(&ir)
    );
}

/// `command` (cargo, or GNU time running cargo) at the workspace root, building
/// non-incrementally into the bench's own target directory.
fn in_bench_target<'a>(command: &'a mut Command, root: &Path, target: &Path) -> &'a mut Command {
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
}

/// Removes okta-apps' build from the bench's target directory, so that the next
/// build compiles it again; its dependencies stay built.
fn clean(root: &Path, cargo: &str, target: &Path) -> bool {
    in_bench_target(&mut Command::new(cargo), root, target)
        .args(["clean", "--quiet", "-p", "okta-apps"])
        .status()
        .is_ok_and(|s| s.success())
}
