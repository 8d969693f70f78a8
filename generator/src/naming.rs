//! Rust identifiers for spec names, decided once, here.
//!
//! Rules, in order: characters outside `[A-Za-z0-9_]` (`#`, `-`, `.`, spaces)
//! are word breaks; the words are cased with `heck`; a leading digit gets a
//! `_` (fields) or `V` (types, variants) in front; a keyword becomes a raw
//! identifier (`r#type`), or gets a trailing `_` where Rust forbids raw
//! identifiers (`self`, `super`, `crate`, `Self`). The same input always gives
//! the same output.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition, strict and reserved.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

fn words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `x5t#S256` → `x5t_s256`, `_links` → `links`, `type` → `r#type`.
pub fn field_name(wire: &str) -> String {
    let snake = words(wire).to_snake_case();
    let snake = if snake.is_empty() {
        "field".to_owned()
    } else {
        snake
    };
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    };
    escape_keyword(snake)
}

/// `getApplication` → `get_application`.
pub fn fn_name(wire: &str) -> String {
    field_name(wire)
}

/// `SAML_2_0` → `Saml20`, `oidc-client` → `OidcClient`, `2fa` → `V2fa`.
pub fn type_name(wire: &str) -> String {
    let camel = words(wire).to_upper_camel_case();
    let camel = if camel.is_empty() {
        "Value".to_owned()
    } else {
        camel
    };
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    };
    escape_keyword(camel)
}

/// `models/application_sign_on_mode.rs` style file stem for a type name.
pub fn module_name(type_name: &str) -> String {
    let snake = type_name.to_snake_case();
    if KEYWORDS.contains(&snake.as_str()) || NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

fn escape_keyword(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_wire_names() {
        assert_eq!(field_name("x5t#S256"), "x5t_s256");
        assert_eq!(field_name("_links"), "links");
        assert_eq!(field_name("key_ops"), "key_ops");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(
            field_name("OktaAccessGateway-Agent"),
            "okta_access_gateway_agent"
        );
        assert_eq!(field_name("9lives"), "_9lives");
        assert_eq!(field_name("query_scope"), "query_scope");
        assert_eq!(type_name("SAML_2_0"), "Saml20");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("2fa"), "V2fa");
        assert_eq!(type_name("a.b-c"), "ABC");
        assert_eq!(module_name("Type"), "type_");
    }
}
