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
    case 'string':
      // A string that happens to start with the marker is kept a string: "=" says so.
      return raw.charCodeAt(0) === 0 && raw.startsWith(MARK) ? MARK + '=' + raw : value;
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

const objectProto = Object.prototype;
const arrayProto = Array.prototype;
const getProto = Object.getPrototypeOf;
// The readers' limits (src/value.rs): past them the guarded step-by-step reader takes over,
// which measures before it copies. MAX_VALUES also bounds objects that share parts (a DAG
// that JSON.stringify would expand exponentially).
const MAX_DEPTH = 32;
const MAX_ITEMS = 10000;
const MAX_VALUES = 100000;
const MAX_TEXT = 1 << 20;

const PLAIN = 1;
const NOT_PLAIN = 0;
const TOO_BIG = -1;

// Scans `value`: PLAIN when JSON.stringify says exactly what it holds (plain objects and arrays
// of finite numbers, strings, booleans and null), NOT_PLAIN when some part needs the replacer,
// TOO_BIG when it is past the limits. Bounded by MAX_VALUES. May throw (a getter, a Proxy
// trap): the caller catches.
function scan(root) {
  let budget = MAX_VALUES;
  let result = PLAIN;
  const visit = (value, depth) => {
    if (--budget < 0 || depth > MAX_DEPTH) return false;
    switch (typeof value) {
      case 'boolean':
        return true;
      case 'string':
        // A string that starts like the marker is escaped by the replacer.
        if (value.charCodeAt(0) === 0) result = NOT_PLAIN;
        return true;
      case 'number':
        if (!Number.isFinite(value)) result = NOT_PLAIN;
        return true;
      case 'object': {
        if (value === null) return true;
        const proto = getProto(value);
        if (proto === arrayProto) {
          if (value.length > MAX_ITEMS) return false;
          for (let i = 0; i < value.length; i++) if (!visit(value[i], depth + 1)) return false;
          return true;
        }
        // Same test as the step-by-step reader: an `arguments` object or one with its own
        // Symbol.toStringTag is not a plain object there, so it is not one here either.
        if ((proto !== objectProto && proto !== null) || toString.call(value) !== '[object Object]') {
          result = NOT_PLAIN;
          return true;
        }
        let keys = 0;
        for (const key in value) {
          if (++keys > MAX_ITEMS || !visit(value[key], depth + 1)) return false;
        }
        return true;
      }
      default:
        result = NOT_PLAIN;
        return true;
    }
  };
  return visit(root, 0) ? result : TOO_BIG;
}

// The order as JSON text in one call, the fast way into wasm (`encodeInto` below then writes it
// into wasm memory in one native pass). Undefined when JSON.stringify cannot do it (a cycle, a getter or Proxy trap that
// throws) or the value is past the limits: the Rust side then reads it step by step, measuring
// before it copies.
export function orderToJson(value) {
  if (value === null || typeof value !== 'object') return undefined;
  let text;
  try {
    const kind = scan(value);
    if (kind === TOO_BIG) return undefined;
    text = kind === PLAIN ? JSON.stringify(value) : JSON.stringify(value, replacer);
  } catch {
    return undefined;
  }
  return text === undefined || text.length > MAX_TEXT ? undefined : text;
}

const encoder = new TextEncoder();

// Writes `text` as UTF-8 into `into` (a view of wasm memory, at least 3 bytes per UTF-16 unit):
// one native pass, where the glue's own string passing copies ASCII a character at a time.
export function encodeInto(text, into) {
  return encoder.encodeInto(text, into).written;
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
    if (this.caller) this.caller.addEventListener('abort', this.onAbort, { once: true });
  }

  // Lets go of the request (a body too big to read).
  cancel() {
    this.controller.abort();
  }

  done() {
    clearTimeout(this.timer);
    if (this.caller) this.caller.removeEventListener('abort', this.onAbort);
  }
}

// Resolves after `ms`, or early (with true) when `signal` fires.
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(true);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
