// Node ESM entry: the CommonJS glue loads the wasm synchronously, so `import` needs no init call
// and shares one instance with `require("certcentral-orders")`.
export * from './node.cjs';
