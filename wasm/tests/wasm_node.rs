//! The case table and the hostile-value checks through wasm, in Node.
#![cfg(target_arch = "wasm32")]

#[path = "../../tests/support/cases.rs"]
mod cases;
#[path = "support/wasm.rs"]
mod wasm;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn case_table_in_node() {
    wasm::case_table("wasm/node");
}

#[wasm_bindgen_test]
fn hostile_values_in_node() {
    wasm::hostile_values();
}

#[wasm_bindgen_test]
fn odd_arguments_in_node() {
    wasm::odd_arguments();
}

#[wasm_bindgen_test]
fn reports_cross_in_node() {
    wasm::reports_cross();
}

#[wasm_bindgen_test]
fn allocator_in_node() {
    wasm::allocator();
}
