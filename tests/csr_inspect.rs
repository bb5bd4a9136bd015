//! `csr::inspect` on real requests made by openssl (tests/fixtures/csr/README.md says how and
//! what each holds): keys, subjects in every string type, subjectAltNames, signature algorithms,
//! and text that is not a CSR.
#![cfg(not(target_arch = "wasm32"))]

use certcentral_orders::csr::{inspect, KeyAlgorithm};
use certcentral_orders::{Code, Severity};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/csr/{name}.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (fixture, algorithm, bits, curve, signature algorithm)
type KeyCase = (
    &'static str,
    KeyAlgorithm,
    Option<u32>,
    Option<&'static str>,
    &'static str,
);

#[test]
fn keys_and_signature_algorithms() {
    let cases: &[KeyCase] = &[
        (
            "rsa1024",
            KeyAlgorithm::Rsa,
            Some(1024),
            None,
            "sha256WithRSAEncryption",
        ),
        (
            "rsa2048",
            KeyAlgorithm::Rsa,
            Some(2048),
            None,
            "sha256WithRSAEncryption",
        ),
        (
            "rsa3072",
            KeyAlgorithm::Rsa,
            Some(3072),
            None,
            "sha256WithRSAEncryption",
        ),
        (
            "rsa4096",
            KeyAlgorithm::Rsa,
            Some(4096),
            None,
            "sha256WithRSAEncryption",
        ),
        (
            "ec256",
            KeyAlgorithm::Ec,
            Some(256),
            Some("P-256"),
            "ecdsa-with-SHA256",
        ),
        (
            "ec384",
            KeyAlgorithm::Ec,
            Some(384),
            Some("P-384"),
            "ecdsa-with-SHA384",
        ),
        (
            "ec521",
            KeyAlgorithm::Ec,
            Some(521),
            Some("P-521"),
            "ecdsa-with-SHA512",
        ),
        ("ed25519", KeyAlgorithm::Ed25519, Some(256), None, "ED25519"),
    ];
    for &(name, algorithm, bits, curve, signature) in cases {
        let info = inspect(&fixture(name));
        assert!(info.valid, "{name}: {:?}", info.issues);
        assert!(info.issues.is_empty());
        let key = info.key.as_ref().expect("a key");
        assert_eq!(key.algorithm, algorithm, "{name}");
        assert_eq!(key.bits, bits, "{name}");
        assert_eq!(key.curve.as_deref(), curve, "{name}");
        assert_eq!(
            info.signature_algorithm.as_deref(),
            Some(signature),
            "{name}"
        );
        assert_eq!(info.common_name.as_deref(), Some("example.com"), "{name}");
    }
}

#[test]
fn the_whole_subject_and_every_kind_of_alternative_name() {
    let info = inspect(&fixture("san-mixed"));
    assert!(info.valid, "{:?}", info.issues);
    assert_eq!(info.common_name.as_deref(), Some("www.example.com"));
    assert_eq!(info.organization.as_deref(), Some("Example Inc."));
    assert_eq!(info.organizational_units, ["Ops", "Web"]);
    assert_eq!(info.country.as_deref(), Some("US"));
    assert_eq!(info.state.as_deref(), Some("Utah"));
    assert_eq!(info.locality.as_deref(), Some("Lehi"));
    // Subject emailAddress first, then the SAN's, each once.
    assert_eq!(info.emails, ["admin@example.com", "ops@example.com"]);
    assert_eq!(
        info.dns_names,
        ["www.example.com", "example.com", "*.example.com"]
    );
    assert_eq!(info.ip_addresses, ["192.0.2.7", "2001:db8::1"]);

    let none = inspect(&fixture("san-none"));
    assert!(none.valid);
    assert_eq!(none.common_name.as_deref(), Some("no-san.example.com"));
    assert!(none.dns_names.is_empty() && none.emails.is_empty() && none.ip_addresses.is_empty());
    assert!(none.organization.is_none() && none.organizational_units.is_empty());

    let client = inspect(&fixture("client-email"));
    assert_eq!(client.common_name.as_deref(), Some("Jane Doe"));
    assert_eq!(client.emails, ["jane@example.com", "j.doe@example.com"]);
}

#[test]
fn subjects_in_utf8_bmp_and_t61_strings() {
    let utf8 = inspect(&fixture("utf8-subject"));
    assert_eq!(utf8.common_name.as_deref(), Some("bücher.example"));
    assert_eq!(utf8.organization.as_deref(), Some("Bücher & Co. KG"));
    assert_eq!(utf8.locality.as_deref(), Some("München"));
    assert_eq!(utf8.country.as_deref(), Some("DE"));
    assert_eq!(
        inspect(&fixture("bmp-subject")).common_name.as_deref(),
        Some("bmp.example.com")
    );
    assert_eq!(
        inspect(&fixture("t61-subject")).common_name.as_deref(),
        Some("t61.example.com")
    );
}

#[test]
fn text_that_is_not_a_csr_gets_one_error_and_no_details() {
    let csr = fixture("rsa2048");
    let truncated = format!("{}\n-----END CERTIFICATE REQUEST-----", &csr[..200]);
    for (text, reason) in [
        ("", "paste the whole PEM block"),
        ("hello", "paste the whole PEM block"),
        (
            "-----BEGIN CERTIFICATE REQUEST-----\n!!\n-----END CERTIFICATE REQUEST-----",
            "not valid base64",
        ),
        (truncated.as_str(), "does not decode"),
    ] {
        let info = inspect(text);
        assert!(!info.valid, "{text:?}");
        assert_eq!(info.issues.len(), 1);
        let issue = &info.issues[0];
        assert!(issue.path.is_empty());
        assert_eq!(issue.field(), "");
        assert_eq!(issue.code, Code::Format);
        assert_eq!(issue.severity, Severity::Error);
        assert!(
            issue.message.contains(reason),
            "{text:?}: {}",
            issue.message
        );
        assert!(info.key.is_none() && info.common_name.is_none() && info.dns_names.is_empty());
    }
}

#[test]
fn the_json_has_the_contracts_names() {
    let json = serde_json::to_value(inspect(&fixture("san-mixed"))).expect("serializes");
    assert_eq!(json["valid"], true);
    assert_eq!(
        json["key"],
        serde_json::json!({ "algorithm": "rsa", "bits": 2048 })
    );
    assert_eq!(json["commonName"], "www.example.com");
    assert_eq!(
        json["organizationalUnits"],
        serde_json::json!(["Ops", "Web"])
    );
    assert_eq!(json["dnsNames"][2], "*.example.com");
    assert_eq!(json["ipAddresses"][1], "2001:db8::1");
    assert_eq!(json["signatureAlgorithm"], "sha256WithRSAEncryption");
    let bad = serde_json::to_value(inspect("x")).expect("serializes");
    assert_eq!(bad["valid"], false);
    assert_eq!(bad["issues"][0]["field"], "");
    assert_eq!(bad["emails"], serde_json::json!([]));
    assert!(bad.get("key").is_none() && bad.get("commonName").is_none());
}

#[test]
fn the_unreadable_issue_is_the_format_rules() {
    // inspect's issue and the order rule's at certificate.csr: one rule id, code and params, so
    // a catalog's message for the rule fits both.
    let order = serde_json::json!({ "certificate": { "csr": "x" } });
    let report = certcentral_orders::validate_json(
        "ssl_securesite",
        &order,
        &certcentral_orders::Options::default(),
    );
    let rule = report
        .issues
        .iter()
        .find(|i| i.field() == "certificate.csr")
        .expect("a certificate.csr issue");
    let info = inspect("x");
    let mine = &info.issues[0];
    assert_eq!((mine.rule, mine.code), (rule.rule, rule.code));
    assert_eq!(mine.params, rule.params);
}

/// The npm package's `inspectCsr` writes `valid` and `issues` as a report and the rest with
/// `write_details` (no serde writer in the wasm): together, serde's text, key for key.
#[test]
fn the_details_writer_writes_what_serde_writes() {
    use certcentral_orders::csr::CsrInfo;
    use certcentral_orders::internals::csr::{inspect_into, read, write_details, Csr};
    let joined = |info: &CsrInfo, details: &str| {
        format!(
            "{{\"valid\":{},\"issues\":{},{}",
            info.valid,
            serde_json::to_string(&info.issues).expect("issues"),
            details.strip_prefix('{').expect("an object")
        )
    };
    // What inspectCsr answers for `text`, against what inspect answers.
    let same_text = |text: &str| {
        let mut details = String::new();
        let issues = inspect_into(Ok(text), &mut details);
        let info = inspect(text);
        assert_eq!(issues, info.issues, "{text}");
        assert_eq!(
            joined(&info, &details),
            serde_json::to_string(&info).expect("serializes")
        );
    };
    let same_csr = |csr: &Csr| {
        let mut details = String::new();
        write_details(Some(csr), &mut details);
        let info = CsrInfo::from(csr);
        assert_eq!(
            joined(&info, &details),
            serde_json::to_string(&info).expect("serializes")
        );
    };
    let mut names = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/csr"))
        .expect("fixtures")
    {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "pem") {
            same_text(&std::fs::read_to_string(&path).expect("a fixture"));
            names += 1;
        }
    }
    assert!(names >= 14, "{names} fixtures");
    for text in [
        "",
        "hello",
        "-----BEGIN CERTIFICATE REQUEST-----\n!!\n-----END CERTIFICATE REQUEST-----",
    ] {
        same_text(text);
    }
    // A value that is not text.
    let mut details = String::new();
    let issues = inspect_into(Err("a number"), &mut details);
    let info = certcentral_orders::internals::csr::inspect_non_text("a number");
    assert_eq!(issues, info.issues);
    assert_eq!(
        joined(&info, &details),
        serde_json::to_string(&info).expect("serializes")
    );
    // Every optional value there, in text that needs escapes, and keys of each kind; then
    // without the optional ones.
    let odd = "\"quoted\" \\ back\nslash \u{1} é 漢 \u{2028}";
    for key in [
        "rsa2048",
        "ec256",
        "ed25519",
        "san-none",
        "bmp-subject",
        "t61-subject",
    ] {
        let mut csr = Csr::clone(&read(&fixture(key)).expect("a fixture"));
        csr.common_name = Some(odd.to_owned());
        csr.organization = Some(odd.to_owned());
        csr.organizational_units = vec![odd.to_owned(), String::new()];
        csr.country = Some(odd.to_owned());
        csr.state = Some(String::new());
        csr.locality = Some(odd.to_owned());
        csr.emails = vec![odd.to_owned()];
        csr.ip_addresses = vec!["::1".to_owned(), odd.to_owned()];
        csr.signature_algorithm = odd.to_owned();
        same_csr(&csr);
        csr.common_name = None;
        csr.organization = None;
        csr.country = None;
        csr.locality = None;
        csr.state = None;
        same_csr(&csr);
    }
}
