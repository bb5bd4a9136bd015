// The README's Node quick start places an order against the local sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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
