// The demo order portal's server: plain Node (node:http), no framework.
//
//   node www/server.mjs [--port N]        (make demo; --port 0 picks a free port)
//
// - Serves the page (index.html, app.js, styles.css) and the INSTALLED certcentral-orders package
//   (www/node_modules/certcentral-orders, put there by www/setup.sh from an `npm pack` tarball)
//   under /node_modules/certcentral-orders/, which the page's import map points at.
// - POST /api/certcentral/order/certificate/{product}: validates the order with the package's
//   validateOrder (an invalid order gets a 400 in CertCentral's error shape), then forwards the body
//   byte-for-byte with X-DC-DEVKEY to {base}/order/certificate/{product} and relays status and body.
//   The API key stays in this process: it is never sent to the browser nor logged.
// - GET /api/certcentral/order/certificate/{orderId} and
//   GET /api/certcentral/certificate/download/order/{orderId}/format/{format}: the order's status
//   and its certificate, forwarded the same way, but only for orders this process placed (their ids
//   come from the 201 bodies it relayed) and only in the formats of DOWNLOAD_FORMATS.
// - The /api/certcentral routes spend the account's money, so they are not an open relay: only a
//   caller holding this portal's session cookie (set with the page; it stands in for your
//   application's own login) from this portal's own origin is forwarded, only for the products in
//   --products (default: every product the package knows), and only bodies up to MAX_BODY bytes.
// - Without CERTCENTRAL_API_KEY it starts the local CertCentral sandbox (tests/sandbox) with a
//   random key made up for this run, issuing each order a few seconds after it is placed; with it, it forwards to CERTCENTRAL_BASE_URL (default
//   https://www.digicert.com/services/v2) and starts no sandbox.
// - In live mode the ids it forwarded (alternative_order_ids before each POST, order ids before
//   each answer is relayed) are appended to a file under --state (default www/.state/), one per
//   endpoint and key, and read again on start: a restart forgets no order, so an order whose
//   answer was lost is still found by its alternative_order_id, never placed twice.
import { createServer } from 'node:http';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PACKAGE = 'certcentral-orders';
const packageDir = join(here, 'node_modules', PACKAGE);
const DEFAULT_BASE_URL = 'https://www.digicert.com/services/v2';
const API_PREFIX = '/api/certcentral';
// An order with a 4096-bit CSR is about 3 KB, and validateOrder takes a comment of 65,536
// characters (up to 4 bytes each in UTF-8): 1 MiB is far more than a real order needs (one that
// fills every free-text field to its limit can pass validateOrder and still be refused here).
const MAX_BODY = 1024 * 1024;
const SESSION_COOKIE = 'portal_session';
const UPSTREAM_TIMEOUT_MS = 60_000;
// The sandbox issues an order this long after it is placed, so the page has a pending state to show.
const SANDBOX_ISSUE_AFTER_MS = 4000;
// Certificate formats the portal forwards downloads for (lifecycle.md §5); anything else is a 404.
const DOWNLOAD_FORMATS = new Set(['pem_all', 'pem_noroot', 'pem_nointermediate', 'p7b', 'cer', 'default', 'apache', 'default_pem', 'default_cer']);
// How many placed orders' ids the process remembers (the oldest are forgotten first).
const MAX_PLACED_ORDERS = 10_000;

// ---------------------------------------------------------------- arguments

function usage(code, message) {
  if (message) process.stderr.write(`server: ${message}\n`);
  (code === 0 ? process.stdout : process.stderr).write('usage: node www/server.mjs [--port N] [--products id,id,...] [--state <dir>]\n'
    + '  --port N        the port on 127.0.0.1 (default 8080; 0 = a free port)\n'
    + '  --products ...  the products this portal may order (default: every product the package knows)\n'
    + '  --state <dir>   live mode: where the ids of the orders it forwarded are kept across restarts\n'
    + '                  (default www/.state; one file per endpoint and API key)\n'
    + 'Without CERTCENTRAL_API_KEY it starts the local CertCentral sandbox; with it, it forwards to\n'
    + 'CERTCENTRAL_BASE_URL (default https://www.digicert.com/services/v2): real orders.\n');
  process.exit(code);
}

function parseArgs(argv) {
  let port = 8080;
  let only = null;
  let state = null;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    if (arg.startsWith('--') && arg.includes('=')) [arg, value] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    if (arg === '--port') {
      value ??= argv[++i];
      const p = Number(value);
      if (value === undefined || value === '' || !Number.isInteger(p) || p < 0 || p > 65535) usage(2, '--port needs an integer from 0 to 65535');
      port = p;
    } else if (arg === '--products') {
      value ??= argv[++i];
      if (!value) usage(2, '--products needs a comma-separated list of product ids');
      only = value.split(',').map((p) => p.trim()).filter(Boolean);
    } else if (arg === '--state') {
      value ??= argv[++i];
      if (!value) usage(2, '--state needs a directory');
      state = value;
    } else if (arg === '--help' || arg === '-h') {
      usage(0);
    } else {
      usage(2, `unknown argument: ${arg}`);
    }
  }
  return { port, only, state };
}

const args = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------- the installed package

let pkg;
try {
  pkg = await import(PACKAGE); // resolves to www/node_modules/certcentral-orders (its "node" export)
} catch (err) {
  process.stderr.write(`server: cannot load the installed ${PACKAGE} package (${err.code ?? err.message}).\n`
    + 'Install it first: www/setup.sh (or make demo).\n');
  process.exit(1);
}
const { validateOrder, products } = pkg;
const known = products().map((p) => p.id);
const unknown = (args.only ?? []).filter((p) => !known.includes(p));
if (unknown.length) usage(2, `--products: unknown product ${unknown.join(', ')} (the package knows ${known.join(', ')})`);
// The products this portal orders: anything else is refused before CertCentral sees it.
const productIds = new Set(args.only ?? known);

// ---------------------------------------------------------------- who may order

// A session cookie, set with the page, signed with a key made for this process. It stands in for
// your application's own login: without some check here, anyone who can reach /api/certcentral
// orders certificates on the account. SameSite=Strict and the Origin check keep other sites'
// pages from using a visitor's cookie (CSRF).
const sessionKey = randomBytes(32);
const sign = (id) => createHmac('sha256', sessionKey).update(id).digest('base64url');
const newSession = () => { const id = randomBytes(18).toString('base64url'); return `${id}.${sign(id)}`; };
function cookieOf(req, name) {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
function hasSession(req) {
  const value = cookieOf(req, SESSION_COOKIE);
  const [id, mac] = value?.split('.') ?? [];
  if (!id || !mac) return false;
  const want = Buffer.from(sign(id));
  const got = Buffer.from(mac);
  return want.length === got.length && timingSafeEqual(want, got);
}
const sessionCookie = (value) => `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict`;
/** Why a call to /api/certcentral is refused, or null: no session, or another site's page. */
function refusal(req) {
  if (!hasSession(req)) return [401, 'not_signed_in', 'Open the portal page first: orders are accepted only from its own pages.'];
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if ((origin && origin !== `http://${req.headers.host}`) || (site && site !== 'same-origin')) {
    return [403, 'forbidden_origin', 'Orders are accepted only from the portal\'s own pages.'];
  }
  return null;
}

// ---------------------------------------------------------------- upstream: sandbox or CertCentral

let sandbox = null;
let apiKey = process.env.CERTCENTRAL_API_KEY || '';
let baseUrl;
if (apiKey) {
  baseUrl = (process.env.CERTCENTRAL_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, '');
} else {
  const { startSandbox } = await import('../tests/sandbox/sandbox.mjs');
  apiKey = `demo-${randomBytes(18).toString('hex')}`;
  // Issued SANDBOX_ISSUE_AFTER_MS after it is placed, however often the page polls.
  sandbox = await startSandbox({ port: 0, apiKey, issueAfterMs: SANDBOX_ISSUE_AFTER_MS, issueAfterPolls: 0 });
  baseUrl = sandbox.baseUrl;
}
const keyBytes = Buffer.from(apiKey);
// The sandbox forgets its orders when the portal stops: there is nothing to keep for it.
if (sandbox && args.state !== null) {
  await sandbox.close();
  usage(2, '--state is for live mode (CERTCENTRAL_API_KEY set): the sandbox forgets its orders when the portal stops');
}

// ---------------------------------------------------------------- static files

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

// The page's own files: an explicit list, so nothing else in www/ (server code, scripts) is served.
const pageFiles = new Map([
  ['/', 'index.html'],
  ['/index.html', 'index.html'],
  ['/app.js', 'app.js'],
  ['/styles.css', 'styles.css'],
  ['/favicon.svg', 'favicon.svg'],
]);

// The import map is an inline script: allow exactly it (by hash) in the Content-Security-Policy.
function importMapHashes() {
  const html = readFileSync(join(here, 'index.html'), 'utf8');
  return [...html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)]
    .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
}
const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${importMapHashes().join(' ')}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const commonHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

async function serveFile(res, file, method, extra = {}) {
  let body;
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    body = await readFile(file);
  } catch {
    return sendText(res, 404, 'Not found');
  }
  const headers = { ...commonHeaders, 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-length': body.length };
  if (extname(file) === '.html') headers['content-security-policy'] = csp;
  Object.assign(headers, extra);
  res.writeHead(200, headers);
  res.end(method === 'HEAD' ? undefined : body);
}

// ---------------------------------------------------------------- responses

function sendText(res, status, text, extra = {}) {
  res.writeHead(status, { ...commonHeaders, 'content-type': 'text/plain; charset=utf-8', ...extra });
  res.end(text);
}

function sendJson(res, status, value, extra = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...commonHeaders, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

/** CertCentral's error shape: {"errors":[{"code","message"}]}. */
const apiError = (res, status, errors, extra) => sendJson(res, status, { errors }, extra);

function log(line) {
  process.stderr.write(`[portal] ${line}\n`);
}

function readBody(req) {
  return new Promise((resolveBody, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Stop keeping what arrives, but let it drain: destroying the request would close the
        // connection before the 413 that says why reaches the caller.
        req.removeAllListeners('data');
        req.resume();
        reject(Object.assign(new Error('too large'), { tooLarge: true }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Should CertCentral ever echo the key, it still must not reach the browser. Byte-wise: bodies may be binary (a zip). */
const REDACTED = Buffer.from('[redacted]');
function redactKey(buffer) {
  let at = buffer.indexOf(keyBytes);
  if (at === -1) return buffer;
  const parts = [];
  let from = 0;
  for (; at !== -1; at = buffer.indexOf(keyBytes, from)) {
    parts.push(buffer.subarray(from, at), REDACTED);
    from = at + keyBytes.length;
  }
  parts.push(buffer.subarray(from));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------- the orders this portal placed

// Order ids (decimal text) from the 201 bodies the proxy relayed. The lifecycle routes forward
// only these: the portal is not a window onto every order of the account behind the key.
const placedOrders = new Set();

/** The order id of a 2xx answer to an order's POST, as decimal text, or null. */
function placedId(status, body) {
  if (status < 200 || status > 299) return null;
  let id;
  try {
    id = JSON.parse(body.toString('utf8'))?.id;
  } catch {
    return null;
  }
  if (!((Number.isSafeInteger(id) && id > 0) || (typeof id === 'string' && /^[1-9][0-9]{0,18}$/.test(id)))) return null;
  return String(id);
}

// The alternative_order_ids of the orders the proxy forwarded: the alternate-id lookup is
// forwarded for these only. It is how the page (and the client's own recovery) finds an order
// whose answer was lost before ordering it again.
const attemptedIds = new Set();
// The alternative_order_ids whose POST is being forwarded right now, each with a promise settled
// when it is done. A page reloaded meanwhile looks its order up: the lookup waits for the POST
// (CertCentral may not list the order before it answers), and a second POST under the same id
// is refused, so a reload or a second tab cannot place the order twice.
const inFlight = new Map();
// How long a lookup waits for a POST under its id, below the client's 30 s per attempt.
const LOOKUP_WAIT_MS = 20_000;

function remember(set, value) {
  set.delete(value);
  set.add(value);
  if (set.size > MAX_PLACED_ORDERS) set.delete(set.values().next().value);
}

// ---------------------------------------------------------------- kept across restarts (live mode)

// The alternative_order_ids whose POST went out and got no answer at all (no answer in time, a
// connection dropped, the portal stopped while it was under way), each with when it was sent:
// CertCentral may still be working on the order. Another POST under the id is held back for
// UNSETTLED_HOLD_MS from then (409 order_in_progress), as the command line holds back an
// unsettled send: a lookup that finds nothing meanwhile does not mean there is nothing. After a
// restart this is how a POST that was under way when the portal stopped is known. (An answer,
// even a 5xx, ends it: the page then looks the order up before it sends it again, as before.)
const unsettled = new Map();
const UNSETTLED_HOLD_MS = 10 * 60_000;

/**
 * The sets above, kept in a file in live mode: one JSON event per line, appended and synced before
 * what it records goes on: `{"alt"}` before an order's POST is forwarded, `{"alt","settled":true}`
 * (or `"refused":true`, when CertCentral refused it for sure) and `{"order_id"}` before the answer
 * is relayed. Without it a restart forgot them, and the page, finding nothing under its
 * alternative_order_id after a lost answer, placed the order again (the lookup of an id the
 * portal never forwarded answers "none"; a POST under way when it stopped was not held back).
 *
 * One file per endpoint and API key (16 hex digits of SHA-256 over both, as the command line's
 * journal names its account), so a portal pointed at another account does not open this one's
 * orders. A lock file beside it keeps two portals from sharing it (each would forward the same
 * alternative_order_id while the other's POST is under way). When the file is much longer than
 * what it holds, it is written anew (a new file, synced, renamed over the old one; if that
 * cannot be done, the old one stays and is appended to).
 */
class KeptIds {
  constructor(dir) {
    const account = createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex').slice(0, 16);
    this.dir = dir;
    this.path = join(dir, `orders-${account}.ndjson`);
    this.lockPath = `${this.path}.lock`;
    mkdirSync(dir, { recursive: true });
    KeptIds.lock(this.lockPath);
    try {
      this.lines = this.read();
      this.open();
      this.compact();
    } catch (e) {
      this.unlock();
      throw e;
    }
    process.on('exit', () => this.unlock());
  }

  /** Opens the file for appending; a line torn by a kill mid-write is ended first. */
  open() {
    this.fd = openSync(this.path, 'a+');
    const size = fstatSync(this.fd).size;
    const last = Buffer.alloc(1);
    if (size > 0 && readSync(this.fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) this.append('');
  }

  /** Replays the file into the sets; returns how many lines it has. Unreadable lines are skipped. */
  read() {
    let text;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') return 0;
      throw e;
    }
    const lines = text.split('\n');
    for (const line of lines) {
      let e;
      try { e = JSON.parse(line); } catch { continue; }
      if (typeof e?.alt === 'string' && /^[A-Za-z0-9]{1,64}$/.test(e.alt)) {
        if (e.refused === true) {
          attemptedIds.delete(e.alt);
          unsettled.delete(e.alt);
        } else {
          remember(attemptedIds, e.alt);
          if (e.settled === true) unsettled.delete(e.alt);
          else unsettled.set(e.alt, Math.min(Date.parse(e.at) || Date.now(), Date.now())); // a clock set back holds no longer
        }
      } else if (typeof e?.order_id === 'string' && /^[1-9][0-9]{0,18}$/.test(e.order_id)) {
        remember(placedOrders, e.order_id);
      }
    }
    return lines.length;
  }

  /**
   * Writes what the sets hold into a new file, synced, then renames it over the old one (and syncs
   * the directory). Any failure leaves the old file as it was: compacting is only tidying up.
   */
  compact() {
    const now = Date.now();
    for (const [alt, sent] of unsettled) if (now - sent >= UNSETTLED_HOLD_MS || !attemptedIds.has(alt)) unsettled.delete(alt);
    if (!this.long()) return;
    const at = new Date().toISOString();
    const events = [
      ...[...attemptedIds].map((alt) => (unsettled.has(alt) ? { at: new Date(unsettled.get(alt)).toISOString(), alt } : { at, alt, settled: true })),
      ...[...placedOrders].map((order_id) => ({ at, order_id })),
    ];
    const bytes = Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const tmp = `${this.path}.tmp`;
    try {
      const fd = openSync(tmp, 'w');
      try {
        for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
    } catch (e) {
      rmSync(tmp, { force: true });
      log(`could not compact ${this.path} (${e.code ?? e.message}); it stays as it was`);
      return;
    }
    try {
      const d = openSync(this.dir, 'r');
      try { fsyncSync(d); } finally { closeSync(d); }
    } catch { /* a directory that cannot be synced (some file systems): the rename stands */ }
    closeSync(this.fd);
    this.open();
    this.lines = events.length + 1;
  }

  /**
   * Appends one line and syncs it; throws when it is not all on disk (a full disk), after cutting
   * off what was written of it, so that the next line is not glued to it.
   */
  append(line) {
    const bytes = Buffer.from(`${line}\n`);
    const size = fstatSync(this.fd).size;
    try {
      if (writeSync(this.fd, bytes) !== bytes.length) throw new Error('only part of a line was written');
      fsyncSync(this.fd);
    } catch (e) {
      try { ftruncateSync(this.fd, size); } catch {}
      throw e;
    }
    this.lines += 1;
  }

  record(event) {
    this.append(JSON.stringify({ at: new Date().toISOString(), ...event }));
  }

  /** Whether the file is much longer than what the sets hold: due to be written anew. */
  long() {
    return this.lines > 2 * (attemptedIds.size + placedOrders.size) + 1000;
  }

  /** Removes the lock file if it is still this process's. */
  unlock() {
    if (lockHolder(this.lockPath).pid === process.pid) rmSync(this.lockPath, { force: true });
  }

  /**
   * Takes the lock file, or throws while another live process holds it. A dead process's lock is
   * taken over under a second, short-lived lock file, so that two portals started at once cannot
   * both take it (each would remove the other's new lock).
   */
  static lock(lockPath) {
    const guard = `${lockPath}.takeover`;
    for (let tries = 0; tries < 100; tries++) {
      try {
        writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
        return;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
      }
      const holder = lockHolder(lockPath);
      if (alive(holder.pid)) {
        throw Object.assign(new Error(`another portal (process ${holder.pid}) keeps its orders in ${lockPath.slice(0, -'.lock'.length)}; stop it first, or give this one its own --state (or remove ${lockPath} if that process is not a portal)`), { lockHeld: true });
      }
      if (holder.young) { // being written by the portal that just made it
        pause(10);
        continue;
      }
      try {
        writeFileSync(guard, `${process.pid}\n`, { flag: 'wx' });
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
        const taker = lockHolder(guard);
        if (!alive(taker.pid) && !taker.young) rmSync(guard, { force: true }); // a takeover that died half-way
        pause(10);
        continue;
      }
      try {
        // Still the dead holder's (not one another portal took meanwhile): removed, then taken anew.
        if (lockHolder(lockPath).text === holder.text) rmSync(lockPath, { force: true });
      } finally {
        rmSync(guard, { force: true });
      }
    }
    throw new Error(`cannot take the lock ${lockPath}: another portal is taking it over (${guard}; remove it if no portal is starting)`);
  }
}

/**
 * What a lock file holds: its text, the process id in it (NaN when none: an empty file, left by
 * a crash between making it and writing it, or by a full disk), and whether it is too new to
 * tell (made in the last 2 s: its portal may be writing its id now).
 */
function lockHolder(path) {
  try {
    const text = readFileSync(path, 'utf8');
    const pid = Number.parseInt(text, 10);
    return { text, pid, young: Number.isNaN(pid) && Date.now() - statSync(path).mtimeMs < 2000 };
  } catch {
    return { text: null, pid: Number.NaN, young: false };
  }
}

const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Whether a process of this id runs (another user's counts). */
function alive(pid) {
  if (!(pid > 0) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

let kept = null;
if (!sandbox) {
  const dir = args.state ?? join(here, '.state');
  try {
    kept = new KeptIds(dir);
  } catch (e) {
    process.stderr.write(`server: ${e.lockHeld ? e.message : `cannot keep the forwarded orders' ids in ${dir}: ${e.code ?? e.message}`}\n`);
    process.exit(1);
  }
}

// Events that could not be written (a full disk) after what they record went on: written with
// the next event that can be, so a restart after the disk has room again still knows them.
const backlog = [];
let compacting = false;

/**
 * Records an event before what it records goes on. Returns false when it could not be written
 * (a full disk): an order's POST is then not forwarded, since a restart would forget it.
 */
function keep(event, { later = false } = {}) {
  if (!kept) return true;
  try {
    while (backlog.length) {
      kept.record(backlog[0]);
      backlog.shift();
    }
    kept.record(event);
    // Compacted from the sets once the caller has put this event's id in them (it does so at once
    // after this returns): a compaction now would leave it out of the new file.
    if (kept.long() && !compacting) {
      compacting = true;
      setImmediate(() => {
        compacting = false;
        kept.compact();
      });
    }
    return true;
  } catch (e) {
    log(`cannot write ${kept.path}: ${e.code ?? e.message}`);
    if (later) backlog.push({ ...event, at: new Date().toISOString() });
    return false;
  }
}

/** An order's POST under `alt` is over (answered, or it never left): no longer held back. */
function settle(alt) {
  unsettled.delete(alt);
  keep({ alt, settled: true }, { later: true });
}

/** Remembers an order id the portal relayed an answer about, in memory and (live mode) on disk. */
function rememberOrder(id) {
  if (!placedOrders.has(id)) keep({ order_id: id }, { later: true });
  remember(placedOrders, id);
}

// ---------------------------------------------------------------- the proxy

async function proxyOrder(req, res, product) {
  const started = Date.now();
  const done = (status, note) => log(`POST ${API_PREFIX}/order/certificate/${product} -> ${status} ${note} (${Date.now() - started} ms)`);

  if (req.method !== 'POST') {
    return apiError(res, 405, [{ code: 'method_not_allowed', message: 'Use POST to place an order.' }], { allow: 'POST' });
  }
  // Only the products this portal offers, checked before the body is read.
  if (!productIds.has(product)) {
    done(404, 'not a product this portal orders');
    return apiError(res, 404, [{ code: 'not_found|product', message: `This portal does not order "${product}".` }]);
  }
  let body;
  try {
    body = await readBody(req);
  } catch (err) {
    if (err.tooLarge) {
      done(413, 'body too large');
      return apiError(res, 413, [{ code: 'request_too_large', message: `The order is larger than ${MAX_BODY} bytes.` }], { connection: 'close' });
    }
    return; // the client went away
  }
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.split(';')[0].trim().toLowerCase() !== 'application/json') {
    done(400, 'not JSON');
    return apiError(res, 400, [{ code: 'bad_request_format', message: 'The order must be sent as application/json.' }]);
  }
  let order;
  try {
    order = JSON.parse(body.toString('utf8'));
  } catch {
    done(400, 'unparseable JSON');
    return apiError(res, 400, [{ code: 'bad_request_format', message: 'The request body is not valid JSON.' }]);
  }

  // The browser validated too, but a browser's checks can be bypassed: validate again here.
  const report = validateOrder(product, order);
  if (!report.valid) {
    const errors = report.issues.filter((i) => i.severity === 'error')
      .map((i) => ({ code: i.field ? `invalid_value:${i.field}` : 'invalid_value', message: i.message }));
    done(400, `rejected by validateOrder (${errors.length} error${errors.length === 1 ? '' : 's'}), not forwarded`);
    return apiError(res, 400, errors);
  }

  const alt = typeof order.alternative_order_id === 'string' ? order.alternative_order_id : null;
  if (alt !== null && inFlight.has(alt)) {
    done(409, 'an order under this alternative_order_id is being forwarded, not forwarded again');
    return apiError(res, 409, [{ code: 'order_in_progress', message: 'An order with this alternative_order_id is still being placed: look it up by that id in a moment instead of sending it again.' }]);
  }
  // An earlier POST under this id has no sure outcome yet: CertCentral may still create it, so a
  // lookup that finds nothing is no reason to send it again yet.
  const sentAt = alt !== null ? unsettled.get(alt) : undefined;
  if (sentAt !== undefined && Date.now() - sentAt < UNSETTLED_HOLD_MS) {
    const from = new Date(sentAt + UNSETTLED_HOLD_MS);
    done(409, 'an earlier order under this alternative_order_id got no answer, not forwarded');
    return apiError(res, 409, [{ code: 'order_in_progress', message: `An order with this alternative_order_id was sent at ${new Date(sentAt).toISOString().slice(11, 19)} UTC and got no answer: CertCentral may still create it. Look it up by that id; it is not sent again before ${from.toISOString().slice(11, 19)} UTC.` }], { 'retry-after': String(Math.ceil((from - Date.now()) / 1000)) });
  }
  const triedBefore = alt !== null && attemptedIds.has(alt);
  // Recorded before it is sent: after a restart, its lookup must still be forwarded, and while it
  // has no sure outcome, it is not sent again.
  if (alt !== null && !keep({ alt })) {
    done(503, 'its alternative_order_id could not be recorded, not forwarded');
    return apiError(res, 503, [{ code: 'service_unavailable', message: 'The portal cannot record the order before sending it (its disk may be full); nothing was sent. Try again later.' }], { 'retry-after': '30' });
  }
  let finished = () => {};
  if (alt !== null) {
    remember(attemptedIds, alt);
    unsettled.set(alt, Date.now());
    inFlight.set(alt, new Promise((resolve) => { finished = resolve; }));
  }
  try {
    const answer = await forward(res, done, `/order/certificate/${encodeURIComponent(product)}`, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/json' },
      body, // byte-for-byte as received
    }, (status, bytes) => {
      // Both kept before the page hears the answer (a restart right after it forgets neither).
      // Placed: the order's status and downloads are forwarded.
      const id = placedId(status, bytes);
      if (id !== null) rememberOrder(id);
      if (alt === null) return;
      // Refused for sure (a 4xx other than 408 and 429, which the client sends again), the order
      // was not created: an id first tried here is then no order's of this portal, and its lookup
      // is not forwarded (else a refused order under another order's id would open that order's
      // lookup and downloads).
      if (status >= 400 && status < 500 && status !== 408 && status !== 429 && !triedBefore) {
        attemptedIds.delete(alt);
        unsettled.delete(alt);
        keep({ alt, refused: true }, { later: true });
      } else {
        settle(alt);
      }
    });
    // Refused before it left (the connection could not be made): nothing to wait for.
    if (alt !== null && answer?.unsent) settle(alt);
  } finally {
    if (alt !== null) inFlight.delete(alt);
    finished();
  }
}

/**
 * Sends one request to `{base}{path}` with the key and relays the answer: status, body (as bytes,
 * the key redacted), Content-Type, Content-Disposition and Retry-After. An unreachable upstream
 * is a 502, no answer in UPSTREAM_TIMEOUT_MS a 504. Returns `{status, body}`; `{unsent: true}`
 * when the connection could not be made (nothing was sent), null when the request went out and
 * got no answer. `beforeRelay(status, body)` runs before the answer is relayed.
 */
async function forward(res, done, path, { method, headers, body }, beforeRelay = () => {}) {
  let upstream;
  try {
    upstream = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...headers, 'x-dc-devkey': apiKey },
      body,
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch (err) {
    const timedOut = err?.name === 'TimeoutError';
    done(timedOut ? 504 : 502, timedOut ? 'upstream timed out' : 'upstream unreachable');
    if (timedOut) apiError(res, 504, [{ code: 'gateway_timeout', message: 'CertCentral did not answer in time.' }]);
    else apiError(res, 502, [{ code: 'bad_gateway', message: 'The portal could not reach CertCentral.' }]);
    // Node's fetch names the step that failed: connecting (or the name's lookup) sent nothing.
    const causes = [err?.cause, ...(Array.isArray(err?.cause?.errors) ? err.cause.errors : [])];
    const unsent = !timedOut && causes.some((c) => c?.syscall === 'connect' || c?.syscall === 'getaddrinfo' || c?.code === 'ECONNREFUSED' || c?.code === 'UND_ERR_CONNECT_TIMEOUT');
    return unsent ? { unsent: true } : null;
  }
  let answer;
  try {
    answer = redactKey(Buffer.from(await upstream.arrayBuffer()));
  } catch {
    done(502, 'upstream connection dropped');
    apiError(res, 502, [{ code: 'bad_gateway', message: 'CertCentral\'s answer was cut off.' }]);
    return null;
  }
  beforeRelay(upstream.status, answer);
  const relayed = { ...commonHeaders, 'content-length': answer.length };
  for (const name of ['content-type', 'content-disposition', 'retry-after']) {
    const value = upstream.headers.get(name);
    if (value) relayed[name] = value;
  }
  res.writeHead(upstream.status, relayed);
  res.end(answer);
  done(upstream.status, `from upstream${answer.length > 0 ? ` (${answer.length} bytes)` : ''}`);
  return { status: upstream.status, body: answer };
}

/**
 * GET {API_PREFIX}/order/certificate/{orderId} (the order's status) and
 * GET {API_PREFIX}/certificate/download/order/{orderId}/format/{format} (its certificate), for
 * orders this process placed and formats in DOWNLOAD_FORMATS only; anything else is a 404 in
 * CertCentral's error shape, and nothing is forwarded.
 */
async function proxyLifecycle(req, res, route, orderId, format) {
  const started = Date.now();
  const path = route === 'order'
    ? `/order/certificate/${orderId}`
    : `/certificate/download/order/${orderId}/format/${format}`;
  const done = (status, note) => log(`${req.method} ${API_PREFIX}${path} -> ${status} ${note} (${Date.now() - started} ms)`);

  if (req.method !== 'GET') {
    done(405, 'method not allowed');
    return apiError(res, 405, [{ code: 'method_not_allowed', message: 'Use GET here.' }], { allow: 'GET' });
  }
  if (!placedOrders.has(orderId)) {
    done(404, 'not an order this portal placed, not forwarded');
    return apiError(res, 404, [{ code: 'not_found|order', message: `The portal placed no order ${orderId}.` }]);
  }
  if (route === 'download' && !DOWNLOAD_FORMATS.has(format)) {
    done(404, 'unknown format, not forwarded');
    return apiError(res, 404, [{ code: 'not_found|format', message: `Unknown certificate format "${format}"; the portal offers ${[...DOWNLOAD_FORMATS].join(', ')}.` }]);
  }
  await forward(res, done, path, { method: 'GET', headers: { accept: req.headers.accept || '*/*' } });
}

/**
 * GET {API_PREFIX}/order/alternate/{id}: the orders placed under an alternative_order_id, for ids
 * of orders this process forwarded only. The orders it lists become ones the page may follow.
 */
async function proxyAlternate(req, res, id) {
  const started = Date.now();
  const path = `/order/alternate/${id}`;
  const done = (status, note) => log(`${req.method} ${API_PREFIX}${path} -> ${status} ${note} (${Date.now() - started} ms)`);
  if (req.method !== 'GET') {
    done(405, 'method not allowed');
    return apiError(res, 405, [{ code: 'method_not_allowed', message: 'Use GET here.' }], { allow: 'GET' });
  }
  const placing = inFlight.get(id);
  if (placing) {
    // The order under this id is being forwarded: its answer first, then the lookup.
    let timer;
    await Promise.race([placing, new Promise((resolve) => { timer = setTimeout(resolve, LOOKUP_WAIT_MS); })]);
    clearTimeout(timer);
    if (inFlight.has(id)) {
      done(503, 'the order under this id is still being forwarded');
      return apiError(res, 503, [{ code: 'order_in_progress', message: 'The order with this alternative_order_id is still being placed: look it up again in a moment.' }], { 'retry-after': '5' });
    }
  }
  if (!attemptedIds.has(id)) {
    // No order of this portal's can be under an id it never forwarded (a request lost on the way
    // here, offline): the answer is the empty list CertCentral gives for an id without orders, so
    // the page goes on to place the order. (A 404 read as "CertCentral rejected the order", and
    // the form could not order again until the page was reloaded.)
    done(200, 'not an id of an order this portal sent: none, not forwarded');
    return sendJson(res, 200, { orders: [] });
  }
  await forward(res, done, path, { method: 'GET', headers: { accept: 'application/json' } }, (status, bytes) => {
    if (status !== 200) return;
    try {
      const list = JSON.parse(bytes.toString('utf8'));
      for (const o of Array.isArray(list?.orders) ? list.orders : Array.isArray(list) ? list : []) {
        if (Number.isSafeInteger(o?.order_id) && o.order_id > 0) rememberOrder(String(o.order_id));
      }
    } catch { /* not JSON: nothing to remember */ }
  });
}

// ---------------------------------------------------------------- routing

const server = createServer(async (req, res) => {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return sendText(res, 400, 'Bad request');
  }
  try {
    if (path.startsWith(`${API_PREFIX}/`)) {
      const refused = refusal(req);
      if (refused) {
        log(`${req.method} ${path} -> ${refused[0]} ${refused[1]}, not forwarded`);
        return apiError(res, refused[0], [{ code: refused[1], message: refused[2] }]);
      }
      const rest = path.slice(API_PREFIX.length);
      // An order id is digits; a product id never is.
      const info = rest.match(/^\/order\/certificate\/([0-9]{1,19})$/);
      if (info && req.method !== 'POST') return await proxyLifecycle(req, res, 'order', info[1]);
      const alternate = rest.match(/^\/order\/alternate\/([A-Za-z0-9]{1,64})$/);
      if (alternate) return await proxyAlternate(req, res, alternate[1]);
      const download = rest.match(/^\/certificate\/download\/order\/([0-9]{1,19})\/format\/([^/]+)$/);
      if (download) return await proxyLifecycle(req, res, 'download', download[1], download[2]);
      const order = rest.match(/^\/order\/certificate\/([^/]+)$/);
      if (order) return await proxyOrder(req, res, order[1]);
      return apiError(res, 404, [{ code: 'not_found', message: 'The portal forwards POST /order/certificate/{product} and, for the orders it placed, GET /order/certificate/{order_id}, GET /certificate/download/order/{order_id}/format/{format} and GET /order/alternate/{alternative_order_id}.' }]);
    }
    if (path === '/api/portal') {
      // What the page shows in its header; never the key.
      const offered = [...productIds];
      return sendJson(res, 200, sandbox
        ? { mode: 'sandbox', upstream: 'the local CertCentral sandbox', products: offered }
        : { mode: 'live', upstream: new URL(baseUrl).host, products: offered });
    }
    if (path === '/__demo/sandbox') {
      if (!sandbox) return sendJson(res, 404, { error: 'no sandbox: the portal forwards to CertCentral' });
      return sendJson(res, 200, { url: sandbox.url, baseUrl: sandbox.baseUrl });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    if (pageFiles.has(path)) {
      // The page starts a session (your application's login would do this).
      const extra = pageFiles.get(path) === 'index.html' && !hasSession(req) ? { 'set-cookie': sessionCookie(newSession()) } : {};
      return await serveFile(res, join(here, pageFiles.get(path)), req.method, extra);
    }
    const prefix = `/node_modules/${PACKAGE}/`;
    if (path.startsWith(prefix)) {
      const file = resolve(packageDir, `.${path.slice(prefix.length - 1)}`);
      if (!file.startsWith(packageDir + sep)) return sendText(res, 404, 'Not found');
      return await serveFile(res, file, req.method);
    }
    return sendText(res, 404, 'Not found');
  } catch (err) {
    log(`error on ${req.method} ${path}: ${err?.message ?? err}`);
    if (!res.headersSent) sendText(res, 500, 'Internal error');
    else res.destroy();
  }
});

try {
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(args.port, '127.0.0.1', resolveListen);
  });
} catch (err) {
  process.stderr.write(`server: cannot listen on 127.0.0.1:${args.port}: ${err.code ?? err.message}\n`);
  await sandbox?.close();
  process.exit(1);
}

process.stdout.write(`Portal: http://127.0.0.1:${server.address().port}/\n`);
if (sandbox) process.stdout.write(`Sandbox: ${sandbox.baseUrl}\n`);
else log(`forwarding orders to ${baseUrl} with the key from CERTCENTRAL_API_KEY`);

let stopping = false;
/**
 * Stops taking requests; orders being forwarded get their answers first (else each would be an
 * order whose answer is lost), for at most UPSTREAM_TIMEOUT_MS. A second Ctrl-C quits at once.
 */
async function stop() {
  if (stopping) process.exit(130);
  stopping = true;
  server.close();
  server.closeIdleConnections();
  if (inFlight.size) {
    log(`stopping: waiting for ${inFlight.size} order${inFlight.size === 1 ? '' : 's'} being forwarded to get ${inFlight.size === 1 ? 'its answer' : 'their answers'} (Ctrl-C again quits at once)`);
    let timer;
    await Promise.race([Promise.all(inFlight.values()), new Promise((resolve) => { timer = setTimeout(resolve, UPSTREAM_TIMEOUT_MS); })]);
    clearTimeout(timer);
  }
  server.closeAllConnections();
  await sandbox?.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
