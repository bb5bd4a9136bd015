// The bundlers' entry (pkg/embedded.js, from pkg-template/embedded.js): the wasm travels inside
// the module as text and is instantiated synchronously, so a bundle needs no top-level await, no
// .wasm asset and no loader configuration (issue #20). Used by scripts/build-pkg.mjs.
//
// The encoding keeps the wasm's compressibility: base64 cost +33.4 KB gzip -9 (+35%), hex +12.2
// KB, this +0.4 KB (measured on the 243,009-byte wasm: 96,278 bytes gzipped as is, 96,645 as this
// text). Each byte becomes one or two printable ASCII characters, always the same ones for the
// same byte, so the repeats gzip finds in the wasm stay repeats in the text (base64 packs three
// bytes into four characters and breaks them). The 88 bytes most frequent in this wasm get one
// character (93.5% of its bytes), the other 168 a prefix (one of two) and a character. The
// alphabet leaves out both quotes, the backtick, the backslash and `<`: the text needs no escape
// in any string literal a minifier may choose, and never reads as `</script` when inlined.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ALPHABET = [...Array(95).keys()].map((i) => String.fromCharCode(32 + i)).filter((c) => !`"'\`\\<`.includes(c)).join('');
const PREFIXES = 2;

/** The wasm as { text, alphabet, ranked (hex: the byte values, most frequent first), length }. */
export function encodeWasm(bytes) {
  const count = new Array(256).fill(0);
  for (const b of bytes) count[b]++;
  // Ties broken by byte value, so the same wasm always gives the same text.
  const ranked = [...Array(256).keys()].sort((a, b) => count[b] - count[a] || a - b);
  const singles = ALPHABET.length - PREFIXES;
  const code = new Array(256);
  ranked.forEach((byte, i) => {
    code[byte] = i < singles ? ALPHABET[PREFIXES + i]
      : ALPHABET[Math.floor((i - singles) / ALPHABET.length)] + ALPHABET[(i - singles) % ALPHABET.length];
  });
  let text = '';
  for (const b of bytes) text += code[b];
  return { text, alphabet: ALPHABET, ranked: Buffer.from(ranked).toString('hex'), length: bytes.length };
}

/**
 * Writes pkg/`out` (embedded.js, validate.js) from the template, for the glue `glue` and its
 * wasm, exporting `exports`, and checks that the template's own `decode` gives back the wasm byte for byte (a wrong byte in a data segment would still compile).
 */
export function writeEmbeddedEntry(root, pkg, { wasm: wasmFile, glue, out: outFile, exports }) {
  const wasm = readFileSync(join(pkg, wasmFile));
  const template = readFileSync(join(root, 'pkg-template', 'embedded.js'), 'utf8')
    .replaceAll("'./certcentral_orders.js'", () => `'./${glue}'`);
  if (!template.includes(`'./${glue}'`)) throw new Error('pkg-template/embedded.js: no import of ./certcentral_orders.js');
  const { text, alphabet, ranked, length } = encodeWasm(wasm);
  const source = template.match(/^function decode\([^]*?^}$/m)?.[0];
  if (!source) throw new Error('pkg-template/embedded.js: no `function decode(...) {...}` at the start of a line');
  const decode = new Function(`${source}\nreturn decode;`)();
  const back = decode(text, alphabet, ranked, length);
  if (Buffer.compare(Buffer.from(back), wasm) !== 0) throw new Error('embedded.js: decode() does not give back the wasm');
  // The text last: the marks are looked for in what is filled in so far.
  const filled = { '/* EXPORTS */': exports.join(', '), '/* ALPHABET */': alphabet, '/* RANKED */': ranked, '/* LENGTH */': String(length), '/* WASM */': text };
  let out = template;
  for (const [mark, value] of Object.entries(filled)) {
    if (out.split(mark).length !== 2) throw new Error(`pkg-template/embedded.js: expected exactly one ${mark}`);
    out = out.replace(mark, () => value);
  }
  writeFileSync(join(pkg, outFile), out);
}

/**
 * The web glue's init() falls back to `new URL('<name>_bg.wasm', import.meta.url)`. web.js now
 * passes that URL itself (written `./` first, as bundlers want it to emit the asset), so the
 * glue loses its own: otherwise every bundle of embedded.js would carry an `import.meta` (esbuild
 * warns, and leaves it empty, in iife and cjs output) and Vite and webpack would emit an unused
 * copy of the .wasm beside it.
 */
export function dropGlueWasmUrl(pkg, glueFile, wasmFile) {
  const path = join(pkg, glueFile);
  const glue = readFileSync(path, 'utf8');
  const line = `module_or_path = new URL('${wasmFile}', import.meta.url);`;
  if (glue.split(line).length !== 2) throw new Error(`${glueFile}: expected exactly one ${line}`);
  const out = glue.replace(line, "throw new TypeError('certcentral-orders: init() needs the wasm: use certcentral-orders/web');");
  if (out.includes('import.meta')) throw new Error(`${glueFile}: still uses import.meta`);
  writeFileSync(path, out);
}
