//! JSON text in and out without serde_json (which would cost the wasm ~14 KB gzip):
//! [`parse`] reads JSON text natively (CertCentral's bodies, orders given as JSON text: the tests
//! and fuzzing compare it with serde_json; the wasm build lets the host's `JSON.parse` read
//! bodies instead), and [`to_string`] writes what the bindings hand to one `JSON.parse` on the
//! JS side (field descriptions, products, responses, error details). Orders and reports cross
//! as tapes instead ([`crate::tape`]).
//!
//! The parser applies the readers' limits the way the JS reader does: past [`MAX_DEPTH`] a
//! value is skipped and becomes [`Unreadable::TooDeep`]; longer strings and bigger lists become
//! `StringTooLong` / `TooManyItems`; so a hostile text cannot exhaust the stack or memory.

use std::borrow::Cow;

use crate::value::{
    same, text, Unreadable, Value, MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN, MAX_VALUES,
};

/// Why a text is not JSON; `at` is the byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub at: usize,
    pub reason: &'static str,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.at)
    }
}

/// Parses one JSON document (surrounding whitespace allowed). Strings without escapes borrow
/// from `text`.
pub fn parse(text: &str) -> Result<Value<'_>, JsonError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        budget: MAX_VALUES,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

/// [`parse`] on bytes, which must be UTF-8.
pub fn parse_bytes(text: &[u8]) -> Result<Value<'_>, JsonError> {
    let text = std::str::from_utf8(text).map_err(|e| JsonError {
        at: e.valid_up_to(),
        reason: "invalid UTF-8",
    })?;
    parse(text)
}

/// Like JSON.parse, a repeated key keeps its last value (in the first one's place, as JS does).
/// Small objects (every real order's) are checked pairwise without allocating; bigger ones by
/// sorting indices, which keeps a hostile 10,000-key object O(n log n).
pub(crate) fn last_of_each_key<'a>(
    mut fields: Vec<(Cow<'a, str>, Value<'a>)>,
) -> Vec<(Cow<'a, str>, Value<'a>)> {
    if fields.len() < 2 {
        return fields;
    }
    if fields.len() <= 32 {
        let repeated = fields.iter().enumerate().any(|(i, (key, _))| {
            fields
                .get(..i)
                .unwrap_or_default()
                .iter()
                .any(|(k, _)| same(text(k), text(key)))
        });
        if !repeated {
            return fields;
        }
    }
    let mut order: Vec<usize> = (0..fields.len()).collect();
    heapsort(&mut order, |&a, &b| {
        let (ka, kb) = (fields.get(a).map(|f| &f.0), fields.get(b).map(|f| &f.0));
        (ka, a) < (kb, b)
    });
    let mut keep = vec![true; fields.len()];
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for pair in order.windows(2) {
        let [first, second] = [
            pair.first().copied().unwrap_or(0),
            pair.get(1).copied().unwrap_or(0),
        ];
        if fields.get(first).map(|f| &f.0) == fields.get(second).map(|f| &f.0) {
            if let Some(k) = keep.get_mut(second) {
                *k = false;
            }
            moves.push((first, second));
        }
    }
    if moves.is_empty() {
        return fields;
    }
    // Walk each run of equal keys: the first place gets the last value.
    for (first, second) in moves.iter().rev() {
        if let (Some(_), Some(_)) = (fields.get(*first), fields.get(*second)) {
            fields.swap(*first, *second);
        }
    }
    let mut i = 0;
    fields.retain(|_| {
        let kept = keep.get(i).copied().unwrap_or(true);
        i += 1;
        kept
    });
    fields
}

/// Heapsort: O(n log n) in a few hundred bytes of wasm, where `sort_unstable_by` brings ~3 KB
/// (only hostile objects of more than 32 keys are ever sorted here).
fn heapsort<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let sift = |v: &mut [T], mut node: usize, end: usize| loop {
        let mut child = 2 * node + 1;
        if child >= end {
            break;
        }
        if child + 1 < end
            && v.get(child)
                .zip(v.get(child + 1))
                .is_some_and(|(a, b)| less(a, b))
        {
            child += 1;
        }
        if !v
            .get(node)
            .zip(v.get(child))
            .is_some_and(|(a, b)| less(a, b))
        {
            break;
        }
        v.swap(node, child);
        node = child;
    };
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

struct Parser<'a> {
    s: &'a [u8],
    /// The same text as `s`, to borrow strings from.
    text: &'a str,
    i: usize,
    /// Values still allowed ([`MAX_VALUES`]); past it values are consumed but not kept.
    budget: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, reason: &'static str) -> JsonError {
        JsonError { at: self.i, reason }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> bool {
        if self.s.get(self.i..self.i + lit.len()) == Some(lit) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        self.ws();
        if self.budget == 0 {
            self.skip_value()?;
            return Ok(Value::Unreadable(Unreadable::TooManyValues));
        }
        self.budget -= 1;
        match self.peek() {
            None => Err(self.err("unexpected end")),
            Some(b'n') if self.eat(b"null") => Ok(Value::Null),
            Some(b't') if self.eat(b"true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat(b"false") => Ok(Value::Bool(false)),
            Some(b'"') => self.string(true).map(|s| match s {
                Ok(s) => Value::String(s),
                Err(len) => Value::Unreadable(Unreadable::StringTooLong(len)),
            }),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') | Some(b'{') if depth >= MAX_DEPTH => {
                self.skip_nested()?;
                Ok(Value::Unreadable(Unreadable::TooDeep))
            }
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    /// A JSON number, without core's float parser (several KB of tables in the wasm).
    /// Integers up to 2^53 are exact. Other numbers are computed as `digits × 10^exponent`,
    /// within 1e-14 relative of the correctly rounded double; but a number whose text has a non-zero
    /// fraction always comes out non-integral, so the rules' integer checks judge it as
    /// `JSON.parse` would (JSON.stringify writes the shortest text of a double).
    fn number(&mut self) -> Result<Value<'a>, JsonError> {
        let negative = self.eat(b"-");
        let int_start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        let int_digits = self.s.get(int_start..self.i).unwrap_or_default();
        // At least one digit, and no leading zero ("01").
        if int_digits.is_empty() || (int_digits.len() > 1 && int_digits.first() == Some(&b'0')) {
            return Err(self.err("bad number"));
        }
        let sign = if negative { -1.0 } else { 1.0 };
        // The common case, a plain integer of up to 15 digits, is exact as it is.
        if int_digits.len() <= 15 && !matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            let n = int_digits
                .iter()
                .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
            return Ok(Value::Number(sign * n as f64));
        }
        let mut frac_digits: &[u8] = &[];
        if self.eat(b".") {
            let start = self.i;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
            frac_digits = self.s.get(start..self.i).unwrap_or_default();
            if frac_digits.is_empty() {
                return Err(self.err("bad number"));
            }
        }
        let mut exp: i64 = 0;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            let exp_negative = self.eat(b"-");
            if !exp_negative {
                self.eat(b"+");
            }
            let start = self.i;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                exp = (exp * 10 + i64::from(d - b'0')).min(100_000);
                self.i += 1;
            }
            if self.i == start {
                return Err(self.err("bad number"));
            }
            if exp_negative {
                exp = -exp;
            }
        }
        // The significant digits (no leading or trailing zeros) and their power of ten.
        let digits = int_digits.iter().chain(frac_digits).copied();
        let all: Vec<u8> = digits.skip_while(|&d| d == b'0').collect();
        let trailing = all.iter().rev().take_while(|&&d| d == b'0').count();
        let significant = all.get(..all.len() - trailing).unwrap_or_default();
        let power = exp - frac_digits.len() as i64 + trailing as i64;
        if significant.is_empty() {
            return Ok(Value::Number(sign * 0.0));
        }
        let mut mantissa = 0f64;
        for &d in significant {
            mantissa = mantissa * 10.0 + f64::from(d - b'0');
        }
        let mut value = mantissa;
        let mut rest = power.clamp(-800, 800) as i32;
        // Scale in steps of at most 10^300, so that 10^power itself never overflows (5e-324 must
        // stay the smallest subnormal, not become 0).
        while rest != 0 {
            let step = rest.clamp(-300, 300);
            let scale = 10f64.powi(step.abs());
            value = if step < 0 {
                value / scale
            } else {
                value * scale
            };
            rest -= step;
        }
        if power < 0 && value.fract() == 0.0 && value <= 4_503_599_627_370_496.0 && value > 0.0 {
            // The text has a fraction but the rounding landed on an integer: take the neighbour
            // on the text's side (exact when the digits fit in u64, else toward zero).
            let below = match significant.len() {
                1..=18 if -power <= 20 => {
                    let m = significant
                        .iter()
                        .fold(0u128, |m, &d| m * 10 + u128::from(d - b'0'));
                    m < (value as u128) * 10u128.pow(power.unsigned_abs() as u32)
                }
                _ => true,
            };
            value = if below {
                value.next_down()
            } else {
                value.next_up()
            };
        }
        let value = sign * value;
        if value.is_finite() {
            Ok(Value::Number(value))
        } else {
            Err(self.err("number out of range"))
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let hex = self
            .s
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.err("bad escape"))?;
        let text = std::str::from_utf8(hex).map_err(|_| self.err("bad escape"))?;
        let v = u32::from_str_radix(text, 16).map_err(|_| self.err("bad escape"))?;
        self.i += 4;
        Ok(v)
    }

    /// Skips one value of any kind (past the value budget).
    fn skip_value(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            Some(b'[' | b'{') => self.skip_nested(),
            Some(b'"') => self.string(false).map(|_| ()),
            Some(b'-' | b'0'..=b'9') => self.number().map(|_| ()),
            Some(b'n') if self.eat(b"null") => Ok(()),
            Some(b't') if self.eat(b"true") => Ok(()),
            Some(b'f') if self.eat(b"false") => Ok(()),
            _ => Err(self.err("unexpected character")),
        }
    }

    /// Skips one array or object without recursion (it is past the depth limit).
    fn skip_nested(&mut self) -> Result<(), JsonError> {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                None => return Err(self.err("unexpected end")),
                Some(b'"') => {
                    let _ = self.string(false)?;
                    continue;
                }
                Some(b'[' | b'{') => depth += 1,
                Some(b']' | b'}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.i += 1;
                        return Ok(());
                    }
                }
                Some(_) => {}
            }
            self.i += 1;
        }
    }

    /// Moves past bytes that need no decoding (not a quote, backslash or control character).
    #[inline(always)]
    fn plain_run(&mut self) {
        while let Some(&b) = self.s.get(self.i) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            self.i += 1;
        }
    }

    /// A string, or (when `limited`) its length in UTF-16 code units when that is over
    /// [`MAX_STRING_LEN`] (it is still consumed). Borrowed from the text unless it has escapes.
    fn string(&mut self, limited: bool) -> Result<Result<Cow<'a, str>, usize>, JsonError> {
        self.i += 1; // opening quote
        let start = self.i;
        self.plain_run();
        let text = if self.peek() == Some(b'"') {
            // Both ends are ASCII, so they are character boundaries.
            let text = self.text.get(start..self.i).unwrap_or_default();
            self.i += 1;
            Cow::Borrowed(text)
        } else {
            Cow::Owned(self.escaped_string(start)?)
        };
        // UTF-16 units never outnumber bytes: count them only when the bytes are over the limit.
        if limited && text.len() > MAX_STRING_LEN {
            let units = crate::value::utf16_len(&text);
            if units > MAX_STRING_LEN {
                return Ok(Err(units));
            }
        }
        Ok(Ok(text))
    }

    /// The rest of a string that has escapes (or is broken), from `start` (after its quote).
    fn escaped_string(&mut self, start: usize) -> Result<String, JsonError> {
        let mut out = String::with_capacity(self.i - start + 16);
        out.push_str(self.text.get(start..self.i).unwrap_or_default());
        loop {
            let Some(b) = self.peek() else {
                return Err(JsonError {
                    at: self.s.len(),
                    reason: "unterminated string",
                });
            };
            self.i += 1;
            match b {
                b'"' => return Ok(out),
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.err("bad escape"));
                    };
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) && self.eat(b"\\u") {
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("bad surrogate pair"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return Err(self.err("bad escape")),
                    };
                    out.push(c);
                }
                _ => return Err(self.err("control character in string")),
            }
            let run = self.i;
            self.plain_run();
            out.push_str(self.text.get(run..self.i).unwrap_or_default());
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        self.i += 1;
        let mut items = Vec::new();
        let mut count = 0usize;
        self.ws();
        if self.eat(b"]") {
            return Ok(Value::Array(items));
        }
        loop {
            let v = self.value(depth + 1)?;
            count += 1;
            if count <= MAX_ITEMS {
                items.push(v);
            }
            self.ws();
            if self.eat(b"]") {
                return Ok(if count > MAX_ITEMS {
                    Value::Unreadable(Unreadable::TooManyItems(count))
                } else {
                    Value::Array(items)
                });
            }
            if !self.eat(b",") {
                return Err(self.err("expected , or ]"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        self.i += 1;
        let mut fields: Vec<(Cow<'a, str>, Value<'a>)> = Vec::new();
        let mut count = 0usize;
        self.ws();
        if self.eat(b"}") {
            return Ok(Value::Object(fields));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a key"));
            }
            // Keys are kept whole (they are bounded by the text): a long key must not turn into
            // another one.
            let key = self.string(false)?.unwrap_or_default();
            count += 1;
            self.ws();
            if !self.eat(b":") {
                return Err(self.err("expected :"));
            }
            let v = self.value(depth + 1)?;
            if fields.len() < MAX_ITEMS {
                fields.push((key, v));
            }
            self.ws();
            if self.eat(b"}") {
                return Ok(if count > MAX_ITEMS {
                    Value::Unreadable(Unreadable::TooManyItems(count))
                } else {
                    Value::Object(last_of_each_key(fields))
                });
            }
            if !self.eat(b",") {
                return Err(self.err("expected , or }"));
            }
        }
    }
}

/// Writes `value` as JSON text. Covers what this crate serializes: structs, enums (unit variants
/// as strings, untagged ones as their content), lists, string-keyed maps, strings, integers,
/// booleans and `None` (skipped fields stay absent). Non-integral floats are not written: the
/// crate has none, and float formatting would cost the wasm several KB.
pub fn to_string<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, WriteError> {
    let mut out = String::new();
    value.serialize(&mut Writer { out: &mut out })?;
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

struct Writer<'a> {
    out: &'a mut String,
}

pub(crate) fn write_escaped(out: &mut String, s: &str) {
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
struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    first: bool,
    close: char,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
    }
}

impl<'w, 'a> serde::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

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
        self.out.push_str(&v.to_string());
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
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        if crate::value::is_int(v) {
            self.serialize_i64(v as i64)
        } else {
            Err(WriteError("non-integral numbers are not written".into()))
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
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w, 'a>, WriteError> {
        self.out.push('[');
        Ok(Compound {
            w: self,
            first: true,
            close: ']',
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'a>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'a>, WriteError> {
        Err(WriteError("tuple variants are not written".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w, 'a>, WriteError> {
        self.out.push('{');
        Ok(Compound {
            w: self,
            first: true,
            close: '}',
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'w, 'a>, WriteError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'a>, WriteError> {
        Err(WriteError("struct variants are not written".into()))
    }
}

impl serde::ser::SerializeSeq for Compound<'_, '_> {
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

impl serde::ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), WriteError> {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeMap for Compound<'_, '_> {
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

impl serde::ser::SerializeStruct for Compound<'_, '_> {
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

impl serde::ser::SerializeStructVariant for Compound<'_, '_> {
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
    fn parses_documents() {
        let v = parse(
            r#" {"id": 112233, "requests": [{"id": 113, "status": "pending"}], "x": [true, false, null, -1.5e3, "a\"\u00e9\ud83d\ude00"]} "#,
        );
        let v = v.unwrap_or(Value::Null);
        assert_eq!(v.get("id"), Some(&Value::Number(112233.0)));
        assert_eq!(
            v.at(&["x"]),
            Some(&Value::Array(vec![
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
                Value::Number(-1500.0),
                Value::String("a\"é😀".into())
            ]))
        );
    }

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
        assert_eq!(parse(&ours).map(|v| v.is_object()), Ok(true));
        let products = to_string(&crate::products()).unwrap_or_default();
        assert_eq!(
            products,
            serde_json::to_string(&crate::products()).unwrap_or_default()
        );
        assert!(to_string(&1.5f64).is_err());
    }

    #[test]
    fn repeated_keys_keep_the_last_value_in_the_first_place() {
        let v = parse(r#"{"a":1,"b":2,"a":3,"c":4,"a":5,"b":6}"#);
        let fields = match &v {
            Ok(Value::Object(fields)) => fields.as_slice(),
            _ => &[],
        };
        let got: Vec<(&str, &Value)> = fields.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        assert_eq!(
            got,
            vec![
                ("a", &Value::Number(5.0)),
                ("b", &Value::Number(6.0)),
                ("c", &Value::Number(4.0))
            ]
        );
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
            heapsort(&mut v, |a, b| a < b);
            assert_eq!(v, want);
        }
    }

    #[test]
    fn repeated_keys_in_big_objects() {
        let mut text = String::from("{");
        for i in 0..40 {
            text.push_str(&format!("\"k{}\":{i},", i % 35));
        }
        text.push_str("\"k0\":-1}");
        let v = parse(&text);
        let fields = match &v {
            Ok(Value::Object(fields)) => fields.as_slice(),
            _ => &[],
        };
        assert_eq!(fields.len(), 35);
        assert_eq!(
            fields.first().map(|(k, v)| (k.as_ref(), v)),
            Some(("k0", &Value::Number(-1.0)))
        );
        assert_eq!(
            fields.get(1).map(|(k, v)| (k.as_ref(), v)),
            Some(("k1", &Value::Number(36.0)))
        );
    }

    #[test]
    fn numbers() {
        for (text, want) in [
            ("0", 0.0),
            ("-0", -0.0),
            ("112233", 112233.0),
            ("9007199254740992", 9007199254740992.0),
            ("1.5", 1.5),
            ("-2.25e2", -225.0),
            ("1E3", 1000.0),
            ("5e-1", 0.5),
            ("10.0", 10.0),
        ] {
            assert_eq!(parse(text), Ok(Value::Number(want)), "{text}");
        }
        // Integrality survives: what the rules check.
        for (text, int) in [
            ("1.0000001", None),
            ("3.0e0", Some(3)),
            ("1.9999999999999998", None),
            ("0.9999999999999999", None),
            ("4503599627370495.5", None),
            ("9007199254740991.0", Some(9007199254740991)),
            ("10000000000000000000000000e-25", Some(1)),
            ("2.5e1", Some(25)),
            ("2.55e1", None),
            ("2.500e2", Some(250)),
        ] {
            assert_eq!(parse(text).map(|v| v.as_int()), Ok(int), "{text}");
        }
    }

    #[test]
    fn rejects_non_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "<html>",
            "nul",
            "[1] 2",
            "\"\u{1}\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn limits_become_unreadable_values() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let mut v = parse(&deep).unwrap_or(Value::Null);
        let mut depth = 0;
        while let Value::Array(items) = v {
            v = items.into_iter().next().unwrap_or(Value::Null);
            depth += 1;
        }
        assert_eq!(
            (depth, v),
            (MAX_DEPTH, Value::Unreadable(Unreadable::TooDeep))
        );
        assert!(parse(&"[".repeat(100_000)).is_err());
        let long = format!("\"{}\"", "é".repeat(MAX_STRING_LEN + 1));
        assert_eq!(
            parse(&long),
            Ok(Value::Unreadable(Unreadable::StringTooLong(
                MAX_STRING_LEN + 1
            )))
        );
        let many = format!("[{}0]", "0,".repeat(MAX_ITEMS));
        assert_eq!(
            parse(&many),
            Ok(Value::Unreadable(Unreadable::TooManyItems(MAX_ITEMS + 1)))
        );
        // A string is a string, whatever it starts with (the package once marked values JSON
        // cannot hold with this prefix; nothing does any more).
        let marked = parse("[\"\\u0000certcentral-orders:NaN\"]");
        assert_eq!(
            marked,
            Ok(Value::Array(vec![Value::String(
                "\u{0}certcentral-orders:NaN".into()
            )]))
        );
    }
}
