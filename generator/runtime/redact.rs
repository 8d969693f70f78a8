//! Secret-looking values taken out of JSON text before it is shown: in error
//! snippets, in `Debug` of free-form JSON and of unknown members.

use std::borrow::Cow;

/// The private members of a JWK (RFC 7518 6.2.2, 6.3.2, 6.4.1).
const JWK_PRIVATE: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

/// Whether a member named `key` may hold a secret: a JWK's private members, and any
/// name that speaks of a secret, a password, a token, a private key or an assertion.
pub(crate) fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    if JWK_PRIVATE.contains(&key.as_str()) {
        return true;
    }
    let compact: String = key.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    ["secret", "password", "passwd", "token", "privatekey", "assertion", "apikey"]
        .iter()
        .any(|word| compact.contains(word))
}

/// `text` (JSON, possibly cut short) with every string value under a secret-looking
/// key replaced by `"<redacted>"`, however deep inside that member it is.
///
/// Linear in the text and tolerant of any input: it never fails, and text that is
/// not JSON passes through with only its quoted strings considered.
pub(crate) fn redact_json(text: &str) -> Cow<'_, str> {
    if !text.contains('"') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    // One entry per open object or array: whether everything inside is secret.
    let mut secret_scopes: Vec<bool> = Vec::new();
    // The last string was a key under a secret-looking name.
    let mut secret_key = false;
    let mut last_string: Option<(usize, usize)> = None;
    let mut chars = text.char_indices().peekable();
    let mut changed = false;
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                let end = string_end(text, at);
                let inside = secret_scopes.last().copied().unwrap_or(false);
                let is_key = text[end..].trim_start().starts_with(':');
                if !is_key && (secret_key || inside) {
                    out.push_str("\"<redacted>\"");
                    changed = true;
                } else {
                    out.push_str(&text[at..end]);
                }
                if is_key {
                    last_string = Some((at + 1, end.saturating_sub(1).max(at + 1)));
                } else {
                    secret_key = false;
                }
                while chars.peek().is_some_and(|(i, _)| *i < end) {
                    chars.next();
                }
            }
            ':' => {
                secret_key = last_string.take().is_some_and(|(from, to)| is_secret_key(&text[from..to]));
                out.push(c);
            }
            '{' | '[' => {
                let inside = secret_scopes.last().copied().unwrap_or(false);
                secret_scopes.push(inside || secret_key);
                secret_key = false;
                out.push(c);
            }
            '}' | ']' => {
                secret_scopes.pop();
                secret_key = false;
                out.push(c);
            }
            ',' => {
                secret_key = false;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// The byte offset just past the string starting at `start` (a `"`), or the end of
/// the text when it is cut short.
fn string_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_members_are_redacted_at_any_depth_and_the_rest_is_kept() {
        let text = r#"{"label":"x","credentials":{"oauthClient":{"client_id":"0oa1","client_secret":"s3cr3t"}},"password":{"value":"hunter2","hash":{"salt":"abc"}},"d":"privD","token":"t0k"}"#;
        let redacted = redact_json(text);
        for secret in ["s3cr3t", "hunter2", "abc", "privD", "t0k"] {
            assert!(!redacted.contains(secret), "{secret} in {redacted}");
        }
        for kept in ["\"label\":\"x\"", "\"client_id\":\"0oa1\"", "\"credentials\""] {
            assert!(redacted.contains(kept), "{kept} missing from {redacted}");
        }
    }

    #[test]
    fn cut_off_and_escaped_text_is_handled() {
        assert!(!redact_json(r#"{"client_secret":"s3cr"#).contains("s3cr"));
        assert!(!redact_json(r#"{"a\"b":1,"password":"p\"w"}"#).contains("p\\\"w"));
        assert_eq!(redact_json("<html>no json</html>"), "<html>no json</html>");
        assert_eq!(redact_json(r#"{"id":"x"}"#), r#"{"id":"x"}"#);
    }

    #[test]
    fn secret_looking_names() {
        for key in ["client_secret", "clientSecret", "password", "TOKEN", "access_token", "d", "qi", "privateKey", "client_assertion"] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in ["id", "label", "data", "kid", "kty", "n", "e", "status"] {
            assert!(!is_secret_key(key), "{key}");
        }
    }
}
