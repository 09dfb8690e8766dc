/**
 * State that every instance of the API must see alike: the data version (cache
 * invalidation), cached responses, persisted queries and rate-limit budgets. In Redis when
 * REDIS_URL is set, so instances behind a load balancer share it; else in this process's
 * memory, which is right for one instance (a newcomer's `npm start`, the tests).
 */
import Redis from 'ioredis';

export interface SharedStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  /** Stores a value; with a TTL it expires after that many seconds. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Adds `by` to the counter at `key` atomically and returns the new value; a counter that
   * did not exist starts at 0 and, with a TTL, expires that many seconds after creation.
   */
  incrBy(key: string, by: number, ttlSeconds?: number): Promise<number>;
  /** Seconds until `key` expires; -1 without expiry, -2 when absent. */
  ttl(key: string): Promise<number>;
  /** True when the store answers (for /ready). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

interface MemoryEntry {
  value: string;
  expiresAt: number | null;
}

/** One process's store. Expired entries are dropped when read and by a periodic sweep. */
export function memoryStore(options: { maxEntries?: number } = {}): SharedStore {
  const entries = new Map<string, MemoryEntry>();
  const maxEntries = options.maxEntries ?? 10_000;
  const live = (key: string): MemoryEntry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt !== null && entry.expiresAt <= now) entries.delete(key);
  }, 30_000);
  sweep.unref();
  const put = (key: string, entry: MemoryEntry) => {
    // Bounded: the oldest entry goes first (Map keeps insertion order), so memory cannot grow without end.
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(key, entry);
  };
  return {
    kind: 'memory',
    async get(key) {
      return live(key)?.value;
    },
    async set(key, value, ttlSeconds) {
      put(key, { value, expiresAt: ttlSeconds ? Date.now() + ttlSeconds * 1000 : null });
    },
    async delete(key) {
      entries.delete(key);
    },
    async incrBy(key, by, ttlSeconds) {
      const entry = live(key);
      const value = Number(entry?.value ?? 0) + by;
      put(key, {
        value: String(value),
        expiresAt: entry ? entry.expiresAt : ttlSeconds ? Date.now() + ttlSeconds * 1000 : null,
      });
      return value;
    },
    async ttl(key) {
      const entry = live(key);
      if (!entry) return -2;
      return entry.expiresAt === null ? -1 : Math.ceil((entry.expiresAt - Date.now()) / 1000);
    },
    async ping() {
      return true;
    },
    async close() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}

/**
 * Redis, with every key under `prefix`. Commands fail fast while Redis is unreachable
 * (no offline queue), so callers can degrade instead of hanging; ioredis reconnects by itself.
 */
export async function redisStore(url: string, prefix: string): Promise<SharedStore & { client: Redis }> {
  const client = new Redis(url, {
    keyPrefix: prefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Errors while disconnected are reported by the commands that fail; without a listener
  // ioredis would print each reconnection attempt as an unhandled error.
  client.on('error', () => undefined);
  await client.connect();
  return {
    kind: 'redis',
    client,
    async get(key) {
      return (await client.get(key)) ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      if (ttlSeconds) await client.set(key, value, 'EX', ttlSeconds);
      else await client.set(key, value);
    },
    async delete(key) {
      await client.del(key);
    },
    async incrBy(key, by, ttlSeconds) {
      if (!ttlSeconds) return client.incrby(key, by);
      // EXPIRE NX sets the expiry only when the counter was just created (Redis 7).
      const results = await client.multi().incrby(key, by).expire(key, ttlSeconds, 'NX').exec();
      const [error, value] = results![0];
      if (error) throw error;
      return Number(value);
    },
    async ttl(key) {
      return client.ttl(key);
    },
    async ping() {
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      client.disconnect();
    },
  };
}

/** The store the configuration asks for. */
export async function openSharedStore(options: { redisUrl?: string; prefix: string }): Promise<SharedStore> {
  return options.redisUrl ? redisStore(options.redisUrl, options.prefix) : memoryStore();
}
