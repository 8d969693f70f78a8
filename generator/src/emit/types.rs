//! IR types as Rust type tokens, and the model names a piece of code uses.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::imports::{Imports, Item};
use crate::ir::Type;

/// Where a type appears. The same spec type maps differently in a model's
/// field (typed: `Timestamp`, the lazily parsed `Json`) than on an
/// operation's parameters, body and answer (what is sent and received as
/// it is: a date-time `String`, a `serde_json::Value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Field,
    Wire,
}

/// The Rust type for `ty` in `role`; models are named bare, and
/// [`import_type`] imports what the type names.
pub(crate) fn rust_type(ty: &Type, role: Role) -> TokenStream {
    match (ty, role) {
        (Type::DateTime, Role::Field) => quote!(Timestamp),
        (Type::Json, Role::Field) => quote!(Json),
        (Type::Map(value), Role::Field) if **value == Type::Json => quote!(Json),
        (Type::String | Type::DateTime, _) => quote!(String),
        (Type::I32, _) => quote!(i32),
        (Type::I64, _) => quote!(i64),
        (Type::F64, _) => quote!(f64),
        (Type::Bool, _) => quote!(bool),
        (Type::Json, Role::Wire) => quote!(serde_json::Value),
        (Type::Model(name), _) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
        (Type::List(item), _) => {
            let item = rust_type(item, role);
            quote!(Vec<#item>)
        }
        (Type::Map(value), _) => {
            let value = rust_type(value, role);
            quote!(BTreeMap<String, #value>)
        }
    }
}

/// Imports what [`rust_type`] of `ty` in `role` names: its models (from
/// `models_from`, except `own`), `BTreeMap`, `Timestamp`, `Json`. One walk
/// per type, following the same mapping.
pub(crate) fn import_type(
    imports: &mut Imports,
    ty: &Type,
    role: Role,
    models_from: &str,
    own: &str,
) {
    match (ty, role) {
        (Type::Model(name), _) if name != own => {
            imports.model(models_from, name);
        }
        (Type::DateTime, Role::Field) => {
            imports.add(Item::Timestamp);
        }
        (Type::Json, Role::Field) => {
            imports.add(Item::Json);
        }
        (Type::Map(value), Role::Field) if **value == Type::Json => {
            imports.add(Item::Json);
        }
        (Type::Map(inner), _) => {
            imports.add(Item::BTreeMap);
            import_type(imports, inner, role, models_from, own);
        }
        (Type::List(inner), _) => import_type(imports, inner, role, models_from, own),
        _ => {}
    }
}

/// An identifier token from a name the IR already made valid (raw identifiers included).
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The argument type of a setter for a field of type `ty`: the type itself
/// for numbers and booleans, any iterable of convertible items for a list
/// (`with_redirect_uris(["https://…"])`), `impl Into<…>` for everything else.
pub(crate) fn setter_type(ty: &Type) -> TokenStream {
    match ty {
        Type::I32 | Type::I64 | Type::F64 | Type::Bool => rust_type(ty, Role::Field),
        Type::List(item) => {
            let item = rust_type(item, Role::Field);
            quote!(impl IntoIterator<Item = impl Into<#item>>)
        }
        other => {
            let rust = rust_type(other, Role::Field);
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
