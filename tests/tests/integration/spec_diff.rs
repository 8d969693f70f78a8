//! `spec-diff`: spec/ against the reference OpenAPI document, drift detection in
//! every group, and the allowlist (reasons required, stale entries are errors).
//! spec-diff does not compare prose, so the descriptions spec/ adds where the document
//! has none are checked here instead: every model, model field and operation parameter has
//! one that says more than its name.

use std::path::{Path, PathBuf};

use codegen::openapi::{diff::spec_diff, Allowlist, Difference, Document, Group};
use codegen::SpecText;
use okta_apps_tests::workspace_root;

fn reference() -> PathBuf {
    workspace_root().join("spec/reference/okta-applications-openapi.yaml")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn document() -> Document {
    Document::read(&reference()).unwrap_or_else(|e| panic!("{e}"))
}

fn spec_files() -> (String, String) {
    (
        read(&workspace_root().join("spec/operations.yaml")),
        read(&workspace_root().join("spec/models.yaml")),
    )
}

fn allowlist() -> Allowlist {
    let path = workspace_root().join("spec/spec-diff-allowlist.yaml");
    Allowlist::parse("spec/spec-diff-allowlist.yaml", &read(&path))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The differences of a mutated spec/ less those the checked-in allowlist excuses in spec/
/// itself, so that a test sees exactly what its own mutations change.
fn diff(operations: &str, models: &str, document: &Document) -> Vec<Difference> {
    let all = spec_diff(&SpecText { operations, models }, document, &[])
        .unwrap_or_else(|e| panic!("{e}"));
    allowlist().apply(all).drift
}

fn difference(group: Group, at: &str, spec: &str, openapi: &str) -> Difference {
    Difference {
        group,
        at: at.into(),
        spec: spec.into(),
        openapi: openapi.into(),
    }
}

/// Replaces exactly one occurrence, so that a test cannot silently mutate nothing.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replacen(from, to, 1)
}

#[test]
fn spec_has_no_drift_beyond_the_allowlist() {
    let (operations, models) = spec_files();
    let text = SpecText {
        operations: &operations,
        models: &models,
    };
    let differences = spec_diff(&text, &document(), &[]).unwrap_or_else(|e| panic!("{e}"));
    let report = allowlist().apply(differences);
    assert!(
        report.is_clean(),
        "spec/ drifted from {}:\n{report}\nFix spec/ or, if the difference is intended, \
         add it with its reason to spec/spec-diff-allowlist.yaml.",
        reference().display()
    );
}

#[test]
fn drift_in_operations_is_reported_in_its_group() {
    let (operations, models) = spec_files();
    let document = document();
    let mut ops = replace_once(
        &operations,
        "- id: activateApplication\n  method: POST\n",
        "- id: activateApplication\n  method: PUT\n",
    );
    ops = replace_once(
        &ops,
        "- id: deleteApplication\n",
        "- id: removeApplication\n",
    );
    ops = replace_once(
        &ops,
        "    - media_type: application/x-pem-file\n      variant: Pem\n      description: A PEM-encoded X.509 certificate.\n",
        "",
    );
    // listApplications' `limit` default, its scope, an error status, the success type.
    let list = ops
        .find("- id: listApplications\n")
        .expect("listApplications");
    let (head, tail) = ops.split_at(list);
    let tail = tail
        .replacen("    default: -1\n", "    default: 20\n", 1)
        .replacen("  - okta.apps.read\n", "  - okta.apps.manage\n", 1)
        .replacen(
            "    type: list<Application>\n",
            "    type: Application\n",
            1,
        )
        .replacen("  - 403\n", "  - 401\n", 1);
    let ops = format!("{head}{tail}");

    let found = diff(&ops, &models, &document);
    let expected = [
        difference(
            Group::Operations,
            "operation deleteApplication",
            "absent",
            "DELETE /api/v1/apps/{appId}",
        ),
        difference(
            Group::Operations,
            "operation removeApplication",
            "DELETE /api/v1/apps/{appId}",
            "absent",
        ),
        difference(
            Group::MethodAndPath,
            "operation activateApplication / method",
            "PUT",
            "POST",
        ),
        difference(
            Group::Parameters,
            "operation listApplications / query parameter limit / default",
            "20",
            "-1",
        ),
        difference(
            Group::RequestBodies,
            "operation publishCsrFromApplication / request body / media type application/x-pem-file",
            "absent",
            "present",
        ),
        difference(
            Group::SuccessResponses,
            "operation listApplications / success type",
            "`Application`",
            "`list<Application>`",
        ),
        difference(
            Group::ErrorStatuses,
            "operation listApplications / error status 401",
            "present",
            "absent",
        ),
        difference(
            Group::ErrorStatuses,
            "operation listApplications / error status 403",
            "absent",
            "present",
        ),
        difference(
            Group::Scopes,
            "operation listApplications / scope okta.apps.manage",
            "present",
            "absent",
        ),
        difference(
            Group::Scopes,
            "operation listApplications / scope okta.apps.read",
            "absent",
            "present",
        ),
    ];
    assert_eq!(found, expected.to_vec(), "{found:#?}");
}

#[test]
fn drift_in_models_is_reported_in_its_group() {
    let (operations, models) = spec_files();
    let document = document();
    let mut m = replace_once(
        &models,
        "  - SAML_2_0\n  - SECURE",
        "  - SAML_3_0\n  - SECURE",
    );
    m = replace_once(
        &m,
        "      WS_FEDERATION: WsFederationApplication\n",
        "      WS_FED: WsFederationApplication\n",
    );
    m = replace_once(
        &m,
        "the URLs of the app's sign-in page.\"\n  extends: ApplicationSettings\n",
        "the URLs of the app's sign-in page.\"\n",
    );
    m = replace_once(
        &m,
        "  - name: lastSync\n    type: string\n    format: date-time\n    read_only: true\n",
        "  - name: lastSync\n    type: string\n    required: true\n",
    );
    m = replace_once(
        &m,
        "`allowMultipleAcsEndpoints` is `true`.\"\n  fields:\n  - name: index\n    type: integer\n",
        "`allowMultipleAcsEndpoints` is `true`.\"\n  fields:\n  - name: index\n    type: integer\n    format: int64\n  - name: extra\n    type: string\n",
    );
    m = replace_once(
        &m,
        "- name: SeedEnum\n",
        "- name: NewThing\n  kind: enum\n  values:\n  - A\n- name: SeedEnum\n",
    );
    let found = diff(&operations, &m, &document);
    let expected = [
        difference(Group::Models, "model NewThing", "enum", "absent"),
        difference(
            Group::Fields,
            "model AcsEndpoint / field extra",
            "`string`",
            "absent",
        ),
        difference(
            Group::Fields,
            "model AcsEndpoint / field index / format",
            "`int64`",
            "none",
        ),
        difference(
            Group::Fields,
            "model AppUser / field lastSync / format",
            "none",
            "`date-time`",
        ),
        difference(
            Group::Fields,
            "model AppUser / field lastSync / read_only",
            "false",
            "true",
        ),
        difference(
            Group::Fields,
            "model AppUser / field lastSync / required",
            "true",
            "false",
        ),
        difference(
            Group::EnumValues,
            "model ApplicationSignOnMode / value SAML_2_0",
            "absent",
            "present",
        ),
        difference(
            Group::EnumValues,
            "model ApplicationSignOnMode / value SAML_3_0",
            "present",
            "absent",
        ),
        difference(
            Group::Discriminators,
            "model Application / discriminator / mapping WS_FED",
            "`WsFederationApplication`",
            "none",
        ),
        difference(
            Group::Discriminators,
            "model Application / discriminator / mapping WS_FEDERATION",
            "none",
            "`WsFederationApplication`",
        ),
        difference(
            Group::Parents,
            "model AutoLoginApplicationSettings / extends",
            "none",
            "`ApplicationSettings`",
        ),
    ];
    assert_eq!(found, expected.to_vec(), "{found:#?}");
}

#[test]
fn allowlist_excuses_exact_matches_and_rejects_stale_entries() {
    let (operations, models) = spec_files();
    let document = document();
    let list = operations
        .find("- id: listApplications\n")
        .expect("listApplications");
    let (head, tail) = operations.split_at(list);
    let ops = format!(
        "{head}{}",
        tail.replacen("    default: -1\n", "    default: 20\n", 1)
    );
    let differences = diff(&ops, &models, &document);
    assert_eq!(differences.len(), 1, "{differences:#?}");

    let allowlist = Allowlist::parse(
        "allowlist.yaml",
        "allow:\n\
         - group: parameters\n  at: operation listApplications / query parameter limit / default\n  spec: '20'\n  openapi: '-1'\n  reason: kept on purpose\n\
         - group: scopes\n  at: operation listApplications / scope okta.apps.manage\n  spec: present\n  openapi: absent\n  reason: no longer true\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let report = allowlist.apply(differences.clone());
    assert!(report.drift.is_empty());
    assert_eq!(report.allowed.len(), 1);
    assert_eq!(report.allowed[0].1, "kept on purpose");
    assert_eq!(report.stale.len(), 1);
    assert_eq!(report.stale[0].line, 7);
    assert!(!report.is_clean(), "a stale entry fails the check");
    assert!(report
        .to_string()
        .contains("allowlist.yaml:7: error: stale allowlist entry"));

    // The values are part of the match: a changed value is drift again, and the entry stale.
    let changed = Allowlist::parse(
        "allowlist.yaml",
        "allow:\n- group: parameters\n  at: operation listApplications / query parameter limit / default\n  spec: '30'\n  openapi: '-1'\n  reason: kept on purpose\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let report = changed.apply(differences);
    assert_eq!(report.drift.len(), 1);
    assert_eq!(report.stale.len(), 1);
}

#[test]
fn allowlist_entries_need_a_reason_and_a_known_group() {
    let error = Allowlist::parse(
        "allowlist.yaml",
        "allow:\n- group: parameter\n  at: x\n  spec: a\n  openapi: b\n  reason: ''\n",
    )
    .expect_err("invalid entries");
    let text = error.to_string();
    assert!(
        text.contains("allowlist.yaml:2:3: error at `allow[0].group`: unknown group `parameter`"),
        "{text}"
    );
    assert!(
        text.contains(
            "allowlist.yaml:6:3: error at `allow[0].reason`: an allowlist entry needs a reason"
        ),
        "{text}"
    );
    let missing = Allowlist::parse(
        "allowlist.yaml",
        "allow:\n- group: parameters\n  at: x\n  spec: a\n  openapi: b\n",
    )
    .expect_err("no reason");
    assert!(missing.to_string().contains("reason"), "{missing}");
}

/// Words that say nothing about a field on their own.
const FILLER: &[&str] = &[
    "a", "an", "the", "of", "this", "that", "its", "is", "for", "on", "in", "field", "property",
    "value", "object", "model", "wire",
];

/// The lowercase words of `text`: split at every non-alphanumeric character and
/// between a lowercase letter or digit and an uppercase letter (`lastUpdated`, `x5t#S256`).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let boundary = !c.is_alphanumeric()
            || (c.is_uppercase()
                && previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()));
        if boundary && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        previous = Some(c);
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Why `description` is not a real one: missing, or made only of `names` and filler words.
fn description_problem(description: Option<&str>, names: &[String]) -> Option<String> {
    let Some(description) = description.map(str::trim) else {
        return Some("no description".to_owned());
    };
    let says_more = words(description)
        .iter()
        .any(|w| !FILLER.contains(&w.as_str()) && !names.contains(w));
    (!says_more).then(|| format!("only repeats the name: {description:?}"))
}

/// Every model field of `models` (the text of a `models.yaml`) without a description,
/// or whose description only repeats the field's or the model's name (`The `x` field.`).
fn fields_without_a_real_description(models: &str) -> Vec<String> {
    let file: codegen::spec::ModelsFile =
        serde_yaml::from_str(models).unwrap_or_else(|e| panic!("models.yaml: {e}"));
    let mut found = Vec::new();
    for model in &file.models {
        for field in &model.fields {
            let names: Vec<String> = words(&field.name)
                .into_iter()
                .chain(words(&model.name))
                .collect();
            if let Some(problem) = description_problem(field.description.as_deref(), &names) {
                found.push(format!("{}.{}: {problem}", model.name, field.name));
            }
        }
    }
    found
}

/// Every model of `models` without a description of its own, or whose description
/// only repeats its name: rustdoc would show `The `X` model.` for it.
fn models_without_a_real_description(models: &str) -> Vec<String> {
    let file: codegen::spec::ModelsFile =
        serde_yaml::from_str(models).unwrap_or_else(|e| panic!("models.yaml: {e}"));
    file.models
        .iter()
        .filter_map(|model| {
            description_problem(model.description.as_deref(), &words(&model.name))
                .map(|problem| format!("{}: {problem}", model.name))
        })
        .collect()
}

/// Every parameter of `operations` (the text of an `operations.yaml`) without a
/// description, or whose description only repeats its name and its operation's.
fn parameters_without_a_real_description(operations: &str) -> Vec<String> {
    let file: codegen::spec::OperationsFile =
        serde_yaml::from_str(operations).unwrap_or_else(|e| panic!("operations.yaml: {e}"));
    let mut found = Vec::new();
    for operation in &file.operations {
        for param in &operation.params {
            let names: Vec<String> = words(&param.name)
                .into_iter()
                .chain(words(&operation.id))
                .collect();
            if let Some(problem) = description_problem(param.description.as_deref(), &names) {
                found.push(format!("{}.{}: {problem}", operation.id, param.name));
            }
        }
    }
    found
}

#[test]
fn every_parameter_has_a_description_that_says_more_than_its_name() {
    let (operations, _) = spec_files();
    let found = parameters_without_a_real_description(&operations);
    assert!(
        found.is_empty(),
        "{} parameters of spec/operations.yaml lack a real description (say what the value \
         names or chooses for this operation; see spec/README.md):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_model_has_a_description_that_says_more_than_its_name() {
    let (_, models) = spec_files();
    let found = models_without_a_real_description(&models);
    assert!(
        found.is_empty(),
        "{} models of spec/models.yaml lack a real description (say what the model holds \
         and where Okta uses it; see spec/README.md):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_model_field_has_a_description_that_says_more_than_its_name() {
    let (_, models) = spec_files();
    let found = fields_without_a_real_description(&models);
    assert!(
        found.is_empty(),
        "{} model fields of spec/models.yaml lack a real description (write one from Okta's \
         documentation of the field, or say plainly what is known; see spec/README.md):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn a_missing_or_name_only_model_description_is_caught() {
    let (_, models) = spec_files();
    let mut m = replace_once(
        &models,
        "  description: \"The licensing of an app (`Application.licensing`): the number of licenses (seats) purchased for it.\"\n",
        "",
    );
    m = replace_once(
        &m,
        "  description: \"Where an app is hidden from its users (`visibility.hide`): on the End-User Dashboard in a web browser (`web`), and in Okta Mobile (`iOS`, which covers Android too).\"\n",
        "  description: The application visibility hide model.\n",
    );
    assert_eq!(
        models_without_a_real_description(&m),
        [
            "ApplicationLicensing: no description",
            "ApplicationVisibilityHide: only repeats the name: \"The application visibility hide model.\"",
        ]
    );
}

#[test]
fn a_missing_or_name_only_parameter_description_is_caught() {
    let (operations, _) = spec_files();
    let mut o = replace_once(
        &operations,
        "    description: \"ID of the app to delete (`Application.id`, for example `0oa1gjh63g214q0Hq0g4`); the app must be inactive.\"\n",
        "",
    );
    o = replace_once(
        &o,
        "    description: \"ID of the inactive app to activate (`Application.id`, for example `0oa1gjh63g214q0Hq0g4`).\"\n",
        "    description: The app ID for activate application.\n",
    );
    assert_eq!(
        parameters_without_a_real_description(&o),
        [
            "activateApplication.appId: only repeats the name: \"The app ID for activate application.\"",
            "deleteApplication.appId: no description",
        ]
    );
}

#[test]
fn a_missing_or_name_only_field_description_is_caught() {
    let (_, models) = spec_files();
    let mut m = replace_once(
        &models,
        "    description: Number of licenses purchased for the app.\n",
        "",
    );
    m = replace_once(
        &m,
        "    description: User-defined display name of the app.\n",
        "    description: The `label` field.\n",
    );
    m = replace_once(
        &m,
        "    description: When the application user object was last updated.\n",
        "    description: Last updated.\n",
    );
    m = replace_once(
        &m,
        "    description: SHA-256 thumbprint of the key's X.509 certificate (JWK `x5t#S256`), Base64url-encoded.\n",
        "    description: '`x5t#S256` of the JSON web key'\n",
    );
    assert_eq!(
        fields_without_a_real_description(&m),
        [
            "AppUser.lastUpdated: only repeats the name: \"Last updated.\"",
            "Application.label: only repeats the name: \"The `label` field.\"",
            "ApplicationLicensing.seatCount: no description",
            "JsonWebKey.x5t#S256: only repeats the name: \"`x5t#S256` of the JSON web key\"",
        ]
    );
}
