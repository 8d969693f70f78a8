//! `cargo xtask codegen [--check]`: regenerate `generated/` from `spec/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::sync;

const USAGE: &str = "usage: cargo xtask codegen [--check]\n\n  codegen          regenerate generated/ from spec/\n  codegen --check  fail, with a diff, if generated/ is not what spec/ generates";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
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
    let generated = match codegen::generate_from_dir(&root.join("spec")) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{error}\n\ngenerated/ was left as it was.");
            return ExitCode::FAILURE;
        }
    };
    let target = root.join("generated");
    let changes = match sync::changes(&target, &generated) {
        Ok(changes) => changes,
        Err(error) => {
            eprintln!("cannot read {}: {error}", target.display());
            return ExitCode::FAILURE;
        }
    };
    if check {
        if changes.is_empty() {
            println!("generated/ is up to date ({} files)", generated.files.len());
            return ExitCode::SUCCESS;
        }
        for change in &changes {
            print!("{}", change.unified_diff("generated"));
        }
        eprintln!("\ngenerated/ is stale: {} file(s) differ from what spec/ generates.\nRun `cargo xtask codegen` and commit the result.", changes.len());
        return ExitCode::FAILURE;
    }
    if let Err(error) = sync::apply(&target, &changes) {
        eprintln!("writing {} failed: {error}", target.display());
        return ExitCode::FAILURE;
    }
    for change in &changes {
        let verb = match change {
            sync::Change::Added { .. } => "added",
            sync::Change::Modified { .. } => "updated",
            sync::Change::Removed { .. } => "removed",
        };
        println!("{verb} generated/{}", change.path());
    }
    println!(
        "generated/: {} files, {} changed",
        generated.files.len(),
        changes.len()
    );
    ExitCode::SUCCESS
}
