//! Secret-looking values taken out of JSON text before it is shown: in error
//! snippets, in `Debug` of free-form JSON and of unknown members; and the text of
//! body values taken out of decoder messages.

use std::borrow::Cow;

/// The private members of a JWK (RFC 7518 6.2.2, 6.3.2, 6.4.1).
const JWK_PRIVATE: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

/// What a redacted value is shown as, whatever its JSON kind.
const REDACTED: &str = "\"<redacted>\"";

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

/// `text` (JSON, possibly cut short) with every value under a secret-looking key
/// replaced by `"<redacted>"`, however deep inside that member it is and whatever
/// its kind (string, number, `true`, `false`, `null`). Member names are matched as
/// JSON decodes them, so `"pass\u0077ord"` is `password`.
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
    let mut last_key: Option<&str> = None;
    let mut at = 0;
    let mut changed = false;
    while let Some(c) = text[at..].chars().next() {
        let secret_here = secret_key || secret_scopes.last().copied().unwrap_or(false);
        let next = match c {
            '"' => {
                let end = string_end(text, at);
                let is_key = text[end..].trim_start().starts_with(':');
                if is_key {
                    out.push_str(&text[at..end]);
                    last_key = Some(&text[at..end]);
                } else {
                    push_value(&mut out, &text[at..end], secret_here, &mut changed);
                    secret_key = false;
                }
                end
            }
            ':' => {
                secret_key = last_key.take().is_some_and(|key| is_secret_key(&member_name(key)));
                out.push(c);
                at + 1
            }
            '{' | '[' => {
                secret_scopes.push(secret_here);
                secret_key = false;
                out.push(c);
                at + 1
            }
            '}' | ']' => {
                secret_scopes.pop();
                secret_key = false;
                out.push(c);
                at + 1
            }
            ',' => {
                secret_key = false;
                out.push(c);
                at + 1
            }
            c if c.is_whitespace() => {
                out.push(c);
                at + c.len_utf8()
            }
            _ => {
                // A number, a literal, or text that is not JSON: up to the next delimiter.
                let end = scalar_end(text, at);
                push_value(&mut out, &text[at..end], secret_here, &mut changed);
                secret_key = false;
                end
            }
        };
        at = next;
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

fn push_value(out: &mut String, value: &str, secret: bool, changed: &mut bool) {
    if secret {
        out.push_str(REDACTED);
        *changed = true;
    } else {
        out.push_str(value);
    }
}

/// A member name as JSON decodes it (escapes resolved), from its quoted text; a name
/// cut short or not valid JSON is taken as written.
fn member_name(quoted: &str) -> Cow<'_, str> {
    let inside = quoted
        .strip_prefix('"')
        .map(|rest| rest.strip_suffix('"').unwrap_or(rest))
        .unwrap_or(quoted);
    if !inside.contains('\\') {
        return Cow::Borrowed(inside);
    }
    match serde_json::from_str::<String>(quoted) {
        Ok(name) => Cow::Owned(name),
        Err(_) => Cow::Borrowed(inside),
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

/// The byte offset of the first delimiter (`"`, `,`, `:`, a bracket, whitespace) at or
/// after `start`, or the end of the text.
fn scalar_end(text: &str, start: usize) -> usize {
    text[start..]
        .find(|c: char| matches!(c, '"' | ',' | ':' | '{' | '}' | '[' | ']') || c.is_whitespace())
        .map_or(text.len(), |offset| start + offset)
}

/// A decoder's message without any text of the value it was decoding: serde quotes
/// the value it did not expect (`invalid type: string "hunter2", expected …`), and
/// that value may be a secret, or sit one level above one. The kind of the value, what
/// was expected and the position stay: `invalid type: string, expected …`.
pub(crate) fn without_body_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some((before, marker, after)) = next_marker(rest) {
        out.push_str(before);
        out.push_str(marker);
        rest = match marker {
            "unknown variant" | "unknown field" => skip_quoted_name(after),
            _ => skip_unexpected(after, &mut out),
        };
    }
    out.push_str(rest);
    out
}

/// The phrases after which serde quotes text taken from the input.
const MARKERS: &[&str] = &["invalid type: ", "invalid value: ", "unknown variant", "unknown field"];

fn next_marker(text: &str) -> Option<(&str, &'static str, &str)> {
    MARKERS
        .iter()
        .filter_map(|marker| text.find(marker).map(|at| (at, *marker)))
        .min()
        .map(|(at, marker)| (&text[..at], marker, &text[at + marker.len()..]))
}

/// After `unknown variant`/`unknown field`: `` `name`, expected … `` (or `, there are
/// no …`). The name may hold anything, backticks included, but what serde writes after
/// it names the type's own variants or fields, so the last such phrase ends it.
fn skip_quoted_name(after: &str) -> &str {
    let Some(quoted) = after.strip_prefix(" `") else {
        return after;
    };
    let end = quoted
        .rfind("`, expected ")
        .or_else(|| quoted.rfind("`, there are no "));
    match end {
        Some(end) => &quoted[end + 1..],
        // Cut short: nothing after the name can be told apart from it.
        None => "",
    }
}

/// After `invalid type: ` or `invalid value: `: serde's `Unexpected`, written as
/// `string "…"` (Rust-escaped), `integer `5``, `floating point `1.5``,
/// `boolean `true``, `character `c`` or a bare kind (`map`, `sequence`, …). Writes
/// the kind alone and returns what follows the value.
fn skip_unexpected<'a>(after: &'a str, out: &mut String) -> &'a str {
    if let Some(quoted) = after.strip_prefix("string ").filter(|q| q.starts_with('"')) {
        out.push_str("string");
        // Rust's escapes, like JSON's, put a backslash before every quote inside.
        return &quoted[string_end(quoted, 0)..];
    }
    for kind in ["integer", "floating point", "boolean"] {
        if let Some(value) = after.strip_prefix(kind).and_then(|v| v.strip_prefix(" `")) {
            out.push_str(kind);
            return value.find('`').map_or("", |end| &value[end + 1..]);
        }
    }
    if let Some(value) = after.strip_prefix("character `") {
        out.push_str("character");
        let mut chars = value.chars();
        chars.next();
        return chars.as_str().strip_prefix('`').unwrap_or("");
    }
    after
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
    fn every_value_kind_under_a_secret_is_redacted() {
        let text = r#"{"profile":{"password":12345678,"n":-1.5e3},"credentials":{"password":{"value":true,"x":[7, false, null]}},"token" : 987654321,"count":3}"#;
        let redacted = redact_json(text);
        for secret in ["12345678", "true", "false", "null", "987654321", "7"] {
            assert!(!redacted.contains(secret), "{secret} in {redacted}");
        }
        for kept in ["\"n\":-1.5e3", "\"count\":3"] {
            assert!(redacted.contains(kept), "{kept} missing from {redacted}");
        }
        assert_eq!(
            redact_json(r#"{"password":12345678}"#),
            r#"{"password":"<redacted>"}"#
        );
    }

    #[test]
    fn member_names_are_matched_as_decoded() {
        let redacted = redact_json(r#"{"profile":{"pass\u0077ord":"hunter2","\u0064":"privD"}}"#);
        assert!(!redacted.contains("hunter2"), "{redacted}");
        assert!(!redacted.contains("privD"), "{redacted}");
        // A name that is not valid JSON is taken as written.
        assert!(!redact_json(r#"{"password\q":"hunter2"}"#).contains("hunter2"));
    }

    #[test]
    fn cut_off_and_escaped_text_is_handled() {
        assert!(!redact_json(r#"{"client_secret":"s3cr"#).contains("s3cr"));
        assert!(!redact_json(r#"{"client_secret":12"#).contains("12"));
        assert!(!redact_json(r#"{"a\"b":1,"password":"p\"w"}"#).contains("p\\\"w"));
        assert_eq!(redact_json("<html>no json</html>"), "<html>no json</html>");
        assert_eq!(redact_json(r#"{"id":"x"}"#), r#"{"id":"x"}"#);
        assert_eq!(redact_json(r#"{"id": 1, "ok" :true}"#), r#"{"id": 1, "ok" :true}"#);
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

    /// Every `Unexpected` form serde writes, from a real decode.
    #[test]
    fn decoder_messages_keep_the_kind_and_lose_the_value() {
        #[derive(serde::Deserialize)]
        #[expect(dead_code, reason = "only decoded, for serde's messages")]
        struct Typed {
            number: u8,
            object: std::collections::BTreeMap<String, u8>,
            choice: Option<Choice>,
        }
        #[derive(serde::Deserialize)]
        enum Choice {
            A,
        }
        let cases = [
            (r#"{"number":"hun\"ter2, expected x"}"#, "invalid type: string, expected u8"),
            (r#"{"number":1234567}"#, "invalid value: integer, expected u8"),
            (r#"{"number":-1234567}"#, "invalid value: integer, expected u8"),
            (r#"{"number":12.34567}"#, "invalid type: floating point, expected u8"),
            (r#"{"number":true}"#, "invalid type: boolean, expected u8"),
            (r#"{"number":1,"object":"secret7"}"#, "invalid type: string, expected a map"),
            (r#"{"number":1,"object":{},"choice":"B`, z"}"#, "unknown variant, expected `A`"),
        ];
        for (json, expected) in cases {
            let message = serde_json::from_str::<Typed>(json).err().expect(json).to_string();
            let cleaned = without_body_values(&message);
            assert!(cleaned.starts_with(expected), "{message} -> {cleaned}");
            for value in ["hun", "ter2", "1234567", "12.34", "true", "secret7", "B`"] {
                assert!(!cleaned.contains(value), "{value} in {cleaned}");
            }
            assert!(cleaned.contains(" at line 1 column "), "{cleaned}");
        }
        let cleaned = without_body_values("invalid type: character `\"`, expected u8");
        assert_eq!(cleaned, "invalid type: character, expected u8");
        let cleaned = without_body_values("x: unknown field `pass`, expected one of `a`, `b`, `c`");
        assert_eq!(cleaned, "x: unknown field, expected one of `a`, `b`, `c`");
        assert_eq!(without_body_values("invalid type: string \"cut"), "invalid type: string");
        assert_eq!(without_body_values("EOF while parsing"), "EOF while parsing");
    }
}
