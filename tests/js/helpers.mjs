// Shared helpers for the package tests: where the scratch app is, running Node in it, a static
// file server, and a headless Chromium (Debian's, never a downloaded one).
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';

export const app = process.env.CC_SCRATCH_APP;
if (!app) throw new Error('CC_SCRATCH_APP is not set: run these tests through `make test` (scripts/test-js.sh)');

const run = promisify(execFile);

/** Runs `node args...` in the scratch app and returns stdout. */
export async function nodeIn(args, options = {}) {
  const { stdout } = await run(process.execPath, args, { cwd: app, ...options });
  return stdout;
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

/** Serves `dir` on 127.0.0.1; resolves to { url, close }. */
export async function serveStatic(dir) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? path + 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches Debian's Chromium headless. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

const repo = join(new URL('.', import.meta.url).pathname, '..', '..');

/** `v` with each "$CSR_…" token replaced by its fixture PEM (tests/fixtures/csr). */
let csrTokens; // read once
function fillCsrTokens(v) {
  const csrDir = join(repo, 'tests', 'fixtures', 'csr');
  const tokens = csrTokens ??= Object.fromEntries(['rsa2048', 'rsa3072', 'rsa4096', 'ec256', 'ec384']
    .map((n) => [`$CSR_${n.toUpperCase()}`, readFileSync(join(csrDir, `${n}.pem`), 'utf8')]));
  const fill = (x) => typeof x === 'string' ? (tokens[x] ?? x)
    : Array.isArray(x) ? x.map(fill)
      : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, fill(y)])) : x;
  return fill(v);
}

/**
 * The example bodies of tests/cases/<family>.json ("bases"), with each "$CSR_…" token replaced by
 * its fixture PEM (tests/fixtures/csr), keyed by base name.
 */
export function exampleBodies(families = ['common', 'ssl', 'client', 'code_signing', 'secure_email']) {
  const bases = {};
  for (const f of families) {
    Object.assign(bases, fillCsrTokens(JSON.parse(readFileSync(join(repo, 'tests', 'cases', `${f}.json`), 'utf8')).bases));
  }
  return bases;
}

/**
 * Every case of the case table (tests/cases/*.json) as { name, product, today, order }: the
 * order built as tests/cases/README.md says (a deep copy of the base or the case's `order`,
 * each `unset` path removed, each `set` path set, the "$CSR_…" tokens replaced by their PEMs).
 */
export function caseTable(families = ['common', 'ssl', 'client', 'code_signing', 'secure_email']) {
  const out = [];
  for (const f of families) {
    const { bases, cases } = JSON.parse(readFileSync(join(repo, 'tests', 'cases', `${f}.json`), 'utf8'));
    for (const c of cases) {
      let order = structuredClone('base' in c ? bases[c.base] : c.order);
      for (const path of c.unset ?? []) {
        const steps = path.split('.');
        const last = steps.pop();
        const parent = steps.reduce((o, s) => o?.[s], order);
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else if (parent && typeof parent === 'object') delete parent[last];
      }
      for (const [path, value] of Object.entries(c.set ?? {})) {
        const steps = path.split('.');
        const last = steps.pop();
        let at = order;
        for (const [i, s] of steps.entries()) {
          if (at[s] === null || typeof at[s] !== 'object') at[s] = /^\d+$/.test(steps[i + 1] ?? last) ? [] : {};
          at = at[s];
        }
        at[last] = structuredClone(value);
      }
      order = fillCsrTokens(order);
      out.push({ name: c.name, product: c.product, today: c.today ?? '2026-11-22', order });
    }
  }
  return out;
}
