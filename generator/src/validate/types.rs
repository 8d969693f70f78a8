//! Type expressions and default values.

use super::{At, Checker, ModelNames};
use crate::diagnostics::did_you_mean;
use crate::ir;
use crate::naming;

/// Resolves a type expression: `string`, `integer`, `number`, `boolean`,
/// `json`, `list<T>`, `map<T>` or a model name, with an optional format;
/// `at` is the node of the `type` key. A type nested deeper than
/// [`MAX_TYPE_NESTING`](crate::limits::MAX_TYPE_NESTING) is refused before
/// recursing into it (every later stage recurses on the type too).
pub(super) fn resolve_type(
    checker: &mut Checker<'_>,
    at: &At,
    ty: &str,
    format: Option<&str>,
    models: &ModelNames,
) -> Option<ir::Type> {
    let limit = crate::limits::MAX_TYPE_NESTING;
    if type_nesting(ty) > limit {
        checker.error_hint(
            at,
            format!("the type is nested deeper than {limit} levels of list<…> and map<…>"),
            "name an intermediate model instead",
        );
        return None;
    }
    resolve_nested_type(checker, at, ty, format, models)
}

/// How many `list<`/`map<` a type expression opens, counted without recursion.
fn type_nesting(ty: &str) -> usize {
    let mut rest = ty.trim();
    let mut levels = 0;
    while let Some(inner) = rest
        .strip_prefix("list<")
        .or_else(|| rest.strip_prefix("map<"))
    {
        levels += 1;
        rest = inner.trim_start();
    }
    levels
}

fn resolve_nested_type(
    checker: &mut Checker<'_>,
    at: &At,
    ty: &str,
    format: Option<&str>,
    models: &ModelNames,
) -> Option<ir::Type> {
    let ty = ty.trim();
    let inner = |prefix: &str| ty.strip_prefix(prefix).and_then(|t| t.strip_suffix('>'));
    if let Some(item) = inner("list<") {
        return resolve_nested_type(checker, at, item, format, models)
            .map(|t| ir::Type::List(Box::new(t)));
    }
    if let Some(value) = inner("map<") {
        return resolve_nested_type(checker, at, value, None, models)
            .map(|t| ir::Type::Map(Box::new(t)));
    }
    let bad_format = |checker: &mut Checker<'_>, allowed: &str| {
        let format_at = At {
            file: at.file,
            path: at.path.replace(".type", ".format"),
        };
        let message = format!(
            "format `{}` does not apply to type `{ty}`",
            format.unwrap_or_default()
        );
        checker.error_hint(
            &format_at,
            message,
            format!("formats for `{ty}`: {allowed}"),
        );
        None
    };
    if let Some(scalar) = scalar_type(ty, format) {
        return match scalar {
            Ok(scalar) => Some(scalar),
            Err(allowed) => bad_format(checker, allowed),
        };
    }
    match ty {
        "json" => Some(ir::Type::Json),
        name if models.contains_key(name) => Some(model_reference(name)),
        name => {
            let builtins = ["string", "integer", "number", "boolean", "json"];
            let candidates = builtins
                .into_iter()
                .chain(models.keys().map(String::as_str));
            let hint = did_you_mean(name, candidates).unwrap_or_else(|| {
                "a type is string, integer, number, boolean, json, list<T>, map<T> or a model name"
                    .into()
            });
            checker.error_hint(at, format!("unknown type `{name}`"), hint);
            None
        }
    }
}

/// The scalar type `ty` (`string`, `integer`, `number`, `boolean`) with `format`: `None`
/// when `ty` is not a scalar, `Err` with the formats it takes when `format` is not one of
/// them. This is the one list of formats: `import-openapi` keeps a format only where this
/// accepts it.
pub(crate) fn scalar_type(
    ty: &str,
    format: Option<&str>,
) -> Option<Result<ir::Type, &'static str>> {
    Some(match ty {
        "string" => match format {
            None | Some("password" | "uri" | "email" | "byte") => Ok(ir::Type::String),
            Some("date-time") => Ok(ir::Type::DateTime),
            Some(_) => Err("date-time, password, uri, email, byte"),
        },
        "integer" => match format {
            None | Some("int32") => Ok(ir::Type::I32),
            Some("int64") => Ok(ir::Type::I64),
            Some(_) => Err("int32, int64"),
        },
        "number" => match format {
            None | Some("double" | "float") => Ok(ir::Type::F64),
            Some(_) => Err("double, float"),
        },
        "boolean" => match format {
            None => Ok(ir::Type::Bool),
            Some(_) => Err("none"),
        },
        _ => return None,
    })
}

/// Whether `value` is a default the scalar `ty` (with `format`) can have: what
/// [`default_value`] accepts, for `import-openapi`, which says one that does not fit in
/// prose instead.
pub(crate) fn default_fits(value: &serde_yaml::Value, ty: &str, format: Option<&str>) -> bool {
    match scalar_type(ty, format) {
        Some(Ok(ty)) => literal(value, &ty).is_ok(),
        _ => false,
    }
}

/// A reference to the model `name`, which exists, by its Rust name (renamed where it
/// would clash with what a generated file imports, [`naming::model_type_name`]).
fn model_reference(name: &str) -> ir::Type {
    ir::Type::Model(naming::model_type_name(name))
}

/// A default value, checked against its type; `at` is the node of the `default` key.
pub(super) fn default_value(
    checker: &mut Checker<'_>,
    at: &At,
    value: Option<&serde_yaml::Value>,
    ty: &ir::Type,
) -> Option<ir::Literal> {
    match literal(value?, ty) {
        Ok(literal) => Some(literal),
        Err(message) => {
            checker.error(at, message);
            None
        }
    }
}

fn literal(value: &serde_yaml::Value, ty: &ir::Type) -> Result<ir::Literal, String> {
    use serde_yaml::Value;
    match (ty, value) {
        (ir::Type::String | ir::Type::DateTime, Value::String(s)) => {
            Ok(ir::Literal::String(s.clone()))
        }
        (ir::Type::I32, Value::Number(n)) => n
            .as_i64()
            .filter(|v| i32::try_from(*v).is_ok())
            .map(ir::Literal::Integer)
            .ok_or_else(|| format!("default {n} is not a 32-bit integer")),
        (ir::Type::I64, Value::Number(n)) => n
            .as_i64()
            .map(ir::Literal::Integer)
            .ok_or_else(|| format!("default {n} is not a 64-bit integer")),
        (ir::Type::F64, Value::Number(n)) => n
            .as_f64()
            .filter(|x| x.is_finite())
            .map(ir::Literal::Float)
            .ok_or_else(|| format!("default {n} is not a finite number")),
        (ir::Type::Bool, Value::Bool(b)) => Ok(ir::Literal::Bool(*b)),
        (ty, value) => Err(format!(
            "default {} does not fit type {}",
            crate::diagnostics::brief(value),
            ty.describe()
        )),
    }
}
