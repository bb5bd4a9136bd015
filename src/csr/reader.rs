//! Just enough of PEM and DER to read a certificate signing request (PKCS#10, RFC 2986): its key,
//! its subject, the names of its subjectAltName extension request and its signature algorithm.
//! The rules need the key (each family allows some keys) and the names (a CSR made for other
//! names is usually the wrong file); a full X.509 crate would cost far more wasm than this reader.
//!
//! Robustness: every step is bounds-checked and answers `None` on anything unexpected; lengths
//! past the input, indefinite lengths (BER, not DER), lengths of more than four bytes and
//! multi-byte tags are refused. The reader descends only into the fixed structure of a CSR (at
//! most nine levels: request, info, attributes, attribute, values, extensions, extension,
//! general names, name), never by recursion, so no input can nest it deeper.

use crate::report::text;
use std::cell::RefCell;
use std::rc::Rc;

/// The public key found in a CSR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsrKey {
    /// RSA with this modulus size in bits.
    Rsa(u32),
    /// An elliptic-curve key on a named NIST curve, by its size in bits (256, 384, 521).
    Ec(u32),
    /// An elliptic-curve key on another or an unnamed curve.
    EcOtherCurve,
    Ed25519,
    Ed448,
    /// Another algorithm (DSA, ...).
    Other,
}

/// What a CSR says: its key, subject, requested names and signature algorithm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csr {
    pub key: CsrKey,
    /// The signature algorithm's name (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`,
    /// `ED25519`), or its OID in dotted form when it has none here.
    pub signature_algorithm: String,
    /// The subject's first common name (a subject rarely has more than one).
    pub common_name: Option<String>,
    pub organization: Option<String>,
    pub organizational_units: Vec<String>,
    pub country: Option<String>,
    pub state: Option<String>,
    pub locality: Option<String>,
    /// The subject's emailAddress values, then the SAN's rfc822Names, each once (compared
    /// without regard to ASCII case).
    pub emails: Vec<String>,
    /// The SAN's dNSNames, in order.
    pub dns_names: Vec<String>,
    /// The SAN's iPAddresses as text (IPv6 in the RFC 5952 form, `2001:db8::1`).
    pub ip_addresses: Vec<String>,
}

/// Why a string is not a CSR; completes "… is not a CSR: ".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsrError {
    NoPemBlock,
    Base64,
    Der,
}

impl CsrError {
    pub fn reason(self) -> &'static str {
        match self {
            CsrError::NoPemBlock => {
                "paste the whole PEM block, from -----BEGIN CERTIFICATE REQUEST----- to -----END CERTIFICATE REQUEST-----"
            }
            CsrError::Base64 => "the text between the BEGIN and END lines is not valid base64",
            CsrError::Der => "the block does not decode to a certificate signing request",
        }
    }
}

const RSA_OID: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
const EC_OID: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
const P256_OID: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
const P384_OID: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x22];
const P521_OID: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x23];

/// The key of a PEM CSR (see [`read`]).
pub fn parse(pem: &str) -> Result<CsrKey, CsrError> {
    read(pem).map(|csr| csr.key)
}

/// Reads a PEM CSR (`CERTIFICATE REQUEST`, or the older `NEW CERTIFICATE REQUEST` label).
///
/// The last answer is remembered: a form validates the same CSR at every keystroke in other
/// fields, and several rules look at it for each order.
pub fn read(pem: &str) -> Result<Rc<Csr>, CsrError> {
    type Answer = Result<Rc<Csr>, CsrError>;
    thread_local! {
        static LAST: RefCell<Option<(String, Answer)>> = const { RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((text, answer)) if same_text(text, pem) => answer.clone(),
            _ => {
                let answer = parse_uncached(pem).map(Rc::new);
                *last = Some((pem.to_owned(), answer.clone()));
                answer
            }
        }
    })
}

/// `a == b` eight bytes at a time: `==` on strings is a call to the wasm's `memcmp`, which
/// compares byte by byte (measured: 7 % of a valid SSL order's time, for the 1 KB CSR).
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (mut wa, mut wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |c: &[u8]| {
        <[u8; 8]>::try_from(c)
            .map(u64::from_le_bytes)
            .unwrap_or_default()
    };
    (&mut wa).zip(&mut wb).all(|(x, y)| word(x) == word(y))
        && wa
            .remainder()
            .iter()
            .zip(wb.remainder())
            .all(|(x, y)| x == y)
}

fn parse_uncached(pem: &str) -> Result<Csr, CsrError> {
    let body = pem_body(pem).ok_or(CsrError::NoPemBlock)?;
    let der = base64_decode(body).ok_or(CsrError::Base64)?;
    csr_of(&der).ok_or(CsrError::Der)
}

fn pem_body(pem: &str) -> Option<&str> {
    let text = pem.trim_ascii();
    for label in ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"] {
        let begin = text!("-----BEGIN {}-----", label);
        let end = text!("-----END {}-----", label);
        if let Some(rest) = text.strip_prefix(begin.as_str()) {
            return rest.strip_suffix(end.as_str());
        }
    }
    None
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut padding = 0usize;
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        if padding > 0 {
            return None; // data after padding
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (padding <= 2 && !out.is_empty()).then_some(out)
}

/// A DER reader over a byte slice; every step is bounds-checked and returns `None` on error.
struct Der<'a>(&'a [u8]);

impl<'a> Der<'a> {
    /// Reads one tag-length-value; returns the tag and the contents.
    fn tlv(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.0.split_first()?;
        if tag & 0x1F == 0x1F {
            return None; // a multi-byte tag: nothing in a CSR uses one
        }
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let n = usize::from(first & 0x7F);
            if n == 0 || n > 4 {
                return None;
            }
            let (len_bytes, rest) = (rest.get(..n)?, rest.get(n..)?);
            let len = len_bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            (len, rest)
        };
        let content = rest.get(..len)?;
        self.0 = rest.get(len..)?;
        Some((tag, content))
    }

    /// The next value's contents, when its tag is `tag`.
    fn take(&mut self, tag: u8) -> Option<&'a [u8]> {
        match self.tlv()? {
            (t, content) if t == tag => Some(content),
            _ => None,
        }
    }

    /// The next value's contents when its tag is `tag`; nothing read otherwise.
    fn take_if(&mut self, tag: u8) -> Option<&'a [u8]> {
        if self.0.first() != Some(&tag) {
            return None;
        }
        self.take(tag)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

const BOOLEAN: u8 = 0x01;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
/// `[0] IMPLICIT` attributes of the request info.
const ATTRIBUTES: u8 = 0xA0;
/// GeneralName choices (RFC 5280 §4.2.1.6), context-specific and primitive.
const RFC822_NAME: u8 = 0x81;
const DNS_NAME: u8 = 0x82;
const IP_ADDRESS: u8 = 0x87;

const ED25519_OID: &[u8] = &[0x2B, 0x65, 0x70];
const ED448_OID: &[u8] = &[0x2B, 0x65, 0x71];
/// Subject attribute types (X.520; emailAddress from PKCS#9).
const CN_OID: &[u8] = &[0x55, 0x04, 0x03];
const C_OID: &[u8] = &[0x55, 0x04, 0x06];
const L_OID: &[u8] = &[0x55, 0x04, 0x07];
const ST_OID: &[u8] = &[0x55, 0x04, 0x08];
const O_OID: &[u8] = &[0x55, 0x04, 0x0A];
const OU_OID: &[u8] = &[0x55, 0x04, 0x0B];
const EMAIL_OID: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01];
/// PKCS#9 extensionRequest, and the subjectAltName extension in it.
const EXTENSION_REQUEST_OID: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x0E];
const SAN_OID: &[u8] = &[0x55, 0x1D, 0x11];

/// The signature algorithms CSRs are signed with, by the names OpenSSL gives them.
const SIGNATURE_ALGORITHMS: &[(&[u8], &str)] = &[
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B],
        "sha256WithRSAEncryption",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C],
        "sha384WithRSAEncryption",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D],
        "sha512WithRSAEncryption",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05],
        "sha1WithRSAEncryption",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x04],
        "md5WithRSAEncryption",
    ),
    (
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A],
        "rsassaPss",
    ),
    (
        &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02],
        "ecdsa-with-SHA256",
    ),
    (
        &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03],
        "ecdsa-with-SHA384",
    ),
    (
        &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x04],
        "ecdsa-with-SHA512",
    ),
    (
        &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x01],
        "ecdsa-with-SHA1",
    ),
    (ED25519_OID, "ED25519"),
    (ED448_OID, "ED448"),
];

fn csr_of(der: &[u8]) -> Option<Csr> {
    let mut outer = Der(der);
    let csr = outer.take(SEQUENCE)?;
    if !outer.is_empty() {
        return None;
    }
    let mut csr = Der(csr);
    let info = csr.take(SEQUENCE)?;
    let mut signature = Der(csr.take(SEQUENCE)?);
    csr.take(BIT_STRING)?;
    let signature_oid = signature.take(OID)?;
    let mut info = Der(info);
    info.take(INTEGER)?; // version
    let subject = info.take(SEQUENCE)?;
    let key = key_of(info.take(SEQUENCE)?)?;
    let mut out = Csr {
        key,
        signature_algorithm: SIGNATURE_ALGORITHMS
            .iter()
            .find(|(oid, _)| *oid == signature_oid)
            .map_or_else(|| dotted(signature_oid), |(_, name)| (*name).to_owned()),
        common_name: None,
        organization: None,
        organizational_units: Vec::new(),
        country: None,
        state: None,
        locality: None,
        emails: Vec::new(),
        dns_names: Vec::new(),
        ip_addresses: Vec::new(),
    };
    read_subject(subject, &mut out)?;
    if let Some(attributes) = info.take_if(ATTRIBUTES) {
        read_attributes(attributes, &mut out)?;
    }
    info.is_empty().then_some(out)
}

/// The SubjectPublicKeyInfo's key.
fn key_of(spki: &[u8]) -> Option<CsrKey> {
    let mut spki = Der(spki);
    let mut alg = Der(spki.take(SEQUENCE)?);
    let key_bits = spki.take(BIT_STRING)?;
    let alg_oid = alg.take(OID)?;
    Some(if alg_oid == RSA_OID {
        let (&unused, key) = key_bits.split_first()?;
        if unused != 0 {
            return None;
        }
        let mut rsa = Der(Der(key).take(SEQUENCE)?);
        let modulus = rsa.take(INTEGER)?;
        let first_nonzero = modulus.iter().position(|&b| b != 0)?;
        let significant = modulus.get(first_nonzero..)?;
        let lead = significant.first()?.leading_zeros();
        let bits = u32::try_from(significant.len()).ok()?.checked_mul(8)? - lead;
        CsrKey::Rsa(bits)
    } else if alg_oid == EC_OID {
        match alg.take(OID) {
            Some(curve) if curve == P256_OID => CsrKey::Ec(256),
            Some(curve) if curve == P384_OID => CsrKey::Ec(384),
            Some(curve) if curve == P521_OID => CsrKey::Ec(521),
            _ => CsrKey::EcOtherCurve,
        }
    } else if alg_oid == ED25519_OID {
        CsrKey::Ed25519
    } else if alg_oid == ED448_OID {
        CsrKey::Ed448
    } else {
        CsrKey::Other
    })
}

/// The subject: a SEQUENCE of RDNs, each a SET of type-value pairs. Values of a type this
/// reader does not know, or not strings, are passed over.
fn read_subject(subject: &[u8], out: &mut Csr) -> Option<()> {
    let mut rdns = Der(subject);
    while !rdns.is_empty() {
        let mut set = Der(rdns.take(SET)?);
        while !set.is_empty() {
            let mut pair = Der(set.take(SEQUENCE)?);
            let oid = pair.take(OID)?;
            let (tag, value) = pair.tlv()?;
            let Some(text) = text_of(tag, value) else {
                continue;
            };
            // The first value of each single-valued attribute is kept.
            let first = match oid {
                CN_OID => &mut out.common_name,
                O_OID => &mut out.organization,
                C_OID => &mut out.country,
                ST_OID => &mut out.state,
                L_OID => &mut out.locality,
                OU_OID => {
                    out.organizational_units.push(text);
                    continue;
                }
                EMAIL_OID => {
                    add_email(&mut out.emails, text);
                    continue;
                }
                _ => continue,
            };
            if first.is_none() {
                *first = Some(text);
            }
        }
    }
    Some(())
}

/// The request's attributes; only extensionRequest's subjectAltName is read.
fn read_attributes(attributes: &[u8], out: &mut Csr) -> Option<()> {
    let mut attributes = Der(attributes);
    while !attributes.is_empty() {
        let mut attribute = Der(attributes.take(SEQUENCE)?);
        let oid = attribute.take(OID)?;
        let mut values = Der(attribute.take(SET)?);
        if oid != EXTENSION_REQUEST_OID {
            continue;
        }
        while !values.is_empty() {
            let mut extensions = Der(values.take(SEQUENCE)?);
            while !extensions.is_empty() {
                let mut extension = Der(extensions.take(SEQUENCE)?);
                let id = extension.take(OID)?;
                extension.take_if(BOOLEAN); // critical
                let value = extension.take(OCTET_STRING)?;
                if id == SAN_OID {
                    read_general_names(value, out)?;
                }
            }
        }
    }
    Some(())
}

/// The most names of each kind (DNS names, e-mail addresses, IP addresses) read from a CSR:
/// a certificate carries at most 250 names (glossary, "Industry limits"), so more say nothing
/// an order can use, and reading them all (the rules compare each with the order's names) would
/// let a pasted CSR of a megabyte cost seconds per validation. The rest are passed over.
pub(crate) const MAX_NAMES: usize = 1_000;

fn read_general_names(value: &[u8], out: &mut Csr) -> Option<()> {
    let mut outer = Der(value);
    let mut names = Der(outer.take(SEQUENCE)?);
    if !outer.is_empty() {
        return None;
    }
    while !names.is_empty() {
        let (tag, name) = names.tlv()?;
        match tag {
            RFC822_NAME if out.emails.len() < MAX_NAMES => add_email(&mut out.emails, latin1(name)),
            DNS_NAME if out.dns_names.len() < MAX_NAMES => out.dns_names.push(latin1(name)),
            IP_ADDRESS if out.ip_addresses.len() < MAX_NAMES => {
                if let Some(text) = ip_text(name) {
                    out.ip_addresses.push(text);
                }
            }
            _ => {} // otherName, URI, directoryName, ...: not names an order carries
        }
    }
    Some(())
}

fn add_email(emails: &mut Vec<String>, email: String) {
    if !emails.iter().any(|e| e.eq_ignore_ascii_case(&email)) {
        emails.push(email);
    }
}

/// An IPv4 (4 bytes) or IPv6 (16 bytes) address as text; IPv6 in the RFC 5952 form (lower
/// case, the longest run of two or more zero groups as `::`). Written here rather than with
/// `std::net`'s `Display`, which costs the wasm about 2 KB for this one use.
fn ip_text(bytes: &[u8]) -> Option<String> {
    let mut out = String::new();
    if bytes.len() == 4 {
        for (i, b) in bytes.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            push_digits(&mut out, u32::from(*b), 10);
        }
        return Some(out);
    }
    if bytes.len() != 16 {
        return None;
    }
    if let Some(v4) = bytes.strip_prefix(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]) {
        // IPv4-mapped (RFC 5952 §5)
        out.push_str("::ffff:");
        out.push_str(&ip_text(v4)?);
        return Some(out);
    }
    let group = |i: usize| {
        bytes
            .get(2 * i..2 * i + 2)
            .and_then(|pair| <[u8; 2]>::try_from(pair).ok())
            .map_or(0, |pair| u32::from(u16::from_be_bytes(pair)))
    };
    // The longest run of zero groups (the first of equal ones), if at least two long.
    let (mut best_at, mut best_len, mut run) = (8, 0, 0);
    for i in 0..8 {
        run = if group(i) == 0 { run + 1 } else { 0 };
        if run > best_len && run >= 2 {
            (best_at, best_len) = (i + 1 - run, run);
        }
    }
    let mut i = 0;
    while i < 8 {
        if i == best_at {
            out.push_str("::");
            i += best_len;
            continue;
        }
        if i > 0 && i != best_at + best_len {
            out.push(':');
        }
        push_digits(&mut out, group(i), 16);
        i += 1;
    }
    Some(out)
}

/// `n` in base 10 or 16 (lower case), without `fmt`.
fn push_digits(out: &mut String, n: u32, base: u32) {
    if n >= base {
        push_digits(out, n / base, base);
    }
    if let Some(digit) = char::from_digit(n % base, base) {
        out.push(digit);
    }
}

/// Bytes as text, one character per byte (Latin-1): ASCII as it is, and never a failure.
fn latin1(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for &b in bytes {
        text.push(char::from(b));
    }
    text
}

/// A directory string as text. UTF8String is UTF-8 (Latin-1 if it is not valid UTF-8);
/// T61String is read as Latin-1 (what its users put in it in practice); BMPString is UCS-2 and
/// UniversalString UTF-32, both big-endian. A code point that is not a character becomes
/// U+FFFD rather than an error.
fn text_of(tag: u8, value: &[u8]) -> Option<String> {
    const UTF8: u8 = 0x0C;
    const NUMERIC: u8 = 0x12;
    const PRINTABLE: u8 = 0x13;
    const T61: u8 = 0x14;
    const IA5: u8 = 0x16;
    const VISIBLE: u8 = 0x1A;
    const UNIVERSAL: u8 = 0x1C;
    const BMP: u8 = 0x1E;
    let width = match tag {
        UTF8 => {
            return Some(std::str::from_utf8(value).map_or_else(|_| latin1(value), str::to_owned))
        }
        NUMERIC | PRINTABLE | IA5 | VISIBLE | T61 => return Some(latin1(value)),
        BMP => 2,
        UNIVERSAL => 4,
        _ => return None,
    };
    let mut text = String::new();
    for c in value.chunks(width) {
        let mut code = 0u32;
        for &b in c {
            code = (code << 8) | u32::from(b);
        }
        text.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    Some(text)
}

/// An OID in dotted form (`1.2.840.10045.4.3.2`), for algorithms without a name here.
fn dotted(oid: &[u8]) -> String {
    let mut text = String::new();
    let mut acc: u64 = 0;
    for &b in oid {
        if acc > u64::MAX >> 7 {
            return "unknown".to_owned();
        }
        acc = (acc << 7) | u64::from(b & 0x7F);
        if b & 0x80 == 0 {
            if text.is_empty() {
                // The first two arcs share the first number (X.690 §8.19.4).
                let first = acc.min(80) / 40;
                crate::report::push_unsigned(&mut text, first);
                acc -= first * 40;
            }
            text.push('.');
            crate::report::push_unsigned(&mut text, acc);
            acc = 0;
        }
    }
    if text.is_empty() || acc != 0 {
        return "unknown".to_owned(); // empty, or its last arc unfinished
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_is_string_equality() {
        let base = "-----BEGIN CERTIFICATE REQUEST-----\nMIIé";
        for n in 0..=base.len() {
            let Some(a) = base.get(..n) else { continue };
            assert!(same_text(a, a));
            for m in 0..=base.len() {
                if let Some(b) = base.get(..m) {
                    assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
                }
            }
            // One byte changed anywhere, in the words or in the remainder.
            for i in 0..a.len() {
                let mut bytes = a.as_bytes().to_vec();
                bytes[i] ^= 1;
                if let Ok(b) = std::str::from_utf8(&bytes) {
                    assert!(!same_text(a, b), "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn directory_strings_as_text() {
        assert_eq!(text_of(0x0C, "Zoë".as_bytes()).as_deref(), Some("Zoë"));
        // Not UTF-8: read as Latin-1, like T61String.
        assert_eq!(text_of(0x0C, &[0x5A, 0xFF]).as_deref(), Some("Zÿ"));
        assert_eq!(text_of(0x14, &[0x5A, 0xE9]).as_deref(), Some("Zé"));
        // BMPString: UCS-2, big-endian; a lone surrogate is no character.
        assert_eq!(
            text_of(0x1E, &[0x00, 0x41, 0x00, 0xE9, 0xD8, 0x00]).as_deref(),
            Some("Aé\u{FFFD}")
        );
        // UniversalString: UTF-32, big-endian.
        assert_eq!(
            text_of(0x1C, &[0, 0, 0, 0x41, 0, 0x01, 0xF6, 0x00]).as_deref(),
            Some("A\u{1F600}")
        );
        assert_eq!(
            text_of(0x1C, &[0x7F, 0xFF, 0xFF, 0xFF]).as_deref(),
            Some("\u{FFFD}")
        );
        assert_eq!(text_of(0x04, b"octets"), None);
    }

    #[test]
    fn ip_text_is_rfc_5952() {
        // Every pattern of zero and non-zero groups, compared with std's formatting.
        for mask in 0u32..256 {
            let mut bytes = [0u8; 16];
            for g in 0..8 {
                if mask & (1 << g) != 0 {
                    bytes[2 * g] = (g as u8) * 17;
                    bytes[2 * g + 1] = 0xA0 + g as u8;
                }
            }
            assert_eq!(
                ip_text(&bytes),
                Some(std::net::Ipv6Addr::from(bytes).to_string()),
                "{bytes:?}"
            );
        }
        let mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 0, 2, 7];
        assert_eq!(ip_text(&mapped).as_deref(), Some("::ffff:192.0.2.7"));
        assert_eq!(ip_text(&[192, 0, 2, 255]).as_deref(), Some("192.0.2.255"));
        assert_eq!(ip_text(&[1, 2, 3]), None);
    }

    #[test]
    fn rejects_non_csrs() {
        assert_eq!(parse("<csr>"), Err(CsrError::NoPemBlock));
        assert_eq!(parse(""), Err(CsrError::NoPemBlock));
        let bad64 = "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----";
        assert_eq!(parse(bad64), Err(CsrError::Base64));
        let notder = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----";
        assert_eq!(parse(notder), Err(CsrError::Der));
    }

    #[test]
    fn der_lengths_are_bounded() {
        // A long-form length pointing far past the end must not panic.
        assert_eq!(csr_of(&[0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]), None);
        assert_eq!(csr_of(&[0x30]), None);
        assert_eq!(csr_of(&[]), None);
        assert_eq!(
            dotted(&[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02]),
            "1.2.840.10045.4.3.2"
        );
        // An arc past i64::MAX is written whole (2^63 - 80 after the first arc's 2 * 40).
        assert_eq!(
            dotted(&[0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]),
            "2.9223372036854775728"
        );
        assert_eq!(dotted(&[]), "unknown");
        assert_eq!(dotted(&[0x2A, 0x86]), "unknown");
        // Indefinite length (BER) and a multi-byte tag.
        assert_eq!(csr_of(&[0x30, 0x80, 0x00, 0x00]), None);
        assert_eq!(csr_of(&[0x3F, 0x81, 0x01, 0x00]), None);
    }
}
