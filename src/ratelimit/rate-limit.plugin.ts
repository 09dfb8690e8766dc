import type { ApolloServerPlugin } from '@apollo/server';
import type { AppServices, Context } from '../context/context';
import { acceptedCost } from '../limits/limits.plugin';
import { limiterFor, rateLimitedError, subjectOf, type Budget } from './rate-limit.service';

/** One JSON line when the store fails; the query is let through (see below). */
function logStoreFailure(err: unknown): void {
  console.error(
    JSON.stringify({
      level: 'error',
      msg: 'rate limit store unavailable; request admitted',
      error: String((err as Error)?.message ?? err),
    }),
  );
}

/**
 * Cost per minute per API key, or per address for anonymous callers (src/ratelimit/window.ts).
 * A query is charged the cost the limits plugin computed before it runs, and the difference
 * to its actual cost afterwards; a query that does not fit is refused with RATE_LIMITED,
 * HTTP 429 and Retry-After. Every response says where the budget stands, in
 * `extensions.rateLimit` and the X-RateLimit-* headers.
 *
 * When the shared store fails (Redis down), queries are admitted and not counted: the API stays
 * up, and the failure is logged.
 */
export function rateLimitPlugin(services: AppServices): ApolloServerPlugin<Context> {
  if (!services.config.rateLimit.enabled) return {};
  const limiter = limiterFor(services);
  return {
    async requestDidStart() {
      let charged: { budget: Budget; cost: number } | undefined;
      let refused: Budget | undefined;
      return {
        async didResolveOperation({ contextValue }) {
          const cost = await acceptedCost(contextValue);
          if (cost === undefined) return; // refused by a limit: nothing ran, nothing is charged
          let result;
          try {
            result = await limiter.charge(subjectOf(contextValue), cost);
          } catch (err) {
            return logStoreFailure(err);
          }
          if (result.admitted) {
            charged = { budget: result.budget, cost };
            return;
          }
          refused = result.budget;
          throw rateLimitedError(result.budget, cost, limiter.retryAfterSeconds(result.budget));
        },

        async willSendResponse({ response, contextValue }) {
          let budget: Budget;
          let cost = 0;
          try {
            if (charged) {
              // The limits plugin (earlier in the list) has just recorded the actual cost.
              const actual = contextValue.request?.cost?.actual ?? charged.cost;
              budget = await limiter.adjust(charged.budget, actual - charged.cost);
              cost = actual;
            } else {
              budget = refused ?? (await limiter.read(subjectOf(contextValue)));
            }
          } catch (err) {
            return logStoreFailure(err);
          }
          const resetAt = new Date(budget.window.resetAtMs).toISOString();
          const headers = response.http.headers;
          headers.set('x-ratelimit-limit', String(budget.limit));
          headers.set('x-ratelimit-remaining', String(budget.remaining));
          headers.set('x-ratelimit-used', String(budget.used));
          headers.set('x-ratelimit-reset', String(Math.ceil(budget.window.resetAtMs / 1000)));
          if (refused) headers.set('retry-after', String(limiter.retryAfterSeconds(budget)));
          if (response.body.kind === 'single') {
            // Set after the awaits above, so directly on the response (plugins that merged
            // `ctx.request.extensions` synchronously have already done so).
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              rateLimit: { limit: budget.limit, cost, remaining: budget.remaining, used: budget.used, resetAt },
            };
          }
        },
      };
    },
  };
}
