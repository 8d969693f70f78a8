//! Discriminated unions: the discriminator property and its mapping.

use std::collections::BTreeMap;

use super::{At, Checker, ModelNames};
use crate::diagnostics::did_you_mean;
use crate::ir;
use crate::naming;
use crate::spec;

/// The union of model `index`, whose own and inherited fields are `base_fields`.
pub(super) fn resolve_union(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
    index: usize,
    discriminator: &spec::Discriminator,
    names: &ModelNames,
    base_fields: &[ir::Field],
) -> ir::Union {
    let at = At::model(index).key("discriminator");
    check_property(checker, &at, file, index, discriminator, names, base_fields);
    let model = &file.models[index];
    let by_model = mapped_models(checker, &at, file, model, discriminator, names);
    let rust_base = naming::model_type_name(&model.name);
    // Unless reported below, the discriminator is one of the base's fields.
    let mut tag_field = base_fields
        .iter()
        .find(|f| f.wire_name == discriminator.property)
        .cloned()
        .unwrap_or_else(|| ir::Field {
            wire_name: discriminator.property.clone(),
            rust_name: naming::field_name(&discriminator.property),
            ty: ir::Type::String,
            required: false,
            read_only: false,
            secret: false,
            nullable: false,
            default: None,
            description: None,
            format: None,
        });
    // A `null` tag selects the fallback, which keeps it as it came: the tag itself is
    // never a `Nullable`.
    tag_field.nullable = false;
    let mut variants: Vec<ir::UnionVariant> = by_model
        .into_iter()
        .map(|(target, (tags, extends))| {
            let rust = naming::model_type_name(&target);
            ir::UnionVariant {
                variant: naming::union_variant_name(&rust, &rust_base),
                model: rust,
                tags,
                // Provisional: `compose::resolve_standalone` puts the target's own tag
                // field here once every model's fields are known.
                standalone: (!extends).then(|| tag_field.clone()),
            }
        })
        .collect();
    variants.sort_by(|a, b| a.variant.cmp(&b.variant));
    for pair in variants.windows(2) {
        if pair[0].variant == pair[1].variant {
            let message = format!(
                "models `{}` and `{}` both become the variant `{}`",
                pair[0].model, pair[1].model, pair[0].variant
            );
            checker.error(&at.key("mapping"), message);
        }
    }
    if variants.iter().any(|v| v.variant == naming::UNION_FALLBACK) {
        let message = format!(
            "the variant name `{}` is reserved for unknown tags",
            naming::UNION_FALLBACK
        );
        checker.error(&at.key("mapping"), message);
    }
    ir::Union {
        property: discriminator.property.clone(),
        base: naming::union_base_name(&rust_base),
        common: naming::union_common_trait(&rust_base),
        discriminator: tag_field,
        other: naming::union_other_name(&rust_base),
        variants,
    }
}

/// The discriminator must be one of the model's fields, a string or an enum.
fn check_property(
    checker: &mut Checker<'_>,
    at: &At,
    file: &spec::ModelsFile,
    index: usize,
    discriminator: &spec::Discriminator,
    names: &ModelNames,
    base_fields: &[ir::Field],
) {
    let property = &discriminator.property;
    let Some(field) = base_fields.iter().find(|f| &f.wire_name == property) else {
        let hint = did_you_mean(property, base_fields.iter().map(|f| f.wire_name.as_str()));
        let name = &file.models[index].name;
        let message = format!("`{name}` has no field `{property}` to discriminate on");
        checker.report(&at.key("property"), message, hint);
        return;
    };
    let is_text = match &field.ty {
        ir::Type::String => true,
        ir::Type::Model(rust) => file.models.iter().any(|m| {
            m.kind == spec::ModelKind::Enum
                && naming::model_type_name(&m.name) == *rust
                && names.contains_key(&m.name)
        }),
        _ => false,
    };
    if !is_text {
        let message = format!(
            "the discriminator `{property}` is of type {}; it must be a string or an enum",
            field.ty.describe()
        );
        checker.error(&at.key("property"), message);
    }
}

/// Whether the model at `index` extends `ancestor`, directly or further down (a subtype of
/// a subtype): a value tagged for it decodes as it, its base chain flattened up to the
/// union's base. Bounded by the `extends` depth limit, cycles included.
fn extends_transitively(
    file: &spec::ModelsFile,
    names: &ModelNames,
    index: usize,
    ancestor: &str,
) -> bool {
    let mut current = index;
    for _ in 0..=crate::limits::MAX_EXTENDS_DEPTH {
        let Some(parent) = file.models[current].extends.as_deref() else {
            return false;
        };
        if parent == ancestor {
            return true;
        }
        match names.get(parent) {
            Some(&next) => current = next,
            None => return false,
        }
    }
    false
}

/// Mapped model name → the tags that select it, and whether it extends `model`
/// (else it is a standalone variant: an object without a discriminator, held as it
/// is), for the mapping entries that name such a model; the others are reported.
fn mapped_models(
    checker: &mut Checker<'_>,
    at: &At,
    file: &spec::ModelsFile,
    model: &spec::Model,
    discriminator: &spec::Discriminator,
    names: &ModelNames,
) -> BTreeMap<String, (Vec<String>, bool)> {
    let mut by_model: BTreeMap<String, (Vec<String>, bool)> = BTreeMap::new();
    for (tag, target) in &discriminator.mapping {
        let at = at.key("mapping").key(tag);
        match names.get(target) {
            None => {
                let hint = did_you_mean(target, names.keys().map(String::as_str));
                let message = format!("mapping `{tag}` names the unknown model `{target}`");
                checker.report(&at, message, hint);
            }
            Some(&j) => {
                let target_model = &file.models[j];
                let extends = extends_transitively(file, names, j, &model.name);
                if !extends
                    && (target_model.kind != spec::ModelKind::Object
                        || target_model.discriminator.is_some())
                {
                    checker.error_hint(
                        &at,
                        format!(
                            "mapping `{tag}` names `{target}`, which neither extends `{}` nor is an object without a discriminator",
                            model.name
                        ),
                        match target_model.kind {
                            spec::ModelKind::Enum => "map an object model".to_owned(),
                            spec::ModelKind::Object => format!(
                                "add `extends: {}` to `{target}`, or map each of its variants",
                                model.name
                            ),
                        },
                    );
                    continue;
                }
                by_model
                    .entry(target.clone())
                    .or_insert_with(|| (Vec::new(), extends))
                    .0
                    .push(tag.clone());
            }
        }
    }
    by_model
}
