//! The facts the JavaScript side shares with Rust are written once, in Rust: the readers'
//! limits (src/value.rs), the tape's tags and known-key mark (src/tape.rs), the issue codes
//! (src/report.rs) and the field rules' ids and params' names a report sends by index
//! (src/tape.rs). (The field names sent by index, `KNOWN_KEYS`, JS reads from the wasm itself:
//! src/rules/mod.rs, `KNOWN_KEYS`.) src/js/support.js
//! holds a generated copy between the markers below; this
//! test fails when it is stale (rewrite it with `UPDATE_JS_FACTS=1 cargo test --test js_facts`).
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write as _;

#[path = "support/generated.rs"]
mod generated;

use certcentral_orders::internals::tape::{FIELD_RULE_IDS, KNOWN_KEY, PARAM_NAMES, TAGS, WHYS};
use certcentral_orders::internals::value::{
    MAX_BYTES, MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN, MAX_VALUES,
};
use certcentral_orders::Code;

const BEGIN: &str = "// generated from src/value.rs, src/tape.rs, src/report.rs, src/rules/mod.rs and src/rules/describe.rs by tests/js_facts.rs, do not edit";
const END: &str = "// end of generated";

fn facts() -> String {
    let mut js = String::new();
    js.push_str(BEGIN);
    js.push_str(" (UPDATE_JS_FACTS=1 cargo test --test js_facts rewrites it)\n");
    js.push_str("// The readers' limits. MAX_VALUES also bounds objects that share parts (a DAG that a naive\n// walk would expand exponentially); MAX_BYTES bounds an order's tape.\n");
    for (name, n) in [
        ("MAX_DEPTH", MAX_DEPTH),
        ("MAX_ITEMS", MAX_ITEMS),
        ("MAX_STRING_LEN", MAX_STRING_LEN),
        ("MAX_VALUES", MAX_VALUES),
        ("MAX_BYTES", MAX_BYTES),
    ] {
        let _ = writeln!(js, "const {name} = {n};");
    }
    js.push_str(
        "// The tape's tag bytes, and the mark on the last byte of a key sent as its index.\n",
    );
    for (name, tag) in TAGS {
        let _ = writeln!(js, "const TAG_{name} = {tag};");
    }
    let _ = writeln!(js, "const KNOWN_KEY_MARK = 0x{:x};", KNOWN_KEY >> 24);
    js.push_str("// Why a value is TAG_UNREADABLE: the byte after the tag.\n");
    for (name, why) in WHYS {
        let _ = writeln!(js, "const WHY_{name} = {why};");
    }
    js.push_str("// Issue codes by their number on the report tape.\nconst CODES = [");
    for (i, code) in Code::ALL.iter().enumerate() {
        let name = serde_json::to_value(code).expect("a code's name");
        let _ = write!(js, "{}{name}", if i > 0 { ", " } else { "" });
    }
    js.push_str("];\n");
    for (name, list, what) in [
        ("FIELD_RULE_IDS", &FIELD_RULE_IDS[..], "field rules' ids"),
        ("PARAM_NAMES", PARAM_NAMES, "params' names"),
    ] {
        let _ = writeln!(
            js,
            "// The {what} a report sends as their index in this list.\nconst {name} = '{}'.split(',');",
            list.join(",")
        );
    }
    js.push_str(END);
    js
}

#[test]
fn support_js_facts_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/js/support.js");
    let text = std::fs::read_to_string(path).expect("src/js/support.js");
    let (Some(start), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        panic!("src/js/support.js has no generated region ({BEGIN} ... {END})");
    };
    let have = text.get(start..end + END.len()).unwrap_or_default();
    let want = facts();
    if std::env::var_os("UPDATE_JS_FACTS").is_some() {
        let updated = text.replacen(have, &want, 1);
        std::fs::write(path, updated).expect("write src/js/support.js");
        return;
    }
    assert!(
        have == want,
        "src/js/support.js's generated facts are stale: run `UPDATE_JS_FACTS=1 cargo test --test js_facts`"
    );
}

/// The product ids and each one's body type, for the package's TypeScript declarations
/// (scripts/build-pkg.mjs appends pkg-template/products.d.ts to them).
fn product_types() -> String {
    use certcentral_orders::{Family, Product};
    let mut ts = String::from(
        "// generated from src/products.rs by tests/js_facts.rs, do not edit (UPDATE_JS_FACTS=1 cargo test --test js_facts rewrites it)\n\n",
    );
    ts.push_str(
        "/** A product id of `POST /order/certificate/{product_id}`. */\nexport type ProductId =",
    );
    for p in Product::ALL {
        let _ = write!(ts, "\n    | \"{}\"", p.id());
    }
    ts.push_str(";\n\n/** Each product's request body. */\nexport interface OrderBodies {\n");
    for p in Product::ALL {
        let body = match p.family() {
            Family::Ssl => "SslOrder",
            Family::Client => "ClientOrder",
            Family::CodeSigning => "CodeSigningOrder",
            Family::SecureEmail => "SecureEmailOrder",
            other => panic!("{other:?}: name the family's body type here"),
        };
        let _ = writeln!(ts, "    {}: {body};", p.id());
    }
    ts.push_str("}\n\n/** The request body of product `P`: `OrderFor<\"ssl_securesite\">` is `SslOrder`. */\nexport type OrderFor<P extends ProductId> = OrderBodies[P];\n");
    // The literal values the field tables allow, by family (the models' fields use these names).
    for (family, words, product) in [
        ("Ssl", "Secure Site", Product::SslSecureSite),
        (
            "Client",
            "client certificate",
            Product::ClientAuthenticationPlus,
        ),
        ("CodeSigning", "code signing", Product::CodeSigning),
        ("SecureEmail", "Secure Email", Product::SecureEmailMailbox),
    ] {
        let fields = certcentral_orders::order_fields(product);
        for (path, name) in [
            ("certificate.signature_hash", "SignatureHash"),
            ("validity_years", "ValidityYears"),
            ("order_validity.years", "OrderValidityYears"),
        ] {
            let Some(field) = find_field(&fields, path) else {
                continue;
            };
            let _ = write!(
                ts,
                "\n/** `{path}` on {words} orders, from the field table. */\nexport type {family}{name} = {};\n",
                literal_type(field)
            );
        }
    }
    ts
}

fn find_field<'a>(
    fields: &'a [certcentral_orders::FieldInfo],
    path: &str,
) -> Option<&'a certcentral_orders::FieldInfo> {
    fields.iter().find_map(|f| {
        if f.path == path {
            Some(f)
        } else {
            f.fields
                .as_deref()
                .and_then(|inner| find_field(inner, path))
        }
    })
}

/// The TypeScript type of a field's allowed values: its closed list, or its integer range; an
/// open list also admits any string.
fn literal_type(field: &certcentral_orders::FieldInfo) -> String {
    use certcentral_orders::Allowed;
    let mut parts: Vec<String> = match (&field.allowed, field.min, field.max) {
        (Some(allowed), _, _) => allowed
            .iter()
            .map(|a| match a {
                Allowed::Str(s) => format!("\"{s}\""),
                Allowed::Int(n) => n.to_string(),
            })
            .collect(),
        (None, Some(min), Some(max)) if max - min <= 10 => {
            (min..=max).map(|n| n.to_string()).collect()
        }
        _ => vec![if field.kind == certcentral_orders::FieldKind::Integer {
            "number".to_owned()
        } else {
            "string".to_owned()
        }],
    };
    if field.open {
        parts.push("(string & {})".to_owned());
    }
    parts.join(" | ")
}

#[test]
fn product_types_are_current() {
    generated::check(
        "pkg-template/products.d.ts",
        &product_types(),
        "UPDATE_JS_FACTS",
        "js_facts",
    );
}

/// orderFields' answers as data for the package (src/js/data.js), so the wasm carries no
/// describing code (measured: the validation wasm 59,216 -> 51,708 bytes, zlib -9):
/// - `FIELDS`: every product's field descriptions as JSON text, each distinct description once
///   (`nodes`; a group's `fields` and a list's `items` are indices there) and each product's
///   fields as indices (`products`): the five SSL products share most of theirs. Their validity
///   presets are left empty: they depend on the day, and src/js/support.js works them out
///   (`presetsOf`) by validating each choice, as src/rules/describe.rs does for Rust callers;
///   `fields_are_the_same_every_day` holds that nothing else changes with the day, and
///   tests/js/data.test.mjs that the two agree on the presets (`PRESETS_EXPECTED`).
/// - `PRESET_TEXTS`: the presets' label and help templates.
/// - `PRODUCTS`: `products()`'s answer (no day in it), as JSON text: the wasm then needs no serde
///   JSON writer (with inspectCsr's details hand-written, the validation wasm 51,708 -> 49,692, gzip -9).
/// - `FINAL_STATUSES`: the order statuses `OrderStatus::is_final` names, for the command line.
/// - `DOWNLOAD_FORMATS`: the download formats CertCentral documents, for the command line.
/// - `UNSURE_HINTS`: how the client's errors end when an order may have been created, for the
///   command line, which says what to do with the command instead.
fn data_js() -> String {
    use certcentral_orders::{order_fields, Product};
    use std::collections::{BTreeMap, HashMap};
    let mut js = String::from(
        "// generated from the field tables (src/rules/) by tests/js_facts.rs, do not edit (UPDATE_JS_FACTS=1 cargo test --test js_facts rewrites it)\n",
    );
    let mut nodes: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut products = serde_json::Map::new();
    for &p in Product::ALL {
        let mut fields = order_fields(p);
        without_presets(&mut fields);
        let roots: Vec<usize> = fields
            .iter()
            .map(|f| node(f, "", &mut nodes, &mut index))
            .collect();
        products.insert(p.id().to_owned(), serde_json::json!(roots));
    }
    let text = format!(
        "{{\"nodes\":[{}],\"products\":{}}}",
        nodes.join(","),
        serde_json::Value::Object(products)
    );
    // In single quotes, which JSON text rarely holds: fewer escapes than a JSON string.
    let literal = text.replace('\\', "\\\\").replace('\'', "\\'");
    assert!(!literal.contains(['\n', '\r', '\u{2028}', '\u{2029}']));
    js.push_str("// orderFields' descriptions (JSON text, parsed when first asked for): each distinct field once in\n// `nodes` (a group's `fields` and a list's `items` as indices there; no `path`: the holder's and\n// the name), each product's fields as indices. Every `presets` list is empty: the presets\n// depend on the day (presetsOf).\n");
    let _ = writeln!(js, "export const FIELDS = '{literal}';");
    js.push_str("// The validity presets' label and help templates (src/rules/describe.rs).\nexport const PRESET_TEXTS = ");
    let texts: BTreeMap<&str, &str> = certcentral_orders::internals::rules::describe::PRESET_TEXTS
        .iter()
        .copied()
        .collect();
    js.push_str(&serde_json::to_string(&texts).expect("texts as JSON"));
    js.push_str(";\n// products()' answer, as JSON text.\nexport const PRODUCTS = '");
    let products =
        serde_json::to_string(&certcentral_orders::products()).expect("products as JSON");
    assert!(
        !products.contains(['\'', '\\', '\n']),
        "quote PRODUCTS as FIELDS is"
    );
    js.push_str(&products);
    js.push_str("';\n");
    // The statuses after which an order will not be issued: the command line's, which
    // scripts/build-pkg.mjs writes into cli.mjs (no glue carries them).
    let last: Vec<String> = certcentral_orders::models::OrderStatus::known()
        .filter(|s| s.is_final())
        .map(|s| s.as_str().to_owned())
        .collect();
    assert!(!last.is_empty(), "no final status");
    js.push_str("// The statuses after which an order will not be issued (OrderStatus::is_final): the command\n// line's (scripts/build-pkg.mjs writes them into cli.mjs).\nexport const FINAL_STATUSES = ");
    js.push_str(&serde_json::to_string(&last).expect("statuses as JSON"));
    js.push_str(";\n");
    // The download formats CertCentral documents: the command line checks `order --download`
    // against them before it places the order.
    js.push_str("// The download formats CertCentral documents (lifecycle::DOWNLOAD_FORMATS): the command line's,\n// which checks order --download against them before placing the order.\nexport const DOWNLOAD_FORMATS = ");
    js.push_str(
        &serde_json::to_string(
            certcentral_orders::internals::transport::lifecycle::DOWNLOAD_FORMATS,
        )
        .expect("formats as JSON"),
    );
    js.push_str(";\n");
    // What the client's error adds when an order may have been created: the command line puts
    // its own advice (run the same command again) in its place.
    js.push_str("// What the client's errors end with when an order may have been created, a reissue requested or\n// an order canceled (transport::ORDER_UNSURE, ORDER_UNSURE_ALT, ORDER_NOT_FOUND, REISSUE_UNSURE,\n// lifecycle::CANCEL_UNSURE): the command line's, which gives its own advice instead.\nexport const UNSURE_HINTS = ");
    js.push_str(
        &serde_json::to_string(&[
            certcentral_orders::internals::transport::ORDER_UNSURE,
            certcentral_orders::internals::transport::ORDER_UNSURE_ALT,
            certcentral_orders::internals::transport::ORDER_NOT_FOUND,
            certcentral_orders::internals::transport::REISSUE_UNSURE,
            certcentral_orders::internals::transport::lifecycle::CANCEL_UNSURE,
        ])
        .expect("hints as JSON"),
    );
    js.push_str(";\n");
    js
}

/// `f` as a node of `nodes` (its fields and items first, as their indices there), its index: an
/// equal one already there, or a new one. The node's text keeps serde's order of keys, without
/// the `path`: JS puts it back first, the holder's path and the `name` joined with a dot (the
/// name alone at the top), which this checks.
fn node(
    f: &certcentral_orders::FieldInfo,
    holder: &str,
    nodes: &mut Vec<String>,
    index: &mut std::collections::HashMap<String, usize>,
) -> usize {
    let path = if holder.is_empty() {
        f.name.to_owned()
    } else {
        format!("{holder}.{}", f.name)
    };
    assert_eq!(
        f.path, path,
        "orderFields' paths are the holder's and the name"
    );
    let mut shell = f.clone();
    let mut text = String::new();
    // The children become indices in place of the texts serde writes for stand-ins.
    let fields = f.fields.as_deref().map(|inner| {
        let ids: Vec<String> = inner
            .iter()
            .map(|g| node(g, &f.path, nodes, index).to_string())
            .collect();
        ids.join(",")
    });
    let item = f
        .items
        .as_deref()
        .map(|item| node(item, &f.path, nodes, index));
    if fields.is_some() {
        shell.fields = Some(Vec::new());
    }
    let stand_in = item.map(|_| {
        let mut s = f.clone();
        s.path = "\u{1}items".to_owned();
        s.fields = None;
        s.items = None;
        shell.items = Some(Box::new(s.clone()));
        serde_json::to_string(&s).expect("a field as JSON")
    });
    text.push_str(&serde_json::to_string(&shell).expect("a field as JSON"));
    if let Some(ids) = fields {
        assert_eq!(text.matches("\"fields\":[]").count(), 1, "{text}");
        text = text.replace("\"fields\":[]", &format!("\"fields\":[{ids}]"));
    }
    if let (Some(i), Some(s)) = (item, stand_in) {
        let from = format!("\"items\":{s}");
        assert_eq!(text.matches(&from).count(), 1, "{text}");
        text = text.replace(&from, &format!("\"items\":{i}"));
    }
    let head = format!("{{\"path\":{},", serde_json::json!(f.path));
    let text = format!(
        "{{{}",
        text.strip_prefix(&head).expect("`path` comes first")
    );
    if let Some(&i) = index.get(&text) {
        return i;
    }
    nodes.push(text.clone());
    index.insert(text, nodes.len() - 1);
    nodes.len() - 1
}

fn without_presets(fields: &mut [certcentral_orders::FieldInfo]) {
    for f in fields {
        if let Some(presets) = f.presets.as_mut() {
            presets.clear();
        }
        if let Some(inner) = f.fields.as_deref_mut() {
            without_presets(inner);
        }
        if let Some(item) = f.items.as_deref_mut() {
            without_presets(std::slice::from_mut(item));
        }
    }
}

#[test]
fn data_js_is_current() {
    generated::check("src/js/data.js", &data_js(), "UPDATE_JS_FACTS", "js_facts");
}

/// What makes src/js/data.js data: orderFields differs from day to day only in its presets
/// (every week over five years, and each day a dated change of src/rules/dates.rs takes effect,
/// with the days before and after it).
#[test]
fn fields_are_the_same_every_day() {
    use certcentral_orders::{order_fields_on, Date, Product};
    let first = Date::parse_iso("2025-01-01").expect("a day");
    let mut days: Vec<Date> = (0..=5 * 365 / 7).map(|w| first.add_days(w * 7)).collect();
    for day in change_days() {
        days.extend([day.add_days(-1), day, day.add_days(1)]);
    }
    for &p in Product::ALL {
        let mut want = order_fields_on(p, first);
        without_presets(&mut want);
        for &day in &days {
            let mut fields = order_fields_on(p, day);
            let has_presets = presets_at(&fields);
            without_presets(&mut fields);
            assert_eq!(fields, want, "{p:?} on {day}");
            // The presets are on the field orderFields describes as whole years with both
            // bounds, not deprecated (`order_validity.years` or `validity_years`, whichever way
            // of writing the validity the product lists first), read here from the description
            // rather than the tables validity_presets reads; and only there.
            let years = fields
                .iter()
                .find_map(|f| match f.path.as_str() {
                    "order_validity" => Some("order_validity.years"),
                    "validity_years" => Some("validity_years"),
                    _ => None,
                })
                .and_then(|path| find_field(&fields, path))
                .filter(|f| {
                    f.kind == certcentral_orders::FieldKind::Integer
                        && f.min.is_some()
                        && f.max.is_some()
                        && f.deprecated.is_none()
                })
                .map(|f| f.path.clone());
            assert_eq!(
                has_presets.as_ref().map(|(path, _)| path.clone()),
                years,
                "{p:?} on {day}"
            );
        }
    }
}

/// The day each dated change of src/rules/dates.rs takes effect.
fn change_days() -> Vec<certcentral_orders::Date> {
    certcentral_orders::internals::rules::dates::DATED
        .iter()
        .map(|change| {
            let (y, m, d) = change.from;
            certcentral_orders::Date::new(y, m, d).expect("a day")
        })
        .collect()
}

fn presets_at(
    fields: &[certcentral_orders::FieldInfo],
) -> Option<(String, Vec<certcentral_orders::Preset>)> {
    fields.iter().find_map(|f| {
        f.presets
            .clone()
            .map(|p| (f.path.clone(), p))
            .or_else(|| f.fields.as_deref().and_then(presets_at))
    })
}

/// What tests/js/data.test.mjs holds the package's orderFields to (tests/js/fields-expected.json,
/// which the package builds from src/js/data.js and its presets it works out in JavaScript):
/// - `fields`: each product's orderFields from Rust on [`FIELDS_DAY`], every `presets` list empty,
///   as its JSON text's length and FNV-1a hash (of its UTF-16 units, as JavaScript counts);
/// - `presets`: each product's validity presets from Rust (templates, as the wasm gave them) on
///   each day a dated change of src/rules/dates.rs takes effect, the day before it, and the first
///   and last day of the five years the changes span; each distinct list once, with its days.
fn fields_expected() -> String {
    use certcentral_orders::{order_fields_on, Date, Product};
    use std::collections::BTreeSet;
    let on = Date::parse_iso(FIELDS_DAY).expect("a day");
    let mut days = BTreeSet::from(["2025-01-01".to_owned(), "2030-01-01".to_owned()]);
    for day in change_days() {
        days.insert(day.add_days(-1).to_string());
        days.insert(day.to_string());
    }
    let mut text = String::from("{\n  \"generated\": \"by tests/js_facts.rs from orderFields in Rust, do not edit (UPDATE_JS_FACTS=1 cargo test --test js_facts rewrites it)\",\n");
    let _ = writeln!(text, "  \"day\": \"{FIELDS_DAY}\",\n  \"fields\": {{");
    for (i, &p) in Product::ALL.iter().enumerate() {
        let mut fields = order_fields_on(p, on);
        without_presets(&mut fields);
        let json = serde_json::to_string(&fields).expect("fields as JSON");
        let (mut hash, mut length) = (0x811c_9dc5_u32, 0);
        for unit in json.encode_utf16() {
            hash = (hash ^ u32::from(unit)).wrapping_mul(0x0100_0193);
            length += 1;
        }
        let comma = if i + 1 < Product::ALL.len() { "," } else { "" };
        let _ = writeln!(
            text,
            "    \"{}\": {{ \"length\": {length}, \"hash\": {hash} }}{comma}",
            p.id()
        );
    }
    text.push_str("  },\n  \"presets\": {\n");
    let mut products = Vec::new();
    for &p in Product::ALL {
        let mut lists: Vec<(Vec<String>, String)> = Vec::new();
        for day in &days {
            let Some((_, list)) =
                presets_at(&order_fields_on(p, Date::parse_iso(day).expect("a day")))
            else {
                continue;
            };
            let json = serde_json::to_string(&list).expect("presets as JSON");
            match lists.iter_mut().find(|(_, l)| *l == json) {
                Some((on, _)) => on.push(day.clone()),
                None => lists.push((vec![day.clone()], json)),
            }
        }
        if lists.is_empty() {
            continue;
        }
        let entries: Vec<String> = lists
            .iter()
            .map(|(on, json)| {
                format!(
                    "      {{ \"days\": {}, \"presets\": {json} }}",
                    serde_json::json!(on)
                )
            })
            .collect();
        products.push(format!(
            "    \"{}\": [\n{}\n    ]",
            p.id(),
            entries.join(",\n")
        ));
    }
    text.push_str(&products.join(",\n"));
    text.push_str("\n  }\n}\n");
    text
}

/// The day tests/js/fields-expected.json gives every product's orderFields on.
const FIELDS_DAY: &str = "2026-12-05";

#[test]
fn fields_expected_is_current() {
    generated::check(
        "tests/js/fields-expected.json",
        &fields_expected(),
        "UPDATE_JS_FACTS",
        "js_facts",
    );
}
