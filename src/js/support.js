// JavaScript the Rust side needs and cannot express itself. Shipped as a wasm-bindgen snippet.

// The error every failed CertCentralClient call rejects with: a real Error subclass (instanceof
// Error, a stack), which cannot be declared from Rust; the Rust side constructs it.
export class CertCentralError extends Error {
  constructor(message, details) {
    super(message);
    this.name = 'CertCentralError';
    if (details) Object.assign(this, details);
  }
}

// Values JSON cannot hold are written as this prefix plus what they are, so the validator can
// name them ("got NaN", "got a Date object") instead of seeing what JSON.stringify makes of them.
const MARK = '\u0000certcentral-orders:';
const toString = Object.prototype.toString;

function replacer(key, value) {
  const raw = this[key];
  switch (typeof raw) {
    case 'number':
      return Number.isFinite(raw) ? raw : MARK + (Number.isNaN(raw) ? 'NaN' : 'Infinity');
    case 'undefined':
      // Like JSON.stringify, an object property holding undefined is absent; in a list it is an error.
      return Array.isArray(this) ? MARK + 'undefined' : undefined;
    case 'bigint':
      return MARK + 'a BigInt';
    case 'symbol':
      return MARK + 'a Symbol';
    case 'function':
      return MARK + 'a function';
    case 'object':
      if (raw !== null && !Array.isArray(raw)) {
        const tag = toString.call(raw);
        if (tag !== '[object Object]') return MARK + 'a ' + tag.slice(8, -1) + ' object';
      }
      return value;
    default:
      return value;
  }
}

const encoder = new TextEncoder();
// Past this many characters of JSON the step-by-step reader, which measures strings before
// copying them, is the cheaper way (a 10 MB string is then never copied into wasm).
const MAX_TEXT = 1 << 20;

// The order as UTF-8 JSON in one call, the fast way into wasm (TextEncoder is native code;
// passing a JS string copies it character by character). Undefined when JSON.stringify cannot
// do it (a cycle, a getter or Proxy trap that throws, nesting past the stack) or the text is
// huge: the Rust side then reads the value step by step with its limits.
export function orderToJson(value) {
  if (value === null || typeof value !== 'object') return undefined;
  let text;
  try {
    text = JSON.stringify(value, replacer);
  } catch {
    return undefined;
  }
  return text === undefined || text.length > MAX_TEXT ? undefined : encoder.encode(text);
}
