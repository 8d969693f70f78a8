//! Lists decoded item by item: one bad item never loses a page.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON list whose items are decoded one by one, in order.
///
/// An item that does not decode as `T` does not fail the list: it becomes an
/// [`ItemError`] at its place, with its index, the field path inside it and its
/// exact JSON, and every other item is still there. Encoding an `Items` writes
/// the bad items back verbatim, so nothing is lost on a round trip.
///
/// The happy path costs one ordinary decode of `Vec<T>`; only a list with a
/// bad item is read a second time, item by item. Decoding needs `serde_json`
/// (the bad items are kept as [`RawValue`]).
#[derive(Debug, Clone)]
pub struct Items<T> {
    entries: Vec<Result<T, ItemError>>,
}

/// An item of an [`Items`] list that did not decode.
///
/// Its `Debug` shows the item's JSON with secret-looking values redacted;
/// [`raw_json`](Self::raw_json) gives it exactly.
#[derive(Clone)]
pub struct ItemError {
    index: usize,
    page: Option<usize>,
    path: String,
    message: String,
    raw: Box<RawValue>,
}

impl ItemError {
    /// The item's position in the list (in its page, for a paginated list), from 0.
    pub fn index(&self) -> usize {
        self.index
    }

    /// For an item of a paginated list, the page it was on, from 0.
    pub fn page(&self) -> Option<usize> {
        self.page
    }

    /// Where decoding failed, from the list: e.g. `[3].settings.app.url`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What went wrong there: the kind of value found and what was expected, never
    /// the value's text (it may be a secret, or hold one).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The item's JSON, exactly as received.
    pub fn raw_json(&self) -> &str {
        self.raw.get()
    }

    /// The item's JSON as a value, or why `serde_json::Value` cannot hold it (nesting
    /// deeper than serde_json's limit, a number out of `f64`'s range, a lone surrogate).
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_str(self.raw.get())
    }
}

impl fmt::Debug for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemError")
            .field("index", &self.index)
            .field("page", &self.page)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("raw", &crate::redact::redact_json(self.raw.get()))
            .finish()
    }
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "item {}", self.index)?;
        if let Some(page) = self.page {
            write!(f, " of page {page}")?;
        }
        write!(f, " did not decode at `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for ItemError {}

impl<T: DeserializeOwned> Items<T> {
    /// Decodes a JSON list, each item tolerantly (see [`crate::decode`]); `Err` only
    /// when `json` is not a JSON list at all.
    pub fn from_slice(json: &[u8]) -> Result<Items<T>, serde_json::Error> {
        if let Ok(items) = crate::conform::decode_json_bytes::<Vec<T>>(json) {
            return Ok(Items::from(items));
        }
        let raw: Vec<&RawValue> = serde_json::from_slice(json)?;
        Ok(Items {
            entries: raw
                .into_iter()
                .enumerate()
                .map(|(index, raw)| decode_item(index, raw))
                .collect(),
        })
    }
}

fn decode_item<T: DeserializeOwned>(index: usize, raw: &RawValue) -> Result<T, ItemError> {
    // From bytes, like a whole body: one instance of every model's decoder serves both.
    if let Ok(item) = crate::conform::decode_json_bytes(raw.get().as_bytes()) {
        return Ok(item);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(raw.get().as_bytes());
    let tracked =
        crate::model_support::tolerantly(|| serde_path_to_error::deserialize(&mut deserializer));
    tracked.map_err(|e| {
        let inner = e.path().to_string();
        let path = match inner.as_str() {
            "." => format!("[{index}]"),
            _ if inner.starts_with('[') => format!("[{index}]{inner}"),
            _ => format!("[{index}].{inner}"),
        };
        ItemError {
            index,
            page: None,
            path,
            message: crate::redact::without_body_values(&e.into_inner().to_string()),
            raw: raw.to_owned(),
        }
    })
}

impl<T> Items<T> {
    /// Marks every bad item with the page of a paginated list it came from.
    pub(crate) fn set_page(&mut self, page: usize) {
        for entry in &mut self.entries {
            if let Err(error) = entry {
                error.page = Some(page);
            }
        }
    }

    /// Every item in list order, decoded or not.
    pub fn entries(&self) -> &[Result<T, ItemError>] {
        &self.entries
    }

    /// Takes every item in list order, decoded or not.
    pub fn into_entries(self) -> Vec<Result<T, ItemError>> {
        self.entries
    }

    /// The items that decoded, in list order.
    pub fn ok(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().filter_map(|e| e.as_ref().ok())
    }

    /// The items that did not decode, in list order.
    pub fn errors(&self) -> impl Iterator<Item = &ItemError> {
        self.entries.iter().filter_map(|e| e.as_ref().err())
    }

    /// Whether every item decoded.
    pub fn is_complete(&self) -> bool {
        self.entries.iter().all(Result::is_ok)
    }

    /// All the items, or the first one that did not decode.
    pub fn into_complete(self) -> Result<Vec<T>, ItemError> {
        self.entries.into_iter().collect()
    }

    /// Splits the list into the items that decoded and the ones that did not.
    pub fn into_parts(self) -> (Vec<T>, Vec<ItemError>) {
        let mut ok = Vec::with_capacity(self.entries.len());
        let mut errors = Vec::new();
        for entry in self.entries {
            match entry {
                Ok(item) => ok.push(item),
                Err(error) => errors.push(error),
            }
        }
        (ok, errors)
    }

    /// How many items the list had, decoded or not.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list was empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<T> From<Vec<T>> for Items<T> {
    fn from(items: Vec<T>) -> Self {
        Items {
            entries: items.into_iter().map(Ok).collect(),
        }
    }
}

impl<T: Serialize> Serialize for Items<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.entries.len()))?;
        for entry in &self.entries {
            match entry {
                Ok(item) => seq.serialize_element(item)?,
                Err(error) => seq.serialize_element(&error.raw)?,
            }
        }
        seq.end()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Items<T> {
    /// Buffers each item as raw JSON first, so it works with `serde_json`
    /// deserializers only; [`Items::from_slice`] is faster on a list without bad items.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Vec::<Box<RawValue>>::deserialize(deserializer)?;
        Ok(Items {
            entries: raw
                .iter()
                .enumerate()
                .map(|(index, raw)| decode_item(index, raw))
                .collect(),
        })
    }
}
