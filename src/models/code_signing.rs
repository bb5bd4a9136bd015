//! `code_signing`, `code_signing_ev` request body (spec page 002; older 000/001).

use super::common::*;
use serde::{Deserialize, Serialize};

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct CodeSigningOrder {
    pub certificate: CodeSigningCertificate,
    pub organization: Organization,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_validity: Option<OrderValidity>,
    /// Deprecated: use `order_validity.years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CodeSigningValidityYears"))]
    pub validity_years: Option<u8>,
    /// Deprecated (`yyyy-MM-dd`): use `order_validity.custom_expiration_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
    /// `ship_token`, `client_app` or `email` (glossary); required for EV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"ship_token\" | \"client_app\" | \"email\" | (string & {})")
    )]
    pub cs_provisioning_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_info: Option<ShipInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<CodeSigningSubject>,
    /// How many times the certificate renews automatically. Page 002 types it `int` with no
    /// upper bound, and the field table takes any integer from 0 (as far as a JSON number holds
    /// one exactly, 2^53), so it is a `u64`: a `u32` failed to read orders the table accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_emails: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_of_order_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_approval: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomField>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    /// Letters and digits, at most 64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_order_id: Option<String>,
    /// 1 enables guest access, 0 disables it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_guest_access: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_renewal_message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct CodeSigningCertificate {
    /// PEM; required for platform 55 (Sun Java) and HSM (`email`) provisioning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CodeSigningSignatureHash"))]
    pub signature_hash: SignatureHash,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_platform: Option<ServerPlatform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_units: Option<Vec<String>>,
}

/// `years` 1–3, or `days`, or `custom_expiration_date` as `dd MMM YYYY`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct OrderValidity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CodeSigningOrderValidityYears"))]
    pub years: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct ShipInfo {
    pub name: String,
    pub addr1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addr2: Option<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub country: String,
    pub method: ShippingMethod,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "UPPERCASE")]
pub enum ShippingMethod {
    Standard,
    Expedited,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct CodeSigningSubject {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}
