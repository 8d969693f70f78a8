//! The bounds every spec must stay within, so that no input can exhaust the
//! stack, the time or the memory of any stage.
//!
//! Each bound is far above what Okta's whole management API needs (its
//! deepest type is `list<list<string>>`, its longest `extends` chain three
//! models) and far below what the recursive stages (type resolution, token
//! emission, `syn`, `prettyplease`) can take on a 2 MiB thread stack.

/// The deepest `list<…>`/`map<…>` nesting of one type expression.
pub const MAX_TYPE_NESTING: usize = 16;

/// The longest chain of `extends`, counted in parents above a model.
pub const MAX_EXTENDS_DEPTH: usize = 16;

/// The deepest nesting of YAML collections (block or flow) in a spec file.
pub const MAX_YAML_NESTING: usize = 64;

/// The largest spec file, in bytes.
pub const MAX_SPEC_FILE_BYTES: usize = 64 * 1024 * 1024;
