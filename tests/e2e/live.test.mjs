// The demo portal in live mode (CERTCENTRAL_API_KEY set), pointed at a CertCentral sandbox this
// file starts on 127.0.0.1: what the portal keeps across a restart. No browser: the page's side
// (looking an order up by its alternative_order_id before sending it again) is portal.test.mjs's.
//
//   node --test tests/e2e/live.test.mjs     (from the repository root)
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../sandbox/sandbox.mjs';
import { holdE2eLock } from './serial.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEY = 'live-test-key-0123456789';
const order = (alt) => ({
  certificate: { common_name: 'kept.example.com', csr: readFileSync(join(root, 'tests', 'fixtures', 'csr', 'rsa2048.pem'), 'utf8'), signature_hash: 'sha256' },
  organization: { id: 123456 },
  validity_years: 1,
  ...(alt && { alternative_order_id: alt }),
});

let sandbox;
let stateDir;
let releaseLock;
const servers = [];

before(async () => {
  releaseLock = await holdE2eLock();
  const built = existsSync(join(root, 'pkg', 'package.json'));
  execFileSync(join(root, 'www', 'setup.sh'), built ? ['--no-build'] : [], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  sandbox = await startSandbox({ apiKey: KEY, issueAfterPolls: 0 });
  stateDir = mkdtempSync(join(tmpdir(), 'portal-state-'));
});

after(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await sandbox?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  releaseLock?.();
});

/**
 * Runs `node www/server.mjs --port 0 ...args` in live mode against the sandbox. Resolves with
 * `{child, portal, cookie, output}` once it listens, or with `{child, code, output}` when it exits
 * first.
 */
async function startPortal(args = ['--state', stateDir], env = { CERTCENTRAL_API_KEY: KEY, CERTCENTRAL_BASE_URL: sandbox.baseUrl }) {
  const base = { ...process.env };
  delete base.CERTCENTRAL_API_KEY;
  delete base.CERTCENTRAL_BASE_URL;
  const child = spawn(process.execPath, [join(root, 'www', 'server.mjs'), '--port', '0', ...args], { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const s = { child, output: '' };
  servers.push(s);
  child.stdout.on('data', (d) => { s.output += d; });
  child.stderr.on('data', (d) => { s.output += d; });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the portal did not start in 10 s:\n${s.output}`)), 10_000);
    child.once('exit', (code) => { clearTimeout(timer); s.code = code; resolve(); });
    child.stdout.on('data', () => {
      if (/^Portal: /m.test(s.output)) { clearTimeout(timer); resolve(); }
    });
  });
  if (s.code !== undefined) return s;
  s.portal = s.output.match(/^Portal: (\S+)$/m)[1];
  const page = await fetch(s.portal);
  s.cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  return s;
}

function api(s, path, init = {}) {
  return fetch(new URL(`/api/certcentral${path}`, s.portal), { ...init, headers: { cookie: s.cookie, ...init.headers } });
}
const post = (s, body) => api(s, '/order/certificate/ssl_securesite', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const posts = () => sandbox.count('POST', '/order/certificate');

async function kill(s) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGKILL');
  await exited;
}

// A test that failed half-way leaves its portal running, holding the state's lock: the next
// test starts without it.
beforeEach(async () => { for (const s of servers) await kill(s); });

test('an order whose answer was lost when the portal went down is found after its restart, and followed', async () => {
  const alt = `lost${Date.now()}`;
  const first = await startPortal();
  // CertCentral creates the order and never answers; the portal is killed meanwhile.
  sandbox.enqueue({ type: 'hang', commit: true, match: 'POST /order/certificate' });
  const before = posts();
  const pending = post(first, order(alt)).catch((e) => e);
  for (const deadline = Date.now() + 5000; posts() === before; await new Promise((r) => setTimeout(r, 20))) {
    assert.ok(Date.now() < deadline, 'the POST did not reach the sandbox');
  }
  await kill(first);
  assert.ok(await pending instanceof Error, 'the page got no answer');

  const second = await startPortal();
  // The page looks its order up before sending it again: before the ids were kept, the restarted
  // portal answered {"orders": []} (an id it never forwarded) and the page placed it twice.
  const lookup = await api(second, `/order/alternate/${alt}`);
  assert.equal(lookup.status, 200);
  const listed = (await lookup.json()).orders;
  assert.equal(listed.length, 1, 'the order placed before the restart is listed');
  const id = listed[0].order_id;
  assert.equal(posts(), before + 1, 'one order');
  // Found, it is this portal's: its status is forwarded.
  const info = await api(second, `/order/certificate/${id}`);
  assert.equal(info.status, 200);
  assert.equal((await info.json()).id, id);
  await kill(second);
});

test('an order placed before a restart is still followed and downloaded after it; one refused is not looked up', async () => {
  const first = await startPortal();
  const placed = await post(first, order(`kept${Date.now()}`));
  assert.equal(placed.status, 201);
  const { id } = await placed.json();

  // Refused for sure by CertCentral: its id opens no lookup, before and after a restart.
  const refusedAlt = `refused${Date.now()}`;
  sandbox.enqueue({ type: 'status', status: 400, match: 'POST /order/certificate' });
  assert.equal((await post(first, order(refusedAlt))).status, 400);
  await kill(first);

  const second = await startPortal();
  const info = await api(second, `/order/certificate/${id}`);
  assert.equal(info.status, 200, 'the order placed before the restart is followed');
  sandbox.setOrderStatus(id, 'issued');
  const pem = await api(second, `/certificate/download/order/${id}/format/pem_all`);
  assert.equal(pem.status, 200);
  assert.match(await pem.text(), /-----BEGIN CERTIFICATE-----/);

  const lookups = sandbox.count('GET', '/order/alternate');
  const none = await api(second, `/order/alternate/${refusedAlt}`);
  assert.deepEqual(await none.json(), { orders: [] });
  assert.equal(sandbox.count('GET', '/order/alternate'), lookups, 'the refused order\'s id is not forwarded');
  // An order another tool placed on the account is still not this portal's.
  const other = await fetch(`${sandbox.baseUrl}/order/certificate/ssl_securesite`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-dc-devkey': KEY }, body: JSON.stringify(order()),
  });
  assert.equal((await api(second, `/order/certificate/${(await other.json()).id}`)).status, 404);
  await kill(second);
});

test('the kept ids are per endpoint and key, one portal at a time, and only in live mode', async () => {
  const first = await startPortal();
  const placed = await post(first, order(`mine${Date.now()}`));
  const { id } = await placed.json();

  // A second portal on the same state while the first runs: refused, naming the first.
  const twin = await startPortal();
  assert.equal(twin.code, 1);
  assert.match(twin.output, new RegExp(`another portal \\(process ${first.child.pid}\\) keeps its orders in .*; stop it first, or give this one its own --state`));
  assert.ok(!twin.output.includes(KEY), 'the key is not printed');
  await kill(first);

  // Another key on the same endpoint keeps its ids in a file of its own: its portal does not take
  // the first key's orders for its own (and forwards nothing for them).
  const files = readdirSync(stateDir).filter((f) => f.endsWith('.ndjson'));
  assert.equal(files.length, 1);
  assert.ok(!readFileSync(join(stateDir, files[0]), 'utf8').includes(KEY), 'the key is not written');
  const other = await startPortal(['--state', stateDir], { CERTCENTRAL_API_KEY: `${KEY}-other`, CERTCENTRAL_BASE_URL: sandbox.baseUrl });
  assert.equal((await api(other, `/order/certificate/${id}`)).status, 404);
  await kill(other);

  // A state directory that cannot be made: exit 1, saying where.
  const file = join(stateDir, 'a-file');
  writeFileSync(file, '');
  const bad = await startPortal(['--state', join(file, 'sub')]);
  assert.equal(bad.code, 1);
  assert.match(bad.output, /cannot keep the forwarded orders' ids in .*a-file\/sub: (ENOTDIR|EEXIST)/);

  // The sandbox forgets its orders when the portal stops: --state there is a usage error.
  const demo = await startPortal(['--state', stateDir], {});
  assert.equal(demo.code, 2);
  assert.match(demo.output, /--state is for live mode/);
});
