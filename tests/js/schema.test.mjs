// orderSchema from the packed package: the Standard Schema v1 contract (validate answers
// { value } or { issues }, warnings do not fail, `today` is used), and its JSON Schema
// (Standard Schema 1.1) for every product: ajv compiles it in its default (strict) mode with no
// warning, every example body
// of the case table passes it, wrong types fail it, and the schema agrees with the field tables
// (orderFields) it is made from. In Node and in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, exampleBodies, serveStatic, launchChromium } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromApp = createRequire(join(app, 'package.json'));
const pkgDir = dirname(requireFromApp.resolve('certcentral-orders/package.json'));
const cc = await import(pathToFileURL(join(pkgDir, 'node.mjs')));
const requireFromRoot = createRequire(join(root, 'package.json'));
const Ajv2020 = requireFromRoot('ajv/dist/2020').default;
const Ajv07 = requireFromRoot('ajv').default;

const TODAY = '2026-11-22';
const bases = exampleBodies();
/** Each example body of the case table with the product it is for. */
const EXAMPLES = [
  ['ssl_securesite', bases.ssl_min], ['ssl_securesite', bases.ssl_example],
  ['client_authentication_plus', bases.client_example],
  ['code_signing', bases.cs_min], ['code_signing', bases.cs_example_new],
  ['secure_email_mailbox', bases.secure_email_mailbox_example],
  ['secure_email_sponsor', bases.secure_email_sponsor_example],
  ['secure_email_organization', bases.secure_email_organization_example],
];

test('validate: { value } without errors (warnings allowed), { issues } with each error; today is used', () => {
  const schema = cc.orderSchema('ssl_securesite', { today: TODAY });
  const std = schema['~standard'];
  assert.equal(std.version, 1);
  assert.equal(std.vendor, 'certcentral-orders');
  const order = bases.ssl_min;
  assert.deepEqual(std.validate(order), { value: order });

  // A warning only (the 200-day policy on validity_years): still { value }.
  const { validity_days: _, ...undated } = order;
  const warned = { ...undated, validity_years: 1 };
  assert.ok(cc.validateOrder('ssl_securesite', warned, { today: TODAY }).issues.some((i) => i.severity === 'warning'));
  assert.deepEqual(std.validate(warned), { value: warned });

  const bad = { ...order, certificate: { ...order.certificate, signature_hash: 'md5' }, validity_days: 'long' };
  const report = cc.validateOrder('ssl_securesite', bad, { today: TODAY });
  const result = std.validate(bad);
  assert.equal(result.value, undefined);
  assert.deepEqual(result.issues, report.issues.filter((i) => i.severity === 'error'));
  assert.deepEqual(result.issues.map((i) => i.path.join('.')).sort(), ['certificate.signature_hash', 'validity_days']);

  // `today` decides date rules: a date a year before that today is in the past.
  const dated = { ...undated, custom_expiration_date: '2026-12-01' };
  assert.ok('value' in cc.orderSchema('ssl_securesite', { today: TODAY })['~standard'].validate(dated));
  assert.ok('issues' in cc.orderSchema('ssl_securesite', { today: '2027-01-01' })['~standard'].validate(dated));

  // Any value, any product string: an answer, never a throw.
  for (const v of [null, 'x', 42, [], new Date(0)]) assert.ok(std.validate(v).issues.length > 0);
  const unknown = cc.orderSchema('nonesuch')['~standard'].validate(order);
  assert.equal(unknown.issues[0].code, 'unknown_product');
});

/** ajv as a user gets it (its default strict mode), failing on anything it would only log. */
const ajvWarnings = [];
const logger = { log() {}, warn: (...m) => ajvWarnings.push(m.join(' ')), error: (...m) => ajvWarnings.push(m.join(' ')) };
const ajv2020 = () => new Ajv2020({ allErrors: true, logger });
const ajv07 = () => new Ajv07({ allErrors: true, logger });

test('jsonSchema: every product, every target; ajv compiles it with no warning; the example bodies pass; wrong types fail', () => {
  for (const { id } of cc.products()) {
    const std = cc.orderSchema(id)['~standard'];
    const s2020 = std.jsonSchema.input({ target: 'draft-2020-12' });
    const s07 = std.jsonSchema.output({ target: 'draft-07' });
    const openapi = std.jsonSchema.input({ target: 'openapi-3.0' });
    assert.equal(s2020.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(s07.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(openapi.$schema, undefined);
    const { $schema: _a, ...body2020 } = s2020;
    const { $schema: _b, ...body07 } = s07;
    assert.deepEqual(body2020, body07);
    assert.deepEqual(body2020, openapi);
    ajv2020().compile(s2020);
    ajv07().compile(s07);
    assert.deepEqual(ajvWarnings, [], id);
    // ajv's strict: true (strictRequired, strictTypes, strictTuples on) throws on what it would
    // only log by default: a `required` field not defined beside it among them.
    new Ajv2020({ allErrors: true, strict: true, logger }).compile(s2020);
    new Ajv07({ allErrors: true, strict: true, logger }).compile(s07);
    assert.deepEqual(ajvWarnings, [], `${id}, strict`);

    // Agrees with the field tables: each top-level field, its type and whether it is required.
    const fields = cc.orderFields(id);
    assert.deepEqual(Object.keys(s2020.properties), fields.map((f) => f.name));
    assert.deepEqual(s2020.required ?? [], fields.filter((f) => f.required).map((f) => f.name), id);
    for (const f of fields) {
      const type = { list: 'array' }[f.kind] ?? f.kind;
      assert.equal(s2020.properties[f.name].type, type, `${id} ${f.name}`);
    }
  }
  for (const [product, body] of EXAMPLES) {
    assert.equal(cc.validateOrder(product, body, { today: TODAY }).valid, true, `${product}: the example is valid`);
    const validate = ajv2020().compile(cc.orderSchema(product)['~standard'].jsonSchema.input({ target: 'draft-2020-12' }));
    assert.equal(validate(body), true, `${product}: ${JSON.stringify(validate.errors)}`);
    for (const wrong of [{ ...body, certificate: 'x' }, { ...body, organization: [] }, { ...body, payment_method: 'bitcoin' }]) {
      assert.equal(validate(wrong), false, `${product}: ${JSON.stringify(wrong).slice(0, 80)}`);
    }
  }
  // The schema never refuses what validation accepts: each field it requires, left out of an
  // example body, is an error of validateOrder too (the Secure Email organization, only a
  // warning there, is not required by the schema).
  for (const [product, body] of EXAMPLES) {
    const schema = cc.orderSchema(product)['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
    for (const name of schema.required ?? []) {
      const { [name]: _, ...without } = body;
      assert.equal(cc.validateOrder(product, without, { today: TODAY }).valid, false, `${product}: ${name} is required by the schema but not by validation`);
    }
  }
  const sponsor = { ...bases.secure_email_sponsor_example };
  delete sponsor.organization;
  assert.equal(cc.validateOrder('secure_email_sponsor', sponsor, { today: TODAY }).valid, true);
  assert.equal(ajv2020().compile(cc.orderSchema('secure_email_sponsor')['~standard'].jsonSchema.input({ target: 'draft-2020-12' }))(sponsor), true);

  // The organization: an existing id, or the new organization's required details.
  const org = cc.orderSchema('ssl_securesite')['~standard'].jsonSchema.input({ target: 'draft-2020-12' }).properties.organization;
  assert.deepEqual(org.anyOf.map((a) => a.required[0]), ['id', 'name']);
  assert.throws(() => cc.orderSchema('ssl_securesite')['~standard'].jsonSchema.input({ target: 'draft-04' }), /target "draft-04" is not supported/);
  assert.throws(() => cc.orderSchema('nonesuch')['~standard'].jsonSchema.input({ target: 'draft-07' }), /unknown product/);
  // Whatever is handed over: the same Error, its message bounded.
  const cyclic = {};
  cyclic.self = cyclic;
  const input = (product, params) => () => cc.orderSchema(product)['~standard'].jsonSchema.input(params);
  for (const [what, call, message] of [
    ['no params', input('ssl_securesite', null), /^orderSchema: JSON Schema target undefined is not supported/],
    ['an object target', input('ssl_securesite', { target: { toString() { throw new Error('boom'); } } }), /target object is not supported/],
    ['a bigint product', input(10n, { target: 'draft-07' }), /^orderSchema: unknown product bigint$/],
    ['a cyclic product', input(cyclic, { target: 'draft-07' }), /^orderSchema: unknown product object$/],
    ['a long product', input('x'.repeat(10_000_000), { target: 'draft-07' }), /^orderSchema: unknown product "x{60}"$/],
  ]) {
    assert.throws(call, (e) => e instanceof Error && message.test(e.message), what);
  }
});

// ------------------------------------------------------------------------------------------

const PAGE = `<!doctype html><title>schema</title>
<script type="importmap">{ "imports": { "certcentral-orders": "/node_modules/certcentral-orders/browser.js" } }</script>
<script type="module">
  import * as cc from 'certcentral-orders';
  window.cc = cc;
  window.__ready = true;
</script>`;

let server, browser;
before(async () => {
  await writeFile(join(app, 'schema-browser.html'), PAGE);
  server = await serveStatic(app);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('Chromium: the same answers and schemas as Node', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/schema-browser.html`);
  await page.waitForFunction(() => window.__ready === true);
  const bad = { ...bases.ssl_min, validity_days: 'long' };
  const got = await page.evaluate(([good, wrong, today]) => {
    const std = window.cc.orderSchema('ssl_securesite', { today })['~standard'];
    return { good: std.validate(good), wrong: std.validate(wrong), schema: std.jsonSchema.input({ target: 'draft-07' }) };
  }, [bases.ssl_min, bad, TODAY]);
  const std = cc.orderSchema('ssl_securesite', { today: TODAY })['~standard'];
  assert.deepEqual(got, { good: std.validate(bases.ssl_min), wrong: std.validate(bad), schema: std.jsonSchema.input({ target: 'draft-07' }) });
  await page.close();
});
