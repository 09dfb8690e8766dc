/**
 * A key-value cache in this process's memory, bounded by entry count and by bytes, least
 * recently used first out, with per-entry TTLs. Cached responses and persisted queries use it
 * when there is no Redis; they get one of their own rather than the shared memory store, so
 * they can never push out the data version or rate-limit counters.
 */
import type { SharedStore } from '../shared-store/shared-store';

/** What the response cache and persisted queries need of a store. */
export type KeyValueStore = Pick<SharedStore, 'get' | 'set' | 'delete'>;

interface Entry {
  value: string;
  bytes: number;
  expiresAt: number | null;
}

export interface MemoryKV extends KeyValueStore {
  readonly size: number;
  readonly bytes: number;
}

export function memoryKV(options: { maxEntries: number; maxBytes: number; now?: () => number }): MemoryKV {
  const entries = new Map<string, Entry>();
  const now = options.now ?? Date.now;
  let bytes = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= entry.bytes;
    entries.delete(key);
  };
  return {
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt !== null && entry.expiresAt <= now()) {
        remove(key);
        return undefined;
      }
      // Map order is the eviction order: a read makes the entry the most recent.
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      remove(key);
      // Strings are UTF-16 in memory: two bytes a character, plus the key.
      const size = 2 * (key.length + value.length);
      if (size > options.maxBytes) return;
      while (entries.size > 0 && (entries.size >= options.maxEntries || bytes + size > options.maxBytes)) {
        remove(entries.keys().next().value as string);
      }
      entries.set(key, { value, bytes: size, expiresAt: ttlSeconds ? now() + ttlSeconds * 1000 : null });
      bytes += size;
    },
    async delete(key) {
      remove(key);
    },
  };
}
