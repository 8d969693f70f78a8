//! The success response and the documented error statuses.

use super::types::resolve_type;
use super::{At, Checker, ModelNames};
use crate::ir;
use crate::naming;
use crate::spec;

/// The success response: a 2xx status, a body type unless it is 204, a text
/// media type only for a `string` body, and other 2xx statuses, each without a body,
/// with the same body, or with another (the answer is then an enum keyed by status).
/// A 3xx is the success of an operation whose only documented answer is that redirect.
pub(super) fn resolve_response(
    checker: &mut Checker<'_>,
    at: &At,
    operation_id: &str,
    response: &spec::Response,
    models: &ModelNames,
) -> ir::Response {
    let at = at.key("response");
    let ty = response
        .ty
        .as_ref()
        .and_then(|t| resolve_type(checker, &at.key("type"), t, None, models));
    let status = response.status;
    if (300..400).contains(&status) {
        redirect_alone(checker, &at, response);
    } else if !(200..300).contains(&status) {
        checker.error_hint(
            &at.key("status"),
            format!("success status {status} is not 2xx"),
            "a 3xx is a success only as the operation's one documented answer",
        );
    }
    if status == 204 && response.ty.is_some() {
        checker.error(&at.key("type"), "a 204 response has no body");
    }
    let text_media_type = response.media_type.as_ref().filter(|media_type| {
        text_media_type_ok(checker, &at.key("media_type"), media_type, ty.as_ref())
    });
    let mut resolved = ir::Response {
        status,
        description: response.description.clone(),
        ty,
        text_media_type: text_media_type.cloned(),
        bodiless: Vec::new(),
        same_body: Vec::new(),
        by_status: None,
    };
    let others = other_statuses(checker, &at, response, models);
    sort_other_statuses(checker, &at, operation_id, &mut resolved, others);
    resolved
}

/// A documented redirect is the operation's only answer: no body, no other status.
fn redirect_alone(checker: &mut Checker<'_>, at: &At, response: &spec::Response) {
    let status = response.status;
    if response.ty.is_some() {
        let message = format!("a {status} redirect is returned without its body");
        checker.error_hint(&at.key("type"), message, "remove `type`");
    }
    if response.media_type.is_some() {
        let message = format!("a {status} redirect is returned without its body");
        checker.error_hint(&at.key("media_type"), message, "remove `media_type`");
    }
    if !response.other_statuses.is_empty() {
        checker.error_hint(
            &at.key("other_statuses"),
            format!("a {status} redirect is a success only as the operation's one answer"),
            "document the 2xx answers instead",
        );
    }
}

/// Each further status by its body: none, the main one, or another. When any has
/// another, every status becomes a variant of the operation's answer enum.
fn sort_other_statuses(
    checker: &mut Checker<'_>,
    at: &At,
    operation_id: &str,
    response: &mut ir::Response,
    others: Vec<(ir::OtherStatus, Option<ir::Type>)>,
) {
    let differs = |ty: &Option<ir::Type>| ty.is_some() && *ty != response.ty;
    if !others.iter().any(|(_, ty)| differs(ty)) {
        for (other, ty) in others {
            match ty {
                Some(_) => response.same_body.push(other),
                None => response.bodiless.push(other),
            }
        }
        return;
    }
    if response.text_media_type.is_some() {
        checker.error_hint(
            &at.key("media_type"),
            "a text response cannot share its statuses with other bodies",
            "give the other statuses the same `type: string`, or none",
        );
        return;
    }
    let main = ir::OtherStatus {
        status: response.status,
        description: response.description.clone(),
    };
    let mut all = vec![(main, response.ty.take())];
    all.extend(others);
    all.sort_by_key(|(other, _)| other.status);
    let variants = all
        .into_iter()
        .map(|(other, ty)| ir::StatusVariant {
            status: other.status,
            variant: naming::status_variant_name(other.status),
            ty,
            description: other.description,
        })
        .collect();
    response.by_status = Some(ir::StatusAnswer {
        type_name: naming::status_answer_type_name(operation_id),
        variants,
    });
}

/// A text body is a `string` in a `text/…` media type.
fn text_media_type_ok(
    checker: &mut Checker<'_>,
    at: &At,
    media_type: &str,
    ty: Option<&ir::Type>,
) -> bool {
    if !media_type.starts_with("text/") {
        checker.error_hint(
            at,
            format!("response media type `{media_type}` is not a text type"),
            "JSON needs no `media_type`; other text is `text/…`",
        );
        return false;
    }
    if !super::body::is_media_type(media_type) {
        checker.error(at, format!("`{media_type}` is not a media type"));
        return false;
    }
    if ty != Some(&ir::Type::String) {
        checker.error(at, "a text response needs `type: string`");
        return false;
    }
    true
}

/// The further 2xx statuses, each with its body type: each listed once, none the
/// main status; sorted.
fn other_statuses(
    checker: &mut Checker<'_>,
    at: &At,
    response: &spec::Response,
    models: &ModelNames,
) -> Vec<(ir::OtherStatus, Option<ir::Type>)> {
    let at = at.key("other_statuses");
    let mut seen = vec![response.status];
    let mut statuses = Vec::new();
    for (j, other) in response.other_statuses.iter().enumerate() {
        let status = other.status;
        let at = at.item(j);
        if !(200..300).contains(&status) {
            checker.error(
                &at.key("status"),
                format!("success status {status} is not 2xx"),
            );
            continue;
        } else if seen.contains(&status) {
            checker.error(
                &at.key("status"),
                format!("success status {status} is listed twice"),
            );
            continue;
        }
        seen.push(status);
        if status == 204 && other.ty.is_some() {
            checker.error(&at.key("type"), "a 204 response has no body");
        }
        let ty = other
            .ty
            .as_ref()
            .and_then(|t| resolve_type(checker, &at.key("type"), t, None, models));
        let other = ir::OtherStatus {
            status,
            description: other.description.clone(),
        };
        statuses.push((other, ty));
    }
    statuses.sort_by_key(|(s, _)| s.status);
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
