//! OpenAPI 3.0 documents: importing tags into the `spec/` format
//! ([`import`]) and checking `spec/` against a document ([`diff`]).
//!
//! The document is read as a plain [`serde_yaml::Value`]: the importer needs
//! only the subset of OpenAPI that Okta's management document uses, and a
//! typed OpenAPI model would reject or hide exactly the parts a maintainer
//! needs to be told about. Problems are [`Diagnostic`]s located in the
//! document (line, column and YAML path, e.g. `paths./api/v1/apps.get.requestBody`).

use std::path::Path;
use std::sync::OnceLock;

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locate::Locations;

pub mod diff;
pub mod import;
mod inline;
mod lenient;
pub mod overlay;
mod yaml_out;

pub use diff::{Allowlist, Difference, Group, Report};
pub use import::{import, ImportOptions, Imported};
pub use overlay::{Overlay, OverlayReport};

/// An OpenAPI document, parsed, with the position of every node for messages.
pub struct Document {
    name: String,
    root: Value,
    locations: Locations,
    /// The names of the inline schemas that become models: finding them converts the whole
    /// document, so it is done once however many imports read the document.
    inline_names: OnceLock<inline::Names>,
}

impl Document {
    /// Parses `text`; `name` is how messages refer to the document.
    pub fn parse(name: &str, text: &str) -> Result<Document, Diagnostics> {
        let locations = Locations::index(text);
        let root: Value = crate::parse_yaml(name, text, &locations, "not a YAML document: ")
            .map_err(|problem| Diagnostics(vec![problem]))?;
        let document = Document {
            name: name.to_owned(),
            root,
            locations,
            inline_names: OnceLock::new(),
        };
        let version = document.root.get("openapi").and_then(Value::as_str);
        if !version.is_some_and(|v| v.starts_with("3.0")) {
            return Err(Diagnostics(vec![document.problem(
                "openapi",
                format!(
                    "expected an OpenAPI 3.0 document, found `openapi: {}`",
                    version.unwrap_or("(missing)")
                ),
                None,
            )]));
        }
        Ok(document)
    }

    /// Reads and parses the document at `path`.
    pub fn read(path: &Path) -> Result<Document, Diagnostics> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| {
            Diagnostics(vec![Diagnostic {
                file: name.clone(),
                line: 0,
                column: 0,
                path: String::new(),
                message: format!("cannot read: {error}"),
                hint: None,
            }])
        })?;
        Document::parse(&name, &text)
    }

    /// How messages name the document.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `info.title` and `info.version`, for headers.
    pub fn title(&self) -> String {
        let info = self.root.get("info");
        let field = |key: &str| {
            info.and_then(|i| i.get(key))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        format!("{} {}", field("title"), field("version"))
            .trim()
            .to_owned()
    }

    /// Every tag that an operation carries, sorted.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .operations()
            .flat_map(|op| op.tags)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        tags.sort();
        tags
    }

    /// Every operation, in document order.
    pub(crate) fn operations(&self) -> impl Iterator<Item = RawOperation<'_>> {
        let paths = self.root.get("paths").and_then(Value::as_mapping);
        paths.into_iter().flatten().flat_map(|(path, item)| {
            let path = path.as_str().unwrap_or_default();
            METHODS.iter().filter_map(move |method| {
                let op = item.get(*method)?;
                let tags = op
                    .get("tags")
                    .and_then(Value::as_sequence)
                    .map(|tags| {
                        tags.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                Some(RawOperation {
                    path,
                    method,
                    item,
                    op,
                    tags,
                    at: format!("paths.{path}.{method}"),
                })
            })
        })
    }

    /// The inline schemas' names, settled by `settle` the first time they are asked for.
    pub(crate) fn inline_names(&self, settle: impl FnOnce() -> inline::Names) -> &inline::Names {
        self.inline_names.get_or_init(settle)
    }

    /// `components.schemas.<name>`.
    pub(crate) fn schema(&self, name: &str) -> Option<&Value> {
        self.root.get("components")?.get("schemas")?.get(name)
    }

    /// The names under `components/schemas`, in document order.
    pub(crate) fn schema_names(&self) -> impl Iterator<Item = &str> {
        let schemas = self
            .root
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_mapping);
        schemas
            .into_iter()
            .flatten()
            .filter_map(|(name, _)| name.as_str())
    }

    /// The schemas that extend `name` (`allOf` with a `$ref` to it), sorted.
    pub(crate) fn extenders(&self, name: &str) -> Vec<String> {
        let schemas = self
            .root
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_mapping);
        let mut found: Vec<String> = schemas
            .into_iter()
            .flatten()
            .filter(|(_, schema)| {
                schema
                    .get("allOf")
                    .and_then(Value::as_sequence)
                    .into_iter()
                    .flatten()
                    .filter_map(|part| part.get("$ref").and_then(Value::as_str))
                    .any(|r| schema_ref_name(r) == Some(name))
            })
            .filter_map(|(key, _)| key.as_str().map(str::to_owned))
            .collect();
        found.sort();
        found
    }

    /// The top-level `security` requirements.
    pub(crate) fn security(&self) -> Option<&Value> {
        self.root.get("security")
    }

    /// Follows a local `$ref` (`#/components/...`) once; `at` is where the ref is.
    /// Returns the target and its YAML path.
    pub(crate) fn resolve<'a>(
        &'a self,
        value: &'a Value,
        at: &str,
    ) -> Result<(&'a Value, String), Diagnostic> {
        let Some(reference) = value.get("$ref") else {
            return Ok((value, at.to_owned()));
        };
        let Some(reference) = reference.as_str() else {
            return Err(self.problem(at, "`$ref` is not a string", None));
        };
        let Some(pointer) = reference.strip_prefix("#/") else {
            return Err(self.problem(
                &format!("{at}.$ref"),
                format!("`{reference}` is not a reference into this document"),
                Some("only local references (`#/components/...`) are supported".into()),
            ));
        };
        let mut node = &self.root;
        let mut path = String::new();
        for segment in pointer.split('/') {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            match node.get(segment.as_str()) {
                Some(next) => node = next,
                None => {
                    return Err(self.problem(
                        &format!("{at}.$ref"),
                        format!("`{reference}` points at nothing"),
                        None,
                    ))
                }
            }
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&segment);
        }
        if node.get("$ref").is_some() {
            return self.resolve(node, &path);
        }
        Ok((node, path))
    }

    /// A problem located at the YAML path `at` of the document.
    pub(crate) fn problem(
        &self,
        at: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        Diagnostic::new(&self.name, self.locations.find(at), at, message, hint)
    }
}

/// The HTTP methods the spec format has, lower case as OpenAPI writes them.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// One operation object with its path item.
pub(crate) struct RawOperation<'a> {
    pub(crate) path: &'a str,
    pub(crate) method: &'a str,
    pub(crate) item: &'a Value,
    pub(crate) op: &'a Value,
    pub(crate) tags: Vec<String>,
    /// YAML path of the operation object.
    pub(crate) at: String,
}

/// The name of the schema a `#/components/schemas/<name>` reference points at.
pub(crate) fn schema_ref_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}
