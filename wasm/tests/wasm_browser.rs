//! The case table and the hostile-value checks through wasm, in headless Chromium.
#![cfg(target_arch = "wasm32")]

#[path = "../../tests/support/cases.rs"]
mod cases;
#[path = "support/wasm.rs"]
mod wasm;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn case_table_in_chromium() {
    wasm::case_table("wasm/chromium");
}

#[wasm_bindgen_test]
fn hostile_values_in_chromium() {
    wasm::hostile_values();
}

#[wasm_bindgen_test]
fn odd_arguments_in_chromium() {
    wasm::odd_arguments();
}

#[wasm_bindgen_test]
fn reports_cross_in_chromium() {
    wasm::reports_cross();
}

#[wasm_bindgen_test]
fn allocator_in_chromium() {
    wasm::allocator();
}
