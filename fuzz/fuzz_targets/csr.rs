//! The CSR reader (`csr::read`, `csr::parse`) and the public `csr::inspect`: never a panic, for
//! any DER wrapped into a PEM block and for any text; and they agree with each other:
//! - `parse(pem)` is `read(pem)`'s key; `inspect(pem).valid` is `read(pem).is_ok()`;
//! - a readable CSR: `inspect` has no issues and the `Csr`'s key, subject, names and signature
//!   algorithm; an unreadable one: exactly one issue (path `[]`, `format`, error, the reader's
//!   reason) and nothing else;
//! - the same answer asked twice, after another text, and freshly (the reader caches its last
//!   text): on a quarter of the DER inputs (by their bytes) and on every text input; the same
//!   answer for the same DER wrapped at 64 columns and at another width, with CRLF,
//!   the `NEW CERTIFICATE REQUEST` label and surrounding blanks; well-formed base64 of non-empty
//!   bytes fails, if at all, as `Der`;
//! - `serde_json::to_value(inspect(..))` works and has the camelCase keys; the npm package's
//!   `csr::inspect_into` gives the same issues, and details that complete serde's text of it;
//! - `emails` holds each address once ignoring ASCII case; every `ip_addresses` entry is what
//!   `std::net::IpAddr` reads and writes back (RFC 5952 for IPv6).
//!
//! Input: mode byte, width byte, then
//! - mode 0x00-0x7F: DER bytes (wrapped into a PEM block), also read as text as they are;
//! - mode 0x80-0xBF: byte edits of fixture `(mode & 0x3F) % 14` (tests/fixtures/csr/*.pem in
//!   file name order, as DER), 3 bytes each: offset (u16 LE; its top 2 bits: 0 set, 1 insert,
//!   2 delete, 3 truncate), byte;
//! - mode 0xC0-0xFF: edits of the same fixture's DER tree, re-encoded with correct lengths, 4 bytes
//!   each (the first 64): node (pre-order), operation, argument, byte (see `tree_edit`).
//!
//! Width byte: lines of `(w & 0x7F) + 1` base64 characters; bit 7 adds CRLF line ends, the older
//! `NEW CERTIFICATE REQUEST` label and blanks around the block. The 64-column block is read too.
#![no_main]

use certcentral_orders::csr::{inspect, CsrInfo, KeyAlgorithm};
use certcentral_orders::internals::csr::{self, Csr, CsrError, CsrKey};
use certcentral_orders::{Code, Severity};
use certcentral_orders_fuzz::Header;
use libfuzzer_sys::fuzz_target;
use serde_json::Value as J;
use std::collections::HashSet;
use std::net::IpAddr;
use std::rc::Rc;
use std::sync::OnceLock;

type Answer = Result<Rc<Csr>, CsrError>;

/// tests/fixtures/csr/*.pem in file name order (fuzz/seed.py numbers them the same way).
const FIXTURES: [&str; 14] = [
    include_str!("../../tests/fixtures/csr/bmp-subject.pem"),
    include_str!("../../tests/fixtures/csr/client-email.pem"),
    include_str!("../../tests/fixtures/csr/ec256.pem"),
    include_str!("../../tests/fixtures/csr/ec384.pem"),
    include_str!("../../tests/fixtures/csr/ec521.pem"),
    include_str!("../../tests/fixtures/csr/ed25519.pem"),
    include_str!("../../tests/fixtures/csr/rsa1024.pem"),
    include_str!("../../tests/fixtures/csr/rsa2048.pem"),
    include_str!("../../tests/fixtures/csr/rsa3072.pem"),
    include_str!("../../tests/fixtures/csr/rsa4096.pem"),
    include_str!("../../tests/fixtures/csr/san-mixed.pem"),
    include_str!("../../tests/fixtures/csr/san-none.pem"),
    include_str!("../../tests/fixtures/csr/t61-subject.pem"),
    include_str!("../../tests/fixtures/csr/utf8-subject.pem"),
];

/// A tree-edited DER stays below this size (duplicating nodes would otherwise double it).
const MAX_TREE_BYTES: usize = 16 * 1024;
/// Edits of a tree past these are not made: a near-valid CSR needs a few, and each one walks the
/// tree up to its node.
const MAX_TREE_EDITS: usize = 64;

// ---------------------------------------------------------------------------------------------
// PEM and base64 (written here, not with the reader's code).

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding. Four bytes at a time into a `Vec<u8>`: a `char` pushed per
/// output byte (a loop, a branch and a UTF-8 length check each, all of them traced by the
/// coverage instrumentation) made this a tenth of the target's time.
fn base64(bytes: &[u8]) -> String {
    let digit = |n: u32, shift: u32| B64[((n >> shift) & 63) as usize];
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[digit(n, 18), digit(n, 12), digit(n, 6), digit(n, 0)]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[digit(n, 18), digit(n, 12), b'=', b'=']);
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend_from_slice(&[digit(n, 18), digit(n, 12), digit(n, 6), b'=']);
        }
        _ => {}
    }
    String::from_utf8(out).expect("base64 is ASCII")
}

/// The DER of a fixture's PEM block (the fixtures are well-formed: 64 columns, padded).
fn unbase64(pem: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for line in pem.lines().filter(|l| !l.starts_with("-----")) {
        for c in line.trim().bytes().take_while(|&c| c != b'=') {
            let v = B64.iter().position(|&a| a == c).expect("fixture base64") as u32;
            acc = (acc << 6) | v;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
    }
    out
}

/// A PEM block of `body`, `width` characters a line; `odd`: CRLF, the older label and blanks.
fn pem(body: &str, width: usize, odd: bool) -> String {
    let (label, eol, pad) = if odd {
        ("NEW CERTIFICATE REQUEST", "\r\n", " \t\r\n")
    } else {
        ("CERTIFICATE REQUEST", "\n", "")
    };
    // (Written into one String: a Vec of the lines, joined, then formatted, copied it three times.)
    let width = width.max(1);
    let lines = body.len().div_ceil(width);
    let mut out = String::with_capacity(body.len() + (lines + 3) * eol.len() + 2 * pad.len() + 64);
    for part in [pad, "-----BEGIN ", label, "-----", eol] {
        out.push_str(part);
    }
    for (i, line) in body.as_bytes().chunks(width).enumerate() {
        if i > 0 {
            out.push_str(eol);
        }
        out.push_str(std::str::from_utf8(line).unwrap_or(""));
    }
    for part in [eol, "-----END ", label, "-----", eol, pad] {
        out.push_str(part);
    }
    out
}

fn fixtures() -> &'static [Vec<u8>] {
    static DER: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    DER.get_or_init(|| FIXTURES.iter().map(|p| unbase64(p)).collect())
}

// ---------------------------------------------------------------------------------------------
// The reader's contract.

/// `KeyInfo` as `inspect` should describe `key`: algorithm, bits, curve.
fn key_info(key: CsrKey) -> (KeyAlgorithm, Option<u32>, Option<String>) {
    match key {
        CsrKey::Rsa(bits) => (KeyAlgorithm::Rsa, Some(bits), None),
        CsrKey::Ec(bits) => (KeyAlgorithm::Ec, Some(bits), Some(format!("P-{bits}"))),
        CsrKey::EcOtherCurve => (KeyAlgorithm::Ec, None, None),
        CsrKey::Ed25519 => (KeyAlgorithm::Ed25519, Some(256), None),
        CsrKey::Ed448 => (KeyAlgorithm::Ed448, Some(456), None),
        CsrKey::Other => (KeyAlgorithm::Other, None, None),
    }
}

fn check_info(text: &str, answer: &Answer, info: &CsrInfo) {
    assert_eq!(info.valid, answer.is_ok(), "inspect vs read of {text:?}");
    // The npm package's way (`inspect_into`): the same issues, and details that with them make
    // serde's text of `inspect`'s answer.
    let mut details = String::new();
    let issues = csr::inspect_into(Ok(text), &mut details);
    assert_eq!(issues, info.issues, "inspect_into's issues for {text:?}");
    let head = format!(
        "{{\"valid\":{},\"issues\":{},",
        info.valid,
        serde_json::to_string(&info.issues).expect("issues serialize")
    );
    let rest = details
        .strip_prefix('{')
        .expect("the details are an object");
    assert_eq!(
        format!("{head}{rest}"),
        serde_json::to_string(info).expect("inspect's answer serializes"),
        "inspect_into's details for {text:?}"
    );
    match answer {
        Ok(csr) => {
            assert!(info.issues.is_empty(), "issues on a valid CSR: {info:?}");
            let key = info.key.as_ref().expect("a valid CSR's key");
            assert_eq!(
                (key.algorithm, key.bits, key.curve.clone()),
                key_info(csr.key),
                "inspect's key vs {:?}",
                csr.key
            );
            if let CsrKey::Ec(bits) = csr.key {
                assert!([256, 384, 521].contains(&bits), "EC {bits}");
            }
            assert_eq!(info.common_name, csr.common_name);
            assert_eq!(info.organization, csr.organization);
            assert_eq!(info.organizational_units, csr.organizational_units);
            assert_eq!(info.country, csr.country);
            assert_eq!(info.state, csr.state);
            assert_eq!(info.locality, csr.locality);
            assert_eq!(info.emails, csr.emails);
            assert_eq!(info.dns_names, csr.dns_names);
            assert_eq!(info.ip_addresses, csr.ip_addresses);
            assert_eq!(
                info.signature_algorithm.as_deref(),
                Some(csr.signature_algorithm.as_str())
            );
        }
        Err(e) => {
            assert_eq!(info.issues.len(), 1, "{info:?}");
            let issue = &info.issues[0];
            assert!(issue.path.is_empty(), "{issue:?}");
            assert_eq!(issue.field(), "");
            assert_eq!(issue.code, Code::Format, "{issue:?}");
            assert_eq!(issue.severity, Severity::Error, "{issue:?}");
            assert!(
                issue.message.ends_with(e.reason()),
                "{issue:?} does not say {e:?}"
            );
            // Nothing else: no key, no names, no subject.
            let mut rest = info.clone();
            rest.issues.clear();
            assert_eq!(rest, CsrInfo::default(), "an unreadable CSR's fields");
        }
    }

    let mut seen = HashSet::new();
    for email in &info.emails {
        assert!(
            seen.insert(email.to_ascii_lowercase()),
            "{email:?} twice (ignoring ASCII case) in {:?}",
            info.emails
        );
    }
    for ip in &info.ip_addresses {
        let addr: IpAddr = ip
            .parse()
            .unwrap_or_else(|e| panic!("ip_addresses entry {ip:?}: {e}"));
        assert_eq!(&addr.to_string(), ip, "not written as std::net writes it");
    }

    let v = serde_json::to_value(info).expect("serde_json::to_value(inspect(..))");
    let obj = v.as_object().expect("CsrInfo is a JSON object");
    for k in [
        "valid",
        "issues",
        "dnsNames",
        "emails",
        "ipAddresses",
        "organizationalUnits",
    ] {
        assert!(obj.contains_key(k), "no {k:?} in {v}");
    }
    assert!(obj.keys().all(|k| !k.contains('_')), "not camelCase: {v}");
    assert_eq!(obj["valid"], J::Bool(info.valid));
    assert_eq!(
        obj["issues"].as_array().map(Vec::len),
        Some(info.issues.len())
    );
    assert_eq!(obj["dnsNames"], serde_json::json!(info.dns_names));
    assert_eq!(obj.contains_key("key"), info.valid, "{v}");
    assert_eq!(obj.contains_key("signatureAlgorithm"), info.valid, "{v}");
}

/// Reads `text` every way and checks the answers; returns `read`'s.
fn check(text: &str) -> Answer {
    check_with(text, true)
}

/// `check`, with the cache's orders (asked twice, `parse`, a fresh `inspect`, both again from
/// the cache: five more readings) only when `cache`: the target asks for them on a quarter of
/// its inputs, chosen by their bytes; on every input they were most of its time.
fn check_with(text: &str, cache: bool) -> Answer {
    let first = csr::read(text);
    if !cache {
        let info = inspect(text);
        check_info(text, &first, &info);
        return first;
    }
    // First after whatever the cache holds (the previous text), then from the cache; then
    // `inspect` freshly (another text in the cache), then both from the cache again.
    assert_eq!(csr::read(text), first, "asked twice");
    assert_eq!(
        csr::parse(text),
        first.as_ref().map(|c| c.key).map_err(|e| *e),
        "parse vs read"
    );
    let _ = csr::read("");
    let info = inspect(text);
    check_info(text, &first, &info);
    assert_eq!(csr::read(text), first, "read after a fresh inspect");
    assert_eq!(inspect(text), info, "inspect fresh vs cached");
    first
}

/// Wraps `der` at 64 columns and as the width byte says: the same answer; base64 that is
/// well-formed fails, if at all, as `Der` (or `Base64` for nothing at all).
fn check_der(der: &[u8], width: u8) -> Answer {
    let body = base64(der);
    let full = certcentral_orders_fuzz::run_again(der);
    let a = check_with(&pem(&body, 64, false), full);
    let (w, odd) = (usize::from(width & 0x7F) + 1, width & 0x80 != 0);
    if w != 64 || odd {
        // The other wrapping is read once; all of `check` (five more reads and inspects) runs on
        // it for a quarter of the inputs, chosen by their bytes: on every input it was half of
        // the target's time, for properties the 64-column text checks on every input.
        let text = pem(&body, w, odd);
        let b = if full { check(&text) } else { csr::read(&text) };
        assert_eq!(a, b, "the same DER at 64 columns and at {w} (odd: {odd})");
    }
    match &a {
        Err(e) => {
            let want = if der.is_empty() {
                CsrError::Base64
            } else {
                CsrError::Der
            };
            assert_eq!(*e, want, "well-formed base64 of {} bytes", der.len());
        }
        Ok(csr) => {
            if let CsrKey::Rsa(bits) = csr.key {
                assert!(
                    bits >= 1 && bits as usize <= 8 * der.len(),
                    "RSA {bits} bits from {} bytes",
                    der.len()
                );
            }
        }
    }
    a
}

// ---------------------------------------------------------------------------------------------
// Near-valid CSRs: edits of a fixture.

/// Byte edits of `der`: (offset u16 LE, byte); the offset's top 2 bits pick the operation.
fn byte_edits(der: &mut Vec<u8>, edits: &[u8]) {
    for e in edits.chunks_exact(3) {
        let pos = usize::from(u16::from_le_bytes([e[0], e[1]]));
        let (op, off, v) = (pos >> 14, pos & 0x3FFF, e[2]);
        let len = der.len();
        match op {
            0 if len > 0 => der[off % len] = v,
            1 => der.insert(off % (len + 1), v),
            2 if len > 0 => {
                der.remove(off % len);
            }
            3 => der.truncate(off % (len + 1)),
            _ => {}
        }
    }
}

/// A DER value: tag, then its contents: `bytes`, then (when it is constructed or a BIT or OCTET
/// STRING that holds DER) `kids`.
#[derive(Clone, Debug)]
struct Node {
    tag: u8,
    bytes: Vec<u8>,
    kids: Option<Vec<Node>>,
}

/// One TLV (short or long lengths, up to 4 length bytes); `None` when malformed.
fn tlv(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0, |a, &b| (a << 8) | usize::from(b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

fn parse_list(mut der: &[u8]) -> Option<Vec<Node>> {
    let mut out = Vec::new();
    while !der.is_empty() {
        let (tag, content, rest) = tlv(der)?;
        out.push(parse_node(tag, content));
        der = rest;
    }
    Some(out)
}

/// A node; its contents are split into kids only when re-encoding them gives the same bytes.
fn parse_node(tag: u8, content: &[u8]) -> Node {
    let split = match tag {
        0x03 if content.first() == Some(&0) => 1, // BIT STRING holding DER (a key, a signature)
        0x04 => 0,                                // OCTET STRING holding DER (an extension)
        t if t & 0x20 != 0 => 0,                  // constructed
        _ => content.len() + 1,
    };
    if let Some((head, inner)) = content.split_at_checked(split) {
        if let Some(kids) = parse_list(inner).filter(|k| !k.is_empty() || tag & 0x20 != 0) {
            let mut again = Vec::new();
            kids.iter().for_each(|k| encode(k, &mut again));
            if again == inner {
                return Node {
                    tag,
                    bytes: head.to_vec(),
                    kids: Some(kids),
                };
            }
        }
    }
    Node {
        tag,
        bytes: content.to_vec(),
        kids: None,
    }
}

fn content_len(n: &Node) -> usize {
    n.bytes.len() + n.kids.iter().flatten().map(encoded_len).sum::<usize>()
}

/// The length of `n`'s DER: tag, length, contents.
fn encoded_len(n: &Node) -> usize {
    let len = content_len(n);
    let len_bytes = if len < 0x80 {
        1
    } else {
        1 + (usize::BITS - len.leading_zeros()).div_ceil(8) as usize
    };
    1 + len_bytes + len
}

/// `n` as DER, with minimal lengths. The contents are written first and their length read off
/// them: summing each node's subtree again at every level made deep trees quadratic.
fn encode(n: &Node, out: &mut Vec<u8>) {
    let mut contents = n.bytes.clone();
    n.kids
        .iter()
        .flatten()
        .for_each(|k| encode(k, &mut contents));
    out.push(n.tag);
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(&contents);
}

fn count(list: &[Node]) -> usize {
    list.iter()
        .map(|n| 1 + n.kids.as_deref().map_or(0, count))
        .sum()
}

/// The path (child indices) of the `k`th node in pre-order.
fn path_of(list: &[Node], k: &mut usize, path: &mut Vec<usize>) -> bool {
    for (i, n) in list.iter().enumerate() {
        path.push(i);
        if *k == 0 {
            return true;
        }
        *k -= 1;
        if path_of(n.kids.as_deref().unwrap_or(&[]), k, path) {
            return true;
        }
        path.pop();
    }
    false
}

/// The list that holds the node at `path`.
fn siblings<'a>(mut list: &'a mut Vec<Node>, path: &[usize]) -> &'a mut Vec<Node> {
    for &i in &path[..path.len() - 1] {
        list = list[i]
            .kids
            .as_mut()
            .expect("a path goes through constructed nodes");
    }
    list
}

/// A fixture's tree being edited, with what the edits need to know about all of it, kept up to
/// date edit by edit: walking the whole tree for them (its node count for each edit, its DER size
/// for each duplication) was a tenth of the target's time.
struct Tree {
    list: Vec<Node>,
    /// How many nodes `list` holds (pre-order, as `path_of` counts them).
    nodes: usize,
    /// At least the length of `list`'s DER (exactly that when it is made, and when a duplication
    /// that this bound would refuse measures it).
    size_bound: usize,
}

/// How much a length field can grow (a length takes 1 to 9 bytes): a content that grows by `d`
/// bytes grows its node's DER and each enclosing node's by at most `d` + this per level.
const LENGTH_GROWTH: usize = 8;

/// One edit of the tree: node `node % count` (pre-order), then by `op % 9`: set, insert or
/// delete a content byte (at `arg`), set the tag, remove the node, duplicate it (unless the tree
/// would pass `MAX_TREE_BYTES`), fill its contents with `4 × arg` copies of `value`, truncate them
/// to `arg` bytes, swap it with its next sibling.
fn tree_edit(tree: &mut Tree, [node, op, arg, value]: [u8; 4]) {
    if tree.nodes == 0 {
        return;
    }
    let (mut k, mut path) = (usize::from(node) % tree.nodes, Vec::new());
    if !path_of(&tree.list, &mut k, &mut path) {
        return;
    }
    let levels = path.len();
    let i = *path.last().expect("a path");
    let op = op % 9;
    // A duplication is made when the tree's DER and the copy's stay within the cap: the bound
    // settles most of them; near the cap the tree is measured (and the bound made exact).
    let duplicate = op == 5 && {
        let copy = encoded_len(&siblings(&mut tree.list, &path)[i]);
        if tree.size_bound + copy > MAX_TREE_BYTES {
            tree.size_bound = tree.list.iter().map(encoded_len).sum();
        }
        let fits = tree.size_bound + copy <= MAX_TREE_BYTES;
        if fits {
            tree.size_bound += copy + LENGTH_GROWTH * (levels - 1);
        }
        fits
    };
    let list = siblings(&mut tree.list, &path);
    let arg = usize::from(arg);
    let len = list[i].bytes.len();
    match op {
        0 if len > 0 => list[i].bytes[arg % len] = value,
        1 => {
            list[i].bytes.insert(arg % (len + 1), value);
            tree.size_bound += 1 + LENGTH_GROWTH * levels;
        }
        2 if len > 0 => {
            list[i].bytes.remove(arg % len);
        }
        3 => list[i].tag = value,
        4 => {
            tree.nodes -= count(std::slice::from_ref(&list[i]));
            list.remove(i);
        }
        5 if duplicate => {
            let copy = list[i].clone();
            tree.nodes += count(std::slice::from_ref(&copy));
            list.insert(i + 1, copy);
        }
        6 if list[i].kids.is_none() => {
            list[i].bytes = vec![value; 4 * arg];
            tree.size_bound += (4 * arg).saturating_sub(len) + LENGTH_GROWTH * levels;
        }
        7 => list[i].bytes.truncate(arg % (len + 1)),
        8 if i + 1 < list.len() => list.swap(i, i + 1),
        _ => {}
    }
}

fn tree_edits(index: usize, edits: &[u8]) -> Vec<u8> {
    static TREES: OnceLock<Vec<Vec<Node>>> = OnceLock::new();
    let trees = TREES.get_or_init(|| {
        fixtures()
            .iter()
            .map(|der| {
                let tree = parse_list(der).expect("a fixture is DER");
                let mut again = Vec::new();
                tree.iter().for_each(|n| encode(n, &mut again));
                assert_eq!(&again, der, "a fixture's tree re-encodes to its DER");
                tree
            })
            .collect()
    });
    let list = trees[index].clone();
    let mut tree = Tree {
        nodes: count(&list),
        size_bound: fixtures()[index].len(),
        list,
    };
    for e in edits.chunks_exact(4).take(MAX_TREE_EDITS) {
        tree_edit(&mut tree, [e[0], e[1], e[2], e[3]]);
    }
    let mut out = Vec::new();
    tree.list.iter().for_each(|n| encode(n, &mut out));
    out
}

fuzz_target!(|data: &[u8]| {
    let mut h = Header { data };
    let mode = h.byte();
    let width = h.byte();
    if mode < 0x80 {
        let _ = check_der(h.data, width);
    } else {
        let index = usize::from(mode & 0x3F) % FIXTURES.len();
        let fixture = &fixtures()[index];
        // The fixture first (valid), so the edited one is read right after a text of often the
        // same length that differs in a few bytes. (Seeds with no edits check the fixtures.)
        static PEMS: OnceLock<Vec<String>> = OnceLock::new();
        let pems = PEMS.get_or_init(|| {
            fixtures()
                .iter()
                .map(|der| pem(&base64(der), 64, false))
                .collect()
        });
        let original = csr::read(&pems[index]);
        assert!(original.is_ok(), "fixture {index} does not read");
        let der = if mode < 0xC0 {
            let mut der = fixture.clone();
            byte_edits(&mut der, h.data);
            der
        } else {
            tree_edits(index, h.data)
        };
        let _ = check_der(&der, width);
    }
    // The bytes as text, as they are.
    let _ = check(&String::from_utf8_lossy(h.data));
});
