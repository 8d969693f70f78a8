//! No spec, however hostile, crashes the generator or makes it run away.
//!
//! Each case builds its input here (nothing large is checked in), runs the
//! whole pipeline in a child process (this test binary, re-run with
//! `SPEC_LIMITS_CASE` set) and checks that the child exits normally with a
//! located error (or a crate) within a time and memory bound. A stack
//! overflow aborts a process, which no in-process test could report.
//! Each case runs at two sizes; `cargo test -p okta-apps-tests --test integration spec_limits:: -- --nocapture`
//! prints the figures.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::{GenerateError, SpecText};

/// A valid operations file the model cases pair with.
const OPERATIONS: &str = "operations:
- id: getWidget
  method: GET
  path: /api/v1/widgets/{widgetId}
  summary: Get a widget
  params:
  - name: widgetId
    in: path
    type: string
    required: true
  response:
    status: 200
    type: Widget
";

/// A valid models file the operation cases pair with.
const MODELS: &str = "models:
- name: Widget
  kind: object
  fields:
  - name: id
    type: string
";

/// One hostile input: the two files, by size.
struct Case {
    name: &'static str,
    build: fn(usize) -> (String, String),
    /// The sizes it runs at: the second a few times the first.
    sizes: [usize; 2],
}

fn nested_list_type(levels: usize) -> (String, String) {
    let ty = format!("{}string{}", "list<".repeat(levels), ">".repeat(levels));
    let models = format!("{MODELS}  - name: deep\n    type: {ty}\n");
    (OPERATIONS.to_owned(), models)
}

fn nested_map_param(levels: usize) -> (String, String) {
    let ty = format!("{}integer{}", "map<".repeat(levels), ">".repeat(levels));
    let operations = format!("{OPERATIONS}  - name: deep\n    in: query\n    type: {ty}\n");
    // The parameter list is above `response`; move the new one there.
    let operations = operations.replacen("  response:\n    status: 200\n    type: Widget\n", "", 1)
        + "  response:\n    status: 200\n    type: Widget\n";
    (operations, MODELS.to_owned())
}

fn dashes_in_a_quoted_scalar(dashes: usize) -> (String, String) {
    let operations = format!("operations: \"x\n{}\ny\"\n", "- ".repeat(dashes));
    (operations, MODELS.to_owned())
}

fn dashes_in_a_plain_scalar(dashes: usize) -> (String, String) {
    let models = format!("models: x\n{}y\n", "- ".repeat(dashes));
    (OPERATIONS.to_owned(), models)
}

fn deep_flow_nesting(levels: usize) -> (String, String) {
    let operations = format!("operations: {}{}\n", "[".repeat(levels), "]".repeat(levels));
    (operations, MODELS.to_owned())
}

fn deep_flow_default(levels: usize) -> (String, String) {
    let value = format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
    let models = format!("{MODELS}    default: {value}\n");
    (OPERATIONS.to_owned(), models)
}

fn deep_block_nesting(levels: usize) -> (String, String) {
    let mut models = String::from("models:\n- name: A\n  kind: object\n  fields:\n  - name: a\n    type: json\n    default:\n");
    for level in 0..levels {
        models.push_str(&" ".repeat(6 + level));
        models.push_str("- \n");
    }
    (OPERATIONS.to_owned(), models)
}

fn extends_chain(models: usize) -> (String, String) {
    let mut text = String::from(MODELS);
    for i in 0..models {
        text.push_str(&format!(
            "- name: M{i}\n  kind: object\n{}  fields:\n  - name: f{i}\n    type: string\n",
            if i == 0 {
                String::new()
            } else {
                format!("  extends: M{}\n", i - 1)
            }
        ));
    }
    (OPERATIONS.to_owned(), text)
}

fn reference_chain(models: usize) -> (String, String) {
    let mut text = String::from(MODELS);
    for i in 0..models {
        let next = if i + 1 == models {
            "M0".to_owned()
        } else {
            format!("M{}", i + 1)
        };
        text.push_str(&format!(
            "- name: M{i}\n  kind: object\n  fields:\n  - name: next\n    type: {next}\n"
        ));
    }
    (OPERATIONS.to_owned(), text)
}

fn long_default(items: usize) -> (String, String) {
    let value = format!("[{}]", vec!["\"value\""; items].join(", "));
    let models = format!("{MODELS}    default: {value}\n");
    (OPERATIONS.to_owned(), models)
}

fn long_unknown_key(length: usize) -> (String, String) {
    let models = format!("{MODELS}    {}: 1\n", "k".repeat(length));
    (OPERATIONS.to_owned(), models)
}

const CASES: &[Case] = &[
    Case {
        name: "nested_list_type",
        build: nested_list_type,
        sizes: [500, 15_000],
    },
    Case {
        name: "nested_map_param",
        build: nested_map_param,
        sizes: [500, 15_000],
    },
    Case {
        name: "dashes_in_a_quoted_scalar",
        build: dashes_in_a_quoted_scalar,
        sizes: [10_000, 40_000],
    },
    Case {
        name: "dashes_in_a_plain_scalar",
        build: dashes_in_a_plain_scalar,
        sizes: [10_000, 40_000],
    },
    Case {
        name: "deep_flow_nesting",
        build: deep_flow_nesting,
        sizes: [20_000, 100_000],
    },
    Case {
        name: "deep_flow_default",
        build: deep_flow_default,
        sizes: [20_000, 100_000],
    },
    Case {
        name: "deep_block_nesting",
        build: deep_block_nesting,
        sizes: [500, 2_000],
    },
    Case {
        name: "extends_chain",
        build: extends_chain,
        sizes: [100, 400],
    },
    Case {
        name: "reference_chain",
        build: reference_chain,
        sizes: [1_000, 4_000],
    },
    Case {
        name: "long_default",
        build: long_default,
        sizes: [10_000, 40_000],
    },
    // libyaml refuses a key over 1024 characters itself.
    Case {
        name: "long_unknown_key",
        build: long_unknown_key,
        sizes: [300, 1_000],
    },
];

/// What the child reports on its last line of output.
struct Outcome {
    input_bytes: usize,
    elapsed: Duration,
    peak_kib: u64,
    /// The report, or `None` when a crate came out.
    report: Option<String>,
}

/// Runs in the child: the pipeline on one case, then the figures.
#[test]
fn child() {
    let (Ok(name), Ok(size)) = (
        std::env::var("SPEC_LIMITS_CASE"),
        std::env::var("SPEC_LIMITS_SIZE"),
    ) else {
        return;
    };
    let case = CASES.iter().find(|c| c.name == name).expect("known case");
    let size: usize = size.parse().expect("a size");
    let (operations, models) = (case.build)(size);
    let start = Instant::now();
    let result = codegen::generate(&SpecText {
        operations: &operations,
        models: &models,
    });
    let elapsed = start.elapsed();
    let report = match result {
        Ok(_) => String::new(),
        Err(GenerateError::Spec(report)) => report.to_string(),
        Err(other) => panic!("not a spec error: {other}"),
    };
    let peak_kib = okta_apps_tests::peak_rss_kib();
    println!("\nREPORT-BYTES {}", report.len());
    println!("REPORT-START\n{report}\nREPORT-END");
    println!(
        "FIGURES {} {} {}",
        operations.len() + models.len(),
        elapsed.as_micros(),
        peak_kib
    );
}

/// Runs `case` at `size` in a child process, killed after `limit`.
fn run(case: &Case, size: usize, limit: Duration) -> Outcome {
    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "spec_limits::child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SPEC_LIMITS_CASE", case.name)
        .env("SPEC_LIMITS_SIZE", size.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the child");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} at {size}: still running after {limit:?}", case.name);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = reader.join().expect("the reader thread");
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    assert!(
        status.success(),
        "{} at {size}: the child failed ({status}):\n{}\n{}",
        case.name,
        tail(&text),
        tail(&stderr)
    );
    let figures = text
        .lines()
        .find_map(|l| l.strip_prefix("FIGURES "))
        .unwrap_or_else(|| panic!("{} at {size}: no figures in\n{}", case.name, tail(&text)));
    let numbers: Vec<u64> = figures
        .split(' ')
        .map(|n| n.parse().expect("a figure"))
        .collect();
    let report = text
        .split_once("REPORT-START\n")
        .and_then(|(_, rest)| rest.split_once("\nREPORT-END"))
        .map(|(report, _)| report.to_owned())
        .expect("the report");
    Outcome {
        input_bytes: numbers[0] as usize,
        elapsed: Duration::from_micros(numbers[1]),
        peak_kib: numbers[2],
        report: (!report.is_empty()).then_some(report),
    }
}

fn tail(text: &str) -> String {
    let start = text.len().saturating_sub(2_000);
    let start = (start..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    text[start..].to_owned()
}

/// Runs `name` at both sizes, prints the figures, and returns the outcome at the larger.
fn both_sizes(name: &str) -> (Outcome, Outcome) {
    let case = CASES.iter().find(|c| c.name == name).expect("known case");
    // Generous: a debug build on a slow, busy machine. Linear inputs of these
    // sizes take well under a second; the quadratic ones took minutes or gigabytes.
    let limit = Duration::from_secs(60);
    let small = run(case, case.sizes[0], limit);
    let large = run(case, case.sizes[1], limit);
    for (size, outcome) in [(case.sizes[0], &small), (case.sizes[1], &large)] {
        println!(
            "{name}: size {size}, input {} bytes: {:.3} s, peak RSS {} MiB, report {} bytes",
            outcome.input_bytes,
            outcome.elapsed.as_secs_f64(),
            outcome.peak_kib / 1024,
            outcome.report.as_ref().map_or(0, String::len),
        );
    }
    for outcome in [&small, &large] {
        assert!(
            outcome.elapsed < Duration::from_secs(10),
            "{name}: {:?}",
            outcome.elapsed
        );
        assert!(
            outcome.peak_kib < 400 * 1024,
            "{name}: peak RSS {} KiB",
            outcome.peak_kib
        );
    }
    (small, large)
}

fn report(outcome: &Outcome) -> &str {
    outcome
        .report
        .as_deref()
        .expect("a located error, not a crate")
}

/// Every line of a report starts `file:line:column:` and stays short.
fn assert_located(report: &str, file: &str, what: &str) {
    let first = report.lines().next().unwrap_or_default();
    assert!(first.starts_with(&format!("{file}:")), "{what}: {first}");
    for line in report.lines() {
        assert!(line.len() < 600, "{what}: a {}-byte line", line.len());
    }
}

#[test]
fn nested_types_are_refused_at_the_type_before_any_stage_recurses() {
    for (name, file) in [
        ("nested_list_type", "spec/models.yaml"),
        ("nested_map_param", "spec/operations.yaml"),
    ] {
        let (small, large) = both_sizes(name);
        for outcome in [&small, &large] {
            let report = report(outcome);
            assert_located(report, file, name);
            assert!(report.contains("nested"), "{name}: {report}");
        }
    }
}

#[test]
fn types_nested_to_the_limit_generate() {
    let levels = codegen::limits::MAX_TYPE_NESTING;
    let mixed = |levels: usize| {
        let ty: String = (0..levels)
            .map(|i| if i % 2 == 0 { "map<" } else { "list<" })
            .collect();
        let models = format!(
            "{MODELS}  - name: deep\n    type: {ty}json{}\n",
            ">".repeat(levels)
        );
        (OPERATIONS.to_owned(), models)
    };
    for build in [nested_list_type, mixed] {
        let (operations, models) = build(levels);
        // Loading and validating recurse on the caller's thread: a quarter
        // of the stack a worker thread gets is enough at the limit.
        std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || {
                let text = SpecText {
                    operations: &operations,
                    models: &models,
                };
                codegen::load_ir(&text).unwrap_or_else(|e| panic!("{e}"));
                codegen::generate(&text).unwrap_or_else(|e| panic!("{e}"));
            })
            .expect("spawn")
            .join()
            .expect("generates within a small stack");
        let (operations, models) = build(levels + 1);
        let text = SpecText {
            operations: &operations,
            models: &models,
        };
        assert!(codegen::generate(&text).is_err());
    }
}

#[test]
fn dashes_inside_a_scalar_are_located_in_linear_time_and_memory() {
    // A quoted scalar holds text: the file parses, and its shape is wrong.
    // Outside quotes, each dash opens a sequence in the one before.
    for (name, file, message) in [
        (
            "dashes_in_a_quoted_scalar",
            "spec/operations.yaml:1:1:",
            "expected a list",
        ),
        (
            "dashes_in_a_plain_scalar",
            "spec/models.yaml:2:127:",
            "nested deeper than 64",
        ),
    ] {
        let (small, large) = both_sizes(name);
        for outcome in [&small, &large] {
            let report = report(outcome);
            assert!(report.starts_with(file), "{name}: {report}");
            assert!(report.contains(message), "{name}: {report}");
        }
    }
}

#[test]
fn deep_nesting_is_refused_early_and_located() {
    for (name, file) in [
        ("deep_flow_nesting", "spec/operations.yaml:1:"),
        ("deep_flow_default", "spec/models.yaml:7:"),
        ("deep_block_nesting", "spec/models.yaml:"),
    ] {
        let (small, large) = both_sizes(name);
        for outcome in [&small, &large] {
            let report = report(outcome);
            assert!(report.starts_with(file), "{name}: {report}");
            assert!(report.contains("nest"), "{name}: {report}");
        }
    }
}

#[test]
fn long_extends_chains_are_bounded() {
    let (small, large) = both_sizes("extends_chain");
    for outcome in [&small, &large] {
        let report = report(outcome);
        assert_located(report, "spec/models.yaml", "extends_chain");
        assert!(report.contains("extends"), "{report}");
    }
    let (operations, models) = extends_chain(codegen::limits::MAX_EXTENDS_DEPTH + 1);
    codegen::generate(&SpecText {
        operations: &operations,
        models: &models,
    })
    .unwrap_or_else(|e| panic!("a chain at the limit generates: {e}"));
}

#[test]
fn a_long_reference_cycle_is_found_in_linear_time() {
    let (small, large) = both_sizes("reference_chain");
    for outcome in [&small, &large] {
        let report = report(outcome);
        assert_located(report, "spec/models.yaml", "reference_chain");
        assert!(report.contains("contains itself"), "{report}");
        assert!(report.len() < 20_000, "{} bytes", report.len());
    }
}

#[test]
fn long_values_are_quoted_shortened_with_their_position() {
    for name in ["long_default", "long_unknown_key"] {
        let (small, large) = both_sizes(name);
        for outcome in [&small, &large] {
            let report = report(outcome);
            assert_located(report, "spec/models.yaml:7", name);
            assert!(report.len() < 1_000, "{name}: {} bytes", report.len());
            assert!(report.contains('…'), "{name}: {report}");
        }
    }
}
