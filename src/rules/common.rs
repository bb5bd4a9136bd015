//! Fields and rules every family shares: the organization (existing id or new details), the
//! container, custom fields, payment, and the date checks behind every validity rule.

use super::{string, Ctx, Field, Fmt, Req, Ty, ANY_TEXT, ID, TEXT};
use crate::date::Date;
use crate::report::{Code, Param};
use crate::value::Value;

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
        Req::When("unless the details of a new organization are given"),
        "the ID of an existing organization (List organizations).",
    ),
    Field::new(
        "name",
        string(1, ORG_NAME_LEN, Fmt::Any),
        Req::When("for a new organization"),
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
        Req::When("for a new organization"),
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
        Req::When("for a new organization"),
        "the new organization's city.",
    ),
    Field::new(
        "state",
        string(1, ORG_NAME_LEN, Fmt::Any),
        Req::When("for a new organization"),
        "the new organization's state or province.",
    ),
    Field::new(
        "zip",
        string(1, ORG_NAME_LEN, Fmt::Any),
        Req::When("for a new organization"),
        "the postal code, as a string (postal codes keep leading zeros and letters).",
    ),
    Field::new(
        "country",
        string(1, 64, Fmt::Country),
        Req::When("for a new organization"),
        "the two-letter ISO 3166-1 country code, e.g. us.",
    ),
    Field::new(
        "telephone",
        TEXT,
        Req::When("for a new organization"),
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
        Req::When("for a new organization"),
        "the new organization's contact.",
    ),
    Field::new(
        "skip_duplicate_org_check",
        Ty::Bool,
        Req::No,
        "true forces a new organization even when one with the same details exists.",
    ),
];

/// The new-organization fields that must be present when no `id` is given.
const NEW_ORG_REQUIRED: &[&str] = &[
    "name",
    "address",
    "city",
    "state",
    "zip",
    "country",
    "telephone",
    "organization_contact",
];

/// `container` (every page): `id` is required when the object is given. Page 003's table marks
/// it optional there, which would leave an empty object; a careful user sends the id or no
/// container, so it is required everywhere.
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
    "account-specific custom fields: { metadata_id, value } each.",
);
pub const ORGANIZATION_FIELD: Field = Field::new(
    "organization",
    Ty::Object(ORGANIZATION),
    Req::Yes,
    "give { \"id\": <existing organization ID> } or a new organization's details.",
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
    "true skips the approval step (not DigiCert's validation).",
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

/// `organization` is either an existing organization's `id` or a new organization's details
/// (glossary). Both at once is ambiguous (`conflict`); neither is `required` at
/// `organization.id`; details without an id need every required detail, each at its own path.
pub(crate) fn check_organization(ctx: &mut Ctx, order: &Value) {
    let Some(Value::Object(org)) = order.get("organization") else {
        return;
    };
    let has = |k: &str| org.iter().any(|(key, _)| key == k);
    let details: Vec<&str> = ORGANIZATION
        .iter()
        .map(|f| f.name)
        .filter(|n| *n != "id" && *n != "skip_duplicate_org_check" && has(n))
        .collect();
    if has("id") {
        if !details.is_empty() {
            ctx.error(
                &["organization"],
                Code::Conflict,
                format!(
                    "organization has both an id and new-organization details ({}): give the id of an existing organization, or the details of a new one, not both.",
                    super::join(&details, ", ")
                ),
                vec![("fields", Param::Strs(details))],
            );
        }
        return;
    }
    if details.is_empty() {
        ctx.error(
            &["organization", "id"],
            Code::Required,
            "organization.id is required: give the ID of an existing organization, or a new organization's name, address, city, state, zip, country, telephone and organization_contact.".to_owned(),
            Vec::new(),
        );
        return;
    }
    for name in NEW_ORG_REQUIRED.iter().filter(|n| !has(n)) {
        ctx.error(
            &["organization", name],
            Code::Required,
            format!("organization.{name} is required for a new organization (or give organization.id of an existing one)."),
            Vec::new(),
        );
    }
}

/// Checks a custom expiration date at `path` (already format-checked by the walker): after
/// `today`, and before `limit` days out (`exclusive`) or at most `limit` days out.
/// Returns the number of days from today when the date is usable.
pub(crate) fn check_future_date(
    ctx: &mut Ctx,
    path: &[&str],
    date: Option<Date>,
    limit_days: i64,
    exclusive: bool,
    limit_text: &str,
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
            format!("{field} must be after today ({today}); got {date}."),
            vec![
                ("min", Param::from(today.add_days(1).to_string())),
                ("value", Param::from(date.to_string())),
            ],
        );
        return None;
    }
    let too_far = if exclusive {
        days >= limit_days
    } else {
        days > limit_days
    };
    if too_far {
        let last = today.add_days(if exclusive {
            limit_days - 1
        } else {
            limit_days
        });
        let field = field();
        ctx.error(
            path,
            Code::Range,
            format!("{field} must be {limit_text}: {date} is {days} days out; the latest allowed is {last}."),
            vec![("max", Param::from(last.to_string())), ("value", Param::from(date.to_string())), ("days", Param::Int(days))],
        );
        return None;
    }
    Some(days)
}

/// An industry limit on certificate lifetime that starts on a date (glossary, "Industry limits
/// newer than the pages"): reported as a `policy` warning, never an error, with the limit and
/// its effective date.
pub(crate) struct Limit {
    pub from: (i32, u8, u8),
    pub max_days: i64,
}

/// The limit in force `today` among `limits` (sorted by date), if any.
pub(crate) fn limit_in_force(limits: &[Limit], today: Date) -> Option<(&Limit, Date)> {
    limits
        .iter()
        .filter_map(|l| Date::new(l.from.0, l.from.1, l.from.2).map(|d| (l, d)))
        .rfind(|(_, d)| *d <= today)
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

/// The validity rule of the SSL and client pages (003, 004): `validity_years` is required unless
/// `custom_expiration_date` (or, on SSL, `validity_days`) replaces it; the date must be real,
/// after today and less than 825 days out. Returns the lifetime asked for, in days, and the
/// field that sets it, following the pages' "overrides" order.
pub(crate) fn check_validity_825(
    ctx: &mut Ctx,
    order: &Value,
    with_days: bool,
) -> Option<(i64, Vec<&'static str>)> {
    let has = |k: &str| order.get(k).is_some();
    let given = has("validity_years")
        || has("custom_expiration_date")
        || (with_days && has("validity_days"));
    if !given {
        let alternatives = if with_days {
            "validity_days or custom_expiration_date"
        } else {
            "custom_expiration_date"
        };
        ctx.error(
            &["validity_years"],
            Code::Required,
            format!(
                "validity_years is required (1 or 2), unless {alternatives} (yyyy-MM-dd) is given."
            ),
            Vec::new(),
        );
        return None;
    }
    let path = ["custom_expiration_date"];
    let date = date_at(order, &path, Date::parse_iso);
    if let Some(days) =
        check_future_date(ctx, &path, date, 825, true, "less than 825 days from today")
    {
        return Some((days, path.to_vec()));
    }
    if has("custom_expiration_date") {
        return None;
    }
    if with_days {
        if let Some(days) = int_at(order, &["validity_days"]).filter(|d| (1..825).contains(d)) {
            return Some((days, vec!["validity_days"]));
        }
        if has("validity_days") {
            return None;
        }
    }
    int_at(order, &["validity_years"])
        .filter(|y| (1..=2).contains(y))
        .map(|y| (y * 365, vec!["validity_years"]))
}
