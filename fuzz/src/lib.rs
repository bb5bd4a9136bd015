//! What the fuzz targets share: the example bodies, a structure-aware JSON builder, and the
//! report's contract as assertions (a failed assertion is a crash libFuzzer keeps).
//!
//! Input layout of every target: a few header bytes read with [`Header`], then the rest (text,
//! or bytes that drive [`arb_json`] and [`mutate`]). fuzz/seed.sh writes seeds in that layout.

use std::sync::OnceLock;

use certcentral_orders::internals::json;
use certcentral_orders::internals::products::PRODUCT_IDS;
use certcentral_orders::internals::rules::{order_fields, Field, Ty};
use certcentral_orders::internals::value::{MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN};
use certcentral_orders::{
    validate, validate_json, Code, Date, Options, PathSeg, Product, Report, Severity, Value,
};
use libfuzzer_sys::arbitrary::{Result as ArbResult, Unstructured};
use serde_json::{Map, Number, Value as J};

pub use libfuzzer_sys::arbitrary;

// ---------------------------------------------------------------------------------------------
// Fixtures (the same files as tests/cases, read at build time).

const CASE_FILES: [&str; 5] = [
    include_str!("../../tests/cases/common.json"),
    include_str!("../../tests/cases/code_signing.json"),
    include_str!("../../tests/cases/client.json"),
    include_str!("../../tests/cases/ssl.json"),
    include_str!("../../tests/cases/secure_email.json"),
];

/// The first product byte that takes the product's id as text from the input.
const TEXT_PRODUCT: usize = PRODUCT_IDS.len() * 17;

pub const CSRS: [(&str, &str); 5] = [
    (
        "$CSR_RSA2048",
        include_str!("../../tests/fixtures/csr/rsa2048.pem"),
    ),
    (
        "$CSR_RSA3072",
        include_str!("../../tests/fixtures/csr/rsa3072.pem"),
    ),
    (
        "$CSR_RSA4096",
        include_str!("../../tests/fixtures/csr/rsa4096.pem"),
    ),
    (
        "$CSR_EC256",
        include_str!("../../tests/fixtures/csr/ec256.pem"),
    ),
    (
        "$CSR_EC384",
        include_str!("../../tests/fixtures/csr/ec384.pem"),
    ),
];

fn fill_csrs(v: &mut J) {
    match v {
        J::String(s) => {
            if let Some((_, pem)) = CSRS.iter().find(|(token, _)| token == s) {
                *s = (*pem).to_owned();
            }
        }
        J::Array(items) => items.iter_mut().for_each(fill_csrs),
        J::Object(map) => map.values_mut().for_each(fill_csrs),
        _ => {}
    }
}

/// The case table's `bases`, each once, with CSRs filled in (sorted by name).
pub fn bases() -> &'static [(String, J)] {
    static BASES: OnceLock<Vec<(String, J)>> = OnceLock::new();
    BASES.get_or_init(|| {
        let mut out: Vec<(String, J)> = Vec::new();
        for text in CASE_FILES {
            let Ok(doc) = serde_json::from_str::<J>(text) else {
                continue;
            };
            for (name, base) in doc["bases"].as_object().into_iter().flatten() {
                if out.iter().all(|(n, _)| n != name) {
                    let mut base = base.clone();
                    fill_csrs(&mut base);
                    out.push((name.clone(), base));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    })
}

/// Field names and enumerated values from the rules' own tables: a dictionary for the builder.
pub struct Dictionary {
    pub names: Vec<&'static str>,
    pub strings: Vec<String>,
    pub ints: Vec<i64>,
}

fn walk(fields: &'static [Field], d: &mut Dictionary) {
    for f in fields {
        if !d.names.contains(&f.name) {
            d.names.push(f.name);
        }
        walk_ty(&f.ty, d);
    }
}

fn walk_ty(ty: &'static Ty, d: &mut Dictionary) {
    match ty {
        Ty::Int { .. } => {
            let (min, max) = ty.int_range().unwrap_or_default();
            d.ints.extend([min, max]);
            d.ints.extend(min.checked_sub(1));
            d.ints.extend(max.checked_add(1));
        }
        Ty::IntEnum(list) => d.ints.extend(list.iter().copied()),
        Ty::Enum(list) | Ty::OpenEnum(list, _) => {
            d.strings.extend(list.iter().map(|s| (*s).to_owned()))
        }
        Ty::Object(fields) => walk(fields, d),
        Ty::List { item, .. } => walk_ty(item, d),
        Ty::Str { .. } | Ty::Bool => {}
    }
}

pub fn dictionary() -> &'static Dictionary {
    static DICT: OnceLock<Dictionary> = OnceLock::new();
    DICT.get_or_init(|| {
        let mut d = Dictionary {
            names: Vec::new(),
            strings: Vec::new(),
            ints: vec![0, 55, 199, 200, 201, 824, 825, 1095, 1096, 1 << 53],
        };
        for &p in Product::ALL {
            walk(order_fields(p), &mut d);
        }
        d.strings.extend(
            [
                "example.com",
                "*.example.com",
                "a_b.example.com",
                "locke.cole@example.com",
                "2027-02-01",
                "2026-02-29",
                "01 FEB 2027",
                "31 FEB 2027",
                "0123456789abcdef0123456789abcdef01234567",
                "zh_CN",
                "us",
                "\u{0}certcentral-orders:NaN",
            ]
            .map(str::to_owned),
        );
        d.strings
            .extend(CSRS.iter().map(|(_, pem)| (*pem).to_owned()));
        d
    })
}

// ---------------------------------------------------------------------------------------------
// Header bytes.

/// Reads the fixed header every target starts with; missing bytes read as 0.
pub struct Header<'a> {
    pub data: &'a [u8],
}

impl<'a> Header<'a> {
    pub fn byte(&mut self) -> u8 {
        let (b, rest) = self
            .data
            .split_first()
            .map_or((0, &[][..]), |(b, r)| (*b, r));
        self.data = rest;
        b
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    /// A product: one of the fourteen for bytes below 238 (14 × 17), else text of up to 17
    /// bytes taken from the input.
    pub fn product(&mut self) -> String {
        let b = self.byte();
        if usize::from(b) < TEXT_PRODUCT {
            PRODUCT_IDS[usize::from(b) % PRODUCT_IDS.len()].to_owned()
        } else {
            let n = (usize::from(b) - TEXT_PRODUCT).min(self.data.len());
            let (text, rest) = self.data.split_at(n);
            self.data = rest;
            String::from_utf8_lossy(text).into_owned()
        }
    }

    /// The day date rules count from: 2025-01-01 plus up to 6 years for most values (the policy
    /// dates are in 2026-2029), any day from 0001-01-01 to 9999-12-31 for the rest.
    pub fn today(&mut self) -> Options {
        let v = i64::from(self.u16());
        let days = if v < 60_000 {
            20_089 + v % 2_200
        } else {
            (-719_162 + (v - 60_000) * 661).min(2_932_896)
        };
        Options::default().today(Date::from_days_since_epoch(days))
    }
}

// ---------------------------------------------------------------------------------------------
// A JSON value from fuzz bytes.

fn key(u: &mut Unstructured) -> ArbResult<String> {
    Ok(if u.ratio(3, 4)? {
        (*u.choose(&dictionary().names)?).to_owned()
    } else {
        u.arbitrary()?
    })
}

fn leaf(u: &mut Unstructured) -> ArbResult<J> {
    Ok(match u.int_in_range(0u8..=40)? {
        0 => J::Null,
        1 => J::Bool(u.arbitrary()?),
        2 => J::from(*u.choose(&dictionary().ints)?),
        3 => J::from(u.arbitrary::<i64>()?),
        4 => J::from(u.int_in_range(-3i64..=100)?),
        5 => Number::from_f64(u.arbitrary()?).map_or(J::Null, J::Number),
        6..=15 => J::String(u.choose(&dictionary().strings)?.clone()),
        16..=22 => J::from(u.int_in_range(-3i64..=100)?),
        23..=26 => J::Bool(u.arbitrary()?),
        40 => {
            // A long string at the readers' limit, in 1-, 2- or 4-byte characters.
            let c = *u.choose(&['a', 'é', '😀', '\u{0}'])?;
            let n = MAX_STRING_LEN / c.len_utf8() + usize::from(u.int_in_range(0u8..=4)?) - 2;
            J::String(c.to_string().repeat(n))
        }
        _ => J::String(u.arbitrary()?),
    })
}

/// The byte after a `31` that makes a value a list or object at the entry limit (not 0: see
/// `arb_json`).
const LIMIT_BYTE: u8 = 0x5A;

/// A JSON value; `depth` bounds the recursion of plain lists and objects.
pub fn arb_json(u: &mut Unstructured, depth: usize) -> ArbResult<J> {
    let choice = if depth >= 6 {
        0
    } else {
        u.int_in_range(0u8..=31)?
    };
    // Values at the limits (long strings, deep nesting, 10,000 entries) are rare: they are slow
    // to check, and a few of them cover those paths. A list or object at the entry limit takes a
    // second byte as well (1 in 8,192 values): at 1 in 32 an input of twenty values held one
    // every other time, and those inputs (ten thousand entries read, checked and reported twice)
    // were most of the target's time, 350 inputs a second where it now runs thousands.
    // The second byte must be one value that is not 0: `Unstructured` reads 0 once the input has
    // run out, and the input runs out in the middle of a value in most inputs of mode 2 (its
    // edits come last), so a test of "not 0" made every `31` that ended an input a limit value:
    // half of the validate corpus's run time went to such 9- to 40-byte inputs (40-60 ms each).
    let choice = if choice == 31 && u.arbitrary::<u8>()? != LIMIT_BYTE {
        u.int_in_range(0u8..=17)?
    } else {
        choice
    };
    Ok(match choice {
        0..=17 => leaf(u)?,
        18..=23 => {
            let n = u.int_in_range(0..=5)?;
            J::Array(
                (0..n)
                    .map(|_| arb_json(u, depth + 1))
                    .collect::<ArbResult<_>>()?,
            )
        }
        24..=29 => {
            let n = u.int_in_range(0..=6)?;
            let mut map = Map::new();
            for _ in 0..n {
                map.insert(key(u)?, arb_json(u, depth + 1)?);
            }
            J::Object(map)
        }
        30 => {
            // Nested around the depth limit.
            let levels = u.int_in_range(MAX_DEPTH - 3..=MAX_DEPTH + 3)?;
            let mut v = leaf(u)?;
            for _ in 0..levels {
                v = if u.arbitrary()? {
                    J::Array(vec![v])
                } else {
                    J::Object(Map::from_iter([(key(u)?, v)]))
                };
            }
            v
        }
        _ => {
            // A list or object at the entry limit.
            let extra = usize::from(u.int_in_range(0u8..=2)?);
            if u.arbitrary()? {
                J::Array(vec![J::from(1); MAX_ITEMS - 1 + extra])
            } else {
                J::Object(limit_objects()[extra].clone())
            }
        }
    })
}

/// The objects at the entry limit (`MAX_ITEMS` - 1, + 0, + 1 entries `k0`: 0, `k1`: 1, ...), made
/// once: `arb_json` clones them. Made for each value (10,000 keys formatted, sorted and put into
/// a B-tree, every comparison a `memcmp` that libFuzzer's hook records), they were half the time
/// of the inputs that hold them, and the fuzzer keeps finding such inputs (they reach the
/// readers' limits), so they were a large share of the validate target's time.
fn limit_objects() -> &'static [Map<String, J>; 3] {
    static OBJECTS: OnceLock<[Map<String, J>; 3]> = OnceLock::new();
    OBJECTS.get_or_init(|| {
        std::array::from_fn(|extra| {
            (0..MAX_ITEMS - 1 + extra)
                .map(|i| (format!("k{i}"), J::from(i)))
                .collect()
        })
    })
}

/// How many nodes `paths` would list (object entries and list items; objects when `objects`),
/// up to `cap`.
fn count_nodes(v: &J, objects: bool, cap: usize, n: &mut usize) {
    if *n >= cap {
        return;
    }
    match v {
        J::Object(map) => {
            *n += usize::from(objects);
            for child in map.values() {
                if *n >= cap {
                    break;
                }
                *n += usize::from(!objects);
                count_nodes(child, objects, cap, n);
            }
        }
        J::Array(items) => {
            // (Not past the cap: a list of 10,000 entries would be walked whole.)
            for child in items {
                if *n >= cap {
                    break;
                }
                *n += usize::from(!objects);
                count_nodes(child, objects, cap, n);
            }
        }
        _ => {}
    }
}

/// The path of the `k`-th node in the order `count_nodes` counts them (`k` counts down).
fn nth_node(v: &J, objects: bool, k: &mut usize, here: &mut Vec<J>) -> Option<Vec<J>> {
    let visit = |child: &J, step: J, here: &mut Vec<J>, k: &mut usize| {
        here.push(step);
        let found = if !objects && *k == 0 {
            Some(here.clone())
        } else {
            if !objects {
                *k -= 1;
            }
            nth_node(child, objects, k, here)
        };
        here.pop();
        found
    };
    match v {
        J::Object(map) => {
            if objects {
                if *k == 0 {
                    return Some(here.clone());
                }
                *k -= 1;
            }
            for (key, child) in map {
                if let Some(p) = visit(child, J::from(key.as_str()), here, k) {
                    return Some(p);
                }
            }
            None
        }
        J::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                if let Some(p) = visit(child, J::from(i), here, k) {
                    return Some(p);
                }
            }
            None
        }
        _ => None,
    }
}

/// A node (`objects`: an object) of `order` chosen by `u` among the first 300, without listing
/// every path (listing them was a third of the target's time).
fn pick(u: &mut Unstructured, order: &J, objects: bool) -> ArbResult<Option<Vec<J>>> {
    let mut n = 0;
    count_nodes(order, objects, 300, &mut n);
    if n == 0 {
        return Ok(None);
    }
    let mut k = u.choose_index(n)?;
    Ok(nth_node(order, objects, &mut k, &mut Vec::new()))
}

fn at_mut<'a>(v: &'a mut J, path: &[J]) -> Option<&'a mut J> {
    path.iter().try_fold(v, |v, seg| match (seg, v) {
        (J::String(k), J::Object(map)) => map.get_mut(k),
        (J::Number(i), J::Array(items)) => items.get_mut(i.as_u64()? as usize),
        _ => None,
    })
}

/// Changes `order` a few times: replaces a node, deletes an object entry, or adds an entry.
pub fn mutate(u: &mut Unstructured, order: &mut J) -> ArbResult<()> {
    let n = u.int_in_range(1u8..=4)?;
    for _ in 0..n {
        match u.int_in_range(0u8..=2)? {
            0 => {
                if let Some(path) = pick(u, order, false)? {
                    let value = arb_json(u, 2)?;
                    if let Some(slot) = at_mut(order, &path) {
                        *slot = value;
                    }
                }
            }
            1 => {
                if let Some(path) = pick(u, order, false)? {
                    if let Some((J::String(k), parent)) = path.split_last() {
                        if let Some(J::Object(map)) = at_mut(order, parent) {
                            map.remove(k);
                        }
                    }
                }
            }
            _ => {
                if let Some(path) = pick(u, order, true)? {
                    let (k, v) = (key(u)?, arb_json(u, 2)?);
                    if let Some(J::Object(map)) = at_mut(order, &path) {
                        map.insert(k, v);
                    }
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The report's contract.

fn join(path: &[PathSeg]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, s) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        match s {
            PathSeg::Key(k) => out.push_str(k),
            PathSeg::Index(i) => {
                let _ = write!(out, "{i}");
            }
        }
    }
    out
}

/// What sits at `path` in the order: `Some(true)` for an object or list, `Some(false)` for
/// another value, `None` when there is nothing.
pub type Resolve<'a> = &'a dyn Fn(&[PathSeg]) -> Option<bool>;

pub fn resolve_json(order: &J, path: &[PathSeg]) -> Option<bool> {
    let v = path.iter().try_fold(order, |v, seg| match (seg, v) {
        (PathSeg::Key(k), J::Object(map)) => map.get(k.as_ref()),
        (PathSeg::Index(i), J::Array(items)) => items.get(*i),
        _ => None,
    })?;
    Some(matches!(v, J::Object(_) | J::Array(_)))
}

pub fn resolve_value(order: &Value, path: &[PathSeg]) -> Option<bool> {
    let v = path.iter().try_fold(order, |v, seg| match (seg, v) {
        (PathSeg::Key(k), Value::Object(fields)) => fields
            .iter()
            .rev()
            .find(|(name, _)| name == k.as_ref())
            .map(|(_, v)| v),
        (PathSeg::Index(i), Value::Array(items)) => items.get(*i),
        _ => None,
    })?;
    Some(matches!(v, Value::Object(_) | Value::Array(_)))
}

/// The characters a message or a field shows escaped (src/report.rs, push_shown).
fn shown_escaped(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Asserts everything a report promises (see tests/properties.rs, `sound_report`).
pub fn check_report(product: &str, report: &Report, resolve: Resolve) {
    let errors = report.issues.iter().any(|i| i.severity == Severity::Error);
    assert_eq!(
        report.valid, !errors,
        "valid disagrees with the issues: {report:?}"
    );
    let known = Product::from_id(product).is_some();
    if !known {
        assert_eq!(
            report.issues.len(),
            1,
            "unknown product {product:?}: {report:?}"
        );
    }
    for issue in &report.issues {
        // A key the order made up that is long or holds a control character is shown in `field`
        // as messages show text from the order (cut, escaped); no field or message holds a
        // control character, whatever the input.
        let plain = issue.path.iter().all(|s| match s {
            PathSeg::Key(k) => k.chars().count() <= 60 && !k.chars().any(shown_escaped),
            PathSeg::Index(_) => true,
        });
        if plain {
            assert_eq!(issue.field(), join(&issue.path));
        }
        for text in [issue.field(), issue.message.clone()] {
            assert!(
                !text.chars().any(shown_escaped),
                "a control character: {text:?}"
            );
        }
        assert!(!issue.message.trim().is_empty(), "empty message: {issue:?}");
        assert_eq!(issue.code == Code::UnknownProduct, !known, "{issue:?}");
        if let Some((_, parent)) = issue.path.split_last() {
            assert_eq!(
                resolve(parent),
                Some(true),
                "issue at {} is not inside the order: {issue:?}",
                issue.field()
            );
            assert_eq!(
                resolve(&issue.path).is_some(),
                issue.code != Code::Required,
                "issue at {} vs what the order holds there: {issue:?}",
                issue.field()
            );
        }
    }
    if report.issues.len() > 300 {
        // 10,000 `unknown_field` issues are megabytes of JSON: written and compared in
        // tests/properties.rs; here they would only slow every run down.
        return;
    }
    same_json(report, "report");
}

/// Asserts that `json::to_string(value)` is the JSON serde_json writes for `value`. Most of the
/// time the two texts are the same bytes, which settles it: reading ours back and building
/// serde_json's value to compare them (what is done when the texts differ, as they may where
/// JSON allows two spellings: `\u0008` or `\b`, `1e21` or `1000000000000000000000.0`) was a fifth
/// of the validate target's time.
pub fn same_json<T: serde::Serialize + ?Sized>(value: &T, what: &str) {
    let ours = json::to_string(value).unwrap_or_else(|e| panic!("json::to_string({what}): {e}"));
    let text = serde_json::to_string(value).expect("serde_json::to_string");
    if ours == text {
        return;
    }
    let ours: J = serde_json::from_str(&ours)
        .unwrap_or_else(|e| panic!("json::to_string({what}) wrote bad JSON ({e}): {ours}"));
    let theirs = serde_json::to_value(value).expect("serde_json::to_value");
    assert_eq!(
        ours, theirs,
        "json::to_string and serde_json disagree on the {what}"
    );
}

/// `validate_json` with every check; with `again`, twice (the same report both times: the CSR
/// cache and anything else kept between calls must not change an answer). The `validate` target
/// asks for the second run on a quarter of its inputs, chosen by their bytes so that a crash
/// reproduces: run on every input, it was a third of the target's time (reading the order
/// again), for a property that a quarter of a million inputs a minute checks as well.
pub fn check_json(product: &str, order: &J, options: &Options, again: bool) -> Report {
    let report = validate_json(product, order, options);
    check_report(product, &report, &|p| resolve_json(order, p));
    if again {
        assert_eq!(
            validate_json(product, order, options),
            report,
            "a second run gave another report"
        );
    }
    report
}

/// Whether `check_json` runs an input twice: a quarter of the inputs, by their bytes.
pub fn run_again(data: &[u8]) -> bool {
    data.iter().fold(0u8, |a, b| a.wrapping_add(*b)) % 4 == 0
}

/// `validate` on a `Value` (what the wasm build reads), with every check, twice.
pub fn check_value(product: &str, order: &Value, options: &Options) -> Report {
    let report = validate(product, order, options);
    check_report(product, &report, &|p| resolve_value(order, p));
    assert_eq!(
        validate(product, order, options),
        report,
        "a second run gave another report"
    );
    report
}
