//! The binary forms in which the npm package hands a `validateOrder` call from JavaScript to the
//! rules and the report back. Going in: a tagged, length-prefixed walk of the order, after a
//! header with the product and `options.today`, that `orderToTape` (src/js/support.js) writes
//! straight into wasm memory and [`decode_call`] reads back into a [`Value`] whose strings and
//! keys borrow from it. Coming out: [`ReportTape`], numbers and one text from which `reportOf`
//! builds the report's objects.
//!
//! Why not JSON text: writing JSON escapes every string (a CSR's newlines) and reading it back
//! scans and unescapes every byte, then grows each list as it goes; here every string is copied
//! once, every list is allocated at its final size, and the field names the rules know cross as
//! a number. Measured on the benchmark's orders (`make bench`, `make bench-rules`): writing the
//! tape takes 0.8–1.4 µs where `JSON.stringify` alone takes 1.8–3.5 µs, and reading it natively
//! 0.4–0.9 µs where the JSON text parser the package once carried took 2.0–2.3 µs.
//!
//! Every JS value has a tape: what JSON cannot carry, what throws when read and what lies past
//! the readers' limits is written as [`UNREADABLE`] and why, where it is, so the rules say what
//! and where it is ([`Unreadable`]). The wasm therefore holds no reader of JS values of its own
//! (measured, gzip -9: the validation wasm 43,703 -> 41,279 bytes without the step-by-step reader
//! it had, the whole one 78,517 -> 77,109).
//!
//! Layout (little-endian; `len` and `count` are u32):
//!
//! | tag | value   | then                                          |
//! |-----|---------|-----------------------------------------------|
//! | 0   | null    |                                               |
//! | 1   | false   |                                               |
//! | 2   | true    |                                               |
//! | 3   | number  | f64                                           |
//! | 4   | string  | len, len bytes of UTF-8                       |
//! | 5   | array   | count, count values                           |
//! | 6   | object  | count, count × (key, value)                   |
//! | 7   | unreadable | a [`WHYS`] byte, then for `NOT_JSON` len and len bytes of UTF-8 (what the value is), for `STRING_TOO_LONG` and `TOO_MANY_ITEMS` a u32 (the length) |
//!
//! A key is `len` and `len` bytes of UTF-8, or, for a field name the rules know, `0x8000_0000 |
//! index` into [`crate::rules::known_keys`] (measured: a third less time writing a valid order,
//! and no UTF-8 check on the Rust side for those keys).

use std::borrow::Cow;

use crate::report::{Issue, Param, PathSeg, Report, Severity};
use crate::rules::{self, Options, OptionsArg};
use crate::value::{
    same, utf16_len, Unreadable, Value, MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN, MAX_VALUES,
};

/// Byte constants and the table of their names that tests/js_facts.rs generates into
/// src/js/support.js, each name written once.
macro_rules! named_bytes {
    ($(#[$doc:meta])* $table:ident { $($(#[$each:meta])* $name:ident = $byte:literal,)* }) => {
        $(#[$doc])*
        pub const $table: [(&str, u8); [$($byte),*].len()] = [$((stringify!($name), $name)),*];
        $($(#[$each])* const $name: u8 = $byte;)*
    };
}

named_bytes! {
    /// The tag byte of each kind of value on the tape (src/js/support.js has a generated copy).
    TAGS {
        NULL = 0,
        FALSE = 1,
        TRUE = 2,
        NUMBER = 3,
        STRING = 4,
        ARRAY = 5,
        OBJECT = 6,
        /// A value that was not read ([`Value::Unreadable`]); the byte after it says why
        /// ([`WHYS`]). It does not count against [`MAX_VALUES`]: the JS reader writes one for
        /// every value past it.
        UNREADABLE = 7,
    }
}

named_bytes! {
    /// Why a value is [`UNREADABLE`], by the byte after the tag: [`Unreadable`]'s variants
    /// (src/js/support.js has a generated copy).
    WHYS {
        NOT_JSON = 0,
        TOO_DEEP = 1,
        STRING_TOO_LONG = 2,
        TOO_MANY_ITEMS = 3,
        THREW = 4,
        TOO_MANY_VALUES = 5,
        TOO_BIG = 6,
    }
}

/// Why bytes are not a tape; `at` is the byte offset. The writer never produces one that does not
/// read, so this only happens to bytes that did not come from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TapeError {
    pub at: usize,
}

/// Reads one value that fills `bytes` exactly. Never panics; past [`MAX_DEPTH`],
/// [`MAX_ITEMS`], [`MAX_STRING_LEN`] or [`MAX_VALUES`] it is an error.
pub fn decode(bytes: &[u8]) -> Result<Value<'_>, TapeError> {
    let mut r = Reader {
        b: bytes,
        i: 0,
        budget: MAX_VALUES,
        keys: &[],
    };
    match r.value(0) {
        Some(v) if r.i == bytes.len() => Ok(v),
        _ => Err(TapeError { at: r.i }),
    }
}

/// The rest of a `validateOrder` call, written by `orderToTape` ahead of the order so that they
/// cross with it (measured: 0.5 µs a call when they crossed one by one as JS strings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallArgs<'a> {
    /// The product id; for a product argument that is not a string, what it is in parentheses
    /// (`"(a number)"`), which names no product: the report's unknown-product issue says what
    /// was passed.
    pub product: Cow<'a, str>,
    pub today: Today<'a>,
}

/// `options.today` as the tape's header carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Today<'a> {
    /// No options, or no `today` in them.
    Absent,
    /// A string, not yet checked.
    Text(&'a str),
    /// A `today` that is not a string.
    NotText,
    /// Options that are not an object.
    NotAnObject,
    /// Reading `options.today` threw (a getter, a Proxy).
    Unreadable,
}

impl Today<'_> {
    /// The options the header gives, or the issue that says why they cannot be used.
    pub fn options(self) -> Result<Options, Issue> {
        rules::options_of(match self {
            Today::Absent => return Ok(Options::default()),
            Today::Text(text) => OptionsArg::Today(Some(text)),
            Today::NotText => OptionsArg::Today(None),
            Today::NotAnObject => OptionsArg::NotAnObject,
            Today::Unreadable => OptionsArg::Unreadable,
        })
    }

    /// The header's byte for it (a [`Today::Text`]'s string follows).
    fn tag(self) -> u8 {
        match self {
            Today::Absent => NULL,
            Today::Text(_) => STRING,
            Today::NotText => TRUE,
            Today::NotAnObject => FALSE,
            Today::Unreadable => UNREADABLE,
        }
    }
}

/// What [`validate_call`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No issue at all.
    Clean,
    /// Issues, written to the report tape.
    Issues,
    /// Bytes that are not a call's tape (the writer never makes them).
    NotATape,
}

/// Validates the order of a call's tape and writes its report to `out` (cleared first): the
/// whole of `validateOrder`'s fast path, without a JS value.
pub fn validate_call(bytes: &[u8], keys: &[&'static str], out: &mut ReportTape) -> Verdict {
    let Ok((args, value)) = decode_call(bytes, keys) else {
        return Verdict::NotATape;
    };
    let report = match args.today.options() {
        Ok(options) => rules::validate(&args.product, &value, &options),
        Err(issue) => Report::new(vec![issue]),
    };
    if report.issues.is_empty() {
        return Verdict::Clean;
    }
    out.write(&report);
    Verdict::Issues
}

/// Reads a call's tape: its header (product: [`STRING`] and the string, of any length, or any other
/// value, read as if 32 levels deep; today: [`Today::tag`], and for [`STRING`] the string), then
/// one value that fills the rest exactly.
///
/// `keys` are the names that keys written as an index stand for ([`crate::rules::known_keys`]).
pub fn decode_call<'a>(
    bytes: &'a [u8],
    keys: &[&'static str],
) -> Result<(CallArgs<'a>, Value<'a>), TapeError> {
    let mut r = Reader {
        b: bytes,
        i: 0,
        budget: MAX_VALUES,
        keys,
    };
    let err = |r: &Reader| TapeError { at: r.i };
    let product = match r.b.first() {
        Some(&STRING) => {
            r.i = 1;
            Cow::Borrowed(r.raw_str().ok_or_else(|| err(&r))?)
        }
        _ => {
            let value = r.value(MAX_DEPTH).ok_or_else(|| err(&r))?;
            Cow::Owned(crate::report::fill("({})", &[&value.kind()]))
        }
    };
    r.budget = MAX_VALUES;
    let today = match r.take(1).and_then(<[u8]>::first) {
        Some(&NULL) => Today::Absent,
        Some(&STRING) => Today::Text(r.raw_str().ok_or_else(|| err(&r))?),
        Some(&TRUE) => Today::NotText,
        Some(&FALSE) => Today::NotAnObject,
        Some(&UNREADABLE) => Today::Unreadable,
        _ => return Err(err(&r)),
    };
    match r.value(0) {
        Some(v) if r.i == bytes.len() => Ok((CallArgs { product, today }, v)),
        _ => Err(err(&r)),
    }
}

/// Reads the argument of an `inspectCsr` call as `fastInspect` (src/js/support.js) writes it:
/// [`STRING`] and the text, of any length (`Ok(Ok(pem))`), or [`UNREADABLE`], [`NOT_JSON`] and what
/// the argument is instead (`Ok(Err("null"))`, `Ok(Err("of type number"))`).
pub fn decode_text_arg(bytes: &[u8]) -> Result<Result<&str, &str>, TapeError> {
    let mut r = Reader {
        b: bytes,
        i: 1,
        budget: 0,
        keys: &[],
    };
    let arg = match bytes {
        [STRING, ..] => r.raw_str().map(Ok),
        [UNREADABLE, NOT_JSON, ..] => {
            r.i = 2;
            r.raw_str().map(Err)
        }
        _ => None,
    };
    match arg {
        Some(arg) if r.i == bytes.len() => Ok(arg),
        _ => Err(TapeError { at: r.i }),
    }
}

/// Writes `value` as a tape, as `orderToTape` would for the same JS value; `None` only for
/// lengths past u32. For tests and fuzzing: the package writes tapes in JavaScript.
pub fn encode(value: &Value) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    put(&mut out, value, &[]).then_some(out)
}

/// Writes a call's tape, as `orderToTape` would: the header, then `value` with the keys found
/// in `keys` written as their index. For tests and benchmarks, like [`encode`].
pub fn encode_call(args: &CallArgs, value: &Value, keys: &[&str]) -> Option<Vec<u8>> {
    let mut out = vec![STRING];
    put_str(&mut out, &args.product).then_some(())?;
    out.push(args.today.tag());
    if let Today::Text(t) = args.today {
        put_str(&mut out, t).then_some(())?;
    }
    put(&mut out, value, keys).then_some(out)
}

fn put_len(out: &mut Vec<u8>, n: usize) -> bool {
    match u32::try_from(n) {
        Ok(n) => {
            out.extend_from_slice(&n.to_le_bytes());
            true
        }
        Err(_) => false,
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) -> bool {
    put_len(out, s.len()) && {
        out.extend_from_slice(s.as_bytes());
        true
    }
}

fn put(out: &mut Vec<u8>, value: &Value, keys: &[&str]) -> bool {
    match value {
        Value::Null => out.push(NULL),
        Value::Bool(false) => out.push(FALSE),
        Value::Bool(true) => out.push(TRUE),
        Value::Number(n) => {
            out.push(NUMBER);
            out.extend_from_slice(&n.to_le_bytes());
        }
        Value::String(s) => {
            out.push(STRING);
            return put_str(out, s);
        }
        Value::Array(items) => {
            out.push(ARRAY);
            return put_len(out, items.len()) && items.iter().all(|v| put(out, v, keys));
        }
        Value::Object(fields) => {
            out.push(OBJECT);
            let key = |out: &mut Vec<u8>, k: &str| match keys.iter().position(|n| *n == k) {
                Some(i) => u32::try_from(i).is_ok_and(|i| {
                    out.extend_from_slice(&(KNOWN_KEY | i).to_le_bytes());
                    true
                }),
                None => put_str(out, k),
            };
            return put_len(out, fields.len())
                && fields.iter().all(|(k, v)| key(out, k) && put(out, v, keys));
        }
        Value::Unreadable(why) => {
            out.push(UNREADABLE);
            let (tag, then) = match why {
                Unreadable::NotJson(what) => {
                    out.push(NOT_JSON);
                    return put_str(out, what);
                }
                Unreadable::TooDeep => (TOO_DEEP, None),
                Unreadable::StringTooLong(n) => (STRING_TOO_LONG, Some(n)),
                Unreadable::TooManyItems(n) => (TOO_MANY_ITEMS, Some(n)),
                Unreadable::Threw => (THREW, None),
                Unreadable::TooManyValues => (TOO_MANY_VALUES, None),
                Unreadable::TooBig => (TOO_BIG, None),
            };
            out.push(tag);
            return then.is_none_or(|n| put_len(out, *n));
        }
    }
    true
}

/// Marks a key written as an index into the known keys.
pub const KNOWN_KEY: u32 = 0x8000_0000;

struct Reader<'a, 'k> {
    b: &'a [u8],
    i: usize,
    /// Values still allowed ([`MAX_VALUES`]).
    budget: usize,
    keys: &'k [&'static str],
}

impl<'a> Reader<'a, '_> {
    #[inline(always)]
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.b.get(self.i..self.i.checked_add(n)?)?;
        self.i += n;
        Some(bytes)
    }

    #[inline(always)]
    fn len(&mut self) -> Option<usize> {
        let bytes: [u8; 4] = self.take(4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(bytes)).ok()
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        self.text(n)
    }

    fn text(&mut self, n: usize) -> Option<&'a str> {
        let s = std::str::from_utf8(self.take(n)?).ok()?;
        // Like the other readers, the limit counts UTF-16 units, which never outnumber bytes.
        (n <= MAX_STRING_LEN || utf16_len(s) <= MAX_STRING_LEN).then_some(s)
    }

    /// A string of any length: a key or a header's (a JS key or product of any length is read
    /// whole, as JSON.stringify would send it).
    fn raw_str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// An object's key: its text, or a known key's index.
    fn key(&mut self) -> Option<Cow<'a, str>> {
        let bytes: [u8; 4] = self.take(4)?.try_into().ok()?;
        let n = u32::from_le_bytes(bytes);
        if n & KNOWN_KEY != 0 {
            let index = usize::try_from(n & !KNOWN_KEY).ok()?;
            return self.keys.get(index).map(|k| Cow::Borrowed(*k));
        }
        let s = std::str::from_utf8(self.take(usize::try_from(n).ok()?)?).ok()?;
        Some(Cow::Borrowed(s))
    }

    /// A list's or object's count, when that many entries of `min_size` bytes each can still
    /// follow (so a made-up count never reserves memory the bytes cannot fill).
    fn count(&mut self, min_size: usize) -> Option<usize> {
        let n = self.len()?;
        let room = (self.b.len() - self.i.min(self.b.len())) / min_size;
        (n <= MAX_ITEMS && n <= room).then_some(n)
    }

    fn value(&mut self, depth: usize) -> Option<Value<'a>> {
        let tag = *self.take(1)?.first()?;
        if tag == UNREADABLE {
            return self.unreadable().map(Value::Unreadable);
        }
        self.budget = self.budget.checked_sub(1)?;
        Some(match tag {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            NUMBER => {
                let n = f64::from_le_bytes(self.take(8)?.try_into().ok()?);
                // JSON has no NaN or infinities: the writer names them ([`NOT_JSON`]).
                if !n.is_finite() {
                    return None;
                }
                Value::Number(n)
            }
            STRING => Value::String(Cow::Borrowed(self.str()?)),
            ARRAY if depth < MAX_DEPTH => {
                let n = self.count(1)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::Array(items)
            }
            OBJECT if depth < MAX_DEPTH => {
                let n = self.count(5)?;
                let mut fields = Vec::with_capacity(n);
                for _ in 0..n {
                    let key = self.key()?;
                    fields.push((key, self.value(depth + 1)?));
                }
                // JS objects cannot repeat a key: bytes that do are not a tape.
                if crate::json::has_repeated_key(&fields) {
                    return None;
                }
                Value::Object(fields)
            }
            _ => return None,
        })
    }

    /// Why a value was not read, after its [`UNREADABLE`] tag.
    fn unreadable(&mut self) -> Option<Unreadable> {
        Some(match *self.take(1)?.first()? {
            NOT_JSON => Unreadable::NotJson(self.raw_str()?.to_owned()),
            TOO_DEEP => Unreadable::TooDeep,
            STRING_TOO_LONG => Unreadable::StringTooLong(self.len()?),
            TOO_MANY_ITEMS => Unreadable::TooManyItems(self.len()?),
            THREW => Unreadable::Threw,
            TOO_MANY_VALUES => Unreadable::TooManyValues,
            TOO_BIG => Unreadable::TooBig,
            _ => return None,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Reports out

/// A [`Report`] as the npm package hands it to JavaScript: `ops`, a list of numbers, and `text`,
/// every string of the report back to back; `reportOf` (src/js/support.js) builds the report's
/// objects from them.
///
/// Why not JSON text: an invalid order's report is 1.3–1.5 KB of JSON, and `JSON.parse` took
/// 5 µs of the 25–30 µs a call cost (`make bench`), plus escaping each string on the way out;
/// `reportOf` takes 1–1.3 µs.
/// Both halves cross without a copy: `ops` as a view of wasm memory, `text` in one decode.
///
/// `ops`, in order: `valid` (1 or 0), the number of issues, then per issue:
/// - the [`Code`] (its index in the enum) and the [`Severity`] (0 error, 1 warning);
/// - the rule id: `-1 - i` for [`FIELD_RULE_IDS`]`[i]`, else its length in `text`;
/// - the path: its length, then per step a key's length in `text`, or `-1 - index` for an index;
/// - the lengths in `text` of `field` and `message`;
/// - the number of params, then per param its name (`-1 - i` for [`PARAM_NAMES`]`[i]`, else
///   its length in `text`) and its value: `0, n` a number; `1, len` a string;
///   `2, count, len...` strings; `3, count, n...` numbers.
///
/// Lengths count UTF-16 units, as JavaScript's `slice` does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportTape {
    pub ops: Vec<f64>,
    pub text: String,
}

/// The params' names that travel as an index: `reportOf` takes them from its copy of this list
/// (generated into src/js/support.js by tests/js_facts.rs) instead of cutting each out of the
/// report's text, and a key of its own making costs V8 a string and a lookup in its string table
/// when it becomes a property name (measured: `reportOf` 1.87 -> 1.24 us for an invalid order's
/// six issues). A name not listed here travels as text; tests/locale_source.rs checks that every
/// name the rules give over the case table is listed.
pub const PARAM_NAMES: &[&str] = &[
    "value",
    "max",
    "min",
    "allowed",
    "length",
    "format",
    "suggestion",
    "expected",
    "got",
    "instead",
    "effective_date",
    "days",
    "max_days",
    "with",
    "min_rsa_bits",
    "min_ecc_bits",
    "replaced_by",
    "primary_usage",
    "option",
    "names",
    "fields",
];

/// The field rules' ids (the most frequent on a report), which travel as their index in this
/// list as [`PARAM_NAMES`] do; other rules' ids travel as text.
pub const FIELD_RULE_IDS: [&str; crate::rules::registry::FIELD_RULES.len()] = {
    let mut ids = [""; crate::rules::registry::FIELD_RULES.len()];
    let mut i = 0;
    while i < ids.len() {
        ids[i] = crate::rules::registry::FIELD_RULES[i].id;
        i += 1;
    }
    ids
};

/// The index of `name` in `list`.
fn index_in(list: &[&str], name: &str) -> Option<usize> {
    list.iter().position(|n| same(n, name))
}

impl ReportTape {
    /// A name of `list` as `-1 - index`, any other as text.
    fn name(&mut self, list: &[&str], name: &str) {
        match index_in(list, name) {
            Some(i) => self.num(-1.0 - i as f64),
            None => self.str(name),
        }
    }

    fn num(&mut self, n: impl Into<f64>) {
        self.ops.push(n.into());
    }

    fn count(&mut self, n: usize) {
        self.ops.push(n as f64);
    }

    fn str(&mut self, s: &str) {
        self.text.push_str(s);
        self.count(crate::value::utf16_len(s));
    }
}

impl ReportTape {
    /// Writes `report` over what the tape held, keeping its buffers for the next call.
    pub fn write(&mut self, report: &Report) {
        self.ops.clear();
        self.text.clear();
        encode_report_into(self, report.valid, &report.issues);
    }
}

/// Writes `report` for `reportOf`.
pub fn encode_report(report: &Report) -> ReportTape {
    let mut t = ReportTape::default();
    encode_report_into(&mut t, report.valid, &report.issues);
    t
}

/// Writes a report with these issues into `t` (the client's validation errors carry issues
/// without a report).
pub fn encode_report_into(t: &mut ReportTape, valid: bool, issues: &[Issue]) {
    t.num(u8::from(valid));
    t.count(issues.len());
    for issue in issues {
        t.num(issue.code as u8);
        t.num(u8::from(issue.severity == Severity::Warning));
        t.name(&FIELD_RULE_IDS, issue.rule);
        t.count(issue.path.len());
        for seg in &issue.path {
            match seg {
                PathSeg::Key(k) => t.str(k),
                PathSeg::Index(i) => t.num(-1.0 - *i as f64),
            }
        }
        // `field`: the path joined with dots, written without an intermediate String.
        let start = t.text.len();
        crate::report::write_path(&mut t.text, &issue.path);
        let field = t.text.get(start..).map_or(0, utf16_len);
        t.count(field);
        t.str(&issue.message);
        t.count(issue.params.len());
        for (name, param) in &issue.params {
            t.name(PARAM_NAMES, name);
            match param {
                Param::Int(n) => {
                    t.num(0);
                    t.num(*n as f64);
                }
                Param::Str(s) => {
                    t.num(1);
                    t.str(s);
                }
                Param::Strs(list) => {
                    t.num(2);
                    t.count(list.len());
                    list.iter().for_each(|s| t.str(s));
                }
                Param::Ints(list) => {
                    t.num(3);
                    t.count(list.len());
                    list.iter().for_each(|n| t.num(*n as f64));
                }
            }
        }
    }
}

// (Native only: the orders are given as JSON text, which native code reads with serde_json.)
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::report::Code;

    /// JSON text as native code reads it: serde_json, then `Value::from_json`.
    fn parse(text: &str) -> Value<'static> {
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        Value::from_json(&json).into_owned()
    }

    fn roundtrip(text: &str) {
        let value = parse(text);
        let tape = encode(&value).unwrap();
        assert_eq!(decode(&tape), Ok(value), "{text}");
    }

    #[test]
    fn values_come_back() {
        roundtrip("null");
        roundtrip("[true, false, 0, -1.5, 1e300, \"\", \"é\\n\\u0000\"]");
        roundtrip(
            r#"{"certificate": {"dns_names": ["a.example", "b.example"], "csr": "x"}, "organization": {"id": 7}, "": {}}"#,
        );
        roundtrip(r#"{"a": {"a": {"a": [[[[]]]]}}}"#);
    }

    #[test]
    fn broken_tapes_are_errors() {
        let good = encode(&parse(r#"{"a": [1, "bc"]}"#)).unwrap();
        // Every truncation and every single-byte change either fails or decodes to something.
        for n in 0..good.len() {
            assert!(decode(&good[..n]).is_err(), "truncated at {n}");
        }
        for i in 0..good.len() {
            for b in [0u8, 1, 6, 7, 0x7f, 0xff] {
                let mut bad = good.clone();
                bad[i] = b;
                let _ = decode(&bad);
            }
        }
        // Trailing bytes, unknown tags, invalid UTF-8, NaN, counts larger than the bytes.
        assert!(decode(&[NULL, NULL]).is_err());
        assert!(decode(&[9]).is_err());
        assert!(decode(&[STRING, 1, 0, 0, 0, 0xff]).is_err());
        let mut nan = vec![NUMBER];
        nan.extend_from_slice(&f64::NAN.to_le_bytes());
        assert!(decode(&nan).is_err());
        assert!(decode(&[ARRAY, 0xff, 0xff, 0xff, 0xff, NULL]).is_err());
        assert!(decode(&[OBJECT, 1, 0, 0, 0]).is_err());
    }

    #[test]
    fn known_keys_are_read_by_index() {
        let keys = ["certificate", "csr"];
        // A call for product "abc" without options: {"certificate": {"csr": "x"}}, both keys
        // by index.
        let mut t = vec![
            STRING, 3, 0, 0, 0, b'a', b'b', b'c', NULL, OBJECT, 1, 0, 0, 0,
        ];
        t.extend_from_slice(&KNOWN_KEY.to_le_bytes());
        t.extend_from_slice(&[OBJECT, 1, 0, 0, 0]);
        t.extend_from_slice(&(KNOWN_KEY | 1).to_le_bytes());
        t.extend_from_slice(&[STRING, 1, 0, 0, 0, b'x']);
        let (args, value) = decode_call(&t, &keys).unwrap();
        assert_eq!(args.product, "abc");
        assert_eq!(args.today, Today::Absent);
        assert_eq!(value, parse(r#"{"certificate": {"csr": "x"}}"#));
        // An index past the list is an error, as is any index for a reader without the list.
        assert!(decode_call(&t, &keys[..1]).is_err());
        assert!(decode(&t[8..]).is_err());
        // The header's forms of today.
        for (tag, today) in [
            (FALSE, Today::NotAnObject),
            (TRUE, Today::NotText),
            (UNREADABLE, Today::Unreadable),
        ] {
            t[8] = tag;
            assert_eq!(decode_call(&t, &keys).unwrap().0.today, today);
        }
        t[8] = 9;
        assert!(decode_call(&t, &keys).is_err());
        // A product that is not a string is named by what it is.
        let mut n = vec![NUMBER];
        n.extend_from_slice(&1.5f64.to_le_bytes());
        n.extend_from_slice(&t[8..]);
        n[9] = NULL;
        let (args, _) = decode_call(&n, &keys).unwrap();
        assert_eq!(args.product, "(a number)");
        let deep = [&[OBJECT, 0, 0, 0, 0][..], &n[9..]].concat();
        assert!(
            decode_call(&deep, &keys).is_err(),
            "32 levels deep: not an object"
        );
        let deep = [&[UNREADABLE, TOO_DEEP][..], &n[9..]].concat();
        let (args, _) = decode_call(&deep, &keys).unwrap();
        assert_eq!(args.product, "(an unreadable value)");
    }

    #[test]
    fn unreadable_values_come_back() {
        let whys = [
            Unreadable::NotJson("NaN".into()),
            Unreadable::TooDeep,
            Unreadable::StringTooLong(70_000),
            Unreadable::TooManyItems(u32::MAX as usize),
            Unreadable::Threw,
            Unreadable::TooManyValues,
            Unreadable::TooBig,
        ];
        let value = Value::Object(
            whys.iter()
                .enumerate()
                .map(|(i, w)| (Cow::Owned(i.to_string()), Value::Unreadable(w.clone())))
                .collect(),
        );
        assert_eq!(decode(&encode(&value).unwrap()), Ok(value));
        let list = Value::Array(whys.iter().cloned().map(Value::Unreadable).collect());
        assert_eq!(decode(&encode(&list).unwrap()), Ok(list));
        // They do not count against the values' budget: the writer puts one for each value past it.
        let past = Value::Array(vec![
            Value::Unreadable(Unreadable::TooManyValues);
            MAX_ITEMS
        ]);
        let many = Value::Array(vec![past; 11]);
        assert!(decode(&encode(&many).unwrap()).is_ok());
        // An unknown reason, or one cut short, is an error.
        assert!(decode(&[UNREADABLE, 7]).is_err());
        assert!(decode(&[UNREADABLE, STRING_TOO_LONG, 1, 0]).is_err());
        assert!(decode(&[UNREADABLE]).is_err());
    }

    #[test]
    fn calls_come_back() {
        let keys = crate::rules::known_keys();
        let order =
            parse(r#"{"certificate": {"common_name": "a", "x": [1, {"csr": ""}]}, "zzz": null}"#);
        for today in [
            Today::Absent,
            Today::NotText,
            Today::NotAnObject,
            Today::Unreadable,
            Today::Text("2026-11-22"),
        ] {
            for product in ["(a number)", "ssl_securesite"] {
                let args = CallArgs {
                    product: product.into(),
                    today,
                };
                let tape = encode_call(&args, &order, keys).unwrap();
                assert_eq!(decode_call(&tape, keys), Ok((args, order.clone())));
            }
        }
    }

    #[test]
    fn calls_get_validate_s_verdict() {
        let keys = crate::rules::known_keys();
        let today = Today::Text("2026-11-22");
        let call = |product: &str, today, order: &Value<'_>| {
            let args = CallArgs {
                product: product.into(),
                today,
            };
            let tape = encode_call(&args, order, keys).unwrap();
            let mut out = ReportTape::default();
            let verdict = validate_call(&tape, keys, &mut out);
            (verdict, out)
        };
        let bad = parse(r#"{"certificate": {"common_name": "*.a.example"}, "validity_years": 9}"#);
        let (verdict, out) = call("ssl_securesite", today, &bad);
        assert_eq!(verdict, Verdict::Issues);
        let options = Options {
            today: crate::date::Date::parse_iso("2026-11-22"),
        };
        let want = crate::rules::validate("ssl_securesite", &bad, &options);
        assert_eq!(report_of(&out), serde_json::to_value(&want).unwrap());
        // Every issue, with its rule: the unknown product too.
        let (verdict, out) = call("nope", today, &bad);
        assert_eq!(verdict, Verdict::Issues);
        assert_eq!(report_of(&out)["issues"][0]["rule"], "product.unknown");
        let csr = include_str!("../tests/fixtures/csr/rsa2048.pem");
        let clean = serde_json::json!({
            "certificate": {"common_name": "example.com", "csr": csr, "signature_hash": "sha256"},
            "organization": {"id": 1}, "validity_days": 100
        });
        let clean = Value::from_json(&clean);
        assert_eq!(call("ssl_securesite", today, &clean).0, Verdict::Clean);
        // Options that cannot be used: their issue alone, as rules::options_of says it.
        for (today, arg) in [
            (Today::NotText, OptionsArg::Today(None)),
            (Today::NotAnObject, OptionsArg::NotAnObject),
            (Today::Unreadable, OptionsArg::Unreadable),
            (
                Today::Text("2026-02-30"),
                OptionsArg::Today(Some("2026-02-30")),
            ),
        ] {
            let (verdict, out) = call("ssl_securesite", today, &bad);
            assert_eq!(verdict, Verdict::Issues, "{today:?}");
            let want = Report::new(vec![rules::options_of(arg).unwrap_err()]);
            assert_eq!(report_of(&out), serde_json::to_value(&want).unwrap());
        }
        let mut out = ReportTape::default();
        assert_eq!(validate_call(&[9, 9, 9], keys, &mut out), Verdict::NotATape);
    }

    #[test]
    fn an_empty_key_holding_null_ends_a_tape() {
        // The smallest entry is 5 bytes (an empty key's length and a one-byte value): the count
        // check once assumed 6 and refused this tape (found by fuzzing).
        roundtrip(r#"{"": null}"#);
        roundtrip(r#"[{"": true}]"#);
    }

    #[test]
    fn inspect_arguments_come_back() {
        let text = [&[STRING, 3, 0, 0, 0][..], "é-".as_bytes()].concat();
        assert_eq!(decode_text_arg(&text), Ok(Ok("é-")));
        let other = [&[UNREADABLE, NOT_JSON, 4, 0, 0, 0][..], b"null"].concat();
        assert_eq!(decode_text_arg(&other), Ok(Err("null")));
        // Cut short, too long, not UTF-8, or another value: not an argument.
        for bad in [
            &text[..7],
            &[&text[..], &[0]].concat()[..],
            &[STRING, 1, 0, 0, 0, 0xff],
            &[NULL],
            &[UNREADABLE, TOO_DEEP],
            &[],
        ] {
            assert!(decode_text_arg(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn repeated_keys_are_not_a_tape() {
        let mut tape = vec![OBJECT, 2, 0, 0, 0];
        for n in [1.0f64, 2.0] {
            tape.extend_from_slice(&[1, 0, 0, 0, b'a', NUMBER]);
            tape.extend_from_slice(&n.to_le_bytes());
        }
        assert!(decode(&tape).is_err());
        // A key by index and the same key as text are one key.
        let keys = ["a"];
        let mut call = vec![STRING, 1, 0, 0, 0, b'x', NULL, OBJECT, 2, 0, 0, 0];
        call.extend_from_slice(&KNOWN_KEY.to_le_bytes());
        call.push(NULL);
        call.extend_from_slice(&[1, 0, 0, 0, b'a', NULL]);
        assert!(decode_call(&call, &keys).is_err());
    }

    #[test]
    fn limits_are_errors() {
        let mut deep = vec![];
        for _ in 0..=MAX_DEPTH {
            deep.extend_from_slice(&[ARRAY, 1, 0, 0, 0]);
        }
        deep.push(NULL);
        assert!(decode(&deep).is_err());
        let ok = &deep[5..];
        assert!(decode(ok).is_ok());

        let long = "x".repeat(MAX_STRING_LEN + 1);
        let tape = encode(&Value::String(long.into())).unwrap();
        assert!(decode(&tape).is_err());

        let many = Value::Array(vec![Value::Null; MAX_ITEMS + 1]);
        assert!(decode(&encode(&many).unwrap()).is_err());
    }

    /// What `reportOf` does, in Rust: the report tape must give back the report's JSON.
    fn report_of(t: &ReportTape) -> serde_json::Value {
        use serde_json::{json, Value as J};
        let units: Vec<u16> = t.text.encode_utf16().collect();
        let (mut i, mut at) = (0, 0);
        let mut num = || {
            i += 1;
            t.ops[i - 1]
        };
        let mut str = |n: f64| {
            let s = String::from_utf16(&units[at..at + n as usize]).unwrap();
            at += n as usize;
            J::String(s)
        };
        let codes = Code::ALL;
        let valid = num() == 1.0;
        let mut issues = vec![];
        for _ in 0..num() as usize {
            let code = serde_json::to_value(codes[num() as usize]).unwrap();
            let severity = if num() == 0.0 { "error" } else { "warning" };
            let rule = match num() {
                n if n < 0.0 => json!(FIELD_RULE_IDS[(-1.0 - n) as usize]),
                n => str(n),
            };
            let mut path = vec![];
            for _ in 0..num() as usize {
                let n = num();
                path.push(if n < 0.0 {
                    json!((-1.0 - n) as u64)
                } else {
                    str(n)
                });
            }
            let field = str(num());
            let message = str(num());
            let mut issue = json!({ "path": path, "field": field, "code": code,
                "rule": rule, "severity": severity, "message": message });
            let n = num() as usize;
            if n > 0 {
                let mut params = serde_json::Map::new();
                for _ in 0..n {
                    let name = match num() {
                        n if n < 0.0 => PARAM_NAMES[(-1.0 - n) as usize].to_owned(),
                        n => {
                            let J::String(name) = str(n) else {
                                unreachable!()
                            };
                            name
                        }
                    };
                    let value = match num() as u8 {
                        0 => json!(num() as i64),
                        1 => str(num()),
                        2 => J::Array((0..num() as usize).map(|_| str(num())).collect()),
                        _ => J::Array((0..num() as usize).map(|_| json!(num() as i64)).collect()),
                    };
                    params.insert(name, value);
                }
                issue["params"] = J::Object(params);
            }
            issues.push(issue);
        }
        assert_eq!(
            (i, at),
            (t.ops.len(), units.len()),
            "all of the tape is read"
        );
        json!({ "valid": valid, "issues": issues })
    }

    #[test]
    fn code_numbers_are_the_index_in_code_all() {
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i, "{code:?}");
        }
    }

    #[test]
    fn reports_come_back() {
        let issue = |path: Vec<PathSeg>, code, severity, params| Issue {
            path,
            code,
            rule: "field.type",
            severity,
            message: "é \"x\" 😀 — got 5.".to_owned(),
            params,
        };
        let report = Report::new(vec![
            issue(vec![], Code::Type, Severity::Error, vec![]),
            issue(
                vec![
                    PathSeg::Key("certificate".into()),
                    PathSeg::Key("dns_names".into()),
                    PathSeg::Index(12),
                ],
                Code::Format,
                Severity::Error,
                vec![("value", Param::Str("ñ😀".into())), ("max", Param::Int(-7))],
            ),
            issue(
                vec![PathSeg::Key("ümlaut😀".into())],
                Code::UnknownField,
                Severity::Warning,
                vec![
                    ("allowed", Param::Strs(vec!["a", "", "ß"])),
                    ("years", Param::Ints(vec![1, 2, 9_007_199_254_740_991])),
                ],
            ),
            issue(
                vec![PathSeg::Index(0)],
                Code::Policy,
                Severity::Warning,
                vec![],
            ),
        ]);
        let want = serde_json::to_value(&report).unwrap();
        assert_eq!(report_of(&encode_report(&report)), want);
        let empty = Report::new(vec![]);
        assert_eq!(
            report_of(&encode_report(&empty)),
            serde_json::to_value(&empty).unwrap()
        );
    }

    #[test]
    fn every_case_report_comes_back() {
        for text in [
            r#"{"certificate": {"common_name": "a b", "dns_names": ["x", 1]}, "comment": 1, "validity_years": 9}"#,
            r#"{"certificate": {"signature_hash": "md5"}, "order_validity": {"years": 4}, "ship_info": {"method": "FAST"}}"#,
            "[]",
        ] {
            let order = parse(text);
            for product in [
                "ssl_securesite",
                "code_signing_ev",
                "client_premium",
                "nope",
            ] {
                let report = crate::rules::validate(product, &order, &Default::default());
                let want = serde_json::to_value(&report).unwrap();
                assert_eq!(report_of(&encode_report(&report)), want, "{product} {text}");
            }
        }
    }
}
