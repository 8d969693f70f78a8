//! Reading values of a schema: text, flags, defaults and component keys.

use serde_yaml::Value;

pub(super) fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Documentation text; an empty or blank string is no documentation.
pub(super) fn prose(value: &Value, key: &str) -> Option<String> {
    text(value, key).filter(|t| !t.trim().is_empty())
}

pub(super) fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A default: scalars only (the spec format has no structured defaults).
pub(super) fn scalar_default(schema: &Value) -> Option<Value> {
    match schema.get("default")? {
        v @ (Value::Bool(_) | Value::Number(_) | Value::String(_)) => Some(v.clone()),
        _ => None,
    }
}

/// The default and the description of a field or parameter whose type became `ty`. Only a
/// scalar type holds a `default:` in the spec format, so the default of one that is a model
/// (an inline enum made one, say) is said in the description instead of being lost.
pub(super) fn documented_default(
    default: Option<Value>,
    description: Option<String>,
    ty: &str,
) -> (Option<Value>, Option<String>) {
    let scalar = matches!(ty, "string" | "integer" | "number" | "boolean");
    match default {
        Some(value) if !scalar => {
            let value = match value {
                Value::String(s) => s,
                other => serde_yaml::to_string(&other)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            };
            let said = format!("Okta's default is `{value}`.");
            let description = match description {
                Some(text) => format!("{} {said}", text.trim_end()),
                None => said,
            };
            (None, Some(description))
        }
        default => (default, description),
    }
}

/// The key of a `$ref` target under `components.<section>.`, from the YAML path that
/// [`Document::resolve`] returns: a shared parameter, body or response is named after it.
pub(super) fn component_key<'a>(resolved_at: &'a str, section: &str) -> Option<&'a str> {
    resolved_at
        .strip_prefix("components.")?
        .strip_prefix(section)?
        .strip_prefix('.')
}
