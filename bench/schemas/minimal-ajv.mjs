// The same minimal schemas as bench/schemas/minimal-zod.mjs, as JSON Schema for ajv 8, one per
// family: each field the family's orders use with its type, the required fields, the enums, the
// string lengths and integer ranges, an e-mail pattern and a PEM pattern for the CSR. No dates, no
// CSR contents, no other formats, no cross-field rules, no messages of its own, and no
// `additionalProperties: false` (unknown keys pass, as zod's default z.object lets them).
// Options: `allErrors: true`, as the strict schema (bench/schemas/ajv.mjs) and the package
// report every issue; everything else ajv's defaults (strict mode on; the strict schema turns
// strictTypes off for its if/then subschemas, which these do not have). E-mail addresses: ajv
// 8 knows no formats without the separate ajv-formats package, so the pattern is ajv-formats'
// "email" format (its default fast mode), written out.
import Ajv from 'ajv';

const PEM = '^-----BEGIN (NEW )?CERTIFICATE REQUEST-----[A-Za-z0-9+/=\\s]+-----END (NEW )?CERTIFICATE REQUEST-----\\s*$';
const EMAIL =
  "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$";
const string = (max) => ({ type: 'string', ...(max === undefined ? {} : { maxLength: max }) });
const text = (max) => ({ type: 'string', minLength: 1, ...(max === undefined ? {} : { maxLength: max }) });
const int = (minimum, maximum) => ({
  type: 'integer',
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});
const bool = { type: 'boolean' };
const array = (items, max, min) => ({ type: 'array', items, ...(min ? { minItems: min } : {}), maxItems: max });
const object = (properties, required = []) => ({ type: 'object', properties, ...(required.length ? { required } : {}) });

const email = { type: 'string', maxLength: 254, pattern: EMAIL };
const id = int(1);
const csr = { type: 'string', pattern: PEM };
const container = object({ id }, ['id']);
const orgUnits = array(text(64), 100);
const additionalEmails = array(email, 1000);
const serverPlatform = object({ id: int() }, ['id']);
const contact = object(
  { first_name: text(), last_name: text(), email, telephone: text(), job_title: string(), telephone_extension: string() },
  ['first_name', 'last_name', 'email', 'telephone'],
);
// An existing organization by id, or a new one: no field required ("one of the two" is a
// cross-field rule).
const organization = object({
  id,
  name: text(64),
  assumed_name: string(),
  address: text(64),
  address2: string(64),
  city: text(64),
  state: text(64),
  zip: text(64),
  country: { type: 'string', minLength: 2, maxLength: 2 },
  telephone: text(),
  container,
  organization_contact: contact,
  skip_duplicate_org_check: bool,
});
const common = {
  organization,
  renewal_of_order_id: id,
  skip_approval: bool,
  container,
  custom_fields: array(object({ metadata_id: id, value: string() }, ['metadata_id', 'value']), 1000),
  payment_method: { enum: ['balance', 'card', 'profile'] },
  alternative_order_id: text(64),
};

const FAMILIES = {
  code_signing: object(
    {
      certificate: object(
        { csr, signature_hash: { enum: ['sha256'] }, server_platform: serverPlatform, organization_units: orgUnits },
        ['signature_hash'],
      ),
      order_validity: object({ years: int(1, 3), days: int(1, 1095), custom_expiration_date: string() }),
      cs_provisioning_method: text(),
      ship_info: object(
        {
          name: text(),
          addr1: text(),
          addr2: string(),
          city: text(),
          state: text(),
          zip: text(),
          country: text(),
          method: { enum: ['STANDARD', 'EXPEDITED'] },
        },
        ['name', 'addr1', 'city', 'state', 'zip', 'country', 'method'],
      ),
      subject: object({ email }),
      auto_renew: int(0),
      additional_emails: additionalEmails,
      enable_guest_access: { enum: [0, 1] },
      comments: string(),
      custom_renewal_message: string(),
      ...common,
    },
    ['certificate', 'organization'],
  ),
  client: object(
    {
      certificate: object(
        {
          common_name: text(64),
          emails: array(email, 100, 1),
          signature_hash: { enum: ['sha256'] },
          organization_units: orgUnits,
          csr,
        },
        ['common_name', 'emails', 'signature_hash'],
      ),
      validity_years: int(1, 2),
      custom_expiration_date: string(),
      auto_renew: int(0),
      ...common,
    },
    ['certificate', 'organization'],
  ),
  ssl: object(
    {
      certificate: object(
        {
          common_name: text(64),
          dns_names: array(text(253), 249),
          csr,
          signature_hash: { enum: ['sha256', 'sha384', 'sha512'] },
          organization_units: orgUnits,
          server_platform: serverPlatform,
          profile_option: string(),
        },
        ['common_name', 'csr', 'signature_hash'],
      ),
      validity_years: int(1, 3), // TLS plans of up to 3 years (changes-2025-2026.md §1)
      validity_days: int(1, 1095),
      custom_expiration_date: string(),
      renewed_thumbprint: text(64),
      comments: string(),
      apply_cr_discount: bool,
      serial_number: string(),
      auto_renew: { enum: [0, 1] },
      custom_renewal_message: string(),
      disable_renewal_notifications: bool,
      additional_emails: additionalEmails,
      locale: text(),
      dcv_method: { enum: ['email', 'dns-txt-token', 'dns-cname-token', 'http-token'] },
      disable_ct: bool,
      ...common,
    },
    ['certificate', 'organization'],
  ),
};

const familyOf = (product) =>
  product.startsWith('code_signing') ? 'code_signing' : product.startsWith('ssl_') ? 'ssl' : product.startsWith('client_') ? 'client' : null;

/** { product: validate function } for `products`, compiled by one Ajv instance; validate(order) → boolean, errors on validate.errors. */
export function compile(products) {
  const ajv = new Ajv({ allErrors: true });
  return Object.fromEntries(
    products.map((p) => {
      const schema = FAMILIES[familyOf(p)];
      if (!schema) throw new Error(`bench/schemas/minimal-ajv.mjs: no schema for ${p}`);
      return [p, ajv.compile(schema)];
    }),
  );
}
