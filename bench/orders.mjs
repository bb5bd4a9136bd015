// The benchmark's six orders (bench/orders.json), built the way the case table builds its cases
// (tests/cases/README.md): deep-copy a base, remove each `unset` path, apply each `set` path
// (dotted; numeric segments index arrays; missing objects are created), then replace the
// $CSR_* tokens with the PEM fixtures. benches/rules.rs builds the same orders natively.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path) => readFileSync(root + path, 'utf8');

const spec = JSON.parse(read('bench/orders.json'));
export const TODAY = spec.today;

const CSR = {
  $CSR_RSA2048: 'rsa2048',
  $CSR_RSA3072: 'rsa3072',
  $CSR_RSA4096: 'rsa4096',
  $CSR_EC256: 'ec256',
  $CSR_EC384: 'ec384',
};

function steps(path) {
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function unsetPath(obj, path) {
  const keys = steps(path);
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = cur[k];
  const last = keys.at(-1);
  if (Array.isArray(cur)) cur.splice(last, 1);
  else delete cur[last];
}

function setPath(obj, path, value) {
  const keys = steps(path);
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k];
  }
  cur[keys.at(-1)] = structuredClone(value);
}

function replaceCsr(v) {
  if (typeof v === 'string') return v in CSR ? read(`tests/fixtures/csr/${CSR[v]}.pem`) : v;
  if (Array.isArray(v)) return v.map(replaceCsr);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceCsr(x)]));
  return v;
}

const casesCache = new Map();
function bases(file) {
  if (!casesCache.has(file)) casesCache.set(file, JSON.parse(read(`tests/cases/${file}.json`)).bases);
  return casesCache.get(file);
}

/** [{ name, family, product, valid, order, text }], in bench/orders.json's order. */
export const ORDERS = spec.orders.map((o) => {
  const base = bases(o.cases)[o.base];
  if (!base) throw new Error(`bench/orders.json: no base ${o.base} in tests/cases/${o.cases}.json`);
  let order = structuredClone(base);
  for (const p of o.unset ?? []) unsetPath(order, p);
  for (const [p, v] of Object.entries(o.set ?? {})) setPath(order, p, v);
  order = replaceCsr(order);
  return { name: o.name, family: o.family, product: o.product, valid: o.valid, problems: o.problems ?? [], order, text: JSON.stringify(order) };
});
