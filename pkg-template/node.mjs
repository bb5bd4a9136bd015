// Node ESM entry: validation on the validation-only wasm (the one certcentral-orders/validate
// gives bundlers: the same rules, without the client), read and compiled synchronously, so
// `import` needs no init call; the client's wasm (the whole one, in client.cjs) is loaded the
// first time a CertCentralClient is made. Measured from `import` to the first validateOrder
// result in fresh processes, interleaved: 9.5-10.1 -> 8.7-8.9 ms (the 141 KiB wasm compiles
// faster than the 228 KiB one, and its glue parses faster); a process that makes a client then
// loads both. Not a re-export of node.cjs: the hop into CommonJS (createRequire, Node's CommonJS
// loader) cost ~0.85 ms of a ~9.5 ms start, which only a client pays now.
//
// One set of exports per process: whichever of node.mjs and node.cjs loads first registers its
// exports under a global symbol named for this package and version, and the other hands out
// those, so `import` and `require` give the same functions and classes (instanceof works across
// them); every entry's CertCentralError is one class per realm (src/js/support.js), so the errors
// a client made here rejects with are instances of the class exported here.
// scripts/build-pkg.mjs fills in the key and the names.
//
// The validation glue (certcentral_orders_validate.js, which validate.js imports for bundlers) is
// inlined below by scripts/build-pkg.mjs, in a function scope of its own, so `import` loads one
// module of the package, not two (Node's loader resolves, reads, compiles and links each module
// apart): import -> first result 0.5-1.0 ms shorter in interleaved runs of fresh processes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const key = Symbol.for('/* REGISTRY */');
let api = globalThis[key];
if (api === undefined) {
  // Bundlers get embedded.js (the "module" condition); one that took this file and wrote CommonJS
  // leaves import.meta empty: say that, not "Invalid URL".
  if (!import.meta.url) throw new Error('certcentral-orders: node.mjs bundled without import.meta.url; keep the "module" condition in the bundler\'s conditions (it gives embedded.js, the wasm inside)');
  const glue = /* GLUE */;
  glue.initSync({ module: readFileSync(new URL('./certcentral_orders_validate_bg.wasm', import.meta.url)) });
  const { /* EXPORTS */ } = glue;
  // The client class of client.cjs, loaded on first use.
  let Client;
  const loadClient = () => {
    if (Client === undefined) {
      Client = createRequire(import.meta.url)('./client.cjs').CertCentralClient;
      Object.setPrototypeOf(CertCentralClient.prototype, Client.prototype);
    }
    return Client;
  };
  // Stands for client.cjs's class: `new` gives one of its clients whose prototype is this
  // class's (or a subclass's), which inherits client.cjs's methods; so `instanceof`,
  // `constructor` and spies or patches on `CertCentralClient.prototype` work as on the class
  // itself.
  class CertCentralClient {
    constructor(options) {
      const client = new (loadClient())(options);
      Object.setPrototypeOf(client, new.target.prototype);
      return client;
    }
  }
  // Until then, a lookup that goes past CertCentralClient.prototype (`prototype.getOrder`, for a
  // spy made before any client) loads client.cjs, whose prototype then takes this one's place.
  Object.setPrototypeOf(CertCentralClient.prototype, new Proxy(Object.create(Object.prototype), {
    get: (_, key, receiver) => Reflect.get(loadClient().prototype, key, receiver),
    has: (_, key) => key in loadClient().prototype,
  }));
  api = Object.freeze({ CertCentralClient, /* EXPORTS */ });
  Object.defineProperty(globalThis, key, { value: api });
}
export const { CertCentralClient, /* EXPORTS */ } = api;
