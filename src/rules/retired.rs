//! Products DigiCert has retired (`secure-email.md` §4): which, since when (the day is the dates
//! table's), and what replaces them; [`products`] lists every product with its status, and a new
//! order for a retired product, dated on or after its retirement, gets a warning that names its
//! replacements (rule `product.retired`).

use super::dates::{self, Fact};
use super::registry::{Applies, Reports, Rule};
use super::Ctx;
use crate::products::{Product, ProductInfo, ProductStatus};
use crate::report::{text, Code, Param};
use crate::value::Value;

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

/// The flex product that replaces a Secure Site product (changes-2025-2026.md §6): Secure Site OV
/// (`ssl_securesite_flex`) replaces the three OV products (firm [SSOV]); `ssl_ev_securesite_flex`
/// the EV pair (likely). `products()` says so, and `validateOrder` does not warn: accounts may
/// still have the old ids enabled (the addendum: "never an error"), a warning on every Secure
/// Site order would be one no form can act on, and its advice (order the flex id) is an order
/// this crate cannot check (the addendum: no flex products without their own spec page).
pub(crate) fn superseded(product: Product) -> Option<&'static str> {
    match product {
        Product::SslSecureSite
        | Product::SslSecureSiteMultiDomain
        | Product::SslSecureSiteWildcard => Some("ssl_securesite_flex"),
        Product::SslEvSecureSite | Product::SslEvSecureSiteMultiDomain => {
            Some("ssl_ev_securesite_flex")
        }
        _ => None,
    }
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
                    .map(|d| d.iso()),
                replaced_by: retirement
                    .map(|(_, by)| by.iter().map(|p| p.id()).collect())
                    .unwrap_or_default(),
                superseded_by: superseded(p),
            }
        })
        .collect()
}

// The rules for retired products, run after the family's.
super::registry::rule_set![PRODUCT_RETIRED];

/// Premium, Email Security Plus and Digital Signature Plus were retired with the Legacy S/MIME
/// profile on 2025-07-10 (the dates table's `LegacySmimeRetired`; CRI, CRN, CRQ firm). Whether
/// CertCentral still takes new orders for them is not stated, and the endpoint still answers for
/// reissues and renewals, so this is a `policy` warning, not an error (`secure-email.md` §4,
/// "What the library should tell a user"). The replacement by kind of mailbox and the
/// `primary_usage` by the old product's purpose are the addendum's mapping (likely), not
/// DigiCert's. Reported at the order itself: the product, not a field, is retired.
const PRODUCT_RETIRED: Rule = Rule::new(
    "product.retired",
    "secure-email.md §4 (CRI, CRN, CRQ); changes-2025-2026.md §3",
    Applies::Only(LEGACY_SMIME),
    &[],
    &[Reports::warning("", Code::Policy)],
    check_retired,
);

fn check_retired(ctx: &mut Ctx, _order: &Value) {
    let product = ctx.product;
    let Some((fact, by)) = retirement(product) else {
        return;
    };
    let Some((_, since)) = dates::in_force(fact, ctx.today) else {
        return;
    };
    // Digital Signature Plus only signed; Premium and Email Security Plus signed and encrypted.
    let usage = if product == Product::ClientDigitalSignaturePlusSha2 {
        "signing"
    } else {
        "dual_use"
    };
    let ids: Vec<&'static str> = by.iter().map(|p| p.id()).collect();
    ctx.warn(
        &[],
        Code::Policy,
        text!("{} ({}) was retired by DigiCert on {}; order a Secure Email product instead: secure_email_sponsor for an employee's mailbox, secure_email_mailbox for a mailbox without an organization, secure_email_organization for a shared or role mailbox, with certificate.usage_designation.primary_usage {}. CertCentral still answers for this product (reissues and renewals), so this is a warning.", product.name(), product.id(), since, usage),
        vec![
            ("replaced_by", Param::Strs(ids)),
            ("effective_date", Param::from(since.iso())),
            ("primary_usage", Param::from(usage)),
        ],
    );
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
            && p.replaced_by.is_empty()
            && p.superseded_by.is_none()));
    }

    #[test]
    fn secure_site_products_name_their_flex_successor_and_stay_active() {
        let flex: Vec<(&str, ProductStatus, Option<&str>)> = products()
            .into_iter()
            .filter(|p| p.superseded_by.is_some())
            .map(|p| (p.id, p.status, p.superseded_by))
            .collect();
        let ov = Some("ssl_securesite_flex");
        let ev = Some("ssl_ev_securesite_flex");
        assert_eq!(
            flex,
            [
                ("ssl_securesite", ProductStatus::Active, ov),
                ("ssl_securesite_multi_domain", ProductStatus::Active, ov),
                ("ssl_securesite_wildcard", ProductStatus::Active, ov),
                ("ssl_ev_securesite", ProductStatus::Active, ev),
                ("ssl_ev_securesite_multi_domain", ProductStatus::Active, ev),
            ]
        );
    }
}
