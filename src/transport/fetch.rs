//! The request loop over gloo-net's `fetch` (wasm builds): validate, send, time out, retry.
//!
//! Every attempt gets its own `AbortController`, aborted by the per-attempt timer or by the
//! caller's signal; the caller's signal itself never reaches `fetch`, because a custom abort
//! reason (a string) would reject `fetch` with a non-`Error` value.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use super::{decode_order_response, retry_delay, ClientConfig, ClientError, ErrorKind, Outcome};
use crate::models::OrderResponse;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Aborts `controller` when `signal` fires; removes itself when dropped.
struct Link {
    signal: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl Link {
    fn new(signal: &AbortSignal, on_abort: impl FnMut() + 'static) -> Link {
        let callback = Closure::<dyn FnMut()>::new(on_abort);
        let _ = signal.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        Link {
            signal: signal.clone(),
            callback,
        }
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

/// A `setTimeout` that is cleared when dropped.
struct Timer {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn new(ms: f64, on_fire: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(on_fire);
        let id = set_timeout(callback.as_ref().unchecked_ref(), ms);
        Timer {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// Waits `ms`, or less if `signal` fires; returns whether it was aborted.
async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> bool {
    if signal.is_some_and(AbortSignal::aborted) {
        return true;
    }
    let mut guards: (Option<Timer>, Option<Link>) = (None, None);
    let promise = Promise::new(&mut |resolve, _reject| {
        let on_time = resolve.clone();
        guards.0 = Some(Timer::new(ms as f64, move || {
            let _ = on_time.call0(&JsValue::UNDEFINED);
        }));
        if let Some(signal) = signal {
            guards.1 = Some(Link::new(signal, move || {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }));
        }
    });
    let _ = JsFuture::from(promise).await;
    drop(guards);
    signal.is_some_and(AbortSignal::aborted)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Sends an order that has already been validated. `body` is the order's JSON text.
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
        let outcome = match outcome {
            Attempt::Done(status, text) if (200..300).contains(&status) => {
                return decode_order_response(&text).map_err(|why| ClientError {
                    status: Some(status),
                    attempts,
                    ..ClientError::new(
                        ErrorKind::Decode,
                        format!("CertCentral answered HTTP {status}, but {why}"),
                    )
                });
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
        let (outcome, answer) = outcome;
        let delay = retry_delay(
            &outcome,
            attempts - 1,
            config.max_retries,
            safe_to_repeat,
            js_sys::Math::random(),
            now_ms(),
        );
        match delay {
            Some(ms) => {
                if sleep(ms, signal.as_ref()).await {
                    return Err(aborted(attempts));
                }
            }
            None => {
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
                return Err(err);
            }
        }
    }
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
    /// 429 or 503, with `Retry-After`.
    Retryable(u16, String, Option<String>),
    Failed(Outcome),
}

async fn attempt(
    config: &ClientConfig,
    url: &str,
    body: &str,
    signal: Option<&AbortSignal>,
) -> Attempt {
    let Ok(controller) = AbortController::new() else {
        return Attempt::Failed(Outcome::Network);
    };
    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        Timer::new(f64::from(config.timeout_ms), move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let _link = signal.map(|s| {
        let controller = controller.clone();
        Link::new(s, move || controller.abort())
    });

    let mut builder = Request::post(url);
    for (name, value) in &config.headers {
        builder = builder.header(name, &value.0);
    }
    builder = builder.header("Content-Type", "application/json");
    if let Some(key) = &config.api_key {
        builder = builder.header("X-DC-DEVKEY", key.expose());
    }
    let request = match builder
        .abort_signal(Some(&controller.signal()))
        .body(JsValue::from_str(body))
    {
        Ok(r) => r,
        Err(_) => return Attempt::Failed(Outcome::Network),
    };
    let failed = |timed_out: &Cell<bool>| {
        Attempt::Failed(if timed_out.get() {
            Outcome::Timeout
        } else if signal.is_some_and(AbortSignal::aborted) {
            Outcome::Aborted
        } else {
            Outcome::Network
        })
    };
    let response = match request.send().await {
        Ok(r) => r,
        Err(_) => return failed(&timed_out),
    };
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    // The body is read under the same timer: a slow drip times out like a silent server.
    let text = match response.text().await {
        Ok(t) => t,
        Err(_) => return failed(&timed_out),
    };
    if status == 429 || status == 503 {
        Attempt::Retryable(status, text, retry_after)
    } else {
        Attempt::Done(status, text)
    }
}
