#!/usr/bin/env node
// Benchmark of validateOrder (the built package in pkg/) against ajv 8 and zod 4 schemas of the
// same rules (bench/schemas/ajv.mjs, zod.mjs) and against the minimal schemas a developer would
// write instead (bench/schemas/minimal-*.mjs, contenders ajv-min and zod-min: field types,
// required fields, enums, lengths, e-mail and PEM patterns; no dates, CSR contents, other formats
// or cross-field rules), on six orders (bench/orders.json): a valid and an invalid one per family.
// Also the download size of the browser files (and, for reference, of each schema module bundled
// with its library) and the start-up time of each contender.
//
//   make bench                       # builds pkg/, then runs this
//   node bench/bench.mjs [--quick] [--rounds N] [--ms N] [--startup-runs N] [--no-startup]
//
// Method: one Node process; every contender runs every order for a fixed time per round
// (`--ms`, default 200 ms; 40 with --quick), the contenders in an order that rotates each round,
// for `--rounds` rounds (default 7; 3 with --quick). Reported: the median over rounds of the time
// per call, then the median of the per-round ratios ours/each (> 1× means ours is faster) and
// their geometric means, and issue #22's goals, each met or not: ours >= 1.0× minimal zod on
// every order (with the worst order), a page that only validates <= 45 KB gzip and one with the
// client <= 60 KB, import -> first result < 10 ms. Before timing, each contender must judge each valid order valid,
// and each but the minimal schemas each invalid order invalid; a table then shows which of each
// invalid order's planted problems each contender reported (what the minimal schemas miss).
// Results also go to bench/results.json (not in git).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const PKG = root + 'pkg/';
const url = (path) => pathToFileURL(root + path).href;

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const num = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) fail(`${name} needs a positive number`);
  return n;
};
function fail(msg) {
  console.error(`bench: ${msg}`);
  process.exit(1);
}
const QUICK = flag('--quick');
const ROUNDS = num('--rounds', QUICK ? 3 : 7);
const CELL_MS = num('--ms', QUICK ? 40 : 200);
const STARTUP_RUNS = flag('--no-startup') ? 0 : num('--startup-runs', QUICK ? 5 : 21);
if (flag('--help') || flag('-h')) {
  console.log('node bench/bench.mjs [--quick] [--rounds N] [--ms N] [--startup-runs N] [--no-startup]');
  process.exit(0);
}
if (!existsSync(PKG + 'node.mjs')) fail('pkg/ is not built: run `make pkg` (or `make bench`) first');

const started = performance.now();
const { ORDERS, TODAY } = await import('./orders.mjs');
const { validateOrder } = await import(url('pkg/node.mjs'));
const ajvSchemas = await import('./schemas/ajv.mjs');
const zodSchemas = await import('./schemas/zod.mjs');
const minimalAjv = await import('./schemas/minimal-ajv.mjs');
const minimalZod = await import('./schemas/minimal-zod.mjs');

const PRODUCTS = [...new Set(ORDERS.map((o) => o.product))];
const ajvValidators = ajvSchemas.compile(PRODUCTS);
const zodValidators = Object.fromEntries(PRODUCTS.map((p) => [p, zodSchemas.schemaFor(p, { today: TODAY })]));
const ajvMinValidators = minimalAjv.compile(PRODUCTS);
const zodMinValidators = Object.fromEntries(PRODUCTS.map((p) => [p, minimalZod.schemaFor(p)]));
const OPTIONS = { today: TODAY };

// Each contender: judge(order) → { valid, issues: [label], paths: [dotted path of each issue] }
// for the sanity check and the table of what each caught, and bind(order) → a function for the
// timed loop, which returns a number (kept in `sink`).
// The dotted field path of each issue, as bench/orders.json's `problems` name them: ajv's
// instancePath plus the missing or unknown property; zod's path plus each unrecognized key.
const ajvPaths = (errors) =>
  (errors ?? []).map((e) => {
    const steps = e.instancePath.split('/').slice(1);
    const key = e.params?.missingProperty ?? e.params?.additionalProperty;
    return [...steps, ...(key === undefined ? [] : [key])].join('.');
  });
const zodPaths = (r) =>
  r.success ? [] : r.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => [...i.path, k]) : [i.path]).map((p) => p.join('.')));
const CONTENDERS = [
  {
    name: 'ours',
    judge: (o) => {
      const r = validateOrder(o.product, o.order, OPTIONS);
      return { valid: r.valid, issues: r.issues.map((i) => `${i.severity}:${i.code}@${i.field}`), paths: r.issues.map((i) => i.field) };
    },
    bind: ({ product, order }) => () => validateOrder(product, order, OPTIONS).issues.length,
  },
  {
    name: 'ajv',
    judge: (o) => {
      const v = ajvValidators[o.product];
      const valid = v(o.order);
      return { valid, issues: (v.errors ?? []).map((e) => `${e.keyword}@${e.instancePath}`), paths: ajvPaths(v.errors) };
    },
    bind: ({ product, order }) => {
      const v = ajvValidators[product];
      return () => (v(order) ? 0 : v.errors.length);
    },
  },
  {
    name: 'zod',
    judge: (o) => {
      const r = zodValidators[o.product].safeParse(o.order);
      return { valid: r.success, issues: r.success ? [] : r.error.issues.map((i) => `${i.code}@${i.path.join('.')}`), paths: zodPaths(r) };
    },
    bind: ({ product, order }) => {
      const s = zodValidators[product];
      return () => {
        const r = s.safeParse(order);
        return r.success ? 0 : r.error.issues.length;
      };
    },
  },
];
// The minimal schemas (bench/schemas/minimal-*.mjs): what a developer writes in ten minutes.
// They must judge the valid orders valid; an invalid order may pass them (what they leave out:
// dates, CSR contents, other formats, cross-field rules, unknown fields), which the table of the
// planted problems shows.
const ajvContender = (name, validators) => ({
  name,
  minimal: true,
  judge: (o) => {
    const v = validators[o.product];
    const valid = v(o.order);
    return { valid, issues: (v.errors ?? []).map((e) => `${e.keyword}@${e.instancePath}`), paths: ajvPaths(v.errors) };
  },
  bind: ({ product, order }) => {
    const v = validators[product];
    return () => (v(order) ? 0 : v.errors.length);
  },
});
const zodContender = (name, schemas) => ({
  name,
  minimal: true,
  judge: (o) => {
    const r = schemas[o.product].safeParse(o.order);
    return { valid: r.success, issues: r.success ? [] : r.error.issues.map((i) => `${i.code}@${i.path.join('.')}`), paths: zodPaths(r) };
  },
  bind: ({ product, order }) => {
    const s = schemas[product];
    return () => {
      const r = s.safeParse(order);
      return r.success ? 0 : r.error.issues.length;
    };
  },
});
CONTENDERS.push(ajvContender('ajv-min', ajvMinValidators), zodContender('zod-min', zodMinValidators));
const NAMES = CONTENDERS.map((c) => c.name);

// ---------------------------------------------------------------- sanity check
const judged = {};
let wrong = 0;
for (const o of ORDERS) {
  judged[o.name] = {};
  for (const c of CONTENDERS) {
    const j = c.judge(o);
    judged[o.name][c.name] = j;
    if (j.valid !== o.valid && !(c.minimal && !o.valid)) {
      wrong++;
      console.error(`SANITY: ${c.name} judges "${o.name}" ${j.valid ? 'valid' : 'invalid'}; expected ${o.valid ? 'valid' : 'invalid'}`);
      for (const i of j.issues) console.error(`    ${i}`);
    }
  }
}
if (wrong) fail(`${wrong} wrong verdict(s); fix the schemas or bench/orders.json before timing`);

// ---------------------------------------------------------------- timing
let sink = 0;
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

/** Runs fn in batches of `batch` for at least `ms`; returns ops/s. */
function run(fn, batch, ms) {
  let iterations = 0;
  const t0 = now();
  let t;
  do {
    for (let i = 0; i < batch; i++) sink += fn();
    iterations += batch;
    t = now();
  } while (t - t0 < ms);
  return (iterations * 1000) / (t - t0);
}

/** A batch size that takes about 1 ms (doubling from 1), which also warms the function up. */
function calibrate(fn) {
  let batch = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < batch; i++) sink += fn();
    if (now() - t0 >= 1 || batch >= 1 << 20) return batch;
    batch *= 2;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

const cells = ORDERS.map((o) => CONTENDERS.map((c) => ({ fn: c.bind(o), batch: 0, ops: [] })));
console.log(
  `certcentral-orders benchmark: Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} CPUs)\n` +
    `${ROUNDS} rounds × ${CELL_MS} ms per order and contender${QUICK ? ' (--quick)' : ''}; today = ${TODAY}`,
);
const load = () => loadavg()[0].toFixed(2);
const loadBefore = load();
if (loadavg()[0] > cpus().length * 0.5) {
  console.log(`note: load average ${loadBefore} on ${cpus().length} CPUs; other processes will make the figures noisy`);
}
process.stdout.write('warming up');
for (const row of cells) {
  for (const cell of row) {
    cell.batch = calibrate(cell.fn);
    run(cell.fn, cell.batch, CELL_MS / 2);
  }
  process.stdout.write('.');
}
process.stdout.write('\nrounds ');
for (let r = 0; r < ROUNDS; r++) {
  for (const row of cells) {
    for (let k = 0; k < row.length; k++) {
      const cell = row[(k + r) % row.length]; // rotate who goes first
      cell.ops.push(run(cell.fn, cell.batch, CELL_MS));
    }
  }
  process.stdout.write(`${r + 1} `);
}
process.stdout.write('\n\n');

// ---------------------------------------------------------------- report: throughput
const fmtOps = (x) => Math.round(x).toLocaleString('en-US');
const fmtRatio = (x) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;
const pad = (s, n, left = false) => (left ? String(s).padEnd(n) : String(s).padStart(n));

// What each contender caught of an invalid order's planted problems ("kind dotted.path" in
// bench/orders.json, the kind sometimes two words): a problem is caught when the contender
// reports an issue at its field.
const problemPath = (p) => p.slice(p.lastIndexOf(' ') + 1);
function caughtOf(o) {
  if (o.valid) return null;
  const planted = new Set(o.problems.map(problemPath));
  return Object.fromEntries(
    NAMES.map((n) => {
      const paths = judged[o.name][n].paths;
      return [
        n,
        {
          caught: o.problems.filter((p) => paths.includes(problemPath(p))),
          missed: o.problems.filter((p) => !paths.includes(problemPath(p))),
          also_reported: [...new Set(paths.filter((x) => !planted.has(x)))],
        },
      ];
    }),
  );
}

const throughput = [];
for (const [i, o] of ORDERS.entries()) {
  const [ours, ajv, zod, ajvMin, zodMin] = cells[i];
  const perRound = (a, b) => a.ops.map((x, r) => x / b.ops[r]);
  throughput.push({
    order: o.name,
    product: o.product,
    valid: o.valid,
    bytes: o.text.length,
    ops: Object.fromEntries(CONTENDERS.map((c, k) => [c.name, { median: median(cells[i][k].ops), rounds: cells[i][k].ops }])),
    us_per_op: Object.fromEntries(CONTENDERS.map((c, k) => [c.name, 1e6 / median(cells[i][k].ops)])),
    ours_over_ajv: median(perRound(ours, ajv)),
    ours_over_zod: median(perRound(ours, zod)),
    ours_over_ajv_min: median(perRound(ours, ajvMin)),
    ours_over_zod_min: median(perRound(ours, zodMin)),
    issues: Object.fromEntries(NAMES.map((n) => [n, judged[o.name][n].issues.length])),
    judged_valid: Object.fromEntries(NAMES.map((n) => [n, judged[o.name][n].valid])),
    ...(o.valid ? {} : { problems: o.problems, problems_caught: caughtOf(o) }),
  });
}

// Two tables, each under 90 columns: time per call of each contender, then ours against each.
const W = 22;
console.log('Time per call (µs, median of rounds; lower is faster); -min: the minimal schemas (bench/schemas/minimal-*.mjs)');
console.log(pad('order', W, true) + pad('JSON bytes', 11) + NAMES.map((n) => pad(n, 10)).join(''));
for (const t of throughput) {
  console.log(pad(t.order, W, true) + pad(t.bytes, 11) + NAMES.map((n) => pad(t.us_per_op[n].toFixed(2), 10)).join(''));
}
const noise = Object.fromEntries(
  NAMES.map((n, k) => [n, median(cells.map((row) => Math.max(...row[k].ops) / Math.min(...row[k].ops)))]),
);
console.log(`noise: fastest/slowest round, median over orders: ${NAMES.map((n) => `${n} ${noise[n].toFixed(2)}`).join(', ')}`);
console.log(`load average ${loadBefore} before, ${load()} after`);

console.log('\nOurs against each (median of per-round ratios of ops/s; > 1× = ours faster)');
const RATIOS = [['ajv', 'ours_over_ajv'], ['zod', 'ours_over_zod'], ['ajv-min', 'ours_over_ajv_min'], ['zod-min', 'ours_over_zod_min']];
console.log(pad('order', W, true) + RATIOS.map(([n]) => pad(`ours/${n}`, 14)).join(''));
for (const t of throughput) console.log(pad(t.order, W, true) + RATIOS.map(([, k]) => pad(fmtRatio(t[k]), 14)).join(''));
const summary = Object.fromEntries(RATIOS.map(([, k]) => [`${k}_geomean`, geomean(throughput.map((t) => t[k]))]));
console.log(pad('geometric mean', W, true) + RATIOS.map(([, k]) => pad(fmtRatio(summary[`${k}_geomean`]), 14)).join(''));
// Issue #22's goal: at least as fast as the minimal zod schema on every order. Minimal ajv is
// shown the same way, for reference (no goal).
const worstOf = (k) => throughput.reduce((w, t) => (t[k] < w[k] ? t : w));
const worstZod = worstOf('ours_over_zod_min');
const worstAjv = worstOf('ours_over_ajv_min');
summary.goal_minimal_zod_met = throughput.every((t) => t.ours_over_zod_min >= 1);
summary.worst_ours_over_zod_min = { order: worstZod.order, ratio: worstZod.ours_over_zod_min };
summary.orders_ours_at_least_zod_min = throughput.filter((t) => t.ours_over_zod_min >= 1).length;
summary.worst_ours_over_ajv_min = { order: worstAjv.order, ratio: worstAjv.ours_over_ajv_min };
summary.orders_ours_at_least_ajv_min = throughput.filter((t) => t.ours_over_ajv_min >= 1).length;
console.log(
  `goal (#22): ours >= 1.0× minimal zod on every order: ${summary.goal_minimal_zod_met ? 'met' : 'NOT met'} ` +
    `(${summary.orders_ours_at_least_zod_min} of ${throughput.length}; worst: ${worstZod.order} ${fmtRatio(worstZod.ours_over_zod_min)})`,
);
console.log(
  `for reference, minimal ajv: ours >= 1.0× on ${summary.orders_ours_at_least_ajv_min} of ${throughput.length} orders ` +
    `(worst: ${worstAjv.order} ${fmtRatio(worstAjv.ours_over_ajv_min)})`,
);

// The invalid orders: which planted problems each contender reported (the strict ones must judge
// the order invalid, see the sanity check; the minimal ones are only described).
console.log('\nThe planted problems of the invalid orders (bench/orders.json): ✓ reported at that field, · not reported');
const PW = 48;
console.log(pad('order / planted problem', PW, true) + NAMES.map((n) => pad(n, 9)).join(''));
for (const t of throughput) {
  if (t.valid) continue;
  console.log(pad(t.order, PW, true) + NAMES.map((n) => pad(`${t.problems_caught[n].caught.length}/${t.problems.length}`, 9)).join(''));
  for (const p of t.problems) {
    console.log(pad(`  ${p}`, PW, true) + NAMES.map((n) => pad(t.problems_caught[n].caught.includes(p) ? '✓' : '·', 9)).join(''));
  }
  for (const n of NAMES) {
    const also = t.problems_caught[n].also_reported;
    if (also.length) console.log(`  (${n} also reported: ${also.join(', ')})`);
    if (t.judged_valid[n]) console.log(`  (${n} judges this order valid)`);
  }
}
console.log(
  '  ours reports an unknown field as a warning, the others as an error. The minimal schemas check no dates, CSR\n' +
    '  contents, cross-field rules or formats other than e-mail addresses and the PEM shape of the CSR, and pass unknown\n' +
    '  fields (zod-min: z.object drops them; ajv-min: no additionalProperties).',
);
console.log(
  '  Not like for like: ours also checks what the schemas cannot (see bench/schemas/*.mjs): CSR contents and key size,\n' +
    '  warnings (deprecated, policy, open enums) and a message with the fix for each issue; ajv also lacks the date rules\n' +
    '  (after today, < 825 days, real calendar days), which zod has as refinements.',
);

// Where ours spends its time on the JS side: the package's orderToTape (src/js/support.js: the
// call's product, options.today and order written into wasm memory, here into a buffer of the
// same size) going in, and its reportOf (the report's objects built from the numbers and text
// the wasm writes, src/tape.rs) coming out; a plain JSON.stringify of the order and JSON.parse
// of the report's JSON for comparison. The package inlines support.js into its glue; this loads
// the source file and gives it the known keys as the package's first call does, from the wasm
// (knownKeysText). The wasm side is in `cargo bench --bench rules`.
// The lists are the ones generated into support.js from Rust (tests/js_facts.rs).
const supportSource = readFileSync(new URL('../src/js/support.js', import.meta.url), 'utf8');
const generated = (name) => {
  const [, list, joined] = supportSource.match(new RegExp(`^const ${name} = (?:(\\[.*\\])|'(.*)'\\.split\\(','\\));$`, 'm'));
  return list ? JSON.parse(list) : joined.split(',');
};
const CODES = generated('CODES');
const FIELD_RULE_IDS = generated('FIELD_RULE_IDS');
const PARAM_NAMES = generated('PARAM_NAMES');
// The report's tape, as src/tape.rs (encode_report) writes it, rebuilt here from the report.
function reportTape(report) {
  const ops = [report.valid ? 1 : 0, report.issues.length];
  let text = '';
  const str = (s) => {
    text += s;
    ops.push(s.length);
  };
  for (const i of report.issues) {
    ops.push(CODES.indexOf(i.code), i.severity === 'error' ? 0 : 1);
    // A listed rule id or param name goes as `-1 - index`, as src/tape.rs writes it.
    const name = (list, n) => (list.includes(n) ? ops.push(-1 - list.indexOf(n)) : str(n));
    name(FIELD_RULE_IDS, i.rule);
    ops.push(i.path.length);
    for (const step of i.path) typeof step === 'number' ? ops.push(-1 - step) : str(step);
    str(i.field);
    str(i.message);
    const params = Object.entries(i.params ?? {});
    ops.push(params.length);
    for (const [key, v] of params) {
      name(PARAM_NAMES, key);
      if (typeof v === 'number') ops.push(0, v);
      else if (typeof v === 'string') ops.push(1), str(v);
      else if (typeof v[0] === 'number') ops.push(3, v.length, ...v);
      else ops.push(2, v.length), v.forEach(str);
    }
  }
  return { ops: Float64Array.from(ops), bytes: new TextEncoder().encode(text) };
}
// The known keys joined by commas (src/rules/mod.rs, KNOWN_KEYS), read from the validation wasm as the
// package's keptTape reads it on its first call: the wasm instantiated on its own, its imports
// (the clock, wasm-bindgen's table set-up) stubbed.
function knownKeysText() {
  const module = new WebAssembly.Module(readFileSync(new URL('../pkg/certcentral_orders_validate_bg.wasm', import.meta.url)));
  const imports = {};
  for (const { module: from, name } of WebAssembly.Module.imports(module)) (imports[from] ??= {})[name] = () => Date.now();
  const wasm = new WebAssembly.Instance(module, imports).exports;
  wasm.__wbindgen_start?.();
  const at = wasm.validateTape(0, 0); // first: the call grows memory, which detaches its buffer
  const layout = new Uint32Array(wasm.memory.buffer, at, 8);
  return new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, layout[6], layout[7]));
}
let jsSide = null;
try {
  const { orderToTape, reportOf, learnKeys } = await import(url('src/js/support.js'));
  if (typeof orderToTape !== 'function' || typeof reportOf !== 'function' || typeof learnKeys !== 'function') {
    throw new Error('src/js/support.js has no orderToTape, reportOf or learnKeys');
  }
  // The rules' field names, sent by index as the package sends them.
  const keys = knownKeysText();
  if (!keys.split(',').includes('certificate')) throw new Error(`the validation wasm's known keys are not field names: ${keys.slice(0, 80)}`);
  learnKeys(keys);
  const into = new Uint8Array(64 * 1024);
  const perCall = (fn) => 1e6 / median([0, 1, 2].map(() => run(fn, calibrate(fn), Math.max(20, CELL_MS / 4))));
  jsSide = ORDERS.map((o) => {
    const report = validateOrder(o.product, o.order, OPTIONS);
    const reportText = JSON.stringify(report);
    const { ops, bytes } = reportTape(report);
    if (JSON.stringify(reportOf(ops, bytes)) !== reportText) throw new Error(`reportOf does not rebuild ${o.name}'s report`);
    if (!(orderToTape(o.order, into, o.product, OPTIONS) > 0)) throw new Error(`orderToTape did not write ${o.name}`);
    return {
      order: o.name,
      order_to_tape_us: perCall(() => orderToTape(o.order, into, o.product, OPTIONS)),
      plain_stringify_us: perCall(() => JSON.stringify(o.order).length),
      report_of_us: perCall(() => reportOf(ops, bytes).issues.length),
      report_json_parse_us: perCall(() => JSON.parse(reportText).issues.length),
      report_bytes: reportText.length,
    };
  });
  console.log('\nJS side of ours, per call (µs): orderToTape going in (JSON.stringify of the order for comparison),');
  console.log('reportOf coming out (JSON.parse of the report\'s JSON for comparison), of the whole call\'s time');
  for (const j of jsSide) {
    const total = throughput.find((t) => t.order === j.order).us_per_op.ours;
    console.log(
      `  ${pad(j.order, W, true)}orderToTape ${pad(j.order_to_tape_us.toFixed(2), 5)} (stringify ${pad(j.plain_stringify_us.toFixed(2), 5)})` +
        `   reportOf ${pad(j.report_of_us.toFixed(2), 5)} (JSON.parse ${pad(j.report_json_parse_us.toFixed(2), 5)}, ${pad(j.report_bytes, 4)} B)   of ${pad(total.toFixed(1), 4)}`,
    );
  }
} catch (e) {
  console.log(`\n(JS-side breakdown skipped: ${e.message})`);
}

// ---------------------------------------------------------------- report: download size
const BROWSER_FILES = ['certcentral_orders_bg.wasm', 'certcentral_orders.js', 'browser.js'];
const sizes = { files: {}, total: { raw: 0, gzip9: 0, brotli11: 0 } };
for (const f of BROWSER_FILES) {
  const buf = readFileSync(PKG + f);
  const s = {
    raw: buf.length,
    gzip9: gzipSync(buf, { level: 9 }).length,
    brotli11: brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
  };
  sizes.files[f] = s;
  for (const k of Object.keys(s)) sizes.total[k] += s[k];
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log('\nBrowser download (validation and the client), each file compressed on its own:');
console.log(pad('file', 36, true) + pad('raw', 12) + pad('gzip -9', 12) + pad('brotli 11', 12));
for (const [f, s] of [...Object.entries(sizes.files), ['total', sizes.total]]) {
  console.log(pad(f, 36, true) + pad(kb(s.raw), 12) + pad(kb(s.gzip9), 12) + pad(kb(s.brotli11), 12));
}

// What a portal's bundler actually ships: the bundlers' entry (embedded.js, the wasm inside it
// as text) bundled and minified with rolldown (vite's bundler), exactly as the reference rows
// below are measured: one JS file, no .wasm asset.
/** `input` bundled for a browser and minified by rolldown: the JS chunks' text. */
async function bundle(input) {
  const { build } = await import('rolldown');
  const out = await build({
    input,
    platform: 'browser',
    write: false,
    output: { minify: true, format: 'esm' },
    logLevel: 'silent',
  });
  return Buffer.from(out.output.filter((c) => c.type === 'chunk').map((c) => c.code).join(''));
}

try {
  const js = await bundle(PKG + 'embedded.js');
  const size = (buf) => ({
    raw: buf.length,
    gzip9: gzipSync(buf, { level: 9 }).length,
    brotli11: brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
  });
  const j = size(js);
  sizes.bundled = { js: j, total: j };
  console.log('as a bundler ships it (JS bundled and minified by rolldown, like the rows below):');
  console.log(pad('ours: minified JS, wasm inside', 36, true) + pad(kb(sizes.bundled.total.raw), 12) +
    pad(kb(sizes.bundled.total.gzip9), 12) + pad(kb(sizes.bundled.total.brotli11), 12));
  // Pages as a portal writes them (issue #22's targets: 45 KB for a page that only validates, 60
  // KB with the client): the bundler keeps only what the page imports.
  const pages = mkdtempSync(join(tmpdir(), 'cc-bench-pages-'));
  try {
    sizes.pages = {};
    for (const [label, from, names] of [
      ['page: validateOrder from /validate', 'validate.js', 'validateOrder'],
      ['page: every export of /validate', 'validate.js', '*'],
      ['page: validateOrder, the client', 'embedded.js', 'validateOrder, CertCentralClient'],
    ]) {
      const file = join(pages, `page-${Object.keys(sizes.pages).length}.mjs`);
      const spec = names === '*' ? '* as api' : `{ ${names} }`;
      writeFileSync(file, `import ${spec} from ${JSON.stringify(PKG + from)};\nglobalThis.api = ${names === '*' ? 'api' : `{ ${names} }`};\n`);
      const p = size(await bundle(file));
      sizes.pages[label] = p;
      console.log(pad(label, 36, true) + pad(kb(p.raw), 12) + pad(kb(p.gzip9), 12) + pad(kb(p.brotli11), 12));
    }
    // The issue counts KB of 1,000 bytes, as tests/js/size.test.mjs's budgets do.
    for (const [what, label, most] of [
      ['a page that only validates', 'page: validateOrder from /validate', 45_000],
      ['a page with the client', 'page: validateOrder, the client', 60_000],
    ]) {
      const bytes = sizes.pages[label].gzip9;
      summary[`goal_${label.replace(/\W+/g, '_')}_met`] = bytes <= most;
      console.log(`goal (#22): ${what} <= ${most / 1000} KB gzip: ${bytes <= most ? 'met' : 'NOT met'} (${bytes.toLocaleString('en')} bytes)`);
    }
  } finally {
    rmSync(pages, { recursive: true, force: true });
  }
} catch (e) {
  console.log(`(bundled size skipped: ${e.message})`);
}

// For reference: the schema modules bundled for a browser and minified with rolldown (vite's
// bundler, in node_modules), library included. Not the same job: they hold no client (fetch,
// retries), and ajv here compiles at run time (needs `new Function`, so CSP 'unsafe-eval'); ajv's
// standalone precompiled output would be smaller and is not measured.
try {
  sizes.reference = {};
  for (const name of ['ajv', 'zod', 'minimal-ajv', 'minimal-zod']) {
    const code = await bundle(root + `bench/schemas/${name}.mjs`);
    sizes.reference[`${name} + schemas (rolldown, minified)`] = {
      raw: code.length,
      gzip9: gzipSync(code, { level: 9 }).length,
      brotli11: brotliCompressSync(code, { params: { [zc.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  }
  console.log('for reference, the schemas bundled with their library (no client):');
  for (const [f, s] of Object.entries(sizes.reference)) {
    console.log(pad(f, 44, true) + pad(kb(s.raw), 12) + pad(kb(s.gzip9), 12) + pad(kb(s.brotli11), 12));
  }
} catch (e) {
  console.log(`(reference bundle sizes skipped: ${e.message})`);
}

// ---------------------------------------------------------------- report: start-up
// A fresh `node` per run; the child loads the orders first (not timed), then times from the
// import to the first result. `wall` is the whole child process, Node's own start included.
const STARTUP_ORDER = ORDERS.find((o) => o.name === 'ssl valid') ?? ORDERS[0];
const prelude = `const { ORDERS, TODAY } = await import(${JSON.stringify(url('bench/orders.mjs'))});
const o = ORDERS.find((x) => x.name === ${JSON.stringify(STARTUP_ORDER.name)});
const products = [...new Set(ORDERS.map((x) => x.product))];
const t0 = performance.now();`;
const report = `const t1 = performance.now();
process.stdout.write(JSON.stringify({ ms: t1 - t0, ready_ms: tReady - t0, valid }));`;
// Where each contender is ready to validate (imported, schemas built); the rest is the first call.
const ready = 'const tReady = performance.now();';
const STARTUP = {
  ours: {
    what: 'import pkg/node.mjs (compiles and instantiates the wasm) + first validateOrder',
    code: `${prelude}
const { validateOrder } = await import(${JSON.stringify(url('pkg/node.mjs'))});
${ready}
const valid = validateOrder(o.product, o.order, { today: TODAY }).valid;
${report}`,
  },
  ajv: {
    what: `import ajv + compile the ${PRODUCTS.length} family schemas + first validate`,
    code: `${prelude}
const { compile } = await import(${JSON.stringify(url('bench/schemas/ajv.mjs'))});
const validators = compile(products);
${ready}
const valid = validators[o.product](o.order);
${report}`,
  },
  zod: {
    what: `import zod + build the ${PRODUCTS.length} family schemas + first safeParse`,
    code: `${prelude}
const { schemaFor } = await import(${JSON.stringify(url('bench/schemas/zod.mjs'))});
const schemas = Object.fromEntries(products.map((p) => [p, schemaFor(p, { today: TODAY })]));
${ready}
const valid = schemas[o.product].safeParse(o.order).success;
${report}`,
  },
  'ajv-min': {
    what: `import ajv + compile the ${PRODUCTS.length} minimal family schemas + first validate`,
    code: `${prelude}
const { compile } = await import(${JSON.stringify(url('bench/schemas/minimal-ajv.mjs'))});
const validators = compile(products);
${ready}
const valid = validators[o.product](o.order);
${report}`,
  },
  'zod-min': {
    what: `import zod + build the ${PRODUCTS.length} minimal family schemas + first safeParse`,
    code: `${prelude}
const { schemaFor } = await import(${JSON.stringify(url('bench/schemas/minimal-zod.mjs'))});
const schemas = Object.fromEntries(products.map((p) => [p, schemaFor(p)]));
${ready}
const valid = schemas[o.product].safeParse(o.order).success;
${report}`,
  },
};
let startup = null;
if (STARTUP_RUNS > 0) {
  startup = {};
  for (const name of NAMES) startup[name] = { what: STARTUP[name].what, ms: [], ready_ms: [], wall_ms: [] };
  for (let r = 0; r < STARTUP_RUNS; r++) {
    for (const name of NAMES) {
      const t0 = performance.now();
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', STARTUP[name].code], { cwd: root, encoding: 'utf8' });
      const wall = performance.now() - t0;
      if (child.status !== 0) fail(`start-up run of ${name} failed:\n${child.stderr}`);
      const out = JSON.parse(child.stdout);
      if (out.valid !== STARTUP_ORDER.valid) fail(`start-up run of ${name} got the wrong verdict`);
      startup[name].ms.push(out.ms);
      startup[name].ready_ms.push(out.ready_ms);
      startup[name].wall_ms.push(wall);
    }
  }
  console.log(`\nStart-up: a fresh Node process, import → first result for "${STARTUP_ORDER.name}" (ms, median of ${STARTUP_RUNS})`);
  console.log('  first: import → first result; ready: import → ready to validate; process: the whole child process');
  console.log(`  ${pad('', 9, true)}${pad('first', 8)}${pad('ready', 8)}${pad('process', 9)}   timed`);
  for (const name of NAMES) {
    const s = startup[name];
    s.median_ms = median(s.ms);
    s.median_ready_ms = median(s.ready_ms);
    s.median_wall_ms = median(s.wall_ms);
    console.log(
      `  ${pad(name, 9, true)}${pad(s.median_ms.toFixed(1), 8)}${pad(s.median_ready_ms.toFixed(1), 8)}${pad(s.median_wall_ms.toFixed(0), 9)}   ${s.what}`,
    );
  }
  summary.goal_startup_met = startup.ours.median_ms < 10;
  console.log(`goal (#22): import → first result < 10 ms: ${summary.goal_startup_met ? 'met' : 'NOT met'} (${startup.ours.median_ms.toFixed(1)} ms)`);
}

// ---------------------------------------------------------------- results.json
const versions = {
  node: process.version,
  'certcentral-orders': JSON.parse(readFileSync(PKG + 'package.json', 'utf8')).version,
  ajv: JSON.parse(readFileSync(root + 'node_modules/ajv/package.json', 'utf8')).version,
  zod: JSON.parse(readFileSync(root + 'node_modules/zod/package.json', 'utf8')).version,
};
const results = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? null, cpus: cpus().length, platform: `${process.platform}-${process.arch}` },
  versions,
  settings: { quick: QUICK, rounds: ROUNDS, cell_ms: CELL_MS, startup_runs: STARTUP_RUNS, today: TODAY },
  throughput,
  summary,
  noise: { ...noise, load_before: Number(loadBefore), load_after: Number(load()) },
  js_side_of_ours: jsSide,
  sizes,
  startup,
  sink,
};
writeFileSync(root + 'bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log(`\nWrote bench/results.json (${((performance.now() - started) / 1000).toFixed(1)} s in all).`);
