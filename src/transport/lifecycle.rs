//! After the order (spec addendum `lifecycle.md`): the requests of each lifecycle call, the
//! decoders of their answers and the polling schedule of a wait. Pure, so all of it is tested
//! and fuzzed natively; wasm/src/transport/fetch.rs sends the requests.

use super::{with_body, ClientConfig, ClientError, ErrorKind, MAX_RESPONSE_BYTES};
use crate::models::CertificateDownload;
#[cfg(not(target_arch = "wasm32"))]
use crate::models::{DcvStatus, OrderInfo, OrderRef, ReissuedCertificate, RevokeResult};
use crate::report::text;
use crate::value::Value;

/// Downloads are a certificate and its chain, a few KB; a body past this is not one.
pub const MAX_DOWNLOAD_BYTES: usize = 1 << 20;

/// The format `downloadCertificate` asks for when none is given: every certificate of the chain
/// as PEM text, the one format every TLS stack reads (lifecycle.md §5).
pub const DEFAULT_FORMAT: &str = "pem_all";

/// `minutes` and `seconds` of status changes: at most 10080 and 604800, and together at most
/// seven days (lifecycle.md §3, firm).
pub const MAX_CHANGE_MINUTES: u32 = 10_080;
pub const MAX_CHANGE_SECONDS: u32 = 604_800;

/// Waiting for issuance: the first poll is at once (the caller hears the status it starts from),
/// the next after `intervalMs` (default 10 s), each next wait 1.5 times longer, never more than
/// a minute (or `intervalMs`, when that is longer); the whole wait gives up after `timeoutMs`
/// (default 15 minutes). Issuance of a DV order takes
/// minutes, of OV/EV hours or days: a long wait belongs in a re-run, which the alternate-id
/// lookup and `getOrder` make cheap.
pub const DEFAULT_POLL_INTERVAL_MS: u32 = 10_000;
pub const MAX_POLL_INTERVAL_MS: u32 = 60_000;
pub const DEFAULT_WAIT_TIMEOUT_MS: u32 = 900_000;

/// The delay before poll number `polls_done + 1`.
pub fn poll_delay(interval_ms: u32, polls_done: u32) -> u64 {
    let cap = f64::from(MAX_POLL_INTERVAL_MS.max(interval_ms));
    let grown = f64::from(interval_ms) * 1.5f64.powi(polls_done.min(64) as i32);
    grown.min(cap) as u64
}

/// What a wait does after a poll saw `status`: done, ended without a certificate (a final
/// status: `rejected`, `canceled`, `revoked`, `expired`), out of time, or poll again after a
/// delay ([`poll_delay`], cut to the time left, so the last poll falls on the deadline).
#[derive(Clone, Debug, PartialEq)]
pub enum WaitStep {
    Issued,
    Ended,
    TimedOut,
    PollAfter(u64),
}

pub fn wait_step(
    status: &str,
    polls: u32,
    interval_ms: u32,
    now_ms: f64,
    deadline_ms: f64,
) -> WaitStep {
    let status = crate::models::OrderStatus::from(status);
    if status == crate::models::OrderStatus::Issued {
        return WaitStep::Issued;
    }
    if status.is_final() {
        return WaitStep::Ended;
    }
    let left = deadline_ms - now_ms;
    if left <= 0.0 {
        return WaitStep::TimedOut;
    }
    let delay = (poll_delay(interval_ms, polls.saturating_sub(1)) as f64).min(left.ceil());
    WaitStep::PollAfter(delay as u64)
}

/// Of the orders a lookup by alternative id lists (lifecycle.md §4: `{order_id, certificate_id,
/// status}`, several may share one id), the one an order whose answer was lost may have become:
/// the newest (ids grow) that is not in a final status, which an order just created never is.
/// An old order under the same id that was canceled, rejected, revoked or has expired is passed
/// over; `None` when nothing is left. Its id and certificate id.
pub fn just_placed(found: &[Value<'_>]) -> Option<(u64, Option<u64>)> {
    let mut best: Option<(u64, Option<u64>)> = None;
    for order in found {
        let id = |k: &str| {
            order
                .get(k)
                .and_then(Value::as_int)
                .and_then(|n| u64::try_from(n).ok())
        };
        let status = order.get("status").and_then(Value::as_str).unwrap_or("");
        if crate::models::OrderStatus::from(status).is_final() {
            continue;
        }
        if let Some(order_id) = id("order_id") {
            if best.is_none_or(|(b, _)| order_id > b) {
                best = Some((order_id, id("certificate_id")));
            }
        }
    }
    best
}

/// How far back a status-change poll looks at most, ms: the first of a client, and one after
/// a long pause (a new run then). A wait that read its order longer ago than that reads it once
/// more before it relies on the list.
const FIRST_CHANGES_MS: f64 = 600_000.0;

/// How far each status-change poll reaches back before the one answered before it, ms. The
/// server counts `seconds` back from when it answers, up to the whole of a slow answer later
/// than the poll was sent: an answer slower than this leaves a gap, and the run of polls starts
/// again ([`Changes::heard`]).
const CHANGES_OVERLAP_MS: f64 = 60_000.0;

/// A status-change list this long may be one page of several (lifecycle.md §3 offers paging
/// without saying its default; §4's pages hold 1000): it is not taken as complete.
const CHANGES_PAGE: usize = 1000;

/// How many listed orders a client keeps: past this the run of lists starts again (the waits
/// read their orders once more), so a client that follows the list for days stays small.
const CHANGES_KEPT: usize = 10_000;

/// What a client's status-change polls have told (lifecycle.md §3: one request lists every
/// order of the account whose status changed), for the waits that read their order only when it
/// is listed (`waitForIssuance`'s `statusChanges`): thousands of waits then cost one request per
/// interval, not one each. Times are the wall clock's, in ms.
#[derive(Debug, Default)]
pub struct Changes {
    /// From when every change up to `last` was listed: an unbroken run of answered polls.
    since: Option<f64>,
    /// When the last answered poll was sent (its list reaches at least that far).
    last: Option<f64>,
    /// When the last poll was sent, answered or not.
    asked: Option<f64>,
    /// A poll is under way.
    busy: bool,
    /// CertCentral refused the list (a 4xx): the waits read their orders themselves.
    off: bool,
    /// The orders listed as issued or in a final status (what ends a wait), each with when the
    /// last poll that listed it so was sent.
    listed: Vec<(u64, f64)>,
}

/// What an error adds when a cancellation's outcome is unknown ([`Op::unsure`]); the command line
/// gives its own advice in its place.
pub const CANCEL_UNSURE: &str =
    " The order may have been canceled: check its status (getOrder) before asking again.";

impl Changes {
    /// The `seconds` to ask for in a poll sent at `now`, which is then under way; `None` when no
    /// poll is due: one is under way, one was sent less than `every_ms` ago, or the list was
    /// refused. Each poll reaches back past the last answered one by [`CHANGES_OVERLAP_MS`], or
    /// [`FIRST_CHANGES_MS`] when there is none that recent.
    pub fn send(&mut self, now: f64, every_ms: u32) -> Option<u32> {
        if self.asked.is_some_and(|at| now < at) {
            // The clock was set back: what the lists told no longer compares with it.
            *self = Changes {
                off: self.off,
                ..Changes::default()
            };
        }
        let early = self.asked.is_some_and(|at| now - at < f64::from(every_ms));
        if self.busy || self.off || early {
            return None;
        }
        self.busy = true;
        self.asked = Some(now);
        let back = self.last.map_or(FIRST_CHANGES_MS, |last| now - last);
        let most = FIRST_CHANGES_MS.max(span(every_ms));
        Some(((back.min(most) + CHANGES_OVERLAP_MS) / 1000.0).ceil() as u32)
    }

    /// The poll sent at `sent` for `seconds` was answered at `now`, listing `orders` (lifecycle.md
    /// §3: `{order_id, certificate_id, status}`, the status an order has as it answers). Its list
    /// reaches back at least to `now - seconds`: the run goes on when that is no later than the
    /// last answered poll, and starts again from there otherwise. A list that may be one page
    /// of several leaves no run (orders it does not list may have changed).
    pub fn heard(&mut self, sent: f64, seconds: u32, now: f64, orders: &[Value<'_>]) {
        self.busy = false;
        let from = now - f64::from(seconds) * 1000.0;
        if !self.last.is_some_and(|last| from <= last) || self.listed.len() > CHANGES_KEPT {
            // A new run: what was listed before it tells a wait nothing ([`Changes::unchanged`]).
            self.since = None;
            self.listed.clear();
        }
        if orders.len() < CHANGES_PAGE {
            self.since.get_or_insert(from);
        } else {
            self.since = None;
        }
        self.last = Some(sent);
        for order in orders {
            let status = order.get("status").and_then(Value::as_str).unwrap_or("");
            let status = crate::models::OrderStatus::from(status);
            if status != crate::models::OrderStatus::Issued && !status.is_final() {
                continue; // a status a wait goes on waiting in
            }
            if let Some(id) = order.get("order_id").and_then(Value::as_int) {
                match self.listed.iter_mut().find(|(o, _)| *o as i64 == id) {
                    Some(entry) => entry.1 = sent,
                    None => self.listed.push((id as u64, sent)),
                }
            }
        }
    }

    /// A poll got no list, for `error`. The run stands (the next poll reaches back over this
    /// one's time), whether the poll was given up with its wait (aborted, or out of its time)
    /// or failed; when polls keep failing the waits read their orders ([`Changes::unchanged`]).
    /// A refusal (a 4xx other than a timeout or the rate limit) is for good: the list is not
    /// asked for again.
    pub fn failed(&mut self, error: &ClientError) {
        self.busy = false;
        let status = error.status.unwrap_or(0);
        if error.kind == ErrorKind::Api
            && (400..500).contains(&status)
            && status != 408
            && status != 429
        {
            self.off = true;
            self.since = None;
        }
    }

    /// Whether a wait that polls every `every_ms` and read `order` at `read` need not read it
    /// again at `now`: the lists, unbroken since before `read` and answered lately (within
    /// [`span`]), have not named it issued or in a final status since. (A list gives the status
    /// an order has as it answers; a change to a status the wait goes on waiting in changes
    /// nothing for it.) Changes after the last list are told by the next, which is due or under
    /// way; while a client's first list is under way, for at most `every_ms`, the wait waits
    /// for it. When no list came lately (they fail, or may be pages), each wait reads its order
    /// once a span, so that thousands of waits still keep to the rate budget; when the list was
    /// refused, at every poll, as without the list.
    pub fn unchanged(&self, order: u64, read: f64, now: f64, every_ms: u32) -> bool {
        let span = span(every_ms);
        match (self.since, self.last) {
            // Set back behind the last list, the clock compares with nothing it told.
            (_, Some(last)) if now < last => false,
            (Some(since), Some(last)) if now - last <= span => {
                since <= read && !self.listed.iter().any(|&(o, at)| o == order && at >= read)
            }
            (_, None) => self.busy && self.asked.is_some_and(|at| now - at < f64::from(every_ms)),
            _ => !self.off && now - read < span,
        }
    }
}

/// How long the status-change lists may go unanswered before the waits that follow them read
/// their orders themselves, ms: two of the longest intervals between a wait's polls (a list is
/// sent at a wait's poll), which also bounds how far back a poll reaches.
fn span(every_ms: u32) -> f64 {
    2.0 * f64::from(every_ms.max(MAX_POLL_INTERVAL_MS))
}

/// A lifecycle call (one `CertCentralClient` method), as its arguments were read.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    GetOrder(u64),
    FindByAlternativeId(String),
    StatusChanges(Option<u32>, Option<u32>),
    Download(DownloadTarget, String),
    Cancel(u64, String),
    Revoke(u64, Revoke),
    CheckDcv(u64),
    /// An order's reissues; `true` asks for the archived ones too.
    Reissues(u64, bool),
}

/// What a lifecycle call answers: JSON for JavaScript, or a download.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Json(Value<'static>),
    Download(CertificateDownload),
    Nothing,
}

impl Op {
    /// The request, and the largest body it may answer with.
    pub fn call(&self, config: &ClientConfig) -> (Call, usize) {
        match self {
            Op::GetOrder(id) => (config.order_info(*id), MAX_RESPONSE_BYTES),
            Op::FindByAlternativeId(alt) => {
                (config.orders_by_alternative_id(alt), MAX_RESPONSE_BYTES)
            }
            Op::StatusChanges(m, s) => (config.status_changes(*m, *s), MAX_RESPONSE_BYTES),
            Op::Download(target, format) => (config.download(*target, format), MAX_DOWNLOAD_BYTES),
            Op::Cancel(id, note) => (config.cancel(*id, note), MAX_RESPONSE_BYTES),
            Op::Revoke(id, revoke) => (config.revoke(*id, revoke), MAX_RESPONSE_BYTES),
            Op::CheckDcv(id) => (config.check_dcv(*id), MAX_RESPONSE_BYTES),
            Op::Reissues(id, archived) => (config.reissues(*id, *archived), MAX_RESPONSE_BYTES),
        }
    }

    /// What an error adds when this call's outcome is unknown (a timeout, a dropped connection,
    /// a 5xx) and it was not sent again; `None` for the calls that are sent again then. Reads and a
    /// DCV check may be repeated. A cancellation or a revocation may already have been applied: a
    /// second revocation is a second request an administrator must answer, and a second
    /// cancellation is refused (`invalid_order_status`) after the first worked, so neither is
    /// repeated and the error says what to check.
    pub fn unsure(&self) -> Option<&'static str> {
        match self {
            Op::Cancel(..) => Some(CANCEL_UNSURE),
            Op::Revoke(..) => Some(" The revocation may have been requested: check the certificate's status (getOrder) before asking again."),
            _ => None,
        }
    }

    /// Reads a 2xx answer to [`Op::call`]'s request.
    pub fn answer(
        self,
        status: u16,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Result<Answer, String> {
        let text = || text(&body);
        Ok(match self {
            Op::GetOrder(_) => Answer::Json(normalize_body(&text(), ORDER_INFO)?),
            Op::FindByAlternativeId(_) | Op::StatusChanges(..) => {
                Answer::Json(normalize_order_refs(&text())?)
            }
            Op::Reissues(..) => Answer::Json(normalize_reissues(&text())?),
            Op::CheckDcv(_) => Answer::Json(normalize_body(&text(), DCV_STATUS)?),
            Op::Revoke(..) => Answer::Json(normalize_revoke(status, &text())?),
            Op::Cancel(..) => Answer::Nothing,
            Op::Download(_, format) => {
                Answer::Download(decode_download(&format, content_type, body)?)
            }
        })
    }
}

/// A body as text: UTF-8 with a leading byte-order mark dropped, as `Response.text()` reads it.
/// Bytes that are not UTF-8 give no text (every answer read as text is JSON, which is UTF-8; a
/// lossy decoder would cost the wasm 1 KB).
pub fn text(body: &[u8]) -> String {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    String::from_utf8(body.to_vec()).unwrap_or_default()
}

/// An id written as digits (and only digits), within 2^53: checked before it becomes a
/// JavaScript number, which would round 2^53 + 1 to 2^53, another id.
pub fn id_digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u64>().ok().filter(|&n| n <= 1 << 53)
}

/// The download formats the glossary documents (lifecycle.md §5), the ZIP ones first. The list
/// may be longer (§5: likely), so the client sends any name; the command line refuses another
/// before it places an order it is to download (src/js/data.js carries this list to it).
pub const DOWNLOAD_FORMATS: &[&str] = &[
    "default",
    "apache",
    "default_cer",
    "default_pem",
    "cer",
    "p7b",
    "pem_all",
    "pem_noroot",
    "pem_nointermediate",
];

/// The formats whose body is a ZIP archive (§5, firm).
const ZIP_FORMATS: &[&str] = &["default", "apache", "default_cer", "default_pem"];

/// Which certificate a download names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DownloadTarget {
    /// The order's active certificate (firm).
    Order(u64),
    /// A certificate by id: duplicates and reissues (likely).
    Certificate(u64),
}

/// The parts of a request besides the headers every request carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub method: &'static str,
    pub url: String,
    /// JSON text, for PUT and POST.
    pub body: Option<String>,
}

impl Call {
    fn get(url: String) -> Call {
        Call {
            method: "GET",
            url,
            body: None,
        }
    }
}

/// A path segment with everything but RFC 3986's unreserved characters percent-encoded, so an
/// alternative order id or a format can never change the path.
pub fn segment(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

impl ClientConfig {
    fn url(&self, path: &str) -> String {
        text!("{}{}", self.base_url.trim_end_matches('/'), path)
    }

    /// `GET /order/certificate/{order_id}`.
    pub fn order_info(&self, order_id: u64) -> Call {
        Call::get(self.url(&text!("/order/certificate/{}", order_id)))
    }

    /// `GET /order/alternate/{alternative_order_id}`.
    pub fn orders_by_alternative_id(&self, id: &str) -> Call {
        Call::get(self.url(&text!("/order/alternate/{}", segment(id))))
    }

    /// `GET /order/certificate/status-changes?minutes=&seconds=`.
    pub fn status_changes(&self, minutes: Option<u32>, seconds: Option<u32>) -> Call {
        let mut query = Vec::new();
        if let Some(m) = minutes {
            query.push(text!("minutes={}", m));
        }
        if let Some(s) = seconds {
            query.push(text!("seconds={}", s));
        }
        Call::get(self.url(&text!(
            "/order/certificate/status-changes?{}",
            crate::rules::join(&query, "&")
        )))
    }

    /// `GET /certificate/download/order/{order_id}/format/{format}` or
    /// `GET /certificate/{certificate_id}/download/format/{format}`.
    pub fn download(&self, target: DownloadTarget, format: &str) -> Call {
        let format = segment(format);
        Call::get(self.url(&match target {
            DownloadTarget::Order(id) => {
                text!("/certificate/download/order/{}/format/{}", id, format)
            }
            DownloadTarget::Certificate(id) => {
                text!("/certificate/{}/download/format/{}", id, format)
            }
        }))
    }

    /// `PUT /order/certificate/{order_id}/status` with `{"status": "canceled", "note": ...}`.
    pub fn cancel(&self, order_id: u64, note: &str) -> Call {
        let mut body = String::from("{\"status\":\"canceled\",\"note\":");
        crate::json::write_escaped(&mut body, note);
        body.push('}');
        Call {
            method: "PUT",
            url: self.url(&text!("/order/certificate/{}/status", order_id)),
            body: Some(body),
        }
    }

    /// `PUT /certificate/{certificate_id}/revoke`. The examples send `comments` (lifecycle.md §7).
    pub fn revoke(&self, certificate_id: u64, revoke: &Revoke) -> Call {
        let mut body = String::from("{");
        let mut field = |name: &str, value: Option<&str>| {
            if let Some(v) = value {
                if body.len() > 1 {
                    body.push(',');
                }
                crate::json::write_escaped(&mut body, name);
                body.push(':');
                crate::json::write_escaped(&mut body, v);
            }
        };
        field("revocation_reason", revoke.reason.as_deref());
        field("comments", revoke.comments.as_deref());
        if revoke.skip_approval {
            if body.len() > 1 {
                body.push(',');
            }
            body.push_str("\"skip_approval\":true");
        }
        body.push('}');
        Call {
            method: "PUT",
            url: self.url(&text!("/certificate/{}/revoke", certificate_id)),
            body: Some(body),
        }
    }

    /// `POST /order/certificate/{order_id}/reissue` with the (validated) body's JSON text.
    pub fn reissue(&self, order_id: u64, body: String) -> Call {
        Call {
            method: "POST",
            url: self.url(&text!("/order/certificate/{}/reissue", order_id)),
            body: Some(body),
        }
    }

    /// `GET /order/certificate/{order_id}/reissue`, with `show_archived=true` when asked
    /// (lifecycle.md §8).
    pub fn reissues(&self, order_id: u64, archived: bool) -> Call {
        let query = if archived { "?show_archived=true" } else { "" };
        Call::get(self.url(&text!("/order/certificate/{}/reissue{}", order_id, query)))
    }

    /// `PUT /order/certificate/{order_id}/check-dcv`, with no body: the whole order is checked.
    pub fn check_dcv(&self, order_id: u64) -> Call {
        Call {
            method: "PUT",
            url: self.url(&text!("/order/certificate/{}/check-dcv", order_id)),
            body: None,
        }
    }
}

/// What a revocation asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Revoke {
    pub reason: Option<String>,
    pub comments: Option<String>,
    pub skip_approval: bool,
}

/// The revocation reasons (lifecycle.md §7, firm; camelCase as the API spells them). Used for
/// TLS certificates only; CertCentral ignores it for others.
pub const REVOCATION_REASONS: &[&str] = &[
    "unspecified",
    "keyCompromise",
    "affiliationChanged",
    "superseded",
    "cessationOfOperation",
];

/// How a field of an answer is read. Lenient where real bodies vary (lifecycle.md, peers'
/// recorded bodies): an id may come as digits in a string, a text id (`ca_cert.id`) as a number,
/// and `null` for an optional field is the same as leaving it out.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A whole number from 0 to 2^53, or its digits as a string: written as a number.
    Id,
    /// A whole number (may be negative).
    Int,
    Text,
    /// Text, or a whole number: written as text.
    IdText,
    /// A list of text.
    Texts,
    /// An object read by its own table.
    Object(&'static [Spec]),
    /// A list of objects read by one table.
    Objects(&'static [Spec]),
}

/// Whether an answer must carry a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
    /// A list that is empty when left out.
    EmptyList,
}

/// One field of an answer's table. Fields no table names are kept as sent.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub name: &'static str,
    pub kind: Kind,
    pub need: Need,
}

const fn opt(name: &'static str, kind: Kind) -> Spec {
    Spec {
        name,
        kind,
        need: Need::Optional,
    }
}

const fn req(name: &'static str, kind: Kind) -> Spec {
    Spec {
        name,
        kind,
        need: Need::Required,
    }
}

const fn list(name: &'static str, item: &'static [Spec]) -> Spec {
    Spec {
        name,
        kind: Kind::Objects(item),
        need: Need::EmptyList,
    }
}

/// `GET /order/certificate/{order_id}` (lifecycle.md §2; model: [`crate::models::OrderInfo`]).
pub const ORDER_INFO: &[Spec] = &[
    req("id", Kind::Id),
    req("status", Kind::Text),
    opt("certificate", Kind::Object(ORDER_CERTIFICATE)),
    opt("product", Kind::Object(ORDER_PRODUCT)),
];

const ORDER_CERTIFICATE: &[Spec] = &[
    opt("id", Kind::Id),
    opt("common_name", Kind::Text),
    opt("dns_names", Kind::Texts),
    opt("emails", Kind::Texts),
    opt("serial_number", Kind::Text),
    opt("thumbprint", Kind::Text),
    opt("date_created", Kind::Text),
    opt("date_issued", Kind::Text),
    opt("valid_from", Kind::Text),
    opt("valid_till", Kind::Text),
    opt("days_remaining", Kind::Int),
    opt("signature_hash", Kind::Text),
    opt("key_size", Kind::Id),
    opt("ca_cert", Kind::Object(CA_CERT)),
];

const CA_CERT: &[Spec] = &[opt("id", Kind::IdText), opt("name", Kind::Text)];

const ORDER_PRODUCT: &[Spec] = &[opt("name_id", Kind::Text), opt("name", Kind::Text)];

/// An entry of the status-change and alternate-id lists (lifecycle.md §3, §4; [`crate::models::OrderRef`]).
pub const ORDER_REF: &[Spec] = &[
    req("order_id", Kind::Id),
    opt("certificate_id", Kind::Id),
    req("status", Kind::Text),
];

/// The lists' body: `{"orders": [...]}`; the spec shows `{}` for no changes
/// ([`normalize_order_refs`] tells the two apart from other shapes).
const ORDER_REFS: &[Spec] = &[opt("orders", Kind::Objects(ORDER_REF))];

/// An entry of an order's reissues (lifecycle.md §8; [`crate::models::ReissuedCertificate`]).
pub const REISSUED_CERTIFICATE: &[Spec] = &[
    req("status", Kind::Text),
    opt("date_created", Kind::Text),
    opt("date_issued", Kind::Text),
    opt("valid_till", Kind::Text),
    opt("csr", Kind::Text),
    opt("key_size", Kind::Id),
];

/// The reissues' body: `{"certificates": [...]}`.
const REISSUES: &[Spec] = &[opt("certificates", Kind::Objects(REISSUED_CERTIFICATE))];

/// `PUT .../check-dcv` (lifecycle.md §9; [`crate::models::DcvStatus`]).
pub const DCV_STATUS: &[Spec] = &[
    req("order_status", Kind::Text),
    opt("certificate_id", Kind::Id),
    opt("dcv_status", Kind::Text),
    list("dns_name_validations", DNS_NAME_VALIDATION),
];

const DNS_NAME_VALIDATION: &[Spec] = &[req("dns_name", Kind::Text), opt("status", Kind::Text)];

/// A revocation request, the 201 body of a revocation (lifecycle.md §7; [`crate::models::RevokeRequest`]).
pub const REVOKE_REQUEST: &[Spec] = &[req("id", Kind::Id), opt("status", Kind::Text)];

/// Reads `v` by `specs` in place: each named field checked and written in its one form, a
/// `null` optional field dropped, an empty list added where one is left out; other fields kept.
fn normalize(v: &mut Value<'static>, specs: &[Spec], at: &str) -> Result<(), String> {
    let Value::Object(fields) = v else {
        return Err(text!("{} is not a JSON object", name_of(at, "")));
    };
    for spec in specs {
        let found = fields.iter().rposition(|(k, _)| k == spec.name);
        let here = name_of(at, spec.name);
        match (found, spec.need) {
            (Some(i), need) if matches!(fields.get(i), Some((_, Value::Null))) => {
                if need == Need::Required {
                    return Err(text!("{} is null", here));
                }
                fields.remove(i);
                if need == Need::EmptyList {
                    fields.push((spec.name.into(), Value::Array(Vec::new())));
                }
            }
            (Some(i), _) => {
                if let Some((_, field)) = fields.get_mut(i) {
                    read_field(field, spec.kind, &here)?;
                }
            }
            (None, Need::Required) => return Err(text!("{} is missing", here)),
            (None, Need::EmptyList) => fields.push((spec.name.into(), Value::Array(Vec::new()))),
            (None, Need::Optional) => {}
        }
    }
    Ok(())
}

fn name_of(at: &str, name: &str) -> String {
    match (at.is_empty(), name.is_empty()) {
        (true, true) => "the body".to_owned(),
        (true, false) => name.to_owned(),
        (false, true) => at.to_owned(),
        (false, false) => text!("{}.{}", at, name),
    }
}

fn read_field(field: &mut Value<'static>, kind: Kind, here: &str) -> Result<(), String> {
    let wrong = |what: &str| text!("{} is not {}", here, what);
    match kind {
        Kind::Id => {
            // Within 2^53, as a JavaScript number holds exactly (CertCentral's ids are far
            // smaller).
            let n = match &*field {
                Value::String(s) => id_digits(s.trim_ascii()),
                v => v.as_int().and_then(|n| u64::try_from(n).ok()),
            };
            *field = Value::Number(n.ok_or_else(|| wrong("an id"))? as f64);
        }
        Kind::Int => {
            field.as_int().ok_or_else(|| wrong("a whole number"))?;
        }
        Kind::Text => {
            field.as_str().ok_or_else(|| wrong("text"))?;
        }
        Kind::IdText => {
            if field.as_str().is_none() {
                let n = field.as_int().ok_or_else(|| wrong("text"))?;
                *field = Value::String(text!("{}", n).into());
            }
        }
        Kind::Texts => match field {
            Value::Array(items) if items.iter().all(|i| i.as_str().is_some()) => {}
            _ => return Err(wrong("a list of text")),
        },
        Kind::Object(specs) => normalize(field, specs, here)?,
        Kind::Objects(specs) => match field {
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    normalize(item, specs, &text!("{}[{}]", here, i))?;
                }
            }
            _ => return Err(wrong("a list")),
        },
    }
    Ok(())
}

/// Reads a body by `specs`: the JSON the package hands to JavaScript, in the shape of the
/// table's model (the models' serde derives read the same JSON natively: [`decode`]).
pub fn normalize_body(body: &str, specs: &[Spec]) -> Result<Value<'static>, String> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(text!(
            "the body is {} bytes, more than the {} such a body can be",
            body.len(),
            MAX_RESPONSE_BYTES
        ));
    }
    let mut v = with_body(body, |v| v.map(|v| v.clone().into_owned()))
        .ok_or_else(|| "the body is not JSON".to_owned())?;
    normalize(&mut v, specs, "")?;
    Ok(v)
}

/// The order references of a status-change or alternate-id body. A body without an `orders`
/// list (absent or null) lists nothing only when it holds nothing but a `page` (the spec's `{}`,
/// lifecycle.md §3): the lookup by alternative id is what keeps an order from being placed
/// twice (§4), so an answer of another shape is an error, not "none".
pub fn normalize_order_refs(body: &str) -> Result<Value<'static>, String> {
    listed(body, ORDER_REFS, "orders")
}

/// An order's reissues, read as the order lists are: a body that lists none is `{}` or holds
/// only a `page` (lifecycle.md §8 shows no empty answer; CertCentral's other lists answer so),
/// and one of another shape is an error, since the command line decides by it whether a pending
/// reissue is its own.
pub fn normalize_reissues(body: &str) -> Result<Value<'static>, String> {
    listed(body, REISSUES, "certificates")
}

fn listed(body: &str, specs: &[Spec], key: &str) -> Result<Value<'static>, String> {
    let v = normalize_body(body, specs)?;
    if let Some(items) = v.get(key) {
        return Ok(items.clone());
    }
    // Absent, or null (which `normalize` drops): nothing listed only in `{}` or beside `page`.
    match &v {
        Value::Object(fields) if fields.iter().all(|(k, _)| k == "page") => {
            Ok(Value::Array(Vec::new()))
        }
        _ => Err(text!("the body has no \"{}\" list", key)),
    }
}

/// A revocation's answer: 204 (approval skipped: revoked) or 201 with the request (lifecycle.md
/// §7), as `{ revoked, request? }` ([`crate::models::RevokeResult`]).
pub fn normalize_revoke(status: u16, body: &str) -> Result<Value<'static>, String> {
    let mut out = vec![("revoked".into(), Value::Bool(true))];
    if status != 204 && !body.trim_ascii().is_empty() {
        out = vec![
            ("revoked".into(), Value::Bool(false)),
            ("request".into(), normalize_body(body, REVOKE_REQUEST)?),
        ];
    }
    Ok(Value::Object(out))
}

/// A normalized body as the typed model (native builds, where size does not count).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode<T: serde::de::DeserializeOwned>(normalized: &Value) -> Result<T, String> {
    let text = crate::json::to_string(normalized).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// `GET /order/certificate/{order_id}` as [`crate::models::OrderInfo`] (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_order_info(body: &str) -> Result<OrderInfo, String> {
    decode(&normalize_body(body, ORDER_INFO)?)
}

/// A status-change or alternate-id body as [`crate::models::OrderRef`]s (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_order_refs(body: &str) -> Result<Vec<OrderRef>, String> {
    decode(&normalize_order_refs(body)?)
}

/// An order's reissues (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_reissues(body: &str) -> Result<Vec<ReissuedCertificate>, String> {
    decode(&normalize_reissues(body)?)
}

/// A domain-control check (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_dcv(body: &str) -> Result<DcvStatus, String> {
    decode(&normalize_body(body, DCV_STATUS)?)
}

/// A revocation's answer (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_revoke(status: u16, body: &str) -> Result<RevokeResult, String> {
    decode(&normalize_revoke(status, body)?)
}

/// A download's bytes as the result: `pem` too when they are PEM text, whatever the format was
/// called (lifecycle.md §5: every returned certificate is PEM encoded, PKCS#7 arrives armoured,
/// and the format list may be longer than the spec shows).
pub fn decode_download(
    format: &str,
    content_type: Option<&str>,
    bytes: Vec<u8>,
) -> Result<CertificateDownload, String> {
    if bytes.len() > MAX_DOWNLOAD_BYTES {
        return Err(text!(
            "the body is {} bytes, more than the {} a certificate download can be",
            bytes.len(),
            MAX_DOWNLOAD_BYTES
        ));
    }
    if bytes.is_empty() {
        return Err("the body is empty".to_owned());
    }
    // A byte-order mark before the armour is not part of the text (as `Response.text()` drops it).
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let pem = std::str::from_utf8(text)
        .ok()
        .filter(|t| t.trim_start().starts_with("-----BEGIN "))
        .map(str::to_owned);
    // The formats whose body the glossary documents (lifecycle.md §5) must be that body: a login
    // page or an error in JSON answered with 200 is not a certificate to write to a file.
    // Other formats (the list may be longer) are taken as they come.
    if format.starts_with("pem_") && pem.is_none() {
        return Err(text!(
            "the body is not PEM text, which the {} format is",
            format
        ));
    }
    let zip = ZIP_FORMATS.contains(&format);
    if zip && !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")) {
        return Err(text!(
            "the body is not a ZIP archive, which the {} format is",
            format
        ));
    }
    Ok(CertificateDownload {
        format: format.to_owned(),
        content_type: content_type
            .unwrap_or("application/octet-stream")
            .to_owned(),
        bytes,
        pem,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::models::{OrderRef, OrderStatus, RevokeResult};

    #[test]
    fn a_download_must_be_the_body_its_format_documents() {
        let html = b"<html><body>Sign in</body></html>".to_vec();
        let pem = b"-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n".to_vec();
        assert!(decode_download("pem_all", Some("text/html"), html.clone()).is_err());
        assert!(decode_download("default", Some("text/html"), html.clone()).is_err());
        assert!(decode_download("pem_noroot", None, br#"{"errors":[]}"#.to_vec()).is_err());
        // A byte-order mark before the armour: still PEM.
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&pem);
        let read = decode_download("pem_all", None, bom).map(|d| d.pem.is_some());
        assert_eq!(read, Ok(true));
        let zip = b"PK\x03\x04rest".to_vec();
        assert!(decode_download("apache", Some("application/zip"), zip).is_ok());
        // A format the spec does not show is taken as it comes.
        let other =
            decode_download("pem_bundle_future", None, pem.clone()).map(|d| d.pem.is_some());
        assert_eq!(other, Ok(true));
        assert!(decode_download("x509_der", None, html).is_ok());
    }

    /// A status-change list's orders, as the client reads them.
    fn listed(orders: &[(u64, &str)]) -> Vec<Value<'static>> {
        let json: Vec<_> = orders
            .iter()
            .map(|&(id, status)| serde_json::json!({"order_id": id, "status": status}))
            .collect();
        match Value::from_json(&serde_json::Value::Array(json)).into_owned() {
            Value::Array(items) => items,
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_status_change_list_tells_a_wait_when_its_order_is_unchanged() {
        const EVERY: u32 = 10_000;
        let mut c = Changes::default();
        // Nothing heard yet: every wait reads its order.
        assert!(!c.unchanged(7, 0.0, 0.0, EVERY));
        // The first poll reaches back ten minutes and the overlap; one at a time.
        let t0 = 1_000.0;
        assert_eq!(c.send(t0, EVERY), Some(660));
        assert_eq!(c.send(t0 + 20_000.0, EVERY), None);
        // While the first list is under way, a wait waits for it rather than read; not for
        // longer than its interval.
        assert!(c.unchanged(7, t0 - 5.0, t0 + 9_000.0, EVERY));
        assert!(!c.unchanged(7, t0 - 5.0, t0 + 11_000.0, EVERY));
        c.heard(t0, 660, t0 + 500.0, &listed(&[(7, "pending")]));
        // Read since the list's start: unchanged (read after it was sent: the next list
        // tells). Read before its start: not known. Listed in a status a wait goes on waiting
        // in: nothing for the wait.
        let now = t0 + 1_000.0;
        assert!(c.unchanged(7, t0 - 100_000.0, now, EVERY));
        assert!(c.unchanged(7, t0 + 100.0, now, EVERY));
        assert!(!c.unchanged(7, t0 + 500.0 - 660_000.0 - 1.0, now, EVERY));
        // Not again until `every_ms` has passed; then back to the last one, with the overlap.
        assert_eq!(c.send(t0 + 9_999.0, EVERY), None);
        let t1 = t0 + 30_000.0;
        assert_eq!(c.send(t1, EVERY), Some(90));
        let list = listed(&[(7, "issued"), (8, "needs_approval"), (9, "rejected")]);
        c.heard(t1, 90, t1 + 400.0, &list);
        // Issued or ended since the wait read it: read it.
        let now = t1 + 1_000.0;
        assert!(!c.unchanged(7, t0 - 100_000.0, now, EVERY));
        assert!(!c.unchanged(9, t1 - 1.0, now, EVERY));
        assert!(c.unchanged(8, t0 - 100_000.0, now, EVERY));
        assert!(c.unchanged(10, t1, now, EVERY));
        // A listing from before the wait read its order again says nothing of what came
        // after: the next list tells (each reaches back over the last, so it names it again
        // when it changed since).
        let t2 = t1 + 10_000.0;
        assert_eq!(c.send(t2, EVERY), Some(70));
        c.heard(t2, 70, t2 + 300.0, &listed(&[(9, "rejected")]));
        let now = t2 + 1_000.0;
        assert!(c.unchanged(7, t1 + 1.0, now, EVERY));
        assert!(!c.unchanged(7, t1 - 1.0, now, EVERY));
        assert!(!c.unchanged(9, t1 + 1.0, now, EVERY));
        // The clock set back behind the last list: the waits read, and the next poll starts
        // afresh.
        let back = t2 - 100_000.0;
        assert!(!c.unchanged(8, t1 + 1.0, back, EVERY));
        assert_eq!(c.send(back, EVERY), Some(660));
    }

    #[test]
    fn a_gap_in_the_status_change_list_makes_waits_read_their_orders() {
        const EVERY: u32 = 10_000;
        let mut c = Changes::default();
        let t0 = 1_000_000.0;
        let s = c.send(t0, EVERY).unwrap_or(0);
        c.heard(t0, s, t0 + 10.0, &[]);
        let read = t0 - 1_000.0;
        assert!(c.unchanged(5, read, t0 + 20.0, EVERY));
        // A poll whose wait was aborted: the run goes on, and the next poll is sent as due.
        assert_eq!(c.send(t0 + 30_000.0, EVERY), Some(90));
        c.failed(&ClientError::new(ErrorKind::Aborted, ""));
        assert!(c.unchanged(5, read, t0 + 30_010.0, EVERY));
        assert_eq!(c.send(t0 + 30_001.0, EVERY), None);
        // Polls that get no answer: the run stands, and the next reaches back over their time;
        // but once no list has been answered for two of the longest intervals, the waits read
        // their orders.
        let t1 = t0 + 60_000.0;
        assert_eq!(c.send(t1, EVERY), Some(120));
        c.failed(&ClientError::new(ErrorKind::Network, ""));
        assert!(c.unchanged(5, read, t1 + 10.0, EVERY));
        assert!(!c.unchanged(5, read, t0 + 120_001.0, EVERY));
        // Each wait then reads once in that time, not at every poll.
        assert!(c.unchanged(5, t0 + 100_000.0, t0 + 120_001.0, EVERY));
        let t2 = t1 + 60_000.0;
        assert_eq!(c.send(t2, EVERY), Some(180));
        c.heard(t2, 180, t2 + 50.0, &[]);
        assert!(c.unchanged(5, read, t2 + 100.0, EVERY));
        // An answer slower than the overlap: its list may start after the last one was sent,
        // so the run starts again from where it surely reaches.
        let t3 = t2 + 30_000.0;
        assert_eq!(c.send(t3, EVERY), Some(90));
        c.heard(t3, 90, t3 + 61_000.0, &[]);
        assert!(!c.unchanged(5, read, t3 + 61_001.0, EVERY));
        assert!(c.unchanged(5, t3 + 61_000.0 - 90_000.0, t3 + 61_001.0, EVERY));
        // A list as long as a page may be one of several: each wait reads its order once in
        // two of the longest intervals.
        let t4 = t3 + 120_000.0;
        let s = c.send(t4, EVERY).unwrap_or(0);
        let page: Vec<(u64, &str)> = (1..=1000).map(|id| (id, "pending")).collect();
        c.heard(t4, s, t4 + 10.0, &listed(&page));
        assert!(c.unchanged(5_000, t4 - 1.0, t4 + 20.0, EVERY));
        assert!(!c.unchanged(5_000, t4 - 120_001.0, t4 + 20.0, EVERY));
        // The next complete list starts a run again.
        let t5 = t4 + 10_000.0;
        let s = c.send(t5, EVERY).unwrap_or(0);
        c.heard(t5, s, t5 + 10.0, &[]);
        assert!(c.unchanged(5_000, t4 + 1.0, t5 + 20.0, EVERY));
        // After a long pause, a poll reaches back ten minutes, not to the last one (lifecycle.md
        // §3 allows seven days, but a wait that old reads its order anyway): a new run.
        let later = t5 + 3.0 * 86_400_000.0;
        assert_eq!(c.send(later, EVERY), Some(660));
        c.heard(later, 660, later + 10.0, &[]);
        assert!(!c.unchanged(5_000, t4 + 1.0, later + 20.0, EVERY));
        // A refused list is not asked for again, and the waits read their orders.
        let s = c.send(later + 20_000.0, EVERY);
        assert!(s.is_some());
        let refused = |status| ClientError {
            status: Some(status),
            ..ClientError::new(ErrorKind::Api, "")
        };
        c.failed(&refused(429));
        assert!(c.send(later + 40_000.0, EVERY).is_some());
        c.failed(&refused(403));
        assert_eq!(c.send(later + 1e9, EVERY), None);
        assert!(!c.unchanged(5_000, later + 1.0, later + 20_010.0, EVERY));
    }

    /// Random schedules of waits ticking, lists sent at their ticks and answered late (some
    /// later than the overlap), failing or given up, the server counting `seconds` back from
    /// any moment of the answer: a wait that relies on the lists never misses its order's end
    /// for long (five minutes: the next lists, or the fallback when none is answered). Without
    /// the listing, or without both the overlap and the gap check, or without the fallback, it
    /// fails.
    #[test]
    fn waits_that_follow_the_lists_never_miss_an_order_that_ended() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut random = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 1_000_000) as f64 / 1_000_000.0
        };
        const N: usize = 8;
        const EVERY: u32 = 10_000;
        for _ in 0..400 {
            let mut c = Changes::default();
            let start = 1_000_000.0;
            let ends: Vec<f64> = (0..N).map(|_| start + random() * 600_000.0).collect();
            let mut read = [start; N];
            let mut seen_end = [false; N];
            // A list under way: sent, seconds, answered at, the server's moment, what happens.
            let mut under_way: Option<(f64, u32, f64, f64, f64)> = None;
            let mut t = start;
            let mut step = 0;
            while t < start + 1_500_000.0 {
                t += random() * 8_000.0;
                if let Some((sent, seconds, answered, server, fate)) = under_way {
                    if answered <= t {
                        under_way = None;
                        if fate < 0.05 {
                            c.failed(&ClientError::new(ErrorKind::Network, ""));
                        } else if fate < 0.07 {
                            c.failed(&ClientError::new(ErrorKind::Aborted, ""));
                        } else {
                            let from = server - f64::from(seconds) * 1000.0;
                            let ended: Vec<(u64, &str)> = (0..N)
                                .filter(|&i| ends[i] >= from && ends[i] <= server)
                                .map(|i| (i as u64, "issued"))
                                .collect();
                            c.heard(sent, seconds, answered, &listed(&ended));
                        }
                    }
                }
                let i = step % N;
                step += 1;
                if seen_end[i] {
                    continue;
                }
                if under_way.is_none() {
                    if let Some(seconds) = c.send(t, EVERY) {
                        // One in fifty answered a minute or two late, the server counting
                        // from late in that time; one in two hundred after twenty minutes.
                        let late = random();
                        let took = match late {
                            l if l < 0.02 => 60_000.0 + l * 3_000_000.0,
                            l if l < 0.025 => 1_200_000.0,
                            l => l * 3_000.0,
                        };
                        let server = t + took * (0.5 + random() / 2.0);
                        under_way = Some((t, seconds, t + took, server, random()));
                    }
                }
                if !c.unchanged(i as u64, read[i], t, EVERY) {
                    seen_end[i] = ends[i] <= t;
                    read[i] = t;
                }
                for o in 0..N {
                    assert!(
                        seen_end[o] || t - ends[o] < 300_000.0 || ends[o] > t,
                        "order {o} ended {} s ago and its wait has not read it",
                        (t - ends[o]) / 1000.0
                    );
                }
            }
        }
    }

    #[test]
    fn a_lost_order_is_the_newest_one_that_can_still_be_issued() {
        let list = |json: serde_json::Value| match Value::from_json(&json).into_owned() {
            Value::Array(items) => items,
            _ => Vec::new(),
        };
        let found = list(serde_json::json!([
            {"order_id": 1000, "certificate_id": 9000, "status": "issued"},
            {"order_id": 1002, "status": "pending"},
            {"order_id": 1003, "status": "canceled"}
        ]));
        assert_eq!(just_placed(&found), Some((1002, None)));
        // Only an old, final order under the id: the order was not placed.
        let only_old = list(serde_json::json!([
            {"order_id": 1000, "certificate_id": 9000, "status": "canceled"}
        ]));
        assert_eq!(just_placed(&only_old), None);
        assert_eq!(just_placed(&[]), None);
    }

    /// The JSON the wasm hands to JS (the normalized body) and the typed model's JSON agree.
    fn same_shape<T: serde::Serialize + serde::de::DeserializeOwned>(normalized: &Value) {
        let typed: T = decode(normalized).expect("the model reads the normalized body");
        let a: serde_json::Value =
            serde_json::from_str(&crate::json::to_string(normalized).expect("writes"))
                .expect("JSON");
        let b: serde_json::Value =
            serde_json::from_str(&crate::json::to_string(&typed).expect("writes")).expect("JSON");
        assert_eq!(a, b);
    }

    #[test]
    fn normalized_bodies_have_the_models_shape() {
        let info = r#"{"id":"12","status":"issued","certificate":{"id":3,"ca_cert":{"id":7,"name":null},
            "dns_names":["a"],"cert_validity":{"years":1},"days_remaining":-2},"product":{"name_id":"x","type":"ssl"},
            "notes":[{"text":"hi","n":1.25}],"empty":null}"#;
        same_shape::<crate::models::OrderInfo>(&normalize_body(info, ORDER_INFO).expect("reads"));
        let refs = normalize_order_refs(r#"{"orders":[{"order_id":1,"status":"x","extra":true}]}"#)
            .expect("reads");
        same_shape::<Vec<OrderRef>>(&refs);
        same_shape::<crate::models::DcvStatus>(
            &normalize_body(
                r#"{"order_status":"pending","dns_name_validations":null}"#,
                DCV_STATUS,
            )
            .expect("reads"),
        );
        same_shape::<RevokeResult>(
            &normalize_revoke(201, r#"{"id":"4","type":"revoke","requester":{"id":1}}"#)
                .expect("reads"),
        );
        same_shape::<RevokeResult>(&normalize_revoke(204, "").expect("reads"));
        let body = r#"{"certificates":[{"status":"issued","date_created":"2026-11-02 10:00:00","key_size":"2048",
                "csr":"-----BEGIN CERTIFICATE REQUEST-----MIIB-----END CERTIFICATE REQUEST-----","receipt_id":7},
                {"status":"pending","date_issued":null}]}"#;
        same_shape::<Vec<ReissuedCertificate>>(&normalize_reissues(body).expect("reads"));
        // A key size sent as digits is read as the number; `receipt_id` is kept as sent.
        let typed = decode_reissues(body);
        assert_eq!(
            typed.map(|r| r
                .iter()
                .map(|c| (c.status.clone(), c.key_size))
                .collect::<Vec<_>>()),
            Ok(vec![
                ("issued".to_owned(), Some(2048)),
                ("pending".to_owned(), None)
            ])
        );
    }

    #[test]
    fn reissues_of_another_shape_are_an_error() {
        for body in [
            "{}",
            r#"{"certificates":[]}"#,
            r#"{"certificates":null,"page":{}}"#,
        ] {
            assert_eq!(
                normalize_reissues(body),
                Ok(Value::Array(Vec::new())),
                "{body}"
            );
        }
        for body in [
            r#"{"orders":[]}"#,
            r#"{"certificates":"x"}"#,
            r#"{"certificates":[{"csr":"x"}]}"#,
            r#"{"certificates":[{"status":1}]}"#,
            r#"{"certificates":[{"status":"issued","key_size":-1}]}"#,
            "[]",
        ] {
            assert!(normalize_reissues(body).is_err(), "{body}");
        }
    }

    #[test]
    fn an_order_list_of_another_shape_is_an_error_not_an_empty_list() {
        // Nothing listed: the spec's `{}`, an empty or null list, a page that counts none.
        for body in [
            "{}",
            r#"{"orders":[]}"#,
            r#"{"orders":null,"page":{"total":0}}"#,
            r#"{"page":{"total":0,"limit":1000,"offset":0}}"#,
            r#"{"orders":[],"next":"x"}"#,
        ] {
            assert_eq!(
                normalize_order_refs(body),
                Ok(Value::Array(Vec::new())),
                "{body}"
            );
        }
        // A lookup answered so would let an order be placed again: none of these reads as none.
        for body in [
            r#"{"hello":1}"#,
            r#"{"orders":null,"error":"x"}"#,
            r#"{"orders":"x"}"#,
            "[]",
            "null",
        ] {
            assert!(normalize_order_refs(body).is_err(), "{body}");
        }
    }

    fn config() -> ClientConfig {
        ClientConfig {
            base_url: "http://127.0.0.1:9/services/v2/".into(),
            ..ClientConfig::default()
        }
    }

    #[test]
    fn urls() {
        let c = config();
        let base = "http://127.0.0.1:9/services/v2";
        assert_eq!(c.order_info(7).url, format!("{base}/order/certificate/7"));
        assert_eq!(
            c.orders_by_alternative_id("a/b c?#é").url,
            format!("{base}/order/alternate/a%2Fb%20c%3F%23%C3%A9")
        );
        assert_eq!(
            c.status_changes(Some(5), None).url,
            format!("{base}/order/certificate/status-changes?minutes=5")
        );
        assert_eq!(
            c.status_changes(Some(1), Some(30)).url,
            format!("{base}/order/certificate/status-changes?minutes=1&seconds=30")
        );
        assert_eq!(
            c.download(DownloadTarget::Order(3), "pem_all").url,
            format!("{base}/certificate/download/order/3/format/pem_all")
        );
        assert_eq!(
            c.download(DownloadTarget::Certificate(4), "../x").url,
            format!("{base}/certificate/4/download/format/..%2Fx")
        );
        let cancel = c.cancel(9, "Ordered \"twice\"");
        assert_eq!(
            (cancel.method, cancel.body.as_deref()),
            (
                "PUT",
                Some(r#"{"status":"canceled","note":"Ordered \"twice\""}"#)
            )
        );
        let revoke = c.revoke(
            5,
            &Revoke {
                reason: Some("keyCompromise".into()),
                comments: None,
                skip_approval: true,
            },
        );
        assert_eq!(
            revoke.body.as_deref(),
            Some(r#"{"revocation_reason":"keyCompromise","skip_approval":true}"#)
        );
        assert_eq!(c.revoke(5, &Revoke::default()).body.as_deref(), Some("{}"));
        assert_eq!(c.check_dcv(2).method, "PUT");
        let reissues = c.reissues(8, false);
        assert_eq!(
            (reissues.method, reissues.url.as_str(), reissues.body),
            (
                "GET",
                format!("{base}/order/certificate/8/reissue").as_str(),
                None
            )
        );
        assert_eq!(
            c.reissues(8, true).url,
            format!("{base}/order/certificate/8/reissue?show_archived=true")
        );
    }

    #[test]
    fn polls_back_off() {
        let delays: Vec<u64> = (0..12).map(|n| poll_delay(10_000, n)).collect();
        assert_eq!(&delays[..4], &[10_000, 15_000, 22_500, 33_750]);
        assert!(delays.iter().all(|&d| d <= 60_000));
        assert_eq!(delays[11], 60_000);
        assert_eq!(poll_delay(120_000, 5), 120_000);
        assert_eq!(poll_delay(50, 1), 75);
    }

    #[test]
    fn order_info_is_read_leniently() {
        let body = r#"{"id":123456,"certificate":{"id":"77","common_name":"example.com",
            "dns_names":["a.example.com"],"ca_cert":{"id":"ABC123","name":"CA"},"key_size":2048,
            "server_platform":{"id":-1,"name":"OTHER"},"price":12.5},
            "status":"needs_approval","product":{"name_id":"ssl_securesite","type":"ssl"},
            "container":{"id":5},"later_field":[1,"x",null]}"#;
        let info = decode_order_info(body).map_err(|e| e.to_string());
        let info = info.as_ref().expect("decodes");
        assert_eq!(info.id, 123456);
        assert_eq!(info.status, OrderStatus::NeedsApproval);
        let cert = info.certificate.as_ref().expect("a certificate");
        assert_eq!(cert.id, Some(77));
        assert_eq!(
            cert.ca_cert.as_ref().and_then(|c| c.id.as_deref()),
            Some("ABC123")
        );
        let written = crate::json::to_string(info).expect("writes");
        for kept in [
            r#""later_field":[1,"x",null]"#,
            r#""container":{"id":5}"#,
            r#""price":12.5"#,
            r#""type":"ssl""#,
            r#""server_platform":{"id":-1,"name":"OTHER"}"#,
        ] {
            assert!(written.contains(kept), "{kept} in {written}");
        }
        let numeric_ca = decode_order_info(
            r#"{"id":"5","status":"on_hold","certificate":{"ca_cert":{"id":42}}}"#,
        )
        .expect("decodes");
        assert_eq!(numeric_ca.status, OrderStatus::Other("on_hold".into()));
        assert_eq!(
            numeric_ca
                .certificate
                .and_then(|c| c.ca_cert)
                .and_then(|c| c.id),
            Some("42".into())
        );
        // 2^53 + 1 as digits would round to 2^53, another order: refused.
        assert!(decode_order_info(r#"{"id":"9007199254740993","status":"issued"}"#).is_err());
        assert!(decode_order_info(r#"{"id":"9007199254740992","status":"issued"}"#).is_ok());
        assert_eq!(id_digits("+12"), None);
        for bad in [
            "",
            "<html>",
            "[]",
            r#"{"status":"issued"}"#,
            r#"{"id":1}"#,
            r#"{"id":1,"status":"issued","certificate":[]}"#,
            r#"{"id":1,"status":"issued","certificate":{"dns_names":[1]}}"#,
            r#"{"id":-3,"status":"issued"}"#,
        ] {
            assert!(decode_order_info(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn order_refs() {
        assert_eq!(decode_order_refs("{}"), Ok(Vec::new()));
        let refs = decode_order_refs(
            r#"{"orders":[{"order_id":265,"certificate_id":112233,"status":"issued"},{"order_id":"264","status":"canceled"}],"page":{"total":2}}"#,
        );
        assert_eq!(
            refs,
            Ok(vec![
                OrderRef {
                    order_id: 265,
                    certificate_id: Some(112233),
                    status: OrderStatus::Issued,
                    other: Default::default(),
                },
                OrderRef {
                    order_id: 264,
                    certificate_id: None,
                    status: OrderStatus::Canceled,
                    other: Default::default(),
                }
            ])
        );
        for bad in [r#"{"orders":{}}"#, r#"{"orders":[{"status":"x"}]}"#, "x"] {
            assert!(decode_order_refs(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dcv_revoke_download() {
        let dcv = decode_dcv(
            r#"{"order_status":"issued","certificate_id":249043544,"dcv_status":"valid","dns_name_validations":[{"dns_name":"example.com","status":"approved"}]}"#,
        )
        .expect("decodes");
        assert_eq!(dcv.dns_name_validations.len(), 1);
        let old =
            decode_dcv(r#"{"order_status":"pending","certificate_id":1,"dcv_status":"pending"}"#)
                .expect("decodes");
        assert!(old.dns_name_validations.is_empty());
        assert_eq!(
            decode_revoke(204, ""),
            Ok(RevokeResult {
                revoked: true,
                request: None
            })
        );
        let pending = decode_revoke(
            201,
            r#"{"id":1,"date":"2016-02-10T17:06:15+00:00","type":"revoke","status":"pending","comments":"x"}"#,
        )
        .expect("decodes");
        assert!(!pending.revoked);
        assert!(decode_revoke(201, "{}").is_err());
        let pem = decode_download(
            "pem_all",
            Some("application/x-pem-file"),
            b"-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n".to_vec(),
        )
        .expect("decodes");
        assert!(pem.pem.is_some());
        let zip = decode_download(
            "default",
            Some("application/zip"),
            b"PK\x03\x04\xff".to_vec(),
        )
        .expect("decodes");
        assert_eq!((zip.pem, zip.bytes.len()), (None, 5));
        assert!(decode_download("p7b", None, Vec::new()).is_err());
    }
}
