// JavaScript the Rust side needs and cannot express itself: a wasm-bindgen snippet, which
// scripts/build-pkg.mjs inlines into each of the package's glues.

// What every entry of this version of the package shares in a realm (the build writes the
// version in): the error class and the registered locales. In a browser `certcentral-orders` and
// `certcentral-orders/validate` are modules of their own, each with this code inside, and an
// error of one must be an instance of the other's class, as Node's entries share one set of
// exports.
const PACKAGE = 'certcentral-orders@dev';

// The error every failed CertCentralClient call rejects with: a real Error subclass (instanceof
// Error, a stack), which cannot be declared from Rust; the Rust side constructs it with every
// field, and a test double made with only some gets the others empty. One class per realm (see
// PACKAGE); pure, so a page that never reaches it does not carry it.
export const CertCentralError = /* @__PURE__ */ (() =>
  (globalThis[Symbol.for(`${PACKAGE}/CertCentralError`)] ??= class CertCentralError extends Error {
    constructor(message, details) {
      super(message);
      this.name = 'CertCentralError';
      if (details) Object.assign(this, details);
      this.errors ??= [];
      this.issues ??= [];
      this.attempts ??= 0;
      this.outcomeUnknown ??= false;
    }
  }))();

const toString = Object.prototype.toString;
const objectProto = Object.prototype;
const arrayProto = Array.prototype;
const getProto = Object.getPrototypeOf;
const encoder = new TextEncoder();
// ignoreBOM: a message that starts with U+FEFF keeps it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// generated from src/value.rs, src/tape.rs, src/report.rs, src/rules/mod.rs and src/rules/describe.rs by tests/js_facts.rs, do not edit (UPDATE_JS_FACTS=1 cargo test --test js_facts rewrites it)
// The readers' limits. MAX_VALUES also bounds objects that share parts (a DAG that a naive
// walk would expand exponentially); MAX_BYTES bounds an order's tape.
const MAX_DEPTH = 32;
const MAX_ITEMS = 10000;
const MAX_STRING_LEN = 65536;
const MAX_VALUES = 100000;
const MAX_BYTES = 1073741824;
// The tape's tag bytes, and the mark on the last byte of a key sent as its index.
const TAG_NULL = 0;
const TAG_FALSE = 1;
const TAG_TRUE = 2;
const TAG_NUMBER = 3;
const TAG_STRING = 4;
const TAG_ARRAY = 5;
const TAG_OBJECT = 6;
const TAG_UNREADABLE = 7;
const KNOWN_KEY_MARK = 0x80;
// Why a value is TAG_UNREADABLE: the byte after the tag.
const WHY_NOT_JSON = 0;
const WHY_TOO_DEEP = 1;
const WHY_STRING_TOO_LONG = 2;
const WHY_TOO_MANY_ITEMS = 3;
const WHY_THREW = 4;
const WHY_TOO_MANY_VALUES = 5;
const WHY_TOO_BIG = 6;
// Issue codes by their number on the report tape.
const CODES = ["required", "type", "enum", "range", "format", "length", "conflict", "unknown_field", "deprecated", "unknown_product", "policy"];
// The field rules' ids a report sends as their index in this list.
const FIELD_RULE_IDS = 'product.unknown,field.required,field.type,field.enum,field.known_value,field.range,field.length,field.format,field.unknown,field.deprecated,field.limits,order.readable,options.type,options.today'.split(',');
// The params' names a report sends as their index in this list.
const PARAM_NAMES = 'value,max,min,allowed,length,format,suggestion,expected,got,instead,effective_date,days,max_days,with,min_rsa_bits,min_ecc_bits,replaced_by,primary_usage,option,names,fields'.split(',');
// end of generated

// The order as a tape (src/tape.rs has the layout), written into `into` (a view of wasm memory,
// or JS memory that is then copied there), after a header with the call's product and options.
// Every value has a tape: what JSON cannot carry (NaN, undefined, a Date, a function), what
// throws when read (a getter, a Proxy trap) and what lies past the readers' limits is written as
// TAG_UNREADABLE and why, where it is, so the rules say what and where it is; like
// JSON.stringify, an object property holding undefined is left out. Returns the bytes written,
// or FULL - n when `into` is too small for the n bytes the tape needs. May leave `into` half
// written.
//
// Plain data (every real order) is written by `put`, which trusts what it reads; anything else
// makes it give up, and the order is written again by `putAny`, which reads each value as
// JSON.stringify would, every step guarded (`stepByStep` in tests/js/step-by-step.mjs makes the tests hold
// the two to the same reports).
//
// Once `into` is full the walk goes on, measuring instead of writing (a typed array drops writes
// past its end; strings that do not fit are measured, not encoded), so one walk tells the
// order's size: the buffer is then made that size once, rather than doubled and walked again
// each time (an object of 1,000,000 keys took four walks of all its keys).
// fastValidate's answer for a call it does not write into the kept buffer (one made by a getter).
const NOT_PLAIN = -1;
const FULL = -2;
const number = new Float64Array(1);
const numberBytes = new Uint8Array(number.buffer);
let left;
// Whether orderToTape is walking an order (a getter may validate another order meanwhile).
let walking = false;

// The bytes TextEncoder writes for `s` (a lone surrogate becomes U+FFFD, 3 bytes).
function utf8Length(s) {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function putU32(o, at, n) {
  o[at] = n;
  o[at + 1] = n >>> 8;
  o[at + 2] = n >>> 16;
  o[at + 3] = n >>> 24;
  return at + 4;
}

// A string's length and UTF-8 bytes (only measured when they do not fit) at `pos`, whatever its
// length (keys, the header's strings); the position after it.
function putRaw(o, s, pos) {
  const n = s.length;
  const start = pos + 4;
  let written;
  if (start + 3 * n <= o.length) {
    let i = 0;
    // Short ASCII strings (names, ids, enum values) are copied here: cheaper than a call.
    if (n <= 64) {
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        o[start + i] = c;
      }
    }
    written = i === n ? n : encoder.encodeInto(s, o.subarray(start)).written;
  } else {
    // Less room than the worst case (3 bytes a UTF-16 unit): encode what fits; if that is not
    // all of it, measure it (the tape is then too small, as orderToTape answers).
    const r = start <= o.length ? encoder.encodeInto(s, o.subarray(start)) : null;
    written = r !== null && r.read === n ? r.written : utf8Length(s);
  }
  putU32(o, pos, written);
  return start + written;
}

// A string within the readers' limit at `pos`: the position after it, or -1 past the limit.
function putText(o, s, pos) {
  return s.length > MAX_STRING_LEN ? -1 : putRaw(o, s, pos);
}

// A value that was not read, and why (src/tape.rs, WHYS): `n` a length, `what` what it is.
function putWhy(o, at, why, n, what) {
  o[at] = TAG_UNREADABLE;
  o[at + 1] = why;
  if (what !== undefined) return putRaw(o, what, at + 2);
  return n === undefined ? at + 2 : putU32(o, at + 2, Math.min(n, 0xffffffff));
}

// An object's key: a field name of the rules' tables as its index (src/tape.rs), any other as
// its text, whatever its length.
function putKey(o, key, at) {
  const known = KEYS[key];
  if (known === undefined) return putRaw(o, key, at);
  o[at] = known;
  o[at + 1] = known >>> 8;
  o[at + 2] = known >>> 16;
  o[at + 3] = (known >>> 24) | KNOWN_KEY_MARK;
  return at + 4;
}

// A finite number.
function putNumber(o, v, at) {
  o[at] = TAG_NUMBER;
  number[0] = v;
  for (let i = 0; i < 8; i++) o[at + 1 + i] = numberBytes[i];
  return at + 9;
}

// `v` at `at`: the position after it, or -1 when it is not plain data. The buffer and the
// position travel as arguments and results, not as module-level variables (each use of those is
// a load or store of the module's context): measured 2.02 -> 1.79 us for the valid code signing
// order, 1.9 -> 1.63 for the SSL one.
function put(o, v, depth, at) {
  if (--left < 0) return -1;
  switch (typeof v) {
    case 'string':
      o[at] = TAG_STRING;
      return putText(o, v, at + 1);
    case 'number':
      if (!Number.isFinite(v)) break;
      return putNumber(o, v, at);
    case 'boolean':
      o[at] = v ? TAG_TRUE : TAG_FALSE;
      return at + 1;
    case 'object': {
      if (v === null) {
        o[at] = TAG_NULL;
        return at + 1;
      }
      if (depth >= MAX_DEPTH) break;
      const proto = getProto(v);
      if (proto === arrayProto) {
        const n = v.length;
        // JSON.stringify would send what a toJSON method returns: putAny calls it.
        if (n > MAX_ITEMS || typeof v.toJSON === 'function') break;
        o[at] = TAG_ARRAY;
        at = putU32(o, at + 1, n);
        for (let i = 0; i < n; i++) if ((at = put(o, v[i], depth + 1, at)) < 0) return -1;
        return at;
      }
      // Not a plain object: a class instance, a Date, a Map, `arguments`, an object with its own
      // Symbol.toStringTag (putAny tells them apart).
      if ((proto !== objectProto && proto !== null) || toString.call(v) !== '[object Object]') break;
      if (typeof v.toJSON === 'function') break;
      const head = at;
      at += 5;
      let n = 0;
      let seen = 0;
      // for-in rather than Object.keys: V8 reads the values through its enum cache, measured
      // 20 % faster. It also lists inherited keys, which orderToTape rules out beforehand.
      for (const key in v) {
        if (++seen > MAX_ITEMS) break;
        const item = v[key];
        if (item === undefined) continue;
        n++;
        if ((at = put(o, item, depth + 1, putKey(o, key, at))) < 0) return -1;
      }
      if (seen > MAX_ITEMS) break;
      o[head] = TAG_OBJECT;
      putU32(o, head + 1, n);
      return at;
    }
  }
  return -1;
}

// Where a value sits, for JSON.stringify's toJSON(key) step: the order itself, or a value a
// toJSON returned (stringify calls toJSON once per place); otherwise the key or the index.
const ROOT = {};
const REPLACED = {};

// Any value at `at`, as JSON.stringify reads it, within the readers' limits (`left` counts the
// values still allowed: an object that shares parts would otherwise be walked once per path,
// exponentially): the position after it. Never throws.
function putAny(o, v, key, depth, at) {
  if (left === 0) return putWhy(o, at, WHY_TOO_MANY_VALUES);
  left--;
  switch (typeof v) {
    case 'object':
      if (v === null) {
        o[at] = TAG_NULL;
        return at + 1;
      }
      break;
    case 'boolean':
      o[at] = v ? TAG_TRUE : TAG_FALSE;
      return at + 1;
    case 'number':
      if (v !== v) return putWhy(o, at, WHY_NOT_JSON, 0, 'NaN');
      if (!Number.isFinite(v)) return putWhy(o, at, WHY_NOT_JSON, 0, 'Infinity');
      return putNumber(o, v, at);
    case 'string':
      if (v.length > MAX_STRING_LEN) return putWhy(o, at, WHY_STRING_TOO_LONG, v.length);
      o[at] = TAG_STRING;
      return putRaw(o, v, at + 1);
    case 'undefined':
      // (document.all is an object whose typeof is 'undefined'.)
      return putWhy(o, at, WHY_NOT_JSON, 0, v === undefined ? 'undefined' : 'an unsupported value');
    case 'bigint':
      return putWhy(o, at, WHY_NOT_JSON, 0, 'a BigInt');
    case 'symbol':
      return putWhy(o, at, WHY_NOT_JSON, 0, 'a Symbol');
    case 'function':
      return putWhy(o, at, WHY_NOT_JSON, 0, 'a function');
    default:
      return putWhy(o, at, WHY_NOT_JSON, 0, 'an unsupported value');
  }
  if (depth >= MAX_DEPTH) return putWhy(o, at, WHY_TOO_DEEP);
  let isArray;
  let method;
  try {
    isArray = Array.isArray(v);
    if (!isArray) {
      const tag = toString.call(v);
      if (tag !== '[object Object]') {
        const name = tag.startsWith('[object ') && tag.endsWith(']') ? tag.slice(8, -1) : 'unknown';
        return putWhy(o, at, WHY_NOT_JSON, 0, `a ${name} object`);
      }
    }
    if (key !== REPLACED) method = v.toJSON;
    if (typeof method === 'function') {
      const replaced = method.call(v, key === ROOT ? '' : String(key));
      left++;
      return putAny(o, replaced, REPLACED, depth, at);
    }
  } catch {
    return putWhy(o, at, WHY_THREW);
  }
  return isArray ? putArrayAny(o, v, depth, at) : putObjectAny(o, v, depth, at);
}

function putArrayAny(o, v, depth, at) {
  let len;
  try {
    len = v.length;
  } catch {
    return putWhy(o, at, WHY_THREW);
  }
  // As the Rust side reads a length: not a number is 0; past the limit, its whole part.
  if (typeof len !== 'number') len = 0;
  if (len > MAX_ITEMS) return putWhy(o, at, WHY_TOO_MANY_ITEMS, Math.floor(len));
  const n = len > 0 ? Math.floor(len) : 0;
  o[at] = TAG_ARRAY;
  at = putU32(o, at + 1, n);
  for (let i = 0; i < n; i++) {
    let item;
    try {
      item = v[i];
    } catch {
      at = putWhy(o, at, WHY_THREW);
      continue;
    }
    at = putAny(o, item, i, depth + 1, at);
  }
  return at;
}

function putObjectAny(o, v, depth, at) {
  let keys;
  try {
    keys = Object.keys(v);
  } catch {
    return putWhy(o, at, WHY_THREW);
  }
  if (keys.length > MAX_ITEMS) return putWhy(o, at, WHY_TOO_MANY_ITEMS, keys.length);
  const head = at;
  at += 5;
  let n = 0;
  for (const key of keys) {
    let item;
    try {
      item = v[key];
    } catch {
      n++;
      at = putWhy(o, putKey(o, key, at), WHY_THREW);
      continue;
    }
    if (item === undefined) continue;
    n++;
    at = putAny(o, item, key, depth + 1, putKey(o, key, at));
  }
  o[head] = TAG_OBJECT;
  putU32(o, head + 1, n);
  return at;
}

// The field names the rules know, each to its index in the Rust side's list (src/rules/mod.rs,
// KNOWN_KEYS), filled from the list the wasm writes on the first call (keptTape): until then
// (the client's tapeOf may come first) every key is written as its text, which reads the same.
// A prototype-less object rather than a Map: measured 4 % faster to look up for-in's keys.
const KEYS = Object.create(null);
// Fills KEYS from the known keys joined by commas (keptTape; the bench, which loads this file on
// its own).
export function learnKeys(text) {
  text.split(',').forEach((name, i) => {
    KEYS[name] = i;
  });
}
// Where validateOrder's buffers are (wasm/src/bindings.rs, Fast::layout).
let fast = null;
// Stands for an order whose tape cannot be had in memory (past MAX_BYTES).
const TOO_BIG = {};
// What validateOrder and inspectCsr throw when neither JS nor the wasm can get memory for a tape.
const outOfMemory = () => new RangeError('certcentral-orders: out of memory');

// The package's validateOrder: writes the call's tape into wasm memory, asks the numbers-only
// export validateTape for the verdict and builds the report from memory, so no JS value crosses
// and wasm calls back into JS for nothing. `wasm` is the glue's exports.
export function fastValidate(product, order, options, wasm) {
  let n = NOT_PLAIN;
  let spare = 0;
  // A call made by a getter of an order being walked leaves the kept buffer to that walk.
  if (!walking) n = orderToTape(order, keptTape(wasm), product, options);
  if (n < 0) {
    n = viaSpare(order, product, options, n === NOT_PLAIN ? 1024 : FULL - n, wasm);
    spare = 1;
  }
  const verdict = wasm.validateTape(n, spare);
  if (verdict === 0) return { valid: true, issues: [] };
  if (verdict !== 1) throw new Error('certcentral-orders: an order could not be handed to the rules; this is a bug, please report it');
  // A view made after the call: memory may have grown (and its buffer been replaced) meanwhile.
  // (layoutOf: the first validation may be a getter's, during the client's walk of an order.)
  return reportAt(new Uint32Array(wasm.memory.buffer, layoutOf(wasm).reportAt, 4));
}

// What a call of certcentral-orders/web before init() throws, through the functions that
// otherwise answer anything (cleanOrder, formatIssue) too: a silent fallback would hide it.
const NOT_LOADED = 'certcentral-orders/web: call init() or initSync() first';
const rethrowNotLoaded = (e) => {
  if (e?.message === NOT_LOADED) throw e;
};

// Where the wasm's buffers are, asked on the first call (an empty tape asks), with the known keys.
function layoutOf(wasm) {
  if (fast === null) {
    // certcentral-orders/web before its init(): the glue's `wasm` is not set yet. (The client's
    // constructor is the glue's own and throws its TypeError.)
    if (wasm === undefined) throw new Error(NOT_LOADED);
    const layoutAt = wasm.validateTape(0, 0);
    const layout = new Uint32Array(wasm.memory.buffer, layoutAt, 8);
    fast = { tapeAt: layout[0], tapeLen: layout[1], reportAt: layoutAt + 8, tape: null };
    learnKeys(decoder.decode(new Uint8Array(layout.buffer, layout[6], layout[7])));
  }
  return fast;
}

// The kept tape buffer, as a view of wasm memory.
function keptTape(wasm) {
  layoutOf(wasm);
  // The view is made again only when memory has grown (its buffer is then a new one).
  const memory = wasm.memory.buffer;
  let tape = fast.tape;
  if (tape === null || tape.buffer !== memory) tape = fast.tape = new Uint8Array(memory, fast.tapeAt, fast.tapeLen);
  return tape;
}

// The package's inspectCsr: the argument goes into wasm memory as src/tape.rs, decode_text_arg,
// reads it (the text, or what the argument is instead), and the answer comes back as a report's
// tape and its details as JSON text, so no JS value crosses (`wasm` is the glue's exports).
export function fastInspect(pem, wasm) {
  const layout = textCall(pem, wasm, 'inspectTape');
  return Object.assign(reportAt(layout), JSON.parse(detailsAt(layout)));
}

// The fields of `product` (a string) as `{ path, label }`, as orderFields names them: all that
// localized reports read of orderFields, asked of the wasm (src/rules/describe.rs,
// write_labels), so a page that only validates carries no table of labels. [] for an id that is
// no product's.
export function fastLabels(product, wasm) {
  const lines = detailsAt(textCall(product, wasm, 'labelsTape')).split('\n');
  lines.pop();
  return lines.map((line) => {
    const [path, label] = line.split('\t');
    return { path, label };
  });
}

// The label src/rules/describe.rs makes of a field's API name (`label`: "zip" -> "Postal code",
// "dns_names" -> "DNS names"), asked of the wasm, so the label rule is written once, in Rust:
// formatIssue's label for a field no product lists.
export function fastLabel(name, wasm) {
  return detailsAt(textCall(name, wasm, 'labelTape'));
}

// Calls the wasm export named `f` (inspectTape, labelsTape, labelTape) with `arg` written on a tape (src/tape.rs,
// decode_text_arg): the text, or what the argument is instead. The layout of its answer.
function textCall(arg, wasm, f) {
  const isText = typeof arg === 'string';
  const what = isText ? arg : arg === null ? 'null' : `of type ${typeof arg}`;
  const at = isText ? 1 : 2;
  const size = at + 4 + utf8Length(what);
  let tape = keptTape(wasm);
  let spare = 0;
  // Not over a walk's tape (a getter may call this), nor past the kept buffer.
  if (walking || size > tape.length) {
    const address = wasm.spareTape(size);
    if (address === 0) throw outOfMemory();
    tape = new Uint8Array(wasm.memory.buffer, address, size);
    spare = 1;
  }
  tape[0] = isText ? TAG_STRING : TAG_UNREADABLE;
  tape[1] = WHY_NOT_JSON;
  putRaw(tape, what, at);
  if (wasm[f](size, spare) !== 1) throw new Error('certcentral-orders: an argument could not be handed to the wasm; this is a bug, please report it');
  return new Uint32Array(wasm.memory.buffer, fast.reportAt, 6);
}
// Its details (the layout's last two numbers, after the report's four).
const detailsAt = (layout) => decoder.decode(new Uint8Array(layout.buffer, layout[4], layout[5]));

// The call's tape written into JS memory (which the wasm's growing leaves alone), starting with a
// buffer of `size` bytes: at most two walks, the second in a buffer of the size the first
// measured. An order whose tape cannot be had in memory (past MAX_BYTES) is reported as such
// (TOO_BIG).
function tapeIn(order, product, options, size) {
  let bytes;
  let n = FULL - MAX_BYTES;
  try {
    if (size < MAX_BYTES) {
      bytes = new Uint8Array(size);
      n = orderToTape(order, bytes, product, options);
    }
    if (n < 0 && FULL - n < MAX_BYTES) {
      bytes = new Uint8Array(FULL - n);
      n = orderToTape(order, bytes, product, options);
    }
  } catch {
    // new Uint8Array found no memory.
  }
  if (n >= 0) return bytes.subarray(0, n);
  if (order === TOO_BIG) throw outOfMemory();
  return tapeIn(TOO_BIG, product, options, 1024);
}

// The call's tape copied into the wasm's spare buffer, where no other walk writes: for a tape
// larger than the kept buffer (or one whose walk saw wasm memory grow, which empties the kept
// buffer's view), or a call made during another's walk. Its length.
function viaSpare(order, product, options, size, wasm) {
  let bytes = tapeIn(order, product, options, size);
  let at = wasm.spareTape(bytes.length);
  if (at === 0 && order !== TOO_BIG) {
    bytes = tapeIn(TOO_BIG, product, options, 1024);
    at = wasm.spareTape(bytes.length);
  }
  if (at === 0) throw outOfMemory();
  new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
  return bytes.length;
}

// The call's tape of any value, with `product` in its header: how the client reads orders,
// reissue bodies and parsed responses (wasm/src/host.rs), as validateOrder does.
export function tapeOf(value, product) {
  return tapeIn(value, product, undefined, 4096);
}

// The header: the product (a string of any length, or any other value, which the Rust side names
// by what it is), then options.today as src/tape.rs, Today::tag, has it. The position after it.
function putArgs(o, product, options) {
  let at;
  if (typeof product === 'string') {
    o[0] = TAG_STRING;
    at = putRaw(o, product, 1);
  } else {
    left = 1;
    at = putAny(o, product, REPLACED, MAX_DEPTH, 0);
  }
  if (options === undefined || options === null) {
    o[at] = TAG_NULL;
    return at + 1;
  }
  if (typeof options !== 'object') {
    o[at] = TAG_FALSE;
    return at + 1;
  }
  let today;
  try {
    today = options.today;
  } catch {
    o[at] = TAG_UNREADABLE;
    return at + 1;
  }
  if (today === undefined) o[at] = TAG_NULL;
  else if (typeof today === 'string') {
    o[at] = TAG_STRING;
    return putRaw(o, today, at + 1);
  } else o[at] = TAG_TRUE;
  return at + 1;
}

// Whether Object.prototype has enumerable properties (someone added one), which for-in would
// list as if they were each plain object's own.
function inherited() {
  for (const key in objectProto) return true;
  return false;
}

export function orderToTape(value, into, product, options) {
  // A getter of the order may validate another order meanwhile, in a buffer of its own: the
  // walk's state is put back after each.
  const outer = walking;
  const outerLeft = left;
  walking = true;
  let at;
  try {
    at = putArgs(into, product, options);
    const start = at;
    left = MAX_VALUES;
    if (value === TOO_BIG) at = putWhy(into, at, WHY_TOO_BIG);
    else {
      try {
        at = inherited() ? -1 : put(into, value, 0, at);
      } catch {
        // A getter or Proxy trap threw: putAny says where.
        at = -1;
      }
      if (at < 0) {
        left = MAX_VALUES;
        at = putAny(into, value, ROOT, 0, start);
      }
    }
  } finally {
    walking = outer;
    left = outerLeft;
  }
  // Past the end, writes were dropped and strings only measured: `at` is the size needed. (When
  // wasm memory grew during the walk, a getter having called into the wasm, `into` lost its
  // memory and is empty now: the tape is then too big for it too, and written again.)
  return at > into.length ? FULL - Math.min(at, MAX_BYTES) : at;
}

// The report whose tape lies in wasm memory where `layout` (four u32s, a view of that memory)
// says: byte address and count of its numbers, of its text (wasm/src/bindings.rs, report_layout).
export function reportAt(layout) {
  const memory = layout.buffer;
  return reportOf(new Float64Array(memory, layout[0], layout[1]), new Uint8Array(memory, layout[2], layout[3]));
}

// A failed client call's CertCentralError: `details` (a plain object from the wasm) with the
// issues of the report at `layout`.
export function clientError(layout, details) {
  const all = typeof details === 'object' && details !== null ? details : {};
  all.issues = reportAt(layout).issues;
  return new CertCentralError(String(all.message), all);
}

// A validation report from its tape (src/tape.rs, `ReportTape`, has the layout): views of wasm
// memory holding its numbers and, as UTF-8, every string of the report back to back. Builds
// the objects JSON.parse would build from the report's JSON, with the keys in the same order.
// One pass over the numbers with the position in locals: measured 2.7 -> 2.0 us for an invalid
// order's six issues, against a reader whose position and helpers (next, slice, list) lived at
// module level.
export function reportOf(ops, bytes) {
  // A valid order's report has no text: no decoder call.
  const text = bytes.length === 0 ? '' : decoder.decode(bytes);
  let op = 0;
  let cut = 0;
  let end = 0;
  const valid = ops[op++] === 1;
  const count = ops[op++];
  const issues = new Array(count);
  for (let k = 0; k < count; k++) {
    const code = CODES[ops[op++]];
    const severity = ops[op++] === 0 ? 'error' : 'warning';
    // A field rule's id and a param's name come as an index in the generated lists above.
    let rule = ops[op++];
    if (rule < 0) rule = FIELD_RULE_IDS[-1 - rule];
    else {
      end = cut + rule;
      rule = text.slice(cut, end);
      cut = end;
    }
    const steps = ops[op++];
    const path = new Array(steps);
    for (let i = 0; i < steps; i++) {
      const n = ops[op++];
      if (n >= 0) {
        end = cut + n;
        path[i] = text.slice(cut, end);
        cut = end;
      } else path[i] = -1 - n;
    }
    end = cut + ops[op++];
    const field = text.slice(cut, end);
    cut = end;
    end = cut + ops[op++];
    const message = text.slice(cut, end);
    cut = end;
    const issue = { path, field, code, rule, severity, message };
    const n = ops[op++];
    if (n > 0) {
      const params = {};
      for (let i = 0; i < n; i++) {
        let name = ops[op++];
        if (name < 0) name = PARAM_NAMES[-1 - name];
        else {
          end = cut + name;
          name = text.slice(cut, end);
          cut = end;
        }
        const kind = ops[op++];
        if (kind === 0) params[name] = ops[op++];
        else if (kind === 1) {
          end = cut + ops[op++];
          params[name] = text.slice(cut, end);
          cut = end;
        } else {
          const m = ops[op++];
          const items = new Array(m);
          for (let j = 0; j < m; j++) {
            if (kind === 2) {
              end = cut + ops[op++];
              items[j] = text.slice(cut, end);
              cut = end;
            } else items[j] = ops[op++];
          }
          params[name] = items;
        }
      }
      issue.params = params;
    }
    issues[k] = issue;
  }
  return { valid, issues };
}

// One attempt's AbortSignal: aborted when `ms` pass (then `timedOut` is true) or when the
// caller's signal fires. Kept in JS so that nothing but JS holds the timer and the listener:
// the Rust side only awaits promises, so a garbage collection can never disarm a timeout.
export class AttemptSignal {
  constructor(ms, caller) {
    const controller = new AbortController();
    this.controller = controller;
    this.signal = controller.signal;
    this.timedOut = false;
    this.caller = caller ?? null;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      controller.abort();
    }, ms);
    this.onAbort = () => controller.abort();
    if (this.caller) listen(this.caller, this.onAbort);
  }

  // Lets go of the request (a body too big to read).
  cancel() {
    this.controller.abort();
  }

  done() {
    clearTimeout(this.timer);
    if (this.caller) unlisten(this.caller, this.onAbort);
  }
}

// One attempt's request (wasm/src/transport/fetch.rs, spec): `spec` is the JSON text of
// { method, url, body?, headers: [[name, value], ...] }. A header fetch refuses is left out (the
// client's options are checked beforehand); undefined when Request refuses the URL. Never throws:
// an exception must not cross the wasm's frames. A redirect is not followed but answered as it
// came (`manual`; a browser's is an opaque answer of status 0): the API key, a custom header
// that fetch would carry to any host, must not go where a redirect points, and CertCentral's API
// documents none. (`redirect: 'error'` would do too, but with it Node's fetch lost the abort of a
// body still arriving after a garbage collection: tests/js/faults.test.mjs.)
export function orderRequest(spec, signal) {
  try {
    const { method, url, body, headers } = JSON.parse(spec);
    const all = new Headers();
    for (const [name, value] of headers) {
      try {
        all.set(name, value);
      } catch {}
    }
    return new Request(url, { method, headers: all, body: body ?? undefined, signal, redirect: 'manual' });
  } catch {
    return undefined;
  }
}

// What an `onRetry` or `onStatus` callback returned, when it is a promise: not awaited, and its
// rejection ignored, as a callback's throw is; left alone, a rejection would end a Node process
// (unhandled). Never throws.
export function ignoreRejection(value) {
  try {
    if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function') {
      value.then(undefined, () => {});
    }
  } catch {}
}

// Whether `value` is a genuine AbortSignal: its `aborted` getter, called on it, throws for
// anything else (a Proxy of one, an object made from its prototype), which `instanceof` lets
// through. Never throws.
let abortedOf;
const aborted = (signal) => (abortedOf ??= Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get).call(signal);
export function isAbortSignal(value) {
  try {
    aborted(value);
    // And one that can be listened to: a signal whose abort could not be heard is refused.
    const heard = () => {};
    EventTarget.prototype.addEventListener.call(value, 'abort', heard);
    EventTarget.prototype.removeEventListener.call(value, 'abort', heard);
    return true;
  } catch {
    return false;
  }
}

// A caller's signal (one isAbortSignal took) is read and listened to through the platform's own
// getter and methods, never through its properties: a Proxy of a signal passes the check in
// Node, and its traps could throw inside a call. Never throw.
export function signalAborted(signal) {
  try {
    return aborted(signal);
  } catch {
    return false;
  }
}
function listen(signal, f) {
  try {
    EventTarget.prototype.addEventListener.call(signal, 'abort', f, { once: true });
  } catch {}
}
function unlisten(signal, f) {
  try {
    EventTarget.prototype.removeEventListener.call(signal, 'abort', f);
  } catch {}
}

// A response header's value, or null (also if reading it throws).
export function headerOf(response, name) {
  try {
    return response.headers.get(name);
  } catch {
    return null;
  }
}

// Resolves after `ms`, or early (with true) when `signal` fires.
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signalAborted(signal)) return resolve(true);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      if (signal) unlisten(signal, onAbort);
      resolve(false);
    }, ms);
    if (signal) listen(signal, onAbort);
  });
}

// What a method of a CertCentralClient answers once the client has been freed (free()), or
// when it is called without one (detached from its client, or on another object): a rejection,
// as a bad argument gets, not wasm-bindgen's "null pointer passed to rust" or a TypeError thrown
// synchronously (scripts/build-pkg.mjs, guardFreed).
export function freedClient() {
  return Promise.reject(new TypeError('certcentral-orders: no live CertCentralClient: it was freed (free()), or the method was called without it (call it as client.method(...))'));
}

// What a rejected fetch says of why, for the network error's message: Node's undici rejects
// with "fetch failed" and names the cause ("connect ECONNREFUSED 127.0.0.1:443"); a browser
// says nothing useful ("Failed to fetch"), which is left out. On one line (runs of white space
// and control or format characters, such as ESC, become one space) and whole, never cut:
// the wasm blanks the client's secrets out of the message it goes into, and a cut could leave
// half a key that it would no longer recognize. A cause past 1,000 characters is no reason
// anyone reads, and is left out too. Never throws (an exception must not cross the wasm's
// frames).
export function failureOf(error) {
  try {
    const cause = error?.cause;
    const text = String((cause && (cause.message || cause.code)) || '');
    return text.length > 1000 ? '' : text.replace(/[\s\p{Cc}\p{Cf}]+/gu, ' ').trim();
  } catch {
    return '';
  }
}

// Whether a rejected fetch never sent its request: Node's undici names a cause that failed while
// the connection was being made (its `syscall` connect or getaddrinfo: a refused connection, a
// name that did not resolve; ECONNREFUSED alone on the AggregateError of several addresses
// tried; a connect timeout), before any byte of the request went out, so nothing can have been
// applied. A browser never says ("Failed to fetch"), and its failures stay "may have been
// applied". Never throws.
export function unsent(error) {
  try {
    const cause = error?.cause;
    return /^(connect|getaddrinfo)$/.test(cause?.syscall) || /^(ECONNREFUSED|UND_ERR_CONNECT_TIMEOUT)$/.test(cause?.code);
  } catch {
    return false;
  }
}

// A response body's bytes, which the glue copies into wasm memory (wasm/src/transport/fetch.rs).
export function bytesOf(buffer) {
  return new Uint8Array(buffer);
}

// downloadCertificate's result: `head` with the bytes, copied out of wasm memory.
export function withBytes(bytes, head) {
  head.bytes = bytes.slice();
  return head;
}

// A number as JSON writes it (src/json.rs: numbers that are not whole, without Rust's float
// formatting). The second parameter is unused: it gives this import a signature other imports
// have (V8 compiles a call wrapper per import signature when it compiles the module).
export function numberText(n, _unused) {
  return String(n);
}

// orderSchema: a Standard Schema (https://standardschema.dev, v1) over validateOrder, for form
// libraries and servers that take one (react-hook-form, TanStack Form, tRPC, Hono). An order
// with errors fails; warnings do not. Its JSON Schema (Standard Schema 1.1's `jsonSchema`) is
// made from orderFields, the same field tables the rules check: types, required fields, closed
// value lists, bounds and lengths, and patterns for the string formats; conditional
// requirements and cross-field rules are validate's only. The glue's footer passes in its
// validateOrder and orderFields (scripts/build-pkg.mjs).
const SCHEMA_TARGETS = {
  'draft-2020-12': 'https://json-schema.org/draft/2020-12/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  'openapi-3.0': undefined,
};
// Patterns, not `format`: a validator (ajv in its default strict mode) rejects unknown formats.
const FORMAT_PATTERNS = {
  email: '^[^@\\s]+@[^@\\s]+$',
  'yyyy-MM-dd': '^\\d{4}-\\d{2}-\\d{2}$',
  'dd MMM YYYY': '^\\d{2} [A-Za-z]{3} \\d{4}$',
  csr_pem: '-----BEGIN (NEW )?CERTIFICATE REQUEST-----',
  alphanumeric: '^[A-Za-z0-9]+$',
  sha1_thumbprint: '^[0-9A-Fa-f]{40}$',
  iso3166_alpha2: '^[A-Za-z]{2}$',
};

function fieldSchema(f) {
  const s = {};
  if (f.label) s.title = f.label;
  if (f.help) s.description = f.help;
  if (f.deprecated) s.deprecated = true;
  switch (f.kind) {
    case 'object': {
      s.type = 'object';
      s.properties = {};
      const required = [];
      for (const c of f.fields ?? []) {
        s.properties[c.name] = fieldSchema(c);
        if (c.required) required.push(c.name);
      }
      if (required.length) s.required = required;
      if (f.oneOf) {
        // Each alternative requires its fields that are always or conditionally required, and
        // names them in its own `properties` too: ajv's strict mode (strictRequired) refuses a
        // `required` whose fields are defined only beside the anyOf. `{}`, not `true`: OpenAPI
        // 3.0 has no boolean schemas.
        const named = (n) => f.fields.find((c) => c.name === n);
        s.anyOf = f.oneOf.map((choice) => {
          const required = choice.fields.filter((n) => named(n)?.required || named(n)?.requiredWhen);
          return { title: choice.label, properties: Object.fromEntries(required.map((n) => [n, {}])), required };
        });
      }
      break;
    }
    case 'list':
      s.type = 'array';
      if (f.items) s.items = fieldSchema(f.items);
      if (f.minItems !== undefined) s.minItems = f.minItems;
      if (f.maxItems !== undefined) s.maxItems = f.maxItems;
      break;
    case 'integer':
    case 'boolean':
    case 'string':
      s.type = f.kind;
      if (f.min !== undefined) s.minimum = f.min;
      if (f.max !== undefined) s.maximum = f.max;
      if (f.minLength !== undefined) s.minLength = f.minLength;
      if (f.maxLength !== undefined) s.maxLength = f.maxLength;
      if (f.allowed && !f.open) s.enum = f.allowed;
      if (f.format && FORMAT_PATTERNS[f.format]) s.pattern = FORMAT_PATTERNS[f.format];
      break;
    default:
      break;
  }
  return s;
}

export function makeOrderSchema(product, options, validateOrder, orderFields) {
  // Read once; options that cannot be read go to validateOrder as they are, which reports them.
  let passed = options;
  try {
    if (options !== null && typeof options === 'object') passed = { today: options.today, locale: options.locale };
  } catch {
    passed = options;
  }
  // A value in an error: a string quoted, its first 60 characters; anything else by its type.
  const named = (v) => (typeof v === 'string' ? JSON.stringify(v.slice(0, 60)) : typeof v);
  const jsonSchema = (params) => {
    const target = params?.target;
    if (typeof target !== 'string' || !Object.hasOwn(SCHEMA_TARGETS, target)) {
      throw new Error(`orderSchema: JSON Schema target ${named(target)} is not supported (${Object.keys(SCHEMA_TARGETS).join(', ')})`);
    }
    const fields = orderFields(product);
    if (fields.length === 0) throw new Error(`orderSchema: unknown product ${named(product)}`);
    const body = fieldSchema({ kind: 'object', label: `${product} order`, fields });
    return SCHEMA_TARGETS[target] ? { $schema: SCHEMA_TARGETS[target], ...body } : body;
  };
  return {
    '~standard': {
      version: 1,
      vendor: 'certcentral-orders',
      validate(value) {
        const report = validateOrder(product, value, passed);
        const errors = report.issues.filter((i) => i.severity === 'error');
        if (errors.length === 0) return { value };
        // The report's issues as they are (message and path are Standard Schema's): formatIssue
        // takes them too.
        return { issues: errors };
      },
      jsonSchema: { input: jsonSchema, output: jsonSchema },
    },
  };
}

// Messages in the user's language. A catalog (certcentral-orders/locales/<locale>, a module of
// its own, so an English page downloads none) holds a template per rule id and the translations
// of orderFields' labels and help. English is the wasm's own text, and the fallback for anything
// a catalog lacks. `locale` is a catalog, or the name of one given to registerLocale ("es";
// "pt-BR" finds "pt").
// The registry is shared by every entry of this version of the package in the realm (see
// PACKAGE): a locale registered through `certcentral-orders` must be known to
// `certcentral-orders/validate` (which the react-hook-form resolver validates with), and the
// other way round.
const catalogs = (globalThis[Symbol.for(`${PACKAGE}/locales`)] ??= new Map());
const localeKey = (name) => String(name).toLowerCase().replace('-', '_');

// A catalog as plain data: its own `locale`, and the strings of its `rules`, `text`, `form` and
// `words` copied out of whatever was given (a module namespace from `require` has it under
// `default`); null when it is not one.
const stringsOf = (o) => {
  const out = {};
  for (const [k, v] of Object.entries(o ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
};
function catalogOf(value) {
  try {
    const c = value !== null && typeof value === 'object' && value.rules === undefined ? value.default : value;
    if (c === null || typeof c !== 'object' || typeof c.locale !== 'string') return null;
    return { locale: c.locale, rules: stringsOf(c.rules), text: stringsOf(c.text), form: stringsOf(c.form), words: stringsOf(c.words) };
  } catch {
    return null; // a getter or Proxy trap that throws: no catalog
  }
}

export function registerLocale(catalog) {
  const c = catalogOf(catalog);
  if (c === null) {
    throw new TypeError('registerLocale: give a catalog, such as the default export of "certcentral-orders/locales/es"');
  }
  catalogs.set(localeKey(c.locale), c);
  return c.locale;
}

// Catalog objects passed as `locale` are read once (a form validates at every keystroke).
const readCatalogs = new WeakMap();
function catalogFor(locale) {
  if (locale === undefined || locale === null || locale === 'en') return null;
  if (typeof locale === 'object') {
    if (!readCatalogs.has(locale)) readCatalogs.set(locale, catalogOf(locale));
    return readCatalogs.get(locale);
  }
  if (typeof locale !== 'string') return null;
  const key = localeKey(locale);
  return catalogs.get(key) ?? catalogs.get(key.split('_')[0]) ?? null;
}

// `{name}` is a value; a `[...]` segment shows only when every value in it is there.
function render(template, vars) {
  const has = (name) => vars[name] !== undefined && vars[name] !== null;
  const text = (name) => (Array.isArray(vars[name]) ? vars[name].join(', ') : String(vars[name]));
  return template
    .replace(/\[([^\]]*)\]/g, (_, part) => ([...part.matchAll(/\{(\w+)\}/g)].every(([, n]) => has(n)) ? part : ''))
    .replace(/\{(\w+)\}/g, (whole, n) => (has(n) ? text(n) : whole));
}

// Each field's orderFields entry (its label, allowed values and their labels) by its path with
// list indices as `*`, per product, from `orderFields` (the glue's orderFields, or fieldLabels
// where only the labels are read), each with a cache of its own. (Only known products are kept:
// orderFields answers [] for any other string.)
const labelCaches = new Map();
function labelsOf(product, orderFields) {
  let cache = labelCaches.get(orderFields);
  if (cache === undefined) labelCaches.set(orderFields, (cache = new Map()));
  let labels = cache.get(product);
  if (labels === undefined) {
    labels = new Map();
    const walk = (fields) => {
      for (const f of fields ?? []) {
        labels.set(f.path, f);
        walk(f.fields);
        if (f.items) walk([f.items]);
      }
    };
    const fields = typeof product === 'string' && product.length <= 64 ? orderFields(product) : [];
    walk(fields);
    if (fields.length) cache.set(product, labels);
  }
  return labels;
}

// orderFields without its language: `product`'s descriptions from `fields` (FIELDS of
// src/js/data.js, generated from the field tables; its JSON read once), as objects of the
// caller's own, the validity presets worked out for `today` (presetsOf). [] for anything but a
// product's id.
let fieldNodes;
export function orderFieldsWith(product, today, fields, texts, validate) {
  fieldNodes ??= JSON.parse(fields);
  const { nodes, products } = fieldNodes;
  if (typeof product !== 'string' || !Object.hasOwn(products, product)) return [];
  const copy = (v) => (Array.isArray(v) ? v.map(copy) : v !== null && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) : v);
  // A node has no `path`: it is the holder's and the node's name, and comes first.
  const build = (i, holder) => {
    const f = { path: holder === '' ? nodes[i].name : `${holder}.${nodes[i].name}`, ...copy(nodes[i]) };
    if (f.fields) f.fields = f.fields.map((j) => build(j, f.path));
    if (f.items !== undefined) f.items = build(f.items, f.path);
    return f;
  };
  const list = products[product].map((i) => build(i, ''));
  const years = list.flatMap((f) => [f, ...(f.fields ?? [])]).find((f) => f.presets);
  if (years) years.presets = presetsOf(product, today, years, list, texts, validate);
  return list;
}

// The validity presets of the field `years` (`validity_years` or `order_validity.years`) on
// `today`, as src/rules/describe.rs's validity_presets works them out for Rust callers (the
// package asks no wasm for them; tests/js/data.test.mjs holds the two equal over the dated
// changes): each whole year the field allows, and, when a year makes the order a plan
// (DigiCert's lifetime cap in force) and the product takes days, the cap in days. Each is
// validated alone: an error at its field leaves it out; its warnings there say what it yields.
// The default is one year when that raises nothing, else the first choice that raises nothing.
function presetsOf(product, today, years, list, texts, validate) {
  const daysPath = years.path.replace(/years$/, 'days');
  const takesDays = list.some((f) => f.path === daysPath || f.fields?.some((g) => g.path === daysPath));
  // A day that is not a real yyyy-MM-dd is today, as validateOrder's default (no options at all:
  // an options object would take a `today` from Object.prototype).
  const day = today !== undefined && validate(product, {}, { today }).issues.some((i) => i.rule === 'options.today') ? undefined : today;
  const yields = (path, value, days) => {
    const [outer, inner] = path.split('.');
    const report = validate(product, { [outer]: inner === undefined ? value : { [inner]: value } }, day === undefined ? undefined : { today: day });
    const params = { n: value, days };
    let help = texts.oneCertificate;
    for (const issue of report.issues) {
      if (issue.field !== path) continue;
      if (issue.severity === 'error') return undefined;
      const cap = issue.params?.max_days;
      if (Number.isInteger(cap)) {
        params.cap = cap;
        if (help === texts.oneCertificate) help = texts.plan;
      }
      if (issue.rule.endsWith('.multi_year_plan')) help = texts.multiYearPlan;
    }
    return { help, params };
  };
  const preset = (path, value, label, { help, params }) => ({ path, value, default: false, label, help, params });
  const presets = [];
  let cap;
  for (let n = years.min; n <= years.max; n += 1) {
    const y = yields(years.path, n, n * 365);
    if (y === undefined) continue;
    cap ??= y.params.cap;
    presets.push(preset(years.path, n, n === 1 ? texts.year : texts.years, y));
  }
  if (cap !== undefined && takesDays) {
    const y = yields(daysPath, cap, cap);
    if (y?.help === texts.oneCertificate) presets.unshift(preset(daysPath, cap, texts.days, { ...y, help: texts.longest }));
  }
  const clean = (p) => p.help === texts.oneCertificate || p.help === texts.longest;
  const first = presets.find((p) => p.value === 1 && p.path === years.path && clean(p)) ?? presets.find(clean);
  if (first) first.default = true;
  return presets;
}

const infoAt = (labels, path) => labels.get(path.replace(/\.\d+(?=\.|$)/g, '.*'));

function localizeIssue(issue, catalog, labels, rootField = '') {
  const template = Object.hasOwn(catalog.rules, issue.rule) ? catalog.rules[issue.rule] : undefined;
  if (typeof template !== 'string') return issue;
  // An issue about the order itself has no field to name: the English message, unless the
  // template names none. (inspectCsr's issues are the CSR field's: `rootField`.)
  const field = issue.field || rootField;
  if (field === '' && /\{(label|field)\}/.test(template)) return issue;
  const english = infoAt(labels, field)?.label;
  const label = english === undefined ? field : (Object.hasOwn(catalog.text, english) ? catalog.text[english] : english);
  const vars = { ...issue.params, field, label };
  // A format by the catalog's phrase for it ("un nombre de dominio, como example.com"), not its
  // id; the kinds of a type error ("un número entero", not "an integer") too.
  for (const k of ['format', 'expected', 'got']) {
    if (typeof vars[k] === 'string' && Object.hasOwn(catalog.words, vars[k])) vars[k] = catalog.words[vars[k]];
  }
  const message = render(template, vars);
  // A value the template needs and this issue lacks: its English message says it all.
  return /\{\w+\}/.test(message) ? issue : { ...issue, message };
}

// An issue in words for the person filling in the form (formatIssue's style "form"): the
// catalog's `form` template (English's when it has none), every field named by its label in
// the catalog's language (a list's entry by its position: "DNS name 2"), never by its path;
// params that hold paths (`with`, `fields`, `instead`, `suggestion`) become labels too, and
// allowed values the labels orderFields gives them; a field orderFields does not list by the
// label `nameLabel` makes of its name (fastLabel). `english` is the English form catalog.
function formMessage(issue, catalog, english, labels, nameLabel) {
  const own = (o, k) => (Object.hasOwn(o, k) ? o[k] : undefined);
  // An emptied value under a minimum length (a list's row left blank, a list with no entries)
  // reads as a missing one: "is required", not "is too short (at least 1): its length is 0".
  const rule = issue.rule === 'field.length' && issue.params.length === 0 ? 'field.required' : issue.rule;
  const c = catalog !== null && own(catalog.form, rule) ? catalog : { form: english.form, text: {}, words: {} };
  const template = own(c.form, rule);
  if (typeof template !== 'string') return undefined;
  const word = (k) => own(c.words, k) ?? own(english.words, k);
  const tr = (s) => own(c.text, s) ?? s;
  const named = (path) => infoAt(labels, path)?.label ?? (nameLabel(path.slice(path.lastIndexOf('.') + 1)) || path);
  const labelOf = (path, under) => {
    if (path === '') return word('order');
    const steps = path.split('.');
    const at = steps.findLastIndex((s) => /^\d+$/.test(s));
    if (at > 0) {
      const list = named(steps.slice(0, at).join('.'));
      const entry = render(word(list) ?? word('entry'), { label: tr(list), n: Number(steps[at]) + 1 });
      return at === steps.length - 1 ? entry : render(word('inside'), { label: tr(named(path)), entry });
    }
    const label = tr(named(path));
    return under && at < 0 && steps.length > 1 ? render(word('under'), { label, parent: labelOf(steps.slice(0, -1).join('.')) }) : label;
  };
  const vars = { ...issue.params };
  // inspectCsr's issues name no field: they are the CSR field's.
  const field = issue.field || (issue.rule.includes('.csr.') || vars.format === 'csr_pem' ? 'certificate.csr' : '');
  const info = infoAt(labels, field);
  const choice = (v) => {
    const i = info?.allowed?.indexOf(v) ?? -1;
    return i >= 0 && typeof info.allowedLabels?.[i] === 'string' ? tr(info.allowedLabels[i]) : v;
  };
  const as = (name, f) => {
    if (vars[name] !== undefined) vars[name] = f(vars[name]);
  };
  as('with', labelOf);
  as('fields', (names) => names.map((n) => labelOf(`${field}.${n}`)));
  as('suggestion', (name) => labelOf(field.slice(0, field.lastIndexOf('.') + 1) + name));
  as('instead', (text) => {
    const path = /^use ([\w.]+)/.exec(text)?.[1];
    return path && labelOf(path, true);
  });
  as('format', (name) => word(name) ?? name);
  as('expected', (kind) => word(kind) ?? kind);
  as('allowed', (values) => values.map(choice));
  as('value', choice);
  vars.label = labelOf(field);
  const message = render(template, vars);
  return /\{\w+\}/.test(message) ? undefined : message;
}

// A report (or inspectCsr's answer) with its messages in `locale`.
export function localized(report, product, locale, orderFields) {
  const catalog = catalogFor(locale);
  if (catalog === null || !report.issues.length) return report;
  const labels = labelsOf(product, orderFields);
  return { ...report, issues: report.issues.map((i) => localizeIssue(i, catalog, labels)) };
}

// inspectCsr's answer in `locale`: its issues are about the CSR, so they are worded as the
// `certificate.csr` field's (labelled as on a Secure Site order, whose table has the field).
export function localizedCsr(info, locale, orderFields) {
  const catalog = catalogFor(locale);
  if (catalog === null || !info.issues.length) return info;
  const labels = labelsOf('ssl_securesite', orderFields);
  return { ...info, issues: info.issues.map((i) => localizeIssue(i, catalog, labels, 'certificate.csr')) };
}

// orderFields' answer with labels, help, `requiredWhen` and choices' labels in `locale`.
export function localizedFields(fields, locale) {
  const catalog = catalogFor(locale);
  const tr = catalog === null ? (s) => s : (s) => (Object.hasOwn(catalog.text, s) ? catalog.text[s] : s);
  // The validity presets come as templates over their params ("{n} years"): rendered here, in
  // every language (English too).
  const walk = (f) => {
    const out = { ...f, label: tr(f.label), help: tr(f.help) };
    if (f.allowedLabels) out.allowedLabels = f.allowedLabels.map(tr);
    if (f.requiredWhen) out.requiredWhen = tr(f.requiredWhen);
    if (f.oneOf) out.oneOf = f.oneOf.map((c) => ({ ...c, label: tr(c.label) }));
    if (f.presets) out.presets = f.presets.map((p) => ({ ...p, label: render(tr(p.label), p.params), help: render(tr(p.help), p.params) }));
    if (f.fields) out.fields = f.fields.map(walk);
    if (f.items) out.items = walk(f.items);
    return out;
  };
  return fields.map(walk);
}

// formatIssue(issue, locale) or formatIssue(issue, { locale, product, style }): one issue's
// message in `locale` (the product gives the field's label; without it the field's path stands
// in), as the report has it (style "api") or for a person (style "form": formMessage; `english`
// is the English form catalog, which the glue holds where a bundler can drop it; `nameLabel` the
// label of a field's name, fastLabel).
export function formatIssueWith(issue, options, orderFields, english, nameLabel) {
  let rule, message, field, params;
  try {
    ({ rule, message, field, params } = issue);
  } catch {
    rule = undefined;
  }
  if (typeof rule !== 'string' || typeof message !== 'string') {
    throw new TypeError('formatIssue: give an issue of a report (with rule, field and message)');
  }
  let locale = options;
  let product, style;
  try {
    if (options !== null && typeof options === 'object' && options.rules === undefined && options.default === undefined) ({ locale, product, style } = options);
  } catch {
    locale = undefined;
  }
  const catalog = catalogFor(locale);
  const plain = { rule, message, field: typeof field === 'string' ? field : '', params: params !== null && typeof params === 'object' ? params : {} };
  if (style === 'form') {
    try {
      const form = formMessage(plain, catalog, english ?? { form: {}, words: {} }, labelsOf(product, orderFields), nameLabel);
      if (form !== undefined) return form;
    } catch (e) {
      rethrowNotLoaded(e);
      // params that throw when read: the message below
    }
  }
  if (catalog === null) return message;
  try {
    return localizeIssue(plain, catalog, labelsOf(product, orderFields)).message;
  } catch (e) {
    rethrowNotLoaded(e);
    return message;
  }
}

// Inputs as a person types or pastes them, made ready to send: strings trimmed; in a `dns_name`
// field a pasted URL ("https://user@www.example.com:8443/path?q", "www.example.com/") reduced
// to its host; "mailto:" taken off an e-mail address. `field` is the value's orderFields entry:
// an object's fields and a list's items are cleaned by theirs. A copy (the value itself is never
// changed); what it does not understand (other types, objects that are not plain, values it
// cannot read) is left as it is. Never throws.
function cleanString(s, format) {
  const t = s.trim();
  if (format === 'email') return t.replace(/^mailto:([^?]*).*/is, '$1').trim();
  if (format !== 'dns_name') return t;
  // A URL's host; its user part only after a scheme: an e-mail address typed into a domain field
  // stays as typed (and is reported), not turned into another name that looks valid.
  // (Each pattern anchored or stopping at its first match: linear on any string.)
  const scheme = /^[a-z][\w+.-]*:\/\//i;
  const url = scheme.test(t);
  let host = t.replace(scheme, '').replace(/[/?#].*/s, '');
  if (url) host = host.replace(/^.*@/s, '');
  host = host.replace(/:\d*$/, '');
  return host && !/[\s:/@[\]]/.test(host) ? host : t;
}

function cleanWith(value, field, depth) {
  try {
    if (typeof value === 'string') return cleanString(value, field?.format);
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) {
      const { items } = field;
      return items && value.length <= MAX_ITEMS ? Array.from({ length: value.length }, (_, i) => cleanWith(value[i], items, depth + 1)) : value;
    }
    const { fields } = field;
    if (!Array.isArray(fields) || ![objectProto, null].includes(getProto(value))) return value;
    const byName = new Map(fields.map((f) => [f.name, f]));
    // (fromEntries: a "__proto__" key stays a key.)
    return Object.fromEntries(Object.keys(value).map((k) => [k, byName.has(k) ? cleanWith(value[k], byName.get(k), depth + 1) : value[k]]));
  } catch {
    return value; // a getter or Proxy trap that throws: as it was
  }
}

export function cleanValue(value, field) {
  return cleanWith(value, field, 0);
}

// cleanOrder(product, order): the order's values cleaned as cleanValue cleans them, each by its
// field in the product's orderFields.
export function cleanOrderWith(product, order, orderFields) {
  try {
    return cleanWith(order, { fields: orderFields(product) }, 0);
  } catch (e) {
    rethrowNotLoaded(e);
    return order;
  }
}

// An options value's `today` when it is a string, else undefined (never a throw).
export function todayOf(options) {
  try {
    const today = options !== null && typeof options === 'object' ? options.today : undefined;
    return typeof today === 'string' ? today : undefined;
  } catch {
    return undefined;
  }
}

// An options value's `locale`, or undefined (any value is accepted where options are: a getter
// that throws is no locale).
export function localeOf(options) {
  try {
    return options !== null && typeof options === 'object' ? options.locale : undefined;
  } catch {
    return undefined;
  }
}
