//! Request bodies: JSON (in `application/json` or another JSON media type), text in
//! one media type, binary in one of several media types, or a multipart upload.

use std::collections::HashSet;

use super::types::resolve_type;
use super::{At, Checker, ModelNames};
use crate::diagnostics::did_you_mean;
use crate::ir;
use crate::naming;
use crate::spec;

/// The media types a binary body may be sent as.
const SUPPORTED_BINARY_MEDIA: &[&str] = &[
    "application/octet-stream",
    "application/x-x509-ca-cert",
    "application/pkix-cert",
    "application/x-pem-file",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/svg+xml",
];

/// The body of operation `op` (at `at`), whose parameters are `params`.
pub(super) fn resolve_body(
    checker: &mut Checker<'_>,
    at: &At,
    op: &spec::Operation,
    method: ir::Method,
    models: &ModelNames,
    params: &[ir::Param],
) -> Option<ir::Body> {
    let body = op.body.as_ref()?;
    let at = at.key("body");
    if method == ir::Method::Get {
        checker.error_hint(
            &at,
            "a GET request cannot have a body",
            "remove `body`, or change `method`",
        );
    }
    let rust_name = argument_name(checker, &at, body, params);
    match body.kind {
        spec::BodyKind::Json => json_body(checker, &at, body, rust_name, models),
        spec::BodyKind::Text => text_body(checker, &at, body, rust_name),
        spec::BodyKind::Binary | spec::BodyKind::Multipart if body.media_type.is_some() => {
            let message = format!("a {} body has no `media_type`", body.kind);
            let hint = match body.kind {
                spec::BodyKind::Binary => "a binary body lists its `media_types`",
                _ => "a multipart body is sent as `multipart/form-data`",
            };
            checker.error_hint(&at.key("media_type"), message, hint);
            None
        }
        spec::BodyKind::Binary => binary_body(checker, &at, op, body, rust_name),
        spec::BodyKind::Multipart => multipart_body(checker, &at, body, rust_name),
    }
}

/// Whether `media_type` is written `type/subtype` in RFC 9110's token characters
/// (no parameters: the generated code sends it as it is).
pub(super) fn is_media_type(media_type: &str) -> bool {
    let token = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    media_type
        .split_once('/')
        .is_some_and(|(kind, subtype)| token(kind) && token(subtype))
}

/// The `Content-Type` of a JSON body: `None` for `application/json`, else another
/// JSON media type (`application/merge-patch+json`), a structured `+json` suffix.
fn json_media_type(checker: &mut Checker<'_>, at: &At, body: &spec::Body) -> Option<String> {
    let media_type = body.media_type.as_deref()?;
    if media_type == "application/json" {
        return None;
    }
    let is_json = media_type
        .strip_prefix("application/")
        .is_some_and(|subtype| subtype.ends_with("+json"));
    if !is_media_type(media_type) || !is_json {
        checker.error_hint(
            at,
            format!("`{media_type}` is not a JSON media type"),
            "a json body is `application/json` or `application/…+json`; other text is `kind: text`",
        );
        return None;
    }
    Some(media_type.to_owned())
}

/// Text sent as it is: a `media_type`, and no `type` but `string`.
fn text_body(
    checker: &mut Checker<'_>,
    at: &At,
    body: &spec::Body,
    rust_name: String,
) -> Option<ir::Body> {
    if body.ty.as_deref().is_some_and(|ty| ty != "string") {
        let message = "a text body is a `string`";
        checker.error_hint(&at.key("type"), message, "remove `type`, or write `string`");
    }
    if !body.required {
        let message = "an optional text body is not supported";
        checker.error_hint(&at.key("required"), message, "set `required: true`");
    }
    let Some(media_type) = &body.media_type else {
        let hint = "the `Content-Type` it is sent with, e.g. `application/secevent+jwt`";
        checker.error_hint(
            &at.key("media_type"),
            "a text body needs a `media_type`",
            hint,
        );
        return None;
    };
    if !is_media_type(media_type) {
        let message = format!("`{media_type}` is not a media type");
        checker.error_hint(&at.key("media_type"), message, "write `type/subtype`");
        return None;
    }
    Some(ir::Body::Text {
        rust_name,
        media_type: media_type.clone(),
        description: body.description.clone(),
    })
}

/// The body's Rust argument, which neither the builder nor a parameter may already use.
fn argument_name(
    checker: &mut Checker<'_>,
    at: &At,
    body: &spec::Body,
    params: &[ir::Param],
) -> String {
    let rust_name =
        naming::body_arg_name(body.name.as_deref(), body.kind == spec::BodyKind::Multipart);
    let hint = "set a different `name` for the body";
    if naming::RESERVED_BUILDER_MEMBERS.contains(&rust_name.as_str()) {
        let message = format!(
            "the body's Rust name `{rust_name}` is a name every request builder already uses"
        );
        checker.error_hint(&at.key("name"), message, hint);
    }
    if params.iter().any(|p| p.rust_name == rust_name) {
        let message = format!("the body's Rust name `{rust_name}` is also a parameter's");
        checker.error_hint(&at.key("name"), message, hint);
    }
    rust_name
}

fn json_body(
    checker: &mut Checker<'_>,
    at: &At,
    body: &spec::Body,
    rust_name: String,
    models: &ModelNames,
) -> Option<ir::Body> {
    let Some(ty) = &body.ty else {
        checker.error(&at.key("type"), "a json body needs a `type`");
        return None;
    };
    let ty = resolve_type(checker, &at.key("type"), ty, None, models)?;
    Some(ir::Body::Json {
        rust_name,
        ty,
        required: body.required,
        media_type: json_media_type(checker, &at.key("media_type"), body),
        description: body.description.clone(),
    })
}

fn binary_body(
    checker: &mut Checker<'_>,
    at: &At,
    op: &spec::Operation,
    body: &spec::Body,
    rust_name: String,
) -> Option<ir::Body> {
    if body.media_types.is_empty() {
        let message = "a binary body needs at least one media type";
        checker.error(&at.key("media_types"), message);
        return None;
    }
    if !body.required {
        let message = "an optional binary body is not supported";
        checker.error_hint(&at.key("required"), message, "set `required: true`");
    }
    let mut media_types = Vec::new();
    let mut seen = HashSet::new();
    for (j, media) in body.media_types.iter().enumerate() {
        let at = at.key("media_types").item(j);
        if let Some(media) = media_type(checker, &at, media, &mut seen) {
            media_types.push(media);
        }
    }
    Some(ir::Body::Binary {
        rust_name,
        type_name: naming::binary_body_type_name(&op.id),
        media_types,
        description: body.description.clone(),
    })
}

/// One media type of a binary body, given the variants named so far.
fn media_type(
    checker: &mut Checker<'_>,
    at: &At,
    media: &spec::BinaryMediaType,
    seen_variants: &mut HashSet<String>,
) -> Option<ir::MediaType> {
    let wire = media.media_type.as_str();
    if !SUPPORTED_BINARY_MEDIA.contains(&wire) {
        let hint = did_you_mean(wire, SUPPORTED_BINARY_MEDIA.iter().copied())
            .unwrap_or_else(|| format!("supported: {}", SUPPORTED_BINARY_MEDIA.join(", ")));
        let message = format!("unsupported media type `{wire}` for a binary body");
        checker.error_hint(&at.key("media_type"), message, hint);
        return None;
    }
    let variant = naming::model_type_name(&media.variant);
    if !seen_variants.insert(variant.clone()) {
        let message = format!("variant `{variant}` is used twice");
        checker.error(&at.key("variant"), message);
        return None;
    }
    Some(ir::MediaType {
        media_type: media.media_type.clone(),
        variant,
        description: media.description.clone(),
    })
}

fn multipart_body(
    checker: &mut Checker<'_>,
    at: &At,
    body: &spec::Body,
    rust_name: String,
) -> Option<ir::Body> {
    let [part] = body.parts.as_slice() else {
        checker.error_hint(
            &at.key("parts"),
            "a multipart body needs exactly one part",
            "only single-file uploads are supported",
        );
        return None;
    };
    if part.ty != "binary" {
        checker.error_hint(
            &at.key("parts").item(0).key("type"),
            format!("part type `{}` is not supported", part.ty),
            "a part is `type: binary`",
        );
    }
    Some(ir::Body::MultipartFile {
        part_name: part.name.clone(),
        rust_name,
        description: body.description.clone(),
    })
}
