//! A spec the generator cannot use gets a precise, located error: never a
//! panic, never a broken `generated/` tree.
//!
//! - every fixture under `fixtures/invalid/` (one per kind of problem) has an
//!   insta snapshot of its full report;
//! - an invalid spec run through the xtask's code path leaves a copy of
//!   `generated/` byte-identical;
//! - mutated versions of the real spec give either a crate or located errors.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::codegen_dir::{self, CodegenError, Mode};
use codegen::{Diagnostics, GenerateError, SpecText};
use okta_apps_tests::workspace_root;
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn invalid_fixtures() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = fs::read_dir(fixtures().join("invalid"))
        .expect("read fixtures/invalid")
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|path| path.is_dir())
        .map(|path| {
            let name = path
                .file_name()
                .expect("fixture name")
                .to_string_lossy()
                .into_owned();
            (name, path)
        })
        .collect();
    found.sort();
    found
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Checks the invariants every report keeps, whatever the input.
fn assert_well_formed(report: &Diagnostics, operations: &str, models: &str, what: &str) {
    assert!(!report.0.is_empty(), "{what}: an error with no problems");
    for d in &report.0 {
        let text = match d.file.as_str() {
            codegen::OPERATIONS_FILE => operations,
            codegen::MODELS_FILE => models,
            other => panic!("{what}: problem in unknown file `{other}`: {d}"),
        };
        assert!(
            points_at_a_character(text, d.line, d.column),
            "{what}: {}:{} is no character of the file: {d}",
            d.line,
            d.column
        );
        assert!(!d.message.is_empty(), "{what}: empty message: {d}");
    }
    assert!(
        report.0.windows(2).all(|w| w[0] <= w[1]),
        "{what}: problems are not sorted:\n{report}"
    );
}

/// Whether `line:column` (from 1, the column in characters, a line break
/// counting as its line's last character) is a character of `text`, or the end
/// of input just after the last one (column 1 of a new line after a final
/// break); YAML breaks lines at `\r\n`, `\r` and `\n`. An empty file has only 1:1.
fn points_at_a_character(text: &str, line: usize, column: usize) -> bool {
    if text.is_empty() {
        return (line, column) == (1, 1);
    }
    let mut lines = Vec::new();
    let mut current = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current += 1;
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if c == '\n' || c == '\r' {
            lines.push(current);
            current = 0;
        }
    }
    let end_of_input = if current > 0 {
        lines.push(current);
        (lines.len(), current + 1)
    } else {
        (lines.len() + 1, 1)
    };
    (line, column) == end_of_input
        || line >= 1 && column >= 1 && lines.get(line - 1).is_some_and(|&n| column <= n)
}

#[test]
fn positions_point_at_characters_of_the_file_whatever_its_line_breaks() {
    let models = "models:\n- name: A\n  kind: object\n";
    for (operations, needle, expected) in [
        ("[", "flow node", (1, 2)),
        ("operations:\r- id: a\r  metod: GET\r", "`metod`", (3, 3)),
        (
            "operations:\r\n- id: a\r\n  metod: GET\r\n",
            "`metod`",
            (3, 3),
        ),
        ("operations: \"x\n- y\n", "end of stream", (3, 1)),
        ("[\r\r\n", "flow node", (3, 1)),
        ("[\r\n\r\n", "flow node", (3, 1)),
    ] {
        let text = SpecText { operations, models };
        let Err(report) = codegen::load_ir(&text) else {
            panic!("{operations:?} loads");
        };
        let found = report
            .0
            .iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("{operations:?}: no `{needle}` in {report}"));
        assert_eq!(
            (found.line, found.column),
            expected,
            "{operations:?}: {report}"
        );
        assert_well_formed(&report, operations, models, &format!("{operations:?}"));
    }
}

#[test]
fn the_valid_base_of_the_fixtures_generates() {
    let generated = codegen::generate_from_dir(&fixtures().join("valid/minimal"))
        .unwrap_or_else(|e| panic!("the fixtures' valid base must generate:\n{e}"));
    assert!(generated.files.contains_key("src/operations/get_widget.rs"));
    assert!(generated.files.contains_key("src/models/widget_status.rs"));
}

#[test]
fn every_invalid_fixture_gets_its_full_located_report() {
    let fixtures = invalid_fixtures();
    assert!(
        fixtures.len() >= 40,
        "want at least 40 invalid fixtures, found {}",
        fixtures.len()
    );
    for (name, dir) in fixtures {
        let operations = read(&dir, "operations.yaml");
        let models = read(&dir, "models.yaml");
        let text = SpecText {
            operations: &operations,
            models: &models,
        };
        let report = match codegen::generate(&text) {
            Err(GenerateError::Spec(report)) => report,
            Ok(_) => panic!("fixture `{name}` generated a crate; it must be refused"),
            Err(other) => panic!("fixture `{name}`: not a spec error: {other}"),
        };
        assert_well_formed(&report, &operations, &models, &name);
        insta::with_settings!({
            description => format!("tests/fixtures/invalid/{name}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.as_str(), report.to_string());
        });
    }
}

#[test]
fn a_recursive_model_is_refused_with_its_cycle() {
    let dir = fixtures().join("invalid/recursive_model_indirect");
    let report = match codegen::generate_from_dir(&dir) {
        Err(GenerateError::Spec(report)) => report,
        other => panic!("expected a spec error, got {other:?}"),
    };
    let models = read(&dir, "models.yaml");
    let tree_line = models
        .lines()
        .position(|l| l == "- name: Tree")
        .expect("fixture has Tree")
        + 1;
    let cycle = report
        .0
        .iter()
        .find(|d| d.message.contains("`Tree` contains itself"))
        .unwrap_or_else(|| panic!("no cycle reported for Tree:\n{report}"));
    assert_eq!(cycle.file, codegen::MODELS_FILE);
    assert_eq!((cycle.line, cycle.column), (tree_line, 3));
    assert!(cycle.message.contains("Tree → Branch → Tree"), "{cycle}");
}

/// Every file below `dir`, relative path → bytes.
fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .expect("below dir")
                    .to_string_lossy()
                    .into_owned();
                files.insert(relative, fs::read(&path).expect("read file"));
            }
        }
    }
    files
}

fn copy_tree(from: &Path, to: &Path) {
    for (relative, bytes) in snapshot_tree(from) {
        let target = to.join(relative);
        fs::create_dir_all(target.parent().expect("has parent")).expect("mkdir");
        fs::write(target, bytes).expect("write copy");
    }
}

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir =
            std::env::temp_dir().join(format!("okta-apps-{label}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn an_invalid_spec_leaves_every_file_of_generated_byte_identical() {
    let temp = TempDir::new("spec-errors");
    let copy = temp.0.join("generated");
    copy_tree(&workspace_root().join("generated"), &copy);
    let before = snapshot_tree(&copy);
    assert!(
        before.contains_key("src/lib.rs"),
        "the copy holds the crate"
    );

    let fixtures = invalid_fixtures();
    for (name, dir) in &fixtures {
        for mode in [Mode::Write, Mode::Check] {
            match codegen_dir::run(dir, &copy, mode) {
                Err(CodegenError::Generate(GenerateError::Spec(_))) => {}
                Ok(outcome) => panic!(
                    "fixture `{name}` generated {} files in {mode:?} mode",
                    outcome.files
                ),
                Err(other) => panic!("fixture `{name}`: unexpected error {other}"),
            }
        }
    }
    // A spec directory that cannot be read is refused the same way.
    match codegen_dir::run(&temp.0.join("no-such-spec"), &copy, Mode::Write) {
        Err(CodegenError::Generate(GenerateError::Read { .. })) => {}
        other => panic!("a missing spec must be a read error, got {other:?}"),
    }
    assert!(
        snapshot_tree(&copy) == before,
        "an invalid spec changed the copy of generated/"
    );

    // Control: the same code path does write when the spec is valid, so the
    // checks above could have failed. Damage one file; the real spec restores it.
    let victim = copy.join("src/lib.rs");
    fs::write(&victim, "// damaged\n").expect("damage a file");
    fs::write(copy.join("src/stale.rs"), "// stale\n").expect("add a stale file");
    let spec = workspace_root().join("spec");
    let expected = codegen::generate_from_dir(&spec)
        .unwrap_or_else(|e| panic!("the real spec must generate: {e}"));
    let outcome = codegen_dir::run(&spec, &copy, Mode::Write)
        .unwrap_or_else(|e| panic!("the real spec must generate: {e}"));
    let changed: Vec<&str> = outcome.changes.iter().map(|c| c.path()).collect();
    assert!(
        changed.contains(&"src/lib.rs") && changed.contains(&"src/stale.rs"),
        "the damaged and the stale file must be changes: {changed:?}"
    );
    let after = snapshot_tree(&copy);
    let expected: BTreeMap<String, Vec<u8>> = expected
        .files
        .into_iter()
        .map(|(path, text)| (path, text.into_bytes()))
        .collect();
    assert!(
        after == expected,
        "after a valid run the copy must be exactly what the spec generates"
    );
}

// --- no input makes the generator panic -----------------------------------

/// One edit of a spec file's text.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapWithNext(usize),
    /// Replace what follows the first `: ` (or `- `) on the line.
    ReplaceValue(usize, &'static str),
    Indent(usize),
    Dedent(usize),
    InsertLine(usize, &'static str),
    /// Replace the character at a byte offset (rounded to a char boundary).
    ReplaceChar(usize, char),
    Truncate(usize),
}

const VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "0",
    "-1",
    "70000",
    "3.5",
    ".nan",
    "true",
    "\"quoted\"",
    "'single",
    "\"unclosed",
    "list<",
    "map<json>",
    "list<list<Application>>",
    "Application",
    "Applicaton",
    "string",
    "integer",
    "json",
    "binary",
    "GET",
    "get",
    "/api/v1/{x}",
    "/api/v1/{appId",
    "{appId}",
    "type",
    "self",
    "9lives",
    "x5t#S256",
    "a-b.c",
    "!tag value",
    "&anchor x",
    "*alias",
    "| \n",
    "> \n",
    "ü",
    "ACTIVE",
];

const LINES: &[&str] = &[
    "",
    "# comment",
    "---",
    "...",
    "- ",
    "-",
    "  - name: extra",
    "    type: string",
    "  unknown: 1",
    "x: [",
    "\t- tab",
    "models:",
    "operations:",
    "    required: true",
    "  extends: Application",
    "    mapping: {A: Application}",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let line = 0usize..1100;
    prop_oneof![
        line.clone().prop_map(Mutation::DeleteLine),
        line.clone().prop_map(Mutation::DuplicateLine),
        line.clone().prop_map(Mutation::SwapWithNext),
        (line.clone(), proptest::sample::select(VALUES))
            .prop_map(|(l, v)| Mutation::ReplaceValue(l, v)),
        line.clone().prop_map(Mutation::Indent),
        line.clone().prop_map(Mutation::Dedent),
        (line.clone(), proptest::sample::select(LINES))
            .prop_map(|(l, t)| Mutation::InsertLine(l, t)),
        (
            0usize..60_000,
            proptest::sample::select(
                &[' ', ':', '-', '{', '}', '[', '"', '\'', '#', 'x', '\n', '\t', '<', '>'][..]
            )
        )
            .prop_map(|(at, c)| Mutation::ReplaceChar(at, c)),
        (0usize..60_000).prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let n = lines.len().max(1);
    match *mutation {
        Mutation::DeleteLine(l) => {
            if !lines.is_empty() {
                lines.remove(l % n);
            }
        }
        Mutation::DuplicateLine(l) => {
            if let Some(line) = lines.get(l % n).cloned() {
                lines.insert(l % n, line);
            }
        }
        Mutation::SwapWithNext(l) => {
            if lines.len() >= 2 {
                let i = l % (lines.len() - 1);
                lines.swap(i, i + 1);
            }
        }
        Mutation::ReplaceValue(l, value) => {
            if let Some(line) = lines.get_mut(l % n) {
                if let Some(cut) = line.find(": ").or_else(|| line.find("- ")) {
                    line.truncate(cut + 2);
                    line.push_str(value);
                }
            }
        }
        Mutation::Indent(l) => {
            if let Some(line) = lines.get_mut(l % n) {
                line.insert_str(0, "  ");
            }
        }
        Mutation::Dedent(l) => {
            if let Some(line) = lines.get_mut(l % n) {
                if let Some(rest) = line.strip_prefix("  ") {
                    *line = rest.to_owned();
                }
            }
        }
        Mutation::InsertLine(l, text) => lines.insert(l % (lines.len() + 1), text.to_owned()),
        Mutation::ReplaceChar(at, c) => {
            let mut joined = lines.join("\n");
            if !joined.is_empty() {
                let mut at = at % joined.len();
                while !joined.is_char_boundary(at) {
                    at -= 1;
                }
                let end = joined[at..]
                    .chars()
                    .next()
                    .map(|old| at + old.len_utf8())
                    .unwrap_or(at);
                joined.replace_range(at..end, &c.to_string());
            }
            return joined + "\n";
        }
        Mutation::Truncate(at) => {
            let mut joined = lines.join("\n");
            let mut at = at % (joined.len() + 1);
            while !joined.is_char_boundary(at) {
                at -= 1;
            }
            joined.truncate(at);
            return joined;
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Mutations of the real spec: the generator returns a crate or a
    /// well-formed, located report, and never panics (a panic fails the case).
    #[test]
    fn a_mutated_real_spec_gives_a_crate_or_located_errors(
        in_models in any::<bool>(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let root = workspace_root().join("spec");
        let mut operations = read(&root, "operations.yaml");
        let mut models = read(&root, "models.yaml");
        for m in &mutations {
            if in_models {
                models = apply(&models, m);
            } else {
                operations = apply(&operations, m);
            }
        }
        let text = SpecText { operations: &operations, models: &models };
        match codegen::load_ir(&text) {
            Ok(api) => {
                if let Err(error) = codegen::generate_from_ir(&api) {
                    return Err(TestCaseError::fail(format!(
                        "a spec that validates must generate; {mutations:?} gave {error}"
                    )));
                }
            }
            Err(report) => assert_well_formed(&report, &operations, &models, &format!("{mutations:?}")),
        }
    }
}
