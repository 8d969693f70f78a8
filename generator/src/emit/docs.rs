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
