//! Unions' subtypes hold the common fields in a member `base` of the union's
//! base struct instead of copying them, and the fallback variant gets a
//! struct of its own (the base, and the tag if there is one).
//!
//! So a known variant's discriminator is a required field of its own, while
//! a value without one still decodes, into the fallback, and loses nothing.

use super::{At, Checker, ModelNames};
use crate::ir;
use crate::naming;
use crate::spec;

/// What composing one union needs to know about it.
struct UnionFacts {
    spec_name: String,
    composition: ir::Composition,
    discriminator: ir::Field,
    other: String,
    /// Rust names of the mapped subtypes, whose tag is then required.
    variants: Vec<String>,
}

/// Composes every union's subtypes and adds each union's fallback struct.
pub(super) fn compose_unions(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
    names: &ModelNames,
    models: &mut Vec<ir::Model>,
) {
    let unions: Vec<UnionFacts> = models
        .iter()
        .filter_map(|m| match &m.kind {
            ir::ModelKind::Union(u) => Some(UnionFacts {
                spec_name: m.spec_name.clone(),
                composition: ir::Composition {
                    union: m.rust_name.clone(),
                    base: u.base.clone(),
                    common: u.common.clone(),
                },
                discriminator: u.discriminator.clone(),
                other: u.other.clone(),
                variants: u.variants.iter().map(|v| v.model.clone()).collect(),
            }),
            _ => None,
        })
        .collect();
    for facts in &unions {
        let Some(&index) = names.get(&facts.spec_name) else {
            continue;
        };
        let at = At::model(index).key("discriminator");
        if let Some(outer) = nearest_union(file, names, index) {
            let message = format!(
                "the union `{}` extends the union `{outer}`; a union's subtypes cannot be unions themselves",
                facts.spec_name
            );
            checker.error(&at, message);
            continue;
        }
        check_names_free(checker, &at, models, facts);
        let Some(base_fields) = mark_base(models, facts) else {
            continue;
        };
        for model in models.iter_mut() {
            let Some(&sub) = names.get(&model.spec_name) else {
                continue;
            };
            if sub != index && nearest_union(file, names, sub) == Some(facts.spec_name.as_str()) {
                compose_subtype(checker, file, sub, model, &base_fields, facts);
            }
        }
        models.push(other_model(facts));
    }
    resolve_standalone(checker, names, models);
}

/// Gives each standalone variant (a mapped model that does not extend its union, held as
/// it is) the target's own field that holds the tag, once every model is composed; a
/// target without such a field, a string or an enum, is reported at its mapping entry.
fn resolve_standalone(checker: &mut Checker<'_>, names: &ModelNames, models: &mut [ir::Model]) {
    let mut found: Vec<(usize, usize, Option<ir::Field>)> = Vec::new();
    for (u, model) in models.iter().enumerate() {
        let ir::ModelKind::Union(union) = &model.kind else {
            continue;
        };
        for (v, variant) in union.variants.iter().enumerate() {
            if variant.standalone.is_none() {
                continue;
            }
            let field = standalone_tag(models, &variant.model, &union.property);
            if field.is_none() {
                if let Some(&index) = names.get(&model.spec_name) {
                    report_standalone(checker, models, index, model, union, variant);
                }
            }
            found.push((u, v, field));
        }
    }
    for (u, v, field) in found {
        if let ir::ModelKind::Union(union) = &mut models[u].kind {
            union.variants[v].standalone = field;
        }
    }
}

/// The field of the object `target` that holds the tag `property`, if it is a string or
/// an enum, neither nullable nor secret: what a standalone variant's tag is read from.
fn standalone_tag(models: &[ir::Model], target: &str, property: &str) -> Option<ir::Field> {
    let ir::ModelKind::Object(object) = &models.iter().find(|m| m.rust_name == target)?.kind else {
        return None;
    };
    let field = object.fields.iter().find(|f| f.wire_name == property)?;
    let is_text = match &field.ty {
        ir::Type::String => true,
        ir::Type::Model(name) => models
            .iter()
            .any(|m| &m.rust_name == name && matches!(m.kind, ir::ModelKind::Enum(_))),
        _ => false,
    };
    (is_text && !field.nullable && !field.secret).then(|| field.clone())
}

/// Why the standalone variant `variant` of the union at spec index `index` has no tag field.
fn report_standalone(
    checker: &mut Checker<'_>,
    models: &[ir::Model],
    index: usize,
    model: &ir::Model,
    union: &ir::Union,
    variant: &ir::UnionVariant,
) {
    let property = &union.property;
    let target = models
        .iter()
        .find(|m| m.rust_name == variant.model)
        .map_or(variant.model.as_str(), |m| m.spec_name.as_str());
    for tag in &variant.tags {
        let at = At::model(index)
            .key("discriminator")
            .key("mapping")
            .key(tag);
        let has = models.iter().any(|m| {
            m.rust_name == variant.model
                && matches!(&m.kind, ir::ModelKind::Object(o) if o.fields.iter().any(|f| &f.wire_name == property))
        });
        if has {
            let message = format!(
                "mapping `{tag}` names `{target}`, which does not extend `{}` and whose `{property}` is not a string or an enum (neither nullable nor secret) to hold the tag",
                model.spec_name
            );
            checker.error(&at, message);
        } else {
            checker.error_hint(
                &at,
                format!(
                    "mapping `{tag}` names `{target}`, which does not extend `{}` and so has no `{property}`",
                    model.spec_name
                ),
                format!("add `extends: {}` to `{target}`", model.spec_name),
            );
        }
    }
}

/// The nearest model above `index` through `extends` that has a discriminator.
fn nearest_union<'f>(
    file: &'f spec::ModelsFile,
    names: &ModelNames,
    index: usize,
) -> Option<&'f str> {
    let mut current = index;
    // A loop or an overlong chain is reported elsewhere; this only stops.
    for _ in 0..=crate::limits::MAX_EXTENDS_DEPTH {
        let parent = *names.get(file.models[current].extends.as_ref()?)?;
        if file.models[parent].discriminator.is_some() {
            return Some(&file.models[parent].name);
        }
        current = parent;
    }
    None
}

/// The trait must not take a model's name; the fallback struct is a model,
/// whose clashes `check_generated_model_names` reports.
fn check_names_free(checker: &mut Checker<'_>, at: &At, models: &[ir::Model], facts: &UnionFacts) {
    let common = &facts.composition.common;
    if let Some(model) = models.iter().find(|m| &m.rust_name == common) {
        checker.error_hint(
            at,
            format!(
                "the union `{}` reads and sets its common fields through a trait `{common}`, but model `{}` already has that name",
                facts.spec_name, model.spec_name
            ),
            format!("rename `{}`", model.spec_name),
        );
    }
}

/// Takes the discriminator out of the union's base struct (each subtype holds
/// it), marks the struct as the union's base, and gives back its fields.
fn mark_base(models: &mut [ir::Model], facts: &UnionFacts) -> Option<Vec<ir::Field>> {
    let base = models
        .iter_mut()
        .find(|m| m.rust_name == facts.composition.base)?;
    let ir::ModelKind::Object(object) = &mut base.kind else {
        return None;
    };
    object
        .fields
        .retain(|f| f.wire_name != facts.discriminator.wire_name);
    object.base_of = Some(facts.composition.clone());
    Some(object.fields.clone())
}

/// Drops the inherited common fields from a subtype and points it at the base.
fn compose_subtype(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
    index: usize,
    model: &mut ir::Model,
    base_fields: &[ir::Field],
    facts: &UnionFacts,
) {
    let mapped = facts.variants.contains(&model.rust_name);
    let ir::ModelKind::Object(object) = &mut model.kind else {
        return;
    };
    let spec_fields = &file.models[index].fields;
    let field_at = |wire: &str| match spec_fields.iter().position(|f| f.name == wire) {
        Some(k) => At::model(index).key("fields").item(k),
        None => At::model(index).key("extends"),
    };
    let mut presets = Vec::new();
    let mut refined = Vec::new();
    for field in &object.fields {
        if let Some(common) = base_fields.iter().find(|f| f.wire_name == field.wire_name) {
            if same_but_description(field, common) {
                if field.default.is_some() && field.default != common.default {
                    presets.push(field.clone());
                }
            } else if !common.required && field.rust_name == common.rust_name {
                // The subtype's declaration refines the field for it: its own field.
                refined.push(field.wire_name.clone());
            } else {
                let message = format!(
                    "`{}` redeclares `{}`, a required field every `{}` has, with another type or flag; a subtype may refine only an optional common field",
                    model.spec_name, field.wire_name, facts.spec_name
                );
                checker.error(&field_at(&field.wire_name), message);
            }
        }
        if field.rust_name == naming::UNION_BASE_MEMBER {
            let message = format!(
                "the field `{}` would take the name of the member `base`, which holds the common fields of `{}`",
                field.wire_name, facts.spec_name
            );
            checker.error(&field_at(&field.wire_name).key("name"), message);
        }
    }
    object.fields.retain(|f| {
        refined.contains(&f.wire_name) || !base_fields.iter().any(|b| b.wire_name == f.wire_name)
    });
    if mapped {
        for field in &mut object.fields {
            if field.wire_name == facts.discriminator.wire_name {
                // The tag selected this variant, so it is there and of the union's type,
                // whatever the subtype redeclares (`json`, a narrower enum, `nullable`).
                field.ty = facts.discriminator.ty.clone();
                field.format = facts.discriminator.format.clone();
                field.nullable = false;
                field.secret = false;
                field.required = true;
            }
        }
    }
    object.base = Some(facts.composition.clone());
    object.base_presets = presets;
    object.refined = refined;
}

/// A redeclared field may say more about itself and refine its default
/// (which the subtype's `new()` presets), but not change what it is.
fn same_but_description(a: &ir::Field, b: &ir::Field) -> bool {
    a.rust_name == b.rust_name
        && a.ty == b.ty
        && a.required == b.required
        && a.read_only == b.read_only
        && a.secret == b.secret
        && a.nullable == b.nullable
}

/// The fallback variant's struct: the base, and the tag when there is one.
fn other_model(facts: &UnionFacts) -> ir::Model {
    let mut tag = facts.discriminator.clone();
    tag.required = false;
    tag.default = None;
    ir::Model {
        spec_name: facts.spec_name.clone(),
        module: naming::module_name(&facts.other),
        rust_name: facts.other.clone(),
        description: Some(naming::union_other_description(
            &facts.spec_name,
            &facts.discriminator.wire_name,
        )),
        kind: ir::ModelKind::Object(ir::Object {
            fields: vec![tag],
            parent: None,
            tag: None,
            base: Some(facts.composition.clone()),
            base_presets: Vec::new(),
            refined: Vec::new(),
            base_of: None,
        }),
    }
}
