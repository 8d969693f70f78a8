//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, one per line, each starting with a space so
/// that they read like `/// text`.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// Prose from the spec, made safe for rustdoc.
pub(crate) fn spec_text(text: &str) -> String {
    let mut in_fence = false;
    let escaped: Vec<String> = text
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(info) = trimmed.strip_prefix("```") {
                in_fence = !in_fence;
                // rustdoc reads a fence without a language as Rust, which Okta's examples are not.
                if in_fence && info.trim().is_empty() {
                    return format!("{line}text");
                }
                return line.to_owned();
            }
            if in_fence {
                line.to_owned()
            } else {
                escape_markdown(line)
            }
        })
        .collect();
    without_lazy_continuations(escaped).join("\n")
}

/// Markdown lets a paragraph inside a quote or a list item go on in a line
/// without the `>` marker or the item's indentation ("lazy continuation"); the
/// result is the same, but rustdoc's readers (and clippy) ask for the marker or
/// the indentation, so they are added.
fn without_lazy_continuations(lines: Vec<String>) -> Vec<String> {
    let mut in_quote = false;
    let mut item_indent: Option<usize> = None;
    let mut fence = false;
    let mut after_blank = false;
    lines
        .into_iter()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") {
                fence = !fence;
            }
            if fence || trimmed.starts_with("```") {
                (in_quote, item_indent) = (false, None);
                return line;
            }
            if trimmed.is_empty() {
                // An item goes on after a blank line only in a line indented under it.
                (in_quote, after_blank) = (false, true);
                return line;
            }
            if std::mem::take(&mut after_blank)
                && item_indent.is_some_and(|width| line.len() - trimmed.len() < width)
            {
                item_indent = None;
            }
            if trimmed.starts_with('>') {
                (in_quote, item_indent) = (true, None);
                return line;
            }
            if in_quote {
                return format!("> {line}");
            }
            if let Some(width) = list_marker_width(&line) {
                item_indent = Some(width);
                return line;
            }
            match item_indent {
                Some(width) if line.len() - trimmed.len() < width => {
                    format!("{}{trimmed}", " ".repeat(width))
                }
                _ => line,
            }
        })
        .collect()
}

/// The width of a list item's marker and the blank after it (`- `, `* `, `+ `,
/// `1. `, `2) `), with the indentation before it, if `line` starts an item.
fn list_marker_width(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match trimmed.as_bytes() {
        [b'-' | b'*' | b'+', b' ', ..] => 1,
        bytes if (1..=9).contains(&digits) && matches!(bytes.get(digits), Some(b'.' | b')')) => {
            digits + 1
        }
        _ => return None,
    };
    trimmed[marker..]
        .starts_with(' ')
        .then(|| indent + marker + 1)
}

/// Spec prose is Markdown already; only what rustdoc would misread is escaped:
/// bare `[x]` that is not a link, links to anchors of Okta's web pages, and bare URLs.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    // Byte offsets throughout: every delimiter looked for is ASCII.
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if rest.starts_with('[') {
            // `[text](target)` stays a link unless the target is a page anchor, which means nothing here.
            if let Some(close) = rest.find(']') {
                if rest[close + 1..].starts_with('(') {
                    if let Some(end) = rest[close..].find(')').map(|p| p + close) {
                        let text = &rest[1..close];
                        let target = &rest[close + 2..end];
                        if target.starts_with('#') {
                            out.push_str(text);
                        } else {
                            out.push_str(&rest[..=end]);
                        }
                        i += end + 1;
                        continue;
                    }
                }
            }
            out.push_str("\\[");
            i += 1;
        } else if rest.starts_with(']') {
            out.push_str("\\]");
            i += 1;
        } else if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ')']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8().max(1);
        }
    }
    out
}

/// Ends `text` with a full stop unless it already ends a sentence.
pub(crate) fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?', ':']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// Joins optional paragraphs with blank lines.
pub(crate) fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_continuations_get_their_marker_or_indentation() {
        let text = "> **Note:** a quote\nthat goes on.\n\n- an item\nthat goes on\n  already indented\n- next\n\n12. twelfth\nmore\n\nplain\ntext";
        assert_eq!(
            spec_text(text),
            "> **Note:** a quote\n> that goes on.\n\n- an item\n  that goes on\n  already indented\n- next\n\n12. twelfth\n    more\n\nplain\ntext"
        );
        // A paragraph indented under an item after a blank line is still the item's.
        let text = "  * an item\n\n    a second paragraph\nthat goes on\n\nplain";
        assert_eq!(
            spec_text(text),
            "  * an item\n\n    a second paragraph\n    that goes on\n\nplain"
        );
        assert_eq!(spec_text("```\n> x\ny\n```"), "```text\n> x\ny\n```");
        assert_eq!(
            spec_text("```json\n\"enum\": [\"S\"]\n```\n[x]"),
            "```json\n\"enum\": [\"S\"]\n```\n\\[x\\]"
        );
        assert_eq!(
            spec_text("-1 is a number\nnot an item"),
            "-1 is a number\nnot an item"
        );
    }
}
