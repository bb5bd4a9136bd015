//! Reissue bodies (`POST /order/certificate/{order_id}/reissue`, lifecycle.md §8): checked
//! before they are sent, as orders are, against the order's product.
//!
//! The body is `{ certificate: {...}, cs_provisioning_method?, skip_approval? }`. Its fields are
//! the order's own, taken from the family's field table (so their bounds are the order's), with
//! the reissue page's requirements: the CSR and `common_name` are required for TLS; a code
//! signing reissue has no `common_name` and needs a CSR under the order's own condition
//! (likely: the page's text is cut off there; the order page's HSM and Sun Java rules are used);
//! `signature_hash` and `server_platform` are optional (the order's are kept). Client and
//! Secure Email reissues are not described by the page: their CSR and hash are optional, checked
//! as on the order, and any other field is an unknown-field warning, not an error.
//!
//! The cross-field rules that read these fields are the order's own declarations, run again
//! here; no rule is written twice.

use super::registry::rule_set;
use super::{code_signing, common, const_same, ssl, Ctx, Field, Options, Req, Ty};
use crate::date::Date;
use crate::products::{Family, Product};
use crate::report::Report;
use crate::value::Value;

/// The field of `table` called `name` (a missing name fails the build).
const fn pick(table: &'static [Field], name: &str) -> Field {
    let mut i = 0;
    while i < table.len() {
        let f = table[i];
        if const_same(f.name, name) {
            return f;
        }
        i += 1;
    }
    panic!("no such field in the table")
}

/// The field, optional on a reissue.
const fn optional(f: Field) -> Field {
    Field { req: Req::No, ..f }
}

/// `certificate.ca_cert_id`: the issuing CA (likely: Keyfactor's `Reissue.cs`).
const CA_CERT_ID: Field = Field::new(
    "ca_cert_id",
    super::TEXT,
    Req::No,
    "the ID of the CA to issue from; default: the order's.",
);

const fn body(certificate: &'static [Field]) -> Field {
    Field::new(
        "certificate",
        Ty::Object(certificate),
        Req::Yes,
        "the reissued certificate's details.",
    )
}

const SSL_CERTIFICATE: &[Field] = &[
    pick(ssl::CERTIFICATE, "common_name"),
    pick(ssl::CERTIFICATE, "dns_names"),
    pick(ssl::CERTIFICATE, "csr"),
    optional(pick(ssl::CERTIFICATE, "signature_hash")),
    pick(ssl::CERTIFICATE, "server_platform"),
    CA_CERT_ID,
];

const CODE_SIGNING_CERTIFICATE: &[Field] = &[
    pick(code_signing::CERTIFICATE, "csr"),
    optional(pick(code_signing::CERTIFICATE, "signature_hash")),
    optional(pick(code_signing::CERTIFICATE, "server_platform")),
    CA_CERT_ID,
];

const CLIENT_CERTIFICATE: &[Field] = &[
    optional(pick(super::client::CERTIFICATE, "csr")),
    optional(pick(super::client::CERTIFICATE, "signature_hash")),
    CA_CERT_ID,
];

const SECURE_EMAIL_CERTIFICATE: &[Field] = &[
    optional(pick(super::secure_email::CERTIFICATE, "csr")),
    optional(pick(super::secure_email::CERTIFICATE, "signature_hash")),
    CA_CERT_ID,
];

const SSL: &[Field] = &[body(SSL_CERTIFICATE), common::SKIP_APPROVAL];
const CODE_SIGNING: &[Field] = &[
    body(CODE_SIGNING_CERTIFICATE),
    optional(pick(code_signing::ORDER, "cs_provisioning_method")),
    common::SKIP_APPROVAL,
];
const CLIENT: &[Field] = &[body(CLIENT_CERTIFICATE), common::SKIP_APPROVAL];
const SECURE_EMAIL: &[Field] = &[body(SECURE_EMAIL_CERTIFICATE), common::SKIP_APPROVAL];

/// A reissue body's field table.
pub fn fields(product: Product) -> &'static [Field] {
    match product.family() {
        Family::Ssl => SSL,
        Family::CodeSigning => CODE_SIGNING,
        Family::Client => CLIENT,
        Family::SecureEmail => SECURE_EMAIL,
    }
}

// Each family's key rule runs on a reissue's CSR as on an order's: a reissue with a key its
// product refuses is refused as the order would be (secure-email.md §2.1 lists the S/MIME keys,
// firm).
rule_set![
    check: ssl::WILDCARD_NOT_ALLOWED,
    ssl::CSR_KEY,
    code_signing::CSR_REQUIRED_FOR_HSM,
    code_signing::CSR_REQUIRED_FOR_SUN_JAVA,
    code_signing::CSR_KEY,
    super::client::CSR_KEY,
    super::secure_email::CSR_KEY,
];

/// Checks a reissue body for an order of `product`; every issue at once, as [`super::validate`].
/// A product this library does not know is an issue, as on an order.
pub fn validate(product: &str, body: &Value, options: &Options) -> Report {
    let Some(product) = Product::from_id(product) else {
        return Report::new(vec![super::unknown_product(product)]);
    };
    let mut ctx = Ctx {
        product,
        today: options.today.unwrap_or_else(Date::today_utc),
        issues: Vec::new(),
        path: Vec::new(),
        rule: super::registry::NOT_A_RULE,
        ignored: &[],
        csr: None,
    };
    if ctx.check_object(fields(product), body) {
        check(&mut ctx, body);
    }
    Report::new(ctx.issues)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::report::Code;

    fn issues(product: &str, body: serde_json::Value) -> Vec<(String, Code, &'static str)> {
        validate(product, &Value::from_json(&body), &Options::default())
            .issues
            .into_iter()
            .map(|i| (i.field(), i.code, i.rule))
            .collect()
    }

    #[test]
    fn tls_reissues_need_a_csr_and_a_name() {
        let found = issues("ssl_securesite", serde_json::json!({ "certificate": {} }));
        assert!(found.contains(&("certificate.csr".into(), Code::Required, "field.required")));
        assert!(found.contains(&(
            "certificate.common_name".into(),
            Code::Required,
            "field.required"
        )));
        let wildcard = issues(
            "ssl_securesite",
            serde_json::json!({ "certificate": { "common_name": "*.example.com", "csr": "x" } }),
        );
        assert!(wildcard
            .iter()
            .any(|(_, _, rule)| *rule == "ssl.names.wildcard_not_allowed"));
        assert!(!issues("ssl_securesite", serde_json::json!([])).is_empty());
    }

    /// A reissue's CSR is held to the key its product takes, as the order's is: an RSA 1024-bit
    /// key was sent for TLS, client and Secure Email reissues.
    #[test]
    fn a_reissue_csr_with_a_key_the_product_refuses_is_an_error() {
        let weak = include_str!("../../tests/fixtures/csr/rsa1024.pem");
        let good = include_str!("../../tests/fixtures/csr/rsa2048.pem");
        for (product, rule) in [
            ("ssl_securesite", "ssl.csr.key"),
            ("client_authentication_plus", "client.csr.key"),
            ("secure_email_mailbox", "secure_email.csr.key"),
            ("code_signing", "code_signing.csr.key_size"),
        ] {
            let body = |csr: &str| serde_json::json!({ "certificate": { "common_name": "example.com", "csr": csr } });
            let found = issues(product, body(weak));
            assert!(
                found.contains(&("certificate.csr".into(), Code::Range, rule)),
                "{product}: {found:?}"
            );
            let found = issues(product, body(good));
            assert!(
                !found.iter().any(|(_, _, r)| *r == rule) || product == "code_signing",
                "{product}: {found:?}"
            );
        }
    }

    #[test]
    fn code_signing_reissues_follow_the_order_rules() {
        let hsm = issues(
            "code_signing",
            serde_json::json!({ "certificate": {}, "cs_provisioning_method": "email" }),
        );
        assert_eq!(
            hsm,
            vec![(
                "certificate.csr".into(),
                Code::Required,
                "code_signing.csr.required_for_hsm"
            )]
        );
        assert!(issues("code_signing", serde_json::json!({ "certificate": {} })).is_empty());
        let named = issues(
            "code_signing",
            serde_json::json!({ "certificate": { "common_name": "x" } }),
        );
        assert_eq!(
            named,
            vec![(
                "certificate.common_name".into(),
                Code::UnknownField,
                "field.unknown"
            )]
        );
        assert_eq!(
            issues("nope", serde_json::json!({}))[0].2,
            "product.unknown"
        );
    }
}
