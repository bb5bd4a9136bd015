#!/usr/bin/env node
// A local stand-in for DigiCert CertCentral's "order certificate" endpoint
// (POST /services/v2/order/certificate/{product_id}), for tests of
// `certcentral-orders`. Plain Node >= 18, node:http only, no dependencies.
//
// It listens on 127.0.0.1 only and never makes outbound connections.
// See README.md beside this file for the behaviours and the control endpoints.
//
// Deliberately independent of the library under test: its request checks are
// a small, separate reading of the spec (`../shared/spec` beside the repository), not a copy of the
// library's validation.

import http from 'node:http';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The fourteen product ids the spec covers (glossary, "Product identifiers"; secure-email.md §1). */
export const PRODUCTS = Object.freeze([
  'code_signing',
  'code_signing_ev',
  'client_premium_sha2',
  'client_email_security_plus',
  'client_authentication_plus',
  'client_digital_signature_plus_sha2',
  'ssl_securesite',
  'ssl_securesite_multi_domain',
  'ssl_securesite_wildcard',
  'ssl_ev_securesite',
  'ssl_ev_securesite_multi_domain',
  'secure_email_mailbox',
  'secure_email_sponsor',
  'secure_email_organization',
]);

/** Behaviour types accepted by `enqueue`. */
export const BEHAVIOR_TYPES = Object.freeze([
  'created', 'status', 'html', 'not-json', 'wrong-json', 'hang',
  'truncate', 'reset', 'drip', 'huge', 'delay',
]);

/** 201 body variants (Secure Site page: one-step, two-step, auto, skip, immediate). */
export const CREATED_VARIANTS = Object.freeze(['one-step', 'two-step', 'auto', 'skip', 'immediate']);

const API_PREFIX = '/services/v2';
const ORDER_PREFIX = `${API_PREFIX}/order/certificate/`;
const CONTROL_PREFIX = '/__sandbox/';
const MAX_REQUEST_BODY = 8 * 1024 * 1024;

const FIRST_ORDER_ID = 1000;
const FIRST_REQUEST_ID = 5000;
const FIRST_CERTIFICATE_ID = 9000;
const FIRST_ORGANIZATION_ID = 700000;

const DEFAULT_ERROR = {
  400: ['bad_request_format', 'The request body is not in the expected format.'],
  401: ['access_denied|invalid_api_key', 'The API key is missing or not valid.'],
  403: ['access_denied|missing_permission', 'The API key does not have permission to perform this action.'],
  404: ['not_found|product', 'The product does not exist or is not enabled for this account.'],
  405: ['method_not_allowed', 'The method is not allowed for this endpoint.'],
  409: ['conflict', 'The request conflicts with the current state of the resource.'],
  413: ['request_too_large', 'The request body is too large.'],
  429: ['request_limit_exceeded', 'Request limit exceeded. Please try again later.'],
  500: ['internal_error', 'An internal error occurred.'],
  502: ['bad_gateway', 'Bad gateway.'],
  503: ['service_unavailable', 'The service is temporarily unavailable.'],
  504: ['gateway_timeout', 'Gateway timeout.'],
};

function defaultErrorEntry(status) {
  if (DEFAULT_ERROR[status]) return DEFAULT_ERROR[status];
  if (status >= 500) return ['server_error', `Server error (${status}).`];
  return ['client_error', `Client error (${status}).`];
}

/** CertCentral's error body: {"errors":[{"code","message"}, ...]}. */
export function errorBody(...entries) {
  return { errors: entries.map(([code, message]) => ({ code, message })) };
}

function familyOf(product) {
  if (product.startsWith('code_signing')) return 'code_signing';
  if (product.startsWith('client_')) return 'client';
  if (product.startsWith('secure_email_')) return 'secure_email';
  return 'ssl';
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// ---------------------------------------------------------------- behaviours

/**
 * Checks one behaviour object; throws TypeError with a readable message.
 * Returns a shallow copy (so later mutation by the caller has no effect).
 */
export function validateBehavior(b, where = 'behavior') {
  if (!isPlainObject(b)) throw new TypeError(`${where}: must be an object with a "type"`);
  if (!BEHAVIOR_TYPES.includes(b.type)) {
    throw new TypeError(`${where}: unknown type ${JSON.stringify(b.type)}; known: ${BEHAVIOR_TYPES.join(', ')}`);
  }
  const intIn = (name, min, max) => {
    const v = b[name];
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new TypeError(`${where}: "${name}" must be an integer in ${min}..${max}`);
    }
  };
  const numIn = (name, min) => {
    const v = b[name];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      throw new TypeError(`${where}: "${name}" must be a number >= ${min}`);
    }
  };
  switch (b.type) {
    case 'created':
      if (b.variant !== undefined && !CREATED_VARIANTS.includes(b.variant)) {
        throw new TypeError(`${where}: unknown variant ${JSON.stringify(b.variant)}; known: ${CREATED_VARIANTS.join(', ')}`);
      }
      break;
    case 'status':
      if (b.status === undefined) throw new TypeError(`${where}: "status" is required`);
      intIn('status', 200, 599);
      if (b.retryAfter !== undefined && typeof b.retryAfter !== 'string' && typeof b.retryAfter !== 'number') {
        throw new TypeError(`${where}: "retryAfter" must be a string (seconds or HTTP-date) or a number`);
      }
      if (b.body !== undefined && typeof b.body !== 'string' && (b.body === null || typeof b.body !== 'object')) {
        throw new TypeError(`${where}: "body" must be an object/array (sent as JSON) or a string (sent as is)`);
      }
      if (b.contentType !== undefined && typeof b.contentType !== 'string') {
        throw new TypeError(`${where}: "contentType" must be a string`);
      }
      if (b.headers !== undefined && !isPlainObject(b.headers)) {
        throw new TypeError(`${where}: "headers" must be an object`);
      }
      break;
    case 'html':
    case 'not-json':
    case 'wrong-json':
    case 'truncate':
      intIn('status', 200, 599);
      if (b.contentType !== undefined && typeof b.contentType !== 'string') {
        throw new TypeError(`${where}: "contentType" must be a string`);
      }
      if (b.type === 'not-json' && b.body !== undefined && typeof b.body !== 'string') {
        throw new TypeError(`${where}: "body" must be a string`);
      }
      break;
    case 'drip':
      numIn('intervalMs', 0);
      if (b.variant !== undefined && !CREATED_VARIANTS.includes(b.variant)) {
        throw new TypeError(`${where}: unknown variant ${JSON.stringify(b.variant)}`);
      }
      break;
    case 'huge':
      intIn('bytes', 1, 2 ** 31);
      break;
    case 'delay':
      numIn('ms', 0);
      if (b.then !== undefined) validateBehavior(b.then, `${where}.then`);
      break;
    default:
      break;
  }
  const copy = { ...b };
  if (b.type === 'delay' && b.then !== undefined) copy.then = validateBehavior(b.then, `${where}.then`);
  return copy;
}

// ---------------------------------------------------------------- fake PEM

/** Deterministic, real-looking (not parseable) certificate PEM for a name. */
function fakePem(seed, derLength = 1190) {
  const bytes = Buffer.alloc(derLength);
  let block = createHash('sha256').update(`certcentral-sandbox:${seed}`).digest();
  for (let i = 0; i < derLength; i += block.length) {
    block.copy(bytes, i);
    block = createHash('sha256').update(block).digest();
  }
  // DER-ish header: SEQUENCE (long form) { SEQUENCE (long form) { [0] { INTEGER 2 } ... } }
  const outer = derLength - 4;
  const inner = derLength - 4 - 300;
  Buffer.from([0x30, 0x82, outer >> 8, outer & 0xff, 0x30, 0x82, inner >> 8, inner & 0xff,
    0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x10]).copy(bytes, 0);
  const b64 = bytes.toString('base64');
  const lines = b64.match(/.{1,64}/g);
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

// ---------------------------------------------------------------- sandbox

/**
 * Starts the sandbox.
 * @param {{port?: number, apiKey?: string, host?: string}} [options]
 *   port: 0 (default) picks a free port. apiKey: when set, order requests
 *   without this exact X-DC-DEVKEY header get 401.
 */
export async function startSandbox(options = {}) {
  const { port = 0, apiKey } = options;
  const host = '127.0.0.1';
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw new TypeError('apiKey must be a non-empty string when given');
  }

  const requests = [];
  let queue = [];
  const sockets = new Set();
  const timers = new Set();
  let ids;
  const resetIds = () => {
    ids = { order: FIRST_ORDER_ID, request: FIRST_REQUEST_ID, certificate: FIRST_CERTIFICATE_ID, organization: FIRST_ORGANIZATION_ID };
  };
  resetIds();
  let closing = null;

  function later(fn, ms) {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
    return t;
  }
  function every(fn, ms) {
    const t = setInterval(fn, ms);
    timers.add(t);
    return t;
  }
  function stop(t) {
    clearTimeout(t);
    clearInterval(t);
    timers.delete(t);
  }

  function enqueue(...behaviors) {
    const flat = behaviors.flat();
    const checked = flat.map((b, i) => validateBehavior(b, `behavior[${i}]`));
    queue.push(...checked);
    return queue.length;
  }

  function reset() {
    requests.length = 0;
    queue = [];
    resetIds();
  }

  // ------------------------------------------------------------ bodies

  function createdBody(variant, json) {
    const body = { id: ids.order++ };
    const org = json && json.organization;
    if (isPlainObject(org) && org.id === undefined) body.organization = { id: ids.organization++ };
    const status = { 'one-step': 'pending', 'two-step': 'submitted', auto: 'approved' }[variant];
    if (status) body.requests = [{ id: ids.request++, status }];
    if (variant === 'auto' || variant === 'skip' || variant === 'immediate') {
      body.certificate_id = ids.certificate++;
    }
    if (variant === 'immediate') {
      // Secure Email certificates have no common_name field: the sandbox names them by the first e-mail.
      const c = isPlainObject(json?.certificate) ? json.certificate : {};
      const cn = typeof c.common_name === 'string' && c.common_name ? c.common_name
        : Array.isArray(c.emails) && typeof c.emails[0] === 'string' && c.emails[0] ? c.emails[0]
          : 'example.com';
      body.certificate_chain = [
        { subject_common_name: cn, pem: fakePem(`${cn}:${body.certificate_id}`, 1290) },
        { subject_common_name: 'DigiCert SHA2 Secure Server CA', pem: fakePem('DigiCert SHA2 Secure Server CA', 1190) },
        { subject_common_name: 'DigiCert Global Root CA', pem: fakePem('DigiCert Global Root CA', 947) },
      ];
    }
    return body;
  }

  function sendJson(res, status, obj, extraHeaders = {}) {
    const text = JSON.stringify(obj);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...extraHeaders,
    });
    res.end(text);
  }

  function sendError(res, status, entries, extraHeaders) {
    sendJson(res, status, errorBody(...entries), extraHeaders);
  }

  // ------------------------------------------------------------ default handling

  function checkOrder(rec) {
    const { product, json } = rec;
    const fam = familyOf(product);
    const errs = [];
    if (!isPlainObject(json.certificate)) {
      errs.push(['invalid_value:certificate', 'certificate is required and must be an object.']);
    }
    // Secure Email for Individual needs no organization (secure-email.md §2.3).
    if (!isPlainObject(json.organization) && product !== 'secure_email_mailbox') {
      errs.push(['invalid_value:organization', 'organization is required and must be an object.']);
    }
    if (json.validity_years !== undefined) {
      const allowed = fam === 'code_signing' ? [1, 2, 3] : [1, 2];
      if (!allowed.includes(json.validity_years)) {
        errs.push(['invalid_value:validity_years', `validity_years must be one of ${allowed.join(', ')}.`]);
      }
    }
    if (isPlainObject(json.certificate) && json.certificate.signature_hash !== undefined) {
      const allowed = fam === 'ssl' ? ['sha256', 'sha384', 'sha512'] : ['sha256'];
      if (!allowed.includes(json.certificate.signature_hash)) {
        errs.push(['invalid_value:signature_hash', `signature_hash must be one of ${allowed.join(', ')}.`]);
      }
    }
    return errs;
  }

  function handleDefault(req, res, rec) {
    if (rec.method !== 'POST' || rec.product === null) {
      if (rec.product === null) {
        const isOrderPath = rec.path.startsWith(ORDER_PREFIX) || rec.path === ORDER_PREFIX.slice(0, -1);
        return sendError(res, 404, [isOrderPath
          ? ['not_found|product', 'No product id in the path.']
          : ['not_found', `No such endpoint in this sandbox: ${rec.path}`]]);
      }
      return sendError(res, 405, [defaultErrorEntry(405)], { Allow: 'POST, OPTIONS' });
    }
    if (apiKey !== undefined && rec.headers['x-dc-devkey'] !== apiKey) {
      return sendError(res, 401, [defaultErrorEntry(401)]);
    }
    if (!PRODUCTS.includes(rec.product)) {
      return sendError(res, 404, [['not_found|product',
        `Product '${rec.product}' does not exist or is not enabled for this account.`]]);
    }
    const ct = String(rec.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (ct !== 'application/json') {
      return sendError(res, 400, [['bad_request_format', 'Content-Type must be application/json.']]);
    }
    if (!isPlainObject(rec.json)) {
      return sendError(res, 400, [['bad_request_format', 'The request body must be a JSON object.']]);
    }
    const errs = checkOrder(rec);
    if (errs.length) return sendError(res, 400, errs);
    return sendJson(res, 201, createdBody('one-step', rec.json));
  }

  // ------------------------------------------------------------ behaviours

  function run(b, req, res, rec) {
    const socket = req.socket;
    switch (b.type) {
      case 'created':
        return sendJson(res, 201, createdBody(b.variant ?? 'one-step', rec.json));

      case 'status': {
        const status = b.status;
        const headers = { ...(b.headers ?? {}) };
        if (b.retryAfter !== undefined) headers['Retry-After'] = String(b.retryAfter);
        let text;
        let contentType;
        if (b.body === undefined) {
          if (status >= 400) {
            text = JSON.stringify(errorBody(defaultErrorEntry(status)));
            contentType = 'application/json';
          } else {
            text = '';
          }
        } else if (typeof b.body === 'string') {
          text = b.body;
          contentType = 'text/plain; charset=utf-8';
        } else {
          text = JSON.stringify(b.body);
          contentType = 'application/json';
        }
        if (b.contentType !== undefined) contentType = b.contentType;
        if (status === 204 || status === 304) text = '';
        if (contentType !== undefined && text !== '') headers['Content-Type'] = contentType;
        headers['Content-Length'] = Buffer.byteLength(text);
        res.writeHead(status, headers);
        return res.end(text);
      }

      case 'html': {
        const status = b.status ?? 502;
        const reason = http.STATUS_CODES[status] ?? 'Error';
        const text = `<!DOCTYPE html>\n<html>\n<head><title>${status} ${reason}</title></head>\n<body>\n<center><h1>${status} ${reason}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
        res.writeHead(status, { 'Content-Type': b.contentType ?? 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
        return res.end(text);
      }

      case 'not-json': {
        const text = b.body ?? 'Order received. Thank you!';
        res.writeHead(b.status ?? 201, { 'Content-Type': b.contentType ?? 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
        return res.end(text);
      }

      case 'wrong-json': {
        const text = JSON.stringify(b.body !== undefined ? b.body : { hello: 1 });
        res.writeHead(b.status ?? 201, { 'Content-Type': b.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(text) });
        return res.end(text);
      }

      case 'hang':
        return undefined; // never answered; close() destroys the socket

      case 'truncate': {
        const full = Buffer.from(JSON.stringify(createdBody('one-step', rec.json)));
        const half = full.subarray(0, Math.floor(full.length / 2));
        res.writeHead(b.status ?? 201, { 'Content-Type': b.contentType ?? 'application/json', 'Content-Length': full.length });
        socket.setNoDelay(true);
        res.write(half, () => later(() => socket.destroy(), 5));
        return undefined;
      }

      case 'reset':
        if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
        return undefined;

      case 'drip': {
        const full = Buffer.from(JSON.stringify(createdBody(b.variant ?? 'one-step', rec.json)));
        res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': full.length });
        socket.setNoDelay(true);
        res.flushHeaders();
        let i = 0;
        const t = every(() => {
          if (socket.destroyed || res.destroyed) return stop(t);
          res.write(full.subarray(i, i + 1));
          i += 1;
          if (i >= full.length) {
            stop(t);
            res.end();
          }
        }, b.intervalMs ?? 20);
        res.once('close', () => stop(t));
        return undefined;
      }

      case 'huge':
        return sendHuge(res, b.bytes ?? 8 * 1024 * 1024, rec);

      case 'delay': {
        const t = later(() => {
          if (socket.destroyed) return;
          if (b.then) run(b.then, req, res, rec);
          else handleDefault(req, res, rec);
        }, b.ms ?? 1000);
        res.once('close', () => stop(t));
        return undefined;
      }

      default:
        throw new Error(`unreachable: ${b.type}`);
    }
  }

  /** A 201 whose body is a documented one-step body padded to `bytes` total. */
  function sendHuge(res, bytes, rec) {
    const body = createdBody('one-step', rec.json);
    const head = Buffer.from(`${JSON.stringify(body).slice(0, -1)},"padding":"`);
    const tail = Buffer.from('"}');
    const padLen = Math.max(0, bytes - head.length - tail.length);
    res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': head.length + padLen + tail.length });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = padLen;
    res.write(head);
    const pump = () => {
      while (left > 0) {
        if (res.destroyed) return;
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      res.end(tail);
    };
    pump();
  }

  // ------------------------------------------------------------ control

  function handleControl(req, res, path, bodyText) {
    if (path === '/__sandbox/requests' && req.method === 'GET') {
      return sendJson(res, 200, requests);
    }
    if (path === '/__sandbox/reset' && req.method === 'POST') {
      reset();
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/__sandbox/enqueue' && req.method === 'POST') {
      let parsed;
      try {
        parsed = JSON.parse(bodyText);
      } catch {
        return sendError(res, 400, [['bad_request_format', 'Body must be a JSON array of behaviours.']]);
      }
      const list = Array.isArray(parsed) ? parsed : [parsed];
      try {
        const queued = enqueue(...list);
        return sendJson(res, 200, { ok: true, queued });
      } catch (e) {
        return sendError(res, 400, [['invalid_value:behavior', e.message]]);
      }
    }
    return sendError(res, 404, [['not_found', `No such control endpoint: ${req.method} ${path}`]]);
  }

  // ------------------------------------------------------------ server

  function preflight(req, res) {
    const defaults = ['content-type', 'x-dc-devkey', '*'];
    const asked = String(req.headers['access-control-request-headers'] ?? '')
      .split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const allow = [...new Set([...defaults, ...asked])];
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': allow.join(', '),
      'Access-Control-Max-Age': '600',
      Vary: 'Access-Control-Request-Headers',
      'Content-Length': 0,
    });
    res.end();
  }

  const server = http.createServer((req, res) => {
    const at = Date.now();
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    const path = (req.url ?? '/').split('?')[0];

    if (req.method === 'OPTIONS') {
      req.resume();
      return preflight(req, res);
    }

    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_REQUEST_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', () => {});
    req.on('end', () => {
      if (closing) return;
      const body = Buffer.concat(chunks).toString('utf8');

      if (path.startsWith(CONTROL_PREFIX)) return handleControl(req, res, path, body);
      if (!(path === API_PREFIX || path.startsWith(`${API_PREFIX}/`))) {
        return sendError(res, 404, [['not_found', `No such endpoint in this sandbox: ${path}`]]);
      }

      let product = null;
      if (path.startsWith(ORDER_PREFIX)) {
        const rest = path.slice(ORDER_PREFIX.length);
        if (rest !== '' && !rest.includes('/')) {
          try { product = decodeURIComponent(rest); } catch { product = rest; }
        }
      }
      let json;
      try { json = JSON.parse(body); } catch { json = undefined; }
      const rec = { method: req.method, path, product, headers: { ...req.headers }, body, json, at };
      requests.push(rec);

      if (tooLarge) return sendError(res, 413, [defaultErrorEntry(413)]);
      const behavior = queue.shift();
      if (behavior) return run(behavior, req, res, rec);
      return handleDefault(req, res, rec);
    });
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const actualPort = server.address().port;
  const url = `http://${host}:${actualPort}`;

  function close() {
    if (closing) return closing;
    closing = new Promise((resolve) => {
      for (const t of timers) { clearTimeout(t); clearInterval(t); }
      timers.clear();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      sockets.clear();
    });
    return closing;
  }

  return {
    url,
    baseUrl: `${url}${API_PREFIX}`,
    port: actualPort,
    requests,
    enqueue,
    reset,
    close,
    get queued() { return queue.length; },
  };
}

// ---------------------------------------------------------------- CLI

function parseArgs(argv) {
  const out = { port: 0, apiKey: undefined };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq !== -1) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--port') {
      const p = Number(next());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error('--port must be an integer 0..65535');
      out.port = p;
    } else if (arg === '--api-key') {
      out.apiKey = next();
      if (out.apiKey === '') throw new Error('--api-key must not be empty');
    } else if (arg === '--help' || arg === '-h') {
      out.help = true;
    } else {
      throw new Error(`unknown argument: ${arg}`);
    }
  }
  return out;
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`sandbox: ${e.message}\nusage: node tests/sandbox/sandbox.mjs [--port N] [--api-key K]\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write('usage: node tests/sandbox/sandbox.mjs [--port N] [--api-key K]\n');
    process.exit(0);
  }
  const sb = await startSandbox({ port: args.port, apiKey: args.apiKey });
  process.stdout.write(`CertCentral sandbox listening on ${sb.baseUrl}\n`);
  const shutdown = () => { sb.close().then(() => process.exit(0)); };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
