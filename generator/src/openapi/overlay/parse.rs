//! An overlay's shape, checked node by node against Overlay 1.0 (and this
//! project's rule that every action has a description), so that every problem
//! is reported at once, each at its place in the file.

use serde_json_path::JsonPath;
use serde_yaml::{Mapping, Value};

use super::{Action, Change, Overlay};
use crate::diagnostics::{brief, did_you_mean, Diagnostic, Diagnostics};
use crate::locate::Locations;

const ROOT_KEYS: [&str; 4] = ["overlay", "info", "extends", "actions"];
const INFO_KEYS: [&str; 2] = ["title", "version"];
const ACTION_KEYS: [&str; 4] = ["target", "description", "update", "remove"];

pub(super) fn parse(name: &str, text: &str) -> Result<Overlay, Diagnostics> {
    let locations = Locations::index(text);
    let root: Value = crate::parse_yaml(name, text, &locations, "not a YAML document: ")
        .map_err(|problem| Diagnostics(vec![problem]))?;
    let mut reader = Reader {
        name,
        locations: &locations,
        problems: Vec::new(),
    };
    let Some(root) = reader.mapping(&root, "", &ROOT_KEYS) else {
        return Err(Diagnostics::sorted(reader.problems));
    };
    reader.overlay_version(root);
    let info = reader.info(root);
    let extends = reader.string(root, "", "extends", false);
    let actions = reader.actions(root);
    let (Some((title, version)), Some(actions), true) = (info, actions, reader.problems.is_empty())
    else {
        return Err(Diagnostics::sorted(reader.problems));
    };
    Ok(Overlay {
        name: name.to_owned(),
        locations,
        title,
        version,
        extends,
        actions,
    })
}

/// Collects the problems of one overlay file.
struct Reader<'a> {
    name: &'a str,
    locations: &'a Locations,
    problems: Vec<Diagnostic>,
}

/// The YAML path of `key` below `parent` (the root is the empty path).
fn child(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

impl Reader<'_> {
    fn problem(&mut self, at: &str, message: impl Into<String>, hint: Option<String>) {
        let position = self.locations.find(at);
        self.problems
            .push(Diagnostic::new(self.name, position, at, message, hint));
    }

    /// `value` as a mapping, each key that is neither in `known` nor a
    /// specification extension (`x-…`) reported.
    fn mapping<'v>(&mut self, value: &'v Value, at: &str, known: &[&str]) -> Option<&'v Mapping> {
        let Some(map) = value.as_mapping() else {
            let what = if at.is_empty() { "the overlay" } else { at };
            self.problem(
                at,
                format!("{what} must be a mapping, found `{}`", brief(value)),
                None,
            );
            return None;
        };
        for key in map.keys() {
            match key.as_str() {
                Some(key) if known.contains(&key) || key.starts_with("x-") => {}
                Some(key) => self.problem(
                    &child(at, key),
                    format!("unknown key `{key}`"),
                    did_you_mean(key, known.iter().copied()).or_else(|| {
                        Some(format!(
                            "Overlay 1.0 allows {} here, and extensions named `x-…`",
                            known.join(", ")
                        ))
                    }),
                ),
                None => self.problem(
                    at,
                    format!("a key must be a string, found `{}`", brief(key)),
                    None,
                ),
            }
        }
        Some(map)
    }

    /// The string at `map[key]`; a missing required one or a value of another
    /// type is reported.
    fn string(&mut self, map: &Mapping, at: &str, key: &str, required: bool) -> Option<String> {
        match map.get(key) {
            Some(Value::String(text)) => Some(text.clone()),
            Some(other) => {
                self.problem(
                    &child(at, key),
                    format!("`{key}` must be a string, found `{}`", brief(other)),
                    Some("quote it".into()),
                );
                None
            }
            None if required => {
                self.problem(at, format!("`{key}` is missing"), None);
                None
            }
            None => None,
        }
    }

    /// `overlay`: this reader knows Overlay 1.0 only, whose patch versions
    /// change no meaning (the 1.0 JSON schema's pattern is `^1\.0\.\d+$`).
    fn overlay_version(&mut self, root: &Mapping) {
        let Some(version) = self.string(root, "", "overlay", true) else {
            return;
        };
        let patch = version.strip_prefix("1.0.");
        if !patch.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            self.problem(
                "overlay",
                format!("`overlay: {version}` is not a version of Overlay 1.0"),
                Some("this importer reads Overlay 1.0.x documents, e.g. `overlay: 1.0.0`".into()),
            );
        }
    }

    /// `info`: `title` and `version`.
    fn info(&mut self, root: &Mapping) -> Option<(String, String)> {
        let Some(info) = root.get("info") else {
            self.problem("", "`info` is missing", None);
            return None;
        };
        let info = self.mapping(info, "info", &INFO_KEYS)?;
        let title = self.string(info, "info", "title", true);
        let version = self.string(info, "info", "version", true);
        Some((title?, version?))
    }

    /// `actions`: a non-empty list of distinct actions.
    fn actions(&mut self, root: &Mapping) -> Option<Vec<Action>> {
        let Some(list) = root.get("actions") else {
            self.problem("", "`actions` is missing", None);
            return None;
        };
        let Some(list) = list.as_sequence() else {
            self.problem(
                "actions",
                format!("`actions` must be a list, found `{}`", brief(list)),
                None,
            );
            return None;
        };
        if list.is_empty() {
            self.problem(
                "actions",
                "`actions` is empty; Overlay 1.0 requires at least one action",
                None,
            );
        }
        let mut actions = Vec::new();
        for (index, value) in list.iter().enumerate() {
            // The 1.0 schema's `uniqueItems`: a repeated action is a copy-and-paste slip.
            if let Some(first) = list[..index].iter().position(|v| v == value) {
                self.problem(
                    &format!("actions[{index}]"),
                    format!("the same action as actions[{first}]"),
                    Some("delete one of them".into()),
                );
            }
            actions.extend(self.action(index, value));
        }
        Some(actions)
    }

    fn action(&mut self, index: usize, value: &Value) -> Option<Action> {
        let at = format!("actions[{index}]");
        let map = self.mapping(value, &at, &ACTION_KEYS)?;
        let target = self.target(map, &at);
        let description = self.description(map, &at);
        let change = self.change(map, &at);
        let ((target, query), description, change) = (target?, description?, change?);
        Some(Action {
            index,
            target,
            query,
            description,
            change,
        })
    }

    /// `target`, parsed as an RFC 9535 JSONPath query.
    fn target(&mut self, map: &Mapping, at: &str) -> Option<(String, JsonPath)> {
        let target = self.string(map, at, "target", true)?;
        match JsonPath::parse(&target) {
            Ok(query) => Some((target, query)),
            Err(error) => {
                self.problem(
                    &child(at, "target"),
                    format!("`{target}` is not an RFC 9535 JSONPath query: {error}"),
                    None,
                );
                None
            }
        }
    }

    /// `description`: optional in Overlay 1.0, required here, because an action
    /// is a claim that the vendored document is wrong and must name its evidence.
    fn description(&mut self, map: &Mapping, at: &str) -> Option<String> {
        let hint = || {
            Some(
                "say what is wrong and how it is known: a recorded answer of Okta's API, \
                 or the document contradicting itself (where)"
                    .to_owned(),
            )
        };
        match map.get("description") {
            None => {
                self.problem(
                    at,
                    "the action has no `description`; every fix must name its evidence",
                    hint(),
                );
                None
            }
            Some(Value::String(text)) if text.trim().is_empty() => {
                self.problem(
                    &child(at, "description"),
                    "the description is empty; every fix must name its evidence",
                    hint(),
                );
                None
            }
            Some(_) => self.string(map, at, "description", true),
        }
    }

    /// `update` or `remove: true`: exactly one. (In Overlay 1.0 `update` has no
    /// effect beside `remove: true`; here both is a mistake to point out.)
    fn change(&mut self, map: &Mapping, at: &str) -> Option<Change> {
        let remove = match map.get("remove") {
            None => false,
            Some(Value::Bool(remove)) => *remove,
            Some(other) => {
                self.problem(
                    &child(at, "remove"),
                    format!("`remove` must be true or false, found `{}`", brief(other)),
                    None,
                );
                return None;
            }
        };
        match (map.get("update"), remove) {
            (Some(update), false) => Some(Change::Update(update.clone())),
            (None, true) => Some(Change::Remove),
            (Some(_), true) => {
                self.problem(
                    &child(at, "remove"),
                    "the action has both `update` and `remove: true`; it must do one of them",
                    Some("split it into two actions".into()),
                );
                None
            }
            (None, false) => {
                self.problem(
                    at,
                    "the action has neither `update` nor `remove: true`, so it changes nothing",
                    None,
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "overlay: 1.0.0\ninfo:\n  title: Fixes\n  version: 1.0.0\n";

    fn problems(text: &str) -> String {
        match parse("fixes.overlay.yaml", text) {
            Ok(_) => panic!("parsed:\n{text}"),
            Err(problems) => problems.to_string(),
        }
    }

    #[test]
    fn a_complete_overlay_parses_with_its_actions_in_order() {
        let text = format!(
            "{HEADER}extends: okta.yaml\nx-owner: someone\nactions:\n\
             - target: $.info\n  description: one\n  update: {{x-fixed: true}}\n  x-ticket: 12\n\
             - target: $.paths['/a']\n  description: two\n  remove: true\n\
             - target: $.tags\n  description: three\n  update: null\n  remove: false\n"
        );
        let overlay = parse("o.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((overlay.title(), overlay.version()), ("Fixes", "1.0.0"));
        assert_eq!(overlay.extends(), Some("okta.yaml"));
        let actions = overlay.actions();
        assert_eq!(actions.len(), 3);
        assert_eq!(actions[1].target(), "$.paths['/a']");
        assert_eq!(actions[1].change(), &Change::Remove);
        assert_eq!(actions[2].description(), "three");
        assert_eq!(actions[2].change(), &Change::Update(Value::Null));
    }

    #[test]
    fn every_problem_is_reported_at_its_place() {
        let text = "overlay: 1.1.0\ninfo:\n  title: Fixes\n  versoin: 1\nextra: 1\nactions:\n\
                    - target: $.info\n  update: {}\n\
                    - target: $.info[\n  description: bad path\n  update: {}\n\
                    - target: $.a\n  description: both\n  update: {}\n  remove: true\n\
                    - target: $.a\n  description: neither\n\
                    - target: $.a\n  description: '  '\n  remove: yes\n  colour: red\n";
        let report = problems(text);
        let expected = [
            "fixes.overlay.yaml:1:1: error at `overlay`: `overlay: 1.1.0` is not a version of Overlay 1.0",
            "fixes.overlay.yaml:2:1: error at `info`: `version` is missing",
            "fixes.overlay.yaml:4:3: error at `info.versoin`: unknown key `versoin`\n  hint: did you mean `version`?",
            "fixes.overlay.yaml:5:1: error at `extra`: unknown key `extra`",
            "fixes.overlay.yaml:7:1: error at `actions[0]`: the action has no `description`",
            "fixes.overlay.yaml:9:3: error at `actions[1].target`: `$.info[` is not an RFC 9535 JSONPath query: at position 6, parser error",
            "fixes.overlay.yaml:15:3: error at `actions[2].remove`: the action has both",
            "fixes.overlay.yaml:16:1: error at `actions[3]`: the action has neither",
            "fixes.overlay.yaml:19:3: error at `actions[4].description`: the description is empty",
            "fixes.overlay.yaml:20:3: error at `actions[4].remove`: `remove` must be true or false, found `yes`",
            "fixes.overlay.yaml:21:3: error at `actions[4].colour`: unknown key `colour`",
        ];
        for line in expected {
            assert!(report.contains(line), "missing {line:?} in:\n{report}");
        }
        assert!(report.ends_with("11 problems in the spec"), "{report}");
    }

    #[test]
    fn the_version_must_be_one_dot_zero_dot_a_number() {
        for good in ["1.0.0", "1.0.12"] {
            let text = format!("overlay: {good}\ninfo: {{title: t, version: v}}\nactions:\n- {{target: $, description: d, update: {{}}}}\n");
            assert!(parse("o", &text).is_ok(), "{good}");
        }
        for bad in ["1.0", "'1.0'", "1.0.x", "1.0.", "2.0.0", "'1.0.0 '"] {
            let text = format!("overlay: {bad}\ninfo: {{title: t, version: v}}\nactions:\n- {{target: $, description: d, update: {{}}}}\n");
            assert!(parse("o", &text).is_err(), "{bad}");
        }
    }

    #[test]
    fn required_parts_and_their_types() {
        let report = problems("info: 3\nactions: []\n");
        assert!(
            report.contains("fixes.overlay.yaml:1:1: error: `overlay` is missing"),
            "{report}"
        );
        assert!(
            report.contains("at `info`: info must be a mapping, found `3`"),
            "{report}"
        );
        assert!(
            report.contains("at `actions`: `actions` is empty"),
            "{report}"
        );
        let report = problems("overlay: 1.0.0\n");
        assert!(
            report.contains("`info` is missing") && report.contains("`actions` is missing"),
            "{report}"
        );
        let report = problems("- a\n");
        assert!(report.contains("the overlay must be a mapping"), "{report}");
        let report = problems(&format!(
            "{HEADER}actions:\n- target: 3\n  description: d\n  remove: true\n"
        ));
        assert!(
            report.contains("at `actions[0].target`: `target` must be a string, found `3`"),
            "{report}"
        );
        let report = problems(&format!(
            "{HEADER}actions:\n- target: '@.a'\n  description: d\n  remove: true\n"
        ));
        assert!(
            report.contains("`@.a` is not an RFC 9535 JSONPath query"),
            "{report}"
        );
    }

    #[test]
    fn a_repeated_action_is_reported_at_the_copy() {
        let action = "- target: $.a\n  description: d\n  remove: true\n";
        let report = problems(&format!("{HEADER}actions:\n{action}{action}"));
        assert!(
            report.contains(
                "fixes.overlay.yaml:9:1: error at `actions[1]`: the same action as actions[0]"
            ),
            "{report}"
        );
    }

    #[test]
    fn yaml_errors_and_flow_style() {
        let report = problems("overlay: [\n");
        assert!(report.contains("not a YAML document"), "{report}");
        // JSON is YAML.
        let json = r#"{"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "$", "description": "d", "update": {"a": 1}}]}"#;
        assert!(parse("o.json", json).is_ok());
    }
}
