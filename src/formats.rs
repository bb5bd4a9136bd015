//! String shapes the rules check: DNS names, e-mail addresses, thumbprints, ids, locales.
//! Hand-written scanners instead of a regex engine: a regex crate would cost more wasm bytes
//! than all of these together.

/// Why a DNS name is not acceptable; the text completes "… is not a valid DNS name: ".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DnsError {
    Empty,
    TooLong,
    TrailingDot,
    SingleLabel,
    EmptyLabel,
    LabelTooLong,
    Underscore,
    NonAscii,
    BadChar,
    Hyphen,
    NumericTld,
    WildcardPlacement,
}

impl DnsError {
    pub fn reason(self) -> &'static str {
        match self {
            DnsError::Empty => "it is empty",
            DnsError::TooLong => "it is longer than 253 characters",
            DnsError::TrailingDot => "it must not end with a dot",
            DnsError::SingleLabel => "a public name needs at least two labels (example.com)",
            DnsError::EmptyLabel => "it has an empty label (two dots in a row, or a leading dot)",
            DnsError::LabelTooLong => "a label is longer than 63 characters",
            DnsError::Underscore => "underscores are not allowed in certificate DNS names",
            DnsError::NonAscii => {
                "it has non-ASCII characters; write internationalized names as xn-- labels"
            }
            DnsError::BadChar => "labels may hold only letters, digits and hyphens",
            DnsError::Hyphen => "a label must not start or end with a hyphen",
            DnsError::NumericTld => "the last label must not be all digits",
            DnsError::WildcardPlacement => {
                "a wildcard must be the whole left-most label, once (*.example.com)"
            }
        }
    }
}

/// Checks a DNS name for a certificate: LDH labels of 1–63 characters, 253 in all, at least two
/// labels, and `*` only as the whole left-most label. Returns whether it is a wildcard name;
/// whether a wildcard is allowed on the product is the caller's rule.
///
/// Spec: glossary.md, "Industry limits": no underscores, `xn--` labels for IDNs, wildcard
/// placement.
pub fn dns_name(name: &str) -> Result<bool, DnsError> {
    if name.is_empty() {
        return Err(DnsError::Empty);
    }
    if !name.is_ascii() {
        return Err(DnsError::NonAscii);
    }
    if name.len() > 253 {
        return Err(DnsError::TooLong);
    }
    if name.ends_with('.') {
        return Err(DnsError::TrailingDot);
    }
    let wildcard = name.starts_with("*.");
    let rest = if wildcard {
        name.get(2..).unwrap_or("")
    } else {
        name
    };
    if rest.contains('*') {
        return Err(DnsError::WildcardPlacement);
    }
    let mut labels = 0usize;
    let mut last: &[u8] = b"";
    // Byte slices and one pass per label: `str::split` and `contains` go through memchr, which
    // was a twentieth of a valid SSL order's time in the wasm build.
    for label in rest.as_bytes().split(|&b| b == b'.') {
        labels += 1;
        if label.is_empty() {
            return Err(DnsError::EmptyLabel);
        }
        if label.len() > 63 {
            return Err(DnsError::LabelTooLong);
        }
        let (mut underscore, mut bad) = (false, false);
        for &b in label {
            underscore |= b == b'_';
            bad |= !(b.is_ascii_alphanumeric() || b == b'-');
        }
        if underscore {
            return Err(DnsError::Underscore);
        }
        if bad {
            return Err(DnsError::BadChar);
        }
        if label.first() == Some(&b'-') || label.last() == Some(&b'-') {
            return Err(DnsError::Hyphen);
        }
        last = label;
    }
    if labels < 2 {
        return Err(DnsError::SingleLabel);
    }
    if last.iter().all(|b| b.is_ascii_digit()) {
        return Err(DnsError::NumericTld);
    }
    Ok(wildcard)
}

/// A plain e-mail address: `local@domain`, local part 1–64 printable ASCII characters without
/// spaces, quotes or a second `@`, the domain a DNS name; 254 characters in all (RFC 5321).
/// Quoted local parts and IP-literal domains are rejected: certificates and CertCentral
/// notifications do not use them.
pub fn email(s: &str) -> bool {
    if s.len() > 254 {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.as_bytes().windows(2).any(|w| w == b"..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    local_ok && matches!(dns_name(domain), Ok(false))
}

/// A SHA-1 thumbprint as CertCentral takes it: 40 hexadecimal digits, no separators.
pub fn sha1_thumbprint(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// ASCII letters and digits only, at least one (`alternative_order_id`, page 002).
pub fn alphanumeric(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Shaped like a locale code: `xx` or `xx_YY` (glossary, "Locale codes").
pub fn locale_shape(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        2 => b.iter().all(u8::is_ascii_lowercase),
        5 => {
            b.get(..2)
                .is_some_and(|p| p.iter().all(u8::is_ascii_lowercase))
                && b.get(2) == Some(&b'_')
                && b.get(3..)
                    .is_some_and(|p| p.iter().all(u8::is_ascii_uppercase))
        }
        _ => false,
    }
}

/// ISO 3166-1 alpha-2 shape: two ASCII letters, either case (the spec's examples use `us`).
pub fn country_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Lower-case letters, digits and underscores: how CertCentral spells enumerated values.
pub fn snake_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names() {
        assert_eq!(dns_name("example.com"), Ok(false));
        assert_eq!(dns_name("*.example.com"), Ok(true));
        assert_eq!(dns_name("xn--bcher-kva.example"), Ok(false));
        assert_eq!(dns_name("a-b.c0.example.com"), Ok(false));
        let label63 = "a".repeat(63);
        assert_eq!(dns_name(&format!("{label63}.com")), Ok(false));
        assert_eq!(
            dns_name(&format!("a{label63}.com")),
            Err(DnsError::LabelTooLong)
        );
        assert_eq!(dns_name("a_b.example.com"), Err(DnsError::Underscore));
        assert_eq!(
            dns_name("*.*.example.com"),
            Err(DnsError::WildcardPlacement)
        );
        assert_eq!(dns_name("a*.example.com"), Err(DnsError::WildcardPlacement));
        assert_eq!(
            dns_name("sub.*.example.com"),
            Err(DnsError::WildcardPlacement)
        );
        assert_eq!(dns_name("*"), Err(DnsError::WildcardPlacement));
        assert_eq!(dns_name("localhost"), Err(DnsError::SingleLabel));
        assert_eq!(dns_name("example.com."), Err(DnsError::TrailingDot));
        assert_eq!(dns_name("-a.example.com"), Err(DnsError::Hyphen));
        assert_eq!(dns_name("bücher.de"), Err(DnsError::NonAscii));
        assert_eq!(dns_name("1.2.3.4"), Err(DnsError::NumericTld));
        assert_eq!(dns_name("a..com"), Err(DnsError::EmptyLabel));
        assert_eq!(dns_name("a b.com"), Err(DnsError::BadChar));
        assert_eq!(dns_name(""), Err(DnsError::Empty));
    }

    #[test]
    fn emails() {
        assert!(email("locke.cole@example.com"));
        assert!(email("a+tag@sub.example.co.uk"));
        for bad in [
            "",
            "a",
            "@example.com",
            "a@",
            "a@b@c.com",
            "a b@example.com",
            "a@localhost",
            ".a@example.com",
            "a..b@example.com",
            "a@exa_mple.com",
        ] {
            assert!(!email(bad), "{bad}");
        }
    }

    #[test]
    fn small_shapes() {
        assert!(sha1_thumbprint("0123456789abcdefABCDEF0123456789abcdef01"));
        assert!(!sha1_thumbprint("01:23"));
        assert!(alphanumeric("Order42"));
        assert!(!alphanumeric("order-42"));
        assert!(locale_shape("en") && locale_shape("zh_CN"));
        assert!(!locale_shape("EN") && !locale_shape("en-US") && !locale_shape("eng"));
        assert!(country_code("us") && country_code("DE") && !country_code("usa"));
    }
}
