/**
 * Authentication of a request from its `Authorization: Bearer <key>` header.
 *
 * - No header (or an empty one): anonymous, caller null.
 * - `Bearer <key>` with a live key: that key's caller. Anything else (another scheme, a key
 *   that is unknown, malformed or revoked) fails the whole request with UNAUTHENTICATED, HTTP 401.
 *
 * A key is looked up by its SHA-256 hash in one indexed statement. Positive lookups are cached
 * in memory for CACHE_TTL_MS (5 s), per store: a key revoked through this server stops working
 * at once (the cache entry is dropped), one revoked elsewhere (the CLI, another instance) within
 * 5 s. Unknown and revoked keys are never cached, so a revocation is never remembered longer
 * than that either. `last_used_at` is written at most once a minute per key, not per request.
 */
import type { Caller } from './caller';
import { findKeyByHash, hashKey, KEY_PATTERN, NOW_UTC, type ApiKeyInfo } from './api-keys';
import { MALFORMED_HEADER_MESSAGE, INVALID_KEY_MESSAGE, UnauthenticatedError } from './errors';
import type { PrismaClient } from '../generated/prisma/client';
import { stateOf, type StoreState } from './key-cache';

/** How long a successful lookup is trusted: also the longest a revocation elsewhere takes to bite. */
export const CACHE_TTL_MS = 5_000;
/** `last_used_at` is refreshed at most this often per key. */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** Bound on cached keys per store, so a flood of distinct valid keys cannot grow memory without limit. */
const MAX_CACHED_KEYS = 10_000;

type Db = Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/** The key in a header value, null when there is none; throws UNAUTHENTICATED when malformed. */
export function bearerKey(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError(MALFORMED_HEADER_MESSAGE, { reason: 'MALFORMED_AUTHORIZATION_HEADER' });
  return match[1];
}

/**
 * The caller of a request: null when anonymous. Throws UnauthenticatedError for a header that
 * does not carry a live key.
 */
export async function authenticate(
  db: Db,
  header: string | undefined,
  now: number = Date.now(),
): Promise<Caller | null> {
  const key = bearerKey(header);
  if (key === null) return null;
  // A string that cannot be a key is refused without asking the store.
  if (!KEY_PATTERN.test(key)) throw new UnauthenticatedError(INVALID_KEY_MESSAGE, { reason: 'INVALID_KEY' });
  const hash = hashKey(key);
  const state = stateOf(db);
  const cached = state.keys.get(hash);
  if (cached && cached.expiresAt > now) return cached.caller;
  if (cached) state.keys.delete(hash);

  const info = await findKeyByHash(db, hash);
  if (!info || info.revokedAt)
    throw new UnauthenticatedError(INVALID_KEY_MESSAGE, { reason: info ? 'REVOKED_KEY' : 'INVALID_KEY' });
  const caller: Caller = { keyId: info.id, name: info.name, role: info.role };
  if (state.keys.size >= MAX_CACHED_KEYS) {
    for (const [h, e] of state.keys) if (e.expiresAt <= now) state.keys.delete(h);
    if (state.keys.size >= MAX_CACHED_KEYS) state.keys.clear();
  }
  state.keys.set(hash, { caller, expiresAt: now + CACHE_TTL_MS });
  await touch(db, state, info, now);
  return caller;
}

/** Records the key's use, at most once a minute per key (per process; the SQL guard makes it once a minute overall). */
async function touch(db: Db, state: StoreState, info: ApiKeyInfo, now: number): Promise<void> {
  const seen = Math.max(state.lastUsed.get(info.id) ?? 0, info.lastUsedAt?.getTime() ?? 0);
  if (now - seen < LAST_USED_RESOLUTION_MS) return;
  state.lastUsed.set(info.id, now);
  await db.$executeRawUnsafe(
    `UPDATE api_key SET last_used_at = ${NOW_UTC}
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < ${NOW_UTC} - interval '1 minute')`,
    info.id,
  );
}
