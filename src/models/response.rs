//! The 201 Created bodies (spec page 004's five variants; pages 002, 003 show three of them).
//! Fields are optional where a variant leaves them out, and the status enum keeps values the
//! API may add later instead of failing on them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
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
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub recovered: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct CreatedOrganization {
    pub id: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct RequestInfo {
    pub id: u64,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "RequestStatus"))]
    pub status: RequestStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct ChainCertificate {
    pub subject_common_name: String,
    pub pem: String,
}

/// `requests[].status`: `pending`, `submitted`, `approved`, `rejected`, or a value added later.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    Pending,
    Submitted,
    Approved,
    Rejected,
    Other(String),
}

impl RequestStatus {
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

#[cfg(target_arch = "wasm32")]
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
