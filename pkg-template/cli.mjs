#!/usr/bin/env node
// The `certcentral-orders` command: validate, order, wait, download, and bulk orders that can be
// re-run safely. Node only, and no browser bundle reaches it (no entry of the package imports
// it). It uses the package's own API (node.mjs) and Node's built-ins only: `util.parseArgs` does
// the argument parsing, and the progress line is a few lines below, so the command adds no
// dependency to install.
//
// Conventions (as ripgrep and cargo): results on standard output, progress and diagnostics on
// standard error; `--json` puts exactly one JSON document on standard output; colour only on a
// TTY and never with NO_COLOR; exit 0 success, 1 invalid order or API error, 2 usage error,
// 130 interrupted (Ctrl-C or SIGTERM). The API key is read from CERTCENTRAL_API_KEY only, never from a flag (the
// process list shows flags), and is never printed: the client's errors are redacted already,
// and this file prints no environment value.
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import {
  accessSync, chmodSync, closeSync, constants as fsConstants, existsSync, fstatSync, fsyncSync, ftruncateSync, linkSync,
  lstatSync, openSync, readFileSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as cc from './node.mjs';

const BIN = 'certcentral-orders';
const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, interrupted: 130 });
// The client's endpoint when CERTCENTRAL_BASE_URL is not set (the help says it too).
const DEFAULT_BASE_URL = 'https://www.digicert.com/services/v2';

class UsageError extends Error {}
/** Input that is not an order (not JSON, not an object): exit 1, like an invalid order. */
class InputError extends Error {}

// ------------------------------------------------------------------------------------------
// Help

const ENVIRONMENT = `Environment:
  CERTCENTRAL_API_KEY   the API key (sent as X-DC-DEVKEY; never printed, and never a flag)
  CERTCENTRAL_BASE_URL  default https://www.digicert.com/services/v2 (https; plain http
                        only to localhost)
                        (EU: https://certcentral.digicert.eu/services/v2)
  CERTCENTRAL_TIMEOUT   seconds one request may take before it is given up (default 30;
                        a read is tried up to 3 times; an order is sent again only
                        after a 429 or a refused connection, which created nothing)
  NO_COLOR              no colour even on a terminal (FORCE_COLOR=1 forces it)`;

const EXIT_CODES = `Exit codes:
  0    success (the order is valid; placed; reissued; downloaded; canceled; its
       domains validated)
  1    an invalid order, input that is not an order, an error from CertCentral,
       domains not validated yet (check-dcv), an order that another run is
       placing now, or one whose send's outcome is unknown (with --json,
       "mayExist": true says the order may have been created)
  2    usage error (unknown command or flag, missing argument, unreadable file, no API key)
  130  interrupted (Ctrl-C, or SIGTERM as CI and containers send)`;

const COMMANDS = {
  products: {
    usage: 'products [--json]',
    summary: 'List the product ids with their family, name and status.',
    positionals: [],
    options: { json: { type: 'boolean' } },
    flags: ['--json  the list as JSON'],
  },
  fields: {
    usage: 'fields <product> [--json]',
    summary: "List a product's request fields: path, kind, required, bounds, help.",
    positionals: ['product'],
    options: { json: { type: 'boolean' } },
    flags: ['--json  the field tree as JSON (orderFields)'],
  },
  validate: {
    usage: 'validate <file|-> --product <id> [--today YYYY-MM-DD] [--json]',
    summary: 'Check an order body (a JSON file, or - for standard input) without sending it.',
    positionals: ['file'],
    options: { product: { type: 'string' }, today: { type: 'string' }, json: { type: 'boolean' } },
    flags: [
      '--product <id>        the product (see `products`); required',
      "--today <YYYY-MM-DD>  the date for date rules; default today (UTC)",
      '--json                the report ({ valid, issues }) as JSON',
    ],
    notes: 'Exit 0 when the order has no errors (warnings allowed), 1 when it has errors.',
  },
  order: {
    usage: 'order <file|-> --product <id> [--wait] [--download <format> --out <path>] [--json]',
    summary: 'Validate an order body, place it, and optionally wait for the certificate and download it.',
    positionals: ['file'],
    options: {
      product: { type: 'string' }, today: { type: 'string' }, wait: { type: 'boolean' },
      download: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' },
      'wait-timeout': { type: 'string' }, 'poll-interval': { type: 'string' }, resend: { type: 'boolean' },
    },
    flags: [
      '--product <id>           the product (see `products`); required',
      '--wait                   wait until the certificate is issued',
      '--download <format>      then download it (pem_all, pem_noroot, p7b, default = zip, ...:',
      '                         a format CertCentral documents, checked before ordering);',
      '                         implies --wait',
      '--out <path>             where the download goes (- for standard output); an existing',
      '                         file is replaced whole, a link written through to its file',
      '--today <YYYY-MM-DD>     the date for date rules; default today (UTC)',
      '--wait-timeout <min>     give up waiting after this many minutes (default 15; with',
      '                         --wait or --download, as --poll-interval)',
      '--poll-interval <s>      first wait between polls in seconds (default 10; grows 1.5x)',
      '--resend                 send the order even when an earlier send of it is unsettled',
      '                         (below)',
      '--json                   the result as JSON',
    ],
    notes: `Safe to run again: an order without alternative_order_id gets one derived from the
product and the body (a hash), and an order already placed with it is not placed again; the
command goes on with that order (waiting, downloading). To order the same body twice, give
each its own alternative_order_id.
When a send's outcome is unknown (a timeout, a dropped connection, a 5xx, an answer that cannot
be read, Ctrl-C, a killed run) and CertCentral does not list the order, it may still be creating
it: for 10 minutes after that send, a run that does not find the order does not send it again
(exit 1, nothing sent; --json: "kind": "unsettled", "mayExist": true). Such an error says when;
--resend sends at once. (The send is recorded in the system's temporary directory.)
Prints "order <id>: placed (request <status>)" for an order it placed (CertCentral answers
with its request's status, not the order's), or "order <id>: <status>" with the order's status
when it waited or found the order placed before.`,
  },
  status: {
    usage: 'status <order-id> [--json]',
    summary: "Show an order's status and certificate.",
    positionals: ['order-id'],
    options: { json: { type: 'boolean' } },
    flags: ['--json  the order as CertCentral describes it (OrderInfo)'],
  },
  download: {
    usage: 'download <order-id> --format <format> --out <path> [--json]',
    summary: "Download an order's certificate.",
    positionals: ['order-id'],
    options: { format: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    flags: [
      '--format <format>  pem_all, pem_noroot, pem_nointermediate, p7b, cer, default (zip), ...',
      '--out <path>       the file to write (- for standard output); an existing file is',
      '                   replaced whole, a link written through to its file',
      '--json             what was written, as JSON',
    ],
  },
  reissue: {
    usage: 'reissue <order-id> <file|-> [--wait] [--download <format> --out <path>] [--json]',
    summary: "Reissue an order's certificate (a new CSR, other names), and optionally wait for it and download it.",
    positionals: ['order-id', 'file'],
    options: {
      today: { type: 'string' }, wait: { type: 'boolean' }, download: { type: 'string' }, out: { type: 'string' },
      json: { type: 'boolean' }, 'wait-timeout': { type: 'string' }, 'poll-interval': { type: 'string' }, resend: { type: 'boolean' },
    },
    flags: [
      '--wait                   wait until the reissued certificate is issued',
      '--download <format>      then download it (as `order --download`); implies --wait',
      '--out <path>             where the download goes (- for standard output)',
      '--today <YYYY-MM-DD>     the date for date rules; default today (UTC)',
      '--wait-timeout <min>     give up waiting after this many minutes (default 15; with',
      '                         --wait or --download, as --poll-interval)',
      '--poll-interval <s>      first wait between polls in seconds (default 10; grows 1.5x)',
      '--resend                 request it even when an earlier request is unsettled (below)',
      '--json                   the result as JSON',
    ],
    notes: `The body is a reissue's, {"certificate": {"csr": "...", "common_name": "...",
"dns_names": [...]}}, checked against the order's product before it is sent (exit 1 and
nothing sent when it is invalid). With public TLS certificates held to 199 days (from
2026-02-24), a plan's certificate is renewed this way: reissued with a new CSR.
Safe to run again: the order is read first, and nothing is sent when its certificate already
has the body's CSR and names (reissued before) or a reissue with the body's CSR is pending
(requested before, by any tool: the order's list of reissues tells); the command goes on with
it (waiting, downloading). A pending reissue with another CSR is not replaced (exit 1, nothing
sent); to replace it, cancel it first with
  ${BIN} cancel <order-id> --note "..."
When a reissue's answer is lost, the order is read again, and a pending reissue is taken as
the answer; if none shows yet, a run in the next 10 minutes does not request it again (exit 1,
"kind": "unsettled"; --resend does).
Waiting, the certificate issued must be the body's (its CSR and names; without a CSR in the
body, another than before): one that is not (the reissue canceled, rejected or replaced) is
exit 1, and nothing is downloaded. A body without a CSR (a code signing token) cannot be told
from an earlier reissue once that one is issued: run it once.`,
  },
  'check-dcv': {
    usage: 'check-dcv <order-id> [--wait] [--json]',
    summary: "Ask CertCentral to check a pending TLS order's DNS or HTTP domain-control tokens now.",
    positionals: ['order-id'],
    options: { json: { type: 'boolean' }, wait: { type: 'boolean' }, 'wait-timeout': { type: 'string' }, 'poll-interval': { type: 'string' } },
    flags: [
      '--wait                check again until every domain passed (a token not found yet,',
      '                      invalid_dns_txt or file_random_value_not_found, is waited out;',
      '                      any other error ends it)',
      '--wait-timeout <min>  give up after this many minutes (default 15; with --wait)',
      '--poll-interval <s>   first wait between checks in seconds (default 10; grows 1.5x)',
      '--json                { order_id, passed, dcv: CertCentral\'s answer }',
    ],
    notes: `For an order whose DCV method is dns-txt-token, dns-cname-token or http-token: once
the token is published, CertCentral checks it now instead of at its next automatic check
(which goes on either way). Prints each domain's status.
Exit 0 when every domain passed (the DCV status is valid: an OV or EV order may still wait for
its organization's validation), 1 when one has not (--json: "passed": false) or on an error
(--json: "error"). In CI, once the token is published:
  ${BIN} check-dcv 1234 --wait --wait-timeout 30`,
  },
  cancel: {
    usage: 'cancel <order-id> --note <text> [--json]',
    summary: 'Cancel a pending or waiting_pickup order, or its pending reissue.',
    positionals: ['order-id'],
    options: { note: { type: 'string' }, json: { type: 'boolean' } },
    flags: [
      '--note <text>  why (CertCentral requires it; a canceled reissue\'s request keeps it)',
      '--json         the result as JSON',
    ],
    notes: `Safe to run again: the order is read first, and one already canceled is reported as
such (exit 0) and not sent again; when a cancel's answer is lost, the order is read again.
CertCentral cancels an order only while it is pending or waiting_pickup, and a pending reissue
while the order is reissue_pending (the order stays issued: "reissueCanceled": true);
otherwise it refuses (exit 1). An issued order has nothing to cancel (exit 1, nothing sent):
its certificate is revoked, not canceled (the package's revokeCertificate). So the same cancel
of a pending reissue, run again, is refused: the order is issued by then.`,
  },
  bulk: {
    usage: 'bulk <orders.ndjson> [--concurrency N] [--journal <path>] [--wait] [--json]',
    summary: 'Place many orders, one per line: {"product": "...", "order": {...}}. Safe to run again.',
    positionals: ['file'],
    options: {
      concurrency: { type: 'string' }, journal: { type: 'string' }, wait: { type: 'boolean' },
      json: { type: 'boolean' }, today: { type: 'string' }, failures: { type: 'string' },
      'wait-timeout': { type: 'string' }, 'poll-interval': { type: 'string' }, resend: { type: 'boolean' },
    },
    flags: [
      '--concurrency <N>        orders in flight at once (default 4, at most 32)',
      '--journal <path>         default <orders.ndjson>.journal',
      '--failures <path>        where the failed lines go, each with why under "failure";',
      '                         default <orders.ndjson>.failures.ndjson',
      '--wait                   also wait until each certificate is issued',
      '--today <YYYY-MM-DD>     the date for date rules; default today (UTC)',
      '--wait-timeout <min>     (with --wait, as --poll-interval) give up waiting on an order',
      '                         this many minutes after this run placed it or found it',
      '                         placed (default 15); all are awaited at',
      '                         once, so waiting ends about this long after the last is placed;',
      '                         the waits follow CertCentral\'s list of status changes (one',
      '                         request per poll for all of them) and read an order when the',
      '                         list names it issued or ended, and on its deadline (when',
      '                         CertCentral refuses the list, each polls its order, 2 polls/s',
      '                         in all)',
      '--poll-interval <s>      first wait between polls in seconds (default 10; grows 1.5x);',
      '                         the list of status changes is asked for at most this often',
      '--resend                 send orders even when an earlier send is unsettled (below)',
      '--json                   the summary as JSON',
    ],
    notes: `Keys of a line other than "product" and "order" are not read.
Every line is validated before any order is sent: one invalid line sends nothing.
Each order without alternative_order_id gets one derived from its product and body (a hash),
so two identical lines are refused as a duplicate. Before an order is sent it is looked up by
its alternative_order_id (one request more), so an order placed before, by any run, journal
or tool, is never placed again; while a run on this machine looks an order up and sends it,
another run does not (that line fails, and a later run finds the order). An order whose send's
outcome is unknown and that CertCentral does not list is not sent again for 10 minutes after
that send (its line fails, "mayExist": true; as for \`order\`; --resend sends at once).
The journal records each order before it is sent and after:
running the same command again skips what it lists as placed without asking CertCentral
(--wait asks about those it does not list as issued, and fails a line whose order will not be
issued).
When the journal cannot be written (a full disk), the run stops as after Ctrl-C, says why,
and exits 1; the summary still lists what it placed.
Two runs cannot share a journal at once (a lock file beside it). Requests stay inside
CertCentral's rate limits (100 per 5 s, 1000 per 3 min). Ctrl-C stops sending new orders and
lets those in flight finish; a second Ctrl-C quits at once (the next run finds what was in
flight). Exit 1 when any line failed. The failures file holds each failed line (its JSON written
again) with why under "failure" (not read as input), so (with the default names; from standard
input the failures file is <journal>.failures.ndjson)
  ${BIN} bulk orders.ndjson.failures.ndjson --journal orders.ndjson.journal
runs only those lines again; an order placed is still never placed twice. When lines cannot be
ordered (nothing was sent), fix them in <orders.ndjson> and run it again.`,
  },
};

/** Pads each "flag  text" line so the texts line up (continuation lines start with spaces). */
const alignFlag = (flags) => {
  const width = Math.max(...flags.map((f) => f.search(/ {2}\S/)));
  return (line) => {
    const at = line.search(/ {2}\S/);
    return at <= 0 ? line : line.slice(0, at).padEnd(width) + line.slice(at);
  };
};

function commandHelp(name) {
  const c = COMMANDS[name];
  const flags = [...c.flags, '-h, --help  this help'];
  return `${c.summary}

Usage: ${BIN} ${c.usage}

Options:
  ${flags.map(alignFlag(flags)).join('\n  ')}
${c.notes ? `\n${c.notes}\n` : ''}
${EXIT_CODES}

${ENVIRONMENT}
`;
}

function mainHelp() {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.split(' ')[0].length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `Validate and place DigiCert CertCentral certificate orders.

Usage: ${BIN} <command> [options]

Commands:
${lines.join('\n')}

Run \`${BIN} <command> --help\` for a command's options.
Options of every command: -h, --help; ${BIN} --version prints the version.

${EXIT_CODES}

${ENVIRONMENT}
`;
}

// ------------------------------------------------------------------------------------------
// Output

function colours(stream) {
  const env = process.env;
  const on = env.NO_COLOR ? false
    : env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' ? env.FORCE_COLOR !== '0'
      : Boolean(stream.isTTY) && env.TERM !== 'dumb';
  const wrap = (open, close) => (s) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : String(s));
  return { on, bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };
}

const stdout = (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const stderr = (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
const printJson = (value) => stdout(JSON.stringify(value, null, 2));

/**
 * Calls `handler` on Ctrl-C (SIGINT) and on SIGTERM (what CI cancellation, `timeout`, `docker
 * stop` and Kubernetes send), so both end a run the same way: what was placed is reported and
 * the journal kept. Returns the function that stops listening.
 */
function onInterrupt(handler) {
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `field: message`, warnings marked, one per line. A message that starts with its field's path
 * ("certificate.csr is required.") is printed as it is, the path coloured, not after the path
 * a second time.
 */
function issueLines(issues, c, indent = '') {
  return issues.map((i) => {
    const field = i.field === '' ? '(order)' : i.field;
    const paint = i.severity === 'warning' ? c.yellow : c.red;
    const mark = i.severity === 'warning' ? `${c.yellow('warning')}: ` : '';
    const named = i.field !== '' && typeof i.message === 'string' && i.message.startsWith(i.field) && /^[\s:"'[]/.test(i.message.slice(i.field.length));
    return named
      ? `${indent}${mark}${paint(field)}${i.message.slice(field.length)}`
      : `${indent}${paint(field)}: ${mark}${i.message}`;
  });
}

/** What to do about a body whose order will not be issued (it is never ordered twice). */
const ORDER_ANEW = 'Its body is not ordered again: give it its own alternative_order_id to order it anew.';
/** The command this process runs (main sets it): what an error's advice may speak of. */
let runningCommand;

/**
 * Whether the order `id`, found already placed, can still be issued: one poll of
 * waitForIssuance (the client's own reading of CertCentral's statuses), answered as the error
 * to report when it cannot (it was rejected, canceled, revoked or has expired), else undefined.
 */
async function endedError(api, id, signal) {
  try {
    await api.waitForIssuance(id, { timeoutMs: 1, signal });
    return undefined;
  } catch (e) {
    // The wait's own timeout (it names the status last seen): still on its way. A request's
    // timeout (no status) is an error like any other.
    if (e?.kind === 'timeout' && e.orderStatus !== undefined) return undefined;
    if (e?.kind !== 'order_state') throw e;
    return e;
  }
}

function countIssues(issues) {
  const errors = issues.filter((i) => i.severity === 'error').length;
  return { errors, warnings: issues.length - errors };
}

/** An error's message; for an order that will not be issued, with what to do about its body. */
const messageOf = (e) => {
  if (e?.kind === 'order_state' && (runningCommand === 'order' || runningCommand === 'bulk')) return `${e.message} ${ORDER_ANEW}`;
  const message = String(e?.message ?? e);
  if (notSent.has(e)) return `${message} (This was the lookup by alternative_order_id that comes before sending: nothing was sent.)`;
  const advice = unsureAdvice.get(e)?.text;
  if (advice === undefined) return message;
  const hint = UNSURE_HINTS.find((h) => message.endsWith(h));
  const base = hint === undefined ? message : message.slice(0, -hint.length);
  // A sentence of its own after a message that does not end one ("... has no \"certificates\" list").
  return `${base}${/[.!?)]$/.test(base) ? '' : '.'} ${advice.trimStart()}`;
};
// Text that is not the package's own (what a server answered, a JSON reader's quote of the
// input), as the human output prints it one item a line: a control, format or line-separator
// character (a newline, ESC, a bidirectional override) is shown as \u{..}, as the package's
// messages show the order's text (src/report.rs, push_shown), so nothing read can write to the
// terminal. (--json prints such text as it is: JSON escapes it.)
const shown = (text) => String(text).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (ch) => `\\u{${ch.codePointAt(0).toString(16)}}`);

/** A CertCentralError (or any error) as JSON: what `--json` prints under `error`. */
function errorJson(e) {
  if (e instanceof cc.CertCentralError) {
    const out = { kind: e.kind, message: messageOf(e) };
    for (const k of ['status', 'orderStatus']) if (e[k] !== undefined) out[k] = e[k];
    if (e.errors?.length) out.errors = e.errors;
    if (e.issues?.length) out.issues = e.issues;
    out.attempts = e.attempts;
    if (e.outcomeUnknown) out.outcomeUnknown = true;
    if (mayExist(e)) out.mayExist = true;
    return out;
  }
  const kind = e instanceof InputError ? 'input' : typeof e?.kind === 'string' ? e.kind : 'internal';
  return { kind, message: messageOf(e), ...(e?.outcomeUnknown === true && { outcomeUnknown: true }), ...(mayExist(e) && { mayExist: true }) };
}

function errorText(e, c) {
  const lines = [`${c.red('error')}: ${shown(messageOf(e))}`];
  if (e instanceof cc.CertCentralError) {
    if (e.errors?.length > 1) for (const x of e.errors) lines.push(`  ${shown(x.code)}: ${shown(x.message)}`);
    lines.push(...issueLines(e.issues ?? [], c, '  '));
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------
// Arguments and input

function parse(name, argv) {
  const spec = COMMANDS[name];
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const flag = /'(-[^']*)'/.exec(e.message)?.[1] ?? '';
    if (/^--?(api-?key|key|devkey)\b/i.test(flag)) {
      throw new UsageError(`${flag}: the API key is never a flag (the process list would show it); set CERTCENTRAL_API_KEY`);
    }
    throw new UsageError(`${name}: ${e.message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length !== spec.positionals.length) {
    throw new UsageError(positionals.length < spec.positionals.length
      ? `${name}: missing <${spec.positionals[positionals.length]}>`
      : `${name}: unexpected argument ${JSON.stringify(positionals[spec.positionals.length])}`);
  }
  return { values, positionals };
}

function needProduct(id, flag = '--product') {
  if (id === undefined) throw new UsageError(`${flag} <id> is required (\`${BIN} products\` lists them)`);
  if (!cc.products().some((p) => p.id === id)) {
    throw new UsageError(`unknown product ${JSON.stringify(id)}; \`${BIN} products\` lists them`);
  }
  return id;
}

function checkToday(today) {
  if (today === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  const d = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (!d || d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw new UsageError(`--today ${JSON.stringify(today)}: give a date as YYYY-MM-DD`);
  }
  return today;
}

function number(flag, text, { min, max, integer = false }) {
  if (text === undefined) return undefined;
  const n = Number(text);
  // Decimal digits only, as a person writes them: Number() would also take " 8 ", "0x10", "1e1".
  if (!(integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(text) || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: give ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return n;
}

function orderId(text) {
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) === 0) {
    throw new UsageError(`order id ${JSON.stringify(text)}: give CertCentral's order number (digits)`);
  }
  // As CertCentral writes it: "01003" is order 1003 (one lock, one name in the output).
  return String(Number(text));
}

/** The most an order file is read of (an order is a few KB; its CSR a few more), and a bulk
 * file: past it the input is refused before it takes the memory (`/dev/zero`, `yes |`). */
const MAX_ORDER_BYTES = 16 << 20;
const MAX_BULK_BYTES = 256 << 20;

/** The text of `<file|->`, at most `limit` bytes; an unreadable file is a usage error. */
function readInput(path, limit = MAX_ORDER_BYTES) {
  const where = path === '-' ? 'standard input' : path;
  const chunks = [];
  let size = 0;
  try {
    const fd = path === '-' ? 0 : openSync(path, 'r');
    try {
      for (;;) {
        const chunk = Buffer.allocUnsafe(1 << 16);
        let n;
        try {
          n = readSync(fd, chunk, 0, chunk.length, null);
        } catch (e) {
          if (e.code === 'EAGAIN') continue; // a non-blocking standard input with nothing yet
          if (e.code === 'EOF') break;
          throw e;
        }
        if (n === 0) break;
        size += n;
        if (size > limit) throw new InputError(`${where} is larger than ${limit >> 20} MiB: not ${limit === MAX_ORDER_BYTES ? 'an order' : 'a file of orders'} (nothing was sent)`);
        chunks.push(chunk.subarray(0, n));
      }
    } finally {
      if (fd !== 0) closeSync(fd);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a directory' : (e.code ?? e.message);
    throw new UsageError(`cannot read ${where}: ${why}`);
  }
  // A byte-order mark (files saved by some Windows editors) is not part of the JSON.
  return Buffer.concat(chunks, size).toString('utf8').replace(/^\uFEFF/, '');
}

/** The path of the first integer JSON.parse could not keep exactly (past 2^53 - 1), if any. */
function inexactInteger(value, path = '') {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? path || '(order)' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const found = inexactInteger(v, path ? `${path}.${k}` : k);
    if (found !== undefined) return found;
  }
  return undefined;
}
const inexactMessage = (at) => `${at}: an integer larger than 2^53 - 1 cannot be read exactly (it would be sent changed)`;

function readOrder(path) {
  const text = readInput(path);
  const where = path === '-' ? 'standard input' : path;
  let order;
  try {
    order = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${where} is not JSON: ${e.message}`);
  }
  if (order === null || typeof order !== 'object' || Array.isArray(order)) {
    throw new InputError(`${where}: an order body is a JSON object`);
  }
  const inexact = inexactInteger(order);
  if (inexact !== undefined) throw new InputError(`${where}: ${inexactMessage(inexact)}`);
  return order;
}

/**
 * Which CertCentral account a journal's entries are about: 16 hex digits of SHA-256 over the
 * endpoint and the API key (which it does not reveal), so a run against another endpoint or key
 * does not take this one's orders as placed.
 */
function accountOf() {
  const baseUrl = (process.env.CERTCENTRAL_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, '');
  return createHash('sha256').update(`${baseUrl}\n${process.env.CERTCENTRAL_API_KEY ?? ''}`).digest('hex').slice(0, 16);
}

function client() {
  const apiKey = process.env.CERTCENTRAL_API_KEY;
  if (!apiKey) throw new UsageError('CERTCENTRAL_API_KEY is not set: the commands that talk to CertCentral read the API key from it');
  // The client takes visible ASCII only (a line break pasted with the key, say): said here,
  // naming the variable.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new UsageError('CERTCENTRAL_API_KEY holds characters an API key does not (a space, a line break, a control or non-ASCII character): set it to the key alone');
  }
  const baseUrl = process.env.CERTCENTRAL_BASE_URL || undefined;
  if (baseUrl !== undefined) {
    let url;
    try { url = new URL(baseUrl); } catch { url = null; }
    if (!url || !/^https?:$/.test(url.protocol)) {
      throw new UsageError('CERTCENTRAL_BASE_URL is not an http(s) URL');
    }
    // As the client refuses them, but naming the variable (and never showing what it holds).
    if (url.username !== '' || url.password !== '') {
      throw new UsageError('CERTCENTRAL_BASE_URL holds a user name or password: give the API\'s address alone (the key goes in CERTCENTRAL_API_KEY)');
    }
    if (url.search !== '' || url.hash !== '' || baseUrl.includes('?') || baseUrl.includes('#')) {
      throw new UsageError('CERTCENTRAL_BASE_URL has a query or a fragment (? or #): give the API\'s address alone, such as https://www.digicert.com/services/v2');
    }
    // The key would cross the network in clear: plain http only to this machine (a local
    // proxy or test server).
    const loopback = ['localhost', '[::1]'].includes(url.hostname) || /^127\.[\d.]+$/.test(url.hostname);
    if (url.protocol === 'http:' && !loopback) {
      throw new UsageError('CERTCENTRAL_BASE_URL is plain http to another machine, which would send the API key in clear: use https (http only for localhost)');
    }
  }
  const timeout = process.env.CERTCENTRAL_TIMEOUT;
  let timeoutMs;
  if (timeout !== undefined && timeout !== '') {
    const seconds = Number(timeout);
    if (!/^\d+(\.\d+)?$/.test(timeout.trim()) || !(seconds >= 0.1 && seconds <= 3600)) {
      throw new UsageError('CERTCENTRAL_TIMEOUT is seconds per request, from 0.1 to 3600');
    }
    timeoutMs = Math.round(seconds * 1000);
  }
  return new cc.CertCentralClient({ apiKey, baseUrl, ...(timeoutMs !== undefined && { timeoutMs }) });
}

function waitOptions(values, waits = values.wait) {
  if (!waits && (values['wait-timeout'] !== undefined || values['poll-interval'] !== undefined)) {
    throw new UsageError('--wait-timeout and --poll-interval go with --wait');
  }
  const minutes = number('--wait-timeout', values['wait-timeout'], { min: 0.01, max: 10080 });
  const seconds = number('--poll-interval', values['poll-interval'], { min: 0.05, max: 3600 });
  return {
    ...(minutes !== undefined && { timeoutMs: Math.round(minutes * 60000) }),
    ...(seconds !== undefined && { intervalMs: Math.round(seconds * 1000) }),
  };
}

// ------------------------------------------------------------------------------------------
// Idempotency: the alternative_order_id an order is placed under

/** JSON with object keys sorted, so the same order hashes the same however it is laid out. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The order's own `alternative_order_id`, or one derived from the product and the body: "cc" and
 * 32 hex digits of SHA-256 (letters and digits only, as spec page 002 allows, within the field
 * table's maxLength).
 */
const altMaxLength = new Map(); // per product: a bulk file reads the field table once, not per line
function alternativeId(product, order) {
  if (typeof order.alternative_order_id === 'string' && order.alternative_order_id !== '') {
    return { alt: order.alternative_order_id, derived: false };
  }
  if (!altMaxLength.has(product)) {
    const field = cc.orderFields(product).find((f) => f.path === 'alternative_order_id');
    altMaxLength.set(product, field?.maxLength ?? 34);
  }
  const digest = createHash('sha256').update(`${product}\n${canonical(order)}`).digest('hex');
  const alt = `cc${digest}`.slice(0, Math.min(34, altMaxLength.get(product)));
  return { alt, derived: true };
}

/** The process id a lock file holds; 0 when it holds none (unreadable, empty or not a pid). */
function lockHolder(path) {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return 0;
  }
}

/** Whether process `pid` (another than this one) is running. */
function running(pid) {
  if (pid === 0 || pid === process.pid) return false; // this process's own id: a lock left by an earlier process that had it
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Creates the lock file `path` holding this process's id: 0 when taken, the id of the running
 * process that holds it, or -1 when it could not be had. The file appears with the id already in
 * it (written aside, then linked into place: a link fails if the file exists), so no run ever
 * reads an empty lock. A lock whose process has ended is removed only under a guard file taken
 * the same way, after checking it is still that lock: no run ever removes a lock that is live.
 * Throws when no file can be made.
 */
function takeLock(path) {
  const mine = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(mine, path);
        return 0;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
      }
      const holder = lockHolder(path);
      if (running(holder)) return holder;
      const guard = `${path}.guard`;
      try {
        linkSync(mine, guard);
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
        // Another run is replacing it now; a guard left by a run that died holding it (it is
        // held for microseconds) is removed once it is old.
        try {
          if (!running(lockHolder(guard)) && Date.now() - statSync(guard).mtimeMs > 10_000) rmSync(guard, { force: true });
        } catch { /* gone meanwhile */ }
        continue;
      }
      try {
        // Still the stale lock (only a guard holder removes a lock, and its holder is gone).
        if (lockHolder(path) === holder) rmSync(path, { force: true });
      } finally {
        rmSync(guard, { force: true });
      }
    }
    return -1;
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * A file of this machine's temporary directory about the order `alt` at this run's endpoint:
 * named by a hash of the endpoint and the alternative_order_id, with `suffix`.
 */
function orderFile(alt, suffix) {
  // The endpoint as the URL parser writes it (scheme and host in lower case, a default port
  // dropped), so two spellings of one endpoint share the file.
  let endpoint = (process.env.CERTCENTRAL_BASE_URL || DEFAULT_BASE_URL).trim();
  try { endpoint = new URL(endpoint).href; } catch { /* client() refuses it before anything is sent */ }
  endpoint = endpoint.replace(/\/+$/, '');
  const key = createHash('sha256').update(`${endpoint}\n${alt}`).digest('hex').slice(0, 32);
  return join(tmpdir(), `certcentral-orders-${key}.${suffix}`);
}

/**
 * How long after a send whose outcome no run learned (a timeout, a dropped connection, a 5xx,
 * an answer that could not be read, a run killed while sending) a run that does not find the
 * order by its alternative_order_id still does not send it again: CertCentral may still be
 * creating it after its gateway gave up (a 504), and lists it only once it has. The spec gives
 * no figure: ten minutes is what a careful user would wait before ordering again. `--resend`
 * sends at once.
 */
const SETTLE_MS = 10 * 60_000;

/**
 * The record that the order `alt` was sent and its outcome is not known yet: written (and
 * synced) before the POST, removed once the outcome is known (the order was created, found, or
 * refused for sure). A run that finds it younger than SETTLE_MS does not send the order again.
 */
const unsettled = {
  /** When the order was sent, as recorded; undefined when no send is unsettled. */
  at(alt) {
    let text;
    try { text = readFileSync(orderFile(alt, 'sent'), 'utf8'); } catch { return undefined; }
    const at = Date.parse(text.trim());
    // Unreadable: taken as sent now (the safe side).
    return Number.isFinite(at) ? at : Date.now();
  },
  mark(alt) {
    const path = orderFile(alt, 'sent');
    try {
      const fd = openSync(path, 'w');
      try {
        writeSync(fd, new Date().toISOString());
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw Object.assign(new Error(`cannot record the send in ${path}: ${e.code ?? e.message}; nothing was sent`), { kind: 'lock' });
    }
  },
  clear(alt) {
    try { rmSync(orderFile(alt, 'sent'), { force: true }); } catch { /* left: a later run finds the order, or waits it out */ }
  },
};

/**
 * The error when the order `alt` is not found, but an earlier send of it is unsettled (younger
 * than SETTLE_MS); undefined when it may be sent.
 */
function notYetError(alt, resend) {
  return unsettledError(alt, resend, (at, from) => `an earlier run sent this order at ${at} and never learned whether CertCentral created it; CertCentral does not list it (yet), so it is not sent again before ${from}: nothing was sent. Run the same command again (it looks the order up first), or with --resend to send it now.`, { mayExist: true });
}

/** As notYetError, for the reissue of order `id` (recorded under `key`): the order shows none
 * pending yet. */
function reissueNotYet(key, id, resend) {
  return unsettledError(key, resend, (at, from) => `an earlier run requested this reissue at ${at} and never learned whether CertCentral took it; order ${id} shows no reissue pending (yet), so it is not requested again before ${from}: nothing was sent. Run the same command again (it reads the order first), or with --resend to request it now.`, { outcomeUnknown: true });
}

/** The `unsettled` error (`say(sent at, sent again from)`, with `marks`) while the send recorded
 * under `key` is younger than SETTLE_MS and not `resend`; else undefined. */
function unsettledError(key, resend, say, marks) {
  const at = unsettled.at(key);
  if (at === undefined || resend || Date.now() - at >= SETTLE_MS) return undefined;
  return Object.assign(new Error(say(isoSeconds(at), resendFrom(key))), { kind: 'unsettled', ...marks });
}

/** A time as the messages give it: UTC, to the second. */
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
/** From when a run sends the order `alt` again though CertCentral does not list it. */
const resendFrom = (alt) => isoSeconds((unsettled.at(alt) ?? Date.now()) + SETTLE_MS);

/**
 * Held while an order is looked up and sent, so two runs on this machine (`order`, `bulk`, with
 * any journal) never send the same order at once: a lookup cannot see an order whose POST is
 * still on its way. A file in the system's temporary directory named by a hash of the endpoint
 * and the alternative_order_id. `{ release }`, or `{ holder }`: the process placing it now.
 */
function lockOrder(alt) {
  const path = orderFile(alt, 'lock');
  let holder;
  try {
    holder = takeLock(path);
  } catch (e) {
    throw Object.assign(new Error(`cannot create the order's lock ${path}: ${e.code ?? e.message}; nothing was sent`), { kind: 'lock' });
  }
  if (holder !== 0) return { holder, path };
  let held = true;
  // Once, and only while the file is still this process's lock.
  return {
    release: () => {
      if (held && lockHolder(path) === process.pid) rmSync(path, { force: true });
      held = false;
    },
  };
}

/** What `order` and `bulk` report when another run is placing the same order. */
const inFlight = ({ holder, path }) => Object.assign(new Error(holder > 0
  ? `another run (process ${holder}) is placing this order now; nothing was sent: run again once it has ended (or remove ${path} if that process is not placing orders)`
  : `the order's lock ${path} changed hands while it was being taken; nothing was sent: run again`), { kind: 'in_flight' });

/** --poll-interval's default, as its help says. */
const DEFAULT_POLL_MS = 10_000;
/** What bulk's waits poll, at most, per second all together when they start, when CertCentral
 * refuses them the list of status changes: under half of its long window (1000 requests per 3
 * minutes), so orders still go out beside them. */
const WAIT_POLLS_PER_SECOND = 2;

/** Statuses after which an order will not be issued (lifecycle.md §1): Rust's
 * OrderStatus::is_final, written in by the package's build (scripts/build-pkg.mjs). */
const FINAL = new Set(/* FINAL_STATUSES */);

/** The download formats CertCentral documents (lifecycle.md §5): Rust's
 * lifecycle::DOWNLOAD_FORMATS, written in by the package's build. */
const DOWNLOAD_FORMATS = [].concat(/* DOWNLOAD_FORMATS */);

/** How the client's errors end when an order may have been created, a reissue requested or an
 * order canceled (its advice is the library's: look with getOrder or findOrdersByAlternativeId):
 * Rust's transport::ORDER_UNSURE, ORDER_UNSURE_ALT, ORDER_NOT_FOUND, REISSUE_UNSURE and
 * lifecycle::CANCEL_UNSURE, written in by the package's build. The command line gives its own
 * instead (unsure, advised). */
const UNSURE_HINTS = [].concat(/* UNSURE_HINTS */);

/** Errors of a send whose outcome is unknown, with the command line's advice in place of the
 * library's: `{ text, order }`, `order` when it is an order that may exist (`--json` says
 * `mayExist: true`); the message says what running again does. */
const unsureAdvice = new WeakMap();
/** Errors of the lookup before a send: the message says nothing was sent. */
const notSent = new WeakSet();
function unsure(e, alt) {
  return advised(e, ` The order may have been created: the same command, run again, looks it up first, and does not send it again before ${resendFrom(alt)} (unless given --resend).`, true);
}
/** `e` with the command line's advice `text` in place of the library's; `order`: an order may exist. */
function advised(e, text, order = false) {
  if (e !== null && typeof e === 'object') unsureAdvice.set(e, { text, order });
  return e;
}
/** Whether `e` (an error of placing an order) says the order may have been created. */
const mayExist = (e) => e?.mayExist === true || unsureAdvice.get(e)?.order === true;
/** Whether an order's send that failed with `e` created nothing: the client says so
 * (`outcomeUnknown` false: refused, invalid, rate-limited); anything else may have. */
const createdNothing = (e) => e instanceof cc.CertCentralError && !e.outcomeUnknown;

/**
 * The order CertCentral lists under `alt`, or undefined. Several orders can share one
 * alternative id (lifecycle.md §4): the newest that can still be issued is the one a run placed
 * or follows, else the newest of all (an old canceled order must not stand for a live one).
 */
async function findPlaced(api, alt, signal) {
  const found = await api.findOrdersByAlternativeId(alt, { signal });
  const newest = (list) => list.reduce((a, b) => (a === undefined || b.order_id > a.order_id ? b : a), undefined);
  return newest(found.filter((o) => !FINAL.has(o.status))) ?? newest(found);
}

// ------------------------------------------------------------------------------------------
// Commands

function cmdProducts({ values }) {
  const list = cc.products();
  if (values.json) return printJson(list), EXIT.ok;
  const c = colours(process.stdout);
  const w = Math.max(...list.map((p) => p.id.length));
  const f = Math.max(...list.map((p) => p.family.length));
  for (const p of list) {
    const retired = p.status === 'retired'
      ? c.dim(` (retired ${p.retiredOn ?? ''}${p.replacedBy?.length ? `; use ${p.replacedBy.join(', ')}` : ''})`)
      : p.supersededBy ? c.dim(` (DigiCert now sells ${p.supersededBy} in its place)`) : '';
    stdout(`${c.bold(p.id.padEnd(w))}  ${p.family.padEnd(f)}  ${p.name}${retired}`);
  }
  return EXIT.ok;
}

function cmdFields({ positionals: [product], values }) {
  needProduct(product, '<product>');
  const fields = cc.orderFields(product);
  if (values.json) return printJson(fields), EXIT.ok;
  const c = colours(process.stdout);
  const out = [];
  const walk = (list, depth) => {
    for (const f of list) {
      const facts = [f.kind];
      if (f.required) facts.push(c.bold('required'));
      else if (f.requiredWhen) facts.push(`required ${f.requiredWhen}`);
      if (f.allowed) facts.push(`${f.open ? 'known values' : 'one of'}: ${f.allowed.join(', ')}`);
      if (f.min !== undefined || f.max !== undefined) facts.push(`${f.min ?? ''}..${f.max ?? ''}`);
      if (f.minLength !== undefined || f.maxLength !== undefined) facts.push(`length ${f.minLength ?? 0}..${f.maxLength ?? ''}`);
      if (f.minItems !== undefined || f.maxItems !== undefined) facts.push(`items ${f.minItems ?? 0}..${f.maxItems ?? ''}`);
      if (f.format) facts.push(`format ${f.format}`);
      if (f.deprecated) facts.push(c.yellow(`deprecated: ${f.deprecated}`));
      out.push(`${'  '.repeat(depth)}${c.bold(f.path)}  ${c.dim(facts.join('; '))}`);
      if (f.help) out.push(`${'  '.repeat(depth + 1)}${f.help}`);
      if (f.fields) walk(f.fields, depth + 1);
      for (const choice of f.oneOf ?? []) {
        out.push(`${'  '.repeat(depth + 1)}${c.dim(`one of: ${choice.label}: ${choice.fields.join(', ')}`)}`);
      }
      if (f.items?.fields) walk(f.items.fields, depth + 1);
    }
  };
  walk(fields, 0);
  stdout(out.join('\n'));
  return EXIT.ok;
}

function cmdValidate({ positionals: [file], values }) {
  const product = needProduct(values.product);
  const today = checkToday(values.today);
  const order = readOrder(file);
  const report = cc.validateOrder(product, order, { today });
  if (values.json) {
    printJson(report);
  } else {
    const c = colours(process.stdout);
    const { errors, warnings } = countIssues(report.issues);
    const lines = issueLines(report.issues, c);
    const verdict = report.valid
      ? `${c.green('valid')}${warnings ? ` (${plural(warnings, 'warning')})` : ''}`
      : `${c.red('invalid')}: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}`;
    stdout([...lines, verdict].join('\n'));
  }
  return report.valid ? EXIT.ok : EXIT.failed;
}

/**
 * How a file is written at `path`: a new file, or a regular one in a folder this process may
 * write, is replaced whole (`atomic`: a file beside it, then renamed over it, so no reader ever
 * sees half of it); a link is followed to its file (certbot's `live/` links stay links); a
 * device, a FIFO or a file in a folder this process may not write is written through.
 */
function writeTarget(path) {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return { path, atomic: true };
  }
  if (st.isSymbolicLink()) {
    // A link to a file is followed to it; one to nothing there (a pipe's /proc name, a file
    // not made yet) is written through, as the system resolves it.
    let real;
    try {
      real = realpathSync(path);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
    return real !== undefined && existsSync(real) ? writeTarget(real) : { path, atomic: false };
  }
  if (st.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
  if (!st.isFile()) return { path, atomic: false };
  // Another owner's file (root's `root:ssl-cert 0640`, say) is written through: a file put in
  // its place would be this process's, and the group could no longer read it.
  const own = process.getuid === undefined || (st.uid === process.getuid() && st.gid === process.getgid());
  if (!own) return { path, atomic: false };
  try {
    accessSync(dirname(path), fsConstants.W_OK);
    return { path, atomic: true, mode: st.mode & 0o7777 };
  } catch {
    return { path, atomic: false };
  }
}

/**
 * `--out`: standard output's own names are `-`, so `>> file` appends and a pipe gets the
 * bytes (opened again by name, they would truncate the file, and a pipe's has no path).
 */
function outPath(out) {
  return ['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'].includes(out) ? '-' : out;
}

/** A usage error unless a file can be written at `path` (checked before anything is sent). */
function checkWritable(path, flag) {
  if (path === '-') return;
  try {
    if (path === '') throw Object.assign(new Error(), { code: 'an empty path' });
    const target = writeTarget(path);
    if (!target.atomic && existsSync(target.path)) {
      accessSync(target.path, fsConstants.W_OK); // a device, a pipe, another owner's file
    } else {
      // A new file: made in its folder (a link's where it points).
      const dir = dirname(target.atomic ? target.path : resolve(dirname(target.path), readlinkSync(target.path)));
      if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
      accessSync(dir, fsConstants.W_OK);
    }
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot write there (${e.code ?? e.message})`);
  }
}

/** Writes a download to `out` (see writeTarget), or to standard output for `-`. */
function writeDownload(download, out) {
  if (out === '-') {
    process.stdout.write(download.bytes);
    return;
  }
  let tmp;
  try {
    const target = writeTarget(out);
    if (!target.atomic) {
      writeFileSync(target.path, download.bytes);
      return;
    }
    tmp = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.tmp`);
    writeFileSync(tmp, download.bytes);
    // A file replaced keeps its permissions.
    if (target.mode !== undefined) chmodSync(tmp, target.mode);
    renameSync(tmp, target.path);
  } catch (e) {
    if (tmp !== undefined) rmSync(tmp, { force: true });
    throw new InputError(`cannot write ${out}: ${e.code ?? e.message}`);
  }
}

function downloadJson(d, out) {
  return { format: d.format, contentType: d.contentType, bytes: d.bytes.length, ...(out !== '-' && { path: out }) };
}

/** An `order` or a `reissue` (`what`) whose body has errors: its issues, and exit 1. */
function invalidBody(what, issues, json) {
  const c = colours(process.stderr);
  if (json) printJson({ error: { kind: 'validation', message: `the ${what} is invalid; nothing was sent`, issues } });
  else stderr([...issueLines(issues, c), `${c.red('invalid')}: nothing was sent`].join('\n'));
  return EXIT.failed;
}

/**
 * `--wait`, `--download` and `--out` of `order` and `reissue`, checked before anything is sent:
 * `{ wait, waiting }` (waitOptions), with `values.out` made a path.
 */
function followOptions(values) {
  values.out = outPath(values.out);
  if (values.download !== undefined && values.out === undefined) throw new UsageError('--download needs --out <path>');
  if (values.out !== undefined && values.download === undefined) throw new UsageError('--out goes with --download <format>');
  // Checked before the order is placed: a misspelt format would otherwise be refused only once
  // the certificate is issued. (`download` takes any name: the list may be longer.)
  if (values.download !== undefined && !DOWNLOAD_FORMATS.includes(values.download)) {
    throw new UsageError(`--download ${JSON.stringify(shown(values.download))}: not a format CertCentral documents (${DOWNLOAD_FORMATS.join(', ')}); for another, run without it and use \`${BIN} download\``);
  }
  if (values.json && values.out === '-') throw new UsageError('--out - writes the certificate to standard output, which --json uses: give a file');
  const wait = values.wait || values.download !== undefined;
  const waiting = waitOptions(values, wait);
  if (values.out !== undefined) checkWritable(values.out, '--out');
  return { wait, waiting };
}

async function cmdOrder({ positionals: [file], values }) {
  const product = needProduct(values.product);
  const today = checkToday(values.today);
  const { wait, waiting } = followOptions(values);
  const body = readOrder(file);
  const c = colours(process.stderr);
  const report = cc.validateOrder(product, body, { today });
  if (!report.valid) return invalidBody('order', report.issues, values.json);
  // Progress and warnings go to standard error, with --json too (standard output has the result).
  for (const line of issueLines(report.issues, c)) stderr(line);

  const api = client();
  const { alt, derived } = alternativeId(product, body);
  const order = derived ? { ...body, alternative_order_id: alt } : body;
  const result = { product, alternative_order_id: alt, existing: false };
  if (report.issues.length) result.warnings = report.issues;
  const lock = lockOrder(alt);
  if (lock.holder !== undefined) throw inFlight(lock);
  // Ctrl-C: the order placed is reported (with its id) before the command ends; the next run
  // goes on with it.
  const { signal, stopListening } = stoppable();
  try {
    return await placeAndFollow({ api, product, order, alt, today, values, wait, waiting, result, signal, unlock: lock.release });
  } finally {
    lock.release();
    stopListening();
  }
}

/**
 * A signal that Ctrl-C or SIGTERM aborts, so a command can say what it did before it ends; a
 * second Ctrl-C quits at once. `stopListening` ends it.
 */
function stoppable() {
  const stop = new AbortController();
  const stopListening = onInterrupt(() => {
    if (stop.signal.aborted) process.exit(EXIT.interrupted);
    stop.abort();
    stderr('stopping (Ctrl-C again quits at once)');
  });
  return { signal: stop.signal, stopListening };
}

/** Waits `ms`, or until `signal` fires: then rejects as the client's calls do (kind aborted). */
async function pause(ms, signal) {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw Object.assign(new Error('The request was aborted by the caller.'), { kind: 'aborted' });
  }
}

/**
 * Waits until the order `result.order_id` is issued, saying each change of its status on
 * standard error, then downloads its certificate when `--download` asks: `result` gets the
 * status, the certificate id and what was written.
 */
async function issuedAndDownloaded({ api, values, waiting, result, signal, expect = () => true }) {
  let last = result.status;
  let said = Date.now();
  const started = said;
  let info = await api.waitForIssuance(result.order_id, {
    ...waiting,
    signal,
    onStatus: (o) => {
      // A change, and otherwise a line every few minutes: a CI job that prints nothing for
      // ten minutes is taken for a hung one.
      if (o.status !== last || Date.now() - said >= HEARTBEAT_MS) {
        const still = o.status === last ? ` (still, after ${Math.round((Date.now() - started) / 60_000)} min)` : '';
        stderr(`order ${o.id}: ${shown(o.status)}${still}`);
        said = Date.now();
      }
      last = o.status;
    },
  });
  // Issued, but with the certificate this run waits for? (A reissue's order may be read once more
  // with the one before; a reissue canceled, rejected or replaced leaves another.)
  for (let reads = 0; !expect(info); reads++) {
    if (reads === 3) {
      throw Object.assign(new Error(`order ${result.order_id} is issued, but not with the certificate this reissue asks for (its CSR or names differ): the reissue was canceled, rejected or replaced by another; nothing was downloaded`), { kind: 'order_state' });
    }
    await pause(Math.min(waiting.intervalMs ?? 10_000, 10_000), signal);
    info = await api.waitForIssuance(result.order_id, { ...waiting, signal });
  }
  result.status = info.status;
  result.certificate_id = info.certificate?.id;
  if (values.download !== undefined) {
    const d = await api.downloadCertificate({ orderId: result.order_id }, { format: values.download, signal });
    writeDownload(d, values.out);
    result.download = downloadJson(d, values.out);
    if (values.out !== '-') stderr(`wrote ${values.out} (${d.format}, ${d.bytes.length} bytes)`);
  }
}

/** `order` once its body is valid: look it up, place it if new, and follow it as asked. */
async function placeAndFollow({ api, product, order, alt, today, values, wait, waiting, result, signal, unlock }) {
  let before;
  try {
    before = await findPlaced(api, alt, signal);
  } catch (e) {
    if (e?.kind === 'aborted') return interrupted(result, values.json);
    if (e !== null && typeof e === 'object') notSent.add(e);
    throw e;
  }
  if (before) {
    unsettled.clear(alt);
    result.existing = true;
    result.order_id = before.order_id;
    result.status = before.status;
    stderr(`already placed as order ${before.order_id} (${shown(before.status)}; alternative_order_id ${alt}): not ordering again`);
  } else {
    // Not listed, but an earlier run's send of it may still be creating it: not sent again yet.
    const notYet = notYetError(alt, values.resend);
    if (notYet) throw notYet;
    unsettled.mark(alt);
    let placed;
    try {
      placed = await api.orderCertificate(product, order, { today, signal });
    } catch (e) {
      // Aborted before an answer: the order may exist; the next run looks it up first.
      if (e?.kind === 'aborted') return interrupted(result, values.json, true);
      if (createdNothing(e)) {
        unsettled.clear(alt);
        throw e;
      }
      // It may have been created (a 5xx or a timeout after the client's own lookups): looked
      // up once more, now, before it is called failed.
      const again = await findPlaced(api, alt, signal).catch(() => undefined);
      if (!again) throw unsure(e, alt);
      placed = { id: again.order_id, recovered: true };
    }
    unsettled.clear(alt);
    result.order_id = placed.id;
    // The 201 body tells the request's status (pending, approved, ...), not the order's.
    if (placed.requests?.[0]) Object.assign(result, { request_id: placed.requests[0].id, request_status: placed.requests[0].status });
    if (placed.certificate_id !== undefined) result.certificate_id = placed.certificate_id;
    result.response = placed;
    const request = result.request_status ? ` (request ${shown(result.request_status)})` : '';
    stderr(`placed order ${placed.id}${request}${placed.recovered ? '; its answer was lost, so it was found by its alternative_order_id' : ''}`);
  }
  // Known to CertCentral from here on: another run's lookup finds it.
  unlock();
  // The order exists from here on: whatever fails now is reported with its id (exit 1).
  try {
    if (wait) {
      await issuedAndDownloaded({ api, values, waiting, result, signal });
    } else if (result.existing) {
      // Found placed before: one that can no longer be issued is not a success.
      const ended = await endedError(api, result.order_id, signal);
      if (ended) throw ended;
    }
  } catch (e) {
    if (e?.kind === 'aborted') return interrupted(result, values.json);
    // An order that will not be issued: running again would not help (the same body is not
    // ordered twice; messageOf says what to do); otherwise the next run goes on with the order.
    const next = e?.kind === 'order_state' ? '' : `\norder ${result.order_id} was placed; run the same command again to go on with it`;
    if (values.json) printJson({ ...result, error: errorJson(e) });
    else stderr(`${errorText(e, colours(process.stderr))}${next}`);
    return EXIT.failed;
  }
  if (values.json) printJson(result);
  else if (values.out !== '-') {
    // The order's status when it is known (found placed, or waited for); a new order's 201 body
    // tells only its request's status (pending, approved, ...), which is not the order's.
    const request = result.request_status === undefined ? '' : ` (request ${shown(result.request_status)})`;
    stdout(`order ${result.order_id}: ${result.status === undefined ? `placed${request}` : shown(result.status)}`);
  }
  return EXIT.ok;
}

/** Ctrl-C during `order`: what is known of the order, then exit 130. */
function interrupted(result, json, sending = false) {
  const message = result.order_id === undefined && !sending
    ? 'interrupted before the order was sent: run the same command again'
    : result.order_id === undefined
    ? `interrupted before CertCentral answered: the order may have been placed; run the same command again (it looks the order up first, and does not send it again before ${resendFrom(result.alternative_order_id)} unless given --resend)`
    : `interrupted: order ${result.order_id} was placed; run the same command again to go on with it`;
  if (json) printJson({ ...result, error: { kind: 'interrupted', message } });
  else stderr(message);
  return EXIT.interrupted;
}

/** Runs `call` with a signal that Ctrl-C or SIGTERM aborts (the command then ends with 130). */
async function interruptible(call) {
  const stop = new AbortController();
  const stopListening = onInterrupt(() => stop.abort());
  try {
    return await call(stop.signal);
  } finally {
    stopListening();
  }
}

async function cmdStatus({ positionals: [id], values }) {
  id = orderId(id);
  const info = await interruptible((signal) => client().getOrder(id, { signal }));
  if (values.json) return printJson(info), EXIT.ok;
  const c = colours(process.stdout);
  const cert = info.certificate ?? {};
  const lines = [`order ${c.bold(info.id)}: ${info.status === 'issued' ? c.green(info.status) : shown(info.status)}`];
  if (info.product?.name_id) lines.push(`  product: ${shown(info.product.name ?? '')} (${shown(info.product.name_id)})`);
  if (cert.common_name) lines.push(`  common name: ${shown(cert.common_name)}`);
  if (cert.dns_names?.length) lines.push(`  DNS names: ${shown(cert.dns_names.join(', '))}`);
  if (cert.id !== undefined) lines.push(`  certificate: ${cert.id}`);
  if (cert.valid_till) lines.push(`  valid: ${shown(cert.valid_from ?? '?')} to ${shown(cert.valid_till)}`);
  stdout(lines.join('\n'));
  return EXIT.ok;
}

/** A CSR as a key: its base64 alone, without the BEGIN/END lines or white space (CertCentral may
 * give it back on one line, or without them). */
const csrKey = (csr) => {
  const key = typeof csr === 'string' ? csr.replace(/-----[^-]*-----|\s+/g, '') : '';
  return key === '' ? undefined : key;
};

/**
 * Whether the order's certificate (`info`, getOrder's answer) is already what the reissue
 * `body` asks for: its CSR and, where the body gives them, its names (DNS names compared without
 * case, and counted with the common name, which CertCentral may list among them or not).
 */
function reissuedAs(info, body) {
  const want = body?.certificate ?? {};
  const have = info?.certificate ?? {};
  if (csrKey(want.csr) === undefined || csrKey(want.csr) !== csrKey(have.csr)) return false;
  const lower = (n) => (typeof n === 'string' ? n.toLowerCase() : n);
  if (want.common_name !== undefined && lower(want.common_name) !== lower(have.common_name)) return false;
  const names = (c) => JSON.stringify([...new Set([c.common_name, ...(Array.isArray(c.dns_names) ? c.dns_names : [])].filter(Boolean).map(lower))].sort());
  return want.dns_names === undefined || names({ ...want, common_name: want.common_name ?? have.common_name }) === names(have);
}

/**
 * Whether the reissue pending on an order is the body's, by the order's reissue list (lifecycle.md
 * §8): "this" when a pending entry has the body's CSR, "other" when the pending ones have another
 * CSR (a reissue someone else requested: sending this one would replace it), "none" when the list
 * shows nothing pending (it was issued or dropped since the order was read: read it again), and
 * "unknown" when the body has no CSR or the pending entries none (taken as this body's then; a
 * wait checks the certificate issued against the body). `why` says why it cannot tell. A list
 * that cannot be read fails the run.
 */
async function pendingReissue(api, id, body, signal) {
  const want = csrKey(body.certificate.csr);
  if (want === undefined) return { mine: 'unknown', why: 'this body has no CSR to tell it by' };
  const pending = (await api.listReissues(id, { signal })).filter((r) => r.status === 'pending');
  const withCsr = pending.filter((r) => csrKey(r.csr) !== undefined);
  if (withCsr.some((r) => csrKey(r.csr) === want)) return { mine: 'this' };
  if (withCsr.length) return { mine: 'other', since: withCsr[0].date_created };
  return pending.length
    ? { mine: 'unknown', why: 'the list of its reissues does not show its CSR' }
    : { mine: 'none', why: 'the list of its reissues shows none pending' };
}

async function cmdReissue({ positionals: [id, file], values }) {
  id = orderId(id);
  const today = checkToday(values.today);
  const { wait, waiting } = followOptions(values);
  const body = readOrder(file);
  // The rules check a body once it is sent (reissueOrder); one that is no reissue at all is
  // refused before anything, a pending reissue or not.
  if (body.certificate === null || typeof body.certificate !== 'object' || Array.isArray(body.certificate)) {
    throw new InputError('a reissue body is {"certificate": {"csr": "...", "common_name": "...", "dns_names": [...]}}: "certificate" is missing or not an object');
  }
  const api = client();
  const result = { order_id: Number(id), reissued: false };
  // One run at a time sends a reissue of an order (on this machine): the second would replace
  // the first. The send is recorded under the same key while its outcome is unknown.
  const key = `reissue ${id}`;
  const lock = lockOrder(key);
  if (lock.holder !== undefined) {
    throw Object.assign(new Error(`another run is reissuing order ${id} now (its lock: ${lock.path}); nothing was sent: run again once it has ended`), { kind: 'in_flight' });
  }
  const { signal, stopListening } = stoppable();
  const ended = (message, sent = false) => {
    const text = `interrupted ${message}${sent ? `: the reissue may have been requested; run the same command again (it reads the order first, and does not request it again while it is pending, nor before ${resendFrom(key)} unless given --resend)` : ''}`;
    if (values.json) printJson({ ...result, error: { kind: 'interrupted', message: text, ...(sent && { outcomeUnknown: true }) } });
    else stderr(text);
    return EXIT.interrupted;
  };
  try {
    let info;
    try {
      info = await api.getOrder(id, { signal });
    } catch (e) {
      if (e?.kind === 'aborted') return ended('before anything was sent');
      throw e;
    }
    const product = typeof info.product?.name_id === 'string' ? info.product.name_id : undefined;
    // The body is checked whatever the order's state, pending or reissued before too: the client
    // checks it before anything is sent, and with a signal already aborted sends nothing.
    const check = await api.reissueOrder(id, body, { product, today, signal: AbortSignal.abort() }).catch((e) => e);
    if (check?.kind === 'validation') return invalidBody('reissue', check.issues, values.json);
    // The certificate this run waits for: the body's, by its CSR and names; without a CSR, told
    // only by its id: not the one there now.
    const before = info.certificate?.id;
    const expect = csrKey(body.certificate.csr) === undefined ? (o) => o?.certificate?.id !== before : (o) => reissuedAs(o, body);
    // A reissue the order showed pending and its list does not (issued or dropped in between):
    // the order is read again, a few times at most, and looked at anew.
    let pending;
    for (let reads = 1; info.status === 'reissue_pending'; reads++) {
      try {
        pending = await pendingReissue(api, id, body, signal);
        if (pending.mine !== 'none' || reads === 3) break;
        info = await api.getOrder(id, { signal });
      } catch (e) {
        if (e?.kind === 'aborted') return ended('before anything was sent');
        throw advised(e, 'Nothing was sent: the order has a reissue pending, and the list of its reissues tells whether it is this one.');
      }
    }
    if (info.status === 'reissue_pending') {
      if (pending.mine === 'other') {
        throw Object.assign(new Error(`order ${id}: another reissue is pending${typeof pending.since === 'string' ? ` (requested ${shown(pending.since)})` : ''}, with another CSR: nothing was sent, since this one would replace it. To replace it, cancel it first (${BIN} cancel ${id} --note ...), then run this again`), { kind: 'order_state', orderStatus: 'reissue_pending' });
      }
      unsettled.clear(key);
      result.pending = true;
      stderr(pending.mine === 'this'
        ? `order ${id}: a reissue with this CSR is pending (requested before): not requested again`
        : `order ${id}: a reissue is pending (requested before; ${pending.why}; with --wait its certificate is checked against this body once issued): not requested again (to request another, cancel it first: ${BIN} cancel ${id} --note ...)`);
    } else if (info.status === 'issued' && reissuedAs(info, body)) {
      unsettled.clear(key);
      result.already = true;
      stderr(`order ${id}: its certificate already has this CSR and these names (reissued before): nothing sent`);
    } else {
      const notYet = reissueNotYet(key, id, values.resend);
      if (notYet) throw notYet;
      unsettled.mark(key);
      let reissue;
      try {
        reissue = await api.reissueOrder(id, body, { product, today, signal });
      } catch (e) {
        if (e?.kind === 'aborted') return ended('before CertCentral answered', e.outcomeUnknown === true);
        if (!e?.outcomeUnknown) {
          unsettled.clear(key);
          throw e;
        }
        // Its answer was lost: the order tells whether it was requested.
        const again = await api.getOrder(id, { signal }).catch(() => undefined);
        if (again?.status !== 'reissue_pending' && !reissuedAs(again, body)) {
          throw advised(e, ` The reissue may have been requested: the same command, run again, reads the order first, and does not request it again while it is pending, nor before ${resendFrom(key)} (unless given --resend).`);
        }
        reissue = { id: Number(id), recovered: true };
      }
      unsettled.clear(key);
      result.reissued = true;
      if (reissue.requests?.[0]) Object.assign(result, { request_id: reissue.requests[0].id, request_status: reissue.requests[0].status });
      stderr(`order ${id}: reissue requested${result.request_status ? ` (request ${shown(result.request_status)})` : ''}${reissue.recovered ? '; its answer was lost, and the order shows it pending' : ''}`);
    }
    lock.release();
    try {
      if (wait) await issuedAndDownloaded({ api, values, waiting, result, signal, expect });
    } catch (e) {
      if (e?.kind === 'aborted') return ended('while waiting');
      if (values.json) printJson({ ...result, error: errorJson(e) });
      else stderr(`${errorText(e, colours(process.stderr))}\nrun the same command again to go on with it`);
      return EXIT.failed;
    }
    if (values.json) printJson(result);
    else if (values.out !== '-') stdout(`order ${id}: ${result.status === undefined ? (result.pending ? 'reissue pending' : result.already ? 'reissued' : 'reissue requested') : shown(result.status)}`);
    return EXIT.ok;
  } finally {
    lock.release();
    stopListening();
  }
}

/** CertCentral's answers of a check that mean a token is not found yet (lifecycle.md §9). */
const DCV_NOT_YET = ['invalid_dns_txt', 'file_random_value_not_found'];

/** Whether a check-dcv answer says every domain passed: its DCV status, each name's, or the order issued. */
const dcvPassed = (dcv) => dcv?.dcv_status === 'valid' || dcv?.order_status === 'issued'
  || (Array.isArray(dcv?.dns_name_validations) && dcv.dns_name_validations.length > 0 && dcv.dns_name_validations.every((v) => v?.status === 'approved'));

async function cmdCheckDcv({ positionals: [id], values }) {
  id = orderId(id);
  const waiting = waitOptions(values);
  const timeoutMs = waiting.timeoutMs ?? 15 * 60_000;
  let interval = waiting.intervalMs ?? 10_000;
  const check = (signal) => client().checkDcv(id, { signal });
  const dcv = await interruptible(async (signal) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let answer;
      try {
        answer = await check(signal);
      } catch (e) {
        // A token not found yet is the same as pending, while waiting; any other error ends it.
        if (!values.wait || !(e instanceof cc.CertCentralError) || !e.errors?.length || !e.errors.every((x) => DCV_NOT_YET.includes(x.code))) throw e;
      }
      if (answer && (!values.wait || dcvPassed(answer))) return answer;
      if (Date.now() + interval > deadline) {
        if (answer) return answer;
        throw Object.assign(new Error(`order ${id}: the domains were not validated within ${Number((timeoutMs / 60_000).toFixed(2))} min (CertCentral finds no token yet)`), { kind: 'timeout' });
      }
      stderr(`order ${id}: ${answer ? `DCV ${shown(answer.dcv_status ?? answer.order_status ?? '?')}` : 'no token found yet'}; checking again in ${Math.round(interval / 1000)} s`);
      await pause(interval, signal);
      interval = Math.min(interval * 1.5, 5 * 60_000);
    }
  });
  const passed = dcvPassed(dcv);
  if (values.json) return printJson({ order_id: Number(id), passed, dcv }), passed ? EXIT.ok : EXIT.failed;
  const c = colours(process.stdout);
  const mark = (status) => (status === 'approved' || status === 'valid' || status === 'issued' ? c.green(shown(status)) : shown(status ?? '?'));
  const lines = [`order ${c.bold(id)}: ${mark(dcv.order_status)}${dcv.dcv_status === undefined ? '' : ` (DCV ${mark(dcv.dcv_status)})`}`];
  for (const v of dcv.dns_name_validations ?? []) lines.push(`  ${shown(v?.dns_name ?? '?')}: ${mark(v?.status)}`);
  if (dcv.certificate_id !== undefined && dcv.order_status === 'issued') lines.push(`  certificate: ${dcv.certificate_id}`);
  stdout(lines.join('\n'));
  return passed ? EXIT.ok : EXIT.failed;
}

async function cmdCancel({ positionals: [id], values }) {
  id = orderId(id);
  const note = values.note?.trim();
  if (!note) throw new UsageError('--note <text> is required: CertCentral asks why an order is canceled');
  // A pending reissue canceled leaves the order issued: it is that which was canceled.
  const done = ({ already = false, reissue = false }) => {
    const status = reissue ? 'issued' : 'canceled';
    if (values.json) printJson({ order_id: Number(id), status, already, ...(reissue && { reissueCanceled: true }) });
    else stdout(`order ${id}: ${reissue ? 'its pending reissue canceled (the order stays issued)' : `canceled${already ? ' (before this run; nothing sent)' : ''}`}`);
    return EXIT.ok;
  };
  return interruptible(async (signal) => {
    const api = client();
    // Read first: a re-run after a cancel whose answer was lost finds it done, where a second
    // cancel would be refused (the order is no longer pending).
    const info = await api.getOrder(id, { signal });
    const { status } = info;
    if (status === 'canceled') return done({ already: true });
    if (status === 'issued') {
      throw Object.assign(new Error(`order ${id} is issued: there is nothing to cancel (an issued certificate is revoked, not canceled; a reissue of it canceled before leaves it issued); nothing was sent`), { kind: 'order_state' });
    }
    try {
      await api.cancelOrder(id, { note, signal });
    } catch (e) {
      if (!e?.outcomeUnknown || e.kind === 'aborted') throw e;
      // Its answer was lost: the order tells.
      const now = await api.getOrder(id, { signal }).catch(() => undefined);
      // A reissue canceled leaves the certificate there was; one issued meanwhile, a new one.
      const reissueDropped = status === 'reissue_pending' && now?.status === 'issued' && now.certificate?.id === info.certificate?.id;
      if (now?.status === 'canceled' || reissueDropped) return done({ reissue: reissueDropped });
      throw advised(e, ' It may have been canceled: the same command, run again, reads the order first, and reports it if it was.');
    }
    return done({ reissue: status === 'reissue_pending' });
  });
}

async function cmdDownload({ positionals: [id], values }) {
  id = orderId(id);
  if (values.format === undefined || values.format === '') throw new UsageError(`--format <format> is required (CertCentral documents ${DOWNLOAD_FORMATS.join(', ')})`);
  values.out = outPath(values.out);
  if (values.out === undefined) throw new UsageError('--out <path> is required (- for standard output)');
  if (values.json && values.out === '-') throw new UsageError('--out - writes to standard output, which --json uses: give a file');
  checkWritable(values.out, '--out');
  const d = await interruptible((signal) => client().downloadCertificate({ orderId: id }, { format: values.format, signal }));
  writeDownload(d, values.out);
  if (values.json) printJson({ order_id: Number(id), ...downloadJson(d, values.out) });
  else if (values.out !== '-') stdout(`wrote ${values.out} (${d.format}, ${d.bytes.length} bytes)`);
  return EXIT.ok;
}

// ------------------------------------------------------------------------------------------
// bulk

/**
 * Appends one JSON event per line and syncs it to disk before the call it records goes on. A
 * lock file beside it keeps two runs from working on the same journal at once.
 */
class Journal {
  constructor(path) {
    this.path = path;
    this.lockPath = `${path}.lock`;
    Journal.lock(this.lockPath, path);
    try {
      this.fd = openSync(path, 'a+');
      // A line torn by a kill mid-write is ended, so the next event starts a line of its own.
      const size = statSync(path).size;
      const last = Buffer.alloc(1);
      if (size > 0 && readSync(this.fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0A) writeSync(this.fd, '\n');
    } catch (e) {
      this.unlock();
      throw new UsageError(`cannot write the journal ${path}: ${e.code ?? e.message}`);
    }
    this.release = () => this.unlock();
    process.on('exit', this.release);
  }
  /**
   * Throws a `journal` error when the line is not all on disk (a full disk, a file size limit:
   * the write may stop part-way, so its count is checked); the run then ends (cmdBulk). What
   * was written of it is cut off again, so a later line is not glued to it, and every later
   * write throws the same error: nothing is sent once the journal has failed, even if the disk
   * has room again.
   */
  write(event) {
    if (this.broken) throw this.broken;
    const line = Buffer.from(`${JSON.stringify({ at: new Date().toISOString(), ...event, ...(this.account && { account: this.account }) })}\n`);
    let size;
    try {
      size = fstatSync(this.fd).size;
      if (writeSync(this.fd, line) !== line.length) throw new Error('only part of a line was written');
      fsyncSync(this.fd);
    } catch (e) {
      try {
        if (size !== undefined) ftruncateSync(this.fd, size);
      } catch {}
      this.broken = Object.assign(new Error(`cannot write the journal ${this.path}: ${e.code ?? e.message}; the run stops (orders placed meanwhile are found by their alternative_order_id when it runs again)`), { kind: 'journal' });
      throw this.broken;
    }
  }
  close() {
    closeSync(this.fd);
    this.unlock();
    process.off('exit', this.release);
  }
  unlock() { rmSync(this.lockPath, { force: true }); }

  /** Takes the lock, or fails (exit 2) while another live process holds it; a dead one's is taken over. */
  static lock(lockPath, path) {
    let holder;
    try {
      holder = takeLock(lockPath);
    } catch (e) {
      throw new UsageError(`cannot create ${lockPath}: ${e.code ?? e.message}`);
    }
    if (holder === 0) return;
    // Another run at work is a passing state (exit 1, as for an order another run is placing),
    // not a misuse of the command.
    throw Object.assign(new Error(holder > 0
      ? `another bulk run (process ${holder}) is using the journal ${path}; wait for it to end (or remove ${lockPath} if that process is not a bulk run)`
      : `cannot take the lock ${lockPath}`), { kind: 'in_flight' });
  }

  /**
   * What earlier runs recorded as placed and issued (with the certificate's id), per
   * alternative_order_id, for `account` (accountOf: the endpoint and key this run uses): what a
   * run against another CertCentral or account recorded says nothing of this one, and is
   * counted in `seen.otherAccount` instead.
   * Lines written before journals named their account count as this one's. Unreadable lines are
   * skipped.
   */
  static read(path, account) {
    const seen = new Map();
    seen.otherAccount = 0;
    if (!existsSync(path)) return seen;
    let text;
    try { text = readFileSync(path, 'utf8'); } catch (e) { throw new UsageError(`cannot read the journal ${path}: ${e.code ?? e.message}`); }
    for (const line of text.split('\n')) {
      let e;
      try { e = JSON.parse(line); } catch { continue; }
      if (!e || typeof e.alt !== 'string' || !Number.isSafeInteger(e.order_id)) continue;
      if (typeof e.account === 'string' && e.account !== account) {
        seen.otherAccount += 1;
        continue;
      }
      const s = seen.get(e.alt) ?? {};
      if (e.event === 'placed') s.placed = e.order_id;
      else if (e.event === 'issued') Object.assign(s, { placed: e.order_id, issued: true, certificate_id: e.certificate_id });
      else if (e.event === 'ended') Object.assign(s, { placed: e.order_id, ended: typeof e.status === 'string' ? e.status : 'ended' });
      seen.set(e.alt, s);
    }
    return seen;
  }
}

/**
 * Reads and checks every line; returns the orders, or the lines' problems, and the lines' text.
 * A line's keys other than product and order are not read (a failures file's "failure" among
 * them).
 */
function readBulk(path, today) {
  const text = readInput(path, MAX_BULK_BYTES);
  const items = [];
  const problems = [];
  const byAlt = new Map();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let entry;
    try {
      entry = JSON.parse(raw);
    } catch (e) {
      problems.push({ line, reason: `not JSON: ${e.message}` });
      return;
    }
    const { product, order } = entry ?? {};
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || typeof product !== 'string'
      || order === null || typeof order !== 'object' || Array.isArray(order)) {
      problems.push({ line, reason: 'each line is {"product": "<id>", "order": {...}}' });
      return;
    }
    const inexact = inexactInteger(order);
    if (inexact !== undefined) {
      problems.push({ line, product, reason: inexactMessage(inexact) });
      return;
    }
    const report = cc.validateOrder(product, order, { today });
    if (!report.valid) {
      problems.push({ line, product, reason: 'invalid order', issues: report.issues });
      return;
    }
    const { alt, derived } = alternativeId(product, order);
    if (byAlt.has(alt)) {
      problems.push({
        line, product, alternative_order_id: alt,
        reason: derived ? `the same order as line ${byAlt.get(alt)} (give each its own alternative_order_id to order both)`
          : `alternative_order_id ${alt} is on line ${byAlt.get(alt)} too`,
      });
      return;
    }
    byAlt.set(alt, line);
    items.push({
      line, product, alt, warnings: report.issues,
      order: derived ? { ...order, alternative_order_id: alt } : order,
    });
  });
  // An empty file is most likely a step before this one that failed: not a run with nothing to do.
  if (items.length === 0 && problems.length === 0) {
    throw new InputError(`${path === '-' ? 'standard input' : path} holds no orders (no line that is not blank): nothing was sent`);
  }
  return { items, problems, lines };
}

/**
 * A failed line as the failures file holds it, which `bulk` reads again as that line: the
 * line's own keys, and what failed under "failure" (not read as input). A line that is not a
 * JSON object keeps its text in failure.text.
 */
function failedLine(raw, { product: _, ...failure }) {
  let entry;
  try { entry = JSON.parse(raw); } catch { /* not JSON: kept as text */ }
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry)
    ? { ...entry, failure } : { failure: { ...failure, text: raw.replace(/\r$/, '') } };
}

/** The progress display: a bar redrawn on a TTY, one plain line per event otherwise. */
/** How often a wait with nothing new says it is still waiting, off a terminal. */
const HEARTBEAT_MS = 5 * 60_000;

class Progress {
  constructor(total, { quiet }) {
    this.tty = Boolean(process.stderr.isTTY) && !quiet;
    this.quiet = quiet;
    this.c = colours(process.stderr);
    this.total = total;
    this.counts = { placed: 0, unplaced: 0, failed: 0, waiting: 0, issued: 0 };
    this.sentThisRun = 0;
    this.start = Date.now();
    this.drawn = 0;
    // Off a terminal, a line every few minutes while orders are awaited and nothing else is said.
    this.said = Date.now();
    this.heartbeat = this.tty || quiet ? undefined : setInterval(() => {
      if (this.counts.waiting > 0 && Date.now() - this.said >= HEARTBEAT_MS) {
        this.event(`waiting for ${plural(this.counts.waiting, 'order')} to be issued (${this.counts.issued} issued so far)`);
      }
    }, 30_000);
    this.heartbeat?.unref();
  }
  event(text) {
    if (this.tty) this.draw();
    else if (!this.quiet) {
      stderr(text);
      this.said = Date.now();
    }
  }
  /** A line worth reading on a terminal too: written above the bar. */
  notice(text) {
    if (this.tty) {
      process.stderr.write(`\r\x1b[K${text}\n`);
      this.draw(true);
    } else this.event(text);
  }
  draw(force = false) {
    if (!this.tty) return;
    const now = Date.now();
    if (!force && now - this.drawn < 100) return;
    this.drawn = now;
    const { placed, unplaced, failed, waiting, issued } = this.counts;
    const done = placed + unplaced;
    const width = 24;
    const filled = Math.round((done / Math.max(this.total, 1)) * width);
    const rate = this.sentThisRun / Math.max((now - this.start) / 1000, 0.001);
    const c = this.c;
    const bar = c.green('#'.repeat(filled)) + c.dim('-'.repeat(width - filled));
    const parts = [`${done}/${this.total}`, `placed ${placed}`, failed ? c.red(`failed ${failed}`) : 'failed 0',
      `waiting ${waiting}`, ...(issued ? [`issued ${issued}`] : []), `${rate.toFixed(1)}/s`];
    process.stderr.write(`\r\x1b[K[${bar}] ${parts.join(' · ')}`);
  }
  end() {
    clearInterval(this.heartbeat);
    if (this.tty) {
      this.draw(true);
      process.stderr.write('\n');
    }
  }
}

async function cmdBulk({ positionals: [file], values }) {
  const today = checkToday(values.today);
  const concurrency = number('--concurrency', values.concurrency, { min: 1, max: 32, integer: true }) ?? 4;
  const waiting = waitOptions(values);
  if (file === '-' && values.journal === undefined) {
    throw new UsageError('bulk - (standard input) needs --journal <path>: a re-run finds what was placed through it');
  }
  const journalPath = values.journal ?? `${file}.journal`;
  const failuresPath = values.failures ?? (file === '-' ? `${journalPath}.failures.ndjson` : `${file}.failures.ndjson`);
  const c = colours(process.stderr);
  checkWritable(journalPath, '--journal');
  checkWritable(failuresPath, '--failures');
  const { items, problems, lines: inputLines } = readBulk(file, today);
  /** Writes (or, with none, removes) the failures file, a failed line each; answers why it could not. */
  const writeFailures = (failures) => {
    try {
      if (failures.length === 0) rmSync(failuresPath, { force: true });
      else writeFileSync(failuresPath, failures.map((f) => JSON.stringify(failedLine(inputLines[f.line - 1], f))).join('\n') + '\n');
      return undefined;
    } catch (e) {
      return `cannot write ${failuresPath}: ${e.code ?? e.message}`;
    }
  };
  if (problems.length > 0) {
    writeFailures(problems);
    if (values.json) {
      printJson({ error: { kind: 'validation', message: `${plural(problems.length, 'line')} cannot be ordered; nothing was sent`, lines: problems }, failuresFile: failuresPath });
    } else {
      for (const p of problems) {
        stderr(`line ${p.line}: ${shown(p.reason)}`);
        for (const l of issueLines(p.issues ?? [], c, '  ')) stderr(l);
      }
      stderr(`${c.red('nothing was sent')}: ${plural(problems.length, 'line')} of ${items.length + problems.length} cannot be ordered (written to ${failuresPath})`);
    }
    return EXIT.failed;
  }

  const api = client();
  const journal = new Journal(journalPath);
  const account = accountOf();
  journal.account = account;
  const seen = Journal.read(journalPath, account);
  const progress = new Progress(items.length, { quiet: false });
  if (seen.otherAccount > 0) {
    stderr(`journal ${journalPath}: ${seen.otherAccount} ${seen.otherAccount === 1 ? 'entry' : 'entries'} of a run against another CertCentral endpoint or API key ignored; each order is looked up here before it is sent`);
  }
  // What validation warns of, before anything is sent (the summary carries it too).
  if (!values.json) {
    for (const it of items) {
      if (it.warnings.length === 0) continue;
      stderr(`line ${it.line}:`);
      for (const l of issueLines(it.warnings, c, '  ')) stderr(l);
    }
  }
  const results = new Map(items.map((it) => [it.alt, {
    line: it.line, product: it.product, alternative_order_id: it.alt, ...(it.warnings.length && { warnings: it.warnings }),
  }]));
  const failures = [];
  let stopping = false;
  // One controller per wait (a shared signal would collect a listener per call).
  const waits = new Set();
  const onSigint = () => {
    if (stopping) process.exit(EXIT.interrupted);
    stopping = true;
    for (const w of waits) w.abort();
    progress.end();
    stderr('stopping: no new orders; those in flight finish (Ctrl-C again quits at once; the journal keeps them)');
  };
  const stopListening = onInterrupt(onSigint);

  // A failed wait leaves the order placed (it exists: rejected, say, or still pending).
  const fail = (it, e, stage) => {
    const r = results.get(it.alt);
    const err = errorJson(e);
    Object.assign(r, { ...(stage !== 'wait' && { state: 'failed' }), stage, error: err });
    failures.push({ line: it.line, product: it.product, alternative_order_id: it.alt, stage, reason: err.message, error: err });
    progress.counts.failed += 1;
    if (stage !== 'wait') progress.counts.unplaced += 1;
    progress.event(`line ${it.line}: ${c.red('failed')} (${stage}): ${shown(err.message)}`);
  };

  // Each order's wait starts once it is placed (or found placed), beside the others and the
  // orders still being sent: --wait-timeout counts from there for each. They follow the
  // account's status changes (the client asks for them once per poll interval for all of its
  // waits), so a thousand waits do not take the rate budget from the orders still to be sent;
  // the one client's rate budget keeps the reads of the orders that changed inside
  // CertCentral's limits. When CertCentral refuses the list (a key without the right, say),
  // each wait reads its order, and the more waits run, the longer each one's first interval
  // (WAIT_POLLS_PER_SECOND).
  // Asked once, when the first wait starts (Ctrl-C stops it with the waits). Refused as the
  // client takes a refusal (a 4xx other than 408 or 429); anything else, a timeout or a 5xx,
  // leaves the waits to the list, which each falls back from on its own.
  let following;
  let listRefused; // why, for the summary: a script reads it there, not in the notice
  const followChanges = () => following ??= (async () => {
    const asking = new AbortController();
    waits.add(asking);
    try {
      await api.statusChanges({ minutes: 1, signal: asking.signal });
      return true;
    } catch (e) {
      // Refused (a 4xx other than 408; a 429 is `rate_limited`): each wait reads its order.
      const refused = e instanceof cc.CertCentralError && e.kind === 'api' && e.status >= 400 && e.status < 500 && e.status !== 408;
      if (!refused) return true;
      listRefused = messageOf(e);
      if (!stopping) progress.notice(`no list of status changes from CertCentral (${shown(e.message)}): each wait reads its order, ${WAIT_POLLS_PER_SECOND} reads a second in all when they start`);
      return false;
    } finally {
      waits.delete(asking);
    }
  })();
  // A journal that cannot be written (or anything unforeseen) ends the run at once: no new
  // orders, the waits stopped; those in flight finish, and the summary says what was placed.
  let halted;
  const halt = (e) => {
    if (halted) return;
    halted = e;
    for (const w of waits) w.abort();
    progress.notice(`stopping: no new orders, no more waits; those in flight finish (why: ${values.json ? 'in the summary' : 'below'})`);
  };
  const waitsRunning = [];
  const startWait = (it, id) => {
    if (stopping || halted) return;
    waitsRunning.push(waitFor(it, id).catch(halt));
  };
  const waitFor = async (it, id) => {
    const r = results.get(it.alt);
    progress.counts.waiting += 1;
    progress.draw();
    const stop = new AbortController();
    waits.add(stop);
    try {
      const statusChanges = await followChanges();
      const spaced = statusChanges ? 0 : Math.ceil((waits.size * 1000) / WAIT_POLLS_PER_SECOND);
      const intervalMs = Math.max(waiting.intervalMs ?? DEFAULT_POLL_MS, spaced);
      const info = await api.waitForIssuance(id, { ...waiting, intervalMs, statusChanges, signal: stop.signal });
      // The result first: when the journal cannot be written, the summary still has it.
      Object.assign(r, { state: 'issued', status: info.status, certificate_id: info.certificate?.id });
      progress.counts.issued += 1;
      progress.event(`line ${it.line}: issued (order ${id})`);
      journal.write({ alt: it.alt, line: it.line, event: 'issued', order_id: id, certificate_id: info.certificate?.id });
    } catch (e) {
      if (e?.kind === 'journal') throw e;
      if (e?.kind !== 'aborted') fail(it, e, 'wait');
      // One that will not be issued is journaled so: a later run fails its line again.
      if (e?.kind === 'order_state') journal.write({ alt: it.alt, line: it.line, event: 'ended', order_id: id, status: e.orderStatus });
    } finally {
      waits.delete(stop);
      progress.counts.waiting -= 1;
      progress.draw();
    }
  };

  const placeOne = async (it) => {
    const r = results.get(it.alt);
    const before = seen.get(it.alt);
    if (before?.ended !== undefined) {
      // Found placed before and no longer issuable (a run said so): it stays a failed line.
      Object.assign(r, { state: 'placed', order_id: before.placed, status: before.ended, skipped: true });
      progress.counts.placed += 1;
      const message = `Order ${before.placed} is ${before.ended}: it will not be issued.`;
      fail(it, Object.assign(new Error(message), { kind: 'order_state', orderStatus: before.ended }), 'wait');
      return;
    }
    if (before?.placed !== undefined) {
      // Issued, as a run recorded (with its certificate): not asked about again.
      Object.assign(r, {
        state: before.issued ? 'issued' : 'placed', order_id: before.placed, skipped: true,
        ...(Number.isSafeInteger(before.certificate_id) && { certificate_id: before.certificate_id }),
      });
      progress.counts.placed += 1;
      if (before.issued) progress.counts.issued += 1;
      progress.event(`line ${it.line}: already ${before.issued ? 'issued' : 'placed'} as order ${before.placed} (journal)`);
      if (values.wait && !before.issued) startWait(it, before.placed);
      return;
    }
    // Looked up first, whatever the journal says: it may be new, another file's, or the order
    // may have been in flight when a run stopped, or placed by `order` or another tool. Under
    // the order's lock, so no other run on this machine sends it meanwhile.
    let lock;
    try {
      lock = lockOrder(it.alt);
    } catch (e) {
      fail(it, e, 'lookup'); // nothing sent for this line; the others go on
      return;
    }
    if (lock.holder !== undefined) {
      fail(it, inFlight(lock), 'lookup');
      return;
    }
    let id;
    try {
      id = await lookupAndSend(it, r);
    } finally {
      lock.release();
    }
    if (id === undefined) return;
    progress.counts.placed += 1;
    if (values.wait) startWait(it, id);
  };

  /** Looks the order up and sends it when CertCentral has none: its id, or undefined when its line failed. */
  const lookupAndSend = async (it, r) => {
    let found;
    try {
      found = await findPlaced(api, it.alt);
    } catch (e) {
      fail(it, e, 'lookup'); // nothing sent: the next run looks again
      return;
    }
    let id;
    if (found) {
      unsettled.clear(it.alt);
      id = found.order_id;
      Object.assign(r, { state: 'placed', order_id: id, status: found.status, recovered: true });
      journal.write({ alt: it.alt, line: it.line, event: 'placed', order_id: id, recovered: true });
      progress.event(`line ${it.line}: order ${id} was placed before (found by its alternative_order_id); not ordering again`);
      if (!values.wait) {
        // One that can no longer be issued fails its line (with --wait, the wait says so).
        let ended;
        try {
          ended = await endedError(api, id);
        } catch (e) {
          fail(it, e, 'wait');
          return;
        }
        if (ended) {
          progress.counts.placed += 1;
          fail(it, ended, 'wait');
          journal.write({ alt: it.alt, line: it.line, event: 'ended', order_id: id, status: ended.orderStatus });
          return;
        }
      }
    } else {
      // Not listed, but an earlier run's send of it may still be creating it: not sent again yet.
      const notYet = notYetError(it.alt, values.resend);
      if (notYet) {
        fail(it, notYet, 'order');
        return;
      }
      // The journal first: when it cannot be written the run stops, and nothing is sent.
      journal.write({ alt: it.alt, line: it.line, product: it.product, event: 'sending' });
      try {
        unsettled.mark(it.alt);
      } catch (e) {
        fail(it, e, 'order');
        return;
      }
      let placed;
      try {
        placed = await api.orderCertificate(it.product, it.order, { today });
      } catch (e) {
        // Refused for sure (a 4xx, a 429, or the pre-submit check): nothing was created.
        // Anything else may have created it: look once more, now, before calling it failed.
        const definite = createdNothing(e);
        const again = definite ? undefined : await findPlaced(api, it.alt).catch(() => undefined);
        if (!again) {
          if (definite) unsettled.clear(it.alt);
          fail(it, definite ? e : unsure(e, it.alt), 'order');
          journal.write({ alt: it.alt, line: it.line, event: 'failed', definite, kind: e?.kind, status: e?.status });
          return;
        }
        placed = { id: again.order_id, recovered: true };
      }
      unsettled.clear(it.alt);
      id = placed.id;
      progress.sentThisRun += 1;
      Object.assign(r, {
        state: 'placed', order_id: id,
        ...(placed.requests?.[0] && { request_status: placed.requests[0].status }),
        ...(placed.recovered && { recovered: true }),
      });
      journal.write({ alt: it.alt, line: it.line, event: 'placed', order_id: id, ...(placed.recovered && { recovered: true }) });
      progress.event(`line ${it.line}: placed order ${id}${placed.recovered ? ' (its answer was lost; found by its alternative_order_id)' : ''}`);
    }
    return id;
  };

  // Orders `concurrency` at a time; each wait starts as its order is placed (startWait).
  const queue = [...items];
  const orderWorker = async () => {
    while (!stopping && !halted && queue.length > 0) await placeOne(queue.shift()).catch(halt);
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, orderWorker));
    await Promise.all(waitsRunning);
  } finally {
    for (const w of waits) w.abort();
    stopListening();
    journal.close();
    progress.end();
  }

  const failuresError = writeFailures(failures);
  const orders = [...results.values()];
  const count = (pred) => orders.filter(pred).length;
  const summary = {
    total: items.length,
    placed: count((r) => r.state === 'placed' || r.state === 'issued'),
    // Of those placed, the orders this run sent (the others were placed before: skipped, as
    // the journal says, or found by their alternative_order_id).
    sent: progress.sentThisRun,
    skipped: count((r) => r.skipped),
    recovered: count((r) => r.recovered),
    ...(values.wait && { issued: count((r) => r.state === 'issued') }),
    failed: failures.length,
    notStarted: count((r) => r.state === undefined),
    interrupted: stopping,
    ...(listRefused !== undefined && { statusChangesRefused: listRefused }),
    ...(halted && { error: errorJson(halted) }),
    journal: journalPath,
    ...(failures.length && !failuresError && { failuresFile: failuresPath }),
    ...(failuresError && { failuresError }),
    failures,
    orders,
  };
  if (values.json) {
    printJson(summary);
  } else {
    const parts = [`${summary.placed} placed`];
    if (summary.skipped) parts.push(`${summary.skipped} of them before`);
    if (summary.recovered) parts.push(`${summary.recovered} of them found by alternative_order_id`);
    if (values.wait) parts.push(`${summary.issued} issued`);
    parts.push(summary.failed ? c.red(`${summary.failed} failed`) : '0 failed');
    if (summary.notStarted) parts.push(`${summary.notStarted} not started`);
    const lines = [`${plural(summary.total, 'order')}: ${parts.join(', ')}`];
    for (const f of failures) lines.push(`  line ${f.line}: ${shown(f.reason)}`);
    if (failures.length) lines.push(failuresError ? c.red(failuresError) : `failures written to ${failuresPath}`);
    lines.push(`journal: ${journalPath}${stopping || halted ? ' (run the same command again to go on)' : ''}`);
    stdout(lines.join('\n'));
    if (halted) stderr(errorText(halted, colours(process.stderr)));
  }
  if (halted) return EXIT.failed;
  if (stopping) return EXIT.interrupted;
  return failures.length === 0 && summary.notStarted === 0 && !failuresError ? EXIT.ok : EXIT.failed;
}

// ------------------------------------------------------------------------------------------
// Main

const RUN = {
  products: cmdProducts, fields: cmdFields, validate: cmdValidate, order: cmdOrder,
  status: cmdStatus, download: cmdDownload, reissue: cmdReissue, 'check-dcv': cmdCheckDcv, cancel: cmdCancel, bulk: cmdBulk,
};

async function main(argv) {
  const [name, ...rest] = argv;
  let json = rest.includes('--json');
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      if (topic !== undefined && !Object.hasOwn(COMMANDS, topic)) throw new UsageError(`unknown command ${JSON.stringify(topic)}`);
      (name === undefined ? process.stderr : process.stdout).write(topic ? commandHelp(topic) : mainHelp());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '-V' || name === '--version') {
      const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
      stdout(`${BIN} ${manifest.version}`);
      return EXIT.ok;
    }
    if (!Object.hasOwn(COMMANDS, name)) {
      throw new UsageError(`unknown command ${JSON.stringify(name)}; the commands are ${Object.keys(COMMANDS).join(', ')}`);
    }
    const args = parse(name, rest);
    runningCommand = name;
    json = Boolean(args.values?.json);
    if (args.help) {
      stdout(commandHelp(name));
      return EXIT.ok;
    }
    return await RUN[name](args);
  } catch (e) {
    if (e instanceof UsageError) {
      // With --json a script reads standard output: the usage error is there too.
      if (json) printJson({ error: { kind: 'usage', message: e.message } });
      stderr(`${BIN}: ${e.message}\nRun \`${BIN} ${Object.hasOwn(COMMANDS, name ?? '') ? `${name} ` : ''}--help\` for usage.`);
      return EXIT.usage;
    }
    // Ctrl-C or SIGTERM during a command that only reads: `interrupted`, as `order` and `bulk` say.
    if (e?.kind === 'aborted') {
      // (A cancel sent: it may have been applied; the command, run again, reads the order first.)
      const message = `interrupted (Ctrl-C or SIGTERM) before CertCentral answered${e.outcomeUnknown ? ': what was sent may have been applied; run the same command again (it reads the order first)' : ''}`;
      if (json) printJson({ error: { kind: 'interrupted', message, ...(e.outcomeUnknown && { outcomeUnknown: true }) } });
      else stderr(message);
      return EXIT.interrupted;
    }
    if (json) printJson({ error: errorJson(e) });
    else stderr(errorText(e, colours(process.stderr)));
    if (!(e instanceof cc.CertCentralError) && !(e instanceof InputError) && process.env.CERTCENTRAL_ORDERS_DEBUG) {
      stderr(String(e?.stack ?? ''));
    }
    return EXIT.failed;
  }
}

// A reader that stops early (`| head`) is not an error. Any other failure to write (a full
// disk, `> /dev/full`) is said in one line, and the run ends with 1 (an order placed meanwhile
// is found by the next run).
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  try { process.stderr.write(`${BIN}: cannot write standard output: ${e.code ?? e.message}\n`); } catch {}
  process.exit(EXIT.failed);
});
// Nor one of the progress and diagnostics: a run goes on (its orders, its journal, its result on
// standard output) when standard error is closed early (`2>&1 | head`).
process.stderr.on('error', (e) => { if (e.code !== 'EPIPE') throw e; });
process.exitCode = await main(process.argv.slice(2));
