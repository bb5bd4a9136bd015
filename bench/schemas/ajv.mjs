// The order rules as JSON Schema (draft-07), one schema per family, compiled by ajv 8 with
// `allErrors: true` so it reports every violation, as validateOrder does. Written from the spec
// pages (../shared/spec/: 002 code signing, 003 client, 004 Secure Site, glossary.md) and the rule
// tables in src/rules/, as far as JSON Schema can say the same thing.
//
// What JSON Schema CANNOT express here (validateOrder checks these; ajv does not):
// - Dates relative to today: custom_expiration_date after today and less than 825 days out (SSL,
//   client), order_validity.custom_expiration_date after today and at most 3 years out (code
//   signing). Also real calendar days: the patterns accept 2026-02-30 (ajv-formats' `date` would
//   catch that, but it is a separate package and still knows nothing of "today").
// - What is inside a CSR: the patterns check the PEM shape only; the rules decode it and require
//   RSA 3072+ or ECC P-256+ on code signing.
// - Warnings. JSON Schema has only errors, so each warning of the rules is either an error here
//   or nothing: unknown fields are errors (additionalProperties: false); deprecated fields
//   (validity_years, custom_expiration_date on code signing), unknown-but-well-shaped open enum
//   values (locale, cs_provisioning_method), ship_info without ship_token, subject.email on EV
//   and the industry lifetime `policy` warnings (200 days TLS, 460 days code signing) are not
//   reported at all.
// - Messages a person can act on, with the allowed values and the fix; ajv's say "must match
//   pattern "^(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+...$"".
// - The readers' guards (65,536 characters per string, 10,000 entries, 32 levels), left out of
//   both schemas: they protect against hostile input rather than describe an order.
// - Which error the user sees for an ambiguous organization: `if/then/else` gives "must NOT be
//   valid" and a list of failing subschemas; the rules give one `conflict` naming the fields.
// Differences of detail: maxLength counts code points like the rules; `integer` accepts any
// whole number (the rules stop at 2^53).
import Ajv from 'ajv';
import * as F from './formats.mjs';

const str = (min, max, pattern) => {
  const s = { type: 'string' };
  if (min > 0) s.minLength = min;
  if (max !== undefined) s.maxLength = max;
  if (pattern) s.pattern = pattern;
  return s;
};
const TEXT = str(1);
const ANY_TEXT = str(0);
const int = (minimum, maximum) => {
  const s = { type: 'integer', minimum };
  if (maximum !== undefined) s.maximum = maximum;
  return s;
};
const ID = int(1);
const obj = (properties, required = [], extra = {}) => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
  ...extra,
});
const list = (items, min, max) => ({ type: 'array', items, ...(min ? { minItems: min } : {}), maxItems: max });
const oneOfFields = (...names) => ({ anyOf: names.map((n) => ({ required: [n] })) });

const EMAIL = str(1, 254, F.EMAIL);
const EMAIL_LIST = list(EMAIL, 0, 1000);
const ORG_UNITS = list(str(1, 64), 0, 100);
const CSR = str(1, undefined, F.CSR_PEM);
const CONTAINER = obj({ id: ID }, ['id']);
const CUSTOM_FIELDS = list(obj({ metadata_id: ID, value: ANY_TEXT }, ['metadata_id', 'value']), 0, 1000);
const PAYMENT_METHOD = { enum: ['balance', 'card', 'profile'] };
const ALTERNATIVE_ORDER_ID = str(1, 64, F.ALPHANUMERIC);
const SERVER_PLATFORM = obj({ id: int(-1) }, ['id']);

// organization: { id } of an existing organization, or a new organization's details, not both
// (glossary, "The new-organization object"; rules::common::check_organization).
const ORG_CONTACT = obj(
  { first_name: TEXT, last_name: TEXT, email: EMAIL, telephone: TEXT, job_title: ANY_TEXT, telephone_extension: ANY_TEXT },
  ['first_name', 'last_name', 'email', 'telephone'],
);
const NEW_ORG_REQUIRED = ['name', 'address', 'city', 'state', 'zip', 'country', 'telephone', 'organization_contact'];
const ORG_DETAILS = [...NEW_ORG_REQUIRED, 'assumed_name', 'address2', 'container'];
const ORGANIZATION = obj(
  {
    id: ID,
    name: str(1, 64),
    assumed_name: ANY_TEXT,
    address: str(1, 64),
    address2: str(0, 64),
    city: str(1, 64),
    state: str(1, 64),
    zip: str(1, 64),
    country: str(1, 64, F.COUNTRY),
    telephone: TEXT,
    container: CONTAINER,
    organization_contact: ORG_CONTACT,
    skip_duplicate_org_check: { type: 'boolean' },
  },
  [],
  {
    if: { required: ['id'] },
    then: { not: oneOfFields(...ORG_DETAILS) },
    else: { required: NEW_ORG_REQUIRED },
  },
);

const COMMON = {
  organization: ORGANIZATION,
  renewal_of_order_id: ID,
  skip_approval: { type: 'boolean' },
  container: CONTAINER,
  custom_fields: CUSTOM_FIELDS,
  payment_method: PAYMENT_METHOD,
  alternative_order_id: ALTERNATIVE_ORDER_ID,
};

/** Code signing (page 002; the deprecated fields of pages 000/001 are accepted). */
export function codeSigningSchema(product) {
  const ev = product === 'code_signing_ev';
  const certRequires = (field) => ({ properties: { certificate: { required: [field] } } });
  return obj(
    {
      certificate: obj(
        { csr: CSR, signature_hash: { enum: ['sha256'] }, server_platform: SERVER_PLATFORM, organization_units: ORG_UNITS },
        ['signature_hash'],
      ),
      order_validity: obj(
        { years: int(1, 3), days: int(1, 1095), custom_expiration_date: str(1, 64, F.DD_MMM_YYYY) },
        [],
        oneOfFields('years', 'days', 'custom_expiration_date'),
      ),
      validity_years: int(1, 3), // deprecated: a warning in the rules, silently accepted here
      custom_expiration_date: str(1, 64, F.ISO_DATE), // deprecated, likewise
      cs_provisioning_method: str(1, undefined, F.SNAKE), // open set: shape only
      ship_info: obj(
        {
          name: TEXT,
          addr1: TEXT,
          addr2: ANY_TEXT,
          city: TEXT,
          state: TEXT,
          zip: TEXT,
          country: TEXT,
          method: { enum: ['STANDARD', 'EXPEDITED'] },
        },
        ['name', 'addr1', 'city', 'state', 'zip', 'country', 'method'],
      ),
      subject: obj({ email: EMAIL }),
      auto_renew: int(0),
      additional_emails: EMAIL_LIST,
      enable_guest_access: { enum: [0, 1] },
      comments: ANY_TEXT,
      custom_renewal_message: ANY_TEXT,
      ...COMMON,
    },
    ['certificate', 'organization', ...(ev ? ['cs_provisioning_method'] : [])],
    {
      allOf: [
        // order_validity, or one of the deprecated fields; not both.
        oneOfFields('order_validity', 'validity_years', 'custom_expiration_date'),
        { if: { required: ['order_validity'] }, then: { not: oneOfFields('validity_years', 'custom_expiration_date') } },
        // server_platform when the method is client_app or absent (`properties` holds for absent).
        { if: { properties: { cs_provisioning_method: { const: 'client_app' } } }, then: certRequires('server_platform') },
        // the CSR for the customer's HSM, or for Sun Java (platform 55).
        { if: { required: ['cs_provisioning_method'], properties: { cs_provisioning_method: { const: 'email' } } }, then: certRequires('csr') },
        {
          if: {
            required: ['certificate'],
            properties: {
              certificate: { required: ['server_platform'], properties: { server_platform: { required: ['id'], properties: { id: { const: 55 } } } } },
            },
          },
          then: certRequires('csr'),
        },
      ],
    },
  );
}

/** Client certificates (page 003). */
export function clientSchema() {
  return obj(
    {
      certificate: obj(
        {
          common_name: str(1, 64),
          emails: list(EMAIL, 1, 100),
          signature_hash: { enum: ['sha256'] },
          organization_units: ORG_UNITS,
          csr: CSR,
        },
        ['common_name', 'emails', 'signature_hash'],
      ),
      validity_years: int(1, 2),
      custom_expiration_date: str(1, 64, F.ISO_DATE),
      auto_renew: int(0),
      ...COMMON,
    },
    ['certificate', 'organization'],
    oneOfFields('validity_years', 'custom_expiration_date'),
  );
}

/** Secure Site SSL (page 004); wildcards only on the products that take them. */
export function sslSchema(product) {
  const wild = F.WILDCARD_PRODUCTS.has(product);
  const dns = wild ? F.DNS_OR_WILDCARD : F.DNS;
  return obj(
    {
      certificate: obj(
        {
          common_name: str(1, 64, dns),
          dns_names: list(str(1, 253, dns), 0, 249),
          csr: CSR,
          signature_hash: { enum: ['sha256', 'sha384', 'sha512'] },
          organization_units: ORG_UNITS,
          server_platform: SERVER_PLATFORM,
          profile_option: ANY_TEXT,
        },
        ['common_name', 'csr', 'signature_hash'],
      ),
      validity_years: int(1, 3), // TLS plans of up to 3 years (changes-2025-2026.md §1)
      validity_days: int(1, 1095),
      custom_expiration_date: str(1, 64, F.ISO_DATE),
      renewed_thumbprint: str(1, 64, F.SHA1_THUMBPRINT),
      comments: ANY_TEXT,
      apply_cr_discount: { type: 'boolean' },
      serial_number: ANY_TEXT,
      auto_renew: { enum: [0, 1] },
      custom_renewal_message: ANY_TEXT,
      disable_renewal_notifications: { type: 'boolean' },
      additional_emails: EMAIL_LIST,
      locale: str(1, undefined, F.LOCALE), // open set: shape only
      dcv_method: { enum: ['email', 'dns-txt-token', 'dns-cname-token', 'http-token'] },
      disable_ct: { type: 'boolean' },
      ...COMMON,
    },
    ['certificate', 'organization'],
    {
      allOf: [
        oneOfFields('validity_years', 'validity_days', 'custom_expiration_date'),
        // http-token cannot prove control of a wildcard name.
        {
          if: { required: ['dcv_method'], properties: { dcv_method: { const: 'http-token' } } },
          then:
            product === 'ssl_securesite_wildcard'
              ? false
              : {
                  properties: {
                    certificate: {
                      properties: {
                        common_name: { not: { pattern: F.WILDCARD_PREFIX } },
                        dns_names: { items: { not: { pattern: F.WILDCARD_PREFIX } } },
                      },
                    },
                  },
                },
        },
      ],
    },
  );
}

export function schemaFor(product) {
  switch (F.FAMILY_OF(product)) {
    case 'code_signing':
      return codeSigningSchema(product);
    case 'client':
      return clientSchema(product);
    default:
      return sslSchema(product);
  }
}

/** Compiles one validator per product: { product: validate }, validate(order) → boolean, errors on validate.errors. */
export function compile(products) {
  // strictTypes off: the conditional subschemas (if/then) constrain `certificate` only when it is
  // an object, on purpose; a wrong-typed certificate already fails its own `type`.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  return Object.fromEntries(products.map((p) => [p, ajv.compile(schemaFor(p))]));
}
