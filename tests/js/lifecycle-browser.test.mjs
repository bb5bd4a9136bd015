// CertCentralClient after the order, in headless Chromium: a page served from the scratch app
// imports the installed package through an import map and follows an order through the
// sandbox (in this process), cross-origin through CORS: place → wait → download (PEM and zip
// bytes), an abort during a wait, a 429 with Retry-After on a read, an order found again after
// its answer was lost, a rejected order. The API key never shows up in an error or on the
// page's console.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, serveStatic, launchChromium } from './helpers.mjs';

// Upper bounds on timings only prove that nothing hangs; generous for a loaded 2-core CI machine.
const SLACK = 1500;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startSandbox } = await import(pathToFileURL(join(root, 'tests', 'sandbox', 'sandbox.mjs')));

const KEY = 'lcKEY-Br0wS3r-Hx5Jq8Nw2Ct7';
const KEY_PART = KEY.slice(6, 18);
const TODAY = '2026-11-22';
const SSL = 'ssl_securesite';
const API = '/services/v2';
const ORDER = {
  certificate: { common_name: 'example.com', csr: readFileSync(join(root, 'tests', 'fixtures', 'csr', 'rsa2048.pem'), 'utf8'), signature_hash: 'sha256' },
  organization: { id: 123456 },
  validity_days: 199,
};

// The page keeps the package on `window.cc` and describes errors where they were made (the key
// is looked for there, in every printed form).
const PAGE = `<!doctype html><title>lifecycle</title>
<script type="importmap">{ "imports": { "certcentral-orders": "/node_modules/certcentral-orders/browser.js" } }</script>
<script type="module">
  import * as cc from 'certcentral-orders';
  window.cc = cc;
  window.__describe = (e, key, keyPart) => {
    const views = [String(e && e.message), String(e && e.stack), String(e), JSON.stringify(e)];
    return {
      ok: false,
      isCertCentralError: e instanceof cc.CertCentralError, isError: e instanceof Error, isTypeError: e instanceof TypeError,
      name: e && e.name, kind: e && e.kind, status: e && e.status, attempts: e && e.attempts,
      orderStatus: e && e.orderStatus, errors: e && e.errors, issues: e && e.issues, message: e && e.message,
      leaks: views.some((v) => v.includes(key) || v.includes(keyPart)),
    };
  };
  window.__ready = true;
</script>`;

let sb, server, browser, page;
const consoleText = [];
const seen = [];

before(async () => {
  sb = await startSandbox({ port: 0, apiKey: KEY });
  await writeFile(join(app, 'lifecycle-browser.html'), PAGE);
  server = await serveStatic(app);
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => consoleText.push(m.text()));
  page.on('pageerror', (e) => consoleText.push(String(e)));
  await page.goto(`${server.url}/lifecycle-browser.html`);
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 20000 });
});
after(async () => {
  await browser?.close();
  await server?.close();
  await sb?.close();
});
beforeEach(() => {
  seen.push(...sb.requests);
  sb.reset();
  sb.configure({ issueAfterPolls: 2 });
});

/**
 * Runs `body` (the text of an async function of `(cc, client, arg)`) in the page with a client of
 * the key and the sandbox; resolves `{ ok: true, value, elapsed }` or the error's description.
 */
function inPage(body, arg = {}, clientOptions = {}) {
  return page.evaluate(async ({ body, arg, clientOptions, key, keyPart }) => {
    const cc = window.cc;
    const client = new cc.CertCentralClient(clientOptions);
    const fn = new Function('cc', 'client', 'arg', `return (async () => { ${body} })();`);
    const t0 = performance.now();
    try {
      const value = await fn(cc, client, arg);
      return { ok: true, value, elapsed: performance.now() - t0 };
    } catch (e) {
      return { ...window.__describe(e, key, keyPart), elapsed: performance.now() - t0 };
    }
  }, { body, arg, clientOptions: { apiKey: KEY, baseUrl: sb.baseUrl, timeoutMs: 2000, ...clientOptions }, key: KEY, keyPart: KEY_PART });
}

function assertError(r, kind, { attempts, status, orderStatus } = {}) {
  assert.equal(r.ok, false, `resolved: ${JSON.stringify(r.value)}`);
  assert.ok(r.isCertCentralError, `instanceof CertCentralError: ${r.message}`);
  assert.ok(r.isError, 'instanceof Error');
  assert.equal(r.name, 'CertCentralError');
  assert.equal(r.kind, kind, r.message);
  assert.ok(Array.isArray(r.errors) && Array.isArray(r.issues));
  if (attempts !== undefined) assert.equal(r.attempts, attempts, 'attempts');
  if (status !== undefined) assert.equal(r.status, status, 'status');
  if (orderStatus !== undefined) assert.equal(r.orderStatus, orderStatus, 'orderStatus');
  assert.equal(r.leaks, false, 'the API key appears in the error');
}

const storedOrders = (on = sb) => (on.orders instanceof Map ? [...on.orders.values()] : Array.isArray(on.orders) ? on.orders : Object.values(on.orders ?? {}));
const sent = (method, prefix) => sb.requests.filter((r) => r.method === method && r.path.startsWith(API + prefix));

test('browser: place → waitForIssuance (pending, then issued) → download PEM and zip bytes', async () => {
  const r = await inPage(`
    const placed = await client.orderCertificate(arg.product, arg.order, { today: arg.today });
    const statuses = [];
    const issued = await client.waitForIssuance(placed.id, { intervalMs: 40, timeoutMs: 10000, onStatus: (o) => statuses.push(o.status) });
    const pem = await client.downloadCertificate({ orderId: placed.id });
    const zip = await client.downloadCertificate({ certificateId: issued.certificate.id }, { format: 'default' });
    return {
      placed, statuses, issued,
      pem: { format: pem.format, contentType: pem.contentType, pem: pem.pem, isBytes: pem.bytes instanceof Uint8Array,
        sameBytes: new TextDecoder().decode(pem.bytes) === pem.pem },
      zip: { format: zip.format, contentType: zip.contentType, hasPem: 'pem' in zip && zip.pem !== undefined,
        isBytes: zip.bytes instanceof Uint8Array, bytes: Array.from(zip.bytes) },
    };
  `, { product: SSL, order: { ...ORDER, alternative_order_id: 'PObrowser1' }, today: TODAY });
  assert.equal(r.ok, true, r.message);
  const { placed, statuses, issued, pem, zip } = r.value;
  assert.ok(Number.isInteger(placed.id));
  assert.equal(issued.id, placed.id);
  assert.equal(issued.status, 'issued');
  assert.equal(statuses[0], 'pending', statuses.join());
  assert.equal(statuses.at(-1), 'issued', statuses.join());
  assert.equal(sent('GET', `/order/certificate/${placed.id}`).length, statuses.length);

  assert.equal(pem.format, 'pem_all');
  assert.match(pem.contentType, /^application\/x-pem-file/);
  assert.ok(pem.isBytes && pem.sameBytes);
  assert.equal(pem.pem.match(/-----BEGIN CERTIFICATE-----/g)?.length, 3);

  assert.equal(zip.format, 'default');
  assert.match(zip.contentType, /^application\/zip/);
  assert.ok(zip.isBytes);
  assert.equal(zip.hasPem, false, 'no pem for a zip');
  assert.deepEqual(zip.bytes.slice(0, 4), [0x50, 0x4b, 0x03, 0x04], 'a zip (PK\\x03\\x04)');
  // Byte for byte what the server sent (a binary body read as bytes, never as text).
  const direct = await fetch(`${sb.baseUrl}/certificate/${issued.certificate.id}/download/format/default`, { headers: { 'X-DC-DEVKEY': KEY } });
  assert.deepEqual(zip.bytes, Array.from(new Uint8Array(await direct.arrayBuffer())));
  assert.equal(sb.requests.at(-1).headers.origin, undefined, 'the direct fetch (from Node)');
  const fromPage = sb.requests.filter((x) => x.headers.origin === server.url);
  assert.ok(fromPage.length >= 5, 'the page talked to the sandbox cross-origin');
  sb.requests.pop();
});

test('browser: an abort during a wait ends it at once, with no second poll sent', async () => {
  const placed = await inPage('return client.orderCertificate(arg.product, arg.order, { today: arg.today });', { product: SSL, order: ORDER, today: TODAY });
  assert.equal(placed.ok, true, placed.message);
  const id = placed.value.id;
  const r = await inPage(`
    const ac = new AbortController();
    setTimeout(() => ac.abort('user left the page'), 200);
    return client.waitForIssuance(arg.id, { intervalMs: 10000, signal: ac.signal });
  `, { id });
  // The first poll is at once; the abort comes during the wait for the second.
  assertError(r, 'aborted', { attempts: 1 });
  assert.ok(r.elapsed >= 190 && r.elapsed < 200 + SLACK, `aborted after ${r.elapsed} ms`);
  await new Promise((res) => setTimeout(res, 100));
  assert.equal(sent('GET', `/order/certificate/${id}`).length, 1);
});

test('browser: a 429 with Retry-After on getOrder is waited out (the header is exposed through CORS), then success', async () => {
  const placed = await inPage('return client.orderCertificate(arg.product, arg.order, { today: arg.today });', { product: SSL, order: ORDER, today: TODAY });
  assert.equal(placed.ok, true, placed.message);
  sb.requests.length = 0;
  sb.enqueue({ type: 'status', status: 429, retryAfter: '1' });
  const r = await inPage('return client.getOrder(arg.id);', { id: placed.value.id });
  assert.equal(r.ok, true, r.message);
  assert.equal(r.value.id, placed.value.id);
  assert.equal(sb.requests.length, 2);
  const gap = sb.requests[1].at - sb.requests[0].at;
  assert.ok(gap >= 980 && gap < 1000 + SLACK, `waited ${gap} ms`);
});

// (A reset connection is not used here: a browser's network stack itself resends a request whose
// reused connection was reset before any answer, before the page's fetch hears of it.)
test('browser: the order was created but an HTML 502 came back → found by its alternative id, exactly one POST', async () => {
  sb.enqueue({ type: 'html', status: 502, commit: true, match: 'POST /order/certificate' });
  const order = { ...ORDER, alternative_order_id: 'PObrowserreset1' };
  const r = await inPage('return client.orderCertificate(arg.product, arg.order, { today: arg.today });', { product: SSL, order, today: TODAY });
  assert.equal(r.ok, true, r.message);
  assert.equal(r.value.recovered, true, JSON.stringify(r.value));
  const stored = storedOrders();
  assert.equal(stored.length, 1);
  assert.equal(r.value.id, stored[0].id);
  await new Promise((res) => setTimeout(res, 600));
  assert.equal(sent('POST', `/order/certificate/${SSL}`).length, 1, 'exactly one POST');
  assert.equal(sent('GET', `/order/alternate/${order.alternative_order_id}`).length, 1, 'one lookup');
});

test('browser: a rejected order ends the wait → order_state with orderStatus "rejected"', async () => {
  const placed = await inPage('return client.orderCertificate(arg.product, arg.order, { today: arg.today });', { product: SSL, order: ORDER, today: TODAY });
  assert.equal(placed.ok, true, placed.message);
  sb.setOrderStatus(placed.value.id, 'rejected');
  const r = await inPage(`
    const statuses = [];
    try { return await client.waitForIssuance(arg.id, { intervalMs: 20, onStatus: (o) => statuses.push(o.status) }); }
    finally { window.__statuses = statuses; }
  `, { id: placed.value.id });
  assertError(r, 'order_state', { attempts: 1, orderStatus: 'rejected' });
  assert.deepEqual(await page.evaluate(() => window.__statuses), ['rejected']);
});

test('browser: wrong arguments reject with a TypeError in the page too', async () => {
  for (const body of [
    'return client.getOrder(-1);',
    'return client.downloadCertificate({});',
    'return client.downloadCertificate({ orderId: 1, certificateId: 2 });',
    'return client.statusChanges({});',
    'return client.revokeCertificate(9000, { reason: "compromised" });',
  ]) {
    const r = await inPage(body);
    assert.equal(r.ok, false, body);
    assert.ok(r.isTypeError, `${body}: ${r.name} ${r.message}`);
    assert.equal(r.leaks, false);
  }
  assert.equal(sb.requests.length, 0);
});

test('browser: the key is in no URL the sandbox saw, and never on the page console', () => {
  seen.push(...sb.requests);
  assert.ok(seen.length >= 10, `${seen.length} requests`);
  for (const r of seen) {
    const url = `${r.path} ${r.url ?? ''} ${r.query ?? ''}`;
    assert.ok(!url.includes(KEY) && !url.includes(KEY_PART), `the key in ${url}`);
  }
  const all = consoleText.join('\n');
  assert.ok(!all.includes(KEY) && !all.includes(KEY_PART));
});
