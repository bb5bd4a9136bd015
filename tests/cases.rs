//! The case table, natively: the reference run of the rules.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/cases.rs"]
mod cases;

use certcentral_orders::{validate_json, Date, Options};

#[test]
fn case_table_native() {
    let n = cases::run_all("native", |case| {
        let mut options = Options::default();
        options.today = Date::parse_iso(&case.today);
        let report = validate_json(&case.product_str(), &case.order, &options);
        serde_json::to_value(&report).unwrap_or_default()
    });
    println!("[native] {n} cases passed");
}
