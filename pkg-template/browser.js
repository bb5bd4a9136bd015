// Pages without a bundler (an import map pointing here): fetch and instantiate the wasm beside
// this file, then expose the API. Top-level await: importing the package is enough, no init call,
// and the browser compiles the .wasm as it streams in (and caches the compiled code). Bundlers get
// embedded.js instead (the package's "default" export), which needs neither. Both export what
// Node's entries do, listed by the build (the glue's initSync and init are certcentral-orders/web's).
import init from './certcentral_orders.js';

await init({ module_or_path: new URL('./certcentral_orders_bg.wasm', import.meta.url) });

export { /* EXPORTS */ } from './certcentral_orders.js';
