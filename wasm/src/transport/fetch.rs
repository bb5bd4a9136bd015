//! The request loop over the global `fetch` (wasm builds, through web-sys): keep to the rate
//! budget, send, time out, retry, and find a lost order again by its alternative id. Every call
//! of a client, the order and the lifecycle calls alike, goes through [`send`].
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

use super::budget::RateBudget;
use super::lifecycle::{self, Answer as LifeAnswer, Call, Op, WaitStep};
use super::{
    decode_order_response, leaves_unknown, parse_retry_after, refusal_wait, retry_delay,
    ClientConfig, ClientError, ErrorKind, Outcome, MAX_RESPONSE_BYTES, MAX_RETRY_AFTER_MS,
    ORDER_NOT_FOUND, ORDER_UNSURE, ORDER_UNSURE_ALT, REISSUE_UNSURE,
};
use crate::models::{OrderResponse, OrderStatus};
use crate::value::Value;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

#[wasm_bindgen(module = "/../src/js/support.js")]
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

    /// The `Request` of one attempt, from the JSON text of `{ method, url, body, headers }` ([`spec`]);
    /// `undefined` when `Request` refuses it. (A plain `JsValue`: an `Option` would come back
    /// through the externref table, under an import signature of its own.)
    #[wasm_bindgen(js_name = orderRequest)]
    fn order_request(spec: &str, signal: &AbortSignal) -> JsValue;

    /// What a rejected fetch says of why (Node's names the cause: "connect ECONNREFUSED
    /// 127.0.0.1:443"); "" when it says nothing.
    #[wasm_bindgen(js_name = failureOf)]
    fn failure_of(error: &JsValue) -> String;

    /// Whether a rejected fetch never sent its request (Node names a cause that failed while
    /// connecting): [`Outcome::Unsent`].
    fn unsent(error: &JsValue) -> bool;

    /// The bytes of a response body.
    #[wasm_bindgen(js_name = bytesOf)]
    fn bytes_of(buffer: &js_sys::ArrayBuffer) -> Vec<u8>;

    /// A response header's value, or `null`.
    #[wasm_bindgen(js_name = headerOf)]
    fn header_of(response: &web_sys::Response, name: &JsValue) -> JsValue;

    /// Whether `value` is a genuine `AbortSignal` (its `aborted` getter accepts it), not one
    /// that only passes `instanceof` (`Object.create(AbortSignal.prototype)`, a Proxy), whose
    /// `aborted` or `addEventListener` would throw inside a call. Never throws.
    #[wasm_bindgen(js_name = isAbortSignal)]
    pub(crate) fn is_abort_signal(value: &JsValue) -> bool;

    /// Whether the caller's signal has fired, read through the platform's getter (not the
    /// object's own properties, which a Proxy's trap could make throw). Never throws.
    #[wasm_bindgen(js_name = signalAborted)]
    pub(crate) fn signal_aborted(signal: &AbortSignal) -> bool;
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (browsers, Node >= 18).
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_request(input: &JsValue) -> Promise;
}

/// A client's settings, its rate budget and what its status-change polls told, shared by all
/// its calls.
#[derive(Debug)]
pub struct Client {
    pub config: ClientConfig,
    budget: RefCell<RateBudget>,
    changes: RefCell<lifecycle::Changes>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Client {
        // Every call reads its answers through the host's JSON.parse (src/host.rs).
        super::set_json_reader(|text| {
            crate::host::with_json(text, |v| v.cloned().map(Value::into_owned))
        });
        let budget = RefCell::new(RateBudget::new(&config.rate_limits));
        Client {
            config,
            budget,
            changes: RefCell::default(),
        }
    }

    /// Waits until the rate budget lets one more request go; `true` when aborted meanwhile.
    /// The borrow never spans an await: concurrent calls each take their own slot.
    async fn take_slot(&self, hold: bool, signal: Option<&AbortSignal>) -> bool {
        loop {
            let wait = self.budget.borrow_mut().take(now_ms(), hold);
            if wait == 0 {
                return false;
            }
            if sleep(wait, signal).await {
                return true;
            }
        }
    }
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

/// A 2xx answer.
pub struct Answer {
    pub status: u16,
    /// How many requests it took.
    pub attempts: u32,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text (UTF-8, a leading byte-order mark dropped, as `Response.text()` does).
    fn text(&self) -> String {
        let body = self
            .body
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&self.body);
        String::from_utf8_lossy(body).into_owned()
    }
}

/// How a call may be repeated.
#[derive(Clone, Copy)]
struct How<'a> {
    /// Whether an attempt whose outcome is unknown may be tried again (GETs; an order with an
    /// alternative id, whose tries after the first are lookups).
    safe_to_repeat: bool,
    /// What an error adds when the call may have been applied but is not sent again (the
    /// policy's `*_UNSURE` texts); "" for reads.
    unsure: &'static str,
    /// The largest body read.
    max_bytes: usize,
    /// An order's alternative id: an order whose POST's outcome is unknown is looked up by it
    /// ([`recover`]) instead of being sent again.
    recover: Option<&'a str>,
    /// Told before each wait between attempts (`orderCertificate`'s `onRetry`), so a form can
    /// say "CertCentral is busy, trying again" while the client waits.
    on_retry: Option<OnRetry<'a>>,
}

/// `onRetry`: the attempt that failed (1 for the first), the wait before the next one in ms, and
/// why it is retried (its kind and status).
pub type OnRetry<'a> = &'a dyn Fn(u32, u64, &ClientError);

enum Reply {
    Answer(Answer),
    /// The order was found by its alternative id after an answer was lost: its id and
    /// certificate id.
    Found(u64, Option<u64>),
}

type Sending<'a> = Pin<Box<dyn Future<Output = Result<Reply, ClientError>> + 'a>>;

/// [`send`] behind a pointer: every call awaits this one copy of the request loop rather than
/// each inlining its own (measured: the loop inlined into each lifecycle call cost the wasm
/// several KB).
fn exchange<'a>(
    client: &'a Client,
    call: &'a Call,
    how: How<'a>,
    signal: Option<&'a AbortSignal>,
) -> Sending<'a> {
    Box::pin(send(client, call, how, signal))
}

/// Sends `call`: waits for the rate budget, retries by [`retry_delay`] (a 429 holds every call of
/// the client back), and decides what each attempt's outcome means in [`settle`].
async fn send(
    client: &Client,
    call: &Call,
    how: How<'_>,
    signal: Option<&AbortSignal>,
) -> Result<Reply, ClientError> {
    let config = &client.config;
    let mut attempts = 0u32;
    let mut held = false;
    loop {
        // Aborted before this attempt: every one before it was refused for sure (only those are
        // retried; an unknown outcome ends the loop or is looked up), so nothing was applied.
        if signal.is_some_and(signal_aborted) || client.take_slot(!held, signal).await {
            return Err(aborted(attempts, ""));
        }
        attempts += 1;
        let outcome = attempt(config, call, how.max_bytes, signal).await;
        client.budget.borrow_mut().finish(now_ms());
        // A 2xx too big to read: the order was created, and the lookup finds its id.
        let created = matches!(&outcome, Attempt::TooBig(status) if (200..300).contains(status));
        let unknown = match &outcome {
            Attempt::Failed(o, _) => matches!(o, Outcome::Timeout | Outcome::Network),
            Attempt::Done(status, ..) | Attempt::Retryable(status, ..) => leaves_unknown(*status),
            Attempt::TooBig(status) => created || leaves_unknown(*status),
        };
        let step = settle(config, outcome, attempts, how);
        if let Step::Retry(ms, true, _) = step {
            client.budget.borrow_mut().hold(now_ms(), ms);
        }
        // An order (with an alternative id) whose outcome is unknown is looked up; so is one
        // whose 201 cannot be read (it was created), its body read here for that.
        let lost = match (how.recover, step) {
            (Some(alt), Step::Finish(Ok(answer))) => match decode_order_response(&answer.text()) {
                // Read again by the caller: a 201 is small, and an answer of another type
                // here would cost the wasm more than the second read costs a call.
                Ok(_) => Ok(Step::Finish(Ok(answer))),
                Err(why) => Err((alt, undecodable_applied(&answer, why, how.unsure), true)),
            },
            (Some(alt), Step::Finish(Err(err)) | Step::Retry(_, _, err)) if unknown => {
                Err((alt, err, created))
            }
            (_, step) => Ok(step),
        };
        let step = match lost {
            Ok(step) => step,
            Err((alt, err, created)) => {
                return recover(client, alt, err, created, attempts, how, signal).await;
            }
        };
        match step {
            Step::Finish(result) => return result.map(Reply::Answer),
            Step::Retry(ms, slow_down, err) => {
                if let Some(tell) = how.on_retry {
                    tell(attempts, ms, &err);
                }
                if sleep(ms, signal).await {
                    return Err(aborted(attempts, ""));
                }
                // This call has waited out its own 429's hold; other calls keep to it.
                held = slow_down;
            }
        }
    }
}

/// After an order's POST whose outcome is unknown: the order is looked up by its alternative
/// id, now and then at each time a retry would have been sent, and found it is the answer; it
/// is never sent again. A CertCentral (or a gateway in front of it) that gave up answering may
/// still create it later, and no documented call tells an order that will appear from one that
/// will not (lifecycle.md §4), so only the caller, later, may order it again. `err` is the
/// attempt's error; `created` that CertCentral answered 2xx (its error already says the order
/// exists and how to find it). The lookups are `maxRetries` + 1 whatever came before (429s), spaced as
/// retries are; `onRetry` is not told of them, since nothing is tried again.
async fn recover(
    client: &Client,
    alt: &str,
    mut err: ClientError,
    created: bool,
    attempts: u32,
    how: How<'_>,
    signal: Option<&AbortSignal>,
) -> Result<Reply, ClientError> {
    if err.message.as_bytes().last() != Some(&b'.') {
        err.message.push('.');
    }
    let mut lookups = 0u32;
    loop {
        match perform(client, Op::FindByAlternativeId(alt.to_owned()), signal).await {
            Ok(LifeAnswer::Json(Value::Array(found))) => {
                if let Some((order_id, certificate_id)) = lifecycle::just_placed(&found) {
                    return Ok(Reply::Found(order_id, certificate_id));
                }
            }
            Ok(_) => {}
            Err(e) if e.kind == ErrorKind::Aborted => return Err(aborted(attempts, how.unsure)),
            Err(e) => {
                // (Without the lookup's own "not sent", which would read as the order's.)
                let why = e.message.strip_suffix(NOT_SENT).unwrap_or(&e.message);
                err.message.push_str(&crate::report::fill(" Whether the order exists is unknown: looking it up by its alternative_order_id failed too ({}). Look it up before ordering again.", &[&why]));
                err.outcome_unknown = true;
                return Err(err);
            }
        }
        let Some(ms) = retry_delay(
            &Outcome::Timeout,
            lookups,
            client.config.max_retries,
            true,
            js_sys::Math::random(),
            now_ms(),
        ) else {
            break;
        };
        lookups += 1;
        if sleep(ms, signal).await {
            return Err(aborted(attempts, how.unsure));
        }
    }
    if !created {
        err.message.push_str(ORDER_NOT_FOUND);
    }
    err.outcome_unknown = true;
    Err(err)
}

/// A 2xx body that did not decode, of a call that changed something (`unsure`, the call's
/// `How::unsure`, not empty): the change was made, and the error says what to check.
fn undecodable_applied(a: &Answer, why: String, unsure: &str) -> ClientError {
    applied(undecodable(a, why), unsure)
}

/// `err` of a 2xx that could not be read: when the call changes something (`unsure` not
/// empty), it says what to check, and that the outcome is unknown.
fn applied(mut err: ClientError, unsure: &str) -> ClientError {
    if !unsure.is_empty() {
        err.message.push('.');
        err.message.push_str(unsure);
        err.outcome_unknown = true;
    }
    err
}

/// A 2xx body that did not decode.
fn undecodable(a: &Answer, why: String) -> ClientError {
    let status = a.status;
    ClientError {
        status: Some(status),
        attempts: a.attempts,
        ..ClientError::new(
            ErrorKind::Decode,
            crate::report::fill("CertCentral answered HTTP {}, but {}", &[&status, &why]),
        )
    }
}

/// Sends an order that has already been validated: `body` is the order's JSON text; `alt` its
/// `alternative_order_id`, by which an order whose POST's outcome is unknown is looked up
/// ([`recover`]): found, it is the answer (`recovered`). It is never sent again after such an
/// outcome (only after a 429, which created nothing), so an order is placed at most once, also
/// where an account does not enforce unique alternative ids and where CertCentral creates an
/// order after its answer was given up on (lifecycle.md §4: the lookup is firm, its use as an
/// idempotency check peers' practice).
pub async fn send_order(
    client: &Client,
    product: &str,
    body: &str,
    alt: Option<&str>,
    on_retry: Option<OnRetry<'_>>,
    signal: Option<&AbortSignal>,
) -> Result<OrderResponse, ClientError> {
    let call = Call {
        method: "POST",
        url: client.config.order_url(product),
        body: Some(body.to_owned()),
    };
    let how = How {
        safe_to_repeat: alt.is_some(),
        unsure: if alt.is_some() {
            ORDER_UNSURE_ALT
        } else {
            ORDER_UNSURE
        },
        max_bytes: MAX_RESPONSE_BYTES,
        recover: alt,
        on_retry,
    };
    created(exchange(client, &call, how, signal).await?, how.unsure)
}

/// A 201 order body, or the order found again; `unsure` what an unreadable body's error adds.
fn created(reply: Reply, unsure: &str) -> Result<OrderResponse, ClientError> {
    match reply {
        Reply::Answer(a) => {
            decode_order_response(&a.text()).map_err(|why| undecodable_applied(&a, why, unsure))
        }
        Reply::Found(id, certificate_id) => Ok(super::recovered_order(id, certificate_id)),
    }
}

/// One lifecycle call ([`Op`]): its request, sent like every other, and its answer read.
/// Every one of them may be repeated when its outcome is unknown: reads, and a cancel, a
/// revocation or a DCV check, which CertCentral refuses or repeats harmlessly the second time.
pub async fn perform(
    client: &Client,
    op: Op,
    signal: Option<&AbortSignal>,
) -> Result<LifeAnswer, ClientError> {
    let (call, max_bytes) = op.call(&client.config);
    let unsure = op.unsure();
    let how = How {
        safe_to_repeat: unsure.is_none(),
        unsure: unsure.unwrap_or(""),
        max_bytes,
        recover: None,
        on_retry: None,
    };
    match exchange(client, &call, how, signal).await? {
        Reply::Answer(mut a) => {
            let body = std::mem::take(&mut a.body);
            op.answer(a.status, a.content_type.as_deref(), body)
                .map_err(|why| undecodable_applied(&a, why, how.unsure))
        }
        Reply::Found(..) => Ok(LifeAnswer::Nothing),
    }
}

/// What a wait reports after each poll (the order as JSON); an error it returns ends the wait
/// with that error.
pub type OnStatus<'a> = &'a dyn Fn(&Value<'static>) -> Result<(), JsValue>;

/// How a wait ended other than issued.
pub enum WaitError {
    Client(ClientError),
    /// `onStatus` threw this.
    Callback(JsValue),
}

/// How long after a wait's deadline a poll still under way is given up, in ms: the last poll
/// is sent on the deadline and needs a moment for its answer.
const POLL_GRACE_MS: f64 = 1_000.0;

/// Polls the order until it is issued ([`lifecycle::wait_step`]): resolves with the order;
/// `order_state` when it ends in a final status, `timeout` after `timeout_ms`. With `follow`,
/// a poll after the first reads the order only when the client's status-change list
/// ([`follow_changes`]) does not tell that it is unchanged since it was last read; the first
/// poll and the one on the deadline always read it.
pub async fn wait_for_issuance(
    client: &Client,
    order_id: u64,
    interval_ms: u32,
    timeout_ms: u32,
    follow: bool,
    on_status: Option<OnStatus<'_>>,
    signal: Option<&AbortSignal>,
) -> Result<Value<'static>, WaitError> {
    let deadline = now_ms() + f64::from(timeout_ms);
    let mut polls = 0u32;
    // The schedule's count: the polls, and those the status-change list made needless.
    let mut ticks = 0u32;
    // When the order was last read.
    let mut read_at = 0.0;
    // The status the last poll saw, for a wait that runs out during a poll.
    let mut last = String::new();
    let ended = |kind, message: String, status: &str, polls: u32| {
        let mut err = ClientError {
            attempts: polls,
            order_status: Some(OrderStatus::from(status)),
            ..ClientError::new(kind, message)
        };
        // The status is the server's text: a proxy could echo the key into it.
        for secret in client.config.secrets() {
            err.redact(secret);
        }
        WaitError::Client(err)
    };
    let out_of_time = |status: &str, polls: u32| {
        ended(
            ErrorKind::Timeout,
            crate::report::fill("Order {} was still {} after {} ms of waiting; it may be issued later: wait again, or follow it with statusChanges.", &[&order_id, &if status.is_empty() { "not known" } else { status }, &timeout_ms]),
            status,
            polls,
        )
    };
    loop {
        ticks += 1;
        // A poll after the first that the status-change list makes needless reads nothing.
        let left = deadline - now_ms();
        let needless = follow && polls > 0 && left > 0.0 && {
            // Boxed: its state machine is then not laid into the wait's (-81 bytes of gzip).
            let list: Pin<Box<dyn Future<Output = ()> + '_>> =
                Box::pin(follow_changes(client, interval_ms, left, signal));
            list.await;
            let changes = client.changes.borrow();
            changes.unchanged(order_id, read_at, now_ms(), interval_ms)
        };
        let mut order = Value::Null;
        if !needless {
            // The first poll is made whatever the limit (one poll tells whether an order can
            // still be issued); each later one, its retries included, is given up a moment
            // after the deadline (the last poll falls on it), so a poll that hangs does not
            // carry the wait past `timeoutMs` by the attempts' own timeouts.
            read_at = now_ms();
            let left = (deadline - read_at).max(0.0) + POLL_GRACE_MS;
            let limit = (polls > 0).then(|| Attempting(AttemptSignal::new(left, signal)));
            let bounded = limit.as_ref().map(|l| l.0.signal());
            let polled = perform(client, Op::GetOrder(order_id), bounded.as_ref().or(signal)).await;
            order = match polled {
                Ok(LifeAnswer::Json(order)) => order,
                Ok(_) => Value::Null,
                Err(e)
                    if e.kind == ErrorKind::Aborted
                        && limit.as_ref().is_some_and(|l| l.0.timed_out()) =>
                {
                    return Err(out_of_time(&last, polls));
                }
                Err(e) => return Err(WaitError::Client(e)),
            };
            drop(limit);
            polls += 1;
            if let Some(report) = on_status {
                report(&order).map_err(WaitError::Callback)?;
            }
            last.clear();
            last.push_str(order.get("status").and_then(Value::as_str).unwrap_or(""));
        }
        match lifecycle::wait_step(&last, ticks, interval_ms, now_ms(), deadline) {
            WaitStep::Issued => return Ok(order),
            WaitStep::Ended => {
                return Err(ended(
                    ErrorKind::OrderState,
                    crate::report::fill(
                        "Order {} is {}: it will not be issued.",
                        &[&order_id, &last],
                    ),
                    &last,
                    polls,
                ))
            }
            // Out of time after a poll that read nothing: the one on the deadline reads.
            WaitStep::TimedOut if needless => {}
            WaitStep::TimedOut => return Err(out_of_time(&last, polls)),
            WaitStep::PollAfter(ms) => {
                if sleep(ms, signal).await {
                    return Err(WaitError::Client(aborted(polls, "")));
                }
            }
        }
    }
}

/// Asks CertCentral for the status changes when a poll is due ([`lifecycle::Changes::send`]):
/// one request for all the waits that follow the list. It is given up with the wait that sent
/// it (aborted, or after `left_ms`: the read on the deadline follows), and a list that cannot
/// be had leaves the waits to read their orders. The borrow never spans the await. The wall
/// clock, not a monotonic one: CertCentral counts `seconds` in real time, through a sleep of
/// the machine too (a clock set back is seen by [`lifecycle::Changes`]).
async fn follow_changes(
    client: &Client,
    every_ms: u32,
    left_ms: f64,
    signal: Option<&AbortSignal>,
) {
    let sent = now_ms();
    let Some(seconds) = client.changes.borrow_mut().send(sent, every_ms) else {
        return;
    };
    let limit = Attempting(AttemptSignal::new(left_ms, signal));
    let bounded = limit.0.signal();
    let op = Op::StatusChanges(None, Some(seconds));
    let answer = perform(client, op, Some(&bounded)).await;
    let mut changes = client.changes.borrow_mut();
    match answer {
        Ok(LifeAnswer::Json(Value::Array(listed))) => {
            changes.heard(sent, seconds, now_ms(), &listed);
        }
        Err(e) => changes.failed(&e),
        // Not a list (the answer is always read as one): taken as an unreadable answer.
        Ok(_) => changes.failed(&ClientError::new(ErrorKind::Decode, "")),
    }
}

/// Reissues an order's certificate after `body` passes the reissue rules of the order's
/// product ([`crate::rules::reissue`]); without `product`, the order is read first to learn it.
/// Not repeated when its outcome is unknown: a second reissue would replace the first (likely),
/// so the caller should look at the order before trying again.
pub async fn reissue(
    client: &Client,
    order_id: u64,
    product: Option<String>,
    body: (Value<'static>, String),
    options: &crate::rules::Options,
    signal: Option<&AbortSignal>,
) -> Result<OrderResponse, ClientError> {
    let product = match product {
        Some(p) => p,
        None => match perform(client, Op::GetOrder(order_id), signal).await? {
            LifeAnswer::Json(order) => order
                .at(&["product", "name_id"])
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            _ => String::new(),
        },
    };
    let report = crate::rules::reissue::validate(&product, &body.0, options);
    if !report.valid {
        return Err(ClientError::validation(report.issues));
    }
    let call = client.config.reissue(order_id, body.1);
    let how = How {
        safe_to_repeat: false,
        unsure: REISSUE_UNSURE,
        max_bytes: MAX_RESPONSE_BYTES,
        recover: None,
        on_retry: None,
    };
    created(exchange(client, &call, how, signal).await?, REISSUE_UNSURE)
}

/// What to do after an attempt.
enum Step {
    Finish(Result<Answer, ClientError>),
    /// Wait this many ms, then try again; `true` when CertCentral said to slow down (429); the
    /// error to give should the call end here after all (its order lookup failed).
    Retry(u64, bool, ClientError),
}

/// What a network error adds when its request never left ([`Outcome::Unsent`]).
const NOT_SENT: &str = " The request was not sent.";

/// Decides what an attempt's outcome means: an answer, an error, or a retry after a delay
/// ([`retry_delay`]: the policy, tested natively).
fn settle(config: &ClientConfig, outcome: Attempt, attempts: u32, how: How<'_>) -> Step {
    let mut network_why = String::new();
    let (outcome, answer) = match outcome {
        Attempt::Done(status, content_type, body) if (200..300).contains(&status) => {
            return Step::Finish(Ok(Answer {
                status,
                attempts,
                content_type,
                body,
            }));
        }
        Attempt::TooBig(status) => {
            let message = crate::report::fill("CertCentral answered HTTP {} with a body over {} bytes, which is not the documented answer; it was not read", &[&status, &how.max_bytes]);
            let err = ClientError {
                status: Some(status),
                attempts,
                ..ClientError::new(ErrorKind::Decode, message)
            };
            let unsure = if (200..300).contains(&status) {
                how.unsure
            } else {
                ""
            };
            return Step::Finish(Err(applied(err, unsure)));
        }
        Attempt::Done(status, _, body) => (
            Outcome::Status {
                status,
                retry_after: None,
            },
            Some((status, body)),
        ),
        Attempt::Retryable(status, body, retry_after) => (
            Outcome::Status {
                status,
                retry_after,
            },
            Some((status, body)),
        ),
        Attempt::Failed(outcome, why) => {
            network_why = why;
            (outcome, None)
        }
    };
    // A 429 that names no wait is waited out for a rate window.
    let refused = refusal_wait(&outcome, now_ms(), &config.rate_limits);
    let delay = retry_delay(
        &outcome,
        attempts - 1,
        config.max_retries,
        how.safe_to_repeat,
        js_sys::Math::random(),
        now_ms(),
    )
    .map(|ms| ms.max(refused));
    let slow_down = matches!(outcome, Outcome::Status { status: 429, .. });
    let unsent = matches!(outcome, Outcome::Unsent);
    // A call that may have been applied, and is not sent again, says so.
    let hint = match (&outcome, &delay) {
        (Outcome::Timeout | Outcome::Network, None) if !how.safe_to_repeat => how.unsure,
        // Said whatever the call, but no "may have been applied": nothing was.
        (Outcome::Unsent, _) => NOT_SENT,
        (Outcome::Status { status, .. }, None)
            if leaves_unknown(*status) && !how.safe_to_repeat =>
        {
            how.unsure
        }
        _ => "",
    };
    // Not retried because asked to wait longer than a call waits: say how long.
    let asked = match (&outcome, &delay) {
        (
            Outcome::Status {
                retry_after: Some(h),
                ..
            },
            None,
        ) => parse_retry_after(h, now_ms()).filter(|ms| *ms > MAX_RETRY_AFTER_MS),
        _ => None,
    };
    let mut err = match (outcome, answer) {
        (_, Some((status, body))) => {
            let mut err = ClientError::from_status(status, &lifecycle::text(&body));
            if let Some(ms) = asked {
                err.message.push_str(&crate::report::fill(
                    ". CertCentral asked to wait {} s before trying again",
                    &[&ms.div_ceil(1000)],
                ));
            }
            if !hint.is_empty() {
                err.message.push('.');
                err.message.push_str(hint);
            }
            err
        }
        (Outcome::Timeout, _) => ClientError::new(
            ErrorKind::Timeout,
            crate::report::fill(
                "No answer from CertCentral within {} ms.{}",
                &[&config.timeout_ms, &hint],
            ),
        ),
        (Outcome::Aborted, _) => aborted(attempts, how.unsure),
        _ => {
            // What fetch said, when it said anything: Node names the cause ("connect
            // ECONNREFUSED 127.0.0.1:443", "getaddrinfo ENOTFOUND ..."); browsers do not.
            let why = if network_why.is_empty() {
                String::new()
            } else {
                crate::report::fill("; here: {}", &[&network_why])
            };
            ClientError::new(
                ErrorKind::Network,
                crate::report::fill("The request to CertCentral failed before an answer arrived (network, DNS, CORS or a dropped connection{}).{}", &[&why, &hint]),
            )
        }
    };
    err.attempts = attempts;
    // (An abort's error says it already, from `aborted`.)
    if !hint.is_empty() && !unsent {
        err.outcome_unknown = true;
    }
    for secret in config.secrets() {
        err.redact(secret);
    }
    match delay {
        Some(ms) => Step::Retry(ms, slow_down, err),
        None => Step::Finish(Err(err)),
    }
}

/// The caller's abort; once a request went out, a call that changes something may have been
/// applied, and the error says so.
fn aborted(attempts: u32, unsure: &str) -> ClientError {
    let mut message = "The request was aborted by the caller.".to_owned();
    if attempts > 0 {
        message.push_str(unsure);
    }
    ClientError {
        attempts,
        outcome_unknown: attempts > 0 && !unsure.is_empty(),
        ..ClientError::new(ErrorKind::Aborted, message)
    }
}

enum Attempt {
    /// A complete answer: status, content type and body.
    Done(u16, Option<String>, Vec<u8>),
    /// An answer whose body is over the call's limit; not read.
    TooBig(u16),
    /// 429 or 503, with `Retry-After`.
    Retryable(u16, Vec<u8>, Option<String>),
    /// And what fetch said of why ("" when nothing).
    Failed(Outcome, String),
}

/// What `orderRequest` (src/js/support.js) makes one attempt's request from, as JSON text:
/// `{"method": ..., "url": ..., "body": ..., "headers": [[name, value], ...]}`, the extra
/// headers first, then the content type (with a body) and the API key. A header that fetch
/// refuses is left out, as `Headers.set` refusing it would.
///
/// Built in JS from one string, rather than through web-sys's `Headers`, `RequestInit` and
/// `Request` one call at a time: V8 compiles a call wrapper for every import signature when it
/// compiles the module, and those setters had four signatures no other import shares (measured
/// ~0.06 ms of start-up each).
fn spec(config: &ClientConfig, call: &Call) -> String {
    use crate::json::write_escaped;
    let body_len = call.body.as_ref().map_or(0, String::len);
    let mut out = String::with_capacity(body_len + call.url.len() + 160);
    out.push_str("{\"method\":");
    write_escaped(&mut out, call.method);
    out.push_str(",\"url\":");
    write_escaped(&mut out, &call.url);
    if let Some(body) = &call.body {
        out.push_str(",\"body\":");
        write_escaped(&mut out, body);
    }
    out.push_str(",\"headers\":[");
    let key = config
        .api_key
        .as_ref()
        .map(|key| ("X-DC-DEVKEY", key.expose()));
    let content_type = call
        .body
        .as_ref()
        .map(|_| ("Content-Type", "application/json"));
    let headers = config
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.0.as_str()))
        .chain(content_type)
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

/// A response's status, its `Retry-After` and `Content-Type`, and whether its `Content-Length`
/// is past `max_bytes` (then the body is refused before it is copied into wasm memory, which
/// never shrinks).
fn response_head(
    response: &web_sys::Response,
    max_bytes: usize,
) -> (u16, Option<String>, Option<String>, bool) {
    let header = |name: &str| header_of(response, &JsValue::from_str(name)).as_string();
    let declared = header("content-length").and_then(|l| l.trim_ascii().parse::<u64>().ok());
    (
        response.status(),
        header("retry-after"),
        header("content-type"),
        declared.is_some_and(|l| l > max_bytes as u64),
    )
}

/// Why an attempt without an answer failed; `error` is what fetch (or reading the body)
/// rejected with.
fn failure(attempt: &Attempting, signal: Option<&AbortSignal>, error: &JsValue) -> Attempt {
    if attempt.0.timed_out() {
        Attempt::Failed(Outcome::Timeout, String::new())
    } else if signal.is_some_and(signal_aborted) {
        Attempt::Failed(Outcome::Aborted, String::new())
    } else {
        let outcome = if unsent(error) {
            Outcome::Unsent
        } else {
            Outcome::Network
        };
        Attempt::Failed(outcome, failure_of(error))
    }
}

async fn attempt(
    config: &ClientConfig,
    call: &Call,
    max_bytes: usize,
    signal: Option<&AbortSignal>,
) -> Attempt {
    let attempt = Attempting(AttemptSignal::new(f64::from(config.timeout_ms), signal));
    // `request` stays alive until the body is read: Node's fetch (undici) reaches the request's
    // abort controller through a WeakRef, so once the Request object is garbage-collected an
    // abort no longer stops a body that is still arriving. (gloo-net's `send(self)` drops it as
    // soon as the headers are in; hence web-sys here.)
    let request = order_request(&spec(config, call), &attempt.0.signal());
    if request.is_undefined() {
        return Attempt::Failed(Outcome::Unsent, "the request could not be made".to_owned());
    }
    let response: web_sys::Response = match JsFuture::from(fetch_request(&request))
        .await
        .and_then(|r| r.dyn_into())
    {
        Ok(r) => r,
        Err(e) => return failure(&attempt, signal, &e),
    };
    let (status, retry_after, content_type, too_big) = response_head(&response, max_bytes);
    if too_big {
        attempt.0.cancel();
        return Attempt::TooBig(status);
    }
    // The body is read under the same signal: a slow drip times out like a silent server. As
    // bytes: downloads are binary (zip), and text is decoded from them.
    let read = match response.array_buffer() {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    drop(request);
    let buffer = match read.and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>()) {
        Ok(buffer) => buffer,
        Err(e) => return failure(&attempt, signal, &e),
    };
    // Past the limit by its length once read (no Content-Length was given): not copied.
    if buffer.byte_length() as usize > max_bytes {
        return Attempt::TooBig(status);
    }
    let body = bytes_of(&buffer);
    if status == 429 || status == 503 {
        Attempt::Retryable(status, body, retry_after)
    } else {
        Attempt::Done(status, content_type, body)
    }
}
