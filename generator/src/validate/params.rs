//! An operation's parameters: location, type, rules per location, names.

use std::collections::{HashMap, HashSet};

use super::path::PathTemplate;
use super::types::{default_value, resolve_type};
use super::{At, Checker, ModelNames};
use crate::ir;
use crate::naming;
use crate::spec;

/// Each parameter that resolves, with its index under `params`, in spec order.
pub(super) fn resolve_params(
    checker: &mut Checker<'_>,
    at: &At,
    op: &spec::Operation,
    models: &ModelNames,
    ir_models: &[ir::Model],
) -> Vec<(usize, ir::Param)> {
    let mut names = SeenNames::default();
    op.params
        .iter()
        .enumerate()
        .filter_map(|(j, param)| {
            let at = at.key("params").item(j);
            resolve_param(checker, &at, param, models, ir_models, &mut names).map(|p| (j, p))
        })
        .collect()
}

/// The parameters in the IR's order: path parameters in template order, then
/// query, then header parameters, each in spec order.
pub(super) fn in_ir_order(
    template: &PathTemplate<'_>,
    declared: &[(usize, ir::Param)],
) -> Vec<ir::Param> {
    let mut ordered: Vec<ir::Param> = Vec::new();
    for name in template.params() {
        let is_path = |p: &ir::Param| p.location == ir::ParamLocation::Path && p.wire_name == name;
        if let Some((_, p)) = declared.iter().find(|(_, p)| is_path(p)) {
            if !ordered.iter().any(is_path) {
                ordered.push(p.clone());
            }
        }
    }
    for location in [ir::ParamLocation::Query, ir::ParamLocation::Header] {
        ordered.extend(
            declared
                .iter()
                .filter(|(_, p)| p.location == location)
                .map(|(_, p)| p.clone()),
        );
    }
    ordered
}

fn resolve_param(
    checker: &mut Checker<'_>,
    at: &At,
    param: &spec::Param,
    models: &ModelNames,
    ir_models: &[ir::Model],
    names: &mut SeenNames,
) -> Option<ir::Param> {
    let location = location(param.location);
    let ty = scalar_type(checker, at, param, models, ir_models)?;
    check_location_rules(checker, at, param, location);
    let default = default_value(checker, &at.key("default"), param.default.as_ref(), &ty);
    let explode = explode(checker, at, param, &ty);
    let rust_name = names.check(checker, &at.key("name"), &param.name, location)?;
    Some(ir::Param {
        wire_name: param.name.clone(),
        rust_name,
        location,
        ty,
        required: param.required || location == ir::ParamLocation::Path,
        default,
        explode,
        description: param.description.clone(),
    })
}

/// Where the parameter goes (the shape pass has checked the spelling).
fn location(location: spec::ParamLocation) -> ir::ParamLocation {
    match location {
        spec::ParamLocation::Path => ir::ParamLocation::Path,
        spec::ParamLocation::Query => ir::ParamLocation::Query,
        spec::ParamLocation::Header => ir::ParamLocation::Header,
    }
}

/// A parameter's type, which must be a scalar, a date-time (sent as the
/// caller's RFC 3339 text) or an enum (sent as its value): it goes into a
/// URL or a header. A query parameter can also be a `list<…>` of those.
fn scalar_type(
    checker: &mut Checker<'_>,
    at: &At,
    param: &spec::Param,
    models: &ModelNames,
    ir_models: &[ir::Model],
) -> Option<ir::Type> {
    let at = at.key("type");
    let ty = resolve_type(checker, &at, &param.ty, param.format.as_deref(), models)?;
    let is_scalar = |ty: &ir::Type| {
        use ir::Type::{Bool, DateTime, Model, String, F64, I32, I64};
        match ty {
            String | DateTime | I32 | I64 | F64 | Bool => true,
            Model(name) => super::resolved(ir_models, name)
                .is_some_and(|m| matches!(m.kind, ir::ModelKind::Enum(_))),
            _ => false,
        }
    };
    let query = param.location == spec::ParamLocation::Query;
    match &ty {
        ty if is_scalar(ty) => return Some(ty.clone()),
        ir::Type::List(item) if query && is_scalar(item) => return Some(ty),
        _ => {}
    }
    let lists = if query {
        ", or a list<…> of those"
    } else {
        ""
    };
    let message = format!(
        "a {} parameter must be a string, a date-time, an integer, a number, a boolean or an enum{lists}, not {}",
        param.location,
        ty.describe()
    );
    checker.error(&at, message);
    None
}

/// `explode` says how a list goes into the query, so only a list query parameter has it.
fn explode(checker: &mut Checker<'_>, at: &At, param: &spec::Param, ty: &ir::Type) -> bool {
    let is_list = matches!(ty, ir::Type::List(_));
    if param.explode.is_some() && !is_list {
        checker.error_hint(
            &at.key("explode"),
            format!("`explode` is set on `{}`, which is not a list", param.name),
            "only a list<…> query parameter is sent one way or the other",
        );
    }
    param.explode.unwrap_or(true)
}

/// A path parameter is required; a header's name is a token.
fn check_location_rules(
    checker: &mut Checker<'_>,
    at: &At,
    param: &spec::Param,
    location: ir::ParamLocation,
) {
    let name = &param.name;
    if location == ir::ParamLocation::Path && !param.required {
        let message = format!("path parameter `{name}` must be `required: true`");
        checker.error(&at.key("required"), message);
    }
    let is_token = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if location == ir::ParamLocation::Header && !is_token {
        checker.error(
            &at.key("name"),
            format!("`{name}` is not a valid header name"),
        );
    }
}

/// The names of an operation's parameters so far, on the wire and in Rust.
#[derive(Default)]
struct SeenNames {
    wire: HashSet<(String, ir::ParamLocation)>,
    /// Rust name → wire name.
    rust: HashMap<String, String>,
}

impl SeenNames {
    /// The Rust name of parameter `name`, unless it repeats a parameter or
    /// takes a name the request builder or another parameter has; `at` is its `name` key.
    fn check(
        &mut self,
        checker: &mut Checker<'_>,
        at: &At,
        name: &str,
        location: ir::ParamLocation,
    ) -> Option<String> {
        if !self.wire.insert((name.to_owned(), location)) {
            checker.error(at, format!("parameter `{name}` is declared twice"));
            return None;
        }
        let rust_name = naming::field_name(name);
        if naming::RESERVED_BUILDER_MEMBERS.contains(&rust_name.as_str()) {
            checker.error_hint(
                at,
                format!("parameter `{name}` becomes `{rust_name}`, a name every request builder already uses"),
                format!("the reserved names are {}", naming::RESERVED_BUILDER_MEMBERS.join(", ")),
            );
            return None;
        }
        let Some(other) = self.rust.insert(rust_name.clone(), name.to_owned()) else {
            return Some(rust_name);
        };
        let message = if other == name {
            format!("parameter `{other}` is declared twice (in different places); both would be the Rust argument `{rust_name}`")
        } else {
            format!("parameters `{other}` and `{name}` both become the Rust name `{rust_name}`")
        };
        checker.error_hint(at, message, "rename one of them");
        None
    }
}
