//! The file of an object model: the struct, `new` and the setters, and its
//! one-pass `Deserialize` (through an accumulator) and `Serialize`.
//!
//! A union's subtype holds the common fields in a member `base` and hands
//! what it does not know to it, decoding and encoding alike; the base's file
//! also defines the trait that reads and sets those fields (`common.rs`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::fields::{
    accumulator_name, article, field_doc, field_imports, field_rust_type, field_setter_type,
    field_setter_value, initial_value, is_own_accumulator, model_doc, new_arguments, setter_row,
};
use super::imports::{Imports, Item};
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
    /// Wire names of the optional common fields this subtype redeclares as its own.
    refined: Vec<String>,
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
            base_accumulator: super::fields::fields_path(api, &composition.base),
            base_required,
            presets,
            refined: object.refined.clone(),
        }
    }
}

pub(crate) fn object_file(model: &Model, object: &Object, api: &Api) -> TokenStream {
    let mut imports = Imports::new();
    imports.add(Item::ModelSupport);
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
    let decoding_and_encoding = decoding_and_encoding(model, &names, &fields);
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

        #decoding_and_encoding
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
    let setter_rows: Vec<TokenStream> = fields.iter().map(|f| setter_row(f.field)).collect();
    let setters = (!setter_rows.is_empty()).then(|| {
        quote! {
            model_support::setters! {
                #(#setter_rows)*
            }
        }
    });
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

            #setters
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

/// `model_support::object!`, which writes the `Fields` impl of the
/// accumulator, `Object` and through it `Serialize`, `Deserialize` and
/// `with_additional_property`, from one row per field in spec order; and the
/// separate accumulator struct of a model that does not decode into itself.
fn decoding_and_encoding(model: &Model, names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let Names {
        name, accumulator, ..
    } = names;
    let expecting = format!("{} {} object", article(&model.spec_name), model.spec_name);
    let (accumulator_struct, from) = match names.own_accumulator {
        true => (quote!(), quote!()),
        false => (
            accumulator_struct(names, fields),
            quote!(, from #accumulator),
        ),
    };
    let base = names.composed.as_ref().map(|composed| {
        let refined = &composed.refined;
        // Common fields this subtype redeclares: its own field is written, the base's never.
        let refining = (!refined.is_empty()).then(|| quote!(refining [#(#refined),*]));
        quote!(, common in base #refining)
    });
    let rows = fields.iter().map(object_row);
    quote! {
        #accumulator_struct

        model_support::object! {
            #name, #expecting #from #base;
            #(#rows)*
        }
    }
}

/// `"wireName" field: method[, nullable];`, the `Encoder` method writing the
/// field (a read-only one is left out of request bodies); a nullable field
/// keeps its own `null`, where another optional one keeps it aside.
fn object_row(f: &FieldTokens<'_>) -> TokenStream {
    let FieldTokens { wire, rust, .. } = f;
    let method = match (f.field.required, f.field.read_only) {
        (true, false) => quote!(required),
        (true, true) => quote!(read_only_required),
        (false, false) => quote!(optional),
        (false, true) => quote!(read_only),
    };
    let nullable = f.field.nullable.then(|| quote!(, nullable));
    quote!(#wire #rust: #method #nullable;)
}

/// The separate accumulator of a model that is not its own: a slot for each
/// field, and the base's accumulator or the additional properties.
fn accumulator_struct(names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let accumulator = &names.accumulator;
    let slots = fields.iter().map(|f| {
        let FieldTokens { rust, ty, .. } = f;
        quote!(pub(crate) #rust: Option<#ty>,)
    });
    let (base_slot, unknown_slot) = match &names.composed {
        Some(composed) => {
            let base = &composed.base_accumulator;
            (quote!(pub(crate) base: #base,), quote!())
        }
        None => (
            quote!(),
            quote!(pub(crate) additional_properties: crate::AdditionalProperties,),
        ),
    };
    quote! {
        #[derive(Default)]
        pub(crate) struct #accumulator {
            #base_slot
            #(#slots)*
            #unknown_slot
        }
    }
}
