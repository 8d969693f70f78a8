//! Stage 2: check the loaded spec and resolve it into the IR.
//!
//! Every problem is collected, located and reported together; nothing here
//! panics on any input. One file per job:
//!
//! - [`types`]: type expressions (`list<T>`, formats, model references) and defaults;
//! - [`models`]: model names, enums, objects with their inherited fields, and the
//!   names the generator derives from models; [`unions`]: discriminators;
//!   [`recursion`]: models that contain themselves;
//! - [`operations`]: each operation, in named steps: its identity and method,
//!   [`params`], the [`path`] template, the [`body`], the [`response`] and
//!   its errors, and [`pagination`]; then the names operation files derive.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir;
use crate::locate::Locations;
use crate::spec;

mod body;
mod compose;
mod models;
mod operations;
mod pagination;
mod params;
mod path;
mod recursion;
mod response;
mod types;
mod unions;

pub(crate) use types::{default_fits, scalar_type};

/// One loaded spec file: its name for messages and its position index.
pub(crate) struct Source<'a> {
    pub file: &'a str,
    pub locations: &'a Locations,
}

pub(crate) fn validate(
    operations_file: &spec::OperationsFile,
    operations: Source<'_>,
    models_file: &spec::ModelsFile,
    models: Source<'_>,
) -> Result<ir::Api, Diagnostics> {
    let mut checker = Checker {
        operations,
        models,
        problems: Vec::new(),
    };
    let model_names = models::check_model_names(&mut checker, models_file);
    let ir_models = models::resolve_models(&mut checker, models_file, &model_names);
    let ir_operations =
        operations::resolve_operations(&mut checker, operations_file, &model_names, &ir_models);
    if checker.problems.is_empty() {
        Ok(ir::Api {
            operations: ir_operations,
            models: ir_models,
        })
    } else {
        Err(Diagnostics::sorted(checker.problems))
    }
}

/// The resolved model of this Rust name (`resolve_models` sorts them by it).
fn resolved<'a>(models: &'a [ir::Model], rust_name: &str) -> Option<&'a ir::Model> {
    models
        .binary_search_by(|m| m.rust_name.as_str().cmp(rust_name))
        .ok()
        .map(|i| &models[i])
}

/// Spec model name → its index in `models.yaml`.
type ModelNames = BTreeMap<String, usize>;

/// Collects located problems.
struct Checker<'a> {
    operations: Source<'a>,
    models: Source<'a>,
    problems: Vec<Diagnostic>,
}

/// Which spec file a problem is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Operations,
    Models,
}

/// Where a problem is: a spec file and the YAML path of a node in it.
#[derive(Clone)]
struct At {
    file: In,
    path: String,
}

impl At {
    /// `operations[index]` in the operations file.
    fn operation(index: usize) -> At {
        At {
            file: In::Operations,
            path: format!("operations[{index}]"),
        }
    }

    /// `models[index]` in the models file.
    fn model(index: usize) -> At {
        At {
            file: In::Models,
            path: format!("models[{index}]"),
        }
    }

    /// The member `key` of this node: `….key`.
    fn key(&self, key: &str) -> At {
        At {
            file: self.file,
            path: format!("{}.{key}", self.path),
        }
    }

    /// Item `index` of this list: `…[index]`.
    fn item(&self, index: usize) -> At {
        At {
            file: self.file,
            path: format!("{}[{index}]", self.path),
        }
    }
}

impl Checker<'_> {
    /// A problem at `at`, with a hint when there is a likely fix.
    fn report(&mut self, at: &At, message: impl Into<String>, hint: Option<String>) {
        let source = match at.file {
            In::Operations => &self.operations,
            In::Models => &self.models,
        };
        let position = source.locations.find(&at.path);
        self.problems.push(Diagnostic::new(
            source.file,
            position,
            at.path.as_str(),
            message,
            hint,
        ));
    }

    /// A problem at `at` without a hint.
    fn error(&mut self, at: &At, message: impl Into<String>) {
        self.report(at, message, None);
    }

    /// A problem at `at` with the fix `hint`.
    fn error_hint(&mut self, at: &At, message: impl Into<String>, hint: impl Into<String>) {
        self.report(at, message, Some(hint.into()));
    }
}
