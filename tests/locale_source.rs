//! What the message catalogs (pkg-template/locales/*.js) translate, written once from Rust into
//! tests/locales/source.json (generated, do not edit; this test fails when it is stale, and
//! `UPDATE_LOCALE_SOURCE=1 cargo test --test locale_source` rewrites it):
//! - every rule id, with the params its issues always give and those they give only sometimes
//!   (seen over the whole case table) and one English message, as an example;
//! - every label, help text, `requiredWhen` and choice label of orderFields, for all fourteen
//!   products.
//!
//! tests/js/locales.test.mjs holds each catalog to it: a message for every rule id, using only
//! the params its rule gives, and a translation of every text of orderFields above.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/cases.rs"]
mod cases;
#[path = "support/generated.rs"]
mod generated;

use std::collections::{BTreeMap, BTreeSet};

use certcentral_orders::internals::rules::describe::PRESET_TEXTS;
use certcentral_orders::internals::rules::registry;
use certcentral_orders::{order_fields, validate_json, Date, FieldInfo, Options, Product};
use serde_json::{json, Value as J};

#[derive(Default)]
struct Seen {
    issues: usize,
    /// How many of the issues gave each param.
    params: BTreeMap<String, usize>,
    example: Option<String>,
}

fn texts(fields: &[FieldInfo], out: &mut BTreeSet<String>) {
    for f in fields {
        if !f.label.is_empty() {
            out.insert(f.label.clone());
        }
        if !f.help.is_empty() {
            out.insert(f.help.to_owned());
        }
        out.extend(f.allowed_labels.iter().flatten().map(|l| (*l).to_owned()));
        out.extend(f.required_when.iter().cloned());
        out.extend(f.one_of.iter().flatten().map(|c| c.label.to_owned()));
        if let Some(inner) = &f.fields {
            texts(inner, out);
        }
        if let Some(item) = &f.items {
            texts(std::slice::from_ref(item), out);
        }
    }
}

fn source() -> String {
    let mut seen: BTreeMap<&'static str, Seen> = registry::rule_ids()
        .into_iter()
        .map(|id| (id, Seen::default()))
        .collect();
    for case in cases::load() {
        let mut options = Options::default();
        options.today = Date::parse_iso(&case.today);
        let report = validate_json(&case.product_str(), &case.order, &options);
        for issue in &report.issues {
            let s = seen.entry(issue.rule).or_default();
            s.issues += 1;
            for (name, _) in &issue.params {
                *s.params.entry((*name).to_owned()).or_default() += 1;
            }
            if s.example.is_none() {
                s.example = Some(issue.message.clone());
            }
        }
    }
    let rules: serde_json::Map<String, J> = seen
        .into_iter()
        .map(|(id, s)| {
            let always: Vec<&String> = s
                .params
                .iter()
                .filter(|(_, n)| **n == s.issues)
                .map(|(k, _)| k)
                .collect();
            let sometimes: Vec<&String> = s
                .params
                .iter()
                .filter(|(_, n)| **n < s.issues)
                .map(|(k, _)| k)
                .collect();
            (
                id.to_owned(),
                json!({ "always": always, "sometimes": sometimes, "example": s.example }),
            )
        })
        .collect();
    let mut text = BTreeSet::new();
    for &p in Product::ALL {
        texts(&order_fields(p), &mut text);
    }
    // The validity presets' label and help templates (which of them a product shows depends
    // on the day, so all of them).
    text.extend(PRESET_TEXTS.iter().map(|(_, t)| (*t).to_owned()));
    let doc = json!({
        "generated": "from the rule registry, the case table and orderFields by tests/locale_source.rs, do not edit (UPDATE_LOCALE_SOURCE=1 cargo test --test locale_source rewrites it)",
        "rules": rules,
        "text": text,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[test]
fn locale_source_is_current() {
    generated::check(
        "tests/locales/source.json",
        &source(),
        "UPDATE_LOCALE_SOURCE",
        "locale_source",
    );
}

/// Every param name the rules give over the case table travels on the report tape as an index
/// (src/tape.rs, `PARAM_NAMES`), so `reportOf` never makes a string of its own for one.
#[test]
fn param_names_travel_by_index() {
    use certcentral_orders::internals::tape::PARAM_NAMES;
    let mut given = BTreeSet::new();
    for case in cases::load() {
        let mut options = Options::default();
        options.today = Date::parse_iso(&case.today);
        let report = validate_json(&case.product_str(), &case.order, &options);
        for issue in &report.issues {
            given.extend(issue.params.iter().map(|(name, _)| *name));
        }
    }
    let listed: BTreeSet<&str> = PARAM_NAMES.iter().copied().collect();
    assert_eq!(
        listed.len(),
        PARAM_NAMES.len(),
        "PARAM_NAMES lists a name twice"
    );
    let missing: Vec<_> = given.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "add to src/tape.rs's PARAM_NAMES: {missing:?}"
    );
}
