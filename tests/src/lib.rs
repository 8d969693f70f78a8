//! Integration tests of the generator and the generated crate; see tests/*.rs.

#![warn(missing_docs)]

/// Loopback HTTP/1.1 test servers and the requests they record, for every test
/// that talks to a server (`tests/e2e_*.rs`, `tests/runtime_*.rs`).
pub mod server;
/// The operations of `spec/` and the check of their documented errors.
pub mod spec;
