// The README's Node examples run against the local sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startSandbox } from '../sandbox/sandbox.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('examples/place-order.mjs places an order against the sandbox', async () => {
  const sb = await startSandbox({ port: 0, apiKey: 'demo-key-for-example' });
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'examples', 'place-order.mjs')], {
      env: { ...process.env, CERTCENTRAL_BASE_URL: sb.baseUrl, CERTCENTRAL_API_KEY: 'demo-key-for-example' },
    });
    assert.match(stdout, /^Order \d+ placed; request status: pending$/m);
    assert.equal(sb.requests.length, 1);
    assert.equal(sb.requests[0].path, '/services/v2/order/certificate/ssl_securesite');
    assert.equal(sb.requests[0].headers['x-dc-devkey'], 'demo-key-for-example');
  } finally {
    await sb.close();
  }
});

test('examples/order-to-certificate.mjs places, waits, downloads; a second run orders nothing more', async () => {
  const sb = await startSandbox({ port: 0, apiKey: 'demo-key-for-example' });
  const out = join(mkdtempSync(join(tmpdir(), 'cc-example-')), 'certificate.pem');
  const run = () => promisify(execFile)(process.execPath, [join(root, 'examples', 'order-to-certificate.mjs'), 'wwwexamplecomtest', out], {
    env: { ...process.env, CERTCENTRAL_BASE_URL: sb.baseUrl, CERTCENTRAL_API_KEY: 'demo-key-for-example', POLL_INTERVAL_MS: '20' },
  });
  try {
    const first = await run();
    assert.match(first.stdout, /^Order (\d+) issued \(certificate \d+\); saved to /m);
    assert.match(first.stderr, /status: pending[\s\S]*status: issued/);
    assert.match(readFileSync(out, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
    const second = await run();
    assert.match(second.stderr, /\(placed before\)/);
    const posts = sb.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'one order in two runs');
    assert.ok(sb.requests.every((r) => r.headers['x-dc-devkey'] === 'demo-key-for-example' && !r.path.includes('demo-key')));
  } finally {
    await sb.close();
  }
});
