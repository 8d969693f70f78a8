//! Stage 1a: the shape of each spec file, checked on the raw YAML tree.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key, and its
//! errors carry no YAML path. This pass walks the [`serde_yaml::Value`] of a
//! file against a description of the format (the same one [`crate::spec`]
//! deserializes) and reports *every* unknown key, missing key and value of
//! the wrong kind, each with its YAML path and, for a misspelt key, the
//! closest valid one. A file that passes is guaranteed to deserialize.

use serde_yaml::Value;

use crate::diagnostics::{closest, did_you_mean};
use crate::spec;

/// What a node must be.
#[derive(Clone, Copy)]
pub(crate) enum Shape {
    /// A string.
    Str,
    /// `true` or `false`.
    Bool,
    /// A whole number from 0 to 65535 (an HTTP status).
    Status,
    /// Anything (a default value; `validate` checks it against its type).
    Any,
    /// A sequence of the given shape.
    Seq(&'static Shape),
    /// A mapping from string keys to strings.
    StrMap,
    /// A mapping with the given keys.
    Object(&'static [Key]),
    /// A string, one of a fixed set (an enum in `spec`).
    OneOf(&'static Choice),
}

/// The values a [`Shape::OneOf`] allows, and how a wrong one is reported.
pub(crate) struct Choice {
    /// The allowed values, as `spec`'s enum spells them.
    values: &'static [&'static str],
    /// What the value is: "unknown {what} `…`".
    what: &'static str,
    /// The hint when no allowed value is close to the wrong one.
    otherwise: &'static str,
}

const METHOD: Choice = Choice {
    values: spec::Method::NAMES,
    what: "HTTP method",
    otherwise: "methods are upper case: GET, POST, PUT, PATCH, DELETE",
};

const LOCATION: Choice = Choice {
    values: spec::ParamLocation::NAMES,
    what: "parameter location",
    otherwise: "a parameter is `in` path, query or header",
};

const BODY_KIND: Choice = Choice {
    values: spec::BodyKind::NAMES,
    what: "body kind",
    otherwise: "a body kind is json, binary, multipart or text",
};

const MODEL_KIND: Choice = Choice {
    values: spec::ModelKind::NAMES,
    what: "model kind",
    otherwise: "a model kind is `object` or `enum`",
};

/// One key of an [`Shape::Object`].
pub(crate) struct Key {
    name: &'static str,
    required: bool,
    /// Whether an explicit `null` means "absent".
    nullable: bool,
    shape: Shape,
}

const fn required(name: &'static str, shape: Shape) -> Key {
    Key {
        name,
        required: true,
        nullable: false,
        shape,
    }
}

/// An optional key whose `null` means "absent" (an `Option` in `spec`).
const fn optional(name: &'static str, shape: Shape) -> Key {
    Key {
        name,
        required: false,
        nullable: true,
        shape,
    }
}

/// An optional key that defaults when absent but must not be `null` (a list or a flag).
const fn defaulted(name: &'static str, shape: Shape) -> Key {
    Key {
        name,
        required: false,
        nullable: false,
        shape,
    }
}

const PARAM: &[Key] = &[
    required("name", Shape::Str),
    required("in", Shape::OneOf(&LOCATION)),
    required("type", Shape::Str),
    optional("format", Shape::Str),
    defaulted("required", Shape::Bool),
    optional("default", Shape::Any),
    optional("explode", Shape::Bool),
    optional("description", Shape::Str),
];

const MEDIA_TYPE: &[Key] = &[
    required("media_type", Shape::Str),
    required("variant", Shape::Str),
    optional("description", Shape::Str),
];

const PART: &[Key] = &[
    required("name", Shape::Str),
    required("type", Shape::Str),
    defaulted("required", Shape::Bool),
];

const BODY: &[Key] = &[
    required("kind", Shape::OneOf(&BODY_KIND)),
    optional("type", Shape::Str),
    defaulted("media_types", Shape::Seq(&Shape::Object(MEDIA_TYPE))),
    defaulted("parts", Shape::Seq(&Shape::Object(PART))),
    optional("media_type", Shape::Str),
    defaulted("required", Shape::Bool),
    optional("name", Shape::Str),
    optional("description", Shape::Str),
];

const OTHER_STATUS: &[Key] = &[
    required("status", Shape::Status),
    optional("description", Shape::Str),
    optional("type", Shape::Str),
];

const RESPONSE: &[Key] = &[
    required("status", Shape::Status),
    optional("description", Shape::Str),
    optional("type", Shape::Str),
    optional("media_type", Shape::Str),
    defaulted("other_statuses", Shape::Seq(&Shape::Object(OTHER_STATUS))),
];

const OPERATION: &[Key] = &[
    required("id", Shape::Str),
    required("method", Shape::OneOf(&METHOD)),
    required("path", Shape::Str),
    required("summary", Shape::Str),
    optional("description", Shape::Str),
    defaulted("scopes", Shape::Seq(&Shape::Str)),
    defaulted("params", Shape::Seq(&Shape::Object(PARAM))),
    optional("body", Shape::Object(BODY)),
    required("response", Shape::Object(RESPONSE)),
    defaulted("errors", Shape::Seq(&Shape::Status)),
];

const DISCRIMINATOR: &[Key] = &[
    required("property", Shape::Str),
    required("mapping", Shape::StrMap),
];

const FIELD: &[Key] = &[
    required("name", Shape::Str),
    required("type", Shape::Str),
    optional("format", Shape::Str),
    defaulted("read_only", Shape::Bool),
    defaulted("secret", Shape::Bool),
    defaulted("nullable", Shape::Bool),
    defaulted("required", Shape::Bool),
    optional("default", Shape::Any),
    optional("description", Shape::Str),
];

const MODEL: &[Key] = &[
    required("name", Shape::Str),
    required("kind", Shape::OneOf(&MODEL_KIND)),
    optional("description", Shape::Str),
    optional("extends", Shape::Str),
    optional("discriminator", Shape::Object(DISCRIMINATOR)),
    defaulted("fields", Shape::Seq(&Shape::Object(FIELD))),
    defaulted("values", Shape::Seq(&Shape::Str)),
];

/// The shape of `spec/operations.yaml`.
pub(crate) const OPERATIONS_FILE: Shape = Shape::Object(&[required(
    "operations",
    Shape::Seq(&Shape::Object(OPERATION)),
)]);

/// The shape of `spec/models.yaml`.
pub(crate) const MODELS_FILE: Shape =
    Shape::Object(&[required("models", Shape::Seq(&Shape::Object(MODEL)))]);

/// One shape problem: the YAML path of the node, what is wrong, a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

/// Every shape problem in `value`, in document order.
pub(crate) fn check(value: &Value, shape: Shape) -> Vec<Problem> {
    let mut problems = Vec::new();
    walk(value, shape, "", &mut problems);
    problems
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// How a YAML value reads in a message: its kind and, for scalars, the value.
fn found(value: &Value) -> String {
    match value {
        Value::Null => "nothing (null)".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the string `{}`", crate::diagnostics::brief_str(s)),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
    }
}

fn expected(shape: Shape) -> &'static str {
    match shape {
        Shape::Str | Shape::OneOf(_) => "a string",
        Shape::Bool => "`true` or `false`",
        Shape::Status => "an HTTP status code (a whole number)",
        Shape::Any => "a value",
        Shape::Seq(_) => "a list",
        Shape::StrMap => "a mapping of strings to strings",
        Shape::Object(_) => "a mapping",
    }
}

fn mismatch(value: &Value, shape: Shape, path: &str, problems: &mut Vec<Problem>) {
    let hint = match (shape, value) {
        (Shape::Str | Shape::OneOf(_), Value::Bool(_) | Value::Number(_) | Value::Null) => {
            Some("quote the value to make it a string".to_owned())
        }
        (Shape::Bool, Value::String(s))
            if matches!(s.as_str(), "yes" | "no" | "True" | "False") =>
        {
            Some("write `true` or `false`".to_owned())
        }
        (Shape::Seq(_), Value::String(_) | Value::Number(_) | Value::Bool(_)) => {
            Some("write it as a list item: `- value` on the next line".to_owned())
        }
        _ => None,
    };
    problems.push(Problem {
        path: path.to_owned(),
        message: format!("expected {}, found {}", expected(shape), found(value)),
        hint,
    });
}

fn walk(value: &Value, shape: Shape, path: &str, problems: &mut Vec<Problem>) {
    if let Value::Tagged(tagged) = value {
        problems.push(Problem {
            path: path.to_owned(),
            message: format!("YAML tags such as `{}` are not supported", tagged.tag),
            hint: Some("remove the tag".into()),
        });
        return;
    }
    match shape {
        Shape::Any => {}
        Shape::Str => {
            if !value.is_string() {
                mismatch(value, shape, path, problems);
            }
        }
        Shape::OneOf(choice) => match value.as_str() {
            Some(text) if choice.values.contains(&text) => {}
            Some(text) => problems.push(Problem {
                path: path.to_owned(),
                message: format!("unknown {} `{text}`", choice.what),
                hint: did_you_mean(text, choice.values.iter().copied())
                    .or_else(|| Some(choice.otherwise.to_owned())),
            }),
            None => mismatch(value, shape, path, problems),
        },
        Shape::Bool => {
            if !value.is_bool() {
                mismatch(value, shape, path, problems);
            }
        }
        Shape::Status => {
            let fits = value.as_u64().is_some_and(|n| u16::try_from(n).is_ok());
            if !fits {
                mismatch(value, shape, path, problems);
            }
        }
        Shape::Seq(item) => match value {
            Value::Sequence(items) => {
                for (i, element) in items.iter().enumerate() {
                    walk(element, *item, &format!("{path}[{i}]"), problems);
                }
            }
            _ => mismatch(value, shape, path, problems),
        },
        Shape::StrMap => match value {
            Value::Mapping(map) => {
                for (key, entry) in map {
                    match key.as_str() {
                        Some(name) => walk(entry, Shape::Str, &join(path, name), problems),
                        None => problems.push(Problem {
                            path: path.to_owned(),
                            message: format!("a key here must be a string, found {}", found(key)),
                            hint: Some("quote the key".into()),
                        }),
                    }
                }
            }
            _ => mismatch(value, shape, path, problems),
        },
        Shape::Object(keys) => match value {
            Value::Mapping(map) => object(map, keys, path, problems),
            _ => mismatch(value, shape, path, problems),
        },
    }
}

fn object(
    map: &serde_yaml::Mapping,
    keys: &'static [Key],
    path: &str,
    problems: &mut Vec<Problem>,
) {
    let names = || keys.iter().map(|k| k.name);
    let mut unknown: Vec<(String, Option<&'static str>)> = Vec::new();
    for (key, entry) in map {
        let Some(name) = key.as_str() else {
            problems.push(Problem {
                path: path.to_owned(),
                message: format!("a key here must be a string, found {}", found(key)),
                hint: Some(format!(
                    "the keys allowed here are {}",
                    names().collect::<Vec<_>>().join(", ")
                )),
            });
            continue;
        };
        match keys.iter().find(|k| k.name == name) {
            Some(spec) => {
                // A required key set to null is reported below, with the missing ones.
                if !(entry.is_null() && (spec.nullable || spec.required)) {
                    walk(entry, spec.shape, &join(path, name), problems);
                }
            }
            None => {
                let guess = closest(name, names().filter(|n| !map.contains_key(*n)));
                unknown.push((name.to_owned(), guess));
                let hint = match (guess, closest(name, names())) {
                    (Some(guess), _) => format!("did you mean `{guess}`?"),
                    (None, Some(set)) => {
                        format!("did you mean `{set}`? It is already set; remove this one")
                    }
                    (None, None) => format!(
                        "the keys allowed here are {}",
                        names().collect::<Vec<_>>().join(", ")
                    ),
                };
                problems.push(Problem {
                    path: join(path, name),
                    message: format!("unknown key `{name}`"),
                    hint: Some(hint),
                });
            }
        }
    }
    for key in keys {
        if !key.required {
            continue;
        }
        let present = map.get(key.name).is_some_and(|v| !v.is_null());
        if present {
            continue;
        }
        let misspelt = unknown
            .iter()
            .find(|(_, guess)| *guess == Some(key.name))
            .map(|(name, _)| format!("is `{name}` a misspelling of `{}`?", key.name));
        let message = if map.contains_key(key.name) {
            format!("`{}` cannot be empty", key.name)
        } else {
            format!("missing required key `{}`", key.name)
        };
        problems.push(Problem {
            path: if map.contains_key(key.name) {
                join(path, key.name)
            } else {
                path.to_owned()
            },
            message,
            hint: misspelt.or_else(|| Some(format!("add `{}: …`", key.name))),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_unknown_and_missing_key() {
        let value: Value = serde_yaml::from_str(
            "operations:\n- id: a\n  metod: GET\n  path: /x\n  sumary: s\n  response:\n    status: 200\n",
        )
        .unwrap_or(Value::Null);
        let problems = check(&value, OPERATIONS_FILE);
        let messages: Vec<_> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                ("operations[0].metod", "unknown key `metod`"),
                ("operations[0].sumary", "unknown key `sumary`"),
                ("operations[0]", "missing required key `method`"),
                ("operations[0]", "missing required key `summary`"),
            ]
        );
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `method`?"));
        assert_eq!(
            problems[2].hint.as_deref(),
            Some("is `metod` a misspelling of `method`?")
        );
    }

    #[test]
    fn a_file_that_passes_deserializes() {
        let text = "models:\n- name: A\n  kind: object\n  description: null\n  fields:\n  - name: x\n    type: string\n    default: 3\n";
        let value: Value = serde_yaml::from_str(text).unwrap_or(Value::Null);
        assert!(check(&value, MODELS_FILE).is_empty());
        assert!(serde_yaml::from_value::<crate::spec::ModelsFile>(value).is_ok());
    }

    /// An instance of every `spec` type with every optional key set and every
    /// list non-empty, so that serializing it writes each key serde knows.
    fn maximal_spec() -> (crate::spec::OperationsFile, crate::spec::ModelsFile) {
        use crate::spec::*;
        let text = || Some("text".to_owned());
        let value = || Some(Value::from(1));
        let param = Param {
            name: "limit".into(),
            location: ParamLocation::Query,
            ty: "integer".into(),
            format: Some("int32".into()),
            required: true,
            default: value(),
            explode: Some(false),
            description: text(),
        };
        let body = Body {
            kind: BodyKind::Binary,
            ty: Some("Application".into()),
            media_types: vec![BinaryMediaType {
                media_type: "image/png".into(),
                variant: "Png".into(),
                description: text(),
            }],
            parts: vec![Part {
                name: "file".into(),
                ty: "binary".into(),
                required: true,
            }],
            media_type: text(),
            required: true,
            name: Some("upload".into()),
            description: text(),
        };
        let operation = Operation {
            id: "listApplications".into(),
            method: Method::Get,
            path: "/api/v1/apps".into(),
            summary: "List".into(),
            description: text(),
            scopes: vec!["okta.apps.read".into()],
            params: vec![param],
            body: Some(body),
            response: Response {
                status: 200,
                description: text(),
                ty: Some("list<Application>".into()),
                media_type: Some("text/html".into()),
                other_statuses: vec![OtherStatus {
                    status: 201,
                    description: text(),
                    ty: text(),
                }],
            },
            errors: vec![404],
        };
        let model = Model {
            name: "Application".into(),
            kind: ModelKind::Object,
            description: text(),
            extends: Some("Base".into()),
            discriminator: Some(Discriminator {
                property: "signOnMode".into(),
                mapping: [("BOOKMARK".to_owned(), "BookmarkApplication".to_owned())].into(),
            }),
            fields: vec![Field {
                name: "id".into(),
                ty: "string".into(),
                format: Some("uri".into()),
                read_only: true,
                secret: true,
                nullable: true,
                required: true,
                default: value(),
                description: text(),
            }],
            values: vec!["ACTIVE".into()],
        };
        let operations = OperationsFile {
            operations: vec![operation],
        };
        let models = ModelsFile {
            models: vec![model],
        };
        (operations, models)
    }

    /// Walks `value` (a serialized maximal instance) along `shape`: every
    /// mapping of a `Shape::Object` must have exactly that shape's keys.
    /// Returns the disagreements and counts the objects visited.
    fn compare_keys(
        value: &Value,
        shape: Shape,
        path: &str,
        out: &mut Vec<String>,
        seen: &mut usize,
    ) {
        match (shape, value) {
            (Shape::Object(keys), Value::Mapping(map)) => {
                *seen += 1;
                let schema: std::collections::BTreeSet<&str> =
                    keys.iter().map(|k| k.name).collect();
                let serde: std::collections::BTreeSet<&str> =
                    map.keys().filter_map(Value::as_str).collect();
                for key in schema.difference(&serde) {
                    out.push(format!(
                        "{path}: `{key}` is in schema.rs but not in spec.rs"
                    ));
                }
                for key in serde.difference(&schema) {
                    out.push(format!(
                        "{path}: `{key}` is in spec.rs but not in schema.rs"
                    ));
                }
                for key in keys.iter() {
                    if let Some(entry) = map.get(key.name) {
                        compare_keys(entry, key.shape, &join(path, key.name), out, seen);
                    }
                }
            }
            (Shape::Seq(item), Value::Sequence(items)) => {
                assert!(
                    !items.is_empty(),
                    "{path}: the maximal instance needs an item"
                );
                for (i, element) in items.iter().enumerate() {
                    compare_keys(element, *item, &format!("{path}[{i}]"), out, seen);
                }
            }
            (Shape::Object(_) | Shape::Seq(_), other) => {
                out.push(format!("{path}: spec.rs writes {}", found(other)));
            }
            _ => {}
        }
    }

    /// `schema.rs` and `spec.rs` describe the same format: the same keys in
    /// every mapping, the same required keys, the same keys that may be `null`,
    /// and the same values of the enums.
    #[test]
    fn the_shape_and_the_serde_types_describe_the_same_format() {
        let (operations, models) = maximal_spec();
        let files = [
            (
                "operations",
                serde_yaml::to_value(&operations),
                OPERATIONS_FILE,
                8,
            ),
            ("models", serde_yaml::to_value(&models), MODELS_FILE, 4),
        ];
        for (name, value, shape, objects) in files {
            let value = value.unwrap_or(Value::Null);
            let mut disagreements = Vec::new();
            let mut seen = 0;
            compare_keys(&value, shape, "", &mut disagreements, &mut seen);
            assert_eq!(disagreements, Vec::<String>::new(), "{name}");
            assert_eq!(seen, objects, "{name}: every kind of mapping visited");
            // The instance has the shape, so it must deserialize; so must it
            // with each key removed that the shape does not require, or set to
            // null where the shape allows it, and not with a required one removed.
            assert_eq!(check(&value, shape), Vec::new(), "{name}");
            each_variation(&value, shape, &mut |variant, path, expected| {
                let loads = match name {
                    "operations" => {
                        serde_yaml::from_value::<crate::spec::OperationsFile>(variant.clone())
                            .is_ok()
                    }
                    _ => serde_yaml::from_value::<crate::spec::ModelsFile>(variant.clone()).is_ok(),
                };
                let passes = check(variant, shape).is_empty();
                match expected {
                    Expect::Both(ok) => {
                        assert_eq!(passes, ok, "{name}: the shape pass, {path}");
                        assert_eq!(loads, ok, "{name}: serde, {path}");
                    }
                    // serde_yaml reads `null` as an empty list or `false`; the
                    // shape pass refuses it there, and must accept it only where
                    // serde does.
                    Expect::ShapeOnly(ok) => {
                        assert_eq!(passes, ok, "{name}: the shape pass, {path}");
                        assert!(!passes || loads, "{name}: serde, {path}");
                    }
                }
            });
        }
    }

    /// What a variation of a valid file must do.
    enum Expect {
        /// Pass the shape pass and load with serde, or fail both.
        Both(bool),
        /// Pass the shape pass or not; serde must load what it passes.
        ShapeOnly(bool),
    }

    /// Calls `f` with `root` changed at one key of one mapping, for every key
    /// of every mapping: removed (which must load unless the key is required),
    /// set to null (which the shape pass must accept only when the key is nullable), and, for a key
    /// with a fixed set of values, set to a value outside it (which must not).
    fn each_variation(root: &Value, shape: Shape, f: &mut dyn FnMut(&Value, &str, Expect)) {
        fn walk_paths(
            value: &Value,
            shape: Shape,
            at: &mut Vec<Value>,
            out: &mut Vec<(Vec<Value>, &'static Key)>,
        ) {
            match (shape, value) {
                (Shape::Object(keys), Value::Mapping(map)) => {
                    for key in keys {
                        at.push(Value::from(key.name));
                        out.push((at.clone(), key));
                        if let Some(entry) = map.get(key.name) {
                            walk_paths(entry, key.shape, at, out);
                        }
                        at.pop();
                    }
                }
                (Shape::Seq(item), Value::Sequence(items)) => {
                    if let Some(first) = items.first() {
                        at.push(Value::from(0));
                        walk_paths(first, *item, at, out);
                        at.pop();
                    }
                }
                _ => {}
            }
        }
        fn parent<'v>(root: &'v mut Value, path: &[Value]) -> &'v mut serde_yaml::Mapping {
            let mut node = root;
            for segment in path {
                node = match segment {
                    Value::Number(n) => &mut node.as_sequence_mut().expect("a list")
                        [n.as_u64().unwrap_or(0) as usize],
                    key => node
                        .as_mapping_mut()
                        .expect("a mapping")
                        .get_mut(key)
                        .expect("a key"),
                };
            }
            node.as_mapping_mut().expect("a mapping")
        }
        let mut paths = Vec::new();
        walk_paths(root, shape, &mut Vec::new(), &mut paths);
        for (path, key) in paths {
            let (last, above) = path.split_last().expect("a key");
            let shown = format!("{above:?} {last:?}");
            let mut removed = root.clone();
            parent(&mut removed, above).remove(last);
            f(
                &removed,
                &format!("without {shown}"),
                Expect::Both(!key.required),
            );
            let mut null = root.clone();
            parent(&mut null, above).insert(last.clone(), Value::Null);
            f(
                &null,
                &format!("null at {shown}"),
                Expect::ShapeOnly(key.nullable),
            );
            if let Shape::OneOf(_) = key.shape {
                let mut wrong = root.clone();
                parent(&mut wrong, above).insert(last.clone(), Value::from("no such value"));
                f(
                    &wrong,
                    &format!("a wrong value at {shown}"),
                    Expect::Both(false),
                );
            }
        }
    }
}
