//! The hand-written runtime, copied verbatim into the generated crate.
//!
//! The files live in `generator/runtime/` as ordinary Rust, so they are
//! compiled, linted and tested as part of the generated crate.

/// (path in the generated crate, name under `generator/runtime/`, contents)
pub(crate) const FILES: &[(&str, &str, &str)] = &[
    (
        "Cargo.toml",
        "manifest.toml",
        include_str!("../runtime/manifest.toml"),
    ),
    (
        "README.md",
        "README.md",
        include_str!("../runtime/README.md"),
    ),
    ("build.rs", "build.rs", include_str!("../runtime/build.rs")),
    ("LICENSE", "LICENSE", include_str!("../runtime/LICENSE")),
    ("rustfmt.toml", "rustfmt.toml", RUSTFMT_TOML),
    ("src/auth.rs", "auth.rs", include_str!("../runtime/auth.rs")),
    ("src/body.rs", "body.rs", include_str!("../runtime/body.rs")),
    (
        "src/client.rs",
        "client.rs",
        include_str!("../runtime/client.rs"),
    ),
    (
        "src/config.rs",
        "config.rs",
        include_str!("../runtime/config.rs"),
    ),
    (
        "src/conform.rs",
        "conform.rs",
        include_str!("../runtime/conform.rs"),
    ),
    (
        "src/error.rs",
        "error.rs",
        include_str!("../runtime/error.rs"),
    ),
    (
        "src/items.rs",
        "items.rs",
        include_str!("../runtime/items.rs"),
    ),
    ("src/json.rs", "json.rs", include_str!("../runtime/json.rs")),
    (
        "src/builder.rs",
        "builder.rs",
        include_str!("../runtime/builder.rs"),
    ),
    ("src/link.rs", "link.rs", include_str!("../runtime/link.rs")),
    ("src/mock.rs", "mock.rs", include_str!("../runtime/mock.rs")),
    (
        "src/model_support.rs",
        "model_support.rs",
        include_str!("../runtime/model_support.rs"),
    ),
    (
        "src/nullable.rs",
        "nullable.rs",
        include_str!("../runtime/nullable.rs"),
    ),
    (
        "src/oauth.rs",
        "oauth.rs",
        include_str!("../runtime/oauth.rs"),
    ),
    (
        "src/pagination.rs",
        "pagination.rs",
        include_str!("../runtime/pagination.rs"),
    ),
    ("src/raw.rs", "raw.rs", include_str!("../runtime/raw.rs")),
    (
        "src/redact.rs",
        "redact.rs",
        include_str!("../runtime/redact.rs"),
    ),
    (
        "src/request.rs",
        "request.rs",
        include_str!("../runtime/request.rs"),
    ),
    (
        "src/response.rs",
        "response.rs",
        include_str!("../runtime/response.rs"),
    ),
    (
        "src/retry.rs",
        "retry.rs",
        include_str!("../runtime/retry.rs"),
    ),
    (
        "src/secret.rs",
        "secret.rs",
        include_str!("../runtime/secret.rs"),
    ),
    (
        "src/timestamp.rs",
        "timestamp.rs",
        include_str!("../runtime/timestamp.rs"),
    ),
    (
        "examples/list_applications.rs",
        "examples/list_applications.rs",
        include_str!("../runtime/examples/list_applications.rs"),
    ),
    (
        "examples/bookmark_lifecycle.rs",
        "examples/bookmark_lifecycle.rs",
        include_str!("../runtime/examples/bookmark_lifecycle.rs"),
    ),
    (
        "examples/rotate_signing_key.rs",
        "examples/rotate_signing_key.rs",
        include_str!("../runtime/examples/rotate_signing_key.rs"),
    ),
    (
        "tests/examples.rs",
        "tests/examples.rs",
        include_str!("../runtime/tests/examples.rs"),
    ),
];

/// prettyplease formats the generated crate; `cargo fmt --all` must leave it as generated.
const RUSTFMT_TOML: &str = "disable_all_formatting = true\n";
