//! One file per model: structs, open enums and discriminated unions.
//!
//! Objects and unions get hand-written `Deserialize`/`Serialize` impls: one
//! pass over the input, unknown fields and explicit `null`s kept in
//! `additional_properties`, nothing buffered except the rare variant-specific
//! field that arrives before the union's tag.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, paragraphs, spec_text};
use super::imports::{Imports, Item};
use super::types::{
    collect_models, describe, field_type, ident, setter_type, setter_value, uses_datetime,
    uses_field_map, uses_json,
};
use crate::ir::{Api, Enum, Field, Literal, Model, ModelKind, Type, Union};
use crate::naming;

pub(crate) fn model_file(model: &Model, api: &Api) -> TokenStream {
    match &model.kind {
        ModelKind::Object(object) => super::object::object_file(model, object, api),
        ModelKind::Enum(values) => enum_file(model, values),
        ModelKind::Union(union) => union_file(model, union, api),
    }
}

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

fn fields_of<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match find(api, name).map(|m| &m.kind) {
        Some(ModelKind::Object(object)) => &object.fields,
        _ => &[],
    }
}

/// The accumulator type of an object model, as named from a sibling module.
fn fields_path(api: &Api, name: &str) -> TokenStream {
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
/// preset, its `Default` is exactly the empty accumulator, and a separate
/// `…Fields` struct would only repeat it.
pub(super) fn is_own_accumulator(model: &Model, api: &Api) -> bool {
    match &model.kind {
        ModelKind::Object(object) => object
            .fields
            .iter()
            .all(|f| !f.required && initial_value(f, model, api).is_none()),
        _ => false,
    }
}

/// The imports a file needs for the types of `fields`: their models (from
/// `super`, except `own`), maps, timestamps and JSON values.
pub(super) fn field_imports<'a>(
    imports: &mut Imports,
    fields: impl IntoIterator<Item = &'a Field>,
    own: &str,
) {
    let mut models = BTreeSet::new();
    for field in fields {
        collect_models(&field.ty, &mut models);
        if uses_field_map(&field.ty) {
            imports.add(Item::BTreeMap);
        }
        if uses_datetime(&field.ty) {
            imports.add(Item::Timestamp);
        }
        if uses_json(&field.ty) {
            imports.add(Item::Json);
        }
    }
    for model in models.into_iter().filter(|m| *m != own) {
        imports.model("super", model);
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

/// The Rust type of a model field: a secret string is a `SecretString`.
pub(super) fn field_rust_type(field: &Field) -> TokenStream {
    if field.secret {
        quote!(crate::SecretString)
    } else {
        field_type(&field.ty)
    }
}

/// The argument type of a field's setter (and of `new` for a required field).
pub(super) fn field_setter_type(field: &Field) -> TokenStream {
    if field.secret {
        quote!(impl Into<crate::SecretString>)
    } else {
        setter_type(&field.ty)
    }
}

/// The field's value made from `arg`, an argument of [`field_setter_type`].
pub(super) fn field_setter_value(field: &Field, arg: TokenStream) -> TokenStream {
    if field.secret {
        quote!(#arg.into())
    } else {
        setter_value(&field.ty, arg)
    }
}

pub(super) fn field_doc(field: &Field) -> TokenStream {
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: set by Okta; ignored when sent.".to_owned());
    }
    if let Some(default) = &field.default {
        notes.push(format!("Default: `{default}`."));
    }
    if field.secret {
        notes.push("A secret: its `Debug` shows `<redacted>`; read it with `expose()`.".to_owned());
    }
    if field.ty == Type::DateTime {
        notes.push("An RFC 3339 date-time.".to_owned());
    }
    // Without a description from Okta, say plainly what the spec does know.
    let fallback = format!(
        "`{}` on the wire: {}{}.",
        field.wire_name,
        article_for(&describe(&field.ty)),
        describe(&field.ty)
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

/// The value a field gets from `new()`: the spec's default, or the union tag that selects this model.
pub(super) fn initial_value(field: &Field, model: &Model, api: &Api) -> Option<TokenStream> {
    let tag = match &model.kind {
        ModelKind::Object(object) => object
            .tag
            .as_ref()
            .filter(|(property, _)| *property == field.wire_name)
            .map(|(_, value)| Literal::String(value.clone())),
        _ => None,
    };
    let value = tag.or_else(|| field.default.clone())?;
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
    let imports = Imports::new()
        .add_all([
            Item::Fmt,
            Item::FromStr,
            Item::Deserialize,
            Item::Deserializer,
            Item::Serialize,
            Item::Serializer,
            Item::ModelSupport,
        ])
        .tokens();
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
                model_support::open_enum(deserializer, #expecting)
            }
        }
    }
}

/// "a" or "an", for serde's "expecting" messages.
pub(super) fn article(word: &str) -> &'static str {
    if word.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn union_file(model: &Model, union: &Union, api: &Api) -> TokenStream {
    let name = format_ident!("{}", model.rust_name);
    let base = format_ident!("{}", union.base);
    let base_fields_ty = fields_path(api, &union.base);
    let doc = model_doc(model);
    let property = union.property.as_str();
    let base_fields = fields_of(api, &union.base);
    // Fields every variant has with the base's type: decoded straight into the
    // base's accumulator whatever the tag, and readable on the union.
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
    let tag_field = common
        .iter()
        .find(|f| f.wire_name == property && matches!(f.ty, Type::String | Type::Model(_)))
        .map(|f| ident(&f.rust_name));

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
    let accumulators: Vec<_> = union
        .variants
        .iter()
        .map(|v| fields_path(api, &v.model))
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
    let select_arms = union.variants.iter().zip(&variants).map(|(v, variant)| {
        let tags = &v.tags;
        quote! { Some(#(#tags)|*) => Selected::#variant(Default::default()), }
    });
    let common_wire: Vec<_> = common.iter().map(|f| f.wire_name.as_str()).collect();
    // Keys some variant names that are not common: they go to the selected
    // variant, and wait (as raw JSON) until the tag is known. Every other key
    // is one no variant knows: it goes to the base's additional properties at
    // once, whatever the tag, and so never waits.
    let variant_wire: Vec<&str> = union
        .variants
        .iter()
        .flat_map(|v| fields_of(api, &v.model))
        .map(|f| f.wire_name.as_str())
        .filter(|wire| !common_wire.contains(wire))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let variant_arm = if variant_wire.is_empty() {
        quote!()
    } else {
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
    };
    let common_rust: Vec<_> = common.iter().map(|f| ident(&f.rust_name)).collect();
    let moves = quote!(#(fields.#common_rust = base.#common_rust;)*);
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
    for imported in models.iter().chain([&base]) {
        imports.model("super", &imported.to_string());
    }
    field_imports(&mut imports, common.iter().copied(), &model.rust_name);
    let imports = imports.tokens();

    let accessors = common.iter().map(|f| {
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
            (Type::String, false) => (quote!(Option<&str>), quote!(value.#rust.as_deref())),
            (Type::String, true) => (quote!(&str), quote!(value.#rust.as_str())),
            (Type::List(item), false) => {
                let item = field_type(item);
                (quote!(Option<&[#item]>), quote!(value.#rust.as_deref()))
            }
            (ty, false) => {
                let ty = field_type(ty);
                (quote!(Option<&#ty>), quote!(value.#rust.as_ref()))
            }
            (ty, true) => {
                let ty = field_type(ty);
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
    });
    let (as_methods, into_methods): (Vec<_>, Vec<_>) = union
        .variants
        .iter()
        .zip(&variants)
        .zip(&models)
        .map(|((v, variant), model)| {
            let snake = crate::naming::field_name(&v.variant);
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
        })
        .unzip();
    let try_from_impls = union.variants.iter().zip(&models).map(|(v, model)| {
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

    let other_doc =
        format!(" A `{property}` this version of the crate does not know, or none at all.");
    let variants_doc = format!(
        " Decoded by `{property}`: each known value selects its variant, and an unknown or missing `{property}` selects [`{name}::Other`], which keeps every field."
    );
    let expecting = format!("{} {} object", article(&model.spec_name), model.spec_name);
    let from_impls = variants.iter().zip(&models).map(|(variant, model)| {
        quote! {
            impl From<#model> for #name {
                fn from(value: #model) -> Self {
                    Self::#variant(value)
                }
            }
        }
    });

    quote! {
        #imports

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
