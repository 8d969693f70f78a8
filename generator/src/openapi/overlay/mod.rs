//! OpenAPI Overlay 1.0 (<https://spec.openapis.org/overlay/v1.0.0.html>): fixes
//! to a vendored OpenAPI document, kept as data beside it and applied before import.
//!
//! An overlay is an ordered list of actions, each an RFC 9535 JSONPath `target`
//! and either an `update` (merged into each selected object, appended to each
//! selected array) or `remove: true` (each selected node leaves its parent).
//! [`parse`] checks the overlay's shape and reports every problem located in
//! the overlay file; [`apply`] runs the actions against a [`Document`].
//!
//! Two rules go beyond the specification, because an overlay here records why
//! the vendored document is wrong: every action needs a `description` (its
//! evidence), and an action whose target selects nothing is an error, so that a
//! fix Okta has since made upstream is noticed and the action deleted.
//!
//! The document keeps its original [`Locations`]: a later diagnostic at a path
//! the document already had points into the vendored file; a path the overlay
//! added is shown at its nearest ancestor that the file has. Positions follow
//! paths, not nodes: after an overlay removes an array element, a message about
//! a later element shows the line of the element that had its index before.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json_path::JsonPath;
use serde_yaml::Value;

use super::Document;
use crate::diagnostics::{shorten, Diagnostic, Diagnostics};
use crate::locate::Locations;

mod apply;
mod parse;
#[cfg(test)]
mod tests;

/// A parsed Overlay 1.0 document, with the position of every node for messages.
pub struct Overlay {
    name: String,
    locations: Locations,
    title: String,
    version: String,
    extends: Option<String>,
    actions: Vec<Action>,
}

/// One action of an overlay.
pub struct Action {
    /// Its place in `actions`, from 0, as diagnostics write it (`actions[3]`).
    index: usize,
    target: String,
    query: JsonPath,
    description: String,
    change: Change,
}

/// What an action does to each node its target selects.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Merge into a selected object, append to a selected array.
    Update(Value),
    /// Remove each selected node from the object or array that contains it.
    Remove,
}

/// What applying one overlay did, action by action, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayReport {
    /// The overlay, as messages name it.
    pub overlay: String,
    pub actions: Vec<AppliedAction>,
}

/// One action that was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedAction {
    /// Its place in `actions`, from 0 (`actions[index]`).
    pub index: usize,
    pub description: String,
    /// How many distinct nodes its target selected; the action applied to each.
    pub matched: usize,
}

impl Overlay {
    /// Parses `text`; `name` is how messages refer to the overlay.
    pub fn parse(name: &str, text: &str) -> Result<Overlay, Diagnostics> {
        parse::parse(name, text)
    }

    /// Reads and parses the overlay at `path`.
    pub fn read(path: &Path) -> Result<Overlay, Diagnostics> {
        let name = path.display().to_string();
        let text = read_text(path, &name)?;
        Overlay::parse(&name, &text)
    }

    /// How messages name the overlay.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `info.title`.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// `info.version`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// `extends`, the document the overlay was written for, when it says.
    pub fn extends(&self) -> Option<&str> {
        self.extends.as_deref()
    }

    /// The actions, in the order they apply.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// A problem at the YAML path `at` of the overlay file.
    fn problem(&self, at: &str, message: impl Into<String>, hint: Option<String>) -> Diagnostic {
        Diagnostic::new(&self.name, self.locations.find(at), at, message, hint)
    }
}

impl Action {
    /// The JSONPath query, as written.
    pub fn target(&self) -> &str {
        &self.target
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    pub fn change(&self) -> &Change {
        &self.change
    }
}

impl Document {
    /// Applies `overlay`'s actions in order. Either every action applies and the
    /// report says what each matched, or the document is left as it was and every
    /// action that failed is reported, located in the overlay file.
    pub fn apply_overlay(&mut self, overlay: &Overlay) -> Result<OverlayReport, Diagnostics> {
        let report = apply::apply(&mut self.root, overlay).map_err(Diagnostics::sorted)?;
        // The inline models' names are settled over the whole document, which changed.
        self.inline_names = OnceLock::new();
        Ok(report)
    }

    /// Reads the document at `document`, then applies each overlay in `overlays`
    /// in the order given: what `cargo xtask import-openapi --overlay` and
    /// `spec-diff --overlay` read. Every overlay is parsed before any applies, so
    /// that all their problems are reported together.
    pub fn read_with_overlays(
        document: &Path,
        overlays: &[PathBuf],
    ) -> Result<(Document, Vec<OverlayReport>), Diagnostics> {
        let mut document = Document::read(document)?;
        let mut parsed = Vec::new();
        let mut problems = Vec::new();
        for path in overlays {
            match Overlay::read(path) {
                Ok(overlay) => parsed.push(overlay),
                Err(Diagnostics(list)) => problems.extend(list),
            }
        }
        if !problems.is_empty() {
            return Err(Diagnostics::sorted(problems));
        }
        // Each overlay applies to the result of the ones before it, so the first
        // that fails stops the rest.
        let reports = parsed
            .iter()
            .map(|overlay| document.apply_overlay(overlay))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((document, reports))
    }

    /// The whole document as YAML values, with any overlays applied.
    pub fn root(&self) -> &Value {
        &self.root
    }
}

impl fmt::Display for OverlayReport {
    /// One line per action: `overlay: <file>: action N (M nodes): <description>`,
    /// N counted from 1 as a reader counts the actions of the file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, action) in self.actions.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "overlay: {}: action {} ({} node{}): {}",
                self.overlay,
                action.index + 1,
                action.matched,
                if action.matched == 1 { "" } else { "s" },
                shorten(action.description.trim())
            )?;
        }
        Ok(())
    }
}

fn read_text(path: &Path, name: &str) -> Result<String, Diagnostics> {
    std::fs::read_to_string(path).map_err(|error| {
        Diagnostics(vec![Diagnostic {
            file: name.to_owned(),
            line: 0,
            column: 0,
            path: String::new(),
            message: format!("cannot read: {error}"),
            hint: None,
        }])
    })
}
