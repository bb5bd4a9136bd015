//! The JavaScript bindings. An order reaches the rules as a tape that the package's JS writes
//! into wasm memory (`fastValidate` in src/js/support.js, which guards against everything JS can
//! hand over); the client's calls read their arguments through src/host.rs. They call the same
//! Rust functions native callers use, and convert the answer back.

use wasm_bindgen::prelude::*;

use crate::report::Report;
use crate::tape::Verdict;
use certcentral_orders::internals::products::Product;

// The client: left out of the validation-only wasm (`--no-default-features`, the package's
// `certcentral-orders/validate`), which holds no fetch, retry or lifecycle code.
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod lifecycle;
#[cfg(feature = "client")]
pub use client::*;

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

#[wasm_bindgen(module = "/../src/js/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = fastValidate)]
    fn fast_validate(
        product: &JsValue,
        order: &JsValue,
        options: &JsValue,
        wasm: &JsValue,
    ) -> JsValue;
}

/// The package's `validateOrder` without its locale step: `fastValidate` (src/js/support.js)
/// over this module's exports. For the wasm tests (not an export: the package's JS calls
/// `fastValidate` itself).
#[doc(hidden)]
pub fn validate_order(product: &JsValue, order: &JsValue, options: &JsValue) -> JsValue {
    fast_validate(product, order, options, &wasm_bindgen::exports())
}

/// The size of the buffer JS writes a call's tape into: real orders are 1–10 KB.
pub(crate) const TAPE_KEEP: usize = 64 * 1024;

thread_local! {
    static FAST: Fast = Fast {
        tape: std::cell::RefCell::new(vec![0; TAPE_KEEP]),
        spare: std::cell::RefCell::new(Vec::new()),
        layout: std::cell::Cell::new([0; 8]),
        report_tape: std::cell::RefCell::new(crate::tape::ReportTape::default()),
        details: std::cell::RefCell::new(String::new()),
    };
}

/// The buffers of `validateOrder` and `inspectCsr` (`fastValidate` and `fastInspect` in
/// src/js/support.js, [`validate_tape`] and [`inspect_tape`]): numbers cross, no JS value, so
/// the validation wasm imports almost nothing and its glue is small (measured: the glue of a
/// wasm whose exports take and give JS values was 1.2 KB gzip more).
struct Fast {
    /// Where JS writes a call's tape: made on the first call and never moved or resized, so JS
    /// asks for its address once.
    tape: std::cell::RefCell<Vec<u8>>,
    /// A tape that does not fit `tape`, one whose walk saw wasm memory grow, or one of a call
    /// made while another call's walk is writing `tape` (a getter that validates): JS writes it
    /// into its own memory and copies it here ([`spare_tape`]) just before [`validate_tape`], so
    /// nothing else runs meanwhile.
    spare: std::cell::RefCell<Vec<u8>>,
    /// What JS reads (eight u32s): the tape buffer's byte address and length, then where the
    /// last report's tape lies: byte address and count of its numbers, of its text; then where
    /// the last `details` lie: byte address and length.
    layout: std::cell::Cell<[u32; 8]>,
    report_tape: std::cell::RefCell<crate::tape::ReportTape>,
    /// The last inspected CSR's details, as JSON text (`csr::write_details`), the
    /// last product's field labels ([`labels_tape`]), or the known keys joined by commas (the
    /// layout's call, which JS makes once).
    details: std::cell::RefCell<String>,
}

impl Fast {
    /// The layout's byte address, with the tape buffer's and the known keys' places written in it.
    fn layout_address(&self) -> i32 {
        let tape = self.tape.borrow();
        let mut layout = self.layout.get();
        layout[0] = address(tape.as_ptr());
        layout[1] = u32::try_from(tape.len()).unwrap_or(0);
        self.layout.set(layout);
        // The known keys joined by commas, as the details JS reads: made from the list the
        // tape reader uses, not kept as a second copy of the names in the wasm (-126 bytes gzip).
        let mut details = self.details.borrow_mut();
        details.clear();
        for (i, key) in crate::rules::known_keys().iter().enumerate() {
            if i > 0 {
                details.push(',');
            }
            details.push_str(key);
        }
        self.details_written(&details);
        i32::try_from(address(self.layout.as_ptr())).unwrap_or(-1)
    }

    /// Records where the report just written to `out` lies; answers 1 (a report to read).
    fn report_written(&self, out: &crate::tape::ReportTape) -> i32 {
        let mut layout = self.layout.get();
        layout[2..6].copy_from_slice(&report_layout(out));
        self.layout.set(layout);
        1
    }

    /// Where `details` lie, for JS: the layout's last two numbers.
    fn details_written(&self, details: &str) {
        let mut layout = self.layout.get();
        layout[6] = address(details.as_ptr());
        layout[7] = u32::try_from(details.len()).unwrap_or(0);
        self.layout.set(layout);
    }

    /// The tape JS wrote: `len` bytes of the kept buffer, or of the spare one when `spare` is 1.
    /// `f` reads it; a spare tape is used once (a big order's memory is not kept).
    fn read_tape<R>(&self, len: u32, spare: u32, f: impl FnOnce(Option<&[u8]>) -> R) -> R {
        let result = {
            let tape = if spare == 1 { &self.spare } else { &self.tape }.borrow();
            f(usize::try_from(len).ok().and_then(|n| tape.get(..n)))
        };
        if spare == 1 {
            self.spare.take();
        }
        result
    }
}

/// `String(n)`, for [`to_js`].
#[cfg(feature = "client")]
pub(crate) fn host_number(n: f64) -> String {
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
/// float formatting would cost the wasm several KB). Only the client's answers take this way: the
/// validation-only wasm has no serde JSON writer (products and orderFields are the package's
/// data, inspectCsr's details are written by hand).
#[cfg(feature = "client")]
pub(crate) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
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

/// For `fastValidate` (src/js/support.js) only.
// The way in for `validateOrder`: `fastValidate`, which the package exports as `validateOrder`,
// has written the call's tape (`len` bytes) into the kept buffer it was told of, or, when
// `spare` is 1, into the spare one ([`spare_tape`]), so no JS value crosses and nothing calls
// back into JS. Answers 0 for a report without issues, 1 for a report whose tape lies where the
// layout says, -1 for bytes that are not a tape (the writer never makes them). `len` 0 (a tape
// is never empty) asks for the layout: the answer is the byte address of [`Fast::layout`], whose
// details are then the known keys joined by commas.
#[wasm_bindgen(js_name = validateTape, skip_typescript)]
pub fn validate_tape(len: u32, spare: u32) -> i32 {
    let keys = crate::rules::known_keys();
    FAST.with(|fast| {
        if len == 0 {
            return fast.layout_address();
        }
        let mut out = fast.report_tape.borrow_mut();
        let verdict = fast.read_tape(len, spare, |bytes| {
            bytes.map(|b| crate::tape::validate_call(b, keys, &mut out))
        });
        match verdict {
            Some(Verdict::Clean) => 0,
            Some(Verdict::Issues) => fast.report_written(&out),
            _ => -1,
        }
    })
}

/// For `fastValidate` (src/js/support.js) only.
// Makes the spare tape buffer `len` bytes and answers its byte address, or 0 when memory cannot
// be had (then the order is reported as past the readers' limits). validateTape frees it once
// it has read it; nothing runs between JS's copy into it and that call.
#[wasm_bindgen(js_name = spareTape, skip_typescript)]
pub fn spare_tape(len: u32) -> u32 {
    FAST.with(|fast| {
        let mut spare = fast.spare.borrow_mut();
        *spare = Vec::new();
        let n = usize::try_from(len).unwrap_or(usize::MAX);
        if spare.try_reserve_exact(n).is_err() {
            return 0;
        }
        spare.resize(n, 0);
        address(spare.as_ptr())
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
export function orderSchema<P extends ProductId>(product: P, options?: { today?: string | undefined; locale?: Locale | undefined }): OrderSchema<OrderFor<P>>;

/**
 * A message catalog: a template per rule id (`{label}`, `{field}` and the rule's params; a
 * `[...]` part shows only when its params are there) and the translations of orderFields'
 * labels, help, `requiredWhen` and choices' labels, keyed by their English text.
 * `certcentral-orders/locales/<locale>` each export one: en (the English messages as
 * templates), es, de, fr, ja, pt, zh_CN.
 */
export interface LocaleCatalog {
    readonly locale: string;
    readonly name?: string | undefined;
    readonly rules: Readonly<Record<string, string>>;
    readonly text: Readonly<Record<string, string>>;
    /** formatIssue's `style: "form"`: a template per rule id over `{label}` and the rule's params (paths in them come as labels); English's where missing. */
    readonly form?: Readonly<Record<string, string>> | undefined;
    /** Words for form-style labels: `order` (the order itself), `entry` (`{label} {n}`: a list's entry, or a list's English label as the key for its own), `inside`, `under`, and a phrase per orderFields `format`. */
    readonly words?: Readonly<Record<string, string>> | undefined;
}

/** A catalog (or its module as CommonJS `require` gives it), or the name of one given to `registerLocale` (`"es"`; `"pt-BR"` finds `"pt"`). English when left out or not registered. */
export type Locale = LocaleCatalog | { readonly default: LocaleCatalog } | "en" | (string & {});

/** Makes a catalog known by its name, so `locale: "es"` finds it. Returns the name. */
export function registerLocale(catalog: LocaleCatalog | { readonly default: LocaleCatalog }): string;

/** formatIssue's options. */
export interface FormatIssueOptions {
    /** The language: a catalog or a registered name; English when left out. */
    locale?: Locale | undefined;
    /** The order's product: its fields' labels name them (in `locale`). */
    product?: ProductId | (string & {}) | undefined;
    /**
     * `"api"` (the default): the report's message, or its translation (`{label}` is the field's
     * label with `product`, else its path). `"form"`: for the person filling in the form, with the
     * field's label ("DNS name 2" for `certificate.dns_names.1`; without `product`, one made from
     * the field's name) and no API paths, field names or JSON; English needs no catalog.
     */
    style?: "api" | "form" | undefined;
}

/** One issue's message in `locale` and `style` (its English `message` when the catalog has no template for its rule). */
export function formatIssue(issue: Pick<Issue, "rule" | "message" | "field"> & Partial<Pick<Issue, "params">>, options?: Locale | FormatIssueOptions): string;

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
    locale?: Locale | undefined;
    /** the day the validity choices' help is written for (YYYY-MM-DD; default: today) */
    today?: string | undefined;
}): FieldInfo[];

/**
 * Reads a PEM CSR: its key, subject, requested names and signature algorithm. Never throws:
 * anything that is not a readable CSR (or not text) gets `valid: false` and an issue saying why (in `locale`).
 */
export function inspectCsr(pem: unknown, options?: { locale?: Locale | undefined }): CsrInfo;

/** The fourteen products: `{ id, family, name, status, retiredOn?, replacedBy?, supersededBy? }` each. */
export function products(): ProductInfo[];
"#;

/// For `fastInspect` (src/js/support.js) only.
// The way in for `inspectCsr`: reads the CSR given as the text argument ([`text_call`]) and
// answers with its report's tape and its details (JSON text).
#[wasm_bindgen(js_name = inspectTape, skip_typescript)]
pub fn inspect_tape(len: u32, spare: u32) -> i32 {
    text_call(len, spare, |fast, arg, details| {
        // `valid` and `issues` as validateOrder's report has them, then the rest (no serde writer).
        let issues = crate::csr::inspect_into(arg, details);
        let mut out = fast.report_tape.borrow_mut();
        out.write(&Report::new(issues));
        fast.report_written(&out)
    })
}

/// For `fastLabels` (src/js/support.js) only.
// The way in for the labels a localized report names fields by: answers with
// `describe::write_labels`' lines for the product whose id is the text argument ([`text_call`];
// none for an id that is no product's).
#[wasm_bindgen(js_name = labelsTape, skip_typescript)]
pub fn labels_tape(len: u32, spare: u32) -> i32 {
    text_call(len, spare, |_, arg, details| {
        if let Some(product) = arg.ok().and_then(Product::from_id) {
            crate::rules::describe::write_labels(product, details);
        }
        1
    })
}

/// For `fastLabel` (src/js/support.js) only.
// The label `describe::label` makes of the text argument, a field's API name: `formatIssue`'s
// label for a field no product lists, so the label rule is not written again in JS.
#[wasm_bindgen(js_name = labelTape, skip_typescript)]
pub fn label_tape(len: u32, spare: u32) -> i32 {
    text_call(len, spare, |_, arg, details| {
        if let Ok(name) = arg {
            crate::rules::describe::push_label(details, name);
        }
        1
    })
}

/// What a [`text_call`] does with its argument. A function pointer, not a generic: one copy of
/// `text_call` for its three callers (each copy cost the validation-only page ~100 bytes).
type TextCall = fn(&Fast, Result<&str, &str>, &mut String) -> i32;

/// A call whose argument JS has written as text (`len` bytes: src/tape.rs, decode_text_arg)
/// into the kept buffer, or into the spare one when `spare` is 1: `f` gets the argument (the
/// text, or what it is instead) and the emptied details to write, which the layout then
/// points at, and gives the answer. -1 for bytes that are not an argument (JS never writes them).
fn text_call(len: u32, spare: u32, f: TextCall) -> i32 {
    FAST.with(|fast| {
        let mut details = fast.details.borrow_mut();
        details.clear();
        let answer = fast.read_tape(len, spare, |bytes| {
            match bytes.map(crate::tape::decode_text_arg) {
                Some(Ok(arg)) => f(fast, arg, &mut details),
                _ => -1,
            }
        });
        fast.details_written(&details);
        answer
    })
}
