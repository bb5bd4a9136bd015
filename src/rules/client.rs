//! Client certificates (`client_premium_sha2`, `client_email_security_plus`,
//! `client_authentication_plus`, `client_digital_signature_plus_sha2`): spec page 003 (its table
//! is in Spanish: obligatorio = required, opcional = optional).

use super::common::{self, VALIDITY_YEARS};
use super::registry::{Applies, Reports, Requires, Rule};
use super::{string, Ctx, Field, Fmt, Req, Ty};
use crate::products::Family;
use crate::report::Code;
use crate::value::Value;

/// `certificate` (page 003). `common_name` is a person's or a role's name, not a DNS name; 64
/// characters is X.509's upper bound for a common name.
pub(crate) const CERTIFICATE: &[Field] = &[
    Field::new(
        "common_name",
        string(1, 64, Fmt::Any),
        Req::Yes,
        "the name to secure, e.g. the person's name (at most 64 characters).",
    ),
    Field::new(
        "emails",
        Ty::List {
            item: &string(1, 254, Fmt::Email),
            min: 1,
            max: 100,
        },
        Req::Yes,
        "the e-mail addresses to put in the certificate (at least one).",
    ),
    Field::new(
        "signature_hash",
        Ty::Enum(common::SHA256_ONLY),
        Req::Yes,
        "sha256 (the only hash for client certificates).",
    ),
    Field::new(
        "organization_units",
        common::ORG_UNITS,
        Req::No,
        "departments of your organization.",
    ),
    Field::new(
        "csr",
        string(1, crate::value::MAX_STRING_LEN, Fmt::Csr),
        Req::No,
        "the certificate signing request, PEM.",
    ),
];

/// `container` on the client page (003): "container | opcional" and ".. id | opcional", so an
/// empty container is not an error here (on the other pages the id is required when the object
/// is given).
const CONTAINER: &[Field] = &[Field::new("id", super::ID, Req::No, "the container's ID.")];

/// The request body of the four client products (page 003). `comments`, `additional_emails`,
/// `locale` and the like are not in this page's table nor its example, so they are unknown here.
pub const ORDER: &[Field] = &[
    Field::new(
        "certificate",
        Ty::Object(CERTIFICATE),
        Req::Yes,
        "the certificate's details.",
    ),
    common::ORGANIZATION_FIELD,
    Field::new(
        "validity_years",
        VALIDITY_YEARS,
        Req::Cond,
        "validity in years: 1 or 2.",
    ),
    Field::new(
        "custom_expiration_date",
        string(1, 64, Fmt::IsoDate),
        Req::No,
        "the expiry date, less than 825 days out; overrides the years.",
    ),
    Field::new(
        "auto_renew",
        Ty::Int {
            min: 0,
            max: super::UNBOUNDED,
        },
        Req::No,
        "how many times the certificate renews automatically.",
    ),
    common::RENEWAL_OF_ORDER_ID,
    common::SKIP_APPROVAL,
    Field::new(
        "container",
        Ty::Object(CONTAINER),
        Req::No,
        "the container (division) to place the order under, by its ID.",
    ),
    common::CUSTOM_FIELDS_FIELD,
    common::PAYMENT_METHOD,
    common::ALTERNATIVE_ORDER_ID,
];

// The client rules, in the order they run. Validity (page 003) is 1-2 years, or a date less
// than 825 days out, so the S/MIME limit of 825 days (glossary) is always met and needs no
// policy rule.
super::registry::rule_set![VALIDITY_REQUIRED, EXPIRATION_DATE, CSR_KEY, CSR_EMAILS];

/// `validity_years` is required unless `custom_expiration_date` replaces it (page 003).
const VALIDITY_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "validity_years",
        when: Some("unless an expiration date is given"),
    }],
    ..Rule::new(
        "client.validity.years_required",
        "spec page 003",
        Applies::Family(Family::Client),
        &["validity_years", "custom_expiration_date"],
        &[Reports::error("validity_years", Code::Required)],
        check_validity_required,
    )
};

fn check_validity_required(ctx: &mut Ctx, order: &Value) {
    common::validity_years_required(ctx, order, VALIDITY_YEARS, &["custom_expiration_date"]);
}

/// `custom_expiration_date` is after today and less than 825 days out (page 003).
const EXPIRATION_DATE: Rule = Rule::new(
    "client.validity.expiration_date",
    "spec page 003",
    Applies::Family(Family::Client),
    &["custom_expiration_date"],
    &[Reports::error("custom_expiration_date", Code::Range)],
    common::expiration_date_825,
);

/// Client certificate keys: as TLS ([`super::ssl::TLS_KEYS`]), RSA 2048-bit or larger or ECDSA
/// P-256 or P-384. Page 003 names no key sizes, so this project holds client certificates to the
/// TLS keys (the narrower choice: the S/MIME Baseline Requirements also allow P-521). A 1024-bit
/// RSA, P-521 or EdDSA key is an error.
const CLIENT_KEYS: common::KeyPolicy = common::KeyPolicy {
    who: "a client certificate",
    ..super::ssl::TLS_KEYS
};

pub(crate) const CSR_KEY: Rule = Rule::new(
    "client.csr.key",
    "page 003 is silent; held to the TLS keys (Baseline Requirements §6.1.5)",
    Applies::Family(Family::Client),
    &["certificate.csr"],
    &[Reports::error("certificate.csr", Code::Range)],
    check_csr_key,
);

fn check_csr_key(ctx: &mut Ctx, order: &Value) {
    common::check_csr_key(ctx, order, &CLIENT_KEYS);
}

/// A warning when the CSR names an e-mail address that `certificate.emails` does not: the
/// certificate carries the order's addresses, so this usually means the wrong CSR. Addresses
/// are compared without regard to ASCII case.
const CSR_EMAILS: Rule = Rule::new(
    "client.csr.emails",
    "the CSR's emailAddress and subjectAltName against certificate.emails (a careful user's check)",
    Applies::Family(Family::Client),
    &["certificate.csr", "certificate.emails"],
    &[Reports::warning("certificate.csr", Code::Conflict)],
    check_csr_emails,
);

fn check_csr_emails(ctx: &mut Ctx, order: &Value) {
    common::warn_csr_names(
        ctx,
        order,
        |csr| {
            let mut emails: Vec<&str> = Vec::new();
            for email in &csr.emails {
                emails.push(email);
            }
            emails
        },
        &common::strings_at(order, &["certificate", "emails"]),
        "certificate.emails does not list",
        "addresses",
    );
}
