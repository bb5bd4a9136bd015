//! Test bodies shared by the Node and the Chromium wasm test binaries. They go through the same
//! exported function JS callers use (`validateOrder`), with values built by `JSON.parse` or by
//! JS code, so the reader of JS values is exercised too.
#![allow(dead_code)]

use super::cases;
use certcentral_orders::Value;
use certcentral_orders_wasm::bindings::validate_order;
use js_sys::JSON;
use serde_json::Value as J;
use wasm_bindgen::JsValue;

fn js(json: &J) -> JsValue {
    JSON::parse(&json.to_string()).unwrap_or(JsValue::UNDEFINED)
}

fn back(v: &JsValue) -> J {
    let text: String = JSON::stringify(v).map(String::from).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(J::Null)
}

/// The case's order as a `Value` (`Value::from_json` is native only; the case orders are within
/// the readers' limits).
fn value_of(json: &J) -> Value<'_> {
    match json {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        J::String(s) => Value::String(s.as_str().into()),
        J::Array(items) => Value::Array(items.iter().map(value_of).collect()),
        J::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.as_str().into(), value_of(v)))
                .collect(),
        ),
    }
}

/// The report as the Rust API gives it, written by serde: what the JS report must equal.
fn native_report(case: &cases::Case) -> J {
    let order = value_of(&case.order);
    let mut options = certcentral_orders::Options::default();
    options.today = certcentral_orders::Date::parse_iso(&case.today);
    let report = certcentral_orders::validate(&case.product_str(), &order, &options);
    serde_json::to_value(&report).expect("report as JSON")
}

pub fn case_table(host: &str) {
    let n = cases::run_all(host, |case| {
        let options = js(&serde_json::json!({ "today": case.today }));
        let report = back(&validate_order(
            &js(&case.product),
            &js(&case.order),
            &options,
        ));
        // Reports cross as a tape that JS turns into objects: they must be exactly serde's.
        if case.product.is_string() {
            assert_eq!(report, native_report(case), "{}: the JS report", case.name);
        }
        report
    });
    wasm_bindgen_test::console_log!("[{host}] {n} cases passed");
}

fn eval(code: &str) -> JsValue {
    js_sys::eval(code).unwrap_or_else(|e| panic!("eval {code}: {e:?}"))
}

fn report_of(order: &JsValue) -> J {
    back(&validate_order(
        &"ssl_securesite".into(),
        order,
        &JsValue::UNDEFINED,
    ))
}

/// Values JSON cannot hold, and values built to throw, get a report; the module keeps working.
pub fn hostile_values() {
    let good = cases::bases()
        .into_iter()
        .find(|(k, _)| k == "ssl_example")
        .map(|(_, v)| v)
        .expect("ssl_example base");
    let good = js(&good);
    let samples = [
        ("undefined", "undefined", "type"),
        ("NaN", "NaN", "type"),
        ("a BigInt", "10n", "type"),
        ("a Symbol", "Symbol('s')", "type"),
        ("a function", "(() => 1)", "type"),
        ("a Date", "new Date()", "type"),
        ("a Map", "new Map([['certificate', 1]])", "type"),
        ("a typed array", "new Uint8Array(4)", "type"),
        ("a throwing Proxy", "new Proxy({}, { ownKeys() { throw new Error('boom') } })", "type"),
        ("a throwing getter", "({ get certificate() { throw new Error('boom') } })", "type"),
        ("a cyclic object", "(() => { const o = { certificate: {} }; o.certificate.csr = o; return o })()", "type"),
        ("a deep object", "(() => { const o = {}; let c = o; for (let i = 0; i < 100000; i++) { c.certificate = {}; c = c.certificate } return o })()", "length"),
        ("a 10 MB string", "({ certificate: { csr: 'x'.repeat(10000000) } })", "length"),
        ("an array holding a 100,000-element array", "({ certificate: { dns_names: new Array(100000).fill('a.example.com') } })", "length"),
    ];
    for (what, code, expected) in samples {
        let report = report_of(&eval(code));
        assert_eq!(report["valid"], J::Bool(false), "{what}: {report}");
        let codes: Vec<&str> = report["issues"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["code"].as_str())
            .collect();
        assert!(
            codes.contains(&expected),
            "{what}: expected a {expected} issue, got {codes:?}"
        );
        // The instance still works and still judges a good order valid.
        let after = report_of(&good);
        assert_eq!(after["valid"], J::Bool(true), "after {what}: {after}");
    }
}

/// Product ids and options that are not what the types say still get a structured answer.
pub fn odd_arguments() {
    let r = back(&validate_order(
        &JsValue::from_f64(5.0),
        &JsValue::NULL,
        &JsValue::UNDEFINED,
    ));
    assert_eq!(r["issues"][0]["code"], "unknown_product");
    let r = back(&validate_order(
        &"client_premium".into(),
        &JsValue::NULL,
        &JsValue::UNDEFINED,
    ));
    assert_eq!(r["issues"][0]["code"], "unknown_product");
    let r = back(&validate_order(
        &"ssl_securesite".into(),
        &eval("({})"),
        &eval("({ today: '2026-02-30' })"),
    ));
    assert_eq!(r["issues"][0]["code"], "format");
    assert_eq!(r["valid"], J::Bool(false));
}

/// Every code, severity and kind of param, non-ASCII text and index steps cross into JS exactly as
/// serde writes them (`reportOf` in src/js/support.js keeps its own table of the codes).
pub fn reports_cross() {
    use certcentral_orders::{Code, Issue, Param, PathSeg, Report, Severity};
    // Every code (a new one must be added to Code::ALL, and so to CODES in support.js: the
    // core crate's report tests see to it).
    let issues = Code::ALL
        .iter()
        .enumerate()
        .map(|(i, &code)| {
            Issue::from_parts(
                vec![
                    PathSeg::Key("certificate".into()),
                    PathSeg::Key("ünïcode 😀".into()),
                    PathSeg::Index(i),
                ],
                code,
                "ssl.dcv.http_token_wildcard",
                if i % 2 == 0 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                format!("message {i}: \"é\" 😀 \\ \n"),
                match i % 4 {
                    0 => vec![],
                    1 => vec![("min", Param::Int(-3)), ("value", Param::Str("ß😀".into()))],
                    2 => vec![("allowed", Param::Strs(vec!["a", "", "é"]))],
                    _ => vec![
                        ("allowed", Param::Ints(vec![1, 2, 3])),
                        ("max", Param::Int(1 << 40)),
                    ],
                },
            )
        })
        .collect();
    for report in [Report::new(issues), Report::new(vec![])] {
        let js = certcentral_orders_wasm::bindings::report_to_js(&report);
        assert_eq!(
            back(&js),
            serde_json::to_value(&report).expect("report as JSON")
        );
    }
}

/// The wasm's allocator (wasm/src/alloc.rs) under a mixed load: blocks of many sizes and
/// alignments are allocated, grown, shrunk and freed in a pseudo-random order, each filled with
/// its own byte. Every block must be aligned as asked, keep its bytes until it is freed, and
/// never overlap another live block; and once a load has run, running it again must not grow
/// the memory (freed blocks are reused).
#[allow(unsafe_code)]
pub fn allocator() {
    use std::alloc::{alloc, dealloc, realloc, Layout};

    let load = |rounds: usize| {
        // xorshift: the same sequence on every host and in every load.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        for round in 0..rounds {
            let tag = (round % 251) as u8 + 1;
            match next(4) {
                0 | 1 => {
                    // Mostly small blocks, now and then a large one (tape buffers, long CSRs).
                    let size = match next(10) {
                        0 => 1 + next(200_000) as usize,
                        1..=3 => 1 + next(4096) as usize,
                        _ => 1 + next(96) as usize,
                    };
                    let align = 1usize << next(7);
                    let layout = Layout::from_size_align(size, align).expect("a valid layout");
                    // SAFETY: the layout's size is not zero.
                    let p = unsafe { alloc(layout) };
                    assert!(!p.is_null(), "allocating {size} bytes");
                    assert_eq!(p as usize % align, 0, "{size} bytes aligned to {align}");
                    // SAFETY: `p` holds `size` bytes.
                    unsafe { p.write_bytes(tag, size) };
                    live.push((p, layout, tag));
                }
                2 if !live.is_empty() => {
                    let (p, layout, tag) = live.swap_remove(next(live.len() as u64) as usize);
                    // SAFETY: `p` is live with `layout`.
                    let bytes = unsafe { std::slice::from_raw_parts(p, layout.size()) };
                    assert!(bytes.iter().all(|b| *b == tag), "a block kept its bytes");
                    unsafe { dealloc(p, layout) };
                }
                _ if !live.is_empty() => {
                    let i = next(live.len() as u64) as usize;
                    let (p, layout, tag) = live[i];
                    let size = 1 + next(2 * layout.size() as u64 + 64) as usize;
                    // SAFETY: `p` is live with `layout`; the new size is not zero.
                    let q = unsafe { realloc(p, layout, size) };
                    assert!(!q.is_null(), "reallocating to {size} bytes");
                    assert_eq!(
                        q as usize % layout.align(),
                        0,
                        "a reallocated block's alignment"
                    );
                    let kept = layout.size().min(size);
                    // SAFETY: `q` holds `size` bytes, the first `kept` of them moved from `p`.
                    let bytes = unsafe { std::slice::from_raw_parts(q, kept) };
                    assert!(bytes.iter().all(|b| *b == tag), "realloc kept the bytes");
                    unsafe { q.write_bytes(tag, size) };
                    let layout = Layout::from_size_align(size, layout.align()).expect("layout");
                    live[i] = (q, layout, tag);
                }
                _ => {}
            }
            if round % 64 == 0 {
                let mut spans: Vec<(usize, usize)> = live
                    .iter()
                    .map(|(p, l, _)| (*p as usize, *p as usize + l.size()))
                    .collect();
                spans.sort_unstable();
                for pair in spans.windows(2) {
                    assert!(pair[0].1 <= pair[1].0, "live blocks overlap: {pair:?}");
                }
            }
        }
        for (p, layout, tag) in live {
            // SAFETY: as above.
            let bytes = unsafe { std::slice::from_raw_parts(p, layout.size()) };
            assert!(bytes.iter().all(|b| *b == tag), "a block kept its bytes");
            unsafe { dealloc(p, layout) };
        }
    };
    load(20_000);
    // The same load again, once the first has left its blocks on the free lists, and once
    // more: the memory reaches its size on the first rounds and stays there.
    load(20_000);
    let pages = core::arch::wasm32::memory_size(0);
    for _ in 0..3 {
        load(20_000);
    }
    assert_eq!(
        core::arch::wasm32::memory_size(0),
        pages,
        "the same load grew the memory"
    );
}
