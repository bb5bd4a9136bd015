// The order portal's page: plain ES module, no framework, no build step.
// Everything product-specific comes from the package: the product list from products(), the form
// from orderFields(product), the checks from validateOrder(); orders go through CertCentralClient
// to this portal's own server (/api/certcentral), which adds the API key. A placed order's card
// follows the order with waitForIssuance and, once it is issued, downloads it with downloadCertificate.
import { products, orderFields, validateOrder, inspectCsr, registerLocale, formatIssue, cleanValue, CertCentralClient, CertCentralError } from 'certcentral-orders';

const $ = (id) => document.getElementById(id);
const baseTitle = document.title;
const form = $('order-form');
const fieldsEl = $('fields');
const productSelect = $('product');
const submitButton = $('submit');
const submitStatus = $('submit-status');
const showProblemsButton = $('show-problems');
const summaryEl = $('summary');
const resultEl = $('result');

const client = new CertCentralClient({ baseUrl: '/api/certcentral' }); // no apiKey: the server adds it
// A private key's PEM armour: never shown in the request preview, never sent.
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

const FAMILY_LABELS = { ssl: 'SSL/TLS server certificates', client: 'Client certificates', code_signing: 'Code signing', secure_email: 'Secure Email (S/MIME)' };
const ACRONYMS = new Set(['dns', 'csr', 'id', 'dcv', 'ct', 'cr', 'cs', 'ev', 'ov', 'hsm', 'url', 'ssl']);
const WORDS = { addr1: 'address line 1', addr2: 'address line 2', address2: 'address line 2', zip: 'ZIP / postal code' };
const PLACEHOLDERS = {
  dns_name: 'example.com',
  email: 'name@example.com',
  iso3166_alpha2: 'us',
  'dd MMM YYYY': '09 JUN 2027',
  sha1_thumbprint: '40 hexadecimal digits',
  alphanumeric: 'letters and digits',
  locale: 'en',
  snake_case: '',
  csr_pem: '-----BEGIN CERTIFICATE REQUEST-----\n…\n-----END CERTIFICATE REQUEST-----',
};
const STATUS_NOTES = {
  pending: 'waiting for an administrator to approve the request',
  submitted: 'approved; DigiCert is validating the order',
  rejected: 'rejected',
};

// The order's status (GET /order/certificate/{id}) in plain words; the last word ends a wait.
const ORDER_STATUS_WORDS = {
  needs_approval: 'Waiting for an administrator to approve the order…',
  pending: 'Pending validation…',
  waiting_pickup: 'Waiting for pickup…',
  reissue_pending: 'Reissue pending…',
  issued: 'Issued',
  rejected: 'Rejected',
  canceled: 'Canceled',
  revoked: 'Revoked',
  expired: 'Expired',
};
const orderStatusWords = (status) => ORDER_STATUS_WORDS[status] ?? (status ? `Status: ${String(status).replace(/_/g, ' ')}…` : 'Checking the order’s status…');
// How the card polls: first at once, then after 1 s, each next wait 1.5 times longer (the
// library's schedule, at most a minute apart); after 15 minutes it offers "Check again".
const POLL_INTERVAL_MS = 1000;
const WAIT_TIMEOUT_MS = 15 * 60 * 1000;
const DOWNLOADS = [
  { format: 'pem_all', label: 'Download certificate (PEM)', ext: 'pem', id: 'download-pem' },
  { format: 'apache', label: 'Download ZIP (Apache)', ext: 'zip', id: 'download-zip' },
];

const state = {
  product: null,
  fields: [],
  order: {},
  report: { valid: false, issues: [] },
  revealAll: false,
  busy: false,
  apiErrors: new Map(), // control or group path -> CertCentral errors mapped onto it by `detail`
  apiUnplaced: [], // CertCentral errors no field could take
  blobUrls: [],
  follow: null, // the placed order the result card follows: { orderId, controller, settled }
  // Every attempt at this form's order carries this alternative_order_id (unless the user gave
  // one), so a retry finds an order whose answer was lost instead of placing it twice. A new one
  // comes with "Start a new order".
  attemptId: newAttemptId(),
  maybePlaced: false, // the last attempt's outcome is unknown: look the order up before sending again
  pending: null, // { alt, product, name } of the order on its way or whose outcome is unknown (also in sessionStorage)
  locked: false, // the order was placed: the form is read-only until "Start a new order"
  locale: 'en', // the language of the fields' labels and help and of the messages (the package's catalogs)
  words: null, // the chosen catalog's words (a list entry's label, "Nombre DNS {n}"); null in English
  englishFields: [], // orderFields in English: a catalog's words are keyed by the English labels
};

/** The order as sent: with the attempt's alternative_order_id unless the user gave one. */
const withAttemptId = (order) => (order.alternative_order_id !== undefined ? order : { ...order, alternative_order_id: state.attemptId });

/** A fresh alternative_order_id: letters and digits only (spec page 002), 24 of them. */
function newAttemptId() {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return `portal${[...bytes].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('')}`;
}

// ---------------------------------------------------------------- words

function humanize(name) {
  const text = (WORDS[name] ?? name).split('_').map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
const lowerFirst = (s) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const singular = (s) => (s.endsWith('s') ? s.slice(0, -1) : s);
/** Capitalizes the package's help fragments, unless they start with a value ("sha256, …", "true skips …"). */
function sentence(s, field = {}) {
  const t = s.trim();
  const first = t.split(/[\s,(]/)[0];
  // A value, or a format written as its pattern ("dd MMM YYYY ...", "yyyy-MM-dd ..."), keeps its case.
  const isValue = /[0-9_{"'<]/.test(first) || first === 'true' || first === 'false' || (field.allowed ?? []).map(String).includes(first)
    || (typeof field.format === 'string' && t.startsWith(field.format));
  return t && !isValue ? t.charAt(0).toUpperCase() + t.slice(1) : t;
}
const idFor = (path) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The label of a field at `path`, in the chosen language: orderFields() gives each field one
 * ("Organization ID" for `organization.id`, by its holder); "DNS name 2" for a list item.
 */
function labelFor(field, path) {
  const own = field.label ?? humanize(field.name);
  if (field.name !== '*') return own;
  const n = Number(path.split('.').pop()) + 1;
  if (!state.words) return `${singular(own)} ${n}`;
  // The catalog's own form of a list's entry ("Nombre DNS {n}", keyed by the list's English
  // label), as formatIssue names it in a message; else its general one ("{label} {n}").
  const list = fieldAt(path.split('.').slice(0, -1).join('.'), state.englishFields);
  const template = state.words[list?.label] ?? state.words.entry?.replace('{label}', own) ?? `${own} {n}`;
  return template.replace('{n}', n);
}

/**
 * The `lang` of a text from the chosen catalog (labels, help, messages), or undefined in English.
 * The portal's own words (buttons, titles, the status line) are English in every language, so the
 * page stays `lang="en"` and each catalog text says its own language (WCAG 3.1.2): a screen
 * reader speaks each in its own voice, and a browser's translation sees which is which. `own`
 * says whether the text is the catalog's at all (a label humanized from the field's name is not).
 */
const catalogLang = (own = true) => (own && state.locale !== 'en' ? state.locale.replace('_', '-') : undefined);
/** Whether a text differs from its English (a catalog that has no word for it gives the English). */
const translated = (text, english) => text !== undefined && text !== english;
/** A field's label is the catalog's when orderFields gave one, or a list entry named by its words. */
const labelLang = (field) => catalogLang(field.label !== undefined || (field.name === '*' && Boolean(state.words)));

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

// ---------------------------------------------------------------- building the form

// Shown up front: what is required (outright or on a condition), and what the package marks
// prominent for this product (a multi-domain certificate's DNS names, code signing's
// provisioning method, the validity).
const isProminent = (f) => f.required || Boolean(f.requiredWhen) || Boolean(f.prominent);

function tagFor(field) {
  if (field.deprecated) return el('span', { class: 'tag tag-deprecated', text: 'Deprecated' });
  if (field.name === '*') return null;
  if (field.required) return el('span', { class: 'tag tag-required', text: 'Required' });
  // Whether a conditional field is required depends on the rest of the order: update() says
  // "Required" or "Optional" as the order stands (requiredNow).
  if (field.requiredWhen) return el('span', { class: 'tag tag-optional', 'data-required-when': '1', text: 'Optional' });
  return el('span', { class: 'tag tag-optional', text: 'Optional' });
}

// The sentence around orderFields' `requiredWhen` (a phrase in the chosen language: "unless days
// or an expiration date is given"), in that language: the portal's own words, as its other
// words are; the phrase alone comes from the package's catalog.
const REQUIRED_WHEN = {
  en: 'Required {when}.',
  es: 'Obligatorio {when}.',
  de: 'Erforderlich ({when}).',
  fr: 'Obligatoire {when}.',
  ja: '必須（{when}）。',
  pt: 'Obrigatório {when}.',
  zh_CN: '必填（{when}）。',
};

/**
 * A field's help: orderFields' text and its condition (in the chosen language), and a deprecated
 * field's note, which the package words in English in every language (`deprecated`), so it is
 * the portal's English words around it. `text` is for the help's element (helpNode).
 */
function helpText(field) {
  const parts = [];
  if (field.name !== '*' || !field.help) parts.push(sentence(field.help ?? '', field));
  if (field.requiredWhen) parts.push((REQUIRED_WHEN[state.locale] ?? REQUIRED_WHEN.en).replace('{when}', field.requiredWhen));
  const text = parts.filter(Boolean).join(' ');
  const deprecated = field.deprecated ? `Deprecated: ${field.deprecated}.` : '';
  return text || deprecated ? { text, deprecated } : null;
}

/** The help's element: the catalog's text in its language, the deprecation note in English. */
function helpNode(help, id) {
  if (!help) return null;
  return el('p', { class: 'help', id: `${id}-help`, lang: help.text ? catalogLang() : undefined },
    help.text,
    help.text && help.deprecated ? ' ' : null,
    help.deprecated ? el('span', { lang: help.text && catalogLang() ? 'en' : undefined, text: help.deprecated }) : null);
}

/** One scalar field: label, control, help and the message element the control describes itself with. */
function renderScalar(field, path) {
  const id = idFor(path);
  const help = helpText(field);
  const isCsr = field.format === 'csr_pem';
  const describedBy = [help && `${id}-help`, isCsr && `${id}-read`, `${id}-msg`].filter(Boolean).join(' ');
  const common = {
    id, name: path, 'aria-describedby': describedBy, 'data-kind': field.kind,
    'aria-required': field.required && field.name !== '*' ? 'true' : undefined,
  };
  if (field.autocomplete) common.autocomplete = field.autocomplete;
  let control;
  let extra = null;
  if (field.presets?.length) return renderPresets(field, path, help);
  if (field.control === 'checkbox') return renderCheckbox(field, path, help, common);
  if (field.control === 'choice' && field.allowed) {
    control = el('select', common,
      el('option', { value: '', text: field.required ? 'Choose…' : 'Not set' }),
      field.allowed.map((v, i) => el('option', { value: String(v), lang: catalogLang(translated(field.allowedLabels?.[i], fieldAt(path, state.englishFields)?.allowedLabels?.[i])), text: field.allowedLabels?.[i] ?? String(v) })));
    if (field.required && field.allowed.length === 1) control.value = String(field.allowed[0]);
  } else if (field.control === 'country') {
    control = el('select', common, el('option', { value: '', text: field.required ? 'Choose…' : 'Not set' }),
      countries().map(([code, name]) => el('option', { value: code, lang: catalogLang(), text: name })));
  } else if (field.kind === 'integer') {
    control = el('input', { ...common, type: 'number', step: '1', inputmode: 'numeric', min: field.min, max: field.max, class: 'input-number' });
  } else if (field.format === 'csr_pem') {
    control = el('textarea', { ...common, rows: 8, spellcheck: 'false', autocapitalize: 'off', class: 'input-pem', placeholder: PLACEHOLDERS.csr_pem });
    const fileId = `${id}-file`;
    const file = el('input', { type: 'file', id: fileId, accept: '.pem,.csr,.req,.txt,application/x-pem-file', 'data-for': path, class: 'input-file' });
    file.addEventListener('change', () => loadFileInto(file, control));
    control.addEventListener('dragover', (e) => e.preventDefault());
    control.addEventListener('drop', (e) => {
      if (!e.dataTransfer?.files?.length) return;
      e.preventDefault();
      loadFileInto({ files: e.dataTransfer.files }, control);
    });
    extra = el('div', { class: 'file-row' }, el('label', { for: fileId, text: `Or load the ${humanize(field.name)} from a file (.pem, .csr)` }), file);
  } else {
    const type = field.format === 'email' ? 'email' : field.format === 'yyyy-MM-dd' ? 'date' : 'text';
    const listId = field.allowed ? `${id}-options` : undefined;
    control = el('input', {
      ...common, type, list: listId, placeholder: PLACEHOLDERS[field.format] || undefined,
      maxlength: undefined, spellcheck: field.format ? 'false' : undefined, autocapitalize: field.format ? 'off' : undefined,
    });
    if (listId) extra = el('datalist', { id: listId }, field.allowed.map((v) => el('option', { value: String(v) })));
  }
  const wide = field.format === 'csr_pem';
  return el('div', { class: `field${wide ? ' field-wide' : ''}${field.deprecated ? ' field-deprecated' : ''}`, 'data-field': path },
    el('label', { for: id }, el('span', { class: 'label-text', lang: labelLang(field), text: labelFor(field, path) }), ' ', tagFor(field)),
    control,
    extra,
    helpNode(help, id),
    isCsr ? el('p', { class: 'csr-read', id: `${id}-read` }) : null,
    el('div', { class: 'msgs', id: `${id}-msg` }));
}

/**
 * ISO 3166-1 alpha-2 codes with their names in the chosen language, by name: every two-letter
 * code the browser can name (Intl.DisplayNames, without a list of our own to keep up to date).
 * Values are lower case, as CertCentral's examples write them.
 */
const countryCache = new Map();
function countries() {
  const lang = catalogLang() ?? 'en';
  if (!countryCache.has(lang)) {
    let names;
    try { names = new Intl.DisplayNames([lang, 'en'], { type: 'region', fallback: 'none' }); } catch { names = null; }
    const out = [];
    for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = names?.of(code);
      if (name && name !== code && !['EU', 'EZ', 'UN', 'ZZ', 'QO', 'XA', 'XB', 'XK'].includes(code)) out.push([code.toLowerCase(), name]);
    }
    countryCache.set(lang, out.sort((x, y) => x[1].localeCompare(y[1], lang)));
  }
  return countryCache.get(lang);
}

/** A yes/no field: a checkbox; unchecked leaves it out of the order (CertCentral's default). */
function renderCheckbox(field, path, help, common) {
  const id = idFor(path);
  return el('div', { class: 'field field-checkbox', 'data-field': path },
    el('div', { class: 'checkbox-row' },
      el('input', { ...common, type: 'checkbox', value: 'true' }),
      el('label', { for: id }, el('span', { class: 'label-text', lang: labelLang(field), text: labelFor(field, path) }), ' ', tagFor(field))),
    helpNode(help, id),
    el('div', { class: 'msgs', id: `${id}-msg` }));
}

/**
 * The validity as one choice (orderFields' presets): each choice says what it yields today, and
 * the one the package marks default raises no warning. The chosen one is put into the order by
 * buildOrder() unless the person set the validity themselves in the fields under "More".
 */
function renderPresets(field, path, help) {
  const id = idFor(path);
  const name = `${path}~preset`;
  const options = field.presets.map((p, i) => {
    const rid = `${id}-preset-${i}`;
    return el('div', { class: 'preset' },
      el('input', { type: 'radio', id: rid, name, value: presetKey(p), checked: p.default, 'aria-describedby': `${rid}-help` }),
      el('label', { for: rid }, el('span', { class: 'preset-label', lang: catalogLang(), text: p.label }), p.default ? el('span', { class: 'tag tag-optional', text: 'Recommended' }) : null),
      el('p', { class: 'help preset-help', id: `${rid}-help`, lang: catalogLang(), text: p.help }));
  });
  return el('fieldset', { class: 'field field-wide group presets', 'data-group': path, 'data-presets': path, id, 'aria-describedby': `${id}-msg` },
    // "Validity", not "Validity years": the choice sets years or days.
    el('legend', {}, el('span', { class: 'label-text', text: humanize('validity') })),
    ...options,
    el('div', { class: 'msgs', id: `${id}-msg` }));
}

/** The chosen preset of the field with presets at `path`, or null. */
function chosenPreset(field, path) {
  const radio = form.querySelector(`input[type=radio][name="${CSS.escape(`${path}~preset`)}"]:checked`);
  return radio ? field.presets.find((p) => presetKey(p) === radio.value) ?? null : null;
}
/**
 * A preset's radio value: what it sets, not its place in the list, so a choice kept across a
 * product switch means the same validity (or is dropped when the new product has no such choice).
 */
const presetKey = (p) => `${p.path}=${p.value}`;

async function loadFileInto(input, textarea) {
  const file = input.files?.[0];
  if (!file) return;
  if (file.size > 64 * 1024) {
    // Said beside the field, not in a blocking alert(), and what the field held is kept.
    const note = document.getElementById(`${textarea.id}-read`);
    if (note) note.textContent = `${file.name} was not loaded: it is ${Math.round(file.size / 1024)} KB, and a CSR is a few KB. Choose the .csr or .pem file of the request.`;
    return;
  }
  textarea.value = (await file.text()).replace(/\r\n/g, '\n');
  textarea.dataset.touched = '1';
  clearApiErrors(textarea.name);
  prefillFromCsr(textarea);
  update();
}

// ---------------------------------------------------------------- filling the form from a CSR

const keyWords = (key) => ({ rsa: `RSA ${key.bits}`, ec: `ECDSA ${key.curve ?? ''}`.trim(), ed25519: 'Ed25519', ed448: 'Ed448' })[key.algorithm] ?? 'an unusual key';

/** What a CSR holds, in a line: "RSA 2048 · www.example.com + 2 names". */
function csrSummary(info, family) {
  const parts = [keyWords(info.key)];
  if (family === 'client') {
    const more = info.emails.length - 1;
    parts.push(info.emails.length ? `${info.emails[0]}${more ? ` + ${more} more address${more === 1 ? '' : 'es'}` : ''}` : 'no e-mail address');
  } else {
    const others = info.dnsNames.filter((n) => n.toLowerCase() !== info.commonName?.toLowerCase());
    parts.push(`${info.commonName ?? 'no common name'}${others.length ? ` + ${plural(others.length, 'name')}` : ''}`);
  }
  return `Read from the CSR: ${parts.join(' · ')}`;
}

/** Sets an empty control (or one this CSR code filled and nobody changed since) to `value`. */
function fillIfFree(c, value) {
  if (!c || (c.value !== '' && c.value !== c.dataset.prefilled)) return false;
  c.value = value;
  c.dataset.prefilled = value;
  return true;
}

/** Fills list `path` with `values` when every row of it is free (empty or filled from a CSR before). */
function fillList(path, values) {
  const field = fieldAt(path);
  const rows = form.querySelector(`[data-list="${CSS.escape(path)}"]`);
  if (!field || !rows || (!values.length && !rows.children.length)) return;
  const controls = () => [...rows.children].map((_, i) => control(`${path}.${i}`));
  if (!controls().every((c) => c && (c.value === '' || c.value === c.dataset.prefilled))) return;
  const wanted = field.maxItems === undefined ? values : values.slice(0, field.maxItems);
  // Rows an earlier CSR filled go when this one has fewer names (a required list keeps its first).
  const min = field.required ? Math.max(field.minItems ?? 1, 1) : 0;
  while (rows.children.length > Math.max(wanted.length, min)) removeListRow(field, path, rows, rows.children.length - 1);
  while (rows.children.length < wanted.length) addListRow(field, path, rows);
  controls().forEach((c, i) => {
    c.value = '';
    if (i < wanted.length) fillIfFree(c, wanted[i]);
  });
  const more = rows.closest('details');
  if (more && wanted.length) more.open = true; // filled fields are shown, not left under "More … options"
}

/**
 * A readable CSR fills the names the certificate will carry when the user has not typed them:
 * Secure Site: common_name and dns_names; client certificates: the e-mail list. What the user
 * typed is never overwritten. The line under the field says what was read.
 */
/**
 * The line under a CSR box: what the CSR holds, or that a private key was pasted (said at once,
 * beside the field; the package's own message only says that this is not a CSR). Its inspectCsr.
 */
function csrNote(textarea) {
  const info = inspectCsr(textarea.value);
  const note = document.getElementById(`${textarea.id}-read`);
  if (!note) return info;
  const privateKey = PRIVATE_KEY.test(textarea.value);
  const family = products().find((p) => p.id === state.product)?.family;
  note.textContent = privateKey ? 'This is a private key, not a certificate signing request. Never paste a private key into a web page or send it to anyone: delete it from this box, and paste the request (-----BEGIN CERTIFICATE REQUEST-----) made from it.'
    : info.valid ? csrSummary(info, family) : '';
  note.classList.toggle('csr-read-alarm', privateKey);
  return info;
}

function prefillFromCsr(textarea) {
  const info = csrNote(textarea);
  const family = products().find((p) => p.id === state.product)?.family;
  if (!info.valid) return;
  const base = textarea.name.replace(/\.csr$/, '');
  if (family === 'ssl') {
    if (info.commonName) fillIfFree(control(`${base}.common_name`), info.commonName);
    const cn = control(`${base}.common_name`)?.value.toLowerCase();
    fillList(`${base}.dns_names`, info.dnsNames.filter((n) => n.toLowerCase() !== cn));
  } else if (family === 'client') {
    fillList(`${base}.emails`, info.emails);
  }
}

/** A fieldset for an object or list field, with its help and message element. */
function groupShell(field, path, { legendClass = '', extraClass = '' } = {}) {
  const id = idFor(path);
  const help = field.name === '*' ? null : helpText(field);
  const fieldset = el('fieldset', {
    class: `group ${extraClass}`.trim(), 'data-group': path, id,
    'aria-describedby': [help && `${id}-help`, `${id}-msg`].filter(Boolean).join(' '),
  }, el('legend', { class: legendClass }, el('span', { class: 'label-text', lang: labelLang(field), text: labelFor(field, path) }), ' ', tagFor(field)));
  if (help) fieldset.append(helpNode(help, id));
  fieldset.append(el('div', { class: 'msgs', id: `${id}-msg` }));
  return fieldset;
}

function renderField(field, path) {
  if (field.kind === 'object') return renderObject(field, path);
  if (field.kind === 'list') return renderList(field, path);
  return renderScalar(field, path);
}

function renderObject(field, path) {
  const box = groupShell(field, path);
  const body = el('div', { class: 'grid' });
  box.append(body);
  if (field.oneOf) renderChoices(field, path, body, false);
  else for (const child of field.fields ?? []) body.append(renderField(child, `${path}.${child.name}`));
  return box;
}

/** Appends `fields` to `container`; with `split`, optional fields go under "More … options" and deprecated ones under "Deprecated fields". */
function renderFieldList(fields, parentPath, container, split, moreLabel) {
  const at = (f) => (parentPath ? `${parentPath}.${f.name}` : f.name);
  if (!split) {
    for (const f of fields) container.append(renderField(f, at(f)));
    return;
  }
  const main = fields.filter((f) => isProminent(f) && !f.deprecated);
  const more = fields.filter((f) => !isProminent(f) && !f.deprecated);
  const deprecated = fields.filter((f) => f.deprecated);
  for (const f of main) container.append(renderField(f, at(f)));
  if (more.length) {
    const grid = el('div', { class: 'grid' });
    for (const f of more) grid.append(renderField(f, at(f)));
    container.append(el('details', { class: 'more', 'data-more': `${parentPath}:more` }, el('summary', {}, el('span', {}, moreLabel), el('span', { class: 'count', text: `${more.length}` })), grid));
  }
  if (deprecated.length) {
    const grid = el('div', { class: 'grid' });
    for (const f of deprecated) grid.append(renderField(f, at(f)));
    container.append(el('details', { class: 'more more-deprecated', 'data-more': `${parentPath}:deprecated` },
      el('summary', {}, el('span', { text: 'Deprecated fields' }), el('span', { class: 'count', text: `${deprecated.length}` })),
      el('p', { class: 'help', text: 'Still accepted by CertCentral, but each has a replacement above; prefer the replacement.' }),
      grid));
  }
}

/** An object with `oneOf` (the organization): a radio choice, then the chosen alternative's fields. */
function renderChoices(field, path, container, split) {
  const choiceName = `${path}~choice`;
  const radios = el('div', { class: 'choices' });
  const choiceSet = el('fieldset', { class: 'choice-set' }, el('legend', { class: 'sr-only', text: `${humanize(field.name)}: which kind` }), radios);
  container.append(choiceSet);
  const inSome = new Set(field.oneOf.flatMap((c) => c.fields));
  field.oneOf.forEach((choice, i) => {
    const rid = `${idFor(path)}-choice-${i}`;
    radios.append(el('label', { class: 'choice', for: rid },
      el('input', { type: 'radio', id: rid, name: choiceName, value: String(i), checked: i === 0 }),
      el('span', { lang: catalogLang(), text: choice.label })));
    const members = choice.fields.map((n) => field.fields.find((f) => f.name === n)).filter(Boolean);
    const alt = el('div', { class: 'alt grid', 'data-alt-of': path, 'data-alt': String(i), hidden: i !== 0 });
    renderFieldList(members, path, alt, split, ['More ', el('span', { lang: catalogLang(), text: lowerFirst(choice.label) }), ' options']);
    container.append(alt);
  });
  const rest = field.fields.filter((f) => !inSome.has(f.name));
  renderFieldList(rest, path, container, split, `More ${lowerFirst(humanize(field.name))} options`);
}

function renderList(field, path) {
  const box = groupShell(field, path, { extraClass: 'list' });
  const rows = el('div', { class: 'list-rows', 'data-list': path });
  const itemLabel = lowerFirst(singular(humanize(field.name)));
  const add = el('button', { type: 'button', class: 'btn btn-small btn-add', 'data-add': path, text: `+ Add ${itemLabel}` });
  add.addEventListener('click', () => {
    addListRow(field, path, rows);
    box.dataset.touched = '1';
    rows.lastElementChild?.querySelector('input, select, textarea')?.focus();
    update();
  });
  // A list the product is ordered for (a multi-domain certificate's names) says its limit.
  const limit = field.prominent && field.maxItems ? el('span', { class: 'list-limit', text: `up to ${field.maxItems}` }) : null;
  box.append(rows, el('div', { class: 'list-actions' }, add, limit));
  const initial = field.required ? Math.max(field.minItems ?? 1, 1) : 0;
  for (let i = 0; i < initial; i++) addListRow(field, path, rows);
  return box;
}

function addListRow(field, path, rows) {
  const index = rows.children.length;
  const itemPath = `${path}.${index}`;
  const item = renderField(field.items, itemPath);
  const label = labelFor(field.items, itemPath);
  const remove = el('button', { type: 'button', class: 'btn btn-small btn-remove', 'aria-label': `Remove ${label}`, text: 'Remove' });
  remove.addEventListener('click', () => removeListRow(field, path, rows, index));
  rows.append(el('div', { class: 'list-row', 'data-index': String(index) }, item, remove));
  syncAddButton(field, path);
}

function syncAddButton(field, path) {
  const add = form.querySelector(`[data-add="${CSS.escape(path)}"]`);
  const rows = form.querySelector(`[data-list="${CSS.escape(path)}"]`);
  if (add && rows) add.disabled = field.maxItems !== undefined && rows.children.length >= field.maxItems;
}

/** Removes row `index` and renumbers the rest (names are paths with indices), keeping their values. */
function removeListRow(field, path, rows, index) {
  const saved = [...rows.children].map((row, i) => snapshot(row, `${path}.${i}`));
  saved.splice(index, 1);
  rows.replaceChildren();
  saved.forEach((snap, i) => {
    addListRow(field, path, rows);
    restore(rows.lastElementChild, snap, `${path}.${i}`);
  });
  const group = rows.closest('[data-group]');
  group.dataset.touched = '1';
  clearApiErrors(null);
  const next = rows.children[index] ?? rows.children[index - 1];
  (next?.querySelector('input, select, textarea') ?? form.querySelector(`[data-add="${CSS.escape(path)}"]`))?.focus();
  syncAddButton(field, path);
  update();
}

/** Values of the named controls under `root`, keyed by name relative to `prefix`. */
function snapshot(root, prefix = '') {
  const out = { values: new Map(), touched: new Set(), choices: new Map(), lists: new Map() };
  const rel = (name) => (prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name);
  for (const c of root.querySelectorAll('[name]')) {
    if (c.type === 'radio') { if (c.checked) out.choices.set(rel(c.name), c.value); continue; }
    if (c.type === 'file' || c === productSelect) continue;
    out.values.set(rel(c.name), c.type === 'checkbox' ? (c.checked ? 'true' : '') : c.value);
    if (c.dataset.touched) out.touched.add(rel(c.name));
  }
  for (const list of root.querySelectorAll('[data-list]')) out.lists.set(rel(list.dataset.list), list.children.length);
  return out;
}

function restore(root, snap, prefix = '') {
  // Lists first (their rows hold controls), shallow before deep.
  const lists = [...snap.lists.entries()].sort((a, b) => a[0].split('.').length - b[0].split('.').length);
  for (const [relPath, count] of lists) {
    const rows = root.querySelector(`[data-list="${CSS.escape(prefix + relPath)}"]`);
    if (!rows) continue;
    const field = fieldAt(prefix + relPath);
    while (field && rows.children.length < count) addListRow(field, prefix + relPath, rows);
  }
  for (const [relName, value] of snap.choices) {
    const radio = root.querySelector(`input[type=radio][name="${CSS.escape(prefix + relName)}"][value="${CSS.escape(value)}"]`);
    if (radio) { radio.checked = true; syncChoice(radio); }
  }
  for (const [relName, value] of snap.values) {
    const c = root.querySelector(`[name="${CSS.escape(prefix + relName)}"]`);
    if (!c) continue;
    // A field emptied after typing keeps showing that it is required.
    if (snap.touched.has(relName)) c.dataset.touched = '1';
    if (value === '' || (c.tagName === 'SELECT' && ![...c.options].some((o) => o.value === value))) continue;
    if (c.type === 'checkbox') c.checked = value === 'true';
    else c.value = value;
  }
}

/** The FieldInfo for a concrete path (list indices in place of `*`). */
function fieldAt(path, fields = state.fields) {
  let found = null;
  for (const step of path.split('.')) {
    if (found?.kind === 'list') { found = found.items; fields = found.fields ?? []; continue; }
    found = fields.find((f) => f.name === step) ?? null;
    if (!found) return null;
    fields = found.fields ?? [];
  }
  return found;
}

function syncChoice(radio) {
  const path = radio.name.replace(/~choice$/, '');
  for (const alt of form.querySelectorAll(`[data-alt-of="${CSS.escape(path)}"]`)) alt.hidden = alt.dataset.alt !== radio.value;
}

function renderForm(restoreSnap) {
  state.fields = orderFields(state.product, { locale: state.locale });
  state.englishFields = state.locale === 'en' ? state.fields : orderFields(state.product);
  fieldsEl.replaceChildren();
  const sectionObjects = state.fields.filter((f) => f.kind === 'object' && f.required);
  // Fields the package puts before the first section decide what the rest needs (code
  // signing's provisioning method decides whether a CSR is needed): asked first, on their own.
  const firstObject = state.fields.findIndex((f) => sectionObjects.includes(f));
  const leading = state.fields.slice(0, Math.max(firstObject, 0)).filter((f) => f.prominent);
  const orderLevel = state.fields.filter((f) => !sectionObjects.includes(f) && !leading.includes(f));
  if (leading.length) {
    const section = el('fieldset', { class: 'card section', id: 'first-section' },
      el('legend', { class: 'section-title', text: 'Start here' }),
      el('p', { class: 'help section-help', text: 'What you choose here decides what the rest of the order needs.' }));
    const body = el('div', { class: 'grid' });
    section.append(body);
    for (const f of leading) body.append(renderField(f, f.name));
    fieldsEl.append(section);
  }
  for (const f of sectionObjects) {
    const section = el('fieldset', { class: 'card section group', 'data-group': f.name, id: idFor(f.name), 'aria-describedby': `${idFor(f.name)}-help ${idFor(f.name)}-msg` },
      el('legend', { class: 'section-title', lang: catalogLang(f.label !== undefined) }, f.label ?? humanize(f.name)),
      el('p', { class: 'help section-help', id: `${idFor(f.name)}-help`, lang: catalogLang(), text: sentence(f.help) }),
      el('div', { class: 'msgs', id: `${idFor(f.name)}-msg` }));
    const body = el('div', { class: 'grid' });
    section.append(body);
    if (f.oneOf) renderChoices(f, f.name, body, true);
    else renderFieldList(f.fields ?? [], f.name, body, true, `More ${lowerFirst(humanize(f.name))} options`);
    fieldsEl.append(section);
  }
  if (orderLevel.length) {
    const section = el('fieldset', { class: 'card section', id: 'order-section' },
      el('legend', { class: 'section-title', text: 'Order' }),
      el('p', { class: 'help section-help', text: 'Validity, renewal, billing and other settings of the order itself.' }));
    const body = el('div', { class: 'grid' });
    section.append(body);
    renderFieldList(orderLevel, '', body, true, 'More order options');
    fieldsEl.append(section);
  }
  if (restoreSnap) restore(fieldsEl, restoreSnap);
}

// ---------------------------------------------------------------- reading the order from the form

const control = (name) => form.querySelector(`[name="${CSS.escape(name)}"]:not([type=radio]):not([type=file])`);

function chosenNames(field, path) {
  if (!field.oneOf) return null;
  const radio = form.querySelector(`input[type=radio][name="${CSS.escape(`${path}~choice`)}"]:checked`);
  const chosen = field.oneOf[Number(radio?.value ?? 0)] ?? field.oneOf[0];
  const inSome = new Set(field.oneOf.flatMap((c) => c.fields));
  return new Set([...chosen.fields, ...field.fields.map((f) => f.name).filter((n) => !inSome.has(n))]);
}

/** The value of `field` at `path`; undefined when empty (and so left out of the order). */
function readField(field, path) {
  if (field.kind === 'object') {
    const names = chosenNames(field, path);
    const obj = {};
    for (const child of field.fields ?? []) {
      if (names && !names.has(child.name)) continue;
      const v = readField(child, `${path}.${child.name}`);
      if (v !== undefined) obj[child.name] = v;
    }
    return Object.keys(obj).length || field.required ? obj : undefined;
  }
  if (field.kind === 'list') {
    const rows = form.querySelector(`[data-list="${CSS.escape(path)}"]`);
    const n = rows?.children.length ?? 0;
    if (!n) return undefined;
    // Every row the user added stays, even empty, so list indices match the controls' names.
    return Array.from({ length: n }, (_, i) => readField(field.items, `${path}.${i}`) ?? (field.items.kind === 'object' ? {} : ''));
  }
  if (field.presets?.length) return undefined; // buildOrder() applies the chosen preset
  const c = control(path);
  if (!c) return undefined;
  if (c.type === 'checkbox') return c.checked ? (field.kind === 'integer' ? 1 : true) : undefined;
  if (field.kind === 'integer') {
    if (c.validity?.badInput) return c.value || 'not a number';
    const raw = c.value.trim();
    if (raw === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  // A date typed in part (the browser's date box then holds ""): not left out of the order as if
  // it were empty, where the order would go without it; the rules say it is no date.
  if (c.validity?.badInput) return 'an incomplete date';
  return c.value === '' ? undefined : c.value;
}

function buildOrder() {
  const order = {};
  for (const f of state.fields) {
    const v = readField(f, f.name);
    if (v !== undefined) order[f.name] = v;
  }
  applyPresets(order, state.fields, '');
  return order;
}

/**
 * Puts each chosen validity preset into `order`, unless the object it goes into already has a
 * validity the person set (years, days or a date typed in the fields under "More").
 */
function applyPresets(order, fields, prefix) {
  for (const f of fields) {
    const path = prefix ? `${prefix}.${f.name}` : f.name;
    if (f.kind === 'object' && f.fields) applyPresets(order, f.fields, path);
    if (!f.presets?.length) continue;
    const preset = chosenPreset(f, path);
    if (!preset) continue;
    const steps = preset.path.split('.');
    const key = steps.pop();
    const siblings = new Set([...f.presets.map((p) => p.path.split('.').pop()), 'custom_expiration_date']);
    let target = order;
    for (const step of steps) target = target[step] ??= {};
    if (typeof target !== 'object' || target === null || Object.keys(target).some((k) => siblings.has(k))) continue;
    target[key] = preset.value;
  }
}

// ---------------------------------------------------------------- showing issues

const isVisible = (node) => node && !node.closest('[hidden]');
const isTouched = (node) => Boolean(node.dataset.touched) || Boolean(node.querySelector?.('[data-touched]'));

/**
 * The alternative shown instead of the one that holds `field`'s control ("New organization"
 * while the organization's ID belongs to "Existing organization"), or null.
 */
function chosenInstead(field) {
  const alt = control(field)?.closest('[data-alt-of]');
  return alt?.hidden ? form.querySelector(`[data-alt-of="${CSS.escape(alt.dataset.altOf)}"]:not([hidden])`) : null;
}

/**
 * Where an issue for `field` goes: a control, a group (fieldset), or nowhere (the summary). An
 * issue about the order itself (no field, such as a retired product's warning) goes next to the
 * product picker, shown at once: it is about the choice already made.
 */
function placeFor(field) {
  if (!field) return { kind: 'control', node: productSelect, always: true };
  const c = control(field);
  if (isVisible(c)) return { kind: 'control', node: c };
  const g = form.querySelector(`[data-group="${CSS.escape(field)}"]`);
  if (isVisible(g)) return { kind: 'group', node: g };
  return null;
}

/**
 * An issue in words for a person: the package's form style names the field by its label, never
 * its API path (CertCentral's own errors are shown as CertCentral wrote them).
 */
const issueText = (issue) => (issue.api ? issue.message : formatIssue(issue, { locale: state.locale, style: 'form', product: state.product }));

function messageNode(issue) {
  const warning = issue.severity === 'warning';
  const text = issueText(issue);
  const p = el('p', { class: `msg ${warning ? 'msg-warning' : 'msg-error'}${issue.api ? ' msg-api' : ''}` },
    el('span', { class: 'msg-icon', 'aria-hidden': 'true', text: warning ? '▲' : '✖' }),
    warning ? el('strong', { class: 'msg-label', text: 'Warning: ' }) : el('span', { class: 'sr-only', text: 'Error: ' }),
    issue.api ? el('strong', { class: 'msg-label', text: `CertCentral${issue.status ? ` (HTTP ${issue.status})` : ''}: ` }) : null,
    el('span', { lang: catalogLang(!issue.api), text }),
    issue.api ? el('code', { class: 'msg-code', text: ` ${issue.code}` }) : null);
  return p;
}

function renderIssues() {
  for (const n of form.querySelectorAll('[aria-invalid]')) n.removeAttribute('aria-invalid');
  for (const n of form.querySelectorAll('.msgs')) n.replaceChildren();
  for (const n of form.querySelectorAll('.has-error, .has-warning')) n.classList.remove('has-error', 'has-warning');

  const byField = new Map();
  const push = (key, issue) => { if (!byField.has(key)) byField.set(key, []); byField.get(key).push(issue); };
  for (const issue of state.report.issues) push(issue.field, issue);
  for (const [key, errors] of state.apiErrors) for (const e of errors) push(key, e);

  const anyTouched = Boolean(form.querySelector('[data-touched]'));
  const unplaced = [];
  const placed = [];
  for (const [field, issues] of byField) {
    const place = placeFor(field);
    if (!place) {
      // A field of the alternative not chosen (the organization's ID while a new organization
      // is entered) says what the chosen one lacks: shown once something of it was filled in,
      // or on "Show problems", not on choosing it, before anything could be typed.
      const instead = chosenInstead(field);
      if (!instead || state.revealAll || isTouched(instead)) unplaced.push(...issues);
      continue;
    }
    const shown = state.revealAll || place.always || isTouched(place.node) || issues.some((i) => i.api);
    if (!shown) continue;
    placed.push(...issues.map((issue) => ({ issue, place })));
    const msgs = $(`${place.node.id}-msg`);
    for (const issue of issues) msgs?.append(messageNode(issue));
    const hasError = issues.some((i) => i.severity === 'error');
    if (hasError) place.node.setAttribute('aria-invalid', 'true');
    const row = place.kind === 'control' ? place.node.closest('.field') : place.node;
    row?.classList.add(hasError ? 'has-error' : 'has-warning');
    if (state.revealAll || issues.some((i) => i.api)) {
      for (let d = place.node.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
    }
  }

  // The summary: issues no control can show, and — after "Show problems" — every issue, as links.
  const items = [];
  if (anyTouched || state.revealAll) for (const issue of unplaced) items.push({ issue });
  for (const e of state.apiUnplaced) items.push({ issue: e });
  if (state.revealAll) items.push(...placed);
  // In the order of the page, as a person reads it (GOV.UK's error summary).
  const position = (item) => item.place?.node ?? null;
  items.sort((a, b) => {
    const na = position(a);
    const nb = position(b);
    if (!na || !nb) return na ? 1 : nb ? -1 : 0;
    return na === nb ? 0 : na.compareDocumentPosition(nb) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  const list = $('summary-list');
  // An entry that says the same as before keeps its element: leaving a field (a pointer pressed on
  // a link of the summary) re-renders it, and a link made anew between the press and the release
  // got no click. Entries are put in order moving only those out of place.
  const kept = new Map();
  for (const li of [...list.children]) if (kept.has(li.dataset.key)) li.remove(); else kept.set(li.dataset.key, li);
  const lis = items.map(({ issue, place }) => {
    const key = `${place?.node.id ?? ''}\n${issue.severity}\n${issue.api ? issue.code : issue.rule}\n${issueText(issue)}`;
    const old = kept.get(key);
    if (old) { kept.delete(key); return old; }
    const li = el('li', { class: issue.severity === 'warning' ? 'summary-warning' : 'summary-error', 'data-key': key });
    // GOV.UK's error summary: each entry is the message itself, linking to its field.
    if (place) {
      const a = el('a', { href: `#${place.node.id}`, class: 'summary-link' }, messageNode(issue));
      // Looked up when clicked: a kept entry outlives a re-render (another language) of its field.
      const id = place.node.id;
      a.addEventListener('click', (e) => { e.preventDefault(); focusNode(document.getElementById(id) ?? place.node); });
      li.append(a);
    } else {
      li.append(messageNode(issue));
    }
    return li;
  });
  for (const li of kept.values()) li.remove();
  lis.forEach((li, i) => { if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null); });
  const errors = items.filter((i) => i.issue.severity !== 'warning').length;
  const warnings = items.length - errors;
  $('summary-title').textContent = [errors && plural(errors, 'error'), warnings && plural(warnings, 'warning')].filter(Boolean).join(' and ')
    + (state.revealAll ? ' in this order' : ' not tied to one field');
  summaryEl.hidden = items.length === 0;
  summaryEl.classList.toggle('summary-has-errors', errors > 0);
  // After a submit with errors the summary is an alert and the page's title says so.
  if (state.revealAll && errors > 0) summaryEl.setAttribute('role', 'alert');
  else summaryEl.removeAttribute('role');
  document.title = state.revealAll && errors > 0 ? `Error: ${baseTitle}` : baseTitle;
}

function focusNode(node) {
  for (let d = node.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
  const target = node.matches('input, select, textarea') ? node : node.querySelector('input, select, textarea, button');
  (target ?? node).focus();
  node.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function renderActions() {
  const errors = state.report.issues.filter((i) => i.severity === 'error').length;
  const warnings = state.report.issues.length - errors;
  // Always reachable: submitting an order with errors shows what to fix (the error summary).
  submitButton.disabled = state.busy || state.locked;
  submitButton.textContent = state.locked ? 'Order placed' : state.busy ? 'Placing order…' : 'Place order';
  form.setAttribute('aria-busy', String(state.busy));
  if (state.locked) {
    submitStatus.replaceChildren(el('span', { class: 'status-ok' }, el('span', { class: 'dot dot-ok', 'aria-hidden': 'true' }), 'See the order card'));
    showProblemsButton.hidden = true;
    return;
  }
  if (state.busy && state.retry) {
    // The client is waiting to try again: say why and when, rather than a bare "Placing order…".
    const { kind, delayMs, attempt } = state.retry;
    const why = kind === 'rate_limited' ? 'CertCentral is busy' : 'CertCentral did not answer properly';
    submitStatus.replaceChildren(el('span', { class: 'status-retry', text: `${why}: trying again in ${Math.max(1, Math.round(delayMs / 1000))} s (attempt ${attempt + 1})` }));
    return;
  }
  if (state.busy) {
    // Not "Ready to order" beside "Placing order…".
    submitStatus.replaceChildren(el('span', { class: 'status-idle', text: 'Sending the order to CertCentral…' }));
    return;
  }
  const started = state.revealAll || Boolean(form.querySelector('[data-touched]'));
  submitStatus.replaceChildren(
    !started
      ? el('span', { class: 'status-idle', text: 'Fill in the order; it is checked as you go' })
      : errors
      ? el('span', { class: 'status-errors' }, el('span', { class: 'dot dot-error', 'aria-hidden': 'true' }), `${plural(errors, 'error')} to fix`,
        el('span', { class: 'status-more', text: ' before ordering' }))
      : el('span', { class: 'status-ok' }, el('span', { class: 'dot dot-ok', 'aria-hidden': 'true' }), 'Ready to order'),
    warnings ? el('span', { class: 'status-warnings', text: ` · ${plural(warnings, 'warning')}` }) : '',
    apiCount() ? el('span', { class: 'status-errors', text: ` · CertCentral reported ${plural(apiCount(), 'problem')}` }) : '');
  showProblemsButton.hidden = (errors === 0 && warnings === 0) || state.revealAll;
}

const apiCount = () => [...state.apiErrors.values()].reduce((n, list) => n + list.length, 0) + state.apiUnplaced.length;

function renderPreview() {
  const short = (k, v) => (typeof v === 'string' && PRIVATE_KEY.test(v) ? '(a private key)'
    : typeof v === 'string' && v.length > 90 ? `${v.split('\n')[0].slice(0, 60)}… (${v.length} characters)` : v);
  $('preview').textContent = JSON.stringify(withAttemptId(state.order), short, 2);
  $('preview-endpoint').textContent = `POST /order/certificate/${state.product}`;
}

function update() {
  state.order = buildOrder();
  state.report = validateOrder(state.product, state.order, { locale: state.locale });
  markRequiredNow();
  renderIssues();
  renderActions();
  renderPreview();
}

/**
 * A conditional field's tag says whether it is required as the order stands: the order is
 * validated without the field, and a "required" issue at it means it is needed now (the rule's
 * own condition, not a copy of it here).
 */
function markRequiredNow() {
  for (const tag of form.querySelectorAll('[data-required-when]')) {
    const holder = tag.closest('[data-field], [data-group]');
    const path = holder?.dataset.field ?? holder?.dataset.group;
    if (!path) continue;
    // A field of the chosen alternative (the organization's "Existing" or "New") is required
    // because that alternative was chosen: its requiredWhen is that choice ("for a new
    // organization"), which validating without the field cannot tell (the package then asks for
    // the other alternative instead).
    const alt = holder.closest('[data-alt-of]');
    if (alt) {
      const needed = !alt.hidden;
      tag.textContent = needed ? 'Required' : 'Optional';
      tag.className = `tag ${needed ? 'tag-required' : 'tag-optional'}`;
      continue;
    }
    const steps = path.split('.');
    const without = structuredClone(state.order);
    let parent = without;
    for (const step of steps.slice(0, -1)) parent = parent?.[step];
    if (parent && typeof parent === 'object') delete parent[steps.at(-1)];
    const needed = validateOrder(state.product, without).issues.some((i) => i.field === path && i.code === 'required');
    tag.textContent = needed ? 'Required' : 'Optional';
    tag.className = `tag ${needed ? 'tag-required' : 'tag-optional'}`;
  }
}

function clearApiErrors(name) {
  if (name === null) state.apiErrors.clear();
  else state.apiErrors.delete(name);
  state.apiUnplaced = [];
}

// ---------------------------------------------------------------- submitting

/** The control or group a CertCentral error's `detail` names: the exact path, else the one path ending in it. */
function pathForDetail(detail) {
  if (!detail) return null;
  if (placeFor(detail)) return detail;
  const candidates = [...form.querySelectorAll('[name], [data-group]')]
    .filter((n) => isVisible(n) && n.type !== 'radio' && n.type !== 'file' && n !== productSelect)
    .map((n) => n.getAttribute('name') ?? n.dataset.group)
    .filter((p) => p.endsWith(`.${detail}`));
  return candidates.length === 1 ? candidates[0] : null;
}

/** Frees the previous result's download links; call before making new ones. */
function releaseDownloads() {
  for (const url of state.blobUrls) URL.revokeObjectURL(url);
  state.blobUrls = [];
}

function showResult(...children) {
  resultEl.replaceChildren(...children);
  resultEl.hidden = false;
}

/** A request's id, status badge and note. */
const requestStatus = (r) => [`#${r.id} `, el('span', { class: `status status-${r.status}`, text: r.status }),
  STATUS_NOTES[r.status] ? el('span', { class: 'status-note', text: ` ${STATUS_NOTES[r.status]}` }) : null];

/** Brings the card's request lines up to date with the order's `requests` (changed only when a status did). */
function updateRequests(order) {
  for (const r of Array.isArray(order?.requests) ? order.requests : []) {
    const dd = resultEl.querySelector(`dd[data-request="${CSS.escape(String(r.id))}"]`);
    if (dd && typeof r.status === 'string' && dd.querySelector('.status')?.textContent !== r.status) dd.replaceChildren(...requestStatus(r).filter(Boolean));
  }
}

function showSuccess(response, product) {
  releaseDownloads();
  const requests = response.requests ?? [];
  const facts = el('dl', { class: 'facts' },
    el('dt', { text: 'Order ID' }), el('dd', {}, el('strong', { id: 'result-order-id', class: 'order-id', text: String(response.id) })),
    el('dt', { text: 'Product' }), el('dd', { text: productName(product) }),
    requests.flatMap((r) => [
      el('dt', { text: 'Request' }),
      el('dd', { 'data-request': String(r.id) }, ...requestStatus(r)),
    ]),
    // A recovered or restored order's requests are not known (the lookup and the page's own
    // memory list none): not "skipped".
    requests.length || response.recovered || response.restored ? null : [el('dt', { text: 'Request' }), el('dd', { text: 'none: approval was skipped' })],
    response.certificate_id !== undefined ? [el('dt', { text: 'Certificate ID' }), el('dd', { text: String(response.certificate_id) })] : null,
    response.organization?.id !== undefined ? [el('dt', { text: 'New organization ID' }), el('dd', { text: String(response.organization.id) })] : null);
  const again = el('button', { type: 'button', class: 'btn btn-quiet', id: 'start-new-order', text: 'Start a new order' });
  again.addEventListener('click', startNewOrder);
  const parts = [el('h2', { class: 'result-title result-ok' }, el('span', { 'aria-hidden': 'true', text: '✔ ' }), response.recovered ? 'Order placed (found after its answer was lost)' : response.restored ? 'Order placed (before this page was reloaded)' : 'Order placed'), facts,
    el('p', { class: 'help', id: 'next-steps', text: 'What happens next: an administrator approves the request if your account asks for approval, DigiCert validates the organization and the domains, and the certificate is issued. The status below follows the order; this form is locked so the order is not placed twice.' }),
    again];
  const chain = response.certificate_chain ?? [];
  // The order's status, followed live: a status line (its own polite live region, changed only
  // when the status changes), then the downloads or what went wrong.
  parts.push(el('div', { class: 'order-progress', id: 'order-progress' },
    el('h3', { text: 'Order status' }),
    el('p', { class: 'order-status', id: 'order-status', role: 'status', 'aria-atomic': 'true', 'data-status': '', tabindex: '-1' },
      el('span', { class: 'order-status-dot', 'aria-hidden': 'true' }),
      el('span', { class: 'order-status-text', text: chain.length ? orderStatusWords('issued') : orderStatusWords('') })),
    el('p', { class: 'help', id: 'order-status-note' }),
    el('div', { class: 'order-problem', id: 'order-problem', hidden: true }),
    el('div', { class: 'order-downloads', id: 'order-downloads', hidden: true })));
  if (chain.length) {
    const pem = chain.map((c) => c.pem.trim()).join('\n') + '\n';
    const url = URL.createObjectURL(new Blob([pem], { type: 'application/x-pem-file' }));
    state.blobUrls.push(url);
    parts.push(
      el('h3', { text: 'Certificate issued' }),
      el('ul', { class: 'chain' }, chain.map((c, i) => el('li', {},
        el('span', { class: 'chain-name', text: c.subject_common_name }),
        el('span', { class: 'chain-role', text: i === 0 ? 'certificate' : i === chain.length - 1 ? 'root' : 'intermediate' })))),
      el('a', { class: 'btn btn-primary btn-download', id: 'chain-download', href: url, download: `order-${response.id}-chain.pem`, text: 'Download certificate chain (.pem)' }),
      el('details', { class: 'pem' }, el('summary', { text: 'Show PEM' }), el('pre', { class: 'code', text: pem, tabindex: '0', role: 'region', 'aria-label': 'Certificate chain (PEM)' })));
  }
  showResult(...parts);
  if (chain.length) {
    // Issued at once: the chain came with the answer, there is nothing to wait for.
    setOrderStatus('issued');
    $('order-status-note').textContent = 'Issued immediately: the chain came with the order.';
  } else {
    followOrder(response.id);
  }
}

// ---------------------------------------------------------------- following a placed order

/** Stops following the current order (a new order, or the user leaves); its wait and downloads are aborted. */
function stopFollowing() {
  state.follow?.controller.abort();
  state.follow = null;
}

/** Starts (or, after "Check again", restarts) the wait for `orderId`'s certificate. */
async function followOrder(orderId) {
  state.follow?.controller.abort();
  const follow = { orderId, controller: new AbortController(), settled: false };
  state.follow = follow;
  const { signal } = follow.controller;
  showProblem(null);
  const line = $('order-status');
  line.classList.add('order-status-waiting');
  const text = line.querySelector('.order-status-text');
  if (!line.dataset.status && text.textContent !== orderStatusWords('')) text.textContent = orderStatusWords(''); // after "Status not known yet"
  $('order-status-note').textContent = 'The page checks the order for you; it only needs to stay open.';
  try {
    const order = await client.waitForIssuance(orderId, {
      signal,
      intervalMs: POLL_INTERVAL_MS,
      timeoutMs: WAIT_TIMEOUT_MS,
      onStatus: (o) => { if (state.follow === follow) { setOrderStatus(o.status); updateRequests(o); } },
    });
    if (state.follow !== follow) return;
    follow.settled = true;
    setOrderStatus('issued');
    const cert = order.certificate ?? {};
    $('order-status-note').textContent = [
      cert.id !== undefined ? `Certificate ${cert.id}` : 'The certificate',
      cert.valid_till ? ` is valid until ${cert.valid_till}.` : ' is ready.',
    ].join('');
    showDownloads(orderId);
  } catch (err) {
    if (state.follow !== follow || signal.aborted) return; // a new order, or the user left
    line.classList.remove('order-status-waiting');
    if (err instanceof CertCentralError && err.kind === 'order_state') {
      follow.settled = true;
      setOrderStatus(err.orderStatus, true);
      const endings = {
        rejected: 'DigiCert rejected this order: no certificate will be issued. Check the order in CertCentral before ordering again.',
        canceled: 'This order was canceled: no certificate will be issued.',
        revoked: 'This order’s certificate was revoked.',
        expired: 'This order’s certificate has expired.',
      };
      $('order-status-note').textContent = endings[err.orderStatus] ?? `The order is ${err.orderStatus}: no certificate will be issued.`;
      return;
    }
    $('order-status-note').textContent = '';
    if (!line.dataset.status) text.textContent = 'Status not known yet';
    showProblem(waitProblem(err), () => followOrder(orderId));
  }
}

/**
 * Shows `status` in plain words; `ended` when the library's wait ended on it without a
 * certificate (its `order_state` error: which statuses those are is the library's to know). The
 * live region changes (and is announced) only when the status does.
 */
function setOrderStatus(status, ended = false) {
  const line = $('order-status');
  if (!line) return;
  line.className = `order-status ${status === 'issued' ? 'order-status-ok' : ended ? 'order-status-bad' : 'order-status-waiting'}`;
  if (line.dataset.status === (status ?? '')) return;
  line.dataset.status = status ?? '';
  line.querySelector('.order-status-text').textContent = orderStatusWords(status);
}

/** Why the status could not be followed, in plain words. */
function waitProblem(err) {
  if (!(err instanceof CertCentralError)) return `The status could not be checked: ${err?.message ?? err}`;
  if (signedOut(err)) return 'The order’s status could not be checked: your session with the portal ended (it restarted, or you were away too long). Reload the page to sign in again; the order is placed and keeps its ID.';
  if (err.kind === 'timeout' && err.orderStatus) {
    return `Still ${orderStatusWords(err.orderStatus).replace(/…$/, '').toLowerCase()} after ${Math.round(WAIT_TIMEOUT_MS / 60000)} minutes of checking. DigiCert may still issue it: check again later.`;
  }
  const why = {
    network: 'the portal could not be reached (a network error)',
    timeout: 'the portal did not answer in time',
    rate_limited: 'CertCentral is rate-limiting requests',
    api: `CertCentral answered with an error${err.status ? ` (HTTP ${err.status})` : ''}${err.errors?.[0] ? `: ${err.errors[0].message.replace(/\.$/, '')}` : ''}`,
    decode: 'CertCentral sent an answer the page could not read',
  }[err.kind] ?? err.message;
  return `The order’s status could not be checked: ${why}.`;
}

/** A problem under the status line, with a retry button; `null` hides it. */
function showProblem(text, retry) {
  const box = $('order-problem');
  if (!box) return;
  if (!text) { box.hidden = true; box.replaceChildren(); return; }
  const button = el('button', { type: 'button', class: 'btn btn-quiet btn-small', id: 'order-check-again', text: 'Check again' });
  button.addEventListener('click', () => {
    $('order-status').focus(); // the button goes away: keep the focus on the status it checks
    retry();
  });
  box.replaceChildren(el('p', { class: 'msg msg-error' }, el('span', { class: 'msg-icon', 'aria-hidden': 'true', text: '✖' }), el('span', { text })), button);
  box.hidden = false;
}

/** The download buttons of an issued order. */
function showDownloads(orderId) {
  const box = $('order-downloads');
  const status = el('p', { class: 'help order-download-status', id: 'order-download-status' });
  box.replaceChildren(
    ...DOWNLOADS.map((d) => {
      const button = el('button', { type: 'button', class: `btn ${d.ext === 'pem' ? 'btn-primary' : 'btn-quiet'} btn-download`, id: d.id, 'data-format': d.format, text: d.label });
      button.addEventListener('click', () => saveDownload(orderId, d, button, status));
      return button;
    }),
    status);
  box.hidden = false;
}

/** Downloads the order's certificate in `d.format` and saves it as `<order id>.<ext>`. */
async function saveDownload(orderId, d, button, status) {
  const follow = state.follow;
  if (!follow || follow.orderId !== orderId) return;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  status.textContent = '';
  try {
    const file = await client.downloadCertificate({ orderId }, { format: d.format, signal: follow.controller.signal });
    const type = file.contentType || (d.ext === 'zip' ? 'application/zip' : 'application/x-pem-file');
    const url = URL.createObjectURL(new Blob([file.bytes], { type }));
    state.blobUrls.push(url);
    const a = el('a', { href: url, download: `${orderId}.${d.ext}`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    status.textContent = `Saved ${orderId}.${d.ext} (${file.bytes.length.toLocaleString('en')} bytes).`;
  } catch (err) {
    if (follow.controller.signal.aborted) return;
    const why = err instanceof CertCentralError
      ? { network: 'the portal could not be reached', timeout: 'the portal did not answer in time', api: `CertCentral answered HTTP ${err.status ?? '?'}${err.errors?.[0] ? `: ${err.errors[0].message}` : ''}` }[err.kind] ?? err.message
      : String(err?.message ?? err);
    status.textContent = `The download failed: ${why}. Try again.`;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// Leaving the page ends the wait; coming back to it (the back/forward cache) starts it again.
window.addEventListener('pagehide', () => state.follow?.controller.abort());
window.addEventListener('pageshow', (e) => {
  if (!e.persisted || !state.follow) return;
  if (state.follow.settled) state.follow.controller = new AbortController(); // for the downloads
  else followOrder(state.follow.orderId);
});

function showFailure(err, product) {
  releaseDownloads();
  stopFollowing();
  if (!(err instanceof CertCentralError)) {
    showResult(el('h2', { class: 'result-title result-bad', text: 'The order could not be placed' }), el('p', { text: String(err?.message ?? err) }));
    return;
  }
  const { title, advice } = outcomeWords(err);
  const meta = [`kind: ${err.kind}`, err.status ? `HTTP ${err.status}` : null, err.attempts > 1 ? `${err.attempts} attempts` : null].filter(Boolean).join(' · ');
  const parts = [
    el('h2', { class: 'result-title result-bad' }, el('span', { 'aria-hidden': 'true', text: '✖ ' }), title),
    el('p', { class: 'result-advice', id: 'result-advice', text: advice }),
    el('p', { class: 'result-meta', id: 'result-kind', text: meta }),
  ];
  if (state.maybePlaced) {
    parts.push(el('p', { class: 'help', id: 'maybe-placed', text: 'The order may have been created, even after its answer was lost. "Place order" looks for it first (by its alternative order ID) and places it only if CertCentral lists no such order: wait a few minutes before you try again.' }));
  }
  state.apiErrors.clear();
  state.apiUnplaced = [];
  // CertCentral's reasons go next to the fields only when they are about the order (a 4xx other
  // than a refused key); an outage's or the key's stay in this card.
  const aboutTheOrder = err.kind === 'api' && err.status < 500 && err.status !== 401 && err.status !== 403 && !heldBack(err);
  if (err.errors?.length) {
    parts.push(el('ul', { class: 'api-errors' }, err.errors.map((e) => el('li', {}, el('code', { text: e.code }), ' ', e.message))));
    for (const e of aboutTheOrder ? err.errors : []) {
      const issue = { api: true, severity: 'error', code: e.code, message: e.message, status: err.status };
      const path = pathForDetail(e.detail);
      if (path) {
        if (!state.apiErrors.has(path)) state.apiErrors.set(path, []);
        state.apiErrors.get(path).push(issue);
      } else {
        state.apiUnplaced.push(issue);
      }
    }
  } else if (err.kind !== 'validation') {
    parts.push(el('p', { text: err.message }));
  }
  if (err.kind === 'validation') state.revealAll = true;
  showResult(...parts);
}

const productName = (id) => products().find((p) => p.id === id)?.name ?? id;

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (state.busy || state.locked) return;
  update();
  if (!state.report.valid) { reveal(); return; }
  const product = state.product;
  const order = withAttemptId(state.order);
  // A private key in any field (pasted into Comments, say) is never sent.
  const keyAt = privateKeyPath(order);
  if (keyAt !== null) {
    showResult(el('h2', { class: 'result-title result-bad' }, el('span', { 'aria-hidden': 'true', text: '✖ ' }), 'Not sent: the order holds a private key'),
      el('p', { class: 'result-advice', id: 'result-advice', text: `${fieldAt(keyAt) ? labelFor(fieldAt(keyAt), keyAt) : keyAt} holds a private key (-----BEGIN … PRIVATE KEY-----). Never paste a private key into a web page or send it to anyone: delete it, then place the order.` }));
    resultEl.focus({ preventScroll: true });
    return;
  }
  // An alternative order ID the person chose must be no other order's: the order found under it
  // after a lost answer is taken for this one. (The page's own ids are new for each form.)
  const ownId = state.order.alternative_order_id !== undefined;
  stopFollowing(); // a new order: the previous card's wait and downloads end here
  resultEl.hidden = true; // the last attempt's card would contradict "Placing order…"
  state.busy = true;
  renderActions();
  const wasPending = state.pending?.alt === order.alternative_order_id ? state.pending : null;
  let sent = false; // whether this attempt got as far as sending the order
  try {
    // After an attempt whose outcome is unknown, the order may exist: look before sending again.
    const [earlier] = state.maybePlaced || ownId ? await client.findOrdersByAlternativeId(order.alternative_order_id) : [];
    if (earlier && !state.maybePlaced) {
      rememberPending(null);
      showResult(el('h2', { class: 'result-title result-bad' }, el('span', { 'aria-hidden': 'true', text: '✖ ' }), 'Not sent: the alternative order ID is taken'),
        el('p', { class: 'result-advice', id: 'result-advice', text: `Order ${earlier.order_id} already has the alternative order ID ${order.alternative_order_id}. Give this order another one (or none: the portal then makes one), so that it can be found again if its answer is lost.` }));
      return;
    }
    if (!state.maybePlaced) rememberPending(order.alternative_order_id, product, order);
    sent = !earlier;
    const response = earlier
      ? { id: earlier.order_id, certificate_id: earlier.certificate_id, recovered: true }
      : await client.orderCertificate(product, order, { onRetry: showRetry });
    state.apiErrors.clear();
    state.apiUnplaced = [];
    state.maybePlaced = false;
    rememberPending(null);
    // A recovered order is the one sent before: its product, not the form's now.
    const placedAs = earlier && wasPending ? wasPending.product : product;
    rememberPlaced({ id: response.id, certificate_id: response.certificate_id, product: placedAs });
    showSuccess(response, placedAs);
    lockForm(true);
  } catch (err) {
    // A lookup that failed before anything was sent leaves no order behind.
    state.maybePlaced ||= sent && outcomeUnknown(err);
    if (!state.maybePlaced) rememberPending(null);
    showFailure(err, product);
  } finally {
    state.busy = false;
    state.retry = null;
    update();
    resultEl.focus({ preventScroll: true });
    resultEl.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
});

// Kept in this tab's sessionStorage, for a page reloaded (or left and come back to):
// - PENDING_KEY: an order on its way, or whose outcome is unknown. The page looks it up by its
//   alternative_order_id instead of letting it be placed again under a new one (lookForPending);
//   the browser also asks before leaving while an order is being placed.
// - PLACED_KEY: the order this form placed, until "Start a new order": its card is shown again
//   (and followed) instead of an empty form.
// With storage off (a private window's quota), a reload shows an empty form.
const PENDING_KEY = 'certcentral-portal.pending-order';
const PLACED_KEY = 'certcentral-portal.placed-order';

/** Keeps `value` under `key` (null forgets it). */
function store(key, value) {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch { /* storage off */ }
}

/** What is kept under `key`, or null. */
function stored(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

/** Keeps `{ alt, product, name }` of the order being placed, or forgets it (`alt` null). */
function rememberPending(alt, product, order) {
  state.pending = alt === null ? null : { alt, product, name: orderName(order) };
  store(PENDING_KEY, state.pending);
}

/** Keeps `{ id, certificate_id, product }` of the order placed, or forgets it (null). */
const rememberPlaced = (placed) => store(PLACED_KEY, placed);

/** On load: the card of the order this tab placed before the page was reloaded, if any. */
function showPlacedBefore() {
  const placed = stored(PLACED_KEY);
  if (!(Number.isSafeInteger(placed?.id) && placed.id > 0) || typeof placed.product !== 'string') return;
  const known = products().some((p) => p.id === placed.product);
  if (known && state.product !== placed.product) selectProduct(placed.product, false);
  const certificateId = Number.isSafeInteger(placed.certificate_id) ? placed.certificate_id : undefined;
  showSuccess({ id: placed.id, certificate_id: certificateId, restored: true }, placed.product);
  lockForm(true);
}

/** What names an order for a person: its common name or first e-mail address, or "". */
function orderName(order) {
  const c = order?.certificate;
  const name = c?.common_name ?? c?.emails?.[0] ?? c?.individual?.email ?? '';
  return typeof name === 'string' ? name.slice(0, 200) : '';
}

/** The path of the first string of `value` that holds a private key's armour, or null. */
function privateKeyPath(value, path = '') {
  if (typeof value === 'string') return PRIVATE_KEY.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = privateKeyPath(v, path ? `${path}.${k}` : k);
    if (found !== null) return found;
  }
  return null;
}

window.addEventListener('beforeunload', (e) => {
  if (state.busy) e.preventDefault();
});

/**
 * On load: an order this tab was placing when the page went away is looked up. Found, its card
 * is shown (and followed) as any placed order's; not found (yet), the form's next order carries
 * its alternative_order_id and is looked up before it is sent, as after a lost answer.
 */
async function lookForPending() {
  const pending = stored(PENDING_KEY);
  if (typeof pending?.alt !== 'string' || typeof pending.product !== 'string') {
    showPlacedBefore();
    return;
  }
  state.attemptId = pending.alt;
  state.maybePlaced = true;
  state.pending = pending;
  let earlier;
  let failed = null;
  try {
    [earlier] = await client.findOrdersByAlternativeId(pending.alt);
  } catch (err) {
    failed = err;
  }
  // The person may have moved on meanwhile (placed an order, started a new one): their card stays.
  if (state.busy || state.locked || state.attemptId !== pending.alt) return;
  const what = `${productName(pending.product)}${pending.name ? ` for ${pending.name}` : ''}`;
  const startOver = () => {
    const again = el('button', { type: 'button', class: 'btn btn-quiet', id: 'start-new-order', text: 'Start a new order instead' });
    again.addEventListener('click', startNewOrder);
    return again;
  };
  if (failed) {
    showResult(el('h2', { class: 'result-title result-bad', text: 'An earlier order may have been placed' }),
      el('p', { class: 'help', id: 'maybe-placed', text: `This page was left while an order (${what}) was being placed, and it could not be checked now (${failed?.message ?? failed}). "Place order" looks for it first, by its alternative order ID, and places an order only if CertCentral lists none.` }),
      startOver());
    return;
  }
  if (earlier) {
    rememberPending(null);
    state.maybePlaced = false;
    if (state.product !== pending.product && products().some((p) => p.id === pending.product)) selectProduct(pending.product, false);
    rememberPlaced({ id: earlier.order_id, certificate_id: earlier.certificate_id, product: pending.product });
    showSuccess({ id: earlier.order_id, certificate_id: earlier.certificate_id, recovered: true }, pending.product);
    lockForm(true);
    return;
  }
  showResult(el('h2', { class: 'result-title', text: 'An earlier order was not placed (yet)' }),
    el('p', { class: 'help', id: 'maybe-placed', text: `This page was left while an order (${what}) was being placed, and CertCentral lists no order under its alternative order ID. Fill it in again: "Place order" looks for it once more first, so the same order is not placed twice. For another order, start a new one.` }),
    startOver());
}

/** orderCertificate's onRetry: shown in the action bar's status (a live region) while it waits. */
function showRetry(retry) {
  state.retry = retry;
  renderActions();
}

/**
 * What a failed attempt is, for a person: a title and what to do. A refused API key is the
 * portal's set-up, not the order; CertCentral being down or busy is nobody's mistake.
 */
function outcomeWords(err) {
  const retryNote = err.attempts > 1 ? ` The portal tried ${err.attempts} times.` : '';
  if (signedOut(err)) {
    // Nothing was sent this time; an earlier attempt's order may exist all the same.
    const sent = state.maybePlaced ? 'This attempt sent nothing, but the one before may have placed the order' : 'Nothing was ordered';
    return { title: 'Your session with the portal ended', advice: `The portal restarted, or you were away too long. ${sent}: reload the page to sign in again; the page then looks for it before it orders.` };
  }
  if (heldBack(err)) {
    return { title: 'The order may still be on its way', advice: `${err.errors.find((e) => e.code === 'order_in_progress').message} "Place order" looks it up first, and sends it only when CertCentral lists none by then.` };
  }
  if (err.kind === 'api' && (err.status === 401 || err.status === 403)) {
    return { title: 'The portal is not allowed to order', advice: 'CertCentral refused this portal\'s API key or its permissions. Nothing is wrong with your order: tell the portal\'s operator.' };
  }
  if (err.kind === 'api' && err.status >= 500) {
    return { title: 'CertCentral could not take the order right now', advice: `CertCentral (or the way to it) failed with HTTP ${err.status}.${retryNote} Try again in a few minutes.` };
  }
  const words = {
    validation: ['Not sent: the order has errors', 'Fix the fields marked below, then place the order.'],
    api: ['CertCentral rejected the order', 'CertCentral gave its reasons below, next to the fields they are about.'],
    rate_limited: ['CertCentral is busy', `CertCentral asked for fewer requests for a while.${retryNote} Try again in a minute.`],
    network: ['The portal could not be reached', 'Check your connection, then try again.'],
    timeout: ['No answer in time', `CertCentral did not answer in time.${retryNote}`],
    aborted: ['The order was cancelled', 'Nothing more was sent.'],
    decode: ['CertCentral\'s answer could not be read', 'CertCentral answered, but not in a way the portal understands.'],
  }[err.kind] ?? ['The order failed', ''];
  return { title: words[0], advice: words[1] };
}

/**
 * Whether the portal's own server refused the page's session (server.mjs, refusal: 401
 * not_signed_in; your application's login would stand here), not CertCentral the portal's key.
 */
function signedOut(err) {
  return err instanceof CertCentralError && err.kind === 'api' && err.status === 401 && err.errors?.some((e) => e.code === 'not_signed_in');
}

/**
 * Whether the portal's server held the order back (409 order_in_progress): one under its
 * alternative order ID is being sent, or was sent without a sure answer and may still be created.
 */
function heldBack(err) {
  return err instanceof CertCentralError && err.kind === 'api' && err.status === 409 && err.errors?.some((e) => e.code === 'order_in_progress');
}

/** Whether a failed attempt may still have created the order (its answer was lost or unreadable, or one before it is held back). */
function outcomeUnknown(err) {
  return err instanceof CertCentralError && (['network', 'timeout', 'decode'].includes(err.kind) || (err.kind === 'api' && err.status >= 500) || heldBack(err));
}

/** After a placed order the form is read-only (a second click places nothing); "Start a new order" opens a fresh one. */
function lockForm(locked) {
  state.locked = locked;
  for (const c of form.querySelectorAll('input, select, textarea, button')) c.disabled = locked;
  form.classList.toggle('form-locked', locked);
  renderActions();
}

function startNewOrder() {
  stopFollowing();
  releaseDownloads();
  resultEl.hidden = true;
  resultEl.replaceChildren();
  state.attemptId = newAttemptId();
  state.maybePlaced = false;
  rememberPending(null);
  rememberPlaced(null);
  lockForm(false);
  productSelect.disabled = false;
  selectProduct(state.product, false);
  productSelect.focus();
}

function reveal() {
  state.revealAll = true;
  update();
  summaryEl.focus({ preventScroll: true });
  summaryEl.scrollIntoView({ block: 'start', behavior: 'smooth' });
}
showProblemsButton.addEventListener('click', reveal);

// ---------------------------------------------------------------- events and start-up

function onEdit(e) {
  const t = e.target;
  if (t === productSelect) {
    if (e.type === 'change') selectProduct(productSelect.value, true);
    return;
  }
  if (t.type === 'radio') {
    syncChoice(t);
    t.closest('[data-group]')?.setAttribute('data-touched', '1');
    // Another validity chosen: CertCentral's error about the last one no longer applies.
    if (t.name.endsWith('~preset')) clearApiErrors(t.name.slice(0, -'~preset'.length));
  } else if (t.name) {
    // A field's problems show once the person leaves it (change, blur) or submits, not while
    // they are still typing; a field already showing them is checked at every keystroke.
    if (e.type === 'change') t.dataset.touched = '1';
    else t.dataset.edited = '1';
    clearApiErrors(t.name);
    if (t.classList.contains('input-pem')) prefillFromCsr(t);
  } else {
    return;
  }
  update();
}
// A control that gets focus is scrolled clear of the sticky action bar, with the messages under
// it (the browser only scrolls it partly into view; WCAG 2.2, 2.4.11). Not when a pointer gave it
// focus: what was pressed is in view already, and a page that moved between the press and the
// release would take the release for another element (a validity choice clicked near the bar
// was not chosen).
let pressed = false;
form.addEventListener('pointerdown', () => { pressed = true; }, true);
window.addEventListener('pointerup', () => { pressed = false; }, true);
window.addEventListener('pointercancel', () => { pressed = false; }, true);
form.addEventListener('focusin', (e) => {
  const t = e.target;
  if (pressed || !(t instanceof HTMLElement) || t.closest('#actions')) return;
  const box = (t.closest('.field') ?? t).getBoundingClientRect();
  const barTop = $('actions').querySelector('.actions-inner').getBoundingClientRect().top;
  const over = Math.min(box.bottom, t.getBoundingClientRect().top + (barTop - 16)) - (barTop - 8);
  if (over > 0) window.scrollBy({ top: over, behavior: 'instant' });
});
form.addEventListener('input', onEdit);
form.addEventListener('change', onEdit);
form.addEventListener('focusout', (e) => {
  const t = e.target;
  if (!t.name || t === productSelect || t.type === 'radio' || t.type === 'file' || t.type === 'checkbox') return;
  // What the person typed, tidied by the package when they leave it: spaces trimmed, a pasted
  // URL in a name field reduced to its host.
  const field = fieldAt(t.name);
  let changed = false;
  if (field && typeof t.value === 'string' && t.tagName !== 'SELECT') {
    const cleaned = cleanValue(t.value, field);
    if (typeof cleaned === 'string' && cleaned !== t.value) { t.value = cleaned; changed = true; }
  }
  // Only a field the person typed in (or one holding a value): tabbing through the form, or
  // clicking into an empty field and out again, marks nothing (an empty field is not an error
  // until they type or submit).
  if ((t.dataset.touched || (!t.dataset.edited && t.value === '' && !t.validity?.badInput)) && !changed) return;
  t.dataset.touched = '1';
  update();
});

function selectProduct(id, keepValues, sameProduct = false) {
  const snap = keepValues && state.product ? snapshot(fieldsEl) : null;
  if (snap && !sameProduct) snap.touched.clear();
  state.product = id;
  // The same form again (another language): CertCentral's errors and the sections opened stay.
  const opened = sameProduct ? [...fieldsEl.querySelectorAll('details[data-more][open]')].map((d) => d.dataset.more) : [];
  if (!sameProduct) {
    state.revealAll = false;
    state.apiErrors.clear();
    state.apiUnplaced = [];
  }
  productSelect.value = id;
  const info = products().find((p) => p.id === id);
  const retired = info.status === 'retired' ? ` · retired by DigiCert on ${info.retiredOn}; replaced by ${info.replacedBy.join(', ')}`
    : info.supersededBy ? ` · DigiCert now sells ${info.supersededBy} in its place; this ID still orders where your account has it` : '';
  $('product-help').textContent = `${FAMILY_LABELS[info.family] ?? humanize(info.family)} · product ID ${info.id}${retired}`;
  history.replaceState(null, '', `#${id}`);
  renderForm(snap);
  for (const d of fieldsEl.querySelectorAll('details[data-more]')) if (opened.includes(d.dataset.more)) d.open = true;
  for (const t of fieldsEl.querySelectorAll('textarea.input-pem')) if (t.value) csrNote(t);
  update();
}

// The language switch: a catalog is loaded (its own module) when first chosen; the form keeps
// what was typed and shows its labels, help and messages in the new language.
const languageSelect = $('language');
languageSelect.addEventListener('change', async () => {
  const code = languageSelect.value;
  try {
    const catalog = code === 'en' ? null : (await import(`/node_modules/certcentral-orders/locales/${code}.js`)).default;
    if (catalog) registerLocale(catalog);
    state.words = catalog?.words ?? null;
  } catch (err) {
    languageSelect.value = state.locale;
    alert(`The ${code} messages could not be loaded: ${err?.message ?? err}`);
    return;
  }
  state.locale = code;
  selectProduct(state.product, true, true); // the same form, what was typed and touched kept
  if (state.locked) lockForm(true);
  form.dataset.locale = code; // the form is in this language now (the page stays lang="en": catalogLang)
});

async function showMode() {
  try {
    const r = await fetch('/api/portal');
    if (!r.ok) return;
    const info = await r.json();
    // Only the products this portal's server orders (its --products).
    if (Array.isArray(info.products)) {
      const offered = new Set(info.products);
      for (const o of [...productSelect.querySelectorAll('option')]) if (!offered.has(o.value)) o.remove();
      for (const g of [...productSelect.querySelectorAll('optgroup')]) if (!g.children.length) g.remove();
      if (!offered.has(state.product) && productSelect.options.length) selectProduct(productSelect.options[0].value, false);
    }
    const mode = $('mode');
    mode.replaceChildren(
      el('span', { class: `mode-badge mode-${info.mode}`, text: info.mode === 'sandbox' ? 'Sandbox' : 'Live' }),
      el('span', { class: 'mode-text', text: info.mode === 'sandbox' ? 'Orders go to a local CertCentral stand-in' : `Orders go to ${info.upstream}` }));
    mode.hidden = false;
  } catch { /* the header badge is optional */ }
}

function start() {
  const all = products();
  const families = [...new Set(all.map((p) => p.family))];
  productSelect.replaceChildren(...families.map((family) => el('optgroup', { label: FAMILY_LABELS[family] ?? humanize(family) },
    all.filter((p) => p.family === family).map((p) => el('option', { value: p.id, text: p.status === 'retired' ? `${p.name} (retired)` : p.name })))));
  const fromHash = decodeURIComponent(location.hash.slice(1));
  const initial = all.some((p) => p.id === fromHash) ? fromHash : (all.find((p) => p.family === 'ssl') ?? all[0]).id;
  $('loading').hidden = true;
  form.hidden = false;
  selectProduct(initial, false);
  showMode();
  lookForPending();
}

try {
  start();
} catch (err) {
  $('loading').hidden = true;
  $('fatal').textContent = `The portal could not start: ${err?.message ?? err}`;
  $('fatal').hidden = false;
  throw err;
}
