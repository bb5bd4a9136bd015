#!/usr/bin/env node
// Where a validateOrder call's time goes, from V8's sampling profiler rather than guesses.
//
//   make profile                         # builds build/pkg-profile (the package, wasm names kept), runs this
//   node bench/profile.mjs [--dir build/pkg-profile] [--seconds N] [--top N]
//
// The package built with the wasm's name section kept (CC_KEEP_NAMES=1: wasm-opt -g, otherwise
// the same optimised build as pkg/) lets `node --cpu-prof` name each wasm function. For each of
// the benchmark's orders (bench/orders.json) a fresh Node process calls validateOrder in a loop
// under the profiler; each sample is charged to the innermost frame on its stack that belongs to
// one of the parts below (so a malloc called while reading the tape counts as reading the tape),
// and each part's share is turned into µs with the time per call measured in a second run
// without the profiler (the profiler's own overhead is not charged to the parts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i < 0 ? dflt : argv[i + 1];
};
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('node bench/profile.mjs [--dir build/pkg-profile] [--seconds N] [--top N]\n' +
    'Profiles validateOrder on each benchmark order; needs the profiling build (make profile).');
  process.exit(0);
}
const dir = join(root, opt('--dir', 'build/pkg-profile'));
const seconds = Number(opt('--seconds', '3'));
const top = Number(opt('--top', '0'));
if (!existsSync(join(dir, 'node.mjs'))) {
  console.error(`profile: ${dir} has no package: run \`make profile\` (it builds it)`);
  process.exit(1);
}

// Parts of a call, innermost first wins (checked against each frame from the leaf up). Names are
// the package's JS functions (src/js/support.js) and the Rust paths the name section keeps.
const PARTS = [
  ['JS: order → tape', /^(put|putArgs|putText|putRaw|putU32|putKey|putWhy|putAny|putArrayAny|putObjectAny|orderToTape|encodeInto)$/],
  ['JS: tape → report objects', /^(reportOf|issueOf|reportAt|decode|decodeUTF8|list|paramsOf)$/],
  ['wasm: CSR (PEM, DER)', /::csr::/],
  ['wasm: report → tape', /encode_report|ReportTape/],
  ['wasm: messages and field names', /::report::|join_path|field_name|rules::Msg>|rules::Ctx>::msg|rules::push_shortened|rules::article/],
  ['wasm: read the tape', /tape::Reader|decode_call|last_of_each_key/],
  ['wasm: dates', /::dates::|::date::/],
  ['wasm: formats (DNS names, e-mail)', /::formats::/],
  ['wasm: rules (field table walk)', /rules::Ctx>::check_(object|value|format)|rules::Ctx>::type_error|rules::closest|rules::edit_distance/],
  ['wasm: rules (cross-field)', /::rules::/],
  ['wasm: drop the order', /drop_in_place/],
];
const LATE = [['wasm: other', /wasm-function|\[[0-9a-f]{16}\]::|__rust|dlmalloc/], ['JS: validateOrder', /^(validateOrder|fastValidate|localized)$/]];

const child = `
const [dir, name, secs] = process.argv.slice(1);
const { ORDERS, TODAY } = await import(${JSON.stringify(pathToFileURL(join(root, 'bench/orders.mjs')).href)});
const { validateOrder } = await import(new URL('node.mjs', 'file://' + dir + '/').href);
const o = ORDERS.find((x) => x.name === name);
const opts = { today: TODAY };
let sink = 0, n = 0;
for (let i = 0; i < 2000; i++) sink += validateOrder(o.product, o.order, opts).issues.length;
const t0 = performance.now(), end = t0 + secs * 1000;
while (performance.now() < end) { for (let i = 0; i < 500; i++) sink += validateOrder(o.product, o.order, opts).issues.length; n += 500; }
process.stdout.write(JSON.stringify({ us: ((performance.now() - t0) * 1000) / n, sink }));
`;

function run(name, profileDir) {
  const flags = profileDir ? ['--cpu-prof', '--cpu-prof-interval', '50', '--cpu-prof-dir', profileDir] : [];
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', child, dir, name, String(seconds)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`profile run of ${name} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout).us;
}

function parts(file) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const share = new Map();
  const leaves = new Map();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const t = prof.timeDeltas[i] ?? 0;
    const chain = [];
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) chain.push(byId.get(cur).callFrame.functionName);
    // Only the samples inside a validateOrder call: start-up and the loop itself are not parts.
    if (!chain.includes('validateOrder')) return;
    let part = null;
    for (const fn of chain) {
      const hit = PARTS.find(([, re]) => re.test(fn));
      if (hit) { part = hit[0]; break; }
    }
    part ??= LATE.find(([, re]) => chain.some((fn) => re.test(fn)))?.[0] ?? 'other';
    share.set(part, (share.get(part) ?? 0) + t);
    const leaf = chain[0].replace(/\[[0-9a-f]{16}\]/g, '');
    leaves.set(leaf, (leaves.get(leaf) ?? 0) + t);
    total += t;
  });
  return { share, leaves, total };
}

const { ORDERS } = await import(pathToFileURL(join(root, 'bench/orders.mjs')).href);
const names = [...PARTS, ...LATE].map(([n]) => n).concat('other');
const rows = [];
for (const o of ORDERS) {
  const tmp = mkdtempSync(join(tmpdir(), 'cc-profile-'));
  try {
    run(o.name, tmp);
    const file = readdirSync(tmp).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile written for ${o.name}`);
    const p = parts(join(tmp, file));
    const us = run(o.name, null);
    rows.push({ order: o.name, us, p });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const pad = (s, n, left = false) => (left ? String(s).padEnd(n) : String(s).padStart(n));
const used = names.filter((n) => rows.some((r) => (r.p.share.get(n) ?? 0) > 0));
console.log(`validateOrder, µs per call by part (node ${process.version}; parts from --cpu-prof, scaled to the time per call without the profiler)`);
console.log(pad('part', 36, true) + rows.map((r) => pad(r.order.replace(' valid', ' ok').replace(' invalid', ' bad'), 17)).join(''));
for (const n of used) {
  console.log(pad(n, 36, true) + rows.map((r) => pad(((r.us * (r.p.share.get(n) ?? 0)) / r.p.total).toFixed(2), 17)).join(''));
}
console.log(pad('in all (no profiler)', 36, true) + rows.map((r) => pad(r.us.toFixed(2), 17)).join(''));
if (top > 0) {
  for (const r of rows) {
    console.log(`\n${r.order}: the ${top} functions with the most self time`);
    for (const [fn, t] of [...r.p.leaves].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${pad(((100 * t) / r.p.total).toFixed(1), 5)}%  ${fn.slice(0, 110)}`);
    }
  }
}
