// A Secure Site order form: react-hook-form holds the values, certcentral-orders' orderResolver
// checks them with the package's rules. Each error shows its code (`type`), warnings show apart
// and never block the submit. Plain React.createElement, so no JSX build step is needed.
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useForm } from 'react-hook-form';
import { orderResolver } from 'certcentral-orders/react-hook-form';

const PRODUCT = 'ssl_securesite';

function Field({ label, name, register, errors, type = 'text', options = {} }) {
  const error = name.split('.').reduce((e, k) => e?.[k], errors);
  const id = `f-${name.replace(/\./g, '-')}`;
  return h('div', { className: 'field' },
    h('label', { htmlFor: id }, label),
    h(type === 'textarea' ? 'textarea' : 'input', {
      id, type: type === 'textarea' ? undefined : type, 'aria-invalid': error ? 'true' : 'false',
      'aria-describedby': error ? `${id}-error` : undefined, ...register(name, options),
    }),
    error ? h('p', { className: 'error', id: `${id}-error`, 'data-type': error.type, 'data-rule': error.rule, role: 'alert' }, `${error.type}: ${error.message}`) : null);
}

function OrderForm() {
  const [warnings, setWarnings] = useState([]);
  const [sent, setSent] = useState(null);
  const { register, handleSubmit, formState: { errors } } = useForm({
    resolver: orderResolver(PRODUCT, { onWarnings: setWarnings }),
    defaultValues: { certificate: { common_name: '', csr: '', signature_hash: 'sha256' }, organization: { id: undefined }, validity_days: 199 },
  });
  return h('form', { onSubmit: handleSubmit((order) => setSent(order)), noValidate: true },
    h('h1', null, 'Secure Site order'),
    h(Field, { label: 'Common name', name: 'certificate.common_name', register, errors }),
    h(Field, { label: 'CSR', name: 'certificate.csr', register, errors, type: 'textarea' }),
    h(Field, { label: 'Signature hash', name: 'certificate.signature_hash', register, errors }),
    h(Field, { label: 'Organization ID', name: 'organization.id', register, errors, type: 'number', options: { valueAsNumber: true } }),
    h(Field, { label: 'Validity (days)', name: 'validity_days', register, errors, type: 'number', options: { valueAsNumber: true } }),
    warnings.length ? h('ul', { className: 'warnings', 'aria-label': 'Warnings' }, warnings.map((w) => h('li', { key: w.rule + w.field, 'data-rule': w.rule }, `${w.field}: ${w.message}`))) : null,
    h('button', { type: 'submit' }, 'Place order'),
    sent ? h('pre', { id: 'sent' }, JSON.stringify(sent, (k, v) => (k === 'csr' ? `${v.slice(0, 35)}…` : v), 2)) : null);
}

createRoot(document.getElementById('root')).render(h(OrderForm));
