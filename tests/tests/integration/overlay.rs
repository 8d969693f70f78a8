//! OpenAPI Overlay 1.0 (`import-openapi --overlay`, `spec-diff --overlay`):
//!
//! - every fixture under `fixtures/overlay/` (a small `document.yaml` and an
//!   `overlay.yaml`, one per kind of action or of problem) has an insta snapshot
//!   of the report and the change to the document (a diff of it as YAML before
//!   and after), or of the located errors;
//! - an overlay that changes nothing leaves each vendored management document
//!   exactly as it was, with every node JSONPath selects reachable;
//! - a document read with an overlay the way the xtask reads it imports with
//!   the overlay's fix in the spec.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::openapi::{import, Document, ImportOptions, Overlay};
use codegen::sync::unified_diff;
use okta_apps_tests::workspace_root;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/overlay")
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures())
        .expect("read fixtures/overlay")
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|path| path.is_dir())
        .map(|path| {
            path.file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// A fixture's report and the diff of its document, or its errors, with the files
/// named relative to the workspace so that snapshots do not depend on the checkout.
fn outcome(case: &str) -> String {
    let dir = fixtures().join(case);
    let read = |file: &str| {
        let path = dir.join(file);
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        (format!("tests/fixtures/overlay/{case}/{file}"), text)
    };
    let (document_name, document_text) = read("document.yaml");
    let (overlay_name, overlay_text) = read("overlay.yaml");
    let mut document =
        Document::parse(&document_name, &document_text).unwrap_or_else(|e| panic!("{e}"));
    let overlay = match Overlay::parse(&overlay_name, &overlay_text) {
        Ok(overlay) => overlay,
        Err(problems) => return problems.to_string(),
    };
    let before = document.root().clone();
    match document.apply_overlay(&overlay) {
        Ok(report) => {
            let yaml = |root| serde_yaml::to_string(root).expect("YAML");
            let diff = unified_diff(&document_name, &yaml(&before), &yaml(document.root()));
            format!("{report}\n\n{diff}")
        }
        Err(problems) => {
            assert_eq!(
                document.root(),
                &before,
                "{case}: a failed overlay changed the document"
            );
            problems.to_string()
        }
    }
}

#[test]
fn every_overlay_fixture_gets_its_result_or_its_located_errors() {
    let cases = cases();
    assert!(
        cases.len() >= 9,
        "want at least 9 overlay fixtures, found {}",
        cases.len()
    );
    for case in cases {
        let outcome = outcome(&case);
        // A fixture named for a problem must fail, the others must apply.
        let fails = [
            "target_matches_nothing",
            "action_without_description",
            "malformed_overlay",
            "update_of_a_scalar",
        ]
        .contains(&case.as_str());
        assert_eq!(
            outcome.ends_with("in the spec"),
            fails,
            "{case}:\n{outcome}"
        );
        insta::with_settings!({
            description => format!("tests/fixtures/overlay/{case}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("overlay_{case}"), outcome);
        });
    }
}

/// An overlay whose actions select thousands of nodes but merge nothing: every
/// normalized path the JSON view gives must lead to a node of the YAML tree (or
/// the action fails), and the tree must come out exactly as it went in (keys of
/// every type, order, tags). Covers each `okta-management-*.yaml` vendored, so a
/// newer document is checked as soon as it is added.
#[test]
fn an_overlay_without_effect_leaves_each_vendored_document_unchanged() {
    let overlay = Overlay::parse(
        "no-op.overlay.yaml",
        "overlay: 1.0.0\ninfo: {title: no-op, version: '1'}\nactions:\n\
         - {target: '$..[?@.type]', description: every schema-like object, update: {}}\n\
         - {target: '$.paths.*.*.responses.*', description: every response, update: {}}\n\
         - {target: '$.info', description: the info, update: {}}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let reference = workspace_root().join("spec/reference");
    let mut documents: Vec<PathBuf> = fs::read_dir(&reference)
        .expect("spec/reference")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("okta-management-")
                && name.ends_with(".yaml")
                && !name.ends_with(".overlay.yaml")
        })
        .collect();
    documents.sort();
    assert!(
        !documents.is_empty(),
        "no okta-management-*.yaml in spec/reference"
    );
    for path in documents {
        let mut document = Document::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let before = document.root().clone();
        let report = document
            .apply_overlay(&overlay)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            report.actions[0].matched > 1_000,
            "{}: {report}",
            path.display()
        );
        assert!(
            report.actions[1].matched > 400,
            "{}: {report}",
            path.display()
        );
        assert!(
            document.root() == &before,
            "{}: an overlay without effect changed it",
            path.display()
        );
    }
}

/// What `cargo xtask import-openapi <doc> --overlay <file>` does: read the
/// document with its overlays, then import; the overlay's fix is in the spec.
#[test]
fn a_document_read_with_an_overlay_imports_with_the_fix() {
    let dir = fixtures().join("update_replaces_a_property");
    let document = dir.join("document.yaml");
    let overlay = dir.join("overlay.yaml");

    let plain = Document::read(&document).unwrap_or_else(|e| panic!("{e}"));
    let plain = import(&plain, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let (fixed, reports) =
        Document::read_with_overlays(&document, &[overlay]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].actions.len(), 2);
    let fixed = import(&fixed, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"));

    let model = |models: &str, name: &str| -> String {
        let start = models
            .find(&format!("- name: {name}\n"))
            .unwrap_or_else(|| panic!("no {name} in {models}"));
        let rest = &models[start + 1..];
        models[start..start + 1 + rest.find("\n- name: ").unwrap_or(rest.len())].to_owned()
    };
    let size = "  - name: size\n    type: ";
    assert!(model(&plain.models_yaml, "Widget").contains(&format!("{size}string\n")));
    let widget = model(&fixed.models_yaml, "Widget");
    assert!(
        widget.contains(&format!("{size}integer\n    format: int32\n")),
        "{widget}"
    );
    assert!(!model(&plain.models_yaml, "Colour").contains("- blue"));
    let colour = model(&fixed.models_yaml, "Colour");
    assert!(
        colour.ends_with("values:\n  - red\n  - green\n  - blue"),
        "{colour}"
    );
}

#[test]
fn overlays_apply_in_the_order_given_and_problems_of_all_are_reported_together() {
    let dir = fixtures();
    let document = dir.join("remove_a_member/document.yaml");
    let merges = dir.join("update_merges_into_an_object/overlay.yaml");
    let removes = dir.join("remove_a_member/overlay.yaml");
    let (fixed, reports) =
        Document::read_with_overlays(&document, &[merges.clone(), removes.clone()])
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reports.len(), 2);
    let widget = &fixed.root()["components"]["schemas"]["Widget"];
    assert!(widget.get("required").is_some() && widget["properties"].get("size").is_none());

    // An overlay applies to the result of the ones before it: `size` is gone.
    let again = dir.join("update_replaces_a_property/overlay.yaml");
    let Err(problems) = Document::read_with_overlays(&document, &[removes, again]) else {
        panic!("the size was removed before it was updated");
    };
    let text = problems.to_string();
    assert!(text.contains("update_replaces_a_property/overlay.yaml:6:3: error at `actions[0].target`: `$.components.schemas.Widget.properties.size` selects nothing"), "{text}");

    let broken = [
        dir.join("malformed_overlay/overlay.yaml"),
        dir.join("action_without_description/overlay.yaml"),
    ];
    let Err(problems) = Document::read_with_overlays(&document, &broken) else {
        panic!("malformed overlays applied");
    };
    let text = problems.to_string();
    assert!(
        text.contains("malformed_overlay/overlay.yaml:")
            && text.contains("action_without_description/overlay.yaml:"),
        "{text}"
    );
}
