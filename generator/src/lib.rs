//! The generator of the `okta-apps` client crate.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`spec`] (load) → [`validate`] → [`ir`] → `emit` → `format` → a
//! [`GeneratedCrate`], an in-memory map from path to text that the xtask writes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub mod codegen_dir;
pub mod diagnostics;
mod emit;
mod format;
pub mod ir;
pub mod limits;
mod locate;
pub mod naming;
pub mod openapi;
mod runtime;
mod schema;
pub mod spec;
pub mod sync;
mod validate;

pub use diagnostics::{Diagnostic, Diagnostics};

/// The spec files, by the names used in messages.
pub const OPERATIONS_FILE: &str = "spec/operations.yaml";
pub const MODELS_FILE: &str = "spec/models.yaml";

/// The whole generated crate: relative path → file contents, in path order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedCrate {
    pub files: BTreeMap<String, String>,
}

/// Why generation stopped.
#[derive(Debug)]
pub enum GenerateError {
    /// The spec has problems; each is located.
    Spec(Diagnostics),
    /// A spec file could not be read.
    Read { path: String, error: std::io::Error },
    /// The generator produced code that does not parse: a bug in the generator.
    Emit(String),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Spec(d) => write!(f, "{d}"),
            GenerateError::Read { path, error } => write!(f, "{path}: cannot read: {error}"),
            GenerateError::Emit(message) => write!(f, "internal error: {message}"),
        }
    }
}

impl std::error::Error for GenerateError {}

/// The text of the two spec files.
pub struct SpecText<'a> {
    pub operations: &'a str,
    pub models: &'a str,
}

/// Reads `spec/operations.yaml` and `spec/models.yaml` below `spec_dir`'s parent and generates the crate.
pub fn generate_from_dir(spec_dir: &Path) -> Result<GeneratedCrate, GenerateError> {
    let (operations, models) = read_spec_dir(spec_dir)?;
    generate(&SpecText {
        operations: &operations,
        models: &models,
    })
}

/// The texts of `operations.yaml` and `models.yaml` in `spec_dir`.
pub fn read_spec_dir(spec_dir: &Path) -> Result<(String, String), GenerateError> {
    let read = |name: &str| {
        let path = spec_dir.join(name);
        std::fs::read_to_string(&path).map_err(|error| GenerateError::Read {
            path: path.display().to_string(),
            error,
        })
    };
    Ok((read("operations.yaml")?, read("models.yaml")?))
}

/// Load and validate: the spec text into the IR.
///
/// Runs in two rounds. First each file is parsed as YAML and its shape is
/// checked (unknown, missing or mistyped keys, see `schema`); every problem
/// of both files is collected. Only when both files have the right shape do
/// the semantic checks of `validate` run, again collecting every problem.
/// The result is either the IR or every problem found, sorted by file, line
/// and column; no input makes this panic.
pub fn load_ir(text: &SpecText<'_>) -> Result<ir::Api, Diagnostics> {
    let operations_locations = locate::Locations::index(text.operations);
    let models_locations = locate::Locations::index(text.models);
    let mut problems = Vec::new();
    let operations: Option<spec::OperationsFile> = load(
        OPERATIONS_FILE,
        text.operations,
        schema::OPERATIONS_FILE,
        &operations_locations,
        &mut problems,
    );
    let models: Option<spec::ModelsFile> = load(
        MODELS_FILE,
        text.models,
        schema::MODELS_FILE,
        &models_locations,
        &mut problems,
    );
    let (Some(operations), Some(models)) = (operations, models) else {
        return Err(Diagnostics::sorted(problems));
    };
    validate::validate(
        &operations,
        validate::Source {
            file: OPERATIONS_FILE,
            locations: &operations_locations,
        },
        &models,
        validate::Source {
            file: MODELS_FILE,
            locations: &models_locations,
        },
    )
}

/// Parses one spec file: YAML syntax, then shape, then the serde types.
fn load<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    shape: schema::Shape,
    locations: &locate::Locations,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    let value: serde_yaml::Value = match parse_yaml(file, text, locations, "YAML syntax error: ") {
        Ok(value) => value,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let shape_problems = schema::check(&value, shape);
    if !shape_problems.is_empty() {
        problems.extend(shape_problems.into_iter().map(|p| {
            let position = locations.find(&p.path);
            Diagnostic::new(file, position, p.path, p.message, p.hint)
        }));
        return None;
    }
    match serde_yaml::from_value(value) {
        Ok(loaded) => Some(loaded),
        // The shape check should have caught this; report serde's own words,
        // located as well as serde can from the text.
        Err(_) => parse(file, text, problems),
    }
}

/// Parses YAML text, after refusing what would make the parser run away:
/// a file over [`limits::MAX_SPEC_FILE_BYTES`], or nesting deeper than
/// [`limits::MAX_YAML_NESTING`] (libyaml's time grows with the square of
/// the depth of flow collections).
pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    locations: &locate::Locations,
    prefix: &str,
) -> Result<T, Diagnostic> {
    if text.len() > limits::MAX_SPEC_FILE_BYTES {
        return Err(Diagnostic::new(
            file,
            (1, 1),
            String::new(),
            format!(
                "the file has {} bytes; a spec file may have at most {} MiB",
                text.len(),
                limits::MAX_SPEC_FILE_BYTES >> 20
            ),
            None,
        ));
    }
    if let Err(locate::TooDeep(offset)) = locations.check_nesting() {
        return Err(Diagnostic::new(
            file,
            locations.position(offset),
            String::new(),
            format!(
                "YAML nested deeper than {} levels",
                limits::MAX_YAML_NESTING
            ),
            Some("a spec needs a handful of levels; flatten this value".into()),
        ));
    }
    serde_yaml::from_str(text).map_err(|error| serde_problem(file, &error, locations, prefix))
}

/// A serde_yaml error as a diagnostic: its position, its YAML path when it
/// gives one, and its message without the trailing position.
fn serde_problem(
    file: &str,
    error: &serde_yaml::Error,
    locations: &locate::Locations,
    prefix: &str,
) -> Diagnostic {
    let message = error.to_string();
    // serde_yaml puts the path first ("operations[3]: unknown field …") and the position last.
    let (path, mut message) = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path.to_owned(), rest.to_owned()),
        _ => (String::new(), message.clone()),
    };
    let Some(location) = error.location() else {
        return Diagnostic::new(file, (1, 1), path, format!("{prefix}{message}"), None);
    };
    // The position is in the diagnostic already; a syntax error keeps the
    // rest ("…, while scanning a quoted scalar at line 8 column 11").
    let own = format!(" at line {} column {}", location.line(), location.column());
    message = message.replacen(&own, "", 1);
    // serde_yaml counts the end of the input as one more line; the index
    // puts every position on a character of the file.
    let position = locations.position(location.index());
    Diagnostic::new(file, position, path, format!("{prefix}{message}"), None)
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    match parse_yaml(file, text, &locate::Locations::index(text), "") {
        Ok(value) => Some(value),
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// The whole pipeline, in memory.
pub fn generate(text: &SpecText<'_>) -> Result<GeneratedCrate, GenerateError> {
    let api = load_ir(text).map_err(GenerateError::Spec)?;
    generate_from_ir(&api)
}

/// Emit and format: the IR into the crate's files, on one thread per core
/// (at most 8).
pub fn generate_from_ir(api: &ir::Api) -> Result<GeneratedCrate, GenerateError> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    generate_from_ir_with_workers(api, workers)
}

/// [`generate_from_ir`] on `workers` threads: files are independent, so
/// they are emitted and formatted in parallel; each file's tokens are
/// dropped as soon as it is text, and the result is the same map whatever
/// the thread count (the determinism test varies it).
pub fn generate_from_ir_with_workers(
    api: &ir::Api,
    workers: usize,
) -> Result<GeneratedCrate, GenerateError> {
    let results = emit_and_format(api, workers);
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((path, text)) => {
                files.insert(path, text);
            }
            Err(message) => errors.push(message),
        }
    }
    // The same error whatever thread found it first.
    if let Some(first) = errors.into_iter().min() {
        return Err(GenerateError::Emit(first));
    }
    for (path, name, text) in runtime::FILES {
        files.insert((*path).to_owned(), format::runtime_file(name, text));
    }
    Ok(GeneratedCrate { files })
}

/// Every emitted file as `(path, text)`, or the message of a file that does
/// not parse, from `workers` threads.
fn emit_and_format(api: &ir::Api, workers: usize) -> Vec<Result<(String, String), String>> {
    let mut jobs = emit::jobs(api);
    // Largest first, each worker taking the next job when it is free: the
    // threads finish together instead of one waiting on a big file at the end.
    jobs.sort_by_key(|job| std::cmp::Reverse(job.weight()));
    let workers = workers.clamp(1, jobs.len().max(1));
    let jobs = &jobs;
    let next = &std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(move || {
                    std::iter::from_fn(|| {
                        jobs.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    })
                    .map(|job| format::rust_file(emit::emit(job, api)))
                    .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    vec![Err("a generator thread panicked while emitting".to_owned())]
                })
            })
            .collect()
    })
}
