//! The four client certificate products' request body (spec page 003).

use super::common::*;
use serde::{Deserialize, Serialize};

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct ClientOrder {
    pub certificate: ClientCertificate,
    pub organization: Organization,
    /// 1 or 2; replaced by `custom_expiration_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ClientValidityYears"))]
    pub validity_years: Option<u8>,
    /// `yyyy-MM-dd`, less than 825 days out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
    /// How many times the certificate renews automatically. Page 003 types it `int` with no
    /// upper bound, and the field table takes any integer from 0 (as far as a JSON number holds
    /// one exactly, 2^53), so it is a `u64`: a `u32` failed to read orders the table accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_of_order_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_approval: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<ClientContainer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomField>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_order_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct ClientCertificate {
    pub common_name: String,
    pub emails: Vec<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ClientSignatureHash"))]
    pub signature_hash: SignatureHash,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_units: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr: Option<String>,
}

/// `container` on client orders: page 003 marks both the object and its `id` optional
/// ("container | opcional", ".. id | opcional"), so `{}` is a container too.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct ClientContainer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
}
