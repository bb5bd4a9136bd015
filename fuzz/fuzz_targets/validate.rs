//! Any order, any product, any day: `validate_json` / `validate` return a report that keeps its
//! contract (see `check_report`), and the verdict on JSON text read by `json::parse` (the wasm
//! build's reader) is the one on serde_json's value of the same text, within the limits.
//!
//! Input: mode byte, product byte, 2 bytes of day, then
//! - mode 0 (and >= 3): JSON text;
//! - mode 1: bytes that build a JSON value (`arb_json`);
//! - mode 2: a base byte, then bytes that change that example body (`mutate`).
#![no_main]

use certcentral_orders::{json, Value};
use certcentral_orders_fuzz::{
    arb_json, arbitrary::Unstructured, bases, check_json, check_value, has_unreadable, issue_set,
    mutate, Header,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut h = Header { data };
    let mode = h.byte();
    let product = h.product();
    let options = h.today();
    match mode {
        1 => {
            let mut u = Unstructured::new(h.data);
            if let Ok(order) = arb_json(&mut u, 0) {
                check_json(&product, &order, &options);
            }
        }
        2 => {
            let base = usize::from(h.byte()) % bases().len();
            let mut order = bases()[base].1.clone();
            let mut u = Unstructured::new(h.data);
            let _ = mutate(&mut u, &mut order);
            check_json(&product, &order, &options);
        }
        _ => {
            let parsed = json::parse_bytes(h.data);
            if let Ok(v) = &parsed {
                check_value(&product, v, &options);
            }
            let Ok(text) = std::str::from_utf8(h.data) else {
                return;
            };
            assert_eq!(json::parse(text), parsed, "parse and parse_bytes disagree");
            let Ok(order) = serde_json::from_str::<serde_json::Value>(text) else {
                return;
            };
            let native = check_json(&product, &order, &options);
            let Ok(parsed) = parsed else {
                panic!("serde_json reads {text:?} but json::parse does not: {parsed:?}");
            };
            if !has_unreadable(&parsed) && !has_unreadable(&Value::from_json(&order)) {
                let wasm = certcentral_orders::validate(&product, &parsed, &options);
                assert_eq!(
                    (wasm.valid, issue_set(&wasm)),
                    (native.valid, issue_set(&native)),
                    "json::parse (wasm) and serde_json (native) reach different reports on {text:?}"
                );
            }
        }
    }
});
