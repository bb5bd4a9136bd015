//! Validation reports: every issue at once, each with a path, a code and a message.
//!
//! Shaped after garde/zod reports: `path` for programs, `field` (the dotted path) for forms and
//! `name` attributes, `params` for translated messages.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

/// What kind of problem an issue is. The names are part of the JS contract.
///
/// New kinds of rules may bring new codes, so match with a `_` arm: [`Severity`] says whether an
/// issue of any code stops the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// A required field is missing (reported at the missing field's own path).
    Required,
    /// The JSON type is wrong (a string where an integer belongs, ...).
    Type,
    /// A value outside an allowed set.
    Enum,
    /// A number or date outside its bounds.
    Range,
    /// A string of the wrong shape: dates, e-mail addresses, DNS names, CSRs, ids.
    Format,
    /// Too long or too short: strings and lists.
    Length,
    /// Fields that exclude each other or do not fit together.
    Conflict,
    /// A field this product's request does not have (warning).
    UnknownField,
    /// A field the newest spec page deprecates (warning).
    Deprecated,
    /// A product id outside the fourteen ([`crate::products()`]).
    UnknownProduct,
    /// An industry rule newer than the spec pages (warning).
    Policy,
}

impl Code {
    /// Every code, in declaration order: a code's index here is the number the npm package's
    /// report tape sends for it (`CODES` in src/js/support.js lists the same names). A slice,
    /// as the list may grow.
    pub const ALL: &'static [Code] = &[
        Code::Required,
        Code::Type,
        Code::Enum,
        Code::Range,
        Code::Format,
        Code::Length,
        Code::Conflict,
        Code::UnknownField,
        Code::Deprecated,
        Code::UnknownProduct,
        Code::Policy,
    ];
}

/// Whether an issue stops the order. Two levels, as CertCentral has two outcomes: it refuses
/// the order, or takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// CertCentral would refuse the order (or the rules know it will fail): fix it first. Any
    /// error makes the report's `valid` false.
    Error,
    /// The order goes through, but likely not as meant: an unknown or deprecated field, a retired
    /// product, a policy that turns the order into something else.
    Warning,
}

/// One step of an issue's path: an object key or an array index. Keys from the field tables are
/// borrowed, so walking a valid order allocates no path.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum PathSeg {
    /// An object's key.
    Key(std::borrow::Cow<'static, str>),
    /// A list's index, from 0.
    Index(usize),
}

/// A value quoted in a message, kept apart for translations. Serialized as the bare value
/// (`3`, `"sha256"`, `["sha256"]`); rules may come to quote other kinds of values.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Param {
    /// A number: a bound, a count, a length.
    Int(i64),
    /// A text: the value found, a field's name.
    Str(String),
    /// A list of texts: the allowed values.
    Strs(Vec<&'static str>),
    /// A list of numbers: the allowed values.
    Ints(Vec<i64>),
}

impl From<i64> for Param {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}
impl From<usize> for Param {
    fn from(v: usize) -> Self {
        Param::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<&str> for Param {
    fn from(v: &str) -> Self {
        Param::Str(v.to_owned())
    }
}
impl From<String> for Param {
    fn from(v: String) -> Self {
        Param::Str(v)
    }
}
impl From<&[&'static str]> for Param {
    fn from(v: &[&'static str]) -> Self {
        Param::Strs(v.to_vec())
    }
}
impl From<&[i64]> for Param {
    fn from(v: &[i64]) -> Self {
        Param::Ints(v.to_vec())
    }
}

/// One problem with an order. Serialized as the npm package's `Issue`: `path`, `field` (the
/// dotted path), `code`, `rule`, `severity`, `message` and, when there are any, `params`.
///
/// Issues come from the rules; more may be said about them later, hence `#[non_exhaustive]`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Issue {
    /// Where: `["certificate", "dns_names", 1]`; empty for the order itself.
    pub path: Vec<PathSeg>,
    /// What kind of problem it is.
    pub code: Code,
    /// The id of the rule that reported it (`field.required`, `ssl.dcv.http_token_wildcard`,
    /// ...): stable, listed with its source in RULES.md.
    pub rule: &'static str,
    /// Whether it stops the order.
    pub severity: Severity,
    /// English; says what is wrong and what is allowed.
    pub message: String,
    /// What the message quotes: `allowed`, `min`, `max`, `value`, ...
    pub params: Vec<(&'static str, Param)>,
}

impl Issue {
    /// The path joined with dots: `certificate.dns_names.1`; empty for the order itself.
    pub fn field(&self) -> String {
        join_path(&self.path)
    }

    /// The value the message quotes as `name` (`allowed`, `min`, `max`, `value`, ...).
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

pub(crate) fn join_path(path: &[PathSeg]) -> String {
    let mut out = String::new();
    write_path(&mut out, path);
    out
}

/// Appends `path` joined with dots (what [`join_path`] answers) to `out`. A key the order made
/// up is shown as [`push_shown`] shows text from the order (the field names of the tables are
/// short and plain, and stay as they are).
pub(crate) fn write_path(out: &mut String, path: &[PathSeg]) {
    for (i, seg) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        match seg {
            PathSeg::Key(k) => push_shown(out, k),
            PathSeg::Index(n) => push_int(out, *n as i64),
        }
    }
}

/// The control character whose UTF-8 starts at `b[i]`, as (its length, its code point): the C0
/// and C1 controls, the line and paragraph separators and the bidirectional controls (the
/// Arabic letter mark U+061C, the marks U+200E and U+200F, the embeddings and overrides
/// U+202A-U+202E, the isolates U+2066-U+2069). Matched
/// on the bytes: decoding characters costs the wasm more than the rest of this together.
fn control_at(b: &[u8], i: usize) -> Option<(usize, u32)> {
    let low = |c: u8| u32::from(c & 0x3f);
    match (b.get(i), b.get(i + 1), b.get(i + 2)) {
        (Some(&c), ..) if c < 0x20 || c == 0x7f => Some((1, u32::from(c))),
        (Some(0xc2), Some(&c), _) if (0x80..=0x9f).contains(&c) => Some((2, u32::from(c))),
        (Some(0xd8), Some(0x9c), _) => Some((2, 0x61c)),
        (Some(0xe2), Some(&m @ (0x80 | 0x81)), Some(&c))
            if matches!(
                (m, c),
                (0x80, 0x8e | 0x8f | 0xa8..=0xae) | (0x81, 0xa6..=0xa9)
            ) =>
        {
            Some((3, 0x2000 | (low(m) << 6) | low(c)))
        }
        _ => None,
    }
}

/// Appends text from the order (a value, a key it made up) for a message or a field's name: at
/// most 60 characters (the first 57 and "..." when longer: a message stays readable whatever
/// the order holds), and every control character as `\u{..}`. Messages are printed to terminals
/// and written to logs, one line each: a value must not add a line to a log (a newline), colour
/// or clear a terminal (ESC) or turn the text around (the bidirectional controls). A backslash
/// is shown as it is: `\u{1b}` typed into an order reads the same as an escaped ESC, which is
/// harmless (no control character is ever written) and keeps paths and values readable.
pub(crate) fn push_shown(out: &mut String, s: &str) {
    // Nearly always (field names, hosts, ids): printable ASCII within the limit, shown as it is.
    // Every message passes its path through here, so this check is what most calls cost: the
    // invalid orders' calls were 7-9 % slower with the full scan alone.
    if s.len() <= 60 && s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        out.push_str(s);
        return;
    }
    let long = char_count(s) > 60;
    let shown = if long { chars_prefix(s, 57) } else { s };
    let b = shown.as_bytes();
    let (mut i, mut from) = (0, 0);
    while i < b.len() {
        let Some((len, code)) = control_at(b, i) else {
            i += 1;
            continue;
        };
        out.push_str(shown.get(from..i).unwrap_or_default());
        out.push_str("\\u{");
        push_hex(out, code);
        out.push('}');
        i += len;
        from = i;
    }
    out.push_str(shown.get(from..).unwrap_or_default());
    if long {
        out.push_str("...");
    }
}

/// Appends `n` in lowercase hexadecimal, without leading zeros.
fn push_hex(out: &mut String, n: u32) {
    if n >= 16 {
        push_hex(out, n >> 4);
    }
    let digit = (n & 0xf) as u8;
    out.push(char::from(if digit < 10 {
        b'0' + digit
    } else {
        b'a' + digit - 10
    }));
}

/// `s.chars().count()` as a plain loop: core's version is 0.8 KB of wasm at opt-level 3.
pub(crate) fn char_count(s: &str) -> usize {
    let mut n = 0;
    for &b in s.as_bytes() {
        n += usize::from(b & 0xC0 != 0x80);
    }
    n
}

/// The first `n` characters of `s` (all of it when shorter), without collecting `chars()`.
pub(crate) fn chars_prefix(s: &str, n: usize) -> &str {
    let mut seen = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b & 0xC0 != 0x80 {
            if seen == n {
                return s.get(..i).unwrap_or(s);
            }
            seen += 1;
        }
    }
    s
}

/// Appends `n` in decimal to `out`, digit by digit: in the size-optimised wasm, `{n}` through
/// `core::fmt` (its padding and sign handling) cost more than the rest of a message together.
pub(crate) fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_unsigned(out, n.unsigned_abs());
}

/// Appends `n` in decimal to `out` (what [`push_int`] writes after the sign).
pub(crate) fn push_unsigned(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

/// A value a message quotes, written into it without `core::fmt`: the validation wasm carries
/// no formatting machinery (its padding, width and flag handling), only [`fill`] and these.
pub trait Piece {
    /// Appends the value as a message shows it.
    fn put(&self, out: &mut String);
}

impl Piece for str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}
impl Piece for String {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}
impl<T: Piece + ?Sized> Piece for &T {
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}
impl Piece for std::borrow::Cow<'_, str> {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}
macro_rules! piece_int {
    ($push:ident as $wide:ty: $($t:ty),*) => {$(
        impl Piece for $t {
            fn put(&self, out: &mut String) {
                // Lossless: each type widens into its kind's 64 bits (usize is at most 64).
                $push(out, *self as $wide);
            }
        }
    )*};
}
piece_int!(push_int as i64: i64, i32, i16, i8);
piece_int!(push_unsigned as u64: u64, u32, u16, u8, usize);

/// `template` with each `{}` replaced by the next of `args`, in order (what `format!` makes of
/// the same text, for the values [`Piece`] writes): one small function instead of `core::fmt`
/// in the wasm. A `{}` beyond the last arg is left out; there are no escapes, as no message
/// says `{}` itself.
pub fn fill(template: &str, args: &[&dyn Piece]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = rest.as_bytes().windows(2).position(|w| w == b"{}") {
        out.push_str(rest.get(..at).unwrap_or_default());
        if let Some(arg) = args.next() {
            arg.put(&mut out);
        }
        rest = rest.get(at + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `format!` for messages, through [`fill`]: `text!("{} must be after today ({}).", field, today)`.
macro_rules! text {
    ($template:literal $(, $arg:expr)* $(,)?) => {
        $crate::report::fill($template, &[$(&$arg as &dyn $crate::report::Piece),*])
    };
}
pub(crate) use text;

struct Params<'a>(&'a [(&'static str, Param)]);

impl Serialize for Params<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Serialize for Issue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = if self.params.is_empty() { 6 } else { 7 };
        let mut st = s.serialize_struct("Issue", n)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("field", &self.field())?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("rule", self.rule)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("message", &self.message)?;
        if self.params.is_empty() {
            st.skip_field("params")?;
        } else {
            st.serialize_field("params", &Params(&self.params))?;
        }
        st.end()
    }
}

/// The answer for one order: `valid` is true when no issue is an error.
///
/// `#[non_exhaustive]`: a report may come to say more than its issues; [`Report::new`] makes
/// one.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// True when no issue is an [`Severity::Error`]: the order may be sent.
    pub valid: bool,
    /// Every issue found, errors and warnings, in the order the rules found them (the order's
    /// fields first, then the rules across fields).
    pub issues: Vec<Issue>,
}

impl Report {
    /// A report of `issues`, `valid` when none of them is an error.
    pub fn new(issues: Vec<Issue>) -> Report {
        let valid = !issues.iter().any(|i| i.severity == Severity::Error);
        Report { valid, issues }
    }

    /// The issues that stop the order.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// The issues that do not stop the order, but say it may not do what was meant.
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }
}

/// TypeScript declarations for the report, written by hand only where tsify cannot express the
/// contract (`params` as a record, the mixed path tuple).
#[cfg(feature = "__ts")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_REPORT: &'static str = r#"
/** One problem with an order. */
export interface Issue {
  /** Where: `["certificate", "dns_names", 1]`; `[]` for the order itself. */
  path: (string | number)[];
  /** `path` joined with ".": `"certificate.dns_names.1"`; `""` for the order itself. */
  field: string;
  code: Code;
  /** The id of the rule that reported it (`"field.required"`, `"ssl.dcv.http_token_wildcard"`, ...): stable; RULES.md lists every rule. */
  rule: string;
  severity: Severity;
  /** English; says what is wrong and what is allowed. */
  message: string;
  /** What the message quotes, for translations: `{ allowed: [1, 2] }`, `{ max: 64 }`, ... */
  params?: Record<string, unknown>;
}
/** The verdict on one order: `valid` is true when no issue has severity `"error"`. */
export interface ValidationReport {
  valid: boolean;
  issues: Issue[];
}
/** Options for `validateOrder`. */
export interface ValidateOptions {
  /** `YYYY-MM-DD`: the day date rules count from. Default: today on the host's clock, in UTC. */
  today?: string | undefined;
  /** The messages' language: a catalog (`certcentral-orders/locales/es`), or the name of one given to `registerLocale`. Default and fallback: English. */
  locale?: Locale | undefined;
}
"#;

impl Issue {
    /// An issue made of its parts, for the binding crate's tests (any issue must cross to
    /// JavaScript as serde writes it). The rules make theirs from their declarations.
    #[cfg(feature = "__internals")]
    #[doc(hidden)]
    pub fn from_parts(
        path: Vec<PathSeg>,
        code: Code,
        rule: &'static str,
        severity: Severity,
        message: String,
        params: Vec<(&'static str, Param)>,
    ) -> Issue {
        Issue {
            path,
            code,
            rule,
            severity,
            message,
            params,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    /// Numbers in messages and paths read as `{n}` writes them, at the ends of the range too.
    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for n in [0, 1, -1, 9, 10, 199, 730, -5, 65_536, i64::MAX, i64::MIN] {
            let mut out = String::from("x");
            super::push_int(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    /// `text!` writes what `format!` writes for the same template and values: the messages
    /// kept their words when they moved off `core::fmt`.
    #[test]
    fn text_writes_what_format_writes() {
        let (name, n, u, date) = (
            "certificate.csr",
            -42i64,
            4096u32,
            crate::Date::new(2027, 3, 9),
        );
        let owned = String::from("sha1");
        assert_eq!(
            super::text!(
                "{} has {} of {}: {}, {} ({}).",
                name,
                n,
                u,
                owned,
                usize::MAX,
                date.unwrap()
            ),
            format!(
                "{name} has {n} of {u}: {owned}, {} ({}).",
                usize::MAX,
                date.unwrap()
            )
        );
        assert_eq!(
            super::text!("{ \"id\": <id> } {}", 1u8),
            "{ \"id\": <id> } 1"
        );
        assert_eq!(super::text!("no values"), "no values");
        assert_eq!(super::text!("{}{}", "a", "b"), "ab");
        // Fewer values than `{}`s: the rest are left out (no message does this).
        assert_eq!(super::fill("{} and {}", &[&"one"]), "one and ");
    }

    /// A new code must be added to `Code::ALL` (and so to `CODES` in src/js/support.js, which
    /// tests/js_facts.rs writes from it): this match stops compiling until it is looked at.
    #[test]
    fn every_code_is_listed_once() {
        let place = |code: Code| match code {
            Code::Required => 0,
            Code::Type => 1,
            Code::Enum => 2,
            Code::Range => 3,
            Code::Format => 4,
            Code::Length => 5,
            Code::Conflict => 6,
            Code::UnknownField => 7,
            Code::Deprecated => 8,
            Code::UnknownProduct => 9,
            Code::Policy => 10,
        };
        assert_eq!(Code::ALL.len(), 11);
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(place(*code), i, "{code:?}");
        }
    }
}
