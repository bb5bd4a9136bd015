//! The validity presets of `orderFields` (issue: "Validity is one choice whose default raises no
//! warning, and the help says what each choice yields today"): on every day the dates table
//! changes something, and for every product, the default preset put into a valid example order
//! raises no issue at the validity fields, no preset raises an error, and the help of each says
//! what the rules say of it.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/cases.rs"]
mod cases;

use certcentral_orders::internals::rules::dates::DATED;
use certcentral_orders::{
    order_fields_on, validate_json, Date, FieldInfo, Options, Product, Severity,
};
use serde_json::{json, Value as J};

const VALIDITY: &[&str] = &[
    "validity_years",
    "validity_days",
    "custom_expiration_date",
    "order_validity",
];

fn days() -> Vec<Date> {
    let mut out = vec![Date::parse_iso("2026-12-04").unwrap()];
    for d in DATED {
        let (y, m, day) = d.from;
        let date = Date::parse_iso(&format!("{y:04}-{m:02}-{day:02}")).unwrap();
        out.extend([date.add_days(-1), date]);
    }
    out
}

fn presets_of(fields: &[FieldInfo]) -> Vec<(String, certcentral_orders::Preset)> {
    let mut out = Vec::new();
    for f in fields {
        for p in f.presets.iter().flatten() {
            out.push((f.path.clone(), p.clone()));
        }
        out.extend(presets_of(f.fields.as_deref().unwrap_or(&[])));
    }
    out
}

/// An example body valid for `product` on `today`, without its validity fields.
fn base_for(product: Product, today: Date) -> J {
    for (_, body) in cases::bases() {
        let report = validate_json(product.id(), &body, &Options::default().today(today));
        if report.issues.iter().all(|i| {
            i.severity != Severity::Error || VALIDITY.iter().any(|v| i.field().starts_with(v))
        }) {
            let mut body = body;
            if let Some(map) = body.as_object_mut() {
                for v in VALIDITY {
                    map.remove(*v);
                }
            }
            return body;
        }
    }
    panic!("no example body is valid for {product:?} on {today}");
}

fn with(mut body: J, path: &str, value: i64) -> J {
    let mut cur = &mut body;
    let steps: Vec<&str> = path.split('.').collect();
    for (i, step) in steps.iter().enumerate() {
        if i + 1 == steps.len() {
            cur[*step] = json!(value);
        } else {
            if cur.get(*step).is_none() {
                cur[*step] = json!({});
            }
            cur = &mut cur[*step];
        }
    }
    body
}

fn validity_issues(product: Product, body: &J, today: Date) -> Vec<String> {
    validate_json(product.id(), body, &Options::default().today(today))
        .issues
        .iter()
        .filter(|i| VALIDITY.iter().any(|v| i.field().starts_with(v)))
        .map(|i| format!("{} {}: {}", i.rule, i.field(), i.message))
        .collect()
}

#[test]
fn the_default_validity_raises_nothing_and_no_choice_is_refused() {
    for &product in Product::ALL {
        for today in days() {
            let presets = presets_of(&order_fields_on(product, today));
            assert!(
                presets.len() >= 2,
                "{product:?} {today}: {} presets",
                presets.len()
            );
            let defaults: Vec<_> = presets.iter().filter(|(_, p)| p.default).collect();
            assert_eq!(defaults.len(), 1, "{product:?} {today}: one default");
            let base = base_for(product, today);
            for (_, p) in &presets {
                let issues = validity_issues(product, &with(base.clone(), &p.path, p.value), today);
                if p.default {
                    assert!(
                        issues.is_empty(),
                        "{product:?} {today}: the default {} = {} raises {issues:?}",
                        p.path,
                        p.value
                    );
                }
                let refused = validate_json(
                    product.id(),
                    &with(base.clone(), &p.path, p.value),
                    &Options::default().today(today),
                );
                assert!(
                    refused.valid,
                    "{product:?} {today}: {} = {} is refused: {:?}",
                    p.path, p.value, refused.issues
                );
                // The help says "a plan" exactly when the rules warn about it.
                let plan = p.help.contains("plan");
                assert_eq!(
                    plan,
                    !issues.is_empty(),
                    "{product:?} {today}: {} = {}: help {:?}, issues {issues:?}",
                    p.path,
                    p.value,
                    p.help
                );
            }
        }
    }
}

#[test]
fn after_the_199_day_cap_a_secure_site_order_starts_at_199_days() {
    let today = Date::parse_iso("2026-12-04").unwrap();
    let presets = presets_of(&order_fields_on(Product::SslSecureSite, today));
    let default = presets
        .iter()
        .find(|(_, p)| p.default)
        .map(|(on, p)| (on.as_str(), p.path.as_str(), p.value));
    assert_eq!(default, Some(("validity_years", "validity_days", 199)));
    // Before DigiCert's cap, one year.
    let before = presets_of(&order_fields_on(
        Product::SslSecureSite,
        Date::parse_iso("2026-02-23").unwrap(),
    ));
    let default = before
        .iter()
        .find(|(_, p)| p.default)
        .map(|(_, p)| (p.path.as_str(), p.value));
    assert_eq!(default, Some(("validity_years", 1)));
}

#[test]
fn forms_by_product() {
    let today = Date::parse_iso("2026-12-04").unwrap();
    let find = |product: Product, path: &str| -> FieldInfo {
        fn walk<'a>(fields: &'a [FieldInfo], path: &str) -> Option<&'a FieldInfo> {
            fields.iter().find_map(|f| {
                if f.path == path {
                    Some(f)
                } else {
                    walk(f.fields.as_deref().unwrap_or(&[]), path)
                }
            })
        }
        walk(&order_fields_on(product, today), path)
            .cloned()
            .unwrap_or_else(|| panic!("{product:?} has no {path}"))
    };
    // The multi-domain products show their DNS names up front; the single-name ones do not.
    assert!(find(Product::SslSecureSiteMultiDomain, "certificate.dns_names").prominent);
    assert!(find(Product::SslEvSecureSiteMultiDomain, "certificate.dns_names").prominent);
    assert!(!find(Product::SslSecureSite, "certificate.dns_names").prominent);
    // The wildcard product's help shows a wildcard.
    assert!(
        find(Product::SslSecureSiteWildcard, "certificate.common_name")
            .help
            .contains("*.example.com")
    );
    assert!(!find(Product::SslSecureSite, "certificate.common_name")
        .help
        .contains('*'));
    // Code signing asks the provisioning method first, as a choice.
    for p in [Product::CodeSigning, Product::CodeSigningEv] {
        let fields = order_fields_on(p, today);
        assert_eq!(fields[0].path, "cs_provisioning_method");
        assert_eq!((fields[0].control, fields[0].prominent), ("choice", true));
    }
    // Controls and autocomplete tokens.
    let ssl = Product::SslSecureSite;
    assert_eq!(find(ssl, "organization.country").control, "country");
    assert_eq!(
        find(ssl, "organization.country").autocomplete,
        Some("country")
    );
    assert_eq!(
        find(ssl, "organization.zip").autocomplete,
        Some("postal-code")
    );
    assert_eq!(
        find(ssl, "organization.name").autocomplete,
        Some("organization")
    );
    assert_eq!(find(ssl, "certificate.csr").control, "pem");
    assert_eq!(
        find(ssl, "certificate.common_name").autocomplete,
        Some("off")
    );
    assert_eq!(find(ssl, "validity_years").control, "choice");
    for f in order_fields_on(ssl, today) {
        if f.kind == certcentral_orders::FieldKind::Boolean {
            assert_eq!(f.control, "checkbox", "{}", f.path);
        }
    }
}

/// What a form shows a person (labels, help, "required when", the values' words, the validity
/// choices) speaks of the order, not of the API: no JSON, no field names such as `common_name`.
#[test]
fn form_texts_speak_to_a_person() {
    let today = Date::parse_iso("2026-12-04").unwrap();
    fn walk(
        fields: &[FieldInfo],
        names: &mut Vec<String>,
        values: &mut Vec<String>,
        texts: &mut Vec<(String, String)>,
    ) {
        for f in fields {
            if f.name.contains('_') {
                names.push(f.name.to_owned());
            }
            for a in f.allowed.iter().flatten() {
                values.push(
                    serde_json::to_value(a)
                        .unwrap()
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
            let mut mine = vec![f.label.clone(), f.help.to_owned()];
            mine.extend(f.required_when.clone());
            mine.extend(f.allowed_labels.iter().flatten().map(|l| (*l).to_owned()));
            for p in f.presets.iter().flatten() {
                mine.extend([p.label.to_owned(), p.help.to_owned()]);
            }
            texts.extend(mine.into_iter().map(|t| (f.path.clone(), t)));
            walk(f.fields.as_deref().unwrap_or(&[]), names, values, texts);
            walk(
                f.items.as_deref().map(std::slice::from_ref).unwrap_or(&[]),
                names,
                values,
                texts,
            );
        }
    }
    for &product in Product::ALL {
        let (mut names, mut values, mut texts) = (Vec::new(), Vec::new(), Vec::new());
        walk(
            &order_fields_on(product, today),
            &mut names,
            &mut values,
            &mut texts,
        );
        for (path, text) in texts {
            // Preset templates hold `{n}`-style placeholders, which orderFields renders in JS.
            let plain = text
                .replace("{n}", "")
                .replace("{days}", "")
                .replace("{cap}", "");
            assert!(
                !plain.contains(['{', '}', '"', '<', '>']),
                "{product:?} {path}: {text:?} reads like JSON"
            );
            for word in plain.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            {
                let word = word.trim_end_matches('.');
                if word.contains('_') && !values.iter().any(|v| v == word) {
                    assert!(
                        !names.iter().any(|n| n == word),
                        "{product:?} {path}: {text:?} names the API field {word}"
                    );
                }
                assert!(
                    !(word.contains('.') && word.contains('_')),
                    "{product:?} {path}: {text:?} holds the path {word}"
                );
            }
        }
    }
}
