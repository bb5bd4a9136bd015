// Assembles pkg/ (the npm package) from the two wasm-bindgen outputs in build/ and pkg-template/.
// One optimized .wasm serves every host; only the JS glue differs (see ../shared/notes).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { renameInGlue, shortenNames } from './short-names.mjs';
import { dropGlueWasmUrl, writeEmbeddedEntry } from './embed-wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(root, 'build');
// CC_PKG_DIR builds elsewhere (make profile: build/pkg-profile), CC_KEEP_NAMES=1 keeps the wasm's
// name section (wasm-opt -g), so V8's profiler names the wasm functions.
const pkg = process.env.CC_PKG_DIR ? join(root, process.env.CC_PKG_DIR) : join(root, 'pkg');
const keepNames = process.env.CC_KEEP_NAMES === '1';
const name = 'certcentral_orders';

const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms)?.[1];
if (!version) throw new Error('no [package] version in Cargo.toml');

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);

// wasm-opt from the npm package binaryen: Debian's build is too old for current wasm-bindgen.
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
// --converge repeats -Oz until it stops shrinking the module; --low-memory-unused lets it fold
// constant addresses (Rust never touches the first KB of memory); the producers and
// target-features sections are for tools, not for running. Measured together: -0.6 KB gzip.
// -ocimfs 30: a function with one caller is inlined into it only when small. By default
// Binaryen inlines every such function whatever its size (the family rules into the entry
// point, error paths into the checks), and V8 compiles a wasm function whole on its first
// call, so the first validateOrder compiled the code of paths it never took. Measured against
// the default: the first call compiles 38 KB instead of 45 (an SSL order), start-up -0.3 ms,
// the wasm -1.4 KB gzip, calls as fast (1000: half of it; 0: as 30, 0.1 KB bigger).
/** Optimises `from` into pkg/`file`, its internal import/export names shortened; the renames. */
function optimize(from, file) {
  execFileSync(wasmOpt, [
    from, '-Oz', '--converge', '-ocimfs', '30', '--low-memory-unused',
    '--strip-producers', '--strip-target-features', ...(keepNames ? ['-g'] : []),
    '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
    '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
    '-o', join(pkg, file),
  ], { stdio: 'inherit' });
  // Internal import/export names shortened in the wasm and, below, in its glues.
  const shortened = shortenNames(readFileSync(join(pkg, file)));
  writeFileSync(join(pkg, file), shortened.wasm);
  return shortened.renames;
}
const shortened = { renames: optimize(join(build, 'web', `${name}_bg.wasm`), `${name}_bg.wasm`) };
// The validation-only wasm (certcentral-orders/validate: the binding crate without its `client`
// feature, built by make pkg), the same way. It ships inside validate.js, and as a file for
// node.mjs.
const validateName = `${name}_validate`;
const validateRenames = optimize(join(build, 'validate-web', `${validateName}_bg.wasm`), `${validateName}_bg.wasm`);

// src/js/support.js (the `CertCentralError` class, the fast order reader and the fetch helpers) is
// a wasm-bindgen snippet under a hashed path, which each glue imports. It goes into each glue
// instead, in a function scope of its own, so every host loads one module less: Node's ESM entry
// was ~0.45 ms faster to import (one file read, compile and link fewer), and a browser waits for
// one request less. `rewrite` first gives the snippet a stable name; `inlineSupport` then turns
// every import or require of that name into the inlined object (the Node glue, CommonJS), and
// `inlineSupportTop` (below) into declarations of the module itself (the web glues). (Only the
// import and require statements: the key of the wasm imports object is the module name compiled
// into the wasm and must stay as it is.)
const snippet = /(["'`])\.\/snippets\/[^"'`]+\/src\/js\/support\.js\1(?!\s*:)/g;
// Its comments are for readers of the source; the package ships it without them (every byte
// here is downloaded by every browser that uses the package).
// The package's version goes into PACKAGE, the key of what every entry of this version shares
// in a realm (the registered locales).
const packageToken = "const PACKAGE = 'certcentral-orders@dev';";
const supportSource = readFileSync(join(root, 'src', 'js', 'support.js'), 'utf8');
if (supportSource.split(packageToken).length !== 2) throw new Error(`src/js/support.js: expected one ${packageToken}`);
const supportCode = supportSource.replace(packageToken, `const PACKAGE = ${JSON.stringify(`certcentral-orders@${version}`)};`)
  .split('\n').filter((line) => !/^\s*\/\//.test(line)).join('\n')
  .replace(/\s+\/\/ [^'"`\n]*$/gm, '');
const exported = [...supportCode.matchAll(/^export (?:class|function|const) (\w+)/gm)].map((m) => m[1]);
// The glues' own doc comments and comment lines go too: the .d.ts files carry the docs, and
// the web glue is downloaded by every browser (-0.65 KB gzip). The code keeps its layout.
const stripComments = (text, file) => {
  const out = text.replace(/\n[ \t]*\/\*\*[^]*?\*\/(?=\n)/g, '').replace(/\n[ \t]*\/\/[^\n]*(?=\n)/g, '');
  if (out.length > text.length * 0.99) throw new Error(`${file}: its comments were not found`);
  return out;
};
if (supportCode.split(/^export /m).length - 1 !== exported.length) {
  throw new Error('src/js/support.js: every export must be an `export class`, `export function` or `export const`');
}
const supportBlock = `const support = (() => {\n${supportCode.replace(/^export (class|function|const) /gm, '$1 ').trim()}\n`
  + `return { ${exported.join(', ')} };\n})();\n`;
const SUPPORT = 'support.js';
// The module's name in an import or require, in any quotes (a pattern's source).
const SUPPORT_PATH = `(?<quote>["'\`])\\./${SUPPORT.replace('.', '\\.')}\\k<quote>`;
// (`imports`: whether the wasm imports from support.js; the validation-only one imports nothing
// from it, its calls crossing as numbers: wasm/src/bindings.rs, Fast.)
const rewrite = (text, file, imports = true) => {
  const out = text.replace(snippet, `$1./${SUPPORT}$1`);
  if ((out === text) === imports) throw new Error(`${file}: the support.js snippet import was ${imports ? 'not found' : 'found'}`);
  return out;
};
const inlineSupport = (text, file) => {
  const imported = new Set();
  const out = text
    .replace(new RegExp(`^import \\{([^}]*)\\} from ${SUPPORT_PATH};?$`, 'gm'), (_, names) => {
      for (const n of names.split(',')) imported.add(n.trim().split(/\s+as\s+/).pop());
      return `const {${names.replace(/ as /g, ': ')}} = support;`;
    })
    .replace(new RegExp(`^import \\* as (\\w+) from ${SUPPORT_PATH};?$`, 'gm'), 'const $1 = support;')
    // Re-exports: of a name the glue imported too, export that binding; otherwise bind it here.
    .replace(new RegExp(`^export \\{([^}]*)\\} from ${SUPPORT_PATH};?$`, 'gm'), (_, names) => names.split(',').map((n) => n.trim())
      .map((n) => (imported.has(n) ? `export { ${n} };` : `export const { ${n} } = support;`)).join('\n'))
    .replace(new RegExp(`require\\((?:String\\.raw)?${SUPPORT_PATH}\\)`, 'g'), 'support');
  if (new RegExp(SUPPORT_PATH).test(out)) {
    throw new Error(`${file}: an import of ${SUPPORT} is left after inlining it: ${out.match(new RegExp(`.*${SUPPORT_PATH}.*`))?.[0]}`);
  }
  return supportBlock + out;
};
// The web glues (ES modules, which bundlers take apart) take the support code at their top level
// instead, each declaration a declaration of the module, so that a bundler drops what a page
// never reaches (a function scope is kept whole): a page importing only validateOrder from
// certcentral-orders/validate leaves out orderSchema's JSON Schema, formatIssue's and
// cleanOrder's code and the error class. A namespace import (the wasm's imports object passes
// it as the module the wasm imports functions from) becomes an object of just the functions
// `wasm` imports from support.js, so it keeps no more than those. Sharing one scope must change
// no binding: TypeScript's parser and checker (a devDependency) find every top-level name of
// both, and the build fails on a name declared by both (a SyntaxError at load) and on a name
// of the glue's own code that would now resolve to a support.js declaration it did not import.
const topLevelNames = (code, file) => {
  const names = new Set();
  const bind = (name) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  for (const st of ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS).statements) {
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) names.add(st.name.text);
    else if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) bind(d.name);
  }
  return names;
};
// The names of `text` (a module) at or after `from` (and before `to`) that resolve to a
// declaration before `from` (or at or after `to`): outside that part of the text.
const boundBefore = (text, from, file, to = Infinity) => {
  const path = `/${file}`;
  const host = ts.createCompilerHost({});
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  Object.assign(host, {
    getSourceFile: (name) => (name === path ? source : undefined),
    fileExists: (name) => name === path,
    readFile: (name) => (name === path ? text : undefined),
  });
  const checker = ts.createProgram([path], { allowJs: true, noEmit: true, noLib: true, types: [] }, host).getTypeChecker();
  const found = new Set();
  const visit = (node) => {
    if (ts.isIdentifier(node) && node.getStart(source) >= from && node.getStart(source) < to) {
      const symbol = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
        ? checker.getShorthandAssignmentValueSymbol(node.parent)
        : checker.getSymbolAtLocation(node);
      if (symbol?.declarations?.some((d) => d.getSourceFile() === source && (d.getStart(source) < from || d.getStart(source) >= to))) found.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};
const supportTop = supportCode.replace(/^export (class|function|const) /gm, '$1 ').trim();
const supportTopNames = topLevelNames(supportTop, SUPPORT);
const inlineSupportTop = (wasm) => (text, file) => {
  const aliases = [];
  const wanted = new Set();
  const wasmImports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasm)))
    .filter((i) => i.module.endsWith(`/src/js/${SUPPORT}`)).map((i) => i.name);
  for (const n of wasmImports) {
    if (!supportTopNames.has(n)) throw new Error(`${wasm}: imports ${n} from ${SUPPORT}, which does not declare it`);
    wanted.add(n);
  }
  const out = text
    .replace(new RegExp(`^import \\* as (\\w+) from ${SUPPORT_PATH};?$`, 'gm'), (_, local) => `const ${local} = { ${wasmImports.join(', ')} };`)
    .replace(new RegExp(`^import \\{([^}]*)\\} from ${SUPPORT_PATH};?\\n`, 'gm'), (_, names) => {
      for (const n of names.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [from, to = from] = n.split(/\s+as\s+/);
        if (!exported.includes(from)) throw new Error(`${file}: ${from} is imported from ${SUPPORT}, which does not export it`);
        if (to !== from) aliases.push(`const ${to} = ${from};\n`);
        wanted.add(from);
      }
      return '';
    })
    .replace(new RegExp(`^export \\{([^}]*)\\} from ${SUPPORT_PATH};?$`, 'gm'), (_, names) => {
      for (const n of names.split(',').map((s) => s.trim()).filter(Boolean)) {
        if (!exported.includes(n)) throw new Error(`${file}: ${n} is re-exported from ${SUPPORT}, which does not export it`);
        wanted.add(n);
      }
      return `export {${names}};`;
    });
  if (new RegExp(SUPPORT_PATH).test(out)) {
    throw new Error(`${file}: an import of ${SUPPORT} is left that cannot be inlined at the top level: ${out.match(new RegExp(`.*${SUPPORT_PATH}.*`))?.[0]}`);
  }
  const clash = [...topLevelNames(out, file)].filter((n) => supportTopNames.has(n));
  if (clash.length > 0) throw new Error(`${file}: ${clash.join(', ')} declared by both the glue and ${SUPPORT}`);
  const head = `${supportTop}\n${aliases.join('')}`;
  const inlined = head + out;
  const captured = [...boundBefore(inlined, head.length, file)].filter((n) => !wanted.has(n));
  if (captured.length > 0) throw new Error(`${file}: ${captured.join(', ')} would now name ${SUPPORT}'s declarations`);
  return inlined;
};
// A CertCentralClient used after free(): wasm-bindgen's glue hands the wasm a null pointer, which
// throws "null pointer passed to rust" (a second free() too); a method detached from its client
// (`orders.map(client.getOrder)`) threw reading `__wbg_ptr` of undefined, synchronously, and one
// called on another object (`{}`) threw the null pointer's text, and one called on a copy
// (`{ ...client }`, its pointer with it) after free() read freed memory. Each method of the class instead
// rejects with a TypeError that says so (support.js, freedClient), as a bad argument does, and
// free() a second time does nothing. The build fails unless every method of the class is so.
const guardFreed = (text, file) => {
  const methods = (text.match(/\n {8}const ret = wasm\.\w+\(this\.__wbg_ptr\b/g) ?? []).length;
  let guarded = 0;
  const out = text
    .replace(/(\n {4}\w+\([^)]*\) \{)(\n {8}const ret = wasm\.\w+\(this\.__wbg_ptr\b)/g, (_, head, call) => {
      guarded += 1;
      return `${head}\n        if (!(this instanceof CertCentralClient && this.__wbg_ptr > 0)) return freedClient();${call}`;
    })
    .replace(/(\n {4}free\(\) \{\n {8}const ptr = this\.__destroy_into_raw\(\);)/, '$1\n        if (ptr === 0) return;');
  if (methods < 10 || guarded !== methods || !out.includes('if (ptr === 0) return;')) {
    throw new Error(`${file}: ${guarded} of ${methods} CertCentralClient methods guarded against a freed client`);
  }
  return out;
};
// The glue wraps each import that may throw as `function() { return handleError(function (a,
// b) {...}, arguments); }`: a JS function of arity 0 for a wasm import of two parameters. V8
// compiles one call wrapper per import signature when it compiles the module, assuming the
// arities match; for each import whose arity differs it compiles another when the module is
// instantiated. Declaring the parameters (handleError still passes `arguments`) makes them
// match: measured 0.8 -> 0.3 ms for `new WebAssembly.Instance`, 11 fewer wrappers.
const matchArity = (text, file, imports = true) => {
  const wrapped = /function\(\) \{ return handleError\(function \(([^)]*)\) \{/g;
  const count = [...text.matchAll(wrapped)].length;
  if (imports && count === 0) throw new Error(`${file}: no handleError-wrapped imports found; has the glue changed?`);
  return text.replace(wrapped, (_, params) => `function(${params}) { return handleError(function (${params}) {`);
};
// The package's validateOrder and inspectCsr are support.js's fastValidate and fastInspect over
// the wasm's numbers-only exports (wasm/src/bindings.rs: validateTape, spareTape, inspectTape,
// labelsTape),
// which are only for them: the glue keeps them unexported. validateOrder, orderFields and
// inspectCsr take a `locale` option: the footer's functions put their answers into the locale
// (support.js).
const fastEntry = (text, file, { renames, exportLines = [], header, footer }) => {
  let out = text;
  for (const [from, to] of [...renames, ...exportLines.map((line) => [line, ''])]) {
    const parts = out.split(from);
    if (parts.length !== 2) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}`);
    out = parts.join(to);
  }
  return header + out + footer;
};
const SUPPORT_NAMES = 'fastValidate, fastInspect, makeOrderSchema, localized, localizedCsr, localizedFields, formatIssueWith, localeOf, todayOf, cleanOrderWith, orderFieldsWith, fastLabels, fastLabel';
// The English form-style messages (src/js/form-en.js, written once): a top-level constant of
// each glue, which only formatIssue uses, so a bundler drops it from a page that never imports
// formatIssue; and the `form` and `words` of locales/en.js.
const formEnglishCode = readFileSync(join(root, 'src', 'js', 'form-en.js'), 'utf8')
  .split('\n').filter((line) => !/^\s*\/\//.test(line)).join('\n').trim();
if (formEnglishCode.split(/^export default \{$/m).length !== 2 || !formEnglishCode.endsWith('};')) {
  throw new Error('src/js/form-en.js: expected one `export default {` ... `};` and nothing else');
}
const formEnglish = (name) => `${formEnglishCode.replace(/^export default /m, `const ${name} = `)}\n`;
// orderFields' and products' data (src/js/data.js, generated from the field tables and the
// products' table by tests/js_facts.rs): top-level constants of each glue, so a page that never
// reaches orderFields, formatIssue, cleanOrder or orderSchema drops FIELDS (the descriptions,
// 4.9 KB gzip). The labels a localized report names fields by come from the wasm (fastLabels).
// orderFields works out the day's validity presets by validating each choice (support.js,
// presetsOf); the wasm holds no other describing code and, inspectCsr's details written by
// hand, no serde JSON writer (the validation wasm 59,216 -> 49,692 bytes, zlib -9).
// Its last constants, FINAL_STATUSES (the order statuses after which nothing is issued),
// DOWNLOAD_FORMATS (those CertCentral documents) and UNSURE_HINTS (how the client's errors end
// when an order may have been created, a reissue requested or an order canceled), are the
// command line's only: written into
// cli.mjs below, in no glue.
const allData = readFileSync(join(root, 'src', 'js', 'data.js'), 'utf8')
  .split('\n').filter((line) => !/^\s*\/\//.test(line)).join('\n').trim();
const dataNames = [...allData.matchAll(/^export const (\w+) = /gm)].map((m) => m[1]);
const CLI_DATA = ['FINAL_STATUSES', 'DOWNLOAD_FORMATS', 'UNSURE_HINTS'];
const cliLines = CLI_DATA.map((name) => new RegExp(`^export const ${name} = (\\[[^\\n]*\\]);$`, 'm').exec(allData));
if (dataNames.join() !== ['FIELDS', 'PRESET_TEXTS', 'PRODUCTS', ...CLI_DATA].join() || allData.split(/^export /m).length !== 4 + CLI_DATA.length || cliLines.includes(null)) {
  throw new Error(`src/js/data.js: expected \`export const\` FIELDS, PRESET_TEXTS, PRODUCTS, ${CLI_DATA.join(' and ')} and nothing else; rewrite it with UPDATE_JS_FACTS=1 cargo test --test js_facts`);
}
const cliData = cliLines.map((line, i) => {
  const list = JSON.parse(line[1]);
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string')) {
    throw new Error(`src/js/data.js: ${CLI_DATA[i]} is not a list of strings`);
  }
  return list;
});
const dataCode = cliLines.reduce((code, line) => code.replace(line[0], ''), allData).trim();
const DATA_CODE = `${dataCode.replace(/^export const /gm, 'const ')}
function orderFieldsGlue(product, today) {
    return orderFieldsWith(product, today, FIELDS, PRESET_TEXTS, (p, o, opts) => fastValidate(p, o, opts, wasm));
}
function fieldLabels(product) {
    return fastLabels(product, wasm);
}
`;
const WEB_FOOTER = `${DATA_CODE}export function validateOrder(product, order, options) {
    return localized(fastValidate(product, order, options, wasm), product, localeOf(options), fieldLabels);
}
export function orderFields(product, options) {
    return localizedFields(orderFieldsGlue(product, todayOf(options)), localeOf(options));
}
export function inspectCsr(pem, options) {
    return localizedCsr(fastInspect(pem, wasm), localeOf(options), fieldLabels);
}
export function orderSchema(product, options) {
    return makeOrderSchema(product, options, validateOrder, orderFields);
}
${formEnglish('formEnglish')}export function formatIssue(issue, options) {
    return formatIssueWith(issue, options, orderFieldsGlue, formEnglish, (name) => fastLabel(name, wasm));
}
export function cleanOrder(product, order) {
    return cleanOrderWith(product, order, orderFieldsGlue);
}
export function products() {
    return JSON.parse(PRODUCTS);
}
`;
// The web glue of `wasmName` (a wasm-bindgen --target web output in build/`dir`), with the
// support code inlined and the package's exports in front of the glue's: the main glue
// (certcentral_orders.js) and the validation-only one (certcentral_orders_validate.js) are made
// the same way from their own wasm.
function webGlueOf(dir, wasmName, renames, imports = true) {
  const file = `${wasmName}.js`;
  const raw = matchArity(renameInGlue(
    rewrite(readFileSync(join(build, dir, file), 'utf8'), file, imports), renames, file), file, imports);
  // The client's glue (the validation-only one has no CertCentralClient).
  const glue = imports ? guardFreed(raw, file) : raw;
  const fast = fastEntry(stripComments(glue, file), file, {
    renames: [
      ['export function inspectTape(', 'function inspectTape('],
      ['export function labelsTape(', 'function labelsTape('],
      ['export function labelTape(', 'function labelTape('],
      ['export function validateTape(', 'function validateTape('],
      ['export function spareTape(', 'function spareTape('],
    ],
    header: `import { ${SUPPORT_NAMES}${imports ? ', freedClient' : ''} } from './support.js';\n`,
    footer: WEB_FOOTER,
  });
  writeFileSync(join(pkg, file), inlineSupportTop(join(pkg, `${wasmName}_bg.wasm`))(fast + "export { CertCentralError, registerLocale, cleanValue } from './support.js';\n", file));
}
webGlueOf('web', name, shortened.renames);
webGlueOf('validate-web', validateName, validateRenames, false);
const nodeGlue = guardFreed(matchArity(renameInGlue(
  rewrite(readFileSync(join(build, 'node', `${name}.js`), 'utf8'), 'node glue'),
  shortened.renames, 'node glue'), 'node glue'), 'node glue');
const fastNode = fastEntry(stripComments(nodeGlue, 'node glue'), 'node glue', {
  renames: [
  ],
  exportLines: [
    'exports.validateTape = validateTape;\n',
    'exports.spareTape = spareTape;\n',
    'exports.inspectTape = inspectTape;\n',
    'exports.labelsTape = labelsTape;\n',
    'exports.labelTape = labelTape;\n',
  ],
  header: `const { ${SUPPORT_NAMES}, freedClient } = require('./support.js');\n`,
  footer: `${DATA_CODE}exports.validateOrder = function validateOrder(product, order, options) {
    return localized(fastValidate(product, order, options, wasm), product, localeOf(options), fieldLabels);
};
exports.orderFields = function orderFields(product, options) {
    return localizedFields(orderFieldsGlue(product, todayOf(options)), localeOf(options));
};
exports.inspectCsr = function inspectCsr(pem, options) {
    return localizedCsr(fastInspect(pem, wasm), localeOf(options), fieldLabels);
};
exports.orderSchema = function orderSchema(product, options) {
    return makeOrderSchema(product, options, exports.validateOrder, exports.orderFields);
};
${formEnglish('formEnglish')}exports.formatIssue = function formatIssue(issue, options) {
    return formatIssueWith(issue, options, orderFieldsGlue, formEnglish, (name) => fastLabel(name, wasm));
};
exports.cleanOrder = function cleanOrder(product, order) {
    return cleanOrderWith(product, order, orderFieldsGlue);
};
exports.products = function products() {
    return JSON.parse(PRODUCTS);
};
exports.registerLocale = require('./support.js').registerLocale;
exports.cleanValue = require('./support.js').cleanValue;
`,
});
// client.cjs: the Node glue of the whole wasm (the client and everything else), which always
// loads its wasm. node.cjs hands it out (registering its exports) unless node.mjs has loaded
// first; node.mjs loads it when the first CertCentralClient is made. Its errors are instances of
// node.mjs's CertCentralError: support.js keeps one class per realm and version.
const registry = `certcentral-orders@${version}`;
const registryKey = `Symbol.for(${JSON.stringify(registry)})`;
writeFileSync(join(pkg, 'client.cjs'), inlineSupport(`${fastNode}exports.CertCentralError = require('./support.js').CertCentralError;\n`, 'node glue'));
writeFileSync(join(pkg, 'node.cjs'), `'use strict';
// Node CommonJS entry: client.cjs's exports, registered for node.mjs to hand out too; or, when
// node.mjs has loaded first, the exports it registered (see node.mjs).
const key = ${registryKey};
let api = globalThis[key];
if (api === undefined) {
    api = Object.freeze({ ...require('./client.cjs') });
    Object.defineProperty(globalThis, key, { value: api });
}
module.exports = api;
`);
// The product ids and their body types (generated from src/products.rs) join each declaration file.
const productTypes = `\n${readFileSync(join(root, 'pkg-template', 'products.d.ts'), 'utf8')}`;
// wasm-bindgen types init()'s input as fetch's `RequestInfo`, which in this file is the order
// model of that name (an order's `requests` entry): written out as what fetch's is.
const initInput = 'export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;';
const webTypes = readFileSync(join(build, 'web', `${name}.d.ts`), 'utf8');
if (webTypes.split(initInput).length !== 2) throw new Error(`${name}.d.ts: expected one ${initInput}`);
writeFileSync(join(pkg, `${name}.d.ts`), webTypes.replace(initInput, 'export type InitInput = Request | string | URL | Response | BufferSource | WebAssembly.Module;') + productTypes);
const nodeTypes = readFileSync(join(build, 'node', `${name}.d.ts`), 'utf8') + productTypes;
writeFileSync(join(pkg, 'index.d.ts'), nodeTypes);
writeFileSync(join(pkg, 'index.d.cts'), nodeTypes);

// node.mjs exports exactly what the CommonJS glue exports.
const nodeExports = [...new Set([...readFileSync(join(pkg, 'client.cjs'), 'utf8').matchAll(/^exports\.(\w+) =/gm)].map((m) => m[1]))];
if (!nodeExports.includes('validateOrder')) throw new Error('node glue: no exports.validateOrder');
// node.mjs validates on the validation-only wasm: every export but the client comes from its glue.
const validateExports = nodeExports.filter((n) => n !== 'CertCentralClient');
for (const file of ['web.js', 'web.d.ts', 'react-hook-form.js', 'react-hook-form.d.ts', 'README.md']) {
  copyFileSync(join(root, 'pkg-template', file), join(pkg, file));
}
// The page without a bundler exports what Node's entries do. It is downloaded as it is, so
// without its comments (they are for this repository's readers).
const browserEntry = readFileSync(join(root, 'pkg-template', 'browser.js'), 'utf8');
if (browserEntry.split('/* EXPORTS */').length !== 2) throw new Error('pkg-template/browser.js: expected exactly one /* EXPORTS */');
writeFileSync(join(pkg, 'browser.js'), browserEntry.replace(/^\/\/.*\n/gm, '').replace('/* EXPORTS */', nodeExports.join(', ')));
// The command line, with the final order statuses (Rust's OrderStatus::is_final) and the
// documented download formats from src/js/data.js where its template marks them.
let cliCode = readFileSync(join(root, 'pkg-template', 'cli.mjs'), 'utf8');
CLI_DATA.forEach((name, i) => {
  const mark = `/* ${name} */`;
  if (cliCode.split(mark).length !== 2) throw new Error(`pkg-template/cli.mjs: expected exactly one ${mark}`);
  cliCode = cliCode.replace(mark, JSON.stringify(cliData[i]));
});
writeFileSync(join(pkg, 'cli.mjs'), cliCode, { mode: statSync(join(root, 'pkg-template', 'cli.mjs')).mode });
// The bundlers' entry carries the wasm inside it (scripts/embed-wasm.mjs); web.js passes the
// .wasm's URL to the glue's init() itself, so the glue loses its own `import.meta.url` fallback.
writeEmbeddedEntry(root, pkg, { wasm: `${name}_bg.wasm`, glue: `${name}.js`, out: 'embedded.js', exports: nodeExports });
dropGlueWasmUrl(pkg, `${name}.js`, `${name}_bg.wasm`);
// certcentral-orders/validate: for bundlers (and pages that import it directly), validate.js
// with the validation-only wasm inside, as embedded.js has the whole one. The .wasm itself is
// node.mjs's, and node-validate.mjs/.cjs hand out the main entry's functions (one set per
// process), all but CertCentralClient.
writeEmbeddedEntry(root, pkg, { wasm: `${validateName}_bg.wasm`, glue: `${validateName}.js`, out: 'validate.js', exports: validateExports });
dropGlueWasmUrl(pkg, `${validateName}.js`, `${validateName}_bg.wasm`);
// node.mjs: pkg-template/node.mjs with the validation glue inlined as an expression, its module
// code in a function scope that returns its exports, so Node's `import` loads one module of the
// package (measured: import -> first result 0.5-1.0 ms shorter). Its free names must stay global:
// the build fails on one that would resolve to a declaration of node.mjs around it.
const glueScope = (text, file) => {
  const exports = [];
  const body = text
    .replace(/^export (function|class) (\w+)/gm, (_, kind, n) => {
      exports.push(n);
      return `${kind} ${n}`;
    })
    .replace(/^export \{([^}]*)\};?$/gm, (_, names) => {
      for (const n of names.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [from, to = from] = n.split(/\s+as\s+/);
        exports.push(to === from ? from : `${to}: ${from}`);
      }
      return '';
    });
  const left = body.match(/^(?:import|export)[\s{*].*$/m);
  if (left) throw new Error(`${file}: node.mjs cannot inline it: ${left[0]}`);
  return {
    names: exports.map((e) => e.split(':')[0]),
    code: `(() => {\n${body}\nreturn { ${exports.join(', ')} };\n})()`,
  };
};
const validateGlueText = readFileSync(join(pkg, `${validateName}.js`), 'utf8');
// Its exports, as node.mjs takes them (glueScope).
const validateGlue = glueScope(validateGlueText, `${validateName}.js`);
const validateGlueExports = new Set(validateGlue.names);
for (const n of validateExports) {
  if (!validateGlueExports.has(n)) throw new Error(`${validateName}.js: no export ${n}, which node.mjs has`);
}
if (validateGlueExports.has('CertCentralClient')) throw new Error(`${validateName}.js exports CertCentralClient`);
const nodeEntry = readFileSync(join(root, 'pkg-template', 'node.mjs'), 'utf8');
for (const mark of ['/* EXPORTS */', '/* REGISTRY */', '/* GLUE */']) {
  if (!nodeEntry.includes(mark)) throw new Error(`pkg-template/node.mjs: no ${mark} placeholder`);
}
const nodeHead = nodeEntry.replaceAll('/* EXPORTS */', validateExports.join(', ')).replace('/* REGISTRY */', registry);
const inlinedGlue = validateGlue.code;
const glueAt = nodeHead.indexOf('/* GLUE */');
const nodeText = nodeHead.replace('/* GLUE */', () => inlinedGlue);
const captured = boundBefore(nodeText, glueAt, 'node.mjs', glueAt + inlinedGlue.length);
if (captured.size > 0) throw new Error(`node.mjs: the inlined ${validateName}.js would name node.mjs's ${[...captured].join(', ')}`);
writeFileSync(join(pkg, 'node.mjs'), nodeText);
const list = validateExports.join(', ');
const validateHeader = '// certcentral-orders/validate in Node: the main entry\'s functions, without CertCentralClient.\n';
writeFileSync(join(pkg, 'node-validate.mjs'), `${validateHeader}export { ${list} } from './node.mjs';\n`);
writeFileSync(join(pkg, 'node-validate.cjs'), `${validateHeader}const api = require('./node.cjs');\nmodule.exports = { ${validateExports.map((n) => `${n}: api.${n}`).join(', ')} };\n`);
const validateTypes = (from) => `// certcentral-orders/validate: the package's API without CertCentralClient (index.d.ts documents it).
export { ${list} } from '${from}';
export type * from '${from}';
`;
writeFileSync(join(pkg, 'validate.d.ts'), validateTypes('./index.js'));
writeFileSync(join(pkg, 'validate.d.cts'), validateTypes('./index.cjs'));
// The message catalogs: one module each, so a page loads only the languages it imports.
mkdirSync(join(pkg, 'locales'));
const formImport = "import english from '../../src/js/form-en.js';\n";
for (const file of readdirSync(join(root, 'pkg-template', 'locales')).filter((f) => f.endsWith('.js'))) {
  const catalog = readFileSync(join(root, 'pkg-template', 'locales', file), 'utf8');
  if (file === 'en.js' && catalog.split(formImport).length !== 2) throw new Error(`pkg-template/locales/en.js: expected one ${formImport}`);
  writeFileSync(join(pkg, 'locales', file), file === 'en.js' ? catalog.replace(formImport, () => formEnglish('english')) : catalog);
  writeFileSync(join(pkg, 'locales', file.replace(/\.js$/, '.d.ts')),
    "import type { LocaleCatalog } from '../index.js';\ndeclare const catalog: LocaleCatalog;\nexport default catalog;\n");
}
for (const file of ['LICENSE-MIT', 'LICENSE-APACHE']) {
  if (existsSync(join(root, file))) copyFileSync(join(root, file), join(pkg, file));
}
const manifest = JSON.parse(readFileSync(join(root, 'pkg-template', 'package.json'), 'utf8'));
manifest.version = version;
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`pkg/: certcentral-orders@${version}`);
