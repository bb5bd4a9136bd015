//! What a certificate signing request says: [`inspect`] reads a PEM CSR's key, subject,
//! requested names and signature algorithm, for a form that fills itself from a pasted CSR and
//! for the rules that compare a CSR with its order.

pub(crate) mod reader;

#[allow(unused_imports)] // each import is used by some build (native tests, wasm, fuzz)
pub(crate) use reader::{parse, read, Csr, CsrError, CsrKey};

use crate::report::{Code, Issue, Param, Severity};
use serde::Serialize;

/// What `csr::inspect` read from a CSR. Crosses to JavaScript as JSON (`inspectCsr`), so its names
/// are camelCase.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "__js", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CsrInfo {
    /// False when the text is not a readable CSR; then `issues` says why.
    pub valid: bool,
    /// The same shape as a validation report's (path `[]`, field `""`).
    pub issues: Vec<Issue>,
    /// The public key; `None` when the CSR could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__js", tsify(optional))]
    pub key: Option<KeyInfo>,
    /// The subject's common name (CN).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__js", tsify(optional))]
    pub common_name: Option<String>,
    /// The subject's organization (O).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__js", tsify(optional))]
    pub organization: Option<String>,
    /// The subject's organizational units (OU), in order.
    pub organizational_units: Vec<String>,
    /// The subject's country (C).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__js", tsify(optional))]
    pub country: Option<String>,
    /// The subject's state or province (ST).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__js", tsify(optional))]
    pub state: Option<String>,
    /// The subject's locality (L).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__js", tsify(optional))]
    pub locality: Option<String>,
    /// The subject's emailAddress, then the subjectAltName's rfc822Names, in order, each once.
    pub emails: Vec<String>,
    /// The subjectAltName's dNSNames, in order.
    pub dns_names: Vec<String>,
    /// The subjectAltName's iPAddresses as text (IPv6 as RFC 5952 writes it: `2001:db8::1`).
    pub ip_addresses: Vec<String>,
    /// E.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `ED25519`; an OID in dotted form
    /// when this reader has no name for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__js", tsify(optional))]
    pub signature_algorithm: Option<String>,
}

/// A CSR's public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "__js", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct KeyInfo {
    /// The key's algorithm.
    pub algorithm: KeyAlgorithm,
    /// RSA: the modulus size; EC and EdDSA: the curve's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__js", tsify(optional))]
    pub bits: Option<u32>,
    /// EC: `P-256`, `P-384` or `P-521` (other curves have none here).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__js", tsify(optional))]
    pub curve: Option<String>,
}

/// A CSR key's algorithm. More may come (post-quantum keys), so match with a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "__js", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum KeyAlgorithm {
    /// RSA.
    Rsa,
    /// An elliptic curve key (ECDSA): [`KeyInfo::curve`] names a NIST curve.
    Ec,
    /// Ed25519 (EdDSA).
    Ed25519,
    /// Ed448 (EdDSA).
    Ed448,
    /// Any other algorithm.
    Other,
}

impl KeyInfo {
    fn of(key: CsrKey) -> KeyInfo {
        let (algorithm, bits, curve) = match key {
            CsrKey::Rsa(bits) => (KeyAlgorithm::Rsa, Some(bits), None),
            CsrKey::Ec(bits) => (KeyAlgorithm::Ec, Some(bits), Some(format!("P-{bits}"))),
            CsrKey::EcOtherCurve => (KeyAlgorithm::Ec, None, None),
            CsrKey::Ed25519 => (KeyAlgorithm::Ed25519, Some(256), None),
            CsrKey::Ed448 => (KeyAlgorithm::Ed448, Some(456), None),
            CsrKey::Other => (KeyAlgorithm::Other, None, None),
        };
        KeyInfo {
            algorithm,
            bits,
            curve,
        }
    }
}

/// The rule id of "this is not a readable CSR", here and at `certificate.csr` in orders.
pub(crate) const READABLE_RULE: &str = "field.format";

/// The message for a CSR that cannot be read, here and at `certificate.csr` in orders.
pub(crate) fn unreadable(why: &str) -> String {
    format!("this is not a certificate signing request: {why}")
}

/// Reads a PEM CSR. Never fails: text that is not a readable CSR gets `valid: false` and an
/// issue that says why.
pub fn inspect(pem: &str) -> CsrInfo {
    match read(pem) {
        Ok(csr) => CsrInfo {
            valid: true,
            issues: Vec::new(),
            key: Some(KeyInfo::of(csr.key)),
            common_name: csr.common_name.clone(),
            organization: csr.organization.clone(),
            organizational_units: csr.organizational_units.clone(),
            country: csr.country.clone(),
            state: csr.state.clone(),
            locality: csr.locality.clone(),
            emails: csr.emails.clone(),
            dns_names: csr.dns_names.clone(),
            ip_addresses: csr.ip_addresses.clone(),
            signature_algorithm: Some(csr.signature_algorithm.clone()),
        },
        Err(e) => not_read(unreadable(e.reason())),
    }
}

/// [`inspect`]'s answer for a value that is not text at all (`kind`: "a number", "null", ...):
/// for the JavaScript binding's `inspectCsr`, which takes any value.
#[cfg(feature = "__internals")]
#[doc(hidden)]
pub fn inspect_non_text(kind: &str) -> CsrInfo {
    not_read(unreadable(&format!(
        "it is {kind}; paste the PEM text, from -----BEGIN CERTIFICATE REQUEST----- to -----END CERTIFICATE REQUEST-----"
    )))
}

fn not_read(message: String) -> CsrInfo {
    CsrInfo {
        issues: vec![Issue {
            path: Vec::new(),
            code: Code::Format,
            rule: READABLE_RULE,
            severity: Severity::Error,
            message,
            // As the format rule's issues at `certificate.csr` (a catalog's message for the
            // rule may quote it).
            params: vec![("format", Param::from("csr_pem"))],
        }],
        ..CsrInfo::default()
    }
}
