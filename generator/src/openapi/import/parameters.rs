//! An operation's parameters: the path item's and its own, typed, with their list style.

use serde_yaml::Value;

use super::values::{component_key, documented_default, flag, prose, scalar_default, text};
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
            let typed = self
                .type_of(schema, &format!("{param_at}.schema"), &place, reach, 0)
                .and_then(|ty| {
                    let explode =
                        list_style(self.doc, param, &param_at, &ty.ty).map_err(|d| vec![d])?;
                    Ok((explode, ty))
                });
            match typed {
                Ok((explode, ty)) => {
                    let (default, description) = documented_default(
                        scalar_default(schema),
                        prose(param, "description"),
                        &ty.ty,
                    );
                    params.push(spec::Param {
                        name,
                        location,
                        ty: ty.ty,
                        format: ty.format,
                        required: flag(param, "required"),
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
