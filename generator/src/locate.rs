//! Where each node of a spec file is: YAML path → line and column, and how
//! deeply the file nests.
//!
//! serde_yaml keeps no positions for deserialized values, so this index is
//! built from the text. It understands the block style that `spec/` uses
//! (mappings, indented or indentless sequences, plain, quoted and block
//! scalars over several lines) and steps over flow collections; a lookup of
//! a node inside one falls back to its nearest located ancestor.
//!
//! Everything here is linear in the text: nodes are kept as a tree (a child
//! stores its own key, never its parent's path), and lines are split where
//! YAML (and so serde_yaml's own positions) splits them: `\r\n`, `\r`, `\n`,
//! NEL, LS and PS.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::limits::MAX_YAML_NESTING;

/// The positions of one file's nodes, indexed on the first lookup: a spec
/// without problems never asks, and never pays for the index.
#[derive(Debug, Default)]
pub(crate) struct Locations {
    text: String,
    index: OnceLock<Index>,
}

#[derive(Debug, Default)]
struct Index {
    /// The byte offset of each line's first character.
    line_starts: Vec<usize>,
    /// The byte offset of each node; node 0 is the document.
    nodes: Vec<usize>,
    children: HashMap<(usize, Segment), usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Key(Box<str>),
    Item(usize),
}

/// Where the text first nests deeper than [`MAX_YAML_NESTING`], as a byte offset.
pub(crate) struct TooDeep(pub usize);

impl Locations {
    pub(crate) fn index(text: &str) -> Locations {
        Locations {
            text: text.to_owned(),
            index: OnceLock::new(),
        }
    }

    fn built(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut index = Index {
                line_starts: lines(&self.text).map(|(start, _)| start).collect(),
                nodes: vec![0],
                children: HashMap::new(),
            };
            walk(&self.text, Some(&mut index));
            index
        })
    }

    /// Checks the nesting of the whole text in one pass, before any parser
    /// (whose time grows with the square of the depth) sees it.
    pub(crate) fn check_nesting(&self) -> Result<(), TooDeep> {
        match walk(&self.text, None) {
            Some(offset) => Err(TooDeep(offset)),
            None => Ok(()),
        }
    }

    /// The position of `path`, or of its nearest located ancestor.
    pub(crate) fn find(&self, path: &str) -> (usize, usize) {
        let index = self.built();
        let tokens = split_path(path);
        let mut node = 0;
        let mut rest = &tokens[..];
        'descend: while !rest.is_empty() {
            // A key may itself hold dots: try the longest run of tokens last.
            for length in 1..=rest.len() {
                let segment = match &rest[..length] {
                    [PathToken::Item(i)] => Segment::Item(*i),
                    keys if keys.iter().all(|t| matches!(t, PathToken::Key(_))) => {
                        let joined: Vec<&str> = keys
                            .iter()
                            .map(|t| match t {
                                PathToken::Key(k) => *k,
                                PathToken::Item(_) => "",
                            })
                            .collect();
                        Segment::Key(joined.join(".").into())
                    }
                    _ => break,
                };
                if let Some(&child) = index.children.get(&(node, segment)) {
                    node = child;
                    rest = &rest[length..];
                    continue 'descend;
                }
            }
            break;
        }
        self.position(index.nodes[node])
    }

    /// The line and column (both from 1, the column in characters) of the
    /// character at byte `offset`. An offset at or past the end of the text is
    /// the end of input, just after the last character of its line: past a final
    /// line break, that is column 1 of the empty line it opens. An empty file has
    /// only 1:1.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let text = &self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = &self.built().line_starts;
        if offset == text.len() && text.ends_with(is_break) {
            return (starts.len() + 1, 1);
        }
        let line = starts.partition_point(|&start| start <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let column = text[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

/// Each line's start offset and its text without the line break.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut next = 0;
    std::iter::from_fn(move || {
        if next >= text.len() {
            return None;
        }
        let start = next;
        let rest = &text[start..];
        let (end, after) = match rest.char_indices().find(|(_, c)| is_break(*c)) {
            Some((i, '\r')) if rest[i + 1..].starts_with('\n') => (start + i, start + i + 2),
            Some((i, c)) => (start + i, start + i + c.len_utf8()),
            None => (text.len(), text.len()),
        };
        next = after;
        Some((start, &text[start..end]))
    })
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

enum PathToken<'a> {
    Key(&'a str),
    Item(usize),
}

/// `a.b[2].c` → `a`, `b`, `[2]`, `c`.
fn split_path(path: &str) -> Vec<PathToken<'_>> {
    let mut tokens = Vec::new();
    for part in path.split('.') {
        let (key, mut items) = part
            .split_once('[')
            .map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            tokens.push(PathToken::Key(key));
        }
        while let Some((number, rest)) = items.split_once(']') {
            match number.parse() {
                Ok(i) => tokens.push(PathToken::Item(i)),
                Err(_) => tokens.push(PathToken::Key(number)),
            }
            items = rest.strip_prefix('[').unwrap_or(rest);
        }
    }
    tokens
}

struct Frame {
    column: usize,
    node: usize,
    is_item: bool,
}

/// What continues from one line onto the next.
#[derive(Default, Clone, Copy)]
struct Inline {
    /// Open flow collections (`[`, `{`).
    depth: usize,
    /// Inside a quoted scalar opened by this quote character.
    quote: Option<char>,
}

impl Inline {
    fn open(self) -> bool {
        self.depth > 0 || self.quote.is_some()
    }
}

/// One pass over the block structure: fills `index` when given, and returns
/// where the nesting first exceeds the limit.
fn walk(text: &str, mut index: Option<&mut Index>) -> Option<usize> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut item_counts: HashMap<usize, usize> = HashMap::new();
    // Column of a node whose scalar value continues on deeper-indented lines.
    let mut scalar_owner: Option<usize> = None;
    let mut inline = Inline::default();
    let mut too_deep: Option<usize> = None;
    let add = |index: &mut Option<&mut Index>, parent: usize, segment: Segment, at: usize| {
        index.as_deref_mut().map_or(0, |index| {
            let id = index.nodes.len();
            index.nodes.push(at);
            *index.children.entry((parent, segment)).or_insert(id)
        })
    };
    for (start, line) in lines(text) {
        if inline.open() {
            let base = stack.len();
            scan_inline(line, start, &mut inline, base, &mut too_deep);
            continue;
        }
        let trimmed = line.trim_start_matches([' ', '\t']);
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
        let mut value_owner = None;
        while let Some(after_dash) =
            rest.strip_prefix("- ")
                .or(if rest == "-" { Some("") } else { None })
        {
            while stack
                .last()
                .is_some_and(|f| f.column > column || (f.is_item && f.column == column))
            {
                stack.pop();
            }
            let parent = stack.last().map_or(0, |f| f.node);
            let count = item_counts.entry(parent).or_insert(0);
            let segment = Segment::Item(*count);
            *count += 1;
            let node = add(&mut index, parent, segment, start + column);
            stack.push(Frame {
                column,
                node,
                is_item: true,
            });
            if stack.len() > MAX_YAML_NESTING {
                too_deep.get_or_insert(start + column);
            }
            value_owner = Some(column);
            let skipped = after_dash.len() - after_dash.trim_start().len();
            column += 2 + skipped;
            rest = after_dash.trim_start();
        }
        let value = match split_key(rest) {
            Some((key, value)) => {
                while stack.last().is_some_and(|f| f.column >= column) {
                    stack.pop();
                }
                let parent = stack.last().map_or(0, |f| f.node);
                let node = add(&mut index, parent, Segment::Key(key.into()), start + column);
                item_counts.remove(&node);
                stack.push(Frame {
                    column,
                    node,
                    is_item: false,
                });
                if stack.len() > MAX_YAML_NESTING {
                    too_deep.get_or_insert(start + column);
                }
                value_owner = Some(column);
                value
            }
            None => rest,
        };
        let value = value.trim_start();
        let offset = start + line.len() - value.len();
        if value.starts_with(['"', '\'', '[', '{']) {
            scan_inline(value, offset, &mut inline, stack.len(), &mut too_deep);
        } else if !value.is_empty() && !value.starts_with('#') {
            scalar_owner = value_owner;
        }
    }
    too_deep
}

/// Scans flow collections and quoted scalars in `text` (which starts at
/// byte `start` of the file), carrying `state` to the next line.
fn scan_inline(
    text: &str,
    start: usize,
    state: &mut Inline,
    block_depth: usize,
    too_deep: &mut Option<usize>,
) {
    let mut chars = text.char_indices().peekable();
    // The last character outside quotes and blanks on this line: a quote
    // opens a scalar only where a node starts (first, or after `[{,:?`).
    let mut previous: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if let Some(quote) = state.quote {
            match c {
                '\\' if quote == '"' => {
                    chars.next();
                }
                '\'' if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                    chars.next();
                }
                _ if c == quote => {
                    state.quote = None;
                    previous = Some(c);
                    if state.depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
            continue;
        }
        match c {
            ' ' | '\t' => continue,
            '"' | '\'' if previous.is_none_or(|p| matches!(p, '[' | '{' | ',' | ':' | '?')) => {
                state.quote = Some(c);
            }
            '#' if i == 0 || text[..i].ends_with([' ', '\t']) => return,
            '[' | '{' => {
                state.depth += 1;
                if block_depth + state.depth > MAX_YAML_NESTING {
                    too_deep.get_or_insert(start + i);
                }
            }
            ']' | '}' => {
                state.depth = state.depth.saturating_sub(1);
                if state.depth == 0 {
                    // The value is complete; the rest of the line is no structure.
                    return;
                }
            }
            _ => {}
        }
        previous = Some(c);
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

    #[test]
    fn steps_over_quoted_and_flow_values_on_several_lines() {
        let text = "a: \"x\n- b: 1\n  y\"\nc: [1,\n  {d: 2}]\ne: 'it''s\n  f: 3'\ng:\n  h.i: 4\n";
        let l = Locations::index(text);
        assert_eq!(l.find("a"), (1, 1));
        assert_eq!(l.find("c"), (4, 1));
        assert_eq!(l.find("e"), (6, 1));
        assert_eq!(l.find("e.f"), (6, 1));
        assert_eq!(l.find("g.h.i"), (9, 3));
        assert!(l.check_nesting().is_ok());
    }

    #[test]
    fn lines_break_where_yaml_breaks_them() {
        let l = Locations::index("a: 1\rb: 2\r\nc: 3\u{2028}d: 4");
        assert_eq!(l.find("b"), (2, 1));
        assert_eq!(l.find("c"), (3, 1));
        assert_eq!(l.find("d"), (4, 1));
        // Past the end: the end of input, after the last character of its line.
        assert_eq!(l.position(1_000), (4, 5));
        assert_eq!(Locations::index("[").position(5), (1, 2));
        assert_eq!(Locations::index("").position(5), (1, 1));
        // After a final line break, of any kind: column 1 of the empty line it opens.
        for text in ["[\r\r\n", "[\r\n\r\n", "[\n", "[\r", "[\u{2029}"] {
            let l = Locations::index(text);
            let lines = l.built().line_starts.len();
            assert_eq!(l.position(text.len()), (lines + 1, 1), "{text:?}");
        }
    }

    #[test]
    fn nesting_is_measured_across_block_and_flow() {
        let deep = |n: usize| format!("a: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert!(Locations::index(&deep(MAX_YAML_NESTING - 1))
            .check_nesting()
            .is_ok());
        let Err(TooDeep(at)) = Locations::index(&deep(MAX_YAML_NESTING)).check_nesting() else {
            panic!("not refused");
        };
        assert_eq!(at, 3 + MAX_YAML_NESTING - 1);
        // Brackets inside quoted and plain scalars are text.
        let text = format!("a: \"{}\"\nb: x {}\n", "[".repeat(100), "{".repeat(100));
        assert!(Locations::index(&text).check_nesting().is_ok());
        let dashes = format!("a:\n{}x\n", "- ".repeat(MAX_YAML_NESTING));
        assert!(Locations::index(&dashes).check_nesting().is_err());
    }
}
