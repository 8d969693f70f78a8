//! Free-form JSON kept as the exact text received, parsed on first use.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::redact::{is_secret_key, redact_json};

/// The members of an object that its model does not name (and members Okta sent as
/// `null`), each kept as its exact JSON text so that it is sent back unchanged.
///
/// A map from member name to [`Json`], sorted by name: it dereferences to a
/// `BTreeMap<String, Json>`, so `get`, `insert`, `iter` and indexing work as on one.
/// Its `Debug` redacts members whose names look secret (a JWK's `d`, `p`, `q`, `dp`,
/// `dq`, `qi`, `k`; anything named like a secret, password, token or private key).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AdditionalProperties(BTreeMap<String, Json>);

impl AdditionalProperties {
    /// No members.
    pub fn new() -> Self {
        AdditionalProperties(BTreeMap::new())
    }

    /// Takes the map.
    pub fn into_inner(self) -> BTreeMap<String, Json> {
        self.0
    }
}

impl Deref for AdditionalProperties {
    type Target = BTreeMap<String, Json>;

    fn deref(&self) -> &BTreeMap<String, Json> {
        &self.0
    }
}

impl DerefMut for AdditionalProperties {
    fn deref_mut(&mut self) -> &mut BTreeMap<String, Json> {
        &mut self.0
    }
}

impl From<BTreeMap<String, Json>> for AdditionalProperties {
    fn from(map: BTreeMap<String, Json>) -> Self {
        AdditionalProperties(map)
    }
}

impl FromIterator<(String, Json)> for AdditionalProperties {
    fn from_iter<I: IntoIterator<Item = (String, Json)>>(iter: I) -> Self {
        AdditionalProperties(iter.into_iter().collect())
    }
}

impl IntoIterator for AdditionalProperties {
    type Item = (String, Json);
    type IntoIter = std::collections::btree_map::IntoIter<String, Json>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a AdditionalProperties {
    type Item = (&'a String, &'a Json);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Json>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Debug for AdditionalProperties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in &self.0 {
            if is_secret_key(key) {
                map.entry(key, &format_args!("<redacted>"));
            } else {
                map.entry(key, value);
            }
        }
        map.finish()
    }
}

/// A free-form JSON value, such as `_links`, `_embedded` or a `profile`.
///
/// Decoding keeps the value's exact text and does not build a tree, which
/// makes decoding a model much cheaper when these fields are only passed
/// along, and keeps what a [`serde_json::Value`] cannot hold: numbers beyond
/// `f64` (`12345678901234567890123`, `1e400`), nesting deeper than
/// serde_json's recursion limit, lone UTF-16 surrogates (`"\ud800"`).
/// Encoding writes the text back unchanged, so a value read from Okta is sent
/// back byte for byte.
///
/// Read it with [`Json::value`] (parsed once, then kept) or typed with
/// [`Json::parse`]; both say when the text does not fit, never substituting a value:
///
/// ```
/// use okta_apps::Json;
/// use serde_json::json;
///
/// let links = Json::from(json!({"self": {"href": "https://example.okta.com/api/v1/apps/0oa1"}}));
/// let value = links.value()?;
/// assert_eq!(value["self"]["href"], "https://example.okta.com/api/v1/apps/0oa1");
///
/// let huge = Json::from_text("1e400")?;
/// assert!(huge.value().is_err());
/// assert_eq!(huge.as_text(), "1e400");
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// Build one from a [`Value`] (`json!`), from a [`serde_json::Map`], or with
/// [`Json::from_text`] / [`Json::from_serialize`]. `Json` is meant for
/// `serde_json`: other serializers and deserializers do not support it.
///
/// Two `Json` are equal when their texts are the same but for whitespace
/// between tokens: `{"a":1}` equals `{ "a": 1 }`, but `{"a":1,"b":2}` does not
/// equal `{"b":2,"a":1}`, nor `0.1` equal `0.10`; compare [`value`](Json::value)s
/// for equality as `serde_json` sees it. A `Json` equals a [`Value`] when its text
/// parses to that value.
pub struct Json {
    raw: Box<RawValue>,
    /// Boxed, so that a `Json` not yet read takes two words and one allocation.
    value: OnceLock<Box<Value>>,
    /// Kept aside from a secret field it did not fit: never shown by `Debug` or `Display`.
    secret: bool,
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
            secret: false,
        }
    }

    /// Marks a value kept aside from a secret field it did not fit, so that neither
    /// `Debug` nor `Display` shows it.
    pub(crate) fn into_secret(mut self) -> Json {
        self.secret = true;
        self
    }

    /// The exact JSON text.
    pub fn as_text(&self) -> &str {
        self.raw.get()
    }

    /// The text as a [`RawValue`].
    pub fn as_raw(&self) -> &RawValue {
        &self.raw
    }

    /// The value, parsed on first use and then kept; an error when `serde_json::Value`
    /// cannot hold the text (see above), which [`as_text`](Self::as_text) still has.
    pub fn value(&self) -> Result<&Value, serde_json::Error> {
        if let Some(value) = self.value.get() {
            return Ok(value);
        }
        let parsed = serde_json::from_str(self.raw.get())?;
        Ok(self.value.get_or_init(|| Box::new(parsed)))
    }

    /// The value, owned; see [`value`](Self::value).
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        self.value().cloned()
    }

    /// Takes the value, parsing it unless it already was; see [`value`](Self::value).
    pub fn into_value(self) -> Result<Value, serde_json::Error> {
        match self.value.into_inner() {
            Some(value) => Ok(*value),
            None => serde_json::from_str(self.raw.get()),
        }
    }

    /// Decodes the text as `T`, straight from the text (the cached value is not used).
    pub fn parse<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.raw.get())
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
            secret: self.secret,
        }
    }
}

impl fmt::Debug for Json {
    /// The text, with the values of secret-looking members redacted; all of it for a
    /// value kept aside from a secret field.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secret {
            return f.write_str("Json(<redacted>)");
        }
        write!(f, "Json({})", redact_json(self.raw.get()))
    }
}

impl fmt::Display for Json {
    /// The exact JSON text; `<redacted>` for a value kept aside from a secret field
    /// (read it on purpose with [`as_text`](Json::as_text)).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secret {
            return f.write_str("<redacted>");
        }
        f.write_str(self.raw.get())
    }
}

impl PartialEq for Json {
    fn eq(&self, other: &Json) -> bool {
        same_text_but_whitespace(self.raw.get(), other.raw.get())
    }
}

impl Eq for Json {}

impl PartialEq<Value> for Json {
    fn eq(&self, other: &Value) -> bool {
        self.value().is_ok_and(|value| value == other)
    }
}

impl PartialEq<Json> for Value {
    fn eq(&self, other: &Json) -> bool {
        other == self
    }
}

/// A `Json` equals a string, a boolean or a number when its text parses to a
/// `Value` equal to it, as `serde_json::Value` compares them.
macro_rules! eq_through_value {
    ($($ty:ty),*) => {$(
        impl PartialEq<$ty> for Json {
            fn eq(&self, other: &$ty) -> bool {
                self.value().is_ok_and(|value| value == other)
            }
        }
    )*};
}

eq_through_value!(str, &str, String, bool, i32, i64, u32, u64, f64);

/// Whether two JSON texts differ only in whitespace between tokens: linear, and
/// independent of nesting depth.
fn same_text_but_whitespace(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let mut a = Significant::new(a.as_bytes());
    let mut b = Significant::new(b.as_bytes());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (x, y) if x == y => {}
            _ => return false,
        }
    }
}

/// The bytes of a JSON text without the whitespace outside strings.
struct Significant<'a> {
    bytes: std::slice::Iter<'a, u8>,
    in_string: bool,
    escaped: bool,
}

impl<'a> Significant<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Significant {
            bytes: bytes.iter(),
            in_string: false,
            escaped: false,
        }
    }
}

impl Iterator for Significant<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        loop {
            let byte = *self.bytes.next()?;
            if self.in_string {
                match (self.escaped, byte) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => self.in_string = false,
                    _ => {}
                }
                return Some(byte);
            }
            match byte {
                b' ' | b'\t' | b'\n' | b'\r' => continue,
                b'"' => self.in_string = true,
                _ => {}
            }
            return Some(byte);
        }
    }
}

impl From<Value> for Json {
    fn from(value: Value) -> Json {
        let raw = serde_json::value::to_raw_value(&value)
            // A `Value` always encodes: its keys are strings.
            .unwrap_or_else(|_| RawValue::NULL.to_owned());
        let parsed = OnceLock::new();
        let _ = parsed.set(Box::new(value));
        Json {
            raw,
            value: parsed,
            secret: false,
        }
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

impl TryFrom<Json> for Value {
    type Error = serde_json::Error;

    /// See [`Json::into_value`].
    fn try_from(json: Json) -> Result<Value, serde_json::Error> {
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
