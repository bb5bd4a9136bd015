//! Products DigiCert has retired (`secure-email.md` §4): which, since when (the day is the dates
//! table's), and what replaces them; [`products`] lists every product with its status.

use super::dates::{self, Fact};
use crate::products::{Product, ProductInfo, ProductStatus};

/// The client products retired with the Legacy S/MIME profile on the dates table's
/// `LegacySmimeRetired` (CRI, CRN, CRQ, firm). Authentication Plus is not on DigiCert's list and
/// stays active (likely).
pub(crate) const LEGACY_SMIME: &[Product] = &[
    Product::ClientPremiumSha2,
    Product::ClientEmailSecurityPlus,
    Product::ClientDigitalSignaturePlusSha2,
];

/// What replaces them: the Secure Email products (`secure-email.md` §4).
const SECURE_EMAIL: &[Product] = &[
    Product::SecureEmailMailbox,
    Product::SecureEmailSponsor,
    Product::SecureEmailOrganization,
];

/// When a product is retired: the dated fact that retires it and the products that replace it.
pub(crate) fn retirement(product: Product) -> Option<(Fact, &'static [Product])> {
    LEGACY_SMIME
        .contains(&product)
        .then_some((Fact::LegacySmimeRetired, SECURE_EMAIL))
}

/// The fourteen products with their family, display name and status. A product is listed as
/// retired whatever the day (an order's day is `validateOrder`'s concern).
pub fn products() -> Vec<ProductInfo> {
    Product::ALL
        .iter()
        .map(|&p| {
            let retirement = retirement(p);
            ProductInfo {
                id: p.id(),
                family: p.family(),
                name: p.name(),
                status: if retirement.is_some() {
                    ProductStatus::Retired
                } else {
                    ProductStatus::Active
                },
                retired_on: retirement
                    .and_then(|(fact, _)| dates::starts(fact))
                    .map(|d| d.to_string()),
                replaced_by: retirement
                    .map(|(_, by)| by.iter().map(|p| p.id()).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retired_products() {
        let retired: Vec<ProductInfo> = products()
            .into_iter()
            .filter(|p| p.status == ProductStatus::Retired)
            .collect();
        let ids: Vec<&str> = retired.iter().map(|p| p.id).collect();
        assert_eq!(
            ids,
            [
                "client_premium_sha2",
                "client_email_security_plus",
                "client_digital_signature_plus_sha2"
            ]
        );
        for p in &retired {
            assert_eq!(p.retired_on.as_deref(), Some("2025-07-10"));
            assert_eq!(
                p.replaced_by,
                [
                    "secure_email_mailbox",
                    "secure_email_sponsor",
                    "secure_email_organization"
                ]
            );
        }
        let active = products()
            .into_iter()
            .find(|p| p.id == "client_authentication_plus");
        assert!(active.is_some_and(|p| p.status == ProductStatus::Active
            && p.retired_on.is_none()
            && p.replaced_by.is_empty()));
    }
}
