//! Stage 4: tokens for every generated file, from the IR only.

mod answer;
mod common;
mod crate_root;
mod docs;
mod fields;
mod imports;
mod mock;
mod model;
mod object;
mod operation;
mod types;
mod union;

use proc_macro2::TokenStream;

use crate::ir::{Api, Model, ModelKind, Operation};

/// What a generated Rust file is made from, for its preamble.
pub(crate) enum Origin {
    Model { spec_name: String },
    Operation { id: String },
    Index,
}

/// One Rust file to format.
pub(crate) struct RustFile {
    pub path: String,
    pub origin: Origin,
    pub tokens: TokenStream,
}

/// One file to emit. Jobs are cheap to list; the tokens are made by [`emit`],
/// so that files can be emitted and formatted one at a time, on any thread.
pub(crate) enum Job<'a> {
    LibRs,
    ModelsMod,
    OperationsMod,
    Model(&'a Model),
    Operation(&'a Operation),
    /// `src/mock/operations/mod.rs` (feature `test-util`).
    MockMod,
    /// An operation's typed expectation of the mock org (feature `test-util`).
    MockOperation(&'a Operation),
}

impl Job<'_> {
    /// A rough measure of how much code the job emits, to schedule big files first.
    pub(crate) fn weight(&self) -> usize {
        match self {
            Job::LibRs | Job::ModelsMod | Job::OperationsMod | Job::MockMod => 1,
            Job::Model(model) => match &model.kind {
                ModelKind::Object(object) => 4 + object.fields.len(),
                ModelKind::Enum(values) => 2 + values.values.len() / 4,
                ModelKind::Union(union) => 8 + 4 * union.variants.len(),
            },
            Job::Operation(op) => 3 + op.params.len(),
            Job::MockOperation(op) => 2 + op.params.len(),
        }
    }
}

/// Every file of the crate, in a fixed order.
pub(crate) fn jobs(api: &Api) -> Vec<Job<'_>> {
    [Job::LibRs, Job::ModelsMod, Job::OperationsMod]
        .into_iter()
        .chain(api.models.iter().map(Job::Model))
        .chain(api.operations.iter().map(Job::Operation))
        .chain(std::iter::once(Job::MockMod))
        .chain(api.operations.iter().map(Job::MockOperation))
        .collect()
}

pub(crate) fn emit(job: &Job<'_>, api: &Api) -> RustFile {
    let index = |path: &str, tokens: TokenStream| RustFile {
        path: path.into(),
        origin: Origin::Index,
        tokens,
    };
    match job {
        Job::LibRs => index("src/lib.rs", crate_root::lib_rs()),
        Job::ModelsMod => index("src/models/mod.rs", crate_root::models_mod(api)),
        Job::OperationsMod => index("src/operations/mod.rs", crate_root::operations_mod(api)),
        Job::Model(model) => RustFile {
            path: format!("src/models/{}.rs", model.module),
            origin: Origin::Model {
                spec_name: model.spec_name.clone(),
            },
            tokens: model::model_file(model, api),
        },
        Job::Operation(op) => RustFile {
            path: format!("src/operations/{}.rs", op.fn_name.trim_start_matches("r#")),
            origin: Origin::Operation { id: op.id.clone() },
            tokens: operation::operation_file(op, api),
        },
        Job::MockMod => index("src/mock/operations/mod.rs", mock::mock_mod(api)),
        Job::MockOperation(op) => RustFile {
            path: format!("src/mock/operations/{}.rs", mock::module(op)),
            origin: Origin::Operation { id: op.id.clone() },
            tokens: mock::mock_operation_file(op),
        },
    }
}
