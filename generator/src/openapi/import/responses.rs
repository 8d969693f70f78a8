//! Responses: the success response, further 2xx statuses and the error statuses.

use serde_yaml::Value;

use super::values::{component_key, prose};
use super::{Importer, Problems, Reach};
use crate::openapi::inline::Place;
use crate::spec;

impl Importer<'_> {
    /// The one success response and the documented error statuses.
    pub(super) fn responses(
        &self,
        op: &Value,
        at: &str,
        id: &str,
        problems: &mut Problems,
        reach: &mut Reach,
    ) -> (Option<spec::Response>, Vec<u16>) {
        let mut errors = Vec::new();
        let mut successes = Vec::new();
        let mut redirects = Vec::new();
        let responses = op.get("responses").and_then(Value::as_mapping);
        for (status, found) in responses.into_iter().flatten() {
            let code = match status {
                Value::String(s) => s.parse::<u16>().ok(),
                Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
                _ => None,
            };
            let Some(code) = code else {
                // `default` and ranges (`5XX`) have no place in the spec format; they document
                // nothing a caller can match on, so they are left out.
                continue;
            };
            if (200..300).contains(&code) {
                successes.push((code, found));
            } else if (300..400).contains(&code) {
                redirects.push((code, found));
            } else {
                errors.push(code);
                // The error body's model (Okta's `Error`) belongs to the spec too.
                let error_at = format!("{at}.responses.{code}");
                if let Err(found) = self.response(code, found, &error_at, id, reach) {
                    problems.extend(found);
                }
            }
        }
        errors.sort_unstable();
        errors.dedup();
        if !redirects.is_empty() {
            let redirect = self.redirect(successes.is_empty(), &redirects, at, id, problems);
            return (redirect, errors);
        }
        if successes.is_empty() {
            let message = format!("operation `{id}` has no 2xx response");
            problems.push(self.doc.problem(&format!("{at}.responses"), message, None));
            return (None, errors);
        }
        let mut imported = Vec::new();
        for (status, found) in successes {
            match self.response(
                status,
                found,
                &format!("{at}.responses.{status}"),
                id,
                reach,
            ) {
                Ok(r) => imported.push(r),
                Err(found) => problems.extend(found),
            }
        }
        match main_response(imported) {
            Ok(main) => (main, errors),
            Err(message) => {
                problems.push(
                    self.doc.problem(
                        &format!("{at}.responses"),
                        format!("operation `{id}` {message}"),
                        Some(
                            "a text body can only share its statuses with the same text, or none"
                                .into(),
                        ),
                    ),
                );
                (None, errors)
            }
        }
    }

    /// The redirect that is an operation's one documented answer: returned, not
    /// followed, so its body (if the document gives one) is left out. A redirect
    /// beside other successes, or several, are refused.
    fn redirect(
        &self,
        alone: bool,
        redirects: &[(u16, &Value)],
        at: &str,
        id: &str,
        problems: &mut Problems,
    ) -> Option<spec::Response> {
        let [(status, found)] = redirects else {
            return self.redirect_refused(redirects, at, id, problems);
        };
        if !alone {
            return self.redirect_refused(redirects, at, id, problems);
        }
        let status = *status;
        let at = format!("{at}.responses.{status}");
        let (found, at) = match self.doc.resolve(found, &at) {
            Ok(resolved) => resolved,
            Err(problem) => {
                problems.push(problem);
                return None;
            }
        };
        if found
            .get("content")
            .and_then(Value::as_mapping)
            .is_some_and(|c| !c.is_empty())
        {
            let message =
                format!("a {status} redirect is returned without its body; its schema is left out");
            self.warn(&format!("{at}.content"), message, None);
        }
        Some(spec::Response {
            status,
            description: prose(found, "description"),
            ty: None,
            media_type: None,
            other_statuses: Vec::new(),
        })
    }

    pub(super) fn response(
        &self,
        status: u16,
        found: &Value,
        at: &str,
        id: &str,
        reach: &mut Reach,
    ) -> Result<spec::Response, Problems> {
        let (found, at) = self.doc.resolve(found, at).map_err(|d| vec![d])?;
        // What the body reaches counts only if the body is kept (not a 204's).
        let mut kept = Reach::default();
        let reach_all = reach;
        let reach = &mut kept;
        let place = Place::response(id, status, component_key(&at, "responses"));
        let mut ty = None;
        let content = found.get("content").and_then(Value::as_mapping);
        let mut media_type = None;
        if let Some(content) = content.filter(|c| !c.is_empty()) {
            let types: Vec<&str> = content.keys().filter_map(Value::as_str).collect();
            let text_type = match types.as_slice() {
                [only] if only.starts_with("text/") => Some(*only),
                _ => None,
            };
            if let Some(media) = content.get("application/json") {
                if let Some(schema) = media.get("schema") {
                    let content_at = format!("{at}.content.application/json.schema");
                    ty = Some(self.type_of(schema, &content_at, &place, reach, 0)?.ty);
                }
            } else if let Some(text_type) = text_type {
                let schema = content.get(text_type).and_then(|m| m.get("schema"));
                let schema_type = schema.and_then(|s| s.get("type")).and_then(Value::as_str);
                if schema.is_some() && schema_type != Some("string") {
                    return Err(vec![self.doc.problem(
                        &format!("{at}.content.{text_type}.schema"),
                        format!("a `{text_type}` response whose schema is not a string"),
                        None,
                    )]);
                }
                ty = Some("string".to_owned());
                media_type = Some(text_type.to_owned());
            } else {
                return Err(vec![self.doc.problem(
                    &format!("{at}.content"),
                    format!("unsupported response media type `{}`", types.join("`, `")),
                    Some(
                        "the spec format has JSON responses and responses of one text/… type"
                            .into(),
                    ),
                )]);
            }
        }
        if status == 204 && ty.is_some() {
            // HTTP: a 204 has no body (RFC 9110, 15.3.5), whatever the document says.
            self.warn(
                &format!("{at}.content"),
                "a 204 response has no body; its schema is left out",
                None,
            );
            ty = None;
            media_type = None;
        } else {
            reach_all.absorb(kept);
        }
        Ok(spec::Response {
            status,
            description: prose(found, "description"),
            ty,
            media_type,
            other_statuses: Vec::new(),
        })
    }

    /// A redirect beside other answers is not an operation's success.
    fn redirect_refused(
        &self,
        redirects: &[(u16, &Value)],
        at: &str,
        id: &str,
        problems: &mut Problems,
    ) -> Option<spec::Response> {
        let statuses: Vec<String> = redirects.iter().map(|(s, _)| s.to_string()).collect();
        let message = format!(
            "operation `{id}` documents the redirect{} {} beside other answers",
            super::plural(statuses.len()),
            statuses.join(", ")
        );
        let hint = "a redirect is a success only as the operation's one documented answer";
        problems.push(
            self.doc
                .problem(&format!("{at}.responses"), message, Some(hint.into())),
        );
        None
    }
}

/// The success responses as the spec format has them: the lowest status with a body
/// (or the lowest status) is the response, every other one an `other_statuses` entry
/// with its own body type, if any: the same type says the same body, another makes
/// the answer an enum keyed by status.
pub(super) fn main_response(
    mut all: Vec<spec::Response>,
) -> Result<Option<spec::Response>, String> {
    if all.is_empty() {
        return Ok(None);
    }
    // The spec format gives a text media type to the response alone: every body
    // must then be that same text.
    let bodies: Vec<(&str, Option<&str>)> = all
        .iter()
        .filter_map(|r| Some((r.ty.as_deref()?, r.media_type.as_deref())))
        .collect();
    let text = bodies.iter().any(|(_, media_type)| media_type.is_some());
    if text && bodies.windows(2).any(|pair| pair[0] != pair[1]) {
        return Err("has a text success body beside other bodies".to_owned());
    }
    all.sort_by_key(|r| r.status);
    let main_at = all.iter().position(|r| r.ty.is_some()).unwrap_or(0);
    let mut main = all.remove(main_at);
    main.other_statuses = all
        .into_iter()
        .map(|r| spec::OtherStatus {
            status: r.status,
            description: r.description,
            ty: r.ty,
        })
        .collect();
    Ok(Some(main))
}
