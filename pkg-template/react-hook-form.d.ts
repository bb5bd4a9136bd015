import type { Code, Issue, OrderFor, ProductId } from './index.js';

/** One error as react-hook-form shows it: `type` is the issue's code, `rule` its rule id. */
export interface OrderFieldError {
    type: Code;
    message: string;
    rule: string;
    ref?: unknown;
    types?: Record<string, string>;
}

export interface OrderResolverOptions {
    /** `YYYY-MM-DD` for the date rules; default today (UTC). */
    today?: string;
    /** Called with the warnings of every validation (they never block the submit). */
    onWarnings?: (warnings: Issue[]) => void;
}

/**
 * A react-hook-form resolver for a product's order: `useForm({ resolver: orderResolver("ssl_securesite") })`.
 * Errors carry the issue's code as `type`; warnings go to `onWarnings`, never into `errors`.
 * Empty text ("") and empty number boxes (NaN) are left out of the order, as not given.
 */
export function orderResolver<P extends ProductId>(product: P, options?: OrderResolverOptions): (
    values: OrderFor<P>,
    context: unknown,
    options: { criteriaMode?: "firstError" | "all"; fields?: Record<string, unknown>; names?: string[]; shouldUseNativeValidation?: boolean },
) => { values: OrderFor<P>; errors: Record<string, never> } | { values: Record<string, never>; errors: Record<string, unknown> };
