// For those who load the wasm themselves: call `init()` (or `initSync()`) before anything else.
//   import init, { validateOrder } from "certcentral-orders/web";
//   await init();                       // fetches certcentral_orders_bg.wasm beside this file
//   await init({ module_or_path: url }); // or from your own URL / bytes / WebAssembly.Module
export { default, default as init, initSync } from './certcentral_orders.js';
export * from './certcentral_orders.js';
