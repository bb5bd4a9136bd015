// CertCentralClient after the order, in Node, against the local CertCentral sandbox: place →
// wait → download, every download format, reading orders, status changes, cancel, revoke,
// reissue, DCV checks, final states, timeouts and aborts of a wait, faults on the reads, the
// order that is never placed twice (its answer lost, found again by its alternative_order_id),
// and the rate budget (the sandbox enforcing limits, counted there). The API key must never
// show up in an error, on the console or in a URL the sandbox saw.
//
// The package is imported from the scratch app (CC_SCRATCH_APP) through its own package.json
// exports, as a user's code would get it.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, inspect } from 'node:util';
import { app, exampleBodies } from './helpers.mjs';

// Upper bounds on timings only prove that nothing hangs; they are generous so a loaded 2-core
// CI machine does not fail them. Lower bounds are what the client promises (it waited).
const SLACK = 1500;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startSandbox } = await import(pathToFileURL(join(root, 'tests', 'sandbox', 'sandbox.mjs')));

const requireFromApp = createRequire(join(app, 'package.json'));
const pkgDir = dirname(requireFromApp.resolve('certcentral-orders/package.json'));
const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const cc = await import(pathToFileURL(join(pkgDir, manifest.exports['.'].node.import.default)));
const { CertCentralClient, CertCentralError } = cc;

// A distinctive key: it must never show up in an error, on the console or in a URL.
const KEY = 'lcKEY-Wq7Rt2Yp9Zx4Mn6Bv3Kd8';
const KEY_PART = KEY.slice(6, 18);
const TODAY = '2026-11-22';
const SSL = 'ssl_securesite';
const API = '/services/v2';
const ORDER_PATH = `${API}/order/certificate/${SSL}`;

const bases = exampleBodies(['ssl']);
const CSR = bases.ssl_min.certificate.csr;
let altCounter = 0;
/** A valid Secure Site order; `alt: true` gives it a fresh alternative_order_id. */
function order({ alt = false, ...extra } = {}) {
  const o = { ...structuredClone(bases.ssl_min), ...extra };
  if (alt) o.alternative_order_id = `POlc${process.pid}x${++altCounter}`; // letters and digits only (spec page 002)
  return o;
}
const REISSUE = { certificate: { common_name: 'example.com', dns_names: ['www.example.com'], csr: CSR, signature_hash: 'sha256' } };

// ------------------------------------------------------------------------------------------
// Console capture: everything written through console.* or to stderr while this file runs.

const consoleText = [];
const restore = [];
for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir']) {
  const orig = console[m];
  console[m] = function (...args) { consoleText.push(format(...args)); return orig.apply(this, args); };
  restore.push(() => { console[m] = orig; });
}
{
  const orig = process.stderr.write;
  process.stderr.write = function (chunk, ...rest) { consoleText.push(String(chunk)); return orig.call(this, chunk, ...rest); };
  restore.push(() => { process.stderr.write = orig; });
}
process.on('warning', (w) => consoleText.push(String(w.stack ?? w)));

// ------------------------------------------------------------------------------------------
// Sandboxes. Every request any of them saw is kept for the last test's URL check.

const seen = [];
let sb;
before(async () => { sb = await startSandbox({ port: 0, apiKey: KEY, issueAfterPolls: 2 }); });
after(async () => { await sb?.close(); for (const r of restore) r(); });
beforeEach(() => { sb.reset(); sb.configure({ issueAfterPolls: 2 }); });
afterEach(() => { seen.push(...sb.requests); });

/** Runs `fn(sandbox)` on a sandbox of its own (so slow cases can run side by side). */
async function withSandbox(options, fn) {
  const own = await startSandbox({ port: 0, apiKey: KEY, ...options });
  try { return await fn(own); } finally { seen.push(...own.requests); await own.close(); }
}

const client = (opts = {}, on = sb) => new CertCentralClient({ apiKey: KEY, baseUrl: on.baseUrl, timeoutMs: 2000, ...opts });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The requests `on` saw with this method whose path starts with `prefix` (under /services/v2). */
const sent = (method, prefix, on = sb) => on.requests.filter((r) => r.method === method && r.path.startsWith(API + prefix));
const posts = (on = sb) => sent('POST', `/order/certificate/${SSL}`, on).filter((r) => r.path === ORDER_PATH);

/** The orders the sandbox holds, as an array, whatever collection it keeps them in. */
function storedOrders(on = sb) {
  const o = on.orders;
  if (o instanceof Map) return [...o.values()];
  if (Array.isArray(o)) return o;
  return Object.values(o ?? {});
}

/** Where the key must not show up: every way an error gets printed or serialized. */
function assertNoLeak(err, secret = KEY) {
  const views = {
    message: String(err?.message),
    stack: String(err?.stack),
    'String(err)': String(err),
    'JSON.stringify(err)': JSON.stringify(err),
    'util.inspect(err)': inspect(err, { depth: Infinity }),
    'own properties': JSON.stringify(Object.getOwnPropertyNames(err ?? {}).map((k) => [k, String(err[k])])),
  };
  for (const [where, text] of Object.entries(views)) {
    assert.ok(!text.includes(secret), `the API key appears in ${where}`);
    if (secret === KEY) assert.ok(!text.includes(KEY_PART), `part of the API key appears in ${where}`);
  }
}

/** Awaits a rejection and checks what every CertCentralError must be. */
async function rejectsWith(promise, kind, { attempts, status, orderStatus } = {}) {
  let err;
  await assert.rejects(promise, (e) => { err = e; return true; });
  assert.ok(err instanceof CertCentralError, `not a CertCentralError: ${inspect(err)}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'CertCentralError');
  assert.equal(err.kind, kind, `kind: ${err.message}`);
  assert.ok(typeof err.message === 'string' && err.message.length > 0);
  assert.equal(typeof err.attempts, 'number');
  assert.ok(Array.isArray(err.errors), 'errors is an array');
  assert.ok(Array.isArray(err.issues), 'issues is an array');
  if (attempts !== undefined) assert.equal(err.attempts, attempts, `attempts: ${err.message}`);
  if (status !== undefined) assert.equal(err.status, status, 'status');
  if (orderStatus !== undefined) assert.equal(err.orderStatus, orderStatus, 'orderStatus');
  assertNoLeak(err);
  return err;
}

/** A wrong argument: a TypeError (not a CertCentralError), and nothing sent. */
async function rejectsType(promise, what, on = sb) {
  const before = on.requests.length;
  let err;
  await assert.rejects(promise, (e) => { err = e; return true; }, what);
  assert.ok(err instanceof TypeError, `${what}: ${inspect(err)}`);
  assertNoLeak(err);
  await sleep(0);
  assert.equal(on.requests.length, before, `${what}: a request was sent`);
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;
const isZip = (bytes) => bytes.length > 22 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
/** The names of a zip's entries, from its central directory. */
function zipEntries(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= 0; i--) if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  assert.ok(eocd >= 0, 'the zip has an end-of-central-directory record');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const names = [];
  for (let i = 0; i < count; i++) {
    assert.equal(view.getUint32(at, true), 0x02014b50, 'a central directory entry');
    const n = view.getUint16(at + 28, true), m = view.getUint16(at + 30, true), k = view.getUint16(at + 32, true);
    names.push(new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + n)));
    at += 46 + n + m + k;
  }
  return names;
}

/** The raw body of `path` on `on`, fetched directly (with the key), to compare downloads with. */
async function raw(path, on = sb) {
  const before = on.requests.length;
  const r = await fetch(`${on.baseUrl}${path}`, { headers: { 'X-DC-DEVKEY': KEY } });
  const bytes = new Uint8Array(await r.arrayBuffer());
  on.requests.splice(before); // not the client's
  return { status: r.status, contentType: r.headers.get('content-type'), bytes };
}

// ==========================================================================================
// The whole job

test('job: place → waitForIssuance (onStatus sees pending, then issued) → download pem_all', async () => {
  const c = client();
  const o = order({ alt: true });
  const placed = await c.orderCertificate(SSL, o, { today: TODAY });
  assert.ok(Number.isInteger(placed.id), 'an order id');
  assert.equal(placed.recovered, undefined, 'a plain 201, not a recovered order');
  assert.equal(storedOrders().length, 1, 'the sandbox holds the order');

  const seenStatuses = [];
  const t0 = Date.now();
  const issued = await c.waitForIssuance(placed.id, { intervalMs: 40, timeoutMs: 10_000, onStatus: (x) => seenStatuses.push(x.status) });
  const waited = Date.now() - t0;
  assert.equal(issued.id, placed.id);
  assert.equal(issued.status, 'issued');
  assert.ok(Number.isInteger(issued.certificate?.id), `the issued order names its certificate: ${inspect(issued.certificate)}`);
  assert.equal(seenStatuses[0], 'pending', seenStatuses.join());
  assert.equal(seenStatuses.at(-1), 'issued', seenStatuses.join());
  assert.ok(seenStatuses.slice(0, -1).every((s) => s === 'pending'), seenStatuses.join());
  const polls = sent('GET', `/order/certificate/${placed.id}`);
  assert.equal(polls.length, seenStatuses.length, 'one onStatus per poll');
  // The first poll at once, the next after intervalMs, each wait 1.5 times the one before.
  assert.ok(polls[0].at - t0 < 35 + SLACK, `first poll after ${polls[0].at - t0} ms`);
  for (let i = 1; i < polls.length; i++) {
    const gap = polls[i].at - polls[i - 1].at;
    assert.ok(gap >= 40 * 1.5 ** (i - 1) - 10, `poll ${i + 1} came ${gap} ms after the one before`);
  }
  assert.ok(waited < 40 * 5 + SLACK, `the wait took ${waited} ms`);

  const dl = await c.downloadCertificate({ orderId: placed.id });
  assert.equal(dl.format, 'pem_all');
  assert.match(dl.contentType, /^application\/x-pem-file/);
  assert.ok(dl.bytes instanceof Uint8Array);
  assert.equal(typeof dl.pem, 'string');
  assert.equal(dl.pem.match(PEM_CERT)?.length, 3, 'end-entity, intermediate and root');
  assert.deepEqual(dl.bytes, new TextEncoder().encode(dl.pem), 'bytes are the PEM text');
  assert.equal(sent('GET', `/certificate/download/order/${placed.id}/format/pem_all`).length, 1);
  assert.equal(posts().length, 1);
});

// ==========================================================================================
// Downloads

test('download: zip, PKCS#7 and PEM families, by order id and by certificate id, byte for byte', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  sb.setOrderStatus(id, 'issued');
  const info = await c.getOrder(id);
  const certId = info.certificate?.id;
  assert.ok(Number.isInteger(certId), inspect(info));
  const families = [
    ['default', 'zip', /^application\/zip/], ['apache', 'zip', /^application\/zip/],
    ['default_cer', 'zip', /^application\/zip/], ['default_pem', 'zip', /^application\/zip/],
    ['p7b', 'pkcs7', /^application\/x-pkcs7-certificates/], ['cer', 'pkcs7', /^application\/x-pkcs7-certificates/],
    ['pem_all', 3, /^application\/x-pem-file/], ['pem_noroot', 2, /^application\/x-pem-file/],
    ['pem_nointermediate', 2, /^application\/x-pem-file/],
  ];
  for (const [fmt, kind, type] of families) {
    for (const [target, path] of [
      [{ orderId: id }, `/certificate/download/order/${id}/format/${fmt}`],
      [{ certificateId: certId }, `/certificate/${certId}/download/format/${fmt}`],
    ]) {
      const what = `${fmt} by ${Object.keys(target)[0]}`;
      const before = sb.requests.length;
      const dl = await c.downloadCertificate(target, { format: fmt });
      assert.equal(sb.requests.length, before + 1, `${what}: one request`);
      assert.equal(sb.requests.at(-1).path, API + path, what);
      assert.equal(dl.format, fmt, what);
      assert.match(dl.contentType, type, what);
      assert.ok(dl.bytes instanceof Uint8Array, what);
      const direct = await raw(path);
      assert.equal(direct.status, 200, what);
      assert.deepEqual(dl.bytes, direct.bytes, `${what}: the bytes as the server sent them`);
      if (kind === 'zip') {
        assert.ok(isZip(dl.bytes), `${what}: a zip (PK\\x03\\x04)`);
        assert.ok(!('pem' in dl) || dl.pem === undefined, `${what}: no pem for a zip`);
        assert.ok(zipEntries(dl.bytes).length >= 2, `${what}: certificate files in the zip`);
      } else if (kind === 'pkcs7') {
        assert.match(dl.pem, /^-----BEGIN PKCS7-----/, what);
        assert.match(dl.pem, /-----END PKCS7-----\s*$/, what);
        assert.deepEqual(dl.bytes, new TextEncoder().encode(dl.pem), what);
      } else {
        assert.equal(dl.pem.match(PEM_CERT)?.length, kind, `${what}: ${kind} certificates`);
        assert.deepEqual(dl.bytes, new TextEncoder().encode(dl.pem), what);
      }
    }
  }
});

test('download: wrong targets and formats reject with a TypeError, nothing sent', async () => {
  const c = client();
  for (const [target, opts, what] of [
    [{}, undefined, '{}'],
    [{ orderId: 1000, certificateId: 9000 }, undefined, 'both ids'],
    [null, undefined, 'null'],
    [1000, undefined, 'a bare number'],
    [{ orderId: -1 }, undefined, 'orderId -1'],
    [{ certificateId: 'abc' }, undefined, 'certificateId "abc"'],
    [{ orderId: 1000 }, { format: '' }, 'an empty format'],
    [{ orderId: 1000 }, { format: 7 }, 'a format that is not text'],
  ]) {
    await rejectsType(c.downloadCertificate(target, opts), what);
  }
});

test('download: before issuance → api error from the server, with its errors', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  const err = await rejectsWith(c.downloadCertificate({ orderId: id }), 'api', { attempts: 1 });
  assert.ok(err.status >= 400 && err.status < 500, `status ${err.status}`);
  assert.ok(err.errors.length >= 1 && err.errors.every((e) => typeof e.code === 'string' && typeof e.message === 'string'), inspect(err.errors));
});

// ==========================================================================================
// Reading orders

test('getOrder: the stored order; ids as digit strings; an unknown id → api 404 with errors', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  const a = await c.getOrder(id);
  const b = await c.getOrder(String(id));
  assert.equal(a.id, id);
  assert.equal(a.status, 'pending');
  assert.equal(a.product?.name_id, SSL);
  assert.deepEqual(b, { ...a, status: b.status });
  for (const r of sent('GET', '/order/certificate/')) assert.equal(r.path, `${API}/order/certificate/${id}`);
  const err = await rejectsWith(c.getOrder(987654), 'api', { attempts: 1, status: 404 });
  assert.ok(err.errors.length >= 1, 'CertCentral\'s error entries');
  for (const e of err.errors) {
    assert.equal(typeof e.code, 'string');
    assert.equal(typeof e.message, 'string');
    assert.equal(typeof e.base, 'string');
  }
});

test('getOrder: fields kept as sent, ids normalized, ca_cert.id always text', async () => {
  const body = {
    id: '4242', status: 'issued', extra_top: { nested: [1, 2.5, 'x', null, true] },
    certificate: { id: '777', common_name: 'example.com', dns_names: ['a.example.com'], key_size: 2048, ca_cert: { id: 12345, name: 'DigiCert' }, cert_validity: { days: 199 }, thumbprint: 'AB' },
    product: { name_id: SSL, name: 'Secure Site', type: 'ssl_certificate' },
    notes: [{ text: 'grüße ✓', n: 1.25 }],
  };
  sb.enqueue({ type: 'status', status: 200, body });
  const got = await client().getOrder(4242);
  assert.equal(got.id, 4242);
  assert.equal(got.certificate.id, 777);
  assert.equal(got.certificate.ca_cert.id, '12345');
  assert.deepEqual(got.extra_top, body.extra_top);
  assert.deepEqual(got.notes, body.notes);
  assert.deepEqual(got.certificate.cert_validity, { days: 199 });
  assert.equal(got.product.type, 'ssl_certificate');
  // An answer without status, or with an id that is not one, does not decode.
  sb.enqueue({ type: 'status', status: 200, body: { id: 1 } }, { type: 'status', status: 200, body: { id: 'x1', status: 'issued' } });
  await rejectsWith(client().getOrder(1), 'decode', { attempts: 1 });
  await rejectsWith(client().getOrder(1), 'decode', { attempts: 1 });
});

test('ids in answers: digits past 2^53 are refused, never rounded to another id', async () => {
  // 2^53 + 1 has no double of its own: read as a number it would become 2^53, another order's id.
  const past = '9007199254740993';
  const outcome = (p) => p.then((value) => ({ value }), (error) => ({ error }));
  const cases = [
    ['getOrder, id', { id: past, status: 'issued' }, () => client().getOrder(5)],
    ['getOrder, certificate.id', { id: 5, status: 'issued', certificate: { id: past } }, () => client().getOrder(5)],
    ['findOrdersByAlternativeId, order_id', { orders: [{ order_id: past, status: 'pending' }] }, () => client().findOrdersByAlternativeId('PObig1')],
  ];
  const wrong = [];
  for (const [what, body, call] of cases) {
    sb.enqueue({ type: 'status', status: 200, body });
    const out = await outcome(call());
    if (out.error) {
      assert.ok(out.error instanceof CertCentralError && out.error.kind === 'decode', `${what}: ${inspect(out.error)}`);
      assertNoLeak(out.error);
    } else {
      wrong.push(`${what}: "${past}" resolved as ${JSON.stringify(out.value)}`);
    }
  }
  assert.deepEqual(wrong, [], 'an id past 2^53 was accepted (and rounded)');
  // 2^53 itself is still an id.
  sb.enqueue({ type: 'status', status: 200, body: { id: '9007199254740992', status: 'issued' } });
  assert.equal((await client().getOrder(5)).id, 2 ** 53);
});

test('ids: wrong order ids reject with a TypeError on every method, nothing sent', async () => {
  const c = client();
  const bad = [-1, 0, 1.5, Number.NaN, Infinity, 'abc', '', '12abc', {}, null, undefined, [], true];
  for (const v of bad) {
    const w = inspect(v);
    await rejectsType(c.getOrder(v), `getOrder(${w})`);
    await rejectsType(c.waitForIssuance(v, { intervalMs: 1 }), `waitForIssuance(${w})`);
    await rejectsType(c.cancelOrder(v), `cancelOrder(${w})`);
    await rejectsType(c.revokeCertificate(v), `revokeCertificate(${w})`);
    await rejectsType(c.reissueOrder(v, REISSUE, { product: SSL, today: TODAY }), `reissueOrder(${w})`);
    await rejectsType(c.checkDcv(v), `checkDcv(${w})`);
  }
  for (const v of ['', 5, null, undefined, {}]) await rejectsType(c.findOrdersByAlternativeId(v), `findOrdersByAlternativeId(${inspect(v)})`);
  await rejectsType(c.getOrder(1000, 'x'), 'options that are not an object');
  await rejectsType(c.getOrder(1000, { signal: 'x' }), 'a signal that is not an AbortSignal');
});

test('findOrdersByAlternativeId: finds the order placed with it; an id with /?#% stays one path segment; unknown → []', async () => {
  const c = client();
  const alt = `POfind${process.pid}`;
  const { id } = await c.orderCertificate(SSL, order({ alternative_order_id: alt }), { today: TODAY });
  const found = await c.findOrdersByAlternativeId(alt);
  assert.equal(found.length, 1, inspect(found));
  assert.equal(found[0].order_id, id);
  assert.equal(found[0].status, 'pending');
  // Orders take only letters and digits, but a lookup of any text must not change the path.
  const odd = 'PO/2026?x=1#frag 50% ü';
  assert.deepEqual(await c.findOrdersByAlternativeId(odd), []);
  const req = sent('GET', '/order/alternate/').at(-1);
  assert.equal(req.path, `${API}/order/alternate/${encodeURIComponent(odd).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`);
  assert.deepEqual(await c.findOrdersByAlternativeId('neverUsedId'), []);
});

// ==========================================================================================
// Waiting

test('waitForIssuance: rejected, canceled, revoked, expired end the wait → order_state with orderStatus', async () => {
  const c = client();
  for (const status of ['rejected', 'canceled', 'revoked', 'expired']) {
    const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
    sb.setOrderStatus(id, status);
    const seenStatuses = [];
    const err = await rejectsWith(c.waitForIssuance(id, { intervalMs: 10, onStatus: (o) => seenStatuses.push(o.status) }), 'order_state', { attempts: 1, orderStatus: status });
    assert.deepEqual(seenStatuses, [status]);
    assert.ok(err.message.includes(String(id)), err.message);
  }
  // Changed while waiting: pending first, then rejected by the control endpoint.
  sb.configure({ issueAfterPolls: 1000 });
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  const statuses = [];
  const wait = c.waitForIssuance(id, {
    intervalMs: 30,
    onStatus: (o) => {
      statuses.push(o.status);
      if (statuses.length === 2) {
        void fetch(`${sb.url}/__sandbox/orders/${id}/status`, { method: 'POST', body: JSON.stringify({ status: 'rejected' }) });
      }
    },
  });
  await rejectsWith(wait, 'order_state', { orderStatus: 'rejected' });
  assert.deepEqual(statuses.slice(0, 2), ['pending', 'pending']);
  assert.equal(statuses.at(-1), 'rejected');
});

test('waitForIssuance: cancelOrder while waiting ends it as canceled', async () => {
  sb.configure({ issueAfterPolls: 1000 });
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  const wait = c.waitForIssuance(id, { intervalMs: 50 });
  await sleep(120);
  assert.equal(await c.cancelOrder(id, { note: 'Not needed any more.' }), undefined);
  await rejectsWith(wait, 'order_state', { orderStatus: 'canceled' });
});

test('waitForIssuance: an order that stays pending → timeout with orderStatus, near timeoutMs', async () => {
  sb.configure({ issueAfterPolls: 1000 });
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  const t0 = Date.now();
  const err = await rejectsWith(c.waitForIssuance(id, { intervalMs: 50, timeoutMs: 600 }), 'timeout', { orderStatus: 'pending' });
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 590 && elapsed < 600 + SLACK, `gave up after ${elapsed} ms`);
  const polls = sent('GET', `/order/certificate/${id}`).length;
  assert.equal(err.attempts, polls, 'attempts counts the polls');
  // 50, 75, 112, 168, 253 ms apart (cumulative 658 > 600: the last poll is cut to the deadline).
  assert.ok(polls >= 4 && polls <= 7, `${polls} polls`);
});

test('waitForIssuance: an abort during the wait ends it at once, long before the next poll', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  // The first poll is at once; the abort comes during the 10 s wait for the second.
  const ac = new AbortController();
  const t0 = Date.now();
  setTimeout(() => ac.abort('stop'), 200);
  await rejectsWith(c.waitForIssuance(id, { intervalMs: 10_000, signal: ac.signal }), 'aborted', { attempts: 1 });
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 190 && elapsed < 200 + SLACK, `aborted after ${elapsed} ms`);
  assert.equal(sent('GET', `/order/certificate/${id}`).length, 1, 'one poll, at once; no second one was due');
  // Between polls.
  sb.configure({ issueAfterPolls: 1000 });
  const before = sent('GET', `/order/certificate/${id}`).length;
  const ac2 = new AbortController();
  const polled = [];
  const t1 = Date.now();
  const wait = c.waitForIssuance(id, { intervalMs: 100, signal: ac2.signal, onStatus: (o) => { polled.push(o.status); if (polled.length === 2) setTimeout(() => ac2.abort(), 20); } });
  await rejectsWith(wait, 'aborted', { attempts: 2 });
  assert.ok(Date.now() - t1 < 100 + 150 + 20 + SLACK);
  const count = sent('GET', `/order/certificate/${id}`).length;
  await sleep(500);
  assert.equal(sent('GET', `/order/certificate/${id}`).length, count, 'no poll after the abort');
  assert.equal(count - before, 2);
  // Already aborted: nothing sent.
  await rejectsWith(c.waitForIssuance(id, { intervalMs: 1, signal: AbortSignal.abort() }), 'aborted', { attempts: 0 });
  await sleep(50);
  assert.equal(sent('GET', `/order/certificate/${id}`).length, count);
});

test('waitForIssuance: what onStatus throws rejects the wait with that very value; no poll after it', async () => {
  sb.configure({ issueAfterPolls: 1000 });
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  const thrown = new RangeError('stop waiting');
  await assert.rejects(c.waitForIssuance(id, { intervalMs: 10, onStatus: () => { throw thrown; } }), (e) => e === thrown);
  const marker = { why: 'not an Error' };
  await assert.rejects(c.waitForIssuance(id, { intervalMs: 10, onStatus: () => { throw marker; } }), (e) => e === marker);
  await sleep(100);
  assert.equal(sent('GET', `/order/certificate/${id}`).length, 2);
  await rejectsType(c.waitForIssuance(id, { onStatus: 'x' }), 'onStatus not a function');
  await rejectsType(c.waitForIssuance(id, { intervalMs: 0 }), 'intervalMs 0');
  await rejectsType(c.waitForIssuance(id, { timeoutMs: -5 }), 'timeoutMs -5');
});

/** How often `on` was asked for order `id` itself (not a path under it). */
const reads = (id, on = sb) => on.requests.filter((r) => r.method === 'GET' && r.path === `${API}/order/certificate/${id}`).length;
const changeLists = (on = sb) => sent('GET', '/order/certificate/status-changes', on);

test('waitForIssuance with statusChanges: the waits share one status-change request per interval; an order is read at once, when the list names it, and on the deadline', async () => {
  sb.configure({ issueAfterPolls: 0 }); // issued or rejected only when the test says so
  const c = client();
  const ids = [];
  for (let i = 0; i < 6; i++) ids.push((await c.orderCertificate(SSL, order(), { today: TODAY })).id);
  const seenStatuses = new Map(ids.map((id) => [id, []]));
  const stop = new AbortController();
  const t0 = Date.now();
  const waits = ids.map((id, i) => c.waitForIssuance(id, {
    intervalMs: 60,
    timeoutMs: i === 5 ? 1500 : 20_000,
    statusChanges: true,
    signal: i === 5 ? undefined : stop.signal,
    onStatus: (o) => seenStatuses.get(id).push(o.status),
  }));
  for (const w of waits) w.catch(() => {}); // each is checked below, in its turn
  await sleep(500);
  // Each order read once, at once; the list asked for by all six together.
  for (const id of ids) assert.equal(reads(id), 1, `order ${id} read once`);
  const lists = changeLists();
  assert.ok(lists.length >= 2, `${lists.length} status-change requests`);
  assert.ok(lists.length <= Math.ceil((Date.now() - t0) / 60) + 1, `${lists.length} status-change requests in ${Date.now() - t0} ms: more than one per interval`);
  // The first reaches back ten minutes and a minute more; the next back to the one before.
  assert.match(lists[0].url, /\?seconds=660$/);
  for (const l of lists.slice(1)) {
    const seconds = Number(/\?seconds=(\d+)$/.exec(l.url)?.[1]);
    assert.ok(seconds >= 60 && seconds <= 62, l.url);
  }
  sb.setOrderStatus(ids[0], 'issued');
  sb.setOrderStatus(ids[1], 'rejected');
  const issued = await waits[0];
  assert.equal(issued.status, 'issued');
  assert.ok(issued.certificate?.id > 0);
  await rejectsWith(waits[1], 'order_state', { orderStatus: 'rejected', attempts: 2 });
  assert.deepEqual(seenStatuses.get(ids[0]), ['pending', 'issued']);
  assert.deepEqual(seenStatuses.get(ids[1]), ['pending', 'rejected']);
  // The one with a short limit is read on its deadline, and its timeout names what it saw.
  const err = await rejectsWith(waits[5], 'timeout', { orderStatus: 'pending', attempts: 2 });
  assert.ok(Date.now() - t0 >= 1490, 'not before its deadline');
  assert.match(err.message, /still pending after 1500 ms/);
  // The others, unchanged, were not read again.
  for (const id of ids.slice(2, 5)) assert.equal(reads(id), 1, `order ${id} read once`);
  stop.abort();
  for (const w of waits.slice(2, 5)) await rejectsWith(w, 'aborted', { attempts: 1 });
  const asked = changeLists().length;
  await sleep(300);
  assert.equal(changeLists().length, asked, 'no status-change request once no wait follows the list');
  await rejectsType(c.waitForIssuance(ids[2], { statusChanges: 'yes' }), 'statusChanges not a boolean');
});

test('waitForIssuance with statusChanges: a refused or failing list leaves each wait to read its order', async () => {
  sb.configure({ issueAfterPolls: 3 });
  // Refused (403): not asked for again; the wait reads its order at every poll.
  let c = client();
  let { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  sb.enqueue({ match: 'GET /order/certificate/status-changes', type: 'status', status: 403 });
  let statuses = [];
  const onStatus = (o) => statuses.push(o.status);
  let got = await c.waitForIssuance(id, { intervalMs: 30, statusChanges: true, onStatus });
  assert.equal(got.status, 'issued');
  // The sandbox issues an order on its fourth read (issueAfterPolls 3).
  assert.deepEqual(statuses, ['pending', 'pending', 'pending', 'issued']);
  assert.equal(reads(id), 4);
  assert.equal(changeLists().length, 1, 'a refused list is not asked for again');
  // A list that fails (a 500, after 1.5 s) once one was answered: the run stands, so the wait
  // does not read its order again for it, and the next list reaches back to the one answered.
  // Issued by time now, so only a list can tell.
  sb.reset();
  sb.configure({ issueAfterPolls: 0, issueAfterMs: 2500 });
  c = client({ maxRetries: 0 });
  ({ id } = await c.orderCertificate(SSL, order(), { today: TODAY }));
  sb.enqueue({ match: 'GET /order/certificate/status-changes', type: 'delay', ms: 0 });
  sb.enqueue({ match: 'GET /order/certificate/status-changes', type: 'delay', ms: 1500, then: { type: 'status', status: 500 } });
  statuses = [];
  got = await c.waitForIssuance(id, { intervalMs: 30, statusChanges: true, onStatus });
  assert.equal(got.status, 'issued');
  // At once, and once a list named it issued.
  assert.deepEqual(statuses, ['pending', 'issued']);
  assert.equal(reads(id), 2);
  const lists = changeLists();
  assert.ok(lists.length >= 3, `${lists.length} status-change requests`);
  assert.match(lists[0].url, /\?seconds=660$/);
  const third = Number(/\?seconds=(\d+)$/.exec(lists[2].url)?.[1]);
  assert.ok(third >= 62 && third <= 70, `${lists[2].url}: back to the first list, 1.5 s and more before, with the minute's overlap`);

  // A list that hangs is given up with the wait that sent it, a moment after its deadline.
  sb.reset();
  sb.configure({ issueAfterPolls: 0 });
  c = client();
  ({ id } = await c.orderCertificate(SSL, order(), { today: TODAY }));
  sb.enqueue({ match: 'GET /order/certificate/status-changes', type: 'delay', ms: 8000 });
  const t0 = Date.now();
  await rejectsWith(c.waitForIssuance(id, { intervalMs: 30, timeoutMs: 500, statusChanges: true }), 'timeout', { orderStatus: 'pending', attempts: 2 });
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 490 && elapsed < 500 + 1000 + SLACK, `ended after ${elapsed} ms`);
});

test('waitForIssuance: a read that fails on the way (500 ×3) ends the wait with that api error', async () => {
  const c = client({ timeoutMs: 500 });
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  sb.enqueue(...Array(3).fill({ type: 'status', status: 500 }));
  await rejectsWith(c.waitForIssuance(id, { intervalMs: 10 }), 'api', { status: 500 });
  assert.equal(sent('GET', `/order/certificate/${id}`).length, 3);
});

// ==========================================================================================
// Status changes

test('statusChanges: {} → []; after changes, the changed orders; the query as given', async () => {
  const c = client();
  assert.deepEqual(await c.statusChanges({ minutes: 5 }), [], 'no changes yet');
  const a = (await c.orderCertificate(SSL, order(), { today: TODAY })).id;
  const b = (await c.orderCertificate(SSL, order(), { today: TODAY })).id;
  sb.setOrderStatus(a, 'issued');
  await c.cancelOrder(b);
  const changes = await c.statusChanges({ seconds: 60 });
  const byId = Object.fromEntries(changes.map((x) => [x.order_id, x]));
  assert.equal(byId[a]?.status, 'issued', inspect(changes));
  assert.equal(byId[b]?.status, 'canceled', inspect(changes));
  for (const x of changes) {
    assert.ok(Number.isInteger(x.order_id));
    if (x.certificate_id !== undefined) assert.ok(Number.isInteger(x.certificate_id));
  }
  await c.statusChanges({ minutes: 2, seconds: 30 });
  const urls = sent('GET', '/order/certificate/status-changes').map((r) => r.url ?? `${r.path}?${r.query ?? ''}`);
  assert.equal(urls.length, 3);
  assert.match(urls[0], /\?minutes=5$/);
  assert.match(urls[1], /\?seconds=60$/);
  assert.match(urls[2], /\?minutes=2&seconds=30$/);
});

test('statusChanges: without minutes/seconds, 0, or more than 7 days → TypeError, nothing sent', async () => {
  const c = client();
  for (const opts of [undefined, {}, { minutes: 0 }, { seconds: 0 }, { minutes: 0, seconds: 0 }, { minutes: 10_081 },
    { seconds: 604_801 }, { minutes: 10_080, seconds: 1 }, { minutes: 1.5 }, { minutes: -1 }, { minutes: '5' }]) {
    await rejectsType(c.statusChanges(opts), `statusChanges(${inspect(opts)})`);
  }
  assert.deepEqual(await c.statusChanges({ minutes: 10_080 }), []);
  assert.deepEqual(await c.statusChanges({ seconds: 1 }), []);
});

// ==========================================================================================
// Cancel, revoke, reissue, DCV

test('cancelOrder: PUT status {"status":"canceled","note"}; then getOrder shows canceled', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  assert.equal(await c.cancelOrder(id, { note: 'Ordered by mistake — "twice".' }), undefined);
  const [put] = sent('PUT', `/order/certificate/${id}/status`);
  assert.equal(put.path, `${API}/order/certificate/${id}/status`);
  assert.match(put.headers['content-type'], /^application\/json/);
  assert.deepEqual(put.json, { status: 'canceled', note: 'Ordered by mistake — "twice".' });
  assert.equal((await c.getOrder(id)).status, 'canceled');
  // Without a note (or a blank one) a note is still sent: CertCentral requires one.
  for (const opts of [undefined, { note: '   ' }]) {
    const other = (await c.orderCertificate(SSL, order(), { today: TODAY })).id;
    await c.cancelOrder(other, opts);
    const body = sent('PUT', `/order/certificate/${other}/status`)[0].json;
    assert.equal(body.status, 'canceled');
    assert.ok(typeof body.note === 'string' && body.note.trim().length > 0, inspect(body));
  }
  await rejectsType(c.cancelOrder(id, { note: 5 }), 'a note that is not text');
});

test('revokeCertificate: with skipApproval → { revoked: true }; without → the request; the body sent', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  sb.setOrderStatus(id, 'issued');
  const certId = (await c.getOrder(id)).certificate.id;
  const pending = await c.revokeCertificate(certId, { reason: 'superseded', comments: 'Replaced by a new key.' });
  assert.equal(pending.revoked, false);
  assert.ok(Number.isInteger(pending.request?.id), inspect(pending));
  assert.equal(pending.request.status, 'pending');
  let [put] = sent('PUT', `/certificate/${certId}/revoke`);
  assert.deepEqual(put.json, { revocation_reason: 'superseded', comments: 'Replaced by a new key.' });

  const now = await c.revokeCertificate(String(certId), { reason: 'keyCompromise', skipApproval: true });
  assert.deepEqual(now, { revoked: true });
  put = sent('PUT', `/certificate/${certId}/revoke`)[1];
  assert.deepEqual(put.json, { revocation_reason: 'keyCompromise', skip_approval: true });
  assert.equal((await c.getOrder(id)).status, 'revoked');

  // No options: an empty body.
  const other = (await c.orderCertificate(SSL, order(), { today: TODAY })).id;
  sb.setOrderStatus(other, 'issued');
  const otherCert = (await c.getOrder(other)).certificate.id;
  await c.revokeCertificate(otherCert);
  assert.deepEqual(sent('PUT', `/certificate/${otherCert}/revoke`)[0].json, {});

  for (const [opts, what] of [[{ reason: 'compromised' }, 'an unknown reason'], [{ reason: 'KeyCompromise' }, 'a reason in the wrong case'],
    [{ skipApproval: 'yes' }, 'skipApproval not a boolean'], [{ comments: 1 }, 'comments not text']]) {
    await rejectsType(c.revokeCertificate(certId, opts), what);
  }
});

test('reissueOrder: a valid body is sent (the order goes reissue_pending); the product is read first when not given', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  sb.setOrderStatus(id, 'issued');
  sb.requests.length = 0;
  const res = await c.reissueOrder(id, REISSUE, { today: TODAY });
  assert.equal(res.id, id, inspect(res));
  assert.ok(Array.isArray(res.requests) && Number.isInteger(res.requests[0].id), inspect(res));
  assert.deepEqual(sb.requests.map((r) => `${r.method} ${r.path}`), [`GET ${API}/order/certificate/${id}`, `POST ${API}/order/certificate/${id}/reissue`]);
  assert.equal(sb.requests[1].body, JSON.stringify(REISSUE), 'the body as given');
  assert.equal((await c.getOrder(id)).status, 'reissue_pending');
  // With the product given: no read first.
  sb.setOrderStatus(id, 'issued');
  sb.requests.length = 0;
  await c.reissueOrder(id, REISSUE, { product: SSL, today: TODAY });
  assert.deepEqual(sb.requests.map((r) => `${r.method} ${r.path}`), [`POST ${API}/order/certificate/${id}/reissue`]);
});

test('reissueOrder: an invalid body → validation with issues, nothing POSTed (with and without product)', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  sb.setOrderStatus(id, 'issued');
  sb.requests.length = 0;
  const bad = { certificate: { common_name: '*.example.com', signature_hash: 'md5' } }; // no CSR, a wildcard on Secure Site, md5
  const err = await rejectsWith(c.reissueOrder(id, bad, { product: SSL, today: TODAY }), 'validation', { attempts: 0 });
  const fields = err.issues.filter((i) => i.severity === 'error').map((i) => `${i.field}:${i.code}`);
  assert.ok(fields.includes('certificate.csr:required'), fields.join());
  assert.ok(fields.includes('certificate.signature_hash:enum'), fields.join());
  assert.ok(err.issues.some((i) => i.rule === 'ssl.names.wildcard_not_allowed'), inspect(err.issues));
  assert.equal(sb.requests.length, 0, 'nothing sent');
  const err2 = await rejectsWith(c.reissueOrder(id, bad, { today: TODAY }), 'validation', { attempts: 0 });
  assert.deepEqual(err2.issues, err.issues, 'the product read from the order gives the same verdict');
  assert.deepEqual(sb.requests.map((r) => r.method), ['GET'], 'only the read of the order');
  assert.equal(sent('POST', `/order/certificate/${id}/reissue`).length, 0);
  await rejectsType(c.reissueOrder(id, REISSUE, { product: 5 }), 'a product that is not text');
});

test('reissueOrder: never repeated when its outcome is unknown (500, reset)', async () => {
  const c = client({ timeoutMs: 500 });
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  sb.setOrderStatus(id, 'issued');
  for (const [b, kind] of [[{ type: 'status', status: 500 }, 'api'], [{ type: 'reset' }, 'network'], [{ type: 'hang' }, 'timeout']]) {
    sb.requests.length = 0;
    sb.enqueue({ ...b, match: 'POST /order/certificate' });
    await rejectsWith(c.reissueOrder(id, REISSUE, { product: SSL, today: TODAY }), kind, { attempts: 1 });
    await sleep(700); // past the first backoff
    assert.equal(sent('POST', `/order/certificate/${id}/reissue`).length, 1, `${b.type}: one POST`);
  }
});

test('checkDcv: PUT check-dcv → { order_status, dns_name_validations: [] , ... }', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order({ dcv_method: 'dns-txt-token' }), { today: TODAY });
  const dcv = await c.checkDcv(id);
  assert.equal(typeof dcv.order_status, 'string');
  assert.ok(Array.isArray(dcv.dns_name_validations));
  const [put] = sent('PUT', `/order/certificate/${id}/check-dcv`);
  assert.ok(put, 'sent');
  // An older answer without the list still gives one.
  sb.enqueue({ type: 'status', status: 200, body: { order_status: 'pending', certificate_id: '12', dcv_status: 'pending' } });
  assert.deepEqual(await c.checkDcv(id), { order_status: 'pending', certificate_id: 12, dcv_status: 'pending', dns_name_validations: [] });
  sb.enqueue({ type: 'status', status: 400, body: { errors: [{ code: 'invalid_dns_txt', message: 'No valid TXT record.' }] } });
  const err = await rejectsWith(c.checkDcv(id), 'api', { attempts: 1, status: 400 });
  assert.deepEqual(err.errors.map((e) => e.code), ['invalid_dns_txt']);
});

test('listReissues: GET .../reissue → each reissue with its status and CSR; showArchived adds the rejected ones', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  assert.deepEqual(await c.listReissues(id), []);
  sb.setOrderStatus(id, 'issued');
  await c.reissueOrder(id, REISSUE, { product: SSL, today: TODAY });
  await c.reissueOrder(id, REISSUE, { product: SSL, today: TODAY });
  const [pending] = await c.listReissues(String(id));
  assert.equal(pending.status, 'pending');
  assert.equal(pending.csr, REISSUE.certificate.csr);
  assert.equal(pending.key_size, 2048);
  assert.equal(typeof pending.receipt_id, 'number', 'fields the model does not name are kept');
  assert.deepEqual((await c.listReissues(id, { showArchived: true })).map((r) => r.status), ['pending', 'rejected']);
  assert.equal(sent('GET', `/order/certificate/${id}/reissue`).at(-1).query, 'show_archived=true');
  // Read leniently as the other answers are (a key size as digits); an answer of another shape
  // is an error, not "none".
  sb.enqueue({ type: 'status', status: 200, body: { certificates: [{ status: 'issued', key_size: '3072', receipt_id: 'r1' }] } });
  assert.deepEqual(await c.listReissues(id), [{ status: 'issued', key_size: 3072, receipt_id: 'r1' }]);
  sb.enqueue({ type: 'status', status: 200, body: { reissues: [] } });
  await rejectsWith(c.listReissues(id), 'decode', { attempts: 1, status: 200 });
  for (const v of ['yes', 1, null]) await rejectsType(c.listReissues(id, { showArchived: v }), `showArchived: ${inspect(v)}`);
  await rejectsType(c.listReissues(0), 'listReissues(0)');
});

// ==========================================================================================
// Faults on the reads

test('faults on GETs: 500 then success → retried; HTML 502 → retried, then api 502 with errors []', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  sb.requests.length = 0;
  sb.enqueue({ type: 'status', status: 500 });
  assert.equal((await c.getOrder(id)).id, id);
  assert.equal(sb.requests.length, 2, '500, then the answer');
  sb.requests.length = 0;
  sb.enqueue({ type: 'html', status: 502 });
  assert.equal((await c.getOrder(id)).id, id);
  assert.equal(sb.requests.length, 2);
  sb.requests.length = 0;
  sb.enqueue(...Array(3).fill({ type: 'html', status: 502 }));
  const err = await rejectsWith(c.getOrder(id), 'api', { attempts: 3, status: 502 });
  assert.deepEqual(err.errors, []);
  assert.equal(sb.requests.length, 3);
});

test('faults on GETs: 429 with Retry-After → waited, then success; not JSON → decode', async () => {
  const c = client();
  const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
  sb.requests.length = 0;
  sb.enqueue({ type: 'status', status: 429, retryAfter: '1' });
  const t0 = Date.now();
  assert.equal((await c.getOrder(id)).id, id);
  const elapsed = Date.now() - t0;
  assert.equal(sb.requests.length, 2);
  const gap = sb.requests[1].at - sb.requests[0].at;
  assert.ok(gap >= 980 && gap < 1000 + SLACK, `waited ${gap} ms`);
  assert.ok(elapsed < 1000 + SLACK);
  // The hold applies to the client's other calls too.
  sb.requests.length = 0;
  sb.enqueue({ type: 'status', status: 429, retryAfter: '1' });
  const first = c.getOrder(id);
  await sleep(100);
  const t1 = Date.now();
  await c.findOrdersByAlternativeId('some-alt-id');
  assert.ok(Date.now() - t1 >= 800, `another call went ${Date.now() - t1} ms later, inside the hold`);
  await first;
  for (const b of [{ type: 'not-json', status: 200 }, { type: 'wrong-json', status: 200, body: [1, 2] }, { type: 'truncate', status: 200 }]) {
    sb.enqueue(b);
    const kind = b.type === 'truncate' ? 'network' : 'decode';
    if (kind === 'network') sb.enqueue(b, b); // retried: a read may be repeated
    await rejectsWith(c.getOrder(id), kind, { attempts: kind === 'network' ? 3 : 1 });
  }
});

test('faults: errors as one object (not a list) still give one entry; a wrong key → 401 without the key', async () => {
  sb.enqueue({ type: 'status', status: 404, body: { errors: { code: 'not_found|order', message: 'No such order.' } } });
  const err = await rejectsWith(client().getOrder(5), 'api', { attempts: 1, status: 404 });
  assert.deepEqual(err.errors.map((e) => [e.code, e.message, e.base, e.detail]), [['not_found|order', 'No such order.', 'not_found', 'order']]);
  const WRONG = 'wrongKEY-Zr5Tq1Lm8Np3';
  const bad = new CertCentralClient({ apiKey: WRONG, baseUrl: sb.baseUrl, timeoutMs: 1000 });
  for (const call of [() => bad.getOrder(1000), () => bad.statusChanges({ minutes: 1 }), () => bad.downloadCertificate({ certificateId: 9000 }),
    () => bad.cancelOrder(1000), () => bad.revokeCertificate(9000), () => bad.checkDcv(1000), () => bad.findOrdersByAlternativeId('x')]) {
    let e;
    await assert.rejects(call(), (x) => { e = x; return true; });
    assert.ok(e instanceof CertCentralError && e.kind === 'api' && e.status === 401, inspect(e));
    assertNoLeak(e, WRONG);
  }
});

// ==========================================================================================
// Never a duplicate order

for (const [what, behavior, opts] of [
  ['a reset connection', { type: 'reset' }, {}],
  ['a 500', { type: 'status', status: 500 }, {}],
  ['an HTML 502', { type: 'html', status: 502 }, {}],
  ['no answer (timeout)', { type: 'hang' }, { timeoutMs: 400 }],
]) {
  test(`recovery: the order was created but ${what} came back → found by its alternative id, recovered, exactly one POST`, async () => {
    await withSandbox({}, async (own) => {
      own.enqueue({ ...behavior, commit: true, match: 'POST /order/certificate' });
      const o = order({ alt: true });
      const t0 = Date.now();
      const res = await client(opts, own).orderCertificate(SSL, o, { today: TODAY });
      assert.equal(res.recovered, true, inspect(res));
      const stored = storedOrders(own);
      assert.equal(stored.length, 1, 'one order exists');
      assert.equal(res.id, stored[0].id);
      assert.ok(!('requests' in res) || res.requests === undefined);
      assert.equal(posts(own).length, 1, 'exactly one POST');
      const lookups = sent('GET', '/order/alternate/', own);
      assert.equal(lookups.length, 1);
      assert.equal(lookups[0].path, `${API}/order/alternate/${o.alternative_order_id}`);
      await sleep(600); // nothing more comes later
      assert.equal(posts(own).length, 1);
      assert.ok(Date.now() - t0 < (opts.timeoutMs ?? 0) + 600 + SLACK);
      // The recovered order is the real one: it can be followed to its certificate.
      const c = client({}, own);
      own.setOrderStatus(res.id, 'issued');
      const dl = await c.downloadCertificate({ orderId: res.id }, { format: 'pem_noroot' });
      assert.equal(dl.pem.match(PEM_CERT)?.length, 2);
    });
  });
}

test('recovery: the order was NOT created (plain reset, 500, timeout) → looked up, not found, not sent again (CertCentral may still create it); ordered again it is placed once', async () => {
  const cases = [[{ type: 'reset' }, {}, 'network'], [{ type: 'status', status: 500 }, {}, 'api'], [{ type: 'hang' }, { timeoutMs: 400 }, 'timeout']];
  await Promise.all(cases.map(([behavior, opts, kind]) => withSandbox({}, async (own) => {
    own.enqueue({ ...behavior, match: 'POST /order/certificate' });
    const o = order({ alt: true });
    const lookup = `GET ${API}/order/alternate/${o.alternative_order_id}`;
    const err = await rejectsWith(client(opts, own).orderCertificate(SSL, o, { today: TODAY }), kind, { attempts: 1 });
    assert.match(err.message, /It was not sent again.*CertCentral may still create it/, behavior.type);
    assert.deepEqual(own.requests.map((r) => `${r.method} ${r.path}`), [`POST ${ORDER_PATH}`, lookup, lookup, lookup], behavior.type);
    assert.equal(storedOrders(own).length, 0, `${behavior.type}: no order`);
    // The caller's choice, later: ordered again, it is placed once.
    const res = await client(opts, own).orderCertificate(SSL, o, { today: TODAY });
    assert.ok(Array.isArray(res.requests), `${behavior.type}: the 201 body`);
    assert.deepEqual(storedOrders(own).map((x) => x.id), [res.id]);
  })));
});

test('recovery: an order CertCentral creates after its answer was given up on (past the lookups) is placed once, and found later', async () => {
  await withSandbox({}, async (own) => {
    // No answer ever; the order created 3 s after its POST, after the client's lookups.
    own.enqueue({ type: 'hang', commitAfterMs: 3000, match: 'POST /order/certificate' });
    const o = order({ alt: true });
    const c = client({ timeoutMs: 300 }, own);
    const err = await rejectsWith(c.orderCertificate(SSL, o, { today: TODAY }), 'timeout', { attempts: 1 });
    assert.match(err.message, /CertCentral may still create it/);
    assert.equal(storedOrders(own).length, 0, 'not there yet');
    while (storedOrders(own).length === 0) await sleep(50);
    await sleep(500);
    assert.equal(posts(own).length, 1, 'sent once');
    assert.equal(storedOrders(own).length, 1, 'one order');
    const [found] = await c.findOrdersByAlternativeId(o.alternative_order_id);
    assert.equal(found.order_id, storedOrders(own)[0].id);
  });
});

test('recovery: without alternative_order_id an unknown outcome is not retried and not looked up', async () => {
  await withSandbox({}, async (own) => {
    own.enqueue({ type: 'reset', commit: true, match: 'POST /order/certificate' });
    const err = await rejectsWith(client({}, own).orderCertificate(SSL, order(), { today: TODAY }), 'network', { attempts: 1 });
    assert.match(err.message, /may have been created/);
    await sleep(600);
    assert.deepEqual(own.requests.map((r) => r.method), ['POST']);
    assert.equal(storedOrders(own).length, 1, 'the sandbox did create it');
  });
});

test('recovery: the lookup fails too → the POST\'s error, saying the order may exist; still one POST', async () => {
  await withSandbox({}, async (own) => {
    own.enqueue({ type: 'status', status: 500, commit: true, match: 'POST /order/certificate' });
    own.enqueue(...Array(3).fill({ type: 'status', status: 503, retryAfter: '0', match: 'GET /order/alternate' }));
    const err = await rejectsWith(client({}, own).orderCertificate(SSL, order({ alt: true }), { today: TODAY }), 'api', { status: 500 });
    assert.match(err.message, /alternative_order_id/);
    await sleep(700);
    assert.equal(posts(own).length, 1);
    assert.equal(sent('GET', '/order/alternate/', own).length, 3);
  });
});

// ==========================================================================================
// The rate budget

test('rate budget: 25 concurrent reads within [{5 per 300 ms}] → no 429, and it takes ≥ 1.2 s; without a budget → 429s', async () => {
  const limit = { short: { limit: 5, windowMs: 300 } };
  await Promise.all([
    withSandbox({ rateLimit: limit }, async (own) => {
      const c = client({ rateLimits: [{ requests: 5, windowMs: 300 }] }, own);
      const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
      await sleep(350);
      const t0 = Date.now();
      const got = await Promise.all(Array.from({ length: 25 }, () => c.getOrder(id)));
      const elapsed = Date.now() - t0;
      assert.ok(got.every((o) => o.id === id));
      assert.equal(own.rateLimited, 0, `${own.rateLimited} requests drew a 429`);
      assert.equal(sent('GET', `/order/certificate/${id}`, own).length, 25);
      assert.ok(elapsed >= 1200 - 20 && elapsed < 1200 + SLACK, `took ${elapsed} ms`);
    }),
    withSandbox({ rateLimit: limit }, async (own) => {
      const c = client({ rateLimits: false, maxRetries: 0 }, own);
      const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
      await sleep(350);
      const out = await Promise.allSettled(Array.from({ length: 25 }, () => c.getOrder(id)));
      assert.ok(own.rateLimited >= 15, `only ${own.rateLimited} 429s`);
      const limited = out.filter((r) => r.status === 'rejected');
      assert.ok(limited.length >= 15);
      for (const r of limited) {
        assert.equal(r.reason.kind, 'rate_limited');
        assert.deepEqual(r.reason.errors.map((e) => e.code), ['request_limit_exceeded']);
      }
    }),
  ]);
});

test('rate budget: 300 calls (orders with alternative ids, reads, lookups) under two scaled-down CertCentral windows → no 429', async () => {
  // CertCentral: 100 per 5 s and 1000 per 3 min. Here: 20 per 250 ms and 150 per 2.5 s.
  const windows = { short: { limit: 20, windowMs: 250 }, long: { limit: 150, windowMs: 2500 } };
  await withSandbox({ rateLimit: windows, uniqueAlternativeIds: true }, async (own) => {
    const c = client({ rateLimits: [{ requests: 20, windowMs: 250 }, { requests: 150, windowMs: 2500 }], timeoutMs: 10_000 }, own);
    const t0 = Date.now();
    const placed = await Promise.all(Array.from({ length: 100 }, () => c.orderCertificate(SSL, order({ alt: true }), { today: TODAY })));
    const ids = placed.map((p) => p.id);
    assert.equal(new Set(ids).size, 100);
    const [infos, found] = await Promise.all([
      Promise.all(ids.map((id) => c.getOrder(id))),
      Promise.all(placed.map((_, i) => c.findOrdersByAlternativeId(storedOrders(own).find((s) => s.id === ids[i])?.alternative_order_id ?? `missing-${i}`))),
    ]);
    const elapsed = Date.now() - t0;
    assert.deepEqual(infos.map((o) => o.id), ids);
    assert.ok(found.every((f, i) => f.length === 1 && f[0].order_id === ids[i]), 'each order found by its own alternative id');
    assert.equal(own.requests.length, 300);
    assert.equal(own.rateLimited, 0, `${own.rateLimited} requests drew a 429`);
    assert.equal(storedOrders(own).length, 100);
    // 300 requests at 150 per 2.5 s: the last 150 wait for the first window to roll on.
    assert.ok(elapsed >= 2500 - 20, `took ${elapsed} ms`);
    assert.ok(elapsed < 2500 + 7 * 250 + 3 * SLACK, `took ${elapsed} ms`);
  });
});

test('rate budget: a 429 from elsewhere (Retry-After 1) holds the whole client back, then it goes on', async () => {
  await withSandbox({}, async (own) => {
    const c = client({}, own);
    const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
    own.enqueue({ type: 'status', status: 429, retryAfter: '1', match: 'GET /order/certificate' });
    const t0 = Date.now();
    const [a] = await Promise.all([c.getOrder(id), sleep(50).then(() => c.statusChanges({ minutes: 1 })), sleep(50).then(() => c.checkDcv(id))]);
    assert.equal(a.id, id);
    const after = own.requests.slice(2).map((r) => r.at - t0);
    assert.ok(after.every((ms) => ms >= 950), `requests went ${after.join(', ')} ms after the 429`);
  });
});

// ==========================================================================================
// The key never leaks

test('key leak: no URL any sandbox saw contains the key; every request carried it as the header', () => {
  assert.ok(seen.length > 500, `${seen.length} requests seen`);
  for (const r of seen) {
    const url = `${r.path} ${r.url ?? ''} ${r.query ?? ''}`;
    assert.ok(!url.includes(KEY) && !url.includes(KEY_PART) && !url.includes(encodeURIComponent(KEY)), `the key in ${url}`);
  }
  const withKey = seen.filter((r) => r.headers['x-dc-devkey'] === KEY).length;
  assert.ok(withKey >= seen.length - 20, `${seen.length - withKey} requests without the key`);
});

test('key leak: no console output in this process contained the key', () => {
  const all = consoleText.join('\n');
  assert.ok(!all.includes(KEY) && !all.includes(KEY_PART));
});

// ==========================================================================================
// Calls that change something, when their outcome is unknown

test('revokeCertificate and cancelOrder: an unknown outcome is not sent again (a second revocation is a second request to approve); a 429 is', async () => {
  await withSandbox({}, async (own) => {
    const c = client({ timeoutMs: 400 }, own);
    const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
    own.setOrderStatus(id, 'issued');
    const certId = (await c.getOrder(id)).certificate.id;
    own.enqueue({ type: 'reset', commit: true, match: `PUT /certificate/${certId}/revoke` });
    const revoke = await rejectsWith(c.revokeCertificate(certId, { reason: 'superseded' }), 'network', { attempts: 1 });
    assert.match(revoke.message, /The revocation may have been requested: check the certificate's status/);
    own.enqueue({ type: 'status', status: 503, commit: true, match: `PUT /certificate/${certId}/revoke` });
    const busy = await rejectsWith(c.revokeCertificate(certId, { reason: 'superseded' }), 'api', { attempts: 1, status: 503 });
    assert.match(busy.message, /The revocation may have been requested/);
    assert.equal(sent('PUT', `/certificate/${certId}/revoke`, own).length, 2, 'each call sent once');

    const other = (await c.orderCertificate(SSL, order(), { today: TODAY })).id;
    own.enqueue({ type: 'hang', commit: true, match: `PUT /order/certificate/${other}/status` });
    const cancel = await rejectsWith(c.cancelOrder(other, { note: 'Not needed.' }), 'timeout', { attempts: 1 });
    assert.match(cancel.message, /The order may have been canceled: check its status \(getOrder\)/);
    assert.equal((await c.getOrder(other)).status, 'canceled', 'it was');
    // Refused before anything was done: sent again.
    const third = (await c.orderCertificate(SSL, order(), { today: TODAY })).id;
    own.enqueue({ type: 'status', status: 429, retryAfter: '0', match: `PUT /order/certificate/${third}/status` });
    assert.equal(await c.cancelOrder(third, { note: 'Not needed.' }), undefined);
    assert.equal(sent('PUT', `/order/certificate/${third}/status`, own).length, 2);
  });
});

test('reissueOrder: an unknown outcome says to check the order, not to set alternative_order_id', async () => {
  await withSandbox({}, async (own) => {
    const c = client({}, own);
    const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
    own.setOrderStatus(id, 'issued');
    own.enqueue({ type: 'reset', commit: true, match: `POST /order/certificate/${id}/reissue` });
    const err = await rejectsWith(c.reissueOrder(id, REISSUE, { today: TODAY, product: SSL }), 'network', { attempts: 1 });
    assert.match(err.message, /The reissue may have been requested: check the order \(getOrder\)/);
    assert.doesNotMatch(err.message, /alternative_order_id/);
  });
});

test('an order aborted after it was sent: the error says it may have been created', async () => {
  await withSandbox({}, async (own) => {
    own.enqueue({ type: 'delay', ms: 2000, match: 'POST /order/certificate' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const err = await rejectsWith(client({}, own).orderCertificate(SSL, order({ alt: true }), { today: TODAY, signal: ac.signal }), 'aborted', { attempts: 1 });
    assert.match(err.message, /aborted by the caller\. The order may have been created: look it up by its alternative_order_id/);
    assert.equal(err.outcomeUnknown, true);
    // Aborted before anything was sent: nothing to say.
    const early = new AbortController();
    early.abort();
    const none = await rejectsWith(client({}, own).orderCertificate(SSL, order(), { today: TODAY, signal: early.signal }), 'aborted', { attempts: 0 });
    assert.doesNotMatch(none.message, /may have been/);
    assert.equal(none.outcomeUnknown, false);
    // A reissue and a cancel aborted while under way may have been applied too.
    const id = (await client({}, own).orderCertificate(SSL, order({ alt: true }), { today: TODAY })).id;
    own.setOrderStatus(id, 'issued');
    for (const [call, path] of [
      [(signal) => client({}, own).reissueOrder(id, REISSUE, { today: TODAY, product: SSL, signal }), 'reissue'],
      [(signal) => client({}, own).cancelOrder(id, { note: 'Not needed.', signal }), 'status'],
    ]) {
      own.enqueue({ type: 'delay', ms: 2000, match: `/order/certificate/${id}/${path}` });
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 200);
      const aborted = await rejectsWith(call(stop.signal), 'aborted', { attempts: 1 });
      assert.equal(aborted.outcomeUnknown, true, path);
      assert.match(aborted.message, /may have been (requested|canceled)/, path);
    }
    // Aborted while waiting to try again after a 429, which created nothing: nothing was applied.
    own.enqueue({ type: 'status', status: 429, retryAfter: '20', match: `/order/certificate/${id}/reissue` });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const waited = await rejectsWith(client({}, own).reissueOrder(id, REISSUE, { today: TODAY, product: SSL, signal: stop.signal }), 'aborted', { attempts: 1 });
    assert.equal(waited.outcomeUnknown, false);
    assert.doesNotMatch(waited.message, /may have been/);
    // A body is checked before the signal is: with one already aborted, a reissue only checks its
    // body, and sends nothing (the command line checks a body so).
    const before = own.requests.length;
    const invalid = await rejectsWith(client({}, own).reissueOrder(id, { certificate: {} }, { product: SSL, signal: AbortSignal.abort() }), 'validation', { attempts: 0 });
    assert.ok(invalid.issues.some((i) => i.field === 'certificate.csr'));
    await rejectsWith(client({}, own).reissueOrder(id, REISSUE, { product: SSL, today: TODAY, signal: AbortSignal.abort() }), 'aborted', { attempts: 0 });
    assert.equal(own.requests.length, before);
  });
});

// ==========================================================================================
// Redirects, waits, callbacks

test('a redirect is not followed: the API key never goes to where it points', async () => {
  const { createServer } = await import('node:http');
  const seenElsewhere = [];
  const elsewhere = createServer((req, res) => { seenElsewhere.push(req.headers['x-dc-devkey'] ?? null); res.end('{}'); });
  await new Promise((r) => elsewhere.listen(0, '127.0.0.1', r));
  const target = `http://127.0.0.1:${elsewhere.address().port}`;
  const redirecting = createServer((req, res) => { res.writeHead(307, { Location: `${target}${req.url}` }); res.end(); });
  await new Promise((r) => redirecting.listen(0, '127.0.0.1', r));
  try {
    const c = new CertCentralClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${redirecting.address().port}/services/v2`, timeoutMs: 2000, maxRetries: 0 });
    const read = await rejectsWith(c.getOrder(7), 'api', { attempts: 1, status: 307 });
    assert.match(read.message, /HTTP 307, a redirect, which the client does not follow/);
    const err = await rejectsWith(c.orderCertificate(SSL, order(), { today: TODAY }), 'api', { attempts: 1, status: 307 });
    assert.match(err.message, /a redirect.*The order may have been created/);
    assert.deepEqual(seenElsewhere, []);
  } finally {
    await new Promise((r) => redirecting.close(r));
    await new Promise((r) => elsewhere.close(r));
  }
});

test('waitForIssuance: a later poll that hangs ends the wait about a second after timeoutMs, not after its attempts\' timeouts', async () => {
  await withSandbox({ issueAfterPolls: 1000 }, async (own) => {
    const c = client({ timeoutMs: 5000 }, own);
    const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
    own.enqueue({ type: 'status', status: 200, body: { id, status: 'pending' }, contentType: 'application/json', match: `GET /order/certificate/${id}` },
      { type: 'hang', match: `GET /order/certificate/${id}` });
    const t0 = Date.now();
    const err = await rejectsWith(c.waitForIssuance(id, { intervalMs: 100, timeoutMs: 500 }), 'timeout', { orderStatus: 'pending' });
    const took = Date.now() - t0;
    assert.ok(took >= 1400 && took < 1500 + SLACK, `gave up after ${took} ms`);
    assert.match(err.message, /was still pending after 500 ms of waiting/);
  });
});

test('waitForIssuance: a status that echoes the key is redacted; an async onStatus that rejects is ignored', async () => {
  await withSandbox({}, async (own) => {
    const c = client({}, own);
    const { id } = await c.orderCertificate(SSL, order(), { today: TODAY });
    own.setOrderStatus(id, `held ${KEY}`);
    const unhandled = [];
    const onUnhandled = (e) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      let told = 0;
      const err = await rejectsWith(c.waitForIssuance(id, { intervalMs: 50, timeoutMs: 300, onStatus: async () => { told += 1; throw new Error('async form bug'); } }), 'timeout');
      assert.ok(told >= 2, `${told} statuses`);
      assert.match(err.message, /was still held <redacted> after 300 ms/);
      assert.equal(err.orderStatus, 'held <redacted>');
      await sleep(50);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

test('CertCentralClient: headers, an API key or a baseUrl that fetch would refuse (or misuse) on every request are a TypeError at once', () => {
  for (const [options, what] of [
    [{ headers: { 'Bad Name': 'v' } }, 'a header name with a space'],
    [{ headers: { 'X-Proxy-Token': 'tok€n' } }, 'a header value past U+00FF'],
    [{ headers: { 'X-Proxy-Token': 'a\r\nX-Other: b' } }, 'a header value with a line break'],
    [{ apiKey: `${KEY}\u200b` }, 'an API key with a zero-width space'],
    [{ apiKey: 'two words' }, 'an API key with a space'],
    [{ baseUrl: 'https://www.digicert.com/services/v2?x=1' }, 'a baseUrl with a query'],
    [{ baseUrl: 'https://www.digicert.com/services/v2#top' }, 'a baseUrl with a fragment'],
    [{ baseUrl: 'https://user:pass@www.digicert.com/services/v2' }, 'a baseUrl with credentials'],
  ]) {
    assert.throws(() => new CertCentralClient(options), (e) => e instanceof TypeError && !e.message.includes(KEY), what);
  }
  // What fetch takes is still taken.
  new CertCentralClient({ apiKey: KEY, headers: { 'X-Proxy-Token': 'tök en' }, baseUrl: 'https://proxy.example.com:8443/cc/services/v2' }).free();
});

test('recovery: an old, canceled order under the same alternative_order_id is not taken for the one just sent', async () => {
  await withSandbox({}, async (own) => {
    const c = client({}, own);
    const o = order({ alt: true });
    const old = await c.orderCertificate(SSL, o, { today: TODAY });
    own.setOrderStatus(old.id, 'canceled');
    // The next POST's answer is lost before CertCentral created anything: the lookups find only
    // the canceled one, which is not taken for it.
    own.enqueue({ type: 'status', status: 502, match: 'POST /order/certificate' });
    const err = await rejectsWith(c.orderCertificate(SSL, o, { today: TODAY }), 'api', { status: 502 });
    assert.match(err.message, /It was not sent again/);
    // Created meanwhile (sent by the caller again): the new one is found, not the canceled one.
    own.enqueue({ type: 'status', status: 502, commit: true, match: 'POST /order/certificate' });
    const placed = await c.orderCertificate(SSL, o, { today: TODAY });
    assert.notEqual(placed.id, old.id, 'the new order, not the canceled one');
    assert.equal(placed.recovered, true);
    assert.equal(storedOrders(own).length, 2);
  });
});
