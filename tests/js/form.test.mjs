// Plain words, from the package (issue #21): formatIssue's style "form" words every issue for the
// person filling in the form, in every locale, with the field's label and no API path, field
// name or JSON; style "api" (the default) stays as it was. cleanValue and cleanOrder make what a
// person typed or pasted ready to send, and never throw. From the packed package, ESM and CJS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, caseTable } from './helpers.mjs';

const requireFromApp = createRequire(join(app, 'package.json'));
const pkgDir = dirname(requireFromApp.resolve('certcentral-orders/package.json'));
const cc = await import(pathToFileURL(join(pkgDir, 'node.mjs')));
const cjs = requireFromApp('certcentral-orders');
const LOCALES = ['en', 'es', 'de', 'fr', 'ja', 'pt', 'zh_CN'];
const catalogs = Object.fromEntries(await Promise.all(LOCALES.map(async (l) => [l, (await import(pathToFileURL(requireFromApp.resolve(`certcentral-orders/locales/${l}`)))).default])));

// What a person must never be shown: every field path of every product (list indices as
// numbers), and every field name with `_` that is not also a value some field allows.
const PRODUCTS = cc.products().map((p) => p.id);
const paths = new Set();
const names = new Set();
const values = new Set();
for (const product of PRODUCTS) {
  const walk = (fields) => {
    for (const f of fields ?? []) {
      if (f.path.includes('.')) paths.add(f.path);
      if (f.name.includes('_')) names.add(f.name);
      for (const v of f.allowed ?? []) values.add(String(v));
      walk(f.fields);
      if (f.items) walk([f.items]);
    }
  };
  walk(cc.orderFields(product));
}
const apiNames = [...names].filter((n) => !values.has(n));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pathPattern = new RegExp(`(^|[^\\w.])(${[...paths].map((p) => escape(p).replaceAll('\\*', '\\d+')).join('|')})(?![\\w])`);
const namePattern = new RegExp(`(^|[^\\w])(${apiNames.map(escape).join('|')})(?![\\w])`);

function assertPlain(text, what) {
  assert.equal(typeof text, 'string', what);
  assert.ok(text.trim().length > 0, `${what}: empty`);
  assert.doesNotMatch(text, /[{}]/, `${what}: a brace (JSON or an unfilled template): ${text}`);
  assert.doesNotMatch(text, /\[|\]/, `${what}: an unrendered [ ] part: ${text}`);
  assert.doesNotMatch(text, pathPattern, `${what}: a field path: ${text}`);
  assert.doesNotMatch(text, namePattern, `${what}: a field's API name: ${text}`);
}

test('the checks can fail: a path, a field name, JSON', () => {
  assert.ok(apiNames.includes('common_name') && apiNames.includes('cs_provisioning_method'));
  assert.ok(!apiNames.includes('server_auth_only_eku'), 'an allowed value is not a field name');
  for (const bad of ['certificate.common_name is required.', 'Give order_validity.years.', 'give { "id": 5 }', 'certificate.dns_names.3 is bad', 'set cs_provisioning_method']) {
    assert.throws(() => assertPlain(bad, 'bad'), /AssertionError|Expected/);
  }
  assertPlain('DNS name 2 must be a domain name, such as example.com.', 'good');
});

test('every case of the case table, every issue, every locale: style "form" is plain words; "api" is as before', () => {
  const cases = caseTable();
  assert.ok(cases.length > 300, `${cases.length} cases`);
  const rules = new Set();
  let checked = 0;
  for (const c of cases) {
    const report = cc.validateOrder(c.product, c.order, { today: c.today });
    for (const [i, issue] of report.issues.entries()) {
      rules.add(issue.rule);
      const product = c.product;
      // English, the default: "api" is the report's message, "form" needs no catalog.
      assert.equal(cc.formatIssue(issue), issue.message);
      assert.equal(cc.formatIssue(issue, { product }), issue.message);
      assert.equal(cc.formatIssue(issue, { product, style: 'api' }), issue.message);
      const english = cc.formatIssue(issue, { product, style: 'form' });
      assertPlain(english, `${c.name} ${issue.rule} ${issue.field} (en)`);
      assert.notEqual(english, issue.message, `${c.name} ${issue.rule}: form is not the API message`);
      assert.equal(cjs.formatIssue(issue, { product, style: 'form' }), english, 'CJS gives the same');
      for (const locale of LOCALES) {
        const catalog = catalogs[locale];
        const localized = cc.validateOrder(c.product, c.order, { today: c.today, locale: catalog }).issues[i].message;
        const api = cc.formatIssue(issue, { locale: catalog, product });
        assert.equal(api, localized, `${c.name} ${locale}: "api" re-renders the report's message`);
        assert.equal(cc.formatIssue(issue, { locale: catalog, product, style: 'api' }), api);
        const form = cc.formatIssue(issue, { locale: catalog, product, style: 'form' });
        assertPlain(form, `${c.name} ${issue.rule} ${issue.field} (${locale})`);
        assert.notEqual(form, api, `${c.name} ${issue.rule} (${locale}): form differs from api`);
        if (locale === 'en') assert.equal(form, english, 'locales/en gives the built-in English');
        // Without a product: labels made from the field's name, still no path.
        assertPlain(cc.formatIssue(issue, { locale: catalog, style: 'form' }), `${c.name} ${issue.rule} (${locale}, no product)`);
        checked++;
      }
    }
  }
  // The table reaches most rules (the rest come from options and unreadable orders).
  assert.ok(rules.size >= 40, `rules reached: ${rules.size}`);
  assert.ok(checked > 1000, `${checked} issues checked`);
});

test('form style: labels, list entries by position, paths in params as labels, the language asked for', () => {
  const order = {
    certificate: { common_name: 'example.com', dns_names: ['a.example.com', 'bad_name'], csr: 'x', signature_hash: 'md5' },
    organization: { id: 5, name: 'Acme' },
    validity_years: 4,
    payment_method: 'cash',
  };
  const report = cc.validateOrder('ssl_securesite', order, { today: '2026-11-22' });
  const byField = (f) => report.issues.find((i) => i.field === f);
  const form = (issue, locale) => cc.formatIssue(issue, { locale, product: 'ssl_securesite', style: 'form' });
  assert.equal(form(byField('validity_years')), 'Validity years must be at least 1 and at most 3; you entered 4.');
  assert.match(form(byField('certificate.dns_names.1')), /^DNS name 2 must be a domain name/);
  assert.match(form(byField('certificate.dns_names.1'), catalogs.de), /^DNS-Name 2/);
  assert.match(form(byField('certificate.dns_names.1'), catalogs.ja), /DNS 名 2/);
  // A value of the wrong kind says which kind (a form's number box given 1.5: "does not hold the
  // right kind of value" before), in every catalog through its words, never in English; a domain
  // name says how to write an internationalized one.
  const kinds = cc.validateOrder('ssl_securesite', {
    organization: { id: 1.5 }, comments: 5, certificate: { common_name: 'exämple.com', dns_names: 'a.example.com' }, disable_ct: 'no', custom_fields: [3],
  }, { today: '2026-11-22' });
  const typed = kinds.issues.filter((i) => i.rule === 'field.type');
  assert.deepEqual(typed.map((i) => i.params.expected).sort(), ['a list', 'a string', 'an integer', 'an object', 'true or false']);
  assert.equal(form(typed.find((i) => i.field === 'organization.id')), 'Organization ID does not hold the right kind of value: it must be a whole number.');
  assert.equal(form(typed.find((i) => i.field === 'disable_ct')), 'Disable CT does not hold the right kind of value: it must be yes or no.');
  // Without an `expected` (a value JSON cannot carry, under a field no product has): still a
  // sentence for the person, in their language, not the API's message with its path.
  const odd = cc.validateOrder('ssl_securesite', { certificate: { zzz: new Date(0) } }, { today: '2026-11-22' }).issues.find((i) => i.rule === 'field.type');
  assert.equal(odd?.params.expected, undefined);
  assert.match(form(odd), /does not hold the right kind of value\.$/);
  assert.doesNotMatch(form(odd, catalogs.de), /certificate\.zzz|Date object/);
  for (const [name, catalog] of Object.entries(catalogs)) {
    for (const issue of typed) {
      const text = form(issue, catalog);
      if (name !== 'en') assert.doesNotMatch(text, new RegExp(`\\b${issue.params.expected}\\b`), name);
      assert.ok(text.includes(catalog.words[issue.params.expected]), `${name}: ${text}`);
    }
  }
  assert.match(form(kinds.issues.find((i) => i.field === 'certificate.common_name')), /must be a domain name, such as example\.com \(an internationalized name in its xn-- form\)\.$/);
  // An emptied list row, and a list left with no rows, read as missing, in every catalog, not as
  // "too short (at least 1): its length is 0".
  const emptied = cc.validateOrder('ssl_securesite_multi_domain', { certificate: { common_name: 'example.com', dns_names: ['a.example.com', ''] } }, { today: '2026-11-22' })
    .issues.find((i) => i.field === 'certificate.dns_names.1');
  assert.equal(emptied?.rule, 'field.length');
  const multi = (issue, locale) => cc.formatIssue(issue, { locale, product: 'ssl_securesite_multi_domain', style: 'form' });
  assert.equal(multi(emptied), 'DNS name 2 is required.');
  const required = { ...emptied, rule: 'field.required', params: {} };
  for (const catalog of Object.values(catalogs)) assert.equal(multi(emptied, catalog), multi(required, catalog));
  const short = { rule: 'field.length', message: 'm', field: 'certificate.common_name', params: { min: 3, length: 2 } };
  assert.equal(form(short), 'Common name is too short (at least 3): its length is 2.');
  // Allowed values as the labels orderFields gives them.
  assert.match(form(byField('payment_method')), /Account balance, Credit card on file, Billing profile/);
  // `fields` of organization.id_or_details: the organization fields' labels.
  assert.match(form(byField('organization')), /\(Name\)/);
  // Without a product: the label the wasm's label rule makes of the field's name ("Common name"),
  // translated where the catalog has it.
  const cn = { rule: 'field.required', message: 'certificate.common_name is required.', field: 'certificate.common_name', params: {} };
  assert.equal(cc.formatIssue(cn, { style: 'form' }), 'Common name is required.');
  assert.equal(cc.formatIssue(cn, { style: 'form', locale: catalogs.es }), `Rellene el campo «${catalogs.es.text['Common name']}».`);
  assert.equal(cc.formatIssue({ ...cn, field: 'certificate.dns_names.0' }, { style: 'form' }), 'DNS name 1 is required.');
  // ...with the label rule's own words: a name that is not its label, an acronym.
  assert.equal(cc.formatIssue({ ...cn, field: 'ship_info.zip' }, { style: 'form' }), 'Postal code is required.');
  assert.equal(cc.formatIssue({ ...cn, field: 'certificate.disable_ct' }, { style: 'form' }), 'Disable CT is required.');
  // Code signing: `with` and `instead` are paths; the person sees labels.
  const cs = cc.validateOrder('code_signing', { validity_years: 1, order_validity: { years: 1 }, cs_provisioning_method: 'email', ship_info: { name: 'x' } }, { today: '2026-11-22' });
  const deprecated = cs.issues.find((i) => i.rule === 'field.deprecated');
  assert.equal(cc.formatIssue(deprecated, { product: 'code_signing', style: 'form' }), 'Validity years is no longer used: use Years under Order validity instead.');
  const conflict = cs.issues.find((i) => i.rule === 'code_signing.validity.deprecated_conflict');
  assert.equal(cc.formatIssue(conflict, { product: 'code_signing', style: 'form' }), 'Validity years and Order validity both set the validity: clear Validity years and keep Order validity.');
  const ship = cs.issues.find((i) => i.rule === 'code_signing.ship_info.needs_ship_token');
  assert.match(cc.formatIssue(ship, { product: 'code_signing', style: 'form' }), /\(Provisioning method\)/);
  // A registered name works as for "api"; a catalog without a form template falls back to English's.
  cc.registerLocale(catalogs.fr);
  assert.equal(cc.formatIssue(byField('validity_years'), { locale: 'fr-CA', product: 'ssl_securesite', style: 'form' }), form(byField('validity_years'), catalogs.fr));
  const partial = { locale: 'xx', rules: {}, text: {}, form: { 'field.required': 'REQ {label}' } };
  assert.equal(cc.formatIssue(cn, { locale: partial, style: 'form' }), 'REQ Common name');
  assert.equal(cc.formatIssue(byField('validity_years'), { locale: partial, product: 'ssl_securesite', style: 'form' }), form(byField('validity_years')));
  // inspectCsr's issues name no field: in form style they are the CSR's.
  for (const issue of cc.inspectCsr('not a csr').issues) {
    assert.match(cc.formatIssue(issue, { style: 'form' }), /^CSR must be a certificate signing request/);
    assertPlain(cc.formatIssue(issue, { style: 'form', locale: catalogs.de }), 'inspectCsr (de)');
  }
  // An unknown style is "api"; an issue whose params throw when read gets its message.
  assert.equal(cc.formatIssue(byField('validity_years'), { product: 'ssl_securesite', style: 'x' }), byField('validity_years').message);
  const hostile = { rule: 'field.range', message: 'm', field: 'validity_years', params: new Proxy({}, { ownKeys() { throw new Error('trap'); } }) };
  assert.equal(cc.formatIssue(hostile, { style: 'form', product: 'ssl_securesite' }), 'm');
  assert.equal(cc.formatIssue(byField('validity_years'), { get style() { throw new Error('trap'); } }), byField('validity_years').message);
});

// ------------------------------------------------------------------------------------------

const ssl = cc.orderFields('ssl_securesite');
const fieldAt = (fields, path) => {
  for (const f of fields) {
    if (f.path === path) return f;
    const inner = fieldAt([...(f.fields ?? []), ...(f.items ? [f.items] : [])], path);
    if (inner) return inner;
  }
  return undefined;
};

test('cleanValue: trims; a pasted URL in a dns_name field is its host; mailto: comes off an e-mail', () => {
  const cn = fieldAt(ssl, 'certificate.common_name');
  const dns = fieldAt(ssl, 'certificate.dns_names');
  const email = fieldAt(ssl, 'additional_emails.*');
  const comments = fieldAt(ssl, 'comments');
  assert.equal(cn.format, 'dns_name');
  for (const [input, want] of [
    ['  www.example.com  ', 'www.example.com'],
    ['https://www.example.com/path?q', 'www.example.com'],
    ['http://user@host.example.com:8443/', 'host.example.com'],
    ['www.example.com/', 'www.example.com'],
    [' HTTPS://Example.COM#top ', 'Example.COM'],
    ['example.com:443', 'example.com'],
    ['*.example.com', '*.example.com'],
    ['https://', 'https://'],
    ['not a url/at all', 'not a url/at all'],
  ]) assert.equal(cc.cleanValue(input, cn), want, input);
  assert.deepEqual(cc.cleanValue([' https://a.example.com/x ', 'b.example.com', 7], dns), ['a.example.com', 'b.example.com', 7]);
  assert.equal(cc.cleanValue(' mailto:jane@example.com ', email), 'jane@example.com');
  assert.equal(cc.cleanValue('MAILTO:jane@example.com?subject=hi', email), 'jane@example.com');
  // Other fields: trimmed only.
  assert.equal(cc.cleanValue('  https://example.com/a  ', comments), 'https://example.com/a');
  assert.equal(cc.cleanValue('  x  '), 'x');
  // A URL's host, but an e-mail address is not a URL: it stays as typed, for the rules to report,
  // rather than become another name that looks valid.
  for (const typed of ['admin@example.com', 'mailto:a@b.c', 'MAILTO:x@y.com']) assert.equal(cc.cleanValue(` ${typed} `, cn), typed, typed);
  assert.deepEqual(cc.cleanValue([' admin@example.com'], dns), ['admin@example.com']);
  // Not strings: as they are.
  for (const v of [undefined, null, 5, true, 10n, Symbol.for('s')]) assert.equal(cc.cleanValue(v, cn), v);
  assert.equal(cjs.cleanValue(' https://x.example.com/ ', cn), 'x.example.com');
});

test('cleanOrder: a cleaned copy by the product\'s fields; the input is never changed', () => {
  const order = {
    certificate: { common_name: ' https://www.example.com/shop?x=1 ', dns_names: ['http://user@a.example.com:8443/', ' b.example.com '], csr: '  -----BEGIN-----  ', signature_hash: 'sha256' },
    organization: { id: 5, organization_contact: { email: ' mailto:ops@example.com ' } },
    additional_emails: [' mailto:x@example.com', 5],
    comments: '  hello  ',
    validity_years: 1,
    unknown_thing: '  kept  ',
    custom_fields: [{ metadata_id: 1, value: '  v  ' }],
  };
  const before = structuredClone(order);
  const clean = cc.cleanOrder('ssl_securesite', order);
  assert.deepEqual(order, before, 'the input is unchanged');
  assert.notEqual(clean, order);
  assert.deepEqual(clean, {
    certificate: { common_name: 'www.example.com', dns_names: ['a.example.com', 'b.example.com'], csr: '-----BEGIN-----', signature_hash: 'sha256' },
    organization: { id: 5, organization_contact: { email: 'ops@example.com' } },
    additional_emails: ['x@example.com', 5],
    comments: 'hello',
    validity_years: 1,
    unknown_thing: '  kept  ',
    custom_fields: [{ metadata_id: 1, value: 'v' }],
  });
  // The cleaned order validates where the pasted one did not.
  assert.ok(cc.validateOrder('ssl_securesite', order).issues.some((i) => i.field === 'certificate.common_name'));
  assert.ok(!cc.validateOrder('ssl_securesite', clean).issues.some((i) => i.field === 'certificate.common_name'));
  assert.deepEqual(cjs.cleanOrder('ssl_securesite', order), clean);
  // An unknown product: nothing understood, a copy of the order as it is.
  assert.deepEqual(cc.cleanOrder('nonesuch', order), order);
  // Values that are not plain data stay as they are (the same objects).
  const date = new Date(0);
  assert.equal(cc.cleanOrder('ssl_securesite', { certificate: date }).certificate, date);
});

test('cleanValue and cleanOrder never throw, whatever they are given', () => {
  const cn = fieldAt(ssl, 'certificate.common_name');
  const cyclic = { certificate: { common_name: ' a.example.com ' } };
  cyclic.self = cyclic;
  cyclic.certificate.parent = cyclic;
  const list = [' x '];
  list.push(list);
  const trap = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); }, has() { throw new Error('trap'); } });
  const revoked = (() => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; })();
  const revokedArray = (() => { const { proxy, revoke } = Proxy.revocable([], {}); revoke(); return proxy; })();
  const getter = { certificate: { get common_name() { throw new Error('getter'); }, csr: ' c ' } };
  const huge = ` ${'a'.repeat(5_000_000)}.example.com/${'b'.repeat(1_000_000)} `;
  const hugeList = { certificate: { dns_names: new Array(1_000_000).fill(' a.example.com ') } };
  const lying = new Proxy([], { get(t, k) { return k === 'length' ? 2 ** 32 - 1 : undefined; } });
  const deep = {};
  let at = deep;
  for (let i = 0; i < 100_000; i++) at = at.certificate = {};
  const inputs = [undefined, null, 0, NaN, -0, 1n, true, 'x', Symbol('s'), () => 1, cyclic, list, trap, revoked, revokedArray,
    getter, huge, hugeList, lying, deep, new Map([[1, 2]]), Object.create(null), Object.create(trap), [trap], { certificate: trap },
    { certificate: { dns_names: trap } }, { certificate: { dns_names: [trap, revoked, ' x.example.com '] } }, new (class X {})(), new Date(NaN)];
  const fieldsToo = [undefined, null, 5, 'dns_name', cn, trap, revoked, { format: trap }, { fields: trap }, { items: trap, fields: [trap] }, { fields: [null, 5, { name: trap }] }];
  for (const v of inputs) {
    for (const f of fieldsToo) assert.doesNotThrow(() => cc.cleanValue(v, f));
    for (const product of [...PRODUCTS, 'nonesuch', '', null, undefined, 5, trap, revoked, Symbol('p'), 'x'.repeat(100_000)]) {
      assert.doesNotThrow(() => cc.cleanOrder(product, v), typeof product);
    }
  }
  assert.doesNotThrow(() => cjs.cleanOrder(trap, trap));
  // What it can read, it cleans; what it cannot, it keeps.
  assert.equal(cc.cleanOrder('ssl_securesite', cyclic).certificate.common_name, 'a.example.com');
  assert.equal(cc.cleanOrder('ssl_securesite', cyclic).self, cyclic);
  assert.equal(cc.cleanOrder('ssl_securesite', getter).certificate, getter.certificate);
  assert.equal(cc.cleanOrder('ssl_securesite', { certificate: trap }).certificate, trap);
  assert.deepEqual(cc.cleanOrder('ssl_securesite', { certificate: { dns_names: [revoked, ' x.example.com '] } }).certificate.dns_names, [revoked, 'x.example.com']);
  assert.equal(cc.cleanValue(huge, cn).length, 5_000_000 + '.example.com'.length);
  assert.equal(cc.cleanOrder('ssl_securesite', hugeList).certificate.dns_names, hugeList.certificate.dns_names, 'past the item limit: as it is');
  assert.equal(cc.cleanOrder('ssl_securesite', deep).certificate.certificate, deep.certificate.certificate, 'past the depth of the fields: as it is');
});

test('todayOf: orderFields passes options.today on (a string, or nothing) and never throws', () => {
  const plain = cc.orderFields('ssl_securesite');
  for (const options of [{ today: '2026-11-22' }, { today: 5 }, { today: 'not a date' }, null, 'x', { get today() { throw new Error('trap'); } }, new Proxy({}, { get() { throw new Error('trap'); } })]) {
    const fields = cc.orderFields('ssl_securesite', options);
    assert.ok(Array.isArray(fields) && fields.length === plain.length);
    assert.ok(Array.isArray(cjs.orderFields('ssl_securesite', options)));
  }
});
