//! A spec whose models are named after every name an emitted file imports or
//! defines besides its models (`Fields`, `Key`, `FieldSeed`, `Cow`,
//! `RawValue`, `Visitor`, `MapAccess`, `UnionVisitor`, `Selected`, a
//! `<Model>Fields` beside its model, and the crate root's `Json` and
//! `Timestamp`), and an operation named like a model, generates a crate that
//! compiles with warnings denied.

use okta_apps_tests::{workspace_root, CrateOnDisk};

#[test]
fn models_named_like_what_emitted_files_import_compile() {
    let fixture = workspace_root().join("tests/fixtures/valid/reserved_names");
    let generated = codegen::generate_from_dir(&fixture).unwrap_or_else(|e| panic!("{e}"));

    // Renamed where they would clash, and the rename is visible in the API.
    let models = &generated.files["src/models/mod.rs"];
    for name in [
        "FieldsModel",
        "KeyModel",
        "CowModel",
        "RawValueModel",
        "JsonModel",
    ] {
        assert!(
            models.contains(name),
            "no {name} in models/mod.rs:\n{models}"
        );
    }

    // An operation whose builder would take a model's name gets `Request` appended.
    let shape = &generated.files["src/operations/shape.rs"];
    assert!(shape.contains("pub struct ShapeRequest"), "{shape}");

    // An enum parameter is sent as its value, whichever the location.
    let list = &generated.files["src/operations/list_widgets.rs"];
    assert!(
        list.contains(r#"request.query("key", self.key.as_ref());"#),
        "{list}"
    );
    assert!(
        list.contains(r#"request.header("X-Key", Some(&self.x_key));"#),
        "{list}"
    );

    // Warnings denied, except the runtime's code for what this small spec
    // lacks (binary bodies, header parameters), which is dead here.
    let on_disk = CrateOnDisk::write("reserved-names", &generated.files);
    let checked = on_disk.cargo(
        "-D warnings -A dead_code",
        &["check", "--quiet", "--lib", "--all-features"],
    );
    if let Err(stderr) = checked {
        panic!("the generated crate does not compile:\n{stderr}");
    }
}
