//! Property tests (proptest): what must hold for every order, every product string and every
//! text, not only for the case table's examples.
//!
//! - Any JSON value and any product string get a sound report: no panic, `valid` exactly when no
//!   issue is an error, `field` is the path joined with ".", messages are non-empty, every path
//!   points into the order (a `required` issue at a missing child of an object that is there),
//!   the same report twice, and `json::to_string` writes what serde_json writes.
//! - Changing one field of a valid example body only brings issues at or under that field, or at
//!   fields a rule of the registry ties to it (its declaration's `reads` and `reports`).
//! - Dates, DNS names, e-mail addresses, CSRs, `Retry-After` and CertCentral's bodies.
//!
//! Failures are not persisted (that would write files beside the tests): a failure found here
//! goes, shrunk, into tests/regressions.rs.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use certcentral_orders::internals::products::PRODUCT_IDS;
use certcentral_orders::internals::rules::{order_fields, registry, Field, Ty};
use certcentral_orders::internals::transport::{self, ClientError};
use certcentral_orders::internals::value::{Unreadable, MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN};
use certcentral_orders::internals::{csr, formats, json};
use certcentral_orders::{
    products, validate_json, Code, Date, Options, PathSeg, Product, Report, Severity, Value,
};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::Config;
use serde_json::{Map, Number, Value as J};

// ---------------------------------------------------------------------------------------------
// Fixtures: the case table's example bodies, with their CSRs filled in.

const CASE_FILES: [&str; 5] = [
    include_str!("cases/common.json"),
    include_str!("cases/code_signing.json"),
    include_str!("cases/client.json"),
    include_str!("cases/ssl.json"),
    include_str!("cases/secure_email.json"),
];

const CSRS: [(&str, &str); 5] = [
    ("$CSR_RSA2048", include_str!("fixtures/csr/rsa2048.pem")),
    ("$CSR_RSA3072", include_str!("fixtures/csr/rsa3072.pem")),
    ("$CSR_RSA4096", include_str!("fixtures/csr/rsa4096.pem")),
    ("$CSR_EC256", include_str!("fixtures/csr/ec256.pem")),
    ("$CSR_EC384", include_str!("fixtures/csr/ec384.pem")),
];

/// The case table's default day, after every policy date, and one before them all.
const TODAYS: [&str; 2] = ["2026-11-22", "2026-01-10"];

fn fill_csrs(v: &mut J) {
    match v {
        J::String(s) => {
            if let Some((_, pem)) = CSRS.iter().find(|(token, _)| token == s) {
                *s = (*pem).to_owned();
            }
        }
        J::Array(items) => items.iter_mut().for_each(fill_csrs),
        J::Object(map) => map.values_mut().for_each(fill_csrs),
        _ => {}
    }
}

fn set(v: &mut J, key: &str, value: J) {
    if let J::Object(map) = v {
        map.insert(key.to_owned(), value);
    }
}

/// Every `bases` entry of tests/cases/*.json (once each), plus a few helper bodies that put the
/// cross-field rules in play (a `dcv_method`, a Sun Java platform, `client_app`, dates).
fn bases() -> &'static [(String, J)] {
    static BASES: OnceLock<Vec<(String, J)>> = OnceLock::new();
    BASES.get_or_init(|| {
        let mut out: Vec<(String, J)> = Vec::new();
        for text in CASE_FILES {
            let doc: J = serde_json::from_str(text).expect("case file is JSON");
            for (name, base) in doc["bases"].as_object().expect("bases").iter() {
                if out.iter().all(|(n, _)| n != name) {
                    let mut base = base.clone();
                    fill_csrs(&mut base);
                    out.push((name.clone(), base));
                }
            }
        }
        let get = |name: &str| {
            out.iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| b.clone())
                .unwrap_or_else(|| panic!("no base {name}"))
        };
        let mut extra = Vec::new();
        let mut ssl_http = get("ssl_example");
        set(&mut ssl_http, "dcv_method", J::from("http-token"));
        extra.push(("+ssl_http".to_owned(), ssl_http));
        let mut ssl_date = get("ssl_min");
        set(
            &mut ssl_date,
            "custom_expiration_date",
            J::from("2027-02-01"),
        );
        set(&mut ssl_date, "validity_years", J::from(1));
        extra.push(("+ssl_date".to_owned(), ssl_date));
        let mut client_date = get("client_example");
        set(
            &mut client_date,
            "custom_expiration_date",
            J::from("2027-02-01"),
        );
        extra.push(("+client_date".to_owned(), client_date));
        let mut cs_java = get("cs_min");
        set(
            &mut cs_java["certificate"],
            "server_platform",
            serde_json::json!({ "id": 55 }),
        );
        set(&mut cs_java["certificate"], "csr", J::from(CSRS[1].1));
        set(
            &mut cs_java,
            "cs_provisioning_method",
            J::from("client_app"),
        );
        extra.push(("+cs_java".to_owned(), cs_java));
        let mut cs_date = get("cs_example_new");
        set(
            &mut cs_date,
            "order_validity",
            serde_json::json!({ "custom_expiration_date": "01 FEB 2027", "years": 1 }),
        );
        extra.push(("+cs_date".to_owned(), cs_date));
        out.extend(extra);
        out
    })
}

/// (base index, product, today) for every combination whose report is valid.
fn valid_pairs() -> &'static [(usize, &'static str, Date)] {
    static PAIRS: OnceLock<Vec<(usize, &'static str, Date)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut out = Vec::new();
        for (i, (name, base)) in bases().iter().enumerate() {
            let mut any = false;
            for product in PRODUCT_IDS {
                for today in TODAYS {
                    let today = Date::parse_iso(today).expect("date");
                    let options = Options::default().today(today);
                    if validate_json(product, base, &options).valid {
                        out.push((i, product, today));
                        any = true;
                    }
                }
            }
            assert!(any, "base {name} is valid for no product");
        }
        out
    })
}

// ---------------------------------------------------------------------------------------------
// What the field tables know: field names, enumerated values, integer bounds.

struct Catalog {
    names: Vec<&'static str>,
    strings: Vec<String>,
    ints: Vec<i64>,
}

fn walk_fields(fields: &'static [Field], names: &mut BTreeSet<&'static str>, c: &mut Catalog) {
    for f in fields {
        names.insert(f.name);
        walk_ty(&f.ty, names, c);
    }
}

fn walk_ty(ty: &'static Ty, names: &mut BTreeSet<&'static str>, c: &mut Catalog) {
    match ty {
        Ty::Str { min, max, .. } => {
            if *max <= 300 {
                c.strings.push("a".repeat(*max));
                c.strings.push("a".repeat(*max + 1));
            }
            c.strings.push("a".repeat(*min));
        }
        Ty::Int { .. } => {
            let (min, max) = ty.int_range().unwrap_or_default();
            c.ints.extend([min, max]);
            c.ints.extend(min.checked_sub(1));
            c.ints.extend(max.checked_add(1));
        }
        Ty::IntEnum(list) => c.ints.extend(list.iter().copied()),
        Ty::Enum(list) | Ty::OpenEnum(list, _) => {
            c.strings.extend(list.iter().map(|s| (*s).to_owned()))
        }
        Ty::Bool => {}
        Ty::Object(fields) => walk_fields(fields, names, c),
        Ty::List { item, .. } => walk_ty(item, names, c),
    }
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut c = Catalog {
            names: Vec::new(),
            strings: Vec::new(),
            ints: vec![
                0,
                -1,
                55,
                825,
                824,
                1095,
                1096,
                9_007_199_254_740_993,
                i64::MAX,
            ],
        };
        let mut names = BTreeSet::new();
        for &p in Product::ALL {
            walk_fields(order_fields(p), &mut names, &mut c);
        }
        c.names = names.into_iter().collect();
        c.strings.extend(
            [
                "",
                " ",
                "example.com",
                "*.example.com",
                "sub.*.example.com",
                "a_b.example.com",
                "xn--bcher-kva.example",
                "bücher.de",
                "1.2.3.4",
                "locke.cole@example.com",
                "a@localhost",
                "2027-02-01",
                "2028-11-20",
                "2026-02-29",
                "2024-02-29",
                "2026-11-22",
                "01 FEB 2027",
                "21 NOV 2029",
                "31 FEB 2027",
                "0123456789abcdef0123456789abcdef01234567",
                "Order42",
                "en",
                "zh_CN",
                "xx",
                "us",
                "cloud_hsm",
                "\u{0}certcentral-orders:NaN",
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----",
                "é",
                "😀",
            ]
            .map(str::to_owned),
        );
        c.strings
            .extend(CSRS.iter().map(|(_, pem)| (*pem).to_owned()));
        c.strings.sort();
        c.strings.dedup();
        c.ints.sort_unstable();
        c.ints.dedup();
        c
    })
}

// ---------------------------------------------------------------------------------------------
// Strategies.

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(catalog().names.clone()).prop_map(str::to_owned),
        2 => "[a-z_]{1,12}",
        1 => any::<String>(),
        1 => Just(String::new()),
    ]
}

fn leaf() -> impl Strategy<Value = J> {
    prop_oneof![
        2 => Just(J::Null),
        2 => any::<bool>().prop_map(J::Bool),
        3 => (-3i64..100).prop_map(J::from),
        3 => select(catalog().ints.clone()).prop_map(J::from),
        1 => any::<i64>().prop_map(J::from),
        1 => any::<u64>().prop_map(J::from),
        1 => any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(J::Number)),
        1 => select(vec![0.5, -0.0, 1.0, 2.5e-308, 1e300, 9_007_199_254_740_992.0, 2f64.powi(63), 55.0])
            .prop_filter_map("finite", |f| Number::from_f64(f).map(J::Number)),
        6 => select(catalog().strings.clone()).prop_map(J::String),
        3 => any::<String>().prop_map(J::String),
        2 => "[a-zA-Z0-9.*_@ -]{0,24}".prop_map(J::String),
    ]
}

/// Strings at the readers' limit, counted in bytes and in characters.
fn long_string() -> impl Strategy<Value = J> {
    prop_oneof![
        (MAX_STRING_LEN - 1..=MAX_STRING_LEN + 1).prop_map(|n| "a".repeat(n)),
        (MAX_STRING_LEN / 2..=MAX_STRING_LEN / 2 + 1).prop_map(|n| "é".repeat(n)),
        (MAX_STRING_LEN / 4..=MAX_STRING_LEN / 4 + 1).prop_map(|n| "😀".repeat(n)),
    ]
    .prop_map(J::String)
}

/// A list or object at the entry limit.
fn many_items() -> impl Strategy<Value = J> {
    (MAX_ITEMS..=MAX_ITEMS + 1, any::<bool>()).prop_map(|(n, list)| {
        if list {
            J::Array(vec![J::from(1); n])
        } else {
            J::Object((0..n).map(|i| (format!("k{i}"), J::from(i))).collect())
        }
    })
}

fn json_value() -> BoxedStrategy<J> {
    leaf()
        .prop_recursive(6, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
                prop::collection::vec((key(), inner), 0..6)
                    .prop_map(|kv| J::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// Wraps `v` in the given levels of lists (`None`) and objects (`Some(key)`), innermost last.
fn wrap(v: J, levels: &[Option<String>]) -> J {
    levels.iter().rev().fold(v, |v, level| match level {
        None => J::Array(vec![v]),
        Some(k) => J::Object(Map::from_iter([(k.clone(), v)])),
    })
}

/// Values nested around the depth limit.
fn nested() -> impl Strategy<Value = J> {
    (
        prop_oneof![leaf(), Just(J::Array(vec![])), Just(J::Object(Map::new()))],
        prop::collection::vec(prop::option::of(key()), MAX_DEPTH - 3..MAX_DEPTH + 4),
    )
        .prop_map(|(v, levels)| wrap(v, &levels))
}

/// Anything: mostly objects with known keys, sometimes values at the limits.
fn any_order() -> BoxedStrategy<J> {
    prop_oneof![
        4 => json_value(),
        4 => prop::collection::vec((key(), json_value()), 0..8)
            .prop_map(|kv| J::Object(kv.into_iter().collect())),
        2 => (key(), nested()).prop_map(|(k, v)| J::Object(Map::from_iter([(k, v)]))),
        1 => (key(), long_string()).prop_map(|(k, v)| J::Object(Map::from_iter([(k, v)]))),
        1 => (key(), many_items()).prop_map(|(k, v)| J::Object(Map::from_iter([(k, v)]))),
    ]
    .boxed()
}

fn product() -> impl Strategy<Value = String> {
    prop_oneof![
        10 => select(PRODUCT_IDS.to_vec()).prop_map(str::to_owned),
        1 => select(PRODUCT_IDS.to_vec()).prop_map(|p| p.to_uppercase()),
        1 => select(PRODUCT_IDS.to_vec()).prop_map(|p| format!(" {p}")),
        1 => any::<String>(),
        1 => Just(String::new()),
    ]
}

fn today() -> impl Strategy<Value = Options> {
    prop_oneof![
        select(TODAYS.to_vec()).prop_map(Date::parse_iso),
        // Any day from 0001-01-01 to 9999-12-31.
        (-719_162i64..=2_932_896).prop_map(|d| Some(Date::from_days_since_epoch(d))),
    ]
    .prop_map(|today| {
        let mut options = Options::default();
        options.today = today;
        options
    })
}

// ---------------------------------------------------------------------------------------------
// The report's contract.

/// The characters a message or a field's name shows escaped (src/report.rs, push_shown).
fn shown_escaped(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn join(path: &[PathSeg]) -> String {
    path.iter()
        .map(|s| match s {
            PathSeg::Key(k) => k.to_string(),
            PathSeg::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn resolve<'a>(v: &'a J, path: &[PathSeg]) -> Option<&'a J> {
    path.iter().try_fold(v, |v, seg| match (seg, v) {
        (PathSeg::Key(k), J::Object(map)) => map.get(k.as_ref()),
        (PathSeg::Index(i), J::Array(items)) => items.get(*i),
        _ => None,
    })
}

/// Checks everything a report promises; returns it for further checks.
fn sound_report(product: &str, order: &J, options: &Options) -> Result<Report, TestCaseError> {
    let report = validate_json(product, order, options);
    let errors = report.issues.iter().any(|i| i.severity == Severity::Error);
    prop_assert_eq!(
        report.valid,
        !errors,
        "valid disagrees with the issues: {:?}",
        report
    );
    prop_assert_eq!(
        report.errors().count() + report.warnings().count(),
        report.issues.len()
    );

    if Product::from_id(product).is_none() {
        prop_assert_eq!(report.issues.len(), 1, "unknown product: {:?}", report);
        prop_assert_eq!(report.issues[0].code, Code::UnknownProduct);
        prop_assert!(report.issues[0].path.is_empty());
    }
    for issue in &report.issues {
        // `field` is the path joined with dots; a key the order made up that is long or holds a
        // control character is shown there as messages show it (cut, escaped), and no message
        // or field holds a control character, whatever the order (a message is a log's line).
        let plain = issue.path.iter().all(|s| match s {
            PathSeg::Key(k) => k.chars().count() <= 60 && !k.chars().any(shown_escaped),
            PathSeg::Index(_) => true,
        });
        if plain {
            prop_assert_eq!(issue.field(), join(&issue.path));
        }
        for text in [issue.field(), issue.message.clone()] {
            prop_assert!(!text.chars().any(shown_escaped), "{:?}", text);
        }
        prop_assert!(
            !issue.message.trim().is_empty(),
            "empty message: {:?}",
            issue
        );
        prop_assert_eq!(
            issue.code == Code::UnknownProduct,
            Product::from_id(product).is_none(),
            "{:?}",
            issue
        );
        // The path names the field: its parent is an object or list of the order, and the field
        // itself is there, unless the issue is that it is missing.
        if let Some((_, parent)) = issue.path.split_last() {
            prop_assert!(
                matches!(resolve(order, parent), Some(J::Object(_) | J::Array(_))),
                "issue {} is not inside the order: {:?}",
                issue.field(),
                issue
            );
            let there = resolve(order, &issue.path).is_some();
            prop_assert_eq!(
                there,
                issue.code != Code::Required,
                "issue at {} ({:?}) but the field is {}",
                issue.field(),
                issue.code,
                if there { "there" } else { "missing" }
            );
        }
    }
    // Determinism.
    let again = validate_json(product, order, options);
    prop_assert_eq!(&again, &report, "a second run gave another report");

    // The crate's serializer (used for JS) agrees with serde_json.
    let ours = json::to_string(&report).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let ours: J = serde_json::from_str(&ours)
        .map_err(|e| TestCaseError::fail(format!("json::to_string wrote bad JSON: {e}")))?;
    let theirs = serde_json::to_value(&report).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&ours, &theirs);
    for issue in theirs["issues"].as_array().into_iter().flatten() {
        let path = issue["path"].as_array().cloned().unwrap_or_default();
        let from_path = path
            .iter()
            .map(|s| match s {
                J::String(k) => k.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".");
        // A made-up key that is long or holds a control character is shown, not copied.
        let plain = path.iter().all(|s| match s {
            J::String(k) => k.chars().count() <= 60 && !k.chars().any(shown_escaped),
            _ => true,
        });
        if plain {
            prop_assert_eq!(issue["field"].as_str(), Some(from_path.as_str()));
        }
    }
    Ok(report)
}

/// `cases` per property, or `PROPTEST_CASES` for a longer run.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_value_any_product_gets_a_sound_report(
        product in product(),
        order in any_order(),
        options in today(),
    ) {
        sound_report(&product, &order, &options)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Changing one field of a valid example.

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    K(String),
    I(usize),
}

#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the value at the path.
    Replace(Vec<Seg>, J),
    /// Remove the object entry at the path.
    Delete(Vec<Seg>),
    /// Add an entry no field table knows to the object at the path.
    Add(Vec<Seg>, String, J),
}

impl Mutation {
    /// The field the mutation changes.
    fn path(&self) -> Vec<Seg> {
        match self {
            Mutation::Replace(p, _) | Mutation::Delete(p) => p.clone(),
            Mutation::Add(p, k, _) => p.iter().cloned().chain([Seg::K(k.clone())]).collect(),
        }
    }

    fn apply(&self, order: &mut J) {
        fn at<'a>(v: &'a mut J, path: &[Seg]) -> &'a mut J {
            path.iter().fold(v, |v, seg| match (seg, v) {
                (Seg::K(k), J::Object(map)) => map.get_mut(k).expect("key"),
                (Seg::I(i), J::Array(items)) => &mut items[*i],
                _ => panic!("bad path"),
            })
        }
        match self {
            Mutation::Replace(p, value) => *at(order, p) = value.clone(),
            Mutation::Delete(p) => {
                let (Some(Seg::K(k)), parent) = (p.last(), &p[..p.len() - 1]) else {
                    panic!("delete needs a key");
                };
                if let J::Object(map) = at(order, parent) {
                    map.remove(k);
                }
            }
            Mutation::Add(p, k, value) => {
                if let J::Object(map) = at(order, p) {
                    map.insert(k.clone(), value.clone());
                }
            }
        }
    }
}

/// Every node's path (not the root's), and every object's path (the root's too).
fn paths(v: &J, here: &mut Vec<Seg>, nodes: &mut Vec<Vec<Seg>>, objects: &mut Vec<Vec<Seg>>) {
    match v {
        J::Object(map) => {
            objects.push(here.clone());
            for (k, child) in map {
                here.push(Seg::K(k.clone()));
                nodes.push(here.clone());
                paths(child, here, nodes, objects);
                here.pop();
            }
        }
        J::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                here.push(Seg::I(i));
                nodes.push(here.clone());
                paths(child, here, nodes, objects);
                here.pop();
            }
        }
        _ => {}
    }
}

fn segs_of(dotted: &str) -> Vec<String> {
    dotted.split('.').map(str::to_owned).collect()
}

fn seg_strings(path: &[Seg]) -> Vec<String> {
    path.iter()
        .map(|s| match s {
            Seg::K(k) => k.clone(),
            Seg::I(i) => i.to_string(),
        })
        .collect()
}

fn issue_strings(path: &[PathSeg]) -> Vec<String> {
    path.iter()
        .map(|s| match s {
            PathSeg::Key(k) => k.to_string(),
            PathSeg::Index(i) => i.to_string(),
        })
        .collect()
}

fn under(path: &[String], prefix: &[String]) -> bool {
    path.len() >= prefix.len() && path[..prefix.len()] == *prefix
}

/// Whether the change at `changed` may bring an issue with `code` and `severity` at `issue`,
/// away from the changed field: some rule of the registry for this product reads a field at,
/// above or under the change, and declares that code and severity at or above the issue's
/// path. Derived from the declarations (RULES.md), so a new rule needs no entry here; a debug
/// build also checks every issue against its rule's declaration.
fn related(
    product: Product,
    changed: &[String],
    issue: &[String],
    code: Code,
    severity: Severity,
) -> bool {
    registry::rules_for(product).any(|r| {
        r.reads.iter().any(|t| {
            let t = segs_of(t);
            under(changed, &t) || under(&t, changed)
        }) && r
            .reports
            .iter()
            .any(|d| d.code == code && d.severity == severity && under(issue, &segs_of(d.at)))
    })
}

type IssueKey = (Vec<String>, Code, Severity);

fn keys(report: &Report) -> Vec<IssueKey> {
    report
        .issues
        .iter()
        .map(|i| (issue_strings(&i.path), i.code, i.severity))
        .collect()
}

fn one_mutation() -> impl Strategy<Value = (usize, Mutation)> {
    let pairs = valid_pairs().len();
    (
        0..pairs,
        0u8..3,
        any::<Index>(),
        prop_oneof![4 => json_value(), 1 => nested(), 1 => long_string()],
        "[a-z]{0,3}_?[A-Za-z0-9_ .-]{0,10}",
    )
        .prop_map(|(pair, kind, pick, value, new_key)| {
            let (base, _, _) = valid_pairs()[pair];
            let order = &bases()[base].1;
            let (mut nodes, mut objects) = (Vec::new(), Vec::new());
            paths(order, &mut Vec::new(), &mut nodes, &mut objects);
            let keyed: Vec<Vec<Seg>> = nodes
                .iter()
                .filter(|p| matches!(p.last(), Some(Seg::K(_))))
                .cloned()
                .collect();
            let known: BTreeSet<&str> = catalog().names.iter().copied().collect();
            let new_key = if known.contains(new_key.as_str()) {
                format!("{new_key}_x")
            } else {
                new_key
            };
            let m = match kind {
                0 => Mutation::Replace(pick.get(&nodes).clone(), value),
                1 => Mutation::Delete(pick.get(&keyed).clone()),
                _ => Mutation::Add(pick.get(&objects).clone(), new_key, value),
            };
            (pair, m)
        })
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn changing_one_field_brings_issues_only_there_or_at_related_fields(
        (pair, mutation) in one_mutation()
    ) {
        let (base, product, today) = valid_pairs()[pair];
        let (name, order) = &bases()[base];
        let options = Options::default().today(today);
        let before = sound_report(product, order, &options)?;
        let mut changed = order.clone();
        mutation.apply(&mut changed);
        let after = sound_report(product, &changed, &options)?;

        let mut old = keys(&before);
        let product_id = Product::from_id(product).expect("product");
        let at = seg_strings(&mutation.path());
        for key in keys(&after) {
            if let Some(i) = old.iter().position(|k| *k == key) {
                old.swap_remove(i);
                continue;
            }
            let (path, code, severity) = key;
            prop_assert!(
                under(&path, &at) || related(product_id, &at, &path, code, severity),
                "{name} as {product} (today {today}): changing {} brought {:?} {:?} at {}\nmutation: {:?}\nreport: {:#?}",
                at.join("."), severity, code, path.join("."),
                mutation, after.issues
            );
        }
    }
}

#[test]
fn every_example_is_valid_somewhere() {
    // valid_pairs() asserts that each base is valid for at least one product and day.
    let pairs = valid_pairs();
    assert!(
        pairs.len() >= 20,
        "only {} valid (base, product, day) pairs",
        pairs.len()
    );
}

// ---------------------------------------------------------------------------------------------
// JSON text.

fn has_unreadable(v: &Value) -> bool {
    match v {
        Value::Unreadable(_) => true,
        Value::Array(items) => items.iter().any(has_unreadable),
        Value::Object(fields) => fields.iter().any(|(_, v)| has_unreadable(v)),
        _ => false,
    }
}

/// JSON text, sometimes damaged: a cut, a splice of punctuation, a duplicated run.
fn json_text() -> impl Strategy<Value = String> {
    let edit = (
        0u8..4,
        any::<Index>(),
        any::<Index>(),
        select(vec![
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\\",
            "\\u",
            "\\ud83d",
            "\\udc00",
            "-",
            "0",
            "1e",
            ".5",
            "e999",
            "null",
            "tru",
            " ",
            "\u{1}",
            "\u{0}certcentral-orders:",
        ]),
    );
    (
        prop_oneof![any_order(), json_value()],
        any::<bool>(),
        prop::collection::vec(edit, 0..3),
    )
        .prop_map(|(v, pretty, edits)| {
            let mut text = if pretty {
                serde_json::to_string_pretty(&v)
            } else {
                serde_json::to_string(&v)
            }
            .unwrap_or_default();
            for (kind, a, b, piece) in edits {
                let bounds: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                let (x, y) = (*a.get(&bounds), *b.get(&bounds));
                let (lo, hi) = (x.min(y), x.max(y));
                // At most `n` bytes from `lo`, ending on a character boundary.
                let end = |n: usize| {
                    (lo..=hi.min(lo + n))
                        .rev()
                        .find(|i| text.is_char_boundary(*i))
                        .unwrap_or(lo)
                };
                match kind {
                    0 => text.truncate(lo),
                    1 => text.insert_str(lo, piece),
                    2 => text.replace_range(lo..end(8), ""),
                    _ => {
                        let run = text[lo..end(16)].to_owned();
                        text.insert_str(lo, &run);
                    }
                }
            }
            text
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn body_readers_never_panic(text in any::<String>()) {
        let _ = transport::parse_error_body(&text);
        let _ = transport::decode_order_response(&text);
    }

    #[test]
    fn body_readers_never_panic_on_json_text(text in json_text()) {
        let _ = transport::parse_error_body(&text);
        let _ = transport::decode_order_response(&text);
    }

    /// `json::to_string` writes what serde_json writes, for the other things the crate sends to
    /// JS: errors built from any body, decoded responses, the product list.
    #[test]
    fn serializer_agrees_with_serde_json(
        status in prop_oneof![Just(429u16), 400u16..600],
        errors in prop::collection::vec((any::<String>(), any::<String>()), 0..4),
        junk in any::<String>(),
        as_body in any::<bool>(),
    ) {
        let body = if as_body {
            let list: Vec<J> = errors
                .iter()
                .map(|(c, m)| serde_json::json!({ "code": c, "message": m }))
                .collect();
            serde_json::json!({ "errors": list }).to_string()
        } else {
            junk
        };
        let err = ClientError::from_status(status, &body);
        if as_body {
            prop_assert_eq!(err.errors.len(), errors.len());
        }
        let ours: J = serde_json::from_str(&json::to_string(&err).map_err(|e| TestCaseError::fail(e.to_string()))?)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(ours, serde_json::to_value(&err).map_err(|e| TestCaseError::fail(e.to_string()))?);
        let list = json::to_string(&products()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(
            serde_json::from_str::<J>(&list).ok(),
            serde_json::to_value(products()).ok()
        );
    }

    /// Every documented 201 shape, with any ids, statuses and certificates, decodes to what it
    /// says, and the decoded response is written back as serde_json would.
    #[test]
    fn documented_201_bodies_decode(
        id in 0u64..=(1 << 53),
        org in prop::option::of(0u64..=(1 << 53)),
        requests in prop::option::of(prop::collection::vec((0u64..=(1 << 53), prop_oneof![
            select(vec!["pending", "submitted", "approved", "rejected"]).prop_map(str::to_owned),
            any::<String>(),
        ]), 0..3)),
        certificate_id in prop::option::of(0u64..=(1 << 53)),
        chain in prop::option::of(prop::collection::vec((any::<String>(), any::<String>()), 0..3)),
        extra in prop::option::of((key(), json_value())),
    ) {
        let mut body = Map::new();
        body.insert("id".into(), J::from(id));
        if let Some(o) = org { body.insert("organization".into(), serde_json::json!({ "id": o })); }
        if let Some(r) = &requests {
            body.insert("requests".into(), r.iter().map(|(i, s)| serde_json::json!({ "id": i, "status": s })).collect());
        }
        if let Some(c) = certificate_id { body.insert("certificate_id".into(), J::from(c)); }
        if let Some(ch) = &chain {
            body.insert("certificate_chain".into(), ch.iter().map(|(n, p)| serde_json::json!({ "subject_common_name": n, "pem": p })).collect());
        }
        if let Some((k, v)) = extra {
            if !["id", "organization", "requests", "certificate_id", "certificate_chain"].contains(&k.as_str()) {
                body.insert(k, v);
            }
        }
        let text = J::Object(body).to_string();
        let decoded = transport::decode_order_response(&text)
            .map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert_eq!(decoded.id, id);
        prop_assert_eq!(decoded.organization.as_ref().map(|o| o.id), org);
        prop_assert_eq!(decoded.certificate_id, certificate_id);
        prop_assert_eq!(
            decoded.requests.as_ref().map(|r| r.iter().map(|q| (q.id, q.status.as_str().to_owned())).collect::<Vec<_>>()),
            requests
        );
        prop_assert_eq!(
            decoded.certificate_chain.as_ref().map(|c| c.iter().map(|x| (x.subject_common_name.clone(), x.pem.clone())).collect::<Vec<_>>()),
            chain
        );
        let ours: J = serde_json::from_str(&json::to_string(&decoded).map_err(|e| TestCaseError::fail(e.to_string()))?)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(ours, serde_json::to_value(&decoded).map_err(|e| TestCaseError::fail(e.to_string()))?);
    }
}

// ---------------------------------------------------------------------------------------------
// Dates.

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// The oracle: the Gregorian days-in-month table.
fn real_date(y: i64, m: i64, d: i64) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
}

/// The day after `d`, by the table alone.
fn next_day(d: Date) -> Date {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let (year, month, day) = if real_date(y, m, day + 1) {
        (d.year(), d.month(), d.day() + 1)
    } else if m < 12 {
        (d.year(), d.month() + 1, 1)
    } else {
        (d.year() + 1, 1, 1)
    };
    Date::new(year, month, day).expect("the table's next day is a real date")
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn iso_dates_parse_exactly_when_real(y in -5i64..10_005, m in -1i64..15, d in -1i64..34) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        let parsed = Date::parse_iso(&text);
        prop_assert_eq!(parsed.is_some(), real_date(y, m, d), "{}", text);
        if let Some(date) = parsed {
            prop_assert_eq!((i64::from(date.year()), i64::from(date.month()), i64::from(date.day())), (y, m, d));
            prop_assert_eq!(date.to_string(), text);
            prop_assert_eq!(Date::new(date.year(), date.month(), date.day()), Some(date));
        }
    }

    #[test]
    fn dd_mmm_yyyy_dates_parse_exactly_when_real(
        y in -5i64..10_005,
        m in 1usize..=12,
        d in -1i64..34,
        lower in any::<bool>(),
    ) {
        let mon = if lower { MONTHS[m - 1].to_lowercase() } else { MONTHS[m - 1].to_owned() };
        let text = format!("{d:02} {mon} {y:04}");
        let parsed = Date::parse_dd_mmm_yyyy(&text);
        prop_assert_eq!(parsed.is_some(), real_date(y, m as i64, d), "{}", text);
        if let Some(date) = parsed {
            prop_assert_eq!((i64::from(date.year()), date.month() as usize, i64::from(date.day())), (y, m, d));
        }
    }

    #[test]
    fn date_parsers_never_panic(text in prop_oneof![
        any::<String>(),
        "[0-9٣-]{8,12}",
        "[0-9]{2} [A-Za-zé]{3} [0-9]{4}",
    ]) {
        if let Some(d) = Date::parse_iso(&text) {
            prop_assert_eq!(d.to_string(), text.clone());
        }
        if let Some(d) = Date::parse_dd_mmm_yyyy(&text) {
            prop_assert_eq!(Date::new(d.year(), d.month(), d.day()), Some(d));
        }
    }

    #[test]
    fn days_since_epoch_round_trips(days in -719_162i64..=2_932_896) {
        // 0001-01-01 ..= 9999-12-31
        let date = Date::from_days_since_epoch(days);
        prop_assert!(real_date(i64::from(date.year()), i64::from(date.month()), i64::from(date.day())), "{:?}", date);
        prop_assert_eq!(date.days_since_epoch(), days);
        prop_assert_eq!(Date::from_days_since_epoch(days + 1), next_day(date));
        prop_assert_eq!(date.add_days(1), next_day(date));
        prop_assert!(date < Date::from_days_since_epoch(days + 1));
        if let Some(parsed) = Date::parse_iso(&date.to_string()) {
            prop_assert_eq!(parsed, date);
        } else {
            prop_assert!(false, "{} does not parse", date);
        }
    }

    #[test]
    fn dates_round_trip_through_days(y in 1i32..=9999, m in 1u8..=12, d in 1u8..=31) {
        prop_assume!(real_date(i64::from(y), i64::from(m), i64::from(d)));
        let date = Date::new(y, m, d).expect("real_date agrees");
        prop_assert_eq!(Date::from_days_since_epoch(date.days_since_epoch()), date);
    }

    #[test]
    fn retry_after_seconds_and_dates(
        secs in prop_oneof![0u64..200, any::<u64>()],
        days in 0i64..40_000,
        h in 0u32..24, mi in 0u32..60, s in 0u32..61,
        ahead in -100_000i64..200_000,
        junk in any::<String>(),
    ) {
        prop_assert_eq!(
            transport::parse_retry_after(&format!(" {secs} "), 0.0),
            Some(secs.saturating_mul(1000))
        );
        // IMF-fixdate; the weekday is not checked.
        let date = Date::from_days_since_epoch(days);
        let text = format!(
            "Sun, {:02} {} {:04} {h:02}:{mi:02}:{s:02} GMT",
            date.day(), MONTHS[usize::from(date.month()) - 1], date.year()
        );
        let at = (days * 86_400 + i64::from(h * 3600 + mi * 60 + s)) * 1000;
        let now = (at - ahead) as f64;
        let expected = ahead.max(0) as u64;
        prop_assert_eq!(transport::parse_retry_after(&text, now), Some(expected), "{}", text);
        // Whatever the header, a retry never comes sooner than asked, nor later than a call
        // waits: a longer wait ends the call.
        let asked = transport::parse_retry_after(&junk, now);
        let status = transport::Outcome::Status { status: 429, retry_after: Some(junk.clone()) };
        match (asked, transport::retry_delay(&status, 0, 2, false, 0.5, now)) {
            (Some(ms), Some(delay)) => prop_assert!(ms <= transport::MAX_RETRY_AFTER_MS && delay == ms),
            (Some(ms), None) => prop_assert!(ms > transport::MAX_RETRY_AFTER_MS),
            (None, delay) => prop_assert!(delay.is_some_and(|d| d <= transport::BACKOFF_MAX_MS)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// DNS names, e-mail addresses, CSRs.

/// A letter-digit-hyphen label of 1-63 characters.
fn label() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
}

/// A valid public DNS name: 2+ LDH labels, a last label not all digits, at most 253 characters.
fn dns_name() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(label(), 1..5),
        "[a-z][a-z0-9-]{0,10}[a-z0-9]",
    )
        .prop_map(|(labels, tld)| {
            let mut name = labels.join(".");
            while name.len() + 1 + tld.len() > 253 {
                let cut = name.rfind('.').unwrap_or(0);
                name.truncate(cut.max(1));
                if name.ends_with('-') {
                    name.pop();
                    name.push('a');
                }
            }
            format!("{name}.{tld}")
        })
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn generated_ldh_names_are_dns_names(name in dns_name(), local in "[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,20}") {
        prop_assert_eq!(formats::dns_name(&name), Ok(false), "{}", name);
        let wild = format!("*.{name}");
        let fits = if wild.len() <= 253 { Ok(true) } else { Err(formats::DnsError::TooLong) };
        prop_assert_eq!(formats::dns_name(&wild), fits, "{}", wild);
        let address = format!("{local}@{name}");
        prop_assert_eq!(formats::email(&address), address.len() <= 254, "{}", address);
        let wild_address = format!("{local}@*.{name}");
        prop_assert!(!formats::email(&wild_address));
    }

    #[test]
    fn format_checks_never_panic(text in prop_oneof![
        any::<String>(),
        "[a-z0-9.*_-]{0,80}",
        "[a-z.]{0,10}@[a-z0-9.*_-]{0,30}",
        "-----BEGIN (NEW )?CERTIFICATE REQUEST-----[A-Za-z0-9+/= \n]{0,200}-----END (NEW )?CERTIFICATE REQUEST-----",
    ]) {
        match formats::dns_name(&text) {
            Ok(wild) => {
                prop_assert!(text.is_ascii() && text.len() <= 253 && !text.is_empty());
                prop_assert_eq!(wild, text.starts_with("*."));
                let rest = text.strip_prefix("*.").unwrap_or(&text);
                prop_assert!(rest.split('.').count() >= 2);
                for l in rest.split('.') {
                    prop_assert!(!l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'));
                    prop_assert!(l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
                }
            }
            Err(e) => prop_assert!(!e.reason().is_empty()),
        }
        if formats::email(&text) {
            let (local, domain) = text.split_once('@').unwrap_or_default();
            prop_assert!(!local.is_empty() && !domain.contains('@'));
            prop_assert_eq!(formats::dns_name(domain), Ok(false));
        }
        let _ = csr::parse(&text);
    }

    /// The fixtures parse to their keys however their lines are wrapped or padded.
    #[test]
    fn csr_fixtures_parse_through_whitespace(which in 0usize..5, pad in "[ \t\r\n]{0,3}", wrap in 1usize..100) {
        let pem = CSRS[which].1;
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let wrapped: Vec<String> = body.as_bytes().chunks(wrap).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        let text = format!(
            "{pad}-----BEGIN CERTIFICATE REQUEST-----\n{}\n-----END CERTIFICATE REQUEST-----{pad}",
            wrapped.join("\n")
        );
        let expected = [
            csr::CsrKey::Rsa(2048), csr::CsrKey::Rsa(3072), csr::CsrKey::Rsa(4096),
            csr::CsrKey::Ec(256), csr::CsrKey::Ec(384),
        ][which];
        prop_assert_eq!(csr::parse(&text), Ok(expected));
        prop_assert_eq!(csr::parse(pem), Ok(expected));
    }
}

#[test]
fn depth_and_unreadable_helpers_agree() {
    // Sanity of the helpers above: a value cut off at the limit is Unreadable.
    let deep = wrap(J::from(1), &vec![None; 200]);
    assert!(has_unreadable(&Value::from_json(&deep)));
    assert!(!matches!(
        Value::from_json(&J::from(1)),
        Value::Unreadable(Unreadable::TooDeep)
    ));
}
