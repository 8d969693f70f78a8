//! Running an overlay's actions against a document's YAML tree.
//!
//! Targets are RFC 9535 JSONPath, evaluated by `serde_json_path` on a JSON
//! mirror of the tree (rebuilt after each action that changed it); each match
//! comes back as a normalized path, which is then followed in the YAML tree
//! itself. The YAML tree is never converted back from JSON, so everything an
//! action does not select keeps its key order, its key types (`200:` stays a
//! number, `'200':` a string) and its tags.
//!
//! Semantics, from Overlay 1.0.0's Action Object:
//! - "The result of the `target` JSONPath expression must be zero or more
//!   objects or arrays (not primitive types or `null` values)", and
//!   "Primitive-valued items of an array cannot be replaced or removed
//!   individually": a selected scalar is an error, for `update` and `remove`
//!   (1.1.0 is the version that adds updating and removing primitives).
//! - `update` on an object ("the value of this field MUST be an object with the
//!   properties and values to merge with the selected node"): "the properties in
//!   the merge object replace properties in the target object with the same name
//!   and new properties are appended to the target object". One level: a
//!   property of the update replaces the same-named property whole. 1.0.0's
//!   text says no more (its Structured Overlay example reads as if it merged
//!   deeper; 1.1.0 is the version that defines a recursive merge, with arrays
//!   concatenated), so the text is followed. A replaced property keeps its
//!   place; new ones go at the end. An update that is not an object is an error.
//! - `update` on an array ("the value of this field MUST be an entry to append
//!   to the array"): the value, whatever it is, becomes one new last element.
//! - `remove: true` ("the target object is to be removed from the the map or
//!   array it is contained in"): the root is contained in nothing, so it is an
//!   error.
//!
//! And this project's rule: a target that selects nothing is an error.

use serde_json_path::{JsonPath, PathElement};
use serde_yaml::{Mapping, Value};

use super::{Action, AppliedAction, Change, Overlay, OverlayReport};
use crate::diagnostics::{brief, Diagnostic};

/// Applies every action of `overlay` to a copy of `root`, and replaces `root`
/// with it only when all of them applied. An action that fails is reported
/// and skipped, and the rest still run, so that one run lists every action a
/// newer document no longer needs.
pub(super) fn apply(root: &mut Value, overlay: &Overlay) -> Result<OverlayReport, Vec<Diagnostic>> {
    let mut working = root.clone();
    let mut mirror = json_mirror(&working);
    let mut applied = Vec::new();
    let mut problems = Vec::new();
    for action in overlay.actions() {
        match apply_action(&mut working, &mirror, action) {
            Ok(matched) => {
                mirror = json_mirror(&working);
                applied.push(AppliedAction {
                    index: action.index,
                    description: action.description.clone(),
                    matched,
                });
            }
            Err(failure) => {
                let at = format!("actions[{}].{}", action.index, failure.field);
                problems.push(overlay.problem(&at, failure.message, failure.hint));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    *root = working;
    Ok(OverlayReport {
        overlay: overlay.name().to_owned(),
        actions: applied,
    })
}

/// Why an action could not apply, and which of its fields to point at.
struct Failure {
    field: &'static str,
    message: String,
    hint: Option<String>,
}

impl Failure {
    fn at(field: &'static str, message: String, hint: Option<&str>) -> Failure {
        Failure {
            field,
            message,
            hint: hint.map(str::to_owned),
        }
    }
}

/// One step of a normalized path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Member(String),
    Element(usize),
}

/// Applies one action; the number of distinct nodes it selected. Every
/// selected node is checked before any is changed, so a failing action
/// changes nothing.
fn apply_action(
    root: &mut Value,
    mirror: &serde_json::Value,
    action: &Action,
) -> Result<usize, Failure> {
    let paths = selected_paths(&action.query, mirror);
    if paths.is_empty() {
        return Err(Failure::at(
            "target",
            format!("`{}` selects nothing in the document", action.target),
            Some("if the document has been fixed upstream, delete this action; otherwise correct the target"),
        ));
    }
    for path in &paths {
        let node = node(root, path).ok_or_else(|| lost(path))?;
        check(node, path, &action.change)?;
    }
    for path in &paths {
        match &action.change {
            Change::Update(update) => {
                let node = node_mut(root, path).ok_or_else(|| lost(path))?;
                update_node(node, update);
            }
            Change::Remove => remove_node(root, path).ok_or_else(|| lost(path))?,
        }
    }
    Ok(paths.len())
}

/// The normalized paths of the nodes `query` selects, each once, the last in
/// document order first. In that order removing a node never moves one still
/// to be removed (a later array element, or a node inside it), and updating
/// one never replaces a node still to be updated.
fn selected_paths(query: &JsonPath, mirror: &serde_json::Value) -> Vec<Vec<Step>> {
    let mut paths: Vec<Vec<Step>> = query
        .query_located(mirror)
        .locations()
        .map(|location| {
            location
                .iter()
                .map(|element| match element {
                    PathElement::Name(name) => Step::Member((*name).to_owned()),
                    PathElement::Index(index) => Step::Element(*index),
                })
                .collect()
        })
        .collect();
    // A query may select a node twice (`$['a','a']`); it changes once.
    paths.sort();
    paths.dedup();
    paths.reverse();
    paths
}

/// Whether `change` is defined for `node`: Overlay 1.0 selects objects and
/// arrays only, merges only an object into an object, and removes a node from
/// the object or array that contains it.
fn check(node: &Value, path: &[Step], change: &Change) -> Result<(), Failure> {
    let node = untagged(node);
    let shown = show(path);
    if !matches!(node, Value::Mapping(_) | Value::Sequence(_)) {
        let verb = match change {
            Change::Update(_) => "updates",
            Change::Remove => "removes",
        };
        return Err(Failure::at(
            "target",
            format!("`{shown}` is `{}`, not an object or array; Overlay 1.0 {verb} only objects and arrays", brief(node)),
            Some(match change {
                Change::Update(_) => "target the object that contains it, and give the property its new value in `update`",
                Change::Remove => "to drop a property, update the object's parent with the object as it should be (an update replaces a property whole)",
            }),
        ));
    }
    match change {
        Change::Remove if path.is_empty() => Err(Failure::at(
            "target",
            "the target selects the document's root, which nothing contains to remove it from".to_owned(),
            None,
        )),
        Change::Update(update) if node.is_mapping() && !untagged(update).is_mapping() => {
            Err(Failure::at(
                "update",
                format!("`{shown}` is an object, so `update` must be an object of properties to merge into it, not `{}`", brief(update)),
                None,
            ))
        }
        _ => Ok(()),
    }
}

/// A selected node that is gone by the time it is changed: cannot happen in the
/// order `selected_paths` gives, but is an error rather than a panic.
fn lost(path: &[Step]) -> Failure {
    Failure::at(
        "target",
        format!(
            "`{}` was changed by this same action before its turn",
            show(path)
        ),
        None,
    )
}

/// Merges `update` into an object (one level, see the module's documentation)
/// or appends it to an array; `check` has refused every other case.
fn update_node(node: &mut Value, update: &Value) {
    match untagged_mut(node) {
        Value::Mapping(target) => {
            if let Value::Mapping(properties) = untagged(update) {
                merge(target, properties);
            }
        }
        Value::Sequence(items) => items.push(update.clone()),
        _ => {}
    }
}

/// Each property of `properties` replaces the target's property of the same
/// name in its place, or is added at the end. Names compare as JSONPath sees
/// them, so the update's `'200'` replaces the document's `200`.
fn merge(target: &mut Mapping, properties: &Mapping) {
    for (key, value) in properties {
        let name = key_text(key);
        let existing = target
            .iter_mut()
            .find(|(k, _)| name.is_some() && key_text(k) == name);
        match existing {
            Some((_, slot)) => *slot = value.clone(),
            None => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Removes the node at `path` from its parent: an object member (the other
/// members keep their order) or an array element.
fn remove_node(root: &mut Value, path: &[Step]) -> Option<()> {
    let (last, parent) = path.split_last()?;
    match (untagged_mut(node_mut(root, parent)?), last) {
        (Value::Mapping(map), Step::Member(name)) => {
            let key = map
                .keys()
                .find(|k| key_text(k).as_deref() == Some(name))?
                .clone();
            map.shift_remove(&key).map(drop)
        }
        (Value::Sequence(items), Step::Element(index)) if *index < items.len() => {
            items.remove(*index);
            Some(())
        }
        _ => None,
    }
}

fn node<'v>(root: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter()
        .try_fold(root, |node, step| match (untagged(node), step) {
            (Value::Mapping(map), Step::Member(name)) => map
                .iter()
                .find(|(k, _)| key_text(k).as_deref() == Some(name))
                .map(|(_, v)| v),
            (Value::Sequence(items), Step::Element(index)) => items.get(*index),
            _ => None,
        })
}

fn node_mut<'v>(root: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter()
        .try_fold(root, |node, step| match (untagged_mut(node), step) {
            (Value::Mapping(map), Step::Member(name)) => map
                .iter_mut()
                .find(|(k, _)| key_text(k).as_deref() == Some(name))
                .map(|(_, v)| v),
            (Value::Sequence(items), Step::Element(index)) => items.get_mut(*index),
            _ => None,
        })
}

/// A tagged node (`!foo {…}`) is selected, changed and removed as its value.
fn untagged(value: &Value) -> &Value {
    match value {
        Value::Tagged(tagged) => untagged(&tagged.value),
        other => other,
    }
}

fn untagged_mut(value: &mut Value) -> &mut Value {
    match value {
        Value::Tagged(tagged) => untagged_mut(&mut tagged.value),
        other => other,
    }
}

/// A mapping key as a JSON member name: JSON has only string names, so YAML's
/// `200:` and `true:` are `"200"` and `"true"`. A collection as a key has no
/// name, and is invisible to targets.
fn key_text(key: &Value) -> Option<String> {
    match untagged(key) {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null => Some("null".to_owned()),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => None,
    }
}

/// The JSON view of the YAML tree that the queries run on. A number JSON
/// cannot hold (`.inf`, `.nan`) is its YAML text.
fn json_mirror(value: &Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        Value::Null => Json::Null,
        Value::Bool(flag) => Json::Bool(*flag),
        Value::Number(number) => {
            if let Some(n) = number.as_i64() {
                Json::from(n)
            } else if let Some(n) = number.as_u64() {
                Json::from(n)
            } else {
                number
                    .as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Json::String(number.to_string()), Json::Number)
            }
        }
        Value::String(text) => Json::String(text.clone()),
        Value::Sequence(items) => Json::Array(items.iter().map(json_mirror).collect()),
        Value::Mapping(map) => Json::Object(
            map.iter()
                .filter_map(|(key, value)| Some((key_text(key)?, json_mirror(value))))
                .collect(),
        ),
        Value::Tagged(tagged) => json_mirror(&tagged.value),
    }
}

/// A normalized path as RFC 9535 writes it (`$['paths']['/a'][0]`).
fn show(path: &[Step]) -> String {
    let mut out = String::from("$");
    for step in path {
        match step {
            Step::Element(index) => out.push_str(&format!("[{index}]")),
            Step::Member(name) => {
                out.push_str("['");
                for c in name.chars() {
                    match c {
                        '\'' => out.push_str("\\'"),
                        '\\' => out.push_str("\\\\"),
                        c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                        c => out.push(c),
                    }
                }
                out.push_str("']");
            }
        }
    }
    out
}
