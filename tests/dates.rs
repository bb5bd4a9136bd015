//! Every date of the dates table (src/rules/dates.rs) matters: for each entry, an order that the
//! fact concerns gets a different report on the day before and on the day itself, and the
//! difference is the fact's own rule. A new fact needs a probe here (the match is exhaustive).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/cases.rs"]
mod cases;

use certcentral_orders::internals::rules::dates::{Fact, DATED};
use certcentral_orders::{validate_json, Date, Options, Report};
use serde_json::{json, Value as J};

fn base(name: &str) -> J {
    cases::bases()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, order)| order)
        .unwrap_or_else(|| panic!("no base {name}"))
}

fn with(mut order: J, key: &str, value: J) -> J {
    order[key] = value;
    order
}

/// An order the fact concerns, and the rule whose issues differ across its dates.
fn probe(fact: Fact) -> (&'static str, J, &'static str) {
    let ssl = || base("ssl_min");
    match fact {
        Fact::TlsIndustryMaxDays | Fact::TlsDigicertMaxDays => (
            "ssl_securesite",
            with(ssl(), "validity_days", json!(300)),
            "ssl.validity.lifetime_policy",
        ),
        Fact::TlsAnnualPlans => (
            "ssl_securesite",
            with(ssl(), "validity_days", json!(400)),
            "ssl.validity.multi_year_plan",
        ),
        Fact::CodeSigningIndustryMaxDays | Fact::CodeSigningDigicertMaxDays => (
            "code_signing",
            with(
                base("cs_example_new"),
                "order_validity",
                json!({"days": 1000}),
            ),
            "code_signing.validity.lifetime_policy",
        ),
        Fact::ClientAuthEkuDisputed | Fact::ClientAuthEkuEnded => {
            let mut order = ssl();
            order["certificate"]["profile_option"] = json!("server_client_auth_eku");
            ("ssl_securesite", order, "ssl.eku.client_auth_cutoff")
        }
        Fact::LegacySmimeRetired => (
            "client_premium_sha2",
            base("client_example"),
            "product.retired",
        ),
        Fact::SmimeMaxDays => (
            "secure_email_mailbox",
            with(
                base("secure_email_mailbox_example"),
                "order_validity",
                json!({"days": 900}),
            ),
            "secure_email.validity.max_days",
        ),
    }
}

fn rule_issues(report: &Report, rule: &str) -> Vec<String> {
    report
        .issues
        .iter()
        .filter(|i| i.rule == rule)
        .map(|i| format!("{:?} {:?} {} {}", i.severity, i.code, i.field(), i.message))
        .collect()
}

#[test]
fn every_date_changes_its_rule_s_verdict() {
    for entry in DATED {
        let (y, m, d) = entry.from;
        let day = Date::new(y, m, d).expect("a real date in the table");
        let (product, order, rule) = probe(entry.fact);
        let on = |today: Date| {
            let report = validate_json(product, &order, &Options::default().today(today));
            rule_issues(&report, rule)
        };
        let (before, from) = (on(day.add_days(-1)), on(day));
        assert_ne!(
            before, from,
            "{:?} from {day}: {rule} on {product} says the same the day before and on the day",
            entry.fact
        );
    }
}

#[test]
fn each_fact_s_rows_are_in_date_order() {
    // `dates::starts` takes a fact's first row as its first day.
    for (i, row) in DATED.iter().enumerate() {
        for later in DATED.iter().skip(i + 1).filter(|r| r.fact == row.fact) {
            assert!(
                later.from > row.from,
                "{:?}: rows out of date order",
                row.fact
            );
        }
    }
}

#[test]
fn date_arithmetic_stays_within_real_dates() {
    // Date's promise: a real date, years 1 to 9999. Counting past either end overflowed (a
    // panic in a debug build) or made dates such as 10000-01-01 and 0000-01-01.
    let first = Date::parse_iso("0001-01-01").expect("a real date");
    let last = Date::parse_iso("9999-12-31").expect("a real date");
    assert_eq!((Date::MIN, Date::MAX), (first, last));
    assert_eq!(
        (first.days_since_epoch(), last.days_since_epoch()),
        (-719_162, 2_932_896)
    );
    assert_eq!(last.add_days(1), last);
    assert_eq!(first.add_days(-1), first);
    assert_eq!(last.add_days(i64::MAX), last);
    assert_eq!(first.add_days(i64::MIN), first);
    assert_eq!(Date::from_days_since_epoch(i64::MAX), last);
    assert_eq!(Date::from_days_since_epoch(i64::MIN), first);
    assert_eq!(
        Date::from_days_since_epoch(0),
        Date::parse_iso("1970-01-01").expect("a real date")
    );
    assert_eq!(last.add_years(i32::MAX).year(), 9999);
    assert_eq!(
        Date::parse_iso("2026-12-06")
            .expect("a real date")
            .add_years(-2026)
            .year(),
        1
    );
    let leap = Date::parse_iso("2024-02-29").expect("a real date");
    assert_eq!(
        leap.add_years(1),
        Date::parse_iso("2025-02-28").expect("a real date")
    );
    assert_eq!(
        leap.add_days(366),
        Date::parse_iso("2025-03-01").expect("a real date")
    );
}
