//! A small block-style YAML writer for the spec files, in the style the
//! hand-written `spec/` uses: two-space indentation, indentless sequences,
//! plain scalars where YAML allows them (folded past column 100, as PyYAML
//! does with `width=100`), single quotes otherwise, double quotes only for
//! text with line breaks or control characters.

use std::fmt::Write;

/// Column past which a plain scalar is folded at its next single space.
const WIDTH: usize = 100;

/// A YAML document being written line by line.
#[derive(Default)]
pub(crate) struct Writer {
    out: String,
}

impl Writer {
    pub(crate) fn new() -> Writer {
        Writer::default()
    }

    /// A `# comment` line at the left margin.
    pub(crate) fn comment(&mut self, text: &str) {
        for line in text.lines() {
            let _ = writeln!(self.out, "# {line}");
        }
    }

    /// `key:` opening a nested block, at `indent`, with an optional `- ` item marker.
    pub(crate) fn open(&mut self, indent: usize, item: bool, key: &str) {
        self.prefix(indent, item);
        let _ = writeln!(self.out, "{key}:");
    }

    /// `key: <string>`.
    pub(crate) fn string(&mut self, indent: usize, item: bool, key: &str, value: &str) {
        self.prefix(indent, item);
        let start = indent + 2 + key.len();
        self.out.push_str(key);
        self.out.push_str(": ");
        self.scalar(start, indent + 2, value);
    }

    /// `key: <raw>` where `raw` is already a valid plain scalar (numbers, booleans).
    pub(crate) fn raw(&mut self, indent: usize, item: bool, key: &str, raw: &str) {
        self.prefix(indent, item);
        let _ = writeln!(self.out, "{key}: {raw}");
    }

    /// `- <string>` as a sequence item at `indent`.
    pub(crate) fn item_string(&mut self, indent: usize, value: &str) {
        self.prefix(indent, true);
        self.scalar(indent, indent, value);
    }

    /// `- <raw>` as a sequence item at `indent`.
    pub(crate) fn item_raw(&mut self, indent: usize, raw: &str) {
        self.prefix(indent, true);
        let _ = writeln!(self.out, "{raw}");
    }

    /// A YAML value (a default), written as a scalar when it is one.
    pub(crate) fn value(&mut self, indent: usize, key: &str, value: &serde_yaml::Value) {
        match value {
            serde_yaml::Value::String(s) => self.string(indent, false, key, s),
            serde_yaml::Value::Bool(b) => self.raw(indent, false, key, &b.to_string()),
            serde_yaml::Value::Number(n) => self.raw(indent, false, key, &n.to_string()),
            serde_yaml::Value::Null => self.raw(indent, false, key, "null"),
            other => {
                // Sequences and mappings: serde_yaml's flow-free output, re-indented.
                let text = serde_yaml::to_string(other).unwrap_or_default();
                self.open(indent, false, key);
                for line in text.lines() {
                    let _ = writeln!(self.out, "{}{line}", " ".repeat(indent + 2));
                }
            }
        }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }

    fn prefix(&mut self, indent: usize, item: bool) {
        if item {
            self.out.push_str(&" ".repeat(indent.saturating_sub(2)));
            self.out.push_str("- ");
        } else {
            self.out.push_str(&" ".repeat(indent));
        }
    }

    /// Writes `value` starting at column `column`; folded lines continue at `continuation`.
    fn scalar(&mut self, column: usize, continuation: usize, value: &str) {
        match style(value) {
            Style::Plain => {
                let mut column = column;
                let mut words = value.split(' ').peekable();
                let mut first = true;
                while let Some(word) = words.next() {
                    if !first {
                        if column > WIDTH && !word.is_empty() {
                            self.out.push('\n');
                            self.out.push_str(&" ".repeat(continuation));
                            column = continuation;
                        } else {
                            self.out.push(' ');
                            column += 1;
                        }
                    }
                    first = false;
                    self.out.push_str(word);
                    column += word.chars().count();
                    // A run of spaces must not be folded (it would change the value).
                    while words.peek() == Some(&"") {
                        words.next();
                        self.out.push(' ');
                        column += 1;
                    }
                }
                self.out.push('\n');
            }
            Style::Single => {
                let _ = writeln!(self.out, "'{}'", value.replace('\'', "''"));
            }
            Style::Double => {
                let mut escaped = String::with_capacity(value.len() + 2);
                for c in value.chars() {
                    match c {
                        '"' => escaped.push_str("\\\""),
                        '\\' => escaped.push_str("\\\\"),
                        '\n' => escaped.push_str("\\n"),
                        '\t' => escaped.push_str("\\t"),
                        '\r' => escaped.push_str("\\r"),
                        c if c.is_control() => {
                            let _ = write!(escaped, "\\u{:04X}", c as u32);
                        }
                        c => escaped.push(c),
                    }
                }
                let _ = writeln!(self.out, "\"{escaped}\"");
            }
        }
    }
}

enum Style {
    Plain,
    Single,
    Double,
}

fn style(value: &str) -> Style {
    if value.chars().any(|c| c.is_control() || c == '\u{feff}') {
        return Style::Double;
    }
    if plain_ok(value) {
        Style::Plain
    } else {
        Style::Single
    }
}

/// Whether `value` reads back as the same string when written plain in block context.
fn plain_ok(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if value.starts_with(' ') || value.ends_with(' ') || value.contains("  ") {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-foo`, `?foo` and `:foo` are plain in YAML 1.2, but not to every reader.
        return false;
    }
    if value.contains(": ") || value.contains(" #") || value.ends_with(':') {
        return false;
    }
    !looks_like_other_type(value)
}

/// Strings a YAML 1.1 or 1.2 reader would take for a null, boolean or number.
fn looks_like_other_type(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "~" | "null"
            | "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | ".inf"
            | "-.inf"
            | "+.inf"
            | ".nan"
    ) {
        return true;
    }
    let digits = lower.trim_start_matches(['+', '-']);
    digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits.chars().all(|c| {
            c.is_ascii_hexdigit() || matches!(c, '.' | '_' | 'e' | 'x' | 'o' | '+' | '-' | ':')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(value: &str) {
        let mut w = Writer::new();
        w.string(0, false, "k", value);
        let text = w.finish();
        let back: std::collections::BTreeMap<String, String> =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(back.get("k").map(String::as_str), Some(value), "{text}");
    }

    #[test]
    fn strings_read_back_unchanged() {
        for value in [
            "plain",
            "true",
            "-1",
            "1e3",
            "0x1F",
            "a: b",
            "#hash",
            "it's",
            "'quoted'",
            "line\nbreak",
            "two  spaces",
            " lead",
            "@at",
            "",
            "12:30",
            "ends:",
            &"word ".repeat(60),
        ] {
            round_trip(value);
        }
    }

    #[test]
    fn long_plain_text_folds_past_column_100() {
        let mut w = Writer::new();
        w.string(2, false, "description", "abcdefghi ".repeat(15).trim_end());
        let text = w.finish();
        assert!(text.lines().count() > 1, "{text}");
        assert!(text
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("    abcdefghi")));
    }
}
