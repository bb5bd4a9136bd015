//! Code signing (`code_signing`, `code_signing_ev`): spec page 002 (newest, wins), with the older
//! pages 000/001 whose example bodies must still validate (they use the deprecated
//! `validity_years`, which gives a `deprecated` warning).

use super::common::{self, int_bounds, PlanFields};
use super::dates::Fact;
use super::registry::{Applies, Reports, Requires, Rule};
use super::{string, Ctx, Field, Fmt, Req, Ty, ANY_TEXT, TEXT};
use crate::csr::CsrKey;
use crate::date::Date;
use crate::products::{Family, Product};
use crate::report::{text, Code, Param, Severity};
use crate::value::Value;

/// `cs_provisioning_method` (glossary, "Code signing provisioning methods"): firm for these
/// three; a cloud-HSM method exists whose string is unknown, so another snake_case value is only
/// a warning.
pub const PROVISIONING_METHODS: &[&str] = &["ship_token", "client_app", "email"];

/// `ship_info.method` (pages 000, 002).
pub const SHIPPING_METHODS: &[&str] = &["STANDARD", "EXPEDITED"];

/// Server platform ids are per account (glossary): any integer from -1 (Other).
const SERVER_PLATFORM: &[Field] = &[Field::new(
    "id",
    Ty::Int {
        min: -1,
        max: super::UNBOUNDED,
    },
    Req::Yes,
    "the server platform ID (-1 Other; 55 Sun Java needs a CSR).",
)];

pub(crate) const CERTIFICATE: &[Field] = &[
    Field::new(
        "csr",
        string(1, crate::value::MAX_STRING_LEN, Fmt::Csr),
        Req::Cond,
        "the certificate signing request, PEM; RSA 3072+ or ECC P-256+ keys.",
    ),
    Field::new(
        "signature_hash",
        Ty::Enum(common::SHA256_ONLY),
        Req::Yes,
        "sha256 (the only hash for code signing).",
    ),
    Field::new(
        "server_platform",
        Ty::Object(SERVER_PLATFORM),
        Req::Cond,
        "the token or HSM platform, by its ID.",
    ),
    Field::new(
        "organization_units",
        common::ORG_UNITS,
        Req::No,
        "departments of your organization.",
    ),
];

/// `order_validity.years` (and the deprecated `validity_years`), page 002: 1 to 3.
const YEARS: Ty = Ty::Int { min: 1, max: 3 };
/// `order_validity.days`: the page gives no bound; since `years` stops at 3, `days` stops at
/// 1095 (3 × 365).
const DAYS: Ty = Ty::Int { min: 1, max: 1095 };

/// `order_validity` (page 002): `years`, or `days`, or `custom_expiration_date`.
const ORDER_VALIDITY: &[Field] = &[
    Field::new("years", YEARS, Req::Cond, "validity in years, 1 to 3."),
    Field::new("days", DAYS, Req::No, "validity in days; overrides years."),
    Field::new(
        "custom_expiration_date",
        string(1, 64, Fmt::DdMmmYyyy),
        Req::No,
        "expiry date as dd MMM YYYY (09 JUN 2027); overrides days and years.",
    ),
];

const SHIP_INFO: &[Field] = &[
    Field::new("name", TEXT, Req::Yes, "the recipient's name."),
    Field::new("addr1", TEXT, Req::Yes, "the shipping address."),
    Field::new("addr2", ANY_TEXT, Req::No, "a second address line."),
    Field::new("city", TEXT, Req::Yes, "the shipping city."),
    Field::new("state", TEXT, Req::Yes, "the shipping state."),
    Field::new("zip", TEXT, Req::Yes, "the shipping postal code."),
    Field::new("country", TEXT, Req::Yes, "the shipping country."),
    Field::new(
        "method",
        Ty::Enum(SHIPPING_METHODS),
        Req::Yes,
        "STANDARD or EXPEDITED (costs more).",
    ),
];

const SUBJECT: &[Field] = &[Field::new(
    "email",
    string(1, 254, Fmt::Email),
    Req::No,
    "the subject's e-mail address (OV code signing only; its domain must be validated).",
)];

/// The request body of both code signing products (page 002). `cs_provisioning_method` and
/// `ship_info` are marked "EV only", yet the pages' one example body, which must validate for
/// both products, carries them; since 2023 OV code signing keys live on hardware too, so both
/// are accepted on `code_signing`.
pub const ORDER: &[Field] = &[
    Field::new(
        "certificate",
        Ty::Object(CERTIFICATE),
        Req::Yes,
        "the certificate's details.",
    ),
    common::ORGANIZATION_FIELD,
    Field::new(
        "order_validity",
        Ty::Object(ORDER_VALIDITY),
        Req::Cond,
        "the validity: in years, in days or until a date.",
    ),
    Field::new(
        "validity_years",
        YEARS,
        Req::No,
        "validity in years, 1 to 3.",
    )
    .deprecated("use order_validity.years"),
    Field::new(
        "custom_expiration_date",
        string(1, 64, Fmt::IsoDate),
        Req::No,
        "expiry date as yyyy-MM-dd.",
    )
    .deprecated("use order_validity.custom_expiration_date (dd MMM YYYY)"),
    Field::new(
        "cs_provisioning_method",
        Ty::OpenEnum(PROVISIONING_METHODS, Fmt::Snake),
        Req::Cond,
        "where the signing key is kept: on a token DigiCert ships, on a token you already have, or on your own HSM.",
    ),
    Field::new(
        "ship_info",
        Ty::Object(SHIP_INFO),
        Req::No,
        "where DigiCert ships the token; default: the account's address.",
    ),
    Field::new(
        "subject",
        Ty::Object(SUBJECT),
        Req::No,
        "subject details (OV only).",
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
    common::ADDITIONAL_EMAILS,
    common::RENEWAL_OF_ORDER_ID,
    common::SKIP_APPROVAL,
    common::CONTAINER_FIELD,
    common::CUSTOM_FIELDS_FIELD,
    common::PAYMENT_METHOD,
    common::ALTERNATIVE_ORDER_ID,
    Field::new(
        "enable_guest_access",
        Ty::IntEnum(&[0, 1]),
        Req::No,
        "lets guests view the order (default: no).",
    ),
    common::COMMENTS,
    common::CUSTOM_RENEWAL_MESSAGE,
];

/// Code signing certificate caps (changes-2025-2026.md §2): DigiCert's 459 days from 2026-02-24
/// (firm), next to the industry's 460 from 2026-03-01 (ballot CSC-31, likely); in the dates table.
const CAPS: common::Caps = common::Caps {
    digicert: Fact::CodeSigningDigicertMaxDays,
    industry: Fact::CodeSigningIndustryMaxDays,
    ballot: "CA/B Forum ballot CSC-31",
    what: "code signing certificates",
};

// The code signing rules, in the order they run.
super::registry::rule_set![
    VALIDITY_REQUIRED,
    VALIDITY_DEPRECATED_CONFLICT,
    YEARS_REQUIRED,
    EXPIRATION_DATE,
    LIFETIME_POLICY,
    PROVISIONING_REQUIRED_FOR_EV,
    SERVER_PLATFORM_REQUIRED,
    CSR_REQUIRED_FOR_SUN_JAVA,
    CSR_REQUIRED_FOR_HSM,
    SHIP_INFO_NEEDS_SHIP_TOKEN,
    CSR_KEY,
    SUBJECT_IGNORED_ON_EV,
];

const ALL: Applies = Applies::Family(Family::CodeSigning);
const EV: Applies = Applies::Only(&[Product::CodeSigningEv]);

/// `order_validity` is required unless a deprecated validity field is given (page 002; the older
/// pages 000/001 use `validity_years` and `custom_expiration_date`).
const VALIDITY_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "order_validity",
        when: Some("unless the deprecated validity years or an expiration date is given"),
    }],
    ..Rule::new(
        "code_signing.validity.required",
        "spec page 002",
        ALL,
        &["order_validity", "validity_years", "custom_expiration_date"],
        &[Reports::error("order_validity", Code::Required)],
        check_validity_required,
    )
};

fn check_validity_required(ctx: &mut Ctx, order: &Value) {
    let has = |k: &str| order.get(k).is_some();
    if !has("order_validity") && !has("validity_years") && !has("custom_expiration_date") {
        let (min, max) = int_bounds(YEARS);
        ctx.error(
            &["order_validity"],
            Code::Required,
            text!("order_validity is required: give order_validity.years ({}-{}), order_validity.days or order_validity.custom_expiration_date (dd MMM YYYY).", min, max),
            Vec::new(),
        );
    }
}

/// `order_validity` and a deprecated validity field at once: the page does not say which wins,
/// so it is a conflict, reported at the deprecated field.
const VALIDITY_DEPRECATED_CONFLICT: Rule = Rule::new(
    "code_signing.validity.deprecated_conflict",
    "spec page 002",
    ALL,
    &["order_validity", "validity_years", "custom_expiration_date"],
    &[
        Reports::error("validity_years", Code::Conflict),
        Reports::error("custom_expiration_date", Code::Conflict),
    ],
    check_deprecated_conflict,
);

fn check_deprecated_conflict(ctx: &mut Ctx, order: &Value) {
    common::both_set(
        ctx,
        order,
        &["validity_years", "custom_expiration_date"],
        Severity::Error,
        "{} and order_validity both set the validity; remove the deprecated {} and keep order_validity.",
    );
}

/// `order_validity.years` is required unless `days` or `custom_expiration_date` replaces it
/// (page 002).
const YEARS_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "order_validity.years",
        when: Some("unless days or an expiration date is given"),
    }],
    ..Rule::new(
        "code_signing.validity.years_required",
        "spec page 002",
        ALL,
        &["order_validity"],
        &[Reports::error("order_validity.years", Code::Required)],
        check_years_required,
    )
};

fn check_years_required(ctx: &mut Ctx, order: &Value) {
    common::order_validity_years_required(ctx, order, YEARS);
}

/// A custom expiration date (`order_validity.custom_expiration_date` as dd MMM YYYY, or the
/// deprecated `custom_expiration_date` as yyyy-MM-dd when there is no `order_validity`) is after
/// today and at most three years out: the page gives no bound for dates; the longest `years`
/// allows keeps a date and `years` consistent.
const EXPIRATION_DATE: Rule = Rule::new(
    "code_signing.validity.expiration_date",
    "spec page 002",
    ALL,
    &["order_validity", "custom_expiration_date"],
    &[
        Reports::error("order_validity.custom_expiration_date", Code::Range),
        Reports::error("custom_expiration_date", Code::Range),
    ],
    check_expiration_date,
);

/// `order_validity`'s fields (its date as dd MMM YYYY), and the deprecated root ones (the date as
/// yyyy-MM-dd) when there is no `order_validity`.
const OBJECT_PLAN: PlanFields = PlanFields {
    date: (
        &["order_validity", "custom_expiration_date"],
        Date::parse_dd_mmm_yyyy,
    ),
    days: Some(&["order_validity", "days"]),
    years: &["order_validity", "years"],
};
const DEPRECATED_PLAN: PlanFields = PlanFields {
    date: (&["custom_expiration_date"], Date::parse_iso),
    days: None,
    years: &["validity_years"],
};

fn check_expiration_date(ctx: &mut Ctx, order: &Value) {
    let date = common::plan_of(order, &OBJECT_PLAN, &DEPRECATED_PLAN).date;
    common::check_plan_end(ctx, date, order, YEARS);
}

/// Lifetimes past the industry limit in force get a `policy` warning, at the field that sets
/// the lifetime: CertCentral issues the certificate for the limit and reissues it to cover the
/// order.
const LIFETIME_POLICY: Rule = Rule::new(
    "code_signing.validity.lifetime_policy",
    "changes-2025-2026.md §2 (DigiCert code signing caps; ballot CSC-31)",
    ALL,
    &["order_validity", "validity_years", "custom_expiration_date"],
    &[
        Reports::warning("order_validity", Code::Policy),
        Reports::warning("validity_years", Code::Policy),
        Reports::warning("custom_expiration_date", Code::Policy),
    ],
    check_lifetime_policy,
);

fn check_lifetime_policy(ctx: &mut Ctx, order: &Value) {
    let plan = common::plan_of(order, &OBJECT_PLAN, &DEPRECATED_PLAN);
    let lifetime = common::plan_lifetime(ctx.today, order, plan, YEARS, DAYS);
    common::over_cap_issue(ctx, &CAPS, lifetime, Severity::Warning, true);
}

/// `cs_provisioning_method` is required on EV code signing (page 002: "EV only"); EV orders
/// ignore `subject`, so `orderFields` leaves it out for EV.
const PROVISIONING_REQUIRED_FOR_EV: Rule = Rule {
    requires: &[Requires {
        field: "cs_provisioning_method",
        when: None,
    }],
    ..Rule::new(
        "code_signing.provisioning.required_for_ev",
        "spec page 002",
        EV,
        &["cs_provisioning_method"],
        &[Reports::error("cs_provisioning_method", Code::Required)],
        check_provisioning_required,
    )
};

fn check_provisioning_required(ctx: &mut Ctx, order: &Value) {
    if order.get("cs_provisioning_method").is_none() {
        ctx.error(
            &["cs_provisioning_method"],
            Code::Required,
            "cs_provisioning_method is required for EV code signing: ship_token (DigiCert ships a token), client_app (a token you have) or email (your HSM).".to_owned(),
            Vec::new(),
        );
    }
}

/// `certificate.server_platform` is required when `cs_provisioning_method` is `client_app` or
/// absent (page 002).
const SERVER_PLATFORM_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "certificate.server_platform",
        when: Some(
            "when the key is on a token you already have, or no provisioning method is chosen",
        ),
    }],
    ..Rule::new(
        "code_signing.server_platform.required",
        "spec page 002",
        ALL,
        &["cs_provisioning_method", "certificate.server_platform"],
        &[Reports::error(
            "certificate.server_platform",
            Code::Required,
        )],
        check_server_platform,
    )
};

fn check_server_platform(ctx: &mut Ctx, order: &Value) {
    let method = order.get("cs_provisioning_method");
    if (method.is_none() || method.and_then(Value::as_str) == Some("client_app"))
        && common::missing_in(order, &["certificate"], "server_platform")
    {
        let why = if method.is_none() {
            "cs_provisioning_method is not given"
        } else {
            "cs_provisioning_method is client_app"
        };
        ctx.error(
            &["certificate", "server_platform"],
            Code::Required,
            text!("certificate.server_platform is required when {}: give { \"id\": <platform ID> } for the token or HSM (-1 for Other).", why),
            Vec::new(),
        );
    }
}

/// The CSR is required when the key goes on the customer's HSM (`cs_provisioning_method` is
/// `email`; page 002).
pub(crate) const CSR_REQUIRED_FOR_HSM: Rule = Rule {
    requires: &[Requires {
        field: "certificate.csr",
        when: Some("when the key is on your own HSM"),
    }],
    ..Rule::new(
        "code_signing.csr.required_for_hsm",
        "spec page 002",
        ALL,
        &["cs_provisioning_method", "certificate.csr"],
        &[Reports::error("certificate.csr", Code::Required)],
        check_csr_for_hsm,
    )
};

fn check_csr_for_hsm(ctx: &mut Ctx, order: &Value) {
    if order.get("cs_provisioning_method").and_then(Value::as_str) == Some("email") {
        csr_required(
            ctx,
            order,
            "cs_provisioning_method is email (the key is on your HSM)",
        );
    }
}

/// The CSR is required when the server platform is 55, Sun Java (page 002). When the HSM rule
/// already asks for it, this one stays silent: one missing CSR, one issue.
pub(crate) const CSR_REQUIRED_FOR_SUN_JAVA: Rule = Rule {
    requires: &[Requires {
        field: "certificate.csr",
        when: Some("when the server platform is Sun Java (55)"),
    }],
    ..Rule::new(
        "code_signing.csr.required_for_sun_java",
        "spec page 002",
        ALL,
        &[
            "certificate.server_platform",
            "cs_provisioning_method",
            "certificate.csr",
        ],
        &[Reports::error("certificate.csr", Code::Required)],
        check_csr_for_sun_java,
    )
};

fn check_csr_for_sun_java(ctx: &mut Ctx, order: &Value) {
    if common::int_at(order, &["certificate", "server_platform", "id"]) == Some(55)
        && order.get("cs_provisioning_method").and_then(Value::as_str) != Some("email")
    {
        csr_required(
            ctx,
            order,
            "certificate.server_platform.id is 55 (Sun Java)",
        );
    }
}

fn csr_required(ctx: &mut Ctx, order: &Value, reason: &str) {
    if common::missing_in(order, &["certificate"], "csr") {
        ctx.error(
            &["certificate", "csr"],
            Code::Required,
            text!("certificate.csr is required when {}: paste the PEM certificate signing request (RSA {}+ or ECC P-{}+).", reason, MIN_RSA_BITS, MIN_EC_BITS),
            Vec::new(),
        );
    }
}

/// `ship_info` only means something with `ship_token` (glossary, "Code signing provisioning
/// methods"), so with another method it is a `conflict` warning: nothing is shipped.
const SHIP_INFO_NEEDS_SHIP_TOKEN: Rule = Rule::new(
    "code_signing.ship_info.needs_ship_token",
    "glossary, Code signing provisioning methods",
    ALL,
    &["ship_info", "cs_provisioning_method"],
    &[Reports::warning("ship_info", Code::Conflict)],
    check_ship_info,
);

fn check_ship_info(ctx: &mut Ctx, order: &Value) {
    if order.get("ship_info").is_none() {
        return;
    }
    let method = order.get("cs_provisioning_method").and_then(Value::as_str);
    if let Some(m) = method.filter(|m| *m != "ship_token") {
        ctx.warn(
            &["ship_info"],
            Code::Conflict,
            text!("ship_info is only used when cs_provisioning_method is ship_token; with {} nothing is shipped.", super::shorten(m)),
            vec![("with", Param::from("cs_provisioning_method"))],
        );
    }
}

/// The smallest keys code signing takes (page 002): RSA 3072 bits, ECC P-256.
const MIN_RSA_BITS: u32 = 3072;
const MIN_EC_BITS: u32 = 256;

/// Code signing CSRs must carry an ECC P-256 or RSA 3072-bit key or larger (page 002).
pub(crate) const CSR_KEY: Rule = Rule::new(
    "code_signing.csr.key_size",
    "spec page 002",
    ALL,
    &["certificate.csr"],
    &[Reports::error("certificate.csr", Code::Range)],
    check_csr_key,
);

/// `subject.email` is for OV code signing; EV orders ignore it (page 002), so on EV the walker
/// does not judge `subject` (a malformed address there is not an error) and this rule warns that
/// it is ignored; `orderFields` leaves `subject` out for EV.
const SUBJECT_IGNORED_ON_EV: Rule = Rule {
    hides: &["subject"],
    ..Rule::new(
        "code_signing.subject.ignored_on_ev",
        "spec page 002",
        EV,
        &["subject"],
        &[Reports::warning("subject", Code::UnknownField)],
        check_subject_on_ev,
    )
};

fn check_subject_on_ev(ctx: &mut Ctx, order: &Value) {
    let Some(subject) = order.get("subject") else {
        return;
    };
    if subject.get("email").is_some() {
        ctx.warn(
            &["subject", "email"],
            Code::UnknownField,
            "subject.email is ignored on EV code signing orders (page 002): only OV code signing (code_signing) uses it.".to_owned(),
            Vec::new(),
        );
    } else {
        ctx.warn(
            &["subject"],
            Code::UnknownField,
            "subject is ignored on EV code signing orders (page 002): only OV code signing (code_signing) uses it.".to_owned(),
            Vec::new(),
        );
    }
}

fn check_csr_key(ctx: &mut Ctx, order: &Value) {
    let Some(key) = common::csr_of(ctx, order).map(|csr| csr.key) else {
        return;
    };
    let problem = match key {
        CsrKey::Rsa(bits) if bits < MIN_RSA_BITS => Some(text!("an RSA {}-bit key", bits)),
        CsrKey::Ec(bits) if bits < MIN_EC_BITS => Some(text!("an ECC {}-bit key", bits)),
        CsrKey::Rsa(_) | CsrKey::Ec(_) => None,
        _ => Some("a key type other than RSA or ECC on a named curve".to_owned()),
    };
    if let Some(what) = problem {
        ctx.error(
            &["certificate", "csr"],
            Code::Range,
            text!("certificate.csr has {}; code signing needs RSA {}-bit or larger, or ECC P-{} or larger.", what, MIN_RSA_BITS, MIN_EC_BITS),
            vec![("min_rsa_bits", Param::Int(MIN_RSA_BITS.into())), ("min_ecc_bits", Param::Int(MIN_EC_BITS.into()))],
        );
    }
}
