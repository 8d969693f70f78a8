//! What `cargo xtask codegen [--check]` does, as a library function, so that
//! tests run exactly the code path the xtask runs.
//!
//! The whole crate is generated in memory first; the target directory is
//! touched only when generation succeeded, so a spec with problems leaves it
//! exactly as it was.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::sync::{self, Change};
use crate::GenerateError;

/// Whether to write the generated crate or only compare it with the tree on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write every change below the target directory.
    Write,
    /// Change nothing; report what writing would change.
    Check,
}

/// A successful run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// How many files the crate has.
    pub files: usize,
    /// What differed from the target directory (and, in [`Mode::Write`], was written).
    pub changes: Vec<Change>,
    /// How long each stage took, in order: read and validate `spec/`, emit and format,
    /// compare with the target, and (in [`Mode::Write`]) write.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

/// Why a run stopped; the target directory is then as it was, except after
/// [`CodegenError::Write`].
#[derive(Debug)]
pub enum CodegenError {
    /// The spec could not be read or has problems.
    Generate(GenerateError),
    /// The target directory could not be read.
    ReadTarget { path: PathBuf, error: io::Error },
    /// Writing the target directory failed part-way.
    WriteTarget { path: PathBuf, error: io::Error },
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Generate(error) => write!(f, "{error}"),
            CodegenError::ReadTarget { path, error } => {
                write!(f, "cannot read {}: {error}", path.display())
            }
            CodegenError::WriteTarget { path, error } => {
                write!(f, "writing {} failed: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for CodegenError {}

/// Generates the crate from `spec_dir` (holding `operations.yaml` and
/// `models.yaml`) and, in [`Mode::Write`], brings `target` in line with it.
pub fn run(spec_dir: &Path, target: &Path, mode: Mode) -> Result<Outcome, CodegenError> {
    let mut stages = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |stages: &mut Vec<_>, name| {
        stages.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let (operations, models) = crate::read_spec_dir(spec_dir).map_err(CodegenError::Generate)?;
    let api = crate::load_ir(&crate::SpecText {
        operations: &operations,
        models: &models,
    })
    .map_err(|problems| CodegenError::Generate(crate::GenerateError::Spec(problems)))?;
    lap(&mut stages, "read and validate spec/");
    let generated = crate::generate_from_ir(&api).map_err(CodegenError::Generate)?;
    lap(&mut stages, "emit and format");
    let changes = sync::changes(target, &generated).map_err(|error| CodegenError::ReadTarget {
        path: target.to_path_buf(),
        error,
    })?;
    lap(&mut stages, "compare with generated/");
    if mode == Mode::Write {
        sync::apply(target, &changes).map_err(|error| CodegenError::WriteTarget {
            path: target.to_path_buf(),
            error,
        })?;
        lap(&mut stages, "write");
    }
    Ok(Outcome {
        files: generated.files.len(),
        changes,
        stages,
    })
}
