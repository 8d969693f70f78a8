//! The success response and the documented error statuses.

use super::types::resolve_type;
use super::{At, Checker, ModelNames};
use crate::ir;
use crate::spec;

/// The success response: a 2xx status, a body type unless it is 204, a text
/// media type only for a `string` body, and other 2xx statuses without a body.
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
    let text_media_type = response.media_type.as_ref().filter(|media_type| {
        text_media_type_ok(checker, &at.key("media_type"), media_type, ty.as_ref())
    });
    ir::Response {
        status,
        description: response.description.clone(),
        ty,
        text_media_type: text_media_type.cloned(),
        bodiless: other_statuses(checker, &at, response),
    }
}

/// A text body is a `string` in a `text/…` media type.
fn text_media_type_ok(
    checker: &mut Checker<'_>,
    at: &At,
    media_type: &str,
    ty: Option<&ir::Type>,
) -> bool {
    let Some(subtype) = media_type.strip_prefix("text/") else {
        checker.error_hint(
            at,
            format!("response media type `{media_type}` is not a text type"),
            "JSON needs no `media_type`; other text is `text/…`",
        );
        return false;
    };
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c);
    if subtype.is_empty() || !subtype.chars().all(token) {
        checker.error(at, format!("`{media_type}` is not a media type"));
        return false;
    }
    if ty != Some(&ir::Type::String) {
        checker.error(at, "a text response needs `type: string`");
        return false;
    }
    true
}

/// The further 2xx statuses: each listed once, none the main status; sorted.
fn other_statuses(
    checker: &mut Checker<'_>,
    at: &At,
    response: &spec::Response,
) -> Vec<ir::OtherStatus> {
    let at = at.key("other_statuses");
    let mut seen = vec![response.status];
    let mut statuses = Vec::new();
    for (j, other) in response.other_statuses.iter().enumerate() {
        let status = other.status;
        if !(200..300).contains(&status) {
            checker.error(
                &at.item(j).key("status"),
                format!("success status {status} is not 2xx"),
            );
        } else if seen.contains(&status) {
            checker.error(
                &at.item(j).key("status"),
                format!("success status {status} is listed twice"),
            );
        } else {
            seen.push(status);
            statuses.push(ir::OtherStatus {
                status,
                description: other.description.clone(),
            });
        }
    }
    statuses.sort_by_key(|s| s.status);
    statuses
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
