// The order schemas a portal developer writes in ten minutes with zod 4, one per family: field
// types, required fields, enums, string lengths and a PEM regex for the CSR. No dates (against
// today or the calendar), no CSR contents, no cross-field rules, no messages of its own, and
// `z.object` as zod has it by default (unknown keys are dropped, not reported). The comparison
// issue #22 asks for: is the package at least as fast as the schema its users would otherwise
// write? bench/schemas/zod.mjs is the strict one, with the rules zod can express.
import * as z from 'zod';

const PEM = /^-----BEGIN (NEW )?CERTIFICATE REQUEST-----[A-Za-z0-9+/=\s]+-----END (NEW )?CERTIFICATE REQUEST-----\s*$/;
const text = (max) => z.string().min(1).max(max);
const email = z.email().max(254);
const id = z.int().min(1);
const contact = z.object({ first_name: text(64), last_name: text(64), email, telephone: text(32) });
// An existing organization by id, or a new one (all its details optional here: "one of the two"
// is a cross-field rule).
const organization = z.object({
  id: id.optional(),
  name: text(64).optional(),
  address: text(64).optional(),
  city: text(64).optional(),
  state: text(64).optional(),
  zip: text(64).optional(),
  country: z.string().length(2).optional(),
  telephone: text(32).optional(),
  organization_contact: contact.optional(),
});
const common = {
  organization,
  payment_method: z.enum(['balance', 'card', 'profile']).optional(),
  alternative_order_id: text(64).optional(),
  skip_approval: z.boolean().optional(),
};

const FAMILIES = {
  code_signing: z.object({
    certificate: z.object({
      csr: z.string().regex(PEM).optional(),
      signature_hash: z.enum(['sha256']),
      server_platform: z.object({ id: z.int() }).optional(),
    }),
    order_validity: z.object({ years: z.int().min(1).max(3).optional(), days: z.int().min(1).max(1095).optional() }).optional(),
    cs_provisioning_method: z.string().optional(),
    ...common,
  }),
  client: z.object({
    certificate: z.object({
      common_name: text(64),
      emails: z.array(email).min(1).max(100),
      signature_hash: z.enum(['sha256']),
      csr: z.string().regex(PEM).optional(),
    }),
    validity_years: z.int().min(1).max(2).optional(),
    ...common,
  }),
  ssl: z.object({
    certificate: z.object({
      common_name: text(64),
      dns_names: z.array(text(253)).max(249).optional(),
      csr: z.string().regex(PEM),
      signature_hash: z.enum(['sha256', 'sha384', 'sha512']),
      server_platform: z.object({ id: z.int() }).optional(),
    }),
    validity_years: z.int().min(1).max(2).optional(),
    dcv_method: z.enum(['email', 'dns-txt-token', 'dns-cname-token', 'http-token']).optional(),
    ...common,
  }),
};

const familyOf = (product) =>
  product.startsWith('code_signing') ? 'code_signing' : product.startsWith('ssl_') ? 'ssl' : product.startsWith('client_') ? 'client' : null;

/** The minimal schema of `product`'s family. */
export function schemaFor(product) {
  const schema = FAMILIES[familyOf(product)];
  if (!schema) throw new Error(`bench/schemas/minimal-zod.mjs: no schema for ${product}`);
  return schema;
}
