// Shared by the tape writer's tests (tape-writer.test.mjs, properties.test.mjs); needs no package.

/** A view of `v` that makes the tape writer's trusting walk give up on its first step, so the
 *  value is written by its guarded walk, which reads it step by step as JSON.stringify would
 *  (src/js/support.js, putAny); it reads exactly the same data. */
export function stepByStep(v) {
  let first = true;
  return new Proxy(v, {
    get(t, k, r) {
      if (k === 'toJSON' && first) {
        first = false;
        throw new Error('read me step by step');
      }
      return Reflect.get(t, k, r);
    },
  });
}
