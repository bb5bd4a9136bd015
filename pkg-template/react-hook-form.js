// certcentral-orders/react-hook-form: a react-hook-form resolver that runs validateOrder and
// keeps what the generic Standard Schema resolver drops: each error's `type` is the issue's
// code (`required`, `range`, `format`, ...), and warnings stay apart from errors (they do not
// block the submit; `onWarnings` receives them). No runtime dependency on react-hook-form: a
// resolver is a plain function of (values, context, options). It validates with
// certcentral-orders/validate, so a form page gets the validation-only wasm (a page that also
// makes a CertCentralClient carries the whole wasm besides); locales registered through either
// entry are known to both.
import { validateOrder } from 'certcentral-orders/validate';

/** The value at a dotted or nested path of react-hook-form's `fields` (each holds its `ref`). */
function fieldAt(fields, name) {
  if (!fields) return undefined;
  if (fields[name]) return fields[name];
  return name.split('.').reduce((v, k) => (v == null ? undefined : v[k]), fields);
}

// A path's steps are the order's own keys, "__proto__" among them: read and written as own
// properties, so an error never lands on Object.prototype.
const own = (node, key) => (Object.hasOwn(node, key) ? node[key] : undefined);
const put = (node, key, value) => {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
};

/**
 * Puts `error` at `path` in `errors`, making objects, or arrays for numeric steps. Deeper errors
 * come first (see below), so an error of a list goes to its `root` (where react-hook-form looks
 * for it) and an error of an object joins the errors of its fields.
 */
function setAt(errors, path, error, criteriaAll) {
  let node = errors;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i];
    let next = own(node, step);
    if (next == null || typeof next !== 'object') next = put(node, step, typeof path[i + 1] === 'number' ? [] : {});
    node = next;
  }
  const last = path[path.length - 1];
  const here = criteriaAll ? { ...error, types: { [error.type]: error.message } } : error;
  const target = own(node, last);
  if (target == null || typeof target !== 'object') {
    put(node, last, here);
  } else if (Array.isArray(target)) {
    if (target.root === undefined) target.root = here;
    else if (criteriaAll) target.root.types = { ...target.root.types, [error.type]: error.message };
  } else if (target.message === undefined) {
    Object.assign(target, here);
  } else if (criteriaAll) {
    // A second issue at the same field: with criteriaMode "all" it joins `types`.
    target.types = { ...target.types, [error.type]: error.message };
  }
}

/**
 * The form's values as an order: an empty text box ("") and an empty number box (NaN, with
 * `valueAsNumber`) are fields the person left out, so they are not sent (and an empty required
 * field is reported as `required`, not as a value of the wrong length or type).
 */
function withoutEmpty(value) {
  // Values a form does not hold (a cycle, a nesting deeper than any order, a getter that
  // throws, a revoked Proxy) are handed to validateOrder as they are: it reports on them.
  let left = 100_000;
  const strip = (v, depth) => {
    if (--left < 0 || depth > 64) throw strip;
    if (Array.isArray(v)) return v.map((x) => strip(x, depth + 1));
    if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === '' || x === undefined || (typeof x === 'number' && Number.isNaN(x))) continue;
      put(out, k, strip(x, depth + 1));
    }
    return out;
  };
  try {
    return strip(value, 0);
  } catch {
    return value;
  }
}

/**
 * A react-hook-form resolver for `product`'s order: `useForm({ resolver: orderResolver("ssl_securesite") })`.
 * @param {string} product
 * @param {{ today?: string, locale?: object | string, onWarnings?: (warnings: object[]) => void }} [options]
 */
export function orderResolver(product, options = {}) {
  let today, locale, onWarnings;
  try {
    ({ today, locale, onWarnings } = options ?? {});
  } catch {
    throw new TypeError('orderResolver: options could not be read; pass { today, locale, onWarnings }');
  }
  return (formValues, _context, resolverOptions) => {
    const values = withoutEmpty(formValues);
    const report = validateOrder(product, values, { today, locale });
    const warnings = report.issues.filter((i) => i.severity === 'warning');
    if (typeof onWarnings === 'function') onWarnings(warnings);
    const errorIssues = report.issues.filter((i) => i.severity === 'error');
    if (errorIssues.length === 0) return { values, errors: {} };
    const errors = {};
    const criteriaAll = resolverOptions?.criteriaMode === 'all';
    // Deeper paths first: see setAt.
    errorIssues.sort((a, b) => b.path.length - a.path.length);
    for (const issue of errorIssues) {
      const error = { type: issue.code, message: issue.message, rule: issue.rule };
      const ref = issue.field ? fieldAt(resolverOptions?.fields, issue.field)?.ref : undefined;
      if (ref) error.ref = ref;
      // An issue about the order itself (an unknown product) is react-hook-form's root error.
      setAt(errors, issue.path.length ? issue.path : ['root'], error, criteriaAll);
    }
    return { values: {}, errors };
  };
}
