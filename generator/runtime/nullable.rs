//! Fields Okta lets a caller set to `null`, to clear them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of a field that the spec marks `nullable`: either `null` or a value.
///
/// Such a field is an `Option<Nullable<T>>` when optional, so that it has three
/// states, each kept through a decode and an encode: unset (`None`, not sent),
/// `null` (`Some(Nullable::Null)`, sent as `null`, which clears the field at Okta)
/// and a value (`Some(Nullable::Value(v))`).
///
/// ```
/// use okta_apps::Nullable;
///
/// let city: Nullable<String> = serde_json::from_str("null")?;
/// assert!(city.is_null());
/// let city = Nullable::from("Paris".to_owned());
/// assert_eq!(city.value().map(String::as_str), Some("Paris"));
/// assert_eq!(serde_json::to_string(&Nullable::<String>::Null)?, "null");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// `null`: the field is cleared.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, unless this is `null`.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }

    /// The value to change in place, unless this is `null`.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }

    /// Takes the value, unless this is `null`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Nullable::Null,
            Some(value) => Nullable::Value(value),
        })
    }
}
