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

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_yaml::Value;

use super::inline::{Names, Naming, Place};
use super::yaml_out::Writer;
use super::{schema_ref_name, Document, RawOperation};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::spec;

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
        converted.push((operation_id(&raw), importer.operation(&raw)));
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
    for (id, result) in converted {
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

struct Importer<'d> {
    doc: &'d Document,
    /// Every model converted so far, with the models it references directly.
    models: BTreeMap<String, ModelResult>,
    /// The names of inline schemas. Behind a `RefCell` because it is the one thing a
    /// conversion changes; the conversions otherwise only read the document.
    naming: RefCell<Naming>,
}

/// A type expression and its format.
struct Ty {
    ty: String,
    format: Option<String>,
}

impl Ty {
    fn json() -> Ty {
        Ty {
            ty: "json".into(),
            format: None,
        }
    }
}

/// How many schemas deep a type may go, through references to named schemas that are not
/// models and through inline schemas inside one another. A chain of references could
/// otherwise loop; inline nesting is bounded by the document's YAML nesting already.
const MAX_SCHEMA_DEPTH: usize = 32;

/// Whether a named schema becomes a model of its own (rather than being written out inline).
pub(crate) fn is_model(schema: &Value) -> bool {
    if schema.get("allOf").is_some()
        || schema.get("discriminator").is_some()
        || schema.get("properties").is_some()
    {
        return true;
    }
    let ty = schema.get("type").and_then(Value::as_str);
    match ty {
        Some("string") | None if known_values(schema).is_some() => true,
        Some("object") => schema.get("additionalProperties").is_none(),
        _ => false,
    }
}

/// What an inline schema (one not under `components/schemas`) becomes a model of.
enum Inline<'a> {
    /// An object with at least one property; without any it stays `json` or `map<T>`.
    Object,
    /// A string (or untyped) schema with known values.
    Enum(&'a [Value]),
}

/// The model an inline schema becomes, if any. `allOf`, `oneOf` and `anyOf` are decided
/// before this is asked.
fn inline_kind(schema: &Value) -> Option<Inline<'_>> {
    let ty = schema.get("type").and_then(Value::as_str);
    let properties = schema.get("properties");
    let has_properties = properties
        .and_then(Value::as_mapping)
        .is_some_and(|p| !p.is_empty());
    match (ty, known_values(schema)) {
        (Some("object") | None, _) if has_properties => Some(Inline::Object),
        (Some("string") | None, Some(values)) if properties.is_none() => Some(Inline::Enum(values)),
        _ => None,
    }
}

/// `x-okta-known-values`, else `enum`.
fn known_values(schema: &Value) -> Option<&Vec<Value>> {
    schema
        .get(known_values_key(schema))
        .and_then(Value::as_sequence)
}

/// The key [`known_values`] reads, for messages.
fn known_values_key(schema: &Value) -> &'static str {
    if schema.get("x-okta-known-values").is_some() {
        "x-okta-known-values"
    } else {
        "enum"
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Documentation text; an empty or blank string is no documentation.
fn prose(value: &Value, key: &str) -> Option<String> {
    text(value, key).filter(|t| !t.trim().is_empty())
}

fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A default: scalars only (the spec format has no structured defaults).
fn scalar_default(schema: &Value) -> Option<Value> {
    match schema.get("default")? {
        v @ (Value::Bool(_) | Value::Number(_) | Value::String(_)) => Some(v.clone()),
        _ => None,
    }
}

/// The default and the description of a field or parameter whose type became `ty`. Only a
/// scalar type holds a `default:` in the spec format, so the default of one that is a model
/// (an inline enum made one, say) is said in the description instead of being lost.
fn documented_default(
    default: Option<Value>,
    description: Option<String>,
    ty: &str,
) -> (Option<Value>, Option<String>) {
    let scalar = matches!(ty, "string" | "integer" | "number" | "boolean");
    match default {
        Some(value) if !scalar => {
            let value = match value {
                Value::String(s) => s,
                other => serde_yaml::to_string(&other)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            };
            let said = format!("Okta's default is `{value}`.");
            let description = match description {
                Some(text) => format!("{} {said}", text.trim_end()),
                None => said,
            };
            (None, Some(description))
        }
        default => (default, description),
    }
}

/// The key of a `$ref` target under `components.<section>.`, from the YAML path that
/// [`Document::resolve`] returns: a shared parameter, body or response is named after it.
fn component_key<'a>(resolved_at: &'a str, section: &str) -> Option<&'a str> {
    resolved_at
        .strip_prefix("components.")?
        .strip_prefix(section)?
        .strip_prefix('.')
}

impl<'d> Importer<'d> {
    /// An importer whose inline names are settled (see [`Importer::settle`]).
    fn new(doc: &'d Document) -> Importer<'d> {
        let names = doc.inline_names(|| Importer::settle(doc)).clone();
        Importer {
            doc,
            models: BTreeMap::new(),
            naming: RefCell::new(Naming::Named(names)),
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
                let result = match self.model(&name) {
                    Ok((model, reach)) => Ok((model, self.adopt(reach))),
                    Err(problems) => Err(problems),
                };
                self.models.insert(name.clone(), result);
            }
            if let Some(Ok((_, refs))) = self.models.get(&name) {
                todo.extend(refs.iter().filter(|r| !seen.contains(*r)).cloned());
            }
        }
        seen
    }

    /// The type expression of `schema`, found at `at`; an inline schema there that becomes a
    /// model is named after `place`. Model names used go into `reach`.
    fn type_of(
        &self,
        schema: &Value,
        at: &str,
        place: &Place,
        reach: &mut Reach,
        depth: usize,
    ) -> Result<Ty, Problems> {
        if depth > MAX_SCHEMA_DEPTH {
            return Err(vec![self.doc.problem(
                at,
                format!("schemas nest or refer to each other more than {MAX_SCHEMA_DEPTH} deep"),
                Some("a named schema that is not an object model cannot refer to itself".into()),
            )]);
        }
        if let Some(reference) = schema.get("$ref") {
            return self.reference_type(reference, at, reach, depth);
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_sequence) {
            // `allOf: [$ref]` next to a description or readOnly is just the reference.
            if let [only] = all.as_slice() {
                return self.type_of(only, &format!("{at}.allOf[0]"), place, reach, depth + 1);
            }
            return Ok(Ty::json());
        }
        if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
            return Ok(Ty::json());
        }
        if let Some(kind) = inline_kind(schema) {
            return self.inline_model(kind, schema, at, place, reach, depth);
        }
        let format = text(schema, "format");
        match schema.get("type").and_then(Value::as_str) {
            Some(ty @ ("string" | "integer" | "number" | "boolean")) => Ok(Ty {
                ty: ty.to_owned(),
                format,
            }),
            Some("array") => {
                let Some(items) = schema.get("items") else {
                    return Err(vec![self.doc.problem(
                        at,
                        "an array schema without `items`",
                        None,
                    )]);
                };
                let items_at = format!("{at}.items");
                let inner = self.type_of(items, &items_at, &place.item(), reach, depth + 1)?;
                Ok(Ty {
                    ty: format!("list<{}>", inner.ty),
                    format: inner.format,
                })
            }
            Some("object") | None => self.map_type(schema, at, place, reach, depth),
            Some(other) => Err(vec![self.doc.problem(
                &format!("{at}.type"),
                format!("unsupported schema type `{other}`"),
                None,
            )]),
        }
    }

    /// A `$ref` to a named schema: the model, or the schema written out when it is not one.
    fn reference_type(
        &self,
        reference: &Value,
        at: &str,
        reach: &mut Reach,
        depth: usize,
    ) -> Result<Ty, Problems> {
        let reference = reference.as_str().unwrap_or_default();
        let Some(name) = schema_ref_name(reference) else {
            return Err(vec![self.doc.problem(
                &format!("{at}.$ref"),
                format!("`{reference}` is not a `#/components/schemas/` reference"),
                None,
            )]);
        };
        let Some(target) = self.doc.schema(name) else {
            return Err(vec![self.doc.problem(
                &format!("{at}.$ref"),
                format!("`{reference}` points at nothing"),
                None,
            )]);
        };
        if is_model(target) {
            reach.refs.insert(name.to_owned());
            return Ok(Ty {
                ty: name.to_owned(),
                format: None,
            });
        }
        let target_at = format!("components.schemas.{name}");
        self.type_of(target, &target_at, &Place::schema(name), reach, depth + 1)
    }

    /// An object schema without properties: `map<T>` for `additionalProperties`, else `json`.
    fn map_type(
        &self,
        schema: &Value,
        at: &str,
        place: &Place,
        reach: &mut Reach,
        depth: usize,
    ) -> Result<Ty, Problems> {
        match schema.get("additionalProperties") {
            Some(Value::Bool(true)) if schema.get("properties").is_none() => Ok(Ty {
                ty: "map<json>".into(),
                format: None,
            }),
            Some(inner @ Value::Mapping(_)) if schema.get("properties").is_none() => {
                let inner_at = format!("{at}.additionalProperties");
                let inner = self.type_of(inner, &inner_at, &place.value(), reach, depth + 1)?;
                Ok(Ty {
                    ty: format!("map<{}>", inner.ty),
                    format: inner.format,
                })
            }
            _ => Ok(Ty::json()),
        }
    }

    /// An inline object or enum at `at`, made a model named after `place`.
    fn inline_model(
        &self,
        kind: Inline<'_>,
        schema: &Value,
        at: &str,
        place: &Place,
        reach: &mut Reach,
        depth: usize,
    ) -> Result<Ty, Problems> {
        let name = self.naming.borrow_mut().name(at, &place.base);
        let description = prose(schema, "description").or_else(|| Some(place.description()));
        let model = match kind {
            Inline::Enum(values) => spec::Model {
                description,
                ..self.enum_model(&name, values, &format!("{at}.{}", known_values_key(schema)))?
            },
            Inline::Object => {
                let mut problems = Vec::new();
                let parts = [(schema, at.to_owned())];
                let fields = self.fields(
                    &parts,
                    (&place.base, &name),
                    reach,
                    depth + 1,
                    &mut problems,
                );
                if !problems.is_empty() {
                    return Err(problems);
                }
                spec::Model {
                    name: name.clone(),
                    kind: spec::ModelKind::Object,
                    description,
                    extends: None,
                    discriminator: None,
                    fields,
                    values: Vec::new(),
                }
            }
        };
        reach.refs.insert(name.clone());
        reach.inline.insert(name.clone(), model);
        Ok(Ty {
            ty: name,
            format: None,
        })
    }

    /// An enum model without a description; `at` is where `values` are, for messages.
    fn enum_model(&self, name: &str, values: &[Value], at: &str) -> Result<spec::Model, Problems> {
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for (i, value) in values.iter().enumerate() {
            match value {
                Value::String(s) => out.push(s.clone()),
                Value::Number(n) => out.push(n.to_string()),
                Value::Bool(b) => out.push(b.to_string()),
                _ => problems.push(self.doc.problem(
                    &format!("{at}[{i}]"),
                    "a known value must be a string",
                    None,
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(spec::Model {
            name: name.to_owned(),
            kind: spec::ModelKind::Enum,
            description: None,
            extends: None,
            discriminator: None,
            fields: Vec::new(),
            values: out,
        })
    }

    /// Converts `components.schemas.<name>` into a model.
    fn model(&self, name: &str) -> Result<(spec::Model, Reach), Problems> {
        let at = format!("components.schemas.{name}");
        let Some(schema) = self.doc.schema(name) else {
            return Err(vec![self.doc.problem(
                "components.schemas",
                format!("no schema `{name}`"),
                None,
            )]);
        };
        let mut reach = Reach::default();
        let description = prose(schema, "description");
        let ty = schema.get("type").and_then(Value::as_str);
        if let (Some("string") | None, Some(values)) = (ty, known_values(schema)) {
            if schema.get("properties").is_none() && schema.get("allOf").is_none() {
                let values_at = format!("{at}.{}", known_values_key(schema));
                let model = self.enum_model(name, values, &values_at)?;
                return Ok((
                    spec::Model {
                        description,
                        ..model
                    },
                    reach,
                ));
            }
        }
        let mut problems = Vec::new();
        let (extends, parts) = self.parent(name, schema, &at, &mut reach, &mut problems);
        let fields = self.fields(&parts, (name, name), &mut reach, 0, &mut problems);
        let mut discriminator = None;
        for (part, part_at) in &parts {
            if let Some(found) = part.get("discriminator") {
                let at = format!("{part_at}.discriminator");
                match self.discriminator(name, found, &at, &mut reach.refs) {
                    Ok(d) => discriminator = d,
                    Err(problem) => problems.push(problem),
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok((
            spec::Model {
                name: name.to_owned(),
                kind: spec::ModelKind::Object,
                description,
                extends,
                discriminator,
                fields,
                values: Vec::new(),
            },
            reach,
        ))
    }

    /// The allOf parent of the schema `name` (the one `$ref` among its `allOf` parts) and the
    /// parts that declare its own fields: the schema itself and the other `allOf` parts.
    fn parent<'s>(
        &self,
        name: &str,
        schema: &'s Value,
        at: &str,
        reach: &mut Reach,
        problems: &mut Problems,
    ) -> (Option<String>, Vec<(&'s Value, String)>) {
        let mut parts: Vec<(&Value, String)> = vec![(schema, at.to_owned())];
        let mut extends = None;
        let all = schema.get("allOf").and_then(Value::as_sequence);
        for (i, part) in all.into_iter().flatten().enumerate() {
            let part_at = format!("{at}.allOf[{i}]");
            let Some(reference) = part.get("$ref").and_then(Value::as_str) else {
                parts.push((part, part_at));
                continue;
            };
            let parent =
                schema_ref_name(reference).filter(|p| self.doc.schema(p).is_some_and(is_model));
            match (parent, &extends) {
                (Some(parent), None) => {
                    reach.refs.insert(parent.to_owned());
                    extends = Some(parent.to_owned());
                }
                (Some(parent), Some(first)) => problems.push(self.doc.problem(
                    &format!("{part_at}.$ref"),
                    format!("`{name}` has a second allOf parent `{parent}` after `{first}`"),
                    Some("the spec format has single inheritance (`extends`)".into()),
                )),
                (None, _) => problems.push(self.doc.problem(
                    &format!("{part_at}.$ref"),
                    format!("allOf parent `{reference}` is not an object schema"),
                    None,
                )),
            }
        }
        (extends, parts)
    }

    /// The fields that `parts` declare, for the model `owner` = (its name before numbering,
    /// its name): the same rules for a named model and an inline one.
    fn fields(
        &self,
        parts: &[(&Value, String)],
        owner: (&str, &str),
        reach: &mut Reach,
        depth: usize,
        problems: &mut Problems,
    ) -> Vec<spec::Field> {
        let mut fields = Vec::new();
        let mut seen = BTreeSet::new();
        for (part, part_at) in parts {
            let required: Vec<&str> = part
                .get("required")
                .and_then(Value::as_sequence)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let properties = part.get("properties").and_then(Value::as_mapping);
            for (key, property) in properties.into_iter().flatten() {
                let Some(field_name) = key.as_str() else {
                    problems.push(self.doc.problem(
                        &format!("{part_at}.properties"),
                        "a property name must be a string",
                        None,
                    ));
                    continue;
                };
                let field_at = format!("{part_at}.properties.{field_name}");
                if !seen.insert(field_name.to_owned()) {
                    problems.push(self.doc.problem(
                        &field_at,
                        format!("property `{field_name}` is declared twice"),
                        None,
                    ));
                    continue;
                }
                let place = Place::property(owner.0, owner.1, field_name);
                match self.type_of(property, &field_at, &place, reach, depth) {
                    Ok(ty) => {
                        let (default, description) = documented_default(
                            scalar_default(property),
                            prose(property, "description"),
                            &ty.ty,
                        );
                        fields.push(spec::Field {
                            name: field_name.to_owned(),
                            ty: ty.ty,
                            format: ty.format,
                            read_only: flag(property, "readOnly"),
                            secret: flag(property, "writeOnly"),
                            nullable: flag(property, "nullable"),
                            required: required.contains(&field_name),
                            default,
                            description,
                        });
                    }
                    Err(found) => problems.extend(found),
                }
            }
        }
        fields
    }

    /// The discriminator of the schema `name`. Without `mapping`, OpenAPI's
    /// implicit one: each schema that extends `name` is selected by its own
    /// name; when none does, the tag selects nothing and the schema is a
    /// plain object (its tag an ordinary field), so `None`.
    fn discriminator(
        &self,
        name: &str,
        found: &Value,
        at: &str,
        refs: &mut BTreeSet<String>,
    ) -> Result<Option<spec::Discriminator>, Diagnostic> {
        let Some(property) = text(found, "propertyName") else {
            return Err(self
                .doc
                .problem(at, "a discriminator without `propertyName`", None));
        };
        let Some(mapping) = found.get("mapping").and_then(Value::as_mapping) else {
            let extenders = self.doc.extenders(name);
            if extenders.is_empty() {
                return Ok(None);
            }
            refs.extend(extenders.iter().cloned());
            let mapping = extenders.iter().map(|m| (m.clone(), m.clone())).collect();
            return Ok(Some(spec::Discriminator { property, mapping }));
        };
        let mut out = BTreeMap::new();
        for (tag, target) in mapping {
            let tag = match tag {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => continue,
            };
            let target = target.as_str().unwrap_or_default();
            let Some(model) = schema_ref_name(target)
                .or_else(|| (!target.contains('/')).then_some(target))
                .filter(|m| self.doc.schema(m).is_some())
            else {
                return Err(self.doc.problem(
                    &format!("{at}.mapping.{tag}"),
                    format!("mapping `{tag}` points at no schema (`{target}`)"),
                    None,
                ));
            };
            refs.insert(model.to_owned());
            out.insert(tag, model.to_owned());
        }
        Ok(Some(spec::Discriminator {
            property,
            mapping: out,
        }))
    }

    fn operation(&self, raw: &RawOperation<'_>) -> Result<(spec::Operation, Reach), Problems> {
        let op = raw.op;
        let at = &raw.at;
        let mut problems = Vec::new();
        let mut reach = Reach::default();
        let id = match text(op, "operationId") {
            Some(id) => id,
            None => {
                return Err(vec![self.doc.problem(
                    at,
                    "an operation without `operationId`",
                    None,
                )])
            }
        };
        let summary = text(op, "summary").unwrap_or_else(|| id.clone());

        let scopes = self.scopes(op);
        let params = self.parameters(raw, &id, &mut problems, &mut reach);
        let body = self.request_body(op, at, &id, &mut problems, &mut reach);
        let (response, errors) = self.responses(op, at, &id, &mut problems, &mut reach);
        let method = spec::Method::from_name(&raw.method.to_ascii_uppercase());
        if method.is_none() {
            problems.push(self.doc.problem(
                &raw.at,
                format!("the method `{}` is not supported", raw.method),
                None,
            ));
        }
        let (true, Some(response), Some(method)) = (problems.is_empty(), response, method) else {
            return Err(problems);
        };
        Ok((
            spec::Operation {
                id,
                method,
                path: raw.path.to_owned(),
                summary,
                description: prose(op, "description"),
                scopes,
                params,
                body,
                response,
                errors,
            },
            reach,
        ))
    }

    /// The operation's OAuth 2.0 scopes: its security, else the document's.
    fn scopes(&self, op: &Value) -> Vec<String> {
        let mut scopes: Vec<String> = Vec::new();
        let security = op.get("security").or_else(|| self.doc.security());
        for requirement in security.and_then(Value::as_sequence).into_iter().flatten() {
            let listed = requirement.get("OAuth_2.0").and_then(Value::as_sequence);
            for scope in listed.into_iter().flatten().filter_map(Value::as_str) {
                if !scopes.iter().any(|s| s == scope) {
                    scopes.push(scope.to_owned());
                }
            }
        }
        scopes
    }

    /// The path item's parameters, then the operation's (which override by name and
    /// location), each resolved, with its YAML path.
    fn raw_parameters<'a>(
        &'a self,
        raw: &RawOperation<'a>,
        problems: &mut Problems,
    ) -> Vec<(&'a Value, String)> {
        let mut raw_params: Vec<(&Value, String)> = Vec::new();
        let sources = [
            (
                raw.item.get("parameters"),
                format!("paths.{}.parameters", raw.path),
            ),
            (raw.op.get("parameters"), format!("{}.parameters", raw.at)),
        ];
        for (list, list_at) in sources {
            let list = list.and_then(Value::as_sequence);
            for (i, param) in list.into_iter().flatten().enumerate() {
                let param_at = format!("{list_at}[{i}]");
                match self.doc.resolve(param, &param_at) {
                    Ok((param, resolved_at)) => {
                        let key = (text(param, "name"), text(param, "in"));
                        raw_params.retain(|(p, _)| (text(p, "name"), text(p, "in")) != key);
                        raw_params.push((param, resolved_at));
                    }
                    Err(problem) => problems.push(problem),
                }
            }
        }
        raw_params
    }

    /// The operation's parameters, in the order of [`Self::raw_parameters`].
    fn parameters(
        &self,
        raw: &RawOperation<'_>,
        id: &str,
        problems: &mut Problems,
        reach: &mut Reach,
    ) -> Vec<spec::Param> {
        let mut params = Vec::new();
        for (param, param_at) in self.raw_parameters(raw, problems) {
            let (Some(name), Some(location)) = (text(param, "name"), text(param, "in")) else {
                problems.push(self.doc.problem(
                    &param_at,
                    "a parameter needs `name` and `in`",
                    None,
                ));
                continue;
            };
            let Some(location) = spec::ParamLocation::from_name(&location) else {
                problems.push(self.doc.problem(
                    &format!("{param_at}.in"),
                    format!("`in: {location}` parameters are not supported"),
                    Some("the spec format has path, query and header parameters".into()),
                ));
                continue;
            };
            let Some(schema) = param.get("schema") else {
                problems.push(self.doc.problem(
                    &param_at,
                    format!("parameter `{name}` has no `schema`"),
                    Some("parameters described by `content` are not supported".into()),
                ));
                continue;
            };
            let component = component_key(&param_at, "parameters");
            let place = Place::parameter(id, &name, location.as_str(), component);
            let typed = self
                .type_of(schema, &format!("{param_at}.schema"), &place, reach, 0)
                .and_then(|ty| {
                    let explode =
                        list_style(self.doc, param, &param_at, &ty.ty).map_err(|d| vec![d])?;
                    Ok((explode, ty))
                });
            match typed {
                Ok((explode, ty)) => {
                    let (default, description) = documented_default(
                        scalar_default(schema),
                        prose(param, "description"),
                        &ty.ty,
                    );
                    params.push(spec::Param {
                        name,
                        location,
                        ty: ty.ty,
                        format: ty.format,
                        required: flag(param, "required"),
                        default,
                        explode,
                        description,
                    });
                }
                Err(found) => problems.extend(found),
            }
        }
        params
    }

    fn request_body(
        &self,
        op: &Value,
        at: &str,
        id: &str,
        problems: &mut Problems,
        reach: &mut Reach,
    ) -> Option<spec::Body> {
        match op.get("requestBody") {
            None => None,
            Some(body) => match self.body(body, &format!("{at}.requestBody"), id, reach) {
                Ok(mut body) => {
                    // The generators' extension names the body parameter; it sits on the operation.
                    if body.name.is_none() {
                        body.name = text(op, "x-codegen-request-body-name");
                    }
                    Some(body)
                }
                Err(found) => {
                    problems.extend(found);
                    None
                }
            },
        }
    }

    /// The one success response and the documented error statuses.
    fn responses(
        &self,
        op: &Value,
        at: &str,
        id: &str,
        problems: &mut Problems,
        reach: &mut Reach,
    ) -> (Option<spec::Response>, Vec<u16>) {
        let mut response = None;
        let mut errors = Vec::new();
        let mut successes = Vec::new();
        let responses = op.get("responses").and_then(Value::as_mapping);
        for (status, found) in responses.into_iter().flatten() {
            let code = match status {
                Value::String(s) => s.parse::<u16>().ok(),
                Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
                _ => None,
            };
            let Some(code) = code else {
                // `default` and ranges (`5XX`) have no place in the spec format; they document
                // nothing a caller can match on, so they are left out.
                continue;
            };
            if (200..300).contains(&code) {
                successes.push((code, found));
            } else {
                errors.push(code);
                // The error body's model (Okta's `Error`) belongs to the spec too.
                let error_at = format!("{at}.responses.{code}");
                if let Err(found) = self.response(code, found, &error_at, id, reach) {
                    problems.extend(found);
                }
            }
        }
        errors.sort_unstable();
        errors.dedup();
        if successes.is_empty() {
            let message = format!("operation `{id}` has no 2xx response");
            problems.push(self.doc.problem(&format!("{at}.responses"), message, None));
            return (None, errors);
        }
        let mut imported = Vec::new();
        for (status, found) in successes {
            match self.response(
                status,
                found,
                &format!("{at}.responses.{status}"),
                id,
                reach,
            ) {
                Ok(r) => imported.push(r),
                Err(found) => problems.extend(found),
            }
        }
        match main_response(imported) {
            Ok(main) => response = main,
            Err(message) => problems.push(self.doc.problem(
                &format!("{at}.responses"),
                format!("operation `{id}` {message}"),
                Some("the spec format has one success body; other 2xx statuses answer without one".into()),
            )),
        }
        (response, errors)
    }

    fn response(
        &self,
        status: u16,
        found: &Value,
        at: &str,
        id: &str,
        reach: &mut Reach,
    ) -> Result<spec::Response, Problems> {
        let (found, at) = self.doc.resolve(found, at).map_err(|d| vec![d])?;
        let place = Place::response(id, status, component_key(&at, "responses"));
        let mut ty = None;
        let content = found.get("content").and_then(Value::as_mapping);
        let mut media_type = None;
        if let Some(content) = content.filter(|c| !c.is_empty()) {
            let types: Vec<&str> = content.keys().filter_map(Value::as_str).collect();
            let text_type = match types.as_slice() {
                [only] if only.starts_with("text/") => Some(*only),
                _ => None,
            };
            if let Some(media) = content.get("application/json") {
                if let Some(schema) = media.get("schema") {
                    let content_at = format!("{at}.content.application/json.schema");
                    ty = Some(self.type_of(schema, &content_at, &place, reach, 0)?.ty);
                }
            } else if let Some(text_type) = text_type {
                let schema = content.get(text_type).and_then(|m| m.get("schema"));
                let schema_type = schema.and_then(|s| s.get("type")).and_then(Value::as_str);
                if schema.is_some() && schema_type != Some("string") {
                    return Err(vec![self.doc.problem(
                        &format!("{at}.content.{text_type}.schema"),
                        format!("a `{text_type}` response whose schema is not a string"),
                        None,
                    )]);
                }
                ty = Some("string".to_owned());
                media_type = Some(text_type.to_owned());
            } else {
                return Err(vec![self.doc.problem(
                    &format!("{at}.content"),
                    format!("unsupported response media type `{}`", types.join("`, `")),
                    Some(
                        "the spec format has JSON responses and responses of one text/… type"
                            .into(),
                    ),
                )]);
            }
        }
        Ok(spec::Response {
            status,
            description: prose(found, "description"),
            ty,
            media_type,
            other_statuses: Vec::new(),
        })
    }

    fn body(
        &self,
        body: &Value,
        at: &str,
        id: &str,
        reach: &mut Reach,
    ) -> Result<spec::Body, Problems> {
        let one = |problem: Diagnostic| vec![problem];
        let (body, at) = self.doc.resolve(body, at).map_err(one)?;
        let place = Place::request_body(id, component_key(&at, "requestBodies"));
        let content = body.get("content").and_then(Value::as_mapping);
        let media: Vec<(&str, &Value)> = content
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
            .collect();
        let empty = spec::Body {
            // Each kind of body below sets its own.
            kind: spec::BodyKind::Json,
            ty: None,
            media_types: Vec::new(),
            parts: Vec::new(),
            required: flag(body, "required"),
            name: text(body, "x-codegen-request-body-name"),
            description: prose(body, "description"),
        };
        match media.as_slice() {
            [] => Err(one(self.doc.problem(&at, "a request body without `content`", None))),
            [("application/json", json)] => {
                let Some(schema) = json.get("schema") else {
                    return Err(one(self.doc.problem(
                        &format!("{at}.content.application/json"),
                        "a JSON body without a schema",
                        None,
                    )));
                };
                let schema_at = format!("{at}.content.application/json.schema");
                let ty = self.type_of(schema, &schema_at, &place, reach, 0)?;
                Ok(spec::Body {
                    kind: spec::BodyKind::Json,
                    ty: Some(ty.ty),
                    ..empty
                })
            }
            [("multipart/form-data", form)] => {
                let form_at = format!("{at}.content.multipart/form-data.schema");
                Ok(spec::Body {
                    kind: spec::BodyKind::Multipart,
                    parts: self.parts(form.get("schema"), &form_at, &place, reach)?,
                    ..empty
                })
            }
            all if all.iter().all(|(_, m)| is_binary(m.get("schema"))) => Ok(spec::Body {
                kind: spec::BodyKind::Binary,
                media_types: self.media_types(all, &at).map_err(one)?,
                ..empty
            }),
            all => Err(one(self.doc.problem(
                &format!("{at}.content"),
                format!(
                    "unsupported request body media type{} `{}`",
                    plural(all.len()),
                    all.iter().map(|(m, _)| *m).collect::<Vec<_>>().join("`, `")
                ),
                Some(
                    "the spec format has one JSON or multipart/form-data schema, or binary media types"
                        .into(),
                ),
            ))),
        }
    }

    /// The parts of a multipart body whose schema (at `at`) is `schema`.
    fn parts(
        &self,
        schema: Option<&Value>,
        at: &str,
        place: &Place,
        reach: &mut Reach,
    ) -> Result<Vec<spec::Part>, Problems> {
        let Some(schema) = schema else {
            return Err(vec![self.doc.problem(
                at,
                "a multipart body without a schema",
                None,
            )]);
        };
        let (schema, at) = self.doc.resolve(schema, at).map_err(|d| vec![d])?;
        let required_parts: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_sequence)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut parts = Vec::new();
        let properties = schema.get("properties").and_then(Value::as_mapping);
        for (key, part) in properties.into_iter().flatten() {
            let Some(part_name) = key.as_str() else {
                continue;
            };
            let ty = if is_binary(Some(part)) {
                "binary".to_owned()
            } else {
                let part_at = format!("{at}.properties.{part_name}");
                let part_place = place.part(part_name);
                self.type_of(part, &part_at, &part_place, reach, 0)?.ty
            };
            parts.push(spec::Part {
                name: part_name.to_owned(),
                ty,
                required: required_parts.contains(&part_name),
            });
        }
        if parts.is_empty() {
            return Err(vec![self.doc.problem(
                &at,
                "a multipart body without parts",
                None,
            )]);
        }
        Ok(parts)
    }

    /// The media types of a binary body, each with the variant the caller picks it by.
    fn media_types(
        &self,
        all: &[(&str, &Value)],
        at: &str,
    ) -> Result<Vec<spec::BinaryMediaType>, Diagnostic> {
        let mut variants = BTreeSet::new();
        let mut media_types = Vec::new();
        for (media_type, _) in all {
            let variant = variant_name(media_type);
            if !variants.insert(variant.clone()) {
                return Err(self.doc.problem(
                    &format!("{at}.content.{media_type}"),
                    format!("media types of this body both become the variant `{variant}`"),
                    None,
                ));
            }
            media_types.push(spec::BinaryMediaType {
                media_type: (*media_type).to_owned(),
                variant,
                description: None,
            });
        }
        Ok(media_types)
    }
}

/// Whether a body or part schema is a file: `type: string, format: binary`.
fn is_binary(schema: Option<&Value>) -> bool {
    schema.is_some_and(|s| {
        s.get("type").and_then(Value::as_str) == Some("string")
            && s.get("format").and_then(Value::as_str) == Some("binary")
    })
}

/// The success responses as the spec format has them: the one with a body (or
/// the lowest status) is the response, every other one an `other_statuses` entry.
fn main_response(mut all: Vec<spec::Response>) -> Result<Option<spec::Response>, String> {
    let with_body: Vec<u16> = all
        .iter()
        .filter(|r| r.ty.is_some())
        .map(|r| r.status)
        .collect();
    if with_body.len() > 1 {
        let statuses: Vec<String> = with_body.iter().map(u16::to_string).collect();
        return Err(format!(
            "has {} success responses with a body ({})",
            with_body.len(),
            statuses.join(", ")
        ));
    }
    if all.is_empty() {
        return Ok(None);
    }
    let main_at = all.iter().position(|r| r.ty.is_some()).unwrap_or(0);
    let mut main = all.remove(main_at);
    main.other_statuses = all
        .into_iter()
        .map(|r| spec::OtherStatus {
            status: r.status,
            description: r.description,
        })
        .collect();
    Ok(Some(main))
}

/// How a list parameter is sent: OpenAPI's `style: form` (the query's default)
/// with `explode` true (repeated, its default) or false (comma-separated). A
/// scalar parameter has no `explode` in the spec.
fn list_style(
    doc: &Document,
    param: &Value,
    at: &str,
    ty: &str,
) -> Result<Option<bool>, Diagnostic> {
    if !ty.starts_with("list<") {
        return Ok(None);
    }
    let style = text(param, "style").unwrap_or_else(|| "form".to_owned());
    if style != "form" {
        return Err(doc.problem(
            &format!("{at}.style"),
            format!("list parameters in `style: {style}` are not supported"),
            Some(
                "the spec format sends a list as `style: form`, repeated or comma-separated".into(),
            ),
        ));
    }
    Ok(match param.get("explode").and_then(Value::as_bool) {
        Some(false) => Some(false),
        _ => None,
    })
}

/// `application/x-x509-ca-cert` → `X509CaCert`: the media subtype without `x-`, in UpperCamelCase.
fn variant_name(media_type: &str) -> String {
    let subtype = media_type.rsplit('/').next().unwrap_or(media_type);
    let subtype = subtype.strip_prefix("x-").unwrap_or(subtype);
    let name = subtype.to_upper_camel_case();
    if name.is_empty() {
        "Body".into()
    } else {
        name
    }
}

pub(super) fn write_operations(header: &str, operations: &[spec::Operation]) -> String {
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

fn write_params(w: &mut Writer, params: &[spec::Param]) {
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

fn write_response(w: &mut Writer, response: &spec::Response) {
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
        }
    }
}

pub(super) fn write_models(header: &str, models: &[spec::Model]) -> String {
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
fn mapping_key(tag: &str) -> String {
    let mut w = Writer::new();
    w.item_string(2, tag);
    let written = w.finish();
    written.trim_start_matches("- ").trim_end().to_owned()
}
