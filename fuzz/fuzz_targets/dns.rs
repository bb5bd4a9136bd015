//! DNS names, e-mail addresses and CSRs: never a panic; `dns_name` and `email` agree with a
//! plain reading of their doc comments; a CSR parses the same however its base64 is wrapped,
//! and asking twice (the parser remembers its last answer) gives the same answer.
//!
//! Input: mode byte, then text (mode 0) or DER bytes wrapped into a PEM block (mode 1).
#![no_main]

use certcentral_orders::internals::{csr, formats};
use certcentral_orders_fuzz::Header;
use libfuzzer_sys::fuzz_target;

/// The doc comment of `formats::dns_name`, read literally.
fn reference_dns(name: &str) -> Option<bool> {
    if name.is_empty() || !name.is_ascii() || name.len() > 253 || name.ends_with('.') {
        return None;
    }
    let (wild, rest) = match name.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    let labels: Vec<&str> = rest.split('.').collect();
    let ldh = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let numeric_tld = labels
        .last()
        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()));
    (labels.len() >= 2 && labels.iter().all(ldh) && !numeric_tld).then_some(wild)
}

/// The doc comment of `formats::email`, read literally.
fn reference_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= 254
        && (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b))
        && reference_dns(domain) == Some(false)
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn pem(body: &str, width: usize) -> String {
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(width.max(1))
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    format!(
        "-----BEGIN CERTIFICATE REQUEST-----\n{}\n-----END CERTIFICATE REQUEST-----\n",
        lines.join("\n")
    )
}

fuzz_target!(|data: &[u8]| {
    let mut h = Header { data };
    let mode = h.byte();
    if mode.is_multiple_of(2) {
        let text = String::from_utf8_lossy(h.data);
        let dns = formats::dns_name(&text);
        assert_eq!(
            dns.ok(),
            reference_dns(&text),
            "dns_name({text:?}) = {dns:?}"
        );
        if let Err(e) = dns {
            assert!(!e.reason().is_empty());
        }
        assert_eq!(
            formats::email(&text),
            reference_email(&text),
            "email({text:?})"
        );
        let first = csr::parse(&text);
        assert_eq!(csr::parse(&text), first);
    } else {
        let body = base64(h.data);
        let a = csr::parse(&pem(&body, 64));
        let b = csr::parse(&pem(&body, usize::from(mode / 2) + 1));
        assert_eq!(a, csr::parse(&pem(&body, 64)), "asked twice");
        assert_eq!(
            a,
            b,
            "the same DER wrapped at 64 and at {} columns",
            mode / 2 + 1
        );
        if let Ok(csr::CsrKey::Rsa(bits)) = a {
            assert!(
                bits >= 1 && bits as usize <= 8 * h.data.len(),
                "RSA {bits} bits from {} bytes",
                h.data.len()
            );
        }
    }
});
