//! `spec/` against an OpenAPI document: every difference, grouped and sorted,
//! and the reviewed allowlist of intended ones.
//!
//! The document side is what [`import`](super::import()) makes of the document, so the
//! two sides are compared in one vocabulary (the spec format's) and the importer and
//! the check cannot disagree about a convention. Descriptions and summaries are prose
//! and are not compared.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use serde_yaml::Value;

use super::import::{import, import_models, is_model, ImportOptions};
use super::Document;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locate::Locations;
use crate::{spec, SpecText, MODELS_FILE, OPERATIONS_FILE};

/// The kinds of difference, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Operations of the document that the importer cannot express.
    Unimportable,
    /// Operations missing or extra.
    Operations,
    /// HTTP method and path template.
    MethodAndPath,
    /// Parameters: presence, type, format, required, default.
    Parameters,
    /// Request bodies: presence, kind, type, media types, parts, required.
    RequestBodies,
    /// Success status and type.
    SuccessResponses,
    /// Documented error statuses.
    ErrorStatuses,
    /// OAuth 2.0 scopes.
    Scopes,
    /// Models missing or extra, and their kind.
    Models,
    /// Fields: presence, type, format, required, read-only, default.
    Fields,
    /// Known values of enums.
    EnumValues,
    /// Discriminator property and mappings.
    Discriminators,
    /// allOf parents (`extends`).
    Parents,
}

impl Group {
    const ALL: [Group; 13] = [
        Group::Unimportable,
        Group::Operations,
        Group::MethodAndPath,
        Group::Parameters,
        Group::RequestBodies,
        Group::SuccessResponses,
        Group::ErrorStatuses,
        Group::Scopes,
        Group::Models,
        Group::Fields,
        Group::EnumValues,
        Group::Discriminators,
        Group::Parents,
    ];

    /// The name used in the allowlist's `group` key and in headings.
    pub fn key(self) -> &'static str {
        match self {
            Group::Unimportable => "unimportable",
            Group::Operations => "operations",
            Group::MethodAndPath => "method-and-path",
            Group::Parameters => "parameters",
            Group::RequestBodies => "request-bodies",
            Group::SuccessResponses => "success-responses",
            Group::ErrorStatuses => "error-statuses",
            Group::Scopes => "scopes",
            Group::Models => "models",
            Group::Fields => "fields",
            Group::EnumValues => "enum-values",
            Group::Discriminators => "discriminators",
            Group::Parents => "parents",
        }
    }

    fn from_key(key: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// One difference between `spec/` and the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Difference {
    pub group: Group,
    /// What differs, e.g. `operation listApplications / query parameter limit / default`.
    pub at: String,
    /// The value in `spec/` (`absent` when it has none).
    pub spec: String,
    /// The value in the document (`absent` when it has none).
    pub openapi: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: spec/ {}; openapi {}",
            self.at, self.spec, self.openapi
        )
    }
}

const ABSENT: &str = "absent";

/// Every difference between the spec text and the document's operations of `tags`
/// (every tag when empty), sorted by group, then place.
pub fn spec_diff(
    text: &SpecText<'_>,
    document: &Document,
    tags: &[String],
) -> Result<Vec<Difference>, Diagnostics> {
    let mut problems = Vec::new();
    let operations: Option<spec::OperationsFile> =
        crate::parse(OPERATIONS_FILE, text.operations, &mut problems);
    let models: Option<spec::ModelsFile> = crate::parse(MODELS_FILE, text.models, &mut problems);
    let (Some(operations), Some(models)) = (operations, models) else {
        return Err(Diagnostics::sorted(problems));
    };
    let imported = import(
        document,
        &ImportOptions {
            tags: tags.to_vec(),
            lenient: true,
        },
    )?;

    let mut out = Differences::default();
    let skipped: BTreeSet<&str> = imported
        .skipped_operations
        .iter()
        .map(String::as_str)
        .collect();
    for problem in &imported.skipped {
        out.push(
            Group::Unimportable,
            format!("{}:{}: {}", problem.file, problem.line, problem.path),
            "(not compared)",
            format!("what cannot be imported: {}", problem.message),
        );
    }
    let spec_ops: BTreeMap<&str, &spec::Operation> = operations
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let doc_ops: BTreeMap<&str, &spec::Operation> = imported
        .operations
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    for id in union(spec_ops.keys().copied(), doc_ops.keys().copied()) {
        let at = format!("operation {id}");
        match (spec_ops.get(id), doc_ops.get(id)) {
            (Some(s), Some(d)) => compare_operation(&mut out, &at, s, d),
            (Some(s), None) if !skipped.contains(id) => out.push(
                Group::Operations,
                at,
                format!("{} {}", s.method, s.path),
                ABSENT,
            ),
            (None, Some(d)) => out.push(
                Group::Operations,
                at,
                ABSENT,
                format!("{} {}", d.method, d.path),
            ),
            _ => {}
        }
    }

    // Models: those the document's operations reach, and those of spec/ that the document
    // defines even if no compared operation reaches them.
    let spec_models: BTreeMap<&str, &spec::Model> =
        models.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut doc_models: BTreeMap<String, spec::Model> = imported
        .models
        .models
        .into_iter()
        .map(|m| (m.name.clone(), m))
        .collect();
    let unreached: BTreeSet<String> = spec_models
        .keys()
        .filter(|n| !doc_models.contains_key(**n))
        .map(|n| (*n).to_owned())
        .collect();
    for (name, result) in import_models(document, &unreached) {
        match result {
            Ok(model) => {
                doc_models.insert(name, model);
            }
            Err(problems) => {
                for problem in problems {
                    out.push(
                        Group::Unimportable,
                        format!("{}:{}: {}", problem.file, problem.line, problem.path),
                        "(not compared)",
                        format!("what cannot be imported: {}", problem.message),
                    );
                }
            }
        }
    }
    for name in union(
        spec_models.keys().copied(),
        doc_models.keys().map(String::as_str),
    ) {
        let at = format!("model {name}");
        match (spec_models.get(name), doc_models.get(name)) {
            (Some(s), Some(d)) => compare_model(&mut out, &at, s, d),
            (Some(s), None) => {
                let openapi = match document.schema(name) {
                    Some(schema) if !is_model(schema) => {
                        "a schema that is not a model (it is written out where used)".to_owned()
                    }
                    Some(_) => "a schema that cannot be imported".to_owned(),
                    None => ABSENT.to_owned(),
                };
                out.push(Group::Models, at, s.kind.to_string(), openapi);
            }
            (None, Some(d)) => out.push(Group::Models, at, ABSENT, d.kind.to_string()),
            (None, None) => {}
        }
    }
    let mut list = out.0;
    list.sort();
    list.dedup();
    Ok(list)
}

#[derive(Default)]
struct Differences(Vec<Difference>);

impl Differences {
    fn push(
        &mut self,
        group: Group,
        at: impl Into<String>,
        spec: impl Into<String>,
        openapi: impl Into<String>,
    ) {
        self.0.push(Difference {
            group,
            at: at.into(),
            spec: spec.into(),
            openapi: openapi.into(),
        });
    }

    /// Pushes a difference when the two renderings differ.
    fn check(&mut self, group: Group, at: String, spec: String, openapi: String) {
        if spec != openapi {
            self.push(group, at, spec, openapi);
        }
    }
}

fn union<'a>(
    a: impl Iterator<Item = &'a str>,
    b: impl Iterator<Item = &'a str>,
) -> BTreeSet<&'a str> {
    a.chain(b).collect()
}

fn optional(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| format!("`{v}`"))
}

fn code(value: &str) -> String {
    format!("`{value}`")
}

fn render(value: Option<&Value>) -> String {
    match value {
        None => "none".into(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Null) => "null".into(),
        Some(other) => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .replace('\n', " "),
    }
}

/// Defaults are compared by value: `1` and `1.0`, or `"1"` and `1`, are different.
fn same_default(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            x == y || (x.as_f64().is_some() && x.as_f64() == y.as_f64() && x.is_f64() == y.is_f64())
        }
        (a, b) => a == b,
    }
}

fn compare_operation(out: &mut Differences, at: &str, s: &spec::Operation, d: &spec::Operation) {
    out.check(
        Group::MethodAndPath,
        format!("{at} / method"),
        s.method.to_string(),
        d.method.to_string(),
    );
    out.check(
        Group::MethodAndPath,
        format!("{at} / path"),
        code(&s.path),
        code(&d.path),
    );

    let key = |p: &spec::Param| (p.location.to_string(), p.name.clone());
    let spec_params: BTreeMap<_, _> = s.params.iter().map(|p| (key(p), p)).collect();
    let doc_params: BTreeMap<_, _> = d.params.iter().map(|p| (key(p), p)).collect();
    let keys: BTreeSet<_> = spec_params.keys().chain(doc_params.keys()).collect();
    for k in keys {
        let pat = format!("{at} / {} parameter {}", k.0, k.1);
        let describe = |p: &spec::Param| {
            format!(
                "{}{}",
                code(&p.ty),
                if p.required { ", required" } else { "" }
            )
        };
        match (spec_params.get(k), doc_params.get(k)) {
            (Some(sp), Some(dp)) => {
                out.check(
                    Group::Parameters,
                    format!("{pat} / type"),
                    code(&sp.ty),
                    code(&dp.ty),
                );
                out.check(
                    Group::Parameters,
                    format!("{pat} / format"),
                    optional(sp.format.as_deref()),
                    optional(dp.format.as_deref()),
                );
                out.check(
                    Group::Parameters,
                    format!("{pat} / required"),
                    sp.required.to_string(),
                    dp.required.to_string(),
                );
                out.check(
                    Group::Parameters,
                    format!("{pat} / explode"),
                    sp.explode.unwrap_or(true).to_string(),
                    dp.explode.unwrap_or(true).to_string(),
                );
                if !same_default(sp.default.as_ref(), dp.default.as_ref()) {
                    out.push(
                        Group::Parameters,
                        format!("{pat} / default"),
                        render(sp.default.as_ref()),
                        render(dp.default.as_ref()),
                    );
                }
            }
            (Some(sp), None) => out.push(Group::Parameters, pat, describe(sp), ABSENT),
            (None, Some(dp)) => out.push(Group::Parameters, pat, ABSENT, describe(dp)),
            (None, None) => {}
        }
    }

    let bat = format!("{at} / request body");
    match (&s.body, &d.body) {
        (Some(sb), Some(db)) => compare_body(out, &bat, sb, db),
        (Some(sb), None) => out.push(Group::RequestBodies, bat, sb.kind.to_string(), ABSENT),
        (None, Some(db)) => out.push(Group::RequestBodies, bat, ABSENT, db.kind.to_string()),
        (None, None) => {}
    }

    out.check(
        Group::SuccessResponses,
        format!("{at} / success status"),
        s.response.status.to_string(),
        d.response.status.to_string(),
    );
    out.check(
        Group::SuccessResponses,
        format!("{at} / success type"),
        optional(s.response.ty.as_deref()),
        optional(d.response.ty.as_deref()),
    );
    out.check(
        Group::SuccessResponses,
        format!("{at} / success media type"),
        optional(s.response.media_type.as_deref()),
        optional(d.response.media_type.as_deref()),
    );
    let statuses = |r: &spec::Response| {
        let all: Vec<String> = r
            .other_statuses
            .iter()
            .map(|o| match &o.ty {
                Some(ty) => format!("{} ({ty})", o.status),
                None => o.status.to_string(),
            })
            .collect();
        all.join(", ")
    };
    out.check(
        Group::SuccessResponses,
        format!("{at} / other success statuses"),
        statuses(&s.response),
        statuses(&d.response),
    );

    let spec_errors: BTreeSet<u16> = s.errors.iter().copied().collect();
    let doc_errors: BTreeSet<u16> = d.errors.iter().copied().collect();
    for status in spec_errors.symmetric_difference(&doc_errors) {
        let (sv, dv) = presence(spec_errors.contains(status));
        out.push(
            Group::ErrorStatuses,
            format!("{at} / error status {status}"),
            sv,
            dv,
        );
    }

    let spec_scopes: BTreeSet<&str> = s.scopes.iter().map(String::as_str).collect();
    let doc_scopes: BTreeSet<&str> = d.scopes.iter().map(String::as_str).collect();
    for scope in spec_scopes.symmetric_difference(&doc_scopes) {
        let (sv, dv) = presence(spec_scopes.contains(scope));
        out.push(Group::Scopes, format!("{at} / scope {scope}"), sv, dv);
    }
}

/// `("present", "absent")` when only spec/ has it, the other way round otherwise.
fn presence(in_spec: bool) -> (&'static str, &'static str) {
    if in_spec {
        ("present", ABSENT)
    } else {
        (ABSENT, "present")
    }
}

fn compare_body(out: &mut Differences, at: &str, s: &spec::Body, d: &spec::Body) {
    out.check(
        Group::RequestBodies,
        format!("{at} / kind"),
        s.kind.to_string(),
        d.kind.to_string(),
    );
    out.check(
        Group::RequestBodies,
        format!("{at} / type"),
        optional(s.ty.as_deref()),
        optional(d.ty.as_deref()),
    );
    out.check(
        Group::RequestBodies,
        format!("{at} / required"),
        s.required.to_string(),
        d.required.to_string(),
    );
    out.check(
        Group::RequestBodies,
        format!("{at} / media type"),
        optional(s.media_type.as_deref()),
        optional(d.media_type.as_deref()),
    );
    let spec_media: BTreeSet<&str> = s
        .media_types
        .iter()
        .map(|m| m.media_type.as_str())
        .collect();
    let doc_media: BTreeSet<&str> = d
        .media_types
        .iter()
        .map(|m| m.media_type.as_str())
        .collect();
    for media in spec_media.symmetric_difference(&doc_media) {
        let (sv, dv) = presence(spec_media.contains(media));
        out.push(
            Group::RequestBodies,
            format!("{at} / media type {media}"),
            sv,
            dv,
        );
    }
    let spec_parts: BTreeMap<&str, &spec::Part> =
        s.parts.iter().map(|p| (p.name.as_str(), p)).collect();
    let doc_parts: BTreeMap<&str, &spec::Part> =
        d.parts.iter().map(|p| (p.name.as_str(), p)).collect();
    for name in union(spec_parts.keys().copied(), doc_parts.keys().copied()) {
        let pat = format!("{at} / part {name}");
        match (spec_parts.get(name), doc_parts.get(name)) {
            (Some(sp), Some(dp)) => {
                out.check(
                    Group::RequestBodies,
                    format!("{pat} / type"),
                    code(&sp.ty),
                    code(&dp.ty),
                );
                out.check(
                    Group::RequestBodies,
                    format!("{pat} / required"),
                    sp.required.to_string(),
                    dp.required.to_string(),
                );
            }
            (Some(sp), None) => out.push(Group::RequestBodies, pat, code(&sp.ty), ABSENT),
            (None, Some(dp)) => out.push(Group::RequestBodies, pat, ABSENT, code(&dp.ty)),
            (None, None) => {}
        }
    }
}

fn compare_model(out: &mut Differences, at: &str, s: &spec::Model, d: &spec::Model) {
    out.check(
        Group::Models,
        format!("{at} / kind"),
        s.kind.to_string(),
        d.kind.to_string(),
    );
    out.check(
        Group::Parents,
        format!("{at} / extends"),
        optional(s.extends.as_deref()),
        optional(d.extends.as_deref()),
    );

    let spec_fields: BTreeMap<&str, &spec::Field> =
        s.fields.iter().map(|f| (f.name.as_str(), f)).collect();
    let doc_fields: BTreeMap<&str, &spec::Field> =
        d.fields.iter().map(|f| (f.name.as_str(), f)).collect();
    for name in union(spec_fields.keys().copied(), doc_fields.keys().copied()) {
        let fat = format!("{at} / field {name}");
        match (spec_fields.get(name), doc_fields.get(name)) {
            (Some(sf), Some(df)) => {
                out.check(
                    Group::Fields,
                    format!("{fat} / type"),
                    code(&sf.ty),
                    code(&df.ty),
                );
                out.check(
                    Group::Fields,
                    format!("{fat} / format"),
                    optional(sf.format.as_deref()),
                    optional(df.format.as_deref()),
                );
                out.check(
                    Group::Fields,
                    format!("{fat} / required"),
                    sf.required.to_string(),
                    df.required.to_string(),
                );
                out.check(
                    Group::Fields,
                    format!("{fat} / read_only"),
                    sf.read_only.to_string(),
                    df.read_only.to_string(),
                );
                out.check(
                    Group::Fields,
                    format!("{fat} / nullable"),
                    sf.nullable.to_string(),
                    df.nullable.to_string(),
                );
                // `secret` is reviewed in spec/: a writeOnly property must be secret there,
                // and spec/ may mark more (Okta's document does not flag `client_secret`).
                if df.secret && !sf.secret {
                    out.push(
                        Group::Fields,
                        format!("{fat} / secret"),
                        "false".to_owned(),
                        "true (writeOnly)".to_owned(),
                    );
                }
                if !same_default(sf.default.as_ref(), df.default.as_ref()) {
                    out.push(
                        Group::Fields,
                        format!("{fat} / default"),
                        render(sf.default.as_ref()),
                        render(df.default.as_ref()),
                    );
                }
            }
            (Some(sf), None) => out.push(Group::Fields, fat, code(&sf.ty), ABSENT),
            (None, Some(df)) => out.push(Group::Fields, fat, ABSENT, code(&df.ty)),
            (None, None) => {}
        }
    }

    let spec_values: BTreeSet<&str> = s.values.iter().map(String::as_str).collect();
    let doc_values: BTreeSet<&str> = d.values.iter().map(String::as_str).collect();
    for value in spec_values.symmetric_difference(&doc_values) {
        let (sv, dv) = presence(spec_values.contains(value));
        out.push(Group::EnumValues, format!("{at} / value {value}"), sv, dv);
    }

    let dat = format!("{at} / discriminator");
    match (&s.discriminator, &d.discriminator) {
        (Some(sd), Some(dd)) => {
            out.check(
                Group::Discriminators,
                format!("{dat} / property"),
                code(&sd.property),
                code(&dd.property),
            );
            for tag in union(
                sd.mapping.keys().map(String::as_str),
                dd.mapping.keys().map(String::as_str),
            ) {
                out.check(
                    Group::Discriminators,
                    format!("{dat} / mapping {tag}"),
                    optional(sd.mapping.get(tag).map(String::as_str)),
                    optional(dd.mapping.get(tag).map(String::as_str)),
                );
            }
        }
        (Some(sd), None) => out.push(Group::Discriminators, dat, code(&sd.property), ABSENT),
        (None, Some(dd)) => out.push(Group::Discriminators, dat, ABSENT, code(&dd.property)),
        (None, None) => {}
    }
}

/// `spec/spec-diff-allowlist.yaml`: reviewed, intended differences.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowlistFile {
    #[serde(default)]
    allow: Vec<AllowEntry>,
}

/// One reviewed difference, matched exactly (group, place and both values).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    pub group: String,
    pub at: String,
    pub spec: String,
    pub openapi: String,
    /// Why the difference is intended; required and non-empty.
    pub reason: String,
    /// 1-based line of the entry in the allowlist file.
    #[serde(skip)]
    pub line: usize,
}

impl AllowEntry {
    fn matches(&self, d: &Difference) -> bool {
        self.group == d.group.key()
            && self.at == d.at
            && self.spec == d.spec
            && self.openapi == d.openapi
    }
}

/// The parsed allowlist.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    /// The file name used in messages.
    pub file: String,
    pub entries: Vec<AllowEntry>,
}

impl Allowlist {
    /// Parses the allowlist; every entry needs a known group and a reason.
    pub fn parse(file: &str, text: &str) -> Result<Allowlist, Diagnostics> {
        let mut problems = Vec::new();
        let Some(parsed) = crate::parse::<AllowlistFile>(file, text, &mut problems) else {
            return Err(Diagnostics::sorted(problems));
        };
        let locations = Locations::index(text);
        let mut entries = Vec::new();
        for (i, mut entry) in parsed.allow.into_iter().enumerate() {
            let (line, column) = locations.find(&format!("allow[{i}]"));
            entry.line = line;
            let problem = |path: &str, message: String, hint: Option<String>| {
                let at = format!("allow[{i}].{path}");
                Diagnostic::new(file, locations.find(&at), at, message, hint)
            };
            if Group::from_key(&entry.group).is_none() {
                let keys = Group::ALL.map(Group::key);
                problems.push(problem(
                    "group",
                    format!("unknown group `{}`", entry.group),
                    Some(format!("groups: {}", keys.join(", "))),
                ));
            }
            if entry.reason.trim().is_empty() {
                problems.push(problem(
                    "reason",
                    "an allowlist entry needs a reason".into(),
                    None,
                ));
            }
            if let Some(earlier) = entries.iter().find(|e: &&AllowEntry| {
                e.group == entry.group
                    && e.at == entry.at
                    && e.spec == entry.spec
                    && e.openapi == entry.openapi
            }) {
                problems.push(Diagnostic::new(
                    file,
                    (line, column),
                    format!("allow[{i}]"),
                    format!("the same difference is allowed at line {}", earlier.line),
                    None,
                ));
            }
            entries.push(entry);
        }
        if !problems.is_empty() {
            return Err(Diagnostics::sorted(problems));
        }
        Ok(Allowlist {
            file: file.to_owned(),
            entries,
        })
    }

    /// Splits `differences` into drift and allowed ones, and finds stale entries.
    pub fn apply(&self, differences: Vec<Difference>) -> Report {
        let mut used = vec![false; self.entries.len()];
        let mut drift = Vec::new();
        let mut allowed = Vec::new();
        for difference in differences {
            match self.entries.iter().position(|e| e.matches(&difference)) {
                Some(i) => {
                    used[i] = true;
                    allowed.push((difference, self.entries[i].reason.clone()));
                }
                None => drift.push(difference),
            }
        }
        let stale = self
            .entries
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(e, _)| e.clone())
            .collect();
        Report {
            allowlist: self.file.clone(),
            drift,
            allowed,
            stale,
        }
    }
}

/// The outcome of a spec-diff run.
#[derive(Debug, Clone)]
pub struct Report {
    /// The allowlist's file name, for messages.
    pub allowlist: String,
    /// Differences the allowlist does not excuse.
    pub drift: Vec<Difference>,
    /// Differences the allowlist excuses, with the reason.
    pub allowed: Vec<(Difference, String)>,
    /// Allowlist entries that match no difference: errors, so that excuses do not outlive their cause.
    pub stale: Vec<AllowEntry>,
}

impl Report {
    /// No drift and no stale allowlist entry.
    pub fn is_clean(&self) -> bool {
        self.drift.is_empty() && self.stale.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for group in Group::ALL {
            let in_group: Vec<&Difference> =
                self.drift.iter().filter(|d| d.group == group).collect();
            if in_group.is_empty() {
                continue;
            }
            writeln!(f, "{} ({}):", group.key(), in_group.len())?;
            for d in in_group {
                writeln!(f, "  {d}")?;
            }
        }
        for entry in &self.stale {
            writeln!(
                f,
                "{}:{}: error: stale allowlist entry: no difference `{}` ({}: spec/ {}; openapi {}) any more; remove it",
                self.allowlist, entry.line, entry.at, entry.group, entry.spec, entry.openapi
            )?;
        }
        write!(
            f,
            "{} difference{} not in the allowlist, {} allowed by {}, {} stale allowlist entr{}",
            self.drift.len(),
            if self.drift.len() == 1 { "" } else { "s" },
            self.allowed.len(),
            self.allowlist,
            self.stale.len(),
            if self.stale.len() == 1 { "y" } else { "ies" },
        )
    }
}
