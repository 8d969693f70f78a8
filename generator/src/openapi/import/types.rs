//! Type expressions: scalars, lists, maps, references and the inline models made on the way.

use serde_yaml::Value;

use super::values::{prose, text};
use super::{Importer, Problems, Reach};
use crate::openapi::inline::Place;
use crate::openapi::schema_ref_name;
use crate::spec;

impl Importer<'_> {
    /// The type expression of `schema`, found at `at`; an inline schema there that becomes a
    /// model is named after `place`. Model names used go into `reach`.
    pub(super) fn type_of(
        &self,
        schema: &Value,
        at: &str,
        place: &Place,
        reach: &mut Reach,
        depth: usize,
    ) -> Result<Ty, Problems> {
        if depth > MAX_SCHEMA_DEPTH {
            return Err(vec![self.doc.problem(
                at,
                format!("schemas nest or refer to each other more than {MAX_SCHEMA_DEPTH} deep"),
                Some("a named schema that is not an object model cannot refer to itself".into()),
            )]);
        }
        if let Some(reference) = schema.get("$ref") {
            return self.reference_type(reference, at, reach, depth);
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_sequence) {
            // `allOf: [$ref]` next to a description or readOnly is just the reference.
            if let [only] = all.as_slice() {
                return self.type_of(only, &format!("{at}.allOf[0]"), place, reach, depth + 1);
            }
            return Ok(Ty::json());
        }
        if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
            return Ok(Ty::json());
        }
        if let Some(kind) = inline_kind(schema) {
            return self.inline_model(kind, schema, at, place, reach, depth);
        }
        match schema.get("type").and_then(Value::as_str) {
            Some(ty @ ("string" | "integer" | "number" | "boolean")) => {
                Ok(Ty::scalar(ty, text(schema, "format")))
            }
            Some("array") => {
                // Without `items`, OpenAPI allows items of any kind.
                let Some(items) = schema.get("items") else {
                    return Ok(Ty::plain("list<json>"));
                };
                let items_at = format!("{at}.items");
                let inner = self.type_of(items, &items_at, &place.item(), reach, depth + 1)?;
                Ok(Ty {
                    ty: format!("list<{}>", inner.ty),
                    ..inner
                })
            }
            Some("object") | None => self.map_type(schema, at, place, reach, depth),
            Some(other) => Err(vec![self.doc.problem(
                &format!("{at}.type"),
                format!("unsupported schema type `{other}`"),
                None,
            )]),
        }
    }

    /// A `$ref` to a named schema: the model, or the schema written out when it is not one.
    pub(super) fn reference_type(
        &self,
        reference: &Value,
        at: &str,
        reach: &mut Reach,
        depth: usize,
    ) -> Result<Ty, Problems> {
        let reference = reference.as_str().unwrap_or_default();
        let Some(name) = schema_ref_name(reference) else {
            return Err(vec![self.doc.problem(
                &format!("{at}.$ref"),
                format!("`{reference}` is not a `#/components/schemas/` reference"),
                None,
            )]);
        };
        let Some(target) = self.doc.schema(name) else {
            return Err(vec![self.doc.problem(
                &format!("{at}.$ref"),
                format!("`{reference}` points at nothing"),
                None,
            )]);
        };
        if is_model(target) {
            reach.refs.insert(name.to_owned());
            return Ok(Ty::plain(name));
        }
        let target_at = format!("components.schemas.{name}");
        self.type_of(target, &target_at, &Place::schema(name), reach, depth + 1)
    }

    /// An object schema without properties: `map<T>` for `additionalProperties`, else `json`.
    pub(super) fn map_type(
        &self,
        schema: &Value,
        at: &str,
        place: &Place,
        reach: &mut Reach,
        depth: usize,
    ) -> Result<Ty, Problems> {
        match schema.get("additionalProperties") {
            Some(Value::Bool(true)) if schema.get("properties").is_none() => {
                Ok(Ty::plain("map<json>"))
            }
            Some(inner @ Value::Mapping(_)) if schema.get("properties").is_none() => {
                let inner_at = format!("{at}.additionalProperties");
                let inner = self.type_of(inner, &inner_at, &place.value(), reach, depth + 1)?;
                Ok(Ty {
                    ty: format!("map<{}>", inner.ty),
                    ..inner
                })
            }
            _ => Ok(Ty::json()),
        }
    }

    /// An inline object or enum at `at`, made a model named after `place`.
    pub(super) fn inline_model(
        &self,
        kind: Inline<'_>,
        schema: &Value,
        at: &str,
        place: &Place,
        reach: &mut Reach,
        depth: usize,
    ) -> Result<Ty, Problems> {
        let name = self.naming.borrow_mut().name(at, &place.base);
        let description = prose(schema, "description").or_else(|| Some(place.description()));
        let model = match kind {
            Inline::Enum(values) => spec::Model {
                description,
                ..self.enum_model(&name, values, &format!("{at}.{}", known_values_key(schema)))?
            },
            Inline::Object => {
                let mut problems = Vec::new();
                let parts = [super::models::Part::new(schema, at.to_owned(), None)];
                let fields = self.fields(
                    &parts,
                    (&place.base, &name),
                    reach,
                    depth + 1,
                    &mut problems,
                );
                if !problems.is_empty() {
                    return Err(problems);
                }
                spec::Model {
                    name: name.clone(),
                    kind: spec::ModelKind::Object,
                    description,
                    extends: None,
                    discriminator: None,
                    fields,
                    values: Vec::new(),
                }
            }
        };
        reach.refs.insert(name.clone());
        reach.inline.insert(name.clone(), model);
        Ok(Ty::plain(&name))
    }

    /// An enum model without a description; `at` is where `values` are, for messages.
    pub(super) fn enum_model(
        &self,
        name: &str,
        values: &[Value],
        at: &str,
    ) -> Result<spec::Model, Problems> {
        let mut out: Vec<String> = Vec::new();
        let mut problems = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let value = match value {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            };
            match value {
                Some(value) if out.contains(&value) => self.warn(
                    &format!("{at}[{i}]"),
                    format!("value `{value}` is listed twice; the enum has it once"),
                    None,
                ),
                Some(value) => out.push(value),
                _ => problems.push(self.doc.problem(
                    &format!("{at}[{i}]"),
                    "a known value must be a string",
                    None,
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(spec::Model {
            name: name.to_owned(),
            kind: spec::ModelKind::Enum,
            description: None,
            extends: None,
            discriminator: None,
            fields: Vec::new(),
            values: out,
        })
    }
}

/// A type expression and its format.
#[derive(Default)]
pub(super) struct Ty {
    pub(super) ty: String,
    pub(super) format: Option<String>,
    /// What the description of a field or parameter of this type says besides its own text:
    /// a format the spec format does not know ("Format: `url`.").
    pub(super) note: Option<String>,
}

impl Ty {
    pub(super) fn json() -> Ty {
        Ty::plain("json")
    }

    /// A type without format.
    pub(super) fn plain(ty: &str) -> Ty {
        Ty {
            ty: ty.to_owned(),
            ..Ty::default()
        }
    }

    /// A scalar type with its format: OpenAPI's `format` is open-ended, so one the generator
    /// does not know for `ty` ([`crate::validate::scalar_type`]) is said in the description.
    pub(super) fn scalar(ty: &str, format: Option<String>) -> Ty {
        match format {
            Some(f) if !matches!(crate::validate::scalar_type(ty, Some(&f)), Some(Ok(_))) => Ty {
                note: Some(format!("Format: `{f}`.")),
                ..Ty::plain(ty)
            },
            format => Ty {
                format,
                ..Ty::plain(ty)
            },
        }
    }

    /// `description` with this type's note after it.
    pub(super) fn describe(&self, description: Option<String>) -> Option<String> {
        match (description, &self.note) {
            (description, None) => description,
            (None, Some(note)) => Some(note.clone()),
            (Some(text), Some(note)) => Some(format!("{} {note}", text.trim_end())),
        }
    }
}

/// How many schemas deep a type may go, through references to named schemas that are not
/// models and through inline schemas inside one another. A chain of references could
/// otherwise loop; inline nesting is bounded by the document's YAML nesting already.
pub(super) const MAX_SCHEMA_DEPTH: usize = 32;

/// Whether a named schema becomes a model of its own (rather than being written out inline).
pub(crate) fn is_model(schema: &Value) -> bool {
    if schema.get("allOf").is_some()
        || schema.get("discriminator").is_some()
        || schema.get("properties").is_some()
    {
        return true;
    }
    let ty = schema.get("type").and_then(Value::as_str);
    match ty {
        Some("string") | None if known_values(schema).is_some() => true,
        Some("object") => schema.get("additionalProperties").is_none(),
        _ => false,
    }
}

/// What an inline schema (one not under `components/schemas`) becomes a model of.
pub(super) enum Inline<'a> {
    /// An object with at least one property; without any it stays `json` or `map<T>`.
    Object,
    /// A string (or untyped) schema with known values.
    Enum(&'a [Value]),
}

/// The model an inline schema becomes, if any. `allOf`, `oneOf` and `anyOf` are decided
/// before this is asked.
pub(super) fn inline_kind(schema: &Value) -> Option<Inline<'_>> {
    let ty = schema.get("type").and_then(Value::as_str);
    let properties = schema.get("properties");
    let has_properties = properties
        .and_then(Value::as_mapping)
        .is_some_and(|p| !p.is_empty());
    match (ty, known_values(schema)) {
        (Some("object") | None, _) if has_properties => Some(Inline::Object),
        (Some("string") | None, Some(values)) if properties.is_none() => Some(Inline::Enum(values)),
        _ => None,
    }
}

/// `x-okta-known-values`, else `enum`.
pub(super) fn known_values(schema: &Value) -> Option<&Vec<Value>> {
    schema
        .get(known_values_key(schema))
        .and_then(Value::as_sequence)
}

/// The key [`known_values`] reads, for messages.
pub(super) fn known_values_key(schema: &Value) -> &'static str {
    if schema.get("x-okta-known-values").is_some() {
        "x-okta-known-values"
    } else {
        "enum"
    }
}
