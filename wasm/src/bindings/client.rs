//! `CertCentralClient`: the order client's bindings (with the lifecycle calls in lifecycle.rs).

use super::*;

use crate::host::{is_array, object_keys, read_value, with_call};
use crate::report::Report;
use crate::rules::{self, Options, OptionsArg};
use crate::tape::CallArgs;
use crate::value::Value;
use js_sys::{Promise, Reflect};
use serde::Serialize;

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
    #[serde(rename = "outcomeUnknown")]
    outcome_unknown: bool,
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
        outcome_unknown: err.outcome_unknown,
    });
    let mut tape = crate::tape::ReportTape::default();
    crate::tape::encode_report_into(&mut tape, false, &err.issues);
    client_error(&report_layout(&tape), &details)
}

pub(crate) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

pub(crate) fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(obj, &key.into()).map_err(|_| {
        type_error(&crate::report::fill(
            "options.{} could not be read",
            &[&key],
        ))
    })
}

/// The options `CertCentralClient` reads.
const CLIENT_OPTIONS: [&str; 6] = [
    "apiKey",
    "baseUrl",
    "headers",
    "timeoutMs",
    "maxRetries",
    "rateLimits",
];

/// Reads `{ apiKey, baseUrl, headers, timeoutMs, maxRetries, rateLimits }`; a wrong type is a
/// `TypeError` that names the option (and never echoes its value: it may be a credential). So is
/// an option of another name: ignored, a misspelt `apikey` would send every request without the
/// key, and each would fail with a 401 far from the typo (stripe-node refuses them too).
fn read_client_options(options: &JsValue) -> Result<ClientConfig, JsValue> {
    let mut config = ClientConfig::default();
    if options.is_undefined() || options.is_null() {
        return Ok(config);
    }
    let keys = object_keys(options)
        .ok()
        .filter(|_| options.is_object())
        .ok_or_else(|| {
            type_error("CertCentralClient options must be an object: { apiKey, baseUrl, headers, timeoutMs, maxRetries, rateLimits }")
        })?;
    for key in keys.iter() {
        let name = key.as_string().unwrap_or_default();
        if !CLIENT_OPTIONS.contains(&name.as_str()) {
            return Err(type_error(&crate::report::fill(
                "options.{} is not an option of CertCentralClient: its options are { apiKey, baseUrl, headers, timeoutMs, maxRetries, rateLimits }",
                &[&crate::rules::shorten(&name)],
            )));
        }
    }
    let api_key = get(options, "apiKey")?;
    if !api_key.is_undefined() {
        match api_key.as_string() {
            Some(k) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic()) => {
                config.api_key = Some(ApiKey::new(k))
            }
            _ => return Err(type_error(
                "options.apiKey must be the key as CertCentral shows it, a non-empty string of visible ASCII characters with no spaces (or left out when a proxy adds the key)",
            )),
        }
    }
    let base_url = get(options, "baseUrl")?;
    let mut in_clear = false;
    if !base_url.is_undefined() {
        let url = base_url.as_string();
        let url = url.as_deref().map(str::trim_ascii).unwrap_or_default();
        match self::base_url(url) {
            Some(clear) => {
                config.base_url = url.trim_end_matches('/').to_owned();
                in_clear = clear;
            }
            None => return Err(type_error("options.baseUrl must be an http(s) URL or a path, without a query, a fragment or credentials, e.g. \"https://www.digicert.com/services/v2\" or \"/api/certcentral\"")),
        }
    }
    // The key would cross the network in clear (the command line refuses the same).
    if config.api_key.is_some() && in_clear {
        return Err(type_error("options.baseUrl is plain http to another machine: options.apiKey would cross the network in clear (use https; http only to localhost)"));
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
            // Checked here, as fetch would refuse them on every request, far from the typo.
            match value {
                Some(v) if is_token(&name) && is_header_value(&v) => {
                    config.headers.push((name, Redacted(v)))
                }
                _ => {
                    return Err(type_error(&crate::report::fill(
                        "options.headers[\"{}\"] must be a string, under a header name (letters, digits and !#$%&'*+-.^_`|~), without line breaks or characters past U+00FF",
                        &[&crate::rules::shorten(&name)],
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

/// An HTTP header name (RFC 9110 §5.1: a token).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A header value `fetch` sends as given: no NUL, CR or LF, and no character past U+00FF (a
/// `Headers` value is a byte string).
fn is_header_value(value: &str) -> bool {
    value
        .chars()
        .all(|c| c <= '\u{ff}' && !matches!(c, '\0' | '\r' | '\n'))
}

/// Whether `url` can be the start of every request's URL: `http://` or `https://` and a host,
/// or a path (`/...`, a proxy on the page's own site). Anything else would fail each request as
/// a network error, after its retries, far from the typo that caused it; and a backslash (which
/// a browser reads as `/`, so `/\\host` is another host) is refused anywhere. A query or fragment
/// (the paths are appended after it) and credentials before the host (`user:pass@`, which
/// `fetch` refuses) are refused too. `Some(in_clear)` when it can: whether it is plain http to
/// a host other than this machine (`localhost`, `127.x.y.z`, `[::1]`), where an API key would
/// cross the network in clear.
fn base_url(url: &str) -> Option<bool> {
    let b = url.as_bytes();
    if b.iter().any(|c| b"\\?#".contains(c)) {
        return None;
    }
    // Byte by byte (str's case-insensitive comparisons and splits cost the wasm ~0.3 KB gzip).
    let after = |scheme: &[u8]| {
        let same = b
            .iter()
            .zip(scheme)
            .all(|(x, y)| x.to_ascii_lowercase() == *y);
        (same && b.len() > scheme.len()).then_some(scheme.len())
    };
    let Some(n) = after(b"https://").or_else(|| after(b"http://")) else {
        return (b.first() == Some(&b'/') && b.get(1) != Some(&b'/')).then_some(false);
    };
    // A host starts with none of `/?#:@`, and no `@` comes before the path.
    let authority = b.get(n..).unwrap_or_default();
    let authority = authority.split(|c| *c == b'/').next().unwrap_or_default();
    if b.get(n).is_none_or(|c| b"/?#:@".contains(c)) || authority.contains(&b'@') {
        return None;
    }
    let host = authority.split(|c| *c == b':').next().unwrap_or_default();
    let loopback = authority.starts_with(b"[::1]")
        || host.eq_ignore_ascii_case(b"localhost")
        || (host.starts_with(b"127.") && host.iter().all(|c| c.is_ascii_digit() || *c == b'.'));
    Some(n == 7 && !loopback)
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
    // Read by index, as data, not iterated: `Array.from` would run a user's iterator (or a
    // Proxy's traps) and let what it throws through. No account keeps more than a few windows.
    let n = get(limits, "length")
        .ok()
        .and_then(|n| n.as_f64())
        .filter(|n| *n <= 64.0)
        .ok_or_else(wrong)? as u32;
    (0..n)
        .map(|i| {
            let w = Reflect::get_u32(limits, i).map_err(|_| wrong())?;
            // An entry whose keys cannot be read is as wrong as one without them.
            let read = |key: &str| get(&w, key).map_err(|_| wrong());
            let requests = whole(read("requests")?).ok_or_else(wrong)?;
            let window_ms = whole(read("windowMs")?).ok_or_else(wrong)?;
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
    f.dyn_into::<js_sys::Function>().map(Some).map_err(|_| {
        type_error(&crate::report::fill(
            "options.{} must be a function",
            &[&name],
        ))
    })
}

/// `options.signal`: left out, or an `AbortSignal` (every client call takes one).
pub(crate) fn signal_of(options: &JsValue) -> Result<Option<AbortSignal>, JsValue> {
    let s = get(options, "signal")?;
    if s.is_undefined() {
        return Ok(None);
    }
    if !crate::transport::fetch::is_abort_signal(&s) {
        return Err(type_error("options.signal must be an AbortSignal"));
    }
    Ok(Some(s.unchecked_into()))
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

/// Runs the rules on an order read by [`with_call`], as `validateOrder` does, and writes the
/// body to send from the same read. Also says whether the order has an `alternative_order_id`
/// (then an attempt whose outcome is unknown is followed by lookups of it).
fn validate_read(
    args: &CallArgs<'_>,
    value: &Value<'_>,
    opts: &Options,
) -> (Report, Option<String>, Option<String>) {
    let alt = value
        .get("alternative_order_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let report = rules::validate(&args.product, value, opts);
    let body = report.valid.then(|| body_text(value)).flatten();
    (report, alt, body)
}

/// The JSON text sent for a body: written from the `Value` the rules checked, not by a second
/// `JSON.stringify` of the JS object, whose getters (or a Proxy) could answer differently the
/// second time and send a body no rule saw. Whole numbers are written as integers and the others
/// by the host's `String(n)`, so the text is `JSON.stringify`'s for any body the rules take (but
/// for a lone surrogate, which the rules, as UTF-8, read as U+FFFD and which is sent so).
fn body_text(value: &Value<'_>) -> Option<String> {
    crate::json::to_string_with(value, crate::bindings::host_number).ok()
}

/// Validates and serializes an order before anything is sent. Validation runs on the same
/// `Value` the form validation reads, so the verdict is `validateOrder`'s, and the body sent is
/// that `Value` ([`body_text`]).
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
    if signal
        .as_ref()
        .is_some_and(crate::transport::fetch::signal_aborted)
    {
        return Err(to_js_error(&ClientError::new(
            ErrorKind::Aborted,
            "The order request was aborted by the caller.",
        )));
    }
    let opts = send_options(&today)?;
    let (report, alt, body) = with_call(order, product, |args, value| {
        validate_read(args, value, &opts)
    });
    if !report.valid {
        return Err(to_js_error(&ClientError::validation(report.issues)));
    }
    // Valid, so the product is one of the fourteen ids.
    let product_id = product.as_string().unwrap_or_default();
    let body = body.ok_or_else(|| {
        to_js_error(&ClientError::new(
            ErrorKind::Validation,
            "The order could not be written as JSON.",
        ))
    })?;
    Ok((product_id, body, alt, signal))
}

/// A request body that is not an order (a reissue), read as the rules read orders, and the JSON
/// text sent, written from that read ([`body_text`]), with the options for its validation
/// (`today`).
pub(crate) fn read_body(
    body: &JsValue,
    today: &JsValue,
) -> Result<(Value<'static>, String, Options), JsValue> {
    let opts = send_options(today)?;
    let value = read_value(body);
    // Text for every body: one that cannot be read as JSON (a cycle, a BigInt) fails validation
    // before anything is sent, since the reader reports what it could not read.
    let json = body_text(&value).unwrap_or_default();
    Ok((value, json, opts))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &'static str = r#"
/** Any product's request body. */
export type OrderRequest = SslOrder | ClientOrder | CodeSigningOrder | SecureEmailOrder;

export interface CertCentralClientOptions {
  /** Sent as `X-DC-DEVKEY`; leave it out when a proxy adds the key. Never put it in a browser. */
  apiKey?: string | undefined;
  /** Default `"https://www.digicert.com/services/v2"`; EU `"https://certcentral.digicert.eu/services/v2"`; or a proxy path. With `apiKey`, plain `http://` only to localhost. */
  baseUrl?: string | undefined;
  /** Extra headers on every request. */
  headers?: Record<string, string> | undefined;
  /** Per attempt; default 30000. */
  timeoutMs?: number | undefined;
  /** Default 2. */
  maxRetries?: number | undefined;
  /**
   * The rate windows the client keeps to, waiting for a free slot instead of drawing a 429.
   * Default CertCentral's: `[{ requests: 100, windowMs: 5000 }, { requests: 1000, windowMs: 180000 }]`
   * per API key, so give clients that share a key one `CertCentralClient`. `false` keeps none.
   */
  rateLimits?: false | { requests: number; windowMs: number }[] | undefined;
}

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export interface WaitOptions extends CallOptions {
  /** Give up (`"timeout"`) after this long; default 900000 (15 minutes). The first poll is made whatever the limit; a later poll still under way a second after it is given up. */
  timeoutMs?: number | undefined;
  /** The first poll is at once; then the wait before the next, 1.5 times longer each time, at most a minute. Default 10000. */
  intervalMs?: number | undefined;
  /** Called with the order after every poll that read it, for progress. What it throws ends the wait; a promise it returns is not awaited, and its rejection is ignored. */
  onStatus?: ((order: OrderInfo) => void | Promise<void>) | undefined;
  /**
   * Follow CertCentral's status-change list instead of reading the order at every poll: one
   * request per `intervalMs` for all of this client's waits that set it, and the order read
   * at once, when the list names it issued or ended, and on the deadline; once in two
   * intervals (at least a minute each) while no list is answered; at every poll when
   * CertCentral refuses the list. For many waits at once (thousands cost a request per
   * interval, not one each). `onStatus` hears each read. Default false.
   */
  statusChanges?: boolean | undefined;
}

export interface DownloadOptions extends CallOptions {
  /** e.g. `"pem_all"` (default), `"pem_noroot"`, `"p7b"`, `"default"` (zip); any format CertCentral knows. */
  format?: string | undefined;
}

export type RevocationReason = "unspecified" | "keyCompromise" | "affiliationChanged" | "superseded" | "cessationOfOperation";

export interface RevokeOptions extends CallOptions {
  /** TLS certificates only; CertCentral ignores it for others. */
  reason?: RevocationReason | undefined;
  comments?: string | undefined;
  /** Revoke at once instead of creating a request an administrator approves (needs an admin key). */
  skipApproval?: boolean | undefined;
}

export interface ReissueOptions extends CallOptions {
  /** The order's product; when left out it is read from the order first (one more request). */
  product?: ProductId | undefined;
  /** `YYYY-MM-DD` for the validation's date rules. */
  today?: string | undefined;
}

/** A reissue's body: the new certificate's details. */
export interface ReissueRequest {
  certificate: {
    csr?: string | undefined;
    common_name?: string | undefined;
    dns_names?: string[] | undefined;
    signature_hash?: string | undefined;
    server_platform?: { id: number } | undefined;
    ca_cert_id?: string | undefined;
  };
  cs_provisioning_method?: string | undefined;
  skip_approval?: boolean | undefined;
}

/** What a reissue answers: the order id and its new request (the 201 bodies of orders). */
export type ReissueResult = OrderResponse;

export interface OrderOptions {
  signal?: AbortSignal | undefined;
  /** `YYYY-MM-DD` for the pre-submit validation's date rules. */
  today?: string | undefined;
  /**
   * Called before each wait before the order is sent again: after a 429, which created nothing
   * (an order whose outcome is unknown is never sent again: it is looked up), so a form can say
   * "busy, trying again in 2 s". What it throws is ignored; a promise it returns is not awaited,
   * and its rejection is ignored.
   */
  onRetry?: ((retry: RetryInfo) => void | Promise<void>) | undefined;
}

/** What `onRetry` is told. */
export interface RetryInfo {
  /** The attempt that failed: 1 for the first. */
  attempt: number;
  /** The wait before the next attempt, in milliseconds. */
  delayMs: number;
  /** Why: `"rate_limited"` (a 429). */
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
  /** HTTP status, for `"api"` and `"rate_limited"`, and for `"decode"` when CertCentral answered but its body could not be read. */
  readonly status?: number;
  /** CertCentral's errors, for `"api"` and `"rate_limited"`; empty when the body was not CertCentral's error JSON, and for other kinds. */
  readonly errors: CertCentralApiError[];
  /** The validation issues, for `"validation"`; empty for other kinds. */
  readonly issues: Issue[];
  /** How many requests were sent (for a wait: how many polls). */
  readonly attempts: number;
  /** The order's status last seen, for `"order_state"` and a wait's `"timeout"`. */
  readonly orderStatus?: OrderStatus;
  /** `true` when the call may have changed something in CertCentral although it failed (an order created, a reissue requested): a request went out and its outcome is unknown, or a 2xx could not be read. Look (the message says how) before trying again; `false` when nothing was changed. */
  readonly outcomeUnknown: boolean;
  /** The client makes these; a test double may too (`errors` and `issues` default to empty, `attempts` to 0, `outcomeUnknown` to false). It is the same class from every entry of this version of the package. */
  constructor(message: string, details: { kind: CertCentralErrorKind; status?: number | undefined; errors?: CertCentralApiError[] | undefined; issues?: Issue[] | undefined; attempts?: number | undefined; orderStatus?: OrderStatus | undefined; outcomeUnknown?: boolean | undefined });
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
  statusChanges(options: { minutes?: number | undefined; seconds?: number | undefined; signal?: AbortSignal | undefined }): Promise<OrderRef[]>;
  /** Polls the order until it is `issued`; rejects with kind `"order_state"` when it ends `rejected`, `canceled`, `revoked` or `expired`, `"timeout"` after `timeoutMs`. */
  waitForIssuance(orderId: number | string, options?: WaitOptions): Promise<OrderInfo>;
  /** The order's active certificate (`{ orderId }`) or one certificate by id (`{ certificateId }`). */
  downloadCertificate(target: { orderId: number | string } | { certificateId: number | string }, options?: DownloadOptions): Promise<CertificateDownload>;
  /** Cancels a `pending` or `waiting_pickup` order (or a pending reissue). */
  cancelOrder(orderId: number | string, options?: CallOptions & { note?: string | undefined }): Promise<void>;
  /** Revokes one certificate: at once with `skipApproval`, else by a request an administrator approves. Permanent. */
  revokeCertificate(certificateId: number | string, options?: RevokeOptions): Promise<RevokeResult>;
  /** Reissues the order's certificate, after checking `body` against the order's product. */
  reissueOrder(orderId: number | string, body: ReissueRequest, options?: ReissueOptions): Promise<ReissueResult>;
  /** `GET /order/certificate/{orderId}/reissue`: the order's reissues, each with its `status` and `csr` (`showArchived`: the archived ones too). */
  listReissues(orderId: number | string, options?: CallOptions & { showArchived?: boolean | undefined }): Promise<ReissuedCertificate[]>;
  /** Asks CertCentral to check the order's DNS or HTTP domain-control tokens now. */
  checkDcv(orderId: number | string, options?: CallOptions): Promise<DcvStatus>;
  /** Frees the client's memory in the wasm instance (optional: garbage collection does it too). */
  free(): void;
}
"#;
