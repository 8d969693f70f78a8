//! RFC 3339 date-times that keep the exact text Okta sent.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date-time as Okta sent it, normally RFC 3339, such as `2024-02-29T08:30:00.000Z`.
///
/// The text is kept verbatim, so a value read from Okta is written back byte for
/// byte (`.000Z` stays `.000Z`, `+02:00` stays `+02:00`). Decoding takes any
/// string: Okta also sends date-times that are not RFC 3339
/// (`2025-09-24 04:05:52.0`, `Wed Mar 04 10:08:01 UTC 2026`), and such a value is
/// kept as text too, with [`is_rfc3339`](Self::is_rfc3339) false and listed by
/// [`Mismatches`](crate::Mismatches). The instant an RFC 3339 text names is
/// available through [`unix_seconds`](Self::unix_seconds),
/// [`subsec_nanos`](Self::subsec_nanos) and [`to_system_time`](Self::to_system_time);
/// for other text they are `None`. What the crate builds itself
/// ([`parse`](Self::parse), [`from_unix`](Self::from_unix)) is always RFC 3339.
///
/// Two timestamps are equal when their text is equal; they are ordered by the
/// instant first, then by text, so that `2024-01-01T00:00:00Z` and
/// `2024-01-01T00:00:00.000Z` sort together but stay distinct; text that is not
/// RFC 3339 sorts after every instant.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: Text,
    /// `None` when the text is not RFC 3339.
    instant: Option<Parts>,
}

/// Why a string is not an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    text: String,
    reason: &'static str,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an RFC 3339 date-time: {}",
            self.text, self.reason
        )
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Checks `text` and keeps it as it is.
    pub fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        parse(text)
            .map(|parts| parts.with_text(Text::new(text)))
            .map_err(|reason| TimestampError {
                text: text.to_owned(),
                reason,
            })
    }

    /// The UTC timestamp for an instant, written as Okta writes them:
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, or with nine fraction digits when the
    /// instant is not a whole millisecond. `None` outside the years 0000 to 9999
    /// or when `nanos` is a second or more.
    pub fn from_unix(unix_seconds: i64, nanos: u32) -> Option<Timestamp> {
        if nanos >= 1_000_000_000 {
            return None;
        }
        let days = unix_seconds.div_euclid(86_400);
        let secs = unix_seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        if !(0..=9999).contains(&year) {
            return None;
        }
        let (hour, minute, second) = (secs / 3600, secs / 60 % 60, secs % 60);
        let fraction = if nanos % 1_000_000 == 0 {
            format!("{:03}", nanos / 1_000_000)
        } else {
            format!("{nanos:09}")
        };
        let text =
            format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{fraction}Z");
        Some(Timestamp {
            text: Text::from_string(text),
            instant: Some(Parts {
                unix_seconds,
                nanos,
                offset_minutes: 0,
            }),
        })
    }

    /// The timestamp for a [`SystemTime`], in UTC; `None` outside the years 0000 to 9999.
    pub fn from_system_time(time: SystemTime) -> Option<Timestamp> {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => {
                Timestamp::from_unix(i64::try_from(after.as_secs()).ok()?, after.subsec_nanos())
            }
            Err(before) => {
                let before = before.duration();
                let mut secs = -i64::try_from(before.as_secs()).ok()?;
                let mut nanos = before.subsec_nanos();
                if nanos > 0 {
                    secs -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                Timestamp::from_unix(secs, nanos)
            }
        }
    }

    /// The text exactly as received or built.
    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    /// Whether the text is an RFC 3339 date-time, as the document says it is; a
    /// decoded value may be other text Okta sent.
    pub fn is_rfc3339(&self) -> bool {
        self.instant.is_some()
    }

    /// Why the text is not an RFC 3339 date-time, or `Ok` when it is.
    pub fn check(&self) -> Result<(), TimestampError> {
        match parse(self.text.as_str()) {
            Ok(_) => Ok(()),
            Err(reason) => Err(TimestampError {
                text: self.text.as_str().to_owned(),
                reason,
            }),
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z, negative before it; `None` for text that
    /// is not RFC 3339.
    pub fn unix_seconds(&self) -> Option<i64> {
        self.instant.as_ref().map(|i| i.unix_seconds)
    }

    /// Nanoseconds past [`unix_seconds`](Self::unix_seconds); digits past the ninth are
    /// dropped. `None` for text that is not RFC 3339.
    pub fn subsec_nanos(&self) -> Option<u32> {
        self.instant.as_ref().map(|i| i.nanos)
    }

    /// The UTC offset the text was written with, in minutes (`Z` is 0); `None` for
    /// text that is not RFC 3339.
    pub fn offset_minutes(&self) -> Option<i16> {
        self.instant.as_ref().map(|i| i.offset_minutes)
    }

    /// The instant as a [`SystemTime`]; `None` for text that is not RFC 3339, or when
    /// the platform cannot represent it.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let Parts {
            unix_seconds,
            nanos,
            ..
        } = *self.instant.as_ref()?;
        if unix_seconds >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(u64::try_from(unix_seconds).ok()?, nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(unix_seconds.unsigned_abs()))?
                .checked_add(Duration::from_nanos(u64::from(nanos)))
        }
    }

    /// Keeps any text: what Okta sent, RFC 3339 or not.
    fn received(text: Text) -> Timestamp {
        let instant = parse(text.as_str()).ok();
        Timestamp { text, instant }
    }

    /// Takes the text.
    pub fn into_string(self) -> String {
        self.text.into_string()
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        // `None` last: text that names no instant sorts after every instant.
        let key = |t: &Timestamp| {
            let instant = t.instant.as_ref().map(|i| (i.unix_seconds, i.nanos));
            (instant.is_none(), instant)
        };
        key(self)
            .cmp(&key(other))
            .then_with(|| self.text.as_str().cmp(other.text.as_str()))
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.text.as_str())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text.as_str())
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text)
    }
}

impl TryFrom<String> for Timestamp {
    type Error = TimestampError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        match parse(&text) {
            Ok(parts) => Ok(parts.with_text(Text::from_string(text))),
            Err(reason) => Err(TimestampError { text, reason }),
        }
    }
}

impl TryFrom<&str> for Timestamp {
    type Error = TimestampError;

    fn try_from(text: &str) -> Result<Self, Self::Error> {
        Timestamp::parse(text)
    }
}

impl TryFrom<SystemTime> for Timestamp {
    type Error = TimestampError;

    /// See [`Timestamp::from_system_time`]; an error for a time outside the years 0000 to 9999.
    fn try_from(time: SystemTime) -> Result<Timestamp, TimestampError> {
        Timestamp::from_system_time(time).ok_or_else(|| TimestampError {
            text: format!("{time:?}"),
            reason: "the time is outside the years 0000 to 9999",
        })
    }
}

impl From<Timestamp> for String {
    fn from(timestamp: Timestamp) -> String {
        timestamp.text.into_string()
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        self.text.as_str()
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.text.as_str())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Ok(Timestamp::received(Text::new(text)))
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Timestamp, E> {
                Ok(Timestamp::received(Text::from_string(text)))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

/// `YYYY-MM-DD(T|t| )HH:MM:SS[.fraction](Z|z|±HH:MM)`.
fn parse(text: &str) -> Result<Parts, &'static str> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return Err("too short");
    }
    let year = digits(b, 0, 4).ok_or("the year is not four digits")?;
    let month = digits(b, 5, 2).ok_or("the month is not two digits")?;
    let day = digits(b, 8, 2).ok_or("the day is not two digits")?;
    let hour = digits(b, 11, 2).ok_or("the hour is not two digits")?;
    let minute = digits(b, 14, 2).ok_or("the minute is not two digits")?;
    let second = digits(b, 17, 2).ok_or("the second is not two digits")?;
    if b[4] != b'-' || b[7] != b'-' {
        return Err("the date is not YYYY-MM-DD");
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return Err("no `T` between date and time");
    }
    if b[13] != b':' || b[16] != b':' {
        return Err("the time is not HH:MM:SS");
    }
    if !(1..=12).contains(&month) {
        return Err("the month is out of range");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("the day is out of range");
    }
    // 60 is a leap second.
    if hour > 23 || minute > 59 || second > 60 {
        return Err("the time is out of range");
    }
    let mut i = 19;
    let mut nanos: u32 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(d - b'0');
            }
            i += 1;
        }
        if i == start {
            return Err("no digits after the decimal point");
        }
        for _ in (i - start)..9 {
            nanos *= 10;
        }
    }
    let offset_minutes = match &b[i..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let hours = digits(b, i + 1, 2).ok_or("the offset hour is not two digits")?;
            let minutes = digits(b, i + 4, 2).ok_or("the offset minute is not two digits")?;
            if hours > 23 || minutes > 59 {
                return Err("the offset is out of range");
            }
            let offset = (hours * 60 + minutes) as i16;
            if *sign == b'-' { -offset } else { offset }
        }
        _ => return Err("no `Z` or `±HH:MM` offset at the end"),
    };
    let days = days_from_civil(i64::from(year), month, day);
    let local = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Ok(Parts {
        unix_seconds: local - i64::from(offset_minutes) * 60,
        nanos,
        offset_minutes,
    })
}

/// The longest text kept inline: `YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM`.
const INLINE: usize = 35;

/// A timestamp's text: inline when it has at most nine fraction digits, as
/// every date-time Okta sends does, so that decoding one allocates nothing.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Text {
    /// The first `len` bytes are the text, the rest are zero.
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Text {
    fn new(text: &str) -> Text {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                Text::Inline { len, bytes }
            }
            _ => Text::Heap(text.into()),
        }
    }

    fn from_string(text: String) -> Text {
        if text.len() <= INLINE {
            Text::new(&text)
        } else {
            Text::Heap(text.into_boxed_str())
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // The bytes were copied whole from a `str`, so they are UTF-8.
            Text::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Text::Heap(text) => text,
        }
    }

    fn into_string(self) -> String {
        match self {
            Text::Inline { .. } => self.as_str().to_owned(),
            Text::Heap(text) => text.into_string(),
        }
    }
}

/// What [`parse`] reads from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Parts {
    unix_seconds: i64,
    nanos: u32,
    offset_minutes: i16,
}

impl Parts {
    fn with_text(self, text: Text) -> Timestamp {
        Timestamp {
            text,
            instant: Some(self),
        }
    }
}

fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let slice = b.get(at..at + len)?;
    slice.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
