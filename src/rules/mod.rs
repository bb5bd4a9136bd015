//! The one rule set. A web form, a Node script and the client's pre-submit check all call
//! [`validate`], so they reach the same verdict on the same order.
//!
//! Layout: each family's request is described by a static field table (its `ORDER` in
//! [`code_signing`], [`client`], [`ssl`], [`secure_email`]) that the walker in this module checks for types,
//! required fields, allowed values, bounds, formats and unknown fields; rules that tie fields
//! together (conditional requirements, dates, policy) are functions in the same family file.
//! Shared tables and rules live in [`common`]; which products are retired, and the warning for
//! them, in [`retired`].

pub mod client;
pub mod code_signing;
pub mod common;
pub mod dates;
pub mod describe;
pub mod registry;
pub mod reissue;
pub mod retired;
pub mod secure_email;
pub mod ssl;

use std::borrow::Cow;

use crate::csr;
use crate::date::Date;
use crate::formats;
use crate::products::{Family, Product, PRODUCT_IDS};
use crate::report::{char_count, text, Code, Issue, Param, PathSeg, Report, Severity};
use crate::value::{
    same, text, Unreadable, Value, MAX_BYTES, MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN, MAX_VALUES,
};
use registry::FieldIssue;

/// A field rule's issue kind, made at compile time so the rule's documentation stays out of
/// the wasm.
macro_rules! field {
    ($rule:ident) => {
        const { registry::$rule.kind() }
    };
}

/// Options for [`validate`]: `Options::default()`, or `Options::default().today(day)`.
///
/// `#[non_exhaustive]`: options may be added (each with a default that keeps today's verdicts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The day date rules count from; `None` means today in UTC on the host's clock. CertCentral
    /// judges an order on the day it gets it (lifetime caps and cut-offs change on set days), so
    /// a check ahead of time, or a reproducible one, sets the day. On `wasm32-unknown-unknown`,
    /// which has no clock, set it.
    pub today: Option<Date>,
}

impl Options {
    /// These options, judging the order as on `day`.
    ///
    /// ```
    /// use certcentral_orders::{Date, Options};
    /// let day = Date::parse_iso("2026-11-22").expect("a real date");
    /// assert_eq!(Options::default().today(day).today, Some(day));
    /// ```
    pub fn today(mut self, day: Date) -> Options {
        self.today = Some(day);
        self
    }
}

/// What a call's `options` held where they are not a plain `{ today?: string }` read already:
/// the JavaScript bindings find it, the rules judge it.
pub enum OptionsArg<'a> {
    /// Not an object.
    NotAnObject,
    /// Reading `today` threw (a getter, a Proxy).
    Unreadable,
    /// `today` was given: its text, `None` when it is not a string.
    Today(Option<&'a str>),
}

/// The options a call asked for, or the issue that says why they cannot be used (reported in
/// the report rather than thrown, so a form never crashes on them).
pub fn options_of(arg: OptionsArg<'_>) -> Result<Options, Issue> {
    let (rule, message) = match arg {
        OptionsArg::Today(text) => match text.and_then(Date::parse_iso) {
            Some(date) => return Ok(Options { today: Some(date) }),
            None => (
                field!(OPTIONS_TODAY),
                "options.today must be a real date as YYYY-MM-DD, e.g. \"2026-11-22\".",
            ),
        },
        OptionsArg::NotAnObject => (
            field!(OPTIONS_TYPE),
            "The options must be an object such as { today: \"2026-11-22\" }.",
        ),
        OptionsArg::Unreadable => (field!(OPTIONS_TYPE), "options.today could not be read."),
    };
    Err(rule.issue(
        Vec::new(),
        message.to_owned(),
        vec![("option", Param::from("today"))],
    ))
}

/// Validates an order body for `product` and returns every issue at once.
///
/// Never panics, whatever `order` holds: a value of the wrong type is a `type` issue at its
/// path, and values past the readers' limits are `length` issues.
pub fn validate(product: &str, order: &Value, options: &Options) -> Report {
    let Some(product) = Product::from_id(product) else {
        return Report::new(vec![unknown_product(product)]);
    };
    let mut ctx = Ctx {
        product,
        today: options.today.unwrap_or_else(Date::today_utc),
        issues: Vec::new(),
        path: Vec::new(),
        rule: registry::NOT_A_RULE,
        ignored: registry::hidden_fields(product),
        csr: None,
    };
    let fields = order_fields(product);
    if ctx.check_object(fields, order) {
        // Each family's `check` is `#[inline(never)]`: V8 compiles a wasm function whole on its
        // first call, so a first call compiles only the rules of the family it checks (measured:
        // 38 KB of code instead of 42 for an SSL order, 33 instead of 38 for a client one; the
        // wasm +0.2 KB gzip; scripts/build-pkg.mjs keeps Binaryen from inlining them back).
        match product.family() {
            Family::CodeSigning => code_signing::check(&mut ctx, order),
            Family::Client => client::check(&mut ctx, order),
            Family::Ssl => ssl::check(&mut ctx, order),
            Family::SecureEmail => secure_email::check(&mut ctx, order),
        }
        retired::check(&mut ctx, order);
        common::check(&mut ctx, order);
    }
    Report::new(ctx.issues)
}

/// [`validate`] on a `serde_json::Value` (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn validate_json(product: &str, order: &serde_json::Value, options: &Options) -> Report {
    validate(product, &Value::from_json(order), options)
}

/// [`validate`] on a typed model, such as [`crate::models::SslOrder`] (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn validate_model<T: serde::Serialize>(product: &str, order: &T, options: &Options) -> Report {
    match serde_json::to_value(order) {
        Ok(json) => validate_json(product, &json, options),
        Err(e) => Report::new(vec![field!(ORDER_READABLE).issue(
            Vec::new(),
            format!("The order could not be read as JSON: {e}."),
            Vec::new(),
        )]),
    }
}

/// The field table of a product's request body.
pub fn order_fields(product: Product) -> &'static [Field] {
    match product.family() {
        Family::CodeSigning => code_signing::ORDER,
        Family::Client => client::ORDER,
        Family::Ssl => ssl::ORDER,
        Family::SecureEmail => secure_email::ORDER,
    }
}

/// Every field name of the four families' tables, each once, in a fixed order. The npm package
/// sends these keys as their index in this list rather than as text ([`crate::tape`]); its JS
/// reads the list from wasm memory on its first call, joined by commas (no field name holds one),
/// which the wasm writes then from this list rather than keeping a second copy of the names.
///
/// The list itself is worked out at compile time: walking the tables at run time on the first
/// call, and handing the list to JS through wasm-bindgen as a string, was a quarter of the first
/// `validateOrder`'s time in a fresh Node process (V8 compiling the code that made it). Joining
/// the names into a buffer JS reads is one loop of copies, and did not change the first call's
/// time (interleaved, 31 processes each).
pub const KNOWN_KEYS: [&str; known::COUNT] = known::list();

/// [`KNOWN_KEYS`] as a slice, as the tape's readers and writers take it.
pub fn known_keys() -> &'static [&'static str] {
    &KNOWN_KEYS
}

/// The const evaluation behind [`KNOWN_KEYS`]: the tables walked in order, each name kept the
/// first time it is met.
mod known {
    use super::{client, code_signing, const_same, secure_email, ssl, Field, Ty};

    /// More than the tables will ever hold; a table past it fails the build, not a call.
    const ROOM: usize = 1024;
    const TABLES: [&[Field]; 4] = [
        code_signing::ORDER,
        client::ORDER,
        ssl::ORDER,
        secure_email::ORDER,
    ];

    pub(super) const COUNT: usize = walk().1;

    pub(super) const fn list() -> [&'static str; COUNT] {
        let (all, _) = walk();
        let mut out = [""; COUNT];
        let mut i = 0;
        while i < COUNT {
            out[i] = all[i];
            i += 1;
        }
        out
    }

    const fn walk() -> ([&'static str; ROOM], usize) {
        let mut names = [""; ROOM];
        let mut n = 0;
        let mut t = 0;
        while t < TABLES.len() {
            n = table(TABLES[t], &mut names, n);
            t += 1;
        }
        (names, n)
    }

    const fn table(
        fields: &'static [Field],
        names: &mut [&'static str; ROOM],
        mut n: usize,
    ) -> usize {
        let mut i = 0;
        while i < fields.len() {
            let name = fields[i].name;
            if !has(names, n, name) {
                names[n] = name;
                n += 1;
            }
            n = ty(&fields[i].ty, names, n);
            i += 1;
        }
        n
    }

    const fn ty(t: &'static Ty, names: &mut [&'static str; ROOM], n: usize) -> usize {
        match t {
            Ty::Object(fields) => table(fields, names, n),
            Ty::List { item, .. } => ty(item, names, n),
            _ => n,
        }
    }

    const fn has(names: &[&'static str; ROOM], n: usize, name: &str) -> bool {
        let mut i = 0;
        while i < n {
            if const_same(names[i], name) {
                return true;
            }
            i += 1;
        }
        false
    }
}

/// `a == b` in const evaluation (`==` on `str` is not const): the field tables' compile-time
/// lookups ([`KNOWN_KEYS`], reissue's `pick`).
pub(crate) const fn const_same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

pub(crate) fn unknown_product(id: &str) -> Issue {
    let shown = shorten(id);
    field!(PRODUCT_UNKNOWN).issue(
        Vec::new(),
        text!(
            "\"{}\" is not a product this library knows; use one of: {}.",
            shown,
            join(&PRODUCT_IDS, ", ")
        ),
        vec![
            ("allowed", Param::from(&PRODUCT_IDS[..])),
            ("value", Param::from(shown)),
        ],
    )
}

/// Whether a field must be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Req {
    /// Always required; the walker reports it missing.
    Yes,
    No,
    /// Required under a condition, or on some products only: a rule of the registry
    /// ([`registry::Rule::requires`]) checks it and says when.
    Cond,
}

/// The shape a field's value must have.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// A string of `min..=max` characters, of the given format.
    Str {
        min: usize,
        max: usize,
        fmt: Fmt,
    },
    /// An integer in `min..=max` (`range` outside); `max` [`UNBOUNDED`] has no upper bound.
    /// The bounds are `i32` (every bound of the spec fits) so that a `Ty`, and each `Field`
    /// that holds one, needs no 8-byte alignment: the field tables 12 bytes a field smaller,
    /// measured -456 bytes gzip of the validation wasm. The values checked are still `i64`.
    Int {
        min: i32,
        max: i32,
    },
    /// An integer from a set (`enum` outside).
    IntEnum(&'static [i64]),
    /// A string from a closed set (`enum` error outside).
    Enum(&'static [&'static str]),
    /// A string from a set that is not known to be complete (glossary: "must not reject a value
    /// only because it is missing"): the shape is checked (`format` error), a value outside the
    /// list is an `enum` warning.
    OpenEnum(&'static [&'static str], Fmt),
    Bool,
    Object(&'static [Field]),
    /// A list of `min..=max` items, each of type `item`.
    List {
        item: &'static Ty,
        min: usize,
        max: usize,
    },
}

/// [`Ty::Int`]'s `max` when the integer has no upper bound (ids, which CertCentral assigns).
pub(crate) const UNBOUNDED: i32 = i32::MAX;

impl Ty {
    /// An integer type's bounds as the checks use them, `i64::MAX` for no upper bound; `None`
    /// for other types.
    pub const fn int_range(&self) -> Option<(i64, i64)> {
        match *self {
            Ty::Int { min, max } => Some((
                min as i64,
                if max == UNBOUNDED {
                    i64::MAX
                } else {
                    max as i64
                },
            )),
            _ => None,
        }
    }
}

/// Formats of string fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fmt {
    Any,
    /// A DNS name, `*.` wildcards included (which products take them is a rule of
    /// [`ssl`]).
    Dns,
    Email,
    /// `yyyy-MM-dd`.
    IsoDate,
    /// `dd MMM YYYY`.
    DdMmmYyyy,
    /// A PEM certificate signing request.
    Csr,
    /// 40 hex digits.
    Sha1,
    Alphanumeric,
    /// `xx` or `xx_YY`.
    Locale,
    /// Two letters (ISO 3166-1 alpha-2).
    Country,
    /// `lower_snake_case`.
    Snake,
}

/// One field of a request body.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The API's own name.
    pub name: &'static str,
    pub ty: Ty,
    pub req: Req,
    /// One line for a form's help text (`orderFields`' `help`). Empty in the npm package's
    /// wasm, which reads none: the package's `orderFields` has its own copy, generated from
    /// these tables.
    pub help: &'static str,
    /// What to use instead, when the newest page deprecates the field.
    pub deprecated: Option<&'static str>,
}

/// Whether this is the npm package's wasm, which leaves out what only `orderFields` reads (the
/// package's `orderFields` is JS data generated from these tables). Only for wasm32: a native
/// build that the workspace's feature unification gives `__js` keeps it all, for
/// `order_fields`.
pub(crate) const PACKAGE_WASM: bool = cfg!(all(feature = "__js", target_arch = "wasm32"));

/// `help`, or nothing in the npm package's wasm ([`PACKAGE_WASM`]): no message quotes it. Left
/// out there, it takes 2.0 KB off the validation wasm's gzip.
const fn kept_help(help: &'static str) -> &'static str {
    if PACKAGE_WASM {
        ""
    } else {
        help
    }
}

impl Field {
    pub const fn new(name: &'static str, ty: Ty, req: Req, help: &'static str) -> Field {
        Field {
            name,
            ty,
            req,
            help: kept_help(help),
            deprecated: None,
        }
    }

    /// The field with other help (a product's own wording of a shared field).
    pub const fn with_help(self, help: &'static str) -> Field {
        Field {
            help: kept_help(help),
            ..self
        }
    }

    pub const fn deprecated(self, instead: &'static str) -> Field {
        Field {
            deprecated: Some(instead),
            ..self
        }
    }
}

/// Shorthands for the field tables.
pub(crate) const fn string(min: usize, max: usize, fmt: Fmt) -> Ty {
    Ty::Str { min, max, fmt }
}
pub(crate) const ANY_TEXT: Ty = string(0, MAX_STRING_LEN, Fmt::Any);
pub(crate) const TEXT: Ty = string(1, MAX_STRING_LEN, Fmt::Any);
pub(crate) const ID: Ty = Ty::Int {
    min: 1,
    max: UNBOUNDED,
};

/// The path of the field at `keys`, or of its list item `index`, for rules that report at a
/// list's entry (through [`Ctx::report_segs`]).
pub(crate) fn item_path(keys: &[&'static str], index: Option<usize>) -> Vec<PathSeg> {
    let mut path: Vec<PathSeg> = Vec::with_capacity(keys.len() + 1);
    for k in keys {
        path.push(PathSeg::Key(Cow::Borrowed(*k)));
    }
    if let Some(i) = index {
        path.push(PathSeg::Index(i));
    }
    path
}

/// Walk state: the product, the day date rules count from, the issues so far, where we are and
/// which cross-field rule is running.
pub(crate) struct Ctx {
    pub product: Product,
    pub today: Date,
    pub issues: Vec<Issue>,
    path: Vec<PathSeg>,
    pub rule: registry::Running,
    /// Top-level fields CertCentral ignores on this product (a rule declares and warns about
    /// them): read within the limits, not judged.
    ignored: &'static [&'static str],
    /// The order's CSR once a rule has read it ([`common::csr_of`]): `None` until then.
    pub(crate) csr: Option<Option<std::rc::Rc<csr::Csr>>>,
}

impl Ctx {
    /// Reports an issue at `path` (absolute, from the order).
    pub fn report(
        &mut self,
        path: &[&str],
        code: Code,
        severity: Severity,
        message: String,
        params: Vec<(&'static str, Param)>,
    ) {
        let mut segs: Vec<PathSeg> = Vec::with_capacity(path.len());
        for k in path {
            segs.push(PathSeg::Key(Cow::Owned((*k).to_owned())));
        }
        self.report_segs(segs, code, severity, message, params);
    }

    /// [`Ctx::report`] at a path that may hold list indexes.
    pub fn report_segs(
        &mut self,
        path: Vec<PathSeg>,
        code: Code,
        severity: Severity,
        message: String,
        params: Vec<(&'static str, Param)>,
    ) {
        let rule = self.rule.id;
        // Each rule reports only as its declaration says (the tests run in debug builds).
        #[cfg(debug_assertions)]
        assert!(
            self.rule.reports.iter().any(|d| d.code == code
                && d.severity == severity
                && registry::at_or_under(&path, d.at)),
            "{rule} reported {code:?} {severity:?} at {path:?}, which its declaration does not list"
        );
        self.issues.push(Issue {
            path,
            code,
            rule,
            severity,
            message,
            params,
        });
    }

    pub fn error(
        &mut self,
        path: &[&str],
        code: Code,
        message: String,
        params: Vec<(&'static str, Param)>,
    ) {
        self.report(path, code, Severity::Error, message, params);
    }

    pub fn warn(
        &mut self,
        path: &[&str],
        code: Code,
        message: String,
        params: Vec<(&'static str, Param)>,
    ) {
        self.report(path, code, Severity::Warning, message, params);
    }

    /// Reports a field rule's issue at the walker's current path.
    fn here(&mut self, rule: FieldIssue, message: String, params: Vec<(&'static str, Param)>) {
        self.issues
            .push(rule.issue(self.path.clone(), message, params));
    }

    /// A message that starts with the field's name (its path joined with dots; "The order" when
    /// that is empty: the order itself, or a key "" at its top), to go on with [`Msg`]'s pieces.
    fn msg(&self) -> Msg {
        let mut out = String::with_capacity(128);
        crate::report::write_path(&mut out, &self.path);
        if out.is_empty() {
            out.push_str("The order");
        }
        Msg(out)
    }

    /// Checks an object against its field table; returns whether `v` was an object.
    fn check_object(&mut self, fields: &'static [Field], v: &Value) -> bool {
        let Value::Object(entries) = v else {
            self.type_error("an object", v);
            return false;
        };
        // Which of the table's fields the object has, one bit each (tables hold fewer than 64
        // fields; past that, `present` below searches the entries).
        let bit = |i: usize| 1u64.checked_shl(i as u32).unwrap_or(0);
        let mut seen = 0u64;
        for (key, value) in entries {
            match fields
                .iter()
                .enumerate()
                .find(|(_, f)| same(f.name, text(key)))
            {
                Some((i, field)) => {
                    seen |= bit(i);
                    self.path.push(PathSeg::Key(Cow::Borrowed(field.name)));
                    if self.path.len() == 1 && self.ignored.contains(&field.name) {
                        self.report_limits(value);
                    } else {
                        self.check_field(field, value);
                    }
                    self.path.pop();
                }
                None => {
                    self.path.push(PathSeg::Key(Cow::Owned(key.to_string())));
                    // Suggest the closest known name (a typo is the usual cause) rather than
                    // listing them all: orderFields(product) lists them.
                    let suggestion = closest(key, fields.iter().map(|f| f.name));
                    let product = self.product.name();
                    let msg = self
                        .msg()
                        .s(" is not a field of ")
                        .s(article(product))
                        .s(product)
                        .s(" order; ");
                    let (msg, params) = match suggestion {
                        Some(known) => (
                            msg.s("did you mean ").s(known).s("?").done(),
                            vec![("suggestion", Param::from(known))],
                        ),
                        None => (msg.s("it will be ignored or rejected.").done(), Vec::new()),
                    };
                    self.here(field!(FIELD_UNKNOWN), msg, params);
                    // Unknown fields are not checked, but where the reader stopped inside one
                    // (too deep, too long) the caller must still hear of it.
                    self.report_limits(value);
                    self.path.pop();
                }
            }
        }
        for (i, field) in fields.iter().enumerate() {
            if field.req != Req::Yes {
                continue;
            }
            let present = if i < 64 {
                seen & bit(i) != 0
            } else {
                entries.iter().any(|(k, _)| same(text(k), field.name))
            };
            if !present {
                self.path.push(PathSeg::Key(Cow::Borrowed(field.name)));
                let (msg, params) = required_message(self.msg(), &field.ty);
                self.here(field!(FIELD_REQUIRED), msg, params);
                self.path.pop();
            }
        }
        true
    }

    /// Reports the first value inside `v` that could not be read: one a reader cut off at its
    /// limits (`length`), or one JSON cannot carry (`type`: the body sent would not say what the
    /// order holds, e.g. `NaN` becomes `null` and a function disappears).
    fn report_limits(&mut self, v: &Value) {
        match v {
            Value::Unreadable(Unreadable::NotJson(_) | Unreadable::Threw) => {
                // The words for what it is may come from the order (an object's own
                // Symbol.toStringTag in JS, any text in a hand-built Value): shown as such.
                let got = shorten(v.kind());
                let msg = self.msg().s(" holds ").s(&got);
                self.here(field!(FIELD_TYPE),
                    msg.s(", which JSON cannot carry: use a string, number, boolean, null, list or object.").done(),
                    vec![("got", Param::from(got))],
                );
            }
            Value::Unreadable(_) => self.type_error("", v),
            // A `Value` built by hand may nest deeper than any reader lets one (a Rust caller's):
            // reported as the readers report it, not walked into until the stack runs out.
            Value::Array(_) | Value::Object(_) if self.path.len() >= MAX_DEPTH => {
                self.type_error("", &Value::Unreadable(Unreadable::TooDeep))
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(PathSeg::Index(i));
                    let before = self.issues.len();
                    self.report_limits(item);
                    self.path.pop();
                    if self.issues.len() > before {
                        return;
                    }
                }
            }
            Value::Object(fields) => {
                for (key, item) in fields {
                    self.path.push(PathSeg::Key(Cow::Owned(key.to_string())));
                    let before = self.issues.len();
                    self.report_limits(item);
                    self.path.pop();
                    if self.issues.len() > before {
                        return;
                    }
                }
            }
            _ => {}
        }
    }

    fn check_field(&mut self, field: &'static Field, v: &Value) {
        if let Some(instead) = field.deprecated {
            self.here(
                field!(FIELD_DEPRECATED),
                self.msg().s(" is deprecated: ").s(instead).s(".").done(),
                vec![("instead", Param::from(instead))],
            );
        }
        self.check_value(&field.ty, v, 0);
    }

    fn type_error(&mut self, expected: &str, got: &Value) {
        let m = self.msg();
        match got {
            Value::Unreadable(Unreadable::TooDeep) => self.here(
                field!(FIELD_LIMITS),
                m.s(" is nested too deeply: at most ")
                    .n(MAX_DEPTH)
                    .s(" levels are read.")
                    .done(),
                vec![("max", Param::from(MAX_DEPTH))],
            ),
            Value::Unreadable(Unreadable::StringTooLong(len)) => self.here(
                field!(FIELD_LIMITS),
                m.s(" is too long: ")
                    .n(*len)
                    .s(" characters, at most ")
                    .n(MAX_STRING_LEN)
                    .s(" are read.")
                    .done(),
                vec![
                    ("max", Param::from(MAX_STRING_LEN)),
                    ("length", Param::from(*len)),
                ],
            ),
            Value::Unreadable(Unreadable::TooManyItems(len)) => self.here(
                field!(FIELD_LIMITS),
                m.s(" has too many entries: ")
                    .n(*len)
                    .s(", at most ")
                    .n(MAX_ITEMS)
                    .s(" are read.")
                    .done(),
                vec![
                    ("max", Param::from(MAX_ITEMS)),
                    ("length", Param::from(*len)),
                ],
            ),
            Value::Unreadable(Unreadable::TooManyValues) => self.here(
                field!(FIELD_LIMITS),
                m.s(" was not read: the order holds more than ")
                    .n(MAX_VALUES)
                    .s(" values in all.")
                    .done(),
                vec![("max", Param::from(MAX_VALUES))],
            ),
            Value::Unreadable(Unreadable::TooBig) => self.here(
                field!(FIELD_LIMITS),
                m.s(" was not read: it is larger than ")
                    .n(MAX_BYTES)
                    .s(" bytes in all.")
                    .done(),
                vec![("max", Param::from(MAX_BYTES))],
            ),
            Value::Unreadable(Unreadable::Threw) => self.here(
                field!(FIELD_TYPE),
                m.s(" could not be read (reading it threw an exception); it must be ")
                    .s(expected)
                    .s(".")
                    .done(),
                vec![("expected", Param::from(expected))],
            ),
            _ => {
                let kind = shorten(got.kind());
                self.here(
                    field!(FIELD_TYPE),
                    m.s(" must be ")
                        .s(expected)
                        .s(", not ")
                        .s(&kind)
                        .s(".")
                        .done(),
                    vec![
                        ("expected", Param::from(expected)),
                        ("got", Param::from(kind)),
                    ],
                )
            }
        }
    }

    fn check_value(&mut self, ty: &'static Ty, v: &Value, depth: usize) {
        match (ty, v) {
            (Ty::Str { min, max, fmt }, Value::String(s)) => self.check_string(s, *min, *max, *fmt),
            (Ty::Int { .. }, Value::Number(n)) if crate::value::is_int(*n) => {
                let n = *n as i64;
                let (min, max) = ty.int_range().unwrap_or_default();
                let unbounded = max == i64::MAX;
                if n < min || n > max {
                    let msg = if unbounded {
                        self.msg().s(" must be at least ").n(min)
                    } else {
                        self.msg().s(" must be from ").n(min).s(" to ").n(max)
                    };
                    let msg = msg.s("; got ").n(n).s(".").done();
                    let mut params = vec![("min", Param::Int(min))];
                    if !unbounded {
                        params.push(("max", Param::Int(max)));
                    }
                    params.push(("value", Param::Int(n)));
                    self.here(field!(FIELD_RANGE), msg, params);
                }
            }
            (Ty::IntEnum(allowed), Value::Number(n)) if crate::value::is_int(*n) => {
                let n = *n as i64;
                if !allowed.contains(&n) {
                    let msg = self.msg().s(" must be one of ").ints(allowed);
                    self.here(
                        field!(FIELD_ENUM),
                        msg.s("; got ").n(n).s(".").done(),
                        vec![("allowed", Param::from(*allowed)), ("value", Param::Int(n))],
                    );
                }
            }
            (Ty::Int { .. } | Ty::IntEnum(_), _) => self.type_error("an integer", v),
            (Ty::Enum(allowed), Value::String(s)) => {
                if !allowed.contains(&&**s) {
                    let msg = self.msg().s(" must be one of ").list(allowed);
                    self.here(
                        field!(FIELD_ENUM),
                        msg.s("; got ").quoted(s).s(".").done(),
                        vec![
                            ("allowed", Param::from(*allowed)),
                            ("value", Param::from(shorten(s))),
                        ],
                    );
                }
            }
            (Ty::OpenEnum(known, fmt), Value::String(s)) => {
                if self.check_format(s, *fmt) && !known.contains(&&**s) {
                    let msg = self
                        .msg()
                        .s(" ")
                        .quoted(s)
                        .s(" is not one of the known values (");
                    self.here(
                        field!(FIELD_KNOWN_VALUE),
                        msg.list(known).s("); CertCentral may reject it.").done(),
                        vec![
                            ("allowed", Param::from(*known)),
                            ("value", Param::from(shorten(s))),
                        ],
                    );
                }
            }
            (Ty::Str { .. } | Ty::Enum(_) | Ty::OpenEnum(..), _) => self.type_error("a string", v),
            (Ty::Bool, Value::Bool(_)) => {}
            (Ty::Bool, _) => self.type_error("true or false", v),
            (Ty::Object(fields), _) => {
                if depth > MAX_DEPTH {
                    self.type_error("an object", &Value::Unreadable(Unreadable::TooDeep));
                } else {
                    self.check_object(fields, v);
                }
            }
            (Ty::List { item, min, max }, Value::Array(items)) => {
                // The name only for an issue: a list of the right length (nearly every one)
                // allocates nothing here.
                if items.len() < *min {
                    let msg = self.msg().s(" must have at least ").n(*min);
                    self.here(
                        field!(FIELD_LENGTH),
                        msg.s(if *min == 1 { " entry." } else { " entries." })
                            .done(),
                        vec![
                            ("min", Param::from(*min)),
                            ("length", Param::from(items.len())),
                        ],
                    );
                } else if items.len() > *max {
                    let msg = self.msg().s(" has ").n(items.len());
                    self.here(
                        field!(FIELD_LENGTH),
                        msg.s(" entries; at most ")
                            .n(*max)
                            .s(" are allowed.")
                            .done(),
                        vec![
                            ("max", Param::from(*max)),
                            ("length", Param::from(items.len())),
                        ],
                    );
                }
                for (i, item_value) in items.iter().enumerate() {
                    self.path.push(PathSeg::Index(i));
                    self.check_value(item, item_value, depth + 1);
                    self.path.pop();
                }
            }
            (Ty::List { .. }, _) => self.type_error("a list", v),
        }
    }

    fn check_string(&mut self, s: &str, min: usize, max: usize, fmt: Fmt) {
        // A string has at most as many characters as bytes and at least a quarter as many:
        // count characters only when the byte length leaves the answer open.
        let len = if s.len() <= max && s.len() >= min.saturating_mul(4) {
            s.len().max(min)
        } else {
            char_count(s)
        };
        if len < min {
            self.here(
                field!(FIELD_LENGTH),
                self.msg().s(" must not be empty.").done(),
                vec![("min", Param::from(min)), ("length", Param::from(len))],
            );
        } else if len > max {
            let msg = self.msg().s(" must be at most ").n(max);
            self.here(
                field!(FIELD_LENGTH),
                msg.s(" characters; it has ").n(len).s(".").done(),
                vec![("max", Param::from(max)), ("length", Param::from(len))],
            );
        } else if !s.is_empty() {
            self.check_format(s, fmt);
        }
    }

    /// Checks a string's format; returns whether it passed.
    fn check_format(&mut self, s: &str, fmt: Fmt) -> bool {
        // What follows the quoted value, and a reason after it (DNS names say which rule).
        let problem: Option<(&str, &str)> = match fmt {
            Fmt::Any => None,
            Fmt::Dns => formats::dns_name(s)
                .err()
                .map(|e| (" is not a valid DNS name: ", e.reason())),
            Fmt::Email => {
                (!formats::email(s)).then_some((" is not an e-mail address (name@example.com)", ""))
            }
            Fmt::IsoDate => Date::parse_iso(s).is_none().then_some((
                " is not a real date as yyyy-MM-dd (for example 2027-06-09)",
                "",
            )),
            Fmt::DdMmmYyyy => Date::parse_dd_mmm_yyyy(s).is_none().then_some((
                " is not a real date as dd MMM YYYY (for example 09 JUN 2027)",
                "",
            )),
            Fmt::Csr => match csr::parse(s) {
                Ok(_) => None,
                Err(e) => {
                    let msg = self.msg().s(": ").s(&csr::unreadable(e.reason())).s(".");
                    self.report_format(msg.done(), fmt);
                    return false;
                }
            },
            Fmt::Sha1 => (!formats::sha1_thumbprint(s)).then_some((
                " is not a SHA-1 thumbprint: give 40 hexadecimal digits without separators",
                "",
            )),
            Fmt::Alphanumeric => (!formats::alphanumeric(s))
                .then_some((" may hold only letters A-Z, a-z and digits 0-9", "")),
            Fmt::Locale => (!formats::locale_shape(s))
                .then_some((" is not a locale code: use xx or xx_YY (en, zh_CN)", "")),
            Fmt::Country => (!formats::country_code(s))
                .then_some((" is not a two-letter ISO 3166-1 country code (us, de)", "")),
            Fmt::Snake => (!formats::snake_token(s)).then_some((
                " is not a value of this field: values are lower_case_with_underscores",
                "",
            )),
        };
        match problem {
            Some((what, why)) => {
                let msg = self.msg().s(": ").quoted(s).s(what).s(why).s(".");
                self.report_format(msg.done(), fmt);
                false
            }
            None => true,
        }
    }

    fn report_format(&mut self, msg: String, fmt: Fmt) {
        self.here(
            field!(FIELD_FORMAT),
            msg,
            vec![("format", Param::from(fmt_name(fmt)))],
        );
    }
}

/// A message written piece by piece into one buffer: in the wasm, `format!` runs `core::fmt`'s
/// machinery for each piece, and the field's name was made into a string of its own to be copied
/// in. Measured on the benchmark's invalid orders (six issues each): the calls 10-11 % faster;
/// `make profile`'s messages and field names 2.7-3.0 -> 1.8-1.9 us.
pub(crate) struct Msg(String);

impl Msg {
    /// A message that starts with a rule's field: `path` joined with dots.
    pub(crate) fn at(path: &[&str]) -> Msg {
        let mut out = String::with_capacity(256);
        push_joined(&mut out, path, ".");
        Msg(out)
    }

    /// Appends a date as `yyyy-MM-dd`.
    #[inline(never)]
    pub(crate) fn date(mut self, date: Date) -> Msg {
        date.push_iso(&mut self.0);
        self
    }

    /// Appends text.
    #[inline(never)]
    pub(crate) fn s(mut self, text: &str) -> Msg {
        self.0.push_str(text);
        self
    }

    /// Appends a number (a count or a bound: one copy of the code for every integer type).
    #[inline(always)]
    pub(crate) fn n(self, n: impl TryInto<i64>) -> Msg {
        self.int(n.try_into().unwrap_or(i64::MAX))
    }

    #[inline(never)]
    fn int(mut self, n: i64) -> Msg {
        crate::report::push_int(&mut self.0, n);
        self
    }

    /// Appends a value the user gave, in quotes, cut to 60 characters ([`shorten`]).
    #[inline(never)]
    pub(crate) fn quoted(mut self, value: &str) -> Msg {
        self.0.push('"');
        crate::report::push_shown(&mut self.0, value);
        self.0.push('"');
        self
    }

    /// Appends the numbers `items` joined by ", ".
    #[inline(never)]
    pub(crate) fn ints(mut self, items: &[i64]) -> Msg {
        for (i, n) in items.iter().enumerate() {
            if i > 0 {
                self.0.push_str(", ");
            }
            crate::report::push_int(&mut self.0, *n);
        }
        self
    }

    /// Appends `items` joined by ", ".
    #[inline(never)]
    pub(crate) fn list(mut self, items: &[&str]) -> Msg {
        push_joined(&mut self.0, items, ", ");
        self
    }

    pub(crate) fn done(self) -> String {
        self.0
    }
}

/// `field.required`'s message after the field's name: "is required.", and for a closed set of
/// strings the set itself ("one of ..."; the value, when it is the only one), from the field
/// table (`allowed`), as `field.enum` quotes it (no
/// required field of the tables is a set of numbers; those few are 0 or 1 flags). The
/// field's form help (`Field::help`) is not repeated here: it is written for a form's reader,
/// `orderFields` carries it, and its prose restates bounds the field table already holds (so the
/// package's wasm carries no help text, `Field::new`).
fn required_message(msg: Msg, ty: &Ty) -> (String, Vec<(&'static str, Param)>) {
    match ty {
        Ty::Enum(allowed) => {
            let msg = msg.s(if allowed.len() == 1 {
                " is required: "
            } else {
                " is required: one of "
            });
            (
                msg.list(allowed).s(".").done(),
                vec![("allowed", Param::from(*allowed))],
            )
        }
        _ => (msg.s(" is required.").done(), Vec::new()),
    }
}

pub(crate) fn fmt_name(fmt: Fmt) -> &'static str {
    match fmt {
        Fmt::Any => "text",
        Fmt::Dns => "dns_name",
        Fmt::Email => "email",
        Fmt::IsoDate => "yyyy-MM-dd",
        Fmt::DdMmmYyyy => "dd MMM YYYY",
        Fmt::Csr => "csr_pem",
        Fmt::Sha1 => "sha1_thumbprint",
        Fmt::Alphanumeric => "alphanumeric",
        Fmt::Locale => "locale",
        Fmt::Country => "iso3166_alpha2",
        Fmt::Snake => "snake_case",
    }
}

/// The name in `names` nearest to `key` when it is close enough to be a typo: an edit distance of
/// at most 2 (1 for names of up to 4 letters), or the same name in another case.
fn closest<'a>(key: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    if key.len() > 64 {
        return None;
    }
    let mut lower = [0u8; 64];
    let lower = match lower.get_mut(..key.len()) {
        Some(buf) => {
            buf.copy_from_slice(key.as_bytes());
            buf.make_ascii_lowercase();
            &*buf
        }
        None => return None,
    };
    let limit = |n: &str| if n.len() <= 4 { 1 } else { 2 };
    names
        // Lengths further apart than the limit cannot be close: skip the distance.
        .filter(|n| n.len().abs_diff(lower.len()) <= limit(n))
        .filter_map(|n| {
            let d = if n.as_bytes() == lower {
                0
            } else {
                edit_distance(lower, n.as_bytes(), limit(n))?
            };
            (d <= limit(n)).then_some((d, n))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance over bytes (field names are ASCII), or `None` when it exceeds `max`.
/// One row on the stack: `b` is a field name (at most 66 bytes get here, see `closest`).
///
/// Only the band of cells within `max` of the diagonal is computed (a cell further off needs more
/// than `max` edits to reach): for a typo of a 30-letter name, 5 cells a row instead of 31, which
/// was a fifth of an invalid SSL order's validation (natively 1.3 -> 0.2 us). Before that, the
/// prefix the two share is set aside (it never changes the distance): a typo is one or two edits
/// in a name otherwise the same, often at its end (`disable_renewal_notification`), so little is
/// left to compute (the invalid SSL order 12.9 -> 12.5 us, +76 bytes; a shared suffix set aside
/// too was no faster and +65 bytes more).
fn edit_distance(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let (mut a, mut b) = (a, b);
    while let ([x, a_rest @ ..], [y, b_rest @ ..]) = (a, b) {
        if x != y {
            break;
        }
        (a, b) = (a_rest, b_rest);
    }
    // Cells outside the band count as `over`: more than `max`, which is all the answer needs.
    let over = max + 1;
    let mut row = [0usize; 72];
    let row = row.get_mut(..=b.len())?;
    for (j, slot) in row.iter_mut().enumerate() {
        *slot = j.min(over);
    }
    for (i, &ca) in a.iter().enumerate() {
        // Row i + 1's band: columns lo..=hi (column j + 1 is b's j-th byte).
        let lo = (i + 1).saturating_sub(max).max(1);
        let hi = (i + 1 + max).min(b.len());
        let mut diagonal = row.get(lo - 1).copied().unwrap_or(over);
        let mut left = if lo == 1 { (i + 1).min(over) } else { over };
        if let Some(first) = row.first_mut() {
            *first = (i + 1).min(over);
        }
        let mut best = left;
        for j in lo..=hi {
            let cb = b.get(j - 1).copied().unwrap_or(0);
            let up = row.get(j).copied().unwrap_or(over);
            let next = (diagonal + usize::from(ca != cb))
                .min(left + 1)
                .min(up + 1)
                .min(over);
            diagonal = up;
            if let Some(slot) = row.get_mut(j) {
                *slot = next;
            }
            left = next;
            best = best.min(next);
        }
        // Every later cell is at least this row's smallest.
        if best > max {
            return None;
        }
    }
    row.last().copied().filter(|&d| d <= max)
}

/// `items` joined by `sep`: a plain loop, where std's `join` brings ~1 KB of wasm per item type.
pub fn join<S: AsRef<str>>(items: &[S], sep: &str) -> String {
    let mut out = String::new();
    push_joined(&mut out, items, sep);
    out
}

/// Appends [`join`]'s answer to `out`.
fn push_joined<S: AsRef<str>>(out: &mut String, items: &[S], sep: &str) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item.as_ref());
    }
}

/// A value for quoting it in a message: at most 60 characters, control characters escaped
/// ([`crate::report::push_shown`]).
pub fn shorten(s: &str) -> String {
    let mut out = String::new();
    crate::report::push_shown(&mut out, s);
    out
}

/// "an " before a product name that starts with a vowel letter ("an EV Code Signing order", "an
/// Authentication Plus order"), "a " before the others. Every product name of the spec is said
/// as it is spelt at its start (EV, Email, Authentication), so the letter decides.
fn article(name: &str) -> &'static str {
    match name.as_bytes().first() {
        Some(b'A' | b'E' | b'I' | b'O' | b'U' | b'a' | b'e' | b'i' | b'o' | b'u') => "an ",
        _ => "a ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_hold_each_table_name_once() {
        let keys = known_keys();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[..i].contains(k), "{k} twice");
            // The npm package sends the list joined with commas.
            assert!(
                !k.is_empty()
                    && k.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{k}"
            );
        }
        for table in [
            code_signing::ORDER,
            client::ORDER,
            ssl::ORDER,
            secure_email::ORDER,
        ] {
            for f in table {
                assert!(keys.contains(&f.name), "{}", f.name);
            }
        }
        assert!(keys.contains(&"dns_names") && keys.contains(&"metadata_id"));
    }

    /// A missing field's message names it, and a closed set's values (as `allowed`, which
    /// translations quote): not the form's help, which `orderFields` carries. (Native: the wasm
    /// build has no `validate_json`; tests/js holds the package to the same message.)
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_missing_field_is_named_with_its_allowed_values() {
        let order = serde_json::json!({ "certificate": { "common_name": "example.com" } });
        let report = validate_json("ssl_securesite", &order, &Options::default());
        let missing = |field: &str| {
            report
                .issues
                .iter()
                .find(|i| i.rule == "field.required" && i.field() == field)
                .unwrap_or_else(|| panic!("{field} is not reported missing"))
        };
        let hash = missing("certificate.signature_hash");
        assert_eq!(
            hash.message,
            "certificate.signature_hash is required: one of sha256, sha384, sha512."
        );
        assert_eq!(
            hash.param("allowed"),
            Some(&Param::Strs(ssl::SIGNATURE_HASHES.to_vec()))
        );
        let csr = missing("certificate.csr");
        assert_eq!(csr.message, "certificate.csr is required.");
        assert!(csr.params.is_empty());
        // A set of one: the value itself.
        let order = serde_json::json!({ "certificate": {} });
        let report = validate_json("code_signing", &order, &Options::default());
        let hash = report
            .issues
            .iter()
            .find(|i| i.rule == "field.required" && i.field() == "certificate.signature_hash");
        assert_eq!(
            hash.map(|i| i.message.as_str()),
            Some("certificate.signature_hash is required: sha256.")
        );
    }

    #[test]
    fn suggestions_for_typos() {
        let names = [
            "validity_years",
            "validity_days",
            "locale",
            "csr",
            "dns_names",
        ];
        assert_eq!(
            closest("validty_years", names.iter().copied()),
            Some("validity_years")
        );
        assert_eq!(
            closest("VALIDITY_DAYS", names.iter().copied()),
            Some("validity_days")
        );
        assert_eq!(
            closest("dns_name", names.iter().copied()),
            Some("dns_names")
        );
        assert_eq!(closest("cst", names.iter().copied()), Some("csr"));
        assert_eq!(closest("payment_methd", names.iter().copied()), None);
        assert_eq!(closest("xyz", names.iter().copied()), None);
        assert_eq!(edit_distance(b"kitten", b"sitting", 3), Some(3));
        assert_eq!(edit_distance(b"abcdef", b"uvwxyz", 2), None);
        assert_eq!(edit_distance(b"", b"abc", 5), Some(3));
        assert_eq!(
            closest("DNS_Names", names.iter().copied()),
            Some("dns_names")
        );
        assert_eq!(
            closest(
                "disable_renewal_notification",
                ["disable_renewal_notifications", "renewal_of_order_id"].into_iter()
            ),
            Some("disable_renewal_notifications")
        );
    }

    /// A key "" at the order's top is named as the order itself, as the name a message starts
    /// with is never empty.
    #[test]
    fn an_empty_key_is_named_as_the_order() {
        let order = Value::Object(vec![(Cow::Borrowed(""), Value::Number(1.0))]);
        let report = validate("ssl_securesite", &order, &Options::default());
        let unknown = report.issues.iter().find(|i| i.rule == "field.unknown");
        assert!(
            unknown.is_some_and(|i| i.message.starts_with("The order is not a field of a ")),
            "{:?}",
            report.issues
        );
    }

    /// "an" before the product names that start with a vowel, "a" before the others.
    #[test]
    fn articles_before_product_names() {
        let phrase = |p: Product| format!("{}{}", article(p.name()), p.name());
        let names: Vec<String> = Product::ALL.iter().map(|p| phrase(*p)).collect();
        for expected in [
            "an EV Code Signing",
            "an Authentication Plus",
            "an Email Security Plus",
            "a Secure Site SSL",
            "a Code Signing",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "{expected} in {names:?}"
            );
        }
    }

    /// The banded distance against the whole table, on every pair of short strings over a small
    /// alphabet (where edits pile up) and on field names with their typos.
    #[test]
    fn edit_distance_matches_the_whole_table() {
        fn whole(a: &[u8], b: &[u8]) -> usize {
            let mut row: Vec<usize> = (0..=b.len()).collect();
            for (i, &ca) in a.iter().enumerate() {
                let mut next = vec![i + 1];
                for (j, &cb) in b.iter().enumerate() {
                    let v = (row[j] + usize::from(ca != cb))
                        .min(row[j + 1] + 1)
                        .min(next[j] + 1);
                    next.push(v);
                }
                row = next;
            }
            row[b.len()]
        }
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=5 {
            for n in 0..3usize.pow(len) {
                let mut w = Vec::new();
                let mut k = n;
                for _ in 0..len {
                    w.push(b"abc"[k % 3]);
                    k /= 3;
                }
                words.push(w);
            }
        }
        for name in KNOWN_KEYS.iter().take(40) {
            let n = name.as_bytes().to_vec();
            words.push(n.clone());
            words.push(n[1..].to_vec());
            words.push([&n[..], b"s"].concat());
            let mut swapped = n.clone();
            swapped.swap(0, n.len() - 1);
            words.push(swapped);
        }
        for a in &words {
            for b in words.iter().filter(|b| a.len().abs_diff(b.len()) <= 4) {
                let d = whole(a, b);
                for max in 0..=3 {
                    assert_eq!(
                        edit_distance(a, b, max),
                        (d <= max).then_some(d),
                        "{:?} {:?} {max}",
                        String::from_utf8_lossy(a),
                        String::from_utf8_lossy(b)
                    );
                }
            }
        }
    }
}
