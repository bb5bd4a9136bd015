//! Validation reports: every issue at once, each with a path, a code and a message.
//!
//! Shaped after garde/zod reports: `path` for programs, `field` (the dotted path) for forms and
//! `name` attributes, `params` for translated messages.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

/// What kind of problem an issue is. The names are part of the JS contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
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
    /// A product id outside the eleven.
    UnknownProduct,
    /// An industry rule newer than the spec pages (warning).
    Policy,
}

impl Code {
    /// Every code, in declaration order: a code's index here is the number the npm package's
    /// report tape sends for it (`CODES` in src/js/support.js lists the same names).
    pub const ALL: [Code; 11] = [
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One step of an issue's path: an object key or an array index. Keys from the field tables are
/// borrowed, so walking a valid order allocates no path.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum PathSeg {
    Key(std::borrow::Cow<'static, str>),
    Index(usize),
}

/// A value quoted in a message, kept apart for translations.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Param {
    Int(i64),
    Str(String),
    Strs(Vec<&'static str>),
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

/// One problem with an order.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// Where: `["certificate", "dns_names", 1]`; empty for the order itself.
    pub path: Vec<PathSeg>,
    pub code: Code,
    /// The id of the rule that reported it (`field.required`, `ssl.dcv.http_token_wildcard`,
    /// ...): stable, listed with its source in RULES.md.
    pub rule: &'static str,
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

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

pub(crate) fn join_path(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for (i, seg) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        match seg {
            PathSeg::Key(k) => out.push_str(k),
            PathSeg::Index(n) => out.push_str(&n.to_string()),
        }
    }
    out
}

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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub valid: bool,
    pub issues: Vec<Issue>,
}

impl Report {
    pub fn new(issues: Vec<Issue>) -> Report {
        let valid = !issues.iter().any(|i| i.severity == Severity::Error);
        Report { valid, issues }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }
}

/// TypeScript declarations for the report, written by hand only where tsify cannot express the
/// contract (`params` as a record, the mixed path tuple).
#[cfg(target_arch = "wasm32")]
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
  today?: string;
  /** The messages' language: a catalog (`certcentral-orders/locales/es`), or the name of one given to `registerLocale`. Default and fallback: English. */
  locale?: Locale;
}
"#;
