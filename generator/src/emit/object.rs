//! The file of an object model: the struct, `new` and the setters, and its
//! one-pass `Deserialize` (through an accumulator) and `Serialize`.
//!
//! A union's subtype holds the common fields in a member `base` and hands
//! what it does not know to it, decoding and encoding alike; the base's file
//! also defines the trait that reads and sets those fields (`common.rs`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::imports::{Imports, Item};
use super::model::{
    accumulator_name, article, field_doc, field_imports, field_rust_type, field_setter_type,
    field_setter_value, initial_value, is_own_accumulator, model_doc, new_arguments,
};
use super::types::ident;
use crate::ir::{Api, Composition, Field, Model, Object};

/// What one field contributes to its model's file, worked out once.
struct FieldTokens<'a> {
    field: &'a Field,
    wire: &'a str,
    rust: Ident,
    /// The field's Rust type, without the `Option` of an optional field.
    ty: TokenStream,
    /// What `new()` sets it to, when the spec implies a value.
    initial: Option<TokenStream>,
}

impl FieldTokens<'_> {
    /// A required field that `new()` does not preset is one of its arguments.
    fn is_argument(&self) -> bool {
        self.field.required && self.initial.is_none()
    }
}

/// The names an object's file uses for itself and its accumulator.
struct Names {
    name: Ident,
    accumulator: Ident,
    /// Whether the model decodes into itself (no separate accumulator struct):
    /// nothing required and nothing preset, so `Default` is derived and is what
    /// `new()` gives.
    own_accumulator: bool,
    /// For a union's subtype: its base struct, and what that struct needs.
    composed: Option<Composed>,
}

/// A union's subtype's member `base`.
struct Composed {
    composition: Composition,
    base: Ident,
    /// The accumulator of the base, as named from this file.
    base_accumulator: TokenStream,
    /// The arguments of the base's `new()`, which this `new()` takes and passes on.
    base_required: Vec<Field>,
    /// Common fields this subtype gives a default of its own, and that value.
    presets: Vec<(Field, TokenStream)>,
}

impl Composed {
    fn new(composition: &Composition, model: &Model, object: &Object, api: &Api) -> Self {
        let presets = object
            .base_presets
            .iter()
            .filter_map(|f| Some((f.clone(), initial_value(f, model, api)?)))
            .collect();
        let base_required = api
            .model(&composition.base)
            .map(|base| new_arguments(base, api).into_iter().cloned().collect())
            .unwrap_or_default();
        Composed {
            composition: composition.clone(),
            base: format_ident!("{}", composition.base),
            base_accumulator: super::model::fields_path(api, &composition.base),
            base_required,
            presets,
        }
    }
}

pub(crate) fn object_file(model: &Model, object: &Object, api: &Api) -> TokenStream {
    let mut imports = Imports::new();
    imports.add_all([
        Item::Deserializer,
        Item::SerializeMap,
        Item::ModelSupport,
        Item::Fields,
        Item::Step,
        Item::Object,
        Item::Encoder,
    ]);
    // `read`, used by every field.
    if !object.fields.is_empty() {
        imports.add(Item::FieldSlotMethods);
    }
    field_imports(&mut imports, &object.fields, &model.rust_name);
    let composed = object
        .base
        .as_ref()
        .map(|c| Composed::new(c, model, object, api));
    if let Some(composed) = &composed {
        imports.model("super", &composed.composition.base);
        imports.model("super", &composed.composition.common);
        field_imports(&mut imports, &composed.base_required, &model.rust_name);
    }
    let imports = imports.tokens();
    let own_accumulator = is_own_accumulator(model, api);
    let names = Names {
        name: format_ident!("{}", model.rust_name),
        accumulator: if own_accumulator {
            format_ident!("{}", model.rust_name)
        } else {
            format_ident!("{}", accumulator_name(api, &model.rust_name))
        },
        own_accumulator,
        composed,
    };
    let fields: Vec<FieldTokens<'_>> = object
        .fields
        .iter()
        .map(|field| FieldTokens {
            field,
            wire: field.wire_name.as_str(),
            rust: ident(&field.rust_name),
            ty: field_rust_type(field),
            initial: initial_value(field, model, api).map(|value| match field.nullable {
                true => quote!(crate::Nullable::Value(#value)),
                false => value,
            }),
        })
        .collect();
    let definition = definition(model, &names, &fields);
    let methods = methods(model, &names, &fields);
    let decoding = decoding(&names, &fields);
    let encoding = encoding(model, &names, &fields);
    let common = match (&names.composed, &object.base_of) {
        (Some(composed), _) => common_impl(&names.name, composed),
        (None, Some(composition)) => super::common::common_trait(composition, &object.fields, api),
        (None, None) => quote!(),
    };
    quote! {
        #imports

        #definition

        #methods

        #common

        #decoding

        #encoding
    }
}

/// `base()` and `base_mut()` of a union's subtype, which give it the rest of the trait.
fn common_impl(name: &Ident, composed: &Composed) -> TokenStream {
    let base = &composed.base;
    let common = format_ident!("{}", composed.composition.common);
    quote! {
        impl #common for #name {
            fn base(&self) -> &#base {
                &self.base
            }

            fn base_mut(&mut self) -> &mut #base {
                &mut self.base
            }
        }
    }
}

/// The struct, with `Default` derived when an empty value is a valid one.
fn definition(model: &Model, names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let Names { name, .. } = names;
    let doc = model_doc(model);
    let struct_fields = fields.iter().map(|f| {
        let FieldTokens { rust, ty, .. } = f;
        let doc = field_doc(f.field);
        if f.field.required {
            quote! { #doc pub #rust: #ty, }
        } else {
            quote! { #doc pub #rust: Option<#ty>, }
        }
    });
    let derive_default = if names.own_accumulator {
        quote!(Default,)
    } else {
        quote!()
    };
    let (base_member, unknown_member) = match &names.composed {
        Some(composed) => {
            let base = &composed.base;
            let text = format!(
                " The fields every [`{union}`](super::{union}) has, also read and set through [`{}`]; fields the spec does not describe are kept there too.",
                composed.composition.common,
                union = composed.composition.union,
            );
            (quote!(#[doc = #text] pub base: #base,), quote!())
        }
        None => (
            quote!(),
            quote! {
                /// Fields the spec does not describe, and fields Okta sent as `null`, each kept as its exact JSON text so that it is sent back unchanged.
                ///
                /// An entry named like a field of this struct is written only while that field is unset.
                pub additional_properties: crate::AdditionalProperties,
            },
        ),
    };
    quote! {
        #doc
        #[derive(Debug, Clone, #derive_default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #base_member
            #(#struct_fields)*
            #unknown_member
        }
    }
}

/// `new`, the setters, and a hand-written `Default` when `new()` presets a field.
fn methods(model: &Model, names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let Names { name, .. } = names;
    let required: Vec<&FieldTokens<'_>> = fields.iter().filter(|f| f.is_argument()).collect();
    let base_required = names
        .composed
        .as_ref()
        .map_or(&[][..], |c| &c.base_required);
    let new_args = base_required
        .iter()
        .chain(required.iter().map(|f| f.field))
        .map(|field| {
            let rust = ident(&field.rust_name);
            let ty = field_setter_type(field);
            quote!(#rust: #ty)
        });
    let new_doc = new_doc(model, names, fields);
    let many_args = if required.len() + base_required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let new_body = new_body(names, fields);
    let setters = fields.iter().map(|f| setter(f.field, Target::Own));
    // Without arguments, `new()` is the default, derived or not.
    let default_impl = if required.is_empty() && base_required.is_empty() && !names.own_accumulator
    {
        quote! {
            impl Default for #name {
                /// The same as [`Self::new`].
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        impl #name {
            #[doc = #new_doc]
            #many_args
            pub fn new(#(#new_args),*) -> Self {
                #new_body
            }

            #(#setters)*
        }

        #default_impl
    }
}

/// The body of `new()`: `Default` when that is the same, else every field.
fn new_body(names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let name = &names.name;
    if names.own_accumulator {
        return quote!(Self::default());
    }
    let new_fields = fields.iter().map(|f| {
        let rust = &f.rust;
        match (f.field.required, &f.initial) {
            (true, Some(value)) => quote!(#rust: #value,),
            (true, None) => {
                let value = field_setter_value(f.field, quote!(#rust));
                // A value taken as it is uses the field init shorthand.
                if *rust == value.to_string() {
                    quote!(#rust,)
                } else {
                    quote!(#rust: #value,)
                }
            }
            (false, Some(value)) => quote!(#rust: Some(#value),),
            (false, None) => quote!(#rust: None,),
        }
    });
    let (base, unknown) = match &names.composed {
        Some(composed) => {
            let base = &composed.base;
            let args = composed.base_required.iter().map(|f| ident(&f.rust_name));
            let presets = composed.presets.iter().map(|(f, value)| {
                let setter = format_ident!("with_{}", f.rust_name.trim_start_matches("r#"));
                quote!(.#setter(#value))
            });
            (quote!(base: #base::new(#(#args),*)#(#presets)*,), quote!())
        }
        None => (
            quote!(),
            quote!(additional_properties: crate::AdditionalProperties::new(),),
        ),
    };
    quote! {
        #name {
            #base
            #(#new_fields)*
            #unknown
        }
    }
}

/// What `new()` takes and what it presets, in words.
fn new_doc(model: &Model, names: &Names, fields: &[FieldTokens<'_>]) -> String {
    let quoted = |f: &FieldTokens<'_>| format!("`{}`", f.wire);
    let base_required = names.composed.iter().flat_map(|c| &c.base_required);
    let required: Vec<String> = base_required
        .map(|f| format!("`{}`", f.wire_name))
        .chain(fields.iter().filter(|f| f.is_argument()).map(quoted))
        .collect();
    let base_presets = names.composed.iter().flat_map(|c| &c.presets);
    let mut presets: Vec<String> = base_presets
        .map(|(f, _)| format!("`{}`", f.wire_name))
        .chain(fields.iter().filter(|f| f.initial.is_some()).map(quoted))
        .collect();
    let mut text = format!(" A new `{}`", model.rust_name);
    if !required.is_empty() {
        text.push_str(&format!(" with its required {}", required.join(", ")));
    }
    match presets.pop() {
        None if required.is_empty() => text.push_str(" with every field unset."),
        None => text.push_str("; every other field is unset."),
        Some(last) => {
            let list = match presets.len() {
                0 => last,
                _ => format!("{} and {last}", presets.join(", ")),
            };
            text.push_str(&format!(
                "; {list} set as the spec implies, every other field unset."
            ));
        }
    }
    text
}

/// Where a setter puts the value: in the struct's own field, or (a provided
/// method of a union's trait) in the common field of whatever holds the base.
#[derive(Clone, Copy)]
pub(super) enum Target {
    Own,
    Base,
}

/// `with_x(value)`, and `with_x_null()` for a nullable field.
pub(super) fn setter(field: &Field, target: Target) -> TokenStream {
    let setter = format_ident!("with_{}", field.rust_name.trim_start_matches("r#"));
    let ty = field_setter_type(field);
    // The link leads to the doc that says what the value means: the struct's
    // field, or in the union's trait the reader of the same name.
    let text = format!(
        " Sets [`{}`](Self::{}).",
        field.wire_name,
        field.rust_name.trim_start_matches("r#")
    );
    let wrap = |value: TokenStream| match field.required {
        true => value,
        false => quote!(Some(#value)),
    };
    // A provided method of the union's trait takes `self` by value only where `Self: Sized`.
    let (visibility, sized) = match target {
        Target::Own => (quote!(pub), quote!()),
        Target::Base => (quote!(), quote!(where Self: Sized)),
    };
    let set = setter_body(
        field,
        target,
        wrap(field_setter_value(field, quote!(value))),
    );
    let null_setter = field.nullable.then(|| {
        let null_setter = format_ident!("{setter}_null");
        let text = format!(
            " Sets `{}` to `null`, which clears it at Okta.",
            field.wire_name
        );
        let set_null = setter_body(field, target, wrap(quote!(crate::Nullable::Null)));
        quote! {
            #[doc = #text]
            #visibility fn #null_setter(mut self) -> Self #sized {
                #set_null
            }
        }
    });
    quote! {
        #[doc = #text]
        #visibility fn #setter(mut self, value: #ty) -> Self #sized {
            #set
        }

        #null_setter
    }
}

/// A setter's body: its own field set, or, in the union's trait, the field
/// of `base_mut()`.
fn setter_body(field: &Field, target: Target, value: TokenStream) -> TokenStream {
    let rust = ident(&field.rust_name);
    let slot = match target {
        Target::Own => quote!(self.#rust),
        Target::Base => quote!(self.base_mut().#rust),
    };
    quote! {
        #slot = #value;
        self
    }
}

/// The accumulator (one slot per field, unless the model is its own), its
/// `Fields` impl, and `Deserialize` through it.
fn decoding(names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let Names {
        name, accumulator, ..
    } = names;
    let read_field = read_field(names, fields);
    let (accumulator_struct, finish) = if names.own_accumulator {
        (
            quote!(),
            quote! {
                fn finish<E: serde::de::Error>(self) -> Result<#name, E> {
                    Ok(self)
                }
            },
        )
    } else {
        accumulator_struct(names, fields)
    };
    quote! {
        #accumulator_struct

        impl Fields for #accumulator {
            type Output = #name;

            fn field<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Step<'de, D> {
                #read_field
            }

            #finish
        }
    }
}

/// The body of `Fields::field`: a known key into its slot, any other into
/// the additional properties, or, for a union's subtype, to its base.
fn read_field(names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let composed = names.composed.is_some();
    let unknown = match composed {
        true => quote!(self.base.additional_properties),
        false => quote!(self.additional_properties),
    };
    let otherwise = match composed {
        true => quote!(self.base.field(key, value)),
        false => quote!(model_support::additional(extra, key, value)),
    };
    if fields.is_empty() {
        return match composed {
            true => otherwise,
            false => quote!(model_support::additional(&mut #unknown, key, value)),
        };
    }
    // A nullable field keeps its own `null`; another optional one keeps it aside.
    let keeps_null_aside = |f: &FieldTokens<'_>| !f.field.required && !f.field.nullable;
    let field_arms = fields.iter().map(|f| {
        let FieldTokens { wire, rust, .. } = f;
        if keeps_null_aside(f) {
            quote!(#wire => self.#rust.read(Some(extra), key, value),)
        } else {
            quote!(#wire => self.#rust.read(None, key, value),)
        }
    });
    let bind_extra = (!composed || fields.iter().any(keeps_null_aside))
        .then(|| quote!(let extra = &mut #unknown;));
    quote! {
        #bind_extra
        match key {
            #(#field_arms)*
            _ => #otherwise,
        }
    }
}

/// The separate accumulator of a model that is not its own, and `finish`.
fn accumulator_struct(names: &Names, fields: &[FieldTokens<'_>]) -> (TokenStream, TokenStream) {
    let Names {
        name, accumulator, ..
    } = names;
    let slots = fields.iter().map(|f| {
        let FieldTokens { rust, ty, .. } = f;
        quote!(pub(crate) #rust: Option<#ty>,)
    });
    let finish_fields = fields.iter().map(|f| {
        let FieldTokens { wire, rust, .. } = f;
        if f.field.required {
            quote!(#rust: self.#rust.ok_or_else(|| E::missing_field(#wire))?,)
        } else {
            quote!(#rust: self.#rust,)
        }
    });
    let (base_slot, base_finish, unknown_slot, unknown_finish) = match &names.composed {
        Some(composed) => {
            let base = &composed.base_accumulator;
            (
                quote!(pub(crate) base: #base,),
                quote!(base: self.base.finish()?,),
                quote!(),
                quote!(),
            )
        }
        None => (
            quote!(),
            quote!(),
            quote!(pub(crate) additional_properties: crate::AdditionalProperties,),
            quote!(additional_properties: self.additional_properties,),
        ),
    };
    (
        quote! {
            #[derive(Default)]
            pub(crate) struct #accumulator {
                #base_slot
                #(#slots)*
                #unknown_slot
            }
        },
        quote! {
            fn finish<E: serde::de::Error>(self) -> Result<#name, E> {
                Ok(#name {
                    #base_finish
                    #(#finish_fields)*
                    #unknown_finish
                })
            }
        },
    )
}

/// `Object` (the known fields in spec order, a subtype's base's first), and
/// through it `Serialize`, `Deserialize` and `with_additional_property`.
fn encoding(model: &Model, names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let Names {
        name, accumulator, ..
    } = names;
    let entries = fields.iter().map(entry);
    let expecting = format!("{} {} object", article(&model.spec_name), model.spec_name);
    let (base_entries, unknown) = match names.composed {
        Some(_) => (
            quote!(self.base.encode(map)?;),
            quote!(, base.additional_properties),
        ),
        None => (quote!(), quote!()),
    };
    // An object with no field of its own or of a base writes none.
    let map = match fields.is_empty() && names.composed.is_none() {
        true => format_ident!("_map"),
        false => format_ident!("map"),
    };
    quote! {
        impl Object for #name {
            type Fields = #accumulator;

            fn encode<M: SerializeMap>(&self, #map: &mut Encoder<M>) -> Result<(), M::Error> {
                #base_entries
                #(#entries)*
                Ok(())
            }
        }

        model_support::object_impls!(#name, #expecting #unknown);
    }
}

/// One field's entry; a read-only one is left out of request bodies.
fn entry(f: &FieldTokens<'_>) -> TokenStream {
    let FieldTokens { wire, rust, .. } = f;
    let method = match (f.field.required, f.field.read_only) {
        (true, false) => quote!(required),
        (true, true) => quote!(read_only_required),
        (false, false) => quote!(optional),
        (false, true) => quote!(read_only),
    };
    quote!(map.#method(#wire, &self.#rust)?;)
}
