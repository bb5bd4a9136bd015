//! The request loop over the global `fetch` (wasm builds, through web-sys): send, time out, retry.
//!
//! Every attempt gets its own `AbortController` (src/js/support.js `AttemptSignal`), aborted by
//! the per-attempt timer or by the caller's signal; the caller's signal itself never reaches
//! `fetch`, because a custom abort reason (a string) would reject `fetch` with a non-`Error`
//! value. Timers and listeners live in JS: Rust closures handed to JS are freed when their JS
//! wrapper is garbage-collected, which could disarm a timeout in the middle of a slow body.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::{
    decode_order_response, retry_delay, ClientConfig, ClientError, ErrorKind, Outcome,
    MAX_RESPONSE_BYTES,
};
use crate::models::OrderResponse;

#[wasm_bindgen(module = "/src/js/support.js")]
extern "C" {
    /// src/js/support.js: the attempt's signal, with its timer and its link to the caller's
    /// signal held by JS alone.
    type AttemptSignal;
    #[wasm_bindgen(constructor)]
    fn new(ms: f64, caller: Option<&AbortSignal>) -> AttemptSignal;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AttemptSignal) -> AbortSignal;
    #[wasm_bindgen(method, getter, js_name = timedOut)]
    fn timed_out(this: &AttemptSignal) -> bool;
    #[wasm_bindgen(method)]
    fn done(this: &AttemptSignal);
    #[wasm_bindgen(method)]
    fn cancel(this: &AttemptSignal);

    /// Resolves with `true` when `signal` fired first.
    #[wasm_bindgen(js_name = sleep)]
    fn sleep_js(ms: f64, signal: Option<&AbortSignal>) -> Promise;

    /// The `Request` of one attempt, from the JSON text of `{ url, body, headers }` ([`spec`]);
    /// `undefined` when `Request` refuses it. (A plain `JsValue`: an `Option` would come back
    /// through the externref table, under an import signature of its own.)
    #[wasm_bindgen(js_name = orderRequest)]
    fn order_request(spec: &str, signal: &AbortSignal) -> JsValue;

    /// A response header's value, or `null`.
    #[wasm_bindgen(js_name = headerOf)]
    fn header_of(response: &web_sys::Response, name: &JsValue) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (browsers, Node >= 18).
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_request(input: &JsValue) -> Promise;
}

/// Clears the attempt's timer and listener however the attempt ends.
struct Attempting(AttemptSignal);

impl Drop for Attempting {
    fn drop(&mut self) {
        self.0.done();
    }
}

/// Waits `ms`, or less if `signal` fires; returns whether it was aborted.
async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> bool {
    let aborted = JsFuture::from(sleep_js(ms as f64, signal)).await;
    aborted.ok().and_then(|v| v.as_bool()).unwrap_or(true)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Sends an order that has already been validated. `body` is the order's JSON text.
///
/// Only the waiting happens here; what an attempt's outcome means is decided by [`settle`], a
/// plain function that reads without the awaits around it.
pub async fn send_order(
    config: &ClientConfig,
    product: &str,
    body: &str,
    safe_to_repeat: bool,
    signal: Option<AbortSignal>,
) -> Result<OrderResponse, ClientError> {
    let url = config.order_url(product);
    let mut attempts = 0u32;
    loop {
        if signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(aborted(attempts));
        }
        attempts += 1;
        let outcome = attempt(config, &url, body, signal.as_ref()).await;
        match settle(config, outcome, attempts, safe_to_repeat) {
            Step::Finish(result) => return result,
            Step::Retry(ms) => {
                if sleep(ms, signal.as_ref()).await {
                    return Err(aborted(attempts));
                }
            }
        }
    }
}

/// What to do after an attempt.
enum Step {
    Finish(Result<OrderResponse, ClientError>),
    /// Wait this many ms, then try again.
    Retry(u64),
}

/// Decides what an attempt's outcome means: a decoded answer, an error, or a retry after a delay
/// ([`retry_delay`]: the policy, tested natively).
fn settle(config: &ClientConfig, outcome: Attempt, attempts: u32, safe_to_repeat: bool) -> Step {
    let (outcome, answer) = match outcome {
        Attempt::Done(status, text) if (200..300).contains(&status) => {
            return Step::Finish(decode_order_response(&text).map_err(|why| ClientError {
                status: Some(status),
                attempts,
                ..ClientError::new(
                    ErrorKind::Decode,
                    format!("CertCentral answered HTTP {status}, but {why}"),
                )
            }));
        }
        Attempt::TooBig(status) => {
            return Step::Finish(Err(ClientError {
                status: Some(status),
                attempts,
                ..ClientError::new(
                    ErrorKind::Decode,
                    format!("CertCentral answered HTTP {status} with a body over {MAX_RESPONSE_BYTES} bytes, which is not the documented JSON; it was not read"),
                )
            }));
        }
        Attempt::Done(status, text) => (
            Outcome::Status {
                status,
                retry_after: None,
            },
            Some((status, text)),
        ),
        Attempt::Retryable(status, text, retry_after) => (
            Outcome::Status {
                status,
                retry_after,
            },
            Some((status, text)),
        ),
        Attempt::Failed(outcome) => (outcome, None),
    };
    let delay = retry_delay(
        &outcome,
        attempts - 1,
        config.max_retries,
        safe_to_repeat,
        js_sys::Math::random(),
        now_ms(),
    );
    if let Some(ms) = delay {
        return Step::Retry(ms);
    }
    let mut err = match (outcome, answer) {
        (_, Some((status, text))) => ClientError::from_status(status, &text),
        (Outcome::Timeout, _) => ClientError::new(
            ErrorKind::Timeout,
            format!(
                "No answer from CertCentral within {} ms{}",
                config.timeout_ms,
                unsent_hint(safe_to_repeat)
            ),
        ),
        (Outcome::Aborted, _) => aborted(attempts),
        _ => ClientError::new(
            ErrorKind::Network,
            format!(
                "The request to CertCentral failed before an answer arrived (network, DNS, CORS or a dropped connection){}",
                unsent_hint(safe_to_repeat)
            ),
        ),
    };
    err.attempts = attempts;
    for secret in config.secrets() {
        err.redact(secret);
    }
    Step::Finish(Err(err))
}

fn unsent_hint(safe_to_repeat: bool) -> &'static str {
    if safe_to_repeat {
        "."
    } else {
        "; the order may have been created. Set alternative_order_id to let the client retry such failures safely."
    }
}

fn aborted(attempts: u32) -> ClientError {
    ClientError {
        attempts,
        ..ClientError::new(
            ErrorKind::Aborted,
            "The order request was aborted by the caller.",
        )
    }
}

enum Attempt {
    /// A complete answer: status and body text.
    Done(u16, String),
    /// An answer whose body is over [`MAX_RESPONSE_BYTES`]; not read.
    TooBig(u16),
    /// 429 or 503, with `Retry-After`.
    Retryable(u16, String, Option<String>),
    Failed(Outcome),
}

/// What `orderRequest` (src/js/support.js) makes one attempt's request from, as JSON text:
/// `{"url": ..., "body": ..., "headers": [[name, value], ...]}`, the extra headers first, then
/// the content type and the API key. A header that fetch refuses is left out, as
/// `Headers.set` refusing it would.
///
/// Built in JS from one string, rather than through web-sys's `Headers`, `RequestInit` and
/// `Request` one call at a time: V8 compiles a call wrapper for every import signature when it
/// compiles the module, and those setters had four signatures no other import shares (measured
/// ~0.06 ms of start-up each).
fn spec(config: &ClientConfig, url: &str, body: &str) -> String {
    use crate::json::write_escaped;
    let mut out = String::with_capacity(body.len() + url.len() + 128);
    out.push_str("{\"url\":");
    write_escaped(&mut out, url);
    out.push_str(",\"body\":");
    write_escaped(&mut out, body);
    out.push_str(",\"headers\":[");
    let key = config
        .api_key
        .as_ref()
        .map(|key| ("X-DC-DEVKEY", key.expose()));
    let headers = config
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.0.as_str()))
        .chain([("Content-Type", "application/json")])
        .chain(key);
    for (i, (name, value)) in headers.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        write_escaped(&mut out, name);
        out.push(',');
        write_escaped(&mut out, value);
        out.push(']');
    }
    out.push_str("]}");
    out
}

/// A response's status, its `Retry-After`, and whether its `Content-Length` is past
/// [`MAX_RESPONSE_BYTES`] (then the body is refused before it is copied into wasm memory, which
/// never shrinks).
fn response_head(response: &web_sys::Response) -> (u16, Option<String>, bool) {
    let header = |name: &str| header_of(response, &JsValue::from_str(name)).as_string();
    let declared = header("content-length").and_then(|l| l.trim_ascii().parse::<u64>().ok());
    (
        response.status(),
        header("retry-after"),
        declared.is_some_and(|l| l > MAX_RESPONSE_BYTES as u64),
    )
}

/// Why an attempt without an answer failed.
fn failure(attempt: &Attempting, signal: Option<&AbortSignal>) -> Attempt {
    Attempt::Failed(if attempt.0.timed_out() {
        Outcome::Timeout
    } else if signal.is_some_and(AbortSignal::aborted) {
        Outcome::Aborted
    } else {
        Outcome::Network
    })
}

async fn attempt(
    config: &ClientConfig,
    url: &str,
    body: &str,
    signal: Option<&AbortSignal>,
) -> Attempt {
    let attempt = Attempting(AttemptSignal::new(f64::from(config.timeout_ms), signal));
    // `request` stays alive until the body is read: Node's fetch (undici) reaches the request's
    // abort controller through a WeakRef, so once the Request object is garbage-collected an
    // abort no longer stops a body that is still arriving. (gloo-net's `send(self)` drops it as
    // soon as the headers are in; hence web-sys here.)
    let request = order_request(&spec(config, url, body), &attempt.0.signal());
    if request.is_undefined() {
        return Attempt::Failed(Outcome::Network);
    }
    let response: web_sys::Response = match JsFuture::from(fetch_request(&request))
        .await
        .and_then(|r| r.dyn_into())
    {
        Ok(r) => r,
        Err(_) => return failure(&attempt, signal),
    };
    let (status, retry_after, too_big) = response_head(&response);
    if too_big {
        attempt.0.cancel();
        return Attempt::TooBig(status);
    }
    // The body is read under the same signal: a slow drip times out like a silent server.
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    drop(request);
    let text = match text {
        // Past MAX_RESPONSE_BYTES by its length once read (no Content-Length was given).
        Ok(t)
            if t.dyn_ref::<js_sys::JsString>()
                .is_some_and(|s| s.length() as usize > MAX_RESPONSE_BYTES) =>
        {
            return Attempt::TooBig(status);
        }
        Ok(t) => t.as_string().unwrap_or_default(),
        Err(_) => return failure(&attempt, signal),
    };
    if status == 429 || status == 503 {
        Attempt::Retryable(status, text, retry_after)
    } else {
        Attempt::Done(status, text)
    }
}
