//! Request bodies: JSON, multipart and binary.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use serde_yaml::Value;

use super::values::{component_key, flag, prose, text};
use super::{plural, Importer, Problems, Reach};
use crate::diagnostics::Diagnostic;
use crate::openapi::inline::Place;
use crate::spec;

impl Importer<'_> {
    pub(super) fn request_body(
        &self,
        op: &Value,
        at: &str,
        id: &str,
        problems: &mut Problems,
        reach: &mut Reach,
    ) -> Option<spec::Body> {
        match op.get("requestBody") {
            None => None,
            Some(body) => match self.body(body, &format!("{at}.requestBody"), id, reach) {
                Ok(mut body) => {
                    // The generators' extension names the body parameter; it sits on the operation.
                    if body.name.is_none() {
                        body.name = text(op, "x-codegen-request-body-name");
                    }
                    Some(body)
                }
                Err(found) => {
                    problems.extend(found);
                    None
                }
            },
        }
    }

    pub(super) fn body(
        &self,
        body: &Value,
        at: &str,
        id: &str,
        reach: &mut Reach,
    ) -> Result<spec::Body, Problems> {
        let one = |problem: Diagnostic| vec![problem];
        let (body, at) = self.doc.resolve(body, at).map_err(one)?;
        let place = Place::request_body(id, component_key(&at, "requestBodies"));
        let content = body.get("content").and_then(Value::as_mapping);
        let media: Vec<(&str, &Value)> = content
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
            .collect();
        let empty = spec::Body {
            // Each kind of body below sets its own.
            kind: spec::BodyKind::Json,
            ty: None,
            media_types: Vec::new(),
            parts: Vec::new(),
            media_type: None,
            required: flag(body, "required"),
            name: text(body, "x-codegen-request-body-name"),
            description: prose(body, "description"),
        };
        match media.as_slice() {
            [] => Err(one(self.doc.problem(&at, "a request body without `content`", None))),
            [(media_type, json)] if is_json_media_type(media_type) => {
                let Some(schema) = json.get("schema") else {
                    return Err(one(self.doc.problem(
                        &format!("{at}.content.{media_type}"),
                        "a JSON body without a schema",
                        None,
                    )));
                };
                let schema_at = format!("{at}.content.{media_type}.schema");
                let ty = self.type_of(schema, &schema_at, &place, reach, 0)?;
                Ok(spec::Body {
                    kind: spec::BodyKind::Json,
                    ty: Some(ty.ty),
                    media_type: (*media_type != "application/json")
                        .then(|| (*media_type).to_owned()),
                    ..empty
                })
            }
            [(media_type, text)] if is_text(media_type, text.get("schema")) => Ok(spec::Body {
                kind: spec::BodyKind::Text,
                media_type: Some((*media_type).to_owned()),
                ..empty
            }),
            [("multipart/form-data", form)] => {
                let form_at = format!("{at}.content.multipart/form-data.schema");
                Ok(spec::Body {
                    kind: spec::BodyKind::Multipart,
                    parts: self.parts(form.get("schema"), &form_at, &place, reach)?,
                    ..empty
                })
            }
            all if all.iter().all(|(_, m)| is_binary(m.get("schema"))) => Ok(spec::Body {
                kind: spec::BodyKind::Binary,
                media_types: self.media_types(all, &at).map_err(one)?,
                ..empty
            }),
            all => Err(one(self.doc.problem(
                &format!("{at}.content"),
                format!(
                    "unsupported request body media type{} `{}`",
                    plural(all.len()),
                    all.iter().map(|(m, _)| *m).collect::<Vec<_>>().join("`, `")
                ),
                Some(
                    "the spec format has one JSON (`application/json`, `application/…+json`), text or multipart/form-data schema, or binary media types"
                        .into(),
                ),
            ))),
        }
    }

    /// The parts of a multipart body whose schema (at `at`) is `schema`.
    pub(super) fn parts(
        &self,
        schema: Option<&Value>,
        at: &str,
        place: &Place,
        reach: &mut Reach,
    ) -> Result<Vec<spec::Part>, Problems> {
        let Some(schema) = schema else {
            return Err(vec![self.doc.problem(
                at,
                "a multipart body without a schema",
                None,
            )]);
        };
        let (schema, at) = self.doc.resolve(schema, at).map_err(|d| vec![d])?;
        let required_parts: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_sequence)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut parts = Vec::new();
        let properties = schema.get("properties").and_then(Value::as_mapping);
        for (key, part) in properties.into_iter().flatten() {
            let Some(part_name) = key.as_str() else {
                continue;
            };
            let ty = if is_binary(Some(part)) {
                "binary".to_owned()
            } else {
                let part_at = format!("{at}.properties.{part_name}");
                let part_place = place.part(part_name);
                self.type_of(part, &part_at, &part_place, reach, 0)?.ty
            };
            parts.push(spec::Part {
                name: part_name.to_owned(),
                ty,
                required: required_parts.contains(&part_name),
            });
        }
        if parts.is_empty() {
            return Err(vec![self.doc.problem(
                &at,
                "a multipart body without parts",
                None,
            )]);
        }
        Ok(parts)
    }

    /// The media types of a binary body, each with the variant the caller picks it by.
    pub(super) fn media_types(
        &self,
        all: &[(&str, &Value)],
        at: &str,
    ) -> Result<Vec<spec::BinaryMediaType>, Diagnostic> {
        let mut variants = BTreeSet::new();
        let mut media_types = Vec::new();
        for (media_type, _) in all {
            let variant = variant_name(media_type);
            if !variants.insert(variant.clone()) {
                return Err(self.doc.problem(
                    &format!("{at}.content.{media_type}"),
                    format!("media types of this body both become the variant `{variant}`"),
                    None,
                ));
            }
            media_types.push(spec::BinaryMediaType {
                media_type: (*media_type).to_owned(),
                variant,
                description: None,
            });
        }
        Ok(media_types)
    }
}

/// `application/json`, or a JSON media type by its structured suffix
/// (`application/merge-patch+json`, RFC 6839).
fn is_json_media_type(media_type: &str) -> bool {
    media_type == "application/json"
        || media_type
            .strip_prefix("application/")
            .is_some_and(|subtype| subtype.ends_with("+json"))
}

/// Whether one media type's schema is text sent as it is: a `string` (not a file) in
/// a media type other than multipart (`application/secevent+jwt`, `text/plain`).
fn is_text(media_type: &str, schema: Option<&Value>) -> bool {
    let is_string = schema.is_some_and(|s| {
        s.get("type").and_then(Value::as_str) == Some("string") && s.get("format").is_none()
    });
    is_string && !media_type.starts_with("multipart/")
}

/// Whether a body or part schema is a file: `type: string, format: binary`.
pub(super) fn is_binary(schema: Option<&Value>) -> bool {
    schema.is_some_and(|s| {
        s.get("type").and_then(Value::as_str) == Some("string")
            && s.get("format").and_then(Value::as_str) == Some("binary")
    })
}

/// `application/x-x509-ca-cert` → `X509CaCert`: the media subtype without `x-`, in UpperCamelCase.
pub(super) fn variant_name(media_type: &str) -> String {
    let subtype = media_type.rsplit('/').next().unwrap_or(media_type);
    let subtype = subtype.strip_prefix("x-").unwrap_or(subtype);
    let name = subtype.to_upper_camel_case();
    if name.is_empty() {
        "Body".into()
    } else {
        name
    }
}
