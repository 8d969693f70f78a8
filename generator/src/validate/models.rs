//! Models: names, enums, objects (with inherited fields) and unions' base structs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{compose, recursion, unions, At, Checker, ModelNames};
use crate::diagnostics::did_you_mean;
use crate::ir;
use crate::naming;
use crate::spec;

/// Spec name → index, after checking that names are unique, also as Rust names.
pub(super) fn check_model_names(checker: &mut Checker<'_>, file: &spec::ModelsFile) -> ModelNames {
    let mut by_name = BTreeMap::new();
    let mut by_rust: HashMap<String, String> = HashMap::new();
    for (i, model) in file.models.iter().enumerate() {
        let at = At::model(i).key("name");
        let name = &model.name;
        if name.is_empty() {
            checker.error(&at, "a model name cannot be empty");
            continue;
        }
        if by_name.insert(name.clone(), i).is_some() {
            checker.error(&at, format!("model `{name}` is defined twice"));
            continue;
        }
        let rust = naming::model_type_name(name);
        if naming::RESERVED_TYPE_NAMES.contains(&rust.as_str()) {
            checker.error_hint(
                &at,
                format!("model `{name}` becomes the Rust type `{rust}`, a name the generated code already uses"),
                format!("rename it, e.g. `{name}Model`"),
            );
        }
        if let Some(other) = by_rust.insert(rust.clone(), name.clone()) {
            checker.error_hint(
                &at,
                format!("models `{other}` and `{name}` both become the Rust type `{rust}`"),
                "rename one of them",
            );
        }
    }
    by_name
}

/// Every model, resolved and sorted by Rust name.
pub(super) fn resolve_models(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
    names: &ModelNames,
) -> Vec<ir::Model> {
    let own_fields = resolve_own_fields(checker, file, names);
    let mut resolved = Vec::new();
    for (i, model) in file.models.iter().enumerate() {
        let at = At::model(i);
        match model.kind {
            spec::ModelKind::Enum => resolved.push(resolve_enum(checker, &at, model)),
            spec::ModelKind::Object => {
                let fields = model_fields(checker, &at, file, names, &own_fields, i);
                resolved.extend(resolve_object(checker, &at, file, names, i, fields));
            }
        }
    }
    compose::compose_unions(checker, file, names, &mut resolved);
    check_generated_model_names(checker, names, &resolved);
    recursion::check_recursion(checker, file, &resolved);
    resolved.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    set_union_tags(&mut resolved);
    resolved
}

/// A model named `rust_name` of `kind`, described as `description`.
fn model(
    spec_name: &str,
    rust_name: String,
    description: Option<String>,
    kind: ir::ModelKind,
) -> ir::Model {
    ir::Model {
        spec_name: spec_name.to_owned(),
        module: naming::module_name(&rust_name),
        rust_name,
        description,
        kind,
    }
}

fn resolve_enum(checker: &mut Checker<'_>, at: &At, spec_model: &spec::Model) -> ir::Model {
    let has_object_keys = !spec_model.fields.is_empty()
        || spec_model.extends.is_some()
        || spec_model.discriminator.is_some();
    if has_object_keys {
        checker.error(&at.key("kind"), "an enum has only `values`");
    }
    if spec_model.values.is_empty() {
        checker.error(&at.key("values"), "an enum needs at least one value");
    }
    let mut seen_wire = BTreeSet::new();
    let mut seen_variant: HashMap<String, String> = HashMap::new();
    let mut values = Vec::new();
    for (j, wire) in spec_model.values.iter().enumerate() {
        let at = at.key("values").item(j);
        if !seen_wire.insert(wire.clone()) {
            checker.error(&at, format!("value `{wire}` is listed twice"));
            continue;
        }
        let variant = naming::variant_name(wire);
        if variant == naming::ENUM_FALLBACK {
            checker.error(&at, format!("value `{wire}` becomes the variant `{variant}`, which every open enum keeps for the values its spec does not list"));
            continue;
        }
        if let Some(other) = seen_variant.insert(variant.clone(), wire.clone()) {
            checker.error(
                &at,
                format!("values `{other}` and `{wire}` both become the variant `{variant}`"),
            );
        }
        values.push(ir::EnumValue {
            wire: wire.clone(),
            variant,
        });
    }
    let kind = ir::ModelKind::Enum(ir::Enum {
        fallback: naming::ENUM_FALLBACK.to_owned(),
        values,
    });
    let rust_name = naming::model_type_name(&spec_model.name);
    model(
        &spec_model.name,
        rust_name,
        spec_model.description.clone(),
        kind,
    )
}

/// An object model's fields, inherited ones first; none when its `extends`
/// chain cannot be followed (which is reported).
fn model_fields(
    checker: &mut Checker<'_>,
    at: &At,
    file: &spec::ModelsFile,
    names: &ModelNames,
    own_fields: &[Vec<ir::Field>],
    index: usize,
) -> Vec<ir::Field> {
    let name = &file.models[index].name;
    match inherited_fields(file, names, own_fields, index) {
        Ok(fields) => fields,
        Err(ChainProblem::Loop) => {
            checker.error(
                &at.key("extends"),
                format!("`{name}` extends itself through `extends`"),
            );
            Vec::new()
        }
        Err(ChainProblem::TooLong) => {
            let limit = crate::limits::MAX_EXTENDS_DEPTH;
            let message =
                format!("`{name}` has more than {limit} models above it through `extends`");
            checker.error(&at.key("extends"), message);
            Vec::new()
        }
    }
}

/// An object model, or, with a discriminator, a union and its base struct.
fn resolve_object(
    checker: &mut Checker<'_>,
    at: &At,
    file: &spec::ModelsFile,
    names: &ModelNames,
    index: usize,
    fields: Vec<ir::Field>,
) -> Vec<ir::Model> {
    let spec_model = &file.models[index];
    if !spec_model.values.is_empty() {
        checker.error(&at.key("values"), "only an enum has `values`");
    }
    let parent = spec_model
        .extends
        .as_ref()
        .and_then(|p| resolve_parent(checker, &at.key("extends"), file, names, p));
    let rust_name = naming::model_type_name(&spec_model.name);
    let description = spec_model.description.clone();
    let Some(discriminator) = &spec_model.discriminator else {
        let object = ir::Object {
            fields,
            parent,
            tag: None,
            base: None,
            base_presets: Vec::new(),
            refined: Vec::new(),
            base_of: None,
        };
        let kind = ir::ModelKind::Object(object);
        return vec![model(&spec_model.name, rust_name, description, kind)];
    };
    let union = unions::resolve_union(checker, file, index, discriminator, names, &fields);
    let base_description =
        naming::union_base_description(&spec_model.name, &discriminator.property);
    let base = ir::ModelKind::Object(ir::Object {
        fields,
        parent,
        tag: None,
        base: None,
        base_presets: Vec::new(),
        refined: Vec::new(),
        base_of: None,
    });
    vec![
        model(
            &spec_model.name,
            naming::union_base_name(&rust_name),
            Some(base_description),
            base,
        ),
        model(
            &spec_model.name,
            rust_name,
            description,
            ir::ModelKind::Union(union),
        ),
    ]
}

/// The Rust name of the object model `parent` that an object `extends`.
fn resolve_parent(
    checker: &mut Checker<'_>,
    at: &At,
    file: &spec::ModelsFile,
    names: &ModelNames,
    parent: &str,
) -> Option<String> {
    match names.get(parent) {
        Some(&j) if file.models[j].kind == spec::ModelKind::Object => {
            Some(naming::model_type_name(parent))
        }
        Some(_) => {
            checker.error(at, format!("`{parent}` is not an object model"));
            None
        }
        None => {
            let hint = did_you_mean(parent, names.keys().map(String::as_str));
            checker.report(at, format!("unknown model `{parent}`"), hint);
            None
        }
    }
}

/// Each model's own fields, resolved and checked; inheritance comes later.
fn resolve_own_fields(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
    names: &ModelNames,
) -> Vec<Vec<ir::Field>> {
    file.models
        .iter()
        .enumerate()
        .map(|(index, model)| {
            let mut fields: Vec<ir::Field> = Vec::new();
            let mut seen_rust: HashMap<String, String> = HashMap::new();
            for (k, field) in model.fields.iter().enumerate() {
                let at = At::model(index).key("fields").item(k);
                if let Some(field) =
                    resolve_field(checker, &at, field, names, &fields, &mut seen_rust)
                {
                    fields.push(field);
                }
            }
            fields
        })
        .collect()
}

/// One field of a model, given the fields before it and their Rust names.
fn resolve_field(
    checker: &mut Checker<'_>,
    at: &At,
    field: &spec::Field,
    names: &ModelNames,
    before: &[ir::Field],
    seen_rust: &mut HashMap<String, String>,
) -> Option<ir::Field> {
    let name = &field.name;
    let rust_name = naming::field_name(name);
    if rust_name == naming::UNKNOWN_FIELDS_MEMBER {
        checker.error(
            &at.key("name"),
            "the field name `additional_properties` is reserved for fields the spec does not list",
        );
        return None;
    }
    if before.iter().any(|f| &f.wire_name == name) {
        checker.error(&at.key("name"), format!("field `{name}` is declared twice"));
        return None;
    }
    if let Some(other) = seen_rust.insert(rust_name.clone(), name.clone()) {
        let message =
            format!("fields `{other}` and `{name}` both become the Rust field `{rust_name}`");
        checker.error(&at.key("name"), message);
        return None;
    }
    let format = field.format.as_deref();
    let ty = super::types::resolve_type(checker, &at.key("type"), &field.ty, format, names)?;
    let default =
        super::types::default_value(checker, &at.key("default"), field.default.as_ref(), &ty);
    if field.secret && !matches!(ty, ir::Type::String | ir::Type::Json) {
        checker.error(
            &at.key("secret"),
            "`secret` applies to string and json fields only",
        );
        return None;
    }
    Some(ir::Field {
        wire_name: name.clone(),
        rust_name,
        ty,
        required: field.required,
        read_only: field.read_only,
        secret: field.secret,
        nullable: field.nullable,
        default,
        description: field.description.clone(),
        format: field.format.clone(),
    })
}

/// Why a model's `extends` chain cannot be followed.
enum ChainProblem {
    Loop,
    /// Longer than [`MAX_EXTENDS_DEPTH`](crate::limits::MAX_EXTENDS_DEPTH):
    /// every model copies the fields of all above it, so the output would
    /// grow with the square of the chain.
    TooLong,
}

/// Model `index`'s fields with inherited ones first.
fn inherited_fields(
    file: &spec::ModelsFile,
    names: &ModelNames,
    own: &[Vec<ir::Field>],
    index: usize,
) -> Result<Vec<ir::Field>, ChainProblem> {
    let mut chain = vec![index];
    let mut current = index;
    while let Some(&parent) = file.models[current]
        .extends
        .as_ref()
        .and_then(|p| names.get(p))
    {
        if chain.contains(&parent) {
            return Err(ChainProblem::Loop);
        }
        if chain.len() > crate::limits::MAX_EXTENDS_DEPTH {
            return Err(ChainProblem::TooLong);
        }
        chain.push(parent);
        current = parent;
    }
    let mut fields: Vec<ir::Field> = Vec::new();
    for &model in chain.iter().rev() {
        for field in &own[model] {
            match fields.iter_mut().find(|f| f.wire_name == field.wire_name) {
                // A subtype re-declaring an inherited field refines it (a default, a description).
                Some(existing) => *existing = field.clone(),
                None => fields.push(field.clone()),
            }
        }
    }
    Ok(fields)
}

/// Names the generator derives from model names (a union's `…Base` struct,
/// each model's module file) must not collide with one another.
fn check_generated_model_names(
    checker: &mut Checker<'_>,
    names: &ModelNames,
    models: &[ir::Model],
) {
    let mut by_rust: BTreeMap<&str, &ir::Model> = BTreeMap::new();
    let mut by_module: BTreeMap<&str, &ir::Model> = BTreeMap::new();
    let is_derived = |m: &ir::Model| naming::model_type_name(&m.spec_name) != m.rust_name;
    for model in models {
        let index = names.get(&model.spec_name).copied().unwrap_or(0);
        let derived = is_derived(model);
        match by_rust.get(model.rust_name.as_str()) {
            // Two models with one Rust name are reported by `check_model_names`.
            Some(&other)
                if other.spec_name != model.spec_name && (derived || is_derived(other)) =>
            {
                let (union, plain) = if derived {
                    (model, other)
                } else {
                    (other, model)
                };
                let union_index = names.get(&union.spec_name).copied().unwrap_or(index);
                let role = match &union.kind {
                    ir::ModelKind::Object(ir::Object { base: Some(_), .. }) => {
                        "keeps values of a kind this crate does not know in a struct"
                    }
                    _ => "keeps its common fields in a struct",
                };
                checker.error_hint(
                    &At::model(union_index).key("discriminator"),
                    format!(
                        "the union `{}` {role} `{}`, but model `{}` already has that name",
                        union.spec_name, model.rust_name, plain.spec_name
                    ),
                    format!("rename `{}`", plain.spec_name),
                );
                continue;
            }
            Some(_) => continue,
            None => {
                by_rust.insert(&model.rust_name, model);
            }
        }
        if let Some(other) = by_module.insert(&model.module, model) {
            if other.spec_name != model.spec_name {
                checker.error_hint(
                    &At::model(index).key("name"),
                    format!(
                        "models `{}` and `{}` both become the file `src/models/{}.rs`",
                        other.spec_name, model.spec_name, model.module
                    ),
                    "rename one of them",
                );
            }
        }
    }
}

/// Marks each object that exactly one discriminator value selects with that
/// value, so that its constructor can set it. `models` is sorted by Rust name.
/// A standalone variant's model (one that does not extend its union) is marked
/// only when no union's subtype relation or other union marks it otherwise.
fn set_union_tags(models: &mut [ir::Model]) {
    let mut tags: Vec<(bool, String, (String, String))> = models
        .iter()
        .filter_map(|m| match &m.kind {
            ir::ModelKind::Union(union) => Some(union),
            _ => None,
        })
        .flat_map(|union| {
            union
                .variants
                .iter()
                .filter_map(|variant| match variant.tags.as_slice() {
                    [tag] => Some((
                        variant.standalone.is_some(),
                        variant.model.clone(),
                        (union.property.clone(), tag.clone()),
                    )),
                    _ => None,
                })
        })
        .collect();
    // Subtypes first: their tag is theirs; a standalone target's only when undisputed.
    tags.sort_by_key(|(standalone, _, _)| *standalone);
    let disputed = |model: &str, tag: &(String, String)| {
        tags.iter().any(|(s, m, t)| *s && m == model && t != tag)
    };
    let mut marks = Vec::new();
    for (standalone, model_name, tag) in &tags {
        if !*standalone || !disputed(model_name, tag) {
            marks.push((*standalone, model_name.clone(), tag.clone()));
        }
    }
    for (standalone, model_name, tag) in marks {
        if let Ok(index) = models.binary_search_by(|m| m.rust_name.as_str().cmp(&model_name)) {
            if let ir::ModelKind::Object(object) = &mut models[index].kind {
                if !standalone || object.tag.is_none() {
                    object.tag = Some(tag);
                }
            }
        }
    }
}
