// The same minimal schemas as bench/schemas/minimal-zod.mjs, as JSON Schema for ajv 8: field
// types, required fields, enums, string lengths, a PEM pattern for the CSR; nothing ajv cannot
// say in a schema a developer writes in ten minutes (no dates, CSR contents or cross-field
// rules). Options: `allErrors: true`, as the strict schema (bench/schemas/ajv.mjs) and the
// package report every issue; the "email" format by a pattern (ajv-formats is a separate
// package); other options ajv's defaults.
import Ajv from 'ajv';

const PEM = '^-----BEGIN (NEW )?CERTIFICATE REQUEST-----[A-Za-z0-9+/=\\s]+-----END (NEW )?CERTIFICATE REQUEST-----\\s*$';
const text = (max) => ({ type: 'string', minLength: 1, maxLength: max });
const email = { type: 'string', maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' };
const int = (minimum, maximum) => ({ type: 'integer', minimum, ...(maximum === undefined ? {} : { maximum }) });
const object = (properties, required = []) => ({ type: 'object', properties, required });
const contact = object({ first_name: text(64), last_name: text(64), email, telephone: text(32) }, ['first_name', 'last_name', 'email', 'telephone']);
const organization = object({
  id: int(1),
  name: text(64),
  address: text(64),
  city: text(64),
  state: text(64),
  zip: text(64),
  country: { type: 'string', minLength: 2, maxLength: 2 },
  telephone: text(32),
  organization_contact: contact,
});
const common = {
  organization,
  payment_method: { enum: ['balance', 'card', 'profile'] },
  alternative_order_id: text(64),
  skip_approval: { type: 'boolean' },
};
const csr = { type: 'string', pattern: PEM };

const FAMILIES = {
  code_signing: object({
    certificate: object({ csr, signature_hash: { enum: ['sha256'] }, server_platform: object({ id: { type: 'integer' } }, ['id']) }, ['signature_hash']),
    order_validity: object({ years: int(1, 3), days: int(1, 1095) }),
    cs_provisioning_method: { type: 'string' },
    ...common,
  }, ['certificate', 'organization']),
  client: object({
    certificate: object({
      common_name: text(64),
      emails: { type: 'array', items: email, minItems: 1, maxItems: 100 },
      signature_hash: { enum: ['sha256'] },
      csr,
    }, ['common_name', 'emails', 'signature_hash']),
    validity_years: int(1, 2),
    ...common,
  }, ['certificate', 'organization']),
  ssl: object({
    certificate: object({
      common_name: text(64),
      dns_names: { type: 'array', items: text(253), maxItems: 249 },
      csr,
      signature_hash: { enum: ['sha256', 'sha384', 'sha512'] },
      server_platform: object({ id: { type: 'integer' } }, ['id']),
    }, ['common_name', 'csr', 'signature_hash']),
    validity_years: int(1, 2),
    dcv_method: { enum: ['email', 'dns-txt-token', 'dns-cname-token', 'http-token'] },
    ...common,
  }, ['certificate', 'organization']),
};

const familyOf = (product) =>
  product.startsWith('code_signing') ? 'code_signing' : product.startsWith('ssl_') ? 'ssl' : product.startsWith('client_') ? 'client' : null;

/** { product: validate function } for `products`, compiled by one Ajv instance. */
export function compile(products) {
  const ajv = new Ajv({ allErrors: true });
  return Object.fromEntries(products.map((p) => {
    const schema = FAMILIES[familyOf(p)];
    if (!schema) throw new Error(`bench/schemas/minimal-ajv.mjs: no schema for ${p}`);
    return [p, ajv.compile(schema)];
  }));
}
