/**
 * In-memory state of authentication, per store: keys found valid recently (trusted for a few
 * seconds) and when each key's last use was last written. Kept per PrismaClient object, so two
 * stores in one process (tests run several) never share a cached key.
 */
import type { Caller } from './caller';
import { clientBehind } from '../db/database';

export interface CacheEntry {
  caller: Caller;
  expiresAt: number;
}
export interface StoreState {
  /** By key hash. */
  keys: Map<string, CacheEntry>;
  /** When this process last wrote (or saw) last_used_at, per key id. */
  lastUsed: Map<number, number>;
}

const states = new WeakMap<object, StoreState>();

export function stateOf(db: object): StoreState {
  // A request's counted view of the client shares the client's state.
  const store = clientBehind(db);
  let state = states.get(store);
  if (!state) states.set(store, (state = { keys: new Map(), lastUsed: new Map() }));
  return state;
}

/** Drops a key (or every key) from a store's cache, e.g. after a revocation through this process. */
export function forgetCachedKeys(db: object, keyId?: number): void {
  const state = states.get(clientBehind(db));
  if (!state) return;
  for (const [hash, entry] of state.keys)
    if (keyId === undefined || entry.caller.keyId === keyId) state.keys.delete(hash);
}
