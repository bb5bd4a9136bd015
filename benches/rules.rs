//! Native benchmark of the rules engine alone, without the JS/wasm boundary: how long
//! `validate` takes on the six orders of the JS benchmark (bench/orders.json), next to the
//! reading of the call's tape (the form in which JS hands it over, `tape::decode_call`) and the
//! writing of the report's tape (`tape::encode_report_into`, into buffers kept between calls as
//! the package's fast path keeps them), which the wasm build does around
//! `validate` on every `validateOrder` call.
//!
//!     cargo bench --bench rules                 # 7 rounds of 100 ms per order and measure
//!     cargo bench --bench rules -- --quick      # 3 rounds of 20 ms
//!
//! Std only (no criterion): each measure runs in batches for a fixed time per round, rounds
//! interleave the orders and measures, and the median of the rounds is printed. The build
//! profile is `bench`, which inherits `release` (opt-level "z", the same as the wasm build).
//!
//! The orders are built like bench/orders.mjs builds them (tests/cases/README.md: base, unset,
//! set, $CSR_* tokens). serde_json here sorts object keys (no `preserve_order`), so fields are
//! visited in another order than in Node; the verdicts and issues are the same.

// The crate's tests and benches are also built for wasm32 (clippy --all-targets); the benchmark
// itself is native only.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    use certcentral_orders::internals::tape;
    use certcentral_orders::{validate, Date, Options, Value};
    use serde_json::Value as Json;

    struct Order {
        name: String,
        product: String,
        valid: bool,
        /// The order as JSON text (its size is printed).
        text: String,
        /// The order as a tape (what the wasm build receives from JS).
        tape: Vec<u8>,
        /// The order as the rules read it, converted once, outside the timed loops.
        value: Value<'static>,
    }

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn read_json(path: &Path) -> Json {
        serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn steps(path: &str) -> Vec<&str> {
        path.split('.').collect()
    }

    fn index(step: &str) -> Option<usize> {
        (!step.is_empty() && step.bytes().all(|b| b.is_ascii_digit()))
            .then(|| step.parse().ok())
            .flatten()
    }

    fn unset(v: &mut Json, path: &str) {
        let keys = steps(path);
        let (last, parents) = keys.split_last().expect("empty path");
        let mut cur = v;
        for k in parents {
            cur = match index(k) {
                Some(i) if cur.is_array() => &mut cur[i],
                _ => &mut cur[*k],
            };
        }
        match (cur, index(last)) {
            (Json::Array(items), Some(i)) => {
                items.remove(i);
            }
            (Json::Object(map), _) => {
                map.remove(*last);
            }
            _ => panic!("unset {path}: no such path"),
        }
    }

    fn set(v: &mut Json, path: &str, value: &Json) {
        let keys = steps(path);
        let (last, parents) = keys.split_last().expect("empty path");
        let mut cur = v;
        for k in parents {
            cur = match (index(k), cur) {
                (Some(i), Json::Array(items)) => &mut items[i],
                (_, Json::Object(map)) => {
                    let slot = map
                        .entry(k.to_string())
                        .or_insert_with(|| Json::Object(Default::default()));
                    if !slot.is_object() && !slot.is_array() {
                        *slot = Json::Object(Default::default());
                    }
                    slot
                }
                _ => panic!("set {path}: {k} is not in an object or array"),
            };
        }
        match (index(last), cur) {
            (Some(i), Json::Array(items)) => items[i] = value.clone(),
            (_, Json::Object(map)) => {
                map.insert(last.to_string(), value.clone());
            }
            _ => panic!("set {path}: the parent is not an object or array"),
        }
    }

    fn replace_csr(v: &mut Json) {
        match v {
            Json::String(s) => {
                let file = match s.as_str() {
                    "$CSR_RSA2048" => "rsa2048",
                    "$CSR_RSA3072" => "rsa3072",
                    "$CSR_RSA4096" => "rsa4096",
                    "$CSR_EC256" => "ec256",
                    "$CSR_EC384" => "ec384",
                    _ => return,
                };
                *s = read(&root().join(format!("tests/fixtures/csr/{file}.pem")));
            }
            Json::Array(items) => items.iter_mut().for_each(replace_csr),
            Json::Object(map) => map.values_mut().for_each(replace_csr),
            _ => {}
        }
    }

    fn orders() -> (Vec<Order>, Date) {
        let spec = read_json(&root().join("bench/orders.json"));
        let today = spec["today"]
            .as_str()
            .and_then(Date::parse_iso)
            .expect("bench/orders.json: today");
        let keys = certcentral_orders::internals::rules::known_keys();
        let mut out = Vec::new();
        for o in spec["orders"]
            .as_array()
            .expect("bench/orders.json: orders")
        {
            let field = |k: &str| {
                o[k].as_str()
                    .unwrap_or_else(|| panic!("bench/orders.json: {k}"))
            };
            let cases = read_json(&root().join(format!("tests/cases/{}.json", field("cases"))));
            let mut order = cases["bases"][field("base")].clone();
            assert!(!order.is_null(), "no base {}", field("base"));
            for p in o["unset"].as_array().into_iter().flatten() {
                unset(&mut order, p.as_str().expect("unset path"));
            }
            for (p, v) in o["set"].as_object().into_iter().flatten() {
                set(&mut order, p, v);
            }
            replace_csr(&mut order);
            let text = serde_json::to_string(&order).expect("order text");
            let value = Value::from_json(&order).into_owned();
            // As orderToTape writes it: product and today first, known keys as their index.
            let args = tape::CallArgs {
                product: field("product").into(),
                today: tape::Today::Text(spec["today"].as_str().expect("today")),
            };
            let tape = tape::encode_call(&args, &value, keys).expect("a tape of the order");
            assert_eq!(
                tape::decode_call(&tape, keys).map(|(_, v)| v).as_ref(),
                Ok(&value),
                "tape::decode_call does not give the order back"
            );
            out.push(Order {
                name: field("name").to_owned(),
                product: field("product").to_owned(),
                valid: o["valid"].as_bool().expect("valid"),
                text,
                tape,
                value,
            });
        }
        (out, today)
    }

    /// Calls `f` in batches until `time` has passed; returns ns per call.
    fn run(f: &mut dyn FnMut() -> usize, batch: u64, time: Duration) -> f64 {
        let mut sink = 0usize;
        let mut calls = 0u64;
        let start = Instant::now();
        loop {
            for _ in 0..batch {
                sink = sink.wrapping_add(f());
            }
            calls += batch;
            let elapsed = start.elapsed();
            if elapsed >= time {
                black_box(sink);
                return elapsed.as_nanos() as f64 / calls as f64;
            }
        }
    }

    /// A batch that takes about 100 µs, doubling from 1 (also a warm-up).
    fn calibrate(f: &mut dyn FnMut() -> usize) -> u64 {
        let mut batch = 1u64;
        loop {
            let start = Instant::now();
            for _ in 0..batch {
                black_box(f());
            }
            if start.elapsed() >= Duration::from_micros(100) || batch >= 1 << 24 {
                return batch;
            }
            batch *= 2;
        }
    }

    fn median(xs: &[f64]) -> f64 {
        let mut s = xs.to_vec();
        s.sort_by(f64::total_cmp);
        let m = s.len() / 2;
        if s.len() % 2 == 1 {
            s[m]
        } else {
            (s[m - 1] + s[m]) / 2.0
        }
    }

    /// One (order, measure): the closure, its batch size and ns per call of each round.
    struct Cell<'a> {
        f: Box<dyn FnMut() -> usize + 'a>,
        batch: u64,
        ns: Vec<f64>,
    }

    const MEASURES: [&str; 4] = ["rules", "decode_call", "encode_report", "read+rules+tape"];

    pub fn main() {
        let quick = std::env::args().any(|a| a == "--quick");
        let (rounds, time) = if quick {
            (3, Duration::from_millis(20))
        } else {
            (7, Duration::from_millis(100))
        };
        let (orders, today) = orders();
        let options = Options::default().today(today);
        let keys = certcentral_orders::internals::rules::known_keys();

        // Sanity: the verdicts the JS benchmark expects.
        for o in &orders {
            let report = validate(&o.product, &o.value, &options);
            assert_eq!(
                report.valid,
                o.valid,
                "{}: expected valid = {}; issues: {:#?}",
                o.name,
                o.valid,
                report.issues.iter().map(|i| i.field()).collect::<Vec<_>>()
            );
        }

        // One closure per (order, measure); each returns something derived from its result so the
        // work cannot be optimized away.
        let mut cells: Vec<Vec<Cell>> = orders
            .iter()
            .map(|o| {
                let report = validate(&o.product, &o.value, &options);
                let fns: Vec<Box<dyn FnMut() -> usize + '_>> = vec![
                    Box::new(move || {
                        validate(black_box(&o.product), black_box(&o.value), &options)
                            .issues
                            .len()
                    }),
                    Box::new(move || match tape::decode_call(black_box(&o.tape), keys) {
                        Ok((_, Value::Object(fields))) => fields.len(),
                        _ => 0,
                    }),
                    Box::new({
                        let mut out = tape::ReportTape::default();
                        move || {
                            out.ops.clear();
                            out.text.clear();
                            tape::encode_report_into(
                                &mut out,
                                report.valid,
                                black_box(&report.issues),
                            );
                            out.ops.len()
                        }
                    }),
                    Box::new({
                        let mut out = tape::ReportTape::default();
                        move || match tape::decode_call(black_box(&o.tape), keys) {
                            Ok((args, value)) => {
                                out.write(&validate(&args.product, &value, &options));
                                out.ops.len()
                            }
                            _ => 0,
                        }
                    }),
                ];
                fns.into_iter()
                    .map(|mut f| {
                        let batch = calibrate(&mut *f);
                        Cell {
                            f,
                            batch,
                            ns: Vec::new(),
                        }
                    })
                    .collect()
            })
            .collect();

        println!(
            "rules benchmark (native, profile `bench`): {rounds} rounds × {} ms per order and measure; today = {today}",
            time.as_millis()
        );
        // Linux only: a busy machine makes the figures noisy, so say how busy it is.
        if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
            let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
            println!(
                "load average {} on {cpus} CPUs",
                load.split_whitespace().next().unwrap_or("?")
            );
        }
        for r in 0..rounds {
            for row in cells.iter_mut() {
                let n = row.len();
                for k in 0..n {
                    let cell = &mut row[(k + r) % n];
                    cell.ns.push(run(&mut *cell.f, cell.batch, time));
                }
            }
        }

        println!();
        println!("ns per call, median of rounds");
        print!("{:<22}{:>7}{:>8}", "order", "bytes", "issues");
        for m in MEASURES {
            print!("{m:>18}");
        }
        println!("{:>14}", "rules share");
        for (o, row) in orders.iter().zip(&cells) {
            let ns: Vec<f64> = row.iter().map(|c| median(&c.ns)).collect();
            let issues = validate(&o.product, &o.value, &options).issues.len();
            print!("{:<22}{:>7}{:>8}", o.name, o.text.len(), issues);
            for x in &ns {
                print!("{:>18}", format!("{x:.0}"));
            }
            println!("{:>13.0}%", 100.0 * ns[0] / ns[3]);
        }
        println!();
        println!(
            "rules: validate() on a Value built beforehand (Value::from_json outside the loop)."
        );
        println!(
            "decode_call: the call's tape to a Value, as the wasm build reads what JS hands it."
        );
        println!(
            "encode_report: the report's numbers and text, as the wasm build writes them for reportOf (into kept buffers)."
        );
        println!(
            "read+rules+tape: all three, the Rust work of one validateOrder call; the rest of the"
        );
        println!(
            "time Node measures (bench/bench.mjs) is JS (orderToTape, reportOf, the glue's crossings)"
        );
        println!("plus whatever wasm runs slower than native code.");

        // Side by side with the Node figures, when bench/results.json is there.
        if let Ok(text) = std::fs::read_to_string(root().join("bench/results.json")) {
            if let Ok(results) = serde_json::from_str::<Json>(&text) {
                println!();
                println!(
                    "vs. validateOrder in Node (bench/results.json of {}):",
                    results["date"].as_str().unwrap_or("?")
                );
                println!(
                    "{:<22}{:>14}{:>18}{:>16}",
                    "order", "Node µs", "native Rust µs", "outside Rust"
                );
                for (o, row) in orders.iter().zip(&cells) {
                    let node_us = results["throughput"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .find(|t| t["order"].as_str() == Some(&o.name))
                        .and_then(|t| t["us_per_op"]["ours"].as_f64());
                    let native_us = median(&row[3].ns) / 1000.0;
                    match node_us {
                        Some(n) => println!(
                            "{:<22}{:>14.1}{:>18.1}{:>15.0}%",
                            o.name,
                            n,
                            native_us,
                            100.0 * (n - native_us) / n
                        ),
                        None => println!("{:<22}{:>14}{:>18.1}", o.name, "-", native_us),
                    }
                }
            }
        }
    }
}
