//! Integration tests of the generator and the generated crate; see tests/*.rs.

/// A recording HTTP server for the end-to-end tests (`tests/e2e_*.rs`).
pub mod mock;
