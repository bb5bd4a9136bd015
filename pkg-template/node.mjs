// Node ESM entry: the CommonJS glue loads the wasm synchronously, so `import` needs no init call
// and shares one instance with `require("certcentral-orders")`. Loaded through `createRequire`
// with the names listed (scripts/build-pkg.mjs fills them in from the glue's exports) rather than
// `export * from './node.cjs'`, which makes Node scan the glue for its exports: measured ~2.5 ms
// of a ~10 ms start.
import { createRequire } from 'node:module';

const glue = createRequire(import.meta.url)('./node.cjs');
export const { /* EXPORTS */ } = glue;
