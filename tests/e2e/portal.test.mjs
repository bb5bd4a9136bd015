// End-to-end tests of the demo order portal: the same server `make demo` runs
// (`node www/server.mjs --port 0`, with its local CertCentral sandbox), driven in Debian's headless
// Chromium through playwright-core. Screenshots of the main states go to tests/artifacts/.
// The sandbox issues each order a few seconds after it is placed (server.mjs), so a placed order's
// card goes from pending to issued while the test watches, then offers its downloads.
//
//   node --test tests/e2e/     (from the repository root)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { holdE2eLock } from './serial.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'tests', 'artifacts');
const csrFile = (name) => join(root, 'tests', 'fixtures', 'csr', `${name}.pem`);
const csr = (name) => readFileSync(csrFile(name), 'utf8');
const WAIT = { timeout: 5000 };

let server; // the child process
let serverOutput; // () => everything it printed so far, stdout and stderr
let portal; // "http://127.0.0.1:PORT/"
let sandboxUrl; // the sandbox's control origin
let cookie; // "portal_session=…": the session GET / gave, for the requests made here with fetch
let browser;
let releaseLock; // one e2e file at a time (serial.mjs)
const extraServers = []; // portals a test started with other arguments (stopped in after() if the test could not)
const seen = []; // every response any page received: { url, headers, body }
const pending = []; // their reads, awaited before scanning
const domSnapshots = []; // each page's DOM and control values at the end of its test

// ---------------------------------------------------------------- set-up

before(async () => {
  releaseLock = await holdE2eLock();
  mkdirSync(artifacts, { recursive: true });
  // Install the package into www/ from an `npm pack` tarball (what `make demo` does first).
  const built = existsSync(join(root, 'pkg', 'package.json'));
  execFileSync(join(root, 'www', 'setup.sh'), built ? ['--no-build'] : [], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

  ({ child: server, portal, sandboxUrl, output: serverOutput } = await startServer());

  // The page starts a session: /api/certcentral answers only a caller holding its cookie.
  cookie = await sessionOf(portal);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  for (const child of [server, ...extraServers]) {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  releaseLock?.();
});

// ---------------------------------------------------------------- helpers

/**
 * Starts the portal as `make demo` does (`node www/server.mjs --port 0`, plus `args`), with its
 * local sandbox (no API key in its environment); resolves once it printed its URLs.
 */
async function startServer(args = []) {
  const env = { ...process.env };
  delete env.CERTCENTRAL_API_KEY;
  delete env.CERTCENTRAL_BASE_URL;
  const child = spawn(process.execPath, [join(root, 'www', 'server.mjs'), '--port', '0', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const lines = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server printed no URLs in 10 s:\n${output}`)), 10_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}):\n${output}`)); });
    const printed = () => {
      if (!/^Sandbox: .*\n/m.test(output)) return;
      clearTimeout(timer);
      child.stdout.off('data', printed);
      resolve(output.split('\n').filter((l) => /^(Portal|Sandbox): /.test(l)));
    };
    child.stdout.on('data', printed);
  });
  assert.match(lines[0], /^Portal: http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.match(lines[1], /^Sandbox: http:\/\/127\.0\.0\.1:\d+\/services\/v2$/);
  assert.equal(lines.filter((l) => l.startsWith('Portal: ')).length, 1);
  const url = lines[0].slice('Portal: '.length);
  const info = await (await fetch(new URL('/__demo/sandbox', url))).json();
  assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  return { child, portal: url, sandboxUrl: info.url, output: () => output };
}

/** Waits (up to 5 s) until the main server has printed a line matching `pattern`. */
async function waitForLog(pattern) {
  for (const deadline = Date.now() + WAIT.timeout; !pattern.test(serverOutput()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > deadline) assert.fail(`the server did not print ${pattern}:\n${serverOutput().slice(-2000)}`);
  }
}

/** The session cookie a fresh page load of `url` sets ("portal_session=…"). */
async function sessionOf(url) {
  const r = await fetch(url);
  assert.equal(r.status, 200);
  const setCookie = r.headers.get('set-cookie') ?? '';
  // HttpOnly: no script reads it; SameSite=Strict: other sites' pages do not send it.
  assert.match(setCookie, /^portal_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
  return setCookie.split(';')[0];
}

/**
 * A request to a portal's /api/certcentral, as its own page makes it: with its session cookie
 * (`session: null` for none).
 */
function api(path, { headers, ...init } = {}, { base = portal, session = cookie } = {}) {
  return fetch(new URL(`/api/certcentral${path}`, base), { ...init, headers: { ...(session ? { cookie: session } : {}), ...headers } });
}

async function openPortal(product, base = portal) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // (Chromium also logs every 4xx fetch as a console error; those are expected here.)
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.on('response', (r) => {
    pending.push((async () => {
      const headers = await r.allHeaders().catch(() => ({}));
      const body = await r.body().catch(() => Buffer.alloc(0));
      seen.push({ url: r.url(), headers, body });
    })());
  });
  await page.goto(product ? `${base}#${product}` : base);
  await page.locator('#order-form').waitFor({ state: 'visible', ...WAIT });
  page.errors = errors;
  return page;
}

async function closePortal(page) {
  domSnapshots.push(await page.evaluate(() => document.documentElement.outerHTML
    + [...document.querySelectorAll('input, textarea, select')].map((c) => c.value).join('\n')));
  assert.deepEqual(page.errors, [], 'the page logged errors');
  await page.context().close();
}

const control = (page, name) => page.locator(`[name="${name}"]`);

/** The messages (.msg) in the elements the control's aria-describedby names (so not its help text). */
function description(page, name) {
  return page.evaluate((n) => {
    const c = document.querySelector(`[name="${CSS.escape(n)}"]`);
    return (c.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
      .flatMap((id) => [...(document.getElementById(id)?.querySelectorAll('.msg') ?? [])].map((m) => m.textContent)).join(' | ');
  }, name);
}

async function expectIssue(page, name, text) {
  await page.waitForFunction(([n, t]) => {
    const c = document.querySelector(`[name="${CSS.escape(n)}"]`);
    const ids = (c?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return c?.getAttribute('aria-invalid') === 'true' && ids.some((id) => document.getElementById(id)?.textContent.includes(t));
  }, [name, text], WAIT).catch(async () => {
    assert.fail(`${name}: expected aria-invalid and "${text}"; aria-invalid=${await control(page, name).getAttribute('aria-invalid')}, description: ${await description(page, name)}`);
  });
}

async function expectNoIssue(page, name, text) {
  assert.notEqual(await control(page, name).getAttribute('aria-invalid'), 'true', `${name} is still aria-invalid`);
  assert.ok(!(await description(page, name)).includes(text), `${name} still says "${text}"`);
}

/** A group (fieldset) of the form, such as the validity choice: `[data-group="validity_years"]`. */
const group = (page, path) => page.locator(`[data-group="${path}"]`);
/** The messages a group shows (its -msg element). */
const groupMessages = (page, path) => group(page, path).evaluate((g) => document.getElementById(`${g.id}-msg`)?.textContent ?? '');

/** Waits until the group at `path` is aria-invalid and shows `text`. */
async function expectGroupIssue(page, path, text) {
  await page.waitForFunction(([p, t]) => {
    const g = document.querySelector(`[data-group="${CSS.escape(p)}"]`);
    return g?.getAttribute('aria-invalid') === 'true' && document.getElementById(`${g.id}-msg`)?.textContent.includes(t);
  }, [path, text], WAIT).catch(async () => {
    assert.fail(`${path}: expected aria-invalid and "${text}"; aria-invalid=${await group(page, path).getAttribute('aria-invalid')}, messages: ${await groupMessages(page, path)}`);
  });
}

/**
 * The radio of the validity choice at `path` (the field with presets: validity_years, or
 * order_validity.years) whose label is `label` ("199 days", "1 year", …).
 */
function preset(page, path, label) {
  return page.locator(`[data-presets="${path}"] .preset`, { has: page.locator('.preset-label', { hasText: new RegExp(`^${label}$`) }) })
    .locator(`input[type=radio][name="${path}~preset"]`);
}

/** The tag ("Required", "Optional", …) beside the label of the field or group at `path`. */
const tagOf = (page, path) => page.locator(`[data-field="${path}"] > label .tag, [data-field="${path}"] > .checkbox-row .tag, [data-group="${path}"] > legend .tag`).first().textContent();

/** The body the page will send, from its request preview. */
const preview = async (page) => JSON.parse(await page.locator('#preview').textContent());

/**
 * Every message the page shows (next to the fields, beside the product picker, in the summary)
 * that speaks API instead of words: a snake_case name, a dotted path of one of the form's own
 * fields (its controls' names and groups), or JSON. CertCentral's own errors, shown as it wrote
 * them, are left out. Also how many messages were read, so an empty page cannot pass.
 */
function apiWordsShown(page) {
  return page.evaluate(() => {
    const paths = new Set([...document.querySelectorAll('#fields [name], #fields [data-group]')]
      .map((n) => (n.getAttribute('name') ?? n.dataset.group).replace(/~\w+$/, ''))
      .filter((p) => /[._]/.test(p)));
    const messages = [...document.querySelectorAll('#order-form .msg:not(.msg-api)')].map((m) => m.textContent);
    const bad = messages.filter((m) => /\b[a-z]+(_[a-z]+)+\b/.test(m) || m.includes('{') || [...paths].some((p) => m.includes(p)));
    return { count: messages.length, bad };
  });
}

/** A screenshot of the whole page, taken with a viewport as tall as the page so sticky parts sit where they belong. */
async function shot(page, name) {
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(height, size.height) });
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
  await page.setViewportSize(size);
}

async function sandboxRequests(sandbox = sandboxUrl) {
  return (await fetch(`${sandbox}/__sandbox/requests`)).json();
}

async function enqueue(behaviors) {
  const r = await fetch(`${sandboxUrl}/__sandbox/enqueue`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(behaviors) });
  assert.equal(r.status, 200, await r.text());
}

async function submitAndWait(page, sandbox = sandboxUrl) {
  const submit = page.locator('#submit');
  await assert.doesNotReject(submit.waitFor({ state: 'visible', ...WAIT }));
  assert.equal(await submit.isDisabled(), false, `submit is disabled: ${await page.locator('#submit-status').textContent()}`);
  const before = (await sandboxRequests(sandbox)).length;
  await submit.click();
  await page.locator('#result .result-title').waitFor(WAIT);
  await page.waitForFunction(() => !document.querySelector('#submit').textContent.includes('Placing'), null, WAIT);
  // The orders sent (a placed order's card also polls its status with GETs).
  return (await sandboxRequests(sandbox)).slice(before).filter((r) => r.method === 'POST');
}

/** Fills a valid ssl_securesite order for `name`, with the validity it recommends (199 days). */
async function fillSsl(page, name) {
  await page.selectOption('#product', 'ssl_securesite');
  await control(page, 'certificate.common_name').fill(name);
  await control(page, 'certificate.csr').fill(csr('rsa2048'));
  await page.selectOption('[name="certificate.signature_hash"]', 'sha256');
  await control(page, 'organization.id').fill('123456');
  assert.equal(await preset(page, 'validity_years', '199 days').isChecked(), true, 'the recommended validity is chosen');
}

const lifecyclePath = (orderId) => `/services/v2/order/certificate/${orderId}`;
const downloadPath = (orderId, format) => `/services/v2/certificate/download/order/${orderId}/format/${format}`;

/** Clicks `button` and returns the download it starts: its suggested name and bytes. */
async function downloadVia(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.locator(button).click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

// ---------------------------------------------------------------- tests

test('the server serves the page, the installed package, and validates before forwarding', async () => {
  const html = await (await fetch(portal)).text();
  assert.match(html, /"certcentral-orders": "\/node_modules\/certcentral-orders\/browser\.js"/);
  const pkgJson = await (await fetch(new URL('/node_modules/certcentral-orders/package.json', portal))).json();
  assert.equal(pkgJson.name, 'certcentral-orders');
  const wasm = await fetch(new URL('/node_modules/certcentral-orders/certcentral_orders_bg.wasm', portal));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  // Only the page's files and the package: not the server's code, not other paths.
  assert.equal((await fetch(new URL('/server.mjs', portal))).status, 404);
  assert.equal((await fetch(new URL('/node_modules/certcentral-orders/..%2f..%2fserver.mjs', portal))).status, 404);

  // An invalid order is answered by the portal itself, in CertCentral's error shape, and never forwarded.
  const before = (await sandboxRequests()).length;
  const r = await api('/order/certificate/ssl_securesite', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ certificate: { common_name: 'bad name', signature_hash: 'sha256', csr: csr('rsa2048') }, organization: { id: 1 }, validity_years: 4 }),
  });
  assert.equal(r.status, 400);
  const body = await r.json();
  assert.deepEqual(body.errors.map((e) => e.code).sort(), ['invalid_value:certificate.common_name', 'invalid_value:validity_years']);
  assert.equal((await sandboxRequests()).length, before);
});

test('ssl_securesite: live validation on a field, lists, CSR from a file, order placed', async () => {
  const page = await openPortal();
  const groups = await page.locator('#product optgroup').evaluateAll((gs) => gs.map((g) => [g.label, g.querySelectorAll('option').length]));
  assert.equal(groups.length, 4);
  assert.equal(groups.reduce((n, [, c]) => n + c, 0), 14);
  await page.selectOption('#product', 'ssl_securesite');
  await shot(page, '01-ssl-empty');

  // Nothing shouts before the user touches a field: no error, no error count; "Place order" is
  // reachable, and pressing it shows what to fix.
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
  assert.match(await page.locator('#submit-status').textContent(), /Fill in the order/);
  assert.equal(await page.locator('#submit').isDisabled(), false);

  // Type an invalid domain: nothing while typing; the message appears on leaving the field.
  const cn = control(page, 'certificate.common_name');
  await cn.click();
  await cn.pressSequentially('bad name');
  assert.equal(await cn.getAttribute('aria-invalid'), null, 'no error at the first keystrokes');
  await cn.blur();
  await expectIssue(page, 'certificate.common_name', 'Common name must be a domain name, such as example.com (an internationalized name in its xn-- form).');
  await cn.focus();
  await shot(page, '02-ssl-invalid-field');
  await cn.fill('www.example.com');
  await expectNoIssue(page, 'certificate.common_name', 'must be a domain name');

  // Lists grow and shrink; names follow the indices. (Optional fields are under "More … options".)
  await page.locator('details.more', { hasText: 'More certificate options' }).locator('summary').click();
  const addDns = page.locator('[data-add="certificate.dns_names"]');
  for (const name of ['example.com', 'bad name', 'shop.example.com']) {
    await addDns.click();
    const input = page.locator('[data-list="certificate.dns_names"] > .list-row').last().locator('input');
    await input.fill(name);
    await input.blur();
  }
  await expectIssue(page, 'certificate.dns_names.1', 'DNS name 2 must be a domain name');
  await page.getByRole('button', { name: 'Remove DNS name 2' }).click();
  assert.equal(await control(page, 'certificate.dns_names.1').inputValue(), 'shop.example.com');
  assert.equal(await control(page, 'certificate.dns_names.2').count(), 0);
  await expectNoIssue(page, 'certificate.dns_names.1', 'must be a domain name');

  // The CSR comes from a .pem file through the file input.
  await page.locator('input[type=file][data-for="certificate.csr"]').setInputFiles(csrFile('rsa2048'));
  await page.waitForFunction(() => document.querySelector('[name="certificate.csr"]').value.includes('BEGIN CERTIFICATE REQUEST'), null, WAIT);
  // A file far too big for a CSR: said beside the field (no alert), and the CSR loaded stays.
  const loaded = await control(page, 'certificate.csr').inputValue();
  await page.locator('input[type=file][data-for="certificate.csr"]').setInputFiles({ name: 'backup.tar', mimeType: 'application/x-tar', buffer: Buffer.alloc(100 * 1024, 65) });
  await page.waitForFunction(() => document.querySelector('#f-certificate-csr-read')?.textContent.includes('backup.tar was not loaded'), null, WAIT);
  assert.equal(await control(page, 'certificate.csr').inputValue(), loaded);
  await page.selectOption('[name="certificate.signature_hash"]', 'sha256');
  await control(page, 'organization.id').fill('123456');
  await control(page, 'organization.id').blur();
  await page.waitForFunction(() => /^Ready to order$/.test(document.querySelector('#submit-status').textContent), null, WAIT);

  // The validity is one choice; a plan of a year only warns (DigiCert issues at most 199 days
  // and reissues within it): the choice shows why, and the order can still be placed.
  await preset(page, 'validity_years', '1 year').check();
  await page.waitForFunction(() => document.querySelector('#f-validity_years-msg')?.textContent.includes('Warning: Validity years asks for about 365 days'), null, WAIT);
  assert.notEqual(await group(page, 'validity_years').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#submit-status').textContent(), /^Ready to order · 1 warning$/);
  assert.equal(await page.locator('#submit').isDisabled(), false);
  await shot(page, '03-ssl-valid-with-warning');
  // The locale is a list of the languages CertCentral knows.
  await page.locator('details.more', { hasText: 'More order options' }).locator('summary').click();
  assert.equal(await control(page, 'locale').evaluate((c) => c.tagName), 'SELECT');
  await page.selectOption('[name="locale"]', 'en');

  const sent = await submitAndWait(page);
  const orderId = (await page.locator('#result-order-id').textContent()).trim();
  assert.match(orderId, /^\d+$/);
  assert.match(await page.locator('#result').textContent(), /pending/);
  await shot(page, '04-ssl-order-placed');

  assert.equal(sent.length, 1);
  assert.equal(sent[0].product, 'ssl_securesite');
  assert.ok(sent[0].headers['x-dc-devkey'], 'the sandbox got no X-DC-DEVKEY');
  assert.match(sent[0].headers['content-type'], /^application\/json/);
  const { alternative_order_id: attemptId, ...body } = sent[0].json;
  assert.match(attemptId, /^portal[a-z0-9]{18}$/, 'the order carries the attempt\'s alternative_order_id');
  assert.deepEqual(body, {
    certificate: { common_name: 'www.example.com', dns_names: ['example.com', 'shop.example.com'], csr: csr('rsa2048'), signature_hash: 'sha256' },
    organization: { id: 123456 },
    validity_years: 1,
    locale: 'en',
  });
  await closePortal(page);
});

test('a pasted CSR fills the names the user left empty, never what they typed, and says what it read', async () => {
  const page = await openPortal('ssl_securesite_multi_domain');
  const cn = control(page, 'certificate.common_name');
  const pem = control(page, 'certificate.csr');
  await pem.fill(csr('san-mixed'));
  await assert.doesNotReject(page.waitForFunction(() => document.querySelector('.csr-read')?.textContent.includes('RSA 2048')));
  assert.equal(await page.locator('.csr-read').textContent(), 'Read from the CSR: RSA 2048 · www.example.com + 2 names');
  assert.equal(await cn.inputValue(), 'www.example.com');
  const names = page.locator('[data-list="certificate.dns_names"] > .list-row input');
  assert.deepEqual(await names.evaluateAll((els) => els.map((e) => e.value)), ['example.com', '*.example.com']);
  assert.equal(await names.first().isVisible(), true, 'the filled names are shown, not left folded away');
  await expectNoIssue(page, 'certificate.csr', 'was made for');
  await shot(page, '15-csr-prefill');

  // Another CSR replaces what the first one filled, but not a name the user typed.
  await cn.fill('shop.example.com');
  await pem.fill(csr('rsa2048'));
  await page.waitForFunction(() => document.querySelector('.csr-read')?.textContent.endsWith('example.com'));
  assert.equal(await cn.inputValue(), 'shop.example.com', 'what the user typed stays');
  assert.equal(await page.locator('.csr-read').textContent(), 'Read from the CSR: RSA 2048 · example.com');
  // The CSR names a host the order does not: the warning lists it.
  await control(page, 'certificate.csr').blur();
  assert.equal(await names.count(), 0, 'the names the first CSR filled went with it');
  await page.waitForFunction(() => [...document.querySelectorAll('.msg')].some((m) => m.textContent.includes('was made for example.com')));

  // Text that is not a CSR: nothing read, nothing filled, the format error as before.
  await pem.fill('not a csr');
  await page.waitForFunction(() => document.querySelector('.csr-read')?.textContent === '');
  await closePortal(page);

  // Client certificates: the e-mail list.
  const client = await openPortal('client_authentication_plus');
  // The CSR is optional there (CertCentral can make the key): under "More certificate options".
  await client.locator('details.more', { has: control(client, 'certificate.csr') }).locator('summary').click();
  await control(client, 'certificate.csr').fill(csr('client-email'));
  await client.waitForFunction(() => document.querySelector('.csr-read')?.textContent.includes('jane@example.com'));
  assert.equal(await client.locator('.csr-read').textContent(), 'Read from the CSR: RSA 2048 · jane@example.com + 1 more address');
  const emails = client.locator('[data-list="certificate.emails"] > .list-row input');
  assert.deepEqual(await emails.evaluateAll((els) => els.map((e) => e.value)), ['jane@example.com', 'j.doe@example.com']);
  await closePortal(client);
});

test('exactly once: a double click places one order, the placed form is locked, a lost answer is found before ordering again', async () => {
  const page = await openPortal('ssl_securesite');
  await fillSsl(page, 'example.com');
  const posts = async () => (await sandboxRequests()).filter((r) => r.method === 'POST' && r.path.startsWith('/services/v2/order/certificate/')).length;
  const before = await posts();
  await page.locator('#submit').dblclick();
  await page.locator('#result .result-title').waitFor(WAIT);
  assert.match(await page.locator('#result .result-title').textContent(), /Order placed/);
  assert.equal(await posts(), before + 1, 'a double click placed one order');
  const sent = (await sandboxRequests()).filter((r) => r.method === 'POST').at(-1);
  assert.match(JSON.parse(sent.body).alternative_order_id, /^portal[a-z0-9]{18}$/, 'every attempt carries an alternative_order_id');
  // Locked: the button says so, the fields cannot change, a click or Enter places nothing.
  assert.equal(await page.locator('#submit').textContent(), 'Order placed');
  assert.equal(await page.locator('#submit').isDisabled(), true);
  assert.equal(await control(page, 'certificate.common_name').isDisabled(), true);
  await page.locator('#submit').click({ force: true });
  await page.keyboard.press('Enter');
  assert.equal(await posts(), before + 1, 'nothing more was sent');
  assert.match(await page.locator('#next-steps').textContent(), /What happens next/);
  await shot(page, '16-order-locked');
  // "Start a new order": an empty, enabled form.
  await page.locator('#start-new-order').click();
  assert.equal(await control(page, 'certificate.common_name').isDisabled(), false);
  assert.equal(await control(page, 'certificate.common_name').inputValue(), '');
  assert.equal(await page.locator('#result').isHidden(), true);

  // The answer is lost after CertCentral created the order, and the client's own lookup fails
  // too: the page says the order may exist; "Place order" finds it instead of ordering again.
  await fillSsl(page, 'example.com');
  await enqueue([
    { type: 'reset', commit: true, match: 'POST /order/certificate' },
    { type: 'status', status: 503, match: 'GET /order/alternate' },
    { type: 'status', status: 503, match: 'GET /order/alternate' },
    { type: 'status', status: 503, match: 'GET /order/alternate' },
  ]);
  const second = await posts();
  await page.locator('#submit').click();
  await page.locator('#maybe-placed').waitFor(WAIT);
  assert.equal(await posts(), second + 1);
  await page.locator('#submit').click();
  await page.waitForFunction(() => document.querySelector('#result .result-title')?.textContent.includes('found after its answer was lost'), null, WAIT);
  assert.equal(await posts(), second + 1, 'the retry found the order: nothing more was sent');
  await closePortal(page);
});

test('exactly once across a lost connection and a reload: an order that never left is placed on the next try; a reload while placing finds the order instead of placing it again', async () => {
  const page = await openPortal('ssl_securesite');
  const posts = async () => (await sandboxRequests()).filter((r) => r.method === 'POST' && r.path.startsWith('/services/v2/order/certificate/')).length;
  const title = () => page.locator('#result .result-title').textContent();

  // Offline: the request never reaches the portal. Its lookup on the next try found nothing and
  // was answered 404, shown as "CertCentral rejected the order", and no try could order again.
  await fillSsl(page, 'offline.example.com');
  const before = await posts();
  await page.context().setOffline(true);
  await page.locator('#submit').click();
  await page.locator('#maybe-placed').waitFor(WAIT);
  await page.context().setOffline(false);
  await page.locator('#submit').click();
  await page.waitForFunction(() => /^✔ Order placed$/.test(document.querySelector('#result .result-title')?.textContent ?? ''), null, WAIT);
  assert.equal(await posts(), before + 1);

  // A reload while "Placing order…": CertCentral created the order, its answer is slow. The
  // browser asks before leaving; the page that comes back finds the order by its id.
  await page.locator('#start-new-order').click();
  await fillSsl(page, 'reload.example.com');
  await enqueue([{ type: 'delay', ms: 3000, commit: true, match: 'POST /order/certificate' }]);
  let asked = 0;
  page.on('dialog', (d) => { asked += d.type() === 'beforeunload' ? 1 : 0; d.accept(); });
  await page.locator('#submit').click();
  await page.waitForFunction(() => document.querySelector('#submit').textContent.includes('Placing'), null, WAIT);
  const deadline = Date.now() + 5000;
  while (await posts() === before + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await posts(), before + 2, 'the order reached CertCentral');
  await page.reload({ waitUntil: 'load' });
  assert.equal(asked, 1, 'the browser asked before leaving a page placing an order');
  await page.waitForFunction(() => document.querySelector('#result .result-title')?.textContent.includes('found after its answer was lost'), null, WAIT);
  const shownId = await page.locator('#result-order-id').textContent();
  const created = (await sandboxRequests()).filter((r) => r.method === 'POST').at(-1);
  assert.equal(JSON.parse(created.body).certificate.common_name, 'reload.example.com');
  assert.equal(await control(page, 'certificate.common_name').isDisabled(), true, 'the found order\'s form is locked');
  assert.doesNotMatch(await page.locator('#result .facts').textContent(), /approval was skipped/, 'a found order\'s requests are not known');
  assert.match(shownId, /^[0-9]+$/);
  assert.equal(await posts(), before + 2, 'nothing more was sent');
  await closePortal(page);
});

test('exactly once while CertCentral is slow: a page reloaded before the order is created finds it (the lookup waits for the POST), and a second POST under its id is refused', async () => {
  const page = await openPortal('ssl_securesite');
  const posts = async () => (await sandboxRequests()).filter((r) => r.method === 'POST' && r.path.startsWith('/services/v2/order/certificate/')).length;
  await fillSsl(page, 'slow.example.com');
  const before = await posts();
  // CertCentral works 4 s on the order before it exists (no answer meanwhile): a lookup in
  // between answered "none" and the page let the same order be placed again.
  await enqueue([{ type: 'delay', ms: 4000, match: 'POST /order/certificate' }]);
  page.on('dialog', (d) => d.accept());
  await page.locator('#submit').click();
  const deadline = Date.now() + 5000;
  while (await posts() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const alt = JSON.parse((await sandboxRequests()).filter((r) => r.method === 'POST').at(-1).body).alternative_order_id;
  // A second POST under the same id meanwhile (another tab) is not forwarded.
  const second = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ certificate: { common_name: 'slow.example.com', csr: csr('rsa2048'), signature_hash: 'sha256' }, organization: { id: 123456 }, validity_years: 1, alternative_order_id: alt }) });
  assert.equal(second.status, 409);
  assert.deepEqual((await second.json()).errors.map((e) => e.code), ['order_in_progress']);
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('#result .result-title')?.textContent.includes('found after its answer was lost'), null, { timeout: 15000 });
  assert.equal(await posts(), before + 1, 'one order');
  await closePortal(page);
});

test('never sent: a private key in any field, and an alternative order ID another order has', async () => {
  const page = await openPortal('ssl_securesite');
  const posts = async () => (await sandboxRequests()).filter((r) => r.method === 'POST').length;
  const open = (name) => control(page, name).evaluate((n) => { for (let d = n.closest('details'); d; d = d.parentElement.closest('details')) d.open = true; });
  await fillSsl(page, 'key.example.com');
  await open('comments');
  await control(page, 'comments').fill('-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----');
  const before = await posts();
  await page.locator('#submit').click();
  await page.waitForFunction(() => document.querySelector('#result .result-title')?.textContent.includes('the order holds a private key'), null, WAIT);
  assert.equal(await posts(), before, 'a private key was sent');
  await control(page, 'comments').fill('');

  // The person's own alternative order ID, taken by an earlier order: the order found under it
  // after a lost answer would be that one, so this order is not sent.
  const taken = `taken${Date.now()}`;
  const r = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ certificate: { common_name: 'first.example.com', csr: csr('rsa2048'), signature_hash: 'sha256' }, organization: { id: 123456 }, validity_years: 1, alternative_order_id: taken }) });
  assert.equal(r.status, 201);
  await open('alternative_order_id');
  await control(page, 'alternative_order_id').fill(taken);
  const beforeTaken = await posts();
  await page.locator('#submit').click();
  await page.waitForFunction(() => document.querySelector('#result .result-title')?.textContent.includes('the alternative order ID is taken'), null, WAIT);
  assert.equal(await posts(), beforeTaken);
  // Another ID: placed.
  await control(page, 'alternative_order_id').fill(`free${Date.now()}`);
  const sent = await submitAndWait(page);
  assert.equal(sent.length, 1);
  await closePortal(page);
});

test('a date typed in part is not left out of the order: it is an error on its field, and nothing is sent', async () => {
  // The browser's date box holds "" until the date is whole: the order went without it, so a
  // custom expiration date half typed became the default validity.
  const page = await openPortal('ssl_securesite');
  await fillSsl(page, 'date.example.com');
  const date = control(page, 'custom_expiration_date');
  await date.evaluate((n) => { for (let d = n.closest('details'); d; d = d.parentElement.closest('details')) d.open = true; });
  await date.focus();
  await page.keyboard.type('06');
  assert.equal(await date.evaluate((n) => n.validity.badInput), true, 'the box holds a date in part');
  await date.blur();
  await expectIssue(page, 'custom_expiration_date', 'must be a date written as 2027-06-09');
  const before = (await sandboxRequests()).filter((r) => r.method === 'POST').length;
  await page.locator('#submit').click();
  await page.locator('#summary .summary-link').first().waitFor(WAIT);
  assert.equal((await sandboxRequests()).filter((r) => r.method === 'POST').length, before);
  await closePortal(page);
});

test('a reload after an order was placed shows its card again, until "Start a new order"', async () => {
  // It showed an empty form: the order id and its status were gone from the page.
  const page = await openPortal('ssl_securesite');
  await fillSsl(page, 'reloaded.example.com');
  await submitAndWait(page);
  const id = await page.locator('#result-order-id').textContent();
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('#result .result-title')?.textContent.includes('before this page was reloaded'), null, WAIT);
  assert.equal(await page.locator('#result-order-id').textContent(), id);
  assert.equal(await page.locator('#submit').isDisabled(), true, 'the form is locked');
  await page.locator('#order-status[data-status="issued"]').waitFor({ timeout: 15000 });
  await page.locator('#start-new-order').click();
  await page.reload({ waitUntil: 'load' });
  await page.waitForTimeout(500);
  assert.equal(await page.locator('#result').isHidden(), true, 'a new order\'s page shows no card');
  await closePortal(page);
});

test('the language switch: labels, help and messages in the chosen language, what was typed kept', async () => {
  const { default: es } = await import(pathToFileURL(join(root, 'pkg-template', 'locales', 'es.js')));
  const page = await openPortal('ssl_securesite');
  const cn = control(page, 'certificate.common_name');
  await cn.fill('exa mple.com');
  await cn.blur();
  await expectIssue(page, 'certificate.common_name', 'Common name must be a domain name');
  const englishLabel = await page.locator('label[for="f-certificate-common_name"] .label-text').textContent();
  // A "More … options" section opened stays open in the new language (it closed).
  const more = page.locator('details[data-more="certificate:more"]');
  await more.locator('summary').click();
  assert.equal(await more.evaluate((d) => d.open), true);
  await page.selectOption('#language', 'es');
  await page.waitForFunction(() => document.getElementById('order-form').dataset.locale === 'es', null, WAIT);
  assert.equal(await page.locator('label[for="f-certificate-common_name"] .label-text').textContent(), es.text[englishLabel]);
  // Each text of the catalog says its language; the portal's own words stay English, and so
  // does the page (a screen reader speaks each in its voice).
  const langOf = (selector) => page.locator(selector).first().evaluate((n) => n.closest('[lang]')?.getAttribute('lang'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await langOf('label[for="f-certificate-common_name"] .label-text'), 'es');
  assert.equal(await langOf('#f-organization-id-help'), 'es');
  assert.equal(await langOf('#f-certificate-common_name-msg .msg span:not(.msg-icon):not(.sr-only)'), 'es');
  assert.equal(await langOf('#f-certificate > legend.section-title'), 'es');
  assert.equal(await langOf('#submit'), 'en');
  assert.equal(await langOf('label[for="f-certificate-common_name"] .tag'), 'en');
  // "More … options" of an organization's kind: the portal's words around the catalog's label.
  assert.equal(await langOf('details[data-more="organization:more"] > summary > span'), 'en');
  assert.equal(await langOf('details[data-more="organization:more"] > summary > span > span'), 'es');
  // Every label is orderFields' in the chosen language: a section's title, an id's (by its holder).
  assert.equal(await page.locator('#f-certificate > legend.section-title').textContent(), es.text.Certificate);
  assert.equal(await page.locator('label[for="f-organization-id"] .label-text').textContent(), es.text['Organization ID']);
  // A list's entry is named as the catalog names it in messages ("Nombre DNS 1"), not by an
  // English singular of the list's Spanish label ("Nombres DNS 1").
  await page.click('[data-add="certificate.dns_names"]');
  assert.equal(await page.locator('label[for="f-certificate-dns_names-0"] .label-text').textContent(), es.words['DNS names'].replace('{n}', '1'));
  await page.click('[data-list="certificate.dns_names"] .btn-remove');
  // Its condition, from orderFields in Spanish, in a Spanish sentence.
  const when = es.text['unless the details of a new organization are given'];
  assert.ok(when, 'the catalog translates the condition');
  assert.ok((await page.locator('#f-organization-id-help').textContent()).includes(`Obligatorio ${when}.`));
  assert.equal(await cn.inputValue(), 'exa mple.com', 'what was typed stays');
  assert.equal(await more.evaluate((d) => d.open), true, 'the opened section stays open');
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.getElementById('order-form').dataset.locale === 'en', null, WAIT);
  // A field emptied after typing keeps its message across a switch (its "typed in" mark was
  // dropped with the empty value); a private key's note stays under the CSR box.
  const org = control(page, 'organization.id');
  await org.fill('1');
  await org.fill('');
  await org.blur();
  await expectIssue(page, 'organization.id', 'Organization ID is required');
  await control(page, 'certificate.csr').fill('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
  await page.selectOption('#language', 'es');
  await page.waitForFunction(() => document.getElementById('order-form').dataset.locale === 'es', null, WAIT);
  assert.match(await description(page, 'organization.id'), /\S/, 'the emptied field keeps its message');
  assert.match(await page.locator('#f-certificate-csr-read').textContent(), /private key/);
  await control(page, 'certificate.csr').fill('');
  const message = await description(page, 'certificate.common_name');
  assert.ok(message && !message.includes('must be a domain name'), `a Spanish message: ${message}`);
  // The message names the field by its Spanish label, as the English one does by its English label.
  assert.ok(message.includes(es.text[englishLabel]), `the message names the field "${es.text[englishLabel]}": ${message}`);
  await shot(page, '17-language-es');
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.getElementById('order-form').dataset.locale === 'en', null, WAIT);
  await expectIssue(page, 'certificate.common_name', 'Common name must be a domain name');
  await closePortal(page);
});

test('each failure says what it is and what to do: a refused key is the operator\'s, a 5xx is CertCentral\'s, an unreadable answer may be an order', async () => {
  const page = await openPortal('ssl_securesite');
  await fillSsl(page, 'example.com');
  const attempt = async (behaviors, during) => {
    await enqueue(behaviors);
    await page.locator('#submit').click();
    await during?.();
    await page.locator('#result .result-title').waitFor(WAIT);
    await page.waitForFunction(() => !document.querySelector('#submit').textContent.includes('Placing'), null, WAIT);
    return {
      title: await page.locator('#result .result-title').textContent(),
      advice: await page.locator('#result-advice').textContent(),
      maybe: await page.locator('#maybe-placed').count(),
    };
  };
  const key = await attempt([{ type: 'status', status: 401, match: 'POST /order/certificate' }]);
  assert.match(key.title, /The portal is not allowed to order/);
  assert.match(key.advice, /Nothing is wrong with your order: tell the portal's operator/);
  assert.equal(key.maybe, 0, 'a 401 created nothing');

  // A 503 may come from a gateway after the order went through: not sent again, looked up.
  const down = await attempt([{ type: 'status', status: 503, match: 'POST /order/certificate' }]);
  assert.match(down.title, /CertCentral could not take the order right now/);
  assert.match(down.advice, /HTTP 503\. Try again in a few minutes/);
  assert.equal(down.maybe, 1, 'it may exist: the next attempt looks first');
  assert.equal(await page.locator('#summary').isVisible(), false, 'an outage is not a problem of the order\'s fields');
  await shot(page, '18-failure-503');

  // The next attempt hides the 503's card while it runs: "Placing order…" is all the page says.
  const unreadable = await attempt([{ type: 'delay', ms: 1000, match: 'POST /order/certificate', then: { type: 'not-json', status: 201 } }], async () => {
    await page.waitForFunction(() => document.querySelector('#submit').textContent === 'Placing order…', null, WAIT);
    assert.equal(await page.locator('#result').isHidden(), true, 'the last attempt\'s card is shown during the next one');
    assert.equal(await page.locator('#result .result-title').isVisible(), false);
  });
  assert.match(unreadable.title, /answer could not be read/);
  assert.equal(unreadable.maybe, 1, 'an unreadable 201: the order may exist, and the next attempt looks first');
  await closePortal(page);
});

test('client_premium_sha2: new organization; a CertCentral error lands on validity_years', async () => {
  const page = await openPortal();
  await page.selectOption('#product', 'client_premium_sha2');
  assert.equal(await control(page, 'certificate.signature_hash').inputValue(), 'sha256'); // its only value

  await control(page, 'certificate.common_name').fill('Jane Doe');
  const email = control(page, 'certificate.emails.0');
  await email.pressSequentially('jane@');
  await email.blur();
  await expectIssue(page, 'certificate.emails.0', 'Email 1 must be an e-mail address, such as name@example.com.');
  await email.fill('jane@example.com');
  await expectNoIssue(page, 'certificate.emails.0', 'must be an e-mail address');

  await page.getByLabel('New organization').check();
  assert.equal(await control(page, 'organization.id').isVisible(), false);
  const org = {
    'organization.name': 'Example Inc', 'organization.address': '1 Main St', 'organization.city': 'Lehi',
    'organization.state': 'Utah', 'organization.zip': '84043', 'organization.country': 'us', 'organization.telephone': '801-555-0100',
    'organization.organization_contact.first_name': 'Jane', 'organization.organization_contact.last_name': 'Doe',
    'organization.organization_contact.email': 'jane@example.com', 'organization.organization_contact.telephone': '801-555-0101',
  };
  for (const [name, value] of Object.entries(org)) {
    if (await control(page, name).evaluate((c) => c.tagName) === 'SELECT') await control(page, name).selectOption(value);
    else await control(page, name).fill(value);
  }
  assert.equal(await control(page, 'organization.country').evaluate((c) => c.selectedOptions[0].textContent), 'United States');
  assert.equal(await control(page, 'validity_years').count(), 0, 'the validity is one choice, not a number to type');
  await preset(page, 'validity_years', '2 years').check();

  // CertCentral says no: the errors show in the result and on the field the error's detail names.
  await enqueue([{ type: 'status', status: 400, body: { errors: [{ code: 'invalid_value:validity_years', message: 'Validity years is not allowed for this product.' }] } }]);
  await submitAndWait(page);
  assert.match(await page.locator('#result').textContent(), /CertCentral rejected the order/);
  assert.match(await page.locator('#result-kind').textContent(), /api.*HTTP 400/);
  assert.match(await page.locator('#result').textContent(), /invalid_value:validity_years/);
  // It lands on the validity choice, as CertCentral wrote it.
  await expectGroupIssue(page, 'validity_years', 'Validity years is not allowed for this product.');
  await shot(page, '05-client-api-error');
  // Another language: the same form, CertCentral's error still on its field (it was dropped).
  await page.selectOption('#language', 'de');
  await page.waitForFunction(() => document.getElementById('order-form').dataset.locale === 'de', null, WAIT);
  await expectGroupIssue(page, 'validity_years', 'Validity years is not allowed for this product.');
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.getElementById('order-form').dataset.locale === 'en', null, WAIT);

  // Choosing another validity clears CertCentral's message; the next try goes through.
  await preset(page, 'validity_years', '1 year').check();
  await page.waitForFunction(() => !document.querySelector('[data-group="validity_years"]').hasAttribute('aria-invalid'), null, WAIT)
    .catch(async () => assert.fail(`the validity still shows CertCentral's error: ${await groupMessages(page, 'validity_years')}`));
  assert.ok(!(await groupMessages(page, 'validity_years')).includes('not allowed for this product'));
  const sent = await submitAndWait(page);
  assert.match((await page.locator('#result-order-id').textContent()).trim(), /^\d+$/);
  assert.match(await page.locator('#result').textContent(), /New organization ID\s*\d+/);
  await shot(page, '06-client-order-placed');
  assert.equal(sent.length, 1);
  assert.equal(sent[0].json.organization.organization_contact.email, 'jane@example.com');
  assert.equal(sent[0].json.organization.id, undefined);
  assert.equal(sent[0].json.organization.country, 'us');
  assert.deepEqual(sent[0].json.certificate.emails, ['jane@example.com']);
  assert.equal(sent[0].json.validity_years, 1);
  await closePortal(page);
});

test('Secure Email: the portal offers the three products; a retired client product shows its warning at once', async () => {
  const page = await openPortal();
  const groups = await page.evaluate(() => [...document.querySelectorAll('#product optgroup')]
    .map((g) => ({ label: g.label, options: [...g.querySelectorAll('option')].map((o) => ({ id: o.value, text: o.textContent })) })));
  const smime = groups.find((g) => g.label === 'Secure Email (S/MIME)');
  assert.deepEqual(smime?.options.map((o) => o.id), ['secure_email_mailbox', 'secure_email_sponsor', 'secure_email_organization']);
  const client = groups.find((g) => g.label === 'Client certificates');
  assert.deepEqual(client.options.filter((o) => o.text.endsWith('(retired)')).map((o) => o.id),
    ['client_premium_sha2', 'client_email_security_plus', 'client_digital_signature_plus_sha2']);

  // A retired product: its warning shows beside the picker before any field is touched, and does
  // not block the order (the portal's day is today, after 2025-07-10).
  await page.selectOption('#product', 'client_email_security_plus');
  const warning = page.locator('#product-msg .msg-warning');
  await warning.waitFor(WAIT);
  const text = await warning.textContent();
  assert.equal(text, '▲Warning: DigiCert retired this product on 2025-07-10: order a Secure Email certificate instead. Certificates already issued can still be reissued and renewed.');
  assert.match(await page.locator('#product-help').textContent(), /retired by DigiCert on 2025-07-10; replaced by secure_email_mailbox, secure_email_sponsor, secure_email_organization/);
  assert.match(await page.locator('#submit-status').textContent(), /1 warning/);
  await shot(page, '10-retired-product-warning');
  await page.selectOption('#product', 'client_authentication_plus');
  await page.waitForFunction(() => document.querySelector('#product-msg').children.length === 0, null, WAIT);
  // A Secure Site product names the flex product DigiCert sells in its place, without a warning.
  await page.selectOption('#product', 'ssl_securesite_wildcard');
  assert.match(await page.locator('#product-help').textContent(), /DigiCert now sells ssl_securesite_flex in its place; this ID still orders where your account has it/);
  assert.equal(await page.locator('#product-msg').evaluate((m) => m.children.length), 0);

  // A Secure Email for Business order: live validation of its own rules, then placed.
  await page.selectOption('#product', 'secure_email_sponsor');
  const set = async (name, value) => {
    const c = control(page, name);
    // Optional fields sit under a closed "More … options".
    await c.evaluate((n) => { for (let d = n.closest('details'); d; d = d.parentElement.closest('details')) d.open = true; });
    if (await c.evaluate((n) => n.tagName) === 'SELECT') await c.selectOption(value);
    else await c.fill(value);
    await c.blur();
  };
  await set('certificate.emails.0', 'alice@example.com');
  await set('certificate.profile_type', 'strict');
  await set('certificate.usage_designation.primary_usage', 'dual_use');
  await set('certificate.common_name_indicator', 'given_name_surname');
  await set('certificate.individual.first_name', 'Alice');
  // Passed through without typing: nothing shown yet (an untouched field is not shouted at).
  await control(page, 'certificate.individual.last_name').focus();
  await control(page, 'certificate.individual.last_name').blur();
  await expectNoIssue(page, 'certificate.individual.last_name', 'is missing');
  // Typed in and emptied again, then left: its issue shows.
  await control(page, 'certificate.individual.last_name').fill('E');
  await control(page, 'certificate.individual.last_name').fill('');
  await control(page, 'certificate.individual.last_name').blur();
  await expectIssue(page, 'certificate.individual.last_name', 'Last name is missing or does not fit the chosen common name');
  await set('certificate.individual.last_name', 'Example');
  await expectNoIssue(page, 'certificate.individual.last_name', 'is missing');
  await set('organization.id', '112233');
  const sent = await submitAndWait(page);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].product, 'secure_email_sponsor');
  assert.deepEqual(sent[0].json.certificate.individual, { first_name: 'Alice', last_name: 'Example' });
  assert.deepEqual(sent[0].json.order_validity, { years: 1 }, 'the recommended validity');
  assert.match((await page.locator('#result-order-id').textContent()).trim(), /^\d+$/);
  await shot(page, '11-secure-email-order-placed');
  await closePortal(page);
});

test('code_signing_ev: immediate issuance offers the chain as a download', async () => {
  const page = await openPortal('code_signing_ev');
  assert.equal(await page.locator('#product').inputValue(), 'code_signing_ev');
  // Deprecated fields sit apart, under their own disclosure.
  assert.equal(await page.locator('details.more-deprecated [name="validity_years"]').count(), 1);

  await control(page, 'cs_provisioning_method').selectOption('email');
  // The CSR is now required, but untouched: it only shows once the user asks for every problem.
  assert.notEqual(await control(page, 'certificate.csr').getAttribute('aria-invalid'), 'true');
  await page.locator('#show-problems').click();
  await expectIssue(page, 'certificate.csr', 'CSR is required when the key is on your own HSM');
  assert.match(await page.locator('#summary').textContent(), /CSR is required when the key is on your own HSM/);
  assert.doesNotMatch(await page.locator('#summary').textContent(), /certificate\.csr|cs_provisioning_method/);
  await shot(page, '07-code-signing-show-problems');
  await control(page, 'certificate.csr').fill(csr('rsa2048'));
  await expectIssue(page, 'certificate.csr', '3072');
  await control(page, 'certificate.csr').fill(csr('ec256'));
  await expectNoIssue(page, 'certificate.csr', '3072');
  await control(page, 'organization.id').fill('123456');
  // The validity: one choice, 1 year recommended; days typed in the group win over the choice.
  assert.equal(await control(page, 'order_validity.years').count(), 0);
  assert.equal(await preset(page, 'order_validity.years', '1 year').isChecked(), true);
  await preset(page, 'order_validity.years', '3 years').check();
  assert.deepEqual((await preview(page)).order_validity, { years: 3 });
  const days = control(page, 'order_validity.days');
  await days.fill('2000');
  await days.blur();
  await expectIssue(page, 'order_validity.days', 'Days must be at least 1 and at most 1095; you entered 2000.');
  assert.deepEqual((await preview(page)).order_validity, { days: 2000 }, 'typed days replace the chosen validity');
  await days.fill('');
  await expectNoIssue(page, 'order_validity.days', 'at most 1095');
  assert.deepEqual((await preview(page)).order_validity, { years: 3 });

  await enqueue([{ type: 'created', variant: 'immediate' }]);
  const sent = await submitAndWait(page);
  assert.deepEqual(sent[0].json.order_validity, { years: 3 });
  assert.equal(sent[0].json.cs_provisioning_method, 'email');

  const link = page.locator('#chain-download');
  await link.waitFor(WAIT);
  assert.match(await link.getAttribute('href'), /^blob:/);
  assert.match(await link.getAttribute('download'), /\.pem$/);
  assert.match(await page.locator('#result').textContent(), /DigiCert Global Root CA/);
  await shot(page, '08-code-signing-issued');
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), link.click()]);
  const pem = readFileSync(await download.path(), 'utf8');
  assert.equal(pem.match(/-----BEGIN CERTIFICATE-----/g)?.length, 3);
  await closePortal(page);
});

test('ssl_securesite: the card follows the order from pending to issued, then downloads PEM and ZIP', async () => {
  const page = await openPortal('ssl_securesite');
  await fillSsl(page, 'issued.example.com');
  // Every change of the status line after its card appears: [order id, the line's text].
  await page.evaluate(() => {
    window.statusTexts = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const line = document.getElementById('order-status');
        if (line && line.contains(r.target)) {
          window.statusTexts.push([document.getElementById('result-order-id').textContent, line.querySelector('.order-status-text').textContent]);
        }
      }
    }).observe(document.getElementById('result'), { childList: true, subtree: true, characterData: true });
  });

  // A first order, then at once a new one ("Start a new order"): the first card's wait ends with it.
  await submitAndWait(page);
  const first = (await page.locator('#result-order-id').textContent()).trim();
  await page.locator('#order-status[data-status="pending"]').waitFor(WAIT);
  await page.locator('#start-new-order').click();
  await fillSsl(page, 'issued.example.com');
  const [post] = await submitAndWait(page);
  const orderId = (await page.locator('#result-order-id').textContent()).trim();
  assert.notEqual(orderId, first);
  const placedAt = Date.now();

  const line = page.locator('#order-status');
  assert.equal(await line.getAttribute('role'), 'status');
  assert.equal(await line.getAttribute('aria-atomic'), 'true');
  await page.locator('#order-status[data-status="pending"]').waitFor(WAIT);
  assert.match(await line.textContent(), /Pending validation…/);
  assert.equal(await page.locator('#order-downloads').isVisible(), false);
  await shot(page, '12-ssl-order-pending');

  await page.locator('#order-status[data-status="issued"]').waitFor({ timeout: 30_000 });
  const issuedAfter = Date.now() - placedAt;
  assert.match(await line.textContent(), /^\s*Issued\s*$/);
  assert.equal(await line.getAttribute('class'), 'order-status order-status-ok');
  await page.locator('#download-pem').waitFor(WAIT);
  // The request line follows the order too (the 201 said "pending"; the sandbox approves it on issue).
  assert.equal(await page.locator('#result dd[data-request] .status').textContent(), 'approved');
  // Its words once, in the badge: no note repeating it, and nothing like "null" beside it.
  assert.match(await page.locator('#result dd[data-request]').textContent(), /^#\d+ approved$/);
  // The line changed (and so was announced) once per status, not once per poll.
  const changes = (await page.evaluate(() => window.statusTexts)).filter(([id]) => id === orderId).map(([, text]) => text);
  assert.deepEqual(changes, ['Pending validation…', 'Issued']);
  const requests = await sandboxRequests();
  const polls = requests.filter((r) => r.method === 'GET' && r.path === lifecyclePath(orderId));
  assert.ok(polls.length >= 3, `${polls.length} polls`);
  for (const r of polls) assert.ok(r.headers['x-dc-devkey'], 'a poll reached the sandbox without the key');
  // The first order's wait was aborted when the second was placed.
  const late = requests.filter((r) => r.path === lifecyclePath(first) && r.at > post.at);
  assert.deepEqual(late.map((r) => r.at - post.at), [], 'the first order was still polled after the second was placed');
  await shot(page, '13-ssl-order-issued');

  const pem = await downloadVia(page, '#download-pem');
  assert.equal(pem.name, `${orderId}.pem`);
  assert.ok(pem.bytes.toString('latin1').startsWith('-----BEGIN CERTIFICATE-----'), pem.bytes.toString('latin1').slice(0, 80));
  const zip = await downloadVia(page, '#download-zip');
  assert.equal(zip.name, `${orderId}.zip`);
  assert.equal(zip.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  assert.match(await page.locator('#order-download-status').textContent(), new RegExp(`Saved ${orderId}\\.zip`));
  const downloads = (await sandboxRequests()).filter((r) => r.path.startsWith(`/services/v2/certificate/download/order/${orderId}/`)).map((r) => r.path);
  assert.deepEqual(downloads, [downloadPath(orderId, 'pem_all'), downloadPath(orderId, 'apache')]);
  process.stdout.write(`# issued ${issuedAfter} ms after the order was placed, ${polls.length} polls; PEM ${pem.bytes.length} bytes, ZIP ${zip.bytes.length} bytes\n`);
  await closePortal(page);
});

test('a wait that ends badly says so: a rejected order; a network error offers "Check again"', async () => {
  const page = await openPortal('ssl_securesite');
  await fillSsl(page, 'rejected.example.com');
  // The browser's view of the order is replaced here (the sandbox only ever issues).
  const orderInfo = /\/api\/certcentral\/order\/certificate\/(\d+)$/;
  await page.route(orderInfo, (route) => (route.request().method() !== 'GET' ? route.fallback() : route.fulfill({
    status: 200, contentType: 'application/json', body: JSON.stringify({ id: Number(route.request().url().match(orderInfo)[1]), status: 'rejected' }),
  })));
  await submitAndWait(page);
  await page.locator('#order-status[data-status="rejected"]').waitFor(WAIT);
  assert.match(await page.locator('#order-status').textContent(), /Rejected/);
  assert.match(await page.locator('#order-status-note').textContent(), /rejected this order: no certificate will be issued/);
  // Shown as an ending (the library's wait ended on it), not as a status still moving.
  await page.locator('#order-status.order-status-bad').waitFor(WAIT);
  assert.equal(await page.locator('#order-status.order-status-waiting').count(), 0);
  assert.equal(await page.locator('#order-downloads').isVisible(), false);
  assert.equal(await page.locator('#order-check-again').count(), 0);

  // The portal cannot be reached while the next order is followed: plain words and a button.
  await page.unroute(orderInfo);
  await page.route(orderInfo, (route) => (route.request().method() !== 'GET' ? route.fallback() : route.abort('connectionrefused')));
  await page.locator('#start-new-order').click();
  await fillSsl(page, 'rejected.example.com');
  await submitAndWait(page);
  const orderId = (await page.locator('#result-order-id').textContent()).trim();
  const again = page.locator('#order-check-again');
  await again.waitFor({ timeout: 15_000 });
  assert.match(await page.locator('#order-problem').textContent(), /could not be checked: the portal could not be reached \(a network error\)/);
  await shot(page, '14-ssl-status-check-failed');

  // The network is back: "Check again" follows the order to the end (focus stays on its status).
  await page.unroute(orderInfo);
  await again.click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'order-status');
  await page.locator('#order-status[data-status="issued"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#order-problem').isVisible(), false);
  assert.equal((await downloadVia(page, '#download-pem')).name, `${orderId}.pem`);
  await closePortal(page);
});

test('the proxy forwards status and downloads only for orders the portal placed', async () => {
  const order = { certificate: { common_name: 'proxy.example.com', csr: csr('rsa2048'), signature_hash: 'sha256' }, organization: { id: 123456 }, validity_years: 1 };
  const placed = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  assert.equal(placed.status, 201);
  const { id } = await placed.json();
  const info = await api(`/order/certificate/${id}`);
  assert.equal(info.status, 200);
  assert.equal((await info.json()).id, id);

  // An order the sandbox knows but this portal did not place (sent to the sandbox directly).
  const key = (await sandboxRequests())[0].headers['x-dc-devkey'];
  const direct = await fetch(`${sandboxUrl}/services/v2/order/certificate/ssl_securesite`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-dc-devkey': key }, body: JSON.stringify(order),
  });
  assert.equal(direct.status, 201);
  const other = (await direct.json()).id;

  const before = (await sandboxRequests()).length;
  for (const path of [`/order/certificate/${other}`, `/certificate/download/order/${other}/format/pem_all`, '/order/certificate/99999999',
    `/certificate/download/order/${id + 1000}/format/apache`]) {
    const r = await api(path);
    assert.equal(r.status, 404, path);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal((await r.json()).errors[0].code, 'not_found|order', path);
  }
  for (const format of ['exe', 'pem_all.', '..%2F..%2Forder%2Fcertificate%2F1']) {
    const r = await api(`/certificate/download/order/${id}/format/${format}`);
    assert.equal(r.status, 404, format);
    assert.ok(Array.isArray((await r.json()).errors), format);
  }
  const put = await api(`/order/certificate/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(put.status, 405);
  assert.equal(put.headers.get('allow'), 'GET');
  assert.equal((await sandboxRequests()).length, before, 'a refused request reached the sandbox');
  assert.match(serverOutput(), new RegExp(`GET /api/certcentral/order/certificate/${other} -> 404 not an order this portal placed`));
});

test('every product gets a form, and "Show problems" accounts for every error', async () => {
  const page = await openPortal();
  const ids = await page.locator('#product option').evaluateAll((os) => os.map((o) => o.value));
  assert.equal(ids.length, 14);
  for (const id of ids) {
    await page.selectOption('#product', id);
    assert.ok(await page.locator('#fields [name]').count() > 5, `${id}: no form`);
    // Submitting the empty form: the summary (an alert, focused, the title says Error) lists
    // every error, in page order, and the status counts them.
    await page.locator('#submit').click();
    await page.waitForFunction(() => document.activeElement?.id === 'summary', null, WAIT);
    const status = await page.locator('#submit-status').textContent();
    const errors = Number(status.match(/(\d+) errors? to fix/)?.[1]);
    assert.ok(errors > 0, `${id}: an empty order has no errors? ${status}`);
    assert.equal(await page.locator('#summary').getAttribute('role'), 'alert');
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.locator('#summary-list li.summary-error').count(), errors, `${id}: the summary lists ${errors} errors`);
    const order = await page.locator('#summary-list a.summary-link').evaluateAll((as) => as.map((a) => document.querySelector(a.getAttribute('href'))));
    const inPageOrder = await page.evaluate(() => {
      const targets = [...document.querySelectorAll('#summary-list a.summary-link')].map((a) => document.querySelector(a.getAttribute('href')));
      return targets.every((t, i) => i === 0 || !(t.compareDocumentPosition(targets[i - 1]) & Node.DOCUMENT_POSITION_FOLLOWING));
    });
    assert.ok(order.length > 0 && inPageOrder, `${id}: the summary's links follow the page`);
    // Each entry is a link whose text is the message its field shows.
    const strays = await page.evaluate(() => [...document.querySelectorAll('#summary-list a.summary-link')].filter((a) => {
      const target = document.querySelector(a.getAttribute('href'));
      const shown = [...(document.getElementById(`${target.id}-msg`)?.querySelectorAll('.msg') ?? [])].map((m) => m.textContent);
      return !a.querySelector('.msg') || !shown.includes(a.textContent);
    }).map((a) => a.textContent));
    assert.deepEqual(strays, [], `${id}: summary entries that are not their field's message`);
    const inline = await page.locator('#fields .msg-error').count();
    assert.ok(inline > 0, `${id}: no error shown on a field`);
    // In words: no API path, no JSON, inline or in the summary.
    const words = await apiWordsShown(page);
    assert.ok(words.count >= inline, `${id}: ${words.count} messages read`);
    assert.deepEqual(words.bad, [], `${id}: messages that speak API`);
  }
  await closePortal(page);
});

test('the error summary: a link clicked right after typing in another field goes to its field at the first click', async () => {
  // Leaving the field (the press on the link) re-rendered the summary, and the link made anew
  // between press and release got no click: the first click did nothing.
  const page = await openPortal('ssl_securesite');
  await page.locator('#submit').click();
  await page.locator('#summary .summary-link').first().waitFor(WAIT);
  await control(page, 'organization.id').fill('123456');
  const link = page.locator('#summary .summary-link', { hasText: 'CSR' }).first();
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'certificate.csr');
  await closePortal(page);
});

test('a session that ended (the portal restarted, the cookie gone) says to reload the page, not that CertCentral refused the key', async () => {
  const page = await openPortal('ssl_securesite');
  await fillSsl(page, 'session.example.com');
  await page.context().clearCookies();
  const before = (await sandboxRequests()).length;
  await page.locator('#submit').click();
  await page.locator('#result .result-title').waitFor(WAIT);
  assert.match(await page.locator('#result .result-title').textContent(), /Your session with the portal ended/);
  assert.match(await page.locator('#result-advice').textContent(), /Nothing was ordered: reload the page/);
  assert.equal((await sandboxRequests()).length, before);
  await closePortal(page);
});

test('a private key pasted as the CSR: said beside the field at once, and never shown in the request preview', async () => {
  const page = await openPortal('ssl_securesite');
  // A made-up key body: what matters is its armour, which the page recognises.
  const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7' + 'a'.repeat(120);
  await control(page, 'certificate.csr').fill(`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`);
  assert.match(await page.locator('#f-certificate-csr-read').textContent(), /^This is a private key, not a certificate signing request\. Never paste a private key/);
  assert.equal((await preview(page)).certificate.csr, '(a private key)');
  assert.ok(!(await page.locator('#preview').textContent()).includes(body.slice(0, 30)));
  // The CSR itself afterwards: the warning goes.
  await control(page, 'certificate.csr').fill(csr('rsa2048'));
  assert.doesNotMatch(await page.locator('#f-certificate-csr-read').textContent(), /private key/);
  await closePortal(page);
});

test('keyboard and a narrow screen: every control labelled, no sideways scrolling', async () => {
  const page = await openPortal('ssl_ev_securesite_multi_domain');
  await page.setViewportSize({ width: 390, height: 844 });
  // Every named control (and the CSR file input) has a <label>.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((c) => c.type !== 'hidden' && !(c.labels?.length))
    .map((c) => c.name || c.id));
  assert.deepEqual(unlabelled, []);
  // Keyboard only: from the product picker, Tab reaches the first field; typing validates it.
  await page.locator('#product').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'certificate.common_name');
  await page.keyboard.type('*.example.com');
  await page.keyboard.press('Tab');
  await expectIssue(page, 'certificate.common_name', 'Common name holds the wildcard name *.example.com, which this product does not take');
  await control(page, 'certificate.common_name').focus();
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).boxShadow);
  assert.notEqual(ring, 'none', 'the focused control shows no focus ring');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page scrolls sideways');
  await shot(page, '09-narrow-screen');
  await closePortal(page);
});

test('nothing covered: Tab through every control on a desktop and a phone, each focused control clear of the sticky bar; the bar is one row on a phone', async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const page = await openPortal('ssl_securesite_multi_domain');
    await page.setViewportSize(viewport);
    for (const d of await page.locator('details').all()) await d.evaluate((el) => { el.open = true; });
    await page.locator('#product').focus();
    const seen = new Set();
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const state = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return null;
        const r = a.getBoundingClientRect();
        const bar = document.querySelector('#actions .actions-inner').getBoundingClientRect();
        const inBar = a.closest('#actions') !== null;
        const key = [...document.querySelectorAll('*')].indexOf(a);
        return { key, id: a.id || a.name || a.textContent.trim().slice(0, 30), top: r.top, bottom: r.bottom, barTop: bar.top, barHeight: bar.height, inBar, height: innerHeight };
      });
      if (!state || seen.has(state.key)) break;
      seen.add(state.key);
      if (state.inBar) continue;
      assert.ok(state.bottom <= state.barTop + 1 && state.top >= 0, `${viewport.width}px: ${state.id} is covered (${state.top}..${state.bottom}, bar from ${state.barTop})`);
    }
    assert.ok(seen.size >= 10, `${viewport.width}px: tabbed through ${seen.size} controls`);
    const bar = await page.locator('#actions .actions-inner').boundingBox();
    if (viewport.width < 500) assert.ok(bar.height < 70, `one row on a phone: ${bar.height}px`);
    await closePortal(page);
  }
});

test('forms by product: a multi-domain certificate\'s names up front, code signing\'s key first, the validity one choice, boxes and lists for yes/no and countries', async () => {
  const page = await openPortal('ssl_securesite_multi_domain');
  // A multi-domain certificate is ordered for its names: the list is up front, its limit beside "Add".
  const names = group(page, 'certificate.dns_names');
  assert.equal(await names.isVisible(), true);
  assert.equal(await names.evaluate((g) => g.closest('details')), null, 'the DNS names are folded under "More … options"');
  assert.equal(await names.locator('.list-actions [data-add="certificate.dns_names"]').isVisible(), true);
  assert.equal(await names.locator('.list-actions .list-limit').textContent(), 'up to 250');

  // A one-name certificate: other names are an extra, under "More certificate options", no limit said.
  await page.selectOption('#product', 'ssl_securesite');
  const folded = group(page, 'certificate.dns_names');
  assert.equal(await folded.isVisible(), false);
  assert.equal(await folded.evaluate((g) => g.closest('details.more')?.querySelector('summary > span').textContent), 'More certificate options');
  assert.equal(await page.locator('.list-limit').count(), 0);

  // A wildcard certificate's common name is explained with a wildcard name.
  await page.selectOption('#product', 'ssl_securesite_wildcard');
  assert.match(await page.locator('#f-certificate-common_name-help').textContent(), /\*\.example\.com/);

  // Code signing: where the key is kept decides the rest, so it is asked first ("Start here"),
  // right after the product, in a person's words; the API's values are what is sent.
  await page.selectOption('#product', 'code_signing_ev');
  await page.locator('#product').focus();
  await page.keyboard.press('Tab');
  assert.deepEqual(await page.evaluate(() => {
    const a = document.activeElement;
    return { name: a.name, tag: a.tagName, section: a.closest('fieldset.section')?.querySelector(':scope > legend').textContent };
  }), { name: 'cs_provisioning_method', tag: 'SELECT', section: 'Start here' });
  assert.deepEqual(await control(page, 'cs_provisioning_method').evaluate((c) => [...c.options].map((o) => [o.value, o.textContent])), [
    ['', 'Choose…'], ['ship_token', 'DigiCert ships a hardware token'], ['client_app', 'A token I already have'], ['email', 'My own HSM (I send a CSR)'],
  ]);
  // Conditional fields say whether the order, as it stands, needs them.
  assert.equal(await page.locator('.tag', { hasText: 'Conditional' }).count(), 0);
  const tags = async () => ({ csr: await tagOf(page, 'certificate.csr'), platform: await tagOf(page, 'certificate.server_platform') });
  assert.deepEqual(await tags(), { csr: 'Optional', platform: 'Required' }, 'no provisioning method chosen');
  await control(page, 'cs_provisioning_method').selectOption('email');
  assert.deepEqual(await tags(), { csr: 'Required', platform: 'Optional' }, 'my own HSM');
  await control(page, 'cs_provisioning_method').selectOption('ship_token');
  assert.deepEqual(await tags(), { csr: 'Optional', platform: 'Optional' }, 'DigiCert ships a token');
  await control(page, 'cs_provisioning_method').selectOption('client_app');
  assert.deepEqual(await tags(), { csr: 'Optional', platform: 'Required' }, 'a token I already have');
  assert.equal((await preview(page)).cs_provisioning_method, 'client_app');

  // SSL's validity: one choice, each with what it yields; 199 days is recommended and chosen.
  await page.selectOption('#product', 'ssl_securesite');
  assert.equal(await control(page, 'validity_years').count(), 0, 'no years to type where the validity is a choice');
  const choices = await page.locator('[data-presets="validity_years"] .preset').evaluateAll((ps) => ps.map((p) => {
    const radio = p.querySelector('input[type=radio]');
    return {
      label: p.querySelector('.preset-label').textContent, checked: radio.checked, name: radio.name,
      recommended: p.querySelector('label').textContent.includes('Recommended'),
      help: document.getElementById(radio.getAttribute('aria-describedby'))?.textContent ?? '',
    };
  }));
  assert.deepEqual(choices.map(({ label, checked, recommended, name }) => [label, checked, recommended, name]), [
    ['199 days', true, true, 'validity_years~preset'], ['1 year', false, false, 'validity_years~preset'], ['2 years', false, false, 'validity_years~preset'],
    ['3 years', false, false, 'validity_years~preset'],
  ]);
  assert.match(choices[0].help, /valid for 199 days/);
  assert.equal(new Set(choices.map((c) => c.help)).size, 4, 'each choice has its own help');
  // A validity kept across a product switch is the same validity, though the choices' places
  // differ (SSL's start with 199 days, code signing's with 459 days); one the next product does
  // not offer gives way to its recommended one.
  await preset(page, 'validity_years', '1 year').check();
  await page.selectOption('#product', 'client_authentication_plus');
  assert.equal(await preset(page, 'validity_years', '1 year').isChecked(), true, 'SSL\'s 1 year is a client certificate\'s 1 year');
  assert.equal((await preview(page)).validity_years, 1);
  await page.selectOption('#product', 'code_signing_ev');
  assert.equal(await preset(page, 'order_validity.years', '1 year').isChecked(), true, 'code signing recommends 1 year');
  await page.selectOption('#product', 'secure_email_mailbox');
  assert.equal(await preset(page, 'order_validity.years', '1 year').isChecked(), true, 'code signing\'s 1 year is Secure Email\'s 1 year');
  assert.deepEqual((await preview(page)).order_validity, { years: 1 });
  await page.selectOption('#product', 'ssl_securesite');
  assert.equal(await preset(page, 'validity_years', '199 days').isChecked(), true);

  // Yes/no fields (and 0/1 numbers) are boxes: ticked sends true (or 1), unticked leaves them out.
  assert.deepEqual((await page.locator('#fields input[type=checkbox]').evaluateAll((cs) => cs.map((c) => c.name))).sort(),
    ['apply_cr_discount', 'auto_renew', 'disable_ct', 'disable_renewal_notifications', 'organization.skip_duplicate_org_check', 'skip_approval']);
  assert.equal(await page.locator('#fields select option[value="true"], #fields select option[value="false"]').count(), 0);
  await page.locator('details.more', { hasText: 'More order options' }).locator('summary').click();
  await control(page, 'disable_ct').check();
  await page.locator('label[for="f-auto_renew"]').click(); // the label ticks its box
  assert.equal(await control(page, 'auto_renew').isChecked(), true);
  let body = await preview(page);
  assert.equal(body.disable_ct, true);
  assert.equal(body.auto_renew, 1);
  await control(page, 'disable_ct').uncheck();
  await control(page, 'auto_renew').uncheck();
  body = await preview(page);
  assert.ok(!('disable_ct' in body) && !('auto_renew' in body), JSON.stringify(body));

  // A new organization: the country is a list of countries (ISO codes sent), the address fields
  // carry autocomplete tokens so the browser can fill them.
  await page.getByLabel('New organization').check();
  const country = await control(page, 'organization.country').evaluate((c) => ({
    tag: c.tagName, values: [...c.options].map((o) => o.value), us: [...c.options].find((o) => o.value === 'us')?.textContent,
    de: [...c.options].find((o) => o.value === 'de')?.textContent,
  }));
  assert.equal(country.tag, 'SELECT');
  assert.equal(country.values[0], '');
  assert.ok(country.values.length > 200, `${country.values.length} countries`);
  assert.deepEqual(country.values.slice(1).filter((v) => !/^[a-z]{2}$/.test(v)), []);
  assert.equal(country.us, 'United States');
  assert.equal(country.de, 'Germany');
  const tokens = {
    'organization.name': 'organization', 'organization.address': 'address-line1', 'organization.address2': 'address-line2',
    'organization.city': 'address-level2', 'organization.state': 'address-level1', 'organization.zip': 'postal-code',
    'organization.country': 'country', 'organization.telephone': 'tel',
    'organization.organization_contact.first_name': 'given-name', 'organization.organization_contact.last_name': 'family-name',
    'organization.organization_contact.email': 'email', 'organization.organization_contact.telephone': 'tel',
    'certificate.common_name': 'off',
  };
  for (const [name, token] of Object.entries(tokens)) assert.equal(await control(page, name).getAttribute('autocomplete'), token, name);
  await control(page, 'organization.country').selectOption('de');
  assert.equal((await preview(page)).organization.country, 'de');
  await page.getByLabel('Existing organization').check();

  // A complete order with the recommended validity: ready, and not a single warning.
  await control(page, 'certificate.common_name').fill('example.com');
  await control(page, 'certificate.csr').fill(csr('rsa2048'));
  await page.selectOption('[name="certificate.signature_hash"]', 'sha256');
  await control(page, 'organization.id').fill('123456');
  await control(page, 'organization.id').blur();
  await page.waitForFunction(() => document.querySelector('#submit-status').textContent === 'Ready to order', null, WAIT)
    .catch(async () => assert.fail(`status: ${await page.locator('#submit-status').textContent()}`));
  assert.equal(await page.locator('.msg').count(), 0, 'a message is shown');
  await shot(page, '19-ssl-recommended-validity');
  const [sent] = await submitAndWait(page);
  assert.equal(sent.json.validity_days, 199);
  assert.ok(!('validity_years' in sent.json), 'the recommended validity is sent as days');
  assert.match(await page.locator('#result .result-title').textContent(), /Order placed/);
  await closePortal(page);
});

test('conditional tags: a new organization\'s fields say "Required" once "New organization" is chosen', async () => {
  const page = await openPortal('ssl_securesite');
  try {
    await page.getByLabel('New organization').check();
    const fields = ['organization.name', 'organization.address', 'organization.city', 'organization.state', 'organization.zip',
      'organization.country', 'organization.telephone', 'organization.organization_contact'];
    for (const path of fields) assert.equal(await tagOf(page, path), 'Required', `${path}, nothing typed yet`);
    // Choosing it is no mistake: what it lacks is said once something of it is filled in.
    const summary = () => page.locator('#summary-list').textContent();
    assert.doesNotMatch(await summary(), /Organization ID is required/, 'not on choosing "New organization"');
    // On "Show problems", before anything of it is typed, it is the one message that says so.
    await page.click('#show-problems');
    await page.waitForFunction(() => /Organization ID is required/.test(document.querySelector('#summary-list').textContent), null, WAIT)
      .catch(async () => assert.fail(`summary: ${await summary()}`));
    // Once a new organization is begun, each of its fields says what it lacks.
    await control(page, 'organization.name').fill('Example Inc');
    await control(page, 'organization.name').blur();
    assert.equal(await tagOf(page, 'organization.name'), 'Required', 'the name, the only field typed');
    await expectIssue(page, 'organization.address', 'Address is required');
  } finally {
    await page.context().close();
  }
});

test('plain words: every message names fields by their labels, never by API paths or JSON; pasted URLs and stray spaces are tidied', async () => {
  const page = await openPortal('ssl_securesite');
  const set = async (name, value) => {
    const c = control(page, name);
    await c.evaluate((n) => { for (let d = n.closest('details'); d; d = d.parentElement.closest('details')) d.open = true; });
    if (await c.evaluate((n) => n.tagName) === 'SELECT') await c.selectOption(value);
    else await c.fill(value);
    await c.blur();
  };
  const check = async (product, expected) => {
    await page.locator('#show-problems').click();
    await page.waitForFunction(() => document.activeElement?.id === 'summary', null, WAIT);
    const shown = await page.locator('#order-form .msg').allTextContents();
    for (const text of expected) assert.ok(shown.some((m) => m.includes(text)), `${product}: "${text}" is not shown: ${shown.join(' | ')}`);
    const words = await apiWordsShown(page);
    assert.ok(words.count >= expected.length * 2, `${product}: ${words.count} messages (inline and in the summary)`);
    assert.deepEqual(words.bad, [], `${product}: messages that speak API`);
  };

  // Invalid values on several products, inline and in the summary.
  await set('certificate.common_name', 'bad name');
  await page.locator('details.more', { hasText: 'More certificate options' }).locator('summary').click();
  await page.locator('[data-add="certificate.dns_names"]').click();
  await set('certificate.dns_names.0', 'x y');
  await set('organization.id', '0');
  await set('renewed_thumbprint', 'zz');
  await set('alternative_order_id', 'not alphanumeric!');
  await set('validity_days', '5000');
  await check('ssl_securesite', ['Common name must be a domain name', 'DNS name 1 must be a domain name', 'Organization ID must be at least 1', 'Validity days']);

  await page.selectOption('#product', 'code_signing_ev');
  await set('cs_provisioning_method', 'email');
  await set('certificate.csr', csr('rsa2048'));
  await set('order_validity.days', '2000');
  // (What was typed on the last product stays: the organization ID 0 is still wrong.)
  await check('code_signing_ev', ['CSR has a key that is not allowed', 'Days must be at least 1 and at most 1095', 'Organization ID must be at least 1']);

  await page.selectOption('#product', 'client_premium_sha2');
  await set('certificate.emails.0', 'jane@');
  await check('client_premium_sha2', ['Email 1 must be an e-mail address', 'Common name is required.', 'DigiCert retired this product']);

  await page.selectOption('#product', 'secure_email_sponsor');
  await set('certificate.common_name_indicator', 'given_name_surname');
  await set('certificate.individual.first_name', 'Alice');
  await check('secure_email_sponsor', ['Last name is missing', 'Primary usage is required.']);
  await shot(page, '20-plain-words');
  await closePortal(page);

  // On leaving a field the package tidies it: a pasted URL in a name field becomes its host,
  // spaces around what was typed go; the order then validates and is sent tidied.
  const tidy = await openPortal('ssl_securesite');
  const cn = control(tidy, 'certificate.common_name');
  await cn.fill(' https://www.example.com/path?x ');
  assert.equal(await cn.inputValue(), ' https://www.example.com/path?x ', 'nothing changes while typing');
  await cn.blur();
  await tidy.waitForFunction(() => document.querySelector('[name="certificate.common_name"]').value === 'www.example.com', null, WAIT)
    .catch(async () => assert.fail(`the common name is ${JSON.stringify(await cn.inputValue())}`));
  await expectNoIssue(tidy, 'certificate.common_name', 'must be a domain name');
  await tidy.locator('details.more', { hasText: 'More certificate options' }).locator('summary').click();
  await tidy.locator('[data-add="certificate.dns_names"]').click();
  await control(tidy, 'certificate.dns_names.0').fill('  HTTPS://Example.com:8443/shop  ');
  await control(tidy, 'certificate.dns_names.0').blur();
  assert.equal(await control(tidy, 'certificate.dns_names.0').inputValue(), 'Example.com');
  await control(tidy, 'certificate.csr').fill(csr('rsa2048'));
  await tidy.selectOption('[name="certificate.signature_hash"]', 'sha256');
  await control(tidy, 'organization.id').fill('123456');
  await tidy.locator('details.more', { hasText: 'More order options' }).locator('summary').click();
  await control(tidy, 'comments').fill('   For the web team   ');
  await control(tidy, 'comments').blur();
  assert.equal(await control(tidy, 'comments').inputValue(), 'For the web team');
  await tidy.waitForFunction(() => document.querySelector('#submit-status').textContent === 'Ready to order', null, WAIT)
    .catch(async () => assert.fail(`status: ${await tidy.locator('#submit-status').textContent()}`));
  assert.equal(await tidy.locator('[aria-invalid="true"]').count(), 0);
  const [sent] = await submitAndWait(tidy);
  assert.equal(sent.json.certificate.common_name, 'www.example.com');
  assert.deepEqual(sent.json.certificate.dns_names, ['Example.com']);
  assert.equal(sent.json.comments, 'For the web team');
  await closePortal(tidy);
});

test('the proxy is not an open relay: no session, a forged one or another site\'s page is refused, and nothing reaches CertCentral', async () => {
  const order = { certificate: { common_name: 'relay.example.com', csr: csr('rsa2048'), signature_hash: 'sha256' }, organization: { id: 123456 } };
  const json = { 'content-type': 'application/json' };
  const before = (await sandboxRequests()).length;
  const codes = async (r) => (await r.json()).errors.map((e) => e.code);

  // No session (a script that never loaded the page): 401 on every route, orders and lookups.
  for (const [method, path] of [['POST', '/order/certificate/ssl_securesite'], ['GET', '/order/certificate/1'],
    ['GET', '/certificate/download/order/1/format/pem_all'], ['GET', '/order/alternate/abc']]) {
    const r = await api(path, { method, headers: json, body: method === 'POST' ? JSON.stringify(order) : undefined }, { session: null });
    assert.equal(r.status, 401, `${method} ${path}`);
    assert.deepEqual(await codes(r), ['not_signed_in'], `${method} ${path}`);
  }
  // A made-up or altered session is no session.
  const [id, mac] = cookie.slice('portal_session='.length).split('.');
  for (const forged of ['portal_session=abc.def', `portal_session=${id}x.${mac}`, `portal_session=${id}`, `portal_session=.${mac}`]) {
    const r = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: json, body: JSON.stringify(order) }, { session: forged });
    assert.equal(r.status, 401, forged);
  }
  // Another site's request, even with the session (CSRF): its Origin or the browser's Sec-Fetch-Site.
  for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, { origin: portal.replace('127.0.0.1', 'localhost').slice(0, -1) },
    { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
    const r = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(order) });
    assert.equal(r.status, 403, JSON.stringify(headers));
    assert.deepEqual(await codes(r), ['forbidden_origin'], JSON.stringify(headers));
  }
  // Its own page's request (same origin) goes on: here to the portal's own check, as the order is incomplete.
  const own = await api('/order/certificate/ssl_securesite', {
    method: 'POST', headers: { ...json, origin: portal.slice(0, -1), 'sec-fetch-site': 'same-origin' }, body: JSON.stringify({ ...order, certificate: {} }),
  });
  assert.equal(own.status, 400);
  assert.ok((await codes(own)).includes('invalid_value:certificate.common_name'), 'the portal\'s own check answered');

  // An order over 1 MiB is not read, let alone forwarded; one just under is read (and checked).
  const oversized = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: json, body: JSON.stringify({ ...order, comments: 'x'.repeat(1025 * 1024) }) })
    .then((r) => r.status, (err) => err.cause?.code ?? err.message);
  assert.notEqual(oversized, 201);
  await waitForLog(/POST \/api\/certcentral\/order\/certificate\/ssl_securesite -> 413 body too large/);
  const under = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: json, body: JSON.stringify({ ...order, certificate: {}, comments: 'x'.repeat(1000 * 1024) }) });
  assert.equal(under.status, 400);
  assert.equal((await sandboxRequests()).length, before, 'a refused request reached the sandbox');
  assert.match(serverOutput(), /POST \/api\/certcentral\/order\/certificate\/ssl_securesite -> 401 not_signed_in, not forwarded/);
  assert.match(serverOutput(), /POST \/api\/certcentral\/order\/certificate\/ssl_securesite -> 403 forbidden_origin, not forwarded/);

  // In a browser: the visitor's session cookie is out of scripts' reach, and a page of another
  // site on this machine (another port is the same site, so the SameSite=Strict cookie goes
  // along) cannot place an order with it.
  const page = await openPortal('ssl_securesite');
  assert.ok(!(await page.evaluate(() => document.cookie)).includes('portal_session'), 'a script can read the session');
  assert.equal((await page.context().cookies(portal)).filter((c) => c.name === 'portal_session' && c.httpOnly && c.sameSite === 'Strict').length, 1);
  const other = createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>Another site</title><p>Another site</p>'); });
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${other.address().port}/`);
    const target = new URL('/api/certcentral/order/certificate/ssl_securesite', portal).href;
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === target, WAIT),
      page.evaluate(([url, body]) => fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body }).catch(() => null),
        [target, JSON.stringify(order)]),
    ]);
    // 403, not 401: the session went along, and the portal refused the other site's page.
    assert.equal(response.status(), 403);
  } finally {
    other.close();
    other.closeAllConnections();
  }
  assert.equal((await sandboxRequests()).length, before, 'another site\'s order reached the sandbox');
  await closePortal(page);
});

test('an order over 1 MiB is answered 413 request_too_large; one validateOrder passes with a 65,000-character comment is forwarded', async () => {
  const r = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ comments: 'x'.repeat(1025 * 1024) }) });
  assert.equal(r.status, 413);
  assert.deepEqual((await r.json()).errors.map((e) => e.code), ['request_too_large']);
  // Before, the portal capped bodies at 64 KB: such an order passed every check and got a 413.
  const order = { certificate: { common_name: 'long-comment.example.com', csr: csr('rsa2048'), signature_hash: 'sha256' }, organization: { id: 123456 },
    validity_years: 1, comments: 'é'.repeat(65_000), alternative_order_id: `long${Date.now()}` };
  const { validateOrder } = await import(pathToFileURL(join(root, 'www', 'node_modules', 'certcentral-orders', 'node.mjs')).href);
  assert.equal(validateOrder('ssl_securesite', order).valid, true);
  const placed = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  assert.equal(placed.status, 201);
});

test('a lookup by an alternative_order_id the portal never forwarded is the empty list, not a 404, and does not reach CertCentral', async () => {
  // A request lost before it reached the portal (offline): the page looks its id up before
  // ordering again, and a 404 was shown as "CertCentral rejected the order" for good.
  const before = (await sandboxRequests()).length;
  const r = await api(`/order/alternate/neversent${Date.now()}`);
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { orders: [] });
  assert.equal((await sandboxRequests()).length, before);
  // An id whose only order CertCentral refused is no order's of this portal: its lookup is not
  // forwarded either (else a refused order under another order's id would open that order).
  const alt = `refused${Date.now()}`;
  await enqueue([{ type: 'status', status: 400, match: 'POST /order/certificate', body: { errors: [{ code: 'invalid_value', message: 'No.' }] } }]);
  const refused = await api('/order/certificate/ssl_securesite', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ certificate: { common_name: 'refused.example.com', csr: csr('rsa2048'), signature_hash: 'sha256' }, organization: { id: 123456 }, validity_years: 1, alternative_order_id: alt }) });
  assert.equal(refused.status, 400);
  const afterPost = (await sandboxRequests()).length;
  const lookup = await api(`/order/alternate/${alt}`);
  assert.deepEqual(await lookup.json(), { orders: [] });
  assert.equal((await sandboxRequests()).length, afterPost, 'the lookup reached CertCentral');
});

test('--products: a portal orders only the products it offers, refused before the body is read, and its picker shows only those', async () => {
  const only = await startServer(['--products', 'ssl_securesite']);
  extraServers.push(only.child);
  try {
    const session = await sessionOf(only.portal);
    const info = await (await fetch(new URL('/api/portal', only.portal))).json();
    assert.deepEqual(info.products, ['ssl_securesite']);
    assert.equal(info.mode, 'sandbox');
    const post = (product, body) => api(`/order/certificate/${product}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, { base: only.portal, session });
    // A product it does not offer: 404, before the body is read (an oversized one is not even looked at).
    for (const [product, body] of [['code_signing_ev', '{}'], ['code_signing_ev', JSON.stringify({ comments: 'x'.repeat(100 * 1024) })], ['no_such_product', '{}']]) {
      const r = await post(product, body);
      assert.equal(r.status, 404, `${product}, ${body.length} bytes`);
      assert.deepEqual((await r.json()).errors.map((e) => e.code), ['not_found|product']);
    }
    // The one it offers is checked as usual.
    assert.equal((await post('ssl_securesite', '{}')).status, 400);
    assert.deepEqual(await sandboxRequests(only.sandboxUrl), [], 'a refused order reached the sandbox');
    assert.match(only.output(), /POST \/api\/certcentral\/order\/certificate\/code_signing_ev -> 404 not a product this portal orders/);

    // The page offers only that product, even when its address names another, and orders it.
    const page = await openPortal('code_signing_ev', only.portal);
    await page.locator('#mode').waitFor({ state: 'visible', ...WAIT });
    await page.waitForFunction(() => document.querySelector('#product').value === 'ssl_securesite', null, WAIT);
    assert.deepEqual(await page.locator('#product option').evaluateAll((os) => os.map((o) => o.value)), ['ssl_securesite']);
    assert.deepEqual(await page.locator('#product optgroup').evaluateAll((gs) => gs.map((g) => g.label)), ['SSL/TLS server certificates']);
    assert.equal(await control(page, 'cs_provisioning_method').count(), 0, 'the code signing form is still shown');
    await shot(page, '21-one-product-portal');
    await fillSsl(page, 'example.com');
    const sent = await submitAndWait(page, only.sandboxUrl);
    assert.deepEqual(sent.map((r) => r.product), ['ssl_securesite']);
    assert.match(await page.locator('#result .result-title').textContent(), /Order placed/);
    await closePortal(page);
  } finally {
    if (only.child.exitCode === null && only.child.signalCode === null) {
      const exited = new Promise((resolve) => only.child.once('exit', (code, signal) => resolve({ code, signal })));
      only.child.kill('SIGTERM');
      assert.deepEqual(await exited, { code: 0, signal: null });
    }
  }
});

test('the key reaches the sandbox on every order and never the browser', async () => {
  const requests = await sandboxRequests();
  assert.ok(requests.length >= 4);
  const key = requests[0].headers['x-dc-devkey'];
  assert.ok(typeof key === 'string' && key.length >= 16, 'no key on the first order');
  for (const r of requests) assert.equal(r.headers['x-dc-devkey'], key);

  await Promise.all(pending);
  assert.ok(seen.some((r) => r.url.includes('/api/certcentral/')), 'the pages made no order requests');
  assert.ok(seen.some((r) => r.url.endsWith('.wasm')), 'the pages loaded no wasm');
  for (const r of seen) {
    assert.ok(!JSON.stringify(r.headers).includes(key), `the key is in the headers of ${r.url}`);
    assert.ok(r.body.indexOf(key) === -1, `the key is in the body of ${r.url}`);
  }
  for (const dom of domSnapshots) assert.ok(!dom.includes(key), 'the key is in a page');
  assert.ok(!serverOutput().includes(key), 'the server printed the key');
});

test('SIGTERM stops the portal and its sandbox', async () => {
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  server.kill('SIGTERM');
  assert.deepEqual(await exited, { code: 0, signal: null });
  await assert.rejects(fetch(portal));
  await assert.rejects(fetch(`${sandboxUrl}/__sandbox/requests`));
});
