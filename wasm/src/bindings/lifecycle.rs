//! `CertCentralClient`'s calls after the order (spec addendum `lifecycle.md`). Each reads its
//! arguments (a wrong one rejects with a `TypeError` that names it), calls the transport and
//! writes the result; the requests, decoders and polling schedule are in
//! src/transport/lifecycle.rs, the request loop in src/transport/fetch.rs.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::{get, to_js, to_js_error, type_error, CertCentralClient};
use crate::models::CertificateDownload;
use crate::rules::Options;
use crate::transport::fetch::{self, WaitError};
use crate::transport::lifecycle::{
    self as calls, Answer, DownloadTarget, Op, Revoke, REVOCATION_REASONS,
};
use crate::transport::{ClientError, ErrorKind};

#[wasm_bindgen(module = "/../src/js/support.js")]
extern "C" {
    /// src/js/support.js: a callback's returned promise, not awaited, its rejection ignored.
    #[wasm_bindgen(js_name = ignoreRejection)]
    fn ignore_rejection(value: &JsValue);
}
use crate::value::Value;
use std::rc::Rc;

/// A call's options: an object (or nothing) with an optional `signal`.
struct Opts {
    object: JsValue,
    signal: Option<AbortSignal>,
}

impl Opts {
    fn read(options: &JsValue, method: &str) -> Result<Opts, JsValue> {
        if options.is_undefined() || options.is_null() {
            return Ok(Opts {
                object: JsValue::UNDEFINED,
                signal: None,
            });
        }
        if !options.is_object() {
            return Err(type_error(&crate::report::fill(
                "{} options must be an object",
                &[&method],
            )));
        }
        Ok(Opts {
            object: options.clone(),
            signal: super::signal_of(options)?,
        })
    }

    fn get(&self, key: &str) -> Result<JsValue, JsValue> {
        if self.object.is_undefined() {
            return Ok(JsValue::UNDEFINED);
        }
        get(&self.object, key)
    }

    /// A string option, or `None` when left out.
    fn text(&self, key: &str) -> Result<Option<String>, JsValue> {
        let v = self.get(key)?;
        if v.is_undefined() {
            return Ok(None);
        }
        v.as_string()
            .map(Some)
            .ok_or_else(|| type_error(&crate::report::fill("options.{} must be a string", &[&key])))
    }

    /// A boolean option, `false` when left out.
    fn flag(&self, key: &str) -> Result<bool, JsValue> {
        let v = self.get(key)?;
        match v.as_bool() {
            Some(b) => Ok(b),
            None if v.is_undefined() => Ok(false),
            None => Err(type_error(&crate::report::fill(
                "options.{} must be a boolean",
                &[&key],
            ))),
        }
    }

    /// A whole-number option in `min..=max`, or `None` when left out.
    fn whole(&self, key: &str, min: u32, max: u32) -> Result<Option<u32>, JsValue> {
        let v = self.get(key)?;
        if v.is_undefined() {
            return Ok(None);
        }
        match v.as_f64() {
            Some(n) if n.fract() == 0.0 && (f64::from(min)..=f64::from(max)).contains(&n) => {
                Ok(Some(n as u32))
            }
            _ => Err(type_error(&crate::report::fill(
                "options.{} must be a whole number from {} to {}",
                &[&key, &min, &max],
            ))),
        }
    }
}

/// An order or certificate id: a positive whole number, or its digits as a string; at most
/// 2^53 either way ([`calls::id_digits`]).
fn id_of(v: &JsValue, name: &str) -> Result<u64, JsValue> {
    let n = match v.as_string() {
        Some(s) => calls::id_digits(&s),
        None => v
            .as_f64()
            .filter(|n| crate::value::is_int(*n) && *n >= 1.0)
            .map(|n| n as u64),
    };
    n.filter(|&n| n > 0).ok_or_else(|| {
        type_error(&crate::report::fill(
            "{} must be a positive whole number (of type number) or its digits as a string",
            &[&name],
        ))
    })
}

fn client_error(e: ClientError) -> JsValue {
    to_js_error(&e)
}

/// The download as JS: `{ format, contentType, bytes: Uint8Array, pem? }`.
fn download_to_js(d: &CertificateDownload) -> JsValue {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Head<'a> {
        format: &'a str,
        content_type: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pem: Option<&'a str>,
    }
    let out = to_js(&Head {
        format: &d.format,
        content_type: &d.content_type,
        pem: d.pem.as_deref(),
    });
    with_bytes(&d.bytes, &out)
}

#[wasm_bindgen(module = "/../src/js/support.js")]
extern "C" {
    /// `head` with `bytes` copied into it as `bytes`.
    #[wasm_bindgen(js_name = withBytes)]
    fn with_bytes(bytes: &[u8], head: &JsValue) -> JsValue;
}

/// What `onRetry` is given: the attempt that failed, the wait before the next (ms), and why.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct RetryInfo {
    attempt: u32,
    delay_ms: u64,
    kind: ErrorKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
}

/// What a client call does once its arguments are read.
pub(crate) enum Job {
    /// A lifecycle call answered by one request.
    Op(Op),
    Order {
        product: String,
        body: String,
        alt: Option<String>,
        on_retry: Option<Function>,
    },
    Wait {
        id: u64,
        interval_ms: u32,
        timeout_ms: u32,
        /// Read the order only when the status-change list may show it changed.
        follow: bool,
        on_status: Option<Function>,
    },
    Reissue {
        id: u64,
        product: Option<String>,
        body: (Value<'static>, String),
        options: Options,
    },
}

/// Runs a client call. Every method comes through here, so the wasm holds one promise state
/// machine for all of them (measured: one per method cost ~2 KB gzip more).
pub(crate) fn run(
    client: Rc<fetch::Client>,
    job: Result<(Job, Option<AbortSignal>), JsValue>,
) -> Promise {
    future_to_promise(async move {
        let (job, signal) = job?;
        let signal = signal.as_ref();
        match job {
            Job::Op(op) => match fetch::perform(&client, op, signal).await {
                Ok(Answer::Json(v)) => Ok(to_js(&v)),
                Ok(Answer::Download(d)) => Ok(download_to_js(&d)),
                Ok(Answer::Nothing) => Ok(JsValue::UNDEFINED),
                Err(e) => Err(client_error(e)),
            },
            Job::Order {
                product,
                body,
                alt,
                on_retry,
            } => {
                // What the callback throws is ignored: the order goes on.
                let tell = on_retry.map(|f| {
                    move |attempt: u32, delay_ms: u64, err: &ClientError| {
                        let info = RetryInfo {
                            attempt,
                            delay_ms,
                            kind: err.kind,
                            status: err.status,
                        };
                        if let Ok(returned) = f.call1(&JsValue::NULL, &to_js(&info)) {
                            ignore_rejection(&returned);
                        }
                    }
                });
                let tell = tell.as_ref().map(|t| t as fetch::OnRetry<'_>);
                let sent =
                    fetch::send_order(&client, &product, &body, alt.as_deref(), tell, signal);
                sent.await.map(|r| to_js(&r)).map_err(client_error)
            }
            Job::Wait {
                id,
                interval_ms,
                timeout_ms,
                follow,
                on_status,
            } => {
                let report = on_status.map(|f| {
                    move |o: &Value<'static>| {
                        f.call1(&JsValue::NULL, &to_js(o))
                            .map(|returned| ignore_rejection(&returned))
                    }
                });
                let report = report.as_ref().map(|r| r as fetch::OnStatus<'_>);
                let waited = fetch::wait_for_issuance(
                    &client,
                    id,
                    interval_ms,
                    timeout_ms,
                    follow,
                    report,
                    signal,
                );
                match waited.await {
                    Ok(order) => Ok(to_js(&order)),
                    Err(WaitError::Client(e)) => Err(client_error(e)),
                    Err(WaitError::Callback(thrown)) => Err(thrown),
                }
            }
            Job::Reissue {
                id,
                product,
                body,
                options,
            } => {
                let done = fetch::reissue(&client, id, product, body, &options, signal);
                done.await.map(|r| to_js(&r)).map_err(client_error)
            }
        }
    })
}

/// A lifecycle call of one request.
fn run_op(client: Rc<fetch::Client>, op: Result<(Op, Opts), JsValue>) -> Promise {
    run(client, op.map(|(op, o)| (Job::Op(op), o.signal)))
}

/// An id argument and the options.
fn with_id(
    id: &JsValue,
    name: &str,
    options: &JsValue,
    method: &str,
) -> Result<(u64, Opts), JsValue> {
    Ok((id_of(id, name)?, Opts::read(options, method)?))
}

#[wasm_bindgen]
impl CertCentralClient {
    /// `GET /order/certificate/{order_id}`.
    #[wasm_bindgen(js_name = getOrder, skip_typescript)]
    pub fn get_order(&self, order_id: JsValue, options: JsValue) -> Promise {
        let op = with_id(&order_id, "orderId", &options, "getOrder");
        run_op(self.client.clone(), op.map(|(id, o)| (Op::GetOrder(id), o)))
    }

    /// `GET /order/alternate/{alternative_order_id}`.
    #[wasm_bindgen(js_name = findOrdersByAlternativeId, skip_typescript)]
    pub fn find_orders_by_alternative_id(&self, alt: JsValue, options: JsValue) -> Promise {
        let alt = alt
            .as_string()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| type_error("alternativeOrderId must be a non-empty string"));
        let op = alt.and_then(|a| {
            let o = Opts::read(&options, "findOrdersByAlternativeId")?;
            Ok((Op::FindByAlternativeId(a), o))
        });
        run_op(self.client.clone(), op)
    }

    /// `GET /order/certificate/status-changes`: at least one of `minutes` and `seconds`, together
    /// at most seven days (lifecycle.md §3).
    #[wasm_bindgen(js_name = statusChanges, skip_typescript)]
    pub fn status_changes(&self, options: JsValue) -> Promise {
        let op = Opts::read(&options, "statusChanges").and_then(|o| {
            let minutes = o.whole("minutes", 0, calls::MAX_CHANGE_MINUTES)?;
            let seconds = o.whole("seconds", 0, calls::MAX_CHANGE_SECONDS)?;
            let total = u64::from(minutes.unwrap_or(0)) * 60 + u64::from(seconds.unwrap_or(0));
            if total == 0 || total > u64::from(calls::MAX_CHANGE_SECONDS) {
                return Err(type_error("statusChanges needs options.minutes and/or options.seconds, together more than 0 and at most 7 days"));
            }
            Ok((Op::StatusChanges(minutes, seconds), o))
        });
        run_op(self.client.clone(), op)
    }

    /// A certificate's file: `{ orderId }` for the order's active certificate, `{ certificateId }`
    /// for one by id; `format` default `pem_all`.
    #[wasm_bindgen(js_name = downloadCertificate, skip_typescript)]
    pub fn download_certificate(&self, target: JsValue, options: JsValue) -> Promise {
        run_op(self.client.clone(), download_args(&target, &options))
    }

    /// `PUT /order/certificate/{order_id}/status` to `canceled`. CertCentral requires a note for
    /// a cancellation (lifecycle.md §6, firm); without one the client sends a plain default.
    #[wasm_bindgen(js_name = cancelOrder, skip_typescript)]
    pub fn cancel_order(&self, order_id: JsValue, options: JsValue) -> Promise {
        let op = with_id(&order_id, "orderId", &options, "cancelOrder").and_then(|(id, o)| {
            let note = o.text("note")?.filter(|n| !n.trim_ascii().is_empty());
            let note = note.unwrap_or_else(|| "Canceled through the API.".to_owned());
            Ok((Op::Cancel(id, note), o))
        });
        run_op(self.client.clone(), op)
    }

    /// `PUT /certificate/{certificate_id}/revoke`.
    #[wasm_bindgen(js_name = revokeCertificate, skip_typescript)]
    pub fn revoke_certificate(&self, certificate_id: JsValue, options: JsValue) -> Promise {
        let op = with_id(
            &certificate_id,
            "certificateId",
            &options,
            "revokeCertificate",
        )
        .and_then(|(id, o)| Ok((Op::Revoke(id, revoke_args(&o)?), o)));
        run_op(self.client.clone(), op)
    }

    /// `PUT /order/certificate/{order_id}/check-dcv`.
    #[wasm_bindgen(js_name = checkDcv, skip_typescript)]
    pub fn check_dcv(&self, order_id: JsValue, options: JsValue) -> Promise {
        let op = with_id(&order_id, "orderId", &options, "checkDcv");
        run_op(self.client.clone(), op.map(|(id, o)| (Op::CheckDcv(id), o)))
    }

    /// `GET /order/certificate/{order_id}/reissue` (`options.showArchived`: the archived ones
    /// too).
    #[wasm_bindgen(js_name = listReissues, skip_typescript)]
    pub fn list_reissues(&self, order_id: JsValue, options: JsValue) -> Promise {
        let op = with_id(&order_id, "orderId", &options, "listReissues")
            .and_then(|(id, o)| Ok((Op::Reissues(id, o.flag("showArchived")?), o)));
        run_op(self.client.clone(), op)
    }

    /// Polls the order until it is issued; see [`fetch::wait_for_issuance`].
    #[wasm_bindgen(js_name = waitForIssuance, skip_typescript)]
    pub fn wait_for_issuance(&self, order_id: JsValue, options: JsValue) -> Promise {
        let args = with_id(&order_id, "orderId", &options, "waitForIssuance").and_then(wait_args);
        run(self.client.clone(), args)
    }

    /// `POST /order/certificate/{order_id}/reissue`, after the body passes the reissue rules of
    /// the order's product (`options.product`, else read from the order first).
    #[wasm_bindgen(js_name = reissueOrder, skip_typescript)]
    pub fn reissue_order(&self, order_id: JsValue, body: JsValue, options: JsValue) -> Promise {
        let args = with_id(&order_id, "orderId", &options, "reissueOrder").and_then(|(id, o)| {
            let (value, json, options) = super::read_body(&body, &o.get("today")?)?;
            let product = o.text("product")?;
            let job = Job::Reissue {
                id,
                product,
                body: (value, json),
                options,
            };
            Ok((job, o.signal))
        });
        run(self.client.clone(), args)
    }
}

fn wait_args((id, o): (u64, Opts)) -> Result<(Job, Option<AbortSignal>), JsValue> {
    let interval = o.whole("intervalMs", 1, 2_147_483_647)?;
    let timeout = o.whole("timeoutMs", 1, 2_147_483_647)?;
    let on_status = o.get("onStatus")?;
    let on_status = match on_status.is_undefined() {
        true => None,
        false => Some(
            on_status
                .dyn_into::<Function>()
                .map_err(|_| type_error("options.onStatus must be a function"))?,
        ),
    };
    let job = Job::Wait {
        id,
        interval_ms: interval.unwrap_or(calls::DEFAULT_POLL_INTERVAL_MS),
        timeout_ms: timeout.unwrap_or(calls::DEFAULT_WAIT_TIMEOUT_MS),
        follow: o.flag("statusChanges")?,
        on_status,
    };
    Ok((job, o.signal))
}

fn revoke_args(o: &Opts) -> Result<Revoke, JsValue> {
    let reason = o.text("reason")?;
    if reason
        .as_deref()
        .is_some_and(|r| !REVOCATION_REASONS.contains(&r))
    {
        return Err(type_error(&crate::report::fill(
            "options.reason must be one of {}",
            &[&crate::rules::join(REVOCATION_REASONS, ", ")],
        )));
    }
    Ok(Revoke {
        reason,
        comments: o.text("comments")?,
        skip_approval: o.flag("skipApproval")?,
    })
}

fn download_args(target: &JsValue, options: &JsValue) -> Result<(Op, Opts), JsValue> {
    let wrong = || type_error("the download target must be { orderId } or { certificateId }");
    if !target.is_object() {
        return Err(wrong());
    }
    // A target whose keys cannot be read (a getter or Proxy trap that throws) is not one.
    let read = |key: &str| get(target, key).map_err(|_| wrong());
    let (order, cert) = (read("orderId")?, read("certificateId")?);
    let target = match (order.is_undefined(), cert.is_undefined()) {
        (false, true) => DownloadTarget::Order(id_of(&order, "orderId")?),
        (true, false) => DownloadTarget::Certificate(id_of(&cert, "certificateId")?),
        _ => return Err(wrong()),
    };
    let o = Opts::read(options, "downloadCertificate")?;
    let format = o
        .text("format")?
        .unwrap_or_else(|| calls::DEFAULT_FORMAT.to_owned());
    if format.is_empty() {
        return Err(type_error(
            "options.format must not be empty, e.g. \"pem_all\" or \"default\"",
        ));
    }
    Ok((Op::Download(target, format), o))
}
