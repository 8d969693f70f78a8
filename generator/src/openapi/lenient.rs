//! `--lenient`: what the importer produced goes through the generator's own
//! checks, and every operation they refuse is left out, with the reason, so
//! that what is written always generates.
//!
//! The importer maps what the spec format can say; the generator refuses more
//! (two parameters with one Rust name, a list in a header, a model whose
//! fields collide). Strict mode reports those when generating; lenient mode
//! finds them here, operation by operation.

use std::collections::{BTreeMap, BTreeSet};

use super::import::{operation_id, write_models, write_operations};
use super::Document;
use crate::diagnostics::Diagnostic;
use crate::{spec, SpecText, MODELS_FILE, OPERATIONS_FILE};

/// Checks `operations` and `models` as the generator would, and leaves out
/// every operation it refuses, and every operation that reaches a model it
/// refuses, until the rest passes; each is reported in `skipped`, located at
/// the operation in `document`. Models no remaining operation reaches go too.
pub(super) fn leave_out_what_does_not_generate(
    document: &Document,
    operations: &mut Vec<spec::Operation>,
    models: &mut Vec<spec::Model>,
    skipped: &mut Vec<Diagnostic>,
    skipped_operations: &mut Vec<String>,
) {
    let locations: BTreeMap<String, String> = document
        .operations()
        .map(|raw| (operation_id(&raw), raw.at.clone()))
        .collect();
    // Each round leaves out at least one operation, so this ends.
    while !operations.is_empty() {
        let refused = refused_by_the_generator(operations, models);
        if refused.is_empty() {
            return;
        }
        let reaching = reaching(operations, models);
        let mut left_out = BTreeMap::new();
        for (index, op) in operations.iter().enumerate() {
            let why: Vec<&Refusal> = refused
                .iter()
                .filter(|r| match &r.target {
                    Target::Operation(i) => *i == index,
                    Target::Model(name) => reaching[index].contains(name),
                })
                .collect();
            if let Some(first) = why.first() {
                left_out.insert(op.id.clone(), (*first).clone());
            }
        }
        if left_out.is_empty() {
            // A problem no operation owns (none is known): leave the rest as it is,
            // and let generation report it.
            return;
        }
        for (id, refusal) in &left_out {
            let at = locations.get(id).map_or("paths", String::as_str);
            let what = match &refusal.target {
                Target::Operation(_) => "it".to_owned(),
                Target::Model(name) => format!("the model `{name}` it reaches"),
            };
            let message = format!(
                "operation `{id}` is left out: the generator refuses {what}: {} (at `{}` of the imported spec)",
                refusal.diagnostic.message, refusal.diagnostic.path
            );
            skipped.push(document.problem(at, message, refusal.diagnostic.hint.clone()));
            skipped_operations.push(id.clone());
        }
        operations.retain(|op| !left_out.contains_key(&op.id));
        keep_reached_models(operations, models);
    }
}

/// What a generator problem is about: an operation (by index) or a model (by name).
#[derive(Clone)]
enum Target {
    Operation(usize),
    Model(String),
}

#[derive(Clone)]
struct Refusal {
    target: Target,
    diagnostic: Diagnostic,
}

/// The generator's problems with the spec, each tied to what it is about.
fn refused_by_the_generator(
    operations: &[spec::Operation],
    models: &[spec::Model],
) -> Vec<Refusal> {
    let operations_yaml = write_operations("", operations);
    let models_yaml = write_models("", models);
    let text = SpecText {
        operations: &operations_yaml,
        models: &models_yaml,
    };
    let Err(problems) = crate::load_ir(&text) else {
        return Vec::new();
    };
    problems
        .0
        .into_iter()
        .filter_map(|diagnostic| {
            let target = if diagnostic.file == OPERATIONS_FILE {
                Target::Operation(index_in(&diagnostic.path, "operations")?)
            } else if diagnostic.file == MODELS_FILE {
                let index = index_in(&diagnostic.path, "models")?;
                Target::Model(models.get(index)?.name.clone())
            } else {
                return None;
            };
            Some(Refusal { target, diagnostic })
        })
        .collect()
}

/// `3` for `operations[3].params[0]` and `list` `operations`.
fn index_in(path: &str, list: &str) -> Option<usize> {
    let rest = path.strip_prefix(list)?.strip_prefix('[')?;
    rest[..rest.find(']')?].parse().ok()
}

/// The names a spec type expression mentions: `map<list<Application>>` → `Application`.
fn type_names(ty: &str) -> impl Iterator<Item = &str> {
    ty.split(['<', '>', ',', ' '])
        .filter(|word| !word.is_empty())
}

/// For each operation, every model it reaches: through its types, then fields,
/// `extends` and discriminator mappings, and a model's subtypes with it (the
/// union decodes into them).
fn reaching(operations: &[spec::Operation], models: &[spec::Model]) -> Vec<BTreeSet<String>> {
    let by_name: BTreeMap<&str, &spec::Model> =
        models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut subtypes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for model in models {
        if let Some(parent) = model.extends.as_deref() {
            subtypes
                .entry(parent)
                .or_default()
                .push(model.name.as_str());
        }
    }
    operations
        .iter()
        .map(|op| {
            let mut types: Vec<&str> = op.params.iter().map(|p| p.ty.as_str()).collect();
            types.extend(op.body.iter().flat_map(|b| b.ty.as_deref()));
            types.extend(op.response.ty.as_deref());
            types.extend(
                op.response
                    .other_statuses
                    .iter()
                    .flat_map(|o| o.ty.as_deref()),
            );
            let mut reached = BTreeSet::new();
            let mut pending: Vec<&str> = types.into_iter().flat_map(type_names).collect();
            while let Some(name) = pending.pop() {
                let Some(model) = by_name.get(name) else {
                    continue;
                };
                if !reached.insert(name.to_owned()) {
                    continue;
                }
                pending.extend(model.fields.iter().flat_map(|f| type_names(&f.ty)));
                pending.extend(model.extends.as_deref());
                if let Some(d) = &model.discriminator {
                    pending.extend(d.mapping.values().map(String::as_str));
                }
                pending.extend(subtypes.get(name).into_iter().flatten());
            }
            reached
        })
        .collect()
}

/// Leaves only the models some operation reaches.
fn keep_reached_models(operations: &[spec::Operation], models: &mut Vec<spec::Model>) {
    let reached: BTreeSet<String> = reaching(operations, models).into_iter().flatten().collect();
    models.retain(|m| reached.contains(&m.name));
}
