//! The `use` items of an emitted file: one mechanism for every file, which
//! knows every name it brings in.
//!
//! A file imports library and runtime items only as an [`Item`], whose name
//! is fixed here, and models by name. [`Item::ALL`]'s names are checked (in
//! this module's tests) against `naming`'s rules: each is a name a model can
//! never take, because `naming::model_type_name` renames it
//! (`Fields` → `FieldsModel`) or `validate` refuses it. So no spec can make an
//! import clash with a model.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// What a `use` of an item binds in the file.
enum Binds {
    /// The item's own name.
    Name(&'static str),
    /// The module itself (`use a::b::{self}` binds `b`).
    Module(&'static str),
    /// Nothing: a trait imported for its methods (`as _`).
    Nothing(&'static str),
}

/// One table makes the enum, the list of every item and where each comes from.
macro_rules! items {
    ($($item:ident => ($module:literal, $binds:expr),)*) => {
        /// A library or runtime item an emitted file uses by its short name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub(crate) enum Item {
            $($item,)*
        }

        impl Item {
            /// Every item, for the test that no model can take one of their names.
            #[cfg(test)]
            pub(crate) const ALL: &[Item] = &[$(Item::$item,)*];

            /// The module the item comes from, and what its `use` binds.
            fn source(self) -> (&'static str, Binds) {
                match self {
                    $(Item::$item => ($module, $binds),)*
                }
            }
        }
    };
}

items! {
    BTreeMap => ("std::collections", Binds::Name("BTreeMap")),
    Cow => ("std::borrow", Binds::Name("Cow")),
    Fmt => ("std", Binds::Module("fmt")),
    Deserialize => ("serde", Binds::Name("Deserialize")),
    Deserializer => ("serde", Binds::Name("Deserializer")),
    Serialize => ("serde", Binds::Name("Serialize")),
    Serializer => ("serde", Binds::Name("Serializer")),
    DeErrorMethods => ("serde::de", Binds::Nothing("Error")),
    MapAccess => ("serde::de", Binds::Name("MapAccess")),
    Visitor => ("serde::de", Binds::Name("Visitor")),
    RawValue => ("serde_json::value", Binds::Name("RawValue")),
    Method => ("reqwest", Binds::Name("Method")),
    ModelSupport => ("crate", Binds::Module("model_support")),
    Fields => ("crate::model_support", Binds::Name("Fields")),
    Step => ("crate::model_support", Binds::Name("Step")),
    FieldSeed => ("crate::model_support", Binds::Name("FieldSeed")),
    Key => ("crate::model_support", Binds::Name("Key")),
    Json => ("crate", Binds::Name("Json")),
    Timestamp => ("crate", Binds::Name("Timestamp")),
    Client => ("crate::client", Binds::Name("Client")),
    Error => ("crate::error", Binds::Name("Error")),
    Items => ("crate::items", Binds::Name("Items")),
    OperationRequest => ("crate::request", Binds::Name("OperationRequest")),
    RequestOptions => ("crate::request", Binds::Name("RequestOptions")),
    RequestBody => ("crate::request", Binds::Name("RequestBody")),
    FileUpload => ("crate::request", Binds::Name("FileUpload")),
    PathSegment => ("crate::request", Binds::Name("path_segment")),
    ApiResponse => ("crate::response", Binds::Name("ApiResponse")),
    Builder => ("crate", Binds::Module("builder")),
    Future => ("std::future", Binds::Name("Future")),
    MockOrg => ("crate::mock", Binds::Name("MockOrg")),
    Mock => ("crate", Binds::Module("mock")),
}

impl Item {
    /// The name the item's `use` binds in the file, if any.
    #[cfg(test)]
    pub(crate) fn bound_name(self) -> Option<&'static str> {
        match self.source().1 {
            Binds::Name(name) | Binds::Module(name) => Some(name),
            Binds::Nothing(_) => None,
        }
    }
}

/// The imports of one file, written as rustfmt keeps them: std, other
/// crates, this crate, then the sibling models, each group sorted.
#[derive(Default)]
pub(crate) struct Imports {
    /// module path → the entries imported from it (`self`, `Name`, `Name as _`).
    modules: BTreeMap<String, Vec<String>>,
}

impl Imports {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Imports `item`.
    pub(crate) fn add(&mut self, item: Item) -> &mut Self {
        let (module, binds) = item.source();
        let (module, entry) = match binds {
            Binds::Name(name) => (module.to_owned(), name.to_owned()),
            Binds::Nothing(name) => (module.to_owned(), format!("{name} as _")),
            // `use std::fmt;` reads better than `use std::{fmt};`, and
            // `self` beside other entries of the module keeps one line.
            Binds::Module(name) => (format!("{module}::{name}"), "self".to_owned()),
        };
        self.entry(module, entry);
        self
    }

    /// Imports every item of `items`.
    pub(crate) fn add_all(&mut self, items: impl IntoIterator<Item = Item>) -> &mut Self {
        for item in items {
            self.add(item);
        }
        self
    }

    /// Imports the model `name` from `module` (`super` or `crate::models`).
    pub(crate) fn model(&mut self, module: &str, name: &str) -> &mut Self {
        self.entry(module.to_owned(), name.to_owned());
        self
    }

    fn entry(&mut self, module: String, entry: String) {
        let entries = self.modules.entry(module).or_default();
        if !entries.contains(&entry) {
            entries.push(entry);
        }
    }

    /// The `use` items, grouped and sorted.
    pub(crate) fn tokens(&self) -> TokenStream {
        let mut statements: Vec<(u8, String, TokenStream)> = self
            .modules
            .iter()
            .map(|(module, entries)| {
                let mut entries = entries.clone();
                entries.sort_by(|a, b| entry_order(a).cmp(&entry_order(b)));
                let path: Vec<_> = module.split("::").map(|s| format_ident!("{s}")).collect();
                let items: Vec<TokenStream> = entries.iter().map(|e| entry_tokens(e)).collect();
                let (text, tokens) = match items.as_slice() {
                    [only] if entries[0] == "self" => (module.clone(), quote!(use #(#path)::*;)),
                    [only] => (
                        format!("{module}::{}", entries[0]),
                        quote!(use #(#path)::*::#only;),
                    ),
                    many => (
                        format!("{module}::{{"),
                        quote!(use #(#path)::*::{#(#many),*};),
                    ),
                };
                (group(module), text, tokens)
            })
            .collect();
        // By group, then as the statements read (`serde::ser::…` before `serde::{…}`).
        statements.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        statements
            .into_iter()
            .map(|(_, _, tokens)| tokens)
            .collect()
    }
}

fn entry_tokens(entry: &str) -> TokenStream {
    match entry.strip_suffix(" as _") {
        _ if entry == "self" => quote!(self),
        Some(name) => {
            let name = format_ident!("{name}");
            quote!(#name as _)
        }
        None => {
            let name = format_ident!("{entry}");
            quote!(#name)
        }
    }
}

/// std first, then other crates, this crate, and the sibling models last.
fn group(module: &str) -> u8 {
    match module.split("::").next().unwrap_or_default() {
        "std" | "core" | "alloc" => 0,
        "crate" => 2,
        "super" => 3,
        _ => 1,
    }
}

/// `self` first, then modules and functions (lower case), then types.
fn entry_order(entry: &str) -> (u8, &str) {
    match entry {
        "self" => (0, entry),
        _ if entry.starts_with(char::is_lowercase) => (1, entry),
        _ => (2, entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_model_can_take_a_name_an_import_binds() {
        for item in Item::ALL {
            let Some(name) = item.bound_name() else {
                continue;
            };
            if name.starts_with(char::is_lowercase) {
                // Model names are UpperCamelCase.
                continue;
            }
            // Renamed, refused anywhere, or refused for an operation's models
            // (the only models operation and mock files import).
            assert!(
                crate::naming::model_type_name(name) != name
                    || crate::naming::RESERVED_TYPE_NAMES.contains(&name)
                    || crate::naming::OPERATION_SCOPE_NAMES.contains(&name),
                "a model named `{name}` would clash with the import of {item:?}"
            );
        }
    }

    #[test]
    fn groups_sort_and_merge() {
        let mut imports = Imports::new();
        imports
            .model("super", "Widget")
            .add_all([Item::Fields, Item::ModelSupport, Item::Step])
            .add_all([
                Item::Serialize,
                Item::DeErrorMethods,
                Item::BTreeMap,
                Item::Fmt,
            ]);
        let text = imports.tokens().to_string();
        assert_eq!(
            text,
            "use std :: collections :: BTreeMap ; use std :: fmt ; \
             use serde :: Serialize ; use serde :: de :: Error as _ ; \
             use crate :: model_support :: { self , Fields , Step } ; \
             use super :: Widget ;"
        );
    }
}
