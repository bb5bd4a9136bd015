//! Bugs found by tests/properties.rs and fuzz/, each as the smallest input that shows it.
//! These fail until the library is fixed (one, `native_reader_counts_characters_not_bytes`,
//! already passes); each says what the contract is and where it breaks.
#![cfg(not(target_arch = "wasm32"))]

use certcentral_orders::{json, validate, validate_json, Date, Options, Report, Value};
use serde_json::{json, Value as J};

const CSR: &str = include_str!("fixtures/csr/rsa2048.pem");

fn options() -> Options {
    Options {
        today: Date::parse_iso("2026-11-22"),
    }
}

/// `ssl_min` from tests/cases/ssl.json (valid, no warnings on 2026-11-22), plus `extra`.
fn ssl_min_with(key: &str, value: J) -> J {
    let mut order = json!({
        "certificate": { "common_name": "example.com", "csr": CSR, "signature_hash": "sha256" },
        "organization": { "id": 123456 },
        "validity_days": 199,
    });
    order[key] = value;
    order
}

/// (field, code, severity) of every issue, sorted: how the case table compares reports.
fn summary(report: &Report) -> (bool, Vec<String>) {
    let mut issues: Vec<String> = report
        .issues
        .iter()
        .map(|i| format!("{} {:?} {:?}", i.field(), i.code, i.severity))
        .collect();
    issues.sort();
    (report.valid, issues)
}

/// The verdict natively (`validate_json` on the serde_json value) and as the wasm build reaches
/// it (the order as JSON text, read by `json::parse`, then `validate`).
fn native_and_wasm(order: &J) -> ((bool, Vec<String>), (bool, Vec<String>)) {
    let native = validate_json("ssl_securesite", order, &options());
    let text = serde_json::to_string(order).unwrap_or_default();
    let parsed = json::parse(&text).unwrap_or(Value::Null);
    let wasm = validate("ssl_securesite", &parsed, &options());
    (summary(&native), summary(&wasm))
}

// ---------------------------------------------------------------------------------------------
// json::parse's number reader (commit 469d83e, "a small number parser") promises "Integrality
// survives: what the rules check" and "can differ from the correctly rounded value in the last
// bit". Both break: a non-integer can become an integer, and every number below ~1e-308
// becomes 0. In the wasm build the order reaches the rules through this reader, so Node and
// browsers accept what native Rust rejects.

#[test]
fn json_parse_keeps_non_integers_non_integral() {
    for text in [
        "1.9999999999999998", // the double just below 2: read as 2
        "0.9999999999999999", // the double just below 1: read as 1
        "4503599627370495.5", // 2^52 - 0.5, exactly representable: read as 2^52
        "5e-324",             // the smallest subnormal: read as 0
        "2.5e-308",           // a normal number: read as 0
    ] {
        // What the reader's doc comment allows: the last digits may differ, integrality may not.
        let exact: f64 = text.parse().unwrap_or(f64::NAN);
        let got = json::parse(text);
        let n = match got {
            Ok(Value::Number(n)) => n,
            _ => f64::NAN,
        };
        // The documented precision (src/json.rs, `number`): within 1e-14 relative; exact
        // rounding would need core's float tables, which cost the wasm 14.7 KB gzip.
        assert!(
            ((n - exact) / exact).abs() <= 1e-14,
            "json::parse({text:?}) = {got:?}, further than 1e-14 from {exact:?}"
        );
        assert_eq!(
            Value::Number(n).as_int(),
            None,
            "json::parse({text:?}) = {got:?}: an integer"
        );
    }
}

#[test]
fn a_non_integer_validity_is_rejected_in_wasm_too() {
    // validity_years 1.9999999999999998 is not an integer: natively a `type` error; through
    // json::parse it is read as 2 and the order is valid.
    let order = json!({
        "certificate": { "common_name": "example.com", "csr": CSR, "signature_hash": "sha256" },
        "organization": { "id": 123456 },
        "validity_years": 1.999_999_999_999_999_8,
    });
    let (native, wasm) = native_and_wasm(&order);
    assert!(!native.0, "natively: {native:?}");
    assert_eq!(wasm, native, "wasm (json::parse) vs native");

    // auto_renew 5e-324 (a number, not an integer) is read as 0, an allowed value.
    let order = ssl_min_with("auto_renew", json!(5e-324));
    let (native, wasm) = native_and_wasm(&order);
    assert!(!native.0, "natively: {native:?}");
    assert_eq!(wasm, native, "wasm (json::parse) vs native");
}

#[test]
fn json_parse_reads_every_json_number() {
    // RFC 8259 numbers that serde_json and JSON.parse read as these integers. json::parse
    // - reads 9007199254740991.0 (2^53 - 1, Number.MAX_SAFE_INTEGER, with a zero fraction) as
    //   9007199254740990: the digits 90071992547409910 are summed in f64, which rounds;
    // - reads 1 followed by 25 zeros, e-25, as 0.9999999999999998 (not an integer);
    // - at 469d83e, rejected "0e400" (0 × 10^400 = 0 × inf = NaN, "number out of range").
    let one_25 = format!("1{}e-25", "0".repeat(25));
    let one_400 = format!("1{}e-400", "0".repeat(400));
    for (text, want) in [
        ("9007199254740991.0", 9_007_199_254_740_991),
        ("0e400", 0),
        ("0.0E+999", 0),
        (one_25.as_str(), 1),
        (one_400.as_str(), 1),
    ] {
        let got = json::parse(text);
        assert_eq!(
            got.as_ref().ok().and_then(Value::as_int),
            Some(want),
            "json::parse({text:?}) = {got:?}"
        );
    }
}

#[test]
fn repeated_keys_are_judged_by_their_last_value() {
    // json::parse keeps both entries of a repeated key (Value::get reads the last, "as
    // JSON.parse does"), but the walker checks every entry, so the value JSON.parse and
    // serde_json drop still gets issues: natively valid, through json::parse a `type` error.
    let text = format!(
        r#"{{"certificate": {{"common_name": "example.com", "csr": {}, "signature_hash": "sha256"}},
            "organization": {{"id": 123456}}, "validity_days": "199", "validity_days": 199}}"#,
        serde_json::to_string(CSR).unwrap_or_default()
    );
    let order: J = serde_json::from_str(&text).unwrap_or(J::Null);
    let native = summary(&validate_json("ssl_securesite", &order, &options()));
    let parsed = json::parse(&text).unwrap_or(Value::Null);
    let wasm = summary(&validate("ssl_securesite", &parsed, &options()));
    assert!(native.0, "natively: {native:?}");
    assert_eq!(wasm, native, "json::parse vs serde_json");
}

// ---------------------------------------------------------------------------------------------
// The readers' limits. README: "Reading stops at 32 levels of nesting, 65,536 characters per
// string"; src/lib.rs and the case table: native, Node and browsers reach the same verdict.

#[test]
fn native_reader_stops_at_the_same_depth_as_json_parse() {
    // {"x": 32 nested lists, the innermost empty}: the 33rd level counting the order. The JS
    // reader (bindings::read_at) and json::parse cut a list at depth >= MAX_DEPTH, so the wasm
    // build reports a `length` error; Value::from_json cuts at depth > MAX_DEPTH (and cuts
    // scalars too), so natively the order is valid (an `unknown_field` warning only).
    let mut deep = json!([]);
    for _ in 0..31 {
        deep = json!([deep]);
    }
    let order = ssl_min_with("x", deep);
    let (native, wasm) = native_and_wasm(&order);
    assert_eq!(native, wasm, "native vs wasm (json::parse)");

    // One level deeper both report a `length` error, but at different fields (x.0.….0 with 31
    // indexes natively, 30 through json::parse).
    let mut deeper = json!(1);
    for _ in 0..32 {
        deeper = json!([deeper]);
    }
    let (native, wasm) = native_and_wasm(&ssl_min_with("x", deeper));
    assert_eq!(native, wasm, "native vs wasm (json::parse)");
}

#[test]
fn native_reader_counts_characters_not_bytes() {
    // 40,000 "é" is 40,000 characters (and UTF-16 code units) but 80,000 bytes. json::parse
    // and the JS reader read it; Value::from_json counted bytes and reported a `length` error
    // ("too long: 80000 characters, at most 65536 are read"). Fixed in 3f343b1 (every reader
    // counts UTF-16 units); kept as a regression test.
    let order = ssl_min_with("comments", J::String("é".repeat(40_000)));
    let (native, wasm) = native_and_wasm(&order);
    assert!(wasm.0, "through json::parse: {wasm:?}");
    assert_eq!(native, wasm, "native vs wasm (json::parse)");
}

#[test]
fn every_reader_stops_at_100000_values() {
    // README: "Reading stops at ... 10,000 entries per list or object and 100,000 values in
    // all; past those the report has a `length` issue." The JS reader keeps that budget
    // (bindings::read_at, and support.js sends such orders to it); Value::from_json and
    // json::parse do not, so natively this order (11 lists of 10,000 numbers under an unknown
    // key: 110,012 values) is valid with an `unknown_field` warning, and in Node a `length`
    // error.
    let order = ssl_min_with("x", J::Array(vec![J::Array(vec![J::from(0); 10_000]); 11]));
    let (native, parsed) = native_and_wasm(&order);
    for (reader, (valid, issues)) in [("Value::from_json", native), ("json::parse", parsed)] {
        assert!(
            !valid && issues.iter().any(|i| i.contains("Length Error")),
            "{reader}: {issues:?}"
        );
    }
}
