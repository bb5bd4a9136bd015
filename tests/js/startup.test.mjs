// Start-up budget (issue #6: ready to validate within 10 ms of `import` in Node). Timing is never
// a test (`make bench` measures it); these hold the structure the measured start-up rests on, so
// a change that would quietly undo it fails here:
// - V8 compiles a wasm-to-JS call wrapper (with its optimizing compiler) for every distinct
//   signature among the module's imports when it compiles the module: ~0.06 ms each on these
//   machines. The imports were brought from 23 signatures down to 15 (wasm/src/transport/fetch.rs,
//   wasm/src/bindings.rs); a new import should take a signature that is already there.
// - Each glue import that may throw is wrapped in a JS function whose arity must match the wasm
//   signature; V8 compiles yet another wrapper at instantiation for each one that does not
//   (scripts/build-pkg.mjs, matchArity: 0.8 -> 0.3 ms for `new WebAssembly.Instance`).
// - Node's ESM entry loads the ES-module glue without going through CommonJS (~0.85 ms), and the
//   JS support code is inlined into each glue (one module less to load).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, nodeIn } from './helpers.mjs';

const dir = join(app, 'node_modules', 'certcentral-orders');
const SIGNATURE_BUDGET = 15;

/** The wasm's function imports, each as `module.name` and its signature, e.g. `(i32,ext)->(i32)`. */
function functionImports(bytes) {
  let p = 8;
  const u = () => {
    let r = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++];
      r |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) return r >>> 0;
    }
  };
  const name = () => {
    const n = u();
    const s = Buffer.from(bytes.subarray(p, p + n)).toString('utf8');
    p += n;
    return s;
  };
  const VT = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'func', 0x6f: 'ext' };
  const types = [];
  const imports = [];
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u();
    const end = p + size;
    if (id === 1) {
      for (let n = u(); n > 0; n--) {
        assert.equal(bytes[p++], 0x60, 'a function type');
        const params = Array.from({ length: u() }, () => VT[bytes[p++]]);
        const results = Array.from({ length: u() }, () => VT[bytes[p++]]);
        types.push(`(${params})->(${results})`);
      }
    } else if (id === 2) {
      for (let n = u(); n > 0; n--) {
        const what = `${name()}.${name()}`;
        const kind = bytes[p++];
        const limits = () => (u() & 1 ? (u(), u()) : u());
        if (kind === 0) imports.push({ what, signature: types[u()] });
        else if (kind === 1) (p++, limits()); // table: element type, limits
        else if (kind === 2) limits(); // memory
        else p += 2; // global: value type, mutability
      }
    }
    p = end;
  }
  return imports;
}

test(`start-up: the wasm's imports use at most ${SIGNATURE_BUDGET} distinct signatures`, () => {
  const imports = functionImports(readFileSync(join(dir, 'certcentral_orders_bg.wasm')));
  assert.ok(imports.length > 20, `only ${imports.length} function imports read: is the parser right?`);
  const bySignature = new Map();
  for (const i of imports) bySignature.set(i.signature, [...(bySignature.get(i.signature) ?? []), i.what]);
  const listing = [...bySignature].map(([s, list]) => `${s}: ${list.length}`).join(', ');
  console.log(`${imports.length} function imports, ${bySignature.size} signatures: ${listing}`);
  assert.ok(bySignature.size <= SIGNATURE_BUDGET, `${bySignature.size} import signatures > ${SIGNATURE_BUDGET}: ${listing}`);
});

test('start-up: every glue import wrapped for exceptions declares the parameters of its wasm signature', () => {
  // (The validation-only wasm imports nothing from JS that can throw: its calls cross as numbers.)
  for (const [file, least] of [['certcentral_orders.js', 5], ['certcentral_orders_validate.js', 0], ['client.cjs', 5]]) {
    const glue = readFileSync(join(dir, file), 'utf8');
    const wrapped = [...glue.matchAll(/: function\(([^)]*)\) \{ return handleError\(function \(([^)]*)\) \{/g)];
    assert.ok(wrapped.length >= least, `${file}: only ${wrapped.length} handleError-wrapped imports found`);
    for (const [line, outer, inner] of wrapped) assert.equal(outer, inner, `${file}: ${line}`);
    assert.doesNotMatch(glue, /function\(\) \{ return handleError\(function \(\w/, `${file}: an import of arity 0 wraps one with parameters`);
  }
});

// node.mjs validates on the validation-only wasm and loads the whole one (client.cjs) only for a
// client: a page of Node that validates never compiles the client's code.
test('start-up: the ESM entry loads the client glue only when a CertCentralClient is made', async () => {
  const out = await nodeIn(['--input-type=module', '-e', `
    import { validateOrder, CertCentralClient } from 'certcentral-orders';
    import { createRequire } from 'node:module';
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('certcentral-orders')).map((f) => f.split('/').pop());
    validateOrder('ssl_securesite', {});
    String(CertCentralClient);
    const before = loaded();
    // A spy on the prototype before any client is made finds the method there (and loads it).
    const method = typeof CertCentralClient.prototype.getOrder;
    const afterLookup = loaded();
    const client = new CertCentralClient({ baseUrl: 'http://127.0.0.1:9' });
    console.log(JSON.stringify({ before, afterLookup, method, isClient: client instanceof CertCentralClient, clientMethod: typeof client.orderCertificate }));
  `]);
  assert.deepEqual(JSON.parse(out), { before: [], afterLookup: ['client.cjs'], method: 'function', isClient: true, clientMethod: 'function' });
});

test('start-up: the ESM entry loads no CommonJS module of the package, and the package is one JS module per host', async () => {
  const out = await nodeIn(['--input-type=module', '-e', `
    import { validateOrder } from 'certcentral-orders';
    import { createRequire } from 'node:module';
    validateOrder('ssl_securesite', {});
    const cache = createRequire(import.meta.url).cache;
    console.log(JSON.stringify(Object.keys(cache).filter((f) => f.includes('certcentral-orders'))));
  `]);
  assert.deepEqual(JSON.parse(out), []);
  const js = readdirSync(dir).filter((f) => /\.(c|m)?js$/.test(f)).sort();
  // cli.mjs is the command line (the package's bin) and react-hook-form.js the resolver's
  // subpath: no entry imports either. embedded.js is the bundlers' entry (the wasm inside it).
  // validate.js and its glue are certcentral-orders/validate for bundlers (its own wasm inside);
  // node-validate.mjs/.cjs that entry in Node, re-exporting node.mjs/node.cjs: one module each.
  // node.mjs validates with that glue (inlined into it) and its wasm; client.cjs is the whole
  // wasm's Node glue, which node.cjs hands out and node.mjs loads for the first CertCentralClient.
  assert.deepEqual(js, ['browser.js', 'certcentral_orders.js', 'certcentral_orders_validate.js', 'cli.mjs', 'client.cjs', 'embedded.js',
    'node-validate.cjs', 'node-validate.mjs', 'node.cjs', 'node.mjs', 'react-hook-form.js', 'validate.js', 'web.js']);
  // Node's `import` loads one module of the package: node.mjs carries the validation glue inside
  // it (a module fewer to resolve, read, compile and link: about 1 ms of start-up).
  const nodeEntry = readFileSync(join(dir, 'node.mjs'), 'utf8');
  const imported = [...nodeEntry.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]|\bimport\(\s*['"`]([^'"`]+)/gm)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(imported, ['node:fs', 'node:module']);
  for (const entry of js.filter((f) => f !== 'cli.mjs' && f !== 'react-hook-form.js')) {
    const text = readFileSync(join(dir, entry), 'utf8');
    assert.ok(!text.includes('cli.mjs') && !text.includes('react-hook-form'), `${entry} loads neither the command line nor the resolver`);
  }
});
