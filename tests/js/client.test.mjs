// CertCentralClient in Node, against the local CertCentral sandbox: the exact request, every 201
// variant, every error kind, the retry rules (counted at the sandbox), per-attempt timeouts,
// aborts, and that the API key never shows up in an error or on the console.
//
// The package is imported from the scratch app (CC_SCRATCH_APP) through its own package.json
// exports, as a user's code would get it.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, inspect } from 'node:util';
import { app, nodeIn, exampleBodies } from './helpers.mjs';

// Upper bounds on timings only prove that nothing hangs (a hang would last the 30 s default or
// forever); they are generous so a loaded 2-core CI machine does not fail them.
const SLACK = 1500;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startSandbox } = await import(pathToFileURL(join(root, 'tests', 'sandbox', 'sandbox.mjs')));

// The installed package, through its export map (`node` + `import` condition).
const requireFromApp = createRequire(join(app, 'package.json'));
const pkgDir = dirname(requireFromApp.resolve('certcentral-orders/package.json'));
const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const cc = await import(pathToFileURL(join(pkgDir, manifest.exports['.'].node.import.default)));
const { CertCentralClient, CertCentralError } = cc;

// A distinctive key: it must never show up in an error or on the console.
const KEY = 'ccKEY-7Hq2Zp9LmW4xTr8VbN3s';
const KEY_PART = KEY.slice(6, 18);
const TODAY = { today: '2026-11-22' };

// ------------------------------------------------------------------------------------------
// Orders: the example bodies of tests/cases, with the CSR tokens replaced by the fixture PEMs.

const bases = exampleBodies();
const order = (name, extra = {}) => ({ ...structuredClone(bases[name]), ...extra });

// One product of each family, with a valid order (by organization id, and with a new organization).
const FAMILIES = [
  { family: 'ssl', product: 'ssl_securesite', base: 'ssl_min', newOrg: 'ssl_new_org', cn: 'example.com' },
  { family: 'client', product: 'client_authentication_plus', base: 'client_example', newOrg: 'client_new_org', cn: 'Lock Cole' },
  { family: 'code_signing', product: 'code_signing', base: 'cs_example_new', newOrg: 'cs_new_org', cn: 'example.com' },
  { family: 'secure_email', product: 'secure_email_sponsor', base: 'secure_email_sponsor_example', newOrg: 'secure_email_new_org', cn: 'alice@example.com' },
];
const SSL = 'ssl_securesite';
const ALT = { alternative_order_id: 'PO2026x0001' };

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

let sb;
before(async () => { sb = await startSandbox({ port: 0, apiKey: KEY }); });
after(async () => { await sb?.close(); for (const r of restore) r(); });
beforeEach(() => sb.reset());

const client = (opts = {}) => new CertCentralClient({ apiKey: KEY, baseUrl: sb.baseUrl, timeoutMs: 600, ...opts });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
async function rejectsWith(promise, kind, { attempts, status } = {}) {
  let err;
  await assert.rejects(promise, (e) => { err = e; return true; });
  assert.ok(err instanceof CertCentralError, `not a CertCentralError: ${inspect(err)}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'CertCentralError');
  assert.equal(err.kind, kind, `kind: ${err.message}`);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
  assert.equal(typeof err.attempts, 'number');
  assert.ok(Array.isArray(err.errors), 'errors is an array');
  assert.ok(Array.isArray(err.issues), 'issues is an array');
  if (attempts !== undefined) assert.equal(err.attempts, attempts, 'attempts');
  if (status !== undefined) assert.equal(err.status, status, 'status');
  assertNoLeak(err);
  return err;
}

/** Runs `fn(sandbox)` on a sandbox of its own, so that slow cases can run side by side. */
async function withSandbox(fn) {
  const own = await startSandbox({ port: 0, apiKey: KEY });
  try { return await fn(own); } finally { await own.close(); }
}

const gaps = () => sb.requests.slice(1).map((r, i) => r.at - sb.requests[i].at);

// ==========================================================================================
// The request

test('request: POST {baseUrl}/order/certificate/{product}, JSON content type, key and extra headers, body byte-for-byte', async () => {
  const body = order('ssl_example', {
    comments: 'Grüße ✓ — "quoted" \\ back\nslash',
    custom_fields: [{ metadata_id: 11, value: 'Invoice #00001' }, { metadata_id: 12, value: '1.50' }],
  });
  const c = client({ headers: { 'X-Request-Source': 'node-tests', 'X-Trace-Id': 'abc-123' } });
  const res = await c.orderCertificate(SSL, body, TODAY);
  assert.equal(res.id, 1000);
  assert.equal(sb.requests.length, 1);
  const [r] = sb.requests;
  assert.equal(r.method, 'POST');
  assert.equal(r.path, '/services/v2/order/certificate/ssl_securesite');
  assert.equal(r.product, SSL);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers['x-dc-devkey'], KEY);
  assert.equal(r.headers['x-request-source'], 'node-tests');
  assert.equal(r.headers['x-trace-id'], 'abc-123');
  assert.equal(r.body, JSON.stringify(body), 'body is exactly JSON.stringify(order)');
  assert.deepEqual(r.json, body);
});

test('request: the path for each family, and a baseUrl with a trailing slash', async () => {
  for (const { product, base } of FAMILIES) {
    sb.reset();
    const o = order(base);
    await client({ baseUrl: `${sb.baseUrl}/` }).orderCertificate(product, o, TODAY);
    assert.equal(sb.requests.length, 1, product);
    assert.equal(sb.requests[0].path, `/services/v2/order/certificate/${product}`);
    assert.equal(sb.requests[0].body, JSON.stringify(o), product);
  }
});

test('request: no X-DC-DEVKEY without apiKey; the body has no fields added or dropped', async () => {
  sb.enqueue({ type: 'created' }); // a queued behavior skips the sandbox's key check
  const o = order('cs_example_new');
  const res = await new CertCentralClient({ baseUrl: sb.baseUrl, timeoutMs: 600 }).orderCertificate('code_signing', o, TODAY);
  assert.equal(res.id, 1000);
  const [r] = sb.requests;
  assert.ok(!('x-dc-devkey' in r.headers), 'no key header');
  assert.equal(r.body, JSON.stringify(o));
  assert.deepEqual(Object.keys(r.json), Object.keys(o));
});

test('request: the body sent is the order the rules checked, even when a getter answers otherwise the second time; toJSON and numbers as JSON.stringify writes them', async () => {
  const valid = order('ssl_example');
  let reads = 0;
  const tricky = { ...valid };
  // A getter that gives a valid certificate first and nonsense after: a second read of
  // the object (a JSON.stringify after validation) would send what no rule saw.
  Object.defineProperty(tricky, 'certificate', {
    enumerable: true,
    get: () => (reads++ === 0 ? valid.certificate : { ...valid.certificate, csr: 'not a CSR', common_name: 'evil.example' }),
  });
  await client().orderCertificate(SSL, tricky, TODAY);
  assert.equal(sb.requests.length, 1);
  assert.equal(sb.requests[0].body, JSON.stringify(valid), 'the order as validated');
  assert.equal(reads, 1, 'the order is read once');
  sb.reset();
  const withExtras = { ...valid, comments: { toJSON: () => 'from toJSON' }, custom_fields: [{ metadata_id: 12, value: 'x' }], renewal_of_order_id: 9007199254740993, apply_cr_discount: false, x_ratio: 1.5, x_big: 1e21, x_neg: -0 };
  await client().orderCertificate(SSL, withExtras, TODAY);
  assert.equal(sb.requests[0].body, JSON.stringify(withExtras));
});

test('request: an order with warnings only (policy) is sent', async () => {
  const o = order('ssl_example'); // validity_years 2 after the policy date: a warning, not an error
  const res = await client().orderCertificate(SSL, o, TODAY);
  assert.equal(res.id, 1000);
  assert.equal(sb.requests.length, 1);
  assert.equal(sb.requests[0].body, JSON.stringify(o));
});

test('request: two calls in parallel on one client both succeed', async () => {
  const c = client();
  const [a, b] = await Promise.all([
    c.orderCertificate(SSL, order('ssl_min'), TODAY),
    c.orderCertificate('client_authentication_plus', order('client_example'), TODAY),
  ]);
  assert.deepEqual([a.id, b.id].sort(), [1000, 1001]);
  assert.equal(sb.requests.length, 2);
});

// ==========================================================================================
// Success: every 201 variant for one product of each family

const firstCert = /^-----BEGIN CERTIFICATE-----\nMII/;

for (const { family, product, base, newOrg, cn } of FAMILIES) {
  test(`success (${family}, ${product}): one-step, two-step, auto, skip, immediate`, async () => {
    const c = client();
    const o = order(base);
    sb.enqueue(...['one-step', 'two-step', 'auto', 'skip', 'immediate'].map((variant) => ({ type: 'created', variant })));
    assert.deepEqual(await c.orderCertificate(product, o, TODAY), { id: 1000, requests: [{ id: 5000, status: 'pending' }] });
    assert.deepEqual(await c.orderCertificate(product, o, TODAY), { id: 1001, requests: [{ id: 5001, status: 'submitted' }] });
    assert.deepEqual(await c.orderCertificate(product, o, TODAY), { id: 1002, requests: [{ id: 5002, status: 'approved' }], certificate_id: 9000 });
    const skip = await c.orderCertificate(product, o, TODAY);
    assert.deepEqual(skip, { id: 1003, certificate_id: 9001 });
    assert.ok(!('requests' in skip), 'requests is absent, not undefined');
    const imm = await c.orderCertificate(product, o, TODAY);
    assert.equal(imm.id, 1004);
    assert.equal(imm.certificate_id, 9002);
    assert.ok(!('requests' in imm));
    assert.deepEqual(imm.certificate_chain.map((x) => x.subject_common_name),
      [cn, 'DigiCert SHA2 Secure Server CA', 'DigiCert Global Root CA']);
    for (const x of imm.certificate_chain) {
      assert.match(x.pem, firstCert);
      assert.match(x.pem, /-----END CERTIFICATE-----\s*$/);
    }
    assert.equal(sb.requests.length, 5);
  });

  test(`success (${family}, ${product}): organization.id when a new organization was created`, async () => {
    const o = order(newOrg);
    assert.equal(o.organization.id, undefined);
    const res = await client().orderCertificate(product, o, TODAY);
    assert.deepEqual(res, { id: 1000, requests: [{ id: 5000, status: 'pending' }], organization: { id: 700000 } });
    assert.equal(sb.requests[0].body, JSON.stringify(o));
    // By id: no organization in the answer.
    assert.ok(!('organization' in await client().orderCertificate(product, order(base), TODAY)));
  });
}

// ==========================================================================================
// Validation: nothing leaves the process

test('validation: an order with errors is never sent; issues carry path, field, code, severity, message', async () => {
  const bad = order('ssl_min', { validity_years: 5, certificate: { ...bases.ssl_min.certificate, common_name: 'a_b.example.com', signature_hash: 'md5' } });
  delete bad.validity_days;
  const err = await rejectsWith(client().orderCertificate(SSL, bad, TODAY), 'validation', { attempts: 0 });
  assert.ok(err.issues.length >= 3);
  for (const i of err.issues) {
    assert.ok(Array.isArray(i.path));
    for (const k of ['field', 'code', 'rule', 'severity', 'message']) assert.equal(typeof i[k], 'string', k);
  }
  const errs = err.issues.filter((i) => i.severity === 'error').map((i) => `${i.field}:${i.code}`).sort();
  assert.deepEqual(errs, ['certificate.common_name:format', 'certificate.signature_hash:enum', 'validity_years:range']);
  assert.deepEqual(err.issues.find((i) => i.field === 'validity_years').path, ['validity_years']);
  // The same verdict as validateOrder.
  const report = cc.validateOrder(SSL, bad, TODAY);
  assert.deepEqual(err.issues, report.issues);
  assert.equal(sb.requests.length, 0);
});

test('validation: unknown product, null order, a bad today option: 0 requests', async () => {
  const c = client();
  const unknown = await rejectsWith(c.orderCertificate('ssl_securesite_pro', order('ssl_min'), TODAY), 'validation', { attempts: 0 });
  assert.ok(unknown.issues.some((i) => i.code === 'unknown_product'));
  await rejectsWith(c.orderCertificate(SSL, null, TODAY), 'validation', { attempts: 0 });
  await rejectsWith(c.orderCertificate(SSL, {}, TODAY), 'validation', { attempts: 0 });
  await rejectsWith(c.orderCertificate(SSL, order('ssl_min'), { today: '2026-02-30' }), 'validation', { attempts: 0 });
  await sleep(50);
  assert.equal(sb.requests.length, 0);
});

// ==========================================================================================
// API errors

test('api: 400 with CertCentral errors → status and errors {code, message, base, detail?}; not retried', async () => {
  sb.enqueue({ type: 'status', status: 400, body: { errors: [
    { code: 'invalid_value:validity_years', message: 'Bad years.' },
    { code: 'not_found|product', message: 'No such product.' },
    { code: 'bad_request_format', message: 'Malformed.' },
  ] } });
  const err = await rejectsWith(client().orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'api', { attempts: 1, status: 400 });
  assert.deepEqual(err.errors, [
    { code: 'invalid_value:validity_years', message: 'Bad years.', base: 'invalid_value', detail: 'validity_years' },
    { code: 'not_found|product', message: 'No such product.', base: 'not_found', detail: 'product' },
    { code: 'bad_request_format', message: 'Malformed.', base: 'bad_request_format' },
  ]);
  assert.deepEqual(err.issues, []);
  assert.equal(sb.requests.length, 1);
});

test('api: 401 (wrong key, real sandbox check), 403, 404 are never retried, even with alternative_order_id', async () => {
  const wrong = 'WRONG-key-Zq81xPm0Lk';
  const e401 = await rejectsWith(client({ apiKey: wrong }).orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'api', { attempts: 1, status: 401 });
  assertNoLeak(e401, wrong);
  assert.deepEqual(e401.errors.map((e) => [e.code, e.base, e.detail]), [['access_denied|invalid_api_key', 'access_denied', 'invalid_api_key']]);
  for (const status of [400, 403, 404]) {
    sb.reset();
    sb.enqueue({ type: 'status', status }, { type: 'created' });
    const err = await rejectsWith(client().orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'api', { attempts: 1, status });
    assert.equal(err.errors.length, 1, String(status));
    await sleep(30);
    assert.equal(sb.requests.length, 1, `${status} is not retried`);
  }
});

test('api: an HTML 502 page → kind api, status 502, errors []', async () => {
  sb.enqueue({ type: 'html' });
  const err = await rejectsWith(client().orderCertificate(SSL, order('ssl_min'), TODAY), 'api', { attempts: 1, status: 502 });
  assert.deepEqual(err.errors, []);
  assert.ok(!err.message.includes('<'), 'no HTML in the message');
});

// ==========================================================================================
// Decode: a 2xx that is not the documented body

test('decode: not JSON, JSON of another shape, a JSON non-object, a body far too big', async () => {
  const c = client({ timeoutMs: 3000 });
  for (const b of [
    { type: 'not-json' },
    { type: 'wrong-json' },
    { type: 'wrong-json', body: { id: 'x1' } },
    { type: 'wrong-json', body: { id: 1, requests: {} } },
    { type: 'status', status: 200, body: 'null', contentType: 'application/json' },
    { type: 'status', status: 201 }, // empty body
  ]) {
    sb.reset();
    sb.enqueue(b);
    const plain = await rejectsWith(c.orderCertificate(SSL, order('ssl_min'), TODAY), 'decode', { attempts: 1 });
    assert.equal(sb.requests.length, 1, JSON.stringify(b));
    // A 2xx: the order may exist, and the error says so.
    assert.equal(plain.outcomeUnknown, true, JSON.stringify(b));
    assert.match(plain.message, /The order may have been created/, JSON.stringify(b));
    // With an alternative_order_id it is looked up, never sent again (here the sandbox's
    // answer created nothing, so none is found).
    sb.reset();
    sb.enqueue(b);
    const looked = await rejectsWith(c.orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'decode', { attempts: 1 });
    assert.equal(looked.outcomeUnknown, true);
    assert.deepEqual(sb.requests.map((r) => r.method), ['POST', 'GET', 'GET', 'GET'], JSON.stringify(b));
  }
  // A 201 far too big to read: the order was created. Without an alternative_order_id the
  // error says so; with one, the order is found by it, and nothing is sent again.
  sb.reset();
  sb.enqueue({ type: 'huge', bytes: 2 * 1024 * 1024 });
  const big = await rejectsWith(c.orderCertificate(SSL, order('ssl_min'), TODAY), 'decode', { attempts: 1 });
  assert.match(big.message, /HTTP 201 with a body over 1048576 bytes.*The order may have been created/);
  sb.reset();
  sb.enqueue({ type: 'huge', bytes: 2 * 1024 * 1024 });
  const found = await c.orderCertificate(SSL, order('ssl_min', ALT), TODAY);
  assert.equal(found.recovered, true);
  assert.equal(found.id, sb.orders.keys().next().value);
  assert.deepEqual(sb.requests.map((r) => r.method), ['POST', 'GET']);
});

// ==========================================================================================
// Network

// A port nothing listens on (closed again at once).
const closedPort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

test('network: a refused connection sent nothing: it is tried again (an order too), and the error says the request was not sent (outcomeUnknown false)', async () => {
  const port = await closedPort();
  const refused = await rejectsWith(client({ baseUrl: `http://127.0.0.1:${port}/services/v2` }).orderCertificate(SSL, order('ssl_min'), TODAY), 'network', { attempts: 3 });
  assert.equal(refused.outcomeUnknown, false);
  // The message keeps what Node's fetch said of why (and nothing of the key).
  assert.match(refused.message, new RegExp(`; here: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)\\. The request was not sent\\.$`), refused.message);
  assert.doesNotMatch(refused.message, /may have been created/);
  assert.ok(!refused.message.includes(KEY));
  const read = await rejectsWith(client({ baseUrl: `http://127.0.0.1:${port}/services/v2`, maxRetries: 0 }).getOrder(1000), 'network', { attempts: 1 });
  assert.equal(read.outcomeUnknown, false);
  // A server that comes up while the client waits to try again gets the order once.
  const spare = await closedPort();
  const starting = sleep(100).then(() => startSandbox({ port: spare, apiKey: KEY }));
  try {
    const placed = await client({ baseUrl: `http://127.0.0.1:${spare}/services/v2` }).orderCertificate(SSL, order('ssl_min'), TODAY);
    assert.equal(typeof placed.id, 'number');
    assert.equal((await starting).requests.filter((r) => r.method === 'POST').length, 1);
  } finally {
    await (await starting).close();
  }
});

test('network: a reset or a truncated body may have been applied: kind network, 1 attempt without alternative_order_id, outcomeUnknown true', async () => {
  await Promise.all(['reset', 'truncate'].map((type) => withSandbox(async (own) => {
    own.enqueue({ type }, { type: 'created' });
    const err = await rejectsWith(client({ baseUrl: own.baseUrl }).orderCertificate(SSL, order('ssl_min'), TODAY), 'network', { attempts: 1 });
    assert.equal(err.outcomeUnknown, true, type);
    assert.match(err.message, /^The request to CertCentral failed before an answer arrived/, type);
    await sleep(600); // longer than the first backoff
    assert.equal(own.requests.length, 1, `${type}: not retried`);
  })));
});

// A fetch whose failure quotes the key (a proxy's or a runtime's message): the reason is never
// cut (a cut could leave part of the key where redaction no longer finds it), so the key is
// blanked out wherever it stands; a reason too long to read is left out.
test('network: a reason that quotes the key loses the key wherever it stands; a very long one is left out', async () => {
  const real = globalThis.fetch;
  for (const before of [0, 195, 900, 2000]) {
    globalThis.fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error(`${'x'.repeat(before)}${KEY} rejected`) });
    };
    try {
      const err = await client().getOrder(1000).catch((e) => e);
      assert.equal(err.kind, 'network');
      if (before < 1000) assert.match(err.message, /; here: x*<redacted> rejected\)/, err.message);
      else assert.doesNotMatch(err.message, /; here:/, err.message);
      assert.ok(!err.message.includes(KEY.slice(0, 5)), `${before}: ${err.message}`);
    } finally {
      globalThis.fetch = real;
    }
  }
});

test('network: a refused connection with alternative_order_id: nothing was sent, so it is tried again, never looked up', async () => {
  const err = await rejectsWith(client({ baseUrl: `http://127.0.0.1:${await closedPort()}/services/v2`, maxRetries: 1 })
    .orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'network', { attempts: 2 });
  assert.equal(err.outcomeUnknown, false);
  assert.doesNotMatch(err.message, /Whether the order exists|may have been created/);
  assert.match(err.message, /The request was not sent\.$/);
});

test('network: an order answered 504, then CertCentral gone: the lookups are refused, and the error says the order may exist (not that it was not sent)', async () => {
  const { createServer: createHttpServer } = await import('node:http');
  const gone = createHttpServer((req, res) => {
    req.resume().on('end', () => {
      res.writeHead(504, { 'content-type': 'text/html', connection: 'close' }).end('<html>Gateway Timeout</html>', () => gone.close());
    });
  });
  await new Promise((resolve) => gone.listen(0, '127.0.0.1', resolve));
  const err = await rejectsWith(client({ baseUrl: `http://127.0.0.1:${gone.address().port}/services/v2`, maxRetries: 1 })
    .orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'api', { attempts: 1, status: 504 });
  assert.equal(err.outcomeUnknown, true);
  assert.match(err.message, /Whether the order exists is unknown: looking it up by its alternative_order_id failed too \(The request to CertCentral failed before an answer arrived \([^)]*ECONNREFUSED[^)]*\)\.\)\. Look it up before ordering again\./, err.message);
  assert.doesNotMatch(err.message, /not sent/, err.message);
});

// ==========================================================================================
// Retries

test('retry: 429 ×3 → rate_limited after 3 requests (default maxRetries 2)', async () => {
  sb.enqueue(...Array(5).fill({ type: 'status', status: 429, retryAfter: '0' }));
  const err = await rejectsWith(new CertCentralClient({ apiKey: KEY, baseUrl: sb.baseUrl, timeoutMs: 600 })
    .orderCertificate(SSL, order('ssl_min'), TODAY), 'rate_limited', { attempts: 3, status: 429 });
  assert.deepEqual(err.errors.map((e) => e.code), ['request_limit_exceeded']);
  await sleep(100);
  assert.equal(sb.requests.length, 3);
});

test('retry: 429 then success → resolves after 2 requests, same body both times', async () => {
  sb.enqueue({ type: 'status', status: 429, retryAfter: '0' }, { type: 'created', variant: 'auto' });
  const o = order('ssl_min');
  const res = await client().orderCertificate(SSL, o, TODAY);
  assert.deepEqual(res, { id: 1000, requests: [{ id: 5000, status: 'approved' }], certificate_id: 9000 });
  assert.equal(sb.requests.length, 2);
  for (const r of sb.requests) {
    assert.equal(r.body, JSON.stringify(o));
    assert.equal(r.headers['x-dc-devkey'], KEY);
  }
});

test('retry: onRetry is told each wait (attempt, delay, kind, status) before the next attempt; what it throws is ignored', async () => {
  sb.enqueue({ type: 'status', status: 429, retryAfter: '1' }, { type: 'status', status: 503, retryAfter: '0' });
  const told = [];
  const err = await rejectsWith(client().orderCertificate(SSL, order('ssl_min', ALT), {
    ...TODAY,
    onRetry: (r) => { told.push({ ...r, requestsSoFar: sb.requests.length }); throw new Error('a form bug'); },
  }), 'api', { attempts: 2, status: 503 });
  assert.match(err.message, /It was not sent again/);
  assert.equal(sb.orders.size, 0);
  // The 503 may have followed a request that went through: the order is looked up, now and at
  // the retries' times (maxRetries + 1 lookups, whatever came before), and not sent again;
  // onRetry hears only the order tried again.
  assert.deepEqual(sb.requests.map((r) => r.method), ['POST', 'POST', 'GET', 'GET', 'GET']);
  assert.deepEqual(told.map(({ attempt, kind, status, requestsSoFar }) => ({ attempt, kind, status, requestsSoFar })), [
    { attempt: 1, kind: 'rate_limited', status: 429, requestsSoFar: 1 },
  ]);
  assert.equal(told[0].delayMs, 1000);
  // Not a function: a TypeError, and nothing sent.
  await assert.rejects(client().orderCertificate(SSL, order('ssl_min'), { ...TODAY, onRetry: 'yes' }), (e) => e instanceof TypeError && /onRetry must be a function/.test(e.message));
  assert.equal(sb.requests.length, 5);
});

test('aborted: during the lookups after an unknown outcome → aborted, saying the order may exist; nothing more sent', async () => {
  sb.enqueue({ type: 'hang', match: 'POST /order/certificate' });
  const controller = new AbortController();
  const placing = client({ timeoutMs: 200 }).orderCertificate(SSL, order('ssl_min', ALT), { ...TODAY, signal: controller.signal });
  while (sb.count('GET', '/order/alternate/') < 1) await sleep(5);
  controller.abort();
  const err = await rejectsWith(placing, 'aborted', { attempts: 1 });
  assert.match(err.message, /The order may have been created: look it up by its alternative_order_id/);
  await sleep(1200); // past the lookups' backoffs
  assert.equal(sb.count('GET', '/order/alternate/'), 1);
  assert.equal(sb.count('POST', '/order/certificate'), 1);
});

test('retry: an async onRetry that rejects is ignored as a throw is (no unhandled rejection ends the process)', async () => {
  const unhandled = [];
  const onUnhandled = (e) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    sb.enqueue({ type: 'status', status: 429, retryAfter: '0' }, { type: 'created' });
    let calls = 0;
    const res = await client().orderCertificate(SSL, order('ssl_min'), {
      ...TODAY,
      onRetry: async () => { calls += 1; throw new Error('an async form bug'); },
    });
    assert.equal(res.id, 1000);
    assert.equal(calls, 1);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('retry: Retry-After "1" is honoured (≥ ~1 s between the requests)', async () => {
  sb.enqueue({ type: 'status', status: 429, retryAfter: '1' }, { type: 'created' });
  await client().orderCertificate(SSL, order('ssl_min'), TODAY);
  assert.equal(sb.requests.length, 2);
  const [gap] = gaps();
  assert.ok(gap >= 980 && gap < 1000 + SLACK, `waited ${gap} ms`);
});

test('retry: Retry-After as an HTTP date is honoured', async () => {
  const at = Math.ceil((Date.now() + 1100) / 1000) * 1000; // a whole second, 1.1–2.1 s ahead (beyond any backoff)
  sb.enqueue({ type: 'status', status: 429, retryAfter: new Date(at).toUTCString() }, { type: 'created' });
  await client().orderCertificate(SSL, order('ssl_min'), TODAY);
  assert.equal(sb.requests.length, 2);
  const second = sb.requests[1].at;
  assert.ok(second >= at - 50, `retried ${at - second} ms before the date`);
  assert.ok(second < at + 600, `retried ${second - at} ms after the date`);
});

test('retry: a Retry-After of up to 60 s is waited out; a longer one ends the call and says how long it asked (seconds and HTTP date)', async () => {
  // Watch the waits the client asks setTimeout for; shorten the long ones so the test is quick.
  const orig = globalThis.setTimeout;
  const long = [];
  globalThis.setTimeout = function (fn, ms, ...rest) {
    if (ms >= 30_000) { long.push(ms); ms = 10; }
    return orig.call(this, fn, ms, ...rest);
  };
  try {
    sb.enqueue({ type: 'status', status: 429, retryAfter: '60' }, { type: 'created' });
    await client().orderCertificate(SSL, order('ssl_min'), TODAY);
    assert.equal(sb.requests.length, 2);
    assert.deepEqual(long, [60_000]);
    // Retrying sooner than asked would be refused, and counted, again.
    sb.reset();
    sb.enqueue({ type: 'status', status: 429, retryAfter: '3600' }, { type: 'created' });
    const secs = await rejectsWith(client().orderCertificate(SSL, order('ssl_min'), TODAY), 'rate_limited', { attempts: 1, status: 429 });
    assert.match(secs.message, /CertCentral asked to wait 3600 s before trying again/);
    sb.reset();
    sb.enqueue({ type: 'status', status: 429, retryAfter: new Date(Date.now() + 3_600_000).toUTCString() }, { type: 'created' });
    const date = await rejectsWith(client().getOrder(1), 'rate_limited', { attempts: 1, status: 429 });
    assert.match(date.message, /CertCentral asked to wait 3\d{3} s before trying again/);
    assert.equal(sb.requests.length, 1);
  } finally {
    globalThis.setTimeout = orig;
  }
  assert.deepEqual(long, [60_000]);
});

test('retry: a 503 without Retry-After: exponential backoff with jitter (250–500 ms, then 500–1000 ms)', async () => {
  const random = Math.random;
  try {
    for (const [r, lo1, lo2] of [[0, 250, 500], [0.9999, 499, 999]]) {
      sb.reset();
      Math.random = () => r;
      sb.enqueue({ type: 'status', status: 503 }, { type: 'status', status: 503 });
      assert.deepEqual(await client().findOrdersByAlternativeId('nothing-yet'), []);
      assert.equal(sb.requests.length, 3);
      const [g1, g2] = gaps();
      assert.ok(g1 >= lo1 && g1 < lo1 + 200, `random ${r}: first wait ${g1} ms`);
      assert.ok(g2 >= lo2 && g2 < lo2 + 200, `random ${r}: second wait ${g2} ms`);
    }
  } finally {
    Math.random = random;
  }
});

// CertCentral's own 429 names no wait: it refuses every request until its window rolls on
// (lifecycle.md §0). Another process on the same key filled the window: the backoff's retries
// after 0.5 and 1.5 s were refused too, and the call failed while the window freed after 5 s.
test('retry: a 429 without Retry-After (another process filled the rate window) is waited out for the 5 s window, then success', async () => {
  const own = await startSandbox({ port: 0, apiKey: KEY, rateLimit: true });
  try {
    const other = new CertCentralClient({ apiKey: KEY, baseUrl: own.baseUrl, rateLimits: false });
    await Promise.all(Array.from({ length: 100 }, (_, i) => other.findOrdersByAlternativeId(`other-${i}`)));
    const told = [];
    const start = Date.now();
    const placed = await new CertCentralClient({ apiKey: KEY, baseUrl: own.baseUrl })
      .orderCertificate(SSL, order('ssl_min'), { ...TODAY, onRetry: (r) => told.push(r) }).catch((e) => e);
    assert.equal(typeof placed.id, 'number', String(placed));
    assert.equal(own.rateLimited, 1, 'one request refused, the retry let through');
    assert.deepEqual(told.map((r) => [r.kind, r.status, r.delayMs]), [['rate_limited', 429, 5000]]);
    assert.ok(Date.now() - start >= 5000);
  } finally {
    await own.close();
  }
});

test('retry: a 503 is an unknown outcome for an order (a gateway may answer it after the order went through): never sent again; with alternative_order_id looked up', async () => {
  // A 503 after the order was created: without an alternative_order_id, one POST and an error
  // that says the order may exist.
  sb.enqueue({ type: 'status', status: 503, retryAfter: '0', commit: true, match: 'POST /order/certificate' });
  const err = await rejectsWith(client().orderCertificate(SSL, order('ssl_min'), TODAY), 'api', { attempts: 1, status: 503 });
  assert.match(err.message, /The order may have been created: look for it in CertCentral before ordering again/);
  assert.equal(sb.requests.length, 1);
  assert.equal(sb.orders.size, 1);
  // With one, the order it created is found: still one order.
  sb.reset();
  sb.enqueue({ type: 'status', status: 503, retryAfter: '0', commit: true, match: 'POST /order/certificate' });
  const found = await client().orderCertificate(SSL, order('ssl_min', ALT), TODAY);
  assert.equal(found.recovered, true);
  assert.deepEqual(sb.requests.map((r) => r.method), ['POST', 'GET']);
  assert.equal(sb.orders.size, 1);
  // A 503 that created nothing: looked up at the retries' times, not found, not sent again.
  sb.reset();
  sb.enqueue({ type: 'status', status: 503, retryAfter: '0' });
  const unsure = await rejectsWith(client().orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'api', { attempts: 1, status: 503 });
  assert.match(unsure.message, /\. It was not sent again, and its alternative_order_id found no order: CertCentral may still create it/);
  assert.equal(sb.orders.size, 0);
  assert.deepEqual(sb.requests.map((r) => r.method), ['POST', 'GET', 'GET', 'GET']);
  // Reads are retried: 503 ×3 → api 503 after 3 requests.
  sb.reset();
  sb.enqueue(...Array(4).fill({ type: 'status', status: 503, retryAfter: '0' }));
  const read = await rejectsWith(client().findOrdersByAlternativeId('x'), 'api', { attempts: 3, status: 503 });
  assert.deepEqual(read.errors.map((e) => e.code), ['service_unavailable']);
  assert.equal(sb.requests.length, 3);
});

test('retry: 500, 502 (HTML), timeout and reset are NOT retried without alternative_order_id', async () => {
  const cases = [
    [{ type: 'status', status: 500 }, 'api'],
    [{ type: 'html', status: 502 }, 'api'],
    [{ type: 'hang' }, 'timeout'],
    [{ type: 'reset' }, 'network'],
  ];
  await Promise.all(cases.map(([b, kind]) => withSandbox(async (own) => {
    own.enqueue(b, { type: 'created' }, { type: 'created' });
    await rejectsWith(client({ baseUrl: own.baseUrl, timeoutMs: 400 }).orderCertificate(SSL, order('ssl_min'), TODAY), kind, { attempts: 1 });
    await sleep(600); // past the first backoff
    assert.equal(own.requests.length, 1, `${b.type} ${b.status ?? ''}: 1 request`);
  })));
});


test('retry: 500, 502 (HTML), timeout, reset and a truncated body with alternative_order_id: looked up, never sent again', async () => {
  const cases = [[{ type: 'status', status: 500 }, 'api'], [{ type: 'html', status: 502 }, 'api'], [{ type: 'hang' }, 'timeout'], [{ type: 'reset' }, 'network'], [{ type: 'truncate' }]];
  await Promise.all(cases.map(([b, kind]) => withSandbox(async (own) => {
    own.enqueue({ ...b, match: 'POST /order/certificate' }, { type: 'created', match: 'POST /order/certificate' });
    const o = order('ssl_min', ALT);
    const what = `${b.type} ${b.status ?? ''}`;
    // A truncated 201 means CertCentral created it: found by its alternative id at once.
    if (b.type === 'truncate') {
      const res = await client({ baseUrl: own.baseUrl, timeoutMs: 400 }).orderCertificate(SSL, o, TODAY);
      assert.equal(res.recovered, true, what);
      assert.deepEqual(own.requests.map((r) => r.method), ['POST', 'GET'], what);
      return;
    }
    // Otherwise it may have been created, or may be yet (CertCentral at work after the answer
    // was given up on): looked up now and at each retry's time, and the error says so.
    const err = await rejectsWith(client({ baseUrl: own.baseUrl, timeoutMs: 400 }).orderCertificate(SSL, o, TODAY), kind, { attempts: 1 });
    assert.match(err.message, /\. It was not sent again, and its alternative_order_id found no order: CertCentral may still create it\. Look it up \(findOrdersByAlternativeId\) before ordering again\.$/, what);
    assert.deepEqual(own.requests.map((r) => r.method), ['POST', 'GET', 'GET', 'GET'], what);
    for (const r of own.requests.slice(1)) assert.equal(r.path, `/services/v2/order/alternate/${ALT.alternative_order_id}`, what);
    assert.equal(own.orders.size, 0, what);
  })));
});

test('retry: the lookups of an unknown outcome take the retries\' times and count (maxRetries 2: three lookups after the backoffs; 0: one)', async () => {
  await Promise.all([
    withSandbox(async (own) => {
      own.enqueue({ type: 'hang', match: 'POST /order/certificate' });
      const t0 = Date.now();
      await rejectsWith(client({ baseUrl: own.baseUrl, timeoutMs: 300 }).orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'timeout', { attempts: 1 });
      const elapsed = Date.now() - t0;
      assert.equal(own.count('POST', '/order/certificate'), 1);
      assert.equal(own.count('GET', '/order/alternate/'), 3);
      // The attempt's 300 ms plus the backoffs (250–500 + 500–1000 ms).
      assert.ok(elapsed >= 300 + 750 - 50 && elapsed < 300 + 1500 + SLACK, `took ${elapsed} ms`);
    }),
    withSandbox(async (own) => {
      own.enqueue({ type: 'status', status: 500, match: 'POST /order/certificate' });
      await rejectsWith(client({ baseUrl: own.baseUrl, maxRetries: 0 }).orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'api', { attempts: 1, status: 500 });
      await sleep(100);
      assert.deepEqual(own.requests.map((r) => r.method), ['POST', 'GET']);
    }),
  ]);
});

test('retry: maxRetries bounds the requests (0 → 1, 1 → 2)', async () => {
  const ra0 = { type: 'status', status: 429, retryAfter: '0' };
  sb.enqueue(ra0, ra0, ra0);
  await rejectsWith(client({ maxRetries: 0 }).orderCertificate(SSL, order('ssl_min'), TODAY), 'rate_limited', { attempts: 1, status: 429 });
  assert.equal(sb.requests.length, 1);
  sb.reset();
  sb.enqueue({ type: 'status', status: 503, retryAfter: '0', match: 'POST /order/certificate' }, { type: 'created', match: 'POST /order/certificate' });
  await rejectsWith(client({ maxRetries: 0 }).orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'api', { attempts: 1, status: 503 });
  assert.equal(sb.count('POST', '/order/certificate'), 1);
  sb.reset();
  sb.enqueue({ type: 'status', status: 500, match: 'POST /order/certificate' }, { type: 'created', match: 'POST /order/certificate' });
  await rejectsWith(client({ maxRetries: 0 }).orderCertificate(SSL, order('ssl_min', ALT), TODAY), 'api', { attempts: 1, status: 500 });
  assert.equal(sb.count('POST', '/order/certificate'), 1);
  sb.reset();
  sb.enqueue(ra0, ra0, ra0);
  await rejectsWith(client({ maxRetries: 1 }).orderCertificate(SSL, order('ssl_min'), TODAY), 'rate_limited', { attempts: 2, status: 429 });
  await sleep(50);
  assert.equal(sb.requests.length, 2);
});

// ==========================================================================================
// Timeouts: per attempt, nothing hangs past them

test('timeout: a server that never answers → timeout within timeoutMs', async () => {
  sb.enqueue({ type: 'hang' });
  const t0 = Date.now();
  await rejectsWith(client({ timeoutMs: 400 }).orderCertificate(SSL, order('ssl_min'), TODAY), 'timeout', { attempts: 1 });
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 390 && elapsed < 400 + SLACK, `took ${elapsed} ms`);
});

test('timeout: a body that drips slowly times out too (the body is read under the same timer)', async () => {
  sb.enqueue({ type: 'drip', intervalMs: 60 });
  const t0 = Date.now();
  await rejectsWith(client({ timeoutMs: 500 }).orderCertificate(SSL, order('ssl_min'), TODAY), 'timeout', { attempts: 1 });
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 490 && elapsed < 500 + SLACK, `took ${elapsed} ms`);
  // A quick drip is fine.
  sb.reset();
  sb.enqueue({ type: 'drip', intervalMs: 1, variant: 'auto' });
  assert.equal((await client({ timeoutMs: 800 }).orderCertificate(SSL, order('ssl_min'), TODAY)).certificate_id, 9000);
});

test('timeout: a slow answer (delay) times out', async () => {
  sb.enqueue({ type: 'delay', ms: 2000, then: { type: 'created' } });
  const t0 = Date.now();
  await rejectsWith(client({ timeoutMs: 300 }).orderCertificate(SSL, order('ssl_min'), TODAY), 'timeout', { attempts: 1 });
  assert.ok(Date.now() - t0 < 300 + SLACK);
});

test('timeout: timeoutMs is per attempt, not for the whole call', async () => {
  sb.enqueue(
    { type: 'delay', ms: 450, then: { type: 'status', status: 429, retryAfter: '0' } },
    { type: 'delay', ms: 450, then: { type: 'created' } },
  );
  const t0 = Date.now();
  const res = await client({ timeoutMs: 700 }).orderCertificate(SSL, order('ssl_min'), TODAY);
  assert.equal(res.id, 1000);
  assert.ok(Date.now() - t0 > 700, 'the call as a whole took longer than timeoutMs');
  assert.equal(sb.requests.length, 2);
});

// ==========================================================================================
// Aborts

test('aborted: a signal aborted before the call (with and without a reason) → 0 requests', async () => {
  const c = client();
  for (const signal of [AbortSignal.abort(), AbortSignal.abort('custom reason'), AbortSignal.abort(new Error('custom error'))]) {
    await rejectsWith(c.orderCertificate(SSL, order('ssl_min'), { ...TODAY, signal }), 'aborted', { attempts: 0 });
  }
  await sleep(50);
  assert.equal(sb.requests.length, 0);
});

test('aborted: during the request (with a custom reason), during a dripping body, by AbortSignal.timeout', async () => {
  for (const [behavior, reason] of [[{ type: 'hang' }, undefined], [{ type: 'hang' }, 'user cancelled'], [{ type: 'drip', intervalMs: 100 }, { why: 'object reason' }]]) {
    sb.reset();
    sb.enqueue(behavior);
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => (reason === undefined ? ac.abort() : ac.abort(reason)), 150);
    const err = await rejectsWith(client({ timeoutMs: 3000 }).orderCertificate(SSL, order('ssl_min'), { ...TODAY, signal: ac.signal }), 'aborted', { attempts: 1 });
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 140 && elapsed < 150 + SLACK, `${behavior.type}: aborted after ${elapsed} ms`);
    assert.notEqual(err, reason);
  }
  sb.reset();
  sb.enqueue({ type: 'hang' });
  await rejectsWith(client({ timeoutMs: 3000 }).orderCertificate(SSL, order('ssl_min'), { ...TODAY, signal: AbortSignal.timeout(150) }), 'aborted', { attempts: 1 });
});

test('aborted: during the wait before a retry → aborted at once, no further request', async () => {
  sb.enqueue({ type: 'status', status: 429, retryAfter: '30' }, { type: 'created' });
  const ac = new AbortController();
  const t0 = Date.now();
  setTimeout(() => ac.abort('stop'), 200);
  await rejectsWith(client().orderCertificate(SSL, order('ssl_min'), { ...TODAY, signal: ac.signal }), 'aborted', { attempts: 1 });
  assert.ok(Date.now() - t0 < 200 + SLACK);
  await sleep(100);
  assert.equal(sb.requests.length, 1);
});

test('aborted: never retried, even with alternative_order_id', async () => {
  sb.enqueue({ type: 'hang' }, { type: 'created' });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  await rejectsWith(client({ timeoutMs: 2000 }).orderCertificate(SSL, order('ssl_min', ALT), { ...TODAY, signal: ac.signal }), 'aborted', { attempts: 1 });
  await sleep(700);
  assert.equal(sb.requests.length, 1);
});

// ==========================================================================================
// Constructor options and the exported error class

test('constructor: invalid options throw a TypeError that never contains the key', () => {
  const cases = [
    [{ apiKey: 5 }, '5'],
    [{ apiKey: 987654321 }, '987654321'],
    [{ apiKey: KEY, timeoutMs: -1 }, KEY],
    [{ apiKey: KEY, maxRetries: 1.5 }, KEY],
    [{ apiKey: KEY, headers: { a: 1 } }, KEY],
    [{ apiKey: KEY, headers: { Authorization: 'Bearer hdr-SECRET-9x7', a: 1 } }, 'hdr-SECRET-9x7'],
    [{ apiKey: KEY, headers: null }, KEY],
    [{ apiKey: KEY, timeoutMs: Number.NaN }, KEY],
    [{ apiKey: KEY, maxRetries: -1 }, KEY],
    ['x', 'x"'],
    // A base URL every request would fail on (after its retries, as a network error).
    [{ apiKey: KEY, baseUrl: 'not a url' }, KEY],
    [{ apiKey: KEY, baseUrl: 'ftp://files.example.com/v2' }, KEY],
    [{ apiKey: KEY, baseUrl: 'https://' }, KEY],
    [{ apiKey: KEY, baseUrl: '//cdn.example.com/api' }, KEY],
    [{ apiKey: KEY, baseUrl: ' ' }, KEY],
    [{ apiKey: KEY, baseUrl: '/\\evil.example.com/api' }, KEY],
    [{ apiKey: KEY, baseUrl: 'https://?x' }, KEY],
    [{ apiKey: KEY, baseUrl: 'https://:443' }, KEY],
    // The key in clear over the network (a proxy that adds it may be plain http: no key, no refusal).
    [{ apiKey: KEY, baseUrl: 'http://certcentral.example.com/services/v2' }, KEY],
    [{ apiKey: KEY, baseUrl: 'HTTP://127.example.com:8080/v2' }, KEY],
    [{ apiKey: KEY, baseUrl: 'http://localhost.example.com/v2' }, KEY],
    [{ apiKey: KEY, baseUrl: 'http://10.0.0.5:8080' }, KEY],
  ];
  for (const [options, secret] of cases) {
    let err;
    assert.throws(() => new CertCentralClient(options), (e) => { err = e; return true; }, inspect(options));
    assert.ok(err instanceof TypeError, `${inspect(options)}: ${err}`);
    const text = `${err.message}\n${err.stack}\n${String(err)}`;
    assert.ok(!text.includes(KEY) && !text.includes(KEY_PART), `${inspect(options)}: the key is in the message`);
    if (secret !== KEY && secret !== 'x"') assert.ok(!err.message.includes(secret), `${inspect(options)}: the value is in the message`);
  }
  // Valid ones construct.
  new CertCentralClient();
  new CertCentralClient({});
  new CertCentralClient({ apiKey: KEY, baseUrl: 'https://www.digicert.com/services/v2', headers: { a: 'b' }, timeoutMs: 1, maxRetries: 0 });
  new CertCentralClient({ baseUrl: '/api/certcentral' });
  new CertCentralClient({ baseUrl: ' HTTP://127.0.0.1:8080/services/v2/ ' });
  for (const baseUrl of ['http://localhost:8080/v2', 'http://LOCALHOST/v2', 'http://127.0.0.1/v2', 'http://[::1]:9/v2', 'https://certcentral.example.com/v2', '/api/certcentral']) {
    new CertCentralClient({ apiKey: KEY, baseUrl });
  }
  new CertCentralClient({ baseUrl: 'http://proxy.internal.example/certcentral' });
  assert.throws(() => new CertCentralClient({ apiKey: KEY, baseUrl: 'http://certcentral.example.com/v2' }), /plain http to another machine/);
});

test('constructor: an option of another name is a TypeError that names it and lists the options, never its value', () => {
  const cases = [
    [{ apikey: KEY }, 'options.apikey'],
    [{ api_key: KEY }, 'options.api_key'],
    [{ apiKey: KEY, timeout: 5000 }, 'options.timeout'],
    [{ apiKey: KEY, baseURL: 'https://www.digicert.com/services/v2' }, 'options.baseURL'],
    [{ apiKey: KEY, fetch: globalThis.fetch }, 'options.fetch'],
  ];
  for (const [options, named] of cases) {
    let err;
    assert.throws(() => new CertCentralClient(options), (e) => { err = e; return true; }, inspect(Object.keys(options)));
    assert.ok(err instanceof TypeError, String(err));
    assert.ok(err.message.startsWith(`${named} is not an option of CertCentralClient`), err.message);
    assert.ok(!err.message.includes(KEY) && !err.message.includes(KEY_PART), err.message);
    assert.ok(err.message.includes('{ apiKey, baseUrl, headers, timeoutMs, maxRetries, rateLimits }'), err.message);
  }
  // Every documented option, each given, constructs (an undefined one too: `apiKey: process.env.X`).
  new CertCentralClient({ apiKey: undefined, baseUrl: undefined, headers: {}, timeoutMs: 1000, maxRetries: 1, rateLimits: [] });
  // Inherited properties are not options given: a class instance's own keys are what is read.
  new CertCentralClient(Object.create({ stray: 1 }, { apiKey: { value: KEY, enumerable: true } }));
});

test('a signal that only looks like one rejects with a TypeError; a Proxy of one whose traps throw settles each call; the client goes on', async () => {
  const c = client();
  const calls = [
    ['orderCertificate', (signal) => c.orderCertificate(SSL, order('ssl_min', ALT), { ...TODAY, signal })],
    ['getOrder', (signal) => c.getOrder(1000, { signal })],
    ['findOrdersByAlternativeId', (signal) => c.findOrdersByAlternativeId('x', { signal })],
    ['statusChanges', (signal) => c.statusChanges({ minutes: 1, signal })],
    ['waitForIssuance', (signal) => c.waitForIssuance(1000, { signal, timeoutMs: 50 })],
    ['downloadCertificate', (signal) => c.downloadCertificate({ orderId: 1000 }, { format: 'pem_all', signal })],
    ['cancelOrder', (signal) => c.cancelOrder(1000, { signal })],
    ['checkDcv', (signal) => c.checkDcv(1000, { signal })],
  ];
  // Made from its prototype: it passes instanceof, and its getter would throw inside the call.
  const fake = Object.create(AbortSignal.prototype);
  for (const [name, call] of calls) {
    let answer;
    assert.doesNotThrow(() => { answer = call(fake); }, `${name}: a promise, never a synchronous throw`);
    await assert.rejects(answer, (e) => e instanceof TypeError && /signal must be an AbortSignal/.test(e.message), name);
  }
  assert.equal(sb.requests.length, 0, 'nothing sent');
  // A Proxy of a real signal whose traps throw for every named property (Node's own checks read
  // symbols, so it passes as a signal there): each call settles, as a result or a typed error.
  const trapped = new Proxy(new AbortController().signal, { get(t, k) { if (typeof k === 'string') throw new Error('trap'); return Reflect.get(t, k); } });
  for (const [name, call] of calls) {
    let answer;
    assert.doesNotThrow(() => { answer = call(trapped); }, `${name}: a promise, never a synchronous throw`);
    await answer.then(() => {}, (e) => assert.ok(e instanceof TypeError || e instanceof CertCentralError, `${name}: ${inspect(e)}`));
  }
  // The client is whole: a real signal works, and free() frees it.
  sb.reset();
  assert.equal((await c.orderCertificate(SSL, order('ssl_min'), { ...TODAY, signal: new AbortController().signal })).id, [...sb.orders.keys()].at(-1));
  c.free();
});

test('constructor: rateLimits whose reading throws (an iterator, a Proxy) is the TypeError that names it', () => {
  const iterating = [{ requests: 1, windowMs: 1000 }];
  iterating[Symbol.iterator] = () => { throw new Error('user iterator'); };
  const trapped = new Proxy([{ requests: 1, windowMs: 1000 }], { get(t, k) { if (k === '0') throw new Error('trap'); return Reflect.get(t, k); } });
  const huge = [];
  huge.length = 2 ** 32 - 1;
  for (const rateLimits of [trapped, huge]) {
    assert.throws(() => new CertCentralClient({ rateLimits }), (e) => e instanceof TypeError && /options\.rateLimits must be/.test(e.message), inspect(rateLimits, { depth: 0 }));
  }
  // Read as data: an iterator of its own is not run.
  new CertCentralClient({ rateLimits: iterating }).free();
});

test('free(): a second free() does nothing, and every method of a freed client rejects with a TypeError that says so', async () => {
  const c = new CertCentralClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9/services/v2' });
  c.free();
  c.free();
  const calls = [
    () => c.orderCertificate(SSL, order('ssl_min'), TODAY), () => c.getOrder(1000), () => c.findOrdersByAlternativeId('x'),
    () => c.statusChanges({ minutes: 5 }), () => c.waitForIssuance(1000), () => c.downloadCertificate({ orderId: 1000 }),
    () => c.cancelOrder(1000), () => c.revokeCertificate(1000), () => c.reissueOrder(1000, { certificate: {} }), () => c.checkDcv(1000),
  ];
  for (const call of calls) {
    const p = call();
    assert.ok(p instanceof Promise, String(call));
    await assert.rejects(p, (e) => e instanceof TypeError && /was freed/.test(e.message) && !e.message.includes(KEY), String(call));
  }
});

test('a method called without its client (detached, or on another object) rejects with a TypeError that says how to call it', async () => {
  // `orders.map(client.getOrder)` threw "Cannot read properties of undefined" synchronously, and
  // a call on another object threw wasm-bindgen's "null pointer passed to rust".
  const c = new CertCentralClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9/services/v2' });
  const early = { ...c }; // made before free(): its pointer is then the freed client's
  try {
    const names = ['orderCertificate', 'getOrder', 'findOrdersByAlternativeId', 'statusChanges', 'waitForIssuance',
      'downloadCertificate', 'cancelOrder', 'revokeCertificate', 'reissueOrder', 'checkDcv'];
    for (const name of names) {
      // A copy carries the client's pointer: after free() it pointed at freed memory ("memory
      // access out of bounds", an uncaught error that ended the process).
      for (const self of [undefined, {}, { __wbg_ptr: 0 }, Object.create(CertCentralClient.prototype), { ...c }]) {
        let p;
        assert.doesNotThrow(() => { p = c[name].call(self, 1000); }, name);
        assert.ok(p instanceof Promise, name);
        await assert.rejects(p, (e) => e instanceof TypeError && /client\.method\(/.test(e.message), `${name} on ${inspect(self)}`);
      }
    }
  } finally {
    c.free();
  }
  await assert.rejects(CertCentralClient.prototype.getOrder.call(early, 1000), (e) => e instanceof TypeError && /client\.method\(/.test(e.message));
});

test('constructor: headers that are not an object of strings (an array) throw a TypeError', () => {
  assert.throws(() => new CertCentralClient({ apiKey: KEY, headers: ['X-A: b'] }), TypeError);
});

test('CertCentralError is the same class for import and require', () => {
  assert.equal(requireFromApp('certcentral-orders').CertCentralError, CertCentralError);
  assert.equal(typeof CertCentralError, 'function');
  assert.ok(CertCentralError.prototype instanceof Error);
});

// ==========================================================================================
// The key never leaks

test('key leak: a server that echoes the key in its error body does not get it into the error', async () => {
  sb.enqueue({ type: 'status', status: 401, body: { errors: [{ code: 'access_denied|invalid_api_key', message: `Invalid API key ${KEY}` }] } });
  await rejectsWith(client().orderCertificate(SSL, order('ssl_min'), TODAY), 'api', { attempts: 1, status: 401 });
});

test('key leak: a separate process that logs every error kind prints no key', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  sb.enqueue(
    { type: 'status', status: 400 }, // api
    { type: 'status', status: 429 }, // rate_limited (maxRetries 0)
    { type: 'reset' }, // network
    { type: 'hang' }, // timeout
    { type: 'hang' }, // aborted during
    { type: 'not-json' }, // decode
  );
  const script = `
    import { CertCentralClient } from 'certcentral-orders';
    const { CC_KEY: apiKey, CC_URL: baseUrl, CC_ORDER } = process.env;
    const order = JSON.parse(CC_ORDER), today = '2026-11-22', p = 'ssl_securesite';
    const c = new CertCentralClient({ apiKey, baseUrl, timeoutMs: 300, maxRetries: 0 });
    const kinds = [];
    const attempt = async (f) => {
      try { await f(); kinds.push('resolved'); }
      catch (e) { kinds.push(e.kind ?? e.name); console.error(e); console.log(String(e), JSON.stringify(e), e.stack); }
    };
    await attempt(() => c.orderCertificate(p, { ...order, validity_years: 9 }, { today }));
    await attempt(() => c.orderCertificate(p, order, { today }));
    await attempt(() => c.orderCertificate(p, order, { today }));
    await attempt(() => c.orderCertificate(p, order, { today }));
    await attempt(() => c.orderCertificate(p, order, { today }));
    await attempt(() => c.orderCertificate(p, order, { today, signal: AbortSignal.abort('before') }));
    await attempt(() => { const ac = new AbortController(); setTimeout(() => ac.abort(), 50); return c.orderCertificate(p, order, { today, signal: ac.signal }); });
    await attempt(() => c.orderCertificate(p, order, { today }));
    await attempt(() => new CertCentralClient({ apiKey, timeoutMs: -1 }));
    console.log('KINDS=' + JSON.stringify(kinds));
  `;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: app,
    env: { ...process.env, CC_KEY: KEY, CC_URL: sb.baseUrl, CC_ORDER: JSON.stringify(order('ssl_min')) },
  });
  const kinds = JSON.parse(stdout.match(/KINDS=(.*)/)[1]);
  assert.deepEqual(kinds, ['validation', 'api', 'rate_limited', 'network', 'timeout', 'aborted', 'aborted', 'decode', 'TypeError']);
  assert.ok(!stdout.includes(KEY) && !stdout.includes(KEY_PART), 'the key is on stdout');
  assert.ok(!stderr.includes(KEY) && !stderr.includes(KEY_PART), 'the key is on stderr');
  assert.equal(sb.requests.length, 6);
  assert.ok(sb.requests.every((r) => r.headers['x-dc-devkey'] === KEY), 'the key was sent, only as the header');
});

// Last: nothing printed by the package while this file ran contained the key.
test('key leak: no console output in this process contained the key', () => {
  const all = consoleText.join('\n');
  assert.ok(!all.includes(KEY) && !all.includes(KEY_PART));
});
