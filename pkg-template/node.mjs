// Node ESM entry: the web glue (an ES module, as browsers load it) with the wasm read and
// compiled synchronously, so `import` needs no init call. Not a re-export of node.cjs: the hop
// into CommonJS (createRequire, Node's CommonJS loader) cost ~0.85 ms of a ~9.5 ms start
// (median of 41 fresh processes each).
//
// Still one instance per process: whichever of node.mjs and node.cjs loads first registers its
// exports under a global symbol named for this package and version, and the other hands out
// those, so `import` and `require` give the same functions and classes (instanceof works across
// them). scripts/build-pkg.mjs fills in the key and the names.
import { readFileSync } from 'node:fs';
import * as glue from './certcentral_orders.js';

const key = Symbol.for('/* REGISTRY */');
let api = globalThis[key];
if (api === undefined) {
  // Bundlers get embedded.js (the "module" condition); one that took this file and wrote CommonJS
  // leaves import.meta empty: say that, not "Invalid URL".
  if (!import.meta.url) throw new Error('certcentral-orders: node.mjs bundled without import.meta.url; keep the "module" condition in the bundler\'s conditions (it gives embedded.js, the wasm inside)');
  glue.initSync({ module: readFileSync(new URL('./certcentral_orders_bg.wasm', import.meta.url)) });
  const { /* EXPORTS */ } = glue;
  api = Object.freeze({ /* EXPORTS */ });
  Object.defineProperty(globalThis, key, { value: api });
}
export const { /* EXPORTS */ } = api;
