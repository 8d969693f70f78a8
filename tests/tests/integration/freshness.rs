//! `generated/` must be exactly what `spec/` generates.

use okta_apps_tests::workspace_root;

#[test]
fn generated_crate_is_fresh() {
    let root = workspace_root();
    let generated =
        codegen::generate_from_dir(&root.join("spec")).unwrap_or_else(|e| panic!("{e}"));
    let changes =
        codegen::sync::changes(&root.join("generated"), &generated).expect("read generated/");
    if !changes.is_empty() {
        let diff: String = changes
            .iter()
            .map(|c| c.unified_diff("generated"))
            .collect();
        panic!(
            "generated/ is stale: {} file(s) differ from what spec/ generates.\n\
             Run `cargo xtask codegen` and commit the result.\n\n{diff}",
            changes.len()
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let root = workspace_root();
    let first = codegen::generate_from_dir(&root.join("spec")).unwrap_or_else(|e| panic!("{e}"));
    let second = codegen::generate_from_dir(&root.join("spec")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, second);
    // Whatever the number of threads that emit and format.
    let (operations, models) =
        codegen::read_spec_dir(&root.join("spec")).unwrap_or_else(|e| panic!("{e}"));
    let api = codegen::load_ir(&codegen::SpecText {
        operations: &operations,
        models: &models,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    for workers in [1, 2, 3, 8, 64] {
        let generated =
            codegen::generate_from_ir_with_workers(&api, workers).unwrap_or_else(|e| panic!("{e}"));
        assert!(generated == first, "{workers} workers give other files");
    }
}
