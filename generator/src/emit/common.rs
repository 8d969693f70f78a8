//! The trait of a union's common fields (`ApplicationCommon`), defined in
//! the base struct's file: `base()` and `base_mut()` to implement, and for
//! each field a reader and a setter, so that the union and every variant's
//! struct read and set them alike without copying them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::fields::setter_row;
use super::fields::{field_doc, field_rust_type};
use super::types::{ident, rust_type, Role};
use crate::ir::{Api, Composition, Field, Type};

pub(super) fn common_trait(composition: &Composition, fields: &[Field], api: &Api) -> TokenStream {
    let Composition {
        union,
        base,
        common,
    } = composition;
    let base = format_ident!("{base}");
    let common = format_ident!("{common}");
    let variants = match api.model(union).map(|m| &m.kind) {
        Some(crate::ir::ModelKind::Union(u)) => u
            .variants
            .iter()
            .filter(|v| v.standalone.is_none())
            .map(|v| format!("[`{0}`](super::{0})", v.model))
            .chain([format!("[`{0}`](super::{0})", u.other)])
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    let doc = format!(
        " Reads and sets the fields every [`{union}`](super::{union}) has, the same way on the union and on each of its structs ({variants}), which hold them in their member `base`."
    );
    let use_doc =
        format!(" Bring it into scope to call its methods: `use okta_apps::models::{common};`.");
    let readers = fields.iter().map(reader);
    let setter_rows = fields.iter().map(setter_row);
    quote! {
        #[doc = #doc]
        ///
        #[doc = #use_doc]
        pub trait #common {
            /// The common fields.
            fn base(&self) -> &#base;

            /// The common fields, to change in place.
            fn base_mut(&mut self) -> &mut #base;

            #(#readers)*

            model_support::setters! {
                @common
                #(#setter_rows)*
            }

            /// Fields the spec does not describe.
            fn additional_properties(&self) -> &crate::AdditionalProperties {
                &self.base().additional_properties
            }

            /// Sets an additional property, one the spec does not describe.
            fn with_additional_property(mut self, key: impl Into<String>, value: impl Into<crate::Json>) -> Self
            where
                Self: Sized,
            {
                self.base_mut().additional_properties.insert(key.into(), value.into());
                self
            }
        }
    }
}

/// `x()`: a common field, borrowed as a reader would want it (`&str`, `&[T]`),
/// documented as the field is.
fn reader(f: &Field) -> TokenStream {
    let rust = ident(&f.rust_name);
    let doc = field_doc(f);
    let (ty, get) = match (&f.ty, f.required) {
        // A `Nullable` or a secret is read as itself.
        _ if f.nullable || f.secret => {
            let ty = field_rust_type(f);
            match f.required {
                false => (quote!(Option<&#ty>), quote!(self.base().#rust.as_ref())),
                true => (quote!(&#ty), quote!(&self.base().#rust)),
            }
        }
        (Type::String, false) => (quote!(Option<&str>), quote!(self.base().#rust.as_deref())),
        (Type::String, true) => (quote!(&str), quote!(self.base().#rust.as_str())),
        (Type::List(item), false) => {
            let item = rust_type(item, Role::Field);
            (
                quote!(Option<&[#item]>),
                quote!(self.base().#rust.as_deref()),
            )
        }
        (ty, false) => {
            let ty = rust_type(ty, Role::Field);
            (quote!(Option<&#ty>), quote!(self.base().#rust.as_ref()))
        }
        (ty, true) => {
            let ty = rust_type(ty, Role::Field);
            (quote!(&#ty), quote!(&self.base().#rust))
        }
    };
    quote! {
        #doc
        fn #rust(&self) -> #ty {
            #get
        }
    }
}
