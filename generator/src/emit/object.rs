//! The file of an object model: the struct, `new` and the setters, and its
//! one-pass `Deserialize` (through an accumulator) and `Serialize`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::imports::{Imports, Item};
use super::model::{
    accumulator_name, article, field_doc, field_imports, field_rust_type, field_setter_type,
    field_setter_value, initial_value, is_own_accumulator, model_doc,
};
use super::types::ident;
use crate::ir::{Api, Field, Model, Object};

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

/// The names an object's file uses for itself and its accumulator.
struct Names {
    name: Ident,
    accumulator: Ident,
    /// Whether the model decodes into itself (no separate accumulator struct).
    own_accumulator: bool,
}

pub(crate) fn object_file(model: &Model, object: &Object, api: &Api) -> TokenStream {
    let mut imports = Imports::new();
    imports.add_all([
        Item::SerializeMapMethods,
        Item::Deserialize,
        Item::Deserializer,
        Item::Serialize,
        Item::Serializer,
        Item::ModelSupport,
        Item::Fields,
    ]);
    // `read` and `optional_entry`, used by fields and optional fields.
    if !object.fields.is_empty() {
        imports.add(Item::FieldSlotMethods);
    }
    if object.fields.iter().any(|f| !f.required) {
        imports.add(Item::MapEntriesMethods);
    }
    field_imports(&mut imports, &object.fields, &model.rust_name);
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
    let decoding = decoding(model, &names, &fields);
    let encoding = encoding(&names, &fields);
    quote! {
        #imports

        #definition

        #methods

        #decoding

        #encoding
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
    let derive_default = if derives_default(fields) {
        quote!(Default,)
    } else {
        quote!()
    };
    quote! {
        #doc
        #[derive(Debug, Clone, #derive_default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#struct_fields)*
            /// Fields the spec does not describe, and fields Okta sent as `null`, each kept as its exact JSON text so that it is sent back unchanged.
            ///
            /// An entry named like a field of this struct is written only while that field is unset.
            pub additional_properties: crate::AdditionalProperties,
        }
    }
}

/// Nothing required and nothing preset: the empty value is `new()`'s.
fn derives_default(fields: &[FieldTokens<'_>]) -> bool {
    fields
        .iter()
        .all(|f| !f.field.required && f.initial.is_none())
}

/// `new`, the setters, `with_additional_property`, `shadows`, and a
/// hand-written `Default` when `new()` presets a field.
fn methods(model: &Model, names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let Names { name, .. } = names;
    let required: Vec<&FieldTokens<'_>> = fields.iter().filter(|f| f.field.required).collect();
    let new_args = required.iter().map(|f| {
        let rust = &f.rust;
        let ty = field_setter_type(f.field);
        quote!(#rust: #ty)
    });
    let new_fields = fields.iter().map(|f| {
        let rust = &f.rust;
        match (f.field.required, &f.initial) {
            (true, _) => {
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
    let new_doc = new_doc(model, fields);
    let many_args = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let setters = fields.iter().map(setter);
    let shadow_fn = shadows(fields);
    let has_presets = fields.iter().any(|f| f.initial.is_some());
    let default_impl = if required.is_empty() && has_presets {
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
                #name {
                    #(#new_fields)*
                    additional_properties: crate::AdditionalProperties::new(),
                }
            }

            #(#setters)*

            /// Sets an additional property, one the spec does not describe.
            #[must_use]
            pub fn with_additional_property(mut self, key: impl Into<String>, value: impl Into<crate::Json>) -> Self {
                self.additional_properties.insert(key.into(), value.into());
                self
            }

            #shadow_fn
        }

        #default_impl
    }
}

/// What `new()` takes and what it presets, in words.
fn new_doc(model: &Model, fields: &[FieldTokens<'_>]) -> String {
    let quoted = |f: &FieldTokens<'_>| format!("`{}`", f.wire);
    let required: Vec<String> = fields
        .iter()
        .filter(|f| f.field.required)
        .map(quoted)
        .collect();
    let mut presets: Vec<String> = fields
        .iter()
        .filter(|f| !f.field.required && f.initial.is_some())
        .map(quoted)
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

fn setter(f: &FieldTokens<'_>) -> TokenStream {
    let rust = &f.rust;
    let setter = format_ident!("with_{}", f.field.rust_name.trim_start_matches("r#"));
    let ty = field_setter_type(f.field);
    let text = format!(" Sets `{}`.", f.wire);
    let converted = field_setter_value(f.field, quote!(value));
    let value = if f.field.required {
        converted
    } else {
        quote!(Some(#converted))
    };
    let null_setter = f.field.nullable.then(|| {
        let null_setter = format_ident!("{setter}_null");
        let text = format!(" Sets `{}` to `null`, which clears it at Okta.", f.wire);
        let null = if f.field.required {
            quote!(crate::Nullable::Null)
        } else {
            quote!(Some(crate::Nullable::Null))
        };
        quote! {
            #[doc = #text]
            #[must_use]
            pub fn #null_setter(mut self) -> Self {
                self.#rust = #null;
                self
            }
        }
    });
    quote! {
        #[doc = #text]
        #[must_use]
        pub fn #setter(mut self, value: #ty) -> Self {
            self.#rust = #value;
            self
        }

        #null_setter
    }
}

/// `shadows(key)`: whether a set field takes precedence over an additional property.
fn shadows(fields: &[FieldTokens<'_>]) -> TokenStream {
    if fields.is_empty() {
        return quote!();
    }
    let always: Vec<&str> = fields
        .iter()
        .filter(|f| f.field.required)
        .map(|f| f.wire)
        .collect();
    let when_set: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !f.field.required)
        .map(|f| {
            let FieldTokens { wire, rust, .. } = f;
            quote!(#wire => self.#rust.is_some(),)
        })
        .collect();
    // A required field is always set.
    let body = if when_set.is_empty() {
        quote!(matches!(key, #(#always)|*))
    } else {
        let always = (!always.is_empty()).then(|| quote!(#(#always)|* => true,));
        quote! {
            match key {
                #always
                #(#when_set)*
                _ => false,
            }
        }
    };
    quote! {
        /// Whether `key` names a field that is set, and so takes precedence over an additional property.
        fn shadows(&self, key: &str) -> bool {
            #body
        }
    }
}

/// The accumulator (one slot per field, unless the model is its own), its
/// `Fields` impl, and `Deserialize` through it.
fn decoding(model: &Model, names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let Names {
        name, accumulator, ..
    } = names;
    let field_arms = fields.iter().map(|f| {
        let FieldTokens { wire, rust, .. } = f;
        // A nullable field keeps its own `null`; another optional one keeps it aside.
        if f.field.required || f.field.nullable {
            quote!(#wire => self.#rust.read(None, key, value),)
        } else {
            quote!(#wire => self.#rust.read(Some(extra), key, value),)
        }
    });
    let read_field = if fields.is_empty() {
        quote!(model_support::additional(
            &mut self.additional_properties,
            key,
            value
        ))
    } else {
        quote! {
            let extra = &mut self.additional_properties;
            match key {
                #(#field_arms)*
                _ => model_support::additional(extra, key, value),
            }
        }
    };
    let expecting = format!("{} {} object", article(&model.spec_name), model.spec_name);
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
        (
            quote! {
                #[derive(Default)]
                pub(crate) struct #accumulator {
                    #(#slots)*
                    pub(crate) additional_properties: crate::AdditionalProperties,
                }
            },
            quote! {
                fn finish<E: serde::de::Error>(self) -> Result<#name, E> {
                    Ok(#name {
                        #(#finish_fields)*
                        additional_properties: self.additional_properties,
                    })
                }
            },
        )
    };
    quote! {
        #accumulator_struct

        impl Fields for #accumulator {
            type Output = #name;

            fn field<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error> {
                #read_field
            }

            #finish
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                model_support::deserialize_object::<#accumulator, D>(deserializer, #expecting)
            }
        }
    }
}

/// `Serialize`: the known fields in spec order, then the others; an
/// additional property never repeats a field that is set.
fn encoding(names: &Names, fields: &[FieldTokens<'_>]) -> TokenStream {
    let name = &names.name;
    let entries = fields.iter().map(|f| {
        let FieldTokens { wire, rust, .. } = f;
        let entry = if f.field.required {
            quote!(map.serialize_entry(#wire, &self.#rust)?;)
        } else {
            quote!(map.optional_entry(#wire, &self.#rust)?;)
        };
        // Okta sets a read-only field itself: a request body leaves it out.
        if f.field.read_only {
            quote!(if !request_body { #entry })
        } else {
            entry
        }
    });
    let request_body = fields
        .iter()
        .any(|f| f.field.read_only)
        .then(|| quote!(let request_body = model_support::encoding_request_body();));
    let keep = if fields.is_empty() {
        quote!(|_: &&String| true)
    } else {
        quote!(|key: &&String| !self.shadows(key))
    };
    quote! {
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let keep = #keep;
                #request_body
                // JSON needs no length up front; counting would cost a pass over the fields.
                let mut map = serializer.serialize_map(None)?;
                #(#entries)*
                for (key, value) in &self.additional_properties {
                    if keep(&key) {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }
    }
}
