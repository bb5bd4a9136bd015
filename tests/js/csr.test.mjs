// inspectCsr from the packed package, in Node and in headless Chromium: what it reads from the
// openssl-made fixtures (tests/fixtures/csr/README.md), that it never throws whatever it is
// given, and the CSR rules as validateOrder reports them (the key per family, a CSR made for
// other names).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, serveStatic, launchChromium } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromApp = createRequire(join(app, 'package.json'));
const pkgDir = dirname(requireFromApp.resolve('certcentral-orders/package.json'));
const cc = await import(pathToFileURL(join(pkgDir, 'node.mjs')));
const csr = (name) => readFileSync(join(root, 'tests', 'fixtures', 'csr', `${name}.pem`), 'utf8');
const TODAY = '2026-11-22';

/** What each fixture holds (tests/fixtures/csr/README.md), as inspectCsr must read it. */
const EXPECTED = {
  'san-mixed': {
    valid: true, issues: [], key: { algorithm: 'rsa', bits: 2048 },
    commonName: 'www.example.com', organization: 'Example Inc.', organizationalUnits: ['Ops', 'Web'],
    country: 'US', state: 'Utah', locality: 'Lehi',
    emails: ['admin@example.com', 'ops@example.com'],
    dnsNames: ['www.example.com', 'example.com', '*.example.com'],
    ipAddresses: ['192.0.2.7', '2001:db8::1'],
    signatureAlgorithm: 'sha256WithRSAEncryption',
  },
  ec521: {
    valid: true, issues: [], key: { algorithm: 'ec', bits: 521, curve: 'P-521' }, commonName: 'example.com',
    organizationalUnits: [], emails: [], dnsNames: [], ipAddresses: [], signatureAlgorithm: 'ecdsa-with-SHA512',
  },
  ed25519: {
    valid: true, issues: [], key: { algorithm: 'ed25519', bits: 256 }, commonName: 'example.com',
    organizationalUnits: [], emails: [], dnsNames: [], ipAddresses: [], signatureAlgorithm: 'ED25519',
  },
  'utf8-subject': {
    valid: true, issues: [], key: { algorithm: 'ec', bits: 256, curve: 'P-256' },
    commonName: 'bücher.example', organization: 'Bücher & Co. KG', organizationalUnits: [], country: 'DE', locality: 'München',
    emails: [], dnsNames: [], ipAddresses: [], signatureAlgorithm: 'ecdsa-with-SHA256',
  },
};

/** Values that are not CSR text, each of which must get `valid: false` and one issue. */
const ODD = `[null, undefined, 0, -1.5, NaN, true, 10n, Symbol('csr'), {}, [], () => 1, new Date(0),
  new Proxy({}, { get() { throw new Error('trap'); } }), Object.create(null), new String('x'),
  '', 'hello', '-----BEGIN CERTIFICATE REQUEST-----\\n!!\\n-----END CERTIFICATE REQUEST-----',
  '-----BEGIN CERTIFICATE REQUEST-----\\nMIIB\\n-----END CERTIFICATE REQUEST-----', 'x'.repeat(1e6)]`;

function checkNotCsr(info, what) {
  assert.equal(info.valid, false, what);
  assert.equal(info.issues.length, 1, what);
  const [issue] = info.issues;
  assert.deepEqual(issue.path, [], what);
  assert.equal(issue.field, '', what);
  assert.equal(issue.severity, 'error', what);
  assert.equal(issue.code, 'format', what);
  assert.match(issue.message, /not a certificate signing request/, what);
  assert.deepEqual([info.emails, info.dnsNames, info.ipAddresses, info.organizationalUnits], [[], [], [], []], what);
  assert.equal(info.key, undefined, what);
}

test('Node: inspectCsr reads key, subject, alternative names and signature algorithm', () => {
  for (const [name, want] of Object.entries(EXPECTED)) assert.deepEqual(cc.inspectCsr(csr(name)), want, name);
  assert.equal(cc.inspectCsr(csr('bmp-subject')).commonName, 'bmp.example.com');
  assert.equal(cc.inspectCsr(csr('t61-subject')).commonName, 't61.example.com');
  assert.deepEqual(cc.inspectCsr(csr('client-email')).emails, ['jane@example.com', 'j.doe@example.com']);
  // Windows line ends and surrounding blanks are still the same CSR.
  assert.deepEqual(cc.inspectCsr(`\n  ${csr('san-mixed').replace(/\n/g, '\r\n')}  `), EXPECTED['san-mixed']);
});

test('Node: inspectCsr never throws, whatever it is given', () => {
  // eslint-disable-next-line no-eval
  const values = (0, eval)(ODD);
  for (const v of values) checkNotCsr(cc.inspectCsr(v), typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : String(typeof v));
  checkNotCsr(cc.inspectCsr(), 'no argument');
});

test('validateOrder: the key each family allows, and a CSR made for other names', () => {
  const ssl = (csrText, certificate = {}) => cc.validateOrder('ssl_securesite_multi_domain', {
    certificate: { common_name: 'www.example.com', dns_names: ['example.com', '*.example.com'], csr: csrText, signature_hash: 'sha256', ...certificate },
    organization: { id: 123456 }, validity_days: 199,
  }, { today: TODAY });
  assert.deepEqual(ssl(csr('san-mixed')), { valid: true, issues: [] });
  for (const name of ['rsa1024', 'ec521', 'ed25519']) {
    const report = ssl(csr(name));
    const issue = report.issues.find((i) => i.rule === 'ssl.csr.key');
    assert.ok(issue && !report.valid, `${name}: ${JSON.stringify(report.issues)}`);
    assert.equal(issue.field, 'certificate.csr');
    assert.match(issue.message, /RSA 2048-bit or larger, or ECDSA P-256 or P-384/);
  }
  const other = ssl(csr('san-mixed'), { dns_names: ['example.com'] });
  assert.equal(other.valid, true);
  const warning = other.issues.find((i) => i.rule === 'ssl.csr.names');
  assert.equal(warning.severity, 'warning');
  assert.match(warning.message, /\*\.example\.com/);
});

// ------------------------------------------------------------------------------------------
// The same in headless Chromium

const PAGE = `<!doctype html><title>csr</title>
<script type="importmap">{ "imports": { "certcentral-orders": "/node_modules/certcentral-orders/browser.js" } }</script>
<script type="module">
  import * as cc from 'certcentral-orders';
  window.cc = cc;
  window.__ready = true;
</script>`;

let server, browser, page;
before(async () => {
  await writeFile(join(app, 'csr-browser.html'), PAGE);
  server = await serveStatic(app);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.url}/csr-browser.html`);
  await page.waitForFunction(() => window.__ready === true);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('Chromium: inspectCsr reads the same, and never throws', async () => {
  for (const [name, want] of Object.entries(EXPECTED)) {
    assert.deepEqual(await page.evaluate((text) => window.cc.inspectCsr(text), csr(name)), want, name);
  }
  const odd = await page.evaluate((source) => {
    // eslint-disable-next-line no-eval
    const values = (0, eval)(source);
    return values.map((v) => { try { return window.cc.inspectCsr(v); } catch (e) { return { threw: String(e) }; } });
  }, ODD);
  for (const info of odd) checkNotCsr(info, JSON.stringify(info).slice(0, 200));
});
