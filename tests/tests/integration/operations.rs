//! The spec has exactly the 41 operations of the reference table, and the
//! generated crate has a method for each.

use okta_apps_tests::workspace_root;

/// The operationIds of `spec/reference/application-api-endpoints.txt`, in its order.
fn reference_operation_ids() -> Vec<String> {
    let table = std::fs::read_to_string(
        workspace_root().join("spec/reference/application-api-endpoints.txt"),
    )
    .expect("the reference table at spec/reference");
    table
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let is_row = cells.len() >= 4
                && ["GET ", "POST ", "PUT ", "DELETE ", "PATCH "]
                    .iter()
                    .any(|m| cells[2].starts_with(m));
            is_row.then(|| cells[1].to_owned())
        })
        .collect()
}

fn spec_api() -> codegen::ir::Api {
    let operations =
        std::fs::read_to_string(workspace_root().join("spec/operations.yaml")).unwrap();
    let models = std::fs::read_to_string(workspace_root().join("spec/models.yaml")).unwrap();
    codegen::load_ir(&codegen::SpecText {
        operations: &operations,
        models: &models,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn spec_has_exactly_the_reference_operations_in_order() {
    let reference = reference_operation_ids();
    assert_eq!(
        reference.len(),
        41,
        "the reference table lists 41 operations"
    );
    let spec: Vec<String> = spec_api().operations.into_iter().map(|o| o.id).collect();
    assert_eq!(spec, reference);
}

#[test]
fn generated_crate_has_a_method_per_operation() {
    for op in spec_api().operations {
        let file = workspace_root().join(format!("generated/src/operations/{}.rs", op.fn_name));
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let signature = format!("pub fn {}(", op.fn_name);
        assert!(
            text.contains(&signature),
            "{} lacks `{signature}`",
            file.display()
        );
        assert!(
            text.contains(&format!("\"{}\"", op.id)),
            "{} does not send operationId {}",
            file.display(),
            op.id
        );
    }
}

#[test]
fn spec_models_match_the_reference_count() {
    let models = std::fs::read_to_string(workspace_root().join("spec/models.yaml")).unwrap();
    let file: codegen::spec::ModelsFile = serde_yaml::from_str(&models).unwrap();
    assert_eq!(file.models.len(), 95);
    assert_eq!(file.models.iter().filter(|m| m.kind == "enum").count(), 19);
}
