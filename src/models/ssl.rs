//! The five Secure Site SSL products' request body (spec page 004).

use super::common::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "__ts")]
use tsify::Tsify;

/// The request body of the five Secure Site products (spec page 004): `POST
/// /order/certificate/{product_id}` with `ssl_securesite`, `ssl_securesite_multi_domain`,
/// `ssl_securesite_wildcard`, `ssl_ev_securesite` or `ssl_ev_securesite_multi_domain`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct SslOrder {
    /// The certificate's details.
    pub certificate: SslCertificate,
    /// The organization the certificate is issued to.
    pub organization: Organization,
    /// The plan in years, 1 to 3 (changes-2025-2026.md §1); replaced by `validity_days`,
    /// `custom_expiration_date` or `order_validity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(type = "SslValidityYears"))]
    pub validity_years: Option<u8>,
    /// The plan in days (at most 3 years); overrides `validity_years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_days: Option<u32>,
    /// The plan's end date, `yyyy-MM-dd`, at most 3 years out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
    /// The plan as one object, instead of the three fields above (changes-2025-2026.md §1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_validity: Option<SslOrderValidity>,
    /// SHA-1 thumbprint (40 hex digits) of the certificate this order renews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewed_thumbprint: Option<String>,
    /// For a renewal, the previous order's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_of_order_id: Option<u64>,
    /// A message for the approver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    /// `true` applies competitive replacement discounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply_cr_discount: Option<bool>,
    /// The serial number of the non-DigiCert certificate this order replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// 0 or 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<u8>,
    /// A message included in renewal notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_renewal_message: Option<String>,
    /// `true` turns off renewal notification e-mails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_renewal_notifications: Option<bool>,
    /// More addresses for the certificate's notification e-mails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_emails: Option<Vec<String>>,
    /// `xx` or `xx_YY`, e.g. `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// How the order is paid; default: the account balance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    /// How domain control is proven (glossary, "DCV methods").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dcv_method: Option<DcvMethod>,
    /// `true` skips the account's approval step (not DigiCert's validation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_approval: Option<bool>,
    /// `true` keeps the certificate out of Certificate Transparency logs, where the account
    /// allows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_ct: Option<bool>,
    /// The container (account division) to place the order under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// The account's custom order fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomField>>,
    /// Your own ID for the order (letters and digits, at most 64): it finds the order
    /// again, which makes retrying an order whose answer was lost safe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_order_id: Option<String>,
}

/// `certificate` of a Secure Site order (page 004).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct SslCertificate {
    /// The domain to secure, e.g. `example.com` (at most 64 characters); a wildcard
    /// (`*.example.com`) only on `ssl_securesite_wildcard`.
    pub common_name: String,
    /// More domains to secure (multi-domain products; at most 250 names in all, the common name
    /// likely among them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_names: Option<Vec<String>>,
    /// The certificate signing request, PEM (RSA 2048+ or ECDSA P-256/P-384).
    pub csr: String,
    /// `sha256`, `sha384` or `sha512`.
    #[cfg_attr(feature = "__ts", tsify(type = "SslSignatureHash"))]
    pub signature_hash: SignatureHash,
    /// Departments of the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_units: Option<Vec<String>>,
    /// The server platform; default -1 (Other).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_platform: Option<ServerPlatform>,
    /// The certificate profile (page 004); for public TLS the extended key usage,
    /// `server_auth_only_eku` or `server_client_auth_eku` (also client authentication, until
    /// its cut-off: changes-2025-2026.md §4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_option: Option<String>,
    /// The first certificate's validity within the plan, at most DigiCert's cap for public TLS
    /// (199 days from 2026-02-24; changes-2025-2026.md §1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_validity: Option<SslCertValidity>,
}

/// `order_validity` of a Secure Site order: `years` 1–3, or `days`, or `custom_expiration_date`
/// as `yyyy-MM-dd` (changes-2025-2026.md §1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct SslOrderValidity {
    /// The plan in years, 1 to 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(type = "SslOrderValidityYears"))]
    pub years: Option<u8>,
    /// The plan in days; overrides `years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// The plan's end date, `yyyy-MM-dd`; overrides `days` and `years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
}

/// `certificate.cert_validity`: the first certificate's validity within the plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
pub struct SslCertValidity {
    /// In years: only 1, which is over DigiCert's cap since 2026-02-24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<u8>,
    /// In days; overrides `years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// The certificate's end date, `yyyy-MM-dd`; overrides `days` and `years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiration_date: Option<String>,
}

/// `dcv_method` (glossary, firm).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "__ts", derive(Tsify))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DcvMethod {
    /// E-mail to the domain's administrative addresses.
    Email,
    /// A token in a DNS TXT record.
    DnsTxtToken,
    /// A token in a DNS CNAME record.
    DnsCnameToken,
    /// A token in a file on the web server (not for wildcard names).
    HttpToken,
}
