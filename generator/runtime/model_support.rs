//! What the generated models share: decoding an object key by key in one pass.
//!
//! Every generated object has a `…Fields` accumulator implementing [`Fields`]:
//! one slot per field the spec names, and a map for everything else. The
//! generated `Deserialize` impls feed it the object's entries as they arrive,
//! without buffering, and the union over `signOnMode` feeds several of them.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::json::{AdditionalProperties, Json};

/// An object being decoded: the fields seen so far.
pub(crate) trait Fields {
    /// The model this accumulator builds.
    type Output;

    /// Decodes the value of the entry `key` from `value`: into its field when
    /// the spec names it, into the additional properties otherwise.
    fn field<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Step<'de, D>;

    /// The model, or the error for a required field that never came.
    fn finish<E: de::Error>(self) -> Result<Self::Output, E>;
}

/// What reading one entry of an object gives: nothing, or the decoding error.
pub(crate) type Step<'de, D> = Result<(), <D as Deserializer<'de>>::Error>;

/// An object key, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Decodes one entry's value straight into an accumulator.
pub(crate) struct FieldSeed<'a, F> {
    fields: &'a mut F,
    key: &'a str,
}

impl<'a, F> FieldSeed<'a, F> {
    pub(crate) fn new(fields: &'a mut F, key: &'a str) -> Self {
        FieldSeed { fields, key }
    }
}

impl<'de, F: Fields> DeserializeSeed<'de> for FieldSeed<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.fields.field(self.key, deserializer)
    }
}

/// Decodes a whole object with the accumulator `F`.
pub(crate) fn deserialize_object<'de, F: Fields + Default, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
) -> Result<F::Output, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<F> {
        expecting,
        fields: PhantomData,
    })
}

struct ObjectVisitor<F> {
    expecting: &'static str,
    fields: PhantomData<F>,
}

impl<'de, F: Fields + Default> Visitor<'de> for ObjectVisitor<F> {
    type Value = F::Output;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F::Output, A::Error> {
        let mut fields = F::default();
        while let Some(Key(key)) = map.next_key()? {
            map.next_value_seed(FieldSeed::new(&mut fields, &key))?;
        }
        fields.finish()
    }
}

/// Decodes an open enum from a string, without allocating for a known value.
pub(crate) fn open_enum<'de, T, D>(deserializer: D, expecting: &'static str) -> Result<T, D::Error>
where
    T: for<'a> From<&'a str>,
    D: Deserializer<'de>,
{
    struct StrVisitor<T> {
        expecting: &'static str,
        value: PhantomData<T>,
    }

    impl<T: for<'a> From<&'a str>> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(StrVisitor {
        expecting,
        value: PhantomData,
    })
}

/// An object model: decoded through its accumulator, encoded field by field.
///
/// [`object_impls!`] turns this into the model's `Deserialize`, `Serialize`
/// and `with_additional_property`.
pub(crate) trait Object: Sized {
    /// The accumulator that decodes it: the model itself when nothing is required.
    type Fields: Fields<Output = Self> + Default;

    /// Writes the fields this struct names, in spec order (a subtype's base's first).
    fn encode<M: SerializeMap>(&self, map: &mut Encoder<M>) -> Result<(), M::Error>;

    /// Lists the values of its fields that did not fit, in the same order.
    fn walk(&self, walker: &mut crate::conform::Walker);

    /// What the field with the wire name `key` is to a request body, if the model has one.
    fn field_state(&self, key: &str) -> Option<FieldState>;
}

/// A field as a request body sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldState {
    /// Set (or required): an additional property of its name is not written.
    Set,
    /// Optional, writable and unset: a value kept aside under its name did not fit its type.
    Unset,
    /// Read-only and unset: left out of request bodies, with whatever is kept under its name.
    ReadOnly,
}

/// Writes a model's fields, and remembers their keys while the model has
/// additional properties: an additional property never repeats a field that is set.
pub(crate) struct Encoder<M> {
    map: M,
    /// The keys of the set fields, kept only when some additional property may repeat one.
    set: Option<Vec<&'static str>>,
    /// Keys not written: a union's common fields that the subtype being encoded
    /// redeclares as its own, while its base is written.
    shadowed: &'static [&'static str],
}

impl<M: SerializeMap> Encoder<M> {
    fn note(&mut self, key: &'static str) {
        if let Some(set) = &mut self.set {
            set.push(key);
        }
    }

    /// Writes a required field.
    pub(crate) fn required<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        if self.shadowed.contains(&key) {
            return Ok(());
        }
        self.note(key);
        self.map.serialize_entry(key, value)
    }

    /// Writes an optional field when it is set.
    pub(crate) fn optional<T: Serialize>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.required(key, value),
            None => Ok(()),
        }
    }

    /// Writes a read-only required field, except in a request body: Okta sets
    /// such a field itself (see [`request_json`]). Left out, it still counts as set.
    pub(crate) fn read_only_required<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        if encoding_request_body() {
            self.note(key);
            return Ok(());
        }
        self.required(key, value)
    }

    /// Writes a read-only optional field when it is set, except in a request body.
    pub(crate) fn read_only<T: Serialize>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.read_only_required(key, value),
            None => Ok(()),
        }
    }
}

impl<M: SerializeMap> Encoder<M> {
    /// Writes a union subtype's `base` without the common fields `refined`, which the
    /// subtype redeclares with a type of its own and writes itself.
    #[allow(dead_code, reason = "a spec whose subtypes refine no common field has no use for it")]
    pub(crate) fn base_without<T: Object>(
        &mut self,
        base: &T,
        refined: &'static [&'static str],
    ) -> Result<(), M::Error> {
        let shadowed = std::mem::replace(&mut self.shadowed, refined);
        let encoded = base.encode(self);
        self.shadowed = shadowed;
        encoded
    }
}

/// Encodes `object`: its fields, then the additional properties no set field repeats.
pub(crate) fn serialize_object<T: Object, S: Serializer>(
    object: &T,
    additional: &AdditionalProperties,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    // JSON needs no length up front; counting would cost a pass over the fields.
    let mut encoder = Encoder {
        map: serializer.serialize_map(None)?,
        set: (!additional.is_empty()).then(Vec::new),
        shadowed: &[],
    };
    object.encode(&mut encoder)?;
    let Encoder { mut map, set, .. } = encoder;
    let set = set.unwrap_or_default();
    let request = encoding_request_body();
    for (key, value) in additional {
        if set.contains(&key.as_str()) {
            continue;
        }
        if request {
            match object.field_state(key) {
                Some(FieldState::ReadOnly) => continue,
                // Requests stay strict: what is sent follows the document.
                Some(FieldState::Unset) if value.as_text() != "null" => {
                    return Err(serde::ser::Error::custom(format_args!(
                        "`{key}` holds a value Okta sent that does not fit its type; set the field or remove the value before sending it back"
                    )));
                }
                _ => {}
            }
        }
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// `Deserialize`, `Serialize` and `with_additional_property` of an object
/// model that implements [`Object`]: `object_impls!(Model, "a Model object")`
/// for a model that keeps the fields the spec does not describe in its
/// `additional_properties`, and `object_impls!(Model, "…", base.additional_properties)`
/// for a union's subtype, which keeps them in its base.
macro_rules! object_impls {
    ($name:ident, $expecting:literal) => {
        crate::model_support::object_impls!($name, $expecting, additional_properties);
    };
    ($name:ident, $expecting:literal, $($unknown:ident).+) => {
        impl $name {
            /// Sets an additional property, one the spec does not describe.
            pub fn with_additional_property(
                mut self,
                key: impl Into<String>,
                value: impl Into<crate::Json>,
            ) -> Self {
                self.$($unknown).+.insert(key.into(), value.into());
                self
            }

            /// The value Okta sent for the unset field named `wire_name` on the wire,
            /// when it did not fit the field's type: the field is then `None`, and this
            /// tells "absent" from "present but not of its declared type". `None` when
            /// the field is set or absent, or came as `null`.
            pub fn kept_aside(&self, wire_name: &str) -> Option<&crate::Json> {
                match crate::model_support::Object::field_state(self, wire_name) {
                    Some(crate::model_support::FieldState::Set) | None => None,
                    Some(_) => self.$($unknown).+.get(wire_name).filter(|v| v.as_text() != "null"),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                type Accumulator = <$name as crate::model_support::Object>::Fields;
                crate::model_support::deserialize_object::<Accumulator, D>(deserializer, $expecting)
            }
        }

        impl crate::conform::Walk for $name {
            fn expected() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($expecting)
            }

            fn walk(&self, walker: &mut crate::conform::Walker) {
                crate::model_support::Object::walk(self, walker);
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                crate::model_support::serialize_object(self, &self.$($unknown).+, serializer)
            }
        }
    };
}
pub(crate) use object_impls;

/// An object model's `Fields` (its decoding accumulator), `Object` and, through
/// [`object_impls!`], `Deserialize`, `Serialize` and `with_additional_property`,
/// from one row per field in wire order:
///
/// `"wireName" field: method[, nullable];`
///
/// `method` is the [`Encoder`] method that writes the field (`required`,
/// `optional`, `read_only`, `read_only_required`); it also says how the field
/// is read: an optional field that is not `nullable` keeps a `null` aside in
/// the additional properties, and a required one must come.
///
/// The header names the model and what serde says it expects, then
/// `from Accumulator` when the model does not decode into itself (the
/// accumulator's `finish` checks the required fields), and `common in base`
/// for a union's subtype, which hands unknown fields to its member `base`,
/// followed by `refining ["wire", …]` when the subtype redeclares some optional
/// common fields as its own: those rows are its own, and the base's are not written.
macro_rules! object {
    ($name:ident, $expecting:literal $(, from $acc:ident)? $(, common in $base:ident $(refining [$($refined:literal),+])?)?; $($rows:tt)*) => {
        crate::model_support::object!(@impl $name, $expecting, [$($acc)?], [$($base)?], [$($($($refined),+)?)?]; $($rows)*);
    };
    (@impl $name:ident, $expecting:literal, $acc:tt, $base:tt, $refined:tt; $($wire:literal $field:ident: $method:ident $(, $nullable:ident)?;)*) => {
        impl crate::model_support::Fields for crate::model_support::object!(@accumulator $name $acc) {
            type Output = $name;

            crate::model_support::object!(@field $base [$($wire $field: $method $(, $nullable)?;)*]);

            crate::model_support::object!(@finish $name $acc $base [$($wire $field $method;)*]);
        }

        impl crate::model_support::Object for $name {
            type Fields = crate::model_support::object!(@accumulator $name $acc);

            crate::model_support::object!(@encode $base $refined [$($wire $field $method;)*]);
        }

        crate::model_support::object!(@impls $name $expecting $base);
    };
    (@field $base:tt []) => {
        fn field<'de, D: serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> crate::model_support::Step<'de, D> {
            crate::model_support::object!(@unknown self $base key value)
        }
    };
    (@field $base:tt [$($wire:literal $field:ident: $method:ident $(, $nullable:ident)?;)+]) => {
        fn field<'de, D: serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> crate::model_support::Step<'de, D> {
            match key {
                $($wire => crate::model_support::FieldSlot::read(
                    &mut self.$field,
                    crate::model_support::object!(@aside self $base),
                    crate::model_support::object!(@null_aside $method $($nullable)?),
                    key,
                    value,
                ),)+
                _ => crate::model_support::object!(@unknown self $base key value),
            }
        }
    };
    (@encode [] [] []) => {
        fn encode<M: serde::ser::SerializeMap>(&self, _map: &mut crate::model_support::Encoder<M>) -> Result<(), M::Error> {
            Ok(())
        }

        fn walk(&self, _walker: &mut crate::conform::Walker) {}

        fn field_state(&self, _key: &str) -> Option<crate::model_support::FieldState> {
            None
        }
    };
    (@encode $base:tt $refined:tt [$($wire:literal $field:ident $method:ident;)*]) => {
        fn encode<M: serde::ser::SerializeMap>(&self, map: &mut crate::model_support::Encoder<M>) -> Result<(), M::Error> {
            crate::model_support::object!(@encode_base self map $base $refined);
            $(map.$method($wire, &self.$field)?;)*
            Ok(())
        }

        fn walk(&self, walker: &mut crate::conform::Walker) {
            crate::model_support::object!(@walk_base self walker $base);
            $(crate::model_support::object!(@walk self walker $base $wire $field $method);)*
        }

        fn field_state(&self, key: &str) -> Option<crate::model_support::FieldState> {
            match key {
                $($wire => Some(crate::model_support::object!(@state self $field $method)),)*
                _ => crate::model_support::object!(@state_base self key $base),
            }
        }
    };
    (@state $this:tt $field:ident required) => { crate::model_support::FieldState::Set };
    (@state $this:tt $field:ident read_only_required) => { crate::model_support::FieldState::Set };
    (@state $this:tt $field:ident read_only) => {
        if $this.$field.is_some() {
            crate::model_support::FieldState::Set
        } else {
            crate::model_support::FieldState::ReadOnly
        }
    };
    (@state $this:tt $field:ident optional) => {
        if $this.$field.is_some() {
            crate::model_support::FieldState::Set
        } else {
            crate::model_support::FieldState::Unset
        }
    };
    (@state_base $this:tt $key:ident []) => { None };
    (@state_base $this:tt $key:ident [base]) => {
        crate::model_support::Object::field_state(&$this.base, $key)
    };
    (@walk $this:tt $walker:ident $base:tt $wire:literal $field:ident required) => {
        $walker.required($wire, &$this.$field)
    };
    (@walk $this:tt $walker:ident $base:tt $wire:literal $field:ident read_only_required) => {
        $walker.required($wire, &$this.$field)
    };
    (@walk $this:tt $walker:ident $base:tt $wire:literal $field:ident $method:ident) => {
        $walker.optional($wire, $this.$field.as_ref(), crate::model_support::object!(@aside_ref $this $base))
    };
    (@walk_base $this:tt $walker:ident []) => {};
    (@walk_base $this:tt $walker:ident [base]) => {
        crate::model_support::Object::walk(&$this.base, $walker);
    };
    (@accumulator $name:ident []) => { $name };
    (@accumulator $name:ident [$acc:ident]) => { $acc };
    // Where a value that does not fit its field is kept, and a `null` for an optional one.
    (@aside $this:tt []) => { &mut $this.additional_properties };
    (@aside $this:tt [base]) => { &mut $this.base.additional_properties };
    (@aside_ref $this:tt []) => { &$this.additional_properties };
    (@aside_ref $this:tt [base]) => { &$this.base.additional_properties };
    // Whether a `null` is kept aside: for an optional field that is not nullable.
    (@null_aside $method:ident nullable) => { false };
    (@null_aside optional) => { true };
    (@null_aside read_only) => { true };
    (@null_aside $method:ident) => { false };
    (@unknown $this:tt [] $key:ident $value:ident) => {
        crate::model_support::additional(&mut $this.additional_properties, $key, $value)
    };
    (@unknown $this:tt [base] $key:ident $value:ident) => {
        crate::model_support::Fields::field(&mut $this.base, $key, $value)
    };
    (@finish $name:ident [] $base:tt $rows:tt) => {
        fn finish<E: serde::de::Error>(self) -> Result<$name, E> {
            Ok(self)
        }
    };
    (@finish $name:ident [$acc:ident] $base:tt [$($wire:literal $field:ident $method:ident;)*]) => {
        fn finish<E: serde::de::Error>(self) -> Result<$name, E> {
            Ok(crate::model_support::object!(@build $name $base self {
                $($field: crate::model_support::object!(@take self $field $method $wire),)*
            }))
        }
    };
    (@build $name:ident [] $this:tt { $($fields:tt)* }) => {
        $name { $($fields)* additional_properties: $this.additional_properties }
    };
    (@build $name:ident [base] $this:tt { $($fields:tt)* }) => {
        $name { base: crate::model_support::Fields::finish($this.base)?, $($fields)* }
    };
    (@take $this:tt $field:ident required $wire:literal) => {
        $this.$field.ok_or_else(|| E::missing_field($wire))?
    };
    (@take $this:tt $field:ident read_only_required $wire:literal) => {
        $this.$field.ok_or_else(|| E::missing_field($wire))?
    };
    (@take $this:tt $field:ident $method:ident $wire:literal) => { $this.$field };
    (@encode_base $this:tt $map:ident [] []) => {};
    (@encode_base $this:tt $map:ident [base] []) => {
        crate::model_support::Object::encode(&$this.base, $map)?;
    };
    (@encode_base $this:tt $map:ident [base] [$($refined:literal),+]) => {
        $map.base_without(&$this.base, &[$($refined),+])?;
    };
    (@impls $name:ident $expecting:literal []) => {
        crate::model_support::object_impls!($name, $expecting);
    };
    (@impls $name:ident $expecting:literal [base]) => {
        crate::model_support::object_impls!($name, $expecting, base.additional_properties);
    };
}
pub(crate) use object;

/// A union's conversions, one row per variant that a tag value selects:
/// `Variant(Model) => as_variant, into_variant;` gives the union `as_variant()`
/// and `into_variant()`, `From<Model>` and `TryFrom<Union> for Model`.
#[allow(unused_macros, reason = "a spec without a union has no use for it")]
macro_rules! variants {
    ($union:ident; $($variant:ident($model:ident) => $as_fn:ident, $into_fn:ident;)*) => {
        impl $union {
            $(
                #[doc = concat!(" The [`", stringify!($model), "`], if this is one.")]
                pub fn $as_fn(&self) -> Option<&$model> {
                    match self {
                        Self::$variant(value) => Some(value),
                        _ => None,
                    }
                }
            )*
        }

        #[allow(
            clippy::result_large_err,
            reason = "the error gives the value back whole, as large as it is, rather than lose it"
        )]
        impl $union {
            $(
                #[doc = concat!(
                    " Takes the [`", stringify!($model), "`], or gives `self` back if this is another variant."
                )]
                pub fn $into_fn(self) -> Result<$model, Self> {
                    match self {
                        Self::$variant(value) => Ok(value),
                        other => Err(other),
                    }
                }
            )*
        }

        $(
            impl From<$model> for $union {
                fn from(value: $model) -> Self {
                    Self::$variant(value)
                }
            }

            impl TryFrom<$union> for $model {
                type Error = $union;

                #[doc = concat!(" See [`", stringify!($union), "::", stringify!($into_fn), "`]: the error gives the value back.")]
                fn try_from(value: $union) -> Result<Self, $union> {
                    value.$into_fn()
                }
            }
        )*
    };
}
#[allow(unused_imports, reason = "a spec without a union has no use for it")]
pub(crate) use variants;

/// A model's setters, one row per field, so that a model's file lists what
/// can be set in as many lines as it has fields:
///
/// `field: presence kind Type => with_field[, with_field_null];`
///
/// - presence: `optional` (the setter wraps the value in `Some`), `required`,
///   `nullable` or `required_nullable` (the value is a [`Nullable::Value`](crate::Nullable::Value),
///   and the second name is the setter that sends `null`);
/// - kind: `copy` (the setter takes `Type`), `into` (`impl Into<Type>`) or
///   `list` (`impl IntoIterator<Item = impl Into<Type>>`, for a `Vec<Type>`);
/// - a leading string literal names the field in the setter's doc where the
///   Rust name is a raw identifier (`"type" r#type: …`).
///
/// Invoked in an `impl` block for the struct's own fields, or as
/// `setters! { @common rows }` in a union's trait, whose provided setters
/// reach the field through `base_mut()`.
macro_rules! setters {
    (@common $($($name:literal)? $field:ident: $presence:ident $kind:ident $ty:ty => $setter:ident $(, $null:ident)?;)*) => {
        $(crate::model_support::setters!(@one base [$($name)?] $field: $presence $kind $ty => $setter $(, $null)?);)*
    };
    (@one $mode:ident $names:tt $field:ident: $presence:ident $kind:ident $ty:ty => $setter:ident $(, $null:ident)?) => {
        crate::model_support::setters!(
            @fn $mode $names $field, "", $setter(value: crate::model_support::setters!(@arg $kind $ty))
                = crate::model_support::setters!(@wrap $presence crate::model_support::setters!(@value $kind value))
        );
        $(crate::model_support::setters!(
            @fn $mode $names $field, " to `null`, which clears it at Okta", $null()
                = crate::model_support::setters!(@null $presence)
        );)?
    };
    (@fn own [$($name:literal)?] $field:ident, $what:literal, $setter:ident($($arg:tt)*) = $value:expr) => {
        #[doc = concat!(
            " Sets [`", crate::model_support::setters!(@name $field $($name)?), "`](Self::",
            crate::model_support::setters!(@name $field $($name)?), ")", $what, "."
        )]
        pub fn $setter(mut self, $($arg)*) -> Self {
            self.$field = $value;
            self
        }
    };
    // A provided method of the union's trait takes `self` by value only where `Self: Sized`.
    (@fn base [$($name:literal)?] $field:ident, $what:literal, $setter:ident($($arg:tt)*) = $value:expr) => {
        #[doc = concat!(
            " Sets [`", crate::model_support::setters!(@name $field $($name)?), "`](Self::",
            crate::model_support::setters!(@name $field $($name)?), ")", $what, "."
        )]
        fn $setter(mut self, $($arg)*) -> Self
        where
            Self: Sized,
        {
            self.base_mut().$field = $value;
            self
        }
    };
    (@name $field:ident) => { stringify!($field) };
    (@name $field:ident $name:literal) => { $name };
    (@arg copy $ty:ty) => { $ty };
    (@arg into $ty:ty) => { impl Into<$ty> };
    (@arg list $ty:ty) => { impl IntoIterator<Item = impl Into<$ty>> };
    (@value copy $value:ident) => { $value };
    (@value into $value:ident) => { $value.into() };
    (@value list $value:ident) => { $value.into_iter().map(Into::into).collect() };
    (@wrap optional $value:expr) => { Some($value) };
    (@wrap required $value:expr) => { $value };
    (@wrap nullable $value:expr) => { Some(crate::Nullable::Value($value)) };
    (@wrap required_nullable $value:expr) => { crate::Nullable::Value($value) };
    (@null nullable) => { Some(crate::Nullable::Null) };
    (@null required_nullable) => { crate::Nullable::Null };
    ($($($name:literal)? $field:ident: $presence:ident $kind:ident $ty:ty => $setter:ident $(, $null:ident)?;)*) => {
        $(crate::model_support::setters!(@one own [$($name)?] $field: $presence $kind $ty => $setter $(, $null)?);)*
    };
}
pub(crate) use setters;

/// Reading a model's field into its slot, which stays `None` until the field comes.
pub(crate) trait FieldSlot {
    /// Stores the field's value; a field that comes twice is an error.
    ///
    /// `aside` is the model's additional properties. An optional field that is not
    /// nullable passes `null_aside`: a `null` is kept there under `key`, so that it is
    /// written back as it came. Otherwise a `null` is a value like any other.
    ///
    /// Decoding tolerantly (see [`tolerantly`]), a value that does not fit the field
    /// is kept in `aside` too, exactly as it came, and the field stays unset;
    /// decoding strictly, it is an error.
    fn read<'de, D: Deserializer<'de>>(
        &mut self,
        aside: &mut AdditionalProperties,
        null_aside: bool,
        key: &str,
        value: D,
    ) -> Result<(), D::Error>;
}

impl<T: for<'a> Deserialize<'a> + crate::conform::Walk> FieldSlot for Option<T> {
    fn read<'de, D: Deserializer<'de>>(
        &mut self,
        aside: &mut AdditionalProperties,
        null_aside: bool,
        key: &str,
        value: D,
    ) -> Result<(), D::Error> {
        if self.is_some() || aside.contains_key(key) {
            return Err(duplicate_key(key));
        }
        if decoding_tolerantly() {
            return read_tolerantly(self, aside, null_aside, key, value);
        }
        if !null_aside {
            *self = Some(T::deserialize(value)?);
            return Ok(());
        }
        match Option::<T>::deserialize(value)? {
            Some(value) => *self = Some(value),
            None => {
                aside.insert(key.to_owned(), Json::null());
            }
        }
        Ok(())
    }
}

/// Takes the value's exact text first, then decodes the field from it: what does not
/// fit is kept aside as it came (redacted in `Debug` when the field is a secret).
fn read_tolerantly<'de, T, D>(
    slot: &mut Option<T>,
    aside: &mut AdditionalProperties,
    null_aside: bool,
    key: &str,
    value: D,
) -> Result<(), D::Error>
where
    T: for<'a> Deserialize<'a> + crate::conform::Walk,
    D: Deserializer<'de>,
{
    let kept = Json::deserialize(value)?;
    if null_aside && kept.as_text() == "null" {
        aside.insert(key.to_owned(), kept);
        return Ok(());
    }
    match kept.parse::<T>() {
        Ok(value) => *slot = Some(value),
        Err(_) => {
            let kept = if T::is_secret() { kept.into_secret() } else { kept };
            aside.insert(key.to_owned(), kept);
        }
    }
    Ok(())
}

thread_local! {
    /// Set while an answer is decoded tolerantly, on the thread that decodes it.
    static DECODING_TOLERANTLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn decoding_tolerantly() -> bool {
    DECODING_TOLERANTLY.with(std::cell::Cell::get)
}

/// Runs `decode` with the models keeping a value that does not fit aside instead
/// of failing. Slower than a strict decode (each field is read as text first), so
/// the client decodes strictly first and comes here only when that fails.
pub(crate) fn tolerantly<R>(decode: impl FnOnce() -> R) -> R {
    /// Puts the flag back as it was, also when decoding panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DECODING_TOLERANTLY.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(DECODING_TOLERANTLY.with(|flag| flag.replace(true)));
    decode()
}

/// Keeps an entry the spec does not name, as its exact JSON text.
///
/// A key that comes twice is an error, as it is for the fields the spec names: which
/// of two values Okta meant cannot be known, and keeping one would lose the other.
pub(crate) fn additional<'de, D: Deserializer<'de>>(
    additional: &mut AdditionalProperties,
    key: &str,
    value: D,
) -> Result<(), D::Error> {
    if additional.contains_key(key) {
        return Err(duplicate_key(key));
    }
    let value = Json::deserialize(value)?;
    additional.insert(key.to_owned(), value);
    Ok(())
}

thread_local! {
    /// Set while a request body is encoded, on the thread that encodes it.
    static ENCODING_REQUEST_BODY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the value being encoded is a request body: its models leave their
/// read-only fields out, which Okta sets itself and ignores when sent. Any other
/// encoding (`serde_json::to_string` of a model) keeps them, so nothing is lost.
pub(crate) fn encoding_request_body() -> bool {
    ENCODING_REQUEST_BODY.with(std::cell::Cell::get)
}

/// Encodes `body` as JSON for a request, without the read-only fields of its models.
pub(crate) fn request_json(body: &impl serde::Serialize) -> serde_json::Result<Vec<u8>> {
    /// Puts the flag back as it was, also when encoding panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            ENCODING_REQUEST_BODY.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(ENCODING_REQUEST_BODY.with(|flag| flag.replace(true)));
    serde_json::to_vec(body)
}

fn duplicate_key<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate field `{key}`"))
}

/// `FromStr`, `Display`, `Serialize` and `Deserialize` of an open enum, through
/// its `From<&str>` and `as_str()`: `open_enum_impls!(Enum, "a string (Enum)")`.
macro_rules! open_enum_impls {
    ($name:ident, $expecting:literal) => {
        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::model_support::open_enum(deserializer, $expecting)
            }
        }

        impl crate::conform::Walk for $name {
            fn expected() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($expecting)
            }
        }
    };
}
pub(crate) use open_enum_impls;

/// A value of an open enum that this version of the crate does not know, kept so that
/// it is sent back unchanged.
///
/// Only the enums' `From<&str>` (and decoding) make one, and never for a value the enum
/// names: `ApplicationSignOnMode::from("BOOKMARK")` is always `Bookmark`, and a string
/// that a later release turns into a variant cannot silently change what a match on
/// `Unrecognized` means today.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        UnknownValue(value.to_owned())
    }

    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
