//! The typed models (src/models) and the field tables (src/rules, each family's `ORDER`) agree:
//!
//! - every example body of the case table that the tables find well-shaped deserializes into
//!   its family's model, and serializing the model gives the body back, less only the fields
//!   that the family's table lacks (`unknown_field`); a body the tables find ill-shaped (a
//!   `type` issue, a missing field the table always requires) does not deserialize;
//! - a model with every field set serializes to an order with no `unknown_field` (nor `type`)
//!   issue, on every product of its family;
//! - the model and the table have the same field names, object by object;
//! - a body built from the table, every field present and every integer at its table's lower
//!   and upper bound, every allowed value of a closed set in turn, deserializes into the model
//!   and comes back unchanged (so the model's integers and enums hold what the table allows).
//!
//! The tables (and the spec pages behind them) are authoritative: where these tests fail, the
//! model is the one to change.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/cases.rs"]
mod cases;

use std::collections::{BTreeMap, BTreeSet};

use certcentral_orders::internals::rules::{order_fields, Field, Fmt, Req, Ty};
use certcentral_orders::models::client::{ClientCertificate, ClientContainer};
use certcentral_orders::models::code_signing::{
    CodeSigningCertificate, CodeSigningSubject, OrderValidity, ShipInfo, ShippingMethod,
};
use certcentral_orders::models::secure_email::{
    Individual, ProfileType, SecureEmailCertificate, SecureEmailValidity, UsageDesignation,
};
use certcentral_orders::models::ssl::{
    DcvMethod, SslCertValidity, SslCertificate, SslOrderValidity,
};
use certcentral_orders::models::{
    ClientOrder, CodeSigningOrder, Container, CustomField, ExistingOrganization, NewOrganization,
    Organization, OrganizationContact, PaymentMethod, SecureEmailOrder, ServerPlatform,
    SignatureHash, SslOrder,
};
use certcentral_orders::{
    validate_json, Code, Date, Family, Issue, Options, Product, Report, Severity,
};
use serde_json::{json, Map, Value as J};

const FAMILIES: [Family; 4] = [
    Family::CodeSigning,
    Family::Client,
    Family::Ssl,
    Family::SecureEmail,
];

const CSR_RSA3072: &str = include_str!("fixtures/csr/rsa3072.pem");

fn products_of(family: Family) -> impl Iterator<Item = Product> {
    Product::ALL
        .iter()
        .copied()
        .filter(move |p| p.family() == family)
}

/// The family's field table (every product of a family shares one; `table_of` takes the first).
fn table_of(family: Family) -> &'static [Field] {
    order_fields(
        products_of(family)
            .next()
            .expect("every family has a product"),
    )
}

/// As tests/cases.rs runs a case.
fn options(today: &str) -> Options {
    let mut options = Options::default();
    options.today = Date::parse_iso(today);
    options
}

fn validate(product: Product, body: &J, today: &str) -> Report {
    validate_json(product.id(), body, &options(today))
}

/// Deserializes `body` into `family`'s model and serializes the model again.
fn round_trip(family: Family, body: &J) -> Result<J, String> {
    fn via<T: serde::de::DeserializeOwned + serde::Serialize>(body: &J) -> Result<J, String> {
        let model: T = serde_json::from_value(body.clone()).map_err(|e| e.to_string())?;
        serde_json::to_value(&model).map_err(|e| format!("serializing back: {e}"))
    }
    match family {
        Family::CodeSigning => via::<CodeSigningOrder>(body),
        Family::Client => via::<ClientOrder>(body),
        Family::Ssl => via::<SslOrder>(body),
        Family::SecureEmail => via::<SecureEmailOrder>(body),
        other => panic!("{other:?}: add the family's model here"),
    }
}

// ---------------------------------------------------------------------------------------------
// Paths and key sets.

/// Every key path of `v`, dotted, list items by index (`custom_fields.0.value`).
fn key_paths(v: &J) -> BTreeSet<String> {
    fn walk(v: &J, prefix: &str, out: &mut BTreeSet<String>) {
        let child = |k: &str| {
            if prefix.is_empty() {
                k.to_owned()
            } else {
                format!("{prefix}.{k}")
            }
        };
        match v {
            J::Object(map) => {
                for (k, v) in map {
                    let path = child(k);
                    out.insert(path.clone());
                    walk(v, &path, out);
                }
            }
            J::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &child(&i.to_string()), out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(v, "", &mut out);
    out
}

/// Removes the field at a dotted path (numeric segments index lists), if it is there.
fn remove_path(v: &mut J, path: &str) {
    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
    let mut cur = v;
    for seg in parent.split('.').filter(|s| !s.is_empty()) {
        let next = match cur {
            J::Object(map) => map.get_mut(seg),
            J::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        };
        match next {
            Some(next) => cur = next,
            None => return,
        }
    }
    if let J::Object(map) = cur {
        map.remove(key);
    }
}

/// The table's entry at an issue's dotted field (list indexes skipped) and the type of the
/// value there (a list's item type where the field ends at an index).
fn table_at(fields: &'static [Field], field: &str) -> Option<(&'static Field, &'static Ty)> {
    let mut fields = fields;
    let mut found: Option<(&'static Field, &'static Ty)> = None;
    for seg in field.split('.') {
        if seg.parse::<usize>().is_ok() {
            match found? {
                (f, Ty::List { item, .. }) => found = Some((f, item)),
                _ => return None,
            }
            continue;
        }
        if let Some((_, ty)) = found {
            match ty {
                Ty::Object(inner) => fields = inner,
                _ => return None,
            }
        }
        let f = fields.iter().find(|f| f.name == seg)?;
        found = Some((f, &f.ty));
    }
    found
}

/// Field names per object path, from a table: `""` is the order, lists' items are `name[]`
/// (`custom_fields[]`).
fn table_names(fields: &'static [Field]) -> BTreeMap<String, BTreeSet<String>> {
    fn object(fields: &'static [Field], path: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
        let names = out.entry(path.to_owned()).or_default();
        names.extend(fields.iter().map(|f| f.name.to_owned()));
        for f in fields {
            let child = if path.is_empty() {
                f.name.to_owned()
            } else {
                format!("{path}.{}", f.name)
            };
            ty(&f.ty, &child, out);
        }
    }
    fn ty(t: &'static Ty, path: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
        match t {
            Ty::Object(fields) => object(fields, path, out),
            Ty::List { item, .. } => ty(item, &format!("{path}[]"), out),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    object(fields, "", &mut out);
    out
}

/// Field names per object path of a serialized model, named as [`table_names`] names them.
fn json_names(v: &J, path: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
    match v {
        J::Object(map) => {
            out.entry(path.to_owned())
                .or_default()
                .extend(map.keys().cloned());
            for (k, v) in map {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                json_names(v, &child, out);
            }
        }
        J::Array(items) => {
            for item in items {
                json_names(item, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

fn listed(issues: &[&Issue]) -> String {
    issues
        .iter()
        .map(|i| format!("{}:{:?}:{:?}", i.field(), i.code, i.severity))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// The case table's bodies.

/// What the validator's report says about whether a body fits its family's model.
#[derive(Debug, PartialEq)]
enum Shape {
    /// Nothing in the report is about the body's shape: the model must hold it.
    Fits,
    /// An issue the model's types reject too: a `type` issue, or a `required` error at a field
    /// the table always requires (`Req::Yes`: a non-`Option` field of the model) or in
    /// `organization` (the model's `Organization` is either a complete new organization or an
    /// existing one's id). The model must not take such a body.
    Misfit,
    /// Not judged:
    /// - a `range` issue: a number outside the table's bounds may or may not fit the model's
    ///   integer (`auto_renew: -1` does not fit an unsigned count, `validity_years: 4` fits a
    ///   `u8`); that the model's integers hold the table's whole range is
    ///   `table_bodies_fit_the_models`'s job;
    /// - an `enum` issue: the models' Rust enums reject most values outside a closed set, but
    ///   `SignatureHash` is shared by the families and also takes `sha384` and `sha512`, which
    ///   only Secure Site allows (the models build orders; the validator enforces the rules);
    /// - an `organization` with both an id and new details (`conflict`): the model reads an
    ///   existing organization and drops the details;
    /// - a field CertCentral ignores on the product, which the walker does not judge (`subject`
    ///   on EV code signing): the family's model, shared with the product that uses the field,
    ///   still types it.
    Open,
}

fn shape(fields: &'static [Field], report: &Report) -> Shape {
    let mut open = false;
    for issue in &report.issues {
        let field = issue.field();
        let entry = table_at(fields, &field);
        let misfit = match issue.code {
            Code::Type => true,
            // A `required` warning (a field likely required: `organization` on Secure Email) is
            // about the product, not the shape: the model has it optional.
            Code::Required if issue.severity == Severity::Error => {
                field.split('.').next() == Some("organization")
                    || entry.is_some_and(|(f, _)| f.req == Req::Yes)
            }
            _ => false,
        };
        if misfit {
            return Shape::Misfit;
        }
        open |= matches!(issue.code, Code::Range | Code::Enum)
            || (issue.code == Code::Conflict && field == "organization")
            || issue.rule == "code_signing.subject.ignored_on_ev";
    }
    if open {
        Shape::Open
    } else {
        Shape::Fits
    }
}

/// Every case of tests/cases/*.json whose product is one of the fourteen: the bodies the
/// validator finds well-shaped (see [`Shape`]) deserialize into the family's model, and the model
/// serializes back to the body, less the fields reported `unknown_field` that the family's table
/// lacks (the model has no place for them) and nothing else; the ill-shaped ones do not
/// deserialize.
#[test]
fn case_bodies_deserialize_into_their_models() {
    let mut failures = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for case in cases::load() {
        let Some(product) = Product::from_id(&case.product_str()) else {
            continue;
        };
        let family = product.family();
        let report = validate(product, &case.order, &case.today);
        let shape = shape(order_fields(product), &report);
        let back = round_trip(family, &case.order);
        match (shape, back) {
            (Shape::Fits, Err(e)) => failures.push(format!(
                "{}: well-shaped (issues: {}) but does not deserialize: {e}",
                case.name,
                listed(&report.issues.iter().collect::<Vec<_>>())
            )),
            (Shape::Fits, Ok(back)) => {
                *counts.entry("fit").or_default() += 1;
                // `subject.email` on `code_signing_ev` is an `unknown_field` of a product rule
                // (EV orders ignore it, page 002), yet a field of the family's table and model.
                let unknown: Vec<String> = report
                    .issues
                    .iter()
                    .filter(|i| i.code == Code::UnknownField)
                    .map(Issue::field)
                    .filter(|f| table_at(order_fields(product), f).is_none())
                    .collect();
                let mut expected = case.order.clone();
                for path in &unknown {
                    remove_path(&mut expected, path);
                }
                let (want, got) = (key_paths(&expected), key_paths(&back));
                let lost: Vec<&String> = want.difference(&got).collect();
                let added: Vec<&String> = got.difference(&want).collect();
                if !lost.is_empty() || !added.is_empty() {
                    failures.push(format!(
                        "{}: the model loses {lost:?} and adds {added:?} (unknown fields, not expected back: {unknown:?})",
                        case.name
                    ));
                } else if back != expected {
                    failures.push(format!(
                        "{}: same fields, other values after the round trip:\n  body:  {expected}\n  model: {back}",
                        case.name
                    ));
                }
            }
            (Shape::Misfit, Ok(_)) => failures.push(format!(
                "{}: the validator finds it ill-shaped ({}) but the model takes it",
                case.name,
                listed(&report.issues.iter().collect::<Vec<_>>())
            )),
            (Shape::Misfit, Err(_)) => *counts.entry("misfit").or_default() += 1,
            (Shape::Open, _) => *counts.entry("open").or_default() += 1,
        }
    }
    assert!(
        failures.is_empty(),
        "{} case bodies and their models disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The table's example bodies are all well-shaped; a change that made the validator see
    // every body as ill-shaped (or none) would leave this test checking nothing.
    let (fit, misfit) = (counts.get("fit"), counts.get("misfit"));
    assert!(
        fit.is_some_and(|n| *n >= 150) && misfit.is_some_and(|n| *n >= 30),
        "too few bodies judged: {counts:?}"
    );
    println!("case bodies: {counts:?}");
}

// ---------------------------------------------------------------------------------------------
// Models with every field set.

const TODAY: &str = cases::DEFAULT_TODAY;

fn new_organization() -> NewOrganization {
    NewOrganization {
        name: "Example Corp".into(),
        assumed_name: Some("Example".into()),
        address: "2801 North Thanksgiving Way".into(),
        address2: Some("Suite 500".into()),
        city: "Lehi".into(),
        state: "Utah".into(),
        zip: "84043".into(),
        country: "us".into(),
        telephone: "801-701-9600".into(),
        container: Some(Container { id: 654321 }),
        organization_contact: OrganizationContact {
            first_name: "Jane".into(),
            last_name: "Doe".into(),
            email: "jane.doe@example.com".into(),
            telephone: "801-701-9601".into(),
            job_title: Some("Administrator".into()),
            telephone_extension: Some("123".into()),
        },
        skip_duplicate_org_check: Some(true),
    }
}

/// Both forms of `organization`: an untagged enum serializes one at a time.
fn organizations() -> [Organization; 2] {
    [
        Organization::Existing(ExistingOrganization { id: 123456 }),
        Organization::New(Box::new(new_organization())),
    ]
}

fn custom_fields() -> Option<Vec<CustomField>> {
    Some(vec![CustomField {
        metadata_id: 12,
        value: "Invoice #00001".into(),
    }])
}

fn ssl_order(organization: Organization) -> SslOrder {
    SslOrder {
        certificate: SslCertificate {
            common_name: "example.com".into(),
            dns_names: Some(vec!["www.example.com".into()]),
            csr: CSR_RSA3072.into(),
            signature_hash: SignatureHash::Sha384,
            organization_units: Some(vec!["Engineering".into()]),
            server_platform: Some(ServerPlatform { id: 45 }),
            profile_option: Some("custom_profile".into()),
            cert_validity: Some(SslCertValidity {
                years: Some(1),
                days: Some(199),
                custom_expiration_date: Some("2027-06-01".into()),
            }),
        },
        organization,
        validity_years: Some(1),
        validity_days: Some(199),
        custom_expiration_date: Some("2027-06-01".into()),
        order_validity: Some(SslOrderValidity {
            years: Some(1),
            days: Some(199),
            custom_expiration_date: Some("2027-06-01".into()),
        }),
        renewed_thumbprint: Some("0123456789abcdef0123456789abcdef01234567".into()),
        renewal_of_order_id: Some(4242),
        comments: Some("Message for the approver".into()),
        apply_cr_discount: Some(true),
        serial_number: Some("0A1B2C3D".into()),
        auto_renew: Some(1),
        custom_renewal_message: Some("Renew this please.".into()),
        disable_renewal_notifications: Some(true),
        additional_emails: Some(vec!["ops@example.com".into()]),
        locale: Some("en".into()),
        payment_method: Some(PaymentMethod::Balance),
        dcv_method: Some(DcvMethod::DnsTxtToken),
        skip_approval: Some(true),
        disable_ct: Some(false),
        container: Some(Container { id: 654321 }),
        custom_fields: custom_fields(),
        alternative_order_id: Some("Order42".into()),
    }
}

fn client_order(organization: Organization) -> ClientOrder {
    ClientOrder {
        certificate: ClientCertificate {
            common_name: "Jane Doe".into(),
            emails: vec!["jane.doe@example.com".into()],
            signature_hash: SignatureHash::Sha256,
            organization_units: Some(vec!["Engineering".into()]),
            csr: Some(CSR_RSA3072.into()),
        },
        organization,
        validity_years: Some(1),
        custom_expiration_date: Some("2027-06-01".into()),
        auto_renew: Some(2),
        renewal_of_order_id: Some(4242),
        skip_approval: Some(true),
        container: Some(ClientContainer { id: Some(654321) }),
        custom_fields: custom_fields(),
        payment_method: Some(PaymentMethod::Balance),
        alternative_order_id: Some("Order42".into()),
    }
}

fn secure_email_order(organization: Organization) -> SecureEmailOrder {
    SecureEmailOrder {
        certificate: SecureEmailCertificate {
            emails: vec!["jane.doe@example.com".into()],
            profile_type: Some(ProfileType::Multipurpose),
            usage_designation: UsageDesignation {
                primary_usage: "dual_use".into(),
                additional_usages: Some(vec!["non_repudiation".into(), "client_auth".into()]),
            },
            common_name_indicator: Some("given_name_surname".into()),
            individual: Some(Individual {
                first_name: Some("Jane".into()),
                last_name: Some("Doe".into()),
                pseudonym: Some("JD".into()),
            }),
            csr: Some(CSR_RSA3072.into()),
            signature_hash: Some("sha256".into()),
            ca_cert_id: Some("5D7C2F5D9A2B4C1E".into()),
        },
        organization: Some(organization),
        validity_years: Some(1),
        custom_expiration_date: Some("2027-06-09".into()),
        order_validity: Some(SecureEmailValidity {
            years: Some(1),
            days: Some(365),
            custom_expiration_date: Some("01 JUN 2027".into()),
        }),
        auto_renew: Some(1),
        renewal_of_order_id: Some(4242),
        skip_approval: Some(true),
        container: Some(Container { id: 654321 }),
        custom_fields: custom_fields(),
        payment_method: Some(PaymentMethod::Balance),
        comments: Some("Message for the approver".into()),
        disable_renewal_notifications: Some(true),
        alternative_order_id: Some("Order42".into()),
    }
}

fn code_signing_order(organization: Organization) -> CodeSigningOrder {
    CodeSigningOrder {
        certificate: CodeSigningCertificate {
            csr: Some(CSR_RSA3072.into()),
            signature_hash: SignatureHash::Sha256,
            server_platform: Some(ServerPlatform { id: 52 }),
            organization_units: Some(vec!["Engineering".into()]),
        },
        organization,
        order_validity: Some(OrderValidity {
            years: Some(1),
            days: Some(365),
            custom_expiration_date: Some("01 JUN 2027".into()),
        }),
        validity_years: Some(1),
        custom_expiration_date: Some("2027-06-01".into()),
        cs_provisioning_method: Some("ship_token".into()),
        ship_info: Some(ShipInfo {
            name: "Erin Guerra".into(),
            addr1: "360 Taylor Street".into(),
            addr2: Some("Floor 74".into()),
            city: "Richmond".into(),
            state: "va".into(),
            zip: "69662".into(),
            country: "us".into(),
            method: ShippingMethod::Expedited,
        }),
        subject: Some(CodeSigningSubject {
            email: Some("jane.doe@example.com".into()),
        }),
        auto_renew: Some(1),
        additional_emails: Some(vec!["ops@example.com".into()]),
        renewal_of_order_id: Some(4242),
        skip_approval: Some(true),
        container: Some(Container { id: 654321 }),
        custom_fields: custom_fields(),
        payment_method: Some(PaymentMethod::Balance),
        alternative_order_id: Some("Order42".into()),
        enable_guest_access: Some(1),
        comments: Some("Message for the approver".into()),
        custom_renewal_message: Some("Renew this please.".into()),
    }
}

/// The family's model with every field set, once per form of `organization`: its `Debug` text
/// (to check that no `Option` is left `None`) and its JSON.
fn full_models(family: Family) -> Vec<(String, J)> {
    fn one<T: std::fmt::Debug + serde::Serialize>(model: T) -> (String, J) {
        let json = serde_json::to_value(&model).expect("a model serializes");
        (format!("{model:?}"), json)
    }
    organizations()
        .into_iter()
        .map(|org| match family {
            Family::CodeSigning => one(code_signing_order(org)),
            Family::Client => one(client_order(org)),
            Family::Ssl => one(ssl_order(org)),
            Family::SecureEmail => one(secure_email_order(org)),
            other => panic!("{other:?}: add the family's model here"),
        })
        .collect()
}

/// The models above are built with struct literals, so a field added to a model does not compile
/// here until it is given a value; this keeps anyone from giving it `None`.
#[test]
fn full_models_set_every_field() {
    for family in FAMILIES {
        for (debug, _) in full_models(family) {
            // `Debug` writes `name: None` for each unset field.
            let unset: Vec<&str> = debug
                .match_indices(": None")
                .map(|(at, _)| {
                    let before = &debug[..at];
                    let start = before
                        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map_or(0, |i| i + 1);
                    &before[start..]
                })
                .collect();
            assert!(
                unset.is_empty(),
                "{family:?}: the full model leaves {unset:?} None, so the tests below cannot see them"
            );
        }
    }
}

/// `unknown_field` issues that product rules report at fields of the family's table, so that a
/// model with every field set gets them: EV code signing orders ignore `subject` (page 002);
/// Secure Email for Individual ignores the common-name indicator, and only Secure Email for
/// Business uses `individual` (`secure-email.md` §2.3).
const PRODUCT_RULE_UNKNOWN: [(Product, &str); 4] = [
    (Product::CodeSigningEv, "subject.email"),
    (
        Product::SecureEmailMailbox,
        "certificate.common_name_indicator",
    ),
    (Product::SecureEmailMailbox, "certificate.individual"),
    (Product::SecureEmailOrganization, "certificate.individual"),
];

/// A model with every field set, serialized, is an order with no `unknown_field` (other than
/// [`PRODUCT_RULE_UNKNOWN`]) and no value of the wrong JSON type, on every product of the family.
#[test]
fn full_models_have_no_unknown_field() {
    let mut failures = Vec::new();
    for family in FAMILIES {
        for (_, json) in full_models(family) {
            for product in products_of(family) {
                let report = validate(product, &json, TODAY);
                let bad: Vec<&Issue> = report
                    .issues
                    .iter()
                    .filter(|i| match i.code {
                        Code::Type => true,
                        Code::UnknownField => {
                            !PRODUCT_RULE_UNKNOWN.contains(&(product, i.field().as_str()))
                        }
                        _ => false,
                    })
                    .collect();
                if !bad.is_empty() {
                    failures.push(format!("{}: {}", product.id(), listed(&bad)));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "serialized models have fields the tables lack (or of another type):\n{}",
        failures.join("\n")
    );
}

/// The table and the model have the same field names at every object path: every table entry is
/// a model field and every model field a table entry.
#[test]
fn models_and_tables_name_the_same_fields() {
    let mut failures = Vec::new();
    for family in FAMILIES {
        let mut model: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (_, json) in full_models(family) {
            json_names(&json, "", &mut model);
        }
        for product in products_of(family) {
            let table = table_names(order_fields(product));
            let paths: BTreeSet<&String> = table.keys().chain(model.keys()).collect();
            for path in paths {
                let empty = BTreeSet::new();
                let t = table.get(path).unwrap_or(&empty);
                let m = model.get(path).unwrap_or(&empty);
                let table_only: Vec<&String> = t.difference(m).collect();
                let model_only: Vec<&String> = m.difference(t).collect();
                if !table_only.is_empty() || !model_only.is_empty() {
                    let at = if path.is_empty() { "(order)" } else { path };
                    failures.push(format!(
                        "{} {at}: in the table only {table_only:?}; in the model only {model_only:?}",
                        product.id()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "field names differ between tables and models:\n{}",
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Bodies built from the tables.

/// The largest integer a JSON number holds exactly (and the validator's reader takes as one,
/// as JavaScript does): bounds of `i64::MAX` mean "no bound" and stop here.
const MAX_EXACT_INT: i64 = 1 << 53;

#[derive(Clone, Copy, Debug)]
enum Bound {
    Low,
    High,
}

#[derive(Clone, Copy, Debug)]
enum OrgForm {
    Existing,
    New,
}

/// A value of type `ty` that the table allows: integers at `bound`, the `pick`-th value of a
/// set, a sample of each string format, one item per list.
fn sample(ty: &Ty, pick: usize, bound: Bound, org: OrgForm, name: &str) -> J {
    match ty {
        Ty::Str { min, max, fmt } => {
            let s = match fmt {
                Fmt::Any => "Sample text".to_owned(),
                Fmt::Dns => "example.com".to_owned(),
                Fmt::Email => "admin@example.com".to_owned(),
                Fmt::IsoDate => "2027-06-01".to_owned(),
                Fmt::DdMmmYyyy => "01 JUN 2027".to_owned(),
                Fmt::Csr => CSR_RSA3072.to_owned(),
                Fmt::Sha1 => "0123456789abcdef0123456789abcdef01234567".to_owned(),
                Fmt::Alphanumeric => "Order42".to_owned(),
                Fmt::Locale => "en".to_owned(),
                Fmt::Country => "us".to_owned(),
                Fmt::Snake => "sample_value".to_owned(),
            };
            assert!(
                (*min..=*max).contains(&s.chars().count()),
                "{name}: the sample {s:?} does not fit {min}..={max} characters"
            );
            J::from(s)
        }
        Ty::Int { .. } => {
            let (min, max) = ty.int_range().unwrap_or_default();
            J::from(match bound {
                Bound::Low => min,
                Bound::High => max.min(MAX_EXACT_INT),
            })
        }
        Ty::IntEnum(values) => J::from(values[pick % values.len()]),
        Ty::Enum(values) | Ty::OpenEnum(values, _) => J::from(values[pick % values.len()]),
        Ty::Bool => J::from(pick % 2 == 0),
        Ty::Object(fields) => object(fields, pick, bound, org, name),
        Ty::List { item, max, .. } => {
            assert!(*max >= 1, "{name}: a list of no items");
            J::Array(vec![sample(item, pick, bound, org, name)])
        }
    }
}

/// An object with every field of `fields`, each a [`sample`].
fn object(fields: &[Field], pick: usize, bound: Bound, org: OrgForm, name: &str) -> J {
    let mut map = Map::new();
    for f in fields {
        // `organization` takes an existing organization's id or a new organization's details,
        // never both (`conflict`): one form per body.
        let skip = name == "organization"
            && match org {
                OrgForm::Existing => f.name != "id",
                OrgForm::New => f.name == "id",
            };
        if !skip {
            map.insert(f.name.to_owned(), sample(&f.ty, pick, bound, org, f.name));
        }
    }
    J::Object(map)
}

/// The most values any closed or open set of the table has.
fn most_values(fields: &[Field]) -> usize {
    fn ty(t: &Ty) -> usize {
        match t {
            Ty::IntEnum(v) => v.len(),
            Ty::Enum(v) | Ty::OpenEnum(v, _) => v.len(),
            Ty::Object(fields) => most_values(fields),
            Ty::List { item, .. } => ty(item),
            _ => 1,
        }
    }
    fields.iter().map(|f| ty(&f.ty)).max().unwrap_or(1).max(2)
}

/// A body with every field of the table, integers at their lower and then upper bound, each
/// value of every set in turn, each form of `organization`: the validator finds it well-shaped
/// on every product of the family, and the model reads it and writes it back unchanged.
#[test]
fn table_bodies_fit_the_models() {
    let mut failures = BTreeSet::new();
    for family in FAMILIES {
        let fields = table_of(family);
        for pick in 0..most_values(fields) {
            for bound in [Bound::Low, Bound::High] {
                for org in [OrgForm::Existing, OrgForm::New] {
                    let body = object(fields, pick, bound, org, "");
                    for product in products_of(family) {
                        let report = validate(product, &body, TODAY);
                        let shape_issues: Vec<&Issue> = report
                            .issues
                            .iter()
                            .filter(|i| {
                                i.code == Code::Type
                                    || (i.code == Code::UnknownField
                                        && !PRODUCT_RULE_UNKNOWN
                                            .contains(&(product, i.field().as_str())))
                                    || (i.code == Code::Required
                                        && table_at(order_fields(product), &i.field())
                                            .is_some_and(|(f, _)| f.req == Req::Yes))
                            })
                            .collect();
                        assert!(
                            shape_issues.is_empty(),
                            "the test's own body is ill-shaped for {}: {}\n{body}",
                            product.id(),
                            listed(&shape_issues)
                        );
                    }
                    match round_trip(family, &body) {
                        Err(e) => {
                            let low = object(fields, pick, Bound::Low, org, "");
                            failures.insert(format!(
                                "{family:?} ({bound:?} bounds, {org:?} organization): {e}; the body reads when these take their other bound: {:?}",
                                culprits(family, &body, &low)
                            ));
                        }
                        Ok(back) if back != body => {
                            let (want, got) = (key_paths(&body), key_paths(&back));
                            failures.insert(format!(
                                "{family:?}: the model loses {:?} and adds {:?}",
                                want.difference(&got).collect::<Vec<_>>(),
                                got.difference(&want).collect::<Vec<_>>()
                            ));
                        }
                        Ok(_) => {}
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "bodies the tables allow do not fit the models:\n{}",
        failures.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// The leaves of `body` that, each alone set to its value in `other`, let the model read it:
/// which field a failure to deserialize is about (serde_json's message does not say).
fn culprits(family: Family, body: &J, other: &J) -> Vec<String> {
    key_paths(body)
        .into_iter()
        .filter(|path| {
            let pointer = format!("/{}", path.replace('.', "/"));
            let (Some(mine), Some(theirs)) = (body.pointer(&pointer), other.pointer(&pointer))
            else {
                return false;
            };
            if mine == theirs || mine.is_object() || mine.is_array() {
                return false;
            }
            let mut changed = body.clone();
            if let Some(slot) = changed.pointer_mut(&pointer) {
                *slot = theirs.clone();
            }
            round_trip(family, &changed).is_ok()
        })
        .collect()
}

/// The samples above really reach the bounds: a body at the upper bound has an integer past
/// `u32` (the tables' "no bound" counts and ids), so a model's narrow integer is noticed.
#[test]
fn table_bodies_reach_the_bounds() {
    let body = object(
        table_of(Family::Client),
        0,
        Bound::High,
        OrgForm::Existing,
        "",
    );
    assert_eq!(body["renewal_of_order_id"], json!(MAX_EXACT_INT));
    assert_eq!(body["organization"], json!({ "id": MAX_EXACT_INT }));
}
