//! Bugs found by tests/properties.rs and fuzz/, each as the smallest input that shows it.
//! These fail until the library is fixed (one, `native_reader_counts_characters_not_bytes`,
//! already passes); each says what the contract is and where it breaks.
#![cfg(not(target_arch = "wasm32"))]

use certcentral_orders::{validate, validate_json, Date, Options, Report, Value};
use serde_json::{json, Value as J};

const CSR: &str = include_str!("fixtures/csr/rsa2048.pem");

fn options() -> Options {
    Options::default().today(Date::parse_iso("2026-11-22").expect("a real date"))
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

/// The verdict natively: `validate_json` on the serde_json value.
fn native(order: &J) -> (bool, Vec<String>) {
    summary(&validate_json("ssl_securesite", order, &options()))
}

#[test]
fn a_non_integer_validity_is_rejected() {
    // validity_years 1.9999999999999998 is not an integer: a `type` error. (The crate's own JSON
    // text reader, since removed, read it as 2, and the order was valid.)
    let order = json!({
        "certificate": { "common_name": "example.com", "csr": CSR, "signature_hash": "sha256" },
        "organization": { "id": 123456 },
        "validity_years": 1.999_999_999_999_999_8,
    });
    let verdict = native(&order);
    assert!(!verdict.0, "natively: {verdict:?}");

    // auto_renew 5e-324 is a number, not an integer (that reader read it as 0, an allowed value).
    let verdict = native(&ssl_min_with("auto_renew", json!(5e-324)));
    assert!(!verdict.0, "natively: {verdict:?}");
}

// ---------------------------------------------------------------------------------------------
// The readers' limits. README: "Reading stops at 32 levels of nesting, 65,536 characters per
// string"; src/lib.rs and the case table: native, Node and browsers reach the same verdict.

/// The JS reader's verdict on `ssl_min` plus an `x` too deep to read: an `unknown_field` warning
/// at `x` and a `length` error at the list it cuts off, `indexes` levels below `x`.
fn cut_at(indexes: usize) -> (bool, Vec<String>) {
    (
        false,
        vec![
            "x UnknownField Warning".to_owned(),
            format!("x{} Length Error", ".0".repeat(indexes)),
        ],
    )
}

#[test]
fn native_reader_stops_at_the_same_depth_as_the_js_reader() {
    // {"x": 32 nested lists, the innermost empty}: the 33rd level counting the order. The JS
    // reader (the tape writer, putAny in src/js/support.js) cuts a list at depth >= MAX_DEPTH, so the wasm build
    // reports a `length` error at x.0.….0 (31 indexes); Value::from_json once cut at depth >
    // MAX_DEPTH (and cut scalars too), so natively the order was valid (an `unknown_field`
    // warning only).
    let mut deep = json!([]);
    for _ in 0..31 {
        deep = json!([deep]);
    }
    assert_eq!(native(&ssl_min_with("x", deep)), cut_at(31), "natively");

    // One level deeper: the same error at the same field (once 31 indexes natively, 30 in the
    // JS reader).
    let mut deeper = json!(1);
    for _ in 0..32 {
        deeper = json!([deeper]);
    }
    assert_eq!(native(&ssl_min_with("x", deeper)), cut_at(31), "natively");
}

#[test]
fn native_reader_counts_characters_not_bytes() {
    // 40,000 "é" is 40,000 characters (and UTF-16 code units) but 80,000 bytes. The JS reader
    // reads it; Value::from_json counted bytes and reported a `length` error ("too long: 80000
    // characters, at most 65536 are read"). Fixed in 3f343b1 (every reader counts UTF-16
    // units); kept as a regression test.
    let order = ssl_min_with("comments", J::String("é".repeat(40_000)));
    assert_eq!(native(&order), (true, Vec::new()), "natively");
}

#[test]
fn every_reader_stops_at_100000_values() {
    // README: "Reading stops at ... 10,000 entries per list or object and 100,000 values in
    // all; past those the report has a `length` issue." The JS reader keeps that budget
    // (the tape writer in src/js/support.js marks each value past it); Value::from_json once
    // did not, so natively this order (11 lists of 10,000 numbers under an unknown key: 110,012
    // values) was valid with an `unknown_field` warning, and in Node a `length` error.
    let order = ssl_min_with("x", J::Array(vec![J::Array(vec![J::from(0); 10_000]); 11]));
    let (valid, issues) = native(&order);
    assert!(
        !valid && issues.iter().any(|i| i.contains("Length Error")),
        "Value::from_json: {issues:?}"
    );
}

#[test]
fn a_value_built_by_hand_nested_past_the_readers_limit_is_reported_not_walked() {
    // `validate` takes any `Value`, and a Rust caller can build one nested far past what a reader
    // lets through (32 levels). The walk of unknown fields recursed into all of it: 2,500 levels
    // overflowed a 2 MiB stack (tokio's), and the process aborted. It now stops where the readers
    // stop, with the `length` issue `validate_json` gives an order nested 40 levels.
    let mut deep = Value::Null;
    for _ in 0..5_000 {
        deep = Value::Array(vec![deep]);
    }
    let base = ssl_min_with("y", J::Null);
    let Value::Object(mut fields) = Value::from_json(&base) else {
        panic!("an object");
    };
    for (key, value) in &mut fields {
        if key == "y" {
            *value = std::mem::replace(&mut deep, Value::Null);
        }
    }
    let order = Value::Object(fields);
    // A stack far smaller than the 5,000 levels would take if they were walked.
    let got = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn_scoped(s, || {
                summary(&validate("ssl_securesite", &order, &options()))
            })
            .expect("a thread")
            .join()
            .expect("no panic")
    });
    let mut forty = J::Null;
    for _ in 0..40 {
        forty = json!([forty]);
    }
    let expected = native(&ssl_min_with("y", forty));
    assert!(!expected.0 && expected.1.iter().any(|i| i.contains("Length Error")));
    assert_eq!(got, expected);
}

#[test]
fn text_from_the_order_cannot_add_lines_or_escapes_to_a_message() {
    // A message is one line of a log or a terminal. An order's values and the keys it makes up
    // went into messages as they were: a newline forged a second log line, ESC coloured the
    // terminal, a bidi override turned the text around, and a 10 MB key made a 10 MB message.
    let order = json!({
        "certificate": {
            "common_name": "ok\n[ERROR] forged\u{1b}[31m\u{202e}",
            "csr": CSR,
            "signature_hash": "sha256",
        },
        "organization": { "id": 123456 },
        "validity_days": 199,
        "x\ny\u{7}": 1,
        "k".repeat(10_000): 1,
    });
    let report = validate_json("ssl_securesite", &order, &options());
    assert!(report.issues.len() >= 3, "{:?}", report.issues);
    for issue in &report.issues {
        for text in [issue.message.clone(), issue.field()] {
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
                "{text:?}"
            );
            assert!(text.len() < 400, "{} bytes: {}", text.len(), &text[..80]);
        }
    }
    let messages: Vec<&str> = report.issues.iter().map(|i| i.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains(r#""ok\u{a}[ERROR] forged\u{1b}[31m\u{202e}""#)),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with(r"x\u{a}y\u{7} is not a field")),
        "{messages:?}"
    );
    let long_key = format!("{}...", "k".repeat(57));
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with(&format!("{long_key} is not a field"))),
        "{messages:?}"
    );
    // The path keeps the key as the order wrote it: it is data, for finding the field.
    assert!(report
        .issues
        .iter()
        .any(|i| i.path.first().is_some_and(
            |p| matches!(p, certcentral_orders::PathSeg::Key(k) if k == "x\ny\u{7}")
        )));
}

#[test]
fn every_rule_that_quotes_the_order_shows_its_text_safely() {
    // Found after the first fix: code signing's ship_info warning quoted cs_provisioning_method
    // raw, and a hand-built Value's words for what it holds went into messages raw. U+061C (the
    // Arabic letter mark) is a bidirectional control too.
    let hostile = "evil\n[ERROR] forged\u{1b}[2J\u{61c}";
    let order = json!({
        "certificate": { "common_name": "x", "signature_hash": "sha256" },
        "organization": { "id": 1 },
        "order_validity": { "years": 1 },
        "cs_provisioning_method": hostile,
        "ship_info": { "name": "A" },
    });
    let mut reports = vec![validate_json("code_signing", &order, &options())];
    let made_up = Value::Object(vec![(
        "x".into(),
        Value::Unreadable(certcentral_orders::Unreadable::NotJson(hostile.into())),
    )]);
    reports.push(validate("ssl_securesite", &made_up, &options()));
    let mut quoted = 0;
    for report in &reports {
        for issue in &report.issues {
            let params = format!("{:?}", issue.params);
            for text in [&issue.message, &issue.field(), &params] {
                assert!(!text.contains(['\n', '\u{1b}', '\u{61c}']), "{text:?}");
            }
            quoted += usize::from(
                issue
                    .message
                    .contains(r"evil\u{a}[ERROR] forged\u{1b}[2J\u{61c}"),
            );
        }
    }
    // The ship_info warning, the provisioning method's enum error and the hand-built value's.
    assert!(quoted >= 3, "{reports:?}");
}

/// A DER TLV (definite length).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match content.len() {
        n if n < 0x80 => out.push(n as u8),
        n => {
            out.push(0x84);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
    }
    out.extend_from_slice(content);
    out
}

/// A CSR (signature not checked by the reader) whose subjectAltName lists `n` DNS names,
/// `n<i>.ex.net`.
fn csr_with_dns_names(n: usize) -> String {
    let mut names = Vec::new();
    for i in 0..n {
        names.extend(tlv(0x82, format!("n{i}.ex.net").as_bytes()));
    }
    let san = tlv(
        0x30,
        &[
            tlv(0x06, &[0x55, 0x1D, 0x11]),
            tlv(0x04, &tlv(0x30, &names)),
        ]
        .concat(),
    );
    let request = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x0E];
    let attribute = tlv(
        0x30,
        &[tlv(0x06, &request), tlv(0x31, &tlv(0x30, &san))].concat(),
    );
    let rsa_oid = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
    let mut modulus = vec![0u8; 257];
    modulus[1] = 0xC0;
    let key = tlv(0x30, &[tlv(0x02, &modulus), tlv(0x02, &[1, 0, 1])].concat());
    let spki = tlv(
        0x30,
        &[
            tlv(0x30, &[tlv(0x06, &rsa_oid), vec![0x05, 0x00]].concat()),
            tlv(0x03, &[&[0u8][..], &key].concat()),
        ]
        .concat(),
    );
    let info = tlv(
        0x30,
        &[tlv(0x02, &[0]), tlv(0x30, &[]), spki, tlv(0xA0, &attribute)].concat(),
    );
    let sha256_rsa = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B];
    let der = tlv(
        0x30,
        &[info, tlv(0x30, &tlv(0x06, &sha256_rsa)), tlv(0x03, &[0, 0])].concat(),
    );
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::new();
    for chunk in der.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            let c = if i <= chunk.len() {
                B64[(n >> (18 - 6 * i) & 63) as usize]
            } else {
                b'='
            };
            text.push(c as char);
        }
    }
    format!("-----BEGIN CERTIFICATE REQUEST-----\n{text}\n-----END CERTIFICATE REQUEST-----\n")
}

/// A pasted CSR listing thousands of names: each was compared with every other and with the
/// order's names, and all went into the warning (9,000 names: 0.28 s per validation natively,
/// and a 45 KB message). The reader keeps the first 1,000 of each kind (a certificate carries at
/// most 250), and the message lists ten.
#[test]
fn a_csr_with_thousands_of_names_is_read_in_part_and_its_warning_stays_short() {
    // 2,000 names: a PEM of 32 KB, under the 64 KB a string may hold.
    let csr = csr_with_dns_names(2_000);
    let info = certcentral_orders::csr::inspect(&csr);
    assert!(info.valid, "{:?}", info.issues);
    assert_eq!(info.dns_names.len(), 1_000);
    assert_eq!(
        info.dns_names.first().map(String::as_str),
        Some("n0.ex.net")
    );
    let mut order = ssl_min_with("validity_days", json!(199));
    order["certificate"]["csr"] = J::String(csr);
    let report = validate_json("ssl_securesite", &order, &options());
    let names = report
        .issues
        .iter()
        .find(|i| i.rule == "ssl.csr.names")
        .unwrap_or_else(|| panic!("the CSR's names warning: {:#?}", report.issues));
    assert!(names.message.len() < 1_000, "{}", names.message);
    assert!(
        names.message.contains("n9.ex.net and 990 more"),
        "{}",
        names.message
    );
    assert!(!names.message.contains("n10.ex.net"), "{}", names.message);
}

/// A value written again keeps its whole numbers whole: serde wrote every number as an f64
/// (`{"id":5.0}`), which a reader of the lifecycle bodies' `other` fields that takes an id as an
/// integer refuses.
#[test]
fn whole_numbers_are_written_as_integers() {
    let json = json!({"id": 5, "x": 1.5, "big": 12_345_678_901_i64, "neg": -3});
    let value = Value::from_json(&json);
    let text = serde_json::to_string(&value).expect("written");
    // (serde_json orders the keys.)
    assert_eq!(text, r#"{"big":12345678901,"id":5,"neg":-3,"x":1.5}"#);
}
