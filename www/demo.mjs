// `make demo` (until the portal lands): validate every example body from the spec pages, for
// every product its page covers, with the built package, and print the reports.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateOrder, products } from '../pkg/node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const csr = (name) => readFileSync(join(root, 'tests', 'fixtures', 'csr', `${name}.pem`), 'utf8');
const tokens = { $CSR_RSA2048: 'rsa2048', $CSR_RSA3072: 'rsa3072', $CSR_RSA4096: 'rsa4096', $CSR_EC256: 'ec256', $CSR_EC384: 'ec384' };
const fill = (v) => Array.isArray(v) ? v.map(fill)
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
  : typeof v === 'string' && tokens[v] ? csr(tokens[v]) : v;

const bases = {};
for (const file of ['code_signing', 'client', 'ssl']) {
  Object.assign(bases, JSON.parse(readFileSync(join(root, 'tests', 'cases', `${file}.json`), 'utf8')).bases);
}

// Each spec page's example body, and the products the page covers.
const examples = [
  ['page 002 (code signing, newest)', 'cs_example_new', 'code_signing'],
  ['page 000 (code signing, older)', 'cs_example_old', 'code_signing'],
  ['page 001 (code signing, older, with OUs)', 'cs_example_old_ou', 'code_signing'],
  ['page 003 (client certificates)', 'client_example', 'client'],
  ['page 004 (Secure Site SSL)', 'ssl_example', 'ssl'],
];

const mark = { error: '\x1b[31m✖ error  \x1b[0m', warning: '\x1b[33m▲ warning\x1b[0m' };
let failures = 0;
for (const [page, base, family] of examples) {
  console.log(`\n\x1b[1m${page}\x1b[0m  (example body "${base}")`);
  for (const p of products().filter((p) => p.family === family)) {
    const report = validateOrder(p.id, fill(bases[base]));
    if (!report.valid) failures++;
    console.log(`  ${report.valid ? '\x1b[32mvalid  \x1b[0m' : '\x1b[31mINVALID\x1b[0m'} ${p.id.padEnd(36)} ${report.issues.length} issue(s)`);
    for (const i of report.issues) console.log(`      ${mark[i.severity]} ${i.code.padEnd(13)} ${i.field || '(order)'}: ${i.message}`);
  }
}

console.log('\n\x1b[1mA broken order, to show a full report\x1b[0m');
const broken = {
  certificate: { common_name: '*.shop_example.com', dns_names: ['www.example.com', 'bad name'], signature_hash: 'md5', csr: '<csr>' },
  organization: { id: 123456, name: 'Example Inc' },
  validity_years: 3,
  dcv_method: 'http-token',
  locale: 'english',
  payment_methd: 'card',
};
console.log(JSON.stringify(validateOrder('ssl_ev_securesite', broken), null, 2));

console.log(failures === 0 ? '\nEvery spec example validates.' : `\n${failures} example(s) did not validate.`);
process.exitCode = failures === 0 ? 0 : 1;
