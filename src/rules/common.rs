//! Fields and rules every family shares: the organization (existing id or new details), the
//! container, custom fields, payment, and the date checks behind every validity rule.

use super::dates::{self, Fact};
use super::registry::{Applies, Reports, Requires, Rule};
use super::{string, Ctx, Field, Fmt, Msg, Req, Ty, ANY_TEXT, ID, TEXT};
use crate::csr::{self, Csr, CsrKey};
use crate::date::Date;
use crate::report::{text, Code, Param, Severity};
use crate::value::Value;

/// `validity_years` on the client page (003): 1 or 2.
pub(crate) const VALIDITY_YEARS: Ty = Ty::Int { min: 1, max: 2 };

/// How far out a client order's `custom_expiration_date` may be (page 003: "less than 825 days
/// from today"), in days.
pub(crate) const VALIDITY_DAYS: Ty = Ty::Int { min: 1, max: 824 };

/// An integer type's bounds, for rules that must agree with the table (the bound is written
/// once, in the type the table uses).
pub(crate) const fn int_bounds(ty: Ty) -> (i64, i64) {
    match ty.int_range() {
        Some(range) => range,
        None => (0, 0),
    }
}

/// Signature hash for code signing and client certificates: `sha256` only (pages 002, 003;
/// glossary "Signature hashes").
pub const SHA256_ONLY: &[&str] = &["sha256"];

/// `payment_method` (every page; glossary "Payment methods", firm).
pub const PAYMENT_METHODS: &[&str] = &["balance", "card", "profile"];

/// The new-organization object (glossary, "The new-organization object"). Public certificates
/// limit name, address lines, city, state and postal code to 64 characters each.
const ORG_CONTACT: &[Field] = &[
    Field::new("first_name", TEXT, Req::Yes, "the contact's first name."),
    Field::new("last_name", TEXT, Req::Yes, "the contact's last name."),
    Field::new(
        "email",
        string(1, 254, Fmt::Email),
        Req::Yes,
        "the contact's e-mail address.",
    ),
    Field::new(
        "telephone",
        TEXT,
        Req::Yes,
        "the contact's telephone number.",
    ),
    Field::new("job_title", ANY_TEXT, Req::No, "the contact's job title."),
    Field::new(
        "telephone_extension",
        ANY_TEXT,
        Req::No,
        "the contact's telephone extension.",
    ),
];

const ORG_NAME_LEN: usize = 64;

/// `organization`: `{ "id": 123 }` for an existing organization, or a new organization's
/// details. All fields are optional to the walker; [`check_organization`] decides which are
/// required from which of the two forms was given.
pub const ORGANIZATION: &[Field] = &[
    Field::new(
        "id",
        ID,
        Req::Cond,
        "the ID of an existing organization (List organizations).",
    ),
    Field::new(
        "name",
        string(1, ORG_NAME_LEN, Fmt::Any),
        Req::Cond,
        "the new organization's legal name.",
    ),
    Field::new(
        "assumed_name",
        ANY_TEXT,
        Req::No,
        "a DBA name for the new organization.",
    ),
    Field::new(
        "address",
        string(1, ORG_NAME_LEN, Fmt::Any),
        Req::Cond,
        "the new organization's street address.",
    ),
    Field::new(
        "address2",
        string(0, ORG_NAME_LEN, Fmt::Any),
        Req::No,
        "a second address line.",
    ),
    Field::new(
        "city",
        string(1, ORG_NAME_LEN, Fmt::Any),
        Req::Cond,
        "the new organization's city.",
    ),
    Field::new(
        "state",
        string(1, ORG_NAME_LEN, Fmt::Any),
        Req::Cond,
        "the new organization's state or province.",
    ),
    Field::new(
        "zip",
        string(1, ORG_NAME_LEN, Fmt::Any),
        Req::Cond,
        "the postal code, as a string (postal codes keep leading zeros and letters).",
    ),
    Field::new(
        "country",
        string(1, 64, Fmt::Country),
        Req::Cond,
        "the two-letter ISO 3166-1 country code, e.g. us.",
    ),
    Field::new(
        "telephone",
        TEXT,
        Req::Cond,
        "the new organization's telephone number.",
    ),
    Field::new(
        "container",
        Ty::Object(CONTAINER),
        Req::No,
        "the container the new organization belongs to.",
    ),
    Field::new(
        "organization_contact",
        Ty::Object(ORG_CONTACT),
        Req::Cond,
        "the new organization's contact.",
    ),
    Field::new(
        "skip_duplicate_org_check",
        Ty::Bool,
        Req::No,
        "forces a new organization even when one with the same details exists.",
    ),
];

/// `container` (pages 000-002, 004): `id` is required when the object is given. The client page
/// (003) marks it optional; the client table has its own container (`client.rs`).
pub const CONTAINER: &[Field] = &[Field::new("id", ID, Req::Yes, "the container's ID.")];

/// One entry of `custom_fields` (every page; an array in every example, though two tables say
/// "object").
const CUSTOM_FIELD: &[Field] = &[
    Field::new("metadata_id", ID, Req::Yes, "the custom field's ID."),
    Field::new("value", ANY_TEXT, Req::Yes, "the custom field's value."),
];

pub const CUSTOM_FIELDS: Ty = Ty::List {
    item: &Ty::Object(CUSTOM_FIELD),
    min: 0,
    max: 1000,
};

pub const EMAIL_LIST: Ty = Ty::List {
    item: &string(1, 254, Fmt::Email),
    min: 0,
    max: 1000,
};

pub const ORG_UNITS: Ty = Ty::List {
    item: &string(1, 64, Fmt::Any),
    min: 0,
    max: 100,
};

/// `alternative_order_id`: letters and digits, at most 64 (page 002). The SSL and client pages
/// do not list it, but CertCentral takes it on every order and the client needs it to retry an
/// order safely, so it is accepted, with the same rule, on every product.
pub const ALTERNATIVE_ORDER_ID: Field = Field::new(
    "alternative_order_id",
    string(1, 64, Fmt::Alphanumeric),
    Req::No,
    "your own alphanumeric ID for the order (at most 64); also makes a retried order safe.",
);

pub const PAYMENT_METHOD: Field = Field::new(
    "payment_method",
    Ty::Enum(PAYMENT_METHODS),
    Req::No,
    "balance (default), card or profile.",
);
pub const CONTAINER_FIELD: Field = Field::new(
    "container",
    Ty::Object(CONTAINER),
    Req::No,
    "the container to place the order under.",
);
pub const CUSTOM_FIELDS_FIELD: Field = Field::new(
    "custom_fields",
    CUSTOM_FIELDS,
    Req::No,
    "account-specific custom fields, each an ID and a value.",
);
pub const ORGANIZATION_FIELD: Field = Field::new(
    "organization",
    Ty::Object(ORGANIZATION),
    Req::Yes,
    "an existing organization, by its ID, or a new organization's details.",
);
pub const RENEWAL_OF_ORDER_ID: Field = Field::new(
    "renewal_of_order_id",
    ID,
    Req::No,
    "for a renewal, the previous order's ID.",
);
pub const SKIP_APPROVAL: Field = Field::new(
    "skip_approval",
    Ty::Bool,
    Req::No,
    "skips the approval step (not DigiCert's validation).",
);
pub const COMMENTS: Field =
    Field::new("comments", ANY_TEXT, Req::No, "a message for the approver.");
pub const CUSTOM_RENEWAL_MESSAGE: Field = Field::new(
    "custom_renewal_message",
    ANY_TEXT,
    Req::No,
    "a message included in renewal notifications.",
);
pub const ADDITIONAL_EMAILS: Field = Field::new(
    "additional_emails",
    EMAIL_LIST,
    Req::No,
    "more addresses for certificate notification e-mails.",
);

// The rules every product shares: the organization object (glossary, "The new-organization
// object"), run after the family's rules.
super::registry::rule_set![
    ORG_ID_OR_DETAILS,
    ORG_REQUIRED,
    ORG_NEW_DETAILS,
    AUTO_RENEW_CARD
];

/// Automatic renewal draws on the account balance: CertCentral does not renew on a credit card
/// (changes-2025-2026.md §7, firm [ACC]). The order itself is taken, and the renewal is what
/// would not happen, so this is a warning, as the addendum suggests.
const AUTO_RENEW_CARD: Rule = Rule::new(
    "order.auto_renew.card",
    "changes-2025-2026.md §7 (account types and coverage)",
    Applies::All,
    &["auto_renew", "payment_method"],
    &[Reports::warning("auto_renew", Code::Policy)],
    check_auto_renew_card,
);

fn check_auto_renew_card(ctx: &mut Ctx, order: &Value) {
    let renews = int_at(order, &["auto_renew"]).is_some_and(|n| n > 0);
    if renews && order.get("payment_method").and_then(Value::as_str) == Some("card") {
        ctx.warn(
            &["auto_renew"],
            Code::Policy,
            "auto_renew: CertCentral renews only from the account balance, not a card (payment_method).".to_owned(),
            vec![("with", Param::from("payment_method"))],
        );
    }
}

/// `organization` is either an existing organization's `id` or a new organization's details
/// (glossary); both at once is ambiguous.
const ORG_ID_OR_DETAILS: Rule = Rule::new(
    "organization.id_or_details",
    "glossary, The new-organization object",
    Applies::All,
    &["organization"],
    &[Reports::error("organization", Code::Conflict)],
    check_id_or_details,
);

/// Neither an id nor details: the id is what most orders give, so it is reported there.
const ORG_REQUIRED: Rule = Rule {
    requires: &[Requires {
        field: "organization.id",
        when: Some("unless the details of a new organization are given"),
    }],
    ..Rule::new(
        "organization.required",
        "glossary, The new-organization object",
        Applies::All,
        &["organization"],
        &[Reports::error("organization.id", Code::Required)],
        check_org_required,
    )
};

/// Details without an id need every required detail, each reported at its own path.
const ORG_NEW_DETAILS: Rule = Rule {
    requires: &[
        new_detail("organization.name"),
        new_detail("organization.address"),
        new_detail("organization.city"),
        new_detail("organization.state"),
        new_detail("organization.zip"),
        new_detail("organization.country"),
        new_detail("organization.telephone"),
        new_detail("organization.organization_contact"),
    ],
    ..Rule::new(
        "organization.new_details_required",
        "glossary, The new-organization object",
        Applies::All,
        &["organization"],
        &[Reports::error("organization", Code::Required)],
        check_new_details,
    )
};

const fn new_detail(field: &'static str) -> Requires {
    Requires {
        field,
        when: Some("for a new organization"),
    }
}

/// An object's entries.
type Entries<'o, 'a> = &'o [(std::borrow::Cow<'a, str>, Value<'a>)];

/// The organization object's entries, and whether it has an `id` and any new-organization
/// detail (a field of the table other than `id` and the duplicate-check flag), when it is an
/// object.
fn org_of<'o, 'a>(order: &'o Value<'a>) -> Option<(Entries<'o, 'a>, bool, bool)> {
    let Some(Value::Object(org)) = order.get("organization") else {
        return None;
    };
    let detail = |k: &str| {
        k != "id" && k != "skip_duplicate_org_check" && ORGANIZATION.iter().any(|f| f.name == k)
    };
    let details = org.iter().any(|(k, _)| detail(k));
    Some((org, has_key(org, "id"), details))
}

fn has_key(org: Entries<'_, '_>, k: &str) -> bool {
    org.iter().any(|(key, _)| key == k)
}

fn check_id_or_details(ctx: &mut Ctx, order: &Value) {
    let Some((org, true, true)) = org_of(order) else {
        return;
    };
    // In the table's order, for the message.
    let mut details: Vec<&str> = Vec::new();
    for n in ORGANIZATION.iter().map(|f| f.name) {
        if n != "id" && n != "skip_duplicate_org_check" && has_key(org, n) {
            details.push(n);
        }
    }
    ctx.error(
        &["organization"],
        Code::Conflict,
        text!("organization has both an id and new-organization details ({}): give the id of an existing organization, or the details of a new one, not both.", super::join(&details, ", ")),
        vec![("fields", Param::Strs(details))],
    );
}

fn check_org_required(ctx: &mut Ctx, order: &Value) {
    if let Some((_, false, false)) = org_of(order) {
        ctx.error(
            &["organization", "id"],
            Code::Required,
            "organization.id is required: give the ID of an existing organization, or a new organization's name, address, city, state, zip, country, telephone and organization_contact.".to_owned(),
            Vec::new(),
        );
    }
}

fn check_new_details(ctx: &mut Ctx, order: &Value) {
    let Some((org, false, true)) = org_of(order) else {
        return;
    };
    for required in ORG_NEW_DETAILS.requires {
        let name = required
            .field
            .strip_prefix("organization.")
            .unwrap_or(required.field);
        if !has_key(org, name) {
            ctx.error(
                &["organization", name],
                Code::Required,
                text!("organization.{} is required for a new organization (or give organization.id of an existing one).", name),
                Vec::new(),
            );
        }
    }
}

/// Checks a custom expiration date at `path` (already format-checked by the walker): after
/// `today` and at most `max_days` out; `limit_text(max_days)` says the bound in the message
/// ("less than 825 days from today"), made only for a date past it. Returns the days from today
/// when usable.
#[inline(never)]
pub(crate) fn check_future_date(
    ctx: &mut Ctx,
    path: &[&str],
    date: Option<Date>,
    max_days: i64,
    limit_text: fn(i64) -> String,
) -> Option<i64> {
    let date = date?;
    let days = ctx.today.days_until(date);
    // Only a date with an issue needs the field's name.
    let field = || super::join(path, ".");
    let today = ctx.today;
    if days <= 0 {
        let field = field();
        ctx.error(
            path,
            Code::Range,
            text!("{} must be after today ({}); got {}.", field, today, date),
            vec![
                ("min", Param::from(today.add_days(1).iso())),
                ("value", Param::from(date.iso())),
            ],
        );
        return None;
    }
    if days > max_days {
        let last = today.add_days(max_days);
        let field = field();
        let limit_text = limit_text(max_days);
        ctx.error(
            path,
            Code::Range,
            text!(
                "{} must be {}: {} is {} days out; the latest allowed is {}.",
                field,
                limit_text,
                date,
                days,
                last
            ),
            vec![
                ("max", Param::from(last.iso())),
                ("value", Param::from(date.iso())),
                ("days", Param::Int(days)),
            ],
        );
        return None;
    }
    Some(days)
}

/// The certificate lifetime caps of a family in the dates table: DigiCert's own (which decides
/// what CertCentral issues) and the industry's beside it, with the industry rule's name.
pub(crate) struct Caps {
    pub digicert: Fact,
    pub industry: Fact,
    pub ballot: &'static str,
    /// The certificates, for the message ("public TLS certificates").
    pub what: &'static str,
}

/// An issue when a validity (`days`, set by the field at `path`) is longer than DigiCert's
/// certificate cap in force (changes-2025-2026.md §1, §2). For an order's validity (`plan`) it is
/// a `policy` warning: the order is then a plan, and the message says what CertCentral does
/// (issue a certificate of at most the cap and reissue it within the plan; CertCentral accepts
/// such orders). For a certificate's own validity it is a `range` issue of `severity`.
#[inline(never)]
pub(crate) fn over_cap_issue(
    ctx: &mut Ctx,
    caps: &Caps,
    lifetime: Option<(i64, &'static [&'static str])>,
    severity: Severity,
    plan: bool,
) {
    let (Some((cap, from)), Some((days, path))) =
        (dates::in_force(caps.digicert, ctx.today), lifetime)
    else {
        return;
    };
    if days <= cap {
        return;
    }
    let mut msg = Msg::at(path)
        .s(" asks for about ")
        .n(days)
        .s(" days, but from ")
        .date(from)
        .s(" DigiCert issues ")
        .s(caps.what)
        .s(" for at most ")
        .n(cap)
        .s(" days");
    if let Some((n, since)) = dates::in_force(caps.industry, ctx.today) {
        msg = msg
            .s(" (the industry's limit: ")
            .n(n)
            .s(" days from ")
            .date(since)
            .s(", ")
            .s(caps.ballot)
            .s(")");
    }
    msg = if plan {
        msg.s(": the order becomes a plan, and CertCentral issues a certificate of at most ")
            .n(cap)
            .s(" days and reissues it within the plan.")
    } else {
        msg.s(": ask for that many or fewer.")
    };
    ctx.report(
        path,
        if plan { Code::Policy } else { Code::Range },
        severity,
        msg.done(),
        vec![
            ("max_days", Param::Int(cap)),
            ("effective_date", Param::from(from.iso())),
            ("days", Param::Int(days)),
        ],
    );
}

/// Reads a string field's date with `parse`; `None` when absent or malformed (the walker has
/// already reported the latter).
pub(crate) fn date_at(
    order: &Value,
    path: &[&str],
    parse: fn(&str) -> Option<Date>,
) -> Option<Date> {
    order.at(path).and_then(Value::as_str).and_then(parse)
}

/// An integer field's value; `None` when absent or of the wrong type.
pub(crate) fn int_at(order: &Value, path: &[&str]) -> Option<i64> {
    order.at(path).and_then(Value::as_int)
}

/// Whether the object at `parent` exists (and is an object) but lacks `key`: the condition for
/// a `required` issue at `parent.key`, so a wrong-typed parent gets only its `type` issue.
pub(crate) fn missing_in(order: &Value, parent: &[&str], key: &str) -> bool {
    match order.at(parent) {
        Some(obj @ Value::Object(_)) => obj.get(key).is_none(),
        _ => false,
    }
}

/// The SSL and client pages' (003, 004) `validity_years` (of type `years`) is required unless
/// one of `alternatives` (`custom_expiration_date`, and on SSL `validity_days`) replaces it.
pub(crate) fn validity_years_required(
    ctx: &mut Ctx,
    order: &Value,
    years: Ty,
    alternatives: &[&str],
) {
    if order.get("validity_years").is_some() || alternatives.iter().any(|k| order.get(k).is_some())
    {
        return;
    }
    let (min, max) = int_bounds(years);
    ctx.error(
        &["validity_years"],
        Code::Required,
        text!(
            "validity_years is required ({} to {}), unless {} (yyyy-MM-dd) is given.",
            min,
            max,
            super::join(alternatives, " or ")
        ),
        Vec::new(),
    );
}

/// `order_validity.years` (of type `years`) is required unless `days` or
/// `custom_expiration_date` replaces it in the object (page 002 for code signing; TLS orders take
/// the same object, changes-2025-2026.md §1).
pub(crate) fn order_validity_years_required(ctx: &mut Ctx, order: &Value, years: Ty) {
    let Some(ov @ Value::Object(_)) = order.get("order_validity") else {
        return;
    };
    if ov.get("years").is_none()
        && ov.get("days").is_none()
        && ov.get("custom_expiration_date").is_none()
    {
        let (min, max) = int_bounds(years);
        ctx.error(
            &["order_validity", "years"],
            Code::Required,
            text!("order_validity.years is required ({}-{}), unless order_validity.days or order_validity.custom_expiration_date is given.", min, max),
            Vec::new(),
        );
    }
}

/// Whether two names are the same DNS name: DNS compares names without regard to ASCII case, and
/// a trailing dot (the root) changes nothing.
pub(crate) fn same_dns_name(a: &str, b: &str) -> bool {
    a.trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim_end_matches('.'))
}

/// A date field's path and the reader of its format.
pub(crate) type DateField = (&'static [&'static str], fn(&str) -> Option<Date>);

/// The fields that set a plan: its end date (with the reader of its format), its days (where
/// that form has them) and its years.
pub(crate) struct PlanFields {
    pub date: DateField,
    pub days: Option<&'static [&'static str]>,
    pub years: &'static [&'static str],
}

/// `object`'s fields when the order has `order_validity` as an object, else `root`'s: where
/// both forms are given, the rules read the object (each family's conflict rule says so).
pub(crate) fn plan_of(
    order: &Value,
    object: &'static PlanFields,
    root: &'static PlanFields,
) -> &'static PlanFields {
    if matches!(order.get("order_validity"), Some(Value::Object(_))) {
        object
    } else {
        root
    }
}

/// The plan an order asks for, in days, and the field that sets it, in the pages' "overrides"
/// order (the date, then the days, then the years as 365 days a year); `None` when the deciding
/// field is unusable (its own rule reports it). `years` and `days` are the fields' types: a
/// usable value is within their bounds. (Code signing and TLS plans share it.)
pub(crate) fn plan_lifetime(
    today: Date,
    order: &Value,
    plan: &PlanFields,
    years: Ty,
    days: Ty,
) -> Option<(i64, &'static [&'static str])> {
    let in_range = |ty: Ty, n: i64| {
        let (min, max) = int_bounds(ty);
        (min..=max).contains(&n)
    };
    let (date, parse) = plan.date;
    if order.at(date).is_some() {
        let n = today.days_until(date_at(order, date, parse)?);
        return (1..=farthest(today, years))
            .contains(&n)
            .then_some((n, date));
    }
    if let Some(path) = plan.days.filter(|p| order.at(p).is_some()) {
        return int_at(order, path)
            .filter(|d| in_range(days, *d))
            .map(|d| (d, path));
    }
    int_at(order, plan.years)
        .filter(|y| in_range(years, *y))
        .map(|y| (y * 365, plan.years))
}

/// `order_validity` and a root field of `roots` at once: a `conflict` at each root field given,
/// worded by `template` (`{}` the root field, twice at most).
pub(crate) fn both_set(
    ctx: &mut Ctx,
    order: &Value,
    roots: &[&'static str],
    severity: Severity,
    template: &str,
) {
    if order.get("order_validity").is_none() {
        return;
    }
    for root in roots {
        if order.get(root).is_some() {
            ctx.report(
                &[root],
                Code::Conflict,
                severity,
                crate::report::fill(template, &[root, root]),
                vec![("with", Param::from("order_validity"))],
            );
        }
    }
}

/// The farthest a plan's end date may be, in days from `today`: the largest of `years`.
pub(crate) fn farthest(today: Date, years: Ty) -> i64 {
    let (_, max) = int_bounds(years);
    today.days_until(today.add_years(i32::try_from(max).unwrap_or(0)))
}

/// A plan's end date at `path`, read with `parse` (`date`): after today and at most the largest of
/// `years` out (code signing's and TLS plans, changes-2025-2026.md §1 and §2).
pub(crate) fn check_plan_end(ctx: &mut Ctx, (path, parse): DateField, order: &Value, years: Ty) {
    // The date first: most orders have none, and the bound is date arithmetic.
    let Some(date) = date_at(order, path, parse) else {
        return;
    };
    let far = farthest(ctx.today, years);
    // The years again from the days (a plan of n < 4 years holds at most one leap day, so the
    // days over 365 are n): a closure that captured `years` cost the wasm 0.25 KB.
    check_future_date(ctx, path, Some(date), far, |far| {
        text!("at most {} years from today", far / 365)
    });
}

/// The client page's `custom_expiration_date`: a real date (the walker checks the format), after
/// today and less than 825 days out (the bound of [`VALIDITY_DAYS`]).
pub(crate) fn expiration_date_825(ctx: &mut Ctx, order: &Value) {
    let path = ["custom_expiration_date"];
    let date = date_at(order, &path, Date::parse_iso);
    let (_, max) = int_bounds(VALIDITY_DAYS);
    check_future_date(ctx, &path, date, max, |max| {
        text!("less than {} days from today", max + 1)
    });
}

/// The keys a family accepts in a CSR: RSA from `rsa_min` bits (up to `rsa_max` when the source
/// lists sizes), or ECDSA on these NIST curves (by size: 256 = P-256).
pub(crate) struct KeyPolicy {
    pub rsa_min: u32,
    pub rsa_max: Option<u32>,
    pub curves: &'static [u32],
    /// Who needs it, for the message: "Secure Site SSL", "a client certificate".
    pub who: &'static str,
}

impl KeyPolicy {
    fn allows(&self, key: CsrKey) -> bool {
        match key {
            CsrKey::Rsa(bits) => bits >= self.rsa_min && self.rsa_max.is_none_or(|max| bits <= max),
            CsrKey::Ec(bits) => self.curves.contains(&bits),
            _ => false,
        }
    }

    /// "RSA 2048-bit or larger, or ECDSA P-256 or P-384".
    fn allowed(&self) -> String {
        let mut text = match self.rsa_max {
            Some(max) => text!("RSA {} to {} bits, or ECDSA ", self.rsa_min, max),
            None => text!("RSA {}-bit or larger, or ECDSA ", self.rsa_min),
        };
        for (i, bits) in self.curves.iter().enumerate() {
            text.push_str(if i == 0 { "P-" } else { " or P-" });
            crate::report::push_int(&mut text, i64::from(*bits));
        }
        text
    }
}

/// What a key is, for a message: "an RSA 1024-bit key", "an Ed25519 key".
fn key_text(key: CsrKey) -> String {
    match key {
        CsrKey::Rsa(bits) => text!("an RSA {}-bit key", bits),
        CsrKey::Ec(bits) => text!("an ECDSA P-{} key", bits),
        CsrKey::EcOtherCurve => "an EC key on a curve other than P-256, P-384 or P-521".to_owned(),
        CsrKey::Ed25519 => "an Ed25519 key".to_owned(),
        CsrKey::Ed448 => "an Ed448 key".to_owned(),
        CsrKey::Other => "a key that is neither RSA nor EC".to_owned(),
    }
}

/// The order's `certificate.csr`, read; None when it is missing or unreadable (an unreadable
/// CSR is the format check's to report, not the CSR rules').
pub(crate) fn csr_of(ctx: &mut Ctx, order: &Value) -> Option<std::rc::Rc<Csr>> {
    // Read once per order: csr::read keeps the last text's answer too, but finding it means
    // comparing the whole PEM again (three rules read an SSL order's CSR).
    ctx.csr
        .get_or_insert_with(|| {
            order
                .at(&["certificate", "csr"])
                .and_then(Value::as_str)
                .and_then(|pem| csr::read(pem).ok())
        })
        .clone()
}

/// The CSR's key against `policy`: an error at `certificate.csr` that names the key found and
/// what is allowed.
pub(crate) fn check_csr_key(ctx: &mut Ctx, order: &Value, policy: &KeyPolicy) {
    let Some(key) = csr_of(ctx, order).map(|csr| csr.key) else {
        return;
    };
    if !policy.allows(key) {
        ctx.error(
            &["certificate", "csr"],
            Code::Range,
            text!(
                "certificate.csr has {}; {} needs {}.",
                key_text(key),
                policy.who,
                policy.allowed()
            ),
            vec![("min_rsa_bits", Param::Int(policy.rsa_min.into()))],
        );
    }
}

/// How many of a CSR's names a message lists.
const SHOWN_NAMES: usize = 10;

/// A warning at `certificate.csr` listing the names (`pick` from a readable CSR) that none of
/// the order's `accepted` equals (ASCII case ignored, and a final dot on either side): the
/// certificate carries the order's names, so such a CSR is usually the wrong file. `lacks` ends
/// "certificate.csr was made for a, b, which ..."; `carries` names what the order carries.
pub(crate) fn warn_csr_names(
    ctx: &mut Ctx,
    order: &Value,
    pick: fn(&Csr) -> Vec<&str>,
    accepted: &[&str],
    lacks: &str,
    carries: &str,
) {
    // An order with more names than any certificate carries has its `length` error; comparing
    // each of them with the CSR's would only cost time.
    if accepted.len() > csr::MAX_NAMES {
        return;
    }
    let Some(csr) = csr_of(ctx, order) else {
        return;
    };
    let mut missing: Vec<&str> = Vec::new();
    for name in pick(&csr) {
        if !accepted.iter().any(|a| same_dns_name(a, name))
            && !missing.iter().any(|m| same_dns_name(m, name))
        {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        // The CSR's names shown as any text from the order (it is text the user pasted), the
        // first few of them: a message stays readable whatever the CSR holds.
        let mut names = String::new();
        for (i, name) in missing.iter().take(SHOWN_NAMES).enumerate() {
            if i > 0 {
                names.push_str(", ");
            }
            crate::report::push_shown(&mut names, name);
        }
        if missing.len() > SHOWN_NAMES {
            names.push_str(&text!(" and {} more", missing.len() - SHOWN_NAMES));
        }
        ctx.warn(
            &["certificate", "csr"],
            Code::Conflict,
            text!("certificate.csr was made for {}, which {}: the certificate carries the order's {}, so this is usually the wrong CSR.", names, lacks, carries),
            vec![("names", Param::Str(names))],
        );
    }
}

/// The strings of a list field (`certificate.dns_names`), passing over entries of other types.
pub(crate) fn strings_at<'a>(order: &'a Value, path: &[&str]) -> Vec<&'a str> {
    match order.at(path) {
        Some(Value::Array(items)) => {
            let mut strings = Vec::new();
            for item in items {
                if let Some(s) = item.as_str() {
                    strings.push(s);
                }
            }
            strings
        }
        _ => Vec::new(),
    }
}
