// String shapes shared by the ajv and zod schemas, as regular expressions written to match the
// rules' hand-written scanners (src/formats.rs, src/date.rs, src/csr.rs) as closely as a regex
// can. Each is a source string (JSON Schema `pattern`, ajv compiles it with the `u` flag) and a
// RegExp (zod).

// DNS names (formats::dns_name): LDH labels of 1-63 characters, no leading/trailing hyphen, at
// least two labels, no trailing dot, last label not all digits; `*` only as the whole left-most
// label. The 253-character total is a maxLength next to the pattern.
const LABEL = '(?!-)[A-Za-z0-9-]{1,63}(?<!-)';
const LAST_LABEL = `(?![0-9]+$)${LABEL}`;
const HOST = `(?:${LABEL}\\.)+${LAST_LABEL}`;
export const DNS = `^${HOST}$`;
export const DNS_OR_WILDCARD = `^(?:\\*\\.)?${HOST}$`;
export const WILDCARD_PREFIX = '^\\*\\.';

// E-mail (formats::email): a dot-atom local part of at most 64 characters, a DNS name without a
// wildcard as the domain. The 254-character total is a maxLength.
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
export const EMAIL = `^(?=[^@]{1,64}@)${ATOM}(?:\\.${ATOM})*@${HOST}$`;

// yyyy-MM-dd, shape only: a regex does not know that 2026-02-30 is not a day (zod's z.iso.date()
// does; the schemas say which they use).
export const ISO_DATE = '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$';

// dd MMM YYYY (code signing order_validity.custom_expiration_date), month in any case like
// Date::parse_dd_mmm_yyyy. No inline (?i) in Node 20's RegExp, so each letter is a class.
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const anyCase = (w) => [...w].map((c) => `[${c}${c.toLowerCase()}]`).join('');
export const DD_MMM_YYYY = `^(?:0[1-9]|[12][0-9]|3[01]) (?:${MONTHS.map(anyCase).join('|')}) [0-9]{4}$`;
export const MONTH_INDEX = Object.fromEntries(MONTHS.map((m, i) => [m, i]));

// A PEM certificate signing request, shape only (BEGIN/END lines around base64). The rules also
// decode the base64 and the DER and read the key (csr::parse): neither schema does.
export const CSR_PEM =
  '^\\s*-----BEGIN (NEW )?CERTIFICATE REQUEST-----[A-Za-z0-9+/=\\s]+-----END \\1CERTIFICATE REQUEST-----\\s*$';

export const SHA1_THUMBPRINT = '^[0-9A-Fa-f]{40}$';
export const ALPHANUMERIC = '^[A-Za-z0-9]+$';
export const LOCALE = '^[a-z]{2}(?:_[A-Z]{2})?$';
export const COUNTRY = '^[A-Za-z]{2}$';
export const SNAKE = '^[a-z0-9_]+$';

/** The same patterns as RegExps, compiled once (with `u`, as ajv compiles `pattern`). */
export const RE = Object.fromEntries(
  Object.entries({ DNS, DNS_OR_WILDCARD, WILDCARD_PREFIX, EMAIL, ISO_DATE, DD_MMM_YYYY, CSR_PEM, SHA1_THUMBPRINT, ALPHANUMERIC, LOCALE, COUNTRY, SNAKE }).map(
    ([k, v]) => [k, new RegExp(v, 'u')],
  ),
);

// Products whose names may be wildcards (rules::wildcard_allowed) and EV products.
export const WILDCARD_PRODUCTS = new Set(['ssl_securesite_wildcard', 'ssl_securesite_multi_domain']);
export const FAMILY_OF = (product) =>
  product.startsWith('code_signing') ? 'code_signing' : product.startsWith('client_') ? 'client' : 'ssl';
