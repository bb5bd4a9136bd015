// The demo portal in live mode (CERTCENTRAL_API_KEY set), pointed at a CertCentral sandbox this
// file starts on 127.0.0.1: what the portal keeps across a restart. No browser: the page's side
// (looking an order up by its alternative_order_id before sending it again) is portal.test.mjs's.
//
//   node --test tests/e2e/live.test.mjs     (from the repository root)
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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
async function startPortal(args = ['--state', stateDir], env = { CERTCENTRAL_API_KEY: KEY, CERTCENTRAL_BASE_URL: sandbox.baseUrl }, { fileLimitKb } = {}) {
  const base = { ...process.env };
  delete base.CERTCENTRAL_API_KEY;
  delete base.CERTCENTRAL_BASE_URL;
  const argv = [join(root, 'www', 'server.mjs'), '--port', '0', ...args];
  // A file size limit stands in for a full disk (writes past it fail with EFBIG).
  const child = fileLimitKb === undefined
    ? spawn(process.execPath, argv, { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('bash', ['-c', `ulimit -f ${fileLimitKb} && exec "$0" "$@"`, process.execPath, ...argv], { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

test('a POST under way when the portal stops is not sent again after its restart while CertCentral may still create it; SIGTERM lets one finish', async () => {
  // CertCentral takes the order 2 s after its POST and never answers it; the portal is killed.
  const alt = `slow${Date.now()}`;
  const first = await startPortal();
  sandbox.enqueue({ type: 'hang', commitAfterMs: 2000, match: 'POST /order/certificate' });
  const before = posts();
  const pending = post(first, order(alt)).catch((e) => e);
  for (const deadline = Date.now() + 5000; posts() === before; await new Promise((r) => setTimeout(r, 20))) {
    assert.ok(Date.now() < deadline, 'the POST did not reach the sandbox');
  }
  await kill(first);
  await pending;
  const second = await startPortal();
  // Looked up at once, CertCentral lists nothing yet; the page would then send it again: the
  // portal holds that back (it was a duplicate order before).
  const none = await api(second, `/order/alternate/${alt}`);
  assert.equal((await none.json()).orders.length, 0);
  const again = await post(second, order(alt));
  assert.equal(again.status, 409);
  const [held] = (await again.json()).errors;
  assert.equal(held.code, 'order_in_progress');
  assert.match(held.message, /got no answer: CertCentral may still create it\. Look it up by that id; it is not sent again before \d\d:\d\d:\d\d UTC\./);
  assert.ok(Number(again.headers.get('retry-after')) > 500, 'Retry-After: the rest of ten minutes');
  assert.equal(posts(), before + 1, 'not sent again');
  // Once CertCentral has it, the lookup finds it.
  for (const deadline = Date.now() + 5000; ; await new Promise((r) => setTimeout(r, 100))) {
    const found = (await (await api(second, `/order/alternate/${alt}`)).json()).orders;
    if (found.length) { assert.equal(found.length, 1); break; }
    assert.ok(Date.now() < deadline, 'the order was created and is found');
  }

  // SIGTERM while an order is being forwarded: its answer is relayed before the portal exits.
  sandbox.enqueue({ type: 'delay', ms: 1000, match: 'POST /order/certificate' });
  const slow = post(second, order(`term${Date.now()}`));
  await new Promise((r) => setTimeout(r, 300));
  const exited = new Promise((resolve) => second.child.once('exit', (code) => resolve(code)));
  second.child.kill('SIGTERM');
  const answered = await slow;
  assert.equal(answered.status, 201);
  assert.equal(await exited, 0);
  assert.match(second.output, /stopping: waiting for 1 order being forwarded to get its answer/);
});

test('on a full disk the kept ids are not lost: a file that cannot be compacted stays, and an order that cannot be recorded is not sent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-full-'));
  try {
    const first = await startPortal(['--state', dir]);
    const alts = [];
    for (let i = 0; i < 30; i++) {
      const alt = `full${i}x${Date.now()}`;
      alts.push(alt);
      assert.equal((await post(first, order(alt))).status, 201);
    }
    await kill(first);
    // Padding makes the file due for compaction on the next start.
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
    const text = readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, file), `${text}${'\n'.repeat(3000)}`);
    // The compacted file would not fit under 2 KB: the old one stays, and the portal starts.
    const full = await startPortal(['--state', dir], undefined, { fileLimitKb: 2 });
    assert.equal(full.code, undefined, full.output);
    assert.match(full.output, /could not compact .*; it stays as it was/);
    const lookups = sandbox.count('GET', '/order/alternate');
    assert.equal((await (await api(full, `/order/alternate/${alts[0]}`)).json()).orders.length, 1);
    assert.equal(sandbox.count('GET', '/order/alternate'), lookups + 1, 'forwarded: an id it kept');
    // A new order cannot be recorded: not sent.
    const before = posts();
    const refused = await post(full, order(`new${Date.now()}`));
    assert.equal(refused.status, 503);
    assert.match((await refused.json()).errors[0].message, /cannot record the order before sending it .*nothing was sent/);
    assert.equal(posts(), before);
    await kill(full);
    // With room again, every id is still there.
    const roomy = await startPortal(['--state', dir]);
    for (const alt of [alts[0], alts[29]]) assert.equal((await (await api(roomy, `/order/alternate/${alt}`)).json()).orders.length, 1, alt);
    await kill(roomy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 5xx is no refusal: the order is still looked up in CertCentral', async () => {
  const portal = await startPortal();
  // CertCentral creates the order and answers 500: the lookup is forwarded and finds it.
  const alt = `five${Date.now()}`;
  sandbox.enqueue({ type: 'status', status: 500, commit: true, match: 'POST /order/certificate' });
  assert.equal((await post(portal, order(alt))).status, 500);
  const lookups = sandbox.count('GET', '/order/alternate');
  assert.equal((await (await api(portal, `/order/alternate/${alt}`)).json()).orders.length, 1);
  assert.equal(sandbox.count('GET', '/order/alternate'), lookups + 1, 'forwarded');
  await kill(portal);
});

test('a file compacted while the portal runs keeps what it holds: an order placed, one being sent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-compact-'));
  try {
    const portal = await startPortal(['--state', dir]);
    const placed = await post(portal, order(`kept${Date.now()}`));
    assert.equal(placed.status, 201);
    const { id } = await placed.json();
    // Refused orders, two lines each and none kept, until the file is compacted (past 1,000
    // lines more than twice what it holds).
    sandbox.enqueue(Array.from({ length: 505 }, () => ({ type: 'status', status: 400, match: 'POST /order/certificate' })));
    for (let i = 0; i < 505; i++) assert.equal((await post(portal, order(`no${i}x${Date.now()}`))).status, 400);
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
    const lines = () => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.ok(lines().length < 20, `compacted: ${lines().length} lines`);
    // An order CertCentral takes late; the portal is killed while it is sent.
    const late = `late${Date.now()}`;
    sandbox.enqueue({ type: 'hang', commitAfterMs: 1500, match: 'POST /order/certificate' });
    const before = posts();
    const pending = post(portal, order(late)).catch((e) => e);
    for (const deadline = Date.now() + 5000; posts() === before; await new Promise((r) => setTimeout(r, 20))) {
      assert.ok(Date.now() < deadline, 'the POST did not reach the sandbox');
    }
    assert.ok(lines().some((e) => e.alt === late && e.settled === undefined), 'the order being sent is in the file');
    await kill(portal);
    await pending;
    const again = await startPortal(['--state', dir]);
    assert.equal((await post(again, order(late))).status, 409, 'held back after the restart');
    assert.equal((await api(again, `/order/certificate/${id}`)).status, 200, 'the order placed before is still followed');
    await kill(again);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an empty lock file (a crash before its id was written, a full disk) is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-lock-'));
  try {
    const first = await startPortal(['--state', dir]);
    await kill(first);
    const [lock] = readdirSync(dir).filter((f) => f.endsWith('.lock'));
    writeFileSync(join(dir, lock), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, lock), old, old);
    const second = await startPortal(['--state', dir]);
    assert.equal(second.code, undefined, second.output);
    assert.equal(readFileSync(join(dir, lock), 'utf8').trim(), String(second.child.pid));
    await kill(second);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
