// Assembles pkg/ (the npm package) from the two wasm-bindgen outputs in build/ and pkg-template/.
// One optimized .wasm serves every host; only the JS glue differs (see ../shared/notes).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(root, 'build');
const pkg = join(root, 'pkg');
const name = 'certcentral_orders';

const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms)?.[1];
if (!version) throw new Error('no [package] version in Cargo.toml');

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);

// wasm-opt from the npm package binaryen: Debian's build is too old for current wasm-bindgen.
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
execFileSync(wasmOpt, [
  join(build, 'web', `${name}_bg.wasm`), '-Oz',
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
  '-o', join(pkg, `${name}_bg.wasm`),
], { stdio: 'inherit' });

copyFileSync(join(build, 'web', `${name}.js`), join(pkg, `${name}.js`));
copyFileSync(join(build, 'web', `${name}.d.ts`), join(pkg, `${name}.d.ts`));
copyFileSync(join(build, 'node', `${name}.js`), join(pkg, 'node.cjs'));
const nodeTypes = readFileSync(join(build, 'node', `${name}.d.ts`), 'utf8');
writeFileSync(join(pkg, 'index.d.ts'), nodeTypes);
writeFileSync(join(pkg, 'index.d.cts'), nodeTypes);

for (const file of ['node.mjs', 'browser.js', 'web.js', 'web.d.ts', 'README.md']) {
  copyFileSync(join(root, 'pkg-template', file), join(pkg, file));
}
for (const file of ['LICENSE-MIT', 'LICENSE-APACHE']) {
  if (existsSync(join(root, file))) copyFileSync(join(root, file), join(pkg, file));
}
const manifest = JSON.parse(readFileSync(join(root, 'pkg-template', 'package.json'), 'utf8'));
manifest.version = version;
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`pkg/: certcentral-orders@${version}`);
