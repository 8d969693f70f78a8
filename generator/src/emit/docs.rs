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
    text.lines()
        .map(escape_markdown)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Spec prose is Markdown already; only what rustdoc would misread is escaped:
/// bare `[x]` that is not a link, links to anchors of Okta's web pages, and bare URLs.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '[' {
            // `[text](target)` stays a link unless the target is a page anchor, which means nothing here.
            if let Some(close) = chars[i..].iter().position(|&c| c == ']').map(|p| p + i) {
                if chars.get(close + 1) == Some(&'(') {
                    if let Some(end) = chars[close..]
                        .iter()
                        .position(|&c| c == ')')
                        .map(|p| p + close)
                    {
                        let text: String = chars[i + 1..close].iter().collect();
                        let target: String = chars[close + 2..end].iter().collect();
                        if target.starts_with('#') {
                            out.push_str(&text);
                        } else {
                            out.push_str(&format!("[{text}]({target})"));
                        }
                        i = end + 1;
                        continue;
                    }
                }
            }
            out.push_str("\\[");
        } else if c == ']' {
            out.push_str("\\]");
        } else if line[char_offset(&chars, i)..].starts_with("http://")
            || line[char_offset(&chars, i)..].starts_with("https://")
        {
            let rest = &line[char_offset(&chars, i)..];
            let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ')']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.chars().count();
            continue;
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn char_offset(chars: &[char], index: usize) -> usize {
    chars[..index].iter().map(|c| c.len_utf8()).sum()
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
