//! The JSON-shaped value the rules engine reads.
//!
//! Why not `serde_json::Value`: the wasm build must stay small (serde_json costs ~14 KB gzip) and
//! must describe values JSON cannot hold but a JS caller can pass (`undefined`, `NaN`, a BigInt,
//! a `Date`, a getter that throws) and values past the reader's limits, so each becomes an issue
//! instead of a crash. Native callers convert from `serde_json::Value` with [`Value::from_json`].

use std::borrow::Cow;

/// Deepest nesting the readers descend into; deeper values become [`Value::Unreadable`].
/// Real orders nest four levels at most.
pub const MAX_DEPTH: usize = 32;
/// Longest string read, in UTF-16 code units (JS) or bytes (native). A CSR is a few KB.
pub const MAX_STRING_LEN: usize = 65_536;
/// Most elements read from one array, or keys from one object.
pub const MAX_ITEMS: usize = 10_000;
/// Most values read from one order in all: bounds objects that share parts (a DAG, which a
/// naive walk would expand exponentially).
pub const MAX_VALUES: usize = 100_000;
/// Largest copy of an order the npm package hands to the rules (its tape, src/tape.rs), in
/// bytes: within the other limits, an order can still repeat one long string tens of thousands
/// of times, and a copy that size is more memory than a page should take.
pub const MAX_BYTES: usize = 1 << 30;

/// A JSON value, or a note on why part of the input could not be read as one.
///
/// Strings and keys borrow from the JSON text they were parsed from when they hold no escapes
/// (nearly always), so reading an order allocates only its lists and objects: measured as most
/// of the parse time when every string was copied.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// JSON numbers; integer rules accept only finite whole numbers.
    Number(f64),
    /// A string.
    String(Cow<'a, str>),
    /// A list.
    Array(Vec<Value<'a>>),
    /// Keys in input order; duplicates cannot come from JS or `serde_json`.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
    /// A part that was not read, and why: the rules report it where it is.
    Unreadable(Unreadable),
}

/// Why a value was not read. The limits are the npm package's reader's too (its README says
/// them); readers may come to refuse more, so match with a `_` arm.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Unreadable {
    /// A JS value JSON has no form for; the text says which (`"undefined"`, `"NaN"`, `"a BigInt"`).
    NotJson(String),
    /// Nested deeper than 32 levels (real orders nest four at most).
    TooDeep,
    /// A string longer than 65,536 UTF-16 code units (JavaScript's `length`); holds its length.
    StringTooLong(usize),
    /// An array or object with more than 10,000 entries; holds the count.
    TooManyItems(usize),
    /// Reading it threw in JS (a getter, a Proxy trap).
    Threw,
    /// The order holds more than 100,000 values in all; this one was not read.
    TooManyValues,
    /// The order's copy for the rules would be larger than 1 GiB (the npm package's reader
    /// only): the order was not read.
    TooBig,
}

impl<'a> Value<'a> {
    /// The field `key` of an object, `None` for other values or a missing key.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            // The last of repeated keys wins, as in JSON.parse.
            Value::Object(fields) => fields
                .iter()
                .rev()
                .find(|(k, _)| same(text(k), key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows object keys; `None` as soon as one is missing or a step is not an object.
    pub fn at(&self, keys: &[&str]) -> Option<&Value<'a>> {
        keys.iter().try_fold(self, |v, k| v.get(k))
    }

    /// The same value owning its strings, to keep it past the text it was parsed from.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(fields) => Value::Object(
                fields
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
            Value::Unreadable(u) => Value::Unreadable(u),
        }
    }

    /// The text of a string, `None` for other values.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    /// A finite whole number that fits `i64`, as integer fields need.
    pub fn as_int(&self) -> Option<i64> {
        match *self {
            Value::Number(n) if is_int(n) => Some(n as i64),
            _ => None,
        }
    }

    /// Whether it is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// How a message names this value's type: "a string", "null", ...
    pub fn kind(&self) -> &str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(n) if is_int(*n) => "an integer",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Unreadable(Unreadable::NotJson(what)) => what,
            Value::Unreadable(_) => "an unreadable value",
        }
    }
}

/// Written as the JSON it was read from (lifecycle bodies keep the fields the models do not name
/// this way); an unreadable part is written as `null`.
impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null | Value::Unreadable(_) => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            // A whole number as an integer, as JSON had it (`5`, not `5.0`): a reader that takes
            // an id as an integer must be able to read the body written again.
            Value::Number(n) if is_int(*n) => s.serialize_i64(*n as i64),
            Value::Number(n) => s.serialize_f64(*n),
            Value::String(t) => s.serialize_str(text(t)),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(text(k), v)?;
                }
                map.end()
            }
        }
    }
}

/// String equality that rejects on length first, written out so that it compiles to a plain
/// loop in the size-optimized wasm build: keys are compared against field names for every entry
/// of every object, and there `==` on strings (and `Cow`'s deref) stays a chain of calls ending
/// in `memcmp`, measured as a fifth of a valid order's validation.
#[inline(always)]
pub(crate) fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    for (i, &x) in a.iter().enumerate() {
        match b.get(i) {
            Some(&y) if x == y => {}
            _ => return false,
        }
    }
    true
}

/// A key's text without a call to `Cow`'s `Deref` (see [`same`]); taking `&Cow` rather than
/// `&str` is the point.
#[inline(always)]
#[allow(clippy::ptr_arg)]
pub(crate) fn text<'b>(s: &'b Cow<'_, str>) -> &'b str {
    match s {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => s.as_str(),
    }
}

/// A string's length as JavaScript counts it (UTF-16 code units), so every reader applies
/// [`MAX_STRING_LEN`] alike. (Used by the native reader and the tape's, which a wasm32 build
/// without the internals has neither of.)
#[cfg_attr(
    all(target_arch = "wasm32", not(feature = "__internals")),
    allow(dead_code)
)]
pub fn utf16_len(s: &str) -> usize {
    // ASCII (nearly every string) is checked a word at a time; the per-byte count was a sixth
    // of an invalid order's time in the size-optimised wasm.
    if s.is_ascii() {
        return s.len();
    }
    let mut n = 0;
    for &b in s.as_bytes() {
        n += usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
    }
    n
}

/// Whole, finite, and within ±2^53 (beyond that a JS number is no longer exact).
pub fn is_int(n: f64) -> bool {
    n.is_finite() && n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0
}

#[cfg(not(target_arch = "wasm32"))]
impl Value<'_> {
    /// Converts a `serde_json::Value`, applying the same limits as the JS reader ([`Unreadable`]:
    /// lists and objects 32 levels deep, strings past 65,536 UTF-16 units, more than 10,000
    /// entries, more than 100,000 values in all).
    pub fn from_json(json: &serde_json::Value) -> Value<'_> {
        from_json_at(json, 0, &mut MAX_VALUES.clone())
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn from_json_at<'a>(json: &'a serde_json::Value, depth: usize, budget: &mut usize) -> Value<'a> {
    use serde_json::Value as J;
    if *budget == 0 {
        return Value::Unreadable(Unreadable::TooManyValues);
    }
    *budget -= 1;
    match json {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => n
            .as_f64()
            .map(Value::Number)
            .unwrap_or(Value::Unreadable(Unreadable::NotJson("a number".into()))),
        J::String(s) if s.len() > MAX_STRING_LEN && utf16_len(s) > MAX_STRING_LEN => {
            Value::Unreadable(Unreadable::StringTooLong(utf16_len(s)))
        }
        J::String(s) => Value::String(Cow::Borrowed(s)),
        J::Array(_) | J::Object(_) if depth >= MAX_DEPTH => Value::Unreadable(Unreadable::TooDeep),
        J::Array(items) if items.len() > MAX_ITEMS => {
            Value::Unreadable(Unreadable::TooManyItems(items.len()))
        }
        J::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| from_json_at(v, depth + 1, budget))
                .collect(),
        ),
        J::Object(map) if map.len() > MAX_ITEMS => {
            Value::Unreadable(Unreadable::TooManyItems(map.len()))
        }
        J::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    (
                        Cow::Borrowed(k.as_str()),
                        from_json_at(v, depth + 1, budget),
                    )
                })
                .collect(),
        ),
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl<'a> From<&'a serde_json::Value> for Value<'a> {
    fn from(json: &'a serde_json::Value) -> Value<'a> {
        Value::from_json(json)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn deep_json_is_cut_off() {
        let mut v = serde_json::json!(1);
        for _ in 0..200 {
            v = serde_json::json!([v]);
        }
        let mut cur = &Value::from_json(&v);
        let mut depth = 0;
        while let Value::Array(items) = cur {
            cur = &items[0];
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
        assert_eq!(cur, &Value::Unreadable(Unreadable::TooDeep));
    }

    #[test]
    fn equal_texts() {
        let a = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\u{e9}";
        for (x, y) in [
            (a, a),
            ("", ""),
            ("abc", "abd"),
            ("abcdefgh\u{e9}", "abcdefgh\u{e8}"),
            (a, "x"),
        ] {
            assert_eq!(same(x, y), x == y, "{x:?} {y:?}");
        }
    }

    #[test]
    fn ints() {
        assert_eq!(Value::Number(3.0).as_int(), Some(3));
        assert_eq!(Value::Number(-0.0).as_int(), Some(0));
        assert_eq!(Value::Number(1.5).as_int(), None);
        assert_eq!(Value::Number(f64::NAN).as_int(), None);
        assert_eq!(Value::Number(1e300).as_int(), None);
    }
}
