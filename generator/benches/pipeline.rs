//! The whole pipeline (load → validate → emit → format, in memory) on `spec/`
//! and on synthetic specs 10× and 100× larger, made here from copies of the
//! real operations and models under new names.
//!
//! Run: `cargo bench -p okta-apps-codegen --bench pipeline`. After criterion's
//! report it prints the time per operation at each size and the 100×/1× ratio
//! (the budget: linear growth, ratio ≤ 1.5; `spec/` under 30 ms).

use std::path::Path;
use std::time::{Duration, Instant};

use codegen::SpecText;
use criterion::{BenchmarkId, Criterion, Throughput};
use serde_yaml::Value;

/// The allocator `cargo xtask codegen` runs with (see xtask/src/main.rs), so
/// that the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn spec_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
}

/// `copies` copies of the spec: copy k > 0 renames every model `M` to `MCopyk`,
/// every operationId `op` to `opCopyk` and prefixes every path with `/copyk`.
fn scaled(operations: &str, models: &str, copies: usize) -> (String, String) {
    let operations: Value = serde_yaml::from_str(operations).expect("spec/operations.yaml parses");
    let models: Value = serde_yaml::from_str(models).expect("spec/models.yaml parses");
    let model_names: std::collections::HashSet<String> = models["models"]
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(|m| m["name"].as_str().map(str::to_owned))
        .collect();
    let mut all_operations = Vec::new();
    let mut all_models = Vec::new();
    for copy in 0..copies {
        let suffix = if copy == 0 {
            String::new()
        } else {
            format!("Copy{copy}")
        };
        let rename = |text: &str| -> String {
            // Type expressions: `Name`, `list<Name>`, `map<Name>`.
            let (prefix, inner, close) = match text.split_once('<') {
                Some((p, rest)) => (format!("{p}<"), rest.trim_end_matches('>').to_owned(), ">"),
                None => (String::new(), text.to_owned(), ""),
            };
            if model_names.contains(&inner) {
                format!("{prefix}{inner}{suffix}{close}")
            } else {
                text.to_owned()
            }
        };
        let rename_types = |value: &mut Value| rename_in(value, &rename);
        for op in operations["operations"].as_sequence().into_iter().flatten() {
            let mut op = op.clone();
            if copy > 0 {
                let id = op["id"].as_str().unwrap_or_default().to_owned();
                op["id"] = Value::from(format!("{id}{suffix}"));
                let path = op["path"].as_str().unwrap_or_default().to_owned();
                op["path"] = Value::from(format!("/copy{copy}{path}"));
                rename_types(&mut op);
            }
            all_operations.push(op);
        }
        for model in models["models"].as_sequence().into_iter().flatten() {
            let mut model = model.clone();
            if copy > 0 {
                rename_types(&mut model);
            }
            all_models.push(model);
        }
    }
    let wrap = |key: &str, items: Vec<Value>| {
        let mut map = serde_yaml::Mapping::new();
        map.insert(Value::from(key), Value::Sequence(items));
        serde_yaml::to_string(&Value::Mapping(map)).expect("serializes")
    };
    (
        wrap("operations", all_operations),
        wrap("models", all_models),
    )
}

/// Renames model references in `type`, `extends`, `name` (of models) and discriminator mappings.
fn rename_in(value: &mut Value, rename: &dyn Fn(&str) -> String) {
    match value {
        Value::Mapping(map) => {
            let is_model = map.contains_key("kind");
            for (key, item) in map.iter_mut() {
                let key = key.as_str().unwrap_or_default();
                let renames_here = matches!(key, "type" | "extends") || (is_model && key == "name");
                match item {
                    Value::String(text) if renames_here => *text = rename(text),
                    _ if key == "mapping" => {
                        if let Value::Mapping(mapping) = item {
                            for (_, target) in mapping.iter_mut() {
                                if let Value::String(text) = target {
                                    *text = rename(text);
                                }
                            }
                        }
                    }
                    _ => rename_in(item, rename),
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|i| rename_in(i, rename)),
        _ => {}
    }
}

fn generate(operations: &str, models: &str) -> usize {
    let generated =
        codegen::generate(&SpecText { operations, models }).unwrap_or_else(|e| panic!("{e}"));
    generated.files.len()
}

fn main() {
    let operations =
        std::fs::read_to_string(spec_dir().join("operations.yaml")).expect("read spec");
    let models = std::fs::read_to_string(spec_dir().join("models.yaml")).expect("read spec");
    let sizes = [1usize, 10, 100];
    let specs: Vec<(usize, String, String)> = sizes
        .iter()
        .map(|&n| {
            let (o, m) = scaled(&operations, &models, n);
            (n, o, m)
        })
        .collect();

    let mut criterion = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_secs(1));
    {
        let mut group = criterion.benchmark_group("pipeline");
        for (n, o, m) in &specs {
            let ops = 41 * n;
            group.throughput(Throughput::Elements(ops as u64));
            group.sample_size(if *n >= 100 { 10 } else { 20 });
            group.measurement_time(Duration::from_secs(if *n >= 100 { 30 } else { 5 }));
            group.bench_with_input(BenchmarkId::new("spec_x", n), &(o, m), |b, (o, m)| {
                b.iter(|| generate(o, m))
            });
        }
        group.finish();
    }
    criterion.final_summary();

    // Per-operation cost at each size, measured here (median of a few runs) so the ratio prints in one place.
    println!("\nsize   operations  median      per operation");
    let mut per_op = Vec::new();
    for (n, o, m) in &specs {
        let runs = if *n >= 100 { 3 } else { 9 };
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(generate(o, m));
                start.elapsed()
            })
            .collect();
        times.sort();
        let median = times[times.len() / 2];
        let ops = 41 * n;
        let each = median / ops as u32;
        per_op.push(each);
        println!("{:>4}x  {:>10}  {:>9.1?}  {:>9.1?}", n, ops, median, each);
    }
    println!("\nstages at each size (one run): load+validate, emit+format");
    for (n, o, m) in &specs {
        let start = Instant::now();
        let api = codegen::load_ir(&SpecText {
            operations: o,
            models: m,
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let validated = start.elapsed();
        let start = Instant::now();
        std::hint::black_box(codegen::generate_from_ir(&api).unwrap_or_else(|e| panic!("{e}")));
        println!("{:>4}x  {:>9.1?}  {:>9.1?}", n, validated, start.elapsed());
    }
    println!("\nemit+format on one thread and on every core (median of 5 runs; the pool stays only if it pays)");
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    for (n, o, m) in specs.iter().filter(|(n, _, _)| *n != 10) {
        let api = codegen::load_ir(&SpecText {
            operations: o,
            models: m,
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let median = |workers: usize| {
            let mut times: Vec<Duration> = (0..5)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(
                        codegen::generate_from_ir_with_workers(&api, workers)
                            .unwrap_or_else(|e| panic!("{e}")),
                    );
                    start.elapsed()
                })
                .collect();
            times.sort();
            times[2]
        };
        let (one, all) = (median(1), median(cores));
        println!(
            "{:>4}x  1 thread {:>9.1?}  {cores} threads {:>9.1?}  speed-up {:.2}",
            n,
            one,
            all,
            one.as_secs_f64() / all.as_secs_f64()
        );
    }
    let ratio = per_op[2].as_secs_f64() / per_op[0].as_secs_f64();
    println!("per-operation time at 100x / 1x: {ratio:.2} (budget: <= 1.5)");
}
