//! `code_signing`, `code_signing_ev` request body (spec page 002; older 000/001).

use super::common::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "__ts")]
use tsify::Tsify;

/// The request body of `code_signing` and `code_signing_ev` (spec page 002, the newest; the older
/// pages 000/001's bodies still validate, with deprecation warnings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct CodeSigningOrder {
    /// The certificate's details.
    pub certificate: CodeSigningCertificate,
    /// The organization the certificate is issued to.
    pub organization: Organization,
    /// The validity: years, days or an expiry date (replaces `validity_years` and the
    /// top-level `custom_expiration_date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_validity: Option<OrderValidity>,
    /// Deprecated: use `order_validity.years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(type = "CodeSigningValidityYears"))]
    pub validity_years: Option<u8>,
    /// Deprecated (`yyyy-MM-dd`): use `order_validity.custom_expiration_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
    /// `ship_token`, `client_app` or `email` (glossary); required for EV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "__ts",
        tsify(type = "\"ship_token\" | \"client_app\" | \"email\" | (string & {})")
    )]
    pub cs_provisioning_method: Option<String>,
    /// Where to ship the token (`ship_token`); default: the account's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_info: Option<ShipInfo>,
    /// The subject's details (OV code signing; `code_signing_ev` ignores them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<CodeSigningSubject>,
    /// How many times the certificate renews automatically. Page 002 types it `int` with no
    /// upper bound, and the field table takes any integer from 0 (as far as a JSON number holds
    /// one exactly, 2^53), so it is a `u64`: a `u32` failed to read orders the table accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<u64>,
    /// More addresses for the certificate's notification e-mails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_emails: Option<Vec<String>>,
    /// For a renewal, the previous order's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_of_order_id: Option<u64>,
    /// `true` skips the account's approval step (not DigiCert's validation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_approval: Option<bool>,
    /// The container (account division) to place the order under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// The account's custom order fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomField>>,
    /// How the order is paid; default: the account balance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    /// Letters and digits, at most 64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_order_id: Option<String>,
    /// 1 enables guest access, 0 disables it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_guest_access: Option<u8>,
    /// A message for the approver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    /// A message included in renewal notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_renewal_message: Option<String>,
}

/// `certificate` of a code signing order (page 002).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct CodeSigningCertificate {
    /// PEM; required for platform 55 (Sun Java) and HSM (`email`) provisioning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr: Option<String>,
    /// `sha256`, the only hash for code signing.
    #[cfg_attr(feature = "__ts", tsify(type = "CodeSigningSignatureHash"))]
    pub signature_hash: SignatureHash,
    /// The token or HSM platform; required when `cs_provisioning_method` is `client_app` or
    /// not given (page 002).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_platform: Option<ServerPlatform>,
    /// Departments of the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_units: Option<Vec<String>>,
}

/// `years` 1–3, or `days`, or `custom_expiration_date` as `dd MMM YYYY`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct OrderValidity {
    /// Validity in years, 1 to 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(type = "CodeSigningOrderValidityYears"))]
    pub years: Option<u8>,
    /// Validity in days; overrides `years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Expiry date as `dd MMM YYYY` (`09 JUN 2027`); overrides `days` and `years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
}

/// `ship_info`: where DigiCert ships the hardware token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct ShipInfo {
    /// The recipient's name.
    pub name: String,
    /// The shipping address.
    pub addr1: String,
    /// A second address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addr2: Option<String>,
    /// The city.
    pub city: String,
    /// The state or province.
    pub state: String,
    /// The postal code.
    pub zip: String,
    /// The country, e.g. `us`.
    pub country: String,
    /// How it is shipped.
    pub method: ShippingMethod,
}

/// `ship_info.method`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum ShippingMethod {
    /// `STANDARD`.
    Standard,
    /// `EXPEDITED` (costs more).
    Expedited,
}

/// `subject` of an OV code signing order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct CodeSigningSubject {
    /// The subject's e-mail address (its domain must be validated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}
