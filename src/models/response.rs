//! The 201 Created bodies (spec page 004's five variants; pages 002, 003 show three of them).
//! Fields are optional where a variant leaves them out, and the status enum keeps values the
//! API may add later instead of failing on them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(feature = "__ts")]
use tsify::Tsify;

/// What CertCentral answers an order with: the 201 Created body (page 004's five variants).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct OrderResponse {
    /// The order's ID.
    pub id: u64,
    /// Only when the order created a new organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<CreatedOrganization>,
    /// Absent when approval was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<Vec<RequestInfo>>,
    /// When the request was approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<u64>,
    /// Only on immediate issuance: the certificate, then its chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_chain: Option<Vec<ChainCertificate>>,
    /// Set by the client, not CertCentral: `true` when the answer to the order's POST was lost
    /// and the order was found again by its `alternative_order_id` instead of being sent twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub recovered: Option<bool>,
}

/// `organization` of a 201 body: the organization the order created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct CreatedOrganization {
    /// The new organization's ID.
    pub id: u64,
}

/// One entry of a 201 body's `requests`: the approval request the order made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct RequestInfo {
    /// The request's ID.
    pub id: u64,
    /// Where the request stands.
    #[cfg_attr(feature = "__ts", tsify(type = "RequestStatus"))]
    pub status: RequestStatus,
}

/// One entry of a 201 body's `certificate_chain` (immediate issuance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[non_exhaustive]
pub struct ChainCertificate {
    /// The certificate's subject common name.
    pub subject_common_name: String,
    /// The certificate, PEM.
    pub pem: String,
}

/// `requests[].status`: `pending`, `submitted`, `approved`, `rejected`, or a value added later.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestStatus {
    /// `pending`: awaiting approval (page 004's "one-step" answer).
    Pending,
    /// `submitted`: page 004's "two-step" answer.
    Submitted,
    /// `approved`: the body then has `certificate_id`.
    Approved,
    /// `rejected`: an approver refused the request.
    Rejected,
    /// Any other value, as sent.
    Other(String),
}

impl RequestStatus {
    /// The status as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Submitted => "submitted",
            RequestStatus::Approved => "approved",
            RequestStatus::Rejected => "rejected",
            RequestStatus::Other(s) => s,
        }
    }
}

impl From<String> for RequestStatus {
    fn from(s: String) -> Self {
        match s.as_str() {
            "pending" => RequestStatus::Pending,
            "submitted" => RequestStatus::Submitted,
            "approved" => RequestStatus::Approved,
            "rejected" => RequestStatus::Rejected,
            _ => RequestStatus::Other(s),
        }
    }
}

impl Serialize for RequestStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RequestStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(RequestStatus::from)
    }
}

#[cfg(feature = "__ts")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_STATUS: &'static str = r#"
/** A request's status; later API versions may add values. */
export type RequestStatus = "pending" | "submitted" | "approved" | "rejected" | (string & {});
"#;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_documented_variant_parses() -> Result<(), serde_json::Error> {
        let skip: OrderResponse = serde_json::from_str(r#"{"id":112233,"certificate_id":113}"#)?;
        assert_eq!(skip.requests, None);
        let later: OrderResponse = serde_json::from_str(
            r#"{"id":1,"requests":[{"id":2,"status":"on_hold"}],"extra":true}"#,
        )?;
        let statuses: Vec<RequestStatus> = later
            .requests
            .into_iter()
            .flatten()
            .map(|r| r.status)
            .collect();
        assert_eq!(statuses, vec![RequestStatus::Other("on_hold".into())]);
        Ok(())
    }
}
