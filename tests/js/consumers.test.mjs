// The consumer matrix (issue #20): the packed package as each set-up takes it, with the recipes of
// README.md's "Bundlers" section, read from the README itself (each block after a
// `<!-- consumer: NAME -->` line), so that what the README says is what runs here:
// - Vite 6 and Vite 8 with no config: `vite build`, and the dev server (its dependency optimizer
//   included), each page validating an order in headless Chromium;
// - webpack 5 and esbuild (iife, and esm at es2015) for a page, also with `require(...)` instead
//   of `import` (issue #20, item 2: it must work, or fail at build time saying to use import);
// - esbuild bundling for Node into one CommonJS file, run from a folder with no node_modules;
// - Rollup with its node-resolve plugin; Node's own `require` of the package and every subpath;
// - TypeScript --strict under moduleResolution nodenext (ESM and CJS), bundler and node10;
// - the import map page under the README's Content-Security-Policy (and not without connect-src);
// - the `web` entry's init() in Vite and webpack builds, which emit the .wasm themselves;
// - attw and publint on the tarball.
// The tools are pinned in tests/consumers/package.json and installed here with `npm ci` (again
// only when its package-lock.json is newer than the install). Each app is a folder of its own in
// tests/.scratch/consumers with the installed package copied into its node_modules, as `npm
// install` of the tarball puts it there; the tools resolve from the folder above.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { app, launchChromium } from './helpers.mjs';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tools = join(root, 'tests', 'consumers');
const work = join(root, 'tests', '.scratch', 'consumers');
const installed = join(app, 'node_modules', 'certcentral-orders');
const tarball = join(app, '..', readdirSync(join(app, '..')).find((f) => f.endsWith('.tgz')));

// ------------------------------------------------------------------------------ the recipes

/** A README's recipe blocks by name (a name may have several blocks, in order). */
function recipes(readme) {
  const blocks = {};
  for (const [, name, lang, body] of readme.matchAll(/^<!-- consumer: ([\w-]+) -->\n```(\w*)\n([^]*?)^```$/gm)) {
    (blocks[name] ??= []).push({ lang, body });
  }
  return blocks;
}
const RECIPES = recipes(readFileSync(join(root, 'README.md'), 'utf8'));
const recipe = (name) => {
  assert.ok(RECIPES[name], `README.md has no \`<!-- consumer: ${name} -->\` block`);
  return RECIPES[name];
};
/** The `npx` lines of a recipe's sh blocks, each as [tool, ...args] (comments dropped). */
const commands = (name) => recipe(name).filter((b) => b.lang === 'sh').flatMap((b) => b.body.split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean).map((line) => {
    assert.match(line, /^npx [^'"`$]+$/, `${name}: a recipe line is \`npx <tool> <args>\` without quotes: ${line}`);
    return line.split(/\s+/).slice(1);
  });
/** A recipe's js blocks whose first line names the file: { [file]: text }. */
const files = (name) => Object.fromEntries(recipe(name).filter((b) => b.lang === 'js' && /^\/\/ [\w.-]+\n/.test(b.body))
  .map((b) => [b.body.match(/^\/\/ ([\w.-]+)\n/)[1], b.body]));

// ------------------------------------------------------------------------------ the tools

const bins = {
  vite: join(tools, 'node_modules', 'vite', 'bin', 'vite.js'),
  vite6: join(tools, 'node_modules', 'vite6', 'bin', 'vite.js'),
  webpack: join(tools, 'node_modules', 'webpack-cli', 'bin', 'cli.js'),
  esbuild: join(tools, 'node_modules', 'esbuild', 'bin', 'esbuild'),
  rollup: join(tools, 'node_modules', 'rollup', 'dist', 'bin', 'rollup'),
  tsc: join(tools, 'node_modules', 'typescript', 'bin', 'tsc'),
  attw: join(tools, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'),
  publint: join(tools, 'node_modules', 'publint', 'src', 'cli.js'),
};

/** Runs a recipe command ([tool, ...args]) in `dir`; `tool` may be swapped (vite → vite6). */
async function npx(dir, [tool, ...args], { as = tool, timeout = 120_000 } = {}) {
  assert.ok(bins[as], `no pinned tool for ${as}`);
  try {
    // esbuild's install may put its native binary in place of its JS launcher.
    const head = Buffer.alloc(4);
    const fd = openSync(bins[as], 'r');
    readSync(fd, head, 0, 4, 0);
    closeSync(fd);
    const native = head.equals(Buffer.from('\x7fELF', 'latin1'));
    const [file, argv] = native ? [bins[as], args] : [process.execPath, [bins[as], ...args]];
    return await run(file, argv, { cwd: dir, timeout, env: { ...process.env, NO_COLOR: '1' } });
  } catch (e) {
    assert.fail(`${as} ${args.join(' ')} failed in ${dir}:\n${e.stdout}${e.stderr}`);
  }
}

function installTools() {
  const stamp = join(tools, 'node_modules', '.package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(join(tools, 'package-lock.json')).mtimeMs) return;
  return run('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: tools, timeout: 600_000 }).catch((e) => {
    throw new Error(`npm ci in tests/consumers failed:\n${e.stdout}${e.stderr}`);
  });
}

/** A consumer's folder: its files, a package.json and the installed package in node_modules. */
function makeApp(name, appFiles, { type = 'module' } = {}) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  cpSync(installed, join(dir, 'node_modules', 'certcentral-orders'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type }));
  for (const [file, text] of Object.entries(appFiles)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

// ------------------------------------------------------------------------------ pages

// A small order that is wrong in four ways; every consumer must say the same four things.
const ORDER = { certificate: { common_name: 'a_b.example.com', signature_hash: 'md5' }, organization: { id: 1 }, validity_years: 4 };
const EXPECTED = { n: 14, issues: ['certificate.common_name:format', 'certificate.signature_hash:enum', 'certificate.csr:required', 'validity_years:range'].sort() };
const pageCode = (load) => `${load}
const r = validateOrder("ssl_securesite", ${JSON.stringify(ORDER)}, { today: "2026-11-22" });
window.__result = JSON.stringify({ n: products().length, issues: r.issues.filter((i) => i.severity === "error").map((i) => i.field + ":" + i.code).sort() });
`;
const IMPORT = pageCode('import { validateOrder, products } from "certcentral-orders";');
const REQUIRE = pageCode('const { validateOrder, products } = require("certcentral-orders");');
const html = (script) => `<!doctype html><html><head><meta charset="utf-8"><title>consumer</title>${script}</head><body></body></html>`;

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
/** Serves `dir` on 127.0.0.1 with `headers` on every answer. */
async function serve(dir, headers = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', ...headers }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

let browser;
/** Opens `url` in a fresh context; resolves to window.__result (parsed) and the page's errors. */
async function visit(url, { timeout = 20_000 } = {}) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout }).catch(() => {});
    const result = await page.evaluate(() => window.__result);
    return { result: result === undefined ? undefined : JSON.parse(result), errors };
  } finally {
    await context.close();
  }
}
async function assertValidates(url, what) {
  const { result, errors } = await visit(url);
  assert.deepEqual(result, EXPECTED, `${what}: the page gave ${JSON.stringify(result)}; errors: ${errors.join('; ')}`);
}
async function assertServedValidates(dir, page, what, headers) {
  const server = await serve(dir, headers);
  try {
    await assertValidates(`${server.url}/${page}`, what);
  } finally {
    await server.close();
  }
}

before(async () => {
  await installTools();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'node_modules'), { recursive: true });
  for (const entry of readdirSync(join(tools, 'node_modules')).filter((e) => !e.startsWith('.'))) {
    symlinkSync(join(tools, 'node_modules', entry), join(work, 'node_modules', entry));
  }
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

// ------------------------------------------------------------------------------ Vite

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npx vite` (the recipe's dev line) on 127.0.0.1; resolves to { url, output, stop }. */
async function viteDev(dir, args, as) {
  const port = await freePort();
  const child = spawn(process.execPath, [bins[as], ...args, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  while (!output.includes(`127.0.0.1:${port}`)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      assert.fail(`${as} dev server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}

for (const [as, version] of [['vite6', 'Vite 6'], ['vite', 'Vite 8']]) {
  test(`${version}, no config: vite build, and the dev server, each serve a page that validates`, async () => {
    const [build, dev] = commands('vite');
    assert.deepEqual([build, dev], [['vite', 'build'], ['vite']], 'the README\'s Vite lines');
    const { stdout } = await run(process.execPath, [bins[as], '--version']);
    assert.match(stdout, new RegExp(`^vite/${as === 'vite6' ? 6 : 8}\\.`));
    const dir = makeApp(as, { 'index.html': html('<script type="module" src="/src/main.js"></script>'), 'src/main.js': IMPORT });
    await npx(dir, build, { as });
    assert.deepEqual(readdirSync(join(dir, 'dist', 'assets')).filter((f) => f.endsWith('.wasm')), [], 'the wasm is in the bundle, not an asset');
    await assertServedValidates(join(dir, 'dist'), '', `${version} build`);

    const server = await viteDev(dir, dev.slice(1), as);
    try {
      await assertValidates(server.url, `${version} dev server`);
      assert.doesNotMatch(server.output(), /error|failed/i, `${version} dev server output`);
    } finally {
      await server.stop();
    }
  });
}

// ------------------------------------------------------------------------------ webpack, esbuild, Rollup

test('webpack 5, no config: `import` and `require` bundles validate in Chromium', async () => {
  const [cmd] = commands('webpack');
  for (const [style, code, type] of [['import', IMPORT, 'module'], ['require', REQUIRE, 'commonjs']]) {
    const dir = makeApp(`webpack-${style}`, { 'src/index.js': code, 'dist/index.html': html('<script src="main.js"></script>') }, { type });
    await npx(dir, cmd);
    assert.deepEqual(readdirSync(join(dir, 'dist')).sort(), ['index.html', 'main.js'], `webpack ${style}: nothing beside the bundle`);
    await assertServedValidates(join(dir, 'dist'), '', `webpack, ${style}`);
  }
});

test('esbuild for a page: iife, and esm at es2015, with `import` and with `require`', async () => {
  const [iife, esm] = commands('esbuild');
  assert.ok(!iife.some((a) => a.startsWith('--format')), 'the first esbuild line keeps the default format (iife)');
  assert.ok(esm.includes('--format=esm') && esm.includes('--target=es2015'), 'the second esbuild line is ESM for es2015');
  const pages = {
    'dist/iife.html': html('<script src="main.js"></script>'),
    'dist/esm.html': html('<script type="module" src="main.mjs"></script>'),
  };
  for (const [style, code, type] of [['import', IMPORT, 'module'], ['require', REQUIRE, 'commonjs']]) {
    const dir = makeApp(`esbuild-${style}`, { 'src/main.js': code, ...pages }, { type });
    for (const cmd of [iife, esm]) {
      const { stderr } = await npx(dir, cmd);
      assert.doesNotMatch(stderr, /warning/i, `esbuild ${cmd.join(' ')}: no warnings`);
    }
    await assertServedValidates(join(dir, 'dist'), 'iife.html', `esbuild iife, ${style}`);
    await assertServedValidates(join(dir, 'dist'), 'esm.html', `esbuild esm es2015, ${style}`);
  }
});

test('esbuild for Node: one CommonJS file that runs with no node_modules beside it', async () => {
  const [cmd] = commands('esbuild-node');
  const print = `console.log(JSON.stringify({ n: products().length, issues: validateOrder("ssl_securesite", ${JSON.stringify(ORDER)}, { today: "2026-11-22" }).issues.filter((i) => i.severity === "error").map((i) => i.field + ":" + i.code).sort() }));\n`;
  for (const [style, load, type] of [
    ['import', 'import { validateOrder, products } from "certcentral-orders";', 'module'],
    ['require', 'const { validateOrder, products } = require("certcentral-orders");', 'commonjs'],
  ]) {
    const dir = makeApp(`esbuild-node-${style}`, { 'src/handler.js': `${load}\n${print}` }, { type });
    const { stderr } = await npx(dir, cmd);
    assert.doesNotMatch(stderr, /warning/i, `esbuild --platform=node: no warnings (${style})`);
    // Away from every node_modules that holds the package: the bundle is all it has.
    const alone = join(work, `lambda-${style}`);
    rmSync(alone, { recursive: true, force: true });
    mkdirSync(alone);
    cpSync(join(dir, 'dist', 'handler.cjs'), join(alone, 'handler.cjs'));
    const { stdout } = await run(process.execPath, ['handler.cjs'], { cwd: alone });
    assert.deepEqual(JSON.parse(stdout), EXPECTED, `the Node bundle (${style})`);
  }
  // Conditions of one's own drop esbuild's "module": the bundle gets node.mjs, whose import.meta
  // is empty in CommonJS. It says so at the first line instead of "Invalid URL".
  const dir = join(work, 'esbuild-node-import');
  await npx(dir, [...cmd.filter((a) => !a.startsWith('--outfile')), '--conditions=worker', '--log-level=error', '--outfile=dist/custom.cjs']);
  await assert.rejects(run(process.execPath, [join(dir, 'dist', 'custom.cjs')], { cwd: work }),
    (e) => /keep the "module" condition/.test(e.stderr));
});

test('Rollup with @rollup/plugin-node-resolve: the bundle validates in Chromium', async () => {
  const config = files('rollup');
  assert.ok(config['rollup.config.mjs'], 'the README\'s rollup.config.mjs');
  const dir = makeApp('rollup', { ...config, 'src/main.js': IMPORT, 'dist/index.html': html('<script type="module" src="main.js"></script>') });
  const [cmd] = commands('rollup');
  await npx(dir, cmd);
  await assertServedValidates(join(dir, 'dist'), '', 'Rollup');
});

// ------------------------------------------------------------------------------ Node, TypeScript

test('Node, CommonJS: require the package and each subpath (the ES-module ones too)', async () => {
  const script = files('node-cjs');
  assert.ok(script['app.cjs'], 'the README\'s app.cjs');
  const locales = readdirSync(join(installed, 'locales')).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3));
  const dir = makeApp('node-cjs', {
    ...script,
    'subpaths.cjs': `const seen = {
      web: typeof require("certcentral-orders/web").init,
      resolver: typeof require("certcentral-orders/react-hook-form").orderResolver,
      locales: ${JSON.stringify(locales)}.map((l) => require("certcentral-orders/locales/" + l).default.locale),
      pkg: require("certcentral-orders/package.json").name,
    };
    console.log(JSON.stringify(seen));`,
  }, { type: 'commonjs' });
  const { stdout, stderr } = await run(process.execPath, ['app.cjs'], { cwd: dir });
  assert.match(stdout, /obligatorio/, 'the README\'s script prints the Spanish message');
  assert.equal(stderr, '', 'no warnings');
  const seen = JSON.parse((await run(process.execPath, ['subpaths.cjs'], { cwd: dir })).stdout);
  assert.deepEqual(seen, { web: 'function', resolver: 'function', locales, pkg: 'certcentral-orders' });
});

const consumerTs = `import { validateOrder, products, CertCentralClient } from 'certcentral-orders';
import type { ValidationReport, SslOrder, ProductId, Issue } from 'certcentral-orders';
import init, { initSync } from 'certcentral-orders/web';
import es from 'certcentral-orders/locales/es';

const order: SslOrder = {
  certificate: { common_name: 'example.com', csr: '-----BEGIN CERTIFICATE REQUEST-----', signature_hash: 'sha256' },
  organization: { id: 1 },
  validity_years: 1,
};
const report: ValidationReport = validateOrder('ssl_securesite', order, { locale: es });
const first: Issue | undefined = report.issues[0];
const ids: ProductId[] = products().map((p) => p.id);
// @ts-expect-error not a product id
new CertCentralClient().orderCertificate('ssl_nonesuch', order);
export const ready: Promise<unknown> = init();
export { first, ids, initSync };
`;

test('TypeScript --strict: moduleResolution nodenext (ESM and CJS), bundler and node10', async () => {
  const configs = recipe('typescript')[0].body.trim().split('\n').map((line) => JSON.parse(line.replace(/\s*\/\/.*$/, '')));
  assert.deepEqual(configs.map((c) => c.compilerOptions.moduleResolution), ['nodenext', 'bundler', 'node10']);
  const dir = makeApp('typescript', {});
  // The Standard Schema interfaces (types only) that the package's declarations refer to.
  cpSync(join(root, 'node_modules', '@standard-schema'), join(dir, 'node_modules', '@standard-schema'), { recursive: true });
  await Promise.all(configs.map(async ({ compilerOptions }) => {
    const sub = join(dir, compilerOptions.moduleResolution);
    const sources = { 'consumer.ts': consumerTs };
    if (compilerOptions.module === 'nodenext') {
      sources['consumer.cts'] = `import cc = require('certcentral-orders');
import es = require('certcentral-orders/locales/es');
import web = require('certcentral-orders/web');
const r: cc.ValidationReport = cc.validateOrder('code_signing', {}, { locale: es.default });
export = [r, web.initSync];
`;
    }
    mkdirSync(sub);
    for (const [file, text] of Object.entries(sources)) writeFileSync(join(sub, file), text);
    writeFileSync(join(sub, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { ...compilerOptions, target: 'es2022', noEmit: true, skipLibCheck: false, types: [] },
      files: Object.keys(sources),
    }));
    await npx(sub, ['tsc', '-p', '.']);
  }));
});

// ------------------------------------------------------------------------------ pages without a bundler

test('an import map page under the README\'s Content-Security-Policy (and a bundled page under its own)', async () => {
  const [map] = recipe('importmap');
  const mapText = map.body.match(/<script type="importmap">([^]*?)<\/script>/)[1];
  const hash = `'sha256-${createHash('sha256').update(mapText).digest('base64')}'`;
  const policy = (name) => {
    const line = recipe(name)[0].body.trim();
    assert.match(line, /^Content-Security-Policy: /);
    return line.slice('Content-Security-Policy: '.length).replace("'sha256-<the import map's>'", hash);
  };
  const dir = makeApp('importmap', { 'index.html': html(map.body), 'main.js': IMPORT });
  const csp = policy('csp-importmap');
  assert.match(csp, /connect-src 'self'/);
  await assertServedValidates(dir, '', 'the import map page', { 'content-security-policy': csp });
  // Without connect-src the .wasm is not fetched: the README's line is the one needed.
  const server = await serve(dir, { 'content-security-policy': csp.replace(/; connect-src 'self'/, '') });
  try {
    const { result, errors } = await visit(`${server.url}/`, { timeout: 1500 });
    assert.equal(result, undefined);
    assert.match(errors.join('\n'), /Content Security Policy/);
  } finally {
    await server.close();
  }
  // A bundled page fetches no wasm.
  const bundled = makeApp('csp-bundled', { 'src/main.js': IMPORT, 'dist/index.html': html('<script src="main.js"></script>') });
  await npx(bundled, commands('esbuild')[0]);
  await assertServedValidates(join(bundled, 'dist'), '', 'a bundled page', { 'content-security-policy': policy('csp-bundled') });
});

test('the web entry: init() fetches the .wasm that Vite and webpack emit into the build', async () => {
  const [snippet] = recipe('web');
  // The README's snippet logs `valid`; the page reports it.
  const code = snippet.body.replace('console.log(', 'window.__result = JSON.stringify(');
  assert.notEqual(code, snippet.body);
  const vite = makeApp('web-vite', { 'index.html': html('<script type="module" src="/src/main.js"></script>'), 'src/main.js': code });
  await npx(vite, commands('vite')[0]);
  assert.equal(readdirSync(join(vite, 'dist', 'assets')).filter((f) => f.endsWith('.wasm')).length, 1, 'Vite emitted the .wasm');
  const webpack = makeApp('web-webpack', { 'src/index.js': code, 'dist/index.html': html('<script src="main.js"></script>') });
  await npx(webpack, commands('webpack')[0]);
  assert.equal(readdirSync(join(webpack, 'dist')).filter((f) => f.endsWith('.wasm')).length, 1, 'webpack emitted the .wasm');
  for (const [what, dir] of [['Vite', join(vite, 'dist')], ['webpack', join(webpack, 'dist')]]) {
    const server = await serve(dir);
    try {
      const { result, errors } = await visit(`${server.url}/`);
      assert.equal(result, false, `${what}: init() then validateOrder; errors: ${errors.join('; ')}`);
    } finally {
      await server.close();
    }
  }
});

// ------------------------------------------------------------------------------ the tarball's metadata

test('the README that npm shows (the package\'s own) gives the same recipes', () => {
  const shipped = recipes(readFileSync(join(installed, 'README.md'), 'utf8'));
  assert.ok(Object.keys(RECIPES).length >= 10, `README.md's recipes: ${Object.keys(RECIPES)}`);
  assert.deepEqual(shipped, RECIPES, 'pkg-template/README.md and README.md differ in a recipe');
});

test('attw: the types resolve for every entry point under node10, node16 (ESM and CJS) and bundler', async () => {
  const locales = readdirSync(join(installed, 'locales')).filter((f) => f.endsWith('.js')).map((f) => `./locales/${f.slice(0, -3)}`);
  // - cjs-resolves-to-esm: the subpaths are ES modules only, which `require` loads on the Node
  //   versions in `engines` (20.19+, 22.12+; tested above). attw does not model require(esm) yet
  //   (arethetypeswrong issue 252), so it would flag each of them.
  // - The .wasm subpath is an asset for those who load it themselves, not a module with types.
  // - The locales are one wildcard export, which attw does not expand: each is named.
  const { stdout } = await npx(work, ['attw', tarball, '--format', 'ascii', '--no-color',
    '--ignore-rules', 'cjs-resolves-to-esm', '--exclude-entrypoints', './certcentral_orders_bg.wasm',
    '--include-entrypoints', ...locales], { as: 'attw' });
  assert.match(stdout, /No problems found/, stdout);
});

test('publint: no errors, warnings or suggestions', async () => {
  const { stdout } = await npx(work, ['publint', tarball, '--strict'], { as: 'publint' });
  assert.doesNotMatch(stdout, /Errors|Warnings|Suggestions/, stdout);
});
