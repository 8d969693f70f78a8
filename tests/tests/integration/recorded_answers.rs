//! Okta's current document (5.1.0, vendored in `spec/reference/`) as Okta
//! publishes it, with this repository's overlay beside it, through the generator,
//! and every 2xx JSON answer that real Okta orgs gave in the recorded traffic of
//! `spec/reference/recorded/okta-sdk-python/` decoded through the operation it
//! belongs to (by method and path template, a literal segment beating a
//! parameter), written back, and compared with what was received.
//!
//! Every answer must decode and re-encode JSON-equal; every value that did not fit
//! the document must be one of the reviewed classes in `EXPLAINED`, each explained
//! by an overlay action or by the reader's policy.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use codegen::ir::{Api, Type};
use codegen::openapi::{import, Document, ImportOptions};
use codegen::SpecText;
use okta_apps_tests::cassettes::{self, Router};
use okta_apps_tests::{workspace_root, CrateOnDisk};
use serde_json::{json, Value};

const DOCUMENT: &str = "spec/reference/okta-management-5.1.0.yaml";
const OVERLAY: &str = "spec/reference/okta-management-5.1.0.overlay.yaml";
const CASSETTES: &str = "spec/reference/recorded/okta-sdk-python";

/// Recorded requests to endpoints outside the management document, by method and
/// path prefix, each with why.
const NOT_IN_DOCUMENT: &[(&str, &str, &str)] = &[
    (
        "POST",
        "/api/v1/authn",
        "Okta's Authentication API, a document of its own",
    ),
    (
        "POST",
        "/oauth2/v1/token",
        "the OAuth 2.0 token endpoint the SDK signs in at, not the management API",
    ),
    (
        "POST",
        "/api/v1/sessions",
        "createSession, which 5.1.0 no longer documents (3.0.0 did)",
    ),
    (
        "GET",
        "/api/v1/api-tokens/",
        "the SDK's error test with an empty id, which names no operation",
    ),
];

/// The classes of values that do not fit the document (operation, path with list
/// indices as `[*]`, expected), each with why it is tolerated rather than fixed in
/// the overlay.
const EXPLAINED: &[(&str, &str, &str, &str)] = &[
    (
        "getCurrentConfiguration",
        "created",
        "an RFC 3339 date-time string",
        "reader policy: Okta writes ThreatInsight's date-times as `2021-06-14 14:45:46` (no `T`, no offset, so no instant can be read from it); the `Timestamp` keeps the text",
    ),
    (
        "getCurrentConfiguration",
        "lastUpdated",
        "an RFC 3339 date-time string",
        "reader policy: as `created` above",
    ),
    (
        "updateConfiguration",
        "created",
        "an RFC 3339 date-time string",
        "reader policy: as getCurrentConfiguration's `created`",
    ),
    (
        "updateConfiguration",
        "lastUpdated",
        "an RFC 3339 date-time string",
        "reader policy: as getCurrentConfiguration's `created`",
    ),
];

#[test]
fn every_recorded_answer_decodes_through_its_operation_and_is_written_back_unchanged() {
    let root = workspace_root();
    let started = Instant::now();
    let (document, reports) =
        Document::read_with_overlays(&root.join(DOCUMENT), &[root.join(OVERLAY)])
            .unwrap_or_else(|e| panic!("{e}"));
    for report in &reports {
        println!("{report}");
    }
    let options = ImportOptions {
        tags: Vec::new(),
        lenient: false,
    };
    let imported = import(&document, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        imported.operations.operations.len(),
        699,
        "every operation, strictly"
    );
    for warning in &imported.warnings {
        println!("{}", warning.as_warning());
    }
    let text = SpecText {
        operations: &imported.operations_yaml,
        models: &imported.models_yaml,
    };
    let api = codegen::load_ir(&text).unwrap_or_else(|e| panic!("{e}"));
    let mut generated = codegen::generate_from_ir(&api).unwrap_or_else(|e| panic!("{e}"));
    let generate_time = started.elapsed();
    let prelude = std::fs::read_to_string(root.join("tests/fixtures/recorded_answers/replay.rs"))
        .expect("replay.rs");
    generated
        .files
        .insert("tests/replay.rs".to_owned(), prelude + &dispatch(&api));
    without_examples(&mut generated.files);

    let (answers, unrouted) = routed_answers(&api);
    let on_disk = CrateOnDisk::write("okta-management-5", &generated.files);
    // The replay reads and writes these beside its manifest.
    let input = on_disk.dir.join("answers.json");
    let output = on_disk.dir.join("results.json");
    std::fs::write(&input, serde_json::to_string(&answers).expect("JSON")).expect("write");
    let started = Instant::now();
    let tested = on_disk.cargo("", &["test", "--quiet", "--test", "replay"]);
    if let Err(stderr) = tested {
        panic!("the replay does not run:\n{stderr}");
    }
    let replay_time = started.elapsed();
    let (clippy_time, doc_time) = on_disk.passes_clippy_and_rustdoc("the 5.1.0 crate");
    let results: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&output).expect("results")).expect("JSON");
    let summary = summarize(&results);
    println!(
        "5.1.0: {} operations, {} models; import + generate {generate_time:.1?}; {} answers replayed in {replay_time:.1?} ({} not routed); clippy {clippy_time:.1?}, doc {doc_time:.1?}",
        imported.operations.operations.len(),
        imported.models.models.len(),
        answers.len(),
        unrouted.len()
    );
    let unexplained_requests: Vec<&String> = unrouted
        .iter()
        .filter(|r| {
            !NOT_IN_DOCUMENT
                .iter()
                .any(|(method, prefix, _)| r.starts_with(&format!("{method} {prefix}")))
        })
        .collect();
    assert!(
        unexplained_requests.is_empty(),
        "recorded requests that no operation of the document matches:\n{unexplained_requests:#?}"
    );
    assert!(
        summary.failures.is_empty(),
        "{}",
        summary.failures.join("\n")
    );
    let unexplained: Vec<&String> = summary
        .classes
        .keys()
        .filter(|class| {
            !EXPLAINED
                .iter()
                .any(|(o, p, e, _)| class.as_str() == format!("{o} {p}: {e}"))
        })
        .collect();
    assert!(
        unexplained.is_empty(),
        "values that do not fit the document, not explained:\n{}",
        summary.report()
    );
}

/// Leaves out the runtime's examples: they are written for this repository's
/// Application spec (`spec/`), whose operation names and required fields 5.1.0 does
/// not share, and are compiled and run with `generated/`.
fn without_examples(files: &mut BTreeMap<String, String>) {
    files.retain(|path, _| !path.starts_with("examples/"));
    if let Some(manifest) = files.get_mut("Cargo.toml") {
        let mut kept = String::with_capacity(manifest.len());
        let mut in_example = false;
        for line in manifest.lines() {
            if line.starts_with('[') {
                in_example = line == "[[example]]";
            }
            if !in_example {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        *manifest = kept;
    }
}

/// The recorded 2xx JSON answers, each with the operation it belongs to, and the
/// requests no operation matches.
fn routed_answers(api: &Api) -> (Vec<Value>, Vec<String>) {
    let mut router = Router::default();
    for operation in &api.operations {
        router.add(operation.method.as_str(), &operation.path, &operation.id);
    }
    let without_body: Vec<&str> = api
        .operations
        .iter()
        .filter(|o| o.response.ty.is_none())
        .map(|o| o.id.as_str())
        .collect();
    let mut answers = Vec::new();
    let mut unrouted = Vec::new();
    for interaction in cassettes::read_all(&workspace_root().join(CASSETTES)) {
        if !interaction.is_json_success() {
            continue;
        }
        match router.route(&interaction.method, &interaction.path) {
            // Documented without a body, the client ignores what comes; an empty
            // object or list carries nothing to lose. Anything else is reported.
            Some(operation)
                if without_body.contains(&operation)
                    && matches!(interaction.body.trim(), "{}" | "[]") => {}
            Some(operation) => answers.push(json!({
                "source": interaction.source,
                "operation": operation,
                "body": interaction.body,
            })),
            None => unrouted.push(format!(
                "{} {} ({})",
                interaction.method, interaction.path, interaction.source
            )),
        }
    }
    (answers, unrouted)
}

/// `dispatch`: the operation's answer type, for the replay's `check_one`/`check_list`.
fn dispatch(api: &Api) -> String {
    let mut arms = String::new();
    for operation in &api.operations {
        let response = &operation.response;
        let Some(ty) = &response.ty else { continue };
        if response.text_media_type.is_some() {
            continue;
        }
        let check = match ty {
            Type::List(item) => format!("check_list::<{}>", rust_type(item)),
            other => format!("check_one::<{}>", rust_type(other)),
        };
        let _ = writeln!(arms, "        {:?} => {check}(body),", operation.id);
    }
    format!(
        "\n/// The answer type of each operation, by its operationId.\nfn dispatch(operation: &str, body: &str) -> Option<Value> {{\n    Some(match operation {{\n{arms}        _ => return None,\n    }})\n}}\n"
    )
}

fn rust_type(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::DateTime => "okta_apps::Timestamp".into(),
        Type::I32 => "i32".into(),
        Type::I64 => "i64".into(),
        Type::F64 => "f64".into(),
        Type::Bool => "bool".into(),
        Type::Json => "okta_apps::Json".into(),
        Type::Model(name) => format!("okta_apps::models::{name}"),
        Type::List(item) => format!("Vec<{}>", rust_type(item)),
        Type::Map(value) => format!("std::collections::BTreeMap<String, {}>", rust_type(value)),
    }
}

/// What the replay found: the answers that failed, and the classes of values that
/// did not fit, each with how often and one example.
struct Summary {
    failures: Vec<String>,
    classes: BTreeMap<String, (usize, String)>,
}

impl Summary {
    fn report(&self) -> String {
        let mut text = String::new();
        for (class, (count, example)) in &self.classes {
            let _ = writeln!(text, "{class} ({count}×, e.g. {example})");
        }
        text
    }
}

fn summarize(results: &[Value]) -> Summary {
    let mut failures = Vec::new();
    let mut classes: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for result in results {
        let source = result["source"].as_str().unwrap_or_default();
        let operation = result["operation"].as_str().unwrap_or_default();
        let outcome = &result["result"];
        if outcome.get("error").is_some() || outcome.get("no answer type").is_some() {
            failures.push(format!("{source} ({operation}): {outcome}"));
            continue;
        }
        if outcome["equal"] != true || !outcome["bad_items"].as_array().is_none_or(Vec::is_empty) {
            failures.push(format!(
                "{source} ({operation}): not written back as received: {outcome}"
            ));
        }
        for mismatch in outcome["mismatches"].as_array().into_iter().flatten() {
            let path = generalize(mismatch["path"].as_str().unwrap_or_default());
            let expected = mismatch["expected"].as_str().unwrap_or_default();
            let class = format!("{operation} {path}: {expected}");
            let example = format!("{source}: {}", mismatch["received"]);
            classes.entry(class).or_insert((0, example)).0 += 1;
        }
    }
    Summary { failures, classes }
}

/// A mismatch path with its list indices as `[*]`.
fn generalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[*");
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            c => out.push(c),
        }
    }
    out
}
