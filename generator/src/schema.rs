//! Stage 1a: the shape of each spec file, checked on the raw YAML tree.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key, and its
//! errors carry no YAML path. This pass walks the [`serde_yaml::Value`] of a
//! file against a description of the format (the same one [`crate::spec`]
//! deserializes) and reports *every* unknown key, missing key and value of
//! the wrong kind, each with its YAML path and, for a misspelt key, the
//! closest valid one. A file that passes is guaranteed to deserialize.

use serde_yaml::Value;

use crate::diagnostics::closest;

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
}

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
    required("in", Shape::Str),
    required("type", Shape::Str),
    optional("format", Shape::Str),
    defaulted("required", Shape::Bool),
    optional("default", Shape::Any),
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
    required("kind", Shape::Str),
    optional("type", Shape::Str),
    defaulted("media_types", Shape::Seq(&Shape::Object(MEDIA_TYPE))),
    defaulted("parts", Shape::Seq(&Shape::Object(PART))),
    defaulted("required", Shape::Bool),
    optional("name", Shape::Str),
    optional("description", Shape::Str),
];

const RESPONSE: &[Key] = &[
    required("status", Shape::Status),
    optional("description", Shape::Str),
    optional("type", Shape::Str),
];

const OPERATION: &[Key] = &[
    required("id", Shape::Str),
    required("method", Shape::Str),
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
    defaulted("required", Shape::Bool),
    optional("default", Shape::Any),
    optional("description", Shape::Str),
];

const MODEL: &[Key] = &[
    required("name", Shape::Str),
    required("kind", Shape::Str),
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
        Shape::Str => "a string",
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
        (Shape::Str, Value::Bool(_) | Value::Number(_) | Value::Null) => {
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
}
