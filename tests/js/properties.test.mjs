// Property tests (fast-check) and hostile inputs for the installed package: `validateOrder`,
// `orderFields`, `products` and `CertCentralClient.orderCertificate` never throw and never trap,
// whatever they are given; every report keeps the documented shape; every call finishes in a
// bounded time; and afterwards the module still validates a good order (a Rust panic would trap
// the wasm instance and break every later call).
//
// The package is imported from the scratch app (CC_SCRATCH_APP) through its own package.json
// exports, as a user's code would get it. Orders are the example bodies of tests/cases with the
// CSR tokens replaced by the fixture PEMs.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { app, nodeIn, exampleBodies } from './helpers.mjs';
import { stepByStep } from './step-by-step.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startSandbox } = await import(pathToFileURL(join(root, 'tests', 'sandbox', 'sandbox.mjs')));

const requireFromApp = createRequire(join(app, 'package.json'));
const pkgDir = dirname(requireFromApp.resolve('certcentral-orders/package.json'));
const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const cc = await import(pathToFileURL(join(pkgDir, manifest.exports['.'].node.import.default)));
const { validateOrder, orderFields, products, inspectCsr, CertCentralClient, CertCentralError } = cc;

const TODAY = { today: '2026-11-22' };
const SSL = 'ssl_securesite';
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const fcOptions = (numRuns) => ({ numRuns, seed: SEED, endOnFailure: false });

// ------------------------------------------------------------------------------------------
// Orders

const bases = exampleBodies();
const familyOfBase = (name) => name.startsWith('cs_') ? 'code_signing' : name.startsWith('client_') ? 'client'
  : name.startsWith('secure_email_') ? 'secure_email' : 'ssl';

const PRODUCTS = products();
const PRODUCT_IDS = PRODUCTS.map((p) => p.id);
const PRODUCTS_OF = (family) => PRODUCTS.filter((p) => p.family === family).map((p) => p.id);
const FIELDS_OF = Object.fromEntries(PRODUCT_IDS.map((id) => [id, JSON.stringify(orderFields(id))]));

// One valid order per family (no issues at all), and one order with exactly one known error.
const GOOD = [
  { product: 'ssl_securesite', order: bases.ssl_min },
  { product: 'client_authentication_plus', order: bases.client_example },
  { product: 'secure_email_mailbox', order: bases.secure_email_mailbox_example },
  { product: 'code_signing', order: bases.cs_example_new },
];
const good = bases.ssl_min;
const BAD = { ...bases.ssl_min, validity_days: 0 };

// ------------------------------------------------------------------------------------------
// Checks

const CODES = new Set(['required', 'type', 'enum', 'range', 'format', 'length', 'conflict',
  'unknown_field', 'deprecated', 'unknown_product', 'policy']);
const WARNING_CODES = new Set(['unknown_field', 'deprecated', 'policy']);
// Every rule id, from the generated rule reference (RULES.md, tests/rules.rs checks it current).
const RULE_IDS = new Set(
  [...readFileSync(join(root, 'RULES.md'), 'utf8').matchAll(/^\| `([a-z0-9_.]+)` \|/gm)].map((m) => m[1]),
);

const show = (v) => {
  try {
    return inspect(v, { depth: 3, maxStringLength: 120, maxArrayLength: 8, breakLength: Infinity });
  } catch {
    return '(uninspectable)';
  }
};

// The characters a message or a field shows escaped (src/report.rs, push_shown).
const SHOWN_ESCAPED = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const plainKey = (p) => typeof p !== 'string' || ([...p].length <= 60 && !SHOWN_ESCAPED.test(p));

/** The documented shape of a report. */
function checkReport(r, what) {
  assert.ok(r !== null && typeof r === 'object' && !Array.isArray(r), `${what}: not a report: ${show(r)}`);
  assert.equal(typeof r.valid, 'boolean', `${what}: valid is not a boolean`);
  assert.ok(Array.isArray(r.issues), `${what}: issues is not an array`);
  for (const [n, i] of r.issues.entries()) {
    const at = `${what}: issues[${n}] = ${show(i)}`;
    assert.ok(i !== null && typeof i === 'object', at);
    assert.ok(Array.isArray(i.path), `${at}: path is not an array`);
    for (const p of i.path) {
      assert.ok(typeof p === 'string' || (Number.isInteger(p) && p >= 0), `${at}: path element ${show(p)}`);
    }
    // A key the order made up that is long or holds a control character is shown in `field` as
    // messages show text from the order (cut to 60 characters, controls escaped); `path` keeps
    // it as sent. No field or message holds a control character: each is one line of a log.
    if (i.path.every(plainKey)) assert.equal(i.field, i.path.join('.'), `${at}: field is not path.join(".")`);
    assert.doesNotMatch(i.field, SHOWN_ESCAPED, `${at}: a control character in field`);
    assert.doesNotMatch(String(i.message), SHOWN_ESCAPED, `${at}: a control character in the message`);
    assert.ok(CODES.has(i.code), `${at}: unknown code`);
    assert.ok(RULE_IDS.has(i.rule), `${at}: rule is not an id of RULES.md`);
    assert.ok(i.severity === 'error' || i.severity === 'warning', `${at}: severity`);
    if (WARNING_CODES.has(i.code)) assert.equal(i.severity, 'warning', `${at}: ${i.code} is a warning`);
    assert.equal(typeof i.message, 'string', `${at}: message`);
    assert.ok(i.message.trim().length > 0, `${at}: empty message`);
    if (i.params !== undefined) {
      assert.ok(i.params !== null && typeof i.params === 'object' && !Array.isArray(i.params), `${at}: params`);
    }
  }
  assert.equal(r.valid, !r.issues.some((i) => i.severity === 'error'), `${what}: valid must be "no error"`);
}

/** Walks `path` over a JSON-shaped value: own keys and indexes only. */
function resolves(value, path) {
  let v = value;
  for (const k of path) {
    if (Array.isArray(v) && typeof k === 'number' && k < v.length) v = v[k];
    else if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof k === 'string' && Object.hasOwn(v, k)) v = v[k];
    else return false;
  }
  return true;
}

/** Every issue names a place in the input: the field itself, or (for `required`) its parent. */
function checkPaths(r, input, what) {
  for (const i of r.issues) {
    const p = i.code === 'required' ? i.path.slice(0, -1) : i.path;
    assert.ok(resolves(input, p), `${what}: ${i.code} issue at ${JSON.stringify(i.path)} names no place in the order: ${show(i)}`);
  }
}

/** Runs `fn`, which must not throw and must finish within `limitMs` of CPU time. CPU time, not
 *  the clock: these bounds tell linear work from quadratic or exponential work, and a machine
 *  busy with other processes (a parallel test run, fuzzing) stretches the clock, not the CPU. */
function timed(limitMs, what, fn) {
  const t0 = process.cpuUsage();
  let out;
  try {
    out = fn();
  } catch (e) {
    assert.fail(`${what}: threw ${show(e)}`);
  }
  const used = process.cpuUsage(t0);
  const ms = (used.user + used.system) / 1000;
  assert.ok(ms < limitMs, `${what}: took ${ms.toFixed(0)} ms of CPU (limit ${limitMs} ms)`);
  return out;
}

/** The module still works: the good orders validate, the bad one has its one error. */
function assertStillWorks(what) {
  for (const { product, order } of GOOD) {
    let r;
    try {
      r = validateOrder(product, order, TODAY);
    } catch (e) {
      assert.fail(`${what}: afterwards validateOrder throws (trapped?): ${show(e)}`);
    }
    assert.deepEqual(r, { valid: true, issues: [] }, `${what}: afterwards a good ${product} order no longer validates`);
  }
  const bad = validateOrder(SSL, BAD, TODAY);
  assert.deepEqual(bad.issues.map((i) => `${i.field}:${i.code}:${i.severity}`), ['validity_days:range:error'], `${what}: afterwards`);
  assert.equal(products().length, PRODUCTS.length, `${what}: afterwards products()`);
}

// ------------------------------------------------------------------------------------------
// Arbitraries

const anyProduct = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PRODUCT_IDS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(...PRODUCT_IDS).chain((id) => fc.constantFrom(id.toUpperCase(), ` ${id}`, `${id}\u0000`, `${id}_x`, id.slice(0, -1))) },
);
const jsonValue = fc.jsonValue({ maxDepth: 5, stringUnit: 'binary' });
const parsedJson = fc.json({ maxDepth: 5, stringUnit: 'binary' }).map((text) => JSON.parse(text));

const KEY_HINTS = ['certificate', 'common_name', 'dns_names', 'csr', 'organization', 'id', 'validity_years',
  'validity_days', 'custom_expiration_date', 'signature_hash', 'server_platform', 'emails', 'cs_provisioning_method',
  'order_validity', 'years', 'custom_fields', 'metadata_id', 'value', '__proto__', 'toJSON', 'constructor', '0', ''];
const edit = fc.record({
  steps: fc.array(fc.nat(), { maxLength: 6 }),
  op: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'insert'),
  key: fc.oneof(fc.constantFrom(...KEY_HINTS), fc.string({ maxLength: 12 })),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
    fc.constantFrom(0, -1, 1, 2, 3, 1.5, 1e21, '', 'example.com', '*.example.com', 'sha256', 'sha1', '2026-11-22', null, true, [], {}),
  ),
});

const setOwn = (obj, key, value) => Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });

/** Applies one edit: walk `steps` into the order, then replace, delete or insert there. */
function applyEdit(order, { steps, op, key, value }) {
  let parent = null;
  let at = null;
  let cur = order;
  for (const s of steps) {
    if (cur === null || typeof cur !== 'object') break;
    const keys = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    if (keys.length === 0) break;
    at = keys[s % keys.length];
    parent = cur;
    cur = cur[at];
  }
  const v = structuredClone(value);
  if (op === 'replace') {
    if (parent === null) return v;
    if (Array.isArray(parent)) parent[at] = v;
    else setOwn(parent, at, v);
  } else if (op === 'delete') {
    if (parent === null) return order;
    if (Array.isArray(parent)) parent.splice(at, 1);
    else delete parent[at];
  } else if (cur !== null && typeof cur === 'object') {
    if (Array.isArray(cur)) cur.push(v);
    else setOwn(cur, key, v);
  } else if (parent !== null) {
    if (Array.isArray(parent)) parent[at] = { [key]: v };
    else setOwn(parent, at, { [key]: v });
  }
  return order;
}

const mutatedOrder = fc.record({
  base: fc.constantFrom(...Object.keys(bases)),
  edits: fc.array(edit, { minLength: 1, maxLength: 4 }),
  pick: fc.nat(),
  sameFamily: fc.constantFrom(true, true, true, false),
}).map(({ base, edits, pick, sameFamily }) => {
  const ids = sameFamily ? PRODUCTS_OF(familyOfBase(base)) : PRODUCT_IDS;
  let order = structuredClone(bases[base]);
  for (const e of edits) order = applyEdit(order, e);
  return { product: ids[pick % ids.length], order, base, edits };
});

// Values JSON.stringify reads in its own way: Maps, Sets, BigInts, Dates, typed arrays, sparse
// arrays, boxed values, null prototypes.
const anything = fc.anything({
  maxDepth: 4, maxKeys: 6, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true,
  withSet: true, withNullPrototype: true, withObjectString: true, withTypedArray: true, withSparseArray: true,
  stringUnit: 'binary',
});
const placedInOrder = (valueArb) => fc.record({ base: fc.constantFrom(...Object.keys(bases)), steps: fc.array(fc.nat(), { maxLength: 5 }), value: valueArb, key: fc.constantFrom(...KEY_HINTS) })
  .map(({ base, steps, value, key }) => {
    const ids = PRODUCTS_OF(familyOfBase(base));
    return { product: ids[steps.length % ids.length], order: placeAt(structuredClone(bases[base]), steps, key, value) };
  });

/** Like applyEdit's replace/insert, but puts `value` itself (no clone). */
function placeAt(order, steps, key, value) {
  let parent = null;
  let at = null;
  let cur = order;
  for (const s of steps) {
    if (cur === null || typeof cur !== 'object') break;
    const keys = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    if (keys.length === 0) break;
    at = keys[s % keys.length];
    parent = cur;
    cur = cur[at];
  }
  if (parent === null) return { ...order, [key || 'x']: value };
  if (Array.isArray(parent)) parent[at] = value;
  else setOwn(parent, at, value);
  return order;
}

/** One call to validateOrder under the whole contract. */
function validateChecked(product, order, options, what, { limitMs = 200, paths = true } = {}) {
  const r = timed(limitMs, what, () => validateOrder(product, order, options));
  checkReport(r, what);
  if (paths) checkPaths(r, order, what);
  if (typeof product !== 'string' || !PRODUCT_IDS.includes(product)) {
    assert.ok(r.issues.some((i) => i.code === 'unknown_product' && i.severity === 'error'), `${what}: no unknown_product error for ${show(product)}`);
  }
  return r;
}

// ==========================================================================================
// Properties over JSON values

test('property: any JSON value (fc.jsonValue), for any product → a well-formed report in < 200 ms; the module keeps working', () => {
  fc.assert(fc.property(anyProduct, jsonValue, (product, order) => {
    validateChecked(product, order, TODAY, `validateOrder(${show(product)}, ${show(order)})`);
    assertStillWorks('after a JSON value');
  }), fcOptions(1000));
});

test('property: any JSON text (fc.json → JSON.parse), for any product → a well-formed report in < 200 ms', () => {
  fc.assert(fc.property(anyProduct, parsedJson, (product, order) => {
    validateChecked(product, order, TODAY, `validateOrder(${show(product)}, ${show(order)})`);
    assertStillWorks('after a parsed JSON text');
  }), fcOptions(400));
});

test('property: the example orders with fc-generated replacements, deletions and insertions at random paths', () => {
  fc.assert(fc.property(mutatedOrder, ({ product, order, base, edits }) => {
    const what = `${base} edited by ${show(edits)} as ${product}`;
    const r = validateChecked(product, order, TODAY, what);
    assertStillWorks(what);
    assert.deepEqual(validateOrder(product, order, TODAY), r, `${what}: a second call gives another report`);
  }), fcOptions(2500));
});

test('property: reading step by step gives the same report as the fast path (JSON values, edited orders)', () => {
  const objects = fc.oneof(
    jsonValue.filter((v) => v !== null && typeof v === 'object'),
    mutatedOrder.map(({ order }) => order).filter((v) => v !== null && typeof v === 'object'),
  );
  fc.assert(fc.property(anyProduct, objects, (product, order) => {
    const fast = validateOrder(product, order, TODAY);
    const slow = validateOrder(product, stepByStep(order), TODAY);
    assert.deepEqual(slow, fast, `the two readers disagree on ${show(order)}`);
  }), fcOptions(1200));
});

test('property: values of any JS type (fc.anything: Map, Set, BigInt, Date, typed and sparse arrays, boxed values, null prototypes), at the root and inside an order', () => {
  fc.assert(fc.property(anyProduct, anything, (product, order) => {
    const r = validateChecked(product, order, TODAY, `validateOrder(${show(product)}, ${show(order)})`, { paths: false });
    if (order === null || typeof order !== 'object' || Array.isArray(order)) assert.equal(r.valid, false, 'a non-object order is never valid');
  }), fcOptions(400));
  fc.assert(fc.property(placedInOrder(anything), ({ product, order }) => {
    validateChecked(product, order, TODAY, `validateOrder(${product}, ${show(order)})`, { paths: false });
    assertStillWorks('after fc.anything inside an order');
  }), fcOptions(600));
  // Both readers agree on these too.
  fc.assert(fc.property(placedInOrder(anything), ({ product, order }) => {
    assert.deepEqual(validateOrder(product, stepByStep(order), TODAY), validateOrder(product, order, TODAY), `the two readers disagree on ${show(order)}`);
  }), fcOptions(400));
});

test('property: options.today: real dates are accepted, anything else is a format issue (never a throw)', () => {
  const realDate = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  fc.assert(fc.property(realDate, (today) => {
    const r = validateChecked(SSL, good, { today }, `today ${today}`);
    assert.ok(!r.issues.some((i) => i.path.length === 0 && (i.code === 'format' || i.code === 'type')), `today ${today} was refused: ${show(r.issues)}`);
  }), fcOptions(300));
  const isRealDate = (s) => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s)
    && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
  const junk = fc.oneof(fc.string({ unit: 'binary', maxLength: 14 }), anything,
    fc.constantFrom('2026-02-30', '2026-13-01', '2026-00-10', '2026-1-01', ' 2026-11-22', '2026-11-22 ', '2026-11-22T00:00:00Z', '20261122', '+02026-11-22', '２０２６-11-22', '2026‐11‐22'));
  fc.assert(fc.property(junk.filter((v) => v !== undefined && !isRealDate(v)), (today) => {
    const r = validateChecked(SSL, good, { today }, `today ${show(today)}`);
    assert.equal(r.valid, false);
    assert.ok(r.issues.some((i) => i.code === 'format' && i.severity === 'error' && i.path.length === 0), `no format issue for today ${show(today)}: ${show(r.issues)}`);
  }), fcOptions(400));
  // The options argument itself: anything that is not an object is a type issue.
  fc.assert(fc.property(anything, (options) => {
    const r = validateChecked(SSL, good, options, `options ${show(options)}`, { paths: false });
    if (options !== null && options !== undefined && typeof options !== 'object') {
      assert.ok(r.issues.some((i) => i.code === 'type' && i.path.length === 0), `no type issue for options ${show(options)}`);
    }
  }), fcOptions(300));
  assertStillWorks('after options.today fuzz');
});

test('property: orderFields(anything) and products() never throw; unknown products give []', () => {
  const arb = fc.oneof(anyProduct, anything);
  fc.assert(fc.property(arb, (product) => {
    const fields = timed(200, `orderFields(${show(product)})`, () => orderFields(product));
    assert.ok(Array.isArray(fields), `orderFields(${show(product)}) is not an array`);
    if (typeof product === 'string' && PRODUCT_IDS.includes(product)) {
      assert.equal(JSON.stringify(fields), FIELDS_OF[product]);
    } else {
      assert.deepEqual(fields, [], `orderFields(${show(product)})`);
    }
    assert.deepEqual(timed(200, 'products()', () => products()), PRODUCTS);
  }), fcOptions(500));
});

// ==========================================================================================
// Hostile values: what JSON cannot hold, and what is past the limits

const memo = (make) => {
  let v;
  let made = false;
  return () => {
    if (!made) { v = make(); made = true; }
    return v;
  };
};
const deepObject = (n) => { let v = {}; for (let i = 0; i < n; i++) v = { a: v }; return v; };
const deepArray = (n) => { let v = []; for (let i = 0; i < n; i++) v = [v]; return v; };
const revoked = (target) => () => { const { proxy, revoke } = Proxy.revocable(target, {}); revoke(); return proxy; };
const throwingTrap = (trap, target = { common_name: 'example.com', n: 1 }) => () => new Proxy(target, { [trap]() { throw new Error(`${trap} trap`); } });
class Plain { constructor() { this.common_name = 'example.com'; this.n = 1; } }
class Tagged { constructor() { this.n = 1; } get [Symbol.toStringTag]() { return 'Order'; } }
// Its tag goes into the message ("holds a … object"): one that would write to a terminal.
class EscapeTagged { get [Symbol.toStringTag]() { return 'x\n\u001b[2J'; } }
class WithPrivate { #secret = 1; constructor() { this.n = this.#secret; } }
const infinite = () => ({ get a() { return infinite(); } });
// kind: how the value must come out under an unknown key:
//   faithful: JSON holds it as is (or, for undefined, as an absent property): the order stays valid
//   notjson:  JSON cannot hold it; JSON.stringify would drop or change it
//   threw:    reading it (or JSON.stringify) throws
//   limit:    past a reader limit (depth, length, count): a `length` error
//   either:   JSON holds it, but it is past what a form or CertCentral takes: refused or sent as is
const HOSTILE = [
  ['undefined', () => undefined, 'faithful'],
  ['NaN', () => NaN, 'notjson'],
  ['Infinity', () => Infinity, 'notjson'],
  ['-Infinity', () => -Infinity, 'notjson'],
  ['-0', () => -0, 'faithful'],
  ['Number.MAX_VALUE', () => Number.MAX_VALUE, 'faithful'],
  ['5e-324', () => 5e-324, 'faithful'],
  ['a BigInt', () => 10n, 'notjson'],
  ['a huge BigInt', () => 2n ** 4000n, 'notjson'],
  ['a Symbol', () => Symbol('x'), 'notjson'],
  ['Symbol.iterator', () => Symbol.iterator, 'notjson'],
  ['a function', () => function f() { return 1; }, 'notjson'],
  ['an arrow function', () => () => 1, 'notjson'],
  ['an async function', () => async () => 1, 'notjson'],
  ['a class', () => class K {}, 'notjson'],
  ['a bound function', () => Math.max.bind(null), 'notjson'],
  ['a Date', () => new Date(0), 'notjson'],
  ['an invalid Date', () => new Date(NaN), 'notjson'],
  ['a Map', () => new Map([['common_name', 'example.com']]), 'notjson'],
  ['a Set', () => new Set(['example.com']), 'notjson'],
  ['a WeakMap', () => new WeakMap(), 'notjson'],
  ['a WeakSet', () => new WeakSet(), 'notjson'],
  ['a Uint8Array', () => new Uint8Array([1, 2, 3]), 'notjson'],
  ['a Float64Array', () => new Float64Array([NaN, Infinity]), 'notjson'],
  ['a BigInt64Array', () => new BigInt64Array([1n]), 'notjson'],
  ['a DataView', () => new DataView(new ArrayBuffer(4)), 'notjson'],
  ['an ArrayBuffer', () => new ArrayBuffer(16), 'notjson'],
  ['a SharedArrayBuffer', () => new SharedArrayBuffer(8), 'notjson'],
  ['a RegExp', () => /example\.com/g, 'notjson'],
  ['a Promise', () => Promise.resolve('example.com'), 'notjson'],
  ['a pending Promise', () => new Promise(() => {}), 'notjson'],
  ['an Error', () => new Error('boom'), 'notjson'],
  ['an AggregateError', () => new AggregateError([new TypeError('t')], 'agg'), 'notjson'],
  ['a boxed Number', () => new Number(1), 'notjson'],
  ['a boxed String', () => new String('example.com'), 'notjson'],
  ['a boxed Boolean', () => new Boolean(false), 'notjson'],
  ['a boxed BigInt', () => Object(1n), 'notjson'],
  ['a boxed Symbol', () => Object(Symbol('s')), 'notjson'],
  ['an arguments object', () => (function () { return arguments; })(1, 2), 'notjson'],
  ['a class instance', () => new Plain(), 'faithful'],
  ['a class instance with private fields', () => new WithPrivate(), 'faithful'],
  ['a class instance with its own toStringTag', () => new Tagged(), 'notjson'],
  ['a class instance whose toStringTag holds a newline and ESC', () => new EscapeTagged(), 'notjson'],
  ['an object whose toJSON gives 42', () => ({ toJSON: () => 42 }), 'faithful'],
  ['an object whose toJSON throws', () => ({ toJSON() { throw new Error('toJSON'); } }), 'threw'],
  ['an object whose toJSON gives a BigInt', () => ({ toJSON: () => 1n }), 'threw'],
  ['an object with a getter that throws', () => ({ n: 1, get common_name() { throw new Error('getter'); } }), 'threw'],
  ['an object with a getter that throws a string', () => ({ get n() { throw 'not an Error'; } }), 'threw'],
  ['an object with a getter that throws undefined', () => ({ get n() { throw undefined; } }), 'threw'],
  ['an array with a getter that throws', () => { const a = [1, 2]; Object.defineProperty(a, 1, { get() { throw new Error('idx'); }, enumerable: true }); return a; }, 'threw'],
  ['a Proxy whose get trap throws', throwingTrap('get'), 'threw'],
  ['a Proxy whose ownKeys trap throws', throwingTrap('ownKeys'), 'threw'],
  ['a Proxy whose getOwnPropertyDescriptor trap throws', throwingTrap('getOwnPropertyDescriptor'), 'threw'],
  ['a Proxy whose getPrototypeOf trap throws', throwingTrap('getPrototypeOf'), 'faithful'],
  ['a Proxy whose has trap throws', throwingTrap('has'), 'faithful'],
  ['an array Proxy whose get trap throws', throwingTrap('get', ['example.com']), 'threw'],
  ['a revoked Proxy (object)', revoked({}), 'threw'],
  ['a revoked Proxy (array)', revoked([]), 'threw'],
  ['a revoked Proxy (function)', revoked(() => 1), 'threw'],
  ['an object with a __proto__ own key', () => JSON.parse('{"__proto__": {"common_name": "example.com"}, "n": 1}'), 'faithful'],
  ['an object with a __proto__ own key holding an array', () => JSON.parse('{"__proto__": [1, 2]}'), 'faithful'],
  ['Object.create(null) (empty)', () => Object.create(null), 'faithful'],
  ['Object.create(null) with fields', () => Object.assign(Object.create(null), { common_name: 'example.com', n: [1, { x: null }] }), 'faithful'],
  ['an object inheriting the fields (Object.create(order))', () => Object.create(good), 'faithful'],
  ['a frozen object', () => Object.freeze({ common_name: 'example.com', n: Object.freeze([1]) }), 'faithful'],
  ['a sealed object', () => Object.seal({ n: 1 }), 'faithful'],
  ['a cyclic object', () => { const o = { n: 1 }; o.self = o; return o; }, 'limit'],
  ['a cycle through an array', () => { const o = { list: [] }; o.list.push(o); return o; }, 'limit'],
  ['a cyclic array', () => { const a = ['x']; a.push(a); return a; }, 'limit'],
  ['an endless chain of getters', infinite, 'limit'],
  ['100,000-deep objects', memo(() => deepObject(100_000)), 'limit'],
  ['100,000-deep arrays', memo(() => deepArray(100_000)), 'limit'],
  ['33-deep objects (one past the limit)', () => deepObject(33), 'limit'],
  ['a 10 MB string', memo(() => 'a'.repeat(10 * 1024 * 1024)), 'limit'],
  ['a string of 65,537 characters', () => 'b'.repeat(65_537), 'limit'],
  ['an object with a 10 MB key', memo(() => ({ ['k'.repeat(10 * 1024 * 1024)]: 1 })), 'either'],
  ['an array of 1,000,000 elements', memo(() => new Array(1_000_000).fill('example.com')), 'limit'],
  ['an array of 10,001 elements', () => new Array(10_001).fill(0), 'limit'],
  ['a sparse array of 100,000 holes', () => new Array(100_000), 'limit'],
  ['a sparse array of length 2^32 - 1', () => { const a = []; a.length = 2 ** 32 - 1; a[7] = 'x'; return a; }, 'limit'],
  ['a small sparse array', () => [, 'example.com'], 'notjson'],
  ['an array holding undefined', () => [undefined], 'notjson'],
  ['an object with 100,000 keys', memo(() => { const o = {}; for (let i = 0; i < 100_000; i++) o[`k${i}`] = i; return o; }), 'limit'],
  ['a string with lone surrogates', () => '\ud800example\udc00.com', 'faithful'],
];

const UNKNOWN = 'zz_unknown';
const PLACEMENTS = [
  { name: 'as the order', at: [], put: (x) => x },
  { name: 'at certificate.common_name', at: ['certificate', 'common_name'], put: (x) => ({ ...good, certificate: { ...good.certificate, common_name: x } }) },
  { name: 'at certificate', at: ['certificate'], put: (x) => ({ ...good, certificate: x }) },
  { name: 'at certificate.dns_names.0', at: ['certificate', 'dns_names', 0], put: (x) => ({ ...good, certificate: { ...good.certificate, dns_names: [x] } }) },
  { name: `under an unknown key (${UNKNOWN})`, at: [UNKNOWN], put: (x) => ({ ...good, [UNKNOWN]: x }) },
];
const under = (path, prefix) => prefix.every((k, i) => path[i] === k);

/** Runs `check` for every hostile value and placement; collects every problem, then fails once. */
async function forEachHostile(check) {
  const problems = [];
  for (const [name, make, kind] of HOSTILE) {
    for (const placement of PLACEMENTS) {
      const what = `${name} ${placement.name}`;
      try {
        await check({ name, kind, value: make(), placement, what });
      } catch (e) {
        const message = e?.message ?? show(e);
        problems.push(message.includes(what) ? message : `${what}: ${message}`);
      }
    }
  }
  return problems;
}

test('hostile values at the root, at known fields and under an unknown key → a report in < 1 s each; the module keeps working', async () => {
  const problems = await forEachHostile(({ kind, value, placement, what }) => {
    const order = placement.put(value);
    const r = validateChecked(SSL, order, TODAY, what, { limitMs: 1000, paths: false });
    if (placement.at[0] !== UNKNOWN) {
      assert.equal(r.valid, false, `${what}: valid`);
      assert.ok(r.issues.some((i) => i.severity === 'error' && under(i.path, placement.at)),
        `${what}: no error at or under ${placement.at.join('.') || 'the order'}: ${show(r.issues)}`);
    }
    if (kind === 'limit') {
      const codes = placement.at[0] === UNKNOWN ? ['length'] : ['length', 'type'];
      assert.ok(r.issues.some((i) => codes.includes(i.code) && i.severity === 'error' && under(i.path, placement.at)),
        `${what}: no ${codes.join('/')} error at or under ${placement.at.join('.') || 'the order'}: ${show(r.issues)}`);
    }
    if (placement.at[0] === UNKNOWN && kind === 'faithful') {
      assert.equal(r.valid, true, `${what}: a JSON value under an unknown key is only a warning: ${show(r.issues)}`);
    }
    assertStillWorks(what);
  });
  assert.deepEqual(problems, []);
});

test('hostile values: each reader limit is a length error at the value (10 MB string, 1,000,000 elements, 100,000 keys, 100,000 levels)', () => {
  const cases = [
    ['certificate.common_name', ['certificate', 'common_name'], (x) => ({ ...good, certificate: { ...good.certificate, common_name: x } }), 'a'.repeat(10 * 1024 * 1024)],
    [UNKNOWN, [UNKNOWN], (x) => ({ ...good, [UNKNOWN]: x }), 'a'.repeat(10 * 1024 * 1024)],
    ['certificate.dns_names', ['certificate', 'dns_names'], (x) => ({ ...good, certificate: { ...good.certificate, dns_names: x } }), new Array(1_000_000).fill('a.example.com')],
    ['the order', [], (x) => x, Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))],
    ['certificate (100,000 keys)', ['certificate'], (x) => ({ ...good, certificate: x }), Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))],
  ];
  for (const [name, at, put, value] of cases) {
    const r = validateChecked(SSL, put(value), TODAY, name, { limitMs: 1000, paths: false });
    const hit = r.issues.find((i) => i.code === 'length' && i.severity === 'error');
    assert.ok(hit, `${name}: no length error: ${show(r.issues)}`);
    assert.deepEqual(hit.path, at, `${name}: the length error is at the value`);
  }
  // Nesting: the error sits at the 33rd level, under the field.
  const r = validateChecked(SSL, { ...good, [UNKNOWN]: deepObject(100_000) }, TODAY, 'deep', { limitMs: 1000, paths: false });
  const deep = r.issues.find((i) => i.code === 'length');
  assert.ok(deep && deep.path[0] === UNKNOWN && deep.path.length > 1 && deep.path.length <= 34, show(r.issues));
  // At the limits exactly: nothing.
  // (The order is level 1, so the innermost object of `nested` is the 32nd level.)
  const atLimit = validateChecked(SSL, { ...good, [UNKNOWN]: { s: 'c'.repeat(65_536), list: new Array(10_000).fill(1), keys: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])), nested: deepObject(29) } }, TODAY, 'at the limits', { limitMs: 1000 });
  assert.deepEqual(atLimit.issues.filter((i) => i.code === 'length'), [], 'values exactly at the limits are read');
  const past = validateChecked(SSL, { ...good, [UNKNOWN]: { nested: deepObject(30) } }, TODAY, 'one level past', { limitMs: 1000 });
  assert.deepEqual(past.issues.filter((i) => i.code === 'length').map((i) => i.path.length), [32], 'the 33rd level is a length error');
  assertStillWorks('after the limits');
});

test('hostile values: JSON-equivalent wrappers of a good order validate exactly like it', () => {
  const deepFreeze = (v) => { if (v && typeof v === 'object') { Object.values(v).forEach(deepFreeze); Object.freeze(v); } return v; };
  const nullProto = (v) => Array.isArray(v) ? v.map(nullProto)
    : v && typeof v === 'object' ? Object.assign(Object.create(null), Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nullProto(x)]))) : v;
  const deepProxy = (v, handler) => v && typeof v === 'object'
    ? new Proxy(Array.isArray(v) ? v.map((x) => deepProxy(x, handler)) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepProxy(x, handler)])), handler) : v;
  const throwing = (trap) => ({ [trap]() { throw new Error(trap); } });
  for (const { product, order } of GOOD) {
    const expected = validateOrder(product, order, TODAY);
    const wrappers = {
      'deep-frozen': deepFreeze(structuredClone(order)),
      'null prototypes': nullProto(order),
      'a class instance': Object.assign(new Plain(), structuredClone(order), { common_name: undefined, n: undefined }),
      'benign Proxies': deepProxy(order, {}),
      'Proxies whose getPrototypeOf trap throws': deepProxy(order, throwing('getPrototypeOf')),
      'Proxies whose has/set/defineProperty/deleteProperty traps throw': deepProxy(order, { ...throwing('has'), ...throwing('set'), ...throwing('defineProperty'), ...throwing('deleteProperty') }),
      'undefined-valued extra keys': { ...structuredClone(order), extra: undefined, certificate: { ...order.certificate, also: undefined } },
      'symbol keys': { ...structuredClone(order), [Symbol('s')]: 1 },
      'non-enumerable extra keys': Object.defineProperty(structuredClone(order), 'hidden', { value: NaN, enumerable: false }),
    };
    for (const [name, w] of Object.entries(wrappers)) {
      const r = validateChecked(product, w, TODAY, `${product} as ${name}`, { paths: false });
      assert.deepEqual(r, expected, `${product} as ${name}`);
    }
  }
});

test('hostile values as the product argument → an unknown_product error (never a throw); orderFields → []; products() unchanged', async () => {
  const problems = [];
  for (const [name, make] of HOSTILE) {
    const product = make();
    try {
      validateChecked(product, good, TODAY, `product ${name}`, { limitMs: 1000 });
      const f = timed(1000, `orderFields(${name})`, () => orderFields(product));
      assert.deepEqual(f, [], `orderFields(${name})`);
      assert.deepEqual(timed(200, 'products()', () => products()), PRODUCTS);
      assertStillWorks(`product ${name}`);
    } catch (e) {
      problems.push(`${name}: ${e.message}`);
    }
  }
  // A product id in a box, or with a twist, is not the product.
  for (const p of [new String(SSL), [SSL], { toString: () => SSL }, `${SSL} `, SSL.toUpperCase(), `${SSL}\u0000`]) {
    try { validateChecked(p, good, TODAY, `product ${show(p)}`); } catch (e) { problems.push(e.message); }
  }
  assert.deepEqual(problems, []);
});

test('hostile values as options and as options.today → a type or format issue in the report (never a throw)', () => {
  const problems = [];
  for (const [name, make] of HOSTILE) {
    try {
      // { today: X }: anything but a real YYYY-MM-DD date is a format error.
      const t = make();
      const r = validateChecked(SSL, good, { today: t }, `options.today = ${name}`, { limitMs: 1000 });
      if (t !== undefined) {
        assert.ok(r.issues.some((i) => i.code === 'format' && i.severity === 'error' && i.path.length === 0), `options.today = ${name}: no format error: ${show(r.issues)}`);
      } else {
        assert.deepEqual(r, { valid: true, issues: [] });
      }
      // X itself as the options: a report; a non-object is a type error.
      const o = make();
      const r2 = validateChecked(SSL, good, o, `options = ${name}`, { limitMs: 1000 });
      if (o !== null && o !== undefined && typeof o !== 'object') {
        assert.ok(r2.issues.some((i) => i.code === 'type' && i.path.length === 0), `options = ${name}: no type error`);
      }
      assertStillWorks(`options ${name}`);
    } catch (e) {
      problems.push(`${name}: ${e.message}`);
    }
  }
  // Options whose today cannot be read: a type error, not a throw.
  for (const [name, o] of [['a throwing getter', { get today() { throw new Error('today'); } }], ['a throwing Proxy', new Proxy({}, { get() { throw new Error('get'); } })], ['a revoked Proxy', revoked({})()]]) {
    try {
      const r = validateChecked(SSL, good, o, `options = ${name}`);
      assert.ok(r.issues.some((i) => i.severity === 'error' && i.path.length === 0 && (i.code === 'type' || i.code === 'format')), `options = ${name}`);
    } catch (e) {
      problems.push(`${name}: ${e.message}`);
    }
  }
  assert.deepEqual(problems, []);
});

// ------------------------------------------------------------------------------------------
// Values whose every path is read: a few objects that refer to each other more than once make
// exponentially many paths within the 32 levels (a cycle through two keys: 2^32). Each call runs
// in a child process, so that a call that never returns fails the test instead of hanging it:
// the call's bound is CPU time (see `timed`), the child's a generous clock (LIMIT), since reading
// 2^32 paths would take hours, and a loaded machine only delays a linear read.

const EXPONENTIAL = [
  ['an object that refers to itself twice (o.a = o.b = o)', 'const v = {}; v.a = v; v.b = v;'],
  ['an array that holds itself twice', 'const v = []; v.push(v, v);'],
  ['24 objects sharing their children (a DAG, no cycle)', 'let v = 1; for (let i = 0; i < 24; i++) v = { a: v, b: v };'],
  ['a Proxy whose two keys lead back to itself', `const v = new Proxy({}, { ownKeys: () => ['a', 'b'],
      getOwnPropertyDescriptor: () => ({ value: v, enumerable: true, configurable: true, writable: true }),
      get: (t, k) => (k === 'a' || k === 'b' ? v : undefined) });`],
];

/** Runs `body` (ESM, with `validateOrder`, `CertCentralClient`, `good`, `cpuMs` and
 *  `timedValidate`, which prints an SSL order's report codes and CPU time, in scope) in a child
 *  process of the scratch app; resolves to its JSON output, or { timedOut } after `limitMs`. */
async function inChild(body, limitMs) {
  const src = `import { validateOrder, CertCentralClient } from 'certcentral-orders';
const good = ${JSON.stringify(good)};
const cpuMs = (t) => { const d = process.cpuUsage(t); return (d.user + d.system) / 1000; };
const timedValidate = (order) => {
  const t = process.cpuUsage(); const r = validateOrder('ssl_securesite', order, { today: '2026-11-22' });
  console.log(JSON.stringify({ ms: cpuMs(t), valid: r.valid, codes: r.issues.map((i) => i.code) }));
};
${body}`;
  try {
    const out = await nodeIn(['--input-type=module', '-e', src], { timeout: limitMs, killSignal: 'SIGKILL' });
    return JSON.parse(out.trim().split('\n').pop());
  } catch (e) {
    if (e.killed || e.signal) return { timedOut: true };
    throw e;
  }
}

test('bounded time: values with exponentially many paths (two references to one object, shared DAGs) → a report in < 1 s', async () => {
  const LIMIT = 30_000;
  const runs = [];
  for (const [name, make] of EXPONENTIAL) {
    runs.push([`${name}, as the order`, `${make}
timedValidate(v);`]);
  }
  runs.push([`${EXPONENTIAL[0][0]}, under an unknown key`, `${EXPONENTIAL[0][1]}
timedValidate({ ...good, ${UNKNOWN}: v });`]);
  runs.push([`${EXPONENTIAL[0][0]}, through orderCertificate`, `${EXPONENTIAL[0][1]}
const c = new CertCentralClient({ baseUrl: 'http://127.0.0.1:9/services/v2', timeoutMs: 100, maxRetries: 0 });
const t = process.cpuUsage(); const p = c.orderCertificate('ssl_securesite', { ...good, ${UNKNOWN}: v }, { today: '2026-11-22' });
const ms = cpuMs(t); const e = await p.then(() => null, (x) => x);
console.log(JSON.stringify({ ms, valid: false, codes: [e && e.kind] }));`]);
  // A control: one reference back (a plain cycle) is answered at once, so the harness works.
  runs.push(['control: an object that refers to itself once', `const v = {}; v.a = v;
timedValidate(v);`]);
  const results = await Promise.all(runs.map(async ([what, body]) => [what, await inChild(body, LIMIT)]));
  const control = results.pop()[1];
  assert.ok(!control.timedOut && control.ms < 1000 && control.codes.includes('length'), `control: ${show(control)}`);
  const problems = [];
  for (const [what, r] of results) {
    if (r.timedOut) problems.push(`${what}: no answer within ${LIMIT} ms`);
    else if (!(r.ms < 1000)) problems.push(`${what}: took ${Math.round(r.ms)} ms`);
    else if (r.valid !== false) problems.push(`${what}: valid`);
  }
  assert.deepEqual(problems, []);
});

test('bounded time: past 10,000 entries the rest of a list is not read (10,000,000 holes, 10,000,000 zeros, 1,000,000 keys) → < 1 s', async () => {
  const LIMIT = 30_000;
  const cases = [
    ['an array of 10,000,000 holes', 'const v = new Array(10_000_000);'],
    ['an array of 10,000,000 zeros', 'const v = new Array(10_000_000).fill(0);'],
    ['an object of 1,000,000 keys', 'const v = {}; for (let i = 0; i < 1_000_000; i++) v[i] = 0;'],
    ['control: an array of 10,001 zeros', 'const v = new Array(10_001).fill(0);'],
  ];
  const results = await Promise.all(cases.map(async ([what, make]) => [what, await inChild(`${make}
timedValidate({ ...good, ${UNKNOWN}: v });`, LIMIT)]));
  const control = results.pop()[1];
  assert.ok(!control.timedOut && control.ms < 1000 && control.codes.includes('length'), `control: ${show(control)}`);
  const problems = [];
  for (const [what, r] of results) {
    if (r.timedOut) problems.push(`${what}: no answer within ${LIMIT} ms`);
    else if (!(r.ms < 1000)) problems.push(`${what}: took ${Math.round(r.ms)} ms`);
    else if (!r.codes.includes('length')) problems.push(`${what}: no length issue`);
  }
  assert.deepEqual(problems, []);
});

// ------------------------------------------------------------------------------------------
// The tape writer's two walks (trusting, or step by step with every step guarded) must read the
// same JS value the same way.

test('readers agree: a string of 40,000 emoji is 80,000 characters (UTF-16 code units) on both paths', () => {
  const emoji = '\u{1F600}'.repeat(40_000); // .length === 80,000
  assert.equal(emoji.length, 80_000);
  for (const [name, order, at] of [
    ['under an unknown key', { ...good, [UNKNOWN]: emoji }, [UNKNOWN]],
    ['in comments', { ...good, comments: emoji }, ['comments']],
  ]) {
    const fast = validateOrder(SSL, order, TODAY);
    const slow = validateOrder(SSL, stepByStep(order), TODAY);
    checkReport(fast, name);
    checkReport(slow, name);
    assert.ok(slow.issues.some((i) => i.code === 'length' && i.field === at.join('.')), `step by step, ${name}: a length error (${show(slow.issues)})`);
    assert.deepEqual(fast, slow, `${name}: the fast path reads a string of ${emoji.length} UTF-16 code units as within the 65,536 limit; step by step it is a length error`);
  }
});

test('readers agree: a string that merely starts with the reader\'s internal marker is still a string', () => {
  const marker = '\u0000certcentral-orders:';
  for (const [name, order] of [
    ['in comments', { ...good, comments: `${marker}x` }],
    ['at certificate.common_name', { ...good, certificate: { ...good.certificate, common_name: `${marker}NaN` } }],
    ['inside an unknown key', { ...good, [UNKNOWN]: [`${marker}a Date object`] }],
  ]) {
    const fast = validateOrder(SSL, order, TODAY);
    const slow = validateOrder(SSL, stepByStep(order), TODAY);
    checkReport(fast, name);
    assert.ok(!fast.issues.some((i) => / not (NaN|x|a Date object)\b/.test(i.message)), `${name}: a JSON string is reported as a non-JSON value: ${show(fast.issues)}`);
    assert.deepEqual(fast, slow, `${name}: the two readers disagree`);
  }
});

test('readers agree: an enumerable property added to Object.prototype is not read as part of any order', () => {
  // The fast path walks objects with for-in, which lists inherited keys: it must step aside.
  const expected = validateOrder(SSL, good, TODAY);
  const unknownBefore = validateOrder(SSL, { ...good, [UNKNOWN]: 1 }, TODAY);
  Object.prototype.comments = 5; // eslint-disable-line no-extend-native
  Object.prototype[UNKNOWN] = 'x'; // eslint-disable-line no-extend-native
  try {
    assert.deepEqual(validateOrder(SSL, good, TODAY), expected, 'inherited keys changed the report');
    assert.deepEqual(validateOrder(SSL, { ...good, [UNKNOWN]: 1 }, TODAY), unknownBefore, 'an own key is still read');
  } finally {
    delete Object.prototype.comments;
    delete Object.prototype[UNKNOWN];
  }
  assert.deepEqual(validateOrder(SSL, good, TODAY), expected, 'after the clean-up');
});

test('readers agree: field names sent by index and as text give the same report (keys the rules know, unknown and look-alike keys)', () => {
  for (const order of [
    good,
    { ...good, Certificate: good.certificate, 'certificate ': 1, certificates: [], comments: 'x', '': 0, __proto__: null },
    { ...good, certificate: { ...good.certificate, dns_names: ['a.example.com'], dns_name: 'b.example.com', csr: 42 } },
  ]) {
    assert.deepEqual(validateOrder(SSL, order, TODAY), validateOrder(SSL, stepByStep(order), TODAY));
  }
});

test('readers agree: a key longer than 65,536 characters is not renamed to "" (nor merged with another long key)', () => {
  const k1 = 'k'.repeat(70_000);
  const k2 = 'j'.repeat(70_000);
  const order = { ...good, [k1]: 1, [k2]: { a: 'x'.repeat(100_000) } };
  const fast = validateOrder(SSL, order, TODAY);
  checkReport(fast, 'long keys');
  checkPaths(fast, order, 'long keys (fast path)');
  const slow = validateOrder(SSL, stepByStep(order), TODAY);
  checkPaths(slow, order, 'long keys (step by step)');
  assert.deepEqual(fast.issues.map((i) => i.path.map((p) => String(p).length)), slow.issues.map((i) => i.path.map((p) => String(p).length)),
    'the issues name the same places on both paths');
});

test('bounded time: an object of 3,000 keys of 1,000 characters (3 MB) is read in < 1 s', () => {
  const prefix = 'p'.repeat(1_000);
  const big = {};
  for (let i = 0; i < 3_000; i++) big[`${prefix}${i}`] = i;
  const step = timed(1000, 'step by step', () => validateOrder(SSL, stepByStep({ ...good, [UNKNOWN]: big }), TODAY));
  const fast = timed(1000, 'the fast path (JSON text): the duplicate-key check is quadratic in keys × key length',
    () => validateOrder(SSL, { ...good, [UNKNOWN]: big }, TODAY));
  assert.deepEqual(fast, step);
  assertStillWorks('after many long keys');
});

// ==========================================================================================
// CertCentralClient.orderCertificate: hostile values never reach the network

let sb;
before(async () => { sb = await startSandbox({ port: 0 }); });
after(async () => { await sb?.close(); });
beforeEach(() => sb?.reset());

const TIMEOUT = Symbol('timeout');
async function settle(promise, ms = 5000) {
  let timer;
  const limit = new Promise((resolve) => { timer = setTimeout(() => resolve({ timeout: TIMEOUT }), ms); });
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error) => ({ error })), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Calls orderCertificate: it must return a promise (never throw) and settle in time. */
async function order(client, product, body, options, what) {
  let p;
  try {
    p = client.orderCertificate(product, body, options);
  } catch (e) {
    assert.fail(`${what}: orderCertificate threw synchronously: ${show(e)}`);
  }
  assert.ok(p instanceof Promise, `${what}: not a promise`);
  const out = await settle(p);
  assert.notEqual(out.timeout, TIMEOUT, `${what}: did not settle within 5 s`);
  return out;
}

function assertValidationError(out, what) {
  assert.ok('error' in out, `${what}: resolved ${show(out.value)} (requests: ${sb.requests.length}${sb.requests[0] ? `, body ending ${show(sb.requests[0].body.slice(-120))}` : ''})`);
  assert.ok(out.error instanceof CertCentralError, `${what}: rejected with ${show(out.error)}, not a CertCentralError`);
  assert.equal(out.error.kind, 'validation', `${what}: kind ${out.error.kind}: ${out.error.message}`);
  assert.equal(out.error.attempts, 0, `${what}: attempts`);
  assert.ok(Array.isArray(out.error.issues), `${what}: issues`);
}

const client = () => new CertCentralClient({ baseUrl: sb.baseUrl, timeoutMs: 3000, maxRetries: 0 });

test('orderCertificate: hostile values as the order and at known fields → kind "validation", nothing sent, never a synchronous throw', async () => {
  const c = client();
  const problems = await forEachHostile(async ({ value, placement, what }) => {
    if (placement.at[0] === UNKNOWN) return;
    sb.reset();
    const out = await order(c, SSL, placement.put(value), TODAY, what);
    assertValidationError(out, what);
    assert.equal(sb.requests.length, 0, `${what}: a request reached the sandbox`);
  });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(sb.requests.length, 0);
  assert.deepEqual(problems, []);
});

// The body sent is the order as the rules read it: JSON.stringify's text, but for a lone surrogate
// (ill-formed UTF-16, which JSON.stringify escapes), read and sent as U+FFFD as UTF-8 has it.
const wellFormed = (v) => (typeof v === 'string' ? v.toWellFormed()
  : Array.isArray(v) ? v.map(wellFormed)
  : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toWellFormed(), wellFormed(x)])) : v);
const asRead = (body) => JSON.stringify(wellFormed(JSON.parse(JSON.stringify(body))));

test('orderCertificate: under an unknown key, what JSON cannot hold is refused (kind "validation"); what it can hold is sent byte for byte, as the rules read it', async () => {
  const c = client();
  const problems = await forEachHostile(async ({ kind, value, placement, what }) => {
    if (placement.at[0] !== UNKNOWN) return;
    sb.reset();
    const body = placement.put(value);
    const verdict = validateOrder(SSL, body, TODAY);
    const out = await order(c, SSL, body, TODAY, what);
    if (kind === 'faithful' && verdict.valid) {
      assert.ok('value' in out, `${what}: a JSON-equivalent order was refused: ${out.error?.kind} ${out.error?.message}`);
      assert.equal(sb.requests.length, 1, `${what}: requests`);
      assert.equal(sb.requests[0].body, asRead(body), `${what}: the body sent is JSON.stringify(order) as the rules read it`);
    } else if (kind === 'either') {
      // Refused before sending, or sent as is (a 10 MB key: the sandbox keeps the first 8 MiB and
      // answers 413).
      if ('error' in out && out.error?.kind === 'validation') {
        assert.equal(sb.requests.length, 0, what);
      } else {
        const sent = sb.requests[0]?.body ?? '';
        assert.ok(sent.length > 0 && asRead(body).startsWith(sent), `${what}: the body sent is JSON.stringify(order)`);
      }
    } else {
      assertValidationError(out, `${what} [${kind}]`);
      assert.equal(sb.requests.length, 0, `${what}: a request reached the sandbox`);
    }
  });
  assert.deepEqual(problems, []);
});

test('orderCertificate: hostile products, options and options.today → kind "validation" or a TypeError, nothing sent', async () => {
  const c = client();
  const problems = [];
  const run = async (what, fn) => {
    sb.reset();
    try { await fn(); } catch (e) { problems.push(`${what}: ${e.message}`); }
  };
  for (const [name, make] of HOSTILE) {
    await run(`product ${name}`, async () => {
      const out = await order(c, make(), good, TODAY, `product ${name}`);
      assertValidationError(out, `product ${name}`);
      assert.ok(out.error.issues.some((i) => i.code === 'unknown_product'), `product ${name}: no unknown_product issue`);
      assert.equal(sb.requests.length, 0);
    });
    const today = make();
    if (today !== undefined) {
      await run(`options.today ${name}`, async () => {
        const out = await order(c, SSL, good, { today }, `options.today ${name}`);
        assertValidationError(out, `options.today ${name}`);
        assert.ok(out.error.issues.some((i) => i.code === 'format'), `options.today ${name}: no format issue`);
        assert.equal(sb.requests.length, 0);
      });
    }
    const signal = make();
    if (signal !== undefined) {
      await run(`options.signal ${name}`, async () => {
        const out = await order(c, SSL, good, { signal, ...TODAY }, `options.signal ${name}`);
        assert.ok('error' in out, `options.signal ${name}: was sent`);
        assert.ok(out.error instanceof TypeError, `options.signal ${name}: ${show(out.error)}`);
        assert.match(out.error.message, /signal/);
        assert.equal(sb.requests.length, 0);
      });
    }
    await run(`options ${name}`, async () => {
      const o = make();
      const out = await order(c, SSL, good, o, `options ${name}`);
      if ('error' in out) {
        assert.ok(out.error instanceof TypeError || (out.error instanceof CertCentralError && out.error.kind === 'validation'), `options ${name}: ${show(out.error)}`);
        assert.equal(sb.requests.length, 0);
      }
      if (o !== null && o !== undefined && typeof o !== 'object') assert.ok(out.error instanceof TypeError, `options ${name}: not a TypeError`);
    });
  }
  assert.deepEqual(problems, []);
  assertStillWorks('after the client');
});

test('orderCertificate: fc-generated orders that validateOrder refuses are never sent; the verdict is validateOrder\'s', async () => {
  const c = client();
  await fc.assert(fc.asyncProperty(fc.oneof(mutatedOrder, placedInOrder(anything)), async ({ product, order: body }) => {
    sb.reset();
    const verdict = validateOrder(product, body, TODAY);
    const out = await order(c, product, body, TODAY, 'fc order');
    if (!verdict.valid) {
      assertValidationError(out, `fc order ${show(body)}`);
      assert.deepEqual(out.error.issues, verdict.issues);
      assert.equal(sb.requests.length, 0);
    } else if (sb.requests.length > 0) {
      assert.equal(sb.requests[0].body, JSON.stringify(body), 'the body sent is JSON.stringify(order)');
    }
  }), fcOptions(150));
});

test('an order whose getter validates another order: each report is the one for its own order', () => {
  const plain = { ...good, validity_years: 1, comments: 'hi' };
  const other = { ...good, validity_years: 9 };
  const want = validateOrder(SSL, plain, TODAY);
  const wantOther = validateOrder(SSL, other, TODAY);
  assert.equal(wantOther.valid, false, 'the other order has an error of its own');
  const inner = [];
  const order = { ...good, validity_years: 1 };
  Object.defineProperty(order, 'comments', {
    enumerable: true,
    get() {
      inner.push(validateOrder(SSL, other, TODAY));
      return 'hi';
    },
  });
  assert.deepEqual(validateOrder(SSL, order, TODAY), want, 'the outer order is checked as itself');
  assert.ok(inner.length > 0);
  for (const r of inner) assert.deepEqual(r, wantOther, 'the inner order is checked as itself');
  assertStillWorks('after a validating getter');
});

test("a process's first validation made by a getter while the client reads an order: a report, not a TypeError", async () => {
  // CommonJS gets one glue for the client and validateOrder (as a bundle does in browsers): the
  // process's first validateOrder comes while the client's walk of its order holds the buffers.
  const src = `
globalThis.fetch = () => Promise.reject(new Error('nothing is sent here'));
const { CertCentralClient, validateOrder } = require('certcentral-orders');
const today = { today: '2026-11-22' };
const other = { certificate: { common_name: 5 } };
let inner;
const order = { certificate: { common_name: 'www.example.com' } };
Object.defineProperty(order, 'comments', { enumerable: true, get() {
  try { inner = validateOrder('ssl_securesite', other, today); } catch (e) { inner = { threw: String(e) }; }
  return 'x';
} });
const client = new CertCentralClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/services/v2', maxRetries: 0 });
client.orderCertificate('ssl_securesite', order, today).then(() => 'sent', (e) => e.kind)
  .then((kind) => console.log(JSON.stringify({ kind, inner, alone: validateOrder('ssl_securesite', other, today) })));
`;
  const out = JSON.parse((await nodeIn(['-e', src], { timeout: 30_000 })).trim().split('\n').pop());
  assert.equal(out.kind, 'validation', JSON.stringify(out));
  assert.equal(out.inner.threw, undefined, out.inner.threw);
  assert.ok(out.inner.issues.some((i) => i.field === 'certificate.common_name' && i.code === 'type'), JSON.stringify(out.inner));
  assert.deepEqual(out.inner, out.alone, 'the report the same order gets on its own');
});

test('an order whose getter makes wasm memory grow (a big CSR read mid-walk): the report is its own order\'s', () => {
  // Each round reads a CSR twice the size of the last, which the wasm copies into its memory:
  // past what it holds, memory grows while the order's tape is being written. What follows the
  // getter differs each round, so a tape that lost those writes would not read as this order.
  for (let mb = 4; mb <= 32; mb *= 2) {
    const want = validateOrder(SSL, { ...good, comments: 'hi', validity_years: mb, [UNKNOWN]: `${mb} MB` }, TODAY);
    const order = { ...good };
    Object.defineProperty(order, 'comments', {
      enumerable: true,
      get() {
        const info = inspectCsr('x'.repeat(mb << 20));
        assert.equal(info.valid, false);
        return 'hi';
      },
    });
    order.validity_years = mb;
    order[UNKNOWN] = `${mb} MB`;
    assert.deepEqual(validateOrder(SSL, order, TODAY), want, `${mb} MB read mid-walk`);
  }
  assertStillWorks('after memory grew mid-walk');
});

test('an order whose getter inspects a CSR (small, and past the kept buffer): the report and the CSR details are each their own', () => {
  const pem = readFileSync(join(root, 'tests', 'fixtures', 'csr', 'rsa2048.pem'), 'utf8');
  const wantCsr = inspectCsr(pem);
  assert.equal(wantCsr.valid, true);
  for (const text of [pem, `${pem}${' '.repeat(100_000)}`]) {
    const plain = { ...good, validity_years: 9, comments: 'hi', [UNKNOWN]: text.length };
    const want = validateOrder(SSL, plain, TODAY);
    const seen = [];
    const order = { ...good, validity_years: 9 };
    Object.defineProperty(order, 'comments', {
      enumerable: true,
      get() {
        seen.push(inspectCsr(text));
        return 'hi';
      },
    });
    order[UNKNOWN] = text.length;
    assert.deepEqual(validateOrder(SSL, order, TODAY), want, `${text.length} characters`);
    assert.ok(seen.length > 0);
    for (const info of seen) assert.deepEqual(info, wantCsr, `${text.length} characters: the CSR's details`);
  }
});

test('an order whose copy would pass 1 GiB (5,500 references to one string of 196,608 UTF-8 bytes) is reported at its root as too big to read; the module keeps working', () => {
  const huge = { ...good, [UNKNOWN]: new Array(5_500).fill('€'.repeat(65_536)) };
  const r = validateChecked(SSL, huge, TODAY, 'a 1 GiB order', { limitMs: 10_000, paths: false });
  assert.equal(r.valid, false);
  const hit = r.issues.find((i) => i.rule === 'field.limits' && i.path.length === 0);
  assert.ok(hit, show(r.issues));
  assert.equal(hit.severity, 'error');
  assert.deepEqual(hit.params, { max: 2 ** 30 });
  assert.match(hit.message, /larger than 1073741824 bytes/);
  assertStillWorks('after a 1 GiB order');
});
