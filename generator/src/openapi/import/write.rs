//! Writing `operations.yaml` and `models.yaml` the way a maintainer would.

use crate::openapi::yaml_out::Writer;
use crate::spec;

pub(in crate::openapi) fn write_operations(header: &str, operations: &[spec::Operation]) -> String {
    let mut w = Writer::new();
    w.comment(header);
    w.open(0, false, "operations");
    for op in operations {
        w.string(2, true, "id", &op.id);
        w.string(2, false, "method", op.method.as_str());
        w.string(2, false, "path", &op.path);
        w.string(2, false, "summary", &op.summary);
        if let Some(d) = &op.description {
            w.string(2, false, "description", d);
        }
        if op.scopes.is_empty() {
            w.raw(2, false, "scopes", "[]");
        } else {
            w.open(2, false, "scopes");
            for scope in &op.scopes {
                w.item_string(4, scope);
            }
        }
        write_params(&mut w, &op.params);
        if let Some(body) = &op.body {
            w.open(2, false, "body");
            w.string(4, false, "kind", body.kind.as_str());
            if let Some(ty) = &body.ty {
                w.string(4, false, "type", ty);
            }
            if let Some(media_type) = &body.media_type {
                w.string(4, false, "media_type", media_type);
            }
            if !body.media_types.is_empty() {
                w.open(4, false, "media_types");
                for m in &body.media_types {
                    w.string(6, true, "media_type", &m.media_type);
                    w.string(6, false, "variant", &m.variant);
                    if let Some(d) = &m.description {
                        w.string(6, false, "description", d);
                    }
                }
            }
            if !body.parts.is_empty() {
                w.open(4, false, "parts");
                for part in &body.parts {
                    w.string(6, true, "name", &part.name);
                    w.string(6, false, "type", &part.ty);
                    if part.required {
                        w.raw(6, false, "required", "true");
                    }
                }
            }
            w.raw(
                4,
                false,
                "required",
                if body.required { "true" } else { "false" },
            );
            if let Some(name) = &body.name {
                w.string(4, false, "name", name);
            }
            if let Some(d) = &body.description {
                w.string(4, false, "description", d);
            }
        }
        write_response(&mut w, &op.response);
        if !op.errors.is_empty() {
            w.open(2, false, "errors");
            for status in &op.errors {
                w.item_raw(4, &status.to_string());
            }
        }
    }
    w.finish()
}

pub(super) fn write_params(w: &mut Writer, params: &[spec::Param]) {
    if params.is_empty() {
        return;
    }
    w.open(2, false, "params");
    for p in params {
        w.string(4, true, "name", &p.name);
        w.string(4, false, "in", p.location.as_str());
        w.string(4, false, "type", &p.ty);
        if let Some(f) = &p.format {
            w.string(4, false, "format", f);
        }
        if p.required {
            w.raw(4, false, "required", "true");
        }
        if let Some(d) = &p.default {
            w.value(4, "default", d);
        }
        if let Some(explode) = p.explode {
            w.raw(4, false, "explode", if explode { "true" } else { "false" });
        }
        if let Some(d) = &p.description {
            w.string(4, false, "description", d);
        }
    }
}

pub(super) fn write_response(w: &mut Writer, response: &spec::Response) {
    w.open(2, false, "response");
    w.raw(4, false, "status", &response.status.to_string());
    if let Some(d) = &response.description {
        w.string(4, false, "description", d);
    }
    if let Some(ty) = &response.ty {
        w.string(4, false, "type", ty);
    }
    if let Some(media_type) = &response.media_type {
        w.string(4, false, "media_type", media_type);
    }
    if !response.other_statuses.is_empty() {
        w.open(4, false, "other_statuses");
        for other in &response.other_statuses {
            w.raw(6, true, "status", &other.status.to_string());
            if let Some(d) = &other.description {
                w.string(6, false, "description", d);
            }
            if let Some(ty) = &other.ty {
                w.string(6, false, "type", ty);
            }
        }
    }
}

pub(in crate::openapi) fn write_models(header: &str, models: &[spec::Model]) -> String {
    let mut w = Writer::new();
    w.comment(header);
    w.open(0, false, "models");
    for model in models {
        w.string(2, true, "name", &model.name);
        w.string(2, false, "kind", model.kind.as_str());
        if let Some(d) = &model.description {
            w.string(2, false, "description", d);
        }
        if let Some(parent) = &model.extends {
            w.string(2, false, "extends", parent);
        }
        if let Some(d) = &model.discriminator {
            w.open(2, false, "discriminator");
            w.string(4, false, "property", &d.property);
            w.open(4, false, "mapping");
            for (tag, target) in &d.mapping {
                w.string(6, false, &mapping_key(tag), target);
            }
        }
        if !model.fields.is_empty() {
            w.open(2, false, "fields");
            for f in &model.fields {
                w.string(4, true, "name", &f.name);
                w.string(4, false, "type", &f.ty);
                if let Some(format) = &f.format {
                    w.string(4, false, "format", format);
                }
                if f.read_only {
                    w.raw(4, false, "read_only", "true");
                }
                if f.secret {
                    w.raw(4, false, "secret", "true");
                }
                if f.nullable {
                    w.raw(4, false, "nullable", "true");
                }
                if f.required {
                    w.raw(4, false, "required", "true");
                }
                if let Some(d) = &f.default {
                    w.value(4, "default", d);
                }
                if let Some(d) = &f.description {
                    w.string(4, false, "description", d);
                }
            }
        }
        if !model.values.is_empty() {
            w.open(2, false, "values");
            for value in &model.values {
                w.item_string(4, value);
            }
        }
    }
    w.finish()
}

/// A mapping key written so that it reads back as the same string.
pub(super) fn mapping_key(tag: &str) -> String {
    let mut w = Writer::new();
    w.item_string(2, tag);
    let written = w.finish();
    written.trim_start_matches("- ").trim_end().to_owned()
}
