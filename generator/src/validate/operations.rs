//! Operations, one named step at a time, and the names their files derive.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::path::PathTemplate;
use super::{body, pagination, params, response, At, Checker, ModelNames};
use crate::ir;
use crate::naming;
use crate::spec;

/// Every operation with a valid, unique operationId, in spec order.
pub(super) fn resolve_operations(
    checker: &mut Checker<'_>,
    file: &spec::OperationsFile,
    models: &ModelNames,
    ir_models: &[ir::Model],
) -> Vec<ir::Operation> {
    let mut names = SeenIds::default();
    let mut resolved = Vec::new();
    for (i, op) in file.operations.iter().enumerate() {
        let at = At::operation(i);
        if let Some(fn_name) = names.check(checker, &at, op, i) {
            resolved.push((
                i,
                resolve_operation(checker, &at, op, fn_name, models, ir_models),
            ));
        }
    }
    check_generated_operation_names(checker, &resolved);
    resolved.into_iter().map(|(_, op)| op).collect()
}

/// The steps, each reporting its own problems: method, parameters, path
/// template, body, response, errors, pagination.
fn resolve_operation(
    checker: &mut Checker<'_>,
    at: &At,
    op: &spec::Operation,
    fn_name: String,
    models: &ModelNames,
    ir_models: &[ir::Model],
) -> ir::Operation {
    let method = method(op.method);
    let declared = params::resolve_params(checker, at, op, models, ir_models);
    let template = PathTemplate::parse(&op.path);
    template.check(checker, &at.key("path"), &op.path);
    template.check_params(checker, at, &op.path, &declared);
    let params = params::in_ir_order(&template, &declared);
    let body = body::resolve_body(checker, at, op, method, models, &params);
    let response = response::resolve_response(checker, at, &op.id, &op.response, models);
    let errors = response::resolve_errors(checker, at, &op.errors);
    let pagination = pagination::pagination(response.ty.as_ref(), &params);
    ir::Operation {
        id: op.id.clone(),
        builder_name: naming::builder_name(&op.id, |name| {
            super::resolved(ir_models, name).is_some()
        }),
        fn_name,
        method,
        path: op.path.clone(),
        path_pieces: template.ir_pieces(&params),
        summary: op.summary.clone(),
        description: op.description.clone(),
        params,
        body,
        response,
        errors,
        scopes: op.scopes.clone(),
        pagination,
    }
}

/// The operationIds so far, and the method names they became.
#[derive(Default)]
struct SeenIds {
    ids: HashMap<String, usize>,
    /// Method name → operationId.
    fns: HashMap<String, String>,
}

impl SeenIds {
    /// The method name of operation `index`, unless its id is invalid or taken.
    fn check(
        &mut self,
        checker: &mut Checker<'_>,
        at: &At,
        op: &spec::Operation,
        index: usize,
    ) -> Option<String> {
        let at = at.key("id");
        let id = &op.id;
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let message =
                format!("operationId `{id}` must be non-empty ASCII letters, digits or `_`");
            checker.error(&at, message);
            return None;
        }
        if self.ids.insert(id.clone(), index).is_some() {
            checker.error(&at, format!("operationId `{id}` is used twice"));
            return None;
        }
        let fn_name = naming::fn_name(id);
        if let Some(other) = self.fns.insert(fn_name.clone(), id.clone()) {
            let message =
                format!("operations `{other}` and `{id}` both become the method `{fn_name}`");
            checker.error(&at, message);
        }
        Some(fn_name)
    }
}

/// The HTTP method (the shape pass has checked the spelling).
fn method(method: spec::Method) -> ir::Method {
    match method {
        spec::Method::Get => ir::Method::Get,
        spec::Method::Post => ir::Method::Post,
        spec::Method::Put => ir::Method::Put,
        spec::Method::Patch => ir::Method::Patch,
        spec::Method::Delete => ir::Method::Delete,
    }
}

/// Names the generated operation files use must not collide: builders and
/// body types share `crate::operations`, and each file also imports its
/// models and a few runtime items.
fn check_generated_operation_names(
    checker: &mut Checker<'_>,
    operations: &[(usize, ir::Operation)],
) {
    let mut exported: BTreeMap<String, String> = BTreeMap::new();
    for (i, op) in operations {
        let at = At::operation(*i).key("id");
        let id = &op.id;
        if naming::RESERVED_CLIENT_METHODS.contains(&op.fn_name.as_str()) {
            checker.error_hint(
                &at,
                format!(
                    "operationId `{id}` becomes the method `{}`, which `Client` already has",
                    op.fn_name
                ),
                "rename the operation",
            );
        }
        let used_models = used_models(op);
        let mut types = vec![op.builder_name.clone()];
        if let Some(ir::Body::Binary { type_name, .. }) = &op.body {
            types.push(type_name.clone());
        }
        if let Some(answer) = &op.response.by_status {
            types.push(answer.type_name.clone());
        }
        for name in types {
            let clash = naming::OPERATION_SCOPE_NAMES.contains(&name.as_str())
                || naming::RESERVED_TYPE_NAMES.contains(&name.as_str());
            if clash || used_models.contains(name.as_str()) {
                checker.error_hint(
                    &at,
                    format!("operationId `{id}` gives the type `{name}`, a name its generated file already uses"),
                    "rename the operation",
                );
            } else if let Some(other) = exported.insert(name.clone(), id.clone()) {
                checker.error_hint(
                    &at,
                    format!("operations `{other}` and `{id}` both give the type `{name}` in `crate::operations`"),
                    "rename one of them",
                );
            }
        }
    }
}

/// The models an operation's file imports, by Rust name.
fn used_models(op: &ir::Operation) -> BTreeSet<&str> {
    let body = match &op.body {
        Some(ir::Body::Json { ty, .. }) => Some(ty),
        _ => None,
    };
    let pagination = op.pagination.as_ref().map(|p| &p.item);
    op.params
        .iter()
        .map(|p| &p.ty)
        .chain(body)
        .chain(op.response.body_types())
        .chain(pagination)
        .filter_map(ir::Type::models)
        .collect()
}
