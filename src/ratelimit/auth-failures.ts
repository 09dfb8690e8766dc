/**
 * Failed authentications per address per minute (unknown, revoked or malformed keys). Each costs
 * a lookup, so guessing keys is metered like any other work: past the budget, a request with an
 * Authorization header is refused with RATE_LIMITED (429) before its key is looked up, until the
 * window ends. Counted in the shared store, so every instance sees one budget per address.
 */
import { GraphQLError } from 'graphql';
import type { SharedStore } from '../shared-store/shared-store';
import { secondsUntil, WINDOW_SECONDS, windowAt } from './window';
import { RATE_LIMITED } from './rate-limit.service';

const key = (address: string, index: number) => `authfail:${address}:${index}`;

export interface AuthFailureMeter {
  /** Seconds to wait when the address has spent its failures this minute; 0 when it may try. */
  retryAfter(address: string): Promise<number>;
  /** Counts one failure of the address. */
  failed(address: string): Promise<void>;
}

export function authFailureMeter(
  store: SharedStore,
  perMinute: number,
  now: () => number = Date.now,
): AuthFailureMeter {
  return {
    async retryAfter(address) {
      const window = windowAt(now());
      const used = Number((await store.get(key(address, window.index))) ?? 0);
      return used >= perMinute ? secondsUntil(now(), window.resetAtMs) : 0;
    },
    async failed(address) {
      await store.incrBy(key(address, windowAt(now()).index), 1, 2 * WINDOW_SECONDS);
    },
  };
}

export function authFailuresExceeded(perMinute: number, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(
    `Too many failed authentications from your address: at most ${perMinute} a minute. Retry after ` +
      `${retryAfterSeconds} seconds with a valid API key.`,
    { extensions: { code: RATE_LIMITED, retryAfterSeconds, limit: perMinute } },
  );
}
