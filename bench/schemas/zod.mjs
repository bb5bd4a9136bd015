// The order rules as zod 4 schemas (`import * as z from 'zod'` is zod 4 in zod@4.x), the same
// rules as bench/schemas/ajv.mjs, checked with `safeParse` (which collects every issue). Zod can
// run code, so it also covers what JSON Schema cannot: real calendar days (z.iso.date()), dates
// relative to `today` (after today, < 825 days, <= 3 years) and the conditional requirements, as
// refinements. Object refinements are declared with `when: () => true` so they run even when a
// child has a type error (zod's default skips them then), to report every issue as the rules do.
//
// What these schemas do NOT do (validateOrder does):
// - Warnings. A zod issue fails the parse, so each warning of the rules is either an error here or
//   nothing: unknown fields are errors (z.strictObject); deprecated fields, unknown-but-well-shaped
//   open enum values (locale, cs_provisioning_method), ship_info without ship_token,
//   subject.email on EV and the industry lifetime `policy` warnings are not reported. (A
//   refinement could compute them, but safeParse has no way to return them with success.)
// - What is inside a CSR: only the PEM shape is checked. A refinement could decode the base64
//   and walk the DER to the key size (RSA 3072+ / ECC P-256+ on code signing), but that is a
//   hand-written parser, not a schema.
// - Messages that name the allowed values and the fix (zod's default messages are generic, e.g.
//   "Invalid string: must match pattern /…/").
// - The readers' guards (65,536 characters, 10,000 entries, 32 levels): left out, as in ajv.mjs.
// Differences of detail: .min/.max count UTF-16 code units (the rules count characters);
// z.int() stops at 2^53 like the rules.
import * as z from 'zod';
import * as F from './formats.mjs';

const RE = F.RE;
const WHEN_ALWAYS = { when: () => true };
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o, k) => isObj(o) && Object.hasOwn(o, k);

const str = (min, max, re, message) => {
  let s = z.string();
  if (min > 0) s = s.min(min);
  if (max !== undefined) s = s.max(max);
  if (re) s = s.regex(re, message);
  return s;
};
const TEXT = str(1);
const ANY_TEXT = str(0);
const int = (min, max) => (max === undefined ? z.int().min(min) : z.int().min(min).max(max));
const ID = int(1);
/** A strict object whose fields are optional except `required`. */
const obj = (shape, required = []) =>
  z.strictObject(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, required.includes(k) ? s : s.optional()])));

const EMAIL = str(1, 254, RE.EMAIL, 'not an e-mail address');
const EMAIL_LIST = z.array(EMAIL).max(1000);
const ORG_UNITS = z.array(str(1, 64)).max(100);
const CSR = str(1, undefined, RE.CSR_PEM, 'not a PEM certificate signing request');
const CONTAINER = obj({ id: ID }, ['id']);
const CUSTOM_FIELDS = z.array(obj({ metadata_id: ID, value: ANY_TEXT }, ['metadata_id', 'value'])).max(1000);
const PAYMENT_METHOD = z.enum(['balance', 'card', 'profile']);
const ALTERNATIVE_ORDER_ID = str(1, 64, RE.ALPHANUMERIC, 'letters and digits only');
const SERVER_PLATFORM = obj({ id: int(-1) }, ['id']);

const ORG_CONTACT = obj(
  { first_name: TEXT, last_name: TEXT, email: EMAIL, telephone: TEXT, job_title: ANY_TEXT, telephone_extension: ANY_TEXT },
  ['first_name', 'last_name', 'email', 'telephone'],
);
const NEW_ORG_REQUIRED = ['name', 'address', 'city', 'state', 'zip', 'country', 'telephone', 'organization_contact'];
const ORG_DETAILS = [...NEW_ORG_REQUIRED, 'assumed_name', 'address2', 'container'];
const ORGANIZATION = obj({
  id: ID,
  name: str(1, 64),
  assumed_name: ANY_TEXT,
  address: str(1, 64),
  address2: str(0, 64),
  city: str(1, 64),
  state: str(1, 64),
  zip: str(1, 64),
  country: str(1, 64, RE.COUNTRY, 'not a two-letter country code'),
  telephone: TEXT,
  container: CONTAINER,
  organization_contact: ORG_CONTACT,
  skip_duplicate_org_check: z.boolean(),
}).superRefine((o, ctx) => {
  if (!isObj(o)) return;
  const details = ORG_DETAILS.filter((k) => has(o, k));
  if (has(o, 'id')) {
    if (details.length) ctx.addIssue({ code: 'custom', path: [], message: `both an id and new-organization details (${details.join(', ')})` });
    return;
  }
  if (!details.length) {
    ctx.addIssue({ code: 'custom', path: ['id'], message: 'organization.id is required (or a new organization)' });
    return;
  }
  for (const k of NEW_ORG_REQUIRED) if (!has(o, k)) ctx.addIssue({ code: 'custom', path: [k], message: `${k} is required for a new organization` });
}, WHEN_ALWAYS);

const COMMON = {
  organization: ORGANIZATION,
  renewal_of_order_id: ID,
  skip_approval: z.boolean(),
  container: CONTAINER,
  custom_fields: CUSTOM_FIELDS,
  payment_method: PAYMENT_METHOD,
  alternative_order_id: ALTERNATIVE_ORDER_ID,
};

const DAY_MS = 86_400_000;
const utc = (y, m, d) => {
  const t = Date.UTC(y, m, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m && back.getUTCDate() === d ? t : NaN;
};
const parseIso = (s) => utc(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
const parseDdMmm = (s) => utc(+s.slice(7, 11), F.MONTH_INDEX[s.slice(3, 6).toUpperCase()] ?? NaN, +s.slice(0, 2));

/** SSL and client custom_expiration_date: a real yyyy-MM-dd after today, less than 825 days out. */
const isoDateWithin825 = (todayMs) =>
  z.iso.date().refine((s) => {
    const t = parseIso(s);
    return Number.isNaN(t) || (t > todayMs && (t - todayMs) / DAY_MS < 825);
  }, 'must be after today and less than 825 days from today');

const needsOneOf = (ctx, o, names, path) => {
  if (isObj(o) && !names.some((n) => has(o, n))) {
    ctx.addIssue({ code: 'custom', path, message: `${path.join('.')} is required (or ${names.slice(1).join(' or ')})` });
  }
};

/** Code signing (page 002; the deprecated fields of pages 000/001 are accepted). */
export function codeSigningSchema(product, todayMs) {
  const ev = product === 'code_signing_ev';
  const today = new Date(todayMs);
  const far = Date.UTC(today.getUTCFullYear() + 3, today.getUTCMonth(), today.getUTCDate());
  const shape = {
    certificate: obj({ csr: CSR, signature_hash: z.enum(['sha256']), server_platform: SERVER_PLATFORM, organization_units: ORG_UNITS }, ['signature_hash']),
    order_validity: obj({
      years: int(1, 3),
      days: int(1, 1095),
      custom_expiration_date: str(1, 64, RE.DD_MMM_YYYY, 'not a date as dd MMM YYYY')
        .refine((s) => !RE.DD_MMM_YYYY.test(s) || !Number.isNaN(parseDdMmm(s)), 'not a real date')
        .refine((s) => {
          const t = parseDdMmm(s);
          return Number.isNaN(t) || (t > todayMs && t <= far);
        }, 'must be after today and at most 3 years from today'),
    }).superRefine((ov, ctx) => needsOneOf(ctx, ov, ['years', 'days', 'custom_expiration_date'], ['years']), WHEN_ALWAYS),
    validity_years: int(1, 3), // deprecated: a warning in the rules, silently accepted here
    custom_expiration_date: z.iso.date().refine((s) => Number.isNaN(parseIso(s)) || parseIso(s) > todayMs, 'must be after today'), // deprecated
    cs_provisioning_method: str(1, undefined, RE.SNAKE, 'not a provisioning method'), // open set: shape only
    ship_info: obj(
      { name: TEXT, addr1: TEXT, addr2: ANY_TEXT, city: TEXT, state: TEXT, zip: TEXT, country: TEXT, method: z.enum(['STANDARD', 'EXPEDITED']) },
      ['name', 'addr1', 'city', 'state', 'zip', 'country', 'method'],
    ),
    subject: obj({ email: EMAIL }),
    auto_renew: int(0),
    additional_emails: EMAIL_LIST,
    enable_guest_access: z.literal([0, 1]),
    comments: ANY_TEXT,
    custom_renewal_message: ANY_TEXT,
    ...COMMON,
  };
  return obj(shape, ['certificate', 'organization', ...(ev ? ['cs_provisioning_method'] : [])]).superRefine((o, ctx) => {
    if (!isObj(o)) return;
    needsOneOf(ctx, o, ['order_validity', 'validity_years', 'custom_expiration_date'], ['order_validity']);
    if (has(o, 'order_validity')) {
      for (const old of ['validity_years', 'custom_expiration_date']) {
        if (has(o, old)) ctx.addIssue({ code: 'custom', path: [old], message: `${old} and order_validity both set the validity` });
      }
    }
    const method = o.cs_provisioning_method;
    const cert = o.certificate;
    if ((method === undefined || method === 'client_app') && isObj(cert) && !has(cert, 'server_platform')) {
      ctx.addIssue({ code: 'custom', path: ['certificate', 'server_platform'], message: 'server_platform is required' });
    }
    const sunJava = isObj(cert) && isObj(cert.server_platform) && cert.server_platform.id === 55;
    if ((sunJava || method === 'email') && isObj(cert) && !has(cert, 'csr')) {
      ctx.addIssue({ code: 'custom', path: ['certificate', 'csr'], message: 'csr is required' });
    }
  }, WHEN_ALWAYS);
}

/** Client certificates (page 003). */
export function clientSchema(product, todayMs) {
  return obj(
    {
      certificate: obj(
        {
          common_name: str(1, 64),
          emails: z.array(EMAIL).min(1).max(100),
          signature_hash: z.enum(['sha256']),
          organization_units: ORG_UNITS,
          csr: CSR,
        },
        ['common_name', 'emails', 'signature_hash'],
      ),
      validity_years: int(1, 2),
      custom_expiration_date: isoDateWithin825(todayMs),
      auto_renew: int(0),
      ...COMMON,
    },
    ['certificate', 'organization'],
  ).superRefine((o, ctx) => needsOneOf(ctx, o, ['validity_years', 'custom_expiration_date'], ['validity_years']), WHEN_ALWAYS);
}

/** Secure Site SSL (page 004); wildcards only on the products that take them. */
export function sslSchema(product, todayMs) {
  const dns = F.WILDCARD_PRODUCTS.has(product) ? RE.DNS_OR_WILDCARD : RE.DNS;
  const dnsName = (max) => str(1, max, dns, 'not a valid DNS name');
  return obj(
    {
      certificate: obj(
        {
          common_name: dnsName(64),
          dns_names: z.array(dnsName(253)).max(249),
          csr: CSR,
          signature_hash: z.enum(['sha256', 'sha384', 'sha512']),
          organization_units: ORG_UNITS,
          server_platform: SERVER_PLATFORM,
          profile_option: ANY_TEXT,
        },
        ['common_name', 'csr', 'signature_hash'],
      ),
      validity_years: int(1, 3), // TLS plans of up to 3 years (changes-2025-2026.md §1)
      validity_days: int(1, 1095),
      custom_expiration_date: isoDateWithin825(todayMs),
      renewed_thumbprint: str(1, 64, RE.SHA1_THUMBPRINT, 'not a SHA-1 thumbprint'),
      comments: ANY_TEXT,
      apply_cr_discount: z.boolean(),
      serial_number: ANY_TEXT,
      auto_renew: z.literal([0, 1]),
      custom_renewal_message: ANY_TEXT,
      disable_renewal_notifications: z.boolean(),
      additional_emails: EMAIL_LIST,
      locale: str(1, undefined, RE.LOCALE, 'not a locale code'), // open set: shape only
      dcv_method: z.enum(['email', 'dns-txt-token', 'dns-cname-token', 'http-token']),
      disable_ct: z.boolean(),
      ...COMMON,
    },
    ['certificate', 'organization'],
  ).superRefine((o, ctx) => {
    if (!isObj(o)) return;
    needsOneOf(ctx, o, ['validity_years', 'validity_days', 'custom_expiration_date'], ['validity_years']);
    if (o.dcv_method === 'http-token') {
      const cert = isObj(o.certificate) ? o.certificate : {};
      const wild = (v) => typeof v === 'string' && v.startsWith('*.');
      if (product === 'ssl_securesite_wildcard' || wild(cert.common_name) || (Array.isArray(cert.dns_names) && cert.dns_names.some(wild))) {
        ctx.addIssue({ code: 'custom', path: ['dcv_method'], message: 'http-token cannot prove control of a wildcard name' });
      }
    }
  }, WHEN_ALWAYS);
}

/** The schema for a product; `today` (yyyy-MM-dd) fixes the date rules like validateOrder's option. */
export function schemaFor(product, { today }) {
  const todayMs = parseIso(today);
  switch (F.FAMILY_OF(product)) {
    case 'code_signing':
      return codeSigningSchema(product, todayMs);
    case 'client':
      return clientSchema(product, todayMs);
    default:
      return sslSchema(product, todayMs);
  }
}
