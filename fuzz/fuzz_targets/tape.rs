//! Any bytes handed to `tape::decode`, `tape::decode_call` and `tape::decode_text_arg` (the readers of what JS writes into
//! wasm memory): they never panic; a value they accept reads back the same after `tape::encode`
//! (an object that repeats a key is not a tape: JS objects never do), and any product's rules keep
//! their report contract on it (see `check_value`), also for the product a call's header names.
//!
//! Input: product byte, 2 bytes of day, then the tape (a bare value, or a call's header and value;
//! keys by index stand for `rules::known_keys`).
#![no_main]

use certcentral_orders::internals::{rules, tape};
use certcentral_orders::Value;
use certcentral_orders_fuzz::{check_value, Header};
use libfuzzer_sys::fuzz_target;

fn roundtrip(value: &Value) {
    let again = tape::encode(value).expect("a decoded tape encodes");
    assert_eq!(
        tape::decode(&again).as_ref(),
        Ok(value),
        "encode then decode changed it"
    );
}

fuzz_target!(|data: &[u8]| {
    let mut h = Header { data };
    let product = h.product();
    let options = h.today();
    if let Ok(value) = tape::decode(h.data) {
        roundtrip(&value);
        check_value(&product, &value, &options);
    }
    // inspectCsr's argument (the CSR reader has a target of its own).
    let _ = tape::decode_text_arg(h.data);
    if let Ok((args, value)) = tape::decode_call(h.data, rules::known_keys()) {
        roundtrip(&value);
        check_value(&args.product, &value, &options);
    }
});
