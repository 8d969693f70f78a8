//! The whole Okta management API through the generator, the way a maintainer
//! would run it: the strict import of every tag of the vendored document, the
//! crate generated from that in memory, then written out and passed through
//! `cargo clippy --all-targets --all-features -- -D warnings` and `cargo doc`
//! with warnings denied. `generated/` stays the Application API; this crate is
//! a proof of the generator and is not checked in.

use std::time::Instant;

use codegen::openapi::{import, Document, ImportOptions};
use codegen::SpecText;
use okta_apps_tests::{workspace_root, CrateOnDisk};

#[test]
fn the_whole_management_api_generates_a_crate_that_passes_clippy_and_rustdoc() {
    let path = workspace_root().join("spec/reference/okta-management-3.0.0.yaml");
    let document = Document::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let options = ImportOptions {
        tags: Vec::new(),
        lenient: false,
    };
    let imported = import(&document, &options).unwrap_or_else(|e| panic!("{e}"));
    let import_time = started.elapsed();
    assert_eq!(imported.operations.operations.len(), 401);

    let started = Instant::now();
    let text = SpecText {
        operations: &imported.operations_yaml,
        models: &imported.models_yaml,
    };
    let generated = codegen::generate(&text).unwrap_or_else(|e| panic!("{e}"));
    let generate_time = started.elapsed();
    let lines: usize = generated.files.values().map(|t| t.lines().count()).sum();
    let operation_files = generated
        .files
        .keys()
        .filter(|p| p.starts_with("src/operations/") && !p.ends_with("mod.rs"))
        .count();
    assert_eq!(operation_files, 401, "one file per operation");

    let on_disk = CrateOnDisk::write("whole-api", &generated.files);
    let (clippy_time, doc_time) = on_disk.passes_clippy_and_rustdoc("the whole-API crate");
    println!(
        "whole API: {} operations, {} models, {} files, {lines} lines; import {import_time:.2?}, generate {generate_time:.2?}, clippy {clippy_time:.1?}, doc {doc_time:.1?}",
        imported.operations.operations.len(),
        imported.models.models.len(),
        generated.files.len(),
    );
}

/// The constructs the Application API lacks, in a fixture of their own
/// (`tests/fixtures/valid/whole_api_constructs/`): the crate generated from it
/// runs `behaviour.rs` there, against the crate's own mock org.
#[test]
fn each_construct_of_the_whole_api_behaves_as_documented_when_run() {
    let fixture = workspace_root().join("tests/fixtures/valid/whole_api_constructs");
    let mut generated = codegen::generate_from_dir(&fixture).unwrap_or_else(|e| panic!("{e}"));
    let behaviour = std::fs::read_to_string(fixture.join("behaviour.rs")).expect("behaviour.rs");
    generated
        .files
        .insert("tests/constructs.rs".to_owned(), behaviour);
    let on_disk = CrateOnDisk::write("whole-api-constructs", &generated.files);
    // Warnings denied, except the runtime's code for what this small spec lacks.
    let tested = on_disk.cargo(
        "-D warnings -A dead_code",
        &[
            "test",
            "--quiet",
            "--features",
            "test-util",
            "--test",
            "constructs",
        ],
    );
    if let Err(stderr) = tested {
        panic!("the constructs' own tests fail:\n{stderr}");
    }
}
