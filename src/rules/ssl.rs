//! Secure Site SSL (`ssl_securesite`, `ssl_securesite_multi_domain`, `ssl_securesite_wildcard`,
//! `ssl_ev_securesite`, `ssl_ev_securesite_multi_domain`): spec page 004.

use super::common::{self, PlanFields};
use super::dates::{self, Fact};
use super::registry::{Applies, Reports, Requires, Rule};
use super::{string, Ctx, Field, Fmt, Msg, Req, Ty, ANY_TEXT};
use crate::date::Date;
use crate::formats;
use crate::products::{Family, Product};
use crate::report::{text, Code, Param, PathSeg, Severity};
use crate::value::Value;

/// `certificate.signature_hash` for Secure Site (glossary, "Signature hashes", firm).
pub const SIGNATURE_HASHES: &[&str] = &["sha256", "sha384", "sha512"];

/// `dcv_method` (glossary, "DCV methods", firm).
pub const DCV_METHODS: &[&str] = &["email", "dns-txt-token", "dns-cname-token", "http-token"];

/// `locale` (glossary, "Locale codes"): only `en` is confirmed; the rest are likely, so a
/// well-shaped code outside the list is a warning.
pub const LOCALES: &[&str] = &[
    "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pt", "zh_CN", "zh_TW",
];

/// At most 250 names per certificate (glossary, "Industry limits"), so at most 250 `dns_names`;
/// with the common name, [`NAME_COUNT`] counts them. That the common name is counted apart,
/// leaving 249 others, is likely only: `dns_names` often repeats the common name, and 250
/// entries that include it are not refused (a rule built on a likely fact does not refuse).
pub const MAX_DNS_NAMES: usize = 250;

/// `certificate.profile_option`, the EKU option of public TLS (changes-2025-2026.md §4: the values
/// are firm, the field's place is likely). Page 004 (firm) also takes the name of an account's
/// custom certificate profile here, any text, and the addendum's list may grow: any other string
/// is a warning, never a format error.
pub const EKU_OPTIONS: &[&str] = &["server_auth_only_eku", "server_client_auth_eku"];

/// `certificate.common_name`: at most 64 characters (X.509's bound for a common name).
const COMMON_NAME: Ty = string(1, 64, Fmt::Dns);
/// A `dns_names` entry: at most 253 characters (a DNS name's bound).
const DNS_NAME: Ty = string(1, 253, Fmt::Dns);

const SERVER_PLATFORM: &[Field] = &[Field::new(
    "id",
    Ty::Int {
        min: -1,
        max: super::UNBOUNDED,
    },
    Req::Yes,
    "the server platform ID (-1 Other, 2 Apache, 45 nginx, ...).",
)];

/// `certificate` (page 004). `common_name` is a DNS name of at most 64 characters (X.509's bound
/// for a common name; glossary).
pub(crate) const CERTIFICATE: &[Field] = &[
    Field::new(
        "common_name",
        COMMON_NAME,
        Req::Yes,
        "the domain to secure, e.g. example.com (at most 64 characters).",
    ),
    Field::new(
        "dns_names",
        Ty::List {
            item: &DNS_NAME,
            min: 0,
            max: MAX_DNS_NAMES,
        },
        Req::No,
        "more domains to secure (may cost more).",
    ),
    Field::new(
        "csr",
        string(1, crate::value::MAX_STRING_LEN, Fmt::Csr),
        Req::Yes,
        "the certificate signing request, PEM.",
    ),
    Field::new(
        "signature_hash",
        Ty::Enum(SIGNATURE_HASHES),
        Req::Yes,
        "sha256, sha384 or sha512.",
    ),
    Field::new(
        "organization_units",
        common::ORG_UNITS,
        Req::No,
        "departments of your organization.",
    ),
    Field::new(
        "server_platform",
        Ty::Object(SERVER_PLATFORM),
        Req::No,
        "the server platform, by its ID; default -1 (Other).",
    ),
    Field::new(
        "profile_option",
        Ty::OpenEnum(EKU_OPTIONS, Fmt::Any),
        Req::No,
        "the extended key usage: server authentication only, or also client authentication (until its cut-off).",
    ),
    Field::new(
        "cert_validity",
        Ty::Object(CERT_VALIDITY),
        Req::No,
        "the first certificate's validity within the plan (at most DigiCert's limit for TLS certificates).",
    ),
];

/// `certificate.cert_validity.years`: 1 at most (below).
const CERT_YEARS: Ty = Ty::Int { min: 1, max: 1 };

/// `certificate.cert_validity`'s fields, read as a plan's are (the date yyyy-MM-dd, as the
/// root's; the "overrides" order of the plan's fields).
const CERT_PLAN: PlanFields = PlanFields {
    date: (
        &["certificate", "cert_validity", "custom_expiration_date"],
        Date::parse_iso,
    ),
    days: Some(&["certificate", "cert_validity", "days"]),
    years: &["certificate", "cert_validity", "years"],
};

/// `certificate.cert_validity`: the first certificate's lifetime within the plan (changes-2025-2026.md
/// §1, firm [BOV, SSOV]). A year was never allowed: public TLS certificates have lasted at most 398
/// days since before the addendum's dates (§1, firm), so `years` is 1 at most, and `days` and
/// the date are held to the plan's bounds here; DigiCert's cap in force is
/// [`CERT_VALIDITY_CAP`]'s.
const CERT_VALIDITY: &[Field] = &[
    Field::new(
        "years",
        CERT_YEARS,
        Req::No,
        "the certificate's validity in years: 1, over DigiCert's limit since 2026-02-24.",
    ),
    Field::new(
        "days",
        PLAN_DAYS,
        Req::No,
        "the certificate's validity in days; overrides years.",
    ),
    Field::new(
        "custom_expiration_date",
        string(1, 64, Fmt::IsoDate),
        Req::No,
        "the certificate's end date; overrides days and years.",
    ),
];

/// `validity_years` of a TLS order: the order's plan, 1 to 3 years. Page 004 lists 1 and 2, but
/// since 4- to 6-year plans ended on 2023-10-31 CertCentral takes 1-, 2- and 3-year plans and
/// refuses only a longer one with `invalid_value` (changes-2025-2026.md §1, firm [M46]; glossary,
/// "Industry limits", firm: "Longer order validity (1-3 years) becomes a multi-year plan"). The
/// addendum describes today's CertCentral (spec README), so 3 is in range; 2 and 3 need
/// Multi-year Plans on the account, which [`MULTI_YEAR_PLAN`] warns of.
const PLAN_YEARS: Ty = Ty::Int { min: 1, max: 3 };

/// `validity_days`: the same plan in days. The addendum bounds it by the same 3 years; as code
/// signing's `order_validity.days`, that is 3 × 365 = 1095 days.
const PLAN_DAYS: Ty = Ty::Int { min: 1, max: 1095 };

/// `order_validity`: the plan as one object, which sets the order's validity with the same range
/// as the root fields (changes-2025-2026.md §1, firm [M46]) and is how DigiCert's current TLS
/// pages write it. The spec gives this object's date format only for code signing (page 002, dd
/// MMM YYYY); on TLS it is taken as yyyy-MM-dd, as page 004's root `custom_expiration_date`, a
/// choice the format error names.
const ORDER_VALIDITY: &[Field] = &[
    Field::new(
        "years",
        PLAN_YEARS,
        Req::Cond,
        "the order's plan in years, 1 to 3 (2 or 3 need Multi-year Plans).",
    ),
    Field::new(
        "days",
        PLAN_DAYS,
        Req::No,
        "the plan in days, at most 3 years; overrides the years.",
    ),
    Field::new(
        "custom_expiration_date",
        string(1, 64, Fmt::IsoDate),
        Req::No,
        "the plan's end date, at most 3 years out; overrides the days and the years.",
    ),
];

/// The fields that set the plan: page 004's three at the root, then `order_validity`, the other
/// way to write it (changes-2025-2026.md §1); what the plan's rules read.
const PLAN_FIELDS: &[&str] = &[
    "validity_years",
    "validity_days",
    "custom_expiration_date",
    "order_validity",
];

/// The root fields of [`PLAN_FIELDS`].
const ROOT_FIELDS: &[&str] = match PLAN_FIELDS.split_last() {
    Some((_, root)) => root,
    None => &[],
};

/// Where a plan's `policy` warnings fall: at the field that sets it ([`lifetime`]).
const PLAN_POLICY: &[Reports] = &[
    Reports::warning("validity_years", Code::Policy),
    Reports::warning("validity_days", Code::Policy),
    Reports::warning("custom_expiration_date", Code::Policy),
    Reports::warning("order_validity", Code::Policy),
];

/// The root fields that set the plan, and `order_validity`'s: both write the date yyyy-MM-dd.
const ROOT_PLAN: PlanFields = PlanFields {
    date: (&["custom_expiration_date"], Date::parse_iso),
    days: Some(&["validity_days"]),
    years: &["validity_years"],
};
const OBJECT_PLAN: PlanFields = PlanFields {
    date: (
        &["order_validity", "custom_expiration_date"],
        Date::parse_iso,
    ),
    days: Some(&["order_validity", "days"]),
    years: &["order_validity", "years"],
};

/// The request body of the five Secure Site products (page 004). `validity_days` is named by the
/// page ("can be replaced by validity_days") though its table omits it. The three validity fields
/// set the order's plan (changes-2025-2026.md §1, firm [M46]): see [`PLAN_YEARS`].
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
        PLAN_YEARS,
        Req::Cond,
        "the order's plan in years, 1 to 3 (2 or 3 need Multi-year Plans).",
    ),
    Field::new(
        "validity_days",
        PLAN_DAYS,
        Req::No,
        "the plan in days, at most 3 years; overrides the years.",
    ),
    Field::new(
        "custom_expiration_date",
        string(1, 64, Fmt::IsoDate),
        Req::No,
        "the plan's end date, at most 3 years out; overrides the days and the years.",
    ),
    Field::new(
        "order_validity",
        Ty::Object(ORDER_VALIDITY),
        Req::No,
        "the plan as one object, instead of the three fields above.",
    ),
    Field::new(
        "renewed_thumbprint",
        string(1, 64, Fmt::Sha1),
        Req::No,
        "for a renewal, the SHA-1 thumbprint of the previous certificate.",
    ),
    common::RENEWAL_OF_ORDER_ID,
    common::COMMENTS,
    Field::new(
        "apply_cr_discount",
        Ty::Bool,
        Req::No,
        "applies competitive replacement discounts.",
    ),
    Field::new(
        "serial_number",
        ANY_TEXT,
        Req::No,
        "serial number of the non-DigiCert certificate being replaced.",
    ),
    Field::new(
        "auto_renew",
        Ty::IntEnum(&[0, 1]),
        Req::No,
        "renews the certificate automatically (default: no).",
    ),
    common::CUSTOM_RENEWAL_MESSAGE,
    Field::new(
        "disable_renewal_notifications",
        Ty::Bool,
        Req::No,
        "turns off renewal notification e-mails.",
    ),
    common::ADDITIONAL_EMAILS,
    Field::new(
        "locale",
        Ty::OpenEnum(LOCALES, Fmt::Locale),
        Req::No,
        "the language of the DCV e-mail, e.g. en.",
    ),
    common::PAYMENT_METHOD,
    Field::new(
        "dcv_method",
        Ty::Enum(DCV_METHODS),
        Req::No,
        "how domain control is proven: email, dns-txt-token, dns-cname-token or http-token.",
    ),
    common::SKIP_APPROVAL,
    Field::new(
        "disable_ct",
        Ty::Bool,
        Req::No,
        "keeps the certificate out of CT logs (if your account allows it).",
    ),
    common::CONTAINER_FIELD,
    common::CUSTOM_FIELDS_FIELD,
    common::ALTERNATIVE_ORDER_ID,
];

/// Public TLS certificate caps (changes-2025-2026.md §1): DigiCert's 199 days from 2026-02-24,
/// next to the industry's 200 from 2026-03-15 (CA/B Forum ballot SC-081); the later steps are
/// likely. The dates and values are in the dates table.
const CAPS: common::Caps = common::Caps {
    digicert: Fact::TlsDigicertMaxDays,
    industry: Fact::TlsIndustryMaxDays,
    ballot: "CA/B Forum ballot SC-081",
    what: "public TLS certificates",
};

// The Secure Site rules, in the order they run.
super::registry::rule_set![
    WILDCARD_NOT_ALLOWED,
    NAME_COUNT,
    VALIDITY_REQUIRED,
    ORDER_YEARS_REQUIRED,
    VALIDITY_CONFLICT,
    EXPIRATION_DATE,
    LIFETIME_POLICY,
    MULTI_YEAR_PLAN,
    CERT_VALIDITY_CAP,
    CLIENT_AUTH_EKU,
    HTTP_TOKEN_WILDCARD,
    CSR_KEY,
    CSR_NAMES,
];

/// Wildcard names are allowed on the Wildcard product and on (non-EV) Multi-Domain, never on EV
/// (glossary, "Industry limits") nor on the single-name Secure Site SSL. The Secure Site page is
/// silent on Multi-Domain wildcards; CertCentral sells wildcard SANs on OV Multi-Domain, so they
/// are accepted there. The walker checks the names' format; this rule, which products take `*.`.
pub(crate) const WILDCARD_NOT_ALLOWED: Rule = Rule::new(
    "ssl.names.wildcard_not_allowed",
    "glossary, Industry limits; spec page 004",
    Applies::FamilyExcept(
        Family::Ssl,
        &[
            Product::SslSecureSiteWildcard,
            Product::SslSecureSiteMultiDomain,
        ],
    ),
    &["certificate.common_name", "certificate.dns_names"],
    &[
        Reports::error("certificate.common_name", Code::Conflict),
        Reports::error("certificate.dns_names", Code::Conflict),
    ],
    check_wildcards,
);

fn check_wildcards(ctx: &mut Ctx, order: &Value) {
    if let Some(name) = order.at(&["certificate", "common_name"]) {
        if is_wildcard(name, COMMON_NAME) {
            let path = super::item_path(&["certificate", "common_name"], None);
            wildcard_conflict(ctx, path, name);
        }
    }
    if let Some(Value::Array(names)) = order.at(&["certificate", "dns_names"]) {
        for (i, name) in names.iter().enumerate() {
            if is_wildcard(name, DNS_NAME) {
                let path = super::item_path(&["certificate", "dns_names"], Some(i));
                wildcard_conflict(ctx, path, name);
            }
        }
    }
}

/// Whether `v` is a well-formed wildcard name of the field's type. A name the walker found too
/// long has its `length` issue and is not judged here (the bound is the table's).
fn is_wildcard(v: &Value, ty: Ty) -> bool {
    let max = match ty {
        Ty::Str { max, .. } => max,
        _ => 0,
    };
    // Only a name that starts with "*." can be one (dns_name says so only for those): the
    // others skip the DNS check the walker has already made.
    v.as_str()
        .is_some_and(|s| s.starts_with("*.") && s.len() <= max && formats::dns_name(s) == Ok(true))
}

fn wildcard_conflict(ctx: &mut Ctx, path: Vec<PathSeg>, name: &Value) {
    let field = crate::report::join_path(&path);
    let product = ctx.product;
    let msg = if product.is_ev() {
        text!(
            "{}: wildcard names are not allowed on EV certificates ({}); list each name instead.",
            field,
            product.name()
        )
    } else {
        text!("{}: {} does not take wildcard names; order Secure Site Wildcard SSL (ssl_securesite_wildcard) instead.", field, product.name())
    };
    let value = super::shorten(name.as_str().unwrap_or(""));
    ctx.report_segs(
        path,
        Code::Conflict,
        Severity::Error,
        msg,
        vec![("value", Param::from(value))],
    );
}

/// A certificate names at most [`MAX_DNS_NAMES`] domains (glossary, "Industry limits"): the
/// common name and the `dns_names`, each counted once (DNS names match whatever their case).
/// Only a full list can go over (a longer one is the field table's `length` error), so only a
/// full list is counted.
const NAME_COUNT: Rule = Rule::new(
    "ssl.names.count",
    "glossary, Industry limits",
    Applies::Family(Family::Ssl),
    &["certificate.common_name", "certificate.dns_names"],
    &[Reports::error("certificate.dns_names", Code::Length)],
    check_name_count,
);

fn check_name_count(ctx: &mut Ctx, order: &Value) {
    let Some(Value::Array(names)) = order.at(&["certificate", "dns_names"]) else {
        return;
    };
    if names.len() != MAX_DNS_NAMES {
        return;
    }
    // A full list names one domain more than the limit when its names are all different and
    // the common name is none of them.
    let Some(common) = order.at(&["certificate", "common_name"]) else {
        return;
    };
    let named_before = |(i, name): (usize, &Value)| {
        let before = names.get(..i).unwrap_or_default();
        same_name(name, common) || before.iter().any(|b| same_name(name, b))
    };
    if names.iter().enumerate().any(named_before) {
        return;
    }
    let count = MAX_DNS_NAMES + 1;
    ctx.error(
        &["certificate", "dns_names"],
        Code::Length,
        text!("certificate.common_name and certificate.dns_names name {} domains; a certificate holds at most {}, the common name included.", count, MAX_DNS_NAMES),
        vec![("max", Param::Int(MAX_DNS_NAMES as i64)), ("length", Param::Int(count as i64))],
    );
}

/// Two DNS names that are the same name ([`common::same_dns_name`]).
#[inline(never)]
fn same_name(a: &Value, b: &Value) -> bool {
    a.as_str()
        .zip(b.as_str())
        .is_some_and(|(a, b)| common::same_dns_name(a, b))
}

/// `validity_years` is required unless `validity_days` or `custom_expiration_date` replaces it
/// (page 004), or `order_validity` sets the plan instead (changes-2025-2026.md §1, firm [M46]).
const VALIDITY_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "validity_years",
        when: Some("unless days, an expiration date or an order validity is given"),
    }],
    ..Rule::new(
        "ssl.validity.years_required",
        "spec page 004; changes-2025-2026.md §1 (order_validity)",
        Applies::Family(Family::Ssl),
        PLAN_FIELDS,
        &[Reports::error("validity_years", Code::Required)],
        check_validity_required,
    )
};

fn check_validity_required(ctx: &mut Ctx, order: &Value) {
    common::validity_years_required(
        ctx,
        order,
        PLAN_YEARS,
        &["order_validity", "validity_days", "custom_expiration_date"],
    );
}

/// `order_validity.years` is required unless `days` or `custom_expiration_date` replaces it in
/// the object, as in code signing's (page 002; the object on TLS: changes-2025-2026.md §1, firm).
const ORDER_YEARS_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "order_validity.years",
        when: Some("unless days or an expiration date is given"),
    }],
    ..Rule::new(
        "ssl.validity.order_years_required",
        "changes-2025-2026.md §1 (M46); spec page 002 (the object)",
        Applies::Family(Family::Ssl),
        &["order_validity"],
        &[Reports::error("order_validity.years", Code::Required)],
        check_order_years_required,
    )
};

fn check_order_years_required(ctx: &mut Ctx, order: &Value) {
    common::order_validity_years_required(ctx, order, PLAN_YEARS);
}

/// `order_validity` and a root field that sets the plan, at once: both set the order's validity
/// (changes-2025-2026.md §1, firm [M46]) and no page says which wins. The rules read
/// `order_validity` (DigiCert's current form); the root field gets a `conflict` warning, not an
/// error, since CertCentral may well take a body whose two agree.
const VALIDITY_CONFLICT: Rule = Rule::new(
    "ssl.validity.both_forms",
    "changes-2025-2026.md §1 (M46)",
    Applies::Family(Family::Ssl),
    PLAN_FIELDS,
    &[
        Reports::warning("validity_years", Code::Conflict),
        Reports::warning("validity_days", Code::Conflict),
        Reports::warning("custom_expiration_date", Code::Conflict),
    ],
    check_validity_conflict,
);

fn check_validity_conflict(ctx: &mut Ctx, order: &Value) {
    common::both_set(
        ctx,
        order,
        ROOT_FIELDS,
        Severity::Warning,
        "{} and order_validity both set the plan (which one CertCentral uses is not documented): keep one.",
    );
}

/// `custom_expiration_date` (at the root, in `order_validity` or in `certificate.cert_validity`)
/// is after today and at most 3 years out, the longest plan (changes-2025-2026.md §1, firm [M46]: a date beyond 3 years gets
/// `invalid_value`). Page 004's "less than 825 days" predates 3-year plans.
const EXPIRATION_DATE: Rule = Rule::new(
    "ssl.validity.expiration_date",
    "spec page 004; changes-2025-2026.md §1 (plans of up to 3 years)",
    Applies::Family(Family::Ssl),
    &[
        "custom_expiration_date",
        "order_validity",
        "certificate.cert_validity",
    ],
    &[
        Reports::error("custom_expiration_date", Code::Range),
        Reports::error("order_validity.custom_expiration_date", Code::Range),
        Reports::error(
            "certificate.cert_validity.custom_expiration_date",
            Code::Range,
        ),
    ],
    check_expiration_date,
);

fn check_expiration_date(ctx: &mut Ctx, order: &Value) {
    for plan in [&ROOT_PLAN, &OBJECT_PLAN, &CERT_PLAN] {
        common::check_plan_end(ctx, plan.date, order, PLAN_YEARS);
    }
}

/// The plan an order asks for, in days, and the field that sets it: `order_validity`'s when the
/// order has one (see [`VALIDITY_CONFLICT`]), else the root fields'; within either, page 004's
/// "overrides" order.
fn lifetime(today: Date, order: &Value) -> Option<(i64, &'static [&'static str])> {
    let plan = common::plan_of(order, &OBJECT_PLAN, &ROOT_PLAN);
    common::plan_lifetime(today, order, plan, PLAN_YEARS, PLAN_DAYS)
}

/// A validity longer than the public TLS limit in force is allowed (the order becomes a
/// multi-year plan with reissues) but deserves a `policy` warning, at the field that sets the
/// lifetime.
const LIFETIME_POLICY: Rule = Rule::new(
    "ssl.validity.lifetime_policy",
    "changes-2025-2026.md §1 (DigiCert TLS caps; CA/B Forum ballot SC-081)",
    Applies::Family(Family::Ssl),
    PLAN_FIELDS,
    PLAN_POLICY,
    lifetime_policy,
);

fn lifetime_policy(ctx: &mut Ctx, order: &Value) {
    let lifetime = lifetime(ctx.today, order);
    common::over_cap_issue(ctx, &CAPS, lifetime, Severity::Warning, true);
}

/// From 2026-02-24 a TLS order is a one-year plan by default; a longer plan needs Multi-year
/// Plans on the account (firm, changes-2025-2026.md §1, "Order validity vs certificate
/// validity"). Whether CertCentral refuses or shortens such an order without them is not
/// documented, so this is a warning.
const MULTI_YEAR_PLAN: Rule = Rule::new(
    "ssl.validity.multi_year_plan",
    "changes-2025-2026.md §1 (DigiCert annual plans)",
    Applies::Family(Family::Ssl),
    PLAN_FIELDS,
    PLAN_POLICY,
    check_multi_year_plan,
);

fn check_multi_year_plan(ctx: &mut Ctx, order: &Value) {
    let Some((_, from)) = dates::in_force(Fact::TlsAnnualPlans, ctx.today) else {
        return;
    };
    let Some((days, path)) = lifetime(ctx.today, order) else {
        return;
    };
    if days > 365 {
        let msg = Msg::at(path)
            .s(" asks for a plan of about ")
            .n(days)
            .s(" days: from ")
            .date(from);
        ctx.warn(
            path,
            Code::Policy,
            msg.s(" TLS orders are one-year plans unless the account has Multi-year Plans (ask your DigiCert account manager); without them CertCentral may refuse or shorten the order.").done(),
            vec![("days", Param::Int(days)), ("effective_date", Param::from(from.iso()))],
        );
    }
}

/// `certificate.cert_validity` sets the plan's first certificate (changes-2025-2026.md §1, firm
/// [BOV, SSOV]), so DigiCert's TLS cap in force bounds it: more days than the cap, or an end date
/// further out, is a `range` error as the addendum suggests when over a cap it marks firm (199
/// days from 2026-02-24, which stays in force under the likely 99 from 2027-03-15; 46 from
/// 2029-03-15), and a warning when over the likely cap alone.
/// (Whether CertCentral refuses or shortens such a request is the addendum's open question 2.)
/// `years` is a warning from the first cap on: a year is longer than the cap, but that
/// CertCentral refuses it is likely only (the addendum's table). Before 2026-02-24 the dates table holds no DigiCert
/// cap, and the field table's bounds apply.
const CERT_VALIDITY_CAP: Rule = Rule::new(
    "ssl.validity.cert_validity_cap",
    "changes-2025-2026.md §1 (DigiCert TLS caps; BOV, SSOV)",
    Applies::Family(Family::Ssl),
    &["certificate.cert_validity"],
    &[
        Reports::error("certificate.cert_validity", Code::Range),
        Reports::warning("certificate.cert_validity", Code::Range),
    ],
    check_cert_validity,
);

fn check_cert_validity(ctx: &mut Ctx, order: &Value) {
    // Most orders have none: one lookup instead of three.
    if order.at(&["certificate", "cert_validity"]).is_none() {
        return;
    }
    let today = ctx.today;
    // The `years` step, told apart by its length (comparing the texts costs the wasm a string
    // comparison of its own).
    let is_year = |path: &[&str]| path.last().is_some_and(|s| s.len() == 5);
    // An end date is bounded by the plan's 3 years ([`EXPIRATION_DATE`] reports one past
    // them), a year by the table's 1 (the walker reports more).
    let lifetime = common::plan_lifetime(today, order, &CERT_PLAN, PLAN_YEARS, PLAN_DAYS)
        .filter(|&(days, path)| !(is_year(path) && days > 365));
    // An error over a cap the addendum marks firm: 199 days from 2026-02-24 stays in force under
    // the likely 99 of 2027-03-15. Over a likely cap alone, or for a year, a warning.
    let severity = match lifetime {
        Some((days, path))
            if !is_year(path)
                && dates::firm_in_force(CAPS.digicert, today).is_some_and(|cap| days > cap) =>
        {
            Severity::Error
        }
        _ => Severity::Warning,
    };
    common::over_cap_issue(ctx, &CAPS, lifetime, severity, false);
}

/// The client-authentication EKU in public TLS (`server_client_auth_eku`) is being withdrawn,
/// and DigiCert's sources disagree on when (changes-2025-2026.md §4, both firm): the Basic OV API
/// page ends it on 2026-05-01, the later knowledge-base alert on 2027-03-01. Between the two it is
/// a warning (sources disagree); from the later one an error (every source says it has ended).
const CLIENT_AUTH_EKU: Rule = Rule::new(
    "ssl.eku.client_auth_cutoff",
    "changes-2025-2026.md §4 (Basic OV API page; DigiCert alert ALERT53)",
    Applies::Family(Family::Ssl),
    &["certificate.profile_option"],
    &[
        Reports::warning("certificate.profile_option", Code::Policy),
        Reports::error("certificate.profile_option", Code::Policy),
    ],
    check_client_auth_eku,
);

fn check_client_auth_eku(ctx: &mut Ctx, order: &Value) {
    let path = ["certificate", "profile_option"];
    if order.at(&path).and_then(Value::as_str) != Some("server_client_auth_eku") {
        return;
    }
    let today = ctx.today;
    let (severity, since, then) = if let Some((_, ended)) =
        dates::in_force(Fact::ClientAuthEkuEnded, today)
    {
        (
            Severity::Error,
            ended,
            "every source says it has ended: CertCentral refuses it",
        )
    } else if let Some((_, disputed)) = dates::in_force(Fact::ClientAuthEkuDisputed, today) {
        (Severity::Warning, disputed, "a later DigiCert alert allows it a while longer: CertCentral may refuse it or leave the client EKU out")
    } else {
        return;
    };
    ctx.report(
        &path,
        Code::Policy,
        severity,
        text!("certificate.profile_option server_client_auth_eku: DigiCert ends the client authentication EKU in public TLS from {}, and {}; use server_auth_only_eku.", since, then),
        vec![("effective_date", Param::from(since.iso()))],
    );
}

/// HTTP validation cannot prove control of a wildcard name (glossary, "DCV methods"), so
/// `http-token` conflicts with the Wildcard product and with any wildcard name.
const HTTP_TOKEN_WILDCARD: Rule = Rule::new(
    "ssl.dcv.http_token_wildcard",
    "glossary, DCV methods",
    Applies::Family(Family::Ssl),
    &[
        "dcv_method",
        "certificate.common_name",
        "certificate.dns_names",
    ],
    &[Reports::error("dcv_method", Code::Conflict)],
    check_http_dcv,
);

fn check_http_dcv(ctx: &mut Ctx, order: &Value) {
    if order.get("dcv_method").and_then(Value::as_str) != Some("http-token") {
        return;
    }
    let is_wild = |v: &Value| v.as_str().is_some_and(|s| s.starts_with("*."));
    let wildcard_name = order
        .at(&["certificate", "common_name"])
        .is_some_and(is_wild)
        || matches!(order.at(&["certificate", "dns_names"]), Some(Value::Array(names)) if names.iter().any(is_wild));
    if ctx.product == Product::SslSecureSiteWildcard || wildcard_name {
        ctx.error(
            &["dcv_method"],
            Code::Conflict,
            "dcv_method http-token cannot prove control of a wildcard name; use email, dns-txt-token or dns-cname-token.".to_owned(),
            vec![("allowed", Param::from(&["email", "dns-txt-token", "dns-cname-token"][..]))],
        );
    }
}

/// TLS keys: RSA 2048-bit or larger, or ECDSA on P-256 or P-384. The Baseline Requirements
/// (§6.1.5) allow these, and the Mozilla Root Store Policy (§5.1) does not accept P-521. So a
/// 1024-bit RSA, P-521, Ed25519 or other key is an error.
pub(crate) const TLS_KEYS: common::KeyPolicy = common::KeyPolicy {
    rsa_min: 2048,
    rsa_max: None,
    curves: &[256, 384],
    who: "Secure Site SSL",
};

/// The CSR's key must be one [`TLS_KEYS`] allows. Its source is an industry rule, not a spec
/// page; CertCentral refuses other keys.
pub(crate) const CSR_KEY: Rule = Rule::new(
    "ssl.csr.key",
    "CA/Browser Forum Baseline Requirements §6.1.5; Mozilla Root Store Policy §5.1",
    Applies::Family(Family::Ssl),
    &["certificate.csr"],
    &[Reports::error("certificate.csr", Code::Range)],
    check_csr_key,
);

fn check_csr_key(ctx: &mut Ctx, order: &Value) {
    common::check_csr_key(ctx, order, &TLS_KEYS);
}

/// A warning when the CSR names a host the order does not. The certificate carries the order's
/// `common_name` and `dns_names`, not the CSR's, so this usually means the wrong CSR was pasted.
/// DNS names are compared without regard to case or a final dot, and a wildcard only matches
/// the same wildcard. The order's names are checked by other rules.
const CSR_NAMES: Rule = Rule::new(
    "ssl.csr.names",
    "the CSR's subject and subjectAltName against the order's names (a careful user's check)",
    Applies::Family(Family::Ssl),
    &[
        "certificate.csr",
        "certificate.common_name",
        "certificate.dns_names",
    ],
    &[Reports::warning("certificate.csr", Code::Conflict)],
    check_csr_names,
);

fn check_csr_names(ctx: &mut Ctx, order: &Value) {
    let Some(common_name) = order
        .at(&["certificate", "common_name"])
        .and_then(Value::as_str)
    else {
        return;
    };
    let mut names = common::strings_at(order, &["certificate", "dns_names"]);
    names.push(common_name);
    common::warn_csr_names(
        ctx,
        order,
        |csr| {
            let mut names: Vec<&str> = Vec::new();
            for name in csr.common_name.iter().chain(&csr.dns_names) {
                names.push(name);
            }
            names
        },
        &names,
        "this order does not name in common_name or dns_names",
        "names",
    );
}
