//! Secret values in models: readable on purpose, never printed by accident.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::json::Json;

/// A secret string, such as a client secret, a password or a provisioning token.
///
/// `Debug` shows `<redacted>`, and there is no `Display`: the value is read only on
/// purpose, with [`expose`](Self::expose). It is encoded and decoded as a plain JSON
/// string, so it goes back to Okta unchanged.
///
/// ```
/// use okta_apps::SecretString;
///
/// let secret = SecretString::from("s3cr3t");
/// assert_eq!(format!("{secret:?}"), "<redacted>");
/// assert_eq!(secret.expose(), "s3cr3t");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Takes the secret itself.
    pub fn into_exposed(self) -> String {
        self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString(value.to_owned())
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(SecretVisitor)
    }
}

/// A secret JSON value, such as a service account's key file that Okta takes
/// whole and never returns.
///
/// `Debug` shows `<redacted>`; read it on purpose with [`expose`](Self::expose).
/// It is encoded and decoded as the JSON value it holds.
///
/// ```
/// use okta_apps::{Json, SecretJson};
///
/// let key = SecretJson::new(Json::from_text(r#"{"private_key": "k"}"#)?);
/// assert_eq!(format!("{key:?}"), "<redacted>");
/// assert_eq!(key.expose().as_text(), r#"{"private_key": "k"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct SecretJson(Json);

impl SecretJson {
    /// Wraps `value`.
    pub fn new(value: impl Into<Json>) -> Self {
        SecretJson(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &Json {
        &self.0
    }

    /// Takes the secret itself.
    pub fn into_exposed(self) -> Json {
        self.0
    }
}

impl fmt::Debug for SecretJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<Json> for SecretJson {
    fn from(value: Json) -> Self {
        SecretJson(value)
    }
}

impl Serialize for SecretJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SecretJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Json::deserialize(deserializer).map(SecretJson)
    }
}

struct SecretVisitor;

/// serde's usual "invalid type: integer `123`" would quote the value: these say only
/// what kind of value came.
impl Visitor<'_> for SecretVisitor {
    type Value = SecretString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<SecretString, E> {
        Ok(SecretString(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<SecretString, E> {
        Ok(SecretString(value))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<SecretString, E> {
        Err(E::custom("expected a string, found a number (value not shown)"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<SecretString, E> {
        Err(E::custom("expected a string, found a number (value not shown)"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<SecretString, E> {
        Err(E::custom("expected a string, found a number (value not shown)"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<SecretString, E> {
        Err(E::custom("expected a string, found a boolean (value not shown)"))
    }
}
