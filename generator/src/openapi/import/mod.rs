//! OpenAPI 3.0 → the `spec/` format.
//!
//! The conventions are the ones the hand transcription follows:
//! - types are `string|integer|number|boolean|json|list<T>|map<T>|Model` plus a separate
//!   `format` (for `list<T>` and `map<T>`, the format of `T`);
//! - `additionalProperties` becomes `map<T>`; a free-form object (no properties), and an
//!   inline `oneOf`/`anyOf`, become `json`; a named schema that is not a model (a string, an
//!   array, a map) is written out where it is used;
//! - an inline object with properties, or an inline string `enum`, becomes a model of its
//!   own, named after where it is (`inline.rs`, `spec/README.md`'s "Generated names");
//! - `allOf: [$ref Parent, {properties}]` becomes `extends: Parent` plus the own fields;
//! - `x-okta-known-values` (or `enum`) on a string schema becomes `kind: enum` with `values`;
//! - `discriminator` becomes `discriminator: {property, mapping}`; without `mapping`, each
//!   schema that extends it is selected by its own name, and when none does the schema is
//!   a plain object whose tag is an ordinary field;
//! - only the `OAuth_2.0` security scheme's scopes are recorded;
//! - the success response is the single 2xx response, the errors are the other statuses;
//! - binary bodies list their media types, each with a `variant` name made from the media
//!   type; multipart bodies list their parts.
//!
//! Operations are written sorted by operationId, models sorted by name.
//!
//! One file per job: `types.rs` (type expressions and inline models), `models.rs` (a named
//! model's parent and fields), `discriminators.rs`, `operations.rs`, `parameters.rs`,
//! `bodies.rs`, `responses.rs`, `values.rs` (reading a schema's text, flags and defaults)
//! and `write.rs` (the YAML text).

mod bodies;
mod discriminators;
mod models;
mod operations;
mod parameters;
mod responses;
mod types;
mod values;
mod write;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

use super::inline::{Names, Naming};
use super::{Document, RawOperation};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::spec;

pub(crate) use types::is_model;
pub(super) use write::{write_models, write_operations};

/// What to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The tags whose operations are imported; empty means every tag.
    pub tags: Vec<String>,
    /// Leave out the operations that cannot be imported or that the generator's own
    /// checks refuse (and the models only they reach), reporting why in
    /// [`Imported::skipped`], instead of failing: what is left always generates.
    pub lenient: bool,
}

/// The imported spec, as values and as the text of the two files.
pub struct Imported {
    pub operations: spec::OperationsFile,
    pub models: spec::ModelsFile,
    /// `operations.yaml`.
    pub operations_yaml: String,
    /// `models.yaml`.
    pub models_yaml: String,
    /// In lenient mode: why operations were left out (one or more per operation).
    pub skipped: Vec<Diagnostic>,
    /// In lenient mode: the operationIds left out.
    pub skipped_operations: Vec<String>,
    /// What the import decided for a schema whose meaning is not plain (a duplicate enum
    /// value, a 204 with a body, a prose default…), each located in the document, sorted.
    /// They are about what was imported: the operations and models written.
    pub warnings: Vec<Diagnostic>,
}

/// Imports the operations of the chosen tags and every model they reach.
pub fn import(document: &Document, options: &ImportOptions) -> Result<Imported, Diagnostics> {
    let known = document.tags();
    let mut problems = Vec::new();
    for tag in &options.tags {
        if !known.contains(tag) {
            let hint = crate::diagnostics::closest(tag, known.iter().map(String::as_str))
                .map(|c| format!("did you mean `{c}`?"));
            problems.push(document.problem(
                "tags",
                format!("no operation has the tag `{tag}`"),
                hint,
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics::sorted(problems));
    }
    let mut importer = Importer::new(document);
    let mut converted = Vec::new();
    for raw in document.operations() {
        if !options.tags.is_empty() && !raw.tags.iter().any(|t| options.tags.contains(t)) {
            continue;
        }
        let result = importer.operation(&raw);
        let warnings = importer.take_warnings(0);
        converted.push((operation_id(&raw), result, warnings));
    }
    if converted.is_empty() {
        return Err(Diagnostics(vec![document.problem(
            "paths",
            "no operation to import",
            None,
        )]));
    }

    let mut skipped = Vec::new();
    let mut skipped_operations = Vec::new();
    let mut operations = Vec::new();
    let mut wanted = BTreeSet::new();
    let mut warnings = Vec::new();
    for (id, result, op_warnings) in converted {
        let outcome = result.and_then(|(op, reach)| {
            let refs = importer.adopt(reach);
            let closure = importer.closure(&refs);
            let broken: Vec<Diagnostic> = closure
                .iter()
                .filter_map(|name| importer.models.get(name)?.as_ref().err())
                .flatten()
                .cloned()
                .collect();
            if broken.is_empty() {
                Ok((op, closure))
            } else {
                Err(broken)
            }
        });
        match outcome {
            Ok((op, closure)) => {
                warnings.extend(op_warnings);
                wanted.extend(closure);
                operations.push(op);
            }
            Err(diagnostics) => {
                skipped.extend(diagnostics);
                skipped_operations.push(id);
            }
        }
    }
    skipped.sort();
    skipped.dedup();
    skipped_operations.sort();
    if !options.lenient && !skipped.is_empty() {
        return Err(Diagnostics::sorted(skipped));
    }
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    let mut models: Vec<spec::Model> = wanted
        .iter()
        .filter_map(|name| match importer.models.remove(name) {
            Some(Ok((model, _))) => Some(model),
            _ => None,
        })
        .collect();
    models.sort_by(|a, b| a.name.cmp(&b.name));
    warnings.extend(
        models
            .iter()
            .filter_map(|m| importer.model_warnings.remove(&m.name))
            .flatten(),
    );
    warnings.sort();
    warnings.dedup();
    if options.lenient {
        super::lenient::leave_out_what_does_not_generate(
            document,
            &mut operations,
            &mut models,
            &mut skipped,
            &mut skipped_operations,
        );
        skipped.sort();
        skipped_operations.sort();
    }

    let (operations_yaml, models_yaml) = write_files(document, options, &operations, &models);
    Ok(Imported {
        operations: spec::OperationsFile { operations },
        models: spec::ModelsFile { models },
        operations_yaml,
        models_yaml,
        skipped,
        skipped_operations,
        warnings,
    })
}

/// The text of `operations.yaml` and `models.yaml`, each under a header naming its source.
fn write_files(
    document: &Document,
    options: &ImportOptions,
    operations: &[spec::Operation],
    models: &[spec::Model],
) -> (String, String) {
    let tags = if options.tags.is_empty() {
        "every tag".to_owned()
    } else {
        format!(
            "tag{} {}",
            plural(options.tags.len()),
            options.tags.join(", ")
        )
    };
    let source = format!(
        "Imported from {} ({}), {tags}, by `cargo xtask import-openapi`.",
        document.title(),
        file_name(document.name())
    );
    let operations_yaml = write_operations(
        &format!(
            "{source}\n{} operation{}, sorted by operationId.\nFormat: spec/README.md",
            operations.len(),
            plural(operations.len())
        ),
        operations,
    );
    let models_yaml = write_models(
        &format!(
            "{source}\nThe {} model{} these operations reach, sorted by name.\nFormat: spec/README.md",
            models.len(),
            plural(models.len())
        ),
        models,
    );
    (operations_yaml, models_yaml)
}

/// Imports the named models on their own: what spec-diff uses for models of `spec/` that no
/// imported operation reaches. A name may be an inline model's, made while converting the
/// model that holds it. Unknown names are left out.
pub(crate) fn import_models(
    document: &Document,
    names: &BTreeSet<String>,
) -> BTreeMap<String, Result<spec::Model, Vec<Diagnostic>>> {
    if names.is_empty() {
        return BTreeMap::new();
    }
    let importer = Importer::new(document);
    let is_named = |name: &str| document.schema(name).is_some_and(is_model);
    // Which model holds an inline one only converting them tells; most runs ask for none.
    let any_inline = names.iter().any(|name| !is_named(name));
    let mut out = BTreeMap::new();
    let mut inline = BTreeMap::new();
    for name in document.schema_names().filter(|name| is_named(name)) {
        let wanted = names.contains(name);
        if !wanted && !any_inline {
            continue;
        }
        match importer.model(name) {
            Ok((model, reach)) => {
                inline.extend(reach.inline);
                if wanted {
                    out.insert(name.to_owned(), Ok(model));
                }
            }
            Err(problems) if wanted => {
                out.insert(name.to_owned(), Err(problems));
            }
            Err(_) => {}
        }
    }
    for (name, model) in inline {
        if names.contains(&name) {
            out.entry(name).or_insert(Ok(model));
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

pub(super) fn operation_id(raw: &RawOperation<'_>) -> String {
    raw.op
        .get("operationId")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{} {}", raw.method.to_ascii_uppercase(), raw.path))
}

/// Problems, all of them: a conversion reports every one it finds.
type Problems = Vec<Diagnostic>;

type ModelResult = Result<(spec::Model, BTreeSet<String>), Problems>;

/// What a conversion reaches: the models it names, and the inline models it made (whose
/// names are among `refs` too; the models they name are in `refs` themselves).
#[derive(Default)]
struct Reach {
    refs: BTreeSet<String>,
    inline: BTreeMap<String, spec::Model>,
}

impl Reach {
    /// Adds what `other` reaches.
    fn absorb(&mut self, other: Reach) {
        self.refs.extend(other.refs);
        self.inline.extend(other.inline);
    }
}

struct Importer<'d> {
    doc: &'d Document,
    /// Every model converted so far, with the models it references directly.
    models: BTreeMap<String, ModelResult>,
    /// The names of inline schemas. Behind a `RefCell` because it is (with `warnings`) the
    /// one thing a conversion changes; the conversions otherwise only read the document.
    naming: RefCell<Naming>,
    /// The warnings of the conversion under way ([`Importer::warn`]); whoever started it
    /// takes them ([`Importer::take_warnings`]) and keeps them with what it converted.
    warnings: RefCell<Vec<Diagnostic>>,
    /// The warnings of each model converted so far.
    model_warnings: BTreeMap<String, Vec<Diagnostic>>,
}

impl<'d> Importer<'d> {
    /// An importer whose inline names are settled (see [`Importer::settle`]).
    fn new(doc: &'d Document) -> Importer<'d> {
        let names = doc.inline_names(|| Importer::settle(doc)).clone();
        Importer {
            doc,
            models: BTreeMap::new(),
            naming: RefCell::new(Naming::Named(names)),
            warnings: RefCell::default(),
            model_warnings: BTreeMap::new(),
        }
    }

    /// The inline schemas' names: every model and every operation of the document is
    /// converted once, only to find where inline schemas are, so that a name never depends
    /// on which tags are imported (and spec-diff of one tag agrees with an import of all).
    fn settle(doc: &'d Document) -> Names {
        let importer = Importer {
            doc,
            models: BTreeMap::new(),
            naming: RefCell::new(Naming::Discovering(BTreeSet::new())),
            warnings: RefCell::default(),
            model_warnings: BTreeMap::new(),
        };
        let models: Vec<&str> = doc
            .schema_names()
            .filter(|name| doc.schema(name).is_some_and(is_model))
            .collect();
        for name in &models {
            let _ = importer.model(name);
        }
        for raw in doc.operations() {
            let _ = importer.operation(&raw);
        }
        match importer.naming.into_inner() {
            Naming::Discovering(sites) => Names::assign(&sites, models),
            Naming::Named(names) => names,
        }
    }

    /// A warning at `at` in the document: the import chose a meaning for something that
    /// OpenAPI allows but that does not say one plainly.
    fn warn(&self, at: &str, message: impl Into<String>, hint: Option<String>) {
        let warning = self.doc.problem(at, message, hint);
        self.warnings.borrow_mut().push(warning);
    }

    /// The warnings given since there were `from` of them.
    fn take_warnings(&self, from: usize) -> Vec<Diagnostic> {
        let mut warnings = self.warnings.borrow_mut();
        let from = from.min(warnings.len());
        warnings.split_off(from)
    }

    /// Keeps the inline models a conversion made and returns what it refers to.
    fn adopt(&mut self, reach: Reach) -> BTreeSet<String> {
        for (name, model) in reach.inline {
            // Every conversion of one site makes the same model, so the first one stays.
            self.models
                .entry(name)
                .or_insert_with(|| Ok((model, BTreeSet::new())));
        }
        reach.refs
    }

    /// Every model reachable from `roots` (converting them as needed), roots included.
    fn closure(&mut self, roots: &BTreeSet<String>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = roots.iter().cloned().collect();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if !self.models.contains_key(&name) {
                let before = self.warnings.borrow().len();
                let result = match self.model(&name) {
                    Ok((model, reach)) => Ok((model, self.adopt(reach))),
                    Err(problems) => Err(problems),
                };
                let warnings = self.take_warnings(before);
                if !warnings.is_empty() {
                    self.model_warnings.insert(name.clone(), warnings);
                }
                self.models.insert(name.clone(), result);
            }
            if let Some(Ok((_, refs))) = self.models.get(&name) {
                todo.extend(refs.iter().filter(|r| !seen.contains(*r)).cloned());
            }
        }
        seen
    }
}
