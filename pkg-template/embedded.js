// Bundlers (Vite, webpack, esbuild, Rollup, ...; the package's "default" export, and "module"
// under "node" for a bundle that runs in Node): the wasm is in this module as text (see
// scripts/embed-wasm.mjs) and is instantiated synchronously on import. No top-level await, no
// .wasm file to emit or serve, no loader to configure, and `import` (or `require`) is enough.
// Pages without a bundler load browser.js (which fetches the .wasm); certcentral-orders/web
// leaves loading it to you.
import { initSync } from './certcentral_orders.js';

function decode(text, alphabet, ranked, length) {
  const code = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) code[alphabet.charCodeAt(i)] = i;
  const bytes = new Uint8Array(256);
  for (let i = 0; i < 256; i++) bytes[i] = parseInt(ranked.slice(2 * i, 2 * i + 2), 16);
  const wasm = new Uint8Array(length);
  const singles = alphabet.length - 2;
  for (let i = 0, o = 0; o < length; i++) {
    const c = code[text.charCodeAt(i)];
    wasm[o++] = bytes[c < 2 ? singles + c * alphabet.length + code[text.charCodeAt(++i)] : c - 2];
  }
  return wasm;
}

initSync({ module: decode('/* WASM */', '/* ALPHABET */', '/* RANKED */', /* LENGTH */) });

export { /* EXPORTS */ } from './certcentral_orders.js';
