//! The three Secure Email (S/MIME) products' request body: `secure_email_mailbox`,
//! `secure_email_sponsor`, `secure_email_organization` (`secure-email.md` §2; the root fields
//! follow the other order pages, likely).

use super::common::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "__ts")]
use tsify::Tsify;

/// The request body of the three Secure Email (S/MIME) products (`secure-email.md` §2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct SecureEmailOrder {
    /// The certificate's details.
    pub certificate: SecureEmailCertificate,
    /// Required for `secure_email_sponsor` and `secure_email_organization` (organization
    /// validation); optional for `secure_email_mailbox`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// The validity: years, days or an expiry date; at most 824 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_validity: Option<SecureEmailValidity>,
    /// The validity in years at the root, as other clients send it (secure-email.md §2.2,
    /// likely): 1 or 2, as `order_validity.years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(type = "SecureEmailValidityYears"))]
    pub validity_years: Option<u8>,
    /// The expiry date at the root (`yyyy-MM-dd`, likely), at most 824 days out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
    /// How many times the certificate renews automatically (needs the account balance as the
    /// default payment method).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<u64>,
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
    /// A message for the approver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    /// `true` sends no renewal reminders for this order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_renewal_notifications: Option<bool>,
    /// Your own ID for the order (letters and digits, at most 64): it finds the order
    /// again, which makes retrying an order whose answer was lost safe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_order_id: Option<String>,
}

/// `certificate` of a Secure Email order (`secure-email.md` §2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct SecureEmailCertificate {
    /// The mailbox addresses on the certificate (at least one).
    pub emails: Vec<String>,
    /// When omitted, the account's default for the product applies (sources disagree on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_type: Option<ProfileType>,
    /// What the key is for.
    pub usage_designation: UsageDesignation,
    /// Required for `secure_email_sponsor` and `secure_email_organization`; ignored for
    /// `secure_email_mailbox`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "__ts",
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
    #[cfg_attr(feature = "__ts", tsify(type = "SecureEmailSignatureHash"))]
    pub signature_hash: Option<String>,
    /// The issuing intermediate's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert_id: Option<String>,
}

/// `certificate.profile_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ProfileType {
    /// Non-repudiation only as an extra usage.
    Strict,
    /// Non-repudiation, data encipherment, client authentication.
    Multipurpose,
}

/// `certificate.usage_designation`: what the key is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct UsageDesignation {
    /// `signing` (firm), `key_management` or `dual_use` (likely).
    #[cfg_attr(
        feature = "__ts",
        tsify(type = "\"signing\" | \"key_management\" | \"dual_use\" | (string & {})")
    )]
    pub primary_usage: String,
    /// `non_repudiation`, `client_auth` (firm), `data_encipherment` (likely).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "__ts",
        tsify(
            type = "Array<\"non_repudiation\" | \"client_auth\" | \"data_encipherment\" | (string & {})>"
        )
    )]
    pub additional_usages: Option<Vec<String>>,
}

/// `certificate.individual` (`secure_email_sponsor`): first and last name, or a pseudonym, as
/// the common-name indicator asks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct Individual {
    /// The person's first (given) name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The person's last name (surname).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// A pseudonym instead of the person's names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonym: Option<String>,
}

/// `order_validity` on Secure Email orders: `years` 1–2, or `days`, or `custom_expiration_date`
/// as `dd MMM YYYY`; at most 824 days from 2025-07-10.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct SecureEmailValidity {
    /// Validity in years: 1 or 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(type = "SecureEmailOrderValidityYears"))]
    pub years: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Any positive number the table takes (the cap in force is a rule's), so a `u64`.
    pub days: Option<u64>,
    /// Expiry date as `dd MMM YYYY` (`09 JUN 2027`), at most 824 days out; overrides
    /// `days` and `years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
}
