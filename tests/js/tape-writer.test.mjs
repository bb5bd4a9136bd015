// The JS tape writer (src/js/support.js, orderToTape) on its own, from the source: when the buffer
// it is given is too small it measures the rest of the walk instead of writing, and answers
// FULL - needed. The Rust side then makes a buffer of exactly that size (wasm/src/bindings.rs, load),
// so the size must be exact: one byte less is still too small, the exact size is written whole
// and holds the same bytes as a roomy buffer. A value that is not plain is found as such even
// after the buffer ran out (then the order is read step by step, without a second walk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { orderToTape } from '../../src/js/support.js';

const NOT_PLAIN = -1;
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

test('tape writer: a value that is not plain is found after the buffer ran out (not FULL)', () => {
  const big = 'x'.repeat(100_000);
  for (const [name, order] of [
    ['a Date after a long string', { comments: big, when: new Date(0) }],
    ['NaN after a long string', { comments: big, n: NaN }],
    ['an object of 1,000,000 keys after a long string', { comments: big, zz: Object.fromEntries(Array.from({ length: 1_000_000 }, (_, i) => [i, 0])) }],
    ['a getter that throws after a long string', { comments: big, get zz() { throw new Error('no'); } }],
  ]) {
    assert.equal(write(order, 1024).n, NOT_PLAIN, name);
  }
});

test('tape writer: every answer is a number (undefined, primitives and functions as the order)', () => {
  for (const value of [undefined, null, 0, NaN, '', 'x', true, Symbol('s'), 10n, () => 1, [], {}]) {
    const { n } = write(value, 1024);
    assert.equal(typeof n, 'number', `${String(value)}: ${String(n)}`);
    assert.ok(Number.isInteger(n) && (n === NOT_PLAIN || n > 0), `${String(value)}: ${n}`);
  }
});

test('tape writer: an order whose getter writes another order into the same buffer is read step by step, both of them', () => {
  const into = new Uint8Array(4096);
  let inner;
  const order = {
    validity_years: 1,
    get comments() {
      inner = orderToTape({ validity_years: 9 }, into, 'ssl_securesite', { today: '2026-11-22' });
      return 'hi';
    },
  };
  assert.equal(orderToTape(order, into, 'ssl_securesite', { today: '2026-11-22' }), NOT_PLAIN, 'the outer walk');
  assert.equal(inner, NOT_PLAIN, 'the walk inside it');
  // And the writer is not left thinking it is inside a walk.
  assert.ok(orderToTape({ validity_years: 1 }, into, 'ssl_securesite', { today: '2026-11-22' }) > 0);
});
