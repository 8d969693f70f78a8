//! One file per model: structs, open enums and discriminated unions.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, paragraphs, spec_text};
use super::types::{collect_models, ident, rust_type, uses_map};
use crate::ir::{Enum, Field, Model, ModelKind, Object, Type, Union};

pub(crate) fn model_file(model: &Model) -> TokenStream {
    match &model.kind {
        ModelKind::Object(object) => object_file(model, object),
        ModelKind::Enum(values) => enum_file(model, values),
        ModelKind::Union(union) => union_file(model, union),
    }
}

fn model_doc(model: &Model) -> TokenStream {
    let fallback = format!("The `{}` model.", model.spec_name);
    doc(&model
        .description
        .as_deref()
        .map(spec_text)
        .unwrap_or(fallback))
}

fn imports(models: BTreeSet<&str>, map: bool, own: &str) -> TokenStream {
    let models: Vec<_> = models
        .into_iter()
        .filter(|m| *m != own)
        .map(|m| format_ident!("{}", m))
        .collect();
    let models = match models.len() {
        0 => quote!(),
        _ => quote!(use super::{#(#models),*};),
    };
    let map = if map {
        quote!(
            use std::collections::BTreeMap;
        )
    } else {
        quote!()
    };
    quote! {
        #map
        use serde::{Deserialize, Serialize};
        #models
    }
}

fn field_doc(field: &Field) -> TokenStream {
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: set by Okta; ignored when sent.".to_owned());
    }
    if let Some(default) = &field.default {
        notes.push(format!("Default: `{default}`."));
    }
    if field.format.as_deref() == Some("password") {
        notes.push("A secret: handle with care.".to_owned());
    }
    if field.ty == Type::DateTime {
        notes.push("An RFC 3339 date-time.".to_owned());
    }
    let fallback = format!("The `{}` field.", field.wire_name);
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

fn object_file(model: &Model, object: &Object) -> TokenStream {
    let mut models = BTreeSet::new();
    let mut map = false;
    for field in &object.fields {
        collect_models(&field.ty, &mut models);
        map |= uses_map(&field.ty);
    }
    let imports = imports(models, map, &model.rust_name);
    let name = format_ident!("{}", model.rust_name);
    let doc = model_doc(model);
    let fields = object.fields.iter().map(|field| {
        let doc = field_doc(field);
        let rust = ident(&field.rust_name);
        let wire = &field.wire_name;
        let ty = rust_type(&field.ty);
        let rename = if field.rust_name.trim_start_matches("r#") != wire.as_str() {
            quote!(rename = #wire,)
        } else {
            quote!()
        };
        if field.required {
            quote! {
                #doc
                #[serde(#rename)]
                pub #rust: #ty,
            }
        } else {
            quote! {
                #doc
                #[serde(#rename default, skip_serializing_if = "Option::is_none")]
                pub #rust: Option<#ty>,
            }
        }
    });
    let derive_default = if object.fields.iter().any(|f| f.required) {
        quote!()
    } else {
        quote!(Default,)
    };
    quote! {
        #imports

        #doc
        #[derive(Debug, Clone, #derive_default PartialEq, Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
            /// Fields the spec does not describe, kept so that they are sent back unchanged.
            #[serde(flatten)]
            pub additional_properties: serde_json::Map<String, serde_json::Value>,
        }
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
    let expecting = format!("a {} string", model.spec_name);
    let fallback = format_ident!("{}", values.fallback);
    let open_doc = format!(" Open: a value this version of the crate does not know is kept in [`Self::{fallback}`] and sent back unchanged.");
    quote! {
        use std::fmt;
        use std::str::FromStr;

        use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
            /// A value the spec does not list.
            #fallback(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        impl FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl serde::de::Visitor<'_> for Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<#name, E> {
                        Ok(#name::from(value))
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    }
}

fn union_file(model: &Model, union: &Union) -> TokenStream {
    let name = format_ident!("{}", model.rust_name);
    let base = format_ident!("{}", union.base);
    let doc = model_doc(model);
    let property = &union.property;
    let variants: Vec<_> = union
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.variant))
        .collect();
    let models: Vec<_> = union
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.model))
        .collect();
    let variant_docs = union.variants.iter().map(|v| {
        let tags = v
            .tags
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        let text = format!(" `{property}` is {tags}.");
        quote!(#[doc = #text])
    });
    let arms = union.variants.iter().zip(&variants).map(|(v, variant)| {
        let tags = &v.tags;
        quote! { Some(#(#tags)|*) => serde_json::from_str(json).map(Self::#variant) }
    });
    let mut imported: Vec<_> = models.clone();
    imported.push(base.clone());
    imported.sort();
    imported.dedup();
    let other_doc =
        format!(" A `{property}` this version of the crate does not know, or none at all.");
    let variants_doc = format!(
        " Decoded by `{property}`: each known value selects its variant, and an unknown or missing `{property}` selects [`{name}::Other`], which keeps every field."
    );
    quote! {
        use serde::de::Error as _;
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        use super::{#(#imported),*};

        #doc
        ///
        #[doc = #variants_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants(#models),
            )*
            #[doc = #other_doc]
            Other(#base),
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(value) => value.serialize(serializer),)*
                    Self::Other(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[derive(Deserialize)]
                struct Tag<'a> {
                    #[serde(rename = #property, borrow, default)]
                    tag: Option<std::borrow::Cow<'a, str>>,
                }

                let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
                let json = raw.get();
                let tag: Tag<'_> = serde_json::from_str(json).map_err(D::Error::custom)?;
                match tag.tag.as_deref() {
                    #(#arms,)*
                    _ => serde_json::from_str(json).map(Self::Other),
                }
                .map_err(D::Error::custom)
            }
        }
    }
}
