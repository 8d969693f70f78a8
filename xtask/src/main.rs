//! `cargo xtask codegen [--check]`: regenerate `generated/` from `spec/`.

mod bench;
mod openapi;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{codegen_dir, sync};

/// syn, proc-macro2 and prettyplease allocate for nearly every token, so
/// generation spends most of its time in the allocator: with glibc's malloc,
/// `spec/` takes 31.3 ms, with mimalloc 23.6 ms (the pipeline bench).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask codegen [--check]\n\n  codegen          regenerate generated/ from spec/\n  codegen --check  fail, with a diff, if generated/ is not what spec/ generates\n  spec-diff <openapi.yaml> [--overlay FILE]...  compare spec/ with an OpenAPI document\n  import-openapi <openapi.yaml> [--overlay FILE]... [--tag NAME]...  write spec/ YAML from an OpenAPI document\n                   (--overlay: an OpenAPI Overlay 1.0 file of fixes, applied first, in the order given)\n  bench compile    size of generated/ and the time of its debug build\n  bench import     import + generation cost per operation, whole document against the Application subset";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["spec-diff", rest @ ..] => openapi::spec_diff(&workspace_root(), rest),
        ["import-openapi", rest @ ..] => openapi::import_openapi(&workspace_root(), rest),
        ["bench", rest @ ..] => bench::run(&workspace_root(), rest),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn codegen(check: bool) -> ExitCode {
    let root = workspace_root();
    let mode = if check {
        codegen_dir::Mode::Check
    } else {
        codegen_dir::Mode::Write
    };
    let outcome = match codegen_dir::run(&root.join("spec"), &root.join("generated"), mode) {
        Ok(outcome) => outcome,
        Err(error @ codegen_dir::CodegenError::Generate(_)) => {
            eprintln!("{error}\n\ngenerated/ was left as it was.");
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    for (stage, took) in &outcome.stages {
        eprintln!("  {stage}: {:.1} ms", took.as_secs_f64() * 1000.0);
    }
    let changes = &outcome.changes;
    if check {
        if changes.is_empty() {
            println!("generated/ is up to date ({} files)", outcome.files);
            return ExitCode::SUCCESS;
        }
        for change in changes {
            print!("{}", change.unified_diff("generated"));
        }
        eprintln!("\ngenerated/ is stale: {} file(s) differ from what spec/ generates.\nRun `cargo xtask codegen` and commit the result.", changes.len());
        return ExitCode::FAILURE;
    }
    for change in changes {
        let verb = match change {
            sync::Change::Added { .. } => "added",
            sync::Change::Modified { .. } => "updated",
            sync::Change::Removed { .. } => "removed",
        };
        println!("{verb} generated/{}", change.path());
    }
    println!(
        "generated/: {} files, {} changed",
        outcome.files,
        changes.len()
    );
    ExitCode::SUCCESS
}
