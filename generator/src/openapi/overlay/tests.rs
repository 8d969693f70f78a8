//! Each semantic of applying an overlay, through the public entry points.

use serde_yaml::Value;

use super::*;

const DOCUMENT: &str = "\
openapi: 3.0.3
info:
  title: Widgets
  version: 1.0.0
paths:
  /widgets:
    get:
      operationId: listWidgets
      tags: [Widget]
      parameters:
      - name: limit
        in: query
      - name: after
        in: query
      - name: q
        in: query
      responses:
        200:
          description: OK
        '404':
          description: Not found
components:
  schemas:
    Name:
      type: string
    Size:
      type: integer
    Widget:
      type: object
      properties:
        name:
          $ref: '#/components/schemas/Name'
";

fn document() -> Document {
    Document::parse("widgets.yaml", DOCUMENT).unwrap_or_else(|e| panic!("{e}"))
}

/// An overlay of `actions` (YAML list items, each starting `- target:`).
fn overlay(actions: &str) -> Overlay {
    let text =
        format!("overlay: 1.0.0\ninfo:\n  title: Fixes\n  version: 1.0.0\nactions:\n{actions}");
    Overlay::parse("fixes.overlay.yaml", &text).unwrap_or_else(|e| panic!("{e}"))
}

/// `document()` with `actions` applied, and the report.
fn applied(actions: &str) -> (Value, OverlayReport) {
    let mut document = document();
    let report = document
        .apply_overlay(&overlay(actions))
        .unwrap_or_else(|e| panic!("{e}"));
    (document.root().clone(), report)
}

/// The report of an overlay that must fail; the document must be unchanged.
fn refused(actions: &str) -> String {
    let mut document = document();
    let before = document.root().clone();
    let Err(problems) = document.apply_overlay(&overlay(actions)) else {
        panic!("applied: {actions}");
    };
    assert_eq!(
        document.root(),
        &before,
        "a failed overlay changed the document"
    );
    problems.to_string()
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}"))
}

fn at<'v>(root: &'v Value, path: &[&str]) -> &'v Value {
    path.iter()
        .fold(root, |node, key| match key.parse::<usize>() {
            Ok(i) if node.is_sequence() => &node[i],
            _ => node
                .get(*key)
                .unwrap_or_else(|| panic!("no `{key}` in {node:?}")),
        })
}

#[test]
fn an_update_merges_one_level_into_an_object() {
    let (root, report) = applied(
        "- target: $.components.schemas.Widget\n  description: evidence\n  update:\n    description: A widget\n    properties:\n      size:\n        type: integer\n",
    );
    let widget = at(&root, &["components", "schemas", "Widget"]);
    // `properties` is replaced whole (Overlay 1.0 replaces same-named properties),
    // `description` is new and goes at the end, `type` is left as it was.
    assert_eq!(
        widget,
        &yaml("type: object\nproperties:\n  size:\n    type: integer\ndescription: A widget\n")
    );
    let keys: Vec<_> = widget.as_mapping().unwrap().keys().collect();
    assert_eq!(keys, ["type", "properties", "description"]);
    assert_eq!(
        report.actions,
        [AppliedAction {
            index: 0,
            description: "evidence".into(),
            matched: 1
        }]
    );
}

#[test]
fn an_update_appends_to_an_array() {
    let (root, _) = applied(
        "- target: $.paths['/widgets'].get.parameters\n  description: e\n  update:\n    name: filter\n    in: query\n- target: $.paths['/widgets'].get.tags\n  description: e\n  update: [A, B]\n",
    );
    let parameters = at(&root, &["paths", "/widgets", "get", "parameters"]);
    assert_eq!(parameters.as_sequence().unwrap().len(), 4);
    assert_eq!(parameters[3], yaml("name: filter\nin: query"));
    // An array is one entry to append (1.0 does not concatenate).
    assert_eq!(
        at(&root, &["paths", "/widgets", "get", "tags"]),
        &yaml("[Widget, [A, B]]")
    );
}

#[test]
fn a_filter_updates_every_node_it_selects() {
    let (root, report) = applied(
        "- target: $.components.schemas[?@.type == 'string' || @.type == 'integer']\n  description: e\n  update: {x-scalar: true}\n",
    );
    assert_eq!(report.actions[0].matched, 2);
    for name in ["Name", "Size"] {
        assert_eq!(
            at(&root, &["components", "schemas", name, "x-scalar"]),
            &Value::Bool(true)
        );
    }
    assert!(at(&root, &["components", "schemas", "Widget"])
        .get("x-scalar")
        .is_none());
}

#[test]
fn numeric_keys_are_json_names_and_keep_their_yaml_type() {
    let (root, _) = applied(
        "- target: $.paths['/widgets'].get.responses['200']\n  description: e\n  update: {description: Fine}\n\
         - target: $.paths['/widgets'].get.responses\n  description: e\n  update: {'404': {description: Gone}}\n",
    );
    let responses = at(&root, &["paths", "/widgets", "get", "responses"])
        .as_mapping()
        .unwrap();
    let keys: Vec<_> = responses.keys().cloned().collect();
    // `200` stays a number, `'404'` a string, and no second `404` appears.
    assert_eq!(keys, [yaml("200"), yaml("'404'")]);
    assert_eq!(responses[&yaml("200")]["description"], yaml("Fine"));
    assert_eq!(responses[&yaml("'404'")]["description"], yaml("Gone"));
}

#[test]
fn remove_takes_a_member_out_and_keeps_the_others_in_order() {
    let (root, report) =
        applied("- target: $.components.schemas.Name\n  description: e\n  remove: true\n");
    let schemas = at(&root, &["components", "schemas"]).as_mapping().unwrap();
    let keys: Vec<_> = schemas.keys().collect();
    assert_eq!(keys, ["Size", "Widget"]);
    assert_eq!(report.actions[0].matched, 1);
}

#[test]
fn remove_takes_out_several_array_elements_from_the_highest_index() {
    let (root, report) = applied(
        "- target: $.paths.*.get.parameters[?@.name != 'after']\n  description: e\n  remove: true\n",
    );
    assert_eq!(report.actions[0].matched, 2);
    assert_eq!(
        at(&root, &["paths", "/widgets", "get", "parameters"]),
        &yaml("- name: after\n  in: query")
    );
    // A node selected twice is removed once: index 0 twice must not take index 1 too.
    let (root, report) =
        applied("- target: $.paths.*.get.parameters[0,0]\n  description: e\n  remove: true\n");
    assert_eq!(report.actions[0].matched, 1);
    assert_eq!(
        at(&root, &["paths", "/widgets", "get", "parameters"])
            .as_sequence()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn actions_apply_in_order_each_to_the_result_of_the_last() {
    let (root, _) = applied(
        "- target: $.components.schemas.Size\n  description: e\n  remove: true\n\
         - target: $.components.schemas\n  description: e\n  update: {Size: {type: number}}\n",
    );
    let schemas = at(&root, &["components", "schemas"]);
    assert_eq!(schemas["Size"], yaml("type: number"));
    let keys: Vec<_> = schemas.as_mapping().unwrap().keys().collect();
    assert_eq!(keys, ["Name", "Widget", "Size"]);
}

#[test]
fn a_target_that_selects_nothing_is_an_error_at_that_target() {
    let report = refused(
        "- target: $.info\n  description: fine\n  update: {x-a: 1}\n\
         - target: $.components.schemas.Gadget\n  description: fixed upstream since\n  remove: true\n",
    );
    assert!(report.starts_with(
        "fixes.overlay.yaml:9:3: error at `actions[1].target`: `$.components.schemas.Gadget` selects nothing in the document\n  hint: if the document has been fixed upstream, delete this action"
    ), "{report}");
}

#[test]
fn every_failing_action_is_reported() {
    let report = refused(
        "- target: $.nothing\n  description: e\n  remove: true\n\
         - target: $.info.title\n  description: e\n  update: {a: 1}\n\
         - target: $.info\n  description: e\n  update: [1]\n\
         - target: $\n  description: e\n  remove: true\n\
         - target: $.paths.*.get.tags[0]\n  description: e\n  remove: true\n",
    );
    let expected = [
        "at `actions[0].target`: `$.nothing` selects nothing",
        "at `actions[1].target`: `$['info']['title']` is `Widgets`, not an object or array; Overlay 1.0 updates only objects and arrays",
        "at `actions[2].update`: `$['info']` is an object, so `update` must be an object of properties to merge into it, not `[1]`",
        "at `actions[3].target`: the target selects the document's root",
        "at `actions[4].target`: `$['paths']['/widgets']['get']['tags'][0]` is `Widget`, not an object or array; Overlay 1.0 removes only",
    ];
    for line in expected {
        assert!(report.contains(line), "missing {line:?} in:\n{report}");
    }
    assert!(report.ends_with("5 problems in the spec"), "{report}");
}

#[test]
fn a_failing_action_changes_none_of_the_nodes_it_selects() {
    // Two parameters are objects, but `$.info.version` is a string: nothing is appended anywhere.
    let report = refused(
        "- target: $..[?@.in == 'query' || @ == '1.0.0']\n  description: e\n  update: {x-a: 1}\n",
    );
    assert!(report.contains("not an object or array"), "{report}");
}

#[test]
fn an_update_of_the_root_merges_into_it() {
    let (root, _) = applied("- target: $\n  description: e\n  update: {x-fixed: true}\n");
    assert_eq!(root["x-fixed"], Value::Bool(true));
    assert_eq!(root["openapi"], yaml("3.0.3"));
}

#[test]
fn positions_stay_those_of_the_original_file() {
    let mut document = document();
    document
        .apply_overlay(&overlay(
            "- target: $.components.schemas.Widget.properties\n  description: e\n  update: {size: {type: integer}}\n",
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    let problem = document.problem("components.schemas.Widget.type", "x", None);
    assert_eq!((problem.line, problem.column), (29, 7));
    // A node the overlay added is shown at its nearest ancestor the file has.
    let problem = document.problem("components.schemas.Widget.properties.size.type", "x", None);
    assert_eq!((problem.line, problem.column), (30, 7));
}

#[test]
fn an_overlay_that_changes_nothing_leaves_the_document_as_it_was() {
    let mut document = document();
    let before = document.root().clone();
    document
        .apply_overlay(&overlay(
            "- target: $.info\n  description: e\n  update: {}\n",
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(document.root(), &before);
}

#[test]
fn the_report_has_a_line_per_action() {
    let (_, report) = applied(
        "- target: $.info\n  description: |\n    Okta answers 201.\n    Recorded in fixtures.\n  update: {}\n\
         - target: $.components.schemas.*\n  description: all\n  update: {}\n",
    );
    assert_eq!(
        report.to_string(),
        "overlay: fixes.overlay.yaml: action 1 (1 node): Okta answers 201. Recorded in fixtures.\n\
         overlay: fixes.overlay.yaml: action 2 (3 nodes): all"
    );
}
