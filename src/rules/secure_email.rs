//! Secure Email (S/MIME): `secure_email_mailbox`, `secure_email_sponsor`,
//! `secure_email_organization` (`secure-email.md`; the dated facts in [`super::dates`]).
//!
//! Only the first part of DigiCert's Secure Email API page was readable, so the addendum marks
//! each fact firm (on a DigiCert page) or likely (inferred). A firm fact makes an error; where the
//! verdict rests on a likely one, the rule warns, and its doc comment says why.

use super::common::{self, int_bounds};
use super::dates::{self, Fact};
use super::registry::{Applies, Reports, Requires, Rule};
use super::{string, Ctx, Field, Fmt, Req, Ty, TEXT};
use crate::date::Date;
use crate::products::{Family, Product};
use crate::report::{text, Code, Param};
use crate::value::Value;

/// `certificate.usage_designation.primary_usage`: `signing` is firm (SE2); `key_management`
/// (encryption only) and `dual_use` (both) are likely (peer clients), so the list is open: another
/// value is a warning.
pub const PRIMARY_USAGES: &[&str] = &["signing", "key_management", "dual_use"];

/// `additional_usages`: `non_repudiation` and `client_auth` firm (DigiCert's example);
/// `data_encipherment` likely (the docs name the usage; TLM spells it so). Open.
pub const ADDITIONAL_USAGES: &[&str] = &["non_repudiation", "client_auth", "data_encipherment"];

/// `certificate.common_name_indicator`: the first three firm (SE), `organization_name` likely
/// (Keyfactor; the S/MIME Baseline Requirements allow it for organization-validated
/// certificates). Open, so another value is a warning.
pub const INDICATORS: &[&str] = &[
    "email_address",
    "given_name_surname",
    "pseudonym",
    "organization_name",
];

/// `certificate.profile_type` (SE, firm): a closed list.
pub const PROFILE_TYPES: &[&str] = &["strict", "multipurpose"];

/// What the Strict profile does not allow in `additional_usages` (changes-2025-2026.md §3, firm):
/// the client-authentication EKU and the data-encipherment key usage.
const NOT_ON_STRICT: &[&str] = &["client_auth", "data_encipherment"];

const USAGE_DESIGNATION: &[Field] = &[
    Field::new(
        "primary_usage",
        Ty::OpenEnum(PRIMARY_USAGES, Fmt::Snake),
        Req::Yes,
        "what the key is for: signing only, encryption only, or both.",
    ),
    Field::new(
        "additional_usages",
        Ty::List {
            item: &Ty::OpenEnum(ADDITIONAL_USAGES, Fmt::Snake),
            min: 0,
            max: 10,
        },
        Req::No,
        "extra usages: non-repudiation; on the Multipurpose profile also client authentication and data encipherment.",
    ),
];

/// `certificate.individual` (SE): the person on a `secure_email_sponsor` certificate. RFC 5280
/// bounds a pseudonym at 128 characters; the pages give no bound for the names.
const INDIVIDUAL: &[Field] = &[
    Field::new(
        "first_name",
        TEXT,
        Req::Cond,
        "the person's first (given) name.",
    ),
    Field::new(
        "last_name",
        TEXT,
        Req::Cond,
        "the person's last name (surname).",
    ),
    Field::new(
        "pseudonym",
        string(1, 128, Fmt::Any),
        Req::Cond,
        "a pseudonym instead of the person's names.",
    ),
];

/// `certificate` (`secure-email.md` §2.1). `common_name` is not a field here: the indicator
/// decides the common name (likely), so a `common_name` is an unknown field.
pub(crate) const CERTIFICATE: &[Field] = &[
    Field::new(
        "emails",
        Ty::List {
            item: &string(1, 254, Fmt::Email),
            min: 1,
            max: 100,
        },
        Req::Yes,
        "the mailbox addresses to put in the certificate (at least one).",
    ),
    Field::new(
        "profile_type",
        Ty::Enum(PROFILE_TYPES),
        Req::No,
        "strict (non-repudiation only as an extra usage) or multipurpose; default: the account's setting for the product.",
    ),
    Field::new(
        "usage_designation",
        Ty::Object(USAGE_DESIGNATION),
        Req::Yes,
        "what the key is for: its primary usage and any additional usages.",
    ),
    Field::new(
        "common_name_indicator",
        Ty::OpenEnum(INDICATORS, Fmt::Snake),
        Req::Cond,
        "what becomes the certificate's common name: the e-mail address, the person's name, the pseudonym or the organization's name.",
    ),
    Field::new(
        "individual",
        Ty::Object(INDIVIDUAL),
        Req::Cond,
        "the person (Secure Email for Business only): a first and last name, or a pseudonym.",
    ),
    Field::new(
        "csr",
        string(1, crate::value::MAX_STRING_LEN, Fmt::Csr),
        Req::No,
        "the certificate signing request, PEM (RSA 2048-4096 or ECC P-256/P-384); leave it out to let the recipient create the key in the browser.",
    ),
    Field::new(
        "signature_hash",
        Ty::OpenEnum(common::SHA256_ONLY, Fmt::Snake),
        Req::No,
        "sha256.",
    ),
    Field::new(
        "ca_cert_id",
        TEXT,
        Req::No,
        "the ID of the issuing intermediate certificate.",
    ),
];

/// `order_validity.years`: 1 or 2 (`secure-email.md` §3: only the retired Legacy profile had 3,
/// likely).
const YEARS: Ty = Ty::Int { min: 1, max: 2 };
/// `order_validity.days`: any positive number to the walker; the cap in force comes from the
/// dates table ([`VALIDITY_MAX_DAYS`]).
const DAYS: Ty = Ty::Int {
    min: 1,
    max: super::UNBOUNDED,
};

/// `order_validity` (`secure-email.md` §2.2, likely: a peer sends `order_validity.days`). The
/// date is written as on the one page that documents `order_validity` (002): dd MMM YYYY.
const ORDER_VALIDITY: &[Field] = &[
    Field::new("years", YEARS, Req::No, "validity in years: 1 or 2."),
    Field::new(
        "days",
        DAYS,
        Req::No,
        "validity in days (at most 824); overrides years.",
    ),
    Field::new(
        "custom_expiration_date",
        string(1, 64, Fmt::DdMmmYyyy),
        Req::No,
        "expiry date as dd MMM YYYY (09 JUN 2027), at most 824 days out; overrides days and years.",
    ),
];

/// The request body of the three Secure Email products (`secure-email.md` §2). The root fields
/// are likely (not in the readable part of SE; in peer bodies and every other order page).
pub const ORDER: &[Field] = &[
    Field::new(
        "certificate",
        Ty::Object(CERTIFICATE),
        Req::Yes,
        "the certificate's details.",
    ),
    Field {
        req: Req::Cond,
        ..common::ORGANIZATION_FIELD.with_help(
            "an existing organization, by its ID, or a new organization's details (Secure Email for Business and for Organization).",
        )
    },
    Field::new(
        "order_validity",
        Ty::Object(ORDER_VALIDITY),
        Req::No,
        "the validity: in years, in days or until a date.",
    ),
    // The root validity fields other clients send (secure-email.md §2.2, likely: Keyfactor sends
    // them), held to the same years and the same 824-day cap as `order_validity`'s, which is
    // firm: without them here, a root `validity_years: 3` was only an unknown field's warning.
    Field::new("validity_years", YEARS, Req::No, "validity in years: 1 or 2."),
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
        "how many times the certificate renews automatically (needs the account balance as the payment method).",
    ),
    common::RENEWAL_OF_ORDER_ID,
    common::SKIP_APPROVAL,
    common::CONTAINER_FIELD,
    common::CUSTOM_FIELDS_FIELD,
    common::PAYMENT_METHOD,
    common::COMMENTS,
    Field::new(
        "disable_renewal_notifications",
        Ty::Bool,
        Req::No,
        "sends no renewal reminders for this order.",
    ),
    common::ALTERNATIVE_ORDER_ID,
];

// The Secure Email rules, in the order they run.
super::registry::rule_set![
    INDICATOR_REQUIRED,
    INDICATOR_IGNORED_ON_MAILBOX,
    INDIVIDUAL_REQUIRED,
    INDIVIDUAL_NAMES,
    INDIVIDUAL_UNUSED,
    ORGANIZATION_REQUIRED,
    PROFILE_OMITTED,
    STRICT_USAGES,
    VALIDITY_MAX_DAYS,
    CSR_KEY,
];

const ALL: Applies = Applies::Family(Family::SecureEmail);
const SPONSOR: Applies = Applies::Only(&[Product::SecureEmailSponsor]);
const VALIDATED: Applies = Applies::Only(&[
    Product::SecureEmailSponsor,
    Product::SecureEmailOrganization,
]);
const MAILBOX: Applies = Applies::Only(&[Product::SecureEmailMailbox]);

/// `certificate.common_name_indicator` is required for `secure_email_sponsor` and
/// `secure_email_organization` (SE, firm).
const INDICATOR_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "certificate.common_name_indicator",
        when: None,
    }],
    ..Rule::new(
        "secure_email.common_name.indicator_required",
        "secure-email.md §2.1 (SE)",
        VALIDATED,
        &["certificate.common_name_indicator"],
        &[Reports::error(
            "certificate.common_name_indicator",
            Code::Required,
        )],
        check_indicator_required,
    )
};

fn check_indicator_required(ctx: &mut Ctx, order: &Value) {
    if common::missing_in(order, &["certificate"], "common_name_indicator") {
        let product = ctx.product.name();
        ctx.error(
            &["certificate", "common_name_indicator"],
            Code::Required,
            text!("certificate.common_name_indicator is required for {}: email_address, given_name_surname, pseudonym or organization_name, the part of the subject that becomes the common name.", product),
            vec![("allowed", Param::from(INDICATORS))],
        );
    }
}

/// `secure_email_mailbox` ignores `certificate.common_name_indicator` (SE, firm): a warning,
/// since CertCentral takes the order and the certificate's common name is its first e-mail
/// address (likely).
const INDICATOR_IGNORED_ON_MAILBOX: Rule = Rule::new(
    "secure_email.common_name.ignored_on_mailbox",
    "secure-email.md §2.1, §2.3 (SE)",
    MAILBOX,
    &["certificate.common_name_indicator"],
    &[Reports::warning(
        "certificate.common_name_indicator",
        Code::UnknownField,
    )],
    check_indicator_on_mailbox,
);

fn check_indicator_on_mailbox(ctx: &mut Ctx, order: &Value) {
    if order
        .at(&["certificate", "common_name_indicator"])
        .is_some()
    {
        ctx.warn(
            &["certificate", "common_name_indicator"],
            Code::UnknownField,
            "certificate.common_name_indicator is ignored on Secure Email for Individual orders: the certificate's common name is its (first) e-mail address.".to_owned(),
            Vec::new(),
        );
    }
}

/// `certificate.individual` is required for `secure_email_sponsor`, whatever the indicator (SE,
/// firm).
const INDIVIDUAL_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "certificate.individual",
        when: None,
    }],
    ..Rule::new(
        "secure_email.individual.required",
        "secure-email.md §2.1 (SE)",
        SPONSOR,
        &["certificate.individual"],
        &[Reports::error("certificate.individual", Code::Required)],
        check_individual_required,
    )
};

fn check_individual_required(ctx: &mut Ctx, order: &Value) {
    if common::missing_in(order, &["certificate"], "individual") {
        ctx.error(
            &["certificate", "individual"],
            Code::Required,
            "certificate.individual is required for Secure Email for Business: the person's first_name and last_name, or a pseudonym.".to_owned(),
            Vec::new(),
        );
    }
}

/// The names `individual` needs on `secure_email_sponsor`, by indicator (SE, firm): first and
/// last name for `given_name_surname`, the pseudonym for `pseudonym`. For `email_address` the
/// rows as printed ask for the names and the pseudonym, which the S/MIME Baseline Requirements
/// forbid together (a pseudonym excludes given name and surname), so the addendum reads them as
/// "the names or a pseudonym" (likely): either satisfies this rule, and neither is an error (a
/// person is required under every reading; a sponsor certificate's subject carries the names or
/// a pseudonym, TLM, firm). The same holds with any other indicator. `organization_name` as a
/// sponsor certificate's common name is only a warning: the Baseline Requirements allow it for
/// organization-validated certificates (likely), and CertCentral's answer is not documented.
const INDIVIDUAL_NAMES: Rule = Rule {
    requires: &[
        Requires {
            field: "certificate.individual.first_name",
            when: Some("when the common name is the person's name, or there is no pseudonym"),
        },
        Requires {
            field: "certificate.individual.last_name",
            when: Some("when the common name is the person's name, or there is no pseudonym"),
        },
        Requires {
            field: "certificate.individual.pseudonym",
            when: Some("when the common name is the pseudonym, or there is no first and last name"),
        },
    ],
    ..Rule::new(
        "secure_email.individual.names",
        "secure-email.md §2.1 (SE; TLM; the either-or reading likely)",
        SPONSOR,
        &[
            "certificate.common_name_indicator",
            "certificate.individual",
        ],
        &[
            Reports::error("certificate.individual", Code::Required),
            Reports::warning("certificate.common_name_indicator", Code::Conflict),
        ],
        check_individual_names,
    )
};

fn check_individual_names(ctx: &mut Ctx, order: &Value) {
    let indicator = order
        .at(&["certificate", "common_name_indicator"])
        .and_then(Value::as_str);
    if indicator == Some("organization_name") {
        ctx.warn(
            &["certificate", "common_name_indicator"],
            Code::Conflict,
            "certificate.common_name_indicator organization_name: a Secure Email for Business certificate names a person (the Baseline Requirements allow the organization's name as common name only on organization-validated certificates); use given_name_surname, pseudonym or email_address, or order Secure Email for Organization.".to_owned(),
            Vec::new(),
        );
    }
    let Some(individual @ Value::Object(_)) = order.at(&["certificate", "individual"]) else {
        return;
    };
    let has = |k: &str| individual.get(k).is_some();
    let missing = |ctx: &mut Ctx, name: &str, why: &str| {
        ctx.error(
            &["certificate", "individual", name],
            Code::Required,
            text!("certificate.individual.{} is required {}.", name, why),
            Vec::new(),
        );
    };
    match indicator {
        Some("given_name_surname") => {
            for name in ["first_name", "last_name"] {
                if !has(name) {
                    missing(
                        ctx,
                        name,
                        "when common_name_indicator is given_name_surname (the common name is the person's name)",
                    );
                }
            }
        }
        Some("pseudonym") => {
            if !has("pseudonym") {
                missing(
                    ctx,
                    "pseudonym",
                    "when common_name_indicator is pseudonym (the common name is the pseudonym)",
                );
            }
        }
        _ => {
            if has("pseudonym") || (has("first_name") && has("last_name")) {
                return;
            }
            let why = "without a pseudonym: a Secure Email for Business certificate names the person by first and last name, or by a pseudonym";
            match (has("first_name"), has("last_name")) {
                (true, false) => missing(ctx, "last_name", why),
                (false, true) => missing(ctx, "first_name", why),
                // Neither name: reported at first_name, the field missing first in the form
                // (a `required` issue points at what is absent, never at the object present).
                _ => ctx.error(
                    &["certificate", "individual", "first_name"],
                    Code::Required,
                    "certificate.individual.first_name and last_name are required, or a pseudonym: a Secure Email for Business certificate names the person.".to_owned(),
                    Vec::new(),
                ),
            }
        }
    }
}

/// `certificate.individual` is used only with `secure_email_sponsor` (SE, firm): elsewhere it is
/// ignored, so a warning.
const INDIVIDUAL_UNUSED: Rule = Rule::new(
    "secure_email.individual.unused",
    "secure-email.md §2.1, §2.3 (SE)",
    Applies::Only(&[
        Product::SecureEmailMailbox,
        Product::SecureEmailOrganization,
    ]),
    &["certificate.individual"],
    &[Reports::warning(
        "certificate.individual",
        Code::UnknownField,
    )],
    check_individual_unused,
);

fn check_individual_unused(ctx: &mut Ctx, order: &Value) {
    if order.at(&["certificate", "individual"]).is_some() {
        let product = ctx.product.name();
        ctx.warn(
            &["certificate", "individual"],
            Code::UnknownField,
            text!("certificate.individual is ignored on {} orders: only Secure Email for Business (secure_email_sponsor) names a person.", product),
            Vec::new(),
        );
    }
}

/// `organization` on `secure_email_sponsor` and `secure_email_organization`: those products need
/// a validated organization (firm, CCG and SE2), but that the body names it as `organization`, as
/// every other order page does, is likely (that part of SE was not readable). So a missing
/// organization is a warning here, not an error: CertCentral will most likely refuse the order,
/// but the library does not refuse a body on a field name it inferred. Optional on
/// `secure_email_mailbox` (a peer sends it there).
const ORGANIZATION_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "organization",
        when: None,
    }],
    ..Rule::new(
        "secure_email.organization.required",
        "secure-email.md §2.2, §2.3 (likely; CCG, SE2)",
        VALIDATED,
        &["organization"],
        &[Reports::warning("organization", Code::Required)],
        check_organization_required,
    )
};

fn check_organization_required(ctx: &mut Ctx, order: &Value) {
    if order.get("organization").is_none() {
        let product = ctx.product.name();
        ctx.warn(
            &["organization"],
            Code::Required,
            text!("organization is missing: {} certificates are issued to a validated organization; give { \"id\": <organization ID> } (or a new organization's details), or CertCentral will most likely refuse the order.", product),
            Vec::new(),
        );
    }
}

/// An omitted `certificate.profile_type` gets the account's default for the product (SE, firm),
/// which a client cannot know, and DigiCert's own texts disagree on it (`strict` in the table,
/// `multipurpose` in an example's comment; changes-2025-2026.md §3): a `required` warning, since
/// CertCentral takes the order but only the field says which profile it gets.
const PROFILE_OMITTED: Rule = Rule::new(
    "secure_email.profile.omitted",
    "secure-email.md §2.1, §3 (SE); changes-2025-2026.md §3",
    ALL,
    &["certificate.profile_type"],
    &[Reports::warning("certificate.profile_type", Code::Required)],
    check_profile_omitted,
);

fn check_profile_omitted(ctx: &mut Ctx, order: &Value) {
    if common::missing_in(order, &["certificate"], "profile_type") {
        ctx.warn(
            &["certificate", "profile_type"],
            Code::Required,
            "certificate.profile_type is not given: CertCentral applies the account's default (strict unless changed; one DigiCert example says multipurpose). Send strict or multipurpose.".to_owned(),
            vec![("allowed", Param::from(PROFILE_TYPES))],
        );
    }
}

/// The Strict profile forbids the client-authentication EKU and the data-encipherment key usage
/// (changes-2025-2026.md §3, firm: TLM, SER): `client_auth` or `data_encipherment` in
/// `additional_usages` with `profile_type: strict` is an error, at the entry. Without a
/// `profile_type` the product's default applies, Strict unless the account changed it
/// (secure-email.md §2.1, firm [SE]): the same entry is then a warning, since the account's
/// setting is not known here.
const STRICT_USAGES: Rule = Rule::new(
    "secure_email.usage.strict_forbids",
    "secure-email.md §3; changes-2025-2026.md §3 (TLM, SER)",
    ALL,
    &[
        "certificate.profile_type",
        "certificate.usage_designation.additional_usages",
    ],
    &[
        Reports::error(
            "certificate.usage_designation.additional_usages",
            Code::Conflict,
        ),
        Reports::warning(
            "certificate.usage_designation.additional_usages",
            Code::Conflict,
        ),
    ],
    check_strict_usages,
);

fn check_strict_usages(ctx: &mut Ctx, order: &Value) {
    let severity = match order.at(&["certificate", "profile_type"]) {
        Some(v) if v.as_str() == Some("strict") => crate::report::Severity::Error,
        None => crate::report::Severity::Warning,
        Some(_) => return,
    };
    let default = if severity == crate::report::Severity::Warning {
        " (the default)"
    } else {
        ""
    };
    let Some(Value::Array(usages)) =
        order.at(&["certificate", "usage_designation", "additional_usages"])
    else {
        return;
    };
    for (i, usage) in usages.iter().enumerate() {
        let Some(u) = usage.as_str().filter(|u| NOT_ON_STRICT.contains(u)) else {
            continue;
        };
        let path = super::item_path(
            &["certificate", "usage_designation", "additional_usages"],
            Some(i),
        );
        ctx.report_segs(
            path,
            Code::Conflict,
            severity,
            text!("certificate.usage_designation.additional_usages.{}: the Strict profile{} does not allow {}; remove it, or order profile_type multipurpose.", i, default, u),
            vec![("value", Param::from(u)), ("with", Param::from("certificate.profile_type"))],
        );
    }
}

/// From 2025-07-10 CertCentral issues Strict and Multipurpose S/MIME certificates for at most
/// 824 days (the dates table's `SmimeMaxDays`; SER firm, TLM says 825, changes-2025-2026.md §3
/// makes a longer order an error): `order_validity.days` past the cap, or a
/// `custom_expiration_date` further out (in `order_validity` or at the root), is an error at
/// that field; a date must also be after today. `years` is 1 or 2 in the table, at the root too.
const VALIDITY_MAX_DAYS: Rule = Rule::new(
    "secure_email.validity.max_days",
    "secure-email.md §3; changes-2025-2026.md §3 (SER)",
    ALL,
    &["order_validity", "custom_expiration_date"],
    &[
        Reports::error("order_validity.days", Code::Range),
        Reports::error("order_validity.custom_expiration_date", Code::Range),
        Reports::error("custom_expiration_date", Code::Range),
    ],
    check_validity,
);

/// What CertCentral does with a longer S/MIME order, for the date's message.
fn smime_cap_text(cap: i64) -> String {
    let from = dates::starts(Fact::SmimeMaxDays).map_or_else(String::new, |d| text!("from {} ", d));
    text!("at most {} days from today ({}CertCentral issues Secure Email certificates for at most {} days and refuses a longer order)", cap, from, cap)
}

fn check_validity(ctx: &mut Ctx, order: &Value) {
    let cap = dates::in_force(Fact::SmimeMaxDays, ctx.today);
    if let (Some(days), Some((cap, from))) =
        (common::int_at(order, &["order_validity", "days"]), cap)
    {
        if days > cap {
            let (min, max) = int_bounds(YEARS);
            ctx.error(
                &["order_validity", "days"],
                Code::Range,
                text!("order_validity.days asks for {} days, but from {} CertCentral issues Secure Email (S/MIME) certificates for at most {} days and refuses a longer order: give at most {} days, or {} or {} years.", days, from, cap, cap, min, max),
                vec![("max", Param::Int(cap)), ("value", Param::Int(days)), ("effective_date", Param::from(from.iso()))],
            );
        }
    }
    let max = cap.map_or(i64::MAX, |(cap, _)| cap);
    let dates: [common::DateField; 2] = [
        (
            &["order_validity", "custom_expiration_date"],
            Date::parse_dd_mmm_yyyy,
        ),
        (&["custom_expiration_date"], Date::parse_iso),
    ];
    for (path, parse) in dates {
        let date = common::date_at(order, path, parse);
        common::check_future_date(ctx, path, date, max, smime_cap_text);
    }
}

/// Secure Email keys: RSA 2048, 3072 or 4096 bits, or ECDSA P-256 or P-384 (secure-email.md §2.1,
/// `csr`, firm). Sizes between 2048 and 4096 that the list does not name are accepted (no
/// source says CertCentral refuses them); larger RSA keys, P-521 and EdDSA keys are errors.
/// Only the CSR's key is used (its names are ignored), so no names rule here.
pub(crate) const CSR_KEY: Rule = Rule::new(
    "secure_email.csr.key",
    "secure-email.md §2.1 (csr)",
    ALL,
    &["certificate.csr"],
    &[Reports::error("certificate.csr", Code::Range)],
    check_csr_key,
);

const SECURE_EMAIL_KEYS: common::KeyPolicy = common::KeyPolicy {
    rsa_min: 2048,
    rsa_max: Some(4096),
    curves: &[256, 384],
    who: "Secure Email",
};

fn check_csr_key(ctx: &mut Ctx, order: &Value) {
    common::check_csr_key(ctx, order, &SECURE_EMAIL_KEYS);
}
