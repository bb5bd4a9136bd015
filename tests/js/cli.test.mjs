// The `certcentral-orders` command, as a user runs it: `npx certcentral-orders ...` in the scratch
// app the packed package is installed into, against the local CertCentral sandbox. Exit codes,
// `--help` of every command, human output (`field: message`, colour only when asked for) and
// `--json` (one document on standard output), every command, and bulk orders: validated before
// any is sent, killed half-way through a few hundred with faults injected and run again, each
// order placed once and inside the rate limits. The API key must never show in any output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { appendFileSync, chmodSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, existsSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, exampleBodies } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startSandbox, errorBody } = await import(pathToFileURL(join(root, 'tests', 'sandbox', 'sandbox.mjs')));
const requireFromApp = createRequire(join(app, 'package.json'));
const pkgDir = dirname(requireFromApp.resolve('certcentral-orders/package.json'));
const cc = await import(pathToFileURL(join(pkgDir, 'node.mjs')));

const KEY = 'cliKEY-Hs8Lq3Vz5Tn1Pw7Rb4';
const KEY_PART = KEY.slice(6, 18);
const SSL = 'ssl_securesite';
const TODAY = '2026-11-22';
const ORDER_POST = `/services/v2/order/certificate/${SSL}`;
const bases = exampleBodies(['ssl']);
const ORDER = bases.ssl_min;
const ANSI = /\x1b\[/;

const work = mkdtempSync(join(tmpdir(), 'cc-cli-'));
const file = (name, text) => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};
const ORDER_FILE = file('order.json', JSON.stringify(ORDER, null, 2));

let sb;
before(async () => { sb = await startSandbox({ port: 0, apiKey: KEY }); });
after(async () => {
  await sb?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Every output of every run, for the last test's check that the key never shows. */
const outputs = [];

/** The environment of a run: none of the caller's colour or CertCentral settings leak in. */
function environment(extra) {
  const env = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CERTCENTRAL_API_KEY', 'CERTCENTRAL_BASE_URL', 'CERTCENTRAL_ORDERS_DEBUG']) delete env[k];
  return { ...env, ...extra };
}
const apiEnv = (on = sb) => ({ CERTCENTRAL_API_KEY: KEY, CERTCENTRAL_BASE_URL: on.baseUrl });

/**
 * Starts `npx certcentral-orders ...args` in the scratch app; `direct` runs the installed bin
 * itself (npx ends at once on Ctrl-C, which a test of the command's own Ctrl-C cannot use).
 * `fileSizeLimit` (bytes) runs the bin under that limit on the size of any file it writes
 * (util-linux's prlimit), as a full disk would stop its writes.
 */
function start(args, { env = {}, input, direct = false, fileSizeLimit } = {}) {
  const bin = join(app, 'node_modules', '.bin', 'certcentral-orders');
  const [command, ...pre] = fileSizeLimit !== undefined ? ['prlimit', `--fsize=${fileSizeLimit}`, bin]
    : direct ? [bin] : ['npx', 'certcentral-orders'];
  // A process group of its own, so a signal reaches the command, not only npx (as Ctrl-C on a
  // terminal signals the whole foreground group).
  const child = spawn(command, [...pre, ...args], {
    cwd: app, env: environment(env), stdio: ['pipe', 'pipe', 'pipe'], detached: true,
  });
  const result = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (d) => { result.stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { result.stderr += d; });
  child.stdin.end(input);
  const done = new Promise((resolve) => child.on('close', (code, signal) => {
    outputs.push(result.stdout, result.stderr);
    resolve({ ...result, code, signal });
  }));
  const signal = (name) => process.kill(-child.pid, name);
  return { child, done, result, signal };
}
const cli = (args, options) => start(args, options).done;

/** Exactly one JSON document on standard output. */
function json(run) {
  try {
    return JSON.parse(run.stdout);
  } catch (e) {
    assert.fail(`stdout is not one JSON document (${e.message}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

const posts = (on = sb) => on.requests.filter((r) => r.method === 'POST' && r.path === ORDER_POST).length;
const storedOrders = (on = sb) => [...on.orders.values()];

// ------------------------------------------------------------------------------------------

const COMMANDS = {
  products: 'products [--json]',
  fields: 'fields <product> [--json]',
  validate: 'validate <file|-> --product <id> [--today YYYY-MM-DD] [--json]',
  order: 'order <file|-> --product <id> [--wait] [--download <format> --out <path>] [--json]',
  status: 'status <order-id> [--json]',
  download: 'download <order-id> --format <format> --out <path> [--json]',
  reissue: 'reissue <order-id> <file|-> [--wait] [--download <format> --out <path>] [--json]',
  'check-dcv': 'check-dcv <order-id> [--wait] [--json]',
  cancel: 'cancel <order-id> --note <text> [--json]',
  bulk: 'bulk <orders.ndjson> [--concurrency N] [--journal <path>] [--wait] [--json]',
};

test('--help: the command list, and each command its usage, exit codes and environment', async () => {
  const main = await cli(['--help']);
  assert.equal(main.code, 0, main.stderr);
  for (const name of Object.keys(COMMANDS)) assert.match(main.stdout, new RegExp(`^  ${name} `, 'm'));
  for (const [name, usage] of Object.entries(COMMANDS)) {
    for (const args of [[name, '--help'], [name, '-h'], ['help', name]]) {
      const run = await cli(args);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.ok(run.stdout.includes(`Usage: certcentral-orders ${usage}`), `${args.join(' ')}:\n${run.stdout}`);
      for (const code of ['0', '1', '2']) assert.match(run.stdout, new RegExp(`^  ${code} +\\S`, 'm'), `${name}: exit ${code} documented`);
      assert.match(run.stdout, /CERTCENTRAL_API_KEY/);
      assert.match(run.stdout, /CERTCENTRAL_BASE_URL/);
      assert.equal(run.stderr, '');
    }
  }
  const version = await cli(['--version']);
  assert.equal(version.stdout.trim(), `certcentral-orders ${JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version}`);
});

test('usage errors exit 2 with a pointer to --help and nothing on standard output', async () => {
  const cases = [
    [],
    ['frobnicate'],
    ['help', 'frobnicate'],
    ['validate', ORDER_FILE],
    ['validate', ORDER_FILE, '--product', 'ssl_nonesuch'],
    ['validate', ORDER_FILE, '--product', SSL, '--today', '2026-02-30'],
    ['validate', ORDER_FILE, '--product', SSL, '--colour'],
    ['validate', ORDER_FILE, 'extra', '--product', SSL],
    ['validate', join(work, 'missing.json'), '--product', SSL],
    ['validate', work, '--product', SSL],
    ['fields'],
    ['fields', 'nonesuch'],
    ['status', 'abc'],
    ['status', '-1'],
    ['download', '1'],
    ['download', '1', '--format', 'pem_all'],
    ['order', ORDER_FILE, '--product', SSL, '--download', 'pem_all'],
    ['order', ORDER_FILE, '--product', SSL, '--out', 'x.pem'],
    ['bulk', '-'],
    ['bulk', ORDER_FILE, '--concurrency', '0'],
    ['bulk', ORDER_FILE, '--concurrency', 'many'],
    // Numbers as a person writes them, not as Number() reads them.
    ['bulk', ORDER_FILE, '--concurrency', '0x10'],
    ['bulk', ORDER_FILE, '--concurrency', ' 8 '],
    ['order', ORDER_FILE, '--product', SSL, '--wait', '--poll-interval', '1e1'],
    // A misspelt download format, before the order is placed; an empty --out or --format.
    ['order', ORDER_FILE, '--product', SSL, '--download', 'pem', '--out', join(work, 'typo.pem')],
    ['order', ORDER_FILE, '--product', SSL, '--download', 'PEM_ALL', '--out', join(work, 'typo.pem')],
    ['download', '1', '--format', 'pem_all', '--out', ''],
    ['download', '1', '--format', '', '--out', join(work, 'x.pem')],
    // Wait options without a wait.
    ['order', ORDER_FILE, '--product', SSL, '--poll-interval', '1'],
    ['bulk', ORDER_FILE, '--wait-timeout', '5'],
  ];
  for (const args of cases) {
    const run = await cli(args, { env: apiEnv() });
    assert.equal(run.code, 2, `${JSON.stringify(args)} exits 2: ${run.stderr}`);
    assert.equal(run.stdout, '', `${JSON.stringify(args)}: nothing on stdout`);
    assert.match(run.stderr, /--help/, `${JSON.stringify(args)} points at --help`);
    assert.ok(!run.stderr.includes('    at '), `${JSON.stringify(args)}: no stack trace:\n${run.stderr}`);
  }
  assert.equal(sb.requests.length, 0, 'no usage error sent anything');
});

test('the API key comes from CERTCENTRAL_API_KEY only: never a flag, never echoed', async () => {
  for (const flag of [['--api-key', KEY], [`--api-key=${KEY}`], ['--key', KEY]]) {
    const run = await cli(['status', '1', ...flag], { env: { CERTCENTRAL_BASE_URL: sb.baseUrl } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /CERTCENTRAL_API_KEY/);
    assert.ok(!run.stderr.includes(KEY_PART), 'the key given as a flag is not echoed');
  }
  // Pasted with a line break: a usage error that names the variable, not the client's option.
  for (const pasted of [`${KEY}\r`, ` ${KEY}`, `${KEY}\n`]) {
    const run = await cli(['status', '1', '--json'], { env: { ...apiEnv(), CERTCENTRAL_API_KEY: pasted } });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /CERTCENTRAL_API_KEY holds characters an API key does not/);
    assert.equal(json(run).error.kind, 'usage');
    assert.ok(!run.stderr.includes(KEY_PART) && !run.stdout.includes(KEY_PART));
  }
  const none = await cli(['status', '1'], { env: { CERTCENTRAL_BASE_URL: sb.baseUrl } });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /CERTCENTRAL_API_KEY is not set/);
  const wrong = await cli(['status', '1', '--json'], { env: { ...apiEnv(), CERTCENTRAL_API_KEY: `${KEY}x` } });
  assert.equal(wrong.code, 1);
  assert.equal(json(wrong).error.status, 401);
  assert.equal(sb.requests.length, 1, 'only the run with a key sent anything');
  sb.reset();
});

test('products and fields: a table, or --json equal to products() and orderFields()', async () => {
  const list = await cli(['products']);
  assert.equal(list.code, 0);
  for (const p of cc.products()) assert.match(list.stdout, new RegExp(`^${p.id} .*${p.name.replace(/[()]/g, '\\$&')}`, 'm'));
  assert.match(list.stdout, /^ssl_ev_securesite .*\(DigiCert now sells ssl_ev_securesite_flex in its place\)$/m);
  assert.match(list.stdout, /^client_premium_sha2 .*\(retired 2025-07-10; use secure_email_mailbox/m);
  assert.ok(!ANSI.test(list.stdout), 'no colour when stdout is not a terminal');
  assert.deepEqual(json(await cli(['products', '--json'])), cc.products());

  const fields = await cli(['fields', SSL]);
  assert.equal(fields.code, 0);
  assert.match(fields.stdout, /^ {2}certificate\.common_name {2}string; required/m);
  assert.match(fields.stdout, /^ {2}one of: New organization: name, /m);
  assert.ok(!fields.stdout.includes('undefined'));
  assert.match(fields.stdout, /^ {2}certificate\.signature_hash .*one of: sha256, sha384, sha512/m);
  assert.deepEqual(json(await cli(['fields', SSL, '--json'])), cc.orderFields(SSL));
});

test('validate: exit 0 or 1, an issue a line (its message names its field once) with warnings marked, --json the report', async () => {
  const valid = await cli(['validate', ORDER_FILE, '--product', SSL, '--today', TODAY]);
  assert.equal(valid.code, 0, valid.stderr);
  assert.equal(valid.stdout, 'valid\n');

  // Two errors and a warning (validity_years: the 200-day limit), read from standard input.
  const bad = { ...ORDER, validity_years: 1, certificate: { ...ORDER.certificate, signature_hash: 'md5', common_name: 'exa mple.com' } };
  delete bad.validity_days;
  const report = cc.validateOrder(SSL, bad, { today: TODAY });
  const errors = report.issues.filter((i) => i.severity === 'error');
  const warnings = report.issues.filter((i) => i.severity === 'warning');
  assert.ok(errors.length >= 2 && warnings.length >= 1, JSON.stringify(report.issues));
  const human = await cli(['validate', '-', '--product', SSL, '--today', TODAY], { input: JSON.stringify(bad) });
  assert.equal(human.code, 1);
  const lines = human.stdout.trimEnd().split('\n');
  // The messages start with their field's path: printed as they are, not after the path again.
  for (const i of report.issues) assert.ok(i.message.startsWith(i.field), i.message);
  for (const i of errors) assert.ok(lines.includes(i.message), `error line for ${i.field}:\n${human.stdout}`);
  for (const i of warnings) assert.ok(lines.includes(`warning: ${i.message}`), `warning line for ${i.field}:\n${human.stdout}`);
  assert.equal(lines.at(-1), `invalid: ${errors.length} errors, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`);
  assert.ok(!ANSI.test(human.stdout));

  // An order's text cannot write to the terminal: a newline, ESC sequences (clear the screen,
  // colour) and a bidi override in a value and in a key it made up are printed escaped, each
  // issue on its one line.
  const hostile = { ...bad, certificate: { ...bad.certificate, common_name: 'a\n\u001b[2Jb\u202e' }, 'x\u001b[31m\ny': 1 };
  const escaped = await cli(['validate', '-', '--product', SSL, '--today', TODAY], { input: JSON.stringify(hostile) });
  assert.equal(escaped.code, 1);
  assert.doesNotMatch(escaped.stdout, /[\u001b\u202e\r]/);
  const hostileReport = cc.validateOrder(SSL, hostile, { today: TODAY });
  assert.equal(escaped.stdout.trimEnd().split('\n').length, hostileReport.issues.length + 1, escaped.stdout);
  assert.match(escaped.stdout, /"a\\u\{a\}\\u\{1b\}\[2Jb\\u\{202e\}"/);
  assert.match(escaped.stdout, /^warning: x\\u\{1b\}\[31m\\u\{a\}y is not a field/m);
  // Nor can text that is not an order: a JSON reader's error quotes the input.
  const notJson = await cli(['validate', '-', '--product', SSL], { input: '{"a": \u001b[2J\u202e}' });
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /is not JSON: .*\\u\{1b\}/, notJson.stderr);
  assert.doesNotMatch(notJson.stderr, /[\u001b\u202e]/);

  const asJson = await cli(['validate', '-', '--product', SSL, '--today', TODAY, '--json'], { input: JSON.stringify(bad) });
  assert.equal(asJson.code, 1);
  assert.deepEqual(json(asJson), report);

  // Colour: forced by FORCE_COLOR, and NO_COLOR wins over it.
  const coloured = await cli(['validate', '-', '--product', SSL, '--today', TODAY], { input: JSON.stringify(bad), env: { FORCE_COLOR: '1' } });
  assert.match(coloured.stdout, ANSI);
  const plain = await cli(['validate', '-', '--product', SSL, '--today', TODAY], { input: JSON.stringify(bad), env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.equal(plain.stdout, human.stdout);
  const jsonColoured = await cli(['validate', '-', '--product', SSL, '--today', TODAY, '--json'], { input: JSON.stringify(bad), env: { FORCE_COLOR: '1' } });
  assert.deepEqual(json(jsonColoured), report, '--json is never coloured');

  // Not an order: exit 1 with the reason, as JSON too.
  for (const input of ['{"certificate": ', '[1, 2]', 'null', '\uFEFF{}']) {
    const run = await cli(['validate', '-', '--product', SSL, '--json'], { input });
    assert.equal(run.code, 1, `${JSON.stringify(input)}: ${run.stderr}`);
    const out = json(run);
    assert.ok(out.error?.message || out.valid === false, JSON.stringify(out));
  }
  assert.equal(sb.requests.length, 0, 'validate sends nothing');
});

test('order: placed once (a re-run finds it by its alternative_order_id), --wait and --download write the certificate', async () => {
  sb.reset();
  const out = join(work, 'cert.pem');
  const first = await cli(['order', ORDER_FILE, '--product', SSL, '--today', TODAY, '--download', 'pem_all', '--out', out, '--poll-interval', '0.05', '--json'], { env: apiEnv() });
  assert.equal(first.code, 0, first.stderr + first.stdout);
  const result = json(first);
  assert.equal(result.existing, false);
  assert.equal(result.status, 'issued');
  assert.match(result.alternative_order_id, /^[A-Za-z0-9]{1,64}$/);
  const pem = readFileSync(out, 'utf8');
  assert.match(pem, /^-----BEGIN CERTIFICATE-----/);
  assert.deepEqual(result.download, { format: 'pem_all', contentType: result.download.contentType, bytes: Buffer.byteLength(pem), path: out });
  assert.equal(posts(), 1);
  assert.equal(storedOrders()[0].alternative_order_id, result.alternative_order_id);

  // The same command again (a CI job re-run): no second order; it downloads the same one.
  rmSync(out);
  const again = await cli(['order', ORDER_FILE, '--product', SSL, '--today', TODAY, '--download', 'pem_all', '--out', out, '--poll-interval', '0.05'], { env: apiEnv() });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`already placed as order ${result.order_id} .*not ordering again`));
  assert.equal(again.stdout, `order ${result.order_id}: issued\n`);
  assert.equal(readFileSync(out, 'utf8'), pem);
  assert.equal(posts(), 1, 'still one order');

  // Its own alternative_order_id is used as given; the same body with a new one is a new order.
  const own = file('own.json', JSON.stringify({ ...ORDER, alternative_order_id: 'ownId42' }));
  const third = await cli(['order', own, '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(third.code, 0, third.stderr);
  assert.equal(json(third).alternative_order_id, 'ownId42');
  assert.equal(posts(), 2);

  // An order whose answer is lost (the connection reset after CertCentral created it) is found.
  sb.enqueue({ type: 'reset', commit: true, match: 'POST /order/certificate' });
  const lost = file('lost.json', JSON.stringify({ ...ORDER, alternative_order_id: 'lostAnswer1' }));
  const recovered = await cli(['order', lost, '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(recovered.code, 0, recovered.stderr);
  assert.equal(json(recovered).response.recovered, true);
  assert.equal(storedOrders().filter((o) => o.alternative_order_id === 'lostAnswer1').length, 1);
});

test('order: a body placed before as an order that can no longer be issued exits 1; --json keeps warnings and usage errors; one run at a time sends an order', async () => {
  sb.reset();
  const body = file('ended.json', JSON.stringify({ ...ORDER, alternative_order_id: 'endedOrder1' }));
  const first = await cli(['order', body, '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(first.code, 0, first.stderr);
  const id = json(first).order_id;
  // Pending: found again, not ordered again, still a success.
  const pending = await cli(['order', body, '--product', SSL, '--today', TODAY], { env: apiEnv() });
  assert.equal(pending.code, 0, pending.stderr);
  // Rejected: the same body is not ordered again, and the command says it will not be issued.
  sb.setOrderStatus(id, 'rejected');
  const ended = await cli(['order', body, '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(ended.code, 1, ended.stdout);
  assert.equal(json(ended).order_id, id);
  assert.equal(json(ended).error.kind, 'order_state');
  assert.match(json(ended).error.message, /rejected.*own alternative_order_id/);
  const endedHuman = await cli(['order', body, '--product', SSL, '--today', TODAY], { env: apiEnv() });
  assert.equal(endedHuman.code, 1);
  assert.match(endedHuman.stderr, /^error: Order \d+ is rejected/m);
  assert.doesNotMatch(endedHuman.stderr, /run the same command again/, 'running again would not help');
  // bulk fails its line, and a re-run (its journal says so) fails it again.
  const endedLines = file('ended.ndjson', `${JSON.stringify({ product: SSL, order: { ...ORDER, alternative_order_id: 'endedOrder1' } })}\n`);
  for (const run of [1, 2]) {
    const b = await cli(['bulk', endedLines, '--today', TODAY, '--json'], { env: apiEnv() });
    assert.equal(b.code, 1, `run ${run}: ${b.stdout}`);
    assert.equal(json(b).failures[0].error.kind, 'order_state', `run ${run}`);
  }
  assert.equal(posts(), 1, 'ordered once');

  // --json: the warnings are in the result (and on standard error, as progress is).
  const warned = { ...ORDER, alternative_order_id: 'warnedOrder1', validity_years: 1 };
  delete warned.validity_days;
  const w = await cli(['order', file('warned.json', JSON.stringify(warned)), '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(w.code, 0, w.stderr);
  assert.ok(json(w).warnings.some((i) => i.field === 'validity_years' && i.severity === 'warning'), w.stdout);
  assert.match(w.stderr, /^warning: validity_years /m);
  assert.match(w.stderr, /^placed order \d+/m);
  // A usage error with --json is a JSON document on standard output too.
  const usage = await cli(['order', body, '--product', 'no_such_product', '--json'], { env: apiEnv() });
  assert.equal(usage.code, 2);
  assert.equal(json(usage).error.kind, 'usage');

  // Another live run holds the order's lock (a lookup cannot see its POST in flight): nothing is sent.
  const fresh = { ...ORDER, alternative_order_id: 'lockedOrder1' };
  const lock = join(tmpdir(), `certcentral-orders-${createHash('sha256').update(`${sb.baseUrl}\nlockedOrder1`).digest('hex').slice(0, 32)}.lock`);
  writeFileSync(lock, String(process.pid));
  try {
    const busy = await cli(['order', file('locked.json', JSON.stringify(fresh)), '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
    assert.equal(busy.code, 1, busy.stdout);
    assert.equal(json(busy).error.kind, 'in_flight');
    assert.ok(json(busy).error.message.includes(lock), 'the message names the lock file');
    const lines = file('locked.ndjson', `${JSON.stringify({ product: SSL, order: fresh })}\n`);
    const bulk = await cli(['bulk', lines, '--today', TODAY, '--json'], { env: apiEnv() });
    assert.equal(bulk.code, 1, bulk.stdout);
    assert.equal(json(bulk).failures[0].error.kind, 'in_flight');
    assert.equal(storedOrders().filter((o) => o.alternative_order_id === 'lockedOrder1').length, 0);
  } finally {
    rmSync(lock, { force: true });
  }
  // No lock can be made (the temporary directory is missing): nothing is sent, each line fails
  // and the run ends with its summary.
  const noTmp = await cli(['bulk', file('notmp.ndjson', `${JSON.stringify({ product: SSL, order: fresh })}\n`), '--today', TODAY, '--json'], { env: { ...apiEnv(), TMPDIR: join(work, 'missing') } });
  assert.equal(noTmp.code, 1, noTmp.stdout);
  assert.equal(json(noTmp).failures[0].error.kind, 'lock');
  assert.equal(storedOrders().filter((o) => o.alternative_order_id === 'lockedOrder1').length, 0);
  // A lock left by a process that has ended is taken over.
  writeFileSync(lock, '2147483646');
  const taken = await cli(['order', file('locked.json', JSON.stringify(fresh)), '--product', SSL, '--today', TODAY], { env: apiEnv() });
  assert.equal(taken.code, 0, taken.stderr);
  assert.ok(!existsSync(lock), 'released');
});

test('order: an invalid order sends nothing (exit 1); CertCentral refusing it is exit 1 with its errors', async () => {
  sb.reset();
  const bad = file('bad.json', JSON.stringify({ ...ORDER, certificate: { ...ORDER.certificate, signature_hash: 'md5' } }));
  const human = await cli(['order', bad, '--product', SSL, '--today', TODAY], { env: apiEnv() });
  assert.equal(human.code, 1);
  assert.match(human.stderr, /^certificate\.signature_hash must be one of /m);
  assert.match(human.stderr, /nothing was sent/);
  const asJson = await cli(['order', bad, '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(asJson.code, 1);
  assert.equal(json(asJson).error.kind, 'validation');
  assert.ok(json(asJson).error.issues.some((i) => i.field === 'certificate.signature_hash'));
  assert.equal(sb.requests.length, 0);

  sb.enqueue({ type: 'status', status: 400, match: 'POST /order/certificate', body: errorBody(['invalid_value:organization', 'Organization 123456 does not exist.'], ['access_denied', 'Not allowed.']) });
  const refused = await cli(['order', ORDER_FILE, '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(refused.code, 1, refused.stderr);
  const { error } = json(refused);
  assert.equal(error.kind, 'api');
  assert.equal(error.status, 400);
  assert.deepEqual(error.errors.map((e) => e.code), ['invalid_value:organization', 'access_denied']);
  sb.enqueue({ type: 'status', status: 400, match: 'POST /order/certificate', body: errorBody(['invalid_value:organization', 'Organization 123456 does not exist.'], ['access_denied', 'Not allowed.']) });
  const refusedHuman = await cli(['order', ORDER_FILE, '--product', SSL, '--today', TODAY], { env: apiEnv() });
  assert.equal(refusedHuman.code, 1);
  assert.match(refusedHuman.stderr, /^error: .*HTTP 400/m);
  assert.match(refusedHuman.stderr, /^ {2}access_denied: Not allowed\.$/m);
  assert.equal(storedOrders().length, 0);
});

test("order: a new order's line gives its request's status as the request's, not as the order's; found placed, the order's status", async () => {
  sb.reset();
  // CertCentral answers a new order with its request's status only (pending here).
  const path = file('request-status.json', JSON.stringify({ ...ORDER, alternative_order_id: 'requestStatus1' }));
  const first = await cli(['order', path, '--product', SSL, '--today', TODAY], { env: apiEnv() });
  assert.equal(first.code, 0, first.stderr);
  const [placed] = storedOrders();
  assert.equal(first.stdout, `order ${placed.id}: placed (request pending)\n`);
  // Found placed by its alternative_order_id: the order's own status (the lookup's).
  sb.setOrderStatus(placed.id, 'needs_approval');
  const again = await cli(['order', path, '--product', SSL, '--today', TODAY], { env: apiEnv() });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, `order ${placed.id}: needs_approval\n`);
  // A request submitted for approval (two-step): still "placed", the request's status named as such.
  sb.enqueue({ type: 'created', variant: 'two-step', match: 'POST /order/certificate' });
  const twoStep = await cli(['order', file('two-step.json', JSON.stringify({ ...ORDER, alternative_order_id: 'requestStatus2' })), '--product', SSL, '--today', TODAY], { env: apiEnv() });
  assert.equal(twoStep.code, 0, twoStep.stderr);
  assert.match(twoStep.stdout, /^order \d+: placed \(request submitted\)\n$/);
  // --json keeps its fields: the request's status as request_status, no order status.
  const asJson = await cli(['order', file('request-json.json', JSON.stringify({ ...ORDER, alternative_order_id: 'requestStatus3' })), '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(asJson.code, 0, asJson.stderr);
  assert.equal(json(asJson).request_status, 'pending');
  assert.equal(json(asJson).status, undefined);
});

test('status and download: human and --json, an unknown order exits 1', async () => {
  sb.reset();
  const placed = json(await cli(['order', ORDER_FILE, '--product', SSL, '--today', TODAY, '--wait', '--poll-interval', '0.05', '--json'], { env: apiEnv() }));
  const id = String(placed.order_id);

  const status = await cli(['status', id], { env: apiEnv() });
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, new RegExp(`^order ${id}: issued$`, 'm'));
  assert.match(status.stdout, /^ {2}common name: example\.com$/m);
  const info = json(await cli(['status', id, '--json'], { env: apiEnv() }));
  assert.equal(info.id, Number(id));
  assert.equal(info.status, 'issued');

  const missing = await cli(['status', '424242', '--json'], { env: apiEnv() });
  assert.equal(missing.code, 1);
  assert.equal(json(missing).error.status, 404);

  const zip = join(work, 'cert.zip');
  const download = await cli(['download', id, '--format', 'default', '--out', zip], { env: apiEnv() });
  assert.equal(download.code, 0, download.stderr);
  assert.equal(readFileSync(zip).subarray(0, 2).toString(), 'PK');
  assert.match(download.stdout, /^wrote .*cert\.zip \(default, \d+ bytes\)$/m);
  const p7b = join(work, 'cert.p7b');
  const asJson = json(await cli(['download', id, '--format', 'p7b', '--out', p7b, '--json'], { env: apiEnv() }));
  assert.equal(asJson.bytes, readFileSync(p7b).length);
  assert.equal(asJson.order_id, Number(id));
  const piped = await cli(['download', id, '--format', 'pem_all', '--out', '-'], { env: apiEnv() });
  assert.equal(piped.code, 0);
  assert.match(piped.stdout, /^-----BEGIN CERTIFICATE-----/);

  // certbot's layout: live/cert.pem a link to archive/cert1.pem. The link stays a link and its
  // file gets the certificate, keeping its permissions; a file replaced keeps its own.
  const archive = join(work, 'archive');
  const live = join(work, 'live');
  mkdirSync(archive, { recursive: true });
  mkdirSync(live, { recursive: true });
  writeFileSync(join(archive, 'cert1.pem'), 'old certificate', { mode: 0o640 });
  chmodSync(join(archive, 'cert1.pem'), 0o640);
  symlinkSync(join(archive, 'cert1.pem'), join(live, 'cert.pem'));
  const linked = await cli(['download', id, '--format', 'pem_all', '--out', join(live, 'cert.pem')], { env: apiEnv() });
  assert.equal(linked.code, 0, linked.stderr);
  assert.ok(lstatSync(join(live, 'cert.pem')).isSymbolicLink(), 'the link stays a link');
  assert.match(readFileSync(join(archive, 'cert1.pem'), 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  assert.equal(statSync(join(archive, 'cert1.pem')).mode & 0o777, 0o640);
  // A device is written through, not replaced by a file.
  const devNull = await cli(['download', id, '--format', 'pem_all', '--out', '/dev/null'], { env: apiEnv() });
  assert.equal(devNull.code, 0, devNull.stderr);
  assert.ok(statSync('/dev/null').isCharacterDevice());
  // Standard output by its name is `-` (a pipe here; `>> file` would append).
  const named = await cli(['download', id, '--format', 'pem_all', '--out', '/dev/stdout'], { env: apiEnv() });
  assert.equal(named.code, 0, named.stderr);
  assert.match(named.stdout, /^-----BEGIN CERTIFICATE-----/);
  // A link to a folder that does not exist: refused before anything is asked.
  symlinkSync(join(work, 'no-such-folder', 'cert.pem'), join(work, 'dangling.pem'));
  const requests = sb.requests.length;
  const dangling = await cli(['download', id, '--format', 'pem_all', '--out', join(work, 'dangling.pem')], { env: apiEnv() });
  assert.equal(dangling.code, 2, dangling.stderr);
  assert.match(dangling.stderr, /cannot write there \(ENOENT\)/);
  assert.equal(sb.requests.length, requests);

  // What CertCentral sends is never written to the terminal as it is (escape sequences).
  const stored = sb.orders.get(Number(id));
  stored.issued.valid_from = '2026-01-01\x1b]0;TITLE\x07';
  stored.issued.valid_till = '\x1b[2J\x1b[Hcleared';
  const escaped = await cli(['status', id], { env: apiEnv() });
  assert.equal(escaped.code, 0, escaped.stderr);
  assert.match(escaped.stdout, /^ {2}valid: /m);
  assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(escaped.stdout), JSON.stringify(escaped.stdout));
});

test('reissue: a new CSR waited for and downloaded; run again, nothing is sent; a pending reissue is not requested twice, another\'s not replaced; a lost answer is found on the order; an invalid body sends nothing', async () => {
  sb.reset();
  const placed = await cli(['order', file('toReissue.json', JSON.stringify({ ...ORDER, alternative_order_id: 'toReissue1' })), '--product', SSL, '--today', TODAY, '--wait', '--poll-interval', '0.05', '--json'], { env: apiEnv() });
  assert.equal(placed.code, 0, placed.stderr);
  const id = String(json(placed).order_id);
  const reissues = () => sb.requests.filter((r) => r.method === 'POST' && r.path === `/services/v2/order/certificate/${id}/reissue`).length;
  const newCsr = readFileSync(join(root, 'tests', 'fixtures', 'csr', 'rsa3072.pem'), 'utf8');
  assert.notEqual(newCsr.trim(), CSR.trim());
  const body = file('reissue.json', JSON.stringify({ certificate: { common_name: 'example.com', csr: newCsr, signature_hash: 'sha256' } }));
  const out = join(work, 'reissued.pem');
  const args = ['reissue', id, body, '--today', TODAY, '--download', 'pem_all', '--out', out, '--poll-interval', '0.05'];

  const first = await cli([...args, '--json'], { env: apiEnv() });
  assert.equal(first.code, 0, first.stderr);
  const result = json(first);
  assert.equal(result.reissued, true);
  assert.equal(result.status, 'issued');
  assert.match(readFileSync(out, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  assert.equal(reissues(), 1);
  assert.equal(sb.orders.get(Number(id)).csr.replace(/\s+/g, ''), newCsr.replace(/\s+/g, ''), 'the order has the new CSR');
  assert.notEqual(result.certificate_id, json(placed).certificate_id, 'a new certificate');
  // The same command again (a CI job retried): the certificate already has this CSR.
  const again = await cli(args, { env: apiEnv() });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /already has this CSR and these names \(reissued before\): nothing sent/);
  assert.match(again.stdout, new RegExp(`^order ${id}: issued$`, 'm'));
  assert.equal(reissues(), 1);

  // Requested, not waited for; run again while it is pending: not requested a second time.
  const third = file('reissue3.json', JSON.stringify({ certificate: { common_name: 'example.com', csr: CSR, dns_names: ['www.example.com'] } }));
  const requested = await cli(['reissue', id, third, '--today', TODAY], { env: apiEnv() });
  assert.equal(requested.code, 0, requested.stderr);
  assert.match(requested.stdout, new RegExp(`^order ${id}: reissue requested$`, 'm'));
  assert.equal(reissues(), 2);
  assert.equal(sb.orders.get(Number(id)).status, 'reissue_pending');
  const pending = await cli(['reissue', id, third, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(pending.code, 0, pending.stderr);
  assert.equal(json(pending).reissued, false);
  assert.equal(json(pending).pending, true, pending.stdout);
  assert.match(pending.stderr, /a reissue with this CSR is pending \(requested before\): not requested again/);
  assert.equal(reissues(), 2);

  // Its answer lost (a gateway's 504 after CertCentral took it): the order shows it pending.
  for (let i = 0; i < 5 && sb.orders.get(Number(id)).status !== 'issued'; i++) await cli(['status', id], { env: apiEnv() });
  assert.equal(sb.orders.get(Number(id)).status, 'issued');
  sb.enqueue({ type: 'status', status: 504, commit: true, match: `POST /order/certificate/${id}/reissue` });
  const lost = await cli([...args, '--json'], { env: apiEnv() });
  assert.equal(lost.code, 0, lost.stderr);
  assert.equal(json(lost).reissued, true);
  assert.match(lost.stderr, /its answer was lost, and the order shows it pending/);
  assert.equal(reissues(), 3);

  // An invalid body (a TLS reissue without its CSR): nothing is sent; a body that is no reissue
  // at all is refused before anything is asked.
  const invalid = await cli(['reissue', id, file('reissue-bad.json', JSON.stringify({ certificate: { common_name: 'example.com' } })), '--json'], { env: apiEnv() });
  assert.equal(invalid.code, 1, invalid.stderr);
  assert.equal(json(invalid).error.kind, 'validation');
  assert.ok(json(invalid).error.issues.some((i) => i.field === 'certificate.csr'), invalid.stdout);
  const asked = sb.requests.length;
  const empty = await cli(['reissue', id, file('reissue-empty.json', '{}'), '--json'], { env: apiEnv() });
  assert.equal(empty.code, 1, empty.stderr);
  assert.equal(json(empty).error.kind, 'input');
  assert.equal(sb.requests.length, asked);
  assert.equal(reissues(), 3);

  // Another reissue pending (another CSR, by the order's list of reissues): not replaced, nothing
  // downloaded, exit 1. (Not issued by the reads meanwhile.)
  sb.configure({ issueAfterPolls: 0 });
  assert.equal((await cli(['reissue', id, third, '--today', TODAY], { env: apiEnv() })).code, 0);
  assert.equal(reissues(), 4);
  // Pending or not, a body is checked: one without its CSR is invalid.
  const unchecked = await cli(['reissue', id, file('reissue-nocsr.json', JSON.stringify({ certificate: { common_name: 'example.com' } })), '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(unchecked.code, 1, unchecked.stderr);
  assert.equal(json(unchecked).error.kind, 'validation');
  assert.equal(sb.orders.get(Number(id)).status, 'reissue_pending');
  const otherOut = join(work, 'not-mine.pem');
  const otherArgs = ['reissue', id, body, '--today', TODAY, '--download', 'pem_all', '--out', otherOut, '--poll-interval', '0.05', '--json'];
  const other = await cli(otherArgs, { env: apiEnv() });
  assert.equal(other.code, 1, other.stdout + other.stderr);
  assert.equal(json(other).error.kind, 'order_state');
  assert.match(json(other).error.message, new RegExp(`^order ${id}: another reissue is pending \\(requested [^)]+\\), with another CSR: nothing was sent, since this one would replace it\\. To replace it, cancel it first`));
  assert.ok(!existsSync(otherOut), 'nothing downloaded');
  assert.equal(reissues(), 4);
  // A list that cannot be read: nothing sent, exit 1, saying why.
  const listed = () => sb.requests.filter((r) => r.method === 'GET' && r.path === `/services/v2/order/certificate/${id}/reissue`).length;
  sb.enqueue({ type: 'status', status: 200, body: { reissues: [] }, match: `GET /order/certificate/${id}/reissue` });
  const unread = await cli(['reissue', id, body, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(unread.code, 1, unread.stdout + unread.stderr);
  assert.equal(json(unread).error.kind, 'decode');
  assert.match(json(unread).error.message, /list\. Nothing was sent: the order has a reissue pending, and the list of its reissues tells whether it is this one\./);
  assert.equal(reissues(), 4);
  // A list that shows nothing pending (issued or dropped since the order was read): the order is
  // read again and looked at anew; here the other reissue is still pending by then.
  sb.enqueue({ type: 'status', status: 200, body: { certificates: [] }, match: `GET /order/certificate/${id}/reissue` });
  const lists = listed();
  const reread = await cli(otherArgs, { env: apiEnv() });
  assert.equal(reread.code, 1, reread.stdout + reread.stderr);
  assert.match(json(reread).error.message, /another reissue is pending/);
  assert.equal(listed(), lists + 2);
  assert.equal(reissues(), 4);
  // A pending reissue the list shows without its CSR (it cannot tell): taken as this body's, and
  // waited for, its certificate is not this body's, so nothing is downloaded and the run fails.
  sb.configure({ issueAfterPolls: 2 });
  sb.enqueue({ type: 'status', status: 200, body: { certificates: [{ status: 'pending' }] }, match: `GET /order/certificate/${id}/reissue` });
  const unknown = await cli(otherArgs, { env: apiEnv() });
  assert.equal(unknown.code, 1, unknown.stdout + unknown.stderr);
  assert.equal(json(unknown).pending, true);
  assert.match(unknown.stderr, /the list of its reissues does not show its CSR/);
  assert.equal(json(unknown).error.kind, 'order_state');
  assert.match(json(unknown).error.message, /not with the certificate this reissue asks for/);
  assert.ok(!existsSync(otherOut), 'nothing downloaded');
  assert.equal(reissues(), 4);
  // Another reissue pending, then issued between the order's read (pending) and its list's
  // (nothing pending): the order is read again, issued with the other CSR, so this one is
  // requested. (The sandbox issues it on the first read after the reissue.)
  const fourth = file('reissue4.json', JSON.stringify({ certificate: { common_name: 'example.com', csr: readFileSync(join(root, 'tests', 'fixtures', 'csr', 'rsa4096.pem'), 'utf8') } }));
  sb.configure({ issueAfterPolls: 0 });
  assert.equal((await cli(['reissue', id, fourth, '--today', TODAY], { env: apiEnv() })).code, 0);
  assert.equal(reissues(), 5);
  sb.configure({ issueAfterPolls: 1 });
  const lists2 = listed();
  const meanwhile = await cli(['reissue', id, third, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(meanwhile.code, 0, meanwhile.stdout + meanwhile.stderr);
  assert.equal(json(meanwhile).reissued, true);
  assert.equal(listed(), lists2 + 1);
  assert.equal(reissues(), 6);
  sb.configure({ issueAfterPolls: 2 });
  for (let i = 0; i < 5 && sb.orders.get(Number(id)).status !== 'issued'; i++) await cli(['status', id], { env: apiEnv() });
  assert.equal(sb.orders.get(Number(id)).status, 'issued');

  // A 504 whose reissue CertCentral takes later: the run cannot tell, and a run at once does not
  // request it again; once it shows pending, a run finds it (the order id as typed with a zero).
  sb.enqueue({ type: 'status', status: 504, commitAfterMs: 1500, match: `POST /order/certificate/${id}/reissue` });
  const late = await cli(['reissue', id, body, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(late.code, 1, late.stderr);
  assert.equal(json(late).error.outcomeUnknown, true);
  assert.match(json(late).error.message, /The reissue may have been requested: the same command, run again, reads the order first/);
  assert.doesNotMatch(json(late).error.message, /getOrder/);
  const held = await cli(['reissue', id, body, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(held.code, 1, held.stderr);
  assert.equal(json(held).error.kind, 'unsettled');
  assert.equal(reissues(), 7);
  for (const t0 = Date.now(); sb.orders.get(Number(id)).status !== 'reissue_pending';) {
    assert.ok(Date.now() - t0 < 10_000, 'the late reissue was applied');
    await new Promise((r) => setTimeout(r, 50));
  }
  const found = await cli(['reissue', `0${id}`, body, '--today', TODAY], { env: apiEnv() });
  assert.equal(found.code, 0, found.stderr);
  assert.equal(found.stdout, `order ${id}: reissue pending\n`);
  assert.equal(reissues(), 7);
});

test('check-dcv: exit 1 while a domain is pending, 0 once all passed, --wait until then; cancel: once, a re-run finds it canceled, a pending reissue canceled says so, an issued order is refused before sending', async () => {
  sb.reset();
  const body = (alt) => file(`${alt}.json`, JSON.stringify({ ...ORDER, alternative_order_id: alt, dcv_method: 'dns-txt-token' }));
  const place = async (alt) => {
    const run = await cli(['order', body(alt), '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
    assert.equal(run.code, 0, run.stderr);
    return String(json(run).order_id);
  };
  const id = await place('dcvOrder1');
  const checks = () => sb.requests.filter((r) => r.method === 'PUT' && r.path === `/services/v2/order/certificate/${id}/check-dcv`).length;
  const pending = await cli(['check-dcv', id], { env: apiEnv() });
  assert.equal(pending.code, 1, pending.stderr);
  assert.match(pending.stdout, new RegExp(`^order ${id}: pending \\(DCV pending\\)$`, 'm'));
  assert.match(pending.stdout, /^ {2}example\.com: pending$/m);
  assert.equal(checks(), 1);
  // `until certcentral-orders check-dcv <id>; do sleep 60; done`
  let passed;
  for (let i = 0; i < 5; i++) if ((passed = await cli(['check-dcv', id, '--json'], { env: apiEnv() })).code !== 1) break;
  assert.equal(passed.code, 0, passed.stdout + passed.stderr);
  const { order_id, dcv } = json(passed);
  assert.equal(json(passed).passed, true);
  assert.equal(order_id, Number(id));
  assert.equal(dcv.order_status, 'issued');
  assert.ok(dcv.dns_name_validations.length > 0 && dcv.dns_name_validations.every((v) => v.status === 'approved'), JSON.stringify(dcv));
  const human = await cli(['check-dcv', id], { env: apiEnv() });
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, new RegExp(`^order ${id}: issued \\(DCV valid\\)$`, 'm'));
  assert.match(human.stdout, /^ {2}certificate: \d+$/m);
  const unknown = await cli(['check-dcv', '424242', '--json'], { env: apiEnv() });
  assert.equal(unknown.code, 1);
  assert.equal(json(unknown).error.status, 404);
  // --wait checks again until every domain passed; an error other than a token not found yet
  // ends it at once (no loop on an order that is not there).
  const waited = await place('dcvOrder2');
  const untilPassed = await cli(['check-dcv', waited, '--wait', '--poll-interval', '0.05', '--json'], { env: apiEnv() });
  assert.equal(untilPassed.code, 0, untilPassed.stderr);
  assert.equal(json(untilPassed).passed, true);
  assert.match(untilPassed.stderr, /checking again in/);
  const gone = await cli(['check-dcv', '424242', '--wait', '--poll-interval', '0.05', '--json'], { env: apiEnv() });
  assert.equal(gone.code, 1);
  assert.equal(json(gone).error.status, 404);
  const usage = await cli(['check-dcv', waited, '--wait-timeout', '1'], { env: apiEnv() });
  assert.equal(usage.code, 2, usage.stderr);

  const other = await place('cancelOrder1');
  const statusPuts = () => sb.requests.filter((r) => r.method === 'PUT' && r.path === `/services/v2/order/certificate/${other}/status`);
  for (const args of [['cancel', other], ['cancel', other, '--note', '  ']]) {
    const usage = await cli(args, { env: apiEnv() });
    assert.equal(usage.code, 2, usage.stderr);
    assert.match(usage.stderr, /--note <text> is required/);
  }
  assert.equal(statusPuts().length, 0, 'nothing sent without a note');
  const canceled = await cli(['cancel', other, '--note', 'Ordered by mistake.'], { env: apiEnv() });
  assert.equal(canceled.code, 0, canceled.stderr);
  assert.equal(canceled.stdout, `order ${other}: canceled\n`);
  assert.deepEqual(statusPuts().map((r) => JSON.parse(r.body)), [{ status: 'canceled', note: 'Ordered by mistake.' }]);
  assert.equal(sb.orders.get(Number(other)).status, 'canceled');
  // Run again (its answer lost, a CI retry): found canceled, nothing sent.
  const again = await cli(['cancel', other, '--note', 'Ordered by mistake.', '--json'], { env: apiEnv() });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(json(again), { order_id: Number(other), status: 'canceled', already: true });
  assert.equal(statusPuts().length, 1);
  // A pending reissue canceled: the order stays issued, and the output says so.
  const issuedPuts = () => sb.requests.filter((r) => r.method === 'PUT' && r.path === `/services/v2/order/certificate/${id}/status`).length;
  const reissueBody = file('cancel-reissue.json', JSON.stringify({ certificate: { common_name: 'example.com', csr: readFileSync(join(root, 'tests', 'fixtures', 'csr', 'rsa3072.pem'), 'utf8') } }));
  assert.equal((await cli(['reissue', id, reissueBody, '--today', TODAY], { env: apiEnv() })).code, 0);
  assert.equal(sb.orders.get(Number(id)).status, 'reissue_pending');
  const dropped = await cli(['cancel', id, '--note', 'Wrong CSR.', '--json'], { env: apiEnv() });
  assert.equal(dropped.code, 0, dropped.stderr);
  assert.deepEqual(json(dropped), { order_id: Number(id), status: 'issued', already: false, reissueCanceled: true });
  assert.equal(sb.orders.get(Number(id)).status, 'issued');
  assert.equal(issuedPuts(), 1);
  // An issued order has nothing to cancel: said at once, nothing sent.
  const refused = await cli(['cancel', id, '--note', 'No longer needed.', '--json'], { env: apiEnv() });
  assert.equal(refused.code, 1, refused.stderr);
  assert.equal(json(refused).error.kind, 'order_state');
  assert.match(json(refused).error.message, /is issued: there is nothing to cancel.*nothing was sent$/);
  assert.doesNotMatch(json(refused).error.message, /alternative_order_id/);
  assert.equal(issuedPuts(), 1);
});

// ------------------------------------------------------------------------------------------
// bulk

const CSR = ORDER.certificate.csr;
/** `n` distinct valid orders as NDJSON lines (distinct common names). */
function bulkLines(n, tag) {
  return Array.from({ length: n }, (_, i) => JSON.stringify({
    product: SSL,
    order: { ...ORDER, certificate: { common_name: `${tag}${i}.example.com`, csr: CSR, signature_hash: 'sha256' } },
  }));
}

test('bulk: every line is checked before any is sent; an invalid line or a duplicate sends nothing', async () => {
  sb.reset();
  const lines = bulkLines(5, 'chk');
  lines.splice(2, 0, JSON.stringify({ product: SSL, order: { ...ORDER, certificate: { ...ORDER.certificate, signature_hash: 'md5' } } }));
  lines.push('{not json', '[]', JSON.stringify({ product: 'nonesuch', order: {} }), lines[0]);
  const path = file('check.ndjson', lines.join('\n'));
  const run = await cli(['bulk', path, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(run.code, 1, run.stderr);
  const { error, failuresFile } = json(run);
  assert.deepEqual(error.lines.map((l) => l.line), [3, 7, 8, 9, 10]);
  assert.match(error.lines[4].reason, /same order as line 1/);
  assert.ok(error.lines[0].issues.some((i) => i.field === 'certificate.signature_hash'));
  assert.equal(sb.requests.length, 0, 'nothing sent');
  assert.equal(readFileSync(failuresFile, 'utf8').trim().split('\n').length, 5, 'the failures file lists each line');
  const human = await cli(['bulk', path, '--today', TODAY], { env: apiEnv() });
  assert.equal(human.code, 1);
  assert.match(human.stderr, /^line 3: invalid order\n {2}certificate\.signature_hash must be one of /m);
  assert.match(human.stderr, /nothing was sent: 5 lines of 10 cannot be ordered/);
});

/** Until `sandbox` has counted no request in CertCentral's 5 s rate window (by its own stamps,
 *  which a loaded machine takes late), plus half a second: a new process's rate budget starts
 *  empty, and CertCentral's windows outlive the process before it. */
async function quietWindow(sandbox) {
  for (let wait = 5500; wait > 0; wait = Math.max(...sandbox.requests.map((r) => r.at)) + 5500 - Date.now()) {
    await new Promise((r) => setTimeout(r, wait));
  }
}

test('bulk: a few hundred orders with faults, killed half-way and run again: each placed once, inside the rate limits', async () => {
  const own = await startSandbox({ port: 0, apiKey: KEY, rateLimit: true });
  try {
    const N = 300;
    const path = file('many.ndjson', `${bulkLines(N, 'bulk').join('\n')}\n`);
    const journal = `${path}.journal`;
    // Faults on the way: a reset before and a 500 after CertCentral created the order, a 429 with
    // Retry-After, an HTML 502 from a proxy, a failed alternate-id lookup.
    own.enqueue(
      { type: 'reset', match: 'POST /order/certificate' },
      { type: 'status', status: 500, commit: true, match: 'POST /order/certificate' },
      { type: 'status', status: 429, retryAfter: '1', match: 'POST /order/certificate' },
      { type: 'html', status: 502, match: 'POST /order/certificate' },
      { type: 'status', status: 503, match: 'GET /order/alternate' },
    );
    const env = apiEnv(own);
    const first = start(['bulk', path, '--concurrency', '8', '--today', TODAY], { env });
    const placedInJournal = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"event":"placed"')).length : 0);
    const deadline = Date.now() + 60000;
    while (placedInJournal() < N / 2) {
      assert.ok(Date.now() < deadline, `half-way not reached: ${first.result.stderr}`);
      assert.equal(first.child.exitCode, null, `the first run ended early: ${first.result.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // Four orders CertCentral creates but whose answers never come; killed while they hang.
    for (let i = 0; i < 4; i++) own.enqueue({ type: 'hang', commit: true, match: 'POST /order/certificate' });
    while (own.queued > 0) {
      assert.ok(Date.now() < deadline, 'the hanging orders were not sent');
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(own.rateLimited, 0, 'no request was refused for the rate limit');
    first.signal('SIGKILL');
    const killed = await first.done;
    assert.equal(killed.signal, 'SIGKILL');
    const before = own.orders.size;
    assert.ok(before >= N / 2 && before < N, `killed half-way: ${before} orders`);

    // Run again (not within the same 5 s: the rate windows CertCentral counts outlive a killed
    // process's own count), now with one order CertCentral refuses: exit 1, and that line in the
    // failures. How long is read from the sandbox's own stamps: on a loaded machine it takes a
    // request's time late, and a fixed 6.5 s once let the killed run's last requests share a
    // window with the new run's first (a 429 on a lookup).
    await quietWindow(own);
    own.enqueue({ type: 'status', status: 400, match: 'POST /order/certificate', body: errorBody(['invalid_value:organization', 'Organization is inactive.']) });
    const second = await cli(['bulk', path, '--concurrency', '8', '--today', TODAY, '--json'], { env });
    assert.equal(second.code, 1, second.stderr);
    const summary = json(second);
    assert.equal(summary.total, N);
    // The first run's reset and HTML 502 (before CertCentral had the order) left outcomes it
    // never learned, and CertCentral does not list those orders: within 10 minutes they are not
    // sent again (as are any the kill caught between recording a send and sending it).
    const unsettledLines = summary.failures.filter((f) => f.error.kind === 'unsettled');
    assert.ok(unsettledLines.length >= 2, `unsettled: ${unsettledLines.length}`);
    assert.ok(unsettledLines.every((f) => f.error.mayExist === true && /--resend/.test(f.reason)));
    const refusedLines = summary.failures.filter((f) => f.error.kind !== 'unsettled');
    assert.equal(refusedLines.length, 1);
    assert.match(refusedLines[0].reason, /Organization is inactive/);
    assert.equal(summary.failed, 1 + unsettledLines.length);
    assert.equal(summary.placed, N - summary.failed);
    assert.ok(summary.skipped >= N / 2, `skipped ${summary.skipped}`);
    assert.ok(summary.recovered >= 4, `the four in flight were found by alternative id: ${summary.recovered}`);
    // What this run sent: the orders placed less those placed before (journal or lookup).
    assert.equal(summary.sent, summary.placed - summary.skipped - summary.recovered);
    const failuresFile = readFileSync(summary.failuresFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(failuresFile.map((f) => f.failure.line).sort(), summary.failures.map((f) => f.line).sort());
    assert.match(second.stderr, /^line \d+: already placed as order \d+ \(journal\)$/m, 'plain progress lines off a TTY');

    // And once more (again after the rate window: the second run sent a few hundred requests in
    // it), with --resend: only the failed orders are sent.
    await quietWindow(own);
    const postsBefore = own.count('POST', `/services/v2/order/certificate/${SSL}`);
    const third = await cli(['bulk', path, '--concurrency', '8', '--today', TODAY, '--resend'], { env });
    assert.equal(third.code, 0, third.stderr);
    assert.equal(own.count('POST', `/services/v2/order/certificate/${SSL}`), postsBefore + summary.failed);
    assert.match(third.stdout, new RegExp(`^300 orders: 300 placed, ${N - summary.failed} of them before, 0 failed$`, 'm'));
    assert.ok(!existsSync(summary.failuresFile), 'no failures left: the file is gone');

    // Each line's order exists exactly once.
    const byAlt = new Map();
    for (const o of own.orders.values()) byAlt.set(o.alternative_order_id, (byAlt.get(o.alternative_order_id) ?? 0) + 1);
    assert.equal(own.orders.size, N, `${own.orders.size} orders for ${N} lines`);
    assert.equal(byAlt.size, N);
    assert.ok([...byAlt.values()].every((n) => n === 1));
    assert.equal(own.rateLimited, 0, 'no request was refused for the rate limit');
  } finally {
    outputs.push(...own.requests.map((r) => r.url ?? r.path));
    await own.close();
  }
});

test('bulk --wait: waits for every certificate; Ctrl-C stops sending, exits 130, and a re-run goes on', async () => {
  sb.reset();
  // Issued a moment after it is placed, as CertCentral does (not because it was read): bulk's
  // waits learn it from the list of status changes, asked for once per poll for all of them.
  sb.configure({ issueAfterPolls: 0, issueAfterMs: 300 });
  const path = file('wait.ndjson', bulkLines(12, 'wait').join('\n'));
  let done;
  try {
    done = await cli(['bulk', path, '--wait', '--poll-interval', '0.05', '--today', TODAY, '--json'], { env: apiEnv() });
  } finally {
    sb.configure({ issueAfterPolls: 2, issueAfterMs: null });
  }
  assert.equal(done.code, 0, done.stderr);
  const summary = json(done);
  assert.equal(summary.issued, 12);
  assert.ok(summary.orders.every((o) => o.state === 'issued' && Number.isInteger(o.order_id)));
  const reads = sb.requests.filter((r) => r.method === 'GET' && /^\/services\/v2\/order\/certificate\/\d+$/.test(r.path));
  const lists = sb.requests.filter((r) => r.path.endsWith('/order/certificate/status-changes'));
  assert.ok(lists.length > 0, 'the waits follow the status changes');
  // Each order read when its wait starts and once the list shows it issued; a few more when a
  // wait polled while the first list was on its way.
  assert.ok(reads.length <= 12 * 2 + 12, `${reads.length} reads of 12 orders`);

  // CertCentral refuses the list (a key without the right): each wait reads its order, and
  // the run says so.
  sb.reset();
  sb.enqueue({ type: 'status', status: 403, match: 'GET /order/certificate/status-changes' });
  const refused = await cli(['bulk', file('wait-refused.ndjson', bulkLines(3, 'refused').join('\n')), '--wait', '--poll-interval', '0.05', '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(refused.code, 0, refused.stderr);
  assert.equal(json(refused).issued, 3);
  assert.match(refused.stderr, /no list of status changes from CertCentral \(.*\): each wait reads its order/);
  assert.equal(typeof json(refused).statusChangesRefused, 'string', 'a script reads it in the summary');
  assert.equal(json(done).statusChangesRefused, undefined);
  assert.equal(sb.requests.filter((r) => r.path.endsWith('/order/certificate/status-changes')).length, 1, 'asked once');
  // Spaced as without the list: 2 reads a second in all when they start, not one per 50 ms each.
  const byOrder = new Map();
  for (const r of sb.requests.filter((q) => q.method === 'GET' && /\/order\/certificate\/\d+$/.test(q.path))) {
    byOrder.set(r.path, [...(byOrder.get(r.path) ?? []), r.at]);
  }
  assert.equal(byOrder.size, 3);
  for (const [path, times] of byOrder) {
    assert.ok(times.length >= 2, `${path} read ${times.length} times`);
    for (let k = 1; k < times.length; k++) assert.ok(times[k] - times[k - 1] >= 450, `${path} read ${times[k] - times[k - 1]} ms after the read before`);
  }

  sb.reset();
  const slow = file('slow.ndjson', bulkLines(30, 'slow').join('\n'));
  for (let i = 0; i < 30; i++) sb.enqueue({ type: 'delay', ms: 150, commit: true, match: 'POST /order/certificate' });
  const run = start(['bulk', slow, '--concurrency', '1', '--today', TODAY], { env: apiEnv(), direct: true });
  while (sb.orders.size < 3) await new Promise((r) => setTimeout(r, 10));
  run.signal('SIGINT');
  const stopped = await run.done;
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stderr, /stopping: no new orders/);
  assert.match(stopped.stdout, /not started/);
  const partial = sb.orders.size;
  assert.ok(partial < 30, `stopped early: ${partial}`);
  const rest = await cli(['bulk', slow, '--concurrency', '4', '--today', TODAY], { env: apiEnv() });
  assert.equal(rest.code, 0, rest.stderr);
  assert.equal(sb.orders.size, 30);
});

test('bulk: the failures file holds the failed lines themselves, so a run on it (same journal) places only those, each order once', async () => {
  sb.reset();
  const lines = bulkLines(6, 'retry');
  const with_ = (i, extra, keys = {}) => JSON.stringify({ product: SSL, order: { ...JSON.parse(lines[i]).order, ...extra }, ...keys });
  // Line 4 under its own alternative_order_id, with a key of the user's own; line 5's order was
  // placed before and has been rejected.
  lines[3] = with_(3, { alternative_order_id: 'retryOwn4' }, { note: 'kept as it is' });
  lines[4] = with_(4, { alternative_order_id: 'retryEnded5' });
  const api = new cc.CertCentralClient({ apiKey: KEY, baseUrl: sb.baseUrl });
  sb.setOrderStatus((await api.orderCertificate(SSL, JSON.parse(lines[4]).order, { today: TODAY })).id, 'rejected');
  const path = file('retry.ndjson', `${lines.join('\n')}\n`);
  const journal = `${path}.journal`;
  // One line at a time: the first order sent (line 1's) is refused; line 4's lookup is refused.
  sb.enqueue({ type: 'status', status: 400, match: 'POST /order/certificate', body: errorBody(['invalid_value:organization', 'Organization is inactive.']) });
  sb.enqueue({ type: 'status', status: 403, match: 'GET /order/alternate/retryOwn4' });
  const first = await cli(['bulk', path, '--today', TODAY, '--concurrency', '1', '--json'], { env: apiEnv() });
  assert.equal(first.code, 1, first.stderr);
  assert.equal(sb.queued, 0, 'every fault was met');
  assert.deepEqual(json(first).failures.map((f) => [f.line, f.stage]), [[1, 'order'], [4, 'lookup'], [5, 'wait']]);
  assert.equal(sb.orders.size, 4, 'lines 2, 3 and 6, and the rejected one');

  // Each entry is its line as it was (any key of it), with what failed under "failure".
  const failuresPath = `${path}.failures.ndjson`;
  const entries = readFileSync(failuresPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(entries.map((e) => e.failure?.line), [1, 4, 5]);
  for (const { failure, ...line } of entries) {
    assert.deepEqual(line, JSON.parse(lines[failure.line - 1]), `line ${failure.line}`);
    assert.ok(failure.reason && failure.stage && failure.error.kind && failure.alternative_order_id, JSON.stringify(failure));
  }
  assert.match(entries[0].failure.reason, /Organization is inactive/);
  assert.equal(entries[1].failure.alternative_order_id, 'retryOwn4');

  // Run on it with the same journal: lines 1 and 4 are placed; line 5's order is still rejected
  // (not ordered again), and it alone is in the next failures file, as its line again.
  const postsBefore = posts();
  const retry = await cli(['bulk', failuresPath, '--journal', journal, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(retry.code, 1, retry.stderr);
  const summary = json(retry);
  assert.equal(summary.total, 3);
  assert.deepEqual(summary.failures.map((f) => [f.line, f.error.kind]), [[3, 'order_state']]);
  assert.equal(posts(), postsBefore + 2, 'only the two lines that had failed to be placed are sent');
  const next = readFileSync(`${failuresPath}.failures.ndjson`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(next.length, 1);
  const { failure, ...line5 } = next[0];
  assert.deepEqual(line5, JSON.parse(lines[4]));
  assert.equal(failure.line, 3);
  // The first file again with its journal: nothing is sent, every order exists once.
  assert.equal((await cli(['bulk', path, '--today', TODAY], { env: apiEnv() })).code, 1);
  assert.equal(posts(), postsBefore + 2);
  const alts = storedOrders().map((o) => o.alternative_order_id);
  assert.equal(alts.length, 6);
  assert.equal(new Set(alts).size, 6, `each once: ${alts}`);

  // Lines that cannot be ordered (nothing sent): the failures file holds them as their lines too;
  // one not JSON keeps its text.
  sb.reset();
  const bad = [JSON.stringify({ product: SSL, order: { ...ORDER, certificate: { ...ORDER.certificate, signature_hash: 'md5' } } }), lines[1], '{not json'];
  const badPath = file('retry-bad.ndjson', bad.join('\n'));
  const refused = await cli(['bulk', badPath, '--today', TODAY], { env: apiEnv() });
  assert.equal(refused.code, 1, refused.stderr);
  const problems = readFileSync(`${badPath}.failures.ndjson`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(problems.length, 2);
  const { failure: invalid, ...line1 } = problems[0];
  assert.deepEqual(line1, JSON.parse(bad[0]));
  assert.equal(invalid.line, 1);
  assert.ok(invalid.issues.some((i) => i.field === 'certificate.signature_hash'));
  assert.deepEqual(problems[1], { failure: { line: 3, reason: problems[1].failure.reason, text: '{not json' } });
  assert.match(problems[1].failure.reason, /^not JSON/);
  assert.equal(sb.requests.length, 0, 'nothing sent');
});

test('bulk --wait: each order is waited for from when it is placed, beside the others, not after the waits before it', async () => {
  sb.reset();
  sb.configure({ issueAfterPolls: 0 }); // not issued by polling: the test issues them
  const N = 12;
  // One order sent at a time, and waits of up to 10 minutes: waited for a few at a time, most
  // orders would not be asked about until the first waits had timed out.
  const run = start(['bulk', file('waitall.ndjson', bulkLines(N, 'waitall').join('\n')), '--wait', '--concurrency', '1',
    '--wait-timeout', '10', '--poll-interval', '0.2', '--today', TODAY, '--json'], { env: apiEnv() });
  try {
    const polled = () => new Set(sb.requests.filter((r) => r.method === 'GET' && /^\/services\/v2\/order\/certificate\/\d+$/.test(r.path)).map((r) => r.path)).size;
    // A bound on how long the test looks, not a measure of the command: all 12 are asked about
    // within a second here; waited for four at a time, 10 minutes would pass first.
    const deadline = Date.now() + 60_000;
    while (polled() < N) {
      assert.equal(run.child.exitCode, null, `the run ended: ${run.result.stderr}`);
      assert.ok(Date.now() < deadline, `${polled()} of ${N} orders are being waited for, none issued:\n${run.result.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(sb.orders.size, N);
    for (const id of sb.orders.keys()) sb.setOrderStatus(id, 'issued');
    const done = await run.done;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(json(done).issued, N);
  } finally {
    sb.configure({ issueAfterPolls: 2 });
    if (run.child.exitCode === null) run.signal('SIGKILL');
    await run.done;
  }
});

test('bulk --wait run again: what the journal lists as issued is not asked about again, and is reported with its certificate', async () => {
  sb.reset();
  const path = file('rewait.ndjson', bulkLines(4, 'rewait').join('\n'));
  const args = ['bulk', path, '--wait', '--poll-interval', '0.05', '--today', TODAY, '--json'];
  sb.configure({ issueAfterPolls: 0, issueAfterMs: 300 }); // issued in time, as bulk's waits learn from the status changes
  let first;
  try {
    first = await cli(args, { env: apiEnv() });
  } finally {
    sb.configure({ issueAfterPolls: 2, issueAfterMs: null });
  }
  assert.equal(first.code, 0, first.stderr);
  const issued = json(first).orders.map((o) => ['issued', o.order_id, o.certificate_id]);
  assert.ok(issued.every(([, id, cert]) => Number.isInteger(id) && Number.isInteger(cert)), JSON.stringify(issued));
  const requests = sb.requests.length;
  const again = await cli(args, { env: apiEnv() });
  assert.equal(again.code, 0, again.stderr);
  const summary = json(again);
  assert.equal(summary.issued, 4);
  assert.deepEqual(summary.orders.map((o) => [o.state, o.order_id, o.certificate_id]), issued, 'as the first run reported them');
  const human = await cli(args.slice(0, -1), { env: apiEnv() });
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stderr, /^line 1: already issued as order \d+ \(journal\)$/m);
  assert.match(human.stdout, /^4 orders: 4 placed, 4 of them before, 4 issued, 0 failed$/m);
  assert.equal(sb.requests.length, requests, 'nothing asked again: no lookup, no poll');
});

test('bulk: a journal that cannot be written stops the run at once, says why, keeps what it placed in the summary; a run with room goes on', { timeout: 90_000 }, async () => {
  sb.reset();
  sb.configure({ issueAfterPolls: 0, issueAfterMs: null }); // issued only when the test says so
  try {
    const path = file('full.ndjson', bulkLines(3, 'full').join('\n'));
    const journal = `${path}.journal`;
    assert.equal((await cli(['bulk', path, '--today', TODAY], { env: apiEnv() })).code, 0);
    assert.equal(posts(), 3);
    // The journal as large as the run may make a file: its next line cannot be written.
    const full = statSync(journal).size;
    const waitArgs = ['bulk', path, '--wait', '--wait-timeout', '10', '--poll-interval', '0.05', '--today', TODAY, '--json'];
    const run = start(waitArgs, { env: apiEnv(), fileSizeLimit: full });
    while (!sb.requests.some((r) => r.path.endsWith('/order/certificate/status-changes'))) await new Promise((r) => setTimeout(r, 10));
    const [first] = storedOrders();
    sb.setOrderStatus(first.id, 'issued');
    // Not after the other two waits' ten minutes: the test's timeout would end it first.
    const stopped = await run.done;
    assert.equal(stopped.code, 1, stopped.stderr);
    assert.match(stopped.stderr, /stopping: no new orders, no more waits/);
    const summary = json(stopped);
    assert.equal(summary.error.kind, 'journal');
    assert.match(summary.error.message, new RegExp(`^cannot write the journal ${journal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: EFBIG; the run stops`));
    const byId = new Map(summary.orders.map((o) => [o.order_id, o]));
    assert.equal(byId.get(first.id).state, 'issued', 'the one issued is reported as issued');
    assert.deepEqual(summary.orders.filter((o) => o.order_id !== first.id).map((o) => [o.state, o.error]), [['placed', undefined], ['placed', undefined]], 'the others stopped waiting, not failed');
    assert.equal(summary.failed, 0);
    assert.equal(statSync(journal).size, full, 'no part of a line was written');

    // Nothing placed once the journal cannot be written: its "sending" line comes before the order.
    // Room for part of a line: that part is cut off again, and no later line is glued to it.
    const more = file('full-more.ndjson', bulkLines(5, 'full').join('\n'));
    writeFileSync(`${more}.journal`, readFileSync(journal));
    const human = await cli(['bulk', more, '--today', TODAY], { env: apiEnv(), fileSizeLimit: full + 10 });
    assert.equal(human.code, 1, human.stderr);
    assert.equal(statSync(`${more}.journal`).size, full, 'the part written is cut off');
    assert.match(human.stderr, /^error: cannot write the journal .*: only part of a line was written; the run stops/m);
    assert.match(human.stdout, /^5 orders: 3 placed, 3 of them before, 0 failed, 2 not started$/m);
    assert.equal(posts(), 3, 'nothing sent');

    // With room again, the same command goes on: the rest placed, each once, and all issued.
    for (const o of storedOrders()) sb.setOrderStatus(o.id, 'issued');
    sb.configure({ issueAfterMs: 0 });
    const rest = await cli(['bulk', more, '--wait', '--poll-interval', '0.05', '--today', TODAY, '--json'], { env: apiEnv() });
    assert.equal(rest.code, 0, rest.stderr);
    assert.equal(json(rest).issued, 5);
    assert.equal(posts(), 5);
  } finally {
    sb.configure({ issueAfterPolls: 2, issueAfterMs: null });
  }
});

test('bulk: a new or other journal, a torn journal line, a second run at once: still each order once', async () => {
  sb.reset();
  const path = file('five.ndjson', bulkLines(5, 'five').join('\n'));
  assert.equal((await cli(['bulk', path, '--today', TODAY], { env: apiEnv() })).code, 0);
  assert.equal(sb.orders.size, 5);
  // Another journal (a fresh CI checkout): each order is looked up before it is sent.
  const other = await cli(['bulk', path, '--today', TODAY, '--journal', join(work, 'other.journal'), '--json'], { env: apiEnv() });
  assert.equal(other.code, 0, other.stderr);
  assert.equal(json(other).recovered, 5);
  assert.equal(sb.orders.size, 5, 'nothing ordered again');
  // A journal whose last line was torn by a kill: the next event starts a line of its own.
  const torn = join(work, 'torn.journal');
  writeFileSync(torn, '{"at":"x","alt":"ccdead');
  const six = file('six.ndjson', bulkLines(6, 'five').join('\n'));
  assert.equal((await cli(['bulk', six, '--today', TODAY, '--journal', torn], { env: apiEnv() })).code, 0);
  const lines = readFileSync(torn, 'utf8').split('\n');
  assert.equal(lines[0], '{"at":"x","alt":"ccdead');
  assert.ok(lines.slice(1).filter(Boolean).every((l) => JSON.parse(l).alt), 'every event is a line of its own');
  assert.equal(sb.orders.size, 6);
  // A lookup that fails (403 on every try) sends nothing and leaves the order to the next run.
  const seven = file('seven.ndjson', bulkLines(7, 'five').join('\n'));
  for (let i = 0; i < 3; i++) sb.enqueue({ type: 'status', status: 403, match: 'GET /order/alternate' });
  const refused = await cli(['bulk', seven, '--today', TODAY, '--concurrency', '1', '--json'], { env: apiEnv() });
  assert.equal(refused.code, 1, refused.stderr);
  assert.equal(json(refused).failures[0].stage, 'lookup');
  assert.equal((await cli(['bulk', seven, '--today', TODAY], { env: apiEnv() })).code, 0);
  assert.equal(sb.orders.size, 7);
  // Two runs on one journal at once: the second is refused (exit 1: a passing state, as an
  // order another run is placing, not a usage error) while the first holds it.
  const eight = file('eight.ndjson', bulkLines(8, 'five').join('\n'));
  sb.enqueue({ type: 'delay', ms: 1500, match: 'GET /order/alternate' });
  const first = start(['bulk', eight, '--today', TODAY, '--concurrency', '1'], { env: apiEnv() });
  while (!existsSync(`${eight}.journal.lock`)) await new Promise((r) => setTimeout(r, 10));
  const second = await cli(['bulk', eight, '--today', TODAY], { env: apiEnv() });
  assert.equal(second.code, 1, second.stderr);
  assert.match(second.stderr, /another bulk run \(process \d+\) is using the journal/);
  assert.equal((await first.done).code, 0);
  assert.ok(!existsSync(`${eight}.journal.lock`), 'the lock is released');
  assert.equal(sb.orders.size, 8);
});

test('order and bulk: outputs that cannot be written are refused before anything is sent; an order placed is always reported', async () => {
  sb.reset();
  const nowhere = join(work, 'no-such-dir', 'cert.pem');
  const out = await cli(['order', ORDER_FILE, '--product', SSL, '--today', TODAY, '--download', 'pem_all', '--out', nowhere], { env: apiEnv() });
  assert.equal(out.code, 2, out.stderr);
  const failures = await cli(['bulk', file('f.ndjson', bulkLines(2, 'f').join('\n')), '--failures', nowhere], { env: apiEnv() });
  assert.equal(failures.code, 2, failures.stderr);
  assert.equal(sb.requests.length, 0, 'nothing sent');

  // The wait times out after the order is placed: exit 1, and the JSON still names the order.
  sb.configure({ issueAfterPolls: 0 });
  const timedOut = await cli(['order', ORDER_FILE, '--product', SSL, '--today', TODAY, '--wait', '--wait-timeout', '0.01', '--poll-interval', '0.1', '--json'], { env: apiEnv() });
  sb.configure({ issueAfterPolls: 2 });
  assert.equal(timedOut.code, 1, timedOut.stderr);
  const result = json(timedOut);
  assert.equal(result.error.kind, 'timeout');
  assert.ok(Number.isInteger(result.order_id) && result.alternative_order_id, JSON.stringify(result));

  // The 201 body's request status is not the order's: a request approved at once is not "issued".
  sb.reset();
  sb.enqueue({ type: 'created', variant: 'skip', match: 'POST /order/certificate' });
  const skip = await cli(['order', ORDER_FILE, '--product', SSL, '--today', TODAY], { env: apiEnv() });
  assert.equal(skip.code, 0, skip.stderr);
  assert.doesNotMatch(skip.stdout, /issued/);

  // An integer past 2^53 - 1 would be sent changed: refused.
  const big = file('big.json', JSON.stringify(ORDER).replace('123456', '9007199254740993'));
  const bigRun = await cli(['validate', big, '--product', SSL], {});
  assert.equal(bigRun.code, 1);
  assert.match(bigRun.stderr, /organization\.id: an integer larger than 2\^53 - 1/);
});

test('bulk: a progress bar on a terminal (done, failed, waiting, rate)', async () => {
  sb.reset();
  const path = file('tty.ndjson', bulkLines(10, 'tty').join('\n'));
  const env = { ...apiEnv(), TERM: 'xterm' };
  const command = ['npx', 'certcentral-orders', 'bulk', path, '--today', TODAY].map((a) => `'${a}'`).join(' ');
  const run = await new Promise((resolve) => {
    // script(1) runs the command on a pseudo-terminal (util-linux, in every Debian).
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: app, env: environment(env) });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
    child.on('close', (code) => { outputs.push(out); resolve({ code, out }); });
  });
  assert.equal(run.code, 0, run.out);
  assert.match(run.out, /\r\x1b\[K\[.*\] 10\/10 · placed 10 · failed 0 · waiting 0 · [\d.]+\/s/);
  assert.ok(!/^line \d+: placed/m.test(run.out), 'no plain lines on a terminal');
  const noColor = await new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: app, env: environment({ ...env, NO_COLOR: '1' }) });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
    child.on('close', () => { outputs.push(out); resolve(out); });
  });
  assert.ok(!/\x1b\[3\dm/.test(noColor), 'NO_COLOR: no colours on the terminal either');
});

test("the README's CI step: passes on valid orders, fails on an invalid one and names it", async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const yaml = /A CI step that checks[^]*?```yaml\n([^]*?)```/.exec(readme)?.[1];
  assert.ok(yaml, 'the README has the CI step');
  const script = /run: \|\n((?: {4}.*\n)+)/.exec(yaml)?.[1].replace(/^ {4}/gm, '');
  assert.ok(script?.includes('certcentral-orders validate'), yaml);
  // A repository inside the scratch app, so npx finds the installed package (and never the network).
  const repo = mkdtempSync(join(app, 'ci-'));
  try {
    const put = (path, body) => {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), JSON.stringify(body));
    };
    // The script validates against the real today: an expiry 40 days out is within every
    // validity cap of the dates table, now and later.
    const { validity_days: _, ...undated } = ORDER;
    const expiry = new Date(Date.now() + 40 * 86400000).toISOString().slice(0, 10);
    const current = { ...undated, custom_expiration_date: expiry };
    put('certificates/ssl_securesite/www.json', current);
    put('certificates/ssl_securesite_wildcard/star.json', { ...current, certificate: { ...ORDER.certificate, common_name: '*.example.com' } });
    const ci = () => new Promise((resolve) => {
      const child = spawn('bash', ['-c', script], { cwd: repo, env: environment({}) });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
      child.stderr.setEncoding('utf8').on('data', (d) => { out += d; });
      child.on('close', (code) => { outputs.push(out); resolve({ code, out }); });
    });
    const good = await ci();
    assert.equal(good.code, 0, good.out);
    assert.equal((good.out.match(/^valid/gm) ?? []).length, 2, good.out);
    put('certificates/ssl_securesite/bad.json', { ...current, certificate: { ...ORDER.certificate, signature_hash: 'md5' } });
    const bad = await ci();
    assert.equal(bad.code, 1, bad.out);
    assert.match(bad.out, /certificates\/ssl_securesite\/bad\.json\ncertificate\.signature_hash must be one of /);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('the API key never appears in any output of any run', () => {
  assert.ok(outputs.length > 50, `${outputs.length} outputs checked`);
  for (const text of outputs) {
    assert.ok(!text.includes(KEY_PART), `the key appears in:\n${text.slice(0, 400)}`);
  }
});

test('bulk: a journal written against another endpoint or API key places nothing for this one; warnings are shown; stderr closed early is no error', async () => {
  sb.reset();
  const other = await startSandbox({ port: 0, apiKey: 'otherKEY-123456789' });
  try {
    const lines = bulkLines(3, 'acct');
    // A warning the order carries (a typo of a field name) is shown, and kept in --json.
    lines[1] = JSON.stringify({ product: SSL, order: { ...JSON.parse(lines[1]).order, dcv_methd: 'email' } });
    const path = file('accounts.ndjson', lines.join('\n'));
    const first = await cli(['bulk', path, '--today', TODAY], { env: { CERTCENTRAL_API_KEY: 'otherKEY-123456789', CERTCENTRAL_BASE_URL: other.baseUrl } });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /line 2:\n.*dcv_methd is not a field/);
    assert.equal(other.orders.size, 3);
    // The same file and journal against this endpoint: its entries are another account's.
    const second = await cli(['bulk', path, '--today', TODAY, '--json'], { env: apiEnv() });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /3 entries of a run against another CertCentral endpoint or API key ignored/);
    const summary = json(second);
    assert.equal(summary.placed, 3);
    assert.equal(summary.skipped, 0);
    assert.equal(sb.orders.size, 3, 'placed here too');
    assert.equal(summary.orders[1].warnings[0].field, 'dcv_methd');
    // A third run against this endpoint skips them (its own entries), and a closed stderr
    // does not end it.
    const third = await cli(['bulk', path, '--today', TODAY, '--json'], { env: apiEnv() });
    assert.equal(json(third).skipped, 3);
    const piped = start(['bulk', path, '--today', TODAY, '--json'], { env: apiEnv(), direct: true });
    piped.child?.stderr?.destroy();
    const done = await piped.done;
    assert.equal(done.code, 0, done.stderr);
    assert.ok(!readFileSync(`${path}.journal`, 'utf8').includes(KEY), 'the journal holds no key');
  } finally {
    await other.close();
  }
});

test('order: of several orders under one alternative_order_id, the live newest is followed, not an old canceled one', async () => {
  sb.reset();
  const body = { ...ORDER, alternative_order_id: 'sharedalt1' };
  const path = file('shared.json', JSON.stringify(body));
  const api = new cc.CertCentralClient({ apiKey: KEY, baseUrl: sb.baseUrl });
  const old = await api.orderCertificate(SSL, body, { today: TODAY });
  sb.setOrderStatus(old.id, 'canceled');
  const live = await api.orderCertificate(SSL, body, { today: TODAY });
  const run = await cli(['order', path, '--product', SSL, '--today', TODAY, '--json'], { env: apiEnv() });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(json(run).order_id, live.id);
  assert.equal(sb.orders.size, 2, 'nothing more placed');
});

test('SIGTERM (CI cancellation, docker stop) ends order as Ctrl-C does: exit 130, the result on stdout', async () => {
  sb.reset();
  sb.configure({ issueAfterPolls: 1000 });
  try {
    const body = { ...ORDER, alternative_order_id: 'sigterm1' };
    const run = start(['order', file('sigterm.json', JSON.stringify(body)), '--product', SSL, '--today', TODAY, '--wait', '--poll-interval', '0.5', '--json'], { env: apiEnv(), direct: true });
    for (const t0 = Date.now(); sb.orders.size === 0 && Date.now() - t0 < 10_000;) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    run.signal('SIGTERM');
    const done = await run.done;
    assert.equal(done.code, 130, done.stderr);
    const out = json(done);
    assert.equal(out.order_id, [...sb.orders.keys()][0]);
    assert.equal(out.error.kind, 'interrupted');
  } finally {
    sb.configure({ issueAfterPolls: 2 });
  }
});

test('CERTCENTRAL_BASE_URL in plain http to another machine is refused before anything is sent (the key would travel in clear)', async () => {
  for (const baseUrl of ['http://certcentral.example.com/services/v2', 'http://127.example.com/services/v2']) {
    const run = await cli(['status', '1000', '--json'], { env: { CERTCENTRAL_API_KEY: KEY, CERTCENTRAL_BASE_URL: baseUrl } });
    assert.equal(run.code, 2, run.stderr);
    assert.match(json(run).error.message, /plain http to another machine/);
    assert.ok(!run.stdout.includes(KEY) && !run.stderr.includes(KEY));
  }
});

test('CERTCENTRAL_TIMEOUT sets how long one request may take (a hanging server no longer holds a command 90 s)', async () => {
  sb.reset();
  sb.enqueue(...Array(3).fill({ type: 'hang', match: 'GET /order/certificate' }));
  const t0 = Date.now();
  const run = await cli(['status', '1000', '--json'], { env: { ...apiEnv(), CERTCENTRAL_TIMEOUT: '0.4' } });
  assert.equal(run.code, 1, run.stderr);
  assert.equal(json(run).error.kind, 'timeout');
  assert.match(json(run).error.message, /within 400 ms/);
  assert.ok(Date.now() - t0 < 15_000, `took ${Date.now() - t0} ms`);
  const bad = await cli(['status', '1000'], { env: { ...apiEnv(), CERTCENTRAL_TIMEOUT: 'soon' } });
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /CERTCENTRAL_TIMEOUT is seconds per request/);
});

// A CI job's retry runs the same command seconds after a send whose answer was lost: CertCentral
// may still be creating that order (a 504 from its gateway while it works on), and a lookup
// does not list it yet. Before, the re-run sent it again and CertCentral created it twice.
test('order: after a send whose outcome is unknown, a re-run that does not find the order does not send it again (--resend does); an unreadable 201 is found', async () => {
  sb.reset();
  const waitForOrders = async (alt, n) => {
    for (const t0 = Date.now(); storedOrders().filter((o) => o.alternative_order_id === alt).length < n;) {
      assert.ok(Date.now() - t0 < 20_000, `no ${n} orders under ${alt}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const args = (name) => ['order', file(`${name}.json`, JSON.stringify({ ...ORDER, alternative_order_id: name })), '--product', SSL, '--today', TODAY, '--json'];

  // CertCentral creates it 8 s after its gateway answered 504.
  sb.enqueue({ type: 'status', status: 504, commitAfterMs: 8000, match: 'POST /order/certificate' });
  const first = await cli(args('slowOrder1'), { env: apiEnv() });
  assert.equal(first.code, 1, first.stderr);
  assert.equal(json(first).error.mayExist, true);
  assert.match(json(first).error.message, /run again, looks it up first, and does not send it again before \d{4}-\d\d-\d\dT/);
  assert.doesNotMatch(json(first).error.message, /findOrdersByAlternativeId/, 'no library call the command line has not');
  const second = await cli(args('slowOrder1'), { env: apiEnv() });
  assert.equal(second.code, 1, second.stderr);
  assert.equal(json(second).error.kind, 'unsettled');
  assert.equal(json(second).error.mayExist, true);
  assert.match(json(second).error.message, /nothing was sent.*--resend/s);
  assert.equal(posts(), 1, 'not sent again');
  await waitForOrders('slowOrder1', 1);
  const third = await cli(args('slowOrder1'), { env: apiEnv() });
  assert.equal(third.code, 0, third.stderr);
  assert.equal(json(third).existing, true);
  assert.equal(posts(), 1);
  assert.equal(storedOrders().filter((o) => o.alternative_order_id === 'slowOrder1').length, 1);

  // A connection dropped before CertCentral had it: the same refusal, until --resend.
  sb.enqueue({ type: 'reset', match: 'POST /order/certificate' });
  const dropped = await cli(args('droppedOrder1'), { env: apiEnv() });
  assert.equal(dropped.code, 1, dropped.stderr);
  const held = await cli(args('droppedOrder1'), { env: apiEnv() });
  assert.equal(json(held).error.kind, 'unsettled');
  assert.equal(posts(), 2);
  const resent = await cli([...args('droppedOrder1'), '--resend'], { env: apiEnv() });
  assert.equal(resent.code, 0, resent.stderr);
  assert.equal(posts(), 3);
  // Settled: the next run finds it, with or without --resend, and sends nothing.
  const found = await cli([...args('droppedOrder1'), '--resend'], { env: apiEnv() });
  assert.equal(json(found).existing, true);
  assert.equal(posts(), 3);

  // A 201 whose body cannot be read: the order exists, and is found at once.
  sb.enqueue({ type: 'not-json', commit: true, match: 'POST /order/certificate' });
  const unread = await cli(args('unreadOrder1'), { env: apiEnv() });
  assert.equal(unread.code, 0, unread.stderr);
  assert.equal(json(unread).response.recovered, true);
  assert.equal(storedOrders().filter((o) => o.alternative_order_id === 'unreadOrder1').length, 1);
  // A refusal is definite: the next run sends again at once.
  sb.enqueue({ type: 'status', status: 400, match: 'POST /order/certificate', body: errorBody(['invalid_value:organization', 'Organization is inactive.']) });
  const refused = await cli(args('refusedOrder1'), { env: apiEnv() });
  assert.equal(refused.code, 1);
  assert.equal(json(refused).error.mayExist, undefined);
  const retried = await cli(args('refusedOrder1'), { env: apiEnv() });
  assert.equal(retried.code, 0, retried.stderr);

  // CertCentral gone between the lookup and the send: the send's connection is refused, so
  // nothing was sent, and the next run sends at once. A proxy in front of the sandbox answers
  // the lookup and then stops listening; a second one on the same port is CertCentral back.
  const proxy = (port, onAnswered) => new Promise((resolve) => {
    const server = createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c)).on('end', async () => {
        const answer = await fetch(`${sb.baseUrl}${req.url.replace(/^\/services\/v2/, '')}`, {
          method: req.method, headers: { 'x-dc-devkey': req.headers['x-dc-devkey'], 'content-type': 'application/json' },
          body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
        });
        res.writeHead(answer.status, { 'content-type': 'application/json', connection: 'close' });
        res.end(Buffer.from(await answer.arrayBuffer()), () => onAnswered?.(server));
      });
    });
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
  const gone = await proxy(0, (server) => server.close());
  const at = { CERTCENTRAL_API_KEY: KEY, CERTCENTRAL_BASE_URL: `http://127.0.0.1:${gone.address().port}/services/v2` };
  const before = posts();
  const offline = await cli(args('offlineOrder1'), { env: at });
  assert.equal(offline.code, 1, offline.stderr);
  assert.equal(json(offline).error.kind, 'network');
  assert.equal(json(offline).error.mayExist, undefined);
  assert.match(json(offline).error.message, /; here: connect ECONNREFUSED [^)]*\)\. The request was not sent\./);
  assert.equal(posts(), before, 'nothing reached CertCentral');
  const back = await proxy(Number(new URL(at.CERTCENTRAL_BASE_URL).port));
  try {
    const sent = await cli(args('offlineOrder1'), { env: at });
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(json(sent).existing, false);
    assert.equal(posts(), before + 1);
  } finally {
    back.close();
  }
});

test('input past its size, an empty bulk file, a base URL with a password, a full standard output: one clear line each', async () => {
  const big = await cli(['validate', '/dev/zero', '--product', SSL, '--json']);
  assert.equal(big.code, 1, big.stderr);
  assert.match(json(big).error.message, /larger than 16 MiB/);
  const empty = file('empty.ndjson', '\n  \n');
  const none = await cli(['bulk', empty, '--json'], { env: apiEnv() });
  assert.equal(none.code, 1, none.stderr);
  assert.match(json(none).error.message, /holds no orders/);
  assert.ok(!existsSync(`${empty}.journal`), 'no journal for a run that did nothing');
  for (const baseUrl of [`http://user:pw@127.0.0.1:${sb.port}/services/v2`, `${sb.baseUrl}?x=1`]) {
    const run = await cli(['status', '1000', '--json'], { env: { CERTCENTRAL_API_KEY: KEY, CERTCENTRAL_BASE_URL: baseUrl } });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(json(run).error.kind, 'usage');
    assert.match(json(run).error.message, /^CERTCENTRAL_BASE_URL (holds a user name or password|has a query)/);
    assert.ok(!run.stderr.includes('pw@') && !run.stdout.includes('pw@'));
  }
  const full = await new Promise((resolve) => {
    const bin = join(app, 'node_modules', '.bin', 'certcentral-orders');
    const child = spawn(bin, ['products', '--json'], { cwd: app, env: environment({}), stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stderr }));
  });
  assert.equal(full.code, 1);
  assert.equal(full.stderr, 'certcentral-orders: cannot write standard output: ENOSPC\n');
});
