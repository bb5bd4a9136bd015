//! After the order (spec addendum `lifecycle.md`): the requests of each lifecycle call, the
//! decoders of their answers and the polling schedule of a wait. Pure, so all of it is tested
//! and fuzzed natively; src/transport/fetch.rs sends the requests.

use super::{opt_list, opt_u64, with_body, ClientConfig, MAX_RESPONSE_BYTES};
use crate::models::{
    CaCert, CertificateDownload, DcvStatus, DnsNameValidation, OrderCertificate, OrderInfo,
    OrderProduct, OrderRef, OrderStatus, Other, RevokeRequest, RevokeResult,
};
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

/// Waiting for issuance: the first poll comes after `intervalMs` (default 10 s), each next one
/// 1.5 times later, never more than a minute apart (or `intervalMs`, when that is longer); the
/// whole wait gives up after `timeoutMs` (default 15 minutes). Issuance of a DV order takes
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
        format!("{}{path}", self.base_url.trim_end_matches('/'))
    }

    /// `GET /order/certificate/{order_id}`.
    pub fn order_info(&self, order_id: u64) -> Call {
        Call::get(self.url(&format!("/order/certificate/{order_id}")))
    }

    /// `GET /order/alternate/{alternative_order_id}`.
    pub fn orders_by_alternative_id(&self, id: &str) -> Call {
        Call::get(self.url(&format!("/order/alternate/{}", segment(id))))
    }

    /// `GET /order/certificate/status-changes?minutes=&seconds=`.
    pub fn status_changes(&self, minutes: Option<u32>, seconds: Option<u32>) -> Call {
        let mut query = Vec::new();
        if let Some(m) = minutes {
            query.push(format!("minutes={m}"));
        }
        if let Some(s) = seconds {
            query.push(format!("seconds={s}"));
        }
        Call::get(self.url(&format!(
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
                format!("/certificate/download/order/{id}/format/{format}")
            }
            DownloadTarget::Certificate(id) => {
                format!("/certificate/{id}/download/format/{format}")
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
            url: self.url(&format!("/order/certificate/{order_id}/status")),
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
            url: self.url(&format!("/certificate/{certificate_id}/revoke")),
            body: Some(body),
        }
    }

    /// `POST /order/certificate/{order_id}/reissue` with the (validated) body's JSON text.
    pub fn reissue(&self, order_id: u64, body: String) -> Call {
        Call {
            method: "POST",
            url: self.url(&format!("/order/certificate/{order_id}/reissue")),
            body: Some(body),
        }
    }

    /// `PUT /order/certificate/{order_id}/check-dcv`, with no body: the whole order is checked.
    pub fn check_dcv(&self, order_id: u64) -> Call {
        Call {
            method: "PUT",
            url: self.url(&format!("/order/certificate/{order_id}/check-dcv")),
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

/// Parses a body within the size every answer here keeps to.
fn with_json<R>(body: &str, f: impl FnOnce(&Value<'_>) -> Result<R, String>) -> Result<R, String> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(format!(
            "the body is {} bytes, more than the {MAX_RESPONSE_BYTES} such a body can be",
            body.len()
        ));
    }
    with_body(body, |v| match v {
        Some(v @ Value::Object(_)) => f(v),
        Some(_) => Err("the body is not a JSON object".to_owned()),
        None => Err("the body is not JSON".to_owned()),
    })
}

/// An id as a number or as a string of digits (peers' recorded bodies have both).
fn id_of(v: &Value, key: &str) -> Result<Option<u64>, String> {
    match v.get(key) {
        Some(Value::String(s)) => s
            .trim_ascii()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| format!("{key} is not an id")),
        _ => opt_u64(v, key),
    }
}

fn opt_text(v: &Value, key: &str) -> Result<Option<String>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.to_string())),
        // An id-like value sent as a number where the example has text (`ca_cert.id`).
        Some(n @ Value::Number(_)) => n
            .as_int()
            .map(|i| Some(i.to_string()))
            .ok_or_else(|| format!("{key} is not text")),
        Some(_) => Err(format!("{key} is not text")),
    }
}

fn opt_texts(v: &Value, key: &str) -> Result<Option<Vec<String>>, String> {
    opt_list(v, key)?
        .map(|items| {
            items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| format!("{key} holds a value that is not text"))
                })
                .collect()
        })
        .transpose()
}

fn status_of(v: &Value, key: &str) -> Result<OrderStatus, String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(OrderStatus::from)
        .ok_or_else(|| format!("the body has no {key}"))
}

/// The fields of `v` not in `known`, as sent.
fn other(v: &Value, known: &[&str]) -> Other {
    match v {
        Value::Object(fields) => Other(
            fields
                .iter()
                .filter(|(k, _)| !known.contains(&k.as_ref()))
                .map(|(k, v)| (k.to_string(), v.clone().into_owned()))
                .collect(),
        ),
        _ => Other::default(),
    }
}

fn object<'a, 'b>(v: &'a Value<'b>, key: &str) -> Result<Option<&'a Value<'b>>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(o @ Value::Object(_)) => Ok(Some(o)),
        Some(_) => Err(format!("{key} is not an object")),
    }
}

/// Decodes `GET /order/certificate/{order_id}` (lifecycle.md §2).
pub fn decode_order_info(body: &str) -> Result<OrderInfo, String> {
    with_json(body, |v| {
        let id = id_of(v, "id")?.ok_or("the body has no order id")?;
        let certificate = object(v, "certificate")?
            .map(|c| {
                const KNOWN: &[&str] = &[
                    "id",
                    "common_name",
                    "dns_names",
                    "emails",
                    "serial_number",
                    "thumbprint",
                    "date_created",
                    "date_issued",
                    "valid_from",
                    "valid_till",
                    "days_remaining",
                    "signature_hash",
                    "key_size",
                    "ca_cert",
                ];
                Ok::<_, String>(OrderCertificate {
                    id: id_of(c, "id")?,
                    common_name: opt_text(c, "common_name")?,
                    dns_names: opt_texts(c, "dns_names")?,
                    emails: opt_texts(c, "emails")?,
                    serial_number: opt_text(c, "serial_number")?,
                    thumbprint: opt_text(c, "thumbprint")?,
                    date_created: opt_text(c, "date_created")?,
                    date_issued: opt_text(c, "date_issued")?,
                    valid_from: opt_text(c, "valid_from")?,
                    valid_till: opt_text(c, "valid_till")?,
                    days_remaining: match c.get("days_remaining") {
                        None | Some(Value::Null) => None,
                        Some(d) => Some(d.as_int().ok_or("days_remaining is not an integer")?),
                    },
                    signature_hash: opt_text(c, "signature_hash")?,
                    key_size: id_of(c, "key_size")?,
                    ca_cert: object(c, "ca_cert")?
                        .map(|ca| {
                            Ok::<_, String>(CaCert {
                                id: opt_text(ca, "id")?,
                                name: opt_text(ca, "name")?,
                            })
                        })
                        .transpose()?,
                    other: other(c, KNOWN),
                })
            })
            .transpose()?;
        let product = object(v, "product")?
            .map(|p| {
                Ok::<_, String>(OrderProduct {
                    name_id: opt_text(p, "name_id")?,
                    name: opt_text(p, "name")?,
                    other: other(p, &["name_id", "name"]),
                })
            })
            .transpose()?;
        Ok(OrderInfo {
            id,
            status: status_of(v, "status")?,
            certificate,
            product,
            other: other(v, &["id", "status", "certificate", "product"]),
        })
    })
}

/// Decodes the lists of status changes and of orders by alternative id (lifecycle.md §3, §4):
/// `{"orders": [{order_id, certificate_id, status}]}`. A body without `orders` (the spec shows
/// `{}` for no changes) is an empty list.
pub fn decode_order_refs(body: &str) -> Result<Vec<OrderRef>, String> {
    with_json(body, |v| {
        opt_list(v, "orders")?
            .unwrap_or_default()
            .iter()
            .map(|o| {
                Ok(OrderRef {
                    order_id: id_of(o, "order_id")?.ok_or("an order has no order_id")?,
                    certificate_id: id_of(o, "certificate_id")?,
                    status: status_of(o, "status")?,
                })
            })
            .collect()
    })
}

/// Decodes a domain-control check (lifecycle.md §9).
pub fn decode_dcv(body: &str) -> Result<DcvStatus, String> {
    with_json(body, |v| {
        let dns_name_validations = opt_list(v, "dns_name_validations")?
            .unwrap_or_default()
            .iter()
            .map(|d| {
                Ok(DnsNameValidation {
                    dns_name: opt_text(d, "dns_name")?.ok_or("a validation has no dns_name")?,
                    status: opt_text(d, "status")?.unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(DcvStatus {
            order_status: status_of(v, "order_status")?,
            certificate_id: id_of(v, "certificate_id")?,
            dcv_status: opt_text(v, "dcv_status")?,
            dns_name_validations,
        })
    })
}

/// Decodes a revocation's answer: 204 (approval skipped: revoked) or 201 with the request
/// (lifecycle.md §7).
pub fn decode_revoke(status: u16, body: &str) -> Result<RevokeResult, String> {
    if status == 204 || body.trim_ascii().is_empty() {
        return Ok(RevokeResult {
            revoked: true,
            request: None,
        });
    }
    with_json(body, |v| {
        Ok(RevokeResult {
            revoked: false,
            request: Some(RevokeRequest {
                id: id_of(v, "id")?.ok_or("the revocation request has no id")?,
                status: opt_text(v, "status")?,
                other: other(v, &["id", "status"]),
            }),
        })
    })
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
        return Err(format!(
            "the body is {} bytes, more than the {MAX_DOWNLOAD_BYTES} a certificate download can be",
            bytes.len()
        ));
    }
    if bytes.is_empty() {
        return Err("the body is empty".to_owned());
    }
    let pem = std::str::from_utf8(&bytes)
        .ok()
        .filter(|t| t.trim_start().starts_with("-----BEGIN "))
        .map(str::to_owned);
    Ok(CertificateDownload {
        format: format.to_owned(),
        content_type: content_type
            .unwrap_or("application/octet-stream")
            .to_owned(),
        bytes,
        pem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
                    status: OrderStatus::Issued
                },
                OrderRef {
                    order_id: 264,
                    certificate_id: None,
                    status: OrderStatus::Canceled
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
