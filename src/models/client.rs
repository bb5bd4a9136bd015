//! The four client certificate products' request body (spec page 003).

use super::common::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "__ts")]
use tsify::Tsify;

/// The request body of the four client certificate products (spec page 003):
/// `client_premium_sha2`, `client_email_security_plus`, `client_authentication_plus` and
/// `client_digital_signature_plus_sha2` (three of them retired: [`crate::products()`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct ClientOrder {
    /// The certificate's details.
    pub certificate: ClientCertificate,
    /// The organization the certificate is issued to.
    pub organization: Organization,
    /// 1 or 2; replaced by `custom_expiration_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(type = "ClientValidityYears"))]
    pub validity_years: Option<u8>,
    /// `yyyy-MM-dd`, less than 825 days out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
    /// How many times the certificate renews automatically. Page 003 types it `int` with no
    /// upper bound, and the field table takes any integer from 0 (as far as a JSON number holds
    /// one exactly, 2^53), so it is a `u64`: a `u32` failed to read orders the table accepts.
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
    pub container: Option<ClientContainer>,
    /// The account's custom order fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomField>>,
    /// How the order is paid; default: the account balance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    /// Your own ID for the order (letters and digits, at most 64): it finds the order
    /// again, which makes retrying an order whose answer was lost safe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_order_id: Option<String>,
}

/// `certificate` of a client certificate order (page 003).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct ClientCertificate {
    /// The name to secure, e.g. the person's name (at most 64 characters).
    pub common_name: String,
    /// The e-mail addresses to put in the certificate (at least one).
    pub emails: Vec<String>,
    /// `sha256`, the only hash for client certificates.
    #[cfg_attr(feature = "__ts", tsify(type = "ClientSignatureHash"))]
    pub signature_hash: SignatureHash,
    /// Departments of the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_units: Option<Vec<String>>,
    /// The certificate signing request, PEM (RSA 2048+ or ECDSA P-256/P-384).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr: Option<String>,
}

/// `container` on client orders: page 003 marks both the object and its `id` optional
/// ("container | opcional", ".. id | opcional"), so `{}` is a container too.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct ClientContainer {
    /// The container's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
}
