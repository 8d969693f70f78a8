//! Comparing a [`GeneratedCrate`] with the tree on disk, and writing it.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

use crate::GeneratedCrate;

/// How one file on disk differs from what the spec generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added {
        path: String,
        new: String,
    },
    Modified {
        path: String,
        old: String,
        new: String,
    },
    Removed {
        path: String,
        old: String,
    },
}

impl Change {
    pub fn path(&self) -> &str {
        match self {
            Change::Added { path, .. }
            | Change::Modified { path, .. }
            | Change::Removed { path, .. } => path,
        }
    }

    /// The change as a unified diff against the tree on disk.
    pub fn unified_diff(&self, root: &str) -> String {
        let (path, old, new) = match self {
            Change::Added { path, new } => (path, "", new.as_str()),
            Change::Modified { path, old, new } => (path, old.as_str(), new.as_str()),
            Change::Removed { path, old } => (path, old.as_str(), ""),
        };
        unified_diff(&format!("{root}/{path}"), old, new)
    }
}

/// Every file below `dir`, as relative `/`-separated paths.
fn files_on_disk(dir: &Path) -> io::Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    if !dir.exists() {
        return Ok(found);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let relative: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.insert(relative.join("/"));
            }
        }
    }
    Ok(found)
}

/// What writing `generated` to `dir` would change, in path order.
pub fn changes(dir: &Path, generated: &GeneratedCrate) -> io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    let on_disk = files_on_disk(dir)?;
    for (path, new) in &generated.files {
        if on_disk.contains(path) {
            let old = fs::read(dir.join(path))?;
            if old != new.as_bytes() {
                changes.push(Change::Modified {
                    path: path.clone(),
                    old: String::from_utf8_lossy(&old).into_owned(),
                    new: new.clone(),
                });
            }
        } else {
            changes.push(Change::Added {
                path: path.clone(),
                new: new.clone(),
            });
        }
    }
    for path in on_disk.difference(&generated.files.keys().cloned().collect()) {
        let old = fs::read(dir.join(path))?;
        changes.push(Change::Removed {
            path: path.clone(),
            old: String::from_utf8_lossy(&old).into_owned(),
        });
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(changes)
}

/// Applies `changes` below `dir`. Each file is written to a temporary name and
/// renamed into place, so no file is ever half-written; stale files are removed
/// last, with any directory they leave empty.
pub fn apply(dir: &Path, changes: &[Change]) -> io::Result<()> {
    for change in changes {
        match change {
            Change::Added { path, new } | Change::Modified { path, new, .. } => {
                let target = dir.join(path);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                let temporary = target.with_extension("codegen-tmp");
                fs::write(&temporary, new)?;
                fs::rename(&temporary, &target)?;
            }
            Change::Removed { .. } => {}
        }
    }
    for change in changes {
        if let Change::Removed { path, .. } = change {
            let target = dir.join(path);
            fs::remove_file(&target)?;
            let mut parent = target.parent();
            while let Some(directory) = parent {
                if directory == dir || fs::remove_dir(directory).is_err() {
                    break;
                }
                parent = directory.parent();
            }
        }
    }
    Ok(())
}

/// A unified diff with three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    // Longest common subsequence table, from the end.
    let mut lcs = vec![vec![0u32; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    enum Line<'a> {
        Same(&'a str),
        Removed(&'a str),
        Added(&'a str),
    }
    let mut script = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            script.push((i, j, Line::Same(old[i])));
            i += 1;
            j += 1;
        } else if j < new.len() && (i == old.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            script.push((i, j, Line::Added(new[j])));
            j += 1;
        } else {
            script.push((i, j, Line::Removed(old[i])));
            i += 1;
        }
    }
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = script
        .iter()
        .enumerate()
        .filter(|(_, (_, _, l))| !matches!(l, Line::Same(_)))
        .map(|(k, _)| k)
        .collect();
    let mut out = format!("--- {path}\n+++ {path} (generated)\n");
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = (changed[k] + CONTEXT + 1).min(script.len());
        while k + 1 < changed.len() && changed[k + 1] <= end + CONTEXT {
            k += 1;
            end = (changed[k] + CONTEXT + 1).min(script.len());
        }
        let (old_start, new_start, _) = script[start];
        let old_count = script[start..end]
            .iter()
            .filter(|(_, _, l)| !matches!(l, Line::Added(_)))
            .count();
        let new_count = script[start..end]
            .iter()
            .filter(|(_, _, l)| !matches!(l, Line::Removed(_)))
            .count();
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            old_start + 1,
            old_count,
            new_start + 1,
            new_count
        ));
        for (_, _, line) in &script[start..end] {
            match line {
                Line::Same(text) => out.push_str(&format!(" {text}\n")),
                Line::Removed(text) => out.push_str(&format!("-{text}\n")),
                Line::Added(text) => out.push_str(&format!("+{text}\n")),
            }
        }
        k += 1;
    }
    out
}
