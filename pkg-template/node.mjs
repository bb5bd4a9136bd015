// Node ESM entry: validation on the validation-only wasm (the one certcentral-orders/validate
// gives bundlers: the same rules, without the client), read and compiled synchronously, so
// `import` needs no init call; the client's wasm (the whole one, in client.cjs) is loaded the
// first time a CertCentralClient is made. Measured from `import` to the first validateOrder
// result in a fresh process: 10.1 -> 8.9 ms (the 144 KB wasm compiles faster than the 228 KB
// one, and its glue parses faster); a process that makes a client then loads both. Not a
// re-export of node.cjs: the hop into CommonJS (createRequire, Node's CommonJS loader) cost
// ~0.85 ms of a ~9.5 ms start, which only a client pays now.
//
// One set of exports per process: whichever of node.mjs and node.cjs loads first registers its
// exports under a global symbol named for this package and version, and the other hands out
// those, so `import` and `require` give the same functions and classes (instanceof works across
// them). client.cjs takes its CertCentralError from there, so the errors a client made here
// rejects with are instances of the class exported here. scripts/build-pkg.mjs fills in the
// key and the names.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as glue from './certcentral_orders_validate.js';

const key = Symbol.for('/* REGISTRY */');
let api = globalThis[key];
if (api === undefined) {
  // Bundlers get embedded.js (the "module" condition); one that took this file and wrote CommonJS
  // leaves import.meta empty: say that, not "Invalid URL".
  if (!import.meta.url) throw new Error('certcentral-orders: node.mjs bundled without import.meta.url; keep the "module" condition in the bundler\'s conditions (it gives embedded.js, the wasm inside)');
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
  // Stands for client.cjs's class: `new` gives one of its clients (of a subclass's prototype
  // when a subclass is made), and `instanceof` holds for them.
  class CertCentralClient {
    constructor(options) {
      const client = new (loadClient())(options);
      if (new.target !== CertCentralClient) Object.setPrototypeOf(client, new.target.prototype);
      return client;
    }

    static [Symbol.hasInstance](value) {
      return Function.prototype[Symbol.hasInstance].call(this, value) || (this === CertCentralClient && Client !== undefined && value instanceof Client);
    }
  }
  api = Object.freeze({ CertCentralClient, /* EXPORTS */ });
  Object.defineProperty(globalThis, key, { value: api });
}
export const { CertCentralClient, /* EXPORTS */ } = api;
