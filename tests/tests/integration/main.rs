//! Every integration test of the workspace, in one binary: one link step
//! instead of one per file, as rust-analyzer keeps its tests. Each module is
//! the file of the same name; `cargo test -p okta-apps-tests --test integration <module>::`
//! runs one.

mod e2e_operations;
mod e2e_wire;
mod emit_snapshots;
mod freshness;
mod hostile_bodies;
mod hostile_json;
mod hostile_memory;
mod hostile_pagination;
mod hostile_redirects;
mod hostile_secrets;
mod import;
mod mock_org;
mod models_fixtures;
mod models_json;
mod models_roundtrip;
mod operations;
mod overlay;
mod public_api;
mod recorded_answers;
mod reserved_names;
mod runtime_config;
mod runtime_errors;
mod runtime_oauth;
mod runtime_pagination;
mod runtime_retry;
mod runtime_tracing;
mod server;
mod spec_diff;
mod spec_errors;
mod spec_limits;
mod tolerant_reader;
mod whole_api;
