//! A spec whose models are named after every name an emitted file imports or
//! defines besides its models (`Fields`, `Key`, `FieldSeed`, `Cow`,
//! `RawValue`, `Visitor`, `MapAccess`, `UnionVisitor`, `Selected`, a
//! `<Model>Fields` beside its model, and the crate root's `Json` and
//! `Timestamp`), and an operation named like a model, generates a crate that
//! compiles with warnings denied.

use okta_apps_tests::workspace_root;
use std::process::Command;

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

    let out = workspace_root().join("target/reserved-names");
    let _ = std::fs::remove_dir_all(out.join("crate"));
    for (path, text) in &generated.files {
        let file = out.join("crate").join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("create dirs");
        std::fs::write(&file, text).expect("write a generated file");
    }
    // A crate of its own, resolved against the workspace's lock file, offline.
    let manifest = out.join("crate/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("the manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("write the manifest");
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        out.join("crate/Cargo.lock"),
    )
    .expect("copy Cargo.lock");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(out.join("crate"))
        .env("CARGO_TARGET_DIR", out.join("target"))
        // Warnings denied, except the runtime's code for what this small spec
        // lacks (binary bodies, header parameters), which is dead here.
        .env("RUSTFLAGS", "-D warnings -A dead_code")
        .args(["check", "--quiet", "--offline", "--lib", "--all-features"])
        .output()
        .expect("run cargo check");
    assert!(
        output.status.success(),
        "the generated crate does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
