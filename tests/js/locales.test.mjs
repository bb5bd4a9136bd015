// Messages in the user's language, from the packed package: every catalog
// (certcentral-orders/locales/<locale>) has a message for every rule id that uses only the
// params its rule gives and a translation of every text of orderFields (labels, help,
// requiredWhen, choices; tests/locales/source.json,
// generated from Rust, says which); validateOrder, orderSchema, orderFields, inspectCsr and
// formatIssue answer in the locale asked for, by catalog or by registered name, falling back to
// English; an English page loads no catalog. In Node and in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, exampleBodies, serveStatic, launchChromium } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromApp = createRequire(join(app, 'package.json'));
const pkgDir = dirname(requireFromApp.resolve('certcentral-orders/package.json'));
const cc = await import(pathToFileURL(join(pkgDir, 'node.mjs')));
const source = JSON.parse(readFileSync(join(root, 'tests', 'locales', 'source.json'), 'utf8'));

// `en` is the English catalog in template form; English by default is the Rust text.
const LOCALES = ['en', 'es', 'de', 'fr', 'ja', 'pt', 'zh_CN'];
const catalogs = Object.fromEntries(await Promise.all(LOCALES.map(async (l) => [l, (await import(pathToFileURL(requireFromApp.resolve(`certcentral-orders/locales/${l}`)))).default])));
const TODAY = '2026-11-22';
const bases = exampleBodies(['ssl']);
const BAD = { ...bases.ssl_min, certificate: { ...bases.ssl_min.certificate, signature_hash: 'md5', common_name: '' }, validity_days: 5000 };

test('every catalog: a message for every rule id, only with its params; every text of orderFields', () => {
  assert.deepEqual(readdirSync(join(pkgDir, 'locales')).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort(), [...LOCALES].sort());
  for (const [locale, catalog] of Object.entries(catalogs)) {
    assert.equal(catalog.locale, locale);
    assert.deepEqual(Object.keys(catalog.rules).sort(), Object.keys(source.rules).sort(), `${locale}: the rule ids`);
    for (const [id, template] of Object.entries(catalog.rules)) {
      const { always, sometimes } = source.rules[id];
      assert.ok(typeof template === 'string' && template.trim(), `${locale} ${id}: empty`);
      const outside = template.replace(/\[[^\]]*\]/g, '');
      assert.doesNotMatch(outside, /[[\]]/, `${locale} ${id}: unbalanced [ ]`);
      for (const [, name] of outside.matchAll(/\{(\w+)\}/g)) {
        assert.ok(['label', 'field', ...always].includes(name), `${locale} ${id}: {${name}} outside [ ] is not always given`);
      }
      for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
        assert.ok(['label', 'field', ...always, ...sometimes].includes(name), `${locale} ${id}: {${name}} is not a param of this rule`);
      }
      assert.doesNotMatch(template.replace(/\{\w+\}/g, ''), /[{}]/, `${locale} ${id}: a stray brace`);
    }
    for (const text of source.text) assert.ok(typeof catalog.text[text] === 'string' && catalog.text[text].trim(), `${locale}: no translation of ${JSON.stringify(text)}`);
  }
});

// formatIssue's style "form": a template per rule id over `{label}` and the rule's params only,
// never `{field}` (the path) nor field.type's `got` (an English phrase; its `expected` is shown
// through `words`, keyed by the phrase: tests/js/form.test.mjs); and the words its labels are
// made of, with the same keys and placeholders as English's.
const FORM_PARAMS_LEFT_OUT = ['field', 'got'];
function checkForm(locale, catalog, english) {
  assert.deepEqual(Object.keys(catalog.form ?? {}).sort(), Object.keys(source.rules).sort(), `${locale}: the form templates' rule ids`);
  for (const [id, template] of Object.entries(catalog.form)) {
    const { always, sometimes } = source.rules[id];
    assert.ok(typeof template === 'string' && template.trim(), `${locale} ${id}: empty form template`);
    const outside = template.replace(/\[[^\]]*\]/g, '');
    assert.doesNotMatch(outside, /[[\]]/, `${locale} ${id}: unbalanced [ ] (form)`);
    for (const [, name] of outside.matchAll(/\{(\w+)\}/g)) {
      assert.ok(['label', ...always].includes(name), `${locale} ${id}: form {${name}} outside [ ] is not always given`);
    }
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
      assert.ok(!FORM_PARAMS_LEFT_OUT.includes(name), `${locale} ${id}: form templates do not use {${name}}`);
      assert.ok(['label', ...always, ...sometimes].includes(name), `${locale} ${id}: form {${name}} is not a param of this rule`);
    }
    assert.doesNotMatch(template.replace(/\{\w+\}/g, ''), /[{}]/, `${locale} ${id}: a stray brace (form)`);
    assert.doesNotMatch(template.replace(/\{\w+\}/g, ''), /\w\.\w+_|\b[a-z]+_[a-z_]+\b/, `${locale} ${id}: an API path or field name in a form template`);
  }
  assert.deepEqual(Object.keys(catalog.words ?? {}).sort(), Object.keys(english.words).sort(), `${locale}: the words`);
  for (const [key, word] of Object.entries(catalog.words)) {
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(names(word), names(english.words[key]), `${locale} words.${key}: the placeholders`);
    assert.ok(word.trim(), `${locale} words.${key}: empty`);
  }
}

test('every catalog: a form template for every rule id, over {label} and its params only; the words for labels', () => {
  for (const [locale, catalog] of Object.entries(catalogs)) checkForm(locale, catalog, catalogs.en);
  // The check fails on what it must refuse.
  const broken = [
    { ...catalogs.en.form, 'field.required': '{label} ({field}) is required.' },
    { ...catalogs.en.form, 'field.type': '{label} must be {expected}, not {got}.' },
    { ...catalogs.en.form, 'field.required': '{label} {nonesuch}' },
    { ...catalogs.en.form, 'field.deprecated': 'Use order_validity.years.' },
    Object.fromEntries(Object.entries(catalogs.en.form).slice(1)),
  ];
  for (const form of broken) assert.throws(() => checkForm('xx', { ...catalogs.en, form }, catalogs.en), assert.AssertionError);
  assert.throws(() => checkForm('xx', { ...catalogs.en, words: { ...catalogs.en.words, entry: '{label}' } }, catalogs.en), assert.AssertionError);
});

test('validateOrder, orderSchema, orderFields, inspectCsr and formatIssue answer in the locale', () => {
  const english = cc.validateOrder('ssl_securesite', BAD, { today: TODAY });
  for (const [locale, catalog] of Object.entries(catalogs)) {
    const report = cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale: catalog });
    assert.equal(report.valid, english.valid);
    assert.deepEqual(report.issues.map(({ message, ...rest }) => rest), english.issues.map(({ message, ...rest }) => rest), `${locale}: only the messages change`);
    report.issues.forEach((issue, i) => {
      if (locale !== 'en') assert.notEqual(issue.message, english.issues[i].message, `${locale} ${issue.rule}: translated`);
      assert.doesNotMatch(issue.message, /\{\w+\}|\[|\]/, `${locale} ${issue.rule}: every placeholder filled: ${issue.message}`);
      assert.equal(cc.formatIssue(english.issues[i], { locale: catalog, product: 'ssl_securesite' }), issue.message, `${locale}: formatIssue re-renders it`);
    });
    // A label in a message is the translated label: "Common name" in this language.
    const cn = report.issues.find((i) => i.field === 'certificate.common_name');
    if (catalog.rules[cn.rule].includes('{label}')) assert.ok(cn.message.includes(catalog.text['Common name']), `${locale}: ${cn.message}`);
    // A format by the catalog's phrase for it, not by its id.
    for (const issue of report.issues.filter((i) => i.rule === 'field.format' && catalog.words[i.params.format])) {
      assert.ok(issue.message.includes(catalog.words[issue.params.format]) && !issue.message.includes(`${issue.params.format})`), `${locale}: ${issue.message}`);
    }
    // A type error's kinds in the catalog's words, and its field named ("se esperaba an object;
    // se recibió a string", with no field, before).
    const typed = cc.validateOrder('ssl_securesite', { certificate: 'x', organization: { id: '1' }, validity_years: 1.5, comments: null, disable_ct: [], custom_fields: true }, { locale: catalog, today: TODAY });
    const kinds = typed.issues.filter((i) => i.rule === 'field.type');
    assert.deepEqual(kinds.flatMap((i) => [i.params.expected, i.params.got]).filter((k, i, all) => all.indexOf(k) === i).sort(), ['a boolean', 'a list', 'a number', 'a string', 'an array', 'an integer', 'an object', 'null', 'true or false'].sort());
    for (const issue of kinds) {
      for (const kind of [issue.params.expected, issue.params.got]) assert.ok(issue.message.includes(catalog.words[kind]), `${locale}: ${kind} in ${issue.message}`);
      if (locale !== 'en') assert.doesNotMatch(issue.message, /\b(an? (integer|string|object|list|number|boolean|array)|true or false)\b/, `${locale}: ${issue.message}`);
    }
    assert.match(catalog.rules['field.type'], /\{(label|field)\}/, `${locale}: a type error names its field`);
    const fields = cc.orderFields('ssl_securesite', { locale: catalog });
    assert.equal(fields[0].label, catalog.text[cc.orderFields('ssl_securesite')[0].label]);
    // The organization's choices and its id's condition ("unless the details of a new
    // organization are given") in this language too.
    const org = (list) => list.find((f) => f.path === 'organization');
    const englishOrg = org(cc.orderFields('ssl_securesite'));
    assert.deepEqual(org(fields).oneOf.map((c) => c.label), englishOrg.oneOf.map((c) => catalog.text[c.label]));
    const id = (o) => o.fields.find((f) => f.name === 'id');
    assert.ok(id(englishOrg).requiredWhen, 'organization.id has a condition');
    assert.equal(id(org(fields)).requiredWhen, catalog.text[id(englishOrg).requiredWhen]);
    if (locale === 'en') continue;
    const schema = cc.orderSchema('ssl_securesite', { today: TODAY, locale: catalog })['~standard'].validate(BAD);
    assert.deepEqual(schema.issues.map((i) => i.message), report.issues.filter((i) => i.severity === 'error').map((i) => i.message));
    const csr = cc.inspectCsr('not a csr', { locale: catalog });
    assert.equal(csr.valid, false);
    assert.notEqual(csr.issues[0].message, cc.inspectCsr('not a csr').issues[0].message);
  }
});

// The labels a localized report names fields by come from the wasm (fieldLabels, since issue
// #22), not from orderFields' data: on every product, in both entries, an order whose every
// field has the wrong type is reported with each field's orderFields label (a list's items with
// the list's), and a field that is not the product's (an unknown one) by its path.
test('a localized report names each field by its orderFields label on every product, in both entries', async () => {
  const only = await import(pathToFileURL(requireFromApp.resolve('certcentral-orders/validate')));
  const probe = { locale: 'xx', rules: Object.fromEntries(Object.keys(source.rules).map((id) => [id, '{label}|{field}'])), text: {} };
  const wrong = (f) => (f.kind === 'object' ? Object.fromEntries(f.fields.map((g) => [g.name, wrong(g)]))
    : f.kind === 'list' ? [wrong(f.items), wrong(f.items)] : f.kind === 'string' ? 12345 : 'not this kind');
  for (const product of cc.products().map((p) => p.id)) {
    const labels = new Map();
    const walk = (fields) => fields?.forEach((f) => {
      labels.set(f.path, f.label);
      walk(f.fields);
      if (f.items) walk([f.items]);
    });
    const fields = cc.orderFields(product);
    walk(fields);
    const order = { ...Object.fromEntries(fields.map((f) => [f.name, wrong(f)])), no_such_field: 1 };
    for (const entry of [cc, only]) {
      const report = entry.validateOrder(product, order, { today: TODAY, locale: probe });
      const named = new Set();
      for (const issue of report.issues.filter((i) => i.field !== '')) {
        const label = labels.get(issue.field.replace(/\.\d+(?=\.|$)/g, '.*'));
        assert.equal(issue.message, `${label ?? issue.field}|${issue.field}`, `${product}: ${issue.rule}`);
        if (label !== undefined) named.add(issue.field);
      }
      assert.ok(report.issues.some((i) => i.field === 'no_such_field' && i.message === 'no_such_field|no_such_field'), `${product}: an unknown field by its path`);
      assert.ok(named.size >= 10, `${product}: ${[...named]}`);
      assert.ok([...named].some((f) => /\.\d+$/.test(f)), `${product}: a list's item`);
      if (product.startsWith('code_signing')) {
        assert.ok(report.issues.some((i) => i.message === 'Organization ID|organization.id'), `${product}: an id by its holder`);
      }
    }
  }
});

// A missing field is named, with a closed set's values where it has one (`allowed`), in English
// and in a catalog's words; the form help stays orderFields'.
test('a missing field: its name, and a closed set\'s values, in English and translated', () => {
  const order = { ...bases.ssl_min, certificate: { common_name: 'example.com' } };
  const es = (label) => catalogs.es.text[label];
  for (const [locale, hash, csr] of [
    [undefined, 'certificate.signature_hash is required: one of sha256, sha384, sha512.', 'certificate.csr is required.'],
    [catalogs.es, `El campo «${es('Signature hash')}» (certificate.signature_hash) es obligatorio; valores posibles: sha256, sha384, sha512.`, `El campo «${es('CSR')}» (certificate.csr) es obligatorio.`],
  ]) {
    const issues = cc.validateOrder('ssl_securesite', order, { today: TODAY, locale }).issues.filter((i) => i.rule === 'field.required');
    const at = (field) => issues.find((i) => i.field === field);
    assert.equal(at('certificate.signature_hash')?.message, hash);
    assert.deepEqual(at('certificate.signature_hash').params, { allowed: ['sha256', 'sha384', 'sha512'] });
    assert.equal(at('certificate.csr')?.message, csr);
    assert.equal(at('certificate.csr').params, undefined);
  }
});

test('by registered name ("pt-BR" finds "pt"), English by default and as the fallback; odd options are no locale', () => {
  assert.equal(cc.registerLocale(catalogs.pt), 'pt');
  const pt = cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale: catalogs.pt }).issues.map((i) => i.message);
  assert.deepEqual(cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale: 'pt-BR' }).issues.map((i) => i.message), pt);
  assert.deepEqual(cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale: 'pt' }).issues.map((i) => i.message), pt);
  const english = cc.validateOrder('ssl_securesite', BAD, { today: TODAY }).issues.map((i) => i.message);
  for (const locale of ['en', 'xx', undefined, null, 42, {}]) {
    assert.deepEqual(cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale }).issues.map((i) => i.message), english, String(locale));
  }
  // A catalog without a rule's template falls back to that rule's English message.
  const partial = { locale: 'xx', rules: { 'field.enum': 'ENUM {field}' }, text: {} };
  const mixed = cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale: partial }).issues;
  for (const [i, issue] of mixed.entries()) assert.equal(issue.message, issue.rule === 'field.enum' ? `ENUM ${issue.field}` : english[i]);
  // Options that throw when read are no locale, and never a throw.
  const hostile = new Proxy({}, { get() { throw new Error('trap'); } });
  assert.equal(cc.validateOrder('ssl_securesite', BAD, hostile).valid, false);
  assert.throws(() => cc.registerLocale({ locale: 'xx' }), TypeError);
  assert.throws(() => cc.formatIssue('not an issue', 'es'), TypeError);
});

test('a catalog that throws when read is no catalog; a module namespace (require) is one', () => {
  const english = cc.validateOrder('ssl_securesite', BAD, { today: TODAY }).issues.map((i) => i.message);
  const hostile = [
    { locale: 'xx', get rules() { throw new Error('trap'); }, text: {} },
    new Proxy({}, { get() { throw new Error('trap'); } }),
    (() => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; })(),
  ];
  for (const locale of hostile) {
    assert.deepEqual(cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale }).issues.map((i) => i.message), english);
    assert.ok(Array.isArray(cc.orderFields('ssl_securesite', { locale })));
    assert.equal(cc.inspectCsr('x', { locale }).valid, false);
    assert.ok(cc.orderSchema('ssl_securesite', { locale })['~standard'].validate(BAD).issues.length > 0);
    assert.equal(typeof cc.formatIssue(cc.validateOrder('ssl_securesite', BAD).issues[0], locale), 'string');
  }
  // Options that throw when read: validate reports them (options.type), never throws.
  const schema = cc.orderSchema('ssl_securesite', { get today() { throw new Error('trap'); } });
  assert.ok(schema['~standard'].validate(bases.ssl_min).issues.some((i) => i.rule.startsWith('options.')));
  // An issue with odd fields is still re-rendered or answered with its message.
  assert.equal(typeof cc.formatIssue({ rule: 'field.required', message: 'm', field: 5 }, catalogs.es), 'string');
  // `require` gives the module namespace: registerLocale and `locale` take it as the catalog.
  const required = requireFromApp('certcentral-orders/locales/de');
  assert.equal(cc.registerLocale(required), 'de');
  assert.deepEqual(cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale: required }).issues.map((i) => i.message),
    cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale: catalogs.de }).issues.map((i) => i.message));
});

test('an English page loads no catalog: no entry imports one', () => {
  for (const file of ['browser.js', 'certcentral_orders.js', 'node.mjs', 'node.cjs', 'web.js']) {
    assert.doesNotMatch(readFileSync(join(pkgDir, file), 'utf8'), /(import|require)\s*\(?\s*['"`][^'"`]*locales\//, file);
  }
});

// ------------------------------------------------------------------------------------------

const PAGE = `<!doctype html><title>locales</title>
<script type="importmap">{ "imports": { "certcentral-orders": "/node_modules/certcentral-orders/browser.js" } }</script>
<script type="module">
  import * as cc from 'certcentral-orders';
  window.cc = cc;
  window.__ready = true;
</script>`;

let server, browser;
before(async () => {
  await writeFile(join(app, 'locales-browser.html'), PAGE);
  server = await serveStatic(app);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('Chromium: a catalog loaded on demand gives the same messages as in Node', async () => {
  const page = await browser.newPage();
  const loaded = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/locales-browser.html`);
  await page.waitForFunction(() => window.__ready === true);
  assert.ok(!loaded.some((p) => p.includes('/locales/')), 'no catalog before one is asked for');
  const got = await page.evaluate(async ([order, today]) => {
    const { default: es } = await import('/node_modules/certcentral-orders/locales/es.js');
    window.cc.registerLocale(es);
    return window.cc.validateOrder('ssl_securesite', order, { today, locale: 'es' }).issues.map((i) => i.message);
  }, [BAD, TODAY]);
  assert.deepEqual(got, cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale: catalogs.es }).issues.map((i) => i.message));
  assert.deepEqual(loaded.filter((p) => p.includes('/locales/')), ['/node_modules/certcentral-orders/locales/es.js']);
  // The entries share the registry: certcentral-orders/validate (a module and a wasm of its own
  // in a browser; the react-hook-form resolver validates with it) knows the locale registered
  // through the main entry, and the main entry one registered through it.
  const shared = await page.evaluate(async ([order, today]) => {
    const v = await import('/node_modules/certcentral-orders/validate.js');
    const { default: de } = await import('/node_modules/certcentral-orders/locales/de.js');
    v.registerLocale(de);
    const messages = (m, locale) => m.validateOrder('ssl_securesite', order, { today, locale }).issues.map((i) => i.message);
    return { es: messages(v, 'es'), de: messages(window.cc, 'de') };
  }, [BAD, TODAY]);
  assert.deepEqual(shared.es, got);
  assert.deepEqual(shared.de, cc.validateOrder('ssl_securesite', BAD, { today: TODAY, locale: catalogs.de }).issues.map((i) => i.message));
  await page.close();
});
