//! Named models: an object's parent and fields, or an enum.

use std::collections::BTreeSet;

use serde_yaml::Value;

use super::types::{is_model, known_values, known_values_key};
use super::values::{documented_default, flag, prose, scalar_default};
use super::{Importer, Problems, Reach};
use crate::openapi::inline::Place;
use crate::openapi::schema_ref_name;
use crate::spec;

impl Importer<'_> {
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
        let (extends, parts) = self.parent(name, schema, &at, &mut reach, &mut problems);
        let fields = self.fields(&parts, (name, name), &mut reach, 0, &mut problems);
        let mut discriminator = None;
        for (part, part_at) in &parts {
            if let Some(found) = part.get("discriminator") {
                let at = format!("{part_at}.discriminator");
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

    /// The allOf parent of the schema `name` (the one `$ref` among its `allOf` parts) and the
    /// parts that declare its own fields: the schema itself and the other `allOf` parts.
    pub(super) fn parent<'s>(
        &self,
        name: &str,
        schema: &'s Value,
        at: &str,
        reach: &mut Reach,
        problems: &mut Problems,
    ) -> (Option<String>, Vec<(&'s Value, String)>) {
        let mut parts: Vec<(&Value, String)> = vec![(schema, at.to_owned())];
        let mut extends = None;
        let all = schema.get("allOf").and_then(Value::as_sequence);
        for (i, part) in all.into_iter().flatten().enumerate() {
            let part_at = format!("{at}.allOf[{i}]");
            let Some(reference) = part.get("$ref").and_then(Value::as_str) else {
                parts.push((part, part_at));
                continue;
            };
            let parent =
                schema_ref_name(reference).filter(|p| self.doc.schema(p).is_some_and(is_model));
            match (parent, &extends) {
                (Some(parent), None) => {
                    reach.refs.insert(parent.to_owned());
                    extends = Some(parent.to_owned());
                }
                (Some(parent), Some(first)) => problems.push(self.doc.problem(
                    &format!("{part_at}.$ref"),
                    format!("`{name}` has a second allOf parent `{parent}` after `{first}`"),
                    Some("the spec format has single inheritance (`extends`)".into()),
                )),
                (None, _) => problems.push(self.doc.problem(
                    &format!("{part_at}.$ref"),
                    format!("allOf parent `{reference}` is not an object schema"),
                    None,
                )),
            }
        }
        (extends, parts)
    }

    /// The fields that `parts` declare, for the model `owner` = (its name before numbering,
    /// its name): the same rules for a named model and an inline one.
    pub(super) fn fields(
        &self,
        parts: &[(&Value, String)],
        owner: (&str, &str),
        reach: &mut Reach,
        depth: usize,
        problems: &mut Problems,
    ) -> Vec<spec::Field> {
        let mut fields = Vec::new();
        let mut seen = BTreeSet::new();
        for (part, part_at) in parts {
            let required: Vec<&str> = part
                .get("required")
                .and_then(Value::as_sequence)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let properties = part.get("properties").and_then(Value::as_mapping);
            for (key, property) in properties.into_iter().flatten() {
                let Some(field_name) = key.as_str() else {
                    problems.push(self.doc.problem(
                        &format!("{part_at}.properties"),
                        "a property name must be a string",
                        None,
                    ));
                    continue;
                };
                let field_at = format!("{part_at}.properties.{field_name}");
                if !seen.insert(field_name.to_owned()) {
                    problems.push(self.doc.problem(
                        &field_at,
                        format!("property `{field_name}` is declared twice"),
                        None,
                    ));
                    continue;
                }
                let place = Place::property(owner.0, owner.1, field_name);
                match self.type_of(property, &field_at, &place, reach, depth) {
                    Ok(ty) => {
                        let (default, description) = documented_default(
                            scalar_default(property),
                            prose(property, "description"),
                            &ty.ty,
                        );
                        fields.push(spec::Field {
                            name: field_name.to_owned(),
                            ty: ty.ty,
                            format: ty.format,
                            read_only: flag(property, "readOnly"),
                            secret: flag(property, "writeOnly"),
                            nullable: flag(property, "nullable"),
                            required: required.contains(&field_name),
                            default,
                            description,
                        });
                    }
                    Err(found) => problems.extend(found),
                }
            }
        }
        fields
    }
}
