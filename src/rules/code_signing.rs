//! Code signing (`code_signing`, `code_signing_ev`): spec page 002 (newest, wins), with the older
//! pages 000/001 whose example bodies must still validate (they use the deprecated
//! `validity_years`, which gives a `deprecated` warning).

use super::common::{self, Limit};
use super::{string, Ctx, Field, Fmt, Req, Ty, ANY_TEXT, TEXT};
use crate::csr::{self, CsrKey};
use crate::date::Date;
use crate::products::Product;
use crate::report::{Code, Param};
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
        max: i64::MAX,
    },
    Req::Yes,
    "the server platform ID (-1 Other; 55 Sun Java needs a CSR).",
)];

const CERTIFICATE: &[Field] = &[
    Field::new(
        "csr",
        string(1, crate::value::MAX_STRING_LEN, Fmt::Csr),
        Req::When(
            "when server_platform.id is 55 (Sun Java) or cs_provisioning_method is email (HSM)",
        ),
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
        Req::When("when cs_provisioning_method is client_app or not given"),
        "the token or HSM platform: { \"id\": <platform ID> }.",
    ),
    Field::new(
        "organization_units",
        common::ORG_UNITS,
        Req::No,
        "departments of your organization.",
    ),
];

/// `order_validity` (page 002): `years` 1–3, or `days`, or `custom_expiration_date`.
/// The page gives no bound for `days`; since `years` stops at 3, `days` stops at 1095 (3 × 365).
const ORDER_VALIDITY: &[Field] = &[
    Field::new(
        "years",
        Ty::Int { min: 1, max: 3 },
        Req::When("unless days or custom_expiration_date is given"),
        "validity in years, 1 to 3.",
    ),
    Field::new(
        "days",
        Ty::Int { min: 1, max: 1095 },
        Req::No,
        "validity in days; overrides years.",
    ),
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
        Req::When("unless the deprecated validity_years or custom_expiration_date is given"),
        "the validity: { years: 1-3 } or { days } or { custom_expiration_date: \"dd MMM YYYY\" }.",
    ),
    Field::new(
        "validity_years",
        Ty::Int { min: 1, max: 3 },
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
        Req::When("for EV code signing"),
        "how the key is held: ship_token, client_app or email (HSM).",
    ),
    Field::new(
        "ship_info",
        Ty::Object(SHIP_INFO),
        Req::No,
        "where to ship the token (ship_token); default: the account's address.",
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
            max: i64::MAX,
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
        "1 enables guest access to the order, 0 disables it.",
    ),
    common::COMMENTS,
    common::CUSTOM_RENEWAL_MESSAGE,
];

/// Code signing certificates: at most 460 days if issued from 2026-03-01 (ballot CSC-31;
/// glossary, "Industry limits").
const LIFETIME: &[Limit] = &[Limit {
    from: (2026, 3, 1),
    max_days: 460,
}];

/// The farthest a custom expiration date may be: three years, the longest `years` allows. The
/// page gives no bound for dates; this one keeps a date and `years` consistent.
const MAX_YEARS: i32 = 3;
/// [`MAX_YEARS`] in a message (a constant: every order checks dates, few break the limit).
const MAX_YEARS_TEXT: &str = "at most 3 years from today";
const _: () = assert!(MAX_YEARS == 3, "MAX_YEARS_TEXT says 3 years");

/// The field table is shared by both products; a form for one product should show that
/// product's requirements: `cs_provisioning_method` is required on EV only, and EV orders ignore
/// `subject` (page 002).
pub(crate) fn adjust_description(product: Product, fields: &mut Vec<super::describe::FieldInfo>) {
    let ev = product == Product::CodeSigningEv;
    if ev {
        fields.retain(|f| f.name != "subject");
    }
    if let Some(method) = fields
        .iter_mut()
        .find(|f| f.name == "cs_provisioning_method")
    {
        method.required = ev;
        method.required_when = None;
    }
}

#[inline(never)]
pub(crate) fn check(ctx: &mut Ctx, order: &Value) {
    check_validity(ctx, order);
    check_provisioning(ctx, order);
    check_csr_key(ctx, order);
    if ctx.product == Product::CodeSigningEv && order.at(&["subject", "email"]).is_some() {
        ctx.warn(
            &["subject", "email"],
            Code::UnknownField,
            "subject.email is ignored on EV code signing orders (page 002): only OV code signing (code_signing) uses it.".to_owned(),
            Vec::new(),
        );
    }
}

/// `order_validity` is required unless a deprecated validity field is given; both at once is a
/// conflict (the page does not say which wins). Dates must be after today and at most three
/// years out. Lifetimes past the industry limit get a `policy` warning.
fn check_validity(ctx: &mut Ctx, order: &Value) {
    let has = |k: &str| order.get(k).is_some();
    if !has("order_validity") && !has("validity_years") && !has("custom_expiration_date") {
        ctx.error(
            &["order_validity"],
            Code::Required,
            "order_validity is required: give order_validity.years (1-3), order_validity.days or order_validity.custom_expiration_date (dd MMM YYYY).".to_owned(),
            Vec::new(),
        );
        return;
    }
    if has("order_validity") {
        for old in ["validity_years", "custom_expiration_date"] {
            if has(old) {
                ctx.error(
                    &[old],
                    Code::Conflict,
                    format!("{old} and order_validity both set the validity; remove the deprecated {old} and keep order_validity."),
                    vec![("with", Param::from("order_validity"))],
                );
            }
        }
    }
    let far = ctx.today.days_until(ctx.today.add_years(MAX_YEARS));

    // The lifetime actually asked for, and the field that sets it ("overrides" order).
    let mut lifetime: Option<(i64, Vec<&str>)> = None;
    if let Some(ov @ Value::Object(_)) = order.get("order_validity") {
        if ov.get("years").is_none()
            && ov.get("days").is_none()
            && ov.get("custom_expiration_date").is_none()
        {
            ctx.error(
                &["order_validity", "years"],
                Code::Required,
                "order_validity.years is required (1-3), unless order_validity.days or order_validity.custom_expiration_date is given.".to_owned(),
                Vec::new(),
            );
        }
        let path = ["order_validity", "custom_expiration_date"];
        if let Some(days) = common::check_future_date(
            ctx,
            &path,
            common::date_at(order, &path, Date::parse_dd_mmm_yyyy),
            far,
            false,
            MAX_YEARS_TEXT,
        ) {
            lifetime = Some((days, path.to_vec()));
        } else if ov.get("custom_expiration_date").is_none() {
            // `days` overrides `years` (page 002); an invalid one is already reported.
            lifetime = if ov.get("days").is_some() {
                common::int_at(order, &["order_validity", "days"])
                    .filter(|d| (1..=1095).contains(d))
                    .map(|d| (d, vec!["order_validity", "days"]))
            } else {
                common::int_at(order, &["order_validity", "years"])
                    .filter(|y| (1..=3).contains(y))
                    .map(|y| (y * 365, vec!["order_validity", "years"]))
            };
        }
    } else {
        let path = ["custom_expiration_date"];
        if let Some(days) = common::check_future_date(
            ctx,
            &path,
            common::date_at(order, &path, Date::parse_iso),
            far,
            false,
            MAX_YEARS_TEXT,
        ) {
            lifetime = Some((days, path.to_vec()));
        } else if !has("custom_expiration_date") {
            if let Some(years) =
                common::int_at(order, &["validity_years"]).filter(|y| (1..=3).contains(y))
            {
                lifetime = Some((years * 365, vec!["validity_years"]));
            }
        }
    }
    if let (Some((days, path)), Some((limit, from))) =
        (lifetime, common::limit_in_force(LIFETIME, ctx.today))
    {
        if days > limit.max_days {
            let field = super::join(&path, ".");
            ctx.warn(
                &path,
                Code::Policy,
                format!(
                    "{field} asks for about {days} days, but code signing certificates issued from {from} are valid for at most {} days (CA/B Forum ballot CSC-31); the certificate will be issued for {} days and reissued to cover the order.",
                    limit.max_days, limit.max_days
                ),
                vec![("max_days", Param::Int(limit.max_days)), ("effective_date", Param::from(from.to_string())), ("days", Param::Int(days))],
            );
        }
    }
}

/// `server_platform` is required when `cs_provisioning_method` is `client_app` or absent; the
/// CSR when the platform is 55 (Sun Java) or the key goes on the customer's HSM (`email`);
/// `cs_provisioning_method` on EV (page 002). `ship_info` only means something with
/// `ship_token` (glossary), so with another method it is a `conflict` warning.
fn check_provisioning(ctx: &mut Ctx, order: &Value) {
    let method = order.get("cs_provisioning_method");
    let method_str = method.and_then(Value::as_str);
    if method.is_none() && ctx.product == Product::CodeSigningEv {
        ctx.error(
            &["cs_provisioning_method"],
            Code::Required,
            "cs_provisioning_method is required for EV code signing: ship_token (DigiCert ships a token), client_app (a token you have) or email (your HSM).".to_owned(),
            Vec::new(),
        );
    }
    if (method.is_none() || method_str == Some("client_app"))
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
            format!("certificate.server_platform is required when {why}: give {{ \"id\": <platform ID> }} for the token or HSM (-1 for Other)."),
            Vec::new(),
        );
    }
    let platform = common::int_at(order, &["certificate", "server_platform", "id"]);
    let reason = if platform == Some(55) {
        Some("certificate.server_platform.id is 55 (Sun Java)")
    } else if method_str == Some("email") {
        Some("cs_provisioning_method is email (the key is on your HSM)")
    } else {
        None
    };
    if let Some(reason) = reason {
        if common::missing_in(order, &["certificate"], "csr") {
            ctx.error(
                &["certificate", "csr"],
                Code::Required,
                format!("certificate.csr is required when {reason}: paste the PEM certificate signing request (RSA 3072+ or ECC P-256+)."),
                Vec::new(),
            );
        }
    }
    if order.get("ship_info").is_some() {
        if let Some(m) = method_str.filter(|m| *m != "ship_token") {
            ctx.warn(
                &["ship_info"],
                Code::Conflict,
                format!("ship_info is only used when cs_provisioning_method is ship_token; with {m} nothing is shipped."),
                vec![("with", Param::from("cs_provisioning_method"))],
            );
        }
    }
}

/// Code signing CSRs must carry an ECC P-256 or RSA 3072-bit key or larger (page 002).
fn check_csr_key(ctx: &mut Ctx, order: &Value) {
    let Some(Ok(key)) = order
        .at(&["certificate", "csr"])
        .and_then(Value::as_str)
        .map(csr::parse)
    else {
        return;
    };
    let problem = match key {
        CsrKey::Rsa(bits) if bits < 3072 => Some(format!("an RSA {bits}-bit key")),
        CsrKey::Ec(bits) if bits < 256 => Some(format!("an ECC {bits}-bit key")),
        CsrKey::Other => Some("a key type other than RSA or ECC on a named curve".to_owned()),
        _ => None,
    };
    if let Some(what) = problem {
        ctx.error(
            &["certificate", "csr"],
            Code::Range,
            format!("certificate.csr has {what}; code signing needs RSA 3072-bit or larger, or ECC P-256 or larger."),
            vec![("min_rsa_bits", Param::Int(3072)), ("min_ecc_bits", Param::Int(256))],
        );
    }
}
