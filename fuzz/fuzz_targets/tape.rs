//! Any bytes handed to `tape::decode` (the reader of what JS writes into wasm memory): it never
//! panics; what it accepts reads back the same after `tape::encode` (byte for byte unless a key
//! repeats, which JS objects never do), and any product's rules keep their report contract on it
//! (see `check_value`).
//!
//! Input: product byte, 2 bytes of day, then the tape.
#![no_main]

use certcentral_orders::tape;
use certcentral_orders_fuzz::{check_value, Header};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut h = Header { data };
    let product = h.product();
    let options = h.today();
    if let Ok(value) = tape::decode(h.data) {
        let again = tape::encode(&value).expect("a decoded tape encodes");
        assert_eq!(tape::decode(&again).as_ref(), Ok(&value), "encode then decode changed it");
        check_value(&product, &value, &options);
    }
});
