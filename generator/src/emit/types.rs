//! IR types as Rust type tokens, and the model names a piece of code uses.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::Type;

/// The Rust type for `ty`; models are named bare and imported by the caller.
pub(crate) fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String | Type::DateTime => quote!(String),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::Bool => quote!(bool),
        Type::Json => quote!(serde_json::Value),
        Type::Model(name) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
        Type::List(item) => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        Type::Map(value) => {
            let value = rust_type(value);
            quote!(BTreeMap<String, #value>)
        }
    }
}

/// Adds every model `ty` mentions to `names`.
pub(crate) fn collect_models<'a>(ty: &'a Type, names: &mut BTreeSet<&'a str>) {
    match ty {
        Type::Model(name) => {
            names.insert(name);
        }
        Type::List(inner) | Type::Map(inner) => collect_models(inner, names),
        _ => {}
    }
}

pub(crate) fn uses_map(ty: &Type) -> bool {
    match ty {
        Type::Map(_) => true,
        Type::List(inner) => uses_map(inner),
        _ => false,
    }
}

/// An identifier token from a name the IR already made valid (raw identifiers included).
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// How a type reads in prose.
pub(crate) fn describe(ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::DateTime => "RFC 3339 date-time string".into(),
        Type::I32 | Type::I64 => "integer".into(),
        Type::F64 => "number".into(),
        Type::Bool => "boolean".into(),
        Type::Json => "any JSON value".into(),
        Type::Model(name) => format!("[`{name}`]"),
        Type::List(item) => format!("list of {}", describe(item)),
        Type::Map(value) => format!("map of string to {}", describe(value)),
    }
}

/// The Rust type of a model field: like [`rust_type`], with date-times as
/// `Timestamp`, and free-form JSON (`json`, `map<json>`) as the lazily parsed `Json`.
pub(crate) fn field_type(ty: &Type) -> TokenStream {
    match ty {
        Type::DateTime => quote!(Timestamp),
        Type::Json => quote!(Json),
        Type::Map(value) if **value == Type::Json => quote!(Json),
        Type::List(item) => {
            let item = field_type(item);
            quote!(Vec<#item>)
        }
        Type::Map(value) => {
            let value = field_type(value);
            quote!(BTreeMap<String, #value>)
        }
        other => rust_type(other),
    }
}

/// Whether the field type of `ty` mentions `Json` (see [`field_type`]).
pub(crate) fn uses_json(ty: &Type) -> bool {
    match ty {
        Type::Json => true,
        Type::List(inner) | Type::Map(inner) => uses_json(inner),
        _ => false,
    }
}

/// Whether the field type of `ty` mentions a `BTreeMap` (see [`field_type`]).
pub(crate) fn uses_field_map(ty: &Type) -> bool {
    match ty {
        Type::Map(value) => **value != Type::Json || uses_field_map(value),
        Type::List(inner) => uses_field_map(inner),
        _ => false,
    }
}

/// Whether `ty` mentions a date-time anywhere.
pub(crate) fn uses_datetime(ty: &Type) -> bool {
    match ty {
        Type::DateTime => true,
        Type::List(inner) | Type::Map(inner) => uses_datetime(inner),
        _ => false,
    }
}

/// The argument type of a setter for a field of type `ty`: the type itself
/// for numbers and booleans, any iterable of convertible items for a list
/// (`with_redirect_uris(["https://…"])`), `impl Into<…>` for everything else.
pub(crate) fn setter_type(ty: &Type) -> TokenStream {
    match ty {
        Type::I32 | Type::I64 | Type::F64 | Type::Bool => field_type(ty),
        Type::List(item) => {
            let item = field_type(item);
            quote!(impl IntoIterator<Item = impl Into<#item>>)
        }
        other => {
            let rust = field_type(other);
            quote!(impl Into<#rust>)
        }
    }
}

/// The field's value made from `arg`, a setter argument of [`setter_type`].
pub(crate) fn setter_value(ty: &Type, arg: TokenStream) -> TokenStream {
    match ty {
        Type::I32 | Type::I64 | Type::F64 | Type::Bool => arg,
        Type::List(_) => quote!(#arg.into_iter().map(Into::into).collect()),
        _ => quote!(#arg.into()),
    }
}
