//! JSON text out without serde_json (which would cost the wasm ~14 KB gzip): [`to_string`]
//! writes what the bindings hand to one `JSON.parse` on the JS side (field descriptions,
//! products, responses, error details). Orders and reports cross as tapes instead
//! ([`crate::tape`]). Nothing here reads JSON text: the wasm build has the host's `JSON.parse`
//! read it and the package's tape writer hand it over (the binding crate's wasm/src/host.rs),
//! native code serde_json. `has_repeated_key` is for the tape reader.

use std::borrow::Cow;

use crate::value::{same, text, Value};

/// Whether two of an object's entries share a key. JS objects never do, so the tape reader
/// refuses such bytes (it once kept the last value, as JSON.parse does: 1.2 KB more of wasm for
/// what the writer never produces). Small objects (every real order's) are checked pairwise
/// without allocating; bigger ones by sorting their keys, which keeps a hostile 10,000-key object
/// O(n log n).
pub(crate) fn has_repeated_key(fields: &[(Cow<'_, str>, Value<'_>)]) -> bool {
    if fields.len() <= 32 {
        return fields.iter().enumerate().any(|(i, (key, _))| {
            fields
                .get(..i)
                .unwrap_or_default()
                .iter()
                .any(|(k, _)| same(text(k), text(key)))
        });
    }
    let mut keys: Vec<&str> = Vec::with_capacity(fields.len());
    for (k, _) in fields {
        keys.push(text(k));
    }
    heapsort(&mut keys);
    keys.windows(2).any(|w| w.first() == w.get(1))
}

/// Heapsort: O(n log n) in a few hundred bytes of wasm, where `sort_unstable_by` brings ~3 KB
/// (only hostile objects of more than 32 keys are ever sorted here).
fn heapsort<T: Ord>(v: &mut [T]) {
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

/// Moves `v[node]` down its heap of the first `end` entries.
fn sift<T: Ord>(v: &mut [T], mut node: usize, end: usize) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && v.get(child) < v.get(child + 1) {
            child += 1;
        }
        if v.get(node) >= v.get(child) {
            break;
        }
        v.swap(node, child);
        node = child;
    }
}

/// Writes `value` as JSON text. Covers what this crate serializes: structs, enums (unit variants
/// as strings, untagged ones as their content), lists, string-keyed maps, strings, integers,
/// booleans, numbers and `None` (skipped fields stay absent).
pub fn to_string<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, WriteError> {
    to_string_with(value, |n: f64| n.to_string())
}

/// [`to_string`], with `number` writing the finite numbers that are not whole. The wasm build
/// has the host write them (its `String(n)`: Rust's float formatting would cost it several KB).
pub fn to_string_with<T: serde::Serialize + ?Sized, N: Fn(f64) -> String>(
    value: &T,
    number: N,
) -> Result<String, WriteError> {
    let mut out = String::new();
    value.serialize(&mut Writer {
        out: &mut out,
        number,
    })?;
    Ok(out)
}

/// Why [`to_string`] could not write a value.
#[derive(Debug)]
pub struct WriteError(String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl serde::ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

/// A generic `number` (a function item in the wasm build) is called directly, as the host
/// import it stands for was before the bindings moved to their own crate: a function pointer
/// here cost the wasm 0.7 KB (every serializer made an indirect call).
struct Writer<'a, N> {
    out: &'a mut String,
    /// Writes the numbers that are not whole ([`to_string_with`]).
    number: N,
}

pub fn write_escaped(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    // Copy runs of bytes that need no escape in one go: per-character pushes are slow in a
    // size-optimized build.
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.push_str(s.get(start..i).unwrap_or_default());
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            // As JSON.stringify writes them: the client's body is this text.
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xF)]));
            }
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// A list, map or struct being written: `first` decides whether a comma comes first.
struct Compound<'w, 'a, N> {
    w: &'w mut Writer<'a, N>,
    first: bool,
    close: char,
}

impl<N> Compound<'_, '_, N> {
    fn comma(&mut self) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
    }
}

impl<'w, 'a, N: Fn(f64) -> String> serde::Serializer for &'w mut Writer<'a, N> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'w, 'a, N>;
    type SerializeTuple = Compound<'w, 'a, N>;
    type SerializeTupleStruct = Compound<'w, 'a, N>;
    type SerializeTupleVariant = Compound<'w, 'a, N>;
    type SerializeMap = Compound<'w, 'a, N>;
    type SerializeStruct = Compound<'w, 'a, N>;
    type SerializeStructVariant = Compound<'w, 'a, N>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), WriteError> {
        crate::report::push_int(self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), WriteError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), WriteError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), WriteError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), WriteError> {
        crate::report::push_unsigned(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        if crate::value::is_int(v) {
            self.serialize_i64(v as i64)
        } else if v.is_finite() {
            // Only fields kept as CertCentral sent them hold these.
            self.out.push_str(&(self.number)(v));
            Ok(())
        } else {
            self.out.push_str("null");
            Ok(())
        }
    }
    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        write_escaped(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), WriteError> {
        use serde::ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, v: &T) -> Result<(), WriteError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), WriteError> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), WriteError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), WriteError> {
        self.out.push('{');
        write_escaped(self.out, variant);
        self.out.push(':');
        v.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w, 'a, N>, WriteError> {
        self.out.push('[');
        Ok(Compound {
            w: self,
            first: true,
            close: ']',
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'a, N>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a, N>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'a, N>, WriteError> {
        Err(WriteError("tuple variants are not written".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w, 'a, N>, WriteError> {
        self.out.push('{');
        Ok(Compound {
            w: self,
            first: true,
            close: '}',
        })
    }
    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a, N>, WriteError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'a, N>, WriteError> {
        Err(WriteError("struct variants are not written".into()))
    }
}

impl<N: Fn(f64) -> String> serde::ser::SerializeSeq for Compound<'_, '_, N> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), WriteError> {
        self.comma();
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), WriteError> {
        self.w.out.push(self.close);
        Ok(())
    }
}

impl<N: Fn(f64) -> String> serde::ser::SerializeTuple for Compound<'_, '_, N> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::end(self)
    }
}

impl<N: Fn(f64) -> String> serde::ser::SerializeTupleStruct for Compound<'_, '_, N> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::end(self)
    }
}

impl<N: Fn(f64) -> String> serde::ser::SerializeTupleVariant for Compound<'_, '_, N> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::end(self)
    }
}

impl<N: Fn(f64) -> String> serde::ser::SerializeMap for Compound<'_, '_, N> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        self.comma();
        let start = self.w.out.len();
        key.serialize(&mut *self.w)?;
        if !self.w.out[start..].starts_with('"') {
            return Err(WriteError("map keys must be strings".into()));
        }
        self.w.out.push(':');
        Ok(())
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), WriteError> {
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), WriteError> {
        self.w.out.push(self.close);
        Ok(())
    }
}

impl<N: Fn(f64) -> String> serde::ser::SerializeStruct for Compound<'_, '_, N> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), WriteError> {
        self.comma();
        write_escaped(self.w.out, key);
        self.w.out.push(':');
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), WriteError> {
        self.w.out.push(self.close);
        Ok(())
    }
}

impl<N: Fn(f64) -> String> serde::ser::SerializeStructVariant for Compound<'_, '_, N> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), WriteError> {
        serde::ser::SerializeStruct::serialize_field(self, key, v)
    }
    fn end(self) -> Result<(), WriteError> {
        serde::ser::SerializeStruct::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn writes_what_serde_json_writes() {
        let report = crate::validate_json(
            "ssl_securesite",
            &serde_json::json!({"certificate": {"common_name": "a\"b\u{1}é", "dns_names": [1]}, "validity_years": 9}),
            &crate::Options::default(),
        );
        let ours = to_string(&report).unwrap_or_default();
        let theirs = serde_json::to_string(&report).unwrap_or_default();
        assert_eq!(ours, theirs);
        assert!(serde_json::from_str::<serde_json::Value>(&ours).is_ok_and(|v| v.is_object()));
        let products = to_string(&crate::products()).unwrap_or_default();
        assert_eq!(
            products,
            serde_json::to_string(&crate::products()).unwrap_or_default()
        );
        for n in [1.5f64, -0.25, 1e300, 2.5e-7] {
            let ours = to_string(&n).unwrap_or_default();
            assert_eq!(serde_json::from_str::<f64>(&ours).ok(), Some(n), "{ours}");
        }
        assert_eq!(to_string(&f64::NAN).ok().as_deref(), Some("null"));
    }

    /// An object's entries from (key, number) pairs.
    fn entries(pairs: &[(&str, f64)]) -> Vec<(Cow<'static, str>, Value<'static>)> {
        pairs
            .iter()
            .map(|(k, n)| (Cow::Owned((*k).to_owned()), Value::Number(*n)))
            .collect()
    }

    #[test]
    fn repeated_keys_are_found() {
        let pairs = [("a", 1.0), ("b", 2.0), ("c", 3.0)];
        assert!(!has_repeated_key(&entries(&pairs)));
        assert!(has_repeated_key(&entries(&[
            ("a", 1.0),
            ("b", 2.0),
            ("a", 3.0)
        ])));
        assert!(!has_repeated_key(&entries(&[])));
    }

    #[test]
    fn heapsort_sorts() {
        let mut state = 12345u32;
        for len in [0usize, 1, 2, 3, 10, 33, 200] {
            let mut v: Vec<u32> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    state >> 20
                })
                .collect();
            let mut want = v.clone();
            want.sort();
            heapsort(&mut v);
            assert_eq!(v, want);
        }
    }

    #[test]
    fn repeated_keys_in_big_objects() {
        let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
        let pairs: Vec<(&str, f64)> = keys.iter().map(|k| (k.as_str(), 0.0)).collect();
        assert!(!has_repeated_key(&entries(&pairs)));
        for at in [0, 17, 39] {
            let mut repeated = pairs.clone();
            repeated.push((keys[at].as_str(), 1.0));
            assert!(has_repeated_key(&entries(&repeated)), "k{at}");
        }
    }
}
