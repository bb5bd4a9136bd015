// Shortens the wasm's internal import and export names in the .wasm and in its JS glue.
//
// wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` and closure trampolines
// `wasm_bindgen_<hash>___convert__closures_...` (up to ~200 characters). Every browser downloads
// each name twice (the .wasm's import/export section and the glue's imports object), and the
// hashes do not compress: measured ~2 KB gzip of a ~60 KB download. Public exports keep their
// names. Each renamed name must occur in every glue exactly as often as expected, or the build
// fails: a wasm-bindgen that writes its glue differently is caught here, not in a browser.

const INTERNAL_IMPORT = /^__wbg_/;
const INTERNAL_EXPORT = /^wasm_bindgen_[0-9a-f]+___/;

function readLeb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [result, pos];
  }
}

function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return Buffer.from(out);
}

const nameBytes = (s) => Buffer.concat([leb(Buffer.byteLength(s)), Buffer.from(s)]);

// Short names: a, b, ..., z, A, ..., Z, $, _, then two characters, prefixed so that they cannot
// collide with anything the glue defines.
function* shortNames(prefix) {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (let len = 1; ; len++) {
    const idx = new Array(len).fill(0);
    for (;;) {
      yield prefix + idx.map((i) => chars[i]).join('');
      let k = len - 1;
      while (k >= 0 && ++idx[k] === chars.length) idx[k--] = 0;
      if (k < 0) break;
    }
  }
}

/** Returns the rewritten wasm and the renames ({ from, to, kind }). */
export function shortenNames(wasm) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const parts = [wasm.subarray(0, 8)];
  const renames = [];
  const imports = shortNames('i');
  const exports = shortNames('e');
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, bodyStart] = readLeb(wasm, pos + 1);
    const end = bodyStart + size;
    if (id !== 2 && id !== 7) {
      parts.push(wasm.subarray(pos, end));
      pos = end;
      continue;
    }
    let [count, p] = readLeb(wasm, bodyStart);
    const body = [leb(count)];
    for (let n = 0; n < count; n++) {
      let module;
      if (id === 2) {
        const [mlen, m] = readLeb(wasm, p);
        module = wasm.subarray(m, m + mlen).toString();
        body.push(wasm.subarray(p, m + mlen));
        p = m + mlen;
      }
      const [len, s] = readLeb(wasm, p);
      const name = wasm.subarray(s, s + len).toString();
      p = s + len;
      // The rest of the entry: an import's description, an export's kind and index.
      let rest;
      if (id === 2) {
        const kind = wasm[p];
        let q = p + 1;
        if (kind === 0) [, q] = readLeb(wasm, q); // function: type index
        else if (kind === 1) { q += 1; const flags = wasm[q]; [, q] = readLeb(wasm, q + 1); if (flags & 1) [, q] = readLeb(wasm, q); } // table
        else if (kind === 2) { const flags = wasm[q]; [, q] = readLeb(wasm, q + 1); if (flags & 1) [, q] = readLeb(wasm, q); } // memory
        else if (kind === 3) q += 2; // global: type, mutability
        else throw new Error(`import kind ${kind} not handled`);
        rest = wasm.subarray(p, q);
        p = q;
      } else {
        const [, q] = readLeb(wasm, p + 1);
        rest = wasm.subarray(p, q);
        p = q;
      }
      let to = name;
      if (id === 2 && INTERNAL_IMPORT.test(name)) to = imports.next().value;
      if (id === 7 && INTERNAL_EXPORT.test(name)) to = exports.next().value;
      if (to !== name) renames.push({ from: name, to, kind: id === 2 ? 'import' : 'export', module });
      body.push(nameBytes(to), rest);
    }
    if (p !== end) throw new Error(`section ${id}: ${end - p} bytes left over`);
    const content = Buffer.concat(body);
    parts.push(Buffer.from([id]), leb(content.length), content);
    pos = end;
  }
  return { wasm: Buffer.concat(parts), renames };
}

const escape = (s) => s.replace(/[$]/g, '\\$&');

/** Applies the renames to one glue file: an import is one key of the imports object; an export
 * is every `wasm.<name>` use plus the glue's own function of the same name. */
export function renameInGlue(glue, renames, file) {
  let out = glue;
  for (const { from, to, kind } of renames) {
    const pattern = new RegExp(`(?<![\\w$])${escape(from)}(?![\\w$])`, 'g');
    const hits = out.match(pattern)?.length ?? 0;
    if (kind === 'import' ? hits !== 1 : hits < 1) {
      throw new Error(`${file}: ${kind} ${from} occurs ${hits} times; expected ${kind === 'import' ? 'once' : 'at least once'}`);
    }
    out = out.replace(pattern, to);
  }
  return out;
}
