//! The three Secure Email (S/MIME) products' request body: `secure_email_mailbox`,
//! `secure_email_sponsor`, `secure_email_organization` (`secure-email.md` §2; the root fields
//! follow the other order pages, likely).

use super::common::*;
use serde::{Deserialize, Serialize};

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SecureEmailOrder {
    pub certificate: SecureEmailCertificate,
    /// Required for `secure_email_sponsor` and `secure_email_organization` (organization
    /// validation); optional for `secure_email_mailbox`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_validity: Option<SecureEmailValidity>,
    /// How many times the certificate renews automatically (needs the account balance as the
    /// default payment method).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<u64>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_renewal_notifications: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_order_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SecureEmailCertificate {
    /// The mailbox addresses on the certificate (at least one).
    pub emails: Vec<String>,
    /// When omitted, the account's default for the product applies (sources disagree on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_type: Option<ProfileType>,
    pub usage_designation: UsageDesignation,
    /// Required for `secure_email_sponsor` and `secure_email_organization`; ignored for
    /// `secure_email_mailbox`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(
            type = "\"email_address\" | \"given_name_surname\" | \"pseudonym\" | \"organization_name\" | (string & {})"
        )
    )]
    pub common_name_indicator: Option<String>,
    /// `secure_email_sponsor` only, and always there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub individual: Option<Individual>,
    /// PEM; when left out, the recipient generates the key in the browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr: Option<String>,
    /// `sha256` (likely the only one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "SecureEmailSignatureHash"))]
    pub signature_hash: Option<String>,
    /// The issuing intermediate's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert_id: Option<String>,
}

/// `certificate.profile_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ProfileType {
    /// Non-repudiation only as an extra usage.
    Strict,
    /// Non-repudiation, data encipherment, client authentication.
    Multipurpose,
}

/// `certificate.usage_designation`: what the key is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct UsageDesignation {
    /// `signing` (firm), `key_management` or `dual_use` (likely).
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"signing\" | \"key_management\" | \"dual_use\" | (string & {})")
    )]
    pub primary_usage: String,
    /// `non_repudiation`, `client_auth` (firm), `data_encipherment` (likely).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(
            type = "Array<\"non_repudiation\" | \"client_auth\" | \"data_encipherment\" | (string & {})>"
        )
    )]
    pub additional_usages: Option<Vec<String>>,
}

/// `certificate.individual` (`secure_email_sponsor`): first and last name, or a pseudonym, as
/// the common-name indicator asks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Individual {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonym: Option<String>,
}

/// `order_validity` on Secure Email orders: `years` 1–2, or `days`, or `custom_expiration_date`
/// as `dd MMM YYYY`; at most 824 days from 2025-07-10.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SecureEmailValidity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "SecureEmailOrderValidityYears"))]
    pub years: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Any positive number the table takes (the cap in force is a rule's), so a `u64`.
    pub days: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
}
