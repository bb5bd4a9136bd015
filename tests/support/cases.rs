//! The case table (tests/cases/*.json): loading, building each order, and comparing a report
//! with what a case expects. Shared by the native and the wasm test binaries, so all three hosts
//! judge the same orders the same way.
#![allow(dead_code)]

use serde_json::{Map, Value as J};

const FILES: [(&str, &str); 5] = [
    ("common", include_str!("../cases/common.json")),
    ("code_signing", include_str!("../cases/code_signing.json")),
    ("client", include_str!("../cases/client.json")),
    ("ssl", include_str!("../cases/ssl.json")),
    ("secure_email", include_str!("../cases/secure_email.json")),
];

const CSRS: [(&str, &str); 10] = [
    ("$CSR_RSA2048", include_str!("../fixtures/csr/rsa2048.pem")),
    ("$CSR_RSA3072", include_str!("../fixtures/csr/rsa3072.pem")),
    ("$CSR_RSA4096", include_str!("../fixtures/csr/rsa4096.pem")),
    ("$CSR_EC256", include_str!("../fixtures/csr/ec256.pem")),
    ("$CSR_EC384", include_str!("../fixtures/csr/ec384.pem")),
    ("$CSR_RSA1024", include_str!("../fixtures/csr/rsa1024.pem")),
    ("$CSR_EC521", include_str!("../fixtures/csr/ec521.pem")),
    ("$CSR_ED25519", include_str!("../fixtures/csr/ed25519.pem")),
    (
        "$CSR_SAN_MIXED",
        include_str!("../fixtures/csr/san-mixed.pem"),
    ),
    (
        "$CSR_CLIENT_EMAIL",
        include_str!("../fixtures/csr/client-email.pem"),
    ),
];

pub const DEFAULT_TODAY: &str = "2026-11-22";

pub struct Case {
    pub name: String,
    pub product: J,
    pub today: String,
    pub order: J,
    pub expect: J,
}

impl Case {
    pub fn product_str(&self) -> String {
        match &self.product {
            J::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// Every case of every file, with its order built.
pub fn load() -> Vec<Case> {
    let mut out = Vec::new();
    for (file, text) in FILES {
        let doc: J = serde_json::from_str(text).unwrap_or_else(|e| panic!("{file}.json: {e}"));
        let bases = doc
            .get("bases")
            .and_then(J::as_object)
            .cloned()
            .unwrap_or_default();
        let cases = doc
            .get("cases")
            .and_then(J::as_array)
            .cloned()
            .unwrap_or_default();
        assert!(!cases.is_empty(), "{file}.json has no cases");
        for c in cases {
            let name = format!("{file}: {}", c["name"].as_str().unwrap_or("(unnamed)"));
            let mut order = match (c.get("order"), c.get("base").and_then(J::as_str)) {
                (Some(o), _) => o.clone(),
                (None, Some(b)) => bases
                    .get(b)
                    .cloned()
                    .unwrap_or_else(|| panic!("{name}: no base {b}")),
                (None, None) => panic!("{name}: neither order nor base"),
            };
            if let Some(set) = c.get("set").and_then(J::as_object) {
                for (path, value) in set {
                    set_path(&mut order, path, value.clone());
                }
            }
            if let Some(unset) = c.get("unset").and_then(J::as_array) {
                for path in unset.iter().filter_map(J::as_str) {
                    unset_path(&mut order, path);
                }
            }
            substitute(&mut order);
            out.push(Case {
                name,
                product: c["product"].clone(),
                today: c
                    .get("today")
                    .and_then(J::as_str)
                    .unwrap_or(DEFAULT_TODAY)
                    .to_owned(),
                order,
                expect: c["expect"].clone(),
            });
        }
    }
    out
}

/// The ready-made example bodies (`bases`), with CSRs filled in: what `make demo` prints.
pub fn bases() -> Vec<(String, J)> {
    let mut out = Vec::new();
    for (_, text) in FILES {
        let doc: J = serde_json::from_str(text).unwrap_or(J::Null);
        if let Some(bases) = doc.get("bases").and_then(J::as_object) {
            for (k, v) in bases {
                let mut v = v.clone();
                substitute(&mut v);
                out.push((k.clone(), v));
            }
        }
    }
    out
}

fn substitute(v: &mut J) {
    match v {
        J::String(s) => {
            if let Some((_, pem)) = CSRS.iter().find(|(token, _)| token == s) {
                *s = (*pem).to_owned();
            }
        }
        J::Array(items) => items.iter_mut().for_each(substitute),
        J::Object(map) => map.values_mut().for_each(substitute),
        _ => {}
    }
}

fn set_path(root: &mut J, path: &str, value: J) {
    let segs: Vec<&str> = path.split('.').collect();
    set_segs(root, &segs, value);
}

fn set_segs(cur: &mut J, segs: &[&str], value: J) {
    let Some((seg, rest)) = segs.split_first() else {
        *cur = value;
        return;
    };
    if cur.is_array() {
        if let Ok(idx) = seg.parse::<usize>() {
            let items = cur.as_array_mut().expect("array");
            while items.len() <= idx {
                items.push(J::Null);
            }
            return set_segs(&mut items[idx], rest, value);
        }
    }
    if !cur.is_object() {
        *cur = J::Object(Map::new());
    }
    let map = cur.as_object_mut().expect("object");
    let next = map.entry((*seg).to_owned()).or_insert(J::Null);
    set_segs(next, rest, value);
}

fn unset_path(root: &mut J, path: &str) {
    let (parent, key) = match path.rsplit_once('.') {
        Some((p, k)) => (p, k),
        None => ("", path),
    };
    let mut cur = root;
    if !parent.is_empty() {
        for seg in parent.split('.') {
            cur = match cur {
                J::Object(m) => match m.get_mut(seg) {
                    Some(v) => v,
                    None => return,
                },
                J::Array(a) => match seg.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                    Some(v) => v,
                    None => return,
                },
                _ => return,
            };
        }
    }
    match cur {
        J::Object(m) => {
            m.remove(key);
        }
        J::Array(a) => {
            if let Some(i) = key.parse::<usize>().ok().filter(|i| *i < a.len()) {
                a.remove(i);
            }
        }
        _ => {}
    }
}

/// Compares a report (as JSON) with the case's expectations; also checks the report's own
/// invariants (`field` is the joined `path`, `valid` means no error, messages are not empty).
pub fn check(case: &Case, report: &J) -> Result<(), String> {
    let issues = report["issues"]
        .as_array()
        .ok_or("report has no issues array")?;
    let valid = report["valid"]
        .as_bool()
        .ok_or("report has no valid flag")?;
    for issue in issues {
        // Every issue names the rule that reported it (RULES.md lists them).
        if issue["rule"].as_str().is_none_or(str::is_empty) {
            return Err(format!("issue without a rule id: {issue}"));
        }
        let joined: Vec<String> = issue["path"]
            .as_array()
            .ok_or("issue without path")?
            .iter()
            .map(|s| match s {
                J::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        if issue["field"].as_str() != Some(joined.join(".").as_str()) {
            return Err(format!(
                "field {} does not match path {:?}",
                issue["field"], joined
            ));
        }
        if issue["message"].as_str().is_none_or(str::is_empty) {
            return Err(format!("issue without message: {issue}"));
        }
        // A `required` issue points at what is absent; any other at what is there (the portal
        // puts the message next to that field). The fuzz target `validate` asserts the same.
        if let Some(segs) = issue["path"].as_array().filter(|s| !s.is_empty()) {
            let there = segs
                .iter()
                .try_fold(&case.order, |v, seg| match seg {
                    J::String(k) => v.get(k.as_str()),
                    J::Number(i) => i.as_u64().and_then(|i| v.get(i as usize)),
                    _ => None,
                })
                .is_some();
            if there == (issue["code"] == "required") {
                return Err(format!(
                    "issue at {} with code {} but the order {} it: {issue}",
                    issue["field"],
                    issue["code"],
                    if there { "holds" } else { "lacks" }
                ));
            }
        }
    }
    let has_error = issues.iter().any(|i| i["severity"] == "error");
    if valid == has_error {
        return Err(format!("valid={valid} but has_error={has_error}"));
    }
    let summary = || {
        issues
            .iter()
            .map(|i| {
                format!(
                    "  {}:{}:{} — {}",
                    i["field"].as_str().unwrap_or("?"),
                    i["code"].as_str().unwrap_or("?"),
                    i["severity"].as_str().unwrap_or("?"),
                    i["message"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    if let Some(want) = case.expect.get("valid").and_then(J::as_bool) {
        if want != valid {
            return Err(format!(
                "expected valid={want}, got {valid}; issues:\n{}",
                summary()
            ));
        }
    }
    let mut left: Vec<&J> = issues.iter().collect();
    for want in case
        .expect
        .get("issues")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        let pos = left.iter().position(|got| {
            got["field"] == want["field"]
                && got["code"] == want["code"]
                && got["severity"] == want["severity"]
                && want
                    .get("params")
                    .and_then(J::as_object)
                    .is_none_or(|params| {
                        params.iter().all(|(k, v)| got["params"].get(k) == Some(v))
                    })
        });
        match pos {
            Some(p) => {
                left.remove(p);
            }
            None => return Err(format!("missing issue {want}; got:\n{}", summary())),
        }
    }
    if case.expect.get("exact").and_then(J::as_bool) == Some(true) && !left.is_empty() {
        let extra: Vec<String> = left
            .iter()
            .map(|i| format!("{}:{}:{}", i["field"], i["code"], i["severity"]))
            .collect();
        return Err(format!(
            "unexpected issues {}; got:\n{}",
            extra.join(", "),
            summary()
        ));
    }
    Ok(())
}

/// Runs every case through `run` (product, order, today), fails with every mismatch listed, and
/// returns how many cases passed.
pub fn run_all(host: &str, run: impl Fn(&Case) -> J) -> usize {
    let cases = load();
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(e) = check(case, &run(case)) {
            failures.push(format!("[{host}] {}\n  {e}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}
