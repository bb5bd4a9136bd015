import type { Resolver } from 'react-hook-form';
import type { Code, Issue, Locale, OrderFor, ProductId } from './index.js';

/**
 * One error as react-hook-form shows it: `type` is the issue's code, `rule` its rule id.
 * react-hook-form types `formState.errors` by the form's values, as its own `FieldError`, which
 * has no `rule`: read it as `(errors.certificate?.common_name as OrderFieldError | undefined)?.rule`.
 */
export interface OrderFieldError {
    type: Code;
    message: string;
    rule: string;
    ref?: unknown;
    types?: Record<string, string>;
}

export interface OrderResolverOptions {
    /** `YYYY-MM-DD` for the date rules; default today (UTC). */
    today?: string | undefined;
    /** The messages' language (a catalog, or a name given to registerLocale). */
    locale?: Locale | undefined;
    /** Called with the warnings of every validation (they never block the submit). */
    onWarnings?: ((warnings: Issue[]) => void) | undefined;
}

/**
 * A react-hook-form resolver for a product's order: `useForm({ resolver: orderResolver("ssl_securesite") })`.
 * Errors carry the issue's code as `type`; warnings go to `onWarnings`, never into `errors`.
 * Empty text ("") and empty number boxes (NaN) are left out of the order, as not given.
 * (Its type is react-hook-form's own `Resolver`: a type-only import, no runtime dependency.)
 */
export function orderResolver<P extends ProductId>(product: P, options?: OrderResolverOptions): Resolver<OrderFor<P>, any, OrderFor<P>>;
