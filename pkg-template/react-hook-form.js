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

/**
 * Puts `error` at `path` in `errors`, making objects, or arrays for numeric steps. Deeper errors
 * come first (see below), so an error of a list goes to its `root` (where react-hook-form looks
 * for it) and an error of an object joins the errors of its fields.
 */
function setAt(errors, path, error, criteriaAll) {
  let node = errors;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i];
    if (node[step] == null || typeof node[step] !== 'object') node[step] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[step];
  }
  const last = path[path.length - 1];
  const here = criteriaAll ? { ...error, types: { [error.type]: error.message } } : error;
  const target = node[last];
  if (target == null || typeof target !== 'object') {
    node[last] = here;
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
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === '' || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
    out[k] = withoutEmpty(v);
  }
  return out;
}

/**
 * A react-hook-form resolver for `product`'s order: `useForm({ resolver: orderResolver("ssl_securesite") })`.
 * @param {string} product
 * @param {{ today?: string, locale?: object | string, onWarnings?: (warnings: object[]) => void }} [options]
 */
export function orderResolver(product, options = {}) {
  const { today, locale, onWarnings } = options ?? {};
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
