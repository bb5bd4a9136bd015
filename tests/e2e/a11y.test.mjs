// Accessibility of the demo order portal: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) in every
// state of an order, on a desktop (1280×900) and a phone (390×844), with no serious or critical
// violation; and Tab through every control with errors shown, each focused control drawing a
// focus indicator of at least 3:1 against what is around it (WCAG 2.2: 2.4.7, 1.4.11).
// Same set-up as portal.test.mjs: the server `make demo` runs, with its local CertCentral sandbox,
// whose fault injection makes each failure. A screenshot of each state and viewport goes to
// tests/artifacts/a11y-<state>-<desktop|phone>.png.
//
//   node --test tests/e2e/a11y.test.mjs     (from the repository root)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { holdE2eLock } from './serial.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'tests', 'artifacts');
const csr = (name) => readFileSync(join(root, 'tests', 'fixtures', 'csr', `${name}.pem`), 'utf8');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WAIT = { timeout: 5000 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const PRODUCT = 'ssl_securesite';

let releaseLock;
let server;
let serverOutput = '';
let portal;
let sandboxUrl;
let browser;
const pages = new Map(); // viewport name -> its page (one context each, used by every test in turn)

// ---------------------------------------------------------------- set-up

before(async () => {
  releaseLock = await holdE2eLock();
  mkdirSync(artifacts, { recursive: true });
  const built = existsSync(join(root, 'pkg', 'package.json'));
  execFileSync(join(root, 'www', 'setup.sh'), built ? ['--no-build'] : [], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

  const env = { ...process.env };
  delete env.CERTCENTRAL_API_KEY;
  delete env.CERTCENTRAL_BASE_URL;
  server = spawn(process.execPath, [join(root, 'www', 'server.mjs'), '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.on('data', (d) => { serverOutput += d; });
  const lines = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server printed no URLs in 10 s:\n${serverOutput}`)), 10_000);
    server.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${serverOutput}`)));
    server.stdout.on('data', (d) => {
      out += d;
      serverOutput += d;
      if (/^Sandbox: .*\n/m.test(out)) { clearTimeout(timer); resolve(out.split('\n')); }
    });
  });
  assert.match(lines[0], /^Portal: http:\/\/127\.0\.0\.1:\d+\/$/);
  portal = lines[0].slice('Portal: '.length);
  sandboxUrl = (await (await fetch(new URL('/__demo/sandbox', portal))).json()).url;
  assert.match(sandboxUrl, /^http:\/\/127\.0\.0\.1:\d+$/);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  for (const [name, viewport] of Object.entries(VIEWPORTS)) pages.set(name, await openPortal(viewport, PRODUCT));
});

after(async () => {
  for (const page of pages.values()) await page.context().close().catch(() => {});
  await browser?.close();
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  releaseLock?.();
});

// ---------------------------------------------------------------- helpers

async function openPortal(viewport, product) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // (Chromium also logs every 4xx/5xx fetch as a console error; those are expected here.)
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.errors = errors;
  await page.goto(`${portal}#${product}`);
  await page.locator('#order-form').waitFor({ state: 'visible', ...WAIT });
  return page;
}

const control = (page, name) => page.locator(`[name="${name}"]`);

/** The product's form as a new tab shows it: empty, nothing touched (no order kept from before). */
async function emptyForm(page, product) {
  await page.goto(`${portal}#${product}`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.locator('#order-form').waitFor({ state: 'visible', ...WAIT });
  assert.equal(await page.locator('#product').inputValue(), product);
}

/** The radio of the validity choice at `path` labelled `label` ("199 days", "3 years", …). */
function preset(page, path, label) {
  return page.locator(`[data-presets="${path}"] .preset`, { has: page.locator('.preset-label', { hasText: new RegExp(`^${label}$`) }) })
    .locator(`input[type=radio][name="${path}~preset"]`);
}

/** A valid ssl_securesite order, with the validity it recommends (199 days, chosen already). */
async function fillSsl(page, name) {
  await control(page, 'certificate.common_name').fill(name);
  await control(page, 'certificate.csr').fill(csr('rsa2048'));
  await page.selectOption('[name="certificate.signature_hash"]', 'sha256');
  await control(page, 'organization.id').fill('123456');
  await control(page, 'organization.id').blur();
  assert.equal(await preset(page, 'validity_years', '199 days').isChecked(), true);
  await page.waitForFunction(() => /Ready to order/.test(document.querySelector('#submit-status').textContent), null, WAIT);
}

/**
 * axe-core on the page as it is now (the WCAG tags, or only `rules`); the serious and critical
 * violations, each as "id (impact) target: summary". The page's Content-Security-Policy allows no
 * inline script, so page.addScriptTag cannot add axe: it is evaluated through the DevTools
 * protocol instead, and the page keeps running under its real policy (no bypassCSP).
 * A11Y_DEBUG=1 also prints what axe could not decide ("needs review") and every violation.
 */
async function axeViolations(page, rules) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const results = await page.evaluate((only) => window.axe.run(document, {
    runOnly: only,
    resultTypes: ['violations'],
  }), rules ? { type: 'rule', values: rules } : { type: 'tag', values: AXE_TAGS });
  if (process.env.A11Y_DEBUG) {
    const nodes = (v) => v.nodes.map((n) => `${JSON.stringify(n.target)} ${[...n.any, ...n.all].map((c) => c.message).join(' ')}`).join(' ');
    for (const v of results.incomplete) process.stdout.write(`# needs review: ${v.id} (${v.impact}) ${nodes(v)}\n`);
    for (const v of results.violations) process.stdout.write(`# violation: ${v.id} (${v.impact}) ${nodes(v)}\n`);
  }
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${n.impact ?? v.impact}) ${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`));
}

/**
 * A screenshot of the whole page, taken with a viewport as tall as the page so sticky parts sit
 * where they belong; `whileTall` runs before the viewport is set back.
 */
async function shot(page, name, whileTall) {
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(height, size.height) });
  await page.screenshot({ path: join(artifacts, `a11y-${name}.png`) });
  const result = await whileTall?.();
  await page.setViewportSize(size);
  return result ?? [];
}

/**
 * Runs axe on the page in state `state` and saves its screenshot; the problems, each prefixed
 * with the state and viewport. At the viewport's own size the sticky action bar covers some text,
 * whose contrast axe then cannot decide ("needs review"): the contrast rule runs again with the
 * whole page in view, where only the bar's own place at the bottom is covered.
 */
async function check(page, state, viewportName, { stillIn } = {}) {
  const found = await axeViolations(page);
  await stillIn?.(); // the state axe was meant to see had not ended before it finished
  const uncovered = await shot(page, `${state}-${viewportName}`, () => axeViolations(page, ['color-contrast']));
  found.push(...uncovered.filter((v) => !found.includes(v)));
  found.push(...page.errors.splice(0).map((e) => `the page logged an error: ${e}`));
  return found.map((v) => `${state} on ${viewportName}: ${v}`);
}

function assertNone(problems) {
  if (problems.length) assert.fail(`${problems.length} serious or critical accessibility problems:\n  ${problems.join("\n  ")}`);
}

async function enqueue(behaviors) {
  const r = await fetch(`${sandboxUrl}/__sandbox/enqueue`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(behaviors) });
  assert.equal(r.status, 200, await r.text());
}

async function queued() {
  return (await (await fetch(`${sandboxUrl}/__sandbox/stats`)).json()).queued;
}

/** Clicks "Place order" and waits for the result card and the end of the attempt. */
async function submit(page) {
  await page.locator('#submit').click();
  await page.locator('#result .result-title').waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => !document.querySelector('#submit').textContent.includes('Placing'), null, { timeout: 15_000 });
  return (await page.locator('#result .result-title').textContent()).trim();
}

/**
 * The focus indicator of the focused element, measured in the page: the outline and any outer
 * box-shadow ring (no blur, a spread) it draws, each ring's colour composited over what is behind
 * it, sampled with elementsFromPoint just outside the element on each side in the viewport, and
 * the lowest contrast of the best ring against those backgrounds.
 */
async function measureFocus() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const lum = ({ r, g, b }) => {
    const ch = (v) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const contrast = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p); return (a + 0.05) / (b + 0.05); };
  const el = document.activeElement;
  await Promise.all(el.getAnimations().map((a) => a.finished.catch(() => {}))); // the ring's transition
  const name = el.id || el.getAttribute('name') || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40) || el.tagName;
  const backgroundAt = (x, y) => {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
    const stack = document.elementsFromPoint(x, y).filter((n) => n !== el && !el.contains(n));
    const layers = [];
    for (const n of stack) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
    }
    return layers.reverse().reduce((acc, layer) => over(layer, acc), { r: 255, g: 255, b: 255, a: 1 });
  };
  const cs = getComputedStyle(el);
  const rings = [];
  if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) {
    rings.push({ kind: 'outline', color: parse(cs.outlineColor), width: parseFloat(cs.outlineWidth), at: Math.max(0, parseFloat(cs.outlineOffset)) + parseFloat(cs.outlineWidth) / 2 });
  }
  // box-shadow: "rgb(…) 0px 0px 0px 3px, …" as computed (colour first, no inset for a ring).
  for (const shadow of cs.boxShadow === 'none' ? [] : cs.boxShadow.split(/,(?![^(]*\))/)) {
    if (/inset/.test(shadow)) continue;
    const color = parse(shadow);
    const lengths = shadow.replace(/rgba?\([^)]*\)/, '').trim().split(/\s+/).map(parseFloat);
    const [x = 0, y = 0, blur = 0, spread = 0] = lengths;
    if (x === 0 && y === 0 && blur === 0 && spread > 0) rings.push({ kind: 'box-shadow', color, width: spread, at: spread / 2 });
  }
  const r = el.getBoundingClientRect();
  const results = rings.map((ring) => {
    const points = [[r.left - ring.at, r.top + r.height / 2], [r.right + ring.at, r.top + r.height / 2], [r.left + r.width / 2, r.top - ring.at], [r.left + r.width / 2, r.bottom + ring.at]];
    const sides = points.map(([x, y]) => backgroundAt(x, y)).filter(Boolean);
    const ratios = sides.map((bg) => contrast(over(ring.color, bg), bg));
    const hex = (c) => `#${[c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
    return {
      kind: ring.kind, width: ring.width, contrast: ratios.length ? Math.min(...ratios) : 0,
      color: `rgba(${ring.color.r}, ${ring.color.g}, ${ring.color.b}, ${ring.color.a})`, on: sides.map(hex).join(' '),
    };
  });
  const best = results.filter((x) => x.width >= 2).sort((a, b) => b.contrast - a.contrast)[0] ?? null;
  // Which element it is, across Tabs (a focusout re-renders the messages, so no index in the DOM).
  window.focusIds ??= { of: new WeakMap(), next: 0 };
  if (!window.focusIds.of.has(el)) window.focusIds.of.set(el, window.focusIds.next++);
  const key = window.focusIds.of.get(el);
  return { key, name, tag: el.tagName.toLowerCase(), best, rings: results, body: el === document.body };
}

/**
 * Tabs from the top of the page (the body focused, as after a page load) through every control
 * until focus leaves the page or comes back to one it met; how many it met and those whose focus
 * indicator is missing, thinner than 2 px or below 3:1.
 */
async function tabThrough(page) {
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
    window.scrollTo(0, 0);
  });
  const seen = new Set();
  const weak = [];
  let last = null;
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(measureFocus);
    if (f.key === last) continue; // Tab between the parts of one control (a date's day, month, year)
    last = f.key;
    if (f.body || seen.has(f.key)) break;
    seen.add(f.key);
    if (process.env.A11Y_DEBUG) process.stdout.write(`# ${f.tag} ${f.name}: ${JSON.stringify(f.rings)}\n`);
    if (!f.best || f.best.contrast < 3) {
      weak.push(`${f.tag} ${f.name}: ${f.rings.length ? f.rings.map((r) => `${r.kind} ${r.width}px ${r.color} ${r.contrast.toFixed(2)}:1 on ${r.on}`).join('; ') : 'no outline or ring'}`);
    }
  }
  return { count: seen.size, weak };
}

// ---------------------------------------------------------------- tests

test('empty forms: ssl_securesite, code_signing_ev and secure_email_mailbox', async () => {
  const problems = [];
  for (const [vp, page] of pages) {
    for (const product of [PRODUCT, 'code_signing_ev', 'secure_email_mailbox']) {
      await emptyForm(page, product);
      assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
      problems.push(...await check(page, `empty-${product}`, vp));
    }
    await emptyForm(page, PRODUCT);
  }
  assertNone(problems);
});

test('invalid: a field left with a wrong value shows its error', async () => {
  const problems = [];
  for (const [vp, page] of pages) {
    const cn = control(page, 'certificate.common_name');
    await cn.fill('bad name');
    await cn.blur();
    await page.waitForFunction(() => document.querySelector('[name="certificate.common_name"]').getAttribute('aria-invalid') === 'true', null, WAIT);
    problems.push(...await check(page, 'invalid', vp));
  }
  assertNone(problems);
});

test('submitted with errors: the summary; Tab reaches every control, each with a focus indicator of 3:1', async () => {
  const problems = [];
  for (const [vp, page] of pages) {
    await page.locator('#submit').click();
    await page.waitForFunction(() => document.activeElement?.id === 'summary', null, WAIT);
    assert.equal(await page.locator('#summary').getAttribute('role'), 'alert');
    problems.push(...await check(page, 'submitted-errors', vp));

    // Every control, the folded ones too: open every disclosure (axe again, on all the fields), then Tab.
    for (const d of await page.locator('details').all()) await d.evaluate((n) => { n.open = true; });
    problems.push(...await check(page, 'submitted-errors-expanded', vp));
    const tabbed = await tabThrough(page);
    assert.ok(tabbed.count >= 40, `${vp}: Tab reached ${tabbed.count} controls`);
    problems.push(...tabbed.weak.map((w) => `focus indicator on ${vp} below 3:1: ${w}`));
    process.stdout.write(`# ${vp}: tabbed through ${tabbed.count} controls\n`);
  }
  assertNone(problems);
});

test('valid: a complete order, ready to place', async () => {
  const problems = [];
  for (const [vp, page] of pages) {
    await emptyForm(page, PRODUCT);
    await fillSsl(page, 'www.example.com');
    problems.push(...await check(page, 'valid', vp));
  }
  assertNone(problems);
});

// Each failure starts from the valid order (the form stays editable after a failure).
const FAILURES = [
  {
    state: 'failure-refused-key',
    title: /The portal is not allowed to order/,
    behaviors: [{ type: 'status', status: 401, match: 'POST /order/certificate' }],
  },
  {
    state: 'failure-rejected',
    title: /CertCentral rejected the order/,
    behaviors: [{
      type: 'status', status: 400, match: 'POST /order/certificate',
      body: { errors: [
        { code: 'invalid_value:certificate.common_name', message: 'The domain www.example.com is not validated for this organization.' },
        { code: 'invalid_value:organization.id', message: 'Organization 123456 is not active.' },
      ] },
    }],
    after: async (page) => {
      // CertCentral's reasons sit on the fields they name.
      for (const name of ['certificate.common_name', 'organization.id']) {
        assert.equal(await control(page, name).getAttribute('aria-invalid'), 'true', `${name} shows no CertCentral error`);
      }
      assert.ok(await page.locator('#fields .msg-api').count() >= 2);
    },
  },
  {
    state: 'failure-server-error',
    title: /CertCentral could not take the order right now/,
    behaviors: [{ type: 'status', status: 503, match: 'POST /order/certificate' }],
  },
  {
    state: 'failure-rate-limited',
    title: /CertCentral is busy/,
    behaviors: Array.from({ length: 3 }, () => ({ type: 'status', status: 429, retryAfter: 1, match: 'POST /order/certificate' })),
    // While the client waits out Retry-After, the page shows the attempt in progress.
    during: 'failure-rate-limited-retrying',
  },
  {
    state: 'failure-unknown-outcome',
    title: /answer could not be read/,
    behaviors: [{ type: 'not-json', status: 201, match: 'POST /order/certificate' }],
    after: async (page) => assert.equal(await page.locator('#maybe-placed').count(), 1),
  },
  {
    state: 'failure-unreachable',
    // The portal's server answers 502 when CertCentral drops the connection.
    title: /CertCentral could not take the order right now/,
    // Not sent again (it may have gone through): looked up instead.
    after: async (page) => assert.match(await page.locator('#result-advice').textContent(), /HTTP 502\. Try again in a few minutes/),
    behaviors: [{ type: 'reset', match: 'POST /order/certificate' }],
  },
  {
    state: 'failure-held-back',
    // The attempt after the dropped connection: looked up first (none listed), then held back by
    // the portal's server, since CertCentral may still be working on the order it sent.
    title: /The order may still be on its way/,
    behaviors: [],
    after: async (page) => {
      assert.match(await page.locator('#result-advice').textContent(), /got no answer: CertCentral may still create it\. Look it up by that id; it is not sent again before \d\d:\d\d:\d\d UTC\./);
      assert.equal(await page.locator('#maybe-placed').count(), 1);
      assert.equal(await page.locator('#summary').isVisible(), false, 'the hold is not a problem of the order\'s fields');
    },
  },
];

for (const failure of FAILURES) {
  test(`${failure.state}${failure.during ? ' (and while it retries)' : ''}`, async () => {
    const problems = [];
    for (const [vp, page] of pages) {
      if (!(await control(page, 'certificate.common_name').inputValue())) { // run alone (--test-name-pattern)
        await emptyForm(page, PRODUCT);
        await fillSsl(page, 'www.example.com');
      }
      await enqueue(failure.behaviors);
      let result;
      if (failure.during) {
        await page.locator('#submit').click();
        await page.waitForFunction(() => document.querySelector('#submit').textContent.includes('Placing'), null, WAIT);
        // The status (a live region) says why it waits and when it tries again (onRetry).
        await page.waitForFunction(() => /^CertCentral is busy: trying again in \d+ s \(attempt [23]\)$/.test(document.querySelector('#submit-status').textContent), null, WAIT);
        const busy = async () => assert.equal(await page.locator('#order-form').getAttribute('aria-busy'), 'true', `${vp}: the attempt was over`);
        await busy();
        problems.push(...await check(page, failure.during, vp, { stillIn: busy }));
        await page.locator('#result .result-title').waitFor({ timeout: 15_000 });
        await page.waitForFunction(() => !document.querySelector('#submit').textContent.includes('Placing'), null, { timeout: 15_000 });
        result = (await page.locator('#result .result-title').textContent()).trim();
      } else {
        result = await submit(page);
      }
      assert.match(result, failure.title, `${vp}: ${await page.locator('#result').textContent()}`);
      assert.equal(await queued(), 0, `${vp}: the sandbox still has behaviours queued`);
      await failure.after?.(page);
      problems.push(...await check(page, failure.state, vp));
      process.stdout.write(`# ${failure.state} on ${vp}: ${result} — ${(await page.locator('#result-kind').textContent().catch(() => '')).trim()}\n`);
    }
    assertNone(problems);
  });
}

test('placed: the order card, pending, then issued with its downloads', async () => {
  const problems = [];
  for (const [vp, page] of pages) {
    await emptyForm(page, PRODUCT);
    await fillSsl(page, `${vp}.example.com`);
    assert.match(await submit(page), /Order placed/);
    await page.locator('#order-status[data-status="pending"]').waitFor(WAIT);
    problems.push(...await check(page, 'placed', vp));
  }
  for (const [vp, page] of pages) {
    await page.locator('#order-status[data-status="issued"]').waitFor({ timeout: 30_000 });
    await page.locator('#download-pem').waitFor(WAIT);
    problems.push(...await check(page, 'issued', vp));
    // The card's controls (the form is locked): each with its focus indicator.
    const tabbed = await tabThrough(page);
    assert.ok(tabbed.count >= 6, `${vp}: Tab reached ${tabbed.count} controls`);
    problems.push(...tabbed.weak.map((w) => `focus indicator on ${vp} below 3:1: ${w}`));
  }
  assertNone(problems);
});

test('code_signing_ev issued at once: the chain, its download and the PEM shown', async () => {
  const problems = [];
  for (const [vp, page] of pages) {
    await emptyForm(page, 'code_signing_ev');
    await control(page, 'cs_provisioning_method').selectOption('email');
    await control(page, 'certificate.csr').fill(csr('ec256'));
    await control(page, 'organization.id').fill('123456');
    await preset(page, 'order_validity.years', '3 years').check();
    await control(page, 'organization.id').blur();
    await page.waitForFunction(() => /Ready to order/.test(document.querySelector('#submit-status').textContent), null, WAIT);
    await enqueue([{ type: 'created', variant: 'immediate', match: 'POST /order/certificate' }]);
    assert.match(await submit(page), /Order placed/);
    await page.locator('#chain-download').waitFor(WAIT);
    await page.locator('#result details.pem > summary').click();
    problems.push(...await check(page, 'issued-immediately-code_signing_ev', vp));
  }
  await Promise.all([...pages.values()].map((page) => emptyForm(page, PRODUCT)));
  assertNone(problems);
});

// (Their focus indicators: the yes/no boxes and the validity choice are among the controls the
// "submitted with errors" test tabs through.)
test('the new controls: the validity choice with its warning, yes/no boxes, the country list, a multi-domain name list', async () => {
  const problems = [];
  for (const [vp, page] of pages) {
    await emptyForm(page, 'ssl_securesite_multi_domain');
    await page.locator('[data-add="certificate.dns_names"]').click();
    await control(page, 'certificate.dns_names.0').fill('shop.example.com');
    await preset(page, 'validity_years', '1 year').check();
    await page.waitForFunction(() => document.querySelector('[data-group="validity_years"] .msg-warning'), null, WAIT);
    await page.getByLabel('New organization').check();
    await control(page, 'organization.country').selectOption('us');
    for (const d of await page.locator('details').all()) await d.evaluate((n) => { n.open = true; });
    await control(page, 'disable_ct').check();
    problems.push(...await check(page, 'new-controls', vp));
  }
  await Promise.all([...pages.values()].map((page) => emptyForm(page, PRODUCT)));
  assertNone(problems);
});
