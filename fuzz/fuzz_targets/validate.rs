//! Any order, any product, any day: `validate_json` / `validate` return a report that keeps its
//! contract (see `check_report`). JSON text is read as native code reads it: serde_json, then
//! `Value::from_json` (inside `validate_json`); the wasm build reads orders from JS values
//! instead, which the `tape` target and the JS tests cover.
//!
//! Input: mode byte, product byte, 2 bytes of day, then
//! - mode 0 (and >= 3): JSON text;
//! - mode 1: bytes that build a JSON value (`arb_json`);
//! - mode 2: a base byte, then bytes that change that example body (`mutate`).
#![no_main]

use certcentral_orders_fuzz::{
    arb_json, arbitrary::Unstructured, bases, check_json, mutate, run_again, Header,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let again = run_again(data);
    let mut h = Header { data };
    let mode = h.byte();
    let product = h.product();
    let options = h.today();
    match mode {
        1 => {
            let mut u = Unstructured::new(h.data);
            if let Ok(order) = arb_json(&mut u, 0) {
                check_json(&product, &order, &options, again);
            }
        }
        2 => {
            let base = usize::from(h.byte()) % bases().len();
            let mut order = bases()[base].1.clone();
            let mut u = Unstructured::new(h.data);
            let _ = mutate(&mut u, &mut order);
            check_json(&product, &order, &options, again);
        }
        _ => {
            let Ok(order) = serde_json::from_slice::<serde_json::Value>(h.data) else {
                return;
            };
            check_json(&product, &order, &options, again);
        }
    }
});
