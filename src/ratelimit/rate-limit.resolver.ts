import { Ctx, Extensions, Query, Resolver } from 'type-graphql';
import type { Context } from '../context/context';
import { PRIVATE } from '../cache/cache-hints';
import { DEFAULT_CONFIG } from '../config/config';
import { windowAt } from './window';
import { limiterFor, subjectOf } from './rate-limit.service';
import { RateLimit, RateLimitScope } from './rate-limit.type';

@Resolver()
export class RateLimitResolver {
  // Each caller's own: never cached or shared.
  @Extensions(PRIVATE)
  @Query(() => RateLimit, {
    description:
      "The caller's rate limit as it stands, as GitHub's API has it: points per minute, spent, left, and " +
      'when they are restored. Costs 1 point.',
  })
  async rateLimit(@Ctx() ctx: Context): Promise<RateLimit> {
    const subject = subjectOf(ctx);
    const scope = subject.kind === 'API_KEY' ? RateLimitScope.API_KEY : RateLimitScope.ADDRESS;
    const cost = ctx.request?.cost?.requested ?? 0;
    const config = ctx.services?.config.rateLimit ?? DEFAULT_CONFIG.rateLimit;
    if (!ctx.services || !config.enabled) {
      const limit = subject.kind === 'API_KEY' ? config.costPerMinute : config.anonymousCostPerMinute;
      return {
        enabled: false,
        scope,
        limit,
        cost,
        used: 0,
        remaining: limit,
        resetAt: new Date(windowAt(Date.now()).resetAtMs),
      };
    }
    const budget = await limiterFor(ctx.services).read(subject);
    return {
      enabled: true,
      scope,
      limit: budget.limit,
      cost,
      used: budget.used,
      remaining: budget.remaining,
      resetAt: new Date(budget.window.resetAtMs),
    };
  }
}
