//! Stage 2: check the loaded spec and resolve it into the IR.
//!
//! Every problem is collected, located and reported together; nothing here
//! panics on any input.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::diagnostics::{closest, Diagnostic, Diagnostics};
use crate::ir;
use crate::locate::Locations;
use crate::naming;
use crate::spec;

/// One loaded spec file: its name for messages and its position index.
pub(crate) struct Source<'a> {
    pub file: &'a str,
    pub locations: &'a Locations,
}

struct Checker<'a> {
    operations: Source<'a>,
    models: Source<'a>,
    problems: Vec<Diagnostic>,
}

#[derive(Clone, Copy)]
enum In {
    Operations,
    Models,
}

impl Checker<'_> {
    fn report(&mut self, file: In, path: &str, message: impl Into<String>, hint: Option<String>) {
        let source = match file {
            In::Operations => &self.operations,
            In::Models => &self.models,
        };
        let position = source.locations.find(path);
        self.problems
            .push(Diagnostic::new(source.file, position, path, message, hint));
    }
}

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

pub(crate) fn validate(
    operations_file: &spec::OperationsFile,
    operations: Source<'_>,
    models_file: &spec::ModelsFile,
    models: Source<'_>,
) -> Result<ir::Api, Diagnostics> {
    let mut checker = Checker {
        operations,
        models,
        problems: Vec::new(),
    };
    let model_names = check_model_names(&mut checker, models_file);
    let ir_models = resolve_models(&mut checker, models_file, &model_names);
    let ir_operations = resolve_operations(&mut checker, operations_file, &model_names);
    if checker.problems.is_empty() {
        Ok(ir::Api {
            operations: ir_operations,
            models: ir_models,
        })
    } else {
        Err(Diagnostics::sorted(checker.problems))
    }
}

/// Spec name → index, after checking that names are unique, also as Rust names.
fn check_model_names(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
) -> BTreeMap<String, usize> {
    let mut by_name = BTreeMap::new();
    let mut by_rust: HashMap<String, String> = HashMap::new();
    for (i, model) in file.models.iter().enumerate() {
        let path = format!("models[{i}].name");
        if model.name.is_empty() {
            checker.report(In::Models, &path, "a model name cannot be empty", None);
            continue;
        }
        if by_name.insert(model.name.clone(), i).is_some() {
            checker.report(
                In::Models,
                &path,
                format!("model `{}` is defined twice", model.name),
                None,
            );
            continue;
        }
        let rust = naming::model_type_name(&model.name);
        if naming::RESERVED_TYPE_NAMES.contains(&rust.as_str()) {
            checker.report(
                In::Models,
                &path,
                format!(
                    "model `{}` becomes the Rust type `{rust}`, a name the generated code already uses",
                    model.name
                ),
                Some(format!("rename it, e.g. `{}Model`", model.name)),
            );
        }
        if let Some(other) = by_rust.insert(rust.clone(), model.name.clone()) {
            checker.report(
                In::Models,
                &path,
                format!(
                    "models `{other}` and `{}` both become the Rust type `{rust}`",
                    model.name
                ),
                Some("rename one of them".into()),
            );
        }
    }
    by_name
}

/// Parses a type expression: `string`, `integer`, `number`, `boolean`, `json`,
/// `list<T>`, `map<T>` or a model name, with an optional format.
/// Resolves a type expression, refusing one nested deeper than
/// [`MAX_TYPE_NESTING`](crate::limits::MAX_TYPE_NESTING) before recursing
/// into it (every later stage recurses on the type too).
fn resolve_type(
    checker: &mut Checker<'_>,
    file: In,
    path: &str,
    ty: &str,
    format: Option<&str>,
    models: &BTreeMap<String, usize>,
    model_kinds: &dyn Fn(&str) -> String,
) -> Option<ir::Type> {
    let limit = crate::limits::MAX_TYPE_NESTING;
    if type_nesting(ty) > limit {
        checker.report(
            file,
            path,
            format!("the type is nested deeper than {limit} levels of list<…> and map<…>"),
            Some("name an intermediate model instead".into()),
        );
        return None;
    }
    resolve_nested_type(checker, file, path, ty, format, models, model_kinds)
}

/// How many `list<`/`map<` a type expression opens, counted without recursion.
fn type_nesting(ty: &str) -> usize {
    let mut rest = ty.trim();
    let mut levels = 0;
    while let Some(inner) = rest
        .strip_prefix("list<")
        .or_else(|| rest.strip_prefix("map<"))
    {
        levels += 1;
        rest = inner.trim_start();
    }
    levels
}

fn resolve_nested_type(
    checker: &mut Checker<'_>,
    file: In,
    path: &str,
    ty: &str,
    format: Option<&str>,
    models: &BTreeMap<String, usize>,
    model_kinds: &dyn Fn(&str) -> String,
) -> Option<ir::Type> {
    let ty = ty.trim();
    let inner = |prefix: &str| ty.strip_prefix(prefix).and_then(|t| t.strip_suffix('>'));
    if let Some(item) = inner("list<") {
        return resolve_nested_type(checker, file, path, item, format, models, model_kinds)
            .map(|t| ir::Type::List(Box::new(t)));
    }
    if let Some(value) = inner("map<") {
        return resolve_nested_type(checker, file, path, value, None, models, model_kinds)
            .map(|t| ir::Type::Map(Box::new(t)));
    }
    let format_path = path.replace(".type", ".format");
    let bad_format = |checker: &mut Checker<'_>, allowed: &str| {
        checker.report(
            file,
            &format_path,
            format!(
                "format `{}` does not apply to type `{ty}`",
                format.unwrap_or_default()
            ),
            Some(format!("formats for `{ty}`: {allowed}")),
        );
        None
    };
    match ty {
        "string" => match format {
            None | Some("password" | "uri" | "email" | "byte") => Some(ir::Type::String),
            Some("date-time") => Some(ir::Type::DateTime),
            Some(_) => bad_format(checker, "date-time, password, uri, email, byte"),
        },
        "integer" => match format {
            None | Some("int32") => Some(ir::Type::I32),
            Some("int64") => Some(ir::Type::I64),
            Some(_) => bad_format(checker, "int32, int64"),
        },
        "number" => match format {
            None | Some("double" | "float") => Some(ir::Type::F64),
            Some(_) => bad_format(checker, "double, float"),
        },
        "boolean" => match format {
            None => Some(ir::Type::Bool),
            Some(_) => bad_format(checker, "none"),
        },
        "json" => Some(ir::Type::Json),
        name if models.contains_key(name) => {
            let rust = model_kinds(name);
            if matches!(file, In::Operations)
                && naming::OPERATION_SCOPE_NAMES.contains(&rust.as_str())
            {
                checker.report(
                    file,
                    path,
                    format!("an operation cannot use the model `{name}`: its Rust name `{rust}` is taken in operation files"),
                    Some(format!("rename the model `{name}`")),
                );
                return None;
            }
            Some(ir::Type::Model(rust))
        }
        name => {
            let builtins = ["string", "integer", "number", "boolean", "json"];
            let candidates = builtins
                .iter()
                .copied()
                .chain(models.keys().map(String::as_str));
            let hint = closest(name, candidates).map(|c| format!("did you mean `{c}`?"));
            checker.report(file, path, format!("unknown type `{name}`"), hint.or(Some(
                "a type is string, integer, number, boolean, json, list<T>, map<T> or a model name".into(),
            )));
            None
        }
    }
}

fn literal(value: &serde_yaml::Value, ty: &ir::Type) -> Result<ir::Literal, String> {
    use serde_yaml::Value;
    match (ty, value) {
        (ir::Type::String | ir::Type::DateTime, Value::String(s)) => {
            Ok(ir::Literal::String(s.clone()))
        }
        (ir::Type::I32, Value::Number(n)) => n
            .as_i64()
            .filter(|v| i32::try_from(*v).is_ok())
            .map(ir::Literal::Integer)
            .ok_or_else(|| format!("default {n} is not a 32-bit integer")),
        (ir::Type::I64, Value::Number(n)) => n
            .as_i64()
            .map(ir::Literal::Integer)
            .ok_or_else(|| format!("default {n} is not a 64-bit integer")),
        (ir::Type::F64, Value::Number(n)) => n
            .as_f64()
            .filter(|x| x.is_finite())
            .map(ir::Literal::Float)
            .ok_or_else(|| format!("default {n} is not a finite number")),
        (ir::Type::Bool, Value::Bool(b)) => Ok(ir::Literal::Bool(*b)),
        (ty, value) => Err(format!(
            "default {} does not fit type {}",
            crate::diagnostics::brief(value),
            describe(ty)
        )),
    }
}

fn describe(ty: &ir::Type) -> String {
    match ty {
        ir::Type::String => "string".into(),
        ir::Type::DateTime => "string (date-time)".into(),
        ir::Type::I32 => "integer (int32)".into(),
        ir::Type::I64 => "integer (int64)".into(),
        ir::Type::F64 => "number".into(),
        ir::Type::Bool => "boolean".into(),
        ir::Type::Json => "json".into(),
        ir::Type::Model(m) => m.clone(),
        ir::Type::List(t) => format!("list<{}>", describe(t)),
        ir::Type::Map(t) => format!("map<{}>", describe(t)),
    }
}

/// The Rust name of the struct that holds a union's base fields.
fn union_base_name(rust_name: &str) -> String {
    format!("{rust_name}Base")
}

fn resolve_models(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
    names: &BTreeMap<String, usize>,
) -> Vec<ir::Model> {
    let rust_of = |name: &str| naming::model_type_name(name);
    let own_fields = resolve_own_fields(checker, file, names);
    let mut resolved = Vec::new();
    for (i, model) in file.models.iter().enumerate() {
        let base = format!("models[{i}]");
        let rust_name = rust_of(&model.name);
        match model.kind.as_str() {
            "enum" => {
                if !model.fields.is_empty()
                    || model.extends.is_some()
                    || model.discriminator.is_some()
                {
                    checker.report(
                        In::Models,
                        &format!("{base}.kind"),
                        "an enum has only `values`",
                        None,
                    );
                }
                if model.values.is_empty() {
                    checker.report(
                        In::Models,
                        &format!("{base}.values"),
                        "an enum needs at least one value",
                        None,
                    );
                }
                let mut seen_wire = BTreeSet::new();
                let mut seen_variant: HashMap<String, String> = HashMap::new();
                let mut values = Vec::new();
                for (j, wire) in model.values.iter().enumerate() {
                    let path = format!("{base}.values[{j}]");
                    if !seen_wire.insert(wire.clone()) {
                        checker.report(
                            In::Models,
                            &path,
                            format!("value `{wire}` is listed twice"),
                            None,
                        );
                        continue;
                    }
                    let variant = naming::variant_name(wire);
                    if variant == naming::ENUM_FALLBACK {
                        checker.report(
                            In::Models,
                            &path,
                            format!(
                                "value `{wire}` becomes the variant `{variant}`, which every open enum keeps for the values its spec does not list"
                            ),
                            None,
                        );
                        continue;
                    }
                    if let Some(other) = seen_variant.insert(variant.clone(), wire.clone()) {
                        checker.report(
                            In::Models,
                            &path,
                            format!(
                                "values `{other}` and `{wire}` both become the variant `{variant}`"
                            ),
                            None,
                        );
                    }
                    values.push(ir::EnumValue {
                        wire: wire.clone(),
                        variant,
                    });
                }
                resolved.push(ir::Model {
                    spec_name: model.name.clone(),
                    module: naming::module_name(&rust_name),
                    rust_name,
                    description: model.description.clone(),
                    kind: ir::ModelKind::Enum(ir::Enum {
                        fallback: naming::ENUM_FALLBACK.to_owned(),
                        values,
                    }),
                });
            }
            "object" => {
                if !model.values.is_empty() {
                    checker.report(
                        In::Models,
                        &format!("{base}.values"),
                        "only an enum has `values`",
                        None,
                    );
                }
                let fields = match inherited_fields(file, names, &own_fields, i) {
                    Ok(fields) => fields,
                    Err(problem) => {
                        let message = match problem {
                            ChainProblem::Loop => {
                                format!("`{}` extends itself through `extends`", model.name)
                            }
                            ChainProblem::TooLong => format!(
                                "`{}` has more than {} models above it through `extends`",
                                model.name,
                                crate::limits::MAX_EXTENDS_DEPTH
                            ),
                        };
                        checker.report(In::Models, &format!("{base}.extends"), message, None);
                        Vec::new()
                    }
                };
                let parent = model.extends.as_ref().and_then(|p| {
                    let path = format!("{base}.extends");
                    match names.get(p) {
                        Some(&j) if file.models[j].kind == "object" => Some(rust_of(p)),
                        Some(_) => {
                            checker.report(
                                In::Models,
                                &path,
                                format!("`{p}` is not an object model"),
                                None,
                            );
                            None
                        }
                        None => {
                            let hint = closest(p, names.keys().map(String::as_str))
                                .map(|c| format!("did you mean `{c}`?"));
                            checker.report(In::Models, &path, format!("unknown model `{p}`"), hint);
                            None
                        }
                    }
                });
                let description = model.description.clone();
                if let Some(discriminator) = &model.discriminator {
                    let union = resolve_union(checker, file, i, discriminator, names, &fields);
                    let base_name = union_base_name(&rust_name);
                    resolved.push(ir::Model {
                        spec_name: model.name.clone(),
                        module: naming::module_name(&base_name),
                        rust_name: base_name,
                        description: Some(format!(
                            "The fields every `{}` has, whatever its `{}`. Holds applications of a kind this crate does not know.",
                            model.name, discriminator.property
                        )),
                        kind: ir::ModelKind::Object(ir::Object { fields, parent, tag: None }),
                    });
                    resolved.push(ir::Model {
                        spec_name: model.name.clone(),
                        module: naming::module_name(&rust_name),
                        rust_name,
                        description,
                        kind: ir::ModelKind::Union(union),
                    });
                } else {
                    resolved.push(ir::Model {
                        spec_name: model.name.clone(),
                        module: naming::module_name(&rust_name),
                        rust_name,
                        description,
                        kind: ir::ModelKind::Object(ir::Object {
                            fields,
                            parent,
                            tag: None,
                        }),
                    });
                }
            }
            other => {
                let hint =
                    closest(other, ["object", "enum"]).map(|c| format!("did you mean `{c}`?"));
                checker.report(
                    In::Models,
                    &format!("{base}.kind"),
                    format!("unknown model kind `{other}`"),
                    hint.or(Some("a model kind is `object` or `enum`".into())),
                );
            }
        }
    }
    check_generated_model_names(checker, names, &resolved);
    check_recursion(checker, file, &resolved);
    resolved.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    set_union_tags(&mut resolved);
    resolved
}

/// Each model's own fields, resolved and checked; inheritance comes later.
fn resolve_own_fields(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
    names: &BTreeMap<String, usize>,
) -> Vec<Vec<ir::Field>> {
    let rust_of = |name: &str| naming::model_type_name(name);
    let mut all = Vec::new();
    for (index, model) in file.models.iter().enumerate() {
        let mut fields: Vec<ir::Field> = Vec::new();
        let mut seen_rust: HashMap<String, String> = HashMap::new();
        for (k, field) in model.fields.iter().enumerate() {
            let path = format!("models[{index}].fields[{k}]");
            let rust_name = naming::field_name(&field.name);
            if rust_name == "additional_properties" {
                checker.report(In::Models, &format!("{path}.name"), "the field name `additional_properties` is reserved for fields the spec does not list", None);
                continue;
            }
            if fields.iter().any(|f| f.wire_name == field.name) {
                checker.report(
                    In::Models,
                    &format!("{path}.name"),
                    format!("field `{}` is declared twice", field.name),
                    None,
                );
                continue;
            }
            if let Some(other) = seen_rust.insert(rust_name.clone(), field.name.clone()) {
                checker.report(
                    In::Models,
                    &format!("{path}.name"),
                    format!(
                        "fields `{other}` and `{}` both become the Rust field `{rust_name}`",
                        field.name
                    ),
                    None,
                );
                continue;
            }
            let Some(ty) = resolve_type(
                checker,
                In::Models,
                &format!("{path}.type"),
                &field.ty,
                field.format.as_deref(),
                names,
                &rust_of,
            ) else {
                continue;
            };
            let default = field.default.as_ref().and_then(|d| match literal(d, &ty) {
                Ok(l) => Some(l),
                Err(message) => {
                    checker.report(In::Models, &format!("{path}.default"), message, None);
                    None
                }
            });
            if field.secret && ty != ir::Type::String {
                checker.report(
                    In::Models,
                    &format!("{path}.secret"),
                    "`secret` applies to string fields only".to_owned(),
                    None,
                );
                continue;
            }
            fields.push(ir::Field {
                wire_name: field.name.clone(),
                rust_name,
                ty,
                required: field.required,
                read_only: field.read_only,
                secret: field.secret,
                default,
                description: field.description.clone(),
                format: field.format.clone(),
            });
        }
        all.push(fields);
    }
    all
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
    names: &BTreeMap<String, usize>,
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

fn resolve_union(
    checker: &mut Checker<'_>,
    file: &spec::ModelsFile,
    index: usize,
    discriminator: &spec::Discriminator,
    names: &BTreeMap<String, usize>,
    base_fields: &[ir::Field],
) -> ir::Union {
    let model = &file.models[index];
    let base = format!("models[{index}].discriminator");
    let property = base_fields
        .iter()
        .find(|f| f.wire_name == discriminator.property);
    if let Some(field) = property {
        let is_text = match &field.ty {
            ir::Type::String => true,
            ir::Type::Model(rust) => file.models.iter().any(|m| {
                m.kind == "enum"
                    && naming::model_type_name(&m.name) == *rust
                    && names.contains_key(&m.name)
            }),
            _ => false,
        };
        if !is_text {
            checker.report(
                In::Models,
                &format!("{base}.property"),
                format!(
                    "the discriminator `{}` is of type {}; it must be a string or an enum",
                    discriminator.property,
                    describe(&field.ty)
                ),
                None,
            );
        }
    } else {
        let hint = closest(
            &discriminator.property,
            base_fields.iter().map(|f| f.wire_name.as_str()),
        )
        .map(|c| format!("did you mean `{c}`?"));
        checker.report(
            In::Models,
            &format!("{base}.property"),
            format!(
                "`{}` has no field `{}` to discriminate on",
                model.name, discriminator.property
            ),
            hint,
        );
    }
    let mut by_model: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (tag, target) in &discriminator.mapping {
        let path = format!("{base}.mapping.{tag}");
        match names.get(target) {
            None => {
                let hint = closest(target, names.keys().map(String::as_str))
                    .map(|c| format!("did you mean `{c}`?"));
                checker.report(
                    In::Models,
                    &path,
                    format!("mapping `{tag}` names the unknown model `{target}`"),
                    hint,
                );
            }
            Some(&j) if file.models[j].extends.as_deref() != Some(model.name.as_str()) => {
                checker.report(In::Models, &path, format!("mapping `{tag}` names `{target}`, which does not extend `{}` and so has no `{}`", model.name, discriminator.property), Some(format!("add `extends: {}` to `{target}`", model.name)));
            }
            Some(_) => by_model
                .entry(target.clone())
                .or_default()
                .push(tag.clone()),
        }
    }
    let rust_base = naming::model_type_name(&model.name);
    let mut variants: Vec<ir::UnionVariant> = by_model
        .into_iter()
        .map(|(target, tags)| {
            let rust = naming::model_type_name(&target);
            let variant = rust
                .strip_suffix(&rust_base)
                .filter(|v| !v.is_empty())
                .unwrap_or(&rust)
                .to_owned();
            ir::UnionVariant {
                variant,
                model: rust,
                tags,
            }
        })
        .collect();
    variants.sort_by(|a, b| a.variant.cmp(&b.variant));
    for pair in variants.windows(2) {
        if pair[0].variant == pair[1].variant {
            checker.report(
                In::Models,
                &format!("{base}.mapping"),
                format!(
                    "models `{}` and `{}` both become the variant `{}`",
                    pair[0].model, pair[1].model, pair[0].variant
                ),
                None,
            );
        }
    }
    if variants.iter().any(|v| v.variant == "Other") {
        checker.report(
            In::Models,
            &format!("{base}.mapping"),
            "the variant name `Other` is reserved for unknown tags",
            None,
        );
    }
    ir::Union {
        property: discriminator.property.clone(),
        base: union_base_name(&rust_base),
        variants,
    }
}

/// Names the generator derives from model names (a union's `…Base` struct,
/// each model's module file) must not collide with one another.
fn check_generated_model_names(
    checker: &mut Checker<'_>,
    names: &BTreeMap<String, usize>,
    models: &[ir::Model],
) {
    let mut by_rust: BTreeMap<&str, &ir::Model> = BTreeMap::new();
    let mut by_module: BTreeMap<&str, &ir::Model> = BTreeMap::new();
    for model in models {
        let index = names.get(&model.spec_name).copied().unwrap_or(0);
        let derived = naming::model_type_name(&model.spec_name) != model.rust_name;
        match by_rust.get(model.rust_name.as_str()) {
            // Two models with one Rust name are reported by `check_model_names`.
            Some(&other)
                if other.spec_name != model.spec_name
                    && (derived
                        || naming::model_type_name(&other.spec_name) != other.rust_name) =>
            {
                let (union, plain) = if derived {
                    (model, other)
                } else {
                    (other, model)
                };
                let union_index = names.get(&union.spec_name).copied().unwrap_or(index);
                checker.report(
                    In::Models,
                    &format!("models[{union_index}].discriminator"),
                    format!(
                        "the union `{}` keeps its common fields in a struct `{}`, but model `{}` already has that name",
                        union.spec_name, model.rust_name, plain.spec_name
                    ),
                    Some(format!("rename `{}`", plain.spec_name)),
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
                checker.report(
                    In::Models,
                    &format!("models[{index}].name"),
                    format!(
                        "models `{}` and `{}` both become the file `src/models/{}.rs`",
                        other.spec_name, model.spec_name, model.module
                    ),
                    Some("rename one of them".into()),
                );
            }
        }
    }
}

/// Names the generated operation files use must not collide: builders and
/// body types share `crate::operations`, and each file also imports its
/// models and a few runtime items.
fn check_generated_operation_names(
    checker: &mut Checker<'_>,
    operations: &[(usize, ir::Operation)],
) {
    let mut exported: BTreeMap<String, String> = BTreeMap::new();
    for (i, op) in operations {
        let base = format!("operations[{i}]");
        if naming::RESERVED_CLIENT_METHODS.contains(&op.fn_name.as_str()) {
            checker.report(
                In::Operations,
                &format!("{base}.id"),
                format!(
                    "operationId `{}` becomes the method `{}`, which `Client` already has",
                    op.id, op.fn_name
                ),
                Some("rename the operation".into()),
            );
        }
        let mut used_models = BTreeSet::new();
        for param in &op.params {
            collect_models(&param.ty, &mut used_models);
        }
        if let Some(ir::Body::Json { ty, .. }) = &op.body {
            collect_models(ty, &mut used_models);
        }
        if let Some(ty) = &op.response.ty {
            collect_models(ty, &mut used_models);
        }
        if let Some(pagination) = &op.pagination {
            collect_models(&pagination.item, &mut used_models);
        }
        let mut types = vec![op.builder_name.clone()];
        if let Some(ir::Body::Binary { type_name, .. }) = &op.body {
            types.push(type_name.clone());
        }
        for name in types {
            let clash = naming::OPERATION_SCOPE_NAMES.contains(&name.as_str())
                || naming::RESERVED_TYPE_NAMES.contains(&name.as_str());
            if clash || used_models.contains(&name) {
                checker.report(
                    In::Operations,
                    &format!("{base}.id"),
                    format!(
                        "operationId `{}` gives the type `{name}`, a name its generated file already uses",
                        op.id
                    ),
                    Some("rename the operation".into()),
                );
            } else if let Some(other) = exported.insert(name.clone(), op.id.clone()) {
                checker.report(
                    In::Operations,
                    &format!("{base}.id"),
                    format!(
                        "operations `{other}` and `{}` both give the type `{name}` in `crate::operations`",
                        op.id
                    ),
                    Some("rename one of them".into()),
                );
            }
        }
    }
}

fn collect_models(ty: &ir::Type, into: &mut BTreeSet<String>) {
    match ty {
        ir::Type::Model(name) => {
            into.insert(name.clone());
        }
        ir::Type::List(inner) | ir::Type::Map(inner) => collect_models(inner, into),
        _ => {}
    }
}

/// A model that contains itself without a list or map in between would have
/// infinite size; such a spec is refused rather than boxed behind the user's back.
///
/// The models that contain one another directly form the strongly connected
/// components of the "holds a field of" graph (Tarjan's algorithm, linear in
/// models and fields); each model of a cycle is reported with one shortest
/// cycle through it, found within its component. A component larger than
/// [`MAX_REPORTED_CYCLE`] is reported once, at its first model.
fn check_recursion(checker: &mut Checker<'_>, file: &spec::ModelsFile, models: &[ir::Model]) {
    let by_rust: HashMap<&str, usize> = models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.rust_name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|model| {
            direct_refs(model)
                .into_iter()
                .filter_map(|name| by_rust.get(name).copied())
                .collect()
        })
        .collect();
    for component in strongly_connected(&edges) {
        let cyclic = component.len() > 1 || edges[component[0]].contains(&component[0]);
        if !cyclic {
            continue;
        }
        let members: BTreeSet<usize> = component.iter().copied().collect();
        let reported: Vec<usize> = if component.len() > MAX_REPORTED_CYCLE {
            members.iter().next().copied().into_iter().collect()
        } else {
            members.iter().copied().collect()
        };
        for start in reported {
            let cycle = shortest_cycle(start, &edges, &members);
            let names: Vec<&str> = cycle
                .iter()
                .map(|&m| models[m].spec_name.as_str())
                .collect();
            let shown = if names.len() > 8 {
                format!(
                    "{} → … → {} ({} models)",
                    names[..4].join(" → "),
                    names[names.len() - 2..].join(" → "),
                    names.len() - 1
                )
            } else {
                names.join(" → ")
            };
            let model = &models[start];
            let index = file
                .models
                .iter()
                .position(|m| m.name == model.spec_name)
                .unwrap_or(0);
            checker.report(
                In::Models,
                &format!("models[{index}].name"),
                format!("`{}` contains itself: {shown}", model.spec_name),
                Some("break the cycle with a list<…> or map<…> field".into()),
            );
        }
    }
}

/// Cycles longer than this are reported once, not at each of their models.
const MAX_REPORTED_CYCLE: usize = 32;

/// The models `model` holds directly (not through a list or map).
fn direct_refs(model: &ir::Model) -> Vec<&str> {
    match &model.kind {
        ir::ModelKind::Object(o) => o
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                ir::Type::Model(m) => Some(m.as_str()),
                _ => None,
            })
            .collect(),
        ir::ModelKind::Union(u) => u
            .variants
            .iter()
            .map(|v| v.model.as_str())
            .chain([u.base.as_str()])
            .collect(),
        ir::ModelKind::Enum(_) => Vec::new(),
    }
}

/// Tarjan's strongly connected components, without recursion.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let mut order = vec![UNSEEN; edges.len()];
    let mut low = vec![0; edges.len()];
    let mut on_stack = vec![false; edges.len()];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..edges.len() {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if *next == 0 {
                order[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                if order[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// A shortest path from `start` back to itself inside `members`, both ends included.
fn shortest_cycle(start: usize, edges: &[Vec<usize>], members: &BTreeSet<usize>) -> Vec<usize> {
    let mut came_from: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in &edges[node] {
            if next == start {
                let mut path = vec![node];
                let mut at = node;
                while let Some(&previous) = came_from.get(&at) {
                    path.push(previous);
                    at = previous;
                }
                // node → … → start, read backwards, and closed.
                path.reverse();
                path.push(start);
                return path;
            }
            if members.contains(&next) && next != start && !came_from.contains_key(&next) {
                came_from.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start, start]
}

fn resolve_operations(
    checker: &mut Checker<'_>,
    file: &spec::OperationsFile,
    models: &BTreeMap<String, usize>,
) -> Vec<ir::Operation> {
    let rust_of = |name: &str| naming::model_type_name(name);
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut seen_fns: HashMap<String, String> = HashMap::new();
    let mut resolved = Vec::new();
    for (i, op) in file.operations.iter().enumerate() {
        let base = format!("operations[{i}]");
        if op.id.is_empty() || !op.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            checker.report(
                In::Operations,
                &format!("{base}.id"),
                format!(
                    "operationId `{}` must be non-empty ASCII letters, digits or `_`",
                    op.id
                ),
                None,
            );
            continue;
        }
        if seen_ids.insert(op.id.clone(), i).is_some() {
            checker.report(
                In::Operations,
                &format!("{base}.id"),
                format!("operationId `{}` is used twice", op.id),
                None,
            );
            continue;
        }
        let fn_name = naming::fn_name(&op.id);
        if let Some(other) = seen_fns.insert(fn_name.clone(), op.id.clone()) {
            checker.report(
                In::Operations,
                &format!("{base}.id"),
                format!(
                    "operations `{other}` and `{}` both become the method `{fn_name}`",
                    op.id
                ),
                None,
            );
        }
        let known_method = match op.method.as_str() {
            "GET" => Some(ir::Method::Get),
            "POST" => Some(ir::Method::Post),
            "PUT" => Some(ir::Method::Put),
            "PATCH" => Some(ir::Method::Patch),
            "DELETE" => Some(ir::Method::Delete),
            other => {
                let hint = closest(
                    &other.to_ascii_uppercase(),
                    ["GET", "POST", "PUT", "PATCH", "DELETE"],
                )
                .map(|c| format!("did you mean `{c}`?"));
                checker.report(
                    In::Operations,
                    &format!("{base}.method"),
                    format!("unknown HTTP method `{other}`"),
                    hint.or(Some(
                        "methods are upper case: GET, POST, PUT, PATCH, DELETE".into(),
                    )),
                );
                None
            }
        };
        // An unknown method is reported above; the rest is still checked.
        let method = known_method.unwrap_or(ir::Method::Post);

        let mut params = Vec::new();
        let mut seen_wire: HashSet<(String, ir::ParamLocation)> = HashSet::new();
        let mut seen_rust: HashMap<String, String> = HashMap::new();
        for (j, param) in op.params.iter().enumerate() {
            let path = format!("{base}.params[{j}]");
            let location = match param.location.as_str() {
                "path" => ir::ParamLocation::Path,
                "query" => ir::ParamLocation::Query,
                "header" => ir::ParamLocation::Header,
                other => {
                    let hint = closest(other, ["path", "query", "header"])
                        .map(|c| format!("did you mean `{c}`?"));
                    checker.report(
                        In::Operations,
                        &format!("{path}.in"),
                        format!("unknown parameter location `{other}`"),
                        hint.or(Some("a parameter is `in` path, query or header".into())),
                    );
                    continue;
                }
            };
            let Some(ty) = resolve_type(
                checker,
                In::Operations,
                &format!("{path}.type"),
                &param.ty,
                param.format.as_deref(),
                models,
                &rust_of,
            ) else {
                continue;
            };
            if !matches!(
                ty,
                ir::Type::String | ir::Type::I32 | ir::Type::I64 | ir::Type::F64 | ir::Type::Bool
            ) {
                checker.report(
                    In::Operations,
                    &format!("{path}.type"),
                    format!(
                        "a {} parameter must be a string, integer, number or boolean, not {}",
                        param.location,
                        describe(&ty)
                    ),
                    None,
                );
                continue;
            }
            if location == ir::ParamLocation::Path && !param.required {
                checker.report(
                    In::Operations,
                    &format!("{path}.required"),
                    format!("path parameter `{}` must be `required: true`", param.name),
                    None,
                );
            }
            if location == ir::ParamLocation::Header
                && !param
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                checker.report(
                    In::Operations,
                    &format!("{path}.name"),
                    format!("`{}` is not a valid header name", param.name),
                    None,
                );
            }
            let default = param.default.as_ref().and_then(|d| match literal(d, &ty) {
                Ok(l) => Some(l),
                Err(message) => {
                    checker.report(In::Operations, &format!("{path}.default"), message, None);
                    None
                }
            });
            if !seen_wire.insert((param.name.clone(), location)) {
                checker.report(
                    In::Operations,
                    &format!("{path}.name"),
                    format!("parameter `{}` is declared twice", param.name),
                    None,
                );
                continue;
            }
            let rust_name = naming::field_name(&param.name);
            if naming::RESERVED_BUILDER_MEMBERS.contains(&rust_name.as_str()) {
                checker.report(
                    In::Operations,
                    &format!("{path}.name"),
                    format!(
                        "parameter `{}` becomes `{rust_name}`, a name every request builder already uses",
                        param.name
                    ),
                    Some(format!(
                        "the reserved names are {}",
                        naming::RESERVED_BUILDER_MEMBERS.join(", ")
                    )),
                );
                continue;
            }
            if let Some(other) = seen_rust.insert(rust_name.clone(), param.name.clone()) {
                let message = if other == param.name {
                    format!(
                        "parameter `{other}` is declared twice (in different places); both would be the Rust argument `{rust_name}`"
                    )
                } else {
                    format!(
                        "parameters `{other}` and `{}` both become the Rust name `{rust_name}`",
                        param.name
                    )
                };
                checker.report(
                    In::Operations,
                    &format!("{path}.name"),
                    message,
                    Some("rename one of them".into()),
                );
                continue;
            }
            params.push((
                j,
                ir::Param {
                    wire_name: param.name.clone(),
                    rust_name,
                    location,
                    ty,
                    required: param.required || location == ir::ParamLocation::Path,
                    default,
                    description: param.description.clone(),
                },
            ));
        }

        // Path template against path parameters.
        let mut template_params = Vec::new();
        let mut rest = op.path.as_str();
        if !op.path.starts_with('/') {
            checker.report(
                In::Operations,
                &format!("{base}.path"),
                format!("path `{}` must start with `/`", op.path),
                None,
            );
        }
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                checker.report(
                    In::Operations,
                    &format!("{base}.path"),
                    "unclosed `{` in the path template",
                    None,
                );
                break;
            };
            template_params.push(rest[open + 1..open + close].to_owned());
            rest = &rest[open + close + 1..];
        }
        for name in &template_params {
            if !params
                .iter()
                .any(|(_, p)| p.location == ir::ParamLocation::Path && &p.wire_name == name)
            {
                let declared = params
                    .iter()
                    .filter(|(_, p)| p.location == ir::ParamLocation::Path)
                    .map(|(_, p)| p.wire_name.as_str());
                let hint = closest(name, declared)
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| "declare it under `params` with `in: path`".to_owned());
                checker.report(
                    In::Operations,
                    &format!("{base}.path"),
                    format!(
                        "the path uses `{{{name}}}`, but no path parameter `{name}` is declared"
                    ),
                    Some(hint),
                );
            }
        }
        for (j, p) in &params {
            if p.location == ir::ParamLocation::Path && !template_params.contains(&p.wire_name) {
                checker.report(
                    In::Operations,
                    &format!("{base}.params[{j}].name"),
                    format!(
                        "path parameter `{}` does not appear in the path `{}`",
                        p.wire_name, op.path
                    ),
                    None,
                );
            }
        }
        let mut ordered: Vec<ir::Param> = Vec::new();
        for name in &template_params {
            if let Some((_, p)) = params
                .iter()
                .find(|(_, p)| p.location == ir::ParamLocation::Path && &p.wire_name == name)
            {
                if !ordered
                    .iter()
                    .any(|o| o.wire_name == p.wire_name && o.location == ir::ParamLocation::Path)
                {
                    ordered.push(p.clone());
                }
            }
        }
        for location in [ir::ParamLocation::Query, ir::ParamLocation::Header] {
            ordered.extend(
                params
                    .iter()
                    .filter(|(_, p)| p.location == location)
                    .map(|(_, p)| p.clone()),
            );
        }
        let mut path_pieces = Vec::new();
        let mut rest = op.path.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            if open > 0 {
                path_pieces.push(ir::PathPiece::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..open + close];
            if let Some(k) = ordered
                .iter()
                .position(|p| p.location == ir::ParamLocation::Path && p.wire_name == name)
            {
                path_pieces.push(ir::PathPiece::Param(k));
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            path_pieces.push(ir::PathPiece::Literal(rest.to_owned()));
        }

        let body = op
            .body
            .as_ref()
            .and_then(|b| resolve_body(checker, &base, op, b, models, &ordered));
        if op.body.is_some() && known_method == Some(ir::Method::Get) {
            checker.report(
                In::Operations,
                &format!("{base}.body"),
                "a GET request cannot have a body",
                Some("remove `body`, or change `method`".into()),
            );
        }

        let response_ty = op.response.ty.as_ref().and_then(|t| {
            resolve_type(
                checker,
                In::Operations,
                &format!("{base}.response.type"),
                t,
                None,
                models,
                &rust_of,
            )
        });
        if !(200..300).contains(&op.response.status) {
            checker.report(
                In::Operations,
                &format!("{base}.response.status"),
                format!("success status {} is not 2xx", op.response.status),
                None,
            );
        }
        if op.response.status == 204 && op.response.ty.is_some() {
            checker.report(
                In::Operations,
                &format!("{base}.response.type"),
                "a 204 response has no body",
                None,
            );
        }
        let mut errors = op.errors.clone();
        for (j, status) in op.errors.iter().enumerate() {
            if !(400..600).contains(status) {
                checker.report(
                    In::Operations,
                    &format!("{base}.errors[{j}]"),
                    format!("error status {status} is not 4xx or 5xx"),
                    None,
                );
            }
        }
        errors.sort_unstable();
        if errors.windows(2).any(|w| w[0] == w[1]) {
            checker.report(
                In::Operations,
                &format!("{base}.errors"),
                "an error status is listed twice",
                None,
            );
        }
        errors.dedup();

        let has_cursor = ordered
            .iter()
            .any(|p| p.location == ir::ParamLocation::Query && p.wire_name == "after");
        let pagination = match (&response_ty, has_cursor) {
            (Some(ir::Type::List(item)), true) => Some(ir::Pagination {
                item: (**item).clone(),
            }),
            _ => None,
        };

        resolved.push((
            i,
            ir::Operation {
                id: op.id.clone(),
                builder_name: naming::model_type_name(&op.id),
                fn_name,
                method,
                path: op.path.clone(),
                path_pieces,
                summary: op.summary.clone(),
                description: op.description.clone(),
                params: ordered,
                body,
                response: ir::Response {
                    status: op.response.status,
                    description: op.response.description.clone(),
                    ty: response_ty,
                },
                errors,
                scopes: op.scopes.clone(),
                pagination,
            },
        ));
    }
    check_generated_operation_names(checker, &resolved);
    resolved.into_iter().map(|(_, op)| op).collect()
}

fn resolve_body(
    checker: &mut Checker<'_>,
    base: &str,
    op: &spec::Operation,
    body: &spec::Body,
    models: &BTreeMap<String, usize>,
    params: &[ir::Param],
) -> Option<ir::Body> {
    let path = format!("{base}.body");
    let rust_of = |name: &str| naming::model_type_name(name);
    // Without a `name`, a body is `body`, and a multipart upload `file`.
    let fallback = if body.kind == "multipart" {
        "file"
    } else {
        "body"
    };
    let rust_name = naming::field_name(body.name.as_deref().unwrap_or(fallback));
    if naming::RESERVED_BUILDER_MEMBERS.contains(&rust_name.as_str()) {
        checker.report(
            In::Operations,
            &format!("{path}.name"),
            format!(
                "the body's Rust name `{rust_name}` is a name every request builder already uses"
            ),
            Some("set a different `name` for the body".into()),
        );
    }
    if params.iter().any(|p| p.rust_name == rust_name) {
        checker.report(
            In::Operations,
            &format!("{path}.name"),
            format!("the body's Rust name `{rust_name}` is also a parameter's"),
            Some("set a different `name` for the body".into()),
        );
    }
    match body.kind.as_str() {
        "json" => {
            let Some(ty) = &body.ty else {
                checker.report(
                    In::Operations,
                    &format!("{path}.type"),
                    "a json body needs a `type`",
                    None,
                );
                return None;
            };
            let ty = resolve_type(
                checker,
                In::Operations,
                &format!("{path}.type"),
                ty,
                None,
                models,
                &rust_of,
            )?;
            Some(ir::Body::Json {
                rust_name,
                ty,
                required: body.required,
                description: body.description.clone(),
            })
        }
        "binary" => {
            if body.media_types.is_empty() {
                checker.report(
                    In::Operations,
                    &format!("{path}.media_types"),
                    "a binary body needs at least one media type",
                    None,
                );
                return None;
            }
            if !body.required {
                checker.report(
                    In::Operations,
                    &format!("{path}.required"),
                    "an optional binary body is not supported",
                    Some("set `required: true`".into()),
                );
            }
            let mut media_types = Vec::new();
            let mut seen = HashSet::new();
            for (j, media) in body.media_types.iter().enumerate() {
                let mpath = format!("{path}.media_types[{j}]");
                if !SUPPORTED_BINARY_MEDIA.contains(&media.media_type.as_str()) {
                    let hint = closest(&media.media_type, SUPPORTED_BINARY_MEDIA.iter().copied())
                        .map(|c| format!("did you mean `{c}`?"));
                    checker.report(
                        In::Operations,
                        &format!("{mpath}.media_type"),
                        format!(
                            "unsupported media type `{}` for a binary body",
                            media.media_type
                        ),
                        hint.or_else(|| {
                            Some(format!("supported: {}", SUPPORTED_BINARY_MEDIA.join(", ")))
                        }),
                    );
                    continue;
                }
                let variant = naming::model_type_name(&media.variant);
                if !seen.insert(variant.clone()) {
                    checker.report(
                        In::Operations,
                        &format!("{mpath}.variant"),
                        format!("variant `{variant}` is used twice"),
                        None,
                    );
                    continue;
                }
                media_types.push(ir::MediaType {
                    media_type: media.media_type.clone(),
                    variant,
                    description: media.description.clone(),
                });
            }
            Some(ir::Body::Binary {
                rust_name,
                type_name: format!("{}Body", naming::model_type_name(&op.id)),
                media_types,
                description: body.description.clone(),
            })
        }
        "multipart" => {
            let [part] = body.parts.as_slice() else {
                checker.report(
                    In::Operations,
                    &format!("{path}.parts"),
                    "a multipart body needs exactly one part",
                    Some("only single-file uploads are supported".into()),
                );
                return None;
            };
            if part.ty != "binary" {
                checker.report(
                    In::Operations,
                    &format!("{path}.parts[0].type"),
                    format!("part type `{}` is not supported", part.ty),
                    Some("a part is `type: binary`".into()),
                );
            }
            Some(ir::Body::MultipartFile {
                part_name: part.name.clone(),
                rust_name,
                description: body.description.clone(),
            })
        }
        other => {
            let hint = closest(other, ["json", "binary", "multipart"])
                .map(|c| format!("did you mean `{c}`?"));
            checker.report(
                In::Operations,
                &format!("{path}.kind"),
                format!("unknown body kind `{other}`"),
                hint.or(Some("a body kind is json, binary or multipart".into())),
            );
            None
        }
    }
}

/// Marks each object that exactly one discriminator value selects with that
/// value, so that its constructor can set it. `models` is sorted by Rust name.
fn set_union_tags(models: &mut [ir::Model]) {
    let tags: Vec<(String, (String, String))> = models
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
                    [tag] => Some((variant.model.clone(), (union.property.clone(), tag.clone()))),
                    _ => None,
                })
        })
        .collect();
    for (model_name, tag) in tags {
        if let Ok(index) = models.binary_search_by(|m| m.rust_name.as_str().cmp(&model_name)) {
            if let ir::ModelKind::Object(object) = &mut models[index].kind {
                object.tag = Some(tag);
            }
        }
    }
}
