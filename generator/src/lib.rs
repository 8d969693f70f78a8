//! The generator of the `okta-apps` client crate.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`spec`] (load) → [`validate`] → [`ir`] → `emit` → `format` → a
//! [`GeneratedCrate`], an in-memory map from path to text that the xtask writes.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub mod diagnostics;
mod emit;
mod format;
pub mod ir;
mod locate;
pub mod naming;
mod runtime;
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
    let read = |name: &str| {
        let path = spec_dir.join(name);
        std::fs::read_to_string(&path).map_err(|error| GenerateError::Read {
            path: path.display().to_string(),
            error,
        })
    };
    let operations = read("operations.yaml")?;
    let models = read("models.yaml")?;
    generate(&SpecText {
        operations: &operations,
        models: &models,
    })
}

/// Load and validate: the spec text into the IR.
pub fn load_ir(text: &SpecText<'_>) -> Result<ir::Api, Diagnostics> {
    let operations_locations = locate::Locations::index(text.operations);
    let models_locations = locate::Locations::index(text.models);
    let mut problems = Vec::new();
    let operations: Option<spec::OperationsFile> =
        parse(OPERATIONS_FILE, text.operations, &mut problems);
    let models: Option<spec::ModelsFile> = parse(MODELS_FILE, text.models, &mut problems);
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

fn parse<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    match serde_yaml::from_str(text) {
        Ok(value) => Some(value),
        Err(error) => {
            let (line, column) = error
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let message = error.to_string();
            // serde_yaml puts the path first ("operations[3]: unknown field …") and the position last.
            let (path, message) = match message.split_once(": ") {
                Some((path, rest)) if !path.contains(' ') => (path.to_owned(), rest.to_owned()),
                _ => (String::new(), message.clone()),
            };
            let message = match message.rfind(" at line ") {
                Some(cut) => message[..cut].to_owned(),
                None => message,
            };
            problems.push(Diagnostic {
                file: file.to_owned(),
                line,
                column,
                path,
                message,
                hint: None,
            });
            None
        }
    }
}

/// The whole pipeline, in memory.
pub fn generate(text: &SpecText<'_>) -> Result<GeneratedCrate, GenerateError> {
    let api = load_ir(text).map_err(GenerateError::Spec)?;
    generate_from_ir(&api)
}

/// Emit and format: the IR into the crate's files.
pub fn generate_from_ir(api: &ir::Api) -> Result<GeneratedCrate, GenerateError> {
    let mut files = BTreeMap::new();
    for file in emit::rust_files(api) {
        let text = format::rust_file(&file).map_err(GenerateError::Emit)?;
        files.insert(file.path, text);
    }
    for (path, name, text) in runtime::FILES {
        files.insert((*path).to_owned(), format::runtime_file(name, text));
    }
    Ok(GeneratedCrate { files })
}
