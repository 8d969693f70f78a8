//! The tolerant reader's report: the values of a decoded answer that do not fit
//! what the document says, each kept exactly as received.
//!
//! Okta's answers do not always follow its own document: a date-time in epoch
//! milliseconds, `20.0` for an integer, an object where a list is documented. A
//! model keeps such a value aside, under its wire name in its additional
//! properties, so that it is written back unchanged, and its typed field stays
//! unset. [`Mismatches::mismatches`] lists them, with the JSON path and what the
//! document expected.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use crate::json::{AdditionalProperties, Json};
use crate::nullable::Nullable;
use crate::redact::{is_secret_key, redact_json};
use crate::secret::{SecretJson, SecretString};
use crate::timestamp::Timestamp;

/// A value of a decoded answer that does not fit the document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mismatch {
    path: String,
    expected: Cow<'static, str>,
    received: Received,
}

/// What came where the document expected something else.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Received {
    /// The JSON text, with the values of secret-looking members inside redacted.
    Text(String),
    /// A value under a secret field or member: never shown.
    Secret,
}

impl Mismatch {
    /// Where the value is, from the answer's root: `settings.app.url`, `[3].created`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the document says the value is, as serde words it: `a string`,
    /// `an AppUser object`, `a list of a string`.
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// The JSON text that came, with secret-looking members inside it redacted;
    /// `None` for a value under a secret field or a secret-looking member.
    pub fn received(&self) -> Option<&str> {
        match &self.received {
            Received::Text(text) => Some(text),
            Received::Secret => None,
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.path.is_empty() {
            "."
        } else {
            &self.path
        };
        write!(f, "`{at}`: expected {}, ", self.expected)?;
        match &self.received {
            Received::Text(text) if text.chars().count() > SHOWN_CHARS => {
                let cut: String = text.chars().take(SHOWN_CHARS).collect();
                write!(f, "received {cut}…")
            }
            Received::Text(text) => write!(f, "received {text}"),
            Received::Secret => f.write_str("received a value under a secret (not shown)"),
        }
    }
}

/// How much of a received value [`Mismatch`]'s `Display` shows.
const SHOWN_CHARS: usize = 120;

/// The values of a decoded answer that do not fit the document.
///
/// Every model, and every list or map of them, has it. Decoding an answer never
/// fails because a value contradicts its declared type: the value is kept as it
/// came (under its wire name in the model's additional properties, so that it is
/// written back unchanged), the typed field stays unset, and this lists it.
/// A value Okta sent as `null` for a field the document does not mark nullable is
/// kept the same way but not listed: Okta writes `null` for "unset".
///
/// ```
/// use okta_apps::Mismatches;
/// use okta_apps::models::AppUser;
///
/// // `created` is documented as a date-time string; this one is epoch milliseconds.
/// let text = r#"{"id":"00u1","created":1709195400000}"#;
/// let user: AppUser = okta_apps::decode(text.as_bytes())?;
/// assert_eq!(user.id.as_deref(), Some("00u1"));
/// assert!(user.created.is_none());
/// let found = user.mismatches();
/// assert_eq!(found[0].path(), "created");
/// assert_eq!(found[0].received(), Some("1709195400000"));
/// assert_eq!(serde_json::to_string(&user)?, text);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Mismatches: Walk {
    /// Every value that does not fit, in the order of the fields.
    fn mismatches(&self) -> Vec<Mismatch> {
        let mut walker = Walker::default();
        self.walk(&mut walker);
        walker.found
    }
}

impl<T: Walk + ?Sized> Mismatches for T {}

/// A type a decoded answer can hold: what the document expects of it, and the
/// values inside it that did not fit. Implemented by the crate for its models and
/// the types of their fields; not meant to be implemented elsewhere (its module is
/// private).
pub trait Walk {
    /// What the document says a value of this type is.
    fn expected() -> Cow<'static, str>
    where
        Self: Sized;

    /// Whether the value is a secret, whose text a mismatch never shows.
    fn is_secret() -> bool
    where
        Self: Sized,
    {
        false
    }

    /// Adds the values inside `self` that do not fit.
    fn walk(&self, walker: &mut Walker) {
        let _ = walker;
    }
}

/// Collects mismatches while going down a decoded value.
#[derive(Default)]
pub struct Walker {
    path: String,
    /// Inside a secret field or a secret-looking member: no text is shown.
    secret: bool,
    found: Vec<Mismatch>,
}

impl Walker {
    /// An optional field: its value, or what was kept aside under its name.
    pub(crate) fn optional<T: Walk>(
        &mut self,
        wire: &str,
        value: Option<&T>,
        aside: &AdditionalProperties,
    ) {
        self.member(wire, T::is_secret(), |walker| match value {
            Some(value) => value.walk(walker),
            // A `null` aside is Okta's "unset", not a contradiction.
            None => match aside.get(wire) {
                Some(kept) if kept.as_text() != "null" => walker.unfit::<T>(kept),
                _ => {}
            },
        });
    }

    /// A required field, always present once decoded.
    pub(crate) fn required<T: Walk>(&mut self, wire: &str, value: &T) {
        self.member(wire, T::is_secret(), |walker| value.walk(walker));
    }

    /// A value kept aside because it did not decode as `T`, at the current path.
    fn unfit<T: Walk>(&mut self, kept: &Json) {
        self.record(T::expected(), || redact_json(kept.as_text()).into_owned());
    }

    /// Text that does not fit a string format (a date-time that is not RFC 3339).
    pub(crate) fn unfit_text(&mut self, expected: &'static str, text: &str) {
        self.record(Cow::Borrowed(expected), || {
            serde_json::to_string(text).expect("a string encodes")
        });
    }

    /// A mismatch at the current path; `received` writes the JSON text that came,
    /// which is not asked for inside a secret (`member` tracks that, the field's own
    /// secrecy included).
    fn record(&mut self, expected: Cow<'static, str>, received: impl FnOnce() -> String) {
        let received = if self.secret {
            Received::Secret
        } else {
            Received::Text(received())
        };
        self.found.push(Mismatch {
            path: self.path.clone(),
            expected,
            received,
        });
    }

    fn member(&mut self, name: &str, secret: bool, inside: impl FnOnce(&mut Walker)) {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        let was_secret = self.secret;
        self.secret |= secret || is_secret_key(name);
        inside(self);
        self.secret = was_secret;
        self.path.truncate(len);
    }

    fn item<T: Walk>(&mut self, index: usize, value: &T) {
        let len = self.path.len();
        let _ = write!(self.path, "[{index}]");
        value.walk(self);
        self.path.truncate(len);
    }
}

/// Types with nothing inside that could fail to fit.
macro_rules! leaf {
    ($($ty:ty => $expected:literal),* $(,)?) => {
        $(impl Walk for $ty {
            fn expected() -> Cow<'static, str> {
                Cow::Borrowed($expected)
            }
        })*
    };
}

leaf! {
    String => "a string",
    bool => "a boolean",
    i32 => "an integer (32 bits)",
    i64 => "an integer (64 bits)",
    f64 => "a number",
    Json => "any JSON value",
    // A `json` answer or item as the wire reads it (`Role::Wire`): anything fits.
    serde_json::Value => "any JSON value",
}

impl Walk for SecretString {
    fn expected() -> Cow<'static, str> {
        Cow::Borrowed("a string")
    }

    fn is_secret() -> bool {
        true
    }
}

impl Walk for SecretJson {
    fn expected() -> Cow<'static, str> {
        Cow::Borrowed("any JSON value")
    }

    fn is_secret() -> bool {
        true
    }
}

impl Walk for Timestamp {
    fn expected() -> Cow<'static, str> {
        Cow::Borrowed("an RFC 3339 date-time string")
    }

    fn walk(&self, walker: &mut Walker) {
        if !self.is_rfc3339() {
            walker.unfit_text("an RFC 3339 date-time string", self.as_str());
        }
    }
}

impl<T: Walk> Walk for Vec<T> {
    fn expected() -> Cow<'static, str> {
        Cow::Owned(format!("a list of {}", T::expected()))
    }

    fn walk(&self, walker: &mut Walker) {
        for (index, item) in self.iter().enumerate() {
            walker.item(index, item);
        }
    }
}

impl<T: Walk> Walk for BTreeMap<String, T> {
    fn expected() -> Cow<'static, str> {
        Cow::Owned(format!("a map of {}", T::expected()))
    }

    fn walk(&self, walker: &mut Walker) {
        for (key, value) in self {
            walker.member(key, false, |walker| value.walk(walker));
        }
    }
}

impl<T: Walk> Walk for Nullable<T> {
    fn expected() -> Cow<'static, str> {
        Cow::Owned(format!("{} or null", T::expected()))
    }

    fn is_secret() -> bool {
        T::is_secret()
    }

    fn walk(&self, walker: &mut Walker) {
        if let Nullable::Value(value) = self {
            value.walk(walker);
        }
    }
}

impl<T: Walk> Walk for crate::items::Items<T> {
    fn expected() -> Cow<'static, str> {
        Cow::Owned(format!("a list of {}", T::expected()))
    }

    fn walk(&self, walker: &mut Walker) {
        for (index, item) in self.entries().iter().enumerate() {
            if let Ok(item) = item {
                walker.item(index, item);
            }
        }
    }
}

/// Says at decode what did not fit, one `WARN` event per value, never with the
/// text of a secret.
pub(crate) fn report<T: Walk>(body: &T) {
    for mismatch in body.mismatches() {
        tracing::warn!(
            path = mismatch.path(),
            expected = mismatch.expected(),
            received = mismatch.received().unwrap_or("(not shown)"),
            "a value of the answer does not fit the document; kept as received"
        );
    }
}

/// Decodes an answer's JSON as the client does: a value that does not fit its
/// declared type is kept as received and listed by [`Mismatches`] instead of
/// failing the whole answer (see the crate's README, "What an answer may
/// contain"). What still fails: text that is not JSON, a key that comes twice
/// in one object, a body that is not the documented kind of JSON value at all
/// (a string where an object is documented), and a required field that is
/// absent (the object holding it is then kept aside, as received, at its parent).
///
/// `serde_json::from_slice` of a model stays strict: it fails on the first value
/// that does not fit.
pub fn decode<T: serde::de::DeserializeOwned + Walk>(json: &[u8]) -> Result<T, serde_json::Error> {
    decode_json_bytes(json)
}

/// [`decode`] for any `T`: strictly first, which is faster, then tolerantly. The
/// strict error is the one returned when both fail.
pub(crate) fn decode_json_bytes<T: serde::de::DeserializeOwned>(
    json: &[u8],
) -> Result<T, serde_json::Error> {
    match serde_json::from_slice(json) {
        Ok(value) => Ok(value),
        Err(strict) => match crate::model_support::tolerantly(|| serde_json::from_slice(json)) {
            Ok(value) => Ok(value),
            Err(_) => Err(strict),
        },
    }
}
