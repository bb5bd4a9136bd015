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

/**
 * The example bodies of tests/cases/<family>.json ("bases"), with each "$CSR_…" token replaced by
 * its fixture PEM (tests/fixtures/csr), keyed by base name.
 */
export function exampleBodies(families = ['common', 'ssl', 'client', 'code_signing', 'secure_email']) {
  const csrDir = join(repo, 'tests', 'fixtures', 'csr');
  const tokens = Object.fromEntries(['rsa2048', 'rsa3072', 'rsa4096', 'ec256', 'ec384']
    .map((n) => [`$CSR_${n.toUpperCase()}`, readFileSync(join(csrDir, `${n}.pem`), 'utf8')]));
  const fill = (v) => typeof v === 'string' ? (tokens[v] ?? v)
    : Array.isArray(v) ? v.map(fill)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v;
  const bases = {};
  for (const f of families) {
    Object.assign(bases, fill(JSON.parse(readFileSync(join(repo, 'tests', 'cases', `${f}.json`), 'utf8')).bases));
  }
  return bases;
}
