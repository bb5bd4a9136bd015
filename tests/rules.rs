//! The rule registry: the list of ids (stable: changing one is an edit of `IDS` below), that every
//! declaration names fields its products' tables have, that every rule is seen at work in the
//! case table, and RULES.md, the rule reference generated from the registry (rewrite it with
//! `UPDATE_RULES_MD=1 cargo test --test rules`).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/cases.rs"]
mod cases;
#[path = "support/generated.rs"]
mod generated;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use certcentral_orders::internals::rules::registry::{self, Applies, FIELD_RULES};
use certcentral_orders::internals::rules::{order_fields, Field, Req, Ty};
use certcentral_orders::{validate_json, Date, Family, Options, Product, Report};

/// Every rule id, in the registry's order. Ids are part of the contract (`Issue.rule` in Rust and
/// JavaScript): add to this list, never rename or remove without a deliberate edit here.
const IDS: &[&str] = &[
    "product.unknown",
    "field.required",
    "field.type",
    "field.enum",
    "field.known_value",
    "field.range",
    "field.length",
    "field.format",
    "field.unknown",
    "field.deprecated",
    "field.limits",
    "order.readable",
    "options.type",
    "options.today",
    "code_signing.validity.required",
    "code_signing.validity.deprecated_conflict",
    "code_signing.validity.years_required",
    "code_signing.validity.expiration_date",
    "code_signing.validity.lifetime_policy",
    "code_signing.provisioning.required_for_ev",
    "code_signing.server_platform.required",
    "code_signing.csr.required_for_sun_java",
    "code_signing.csr.required_for_hsm",
    "code_signing.ship_info.needs_ship_token",
    "code_signing.csr.key_size",
    "code_signing.subject.ignored_on_ev",
    "client.validity.years_required",
    "client.validity.expiration_date",
    "client.csr.key",
    "client.csr.emails",
    "ssl.names.wildcard_not_allowed",
    "ssl.names.count",
    "ssl.validity.years_required",
    "ssl.validity.order_years_required",
    "ssl.validity.both_forms",
    "ssl.validity.expiration_date",
    "ssl.validity.lifetime_policy",
    "ssl.validity.multi_year_plan",
    "ssl.validity.cert_validity_cap",
    "ssl.eku.client_auth_cutoff",
    "ssl.dcv.http_token_wildcard",
    "ssl.csr.key",
    "ssl.csr.names",
    "secure_email.common_name.indicator_required",
    "secure_email.common_name.ignored_on_mailbox",
    "secure_email.individual.required",
    "secure_email.individual.names",
    "secure_email.individual.unused",
    "secure_email.organization.required",
    "secure_email.profile.omitted",
    "secure_email.usage.strict_forbids",
    "secure_email.validity.max_days",
    "secure_email.csr.key",
    "product.retired",
    "organization.id_or_details",
    "organization.required",
    "organization.new_details_required",
    "order.auto_renew.card",
];

#[test]
fn rule_ids_are_the_listed_ones() {
    assert_eq!(registry::rule_ids(), IDS);
    for id in IDS {
        assert!(
            id.split('.').count() >= 2
                && id.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'_'
                    || b == b'.'),
            "{id}: ids are dotted lower_snake_case"
        );
    }
}

/// The table entry at a dotted path (list items are looked through).
fn table_field(table: &'static [Field], path: &str) -> Option<&'static Field> {
    let mut fields = table;
    let mut found = None;
    for step in path.split('.') {
        let f = fields.iter().find(|f| f.name == step)?;
        found = Some(f);
        let mut ty = &f.ty;
        while let Ty::List { item, .. } = ty {
            ty = item;
        }
        fields = match ty {
            Ty::Object(inner) => inner,
            _ => &[],
        };
    }
    found
}

fn products_of(applies: Applies) -> Vec<Product> {
    Product::ALL
        .iter()
        .copied()
        .filter(|p| applies.includes(*p))
        .collect()
}

#[test]
fn declarations_name_fields_of_their_products_tables() {
    for rule in registry::rules() {
        let products = products_of(rule.applies);
        assert!(!products.is_empty(), "{}: applies to no product", rule.id);
        // A family's file holds rules of its own products only (orderFields looks there).
        let family = rule.id.split('.').next().unwrap_or_default();
        let own = |p: &Product| match family {
            "code_signing" => p.family() == Family::CodeSigning,
            "client" => p.family() == Family::Client,
            "ssl" => p.family() == Family::Ssl,
            "secure_email" => p.family() == Family::SecureEmail,
            _ => true,
        };
        assert!(
            products.iter().all(own),
            "{}: applies outside its family",
            rule.id
        );
        assert!(!rule.reports.is_empty(), "{}: reports nothing", rule.id);
        assert!(!rule.source.is_empty(), "{}: no source", rule.id);
        for p in &products {
            let table = order_fields(*p);
            let paths = rule
                .reads
                .iter()
                .chain(rule.reports.iter().map(|r| &r.at))
                .chain(rule.requires.iter().map(|r| &r.field))
                .chain(rule.hides);
            // "" is the order itself (a rule about the product, not a field).
            for path in paths.filter(|p| !p.is_empty()) {
                assert!(
                    table_field(table, path).is_some(),
                    "{}: {path} is not a field of {p:?}",
                    rule.id
                );
            }
            let hiding = registry::rules_for(*p)
                .filter(|r| !r.hides.is_empty())
                .count();
            assert!(hiding <= 1, "{p:?}: more than one rule hides fields");
            for hidden in rule.hides {
                assert!(
                    !hidden.contains('.'),
                    "{}: hides names top-level fields only",
                    rule.id
                );
            }
            for r in rule.requires {
                let req = table_field(table, r.field).map(|f| f.req);
                assert_eq!(
                    req,
                    Some(Req::Cond),
                    "{}: {} must be marked Req::Cond in the table, so the walker leaves it to the rule",
                    rule.id,
                    r.field
                );
            }
        }
    }
}

/// Every conditional field of a table is required by some rule of its family: the condition is
/// written once, in the registry.
#[test]
fn every_conditional_field_has_its_rule() {
    fn walk(table: &'static [Field], parent: &str, out: &mut Vec<String>) {
        for f in table {
            let path = if parent.is_empty() {
                f.name.to_owned()
            } else {
                format!("{parent}.{}", f.name)
            };
            if f.req == Req::Cond {
                out.push(path.clone());
            }
            if let Ty::Object(inner) = f.ty {
                walk(inner, &path, out);
            }
        }
    }
    for family in [
        Family::CodeSigning,
        Family::Client,
        Family::Ssl,
        Family::SecureEmail,
    ] {
        let products: Vec<Product> = Product::ALL
            .iter()
            .copied()
            .filter(|p| p.family() == family)
            .collect();
        let mut conditional = Vec::new();
        walk(order_fields(products[0]), "", &mut conditional);
        for path in conditional {
            let ruled = products.iter().any(|p| {
                registry::rules_for(*p).any(|r| r.requires.iter().any(|q| q.field == path))
            });
            assert!(
                ruled,
                "{family:?}: {path} is conditional, but no rule requires it"
            );
        }
    }
}

fn report_of(case: &cases::Case) -> Report {
    let mut options = Options::default();
    options.today = Date::parse_iso(&case.today);
    validate_json(&case.product_str(), &case.order, &options)
}

/// The first message each rule gives in the case table (its cases run in file order), and fixed
/// examples for the rules the table does not reach: a model serde cannot write, an order nested
/// past the readers' depth and a call's unusable options.
fn examples() -> BTreeMap<&'static str, String> {
    let mut out = BTreeMap::new();
    for case in cases::load() {
        for issue in report_of(&case).issues {
            out.entry(issue.rule).or_insert(issue.message);
        }
    }
    struct Unserializable;
    impl serde::Serialize for Unserializable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("key must be a string"))
        }
    }
    let report =
        certcentral_orders::validate_model("ssl_securesite", &Unserializable, &Options::default());
    let mut deep = serde_json::json!("x");
    for _ in 0..40 {
        deep = serde_json::json!([deep]);
    }
    let too_deep = validate_json(
        "ssl_securesite",
        &serde_json::json!({ "nested": deep }),
        &Options::default(),
    );
    use certcentral_orders::internals::rules::{options_of, OptionsArg};
    let options = [
        OptionsArg::Today(Some("2026-02-30")),
        OptionsArg::NotAnObject,
    ];
    let options = options.into_iter().filter_map(|o| options_of(o).err());
    for issue in report
        .issues
        .into_iter()
        .chain(too_deep.issues)
        .chain(options)
    {
        out.entry(issue.rule).or_insert(issue.message);
    }
    out
}

#[test]
fn every_rule_is_seen_at_work_in_the_case_table() {
    let examples = examples();
    let missing: Vec<&&str> = IDS
        .iter()
        .filter(|id| !examples.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "no case shows these rules: {missing:?}");
}

#[test]
fn issues_match_their_rules_declaration() {
    for case in cases::load() {
        for issue in report_of(&case).issues {
            if let Some(f) = FIELD_RULES.iter().find(|r| r.id == issue.rule) {
                assert_eq!(
                    (f.code, f.severity),
                    (issue.code, issue.severity),
                    "{}: {}",
                    case.name,
                    issue.rule
                );
                continue;
            }
            let rule = registry::rules().find(|r| r.id == issue.rule);
            let Some(rule) = rule else {
                panic!("{}: issue with unknown rule {:?}", case.name, issue.rule);
            };
            let product = Product::from_id(&case.product_str()).expect("a known product");
            assert!(rule.applies.includes(product), "{}: {}", case.name, rule.id);
            assert!(
                rule.reports.iter().any(|d| d.code == issue.code
                    && d.severity == issue.severity
                    && registry::at_or_under(&issue.path, d.at)),
                "{}: {} reported {:?} at {}, not as declared",
                case.name,
                rule.id,
                issue.code,
                issue.field()
            );
        }
    }
}

fn applies_text(applies: Applies) -> String {
    let ids = |ps: &[Product]| {
        ps.iter()
            .map(|p| format!("`{}`", p.id()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let family = |f: Family| match f {
        Family::CodeSigning => "code signing",
        Family::Client => "client",
        Family::Ssl => "Secure Site SSL",
        Family::SecureEmail => "Secure Email",
        other => panic!("{other:?}: name the family here"),
    };
    match applies {
        Applies::All => "all".to_owned(),
        Applies::Family(f) => format!("all {}", family(f)),
        Applies::FamilyExcept(f, not) => format!("all {} except {}", family(f), ids(not)),
        Applies::Only(ps) => ids(ps),
    }
}

fn severity_text(s: certcentral_orders::Severity) -> &'static str {
    match s {
        certcentral_orders::Severity::Error => "error",
        certcentral_orders::Severity::Warning => "warning",
    }
}

fn code_text(c: certcentral_orders::Code) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn rules_md() -> String {
    let examples = examples();
    let example = |id: &str| examples.get(id).map(|m| cell(m)).unwrap_or_default();
    let mut md = String::new();
    md.push_str("# Rules\n\n");
    md.push_str("<!-- generated from src/rules/registry.rs and the family files by tests/rules.rs, do not edit: UPDATE_RULES_MD=1 cargo test --test rules -->\n\n");
    md.push_str("Every issue `validateOrder` (JavaScript) or `validate` (Rust) reports carries the id of the rule that\nreported it in `rule`. Ids are stable. The example messages are produced by running each rule on\nthe case table (`tests/cases/`).\n\n");
    md.push_str("## Field rules\n\nThe checks of every field against its product's table (`orderFields(product)` describes the\ntables): the table says which field, the id which check.\n\n");
    md.push_str(
        "| id | code | severity | what | source | example message |\n|---|---|---|---|---|---|\n",
    );
    for r in FIELD_RULES {
        let _ = writeln!(
            md,
            "| `{}` | `{}` | {} | {} | {} | {} |",
            r.id,
            code_text(r.code),
            severity_text(r.severity),
            cell(r.what),
            cell(r.source),
            example(r.id)
        );
    }
    md.push_str("\n## Cross-field rules\n\nRules that tie fields together. `reads` are the fields whose values decide; `reports` says\nwhere an issue goes (at the field or under it), with which code and severity. Where a rule\nmakes a field required, `orderFields` shows its condition as `requiredWhen`.\n\n");
    md.push_str("| id | products | reads | reports | required when | source | example message |\n|---|---|---|---|---|---|---|\n");
    for r in registry::rules() {
        let reads = r
            .reads
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let reports = r
            .reports
            .iter()
            .map(|d| {
                format!(
                    "`{}` {} at `{}`",
                    code_text(d.code),
                    severity_text(d.severity),
                    d.at
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let requires = r
            .requires
            .iter()
            .map(|q| match q.when {
                Some(w) => format!("`{}` {w}", q.field),
                None => format!("`{}` always", q.field),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            r.id,
            applies_text(r.applies),
            reads,
            reports,
            cell(&requires),
            cell(r.source),
            example(r.id)
        );
    }
    md
}

#[test]
fn rules_md_is_current() {
    generated::check("RULES.md", &rules_md(), "UPDATE_RULES_MD", "rules");
}

/// The README's list of issue codes names every `Code` (issue #20: "every issue code"), so a
/// new code cannot ship undocumented.
#[test]
fn readme_lists_every_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let codes = readme
        .split_once("Codes: ")
        .map(|(_, rest)| rest.split("\n\n").next().unwrap_or_default())
        .expect("the README has a \"Codes: \" paragraph");
    for code in certcentral_orders::Code::ALL {
        let name = serde_json::to_value(code).expect("a code serializes");
        let name = name.as_str().expect("as a string");
        assert!(
            codes.contains(&format!("`{name}`")),
            "README's codes lack `{name}`"
        );
    }
}
