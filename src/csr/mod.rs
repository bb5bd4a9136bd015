//! What a certificate signing request says: [`inspect`] reads a PEM CSR's key, subject,
//! requested names and signature algorithm, for a form that fills itself from a pasted CSR and
//! for the rules that compare a CSR with its order.

pub(crate) mod reader;

#[allow(unused_imports)] // each import is used by some build (native tests, wasm, fuzz)
pub(crate) use reader::{parse, read, Csr, CsrError, CsrKey, MAX_NAMES};

use crate::report::{text, Code, Issue, Param, Severity};
use serde::Serialize;

/// What `csr::inspect` read from a CSR. Crosses to JavaScript as JSON (`inspectCsr`), so its names
/// are camelCase.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CsrInfo {
    /// False when the text is not a readable CSR; then `issues` says why.
    pub valid: bool,
    /// The same shape as a validation report's (path `[]`, field `""`).
    pub issues: Vec<Issue>,
    /// The public key; `None` when the CSR could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub key: Option<KeyInfo>,
    /// The subject's common name (CN).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub common_name: Option<String>,
    /// The subject's organization (O).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub organization: Option<String>,
    /// The subject's organizational units (OU), in order.
    pub organizational_units: Vec<String>,
    /// The subject's country (C).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub country: Option<String>,
    /// The subject's state or province (ST).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub state: Option<String>,
    /// The subject's locality (L).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub locality: Option<String>,
    /// The subject's emailAddress, then the subjectAltName's rfc822Names, in order, each once
    /// (the first 1,000 of each kind of name are read: a certificate carries at most 250).
    pub emails: Vec<String>,
    /// The subjectAltName's dNSNames, in order (the first 1,000).
    pub dns_names: Vec<String>,
    /// The subjectAltName's iPAddresses as text (IPv6 as RFC 5952 writes it: `2001:db8::1`; the
    /// first 1,000).
    pub ip_addresses: Vec<String>,
    /// E.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `ED25519`; an OID in dotted form
    /// when this reader has no name for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub signature_algorithm: Option<String>,
}

/// A CSR's public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct KeyInfo {
    /// The key's algorithm.
    pub algorithm: KeyAlgorithm,
    /// RSA: the modulus size; EC and EdDSA: the curve's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub bits: Option<u32>,
    /// EC: `P-256`, `P-384` or `P-521` (other curves have none here).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "__ts", tsify(optional))]
    pub curve: Option<String>,
}

/// A CSR key's algorithm. More may come (post-quantum keys), so match with a `_` arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "__ts", derive(tsify::Tsify))]
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
            CsrKey::Ec(bits) => (KeyAlgorithm::Ec, Some(bits), Some(text!("P-{}", bits))),
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

/// Writes what follows `valid` and `issues` in the JSON serde writes for [`inspect`]'s answer,
/// as an object of its own (`{"key":...,"commonName":...,...}`, camelCase, absent values left
/// out), straight from the reader's `Csr` (`None`: not read): the npm package's `inspectCsr`
/// makes its `valid` and `issues` as validateOrder makes a report's and adds these, so its wasm
/// needs no serde JSON writer and no copy of the CSR's names in a [`CsrInfo`]
/// (tests/csr_inspect.rs holds the two equal, text for text).
#[cfg(feature = "__internals")]
#[doc(hidden)]
pub fn write_details(csr: Option<&Csr>, out: &mut String) {
    use crate::json::write_escaped;
    fn opt(out: &mut String, name: &str, value: Option<&String>) {
        if let Some(v) = value {
            out.push_str(name);
            write_escaped(out, v);
        }
    }
    fn list(out: &mut String, name: &str, values: Option<&Vec<String>>) {
        out.push_str(name);
        out.push('[');
        for (i, v) in values.into_iter().flatten().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_escaped(out, v);
        }
        out.push(']');
    }
    out.push('{');
    if let Some(csr) = csr {
        let key = KeyInfo::of(csr.key);
        out.push_str("\"key\":{\"algorithm\":");
        write_escaped(out, key.algorithm.name());
        if let Some(bits) = key.bits {
            out.push_str(",\"bits\":");
            crate::report::push_int(out, i64::from(bits));
        }
        opt(out, ",\"curve\":", key.curve.as_ref());
        out.push_str("},");
        opt(out, "\"commonName\":", csr.common_name.as_ref());
        if csr.common_name.is_some() {
            out.push(',');
        }
        opt(out, "\"organization\":", csr.organization.as_ref());
        if csr.organization.is_some() {
            out.push(',');
        }
    }
    list(
        out,
        "\"organizationalUnits\":",
        csr.map(|c| &c.organizational_units),
    );
    opt(out, ",\"country\":", csr.and_then(|c| c.country.as_ref()));
    opt(out, ",\"state\":", csr.and_then(|c| c.state.as_ref()));
    opt(out, ",\"locality\":", csr.and_then(|c| c.locality.as_ref()));
    list(out, ",\"emails\":", csr.map(|c| &c.emails));
    list(out, ",\"dnsNames\":", csr.map(|c| &c.dns_names));
    list(out, ",\"ipAddresses\":", csr.map(|c| &c.ip_addresses));
    opt(
        out,
        ",\"signatureAlgorithm\":",
        csr.map(|c| &c.signature_algorithm),
    );
    out.push('}');
}

/// [`inspect`] (`arg` the text) or [`inspect_non_text`] (`arg` what the value is instead), for
/// the npm package's `inspectCsr`: the answer's issues, and the rest written into `details` as
/// [`write_details`] writes it.
#[cfg(feature = "__internals")]
#[doc(hidden)]
pub fn inspect_into(arg: Result<&str, &str>, details: &mut String) -> Vec<Issue> {
    let message = match arg.map(read) {
        Ok(Ok(csr)) => {
            write_details(Some(&csr), details);
            return Vec::new();
        }
        Ok(Err(e)) => unreadable(e.reason()),
        Err(kind) => non_text(kind),
    };
    write_details(None, details);
    vec![unreadable_issue(message)]
}

impl KeyAlgorithm {
    /// The name serde writes.
    #[cfg(feature = "__internals")]
    fn name(self) -> &'static str {
        match self {
            KeyAlgorithm::Rsa => "rsa",
            KeyAlgorithm::Ec => "ec",
            KeyAlgorithm::Ed25519 => "ed25519",
            KeyAlgorithm::Ed448 => "ed448",
            KeyAlgorithm::Other => "other",
        }
    }
}

/// The rule id of "this is not a readable CSR", here and at `certificate.csr` in orders.
pub(crate) const READABLE_RULE: &str = "field.format";

/// The message for a CSR that cannot be read, here and at `certificate.csr` in orders.
pub(crate) fn unreadable(why: &str) -> String {
    text!("this is not a certificate signing request: {}", why)
}

/// Reads a PEM CSR. Never fails: text that is not a readable CSR gets `valid: false` and an
/// issue that says why.
pub fn inspect(pem: &str) -> CsrInfo {
    match read(pem) {
        Ok(csr) => CsrInfo::from(&*csr),
        Err(e) => not_read(unreadable(e.reason())),
    }
}

/// What [`inspect`] answers for a CSR the reader has read.
impl From<&Csr> for CsrInfo {
    fn from(csr: &Csr) -> CsrInfo {
        CsrInfo {
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
        }
    }
}

/// [`inspect`]'s answer for a value that is not text at all (`kind`: "a number", "null", ...):
/// for the JavaScript binding's `inspectCsr`, which takes any value.
#[cfg(feature = "__internals")]
#[doc(hidden)]
pub fn inspect_non_text(kind: &str) -> CsrInfo {
    not_read(non_text(kind))
}

/// The message for a value that is not text (`kind`: "a number", ...).
#[cfg(feature = "__internals")]
fn non_text(kind: &str) -> String {
    unreadable(&text!("it is {}; paste the PEM text, from -----BEGIN CERTIFICATE REQUEST----- to -----END CERTIFICATE REQUEST-----", kind))
}

fn not_read(message: String) -> CsrInfo {
    CsrInfo {
        issues: vec![unreadable_issue(message)],
        ..CsrInfo::default()
    }
}

fn unreadable_issue(message: String) -> Issue {
    Issue {
        path: Vec::new(),
        code: Code::Format,
        rule: READABLE_RULE,
        severity: Severity::Error,
        message,
        // As the format rule's issues at `certificate.csr` (a catalog's message for the rule may
        // quote it).
        params: vec![("format", Param::from("csr_pem"))],
    }
}
