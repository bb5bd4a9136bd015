// Tests of the CertCentral sandbox itself. Run: node --test tests/sandbox/
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox, PRODUCTS, validateBehavior } from './sandbox.mjs';

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
    let res = await post(sb, 'ssl_securesite', { validity_years: 3 });
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
