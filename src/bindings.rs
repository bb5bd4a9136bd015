//! The JavaScript bindings: the only code that touches `JsValue`. It reads what a caller passes
//! into a [`Value`] (guarding against everything JS can hand over), calls the same Rust functions
//! native callers use, and converts the answer back.

use js_sys::{Array, Function, JsString, Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::date::Date;
use crate::report::{Code, Issue, Param, Report, Severity};
use crate::rules::{self, Options};
use crate::tape::{CallArgs, Today};
use crate::value::{Unreadable, Value, MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN, MAX_VALUES};

#[wasm_bindgen]
extern "C" {
    // `catch` everywhere a Proxy trap or a getter could throw: an exception crossing wasm
    // frames would skip Rust's cleanup.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
}

#[wasm_bindgen(module = "/src/js/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = orderToTape)]
    fn order_to_tape(v: &JsValue, into: &mut [u8], product: &JsValue, options: &JsValue) -> i32;
    /// The report whose tape [`report_layout`] describes.
    #[wasm_bindgen(js_name = reportAt)]
    fn report_at(layout: &[u32]) -> JsValue;
    /// A `CertCentralError` with `details` (a plain object) and, as its `issues`, those of the
    /// report [`report_layout`] describes.
    #[wasm_bindgen(js_name = clientError)]
    fn client_error(layout: &[u32], details: &JsValue) -> JsValue;
    /// Tells `orderToTape` the known keys ([`rules::known_keys`]), joined with commas.
    // (`fastValidate` asks where the buffers are itself: [`validate_tape`]. One string: V8
    // compiles a call wrapper per import signature when it compiles the module, so imports
    // share signatures where they can; this one is `throw`'s.)
    #[wasm_bindgen(js_name = useKeys)]
    fn use_keys(names: &str);
    /// `Object.prototype.toString`, to tell plain objects from Dates, Maps, typed arrays, ...
    #[wasm_bindgen(catch, js_name = tagOf)]
    fn to_string_tag(v: &JsValue) -> Result<String, JsValue>;
}

/// `orderToTape`'s answer, less the bytes needed, when the buffer is too small (-1: not plain
/// data).
const FULL: i32 = -2;
/// The tape buffer starts at this size and is kept between calls up to it; a bigger order gets
/// one of the size `orderToTape` measured, up to [`TAPE_MAX`], past which the order is read step
/// by step (which applies the limits as it goes).
const TAPE_KEEP: usize = 64 * 1024;
const TAPE_MAX: usize = 8 * 1024 * 1024;

thread_local! {
    static TAPE: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    /// The keys a tape may send by index; told to JS before the first tape is read.
    static KEYS: Vec<&'static str> = {
        let keys = rules::known_keys();
        use_keys(&rules::join(&keys, ","));
        keys
    };
    static FAST: Fast = Fast {
        tape: std::cell::RefCell::new(vec![0; TAPE_KEEP]),
        layout: std::cell::Cell::new([0; 6]),
        report_tape: std::cell::RefCell::new(crate::tape::ReportTape::default()),
    };
}

/// The buffers of the JS fast path (`fastValidate` in src/js/support.js, [`validate_tape`]):
/// made on the first call and never moved or resized, so JS asks for their addresses once.
struct Fast {
    /// Where JS writes a call's tape.
    tape: std::cell::RefCell<Vec<u8>>,
    /// What JS reads (six u32s): the tape buffer's byte address and length, then where the last
    /// report's tape lies: byte address and count of its numbers, of its text.
    layout: std::cell::Cell<[u32; 6]>,
    report_tape: std::cell::RefCell<crate::tape::ReportTape>,
}

/// A wasm32 address, as JS indexes memory.
fn address<T>(p: *const T) -> u32 {
    u32::try_from(p as usize).unwrap_or(0)
}

/// Copies a plain order into wasm memory as a tape ([`crate::tape`]), after a header with the
/// product and `options.today`; `None` for anything else.
fn load(v: &JsValue, product: &JsValue, options: &JsValue) -> Option<(Vec<u8>, usize)> {
    let mut buf = TAPE.take();
    if buf.len() < TAPE_KEEP {
        buf.resize(TAPE_KEEP, 0);
    }
    // At most two walks: into the kept buffer, then into one of the size the first measured.
    for _ in 0..2 {
        let n = order_to_tape(v, &mut buf, product, options);
        if let Ok(len) = usize::try_from(n) {
            return Some((buf, len));
        }
        let needed = FULL
            .checked_sub(n)
            .and_then(|m| usize::try_from(m).ok())
            .filter(|&m| m > buf.len() && m <= TAPE_MAX);
        match needed {
            Some(m) => buf.resize(m, 0),
            // Not plain, too big, or an answer that does not add up: read step by step.
            None => break,
        }
    }
    recycle(buf);
    None
}

/// Keeps the tape buffer for the next call, unless an order made it big.
fn recycle(buf: Vec<u8>) {
    if buf.len() <= TAPE_KEEP {
        TAPE.set(buf);
    }
}

/// Reads a JS value as JSON would see it, within [`MAX_DEPTH`], [`MAX_STRING_LEN`] and
/// [`MAX_ITEMS`], and hands it to `f`; whatever cannot be read becomes [`Value::Unreadable`]
/// with the reason.
///
/// Two ways in. Plain data (every real order) is written by JS into wasm memory as a tape, in
/// one call, and read without copying its strings again ([`crate::tape`]). Anything else (NaN,
/// a Date, a cycle, a Proxy whose trap throws, a value past the limits) is read step by step,
/// every step guarded, so the report can say what and where it is. Both give the same `Value`
/// for the same data (tests/js/properties.test.mjs checks it on generated values).
pub(crate) fn with_order<R>(v: &JsValue, f: impl FnOnce(&Value<'_>) -> R) -> R {
    let none = JsValue::UNDEFINED;
    with_call(v, &none, &none, |_, value| f(value))
}

/// [`with_order`] for a `validateOrder` call: the product and `options.today` come with the
/// order's tape when they are plain strings; otherwise `f` is told to read them itself
/// ([`CallArgs`]: `product: None`, [`Today::ReadIt`]).
fn with_call<R>(
    v: &JsValue,
    product: &JsValue,
    options: &JsValue,
    f: impl FnOnce(&CallArgs<'_>, &Value<'_>) -> R,
) -> R {
    KEYS.with(|keys| {
        let tape = load(v, product, options);
        // A tape that does not read back (the writer never produces one) is read step by step
        // too. `f` is called in one place: it is the whole rule set, inlined.
        let (args, value) = tape
            .as_ref()
            .and_then(|(buf, n)| buf.get(..*n))
            .and_then(|bytes| crate::tape::decode_call(bytes, keys).ok())
            .unwrap_or_else(|| {
                let args = CallArgs {
                    product: None,
                    today: Today::ReadIt,
                };
                (args, read_at(v, Key::Root, 0, &mut MAX_VALUES.clone()))
            });
        let result = f(&args, &value);
        drop(value);
        if let Some((buf, _)) = tape {
            recycle(buf);
        }
        result
    })
}

/// Parses `text` with `JSON.parse` and reads the result as [`with_order`] does; `None` for text
/// that is not JSON. For response bodies: the wasm then needs no JSON parser of its own.
pub(crate) fn with_json<R>(text: &str, f: impl FnOnce(Option<&Value<'_>>) -> R) -> R {
    match js_sys::JSON::parse(text) {
        Ok(v) => with_order(&v, |value| f(Some(value))),
        Err(_) => f(None),
    }
}

fn not_json(what: &str) -> Value<'static> {
    Value::Unreadable(Unreadable::NotJson(what.to_owned()))
}

/// Where a value sits, for JSON.stringify's `toJSON(key)` step; `Replaced` for a value a
/// `toJSON` returned (stringify calls it once per place).
#[derive(Clone, Copy)]
enum Key<'k> {
    Root,
    Name(&'k JsValue),
    Index(u32),
    Replaced,
}

/// JSON.stringify's `toJSON` step for a plain object or an array: what is sent is what the method
/// returns. (Dates and other built-ins are reported as such before this: they are not plain.)
/// `Err` when reading or calling it threw.
fn to_json_of(v: &JsValue, key: Key<'_>) -> Result<Option<JsValue>, JsValue> {
    thread_local! {
        static TO_JSON: JsValue = JsValue::from_str("toJSON");
    }
    if matches!(key, Key::Replaced) {
        return Ok(None);
    }
    let method = TO_JSON.with(|name| Reflect::get(v, name))?;
    let Some(method) = method.dyn_ref::<Function>() else {
        return Ok(None);
    };
    // The key is made only for the rare object that has the method.
    let key = match key {
        Key::Name(k) => k.clone(),
        Key::Index(i) => JsValue::from_str(&i.to_string()),
        Key::Root | Key::Replaced => JsValue::from_str(""),
    };
    method.call1(v, &key).map(Some)
}

/// Reads a plain object or an array with `read`, after its `toJSON`, if it has one.
fn read_plain(
    v: &JsValue,
    key: Key<'_>,
    depth: usize,
    budget: &mut usize,
    read: fn(&JsValue, usize, &mut usize) -> Value<'static>,
) -> Value<'static> {
    match to_json_of(v, key) {
        Err(_) => Value::Unreadable(Unreadable::Threw),
        Ok(Some(replaced)) => {
            *budget += 1;
            read_at(&replaced, Key::Replaced, depth, budget)
        }
        Ok(None) => read(v, depth, budget),
    }
}

/// `budget` counts the values still allowed ([`MAX_VALUES`]): an object that shares parts would
/// otherwise be walked once per path, exponentially.
fn read_at(v: &JsValue, key: Key<'_>, depth: usize, budget: &mut usize) -> Value<'static> {
    if *budget == 0 {
        return Value::Unreadable(Unreadable::TooManyValues);
    }
    *budget -= 1;
    if v.is_null() {
        return Value::Null;
    }
    if v.is_undefined() {
        return not_json("undefined");
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        return if n.is_nan() {
            not_json("NaN")
        } else if n.is_infinite() {
            not_json("Infinity")
        } else {
            Value::Number(n)
        };
    }
    if v.is_string() {
        let s: &JsString = v.unchecked_ref();
        let len = s.length() as usize;
        if len > MAX_STRING_LEN {
            return Value::Unreadable(Unreadable::StringTooLong(len));
        }
        return Value::String(v.as_string().unwrap_or_default().into());
    }
    if v.is_bigint() {
        return not_json("a BigInt");
    }
    if v.is_symbol() {
        return not_json("a Symbol");
    }
    if v.is_function() {
        return not_json("a function");
    }
    if !v.is_object() {
        return not_json("an unsupported value");
    }
    if depth >= MAX_DEPTH {
        return Value::Unreadable(Unreadable::TooDeep);
    }
    match is_array(v) {
        Err(_) => Value::Unreadable(Unreadable::Threw),
        Ok(true) => read_plain(v, key, depth, budget, read_array),
        Ok(false) => match to_string_tag(v) {
            Err(_) => Value::Unreadable(Unreadable::Threw),
            Ok(tag) if tag == "[object Object]" => read_plain(v, key, depth, budget, read_object),
            Ok(tag) => {
                let name = tag
                    .strip_prefix("[object ")
                    .and_then(|t| t.strip_suffix(']'))
                    .unwrap_or("unknown");
                not_json(&format!("a {name} object"))
            }
        },
    }
}

fn read_array(v: &JsValue, depth: usize, budget: &mut usize) -> Value<'static> {
    let len = match Reflect::get(v, &"length".into()) {
        Ok(l) => l.as_f64().unwrap_or(0.0),
        Err(_) => return Value::Unreadable(Unreadable::Threw),
    };
    if len > MAX_ITEMS as f64 {
        return Value::Unreadable(Unreadable::TooManyItems(len as usize));
    }
    let mut items = Vec::with_capacity(len as usize);
    for i in 0..len as u32 {
        items.push(match Reflect::get_u32(v, i) {
            Ok(item) => read_at(&item, Key::Index(i), depth + 1, budget),
            Err(_) => Value::Unreadable(Unreadable::Threw),
        });
    }
    Value::Array(items)
}

fn read_object(v: &JsValue, depth: usize, budget: &mut usize) -> Value<'static> {
    let keys = match object_keys(v) {
        Ok(k) => k,
        Err(_) => return Value::Unreadable(Unreadable::Threw),
    };
    let n = keys.length() as usize;
    if n > MAX_ITEMS {
        return Value::Unreadable(Unreadable::TooManyItems(n));
    }
    let mut fields = Vec::with_capacity(n);
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let value = match Reflect::get(v, &key) {
            // Like JSON.stringify, a property holding `undefined` is absent.
            Ok(item) if item.is_undefined() => continue,
            Ok(item) => read_at(&item, Key::Name(&key), depth + 1, budget),
            Err(_) => Value::Unreadable(Unreadable::Threw),
        };
        fields.push((name.into(), value));
    }
    Value::Object(fields)
}

/// Converts for JS: written as JSON text in Rust and turned into objects by one `JSON.parse`,
/// which is faster than building them across the boundary field by field. (Reports take their
/// own, faster way: [`report_to_js`].)
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    crate::json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// A report as JS objects, built by `reportOf` from a [`crate::tape::ReportTape`].
#[doc(hidden)]
pub fn report_to_js(report: &Report) -> JsValue {
    let tape = crate::tape::encode_report(report);
    report_at(&report_layout(&tape))
}

/// Where a report's tape lies in wasm memory, as `reportAt` (src/js/support.js) reads it: byte
/// address and count of its numbers, of its text. (Four numbers rather than the two slices:
/// imports share the signature of `JSON.parse`'s, and V8 compiles a call wrapper for every
/// import signature when it compiles the module.)
fn report_layout(tape: &crate::tape::ReportTape) -> [u32; 4] {
    let count = |n: usize| u32::try_from(n).unwrap_or(0);
    [
        address(tape.ops.as_ptr()),
        count(tape.ops.len()),
        address(tape.text.as_ptr()),
        count(tape.text.len()),
    ]
}

/// Reads `{ today?: string }`. An unusable option is reported in the report rather than thrown,
/// so a form never crashes on it.
pub(crate) fn read_options(options: &JsValue) -> Result<Options, Issue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    let bad = |message: String| Issue {
        path: Vec::new(),
        code: Code::Type,
        severity: Severity::Error,
        message,
        params: vec![("option", Param::from("today"))],
    };
    if !options.is_object() {
        return Err(bad(
            "The options must be an object such as { today: \"2026-11-22\" }.".to_owned(),
        ));
    }
    thread_local! {
        // Made once: a key made from a Rust string crosses as UTF-8 and is decoded on each call.
        static TODAY: JsValue = JsValue::from_str("today");
    }
    let today = TODAY
        .with(|key| Reflect::get(options, key))
        .map_err(|_| bad("options.today could not be read.".to_owned()))?;
    read_today(&today)
}

/// `options.today`: absent, or a real date as `YYYY-MM-DD`.
fn read_today(today: &JsValue) -> Result<Options, Issue> {
    if today.is_undefined() {
        return Ok(Options::default());
    }
    today_from(today.as_string().as_deref())
}

/// The options as a tape's header gives them; `None` when they must be read from JS.
fn options_from(today: Today<'_>) -> Option<Result<Options, Issue>> {
    match today {
        Today::Absent => Some(Ok(Options::default())),
        Today::Text(text) => Some(today_from(Some(text))),
        Today::ReadIt => None,
    }
}

/// `options.today` when it was given: a real date as `YYYY-MM-DD` (`None`: not a string).
fn today_from(today: Option<&str>) -> Result<Options, Issue> {
    match today.map(Date::parse_iso) {
        Some(Some(date)) => Ok(Options { today: Some(date) }),
        _ => Err(Issue {
            path: Vec::new(),
            code: Code::Format,
            severity: Severity::Error,
            message: "options.today must be a real date as YYYY-MM-DD, e.g. \"2026-11-22\"."
                .to_owned(),
            params: vec![("option", Param::from("today"))],
        }),
    }
}

/// Runs the rules on an order read by [`with_call`]: what `validateOrder` answers and what
/// `orderCertificate` checks before sending. Also says whether the order has an
/// `alternative_order_id` (then the client may retry an attempt whose outcome is unknown).
/// Not inlined: both callers share the one copy of the whole rule set.
#[inline(never)]
fn validate_read(
    args: &CallArgs<'_>,
    product: &JsValue,
    value: &Value<'_>,
    opts: &Options,
) -> (Report, bool) {
    let named;
    let product = match args.product {
        Some(p) => p,
        None => {
            named = product.as_string().unwrap_or_else(|| {
                format!(
                    "({})",
                    read_at(product, Key::Replaced, MAX_DEPTH, &mut 1).kind()
                )
            });
            &named
        }
    };
    let safe = value
        .get("alternative_order_id")
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty());
    (rules::validate(product, value, opts), safe)
}

/// The JS-side form of [`rules::validate`].
pub(crate) fn validate_js(product: &JsValue, order: &JsValue, options: &JsValue) -> Report {
    with_call(order, product, options, |args, value| {
        match options_from(args.today).unwrap_or_else(|| read_options(options)) {
            Ok(opts) => validate_read(args, product, value, &opts).0,
            Err(issue) => Report::new(vec![issue]),
        }
    })
}

/// Checks an order for `product` and returns every issue at once. Never throws: any value gets a
/// report.
#[wasm_bindgen(js_name = validateOrder, skip_typescript)]
pub fn validate_order(product: JsValue, order: JsValue, options: JsValue) -> JsValue {
    // `options` is a plain `JsValue` (left out, it is `undefined`): an `Option<JsValue>` would
    // take and free an externref-table slot on every call.
    report_to_js(&validate_js(&product, &order, &options))
}

/// For `fastValidate` (src/js/support.js) only.
// The fast way in for `validateOrder`: `fastValidate`, which the package exports as
// `validateOrder`, has written the call's tape (`len` bytes) into the buffer it was told of, so
// no JS value crosses and nothing calls back into JS. Answers 0 for a report without issues, 1
// for a report whose tape lies where the layout says, -1 when the call needs the glue's
// `validateOrder` (a tape that does not read, a product that is not a string, options to read
// from JS, a `today` that is not a date: that export says what is wrong). Measured: calls 4-7 %
// faster than through the glue. `len` 0 (a tape is never empty) asks for the layout: the answer
// is the byte address of [`Fast::layout`], after the keys have gone to JS.
#[wasm_bindgen(js_name = validateTape, skip_typescript)]
pub fn validate_tape(len: u32) -> i32 {
    KEYS.with(|keys| {
        FAST.with(|fast| {
            let tape = fast.tape.borrow();
            let count = |n: usize| u32::try_from(n).unwrap_or(0);
            if len == 0 {
                let [_, _, ops_at, ops_len, text_at, text_len] = fast.layout.get();
                let (tape_at, tape_len) = (address(tape.as_ptr()), count(tape.len()));
                fast.layout
                    .set([tape_at, tape_len, ops_at, ops_len, text_at, text_len]);
                return i32::try_from(address(fast.layout.as_ptr())).unwrap_or(-1);
            }
            let Some(bytes) = usize::try_from(len).ok().and_then(|n| tape.get(..n)) else {
                return -1;
            };
            let Ok((args, value)) = crate::tape::decode_call(bytes, keys) else {
                return -1;
            };
            let Some(Ok(opts)) = options_from(args.today) else {
                return -1;
            };
            if args.product.is_none() {
                return -1;
            }
            let (report, _) = validate_read(&args, &JsValue::UNDEFINED, &value, &opts);
            if report.issues.is_empty() {
                return 0;
            }
            let mut out = fast.report_tape.borrow_mut();
            out.ops.clear();
            out.text.clear();
            crate::tape::encode_report_into(&mut out, report.valid, &report.issues);
            let [tape_at, tape_len, ..] = fast.layout.get();
            let [ops_at, ops_len, text_at, text_len] = report_layout(&out);
            fast.layout
                .set([tape_at, tape_len, ops_at, ops_len, text_at, text_len]);
            1
        })
    })
}

// Written out because wasm-bindgen cannot mark a typed parameter optional.
#[wasm_bindgen(typescript_custom_section)]
const TS_VALIDATE: &'static str = r#"
/**
 * Checks an order body for a product and returns every issue at once. Never throws: any value
 * (null, a string, a Date, a Proxy, a cyclic object) gets a report.
 * @param product a product id such as "ssl_securesite" (see `products()`)
 * @param order the request body, exactly as it would be sent
 * @param options `today` (YYYY-MM-DD) fixes the date for date rules; default: today in UTC
 */
export function validateOrder(product: string, order: unknown, options?: ValidateOptions): ValidationReport;
"#;

/// The fields of a product's request, for building a form: each field's path, kind, whether and
/// when it is required, allowed values, limits and a line of help. Unknown products give `[]`.
#[wasm_bindgen(js_name = orderFields, unchecked_return_type = "FieldInfo[]")]
pub fn order_fields(#[wasm_bindgen(unchecked_param_type = "string")] product: JsValue) -> JsValue {
    match product
        .as_string()
        .as_deref()
        .and_then(crate::products::Product::from_id)
    {
        Some(p) => {
            let mut text = String::new();
            crate::rules::describe::write_list(&mut text, &crate::rules::describe::describe(p));
            js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
        }
        // (Not `Array::new`: its import would be the only one of its signature.)
        None => js_sys::JSON::parse("[]").unwrap_or(JsValue::NULL),
    }
}

/// The eleven products: `{ id, family, name }` each.
#[wasm_bindgen(unchecked_return_type = "ProductInfo[]")]
pub fn products() -> JsValue {
    to_js(&crate::products::products())
}

// ---------------------------------------------------------------------------------------------
// CertCentralClient

use crate::transport::{self, ApiKey, ClientConfig, ClientError, ErrorKind, Redacted};
use std::rc::Rc;
use web_sys::AbortSignal;

/// What a `CertCentralError` carries besides `issues`, which cross as a report does
/// ([`report_to_js`]), so the wasm has one way of writing issues for JS.
#[derive(Serialize)]
struct ErrorDetails<'a> {
    kind: ErrorKind,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    errors: &'a [crate::transport::ApiError],
    attempts: u32,
}

/// The `CertCentralError` a failed call rejects with.
fn to_js_error(err: &ClientError) -> JsValue {
    let details = to_js(&ErrorDetails {
        kind: err.kind,
        message: &err.message,
        status: err.status,
        errors: &err.errors,
        attempts: err.attempts,
    });
    let mut tape = crate::tape::ReportTape::default();
    crate::tape::encode_report_into(&mut tape, false, &err.issues);
    client_error(&report_layout(&tape), &details)
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(obj, &key.into())
        .map_err(|_| type_error(&format!("options.{key} could not be read")))
}

/// Reads `{ apiKey, baseUrl, headers, timeoutMs, maxRetries }`; a wrong type is a `TypeError`
/// that names the option (and never echoes its value: it may be a credential).
fn read_client_options(options: &JsValue) -> Result<ClientConfig, JsValue> {
    let mut config = ClientConfig::default();
    if options.is_undefined() || options.is_null() {
        return Ok(config);
    }
    if !options.is_object() {
        return Err(type_error("CertCentralClient options must be an object: { apiKey, baseUrl, headers, timeoutMs, maxRetries }"));
    }
    let api_key = get(options, "apiKey")?;
    if !api_key.is_undefined() {
        match api_key.as_string() {
            Some(k) if !k.is_empty() => config.api_key = Some(ApiKey::new(k)),
            _ => return Err(type_error(
                "options.apiKey must be a non-empty string (or left out when a proxy adds the key)",
            )),
        }
    }
    let base_url = get(options, "baseUrl")?;
    if !base_url.is_undefined() {
        match base_url.as_string() {
            Some(u) if !u.trim_ascii().is_empty() => config.base_url = u.trim_ascii().trim_end_matches('/').to_owned(),
            _ => return Err(type_error("options.baseUrl must be a non-empty string, e.g. \"https://www.digicert.com/services/v2\" or a proxy path")),
        }
    }
    let headers = get(options, "headers")?;
    if !headers.is_undefined() {
        let plain = headers.is_object() && is_array(&headers) == Ok(false);
        let keys = object_keys(&headers).ok().filter(|_| plain).ok_or_else(|| {
            type_error("options.headers must be an object of strings, e.g. { \"X-Proxy-Token\": \"...\" }")
        })?;
        for key in keys.iter() {
            let name = key.as_string().unwrap_or_default();
            let value = Reflect::get(&headers, &key)
                .ok()
                .and_then(|v| v.as_string());
            match value {
                Some(v) => config.headers.push((name, Redacted(v))),
                None => {
                    return Err(type_error(&format!(
                        "options.headers[\"{}\"] must be a string",
                        crate::rules::shorten(&name)
                    )))
                }
            }
        }
    }
    let timeout = get(options, "timeoutMs")?;
    if !timeout.is_undefined() {
        match timeout.as_f64() {
            Some(ms) if (1.0..=2_147_483_647.0).contains(&ms) => config.timeout_ms = ms as u32,
            _ => {
                return Err(type_error(
                    "options.timeoutMs must be a number of milliseconds from 1 to 2147483647",
                ))
            }
        }
    }
    let retries = get(options, "maxRetries")?;
    if !retries.is_undefined() {
        match retries.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=10.0).contains(&n) => {
                config.max_retries = n as u32
            }
            _ => {
                return Err(type_error(
                    "options.maxRetries must be an integer from 0 to 10",
                ))
            }
        }
    }
    Ok(config)
}

/// Places orders with CertCentral over `fetch`, after validating them with the same rules as
/// `validateOrder`.
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct CertCentralClient {
    config: Rc<ClientConfig>,
}

#[wasm_bindgen]
impl CertCentralClient {
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<JsValue>) -> Result<CertCentralClient, JsValue> {
        let config = read_client_options(&options.unwrap_or(JsValue::UNDEFINED))?;
        Ok(CertCentralClient {
            config: Rc::new(config),
        })
    }

    /// `POST {baseUrl}/order/certificate/{product}`; resolves with the 201 body, rejects with a
    /// `CertCentralError`.
    #[wasm_bindgen(js_name = orderCertificate)]
    pub fn order_certificate(
        &self,
        product: JsValue,
        order: JsValue,
        options: Option<JsValue>,
    ) -> Promise {
        let config = self.config.clone();
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let prepared = prepare(&product, &order, &options);
        wasm_bindgen_futures::future_to_promise(async move {
            let (product, body, safe, signal) = prepared?;
            transport::fetch::send_order(&config, &product, &body, safe, signal)
                .await
                .map(|response| to_js(&response))
                .map_err(|e| to_js_error(&e))
        })
    }
}

/// Validates and serializes an order before anything is sent. Validation runs on the same
/// `Value` the form validation reads, so the verdict is `validateOrder`'s.
fn prepare(
    product: &JsValue,
    order: &JsValue,
    options: &JsValue,
) -> Result<(String, String, bool, Option<AbortSignal>), JsValue> {
    let mut signal = None;
    let mut today = JsValue::UNDEFINED;
    if options.is_object() {
        let s = get(options, "signal")?;
        if !s.is_undefined() {
            signal = Some(
                s.dyn_into::<AbortSignal>()
                    .map_err(|_| type_error("options.signal must be an AbortSignal"))?,
            );
        }
        today = get(options, "today")?;
    } else if !options.is_undefined() && !options.is_null() {
        return Err(type_error(
            "orderCertificate options must be an object: { signal, today }",
        ));
    }
    if signal.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(to_js_error(&ClientError::new(
            ErrorKind::Aborted,
            "The order request was aborted by the caller.",
        )));
    }
    let opts =
        read_today(&today).map_err(|issue| to_js_error(&ClientError::validation(vec![issue])))?;
    let (report, safe) = with_call(order, product, &JsValue::UNDEFINED, |args, value| {
        validate_read(args, product, value, &opts)
    });
    if !report.valid {
        return Err(to_js_error(&ClientError::validation(report.issues)));
    }
    // Valid, so the product is one of the eleven ids.
    let product_id = product.as_string().unwrap_or_default();
    let body = js_sys::JSON::stringify(order)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            to_js_error(&ClientError::new(
                ErrorKind::Validation,
                "The order could not be written as JSON.",
            ))
        })?;
    Ok((product_id, body, safe, signal))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &'static str = r#"
/** Any product's request body. */
export type OrderRequest = SslOrder | ClientOrder | CodeSigningOrder;

export interface CertCentralClientOptions {
  /** Sent as `X-DC-DEVKEY`; leave it out when a proxy adds the key. Never put it in a browser. */
  apiKey?: string;
  /** Default `"https://www.digicert.com/services/v2"`; EU `"https://certcentral.digicert.eu/services/v2"`; or a proxy path. */
  baseUrl?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Per attempt; default 30000. */
  timeoutMs?: number;
  /** Default 2. */
  maxRetries?: number;
}

export interface OrderOptions {
  signal?: AbortSignal;
  /** `YYYY-MM-DD` for the pre-submit validation's date rules. */
  today?: string;
}

export type CertCentralErrorKind = "validation" | "api" | "rate_limited" | "network" | "timeout" | "aborted" | "decode";

/** One entry of CertCentral's error body. */
export interface CertCentralApiError {
  /** The whole code, e.g. `"invalid_value:validity_years"`. */
  code: string;
  message: string;
  /** The code before any `|` or `:` detail, e.g. `"invalid_value"`. */
  base: string;
  /** The detail after `|` or `:`, e.g. `"validity_years"`. */
  detail?: string;
}

/** What a failed `orderCertificate` rejects with. */
export class CertCentralError extends Error {
  readonly name: "CertCentralError";
  readonly kind: CertCentralErrorKind;
  /** HTTP status, for `"api"` and `"rate_limited"`. */
  readonly status?: number;
  /** CertCentral's errors, for `"api"` and `"rate_limited"`; empty when the body was not CertCentral's error JSON, and for other kinds. */
  readonly errors: CertCentralApiError[];
  /** The validation issues, for `"validation"`; empty for other kinds. */
  readonly issues: Issue[];
  /** How many requests were sent. */
  readonly attempts: number;
}

/** Places orders with CertCentral over `fetch`, validating each with `validateOrder` first. */
export class CertCentralClient {
  constructor(options?: CertCentralClientOptions);
  /** `POST {baseUrl}/order/certificate/{product}`: resolves with the 201 body, rejects with a `CertCentralError`. */
  orderCertificate(product: string, order: OrderRequest, options?: OrderOptions): Promise<OrderResponse>;
  /** Frees the client's memory in the wasm instance (optional: garbage collection does it too). */
  free(): void;
}
"#;
