//! Located problems in the spec, collected and reported together.

use std::fmt;

/// One problem, located in a spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The spec file, relative to the spec directory's parent (e.g. `spec/models.yaml`).
    pub file: String,
    /// 1-based line; 0 when the file itself is the problem.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The YAML path of the offending node, e.g. `operations[12].params[3].type`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is a likely fix.
    pub hint: Option<String>,
}

/// The longest path, message or hint a diagnostic keeps, in characters;
/// longer text (a spec's own value, quoted) loses its middle.
const MAX_TEXT: usize = 240;

impl Diagnostic {
    /// A problem at `position` (line, column), each text shortened to a line's worth.
    pub(crate) fn new(
        file: &str,
        position: (usize, usize),
        path: impl Into<String>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.to_owned(),
            line: position.0,
            column: position.1,
            path: shorten(&path.into()),
            message: shorten(&message.into()),
            hint: hint.map(|h| shorten(&h)),
        }
    }
}

/// `text` on one line, its middle elided when it is longer than [`MAX_TEXT`].
pub(crate) fn shorten(text: &str) -> String {
    const HEAD: usize = MAX_TEXT * 2 / 3;
    const TAIL: usize = MAX_TEXT / 4;
    let total = text.chars().count();
    if total <= MAX_TEXT {
        return one_line(text).collect();
    }
    let head: String = one_line(text).take(HEAD).collect();
    let tail: String = one_line(text).skip(total - TAIL).collect();
    format!(
        "{head} … ({} characters left out) … {tail}",
        total - HEAD - TAIL
    )
}

/// A spec's string as a message quotes it: on one line, cut after a few dozen characters.
pub(crate) fn brief_str(text: &str) -> String {
    const MAX: usize = 60;
    let mut out: String = one_line(text).take(MAX).collect();
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

/// The characters of `text`, each control character (a line break, a tab) a space.
fn one_line(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().map(|c| if c.is_control() { ' ' } else { c })
}

/// A YAML value as it would read in flow style, cut after a few dozen characters.
pub(crate) fn brief(value: &serde_yaml::Value) -> String {
    const MAX: usize = 60;
    fn write(value: &serde_yaml::Value, depth: usize, out: &mut String) {
        use serde_yaml::Value;
        if out.len() > MAX {
            return;
        }
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(&b.to_string()),
            Value::Number(n) => out.push_str(&n.to_string()),
            Value::String(s) if depth == 0 => out.push_str(&brief_str(s)),
            Value::String(s) => out.push_str(&format!("{:?}", brief_str(s))),
            Value::Sequence(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if out.len() > MAX {
                        break;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(item, depth + 1, out);
                }
                out.push(']');
            }
            Value::Mapping(map) => {
                out.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if out.len() > MAX {
                        break;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(key, depth + 1, out);
                    out.push_str(": ");
                    write(item, depth + 1, out);
                }
                out.push('}');
            }
            Value::Tagged(tagged) => {
                out.push_str(&format!("{} ", tagged.tag));
                write(&tagged.value, depth, out);
            }
        }
    }
    let mut out = String::new();
    write(value, 0, &mut out);
    if out.len() > MAX {
        let cut = (0..=MAX)
            .rev()
            .find(|&i| out.is_char_boundary(i))
            .unwrap_or(0);
        out.truncate(cut);
        out.push('…');
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, "error")
    }
}

/// A [`Diagnostic`] shown as a warning ([`Diagnostic::as_warning`]).
pub struct Warning<'a>(&'a Diagnostic);

impl fmt::Display for Warning<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, "warning")
    }
}

impl Diagnostic {
    /// The diagnostic shown as a warning: `file:line:column: warning at `path`: message`.
    pub fn as_warning(&self) -> Warning<'_> {
        Warning(self)
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, severity: &str) -> fmt::Result {
        write!(f, "{}:{}:{}: {severity}", self.file, self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run, sorted by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn sorted(mut list: Vec<Diagnostic>) -> Self {
        list.sort();
        list.dedup();
        Diagnostics(list)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} in the spec",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// The closest candidate to `wrong`, for "did you mean" hints.
pub(crate) fn closest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong_lower = wrong.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wrong_lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(wrong.len()) / 4).max(2))
        .min()
        .map(|(_, c)| c)
}

/// The hint "did you mean `…`?" naming the closest candidate to `wrong`, if any is close.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Edit distance counting an insertion, a deletion, a substitution or a swap
/// of two neighbours (`defualt` → `default`) as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_on_one_line_and_long_ones_lose_their_middle() {
        assert_eq!(shorten("a\nb\tc"), "a b c");
        let long = format!("start{}end", "x".repeat(1_000));
        let short = shorten(&long);
        assert!(
            short.starts_with("startxxx") && short.ends_with("xxxend"),
            "{short}"
        );
        assert!(short.contains("(788 characters left out)"), "{short}");
        assert_eq!(brief_str("a\nb"), "a b");
        assert_eq!(brief_str(&"y".repeat(61)), format!("{}…", "y".repeat(60)));
    }

    #[test]
    fn distances_and_hints() {
        assert_eq!(edit_distance("defualt", "default"), 1);
        assert_eq!(edit_distance("integr", "integer"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest("Widgit", ["Widget", "Gadget"]), Some("Widget"));
        assert_eq!(closest("application/xml", ["application/x-pem-file"]), None);
        assert_eq!(closest("zzz", ["string", "integer"]), None);
        assert_eq!(
            did_you_mean("jsn", ["json", "binary"]).as_deref(),
            Some("did you mean `json`?")
        );
        assert_eq!(did_you_mean("zzz", ["json", "binary"]), None);
    }
}
