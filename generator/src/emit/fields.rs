//! What the emitters of a model's file share (`model.rs`, `object.rs`,
//! `union.rs`, `common.rs`): a field's Rust type, setter, doc and initial value,
//! the accumulator a model decodes into, a model's doc. Kept apart so that the
//! emitters depend on it and not on each other.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, paragraphs, spec_text};
use super::imports::Imports;
use super::types::{ident, import_type, rust_type, setter_type, setter_value, Role};
use crate::ir::{Api, Field, Literal, Model, ModelKind, Type};
use crate::naming;

pub(super) fn model_doc(model: &Model) -> TokenStream {
    let fallback = format!("The `{}` model.", model.spec_name);
    doc(&model
        .description
        .as_deref()
        .map(spec_text)
        .unwrap_or(fallback))
}

fn find<'a>(api: &'a Api, name: &str) -> Option<&'a Model> {
    api.model(name)
}

pub(super) fn fields_of<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match find(api, name).map(|m| &m.kind) {
        Some(ModelKind::Object(object)) => &object.fields,
        _ => &[],
    }
}

/// The accumulator type of an object model, as named from a sibling module.
pub(super) fn fields_path(api: &Api, name: &str) -> TokenStream {
    let model = find(api, name);
    let module = model
        .map(|m| format_ident!("{}", m.module))
        .unwrap_or_else(|| format_ident!("{}", name));
    let fields = match model {
        Some(model) if is_own_accumulator(model, api) => format_ident!("{}", name),
        _ => format_ident!("{}", accumulator_name(api, name)),
    };
    quote!(super::#module::#fields)
}

/// Whether a model decodes into itself: when nothing is required and nothing
/// preset (in its base neither), its derived `Default` is exactly the empty
/// accumulator, and a separate `…Fields` struct would only repeat it.
pub(super) fn is_own_accumulator(model: &Model, api: &Api) -> bool {
    match &model.kind {
        ModelKind::Object(object) => {
            let own = object
                .fields
                .iter()
                .chain(&object.base_presets)
                .all(|f| !f.required && initial_value(f, model, api).is_none());
            // A union's subtype holds its base's accumulator, which must be the base.
            let base = object.base.as_ref().is_none_or(|c| {
                api.model(&c.base)
                    .is_some_and(|base| is_own_accumulator(base, api))
            });
            own && base
        }
        _ => false,
    }
}

/// What `new()` of the object model `model` takes: its required fields that it
/// does not preset, in order.
pub(super) fn new_arguments<'a>(model: &'a Model, api: &Api) -> Vec<&'a Field> {
    match &model.kind {
        ModelKind::Object(object) => object
            .fields
            .iter()
            .filter(|f| f.required && initial_value(f, model, api).is_none())
            .collect(),
        _ => Vec::new(),
    }
}

/// The imports a file needs for the types of `fields`: their models (from
/// `super`, except `own`), maps, timestamps and JSON values.
pub(super) fn field_imports<'a>(
    imports: &mut Imports,
    fields: impl IntoIterator<Item = &'a Field>,
    own: &str,
) {
    // A secret's type is named by its path.
    for field in fields.into_iter().filter(|f| !f.secret) {
        import_type(imports, &field.ty, Role::Field, "super", own);
    }
}

/// The accumulator struct of the object model `name`, which names no other model.
pub(super) fn accumulator_name(api: &Api, name: &str) -> String {
    naming::accumulator_name(name, |candidate| api.model(candidate).is_some())
}

/// "a " or "an " before a description of a type, or nothing before a model link or a list.
fn article_for(description: &str) -> &'static str {
    match description.chars().next() {
        Some('[') => "",
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'R') => "an ",
        _ => "a ",
    }
}

/// The Rust type of a model field's value: a secret string is a `SecretString`,
/// a secret JSON value a `SecretJson`.
fn value_type(field: &Field) -> TokenStream {
    match (field.secret, &field.ty) {
        (true, Type::Json) => quote!(crate::SecretJson),
        (true, _) => quote!(crate::SecretString),
        (false, ty) => rust_type(ty, Role::Field),
    }
}

/// The Rust type of a model field: its value's, in a `Nullable` when the field is nullable.
pub(super) fn field_rust_type(field: &Field) -> TokenStream {
    let ty = value_type(field);
    if field.nullable {
        quote!(crate::Nullable<#ty>)
    } else {
        ty
    }
}

/// The argument type of a field's setter (and of `new` for a required field):
/// what the value takes, also for a nullable field, whose `null` has a setter of its own.
pub(super) fn field_setter_type(field: &Field) -> TokenStream {
    if field.secret {
        let secret = value_type(field);
        quote!(impl Into<#secret>)
    } else {
        setter_type(&field.ty)
    }
}

/// How `model_support::setters!` takes a field's value: `copy` as the type,
/// `into` through `impl Into`, or `list` item by item, with that (item) type.
pub(super) fn setter_kind(field: &Field) -> (TokenStream, TokenStream) {
    match (field.secret, &field.ty) {
        (true, _) => (quote!(into), value_type(field)),
        (false, Type::I32 | Type::I64 | Type::F64 | Type::Bool) => {
            (quote!(copy), rust_type(&field.ty, Role::Field))
        }
        (false, Type::List(item)) => (quote!(list), rust_type(item, Role::Field)),
        (false, other) => (quote!(into), rust_type(other, Role::Field)),
    }
}

/// The field's value made from `arg`, an argument of [`field_setter_type`].
pub(super) fn field_setter_value(field: &Field, arg: TokenStream) -> TokenStream {
    let value = if field.secret {
        quote!(#arg.into())
    } else {
        setter_value(&field.ty, arg)
    };
    if field.nullable {
        quote!(crate::Nullable::Value(#value))
    } else {
        value
    }
}

pub(super) fn field_doc(field: &Field) -> TokenStream {
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: set by Okta, and left out of request bodies.".to_owned());
    }
    if let Some(default) = &field.default {
        notes.push(format!("Default: `{default}`."));
    }
    if field.secret {
        notes.push("A secret: its `Debug` shows `<redacted>`; read it with `expose()`.".to_owned());
    }
    if field.nullable {
        notes.push("Nullable: [`Nullable::Null`](crate::Nullable::Null) is sent as `null`, which clears the field.".to_owned());
    }
    if field.ty == Type::DateTime {
        notes.push("An RFC 3339 date-time.".to_owned());
    }
    // Without a description from Okta, say plainly what the spec does know.
    let fallback = format!(
        "`{}` on the wire: {}{}.",
        field.wire_name,
        article_for(&field.ty.describe_in_docs()),
        field.ty.describe_in_docs()
    );
    let notes = notes.join(" ");
    let description = field
        .description
        .as_deref()
        .map(spec_text)
        .unwrap_or(fallback);
    doc(&paragraphs([
        Some(description.as_str()),
        Some(notes.as_str()),
    ]))
}

/// The value a field gets from `new()`: the union tag that selects this model, or
/// the spec's default of an optional field (a required one is an argument of `new()`).
pub(super) fn initial_value(field: &Field, model: &Model, api: &Api) -> Option<TokenStream> {
    let tag = match &model.kind {
        ModelKind::Object(object) => object
            .tag
            .as_ref()
            .filter(|(property, _)| *property == field.wire_name)
            .map(|(_, value)| Literal::String(value.clone())),
        _ => None,
    };
    let default = || field.default.clone().filter(|_| !field.required);
    let value = tag.or_else(default)?;
    let is_enum = |name: &str| matches!(find(api, name).map(|m| &m.kind), Some(ModelKind::Enum(_)));
    match (&field.ty, value) {
        (Type::String, Literal::String(s)) => Some(quote!(#s.to_owned())),
        (Type::Model(name), Literal::String(s)) if is_enum(name) => {
            let name = format_ident!("{}", name);
            Some(quote!(#name::from(#s)))
        }
        (Type::I32, Literal::Integer(i)) => i32::try_from(i).ok().map(|i| quote!(#i)),
        (Type::I64, Literal::Integer(i)) => Some(quote!(#i)),
        (Type::F64, Literal::Float(x)) => Some(quote!(#x)),
        (Type::F64, Literal::Integer(i)) => {
            let x = i as f64;
            Some(quote!(#x))
        }
        (Type::Bool, Literal::Bool(b)) => Some(quote!(#b)),
        _ => None,
    }
}

/// One row of `model_support::setters!`, which writes `with_x(value)`, and
/// `with_x_null()` for a nullable field:
/// `x: presence kind Type => with_x[, with_x_null];`.
pub(super) fn setter_row(field: &Field) -> TokenStream {
    let rust = ident(&field.rust_name);
    let plain = field.rust_name.trim_start_matches("r#");
    // The doc names a raw identifier's field without its `r#`.
    let name = (plain != field.rust_name).then(|| proc_macro2::Literal::string(plain));
    let setter = format_ident!("with_{plain}");
    let presence = match (field.required, field.nullable) {
        (false, false) => quote!(optional),
        (true, false) => quote!(required),
        (false, true) => quote!(nullable),
        (true, true) => quote!(required_nullable),
    };
    let (kind, ty) = setter_kind(field);
    let null_setter = field.nullable.then(|| {
        let null_setter = format_ident!("{setter}_null");
        quote!(, #null_setter)
    });
    quote!(#name #rust: #presence #kind #ty => #setter #null_setter;)
}

/// "a" or "an", for serde's "expecting" messages.
pub(super) fn article(word: &str) -> &'static str {
    if word.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
