// Tests of the CertCentral sandbox itself. Run: node --test tests/sandbox/
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { startSandbox, PRODUCTS, validateBehavior, crc32js, crc32, DOWNLOAD_FORMATS } from './sandbox.mjs';

const SANDBOX_FILE = fileURLToPath(new URL('./sandbox.mjs', import.meta.url));
const EXPOSED = 'Retry-After, Content-Type, Content-Disposition';

const ORDER = {
  certificate: { common_name: 'example.com', csr: '<csr>', signature_hash: 'sha256' },
  organization: { id: 123456 },
  validity_years: 1,
};

/** POST with node:http (no keep-alive), collecting status, headers, body chunks. */
function rawPost(url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        chunks,
        text: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('aborted'), { partial: Buffer.concat(chunks).toString('utf8') })));
    });
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
}

function post(sb, product, body = ORDER, headers = {}) {
  return fetch(`${sb.baseUrl}/order/certificate/${product}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function until(cond, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('sandbox (no api key)', () => {
  let sb;
  before(async () => { sb = await startSandbox({ port: 0 }); });
  after(() => sb.close());
  beforeEach(() => sb.reset());

  test('urls', () => {
    assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sb.baseUrl, `${sb.url}/services/v2`);
  });

  test('default: 201 one-step for every product, ids from 1000, CORS headers', async () => {
    for (const [i, product] of PRODUCTS.entries()) {
      const res = await post(sb, product);
      assert.equal(res.status, 201, product);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('access-control-expose-headers'), EXPOSED);
      const body = await res.json();
      assert.equal(body.id, 1000 + i);
      assert.equal(body.requests.length, 1);
      assert.equal(body.requests[0].status, 'pending');
      assert.equal(typeof body.requests[0].id, 'number');
      assert.equal(body.organization, undefined);
    }
    assert.equal(sb.requests.length, PRODUCTS.length);
  });

  test('new organization gets organization.id', async () => {
    const res = await post(sb, 'ssl_securesite', { ...ORDER, organization: { name: 'Acme' } });
    assert.equal(res.status, 201);
    const body = await res.json();
    assert.equal(typeof body.organization.id, 'number');
  });

  test('request recording', async () => {
    const text = JSON.stringify(ORDER);
    await (await post(sb, 'code_signing', text, { 'X-DC-DEVKEY': 'abc' })).text();
    assert.equal(sb.requests.length, 1);
    const r = sb.requests[0];
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/services/v2/order/certificate/code_signing');
    assert.equal(r.product, 'code_signing');
    assert.equal(r.headers['x-dc-devkey'], 'abc');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.body, text);
    assert.deepEqual(r.json, ORDER);
    assert.ok(Math.abs(Date.now() - r.at) < 5000);

    await (await post(sb, 'code_signing', 'not json{')).text();
    assert.equal(sb.requests[1].json, undefined);
    assert.equal(sb.requests[1].body, 'not json{');

    // over HTTP too
    const viaHttp = await (await fetch(`${sb.url}/__sandbox/requests`)).json();
    assert.equal(viaHttp.length, 2);
    assert.equal(viaHttp[0].product, 'code_signing');
  });

  test('404 unknown product', async () => {
    const res = await post(sb, 'ssl_securesite_flex');
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const body = await res.json();
    assert.equal(body.errors[0].code, 'not_found|product');
    assert.equal(typeof body.errors[0].message, 'string');
  });

  test('400 wrong content type / not JSON / not an object', async () => {
    let res = await post(sb, 'ssl_securesite', ORDER, { 'content-type': 'text/plain' });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).errors[0].code, 'bad_request_format');

    res = await post(sb, 'ssl_securesite', ORDER, { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(res.status, 201);
    await res.text();

    for (const bad of ['{"certificate":', '[1,2]', 'null', '']) {
      res = await post(sb, 'ssl_securesite', bad);
      assert.equal(res.status, 400, bad);
      assert.equal((await res.json()).errors[0].code, 'bad_request_format');
    }
  });

  test('400 field checks with several invalid_value entries', async () => {
    let res = await post(sb, 'ssl_securesite', { validity_years: 4 });
    assert.equal(res.status, 400);
    let codes = (await res.json()).errors.map((e) => e.code).sort();
    assert.deepEqual(codes, ['invalid_value:certificate', 'invalid_value:organization', 'invalid_value:validity_years']);

    res = await post(sb, 'client_premium_sha2', { ...ORDER, certificate: { signature_hash: 'sha384' }, validity_years: 2 });
    assert.equal(res.status, 400);
    codes = (await res.json()).errors.map((e) => e.code);
    assert.deepEqual(codes, ['invalid_value:signature_hash']);

    res = await post(sb, 'ssl_ev_securesite', { ...ORDER, certificate: { signature_hash: 'sha384' }, validity_years: 2 });
    assert.equal(res.status, 201);
    await res.text();

    res = await post(sb, 'code_signing', { ...ORDER, validity_years: 3 });
    assert.equal(res.status, 201);
    await res.text();

    // A 3-year TLS plan is taken (changes-2025-2026.md §1); a client order's years stop at 2.
    res = await post(sb, 'ssl_securesite', { ...ORDER, validity_years: 3 });
    assert.equal(res.status, 201);
    await res.text();
    res = await post(sb, 'client_authentication_plus', { ...ORDER, certificate: {}, validity_years: 3 });
    assert.equal(res.status, 400);
    assert.deepEqual((await res.json()).errors.map((e) => e.code), ['invalid_value:validity_years']);
  });

  test('405 for GET on an order path; 404 elsewhere', async () => {
    let res = await fetch(`${sb.baseUrl}/order/certificate/ssl_securesite`);
    assert.equal(res.status, 405);
    await res.text();
    res = await fetch(`${sb.baseUrl}/order/organization`, { method: 'POST' });
    assert.equal(res.status, 404);
    assert.equal((await res.json()).errors[0].code, 'not_found');
    res = await fetch(`${sb.url}/elsewhere`);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    await res.text();
  });

  test('CORS preflight: 204, not recorded, does not consume the queue', async () => {
    sb.enqueue({ type: 'status', status: 500 });
    const res = await fetch(`${sb.baseUrl}/order/certificate/ssl_securesite`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-dc-devkey,x-custom',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-expose-headers'), EXPOSED);
    assert.equal(res.headers.get('access-control-allow-methods'), 'GET, POST, PUT, OPTIONS');
    const allowHeaders = res.headers.get('access-control-allow-headers');
    for (const h of ['content-type', 'x-dc-devkey', '*', 'x-custom']) assert.ok(allowHeaders.split(', ').includes(h), h);
    assert.ok(Number(res.headers.get('access-control-max-age')) > 0);
    assert.equal(sb.requests.length, 0);
    assert.equal(sb.queued, 1);
    const next = await post(sb, 'ssl_securesite');
    assert.equal(next.status, 500);
    await next.text();
  });

  test('created variants', async () => {
    sb.enqueue(
      { type: 'created', variant: 'one-step' },
      { type: 'created', variant: 'two-step' },
      { type: 'created', variant: 'auto' },
      { type: 'created', variant: 'skip' },
      { type: 'created', variant: 'immediate' },
    );
    const bodies = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(sb, 'ssl_securesite', { ...ORDER, certificate: { common_name: 'shop.example.org' } });
      assert.equal(res.status, 201);
      bodies.push(await res.json());
    }
    assert.deepEqual(bodies.map((b) => b.id), [1000, 1001, 1002, 1003, 1004]);
    assert.equal(bodies[0].requests[0].status, 'pending');
    assert.equal(bodies[0].certificate_id, undefined);
    assert.equal(bodies[1].requests[0].status, 'submitted');
    assert.equal(bodies[2].requests[0].status, 'approved');
    assert.equal(typeof bodies[2].certificate_id, 'number');
    assert.equal(bodies[3].requests, undefined);
    assert.equal(typeof bodies[3].certificate_id, 'number');
    const imm = bodies[4];
    assert.equal(typeof imm.certificate_id, 'number');
    assert.equal(imm.certificate_chain.length, 3);
    assert.equal(imm.certificate_chain[0].subject_common_name, 'shop.example.org');
    assert.equal(imm.certificate_chain[2].subject_common_name, 'DigiCert Global Root CA');
    for (const c of imm.certificate_chain) {
      assert.match(c.pem, /^-----BEGIN CERTIFICATE-----\nMII[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/);
      assert.ok(c.pem.split('\n').every((l) => l.length <= 64));
    }
    // queue exhausted: back to default
    const res = await post(sb, 'ssl_securesite');
    assert.equal((await res.json()).requests[0].status, 'pending');
  });

  test('created behavior bypasses checks', async () => {
    sb.enqueue({ type: 'created', variant: 'skip' });
    const res = await post(sb, 'ssl_securesite', 'garbage', { 'content-type': 'text/plain' });
    assert.equal(res.status, 201);
    assert.equal((await res.json()).id, 1000);
  });

  test('status 429 with Retry-After (seconds and http-date) and default body', async () => {
    const date = new Date(Date.now() + 3000).toUTCString();
    sb.enqueue(
      { type: 'status', status: 429, retryAfter: '2' },
      { type: 'status', status: 429, retryAfter: date },
      { type: 'status', status: 429 },
    );
    let res = await post(sb, 'ssl_securesite');
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '2');
    assert.equal(res.headers.get('access-control-expose-headers'), EXPOSED);
    assert.equal((await res.json()).errors[0].code, 'request_limit_exceeded');
    res = await post(sb, 'ssl_securesite');
    assert.equal(res.headers.get('retry-after'), date);
    await res.text();
    res = await post(sb, 'ssl_securesite');
    assert.equal(res.headers.get('retry-after'), null);
    assert.equal((await res.json()).errors[0].code, 'request_limit_exceeded');
  });

  test('status with error bodies, custom body and content type', async () => {
    const expected = {
      500: 'internal_error',
      503: 'service_unavailable',
      400: 'bad_request_format',
      401: 'access_denied|invalid_api_key',
      403: 'access_denied|missing_permission',
      404: 'not_found|product',
    };
    sb.enqueue(...Object.keys(expected).map((s) => ({ type: 'status', status: Number(s) })));
    for (const [status, code] of Object.entries(expected)) {
      const res = await post(sb, 'ssl_securesite');
      assert.equal(res.status, Number(status));
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      const body = await res.json();
      assert.equal(body.errors[0].code, code);
    }
    sb.enqueue(
      { type: 'status', status: 400, body: { errors: [{ code: 'a', message: 'x' }, { code: 'b:c', message: 'y' }] } },
      { type: 'status', status: 503, body: 'down for maintenance', contentType: 'text/plain' },
    );
    let res = await post(sb, 'ssl_securesite');
    assert.equal((await res.json()).errors.length, 2);
    res = await post(sb, 'ssl_securesite');
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('content-type'), 'text/plain');
    assert.equal(await res.text(), 'down for maintenance');
  });

  test('html error page', async () => {
    sb.enqueue({ type: 'html', status: 502 });
    const res = await post(sb, 'ssl_securesite');
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(await res.text(), /<html>[\s\S]*502 Bad Gateway/);
  });

  test('not-json and wrong-json 2xx', async () => {
    sb.enqueue({ type: 'not-json', status: 201 }, { type: 'wrong-json', status: 201 });
    let res = await post(sb, 'ssl_securesite');
    assert.equal(res.status, 201);
    const text = await res.text();
    assert.throws(() => JSON.parse(text));
    res = await post(sb, 'ssl_securesite');
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), { hello: 1 });
  });

  test('truncate: short body then the connection dies', async () => {
    sb.enqueue({ type: 'truncate' });
    const res = await post(sb, 'ssl_securesite');
    assert.equal(res.status, 201);
    const declared = Number(res.headers.get('content-length'));
    assert.ok(declared > 0);
    await assert.rejects(res.text());

    sb.enqueue({ type: 'truncate' });
    const err = await rawPost(`${sb.baseUrl}/order/certificate/ssl_securesite`, ORDER).then(
      () => null,
      (e) => e,
    );
    assert.ok(err, 'raw request must fail');
  });

  test('reset: connection destroyed without a response', async () => {
    sb.enqueue({ type: 'reset' });
    await assert.rejects(post(sb, 'ssl_securesite'));
    assert.equal(sb.requests.length, 1);
  });

  test('drip: valid 201 body one byte at a time', async () => {
    sb.enqueue({ type: 'drip', intervalMs: 1 });
    const res = await rawPost(`${sb.baseUrl}/order/certificate/ssl_securesite`, ORDER);
    assert.equal(res.status, 201);
    const body = JSON.parse(res.text);
    assert.equal(body.id, 1000);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.ok(res.chunks.length > 5, `expected many chunks, got ${res.chunks.length}`);
  });

  test('huge: a valid JSON 201 of the requested size', async () => {
    sb.enqueue({ type: 'huge', bytes: 3_000_000 });
    const res = await post(sb, 'ssl_securesite');
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('content-length'), '3000000');
    const text = await res.text();
    assert.equal(text.length, 3_000_000);
    const body = JSON.parse(text);
    assert.equal(body.id, 1000);
    assert.equal(body.requests[0].status, 'pending');
  });

  test('delay then a behavior; delay alone then default', async () => {
    sb.enqueue({ type: 'delay', ms: 80, then: { type: 'status', status: 503 } }, { type: 'delay', ms: 30 });
    let t0 = Date.now();
    let res = await post(sb, 'ssl_securesite');
    assert.ok(Date.now() - t0 >= 70);
    assert.equal(res.status, 503);
    await res.text();
    t0 = Date.now();
    res = await post(sb, 'ssl_securesite');
    assert.ok(Date.now() - t0 >= 25);
    assert.equal(res.status, 201);
    await res.text();
  });

  test('control endpoints: enqueue, requests, reset (with CORS)', async () => {
    let res = await fetch(`${sb.url}/__sandbox/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify([{ type: 'status', status: 429, retryAfter: '1' }, { type: 'created', variant: 'auto' }]),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(await res.json(), { ok: true, queued: 2 });

    res = await post(sb, 'ssl_securesite');
    assert.equal(res.status, 429);
    await res.text();
    res = await post(sb, 'ssl_securesite');
    assert.equal((await res.json()).requests[0].status, 'approved');

    res = await fetch(`${sb.url}/__sandbox/requests`);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal((await res.json()).length, 2);

    res = await fetch(`${sb.url}/__sandbox/enqueue`, { method: 'POST', body: '[{"type":"nope"}]' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match((await res.json()).errors[0].message, /unknown type/);

    res = await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    assert.equal(res.status, 200);
    await res.text();
    assert.equal(sb.requests.length, 0);
    // counters restart after reset
    res = await post(sb, 'ssl_securesite');
    assert.equal((await res.json()).id, 1000);
  });

  test('enqueue validates behaviors', () => {
    assert.throws(() => sb.enqueue({ type: 'bogus' }), TypeError);
    assert.throws(() => sb.enqueue({ type: 'created', variant: 'x' }), TypeError);
    assert.throws(() => sb.enqueue({ type: 'status' }), TypeError);
    assert.throws(() => sb.enqueue({ type: 'delay', ms: 5, then: { type: 'bogus' } }), TypeError);
    assert.equal(sb.queued, 0);
    assert.doesNotThrow(() => validateBehavior({ type: 'hang' }));
  });
});

describe('sandbox with api key', () => {
  let sb;
  before(async () => { sb = await startSandbox({ port: 0, apiKey: 'test-key' }); });
  after(() => sb.close());
  beforeEach(() => sb.reset());

  test('401 without / with wrong key; 201 with the right one', async () => {
    let res = await post(sb, 'ssl_securesite');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    let body = await res.json();
    assert.equal(body.errors[0].code, 'access_denied|invalid_api_key');
    assert.ok(!JSON.stringify(body).includes('test-key'));

    res = await post(sb, 'ssl_securesite', ORDER, { 'X-DC-DEVKEY': 'test-ke' });
    assert.equal(res.status, 401);
    body = await res.json();
    assert.ok(!JSON.stringify(body).includes('test-ke'));

    res = await post(sb, 'ssl_securesite', ORDER, { 'X-DC-DEVKEY': 'test-key' });
    assert.equal(res.status, 201);
    await res.text();
    assert.equal(sb.requests.length, 3);
  });

  test('auth is checked before the product', async () => {
    const res = await post(sb, 'nope');
    assert.equal(res.status, 401);
    await res.text();
  });

  test('preflight needs no key', async () => {
    const res = await fetch(`${sb.baseUrl}/order/certificate/ssl_securesite`, { method: 'OPTIONS' });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-headers'), 'content-type, x-dc-devkey, *');
  });
});

describe('close()', () => {
  test('does not hang with hanging and dripping requests open', async () => {
    const sb = await startSandbox();
    sb.enqueue({ type: 'hang' }, { type: 'drip', intervalMs: 200 }, { type: 'delay', ms: 60_000 });
    const pending = [
      post(sb, 'ssl_securesite').then((r) => r.text()),
      rawPost(`${sb.baseUrl}/order/certificate/ssl_securesite`, ORDER),
      rawPost(`${sb.baseUrl}/order/certificate/ssl_securesite`, ORDER),
    ].map((p) => p.then(() => 'ok', () => 'failed'));
    await until(() => sb.requests.length === 3);
    const t0 = Date.now();
    await sb.close();
    assert.ok(Date.now() - t0 < 1000, 'close took too long');
    assert.deepEqual(await Promise.all(pending), ['failed', 'failed', 'failed']);
    // idempotent
    await sb.close();
  });

  test('frees the port', async () => {
    const sb = await startSandbox();
    const { port } = new URL(sb.url);
    await sb.close();
    await assert.rejects(fetch(`http://127.0.0.1:${port}/services/v2`));
  });
});

describe('CLI', () => {
  test('prints the listening line, serves, stops on SIGTERM, never prints the key', async () => {
    const child = spawn(process.execPath, [SANDBOX_FILE, '--port', '0', '--api-key', 'secret-cli-key'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    try {
      await until(() => out.includes('\n'), 4000);
      const m = out.match(/^CertCentral sandbox listening on (http:\/\/127\.0\.0\.1:\d+\/services\/v2)\n$/);
      assert.ok(m, `unexpected output: ${JSON.stringify(out)}`);
      let res = await fetch(`${m[1]}/order/certificate/ssl_securesite`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ORDER),
      });
      assert.equal(res.status, 401);
      await res.text();
      res = await fetch(`${m[1]}/order/certificate/ssl_securesite`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dc-devkey': 'secret-cli-key' },
        body: JSON.stringify(ORDER),
      });
      assert.equal(res.status, 201);
      await res.text();
    } finally {
      child.kill('SIGTERM');
    }
    const { code } = await exited;
    assert.equal(code, 0);
    assert.ok(!out.includes('secret-cli-key') && !err.includes('secret-cli-key'));
  });

  test('rejects unknown arguments', async () => {
    const child = spawn(process.execPath, [SANDBOX_FILE, '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 2);
  });
});

// ==========================================================================================
// The order lifecycle

/** Any API call: JSON body (content-type application/json unless given), the answer as bytes, text and JSON. */
async function call(sb, method, path, body, headers = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type')) init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${sb.baseUrl}${path}`, init);
  const buf = Buffer.from(await res.arrayBuffer());
  let json;
  try { json = JSON.parse(buf.toString('utf8')); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, buf, text: buf.toString('utf8'), json };
}
const codes = (r) => r.json.errors.map((e) => e.code);
async function control(sb, method, path, body) {
  const res = await fetch(`${sb.url}/__sandbox/${path}`, { method, body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)) });
  return { status: res.status, json: await res.json() };
}
async function place(sb, extra = {}, product = 'ssl_securesite') {
  const r = await call(sb, 'POST', `/order/certificate/${product}`, { ...ORDER, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A ZIP read back by hand: end record, central directory, local headers, CRC of every entry. */
function readZip(buf) {
  const eocd = buf.length - 22; // the sandbox writes no archive comment
  assert.equal(buf.readUInt32LE(eocd), 0x06054b50, 'end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  assert.equal(buf.readUInt16LE(eocd + 8), count);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  assert.equal(cdOffset + cdSize, eocd, 'the central directory ends where the end record starts');
  const entries = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const csize = buf.readUInt32LE(at + 20);
    const usize = buf.readUInt32LE(at + 24);
    const n = buf.readUInt16LE(at + 28);
    const m = buf.readUInt16LE(at + 30);
    const k = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + n).toString('utf8');
    assert.equal(method, 0, 'stored');
    assert.equal(csize, usize);
    assert.equal(buf.readUInt32LE(local), 0x04034b50, 'local file header');
    assert.equal(buf.readUInt32LE(local + 14), crc, 'local CRC = central CRC');
    assert.equal(buf.readUInt32LE(local + 18), csize);
    const ln = buf.readUInt16LE(local + 26);
    const lm = buf.readUInt16LE(local + 28);
    assert.equal(buf.subarray(local + 30, local + 30 + ln).toString('utf8'), name, 'local name = central name');
    const data = buf.subarray(local + 30 + ln + lm, local + 30 + ln + lm + csize);
    assert.equal(crc32js(data), crc, `CRC of ${name}`);
    entries.push({ name, data });
    at += 46 + n + m + k;
  }
  assert.equal(at, eocd);
  return entries;
}

/** One DER TLV at `at` (definite, minimal lengths only). */
function tlvAt(buf, at) {
  assert.ok(at + 2 <= buf.length, 'TLV header inside the buffer');
  const tag = buf[at];
  let len = buf[at + 1];
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    assert.ok(n >= 1 && n <= 4, 'definite long-form length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i];
    assert.ok(len >= 0x80 && buf[at + 2] !== 0, 'minimal length encoding');
    hdr = 2 + n;
  }
  const end = at + hdr + len;
  assert.ok(end <= buf.length, 'TLV inside the buffer');
  return { tag, start: at + hdr, end, bytes: buf.subarray(at, end) };
}
function childrenOf(buf, t) {
  const out = [];
  let at = t.start;
  while (at < t.end) {
    const c = tlvAt(buf, at);
    assert.ok(c.end <= t.end);
    out.push(c);
    at = c.end;
  }
  assert.equal(at, t.end, 'children fill their parent exactly');
  return out;
}
const pemBlocks = (text, label) => [...text.matchAll(new RegExp(`-----BEGIN ${label}-----\\n([A-Za-z0-9+/=\\n]+)\\n-----END ${label}-----\\n`, 'g'))]
  .map((m) => Buffer.from(m[1].replace(/\n/g, ''), 'base64'));

describe('lifecycle: order store and order info', () => {
  let sb;
  before(async () => { sb = await startSandbox({ port: 0 }); });
  after(() => sb.close());
  beforeEach(() => sb.reset());

  test('every 201 stores an order; initial status per variant; certificate ids always assigned', async () => {
    sb.enqueue(...['one-step', 'two-step', 'auto', 'skip', 'immediate'].map((variant) => ({ type: 'created', variant })));
    const bodies = [];
    for (let i = 0; i < 5; i++) bodies.push((await call(sb, 'POST', '/order/certificate/ssl_securesite', { ...ORDER, alternative_order_id: `PO${i}` })).json);
    const id = await place(sb, { certificate: { common_name: 'shop.example.org', dns_names: ['www.shop.example.org'] }, organization: { name: 'Acme' } });
    assert.ok(sb.orders instanceof Map);
    assert.equal(sb.orders.size, 6);
    const list = [...sb.orders.values()];
    assert.deepEqual(list.map((o) => o.status), ['pending', 'needs_approval', 'pending', 'pending', 'issued', 'pending']);
    // The ids a body shows keep their old sequence; the others come from a counter of their own.
    assert.deepEqual(list.map((o) => o.certificate_id), [9000000, 9000001, 9000, 9001, 9002, 9000002]);
    assert.deepEqual(bodies.map((b) => b.certificate_id), [undefined, undefined, 9000, 9001, 9002]);
    assert.deepEqual(list.slice(0, 5).map((o) => o.alternative_order_id), ['PO0', 'PO1', 'PO2', 'PO3', 'PO4']);
    const o = sb.orders.get(id);
    for (const k of ['id', 'certificate_id', 'product', 'status', 'alternative_order_id', 'common_name', 'dns_names', 'emails',
      'organization_id', 'created_at', 'status_changed_at', 'polls']) assert.ok(k in o, k);
    assert.equal(o.product, 'ssl_securesite');
    assert.equal(o.common_name, 'shop.example.org');
    assert.deepEqual(o.dns_names, ['www.shop.example.org']);
    assert.equal(o.alternative_order_id, null);
    assert.equal(o.organization_id, 700000, 'the new organization\'s id');
    assert.equal(o.polls, 0);
    assert.equal(typeof o.created_at, 'number');
    assert.equal(o.status_changed_at, o.created_at);
    // Over HTTP: an array, in creation order.
    const viaHttp = await control(sb, 'GET', 'orders');
    assert.equal(viaHttp.status, 200);
    assert.deepEqual(viaHttp.json.map((x) => x.id), list.map((x) => x.id));
    assert.equal((await control(sb, 'GET', `orders/${id}`)).json.common_name, 'shop.example.org');
    assert.equal((await control(sb, 'GET', 'orders/1')).status, 404);
  });

  test('refused orders and non-order requests store nothing; behaviors that send an order body store it', async () => {
    await call(sb, 'POST', '/order/certificate/ssl_securesite', { validity_years: 9 });
    await call(sb, 'POST', '/order/certificate/nope', ORDER);
    sb.enqueue({ type: 'created', variant: 'auto' });
    await call(sb, 'GET', '/order/certificate/status-changes?minutes=1'); // consumed by a GET: a body, no order
    assert.equal(sb.orders.size, 0);
    sb.enqueue({ type: 'drip', intervalMs: 0, variant: 'two-step' }, { type: 'huge', bytes: 4096 });
    await call(sb, 'POST', '/order/certificate/ssl_securesite', ORDER);
    await call(sb, 'POST', '/order/certificate/ssl_securesite', ORDER);
    sb.enqueue({ type: 'truncate' });
    await assert.rejects(call(sb, 'POST', '/order/certificate/ssl_securesite', ORDER));
    assert.deepEqual([...sb.orders.values()].map((o) => o.status), ['needs_approval', 'pending', 'pending']);
  });

  test('order info: the §2 shape, ca_cert.id as text, an unknown extra field; issued fields only once issued', async () => {
    const id = await place(sb, { certificate: { common_name: 'example.com', dns_names: ['example2.com'], csr: '<csr>', signature_hash: 'sha384', server_platform: { id: 45 } } });
    const r = await call(sb, 'GET', `/order/certificate/${id}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json');
    const b = r.json;
    assert.equal(b.id, id);
    assert.equal(b.status, 'pending');
    assert.deepEqual(b.product, { name_id: 'ssl_securesite', name: 'Secure Site SSL', type: 'ssl_certificate' });
    assert.deepEqual(b.organization, { id: 123456 });
    assert.ok(b.some_future_field && typeof b.some_future_field === 'object');
    const c = b.certificate;
    assert.equal(c.id, sb.orders.get(id).certificate_id);
    assert.equal(c.common_name, 'example.com');
    assert.deepEqual(c.dns_names, ['example2.com']);
    assert.match(c.date_created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    assert.equal(c.csr, '<csr>');
    assert.deepEqual(c.organization, { id: 123456 });
    assert.deepEqual(c.server_platform, { id: 45, name: 'nginx' });
    assert.equal(c.signature_hash, 'sha384');
    assert.equal(c.key_size, 2048);
    assert.equal(typeof c.ca_cert.id, 'string');
    assert.equal(c.ca_cert.name, 'DigiCert SHA2 Secure Server CA');
    assert.deepEqual(c.cert_validity, { years: 1 });
    for (const k of ['thumbprint', 'serial_number', 'valid_from', 'valid_till', 'date_issued', 'days_remaining']) assert.ok(!(k in c), k);
    assert.ok(!('emails' in c));

    sb.setOrderStatus(id, 'issued');
    const i = (await call(sb, 'GET', `/order/certificate/${id}`)).json;
    assert.equal(i.status, 'issued');
    assert.match(i.certificate.thumbprint, /^[0-9A-F]{40}$/);
    assert.match(i.certificate.serial_number, /^[0-9A-F]{32}$/);
    assert.match(i.certificate.valid_from, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(i.certificate.valid_till, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(i.certificate.date_issued, /\+00:00$/);
    assert.ok(Number.isInteger(i.certificate.days_remaining) && i.certificate.days_remaining > 100);
    // lifecycle.md §0: the thumbprint or serial number of the order's certificate also finds it.
    assert.equal((await call(sb, 'GET', `/order/certificate/${i.certificate.thumbprint}`)).json.id, id);
    assert.equal((await call(sb, 'GET', `/order/certificate/${i.certificate.serial_number.toLowerCase()}`)).json.id, id);
  });

  test('order info: emails for client and Secure Email products; include_caa_status while pending', async () => {
    const id = await place(sb, { certificate: { common_name: 'Lock Cole', emails: ['locke.cole@example.com'] } }, 'client_authentication_plus');
    const b = (await call(sb, 'GET', `/order/certificate/${id}`)).json;
    assert.deepEqual(b.certificate.emails, ['locke.cole@example.com']);
    assert.equal(b.product.type, 'client_certificate');
    const ssl = await place(sb, { certificate: { common_name: 'example.com', dns_names: ['www.example.com'] } });
    const caa = (await call(sb, 'GET', `/order/certificate/${ssl}?include_caa_status=true`)).json.caa_status_message;
    assert.deepEqual(caa, { 'example.com': 'CAA check is not called yet', 'www.example.com': 'CAA check is not called yet' });
    assert.ok(!('caa_status_message' in (await call(sb, 'GET', `/order/certificate/${ssl}`)).json));
  });

  test('order info: unknown or non-integer id → 404 not_found|order; GET on a product path stays 405; other methods 405', async () => {
    for (const ref of ['987654', 'abc', '12abc', '-1']) {
      const r = await call(sb, 'GET', `/order/certificate/${ref}`);
      assert.equal(r.status, 404, ref);
      assert.deepEqual(codes(r), ['not_found|order']);
    }
    let r = await call(sb, 'GET', '/order/certificate/ssl_securesite');
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'POST, OPTIONS');
    r = await call(sb, 'DELETE', '/order/certificate/1000');
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET, POST, OPTIONS');
    r = await call(sb, 'GET', '/order/certificate/1000/status');
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'PUT, OPTIONS');
    r = await call(sb, 'POST', '/order/certificate/status-changes', {});
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET, OPTIONS');
    r = await call(sb, 'GET', '/certificate/9000/nothing');
    assert.equal(r.status, 404);
    assert.deepEqual(codes(r), ['not_found']);
  });

  test('requests record url, query and route', async () => {
    await call(sb, 'GET', '/order/certificate/status-changes?minutes=5');
    await call(sb, 'GET', '/order/alternate/PO%2F1');
    const [a, b] = sb.requests;
    assert.equal(a.path, '/services/v2/order/certificate/status-changes');
    assert.equal(a.query, 'minutes=5');
    assert.equal(a.url, '/services/v2/order/certificate/status-changes?minutes=5');
    assert.equal(a.route, 'status-changes');
    assert.equal(b.query, '');
    assert.equal(b.route, 'orders-by-alternative-id');
  });
});

describe('lifecycle: issuance', () => {
  let sb;
  before(async () => { sb = await startSandbox({ port: 0 }); });
  after(() => sb.close());
  beforeEach(() => sb.reset());

  const status = async (id) => (await call(sb, 'GET', `/order/certificate/${id}`)).json.status;

  test('default: issued after 2 reads (the third read sees it); needs_approval too', async () => {
    const id = await place(sb);
    assert.equal(await status(id), 'pending');
    assert.equal(sb.orders.get(id).polls, 1);
    assert.equal(await status(id), 'pending');
    assert.equal(sb.orders.get(id).status, 'issued', 'issued once the second read was answered');
    assert.equal(await status(id), 'issued');
    sb.enqueue({ type: 'created', variant: 'two-step' });
    const two = await place(sb);
    assert.deepEqual([await status(two), await status(two), await status(two)], ['needs_approval', 'needs_approval', 'issued']);
    assert.deepEqual(sb.orders.get(two).history.map((h) => h.status), ['needs_approval', 'issued']);
  });

  test('issueAfterPolls: 0 never issues by reads; configure() changes it at run time; reset() restores the start options', async () => {
    assert.equal(sb.configure({ issueAfterPolls: 0 }).issueAfterPolls, 0);
    const id = await place(sb);
    for (let i = 0; i < 5; i++) assert.equal(await status(id), 'pending');
    sb.configure({ issueAfterPolls: 1 });
    assert.equal(await status(id), 'pending');
    assert.equal(await status(id), 'issued');
    sb.reset();
    assert.deepEqual(sb.config, { issueAfterPolls: 2, issueAfterMs: null, rateLimit: false, uniqueAlternativeIds: false });
    assert.equal(sb.orders.size, 0);
    assert.throws(() => sb.configure({ issueAfterPolls: -1 }), TypeError);
    assert.throws(() => sb.configure({ issueAfterMs: 'soon' }), TypeError);
    assert.throws(() => sb.configure({ issueAfterPols: 1 }), /unknown option/);
  });

  test('issueAfterMs: issued once that long has passed, seen by any request (no timers); also via POST /__sandbox/configure', async () => {
    const r = await control(sb, 'POST', 'configure', { issueAfterMs: 40, issueAfterPolls: 0 });
    assert.equal(r.status, 200);
    assert.equal(r.json.config.issueAfterMs, 40);
    const id = await place(sb);
    assert.equal(await status(id), 'pending');
    await sleep(60);
    assert.equal(sb.orders.get(id).status, 'issued', 'reading sb.orders evaluates it');
    assert.equal(await status(id), 'issued');
    const bad = await control(sb, 'POST', 'configure', { issueAfterMs: -5 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.errors.map((e) => e.code), ['invalid_value:config']);
  });

  test('start options: issueAfterPolls and issueAfterMs given to startSandbox', async () => {
    const own = await startSandbox({ issueAfterPolls: 1, issueAfterMs: 10_000 });
    try {
      assert.deepEqual(own.config, { issueAfterPolls: 1, issueAfterMs: 10_000, rateLimit: false, uniqueAlternativeIds: false });
      const id = await place(own);
      await call(own, 'GET', `/order/certificate/${id}`);
      assert.equal(own.orders.get(id).status, 'issued');
    } finally {
      await own.close();
    }
    await assert.rejects(startSandbox({ issueAfterPolls: 1.5 }), TypeError);
  });

  test('setOrderStatus and POST /__sandbox/orders/{id}/status: any status, change time recorded', async () => {
    const id = await place(sb);
    const before = sb.orders.get(id).status_changed_at;
    await sleep(5);
    const o = sb.setOrderStatus(id, 'waiting_pickup');
    assert.equal(o.status, 'waiting_pickup');
    assert.ok(o.status_changed_at > before);
    let r = await control(sb, 'POST', `orders/${id}/status`, { status: 'some_new_status' });
    assert.equal(r.status, 200);
    assert.equal(r.json.order.status, 'some_new_status');
    assert.equal(await status(id), 'some_new_status');
    r = await control(sb, 'POST', 'orders/4242/status', { status: 'issued' });
    assert.equal(r.status, 404);
    r = await control(sb, 'POST', `orders/${id}/status`, { status: '' });
    assert.equal(r.status, 400);
    r = await control(sb, 'POST', `orders/${id}/status`, 'not json');
    assert.equal(r.status, 400);
    assert.throws(() => sb.setOrderStatus(4242, 'issued'), RangeError);
    assert.throws(() => sb.setOrderStatus(id, 5), TypeError);
    // issued through the control mints the certificate details
    sb.setOrderStatus(id, 'issued');
    assert.match((await call(sb, 'GET', `/order/certificate/${id}`)).json.certificate.thumbprint, /^[0-9A-F]{40}$/);
  });
});

describe('lifecycle: status changes and alternative ids', () => {
  let sb;
  before(async () => { sb = await startSandbox({ port: 0 }); });
  after(() => sb.close());
  beforeEach(() => sb.reset());

  test('nothing changed → exactly {}', async () => {
    for (const q of ['minutes=5', 'seconds=1', 'minutes=10080', 'minutes=0&seconds=0']) {
      const r = await call(sb, 'GET', `/order/certificate/status-changes?${q}`);
      assert.equal(r.status, 200, q);
      assert.equal(r.text, '{}', q);
    }
  });

  test('the orders whose status changed in the window, newest change first; older changes left out', async () => {
    const a = await place(sb);
    const b = await place(sb);
    const c = await place(sb);
    sb.orders.get(c).status_changed_at -= 120_000; // changed two minutes ago
    await sleep(3);
    sb.setOrderStatus(a, 'issued');
    await sleep(3);
    await call(sb, 'PUT', `/order/certificate/${b}/status`, { status: 'canceled', note: 'Ordered by mistake.' });
    let r = await call(sb, 'GET', '/order/certificate/status-changes?minutes=1');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { orders: [
      { order_id: b, certificate_id: sb.orders.get(b).certificate_id, status: 'canceled' },
      { order_id: a, certificate_id: sb.orders.get(a).certificate_id, status: 'issued' },
    ] });
    r = await call(sb, 'GET', '/order/certificate/status-changes?minutes=2&seconds=30');
    assert.deepEqual(r.json.orders.map((x) => x.order_id), [b, a, c]);
    // A date range (MDT) works on its own too.
    const today = new Date(Date.now() - 6 * 3600_000).toISOString().slice(0, 10);
    r = await call(sb, 'GET', `/order/certificate/status-changes?filters[status_last_updated]=${today}...${today}`);
    assert.equal(r.json.orders.length, 3);
    for (const end of ['2001-01-02+12:00:00', '2001-01-02%2B12:00:00']) {
      r = await call(sb, 'GET', `/order/certificate/status-changes?filters[status_last_updated]=2001-01-01...${end}`);
      assert.equal(r.text, '{}', end);
    }
  });

  test('errors: no window → missing_param; over 7 days → time_frame_too_long; not a number → invalid_value', async () => {
    let r = await call(sb, 'GET', '/order/certificate/status-changes');
    assert.equal(r.status, 400);
    assert.deepEqual(codes(r), ['missing_param']);
    for (const q of ['minutes=10081', 'seconds=604801', 'minutes=10080&seconds=1', 'minutes=5000&seconds=400000']) {
      r = await call(sb, 'GET', `/order/certificate/status-changes?${q}`);
      assert.equal(r.status, 400, q);
      assert.deepEqual(codes(r), ['time_frame_too_long'], q);
    }
    r = await call(sb, 'GET', '/order/certificate/status-changes?minutes=abc&seconds=-1');
    assert.deepEqual(codes(r), ['invalid_value:minutes', 'invalid_value:seconds']);
    r = await call(sb, 'GET', '/order/certificate/status-changes?filters[status_last_updated]=yesterday');
    assert.deepEqual(codes(r), ['invalid_value:filters[status_last_updated]']);
  });

  test('by alternative id: URL-decoded, several orders share one, unknown → [] with total 0; offset/limit', async () => {
    const alt = 'PO/2026?x=1#frag 50% ü';
    const a = await place(sb, { alternative_order_id: alt });
    await place(sb, { alternative_order_id: 'other' });
    const b = await place(sb, { alternative_order_id: alt });
    let r = await call(sb, 'GET', `/order/alternate/${encodeURIComponent(alt)}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {
      orders: [a, b].map((id) => ({ order_id: id, certificate_id: sb.orders.get(id).certificate_id, status: 'pending' })),
      page: { total: 2, limit: 1000, offset: 0 },
    });
    r = await call(sb, 'GET', `/order/alternate/${encodeURIComponent(alt)}?offset=1&limit=1`);
    assert.deepEqual(r.json.orders.map((x) => x.order_id), [b]);
    assert.deepEqual(r.json.page, { total: 2, limit: 1, offset: 1 });
    r = await call(sb, 'GET', '/order/alternate/never-used');
    assert.deepEqual(r.json, { orders: [], page: { total: 0, limit: 1000, offset: 0 } });
    r = await call(sb, 'GET', '/order/alternate/x?limit=5000');
    assert.deepEqual(codes(r), ['invalid_value:limit']);
    r = await call(sb, 'GET', '/order/alternate/');
    assert.equal(r.status, 404);
  });

  test('uniqueAlternativeIds: a used id → 400 duplicate_alternative_order_id; default allows duplicates', async () => {
    await place(sb, { alternative_order_id: 'PO1' });
    await place(sb, { alternative_order_id: 'PO1' });
    sb.configure({ uniqueAlternativeIds: true });
    const r = await call(sb, 'POST', '/order/certificate/ssl_securesite', { ...ORDER, alternative_order_id: 'PO1' });
    assert.equal(r.status, 400);
    assert.deepEqual(codes(r), ['duplicate_alternative_order_id']);
    await place(sb, { alternative_order_id: 'PO2' });
    await place(sb); // no alternative id: always fine
    assert.equal(sb.orders.size, 4);
  });
});

describe('lifecycle: downloads', () => {
  let sb;
  let id;
  let certId;
  before(async () => { sb = await startSandbox({ port: 0 }); });
  after(() => sb.close());
  beforeEach(async () => {
    sb.reset();
    id = await place(sb, { certificate: { common_name: '*.example.com' } }, 'ssl_securesite_wildcard');
    certId = sb.orders.get(id).certificate_id;
  });

  test('crc32: the check value; the same as node:zlib\'s where Node has one', () => {
    assert.equal(crc32js(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32js(Buffer.alloc(0)), 0);
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    if (typeof zlib.crc32 === 'function') {
      const data = Buffer.from('The quick brown fox jumps over the lazy dog');
      assert.equal(crc32js(data), zlib.crc32(data) >>> 0);
    }
  });

  test('before issue → 404 cert_unavailable_processing; unknown order/certificate → 404; unknown format → 400 invalid_format', async () => {
    let r = await call(sb, 'GET', `/certificate/download/order/${id}/format/pem_all`);
    assert.equal(r.status, 404);
    assert.deepEqual(codes(r), ['cert_unavailable_processing']);
    r = await call(sb, 'GET', `/certificate/${certId}/download/format/pem_all`);
    assert.deepEqual(codes(r), ['cert_unavailable_processing']);
    for (const s of ['canceled', 'rejected', 'needs_approval']) {
      sb.setOrderStatus(id, s);
      assert.deepEqual(codes(await call(sb, 'GET', `/certificate/download/order/${id}/format/p7b`)), ['cert_unavailable_processing'], s);
    }
    r = await call(sb, 'GET', '/certificate/download/order/4242/format/pem_all');
    assert.deepEqual(codes(r), ['not_found|order']);
    r = await call(sb, 'GET', '/certificate/4242/download/format/pem_all');
    assert.deepEqual(codes(r), ['not_found|certificate']);
    sb.setOrderStatus(id, 'issued');
    for (const f of ['pfx', '..%2Fx', 'PEM_ALL']) {
      r = await call(sb, 'GET', `/certificate/download/order/${id}/format/${f}`);
      assert.equal(r.status, 400, f);
      assert.deepEqual(codes(r), ['invalid_format'], f);
    }
  });

  test('every format: content type, attachment name, same bytes by order id and by certificate id; revoked and expired still download', async () => {
    sb.setOrderStatus(id, 'issued');
    const expected = {
      default: ['application/zip', 'star_example_com.zip'],
      apache: ['application/zip', 'star_example_com.zip'],
      default_cer: ['application/zip', 'star_example_com.zip'],
      default_pem: ['application/zip', 'star_example_com.zip'],
      cer: ['application/x-pkcs7-certificates', 'star_example_com.cer'],
      p7b: ['application/x-pkcs7-certificates', 'star_example_com.p7b'],
      pem_all: ['application/x-pem-file', 'star_example_com.pem'],
      pem_noroot: ['application/x-pem-file', 'star_example_com.pem'],
      pem_nointermediate: ['application/x-pem-file', 'star_example_com.pem'],
    };
    assert.deepEqual(Object.keys(DOWNLOAD_FORMATS).sort(), Object.keys(expected).sort());
    for (const [format, [type, name]] of Object.entries(expected)) {
      const a = await call(sb, 'GET', `/certificate/download/order/${id}/format/${format}`);
      const b = await call(sb, 'GET', `/certificate/${certId}/download/format/${format}`);
      assert.equal(a.status, 200, format);
      assert.equal(a.headers.get('content-type'), type, format);
      assert.equal(a.headers.get('content-disposition'), `attachment; filename="${name}"`, format);
      assert.equal(a.headers.get('access-control-expose-headers'), EXPOSED);
      assert.deepEqual(a.buf, b.buf, `${format}: by order = by certificate`);
    }
    for (const s of ['revoked', 'expired', 'reissue_pending']) {
      sb.setOrderStatus(id, s);
      assert.equal((await call(sb, 'GET', `/certificate/download/order/${id}/format/pem_all`)).status, 200, s);
    }
  });

  test('PEM formats: the chain, end-entity first; the end-entity is the one of the immediate 201', async () => {
    sb.enqueue({ type: 'created', variant: 'immediate' });
    const r = await call(sb, 'POST', '/order/certificate/ssl_securesite', { ...ORDER, certificate: { common_name: 'shop.example.org' } });
    const imm = r.json;
    const all = await call(sb, 'GET', `/certificate/download/order/${imm.id}/format/pem_all`);
    assert.equal(all.text, imm.certificate_chain.map((c) => c.pem).join(''));
    const noroot = await call(sb, 'GET', `/certificate/download/order/${imm.id}/format/pem_noroot`);
    assert.equal(noroot.text, imm.certificate_chain.slice(0, 2).map((c) => c.pem).join(''));
    const nointer = await call(sb, 'GET', `/certificate/download/order/${imm.id}/format/pem_nointermediate`);
    assert.equal(nointer.text, [imm.certificate_chain[0], imm.certificate_chain[2]].map((c) => c.pem).join(''));
  });

  test('ZIP formats: valid STORE archives (headers, CRC-32, central directory); apache without the root', async () => {
    sb.setOrderStatus(id, 'issued');
    const pems = pemBlocks((await call(sb, 'GET', `/certificate/download/order/${id}/format/pem_all`)).text, 'CERTIFICATE');
    assert.equal(pems.length, 3);
    const names = {
      default: ['star_example_com.crt', 'DigiCertCA.crt', 'TrustedRoot.crt'],
      default_cer: ['star_example_com.cer', 'DigiCertCA.cer', 'TrustedRoot.cer'],
      default_pem: ['star_example_com.crt', 'DigiCertCA.crt', 'TrustedRoot.crt'],
      apache: ['star_example_com.crt', 'DigiCertCA.crt'],
    };
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-zip-'));
    try {
      for (const [format, want] of Object.entries(names)) {
        const { buf } = await call(sb, 'GET', `/certificate/download/order/${id}/format/${format}`);
        assert.deepEqual([...buf.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], `${format}: PK\\3\\4`);
        const entries = readZip(buf);
        assert.deepEqual(entries.map((e) => e.name), want, format);
        entries.forEach((e, i) => assert.deepEqual(pemBlocks(e.data.toString('utf8'), 'CERTIFICATE'), [pems[i]], `${format}/${e.name}`));
        // A second opinion when an unzip tool is at hand (not required).
        const file = join(dir, `${format}.zip`);
        writeFileSync(file, buf);
        const check = spawnSync('unzip', ['-tqq', file], { encoding: 'utf8' });
        if (!check.error) assert.equal(check.status, 0, `unzip -t ${format}: ${check.stdout}${check.stderr}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('PKCS#7 formats: PEM-armoured, well-formed DER certs-only SignedData around the three certificates', async () => {
    sb.setOrderStatus(id, 'issued');
    const pems = pemBlocks((await call(sb, 'GET', `/certificate/download/order/${id}/format/pem_all`)).text, 'CERTIFICATE');
    for (const format of ['p7b', 'cer']) {
      const r = await call(sb, 'GET', `/certificate/download/order/${id}/format/${format}`);
      assert.match(r.text, /^-----BEGIN PKCS7-----\n/);
      assert.match(r.text, /\n-----END PKCS7-----\n$/);
      assert.ok(r.text.split('\n').every((l) => l.length <= 64));
      const [der] = pemBlocks(r.text, 'PKCS7');
      const top = tlvAt(der, 0);
      assert.equal(top.tag, 0x30);
      assert.equal(top.end, der.length, 'nothing after the ContentInfo');
      const [oid, explicit] = childrenOf(der, top);
      assert.equal(oid.bytes.toString('hex'), '06092a864886f70d010702', 'signedData OID');
      assert.equal(explicit.tag, 0xa0);
      const [sd] = childrenOf(der, explicit);
      assert.equal(sd.tag, 0x30);
      const [version, digestAlgs, content, certs, signerInfos, ...rest] = childrenOf(der, sd);
      assert.equal(rest.length, 0);
      assert.equal(version.bytes.toString('hex'), '020101');
      assert.equal(digestAlgs.bytes.toString('hex'), '3100');
      assert.equal(content.bytes.toString('hex'), '300b06092a864886f70d010701', 'contentInfo: data, no content');
      assert.equal(certs.tag, 0xa0);
      assert.equal(signerInfos.bytes.toString('hex'), '3100');
      const inside = childrenOf(der, certs);
      assert.equal(inside.length, 3);
      for (const c of inside) assert.equal(c.tag, 0x30);
      for (let i = 1; i < inside.length; i++) assert.ok(Buffer.compare(inside[i - 1].bytes, inside[i].bytes) <= 0, 'SET OF sorted');
      assert.deepEqual(inside.map((c) => c.bytes.toString('hex')).sort(), pems.map((p) => p.toString('hex')).sort(), 'the chain\'s certificates');
    }
  });
});

describe('lifecycle: cancel, revoke, reissue, check-dcv', () => {
  let sb;
  before(async () => { sb = await startSandbox({ port: 0 }); });
  after(() => sb.close());
  beforeEach(() => sb.reset());

  const cancel = (id, body) => call(sb, 'PUT', `/order/certificate/${id}/status`, body);

  test('cancel: pending and waiting_pickup → 204 empty, canceled; other states → 400 invalid_order_status', async () => {
    const id = await place(sb);
    let r = await cancel(id, { status: 'canceled', note: 'Ordered by mistake.' });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal(sb.orders.get(id).status, 'canceled');
    assert.equal(sb.orders.get(id).note, 'Ordered by mistake.');
    const w = await place(sb);
    sb.setOrderStatus(w, 'waiting_pickup');
    assert.equal((await cancel(w, { status: 'canceled', note: 'x' })).status, 204);
    for (const s of ['needs_approval', 'issued', 'canceled', 'rejected']) {
      const o = await place(sb);
      sb.setOrderStatus(o, s);
      r = await cancel(o, { status: 'canceled', note: 'x' });
      assert.equal(r.status, 400, s);
      assert.deepEqual(codes(r), ['invalid_order_status'], s);
      assert.equal(sb.orders.get(o).status, s);
    }
    r = await cancel(4242, { status: 'canceled', note: 'x' });
    assert.equal(r.status, 404);
  });

  test('cancel: wrong status value → invalid_value:status; no or blank note → invalid_value:note; bad body → bad_request_format', async () => {
    const id = await place(sb);
    for (const body of [{ status: 'CANCELED', note: 'x' }, { status: 'cancelled', note: 'x' }, { note: 'x' }]) {
      const r = await cancel(id, body);
      assert.equal(r.status, 400);
      assert.deepEqual(codes(r), ['invalid_value:status'], JSON.stringify(body));
    }
    for (const body of [{ status: 'canceled' }, { status: 'canceled', note: '  ' }, { status: 'canceled', note: 5 }]) {
      assert.deepEqual(codes(await cancel(id, body)), ['invalid_value:note'], JSON.stringify(body));
    }
    assert.deepEqual(codes(await cancel(id, '[1]')), ['bad_request_format']);
    assert.deepEqual(codes(await call(sb, 'PUT', `/order/certificate/${id}/status`, '{"status":"canceled","note":"x"}', { 'content-type': 'text/plain' })), ['bad_request_format']);
    assert.equal(sb.orders.get(id).status, 'pending');
  });

  test('cancel a pending reissue: back to issued with the same certificate; renewed / not_renewed', async () => {
    const id = await place(sb);
    sb.setOrderStatus(id, 'issued');
    const cert = sb.orders.get(id).certificate_id;
    await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: { common_name: 'example.com', csr: '<csr>' } });
    assert.equal(sb.orders.get(id).status, 'reissue_pending');
    assert.equal((await cancel(id, { status: 'canceled', note: 'Wrong key.' })).status, 204);
    const o = sb.orders.get(id);
    assert.equal(o.status, 'issued');
    assert.equal(o.certificate_id, cert);
    assert.deepEqual(o.requests.at(-1), { id: o.requests.at(-1).id, status: 'rejected', processor_comment: 'Wrong key.' });
    assert.equal((await cancel(id, { status: 'not_renewed' })).status, 400);
    assert.equal((await cancel(id, { status: 'renewed' })).status, 204);
    assert.equal((await cancel(id, { status: 'not_renewed' })).status, 204);
    assert.equal(sb.orders.get(id).status, 'not_renewed');
  });

  test('revoke: 201 request (order unchanged) or, with skip_approval, 204 and revoked; by certificate id, serial number or order', async () => {
    const id = await place(sb);
    sb.setOrderStatus(id, 'issued');
    const o = sb.orders.get(id);
    let r = await call(sb, 'PUT', `/certificate/${o.certificate_id}/revoke`, { revocation_reason: 'superseded', comments: 'Replaced.' });
    assert.equal(r.status, 201);
    assert.deepEqual(Object.keys(r.json).sort(), ['comments', 'date', 'id', 'requester', 'status', 'type']);
    assert.equal(r.json.type, 'revoke');
    assert.equal(r.json.status, 'pending');
    assert.equal(r.json.comments, 'Replaced.');
    assert.match(r.json.date, /\+00:00$/);
    assert.deepEqual(Object.keys(r.json.requester).sort(), ['email', 'first_name', 'id', 'last_name']);
    assert.equal(o.status, 'issued');
    r = await call(sb, 'PUT', `/certificate/${o.certificate_id}/revoke`); // no body at all
    assert.equal(r.status, 201);
    assert.equal(r.json.comments, '');
    r = await call(sb, 'PUT', `/certificate/${o.issued.serial_number}/revoke`, { comment: 'one m', skip_approval: true });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal(o.status, 'revoked');
    r = await call(sb, 'PUT', `/certificate/${o.certificate_id}/revoke`, { skip_approval: true });
    assert.deepEqual(codes(r), ['invalid_order_status']);

    const other = await place(sb);
    r = await call(sb, 'PUT', `/order/certificate/${other}/revoke`, {});
    assert.equal(r.status, 400);
    assert.deepEqual(codes(r), ['invalid_order_status'], 'not issued');
    sb.setOrderStatus(other, 'issued');
    r = await call(sb, 'PUT', `/order/certificate/${other}/revoke`, { skip_approval: true });
    assert.equal(r.status, 204);
    assert.equal(sb.orders.get(other).status, 'revoked');
    assert.deepEqual(codes(await call(sb, 'PUT', '/order/certificate/4242/revoke', {})), ['not_found|order']);
    assert.deepEqual(codes(await call(sb, 'PUT', '/certificate/4242/revoke', {})), ['not_found|certificate']);
  });

  test('revoke: bad reason / skip_approval / comments → invalid_value; a pending reissue blocks it', async () => {
    const id = await place(sb);
    sb.setOrderStatus(id, 'issued');
    const cert = sb.orders.get(id).certificate_id;
    for (const [body, code] of [
      [{ revocation_reason: 'compromised' }, 'invalid_value:revocation_reason'],
      [{ revocation_reason: 'KeyCompromise' }, 'invalid_value:revocation_reason'],
      [{ skip_approval: 'yes' }, 'invalid_value:skip_approval'],
      [{ comments: 1 }, 'invalid_value:comments'],
    ]) {
      const r = await call(sb, 'PUT', `/certificate/${cert}/revoke`, body);
      assert.equal(r.status, 400);
      assert.deepEqual(codes(r), [code]);
    }
    for (const reason of ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation']) {
      assert.equal((await call(sb, 'PUT', `/certificate/${cert}/revoke`, { revocation_reason: reason })).status, 201, reason);
    }
    sb.setOrderStatus(id, 'reissue_pending');
    assert.deepEqual(codes(await call(sb, 'PUT', `/certificate/${cert}/revoke`, { skip_approval: true })), ['invalid_order_status']);
  });

  test('reissue: 201 {id, requests}, reissue_pending, then issued again with a new certificate id after the reads; the old one still downloads', async () => {
    const id = await place(sb);
    sb.setOrderStatus(id, 'issued');
    const old = sb.orders.get(id).certificate_id;
    const oldPem = (await call(sb, 'GET', `/certificate/${old}/download/format/pem_all`)).text;
    let r = await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: { common_name: 'new.example.com', dns_names: ['www.new.example.com'], csr: '<csr2>' } });
    assert.equal(r.status, 201);
    assert.equal(r.json.id, id);
    assert.equal(r.json.requests.length, 1);
    assert.equal(r.json.requests[0].status, 'pending');
    assert.ok(Number.isInteger(r.json.requests[0].id));
    const info = async () => (await call(sb, 'GET', `/order/certificate/${id}`)).json;
    let i = await info();
    assert.equal(i.status, 'reissue_pending');
    assert.equal(i.certificate.id, old);
    i = await info();
    assert.equal(i.status, 'reissue_pending');
    i = await info();
    assert.equal(i.status, 'issued');
    assert.notEqual(i.certificate.id, old);
    assert.equal(i.certificate.common_name, 'new.example.com');
    assert.deepEqual(i.certificate.dns_names, ['www.new.example.com']);
    assert.deepEqual(i.requests.at(-1), { id: r.json.requests[0].id, status: 'approved' });
    assert.equal((await call(sb, 'GET', `/certificate/${old}/download/format/pem_all`)).text, oldPem, 'the earlier certificate, by its id');
    assert.notEqual((await call(sb, 'GET', `/certificate/download/order/${id}/format/pem_all`)).text, oldPem, 'the order\'s active one is new');
    const changes = (await call(sb, 'GET', '/order/certificate/status-changes?minutes=1')).json.orders;
    assert.deepEqual(changes, [{ order_id: id, certificate_id: i.certificate.id, status: 'issued' }]);
  });

  test('reissue: errors — missing certificate, TLS without csr/common_name, not issued; a new request replaces a pending one', async () => {
    const id = await place(sb);
    let r = await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: { common_name: 'example.com', csr: '<csr>' } });
    assert.equal(r.status, 400);
    assert.deepEqual(codes(r), ['invalid_order_status']);
    sb.setOrderStatus(id, 'issued');
    for (const body of [{}, { certificate: 'x' }, { certificate: null }]) {
      assert.deepEqual(codes(await call(sb, 'POST', `/order/certificate/${id}/reissue`, body)), ['invalid_value:certificate'], JSON.stringify(body));
    }
    assert.deepEqual(codes(await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: {} })), ['invalid_value:csr', 'invalid_value:common_name']);
    assert.deepEqual(codes(await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: { common_name: 'a', csr: 'b', dns_names: 'c' } })), ['invalid_value:dns_names']);
    const first = (await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: { common_name: 'a.example.com', csr: 'b' } })).json.requests[0].id;
    r = await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: { common_name: 'b.example.com', csr: 'b' } });
    assert.equal(r.status, 201);
    const o = sb.orders.get(id);
    assert.equal(o.requests.find((x) => x.id === first).status, 'rejected');
    sb.setOrderStatus(id, 'issued');
    assert.equal(o.common_name, 'b.example.com');
    // Code signing: no common_name on a reissue.
    const cs = await place(sb, {}, 'code_signing');
    sb.setOrderStatus(cs, 'issued');
    assert.deepEqual(codes(await call(sb, 'POST', `/order/certificate/${cs}/reissue`, { certificate: { common_name: 'x', csr: 'y' } })), ['invalid_value:common_name']);
    assert.equal((await call(sb, 'POST', `/order/certificate/${cs}/reissue`, { certificate: { csr: 'y' } })).status, 201);
  });

  test('reissue list: each reissue pending, issued or rejected with its CSR, newest first; rejected ones only with show_archived', async () => {
    const id = await place(sb);
    const list = async (q = '') => (await call(sb, 'GET', `/order/certificate/${id}/reissue${q}`)).json.certificates;
    assert.deepEqual(await list(), [], 'none before a reissue');
    sb.setOrderStatus(id, 'issued');
    await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: { common_name: 'a.example.com', csr: '<csr1>' } });
    await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: { common_name: 'b.example.com', csr: '<csr2>' } });
    let l = await list();
    assert.deepEqual(l.map((c) => [c.status, c.csr, c.common_name]), [['pending', '<csr2>', 'b.example.com']]);
    assert.match(l[0].date_created, /^\d{4}-\d\d-\d\dT/);
    assert.equal(l[0].date_issued, undefined);
    assert.deepEqual((await list('?show_archived=true')).map((c) => [c.status, c.csr]), [['pending', '<csr2>'], ['rejected', '<csr1>']]);
    sb.setOrderStatus(id, 'issued');
    l = await list();
    assert.deepEqual(l.map((c) => [c.status, c.csr]), [['issued', '<csr2>']]);
    assert.equal(l[0].id, sb.orders.get(id).certificate_id);
    assert.equal(l[0].valid_till, sb.orders.get(id).issued.valid_till);
    assert.equal(l[0].key_size, 2048);
    // A canceled reissue is rejected (archived).
    await call(sb, 'POST', `/order/certificate/${id}/reissue`, { certificate: { common_name: 'c.example.com', csr: '<csr3>' } });
    assert.equal((await cancel(id, { status: 'canceled', note: 'Wrong key.' })).status, 204);
    assert.deepEqual((await list('?show_archived=true')).map((c) => [c.status, c.csr]), [['rejected', '<csr3>'], ['issued', '<csr2>'], ['rejected', '<csr1>']]);
    assert.equal((await call(sb, 'GET', '/order/certificate/999999/reissue')).status, 404);
    const put = await call(sb, 'PUT', `/order/certificate/${id}/reissue`, {});
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST, OPTIONS');
  });

  test('check-dcv: pending → pending and counts as a read (issues it); issued → valid; other states → 400; email DCV → 400', async () => {
    const id = await place(sb, { certificate: { common_name: 'example.com', dns_names: ['example.org', 'example.com'] }, dcv_method: 'dns-txt-token' });
    const dcv = () => call(sb, 'PUT', `/order/certificate/${id}/check-dcv`);
    let r = await dcv();
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {
      order_status: 'pending', certificate_id: sb.orders.get(id).certificate_id, dcv_status: 'pending',
      dns_name_validations: [{ dns_name: 'example.com', status: 'pending' }, { dns_name: 'example.org', status: 'pending' }],
    });
    r = await dcv();
    assert.equal(r.json.order_status, 'pending');
    r = await dcv();
    assert.equal(r.json.order_status, 'issued');
    assert.equal(r.json.dcv_status, 'valid');
    assert.deepEqual(r.json.dns_name_validations.map((x) => x.status), ['approved', 'approved']);
    // A subset, as the request parameter asks.
    r = await call(sb, 'PUT', `/order/certificate/${id}/check-dcv`, { dns_name_validations: [{ dns_name: 'example.org' }] });
    assert.deepEqual(r.json.dns_name_validations, [{ dns_name: 'example.org', status: 'approved' }]);
    for (const s of ['needs_approval', 'canceled', 'reissue_pending']) {
      sb.setOrderStatus(id, s);
      r = await dcv();
      assert.equal(r.status, 400, s);
      assert.deepEqual(codes(r), ['invalid_order_status']);
    }
    const mail = await place(sb, { dcv_method: 'email' });
    assert.deepEqual(codes(await call(sb, 'PUT', `/order/certificate/${mail}/check-dcv`)), ['invalid_dcv_method']);
    assert.deepEqual(codes(await call(sb, 'PUT', '/order/certificate/4242/check-dcv')), ['not_found|order']);
  });
});

describe('lifecycle: rate limits', () => {
  const SMALL = { short: { limit: 5, windowMs: 200 } };

  test('over the window → 429 request_limit_exceeded (no Retry-After); refused ones count; the window rolls on', async () => {
    const sb = await startSandbox({ rateLimit: SMALL });
    try {
      const rs = await Promise.all(Array.from({ length: 7 }, () => call(sb, 'GET', '/order/certificate/status-changes?minutes=1')));
      const limited = rs.filter((r) => r.status === 429);
      assert.equal(limited.length, 2);
      for (const r of limited) {
        assert.deepEqual(r.json, { errors: [{ code: 'request_limit_exceeded', message: 'Service unavailable, please limit request volume' }] });
        assert.equal(r.headers.get('retry-after'), null);
      }
      assert.equal(sb.rateLimited, 2);
      assert.equal(sb.requests.length, 7, 'refused requests are recorded too');
      assert.deepEqual((await control(sb, 'GET', 'stats')).json, { requests: 7, rateLimited: 2, orders: 0, queued: 0 });
      // Control endpoints and preflights are not counted.
      for (let i = 0; i < 10; i++) await control(sb, 'GET', 'orders');
      await fetch(`${sb.baseUrl}/order/certificate/1000`, { method: 'OPTIONS' });
      assert.equal(sb.rateLimited, 2);
      await sleep(220);
      assert.equal((await call(sb, 'GET', '/order/certificate/status-changes?minutes=1')).status, 200);
      sb.reset();
      assert.equal(sb.rateLimited, 0);
      assert.deepEqual(sb.config.rateLimit, { short: { limit: 5, windowMs: 200 }, long: null, retryAfter: false });
    } finally {
      await sb.close();
    }
  });

  test('a refused request does not consume a queued behavior; the long window; Retry-After when asked; per API key', async () => {
    const sb = await startSandbox({ rateLimit: { short: { limit: 3, windowMs: 150 }, long: { limit: 4, windowMs: 60_000 }, retryAfter: true } });
    try {
      for (let i = 0; i < 3; i++) await call(sb, 'GET', '/order/alternate/x');
      sb.enqueue({ type: 'status', status: 503 });
      const r = await call(sb, 'GET', '/order/alternate/x');
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '1');
      assert.equal(sb.queued, 1, 'the 429 did not take the queued behavior');
      await sleep(160);
      const longer = await call(sb, 'GET', '/order/alternate/x');
      assert.equal(longer.status, 429, 'the long window (4 per minute) is full, the 429s counted');
      assert.equal(longer.headers.get('retry-after'), '60');
      // Another key has its own windows.
      const other = await call(sb, 'GET', '/order/alternate/x', undefined, { 'x-dc-devkey': 'another' });
      assert.equal(other.status, 503, 'the queued behavior, now');
      assert.equal(sb.queued, 0);
    } finally {
      await sb.close();
    }
  });

  test('rateLimit: true is CertCentral\'s two windows; configure() switches it on and off; bad values throw', async () => {
    const sb = await startSandbox();
    try {
      assert.equal(sb.config.rateLimit, false);
      assert.deepEqual(sb.configure({ rateLimit: true }).rateLimit, { short: { limit: 100, windowMs: 5000 }, long: { limit: 1000, windowMs: 180000 }, retryAfter: false });
      assert.deepEqual(sb.configure({ rateLimit: { retryAfter: true } }).rateLimit.short, { limit: 100, windowMs: 5000 });
      const r = await control(sb, 'POST', 'configure', { rateLimit: { short: { limit: 1, windowMs: 1000 } } });
      assert.equal(r.json.config.rateLimit.short.limit, 1);
      assert.equal((await call(sb, 'GET', '/order/alternate/x')).status, 200);
      assert.equal((await call(sb, 'GET', '/order/alternate/x')).status, 429);
      sb.configure({ rateLimit: false });
      assert.equal((await call(sb, 'GET', '/order/alternate/x')).status, 200);
      for (const bad of ['yes', { short: { limit: 0, windowMs: 5 } }, { short: { limit: 1 } }, { medium: {} }, { retryAfter: 1 }]) {
        assert.throws(() => sb.configure({ rateLimit: bad }), TypeError, JSON.stringify(bad));
      }
    } finally {
      await sb.close();
    }
  });
});

describe('lifecycle: queue targeting (match) and committed faults (commit)', () => {
  let sb;
  before(async () => { sb = await startSandbox({ port: 0 }); });
  after(() => sb.close());
  beforeEach(() => sb.reset());

  test('match: consumed only by the first matching request; others are handled normally; plain behaviors still go to the next request', async () => {
    const id = await place(sb);
    sb.enqueue({ type: 'status', status: 500, match: 'POST /order/certificate' }, { type: 'status', status: 418 });
    let r = await call(sb, 'GET', `/order/certificate/${id}`);
    assert.equal(r.status, 418, 'the first behavior that applies: the one without match');
    r = await call(sb, 'GET', `/order/certificate/${id}`);
    assert.equal(r.status, 200);
    assert.equal(sb.queued, 1);
    r = await call(sb, 'POST', '/order/certificate/ssl_securesite', ORDER);
    assert.equal(r.status, 500);
    assert.equal(sb.queued, 0);
    // Method optional, prefix match, a full /services/v2 path also works.
    sb.enqueue({ type: 'status', status: 503, match: '/order/alternate' }, { type: 'status', status: 502, match: `get ${'/services/v2'}/order/certificate/${id}` });
    assert.equal((await call(sb, 'GET', '/order/certificate/status-changes?minutes=1')).status, 200);
    assert.equal((await call(sb, 'GET', `/order/certificate/${id}`)).status, 502);
    assert.equal((await call(sb, 'GET', '/order/alternate/PO1')).status, 503);
  });

  test('commit: the POST really creates the order, the client never learns it (reset, 500, HTML 502, hang)', async () => {
    for (const b of [{ type: 'reset' }, { type: 'status', status: 500 }, { type: 'html', status: 502 }]) {
      sb.reset();
      sb.enqueue({ ...b, commit: true, match: 'POST /order/certificate' });
      const r = await call(sb, 'POST', '/order/certificate/ssl_securesite', { ...ORDER, alternative_order_id: 'PO-1' }).catch(() => null);
      if (b.type === 'reset') assert.equal(r, null);
      else assert.equal(r.status, b.status);
      assert.equal(sb.orders.size, 1, b.type);
      const found = await call(sb, 'GET', '/order/alternate/PO-1');
      assert.equal(found.json.orders.length, 1, b.type);
    }
    sb.reset();
    sb.enqueue({ type: 'hang', commit: true });
    const pending = call(sb, 'POST', '/order/certificate/ssl_securesite', ORDER).catch(() => 'failed'); // ends at close()
    await until(() => sb.orders.size === 1);
    sb.reset();
    // Without commit nothing is created.
    sb.enqueue({ type: 'status', status: 500, match: 'POST /order/certificate' });
    await call(sb, 'POST', '/order/certificate/ssl_securesite', ORDER);
    assert.equal(sb.orders.size, 0);
    void pending;
  });

  test('commit: a read counts as a poll; delay answers the real response late; truncate/drip cut the real response', async () => {
    const id = await place(sb);
    sb.enqueue({ type: 'status', status: 500, commit: true });
    assert.equal((await call(sb, 'GET', `/order/certificate/${id}`)).status, 500);
    assert.equal(sb.orders.get(id).polls, 1);
    sb.enqueue({ type: 'delay', ms: 30, commit: true });
    const t0 = Date.now();
    const r = await call(sb, 'GET', `/order/certificate/${id}`);
    assert.ok(Date.now() - t0 >= 25);
    assert.equal(r.json.status, 'pending', 'the answer computed when the request came');
    assert.equal(sb.orders.get(id).status, 'issued');
    sb.enqueue({ type: 'drip', intervalMs: 0, commit: true });
    const dripped = await rawRequest(`${sb.baseUrl}/order/alternate/never-used`);
    assert.equal(dripped.status, 200);
    assert.equal(dripped.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(dripped.text), { orders: [], page: { total: 0, limit: 1000, offset: 0 } });
    sb.enqueue({ type: 'truncate', commit: true });
    const res = await fetch(`${sb.baseUrl}/certificate/download/order/${id}/format/default`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/zip');
    await assert.rejects(res.arrayBuffer());
  });

  test('validateBehavior: match and commit', () => {
    assert.doesNotThrow(() => validateBehavior({ type: 'reset', commit: true, match: 'POST /order/certificate' }));
    assert.doesNotThrow(() => validateBehavior({ type: 'hang', match: '/order/alternate' }));
    assert.doesNotThrow(() => validateBehavior({ type: 'delay', ms: 1, then: { type: 'reset', commit: true } }));
    for (const bad of [
      { type: 'reset', match: 'order/certificate' },
      { type: 'reset', match: 'POST' },
      { type: 'reset', match: 5 },
      { type: 'reset', commit: 'yes' },
      { type: 'created', commit: true },
      { type: 'huge', commit: true },
      { type: 'delay', then: { type: 'reset', match: '/x' } },
      { type: 'delay', commit: true, then: { type: 'reset', commit: true } },
    ]) {
      assert.throws(() => validateBehavior(bad), TypeError, JSON.stringify(bad));
    }
  });

  test('count(method, path): requests matching a method and a path prefix or RegExp', async () => {
    const id = await place(sb);
    await call(sb, 'GET', `/order/certificate/${id}`);
    await call(sb, 'GET', `/order/certificate/${id}`);
    await call(sb, 'GET', '/order/alternate/x');
    assert.equal(sb.count('POST', '/order/certificate'), 1);
    assert.equal(sb.count('get', `/order/certificate/${id}`), 2);
    assert.equal(sb.count('GET', '/services/v2/order/'), 3);
    assert.equal(sb.count('GET', /\/order\/certificate\/\d+$/), 2);
    assert.equal(sb.count(null, '/order/'), 4);
    assert.equal(sb.count('/order/alternate'), 1);
    assert.equal(sb.count('PUT'), 0);
    assert.equal(sb.count(), 4);
  });
});

/** GET with node:http (no keep-alive), collecting status, headers and body. */
function rawRequest(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('lifecycle with an api key', () => {
  test('every lifecycle endpoint wants the key (401 before the order lookup); preflights allow PUT', async () => {
    const sb = await startSandbox({ apiKey: 'test-key' });
    try {
      for (const [method, path] of [
        ['GET', '/order/certificate/1000'], ['GET', '/order/certificate/status-changes?minutes=1'], ['GET', '/order/alternate/x'],
        ['GET', '/certificate/download/order/1000/format/pem_all'], ['GET', '/certificate/9000/download/format/p7b'],
        ['PUT', '/order/certificate/1000/status'], ['PUT', '/certificate/9000/revoke'], ['PUT', '/order/certificate/1000/revoke'],
        ['POST', '/order/certificate/1000/reissue'], ['PUT', '/order/certificate/1000/check-dcv'],
      ]) {
        const r = await call(sb, method, path, method === 'GET' ? undefined : {});
        assert.equal(r.status, 401, `${method} ${path}`);
        assert.deepEqual(codes(r), ['access_denied|invalid_api_key']);
      }
      const r = await call(sb, 'GET', '/order/certificate/1000', undefined, { 'x-dc-devkey': 'test-key' });
      assert.equal(r.status, 404);
      const pre = await fetch(`${sb.baseUrl}/order/certificate/1000/status`, { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'PUT' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-methods'), 'GET, POST, PUT, OPTIONS');
    } finally {
      await sb.close();
    }
  });
});

describe('CLI: lifecycle options', () => {
  test('--issue-after-polls, --issue-after-ms, --rate-limit', async () => {
    const child = spawn(process.execPath, [SANDBOX_FILE, '--port=0', '--issue-after-polls', '1', '--issue-after-ms=5000', '--rate-limit'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    const exited = new Promise((r) => child.once('exit', (code) => r(code)));
    try {
      await until(() => out.includes('\n'), 4000);
      const base = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\/services\/v2/)[1];
      const res = await fetch(`${base}/__sandbox/configure`, { method: 'POST', body: '{}' });
      assert.deepEqual((await res.json()).config, {
        issueAfterPolls: 1, issueAfterMs: 5000, uniqueAlternativeIds: false,
        rateLimit: { short: { limit: 100, windowMs: 5000 }, long: { limit: 1000, windowMs: 180000 }, retryAfter: false },
      });
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    for (const args of [['--issue-after-polls', 'x'], ['--issue-after-ms', '-1'], ['--rate-limit=5'], ['--issue-after-polls']]) {
      const bad = spawn(process.execPath, [SANDBOX_FILE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      assert.equal(await new Promise((r) => bad.once('exit', r)), 2, args.join(' '));
    }
  });
});
