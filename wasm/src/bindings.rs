//! The JavaScript bindings. They read what a caller passes into a [`Value`] (through
//! src/host.rs, which guards against everything JS can hand over), call the same Rust functions
//! native callers use, and convert the answer back.

use js_sys::{Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::host::{is_array, object_keys, read_at, with_call, Key, KEYS, TAPE_KEEP};
use crate::report::{Issue, Report};
use crate::rules::{self, Options, OptionsArg};
use crate::tape::{CallArgs, Verdict};
use crate::value::{Value, MAX_DEPTH, MAX_VALUES};

mod lifecycle;

#[wasm_bindgen(module = "/../src/js/support.js")]
extern "C" {
    /// The report whose tape [`report_layout`] describes.
    #[wasm_bindgen(js_name = reportAt)]
    fn report_at(layout: &[u32]) -> JsValue;
    /// A `CertCentralError` with `details` (a plain object) and, as its `issues`, those of the
    /// report [`report_layout`] describes.
    #[wasm_bindgen(js_name = clientError)]
    fn client_error(layout: &[u32], details: &JsValue) -> JsValue;
    /// `String(n)` (the second parameter is unused: see src/js/support.js).
    #[wasm_bindgen(js_name = numberText)]
    fn number_text(n: f64, unused: &JsValue) -> JsValue;
}

thread_local! {
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

impl Fast {
    /// The layout's byte address, with the tape buffer's place written in it.
    fn layout_address(&self) -> i32 {
        let tape = self.tape.borrow();
        let [_, _, ops_at, ops_len, text_at, text_len] = self.layout.get();
        let tape_len = u32::try_from(tape.len()).unwrap_or(0);
        self.layout.set([
            address(tape.as_ptr()),
            tape_len,
            ops_at,
            ops_len,
            text_at,
            text_len,
        ]);
        i32::try_from(address(self.layout.as_ptr())).unwrap_or(-1)
    }

    /// Records where the report just written to `out` lies; answers 1 (a report to read).
    fn report_written(&self, out: &crate::tape::ReportTape) -> i32 {
        let [tape_at, tape_len, ..] = self.layout.get();
        let [ops_at, ops_len, text_at, text_len] = report_layout(out);
        self.layout
            .set([tape_at, tape_len, ops_at, ops_len, text_at, text_len]);
        1
    }
}

/// `String(n)`, for [`to_js`].
fn host_number(n: f64) -> String {
    number_text(n, &JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_else(|| "null".into())
}

/// A wasm32 address, as JS indexes memory.
fn address<T>(p: *const T) -> u32 {
    u32::try_from(p as usize).unwrap_or(0)
}

/// Converts for JS: written as JSON text in Rust and turned into objects by one `JSON.parse`,
/// which is faster than building them across the boundary field by field. (Reports take their
/// own, faster way: [`report_to_js`].) The host writes the numbers that are not whole (Rust's
/// float formatting would cost the wasm several KB).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    crate::json::to_string_with(value, host_number)
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
    if !options.is_object() {
        return rules::options_of(OptionsArg::NotAnObject);
    }
    thread_local! {
        // Made once: a key made from a Rust string crosses as UTF-8 and is decoded on each call.
        static TODAY: JsValue = JsValue::from_str("today");
    }
    match TODAY.with(|key| Reflect::get(options, key)) {
        Ok(today) if today.is_undefined() => Ok(Options::default()),
        Ok(today) => rules::options_of(OptionsArg::Today(today.as_string().as_deref())),
        Err(_) => rules::options_of(OptionsArg::Unreadable),
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
) -> (Report, Option<String>) {
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
    let alt = value
        .get("alternative_order_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    (rules::validate(product, value, opts), alt)
}

/// The JS-side form of [`rules::validate`].
pub(crate) fn validate_js(product: &JsValue, order: &JsValue, options: &JsValue) -> Report {
    with_call(order, product, options, |args, value| {
        match args
            .today
            .options()
            .unwrap_or_else(|| read_options(options))
        {
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
            if len == 0 {
                return fast.layout_address();
            }
            let tape = fast.tape.borrow();
            let bytes = usize::try_from(len).ok().and_then(|n| tape.get(..n));
            let mut out = fast.report_tape.borrow_mut();
            match bytes.map(|b| crate::tape::validate_call(b, keys, &mut out)) {
                Some(Verdict::Clean) => 0,
                Some(Verdict::Issues) => fast.report_written(&out),
                _ => -1,
            }
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
export function validateOrder(product: ProductId | (string & {}), order: unknown, options?: ValidateOptions): ValidationReport;

/** An error of an order, as `orderSchema`'s validate reports it: the report's issue (its `message` and `path` are Standard Schema's). */
export type OrderSchemaIssue = Readonly<Issue> & { readonly severity: "error" };

/** What `validate` answers: the order itself when it has no errors (warnings do not fail it), or its errors. */
export type OrderSchemaResult<T> = { readonly value: T; readonly issues?: undefined } | { readonly issues: ReadonlyArray<OrderSchemaIssue> };

/** JSON Schema dialects `jsonSchema.input` and `output` write. */
export type JsonSchemaTarget = "draft-2020-12" | "draft-07" | "openapi-3.0";

/**
 * A Standard Schema (v1, https://standardschema.dev) for one product's order, with the JSON
 * Schema part of Standard Schema 1.1.
 */
export interface OrderSchema<T = OrderRequest> {
    readonly "~standard": {
        readonly version: 1;
        readonly vendor: "certcentral-orders";
        readonly validate: (value: unknown) => OrderSchemaResult<T>;
        readonly types?: { readonly input: T; readonly output: T } | undefined;
        readonly jsonSchema: {
            /** The body's JSON Schema, from the field tables: types, required fields, closed value lists, bounds, lengths and format patterns. Conditional requirements and cross-field rules are `validate`'s only. Throws for a target it does not write. */
            readonly input: (options: { readonly target: JsonSchemaTarget | (string & {}) }) => Record<string, unknown>;
            readonly output: (options: { readonly target: JsonSchemaTarget | (string & {}) }) => Record<string, unknown>;
        };
    };
}

/**
 * The order of `product` as a Standard Schema, for form libraries and servers that take one
 * (react-hook-form, TanStack Form, tRPC, Hono). `validate` runs `validateOrder`.
 * @param options `today` (YYYY-MM-DD) fixes the date for date rules
 */
export function orderSchema<P extends ProductId>(product: P, options?: { today?: string; locale?: Locale }): OrderSchema<OrderFor<P>>;

/**
 * A message catalog: a template per rule id (`{label}`, `{field}` and the rule's params; a
 * `[...]` part shows only when its params are there) and the translations of orderFields'
 * labels and help, keyed by their English text. `certcentral-orders/locales/<locale>` each
 * export one: en (the English messages as templates), es, de, fr, ja, pt, zh_CN.
 */
export interface LocaleCatalog {
    readonly locale: string;
    readonly name?: string;
    readonly rules: Readonly<Record<string, string>>;
    readonly text: Readonly<Record<string, string>>;
    /** formatIssue's `style: "form"`: a template per rule id over `{label}` and the rule's params (paths in them come as labels); English's where missing. */
    readonly form?: Readonly<Record<string, string>>;
    /** Words for form-style labels: `order` (the order itself), `entry` (`{label} {n}`: a list's entry, or a list's English label as the key for its own), `inside`, `under`, and a phrase per orderFields `format`. */
    readonly words?: Readonly<Record<string, string>>;
}

/** A catalog, or the name of one given to `registerLocale` (`"es"`; `"pt-BR"` finds `"pt"`). English when left out or not registered. */
export type Locale = LocaleCatalog | "en" | (string & {});

/** Makes a catalog known by its name, so `locale: "es"` finds it. Returns the name. */
export function registerLocale(catalog: LocaleCatalog): string;

/** formatIssue's options. */
export interface FormatIssueOptions {
    /** The language: a catalog or a registered name; English when left out. */
    locale?: Locale;
    /** The order's product: its fields' labels name them (in `locale`). */
    product?: ProductId | (string & {});
    /**
     * `"api"` (the default): the report's message, or its translation (`{label}` is the field's
     * label with `product`, else its path). `"form"`: for the person filling in the form, with the
     * field's label ("DNS name 2" for `certificate.dns_names.1`; without `product`, one made from
     * the field's name) and no API paths, field names or JSON; English needs no catalog.
     */
    style?: "api" | "form";
}

/** One issue's message in `locale` and `style` (its English `message` when the catalog has no template for its rule). */
export function formatIssue(issue: Pick<Issue, "rule" | "message"> & Partial<Pick<Issue, "field" | "params">>, options?: Locale | FormatIssueOptions): string;

/**
 * A value as a person typed or pasted it, made ready to send: strings trimmed; in a field whose
 * `format` is `"dns_name"` a pasted URL becomes its host (`"https://www.example.com/path?q"` ->
 * `"www.example.com"`); `"mailto:"` comes off an e-mail address. An object's fields and a list's
 * items are cleaned by their own entries. Returns a copy; anything else is left as it is. Never throws.
 * @param field the value's entry in `orderFields` (e.g. the one whose path is `certificate.common_name`)
 */
export function cleanValue<T = unknown>(value: T, field?: FieldInfo): T;

/**
 * The order with each value cleaned as `cleanValue` cleans it, by its field in the product's
 * `orderFields`; fields it does not know and values it does not understand are left as they are.
 * Returns a copy (the order is not changed). Never throws.
 */
export function cleanOrder<T = unknown>(product: ProductId | (string & {}), order: T): T;

/**
 * The fields of a product's request, for building a form: each field's path, kind, whether and
 * when it is required, allowed values, limits and a line of help (in `locale`). Unknown products give `[]`.
 */
export function orderFields(product: ProductId | (string & {}), options?: {
    locale?: Locale;
    /** the day the validity choices' help is written for (YYYY-MM-DD; default: today) */
    today?: string;
}): FieldInfo[];

/**
 * Reads a PEM CSR: its key, subject, requested names and signature algorithm. Never throws:
 * anything that is not a readable CSR (or not text) gets `valid: false` and an issue saying why (in `locale`).
 */
export function inspectCsr(pem: unknown, options?: { locale?: Locale }): CsrInfo;
"#;

/// The fields of a product's request, for building a form: each field's path, kind, whether and
/// when it is required, allowed values, limits and a line of help. Unknown products give `[]`.
#[wasm_bindgen(js_name = orderFields, skip_typescript)]
pub fn order_fields(
    #[wasm_bindgen(unchecked_param_type = "ProductId | (string & {})")] product: JsValue,
    today: JsValue,
) -> JsValue {
    match product
        .as_string()
        .as_deref()
        .and_then(crate::products::Product::from_id)
    {
        Some(p) => {
            // A day that is not a real YYYY-MM-DD is today, as for validateOrder's default.
            let day = today
                .as_string()
                .as_deref()
                .and_then(crate::date::Date::parse_iso);
            let fields = crate::rules::describe::describe_on(
                p,
                day.unwrap_or_else(crate::date::Date::today_utc),
            );
            let mut text = String::new();
            crate::rules::describe::write_list(&mut text, &fields);
            js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
        }
        // (Not `Array::new`: its import would be the only one of its signature.)
        None => js_sys::JSON::parse("[]").unwrap_or(JsValue::NULL),
    }
}

/// Reads a PEM CSR: its key, subject, requested names and signature algorithm. Never throws:
/// anything that is not a readable CSR (or not text) gets `valid: false` and an issue saying why.
#[wasm_bindgen(js_name = inspectCsr, skip_typescript)]
pub fn inspect_csr(#[wasm_bindgen(unchecked_param_type = "unknown")] pem: JsValue) -> JsValue {
    let info = match pem.as_string() {
        Some(text) => crate::csr::inspect(&text),
        None if pem.is_null() => crate::csr::inspect_non_text("null"),
        None => crate::csr::inspect_non_text(&format!(
            "of type {}",
            pem.js_typeof().as_string().unwrap_or_default()
        )),
    };
    to_js(&info)
}

/// The fourteen products: `{ id, family, name, status, retiredOn?, replacedBy? }` each.
#[wasm_bindgen(unchecked_return_type = "ProductInfo[]")]
pub fn products() -> JsValue {
    to_js(&crate::rules::retired::products())
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
    #[serde(rename = "orderStatus", skip_serializing_if = "Option::is_none")]
    order_status: Option<&'a crate::models::OrderStatus>,
}

/// The `CertCentralError` a failed call rejects with.
pub(crate) fn to_js_error(err: &ClientError) -> JsValue {
    let details = to_js(&ErrorDetails {
        kind: err.kind,
        message: &err.message,
        status: err.status,
        errors: &err.errors,
        attempts: err.attempts,
        order_status: err.order_status.as_ref(),
    });
    let mut tape = crate::tape::ReportTape::default();
    crate::tape::encode_report_into(&mut tape, false, &err.issues);
    client_error(&report_layout(&tape), &details)
}

pub(crate) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

pub(crate) fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
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
        return Err(type_error("CertCentralClient options must be an object: { apiKey, baseUrl, headers, timeoutMs, maxRetries, rateLimits }"));
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
    let limits = get(options, "rateLimits")?;
    if !limits.is_undefined() {
        config.rate_limits = read_rate_limits(&limits)?;
    }
    Ok(config)
}

/// `false` (keep no budget) or a list of `{ requests, windowMs }`.
fn read_rate_limits(limits: &JsValue) -> Result<Vec<crate::transport::budget::Window>, JsValue> {
    if limits.as_bool() == Some(false) {
        return Ok(Vec::new());
    }
    let wrong = || {
        type_error("options.rateLimits must be false or a list of { requests, windowMs }, e.g. [{ requests: 100, windowMs: 5000 }]")
    };
    if is_array(limits) != Ok(true) {
        return Err(wrong());
    }
    let whole = |v: JsValue| {
        v.as_f64()
            .filter(|n| n.fract() == 0.0 && (1.0..=4e9).contains(n))
    };
    js_sys::Array::from(limits)
        .iter()
        .map(|w| {
            let requests = whole(get(&w, "requests")?).ok_or_else(wrong)?;
            let window_ms = whole(get(&w, "windowMs")?).ok_or_else(wrong)?;
            Ok(crate::transport::budget::Window {
                requests: requests as u32,
                window_ms: window_ms as u32,
            })
        })
        .collect()
}

/// Places orders with CertCentral over `fetch`, after validating them with the same rules as
/// `validateOrder`.
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct CertCentralClient {
    pub(crate) client: Rc<transport::fetch::Client>,
}

#[wasm_bindgen]
impl CertCentralClient {
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<JsValue>) -> Result<CertCentralClient, JsValue> {
        let config = read_client_options(&options.unwrap_or(JsValue::UNDEFINED))?;
        Ok(CertCentralClient {
            client: Rc::new(transport::fetch::Client::new(config)),
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
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let job = prepare(&product, &order, &options).and_then(|(product, body, alt, signal)| {
            let on_retry = callback_of(&options, "onRetry")?;
            let job = lifecycle::Job::Order {
                product,
                body,
                alt,
                on_retry,
            };
            Ok((job, signal))
        });
        lifecycle::run(self.client.clone(), job)
    }
}

/// `options[name]`: left out, or a function.
fn callback_of(options: &JsValue, name: &str) -> Result<Option<js_sys::Function>, JsValue> {
    if !options.is_object() {
        return Ok(None);
    }
    let f = get(options, name)?;
    if f.is_undefined() {
        return Ok(None);
    }
    f.dyn_into::<js_sys::Function>()
        .map(Some)
        .map_err(|_| type_error(&format!("options.{name} must be a function")))
}

/// `options.signal`: left out, or an `AbortSignal` (every client call takes one).
pub(crate) fn signal_of(options: &JsValue) -> Result<Option<AbortSignal>, JsValue> {
    let s = get(options, "signal")?;
    if s.is_undefined() {
        return Ok(None);
    }
    s.dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| type_error("options.signal must be an AbortSignal"))
}

/// The options a body about to be sent is checked with: `options.today`, left out or a date;
/// another value rejects as `validation`, as a bad order does.
fn send_options(today: &JsValue) -> Result<Options, JsValue> {
    if today.is_undefined() {
        return Ok(Options::default());
    }
    rules::options_of(OptionsArg::Today(today.as_string().as_deref()))
        .map_err(|issue| to_js_error(&ClientError::validation(vec![issue])))
}

/// Validates and serializes an order before anything is sent. Validation runs on the same
/// `Value` the form validation reads, so the verdict is `validateOrder`'s.
fn prepare(
    product: &JsValue,
    order: &JsValue,
    options: &JsValue,
) -> Result<(String, String, Option<String>, Option<AbortSignal>), JsValue> {
    let mut signal = None;
    let mut today = JsValue::UNDEFINED;
    if options.is_object() {
        signal = signal_of(options)?;
        today = get(options, "today")?;
    } else if !options.is_undefined() && !options.is_null() {
        return Err(type_error(
            "orderCertificate options must be an object: { signal, today, onRetry }",
        ));
    }
    if signal.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(to_js_error(&ClientError::new(
            ErrorKind::Aborted,
            "The order request was aborted by the caller.",
        )));
    }
    let opts = send_options(&today)?;
    let (report, alt) = with_call(order, product, &JsValue::UNDEFINED, |args, value| {
        validate_read(args, product, value, &opts)
    });
    if !report.valid {
        return Err(to_js_error(&ClientError::validation(report.issues)));
    }
    // Valid, so the product is one of the fourteen ids.
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
    Ok((product_id, body, alt, signal))
}

/// A request body that is not an order (a reissue), read as the rules read orders and as the
/// JSON text sent, with the options for its validation (`today`).
pub(crate) fn read_body(
    body: &JsValue,
    today: &JsValue,
) -> Result<(Value<'static>, String, Options), JsValue> {
    let opts = send_options(today)?;
    let value = read_at(body, Key::Root, 0, &mut MAX_VALUES.clone());
    // Text for every body: one that cannot be written (a cycle, a BigInt) fails validation
    // before anything is sent, since the reader reports what it could not read.
    let json = js_sys::JSON::stringify(body)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    Ok((value, json, opts))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &'static str = r#"
/** Any product's request body. */
export type OrderRequest = SslOrder | ClientOrder | CodeSigningOrder | SecureEmailOrder;

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
  /**
   * The rate windows the client keeps to, waiting for a free slot instead of drawing a 429.
   * Default CertCentral's: `[{ requests: 100, windowMs: 5000 }, { requests: 1000, windowMs: 180000 }]`
   * per API key, so give clients that share a key one `CertCentralClient`. `false` keeps none.
   */
  rateLimits?: false | { requests: number; windowMs: number }[];
}

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface WaitOptions extends CallOptions {
  /** Give up (`"timeout"`) after this long; default 900000 (15 minutes). */
  timeoutMs?: number;
  /** The first poll is at once; then the wait before the next, 1.5 times longer each time, at most a minute. Default 10000. */
  intervalMs?: number;
  /** Called with the order after every poll, for progress. What it throws ends the wait. */
  onStatus?: (order: OrderInfo) => void;
}

export interface DownloadOptions extends CallOptions {
  /** e.g. `"pem_all"` (default), `"pem_noroot"`, `"p7b"`, `"default"` (zip); any format CertCentral knows. */
  format?: string;
}

export type RevocationReason = "unspecified" | "keyCompromise" | "affiliationChanged" | "superseded" | "cessationOfOperation";

export interface RevokeOptions extends CallOptions {
  /** TLS certificates only; CertCentral ignores it for others. */
  reason?: RevocationReason;
  comments?: string;
  /** Revoke at once instead of creating a request an administrator approves (needs an admin key). */
  skipApproval?: boolean;
}

export interface ReissueOptions extends CallOptions {
  /** The order's product; when left out it is read from the order first (one more request). */
  product?: ProductId;
  /** `YYYY-MM-DD` for the validation's date rules. */
  today?: string;
}

/** A reissue's body: the new certificate's details. */
export interface ReissueRequest {
  certificate: {
    csr?: string;
    common_name?: string;
    dns_names?: string[];
    signature_hash?: string;
    server_platform?: { id: number };
    ca_cert_id?: string;
  };
  cs_provisioning_method?: string;
  skip_approval?: boolean;
}

/** What a reissue answers: the order id and its new request (the 201 bodies of orders). */
export type ReissueResult = OrderResponse;

export interface OrderOptions {
  signal?: AbortSignal;
  /** `YYYY-MM-DD` for the pre-submit validation's date rules. */
  today?: string;
  /**
   * Called before each wait between attempts (a 429, a 503, or an unknown outcome of an order
   * with an `alternative_order_id`), so a form can say "busy, trying again in 2 s". What it
   * throws is ignored.
   */
  onRetry?: (retry: RetryInfo) => void;
}

/** What `onRetry` is told. */
export interface RetryInfo {
  /** The attempt that failed: 1 for the first. */
  attempt: number;
  /** The wait before the next attempt, in milliseconds. */
  delayMs: number;
  /** Why: `"rate_limited"`, `"api"` (a 5xx), `"network"` or `"timeout"`. */
  kind: CertCentralErrorKind;
  status?: number;
}

export type CertCentralErrorKind = "validation" | "api" | "rate_limited" | "network" | "timeout" | "aborted" | "decode" | "order_state";

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

/** What a failed call rejects with (a wrong argument rejects with a `TypeError` instead). */
export class CertCentralError extends Error {
  readonly name: "CertCentralError";
  readonly kind: CertCentralErrorKind;
  /** HTTP status, for `"api"` and `"rate_limited"`. */
  readonly status?: number;
  /** CertCentral's errors, for `"api"` and `"rate_limited"`; empty when the body was not CertCentral's error JSON, and for other kinds. */
  readonly errors: CertCentralApiError[];
  /** The validation issues, for `"validation"`; empty for other kinds. */
  readonly issues: Issue[];
  /** How many requests were sent (for a wait: how many polls). */
  readonly attempts: number;
  /** The order's status last seen, for `"order_state"` and a wait's `"timeout"`. */
  readonly orderStatus?: OrderStatus;
}

/** Places orders with CertCentral over `fetch`, validating each with `validateOrder` first. */
export class CertCentralClient {
  constructor(options?: CertCentralClientOptions);
  /** `POST {baseUrl}/order/certificate/{product}`: resolves with the 201 body, rejects with a `CertCentralError`. */
  orderCertificate<P extends ProductId>(product: P, order: OrderFor<P>, options?: OrderOptions): Promise<OrderResponse>;
  /** `GET /order/certificate/{orderId}`. */
  getOrder(orderId: number | string, options?: CallOptions): Promise<OrderInfo>;
  /** `GET /order/alternate/{id}`: the orders placed with this `alternative_order_id` (several may share one). */
  findOrdersByAlternativeId(alternativeOrderId: string, options?: CallOptions): Promise<OrderRef[]>;
  /** The orders whose status changed in the last `minutes` and/or `seconds` (at most 7 days): one request for many orders. */
  statusChanges(options: { minutes?: number; seconds?: number; signal?: AbortSignal }): Promise<OrderRef[]>;
  /** Polls the order until it is `issued`; rejects with kind `"order_state"` when it ends `rejected`, `canceled`, `revoked` or `expired`, `"timeout"` after `timeoutMs`. */
  waitForIssuance(orderId: number | string, options?: WaitOptions): Promise<OrderInfo>;
  /** The order's active certificate (`{ orderId }`) or one certificate by id (`{ certificateId }`). */
  downloadCertificate(target: { orderId: number | string } | { certificateId: number | string }, options?: DownloadOptions): Promise<CertificateDownload>;
  /** Cancels a `pending` or `waiting_pickup` order (or a pending reissue). */
  cancelOrder(orderId: number | string, options?: CallOptions & { note?: string }): Promise<void>;
  /** Revokes one certificate: at once with `skipApproval`, else by a request an administrator approves. Permanent. */
  revokeCertificate(certificateId: number | string, options?: RevokeOptions): Promise<RevokeResult>;
  /** Reissues the order's certificate, after checking `body` against the order's product. */
  reissueOrder(orderId: number | string, body: ReissueRequest, options?: ReissueOptions): Promise<ReissueResult>;
  /** Asks CertCentral to check the order's DNS or HTTP domain-control tokens now. */
  checkDcv(orderId: number | string, options?: CallOptions): Promise<DcvStatus>;
  /** Frees the client's memory in the wasm instance (optional: garbage collection does it too). */
  free(): void;
}
"#;
