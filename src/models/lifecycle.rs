//! What CertCentral answers once an order exists (spec addendum `lifecycle.md`): the order's
//! info and status, the short order references of the status-change and alternate-id lists, an
//! order's reissues, a domain-control check, a revocation and a download.
//!
//! Statuses are open enums (later API versions add values), and fields the models do not name
//! are kept in `other` rather than dropped or refused. The npm client reads CertCentral's raw
//! answers more leniently still before they take these shapes (lifecycle.md, and the recorded
//! bodies of peer clients): an id that comes as a string of digits (`certificate.ca_cert.id`
//! does in the spec's example) is read as the number, and an older check-dcv answer without
//! `dns_name_validations` gets an empty list. These models' own serde reading (native builds)
//! takes the shapes as written here: a Rust caller decoding a raw body whose ids are strings
//! normalizes them first.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(feature = "__ts")]
use tsify::Tsify;

use crate::value::Value;

/// An order's `status` (lifecycle.md §1). The first seven are firm (list orders' filter values,
/// order info's example); `expired` is likely readable; anything else is kept as sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OrderStatus {
    /// `needs_approval`: waiting for the account's approval.
    NeedsApproval,
    /// `pending`: DigiCert is validating.
    Pending,
    /// `waiting_pickup`: waiting for the recipient to pick the certificate up.
    WaitingPickup,
    /// `reissue_pending`: a reissue is being validated.
    ReissuePending,
    /// `issued`.
    Issued,
    /// `rejected`.
    Rejected,
    /// `canceled`.
    Canceled,
    /// `revoked`.
    Revoked,
    /// `expired`.
    Expired,
    /// Any other value, as sent.
    Other(String),
}

const STATUSES: [(&str, OrderStatus); 9] = [
    ("needs_approval", OrderStatus::NeedsApproval),
    ("pending", OrderStatus::Pending),
    ("waiting_pickup", OrderStatus::WaitingPickup),
    ("reissue_pending", OrderStatus::ReissuePending),
    ("issued", OrderStatus::Issued),
    ("rejected", OrderStatus::Rejected),
    ("canceled", OrderStatus::Canceled),
    ("revoked", OrderStatus::Revoked),
    ("expired", OrderStatus::Expired),
];

impl OrderStatus {
    /// The status as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            OrderStatus::Other(s) => s,
            known => STATUSES
                .iter()
                .find(|(_, s)| s == known)
                .map_or("", |(name, _)| name),
        }
    }

    /// Every status lifecycle.md §1 names, in a fixed order (not [`Other`]).
    ///
    /// [`Other`]: OrderStatus::Other
    pub fn known() -> impl Iterator<Item = OrderStatus> {
        STATUSES.iter().map(|(_, status)| status.clone())
    }

    /// An order in this status will not be issued any more: `rejected`, `canceled`, `revoked`
    /// (lifecycle.md §1, likely), and `expired`, which no later status follows either. (The
    /// npm package's command line gets this list generated: src/js/data.js, `FINAL_STATUSES`.)
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            OrderStatus::Rejected
                | OrderStatus::Canceled
                | OrderStatus::Revoked
                | OrderStatus::Expired
        )
    }
}

impl From<&str> for OrderStatus {
    fn from(s: &str) -> Self {
        STATUSES
            .iter()
            .find(|(name, _)| *name == s)
            .map_or_else(|| OrderStatus::Other(s.to_owned()), |(_, st)| st.clone())
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| OrderStatus::from(s.as_str()))
    }
}

/// The fields of a body that the models do not name, kept as sent (in the order sent). The
/// wasm build never makes one: it hands JavaScript the body as read by its table
/// (src/transport/lifecycle.rs), which has the same shape.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Other(pub Vec<(String, Value<'static>)>);

#[cfg(not(target_arch = "wasm32"))]
impl<'de> Deserialize<'de> for Other {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = serde_json::Map::deserialize(d)?;
        Ok(Other(
            map.iter()
                .map(|(k, v)| (k.clone(), Value::from_json(v).into_owned()))
                .collect(),
        ))
    }
}

impl Serialize for Other {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// `GET /order/certificate/{order_id}` (lifecycle.md §2). Only `id` and `status` are sure to be
/// there; the rest depends on the product and on how far the order has come.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct OrderInfo {
    /// The order's ID.
    pub id: u64,
    /// Where the order stands.
    #[cfg_attr(feature = "__ts", tsify(type = "OrderStatus"))]
    pub status: OrderStatus,
    /// The order's certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub certificate: Option<OrderCertificate>,
    /// The order's product.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub product: Option<OrderProduct>,
    /// `organization`, `container`, contacts, `requests`, ... (likely fields: kept as sent).
    #[serde(flatten)]
    #[cfg_attr(feature = "__ts", tsify(type = "Record<string, unknown>"))]
    pub other: Other,
}

/// The order's certificate (lifecycle.md §2). The dates, serial number and thumbprint appear
/// once it is issued (likely).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct OrderCertificate {
    /// The id download-by-id and revoke take.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub id: Option<u64>,
    /// The certificate's common name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub common_name: Option<String>,
    /// Its DNS names.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub dns_names: Option<Vec<String>>,
    /// S/MIME orders.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub emails: Option<Vec<String>>,
    /// Its serial number, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub serial_number: Option<String>,
    /// Its SHA-1 thumbprint, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub thumbprint: Option<String>,
    /// ISO 8601, UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub date_created: Option<String>,
    /// ISO 8601, UTC; absent until issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub date_issued: Option<String>,
    /// `yyyy-MM-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub valid_from: Option<String>,
    /// `yyyy-MM-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub valid_till: Option<String>,
    /// Days until it expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub days_remaining: Option<i64>,
    /// E.g. `sha256`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub signature_hash: Option<String>,
    /// The key's size in bits.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub key_size: Option<u64>,
    /// The issuing CA. Its `id` is a string in the spec's example and a number elsewhere: the npm
    /// client gives it as text either way (see the module's documentation).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub ca_cert: Option<CaCert>,
    /// `csr`, `organization`, `server_platform`, `cert_validity`, ... as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "__ts", tsify(type = "Record<string, unknown>"))]
    pub other: Other,
}

/// `certificate.ca_cert`: the issuing CA.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct CaCert {
    /// The CA certificate's ID, as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub id: Option<String>,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub name: Option<String>,
    /// Fields not named here, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "__ts", tsify(type = "Record<string, unknown>"))]
    pub other: Other,
}

/// The order's product (lifecycle.md §2: `name_id` firm; `name`, `type` likely).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct OrderProduct {
    /// The product id orders are placed with, e.g. `ssl_securesite_pro`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub name_id: Option<String>,
    /// The product's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub name: Option<String>,
    /// Fields not named here, as sent (`type`, ...).
    #[serde(flatten)]
    #[cfg_attr(feature = "__ts", tsify(type = "Record<string, unknown>"))]
    pub other: Other,
}

/// One entry of the status-change and alternate-id lists (lifecycle.md §3, §4).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct OrderRef {
    /// The order's ID.
    pub order_id: u64,
    /// Its certificate's ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub certificate_id: Option<u64>,
    /// Where the order stands.
    #[cfg_attr(feature = "__ts", tsify(type = "OrderStatus"))]
    pub status: OrderStatus,
    /// Fields not named here, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "__ts", tsify(type = "Record<string, unknown>"))]
    pub other: Other,
}

/// One reissue of an order's certificate, an entry of `GET /order/certificate/{order_id}/reissue`'s
/// `certificates` (lifecycle.md §8, firm): how a caller tells its own pending reissue from
/// another's (by its `csr`) and sees which were issued or rejected. The entry's other fields
/// (`receipt_id`, ... the spec's "…") are kept as sent.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct ReissuedCertificate {
    /// `issued`, `pending` or `rejected` (firm); another value is kept as sent.
    #[cfg_attr(
        feature = "__ts",
        tsify(type = "\"issued\" | \"pending\" | \"rejected\" | (string & {})")
    )]
    pub status: String,
    /// When the reissue was requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub date_created: Option<String>,
    /// When it was issued; absent until then.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub date_issued: Option<String>,
    /// The certificate's end date, `yyyy-MM-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub valid_till: Option<String>,
    /// The CSR the reissue was requested with.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub csr: Option<String>,
    /// The key's size in bits.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub key_size: Option<u64>,
    /// Fields not named here, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "__ts", tsify(type = "Record<string, unknown>"))]
    pub other: Other,
}

/// `PUT /order/certificate/{order_id}/check-dcv` (lifecycle.md §9). Older API versions send
/// only the first three fields (the npm client then gives `dns_name_validations` empty).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct DcvStatus {
    /// `issued` once every domain passed, else `pending`.
    #[cfg_attr(feature = "__ts", tsify(type = "OrderStatus"))]
    pub order_status: OrderStatus,
    /// The certificate's ID, once issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub certificate_id: Option<u64>,
    /// e.g. `valid`, `pending`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub dcv_status: Option<String>,
    /// Each name's domain-control check.
    pub dns_name_validations: Vec<DnsNameValidation>,
    /// Fields not named here, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "__ts", tsify(type = "Record<string, unknown>"))]
    pub other: Other,
}

/// One entry of `dns_name_validations`: a name's domain-control check.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct DnsNameValidation {
    /// The name checked.
    pub dns_name: String,
    /// e.g. `approved`, `pending`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub status: Option<String>,
    /// Fields not named here, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "__ts", tsify(type = "Record<string, unknown>"))]
    pub other: Other,
}

/// What a revocation came to (lifecycle.md §7): with approval skipped CertCentral answers 204
/// and the certificate is revoked; otherwise 201 with the revocation request, which an
/// administrator approves. A JS result, so camelCase.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RevokeResult {
    /// `true` when CertCentral revoked at once (204), `false` when a request awaits approval.
    pub revoked: bool,
    /// The created request, when approval is needed: `{ id, date, type, status, requester,
    /// comments }` as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub request: Option<RevokeRequest>,
}

/// The revocation request CertCentral created (201), which an administrator approves.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct RevokeRequest {
    /// The request's ID.
    pub id: u64,
    /// e.g. `pending`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub status: Option<String>,
    /// `date`, `type`, `requester`, `comments`, ... as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "__ts", tsify(type = "Record<string, unknown>"))]
    pub other: Other,
}

/// A downloaded certificate (lifecycle.md §5). `bytes` always (the zip formats are binary);
/// `pem` as well when the body is PEM text (the `pem_*` formats, and `cer`/`p7b`, which come
/// PEM-armoured). A JS result, so camelCase.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CertificateDownload {
    /// The format asked for (`pem_all`, `p7b`, `default`, ...).
    pub format: String,
    /// The answer's `Content-Type`.
    pub content_type: String,
    /// The body as sent.
    pub bytes: Vec<u8>,
    /// The body as text, when it is PEM.
    pub pem: Option<String>,
}

#[cfg(feature = "__ts")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_LIFECYCLE: &'static str = r#"
/** An order's status; later API versions may add values. */
export type OrderStatus = "needs_approval" | "pending" | "waiting_pickup" | "reissue_pending" | "issued" | "rejected" | "canceled" | "revoked" | "expired" | (string & {});

/** A downloaded certificate: `bytes` always; `pem` too when the body is PEM text (`pem_*`, `cer`, `p7b`). */
export interface CertificateDownload {
  format: string;
  /** As CertCentral sent it, e.g. `"application/zip"`. */
  contentType: string;
  bytes: Uint8Array;
  pem?: string;
}
"#;
