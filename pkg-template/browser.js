// Browsers and bundlers: fetch and instantiate the wasm beside this file, then expose the API.
// Top-level await: importing the package is enough, no init call.
import init from './certcentral_orders.js';

await init({ module_or_path: new URL('./certcentral_orders_bg.wasm', import.meta.url) });

export * from './certcentral_orders.js';
