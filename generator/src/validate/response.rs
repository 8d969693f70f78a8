//! The success response and the documented error statuses.

use super::types::resolve_type;
use super::{At, Checker, ModelNames};
use crate::ir;
use crate::spec;

/// The one success response: a 2xx status, and a body type unless it is 204.
pub(super) fn resolve_response(
    checker: &mut Checker<'_>,
    at: &At,
    response: &spec::Response,
    models: &ModelNames,
) -> ir::Response {
    let at = at.key("response");
    let ty = response
        .ty
        .as_ref()
        .and_then(|t| resolve_type(checker, &at.key("type"), t, None, models));
    let status = response.status;
    if !(200..300).contains(&status) {
        checker.error(
            &at.key("status"),
            format!("success status {status} is not 2xx"),
        );
    }
    if status == 204 && response.ty.is_some() {
        checker.error(&at.key("type"), "a 204 response has no body");
    }
    ir::Response {
        status,
        description: response.description.clone(),
        ty,
    }
}

/// The error statuses, each 4xx or 5xx and listed once; sorted.
pub(super) fn resolve_errors(checker: &mut Checker<'_>, at: &At, statuses: &[u16]) -> Vec<u16> {
    let at = at.key("errors");
    for (j, status) in statuses.iter().enumerate() {
        if !(400..600).contains(status) {
            let message = format!("error status {status} is not 4xx or 5xx");
            checker.error(&at.item(j), message);
        }
    }
    let mut errors = statuses.to_vec();
    errors.sort_unstable();
    if errors.windows(2).any(|w| w[0] == w[1]) {
        checker.error(&at, "an error status is listed twice");
    }
    errors.dedup();
    errors
}
