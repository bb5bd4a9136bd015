// certcentral-orders/react-hook-form from the packed package: the resolver's answers in Node
// (errors nested by path with `type` = the issue's code, warnings apart, criteriaMode "all",
// react-hook-form's root error), and the example app (examples/react-hook-form: React,
// react-hook-form, Vite) built with Vite and driven in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, exampleBodies, serveStatic, launchChromium } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromApp = createRequire(join(app, 'package.json'));
const { orderResolver } = await import(pathToFileURL(requireFromApp.resolve('certcentral-orders/react-hook-form')));
const cc = await import(pathToFileURL(join(dirname(requireFromApp.resolve('certcentral-orders/package.json')), 'node.mjs')));
const run = promisify(execFile);

const TODAY = '2026-11-22';
const ORDER = exampleBodies(['ssl']).ssl_min;

test('orderResolver: { values } when valid; errors nested by path with the code as type; warnings apart', () => {
  let warned = null;
  const resolver = orderResolver('ssl_securesite', { today: TODAY, onWarnings: (w) => { warned = w; } });
  assert.deepEqual(resolver(ORDER, undefined, { fields: {} }), { values: ORDER, errors: {} });
  assert.deepEqual(warned, []);

  // validity_years 1: valid, with the 200-day warning, which never becomes an error.
  const { validity_days: _, ...undated } = ORDER;
  const warning = { ...undated, validity_years: 1 };
  assert.deepEqual(resolver(warning, undefined, { fields: {} }), { values: warning, errors: {} });
  assert.ok(warned.length > 0 && warned.every((w) => w.severity === 'warning'));

  const bad = { ...ORDER, certificate: { ...ORDER.certificate, signature_hash: 'md5', dns_names: ['ok.example.com', 'bad name'] }, organization: {} };
  const report = cc.validateOrder('ssl_securesite', bad, { today: TODAY });
  const ref = { focus() {} };
  const result = resolver(bad, undefined, { fields: { 'certificate.signature_hash': { ref } } });
  assert.deepEqual(result.values, {});
  const errors = report.issues.filter((i) => i.severity === 'error');
  for (const issue of errors) {
    const got = issue.path.reduce((e, k) => e?.[k], result.errors);
    assert.equal(got?.type, issue.code, issue.field);
    assert.equal(got.message, issue.message);
    assert.equal(got.rule, issue.rule);
  }
  assert.ok(Array.isArray(result.errors.certificate.dns_names), 'a list index makes an array, as react-hook-form expects');
  assert.equal(result.errors.certificate.dns_names[0], undefined);
  assert.equal(result.errors.certificate.signature_hash.ref, ref, 'the field\'s ref, for focus');

  // criteriaMode "all": every code of a field in `types`.
  const all = resolver(bad, undefined, { fields: {}, criteriaMode: 'all' });
  assert.deepEqual(Object.keys(all.errors.certificate.signature_hash.types), [all.errors.certificate.signature_hash.type]);

  // An object's own error joins its fields' errors; a list's goes to its `root`.
  const nested = resolver({ ...ORDER, organization: { id: 5, name: 'x'.repeat(100) } }, undefined, { fields: {} });
  assert.ok(nested.errors.organization.type, 'the organization\'s own error');
  assert.equal(nested.errors.organization.name.type, 'length', 'and its field\'s');
  const listed = resolver({ ...ORDER, certificate: { ...ORDER.certificate, dns_names: Array.from({ length: 300 }, (_, i) => (i === 3 ? 'bad name' : `h${i}.example.com`)) } }, undefined, { fields: {} });
  assert.equal(listed.errors.certificate.dns_names.root.type, 'length', 'the list\'s own error, at root');
  assert.equal(listed.errors.certificate.dns_names[3].type, 'format', 'and its item\'s');

  // Empty boxes are fields not given: required, and left out of the values.
  const empty = resolver({ ...ORDER, certificate: { ...ORDER.certificate, common_name: '' }, validity_days: Number.NaN }, undefined, { fields: {} });
  assert.equal(empty.errors.certificate.common_name.type, 'required');
  const filled = resolver({ ...ORDER, comments: '' }, undefined, { fields: {} });
  assert.deepEqual(filled, { values: ORDER, errors: {} });

  // An unknown product is react-hook-form's root error.
  const root = orderResolver('nonesuch')(ORDER, undefined, { fields: {} });
  assert.equal(root.errors.root.type, 'unknown_product');
});

// ------------------------------------------------------------------------------------------
// The example app

let server, browser;
const exampleDir = join(app, 'react-hook-form-example');
before(async () => {
  rmSync(exampleDir, { recursive: true, force: true });
  for (const part of ['index.html', 'vite.config.js', 'src']) {
    cpSync(join(root, 'examples', 'react-hook-form', part), join(exampleDir, part), { recursive: true });
  }
  // Built from the scratch app, so `certcentral-orders` is the packed package; React,
  // react-hook-form and Vite are the repository's pinned development packages, linked in.
  mkdirSync(join(exampleDir, 'node_modules'), { recursive: true });
  for (const dep of ['react', 'react-dom', 'react-hook-form']) {
    symlinkSync(join(root, 'node_modules', dep), join(exampleDir, 'node_modules', dep), 'dir');
  }
  await run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: exampleDir });
  server = await serveStatic(join(exampleDir, 'dist'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the example app (React + react-hook-form, built by Vite): errors show their code, warnings do not block, a valid order submits', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // (Chromium logs a failed request as a console error too; those are checked by URL below.)
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${server.url}/`);
  await page.locator('form').waitFor({ timeout: 10_000 });

  await page.locator('button[type=submit]').click();
  await page.locator('#f-certificate-common_name-error').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('#f-certificate-common_name-error').getAttribute('data-type'), 'required');
  assert.equal(await page.locator('#f-certificate-csr-error').getAttribute('data-type'), 'required', 'an empty box is a field not given');
  assert.equal(await page.locator('#f-organization-id-error').getAttribute('data-type'), 'required', 'an empty number box too (NaN)');
  assert.equal(await page.locator('#sent').count(), 0, 'an order with errors is not submitted');

  await page.locator('#f-certificate-common_name').fill('exa mple.com');
  await page.locator('button[type=submit]').click();
  await page.waitForFunction(() => document.querySelector('#f-certificate-common_name-error')?.dataset.type === 'format');

  await page.locator('#f-certificate-common_name').fill('example.com');
  await page.locator('#f-certificate-csr').fill(ORDER.certificate.csr);
  await page.locator('#f-organization-id').fill('123456');
  await page.locator('#f-validity_days').fill('199');
  await page.locator('button[type=submit]').click();
  await page.locator('#sent').waitFor({ timeout: 5000 });
  const sent = JSON.parse(await page.locator('#sent').textContent());
  assert.equal(sent.certificate.common_name, 'example.com');
  assert.equal(sent.organization.id, 123456);
  assert.equal(await page.locator('.error').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('orderResolver: hostile values get the answer validateOrder gives, and an error never lands on Object.prototype', () => {
  const resolver = orderResolver('ssl_securesite', { today: TODAY });
  // An order key "__proto__" (a form never makes one, a pasted object may): its error is an
  // own property of the errors, at any depth.
  const top = Object.create(null);
  top.__proto__ = () => 1;
  const nested = { ...ORDER, certificate: Object.create(null) };
  nested.certificate.__proto__ = { pwned: () => 1 };
  for (const values of [top, nested]) {
    const { errors } = resolver(values, undefined, { fields: {} });
    assert.equal(Object.prototype.message, undefined);
    assert.equal(Object.prototype.type, undefined);
    assert.equal(Object.prototype.pwned, undefined);
    assert.ok(Object.keys(errors).length > 0);
  }
  assert.ok(Object.hasOwn(resolver(top, undefined, {}).errors, '__proto__'));
  // A cycle, a nesting deeper than any order, a throwing getter, a revoked Proxy: answered as
  // validateOrder answers them, never thrown.
  const cyclic = { ...ORDER };
  cyclic.self = cyclic;
  let deep = {};
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  const getter = { ...ORDER, get certificate() { throw new Error('getter boom'); } };
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  for (const [what, values] of [['cyclic', cyclic], ['deep', { ...ORDER, deep }], ['getter', getter], ['revoked', proxy]]) {
    const report = cc.validateOrder('ssl_securesite', values, { today: TODAY });
    const { errors } = resolver(values, undefined, { fields: {} });
    assert.equal(report.valid, false, what);
    const paths = report.issues.filter((i) => i.severity === 'error').map((i) => (i.path.length ? i.path : ['root']));
    for (const path of paths) assert.ok(path.reduce((node, k) => node?.[k], errors) !== undefined, `${what}: ${path.join('.')}`);
  }
  // Options that cannot be read: a TypeError when the resolver is made.
  assert.throws(() => orderResolver('ssl_securesite', new Proxy({}, { get() { throw new Error('trap'); } })), TypeError);
});

test('TypeScript: orderResolver is a react-hook-form Resolver of the product\'s body type', async () => {
  const dir = join(exampleDir, 'ts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'consumer.ts'), `
import { useForm, type Resolver } from 'react-hook-form';
import type { SslOrder, CodeSigningOrder } from 'certcentral-orders';
import { orderResolver } from 'certcentral-orders/react-hook-form';
import es from 'certcentral-orders/locales/es';
const resolver: Resolver<SslOrder> = orderResolver('ssl_securesite', { today: '2026-11-22', locale: es, onWarnings: (w) => { void w[0]?.rule; } });
const loose: Resolver<any> = orderResolver('code_signing');
// As the README writes it: useForm infers the values from the resolver.
export function Form() {
  const form = useForm({ resolver: orderResolver('ssl_securesite') });
  const cn: string = form.getValues('certificate.common_name');
  return [form, cn, loose];
}
// @ts-expect-error not a product id
orderResolver('ssl_nonesuch');
// The values are the product's body: a code signing field is not a Secure Site form's.
export function Typed() {
  const form = useForm<SslOrder>({ resolver: orderResolver('ssl_securesite') });
  // @ts-expect-error cs_provisioning_method is a code signing field
  form.getValues('cs_provisioning_method');
  const cs = useForm({ resolver: orderResolver('code_signing') });
  const method: CodeSigningOrder['cs_provisioning_method'] = cs.getValues('cs_provisioning_method');
  return [form, method];
}
export { resolver };
`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    // skipLibCheck: react-hook-form's own declarations import React's, which are not installed here.
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', types: [] },
    include: ['consumer.ts'],
  }));
  try {
    await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

