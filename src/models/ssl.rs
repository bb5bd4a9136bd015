//! The five Secure Site SSL products' request body (spec page 004).

use super::common::*;
use serde::{Deserialize, Serialize};

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SslOrder {
    pub certificate: SslCertificate,
    pub organization: Organization,
    /// 1 or 2; replaced by `validity_days` or `custom_expiration_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "SslValidityYears"))]
    pub validity_years: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_days: Option<u32>,
    /// `yyyy-MM-dd`, less than 825 days out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
    /// SHA-1 thumbprint (40 hex digits) of the certificate this order renews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewed_thumbprint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_of_order_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply_cr_discount: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// 0 or 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_renewal_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_renewal_notifications: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_emails: Option<Vec<String>>,
    /// `xx` or `xx_YY`, e.g. `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dcv_method: Option<DcvMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_approval: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_ct: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomField>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_order_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SslCertificate {
    pub common_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_names: Option<Vec<String>>,
    pub csr: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "SslSignatureHash"))]
    pub signature_hash: SignatureHash,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_units: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_platform: Option<ServerPlatform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_option: Option<String>,
}

/// `dcv_method` (glossary, firm).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum DcvMethod {
    Email,
    DnsTxtToken,
    DnsCnameToken,
    HttpToken,
}
