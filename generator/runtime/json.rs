//! Free-form JSON kept as the exact text received, parsed on first use.

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

/// A free-form JSON value, such as `_links`, `_embedded` or a `profile`.
///
/// Decoding keeps the value's exact text and does not build a tree, which
/// makes decoding a model much cheaper when these fields are only passed
/// along. The value is parsed into a [`serde_json::Value`] the first time it is
/// read, once, and `Json` dereferences to that value, so everything `Value`
/// offers works directly:
///
/// ```
/// use okta_apps::Json;
/// use serde_json::json;
///
/// let links = Json::from(json!({"self": {"href": "https://example.okta.com/api/v1/apps/0oa1"}}));
/// assert_eq!(links["self"]["href"], "https://example.okta.com/api/v1/apps/0oa1");
/// assert_eq!(links.get("logo"), None);
/// ```
///
/// Build one from a [`Value`] (`json!`), from a [`serde_json::Map`], or with
/// [`Json::from_text`] / [`Json::from_serialize`]; read it typed with
/// [`Json::parse`]. Encoding writes the text back unchanged, so a value read
/// from Okta is sent back byte for byte. `Json` is meant for `serde_json`: other
/// serializers and deserializers do not support it.
///
/// Two values are equal when they are the same JSON value, even if written
/// differently (`{"a":1,"b":2}` and `{ "b": 2, "a": 1 }`).
pub struct Json {
    raw: Box<RawValue>,
    /// Boxed, so that a `Json` not yet read takes two words and one allocation.
    value: OnceLock<Box<Value>>,
}

impl Json {
    /// Checks that `text` is one JSON value and keeps it as it is.
    pub fn from_text(text: impl Into<String>) -> Result<Json, serde_json::Error> {
        RawValue::from_string(text.into()).map(Json::from_raw)
    }

    /// The JSON encoding of `value`.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Json, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(Json::from_raw)
    }

    /// `null`.
    pub fn null() -> Json {
        Json::from_raw(RawValue::NULL.to_owned())
    }

    fn from_raw(raw: Box<RawValue>) -> Json {
        Json {
            raw,
            value: OnceLock::new(),
        }
    }

    /// The exact JSON text.
    pub fn as_text(&self) -> &str {
        self.raw.get()
    }

    /// The text as a [`RawValue`].
    pub fn as_raw(&self) -> &RawValue {
        &self.raw
    }

    /// The value, parsed on first use and then kept.
    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| {
            // The text came out of the JSON parser, or from a `Value`, as one
            // JSON value, so it always parses again.
            Box::new(serde_json::from_str(self.raw.get()).unwrap_or(Value::Null))
        })
    }

    /// The value, owned.
    pub fn to_value(&self) -> Value {
        self.value().clone()
    }

    /// Takes the value, parsing it unless it already was.
    pub fn into_value(self) -> Value {
        match self.value.into_inner() {
            Some(value) => *value,
            None => serde_json::from_str(self.raw.get()).unwrap_or(Value::Null),
        }
    }

    /// Decodes the text as `T`, straight from the text (the cached value is not used).
    pub fn parse<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.raw.get())
    }
}

impl Deref for Json {
    type Target = Value;

    fn deref(&self) -> &Value {
        self.value()
    }
}

impl AsRef<Value> for Json {
    fn as_ref(&self) -> &Value {
        self.value()
    }
}

impl Default for Json {
    /// `null`.
    fn default() -> Self {
        Json::null()
    }
}

impl Clone for Json {
    fn clone(&self) -> Self {
        let value = OnceLock::new();
        if let Some(parsed) = self.value.get() {
            let _ = value.set(parsed.clone());
        }
        Json {
            raw: self.raw.clone(),
            value,
        }
    }
}

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Json({})", self.raw.get())
    }
}

impl fmt::Display for Json {
    /// The exact JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.raw.get())
    }
}

impl PartialEq for Json {
    fn eq(&self, other: &Json) -> bool {
        self.raw.get() == other.raw.get() || self.value() == other.value()
    }
}

impl PartialEq<Value> for Json {
    fn eq(&self, other: &Value) -> bool {
        self.value() == other
    }
}

impl PartialEq<Json> for Value {
    fn eq(&self, other: &Json) -> bool {
        self == other.value()
    }
}

impl From<Value> for Json {
    fn from(value: Value) -> Json {
        let raw = serde_json::value::to_raw_value(&value)
            // A `Value` always encodes: its keys are strings.
            .unwrap_or_else(|_| RawValue::NULL.to_owned());
        let parsed = OnceLock::new();
        let _ = parsed.set(Box::new(value));
        Json { raw, value: parsed }
    }
}

impl From<serde_json::Map<String, Value>> for Json {
    fn from(map: serde_json::Map<String, Value>) -> Json {
        Json::from(Value::Object(map))
    }
}

impl From<&Value> for Json {
    fn from(value: &Value) -> Json {
        Json::from(value.clone())
    }
}

impl From<Box<RawValue>> for Json {
    fn from(raw: Box<RawValue>) -> Json {
        Json::from_raw(raw)
    }
}

impl From<Json> for Value {
    fn from(json: Json) -> Value {
        json.into_value()
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(Json::from_raw)
    }
}
