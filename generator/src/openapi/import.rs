//! OpenAPI 3.0 → the `spec/` format.
//!
//! The conventions are the ones the hand transcription follows:
//! - types are `string|integer|number|boolean|json|list<T>|map<T>|Model` plus a separate
//!   `format` (for `list<T>` and `map<T>`, the format of `T`);
//! - `additionalProperties` becomes `map<T>`; an inline or free-form object, and an inline
//!   `oneOf`/`anyOf`, become `json`; a named schema that is not a model (a string, an array,
//!   a map) is written out where it is used;
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

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_yaml::Value;

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
        let outcome = result.and_then(|(op, refs)| {
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
        &operations,
    );
    let models_yaml = write_models(
        &format!(
            "{source}\nThe {} model{} these operations reach, sorted by name.\nFormat: spec/README.md",
            models.len(),
            plural(models.len())
        ),
        &models,
    );
    Ok(Imported {
        operations: spec::OperationsFile { operations },
        models: spec::ModelsFile { models },
        operations_yaml,
        models_yaml,
        skipped,
        skipped_operations,
    })
}

/// Imports the named models (and what they reach) on their own: what spec-diff uses for
/// models of `spec/` that no imported operation reaches. Unknown names are left out.
pub(crate) fn import_models(
    document: &Document,
    names: &BTreeSet<String>,
) -> BTreeMap<String, Result<spec::Model, Vec<Diagnostic>>> {
    let importer = Importer::new(document);
    names
        .iter()
        .filter(|name| document.schema(name).is_some_and(is_model))
        .map(|name| {
            let result = importer.model(name).map(|(model, _)| model);
            (name.clone(), result)
        })
        .collect()
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

type ModelResult = Result<(spec::Model, BTreeSet<String>), Vec<Diagnostic>>;

struct Importer<'d> {
    doc: &'d Document,
    /// Every model converted so far, with the models it references directly.
    models: BTreeMap<String, ModelResult>,
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

/// `x-okta-known-values`, else `enum`.
fn known_values(schema: &Value) -> Option<&Vec<Value>> {
    schema
        .get("x-okta-known-values")
        .or_else(|| schema.get("enum"))
        .and_then(Value::as_sequence)
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

impl<'d> Importer<'d> {
    fn new(doc: &'d Document) -> Importer<'d> {
        Importer {
            doc,
            models: BTreeMap::new(),
        }
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
                let result = self.model(&name);
                self.models.insert(name.clone(), result);
            }
            if let Some(Ok((_, refs))) = self.models.get(&name) {
                todo.extend(refs.iter().filter(|r| !seen.contains(*r)).cloned());
            }
        }
        seen
    }

    /// The type expression of `schema`, found at `at`; model names used go into `refs`.
    fn type_of(
        &self,
        schema: &Value,
        at: &str,
        refs: &mut BTreeSet<String>,
        depth: usize,
    ) -> Result<Ty, Diagnostic> {
        if depth > 32 {
            return Err(self.doc.problem(
                at,
                "schemas refer to each other without end",
                Some("a named schema that is not an object model cannot refer to itself".into()),
            ));
        }
        if let Some(reference) = schema.get("$ref") {
            let reference = reference.as_str().unwrap_or_default();
            let Some(name) = schema_ref_name(reference) else {
                return Err(self.doc.problem(
                    &format!("{at}.$ref"),
                    format!("`{reference}` is not a `#/components/schemas/` reference"),
                    None,
                ));
            };
            let Some(target) = self.doc.schema(name) else {
                return Err(self.doc.problem(
                    &format!("{at}.$ref"),
                    format!("`{reference}` points at nothing"),
                    None,
                ));
            };
            if is_model(target) {
                refs.insert(name.to_owned());
                return Ok(Ty {
                    ty: name.to_owned(),
                    format: None,
                });
            }
            return self.type_of(
                target,
                &format!("components.schemas.{name}"),
                refs,
                depth + 1,
            );
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_sequence) {
            // `allOf: [$ref]` next to a description or readOnly is just the reference.
            if let [only] = all.as_slice() {
                return self.type_of(only, &format!("{at}.allOf[0]"), refs, depth + 1);
            }
            return Ok(Ty::json());
        }
        if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
            return Ok(Ty::json());
        }
        let format = text(schema, "format");
        match schema.get("type").and_then(Value::as_str) {
            Some(ty @ ("string" | "integer" | "number" | "boolean")) => Ok(Ty {
                ty: ty.to_owned(),
                format,
            }),
            Some("array") => {
                let Some(items) = schema.get("items") else {
                    return Err(self
                        .doc
                        .problem(at, "an array schema without `items`", None));
                };
                let inner = self.type_of(items, &format!("{at}.items"), refs, depth + 1)?;
                Ok(Ty {
                    ty: format!("list<{}>", inner.ty),
                    format: inner.format,
                })
            }
            Some("object") | None => match schema.get("additionalProperties") {
                Some(Value::Bool(true)) if schema.get("properties").is_none() => Ok(Ty {
                    ty: "map<json>".into(),
                    format: None,
                }),
                Some(inner @ Value::Mapping(_)) if schema.get("properties").is_none() => {
                    let inner = self.type_of(
                        inner,
                        &format!("{at}.additionalProperties"),
                        refs,
                        depth + 1,
                    )?;
                    Ok(Ty {
                        ty: format!("map<{}>", inner.ty),
                        format: inner.format,
                    })
                }
                _ => Ok(Ty::json()),
            },
            Some(other) => Err(self.doc.problem(
                &format!("{at}.type"),
                format!("unsupported schema type `{other}`"),
                None,
            )),
        }
    }

    /// Converts `components.schemas.<name>` into a model.
    fn model(&self, name: &str) -> ModelResult {
        let at = format!("components.schemas.{name}");
        let Some(schema) = self.doc.schema(name) else {
            return Err(vec![self.doc.problem(
                "components.schemas",
                format!("no schema `{name}`"),
                None,
            )]);
        };
        let mut refs = BTreeSet::new();
        let mut problems = Vec::new();
        let description = prose(schema, "description");
        let ty = schema.get("type").and_then(Value::as_str);
        if let (Some("string") | None, Some(values)) = (ty, known_values(schema)) {
            if schema.get("properties").is_none() && schema.get("allOf").is_none() {
                let key = if schema.get("x-okta-known-values").is_some() {
                    "x-okta-known-values"
                } else {
                    "enum"
                };
                let mut out = Vec::new();
                for (i, value) in values.iter().enumerate() {
                    match value {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        Value::Bool(b) => out.push(b.to_string()),
                        _ => problems.push(self.doc.problem(
                            &format!("{at}.{key}[{i}]"),
                            "a known value must be a string",
                            None,
                        )),
                    }
                }
                if !problems.is_empty() {
                    return Err(problems);
                }
                let model = spec::Model {
                    name: name.to_owned(),
                    kind: spec::ModelKind::Enum,
                    description,
                    extends: None,
                    discriminator: None,
                    fields: Vec::new(),
                    values: out,
                };
                return Ok((model, refs));
            }
        }

        let mut parts: Vec<(&Value, String)> = vec![(schema, at.clone())];
        let mut extends = None;
        if let Some(all) = schema.get("allOf").and_then(Value::as_sequence) {
            for (i, part) in all.iter().enumerate() {
                let part_at = format!("{at}.allOf[{i}]");
                match part.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        let parent = schema_ref_name(reference)
                            .filter(|p| self.doc.schema(p).is_some_and(is_model));
                        match (parent, &extends) {
                            (Some(parent), None) => {
                                refs.insert(parent.to_owned());
                                extends = Some(parent.to_owned());
                            }
                            (Some(parent), Some(first)) => problems.push(self.doc.problem(
                                &format!("{part_at}.$ref"),
                                format!(
                                    "`{name}` has a second allOf parent `{parent}` after `{first}`"
                                ),
                                Some("the spec format has single inheritance (`extends`)".into()),
                            )),
                            (None, _) => problems.push(self.doc.problem(
                                &format!("{part_at}.$ref"),
                                format!("allOf parent `{reference}` is not an object schema"),
                                None,
                            )),
                        }
                    }
                    None => parts.push((part, part_at)),
                }
            }
        }

        let mut fields = Vec::new();
        let mut seen = BTreeSet::new();
        let mut discriminator = None;
        for (part, part_at) in &parts {
            let required: Vec<&str> = part
                .get("required")
                .and_then(Value::as_sequence)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(properties) = part.get("properties").and_then(Value::as_mapping) {
                for (key, property) in properties {
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
                    match self.type_of(property, &field_at, &mut refs, 0) {
                        Ok(ty) => fields.push(spec::Field {
                            name: field_name.to_owned(),
                            ty: ty.ty,
                            format: ty.format,
                            read_only: flag(property, "readOnly"),
                            secret: flag(property, "writeOnly"),
                            nullable: flag(property, "nullable"),
                            required: required.contains(&field_name),
                            default: scalar_default(property),
                            description: prose(property, "description"),
                        }),
                        Err(problem) => problems.push(problem),
                    }
                }
            }
            if let Some(found) = part.get("discriminator") {
                let at = format!("{part_at}.discriminator");
                match self.discriminator(name, found, &at, &mut refs) {
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
            refs,
        ))
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

    fn operation(
        &mut self,
        raw: &RawOperation<'_>,
    ) -> Result<(spec::Operation, BTreeSet<String>), Vec<Diagnostic>> {
        let op = raw.op;
        let at = &raw.at;
        let mut problems = Vec::new();
        let mut refs = BTreeSet::new();
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
        let params = self.parameters(raw, &mut problems, &mut refs);
        let body = self.request_body(op, at, &mut problems, &mut refs);
        let (response, errors) = self.responses(op, at, &id, &mut problems, &mut refs);
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
            refs,
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

    /// The path item's parameters, then the operation's (which override by name and location).
    fn parameters(
        &mut self,
        raw: &RawOperation<'_>,
        problems: &mut Vec<Diagnostic>,
        refs: &mut BTreeSet<String>,
    ) -> Vec<spec::Param> {
        let op = raw.op;
        let at = &raw.at;
        let mut raw_params: Vec<(&Value, String)> = Vec::new();
        let sources = [
            (
                raw.item.get("parameters"),
                format!("paths.{}.parameters", raw.path),
            ),
            (op.get("parameters"), format!("{at}.parameters")),
        ];
        for (list, list_at) in sources {
            for (i, param) in list
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .enumerate()
            {
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
        let mut params = Vec::new();
        for (param, param_at) in raw_params {
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
            let typed = self
                .type_of(schema, &format!("{param_at}.schema"), refs, 0)
                .and_then(|ty| Ok((list_style(self.doc, param, &param_at, &ty.ty)?, ty)));
            match typed {
                Ok((explode, ty)) => params.push(spec::Param {
                    name,
                    location,
                    ty: ty.ty,
                    format: ty.format,
                    required: flag(param, "required"),
                    default: scalar_default(schema),
                    explode,
                    description: prose(param, "description"),
                }),
                Err(problem) => problems.push(problem),
            }
        }
        params
    }

    fn request_body(
        &mut self,
        op: &Value,
        at: &str,
        problems: &mut Vec<Diagnostic>,
        refs: &mut BTreeSet<String>,
    ) -> Option<spec::Body> {
        match op.get("requestBody") {
            None => None,
            Some(body) => match self.body(body, &format!("{at}.requestBody"), refs) {
                Ok(mut body) => {
                    // The generators' extension names the body parameter; it sits on the operation.
                    if body.name.is_none() {
                        body.name = text(op, "x-codegen-request-body-name");
                    }
                    Some(body)
                }
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            },
        }
    }

    /// The one success response and the documented error statuses.
    fn responses(
        &mut self,
        op: &Value,
        at: &str,
        id: &str,
        problems: &mut Vec<Diagnostic>,
        refs: &mut BTreeSet<String>,
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
                if let Err(problem) = self.response(code, found, &error_at, refs) {
                    problems.push(problem);
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
            match self.response(status, found, &format!("{at}.responses.{status}"), refs) {
                Ok(r) => imported.push(r),
                Err(problem) => problems.push(problem),
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
        refs: &mut BTreeSet<String>,
    ) -> Result<spec::Response, Diagnostic> {
        let (found, at) = self.doc.resolve(found, at)?;
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
                    ty = Some(self.type_of(schema, &content_at, refs, 0)?.ty);
                }
            } else if let Some(text_type) = text_type {
                let schema = content.get(text_type).and_then(|m| m.get("schema"));
                let schema_type = schema.and_then(|s| s.get("type")).and_then(Value::as_str);
                if schema.is_some() && schema_type != Some("string") {
                    return Err(self.doc.problem(
                        &format!("{at}.content.{text_type}.schema"),
                        format!("a `{text_type}` response whose schema is not a string"),
                        None,
                    ));
                }
                ty = Some("string".to_owned());
                media_type = Some(text_type.to_owned());
            } else {
                return Err(self.doc.problem(
                    &format!("{at}.content"),
                    format!("unsupported response media type `{}`", types.join("`, `")),
                    Some(
                        "the spec format has JSON responses and responses of one text/… type"
                            .into(),
                    ),
                ));
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
        refs: &mut BTreeSet<String>,
    ) -> Result<spec::Body, Diagnostic> {
        let (body, at) = self.doc.resolve(body, at)?;
        let content = body.get("content").and_then(Value::as_mapping);
        let media: Vec<(&str, &Value)> = content
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
            .collect();
        let required = flag(body, "required");
        let description = prose(body, "description");
        let name = text(body, "x-codegen-request-body-name");
        let empty = spec::Body {
            // Each kind of body below sets its own.
            kind: spec::BodyKind::Json,
            ty: None,
            media_types: Vec::new(),
            parts: Vec::new(),
            required,
            name,
            description,
        };
        let is_binary = |schema: Option<&Value>| {
            schema.is_some_and(|s| {
                s.get("type").and_then(Value::as_str) == Some("string")
                    && s.get("format").and_then(Value::as_str) == Some("binary")
            })
        };
        match media.as_slice() {
            [] => Err(self.doc.problem(&at, "a request body without `content`", None)),
            [("application/json", json)] => {
                let Some(schema) = json.get("schema") else {
                    return Err(self.doc.problem(
                        &format!("{at}.content.application/json"),
                        "a JSON body without a schema",
                        None,
                    ));
                };
                let schema_at = format!("{at}.content.application/json.schema");
                let ty = self.type_of(schema, &schema_at, refs, 0)?;
                Ok(spec::Body {
                    kind: spec::BodyKind::Json,
                    ty: Some(ty.ty),
                    ..empty
                })
            }
            [("multipart/form-data", form)] => {
                let form_at = format!("{at}.content.multipart/form-data.schema");
                let Some(schema) = form.get("schema") else {
                    return Err(self.doc.problem(&form_at, "a multipart body without a schema", None));
                };
                let (schema, form_at) = self.doc.resolve(schema, &form_at)?;
                let required_parts: Vec<&str> = schema
                    .get("required")
                    .and_then(Value::as_sequence)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut parts = Vec::new();
                let properties = schema.get("properties").and_then(Value::as_mapping);
                for (key, part) in properties.into_iter().flatten() {
                    let Some(part_name) = key.as_str() else { continue };
                    let ty = if is_binary(Some(part)) {
                        "binary".to_owned()
                    } else {
                        self.type_of(part, &format!("{form_at}.properties.{part_name}"), refs, 0)?
                            .ty
                    };
                    parts.push(spec::Part {
                        name: part_name.to_owned(),
                        ty,
                        required: required_parts.contains(&part_name),
                    });
                }
                if parts.is_empty() {
                    return Err(self.doc.problem(&form_at, "a multipart body without parts", None));
                }
                Ok(spec::Body {
                    kind: spec::BodyKind::Multipart,
                    parts,
                    ..empty
                })
            }
            all if all.iter().all(|(_, m)| is_binary(m.get("schema"))) => {
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
                Ok(spec::Body {
                    kind: spec::BodyKind::Binary,
                    media_types,
                    ..empty
                })
            }
            all => Err(self.doc.problem(
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
            )),
        }
    }
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
    let main_at = all.iter().position(|r| r.ty.is_some()).unwrap_or(0);
    if all.is_empty() {
        return Ok(None);
    }
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
