//! Stage 1, load: the serde mirror of the files in `spec/`.
//!
//! These types follow the file format exactly (`spec/README.md`) and reject
//! unknown keys. They carry no meaning yet: `validate` turns them into the IR.
//! The shape pass (`schema`) describes the same format key by key; a test
//! there checks that the two descriptions agree. The keys with a fixed set
//! of values are enums here, and `schema` takes their values from
//! [`Method::NAMES`], [`ParamLocation::NAMES`], [`BodyKind::NAMES`] and
//! [`ModelKind::NAMES`], so that it reports a wrong one with a hint before
//! serde sees it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `spec/operations.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OperationsFile {
    pub operations: Vec<Operation>,
}

/// `spec/models.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelsFile {
    pub models: Vec<Model>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub id: String,
    pub method: Method,
    pub path: String,
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub body: Option<Body>,
    pub response: Response,
    #[serde(default)]
    pub errors: Vec<u16>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: String,
    #[serde(rename = "in")]
    pub location: ParamLocation,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    /// For a `list<…>` query parameter: `true` (OpenAPI's default) repeats the
    /// parameter once per value, `false` sends one comma-separated value.
    #[serde(default)]
    pub explode: Option<bool>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub kind: BodyKind,
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub media_types: Vec<BinaryMediaType>,
    #[serde(default)]
    pub parts: Vec<Part>,
    /// The `Content-Type` of a `json` body that is not `application/json`
    /// (`application/merge-patch+json`), or of a `text` body (`application/secevent+jwt`).
    #[serde(default)]
    pub media_type: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// One media type a binary body may be sent as; `variant` names it for the caller.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BinaryMediaType {
    pub media_type: String,
    pub variant: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub status: u16,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// A text media type (`text/html`) for a `string` body sent as text, not JSON.
    #[serde(default)]
    pub media_type: Option<String>,
    /// Further 2xx statuses the operation answers with: without a body, or with one.
    #[serde(default)]
    pub other_statuses: Vec<OtherStatus>,
}

/// A further success status of an operation: without a body unless `type` is set.
/// A `type` equal to the response's says the status carries the same body; another
/// makes the answer an enum keyed by status.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OtherStatus {
    pub status: u16,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub name: String,
    pub kind: ModelKind,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub extends: Option<String>,
    #[serde(default)]
    pub discriminator: Option<Discriminator>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Discriminator {
    pub property: String,
    /// Wire value → model name; ordered so that output is deterministic.
    pub mapping: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub read_only: bool,
    /// A reviewed flag: the value is a secret (a password, a client secret, a token).
    #[serde(default)]
    pub secret: bool,
    /// The field may be `null`, which a caller sends to clear it.
    #[serde(default)]
    pub nullable: bool,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Declares a spec enum: its variants with their spelling in the file, in
/// the order the file format lists them, `NAMES`, `as_str` and `Display`.
macro_rules! spec_enum {
    ($(#[$doc:meta])* $name:ident, $rename:literal, { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
        #[serde(rename_all = $rename)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// Every variant as the file spells it.
            pub const NAMES: &'static [&'static str] = &[$($wire),+];

            /// Every variant, in the order of [`Self::NAMES`].
            #[cfg(test)]
            pub(crate) const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The variant the file spells `name`, if any.
            pub fn from_name(name: &str) -> Option<$name> {
                match name {
                    $($wire => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The variant as the file spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }
        }

        /// Compares with the file's spelling: `model.kind == "enum"`.
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

spec_enum!(
    /// An operation's `method`.
    Method, "UPPERCASE", { Get = "GET", Post = "POST", Put = "PUT", Patch = "PATCH", Delete = "DELETE" }
);

spec_enum!(
    /// Where a parameter goes: its `in`.
    ParamLocation, "lowercase", { Path = "path", Query = "query", Header = "header" }
);

spec_enum!(
    /// A request body's `kind`.
    BodyKind, "lowercase", { Json = "json", Binary = "binary", Multipart = "multipart", Text = "text" }
);

spec_enum!(
    /// A model's `kind`.
    ModelKind, "lowercase", { Object = "object", Enum = "enum" }
);

#[cfg(test)]
mod tests {
    macro_rules! names_are_serdes_spelling {
        ($($name:ident),+) => {
            $(
                assert_eq!(super::$name::ALL.len(), super::$name::NAMES.len());
                for (variant, name) in super::$name::ALL.iter().zip(super::$name::NAMES) {
                    assert_eq!(variant.as_str(), *name);
                    assert_eq!(
                        serde_yaml::to_value(variant).ok(),
                        Some(serde_yaml::Value::String((*name).to_owned()))
                    );
                    let read: Option<super::$name> =
                        serde_yaml::from_value(serde_yaml::Value::String((*name).to_owned())).ok();
                    assert_eq!(read, Some(*variant));
                    assert_eq!(super::$name::from_name(name), Some(*variant));
                }
            )+
        };
    }

    #[test]
    fn each_enums_names_are_how_serde_spells_its_variants() {
        names_are_serdes_spelling!(Method, ParamLocation, BodyKind, ModelKind);
    }
}
