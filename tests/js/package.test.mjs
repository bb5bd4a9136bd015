// The installed package works the ways its README promises: Node ESM and CommonJS (one shared
// instance), TypeScript under --strict with both module resolutions, a Vite build and a plain
// import-map page in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, writeFile, readFile, readdir } from 'node:fs/promises';
import { cpSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { app, nodeIn, serveStatic, launchChromium } from './helpers.mjs';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

// A small order that is wrong in three ways; every host must say the same three things.
const brokenOrder = { certificate: { common_name: 'a_b.example.com', signature_hash: 'md5' }, organization: { id: 1 }, validity_years: 4 };
const expectedFields = ['certificate.common_name:format', 'certificate.signature_hash:enum', 'certificate.csr:required', 'validity_years:range'].sort();
const summarize = `r => JSON.stringify({ valid: r.valid, issues: r.issues.filter(i => i.severity === 'error').map(i => i.field + ':' + i.code).sort() })`;

test('Node ESM: import works without an init call', async () => {
  const out = await nodeIn(['--input-type=module', '-e', `
    import { validateOrder, products } from 'certcentral-orders';
    const s = ${summarize};
    console.log(JSON.stringify({ n: products().length, r: JSON.parse(s(validateOrder('ssl_securesite', ${JSON.stringify(brokenOrder)}, { today: '2026-11-22' }))) }));
  `]);
  const { n, r } = JSON.parse(out);
  assert.equal(n, 14);
  assert.equal(r.valid, false);
  assert.deepEqual(r.issues, expectedFields);
});

test('Node CommonJS: require works', async () => {
  const out = await nodeIn(['-e', `
    const { validateOrder } = require('certcentral-orders');
    const s = ${summarize};
    console.log(s(validateOrder('ssl_securesite', ${JSON.stringify(brokenOrder)}, { today: '2026-11-22' })));
  `]);
  assert.deepEqual(JSON.parse(out).issues, expectedFields);
});

// node.mjs and node.cjs are separate glues (the ESM one skips Node's CommonJS loader); whichever
// loads first registers its exports and the other hands out the same ones.
const sameInstance = `async (esm, cjs) => JSON.stringify({
  same: ['CertCentralClient', 'cleanOrder', 'cleanValue', 'formatIssue', 'inspectCsr', 'orderFields', 'orderSchema', 'products', 'registerLocale', 'validateOrder', 'CertCentralError'].filter((k) => typeof esm[k] === 'function' && esm[k] === cjs[k]),
  keys: Object.keys(cjs).sort(),
  // An invalid order is refused before anything is sent (and the base URL is loopback anyway).
  crossInstanceof: await new cjs.CertCentralClient({ baseUrl: 'http://127.0.0.1:9' }).orderCertificate('ssl_securesite', {})
    .then(() => 'resolved', (e) => e instanceof esm.CertCentralError && e.kind === 'validation'),
  globals: Object.keys(globalThis).filter((k) => k.includes('certcentral')),
  reports: [esm, cjs].map((m) => m.validateOrder('ssl_securesite', {}).issues.length),
})`;
const sharedExpected = {
  same: ['CertCentralClient', 'cleanOrder', 'cleanValue', 'formatIssue', 'inspectCsr', 'orderFields', 'orderSchema', 'products', 'registerLocale', 'validateOrder', 'CertCentralError'],
  keys: ['CertCentralClient', 'CertCentralError', 'cleanOrder', 'cleanValue', 'formatIssue', 'inspectCsr', 'orderFields', 'orderSchema', 'products', 'registerLocale', 'validateOrder'],
  crossInstanceof: true,
  globals: [],
};

for (const [order, load] of [
  ['import, then require', `import * as esm from 'certcentral-orders';
    import { createRequire } from 'node:module';
    const cjs = createRequire(import.meta.url)('certcentral-orders');`],
  ['require, then import', `import { createRequire } from 'node:module';
    const cjs = createRequire(import.meta.url)('certcentral-orders');
    const esm = await import('certcentral-orders');`],
]) {
  test(`Node: ${order}, share one instance`, async () => {
    const out = await nodeIn(['--input-type=module', '-e', `
    ${load}
    console.log(await (${sameInstance})(esm, cjs));
  `]);
    const got = JSON.parse(out);
    assert.deepEqual({ ...got, reports: undefined }, { ...sharedExpected, reports: undefined });
    assert.ok(got.reports[0] > 0 && got.reports[0] === got.reports[1], `reports: ${got.reports}`);
  });
}

// From `import`, CertCentralClient stands for the class of the client's own glue (client.cjs,
// loaded on first use): `new` and `instanceof` work as on any class, a subclass keeps its own
// methods and the base ones, and a client made before any other is an instance too.
test('certcentral-orders/web: a call before init() says to call init(); after initSync() the same calls answer', async () => {
  // A portal developer who forgets init(): before, validateOrder threw "Cannot read properties of
  // undefined (reading 'validateTape')".
  const out = await nodeIn(['--input-type=module', '-e', `
    import { readFileSync } from 'node:fs';
    import { createRequire } from 'node:module';
    import { initSync, validateOrder, inspectCsr, orderFields, orderSchema, cleanOrder, formatIssue } from 'certcentral-orders/web';
    const issue = { rule: 'field.required', field: 'certificate.common_name', message: 'certificate.common_name is required.', params: {} };
    const calls = {
      validateOrder: () => validateOrder('ssl_securesite', {}).valid,
      inspectCsr: () => inspectCsr('x').valid,
      orderFields: () => orderFields('ssl_securesite').length > 0,
      orderSchema: () => 'issues' in orderSchema('ssl_securesite')['~standard'].validate({}),
      // These answer anything else without a throw: they did so here too, silently wrong.
      cleanOrder: () => cleanOrder('ssl_securesite', { certificate: { common_name: ' a.example.com ' } }).certificate.common_name,
      formatIssue: () => formatIssue(issue, { product: 'ssl_securesite', style: 'form' }),
    };
    const each = () => Object.fromEntries(Object.entries(calls).map(([k, f]) => {
      try { return [k, f()]; } catch (e) { return [k, e.constructor.name + ': ' + e.message]; }
    }));
    const before = each();
    const wasm = createRequire(import.meta.url).resolve('certcentral-orders/web').replace(/web\\.js$/, 'certcentral_orders_bg.wasm');
    initSync({ module: readFileSync(wasm) });
    console.log(JSON.stringify({ before, after: each() }));
  `]);
  const { before, after } = JSON.parse(out);
  const told = 'Error: certcentral-orders/web: call init() or initSync() first';
  assert.deepEqual(before, { validateOrder: told, inspectCsr: told, orderFields: told, orderSchema: told, cleanOrder: told, formatIssue: told });
  assert.deepEqual(after, { validateOrder: false, inspectCsr: false, orderFields: true, orderSchema: true, cleanOrder: 'a.example.com', formatIssue: 'Common name is required.' });
});

test('Node ESM: CertCentralClient behaves as a class (instanceof, subclasses, errors of the exported class)', async () => {
  const out = await nodeIn(['--input-type=module', '-e', `
    import { CertCentralClient, CertCentralError } from 'certcentral-orders';
    class Mine extends CertCentralClient {
      hello() { return 'mine'; }
    }
    const mine = new Mine({ baseUrl: 'http://127.0.0.1:9' });
    const plain = new CertCentralClient({ baseUrl: 'http://127.0.0.1:9' });
    const error = await mine.orderCertificate('ssl_securesite', {}).then(() => null, (e) => e);
    // A stub on the prototype reaches every client, as on a class of its own.
    const real = CertCentralClient.prototype.getOrder;
    CertCentralClient.prototype.getOrder = async () => 'stubbed';
    const stubbed = [await plain.getOrder(1), await mine.getOrder(1)];
    CertCentralClient.prototype.getOrder = real;
    console.log(JSON.stringify({
      stubbed,
      shape: [Object.getPrototypeOf(plain) === CertCentralClient.prototype, plain.constructor === CertCentralClient, mine.constructor === Mine],
      mine: [mine instanceof Mine, mine instanceof CertCentralClient, mine.hello(), typeof mine.orderCertificate],
      plain: [plain instanceof CertCentralClient, plain instanceof Mine, typeof plain.getOrder],
      others: [{} instanceof CertCentralClient, null instanceof CertCentralClient],
      error: [error instanceof CertCentralError, error?.kind],
    }));
  `]);
  assert.deepEqual(JSON.parse(out), {
    stubbed: ['stubbed', 'stubbed'],
    shape: [true, true, true],
    mine: [true, true, 'mine', 'function'],
    plain: [true, false, 'function'],
    others: [false, false],
    error: [true, 'validation'],
  });
});

// certcentral-orders/validate: the API without CertCentralClient. In Node it hands out the main
// entry's functions (the same instance); bundlers get validate.js, its own smaller wasm inside,
// which must judge every order exactly as the main wasm does (the same rules, built twice).
test('certcentral-orders/validate: Node ESM and CommonJS give the main entry\'s functions, without the client', async () => {
  const out = await nodeIn(['--input-type=module', '-e', `
    import * as v from 'certcentral-orders/validate';
    import * as main from 'certcentral-orders';
    import { createRequire } from 'node:module';
    const cjs = createRequire(import.meta.url)('certcentral-orders/validate');
    console.log(JSON.stringify({
      esm: Object.keys(v).sort(), cjs: Object.keys(cjs).sort(),
      same: Object.keys(v).every((k) => v[k] === main[k] && cjs[k] === main[k]),
    }));
  `]);
  const got = JSON.parse(out);
  const expected = sharedExpected.keys.filter((k) => k !== 'CertCentralClient').sort();
  assert.deepEqual(got.esm, expected);
  assert.deepEqual(got.cjs, expected);
  assert.equal(got.same, true);
});

test('certcentral-orders/validate: its own wasm (validate.js, as bundlers get it) reports exactly what the main entry does', async () => {
  const orders = JSON.stringify([
    ['ssl_securesite', brokenOrder],
    ['ssl_securesite', {}],
    ['code_signing', { certificate: { common_name: 'x' }, validity_years: 9 }],
    ['client_authentication_plus', null],
    ['secure_email_mailbox', { certificate: { emails: ['not an address'] } }],
    ['no_such_product', {}],
  ]);
  const out = await nodeIn(['--input-type=module', '-e', `
    import { createRequire } from 'node:module';
    import { pathToFileURL } from 'node:url';
    const require = createRequire(import.meta.url);
    const dir = require.resolve('certcentral-orders/package.json').replace(/package\\.json$/, '');
    const small = await import(pathToFileURL(dir + 'validate.js').href);
    const main = await import(pathToFileURL(dir + 'embedded.js').href);
    const de = (await import('certcentral-orders/locales/de')).default;
    small.registerLocale(de);
    main.registerLocale(de);
    const orders = ${orders};
    const both = (f) => orders.map(([p, o]) => [f(small, p, o), f(main, p, o)]);
    console.log(JSON.stringify({
      keys: [Object.keys(small).sort(), Object.keys(main).sort()],
      client: typeof small.CertCentralClient,
      reports: both((m, p, o) => JSON.stringify(m.validateOrder(p, o, { today: '2026-11-22' }))),
      german: both((m, p, o) => JSON.stringify(m.validateOrder(p, o, { today: '2026-11-22', locale: 'de' }))),
      form: both((m, p, o) => m.validateOrder(p, o, { today: '2026-11-22' }).issues.map((i) => m.formatIssue(i, { product: p, style: 'form' })).join('|')),
      fields: both((m, p) => JSON.stringify(m.orderFields(p, { today: '2026-11-22' }))),
      products: JSON.stringify(small.products()) === JSON.stringify(main.products()),
    }));
  `]);
  const got = JSON.parse(out);
  // The bundlers' files export what Node's entries do (and their declarations say): nothing
  // more, such as an init() that only certcentral-orders/web needs.
  assert.deepEqual(got.keys, [sharedExpected.keys.filter((k) => k !== 'CertCentralClient'), sharedExpected.keys]);
  assert.equal(got.client, 'undefined');
  assert.equal(got.products, true);
  for (const key of ['reports', 'german', 'form', 'fields']) {
    for (const [i, [small, main]] of got[key].entries()) assert.equal(small, main, `${key} of order ${i}`);
  }
  // Not vacuous: the broken order has its errors, in words.
  assert.match(got.reports[0][0], /"valid":false/);
  assert.ok(got.form[0][0].length > 20);
});

// A page that bundles both entries has two modules, each with the support code inside: the error
// class must still be one, as the types say (validate.d.ts re-exports the main entry's).
test('certcentral-orders/validate and the main entry, as bundlers get them: one CertCentralError class', async () => {
  const out = await nodeIn(['--input-type=module', '-e', `
    import { createRequire } from 'node:module';
    import { pathToFileURL } from 'node:url';
    const require = createRequire(import.meta.url);
    const dir = require.resolve('certcentral-orders/package.json').replace(/package\\.json$/, '');
    const small = await import(pathToFileURL(dir + 'validate.js').href);
    const main = await import(pathToFileURL(dir + 'embedded.js').href);
    const client = new main.CertCentralClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:1' });
    const e = await client.orderCertificate('ssl_securesite', {}).catch((x) => x);
    const double = new small.CertCentralError('made by a test', { kind: 'api', status: 500, errors: undefined });
    console.log(JSON.stringify({
      same: small.CertCentralError === main.CertCentralError,
      instance: e instanceof small.CertCentralError && e instanceof main.CertCentralError,
      kind: e.kind,
      double: [double instanceof main.CertCentralError, double.name, double.kind, double.status, double.errors, double.issues, double.attempts, double.outcomeUnknown],
    }));
  `]);
  const got = JSON.parse(out);
  assert.equal(got.kind, 'validation');
  assert.equal(got.same, true);
  assert.equal(got.instance, true);
  assert.deepEqual(got.double, [true, 'CertCentralError', 'api', 500, [], [], 0, false]);
});

test('package.json: version, files, exports, engines', async () => {
  const pkg = JSON.parse(await readFile(join(app, 'node_modules', 'certcentral-orders', 'package.json'), 'utf8'));
  const cargo = await readFile(join(root, 'Cargo.toml'), 'utf8');
  assert.equal(pkg.version, cargo.match(/^version = "(.+)"/m)[1]);
  // The versions whose `require` loads an ES module (the subpaths are ES modules only); the tests
  // run on Node 20 (tests/js/consumers.test.mjs requires every subpath).
  assert.equal(pkg.engines.node, '^20.19.0 || >=22.12.0');
  const [major, minor] = process.versions.node.split('.').map(Number);
  assert.ok((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22, `Node ${process.version} is in engines`);
  assert.ok(Array.isArray(pkg.files) && pkg.files.includes('certcentral_orders_bg.wasm'));
  assert.ok(pkg.exports['.'] && pkg.exports['./web'] && pkg.exports['./validate']);
  assert.ok(pkg.license);
});

// The package is built on some machine, and must not say which: a file name std's code kept for
// a panic's location once left the builder's toolchain path in both wasm files
// (-Zlocation-detail=none in the Makefile).
test('package files: no path of the machine that built them', async () => {
  const dir = join(app, 'node_modules', 'certcentral-orders');
  const files = (await readdir(dir, { recursive: true })).filter((f) => /\.(wasm|js|mjs|cjs|ts|cts|json|md)$/.test(f));
  assert.ok(files.length > 20 && files.includes('certcentral_orders_validate_bg.wasm'), 'every file is read');
  const paths = /\/(root|home|Users|tmp|work)\/|\.cargo\/registry|\.rustup\/|rustlib\/src/;
  for (const f of files) {
    const text = (await readFile(join(dir, f))).toString('latin1');
    const hit = text.match(paths);
    assert.equal(hit, null, `${f}: ${hit && text.slice(Math.max(0, hit.index - 40), hit.index + 60)}`);
  }
});

const consumerTs = `
import { validateOrder, products, orderFields } from 'certcentral-orders';
import type { ValidationReport, Issue, Code, SslOrder, OrderResponse, ProductInfo, RequestStatus, SecureEmailOrder, OrderRequest } from 'certcentral-orders';

const order: SslOrder = {
  certificate: { common_name: 'example.com', csr: '-----BEGIN CERTIFICATE REQUEST-----', signature_hash: 'sha256', dns_names: ['www.example.com'] },
  organization: { id: 123456 },
  validity_years: 1,
  dcv_method: 'dns-txt-token',
};
const report: ValidationReport = validateOrder('ssl_securesite', order, { today: '2026-11-22' });
const first: Issue | undefined = report.issues[0];
const code: Code | undefined = first?.code;
const fromUnknown: ValidationReport = validateOrder('ssl_securesite', JSON.parse('null') as unknown);
const list: ProductInfo[] = products();
const retired: string[] = list.filter((p) => p.status === 'retired').flatMap((p) => [p.retiredOn ?? '', ...(p.replacedBy ?? [])]);
const smime: SecureEmailOrder = {
  certificate: { emails: ['alice@example.com'], profile_type: 'strict', usage_designation: { primary_usage: 'signing', additional_usages: ['non_repudiation'] } },
  order_validity: { years: 1 },
};
const anyOrder: OrderRequest = smime;
const status: RequestStatus = 'on_hold';
function handle(r: OrderResponse): number { return r.requests?.[0]?.id ?? r.id; }
export { report, code, fromUnknown, list, retired, anyOrder, status, handle };

// The whole job: place, wait, download, and what comes after.
import { CertCentralClient, CertCentralError } from 'certcentral-orders';
import type { OrderInfo, OrderRef, OrderStatus, CertificateDownload, DcvStatus, RevokeResult, ReissueResult, ReissuedCertificate } from 'certcentral-orders';
export async function job(client: CertCentralClient): Promise<string | undefined> {
  const placed: OrderResponse = await client.orderCertificate('ssl_securesite', { ...order, alternative_order_id: 'job-1' });
  const recovered: boolean | undefined = placed.recovered;
  const seen: OrderStatus[] = [];
  const issued: OrderInfo = await client.waitForIssuance(placed.id, { intervalMs: 5000, timeoutMs: 600000, onStatus: (o) => { seen.push(o.status); } });
  const serial: string | undefined = issued.certificate?.serial_number;
  const file: CertificateDownload = await client.downloadCertificate({ orderId: issued.id }, { format: 'pem_all' });
  const bytes: Uint8Array = file.bytes;
  const again: OrderInfo = await client.getOrder(String(placed.id));
  const refs: OrderRef[] = await client.findOrdersByAlternativeId('job-1');
  const changed: OrderRef[] = await client.statusChanges({ minutes: 10 });
  const dcv: DcvStatus = await client.checkDcv(placed.id);
  const revoked: RevokeResult = await client.revokeCertificate(issued.certificate?.id ?? 0, { reason: 'superseded', skipApproval: true });
  const reissued: ReissueResult = await client.reissueOrder(placed.id, { certificate: { common_name: 'example.com', csr: '...' } }, { product: 'ssl_securesite' });
  const reissues: ReissuedCertificate[] = await client.listReissues(placed.id, { showArchived: true });
  const mine: boolean = reissues.some((r) => r.status === 'pending' && r.csr === '...');
  // @ts-expect-error showArchived is a boolean
  await client.listReissues(placed.id, { showArchived: 'yes' });
  await client.cancelOrder(placed.id, { note: 'Ordered twice.' });
  try {
    await client.waitForIssuance(placed.id);
    await client.waitForIssuance(placed.id, { statusChanges: true });
    // @ts-expect-error statusChanges is a boolean
    await client.waitForIssuance(placed.id, { statusChanges: 'yes' });
  } catch (e) {
    if (e instanceof CertCentralError && e.kind === 'order_state') seen.push(e.orderStatus ?? 'unknown');
  }
  // @ts-expect-error not a revocation reason the API knows
  await client.revokeCertificate(1, { reason: 'lost' });
  // @ts-expect-error a download names an order or a certificate
  await client.downloadCertificate({ id: 1 });
  void [recovered, serial, bytes, again, refs, changed, dcv, revoked, reissued, new CertCentralClient({ rateLimits: false }), new CertCentralClient({ rateLimits: [{ requests: 10, windowMs: 1000 }] })];
  return file.pem;
}

// The CSR: what a form fills itself from.
import { inspectCsr } from 'certcentral-orders';
import type { CsrInfo, KeyAlgorithm } from 'certcentral-orders';
const info: CsrInfo = inspectCsr(undefined);
const algorithm: KeyAlgorithm | undefined = info.key?.algorithm;
const names: string[] = [...info.dnsNames, ...info.emails, ...info.ipAddresses, ...info.organizationalUnits];
const cn: string | undefined = info.commonName;
const why: string | undefined = info.issues[0]?.message;
// @ts-expect-error the algorithms are a closed list
const notAnAlgorithm: KeyAlgorithm = 'dsa';
export { algorithm, names, cn, why, notAnAlgorithm };

// A Standard Schema (and its JSON Schema) wherever one is taken.
import { orderSchema } from 'certcentral-orders';
import type { StandardSchemaV1, StandardJSONSchemaV1 } from '@standard-schema/spec';
const schema = orderSchema('ssl_securesite', { today: '2026-11-22' });
const standard: StandardSchemaV1<unknown, OrderRequest> = schema;
const withJson: StandardJSONSchemaV1<unknown, OrderRequest> = schema;
const checked = schema['~standard'].validate({});
const firstProblem: string | undefined = checked.issues?.[0]?.message;
const jsonSchema: Record<string, unknown> = withJson['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
export { standard, firstProblem, jsonSchema };

// Products in the types: each product takes its family's body, and only known ids.
import type { ProductId, OrderFor, CodeSigningOrder } from 'certcentral-orders';
const product: ProductId = 'code_signing_ev';
const csBody: OrderFor<'code_signing_ev'> = { certificate: { signature_hash: 'sha256', server_platform: { id: -1 } }, organization: { id: 1 }, order_validity: { years: 1 }, cs_provisioning_method: 'client_app' };
const csAsCs: CodeSigningOrder = csBody;
const sslBody: OrderFor<'ssl_securesite'> = order;
export async function typed(client: CertCentralClient): Promise<void> {
  await client.orderCertificate(product, csBody);
  await client.orderCertificate('ssl_securesite_wildcard', sslBody);
  // @ts-expect-error a code signing body is not a Secure Site order
  await client.orderCertificate('ssl_securesite', csBody);
  // @ts-expect-error not a product id
  await client.orderCertificate('ssl_nonesuch', sslBody);
  // @ts-expect-error an S/MIME body is not a client certificate order
  await client.orderCertificate('client_authentication_plus', smime);
}
// validateOrder and orderFields still take any string (an unknown product is an issue, not a crash).
const anyProduct: string = JSON.parse('"whatever"');
const verdict: ValidationReport = validateOrder(anyProduct, {});
const typedSchema = orderSchema('code_signing');
const checkedBody = typedSchema['~standard'].validate({});
const bodyOut: CodeSigningOrder | undefined = checkedBody.issues ? undefined : checkedBody.value;
export { csAsCs, verdict, bodyOut };

// Where the rules have literal values, the types do too (generated from the field tables).
import type { ClientOrder, SslSignatureHash, CodeSigningOrderValidityYears } from 'certcentral-orders';
const hashes: SslSignatureHash[] = ['sha256', 'sha384', 'sha512'];
const years: CodeSigningOrderValidityYears = 3;
// @ts-expect-error Secure Site orders are plans of 1 to 3 years
const tooLong: SslOrder = { ...order, validity_years: 4 };
// @ts-expect-error code signing takes sha256 only
const csHash: CodeSigningOrder = { ...csBody, certificate: { ...csBody.certificate, signature_hash: 'sha384' } };
// @ts-expect-error code signing's order_validity.years is 1 to 3
const csYears: CodeSigningOrder = { ...csBody, order_validity: { years: 4 } };
// @ts-expect-error client certificates take sha256 only
const clientHash: ClientOrder['certificate']['signature_hash'] = 'sha512';
export { hashes, years, tooLong, csHash, csYears, clientHash };

// Messages in the user's language.
import { registerLocale, formatIssue } from 'certcentral-orders';
import type { LocaleCatalog } from 'certcentral-orders';
import es from 'certcentral-orders/locales/es';
import ja from 'certcentral-orders/locales/ja';
const catalog: LocaleCatalog = es;
const registered: string = registerLocale(ja);
const spanish: ValidationReport = validateOrder('ssl_securesite', {}, { locale: catalog });
const byName: string = formatIssue(spanish.issues[0]!, { locale: 'ja', product: 'ssl_securesite' });
const labels: string[] = orderFields('ssl_securesite', { locale: 'es' }).map((f) => f.label);
const csrInfo: CsrInfo = inspectCsr('', { locale: es });
// @ts-expect-error a locale is a catalog or a name, not a number
validateOrder('ssl_securesite', {}, { locale: 42 });
export { registered, byName, labels, csrInfo };
// products() gives product ids, which every typed call takes.
const schemas = products().map((p) => orderSchema(p.id));
const replacements: ProductId[] = products().flatMap((p) => p.replacedBy ?? []);
const firstError = orderSchema('ssl_securesite')['~standard'].validate({}).issues?.[0];
const again: string = firstError ? formatIssue(firstError, 'es') : '';
export { schemas, replacements, again };
// Plain words for the person filling in the form, and their input made ready to send.
import { cleanValue, cleanOrder } from 'certcentral-orders';
import type { FormatIssueOptions } from 'certcentral-orders';
const formOptions: FormatIssueOptions = { locale: es, product: 'ssl_securesite', style: 'form' };
const forPerson: string = formatIssue(spanish.issues[0]!, formOptions);
const inEnglish: string = formatIssue(spanish.issues[0]!, { style: 'api' });
// @ts-expect-error a style is "api" or "form"
formatIssue(spanish.issues[0]!, { style: 'plain' });
const commonName = orderFields('ssl_securesite', { today: '2026-11-22' }).find((f) => f.path === 'certificate.common_name');
const host: string = cleanValue(' https://www.example.com/ ', commonName);
const cleaned: SslOrder = cleanOrder('ssl_securesite', order);
export { forPerson, inEnglish, host, cleaned };
`;

async function tsc(dir, compilerOptions, files) {
  await mkdir(dir, { recursive: true });
  // The Standard Schema interfaces (types only) the consumer checks orderSchema against.
  cpSync(join(root, 'node_modules', '@standard-schema'), join(app, 'node_modules', '@standard-schema'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', types: [], ...compilerOptions },
    include: Object.keys(files),
  }));
  try {
    await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
}

// The validation entry's types: its functions and the types of the package; no client value.
const VALIDATE_TS = `import { validateOrder, formatIssue, orderFields } from 'certcentral-orders/validate';
import type { ValidationReport, Issue, FieldInfo } from 'certcentral-orders/validate';
const r: ValidationReport = validateOrder('ssl_securesite', {});
const i: Issue | undefined = r.issues[0];
const f: FieldInfo[] = orderFields('ssl_securesite');
export const words: string = i === undefined ? '' : formatIssue(i, { style: 'form' }) + f.length;
import { CertCentralClient } from 'certcentral-orders/validate';
// @ts-expect-error: the validation entry has no client (only its type, exported as a type)
void CertCentralClient;
`;

test('TypeScript: a consumer compiles under --strict with moduleResolution nodenext (ESM and CJS)', async () => {
  await tsc(join(app, 'ts-nodenext'), { module: 'nodenext', moduleResolution: 'nodenext' }, {
    'consumer.ts': consumerTs,
    // A catalog as CommonJS gets it (its module, the catalog under default) is a locale too.
    'consumer.cts': `import cc = require('certcentral-orders');\nimport es = require('certcentral-orders/locales/es');\ncc.registerLocale(es);\nconst r: cc.ValidationReport = cc.validateOrder('code_signing', {}, { locale: es });\nexport = r;\n`,
    'validate.ts': VALIDATE_TS,
    'validate.cts': `import v = require('certcentral-orders/validate');\nconst r: v.ValidationReport = v.validateOrder('code_signing', {});\nexport = r;\n`,
  });
});

// Under exactOptionalPropertyTypes an optional property takes an explicit `undefined` only when
// its type says so; every option of the package reads `undefined` as left out, and its types say
// that too (an API key from process.env is a string or undefined).
const EXACT_TS = `import { CertCentralClient, CertCentralError, validateOrder, orderFields, inspectCsr, formatIssue, orderSchema } from 'certcentral-orders';
import type { OrderFor } from 'certcentral-orders';
declare const env: Record<string, string | undefined>;
const maybe = env['X'];
const client = new CertCentralClient({ apiKey: env['CERTCENTRAL_API_KEY'], baseUrl: env['CERTCENTRAL_BASE_URL'], timeoutMs: undefined, headers: undefined });
validateOrder('ssl_securesite', {}, { today: maybe, locale: undefined });
orderFields('ssl_securesite', { today: maybe, locale: undefined });
inspectCsr('', { locale: undefined });
orderSchema('ssl_securesite', { today: maybe, locale: undefined });
formatIssue({ rule: 'field.required', message: 'm', field: 'certificate.csr' }, { style: undefined, product: undefined, locale: undefined });
// @ts-expect-error an issue needs its field (without one it reads as the whole order's: "The order is required.")
formatIssue({ rule: 'field.required', message: 'm' });
const body: OrderFor<'ssl_securesite'> = JSON.parse('{}');
export async function calls(signal?: AbortSignal): Promise<string> {
  await client.orderCertificate('ssl_securesite', body, { today: maybe, signal, onRetry: undefined });
  await client.getOrder(1, { signal });
  await client.waitForIssuance(1, { signal, onStatus: undefined, intervalMs: undefined, timeoutMs: undefined, statusChanges: undefined });
  await client.statusChanges({ minutes: 5, seconds: undefined, signal });
  await client.cancelOrder(1, { note: maybe, signal });
  await client.revokeCertificate(1, { comments: maybe, reason: undefined, skipApproval: undefined });
  await client.reissueOrder(1, { certificate: { csr: maybe, common_name: maybe } }, { today: maybe, product: undefined });
  const file = await client.downloadCertificate({ orderId: 1 }, { format: maybe });
  const double = new CertCentralError('made by a test', { kind: 'api', status: 500 });
  return String(file.bytes.length) + double.kind;
}
`;

test('TypeScript: options take an explicit undefined under exactOptionalPropertyTypes', async () => {
  await tsc(join(app, 'ts-exact'), { module: 'nodenext', moduleResolution: 'nodenext', exactOptionalPropertyTypes: true }, {
    'exact.ts': EXACT_TS,
  });
});

test('TypeScript: a consumer compiles under --strict with moduleResolution bundler', async () => {
  await tsc(join(app, 'ts-bundler'), { module: 'esnext', moduleResolution: 'bundler' }, {
    'consumer.ts': consumerTs,
    'web.ts': `import init, { initSync, validateOrder } from 'certcentral-orders/web';\nawait init();\nvoid initSync;\nexport const r = validateOrder('ssl_securesite', {});\n`,
    'validate.ts': VALIDATE_TS,
  });
});

const pageScript = (specifier, init) => `
  import ${init ? 'init, ' : ''}{ validateOrder, products } from '${specifier}';
  import * as all from '${specifier}';
  ${init ? 'await init();' : ''}
  const r = validateOrder('ssl_securesite', ${JSON.stringify(brokenOrder)}, { today: '2026-11-22' });
  window.__result = JSON.stringify({ n: products().length, keys: Object.keys(all).sort(), issues: r.issues.filter(i => i.severity === 'error').map(i => i.field + ':' + i.code).sort() });
`;

async function resultInChromium(url) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20000 }).catch(() => {});
    const result = await page.evaluate(() => window.__result);
    assert.ok(result, `page gave no result; errors: ${errors.join('; ')}`);
    return JSON.parse(result);
  } finally {
    await browser.close();
  }
}

test('Vite: a production build that imports the package runs in headless Chromium', async () => {
  const dir = join(app, 'vite-app');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>vite</title><script type="module" src="./main.js"></script>');
  await writeFile(join(dir, 'main.js'), pageScript('certcentral-orders', false));
  try {
    await run(bin('vite'), ['build', '--logLevel', 'warn', dir], { cwd: dir });
  } catch (e) {
    assert.fail(`vite build failed:\n${e.stdout}${e.stderr}`);
  }
  const server = await serveStatic(join(dir, 'dist'));
  try {
    const { n, issues } = await resultInChromium(`${server.url}/`);
    assert.equal(n, 14);
    assert.deepEqual(issues, expectedFields);
  } finally {
    await server.close();
  }
});

test('Browser without a bundler: an import map, the default entry and the web entry with init()', async () => {
  await writeFile(join(app, 'plain.html'), `<!doctype html><title>plain</title>
    <script type="importmap">{ "imports": { "certcentral-orders": "/node_modules/certcentral-orders/browser.js", "certcentral-orders/web": "/node_modules/certcentral-orders/web.js" } }</script>
    <script type="module">${pageScript('certcentral-orders', false)}</script>`);
  await writeFile(join(app, 'web.html'), `<!doctype html><title>web</title>
    <script type="importmap">{ "imports": { "certcentral-orders/web": "/node_modules/certcentral-orders/web.js" } }</script>
    <script type="module">${pageScript('certcentral-orders/web', true)}</script>`);
  const server = await serveStatic(app);
  try {
    for (const page of ['plain.html', 'web.html']) {
      const { n, keys, issues } = await resultInChromium(`${server.url}/${page}`);
      assert.equal(n, 14, page);
      // The page without a bundler gets what Node's entries export; /web adds its loaders.
      const loaders = page === 'web.html' ? ['default', 'init', 'initSync'] : [];
      assert.deepEqual(keys, [...sharedExpected.keys, ...loaders].sort(), page);
      assert.deepEqual(issues, expectedFields, page);
    }
  } finally {
    await server.close();
  }
});
