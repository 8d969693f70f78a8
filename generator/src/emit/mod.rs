//! Stage 4: tokens for every generated file, from the IR only.

mod crate_root;
mod docs;
mod model;
mod operation;
mod types;

use proc_macro2::TokenStream;

use crate::ir::Api;

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

pub(crate) fn rust_files(api: &Api) -> Vec<RustFile> {
    let mut files = vec![
        RustFile {
            path: "src/lib.rs".into(),
            origin: Origin::Index,
            tokens: crate_root::lib_rs(),
        },
        RustFile {
            path: "src/models/mod.rs".into(),
            origin: Origin::Index,
            tokens: crate_root::models_mod(api),
        },
        RustFile {
            path: "src/operations/mod.rs".into(),
            origin: Origin::Index,
            tokens: crate_root::operations_mod(api),
        },
    ];
    files.extend(api.models.iter().map(|model| RustFile {
        path: format!("src/models/{}.rs", model.module),
        origin: Origin::Model {
            spec_name: model.spec_name.clone(),
        },
        tokens: model::model_file(model, api),
    }));
    files.extend(api.operations.iter().map(|op| RustFile {
        path: format!("src/operations/{}.rs", op.fn_name.trim_start_matches("r#")),
        origin: Origin::Operation { id: op.id.clone() },
        tokens: operation::operation_file(op),
    }));
    files
}
