// Place a Secure Site SSL order: validate it, send it, print the result.
//   CERTCENTRAL_BASE_URL=http://127.0.0.1:8787/services/v2 CERTCENTRAL_API_KEY=demo node examples/place-order.mjs
// In your own project, import from "certcentral-orders" instead of the built package.
import { readFileSync } from 'node:fs';
import { CertCentralClient, CertCentralError } from '../pkg/node.mjs';

const baseUrl = process.env.CERTCENTRAL_BASE_URL;
if (!baseUrl) {
  console.error('Set CERTCENTRAL_BASE_URL (the local sandbox: http://127.0.0.1:8787/services/v2).');
  process.exit(2);
}
const client = new CertCentralClient({ apiKey: process.env.CERTCENTRAL_API_KEY, baseUrl, timeoutMs: 10_000 });

const order = {
  certificate: {
    common_name: 'example.com',
    dns_names: ['www.example.com'],
    csr: readFileSync(new URL('../tests/fixtures/csr/rsa3072.pem', import.meta.url), 'utf8'),
    signature_hash: 'sha256',
  },
  organization: { id: 123456 },
  validity_years: 1,
  dcv_method: 'dns-txt-token',
  alternative_order_id: `example${Date.now()}`, // makes retrying an unanswered request safe
};

try {
  const response = await client.orderCertificate('ssl_securesite', order);
  console.log(`Order ${response.id} placed; request status: ${response.requests?.[0]?.status ?? 'none (approval skipped)'}`);
} catch (err) {
  if (!(err instanceof CertCentralError)) throw err;
  console.error(`Order failed (${err.kind}): ${err.message}`);
  for (const issue of err.issues) console.error(`  ${issue.field}: ${issue.message}`);
  process.exitCode = 1;
}
