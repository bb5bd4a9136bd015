// CertCentralClient in headless Chromium: a page served from the scratch app imports the
// installed package through an import map and talks to the sandbox (in this process)
// cross-origin, through CORS.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, serveStatic, launchChromium } from './helpers.mjs';

// Upper bounds on timings only prove that nothing hangs (a hang would last the 30 s default or
// forever); they are generous so a loaded 2-core CI machine does not fail them.
const SLACK = 1500;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startSandbox } = await import(pathToFileURL(join(root, 'tests', 'sandbox', 'sandbox.mjs')));

const KEY = 'ccKEY-Br0wS3r-Qm4Tz8Lx2Vp6';
const KEY_PART = KEY.slice(6, 18);
const TODAY = '2026-11-22';
const SSL = 'ssl_securesite';
const ORDER = {
  certificate: { common_name: 'example.com', csr: readFileSync(join(root, 'tests', 'fixtures', 'csr', 'rsa2048.pem'), 'utf8'), signature_hash: 'sha256' },
  organization: { id: 123456 },
  validity_days: 199,
  comments: 'Grüße ✓',
};

const PAGE = `<!doctype html><title>client</title>
<script type="importmap">{ "imports": { "certcentral-orders": "/node_modules/certcentral-orders/browser.js" } }</script>
<script type="module">
  import * as cc from 'certcentral-orders';
  // Runs one orderCertificate call and describes how it ended (errors are checked for the key here,
  // in the page, where they were made).
  window.__call = async ({ clientOptions, product, order, options, abortAfterMs, abortReason, preAbort, key, keyPart }) => {
    const opts = { ...options };
    if (preAbort) opts.signal = AbortSignal.abort(abortReason);
    if (abortAfterMs !== undefined) {
      const ac = new AbortController();
      setTimeout(() => ac.abort(abortReason), abortAfterMs);
      opts.signal = ac.signal;
    }
    const t0 = performance.now();
    try {
      const value = await new cc.CertCentralClient(clientOptions).orderCertificate(product, order, opts);
      return { ok: true, value, elapsed: performance.now() - t0 };
    } catch (e) {
      const elapsed = performance.now() - t0;
      const views = [String(e && e.message), String(e && e.stack), String(e), JSON.stringify(e)];
      return {
        ok: false, elapsed,
        isCertCentralError: e instanceof cc.CertCentralError, isError: e instanceof Error,
        name: e && e.name, kind: e && e.kind, status: e && e.status, attempts: e && e.attempts,
        errors: e && e.errors, issues: e && e.issues, message: e && e.message,
        leaks: views.some((v) => v.includes(key) || v.includes(keyPart)),
      };
    }
  };
  window.__ready = true;
</script>`;

let sb, server, browser, page;
const consoleText = [];

before(async () => {
  sb = await startSandbox({ port: 0, apiKey: KEY });
  await writeFile(join(app, 'client-browser.html'), PAGE);
  server = await serveStatic(app);
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => consoleText.push(m.text()));
  page.on('pageerror', (e) => consoleText.push(String(e)));
  await page.goto(`${server.url}/client-browser.html`);
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 20000 });
});
after(async () => {
  await browser?.close();
  await server?.close();
  await sb?.close();
});
beforeEach(() => sb.reset());

/** Runs a call in the page; `clientOptions` default to the key, the sandbox and a short timeout. */
function call({ clientOptions = {}, product = SSL, order = ORDER, options = { today: TODAY }, ...rest } = {}) {
  return page.evaluate((arg) => window.__call(arg), {
    clientOptions: { apiKey: KEY, baseUrl: sb.baseUrl, timeoutMs: 600, ...clientOptions },
    product, order, options, key: KEY, keyPart: KEY_PART, ...rest,
  });
}

function assertError(r, kind, { attempts, status } = {}) {
  assert.equal(r.ok, false, `resolved: ${JSON.stringify(r.value)}`);
  assert.ok(r.isCertCentralError, 'instanceof CertCentralError');
  assert.ok(r.isError, 'instanceof Error');
  assert.equal(r.name, 'CertCentralError');
  assert.equal(r.kind, kind, r.message);
  assert.ok(Array.isArray(r.errors) && Array.isArray(r.issues));
  if (attempts !== undefined) assert.equal(r.attempts, attempts, 'attempts');
  if (status !== undefined) assert.equal(r.status, status, 'status');
  assert.equal(r.leaks, false, 'the API key appears in the error');
}

test('browser: success, cross-origin: the exact request and the 201 body', async () => {
  const r = await call({ clientOptions: { headers: { 'X-Request-Source': 'browser-tests' } } });
  assert.equal(r.ok, true, r.message);
  assert.deepEqual(r.value, { id: 1000, requests: [{ id: 5000, status: 'pending' }] });
  assert.equal(sb.requests.length, 1);
  const [req] = sb.requests;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/services/v2/order/certificate/ssl_securesite');
  assert.equal(req.headers['x-dc-devkey'], KEY);
  assert.equal(req.headers['x-request-source'], 'browser-tests');
  assert.match(req.headers['content-type'], /^application\/json\b/);
  assert.equal(req.headers.origin, server.url);
  assert.equal(req.body, JSON.stringify(ORDER));
  sb.reset();
  sb.enqueue({ type: 'created', variant: 'immediate' });
  const imm = await call();
  assert.equal(imm.ok, true, imm.message);
  assert.equal(imm.value.certificate_chain.length, 3);
  assert.ok(!('requests' in imm.value));
});

test('browser: a validation error sends nothing', async () => {
  const r = await call({ order: { ...ORDER, validity_years: 5, certificate: { ...ORDER.certificate, signature_hash: 'md5' } } });
  assertError(r, 'validation', { attempts: 0 });
  const fields = r.issues.filter((i) => i.severity === 'error').map((i) => `${i.field}:${i.code}`).sort();
  assert.ok(fields.includes('validity_years:range') && fields.includes('certificate.signature_hash:enum'), fields.join());
  for (const i of r.issues) for (const k of ['path', 'field', 'code', 'rule', 'severity', 'message']) assert.ok(k in i, k);
  assert.equal(sb.requests.length, 0);
});

test('browser: 429 ×3 → rate_limited after 3 requests', async () => {
  sb.enqueue(...Array(4).fill({ type: 'status', status: 429, retryAfter: '0' }));
  const r = await call();
  assertError(r, 'rate_limited', { attempts: 3, status: 429 });
  assert.deepEqual(r.errors.map((e) => e.code), ['request_limit_exceeded']);
  assert.equal(sb.requests.length, 3);
});

test('browser: Retry-After (exposed through CORS) is honoured, then success', async () => {
  sb.enqueue({ type: 'status', status: 429, retryAfter: '1' }, { type: 'created' });
  const r = await call();
  assert.equal(r.ok, true, r.message);
  assert.equal(sb.requests.length, 2);
  const gap = sb.requests[1].at - sb.requests[0].at;
  assert.ok(gap >= 980 && gap < 1000 + SLACK, `waited ${gap} ms`);
});

test('browser: an HTML 502 page → api, status 502, errors []; not retried without alternative_order_id', async () => {
  sb.enqueue({ type: 'html' }, { type: 'created' });
  const r = await call();
  assertError(r, 'api', { attempts: 1, status: 502 });
  assert.deepEqual(r.errors, []);
  assert.equal(sb.requests.length, 1);
});

test('browser: 400 with CertCentral errors → api with code, base, detail', async () => {
  sb.enqueue({ type: 'status', status: 400, body: { errors: [{ code: 'invalid_value:validity_years', message: 'Bad years.' }] } });
  const r = await call();
  assertError(r, 'api', { attempts: 1, status: 400 });
  assert.deepEqual(r.errors, [{ code: 'invalid_value:validity_years', message: 'Bad years.', base: 'invalid_value', detail: 'validity_years' }]);
});

test('browser: not JSON → decode', async () => {
  sb.enqueue({ type: 'not-json' });
  assertError(await call(), 'decode', { attempts: 1 });
  sb.reset();
  sb.enqueue({ type: 'wrong-json' });
  assertError(await call(), 'decode', { attempts: 1 });
});

test('browser: a server that never answers → timeout within timeoutMs', async () => {
  sb.enqueue({ type: 'hang' });
  const r = await call({ clientOptions: { timeoutMs: 500 } });
  assertError(r, 'timeout', { attempts: 1 });
  assert.ok(r.elapsed >= 480 && r.elapsed < 500 + SLACK, `took ${r.elapsed} ms`);
  assert.equal(sb.requests.length, 1);
});

test('browser: abort during the request (custom reason) and before it', async () => {
  sb.enqueue({ type: 'hang' });
  const r = await call({ clientOptions: { timeoutMs: 5000 }, abortAfterMs: 150, abortReason: 'user cancelled' });
  assertError(r, 'aborted', { attempts: 1 });
  assert.ok(r.elapsed >= 140 && r.elapsed < 150 + SLACK, `took ${r.elapsed} ms`);
  sb.reset();
  const before = await call({ preAbort: true, abortReason: 'already' });
  assertError(before, 'aborted', { attempts: 0 });
  assert.equal(sb.requests.length, 0);
});

test('browser: no answer at all (refused connection, a server without CORS) → network', async () => {
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  assertError(await call({ clientOptions: { baseUrl: `http://127.0.0.1:${port}/services/v2` } }), 'network', { attempts: 1 });
  // Another origin that answers without CORS headers: the browser hides the answer.
  const noCors = await serveStatic(app);
  try {
    assertError(await call({ clientOptions: { baseUrl: `${noCors.url}/services/v2` } }), 'network', { attempts: 1 });
  } finally {
    await noCors.close();
  }
});

test('browser: the key never appears on the page console', () => {
  const all = consoleText.join('\n');
  assert.ok(!all.includes(KEY) && !all.includes(KEY_PART));
});
