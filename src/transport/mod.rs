//! Submitting orders: the parts that need no network live here, in pure Rust, so they are tested
//! and fuzzed natively: the client's settings (with a key that never prints), the error kinds,
//! the retry policy, `Retry-After`, and decoding CertCentral's bodies. The fetch loop that uses
//! them is the binding crate's (wasm/src/transport/fetch.rs). The retry and rate-limit policy is
//! public API (`crate::policy`); the rest is internal.
//!
//! Retries follow stripe-node and openai-node: 429 and 503 are retried (honouring `Retry-After`,
//! else exponential backoff with jitter); an attempt whose outcome is unknown (timeout, dropped
//! connection, other 5xx) may have created an order, so an order is never sent again after one:
//! with an `alternative_order_id` it is looked up instead, at the retries' times, and the order
//! found is the answer. Reads are retried; other 4xx and aborts never.

pub mod budget;
#[cfg(feature = "__internals")]
pub mod lifecycle;

use crate::date::Date;
use crate::models::{
    ChainCertificate, CreatedOrganization, OrderResponse, OrderStatus, RequestInfo, RequestStatus,
};
use crate::report::{text, Issue};
use crate::value::Value;
use serde::Serialize;

/// CertCentral's US endpoint (glossary, "Base URLs"); the EU one is
/// `https://certcentral.digicert.eu/services/v2`.
pub const DEFAULT_BASE_URL: &str = "https://www.digicert.com/services/v2";
/// How long one attempt may take before it counts as a [`Outcome::Timeout`]: 30 s.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// How many times a call is retried after its first attempt: 2, as stripe-node and openai-node.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The longest `Retry-After` a call waits out; one that asks for longer ends the call instead
/// (a retry sooner than asked would be refused, and counted, again), and the error says how long
/// CertCentral asked to wait.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;
/// What an error adds when an order's POST may have been applied and was not sent again (no
/// `alternative_order_id` to look it up by).
pub const ORDER_UNSURE: &str = " The order may have been created: look for it in CertCentral before ordering again. With an alternative_order_id the client looks it up, and answers with the order it finds.";
/// What an error adds when an order with an `alternative_order_id` may have been created but was
/// not found or sent again (the call was aborted, or its answer could not be read).
pub const ORDER_UNSURE_ALT: &str = " The order may have been created: look it up by its alternative_order_id (findOrdersByAlternativeId) before ordering again.";
/// What an error adds when an order's outcome was unknown, it was looked up by its
/// `alternative_order_id` at the retries' times, and none was found.
pub const ORDER_NOT_FOUND: &str = " It was not sent again, and its alternative_order_id found no order: CertCentral may still create it. Look it up (findOrdersByAlternativeId) before ordering again.";
/// What an error adds when a reissue's outcome is unknown: it is never sent again (a second
/// reissue request replaces the first, lifecycle.md §8, likely).
pub const REISSUE_UNSURE: &str =
    " The reissue may have been requested: check the order (getOrder) before asking again.";
/// Backoff without `Retry-After`: 500 ms doubling per retry, at most [`BACKOFF_MAX_MS`], with
/// jitter.
pub const BACKOFF_BASE_MS: u64 = 500;
/// The longest backoff without `Retry-After`: 8 s.
pub const BACKOFF_MAX_MS: u64 = 8_000;
/// 201 bodies are small; anything bigger than this is not the documented JSON.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// An API key. Its `Debug` never shows the key, and nothing in this crate formats it into a
/// message, a URL or a log line: it only ever goes into the `X-DC-DEVKEY` header.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> ApiKey {
        ApiKey(key.into())
    }

    /// The key itself, for the request header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// The client's settings (JS: `new CertCentralClient({ apiKey, baseUrl, headers, timeoutMs, maxRetries })`).
#[derive(Clone, Debug, PartialEq)]
pub struct ClientConfig {
    /// Sent as `X-DC-DEVKEY`; `None` when a proxy adds the key.
    pub api_key: Option<ApiKey>,
    /// Without a trailing slash.
    pub base_url: String,
    /// Extra headers on every request (values are never printed either: they may hold credentials).
    pub headers: Vec<(String, Redacted)>,
    pub timeout_ms: u32,
    pub max_retries: u32,
    /// The rate windows the client keeps to ([`budget`]); empty: none.
    pub rate_limits: Vec<budget::Window>,
}

/// A header value that may be a credential: shown as `<redacted>` in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Redacted(pub String);

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            headers: Vec::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
            rate_limits: budget::CERTCENTRAL_LIMITS.to_vec(),
        }
    }
}

impl ClientConfig {
    /// `POST {baseUrl}/order/certificate/{product}`.
    pub fn order_url(&self, product: &str) -> String {
        text!(
            "{}/order/certificate/{}",
            self.base_url.trim_end_matches('/'),
            product
        )
    }
}

/// How a call failed. The names are part of the JS contract (`err.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The order has errors; nothing was sent (`issues`).
    Validation,
    /// CertCentral answered with an error status (`status`, `errors`).
    Api,
    /// 429 after the retries.
    RateLimited,
    /// No answer: DNS, refused or dropped connection, CORS.
    Network,
    /// An attempt took longer than `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A 2xx whose body is not the documented JSON.
    Decode,
    /// The order ended without a certificate (`rejected`, `canceled`, `revoked`, `expired`)
    /// while `waitForIssuance` waited (`orderStatus`).
    OrderState,
}

/// One entry of CertCentral's error body: `{"code": "invalid_value:validity_years", "message": ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// The whole code, as sent.
    pub code: String,
    pub message: String,
    /// The code before any `|` or `:` detail (`invalid_value`).
    pub base: String,
    /// The detail after `|` or `:` (`validity_years`), often a field name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(code: &str, message: &str) -> ApiError {
        let (base, detail) = match code.find(['|', ':']) {
            Some(i) => (
                code.get(..i).unwrap_or(code),
                code.get(i + 1..).map(str::to_owned),
            ),
            None => (code, None),
        };
        ApiError {
            code: code.to_owned(),
            message: message.to_owned(),
            base: base.to_owned(),
            detail,
        }
    }
}

/// A failed call: what the JS `CertCentralError` carries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClientError {
    pub kind: ErrorKind,
    pub message: String,
    /// The HTTP status, for `api` and `rate_limited`, and for `decode` when CertCentral answered
    /// but its body could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// CertCentral's errors, for `api` and `rate_limited` (empty when the body was not its JSON,
    /// such as an HTML error page, and for the other kinds).
    pub errors: Vec<ApiError>,
    /// The validation issues, for `validation` (empty for the other kinds).
    pub issues: Vec<Issue>,
    /// How many requests were sent.
    pub attempts: u32,
    /// The order's status last seen, for `order_state` and a wait's `timeout`.
    pub order_status: Option<OrderStatus>,
    /// The call may have changed something in CertCentral although it failed (an order created,
    /// a reissue requested): a request went out and its outcome is unknown, or a 2xx could not
    /// be read. The message says what to check; a caller must look before trying again.
    pub outcome_unknown: bool,
}

impl ClientError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> ClientError {
        ClientError {
            kind,
            message: message.into(),
            status: None,
            errors: Vec::new(),
            issues: Vec::new(),
            attempts: 0,
            order_status: None,
            outcome_unknown: false,
        }
    }

    pub fn validation(issues: Vec<Issue>) -> ClientError {
        let errors: Vec<&Issue> = issues
            .iter()
            .filter(|i| i.severity == crate::Severity::Error)
            .collect();
        let mut message = text!(
            "The order was not sent: it has {} error{}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        if let Some(first) = errors.first() {
            message.push_str(": ");
            message.push_str(&first.message);
        }
        ClientError {
            issues,
            ..ClientError::new(ErrorKind::Validation, message)
        }
    }

    /// An error status: `rate_limited` for 429, else `api`, with the body's errors when it is
    /// CertCentral's error JSON.
    pub fn from_status(status: u16, body: &str) -> ClientError {
        let errors = parse_error_body(body);
        let kind = if status == 429 {
            ErrorKind::RateLimited
        } else {
            ErrorKind::Api
        };
        let mut message = match kind {
            ErrorKind::RateLimited => {
                text!("CertCentral's rate limit was exceeded (HTTP {})", status)
            }
            _ if is_redirect(status) => text!(
                "CertCentral answered HTTP {}, a redirect, which the client does not follow (the API key would go with it)",
                status
            ),
            _ => text!("CertCentral answered HTTP {}", status),
        };
        if !errors.is_empty() {
            let parts: Vec<String> = errors
                .iter()
                .map(|e| text!("{} ({})", e.message, e.code))
                .collect();
            message.push_str(": ");
            message.push_str(&crate::rules::join(&parts, "; "));
        }
        ClientError {
            status: Some(status),
            errors,
            ..ClientError::new(kind, message)
        }
    }
}

impl ClientError {
    /// Blanks `secret` out of everything the server wrote into this error: a server (or a proxy)
    /// that echoes the key back must not make the key part of a message, a log line or JSON.
    pub fn redact(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let clean = |s: &mut String| {
            if let Some(clean) = replace_all(s, secret, "<redacted>") {
                *s = clean;
            }
        };
        clean(&mut self.message);
        // A status CertCentral's docs do not list is kept as sent: it is the server's text too.
        if let Some(OrderStatus::Other(status)) = &mut self.order_status {
            clean(status);
        }
        for e in &mut self.errors {
            clean(&mut e.code);
            clean(&mut e.message);
            clean(&mut e.base);
            if let Some(d) = &mut e.detail {
                clean(d);
            }
        }
    }
}

/// `s` with every `needle` replaced, or `None` when there is none. A plain scan: std's
/// substring search (two-way) costs the wasm ~1.5 KB, and these texts are short.
fn replace_all(s: &str, needle: &str, with: &str) -> Option<String> {
    let (hay, pat) = (s.as_bytes(), needle.as_bytes());
    if pat.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    let (mut i, mut last) = (0, 0);
    while i + pat.len() <= hay.len() {
        if hay.get(i..i + pat.len()) == Some(pat) {
            out.extend_from_slice(hay.get(last..i).unwrap_or_default());
            out.extend_from_slice(with.as_bytes());
            i += pat.len();
            last = i;
        } else {
            i += 1;
        }
    }
    if last == 0 {
        return None;
    }
    out.extend_from_slice(hay.get(last..).unwrap_or_default());
    // A match of valid UTF-8 starts and ends on character boundaries, so this always holds;
    // were it not to, redacting everything is the safe answer.
    Some(String::from_utf8(out).unwrap_or_else(|_| with.to_owned()))
}

impl ClientConfig {
    /// The values that must never appear in an error: the API key, and extra headers whose names
    /// say they carry a credential.
    pub fn secrets(&self) -> Vec<&str> {
        let credential = |name: &str| {
            let n = name.to_ascii_lowercase();
            // A plain scan rather than `str::contains` (std's two-way search: ~2 KB of wasm).
            ["key", "auth", "token", "secret", "cookie", "password"]
                .iter()
                .any(|w| {
                    n.as_bytes()
                        .windows(w.len())
                        .any(|part| part == w.as_bytes())
                })
        };
        self.api_key
            .iter()
            .map(ApiKey::expose)
            .chain(
                self.headers
                    .iter()
                    .filter(|(n, _)| credential(n))
                    .map(|(_, v)| v.0.as_str()),
            )
            .collect()
    }
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ClientError {}

/// Reads JSON text into a [`Value`] (`None`: not JSON): how wasm builds read response bodies.
#[cfg(target_arch = "wasm32")]
pub type JsonReader = fn(&str) -> Option<Value<'static>>;

#[cfg(target_arch = "wasm32")]
thread_local! {
    static JSON_READER: std::cell::Cell<Option<JsonReader>> = const { std::cell::Cell::new(None) };
}

/// Sets how wasm builds read response bodies: the binding crate's reader over the host's
/// `JSON.parse` and the package's tape writer (wasm/src/host.rs), so the package carries no JSON parser of its own. Until it is
/// set, no body reads as JSON.
#[cfg(target_arch = "wasm32")]
pub fn set_json_reader(read: JsonReader) {
    JSON_READER.with(|r| r.set(Some(read)));
}

/// Reads a response body as JSON and hands it to `f` (`None`: not JSON). The wasm build uses
/// the host's `JSON.parse` (read into a [`Value`] as orders are: [`set_json_reader`]), so the
/// package carries no JSON parser of its own: measured 7 KB of wasm. Native builds use serde_json.
fn with_body<R>(body: &str, f: impl FnOnce(Option<&Value<'_>>) -> R) -> R {
    #[cfg(target_arch = "wasm32")]
    return f(JSON_READER
        .with(std::cell::Cell::get)
        .and_then(|read| read(body))
        .as_ref());
    #[cfg(not(target_arch = "wasm32"))]
    {
        let json = serde_json::from_str::<serde_json::Value>(body).ok();
        f(json.as_ref().map(Value::from_json).as_ref())
    }
}

/// `{"errors": [{"code", "message"}, ...]}`, or `{"errors": {"code", "message"}}` (one error
/// as an object: peers' recorded bodies have it); anything else (an HTML page, other JSON)
/// gives none.
pub fn parse_error_body(body: &str) -> Vec<ApiError> {
    with_body(body, |v| v.map(error_body_of).unwrap_or_default())
}

fn error_body_of(v: &Value) -> Vec<ApiError> {
    let items = match v.get("errors") {
        Some(Value::Array(items)) => items.as_slice(),
        Some(one @ Value::Object(_)) => std::slice::from_ref(one),
        _ => return Vec::new(),
    };
    items
        .iter()
        .filter_map(|e| {
            let code = e.get("code")?.as_str()?;
            let message = e.get("message").and_then(Value::as_str).unwrap_or("");
            Some(ApiError::new(code, message))
        })
        .collect()
}

fn opt_u64(v: &Value, key: &str) -> Result<Option<u64>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => x
            .as_int()
            .and_then(|n| u64::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| text!("{} is not a non-negative integer", key)),
    }
}

fn opt_list<'a, 'b>(v: &'a Value<'b>, key: &str) -> Result<Option<&'a [Value<'b>]>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(_) => Err(text!("{} is not a list", key)),
    }
}

/// Decodes a 201 body (page 004's five variants). Unknown fields are ignored and unknown request
/// statuses kept, so additions to the API do not break callers.
pub fn decode_order_response(body: &str) -> Result<OrderResponse, String> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(text!(
            "the body is {} bytes, more than the {} a 201 body can be",
            body.len(),
            MAX_RESPONSE_BYTES
        ));
    }
    with_body(body, |v| {
        v.map_or(Err("the body is not JSON".to_owned()), order_response_of)
    })
}

fn order_response_of(v: &Value) -> Result<OrderResponse, String> {
    if !v.is_object() {
        return Err("the body is not a JSON object".to_owned());
    }
    let id = opt_u64(v, "id")?.ok_or("the body has no order id")?;
    let organization = match v.get("organization") {
        None | Some(Value::Null) => None,
        Some(org) => Some(CreatedOrganization {
            id: opt_u64(org, "id")?.ok_or("organization has no id")?,
        }),
    };
    let requests = opt_list(v, "requests")?
        .map(|items| {
            items
                .iter()
                .map(|r| {
                    Ok(RequestInfo {
                        id: opt_u64(r, "id")?.ok_or("a request has no id")?,
                        status: RequestStatus::from(
                            r.get("status")
                                .and_then(Value::as_str)
                                .ok_or("a request has no status")?
                                .to_owned(),
                        ),
                    })
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .transpose()?;
    let certificate_chain = opt_list(v, "certificate_chain")?
        .map(|items| {
            items
                .iter()
                .map(|c| {
                    let text = |k: &str| {
                        c.get(k)
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                            .ok_or(text!("a certificate_chain entry has no {}", k))
                    };
                    Ok(ChainCertificate {
                        subject_common_name: text("subject_common_name")?,
                        pem: text("pem")?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .transpose()?;
    Ok(OrderResponse {
        id,
        organization,
        requests,
        certificate_id: opt_u64(v, "certificate_id")?,
        certificate_chain,
        recovered: None,
    })
}

/// What an order found again by its `alternative_order_id` answers, its POST's answer having
/// been lost: the order's id and certificate id, marked `recovered`.
pub fn recovered_order(id: u64, certificate_id: Option<u64>) -> OrderResponse {
    OrderResponse {
        id,
        organization: None,
        requests: None,
        certificate_id,
        certificate_chain: None,
        recovered: Some(true),
    }
}

/// What one attempt came to, when it did not succeed ([`retry_delay`] decides what follows).
/// Transports may come to tell more apart, so match with a `_` arm.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// An HTTP answer other than 2xx, with its `Retry-After` header if any.
    Status {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` header's value, as sent.
        retry_after: Option<String>,
    },
    /// No answer within the attempt's time ([`DEFAULT_TIMEOUT_MS`]): the order may have been
    /// created.
    Timeout,
    /// No answer: a dropped connection, or one the host cannot tell from a refused one (a
    /// browser's `fetch` says only "Failed to fetch"). The order may have been created.
    Network,
    /// The request never left: the connection could not be made (a name that did not resolve,
    /// a refused connection, a connect timeout; Node's `fetch` names these causes), and no byte
    /// of the request was sent. Nothing was applied, so it is retried as a 429 is, whatever
    /// the call.
    Unsent,
    /// The caller gave up: never retried.
    Aborted,
}

/// Whether to try again after `outcome`, and after how long (ms). `retries_done` counts the
/// retries already made; `safe_to_repeat` is whether a request whose outcome is unknown may be
/// tried again (a read; an order with an `alternative_order_id`, whose retries are lookups of
/// it, never the order again); `random` is
/// uniform in [0, 1) (jitter); `now_ms` is the clock, for HTTP-date `Retry-After`.
///
/// A 429 is always retried: CertCentral refused the request before doing anything; so is a
/// request that never left ([`Outcome::Unsent`]). A 503 is
/// retried only when the request is safe to repeat, as every other 5xx: CertCentral documents no
/// 503, and a proxy or gateway in front of it may answer 503 after the request went through, so
/// an order, a reissue, a cancellation or a revocation sent again could be applied twice. A
/// `Retry-After` longer than [`MAX_RETRY_AFTER_MS`] ends the call rather than retrying sooner
/// than asked.
pub fn retry_delay(
    outcome: &Outcome,
    retries_done: u32,
    max_retries: u32,
    safe_to_repeat: bool,
    random: f64,
    now_ms: f64,
) -> Option<u64> {
    if retries_done >= max_retries {
        return None;
    }
    let backoff = || {
        let cap = BACKOFF_BASE_MS
            .saturating_mul(1u64 << retries_done.min(16))
            .min(BACKOFF_MAX_MS);
        // Half fixed, half random: spreads retrying clients without ever retrying at once. A
        // `random` outside [0, 1] counts as its nearest end; NaN (which `clamp` passes
        // through, and which became a wait of 0) as 0.
        let random = if random >= 0.0 { random.min(1.0) } else { 0.0 };
        (cap as f64 * (0.5 + random * 0.5)) as u64
    };
    match outcome {
        Outcome::Status {
            status,
            retry_after,
        } if *status == 429 || (*status == 503 && safe_to_repeat) => {
            match retry_after
                .as_deref()
                .and_then(|h| parse_retry_after(h, now_ms))
            {
                Some(ms) if ms > MAX_RETRY_AFTER_MS => None,
                Some(ms) => Some(ms),
                None => Some(backoff()),
            }
        }
        Outcome::Status { status, .. } if *status >= 500 && safe_to_repeat => Some(backoff()),
        Outcome::Timeout | Outcome::Network if safe_to_repeat => Some(backoff()),
        Outcome::Unsent => Some(backoff()),
        _ => None,
    }
}

/// The least wait before retrying `outcome` while keeping to `windows`: for a 429 that names no
/// wait (no `Retry-After`, one that cannot be read, or a date already past, which says only that
/// the server's clock and ours disagree), the shortest window kept (CertCentral's 5 s);
/// otherwise, and when no window is kept, 0. A caller waits the larger of this and
/// [`retry_delay`]. CertCentral refuses every request "until the window rolls on" and sends no
/// `Retry-After` (lifecycle.md §0); a retry sooner is refused again, and counted again. Another
/// process on the same key fills the window so: measured with the sandbox, a client whose
/// backoff retried a lookup after 0.5 and 1.5 s gave up after 1.5 s, while the window freed
/// after 5.
pub fn refusal_wait(outcome: &Outcome, now_ms: f64, windows: &[budget::Window]) -> u64 {
    match outcome {
        Outcome::Status {
            status: 429,
            retry_after,
        } if retry_after
            .as_deref()
            .and_then(|h| parse_retry_after(h, now_ms))
            .is_none_or(|ms| ms == 0) =>
        {
            windows
                .iter()
                .filter(|w| w.requests > 0 && w.window_ms > 0)
                .map(|w| u64::from(w.window_ms))
                .min()
                .unwrap_or(0)
        }
        _ => 0,
    }
}

/// Whether an answer of `status` is a redirect, which the client does not follow: the API key
/// would go with it to wherever it points. A browser shows one as status 0 (`redirect:
/// "manual"`), and CertCentral's API sends no 1xx as an answer.
pub fn is_redirect(status: u16) -> bool {
    status < 200 || (300..400).contains(&status)
}

/// Whether an answer of `status` leaves it unknown whether the request was applied: a 5xx, or a
/// redirect not followed (a gateway's, before or after it passed the request on).
pub fn leaves_unknown(status: u16) -> bool {
    status >= 500 || is_redirect(status)
}

/// `Retry-After` as delay-seconds or an HTTP date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`),
/// in ms from `now_ms` (0 for a date past), as asked: [`retry_delay`] decides what a wait longer
/// than [`MAX_RETRY_AFTER_MS`] means; `None` when unparseable. Surrounding whitespace is HTTP's,
/// ASCII (RFC 9110 OWS is SP and HTAB); other space characters make it unparseable.
pub fn parse_retry_after(header: &str, now_ms: f64) -> Option<u64> {
    let h = header.trim_ascii();
    if !h.is_empty() && h.bytes().all(|b| b.is_ascii_digit()) {
        let secs: u64 = h.parse().unwrap_or(u64::MAX);
        return Some(secs.saturating_mul(1000));
    }
    let at = parse_http_date(h)?;
    let delta = (at - now_ms).max(0.0);
    // `as` saturates: a date past u64's ms is the longest wait.
    Some(delta as u64)
}

/// IMF-fixdate (RFC 9110 §5.6.7) to ms since the epoch.
fn parse_http_date(s: &str) -> Option<f64> {
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let rest = s.get(5..)?;
    if s.get(3..5)? != ", " || !s.ends_with(" GMT") || s.len() != 29 {
        return None;
    }
    let date = Date::parse_dd_mmm_yyyy(rest.get(..11)?)?;
    let time = rest.get(12..20)?;
    let part = |r: std::ops::Range<usize>| {
        time.get(r)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse::<u32>().ok())
    };
    let (h, m, sec) = (part(0..2)?, part(3..5)?, part(6..8)?);
    if time.get(2..3) != Some(":") || time.get(5..6) != Some(":") || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = date.days_since_epoch() as f64;
    Some((days * 86_400.0 + f64::from(h * 3600 + m * 60 + sec)) * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_all_replaces_every_match() {
        assert_eq!(
            replace_all("a KEY b KEYKEY", "KEY", "<r>"),
            Some("a <r> b <r><r>".to_owned())
        );
        assert_eq!(replace_all("KEY", "KEY", "x"), Some("x".to_owned()));
        assert_eq!(replace_all("é KEYé", "KEYé", "x"), Some("é x".to_owned()));
        assert_eq!(replace_all("no match", "KEY", "x"), None);
        assert_eq!(replace_all("KE", "KEY", "x"), None);
        assert_eq!(replace_all("abc", "", "x"), None);
    }

    #[test]
    fn api_key_never_prints() {
        let config = ClientConfig {
            api_key: Some(ApiKey::new("SECRET-KEY-123")),
            headers: vec![("Authorization".into(), Redacted("Bearer SECRET-2".into()))],
            ..ClientConfig::default()
        };
        let shown = format!("{config:?} {:?}", config.api_key);
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(!config.order_url("ssl_securesite").contains("SECRET"));
    }

    #[test]
    fn a_429_that_names_no_wait_is_waited_out_for_the_shortest_window() {
        use budget::{Window, CERTCENTRAL_LIMITS};
        let refused = |retry_after: Option<&str>| Outcome::Status {
            status: 429,
            retry_after: retry_after.map(str::to_owned),
        };
        assert_eq!(refusal_wait(&refused(None), 0.0, CERTCENTRAL_LIMITS), 5_000);
        assert_eq!(
            refusal_wait(&refused(Some("soon")), 0.0, CERTCENTRAL_LIMITS),
            5_000
        );
        // A wait it names is the server's to give; other outcomes are the backoff's.
        assert_eq!(
            refusal_wait(&refused(Some("2")), 0.0, CERTCENTRAL_LIMITS),
            0
        );
        let busy = Outcome::Status {
            status: 503,
            retry_after: None,
        };
        assert_eq!(refusal_wait(&busy, 0.0, CERTCENTRAL_LIMITS), 0);
        assert_eq!(refusal_wait(&Outcome::Timeout, 0.0, CERTCENTRAL_LIMITS), 0);
        let scaled = [
            Window {
                requests: 5,
                window_ms: 300,
            },
            Window {
                requests: 1,
                window_ms: 0,
            },
        ];
        // An empty window keeps nothing, as in RateBudget::new.
        assert_eq!(refusal_wait(&refused(None), 0.0, &scaled), 300);
        assert_eq!(refusal_wait(&refused(None), 0.0, &[]), 0);
    }

    #[test]
    fn a_random_that_is_not_a_number_still_waits() {
        for random in [f64::NAN, -1.0, f64::NEG_INFINITY] {
            assert_eq!(
                retry_delay(&Outcome::Timeout, 0, 2, true, random, 0.0),
                Some(BACKOFF_BASE_MS / 2)
            );
        }
        assert_eq!(
            retry_delay(&Outcome::Timeout, 0, 2, true, f64::INFINITY, 0.0),
            Some(BACKOFF_BASE_MS)
        );
    }

    #[test]
    fn an_echoed_secret_in_an_unknown_order_status_is_redacted() {
        let mut err = ClientError {
            order_status: Some(OrderStatus::Other("held KEY-123456".into())),
            ..ClientError::new(ErrorKind::OrderState, "ended")
        };
        err.redact("KEY-123456");
        assert_eq!(
            err.order_status,
            Some(OrderStatus::Other("held <redacted>".into()))
        );
    }

    #[test]
    fn echoed_secrets_are_redacted() {
        let config = ClientConfig {
            api_key: Some(ApiKey::new("KEY-123456")),
            headers: vec![
                ("X-Proxy-Token".into(), Redacted("TOKEN-999".into())),
                ("Accept".into(), Redacted("application/json".into())),
            ],
            ..ClientConfig::default()
        };
        let body = r#"{"errors":[{"code":"bad|KEY-123456","message":"Key KEY-123456 and TOKEN-999 are wrong for application/json"}]}"#;
        let mut err = ClientError::from_status(401, body);
        for s in config.secrets() {
            err.redact(s);
        }
        let shown = format!(
            "{err:?} {}",
            crate::json::to_string(&err).unwrap_or_default()
        );
        assert!(
            !shown.contains("KEY-123456") && !shown.contains("TOKEN-999"),
            "{shown}"
        );
        assert!(shown.contains("application/json"));
    }

    #[test]
    fn urls() {
        let c = ClientConfig {
            base_url: "http://127.0.0.1:9/services/v2/".into(),
            ..ClientConfig::default()
        };
        assert_eq!(
            c.order_url("code_signing"),
            "http://127.0.0.1:9/services/v2/order/certificate/code_signing"
        );
    }

    #[test]
    fn error_bodies() {
        let e = parse_error_body(
            r#"{"errors":[{"code":"invalid_value:validity_years","message":"Bad years."},{"code":"not_found|product","message":"No."}]}"#,
        );
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].base.as_str(), e[0].detail.as_deref()),
            ("invalid_value", Some("validity_years"))
        );
        assert_eq!(
            (e[1].base.as_str(), e[1].detail.as_deref()),
            ("not_found", Some("product"))
        );
        assert!(parse_error_body("<html><body>502 Bad Gateway</body></html>").is_empty());
        assert!(parse_error_body(r#"{"errors":"nope"}"#).is_empty());
        // One error as an object, not a list: the reason is kept.
        let one = parse_error_body(r#"{"errors":{"code":"access_denied","message":"No."}}"#);
        assert_eq!(
            one.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(),
            ["access_denied"]
        );
        let err = ClientError::from_status(502, "<html>");
        assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(502)));
        assert_eq!(
            ClientError::from_status(429, "").kind,
            ErrorKind::RateLimited
        );
    }

    #[test]
    fn every_201_variant_decodes() {
        let one =
            decode_order_response(r#"{"id":112233,"requests":[{"id":113,"status":"pending"}]}"#);
        assert_eq!(
            one.as_ref()
                .map(|r| r.requests.as_ref().map(|q| q[0].status.clone())),
            Ok(Some(RequestStatus::Pending))
        );
        let skip = decode_order_response(r#"{"id":112233,"certificate_id":113}"#);
        assert_eq!(
            skip.map(|r| (r.requests, r.certificate_id)),
            Ok((None, Some(113)))
        );
        let imm = decode_order_response(
            r#"{"id":1,"certificate_id":2,"certificate_chain":[{"subject_common_name":"example.com","pem":"P"}],"organization":{"id":9}}"#,
        );
        assert_eq!(
            imm.map(|r| (
                r.certificate_chain.map(|c| c.len()),
                r.organization.map(|o| o.id)
            )),
            Ok((Some(1), Some(9)))
        );
        let later = decode_order_response(
            r#"{"id":1,"requests":[{"id":2,"status":"on_hold"}],"new_field":[1]}"#,
        );
        assert!(later.is_ok());
        for bad in [
            "",
            "not json",
            "[]",
            r#"{"hello":1}"#,
            r#"{"id":"1"}"#,
            r#"{"id":-1}"#,
            r#"{"id":1,"requests":{}}"#,
        ] {
            assert!(decode_order_response(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retry_policy() {
        let s = |status: u16| Outcome::Status {
            status,
            retry_after: None,
        };
        // 429 always (within the budget); a 503, like every 5xx, timeout and dropped connection,
        // only when the request may be repeated: a gateway's 503 may follow a request that went
        // through, and an order sent again would be placed twice.
        assert!(retry_delay(&s(429), 0, 2, false, 0.5, 0.0).is_some());
        assert!(retry_delay(&s(503), 1, 2, true, 0.5, 0.0).is_some());
        assert_eq!(retry_delay(&s(429), 2, 2, false, 0.5, 0.0), None);
        for unknown in [s(500), s(502), s(503), Outcome::Timeout, Outcome::Network] {
            assert_eq!(
                retry_delay(&unknown, 0, 2, false, 0.5, 0.0),
                None,
                "{unknown:?}"
            );
            assert!(
                retry_delay(&unknown, 0, 2, true, 0.5, 0.0).is_some(),
                "{unknown:?}"
            );
        }
        // A request that never left is tried again whatever the call: nothing was applied.
        assert!(retry_delay(&Outcome::Unsent, 0, 2, false, 0.5, 0.0).is_some());
        assert_eq!(retry_delay(&Outcome::Unsent, 2, 2, false, 0.5, 0.0), None);
        for never in [s(400), s(401), s(403), s(404), Outcome::Aborted] {
            assert_eq!(retry_delay(&never, 0, 2, true, 0.5, 0.0), None, "{never:?}");
        }
        // Exponential with jitter, capped.
        assert_eq!(retry_delay(&s(429), 0, 9, false, 0.0, 0.0), Some(250));
        assert_eq!(retry_delay(&s(429), 1, 9, false, 1.0, 0.0), Some(1000));
        assert_eq!(retry_delay(&s(429), 8, 9, false, 1.0, 0.0), Some(8000));
        let ra = Outcome::Status {
            status: 429,
            retry_after: Some("2".into()),
        };
        assert_eq!(retry_delay(&ra, 0, 2, false, 0.9, 0.0), Some(2000));
        // A Retry-After past the longest wait ends the call: retrying sooner than asked would be
        // refused again. A 503's Retry-After counts only where the 503 may be retried.
        let long = |status: u16, secs: &str| Outcome::Status {
            status,
            retry_after: Some(secs.into()),
        };
        assert_eq!(
            retry_delay(&long(429, "60"), 0, 2, false, 0.5, 0.0),
            Some(60_000)
        );
        assert_eq!(retry_delay(&long(429, "61"), 0, 2, false, 0.5, 0.0), None);
        assert_eq!(retry_delay(&long(503, "120"), 0, 2, true, 0.5, 0.0), None);
        assert_eq!(retry_delay(&long(503, "2"), 0, 2, false, 0.5, 0.0), None);
    }

    #[test]
    fn a_retry_after_date_already_past_names_no_wait() {
        let windows = [budget::Window {
            requests: 100,
            window_ms: 5_000,
        }];
        let now = parse_http_date("Sun, 22 Nov 2026 12:00:00 GMT").unwrap_or(0.0);
        let past = Outcome::Status {
            status: 429,
            retry_after: Some("Sun, 22 Nov 2026 11:59:00 GMT".into()),
        };
        assert_eq!(refusal_wait(&past, now, &windows), 5_000);
        let soon = Outcome::Status {
            status: 429,
            retry_after: Some("Sun, 22 Nov 2026 12:00:02 GMT".into()),
        };
        assert_eq!(refusal_wait(&soon, now, &windows), 0);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("3", 0.0), Some(3000));
        assert_eq!(parse_retry_after(" \t3\r\n", 0.0), Some(3000));
        assert_eq!(parse_retry_after("\u{b}3", 0.0), None);
        assert_eq!(parse_retry_after("\u{a0}3", 0.0), None);
        assert_eq!(parse_retry_after("0", 0.0), Some(0));
        assert_eq!(
            parse_retry_after("999999999999999999999", 0.0),
            Some(u64::MAX)
        );
        assert_eq!(parse_retry_after("120", 0.0), Some(120_000));
        let now = parse_http_date("Sun, 22 Nov 2026 12:00:00 GMT").unwrap_or(0.0);
        assert_eq!(
            parse_retry_after("Sun, 22 Nov 2026 12:00:05 GMT", now),
            Some(5000)
        );
        assert_eq!(
            parse_retry_after("Sun, 22 Nov 2026 11:00:00 GMT", now),
            Some(0)
        );
        assert_eq!(
            parse_retry_after("Sun, 22 Nov 2027 12:00:00 GMT", now),
            Some(365 * 86_400_000)
        );
        for bad in [
            "",
            "-1",
            "soon",
            "1.5",
            "Sun, 32 Nov 2026 12:00:00 GMT",
            "Sun, 22 Nov 2026 25:00:00 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }
}
