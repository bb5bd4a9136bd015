//! `orderFields(product)`: the field tables the rules check, described for a form. Generated from
//! the very tables [`super::validate`] walks, so a new field or allowed value shows up in a form
//! without touching the form's code.

use super::{fmt_name, order_fields, registry, Field, Fmt, Req, Ty};
use crate::date::Date;
use crate::products::Product;
use crate::report::{Param, Severity};
use crate::value::Value;
use serde::Serialize;
use std::borrow::Cow;

/// One field of a product's request, for building a form.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FieldInfo {
    /// The dotted path, as in `Issue.field`; list items end in `.*` (`certificate.dns_names.*`).
    pub path: String,
    /// The API's name for the field (the last step of `path`; `*` for list items).
    pub name: &'static str,
    /// A label for a form control: "DNS names", "Organization ID", "Address line 1".
    pub label: String,
    /// The JSON type the field takes.
    pub kind: FieldKind,
    /// The control a form shows for it: `text`, `number`, `email`, `date`, `pem` (a CSR: a
    /// multi-line box that also takes a file), `checkbox` (yes/no), `choice` (one of `allowed`,
    /// or of `presets`), `country` (an ISO 3166-1 country list), `group` (an object's fields) or
    /// `list` (rows of `items`).
    pub control: &'static str,
    /// The HTML `autocomplete` token for the control (`organization`, `postal-code`, `tel`,
    /// `given-name`, ...; `off` for names and keys a browser should not suggest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<&'static str>,
    /// Shown up front although optional: the field is what this product is ordered for (a
    /// multi-domain certificate's DNS names) or decides what else is needed (code signing's
    /// provisioning method, which decides whether a CSR is needed).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub prominent: bool,
    /// Always required.
    pub required: bool,
    /// When a conditional requirement applies ("when cs_provisioning_method is client_app or not
    /// given"): the `requires` phrases of the registry's rules for this product, joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_when: Option<String>,
    /// One line of help for the form.
    pub help: &'static str,
    /// The allowed values of an enumerated field.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(type = "(string | number)[]"))]
    pub allowed: Option<Vec<Allowed>>,
    /// Words for a person, one per `allowed` value, where the API's values are codes
    /// (`ship_token`: "DigiCert ships a hardware token"); a form shows these and sends the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_labels: Option<Vec<&'static str>>,
    /// True when values outside `allowed` are only warned about (the list is not known to be complete).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub open: bool,
    /// Integer bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// The largest integer allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// String length bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    /// The longest string allowed, in characters (Unicode code points, as the rules and JSON
    /// Schema's `maxLength` count them). An HTML `maxlength` counts UTF-16 code units, which
    /// are never fewer, so a form that sets it never lets through more than the rules allow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// List length bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    /// The most entries a list may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// The string's format: `dns_name`, `email`, `yyyy-MM-dd`, `dd MMM YYYY`, `csr_pem`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    /// What to use instead, when the field is deprecated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<&'static str>,
    /// An object's fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldInfo>>,
    /// Alternative sets of an object's fields, of which one is given (the organization: an
    /// existing `id`, or a new organization's details).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<Choice>>,
    /// A list's item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<FieldInfo>>,
    /// On the field that sets the validity (`validity_years`, `order_validity.years`): the
    /// validities a form offers as one choice, each saying what it yields on the day described.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presets: Option<Vec<Preset>>,
}

/// One validity a form offers ([`FieldInfo::presets`]). What it yields is found by validating
/// an order that sets only it, so the help cannot drift from the rules: a choice the rules refuse
/// is left out, and the default is the one a careful user would pick among those that raise no
/// warning (one year when that is clean; otherwise the longest certificate DigiCert issues that
/// day, so a Secure Site order made after 2026-02-24 carries no 199-day warning).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Preset {
    /// The field the choice sets, as in `Issue.field` (`validity_days`, `order_validity.years`).
    pub path: String,
    /// The value it sets there.
    pub value: i64,
    /// The choice a form starts with; it raises no warning.
    pub default: bool,
    /// The label and help, as templates over `params` (`{n} years`, `{days}`, `{cap}`): the
    /// JavaScript `orderFields` renders them, in the chosen language.
    pub label: &'static str,
    /// What the choice yields, as a template over `params` (see `label`).
    pub help: &'static str,
    /// The values of the templates' placeholders.
    pub params: PresetParams,
}

/// The values of a [`Preset`]'s placeholders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct PresetParams {
    /// The number in the label: years or days.
    pub n: i64,
    /// About how many days the order runs.
    pub days: i64,
    /// DigiCert's certificate lifetime cap that makes the order a plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<i64>,
}

/// The label and help templates of [`Preset`]s, each with the name the package's JavaScript
/// knows it by (src/js/data.js, generated by tests/js_facts.rs; the catalogs' source list
/// takes them all).
pub const PRESET_TEXTS: &[(&str, &str)] = &[
    ("year", PRESET_YEAR),
    ("years", PRESET_YEARS),
    ("days", PRESET_DAYS),
    ("oneCertificate", PRESET_ONE_CERTIFICATE),
    ("longest", PRESET_LONGEST),
    ("plan", PRESET_PLAN),
    ("multiYearPlan", PRESET_MULTI_YEAR_PLAN),
];
const PRESET_YEAR: &str = "{n} year";
const PRESET_YEARS: &str = "{n} years";
const PRESET_DAYS: &str = "{n} days";
const PRESET_ONE_CERTIFICATE: &str = "One certificate, valid for {days} days.";
const PRESET_LONGEST: &str =
    "One certificate, valid for {days} days: the longest DigiCert issues today; nothing to reissue.";
const PRESET_PLAN: &str = "A plan of about {days} days: DigiCert issues a certificate of at most {cap} days, and you reissue and install it again within the plan.";
const PRESET_MULTI_YEAR_PLAN: &str = "A plan of about {days} days, only if the account has Multi-year Plans: certificates of at most {cap} days, reissued within the plan.";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
/// A field's JSON type. More may come (a number that is not an integer), so match with a `_`
/// arm.
#[non_exhaustive]
pub enum FieldKind {
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// An object: [`FieldInfo::fields`] (or [`FieldInfo::one_of`]).
    Object,
    /// A list: [`FieldInfo::items`].
    List,
}

/// One allowed value of an enumerated field, serialized as the bare value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Allowed {
    /// A string value, e.g. `sha256`.
    Str(&'static str),
    /// A number value, e.g. `1` for `validity_years`.
    Int(i64),
}

/// One alternative of a `oneOf`: a label and the names of its fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Choice {
    /// What the alternative is, for a person: "Existing organization", "New organization".
    pub label: &'static str,
    /// The names of its fields.
    pub fields: Vec<&'static str>,
}

impl FieldKind {
    /// The name serde writes.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::String => "string",
            FieldKind::Integer => "integer",
            FieldKind::Boolean => "boolean",
            FieldKind::Object => "object",
            FieldKind::List => "list",
        }
    }
}

/// The request fields of `product`, in the order a form shows them, described for today (UTC).
/// Today comes from [`Date::today_utc`]; where there is no clock (`wasm32-unknown-unknown`
/// outside the npm package), use [`describe_on`] with the day.
pub fn describe(product: Product) -> Vec<FieldInfo> {
    describe_on(product, Date::today_utc())
}

/// [`describe`] on `today`: the validity presets say what each choice yields on that day.
///
/// The order is the table's, except that a field deciding what else the order needs comes
/// first: code signing's provisioning method decides whether a CSR is needed (page 002), so a
/// form asks it before the certificate's fields.
pub fn describe_on(product: Product, today: Date) -> Vec<FieldInfo> {
    let mut fields: Vec<FieldInfo> = order_fields(product)
        .iter()
        .filter(|f| !registry::hidden(product, f.name))
        .map(|f| describe_field(product, f, ""))
        .collect();
    if let Some(i) = fields
        .iter()
        .position(|f| f.path == "cs_provisioning_method")
    {
        let method = fields.remove(i);
        fields.insert(0, method);
    }
    add_presets(product, today, &mut fields);
    fields
}

/// The field of `fields` at `path` (dotted; `*` for list items).
fn find_mut<'a>(fields: &'a mut [FieldInfo], path: &str) -> Option<&'a mut FieldInfo> {
    for f in fields {
        if f.path == path {
            return Some(f);
        }
        if path.starts_with(&f.path) {
            if let Some(inner) = f.fields.as_deref_mut() {
                if let Some(found) = find_mut(inner, path) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// The validity presets ([`Preset`]): each whole year the years field allows, and, when a year
/// makes the order a plan (DigiCert's lifetime cap in force, `*.validity.lifetime_policy`) and
/// the product takes days, the cap in days. Each is validated alone on `today`; its warnings at
/// its own field say what it yields.
fn add_presets(product: Product, today: Date, fields: &mut [FieldInfo]) {
    let Some((years_path, presets)) = validity_presets(product, today) else {
        return;
    };
    let Some(years) = find_mut(fields, years_path) else {
        return;
    };
    years.control = "choice";
    years.prominent = true;
    years.presets = Some(presets);
    // The object that holds it (`order_validity`) is shown up front with it.
    if let Some((parent, _)) = years_path.rsplit_once('.') {
        if let Some(holder) = find_mut(fields, parent) {
            holder.prominent = true;
        }
    }
}

/// The field of `product`'s table at the dotted `path`, as `orderFields` lists it (a top-level
/// field the product hides is not listed).
fn table_field(product: Product, path: &str) -> Option<&'static Field> {
    let (first, rest) = path.split_once('.').unwrap_or((path, ""));
    if registry::hidden(product, first) {
        return None;
    }
    let mut field = order_fields(product).iter().find(|f| f.name == first)?;
    for step in rest.split('.').filter(|s| !s.is_empty()) {
        let Ty::Object(inner) = &field.ty else {
            return None;
        };
        field = inner.iter().find(|f| f.name == step)?;
    }
    Some(field)
}

/// The path of the field that takes `product`'s validity presets and the presets on `today`;
/// `None` when the product has no such field (no whole-year range that is not deprecated). The
/// field and its place depend only on the product, the presets on the day too. (The package keeps
/// the rest of `orderFields` as data generated from these tables, src/js/data.js, and works
/// the presets out the same way in JavaScript: `presetsOf` in src/js/support.js, held equal to
/// this by tests/js/data.test.mjs.)
pub fn validity_presets(product: Product, today: Date) -> Option<(&'static str, Vec<Preset>)> {
    // The first of the two ways in the product's table: TLS orders list the root fields first
    // (page 004's), with `order_validity` after them as the other way to write the plan.
    let object = order_fields(product)
        .iter()
        .find(|f| matches!(f.name, "order_validity" | "validity_years"))
        .is_some_and(|f| f.name == "order_validity");
    let (years_path, days_path) = if object {
        ("order_validity.years", "order_validity.days")
    } else {
        ("validity_years", "validity_days")
    };
    let takes_days = table_field(product, days_path).is_some();
    let years = table_field(product, years_path)?;
    if years.deprecated.is_some() {
        return None;
    }
    // As orderFields describes an integer range (no `max` for an unbounded one).
    let (min, max) = years.ty.int_range()?;
    if max == i64::MAX {
        return None;
    }
    let mut presets = Vec::new();
    let mut cap = None;
    for n in min..=max {
        if let Some((help, c, params)) = yields(product, today, years_path, n, n * 365) {
            cap = cap.or(c);
            let label = if n == 1 { PRESET_YEAR } else { PRESET_YEARS };
            presets.push(preset(years_path, n, label, help, params));
        }
    }
    if let (Some(cap), true) = (cap, takes_days) {
        if let Some((PRESET_ONE_CERTIFICATE, _, params)) =
            yields(product, today, days_path, cap, cap)
        {
            presets.insert(
                0,
                preset(days_path, cap, PRESET_DAYS, PRESET_LONGEST, params),
            );
        }
    }
    // One year when it raises nothing; otherwise the first that raises nothing (the days).
    let clean = |p: &Preset| p.help == PRESET_ONE_CERTIFICATE || p.help == PRESET_LONGEST;
    let default = presets
        .iter()
        .position(|p| p.value == 1 && p.path == years_path && clean(p))
        .or_else(|| presets.iter().position(clean));
    if let Some(d) = default.and_then(|d| presets.get_mut(d)) {
        d.default = true;
    }
    Some((years_path, presets))
}

fn preset(
    path: &str,
    n: i64,
    label: &'static str,
    help: &'static str,
    mut params: PresetParams,
) -> Preset {
    params.n = n;
    Preset {
        path: path.to_owned(),
        value: n,
        default: false,
        label,
        help,
        params,
    }
}

type Yield = (&'static str, Option<i64>, PresetParams);

/// What an order of `product` whose only validity is `value` at `path` yields on `today`: the
/// help, DigiCert's cap when the order becomes a plan, and the help's params; `None` when a rule
/// refuses it (an error at `path`).
fn yields(
    product: Product,
    today: Date,
    path: &'static str,
    value: i64,
    days: i64,
) -> Option<Yield> {
    let field = |key, v| Value::Object(vec![(Cow::Borrowed(key), v)]);
    let number = Value::Number(value as f64);
    let order = match path.split_once('.') {
        Some((outer, inner)) => field(outer, field(inner, number)),
        None => field(path, number),
    };
    let report = super::validate(product.id(), &order, &super::Options { today: Some(today) });
    let mut params = PresetParams {
        n: value,
        days,
        cap: None,
    };
    let mut help = PRESET_ONE_CERTIFICATE;
    let mut cap = None;
    for issue in report.issues.iter().filter(|i| i.field() == path) {
        if issue.severity == Severity::Error {
            return None;
        }
        if let Some(Param::Int(c)) = issue.param("max_days") {
            cap = Some(*c);
            params.cap = Some(*c);
            if help == PRESET_ONE_CERTIFICATE {
                help = PRESET_PLAN;
            }
        }
        if issue.rule.ends_with(".multi_year_plan") {
            help = PRESET_MULTI_YEAR_PLAN;
        }
    }
    Some((help, cap, params))
}

/// The label of the field `name` held by the field `holder` (its name; "" at the top):
/// [`label`]'s, except that an `id` is its holder's ("Organization ID"): "ID" alone says nothing
/// next to a message or in an error summary.
pub fn field_label(name: &str, holder: &str) -> String {
    let mut out = String::new();
    push_field_label(&mut out, name, holder);
    out
}

fn push_field_label(out: &mut String, name: &str, holder: &str) {
    if name == "id" && !holder.is_empty() {
        push_label(out, holder);
        out.push_str(" ID");
    } else {
        push_label(out, name);
    }
}

/// Each field of `product` that [`describe`] lists, as a line "path\tlabel\n" (a list's items
/// at "path.*", labelled as the list), in the table's order: all that a localized report reads of
/// `orderFields`. The package's `fieldLabels` asks the wasm for these, so a page that only
/// validates carries no table of labels (issue #22). Written straight into `out`, with one
/// buffer for the paths: every `String` made on the way costs the wasm more code.
pub fn write_labels(product: Product, out: &mut String) {
    let mut path = String::new();
    for field in order_fields(product) {
        if !registry::hidden(product, field.name) {
            field_labels(field, "", &mut path, out);
        }
    }
}

/// The lines of `field`, held at `path` by the field `holder` (its name).
fn field_labels(field: &Field, holder: &str, path: &mut String, out: &mut String) {
    let len = path.len();
    if len > 0 {
        path.push('.');
    }
    path.push_str(field.name);
    label_line(path, field.name, holder, out);
    inner_labels(&field.ty, field.name, holder, field.name, path, out);
    path.truncate(len);
}

/// The lines of what a field of type `ty` at `path` holds: its fields (held by `own`: a field's
/// name, or `*` for a list's items) and its items (labelled as the field `name` of `holder`).
fn inner_labels(ty: &Ty, name: &str, holder: &str, own: &str, path: &mut String, out: &mut String) {
    match ty {
        Ty::Object(fields) => {
            for field in *fields {
                field_labels(field, own, path, out);
            }
        }
        Ty::List { item, .. } => {
            let len = path.len();
            path.push_str(".*");
            label_line(path, name, holder, out);
            inner_labels(item, name, holder, "*", path, out);
            path.truncate(len);
        }
        _ => {}
    }
}

fn label_line(path: &str, name: &str, holder: &str, out: &mut String) {
    out.push_str(path);
    out.push('\t');
    push_field_label(out, name, holder);
    out.push('\n');
}

/// Labels that are not their names' words. (The package's `formatIssue` asks the wasm for
/// [`label`] of a field no product lists, so JS has no copy of the rule.)
const NAMED_LABELS: [(&str, &str); 7] = [
    ("addr1", "Address line 1"),
    ("addr2", "Address line 2"),
    ("address2", "Address line 2"),
    ("zip", "Postal code"),
    ("cs_provisioning_method", "Provisioning method"),
    ("common_name", "Common name"),
    ("cert_validity", "Certificate validity"),
];

/// Words a label writes in capitals.
const ACRONYMS: [&str; 9] = ["dns", "csr", "id", "ct", "cr", "dcv", "cs", "url", "ev"];

/// A form label from an API name: words split at `_`, the first capitalized, acronyms in capitals.
pub fn label(name: &str) -> String {
    let mut out = String::new();
    push_label(&mut out, name);
    out
}

/// [`label`], written at the end of `out` (tables and one loop rather than `match`es on strings
/// and a `String` of its own: 0.6 KB of wasm instead of 1.5, now that the wasm has it for
/// [`write_labels`] and the package's `formatIssue`).
pub fn push_label(out: &mut String, name: &str) {
    if let Some((_, named)) = NAMED_LABELS.iter().find(|(n, _)| *n == name) {
        out.push_str(named);
        return;
    }
    let start = out.len();
    // The words between `_`s (a plain loop: `split`'s iterator is 0.4 KB of wasm on its own).
    let mut rest = name;
    while !rest.is_empty() {
        let (word, tail) = rest.split_once('_').unwrap_or((rest, ""));
        rest = tail;
        if word.is_empty() {
            continue;
        }
        let first = out.len() == start;
        if !first {
            out.push(' ');
        }
        let at = out.len();
        out.push_str(word);
        let end = if ACRONYMS.contains(&word) {
            out.len()
        } else if first {
            at + 1
        } else {
            at
        };
        // ASCII capitals only: `char::to_uppercase` would bring Unicode's case tables (13 KB)
        // into the wasm (field names are ASCII). `get_mut`: a first character that is not
        // ASCII stays as it is.
        if let Some(capitals) = out.get_mut(at..end) {
            capitals.make_ascii_uppercase();
        }
    }
}

fn describe_field(product: Product, field: &Field, parent: &str) -> FieldInfo {
    let path = if parent.is_empty() {
        field.name.to_owned()
    } else {
        format!("{parent}.{}", field.name)
    };
    // A conditional field's requirement is the registry's: required on this product outright, or
    // when its rules say.
    let (required, when) = match field.req {
        Req::Yes => (true, None),
        Req::No => (false, None),
        Req::Cond => match registry::requirement(product, &path) {
            Some(None) => (true, None),
            Some(when) => (false, when),
            None => (false, None),
        },
    };
    let help = product_help(product, &path).unwrap_or(field.help);
    let mut info = describe_ty(product, &field.ty, path, field.name, help);
    info.autocomplete = autocomplete(parent, field.name);
    info.allowed_labels = value_labels(field.name, &info);
    if let Some(item) = info.items.as_deref_mut() {
        item.allowed_labels = value_labels(field.name, item);
    }
    info.label = field_label(field.name, last_step(parent));
    info.prominent = prominent(product, &info.path);
    info.required = required;
    info.required_when = when;
    info.deprecated = field.deprecated;
    if field.name == "organization" {
        info.one_of = Some(vec![
            Choice {
                label: "Existing organization",
                fields: vec!["id"],
            },
            Choice {
                label: "New organization",
                fields: super::common::ORGANIZATION
                    .iter()
                    .map(|f| f.name)
                    .filter(|n| *n != "id")
                    .collect(),
            },
        ]);
    }
    info
}

/// Help that differs by product from the family table's line: a wildcard product's common
/// name is a wildcard, and a multi-domain product is ordered for its other names.
fn product_help(product: Product, path: &str) -> Option<&'static str> {
    match (product, path) {
        (Product::SslSecureSiteWildcard, "certificate.common_name") => Some(
            "the wildcard name to secure, e.g. *.example.com, which covers www.example.com and mail.example.com (at most 64 characters).",
        ),
        (Product::SslSecureSiteWildcard, "certificate.dns_names") => Some(
            "more names to secure, e.g. example.com itself, which *.example.com does not cover (may cost more).",
        ),
        (Product::SslSecureSiteMultiDomain | Product::SslEvSecureSiteMultiDomain, "certificate.dns_names") => {
            Some("the other domains this certificate secures, besides the common name (each may cost more).")
        }
        _ => None,
    }
}

/// A person's words for each enumerated value of the field `name` ([`value_label`]); `None`
/// unless every value has them.
fn value_labels(name: &str, info: &FieldInfo) -> Option<Vec<&'static str>> {
    let allowed = info.allowed.as_ref()?;
    allowed.iter().map(|v| value_label(name, v)).collect()
}

/// A person's words for an enumerated value of the field `name` (the glossary's and the pages'
/// descriptions of each value); `None` where the value is already a word (`sha256`, `en`).
fn value_label(name: &str, value: &Allowed) -> Option<&'static str> {
    const LABELS: &[(&str, &str, &str)] = &[
        (
            "cs_provisioning_method",
            "ship_token",
            "DigiCert ships a hardware token",
        ),
        (
            "cs_provisioning_method",
            "client_app",
            "A token I already have",
        ),
        (
            "cs_provisioning_method",
            "email",
            "My own HSM (I send a CSR)",
        ),
        ("method", "STANDARD", "Standard shipping"),
        ("method", "EXPEDITED", "Expedited shipping"),
        ("payment_method", "balance", "Account balance"),
        ("payment_method", "card", "Credit card on file"),
        ("payment_method", "profile", "Billing profile"),
        ("primary_usage", "signing", "Signing only"),
        ("primary_usage", "key_management", "Encryption only"),
        ("primary_usage", "dual_use", "Signing and encryption"),
        ("additional_usages", "non_repudiation", "Non-repudiation"),
        ("additional_usages", "client_auth", "Client authentication"),
        (
            "additional_usages",
            "data_encipherment",
            "Data encipherment",
        ),
        ("profile_type", "strict", "Strict"),
        ("profile_type", "multipurpose", "Multipurpose"),
        (
            "common_name_indicator",
            "email_address",
            "The e-mail address",
        ),
        (
            "common_name_indicator",
            "given_name_surname",
            "The person's name",
        ),
        ("common_name_indicator", "pseudonym", "The pseudonym"),
        (
            "common_name_indicator",
            "organization_name",
            "The organization's name",
        ),
        (
            "profile_option",
            "server_auth_only_eku",
            "Server authentication only",
        ),
        (
            "profile_option",
            "server_client_auth_eku",
            "Server and client authentication",
        ),
        ("dcv_method", "email", "E-mail to the domain's contacts"),
        ("dcv_method", "dns-txt-token", "DNS TXT record"),
        ("dcv_method", "dns-cname-token", "DNS CNAME record"),
        ("dcv_method", "http-token", "A file on the web server"),
    ];
    let Allowed::Str(value) = value else {
        return None;
    };
    LABELS
        .iter()
        .find(|(field, v, _)| *field == name && v == value)
        .map(|(_, _, label)| *label)
}

/// Shown up front although optional ([`FieldInfo::prominent`]): what a multi-domain product is
/// ordered for, and code signing's provisioning method, which decides whether a CSR is needed.
fn prominent(product: Product, path: &str) -> bool {
    match path {
        "certificate.dns_names" => matches!(
            product,
            Product::SslSecureSiteMultiDomain | Product::SslEvSecureSiteMultiDomain
        ),
        "cs_provisioning_method" => true,
        _ => false,
    }
}

/// The HTML autocomplete token of a field (WHATWG "Autofill"): an organization's postal
/// address and a contact's name and means of contact; `off` for the names, keys and codes a
/// browser would suggest wrongly.
/// The last step of a dotted path (`split_once` forwards: `rsplit` brings its own searcher into
/// the wasm, 0.7 KB).
fn last_step(path: &str) -> &str {
    let mut last = path;
    while let Some((_, rest)) = last.split_once('.') {
        last = rest;
    }
    last
}

/// (A table and a loop: a `match` on strings costs the wasm about 1 KB more.)
fn autocomplete(parent: &str, name: &str) -> Option<&'static str> {
    const TOKENS: &[(&str, &str)] = &[
        ("organization_name", "organization"),
        ("addr1", "address-line1"),
        ("address", "address-line1"),
        ("addr2", "address-line2"),
        ("address2", "address-line2"),
        ("city", "address-level2"),
        ("state", "address-level1"),
        ("zip", "postal-code"),
        ("country", "country"),
        ("telephone", "tel"),
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("job_title", "organization-title"),
        ("email", "email"),
        ("common_name", "off"),
        ("csr", "off"),
        // List items, by their list: names to secure, and e-mail addresses.
        ("dns_names", "off"),
        ("emails", "email"),
    ];
    let key = match name {
        "name" if parent == "organization" => "organization_name",
        "*" => last_step(parent),
        _ => name,
    };
    TOKENS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, token)| *token)
}

fn describe_ty(
    product: Product,
    ty: &Ty,
    path: String,
    name: &'static str,
    help: &'static str,
) -> FieldInfo {
    let mut info = FieldInfo {
        path,
        name,
        label: label(name),
        kind: FieldKind::String,
        control: "text",
        autocomplete: None,
        prominent: false,
        required: false,
        required_when: None,
        help,
        allowed: None,
        allowed_labels: None,
        open: false,
        min: None,
        max: None,
        min_length: None,
        max_length: None,
        min_items: None,
        max_items: None,
        format: None,
        deprecated: None,
        fields: None,
        one_of: None,
        items: None,
        presets: None,
    };
    match ty {
        Ty::Str { min, max, fmt } => {
            info.min_length = (*min > 0).then_some(*min);
            info.max_length = (*max < crate::value::MAX_STRING_LEN).then_some(*max);
            info.format = (*fmt != Fmt::Any).then(|| fmt_name(*fmt));
            info.control = match fmt {
                Fmt::Csr => "pem",
                Fmt::Email => "email",
                Fmt::IsoDate => "date",
                Fmt::Country => "country",
                _ => "text",
            };
        }
        Ty::Int { .. } => {
            let (min, max) = ty.int_range().unwrap_or_default();
            info.kind = FieldKind::Integer;
            info.control = "number";
            info.min = Some(min);
            info.max = (max != i64::MAX).then_some(max);
        }
        Ty::IntEnum(values) => {
            info.kind = FieldKind::Integer;
            // 0 or 1 (`auto_renew`, `disable_renewal_notifications`): a yes/no box.
            info.control = if *values == [0, 1] {
                "checkbox"
            } else {
                "choice"
            };
            info.allowed = Some(values.iter().map(|v| Allowed::Int(*v)).collect());
        }
        Ty::Enum(values) => {
            info.control = "choice";
            info.allowed = Some(values.iter().map(|v| Allowed::Str(v)).collect());
        }
        Ty::OpenEnum(values, fmt) => {
            info.control = "choice";
            info.allowed = Some(values.iter().map(|v| Allowed::Str(v)).collect());
            info.open = true;
            info.format = Some(fmt_name(*fmt));
        }
        Ty::Bool => {
            info.kind = FieldKind::Boolean;
            info.control = "checkbox";
        }
        Ty::Object(fields) => {
            info.kind = FieldKind::Object;
            info.control = "group";
            let parent = info.path.clone();
            info.fields = Some(
                fields
                    .iter()
                    .map(|f| describe_field(product, f, &parent))
                    .collect(),
            );
        }
        Ty::List { item, min, max } => {
            info.kind = FieldKind::List;
            info.control = "list";
            info.min_items = (*min > 0).then_some(*min);
            info.max_items = Some(*max);
            let item_path = format!("{}.*", info.path);
            let mut entry = describe_ty(product, item, item_path, "*", "");
            entry.label = info.label.clone();
            entry.autocomplete = autocomplete(&info.path, "*");
            info.items = Some(Box::new(entry));
        }
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(fields: &'a [FieldInfo], path: &str) -> Option<&'a FieldInfo> {
        fields.iter().find_map(|f| {
            if f.path == path {
                Some(f)
            } else {
                f.fields
                    .as_deref()
                    .and_then(|inner| find(inner, path))
                    .or_else(|| {
                        f.items
                            .as_deref()
                            .and_then(|i| find(std::slice::from_ref(i), path))
                    })
            }
        })
    }

    /// `fieldLabels` (the wasm's [`write_labels`]) names every field as `orderFields` does, and
    /// no other: each product's lines are the paths and labels of [`describe`], items included.
    #[test]
    fn the_labels_are_describes() {
        fn walk(fields: &[FieldInfo], out: &mut Vec<String>) {
            for f in fields {
                out.push(format!("{}\t{}", f.path, f.label));
                walk(f.fields.as_deref().unwrap_or_default(), out);
                walk(
                    f.items
                        .as_deref()
                        .map(std::slice::from_ref)
                        .unwrap_or_default(),
                    out,
                );
            }
        }
        for &product in Product::ALL {
            let mut described = Vec::new();
            walk(&describe(product), &mut described);
            let mut text = String::new();
            write_labels(product, &mut text);
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            assert!(text.ends_with('\n'), "{product:?}: each line ends");
            described.sort();
            lines.sort();
            assert_eq!(lines, described, "{product:?}");
        }
        let mut text = String::new();
        write_labels(Product::CodeSigning, &mut text);
        for line in [
            "organization.id\tOrganization ID\n",
            "custom_fields.*.metadata_id\tMetadata ID\n",
            "certificate.organization_units.*\tOrganization units\n",
            "ship_info.zip\tPostal code\n",
        ] {
            assert!(text.contains(line), "{line:?} in {text}");
        }
    }

    #[test]
    fn describes_the_tables_the_rules_check() {
        let ssl = describe(Product::SslSecureSite);
        let years =
            find(&ssl, "validity_years").map(|f| (f.kind, f.min, f.max, f.required_when.is_some()));
        assert_eq!(years, Some((FieldKind::Integer, Some(1), Some(3), true)));
        let names = find(&ssl, "certificate.dns_names.*").map(|f| f.format);
        assert_eq!(names, Some(Some("dns_name")));
        let csr = find(&ssl, "certificate.csr").map(|f| f.required);
        assert_eq!(csr, Some(true));
        let org = find(&ssl, "organization").and_then(|f| f.one_of.as_ref().map(Vec::len));
        assert_eq!(org, Some(2));
        let cs = describe(Product::CodeSigningEv);
        assert!(find(&cs, "validity_years").is_some_and(|f| f.deprecated.is_some()));
        let method = find(&cs, "cs_provisioning_method")
            .map(|f| (f.open, f.required, f.required_when.clone()));
        assert_eq!(method, Some((true, true, None)));
        assert!(
            find(&cs, "subject").is_none(),
            "EV code signing ignores subject"
        );
        let ov = describe(Product::CodeSigning);
        let method =
            find(&ov, "cs_provisioning_method").map(|f| (f.required, f.required_when.clone()));
        assert_eq!(method, Some((false, None)));
        assert!(find(&ov, "subject.email").is_some());
        assert_eq!(
            find(&ssl, "certificate.dns_names").map(|f| f.label.as_str()),
            Some("DNS names")
        );
        assert_eq!(
            find(&ssl, "organization.id").map(|f| f.label.as_str()),
            Some("Organization ID")
        );
        assert_eq!(label("metadata_id"), "Metadata ID");
        assert_eq!(label("disable_ct"), "Disable CT");
    }
}
