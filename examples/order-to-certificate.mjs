// The whole job: place a Secure Site SSL order, wait until it is issued, save the certificate.
// Safe to run again: the order carries a fixed alternative_order_id (letters and digits), so a
// second run finds the order the first one placed (even if its answer was lost) instead of
// ordering twice.
//   CERTCENTRAL_BASE_URL=http://127.0.0.1:8787/services/v2 CERTCENTRAL_API_KEY=demo \
//     node examples/order-to-certificate.mjs wwwexamplecom2026 certificate.pem
// In your own project, import from "certcentral-orders" instead of the built package.
import { readFileSync, writeFileSync } from 'node:fs';
import { CertCentralClient, CertCentralError } from '../pkg/node.mjs';

const [alternativeOrderId = 'wwwexamplecom', out = 'certificate.pem'] = process.argv.slice(2);
const client = new CertCentralClient({
  apiKey: process.env.CERTCENTRAL_API_KEY,
  baseUrl: process.env.CERTCENTRAL_BASE_URL, // default: CertCentral's US endpoint
});
const order = {
  certificate: {
    common_name: 'example.com',
    dns_names: ['www.example.com'],
    csr: readFileSync(new URL('../tests/fixtures/csr/rsa3072.pem', import.meta.url), 'utf8'),
    signature_hash: 'sha256',
  },
  organization: { id: 123456 },
  validity_days: 199,
  dcv_method: 'dns-txt-token',
  alternative_order_id: alternativeOrderId,
};

try {
  // 1. Place the order, unless a run before placed it already.
  const [placed] = await client.findOrdersByAlternativeId(alternativeOrderId);
  const orderId = placed?.order_id ?? (await client.orderCertificate('ssl_securesite', order)).id;
  console.error(`Order ${orderId}${placed ? ' (placed before)' : ' placed'}`);
  // 2. Wait for it: polls with backoff, inside CertCentral's rate limits.
  const issued = await client.waitForIssuance(orderId, {
    intervalMs: Number(process.env.POLL_INTERVAL_MS ?? 10_000),
    timeoutMs: 30 * 60_000,
    onStatus: (o) => console.error(`  status: ${o.status}`),
  });
  // 3. Download the certificate and its chain as PEM.
  // (`bytes` is the body as sent, which a type checker knows is always there; for a PEM format
  // `pem` holds the same text as a string.)
  const { bytes } = await client.downloadCertificate({ orderId: issued.id }, { format: 'pem_all' });
  writeFileSync(out, bytes);
  console.log(`Order ${issued.id} issued (certificate ${issued.certificate?.id}); saved to ${out}`);
} catch (err) {
  if (!(err instanceof CertCentralError)) throw err;
  console.error(`Failed (${err.kind}${err.orderStatus ? `, order ${err.orderStatus}` : ''}): ${err.message}`);
  for (const issue of err.issues) console.error(`  ${issue.field}: ${issue.message}`);
  process.exitCode = 1;
}
