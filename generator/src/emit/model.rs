//! One file per model: structs, open enums and discriminated unions; this file
//! dispatches on the kind and writes enums itself (objects are `object.rs`,
//! unions `union.rs`, and what they share is `fields.rs`).
//!
//! Objects and unions get hand-written `Deserialize`/`Serialize` impls: one
//! pass over the input, unknown fields and explicit `null`s kept in
//! `additional_properties`, nothing buffered except the rare variant-specific
//! field that arrives before the union's tag.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::fields::model_doc;
use super::imports::{Imports, Item};
use crate::ir::{Api, Enum, Model, ModelKind};

pub(crate) fn model_file(model: &Model, api: &Api) -> TokenStream {
    match &model.kind {
        ModelKind::Object(object) => super::object::object_file(model, object, api),
        ModelKind::Enum(values) => enum_file(model, values),
        ModelKind::Union(union) => super::union::union_file(model, union, api),
    }
}

fn enum_file(model: &Model, values: &Enum) -> TokenStream {
    let name = format_ident!("{}", model.rust_name);
    let doc = model_doc(model);
    let variants: Vec<_> = values
        .values
        .iter()
        .map(|v| format_ident!("{}", v.variant))
        .collect();
    let wires: Vec<_> = values.values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| {
        let text = format!(" `{w}`");
        quote!(#[doc = #text])
    });
    let expecting = format!("a string ({})", model.spec_name);
    let fallback = format_ident!("{}", values.fallback);
    let open_doc = format!(" Open: a value this version of the crate does not know is kept in [`Self::{fallback}`] and sent back unchanged. Only values no variant names end up there, so matching on a variant always means what it says.");
    let imports = Imports::new().add_all([Item::ModelSupport]).tokens();
    quote! {
        #imports

        #doc
        ///
        #[doc = #open_doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants,
            )*
            /// A value the spec does not list; make one with `From<&str>`.
            #fallback(crate::UnknownValue),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#fallback(value) => value.as_str(),
                }
            }

            /// Every value the spec lists, as sent on the wire.
            pub fn values() -> &'static [&'static str] {
                &[#(#wires),*]
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::#fallback(crate::UnknownValue::new(other)),
                }
            }
        }

        model_support::open_enum_impls!(#name, #expecting);
    }
}
