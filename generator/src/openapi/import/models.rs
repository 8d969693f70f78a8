//! Named models: an object's parent and fields, or an enum.

use std::collections::BTreeSet;

use serde_yaml::Value;

use super::types::{is_model, known_values, known_values_key, Ty, MAX_SCHEMA_DEPTH};
use super::values::{prose, scalar_default};
use super::{Importer, Problems, Reach};
use crate::openapi::inline::Place;
use crate::openapi::schema_ref_name;
use crate::spec;

impl<'d> Importer<'d> {
    /// Converts `components.schemas.<name>` into a model.
    pub(super) fn model(&self, name: &str) -> Result<(spec::Model, Reach), Problems> {
        let at = format!("components.schemas.{name}");
        let Some(schema) = self.doc.schema(name) else {
            return Err(vec![self.doc.problem(
                "components.schemas",
                format!("no schema `{name}`"),
                None,
            )]);
        };
        let mut reach = Reach::default();
        let description = prose(schema, "description");
        let ty = schema.get("type").and_then(Value::as_str);
        if let (Some("string") | None, Some(values)) = (ty, known_values(schema)) {
            if schema.get("properties").is_none() && schema.get("allOf").is_none() {
                let values_at = format!("{at}.{}", known_values_key(schema));
                let model = self.enum_model(name, values, &values_at)?;
                return Ok((
                    spec::Model {
                        description,
                        ..model
                    },
                    reach,
                ));
            }
        }
        let mut problems = Vec::new();
        let (extends, parts) = self.parent(schema, &at, &mut reach, &mut problems);
        let fields = self.fields(&parts, (name, name), &mut reach, 0, &mut problems);
        let mut discriminator = None;
        // A discriminator of the model's own schema or of an inline `allOf` part; one an
        // inherited parent declares selects that parent's subtypes, not this model's.
        for part in parts.iter().filter(|part| part.parent.is_none()) {
            if let Some(found) = part.schema.get("discriminator") {
                let at = format!("{}.discriminator", part.at);
                match self.discriminator(name, found, &at, &mut reach.refs) {
                    Ok(d) => discriminator = d,
                    Err(problem) => problems.push(problem),
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok((
            spec::Model {
                name: name.to_owned(),
                kind: spec::ModelKind::Object,
                description,
                extends,
                discriminator,
                fields,
                values: Vec::new(),
            },
            reach,
        ))
    }

    /// The allOf parent of a schema (its first `$ref` to a model among its `allOf` parts,
    /// which it `extends`) and the parts that declare its fields, in `allOf` order after the
    /// schema itself: its inline `allOf` parts, and the parts of its other parents. The spec
    /// format has single inheritance, so what a second parent declares (through its own
    /// `allOf` too) becomes fields of the model itself.
    pub(super) fn parent<'s>(
        &self,
        schema: &'s Value,
        at: &str,
        reach: &mut Reach,
        problems: &mut Problems,
    ) -> (Option<String>, Vec<Part<'s>>)
    where
        'd: 's,
    {
        let mut parts = vec![Part::new(schema, at.to_owned(), None)];
        let mut extends = None;
        let all = schema.get("allOf").and_then(Value::as_sequence);
        for (i, part) in all.into_iter().flatten().enumerate() {
            let part_at = format!("{at}.allOf[{i}]");
            let Some(reference) = part.get("$ref").and_then(Value::as_str) else {
                parts.push(Part::new(part, part_at, None));
                continue;
            };
            let parent =
                schema_ref_name(reference).filter(|p| self.doc.schema(p).is_some_and(is_model));
            match (parent, &extends) {
                (Some(parent), None) => {
                    reach.refs.insert(parent.to_owned());
                    extends = Some(parent.to_owned());
                }
                (Some(parent), Some(_)) => {
                    let ref_at = format!("{part_at}.$ref");
                    self.parent_parts(parent, &ref_at, 0, &mut parts, problems);
                }
                (None, _) => problems.push(self.doc.problem(
                    &format!("{part_at}.$ref"),
                    format!("allOf parent `{reference}` is not an object schema"),
                    None,
                )),
            }
        }
        (extends, parts)
    }

    /// The parts of the model `parent` that declare fields, its `allOf` parents' first (each
    /// in `allOf` order, through theirs), then its own schema and inline parts; `at` is the
    /// reference to it, for messages.
    fn parent_parts<'s>(
        &self,
        parent: &'s str,
        at: &str,
        depth: usize,
        out: &mut Vec<Part<'s>>,
        problems: &mut Problems,
    ) where
        'd: 's,
    {
        if depth > MAX_SCHEMA_DEPTH {
            problems.push(self.doc.problem(
                at,
                format!(
                    "allOf parents nest or refer to each other more than {MAX_SCHEMA_DEPTH} deep"
                ),
                None,
            ));
            return;
        }
        let Some(schema) = self.doc.schema(parent) else {
            return;
        };
        let schema_at = format!("components.schemas.{parent}");
        out.push(Part::new(schema, schema_at.clone(), Some(parent)));
        let all = schema.get("allOf").and_then(Value::as_sequence);
        for (i, part) in all.into_iter().flatten().enumerate() {
            let part_at = format!("{schema_at}.allOf[{i}]");
            match part
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(schema_ref_name)
            {
                Some(grand) if self.doc.schema(grand).is_some_and(is_model) => {
                    let ref_at = format!("{part_at}.$ref");
                    self.parent_parts(grand, &ref_at, depth + 1, out, problems);
                }
                Some(_) => {}
                None => out.push(Part::new(part, part_at, Some(parent))),
            }
        }
    }

    /// The fields that `parts` declare, for the model `owner` = (its name before numbering,
    /// its name): the same rules for a named model and an inline one. `allOf` means every
    /// part holds, so a property any part lists in `required` is required, and a property
    /// two parts declare is one field: with the first declaration's type, and a warning
    /// when the other's differs.
    pub(super) fn fields(
        &self,
        parts: &[Part<'_>],
        owner: (&str, &str),
        reach: &mut Reach,
        depth: usize,
        problems: &mut Problems,
    ) -> Vec<spec::Field> {
        let required: BTreeSet<&str> = parts
            .iter()
            .filter_map(|part| part.schema.get("required").and_then(Value::as_sequence))
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut fields: Vec<(spec::Field, String)> = Vec::new();
        for part in parts {
            let properties = part.schema.get("properties").and_then(Value::as_mapping);
            for (key, property) in properties.into_iter().flatten() {
                let Some(field_name) = key.as_str() else {
                    problems.push(self.doc.problem(
                        &format!("{}.properties", part.at),
                        "a property name must be a string",
                        None,
                    ));
                    continue;
                };
                let field_at = format!("{}.properties.{field_name}", part.at);
                let place = match part.parent {
                    Some(parent) => Place::property(parent, parent, field_name),
                    None => Place::property(owner.0, owner.1, field_name),
                };
                let ty = match self.type_of(property, &field_at, &place, reach, depth) {
                    Ok(ty) => ty,
                    Err(found) => {
                        problems.extend(found);
                        continue;
                    }
                };
                if let Some((first, first_at)) = fields.iter().find(|(f, _)| f.name == field_name) {
                    if first.ty != ty.ty || first.format != ty.format {
                        self.warn(
                            &field_at,
                            format!(
                                "property `{field_name}` is `{}` here but `{}` where `{first_at}` declares it; the field keeps the first",
                                ty.ty, first.ty
                            ),
                            None,
                        );
                    }
                    continue;
                }
                let field = self.field(field_name, property, &field_at, ty, &required);
                fields.push((field, field_at));
            }
        }
        fields.into_iter().map(|(field, _)| field).collect()
    }

    /// The field `name` of type `ty`, declared by `property` at `at`.
    fn field(
        &self,
        name: &str,
        property: &Value,
        at: &str,
        ty: Ty,
        required: &BTreeSet<&str>,
    ) -> spec::Field {
        let (default, description) = self.documented_default(
            scalar_default(property),
            prose(property, "description"),
            &ty,
            &format!("{at}.default"),
        );
        // `writeOnly`: sent, never answered. A string or JSON value is a secret (spec/README.md's
        // "Secrets"); a field of another type is not one, and its description says so.
        let write_only = self.flag_through(property, "writeOnly");
        let secret = write_only && matches!(ty.ty.as_str(), "string" | "json");
        // A required write-only field is required in what is sent, and absent from every
        // answer: the model, which decodes answers too, cannot require it.
        let required_when_sent = write_only && required.contains(name);
        let said = match (write_only && !secret, required_when_sent) {
            (_, true) => Some("Required when sent; Okta does not return it."),
            (true, false) => Some("Write-only: Okta does not return it."),
            (false, false) => None,
        };
        let description = match (said, description) {
            (Some(said), Some(text)) => Some(format!("{} {said}", text.trim_end())),
            (Some(said), None) => Some(said.to_owned()),
            (None, description) => description,
        };
        spec::Field {
            name: name.to_owned(),
            ty: ty.ty,
            format: ty.format,
            read_only: self.flag_through(property, "readOnly"),
            secret,
            nullable: self.flag_through(property, "nullable"),
            required: required.contains(name) && !write_only,
            default,
            description,
        }
    }

    /// A flag (`readOnly`, `writeOnly`, `nullable`) of a property, or else of the schema it
    /// refers to, through `$ref` and `allOf: [$ref]`: OpenAPI 3.0 applies a referenced
    /// schema's flags wherever it is used.
    pub(super) fn flag_through(&self, schema: &Value, key: &str) -> bool {
        let mut schema = schema;
        for _ in 0..=MAX_SCHEMA_DEPTH {
            if let Some(set) = schema.get(key).and_then(Value::as_bool) {
                return set;
            }
            let next = if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
                schema_ref_name(reference).and_then(|name| self.doc.schema(name))
            } else {
                match schema
                    .get("allOf")
                    .and_then(Value::as_sequence)
                    .map(Vec::as_slice)
                {
                    Some([only]) => Some(only),
                    _ => None,
                }
            };
            match next {
                Some(next) => schema = next,
                None => return false,
            }
        }
        false
    }
}

/// A schema that declares fields of a model, where it is, and the parent model it belongs
/// to when the model inherits it from a second `allOf` parent (`None` for its own).
#[derive(Clone)]
pub(super) struct Part<'s> {
    pub(super) schema: &'s Value,
    pub(super) at: String,
    pub(super) parent: Option<&'s str>,
}

impl<'s> Part<'s> {
    pub(super) fn new(schema: &'s Value, at: String, parent: Option<&'s str>) -> Part<'s> {
        Part { schema, at, parent }
    }
}
