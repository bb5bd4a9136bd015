// The JS tape writer (src/js/support.js, orderToTape) on its own, from the source: when the buffer
// it is given is too small it measures the rest of the walk instead of writing, and answers
// FULL - needed. The second walk then writes into a buffer of exactly that size (support.js,
// tapeIn), so the size must be exact: one byte less is still too small, the exact size is written
// whole and holds the same bytes as a roomy buffer, for plain data and for everything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { orderToTape } from '../../src/js/support.js';
import { stepByStep } from './step-by-step.mjs';

const FULL = -2;
// Keys the rules know ('certificate', 'common_name', 'dns_names', 'comments') go as an index, the
// rest as text.

const write = (value, size, product = 'ssl_securesite', options = { today: '2026-11-22' }) => {
  const into = new Uint8Array(size);
  return { n: orderToTape(value, into, product, options), into };
};

/** Checks the writer's answers for `value` around the size it measures; returns that size. */
function checkMeasured(value) {
  const small = write(value, 8);
  assert.ok(small.n <= FULL, `an 8-byte buffer is too small: ${small.n}`);
  const needed = FULL - small.n;
  const roomy = write(value, needed + 4096);
  assert.equal(roomy.n, needed, 'the size measured is the size written');
  const exact = write(value, needed);
  assert.equal(exact.n, needed, 'a buffer of the measured size is enough');
  assert.deepEqual(exact.into, roomy.into.subarray(0, needed), 'and holds the same tape');
  assert.equal(write(value, needed - 1).n, FULL - needed, 'one byte less is too small, by the same count');
  return needed;
}

test('tape writer: the size it measures past a full buffer is exact (strings of every UTF-8 length, lone surrogates, nesting, known and unknown keys)', () => {
  const text = fc.string({ unit: fc.constantFrom('grapheme', 'binary', 'binary-ascii'), maxLength: 60 });
  const text2 = fc.oneof(text, fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('\ud800', 'a\udc00b', '\ud83d\ude00', 'é€😀'));
  const leaf = fc.oneof(text2, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
  const key = fc.oneof(fc.constantFrom('certificate', 'common_name', 'dns_names', 'comments', 'zz_unknown'), text2);
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 6 }),
    object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  }));
  fc.assert(fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (order) => {
    checkMeasured(order);
  }), { numRuns: 400 });
});

test('tape writer: an order of 186 KB is measured in one walk and written whole into a buffer of that size', () => {
  const order = { certificate: { common_name: 'example.com', dns_names: Array.from({ length: 2000 }, (_, i) => `host-${i}.example.com`) }, comments: 'é😀\ud800'.repeat(15000) };
  const needed = checkMeasured(order);
  assert.ok(needed > 180_000, `${needed} bytes`);
});

test('tape writer: values that are not plain data are measured exactly too (what JSON cannot carry, throwing getters, values past the limits)', () => {
  const big = 'x'.repeat(100_000);
  for (const [name, order] of [
    ['a Date after a long string', { comments: big, when: new Date(0) }],
    ['NaN, undefined, a BigInt, a Symbol and a function in a list', { comments: big, list: [NaN, undefined, 10n, Symbol('s'), () => 1] }],
    ['an object of 1,000,000 keys after a long string', { comments: big, zz: Object.fromEntries(Array.from({ length: 1_000_000 }, (_, i) => [i, 0])) }],
    ['a getter that throws after a long string', { comments: big, get zz() { throw new Error('no'); } }],
    ['a toJSON that replaces a value', { comments: big, zz: { toJSON: (key) => ({ key, long: 'é'.repeat(70_000) }) } }],
    ['a key longer than the string limit', { [`k${'é'.repeat(70_000)}`]: 1 }],
  ]) {
    assert.ok(checkMeasured(order) > 10, name);
  }
});

test('tape writer: the guarded walk writes plain data byte for byte as the trusting walk does', () => {
  const text = fc.string({ unit: fc.constantFrom('grapheme', 'binary', 'binary-ascii'), maxLength: 30 });
  const key = fc.oneof(fc.constantFrom('certificate', 'common_name', 'dns_names', 'comments', 'zz_unknown', '0', '10'), text);
  const leaf = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 6 }),
    object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  }));
  fc.assert(fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (order) => {
    const trusting = write(order, 1 << 16);
    const guarded = write(stepByStep(order), 1 << 16);
    assert.ok(trusting.n > 0);
    assert.equal(guarded.n, trusting.n);
    assert.deepEqual(guarded.into.subarray(0, guarded.n), trusting.into.subarray(0, trusting.n));
  }), { numRuns: 300 });
});

test('tape writer: every answer is a tape (undefined, primitives and functions as the order or the product)', () => {
  for (const value of [undefined, null, 0, NaN, '', 'x', true, Symbol('s'), 10n, () => 1, [], {}]) {
    for (const [what, n] of [['order', write(value, 1024).n], ['product', write({}, 1024, value).n]]) {
      assert.ok(Number.isInteger(n) && n > 0, `${String(value)} as the ${what}: ${String(n)}`);
    }
  }
});

test('tape writer: an order whose getter writes another order (into a buffer of its own) is written whole, and so is the other', () => {
  const alone = (value) => {
    const { n, into } = write(value, 4096);
    return into.subarray(0, n);
  };
  let inner;
  const innerOrder = { validity_years: 9, comments: [NaN] };
  const order = {
    validity_years: 1,
    list: [1, 2, NaN],
    get comments() {
      inner = alone(innerOrder);
      return 'hi';
    },
    after: 'x',
  };
  const outer = alone(order);
  assert.deepEqual(inner, alone(innerOrder), 'the walk inside it');
  assert.deepEqual(outer, alone({ validity_years: 1, list: [1, 2, NaN], comments: 'hi', after: 'x' }), 'the outer walk');
  // And the writer is not left thinking it is inside a walk.
  assert.ok(write({ validity_years: 1 }, 4096).n > 0);
});

test('tape writer: a buffer that loses its memory during the walk (wasm memory grew) is answered too small, by the whole tape', () => {
  const order = (into) => ({
    validity_years: 1,
    get comments() {
      if (into) structuredClone(into.buffer, { transfer: [into.buffer] });
      return 'hi';
    },
    after: 'x',
  });
  const whole = write(order(null), 4096).n;
  const into = new Uint8Array(4096);
  assert.equal(orderToTape(order(into), into, 'ssl_securesite', { today: '2026-11-22' }), FULL - whole);
});
