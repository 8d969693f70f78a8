//! Reading values of a schema: text, flags, defaults and component keys.

use serde_yaml::Value;

use super::types::Ty;
use super::Importer;

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

/// The key of a `$ref` target under `components.<section>.`, from the YAML path that
/// [`Document::resolve`] returns: a shared parameter, body or response is named after it.
pub(super) fn component_key<'a>(resolved_at: &'a str, section: &str) -> Option<&'a str> {
    resolved_at
        .strip_prefix("components.")?
        .strip_prefix(section)?
        .strip_prefix('.')
}

impl Importer<'_> {
    /// The default and the description of a field or parameter of type `ty`, whose default
    /// is at `at`. The description gets the type's note ([`Ty::describe`]). Only a scalar
    /// type holds a `default:` in the spec format, so the default of one that is a model (an
    /// inline enum made one, say) is said in the description instead of being lost; so is a
    /// default that does not fit its scalar type (prose such as "Last / Lowest Priority"
    /// where an integer goes), with a warning, since it cannot be sent or typed.
    pub(super) fn documented_default(
        &self,
        default: Option<Value>,
        description: Option<String>,
        ty: &Ty,
        at: &str,
    ) -> (Option<Value>, Option<String>) {
        let description = ty.describe(description);
        let scalar = matches!(ty.ty.as_str(), "string" | "integer" | "number" | "boolean");
        let Some(value) = default else {
            return (None, description);
        };
        let fits = crate::validate::default_fits(&value, &ty.ty, ty.format.as_deref());
        if scalar && fits {
            return (Some(value), description);
        }
        let value = match value {
            Value::String(s) => s,
            other => serde_yaml::to_string(&other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        if scalar {
            self.warn(
                at,
                format!(
                    "default `{}` does not fit type `{}`; it is said in the description",
                    crate::diagnostics::brief_str(&value),
                    ty.ty
                ),
                None,
            );
        }
        let said = if value.contains('`') {
            format!("Okta's default: {}.", value.trim_end_matches('.'))
        } else {
            format!("Okta's default is `{value}`.")
        };
        let description = match description {
            Some(text) => format!("{} {said}", text.trim_end()),
            None => said,
        };
        (None, Some(description))
    }
}
