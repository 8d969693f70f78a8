//! The file of a discriminated union: the enum, the common fields readable
//! and settable whatever the variant, the conversions to and from each
//! variant, and a one-pass `Deserialize` that selects the variant by its tag.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::imports::{Imports, Item};
use super::model::{
    article, field_imports, field_rust_type, field_setter_type, field_setter_value, fields_of,
    fields_path, model_doc,
};
use super::types::{ident, rust_type, Role};
use crate::ir::{Api, Field, Model, Type, Union};

/// What every part of a union's file needs, worked out once.
struct Parts<'a> {
    name: Ident,
    base: Ident,
    property: &'a str,
    /// Fields every variant has with the base's type: decoded straight into
    /// the base's accumulator whatever the tag, and readable on the union.
    common: Vec<&'a Field>,
    variants: Vec<Ident>,
    models: Vec<Ident>,
}

pub(crate) fn union_file(model: &Model, union: &Union, api: &Api) -> TokenStream {
    let base_fields = fields_of(api, &union.base);
    let common: Vec<&Field> = base_fields
        .iter()
        .filter(|f| {
            union.variants.iter().all(|v| {
                fields_of(api, &v.model).iter().any(|g| {
                    g.wire_name == f.wire_name
                        && g.rust_name == f.rust_name
                        && g.ty == f.ty
                        && g.required == f.required
                })
            })
        })
        .collect();
    let parts = Parts {
        name: format_ident!("{}", model.rust_name),
        base: format_ident!("{}", union.base),
        property: union.property.as_str(),
        common,
        variants: union
            .variants
            .iter()
            .map(|v| format_ident!("{}", v.variant))
            .collect(),
        models: union
            .variants
            .iter()
            .map(|v| format_ident!("{}", v.model))
            .collect(),
    };

    let mut imports = Imports::new();
    imports.add_all([
        Item::Cow,
        Item::Fmt,
        Item::DeErrorMethods,
        Item::MapAccess,
        Item::Visitor,
        Item::Deserialize,
        Item::Deserializer,
        Item::Serialize,
        Item::Serializer,
        Item::RawValue,
        Item::FieldSeed,
        Item::Fields,
        Item::Key,
    ]);
    for imported in parts.models.iter().chain([&parts.base]) {
        imports.model("super", &imported.to_string());
    }
    field_imports(&mut imports, parts.common.iter().copied(), &model.rust_name);
    let imports = imports.tokens();

    let definition = definition(model, union, &parts);
    let methods = methods(union, &parts);
    let conversions = conversions(union, &parts);
    let decoding = decoding(model, union, api, &parts);
    quote! {
        #imports

        #definition

        #methods

        #conversions

        #decoding
    }
}

/// The enum, and the macro that runs one expression on whatever variant it holds.
fn definition(model: &Model, union: &Union, parts: &Parts<'_>) -> TokenStream {
    let Parts {
        name,
        base,
        property,
        variants,
        models,
        ..
    } = parts;
    let doc = model_doc(model);
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
    let other_doc =
        format!(" A `{property}` this version of the crate does not know, or none at all.");
    let variants_doc = format!(
        " Decoded by `{property}`: each known value selects its variant, and an unknown or missing `{property}` selects [`{name}::Other`], which keeps every field."
    );
    quote! {
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

        /// Evaluates `$body` with `$value` bound to the variant's struct, whatever the variant.
        macro_rules! each_variant {
            ($union:expr, $value:ident => $body:expr) => {
                match $union {
                    #(#name::#variants($value) => $body,)*
                    #name::Other($value) => $body,
                }
            };
        }
    }
}

/// The common fields' accessors, the additional properties, `as_*` and `into_*`.
fn methods(union: &Union, parts: &Parts<'_>) -> TokenStream {
    let Parts {
        name,
        variants,
        models,
        ..
    } = parts;
    let accessors = parts.common.iter().map(|f| accessor(f));
    let (as_methods, into_methods): (Vec<_>, Vec<_>) = union
        .variants
        .iter()
        .zip(variants.iter().zip(models))
        .map(|(v, (variant, model))| variant_methods(&v.variant, variant, model))
        .unzip();
    quote! {
        impl #name {
            #(#accessors)*

            /// Fields the spec does not describe, whatever the variant.
            pub fn additional_properties(&self) -> &crate::AdditionalProperties {
                each_variant!(self, value => &value.additional_properties)
            }

            /// Fields the spec does not describe, whatever the variant, to change in place.
            pub fn additional_properties_mut(&mut self) -> &mut crate::AdditionalProperties {
                each_variant!(self, value => &mut value.additional_properties)
            }

            #(#as_methods)*
        }

        #[allow(
            clippy::result_large_err,
            reason = "the error gives the value back whole, as large as it is, rather than lose it"
        )]
        impl #name {
            #(#into_methods)*
        }
    }
}

/// `x()`, `x_mut()` and `with_x()` for one common field, whatever the variant.
fn accessor(f: &Field) -> TokenStream {
    let rust = ident(&f.rust_name);
    let bare = f.rust_name.trim_start_matches("r#");
    let text = format!(" `{}`, whatever the variant.", f.wire_name);
    let mut_text = format!(
        " `{}`, whatever the variant, to change in place.",
        f.wire_name
    );
    let with_text = format!(" Sets `{}`, whatever the variant.", f.wire_name);
    let rust_mut = format_ident!("{}_mut", bare);
    let with = format_ident!("with_{}", bare);
    let (ty, get) = match (&f.ty, f.required) {
        _ if f.nullable => {
            let ty = field_rust_type(f);
            match f.required {
                false => (quote!(Option<&#ty>), quote!(value.#rust.as_ref())),
                true => (quote!(&#ty), quote!(&value.#rust)),
            }
        }
        (Type::String, false) => (quote!(Option<&str>), quote!(value.#rust.as_deref())),
        (Type::String, true) => (quote!(&str), quote!(value.#rust.as_str())),
        (Type::List(item), false) => {
            let item = rust_type(item, Role::Field);
            (quote!(Option<&[#item]>), quote!(value.#rust.as_deref()))
        }
        (ty, false) => {
            let ty = rust_type(ty, Role::Field);
            (quote!(Option<&#ty>), quote!(value.#rust.as_ref()))
        }
        (ty, true) => {
            let ty = rust_type(ty, Role::Field);
            (quote!(&#ty), quote!(&value.#rust))
        }
    };
    let owned = field_rust_type(f);
    let owned = if f.required {
        owned
    } else {
        quote!(Option<#owned>)
    };
    let arg = field_setter_type(f);
    let converted = field_setter_value(f, quote!(value));
    let set = if f.required {
        converted
    } else {
        quote!(Some(#converted))
    };
    quote! {
        #[doc = #text]
        pub fn #rust(&self) -> #ty {
            each_variant!(self, value => #get)
        }

        #[doc = #mut_text]
        pub fn #rust_mut(&mut self) -> &mut #owned {
            each_variant!(self, value => &mut value.#rust)
        }

        #[doc = #with_text]
        #[must_use]
        pub fn #with(mut self, value: #arg) -> Self {
            *self.#rust_mut() = #set;
            self
        }
    }
}

/// `as_<variant>()` and `into_<variant>()`.
fn variant_methods(
    spec_variant: &str,
    variant: &Ident,
    model: &Ident,
) -> (TokenStream, TokenStream) {
    let snake = crate::naming::field_name(spec_variant);
    let snake = snake.trim_start_matches("r#");
    let as_fn = format_ident!("as_{}", snake);
    let into_fn = format_ident!("into_{}", snake);
    let as_doc = format!(" The [`{model}`], if this is one.");
    let into_doc =
        format!(" Takes the [`{model}`], or gives `self` back if this is another variant.");
    let as_method = quote! {
        #[doc = #as_doc]
        pub fn #as_fn(&self) -> Option<&#model> {
            match self {
                Self::#variant(value) => Some(value),
                _ => None,
            }
        }
    };
    let into_method = quote! {
        #[doc = #into_doc]
        pub fn #into_fn(self) -> Result<#model, Self> {
            match self {
                Self::#variant(value) => Ok(value),
                other => Err(other),
            }
        }
    };
    (as_method, into_method)
}

/// `From` each variant and the base, `TryFrom` back, and `Serialize`.
fn conversions(union: &Union, parts: &Parts<'_>) -> TokenStream {
    let Parts {
        name,
        base,
        variants,
        models,
        ..
    } = parts;
    let try_from_impls = union.variants.iter().zip(models).map(|(v, model)| {
        let snake = crate::naming::field_name(&v.variant);
        let into_fn = format_ident!("into_{}", snake.trim_start_matches("r#"));
        let doc = format!(" See [`{name}::{into_fn}`]: the error gives the value back.");
        quote! {
            impl TryFrom<#name> for #model {
                type Error = #name;

                #[doc = #doc]
                fn try_from(value: #name) -> Result<Self, #name> {
                    value.#into_fn()
                }
            }
        }
    });
    let from_impls = variants.iter().zip(models).map(|(variant, model)| {
        quote! {
            impl From<#model> for #name {
                fn from(value: #model) -> Self {
                    Self::#variant(value)
                }
            }
        }
    });
    quote! {
        #(#from_impls)*

        #(#try_from_impls)*

        impl From<#base> for #name {
            fn from(value: #base) -> Self {
                Self::Other(value)
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                each_variant!(self, value => value.serialize(serializer))
            }
        }
    }
}

/// `Selected`, `select`, `Deserialize` and the visitor: one pass, where only
/// variant fields that come before the tag wait, as raw JSON.
fn decoding(model: &Model, union: &Union, api: &Api, parts: &Parts<'_>) -> TokenStream {
    let Parts {
        name,
        property,
        variants,
        ..
    } = parts;
    let base_fields_ty = fields_path(api, &union.base);
    let accumulators: Vec<_> = union
        .variants
        .iter()
        .map(|v| fields_path(api, &v.model))
        .collect();
    let select_arms = union.variants.iter().zip(variants).map(|(v, variant)| {
        let tags = &v.tags;
        quote! { Some(#(#tags)|*) => Selected::#variant(Default::default()), }
    });
    let common_wire: Vec<_> = parts.common.iter().map(|f| f.wire_name.as_str()).collect();
    let variant_arm = variant_arm(union, api, parts, &common_wire);
    let common_rust: Vec<_> = parts.common.iter().map(|f| ident(&f.rust_name)).collect();
    let moves = quote!(#(fields.#common_rust = base.#common_rust;)*);
    let tag_field = parts
        .common
        .iter()
        .find(|f| f.wire_name == *property && matches!(f.ty, Type::String | Type::Model(_)))
        .map(|f| ident(&f.rust_name));
    let (select_now, tag_of) = match &tag_field {
        Some(field) => (
            quote! {
                if key == #property && selected.is_none() {
                    selected = Some(select(base.#field.as_ref().map(|tag| tag.as_str())));
                }
            },
            quote!(base.#field.as_ref().map(|tag| tag.as_str())),
        ),
        // Not reachable for a validated spec; every value then decodes as `Other`.
        None => (quote!(), quote!(None)),
    };
    let expecting = format!("{} {} object", article(&model.spec_name), model.spec_name);
    quote! {
        /// The variant a tag selects, with its accumulator.
        enum Selected {
            #(#variants(#accumulators),)*
            Other,
        }

        fn select(tag: Option<&str>) -> Selected {
            match tag {
                #(#select_arms)*
                _ => Selected::Other,
            }
        }

        impl<'de> Deserialize<'de> for #name {
            /// One pass: the common fields and the fields no variant knows go to the
            /// base's accumulator, the variants' own fields to the selected variant's;
            /// only variant fields that come before the tag wait, as raw JSON.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(UnionVisitor)
            }
        }

        struct UnionVisitor;

        impl<'de> Visitor<'de> for UnionVisitor {
            type Value = #name;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(#expecting)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                let mut base = #base_fields_ty::default();
                let mut selected: Option<Selected> = None;
                let mut pending: Vec<(Cow<'de, str>, Box<RawValue>)> = Vec::new();
                while let Some(Key(key)) = map.next_key()? {
                    match &*key {
                        #(#common_wire)|* => {
                            map.next_value_seed(FieldSeed::new(&mut base, &key))?;
                            #select_now
                        }
                        #variant_arm
                        _ => map.next_value_seed(FieldSeed::new(&mut base, &key))?,
                    }
                }
                let selected = match selected {
                    Some(selected) => selected,
                    None => select(#tag_of),
                };
                match selected {
                    #(
                        Selected::#variants(mut fields) => {
                            for (key, value) in pending {
                                fields.field(&key, &mut serde_json::Deserializer::from_str(value.get())).map_err(|e| A::Error::custom(format_args!("{key}: {e}")))?;
                            }
                            #moves
                            crate::model_support::merge_additional::<A::Error>(&mut fields.additional_properties, base.additional_properties)?;
                            fields.finish().map(#name::#variants)
                        }
                    )*
                    Selected::Other => {
                        for (key, value) in pending {
                            base.field(&key, &mut serde_json::Deserializer::from_str(value.get())).map_err(|e| A::Error::custom(format_args!("{key}: {e}")))?;
                        }
                        base.finish().map(#name::Other)
                    }
                }
            }
        }
    }
}

/// The match arm for keys some variant names that are not common: they go
/// to the selected variant, and wait (as raw JSON) until the tag is known.
/// Every other key is one no variant knows: it goes to the base's additional
/// properties at once, whatever the tag, and so never waits.
fn variant_arm(union: &Union, api: &Api, parts: &Parts<'_>, common_wire: &[&str]) -> TokenStream {
    let variants = &parts.variants;
    let variant_wire: Vec<&str> = union
        .variants
        .iter()
        .flat_map(|v| fields_of(api, &v.model))
        .map(|f| f.wire_name.as_str())
        .filter(|wire| !common_wire.contains(wire))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if variant_wire.is_empty() {
        return quote!();
    }
    quote! {
        #(#variant_wire)|* => match &mut selected {
            #(Some(Selected::#variants(fields)) => map.next_value_seed(FieldSeed::new(fields, &key))?,)*
            Some(Selected::Other) => map.next_value_seed(FieldSeed::new(&mut base, &key))?,
            None => {
                let value = map.next_value()?;
                pending.push((key, value));
            }
        },
    }
}
