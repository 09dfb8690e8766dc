/**
 * The cache hints of the schema, and the one a resolver adds when it learns a period is open.
 *
 *   DIMENSIONS   areas, categories, peer groups, plans: change rarely (1 hour)
 *   FIGURES      figures of closed months: change rarely, through writes and imports (30 minutes)
 *   OPEN_PERIOD  figures of a period reaching into the open months (the current calendar month
 *                and the one before, still being recorded and revised): 1 minute
 *   PRIVATE      API keys, the audit log and anything else for administrators: never stored,
 *                never shared
 *
 * The server's own response cache is also keyed by the data version, so a write is seen at
 * once through it; these ages bound how stale a browser's or a CDN's copy can be.
 *
 * Declared with type-graphql: `@Extensions(FIGURES)` on a query, a field or an object type.
 */
import type { Context, RequestInfo } from '../context/context';
import { reachesOpenMonth, restrict, type CacheHint, type CachePolicy } from './cache-policy';

export const DIMENSIONS_MAX_AGE = 3600;
export const FIGURES_MAX_AGE = 1800;
export const OPEN_PERIOD_MAX_AGE = 60;

const hint = (cacheControl: CacheHint) => ({ cacheControl });

export const DIMENSIONS = hint({ maxAge: DIMENSIONS_MAX_AGE });
export const FIGURES = hint({ maxAge: FIGURES_MAX_AGE });
export const PRIVATE = hint({ maxAge: 0, scope: 'PRIVATE' });

/**
 * The policy of each request, as it runs. Kept beside the request rather than on it so the
 * request's shape stays the server's; set when the operation is known, lowered by resolvers.
 */
const policies = new WeakMap<RequestInfo, CachePolicy>();

export function setRequestPolicy(request: RequestInfo, policy: CachePolicy): void {
  policies.set(request, { ...policy });
}

export function requestPolicy(request: RequestInfo | undefined): CachePolicy | undefined {
  return request ? policies.get(request) : undefined;
}

/** Lowers this request's policy (no-op outside the HTTP server). */
export function hintRequest(ctx: Pick<Context, 'request'>, cacheHint: CacheHint): void {
  const policy = requestPolicy(ctx.request);
  if (policy) restrict(policy, cacheHint);
}

/**
 * Called by a resolver once it knows the last month of the period it serves (YYYYMM, or the
 * YYYY-MM it was sent; text that is not a month is left to the resolver to refuse): figures of
 * open months are kept a minute only.
 */
export function hintPeriodEnd(ctx: Pick<Context, 'request'>, lastMonth: number | string, now: Date = new Date()): void {
  const month =
    typeof lastMonth === 'number'
      ? lastMonth
      : /^\d{4}-\d{2}$/.test(lastMonth)
        ? Number(lastMonth.replace('-', ''))
        : NaN;
  if (Number.isFinite(month) && reachesOpenMonth(month, now)) hintRequest(ctx, { maxAge: OPEN_PERIOD_MAX_AGE });
}
