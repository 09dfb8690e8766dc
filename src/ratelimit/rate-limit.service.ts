/**
 * Budgets of cost points per minute, per API key (per address for anonymous callers), counted
 * in the shared store: in memory for one instance, in Redis for several, which then share one
 * budget per caller. A query is charged its requested cost before it runs and the difference to
 * its actual cost after (src/ratelimit/rate-limit.plugin.ts).
 */
import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import type { RateLimitConfig } from '../config/config';
import type { AppServices, Context } from '../context/context';
import type { SharedStore } from '../shared-store/shared-store';
import {
  admits,
  counterKey,
  remaining,
  secondsUntil,
  WINDOW_SECONDS,
  windowAt,
  type Subject,
  type Window,
} from './window';

export const RATE_LIMITED = 'RATE_LIMITED';

/** A window's counter outlives the window a little, so a refund after it ends lands on the same key. */
const COUNTER_TTL_SECONDS = 2 * WINDOW_SECONDS;

export interface Budget {
  subject: Subject;
  limit: number;
  used: number;
  remaining: number;
  window: Window;
}

/** Points spent past the limit in a window. */
const overdraft = (limit: number, used: number) => Math.max(0, used - limit);

export function subjectOf(ctx: Pick<Context, 'caller' | 'request'>): Subject {
  return ctx.caller
    ? { kind: 'API_KEY', keyId: ctx.caller.keyId }
    : { kind: 'ADDRESS', address: ctx.request?.address ?? 'unknown' };
}

export class RateLimiter {
  constructor(
    private readonly store: SharedStore,
    readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {}

  limitOf(subject: Subject): number {
    return subject.kind === 'API_KEY' ? this.config.costPerMinute : this.config.anonymousCostPerMinute;
  }

  private budget(subject: Subject, window: Window, used: number): Budget {
    const limit = this.limitOf(subject);
    return { subject, limit, used, remaining: remaining(limit, used), window };
  }

  /** The budget as it stands, without spending any. */
  async read(subject: Subject): Promise<Budget> {
    const window = windowAt(this.now());
    const used = Number((await this.store.get(counterKey(subject, window))) ?? 0);
    return this.budget(subject, window, used);
  }

  /**
   * Spends `cost` points when they fit; when they do not, spends nothing and says so. Spending
   * first and giving back on refusal keeps the check atomic across instances: two queries racing
   * for the last points can both be refused, never both admitted.
   */
  async charge(subject: Subject, cost: number): Promise<{ admitted: boolean; budget: Budget }> {
    const window = windowAt(this.now());
    const key = counterKey(subject, window);
    const used = await this.store.incrBy(key, cost, COUNTER_TTL_SECONDS);
    if (admits(this.limitOf(subject), used - cost, cost))
      return { admitted: true, budget: this.budget(subject, window, used) };
    const after = await this.store.incrBy(key, -cost, COUNTER_TTL_SECONDS);
    return { admitted: false, budget: this.budget(subject, window, after) };
  }

  /**
   * Adds `delta` (negative: a refund) to the window a query was charged in. What a query's actual
   * cost takes past the limit (an overdraft) is carried into the next window as well, so a caller
   * whose queries cost more than they asked cannot spend more than the limit per minute on average.
   */
  async adjust(budget: Budget, delta: number): Promise<Budget> {
    if (delta === 0) return budget;
    const used = await this.store.incrBy(counterKey(budget.subject, budget.window), delta, COUNTER_TTL_SECONDS);
    const limit = this.limitOf(budget.subject);
    const carried = overdraft(limit, used) - overdraft(limit, used - delta);
    if (carried !== 0) {
      const next = windowAt(budget.window.resetAtMs);
      await this.store.incrBy(counterKey(budget.subject, next), carried, COUNTER_TTL_SECONDS + WINDOW_SECONDS);
    }
    return this.budget(budget.subject, budget.window, used);
  }

  retryAfterSeconds(budget: Budget): number {
    return secondsUntil(this.now(), budget.window.resetAtMs);
  }
}

/** The refusal of a query over its caller's budget: HTTP 429 with Retry-After. */
export function rateLimitedError(budget: Budget, cost: number, retryAfterSeconds: number): GraphQLError {
  const resetAt = new Date(budget.window.resetAtMs).toISOString();
  const whose = budget.subject.kind === 'API_KEY' ? 'this API key' : 'your address (an API key has a larger budget)';
  const tooBig =
    cost > budget.limit
      ? ` This query alone costs more than the whole budget: ask for less (smaller pages, fewer nested lists).`
      : '';
  return new GraphQLError(
    `Rate limit exceeded: this query costs ${cost} points and ${budget.remaining} of the ${budget.limit} ` +
      `points per minute of ${whose} remain. Retry after ${retryAfterSeconds} seconds (${resetAt}), or send ` +
      `cheaper queries (extensions.cost shows what each costs).${tooBig}`,
    {
      extensions: {
        code: RATE_LIMITED,
        retryAfterSeconds,
        resetAt,
        limit: budget.limit,
        remaining: budget.remaining,
        cost,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
      },
    },
  );
}

const limiters = new WeakMap<AppServices, RateLimiter>();

/** The limiter of a server (one per server, over its shared store). */
export function limiterFor(services: AppServices): RateLimiter {
  let limiter = limiters.get(services);
  if (!limiter) limiters.set(services, (limiter = new RateLimiter(services.store, services.config.rateLimit)));
  return limiter;
}
