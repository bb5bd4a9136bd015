//! The fourteen products this crate knows, by family. Which are retired, since when, is
//! [`crate::rules::retired`]'s (the day comes from the dates table).
//!
//! Spec: `glossary.md`, "Product identifiers (firm)"; the Secure Email products:
//! `secure-email.md` §1. Ids that look alike but are other products
//! (`client_premium`, `ssl_securesite_flex`, ...) are deliberately unknown here.

use serde::Serialize;

/// The four product families; each has its own request shape and rules. DigiCert sells more
/// (Secure Site Pro, document signing, ...), which this crate may come to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// `code_signing`, `code_signing_ev` (spec page 002, older 000/001).
    CodeSigning,
    /// The four client (S/MIME, authentication) products (spec page 003).
    Client,
    /// The five Secure Site TLS products (spec page 004).
    Ssl,
    /// The three Secure Email (S/MIME) products (`secure-email.md`).
    SecureEmail,
}

/// A product id accepted by `POST /order/certificate/{product_id}`: [`Product::id`] is the
/// id, [`Product::from_id`] reads one. More products may come (see [`Family`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Product {
    /// `code_signing`: Code Signing (organization validated).
    CodeSigning,
    /// `code_signing_ev`: EV Code Signing.
    CodeSigningEv,
    /// `client_premium_sha2`: Premium (SHA-2); retired 2025-07-10.
    ClientPremiumSha2,
    /// `client_email_security_plus`: Email Security Plus; retired 2025-07-10.
    ClientEmailSecurityPlus,
    /// `client_authentication_plus`: Authentication Plus.
    ClientAuthenticationPlus,
    /// `client_digital_signature_plus_sha2`: Digital Signature Plus (SHA-2); retired 2025-07-10.
    ClientDigitalSignaturePlusSha2,
    /// `ssl_securesite`: Secure Site SSL.
    SslSecureSite,
    /// `ssl_securesite_multi_domain`: Secure Site Multi-Domain SSL.
    SslSecureSiteMultiDomain,
    /// `ssl_securesite_wildcard`: Secure Site Wildcard SSL.
    SslSecureSiteWildcard,
    /// `ssl_ev_securesite`: Secure Site EV SSL.
    SslEvSecureSite,
    /// `ssl_ev_securesite_multi_domain`: Secure Site EV Multi-Domain SSL.
    SslEvSecureSiteMultiDomain,
    /// `secure_email_mailbox`: Secure Email for Individual, an individual's mailbox (no
    /// organization validation).
    SecureEmailMailbox,
    /// `secure_email_sponsor`: Secure Email for Business, a person within a validated
    /// organization.
    SecureEmailSponsor,
    /// `secure_email_organization`: Secure Email for Organization, a shared or role mailbox of
    /// a validated organization.
    SecureEmailOrganization,
}

/// `(product, id, display name)`, in the glossary's order, then the Secure Email products in
/// `secure-email.md` §1's order (names as its table gives them).
const TABLE: [(Product, &str, &str); 14] = [
    (Product::CodeSigning, "code_signing", "Code Signing"),
    (Product::CodeSigningEv, "code_signing_ev", "EV Code Signing"),
    (
        Product::ClientPremiumSha2,
        "client_premium_sha2",
        "Premium (SHA-2)",
    ),
    (
        Product::ClientEmailSecurityPlus,
        "client_email_security_plus",
        "Email Security Plus",
    ),
    (
        Product::ClientAuthenticationPlus,
        "client_authentication_plus",
        "Authentication Plus",
    ),
    (
        Product::ClientDigitalSignaturePlusSha2,
        "client_digital_signature_plus_sha2",
        "Digital Signature Plus (SHA-2)",
    ),
    (Product::SslSecureSite, "ssl_securesite", "Secure Site SSL"),
    (
        Product::SslSecureSiteMultiDomain,
        "ssl_securesite_multi_domain",
        "Secure Site Multi-Domain SSL",
    ),
    (
        Product::SslSecureSiteWildcard,
        "ssl_securesite_wildcard",
        "Secure Site Wildcard SSL",
    ),
    (
        Product::SslEvSecureSite,
        "ssl_ev_securesite",
        "Secure Site EV SSL",
    ),
    (
        Product::SslEvSecureSiteMultiDomain,
        "ssl_ev_securesite_multi_domain",
        "Secure Site EV Multi-Domain SSL",
    ),
    (
        Product::SecureEmailMailbox,
        "secure_email_mailbox",
        "Secure Email for Individual",
    ),
    (
        Product::SecureEmailSponsor,
        "secure_email_sponsor",
        "Secure Email for Business",
    ),
    (
        Product::SecureEmailOrganization,
        "secure_email_organization",
        "Secure Email for Organization",
    ),
];

/// Every product id, in the glossary's order (used in `unknown_product` messages).
pub const PRODUCT_IDS: [&str; 14] = [
    TABLE[0].1,
    TABLE[1].1,
    TABLE[2].1,
    TABLE[3].1,
    TABLE[4].1,
    TABLE[5].1,
    TABLE[6].1,
    TABLE[7].1,
    TABLE[8].1,
    TABLE[9].1,
    TABLE[10].1,
    TABLE[11].1,
    TABLE[12].1,
    TABLE[13].1,
];

impl Product {
    /// All products, in the glossary's order (a slice: the list may grow).
    pub const ALL: &'static [Product] = &[
        TABLE[0].0,
        TABLE[1].0,
        TABLE[2].0,
        TABLE[3].0,
        TABLE[4].0,
        TABLE[5].0,
        TABLE[6].0,
        TABLE[7].0,
        TABLE[8].0,
        TABLE[9].0,
        TABLE[10].0,
        TABLE[11].0,
        TABLE[12].0,
        TABLE[13].0,
    ];

    /// Looks a product up by its API id (exact, case-sensitive, as the URL path needs it).
    pub fn from_id(id: &str) -> Option<Product> {
        TABLE.iter().find(|row| row.1 == id).map(|row| row.0)
    }

    fn row(self) -> &'static (Product, &'static str, &'static str) {
        // `TABLE` lists every variant, so the fallback is never taken.
        TABLE.iter().find(|row| row.0 == self).unwrap_or(&TABLE[0])
    }

    /// The id used in the URL path, e.g. `ssl_securesite`.
    pub fn id(self) -> &'static str {
        self.row().1
    }

    /// The display name from the glossary, e.g. `Secure Site SSL`.
    pub fn name(self) -> &'static str {
        self.row().2
    }

    /// The family whose request shape and rules the product's orders follow.
    pub fn family(self) -> Family {
        match self {
            Product::CodeSigning | Product::CodeSigningEv => Family::CodeSigning,
            Product::ClientPremiumSha2
            | Product::ClientEmailSecurityPlus
            | Product::ClientAuthenticationPlus
            | Product::ClientDigitalSignaturePlusSha2 => Family::Client,
            Product::SecureEmailMailbox
            | Product::SecureEmailSponsor
            | Product::SecureEmailOrganization => Family::SecureEmail,
            _ => Family::Ssl,
        }
    }

    /// Extended-validation products: no wildcards (glossary, industry limits), and EV code
    /// signing needs `cs_provisioning_method` (page 002).
    pub fn is_ev(self) -> bool {
        matches!(
            self,
            Product::CodeSigningEv | Product::SslEvSecureSite | Product::SslEvSecureSiteMultiDomain
        )
    }
}

/// Whether a product can still be ordered as new.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProductStatus {
    /// Orderable.
    Active,
    /// Retired by DigiCert: CertCentral still answers for it (reissues, renewals), but new
    /// orders should use one of its replacements (`replacedBy`).
    Retired,
}

/// One row of [`crate::products()`]: what a product picker shows. Crosses to JavaScript as
/// JSON, so the names that are not the API's are camelCase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ProductInfo {
    /// The product id, as in the order's URL ([`Product::id`]).
    #[cfg_attr(feature = "__ts", tsify(type = "ProductId"))]
    pub id: &'static str,
    /// Its family.
    pub family: Family,
    /// Its display name ([`Product::name`]).
    pub name: &'static str,
    /// Whether it can be ordered as new.
    pub status: ProductStatus,
    /// A retired product's retirement day, `YYYY-MM-DD` (from the dates table).
    #[serde(rename = "retiredOn", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub retired_on: Option<String>,
    /// A retired product's replacements (product ids).
    #[serde(rename = "replacedBy", skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "__ts", tsify(optional, type = "ProductId[]"))]
    pub replaced_by: Vec<&'static str>,
    /// The flex product DigiCert sells in an active product's place (`ssl_securesite_flex`,
    /// `ssl_ev_securesite_flex`): not one of this crate's products (it has no spec page of its
    /// own), and not a reason to stop ordering this one where the account has it enabled.
    #[serde(rename = "supersededBy", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub superseded_by: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for &p in Product::ALL {
            assert_eq!(Product::from_id(p.id()), Some(p));
        }
        assert_eq!(crate::products().len(), 14);
        assert_eq!(Product::from_id("client_premium"), None);
        assert_eq!(Product::from_id("SSL_SECURESITE"), None);
    }

    #[test]
    fn families() {
        let count = |f| Product::ALL.iter().filter(|p| p.family() == f).count();
        assert_eq!(count(Family::CodeSigning), 2);
        assert_eq!(count(Family::Client), 4);
        assert_eq!(count(Family::Ssl), 5);
        assert_eq!(count(Family::SecureEmail), 3);
    }
}
