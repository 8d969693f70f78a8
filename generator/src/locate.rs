//! Where each node of a spec file is: YAML path → line and column.
//!
//! serde_yaml keeps no positions for deserialized values, so this index is
//! built from the text. It understands the block style that `spec/` uses
//! (mappings, indented or indentless sequences, folded plain scalars); for
//! anything else a lookup falls back to the nearest located ancestor.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The positions of one file's nodes, indexed on the first lookup: a spec
/// without problems never asks, and never pays for the index.
#[derive(Debug, Default)]
pub(crate) struct Locations {
    text: String,
    positions: OnceLock<HashMap<String, (usize, usize)>>,
}

enum Frame {
    Key { column: usize, path: String },
    Item { column: usize, path: String },
}

impl Frame {
    fn column(&self) -> usize {
        match self {
            Frame::Key { column, .. } | Frame::Item { column, .. } => *column,
        }
    }
    fn path(&self) -> &str {
        match self {
            Frame::Key { path, .. } | Frame::Item { path, .. } => path,
        }
    }
}

impl Locations {
    pub(crate) fn index(text: &str) -> Locations {
        Locations {
            text: text.to_owned(),
            positions: OnceLock::new(),
        }
    }

    fn positions(&self) -> &HashMap<String, (usize, usize)> {
        self.positions.get_or_init(|| Self::build(&self.text))
    }

    fn build(text: &str) -> HashMap<String, (usize, usize)> {
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut item_counts: HashMap<String, usize> = HashMap::new();
        // Column of a key whose scalar value continues on deeper-indented lines.
        let mut scalar_owner: Option<usize> = None;
        for (line_index, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
                continue;
            }
            let mut column = line.len() - trimmed.len();
            if let Some(owner) = scalar_owner {
                if column > owner {
                    continue;
                }
                scalar_owner = None;
            }
            let mut rest = trimmed;
            while let Some(after_dash) =
                rest.strip_prefix("- ")
                    .or(if rest == "-" { Some("") } else { None })
            {
                while stack.last().is_some_and(|f| {
                    f.column() > column
                        || matches!(f, Frame::Item { column: c, .. } if *c == column)
                }) {
                    stack.pop();
                }
                let parent = stack.last().map(Frame::path).unwrap_or_default().to_owned();
                let count = item_counts.entry(parent.clone()).or_insert(0);
                let path = format!("{parent}[{count}]");
                *count += 1;
                positions.insert(path.clone(), (line_index + 1, column + 1));
                stack.push(Frame::Item { column, path });
                let skipped = after_dash.len() - after_dash.trim_start().len();
                column += 2 + skipped;
                rest = after_dash.trim_start();
            }
            let Some((key, value)) = split_key(rest) else {
                continue;
            };
            while stack.last().is_some_and(|f| f.column() >= column) {
                stack.pop();
            }
            let parent = stack.last().map(Frame::path).unwrap_or_default();
            let path = if parent.is_empty() {
                key.to_owned()
            } else {
                format!("{parent}.{key}")
            };
            positions.insert(path.clone(), (line_index + 1, column + 1));
            item_counts.remove(&path);
            let value = value.trim();
            if !value.is_empty() && !value.starts_with('#') {
                scalar_owner = Some(column);
            }
            stack.push(Frame::Key { column, path });
        }
        positions
    }

    /// The position of `path`, or of its nearest located ancestor.
    pub(crate) fn find(&self, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(&position) = self.positions().get(path) {
                return position;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => return (1, 1),
            }
        }
    }
}

/// Splits `key: value` (or `key:`), honouring a quoted key.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let (key, rest) =
        if let Some(quoted) = text.strip_prefix('"').or_else(|| text.strip_prefix('\'')) {
            let quote = &text[..1];
            let end = quoted.find(quote)?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = text
                .find(": ")
                .or_else(|| text.ends_with(':').then(|| text.len() - 1))?;
            (&text[..end], &text[end..])
        };
    let value = rest.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_indentless_and_indented_sequences() {
        let text = "operations:\n- id: a\n  params:\n  - name: x\n    type: string\n  - name: y\n    description: long\n      folded: text\n    type: int\n- id: b\n";
        let l = Locations::index(text);
        assert_eq!(l.find("operations[0].id"), (2, 3));
        assert_eq!(l.find("operations[0].params[1].name"), (6, 5));
        assert_eq!(l.find("operations[0].params[1].type"), (9, 5));
        assert_eq!(l.find("operations[1].id"), (10, 3));
        assert_eq!(l.find("operations[0].params[0].missing"), (4, 3));
    }
}
