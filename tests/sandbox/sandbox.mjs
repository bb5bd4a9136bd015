#!/usr/bin/env node
// A local stand-in for DigiCert CertCentral's order endpoint
// (POST /services/v2/order/certificate/{product_id}) and for the order lifecycle after it
// (order info, status changes, lookup by alternative order id, downloads, cancel, revoke,
// reissue, DCV check), for tests of `certcentral-orders`. Plain Node >= 18, node:http,
// node:zlib and node:crypto only, no dependencies.
//
// It listens on 127.0.0.1 only and never makes outbound connections.
// See README.md beside this file for the behaviours and the control endpoints.
//
// Deliberately independent of the library under test: its request checks are
// a small, separate reading of the spec (`../shared/spec` beside the repository), not a copy of the
// library's validation.

import http from 'node:http';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The fourteen product ids the spec covers (glossary, "Product identifiers"; secure-email.md §1). */
export const PRODUCTS = Object.freeze([
  'code_signing',
  'code_signing_ev',
  'client_premium_sha2',
  'client_email_security_plus',
  'client_authentication_plus',
  'client_digital_signature_plus_sha2',
  'ssl_securesite',
  'ssl_securesite_multi_domain',
  'ssl_securesite_wildcard',
  'ssl_ev_securesite',
  'ssl_ev_securesite_multi_domain',
  'secure_email_mailbox',
  'secure_email_sponsor',
  'secure_email_organization',
]);

/** Display names (glossary "Product identifiers"; secure-email.md §1). */
const PRODUCT_NAMES = {
  code_signing: 'Code Signing',
  code_signing_ev: 'EV Code Signing',
  client_premium_sha2: 'Premium (SHA-2)',
  client_email_security_plus: 'Email Security Plus',
  client_authentication_plus: 'Authentication Plus',
  client_digital_signature_plus_sha2: 'Digital Signature Plus (SHA-2)',
  ssl_securesite: 'Secure Site SSL',
  ssl_securesite_multi_domain: 'Secure Site Multi-Domain SSL',
  ssl_securesite_wildcard: 'Secure Site Wildcard SSL',
  ssl_ev_securesite: 'Secure Site EV SSL',
  ssl_ev_securesite_multi_domain: 'Secure Site EV Multi-Domain SSL',
  secure_email_mailbox: 'Secure Email for Individual',
  secure_email_sponsor: 'Secure Email for Business',
  secure_email_organization: 'Secure Email for Organization',
};

/** Behaviour types accepted by `enqueue`. */
export const BEHAVIOR_TYPES = Object.freeze([
  'created', 'status', 'html', 'not-json', 'wrong-json', 'hang',
  'truncate', 'reset', 'drip', 'huge', 'delay',
]);

/** 201 body variants (Secure Site page: one-step, two-step, auto, skip, immediate). */
export const CREATED_VARIANTS = Object.freeze(['one-step', 'two-step', 'auto', 'skip', 'immediate']);

/** lifecycle.md §7: the revocation reasons, camelCase as the API spells them. */
export const REVOCATION_REASONS = Object.freeze([
  'unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation',
]);

/** lifecycle.md §0 / glossary: 100 per rolling 5 s and 1000 per rolling 3 min, per API key. */
export const CERTCENTRAL_RATE_LIMITS = Object.freeze({
  short: Object.freeze({ limit: 100, windowMs: 5000 }),
  long: Object.freeze({ limit: 1000, windowMs: 180000 }),
});

/** The lifecycle options and their defaults (see `startSandbox`). */
export const DEFAULT_OPTIONS = Object.freeze({
  issueAfterPolls: 2,
  issueAfterMs: null,
  rateLimit: false,
  uniqueAlternativeIds: false,
});

const API_PREFIX = '/services/v2';
const ORDER_PREFIX = `${API_PREFIX}/order/certificate/`;
const CONTROL_PREFIX = '/__sandbox/';
const MAX_REQUEST_BODY = 8 * 1024 * 1024;

const FIRST_ORDER_ID = 1000;
const FIRST_REQUEST_ID = 5000;
const FIRST_CERTIFICATE_ID = 9000;
// Orders whose 201 body shows no certificate_id (one-step, two-step, ...) still get one, from a
// counter of its own, so the ids that bodies do show keep their old sequence (9000, 9001, ...).
const FIRST_UNSHOWN_CERTIFICATE_ID = 9000000;
const FIRST_ORGANIZATION_ID = 700000;

const INTERMEDIATE_NAME = 'DigiCert SHA2 Secure Server CA';
const ROOT_NAME = 'DigiCert Global Root CA';
const CA_CERT_ID = createHash('sha256').update(INTERMEDIATE_NAME).digest('hex').slice(0, 16).toUpperCase();

const DEFAULT_ERROR = {
  400: ['bad_request_format', 'The request body is not in the expected format.'],
  401: ['access_denied|invalid_api_key', 'The API key is missing or not valid.'],
  403: ['access_denied|missing_permission', 'The API key does not have permission to perform this action.'],
  404: ['not_found|product', 'The product does not exist or is not enabled for this account.'],
  405: ['method_not_allowed', 'The method is not allowed for this endpoint.'],
  409: ['conflict', 'The request conflicts with the current state of the resource.'],
  413: ['request_too_large', 'The request body is too large.'],
  429: ['request_limit_exceeded', 'Request limit exceeded. Please try again later.'],
  500: ['internal_error', 'An internal error occurred.'],
  502: ['bad_gateway', 'Bad gateway.'],
  503: ['service_unavailable', 'The service is temporarily unavailable.'],
  504: ['gateway_timeout', 'Gateway timeout.'],
};

/** The rate limiter's 429 entry, word for word from lifecycle.md §0. */
const RATE_LIMIT_ERROR = ['request_limit_exceeded', 'Service unavailable, please limit request volume'];

function defaultErrorEntry(status) {
  if (DEFAULT_ERROR[status]) return DEFAULT_ERROR[status];
  if (status >= 500) return ['server_error', `Server error (${status}).`];
  return ['client_error', `Client error (${status}).`];
}

/** CertCentral's error body: {"errors":[{"code","message"}, ...]}. */
export function errorBody(...entries) {
  return { errors: entries.map(([code, message]) => ({ code, message })) };
}

function familyOf(product) {
  if (typeof product !== 'string') return 'ssl';
  if (product.startsWith('code_signing')) return 'code_signing';
  if (product.startsWith('client_')) return 'client';
  if (product.startsWith('secure_email_')) return 'secure_email';
  return 'ssl';
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const DAY = 24 * 60 * 60 * 1000;
/** ISO 8601 in UTC the way CertCentral writes it: 2018-10-16T20:05:28+00:00. */
const isoTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);

// ---------------------------------------------------------------- behaviours

/** Parses a behaviour's `match` ("METHOD /path/prefix" or "/path/prefix"); null when malformed. */
function parseMatch(match) {
  if (typeof match !== 'string') return null;
  const m = /^\s*(?:([A-Za-z]+)\s+)?(\/\S*)\s*$/.exec(match);
  if (!m) return null;
  return { method: m[1] ? m[1].toUpperCase() : null, prefix: m[2] };
}

/**
 * Checks one behaviour object; throws TypeError with a readable message.
 * Returns a shallow copy (so later mutation by the caller has no effect).
 */
export function validateBehavior(b, where = 'behavior', { nested = false, parentCommits = false } = {}) {
  if (!isPlainObject(b)) throw new TypeError(`${where}: must be an object with a "type"`);
  if (!BEHAVIOR_TYPES.includes(b.type)) {
    throw new TypeError(`${where}: unknown type ${JSON.stringify(b.type)}; known: ${BEHAVIOR_TYPES.join(', ')}`);
  }
  const intIn = (name, min, max) => {
    const v = b[name];
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new TypeError(`${where}: "${name}" must be an integer in ${min}..${max}`);
    }
  };
  const numIn = (name, min) => {
    const v = b[name];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      throw new TypeError(`${where}: "${name}" must be a number >= ${min}`);
    }
  };
  if (b.match !== undefined) {
    if (nested) throw new TypeError(`${where}: "match" belongs on the queued behavior, not on "then"`);
    if (!parseMatch(b.match)) {
      throw new TypeError(`${where}: "match" must be a string "METHOD /path/prefix" (method optional, path relative to ${API_PREFIX}), e.g. "POST /order/certificate"`);
    }
  }
  if (b.commit !== undefined) {
    if (typeof b.commit !== 'boolean') throw new TypeError(`${where}: "commit" must be a boolean`);
    if (b.commit && (b.type === 'created' || b.type === 'huge')) {
      throw new TypeError(`${where}: "commit" does not apply to "${b.type}" (it creates the order itself)`);
    }
    if (b.commit && parentCommits) {
      throw new TypeError(`${where}: "commit" is already set on the enclosing delay; the work is done once`);
    }
  }
  if (b.commitAfterMs !== undefined) {
    numIn('commitAfterMs', 0);
    if (nested || b.commit || b.type === 'created' || b.type === 'huge') {
      throw new TypeError(`${where}: "commitAfterMs" is for a queued behavior that neither commits nor creates the order itself`);
    }
  }
  switch (b.type) {
    case 'created':
      if (b.variant !== undefined && !CREATED_VARIANTS.includes(b.variant)) {
        throw new TypeError(`${where}: unknown variant ${JSON.stringify(b.variant)}; known: ${CREATED_VARIANTS.join(', ')}`);
      }
      break;
    case 'status':
      if (b.status === undefined) throw new TypeError(`${where}: "status" is required`);
      intIn('status', 200, 599);
      if (b.retryAfter !== undefined && typeof b.retryAfter !== 'string' && typeof b.retryAfter !== 'number') {
        throw new TypeError(`${where}: "retryAfter" must be a string (seconds or HTTP-date) or a number`);
      }
      if (b.body !== undefined && typeof b.body !== 'string' && (b.body === null || typeof b.body !== 'object')) {
        throw new TypeError(`${where}: "body" must be an object/array (sent as JSON) or a string (sent as is)`);
      }
      if (b.contentType !== undefined && typeof b.contentType !== 'string') {
        throw new TypeError(`${where}: "contentType" must be a string`);
      }
      if (b.headers !== undefined && !isPlainObject(b.headers)) {
        throw new TypeError(`${where}: "headers" must be an object`);
      }
      break;
    case 'html':
    case 'not-json':
    case 'wrong-json':
    case 'truncate':
      intIn('status', 200, 599);
      if (b.contentType !== undefined && typeof b.contentType !== 'string') {
        throw new TypeError(`${where}: "contentType" must be a string`);
      }
      if (b.type === 'not-json' && b.body !== undefined && typeof b.body !== 'string') {
        throw new TypeError(`${where}: "body" must be a string`);
      }
      break;
    case 'drip':
      numIn('intervalMs', 0);
      if (b.variant !== undefined && !CREATED_VARIANTS.includes(b.variant)) {
        throw new TypeError(`${where}: unknown variant ${JSON.stringify(b.variant)}`);
      }
      break;
    case 'huge':
      intIn('bytes', 1, 2 ** 31);
      break;
    case 'delay':
      numIn('ms', 0);
      break;
    default:
      break;
  }
  const copy = { ...b };
  if (b.type === 'delay' && b.then !== undefined) {
    copy.then = validateBehavior(b.then, `${where}.then`, { nested: true, parentCommits: b.commit === true });
  }
  return copy;
}

// ---------------------------------------------------------------- fake certificates

/** Deterministic, real-looking (not parseable) certificate DER for a seed: one well-formed outer TLV. */
function fakeDer(seed, derLength = 1190) {
  const bytes = Buffer.alloc(derLength);
  let block = createHash('sha256').update(`certcentral-sandbox:${seed}`).digest();
  for (let i = 0; i < derLength; i += block.length) {
    block.copy(bytes, i);
    block = createHash('sha256').update(block).digest();
  }
  // DER-ish header: SEQUENCE (long form) { SEQUENCE (long form) { [0] { INTEGER 2 } ... } }
  const outer = derLength - 4;
  const inner = derLength - 4 - 300;
  Buffer.from([0x30, 0x82, outer >> 8, outer & 0xff, 0x30, 0x82, inner >> 8, inner & 0xff,
    0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x10]).copy(bytes, 0);
  return bytes;
}

function pemArmor(der, label) {
  const lines = der.toString('base64').match(/.{1,64}/g);
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Deterministic, real-looking (not parseable) certificate PEM for a name. */
function fakePem(seed, derLength = 1190) {
  return pemArmor(fakeDer(seed, derLength), 'CERTIFICATE');
}

/** The three certificates of a chain: end-entity (named `name`, id `certificateId`), intermediate, root. */
function chainOf(name, certificateId) {
  return [
    { name, der: fakeDer(`${name}:${certificateId}`, 1290) },
    { name: INTERMEDIATE_NAME, der: fakeDer(INTERMEDIATE_NAME, 1190) },
    { name: ROOT_NAME, der: fakeDer(ROOT_NAME, 947) },
  ];
}

// ---------------------------------------------------------------- CRC-32, ZIP, PKCS#7

let crcTable;
/** CRC-32 (IEEE 802.3, the one ZIP uses), in JavaScript. */
export function crc32js(buf) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < buf.length; i++) crc = crcTable[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-32: node:zlib's where it has one (Node >= 20.15 / 22.2), else `crc32js`. */
export const crc32 = typeof zlib.crc32 === 'function' ? (buf) => zlib.crc32(buf) >>> 0 : crc32js;

/**
 * A ZIP archive of `files` ([{name, data: Buffer}]), every entry STOREd (no compression), with local
 * headers, a central directory and the end record. `ms` dates the entries (so the bytes are stable).
 */
export function zipStore(files, ms = 0) {
  const d = new Date(ms);
  const year = Math.max(1980, d.getUTCFullYear());
  const dosTime = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const dosDate = ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const parts = [];
  const central = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const data = Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data);
    const crc = crc32(data);
    const flags = /^[\x20-\x7e]*$/.test(f.name) ? 0 : 0x0800; // bit 11: the name is UTF-8
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0 (stored)
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(0, 8); // method: stored
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(0x031e, 4); // made by: Unix, spec 3.0
    entry.writeUInt16LE(10, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(0, 10);
    entry.writeUInt16LE(dosTime, 12);
    entry.writeUInt16LE(dosDate, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(0, 30); // extra
    entry.writeUInt16LE(0, 32); // comment
    entry.writeUInt16LE(0, 34); // disk
    entry.writeUInt16LE(0, 36); // internal attributes
    entry.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external: -rw-r--r--
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...parts, cd, end]);
}

function derLength(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag, ...contents) {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}
const OID_PKCS7_DATA = Buffer.from('06092a864886f70d010701', 'hex'); // 1.2.840.113549.1.7.1
const OID_PKCS7_SIGNED_DATA = Buffer.from('06092a864886f70d010702', 'hex'); // 1.2.840.113549.1.7.2

/**
 * A degenerate PKCS#7 SignedData (no signers; RFC 2315 / RFC 5652 "certs-only") in DER around the
 * given certificate DERs: ContentInfo { signedData, [0] { version 1, digestAlgorithms {},
 * contentInfo { data }, certificates [0] IMPLICIT SET OF (sorted, as DER wants), signerInfos {} } }.
 */
export function pkcs7CertsOnly(certDers) {
  const sorted = [...certDers].sort(Buffer.compare);
  const signedData = tlv(0x30,
    tlv(0x02, Buffer.from([1])),
    tlv(0x31),
    tlv(0x30, OID_PKCS7_DATA),
    tlv(0xa0, ...sorted),
    tlv(0x31));
  return tlv(0x30, OID_PKCS7_SIGNED_DATA, tlv(0xa0, signedData));
}

/**
 * Download formats (lifecycle.md §5): what each returns. zip: `files` picks end-entity (e),
 * intermediate (i), root (r) and `ext` names them; pem: the chain's picks in one text; pkcs7: all three.
 */
export const DOWNLOAD_FORMATS = Object.freeze({
  default: { kind: 'zip', contentType: 'application/zip', picks: 'eir', ext: 'crt' },
  apache: { kind: 'zip', contentType: 'application/zip', picks: 'ei', ext: 'crt' },
  default_cer: { kind: 'zip', contentType: 'application/zip', picks: 'eir', ext: 'cer' },
  default_pem: { kind: 'zip', contentType: 'application/zip', picks: 'eir', ext: 'crt' },
  cer: { kind: 'pkcs7', contentType: 'application/x-pkcs7-certificates', picks: 'eir', ext: 'cer' },
  p7b: { kind: 'pkcs7', contentType: 'application/x-pkcs7-certificates', picks: 'eir', ext: 'p7b' },
  pem_all: { kind: 'pem', contentType: 'application/x-pem-file', picks: 'eir', ext: 'pem' },
  pem_noroot: { kind: 'pem', contentType: 'application/x-pem-file', picks: 'ei', ext: 'pem' },
  pem_nointermediate: { kind: 'pem', contentType: 'application/x-pem-file', picks: 'er', ext: 'pem' },
});

/** A file-name stem for a certificate name: `*.example.com` → `star_example_com`. */
function fileStem(name) {
  return String(name).replace(/^\*/, 'star').replace(/[^A-Za-z0-9-]+/g, '_').replace(/^_+|_+$/g, '') || 'certificate';
}

// ---------------------------------------------------------------- options

function normalizeRateLimit(v, where = 'rateLimit') {
  if (v === false || v === null || v === undefined) return false;
  if (v === true) return { short: { ...CERTCENTRAL_RATE_LIMITS.short }, long: { ...CERTCENTRAL_RATE_LIMITS.long }, retryAfter: false };
  if (!isPlainObject(v)) throw new TypeError(`${where} must be false, true or { short?, long?, retryAfter? }`);
  for (const k of Object.keys(v)) {
    if (!['short', 'long', 'retryAfter'].includes(k)) throw new TypeError(`${where}: unknown field "${k}" (short, long, retryAfter)`);
  }
  if (v.retryAfter !== undefined && typeof v.retryAfter !== 'boolean') throw new TypeError(`${where}.retryAfter must be a boolean`);
  const win = (name) => {
    const w = v[name];
    if (w === undefined || w === null) return null;
    if (!isPlainObject(w) || !Number.isInteger(w.limit) || w.limit < 1
      || typeof w.windowMs !== 'number' || !Number.isFinite(w.windowMs) || w.windowMs <= 0) {
      throw new TypeError(`${where}.${name} must be { limit: integer >= 1, windowMs: number > 0 }`);
    }
    return { limit: w.limit, windowMs: w.windowMs };
  };
  let short = win('short');
  let long = win('long');
  if (!short && !long) {
    short = { ...CERTCENTRAL_RATE_LIMITS.short };
    long = { ...CERTCENTRAL_RATE_LIMITS.long };
  }
  return { short, long, retryAfter: v.retryAfter === true };
}

/** `base` with the lifecycle options in `patch` applied (unknown keys are ignored unless `strict`). */
function applyOptions(base, patch, { strict = false, where = 'options' } = {}) {
  if (!isPlainObject(patch)) throw new TypeError(`${where} must be an object`);
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    switch (k) {
      case 'issueAfterPolls':
        if (!Number.isInteger(v) || v < 0) throw new TypeError(`${where}.issueAfterPolls must be an integer >= 0 (0 disables)`);
        out.issueAfterPolls = v;
        break;
      case 'issueAfterMs':
        if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
          throw new TypeError(`${where}.issueAfterMs must be null (off) or a number >= 0`);
        }
        out.issueAfterMs = v;
        break;
      case 'rateLimit':
        out.rateLimit = normalizeRateLimit(v, `${where}.rateLimit`);
        break;
      case 'uniqueAlternativeIds':
        if (typeof v !== 'boolean') throw new TypeError(`${where}.uniqueAlternativeIds must be a boolean`);
        out.uniqueAlternativeIds = v;
        break;
      default:
        if (strict) {
          throw new TypeError(`${where}: unknown option "${k}" (issueAfterPolls, issueAfterMs, rateLimit, uniqueAlternativeIds)`);
        }
    }
  }
  return out;
}

const copyConfig = (c) => JSON.parse(JSON.stringify(c));

// ---------------------------------------------------------------- routes

const ORDER_ACTIONS = {
  status: ['PUT', 'update-status'],
  revoke: ['PUT', 'revoke-order'],
  reissue: ['POST', 'reissue'],
  'check-dcv': ['PUT', 'check-dcv'],
};

function decodeSegment(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

/**
 * Which endpoint a request is for: `{ name, params }`, `{ name, allow }` (wrong method → 405), or
 * `{ name: null, entry }` (404 with that error entry).
 */
function route(method, path) {
  const rel = path.slice(API_PREFIX.length);
  const seg = rel.split('/').slice(1);
  const notAllowed = (name, allow) => ({ name, allow: `${allow}, OPTIONS` });
  if (seg[0] === 'order' && seg[1] === 'certificate') {
    if (seg.length === 2 || (seg.length === 3 && seg[2] === '')) {
      return { name: null, entry: ['not_found|product', 'No product id in the path.'] };
    }
    if (seg.length === 3) {
      if (seg[2] === 'status-changes') {
        return method === 'GET' ? { name: 'status-changes', params: {} } : notAllowed('status-changes', 'GET');
      }
      const x = decodeSegment(seg[2]);
      if (method === 'POST') return { name: 'create-order', params: { product: x } };
      if (method === 'GET' && !PRODUCTS.includes(x)) return { name: 'order-info', params: { ref: x } };
      return PRODUCTS.includes(x) ? notAllowed('create-order', 'POST') : notAllowed('order-info', 'GET, POST');
    }
    if (seg.length === 4 && seg[3] === 'reissue' && method === 'GET') {
      return { name: 'list-reissues', params: { orderId: decodeSegment(seg[2]) } };
    }
    if (seg.length === 4 && Object.hasOwn(ORDER_ACTIONS, seg[3])) {
      const [m, name] = ORDER_ACTIONS[seg[3]];
      if (seg[3] === 'reissue' && method !== m) return notAllowed(name, 'GET, POST');
      return method === m ? { name, params: { orderId: decodeSegment(seg[2]) } } : notAllowed(name, m);
    }
  } else if (seg[0] === 'order' && seg[1] === 'alternate' && seg.length >= 3 && seg.slice(2).join('/') !== '') {
    const alt = decodeSegment(seg.slice(2).join('/'));
    return method === 'GET' ? { name: 'orders-by-alternative-id', params: { alt } } : notAllowed('orders-by-alternative-id', 'GET');
  } else if (seg[0] === 'certificate') {
    if (seg.length === 6 && seg[1] === 'download' && seg[2] === 'order' && seg[4] === 'format') {
      return method === 'GET'
        ? { name: 'download-by-order', params: { orderId: decodeSegment(seg[3]), format: decodeSegment(seg[5]) } }
        : notAllowed('download-by-order', 'GET');
    }
    if (seg.length === 5 && seg[2] === 'download' && seg[3] === 'format') {
      return method === 'GET'
        ? { name: 'download-by-certificate', params: { certificateId: decodeSegment(seg[1]), format: decodeSegment(seg[4]) } }
        : notAllowed('download-by-certificate', 'GET');
    }
    if (seg.length === 3 && seg[2] === 'revoke') {
      return method === 'PUT'
        ? { name: 'revoke-certificate', params: { certificateRef: decodeSegment(seg[1]) } }
        : notAllowed('revoke-certificate', 'PUT');
    }
  }
  return { name: null, entry: ['not_found', `No such endpoint in this sandbox: ${path}`] };
}

const WAITING = new Set(['pending', 'needs_approval', 'reissue_pending']);
const DOWNLOADABLE = new Set(['issued', 'reissue_pending', 'revoked', 'expired', 'renewed', 'not_renewed']);
const SERVER_PLATFORMS = { '-1': 'OTHER', 2: 'Apache', 14: 'Microsoft IIS 5 & 6', 40: 'Microsoft IIS 7', 45: 'nginx', 55: 'Sun Java', 67: 'Microsoft IIS 8', 68: 'Microsoft Exchange Server 2013' };
const REQUESTER = Object.freeze({ id: 242140, first_name: 'Sandbox', last_name: 'Requester', email: 'requester@example.com' });

// ---------------------------------------------------------------- sandbox

/**
 * Starts the sandbox.
 * @param {{port?: number, apiKey?: string, issueAfterPolls?: number, issueAfterMs?: number|null,
 *   rateLimit?: boolean|{short?: {limit: number, windowMs: number}, long?: {limit: number, windowMs: number}, retryAfter?: boolean},
 *   uniqueAlternativeIds?: boolean}} [options]
 *   port: 0 (default) picks a free port. apiKey: when set, API requests without this exact
 *   X-DC-DEVKEY header get 401. The lifecycle options are described in README.md.
 */
export async function startSandbox(options = {}) {
  const { port = 0, apiKey } = options;
  const host = '127.0.0.1';
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw new TypeError('apiKey must be a non-empty string when given');
  }
  const startConfig = applyOptions(DEFAULT_OPTIONS, options);
  let config = copyConfig(startConfig);

  const requests = [];
  const orders = new Map();
  let queue = [];
  const sockets = new Set();
  const timers = new Set();
  let rateWindows = new Map(); // API key → arrival times (ms), oldest first
  let rateLimited = 0;
  let ids;
  const resetIds = () => {
    ids = {
      order: FIRST_ORDER_ID,
      request: FIRST_REQUEST_ID,
      certificate: FIRST_CERTIFICATE_ID,
      unshownCertificate: FIRST_UNSHOWN_CERTIFICATE_ID,
      organization: FIRST_ORGANIZATION_ID,
    };
  };
  resetIds();
  let closing = null;

  function later(fn, ms) {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
    return t;
  }
  function every(fn, ms) {
    const t = setInterval(fn, ms);
    timers.add(t);
    return t;
  }
  function stop(t) {
    clearTimeout(t);
    clearInterval(t);
    timers.delete(t);
  }

  function enqueue(...behaviors) {
    const flat = behaviors.flat();
    const checked = flat.map((b, i) => validateBehavior(b, `behavior[${i}]`));
    queue.push(...checked);
    return queue.length;
  }

  function reset() {
    requests.length = 0;
    queue = [];
    orders.clear();
    rateWindows = new Map();
    rateLimited = 0;
    config = copyConfig(startConfig);
    resetIds();
  }

  function configure(patch = {}) {
    const next = applyOptions(config, patch, { strict: true, where: 'configure' });
    if (patch.rateLimit !== undefined) rateWindows = new Map();
    config = next;
    return copyConfig(config);
  }

  // ------------------------------------------------------------ order store

  function displayName(o) {
    return o.common_name || o.emails?.[0] || 'example.com';
  }

  function setStatus(o, status, now) {
    o.status = status;
    o.status_changed_at = now;
    o.polls = 0;
    o.history.push({ status, at: now });
  }

  /** The certificate an issue gives the order now (its end-entity is named as the order is now). */
  function mint(o, now) {
    const name = displayName(o);
    const [ee] = chainOf(name, o.certificate_id);
    const fam = familyOf(o.product);
    const days = fam === 'ssl' ? 199 : fam === 'code_signing' ? 459 : 365;
    return {
      name,
      serial_number: createHash('sha256').update(`serial:${o.certificate_id}`).digest('hex').slice(0, 32).toUpperCase(),
      thumbprint: createHash('sha1').update(ee.der).digest('hex').toUpperCase(),
      valid_from: isoDate(now),
      valid_till: isoDate(now + days * DAY),
      date_issued: isoTime(now),
      issued_at: now,
    };
  }

  function issue(o, now) {
    if (!o.issued) o.issued = mint(o, now);
    for (const r of o.requests) if (r.status === 'pending' || r.status === 'submitted') r.status = 'approved';
    setStatus(o, 'issued', now);
  }

  /** A pending reissue is done: the order gets a new certificate (new id) and is issued again. */
  function completeReissue(o, now) {
    const r = o.reissue;
    if (o.issued) {
      o.previous_certificates.push({
        certificate_id: o.certificate_id, common_name: o.common_name, dns_names: o.dns_names, ...o.issued, revoked: false,
      });
    }
    o.certificate_id = ids.certificate++;
    if (r) {
      if (typeof r.common_name === 'string') o.common_name = r.common_name;
      if (Array.isArray(r.dns_names)) o.dns_names = r.dns_names;
      if (typeof r.csr === 'string') o.csr = r.csr;
      r.request.status = 'approved';
    }
    o.reissue = null;
    o.issued = mint(o, now);
    if (r?.entry) Object.assign(r.entry, { certificate_id: o.certificate_id, date_issued: o.issued.date_issued, valid_till: o.issued.valid_till });
    setStatus(o, 'issued', now);
  }

  function advance(o, now) {
    if (o.status === 'reissue_pending') completeReissue(o, now);
    else issue(o, now);
  }

  /** Time-based issuance, evaluated lazily whenever the sandbox is asked anything. */
  function tick(now = Date.now()) {
    if (config.issueAfterMs === null || config.issueAfterMs === undefined) return;
    for (const o of orders.values()) {
      if (WAITING.has(o.status) && now - o.status_changed_at >= config.issueAfterMs) advance(o, now);
    }
  }

  /** One read of the order (order info, check-dcv): after `issueAfterPolls` of them, it is issued. */
  function poll(o, now) {
    o.polls += 1;
    if (config.issueAfterPolls > 0 && WAITING.has(o.status) && o.polls >= config.issueAfterPolls) advance(o, now);
  }

  function setOrderStatus(orderId, status) {
    if (typeof status !== 'string' || status === '') throw new TypeError('status must be a non-empty string');
    const now = Date.now();
    tick(now);
    const o = orders.get(Number(orderId));
    if (!o) throw new RangeError(`no order ${orderId} in the sandbox`);
    if (status === 'issued') {
      if (o.status === 'reissue_pending') completeReissue(o, now);
      else issue(o, now);
    } else {
      if (status === 'reissue_pending' && !o.reissue) newReissue(o, now, {});
      setStatus(o, status, now);
    }
    return o;
  }

  function findOrder(ref) {
    if (typeof ref === 'string' && /^\d{1,15}$/.test(ref)) return orders.get(Number(ref)) ?? null;
    return null;
  }

  /** An order's current or earlier certificate by id (or serial number when `bySerial`). */
  function findCertificate(ref, { bySerial = false } = {}) {
    const isId = typeof ref === 'string' && /^\d{1,15}$/.test(ref);
    const want = String(ref).toUpperCase();
    for (const o of orders.values()) {
      if (isId && o.certificate_id === Number(ref)) return { order: o, previous: null };
      if (bySerial && o.issued && o.issued.serial_number === want) return { order: o, previous: null };
      for (const p of o.previous_certificates) {
        if ((isId && p.certificate_id === Number(ref)) || (bySerial && p.serial_number === want)) return { order: o, previous: p };
      }
    }
    return null;
  }

  // ------------------------------------------------------------ bodies

  function strings(v) {
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  }

  function certValidityOf(json) {
    const ov = json?.order_validity;
    if (isPlainObject(ov)) {
      for (const k of ['years', 'days', 'custom_expiration_date']) if (ov[k] !== undefined) return { [k]: ov[k] };
    }
    if (json?.validity_years !== undefined) return { years: json.validity_years };
    if (json?.validity_days !== undefined) return { days: json.validity_days };
    if (json?.custom_expiration_date !== undefined) return { custom_expiration_date: json.custom_expiration_date };
    return { years: 1 };
  }

  /**
   * A 201 body of a variant. When the request is an order POST (POST /order/certificate/{product}),
   * the order is stored too.
   */
  function createdBody(variant, rec) {
    const json = rec.json;
    const now = rec.at;
    const body = { id: ids.order++ };
    const org = json && json.organization;
    let organizationId = isPlainObject(org) && org.id !== undefined ? org.id : null;
    if (isPlainObject(org) && org.id === undefined) {
      organizationId = ids.organization++;
      body.organization = { id: organizationId };
    }
    const reqStatus = { 'one-step': 'pending', 'two-step': 'submitted', auto: 'approved' }[variant];
    if (reqStatus) body.requests = [{ id: ids.request++, status: reqStatus }];
    const storing = rec.route === 'create-order';
    let certificateId = null;
    if (variant === 'auto' || variant === 'skip' || variant === 'immediate') {
      certificateId = ids.certificate++;
      body.certificate_id = certificateId;
    } else if (storing) {
      certificateId = ids.unshownCertificate++;
    }
    // Secure Email certificates have no common_name field: the sandbox names them by the first e-mail.
    const c = isPlainObject(json?.certificate) ? json.certificate : {};
    const cn = typeof c.common_name === 'string' && c.common_name ? c.common_name
      : Array.isArray(c.emails) && typeof c.emails[0] === 'string' && c.emails[0] ? c.emails[0]
        : 'example.com';
    if (variant === 'immediate') {
      body.certificate_chain = chainOf(cn, certificateId).map((x) => ({ subject_common_name: x.name, pem: pemArmor(x.der, 'CERTIFICATE') }));
    }
    if (storing) {
      const status = { 'two-step': 'needs_approval', immediate: 'issued' }[variant] ?? 'pending';
      const alt = json?.alternative_order_id;
      const o = {
        id: body.id,
        certificate_id: certificateId,
        product: rec.product,
        status,
        alternative_order_id: typeof alt === 'string' ? alt : null,
        common_name: typeof c.common_name === 'string' && c.common_name ? c.common_name : null,
        dns_names: strings(c.dns_names),
        emails: Array.isArray(c.emails) ? strings(c.emails) : null,
        organization_id: organizationId,
        created_at: now,
        status_changed_at: now,
        polls: 0,
        // beyond the fields above: what the order info and the lifecycle calls need
        csr: typeof c.csr === 'string' ? c.csr : null,
        signature_hash: typeof c.signature_hash === 'string' ? c.signature_hash : 'sha256',
        server_platform_id: Number.isInteger(c.server_platform?.id) ? c.server_platform.id : -1,
        cert_validity: certValidityOf(json),
        dcv_method: typeof json?.dcv_method === 'string' ? json.dcv_method : null,
        requests: (body.requests ?? []).map((r) => ({ ...r })),
        issued: null,
        previous_certificates: [],
        reissue: null,
        reissues: [],
        revocation_requests: [],
        note: null,
        history: [{ status, at: now }],
      };
      if (status === 'issued') o.issued = mint(o, now);
      orders.set(o.id, o);
    }
    return body;
  }

  // ------------------------------------------------------------ responses

  const jsonReply = (status, obj, headers = {}) => ({ status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(obj) });
  const errorReply = (status, entries, headers) => jsonReply(status, errorBody(...entries), headers);
  const emptyReply = (status) => ({ status, headers: {}, body: '' });

  function send(res, d) {
    const buf = Buffer.isBuffer(d.body) ? d.body : Buffer.from(d.body ?? '', 'utf8');
    res.writeHead(d.status, { ...d.headers, 'Content-Length': buf.length });
    res.end(buf);
  }

  function sendJson(res, status, obj, extraHeaders = {}) {
    send(res, jsonReply(status, obj, extraHeaders));
  }

  function sendError(res, status, entries, extraHeaders) {
    sendJson(res, status, errorBody(...entries), extraHeaders);
  }

  // ------------------------------------------------------------ default handling

  function checkOrder(rec) {
    const { product, json } = rec;
    const fam = familyOf(product);
    const errs = [];
    if (!isPlainObject(json.certificate)) {
      errs.push(['invalid_value:certificate', 'certificate is required and must be an object.']);
    }
    // Secure Email for Individual needs no organization (secure-email.md §2.3).
    if (!isPlainObject(json.organization) && product !== 'secure_email_mailbox') {
      errs.push(['invalid_value:organization', 'organization is required and must be an object.']);
    }
    if (json.validity_years !== undefined) {
      // SSL: plans of 1 to 3 years (changes-2025-2026.md §1, M46); client: page 003's 1 or 2.
      const allowed = fam === 'code_signing' || fam === 'ssl' ? [1, 2, 3] : [1, 2];
      if (!allowed.includes(json.validity_years)) {
        errs.push(['invalid_value:validity_years', `validity_years must be one of ${allowed.join(', ')}.`]);
      }
    }
    if (isPlainObject(json.certificate) && json.certificate.signature_hash !== undefined) {
      const allowed = fam === 'ssl' ? ['sha256', 'sha384', 'sha512'] : ['sha256'];
      if (!allowed.includes(json.certificate.signature_hash)) {
        errs.push(['invalid_value:signature_hash', `signature_hash must be one of ${allowed.join(', ')}.`]);
      }
    }
    if (config.uniqueAlternativeIds && typeof json.alternative_order_id === 'string') {
      for (const o of orders.values()) {
        if (o.alternative_order_id === json.alternative_order_id) {
          errs.push(['duplicate_alternative_order_id', 'An order with this alternative_order_id already exists; alternative order ids must be unique in this account.']);
          break;
        }
      }
    }
    return errs;
  }

  /** A JSON body that may be empty (→ {}); otherwise it must be application/json and an object. */
  function optionalJsonBody(rec) {
    if (rec.body.trim() === '') return { json: {} };
    const ct = String(rec.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (ct !== 'application/json') return { error: errorReply(400, [['bad_request_format', 'Content-Type must be application/json.']]) };
    if (!isPlainObject(rec.json)) return { error: errorReply(400, [['bad_request_format', 'The request body must be a JSON object.']]) };
    return { json: rec.json };
  }

  const orderNotFound = (ref) => errorReply(404, [['not_found|order', `No order ${JSON.stringify(String(ref))} in this account.`]]);
  const wrongState = (o, what) => errorReply(400, [['invalid_order_status', `${what}: the order is ${o.status}.`]]);

  /** The full default answer to a recorded API request (no queued behavior): a reply descriptor. */
  function computeDefault(rec) {
    const rt = rec.routeInfo;
    if (!rt.name) return errorReply(404, [rt.entry]);
    if (rt.allow) return errorReply(405, [defaultErrorEntry(405)], { Allow: rt.allow });
    if (apiKey !== undefined && rec.headers['x-dc-devkey'] !== apiKey) return errorReply(401, [defaultErrorEntry(401)]);
    const p = rt.params;
    switch (rt.name) {
      case 'create-order': return createOrder(rec);
      case 'order-info': return orderInfo(rec, p.ref);
      case 'status-changes': return statusChanges(rec);
      case 'orders-by-alternative-id': return ordersByAlternativeId(rec, p.alt);
      case 'download-by-order': {
        const o = findOrder(p.orderId);
        if (!o) return orderNotFound(p.orderId);
        return download(o, null, p.format);
      }
      case 'download-by-certificate': {
        const found = /^\d{1,15}$/.test(p.certificateId) ? findCertificate(p.certificateId) : null;
        if (!found) return errorReply(404, [['not_found|certificate', `No certificate ${JSON.stringify(p.certificateId)} in this account.`]]);
        return download(found.order, found.previous, p.format);
      }
      case 'update-status': return updateStatus(rec, p.orderId);
      case 'revoke-order': {
        const o = findOrder(p.orderId);
        if (!o) return orderNotFound(p.orderId);
        return revoke(rec, o, null);
      }
      case 'revoke-certificate': {
        const found = findCertificate(p.certificateRef, { bySerial: true });
        if (!found) return errorReply(404, [['not_found|certificate', `No certificate ${JSON.stringify(p.certificateRef)} in this account.`]]);
        return revoke(rec, found.order, found.previous);
      }
      case 'reissue': return reissue(rec, p.orderId);
      case 'list-reissues': return listReissues(rec, p.orderId);
      case 'check-dcv': return checkDcv(rec, p.orderId);
      default: throw new Error(`unreachable: ${rt.name}`);
    }
  }

  function createOrder(rec) {
    if (!PRODUCTS.includes(rec.product)) {
      return errorReply(404, [['not_found|product',
        `Product '${rec.product}' does not exist or is not enabled for this account.`]]);
    }
    const ct = String(rec.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (ct !== 'application/json') {
      return errorReply(400, [['bad_request_format', 'Content-Type must be application/json.']]);
    }
    if (!isPlainObject(rec.json)) {
      return errorReply(400, [['bad_request_format', 'The request body must be a JSON object.']]);
    }
    const errs = checkOrder(rec);
    if (errs.length) return errorReply(400, errs);
    return jsonReply(201, createdBody('one-step', rec));
  }

  function orderInfoBody(o, query, now) {
    const fam = familyOf(o.product);
    const certificate = { id: o.certificate_id };
    if (o.common_name !== null) certificate.common_name = o.common_name;
    certificate.dns_names = [...o.dns_names];
    if (o.emails && (fam === 'client' || fam === 'secure_email')) certificate.emails = [...o.emails];
    certificate.date_created = isoTime(o.created_at);
    if (o.csr !== null) certificate.csr = o.csr;
    if (o.organization_id !== null) certificate.organization = { id: o.organization_id };
    certificate.server_platform = { id: o.server_platform_id, name: SERVER_PLATFORMS[o.server_platform_id] ?? `Platform ${o.server_platform_id}` };
    certificate.signature_hash = o.signature_hash;
    certificate.key_size = keySizeOf(o);
    certificate.ca_cert = { id: CA_CERT_ID, name: INTERMEDIATE_NAME };
    certificate.cert_validity = { ...o.cert_validity };
    if (o.issued) {
      certificate.thumbprint = o.issued.thumbprint;
      certificate.serial_number = o.issued.serial_number;
      certificate.date_issued = o.issued.date_issued;
      certificate.valid_from = o.issued.valid_from;
      certificate.valid_till = o.issued.valid_till;
      const till = Date.parse(`${o.issued.valid_till}T23:59:59Z`);
      certificate.days_remaining = Math.max(0, Math.floor((till - now) / DAY));
    }
    const body = {
      id: o.id,
      certificate,
      status: o.status,
      date_created: isoTime(o.created_at),
      product: { name_id: o.product, name: PRODUCT_NAMES[o.product] ?? o.product, type: fam === 'ssl' ? 'ssl_certificate' : fam === 'code_signing' ? 'code_signing_certificate' : 'client_certificate' },
    };
    if (o.organization_id !== null) body.organization = { id: o.organization_id };
    if (o.alternative_order_id !== null) body.alternative_order_id = o.alternative_order_id;
    if (o.dcv_method !== null) body.dcv_method = o.dcv_method;
    body.requests = o.requests.map((r) => ({ ...r }));
    if (query.get('include_caa_status') === 'true' && o.status === 'pending' && (fam === 'ssl' || fam === 'secure_email')) {
      const names = fam === 'ssl' ? [o.common_name, ...o.dns_names] : (o.emails ?? []).map((e) => e.split('@')[1]);
      body.caa_status_message = Object.fromEntries([...new Set(names.filter(Boolean))].map((n) => [n, 'CAA check is not called yet']));
    }
    // Not in the spec: a field a future API version might add. Clients must ignore what they do not know.
    body.some_future_field = { introduced: '2099-01-01', note: 'unknown to clients; must be ignored', nested: { list: [1, 2.5, 'x', null, true] } };
    return body;
  }

  function orderInfo(rec, ref) {
    let o = findOrder(ref);
    if (!o && !/^\d+$/.test(ref)) {
      // lifecycle.md §0: order info also takes the thumbprint or serial number of the order's certificate.
      const want = ref.toUpperCase();
      for (const x of orders.values()) {
        if (x.issued && (x.issued.thumbprint === want || x.issued.serial_number === want)) { o = x; break; }
      }
    }
    if (!o) return orderNotFound(ref);
    const reply = jsonReply(200, orderInfoBody(o, new URLSearchParams(rec.query), rec.at));
    poll(o, rec.at); // the answer shows the state before this poll counted
    return reply;
  }

  /** MDT (UTC-6) `yyyy-MM-dd` or `yyyy-MM-dd+HH:mm:ss` → ms; `end` extends a bare date to its last second. */
  function parseMdt(text, end) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[+ ](\d{2}):(\d{2}):(\d{2}))?$/.exec(text); // '+' arrives as ' ' when not %-encoded
    if (!m) return null;
    const [, y, mo, d, h, mi, s] = m.map(Number);
    const ms = m[4] === undefined
      ? Date.UTC(y, mo - 1, d, end ? 23 : 0, end ? 59 : 0, end ? 59 : 0)
      : Date.UTC(y, mo - 1, d, h, mi, s);
    return Number.isNaN(ms) ? null : ms + 6 * 60 * 60 * 1000 + (end && m[4] === undefined ? 999 : 0);
  }

  function statusChanges(rec) {
    const q = new URLSearchParams(rec.query);
    const minutesText = q.get('minutes');
    const secondsText = q.get('seconds');
    const range = q.get('filters[status_last_updated]');
    if (minutesText === null && secondsText === null && range === null) {
      return errorReply(400, [['missing_param', 'One of minutes, seconds or filters[status_last_updated] is required.']]);
    }
    const errs = [];
    const num = (text, name) => {
      if (text === null) return 0;
      if (!/^\d{1,9}$/.test(text)) { errs.push([`invalid_value:${name}`, `${name} must be a whole number.`]); return 0; }
      return Number(text);
    };
    const minutes = num(minutesText, 'minutes');
    const seconds = num(secondsText, 'seconds');
    let from = -Infinity;
    let to = Infinity;
    if (range !== null) {
      const [a, b, extra] = range.split('...');
      const start = a === undefined ? null : parseMdt(a, false);
      const end = b === undefined ? null : parseMdt(b, true);
      if (extra !== undefined || start === null || end === null || start > end) {
        errs.push(['invalid_value:filters[status_last_updated]', 'filters[status_last_updated] must be start...end, each yyyy-MM-dd or yyyy-MM-dd+HH:mm:ss (MDT).']);
      } else {
        from = start;
        to = end;
      }
    }
    if (errs.length) return errorReply(400, errs);
    if (minutes > 10080 || seconds > 604800 || minutes * 60 + seconds > 604800) {
      return errorReply(400, [['time_frame_too_long', 'The time frame may be at most 7 days (10080 minutes, 604800 seconds).']]);
    }
    if (minutesText !== null || secondsText !== null) from = Math.max(from, rec.at - (minutes * 60 + seconds) * 1000);
    const changed = [...orders.values()]
      .filter((o) => o.status_changed_at >= from && o.status_changed_at <= Math.min(to, rec.at))
      .sort((x, y) => y.status_changed_at - x.status_changed_at || y.id - x.id);
    if (changed.length === 0) return jsonReply(200, {}); // lifecycle.md §3: the page's second example
    return jsonReply(200, { orders: changed.map((o) => ({ order_id: o.id, certificate_id: o.certificate_id, status: o.status })) });
  }

  function ordersByAlternativeId(rec, alt) {
    const q = new URLSearchParams(rec.query);
    const errs = [];
    const int = (name, def, min, max) => {
      const t = q.get(name);
      if (t === null) return def;
      if (!/^\d{1,9}$/.test(t) || Number(t) < min || Number(t) > max) {
        errs.push([`invalid_value:${name}`, `${name} must be a whole number in ${min}..${max}.`]);
        return def;
      }
      return Number(t);
    };
    const offset = int('offset', 0, 0, 1e9);
    const limit = int('limit', 1000, 1, 1000);
    if (errs.length) return errorReply(400, errs);
    const all = [...orders.values()].filter((o) => o.alternative_order_id === alt).sort((x, y) => x.id - y.id);
    return jsonReply(200, {
      orders: all.slice(offset, offset + limit).map((o) => ({ order_id: o.id, certificate_id: o.certificate_id, status: o.status })),
      page: { total: all.length, limit, offset },
    });
  }

  function download(o, previous, format) {
    const f = Object.hasOwn(DOWNLOAD_FORMATS, format) ? DOWNLOAD_FORMATS[format] : null;
    if (!f) {
      return errorReply(400, [['invalid_format', `Unknown format ${JSON.stringify(format)}; known: ${Object.keys(DOWNLOAD_FORMATS).join(', ')}.`]]);
    }
    let cert;
    let certificateId;
    if (previous) {
      cert = previous;
      certificateId = previous.certificate_id;
    } else {
      if (!o.issued || !DOWNLOADABLE.has(o.status)) {
        return errorReply(404, [['cert_unavailable_processing', `The certificate of order ${o.id} is not available: the order is ${o.status}.`]]);
      }
      cert = o.issued;
      certificateId = o.certificate_id;
    }
    const [ee, ca, root] = chainOf(cert.name, certificateId);
    const byPick = { e: ee, i: ca, r: root };
    const picked = [...f.picks].map((k) => byPick[k]);
    const stem = fileStem(cert.name);
    let body;
    let filename;
    if (f.kind === 'zip') {
      const fileNames = { e: `${stem}.${f.ext}`, i: `DigiCertCA.${f.ext}`, r: `TrustedRoot.${f.ext}` };
      body = zipStore([...f.picks].map((k) => ({ name: fileNames[k], data: Buffer.from(pemArmor(byPick[k].der, 'CERTIFICATE')) })), cert.issued_at);
      filename = `${stem}.zip`;
    } else if (f.kind === 'pkcs7') {
      body = pemArmor(pkcs7CertsOnly(picked.map((x) => x.der)), 'PKCS7');
      filename = `${stem}.${f.ext}`;
    } else {
      body = picked.map((x) => pemArmor(x.der, 'CERTIFICATE')).join('');
      filename = `${stem}.${f.ext}`;
    }
    return { status: 200, headers: { 'Content-Type': f.contentType, 'Content-Disposition': `attachment; filename="${filename}"` }, body };
  }

  function updateStatus(rec, orderId) {
    const o = findOrder(orderId);
    if (!o) return orderNotFound(orderId);
    const parsed = optionalJsonBody(rec);
    if (parsed.error) return parsed.error;
    const { status, note } = parsed.json;
    const errs = [];
    if (!['canceled', 'renewed', 'not_renewed'].includes(status)) {
      errs.push(['invalid_value:status', 'status must be one of canceled, renewed, not_renewed (case-sensitive).']);
    }
    if (note !== undefined && typeof note !== 'string') errs.push(['invalid_value:note', 'note must be a string.']);
    else if (status === 'canceled' && (typeof note !== 'string' || note.trim() === '')) {
      errs.push(['invalid_value:note', 'A note is required to cancel an order.']);
    }
    if (errs.length) return errorReply(400, errs);
    const now = rec.at;
    if (status === 'canceled') {
      if (o.status === 'pending' || o.status === 'waiting_pickup') {
        o.note = note;
        setStatus(o, 'canceled', now);
        return emptyReply(204);
      }
      if (o.status === 'reissue_pending') {
        if (o.reissue) {
          o.reissue.request.status = 'rejected';
          o.reissue.request.processor_comment = note;
        }
        o.reissue = null;
        setStatus(o, 'issued', now);
        return emptyReply(204);
      }
      return wrongState(o, 'Only a pending, waiting_pickup or reissue_pending order can be canceled');
    }
    if (status === 'renewed') {
      if (o.status !== 'issued' && o.status !== 'expired') return wrongState(o, 'Only an issued or expired order can be marked renewed');
    } else if (o.status !== 'renewed') {
      return wrongState(o, 'Only an order marked renewed can be marked not_renewed');
    }
    if (typeof note === 'string') o.note = note;
    setStatus(o, status, now);
    return emptyReply(204);
  }

  function revoke(rec, o, previous) {
    const parsed = optionalJsonBody(rec);
    if (parsed.error) return parsed.error;
    const b = parsed.json;
    const errs = [];
    if (b.revocation_reason !== undefined && !REVOCATION_REASONS.includes(b.revocation_reason)) {
      errs.push(['invalid_value:revocation_reason', `revocation_reason must be one of ${REVOCATION_REASONS.join(', ')}.`]);
    }
    if (b.skip_approval !== undefined && typeof b.skip_approval !== 'boolean') {
      errs.push(['invalid_value:skip_approval', 'skip_approval must be a boolean.']);
    }
    for (const k of ['comments', 'comment']) {
      if (b[k] !== undefined && typeof b[k] !== 'string') errs.push([`invalid_value:${k}`, `${k} must be a string.`]);
    }
    if (errs.length) return errorReply(400, errs);
    if (previous) {
      if (previous.revoked) return errorReply(400, [['invalid_order_status', `Certificate ${previous.certificate_id} is already revoked.`]]);
    } else if (o.status !== 'issued') {
      return wrongState(o, o.status === 'reissue_pending'
        ? 'A certificate with a pending reissue cannot be revoked (cancel the reissue first)'
        : 'Only an issued order\'s certificate can be revoked');
    }
    if (b.skip_approval === true) {
      if (previous) previous.revoked = true;
      else setStatus(o, 'revoked', rec.at);
      return emptyReply(204);
    }
    const request = {
      id: ids.request++,
      date: isoTime(rec.at),
      type: 'revoke',
      status: 'pending',
      requester: { ...REQUESTER },
      comments: b.comments ?? b.comment ?? '',
    };
    o.revocation_requests.push({ ...request, certificate_id: previous ? previous.certificate_id : o.certificate_id, revocation_reason: b.revocation_reason ?? 'unspecified' });
    return jsonReply(201, request);
  }

  function reissue(rec, orderId) {
    const o = findOrder(orderId);
    if (!o) return orderNotFound(orderId);
    const parsed = optionalJsonBody(rec);
    if (parsed.error) return parsed.error;
    const c = parsed.json.certificate;
    if (!isPlainObject(c)) return errorReply(400, [['invalid_value:certificate', 'certificate is required and must be an object.']]);
    const fam = familyOf(o.product);
    const errs = [];
    if (fam === 'ssl') {
      if (typeof c.csr !== 'string' || c.csr.trim() === '') errs.push(['invalid_value:csr', 'certificate.csr is required to reissue a TLS certificate.']);
      if (typeof c.common_name !== 'string' || c.common_name === '') errs.push(['invalid_value:common_name', 'certificate.common_name is required to reissue a TLS certificate.']);
    } else if (fam === 'code_signing' && c.common_name !== undefined) {
      errs.push(['invalid_value:common_name', 'certificate.common_name must be omitted for code signing reissues.']);
    }
    if (c.dns_names !== undefined && (!Array.isArray(c.dns_names) || c.dns_names.some((n) => typeof n !== 'string'))) {
      errs.push(['invalid_value:dns_names', 'certificate.dns_names must be an array of strings.']);
    }
    if (errs.length) return errorReply(400, errs);
    if (o.status !== 'issued' && o.status !== 'reissue_pending') {
      return wrongState(o, 'Only an issued order can be reissued');
    }
    if (o.reissue) o.reissue.request.status = 'rejected'; // a new reissue request replaces a pending one
    const { request } = newReissue(o, rec.at, {
      common_name: typeof c.common_name === 'string' ? c.common_name : undefined,
      dns_names: Array.isArray(c.dns_names) ? [...c.dns_names] : undefined,
      csr: typeof c.csr === 'string' ? c.csr : undefined,
    });
    setStatus(o, 'reissue_pending', rec.at);
    return jsonReply(201, { id: o.id, requests: [{ ...request }] });
  }

  /** The key size the sandbox reports for an order's certificates (it does not read the CSR). */
  const keySizeOf = (o) => (familyOf(o.product) === 'code_signing' ? 3072 : 2048);

  /** A reissue request of the order, pending, with its entry in the order's reissue list. */
  function newReissue(o, at, { common_name, dns_names, csr }) {
    const request = { id: ids.request++, status: 'pending' };
    o.requests.push(request);
    const entry = { request, date_created: isoTime(at), common_name, dns_names, csr, certificate_id: null, date_issued: null, valid_till: null };
    o.reissues.push(entry);
    o.reissue = { request, requested_at: at, common_name, dns_names, csr, entry };
    return o.reissue;
  }

  /**
   * `GET /order/certificate/{order_id}/reissue`: `{certificates: [...]}`, newest first; each entry
   * `issued`, `pending` or `rejected` (lifecycle.md §8). What `show_archived` adds is not
   * documented: here the rejected ones (replaced by a later reissue, or canceled) are archived.
   */
  function listReissues(rec, orderId) {
    const o = findOrder(orderId);
    if (!o) return orderNotFound(orderId);
    const archived = new URLSearchParams(rec.query).get('show_archived') === 'true';
    const status = (e) => ({ approved: 'issued', rejected: 'rejected' })[e.request.status] ?? 'pending';
    const certificates = o.reissues.filter((e) => archived || status(e) !== 'rejected').reverse().map((e) => ({
      status: status(e),
      date_created: e.date_created,
      ...(e.date_issued && { date_issued: e.date_issued, valid_till: e.valid_till, id: e.certificate_id }),
      ...(e.common_name !== undefined && { common_name: e.common_name }),
      ...(e.dns_names !== undefined && { dns_names: e.dns_names }),
      ...(e.csr !== undefined && { csr: e.csr }),
      key_size: keySizeOf(o),
      receipt_id: e.request.id,
    }));
    return jsonReply(200, { certificates });
  }

  function checkDcv(rec, orderId) {
    const o = findOrder(orderId);
    if (!o) return orderNotFound(orderId);
    const parsed = optionalJsonBody(rec);
    if (parsed.error) return parsed.error;
    if (o.status !== 'pending' && o.status !== 'issued') {
      return wrongState(o, 'Domain control can be checked only for a pending (or issued) order');
    }
    if (o.dcv_method === 'email') {
      return errorReply(400, [['invalid_dcv_method', 'Check DCV works for dns-txt-token, dns-cname-token and http-token orders, not email.']]);
    }
    let names = [...new Set([o.common_name, ...o.dns_names].filter((n) => typeof n === 'string' && n))];
    const subset = parsed.json.dns_name_validations ?? parsed.json.dns_names_validations;
    if (Array.isArray(subset)) {
      const want = new Set(subset.map((x) => (isPlainObject(x) ? x.dns_name : x)));
      names = names.filter((n) => want.has(n));
    }
    const issued = o.status === 'issued';
    const reply = jsonReply(200, {
      order_status: issued ? 'issued' : 'pending',
      certificate_id: o.certificate_id,
      dcv_status: issued ? 'valid' : 'pending',
      dns_name_validations: names.map((n) => ({ dns_name: n, status: issued ? 'approved' : 'pending' })),
    });
    if (!issued) poll(o, rec.at);
    return reply;
  }

  // ------------------------------------------------------------ rate limits

  /** Counts the request; a 429 reply when it is over a window, else null. */
  function rateCheck(rec) {
    const rl = config.rateLimit;
    if (!rl) return null;
    const key = String(rec.headers['x-dc-devkey'] ?? '');
    const now = rec.at;
    const wins = [rl.short, rl.long].filter(Boolean);
    const longest = Math.max(...wins.map((w) => w.windowMs));
    let times = rateWindows.get(key);
    if (!times) rateWindows.set(key, (times = []));
    let drop = 0;
    while (drop < times.length && times[drop] <= now - longest) drop++;
    if (drop) times.splice(0, drop);
    times.push(now); // every request counts, refused ones too
    let waitMs = 0;
    let over = false;
    for (const w of wins) {
      const inWindow = times.filter((t) => t > now - w.windowMs);
      if (inWindow.length > w.limit) {
        over = true;
        // free again once all but limit-1 of these have left the window
        waitMs = Math.max(waitMs, inWindow[inWindow.length - w.limit] + w.windowMs - now);
      }
    }
    if (!over) return null;
    rateLimited += 1;
    const headers = rl.retryAfter ? { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) } : {};
    return errorReply(429, [RATE_LIMIT_ERROR], headers);
  }

  // ------------------------------------------------------------ behaviours

  function behaviorApplies(b, rec) {
    if (b.match === undefined) return true;
    const m = parseMatch(b.match);
    if (m.method && m.method !== rec.method) return false;
    const target = m.prefix.startsWith(`${API_PREFIX}/`) || m.prefix === API_PREFIX ? rec.path : rec.path.slice(API_PREFIX.length);
    return target.startsWith(m.prefix);
  }

  function run(b, req, res, rec, committed = null) {
    const socket = req.socket;
    if (b.commit) committed = computeDefault(rec);
    // The work done late, whatever became of the request (a backend still at work after its
    // gateway gave up).
    if (b.commitAfterMs !== undefined) later(() => computeDefault(rec), b.commitAfterMs);
    switch (b.type) {
      case 'created':
        return sendJson(res, 201, createdBody(b.variant ?? 'one-step', rec));

      case 'status': {
        const status = b.status;
        const headers = { ...(b.headers ?? {}) };
        if (b.retryAfter !== undefined) headers['Retry-After'] = String(b.retryAfter);
        let text;
        let contentType;
        if (b.body === undefined) {
          if (status >= 400) {
            text = JSON.stringify(errorBody(defaultErrorEntry(status)));
            contentType = 'application/json';
          } else {
            text = '';
          }
        } else if (typeof b.body === 'string') {
          text = b.body;
          contentType = 'text/plain; charset=utf-8';
        } else {
          text = JSON.stringify(b.body);
          contentType = 'application/json';
        }
        if (b.contentType !== undefined) contentType = b.contentType;
        if (status === 204 || status === 304) text = '';
        if (contentType !== undefined && text !== '') headers['Content-Type'] = contentType;
        headers['Content-Length'] = Buffer.byteLength(text);
        res.writeHead(status, headers);
        return res.end(text);
      }

      case 'html': {
        const status = b.status ?? 502;
        const reason = http.STATUS_CODES[status] ?? 'Error';
        const text = `<!DOCTYPE html>\n<html>\n<head><title>${status} ${reason}</title></head>\n<body>\n<center><h1>${status} ${reason}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
        res.writeHead(status, { 'Content-Type': b.contentType ?? 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
        return res.end(text);
      }

      case 'not-json': {
        const text = b.body ?? 'Order received. Thank you!';
        res.writeHead(b.status ?? 201, { 'Content-Type': b.contentType ?? 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
        return res.end(text);
      }

      case 'wrong-json': {
        const text = JSON.stringify(b.body !== undefined ? b.body : { hello: 1 });
        res.writeHead(b.status ?? 201, { 'Content-Type': b.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(text) });
        return res.end(text);
      }

      case 'hang':
        return undefined; // never answered; close() destroys the socket

      case 'truncate': {
        const full = committed
          ? (Buffer.isBuffer(committed.body) ? committed.body : Buffer.from(committed.body ?? ''))
          : Buffer.from(JSON.stringify(createdBody('one-step', rec)));
        const half = full.subarray(0, Math.floor(full.length / 2));
        const headers = committed ? { ...committed.headers } : { 'Content-Type': 'application/json' };
        if (b.contentType !== undefined) headers['Content-Type'] = b.contentType;
        res.writeHead(b.status ?? committed?.status ?? 201, { ...headers, 'Content-Length': full.length });
        socket.setNoDelay(true);
        res.write(half, () => later(() => socket.destroy(), 5));
        return undefined;
      }

      case 'reset':
        if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
        return undefined;

      case 'drip': {
        const full = committed
          ? (Buffer.isBuffer(committed.body) ? committed.body : Buffer.from(committed.body ?? ''))
          : Buffer.from(JSON.stringify(createdBody(b.variant ?? 'one-step', rec)));
        const headers = committed ? { ...committed.headers } : { 'Content-Type': 'application/json' };
        res.writeHead(committed?.status ?? 201, { ...headers, 'Content-Length': full.length });
        socket.setNoDelay(true);
        res.flushHeaders();
        if (full.length === 0) return res.end();
        let i = 0;
        const t = every(() => {
          if (socket.destroyed || res.destroyed) return stop(t);
          res.write(full.subarray(i, i + 1));
          i += 1;
          if (i >= full.length) {
            stop(t);
            res.end();
          }
        }, b.intervalMs ?? 20);
        res.once('close', () => stop(t));
        return undefined;
      }

      case 'huge':
        return sendHuge(res, b.bytes ?? 8 * 1024 * 1024, rec);

      case 'delay': {
        const t = later(() => {
          if (socket.destroyed) return;
          if (b.then) run(b.then, req, res, rec, committed);
          else send(res, committed ?? computeDefault(rec));
        }, b.ms ?? 1000);
        res.once('close', () => stop(t));
        return undefined;
      }

      default:
        throw new Error(`unreachable: ${b.type}`);
    }
  }

  /** A 201 whose body is a documented one-step body padded to `bytes` total. */
  function sendHuge(res, bytes, rec) {
    const body = createdBody('one-step', rec);
    const head = Buffer.from(`${JSON.stringify(body).slice(0, -1)},"padding":"`);
    const tail = Buffer.from('"}');
    const padLen = Math.max(0, bytes - head.length - tail.length);
    res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': head.length + padLen + tail.length });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = padLen;
    res.write(head);
    const pump = () => {
      while (left > 0) {
        if (res.destroyed) return;
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      res.end(tail);
    };
    pump();
  }

  // ------------------------------------------------------------ control

  function count(method, path) {
    if (path === undefined && (method instanceof RegExp || (typeof method === 'string' && method.startsWith('/')))) {
      path = method;
      method = undefined;
    }
    const m = method === undefined || method === null || method === '*' ? null : String(method).toUpperCase();
    return requests.filter((r) => {
      if (m && r.method !== m) return false;
      if (path === undefined || path === null) return true;
      if (path instanceof RegExp) {
        path.lastIndex = 0;
        return path.test(r.path);
      }
      const p = String(path);
      return p.startsWith(`${API_PREFIX}/`) || p === API_PREFIX
        ? r.path.startsWith(p)
        : r.path.slice(API_PREFIX.length).startsWith(p);
    }).length;
  }

  function stats() {
    return { requests: requests.length, rateLimited, orders: orders.size, queued: queue.length };
  }

  function handleControl(req, res, path, bodyText) {
    tick();
    if (path === '/__sandbox/requests' && req.method === 'GET') {
      return sendJson(res, 200, requests);
    }
    if (path === '/__sandbox/reset' && req.method === 'POST') {
      reset();
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/__sandbox/enqueue' && req.method === 'POST') {
      let parsed;
      try {
        parsed = JSON.parse(bodyText);
      } catch {
        return sendError(res, 400, [['bad_request_format', 'Body must be a JSON array of behaviours.']]);
      }
      const list = Array.isArray(parsed) ? parsed : [parsed];
      try {
        const queued = enqueue(...list);
        return sendJson(res, 200, { ok: true, queued });
      } catch (e) {
        return sendError(res, 400, [['invalid_value:behavior', e.message]]);
      }
    }
    if (path === '/__sandbox/configure' && req.method === 'POST') {
      let parsed = {};
      if (bodyText.trim() !== '') {
        try {
          parsed = JSON.parse(bodyText);
        } catch {
          return sendError(res, 400, [['bad_request_format', 'Body must be a JSON object of options.']]);
        }
      }
      try {
        return sendJson(res, 200, { ok: true, config: configure(parsed) });
      } catch (e) {
        return sendError(res, 400, [['invalid_value:config', e.message]]);
      }
    }
    if (path === '/__sandbox/stats' && req.method === 'GET') {
      return sendJson(res, 200, stats());
    }
    if (path === '/__sandbox/orders' && req.method === 'GET') {
      return sendJson(res, 200, [...orders.values()]);
    }
    const m = /^\/__sandbox\/orders\/([^/]+)(\/status)?$/.exec(path);
    if (m && !m[2] && req.method === 'GET') {
      const o = findOrder(decodeSegment(m[1]));
      if (!o) return sendError(res, 404, [['not_found|order', `No order ${m[1]} in the sandbox.`]]);
      return sendJson(res, 200, o);
    }
    if (m && m[2] && req.method === 'POST') {
      let status;
      try {
        status = JSON.parse(bodyText)?.status;
      } catch {
        return sendError(res, 400, [['bad_request_format', 'Body must be a JSON object {"status": "..."}.']]);
      }
      if (typeof status !== 'string' || status === '') {
        return sendError(res, 400, [['invalid_value:status', 'status must be a non-empty string.']]);
      }
      if (!findOrder(decodeSegment(m[1]))) return sendError(res, 404, [['not_found|order', `No order ${m[1]} in the sandbox.`]]);
      return sendJson(res, 200, { ok: true, order: setOrderStatus(decodeSegment(m[1]), status) });
    }
    return sendError(res, 404, [['not_found', `No such control endpoint: ${req.method} ${path}`]]);
  }

  // ------------------------------------------------------------ server

  function preflight(req, res) {
    const defaults = ['content-type', 'x-dc-devkey', '*'];
    const asked = String(req.headers['access-control-request-headers'] ?? '')
      .split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const allow = [...new Set([...defaults, ...asked])];
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
      'Access-Control-Allow-Headers': allow.join(', '),
      'Access-Control-Max-Age': '600',
      Vary: 'Access-Control-Request-Headers',
      'Content-Length': 0,
    });
    res.end();
  }

  const server = http.createServer((req, res) => {
    const at = Date.now();
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Content-Type, Content-Disposition');
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);

    if (req.method === 'OPTIONS') {
      req.resume();
      return preflight(req, res);
    }

    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_REQUEST_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', () => {});
    req.on('end', () => {
      if (closing) return;
      const body = Buffer.concat(chunks).toString('utf8');

      if (path.startsWith(CONTROL_PREFIX)) return handleControl(req, res, path, body);
      if (!(path === API_PREFIX || path.startsWith(`${API_PREFIX}/`))) {
        return sendError(res, 404, [['not_found', `No such endpoint in this sandbox: ${path}`]]);
      }

      let product = null;
      if (path.startsWith(ORDER_PREFIX)) {
        const rest = path.slice(ORDER_PREFIX.length);
        if (rest !== '' && !rest.includes('/')) {
          try { product = decodeURIComponent(rest); } catch { product = rest; }
        }
      }
      let json;
      try { json = JSON.parse(body); } catch { json = undefined; }
      const routeInfo = route(req.method, path);
      const rec = { method: req.method, path, query, url, route: routeInfo.allow ? null : routeInfo.name, product, headers: { ...req.headers }, body, json, at };
      Object.defineProperty(rec, 'routeInfo', { value: routeInfo, enumerable: false });
      requests.push(rec);

      tick(at);
      const limited = rateCheck(rec);
      if (limited) return send(res, limited);
      if (tooLarge) return sendError(res, 413, [defaultErrorEntry(413)]);
      const i = queue.findIndex((b) => behaviorApplies(b, rec));
      if (i !== -1) return run(queue.splice(i, 1)[0], req, res, rec);
      return send(res, computeDefault(rec));
    });
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const actualPort = server.address().port;
  const baseAddress = `http://${host}:${actualPort}`;

  function close() {
    if (closing) return closing;
    closing = new Promise((resolve) => {
      for (const t of timers) { clearTimeout(t); clearInterval(t); }
      timers.clear();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      sockets.clear();
    });
    return closing;
  }

  return {
    url: baseAddress,
    baseUrl: `${baseAddress}${API_PREFIX}`,
    port: actualPort,
    requests,
    enqueue,
    reset,
    close,
    configure,
    setOrderStatus,
    count,
    get queued() { return queue.length; },
    get orders() { tick(); return orders; },
    get rateLimited() { return rateLimited; },
    get config() { return copyConfig(config); },
    get stats() { return stats(); },
  };
}

// ---------------------------------------------------------------- CLI

const USAGE = 'usage: node tests/sandbox/sandbox.mjs [--port N] [--api-key K] [--issue-after-polls N] [--issue-after-ms N] [--rate-limit]\n';

function parseArgs(argv) {
  const out = { port: 0, apiKey: undefined };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq !== -1) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--port') {
      const p = Number(next());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error('--port must be an integer 0..65535');
      out.port = p;
    } else if (arg === '--api-key') {
      out.apiKey = next();
      if (out.apiKey === '') throw new Error('--api-key must not be empty');
    } else if (arg === '--issue-after-polls') {
      const text = next();
      const n = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error('--issue-after-polls must be an integer >= 0');
      out.issueAfterPolls = n;
    } else if (arg === '--issue-after-ms') {
      const text = next();
      const n = Number(text);
      if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(n)) throw new Error('--issue-after-ms must be a number >= 0');
      out.issueAfterMs = n;
    } else if (arg === '--rate-limit') {
      if (value !== undefined) throw new Error('--rate-limit takes no value');
      out.rateLimit = true;
    } else if (arg === '--help' || arg === '-h') {
      out.help = true;
    } else {
      throw new Error(`unknown argument: ${arg}`);
    }
  }
  return out;
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`sandbox: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const { help, ...options } = args;
  const sb = await startSandbox(options);
  process.stdout.write(`CertCentral sandbox listening on ${sb.baseUrl}\n`);
  const shutdown = () => { sb.close().then(() => process.exit(0)); };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
