//! An operation's parameters: the path item's and its own, typed, with their list style.

use serde_yaml::Value;

use super::types::Ty;
use super::values::{component_key, flag, prose, scalar_default, text};
use super::{Importer, Problems, Reach};
use crate::diagnostics::Diagnostic;
use crate::openapi::inline::Place;
use crate::openapi::{Document, RawOperation};
use crate::spec;

impl Importer<'_> {
    /// The path item's parameters, then the operation's (which override by name and
    /// location), each resolved, with its YAML path.
    pub(super) fn raw_parameters<'a>(
        &'a self,
        raw: &RawOperation<'a>,
        problems: &mut Problems,
    ) -> Vec<(&'a Value, String)> {
        let mut raw_params: Vec<(&Value, String)> = Vec::new();
        let sources = [
            (
                raw.item.get("parameters"),
                format!("paths.{}.parameters", raw.path),
            ),
            (raw.op.get("parameters"), format!("{}.parameters", raw.at)),
        ];
        for (list, list_at) in sources {
            let list = list.and_then(Value::as_sequence);
            for (i, param) in list.into_iter().flatten().enumerate() {
                let param_at = format!("{list_at}[{i}]");
                match self.doc.resolve(param, &param_at) {
                    Ok((param, resolved_at)) => {
                        let key = (text(param, "name"), text(param, "in"));
                        raw_params.retain(|(p, _)| (text(p, "name"), text(p, "in")) != key);
                        raw_params.push((param, resolved_at));
                    }
                    Err(problem) => problems.push(problem),
                }
            }
        }
        raw_params
    }

    /// The operation's parameters, in the order of [`Self::raw_parameters`].
    pub(super) fn parameters(
        &self,
        raw: &RawOperation<'_>,
        id: &str,
        problems: &mut Problems,
        reach: &mut Reach,
    ) -> Vec<spec::Param> {
        let mut params = Vec::new();
        for (param, param_at) in self.raw_parameters(raw, problems) {
            let (Some(name), Some(location)) = (text(param, "name"), text(param, "in")) else {
                problems.push(self.doc.problem(
                    &param_at,
                    "a parameter needs `name` and `in`",
                    None,
                ));
                continue;
            };
            let Some(location) = spec::ParamLocation::from_name(&location) else {
                problems.push(self.doc.problem(
                    &format!("{param_at}.in"),
                    format!("`in: {location}` parameters are not supported"),
                    Some("the spec format has path, query and header parameters".into()),
                ));
                continue;
            };
            let Some(schema) = param.get("schema") else {
                problems.push(self.doc.problem(
                    &param_at,
                    format!("parameter `{name}` has no `schema`"),
                    Some("parameters described by `content` are not supported".into()),
                ));
                continue;
            };
            let component = component_key(&param_at, "parameters");
            let place = Place::parameter(id, &name, location.as_str(), component);
            let schema_at = format!("{param_at}.schema");
            let typed = self
                .alternatives(schema)
                .map(Ok)
                .unwrap_or_else(|| self.type_of(schema, &schema_at, &place, reach, 0))
                .and_then(|ty| {
                    let explode =
                        list_style(self.doc, param, &param_at, &ty.ty).map_err(|d| vec![d])?;
                    Ok((explode, ty))
                });
            match typed {
                Ok((explode, ty)) => {
                    let (default, description) = self.documented_default(
                        scalar_default(schema),
                        prose(param, "description"),
                        &ty,
                        &format!("{param_at}.schema.default"),
                    );
                    params.push(spec::Param {
                        name,
                        location,
                        ty: ty.ty,
                        format: ty.format,
                        required: self.path_required(param, &param_at, location),
                        default,
                        explode,
                        description,
                    });
                }
                Err(found) => problems.extend(found),
            }
        }
        params
    }
}

impl Importer<'_> {
    /// Whether a parameter is required. OpenAPI requires every path parameter to say
    /// `required: true`, and a path cannot be sent without its segments, so one that does
    /// not is required all the same, with a warning.
    fn path_required(&self, param: &Value, at: &str, location: spec::ParamLocation) -> bool {
        let required = flag(param, "required");
        if location == spec::ParamLocation::Path && !required {
            self.warn(
                at,
                "a path parameter is always required (OpenAPI 3.0); imported as `required: true`",
                None,
            );
            return true;
        }
        required
    }

    /// A parameter whose schema is a `oneOf` or `anyOf` (`roleRef`: a `RoleType` or a role's
    /// id): on the wire a parameter is text, so it is a `string` whose description lists
    /// what it may be.
    fn alternatives(&self, schema: &Value) -> Option<Ty> {
        let all = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_sequence)?;
        let kinds: Vec<String> = all
            .iter()
            .map(|alternative| {
                let kind = match alternative.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        let name = crate::openapi::schema_ref_name(reference).unwrap_or(reference);
                        format!("a `{name}`")
                    }
                    None => match text(alternative, "type") {
                        Some(ty) => format!("a {ty}"),
                        None => "a value".to_owned(),
                    },
                };
                match text(alternative, "title") {
                    Some(title) => format!("`{title}` ({kind})"),
                    None => kind,
                }
            })
            .collect();
        Some(Ty {
            note: Some(format!("Sent as text, one of: {}.", kinds.join(", "))),
            ..Ty::plain("string")
        })
    }
}

/// How a list parameter is sent: OpenAPI's `style: form` (the query's default)
/// with `explode` true (repeated, its default) or false (comma-separated). A
/// scalar parameter has no `explode` in the spec.
pub(super) fn list_style(
    doc: &Document,
    param: &Value,
    at: &str,
    ty: &str,
) -> Result<Option<bool>, Diagnostic> {
    if !ty.starts_with("list<") {
        return Ok(None);
    }
    let style = text(param, "style").unwrap_or_else(|| "form".to_owned());
    if style != "form" {
        return Err(doc.problem(
            &format!("{at}.style"),
            format!("list parameters in `style: {style}` are not supported"),
            Some(
                "the spec format sends a list as `style: form`, repeated or comma-separated".into(),
            ),
        ));
    }
    Ok(match param.get("explode").and_then(Value::as_bool) {
        Some(false) => Some(false),
        _ => None,
    })
}
