#!/usr/bin/env python3
"""Writes the seed corpora into fuzz/corpus/<target>/ (git-ignored), from the repository's own
files: the case table's example bodies (tests/cases/*.json "bases", CSRs filled in from
tests/fixtures/csr), the documented 201 and error bodies, sample dates and names.

Each seed is in its target's input layout (see the doc comment of each fuzz_targets/*.rs):
    validate  mode, product, day (2 bytes), then JSON text (mode 0) or builder bytes
    response  status, secret length, secret, body
    lifecycle call, status, content type, body
    dates     clock (f64, 8 bytes), day count (i64, 8 bytes), text
    dns       mode, then text (mode 0) or DER bytes (mode 1)
    csr       mode, width, then DER bytes (mode < 0x80) or edits of fixture CSR mode & 0x3F
Files are named by the SHA-1 of their content, as libFuzzer names its own, so reruns add nothing.
Usage: fuzz/seed.py [CORPUS_DIR]   (default: fuzz/corpus)
"""
import base64
import datetime
import glob
import hashlib
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")

PRODUCTS = [  # the order of products::PRODUCT_IDS
    "code_signing", "code_signing_ev",
    "client_premium_sha2", "client_email_security_plus", "client_authentication_plus",
    "client_digital_signature_plus_sha2",
    "ssl_securesite", "ssl_securesite_multi_domain", "ssl_securesite_wildcard",
    "ssl_ev_securesite", "ssl_ev_securesite_multi_domain",
    "secure_email_mailbox", "secure_email_sponsor", "secure_email_organization",
]
FAMILY = {"cs_": "code_signing", "client_": "client", "ssl_": "ssl", "secure_email_": "secure_email"}


def day_bytes(iso):
    """The 2 header bytes that make Header::today() pick `iso` (2025-01-01 .. 2031-01-09)."""
    days = (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days
    return struct.pack("<H", days - 20_089)


def csrs():
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/csr/*.pem"))):
        name = os.path.basename(path)[:-4].upper()
        with open(path) as f:
            out["$CSR_" + name] = f.read()
    return out


def fill(v, pems):
    if isinstance(v, str):
        return pems.get(v, v)
    if isinstance(v, list):
        return [fill(x, pems) for x in v]
    if isinstance(v, dict):
        return {k: fill(x, pems) for k, x in v.items()}
    return v


def bases():
    pems, out = csrs(), {}
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/cases/*.json"))):
        with open(path) as f:
            doc = json.load(f)
        for name, base in doc.get("bases", {}).items():
            out.setdefault(name, fill(base, pems))
    return dict(sorted(out.items()))


def write(target, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


RESPONSES_201 = [
    {"id": 112233, "requests": [{"id": 113, "status": "pending"}]},
    {"id": 112233, "requests": [{"id": 113, "status": "submitted"}]},
    {"id": 112233, "requests": [{"id": 113, "status": "approved"}], "certificate_id": 113},
    {"id": 112233, "certificate_id": 113},
    {"id": 112233, "certificate_id": 113, "certificate_chain": [
        {"subject_common_name": "example.com", "pem": "<pem_certificate>"},
        {"subject_common_name": "DigiCert SHA2 Secure Server CA", "pem": "<pem_certificate>"},
        {"subject_common_name": "DigiCert Global Root CA", "pem": "<pem_certificate>"}]},
    {"id": 1, "requests": [{"id": 2, "status": "on_hold"}], "organization": {"id": 9}, "new": [1]},
]
ERRORS = [
    {"errors": [{"code": "invalid_value:validity_years", "message": "Bad years."},
                {"code": "not_found|product", "message": "No."}]},
    {"errors": [{"code": "access_denied", "message": "Key KEY-123456 is not valid."}]},
    {"errors": [{"code": "bad|KEY-123456", "message": "Key KEY-123456 and TOKEN-999"}]},
    {"errors": "nope"},
]
OTHER_BODIES = ["", "<html><body>502 Bad Gateway</body></html>", "null", "[]", "{}",
                '{"id":"1"}', '{"id":-1}', '{"id":1.0,"requests":null}', '{"id":1e400}',
                '"\\ud83d\\ude00\\u0000certcentral-orders:NaN"', "[" * 40 + "]" * 40]


class Unread:
    """A value the JS writer marks as not read (src/tape.rs, UNREADABLE and WHYS)."""
    def __init__(self, why, n=None, what=None):
        self.why, self.n, self.what = why, n, what


def tape(v):
    """A JSON value in src/tape.rs's layout, as the package's orderToTape writes it."""
    if isinstance(v, Unread):
        out = bytes([7, v.why])
        if v.what is not None:
            data = v.what.encode()
            return out + struct.pack("<I", len(data)) + data
        return out + (struct.pack("<I", v.n) if v.n is not None else b"")
    if v is None:
        return b"\x00"
    if v is False or v is True:
        return bytes([2 if v else 1])
    if isinstance(v, (int, float)):
        return b"\x03" + struct.pack("<d", float(v))
    if isinstance(v, str):
        data = v.encode()
        return b"\x04" + struct.pack("<I", len(data)) + data
    if isinstance(v, list):
        return b"\x05" + struct.pack("<I", len(v)) + b"".join(tape(x) for x in v)
    out = b"\x06" + struct.pack("<I", len(v))
    for k, x in v.items():
        key = k.encode()
        out += struct.pack("<I", len(key)) + key + tape(x)
    return out


def main():
    all_bases = bases()
    names = list(all_bases)

    # validate: every example on every product of its family, as text (mode 0), and as the
    # base of mutations (mode 2); a few other orders.
    for i, (name, order) in enumerate(all_bases.items()):
        family = next(f for p, f in FAMILY.items() if name.startswith(p))
        products = [j for j, p in enumerate(PRODUCTS) if p.startswith(family)]
        for j in products:
            for day in ("2026-11-22", "2026-01-10"):
                head = bytes([0, j]) + day_bytes(day)
                write("validate", head + json.dumps(order).encode())
                write("validate", bytes([2, j]) + day_bytes(day) + bytes([i]) + bytes(range(0, 64, 3)))
        write("validate", bytes([0, products[0]]) + day_bytes("2026-11-22") + json.dumps(order, indent=1).encode())
    for text in ["{}", "[]", "null", '"order"', '{"certificate":null}', '{"organization":{"id":1,"name":"x"}}',
                 '{"x":' + "[" * 33 + "]" * 33 + "}", '{"comments":"' + "\\u00e9" * 100 + '"}']:
        write("validate", bytes([0, 6]) + day_bytes("2026-11-22") + text.encode())
    write("validate", bytes([1, 6]) + day_bytes("2026-11-22") + bytes(range(256)))
    write("validate", bytes([0, 238 + 5]) + b"ssl_x" + day_bytes("2026-11-22") + b"{}")

    # tape: every example as a tape, for the first product of its family.
    for name, order in all_bases.items():
        family = next(f for p, f in FAMILY.items() if name.startswith(p))
        j = next(j for j, p in enumerate(PRODUCTS) if p.startswith(family))
        write("tape", bytes([j]) + day_bytes("2026-11-22") + tape(order))
        # ... and as a validateOrder call: header (product, options.today) then the order.
        for today in (b"\x00", b"\x01", b"\x02", b"\x07", tape("2026-11-22")):
            write("tape", bytes([j]) + day_bytes("2026-11-22") + tape(PRODUCTS[j]) + today + tape(order))
    # Values the JS writer could not read, where they are, and products that are not strings.
    hostile = {"certificate": {"common_name": Unread(0, what="NaN"), "dns_names": [Unread(1), Unread(4), "a.example"],
                               "csr": Unread(2, n=70000)},
               "organization": Unread(3, n=20000), "validity_years": Unread(5), "x": Unread(0, what="a Date object"),
               "y": Unread(6)}
    for j in (0, 6):
        write("tape", bytes([j]) + day_bytes("2026-11-22") + tape(hostile))
        write("tape", bytes([j]) + day_bytes("2026-11-22") + tape(PRODUCTS[j]) + b"\x00" + tape(hostile))
        write("tape", bytes([j]) + day_bytes("2026-11-22") + tape(5) + b"\x00" + tape(hostile))
        write("tape", bytes([j]) + day_bytes("2026-11-22") + tape(Unread(1)) + b"\x07" + tape({}))

    # response: the documented 201 bodies and error bodies, under a few statuses and secrets.
    for k, body in enumerate(RESPONSES_201 + ERRORS + OTHER_BODIES):
        text = body if isinstance(body, str) else json.dumps(body)
        secret = b"KEY123456" if k % 2 else b""
        write("response", bytes([k % 8, len(secret)]) + secret + text.encode())

    # lifecycle: the addendum's example answers (lifecycle.md), each under its call, and a PEM.
    info = {"id": 123456, "certificate": {"common_name": "example.com", "dns_names": ["example2.com"],
            "date_created": "2018-10-16T20:05:28+00:00", "csr": "<csr>", "organization": {"id": 112233},
            "server_platform": {"id": -1, "name": "OTHER"}, "signature_hash": "sha256", "key_size": 2048,
            "ca_cert": {"id": "ABC", "name": "DigiCert SHA2 Secure Server CA"}}, "status": "needs_approval"}
    refs = {"orders": [{"order_id": 265, "certificate_id": 112233, "status": "issued"},
                       {"order_id": "264", "status": "canceled"}], "page": {"total": 2, "limit": 1000, "offset": 0}}
    dcv = {"order_status": "issued", "certificate_id": 249043544, "dcv_status": "valid",
           "dns_name_validations": [{"dns_name": "example.com", "status": "approved"}]}
    revoke = {"id": 1, "date": "2016-02-10T17:06:15+00:00", "type": "revoke", "status": "pending",
              "requester": {"id": 242140, "first_name": "John"}, "comments": "x"}
    reissues = {"certificates": [{"status": "issued", "date_created": "2026-11-02T10:00:00+00:00",
                                  "date_issued": "2026-11-02T10:05:00+00:00", "valid_till": "2027-05-20",
                                  "csr": "<csr>", "key_size": 2048, "receipt_id": 7},
                                 {"status": "pending", "date_created": "2026-12-01T09:00:00+00:00", "csr": "<csr2>"}]}
    for call, body in [(0, info), (1, refs), (2, {}), (3, dcv), (4, revoke), (5, ""), (6, reissues)]:
        text = body if isinstance(body, str) else json.dumps(body)
        write("lifecycle", bytes([call, 1, 0]) + text.encode())
    write("lifecycle", bytes([4, 2, 0]))
    write("lifecycle", bytes([7, 0, 2]) + b"-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n")
    write("lifecycle", bytes([7, 0, 1]) + b"PK\x03\x04\x14\x00")

    # dates: the formats the rules and Retry-After take, at a clock of 2026-11-22 12:00 UTC.
    noon = datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.timezone.utc)
    clock = struct.pack("<d", noon.timestamp() * 1000)
    for k, text in enumerate(["2027-02-01", "2024-02-29", "2026-02-29", "9999-12-31", "0001-01-01",
                              "09 JUN 2027", "09 Jun 2027", "31 FEB 2025", "3", "999999999999999999999",
                              "Sun, 22 Nov 2026 12:00:05 GMT", "Sun, 06 Nov 1994 08:49:37 GMT",
                              "Sun, 22 Nov 2026 25:00:00 GMT", " 120 ", "soon", ""]):
        write("dates", clock + struct.pack("<q", k * 1_000_003) + text.encode())

    # dns: names and addresses, the fixture CSRs as text (mode 0) and as DER (mode 1).
    for text in ["example.com", "*.example.com", "xn--bcher-kva.example", "a-b.c0.example.com",
                 "a" * 63 + ".com", "a_b.example.com", "*.*.example.com", "1.2.3.4", "localhost",
                 "locke.cole@example.com", "a+tag@sub.example.co.uk", "a..b@example.com", "a@b@c.com"]:
        write("dns", b"\x00" + text.encode())
    for name, pem in csrs().items():
        write("dns", b"\x00" + pem.encode())
        body = "".join(l for l in pem.splitlines() if not l.startswith("-----"))
        write("dns", bytes([1 + 2 * 63]) + base64.b64decode(body))

    # csr: the fixture CSRs as DER (at 64 columns, and at 7 with CRLF and the older label), a few
    # truncations of them, their PEM text; each fixture unchanged and with a few edits, as bytes
    # (mode 0x80 + i: offset u16 LE with the operation in its top 2 bits, byte) and as a DER tree
    # (mode 0xC0 + i: node, operation, argument, byte). Fixture i is the i-th file by name.
    pems = sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/csr/*.pem")))
    for i, path in enumerate(pems):
        with open(path) as f:
            pem = f.read()
        der = base64.b64decode("".join(l for l in pem.splitlines() if not l.startswith("-----")))
        write("csr", bytes([0, 63]) + der)
        write("csr", bytes([1, 0x80 | 6]) + der)
        for cut in (1, 4, len(der) // 2, len(der) - 1):
            write("csr", bytes([0, 63]) + der[:cut])
        write("csr", bytes([0, 63]) + pem.encode())
        write("csr", bytes([0x80 + i, 63]))
        write("csr", bytes([0xC0 + i, 0x80 | 16]))
        # a byte set near the end (in the signature), one inserted, the last one deleted
        n = len(der)
        write("csr", bytes([0x80 + i, 63]) + struct.pack("<H", n - 2) + b"\x5a")
        write("csr", bytes([0x80 + i, 63]) + struct.pack("<H", (1 << 14) | (n // 3)) + b"\x00")
        write("csr", bytes([0x80 + i, 63]) + struct.pack("<H", (2 << 14) | (n - 1)) + b"\x00")
        # tree: duplicate node 9, set a content byte of node 12, remove node 5, swap node 3 with
        # the next, fill node 20 with 160 "a"s
        for edit in ([9, 5, 0, 0], [12, 0, 3, 0x41], [5, 4, 0, 0], [3, 8, 0, 0], [20, 6, 40, 0x61]):
            write("csr", bytes([0xC0 + i, 63] + edit))
    write("csr", bytes([0, 63]))

    for target in ("validate", "tape", "response", "lifecycle", "dates", "dns", "csr"):
        print(f"{target}: {len(os.listdir(os.path.join(OUT, target)))} seeds in {os.path.join(OUT, target)}")


if __name__ == "__main__":
    main()
