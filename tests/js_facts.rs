//! The facts the JavaScript side shares with Rust are written once, in Rust: the readers'
//! limits (src/value.rs), the tape's tags and known-key mark (src/tape.rs), the issue codes
//! (src/report.rs), the field names sent by index (src/rules/mod.rs, `KNOWN_KEYS`) and the
//! field rules' ids and params' names a report sends by index (src/tape.rs). src/js/support.js
//! holds a generated copy between the markers below; this
//! test fails when it is stale (rewrite it with `UPDATE_JS_FACTS=1 cargo test --test js_facts`).
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write as _;

use certcentral_orders::internals::rules::KNOWN_KEYS;
use certcentral_orders::internals::tape::{FIELD_RULE_IDS, KNOWN_KEY, PARAM_NAMES, TAGS};
use certcentral_orders::internals::value::{MAX_DEPTH, MAX_ITEMS, MAX_STRING_LEN, MAX_VALUES};
use certcentral_orders::Code;

const BEGIN: &str = "// generated from src/value.rs, src/tape.rs, src/report.rs and src/rules/mod.rs by tests/js_facts.rs, do not edit";
const END: &str = "// end of generated";

fn facts() -> String {
    let mut js = String::new();
    js.push_str(BEGIN);
    js.push_str(" (UPDATE_JS_FACTS=1 cargo test --test js_facts rewrites it)\n");
    js.push_str("// The readers' limits. MAX_VALUES also bounds objects that share parts (a DAG that a naive\n// walk would expand exponentially).\n");
    for (name, n) in [
        ("MAX_DEPTH", MAX_DEPTH),
        ("MAX_ITEMS", MAX_ITEMS),
        ("MAX_STRING_LEN", MAX_STRING_LEN),
        ("MAX_VALUES", MAX_VALUES),
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
    js.push_str("// The field names the rules know, each sent as its index in this list (commas never occur in\n// them).\nconst KNOWN_KEYS = '");
    js.push_str(&KNOWN_KEYS.join(","));
    js.push_str("';\n");
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
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/products.d.ts");
    let want = product_types();
    if std::env::var_os("UPDATE_JS_FACTS").is_some() {
        std::fs::write(path, &want).expect("write pkg-template/products.d.ts");
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "pkg-template/products.d.ts is stale: run `UPDATE_JS_FACTS=1 cargo test --test js_facts`"
    );
}
