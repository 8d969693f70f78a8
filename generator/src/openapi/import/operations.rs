//! An operation: identity, method, scopes, then its parameters, body and responses.

use serde_yaml::Value;

use super::values::{prose, text};
use super::{Importer, Problems, Reach};
use crate::openapi::RawOperation;
use crate::spec;

impl Importer<'_> {
    pub(super) fn operation(
        &self,
        raw: &RawOperation<'_>,
    ) -> Result<(spec::Operation, Reach), Problems> {
        let op = raw.op;
        let at = &raw.at;
        let mut problems = Vec::new();
        let mut reach = Reach::default();
        let id = match text(op, "operationId") {
            Some(id) => id,
            None => {
                return Err(vec![self.doc.problem(
                    at,
                    "an operation without `operationId`",
                    None,
                )])
            }
        };
        let summary = text(op, "summary").unwrap_or_else(|| id.clone());

        let scopes = self.scopes(op);
        let params = self.parameters(raw, &id, &mut problems, &mut reach);
        let body = self.request_body(op, at, &id, &mut problems, &mut reach);
        let (response, errors) = self.responses(op, at, &id, &mut problems, &mut reach);
        let method = spec::Method::from_name(&raw.method.to_ascii_uppercase());
        if method.is_none() {
            problems.push(self.doc.problem(
                &raw.at,
                format!("the method `{}` is not supported", raw.method),
                None,
            ));
        }
        let (true, Some(response), Some(method)) = (problems.is_empty(), response, method) else {
            return Err(problems);
        };
        Ok((
            spec::Operation {
                id,
                method,
                path: raw.path.to_owned(),
                summary,
                description: prose(op, "description"),
                scopes,
                params,
                body,
                response,
                errors,
            },
            reach,
        ))
    }

    /// The operation's OAuth 2.0 scopes: its security, else the document's.
    pub(super) fn scopes(&self, op: &Value) -> Vec<String> {
        let mut scopes: Vec<String> = Vec::new();
        let security = op.get("security").or_else(|| self.doc.security());
        for requirement in security.and_then(Value::as_sequence).into_iter().flatten() {
            let listed = requirement.get("OAuth_2.0").and_then(Value::as_sequence);
            for scope in listed.into_iter().flatten().filter_map(Value::as_str) {
                if !scopes.iter().any(|s| s == scope) {
                    scopes.push(scope.to_owned());
                }
            }
        }
        scopes
    }
}
