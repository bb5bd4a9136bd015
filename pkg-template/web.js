// For those who load the wasm themselves: call `init()` (or `initSync()`) before anything else.
//   import init, { validateOrder } from "certcentral-orders/web";
//   await init();                       // fetches certcentral_orders_bg.wasm beside this file
//   await init({ module_or_path: url }); // or from your own URL / bytes / WebAssembly.Module
// The default URL is written as `new URL("./<file>", import.meta.url)`, the form Vite and webpack
// recognise: they emit the .wasm into the build and point the URL at it.
import initGlue, { initSync } from './certcentral_orders.js';

export default function init(options) {
  if (options === undefined || (options !== null && Object.getPrototypeOf(options) === Object.prototype && options.module_or_path === undefined)) {
    options = { ...options, module_or_path: new URL('./certcentral_orders_bg.wasm', import.meta.url) };
  }
  return initGlue(options);
}
export { init, initSync };
export * from './certcentral_orders.js';
