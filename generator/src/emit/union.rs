//! The file of a discriminated union: the enum, its common fields through
//! the base's trait, the tag, the conversions to and from each variant, and
//! a one-pass `Deserialize` that selects the variant by its tag.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::fields::{article, field_imports, field_rust_type, fields_of, fields_path, model_doc};
use super::imports::{Imports, Item};
use super::types::ident;
use crate::ir::{Api, Field, Model, Type, Union};

/// What every part of a union's file needs, worked out once.
struct Parts<'a> {
    name: Ident,
    base: Ident,
    common: Ident,
    other: Ident,
    property: &'a str,
    variants: Vec<Ident>,
    models: Vec<Ident>,
    /// The keys some variant names besides the tag: before the tag they wait.
    variant_keys: Vec<&'a str>,
}

pub(crate) fn union_file<'a>(model: &Model, union: &'a Union, api: &'a Api) -> TokenStream {
    let parts = Parts {
        name: format_ident!("{}", model.rust_name),
        base: format_ident!("{}", union.base),
        common: format_ident!("{}", union.common),
        other: format_ident!("{}", union.other),
        property: union.property.as_str(),
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
        variant_keys: variant_keys(union, api),
    };

    let mut imports = Imports::new();
    imports.add_all([
        Item::Fmt,
        Item::MapAccess,
        Item::Visitor,
        Item::Deserialize,
        Item::Deserializer,
        Item::Serialize,
        Item::Serializer,
        Item::ModelSupport,
        Item::FieldSeed,
        Item::Fields,
        Item::Step,
        Item::Key,
    ]);
    // What waiting fields take: the raw JSON, and the error naming their key.
    if !parts.variant_keys.is_empty() || union.has_standalone() {
        imports.add_all([Item::Cow, Item::RawValue, Item::DeErrorMethods]);
    }
    for imported in parts
        .models
        .iter()
        .chain([&parts.base, &parts.other])
        .chain((!union.has_standalone()).then_some(&parts.common))
    {
        imports.model("super", &imported.to_string());
    }
    field_imports(&mut imports, [&union.discriminator], &model.rust_name);
    let imports = imports.tokens();

    let definition = definition(model, union, &parts);
    let methods = methods(union, &parts);
    let conversions = conversions(model, &parts);
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
        common,
        other,
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
    let shared = if union.has_standalone() {
        format!(
            " A variant whose model extends `{}` holds the common fields in its member `base`, also read and set through [`{common}`](super::{common}); a variant whose model does not is that model as it is, and `base()` answers `None` for it.",
            model.spec_name
        )
    } else {
        format!(" The fields every variant has are read and set through [`{common}`], whatever the variant.")
    };
    let variants_doc = format!(
        " Decoded by `{property}`: each known value selects its variant, and an unknown or missing `{property}` selects [`{name}::Other`], which keeps every field.{shared}"
    );
    quote! {
        #doc
        ///
        #[doc = #variants_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(
            clippy::large_enum_variant,
            reason = "each variant is a model held as it is; boxing the larger ones would cost an allocation per decoded value and a `Box` in every match"
        )]
        pub enum #name {
            #(
                #variant_docs
                #variants(#models),
            )*
            #[doc = #other_doc]
            Other(#other),
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

/// The tag, `as_*` and `into_*`, and the common fields' trait.
fn methods(union: &Union, parts: &Parts<'_>) -> TokenStream {
    let Parts {
        name,
        variants,
        models,
        ..
    } = parts;
    let rows = union
        .variants
        .iter()
        .zip(variants.iter().zip(models))
        .map(|(v, (variant, model))| variant_row(&v.variant, variant, model));
    let tag = tag_method(union, parts);
    let common = common_fields(union, parts);
    quote! {
        impl #name {
            #tag
        }

        model_support::variants! {
            #name;
            #(#rows)*
        }

        #common
    }
}

/// The tag's reader: the tag as decoded, or, when a standalone variant holds the
/// tag in a field of its own type, the tag as text.
fn tag_method(union: &Union, parts: &Parts<'_>) -> TokenStream {
    let Parts {
        property, variants, ..
    } = parts;
    let tag = ident(&union.discriminator.rust_name);
    if !union.has_standalone() {
        let tag_ty = field_rust_type(&union.discriminator);
        let tag_doc = format!(
            " `{property}`: every known variant has it; only [`Self::Other`] may come without one."
        );
        return quote! {
            #[doc = #tag_doc]
            pub fn #tag(&self) -> Option<&#tag_ty> {
                match self {
                    #(Self::#variants(value) => Some(&value.#tag),)*
                    Self::Other(value) => value.#tag.as_ref(),
                }
            }
        };
    }
    let tag_doc = format!(
        " `{property}` as sent on the wire: a variant whose model does not extend the union holds it in a field of that model's own type. `None` for a value without one."
    );
    let as_text = |field: &Field, value: TokenStream| {
        let rust = ident(&field.rust_name);
        match (field.required, &field.ty) {
            (true, _) => quote!(Some(#value.#rust.as_str())),
            (false, Type::String) => quote!(#value.#rust.as_deref()),
            (false, _) => quote!(#value.#rust.as_ref().map(|tag| tag.as_str())),
        }
    };
    // A subtype's tag is required; the fallback's is not.
    let mut subtype_tag = union.discriminator.clone();
    subtype_tag.required = true;
    let arms = union
        .variants
        .iter()
        .zip(variants.iter())
        .map(|(v, variant)| {
            let read = match &v.standalone {
                Some(field) => as_text(field, quote!(value)),
                None => as_text(&subtype_tag, quote!(value)),
            };
            quote!(Self::#variant(value) => #read,)
        });
    let mut other_tag = union.discriminator.clone();
    other_tag.required = false;
    let other = as_text(&other_tag, quote!(value));
    quote! {
        #[doc = #tag_doc]
        pub fn #tag(&self) -> Option<&str> {
            match self {
                #(#arms)*
                Self::Other(value) => #other,
            }
        }
    }
}

/// The common fields' trait on the union, or, when a standalone variant holds no
/// `base`, `base()` and `base_mut()` that answer `None` for it.
fn common_fields(union: &Union, parts: &Parts<'_>) -> TokenStream {
    let Parts {
        name,
        base,
        common,
        variants,
        ..
    } = parts;
    if !union.has_standalone() {
        return quote! {
            impl #common for #name {
                fn base(&self) -> &#base {
                    each_variant!(self, value => &value.base)
                }

                fn base_mut(&mut self) -> &mut #base {
                    each_variant!(self, value => &mut value.base)
                }
            }
        };
    }
    let (with_base, without): (Vec<_>, Vec<_>) = union
        .variants
        .iter()
        .zip(variants.iter())
        .partition(|(v, _)| v.standalone.is_none());
    let with_base: Vec<&Ident> = with_base.into_iter().map(|(_, v)| v).collect();
    let without: Vec<&Ident> = without.into_iter().map(|(_, v)| v).collect();
    let doc = format!(
        " The common fields, which [`{common}`](super::{common}) reads and sets on the variants that hold them; `None` for a variant whose model does not extend the union."
    );
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn base(&self) -> Option<&#base> {
                match self {
                    #(Self::#with_base(value) => Some(&value.base),)*
                    Self::Other(value) => Some(&value.base),
                    #(Self::#without(_))|* => None,
                }
            }

            /// The common fields, to change in place; `None` as for [`Self::base`].
            pub fn base_mut(&mut self) -> Option<&mut #base> {
                match self {
                    #(Self::#with_base(value) => Some(&mut value.base),)*
                    Self::Other(value) => Some(&mut value.base),
                    #(Self::#without(_))|* => None,
                }
            }
        }
    }
}

/// `Variant(Model) => as_variant, into_variant;`, a row of
/// `model_support::variants!`.
fn variant_row(spec_variant: &str, variant: &Ident, model: &Ident) -> TokenStream {
    let snake = crate::naming::field_name(spec_variant);
    let snake = snake.trim_start_matches("r#");
    let as_fn = format_ident!("as_{}", snake);
    let into_fn = format_ident!("into_{}", snake);
    quote!(#variant(#model) => #as_fn, #into_fn;)
}

/// `From` the fallback's struct (the variants' come from `variants!`), `Serialize`,
/// and the walk that lists what did not fit, through whichever variant it is.
fn conversions(model: &Model, parts: &Parts<'_>) -> TokenStream {
    let Parts { name, other, .. } = parts;
    let expecting = format!("{} {} object", article(&model.spec_name), model.spec_name);
    quote! {
        impl crate::conform::Walk for #name {
            fn expected() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(#expecting)
            }

            fn walk(&self, walker: &mut crate::conform::Walker) {
                each_variant!(self, value => crate::conform::Walk::walk(value, walker))
            }
        }

        impl From<#other> for #name {
            fn from(value: #other) -> Self {
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

/// `Selected`, `Deserialize` and the visitor: one pass, where only variant
/// fields that come before the tag wait, as raw JSON (every field, when a
/// standalone variant, which holds no `base`, may be selected).
fn decoding(model: &Model, union: &Union, api: &Api, parts: &Parts<'_>) -> TokenStream {
    let selection = selection(union, api, parts);
    let visitor = visitor(model, union, api, parts);
    quote! {
        #selection

        #visitor
    }
}

/// `Selected`: the variant a tag selects, with its accumulator, fed like one.
fn selection(union: &Union, api: &Api, parts: &Parts<'_>) -> TokenStream {
    let Parts { name, variants, .. } = parts;
    let base_accumulator = fields_path(api, &union.base);
    let accumulators: Vec<_> = union
        .variants
        .iter()
        .map(|v| fields_path(api, &v.model))
        .collect();
    let other_accumulator = fields_path(api, &union.other);
    let tag = ident(&union.discriminator.rust_name);
    let tag_ty = field_rust_type(&union.discriminator);
    // The tag as text: a plain string's through `as_deref`, an enum's through `as_str`.
    let tag_text = match union.discriminator.ty {
        Type::String => quote!(tag.as_deref()),
        _ => quote!(tag.as_ref().map(|tag| tag.as_str())),
    };
    // The rest of an accumulator starts empty, if it has a rest.
    let rest =
        |model: &str| (fields_of(api, model).len() > 1).then(|| quote!(..Default::default()));
    let select_arms = union.variants.iter().zip(variants).zip(&accumulators).map(
        |((v, variant), accumulator)| {
            let tags = &v.tags;
            if v.standalone.is_some() {
                // The model as it is: the tag is replayed into it like any field.
                return quote!(Some(#(#tags)|*) => Selected::#variant(#accumulator::default()),);
            }
            let rest = rest(&v.model);
            quote! {
                Some(#(#tags)|*) => Selected::#variant(#accumulator { base, #tag: tag, #rest }),
            }
        },
    );
    let other_rest = rest(&union.other);
    let standalone: Vec<&Ident> = union
        .variants
        .iter()
        .zip(variants)
        .filter(|(v, _)| v.standalone.is_some())
        .map(|(_, variant)| variant)
        .collect();
    let holds_tag = (!standalone.is_empty()).then(|| {
        quote! {
            /// Whether the variant is a model that does not extend the union, which
            /// reads the tag as one of its own fields.
            fn holds_tag(&self) -> bool {
                matches!(self, #(Selected::#standalone(_))|*)
            }
        }
    });
    quote! {
        /// The variant a tag selects, with its accumulator.
        #[allow(
            clippy::large_enum_variant,
            reason = "one lives on the stack while an object is decoded"
        )]
        enum Selected {
            #(#variants(#accumulators),)*
            Other(#other_accumulator),
        }

        impl Selected {
            /// The accumulator of the variant `tag` selects, holding the common fields decoded before it.
            fn new(tag: Option<#tag_ty>, base: #base_accumulator) -> Selected {
                match #tag_text {
                    #(#select_arms)*
                    _ => Selected::Other(#other_accumulator { base, #tag: tag, #other_rest }),
                }
            }

            #holds_tag
        }

        impl Fields for Selected {
            type Output = #name;

            fn field<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Step<'de, D> {
                match self {
                    #(Selected::#variants(fields) => fields.field(key, value),)*
                    Selected::Other(fields) => fields.field(key, value),
                }
            }

            fn finish<E: serde::de::Error>(self) -> Result<#name, E> {
                match self {
                    #(Selected::#variants(fields) => fields.finish().map(#name::#variants),)*
                    Selected::Other(fields) => fields.finish().map(#name::Other),
                }
            }
        }
    }
}

/// `Deserialize` and the visitor that reads up to the tag, then hands the rest to
/// the selected variant.
fn visitor(model: &Model, union: &Union, api: &Api, parts: &Parts<'_>) -> TokenStream {
    let Parts { name, property, .. } = parts;
    let base_accumulator = fields_path(api, &union.base);
    let tag_ty = field_rust_type(&union.discriminator);
    let variant_keys = &parts.variant_keys;
    let all_wait = union.has_standalone();
    // Without variant fields, nothing waits for the tag.
    let waits = all_wait || !variant_keys.is_empty();
    let pending =
        waits.then(|| quote!(let mut pending: Vec<(Cow<'de, str>, Box<RawValue>)> = Vec::new();));
    let (tag_arm, other_arms) = if all_wait {
        // A standalone variant holds no `base`: every entry waits, and the tag too
        // when that variant takes it as a field of its own.
        let tag_arm = quote! {
            #property => {
                let raw: Box<RawValue> = map.next_value()?;
                let tag: Option<#tag_ty> = serde_json::from_str(raw.get())
                    .map_err(|e| A::Error::custom(format_args!("{key}: {e}")))?;
                if tag.is_none() {
                    // A `null` tag is kept as it came, by the fallback.
                    base.additional_properties.insert(key.to_string(), crate::Json::null());
                }
                let selected = Selected::new(tag, base);
                if selected.holds_tag() {
                    pending.push((key, raw));
                }
                break (selected, true);
            }
        };
        (
            tag_arm,
            quote!(_ => pending.push((key, map.next_value()?)),),
        )
    } else {
        let tag_arm = quote! {
            #property => {
                let tag: Option<#tag_ty> = map.next_value()?;
                if tag.is_none() {
                    // A `null` tag is kept as it came, by the fallback.
                    base.additional_properties.insert(key.into_owned(), crate::Json::null());
                }
                break (Selected::new(tag, base), true);
            }
        };
        let pending_arm =
            waits.then(|| quote!(#(#variant_keys)|* => pending.push((key, map.next_value()?)),));
        let arms = quote! {
            #pending_arm
            _ => map.next_value_seed(FieldSeed::new(&mut base, &key))?,
        };
        (tag_arm, arms)
    };
    let replay = waits.then(|| {
        quote! {
            // From bytes, like the body around it: the decoders it needs are already there.
            for (key, value) in pending {
                selected
                    .field(&key, &mut serde_json::Deserializer::from_slice(value.get().as_bytes()))
                    .map_err(|e| A::Error::custom(format_args!("{key}: {e}")))?;
            }
        }
    });
    let expecting = format!("{} {} object", article(&model.spec_name), model.spec_name);
    quote! {
        impl<'de> Deserialize<'de> for #name {
            /// One pass: the common fields go to the base's accumulator until the
            /// tag selects a variant, which takes it and every field after; only
            /// variant fields that come before the tag wait, as raw JSON.
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
                let mut base = #base_accumulator::default();
                #pending
                let (mut selected, more) = loop {
                    let Some(Key(key)) = map.next_key()? else {
                        break (Selected::new(None, base), false);
                    };
                    match &*key {
                        #tag_arm
                        #other_arms
                    }
                };
                #replay
                if more {
                    while let Some(Key(key)) = map.next_key()? {
                        map.next_value_seed(FieldSeed::new(&mut selected, &key))?;
                    }
                }
                selected.finish()
            }
        }
    }
}

/// The keys some variant names besides the tag: before the tag they wait.
/// Every other key is common, or one no variant knows, and goes to the base
/// at once whatever the tag, so it never waits.
fn variant_keys<'a>(union: &'a Union, api: &'a Api) -> Vec<&'a str> {
    union
        .variants
        .iter()
        .flat_map(|v| fields_of(api, &v.model))
        .map(|f| f.wire_name.as_str())
        .filter(|wire| *wire != union.property)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}
