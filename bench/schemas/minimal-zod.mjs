// The order schemas a portal developer writes in ten minutes with zod 4, one per family (not per
// product): each field of the spec pages the family's orders use (the same field list as
// bench/schemas/zod.mjs, without the deprecated fields) with its type, the required fields, the
// enums, the string lengths and integer ranges, z.email() for e-mail addresses and a PEM regex for
// the CSR. Nothing else: no dates (custom_expiration_date is any string), no CSR contents, no
// other formats (DNS names, thumbprints, ids, locales, country codes: strings of some length), no
// cross-field rules (the organization's "id or new details", one validity field, the product-
// dependent requirements), no messages of its own, and `z.object` as zod has it by default
// (unknown keys are dropped, not reported). The comparison issue #22 asks for: is the package at
// least as fast as the schema its users would otherwise write? bench/schemas/zod.mjs is the
// strict one, with every rule zod can express.
import * as z from 'zod';

const PEM = /^-----BEGIN (NEW )?CERTIFICATE REQUEST-----[A-Za-z0-9+/=\s]+-----END (NEW )?CERTIFICATE REQUEST-----\s*$/;
const text = (max) => (max === undefined ? z.string().min(1) : z.string().min(1).max(max));
const email = z.email().max(254);
const id = z.int().min(1);
const csr = z.string().regex(PEM);
const container = z.object({ id });
const orgUnits = z.array(text(64)).max(100);
const additionalEmails = z.array(email).max(1000);
const serverPlatform = z.object({ id: z.int() });
const contact = z.object({
  first_name: text(),
  last_name: text(),
  email,
  telephone: text(),
  job_title: z.string().optional(),
  telephone_extension: z.string().optional(),
});
// An existing organization by id, or a new one: all optional here ("one of the two" is a
// cross-field rule).
const organization = z.object({
  id: id.optional(),
  name: text(64).optional(),
  assumed_name: z.string().optional(),
  address: text(64).optional(),
  address2: z.string().max(64).optional(),
  city: text(64).optional(),
  state: text(64).optional(),
  zip: text(64).optional(),
  country: z.string().length(2).optional(),
  telephone: text().optional(),
  container: container.optional(),
  organization_contact: contact.optional(),
  skip_duplicate_org_check: z.boolean().optional(),
});
const common = {
  organization,
  renewal_of_order_id: id.optional(),
  skip_approval: z.boolean().optional(),
  container: container.optional(),
  custom_fields: z.array(z.object({ metadata_id: id, value: z.string() })).max(1000).optional(),
  payment_method: z.enum(['balance', 'card', 'profile']).optional(),
  alternative_order_id: text(64).optional(),
};

const FAMILIES = {
  code_signing: z.object({
    certificate: z.object({
      csr: csr.optional(),
      signature_hash: z.enum(['sha256']),
      server_platform: serverPlatform.optional(),
      organization_units: orgUnits.optional(),
    }),
    order_validity: z
      .object({
        years: z.int().min(1).max(3).optional(),
        days: z.int().min(1).max(1095).optional(),
        custom_expiration_date: z.string().optional(),
      })
      .optional(),
    cs_provisioning_method: text().optional(),
    ship_info: z
      .object({
        name: text(),
        addr1: text(),
        addr2: z.string().optional(),
        city: text(),
        state: text(),
        zip: text(),
        country: text(),
        method: z.enum(['STANDARD', 'EXPEDITED']),
      })
      .optional(),
    subject: z.object({ email: email.optional() }).optional(),
    auto_renew: z.int().min(0).optional(),
    additional_emails: additionalEmails.optional(),
    enable_guest_access: z.literal([0, 1]).optional(),
    comments: z.string().optional(),
    custom_renewal_message: z.string().optional(),
    ...common,
  }),
  client: z.object({
    certificate: z.object({
      common_name: text(64),
      emails: z.array(email).min(1).max(100),
      signature_hash: z.enum(['sha256']),
      organization_units: orgUnits.optional(),
      csr: csr.optional(),
    }),
    validity_years: z.int().min(1).max(2).optional(),
    custom_expiration_date: z.string().optional(),
    auto_renew: z.int().min(0).optional(),
    ...common,
  }),
  ssl: z.object({
    certificate: z.object({
      common_name: text(64),
      dns_names: z.array(text(253)).max(249).optional(),
      csr,
      signature_hash: z.enum(['sha256', 'sha384', 'sha512']),
      organization_units: orgUnits.optional(),
      server_platform: serverPlatform.optional(),
      profile_option: z.string().optional(),
    }),
    validity_years: z.int().min(1).max(3).optional(), // TLS plans of up to 3 years
    validity_days: z.int().min(1).max(1095).optional(),
    custom_expiration_date: z.string().optional(),
    renewed_thumbprint: text(64).optional(),
    comments: z.string().optional(),
    apply_cr_discount: z.boolean().optional(),
    serial_number: z.string().optional(),
    auto_renew: z.literal([0, 1]).optional(),
    custom_renewal_message: z.string().optional(),
    disable_renewal_notifications: z.boolean().optional(),
    additional_emails: additionalEmails.optional(),
    locale: text().optional(),
    dcv_method: z.enum(['email', 'dns-txt-token', 'dns-cname-token', 'http-token']).optional(),
    disable_ct: z.boolean().optional(),
    ...common,
  }),
};

const familyOf = (product) =>
  product.startsWith('code_signing') ? 'code_signing' : product.startsWith('ssl_') ? 'ssl' : product.startsWith('client_') ? 'client' : null;

/** The minimal schema of `product`'s family (no options: it knows no dates). */
export function schemaFor(product) {
  const schema = FAMILIES[familyOf(product)];
  if (!schema) throw new Error(`bench/schemas/minimal-zod.mjs: no schema for ${product}`);
  return schema;
}
