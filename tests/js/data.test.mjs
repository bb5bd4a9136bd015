// orderFields and products() as the package answers them are Rust's (src/rules/describe.rs,
// src/rules/retired.rs): products() is src/js/data.js's PRODUCTS (generated), and orderFields
// builds the descriptions from its FIELDS (generated from the field tables) and works the
// validity presets out in JavaScript (presetsOf, src/js/support.js). tests/js/fields-expected.json,
// generated from Rust by tests/js_facts.rs, says what each product's answer is on one day and
// what its presets are on every day a dated change takes effect and the day before. Checked
// through each glue: node.mjs (the validation-only wasm's web glue, which validate.js gives
// bundlers too), embedded.js (the whole wasm's web glue) and client.cjs (its Node glue).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const expected = JSON.parse(readFileSync(join(root, 'tests', 'js', 'fields-expected.json'), 'utf8'));
const requireFromApp = createRequire(join(app, 'package.json'));
const pkgDir = dirname(requireFromApp.resolve('certcentral-orders/package.json'));
const hosts = {
  'node.mjs': await import(pathToFileURL(join(pkgDir, 'node.mjs'))),
  'embedded.js': await import(pathToFileURL(join(pkgDir, 'embedded.js'))),
  'client.cjs': requireFromApp(join(pkgDir, 'client.cjs')),
};

// The fields with every presets list emptied, as JSON text.
const withoutPresets = (fields) => JSON.stringify(fields, (key, value) => (key === 'presets' ? [] : value));
// FNV-1a over UTF-16 units, as tests/js_facts.rs computes it.
const fnv = (text) => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
};
// Rust's presets carry templates; orderFields renders them (in English here).
const rendered = (presets) => presets.map((p) => ({
  ...p,
  label: p.label.replace(/\{(\w+)\}/g, (_, n) => p.params[n]),
  help: p.help.replace(/\{(\w+)\}/g, (_, n) => p.params[n]),
}));
const presetsOf = (fields) => fields.flatMap((f) => [f, ...(f.fields ?? [])]).find((f) => f.presets)?.presets;

for (const [host, cc] of Object.entries(hosts)) {
  test(`${host}: every product's orderFields is Rust's, text for text`, () => {
    for (const [product, want] of Object.entries(expected.fields)) {
      const text = withoutPresets(cc.orderFields(product, { today: expected.day }));
      assert.deepEqual({ length: text.length, hash: fnv(text) }, want, product);
    }
    assert.deepEqual(cc.orderFields('no_such_product'), []);
  });

  test(`${host}: the validity presets are Rust's on every day a dated change takes effect and the day before`, () => {
    let checked = 0;
    for (const [product, lists] of Object.entries(expected.presets)) {
      for (const { days, presets } of lists) {
        for (const today of days) {
          assert.deepEqual(presetsOf(cc.orderFields(product, { today })), rendered(presets), `${product} on ${today}`);
          checked += 1;
        }
      }
    }
    // Products without presets have none on any of those days either.
    const days = [...new Set(Object.values(expected.presets).flat().flatMap((l) => l.days))];
    for (const product of Object.keys(expected.fields).filter((p) => !expected.presets[p])) {
      for (const today of days) assert.equal(presetsOf(cc.orderFields(product, { today })), undefined, `${product} on ${today}`);
    }
    assert.ok(checked > 100, `${checked} product-days`);
  });

  test(`${host}: each call answers objects of its own`, () => {
    for (const product of ['ssl_securesite', 'code_signing_ev']) {
      const first = cc.orderFields(product, { today: expected.day });
      const text = JSON.stringify(first);
      // Every object and list of the answer, nested ones too (allowed values, oneOf's choices and
      // their fields, the presets and their params), changed in place.
      const change = (v) => {
        if (Array.isArray(v)) {
          v.forEach(change);
          v.push('changed');
        } else if (v !== null && typeof v === 'object') {
          for (const k of Object.keys(v)) change(v[k]);
          v.changed = true;
        }
      };
      change(first);
      assert.ok(JSON.stringify(first).includes('"changed"'));
      assert.equal(JSON.stringify(cc.orderFields(product, { today: expected.day })), text, product);
    }
  });

  test(`${host}: orderFields without a day takes today's, whatever Object.prototype holds`, () => {
    const plain = JSON.stringify(cc.orderFields('ssl_securesite'));
    try {
      Object.prototype.today = '2020-01-01';
      assert.equal(JSON.stringify(cc.orderFields('ssl_securesite')), plain);
      assert.equal(JSON.stringify(cc.orderFields('ssl_securesite', { today: 'not a day' })), plain);
    } finally {
      delete Object.prototype.today;
    }
  });
}

for (const [host, cc] of Object.entries(hosts)) {
  test(`${host}: products() lists the fourteen products, the retired ones with their day and replacements, the Secure Site ones with their flex successor`, () => {
    const list = cc.products();
    assert.equal(list.length, 14);
    assert.deepEqual(list.find((p) => p.id === 'ssl_securesite'), { id: 'ssl_securesite', family: 'ssl', name: list.find((p) => p.id === 'ssl_securesite').name, status: 'active', supersededBy: 'ssl_securesite_flex' });
    assert.deepEqual(list.filter((p) => p.supersededBy).map((p) => [p.id, p.supersededBy]), [
      ['ssl_securesite', 'ssl_securesite_flex'], ['ssl_securesite_multi_domain', 'ssl_securesite_flex'], ['ssl_securesite_wildcard', 'ssl_securesite_flex'],
      ['ssl_ev_securesite', 'ssl_ev_securesite_flex'], ['ssl_ev_securesite_multi_domain', 'ssl_ev_securesite_flex'],
    ]);
    assert.ok(!('supersededBy' in list.find((p) => p.id === 'code_signing')), 'absent, not undefined');
    assert.match(list.find((p) => p.id === 'ssl_securesite').name, /Secure Site/);
    const retired = list.find((p) => p.id === 'client_premium_sha2');
    assert.equal(retired.status, 'retired');
    assert.equal(retired.retiredOn, '2025-07-10');
    assert.deepEqual(retired.replacedBy, ['secure_email_mailbox', 'secure_email_sponsor', 'secure_email_organization']);
    assert.deepEqual([...new Set(list.map((p) => p.family))].sort(), ['client', 'code_signing', 'secure_email', 'ssl']);
    // Every product it lists is one validateOrder and orderFields know.
    for (const { id } of list) {
      assert.ok(cc.orderFields(id).length > 0, id);
      assert.ok(!cc.validateOrder(id, {}).issues.some((i) => i.code === 'unknown_product'), id);
    }
    // Objects of the caller's own.
    list[0].id = 'changed';
    assert.notEqual(cc.products()[0].id, 'changed');
  });
}
